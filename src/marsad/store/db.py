"""Opening the store (SQLite by default, any SQLAlchemy URL) and writing analysed articles.

Writes are batched and transactional: a batch is stored completely or not at all, so an error
or a kill never leaves half an article.  Re-running on the same input changes nothing: an article
already stored with the same pipeline signature is skipped; one stored by an older pipeline has
its analysis replaced.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import make_url

from marsad.config import get_settings
from marsad.model import Article
from marsad.store import bulk, fusion, search
from marsad.store.models import (
    ArticleRow,
    EntityRow,
    EventClusterRow,
    EventRow,
    MentionRow,
    RelationRow,
)
from marsad.store.prepare import prepared

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# the analysis rows of Store._write_analysis, in this column order
_MENTION_SQL = bulk.insert_sql(MentionRow.__table__, (
    "article_id", "entity_id", "type", "text", "start", "end", "source", "score", "attrs"))
_ENTITY_SQL = bulk.insert_sql(EntityRow.__table__, (
    "id", "type", "canonical_ar", "canonical_en", "wikidata", "status", "lat", "lon", "admin1", "country"))
_RELATION_SQL = bulk.insert_sql(RelationRow.__table__, (
    "article_id", "type", "head_text", "head_entity_id", "tail_text", "tail_entity_id", "evidence_start",
    "evidence_end", "confidence"))
_EVENT_SQL = bulk.insert_sql(EventRow.__table__, (
    "article_id", "seq", "event_type", "sub_event_type", "plover", "actor1_text", "actor1_id", "actor2_text",
    "actor2_id", "location_text", "location_name_en", "lat", "lon", "admin1", "country", "geo_precision", "date",
    "time_precision", "fatalities", "modality", "attributed_to", "evidence_start", "evidence_end", "confidence",
    "payload", "reported"))
_NO_LOCATION = (None,) * 7  # location_text … geo_precision of an event without a location
# SQLAlchemy's JSON type binds json.dumps(value) (no json_serializer is configured), None included
_json = json.dumps
_JSON_NULL = _json(None)


def _float(x: float | None) -> float | None:
    """What SQLAlchemy's ``Float`` binds on SQLite (``processors.to_float``)."""
    return None if x is None else float(x)


@dataclass
class SaveResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[str] = field(default_factory=list)

    def add(self, other: SaveResult) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.ids.extend(other.ids)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # a 64 MB page cache (the default 2 MB thrashes once the indexes outgrow it) and fewer,
    # larger WAL checkpoints: index pages rewritten by every batch are copied back less often
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute("PRAGMA wal_autocheckpoint=8192")
    cur.close()


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store:
    """The knowledge store behind one database URL."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True, fuse: bool = True,
                 fusion_config: fusion.FusionConfig | None = None):
        self.url = url or get_settings().database_url
        self.fuse = fuse
        self.fusion_config = fusion_config or fusion.FusionConfig.load()
        self.engine = make_engine(self.url)
        if migrate_schema:
            migrate(self.engine)
        # the LSH keys waiting in article_lsh_recent, as this store last read them (fusion.RecentBands);
        # saves through one Store run one at a time
        self._recent = fusion.RecentBands()
        self._save_lock = threading.RLock()

    # ----------------------------------------------------------------- writing
    def save(self, articles: Sequence[Article], analysed_with: str, *,
             in_transaction: Callable[[Connection], None] | None = None) -> SaveResult:
        """Store a batch of analysed articles in one transaction (idempotent).

        ``in_transaction(conn)``, when given, runs inside the same transaction after the articles are
        written (e.g. to record ingest progress atomically with them), even for an empty batch.
        """
        res = SaveResult()
        batch: dict[str, Article] = {}
        for a in articles:
            batch.setdefault(a.id, a)
        if not batch:
            if in_transaction is not None:
                with self.engine.begin() as conn:
                    in_transaction(conn)
            return res
        with self._save_lock, self.engine.begin() as conn:
            existing = dict(bulk.select_in(conn, "SELECT id, analysed_with FROM articles WHERE id IN ({})", list(batch)))
            fresh, redo = [], []
            for aid, art in batch.items():
                if aid not in existing:
                    fresh.append(art)
                    res.inserted += 1
                elif existing[aid] != analysed_with:
                    redo.append(art)
                    res.updated += 1
                else:
                    res.unchanged += 1
            res.ids.extend(batch)
            changed = fresh + redo
            cfg = self.fusion_config
            preps = {a.id: prepared(a, cfg) for a in changed}
            groups: dict[str, str] = {}
            if self.fuse and changed:
                groups = fusion.assign_groups(
                    conn, [(a.id, np.frombuffer(preps[a.id].minhash, dtype=np.uint64), preps[a.id].bands)
                           for a in changed], cfg, fresh=not redo, recent=self._recent)

            def row(a: Article) -> dict[str, Any]:
                r = _article_row(a, analysed_with)
                if self.fuse:
                    p = preps[a.id]
                    r["group_id"], r["minhash"], r["lsh_keys"] = groups[a.id], p.minhash, fusion.keys_blob(p.bands)
                return r

            fts_rowids: list[int] | None = None
            if fresh:
                rows = [row(a) for a in fresh]
                if conn.dialect.name == "sqlite":  # each article's full-text rowid, stored with it
                    base = search.next_rowid(conn)
                    fts_rowids = list(range(base, base + len(rows)))
                    for r, rid in zip(rows, fts_rowids, strict=True):
                        r["fts_rowid"] = rid
                conn.execute(insert(ArticleRow), rows)
            stale_clusters: set[int] = set()
            if redo:
                ids = [a.id for a in redo]
                stale_clusters = set(conn.execute(
                    select(EventRow.cluster_id).where(EventRow.article_id.in_(ids), EventRow.cluster_id.is_not(None))
                ).scalars())
                for model in (MentionRow, RelationRow, EventRow):
                    conn.execute(delete(model).where(model.article_id.in_(ids)))
                for a in redo:
                    r = row(a)
                    r.pop("id")
                    r.pop("ingested_at", None)
                    conn.execute(update(ArticleRow).where(ArticleRow.id == a.id).values(**r))
            if self.fuse and changed:
                self._recent.append(conn, [(a.id, fusion.keys_blob(preps[a.id].bands)) for a in changed])
            touched: set[int] = set()
            if changed:
                self._write_analysis(conn, changed)
                search.write_index(conn, [(a.id, preps[a.id].stems, preps[a.id].skel) for a in fresh], replace=False,
                                   rowids=fts_rowids)
                search.write_index(conn, [(a.id, preps[a.id].stems, preps[a.id].skel) for a in redo])
                if self.fuse:
                    touched = fusion.fuse_events(conn, [a.id for a in changed], cfg)
            if stale_clusters:
                fusion.refresh_clusters(conn, stale_clusters)
            if changed:
                # analysts' corrections are re-applied to the fresh machine output, then watch rules
                # see the final events (all in this transaction)
                from marsad.curation.apply import apply_corrections
                from marsad.curation.watch import evaluate_watch_rules

                apply_corrections(conn, [a.id for a in changed])
                if touched:
                    evaluate_watch_rules(conn, touched)
            if in_transaction is not None:
                in_transaction(conn)
        if res.inserted or res.updated:
            from marsad.curation.watch import deliver_pending

            deliver_pending(self)  # webhook delivery after the commit; never raises
        return res

    def _write_analysis(self, conn: Connection, articles: Iterable[Article]) -> None:
        """Mentions, relations, events and new entities of ``articles``, as plain tuples to the driver
        (``bulk``: the values SQLAlchemy's ``insert(Model)`` would bind, JSON as ``json.dumps`` text)."""
        mentions: list[tuple[Any, ...]] = []
        relations: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        entities: dict[str, tuple[Any, ...]] = {}
        for a in articles:
            aid = a.id
            seen_spans: set[tuple[int, int, str]] = set()
            for e in a.entities:
                key = (e.start, e.end, e.type)
                if key in seen_spans:
                    continue
                seen_spans.add(key)
                mentions.append((aid, e.entity_id, e.type, e.text, e.start, e.end, e.source, float(e.score),
                                 _json(e.attrs) if e.attrs else _JSON_NULL))
                if e.entity_id and e.entity_id not in entities and e.type not in ("DATE", "QUANTITY"):
                    entities[e.entity_id] = (
                        e.entity_id, e.type, e.canonical_ar or e.text, e.canonical_en, e.wikidata,
                        _entity_status(e.entity_id, e.source), _float(e.lat), _float(e.lon), e.admin1, e.country,
                    )
            for r in a.relations:
                relations.append((aid, r.type, r.head.text, r.head.entity_id, r.tail.text, r.tail.entity_id,
                                  r.evidence.start, r.evidence.end, float(r.confidence)))
                for end in (r.head, r.tail):
                    if end.entity_id and end.entity_id not in entities:
                        # an end named by no mention ("وزير الخارجية الروسي": the ministry a title names) is
                        # still a node of the actor graph: its knowledge-base record
                        row = _kb_entity_row(end.entity_id)
                        if row is not None:
                            entities[end.entity_id] = row
            for i, ev in enumerate(a.events):
                loc, act1, act2 = ev.location, ev.actor1, ev.actor2
                events.append((
                    aid, i, ev.event_type, ev.sub_event_type, ev.plover,
                    act1.text if act1 else None, act1.entity_id if act1 else None,
                    act2.text if act2 else None, act2.entity_id if act2 else None,
                    *((loc.text, loc.name_en, _float(loc.lat), _float(loc.lon), loc.admin1, loc.country,
                       loc.geo_precision) if loc else _NO_LOCATION),
                    ev.date, ev.time_precision, ev.fatalities, ev.modality, ev.attributed_to,
                    ev.evidence.start, ev.evidence.end, float(ev.confidence), _json(ev.to_dict()), a.published,
                ))
        if entities:
            known = {r[0] for r in bulk.select_in(conn, "SELECT id FROM entities WHERE id IN ({})", list(entities))}
            bulk.executemany(conn, _ENTITY_SQL, [v for k, v in entities.items() if k not in known])
        bulk.executemany(conn, _MENTION_SQL, mentions)
        bulk.executemany(conn, _RELATION_SQL, relations)
        bulk.executemany(conn, _EVENT_SQL, events)

    # ----------------------------------------------------------------- reading
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": conn.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                "events": conn.scalar(select(func.count()).select_from(EventRow)) or 0,
                "entities": conn.scalar(select(func.count()).select_from(EntityRow)) or 0,
                "mentions": conn.scalar(select(func.count()).select_from(MentionRow)) or 0,
                "relations": conn.scalar(select(func.count()).select_from(RelationRow)) or 0,
                "fused_events": conn.scalar(select(func.count()).select_from(EventClusterRow)) or 0,
            }

    def breakdown(self, column: Any, limit: int = 15) -> list[tuple[Any, int]]:
        """Counts grouped by a column (e.g. ``ArticleRow.outlet_name``), largest first."""
        with self.engine.connect() as conn:
            q = (select(column, func.count()).group_by(column).order_by(func.count().desc()).limit(limit))
            return [(k, n) for k, n in conn.execute(q).all()]

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[tuple[str, float]]:
        """Article ids matching ``query`` regardless of Arabic spelling variants (see store.search)."""
        with self.engine.connect() as conn:
            return search.search_ids(conn, query, limit, offset)

    def get_article(self, article_id: str) -> ArticleRow | None:
        from sqlalchemy.orm import Session

        with Session(self.engine) as s:
            return s.get(ArticleRow, article_id)

    def close(self) -> None:
        self.engine.dispose()


def _kb_entity_row(entity_id: str) -> tuple[Any, ...] | None:
    """The entity row of a knowledge-base actor (None for an id the KB does not hold)."""
    from marsad.knowledge.kb import load_kb

    rec = load_kb().get(entity_id)
    if rec is None:
        return None
    return (rec.id, rec.type, rec.name_ar, rec.name_en, rec.wikidata, "kb", None, None, None, None)


def _entity_status(entity_id: str, source: str) -> str:
    if entity_id.startswith("new:"):
        return "candidate"
    if entity_id.startswith(("gz:", "plc:")):
        return "gazetteer"
    return "kb"


def _article_row(a: Article, analysed_with: str) -> dict[str, Any]:
    from marsad.store.models import utcnow

    return {
        "id": a.id, "raw_hash": a.raw_hash, "source_path": a.source_path, "raw_format": a.raw_format,
        "raw": a.raw, "body": a.body, "title": a.title,
        "outlet_id": a.outlet.id if a.outlet else None,
        "outlet_name": a.outlet.name if a.outlet else None,
        "outlet_name_en": a.outlet.name_en if a.outlet else None,
        "byline": a.byline, "dateline": a.dateline, "published": a.published, "url": a.url,
        "meta": _jsonable(a.meta) or None, "analysed_with": analysed_with, "ingested_at": utcnow(),
    }


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, str | int | float | bool) or v is None:
            out[k] = v
        elif isinstance(v, list | tuple):
            out[k] = [x if isinstance(x, str | int | float | bool) or x is None else str(x) for x in v]
        elif isinstance(v, dict):
            out[k] = _jsonable(v)
        else:
            out[k] = str(v)
    return out
