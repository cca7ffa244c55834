"""The normaliser: rules, and the offset map back to the original (property-based)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import normalize, normalize_key, normalize_text, strip_article

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "أإآٱؤئىة" "ًٌٍَُِّْ" "ـ" "٠١٢٣٤٥٦٧٨٩" "۰۱۲۳"
NOISE = " \t\n\u00a0\u200c\u200d\u200f\u202b\u2066\ufeff“”«»‘’–—" "ﻻﷲﻷ" "ABCxyz019.,،؛"
alphabet = st.sampled_from(list(ARABIC + NOISE))
texts = st.lists(alphabet, max_size=120).map("".join)


def test_rules() -> None:
    assert normalize_key("أَحْمَد") == "احمد"
    assert normalize_key("إسماعيل قاآني") == "اسماعيل قااني"
    assert normalize_key("مدرسة") == "مدرسه"
    assert normalize_key("مصطفى") == "مصطفي"
    assert normalize_key("مؤتمر شؤون") == "موتمر شوون"
    assert normalize_key("كتائـــب") == "كتايب"
    assert normalize_key("٢٥ و۲۵") == "25 و25"
    assert normalize_key("«قسد» “SDF” – ‘x’") == '"قسد" "sdf" - \'x\''
    assert normalize_key("a\u200cب\u202bج") == "aبج"
    assert normalize_key("  بين   \n\n  سطرين ") == "بين سطرين"
    assert normalize_key("ﷲ") == "الله"
    assert normalize_key("یک") == "يك"


def test_strip_article() -> None:
    assert strip_article("التنظيم") == "تنظيم"
    assert strip_article("للتنظيم") == "تنظيم"
    assert strip_article("ال") == "ال"


def test_offsets_known_example() -> None:
    s = "وقال   مُصدرٌ: «كتائبُ الإمامِ علي»"
    n = normalize(s)
    i = n.text.index("كتايب الامام علي")
    a, b = n.span_to_original(i, i + len("كتايب الامام علي"))
    assert s[a:b] == "كتائبُ الإمامِ علي"


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offset_map_is_monotonic_and_in_range(s: str) -> None:
    n = normalize(s)
    prev = -1
    for i in range(len(n.text)):
        o = n.to_original(i)
        assert 0 <= o < len(s)
        assert o >= prev
        prev = o
    assert n.to_original(len(n.text)) == len(s)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_normalised_char_comes_from_its_original(s: str) -> None:
    n = normalize(s)
    for i, ch in enumerate(n.text):
        o = n.to_original(i)
        # the original char normalises to a string containing this char (or was whitespace)
        src = normalize(s[o]).text
        assert ch in src or (ch == " " and s[o].isspace())


@settings(max_examples=200, deadline=None)
@given(texts, st.integers(0, 200), st.integers(0, 200))
def test_span_round_trip(s: str, a: int, b: int) -> None:
    n = normalize(s)
    if not n.text:
        return
    a, b = sorted((a % (len(n.text) + 1), b % (len(n.text) + 1)))
    oa, ob = n.span_to_original(a, b)
    assert 0 <= oa <= ob <= len(s)
    # normalising the original span covers the normalised span (exactly, unless a ligature such
    # as ﻻ → لا was cut in the middle, where the whole original character is taken)
    assert n.text[a:b].strip() in normalize(s[oa:ob]).text


@settings(max_examples=200, deadline=None)
@given(texts)
def test_idempotent(s: str) -> None:
    once = normalize(s).text
    assert normalize(once).text == once


@settings(max_examples=300, deadline=None)
@given(texts)
def test_text_only_normaliser_equals_the_mapped_one(s: str) -> None:
    assert normalize_text(s) == normalize(s).text
