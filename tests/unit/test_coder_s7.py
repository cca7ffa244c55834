"""Session-7 coder rules; every sentence is written for these tests and run through the default
pipeline (knowledge-base matching and geocoding included)."""

from __future__ import annotations

import pytest
from coder_helpers import event_tuples, run_text

BATTLES = "Battles"


# ------------------------------------------------- a fight placed only in a whole country is background
@pytest.mark.parametrize("text", [
    "وقال والده إنها قتلت أثناء مشاركتها في القتال في صفوف وحدات حماية الشعب في سوريا.",
    "وظهر القيادي في صور كثيرة خلال مواجهات قادها في العراق.",
])
def test_a_fight_in_a_whole_country_without_date_or_opponent_is_no_event(nlp, text):
    assert not [e for e in event_tuples(run_text(nlp, text)) if e[0] == BATTLES]


def test_a_clash_in_a_country_with_both_sides_is_kept(nlp):
    evs = event_tuples(run_text(nlp, "اندلعت اشتباكات عنيفة بين قوات النظام وجيش الإسلام في سوريا."))
    assert evs == [(BATTLES, "Armed clash", "grp:syrian-army", "grp:jaysh-al-islam")]


def test_a_dated_clash_in_a_country_is_kept(nlp):
    evs = event_tuples(run_text(nlp, "اندلعت أمس اشتباكات عنيفة خاضتها وحدات حماية الشعب في سوريا."))
    assert [e[:2] for e in evs] == [(BATTLES, "Armed clash")]


def test_a_clash_in_a_town_without_date_or_opponent_is_kept(nlp):
    evs = event_tuples(run_text(nlp, "وتدور اشتباكات عنيفة تخوضها وحدات حماية الشعب في مدينة منبج."))
    assert [e[:2] for e in evs] == [(BATTLES, "Armed clash")]


# ------------------------------------------------- foreign capitals are places abroad, not event sites
@pytest.mark.parametrize(("text", "place", "country"), [
    ("وصل وفد المعارضة السورية إلى جنيف للمشاركة في جولة جديدة من المفاوضات.", "plc:geneva", "CH"),
    ("وقالت صحيفة نيويورك تايمز إن واشنطن قررت إرسال مستشارين عسكريين.", "plc:washington", "US"),
])
def test_foreign_capitals_are_geocoded(nlp, text, place, country):
    a = run_text(nlp, text)
    assert any(e.entity_id == place and e.country == country for e in a.entities)


def test_a_newspaper_named_after_a_city_is_an_organization(nlp):
    a = run_text(nlp, "وكشفت صحيفة واشنطن بوست أن الفصائل تلقت أسلحة جديدة.")
    ents = {(e.text, e.type, e.entity_id) for e in a.entities}
    assert ("واشنطن بوست", "ORGANIZATION", "org:washington-post") in ents
    assert not any(e.type == "LOCATION" for e in a.entities)


def test_a_capital_that_agrees_is_not_where_the_agreement_happens(nlp):
    text = "وقررت قوات سوريا الديمقراطية الانسحاب من منبج بعد توصل واشنطن وأنقرة لاتفاق بشأنها."
    evs = run_text(nlp, text).events
    assert evs and all(e.location is not None and e.location.place_id == "plc:manbij" for e in evs)


# ------------------------------------------------- "كما تم …": the sentence goes on with the one before
def test_a_sentence_opening_with_kama_takes_the_place_of_the_sentence_before(nlp):
    text = ("وأعلنت قيادة عمليات سامراء مقتل عشرة مسلحين في عمليات شمالي مدينة تكريت. "
            "كما تم تفكيك 14 عبوة ناسفة وتدمير ثلاث عجلات.")
    evs = [e for e in run_text(nlp, text).events if e.sub_event_type == "Disrupted weapons use"]
    assert len(evs) == 1 and evs[0].location is not None and evs[0].location.place_id == "plc:tikrit"


def test_without_kama_a_placeless_passive_sentence_codes_nothing(nlp):
    text = ("وأعلنت قيادة عمليات سامراء مقتل عشرة مسلحين في عمليات شمالي مدينة تكريت. "
            "وتم تفكيك 14 عبوة ناسفة وتدمير ثلاث عجلات.")
    assert not [e for e in run_text(nlp, text).events if e.sub_event_type == "Disrupted weapons use"]


def test_iraqi_operations_commands_are_state_forces_not_places(nlp):
    a = run_text(nlp, "وقالت قيادة عمليات بغداد إن قواتها اعتقلت مطلوبين.")
    assert {(e.text, e.entity_id) for e in a.entities if e.type == "ARMED_GROUP"} == {
        ("قيادة عمليات بغداد", "grp:iraq-baghdad-operations-command")}
    assert not any(e.type == "LOCATION" for e in a.entities)


def test_the_arresting_force_between_alqat_and_alqabd(nlp):
    evs = event_tuples(run_text(nlp, "وبلغ عدد الذين ألقت قوات الأمن العراقية القبض عليهم في مدينة الموصل أمس خمسة أشخاص."))
    assert [e[:2] for e in evs] == [("Strategic developments", "Arrests")]


# ------------------------------------------------- a person joining a group is a membership, not an event
def test_a_person_who_joins_a_group_codes_no_event(nlp):
    text = "وقال مصدر إن المقاتل الأمريكي جون سميث انضم إلى وحدات حماية الشعب في أيار/مايو 2017."
    assert not [e for e in event_tuples(run_text(nlp, text)) if e[1] == "Change to group/activity"]


def test_a_faction_that_joins_an_umbrella_is_a_change_of_group(nlp):
    text = "وقال مصدر إن فصيل جيش العزة انضم إلى الجبهة الوطنية للتحرير في ريف حماة."
    assert [e[:2] for e in event_tuples(run_text(nlp, text))] == [("Strategic developments", "Change to group/activity")]


# ------------------------------------------------- a condemnation's date is not the date of what it condemns
def test_the_date_of_a_condemnation_does_not_date_the_strikes(nlp):
    a = run_text(nlp, "دانت وزارة الخارجية العراقية، الجمعة، الضربات التي شنتها المقاتلات التركية على قرى في قضاء سنجار.")
    assert [(e.sub_event_type, e.date) for e in a.events] == [("Air/drone strike", None)]


def test_a_date_after_the_strike_verb_dates_the_strike(nlp):
    a = run_text(nlp, "وقصفت المقاتلات التركية، الأربعاء، قرى في قضاء سنجار.")  # published Thursday 2018-03-01
    assert [(e.sub_event_type, e.date) for e in a.events] == [("Air/drone strike", "2018-02-28")]


# ------------------------------------------------- "منذ شهر" dates a state, not an incident
def test_a_since_period_in_the_sentence_does_not_date_the_strike(nlp):
    text = "وقال المرصد إن الغارة استهدفت بلدة عربين في الغوطة الشرقية التي تتعرض منذ شهر لحملة عسكرية."
    assert [(e.sub_event_type, e.date) for e in run_text(nlp, text).events] == [("Air/drone strike", None)]


def test_two_mentions_of_one_strike_merge_when_a_since_period_was_between(nlp):
    text = ("قتل 15 مدنيا في غارة جوية استهدفت مساء الاثنين مدرسة في الغوطة الشرقية.\n"
            "وقال المرصد إن الغارة استهدفت بلدة عربين في الغوطة الشرقية التي تتعرض منذ شهر لحملة عسكرية.")
    evs = run_text(nlp, text).events
    assert len(evs) == 1 and evs[0].location is not None and evs[0].location.place_id == "plc:irbin"


# ------------------------------------------------- "الذين أثبتوا فعالية في قتال X": a record, not an incident
def test_fighting_in_a_relative_clause_describing_the_actor_is_no_event(nlp):
    text = "ويحظى المقاتلون الأكراد الذين أثبتوا فعالية في قتال تنظيم داعش بدعم واشنطن في منطقة منبج."
    assert not [e for e in event_tuples(run_text(nlp, text)) if e[0] == BATTLES]


def test_the_record_clause_does_not_give_the_real_fight_its_opponent(nlp):
    text = ("وخاض المقاتلون الأكراد الذين أثبتوا فعالية في قتال تنظيم داعش، معارك عنيفة مع القوات التركية "
            "في منطقة عفرين.")
    evs = event_tuples(run_text(nlp, text))
    assert len(evs) == 1 and evs[0][3] != "grp:isis"


def test_those_killed_in_fighting_is_still_a_fight(nlp):
    text = "وشيع الأهالي الجنود الذين قتلوا في قتال مع تنظيم داعش قرب مدينة الموصل."
    assert [e[:2] for e in event_tuples(run_text(nlp, text))] == [(BATTLES, "Armed clash")]


# ------------------------------------------------- "… استعاد السيطرة على X إثر معارك مع Y": one event
def test_the_fight_that_won_a_place_is_the_capture_and_names_its_loser(nlp):
    text = ("أحرز الجيش السوري تقدما داخل حي القدم جنوب دمشق، حيث تمكن من استعادة السيطرة على منطقة "
            "المأذنية، إثر معارك عنيفة مع مقاتلي تنظيم داعش.")
    evs = event_tuples(run_text(nlp, text))
    assert evs == [(BATTLES, "Government regains territory", "grp:syrian-army", "grp:isis")]


def test_a_fight_told_before_the_capture_is_not_folded_by_this_rule(nlp):
    text = "واندلعت اشتباكات عنيفة في حي القدم، بينما سيطر الجيش السوري على منطقة المأذنية."
    subs = [e[1] for e in event_tuples(run_text(nlp, text))]
    assert "Armed clash" in subs


# ------------------------------------------------- actors frequent in the unlabelled corpus, now in the KB
@pytest.mark.parametrize(("text", "expected"), [
    ("وقال وزير الخارجية الفرنسي جان إيف لودريان إن لودريان سيزور بيروت.", "per:jean-yves-le-drian"),
    ("والتقى رئيس الوزراء اللبناني سعد الحريري الرئيس ميشال عون.", "per:saad-hariri"),
    ("ونقلت قناة سكاي نيوز عربية عن مصادر أن الاشتباكات مستمرة.", "org:sky-news-arabia"),
    ("وحصل تحالف سائرون على أكبر عدد من المقاعد.", "org:sairoon"),
    ("وقالت حركة حماس إن حماس لن تقبل بالشروط.", "grp:hamas"),
])
def test_new_knowledge_base_actors_are_linked(nlp, text, expected):
    assert expected in {e.entity_id for e in run_text(nlp, text).entities}


def test_a_common_word_that_is_a_weak_alias_is_not_an_actor_alone(nlp):
    a = run_text(nlp, "واستقبل الجمهور اللاعبين بحماس كبير، وتحدث طالبان سعوديان عن المباراة.")
    assert not [e for e in a.entities if e.entity_id in ("grp:hamas", "grp:taliban")]


@pytest.mark.parametrize(("text", "expected"), [
    ("وشن الحوثيون هجوما على مواقع القوات الحكومية في تعز.", "grp:houthis"),
    ("وأعلنت أنصار بيت المقدس مسؤوليتها عن الهجوم في سيناء.", "grp:ansar-bayt-al-maqdis"),
    ("وسيطرت المعارضة السورية على بلدة الريحان في ريف دمشق.", "grp:syrian-opposition-factions"),
])
def test_more_armed_groups_are_linked(nlp, text, expected):
    ents = run_text(nlp, text).entities
    assert any(e.entity_id == expected and e.type == "ARMED_GROUP" for e in ents)
    assert not any(e.type == "LOCATION" and "المقدس" in e.text for e in ents)
