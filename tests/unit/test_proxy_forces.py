"""A collective actor named with its sponsor is that sponsor's proxy force (``entity_cues.yaml``:
``proxy_forces``): "مقاتلي المعارضة المدعومين من أنقرة" is the Syrian National Army, as an analyst
codes it, while the sponsor stays a mention of its own for the relation stage. Every sentence is
written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text

from marsad.analyse.linker import proxy_cues
from marsad.knowledge.gazetteer import _curated_rows
from marsad.knowledge.kb import load_kb


def groups(art) -> list[tuple[str, str | None, str]]:
    return [(e.text, e.entity_id, e.source) for e in art.entities if e.type == "ARMED_GROUP"]


def ids_of(art, text: str) -> set[str | None]:
    return {e.entity_id for e in art.entities if e.text == text}


def test_the_rules_name_entities_of_the_knowledge_base():
    kb, cues = load_kb(), proxy_cues()
    places = {row[0] for row, _names in _curated_rows()}
    assert cues.rules and cues.backing and cues.allies and cues.heads
    for rule in cues.rules:
        for eid in {rule.becomes, *rule.collectives, *rule.sponsors}:
            assert (eid in places) if eid.startswith("plc:") else (kb.get(eid) is not None), eid


def test_a_collective_backed_by_its_sponsor_is_the_proxy_force(nlp):
    a = run_text(nlp, "وتقدم مقاتلو المعارضة المدعومون من أنقرة نحو بلدة تل رفعت في ريف حلب.")
    assert ("مقاتلو المعارضة", "grp:sna", "kb") in groups(a)  # the span found by the matcher is kept
    assert ids_of(a, "أنقرة") == {"plc:ankara"}
    assert ("مقاتلو المعارضة", "أنقرة") in [(r.head.text, r.tail.text) for r in a.relations
                                             if r.type == "sponsored_by"]
    b = run_text(nlp, "وقالت فصائل المعارضة الموالية لتركيا إنها سيطرت على جنديرس في ريف حلب.")
    assert ids_of(b, "فصائل المعارضة") == {"grp:sna"}


def test_the_allies_of_the_sponsor_are_the_proxy_force(nlp):
    a = run_text(nlp, "وقال أردوغان إن الجيش التركي وحلفاءه من مقاتلي المعارضة السورية حاصروا عفرين.")
    assert ids_of(a, "المعارضة السورية") == {"grp:sna"}
    b = run_text(nlp, "وقال أردوغان إن القوات التركية وحلفاؤها من فصائل المعارضة حاصروا عفرين شمال سوريا.")
    assert ids_of(b, "فصائل المعارضة") == {"grp:sna"}


def test_a_bare_head_word_backed_by_the_sponsor_becomes_a_mention(nlp):
    a = run_text(nlp, "وتسيطر على منطقة الباب فصائل موالية لأنقرة منذ عام 2017 في سوريا.")
    assert ("فصائل", "grp:sna", "rule") in groups(a)
    assert ids_of(a, "أنقرة") == {"plc:ankara"}  # the sponsor is not swallowed by the group's name
    assert ("فصائل", "أنقرة") in [(r.head.text, r.tail.text) for r in a.relations if r.type == "sponsored_by"]
    b = run_text(nlp, "وسيطرت القوات التركية والفصائل السورية الموالية لأنقرة على مدينة الباب في سوريا.")
    assert ("الفصائل السورية", "grp:sna", "rule") in groups(b)  # the glued و is left out of the span
    e = next(e for e in b.entities if e.text == "الفصائل السورية")
    assert b.body[e.start:e.end] == e.text
    c = run_text(nlp, "ومنعت القوات الأمريكية القتال بين المقاتلين المدعومين من تركيا والأكراد في منبج في سوريا.")
    assert ("المقاتلين", "grp:sna", "rule") in groups(c)  # the article stays in the span


@pytest.mark.parametrize("text, name, expected", [
    # no sponsor right after the collective
    ("تقدمت فصائل المعارضة في ريف إدلب في سوريا، وقالت تركيا إنها تدعم الحل السياسي.", "فصائل المعارضة",
     "grp:syrian-opposition-factions"),
    # another sponsor
    ("وقالت فصائل المعارضة المدعومة من واشنطن في سوريا إنها تقدمت في ريف دير الزور.", "فصائل المعارضة",
     "grp:syrian-opposition-factions"),
    # "من" names where they come from, not whose allies they are
    ("قال الجيش التركي إن مقاتلي المعارضة من إدلب انسحبوا من ريف حلب في سوريا.", "مقاتلي المعارضة",
     "grp:syrian-opposition-factions"),
    # a named group keeps its name
    ("وقال إن القوات التركية وحلفاءها من الجيش السوري الحر دخلوا عفرين.", "الجيش السوري الحر", "grp:fsa"),
])
def test_what_stays_as_it_was(nlp, text, name, expected):
    assert ids_of(run_text(nlp, text), name) == {expected}


def test_a_head_word_backed_by_another_sponsor_is_not_named(nlp):
    a = run_text(nlp, "وتمكنت فصائل موالية لواشنطن من التقدم في ريف دير الزور في سوريا.")
    assert not [g for g in groups(a) if g[0] == "فصائل"]


@pytest.mark.parametrize("text, name, expected", [
    ("واشتبك مسلحون موالون لإيران مع قوات سوريا الديمقراطية في دير الزور.", "مسلحون", "grp:iran-backed-militias"),
    ("وتنتشر الميليشيات المدعومة من طهران في البوكمال السورية.", "الميليشيات", "grp:iran-backed-militias"),
    ("وقتل مسلحون موالون للنظام السوري خمسة مدنيين في السلمية في سوريا.", "مسلحون", "grp:pro-regime-militias"),
])
def test_other_sponsors_name_their_collective_actor(nlp, text, name, expected):
    a = run_text(nlp, text)
    assert (name, expected, "rule") in groups(a)
    assert any(r.type == "sponsored_by" and r.head.text == name for r in a.relations)


def test_an_armed_force_as_sponsor_names_no_proxy(nlp):
    # "موالين لقوات النظام": the army would also be read as the other party of the fight
    a = run_text(nlp, "وهاجم مسلحين موالين لقوات النظام قرية في ريف حماة السوري.")
    assert not [g for g in groups(a) if g[0] == "مسلحين"]
