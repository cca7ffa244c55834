"""Session-4 coder fixes, on sentences written for these tests and run through the default pipeline
(knowledge-base matching included): attacks on an armed group's men are battles, not violence
against civilians; foreign air forces and artillery named by nationality are actors."""

from __future__ import annotations

import pytest
from coder_helpers import event_tuples, run_text

from marsad.model import Article

_run = run_text
_events = event_tuples


def _fights(a: Article) -> set[frozenset[str | None]]:
    return {frozenset((r.head.entity_id, r.tail.entity_id)) for r in a.relations if r.type == "fights_against"}


def test_attack_on_militia_fighters_in_a_village_is_a_battle(nlp):
    a = _run(nlp, "قتل ستة عناصر من الحشد الشعبي في هجوم شنه مسلحو داعش على قرية قرب سامراء.")
    assert _events(a) == [("Battles", "Armed clash", "grp:isis", "grp:pmf")]
    assert frozenset(("grp:isis", "grp:pmf")) in _fights(a)


def test_attack_on_villagers_stays_violence_against_civilians(nlp):
    a = _run(nlp, "قتل ستة مدنيين في هجوم شنه مسلحو داعش على قرية قرب سامراء.")
    assert [(t, s) for t, s, _, _ in _events(a)] == [("Violence against civilians", "Attack")]
    assert not _fights(a)


@pytest.mark.parametrize(("text", "actor1"), [
    ("قصفت المدفعية التركية مواقع وحدات حماية الشعب في ريف عفرين.", "grp:turkish-forces"),
    ("شنت المقاتلات التركية غارات على مواقع وحدات حماية الشعب في ريف عفرين.", "grp:turkish-forces"),
    ("شنت المقاتلات الإسرائيلية غارات على مواقع لقوات النظام قرب مطار دمشق.", "grp:israeli-forces"),
    ("شنت الطائرات الأمريكية غارات على مواقع لتنظيم داعش في ريف دير الزور.", "grp:us-forces"),
])
def test_foreign_artillery_and_aircraft_named_by_nationality_are_actors(nlp, text, actor1):
    a = _run(nlp, text)
    assert [e[2] for e in _events(a)] == [actor1]
    assert len(_fights(a)) == 1 and actor1 in next(iter(_fights(a)))


@pytest.mark.parametrize("text", [
    "شنت المقاتلات الإسرائيلية غارات على مواقع لحزب الله في ريف دمشق.",
    "قصفت المدفعية التركية مقرات لوحدات حماية الشعب في ريف عفرين.",
])
def test_a_multi_word_name_glued_to_a_proclitic_is_the_target(nlp, text):
    """"مواقع لحزب الله": the name starts inside its first word (after لـ); the target word before
    that word governs it, so the group whose positions are hit is actor2."""
    a = _run(nlp, text)
    assert len(a.events) == 1 and a.events[0].actor2 is not None
    assert a.events[0].actor2.entity_id in ("grp:hezbollah", "grp:ypg")
    assert len(_fights(a)) == 1
