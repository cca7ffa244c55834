"""Apache Parquet tables: ``events.parquet``, ``entities.parquet`` and ``relations.parquet``.

``path`` is a directory (created if missing) that receives the three files, or a ``.zip`` file that
holds them (what the API serves). Rows are written in row groups with ``pyarrow.parquet.ParquetWriter``
while the database is read, so memory holds one row group per table at a time.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import func, select

from marsad.export.common import (
    ActorNames,
    ExportError,
    Progress,
    ProgressFn,
    atomic_paths,
    matching_article_ids,
    output_file,
    unique,
)
from marsad.store.models import ArticleRow, EntityRow, MentionRow, RelationRow
from marsad.store.queries import EventFilter, iter_events

ROW_GROUP = 10_000
TABLES = ("events", "entities", "relations")

SOURCE_TYPE = pa.struct([
    ("article_id", pa.string()), ("title", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
    ("modality", pa.string()), ("attributed_to", pa.string()), ("reported", pa.date32()),
    ("evidence_text", pa.string()),
])
EVENTS_SCHEMA = pa.schema([
    ("id", pa.int64()), ("event_type", pa.string()), ("sub_event_type", pa.string()), ("plover", pa.string()),
    ("actor1_id", pa.string()), ("actor1_text", pa.string()), ("actor1_name_en", pa.string()),
    ("actor2_id", pa.string()), ("actor2_text", pa.string()), ("actor2_name_en", pa.string()),
    ("location_text", pa.string()), ("location_name_en", pa.string()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("admin1", pa.string()), ("country", pa.string()), ("geo_precision", pa.int8()),
    ("date", pa.date32()), ("time_precision", pa.int8()), ("fatalities", pa.int32()),
    ("source_count", pa.int32()), ("article_count", pa.int32()), ("first_reported", pa.date32()),
    ("last_reported", pa.date32()), ("modalities", pa.string()), ("confidence", pa.float64()),
    ("outlets", pa.list_(pa.string())), ("source_urls", pa.list_(pa.string())), ("sources", pa.list_(SOURCE_TYPE)),
])
ENTITIES_SCHEMA = pa.schema([
    ("id", pa.string()), ("type", pa.string()), ("canonical_ar", pa.string()), ("canonical_en", pa.string()),
    ("wikidata", pa.string()), ("status", pa.string()), ("kind", pa.string()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("admin1", pa.string()), ("country", pa.string()), ("mention_count", pa.int64()),
    ("article_count", pa.int64()), ("first_seen", pa.date32()), ("last_seen", pa.date32()),
])
RELATIONS_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("published", pa.date32()), ("type", pa.string()), ("head_text", pa.string()),
    ("head_entity_id", pa.string()), ("tail_text", pa.string()), ("tail_entity_id", pa.string()),
    ("evidence_start", pa.int32()), ("evidence_end", pa.int32()), ("evidence_text", pa.string()),
    ("confidence", pa.float64()),
])


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------------------------ rows
def _event_rows(conn: Any, flt: EventFilter | None) -> Iterator[dict[str, Any]]:
    names = ActorNames(conn)
    for ev in iter_events(conn, flt or EventFilter()):
        row = {k: ev.get(k) for k in EVENTS_SCHEMA.names if k in ev}
        for k in ("date", "first_reported", "last_reported"):
            row[k] = _day(ev.get(k))
        for n in ("actor1", "actor2"):
            info = names.get(ev.get(f"{n}_id"))
            row[f"{n}_name_en"] = info.name_en if info else None
        sources = ev.get("sources") or []
        row["outlets"] = unique(s.get("outlet") for s in sources)
        row["source_urls"] = unique(s.get("url") for s in sources)
        row["sources"] = [{**{k: s.get(k) for k in SOURCE_TYPE.names}, "reported": _day(s.get("reported"))}
                          for s in sources]
        yield row


def _entity_rows(conn: Any, flt: EventFilter | None) -> Iterator[dict[str, Any]]:
    m = MentionRow
    arts = matching_article_ids(conn, flt)
    stats = (select(m.entity_id.label("eid"), func.count(m.id).label("mentions"),
                    func.count(func.distinct(m.article_id)).label("articles"),
                    func.min(ArticleRow.published).label("first"), func.max(ArticleRow.published).label("last"))
             .join(ArticleRow, ArticleRow.id == m.article_id).where(m.entity_id.is_not(None)).group_by(m.entity_id))
    if arts is not None:
        stats = stats.where(m.article_id.in_(arts))
    s = stats.subquery()
    q = select(EntityRow, s.c.mentions, s.c.articles, s.c.first, s.c.last).join(s, s.c.eid == EntityRow.id)
    names = ActorNames(conn)
    for r in conn.execute(q.order_by(EntityRow.id).execution_options(yield_per=ROW_GROUP)).mappings():
        info = names.get(r["id"]) if r["id"].startswith(("grp:", "org:", "per:")) else None
        yield {
            **{k: r[k] for k in ("id", "type", "canonical_ar", "canonical_en", "wikidata", "status", "lat", "lon",
                                 "admin1", "country")},
            "kind": info.kind if info else None, "mention_count": r["mentions"], "article_count": r["articles"],
            "first_seen": _day(r["first"]), "last_seen": _day(r["last"]),
        }


def _relation_rows(conn: Any, flt: EventFilter | None) -> Iterator[dict[str, Any]]:
    r = RelationRow
    q = (select(r.article_id, ArticleRow.published, r.type, r.head_text, r.head_entity_id, r.tail_text,
                r.tail_entity_id, r.evidence_start, r.evidence_end,
                func.substr(ArticleRow.body, r.evidence_start + 1, r.evidence_end - r.evidence_start),
                r.confidence)
         .join(ArticleRow, ArticleRow.id == r.article_id))
    arts = matching_article_ids(conn, flt)
    if arts is not None:
        q = q.where(r.article_id.in_(arts))
    for row in conn.execute(q.order_by(r.id).execution_options(yield_per=ROW_GROUP)):
        d = dict(zip(RELATIONS_SCHEMA.names, row, strict=True))
        d["published"] = _day(d["published"])
        yield d


ROWS: dict[str, Callable[[Any, EventFilter | None], Iterator[dict[str, Any]]]] = {
    "events": _event_rows, "entities": _entity_rows, "relations": _relation_rows,
}
SCHEMAS = {"events": EVENTS_SCHEMA, "entities": ENTITIES_SCHEMA, "relations": RELATIONS_SCHEMA}


def _write_table(rows: Iterator[dict[str, Any]], schema: pa.Schema, path: Path, prog: Progress) -> int:
    n = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        buf: list[dict[str, Any]] = []
        for row in rows:
            buf.append(row)
            prog.tick()
            if len(buf) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n


def _write_all(conn: Any, targets: list[Path], flt: EventFilter | None, prog: Progress) -> dict[str, int]:
    return {name: _write_table(ROWS[name](conn, flt), SCHEMAS[name], tgt, prog)
            for name, tgt in zip(TABLES, targets, strict=True)}


def write_parquet(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    path = Path(path)
    if path.suffix.lower() == ".zip":
        target = output_file(path)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as tmp:
            parts = [Path(tmp) / f"{t}.parquet" for t in TABLES]
            counts = _write_all(conn, parts, flt, prog)
            with atomic_paths([target]) as (ztmp,), zipfile.ZipFile(ztmp, "w", zipfile.ZIP_STORED) as zf:
                for p in parts:
                    zf.write(p, arcname=p.name)
    else:
        if path.exists() and not path.is_dir():
            raise ExportError(f"{path}: parquet export needs a directory (or a .zip path), not a file")
        path.mkdir(parents=True, exist_ok=True)
        with atomic_paths([path / f"{t}.parquet" for t in TABLES]) as temps:
            counts = _write_all(conn, temps, flt, prog)
    prog.done()
    return {"events": counts["events"], "entities": counts["entities"], "relations": counts["relations"]}
