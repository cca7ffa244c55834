"""Session-22 coder rules.

Relations: a force kept or staying in a place (بقاء / إبقاء) is deployed there; a deployment cue in a relative
clause on a place, with a pronoun back to it, puts the group after the pronoun in that place; a place "الخاضعة
لسيطرة X" is held by X; "X الموجودة في Y" is deployed there; "الموالية إلى Y" names a sponsor; "في حملته على Y"
is a fight of the clause subject; "أحد أبرز القادة في X", "X الذي ينتمي إليه فلان" and "القيادي الحوثي فلان"
are memberships; "آخر جيب لـX", "PLACE، التي تعد المعقل الرئيسي لـX" and "تحرير PLACE من قبضة X" place X
there; a meeting proposed, refused or asked for is none; a US-forces alias no longer swallows the place
after it.

Events: people killed by the security forces' fire in a sentence about protests is excessive force against
protesters; "أعلن X، السبت، عن سيطرته على" is X's capture; a strike "على مدى أشهر" / "طوال أسابيع" is a
campaign; "السيطرة على الوضع/الحريق" is no capture and "انسحاب X منه" with the agreement named before is no
withdrawal from ground; "الدعم الذي تقدمه X" is no advance; an event dated (year written) over a year before
publication is history; a vowed or threatened strike is planned; "تتهمها X بـ…" makes what follows claimed;
a social platform or a media organisation is never a party; clashes between protesters and the police are a
riot (the police the other side), "تفرق محتجين" an intervention, an attack by drones a drone strike.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def _rels(a, typ: str = "deployed_to") -> list[tuple[str, str]]:
    return [(r.head.text, r.tail.text) for r in a.relations if r.type == typ]


def test_forces_staying_in_a_town_are_deployed_there(nlp):
    a = run_text(nlp, "وأكد المتحدث أن المجلس تلقى ضمانات ببقاء قوات التحالف الدولي في منبج.")
    assert ("قوات التحالف الدولي", "منبج") in _rels(a)


def test_a_place_named_after_the_forces_stays_a_place(nlp):
    # "القوات الأمريكية في سوريا" was one alias of the US forces: the place was lost inside the name
    a = run_text(nlp, "وقالت إن بقاء القوات الأمريكية في سوريا أمر مكلف للغاية.")
    assert [(e.text, e.type) for e in a.entities if e.text == "سوريا"] == [("سوريا", "LOCATION")]


def test_a_relative_clause_without_a_pronoun_back_is_said_of_the_forces(nlp):
    # "التي تنتشر عادة في حماة" is said of the forces (no pronoun points back): each place is theirs
    a = run_text(nlp, "وصلت إلى حلب قوات النظام التي تنتشر عادة في حماة.")
    assert sorted(_rels(a)) == [("قوات النظام", "حلب"), ("قوات النظام", "حماة")]


# ---------------------------------------------------------------- events: fire on protesters, told as casualties


def _events(a) -> list[tuple[str, str | None, str | None]]:
    return [(e.sub_event_type, e.location.text if e.location else None, e.actor1.text if e.actor1 else None)
            for e in a.events]


def test_people_killed_by_security_fire_in_a_protest_sentence_is_excessive_force(nlp):
    a = run_text(nlp, "وتشهد البصرة مظاهرات للمطالبة بتوفير مياه الشرب، إثر سقوط قتلى بين المدنيين برصاص القوات الأمنية.")
    assert ("Excessive force against protesters", "البصرة", "القوات الأمنية") in _events(a)
    assert ("Peaceful protest", "البصرة", None) in _events(a)


def test_repression_that_killed_people_is_excessive_force(nlp):
    a = run_text(nlp, "وقابلت السلطات الاحتجاجات في البصرة بالقمع، ما أسفر عن سقوط قتلى وجرحى برصاص الأمن.")
    assert "Excessive force against protesters" in [s for s, _, _ in _events(a)]


def test_security_fire_without_a_protest_is_no_excessive_force(nlp):
    a = run_text(nlp, "وقتل ثلاثة أشخاص برصاص قوات الأمن في البصرة.")
    assert "Excessive force against protesters" not in [s for s, _, _ in _events(a)]


def test_an_announced_capture_with_a_date_and_a_preposition_between_is_the_announcers(nlp):
    # "أعلن X، السبت، عن سيطرته على": the pronoun stands for the announcer, across the date and عن
    a = run_text(nlp, "وأعلن الجيش السوري، السبت، عن سيطرته على بلدة جاسم.")
    assert _events(a) == [("Government regains territory", "جاسم", "الجيش السوري")]


# ---------------------------------------------------------------- relations: presence participles, loyalty, campaigns


def test_a_presence_participle_after_a_sponsor_is_not_the_sponsors(nlp):
    a = run_text(nlp, "وقدرت الأمم المتحدة عدد مقاتلي جبهة النصرة الموالية لتنظيم القاعدة الموجودين في إدلب بعشرة آلاف.")
    assert ("تنظيم القاعدة", "إدلب") not in _rels(a)


def test_loyal_to_with_ila_names_the_sponsor(nlp):
    a = run_text(nlp, "وهاجمت ميليشيات الحوثي الموالية إلى إيران مواقع الجيش.")
    assert _rels(a, "sponsored_by") == [("ميليشيات الحوثي", "إيران")]


def test_a_possessed_campaign_is_the_clause_subjects(nlp):
    a = run_text(nlp, "ويشتبك الجيش السوري مع قوات سوريا الديمقراطية في حملته على داعش.")
    fights = {frozenset(p) for p in _rels(a, "fights_against")}
    assert frozenset({"الجيش السوري", "داعش"}) in fights
    assert frozenset({"قوات سوريا الديمقراطية", "داعش"}) not in fights


# ---------------------------------------------------------------- relations: pockets, strongholds, places taken back


def test_a_place_said_to_be_a_groups_main_stronghold(nlp):
    a = run_text(nlp, "وقصف التحالف محافظة صعدة، التي تعد المعقل الرئيسي للحوثيين.")
    assert [t for _, t in _rels(a)] == ["صعدة"]


# ---------------------------------------------------------------- events: campaigns told with "على مدى" / "طوال"


def test_shelling_over_months_is_a_campaign_not_an_incident(nlp):
    a = run_text(nlp, "وقال السكان إنهم تركوا ضحية لقصف النظام على مدى أشهر في مدينة الزبداني.")
    assert _events(a) == []


def test_shelling_for_weeks_is_a_campaign_not_an_incident(nlp):
    a = run_text(nlp, "وقصفت قوات النظام مدينة الزبداني طوال أسابيع.")
    assert _events(a) == []


def test_shelling_for_two_hours_is_an_incident(nlp):
    a = run_text(nlp, "وقصفت قوات النظام مدينة الزبداني على مدى ساعتين.")
    assert _events(a) == [("Shelling/artillery/missile attack", "الزبداني", "قوات النظام")]


def test_control_of_the_situation_is_no_capture(nlp):
    a = run_text(nlp, "وأدت الاحتجاجات إلى إقالة مسؤول أمني في محافظة النجف جراء عدم السيطرة على الوضع.")
    assert "Non-state actor overtakes territory" not in [s for s, _, _ in _events(a)]


def test_a_fire_brought_under_control_is_no_capture(nlp):
    a = run_text(nlp, "وتمت السيطرة على الحريق الذي اندلع في مبنى بمدينة بغداد.")
    assert _events(a) == []


def test_leaving_the_agreement_named_by_a_pronoun_is_no_withdrawal_from_ground(nlp):
    a = run_text(nlp, "فقادة الدول الثلاث يدافعون بشدة عن الاتفاق على الرغم من انسحاب الولايات المتحدة منه في أيار.")
    assert _events(a) == []


def test_a_withdrawal_from_a_town_after_an_agreement_is_still_one(nlp):
    a = run_text(nlp, "وانسحبت قوات النظام من بلدة نوى بعد الاتفاق.")
    assert ("Non-violent transfer of territory", "نوى", "قوات النظام") in _events(a)


# ---------------------------------------------------------------- events: provide vs advance, history, threats


def test_support_a_state_provides_is_no_advance(nlp):
    a = run_text(nlp, "وتزايد قلق إسرائيل من الدعم العسكري الذي تقدمه إيران للحكومة السورية.")
    assert _events(a) == []


def test_an_advance_with_a_pronoun_is_still_an_advance(nlp):
    a = run_text(nlp, "وواصلت قوات النظام تقدمها في بلدة حرستا.")
    assert _events(a) == [("Government regains territory", "حرستا", "قوات النظام")]


def test_an_event_dated_years_before_publication_is_history(nlp):
    a = run_text(nlp, "وقصفت الطائرات مدينة حلب في 5 آذار 2016.")  # published 2018-03-01
    assert _events(a) == []


def test_an_old_date_of_another_trigger_does_not_make_the_event_history(nlp):
    a = run_text(nlp, "ألقت القوات القبض على رجل مرتبط بهجمات 11 سبتمبر 2001 على الولايات المتحدة.")
    assert [s for s, _, _ in _events(a)] == ["Arrests"]


def _modalities(a) -> list[tuple[str, str]]:
    return [(e.sub_event_type, e.modality) for e in a.events]


def test_a_vowed_strike_is_planned(nlp):
    a = run_text(nlp, "توعد الرئيس الأمريكي دونالد ترامب بإطلاق صواريخ على سوريا.")
    assert _modalities(a) == [("Shelling/artillery/missile attack", "planned")]


def test_the_object_of_a_threat_is_planned(nlp):
    a = run_text(nlp, "ووصفت سوريا تهديدات ترامب بإطلاق صواريخ على أراضيها بأنها تصعيد طائش.")
    assert _modalities(a) == [("Shelling/artillery/missile attack", "planned")]


def test_a_threat_named_after_the_attack_leaves_it_asserted(nlp):
    a = run_text(nlp, "وقتل خمسة جنود في هجوم على حاجز في درعا رغم التهديدات.")
    assert [m for _, m in _modalities(a)] == ["asserted"]


def test_what_a_state_accuses_another_of_is_claimed(nlp):
    a = run_text(nlp, "وأصبح دور إيران مباشرا، إذ تتهمها إسرائيل بإقامة قاعدة عسكرية في سوريا.")
    assert _modalities(a) == [("Headquarters or base established", "claimed")]


def test_an_accusation_after_an_arrest_leaves_the_arrest_asserted(nlp):
    a = run_text(nlp, "واعتقلت الشرطة التركية 271 جنديا من أنصار غولن الذي تتهمه أنقرة بتدبير محاولة انقلاب.")
    assert ("Arrests", "asserted") in _modalities(a)


def test_a_social_platform_is_never_a_party(nlp):
    # (the old coder read "استعاد" as a capture by تويتر)
    a = run_text(nlp, 'استعاد حساب المنتخب البلجيكي على "تويتر" ذكرى هدف سعيد العويران التاريخي.')
    assert [e.actor1.text for e in a.events if e.actor1] == []


def test_a_news_agency_spoken_to_is_no_protester(nlp):
    a = run_text(nlp, "وأكد باشينيان لوكالة رويترز من وسط الاحتجاج أن قوته الوحيدة هي الشعب.")
    assert [e.actor1.text for e in a.events if e.actor1] == []


# ---------------------------------------------------------------- events: protesters, drones


def _args(a) -> list[tuple[str, str | None, str | None]]:
    return [(e.sub_event_type, e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None)
            for e in a.events]


def test_protesters_storming_a_consulate_riot(nlp):
    a = run_text(nlp, "اقتحم عشرات العراقيين المحتجين القنصلية الإيرانية في مدينة البصرة، الجمعة، وأضرموا النار فيها.")
    assert [s for s, _, _ in _args(a)] == ["Violent demonstration"]


def test_clashes_between_protesters_and_the_police_are_a_riot_against_the_police(nlp):
    a = run_text(nlp, "وتوقف العمل في الميناء عقب اندلاع اشتباكات عنيفة بين محتجين وقوات الأمن في مدينة البصرة.")
    assert _args(a) == [("Violent demonstration", None, "قوات الأمن")]


def test_police_dispersing_protesters_is_a_protest_with_intervention(nlp):
    a = run_text(nlp, "الشرطة العراقية تفرق محتجين قرب حقل نفطي مع تصاعد احتجاجات البصرة.")
    assert [s for s, _, _ in _args(a)] == ["Protest with intervention"]


def test_an_attack_by_drones_is_a_drone_strike(nlp):
    a = run_text(nlp, "وهاجمت طائرات بدون طيار محملة متفجرات القاعدتين الروسيتين في حميميم وطرطوس.")
    assert {s for s, _, _ in _args(a)} == {"Air/drone strike"}


def test_a_proposed_meeting_is_no_meeting(nlp):
    a = run_text(nlp, "وقال إن دونالد ترامب باغت إيران باقتراحه لقاء مع الرئيس حسن روحاني.")
    assert _rels(a, "met_with") == []


def test_a_meeting_that_took_place_is_one(nlp):
    a = run_text(nlp, "والتقى دونالد ترامب الرئيس حسن روحاني في نيويورك.")
    assert _rels(a, "met_with") == [("دونالد ترامب", "حسن روحاني")]


def test_the_army_radio_is_an_outlet_not_the_army(nlp):
    a = run_text(nlp, "وقال وزير الأمن الداخلي لإذاعة الجيش الإسرائيلي سنواصل التحرك ضد التمركز العسكري لإيران في سوريا.")
    assert [(e.text, e.type) for e in a.entities if "الجيش" in e.text] == [("إذاعة الجيش الإسرائيلي", "ORGANIZATION")]
    assert _rels(a) == []


def test_a_facebook_page_is_no_party_to_a_merger(nlp):
    # "الفيس بوك" is one name (a medium); the tagger used to leave "بوك" as an organisation and actor
    a = run_text(nlp, "وأعلنت ميليشيا أسد الله الغالب العراقية في صفحتها على الفيس بوك عن اندماجها مع ميليشيا لواء ذو الفقار.")
    assert [(e.text, e.type) for e in a.entities if "بوك" in e.text] == [("الفيس بوك", "ORGANIZATION")]
    assert "بوك" not in {e.actor1.text for e in a.events if e.actor1}


# ---------------------------------------------------------------- relations: one sentence each


@pytest.mark.parametrize(("typ", "text", "expected"), [
    pytest.param("deployed_to", "ووافق ترامب في اجتماع لمجلس الأمن القومي على إبقاء القوات الأمريكية في سوريا لفترة أطول.",
                 [("القوات الأمريكية", "سوريا")], id="forces_kept_in_a_country_are_deployed_there"),
    pytest.param("deployed_to", "وقصف الطيران مدينة الباب التي يتحصن فيها مسلحو داعش.",
                 [("داعش", "الباب")], id="a_group_in_a_relative_clause_on_a_town_is_in_that_town"),
    pytest.param("deployed_to", "وقال إن ناحية القيارة التي يرابط على تخومها قوات البيشمركة تشهد تحشدات.",
                 [("قوات البيشمركة", "القيارة")], id="a_group_stationed_on_the_edges_of_a_town_is_in_that_town"),
    # the pronoun points back to a group, not to the town named before it: no deployment there
    pytest.param("deployed_to", "وقال إن في حلب هيئة تحرير الشام التي ينتشر فيها مقاتلو الحزب الإسلامي التركستاني.",
                 [], id="the_antecedent_must_be_a_place"),
    pytest.param("deployed_to", "وقتل مدنيان في بلدة حيط الخاضعة لسيطرة فصائل معارضة في ريف درعا.",
                 [("فصائل معارضة", "حيط")], id="a_town_subject_to_a_groups_control_is_held_by_it"),
    pytest.param("deployed_to", "وقالت المصادر إن إدلب تخضع لسيطرة هيئة تحرير الشام.",
                 [("هيئة تحرير الشام", "إدلب")], id="a_verb_of_subjection_holds_too"),
    pytest.param("deployed_to", "وفر المدنيون من الأحياء الخاضعة لسيطرة تنظيم داعش في الرقة.",
                 [("تنظيم داعش", "الرقة")], id="unnamed_areas_subject_to_a_group_are_in_the_place_named_after_it"),
    pytest.param("deployed_to", "وقال إن القوات الروسية الموجودة في سوريا لن تنسحب.",
                 [("القوات الروسية", "سوريا")], id="forces_described_as_present_in_a_country_are_deployed_there"),
    # the advisers present in Manbij are no members of the council named five words before
    pytest.param("deployed_to", "وقدر قائد مجلس منبج العسكري محمد مصطفى أبو عادل عدد المستشارين الأكراد الموجودين حاليا في منبج.",
                 [], id="a_presence_participle_describes_the_name_right_before_it_only"),
    pytest.param("deployed_to", "وبدأت عمليات الإجلاء من دوما، آخر جيب لفصائل المعارضة.",
                 [("فصائل المعارضة", "دوما")], id="a_groups_last_pocket_is_where_it_is"),
    pytest.param("deployed_to", "ويتركز القصف على الجيب منذ استعادة الجيش السوري للغوطة الشرقية هذا الشهر.",
                 [], id="a_definite_pocket_without_an_owner_names_none"),
    pytest.param("deployed_to", "وتواصل القوات الحكومية عملياتها لتحرير مدينة الحديدة من قبضة ميليشيات الحوثي.",
                 [("ميليشيات الحوثي", "الحديدة")], id="a_place_freed_from_a_groups_grip_was_held_by_it"),
    pytest.param("member_of", "واغتيل عماد مغنية أحد أبرز القادة العسكريين في حزب الله عام 2008.",
                 [("عماد مغنية", "حزب الله")], id="one_of_the_most_prominent_commanders_in_a_group_is_a_member"),
    pytest.param("member_of", "وقال حزب الدعوة الذي ينتمي إليه رئيس الوزراء حيدر العبادي إنه سيشارك.",
                 [("حيدر العبادي", "حزب الدعوة")], id="the_party_a_person_belongs_to"),
    # the sect the president belongs to is no entity; the group named earlier is not what he belongs to
    pytest.param("member_of", "ويطلق تنظيم داعش هذا المصطلح على الطائفة العلوية التي ينتمي إليها الرئيس بشار الأسد.",
                 [], id="belonging_to_something_unnamed_after_a_group_is_no_membership"),
    pytest.param("member_of", "ونعى الناشطون الحوثيون مقتل القيادي الحوثي البارز محمد حسين الدار في غارة جوية.",
                 [("محمد حسين الدار", "الحوثي")], id="a_group_named_as_the_adjective_of_a_commander"),
    pytest.param("member_of", "والتقى القيادي أحمد الحمادي وفدا من الجيش الحر.",
                 [], id="a_bare_commander_title_with_no_group_after_it_names_no_membership"),
])
def test_relations_of_one_sentence(nlp, typ: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert _rels(run_text(nlp, text), typ) == expected


def test_an_announced_intention_is_planned(nlp):
    a = run_text(nlp, "وأعلنت تركيا عزمها شن هجوم على منبج.")
    assert [e.modality for e in a.events] == ["planned"]


def test_an_intention_named_after_the_strike_leaves_it_asserted(nlp):
    a = run_text(nlp, "وقصفت الطائرات مدينة حلب رغم عزمها إرسال مساعدات.")
    assert [e.modality for e in a.events] == ["asserted"]
