"""Session-6 relation cues, on sentences written for these tests and run through the default pipeline:
meetings told verb-first with several persons listed, and states helping a force."""

from __future__ import annotations

import pytest

from marsad.model import Article


def _typed(nlp, text: str, typ: str) -> set[frozenset[str]]:
    a = nlp(Article(source_path="t.txt", raw=text, body=text, published="2018-03-01"))
    return {frozenset((r.head.text, r.tail.text)) for r in a.relations if r.type == typ}


@pytest.mark.parametrize("text", [
    "التقى حيدر العبادي في بغداد أمس سليم الجبوري.",
    "والتقى حيدر العبادي مع سليم الجبوري لبحث الأوضاع الأمنية.",
])
def test_verb_first_meeting(nlp, text):
    assert _typed(nlp, text, "met_with") == {frozenset(("حيدر العبادي", "سليم الجبوري"))}


def test_meeting_with_several_persons_listed_with_titles(nlp):
    text = "واجتمع حيدر العبادي مع رئيس البرلمان سليم الجبوري ووزير الدفاع خالد العبيدي."
    assert _typed(nlp, text, "met_with") == {frozenset(("حيدر العبادي", "سليم الجبوري")),
                                             frozenset(("حيدر العبادي", "خالد العبيدي"))}


def test_a_person_in_the_next_statement_did_not_meet(nlp):
    text = "التقى حيدر العبادي مع سليم الجبوري، وقال خالد العبيدي إن الوضع مستقر."
    assert _typed(nlp, text, "met_with") == {frozenset(("حيدر العبادي", "سليم الجبوري"))}


def test_states_helping_a_force_sponsor_it(nlp):
    text = "وهي مناطق استعادها الجيش السوري بمساعدة روسيا وإيران خلال العام الماضي."
    assert _typed(nlp, text, "sponsored_by") == {frozenset(("الجيش السوري", "روسيا")),
                                                 frozenset(("الجيش السوري", "إيران"))}


def test_a_group_helping_in_battle_is_no_sponsor(nlp):
    text = "وتقدمت قوات النظام بمساندة الميليشيات الإيرانية نحو البلدة."
    assert _typed(nlp, text, "sponsored_by") == set()


# ------------------------------------------------- fights stated in a relative clause or a masdar
@pytest.mark.parametrize(("text", "pair"), [
    ("ويدعم التحالف جيش الإسلام وفصائل أخرى التي تقاتل تنظيم داعش في البادية.", ("جيش الإسلام", "تنظيم داعش")),
    ("وتدعم واشنطن قوات سوريا الديمقراطية في مكافحة تنظيم داعش.", ("قوات سوريا الديمقراطية", "تنظيم داعش")),
])
def test_fight_in_a_relative_clause_or_a_masdar(nlp, text, pair):
    assert frozenset(pair) in _typed(nlp, text, "fights_against")


def test_fighting_corruption_is_no_fight(nlp):
    assert _typed(nlp, "وتعهدت الحكومة العراقية بمكافحة الفساد في المؤسسات.", "fights_against") == set()


# ------------------------------------------------- a place taken from a group
@pytest.mark.parametrize(("text", "pair"), [
    ("انتزعت قوات سوريا الديمقراطية بلدة الشدادي من تنظيم داعش.", ("قوات سوريا الديمقراطية", "تنظيم داعش")),
    ("وهي البلدة التي انتزعتها وحدات حماية الشعب من سيطرة ما يسمى بتنظيم الدولة الإسلامية.",
     ("وحدات حماية الشعب", "تنظيم الدولة الإسلامية")),
])
def test_a_place_taken_from_a_group(nlp, text, pair):
    assert frozenset(pair) in _typed(nlp, text, "fights_against")


def test_taken_with_support_from_a_group_is_no_fight_with_it(nlp):
    text = "استعادت قوات النظام السيطرة على بلدة مورك بدعم من الميليشيات الإيرانية."
    assert _typed(nlp, text, "fights_against") == set()


# ------------------------------------------------- "حيث X": the group where the place before is
def test_where_a_group_is(nlp):
    text = "وتنقسم الغوطة إلى دوما شمالا التي يسيطر عليها جيش الإسلام، وحرستا غربا حيث حركة أحرار الشام."
    assert _typed(nlp, text, "deployed_to") == {frozenset(("جيش الإسلام", "دوما")),
                                                frozenset(("حركة أحرار الشام", "حرستا"))}


def test_where_a_person_met_is_no_deployment(nlp):
    assert _typed(nlp, "وصل الوفد إلى دمشق حيث التقى الرئيس السوري بشار الأسد.", "deployed_to") == set()


@pytest.mark.parametrize(("text", "pair"), [
    ("وتتواصل حملة أنقرة ضد وحدات حماية الشعب في عفرين.", ("أنقرة", "وحدات حماية الشعب")),
    ("وتواصل تركيا عملياتها ضد حزب العمال الكردستاني في شمال العراق.", ("تركيا", "حزب العمال الكردستاني")),
])
def test_a_state_named_by_its_country_or_capital_fights(nlp, text, pair):
    assert frozenset(pair) in _typed(nlp, text, "fights_against")


def test_a_city_that_is_no_state_does_not_fight(nlp):
    assert _typed(nlp, "وتتواصل في حلب الحملة ضد تنظيم داعش.", "fights_against") == set()


# ------------------------------------------------- "X والفصائل السورية الموالية لها"
@pytest.mark.parametrize("text", [
    "وتقدمت القوات التركية والفصائل السورية الموالية لها نحو عفرين.",
    "وقصفت القوات التركية وفصائل سورية موالية لها قرية جنديرس.",
])
def test_factions_loyal_to_it_fight_beside_the_force_named_before(nlp, text):
    rels = _typed(nlp, text, "allied_with")
    assert len(rels) == 1 and any("القوات التركية" in pair for pair in rels)


def test_allies_taken_with_are_not_the_loser(nlp):
    text = "وسيطر الجيش التركي وحلفاؤه من مقاتلي المعارضة السورية على البلدة."
    assert _typed(nlp, text, "fights_against") == set()


# ------------------------------------------------- joining, and titles held by women
@pytest.mark.parametrize(("text", "typ", "pair"), [
    ("انضمت آنا كامبل إلى وحدات حماية المرأة الكردية عام 2017.", "member_of", ("آنا كامبل", "وحدات حماية المرأة")),
    ("وانضم فيلق الشام إلى الجبهة الوطنية للتحرير.", "part_of", ("فيلق الشام", "الجبهة الوطنية للتحرير")),
    ("وقالت المتحدثة باسم وحدات حماية المرأة الكردية نسرين عبد الله إن المقاتلات صامدات.", "member_of",
     ("نسرين عبد الله", "وحدات حماية المرأة")),
])
def test_joining_and_feminine_titles(nlp, text, typ, pair):
    assert frozenset(pair) in _typed(nlp, text, typ)


def test_a_state_joining_a_coalition_is_no_member(nlp):
    assert _typed(nlp, "وانضم العراق إلى التحالف الدولي ضد داعش.", "part_of") == set()
