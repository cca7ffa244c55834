"""Tokenisation, proclitic splitting and sentence splitting."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.tokens import split_proclitics, split_sentences, strip_clitics, tokenize


def test_proclitics() -> None:
    analyses = split_proclitics("وبالميليشيا")
    assert ("وبال", "ميليشيا") in analyses
    assert ("وب", "الميليشيا") in analyses
    assert ("", "وبالميليشيا") in analyses
    assert ("ل", "التنظيم") in split_proclitics("للتنظيم")
    assert strip_clitics("والرقة".replace("ة", "ه")) == "رقه"
    # short words are not over-split
    assert all(len(stem) >= 2 for _p, stem in split_proclitics("ولد"))


def test_tokens_keep_offsets() -> None:
    text = "وأفاد مراسل «بلدي نيوز» أنّ 25 قرية، وللميليشيات."
    toks = tokenize(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
    words = [t.text for t in toks if t.is_word]
    assert words == ["وأفاد", "مراسل", "بلدي", "نيوز", "أنّ", "25", "قرية", "وللميليشيات"]
    last = [t for t in toks if t.text == "وللميليشيات"][0]
    assert last.prefix == "ولل" and last.stem == "ميليشيات"


def test_sentences() -> None:
    text = "جملة أولى. جملة ثانية؟ ثالثة!\nرابعة بلا نقطة\n\nخامسة «بين قوسين.» سادسة"
    sents = [s.text for s in split_sentences(text)]
    assert sents == ["جملة أولى.", "جملة ثانية؟", "ثالثة!", "رابعة بلا نقطة", "خامسة «بين قوسين.»", "سادسة"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابت ثج.؟!\n«»،و ل")), max_size=200))
def test_sentence_spans_are_exact_and_ordered(text: str) -> None:
    prev_end = 0
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert s.start >= prev_end and s.text.strip() == s.text and s.text
        prev_end = s.end
