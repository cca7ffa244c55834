"""Session-13 event rules (found on the dev gold, tests/gold/corpus): one attack told twice in one
sentence is one event; a town and the town it lies in are no list of villages. Every sentence is
written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

events = event_rows


def test_one_sentence_telling_an_attack_twice_gives_one_event(nlp):
    text = ("تبنى تنظيم داعش الهجوم الانتحاري الذي ضرب سوقا شعبيا أمس، وقال في بيان إن أحد عناصره فجر "
            "سيارة مفخخة على تجمع لعناصر الحشد الشعبي في منطقة الحسينية شمال بغداد.")
    got = events(run_text(nlp, text))
    assert len(got) == 1
    sub, a1, a2, loc = got[0]
    assert sub == "Suicide bomb" and a1 == "تنظيم داعش" and a2 == "الحشد الشعبي"
    assert loc is not None


def test_two_strikes_of_one_sentence_at_two_places_stay_two(nlp):
    text = "قصفت طائرات النظام بلدة كفرنبل، فيما قصفت المدفعية التركية قرية جنديرس."
    got = events(run_text(nlp, text))
    assert len(got) == 2
    assert {g[3] for g in got} >= {"كفرنبل"}


def test_a_town_in_the_town_it_lies_in_is_no_village_list(nlp):
    text = ("وشنت قوات الجيش عملية على قرى تابعة لناحية العظيم شمال بعقوبة، وقتل 4 مدنيين في انفجار "
            "عبوة ناسفة الليلة الماضية في قضاء الخالص والمقدادية في بعقوبة.")
    ied = [g for g in events(run_text(nlp, text)) if g[0] == "Remote explosive/landmine/IED"]
    assert sorted(g[3] for g in ied) == ["الخالص", "المقدادية"]


def test_a_list_of_villages_under_a_region_still_gives_the_region(nlp):
    text = "وسيطرت قوات النظام على بلدات أبو الظهور وسنجار والتمانعة في ريف إدلب الجنوبي الشرقي."
    got = [g for g in events(run_text(nlp, text)) if g[0] == "Government regains territory"]
    assert len(got) == 1 and got[0][3] is not None and "إدلب" in got[0][3]


@pytest.mark.parametrize("text, actor, place", [
    ("وتمكنت القوات العراقية من استعادة قرية البوعيثة جنوب بغداد.", "القوات العراقية", "البوعيثة"),
    ("وذكر المصدر أن القوات الأمنية سبق لها استعادة بلدة الكرمة شرق الفلوجة.", "القوات الأمنية", "الكرمة"),
])
def test_a_retaking_told_as_done_by_its_verbal_noun_is_coded(nlp, text, actor, place):
    got = [g for g in events(run_text(nlp, text)) if g[0] == "Government regains territory"]
    assert len(got) == 1 and got[0][1] == actor and got[0][3] == place


@pytest.mark.parametrize("text", [
    "وتحاول القوات العراقية استعادة مدينة الموصل.",
    "وأطلقت القوات العراقية عملية لاستعادة مدينة الموصل.",
])
def test_a_retaking_tried_or_aimed_at_is_not_coded_as_done(nlp, text):
    assert not [g for g in events(run_text(nlp, text)) if g[0] in ("Government regains territory",
                                                                    "Non-state actor overtakes territory")]


@pytest.mark.parametrize("text", [
    "وتدافع وزارة الدفاع عن سجلها بعد أن شنت طائراتها أكثر من 1600 غارة جوية في سوريا والعراق.",
    "ونفذ التحالف آلاف الغارات على مواقع التنظيم في العراق.",
    "وسقطت ملايين القذائف على المدينة خلال سنوات الحرب.",
])
def test_a_tally_of_strikes_is_no_incident(nlp, text):
    assert not [g for g in events(run_text(nlp, text)) if g[0] in (
        "Air/drone strike", "Shelling/artillery/missile attack")]


@pytest.mark.parametrize("text, sub", [
    ("وشنت الطائرات الروسية عشرات الغارات على ريف إدلب أمس.", "Air/drone strike"),
    ("وشنت طائرات التحالف 12 غارة على مواقع التنظيم في الرقة أمس.", "Air/drone strike"),
    ("وشنت الطائرات الحربية أكثر من 100 غارة على مدن الغوطة الشرقية اليوم.", "Air/drone strike"),
    ("وأطلقت الفصائل مئات القذائف على أحياء مدينة حلب أمس.", "Shelling/artillery/missile attack"),
    ("وكان مئات المحتجين الغاضبين قد اقتحموا مقر القنصلية في البصرة وأحرقوه.", "Violent demonstration"),
])
def test_counts_of_one_raid_and_crowds_are_still_coded(nlp, text, sub):
    assert [g for g in events(run_text(nlp, text)) if g[0] == sub]
