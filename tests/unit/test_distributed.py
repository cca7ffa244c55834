"""Ordered, bounded parallel analysis: the window logic, the local process pool and a real Dask cluster."""

from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from marsad.analyse.pipeline import Pipeline, available_pipeline, component
from marsad.distributed import analyse_batch, analyse_distributed, analyse_items, ordered_analyse
from marsad.ingest.readers import parse_jsonl_record
from marsad.model import Article, Entity, Rejection
from marsad.runner import analyse_paths, clean_item, iter_articles


def _art(i: int) -> Article:
    body = f"قال مصدر إن اشتباكات اندلعت في حلب وقتل {i + 2} أشخاص. الخبر رقم {i}."
    return Article(source_path=f"mem:{i}", raw=f"RAW {i}", body=body)


def test_ordered_window_keeps_order_bounds_in_flight_and_keeps_local_items() -> None:
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
        out = list(ordered_analyse(pairs, submit, batch_size=3, max_in_flight=2))

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
        raws = [a.raw for a in analyse_distributed([str(sample)], client, ["sentences"], batch_size=16)
                if isinstance(a, Article)]
    assert len(local) == 55
    assert got == local
    assert raws == [a.raw for a in iter_articles([str(sample)]) if isinstance(a, Article)]
