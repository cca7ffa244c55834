"""The full-text entry of a re-analysed article is replaced by its recorded rowid (migration 0008)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_helpers import alembic_to

from marsad.model import Article
from marsad.store.db import Store, make_engine

BODIES = [
    "قالت مصادر محلية إن قصفا مدفعيا استهدف بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم.",
    "أعلنت وزارة الصحة العراقية تسجيل إصابات جديدة في محافظة البصرة بحسب بيان رسمي.",
    "وصلت تعزيزات عسكرية لميليشيا الدفاع الوطني إلى مدينة دير الزور مساء أمس.",
]


def _art(body: str, title: str | None = None) -> Article:
    return Article(source_path="t.txt", raw=body, body=body, title=title)


def _fts(store: Store) -> list[tuple[int, str, str]]:
    with store.engine.connect() as c:
        return sorted((int(r), a, s) for r, a, s in c.execute(text("SELECT rowid, article_id, stems FROM article_fts")))


def _recorded(store: Store) -> dict[str, int | None]:
    with store.engine.connect() as c:
        return dict(c.execute(text("SELECT id, fts_rowid FROM articles")).all())


@pytest.fixture()
def sqlite_store(tmp_path) -> Store:  # noqa: ANN001
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    yield store
    store.close()


def test_new_articles_record_their_full_text_rowid(sqlite_store: Store) -> None:
    arts = [_art(b) for b in BODIES]
    sqlite_store.save(arts[:2], "sig1")
    sqlite_store.save(arts[2:], "sig1")
    rows = _fts(sqlite_store)
    assert [r for r, _, _ in rows] == [1, 2, 3]
    assert _recorded(sqlite_store) == {aid: r for r, aid, _ in rows}


def test_reanalysis_replaces_the_entry_in_place(sqlite_store: Store) -> None:
    arts = [_art(b) for b in BODIES]
    sqlite_store.save(arts, "sig1")
    before = _fts(sqlite_store)
    sqlite_store.save([_art(BODIES[1], title="عنوان جديد للخبر")], "sig2")  # same body, new title
    after = _fts(sqlite_store)
    assert [(r, a) for r, a, _ in after] == [(r, a) for r, a, _ in before]  # same rows, no duplicate
    changed = {a for (_, a, s), (_, _, s0) in zip(after, before, strict=True) if s != s0}
    assert changed == {arts[1].id}
    assert {i for i, _ in sqlite_store.search("عنوان")} == {arts[1].id}
    assert _recorded(sqlite_store) == {a: r for r, a, _ in after}


def test_an_entry_without_a_recorded_rowid_is_still_replaced(sqlite_store: Store) -> None:
    arts = [_art(b) for b in BODIES]
    sqlite_store.save(arts, "sig1")
    with sqlite_store.engine.begin() as c:  # as a row written before the rowid was recorded
        c.execute(text("UPDATE articles SET fts_rowid = NULL WHERE id = :i"), {"i": arts[0].id})
    sqlite_store.save([_art(BODIES[0], title="عنوان آخر")], "sig2")
    rows = _fts(sqlite_store)
    assert sorted(a for _, a, _ in rows) == sorted(a.id for a in arts)  # the old entry is gone
    assert _recorded(sqlite_store)[arts[0].id] == 4  # a new rowid, recorded
    assert {i for i, _ in sqlite_store.search("عنوان")} == {arts[0].id}



def test_migration_0008_records_the_rowids_of_an_existing_index(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    store = Store(url)
    arts = [_art(b) for b in BODIES]
    store.save(arts, "sig1")
    expected = {a: r for r, a, _ in _fts(store)}
    store.close()
    engine = make_engine(url)
    alembic_to(engine, "0007", down=True)
    with engine.connect() as c:
        cols = [r[1] for r in c.exec_driver_sql("PRAGMA table_info(articles)")]
    assert "fts_rowid" not in cols
    alembic_to(engine, "head")
    engine.dispose()
    store = Store(url)
    assert _recorded(store) == expected
    store.save([_art(BODIES[2], title="عنوان")], "sig2")  # replaced through the recorded rowid
    assert len(_fts(store)) == 3
    store.close()
