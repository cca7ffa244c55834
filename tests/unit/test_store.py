"""The store: migrations, idempotent batched writes, re-analysis, all-or-nothing batches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text

from marsad.model import ArgRef, Article, Entity, Event, Location, Relation, Span
from marsad.store.db import Store


def _article(body: str, with_analysis: bool = True) -> Article:
    a = Article(source_path="t.txt", raw="RAW\n" + body, body=body, title="عنوان", published="2015-11-20")
    if with_analysis:
        i = body.index("النجباء")
        g = Entity("النجباء", i, i + 7, "ARMED_GROUP", "grp:nujaba", "حركة النجباء", "Harakat al-Nujaba")
        j = body.index("دمشق")
        p = Entity("دمشق", j, j + 4, "LOCATION", "plc:damascus", "دمشق", "Damascus", lat=33.51, lon=36.29)
        a.entities = [g, p]
        a.relations = [Relation("deployed_to", ArgRef.of(g), ArgRef.of(p), Span(0, len(body)))]
        a.events = [Event("Strategic developments", "Change to group/activity", "MOBILIZE",
                          trigger=Span(0, 4, body[:4]), evidence=Span(0, len(body)), actor1=ArgRef.of(g),
                          location=Location("دمشق", j, j + 4, "Damascus", 33.51, 36.29, "Damascus", "SY", 1))]
    return a


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def test_schema_created_by_migrations(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"articles", "entities", "mentions", "relations", "events", "alembic_version"} <= names
    with store.engine.connect() as c:
        assert c.execute(text("select version_num from alembic_version")).scalar() == _head_revision()


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from marsad.store.db import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_save_is_idempotent(store: Store) -> None:
    a = _article("وصلت حركة النجباء إلى دمشق.")
    r1 = store.save([a, a], "sig1")
    assert (r1.inserted, r1.updated, r1.unchanged) == (1, 0, 0)
    before = store.counts()
    r2 = store.save([_article("وصلت حركة النجباء إلى دمشق.")], "sig1")
    assert (r2.inserted, r2.unchanged) == (0, 1)
    assert store.counts() == before == {"articles": 1, "events": 1, "entities": 2, "mentions": 2, "relations": 1,
                                        "fused_events": 1}


def test_new_pipeline_replaces_analysis(store: Store) -> None:
    store.save([_article("وصلت حركة النجباء إلى دمشق.")], "sig1")
    a = _article("وصلت حركة النجباء إلى دمشق.")
    a.events = []
    r = store.save([a], "sig2")
    assert r.updated == 1
    c = store.counts()
    assert c["articles"] == 1 and c["events"] == 0 and c["mentions"] == 2


def test_raw_kept_in_full(store: Store) -> None:
    a = _article("وصلت حركة النجباء إلى دمشق.")
    store.save([a], "s")
    row = store.get_article(a.id)
    assert row is not None and row.raw == a.raw and row.body == a.body
    assert row.id == a.id and len(row.id) == 64


def test_failed_batch_leaves_nothing_behind(store: Store) -> None:
    good = _article("وصلت حركة النجباء إلى دمشق.")
    store.save([good], "s")
    bad = _article("انسحبت حركة النجباء من دمشق.")
    bad.events[0].evidence = None  # type: ignore[assignment]  # breaks row building mid-batch
    other = _article("اجتمعت حركة النجباء في دمشق.")
    with pytest.raises(AttributeError):
        store.save([other, bad], "s")
    assert store.counts()["articles"] == 1  # the earlier article survives, nothing partial added


def test_search_ignores_spelling_variants(store: Store) -> None:
    a = _article("وصلت حركة النجباء إلى دمشق مع عناصر الميليشيات.")
    b = _article("انتشرت مليشيا حركة النجباء في دمشق.")
    c = _article("اجتمع وزراء الخارجية في دمشق. حركة النجباء")
    store.save([a, b, c], "s")
    hits = {i for i, _ in store.search("ميليشيا")}
    assert hits == {a.id, b.id}
    assert {i for i, _ in store.search("مليشيا")} == {a.id, b.id}
    assert {i for i, _ in store.search("والميليشيات")} == {a.id}
    assert {i for i, _ in store.search("الخارجية")} == {c.id}
    assert store.search("") == [] and store.search('" OR *') == []


def test_a_relation_end_named_by_no_mention_is_a_graph_node(store: Store) -> None:
    from marsad.store.queries import actor_graph

    body = "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو ترفض ذلك."
    i = body.index("سيرغي")
    person = Entity("سيرغي لافروف", i, i + 12, "PERSON", "per:sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov")
    t = body.index("وزير")
    title = ArgRef("وزير الخارجية الروسي", "org:russia-mfa", t, t + 20)
    a = Article(source_path="t.txt", raw=body, body=body, title="عنوان", published="2018-02-19")
    a.entities = [person]  # the ministry is no mention: the title names it
    a.relations = [Relation("leader_of", ArgRef.of(person), title, Span(0, len(body)))]
    store.save([a], "sig1")
    with store.engine.connect() as c:
        graph = actor_graph(c, entity="per:sergey-lavrov")
    assert [(e["source"], e["target"], e["target_name_ar"]) for e in graph["edges"]] == [
        ("per:sergey-lavrov", "org:russia-mfa", "وزارة الخارجية الروسية")]
    assert store.counts()["mentions"] == 1
