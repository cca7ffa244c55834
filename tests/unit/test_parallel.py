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
