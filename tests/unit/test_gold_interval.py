"""The bootstrap interval of a gold report's F1 (documents resampled with replacement)."""

from __future__ import annotations

from marsad.evaluate.gold import Report, Scores, format_report


def _report(docs: list[tuple[int, int, int]]) -> Report:
    rep = Report("events")
    for n, (tp, fp, fn) in enumerate(docs):
        s = Scores(tp=tp, fp=fp, fn=fn)
        rep.per_doc[f"d{n}"] = s
        rep.overall.add(s)
        rep.n_docs += 1
    return rep


def test_the_interval_holds_the_figure_and_is_repeatable() -> None:
    rep = _report([(5, 1, 2), (0, 3, 4), (7, 0, 1), (2, 2, 2), (3, 1, 0), (1, 4, 6)] * 4)
    lo, hi = rep.f1_interval()
    assert 0.0 <= lo < rep.overall.f1 < hi <= 1.0
    assert rep.f1_interval() == (lo, hi)
    assert rep.f1_interval(seed=1) != (lo, hi)
    assert rep.to_dict()["f1_interval_95"] == [round(lo, 4), round(hi, 4)]


def test_more_documents_narrow_it() -> None:
    few = _report([(5, 1, 2), (0, 3, 4), (7, 0, 1), (2, 2, 2)])
    many = _report([(5, 1, 2), (0, 3, 4), (7, 0, 1), (2, 2, 2)] * 25)
    (a, b), (c, d) = few.f1_interval(), many.f1_interval()
    assert d - c < b - a


def test_one_document_or_none() -> None:
    one = _report([(3, 1, 1)])
    lo, hi = one.f1_interval()
    assert lo == hi == one.overall.f1
    assert Report("events").f1_interval() is None and Report("events").to_dict()["f1_interval_95"] is None


def test_the_report_prints_it_before_the_last_line() -> None:
    lines = format_report(_report([(5, 1, 2), (0, 3, 4)])).splitlines()
    assert lines[-1].startswith("overall ") and lines[-2].startswith("F1 95% interval (1,000 resamples of the 2 documents): ")
