"""Session 18: the night between two weekdays, "الليلة الماضية", and one takeover told a day apart."""

from __future__ import annotations

import pytest

from marsad.model import Article
from marsad.text.dates import find_dates

PUB = "2015-08-06"  # a Thursday


@pytest.mark.parametrize("text,value", [
    ("قصفت المقاتلات ليل الجمعة السبت أهدافا", "2015-08-01"),
    ("نفذ الطيران بعد منتصف ليل الثلاثاء - الأربعاء عدة غارات", "2015-08-05"),
    ("نفذ الطيران منتصف ليلة الثلاثاء/الأربعاء غارات", "2015-08-05"),
    ("وشنت الجبهة هجوما الليلة الماضية", "2015-08-05"),
])
def test_nights(text: str, value: str) -> None:
    found = find_dates(text, PUB)
    assert [d.value for d in found] == [value], found


def test_two_weekdays_that_are_no_night_stay_two_dates() -> None:
    assert [d.value for d in find_dates("ليل الجمعة الأحد", PUB)] == ["2015-07-31", "2015-08-02"]
    assert [d.value for d in find_dates("الليلة", PUB)] == [PUB]


def _run(nlp, body: str) -> Article:
    return nlp(Article(source_path="t.txt", raw=body, body=body, published="2015-08-07"))


def test_a_takeover_reported_today_and_done_last_night_is_one_event(nlp) -> None:
    a = _run(nlp, "قال المرصد السوري اليوم الجمعة إن تنظيم داعش سيطر على مدينة القريتين في ريف حمص. "
                  "وسيطر التنظيم على المدينة بعد قتال عنيف مع قوات الجيش السوري الليلة الماضية.")
    takes = [e for e in a.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(takes) == 1 and takes[0].date == "2015-08-06"


def test_strikes_on_two_days_stay_two_events(nlp) -> None:
    a = _run(nlp, "قتل 11 مدنيا اليوم الجمعة في غارة تركية استهدفت مدينة عفرين. "
                  "وقتل أمس الخميس 16 مدنيا في غارة تركية استهدفت مدينة عفرين.")
    assert sorted(e.date for e in a.events if e.sub_event_type == "Air/drone strike") == ["2015-08-06", "2015-08-07"]
