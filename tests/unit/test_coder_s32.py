"""Rules of session 32: places joined by و and a preposition or type word ("وقرب العاصمة دمشق", "وفي
محافظة إدلب"); forces named by a head shared with a nationality adjective ("القوات الأمريكية والفرنسية");
a name after a violent noun joined with و is that noun's agent ("هجمات X وغارات Y")."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, relation_pairs, run_text

from marsad.analyse.matcher import match_text


@pytest.mark.parametrize(("text", "pairs"), [
    # a place after و and a preposition, type words skipped
    ("واستهدفت الغارات عدة مواقع عسكرية لقوات النظام السوري في ريف حمص وقرب العاصمة دمشق.",
     {("قوات النظام السوري", "ريف حمص"), ("قوات النظام السوري", "دمشق")}),
    # … after و and a place noun
    ("ودمرت الطائرات أوكار تنظيم داعش في مناطق حصيبة الشرقية وجزيرة الخالدية.",
     {("تنظيم داعش", "حصيبة الشرقية"), ("تنظيم داعش", "الخالدية")}),
    # a named place after an unnamed one
    ("وقال إنه توجد قوات تركية في مناطق شمال البلاد وفي محافظة إدلب.", {("قوات تركية", "إدلب")}),
])
def test_joined_places(nlp, text, pairs):
    assert pairs <= relation_pairs(run_text(nlp, text), "deployed_to")


def test_joined_place_needs_a_joiner(nlp):
    # "وسط" is no joiner: the town after it is where the strikes fell, not another position
    rels = relation_pairs(run_text(nlp, "وقصفت الطائرات مواقع لقوات النظام السوري في ريف حمص ووسط مدينة حماة."),
                 "deployed_to")
    assert ("قوات النظام السوري", "ريف حمص") in rels
    assert not any(t == "حماة" for _h, t in rels), rels


@pytest.mark.parametrize(("text", "expected"), [
    ("وتعمل القوات الأمريكية والفرنسية والبريطانية في سوريا.",
     [("القوات الأمريكية", "grp:us-forces"), ("الفرنسية", "grp:french-forces"),
      ("البريطانية", "grp:british-forces")]),
    ("وقصفت الطائرات الروسية والسورية مدينة إدلب.",
     [("الطائرات الروسية", "grp:russian-forces"), ("السورية", "grp:syrian-air-force")]),
    # a dual head: one force per adjective
    ("وقال إن الجيشين الروسي والأمريكي اتفقا.",
     [("الجيشين الروسي", "grp:russian-forces"), ("الأمريكي", "grp:us-forces")]),
])
def test_shared_head_names_each_force(text, expected):
    got = [(e.text, e.entity_id) for e in match_text(text) if e.type == "ARMED_GROUP"]
    assert got == expected


@pytest.mark.parametrize("text", [
    # no nationality adjective: branches of one force, no second force
    "وانسحبت القوات البرية والجوية من المنطقة.",
    # a head that is not a force
    "وقال المسؤولون الأمريكيون والفرنسيون إن الاجتماع انتهى.",
])
def test_shared_head_needs_a_force_and_a_nationality(text):
    assert [e for e in match_text(text) if e.type == "ARMED_GROUP"] == []


def test_parallel_noun_agent_is_no_target(nlp):
    rows = event_rows(run_text(
        nlp, "لكن التنظيم تراجع وخسر أغلب المناطق التي كان يسيطر عليها أمام هجمات القوات العراقية والسورية "
             "وغارات التحالف بقيادة الولايات المتحدة."))
    strikes = [r for r in rows if r[0] == "Air/drone strike"]
    assert strikes and all(r[1] == "التحالف بقيادة الولايات المتحدة" for r in strikes), rows
    assert not any(r[2] == "التحالف بقيادة الولايات المتحدة" for r in rows), rows


@pytest.mark.parametrize("text", [
    # disengagement, a fear of a confrontation: no fight
    "وشدد القرار على ضرورة احترام اتفاق فض الاشتباك بين القوات الإسرائيلية والسورية.",
    "وهدد أردوغان بتوسيع العملية إلى منبج، ما أثار مخاوف من مواجهة بين القوات التركية والأميركية.",
])
def test_no_fight_stated(nlp, text):
    assert not relation_pairs(run_text(nlp, text), "fights_against")


def test_fight_between_forces_of_a_shared_head(nlp):
    assert relation_pairs(run_text(nlp, "وقعت اشتباكات بين القوات التركية والأميركية قرب منبج."), "fights_against") == {
        ("القوات التركية", "الأميركية")}


def test_demonstrative_takes_the_link(nlp):
    rels = relation_pairs(run_text(nlp, "وبالإضافة إلى الطائرات الروسية والسورية وتلك التابعة للتحالف، تشن القوات "
                               "العراقية ضربات جوية ضد تنظيم داعش."), "part_of")
    assert not rels


@pytest.mark.parametrize("text", [
    # accusers joined by و, the accused after them
    "واتهم الجيشان الروسي والسوري إسرائيل بالوقوف وراء هجوم صاروخي قبل فجر الاثنين، استهدف قاعدة تيفور.",
    # "بالوقوف وراء" before the trigger
    "واتهم الجيش الروسي إسرائيل بالوقوف وراء هجوم صاروخي استهدف قاعدة تيفور.",
])
def test_accused_is_the_actor(nlp, text):
    rows = event_rows(run_text(nlp, text))
    assert rows and all(r[1] == "إسرائيل" for r in rows), rows


def _place(a, text):
    return next(e for e in a.entities if e.type == "LOCATION" and e.text == text)


@pytest.mark.parametrize("text", [
    "قتل 44 مدنيا في غارات جوية استهدفت قرية زردانا في ريف إدلب الشمالي أمس.",
    "وقصفت الطائرات قرية زردانا بريف إدلب.",
    "وقصفت الطائرات قرية زردانا شمال إدلب.",
])
def test_unknown_village_is_placed_at_its_district(nlp, text):
    a = run_text(nlp, text)
    village = _place(a, "زردانا")
    assert (village.admin1, village.country, village.attrs["geo_precision"]) == ("Idlib", "SY", 2)
    assert village.attrs["situated_in"] == "plc:idlib" and village.lat is not None
    loc = a.events[0].location
    assert (loc.text, loc.admin1, loc.geo_precision) == ("زردانا", "Idlib", 2)


@pytest.mark.parametrize("text", [
    # a list of villages, not one inside the other
    "وقصفت الطائرات قرى زردانا، ومعرة مصرين.",
    # near a town is not in it (it may lie in another province)
    "وقصفت الطائرات قرية زردانا قرب إدلب.",
])
def test_unknown_village_is_not_placed_by_a_neighbour(nlp, text):
    village = _place(run_text(nlp, text), "زردانا")
    assert village.admin1 is None and "situated_in" not in village.attrs


def test_a_placed_village_stays_its_own_event(nlp):
    a = run_text(nlp, "قصف الطيران المروحي بالبراميل المتفجرة على مناطق في مدينة تلبيسة، فيما تعرضت مناطق في بلدة "
                      "الغنطو بريف حمص الشمالي لقصف بالبراميل المتفجرة من طائرات النظام المروحية.")
    assert sorted(e.location.text for e in a.events) == ["الغنطو", "تلبيسة"]


def test_shared_head_with_proclitics():
    got = [(e.text, e.entity_id) for e in match_text("والقوات الروسية والسورية تقصف ريف إدلب.")
           if e.type == "ARMED_GROUP"]
    assert got == [("القوات الروسية", "grp:russian-forces"), ("السورية", "grp:syrian-army")]
