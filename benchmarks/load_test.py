"""Bounded load test on loopback: the real server (uvicorn) under concurrent mixed reads plus one writer.

    .venv/bin/python benchmarks/load_test.py [--records 2000] [--requests 2000] [--concurrency 50]

Builds a store from the seeds + corpus records (clean only, no analysis) + hand-built events, starts
``uvicorn`` on 127.0.0.1 (a free port), then ``concurrency`` clients send ``requests`` mixed reads
(events with filters, articles, entities, search, facets, graph) while one writer POSTs /api/ingest
with the token.  Prints errors (target 0), p50/p95 latency and throughput.  Loopback only; every loop is
bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TOKEN = "load-test-token"
HOST = "127.0.0.1"

SERVER = """
import sys, uvicorn
from marsad.analyse.pipeline import Pipeline, available_pipeline
import marsad.analyse.pipeline as pl
from marsad.model import Article
from marsad.serve.app import create_app
from marsad.store.db import Store
names = []  # the installed components that work (a model not trained yet is left out)
for n in available_pipeline():
    try:
        Pipeline([*names, n])(Article("probe", "x", body="قصفت القوات الروسية مدينة إدلب وقتل خمسة مدنيين."))
    except (FileNotFoundError, ImportError):
        continue
    names.append(n)
pl._DEFAULT = Pipeline(names)
uvicorn.run(create_app(Store(sys.argv[1]), token=sys.argv[2]), host="127.0.0.1", port=int(sys.argv[3]),
            log_level="warning", workers=1)
"""


def build_store(url: str, shared: Path, records: int) -> dict[str, int]:
    """Seeds + corpus records (cleaned, not analysed) + hand-built events with actors and places."""
    from marsad.model import ArgRef, Article, Entity, Event, Location, Span
    from marsad.runner import iter_articles
    from marsad.store.db import Store

    st = Store(url)
    tmp = Path(tempfile.mkdtemp(prefix="marsad-load-"))
    inputs: list[Path] = []
    seeds = shared / "seeds"
    if seeds.is_dir():
        inputs.append(seeds)
    corpus = shared / "data" / "corpus" / "ant_multisource_2018.jsonl"
    if corpus.exists() and records:
        part = tmp / "part.jsonl"
        with corpus.open("rb") as fi, part.open("wb") as fo:
            fo.writelines(islice(fi, records))
        inputs.append(part)
    batch: list[Article] = []
    for a in iter_articles(inputs):
        if isinstance(a, Article):
            batch.append(a)
        if len(batch) >= 200:
            st.save(batch, "load-test")
            batch.clear()
    actors = [("القوات الروسية", "grp:russian-forces"), ("هيئة تحرير الشام", "grp:hts"), ("داعش", "grp:isis")]
    places = [("إدلب", "Idlib", 35.93, 36.63), ("حلب", "Aleppo", 36.2, 37.16), ("دير الزور", "Deir ez-Zor", 35.33, 40.14)]
    for i in range(300):
        name, eid = actors[i % 3]
        pname, pen, lat, lon = places[i % 3]
        day = (date(2018, 1, 1) + timedelta(days=i)).isoformat()
        b = f"قصفت {name} مواقع في {pname} يوم {day} وقتل {i % 7 + 1} أشخاص في الهجوم رقم {i}."
        j, k = b.index(name), b.index(pname)
        ent = Entity(name, j, j + len(name), "ARMED_GROUP", eid, canonical_ar=name, source="kb")
        plc = Entity(pname, k, k + len(pname), "LOCATION", f"plc:{pen.lower().replace(' ', '-')}", source="kb",
                     lat=lat, lon=lon, country="SY")
        a = Article(f"ev{i}.txt", b, body=b, title=f"هجوم {i}", published=day)
        a.entities = [ent, plc]
        a.events = [Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", Span(0, 4, b[:4]),
                          Span(0, len(b), b), actor1=ArgRef.of(ent),
                          location=Location(pname, k, k + len(pname), pen, lat, lon, pen, "SY", 1),
                          date=day, time_precision=1, fatalities=i % 7 + 1)]
        batch.append(a)
    st.save(batch, "load-test")
    counts = st.counts()
    st.close()
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_") or k == "MARSAD_SHARED_DIR"}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.Popen([sys.executable, "-c", SERVER, url, TOKEN, str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 90 s")


READS: list[tuple[str, dict[str, Any]]] = [
    ("/api/events", {}), ("/api/events", {"type": "Explosions/Remote violence", "limit": 20}),
    ("/api/events", {"actor": "grp:russian-forces"}), ("/api/events", {"place": "Idlib", "sort": "date"}),
    ("/api/events", {"date_from": "2018-03-01", "date_to": "2018-06-30", "country": "SY"}),
    ("/api/events", {"bbox": "35,34,41,37", "min_sources": 1}), ("/api/events/facets", {}),
    ("/api/events/timeline", {"bucket": "month"}), ("/api/articles", {}), ("/api/articles", {"limit": 100, "offset": 200}),
    ("/api/articles", {"q": "القوات الروسية"}), ("/api/articles", {"entity": "grp:isis"}),
    ("/api/entities", {}), ("/api/entities", {"q": "داعش"}), ("/api/entities/grp:russian-forces", {}),
    ("/api/search", {"q": "قصف"}), ("/api/search", {"q": "الموصل"}), ("/api/search", {"q": "حلب"}),
    ("/api/graph", {}), ("/api/stats", {}),
]


async def _reader(client: Any, queue: asyncio.Queue, lat: list[float], errors: list[str], deadline: float,
                  per_path: dict[str, list[float]]) -> None:
    while time.monotonic() < deadline:
        try:
            path, params = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        t0 = time.perf_counter()
        try:
            r = await client.get(path, params=params)
            if r.status_code != 200:
                errors.append(f"{path} {params}: HTTP {r.status_code}")
            else:
                r.json()
        except Exception as exc:
            errors.append(f"{path} {params}: {type(exc).__name__}: {exc}")
        lat.append(time.perf_counter() - t0)
        per_path.setdefault(path, []).append(lat[-1])


async def _writer(client: Any, stop: asyncio.Event, posts: list[tuple[int, float]], deadline: float, max_posts: int) -> None:
    i = 0
    while not stop.is_set() and time.monotonic() < deadline and i < max_posts:
        i += 1
        body = {"articles": [{"text": f"قصفت القوات الروسية بلدة رقم {i}-{k} في ريف إدلب.\nوقال المرصد إن {k + 2} "
                                      f"مدنيين قتلوا في الغارة الجوية على البلدة رقم {i}.", "published": "2018-05-01"}
                             for k in range(3)]}
        t0 = time.perf_counter()
        try:
            r = await client.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            posts.append((r.status_code, time.perf_counter() - t0))
        except Exception:
            posts.append((-1, time.perf_counter() - t0))
        await asyncio.sleep(0.2)


async def _drive(port: int, requests: int, concurrency: int, time_limit: float, max_posts: int) -> dict[str, Any]:
    import httpx

    rng = random.Random(8)
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(requests):
        queue.put_nowait(rng.choice(READS))
    lat: list[float] = []
    errors: list[str] = []
    posts: list[tuple[int, float]] = []
    per_path: dict[str, list[float]] = {}
    deadline = time.monotonic() + time_limit
    limits = httpx.Limits(max_connections=concurrency + 2, max_keepalive_connections=concurrency + 2)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", timeout=60, limits=limits) as client:
        stop = asyncio.Event()
        writer = asyncio.create_task(_writer(client, stop, posts, deadline, max_posts))
        t0 = time.perf_counter()
        await asyncio.gather(*[_reader(client, queue, lat, errors, deadline, per_path) for _ in range(concurrency)])
        wall = time.perf_counter() - t0
        stop.set()
        await writer
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [0.0] * 99
    return {"requests": len(lat), "not_sent": queue.qsize(), "errors": len(errors), "error_samples": errors[:5],
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "max_ms": round(max(lat or [0]) * 1000, 1),
            "rps": round(len(lat) / wall, 1), "seconds": round(wall, 1), "concurrency": concurrency,
            "writer_posts": len(posts), "writer_errors": sum(1 for s, _ in posts if s != 200),
            "writer_statuses": sorted({s for s, _ in posts}),
            "slowest_paths_median_ms": dict(sorted(((k, round(statistics.median(v) * 1000, 1))
                                                    for k, v in per_path.items()), key=lambda kv: -kv[1])[:4]),
            "writer_p50_ms": round(statistics.median([t for _, t in posts]) * 1000, 1) if posts else None}


def run_load(records: int = 2000, requests: int = 2000, concurrency: int = 50, time_limit: float = 300,
             max_posts: int = 200, shared: Path | None = None) -> dict[str, Any]:
    """Build the store, start the server, drive the load; returns the figures."""
    from marsad.config import get_settings

    shared = shared or get_settings().shared_dir
    with tempfile.TemporaryDirectory(prefix="marsad-load-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'load.sqlite'}"
        t0 = time.perf_counter()
        counts = build_store(url, shared, records)
        built = time.perf_counter() - t0
        port = free_port()
        server = start_server(url, port)
        try:
            res = _run_in_own_loop(_drive(port, requests, concurrency, time_limit, max_posts))
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        res.update(store=counts, build_seconds=round(built, 1))
        return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--time-limit", type=float, default=300)
    args = ap.parse_args()
    print(json.dumps(run_load(args.records, args.requests, args.concurrency, args.time_limit), ensure_ascii=False, indent=1))




def _run_in_own_loop(coro: Any) -> Any:
    """asyncio.run in a fresh thread, so it works even when the caller already runs an event loop
    (e.g. after Playwright's sync API in the same test process)."""
    import threading

    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc

    t = threading.Thread(target=target, name="load-test-loop")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


if __name__ == "__main__":
    main()
