"""Adjudicated relations (tests/adjudication/, scripts/adjudication.py): the agreed relations are those both
annotators coded, each disputed one comes from exactly one annotation, each gold file follows from its
decision record, and an adjudicated file is read by the scorer like any gold file."""

from __future__ import annotations

import importlib.util
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.evaluate.gold import (
    GoldRelation,
    PredRelation,
    _relation_matches,
    load_gold,
    parse_gold,
    prediction_from_gold,
    score_docs,
    validate_gold_dict,
)

ROOT = Path(__file__).resolve().parents[2]
ADJ = ROOT / "tests" / "adjudication"
IAA = ROOT / "tests" / "iaa"
REFS = [ROOT / "tests" / "gold" / "corpus", ROOT / "tests" / "gold" / "heldout"]
FIELDS = ("type", "head", "tail", "head_id", "tail_id", "evidence")


def _module():
    spec = importlib.util.spec_from_file_location("adjudication", ROOT / "scripts" / "adjudication.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _records() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ADJ / "decisions").glob("*.json"))]


def test_relations_split_into_agreed_and_disputed():
    doc = next(d for d in load_gold(REFS[0]) if len(d.relations) >= 3)
    extra = GoldRelation("met_with", "زيد", "عمرو", evidence="التقى زيد عمرو")
    second = replace(doc, relations=[*doc.relations[1:], extra])
    agreed, disputed = _module().split_relations(doc, second, random.Random(0))
    assert agreed == doc.relations[1:]
    assert sorted(disputed, key=str) == sorted([doc.relations[0], extra], key=str)


def test_the_same_relation_with_its_ends_swapped_is_agreed_when_symmetric():
    doc = next(d for d in load_gold(REFS[0]) if any(r.type == "fights_against" for r in d.relations))
    fight = next(r for r in doc.relations if r.type == "fights_against")
    swapped = replace(fight, head=fight.tail, tail=fight.head, head_id=fight.tail_id, tail_id=fight.head_id)
    agreed, disputed = _module().split_relations(replace(doc, relations=[fight]), replace(doc, relations=[swapped]),
                                                 random.Random(0))
    assert (agreed, disputed) == ([fight], [])


def test_every_twice_annotated_article_is_adjudicated_and_each_gold_file_follows_from_its_decisions():
    records = _records()
    assert len(records) == len(list(IAA.glob("*.json")))
    assert _module().main(["check"]) == 0
    for rec in records:
        gold = json.loads((ADJ / "gold" / f"{rec['name']}.json").read_text(encoding="utf-8"))
        assert validate_gold_dict(gold) == [], rec["name"]
        kept = [d for d in rec["disputed"] if d["keep"]]
        # (a relation a later convention added to annotation A is there unless a kept or agreed one states it)
        added = sum(1 for d in rec.get("amended", []) if {k: d[k] for k in FIELDS} in gold["relations"])
        assert len(gold["relations"]) == len(rec["agreed"]) + len(kept) + added
        assert all(isinstance(d["keep"], bool) for d in rec["disputed"])


def test_agreed_items_are_in_both_annotations_and_disputed_ones_in_exactly_one():
    firsts = {d.name: d for ref in REFS for d in load_gold(ref)}
    seconds = {d.name: d for d in load_gold(IAA)}
    for rec in _records():
        a, b = firsts[rec["name"]], seconds[rec["name"]]
        a_items = [{k: getattr(r, k) for k in FIELDS} for r in a.relations]
        b_items = [{k: getattr(r, k) for k in FIELDS} for r in b.relations]
        for item in rec["agreed"]:
            assert item in a_items, rec["name"]
            g = GoldRelation(**item)
            assert any(_relation_matches(g, PredRelation(x.type, x.head, x.tail, x.head_id, x.tail_id))
                       for x in b.relations), (rec["name"], item["type"])
        for d in rec["disputed"]:
            item = {k: d[k] for k in FIELDS}
            assert (item in a_items) != (item in b_items), (rec["name"], d["n"])
        # nothing is left out: A's relations are agreed, disputed or added by a later convention (amended)
        amended = [{k: d[k] for k in FIELDS} for d in rec.get("amended", [])]
        assert all(item in a_items and item not in b_items for item in amended), rec["name"]
        assert len(rec["agreed"]) + sum(1 for d in rec["disputed"] if {k: d[k] for k in FIELDS} in a_items) \
            + len(amended) == len(a_items)


def test_a_changed_decision_breaks_the_check(tmp_path, monkeypatch):
    mod = _module()
    rec = next(r for r in _records() if r["disputed"])
    rec["disputed"][0]["keep"] = not rec["disputed"][0]["keep"]
    (tmp_path / "decisions").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "decisions" / f"{rec['name']}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "gold" / f"{rec['name']}.json").write_bytes((ADJ / "gold" / f"{rec['name']}.json").read_bytes())
    monkeypatch.setattr(mod, "OUT", tmp_path)
    assert mod.main(["check"]) == 1


def test_an_adjudicated_file_scores_like_gold():
    rec = next(r for r in _records() if r["agreed"])
    path = ADJ / "gold" / f"{rec['name']}.json"
    gold = parse_gold(json.loads(path.read_text(encoding="utf-8")), path)
    rep = score_docs("relations", [(gold, prediction_from_gold(gold))])
    assert rep.overall.fp == rep.overall.fn == 0 and rep.overall.tp == len(gold.relations)


def test_merge_refuses_a_missing_decision(tmp_path, monkeypatch):
    mod = _module()
    if not (mod.get_settings().shared_dir / "data" / "corpus").is_dir():
        pytest.skip("../shared corpus not available")
    monkeypatch.setattr(mod, "OUT", tmp_path / "out")
    with pytest.raises(SystemExit, match=r"error: .*P01\.json"):
        mod.main(["merge", str(tmp_path / "none")])
