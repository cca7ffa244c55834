"""The store's derived data computed off the writer (marsad.store.prepare)."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article
from marsad.store import fusion
from marsad.store.db import Store
from marsad.store.prepare import StorePrep, prepare, prepared, text_words
from marsad.store.search import word_forms
from marsad.text.normalize import normalize

BODY = ("أعلنت ميليشيا «كتائب حزب الله» العراقية، يوم السبت، وصول دفعة جديدة من مقاتليها إلى "
        "مدينة البوكمال شرقي سوريا، بحسب مصادر محلية.\n\nوقال المرصد السوري لحقوق الإنسان إن ٢٥ عنصراً وصلوا.")

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "أإآٱؤئىة" "ًٌٍَُِّْ" "ـ" "٠١٢٣"
NOISE = " \t\n\u00a0\u200c\u200f\ufeff«»–" "ﻻﷲ" "ABCxyz019_.,،"
texts = st.lists(st.sampled_from(list(ARABIC + NOISE)), max_size=120).map("".join)


def _article(body: str = BODY, title: str | None = "وصول دفعة جديدة") -> Article:
    return Article(source_path="t.txt", raw=body, body=body, title=title)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_words_are_exactly_those_of_the_normalised_text(s: str) -> None:
    expected = [word_forms(w) for w in fusion._WORD_RE.findall(normalize(s).text)]
    assert [(stem, skel) for stem, skel, _ in text_words(s)] == expected


def test_prep_matches_the_reference_forms_and_signature() -> None:
    a = _article()
    p = prepare(a)
    words = fusion._WORD_RE.findall(f"{normalize(a.title or '').text} {normalize(a.body).text}")
    assert p.stems == " ".join(word_forms(w)[0] for w in words)
    assert p.skel == " ".join(word_forms(w)[1] for w in words)
    assert "ميليشيا" in p.stems.split() and "ملش" in p.skel.split()  # spelling variants share a skeleton
    cfg = fusion.FusionConfig()
    ref = fusion.signature(a.body, cfg)
    assert np.array_equal(np.frombuffer(p.minhash, dtype=np.uint64), ref)
    assert list(p.bands) == fusion.band_hashes(ref, cfg)
    assert a.prep is p


def test_signature_estimates_jaccard() -> None:
    cfg = fusion.FusionConfig()
    base = " ".join(f"كلمة{i}" for i in range(300))
    near = base + " " + " ".join(f"زيادة{i}" for i in range(15))
    other = " ".join(f"اخرى{i}" for i in range(300))
    s = fusion.signature(base, cfg)
    assert fusion.jaccard(s, fusion.signature(near, cfg)) > 0.8
    assert fusion.jaccard(s, fusion.signature(other, cfg)) < 0.1
    assert fusion.signature("", cfg).shape == (cfg.num_perm,)


def test_prep_survives_pickling_and_is_reused() -> None:
    a = _article()
    prepare(a)
    b = pickle.loads(pickle.dumps(a))
    cfg = fusion.FusionConfig()
    assert prepared(b, cfg) is b.prep


def test_stale_prep_is_recomputed() -> None:
    cfg = fusion.FusionConfig()
    a = _article()
    old = prepare(a, cfg)
    a.body = a.body + " خبر إضافي"
    fresh = prepared(a, cfg)
    assert fresh is not old and fresh.body_id == a.id
    other = prepared(a, fusion.FusionConfig(num_perm=64, bands=8))
    assert other.options == (64, 8, 3) and len(np.frombuffer(other.minhash, dtype=np.uint64)) == 64


def test_store_uses_a_wrong_prep_never(tmp_path) -> None:
    """A prep made for another body (e.g. a bug upstream) is not trusted by the writer."""
    a, b = _article(), _article(BODY.replace("البوكمال", "الميادين"))
    prepare(b)
    a.prep = StorePrep(b.id, b.prep.options, b.prep.minhash, b.prep.bands, "زائف", "زائف")
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    store.save([a], "sig")
    assert [aid for aid, _ in store.search("زائف")] == []
    assert [aid for aid, _ in store.search("البوكمال")] == [a.id]
    store.close()
