"""Session-24 coder rules.

Events: a long subject set off by a comma before its verb in a reported clause ("إن طائرات تابعة للتحالف
الدولي، قصفت …") is the event's actor1: the first name of the clause that "إن"/"أن" opens, unless it sits in a
prepositional phrase ("إن قياديا سابقا في تنظيم داعش، اعتقل": the group is the arrested man's). A clause
before the comma that "إن" does not open ("وبينما كان أوباما يغادر كينيا، هاجمت …") gives no subject.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def _actors(nlp, text: str, sub_event_type: str) -> list[tuple[str | None, str | None]]:
    a = run_text(nlp, text)
    return [(e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None)
            for e in a.events if e.sub_event_type == sub_event_type]


@pytest.mark.parametrize(("text", "sub_event_type", "actor1"), [
    ("قالت وسائل إعلام سورية نقلا عن مصدر عسكري، إن طائرات تابعة للتحالف الدولي، قصفت أحد مواقع الجيش السوري "
     "في دير الزور.", "Air/drone strike", "التحالف الدولي"),
    ("وقال ناشطون إن الوحدات الكردية والفصائل المساندة لها، اعتقلت نحو 150 شابا في بلدة صرين.", "Arrests",
     "الوحدات الكردية"),
    ("وأكدت المصادر العسكرية أن الطيران الإسرائيلي، أطلق صواريخ عدة باتجاه نقاط الجيش في محيط بلدة حضر.",
     "Air/drone strike", "الطيران الإسرائيلي"),
])
def test_a_subject_set_off_by_a_comma_after_inna_is_actor1(nlp, text, sub_event_type, actor1):
    got = _actors(nlp, text, sub_event_type)
    # "للتحالف": the name's span starts after the preposition's ل, so compare from the second letter
    assert got and got[0][0] is not None and got[0][0].endswith(actor1[1:]), got


def test_the_struck_party_of_a_comma_subject_event_is_fought(nlp):
    a = run_text(nlp, "قالت وسائل إعلام سورية، إن طائرات تابعة للتحالف الدولي، قصفت أحد مواقع الجيش السوري "
                      "في دير الزور.")
    fights = [r for r in a.relations if r.type == "fights_against"]
    assert fights and {"الجيش السوري"} <= {r.head.text for r in fights} | {r.tail.text for r in fights}


@pytest.mark.parametrize(("text", "sub_event_type"), [
    # the group is the arrested man's (a prepositional phrase), and the verb may be passive
    ("قال مسؤول بالشرطة إن قياديا سابقا في تنظيم داعش بسوريا، اعتقل مؤخرا في مانيلا.", "Arrests"),
    # no إن: the clause before the comma is an adverbial one, its name no subject
    ("وبينما كان الرئيس التركي رجب طيب أردوغان يغادر أنقرة، هاجمت مجموعة مسلحة فندقا في بغداد.", "Armed clash"),
    # a name inside بـ/من phrases ("معززة بقوات من التحالف") is a helper, not the head of the subject
    ("وقالت المصادر، إن القوات المهاجمة معززة بقوات من التحالف الدولي، اقتحمت مواقع الميليشيات في الدريهمي.",
     "Armed clash"),
])
def test_no_comma_subject_outside_a_reported_clause_or_inside_a_phrase(nlp, text, sub_event_type):
    got = _actors(nlp, text, sub_event_type)
    assert all(a1 is None or ("داعش" not in a1 and "أردوغان" not in a1 and "التحالف" not in a1) for a1, _ in got), got


def test_a_group_counted_among_the_dead_is_no_striker(nlp):
    got = _actors(nlp, "وأعلن المرصد مقتل 12 شخصا بينهم قياديان من فيلق الرحمن في غارة جوية على الغوطة الشرقية.",
                  "Air/drone strike")
    assert got and all(a1 is None or "فيلق الرحمن" not in a1 for a1, _ in got), got


@pytest.mark.parametrize(("text", "loser"), [
    ("وتمكنت القوات العراقية من استعادة السيطرة على مدينة القائم، آخر معاقل داعش في الأنبار، أمس.", "داعش"),
    ("واستعادت القوات العراقية أمس مدينة الموصل أبرز معاقل تنظيم داعش.", "تنظيم داعش"),
])
def test_the_group_whose_stronghold_was_taken_is_actor2(nlp, text, loser):
    got = _actors(nlp, text, "Government regains territory")
    assert got and got[0][1] == loser, got


def test_a_stronghold_near_the_place_is_not_the_place_taken(nlp):
    got = _actors(nlp, "وسيطرت قوات النظام على بلدة حيط قرب معاقل داعش أمس.", "Government regains territory")
    assert got and got[0][1] is None, got


def test_missiles_fired_a_few_words_after_the_verb_at_a_participles_object(nlp):
    got = _actors(nlp, "وقال المسؤول إن مسلحي داعش أطلقوا مساء الأربعاء نحو ثمانية صواريخ مستهدفة قوات البيشمركة "
                       "في قضاء مخمور.", "Shelling/artillery/missile attack")
    assert got == [("داعش", "قوات البيشمركة")], got


def test_a_rocket_launched_into_space_is_no_attack(nlp):
    a = run_text(nlp, "وأطلقت سبيس إكس صاروخها فالكون إلى الفضاء من ولاية فلوريدا.")
    assert a.events == []


@pytest.mark.parametrize(("text", "sub_event_type", "actor1"), [
    ("اتهم النظام السوري إسرائيل بقصف موقع عسكري تابع له في ريف حلب الشرقي مساء الأحد.",
     "Shelling/artillery/missile attack", "إسرائيل"),
    ("وتتهم أنقرة وحدات حماية الشعب الكردية بشن هجمات على قواتها في عفرين أمس.", "Armed clash",
     "وحدات حماية الشعب الكردية"),
    ("واتهمت جبهة النصرة الجيش السوري بقصف حي الميدان في حلب أمس.", "Shelling/artillery/missile attack",
     "الجيش السوري"),
])
def test_the_accused_not_the_accuser_is_actor1(nlp, text, sub_event_type, actor1):
    a = run_text(nlp, text)
    evs = [e for e in a.events if e.sub_event_type == sub_event_type]
    assert evs and evs[0].actor1 is not None and evs[0].actor1.text == actor1, evs
    assert evs[0].modality == "claimed"


@pytest.mark.parametrize("text", [
    # one name only: the verb may be passive ("اتُّهم") or follow its subject
    "واتهم النظام السوري باستخدام الأسلحة الكيماوية في الغوطة عام 2013.",
    "لكن الجيش الإسرائيلي اتهم حركة حماس بشن هجمات على الحدود مع غزة.",
    # the trigger is not the accusation's first بـ-object
    "اتهم الكرملين واشنطن برفض مواجهة الواقع فيما يتعلق بالهجوم الكيماوي على بلدة دوما.",
])
def test_an_accusation_with_one_name_or_another_object_changes_nothing(nlp, text):
    from marsad.analyse import events as ev_mod

    a = run_text(nlp, text)
    # the same actors as the coder gives with no accusation reading at all
    saved = ev_mod._accusation
    try:
        ev_mod._accusation = lambda *args, **kw: ([], None)
        b = run_text(nlp, text)
    finally:
        ev_mod._accusation = saved
    key = [(e.sub_event_type, e.actor1.text if e.actor1 else None) for e in a.events]
    assert key == [(e.sub_event_type, e.actor1.text if e.actor1 else None) for e in b.events], key


@pytest.mark.parametrize(("text", "actor1"), [
    ("وأفاد المرصد بأن الحكومة السورية سيطرت على نصف الغوطة الشرقية أمس.", "الحكومة السورية"),
    ("وتمكن الرئيس بشار الأسد من استعادة السيطرة على دوما أمس.", "بشار الأسد"),
])
def test_a_government_or_its_president_regains_territory(nlp, text, actor1):
    a = run_text(nlp, text)
    subs = [e.sub_event_type for e in a.events if e.actor1 is not None and actor1 in e.actor1.text]
    assert subs == ["Government regains territory"], [(e.sub_event_type, e.actor1) for e in a.events]


def test_an_outlet_the_kb_does_not_know_is_no_actor(nlp):
    a = run_text(nlp, "ونشرت وكالة بلومبيرغ في 13 فبراير تقريرا عن هجوم قتل فيه أكثر من 200 متعاقد عسكري روسي "
                      "في دير الزور.")
    assert a.events and all(e.actor1 is None or "بلومبيرغ" not in e.actor1.text for e in a.events)


@pytest.mark.parametrize(("text", "sub_event_type", "modality"), [
    ("وجاء في الكتاب أن ترامب أبلغ وزير دفاعه أنه يريد اغتيال الأسد.", "Attack", "planned"),
    ("وكشف ترامب عن رغبته في سحب القوات الأمريكية من سوريا.", "Non-violent transfer of territory", "planned"),
    ("بعد أيام من الهجوم الكيميائي المحتمل في دوما.", "Chemical weapon", "claimed"),
    ("جاءت هذه الضربات بعد أسبوع من هجوم كيميائي مزعوم على بلدة دوما.", "Chemical weapon", "claimed"),
])
def test_a_wish_is_planned_and_a_doubtful_attack_claimed(nlp, text, sub_event_type, modality):
    a = run_text(nlp, text)
    got = [e.modality for e in a.events if e.sub_event_type == sub_event_type]
    assert got == [modality], [(e.sub_event_type, e.modality) for e in a.events]


def test_strikes_answering_a_doubtful_attack_are_told(nlp):
    a = run_text(nlp, "وشنت الولايات المتحدة وفرنسا وبريطانيا ضربات جوية على مواقع في دمشق وحمص ردا على هجوم "
                      "كيميائي مفترض في دوما.")
    strikes = [e for e in a.events if e.sub_event_type in ("Air/drone strike", "Shelling/artillery/missile attack")]
    assert strikes and all(e.modality == "asserted" for e in strikes), [(e.sub_event_type, e.modality) for e in a.events]


@pytest.mark.parametrize("text", [
    "وقصفت قوات النظام بلدة كفرزيتا بالسلاح الكيماوي أمس.",
    "وارتفعت حصيلة ضحايا قصف النظام السوري بالغازات السامة على مدينة دوما إلى 70 قتيلا.",
    "وشنت قوات النظام هجمات بالكلور على بلدة سراقب.",
])
def test_shelling_with_chemical_weapons_is_a_chemical_attack(nlp, text):
    a = run_text(nlp, text)
    assert [e.sub_event_type for e in a.events] == ["Chemical weapon"], [(e.sub_event_type, e.location) for e in a.events]


def test_shelling_that_answers_a_chemical_attack_stays_shelling(nlp):
    a = run_text(nlp, "وقصفت فرنسا والولايات المتحدة وبريطانيا مواقع للحكومة السورية الشهر الماضي ردا على هجوم "
                      "كيماوي في دوما.")
    assert "Shelling/artillery/missile attack" in [e.sub_event_type for e in a.events], a.events


@pytest.mark.parametrize("text", [
    "وتحقق منظمة حظر الأسلحة الكيميائية في تقارير حول شن هجوم كيميائي في مدينة دوما.",
    "وتمكن خبراء منظمة حظر الأسلحة الكيمائية السبت من دخول مدينة دوما.",
])
def test_the_chemical_weapons_watchdog_is_no_actor(nlp, text):
    a = run_text(nlp, text)
    assert all(e.actor1 is None or "حظر" not in e.actor1.text for e in a.events), [(e.sub_event_type, e.actor1) for e in a.events]


@pytest.mark.parametrize(("text", "bad"), [
    # the pronoun of "وزعيمها" is the noun right before it (no name), not the organisation further back
    ('وأصدر "المجلس الاسلامي السوري" المقرب من الحكومة التركية بيانا شديد اللهجة ضد الهيئة وزعيمها أبي محمد '
     'الجولاني.', ("leader_of", "الحكومة التركية")),
    # "انضمامه": a man's joining, not the group named before
    ("ومنذ توقيفه، ينفي الرجل أي مشاركة في أنشطة داعش، مؤكدا فقط انضمامه إلى الجيش السوري الحر.",
     ("part_of", "الجيش السوري الحر")),
])
def test_a_pronoun_cue_does_not_reach_past_its_noun(nlp, text, bad):
    a = run_text(nlp, text)
    assert not [r for r in a.relations if (r.type, r.tail.text) == bad], [(r.type, r.head.text, r.tail.text) for r in a.relations]


def test_a_group_named_right_before_its_leader_title_keeps_it(nlp):
    a = run_text(nlp, "وهاجم المتظاهرون هيئة تحرير الشام وزعيمها أبا محمد الجولاني.")
    assert ("leader_of", "هيئة تحرير الشام") in [(r.type, r.tail.text) for r in a.relations]


def test_inspectors_entering_a_town_take_nothing(nlp):
    a = run_text(nlp, "ودخل مفتشو منظمة حظر الأسلحة الكيماوية إلى مدينة دوما أمس، لكنهم لم يجمعوا أي عينات.")
    assert not [e for e in a.events if e.event_type == "Battles"], [(e.sub_event_type, e.location) for e in a.events]
