"""The cue matcher's per-table index cache (``marsad.analyse.cues``) and the token view's clauses."""

from __future__ import annotations

from marsad.analyse import cues
from marsad.analyse.cues import TokenView, compile_list, find_cues
from marsad.text.tokens import tokenize


def test_a_table_first_used_after_many_throwaway_lists_is_still_indexed_once() -> None:
    text = "شنت الطائرات غارة على القرية"
    view = TokenView.of(tokenize(text), text)
    for _ in range(cues.INDEXES_MAX + 300):  # callers that build a list per call
        find_cues(view, compile_list(["غارة"]))
    table = compile_list(["غارة", "قصف"])
    first = cues._index(table)
    assert cues._index(table) is first
    assert [m.i for m in find_cues(view, table)] == [2]


def test_tuples_are_indexed_once_too() -> None:
    table = tuple(compile_list(["اشتباكات"]))
    assert cues._index(table) is cues._index(table)


def test_a_line_break_or_clause_punctuation_starts_a_new_clause_other_punctuation_does_not() -> None:
    text = "قصفت القوات «البلدة»\nثم انسحبت، وعادت (أمس)"
    view = TokenView.of(tokenize(text), text)
    words = [t.text for t in view.tokens]
    assert words == ["قصفت", "القوات", "البلدة", "ثم", "انسحبت", "وعادت", "أمس"]
    assert view.clause == [0, 0, 0, 1, 1, 2, 2]
