"""CoNLL reader and seqeval-compatible entity scoring, checked against hand-computed examples."""

from __future__ import annotations

import random

import pytest

from marsad.evaluate.conll import extract_chunks, read_conll, score_chunks, write_conll


@pytest.mark.parametrize(
    ("tags", "chunks"),
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], [("PERS", 0, 2), ("LOC", 3, 4)]),
        (["O", "I-LOC", "I-LOC", "O"], [("LOC", 1, 3)]),  # stray I- starts a chunk
        (["I-MISC"], [("MISC", 0, 1)]),  # I- at sentence start
        (["B-PERS", "I-LOC"], [("PERS", 0, 1), ("LOC", 1, 2)]),  # type change splits
        (["B-ORG", "B-ORG", "I-ORG"], [("ORG", 0, 1), ("ORG", 1, 3)]),  # B after B
        (["O", "O"], []),
        (["B-LOC", "I-LOC", "I-LOC"], [("LOC", 0, 3)]),  # chunk running to the end
        (["B-LOC", "O", "I-LOC", "B-PERS"], [("LOC", 0, 1), ("LOC", 2, 3), ("PERS", 3, 4)]),
        (["B-X", "weird", "I-X"], [("X", 0, 1), ("X", 2, 3)]),  # unknown tag acts as O
    ],
)
def test_extract_chunks(tags: list[str], chunks: list[tuple[str, int, int]]) -> None:
    assert extract_chunks(tags) == chunks


def test_read_write_roundtrip(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("بغداد B-LOC\nمدينة O\n\n\nهادي B-PERS\nالعامري I-PERS", encoding="utf-8")
    sents = read_conll(p)
    assert sents == [[("بغداد", "B-LOC"), ("مدينة", "O")], [("هادي", "B-PERS"), ("العامري", "I-PERS")]]
    q = tmp_path / "b.txt"
    write_conll(sents, q)
    assert read_conll(q) == sents


def test_score_hand_computed() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O", "B-MISC"]]
    pred = [["B-PERS", "I-PERS", "O", "B-ORG"], ["B-ORG", "O", "O", "B-MISC"]]
    r = score_chunks(gold, pred)
    # gold: PERS(0,2) LOC(3,4) | ORG(0,2) MISC(3,4); pred: PERS(0,2) ORG(3,4) | ORG(0,1) MISC(3,4)
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (2, 2, 2)
    assert r.overall.precision == pytest.approx(0.5)
    assert r.overall.recall == pytest.approx(0.5)
    assert r.overall.f1 == pytest.approx(0.5)
    assert r.per_type["PERS"].f1 == pytest.approx(1.0)
    assert r.per_type["LOC"].support == 1 and r.per_type["LOC"].recall == 0.0
    assert r.per_type["ORG"].tp == 0 and r.per_type["ORG"].fp == 2 and r.per_type["ORG"].fn == 1
    assert r.per_type["ORG"].support == 1
    assert r.tokens == 8 and r.sentences == 2


def test_chunks_do_not_cross_sentences() -> None:
    # the same chunk positions in different sentences are different chunks
    r = score_chunks([["B-LOC"], ["O"]], [["O"], ["B-LOC"]])
    assert (r.overall.tp, r.overall.fp, r.overall.fn) == (0, 1, 1)


def test_length_mismatch_raises() -> None:
    with pytest.raises(ValueError):
        score_chunks([["O"]], [["O", "O"]])
    with pytest.raises(ValueError):
        score_chunks([["O"]], [])


def test_cross_check_with_seqeval() -> None:
    seqeval = pytest.importorskip("seqeval.metrics")
    rng = random.Random(7)
    labels = ["O", "O", "O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "I-ORG", "B-ORG"]
    gold = [[rng.choice(labels) for _ in range(rng.randint(1, 12))] for _ in range(300)]
    pred = [[t if rng.random() < 0.7 else rng.choice(labels) for t in s] for s in gold]
    r = score_chunks(gold, pred)
    assert r.overall.f1 == pytest.approx(seqeval.f1_score(gold, pred))
    assert r.overall.precision == pytest.approx(seqeval.precision_score(gold, pred))
    assert r.overall.recall == pytest.approx(seqeval.recall_score(gold, pred))
