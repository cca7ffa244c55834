"""Tests for marsad.text.numbers: parse_number, find_quantities, find_fatalities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.numbers import find_fatalities, find_quantities, parse_number

_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("text,value", [
    ("25", 25), ("١٢", 12), ("1,234", 1234), ("١٬٢٠٠", 1200), ("12,500,000", 12500000), ("2.5 مليون", 2500000),
    ("واحد", 1), ("واحدة", 1), ("اثنان", 2), ("اثنين", 2), ("اثنتين", 2), ("ثلاث", 3), ("ثلاثة", 3),
    ("أربعة", 4), ("خمس", 5), ("ستة", 6), ("سبعة", 7), ("ثمانية", 8), ("ثماني", 8), ("تسعة", 9), ("عشرة", 10),
    ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("اثني عشر", 12), ("ثلاثة عشر", 13), ("تسعة عشر", 19),
    ("عشرون", 20), ("عشرين", 20), ("خمسون", 50), ("الخمسين", 50), ("تسعين", 90),
    ("خمسة وعشرين", 25), ("خمسة وعشرون", 25), ("ثلاث وثلاثون", 33), ("واحد وأربعين", 41),
    ("مئة", 100), ("مائة", 100), ("مئتان", 200), ("مئتين", 200), ("ثلاثمئة", 300), ("ثلاث مئة", 300),
    ("خمسمائة", 500), ("مئة وخمسة وعشرون", 125), ("ثلاث مئة وخمسون", 350),
    ("ألف", 1000), ("ألفين", 2000), ("ثلاثة آلاف", 3000), ("27 ألف", 27000), ("عشرة آلاف", 10000),
    ("ثلاثة آلاف وخمسمئة", 3500), ("ألفين وثلاثمئة", 2300), ("مليون", 1000000), ("خمسة ملايين", 5000000),
    ("مليون وخمسمئة ألف", 1500000), ("مئة ألف", 100000),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "قتلى", "أحد", "3 و4", "خمسة عشرون", "ألف مدني", "اثنا"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**12))
@settings(max_examples=200, deadline=None)
def test_parse_number_digits_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(str(n).translate(_INDIC)) == n
    assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize("text,surface,value,approx,kind", [
    ("أقلت قرابة الخمسين عنصرا", "قرابة الخمسين", 50, True, "approx"),
    ("بلغ عدد المعتقلين نحو 27 ألف مدني", "نحو 27 ألف", 27000, True, "approx"),
    ("انسحب من أكثر من 25 قرية", "أكثر من 25", 25, True, "lower_bound"),
    ("ما لا يقل عن 7 مدنيين", "ما لا يقل عن 7", 7, True, "lower_bound"),
    ("وصول عشرات العناصر", "عشرات", 10, True, "vague"),
    ("عشرات الآلاف من النازحين", "عشرات الآلاف", 10000, True, "vague"),
    ("مئات المقاتلين", "مئات", 100, True, "vague"),
    ("دفع بآلاف الشباب", "بآلاف", 1000, True, "vague"),
    ("لدينا عدد من المقاتلين", "عدد من", 3, True, "vague"),
    ("وصلت عدة حافلات", "عدة", 3, True, "vague"),
    ("قتل خمسة وعشرون عنصرا", "خمسة وعشرون", 25, False, "exact"),
    ("وصل ٣٥٠ مقاتلا", "٣٥٠", 350, False, "exact"),
])
def test_find_quantities(text, surface, value, approx, kind):
    got = find_quantities(text)
    assert len(got) == 1, got
    q = got[0]
    assert (q.text, q.value, q.approx, q.kind) == (surface, value, approx, kind)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", ["لمنصة SY24 إن", "طائرات F16", "الفرقة 11 التابعة", "اللواء 39 في حوش الفارة", "في 5/11/2015", "أحد القياديين"])
def test_find_quantities_skips_designators_and_dates(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("sentence,count", [
    ("قتل 5 مدنيين وأصيب 10 آخرون بجروح", 5),
    ("5 قتلى و10 جرحى في القصف", 5),
    ("10 جرحى و5 قتلى", 5),
    ("مقتل 5 وإصابة 10", 5),
    ("أصيب 4 وقتل 2", 2),
    ("مقتل 12 شخصا بينهم 3 أطفال", 12),
    ("مقتل 3 عناصر من قسد و2 من الجيش", 5),
    ("لقي شاب حتفه بانفجار لغم", 1),
    ("سقوط قتيلين بقصف مدفعي", 2),
    ("تنعى أكثر من 100 قتيل بالغارات", 100),
    ("أسفر القصف عن عشرات القتلى والجرحى", 10),
    ("ارتفعت حصيلة القتلى إلى 35 شخصا", 35),
    ("قتل خمسة وعشرون عنصرا من التنظيم", 25),
    ("عثر على ثلاث جثث في البلدة", 3),
    ("أصيب 7 مدنيين بجروح", None),
    ("وصل 50 عنصرا إلى دمشق", None),
    ("اندلع قتال عنيف في المنطقة", None),
])
def test_find_fatalities(sentence, count):
    assert find_fatalities(sentence) == count


_WORDS = [
    "قرابة", "نحو", "أكثر", "من", "عشرات", "الآلاف", "ألف", "مئة", "خمسة", "وعشرين", "عشر", "أحد", "اثنا",
    "قتلى", "جرحى", "مقتل", "بينهم", "27", "١٬٢٠٠", "1,5", "3.", "/", "اللواء", "حتفه", "و", "ـ", "\u064b",
    "\u200f", "\n", "،",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.text(alphabet="ابتثجحخدسعفقكلمنهويءأإآىة0123456789٠١٢٬٫,. ", max_size=6)),
    max_size=25,
).map(" ".join)


@given(_texts)
@settings(max_examples=200, deadline=None)
def test_quantities_never_raise_and_offsets_hold(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert isinstance(q.value, int) and q.value >= 0
    fat = find_fatalities(text)
    assert fat is None or fat >= 0
