"""Session 19: a fight told as background (history, no event of the news) still states who fights
whom; the event itself stays out of the article's events."""

from __future__ import annotations

import pytest

from marsad.analyse.events import code_events
from marsad.model import Article

PAST_STRIKE = "وفي عام 2014 قصفت قوات النظام مواقع جيش الإسلام في دوما."


def _run(nlp, body: str, published: str | None = "2018-03-10") -> Article:
    return nlp(Article(source_path="t.txt", raw=body, body=body, published=published))


def _fights(a: Article) -> set[frozenset[str]]:
    return {frozenset((r.head.text, r.tail.text)) for r in a.relations if r.type == "fights_against"}


def test_a_background_strike_states_a_fight_but_is_no_event(nlp) -> None:
    a = _run(nlp, PAST_STRIKE)
    assert a.events == []
    assert _fights(a) == {frozenset(("قوات النظام", "جيش الإسلام"))}
    r = next(r for r in a.relations if r.type == "fights_against")
    assert r.evidence.text == PAST_STRIKE


def test_a_background_ambush_states_a_fight(nlp) -> None:
    a = _run(nlp, "وفي عام 2015 نصب مقاتلو جيش الإسلام كمينا لعناصر حزب الله في القلمون.")
    assert a.events == []
    assert _fights(a) == {frozenset(("جيش الإسلام", "حزب الله"))}


def test_code_events_hands_background_events_to_the_caller(nlp) -> None:
    a = _run(nlp, PAST_STRIKE)
    past: list = []
    assert code_events(a, past) == []
    assert [(e.sub_event_type, e.background) for e in past] == [("Shelling/artillery/missile attack", True)]


def test_a_news_strike_is_still_an_event(nlp) -> None:
    a = _run(nlp, "قصفت قوات النظام أمس مواقع جيش الإسلام في دوما.")
    assert [e.sub_event_type for e in a.events] == ["Shelling/artillery/missile attack"]
    assert _fights(a) == {frozenset(("قوات النظام", "جيش الإسلام"))}


def _events(a: Article) -> list[tuple[str, str | None, str | None]]:
    return [(e.sub_event_type, e.actor1 and e.actor1.text, e.actor2 and e.actor2.text) for e in a.events]


def test_a_vague_cue_dropped_for_a_specific_one_still_states_its_fight(nlp) -> None:
    a = _run(nlp, "وكانت تركيا استهدفت في الايام الاخيرة مواقع تنظيم داعش في سوريا ولحزب العمال الكردستاني، اثر "
                  "الهجوم الانتحاري في سوروتش قبل اسبوع.", "2015-07-27")
    assert [e.sub_event_type for e in a.events] == ["Suicide bomb"]
    assert frozenset(("تركيا", "تنظيم داعش")) in _fights(a)


def test_a_second_group_whose_positions_are_hit_is_no_attacker(nlp) -> None:
    a = _run(nlp, "وقالت الوكالة ان تركيا استهدفت امس مواقع تنظيم داعش في سوريا ولحزب العمال الكردستاني في شمال "
                  "العراق.", "2015-07-27")
    assert [(e.actor1 and e.actor1.text, e.actor2 and e.actor2.text) for e in a.events][:1] == [("تركيا", "تنظيم داعش")]


def test_the_group_an_attack_is_ascribed_to_is_its_actor1(nlp) -> None:
    a = _run(nlp, "قتل 32 شخصا في هجوم انتحاري في سوروتش امس الذي نسبته السلطات التركية الى تنظيم داعش.",
             "2015-07-21")
    assert _events(a) == [("Suicide bomb", "تنظيم داعش", None)]


def test_the_holder_of_a_shelled_village_is_the_target(nlp) -> None:
    a = _run(nlp, "ان الدبابات التركية قصفت امس قرية تسيطر عليها القوات الكردية في شمال سوريا.", "2015-07-27")
    assert _events(a) == [("Shelling/artillery/missile attack", "التركية", "القوات الكردية")]
    assert a.events[0].actor1.entity_id == "grp:turkish-forces"


def test_shelling_by_foreign_tanks_names_their_state(nlp) -> None:
    a = _run(nlp, "تعرضت قرية تسيطر عليها القوات الكردية في شمال سوريا امس لقصف بدبابات تركية.", "2015-07-27")
    assert _events(a) == [("Shelling/artillery/missile attack", "تركية", "القوات الكردية")]


def test_what_was_done_instead_of_is_no_event(nlp) -> None:
    a = _run(nlp, "وقالت الوحدات في بيان انه بدلا من استهداف المواقع التي احتلها تنظيم داعش تعرضت القوات التركية "
                  "لمواقعنا في شمال سوريا امس.", "2015-07-27")
    assert all(e.actor1 is None or e.actor1.text != "تنظيم داعش" for e in a.events)
    b = _run(nlp, "وبدلا من ذلك قصفت القوات التركية امس مواقع للوحدات الكردية في عفرين.", "2018-03-01")
    assert [e.sub_event_type for e in b.events] == ["Shelling/artillery/missile attack"]


def test_groups_coordinated_after_a_target_are_targets(nlp) -> None:
    a = _run(nlp, 'وذكرت مصادر أمنية وصحية محلية أن المحتجين أضرموا النار في مقار ميليشيات حزب الله وحزب الفضيلة ومقر '
                  'منظمة "عصائب أهل الحق" ومقر "منظمة بدر" في البصرة ومكتب محافظ البصرة.', "2018-09-08")
    assert [(e.sub_event_type, e.actor1, e.actor2 and e.actor2.text) for e in a.events] == [
        ("Violent demonstration", None, "حزب الله")]


EARLIER = ("قتل 9 أشخاص على الأقل، الجمعة، جراء غارة تركية استهدفت المستشفى الرئيسي في مدينة عفرين. "
           "{}وثق المرصد مقتل 18 مدنيا جراء القصف التركي على عفرين.")


def test_an_event_told_as_earlier_is_not_merged_into_the_one_before(nlp) -> None:
    a = _run(nlp, EARLIER.format("وفي وقت سابق من يوم الجمعة، "), "2018-03-17")
    assert sorted(e.sub_event_type for e in a.events) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_without_the_shift_the_definite_shelling_points_back(nlp) -> None:
    a = _run(nlp, EARLIER.format(""), "2018-03-17")
    assert [e.sub_event_type for e in a.events] == ["Air/drone strike"]


def test_aircraft_striking_a_village_is_an_air_strike(nlp) -> None:
    a = _run(nlp, 'وقال مدير المرصد "طائرات حربية يرجح أنها روسية استهدفت مدينة سراقب في ريف إدلب الشرقي، ومن بين '
                  'الضحايا 11 امرأة و6 أطفال".', "2018-06-08")
    assert [(e.sub_event_type, e.location.text) for e in a.events] == [("Air/drone strike", "سراقب")]


def test_a_source_phrase_ends_where_direct_speech_opens(nlp) -> None:
    from marsad.analyse.modality import sources_of

    a = _run(nlp, 'وقال مدير المرصد "طائرات حربية يرجح أنها روسية استهدفت مدينة سراقب في ريف إدلب الشرقي".')
    assert [a.body[s.np_start:s.np_end] for s in sources_of(a)] == ["مدير المرصد"]
    b = _run(nlp, 'وذكر موقع "المصدر نيوز" التابع لإيران أن قوات النظام سيطرت على القرية.')
    assert [s.text for s in sources_of(b)] == ["المصدر نيوز التابع لإيران"]


def test_a_national_force_noun_inside_the_cue_is_its_actor(nlp) -> None:
    a = _run(nlp, "وبلغ عدد الأشخاص الذين ألقت فرق الأمن التركية القبض عليهم يوم السبت 371 شخصا، في 25 ولاية.",
             "2015-07-27")
    assert [(e.sub_event_type, e.actor1.text, e.actor1.entity_id) for e in a.events] == [
        ("Arrests", "فرق الأمن التركية", "grp:turkish-forces")]


def test_a_repeated_denial_is_no_incident(nlp) -> None:
    assert _run(nlp, "لكن الحكومة السورية نفت مرارا استخدامها أسلحة كيماوية في الغوطة الشرقية.").events == []
    a = _run(nlp, "ونفت الحكومة السورية امس استخدامها أسلحة كيماوية في الغوطة الشرقية.")
    assert [(e.sub_event_type, e.modality) for e in a.events] == [("Chemical weapon", "denied")]


def test_a_habitual_word_far_from_the_trigger_does_not_count(nlp) -> None:
    a = _run(nlp, "وقال المسؤول الذي زار المنطقة مرارا خلال العام الماضي إن قوات النظام قصفت امس بلدة دوما بالمدفعية.")
    assert [e.sub_event_type for e in a.events] == ["Shelling/artillery/missile attack"]


def test_an_election_without_attacks_has_no_attack(nlp) -> None:
    assert _run(nlp, "وتجري عملية الاقتراع في كركوك دون هجمات دامية.", "2017-12-15").events == []


def test_a_coordinated_verb_shares_the_capital_that_opens_the_sentence(nlp) -> None:
    a = _run(nlp, "ذكرت مصادر ميدانية وصول تعزيزات عسكرية من مناطق سيطرة قوات سوريا الديمقراطية إلى عفرين. "
                  "واستغلت دمشق هذه النقطة وأرسلت قوات للدفاع عن عفرين.")
    assert sorted((e.actor1.text, e.location.text) for e in a.events if e.sub_event_type == "Change to group/activity") == [
        ("دمشق", "عفرين"), ("قوات سوريا الديمقراطية", "عفرين")]


def test_strikes_launched_on_a_target(nlp) -> None:
    a = _run(nlp, "وكثفت تركيا في الأشهر الأخيرة ضرباتها ضد قواعد حزب العمال الكردستاني شمال العراق، خاصة في معقله "
                  "بمنطقة جبل قنديل.")
    assert _events(a) == [("Air/drone strike", "تركيا", "حزب العمال الكردستاني")]
    b = _run(nlp, "بينما شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت ضربات على مواقع سورية.", "2018-04-14")
    assert [(e.sub_event_type, e.actor1.text) for e in b.events] == [("Air/drone strike", "الولايات المتحدة")]


def test_a_strike_on_the_economy_is_no_event(nlp) -> None:
    assert _run(nlp, "ووجهت الحكومة ضربة قوية للاقتصاد.").events == []


SHOTS = [
    ("وأطلق مسلحون مجهولون النار على حاجز للجيش العراقي في بعقوبة امس.", [("Armed clash", None, "لجيش العراقي")]),
    ("وأطلق مسلحون مجهولون النار على سيارة مدنية في بعقوبة امس.", [("Attack", None, None)]),
    ("وسجل المرصد خروقات لوقف إطلاق النار على جبهات ريف حماة امس.", []),
]


@pytest.mark.parametrize(("text", "expected"), SHOTS)
def test_fire_opened_on_someone(nlp, text, expected) -> None:
    assert _events(_run(nlp, text)) == expected


def test_pointing_to_a_clause_is_a_reporting_frame(nlp) -> None:
    a = _run(nlp, "وقالت المحكمة إن التحقيقات ستكشف أدوار كل المتورطين في مساعدة «داعش» في تنفيذ عمليات التفجيرات لافتا "
                  "الى انه جرى توقيف 11 رجل شرطة في خان بني سعد.", "2015-07-22")
    arrests = [e for e in a.events if e.sub_event_type == "Arrests"]
    assert [(e.actor1, e.location.text) for e in arrests] == [(None, "خان بني سعد")]


@pytest.mark.parametrize(("place"), ['حي الشيخ مقصود', 'منطقة "النيرب"'])
def test_a_place_inside_the_town_named_before_it_is_the_location(nlp, place) -> None:
    a = _run(nlp, f"وقد شاركوا في معارك حلب في {place} الشهر الماضي.", "2015-08-08")
    assert [e.location.text for e in a.events] == ['منطقة "النيرب"' if "النيرب" in place else "الشيخ مقصود"]


def test_an_agreement_about_a_place_held_by_a_named_group(nlp) -> None:
    a = _run(nlp, "وأعلن عن التوصل إلى اتفاق يبدأ تنفيذه صباح السبت، ويقضي بإخراج المقاتلين الراغبين وعائلاتهم من الجيب "
                  "الذي يسيطر عليه فصيل فيلق الرحمن في الغوطة.", "2018-03-23")
    assert [(e.sub_event_type, e.actor1.text) for e in a.events] == [("Agreement", "فيلق الرحمن")]


def test_an_act_added_to_the_one_before_shares_its_actor_and_place(nlp) -> None:
    a = _run(nlp, "واندلعت الاشتباكات في محافظة السويداء، التي ظلت بمنأى عن الحرب الأهلية الطاحنة في سوريا منذ 2010، في "
                  "أواخر يوليو الماضي، عندما شن تنظيم داعش الإرهابي سلسلة هجمات مباغتة داخل مركز المحافظة وقرى محيطة، "
                  "الأمر الذي أسفر عن سقوط أكثر من 250 قتيلا، علاوة على اختطاف عدد آخر من المدنيين.", "2018-09-11")
    ab = [e for e in a.events if e.sub_event_type == "Abduction/forced disappearance"]
    assert [(e.actor1.text, e.location.text) for e in ab] == [("تنظيم داعش", "محافظة السويداء")]


def test_without_an_additive_word_a_bare_act_is_not_coded(nlp) -> None:
    a = _run(nlp, "واندلعت الاشتباكات في محافظة السويداء عندما شن تنظيم داعش سلسلة هجمات مباغتة. وجرى اختطاف عدد آخر "
                  "من المدنيين.", "2018-07-26")
    assert [e for e in a.events if e.sub_event_type == "Abduction/forced disappearance"] == []


def test_joining_as_an_aim_is_no_event(nlp) -> None:
    a = _run(nlp, "وقال المسؤول إن السلطات لم تتمكن من رصد مواطني تلك الدول الذين يسافرون الى تركيا للانضمام الى صفوف "
                  "تنظيم داعش.", "2015-07-31")
    assert a.events == []
    b = _run(nlp, "وأعلنت كتائب الإمام علي امس انضمامها إلى الحشد الشعبي في العراق.", "2015-07-31")
    assert [e.sub_event_type for e in b.events] == ["Change to group/activity"]


def test_a_plan_denied_leaves_no_event(nlp) -> None:
    assert _run(nlp, "ونقل عن رئيس الوزراء التركي قوله إنه ليس لدى تركيا خطط لإرسال قوات برية إلى سوريا.",
                "2015-07-27").events == []
    a = _run(nlp, "ونقل عن رئيس الوزراء التركي قوله إن تركيا تعتزم إرسال قوات برية إلى سوريا.", "2015-07-27")
    assert [(e.sub_event_type, e.modality) for e in a.events] == [("Change to group/activity", "planned")]


def test_strikes_in_two_countries_are_two_events(nlp) -> None:
    a = _run(nlp, "شنت المقاتلات التركية امس غارات على مواقع تنظيم داعش في سوريا. كما شنت المقاتلات التركية امس غارات "
                  "على مواقع حزب العمال الكردستاني في العراق.", "2015-07-25")
    assert sorted((e.location.text, e.actor2.text) for e in a.events) == [
        ("العراق", "حزب العمال الكردستاني"), ("سوريا", "تنظيم داعش")]


def test_striking_positions_is_a_strike_but_a_capability_is_not(nlp) -> None:
    a = _run(nlp, "وضربت القوات التركية امس مواقع لحزب العمال الكردستاني في جنوب شرقي تركيا.", "2015-08-01")
    assert [(e.event_type, e.actor1.text, e.actor2.text) for e in a.events] == [
        ("Explosions/Remote violence", "القوات التركية", "حزب العمال الكردستاني")]
    b = _run(nlp, "وطورت إيران صواريخ قادرة على ضرب مواقع في إسرائيل.", "2015-08-01")
    assert b.events == []


def test_the_city_means_the_town_the_article_is_about(nlp) -> None:
    a = _run(nlp, "عزلت قوات النظام السبت مدينة دوما عن باقي الغوطة الشرقية. وقال المرصد إن دوما باتت محاصرة. "
                  "وسيطرت قوات النظام على مدينة مسرابا إلى الجنوب منها. وقد استهدف قصف جوي ومدفعي المدينة التي يختبئ "
                  "سكانها في الأبنية.", "2018-03-10")
    strikes = [e for e in a.events if e.event_type == "Explosions/Remote violence"]
    assert [e.location.text for e in strikes] == ["دوما"]
