"""Rules of session 33: a force named by its head, qualifiers and a nationality ("القوات البرية التركية");
the dead "في صفوف X" are X's (X is the target, not the actor)."""

from __future__ import annotations

import pytest
from coder_helpers import either_pairs, event_rows, relation_pairs, run_text

from marsad.analyse.matcher import match_text


def _groups(text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.entity_id) for e in match_text(text) if e.type == "ARMED_GROUP"]


@pytest.mark.parametrize(("text", "expected"), [
    # a branch between the head and the nationality: the whole phrase is the nation's force
    ("قامت القوات البرية التركية بقصف مدفعي.", [("القوات البرية التركية", "grp:turkish-forces")]),
    ("وشاركت القوات الخاصة البريطانية في العملية.", [("القوات الخاصة البريطانية", "grp:british-forces")]),
    # two qualifiers
    ("وقالت إن القوات العسكرية النظامية السورية تقدمت.", [("القوات العسكرية النظامية السورية", "grp:syrian-army")]),
    # with a proclitic (the contracted article: the span starts at the ل that stands for ال)
    ("وأكد أن للقوات الخاصة الأمريكية دورا.", [("لقوات الخاصة الأمريكية", "grp:us-forces")]),
    ("ووصلت والقوات البرية التركية.", [("القوات البرية التركية", "grp:turkish-forces")]),
    # a KB alias of the whole phrase wins: the Iraqi Air Force, not the Iraqi forces
    ("وشنت القوات الجوية العراقية غارات.", [("القوات الجوية العراقية", "grp:iraqi-air-force")]),
])
def test_qualified_force(text, expected):
    assert _groups(text) == expected


@pytest.mark.parametrize("text", [
    # no nationality: a royal air force is no nation's
    "وشاركت القوات الجوية الملكية في التدريب.",
    # a word that is no qualifier between the head and the nationality
    "وقالت القوات الصديقة الأمريكية إن الوضع هادئ.",
    # a head that is no force
    "وقال المسؤولون العسكريون الأمريكيون إن الهجوم فشل.",
])
def test_qualified_force_needs_a_qualifier_and_a_nation(text):
    assert _groups(text) == []


def test_qualified_force_takes_part_in_relations(nlp):
    a = run_text(nlp, "وقالت الوزارة إن القوات الجوية العراقية شنت ضربات جوية ضد مواقع لتنظيم داعش في سوريا.")
    assert ("القوات الجوية العراقية", "تنظيم داعش") in either_pairs(a, "fights_against")


def test_qualified_aircraft_take_only_warplane_qualifiers():
    assert _groups("وشنت المقاتلات الحربية الإسرائيلية غارات.") == [
        ("المقاتلات الحربية الإسرائيلية", "grp:israeli-forces")]
    # "الجوية" is a force's branch, not a warplane's: a purchase of jets names no force
    assert _groups("ولا عقبات في طريق صفقة المقاتلات الجوية الأمريكية.") == []


@pytest.mark.parametrize("text", [
    "وقصفت الطائرات مدينة إدلب أمس ما أسفر عن سقوط قتلى وجرحى في صفوف قوات النظام السوري.",
    "وأسفر القصف على مدينة إدلب عن وقوع ضحايا بين المدنيين وفي صفوف قوات النظام السوري.",
])
def test_casualties_in_the_ranks_are_the_target(nlp, text):
    rows = event_rows(run_text(nlp, text))
    assert rows and all(r[1] != "قوات النظام السوري" for r in rows), rows
    assert any(r[2] == "قوات النظام السوري" for r in rows), rows


def test_casualties_in_the_ranks_of_another_clause(nlp):
    # the losses are reported in the last clause, for the opposition's mortars, not for the helicopters' strike
    a = run_text(nlp, "قصف الطيران المروحي بالبراميل المتفجرة على مناطق في مدينة تلبيسة، فيما تعرضت مناطق في بلدة "
                      "الغنطو بريف حمص الشمالي لقصف بالبراميل المتفجرة من طائرات النظام المروحية، دون انباء عن "
                      "اصابات، كذلك استهدفت الفصائل المعارضة تمركزات لقوات النظام بقذائف الهاون في محيط قرية "
                      "الغاصبية بريف حمص الشمالي وانباء عن خسائر بشرية في صفوف قوات النظام والمسلحين الموالين لها.")
    assert not any(r[1] == "الطيران المروحي" and r[2] == "قوات النظام" for r in event_rows(a)), event_rows(a)


@pytest.mark.parametrize("text", [
    # the clause after "من أن" has its own subject: the general's forces joined nothing
    "حذر رئيس هيئة أركان القوات المسلحة الأميركية، جوزيف دانفورد، من أن مقاتلين أجانب جدد مازالوا ينضمون "
    "إلى تنظيم داعش في سوريا.",
    # "أن سفنا توجد في الميناء": the coalition is the speaker, the ships are there
    "وأوضح التحالف العربي أن ست سفن توجد في ميناء الحديدة الآن.",
])
def test_no_head_across_a_complementizer(nlp, text):
    a = run_text(nlp, text)
    assert not any(r.type in ("member_of", "part_of", "deployed_to") for r in a.relations), \
        [(r.type, r.head.text, r.tail.text) for r in a.relations]


@pytest.mark.parametrize(("text", "pair"), [
    # "أنه": the pronoun is the one named before
    ("وقال حزب الله اللبناني الذي يعتقد أنه ينشر نحو 5 آلاف مقاتل في سوريا.", ("حزب الله اللبناني", "سوريا")),
    # "إن مقاتليه": its own fighters
    ('لكن جيش الإسلام قال إن "مقاتليه يريدون نزع السلاح والبقاء في دوما".', ("جيش الإسلام", "دوما")),
])
def test_head_across_a_complementizer_with_its_pronoun(nlp, text, pair):
    assert pair in relation_pairs(run_text(nlp, text), "deployed_to")


def test_iranian_kurdish_party_is_not_the_iraqi_one():
    got = [(e.text, e.entity_id) for e in match_text(
        "وقصفت الطائرات مقرا للحزب الديمقراطي الكردستاني الإيراني في منطقة كوي سنجق، وأدان الحزب الديمقراطي "
        "الكردستاني القصف.") if e.type in ("ORGANIZATION", "LOCATION")]
    assert ("لحزب الديمقراطي الكردستاني الإيراني", "org:kdpi") in got
    assert ("الحزب الديمقراطي الكردستاني", "org:kdp") in got


def _typed(a, text: str) -> str | None:
    return next((e.type for e in a.entities if e.text == text), None)


@pytest.mark.parametrize(("text", "name"), [
    ("واستهدف القصف ثكنات عسكرية لقوات البيشمركة في قرية حسن شامي شمال أربيل.", "حسن شامي"),
    ("وتشارك عهد ووالدتها ووالدها وآخرين في قرية النبي صالح في مسيرات أسبوعية ضد القوات الإسرائيلية.", "النبي صالح"),
    ("ونشرت الفتاة صور هذه الواقعة التي حدثت أمام منزلها بقرية النبي صالح يوم 15 ديسمبر على فيسبوك.", "النبي صالح"),
])
def test_person_name_after_a_settlement_word_is_a_place(nlp, text, name):
    assert _typed(run_text(nlp, text), name) == "LOCATION"


@pytest.mark.parametrize(("text", "name"), [
    # the definite noun: the village's head, named after it
    ("وقال رئيس القرية ماهر شتية إن السكان غادروا.", "ماهر شتية"),
    # after لـ: the city's official
    ("وقالت المدعية العامة لمدينة بو سيسيل جنساك إن الرجل توفي.", "بو سيسيل جنساك"),
])
def test_person_name_after_a_definite_or_lam_settlement_word_stays(nlp, text, name):
    assert _typed(run_text(nlp, text), name) == "PERSON"


def test_a_placed_settlement_gives_the_base_and_the_event_place(nlp):
    a = run_text(nlp, "وأطلق عناصر داعش صاروخين مستهدفة ثكنات عسكرية لقوات البيشمركة في قرية حسن شامي شمال أربيل.")
    assert ("قوات البيشمركة", "حسن شامي") in relation_pairs(a, "deployed_to")
    ev = [e for e in a.events if e.location and e.location.text == "حسن شامي"]
    assert ev and ev[0].location.admin1 == "Erbil"


def test_a_birthplace_is_no_event_place(nlp):
    a = run_text(nlp, "وقال عبد الله إن كامبل المتحدرة من مدينة لويس في جنوب بريطانيا انضمت إلى القوات الكردية.")
    assert not any(e.location and e.location.text in ("لويس", "جنوب بريطانيا") for e in a.events), event_rows(a)
    # a place a group withdraws from is the event's place
    a = run_text(nlp, "وانسحب تنظيم داعش من قرية حسن شامي شمال أربيل.")
    assert [r[3] for r in event_rows(a)] == ["حسن شامي"]


def test_a_person_joining_is_no_event_when_the_tagger_span_holds_the_particle(nlp):
    # the tagger's person is "فإن كامبل": it starts before the clause bound that فإن opens
    a = run_text(nlp, "وبحسب المتحدثة باسم وحدات حماية المرأة الكردية نسرين عبد الله، فإن كامبل المتحدرة من مدينة "
                      "لويس في جنوب بريطانيا انضمت إلى القوات الكردية في مايو 2017.")
    assert a.events == [], event_rows(a)
    # the source phrase took the person in (no comma after the speaker's name)
    a = run_text(nlp, "وبحسب المتحدثة باسم وحدات حماية المرأة الكردية نسرين عبد الله فإن كامبل المتحدرة من مدينة "
                      "لويس في جنوب بريطانيا انضمت إلى القوات الكردية في أيار/مايو 2017.")
    assert a.events == [], event_rows(a)
    # a faction joining after a speaker's "إن" is an event
    a = run_text(nlp, "وقال القيادي أبو محمد إن الفصيل انضم إلى الجبهة الوطنية للتحرير.")
    assert [r[0] for r in event_rows(a)] == ["Change to group/activity"]


@pytest.mark.parametrize(("text", "pair"), [
    # the antecedent of "التي تعتبرها أنقرة" is what the offshoot cue is said of, past the predicate noun
    ("وشنت أنقرة هجوما على وحدات حماية الشعب، التي تعتبرها أنقرة جماعة إرهابية وامتدادا لحزب العمال الكردستاني.",
     ("وحدات حماية الشعب", "حزب العمال الكردستاني")),
    ("وتقاتل وحدات حماية الشعب الكردية التي تعتبرها تركيا الذراع السوري لحزب العمال الكردستاني.",
     ("وحدات حماية الشعب الكردية", "حزب العمال الكردستاني")),
    ("وتعتبر أنقرة وحدات حماية الشعب الكردية فرعا لحزب العمال الكردستاني المحظور.",
     ("وحدات حماية الشعب الكردية", "حزب العمال الكردستاني")),
])
def test_offshoot_of_a_group(nlp, text, pair):
    assert pair in relation_pairs(run_text(nlp, text), "part_of")


def test_an_arm_to_strike_with_is_no_branch(nlp):
    a = run_text(nlp, "وكذا الأمر بالنسبة للأسد الذي وجد في هذا التنظيم ذراعًا لضرب الجيش الحر والمقاومات الأخرى.")
    assert relation_pairs(a, "part_of") == set()


def test_qualified_aircraft_with_hamza():
    # (not a KB alias: the head is found as written, "الطائرات", though the KB keys read "الطايرات")
    assert _groups("وقصفت الطائرات العسكرية الروسية مدينة إدلب.") == [
        ("الطائرات العسكرية الروسية", "grp:russian-forces")]
