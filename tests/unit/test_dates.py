"""Tests for marsad.text.dates and the ``dates`` pipeline component."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.config import EXAMPLES_DIR
from marsad.model import Article, Entity, Span
from marsad.text.dates import (
    DateMention,
    find_dates,
    gregorian_to_hijri,
    hijri_to_gregorian,
    tabular_hijri_to_gregorian,
)


def _seed(prefix: str) -> str:
    path = next(EXAMPLES_DIR.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed example {prefix} missing from {EXAMPLES_DIR}")
    return path.read_text(encoding="utf-8")


def _one(text: str, published: str | None, surface: str | None = None) -> DateMention:
    found = find_dates(text, published)
    if surface is not None:
        found = [d for d in found if d.text == surface]
    assert len(found) == 1, found
    return found[0]


def _by_text(text: str, published: str | None) -> dict[str, DateMention]:
    return {d.text: d for d in find_dates(text, published)}


# --------------------------------------------------------------------------- seed examples


def test_seed_001_relative_without_and_with_publication_date():
    text = _seed("001")
    no_pub = _by_text(text, None)["قبل يومين"]
    assert no_pub.value is None and no_pub.precision is None
    got = _by_text(text, "2015-12-01")["قبل يومين"]
    assert (got.value, got.precision, got.kind) == ("2015-11-29", 1, "relative")
    past = _by_text(text, "2015-12-01")["الثالث عشر من شهر تشرين الثاني/نوفمبر الفائت"]
    assert (past.value, past.precision) == ("2015-11-13", 1)


def test_seed_000_ordinal_day_month_without_year():
    got = _by_text(_seed("000"), "2015-12-03")
    assert got["التاسع عشر من شهر تشرين الثاني/نوفمبر"].value == "2015-11-19"
    assert got["قبل أيام"].value == "2015-11-30" and got["قبل أيام"].precision == 2
    assert got["قبل أسابيع"].precision == 3 and got["قبل أسابيع"].approx


def test_seed_002_weekday_before_a_sunday():
    got = _by_text(_seed("002"), "2024-12-01")  # a Sunday
    assert got["السبت"].value == "2024-11-30"
    assert got["ظهر السبت"].value == "2024-11-30" and got["مساء السبت"].value == "2024-11-30"
    assert got["يوم الأحد"].value == "2024-12-01"


def test_seed_003_month_and_years():
    got = _by_text(_seed("003"), "2016-03-01")
    assert (got["شهر حزيران 2013"].value, got["شهر حزيران 2013"].precision) == ("2013-06-15", 3)
    for surface in ("عام 2013", "نهاية 2013"):
        assert got[surface].kind == "year" and got[surface].value is None and got[surface].year == 2013


def test_seed_004_yesterday_with_weekday():
    text = _seed("004")
    thursday = _by_text(text, "2021-05-13")
    assert thursday["أمس الأربعاء"].value == "2021-05-12" and thursday["أمس الأربعاء"].confidence == 1.0
    assert thursday["الاثنين الماضي"].value == "2021-05-10"
    # published on a Monday: "yesterday Wednesday" disagrees -> the most recent Wednesday, less confident
    monday = _by_text(text, "2021-05-10")["أمس الأربعاء"]
    assert monday.value == "2021-05-05" and monday.confidence < 1.0


# --------------------------------------------------------------------------- vocabulary families

@pytest.mark.parametrize("expr,value", [
    ("19 تشرين الثاني/نوفمبر 2015", "2015-11-19"),
    ("5 كانون الثاني 2016", "2016-01-05"),
    ("3 شباط 2016", "2016-02-03"),
    ("7 آذار 2016", "2016-03-07"),
    ("8 نيسان 2016", "2016-04-08"),
    ("9 أيار 2016", "2016-05-09"),
    ("10 حزيران 2016", "2016-06-10"),
    ("11 تموز 2016", "2016-07-11"),
    ("12 آب 2016", "2016-08-12"),
    ("13 أيلول 2016", "2016-09-13"),
    ("14 تشرين الأول 2016", "2016-10-14"),
    ("15 كانون الأول 2016", "2016-12-15"),
    ("1 يناير 2017", "2017-01-01"),
    ("2 فبراير 2017", "2017-02-02"),
    ("3 مارس 2017", "2017-03-03"),
    ("4 أبريل 2017", "2017-04-04"),
    ("4 إبريل 2017", "2017-04-04"),
    ("5 مايو 2017", "2017-05-05"),
    ("5 مايس 2017", "2017-05-05"),
    ("6 يونيو 2017", "2017-06-06"),
    ("6 يونيه 2017", "2017-06-06"),
    ("7 يوليو 2017", "2017-07-07"),
    ("7 يوليه 2017", "2017-07-07"),
    ("8 أغسطس 2017", "2017-08-08"),
    ("9 سبتمبر 2017", "2017-09-09"),
    ("10 أكتوبر 2017", "2017-10-10"),
    ("11 نوفمبر 2017", "2017-11-11"),
    ("11 نونبر 2017", "2017-11-11"),
    ("12 ديسمبر 2017", "2017-12-12"),
    ("٢٠ تموز ٢٠١٦", "2016-07-20"),
    ("الـ20 من آب/أغسطس عام 2016", "2016-08-20"),
    ("السبت 19 تشرين الثاني 2016", "2016-11-19"),
])
def test_explicit_day_month_year(expr, value):
    got = _one(f"وقع الهجوم في {expr} حسب المصدر", "2018-01-01")
    assert (got.value, got.precision, got.kind) == (value, 1, "absolute")
    assert got.text.endswith(expr.split()[-1])


@pytest.mark.parametrize("expr,published,value", [
    ("الأول من آذار", "2016-03-01", "2016-03-01"),
    ("الحادي عشر من أيار", "2016-06-01", "2016-05-11"),
    ("الثاني والعشرين من شهر حزيران", "2016-07-01", "2016-06-22"),
    ("الحادي والثلاثين من كانون الأول", "2016-01-05", "2015-12-31"),
    ("العاشر من تموز الماضي", "2016-08-01", "2016-07-10"),
    ("الثلاثين من نيسان", "2016-04-29", "2015-04-30"),  # not after publication
])
def test_ordinal_day_year_inferred(expr, published, value):
    got = _one(f"في {expr} قصفت الطائرات", published)
    assert (got.value, got.precision) == (value, 1)


def test_day_month_without_publication_is_unresolved():
    got = _one("في التاسع عشر من شهر تشرين الثاني", None)
    assert got.value is None and got.precision is None


@pytest.mark.parametrize("expr,days,precision", [
    ("اليوم", 0, 1), ("أمس", -1, 1), ("البارحة", -1, 1), ("أمس الأول", -2, 1), ("أول أمس", -2, 1),
    ("غداً", 1, 1), ("قبل يومين", -2, 1), ("منذ يومين", -2, 1), ("قبل ثلاثة أيام", -3, 1),
    ("قبل 3 أيام", -3, 1), ("قبل خمسة أيام", -5, 1), ("منذ أسبوع", -7, 2), ("قبل أسبوعين", -14, 2),
    ("الأسبوع الماضي", -7, 2), ("قبل أيام", -3, 2), ("قبل عدة أيام", -3, 2), ("منذ أيام", -3, 2),
    ("خلال الأيام الماضية", -3, 2), ("قبل أسابيع", -21, 3), ("مساء أمس", -1, 1), ("صباح اليوم", 0, 1),
])
def test_relative_expressions(expr, days, precision):
    pub = date(2020, 6, 17)
    got = _one(f"وقال المصدر إن الاشتباكات وقعت {expr} في المنطقة", pub.isoformat())
    assert got.text == expr
    assert (got.value, got.precision) == ((pub + timedelta(days=days)).isoformat(), precision)
    assert find_dates(f"وقال المصدر {expr} في المنطقة", None)[0].value is None


def test_month_relative_and_named_months():
    got = _by_text("الشهر الماضي وفي شهر رمضان وخلال آب الماضي ومطلع شهر آذار الجاري", "2020-03-10")
    assert (got["الشهر الماضي"].value, got["الشهر الماضي"].precision) == ("2020-02-15", 3)
    assert got["آب الماضي"].value == "2019-08-15"
    assert got["مطلع شهر آذار الجاري"].value == "2020-03-15"
    ramadan = got["شهر رمضان"]  # the most recent Ramadan not after 2020-03-10 (1440 AH, May 2019)
    assert ramadan.calendar == "hijri" and ramadan.value.startswith("2019-05")


@pytest.mark.parametrize("text,published,value", [
    ("قصف السبت", "2024-11-30", "2024-11-30"),  # same day
    ("يوم الاثنين الماضي", "2024-12-02", "2024-11-25"),  # strictly before
    ("الأحد المقبل", "2024-12-01", "2024-12-08"),
    ("الجمعة القادمة", "2024-12-01", "2024-12-06"),
    ("اليوم الخميس", "2024-12-05", "2024-12-05"),
])
def test_weekdays(text, published, value):
    assert _one(text, published).value == value


@pytest.mark.parametrize("text", [
    "في اليوم التالي انسحبت القوات", "مارس الضغط على الفصائل", "زار أب الشهيد المكان",
    "اتفق الاثنين على التهدئة", "أحد القياديين قتل", "أسفر عن سقوط 2015 قتيلا",
])
def test_non_dates(text):
    assert find_dates(text, "2020-01-01") == []


@pytest.mark.parametrize("text,value", [
    ("في 5/11/2015", "2015-11-05"), ("بتاريخ 2015-11-19", "2015-11-19"), ("يوم 19.11.2015", "2015-11-19"),
    ("بتاريخ ٥/١١/٢٠١٥", "2015-11-05"),
])
def test_numeric_dates(text, value):
    got = _one(text, None)
    assert (got.value, got.precision, got.kind) == (value, 1, "absolute")


def test_impossible_numeric_date_is_dropped():
    assert find_dates("في 31/02/2015", None) == []


def test_year_only():
    got = _by_text("تشكلت عام 2013 وظهرت بنهاية 2014 ومنذ عام 2011", None)
    assert {k: (v.value, v.kind, v.year) for k, v in got.items()} == {
        "عام 2013": (None, "year", 2013), "نهاية 2014": (None, "year", 2014), "عام 2011": (None, "year", 2011),
    }


# --------------------------------------------------------------------------- Hijri

def test_hijri_new_year_1446():
    assert abs(hijri_to_gregorian(1446, 1, 1) - date(2024, 7, 7)) <= timedelta(days=1)
    assert abs(tabular_hijri_to_gregorian(1446, 1, 1) - date(2024, 7, 7)) <= timedelta(days=1)
    assert gregorian_to_hijri(hijri_to_gregorian(1446, 1, 1)) == (1446, 1, 1)


def test_hijri_dates_in_text():
    got = _one("في 1 محرم 1446 هـ", None)
    assert got.calendar == "hijri" and abs(date.fromisoformat(got.value) - date(2024, 7, 7)) <= timedelta(days=1)
    ramadan = _one("غرة رمضان 1445", None)  # 1 Ramadan 1445 = 11 March 2024
    assert abs(date.fromisoformat(ramadan.value) - date(2024, 3, 11)) <= timedelta(days=1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
@settings(max_examples=200, deadline=None)
def test_tabular_round_trip(d):
    from marsad.text.dates import _gregorian_to_tabular_hijri

    assert tabular_hijri_to_gregorian(*_gregorian_to_tabular_hijri(d)) == d


# --------------------------------------------------------------------------- properties

_WORDS = [
    "قبل", "منذ", "أيام", "يومين", "أمس", "الأربعاء", "السبت", "الاثنين", "الماضي", "المقبل", "شهر",
    "تشرين", "الثاني", "/نوفمبر", "كانون", "آب", "حزيران", "2013", "19", "٢٠١٥", "عام", "بنهاية",
    "التاسع", "عشر", "من", "الحادي", "والعشرين", "اليوم", "ظهر", "مساء", "محرم", "1446", "هـ", "5/11/2015",
    "ثلاثة", "خمسة", "وعشرين", "ألف", "الأسبوع", "رمضان", "ـ", "\u064e", "\u200f", "\n", "  ", "،", ".",
]
_texts = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإىة0123456789٠١٢٣ /-.", max_size=6)),
    max_size=25,
).map(" ".join)


@given(_texts, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)).map(str)))
@settings(max_examples=150, deadline=None)
def test_find_dates_never_raises_and_offsets_hold(text, published):
    for d in find_dates(text, published):
        assert text[d.start:d.end] == d.text
        assert d.precision in (None, 1, 2, 3)
        if d.value is not None:
            date.fromisoformat(d.value)
        if published is None and d.kind in ("relative", "weekday"):
            assert d.value is None


# --------------------------------------------------------------------------- pipeline component

def test_component_adds_dates_and_quantities():
    from marsad.analyse.dates import dates, event_date
    from marsad.analyse.pipeline import Resources

    body = "قتل 5 مدنيين أمس في قصف على البلدة. وانسحب عناصر الفرقة 11 قبل أيام."
    art = Article(source_path="x.txt", raw=body, body=body, published="2020-06-17")
    art.sentences = [Span(0, 36, body[:36]), Span(37, len(body), body[37:])]
    art.entities.append(Entity(text="الفرقة 11", start=body.index("الفرقة"), end=body.index("الفرقة") + 9,
                               type="ARMED_GROUP", source="kb"))
    dates(art, Resources())
    dates(art, Resources())  # idempotent
    by_type = {(e.type, e.text): e for e in art.entities}
    assert len(art.entities) == 4
    assert by_type[("DATE", "أمس")].attrs["value"] == "2020-06-16"
    assert by_type[("DATE", "قبل أيام")].attrs == {
        "value": "2020-06-14", "precision": 2, "kind": "relative", "approx": True, "year": 2020, "calendar": "gregorian",
    }
    assert by_type[("QUANTITY", "5")].attrs == {"value": 5, "approx": False, "kind": "exact"}
    assert all(body[e.start:e.end] == e.text for e in art.entities)
    assert event_date(art, 0, 3) == ("2020-06-16", 1)


def test_event_date_prefers_same_clause():
    from marsad.analyse.dates import dates, event_date
    from marsad.analyse.pipeline import Resources

    body = "استنفرت قواتها منذ الاثنين الماضي، مشيرا إلى أنها بدأت بتسيير أرتال عسكرية أمس الأربعاء"
    art = Article(source_path="x.txt", raw=body, body=body, published="2021-05-13")
    art.sentences = [Span(0, len(body), body)]
    dates(art, Resources())
    i = body.index("بتسيير")
    assert event_date(art, i, i + 6) == ("2021-05-12", 1)
    assert event_date(art, 0, 7) == ("2021-05-10", 1)
