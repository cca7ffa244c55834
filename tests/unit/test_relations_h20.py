"""Relation fixes (H20): targets named after "مواقع/تمركزات/مسلحي" are the fought party."""

from __future__ import annotations

from marsad.analyse.relations import extract_relations
from marsad.model import Article, Entity
from marsad.text.tokens import split_sentences, tokenize

NAMES = {"منظمة بدر": "grp:badr", "حركة النجباء": "grp:nujaba"}


def _rels(body: str) -> set[tuple[str, frozenset[str]]]:
    a = Article("t.txt", body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    for name, eid in NAMES.items():
        s = body.find(name)
        if s >= 0:
            a.entities.append(Entity(text=name, start=s, end=s + len(name), type="ARMED_GROUP", entity_id=eid))
    a.entities.sort(key=lambda e: e.start)
    return {(r.type, frozenset((r.head.entity_id, r.tail.entity_id))) for r in extract_relations(a)}


def test_target_behind_position_words_is_fought() -> None:
    got = _rels("وشنت منظمة بدر هجوما على مواقع وتمركزات مسلحي حركة النجباء جنوب المدينة.")
    assert ("fights_against", frozenset({"grp:badr", "grp:nujaba"})) in got


def test_position_words_do_not_bridge_to_a_far_name() -> None:
    got = _rels("وشنت منظمة بدر هجوما على مواقع قرب الجسر القديم الذي عبرته حركة النجباء.")
    assert not got
