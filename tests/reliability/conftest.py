"""Helpers for the reliability suite: time bounds, the input → outcome contract, the hostile corpus."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.config import get_settings
from marsad.model import Article, Rejection

HOSTILE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"


class Overrun(Exception):
    """An input took longer than its time bound (a hang or catastrophic backtracking)."""


@contextlib.contextmanager
def time_bound(seconds: float, what: str = "input") -> Iterator[None]:
    """Raise :class:`Overrun` if the block runs longer than ``seconds`` (the runner's own per-article
    time limit: main thread, POSIX only)."""
    from marsad.runner import AnalysisTimeout, time_limit

    try:
        with time_limit(seconds):
            yield
    except AnalysisTimeout as exc:
        raise Overrun(f"{what} took more than {seconds:g}s") from exc


def outcomes(paths: list[str | Path]) -> list[Article | Rejection]:
    """Read and clean ``paths`` exactly as ``marsad ingest --pipeline none`` does."""
    from marsad.runner import iter_articles

    return list(iter_articles(paths))


def check_outcomes(items: list[Article | Rejection], name: str) -> None:
    """The contract: each input ends as a storable article or a one-line rejection naming its file."""
    assert items, f"{name}: no article and no rejection"
    for it in items:
        if isinstance(it, Rejection):
            assert it.reason and it.reason.strip(), f"{name}: empty rejection reason"
            assert "\n" not in it.reason and "\r" not in it.reason, f"{name}: multi-line reason {it.reason!r}"
            assert name in it.source_path, f"{name}: rejection does not name the file ({it.source_path})"
            assert "\n" not in str(it)
        else:
            assert isinstance(it, Article)
            assert it.body.strip(), f"{name}: article with empty body"
            assert name in it.source_path


def shared_dir() -> Path:
    d = get_settings().shared_dir
    if not (d / "data" / "corpus").is_dir():
        pytest.skip(f"shared data not found at {d} (needed for corpus-based reliability tests)")
    return d


def corpus_path() -> Path:
    p = shared_dir() / "data" / "corpus" / "ant_multisource_2018.jsonl"
    if not p.exists():
        pytest.skip(f"{p} missing")
    return p
