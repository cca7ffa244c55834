"""store.prepare's per-token pieces and the MinHash shortcut give exactly the reference values."""

from __future__ import annotations

import numpy as np

from marsad.model import Article
from marsad.store import fusion
from marsad.store.prepare import prepare
from marsad.store.search import word_forms
from marsad.text.normalize import normalize


def test_signature_equals_the_per_value_definition() -> None:
    """min over shingles of ((a·x + b) mod 2^64) >> 32, computed with Python integers."""
    cfg = fusion.FusionConfig(num_perm=16, bands=4)
    words = ["قصف", "مدفعي", "على", "ريف", "ادلب", "الجنوبي", "اليوم"]
    wh = np.array([fusion.word_hash(w) for w in words], dtype=np.uint64)
    shingles = [int(x) for x in fusion.shingle_hashes(wh, cfg.shingle)]
    a, b = fusion._permutations(cfg.num_perm)
    expected = [min(((int(ai) * x + int(bi)) % 2**64) >> 32 for x in shingles) for ai, bi in zip(a, b, strict=True)]
    assert fusion.signature_from_shingles(wh, cfg).tolist() == expected


def test_tokens_without_words_leave_no_gap_and_titles_do_not_enter_the_signature() -> None:
    # "ـــ" and a lone diacritic are raw tokens that normalise to no word
    body = "قتل ـــ ثلاثة َ عناصر من الميليشيات في البوكمال"
    a = Article(source_path="t.txt", raw=body, body=body, title="ـــ عنوان الخبر")
    p = prepare(a)
    words = fusion._WORD_RE.findall(f"{normalize(a.title or '').text} {normalize(body).text}")
    assert p.stems == " ".join(word_forms(w)[0] for w in words)
    assert p.skel == " ".join(word_forms(w)[1] for w in words)
    assert "  " not in p.stems and not p.stems.startswith(" ")
    cfg = fusion.FusionConfig()
    assert np.array_equal(np.frombuffer(p.minhash, dtype=np.uint64), fusion.signature(body, cfg))
    empty = prepare(Article(source_path="t.txt", raw="ـ", body="ـ", title=None))
    assert empty.stems == "" and np.array_equal(np.frombuffer(empty.minhash, dtype=np.uint64),
                                                 fusion.signature("", cfg))
