"""Coder rules of session 25, each on the sentence that showed the error (corpus reading)."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def _actor1(nlp, text: str, sub_event_type: str) -> list[str | None]:
    a = run_text(nlp, text)
    return [e.actor1.text if e.actor1 else None for e in a.events if e.sub_event_type == sub_event_type]


@pytest.mark.parametrize(("text", "country"), [
    ("توعد الرئيس الأمريكي دونالد ترامب، الأربعاء، باستهداف سوريا بصواريخ جديدة وذكية.", "سوريا"),
    ("ودأبت ميليشيات الحوثي الإيرانية على استهداف السعودية بصواريخ بالستية خلال الآونة الأخيرة.", "السعودية"),
    ("وأشار إلى أن الأخبار التي تحدثت عن قصف سوريا من الأراضي الأردنية كاذبة.", "سوريا"),
])
def test_a_country_after_the_verbal_noun_of_an_attack_is_not_the_attacker(nlp, text, country):
    for sub in ("Shelling/artillery/missile attack", "Air/drone strike"):
        assert country not in _actor1(nlp, text, sub)


@pytest.mark.parametrize(("text", "country"), [
    # an object of its own follows the country: it strikes
    ("وتأتي تلك التصريحات عقب استهداف إسرائيل مواقع في سوريا قالت إنها إيرانية.", "إسرائيل"),
    # the harm done by the country's shelling
    ("وقتل العشرات من جراء قصف تركيا في ناحية راجو.", "تركيا"),
    # a verb, not a verbal noun
    ("وقصفت تركيا مواقع في عفرين.", "تركيا"),
])
def test_a_country_that_strikes_stays_actor1(nlp, text, country):
    assert _actor1(nlp, text, "Shelling/artillery/missile attack") == [country]


def _relations(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(r.type, r.head.text, r.tail.text) for r in run_text(nlp, text).relations}


@pytest.mark.parametrize("text", [
    "لكن الحرب داخل سوريا هي حرب ضد داعش.",
    "واجتازوا منتصف يوليو الحدود إلى داخل سوريا لمحاربة تنظيم داعش.",
    "وصرح للصحافة في أعقاب غارات شنها سلاح الجو التركي على مواقع للجهاديين في سوريا وحملة التوقيفات التي استهدفت"
    " عناصر في تنظيم داعش.",
])
def test_a_country_after_a_locative_word_is_no_party_to_a_fight(nlp, text):
    assert not [r for r in _relations(nlp, text) if "سوريا" in r[1:]]


@pytest.mark.parametrize(("text", "relation"), [
    # a link cue after the place still states the alliance
    ("ومن المؤكد أن يثير القرار ردود فعل كبيرة في كوريا الجنوبية واليابان حليفتي واشنطن.",
     ("allied_with", "اليابان", "واشنطن")),
    ("وشنت تركيا عملية عسكرية ضد وحدات حماية الشعب الكردية.",
     ("fights_against", "تركيا", "وحدات حماية الشعب الكردية")),
])
def test_a_country_acting_keeps_its_relation(nlp, text, relation):
    rels = _relations(nlp, text)
    assert relation in rels or (relation[0], relation[2], relation[1]) in rels


@pytest.mark.parametrize("text", [
    "وغداة التقارير حول الهجوم الكيميائي، أعلنت دمشق عن اتفاق مع فصيل جيش الإسلام الذي يسيطر على دوما لإجلائه منها.",
    "وكانت أحدث الضربات التي وجهت لداعش، اعتقال قوات الأمن العراقية مسؤولا بارزا في الجهاز الدعائي التابع للتنظيم.",
])
def test_one_party_is_never_both_sides_of_an_event(nlp, text):
    evs = run_text(nlp, text).events
    assert evs
    for e in evs:
        assert not (e.actor1 and e.actor2 and e.actor1.start == e.actor2.start), (e.actor1, e.actor2)
