"""Session-12 event rule: an agreement between states (or their leaders) about the war is coded, one
between the same states about anything else is not (``requires: party`` in event_triggers.yaml; found
on the dev gold, tests/gold/corpus). Every sentence is written for these tests and run through the
default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def agreements(art) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None,
             e.location.text if e.location else None)
            for e in art.events if e.sub_event_type == "Agreement"]


@pytest.mark.parametrize("text, expected", [
    # the coordinated subject before the verb
    ("وكانت تركيا وروسيا توصلتا لاتفاق، في يونيو الماضي، بشأن منبج.", ("تركيا", "روسيا", "منبج")),
    # the subject after the verb, the other party after مع
    ("واتفق أردوغان مع الرئيس الروسي فلاديمير بوتين على إقامة منطقة منزوعة السلاح في إدلب.",
     ("أردوغان", "فلاديمير بوتين", "إدلب")),
    # an armed group named in the sentence makes it the war's business
    ("واتفقت تركيا وإيران على ملاحقة حزب العمال الكردستاني.", ("تركيا", "إيران", None)),
])
def test_an_agreement_between_states_about_the_war_is_coded(nlp, text, expected):
    got = agreements(run_text(nlp, text))
    assert len(got) == 1
    a1, a2, loc = expected
    assert got[0][0] == a1 and (got[0][1] or "").endswith(a2)  # the mention may keep its title
    assert loc is None or got[0][2] == loc


@pytest.mark.parametrize("text", [
    "واتفقت تركيا والولايات المتحدة على زيادة التبادل التجاري بينهما.",
    "وتوصلت روسيا والصين إلى اتفاق لتعزيز التعاون الاقتصادي.",
])
def test_an_agreement_between_states_about_anything_else_is_not(nlp, text):
    assert agreements(run_text(nlp, text)) == []


def test_an_armed_group_still_makes_its_own_agreement(nlp):
    got = agreements(run_text(nlp, "وتوصل جيش الإسلام إلى اتفاق مع الجانب الروسي لإخراج المقاتلين من دوما."))
    assert got and got[0][0] == "جيش الإسلام"


def test_a_relative_pronoun_is_never_a_name(nlp):
    art = run_text(nlp, "اتفقت الولايات المتحدة وتركيا، اللتان توترت علاقاتهما في الآونة الأخيرة بسبب الصراع "
                        "في سوريا، على نزع فتيل الأزمة بينهما.")
    assert "اللتان" not in [e.text for e in art.entities]
    assert agreements(art) and agreements(art)[0][2] != "اللتان"


def riots(art) -> list[tuple[str | None, str | None, str | None]]:
    return [(e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None,
             e.location.text if e.location else None)
            for e in art.events if e.sub_event_type == "Violent demonstration"]


@pytest.mark.parametrize("text", [
    "وخرجت مظاهرات عنيفة في مدينة البصرة.",
    "وفي البصرة أضرم محتجون النار في مبنى المحافظة.",
])
def test_violent_protests_and_arson_by_protesters_are_riots(nlp, text):
    art = run_text(nlp, text)
    assert [loc for _a1, _a2, loc in riots(art)] == ["البصرة"]
    assert not [e for e in art.events if e.sub_event_type == "Peaceful protest"]


def test_the_group_whose_offices_protesters_burn_is_the_target(nlp):
    art = run_text(nlp, "وذكرت مصادر أن المحتجين أضرموا النار في مقار ميليشيات حزب الله في البصرة.")
    assert riots(art) == [(None, "حزب الله", "البصرة")]


def test_a_capital_names_its_state_when_it_sends_forces(nlp):
    art = run_text(nlp, "وأرسلت دمشق قوات إلى عفرين.")
    got = [(e.actor1.text if e.actor1 else None, e.location.text if e.location else None)
           for e in art.events if e.sub_event_type == "Change to group/activity"]
    assert got == [("دمشق", "عفرين")]


def test_a_capital_is_no_actor_of_a_strike(nlp):
    art = run_text(nlp, "وقصفت دمشق بقذائف الهاون.")
    assert [e.actor1 for e in art.events] == [None]


def test_a_capital_party_to_an_agreement_is_not_its_place(nlp):
    got = agreements(run_text(nlp, "وتوصلت دمشق إلى اتفاق مع فصائل المعارضة يقضي بمغادرة المسلحين "
                                   "مدينة حمص."))
    assert got == [("دمشق", "فصائل المعارضة", "حمص")]


def withdrawals(art) -> list[tuple[str | None, str | None, str]]:
    return [(e.actor1.text if e.actor1 else None, e.location.text if e.location else None, e.modality)
            for e in art.events if e.sub_event_type == "Non-violent transfer of territory"]


@pytest.mark.parametrize("text, modality", [
    ("وسحبت وحدات حماية الشعب قواتها من مدينة منبج.", "asserted"),
    ("وأعلنت وحدات حماية الشعب أنها اتخذت قرارا بسحب آخر عناصرها من مدينة منبج.", "planned"),
])
def test_a_group_pulling_its_forces_out_withdraws(nlp, text, modality):
    assert withdrawals(run_text(nlp, text)) == [("وحدات حماية الشعب", "منبج", modality)]


@pytest.mark.parametrize("text", [
    "وطالب المتظاهرون بسحب القوات الأجنبية من سوريا.",
    "وقال بولتون إن واشنطن ستنسحب من اتفاقية تعطي للمحكمة الدولية صلاحية النظر في القضايا.",
])
def test_a_demand_or_leaving_a_treaty_is_no_withdrawal(nlp, text):
    assert withdrawals(run_text(nlp, text)) == []


def test_the_place_told_after_two_long_sides_of_a_fight(nlp):
    art = run_text(nlp, "وتدور اشتباكات بين حزب الله اللبناني وقوات النظام مدعمة بمسلحين موالين لها من جنسيات مختلفة "
                        "من جهة، والمعارضة، وفصائل مقاتلة من جهة أخرى، في محيط قرية البحصة.")
    got = [(e.actor1.text if e.actor1 else None, e.location.text if e.location else None)
           for e in art.events if e.sub_event_type == "Armed clash"]
    assert got == [("حزب الله اللبناني", "البحصة")]


@pytest.mark.parametrize("text, place", [
    ("وتحاصر قوات النظام مدينة دوما منذ أسابيع، بعد سيطرتها على حرستا. وقد استهدف قصف جوي ومدفعي المدينة.", "دوما"),
    ("ودخلت القوات التركية مدينة عفرين الأحد. وقال ناشطون إن قصفا عنيفا استهدف المدينة ظهر الأربعاء.", "عفرين"),
])
def test_the_town_word_points_back_to_the_town_last_introduced_as_one(nlp, text, place):
    art = run_text(nlp, text)
    got = [e.location.text if e.location else None for e in art.events if e.event_type == "Explosions/Remote violence"]
    assert got == [place]


def test_no_town_introduced_as_one_no_place(nlp):
    art = run_text(nlp, "وسيطرت قوات النظام على حرستا. وقد استهدف قصف جوي المدينة.")
    assert not [e for e in art.events if e.event_type == "Explosions/Remote violence" and e.location is not None]


def test_the_state_capitals_are_curated_places():
    from marsad.analyse.relations import state_capitals
    from marsad.knowledge.gazetteer import _curated_rows

    rows = {row[0]: row for row, _names in _curated_rows()}
    assert state_capitals()
    for pid in state_capitals():
        assert pid in rows, pid
