"""The command line end to end on the bundled seed articles (real subprocesses, real database)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.config import EXAMPLES_DIR

SEEDS = sorted(EXAMPLES_DIR.glob("*.txt"))


def run(args: list[str], env: dict[str, str], stdin: bytes | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad", *args], env=env, input=stdin, capture_output=True,
                          timeout=timeout)


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["MARSAD_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MARSAD_DATABASE_URL", None)
    e["PYTHONIOENCODING"] = "utf-8"
    return e


@pytest.fixture(scope="module")
def extracted() -> list[dict]:
    e = dict(os.environ)
    p = run(["extract", str(EXAMPLES_DIR), "--format", "jsonl"], e)
    assert p.returncode == 0, p.stderr.decode()
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]


def test_extract_writes_the_contract(extracted: list[dict]) -> None:
    assert len(extracted) == len(SEEDS) == 5
    for d in extracted:
        assert set(d) >= {"id", "source_path", "title", "outlet", "byline", "dateline", "published", "body",
                          "entities", "relations", "events"}
        body = d["body"]
        assert d["id"] == hashlib.sha256(body.encode("utf-8")).hexdigest()
        for e in d["entities"]:
            assert body[e["start"]:e["end"]] == e["text"], e
            assert e["type"] in ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY", "DATE", "QUANTITY")
        for r in d["relations"]:
            assert 0 <= r["evidence"]["start"] < r["evidence"]["end"] <= len(body)
        for ev in d["events"]:
            t = ev["trigger"]
            assert body[t["start"]:t["end"]] == t["text"]
            assert 0 <= ev["evidence"]["start"] <= t["start"] < t["end"] <= ev["evidence"]["end"] <= len(body)
            if ev["location"]:
                loc = ev["location"]
                assert body[loc["start"]:loc["end"]] == loc["text"]
            assert ev["modality"] in ("asserted", "claimed", "denied", "planned", "hypothetical")


def test_extract_is_deterministic(extracted: list[dict]) -> None:
    p = run(["extract", str(SEEDS[0]), "--format", "jsonl"], dict(os.environ))
    again = json.loads(p.stdout.decode("utf-8"))
    first = next(d for d in extracted if d["source_path"].endswith(SEEDS[0].name))
    assert {k: v for k, v in again.items() if k != "source_path"} == {k: v for k, v in first.items() if k != "source_path"}


def test_ingest_is_idempotent_and_stats(env: dict[str, str]) -> None:
    p1 = run(["ingest", str(EXAMPLES_DIR), "--workers", "1"], env)
    assert p1.returncode == 0, p1.stderr.decode()
    assert "5 new" in p1.stderr.decode()
    s1 = run(["stats"], env).stdout.decode().splitlines()
    first = s1[0]
    n_art, n_ev, n_ent = (int(x.split()[0]) for x in first.split(", "))
    assert first == f"{n_art} articles, {n_ev} events, {n_ent} entities" and n_art == 5
    p2 = run(["ingest", str(EXAMPLES_DIR), "--workers", "2"], env)
    assert p2.returncode == 0 and "0 new, 0 re-analysed, 5 unchanged" in p2.stderr.decode()
    assert run(["stats"], env).stdout.decode().splitlines()[0] == first


def test_bad_inputs_are_named_one_line_each_and_nothing_is_lost(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["ingest", str(SEEDS[0])], env).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "broken.jsonl").write_text('{"id": "1", "text": "نص عربي قصير عن الغارات في إدلب وريفها"}\nnot json\n{"id": 3}\n',
                                      encoding="utf-8")
    (bad / "truncated.html").write_text("<html><head><title>x</title></head><body><div", encoding="utf-8")
    (bad / "notes.pdf").write_bytes(b"%PDF-1.4")
    p = run(["ingest", str(bad), str(tmp_path / "missing.txt"), str(SEEDS[1])], env)
    assert p.returncode == 1
    lines = p.stderr.decode("utf-8").strip().splitlines()
    errors = [ln for ln in lines if ": " in ln and ("bad" in ln or "missing" in ln)]
    assert "Traceback" not in p.stderr.decode()
    named = {Path(ln.split(": ")[0].split(":")[0]).name for ln in errors}
    assert named == {"empty.txt", "binary.txt", "broken.jsonl", "notes.pdf", "missing.txt", "truncated.html"}
    assert sum("broken.jsonl:2" in ln for ln in lines) == 1 and sum("broken.jsonl:3" in ln for ln in lines) == 1
    first = run(["stats"], env).stdout.decode().splitlines()[0]
    assert first.startswith("3 articles, ")  # seed 0 (kept from before), seed 1 and the good jsonl line


def test_stdin(env: dict[str, str]) -> None:
    text = SEEDS[4].read_bytes()
    p = run(["extract", "-", "--format", "jsonl"], env, stdin=text)
    assert p.returncode == 0, p.stderr.decode()
    d = json.loads(p.stdout.decode("utf-8"))
    assert d["outlet"]["name_en"] == "SY24" and d["source_path"] in ("-", "<stdin>")


def test_usage_error_exit_2(env: dict[str, str]) -> None:
    assert run(["extract", str(SEEDS[0]), "--format", "xml"], env).returncode == 2
    assert run(["frobnicate"], env).returncode == 2


def test_demo_the_readme_command(env: dict[str, str]) -> None:
    """``make demo`` runs ``marsad demo``: the bundled examples go into the store, a summary is printed
    (idempotent on a re-run), and the workbench answers on the port it names."""
    import socket
    import time
    import urllib.request

    p1 = run(["demo", "--no-serve"], env)
    assert p1.returncode == 0, p1.stderr.decode()
    assert "5 new" in p1.stderr.decode()
    first, second = p1.stdout.decode().splitlines()[:2]
    n_art, n_ev, n_ent = (int(x.split()[0]) for x in first.split(", "))
    assert (n_art, n_ev > 0, n_ent > 0) == (5, True, True), first
    fused = int(second.split(", ")[-1].split()[0])  # "… N real-world events after cross-source fusion"
    p2 = run(["demo", "--no-serve"], env)
    assert p2.returncode == 0 and "0 new, 0 re-analysed, 5 unchanged" in p2.stderr.decode()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "demo", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, page = time.time() + 120, ""
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    page = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert "Marsad" in page, proc.stderr.read().decode() if proc.poll() is not None and proc.stderr else page[:200]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=5", timeout=10) as r:
            body = json.loads(r.read().decode("utf-8"))
        assert body["total"] == fused and body["items"]  # the API lists fused (real-world) events
    finally:
        proc.terminate()
        proc.wait(timeout=30)
