"""The writer's analysis rows, sent to the driver as plain tuples (``Store._write_analysis``), are
stored exactly as SQLAlchemy's ``insert(Model)`` of the same values stores them: JSON text
(``None`` as ``null``), floats, NULLs, column by column, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from marsad.model import ArgRef, Article, Entity, Event, Location, Relation, Span
from marsad.store import bulk
from marsad.store.db import Store, _entity_status
from marsad.store.models import EntityRow, EventRow, MentionRow, RelationRow

_TABLES = ("entities", "mentions", "relations", "events")


def _articles() -> list[Article]:
    body = "قصفت حركة النجباء مواقع في دمشق يوم 3 آذار وقتلت 5 أشخاص."
    a = Article(source_path="t.txt", raw=body, body=body, title="عنوان", published="2015-11-20")
    i, j = body.index("النجباء"), body.index("دمشق")
    g = Entity("النجباء", i, i + 7, "ARMED_GROUP", "grp:nujaba", "حركة النجباء", "Harakat al-Nujaba",
               score=0.75, attrs={"kb_match": "alias", "note": "«x»", "n": [1, 2.5, None]})
    p = Entity("دمشق", j, j + 4, "LOCATION", "plc:damascus", "دمشق", "Damascus", lat=33, lon=36.29,
               attrs={"admin2": None, "geo_precision": 1})
    c = Entity("حركة", 5, 9, "PERSON", "new:PERSON:1", None, None, score=1)
    d = Entity("3 آذار", 37, 43, "DATE", "date:x", attrs={"value": "2015-03-03"})
    dup = Entity("دمشق", j, j + 4, "LOCATION", "plc:other")  # same span and type: dropped
    a.entities = [g, p, c, d, dup]
    a.relations = [Relation("operates_in", ArgRef.of(g), ArgRef.of(p), Span(0, len(body)), confidence=1)]
    a.events = [
        Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT",
              trigger=Span(0, 4, body[:4]), evidence=Span(0, len(body)), actor1=ArgRef.of(g),
              location=Location("دمشق", j, j + 4, "Damascus", 33.51, 36.29, "Damascus", "SY", 1),
              date="2015-03-03", fatalities=5),
        Event("Strategic developments", "Other", None, trigger=Span(0, 4, body[:4]), evidence=Span(0, 10)),
    ]
    b = Article(source_path="u.txt", raw="نص آخر", body="نص آخر", published=None)
    b.entities = [Entity("نص", 0, 2, "ORGANIZATION", None, attrs={})]
    return [a, b]


def _sqlalchemy_rows(articles: list[Article]) -> dict[str, list[dict[str, Any]]]:
    """The dicts ``_write_analysis`` bound through ``insert(Model)`` before it used ``bulk``."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in _TABLES}
    ents: dict[str, dict[str, Any]] = {}
    for a in articles:
        seen: set[tuple[int, int, str]] = set()
        for e in a.entities:
            if (e.start, e.end, e.type) in seen:
                continue
            seen.add((e.start, e.end, e.type))
            out["mentions"].append({
                "article_id": a.id, "entity_id": e.entity_id, "type": e.type, "text": e.text, "start": e.start,
                "end": e.end, "source": e.source, "score": float(e.score), "attrs": e.attrs or None})
            if e.entity_id and e.entity_id not in ents and e.type not in ("DATE", "QUANTITY"):
                ents[e.entity_id] = {
                    "id": e.entity_id, "type": e.type, "canonical_ar": e.canonical_ar or e.text,
                    "canonical_en": e.canonical_en, "wikidata": e.wikidata,
                    "status": _entity_status(e.entity_id, e.source), "lat": e.lat, "lon": e.lon,
                    "admin1": e.admin1, "country": e.country}
        for r in a.relations:
            out["relations"].append({
                "article_id": a.id, "type": r.type, "head_text": r.head.text, "head_entity_id": r.head.entity_id,
                "tail_text": r.tail.text, "tail_entity_id": r.tail.entity_id, "evidence_start": r.evidence.start,
                "evidence_end": r.evidence.end, "confidence": float(r.confidence)})
        for i, ev in enumerate(a.events):
            loc = ev.location
            out["events"].append({
                "article_id": a.id, "seq": i, "event_type": ev.event_type, "sub_event_type": ev.sub_event_type,
                "plover": ev.plover, "actor1_text": ev.actor1.text if ev.actor1 else None,
                "actor1_id": ev.actor1.entity_id if ev.actor1 else None,
                "actor2_text": ev.actor2.text if ev.actor2 else None,
                "actor2_id": ev.actor2.entity_id if ev.actor2 else None,
                "location_text": loc.text if loc else None, "location_name_en": loc.name_en if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
                "admin1": loc.admin1 if loc else None, "country": loc.country if loc else None,
                "geo_precision": loc.geo_precision if loc else None, "date": ev.date,
                "time_precision": ev.time_precision, "fatalities": ev.fatalities, "modality": ev.modality,
                "attributed_to": ev.attributed_to, "evidence_start": ev.evidence.start,
                "evidence_end": ev.evidence.end, "confidence": float(ev.confidence), "payload": ev.to_dict(),
                "reported": a.published})
    out["entities"] = list(ents.values())
    return out


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every analysis row as the database has it (JSON columns as their stored text)."""
    text_of = "CAST({} AS TEXT)" if store.engine.dialect.name == "sqlite" else "{}::text"
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for t in _TABLES:
            table = {"entities": EntityRow, "mentions": MentionRow, "relations": RelationRow, "events": EventRow}[t]
            cols = [text_of.format(f'"{c.name}"') if c.name in ("attrs", "payload") else f'"{c.name}"'
                    for c in table.__table__.columns if c.name != "id" or t == "entities"]
            kinds = [f'typeof("{c.name}")' for c in table.__table__.columns] if store.engine.dialect.name == "sqlite" else []
            out[t] = [tuple(r) for r in conn.exec_driver_sql(
                f'SELECT {", ".join(cols + kinds)} FROM "{t}" ORDER BY id').all()]
    return out


def test_analysis_rows_stored_as_sqlalchemy_stores_them(db_url: str) -> None:
    arts = _articles()
    fast = Store(db_url, fuse=False)
    try:
        fast.save(arts, "sig")
        got = _dump(fast)
        assert len(got["mentions"]) == 5 and len(got["events"]) == 2 and len(got["entities"]) == 3
        # the same rows through SQLAlchemy: the articles' rows cleared and rewritten
        with fast.engine.begin() as conn:
            for t in ("mentions", "relations", "events", "entities"):
                conn.exec_driver_sql(f'DELETE FROM "{t}"')
            rows = _sqlalchemy_rows(arts)
            conn.execute(insert(EntityRow), rows["entities"])
            conn.execute(insert(MentionRow), rows["mentions"])
            conn.execute(insert(RelationRow), rows["relations"])
            conn.execute(insert(EventRow), rows["events"])
        assert _dump(fast) == got
    finally:
        fast.close()


def test_insert_sql_checks_and_quotes_columns() -> None:
    assert bulk.insert_sql(MentionRow.__table__, ("article_id", "end")) == (  # type: ignore[arg-type]
        'INSERT INTO "mentions" ("article_id", "end") VALUES (?, ?)')
    with pytest.raises(KeyError):
        bulk.insert_sql(MentionRow.__table__, ("article_id", "stop"))  # type: ignore[arg-type]
