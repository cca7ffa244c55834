"""Session 13's speed changes give what the code they replaced gave: quantity token offsets from
one split, the places' per-word list hints, the linker's fuzzy candidates kept per key length."""

from __future__ import annotations

from itertools import accumulate

import pytest

from marsad.analyse import geocode, linker
from marsad.model import Token
from marsad.text import numbers
from marsad.text.normalize import normalize
from marsad.text.tokens import tokenize

_TEXTS = [
    "",
    "قتل 1,250 شخصا و١٢٫٥ بالمئة، (نحو خمسين) - أكثر من 25 مسلحا!!",
    "  في 5/11/2015 الساعة 10:30 قتل عشرات SY24 و F16 ... ",
    "مَقتلُ ثلاثةٍ وعشرينَ\nمدنياً؛ «مئات» الجرحى_",
]


@pytest.mark.parametrize("text", _TEXTS)
def test_split_offsets_are_the_tokens_offsets(text: str) -> None:
    norm = normalize(text).text
    parts = numbers._SPLIT_RE.split(norm)
    bounds = list(accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    want = [(m.group(), m.start(), m.end()) for m in numbers._TOKEN_RE.finditer(norm)]
    assert [(w, bounds[2 * k + 1], bounds[2 * k + 2]) for k, w in enumerate(words)] == want


def test_quantities_unchanged_on_examples() -> None:
    """What the code before the split gave (offsets past diacritics, digits in dates and codes skipped)."""
    got = [[(q.text, q.start, q.end, q.value, q.kind) for q in numbers.find_quantities(t)] for t in _TEXTS]
    assert got == [
        [],
        [("1,250", 4, 9, 1250, "exact"), ("١٢٫٥", 16, 20, 12, "exact"), ("نحو خمسين", 30, 39, 50, "approx"),
         ("أكثر من 25", 43, 53, 25, "lower_bound")],
        [("عشرات", 32, 37, 10, "vague")],
        [("ثلاثةٍ وعشرينَ", 7, 21, 23, "exact"), ("مئات", 31, 35, 100, "vague")],
    ]


def test_list_hints_as_the_word_by_word_test() -> None:
    ph = geocode.load_phrases()
    text = "سيطرت على قرى وبلدات «القرى» والقرى في ريف حلب وبلدتي الفوعة وكفريا ومدن عدة"
    toks = tokenize(text)
    want: dict[int, str] = {}
    for k, tok in enumerate(toks):
        w = geocode._match_word(tok, ph.list_words) if tok.norm.endswith(ph.list_endings) else None
        if w is not None:
            m = k + 1
            while m < len(toks) and toks[m].norm in geocode._QUOTES:
                m += 1
            want[m] = ph.list_words[w]
    assert want  # the text has list words
    assert geocode._list_starts(toks, ph) == want
    assert geocode._list_starts(toks, ph) == want  # from the per-word table the second time
    assert geocode._list_hint(Token(0, 3, "قرى", "قري", "", "قري"), ph) is not None


def test_fuzzy_choices_are_the_keys_the_length_allows() -> None:
    index = linker._load_alias_index()
    assert index is not None
    for kb_type in ("PERSON", "ORGANIZATION", "ARMED_GROUP"):
        keys = index.by_type.get(kb_type, []) + (index.by_type.get("ARMED_GROUP", []) if kb_type == "ORGANIZATION" else [])
        for n in (6, 9, 14, 30):
            key = "ب" * n
            want = [c for c in keys
                    if 100.0 * abs(n - len(c)) <= (100.0 - linker.FUZZY_CUTOFF + 1e-6) * (n + len(c))]
            assert index.fuzzy_choices(kb_type, key) == want
            assert index.fuzzy_choices(kb_type, "ت" * n) is index.fuzzy_choices(kb_type, key)
