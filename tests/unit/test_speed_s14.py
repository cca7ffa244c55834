"""Session 14's speed changes: the analysis makes no cyclic garbage (so the workers' collector can run
rarely), and the NER lexicon's phrase lookup by (first word, second word) finds what the scan over
every phrase of the first word found."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.analyse.ner import DYN, Lexicon
from marsad.analyse.pipeline import default_pipeline
from marsad.config import EXAMPLES_DIR
from marsad.ingest.readers import read_paths
from marsad.model import Article
from marsad.runner import analyse_many, clean_item


def test_analysis_leaves_no_reference_cycles() -> None:
    """Everything an article's analysis creates is freed by reference counting alone: a cycle (the cue
    matcher's recursive closure was one) keeps the article's tokens alive until a collection."""
    nlp = default_pipeline()
    arts = [clean_item(a) for a in read_paths([EXAMPLES_DIR])]
    assert len(arts) == 5 and all(isinstance(a, Article) for a in arts)
    analyse_many(nlp, [clean_item(a) for a in read_paths([EXAMPLES_DIR])])  # resources and caches loaded
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        done = analyse_many(nlp, arts)  # type: ignore[arg-type]
        assert all(isinstance(a, Article) and a.events for a in done)
        del done, arts
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def _reference(lex: Lexicon, norms: list[str]) -> list[list[str]] | None:
    """The documented semantics, read plainly: left to right, the longest name starting at a word."""
    n, out, i = len(norms), None, 0
    while i < n - 1:
        for rest, typ in lex.candidates(norms[i]):
            k = len(rest)
            if i + k < n and tuple(norms[i + 1:i + 1 + k]) == rest:
                out = out or [[] for _ in range(n)]
                out[i].append(DYN + "B-" + typ)
                for j in range(i + 1, i + 1 + k):
                    out[j].append(DYN + "I-" + typ)
                i += k
                break
        i += 1
    return out


_ENTRIES = [("LOC", "دير الزور"), ("LOC", "دير حافر"), ("LOC", "دير الزور الجديدة"), ("ORG", "جيش الاسلام"),
            ("ORG", "جيش الفتح"), ("PERS", "ابو محمد الجولاني"), ("PERS", "ابو محمد"), ("LOC", "الزور الجديدة"),
            ("ORG", "هيئة تحرير الشام"), ("LOC", "ريف دير الزور")]
_WORDS = ["دير", "ودير", "بدير", "الزور", "الجديدة", "حافر", "جيش", "وجيش", "الاسلام", "الفتح", "ابو", "محمد",
          "الجولاني", "هيئة", "تحرير", "الشام", "ريف", "في", "قصف"]


def test_lexicon_matches_longest_first_without_overlap() -> None:
    lex = Lexicon(_ENTRIES)
    got = lex.matches(["قصف", "ودير", "الزور", "الجديدة", "جيش", "الفتح", "في", "دير", "حافر"])
    assert got == [[], ["~B-LOC"], ["~I-LOC"], ["~I-LOC"], ["~B-ORG"], ["~I-ORG"], [], ["~B-LOC"], ["~I-LOC"]]
    assert lex.matches(["في", "قصف"]) is None
    assert lex.matches(["دير"]) is None  # a name's first word at the end of the sentence


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_lexicon_matches_as_the_plain_scan(norms: list[str]) -> None:
    lex = Lexicon(_ENTRIES)
    assert lex.matches(norms) == _reference(lex, norms)
    assert lex.matches(norms) == _reference(lex, norms)  # and again from the filled caches


_CUE_PATTERNS = ["قصف* ~3 على|علي", "غار* جوي*", "سيطر* ~3 على", "اشتباك*", "انسحب* ~3 من|منها", "_ مقتل",
                 "تنظيم الدولة"]
_CUE_TEXTS = ["قصفت الطائرات الروسية بلدة على الطريق، وشنت غارات جوية على مدينة حلب.",
              "وسيطر مقاتلو تنظيم الدولة على قرية، ثم انسحبوا منها بعد اشتباكات عنيفة أدت إلى مقتل عشرة.",
              "فانسحب التنظيم صباح اليوم من البلدة؛ واشتباكات في محيطها.", "لا شيء هنا"]


def _cue_hits(patterns: list[str]) -> list[list[tuple[int, int, str, str, bool]]]:
    from marsad.analyse.cues import TokenView, compile_list, find_cues
    from marsad.text.tokens import tokenize

    pats = compile_list(patterns)
    out = []
    for _ in range(3):  # from an empty memo, then from a full one
        out = [[(m.i, m.j, m.pattern.source, m.prefix, m.future)
                for m in find_cues(TokenView.of(tokenize(t), t), pats)] for t in _CUE_TEXTS]
        out += [[(m.i, m.j, m.pattern.source, m.prefix, m.future)
                 for m in find_cues(TokenView.of(tokenize(t), t), pats, 2, 9)] for t in _CUE_TEXTS]
    return out


def test_find_cues_the_same_whatever_the_memo_keeps(monkeypatch) -> None:
    """The per-word memo of candidate patterns forgets its older half when full: the matches stay the same."""
    from marsad.analyse import cues

    want = _cue_hits(_CUE_PATTERNS)
    assert sum(map(len, want)) >= 12
    monkeypatch.setattr(cues, "MEMO_MAX", 4)
    got = _cue_hits(list(_CUE_PATTERNS))
    assert got == want
    idx = next(ix for pats, ix in cues._INDEXES.values() if [p.source for p, _ in pats] == _CUE_PATTERNS
               and len(ix.memo) <= 4)
    assert 0 < len(idx.memo) <= 4


def test_time_limit_raises_and_restores_the_previous_handler() -> None:
    import signal
    import time

    from marsad.runner import AnalysisTimeout, time_limit

    def mine(signum: int, frame: object) -> None:
        raise AssertionError("the caller's handler must not run inside time_limit")

    before = signal.signal(signal.SIGALRM, mine)
    try:
        with pytest.raises(AnalysisTimeout, match="longer than 30 s"), time_limit(0.05, 30):
            time.sleep(1)
        assert signal.getsignal(signal.SIGALRM) is mine
        with time_limit(5):
            with pytest.raises(AnalysisTimeout, match="longer than 0.05 s"), time_limit(0.05):
                time.sleep(1)
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the inner limit disarmed the timer
        assert signal.getsignal(signal.SIGALRM) is mine
        with time_limit(0):  # no limit: nothing armed
            assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, before)


def test_ner_type_table_grows_with_the_same_rows() -> None:
    """The word-type table of the neural tagger grows by doubling; every row (and so every emission)
    is what one pass over all the types at once gives, whatever batches the types came in.  (Resizing
    the buffer in place was tried: ``ndarray.resize`` zero-fills the new rows, so the whole capacity
    became resident, +90 MB peak RSS on the whole corpus; ``np.zeros`` leaves untouched pages unmapped.)"""
    import numpy as np

    from marsad.analyse.ner import load_tagger

    grown, once = load_tagger(), load_tagger()
    if not hasattr(grown, "_table"):
        pytest.skip("the CRF tagger (no neural model installed) has no type table")
    words = [f"كلمة{i}" for i in range(300)] + ["قوات", "النظام", "في", "حلب"]
    grown._table = np.zeros((8, grown._table.shape[1]), dtype=np.float32)
    for k in range(0, len(words), 37):
        grown._add_types(words[k:k + 37])
    once._add_types(words)
    assert len(grown._table) == 512 and grown._table.flags.owndata
    assert all(np.array_equal(grown._table[grown._ids[w]], once._table[once._ids[w]]) for w in words)
    sents = [["قوات", "النظام", "في", "حلب"], words[:40]]
    assert all(np.array_equal(a, b) for a, b in zip(grown.emissions(sents), once.emissions(sents), strict=True))


def _view_by_loop(tokens: list, body: str) -> tuple[list, list]:
    """The token view as the per-token loop built it before session 14 (words and clause ids)."""
    import re

    from marsad.analyse.cues import _word_kind

    words, clause, cid, prev_end, nb = [], [], 0, None, 0
    breaks = [m.start() for m in re.finditer("\n", body)]
    for t in tokens:
        if breaks and prev_end is not None:
            while nb < len(breaks) and breaks[nb] < prev_end:
                nb += 1
            if nb < len(breaks) and breaks[nb] < t.start:
                cid += 1
        prev_end = t.end
        kind = _word_kind(t.norm)
        if kind == 0:
            cid += 1
            continue
        if kind < 0:
            continue
        words.append(t)
        clause.append(cid)
    return words, clause


_VIEW_PIECES = ["قصف", "الطيران", "مدينة", "حلب", "،", ".", "«", "»", "\n", "\n\n", " ", "  ", "-", "؟", "(", ")", "و",
                "12", "؛", ":", "…", "\u064e"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_VIEW_PIECES), max_size=40))
def test_token_view_as_the_per_token_loop(pieces: list[str]) -> None:
    from marsad.analyse.cues import TokenView
    from marsad.text.tokens import tokenize

    body = " ".join(pieces) if len(pieces) % 2 else "".join(pieces)
    toks = tokenize(body)
    view = TokenView.of(toks, body)
    words, clause = _view_by_loop(toks, body)
    assert view.tokens == words and view.clause == clause
    assert view.norms == [t.norm for t in words] and view.starts == [t.start for t in words]
    assert TokenView.of(iter(toks), body).clause == clause  # any iterable of tokens
    assert TokenView.of(toks).clause == _view_by_loop(toks, "")[1]  # no body: no line breaks


def test_worker_results_leave_the_working_structures_behind() -> None:
    """A worker's analysed article goes back without its tokens and sentence spans (neither stored nor
    in the contract; the spans copy the body's text) unless the caller keeps the tokens; the contract
    output is the same either way."""
    import copy

    from marsad.analyse.pipeline import available_pipeline
    from marsad.distributed import analyse_batch

    arts = [a for a in read_paths([EXAMPLES_DIR]) if isinstance(a, Article)][:2]
    names = tuple(available_pipeline())
    lean = analyse_batch([copy.deepcopy(a) for a in arts], names, clean=True)
    full = analyse_batch([copy.deepcopy(a) for a in arts], names, True, clean=True)
    assert all(isinstance(a, Article) and not a.tokens and not a.sentences for a in lean)
    assert all(isinstance(a, Article) and a.tokens and a.sentences for a in full)
    assert [a.to_contract() for a in lean] == [a.to_contract() for a in full]  # type: ignore[union-attr]
