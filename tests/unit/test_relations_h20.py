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


def _deploy(body: str) -> set[tuple[str, str]]:
    a = Article("t.txt", body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    for name, typ, eid in (("منظمة بدر", "ARMED_GROUP", "grp:badr"), ("تلعفر", "LOCATION", "gz:tal-afar")):
        s = body.find(name)
        if s >= 0:
            a.entities.append(Entity(text=name, start=s, end=s + len(name), type=typ, entity_id=eid))
    a.entities.sort(key=lambda e: e.start)
    return {(r.type, r.tail.text) for r in extract_relations(a)}


def test_deployment_cues_need_a_move_not_an_aim_or_an_assault() -> None:
    assert ("deployed_to", "تلعفر") in _deploy("وأرسلت منظمة بدر تعزيزات عسكرية إلى قضاء تلعفر.")
    assert ("deployed_to", "تلعفر") in _deploy("ودخلت منظمة بدر إلى قضاء تلعفر بعد انسحاب الشرطة منه.")
    # an assault that enters a town, an aim, positions that are shelled
    assert not _deploy("ودخلت منظمة بدر إلى قضاء تلعفر بعد هجوم واسع واشتباكات مع المسلحين.")
    assert not _deploy("وحشدت منظمة بدر آلياتها بهدف الوصول إلى قضاء تلعفر.")
    assert not _deploy("وقصفت الطائرات تمركزات منظمة بدر في قضاء تلعفر.")
