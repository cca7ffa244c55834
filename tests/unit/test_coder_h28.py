"""Session-5 coder fixes (H28), from an error review of 25 fresh corpus articles; every sentence is
written for these tests and run through the default pipeline (knowledge-base matching included)."""

from __future__ import annotations

import pytest
from coder_helpers import event_tuples, run_text

_run = run_text
_events = event_tuples


# --------------------------------------------------------------- nationality adjective → actor1
@pytest.mark.parametrize(("text", "sub", "actor1"), [
    ("قتل قائد الفصيل في غارات جوية روسية على بلدة دوما أمس.", "Air/drone strike", "grp:russian-forces"),
    ("استهدف قصف مدفعي تركي قرية جنديرس في ريف عفرين.", "Shelling/artillery/missile attack", "grp:turkish-forces"),
    ("أصيب خمسة أشخاص بغارة إسرائيلية على موقع قرب مطار دمشق.", "Air/drone strike", "grp:israeli-forces"),
    ("دمرت الغارات الأمريكية مستودعا للذخيرة في بلدة هجين.", "Air/drone strike", "grp:us-forces"),
])
def test_a_nationality_adjective_after_a_strike_names_the_attacking_forces(nlp, text, sub, actor1):
    evs = _events(_run(nlp, text))
    assert [(t, s, a1) for t, s, a1, _ in evs] == [("Explosions/Remote violence", sub, actor1)]


def test_a_coordinated_second_nationality_is_not_read_as_the_first(nlp):
    evs = _events(_run(nlp, "شنت طائرات غارات سورية وروسية على بلدة خان شيخون."))
    assert [a1 for _, _, a1, _ in evs] == ["grp:syrian-army"]


def test_a_nationality_adjective_of_a_non_violent_event_names_no_actor(nlp):
    """"اتفاق روسي" is no fight: the adjective rule reads only violent triggers."""
    evs = _events(_run(nlp, "خرجت دفعة من مقاتلي جيش الإسلام من مدينة دوما بموجب اتفاق روسي."))
    assert all(a1 != "grp:russian-forces" for _, _, a1, _ in evs)


# ------------------------------------------------------------- stopping a fight is not a fight
@pytest.mark.parametrize("text", [
    "دعت تركيا إلى وقف القصف الجوي على مدينة عفرين.",
    "فشلت المفاوضات في وقف القتال في ريف إدلب الجنوبي.",
    "قال الوزير إن الضربات أوقفت تقدم داعش نحو مدينة سامراء.",
    "طالبت الأمم المتحدة بإيقاف الهجمات على مدينة دوما.",
])
def test_a_call_to_stop_a_fight_codes_no_fight(nlp, text):
    assert _events(_run(nlp, text)) == []


def test_shelling_despite_a_ceasefire_is_still_shelling(nlp):
    evs = _events(_run(nlp, "قصفت قوات النظام بلدة اللطامنة، رغم اتفاق وقف إطلاق النار."))
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack", "grp:syrian-army", None) in evs


# ------------------------------------------------------------------------ "أوقف": arrest or halt
@pytest.mark.parametrize("text", [
    "أوقفت قوات الأمن ثلاثة مشتبه بهم في مدينة كركوك.",
    "أوقفت الشرطة 12 شخصا في حي الكرادة ببغداد.",
])
def test_oqifa_with_people_or_police_after_it_is_an_arrest(nlp, text):
    assert [(t, s) for t, s, _, _ in _events(_run(nlp, text))] == [("Strategic developments", "Arrests")]


@pytest.mark.parametrize("text", [
    "قال المسؤول إن الاتفاق أوقف نزيف الدم في مدينة درعا.",
    "أوقفت شركة الطيران رحلاتها إلى مطار أربيل.",
])
def test_oqifa_halting_something_is_no_arrest(nlp, text):
    assert all(s != "Arrests" for _, s, _, _ in _events(_run(nlp, text)))


# --------------------------------------------------------- the owner of struck positions is the target
@pytest.mark.parametrize(("text", "actor2"), [
    ("استهدف قصف صاروخي مواقع عسكرية للنظام السوري في محافظة حماة مساء الأحد.", "org:syria-government"),
    ("استهدفت غارات مواقع عسكرية تابعة لحزب الله قرب مدينة القصير.", "grp:hezbollah"),
    ("شنت المقاتلات الإسرائيلية غارات على مواقع عسكرية لقوات النظام قرب مطار دمشق.", "grp:syrian-army"),
])
def test_positions_described_as_military_still_mark_their_owner_as_target(nlp, text, actor2):
    evs = _events(_run(nlp, text))
    assert len(evs) == 1 and evs[0][3] == actor2 and evs[0][2] != actor2


# ---------------------------------------------------------------------------- riots by protesters
@pytest.mark.parametrize("text", [
    "وشهدت مدينة الناصرية احتجاجات غاضبة. وتطورت الاحتجاجات مساء الجمعة، حيث أحرق متظاهرون مبنى مجلس المحافظة.",
    "وشهدت مدينة الناصرية احتجاجات غاضبة. وقال شهود إن المحتجين الذين هاجموا مقر أحد الأحزاب أحرقوا سيارتين.",
])
def test_protesters_burning_or_attacking_a_building_riot_where_the_sentence_before_says(nlp, text):
    a = _run(nlp, text)
    riots = [e for e in a.events if e.event_type == "Riots"]
    assert [e.sub_event_type for e in riots] == ["Violent demonstration"]
    assert riots[0].location is not None and riots[0].location.text.endswith("الناصرية")


def test_a_peaceful_sit_in_is_no_riot(nlp):
    a = _run(nlp, "نظم المتظاهرون وقفة احتجاجية أمام مبنى المحافظة في البصرة.")
    assert [(e.event_type, e.sub_event_type) for e in a.events] == [("Protests", "Peaceful protest")]


# ------------------------------------------------------------------------- about to / preparing for
@pytest.mark.parametrize("text", [
    "وتوشك قوات النظام على السيطرة على مدينة نوى في ريف درعا.",
    "باتت قوات سوريا الديمقراطية على وشك السيطرة على بلدة هجين.",
    "تحشد قوات النظام على أطراف إدلب استعدادا للهجوم على بلدة جسر الشغور.",
])
def test_an_event_about_to_happen_is_planned(nlp, text):
    a = _run(nlp, text)
    battles = [e for e in a.events if e.event_type == "Battles"]
    assert battles and all(e.modality == "planned" for e in battles)


def test_a_capture_told_as_done_stays_asserted(nlp):
    a = _run(nlp, "سيطرت قوات النظام على مدينة نوى في ريف درعا.")
    assert [e.modality for e in a.events] == ["asserted"]


# ------------------------------------------------------------- "أي": any fight is none in particular
@pytest.mark.parametrize("text", [
    "قال القائد إن أي هجوم على بلدة الهامة سيضعف جبهات النظام.",
    "يعجز النظام عن تحقيق أي تقدم في مدينة الزبداني.",
    "حذر الوزير من أن أي استخدام لأسلحة كيماوية في إدلب سيقابل برد قوي.",
])
def test_any_attack_or_advance_is_no_event(nlp, text):
    assert [e for e in _events(_run(nlp, text)) if e[0] in ("Battles", "Explosions/Remote violence")] == []


def test_a_risk_of_arrest_is_no_arrest(nlp):
    a = _run(nlp, "غادر المتطوعون بلدة نوى لتجنب خطر الاعتقال على أيدي قوات النظام.")
    assert all(s != "Arrests" for _, s, _, _ in _events(a))


# --------------------------------------------------------------------------- barrel bombs, targeting
def test_barrel_bomb_shelling_is_an_air_strike(nlp):
    evs = _events(_run(nlp, "أدى قصف البراميل على بلدة اليادودة إلى مقتل تسعة أشخاص."))
    assert [(t, s) for t, s, _, _ in evs] == [("Explosions/Remote violence", "Air/drone strike")]


@pytest.mark.parametrize(("text", "sub", "actor1", "actor2"), [
    ("استهدفت هيئة تحرير الشام تجمعات لقوات النظام في ريف حماة الشمالي.", "Shelling/artillery/missile attack",
     "grp:hts", "grp:syrian-army"),
    ("تواصل الطائرات الأمريكية استهداف مواقع داعش في ريف دير الزور.", "Air/drone strike", "grp:us-forces", "grp:isis"),
])
def test_targeting_positions_without_a_weapon_word_is_a_remote_attack(nlp, text, sub, actor1, actor2):
    assert _events(_run(nlp, text)) == [("Explosions/Remote violence", sub, actor1, actor2)]


def test_targeting_a_person_is_no_shelling(nlp):
    evs = _events(_run(nlp, "قال الوزير إن الحملة تستهدف قادة تنظيم داعش في العراق."))
    assert all(s != "Shelling/artillery/missile attack" for _, s, _, _ in evs)


# ------------------------------------------------------------- a capital standing for its government
def test_a_capital_after_regime_or_side_is_not_the_location(nlp):
    a = _run(nlp, "قتل 26 مقاتلا مواليا لنظام دمشق في القصف الصاروخي على اللواء 47 قرب مدينة حماة.")
    locs = [e.location.text for e in a.events if e.location is not None]
    assert locs and all("دمشق" not in t for t in locs)


def test_a_capital_as_a_place_stays_the_location(nlp):
    a = _run(nlp, "قصفت قوات النظام أحياء في دمشق أمس.")
    assert [e.location.text for e in a.events if e.location is not None] == ["دمشق"]


def test_targeting_told_as_a_habit_is_no_incident(nlp):
    evs = _events(_run(nlp, "واستهدفت الفصائل مرات عدة مواقع قريبة من مطار حماة العسكري."))
    assert all(s != "Shelling/artillery/missile attack" for _, s, _, _ in evs)


# ------------------------------------------------------------- "بينما": two incidents in one sentence
def test_clashes_on_both_sides_of_bainama_are_two_events(nlp):
    a = _run(nlp, "اشتبك مقاتلو حزب العمال الكردستاني مع القوات التركية في بلدة جزرة، بينما قتل ثلاثة جنود "
                  "خلال اشتباكات اندلعت في محافظة كرمانشاه.")
    clashes = [e for e in a.events if e.event_type == "Battles"]
    assert len(clashes) == 2
    assert {e.location.text for e in clashes if e.location} == {"جزرة", "محافظة كرمانشاه"}


def test_two_clash_words_of_one_incident_stay_one_event(nlp):
    a = _run(nlp, "اشتبك مقاتلو حزب العمال الكردستاني مع القوات التركية في بلدة جزرة، واستمرت المعارك حتى الصباح.")
    assert len([e for e in a.events if e.event_type == "Battles"]) == 1


# ------------------------------------------------------------------- repelling, recapturing, idioms
def test_an_armed_group_repelling_an_attack_fights_the_attacker(nlp):
    evs = _events(_run(nlp, "تصدت هيئة تحرير الشام لهجوم قوات النظام على بلدة اللطامنة."))
    assert evs == [("Battles", "Armed clash", "grp:hts", "grp:syrian-army")]


def test_confronting_extremism_is_no_clash(nlp):
    assert _events(_run(nlp, "دعا الوزير دول المنطقة إلى التعاون في التصدي للتطرف في العراق.")) == []


def test_istarada_is_a_recapture(nlp):
    evs = _events(_run(nlp, "استرد الجيش السوري مدينة دوما بعد أسابيع من الحصار."))
    assert evs == [("Battles", "Government regains territory", "grp:syrian-army", None)]


@pytest.mark.parametrize("text", [
    "هذا الحال انسحب أيضا على بلدة قدسيا القريبة من الهامة.",
    "وينسحب ذلك على بلدة معضمية الشام المحاصرة.",
])
def test_insahaba_ala_meaning_applies_to_is_no_withdrawal(nlp, text):
    assert all(t != "Strategic developments" for t, _, _, _ in _events(_run(nlp, text)))


def test_a_withdrawal_stays_a_withdrawal(nlp):
    evs = _events(_run(nlp, "انسحبت قوات النظام من بلدة اللطامنة."))
    assert evs == [("Strategic developments", "Non-violent transfer of territory", "grp:syrian-army", None)]


def test_a_family_applying_is_no_advance(nlp):
    evs = _events(_run(nlp, "وقد تقدمت عائلة الفتاة بطلب للجوء في مدينة أربيل."))
    assert all(t != "Battles" for t, _, _, _ in evs)


def test_an_armed_group_advancing_on_a_town_still_takes_territory(nlp):
    evs = _events(_run(nlp, "تقدمت قوات النظام في بلدة اللطامنة بعد معارك عنيفة."))
    assert ("Battles", "Government regains territory", "grp:syrian-army", None) in evs


# ------------------------------------------------------------- everyone after "مع" is the other side
def test_groups_coordinated_after_maa_are_not_split_into_the_two_sides(nlp):
    a = _run(nlp, "وهي تخوض الآن مواجهات مع منافسيها هناك حركة أحرار الشام وجيش الإسلام في ريف إدلب.")
    evs = _events(a)
    assert [(t, a2) for t, _, _, a2 in evs] == [("Battles", "grp:ahrar-al-sham")]
    assert evs[0][2] != "grp:jaysh-al-islam"
    assert not any(r.type == "fights_against" for r in a.relations)


def test_a_named_subject_before_maa_still_fights_the_group_after_it(nlp):
    evs = _events(_run(nlp, "تخوض هيئة تحرير الشام مواجهات مع منافستها حركة أحرار الشام في ريف إدلب."))
    assert evs == [("Battles", "Armed clash", "grp:hts", "grp:ahrar-al-sham")]
