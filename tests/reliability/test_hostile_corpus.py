"""Replay the hostile-input corpus (tests/fixtures/hostile/ + big generated cases) through ingest+clean."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from marsad.model import Article, Rejection
from tests.reliability.conftest import HOSTILE_DIR, check_outcomes, outcomes, time_bound
from tests.reliability.hostile_cases import BY_NAME, CASES, read_expected

SMALL = sorted(read_expected())
BIG = [c.name for c in CASES if not c.small]


def _run(path: Path, seconds: float) -> list[Article | Rejection]:
    with time_bound(seconds, path.name):
        items = outcomes([path])
    check_outcomes(items, path.name)
    return items


def _counts(items: list[Article | Rejection]) -> tuple[int, int]:
    return sum(isinstance(i, Article) for i in items), sum(isinstance(i, Rejection) for i in items)


def test_corpus_files_match_generator() -> None:
    """The saved files are exactly what the generator makes (nobody edited one by hand)."""
    for name in SMALL:
        assert (HOSTILE_DIR / name).read_bytes() == BY_NAME[name].make(), name


@pytest.mark.parametrize("name", SMALL)
def test_small_hostile_input(name: str) -> None:
    arts, rejs, same = read_expected()[name]
    items = _run(HOSTILE_DIR / name, 10)
    assert _counts(items) == (arts, rejs), [str(i) if isinstance(i, Rejection) else i.body[:60] for i in items]
    if same:
        other = [i for i in _run(HOSTILE_DIR / same, 10) if isinstance(i, Article)]
        mine = [i for i in items if isinstance(i, Article)]
        assert [a.body for a in mine] == [a.body for a in other], f"{name} decodes differently from {same}"


@pytest.mark.parametrize("name", BIG)
def test_big_hostile_input(name: str, tmp_path: Path) -> None:
    case = BY_NAME[name]
    path = tmp_path / name
    path.write_bytes(case.make())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = _run(path, 30)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 40 * max(1, path.stat().st_size / 1e6) + 200, f"{name}: peak memory grew {grown_mb:.0f} MB"
    assert _counts(items) == (case.articles, case.rejections), [str(i)[:200] for i in items]


def test_bidi_and_diacritics_keep_the_original_text() -> None:
    """Arabic is shown as written: the body keeps diacritics; bidi controls never reach names unnormalised."""
    from marsad.text.normalize import normalize, normalize_key

    (art,) = outcomes([HOSTILE_DIR / "diacritics.txt"])
    assert isinstance(art, Article) and "\u064e" in art.raw
    assert normalize(art.body).text.count("\u064e") == 0
    assert normalize_key("كتائب\u200c حزب\u200d الله") == normalize_key("كتائب حزب الله")
    assert normalize_key("\u2067كتائب حزب الله\u2069") == normalize_key("كتائب حزب الله")
    assert normalize_key("\u202eكتائب حزب الله\u202c") == normalize_key("كتائب حزب الله")
