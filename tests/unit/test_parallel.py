"""analyse_parallel: same output as the sequential path, in input order, with bounded windows."""

from __future__ import annotations

from pathlib import Path

from marsad.config import EXAMPLES_DIR
from marsad.model import Article, Rejection
from marsad.runner import analyse_parallel, analyse_paths


def _inputs(tmp_path: Path) -> list[str]:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    return [str(EXAMPLES_DIR), str(empty), str(tmp_path / "missing.txt")]


def _view(items: list[Article | Rejection]) -> list[object]:
    return [(i.source_path, i.reason) if isinstance(i, Rejection) else i.to_contract() for i in items]


def test_parallel_equals_sequential_in_order(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    seq = list(analyse_paths(paths))
    par = list(analyse_parallel(paths, 2, chunksize=2, max_in_flight=2))
    assert _view(par) == _view(seq)
    arts = [a for a in par if isinstance(a, Article)]
    assert len(arts) == 5 and sum(isinstance(i, Rejection) for i in par) == 2
    for a in arts:
        assert a.raw and a.prep is not None and a.prep.body_id == a.id  # raw restored, store data ready
        assert a.entities and a.events is not None


def test_store_only_pipeline_in_parallel(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    par = [a for a in analyse_parallel(paths, 2, [], chunksize=1) if isinstance(a, Article)]
    seq = [a for a in analyse_paths(paths, None) if isinstance(a, Article)]
    assert [a.id for a in par] == [a.id for a in seq]
    assert all(not a.entities and a.prep is not None for a in par)


def _worker_gc_state(_: int) -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_workers_freeze_their_loaded_resources_and_the_caller_gets_its_thresholds_back(tmp_path: Path) -> None:
    import gc
    from concurrent.futures import ProcessPoolExecutor

    from marsad import distributed

    before = gc.get_threshold()
    list(analyse_parallel(_inputs(tmp_path), 2, chunksize=2))
    assert gc.get_threshold() == before  # the client's collector is tuned only while its pool runs
    # a worker as the pool starts it: the pipeline loaded, then frozen out of the collector
    with ProcessPoolExecutor(1, initializer=distributed._init_process, initargs=(("sentences", "tokens"),)) as pool:
        thresholds, frozen = pool.submit(_worker_gc_state, 0).result()
    assert thresholds == distributed.GC_THRESHOLDS and frozen > 0
