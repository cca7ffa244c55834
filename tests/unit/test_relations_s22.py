"""Session-22 relation rules: a force kept or staying in a place (بقاء / إبقاء) is deployed there; a
deployment cue in a relative clause on a place, with a pronoun back to it, puts the group after the
pronoun in that place; a US-forces alias no longer swallows the place after it.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

from coder_helpers import run_text


def _rels(a, typ: str = "deployed_to") -> list[tuple[str, str]]:
    return [(r.head.text, r.tail.text) for r in a.relations if r.type == typ]


def test_forces_kept_in_a_country_are_deployed_there(nlp):
    a = run_text(nlp, "ووافق ترامب في اجتماع لمجلس الأمن القومي على إبقاء القوات الأمريكية في سوريا لفترة أطول.")
    assert _rels(a) == [("القوات الأمريكية", "سوريا")]


def test_forces_staying_in_a_town_are_deployed_there(nlp):
    a = run_text(nlp, "وأكد المتحدث أن المجلس تلقى ضمانات ببقاء قوات التحالف الدولي في منبج.")
    assert ("قوات التحالف الدولي", "منبج") in _rels(a)


def test_a_place_named_after_the_forces_stays_a_place(nlp):
    # "القوات الأمريكية في سوريا" was one alias of the US forces: the place was lost inside the name
    a = run_text(nlp, "وقالت إن بقاء القوات الأمريكية في سوريا أمر مكلف للغاية.")
    assert [(e.text, e.type) for e in a.entities if e.text == "سوريا"] == [("سوريا", "LOCATION")]


def test_a_group_in_a_relative_clause_on_a_town_is_in_that_town(nlp):
    a = run_text(nlp, "وقصف الطيران مدينة الباب التي يتحصن فيها مسلحو داعش.")
    assert _rels(a) == [("داعش", "الباب")]


def test_a_group_stationed_on_the_edges_of_a_town_is_in_that_town(nlp):
    a = run_text(nlp, "وقال إن ناحية القيارة التي يرابط على تخومها قوات البيشمركة تشهد تحشدات.")
    assert _rels(a) == [("قوات البيشمركة", "القيارة")]


def test_a_relative_clause_without_a_pronoun_back_is_said_of_the_forces(nlp):
    # "التي تنتشر عادة في حماة" is said of the forces (no pronoun points back): each place is theirs
    a = run_text(nlp, "وصلت إلى حلب قوات النظام التي تنتشر عادة في حماة.")
    assert sorted(_rels(a)) == [("قوات النظام", "حلب"), ("قوات النظام", "حماة")]


def test_the_antecedent_must_be_a_place(nlp):
    # the pronoun points back to a group, not to the town named before it: no deployment there
    a = run_text(nlp, "وقال إن في حلب هيئة تحرير الشام التي ينتشر فيها مقاتلو الحزب الإسلامي التركستاني.")
    assert _rels(a) == []
