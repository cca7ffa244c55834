"""Ordered, bounded parallel analysis: the window logic, the local process pool and a real Dask cluster."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.analyse.pipeline import Pipeline, available_pipeline, component
from marsad.distributed import (
    GC_THRESHOLDS,
    LOCAL_CLUSTER_CONFIG,
    analyse_batch,
    analyse_distributed,
    analyse_items,
    dask_client,
    dask_window,
    ordered_analyse,
    taper_sizes,
)
from marsad.ingest.readers import parse_jsonl_record
from marsad.model import Article, Entity, Rejection
from marsad.runner import analyse_paths, clean_item, iter_articles


def _art(i: int) -> Article:
    body = f"قال مصدر إن اشتباكات اندلعت في حلب وقتل {i + 2} أشخاص. الخبر رقم {i}."
    return Article(source_path=f"mem:{i}", raw=f"RAW {i}", body=body)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_ordered_window_keeps_order_bounds_in_flight_and_keeps_local_items(workers: int) -> None:
    rng = random.Random(7)
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def work(arts: list[Article]) -> list[Article | Rejection]:
        time.sleep(rng.random() * 0.01)
        out: list[Article | Rejection] = []
        for a in arts:
            assert a.raw == ""  # raw stays on the client
            if a.source_path.endswith(":13"):
                out.append(Rejection(a.source_path, "analysis failed: boom"))
                continue
            a.entities.append(Entity(a.body[:3], 0, 3, "LOCATION", None, source="test"))
            out.append(a)
        with lock:
            state["now"] -= 1
        return out

    with ThreadPoolExecutor(4) as pool:
        def submit(arts: list[Article]) -> Future:
            with lock:
                state["now"] += 1
                state["max"] = max(state["max"], state["now"])
            return pool.submit(work, arts)

        items: list = []
        for i in range(40):
            items.append(_art(i))
            if i % 7 == 0:
                items.append(Rejection(f"read:{i}", "unreadable"))
        pairs = [(it, n) for n, it in enumerate(items)]
        out = list(ordered_analyse(pairs, submit, batch_size=3, max_in_flight=2, workers=workers))

    assert [tag for _, tag in out] == list(range(len(items)))  # exact input order
    assert state["max"] <= 2
    for (res, tag) in out:
        orig = items[tag]
        if isinstance(orig, Rejection):
            assert res is orig
        elif orig.source_path.endswith(":13"):
            assert isinstance(res, Rejection) and "boom" in res.reason
        else:
            assert res is orig and res.raw.startswith("RAW") and len(res.entities) == 1


def _submitted_sizes(n: int, batch_size: int, workers: int, rejections: int = 0) -> tuple[list[int], list]:
    sizes: list[int] = []

    def submit(arts: list[Article]) -> Future:
        sizes.append(len(arts))
        f: Future = Future()
        f.set_result(arts)
        return f

    items: list = [_art(i) for i in range(n)] + [Rejection(f"read:{i}", "unreadable") for i in range(rejections)]
    random.Random(n).shuffle(items)
    out = [r for r, _ in ordered_analyse(((it, None) for it in items), submit, batch_size, 4, workers=workers)]
    assert out == items
    return sizes, items


def test_last_articles_go_out_in_shrinking_batches() -> None:
    # 300 articles, batches of 64, 2 workers: the input is read two batches ahead, so when it ends
    # the last 172 articles are still here and go out in guided sizes (a quarter of what is left)
    sizes, _ = _submitted_sizes(300, 64, 2)
    assert sizes == [64, 64, 43, 33, 24, 18, 14, 10, 8, 6, 4, 4, 4, 4]
    assert sum(sizes) == 300
    # a run smaller than one batch is spread over the workers too (it used to be one batch on one worker)
    assert _submitted_sizes(40, 64, 2)[0] == [10, 8, 6, 4, 4, 4, 4]
    # one worker: plain batches, nothing read ahead
    assert _submitted_sizes(300, 64, 1)[0] == [64, 64, 64, 64, 44]
    # rejections interleaved never leave this process and keep their place
    sizes, items = _submitted_sizes(130, 16, 3, rejections=25)
    assert sum(sizes) == 130 and max(sizes) <= 16


def test_read_ahead_does_not_hold_back_rejections() -> None:
    # a long run of unreadable records is passed on as it is read, not buffered until the end
    read = {"n": 0}

    def items():
        for i in range(5000):
            read["n"] += 1
            yield Rejection(f"read:{i}", "unreadable"), i
        for i in range(3):
            read["n"] += 1
            yield _art(i), 5000 + i

    def submit(arts: list[Article]) -> Future:
        f: Future = Future()
        f.set_result(arts)
        return f

    out = ordered_analyse(items(), submit, batch_size=4, max_in_flight=2, workers=2)
    first = next(out)
    assert first[1] == 0 and read["n"] <= 8 * 4 + 1
    assert [tag for _, tag in [first, *out]] == list(range(5003))


@given(st.integers(0, 5000), st.integers(1, 256), st.integers(1, 64))
def test_taper_sizes_cover_the_rest_within_bounds(n: int, batch_size: int, workers: int) -> None:
    sizes = taper_sizes(n, batch_size, workers)
    assert sum(sizes) == n
    assert all(0 < s <= batch_size for s in sizes)
    assert all(s >= max(1, batch_size // 16) for s in sizes[:-1])
    assert sizes == sorted(sizes, reverse=True)


def test_lost_batch_becomes_rejections() -> None:
    def submit(arts: list[Article]) -> Future:
        f: Future = Future()
        f.set_exception(RuntimeError("worker died"))
        return f

    out = [r for r, _ in ordered_analyse(((_art(i), None) for i in range(5)), submit, batch_size=2)]
    assert all(isinstance(r, Rejection) and "worker died" in r.reason for r in out) and len(out) == 5


def test_raw_goes_to_cleaning_workers_only_when_the_cleaner_reads_it() -> None:
    """A ``.txt`` page is cleaned from ``raw``; a JSONL record from the text in ``meta``, so its raw
    line (about the same size again) stays on the client, and every article comes back with its raw."""
    line = json.dumps({"id": "x1", "source": "test", "date": "2018-02-25",
                       "text": "اشتباكات عنيفة في حلب بين فصائل المعارضة وقوات النظام."}, ensure_ascii=False)
    txt = Article(source_path="a.txt", raw="العنوان\nقصف مدفعي على بلدة في ريف إدلب الجنوبي.", raw_format="txt")
    rec = parse_jsonl_record(line, "b.jsonl:1")
    assert isinstance(rec, Article)
    seen: dict[str, str] = {}

    def work(arts: list[Article]) -> list[Article | Rejection]:
        out: list[Article | Rejection] = []
        for a in arts:
            seen[a.source_path] = a.raw
            out.append(analyse_batch([a], (), clean=True, prepare_store=False)[0])
        return out

    with ThreadPoolExecutor(1) as pool:
        got = [r for r, _ in ordered_analyse([(txt, 0), (rec, 1)], lambda arts: pool.submit(work, arts),
                                             batch_size=2, keep_raw=True)]
    assert seen == {"a.txt": txt.raw, "b.jsonl:1": ""}
    ref = [clean_item(Article(source_path="a.txt", raw=txt.raw, raw_format="txt")),
           clean_item(parse_jsonl_record(line, "b.jsonl:1"))]
    assert [a.raw for a in got] == [txt.raw, line]
    assert [a.body for a in got] == [a.body for a in ref] and all(a.body for a in got)


def test_local_process_pool_equals_in_process() -> None:
    names = ["sentences", "tokens", "dates"]
    ref = [a.to_contract() for a in analyse_items([_art(i) for i in range(12)], names=names)]
    got = [a.to_contract() for a in analyse_items([_art(i) for i in range(12)], names=names, workers=2,
                                                  batch_size=5)]
    assert got == ref and len(ref) == 12


@component("test_stall")
def _stall(article: Article, resources: object) -> None:
    """A component that hangs on one article (registered before the pool forks, so workers have it)."""
    if "رقم 3." in article.body:
        time.sleep(30)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stalled_article_is_rejected_after_the_time_limit(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """The in-process and local-pool paths analyse through
    ``runner.process_article``: a hanging article becomes a one-line rejection, the rest go on (on Dask
    workers tasks run in threads, where SIGALRM cannot interrupt them)."""
    monkeypatch.setenv("MARSAD_ANALYSIS_TIMEOUT_S", "0.5")
    out = list(analyse_items([_art(i) for i in range(6)], names=["sentences", "test_stall"], workers=workers,
                             batch_size=2))
    rejected = [r for r in out if isinstance(r, Rejection)]
    assert [r.source_path for r in rejected] == ["mem:3"] and "MARSAD_ANALYSIS_TIMEOUT_S" in rejected[0].reason
    assert [a.source_path for a in out if isinstance(a, Article)] == ["mem:0", "mem:1", "mem:2", "mem:4", "mem:5"]


# ------------------------------------------------------------------------------------------------
# a real Dask cluster on loopback
# ------------------------------------------------------------------------------------------------
def _pipeline_names() -> list[str]:
    from marsad.config import MODELS_DIR

    names = available_pipeline()
    if not (MODELS_DIR / "ner_crf.npz").exists():  # the NER model is trained separately
        names = [n for n in names if n != "ner"]
    return names


def _corpus_sample(tmp: Path, n: int = 50) -> Path:
    from marsad.config import get_settings

    corpus = get_settings().shared_dir / "data" / "corpus" / "ant_multisource_2018.jsonl"
    seeds = get_settings().shared_dir / "seeds"
    if not corpus.exists() or not seeds.is_dir():
        pytest.skip("../shared (seeds, corpus) not available")
    out = tmp / "sample.jsonl"
    with corpus.open(encoding="utf-8", newline="\n") as src, out.open("w", encoding="utf-8", newline="\n") as dst:
        kept = 0
        for i, line in enumerate(src):  # every 7th record of moderate length: varied, bounded test time
            if i % 7 == 0 and len(line) < 2500:
                dst.write(line)
                kept += 1
                if kept >= n:
                    break
    return out


def _worker_state(names: tuple[str, ...]) -> tuple[bool, tuple[int, ...]]:
    import gc

    from marsad import distributed as d

    return names in d._WARM, gc.get_threshold()


_FAULTS = """
import resource, sys
import numpy as np
from marsad.distributed import tune_malloc
if sys.argv[1] == "tune":
    assert tune_malloc()
def faults():
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(200):
        a = np.ones(1 << 18, dtype=np.float32)  # 1 MiB, like a batch's NER arrays
        del a
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
faults()
print(faults())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_tune_malloc_undoes_dasks_trim_threshold() -> None:
    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536: every freed 1 MiB array went
    # back to the kernel and the next one faulted its 256 pages in again
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2] / "src"), env.get("PYTHONPATH", "")])

    def faults(mode: str) -> int:
        run = subprocess.run([sys.executable, "-c", _FAULTS, mode], env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        return int(run.stdout.split()[-1])

    assert faults("plain") > 20_000
    assert faults("tune") < 2_000


def _dump(items) -> list[str]:
    return [json.dumps(a.to_contract(), ensure_ascii=False, sort_keys=True) if isinstance(a, Article) else str(a)
            for a in items]


@pytest.mark.timeout(120)
def test_dask_local_cluster_matches_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from marsad.config import get_settings

    sample = _corpus_sample(tmp_path)
    paths = [str(get_settings().shared_dir / "seeds"), str(sample)]
    names = _pipeline_names()
    local = _dump(analyse_paths(paths, Pipeline(names)))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        got = _dump(analyse_distributed(paths, client, names, batch_size=8, max_in_flight=3))
        assert dask_window(client) == 8  # four batches per worker thread
        # without warm_up the first batch on each worker made it a tuned analysis worker
        tuned = client.run(_worker_state, tuple(names))
        raws = [a.raw for a in analyse_distributed([str(sample)], client, ["sentences"], batch_size=16)
                if isinstance(a, Article)]
    assert len(local) == 55
    assert got == local
    assert tuned and all(state == (True, GC_THRESHOLDS) for state in tuned.values())
    assert raws == [a.raw for a in iter_articles([str(sample)]) if isinstance(a, Article)]


def _dask_settings() -> dict[str, object]:
    import dask

    return {k: dask.config.get(k) for k in LOCAL_CLUSTER_CONFIG}


@pytest.mark.timeout(120)
def test_marsads_local_cluster_runs_with_its_batch_job_settings(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    stock = _dask_settings()
    assert stock != LOCAL_CLUSTER_CONFIG  # Dask's own defaults differ (20 ms ticks, profiler on)
    sample = _corpus_sample(tmp_path)
    with dask_client("local:2") as client:
        workers = client.run(_dask_settings)
        here = _dask_settings()  # the client's process hosts the scheduler and the nannies
        got = [a for a in analyse_distributed([str(sample)], client, ["sentences"], batch_size=16)
               if isinstance(a, Article)]
    assert len(workers) == 2 and all(w == LOCAL_CLUSTER_CONFIG for w in workers.values())
    assert here == LOCAL_CLUSTER_CONFIG
    assert _dask_settings() == stock  # set for the cluster's lifetime only
    assert [a.body for a in got] == [a.body for a in iter_articles([str(sample)]) if isinstance(a, Article)]
