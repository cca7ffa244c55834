"""Migration 0009: mentions keep one index led by article_id (the unique span index), not two."""

from __future__ import annotations

from store_helpers import alembic_to

from marsad.model import Article, Entity
from marsad.store.db import Store, make_engine


def _indexes(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with engine.connect() as c:
        rows = {name: sql for name, sql in c.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mentions'")}
    engine.dispose()
    return rows


def _plan(store: Store) -> str:
    with store.engine.connect() as c:
        rows = c.exec_driver_sql("EXPLAIN QUERY PLAN SELECT * FROM mentions WHERE article_id = 'x'").all()
    return " ".join(str(r[-1]) for r in rows)


def test_mentions_are_looked_up_by_article_through_the_unique_span_index(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(url)
    body = "قصفت قوات النظام مدينة حلب."
    art = Article(source_path="a.txt", raw=body, body=body, published="2018-03-01")
    art.entities = [Entity(text="حلب", start=body.index("حلب"), end=body.index("حلب") + 3, type="LOCATION")]
    store.save([art], "sig")
    assert "ix_mentions_article_id" not in _indexes(url)
    plan = _plan(store)
    assert "USING INDEX sqlite_autoindex_mentions_1" in plan and "SCAN" not in plan
    assert store.get_article(art.id) is not None
    assert store.counts()["mentions"] == 1
    store.close()


def test_migration_0009_drops_the_second_article_index_and_its_downgrade_restores_it(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    Store(url).close()
    engine = make_engine(url)
    alembic_to(engine, "0008", down=True)
    assert "ix_mentions_article_id" in _indexes(url)  # as every store before this revision
    alembic_to(engine, "head")
    engine.dispose()
    assert "ix_mentions_article_id" not in _indexes(url)
    assert "ix_mentions_entity" in _indexes(url)
