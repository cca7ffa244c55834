"""Session-6 relation cues, on sentences written for these tests and run through the default pipeline:
meetings told verb-first with several persons listed, and states helping a force."""

from __future__ import annotations

import pytest

from marsad.analyse.pipeline import default_pipeline
from marsad.model import Article


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline()


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
