"""Session-21 coder rules: an attack named again as the topic of another statement is the attack already
told; "هجوم على المدينة" is placed in the town the anaphor stands for; سـ + ا is a future only with its hamza.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def _events(a) -> list[tuple[str, str | None, str]]:
    return [(e.sub_event_type, e.location.text if e.location else None, e.modality) for e in a.events]


def test_an_attack_named_as_the_topic_of_an_inquiry_is_the_attack_already_told(nlp):
    a = run_text(nlp, "قتل عشرات المدنيين في هجوم كيميائي استهدف مدينة دوما يوم السبت. "
                      "ودعت روسيا إلى التحقيق بشأن الهجوم الكيميائي في مدينة حمص.")
    assert [(s, p) for s, p, _ in _events(a)] == [("Chemical weapon", "دوما")]


def test_a_referred_attack_with_nothing_told_before_is_still_coded(nlp):
    a = run_text(nlp, "ودعت روسيا إلى التحقيق بشأن الهجوم الكيميائي في مدينة حمص.")
    assert [(s, p) for s, p, _ in _events(a)] == [("Chemical weapon", "حمص")]


def test_a_reference_to_another_kind_of_attack_is_another_event(nlp):
    # the shelling after which people died is no air strike: only the same sub-event type is referred to
    a = run_text(nlp, "قصفت طائرات النظام مدينة حرستا. وقتل خمسة مدنيين في مدينة دوما عقب القصف المدفعي على مدينة دوما.")
    assert [(s, p) for s, p, _ in _events(a)] == [
        ("Air/drone strike", "حرستا"), ("Shelling/artillery/missile attack", "دوما")]


def test_attacks_described_in_a_relative_clause_are_told_anew(nlp):
    a = run_text(nlp, "قتل ثلاثة عناصر من قوات سوريا الديمقراطية في هجوم لتنظيم داعش قرب بلدة هجين. "
                      "ونشر التنظيم بيانات عن الهجمات التي يشنها على قوات سوريا الديمقراطية في بلدة الشعفة.")
    assert [p for _, p, _ in _events(a)] == ["هجين", "الشعفة"]


def test_an_attack_on_the_town_is_placed_in_the_town_the_anaphor_stands_for(nlp):
    a = run_text(nlp, "يباشر فريق منظمة حظر الأسلحة الكيميائية عمله الأحد في مدينة دوما بالغوطة الشرقية، وفقا "
                      "لمعاون وزير الخارجية السورية، وذلك إثر اتهام نظام الأسد بشن هجوم على المدينة في 7 "
                      "نيسان/أبريل تسبب بمقتل أربعين شخصا جراء تنشق غازات سامة وفق ما أفاد مسعفون.")
    # not الغوطة الشرقية; and "سامة" is no future verb, so the accusation makes it claimed, not planned
    assert _events(a) == [("Chemical weapon", "دوما", "claimed")]


@pytest.mark.parametrize("text, modality", [
    ("ساهمت الغارات الجوية في طرد التنظيم من مدينة الرقة.", "asserted"),
    ("قتل خمسة أشخاص في قصف بقذائف تحمل غازات سامة على مدينة حرستا.", "asserted"),
    ("ستقصف القوات التركية مدينة عفرين.", "planned"),
])
def test_a_first_person_future_needs_its_hamza(nlp, text, modality):
    assert [m for _, _, m in _events(run_text(nlp, text))] == [modality]


@pytest.mark.parametrize("text, row", [
    ("وأعلن الجيش السوري السبت سيطرته بالكامل على الغوطة الشرقية بعد إجلاء آخر مقاتلي المعارضة من مدينة دوما.",
     ("Government regains territory", "الجيش السوري", "الغوطة الشرقية")),
    ("أكد الجيش السوري، الجمعة، استيلاء قواته على عشرات القرى والبلدات في ريف إدلب.",
     ("Government regains territory", "الجيش السوري", "ريف إدلب")),
])
def test_an_announced_capture_with_a_possessive_pronoun_is_the_announcers(nlp, text, row):
    # a word between the possessed noun and على, and a date between the announcer and the noun
    a = run_text(nlp, text)
    assert [(e.sub_event_type, e.actor1.text if e.actor1 else None, e.location.text if e.location else None)
            for e in a.events] == [row]


def test_a_held_place_is_no_announced_capture(nlp):
    a = run_text(nlp, "وقال الجيش السوري إن المدينة بقيت تحت سيطرته الكاملة على مدى سنوات.")
    assert a.events == []


@pytest.mark.parametrize("text, rows", [
    # a fight going on for weeks is a campaign: background, not one incident
    ("وتشن القوات السورية هجوما على آخر معاقل المعارضة قرب دمشق منذ ثلاثة أسابيع.", []),
    # the duration before the trigger is the siege's, not the capture's
    ("وتحاصر قوات الجيش السوري المنطقة منذ سنوات غير أنها استعادت خلال الأسبوعين الأخيرين بلدة حمورية.",
     [("Government regains territory", "حمورية")]),
    # a kidnapping "منذ 5 أشهر" happened five months ago: still an incident
    ("اختطفت الميليشيات رجلا في صنعاء منذ 5 أشهر.", [("Abduction/forced disappearance", "صنعاء")]),
])
def test_a_fight_going_on_for_weeks_is_a_campaign(nlp, text, rows):
    assert [(s, p) for s, p, _ in _events(run_text(nlp, text))] == rows


@pytest.mark.parametrize("text, rows", [
    ("قصفت الطائرات الروسية مواقع في مدينة إدلب وأخرى في ريف حماة الشمالي.",
     [("Air/drone strike", "إدلب"), ("Air/drone strike", "ريف حماة الشمالي")]),
    # three states and "سلسلة" between the verb and ضربات (seven words)
    ("وشنت الولايات المتحدة وفرنسا وبريطانيا فجر السبت سلسلة ضربات على مراكز أبحاث ومنشآت قرب دمشق "
     "وأخرى غرب مدينة حمص (وسط).", [("Air/drone strike", "قرب دمشق"), ("Air/drone strike", "حمص")]),
])
def test_strikes_on_targets_here_and_others_there_are_one_event_per_place(nlp, text, rows):
    assert [(s, p) for s, p, _ in _events(run_text(nlp, text))] == rows
