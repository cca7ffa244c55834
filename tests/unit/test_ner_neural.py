"""The neural NER tagger (numpy BiLSTM-CRF): equality with torch, decoding, input encoding."""

from __future__ import annotations

import argparse
import itertools
import sys

import numpy as np
import pytest

from marsad.analyse import neural
from marsad.analyse.ner import NER_DIR, Lexicon, norm_word
from marsad.analyse.neural import LABELS, NEURAL_FILE, InputEncoder, NeuralTagger
from marsad.config import PACKAGE_DIR

TRAIN_DIR = PACKAGE_DIR.parents[1] / "training"
SENTS = [
    "قال الرئيس الامريكي جورج بوش في واشنطن ان الامم المتحده سترسل وفدا الى عمان".split(),
    "وصل وزير الخارجيه الى بغداد".split(),
    ["و"],
    "اعلن حزب الله ان مقاتليه في جنوب لبنان".split(),
]


def _words() -> list[str]:
    return ["قال", "الرييس", "في", "ان", "الى", "بغداد", "لبنان", "عمان", "الله", "حزب", "جنوب", "وزير", "الخارجيه"]


def test_encoder_stem_features_and_batch() -> None:
    lex = Lexicon([("LOCa", "بغداد"), ("PERS", "جورج بوش"), ("ORG", "الامم المتحده")])
    enc = InputEncoder.fit(_words(), SENTS * 2, lex)
    assert enc.stem("وبغداد") == "بغداد" and enc.stem("بغداد") == "بغداد"
    assert enc.stem("ولبنان") == "لبنان" and enc.stem("غريب") == "غريب"
    wi, si, chars, feats = enc.encode("وبغداد")
    assert wi == enc.oov and si == enc.word_ix["بغداد"]
    names = {enc.feats[i] for i in feats}
    assert {"oov", "lx=LOCa", "sh=A"} <= names
    assert all(c >= 1 for c in chars) and len(chars) == len("وبغداد")
    b = enc.batch(SENTS)
    assert b["w"].shape == (4, len(SENTS[0])) and b["lens"].tolist() == [len(s) for s in SENTS]
    assert b["mask"].sum() == sum(len(s) for s in SENTS)
    dyn = enc.feat_ix["~B-PERS"]
    assert b["f"][0, 3, dyn] == 1.0 and b["f"][0, 2, dyn] == 0.0  # جورج بوش, a name-list phrase


def test_committed_model_reproduces_stored_torch_outputs() -> None:
    """The exported model carries a few sentences with torch's emissions; numpy must match them."""
    path = NER_DIR / NEURAL_FILE
    if not path.exists():
        pytest.skip("no neural NER model committed")
    z = np.load(path)
    sents = [s.split("\t") for s in bytes(z["check_sents"]).decode("utf-8").split("\n")]
    tagger = NeuralTagger(NER_DIR)
    mine = np.concatenate(tagger.emissions(sents))
    assert mine.shape == z["check_em"].shape
    np.testing.assert_allclose(mine, z["check_em"], atol=2e-4)
    # one sentence at a time gives the same as the batch
    np.testing.assert_allclose(tagger.emissions(sents[:1])[0], tagger.emissions(sents)[0], atol=1e-5)
    tags, probs = tagger.decode(sents, marginals=True)
    assert [len(t) for t in tags] == [len(s) for s in sents]
    assert all(0.0 < p <= 1.0 + 1e-9 for ps in probs for p in ps)


def test_committed_model_equals_torch() -> None:
    """The committed weights loaded back into the torch model give numpy's emissions."""
    pytest.importorskip("torch")
    if not (NER_DIR / NEURAL_FILE).exists():
        pytest.skip("no neural NER model committed")
    sys.path.insert(0, str(TRAIN_DIR))
    try:
        import train_neural_ner as tn
    finally:
        sys.path.remove(str(TRAIN_DIR))
    tagger = NeuralTagger(NER_DIR)
    model, enc, _words = tn.model_from_npz(NER_DIR / NEURAL_FILE, tagger.enc.lexicon, tagger.featurizer.clusters)
    sents = [[norm_word(w) for w in s] for s in SENTS]
    for a, b in zip(tn.torch_emissions(model, enc, sents), tagger.emissions(sents), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-4)


def _trained_toy(tmp_path):
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(TRAIN_DIR))
    try:
        import train_neural_ner as tn
    finally:
        sys.path.remove(str(TRAIN_DIR))
    torch.manual_seed(0)
    words = _words()
    vecs = np.random.default_rng(0).normal(size=(len(words), 12)).astype(np.float32)
    lex = Lexicon([("LOCa", "بغداد"), ("PERS", "جورج بوش"), ("ORG", "الامم المتحده")])
    enc = tn.InputEncoder.fit(words, SENTS * 2, lex)
    args = argparse.Namespace(char_dim=8, char_filters=10, dropout=0.3, hidden=7)
    model = tn.build_model(enc, vecs, args)
    with torch.no_grad():
        for p in (model.trans, model.start, model.end):
            p.normal_()
    (tmp_path / "ner_clusters.tsv").write_text("#word\tk\n" + "".join(f"{w}\t0\n" for w in words), encoding="utf-8")
    tn.export(model, enc, words, tmp_path / NEURAL_FILE, check=SENTS[:2])
    return torch, tn, model, enc, NeuralTagger(tmp_path, lexicon=lex, rank={w: i for i, w in enumerate(words)})


def test_numpy_forward_equals_torch(tmp_path, monkeypatch) -> None:
    torch, tn, model, enc, tagger = _trained_toy(tmp_path)
    ref = tn.torch_emissions(model, enc, SENTS)
    mine = tagger.emissions(SENTS)
    for a, b in zip(ref, mine, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)
    monkeypatch.setattr(neural, "CHUNK", 2)  # the batched recurrence in several chunks
    for a, b in zip(ref, tagger.emissions([[], *SENTS])[1:], strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)
    # Viterbi with start / end scores = brute force over all label sequences of the short sentences
    nl = len(LABELS)
    for s, em in zip(SENTS[1:3], mine[1:3], strict=True):
        best, best_score = None, -np.inf
        for ys in itertools.product(range(nl), repeat=len(s)):
            sc = float(tagger.start[ys[0]] + tagger.end[ys[-1]] + sum(em[t, y] for t, y in enumerate(ys))
                       + sum(tagger.trans[a, b] for a, b in itertools.pairwise(ys)))
            if sc > best_score:
                best, best_score = ys, sc
        assert tagger.decode([s])[0] == [LABELS[y] for y in best]


def test_torch_crf_loss_is_exact(tmp_path) -> None:
    torch, tn, model, enc, tagger = _trained_toy(tmp_path)
    sents = [SENTS[1][:4], SENTS[2]]
    b = {k: torch.from_numpy(v) for k, v in enc.batch(sents).items()}
    y = torch.tensor([[1, 2, 0, 3], [5, 0, 0, 0]])
    model.eval()
    with torch.no_grad():
        em = model.emissions(b)
        loss = float(model.nll(em, y, b["mask"]))
    expected = 0.0
    torch.set_grad_enabled(False)
    for k, s in enumerate(sents):
        n = len(s)

        def score(ys, k=k):
            return float(model.start[ys[0]] + model.end[ys[-1]] + sum(em[k, t, q] for t, q in enumerate(ys))
                         + sum(model.trans[a, c] for a, c in itertools.pairwise(ys)))
        z = np.logaddexp.reduce([score(ys) for ys in itertools.product(range(len(LABELS)), repeat=n)])
        expected += z - score(tuple(int(v) for v in y[k, :n]))
    torch.set_grad_enabled(True)
    assert loss == pytest.approx(expected, rel=1e-4)


def test_neural_tagger_on_seed_sentence() -> None:
    if not (NER_DIR / NEURAL_FILE).exists():
        pytest.skip("no neural NER model committed")
    tagger = NeuralTagger(NER_DIR)
    words = "أبرزهم هادي العامري زعيم منظمة بدر وممثلون عن حركة النجباء".split()
    tags = tagger.decode([[norm_word(w) for w in words]])[0]
    assert tags[1:3] == ["B-PERS", "I-PERS"]
    assert tagger.tag([]) == []


def test_load_tagger_falls_back_to_crf(tmp_path) -> None:
    import shutil

    from marsad.analyse.ner import CLUSTER_FILE, LEXICON_FILE, WEIGHTS_FILE, NerTagger, load_tagger

    for name in (WEIGHTS_FILE, CLUSTER_FILE, LEXICON_FILE):
        shutil.copy(NER_DIR / name, tmp_path / name)
    crf = load_tagger(tmp_path)
    assert isinstance(crf, NerTagger)
    words = "وصل الجنرال قاآني ظهر السبت إلى العاصمة العراقية بغداد".split()
    assert crf.tag(words)[words.index("بغداد")] == "B-LOC"
    if (NER_DIR / NEURAL_FILE).exists():
        assert isinstance(load_tagger(NER_DIR), NeuralTagger)


def test_feature_rows_are_added_bit_identically_to_a_per_row_sum() -> None:
    tagger = NeuralTagger.__new__(NeuralTagger)  # only w_feat is needed
    rng = np.random.default_rng(7)
    tagger.w_feat = rng.standard_normal((30, 16)).astype(np.float32)
    feats = [list(rng.integers(0, 30, int(k))) for k in rng.integers(0, 9, 200)]
    g = rng.standard_normal((200, 16)).astype(np.float32)
    want = g.copy()
    for r, fs in enumerate(feats):
        if fs:
            want[r] += tagger.w_feat[fs].sum(axis=0)
    tagger._add_features(g, feats)
    assert np.array_equal(g, want)
