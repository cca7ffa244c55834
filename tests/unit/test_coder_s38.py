"""Rules of session 38: the place حيث follows (past a verb of presence, the reference point of an
apposition, the members listed after the group), a leader "قائدا سابقا في", a part "كجزء من" said in a
relative clause or after a copula, a group that withdrew towards a place, a place retaken "من سيطرة" a
group, forcing a group back, a date between a verb and its object, objects joined past a place, a
relative clause after a link adjective."""

from __future__ import annotations

import pytest
from coder_helpers import D, G, L, either_pairs, hand_article, loc, relation_pairs, run_text


@pytest.mark.parametrize(("text", "pair"), [
    # a verb of presence or control between حيث and the group
    ("وقال إن منطقة درعا حيث يحتفظ تنظيم \"الدولة الإسلامية\" بوجود هامشي تشهد هدوءا.",
     ("تنظيم \"الدولة الإسلامية\"", "درعا")),
    ("وشدد على هدف التقدم نحو مدينة منبج حيث تتمركز القوات الأمريكية.", ("القوات الأمريكية", "منبج")),
])
def test_a_group_after_haythu_and_a_verb_of_presence(nlp, text, pair):
    assert pair in relation_pairs(run_text(nlp, text), "deployed_to")


def test_the_reference_point_of_an_apposition_is_not_where_the_group_is(nlp):
    a = run_text(nlp, "وشدد الرئيس التركي على التقدم نحو منبج، وهي منطقة شرقي عفرين، حيث تتواجد القوات الأميركية.")
    pairs = relation_pairs(a, "deployed_to")
    assert ("القوات الأميركية", "منبج") in pairs
    assert ("القوات الأميركية", "عفرين") not in pairs


def test_a_place_located_near_a_city_is_the_one_haythu_follows(nlp):
    a = run_text(nlp, "وتعد الغوطة الشرقية آخر معاقل المعارضة المسلحة قرب العاصمة السورية دمشق، حيث تنتشر فصائل "
                      "معارضة مختلفة بينها فصائل إسلامية، أكبرها جيش الإسلام وفيلق الرحمن.")
    pairs = relation_pairs(a, "deployed_to")
    # the members listed after the kind of group are there too
    assert {("جيش الإسلام", "الغوطة الشرقية"), ("فيلق الرحمن", "الغوطة الشرقية")} <= pairs
    assert not any(tail == "دمشق" for _, tail in pairs)


def test_a_former_commander_in_a_group(nlp):
    a = run_text(nlp, "وقال تلفزيون روداو إن أوزدان كان قائدا سابقا في وحدات مقاومة سنجار.")
    assert ("أوزدان", "وحدات مقاومة سنجار") in relation_pairs(a, "leader_of")


def test_a_predicate_commander_without_a_group_is_none(nlp):
    a = run_text(nlp, "وبات أبو محمد الجولاني قائدا ميدانيا بارزا في المعارك ضد داعش.")
    assert not relation_pairs(a, "leader_of")


def test_part_of_said_in_a_relative_clause_past_a_place(nlp):
    a = run_text(nlp, "ويبين التقرير مواقع القوات الأميركية والفرنسية، التي تعمل في سوريا كجزء من قوات التحالف الدولي.")
    pairs = relation_pairs(a, "part_of")
    assert {("القوات الأميركية", "قوات التحالف الدولي"), ("الفرنسية", "قوات التحالف الدولي")} <= pairs


def test_part_of_said_of_a_copulas_subject(nlp):
    a = run_text(nlp, "وقد أصبحت ميليشيات الحشد الشعبي التي يديرها سليماني في العراق رسميا جزءا من القوات المسلحة "
                      "العراقية.")
    assert ("الحشد الشعبي", "القوات المسلحة العراقية") in relation_pairs(a, "part_of")


@pytest.mark.parametrize(("text", "pairs"), [
    ("وجاء التقدم عقب اشتباكات مع مسلحي تنظيم داعش في الحي، حيث انسحب مقاتلو تنظيم داعش باتجاه مخيم اليرموك "
     "وحي التضامن.", {("تنظيم داعش", "اليرموك"), ("تنظيم داعش", "التضامن")}),
    ("وقال الباحث: حين بدأت معركة القصير، انسحب مقاتلو المعارضة إلى القلمون.", {("مقاتلو المعارضة", "القلمون")}),
])
def test_a_group_that_withdrew_towards_a_place_went_there(nlp, text, pairs):
    assert pairs <= relation_pairs(run_text(nlp, text), "deployed_to")


@pytest.mark.parametrize("text", [
    # the place it withdrew from is not where it is
    "وانسحبت قوات النظام من مواقعها في ريف حماة بعد معارك عنيفة.",
    # a withdrawal demanded is no move made
    "وطالبت أنقرة بانسحاب وحدات حماية الشعب إلى شرق الفرات.",
])
def test_no_destination_no_deployment(nlp, text):
    assert not relation_pairs(run_text(nlp, text), "deployed_to")


@pytest.mark.parametrize(("text", "spec", "pair"), [
    # a place retaken from a group's hold: the retaker fought it (relations alone, no event's fight)
    ("وتمكنت القوات العراقية من استعادة مدينة الرمادي من سيطرة تنظيم داعش.",
     [("القوات العراقية", G, {"entity_id": "grp:iraqi-security-forces"}), ("الرمادي", L, loc("plc:ramadi")),
      ("تنظيم داعش", G, {"entity_id": "grp:isis"})],
     ("القوات العراقية", "تنظيم داعش")),
    # a date between the verb and its object
    ("وهاجمت قوات النظام في الأيام الأخيرة مواقع جيش الإسلام في دوما.",
     [("قوات النظام", G, {"entity_id": "grp:syrian-army"}), ("في الأيام الأخيرة", D, {}),
      ("جيش الإسلام", G, {"entity_id": "grp:jaysh-al-islam"}), ("دوما", L, loc("plc:duma"))],
     ("قوات النظام", "جيش الإسلام")),
])
def test_fight_cues_of_relations_alone(text, spec, pair):
    assert pair in either_pairs(hand_article(text, spec), "fights_against")


def test_forcing_a_group_back_is_a_fight(nlp):
    a = run_text(nlp, "وتمكنت قوات البشمركة من اجبار مقاتلي تنظيم داعش على التقهقر في شمال العراق.")
    assert ("قوات البشمركة", "تنظيم داعش") in either_pairs(a, "fights_against")


def test_a_place_leaving_a_groups_hold_names_no_fight(nlp):
    assert not relation_pairs(run_text(nlp, "وخرجت المدينة من سيطرة تنظيم داعش عام 2017."), "fights_against")


def test_objects_joined_past_the_place_of_the_first(nlp):
    a = run_text(nlp, "وكانت تركيا استهدفت في الايام الاخيرة مواقع تنظيم داعش في سوريا ولحزب العمال الكردستاني في "
                      "شمال العراق.")
    assert {("تركيا", "تنظيم داعش"), ("تركيا", "حزب العمال الكردستاني")} <= either_pairs(a, "fights_against")


def test_a_deployment_cue_ending_in_the_first_word_of_the_name_it_moves(nlp):
    a = run_text(nlp, "وتم نقل مقاتلي المعارضة إلى إدلب في شمال سوريا.")
    assert ("مقاتلي المعارضة", "إدلب") in relation_pairs(a, "deployed_to")


@pytest.mark.parametrize(("text", "place"), [
    # "من السيطرة على": a taking, the place before is no party
    ("فيما تمكنت المقاومة الشعبية في محافظة مأرب من السيطرة على مواقع لمليشيات الحوثي في منطقة الفاو.", "مأرب"),
    # a town anaphor is no state, even abroad
    ("وتقترب القوات من مدينة الحديدة الساحلية. وتسعى القوات الموالية للحكومة اليمنية للسيطرة على المدينة وإجبار "
     "الحوثيين على تسليمها.", "الحديدة"),
])
def test_no_fight_with_a_town(nlp, text, place):
    assert not any(place in (h, t) for h, t in relation_pairs(run_text(nlp, text), "fights_against"))


def test_a_verb_after_a_comma_names_its_own_subject(nlp):
    a = run_text(nlp, "وفي العاصمة صنعاء الخاضعة لسيطرة الحوثيين، أجبرت ميليشيات إيران المستشفيات الخاصة على تجهيز "
                      "فرق طبية.")
    assert not relation_pairs(a, "fights_against")


def test_a_relative_clause_after_a_link_adjective_is_said_of_the_noun_it_describes(nlp):
    a = run_text(nlp, "وتسيطر ميليشيا حزب الله الموالية لإيران، والتي تدعم ميليشيا الحوثي بالسلاح والتدريب، على تجارة "
                      "المخدرات في لبنان.")
    pairs = relation_pairs(a, "sponsored_by")
    assert ("ميليشيا الحوثي", "حزب الله") in pairs
    assert ("ميليشيا الحوثي", "إيران") not in pairs


def test_a_masdar_after_a_comma_keeps_the_subject_before(nlp):
    a = run_text(nlp, "وتساهم المكاسب الميدانية التي حققها الجيش الوطني اليمني بمساندة التحالف العربي لدعم الشرعية، في "
                      "إجبار الحوثيين على الدخول في المسار السياسي.")
    assert ("التحالف العربي لدعم الشرعية", "الحوثيين") in either_pairs(a, "fights_against")
