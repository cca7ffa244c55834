"""Session-12 relation rules (issue #4). Every sentence is written for these tests and run through the
default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def rels(art, typ: str) -> list[tuple[str, str]]:
    """(head, tail) of the relations of ``typ``: the entity id, else the surface text."""
    return sorted((r.head.entity_id or r.head.text, r.tail.entity_id or r.tail.text)
                  for r in art.relations if r.type == typ)


def heads(art, typ: str) -> list[str]:
    """The heads of the relations of ``typ``: a group's id, a person's text."""
    return sorted(r.head.entity_id if (r.head.entity_id or "").startswith("grp:") else r.head.text
                  for r in art.relations if r.type == typ)


# --- deployed_to: the imperfect of تواجد / تحصن ------------------------------------------------------


@pytest.mark.parametrize("text", [
    "وقالت مصادر محلية إن حركة أحرار الشام التي تتواجد في مدينة أريحا رفضت الاتفاق.",
    "وتتحصن حركة أحرار الشام في مدينة أريحا منذ أسابيع.",
])
def test_present_presence_verbs_deploy_the_group_before(nlp, text):
    assert heads(run_text(nlp, text), "deployed_to") == ["grp:ahrar-al-sham"]


def test_the_group_before_brackets_not_the_one_inside_is_where_it_is(nlp):
    a = run_text(nlp, "وقال إن هيئة تحرير الشام (جبهة النصرة سابقا) التي تتواجد في مدينة أريحا رفضت الاتفاق.")
    assert heads(a, "deployed_to") == ["grp:hts"]


# --- deployed_to: verb first, the place before the subject --------------------------------------------


def test_verb_first_the_subject_after_the_place(nlp):
    a = run_text(nlp, "وتنتشر في مدينة أريحا قوات حركة أحرار الشام منذ عامين.")
    assert heads(a, "deployed_to") == ["grp:ahrar-al-sham"]


@pytest.mark.parametrize("text", [
    # a name coordinated with the place is a second place's neighbour, not the subject
    "وتنتشر في مدينة أريحا وحركة أحرار الشام ترفض الاتفاق.",
    # object of a preposition after the place
    "وصلت التعزيزات إلى مدينة أريحا لحركة أحرار الشام.",
])
def test_no_subject_after_the_place(nlp, text):
    assert heads(run_text(nlp, text), "deployed_to") == []


# --- member_of: a title whose glued preposition is only the first letter of a stem after ال -----------


@pytest.mark.parametrize("text", [
    "وقال عضو اللجنة القانونية في حركة أحرار الشام أبو علي إن الهدنة مستمرة.",
    "وقال عضو لجنة العلاقات الخارجية في حركة أحرار الشام أبو علي إن الهدنة مستمرة.",
    "وقال المسؤول البارز لحركة أحرار الشام أبو علي إن الهدنة مستمرة.",
])
def test_title_ends_at_the_real_preposition(nlp, text):
    assert heads(run_text(nlp, text), "member_of") == ["أبو علي"]


# --- leader_of: the accusative title after a copula or a verb of naming -------------------------------


@pytest.mark.parametrize("text", [
    "وكان حسان عبود قائدا لحركة أحرار الشام قبل مقتله.",
    "واختار مجلس الشورى حسان عبود زعيما لحركة أحرار الشام.",
    "وقتل حسان عبود الذي كان قائدا ميدانيا لحركة أحرار الشام.",
])
def test_accusative_title_names_the_leader_before_it(nlp, text):
    assert heads(run_text(nlp, text), "leader_of") == ["حسان عبود"]


def test_accusative_title_never_takes_the_name_after_the_group(nlp):
    # the one who died is not the new leader
    a = run_text(nlp, "وأصبح حسان عبود قائدا لحركة أحرار الشام بعد مقتل أبو محمد الجولاني.")
    assert heads(a, "leader_of") == ["حسان عبود"]


def test_a_word_read_as_ka_plus_title_is_no_title(nlp):
    # "كاميرا" is no "كـ + أميرا"
    a = run_text(nlp, "وأعطى حسان عبود كاميرا لحركة أحرار الشام.")
    assert heads(a, "leader_of") == []


# --- member_of: a leader among the men of a group counted ---------------------------------------------


@pytest.mark.parametrize("text", [
    "وتمكنت القوات من قتل 11 مسلحا من حركة أحرار الشام بينهم القيادي حسان عبود.",
    "وقتل 17 عنصرا من حركة أحرار الشام بينهم القيادي الميداني البارز حسان عبود.",
])
def test_a_leader_among_the_men_of_a_group(nlp, text):
    a = run_text(nlp, text)
    assert [(r.head.text, r.tail.entity_id) for r in a.relations if r.type == "member_of"] == \
        [("حسان عبود", "grp:ahrar-al-sham")]


def test_among_needs_the_partitive_min(nlp):
    # the group is the one arresting, not the one the arrested belong to
    a = run_text(nlp, "واعتقلت حركة أحرار الشام عشرات بينهم القيادي حسان عبود.")
    assert heads(a, "member_of") == []
