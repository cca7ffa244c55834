"""Session-11 relation rule: "X، أحد فصائل Y" when the umbrella's own name starts with its head word
("فصائل الجيش الحر" is an alias of the FSA, so "فصائل" is inside the mention, not free for the cue
"أحد فصائل"). Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def rels(art, typ: str) -> list[tuple[str | None, str | None]]:
    return sorted((r.head.entity_id, r.tail.entity_id) for r in art.relations if r.type == typ)


def test_one_of_the_factions_of_an_umbrella_named_with_its_head_word(nlp):
    a = run_text(nlp, "وقال فيلق الرحمن، أحد فصائل الجيش الحر، إن الهدنة مستمرة في الغوطة.")
    assert rels(a, "part_of") == [("grp:faylaq-al-rahman", "grp:fsa")]


@pytest.mark.parametrize("text", [
    "وقال أبو محمد، أحد قادة جيش الإسلام، إن الهدنة مستمرة في الغوطة.",  # a person: member_of, not part_of
    "وقتل أحد عناصر حزب الله في اشتباك مع جبهة النصرة في القلمون.",
])
def test_one_of_a_groups_people_is_no_part_of_it(nlp, text):
    assert rels(run_text(nlp, text), "part_of") == []
