"""Session-8 relation rules, found by reading the output on random corpus articles outside the gold
sets; every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text

from marsad.analyse.linker import new_entity_id


def rels(art):
    return sorted((r.type, r.head.entity_id, r.tail.entity_id) for r in art.relations)


def test_fighting_within_an_umbrella_is_no_fight_against_it(nlp):
    assert rels(run_text(nlp, "ويقاتل لواء ذو الفقار ضمن الحشد الشعبي في سوريا.")) == [
        ("part_of", "grp:liwa-dhulfiqar", "grp:pmf")]
    assert not [r for r in run_text(nlp, "ويقاتل حزب الله في صفوف الجيش السوري في حلب.").relations
                if r.type == "fights_against"]


def test_a_verb_first_fight_is_found_when_the_with_frame_states_nothing(nlp):
    assert ("fights_against", "grp:isis", "grp:syrian-army") in rels(
        run_text(nlp, "وتقاتل قوات النظام تنظيم داعش في دير الزور."))


def test_the_object_fought_does_not_join_the_umbrella(nlp):
    text = ("وبدأت تركيا هجوما ضد وحدات حماية الشعب الكردية، وهي حليفة لواشنطن في محاربة داعش "
            "وتشارك ضمن قوات سوريا الديمقراطية في عمليات عسكرية.")
    assert not [r for r in run_text(nlp, text).relations if r.type == "part_of" and r.head.entity_id == "grp:isis"]


def test_a_state_and_its_forces_make_one_fights_against(nlp):
    art = run_text(nlp, 'وبدأت تركيا هجوما في عفرين ضد وحدات حماية الشعب الكردية التي تعتبرها أنقرة "إرهابية".')
    assert len([r for r in art.relations if r.type == "fights_against"]) == 1


@pytest.mark.parametrize("text", [
    "وأبلغت رسالة مساعد الأمين العام للأمم المتحدة لشؤون حقوق الإنسان، أندرو غيلمور، بواقعة الخطف.",
    "وقال نائب زعيم حزب الله نعيم قاسم إن الحزب باق في سوريا.",
])
def test_a_deputy_or_an_aide_does_not_lead(nlp, text):
    assert not [r for r in run_text(nlp, text).relations if r.type == "leader_of"]


def test_the_leader_an_aide_serves_still_leads(nlp):
    art = run_text(nlp, "وقتل مساعد شخصي لزعيم تنظيم داعش أبو بكر البغدادي في غارة.")
    assert ("leader_of", "per:abu-bakr-al-baghdadi", "grp:isis") in rels(art)


def test_a_hashtag_name_is_the_same_new_entity():
    assert new_entity_id("PERSON", "فالح_عبدالجبار") == new_entity_id("PERSON", "فالح عبدالجبار")


def test_no_relation_between_a_hashtag_and_the_plain_name(nlp):
    # a corpus sentence (ant/AL-culture-97-20180226): the two forms of one name gave a met_with
    text = ("وكان الإعلامي #تركي_الدخيل قد استضاف #المفكر_العراقي_فالح_عبدالجبار في برنامج #إضاءات، حيث قال "
            "عالم الاجتماع العراقي الدكتور، فالح عبدالجبار، إن الوطنية العراقية قد انفصلت عن أيديولوجيا الدولة.")
    assert not [r for r in run_text(nlp, text).relations if r.type == "met_with"]


def test_a_part_of_a_country_is_not_the_state_acting(nlp):
    text = "وأعلنت الولايات المتحدة نشر مقاتلات في قاعدة انجيرليك جنوب تركيا للمشاركة في الحرب ضد داعش."
    assert not [r for r in run_text(nlp, text).relations if r.type == "fights_against" and r.tail.text == "جنوب تركيا"
                or r.head.text == "جنوب تركيا"]
    assert ("fights_against", "grp:pkk", "plc:turkey") in rels(run_text(nlp, "وتشن تركيا حربا ضد حزب العمال الكردستاني."))


def test_fighting_alongside_is_no_fight_against(nlp):
    art = run_text(nlp, "شارك العامري في المعارك التي خاضها فيلق بدر إلى جانب القوات الإيرانية خلال الحرب.")
    assert not [r for r in art.relations if r.type == "fights_against"]
    assert all(e.actor2 is None or e.actor2.entity_id != "grp:iranian-army" for e in art.events)


def test_a_blocked_cue_does_not_fall_back_to_another_frame(nlp):
    art = run_text(nlp, "وتسعى موسكو لمنع تقاتل قوات النظام وتنظيم داعش في دير الزور.")
    assert not [r for r in art.relations if r.type == "fights_against"]


def test_places_after_fi_are_not_states_fighting(nlp):
    text = "بحث الرئيسان، خلال اتصال هاتفي الأربعاء، الحرب في سوريا والعراق والمعركة ضد تنظيم داعش."
    assert not [r for r in run_text(nlp, text).relations if r.type == "fights_against"]
    assert ("fights_against", "grp:ypg", "plc:ankara") in rels(
        run_text(nlp, "وشنت أنقرة حملة ضد وحدات حماية الشعب في عفرين."))
