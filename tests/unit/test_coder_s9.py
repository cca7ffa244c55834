"""Session-9 coder rules, found on fresh blind dev gold (tests/gold/corpus, annotators H34/H35);
every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text

from marsad.analyse.cues import article_view
from marsad.analyse.events import _location_of, _named_area_away, _resolved_entities
from marsad.model import Location

SHELLING = "Shelling/artillery/missile attack"


def _places(a, sub: str) -> list[str | None]:
    return sorted((e.location.text if e.location else None) or "" for e in a.events if e.sub_event_type == sub)


# ------------------------------------------------- one event per place, also inside one sentence
def test_shelling_of_three_places_in_one_sentence_is_three_events(nlp):
    text = ("قصفت قوات النظام مناطق في جرود القلمون، دون أنباء عن إصابات، بينما قصفت قوات النظام مناطق في "
            "بلدة بيت جن بريف دمشق الغربي، كذلك جددت قوات النظام قصفها لمناطق في مدينة الزبداني.")
    assert _places(run_text(nlp, text), SHELLING) == sorted(["القلمون", "بيت جن", "الزبداني"])


def test_towns_in_separate_clauses_are_no_village_list(nlp):
    """Three towns spread over a sentence do not make "the villages of one region" (the region became
    the place of every event of the sentence)."""
    text = ("قصفت قوات النظام بلدة بيت جن في ريف دمشق الغربي، وقتل رجل في انفجار في مدينة حرستا، "
            "كما قصفت قوات النظام مدينة الزبداني.")
    a = run_text(nlp, text)
    assert _places(a, SHELLING) == sorted(["بيت جن", "الزبداني"])
    assert all(not e.places for e in a.events)


def test_a_real_village_list_still_gives_the_region(nlp):
    text = "انسحب تنظيم داعش من بلدات الباغوز والسوسة والشعفة وهجين في ريف دير الزور الشرقي."
    a = run_text(nlp, text)
    listed = [e for e in a.events if e.places]
    assert [e.location.text for e in listed] == ["ريف دير الزور الشرقي"]
    assert [p.text for p in listed[0].places] == ["الباغوز", "السوسة", "الشعفة", "هجين"]


def test_two_cues_of_one_event_in_one_place_stay_one_event(nlp):
    text = "قصفت قوات النظام بلدة بيت جن بالمدفعية الثقيلة، واستهدفت قوات النظام البلدة بقذائف الهاون."
    assert len([e for e in run_text(nlp, text).events if e.sub_event_type == SHELLING]) == 1


# ------------------------------------------------- a named area is not every town of its governorate
def _loc(text: str, lat: float, lon: float, prec: int) -> Location:
    return Location(text, 0, len(text), lat=lat, lon=lon, admin1="Rural Damascus", geo_precision=prec)


@pytest.mark.parametrize(("area", "town", "away"), [
    (_loc("القلمون", 33.95, 36.6, 2), _loc("بيت جن", 33.31, 35.86, 1), True),
    (_loc("الغوطة الشرقية", 33.53, 36.42, 2), _loc("دوما", 33.57, 36.40, 1), False),
    (_loc("ريف دمشق الغربي", 33.5, 36.6, 2), _loc("بيت جن", 33.31, 35.86, 1), False),  # a phrase: its point is no centre
    (_loc("القلمون", 33.95, 36.6, 2), _loc("يبرود", 33.97, 36.66, 1), False),
])
def test_named_area_away(area, town, away):
    assert _named_area_away(area, town) is away


# ------------------------------------------------- the weapon of the cue's own clause decides the type
def test_mortars_of_the_clause_beat_aircraft_of_the_clause_before(nlp):
    text = ("تعرضت مناطق في بلدة تلبيسة لقصف بالبراميل المتفجرة من طائرات النظام المروحية، كذلك استهدفت "
            "الفصائل المعارضة تمركزات لقوات النظام بقذائف الهاون في محيط مدينة الرستن.")
    a = run_text(nlp, text)
    by_place = {e.location.text: e for e in a.events if e.location}
    assert by_place["تلبيسة"].sub_event_type == "Air/drone strike"
    shelling = by_place["الرستن"]
    assert shelling.sub_event_type == SHELLING
    # the vague cue ("استهدفت … تمركزات") had the attacker and the target; the weapon's cue took the target
    assert (shelling.actor1.entity_id, shelling.actor2.entity_id) == ("grp:syrian-opposition-factions",
                                                                      "grp:syrian-army")


def test_aircraft_in_the_same_clause_still_make_an_air_strike(nlp):
    text = "استهدفت طائرات النظام الحربية مواقع الفصائل المعارضة بالصواريخ في مدينة الرستن."
    assert [e.sub_event_type for e in run_text(nlp, text).events] == ["Air/drone strike"]


# ------------------------------------------------- a region phrase is a construct with an indefinite head
@pytest.mark.parametrize(("text", "place", "widened"), [
    ("اندلعت اشتباكات بين قوات النظام وتنظيم داعش قرب القريتين الواصلة بين ريف حمص ومنطقة القلمون الشرقي "
     "بريف دمشق.", "قرب القريتين", "ريف دمشق"),
    ("اندلعت اشتباكات بين قوات النظام وتنظيم داعش شرقي حلب.", "شرقي حلب", "شرقي حلب"),
])
def test_a_definite_direction_word_is_no_region_head(nlp, text, place, widened):
    """"القلمون الشرقي بريف دمشق": الشرقي is the adjective of the place before (a location read
    "شرقي بريف دمشق"); "شرقي حلب" is a region phrase."""
    a = run_text(nlp, text)
    assert place in [e.location.text for e in a.events if e.location]
    view = article_view(a)
    wide = [_location_of(a, view, pe).text for pe in _resolved_entities(a, view) if pe.ent.type == "LOCATION"]
    assert widened in wide and not any(t.startswith("شرقي ب") for t in wide)


# ------------------------------------------------- a fight told side by side
def _rels(a) -> set[tuple[str, str | None, str | None]]:
    return {(r.type, *sorted((r.head.entity_id or "", r.tail.entity_id or ""))) for r in a.relations}


def test_sides_of_a_fight_give_allies_and_enemies(nlp):
    text = ("دارت اشتباكات بين قوات النظام مدعمة بقوات الدفاع الوطني وحزب الله اللبناني من طرف، "
            "وجيش الفتح من طرف آخر في ريف حلب الجنوبي.")
    rels = _rels(run_text(nlp, text))
    assert ("allied_with", "grp:ndf", "grp:syrian-army") in rels
    assert ("allied_with", "grp:hezbollah", "grp:syrian-army") in rels
    assert ("fights_against", "grp:jaysh-al-fatah", "grp:syrian-army") in rels
    assert not any(t == "fights_against" and "grp:jaysh-al-fatah" not in (h, x) for t, h, x in rels)


def test_two_groups_of_one_side_are_no_attacker_and_target(nlp):
    text = "اشتباكات بين الفرقة الرابعة وحزب الله اللبناني من جهة، والفصائل الإسلامية من جهة أخرى في الزبداني."
    a = run_text(nlp, text)
    clash = [e for e in a.events if e.event_type == "Battles"]
    assert clash and clash[0].actor1.entity_id == "grp:fourth-division" and clash[0].actor2 is None
    rels = _rels(a)
    assert ("allied_with", "grp:fourth-division", "grp:hezbollah") in rels
    assert not any(t == "fights_against" for t, _, _ in rels)


def test_an_aside_in_brackets_is_no_side(nlp):
    text = ("اشتباكات بين قوات النظام من جهة، وجبهة النصرة (تنظيم القاعدة في بلاد الشام) من جهة أخرى "
            "في حي جوبر.")
    rels = _rels(run_text(nlp, text))
    assert ("fights_against", "grp:jabhat-al-nusra", "grp:syrian-army") in rels
    assert not any("grp:al-qaeda" in (h, x) for _, h, x in rels)


def test_sides_of_an_agreement_are_no_enemies(nlp):
    text = "وقع اتفاق بين قوات النظام وحزب الله اللبناني من جهة، وجيش الفتح من جهة أخرى."
    assert not {t for t, _, _ in _rels(run_text(nlp, text))} & {"fights_against", "allied_with"}


# ------------------------------------------------- presence: a state's, and "under the control of"
@pytest.mark.parametrize(("text", "head", "tail"), [
    ("وقال إن لتركيا وجود في منطقة عفرين شمال غربي سوريا.", "plc:turkey", "plc:afrin"),
    ("وللقوات الأميركية وجود في التنف.", "grp:us-forces", "plc:tanf"),
    ("وتقع مدينة دوما الواقعة تحت سيطرة جيش الإسلام شرق دمشق.", "grp:jaysh-al-islam", "plc:duma"),
])
def test_presence_is_deployed_to(nlp, text, head, tail):
    rels = [(r.type, r.head.entity_id, r.tail.entity_id) for r in run_text(nlp, text).relations]
    assert ("deployed_to", head, tail) in rels


def test_a_state_hitting_a_place_is_not_there(nlp):
    rels = run_text(nlp, "وقصفت تركيا مواقع في عفرين، ويتزايد وجود المدنيين في المخيمات.").relations
    assert not [r for r in rels if r.type == "deployed_to"]


# ------------------------------------------------- a country named before its verb acts
@pytest.mark.parametrize("text", [
    "وكانت تركيا استهدفت مواقع لحزب العمال الكردستاني في شمال العراق.",
    "وقالت الوكالة إن تركيا قصفت مواقع لحزب العمال الكردستاني في شمال العراق.",
])
def test_a_country_before_its_verb_is_the_attacker(nlp, text):
    a = run_text(nlp, text)
    ev = [e for e in a.events if e.event_type == "Explosions/Remote violence"]
    assert ev and ev[0].actor1.entity_id == "grp:turkish-forces" and ev[0].actor1.text == "تركيا"


def test_a_place_before_a_verb_in_a_relative_sense_is_no_attacker(nlp):
    a = run_text(nlp, "وهاجم مسلحون من حزب العمال الكردستاني مواقع في تركيا استهدفت الشرطة.")
    assert all(e.actor1 is None or e.actor1.entity_id != "grp:turkish-forces" for e in a.events)


# ------------------------------------------------- back-references and agents
def test_the_areas_of_the_clashes_are_no_new_clash(nlp):
    text = ("دارت اشتباكات في حي الخالدية بمدينة حلب، ترافق مع قصف متبادل من الطرفين على مناطق الاشتباكات، "
            "كما فتح الطيران الحربي نيران رشاشاته على مناطق بمحيط مطار كويرس العسكري.")
    a = run_text(nlp, text)
    assert [e.event_type for e in a.events if e.event_type == "Battles"] == ["Battles"]
    strikes = [e for e in a.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and "كويرس" in strikes[0].location.text


def test_each_side_frame_of_a_sentence_is_read(nlp):
    text = ("دارت اشتباكات بين جيش الفتح من طرف، وقوات النظام من طرف آخر في حي جمعية الزهراء، كما دارت "
            "اشتباكات بين الكتائب المقاتلة من جهة، وقوات النظام مدعمة بقوات الدفاع الوطني من جهة أخرى "
            "في حي السبع بحرات.")
    a = run_text(nlp, text)
    assert ("allied_with", "grp:ndf", "grp:syrian-army") in _rels(a)
    assert all(not (e.actor2 and e.actor2.entity_id == "grp:ndf") for e in a.events)


def test_the_clashes_referred_to_by_their_areas_get_no_place_of_their_own(nlp):
    text = ("دارت اشتباكات في حي الخالدية بمدينة حمص، ترافق مع قصف متبادل على مناطق الاشتباكات، "
            "كما قصفت قوات النظام محيط مطار كويرس العسكري بريف حلب الشرقي.")
    battles = [e for e in run_text(nlp, text).events if e.event_type == "Battles"]
    assert len(battles) == 1 and "كويرس" not in (battles[0].location.text if battles[0].location else "")


# ------------------------------------------------- an active verb of backing
@pytest.mark.parametrize(("text", "pair"), [
    ("وتنتقد تركيا الولايات المتحدة، التي تدعم وحدات حماية الشعب الكردية.", ("grp:ypg", "plc:united-states")),
    ("وتدعم الولايات المتحدة قوات سوريا الديمقراطية في معركتها ضد داعش.", ("grp:sdf", "plc:united-states")),
    ("وقالت إن إيران تدعم حزب الله.", ("grp:hezbollah", "plc:iran")),
])
def test_the_object_of_a_backing_verb_is_sponsored_by_its_subject(nlp, text, pair):
    rels = [(r.type, r.head.entity_id, r.tail.entity_id) for r in run_text(nlp, text).relations]
    assert ("sponsored_by", *pair) in rels


def test_a_state_first_after_its_verb_attacks(nlp):
    rels = _rels(run_text(nlp, "وهاجمت تركيا مقرات حزب العمال الكردستاني في شمال العراق."))
    assert ("fights_against", "grp:pkk", "plc:turkey") in rels


def test_stopping_support_is_no_backing(nlp):
    rels = run_text(nlp, "وطالب الرئيس بوقف دعم الولايات المتحدة لوحدات حماية الشعب.").relations
    assert not [r for r in rels if r.type == "sponsored_by"]


# ------------------------------------------------- bombers who blew themselves up
def test_bombers_blowing_themselves_up_is_a_suicide_bomb(nlp):
    text = ("بدأت الاشتباكات ليل أمس بالتزامن مع تفجيرات استهدفت حواجز لقوات النظام ناجمة عن تفجير عناصر من "
            "تنظيم داعش لأنفسهم بعربات مفخخة في محيط مدينة القريتين.")
    bombs = [e for e in run_text(nlp, text).events if e.event_type == "Explosions/Remote violence"]
    assert [(e.sub_event_type, e.actor1.entity_id) for e in bombs] == [("Suicide bomb", "grp:isis")]


def test_a_car_bomb_alone_stays_an_ied(nlp):
    text = "انفجرت سيارة مفخخة قرب حاجز لقوات النظام في مدينة القريتين."
    assert [e.sub_event_type for e in run_text(nlp, text).events] == ["Remote explosive/landmine/IED"]


def test_a_meeting_noun_with_a_pronoun_is_a_meeting(nlp):
    text = "وقال وزير الخارجية التركي مولود جاوش أوغلو خلال لقائه نظيره الأميركي جون كيري في ماليزيا إن."
    rels = [(r.type, *sorted((r.head.text, r.tail.text))) for r in run_text(nlp, text).relations]
    assert [r for r in rels if r[0] == "met_with" and "جون كيري" in r]


# ------------------------------------------------- the force supporting another fights beside it
def test_a_force_supporting_another_in_battle_is_its_ally(nlp):
    rels = _rels(run_text(nlp, "وتقدمت قوات النظام مدعومة بمقاتلين من حزب الله اللبناني نحو بلدة الزبداني."))
    assert ("allied_with", "grp:hezbollah", "grp:syrian-army") in rels
    assert not [r for r in rels if r[0] == "sponsored_by"]


def test_the_supporting_force_is_no_enemy_of_the_subject(nlp):
    rels = _rels(run_text(nlp, "وقاتلت قوات النظام المدعمة بقوات الدفاع الوطني في حي جوبر."))
    assert ("allied_with", "grp:ndf", "grp:syrian-army") in rels
    assert not [r for r in rels if r[0] == "fights_against"]


def test_backing_from_a_state_is_still_sponsorship(nlp):
    text = "وتقدمت قوات سوريا الديمقراطية المدعومة أيضا من الولايات المتحدة نحو الرقة."
    assert ("sponsored_by", "grp:sdf", "plc:united-states") in _rels(run_text(nlp, text))


def test_an_umbrella_right_after_its_verb_of_composition(nlp):
    a = run_text(nlp, "ويضم جيش الفتح فصائل أحرار الشام وجبهة النصرة.")
    rels = {(r.type, r.head.entity_id, r.tail.entity_id) for r in a.relations}  # head = the member
    assert {("part_of", "grp:ahrar-al-sham", "grp:jaysh-al-fatah"),
            ("part_of", "grp:jabhat-al-nusra", "grp:jaysh-al-fatah")} <= rels


def test_after_a_relative_pronoun_the_name_is_the_member(nlp):
    a = run_text(nlp, "وهيئة تحرير الشام التي تضم جبهة النصرة.")
    assert ("part_of", "grp:jabhat-al-nusra", "grp:hts") in {(r.type, r.head.entity_id, r.tail.entity_id)
                                                             for r in a.relations}


def test_a_list_after_a_backing_verb_is_no_subject_and_object(nlp):
    text = "وقال إن هذا التحالف يدعم جبهة النصرة وداعش والمنظمات الإرهابية المشابهة."
    assert not [r for r in run_text(nlp, text).relations if r.type == "sponsored_by"]


def test_a_name_opening_a_reported_clause_did_not_meet(nlp):
    text = ("وأوضح المستشار تشونغ إيوي يونغ للصحفيين بعد يوم من لقائه مع زعيم كوريا الشمالية إن كيم جونغ أون "
            "سيلتقي الرئيس.")
    assert not [r for r in run_text(nlp, text).relations if r.type == "met_with"]


def test_a_facility_named_by_its_type_word_and_a_common_word(nlp):
    """"مطار الضمير": الضمير is also a common word (conscience), but the alias is an air base's name."""
    a = run_text(nlp, "تعرض مطار الضمير بريف دمشق للقصف.")
    assert [e.entity_id for e in a.entities if e.type == "FACILITY"] == ["fac:dumayr-air-base"]
    assert [e.location.text for e in a.events if e.location] == ["مطار الضمير"]


@pytest.mark.parametrize(("text", "name"), [
    # the whole name the gazetteer knows, read through the quotes (session 28; was 'قاعدة "التيفور"')
    ('وقتل عسكريون في غارة على قاعدة "التيفور" الجوية في حمص.', 'قاعدة "التيفور" الجوية'),
    ("وقتل عسكريون في غارة على قاعدة «التيفور» الجوية في حمص.", "قاعدة «التيفور» الجوية"),
    ('وقتل عسكريون في غارة على قاعدة "التيفور" في حمص.', 'قاعدة "التيفور"'),
    ("وقتل عسكريون في غارة على مطار التيفور العسكري في حمص.", "مطار التيفور العسكري"),
])
def test_a_quoted_facility_name_keeps_both_quotes(nlp, text, name):
    facs = [(e.text, e.entity_id) for e in run_text(nlp, text).entities if e.type == "FACILITY"]
    assert facs == [(name, "fac:tiyas-air-base")]


def test_air_defences_meeting_missiles_are_no_armed_clash(nlp):
    text = ("وتحدثت رواية حزب الله اللبناني عن تصدي الدفاعات الجوية السورية لصواريخ اخترقت أجواء ريف حمص "
            "واستهدفت مطار الشعيرات.")
    assert "Armed clash" not in [e.sub_event_type for e in run_text(nlp, text).events]


def test_groups_repelling_an_attack_still_clash(nlp):
    text = "وتصدت فصائل المعارضة لهجوم شنته قوات النظام على بلدة اللطامنة في ريف حماة."
    assert "Armed clash" in [e.sub_event_type for e in run_text(nlp, text).events]


def test_the_places_named_right_around_a_name_situate_it(nlp):
    """الخالدية is a district of Aleppo and of Homs; "… شمال حلب" in the same clause decides, even
    when the article names more places in Homs later."""
    text = ("دارت اشتباكات على أطراف حي الخالدية وعلى محاور دوار شيحان والليرمون شمال حلب. "
            "وقصف الطيران المروحي مدينة تلبيسة، وتعرضت بلدة الغنطو بريف حمص الشمالي للقصف، "
            "واستهدفت الفصائل قرية الغاصبية بريف حمص الشمالي، كما قصفت قوات النظام مدينة الرستن.")
    khalidiya = [e for e in run_text(nlp, text).entities if e.text == "الخالدية"]
    assert khalidiya and khalidiya[0].admin1 in ("Aleppo", "حلب")
