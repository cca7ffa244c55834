"""The inter-annotator agreement study (tests/iaa/, scripts/agreement.py): a second annotation is read as
a prediction by the gold scorer, every second file pairs with a reference gold file, and its evidence is
verbatim."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.config import EXAMPLES_DIR, get_settings
from marsad.evaluate.gold import (
    GoldRelation,
    load_article,
    load_gold,
    prediction_from_gold,
    preload,
    score_docs,
    validate_gold_dict,
)

ROOT = Path(__file__).resolve().parents[2]
IAA = ROOT / "tests" / "iaa"
REFS = [ROOT / "tests" / "gold" / "corpus", ROOT / "tests" / "gold" / "heldout"]
SHARED = get_settings().shared_dir


def _agreement_module():
    spec = importlib.util.spec_from_file_location("agreement", ROOT / "scripts" / "agreement.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_an_annotation_agrees_fully_with_itself():
    docs = load_gold(REFS[0])[:10]
    for kind in ("entities", "relations", "events"):
        rep = score_docs(kind, [(d, prediction_from_gold(d)) for d in docs])
        assert rep.overall.fp == rep.overall.fn == 0 and rep.overall.tp > 0, kind


def test_a_changed_annotation_disagrees_by_what_changed():
    doc = next(d for d in load_gold(REFS[0]) if len(d.relations) >= 3)
    second = replace(doc, relations=[*doc.relations[1:], GoldRelation("met_with", "زيد", "عمرو")])
    rep = score_docs("relations", [(doc, prediction_from_gold(second))])
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (len(doc.relations) - 1, 1, 1)


def test_second_annotations_validate_and_pair_with_reference_gold():
    files = sorted(IAA.glob("*.json"))
    assert len(files) >= 10
    for p in files:
        assert validate_gold_dict(json.loads(p.read_text(encoding="utf-8"))) == [], p.name
    mod = _agreement_module()
    refs = {"dev": load_gold(REFS[0]), "heldout": load_gold(REFS[1])}
    triples = mod.pair_up(load_gold(IAA), refs)
    assert len(triples) == len(files)
    assert all(a.annotator != b.annotator for _, a, b in triples)  # a second annotator, not the first


def test_a_second_annotation_of_no_reference_article_is_refused(tmp_path):
    doc = load_gold(IAA)[0]
    stray = replace(doc, source={**doc.source, "id": "ant/nowhere-1"})
    with pytest.raises(SystemExit, match="no reference gold"):
        _agreement_module().pair_up([stray], {"dev": load_gold(REFS[0])})


def test_second_annotation_evidence_is_verbatim():
    if not (SHARED / "data" / "corpus").is_dir():
        pytest.skip("../shared corpus not available")
    docs = load_gold(IAA)
    preload(docs, SHARED)
    for d in docs:
        text = load_article(d, SHARED, EXAMPLES_DIR)
        for item in d.relations + d.events:
            assert item.evidence in text, f"{d.name}: {item.evidence[:40]}"
