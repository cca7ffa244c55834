"""LSH band rows as integer keys (article_lsh, migration 0007): written, replaced, and upgraded.

New keys wait in article_lsh_recent until they are merged (migration 0010, tests/unit/test_store_lsh_recent.py):
``_lsh`` reads both tables."""

from __future__ import annotations

import hashlib

import numpy as np
from sqlalchemy import text
from store_helpers import alembic_to

from marsad.model import Article
from marsad.store import fusion
from marsad.store.db import Store, make_engine

BODY = ("قالت مصادر محلية إن قصفا مدفعيا استهدف بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل "
        "ثلاثة مدنيين وإصابة آخرين، فيما ردت فصائل المعارضة باستهداف مواقع لقوات النظام في المنطقة. "
        "وأضافت المصادر أن الطيران الحربي شن غارات على أطراف البلدة بعد الظهر.")
OTHER = ("أعلنت وزارة الصحة العراقية تسجيل إصابات جديدة بالمرض في محافظة البصرة، ودعت المواطنين إلى "
         "الالتزام بالتعليمات الصحية ومراجعة المراكز الطبية عند ظهور الأعراض، بحسب بيان رسمي.")


def _art(body: str) -> Article:
    return Article(source_path="t.txt", raw=body, body=body, title=None)


def _lsh(store: Store) -> list[tuple[int, str]]:
    """Every stored (band key, article id): merged into article_lsh, or waiting in article_lsh_recent."""
    with store.engine.connect() as c:
        merged = [(int(k), a) for k, a in c.execute(text("SELECT band_key, article_id FROM article_lsh"))]
        recent = [(k, a) for a, blob in c.execute(text("SELECT article_id, keys FROM article_lsh_recent"))
                  for k in fusion.keys_of_blob(blob)]
    return sorted(merged + recent)


def test_band_keys_are_signed_64_bit_and_differ_by_band() -> None:
    assert fusion.band_key(0, 2**64 - 1) == -1 and fusion.band_key(0, 5) == 5
    keys = [fusion.band_key(b, 12345) for b in range(16)]
    assert len(set(keys)) == 16 and all(-(2**63) <= k < 2**63 for k in keys)
    sig = fusion.signature(BODY, fusion.FusionConfig())
    ks = fusion.band_hashes(sig, fusion.FusionConfig())
    assert fusion.keys_of_blob(fusion.keys_blob(ks)) == ks


def test_rows_are_written_and_replaced_on_reanalysis(db_url: str) -> None:
    store = Store(db_url)
    a, b = _art(BODY), _art(OTHER)
    store.save([a, b], "sig1")
    rows = _lsh(store)
    assert len(rows) == 32 and {aid for _, aid in rows} == {a.id, b.id}
    with store.engine.connect() as c:
        blob = c.execute(text("SELECT lsh_keys FROM articles WHERE id = :i"), {"i": a.id}).scalar()
    assert sorted(fusion.keys_of_blob(blob)) == sorted(k for k, aid in rows if aid == a.id)
    store.save([_art(BODY)], "sig2")  # re-analysed: its rows are deleted and written again, not doubled
    assert _lsh(store) == rows
    dup = _art(BODY.replace("صباح اليوم", "صباح الأحد"))
    store.save([dup], "sig2")
    with store.engine.connect() as c:
        assert c.execute(text("SELECT group_id FROM articles WHERE id = :i"), {"i": dup.id}).scalar() == a.id
    store.close()


def _old_band_hashes(sig: np.ndarray, cfg: fusion.FusionConfig) -> list[str]:
    """The band hashes that revisions before 0007 stored in article_bands."""
    rows = cfg.num_perm // cfg.bands
    return [hashlib.sha1(sig[b * rows:(b + 1) * rows].tobytes()).hexdigest()[:16] for b in range(cfg.bands)]



def test_a_store_at_0006_upgrades_and_keeps_its_near_duplicate_groups(db_url: str) -> None:
    engine = make_engine(db_url)
    alembic_to(engine, "0006")
    cfg = fusion.FusionConfig()
    a, b = _art(BODY), _art(OTHER)
    with engine.begin() as c:  # as the writer of revision 0006 stored them
        for art in (a, b):
            sig = fusion.signature(art.body, cfg)
            c.execute(text("INSERT INTO articles (id, raw_hash, source_path, raw_format, raw, body, ingested_at, "
                           "group_id, minhash) VALUES (:i, :h, 't.txt', 'txt', :r, :r, '2026-01-01', :i, :m)"),
                      {"i": art.id, "h": art.raw_hash, "r": art.body, "m": sig.tobytes()})
            c.execute(text("INSERT INTO article_bands (article_id, band, hash) VALUES (:i, :b, :h)"),
                      [{"i": art.id, "b": n, "h": h} for n, h in enumerate(_old_band_hashes(sig, cfg))])
    engine.dispose()
    store = Store(db_url)  # migrates to head
    expected = sorted((k, art.id) for art in (a, b) for k in fusion.band_hashes(fusion.signature(art.body, cfg), cfg))
    assert _lsh(store) == expected
    dup = _art(BODY.replace("صباح اليوم", "صباح الأحد"))
    store.save([dup], "sig1")  # found through the converted rows
    with store.engine.connect() as c:
        assert c.execute(text("SELECT group_id FROM articles WHERE id = :i"), {"i": dup.id}).scalar() == a.id
    store.close()
    # and back: 0006's table holds the same hashes again
    engine = make_engine(db_url)
    alembic_to(engine, "0006", down=True)
    with engine.connect() as c:
        got = sorted(c.execute(text("SELECT article_id, band, hash FROM article_bands WHERE article_id = :i"),
                               {"i": a.id}).all())
    assert [(aid, n, h) for aid, n, h in got] == [
        (a.id, n, h) for n, h in enumerate(_old_band_hashes(fusion.signature(a.body, cfg), cfg))]
    engine.dispose()
