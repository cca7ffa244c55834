"""Gold files (schema, verbatim evidence, coverage) and the entity/relation/event scorers."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from marsad.config import EXAMPLES_DIR, get_settings
from marsad.evaluate.gold import (
    GoldDoc,
    GoldEntity,
    GoldEvent,
    GoldRelation,
    PredEntity,
    PredEvent,
    Prediction,
    PredRelation,
    evaluate,
    format_report,
    load_article,
    load_gold,
    match_key,
    preload,
    score_docs,
    validate_gold_dict,
)
from marsad.model import ArgRef, Article, Entity, Event, Relation, Span
from marsad.text.normalize import normalize_key

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
SHARED = get_settings().shared_dir
CORPUS_DIR = SHARED / "data" / "corpus"


def _doc(name: str = "d", kind: str = "corpus", **kw) -> GoldDoc:
    src = {"kind": kind, "file": "x.jsonl", "id": name} if kind == "corpus" else {"kind": "seed", "file": "x.txt"}
    return GoldDoc(name=name, path=Path(name + ".json"), source=src, **kw)


# ------------------------------------------------------------------------------------------ keys


def test_match_key_strips_proclitics_descriptors_and_punctuation():
    assert match_key('لكتائب "الإمام علي"') == match_key("كتائب الإمام علي")
    assert match_key("لميليشيا القاطرجي") == match_key("القاطرجي")
    assert match_key("وبغداد") == match_key("بغداد")
    assert match_key("مدينة حلب") == match_key("حلب")
    assert match_key("للحشد الشعبي") == match_key("الحشد الشعبي")
    assert match_key("قوات سوريا الديمقراطية") == match_key("«سوريا الديمقراطية»")
    assert match_key("حزب الله") != match_key("كتائب حزب الله")
    assert match_key("") == ""


# ------------------------------------------------------------------------------------ entities


def test_entity_scores_exact_numbers():
    gold = _doc(entities=[
        GoldEntity("تنظيم الدولة", "ARMED_GROUP", "grp:isis"),
        GoldEntity("الحشد الشعبي", "ARMED_GROUP", "grp:pmf"),
        GoldEntity("بغداد", "LOCATION", None),
        GoldEntity("أكرم الكعبي", "PERSON", "per:akram-kaabi"),
    ])
    pred = Prediction(entities=[
        PredEntity("تنظيم الدولة", "ARMED_GROUP", "grp:isis"),
        PredEntity("لتنظيم الدولة", "ARMED_GROUP", "grp:isis"),  # same key: deduplicated
        PredEntity("للحشد الشعبي", "ARMED_GROUP", "grp:wrong"),  # matched, wrongly linked
        PredEntity("بغداد", "LOCATION", "gz:1"),
        PredEntity("أكرم الكعبي", "ORGANIZATION", None),  # wrong type: fp + fn
        PredEntity("السبت", "DATE", None),  # not a gold type: ignored
    ])
    rep = score_docs("entities", [(gold, pred)])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (3, 1, 1)
    assert rep.per_type["PERSON"].fn == 1 and rep.per_type["ORGANIZATION"].fp == 1
    assert rep.overall.precision == pytest.approx(0.75)
    assert rep.overall.f1 == pytest.approx(0.75)
    assert (rep.ratios["linking_accuracy"].hits, rep.ratios["linking_accuracy"].total) == (1, 2)
    assert rep.ratios["untyped_recall"].value == pytest.approx(1.0)
    assert rep.by_split["corpus"].tp == 3


def test_prediction_from_article_and_contract_dict():
    body = "قال حزب الله إن قواته في دمشق."
    art = Article(source_path="x", raw=body, body=body)
    art.entities = [Entity("حزب الله", 4, 12, "ARMED_GROUP", "grp:hezbollah"), Entity("دمشق", 25, 29, "LOCATION")]
    assert body[25:29] == "دمشق" and body[4:12] == "حزب الله"
    gold = _doc(entities=[GoldEntity("حزب الله", "ARMED_GROUP", "grp:hezbollah"), GoldEntity("دمشق", "LOCATION")])
    for obj in (art, art.to_contract()):
        rep = score_docs("entities", [(gold, obj)])
        assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (2, 0, 0)
        assert rep.ratios["linking_accuracy"].value == 1.0


# ----------------------------------------------------------------------------------- relations


def test_relation_scores_ids_text_containment_and_symmetry():
    gold = _doc(relations=[
        GoldRelation("leader_of", "أكرم الكعبي", "حركة النجباء", "per:akram-kaabi", "grp:nujaba", "e"),
        GoldRelation("merged_with", "أسد الله الغالب", "لواء ذو الفقار", None, None, "e"),
        GoldRelation("part_of", "فيلق القدس", "الحرس الثوري الإيراني", "grp:irgc-quds-force", "grp:irgc", "e"),
        GoldRelation("sponsored_by", "القاطرجي", "الحرس الثوري", None, None, "e"),
    ])
    pred = Prediction(relations=[
        # ids agree although texts differ
        PredRelation("leader_of", "الكعبي", "النجباء", "per:akram-kaabi", "grp:nujaba"),
        PredRelation("leader_of", "الكعبي", "النجباء", "per:akram-kaabi", "grp:nujaba"),  # duplicate: dropped
        # symmetric: reversed direction still matches; text containment ("لواء أسد الله الغالب")
        PredRelation("merged_with", "ذو الفقار", "لواء أسد الله الغالب"),
        # directed: reversed is wrong
        PredRelation("part_of", "الحرس الثوري الإيراني", "فيلق القدس", "grp:irgc", "grp:irgc-quds-force"),
        # ids on both sides disagree → no match, although texts are equal
        PredRelation("sponsored_by", "القاطرجي", "الحرس الثوري", "grp:qaterji", None),
    ])
    rep = score_docs("relations", [(gold, pred)])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (3, 1, 1)
    assert rep.per_type["part_of"].fp == 1 and rep.per_type["part_of"].fn == 1
    assert rep.per_type["sponsored_by"].tp == 1  # gold tail has no id → text match
    assert rep.overall.recall == pytest.approx(0.75)


def test_gold_relation_stated_twice_counts_once():
    gold = _doc(relations=[
        GoldRelation("fights_against", "قوات النظام", "الفصائل المعارضة", "grp:syrian-army",
                     "grp:syrian-opposition-factions", "e1"),
        # the same fact again, reversed (a symmetric type) and named otherwise
        GoldRelation("fights_against", "الكتائب المقاتلة", "قوات النظام", "grp:syrian-opposition-factions",
                     "grp:syrian-army", "e2"),
        # no ids: never merged, even when the texts are the same
        GoldRelation("allied_with", "الفصائل", "الكتائب", None, None, "e3"),
        GoldRelation("allied_with", "الفصائل", "الكتائب", None, None, "e4"),
        # a directed type in the other direction is another fact
        GoldRelation("part_of", "فيلق القدس", "الحرس الثوري", "grp:irgc-quds-force", "grp:irgc", "e5"),
        GoldRelation("part_of", "الحرس الثوري", "فيلق القدس", "grp:irgc", "grp:irgc-quds-force", "e6"),
    ])
    pred = Prediction(relations=[
        PredRelation("fights_against", "قوات النظام", "الفصائل المعارضة", "grp:syrian-army",
                     "grp:syrian-opposition-factions"),
    ])
    rep = score_docs("relations", [(gold, pred)])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (1, 0, 4)


# -------------------------------------------------------------------------------------- events


def test_event_scores_greedy_one_to_one_with_accuracies():
    gold = _doc(events=[
        GoldEvent("Strategic developments", "Non-violent transfer of territory", "تنظيم الدولة", "grp:isis",
                  location="ريف السفيرة", modality="asserted", evidence="انسحب"),
        GoldEvent("Battles", "Armed clash", "جيش الإسلام", None, "فيلق الرحمن", None,
                  location="الغوطة الشرقية", modality="asserted", evidence="المواجهات"),
        GoldEvent("Strategic developments", "Other", None, None, location="بغداد", modality="planned",
                  evidence="سيجتمع"),
        GoldEvent("Explosions/Remote violence", "Air/drone strike", None, None, location=None,
                  modality="planned", evidence="الحملة الروسية الجوية ستستمر"),
    ])
    pred = Prediction(events=[
        PredEvent("Strategic developments", "Non-violent transfer of territory", "التنظيم", "grp:isis",
                  location="السفيرة", modality="asserted"),
        # second prediction for the same gold event: only one can match → fp
        PredEvent("Strategic developments", "Non-violent transfer of territory", "داعش", "grp:isis"),
        # matches by actor2 ↔ actor1 (any actor), other sub-type, other modality
        PredEvent("Battles", "Non-state actor overtakes territory", "فيلق الرحمن", None, modality="claimed"),
        # same type but no shared location/actor → fp, and the gold meeting is missed
        PredEvent("Strategic developments", "Other", "قاآني", None, location="طهران", modality="planned"),
        # no actor/location in gold: matched on the evidence text
        PredEvent("Explosions/Remote violence", "Air/drone strike", modality="planned",
                  evidence="وقالوا إن الحملة الروسية الجوية ستستمر بعد انهيار وقف اطلاق النار"),
    ])
    rep = score_docs("events", [(gold, pred)])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (3, 2, 1)
    assert rep.per_type["Strategic developments"].tp == 1
    assert rep.per_type["Strategic developments"].fp == 2
    assert rep.per_type["Strategic developments"].fn == 1
    assert (rep.ratios["sub_event_accuracy"].hits, rep.ratios["sub_event_accuracy"].total) == (2, 3)
    assert (rep.ratios["modality_accuracy"].hits, rep.ratios["modality_accuracy"].total) == (2, 3)


def test_event_prefers_same_sub_type_and_contract_dict():
    body = "شنت طائرات التحالف غارات على الباغوز واشتباكات في الباغوز."
    gold = _doc(events=[GoldEvent("Explosions/Remote violence", "Air/drone strike", "التحالف", None,
                                  location="الباغوز", evidence="غارات")])
    contract = {"body": body, "events": [
        {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
         "actor1": None, "actor2": None, "location": {"text": "الباغوز"}, "modality": "asserted",
         "evidence": {"start": 0, "end": len(body)}},
        {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "actor1": {"text": "التحالف", "entity_id": "grp:us-led-coalition"}, "actor2": None,
         "location": {"text": "الباغوز"}, "modality": "asserted", "evidence": {"start": 0, "end": len(body)}},
    ]}
    rep = score_docs("events", [(gold, contract)])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (1, 1, 0)
    assert rep.ratios["sub_event_accuracy"].value == 1.0


def test_evaluate_with_injected_predictor_and_report_text(tmp_path):
    seed = "000_eb50eb9bb378d6be"
    gold = load_gold(GOLD_DIR / "seeds" / f"{seed}.json")[0]
    (tmp_path / "g.json").write_text((GOLD_DIR / "seeds" / f"{seed}.json").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    body = "انسحب تنظيم الدولة من ريف السفيرة"
    art = Article(source_path="x", raw=body, body=body)
    art.entities = [Entity("تنظيم الدولة", 6, 18, "ARMED_GROUP", "grp:isis")]
    art.events = [Event("Strategic developments", "Non-violent transfer of territory", "RETREAT",
                        Span(0, 5, "انسحب"), Span(0, len(body), body), actor1=ArgRef("تنظيم الدولة", "grp:isis"))]
    art.relations = [Relation("part_of", ArgRef("x"), ArgRef("y"), Span(0, 1))]
    for kind, tp in (("entities", 1), ("events", 1), ("relations", 0)):
        rep = evaluate(kind, tmp_path, predict=lambda g: art)
        assert rep.n_docs == 1 and rep.overall.tp == tp
        assert rep.by_split["seed"].tp == tp
        text = format_report(rep, verbose=True)
        assert text.splitlines()[-1].startswith("overall P=")
    rep = evaluate("events", tmp_path, predict=lambda g: None)
    assert rep.overall.fn == len(gold.events) and rep.errors
    with pytest.raises(ValueError):
        evaluate("nonsense", tmp_path, predict=lambda g: art)


# ----------------------------------------------------------------------------------- gold files


def _all_gold() -> list[GoldDoc]:
    return load_gold(GOLD_DIR)


def test_gold_files_validate():
    files = sorted(GOLD_DIR.rglob("*.json"))
    assert files
    for p in files:
        data = json.loads(p.read_text(encoding="utf-8"))
        assert validate_gold_dict(data) == [], p.name
    docs = _all_gold()
    seeds = [d for d in docs if d.kind == "seed"]
    assert sorted(d.source["file"] for d in seeds) == sorted(p.name for p in EXAMPLES_DIR.glob("*.txt"))
    for d in docs:
        assert d.entities and d.events, d.name
        # one row per distinct surface form (forms equal after normalisation count once)
        keys = [(e.type, match_key(e.text)) for e in d.entities]
        dup = [k for k, n in Counter(keys).items() if n > 1]
        assert not dup, (d.name, dup)


def test_validator_catches_problems():
    bad = {"source": {"kind": "corpus", "file": "a.jsonl"}, "published": "2018/01/01",
           "entities": [{"text": "x", "type": "GPE", "id": "bad id"}], "relations": [], "events": [
               {"event_type": "Battles", "sub_event_type": "Air/drone strike", "modality": "sure", "evidence": ""}]}
    errs = " | ".join(validate_gold_dict(bad))
    for frag in ("needs an id",):
        assert frag in errs
    bad["source"]["id"] = "a/1"
    errs = " | ".join(validate_gold_dict(bad))
    for frag in ("published", "GPE", "bad id", "not a sub-type", "modality", "evidence missing"):
        assert frag in errs


def test_seed_evidence_is_verbatim():
    for d in _all_gold():
        if d.kind != "seed":
            continue
        raw = (get_settings().shared_dir / "seeds" / d.source["file"])
        text = raw.read_text(encoding="utf-8") if raw.is_file() else load_article(d, SHARED, EXAMPLES_DIR)
        for item in d.relations + d.events:
            assert item.evidence in text, f"{d.name}: {item.evidence[:40]}"
        _assert_entities_in(d, text)


def _assert_entities_in(d: GoldDoc, text: str) -> None:
    flat = " ".join(re.sub(r"[^\w\s]|_", " ", normalize_key(text)).split())
    for e in d.entities:
        assert match_key(e.text) and match_key(e.text) in flat, f"{d.name}: {e.text}"


def test_corpus_evidence_is_verbatim():
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"../shared corpus not available at {CORPUS_DIR}")
    docs = [d for d in _all_gold() if d.kind == "corpus"]
    preload(docs, SHARED)
    for d in docs:
        text = load_article(d, SHARED, EXAMPLES_DIR)
        for item in d.relations + d.events:
            assert item.evidence in text, f"{d.name}: {item.evidence[:40]}"
        _assert_entities_in(d, text)


def test_corpus_gold_coverage():
    docs = [d for d in _all_gold() if d.kind == "corpus"]
    assert len(docs) >= 20
    outlets: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for d in docs:
        outlets[d.source["outlet"]] += 1
        years[(d.published or "")[:4]] += 1
    assert len(outlets) >= 4, outlets
    assert years["2015"] >= 3 and years["2018"] >= 3, years
    assert len({d.source["id"] for d in docs}) == len(docs)
