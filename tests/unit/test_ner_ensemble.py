"""training/ensemble_neural_ner.py: K taggers merged into one npz equal the mean of their scores."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from test_ner_neural import SENTS, TRAIN_DIR  # the same check sentences and training folder

from marsad.analyse.ner import Lexicon
from marsad.analyse.neural import LABELS, NEURAL_FILE, InputEncoder, NeuralTagger

WORDS = ["قال", "الرييس", "في", "ان", "الى", "بغداد", "لبنان", "عمان", "الله", "حزب", "جنوب", "وزير", "الخارجيه"]
LEX = Lexicon([("LOCa", "بغداد"), ("PERS", "جورج بوش"), ("ORG", "الامم المتحده")])


def _ensemble_module():
    sys.path.insert(0, str(TRAIN_DIR))
    try:
        import ensemble_neural_ner
    finally:
        sys.path.remove(str(TRAIN_DIR))
    return ensemble_neural_ner


def _blob(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _member(seed: int, enc: InputEncoder, emb: np.ndarray, hidden: int = 5, cdim: int = 4,
            nfilt: int = 6) -> dict[str, np.ndarray]:
    """Random weights in the layout train_neural_ner.export writes."""
    rng = np.random.default_rng(seed)
    f32 = np.float32
    d_in = 2 * emb.shape[1] + nfilt + len(enc.feats)
    r = lambda *shape: rng.normal(scale=0.5, size=shape).astype(f32)  # noqa: E731
    return {"words": _blob(enc.words), "chars": _blob(enc.chars), "feats": _blob(enc.feats), "labels": _blob(enc.labels),
            "emb": emb, "cemb": r(len(enc.chars) + 2, cdim), "conv_w": r(nfilt, cdim, 3), "conv_b": r(nfilt),
            "w_ih": r(2, 4 * hidden, d_in), "w_hh": r(2, 4 * hidden, hidden), "b": r(2, 4 * hidden),
            "out_w": r(len(LABELS), 2 * hidden), "out_b": r(len(LABELS)), "trans": r(len(LABELS), len(LABELS)),
            "start": r(len(LABELS)), "end": r(len(LABELS))}


def _tagger(path, arrays: dict[str, np.ndarray]) -> NeuralTagger:
    path.mkdir(parents=True, exist_ok=True)
    np.savez(path / NEURAL_FILE, **arrays)
    return NeuralTagger(path, lexicon=LEX, rank={w: i for i, w in enumerate(WORDS)})


def test_merged_model_equals_mean_of_members(tmp_path) -> None:
    ens = _ensemble_module()
    enc = InputEncoder.fit(WORDS, SENTS * 2, LEX)
    emb = np.random.default_rng(9).normal(size=(len(WORDS), 6)).astype(np.float16)
    members = [_member(s, enc, emb) for s in (1, 2, 3)]
    members[0]["check_sents"] = members[1]["check_sents"] = members[2]["check_sents"] = _blob(["\t".join(SENTS[1])])
    for k, m in enumerate(members):
        m["check_em"] = np.full((len(SENTS[1]), len(LABELS)), float(k), dtype=np.float32)
    merged = ens.merge(members)
    assert merged["w_hh"].shape == (2, 4 * 15, 15) and merged["cemb"].shape[1] == 12
    np.testing.assert_allclose(merged["check_em"], 1.0)  # mean of 0, 1, 2
    single = [_tagger(tmp_path / f"m{k}", m).emissions(SENTS) for k, m in enumerate(members)]
    big = _tagger(tmp_path / "merged", merged)
    assert big.hidden == 15
    for r, em in enumerate(big.emissions(SENTS)):
        np.testing.assert_allclose(em, np.mean([s[r] for s in single], axis=0), atol=1e-5)
    np.testing.assert_allclose(big.trans, np.mean([m["trans"] for m in members], axis=0), atol=1e-6)
    assert [len(t) for t in big.decode(SENTS)] == [len(s) for s in SENTS]
    # a single member merged with itself is the member
    same = _tagger(tmp_path / "self", ens.merge([members[0], members[0]]))
    for a, b in zip(same.emissions(SENTS), single[0], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_members_must_share_inputs() -> None:
    ens = _ensemble_module()
    enc = InputEncoder.fit(WORDS, SENTS * 2, LEX)
    emb = np.random.default_rng(9).normal(size=(len(WORDS), 6)).astype(np.float16)
    a, b = _member(1, enc, emb), _member(2, enc, emb)
    b["emb"] = (emb * 2).astype(np.float16)
    with pytest.raises(ValueError, match="emb"):
        ens.merge([a, b])
    c = _member(3, enc, emb, hidden=4)
    with pytest.raises(ValueError, match="hidden"):
        ens.merge([a, c])
    with pytest.raises(ValueError):
        ens.merge([])
