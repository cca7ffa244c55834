"""Rules of session 28: event cues and a facility name with quotes inside."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

# (text, sub-event type expected or None for "no event of this type", actor1 text, location text)
EVENTS = [
    # a province freed, told as done
    ("وكانت القوات العراقية تمكنت من تحرير محافظة صلاح الدين من قبضة داعش.", "Government regains territory",
     "القوات العراقية", "محافظة صلاح الدين"),
    # fighters leaving a place: verb first, or the fighters first
    ("وغادر مسلحو المعارضة بلدة عربين إلى شمالي محافظة إدلب.", "Non-violent transfer of territory",
     "مسلحو المعارضة", "عربين"),
    ("وقال المرصد إن مقاتلين من داعش غادروا مخيم اليرموك.", "Non-violent transfer of territory", "داعش", "اليرموك"),
    # a diplomat, a refugee or a state leaving is no transfer of ground
    ("وقالت الوكالة إن القنصل السعودي غادر تركيا متجها إلى المملكة.", None, None, None),
    ("وقال الأسد إن اللاجئين الذين غادروا سوريا سيعودون.", None, None, None),
    # two agreements in one sentence
    ("وكانت روسيا توصلت مع فصيلي حركة أحرار الشام في مدينة حرستا، وفيلق الرحمن في جنوب الغوطة الشرقية، "
     "إلى اتفاقين أجلي بموجبهما آلاف المقاتلين.", "Agreement", "حركة أحرار الشام", None),
    # units brought in, fighters heading somewhere, warplanes flown in
    ("وأضاف، سيتم إدخال وحدات من الشرطة العسكرية الروسية إلى مدينة دوما.", "Change to group/activity",
     "الشرطة العسكرية الروسية", "دوما"),
    ("وتوجه مئات المقاتلين الأكراد لدعم المقاتلين في منطقة عفرين.", "Change to group/activity",
     "المقاتلين الأكراد", "منطقة عفرين"),
    ("وهبطت 4 طائرات نقل أمريكية، مساء الاثنين، في قاعدة “إنغيرليك” الجوية جنوبي تركيا.",
     "Change to group/activity", None, "قاعدة “إنغيرليك” الجوية"),
    ("وتوجه أفراد الشرطة وسيارات الإسعاف إلى مكان الحادث.", None, None, None),
    ("ومنذ أسابيع، حشد النظام السوري تعزيزات في ضواحي محافظة إدلب.", "Change to group/activity", "النظام السوري",
     "محافظة إدلب"),
    ("ومن ذلك تسليم الأسلحة ودخول الشرطة العسكرية الروسية إلى بعض القرى في القنيطرة.", "Change to group/activity",
     "الشرطة العسكرية الروسية", "القنيطرة"),
    ("وكان الجيش الإسرائيلي نشر صورا لمقاتلات إف 35 وهي تحلق فوق بيروت.", None, None, None),
    # an offensive to take ground is a battle, even where the place is a camp
    ("واصل النظام السوري هجومه، الأحد، لاستعادة مخيم اليرموك في جنوب دمشق.", "Armed clash", "النظام السوري",
     "اليرموك"),
]


@pytest.mark.parametrize(("text", "sub", "actor1", "place"), EVENTS)
def test_session28_event_cues(nlp, text, sub, actor1, place):
    rows = event_rows(run_text(nlp, text))
    if sub is None:
        assert not [r for r in rows if r[0] in ("Non-violent transfer of territory", "Change to group/activity")], rows
        return
    got = [r for r in rows if r[0] == sub]
    assert got, rows
    assert got[0][1] == actor1, rows
    if place is not None:
        assert got[0][3] == place, rows
    if sub == "Armed clash":
        assert not [r for r in rows if r[0] == "Attack"], rows


@pytest.mark.parametrize(("text", "name"), [
    ('وهبطت الطائرات في قاعدة "إنغيرليك" الجوية.', 'قاعدة "إنغيرليك" الجوية'),
    ("وصلت المقاتلات إلى قاعدة «إنجرليك»، جنوب تركيا.", "قاعدة «إنجرليك»"),
    ('ووصلت إلى قاعدة "إنغيرليك"، جنوب تركيا.', 'قاعدة "إنغيرليك"'),
])
def test_a_quote_inside_a_facility_name(nlp, text, name):
    facs = [e for e in run_text(nlp, text).entities if e.type == "FACILITY"]
    assert [(e.text, e.entity_id) for e in facs] == [(name, "fac:incirlik-air-base")]


def test_a_town_pointed_back_to_before_the_body_names_it_is_the_titles(nlp):
    from marsad.model import Article

    body = ("وقالت مصادر أمنية إن محتجين اقتحموا القنصلية الإيرانية في المدينة بعد حصارها لساعات. "
            "وأحرق المحتجون مقار أحزاب في البصرة، وفق مصادر محلية.")

    def riots(title: str | None) -> list[str | None]:
        a = nlp(Article(source_path="t.txt", raw=body, body=body, title=title, published="2018-09-07"))
        return [r[3] for r in event_rows(a) if r[0] == "Violent demonstration"]

    assert riots("نيران الغضب تلتهم القنصلية الإيرانية في البصرة") == ["البصرة"]
    # without the title the first riot has no place, and stays apart from the second
    assert riots(None) == [None, "البصرة"]


@pytest.mark.parametrize(("text", "pair", "expected"), [
    # a state's forces abroad, named right before في and a place
    ("يبلغ عدد القوات الأميركية في سوريا حاليا قرابة 2000 عنصر.", ("grp:us-forces", "plc:syria"), True),
    ("وأطلقت القوات الإيرانية في سوريا نحو 20 صاروخا.", ("grp:iranian-army", "plc:syria"), True),
    # … not at home, and not a group of another kind
    ("وقال إن الحرس الثوري في إيران يدعم التنظيم.", ("grp:irgc", "plc:iran"), False),
    ("واستهدفت الغارات جبهة النصرة في إدلب.", ("grp:jabhat-al-nusra", "plc:idlib-gov"), False),
    # a group's hideouts or barracks in a place
    ("وقامت قوات الجيش العراقي بتنفيذ هجمات على أوكار تنظيم داعش في مناطق حصيبة الشرقية.",
     ("grp:isis", "plc:husaybah"), True),
    # the group that took a place is in it
    ("وسيطرت القوات التركية وفصائل سورية موالية لها الأحد على مدينة عفرين.", ("grp:turkish-forces", "plc:afrin"),
     True),
])
def test_session28_deployments(nlp, text, pair, expected):
    got = {(r.head.entity_id, r.tail.entity_id) for r in run_text(nlp, text).relations if r.type == "deployed_to"}
    assert (pair in got) is expected, got


def test_syrian_factions_loyal_to_the_turkish_army(nlp):
    a = run_text(nlp, "وبات الجيش التركي وفصائل سورية موالية له يسيطرون على نحو 80% من عفرين في سوريا.")
    assert [(e.text, e.entity_id) for e in a.entities if e.type == "ARMED_GROUP"] == [
        ("الجيش التركي", "grp:turkish-forces"), ("فصائل سورية موالية له", "grp:sna")]
    assert ("allied_with", "grp:sna", "grp:turkish-forces") in {
        (r.type, r.head.entity_id, r.tail.entity_id) for r in a.relations}


@pytest.mark.parametrize("text", [
    "وبات الجيش التركي وفصائل سورية موالية له يسيطرون على نحو 80% من عفرين في سوريا.",
    "وسيطرت القوات التركية وفصائل سورية موالية لها الأحد على مدينة عفرين في شمال سوريا.",
])
def test_every_holder_joined_to_the_first_is_deployed(nlp, text):
    got = {(r.head.entity_id, r.tail.entity_id) for r in run_text(nlp, text).relations if r.type == "deployed_to"}
    assert {("grp:turkish-forces", "plc:afrin"), ("grp:sna", "plc:afrin")} <= got, got


# (text, (type, head, tail) by KB id or, for an unlinked name, by text, expected)
RELATION_CASES = [
    # a charge of collaboration is no alliance
    ("وأوضح أن داعش وجه للمعتقلين في الموصل تهمة التعاون مع القوات الأمنية العراقية.",
     ("allied_with", "grp:iraqi-security-forces", "grp:isis"), False),
    # a partner named after "بالتعاون مع" is not fought
    ("وقاتلت جبهة النصرة بالتعاون مع حركة أحرار الشام.", ("fights_against", "grp:ahrar-al-sham", "grp:jabhat-al-nusra"),
     False),
    # a group attacking is not fighting the umbrella it belongs to
    ("وتعرضت المجموعة لهجوم من “جبهة النصرة” التابعة لتنظيم “القاعدة”، حيث احتجزت عددا منهم.",
     ("fights_against", "grp:al-qaeda", "grp:jabhat-al-nusra"), False),
    ("وتعرضت المجموعة لهجوم من “جبهة النصرة” التابعة لتنظيم “القاعدة”، حيث احتجزت عددا منهم.",
     ("part_of", "grp:jabhat-al-nusra", "grp:al-qaeda"), True),
    # one of a group's positions is not one of its units
    ("وردّ الجيش الإسرائيلي بغارة على أحد مواقع حركة حماس التي تسيطر على القطاع.",
     ("part_of", "grp:israeli-forces", "grp:hamas"), False),
    # supplying an armed group is backing it
    ("وكانت إيران تمد حزب الله بالصواريخ.", ("sponsored_by", "grp:hezbollah", "plc:iran"), True),
    # a person named before a title, another clause between: no relation
    ("وقال إن ماتيس يدعم جهود المبعوث الخاص للأمم المتحدة لإيجاد حل سياسي.", ("member_of", "ماتيس", "لأمم المتحدة"),
     False),
    # … a copula or a pronoun between, or the rest of a name the recogniser left out, still tell it
    ("وقال أبو محمد الجولاني، وهو زعيم هيئة تحرير الشام، إن المعركة مستمرة.",
     ("leader_of", "أبو محمد الجولاني", "هيئة تحرير الشام"), True),
    ("وفي عام 2003، حاول نبيل صحراوي، زعيم تنظيم القاعدة في بلاد المغرب الإسلامي، أن يعمم الجهاد.",
     ("leader_of", "نبيل", "تنظيم القاعدة"), True),
]


@pytest.mark.parametrize(("text", "rel", "expected"), RELATION_CASES)
def test_session28_relations(nlp, text, rel, expected):
    rels = run_text(nlp, text).relations
    got = {(r.type, r.head.entity_id, r.tail.entity_id) for r in rels} | {(r.type, r.head.text, r.tail.text) for r in rels}
    sym = got | {(t, b, a) for t, a, b in got if t in ("fights_against", "allied_with")}
    assert (rel in sym) is expected, got


def test_the_first_army_is_not_the_syrian_army(nlp):
    a = run_text(nlp, "أعلنت كتائب وتشكيلات الجيش الأول التابع للجيش الحر استهداف مقرات قوات النظام في مدينة خان أرنبة.")
    assert ("part_of", "grp:syrian-army", "grp:fsa") not in {
        (r.type, r.head.entity_id, r.tail.entity_id) for r in a.relations}
    assert [e.entity_id for e in a.entities if e.text == "الجيش"] == []


def test_forces_entering_a_town_by_name_take_it(nlp):
    """The territory cue ("دخول ~3 مدينه") is longer than the deployment one and wins."""
    rows = event_rows(run_text(nlp, "وبدأ دخول قوات النظام إلى مدينة دوما بعد خروج المسلحين."))
    assert ("Government regains territory", "قوات النظام", None, "دوما") in rows
    assert "Change to group/activity" not in [r[0] for r in rows]
