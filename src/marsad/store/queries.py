"""Read queries over the store, shared by the REST API, the web app and the exporters.

Every query is built with SQLAlchemy expressions (parameterised; no string-built SQL) and
returns plain dicts ready for JSON.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select

from marsad.store import search as fts
from marsad.store.models import (
    ArticleRow,
    EntityRow,
    EventClusterRow,
    EventRow,
    MentionRow,
    RelationRow,
)
from marsad.text.normalize import normalize_key

ACLED_EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
})
EVENT_SORTS = {  # NULLS LAST in both directions, the same on SQLite and PostgreSQL
    "date": EventClusterRow.date_key.asc().nulls_last(), "-date": EventClusterRow.date_key.desc().nulls_last(),
    "sources": EventClusterRow.source_count.asc(), "-sources": EventClusterRow.source_count.desc(),
    "confidence": EventClusterRow.confidence.asc(), "-confidence": EventClusterRow.confidence.desc(),
    "id": EventClusterRow.id.asc(), "-id": EventClusterRow.id.desc(),
}
_SORT_COLUMN = {"date": "date_key", "sources": "source_count", "confidence": "confidence", "id": "id"}
ARTICLE_SORTS = {
    "published": ArticleRow.published.asc(), "-published": ArticleRow.published.desc(),
    "ingested": ArticleRow.ingested_at.asc(), "-ingested": ArticleRow.ingested_at.desc(),
    "title": ArticleRow.title.asc(), "-title": ArticleRow.title.desc(),
}


@dataclass
class EventFilter:
    type: str | None = None  # ACLED event type or sub-event type
    actor: str | None = None  # entity id, or a name (any alias)
    place: str | None = None  # location name (Arabic or English) or governorate
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    date_from: str | None = None
    date_to: str | None = None
    modality: str | None = None
    min_sources: int | None = None
    country: str | None = None
    article: str | None = None


def _contains(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (``%``, ``_`` and ``\\`` escaped)."""
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ------------------------------------------------------------------------------------ entities
def resolve_entity_ids(conn: Any, name_or_id: str) -> list[str]:
    """Entity ids for an id or any alias/surface form (normalised, clitic-insensitive)."""
    if ":" in name_or_id and conn.execute(select(EntityRow.id).where(EntityRow.id == name_or_id)).first():
        return [name_or_id]
    key = normalize_key(name_or_id)
    ids: list[str] = []
    try:
        from marsad.knowledge.kb import load_kb

        ids += [e.id for e in load_kb().by_alias(key)]
    except ImportError:  # pragma: no cover - knowledge base not installed
        pass
    like = _contains(name_or_id)
    ids += conn.execute(
        select(EntityRow.id).where(or_(EntityRow.canonical_ar.like(like, escape="\\"),
                                       EntityRow.canonical_en.ilike(like, escape="\\"))).limit(50)
    ).scalars().all()
    ids += conn.execute(select(MentionRow.entity_id).where(MentionRow.text == name_or_id.strip()).distinct().limit(50)).scalars().all()
    seen: list[str] = []
    for i in ids:
        if i and i not in seen:
            seen.append(i)
    return seen


def search_entities(conn: Any, q: str | None, type: str | None, limit: int, offset: int) -> tuple[int, list[dict]]:
    stmt = select(EntityRow, func.count(MentionRow.id).label("mentions")).outerjoin(
        MentionRow, MentionRow.entity_id == EntityRow.id).group_by(EntityRow.id)
    if type:
        stmt = stmt.where(EntityRow.type == type)
    if q:
        ids = resolve_entity_ids(conn, q)
        stmt = stmt.where(EntityRow.id.in_(ids) if ids else false())
    total = conn.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = conn.execute(stmt.order_by(func.count(MentionRow.id).desc(), EntityRow.id).limit(limit).offset(offset)).mappings()
    return total or 0, [{**_entity_dict(r), "mentions": r["mentions"]} for r in rows]


_ENTITY_COLS = ("id", "type", "canonical_ar", "canonical_en", "wikidata", "status", "lat", "lon", "admin1", "country")


def _entity_dict(e: Any) -> dict[str, Any]:
    return {c: e[c] for c in _ENTITY_COLS}


def _kb_entity_row(entity_id: str) -> dict[str, Any] | None:
    try:
        from marsad.knowledge.kb import load_kb
    except ImportError:  # pragma: no cover
        return None
    ent = load_kb().get(entity_id)
    if ent is None:
        return None
    return {"id": ent.id, "type": ent.type, "canonical_ar": ent.name_ar, "canonical_en": ent.name_en,
            "wikidata": ent.wikidata, "status": "kb", "lat": None, "lon": None, "admin1": None, "country": None}


def _kb_info(entity_id: str) -> dict[str, Any]:
    """Knowledge-base facts about an entity (aliases, umbrella, sponsors, leaders)."""
    try:
        from marsad.knowledge.kb import load_kb
    except ImportError:  # pragma: no cover
        return {}
    kb = load_kb()
    ent = kb.get(entity_id)
    if ent is None:
        return {}

    def ref(i: str | None) -> dict[str, Any] | None:
        if not i:
            return None
        o = kb.get(i)
        return {"id": i, "name_ar": o.name_ar if o else None, "name_en": o.name_en if o else None}

    leaders, members = [], []
    for other in kb.entities.values():
        for role in getattr(other, "roles", None) or []:
            if role.get("org") == entity_id:
                item = {**(ref(other.id) or {}), "role": role.get("role")}
                (leaders if role.get("role") in ("leader", "secretary_general", "commander", "founder")
                 else members).append(item)
    return {
        "kind": getattr(ent, "kind", None),
        "aliases": sorted(set(ent.aliases or [])),
        "part_of": ref(getattr(ent, "part_of", None)),
        "sponsored_by": [ref(s) for s in getattr(ent, "sponsored_by", None) or []],
        "origin_country": getattr(ent, "origin_country", None),
        "active_in": getattr(ent, "active_in", None),
        "roles": [{**(ref(r.get("org")) or {}), "role": r.get("role")} for r in getattr(ent, "roles", None) or []],
        "leaders": leaders, "members": members,
    }


def entity_profile(conn: Any, entity_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(EntityRow).where(EntityRow.id == entity_id)).mappings().first()
    if row is None:
        row = _kb_entity_row(entity_id)  # in the knowledge base, not (yet) mentioned in the store
        if row is None:
            return None
    surface = conn.execute(
        select(MentionRow.text, func.count()).where(MentionRow.entity_id == entity_id)
        .group_by(MentionRow.text).order_by(func.count().desc()).limit(30)
    ).all()
    seen = conn.execute(
        select(func.min(ArticleRow.published), func.max(ArticleRow.published), func.count(func.distinct(ArticleRow.id)))
        .join(MentionRow, MentionRow.article_id == ArticleRow.id).where(MentionRow.entity_id == entity_id)
    ).one()
    _, events = list_events(conn, EventFilter(actor=entity_id), limit=100, offset=0, sort="-date", with_total=False)
    places = [
        {"date": e["date_key"], "location": e["location_text"], "lat": e["lat"], "lon": e["lon"],
         "event_id": e["id"], "sub_event_type": e["sub_event_type"]}
        for e in events if e["lat"] is not None
    ]
    graph = actor_graph(conn, entity=entity_id, limit=200)
    return {
        **_entity_dict(row), **_kb_info(entity_id),
        "surface_forms": [{"text": t, "count": n} for t, n in surface],
        "first_seen": seen[0], "last_seen": seen[1], "article_count": seen[2],
        "events": events, "places_over_time": places, "relations": graph["edges"],
    }


# ------------------------------------------------------------------------------------ articles
def list_articles(conn: Any, *, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
                  entity: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0,
                  sort: str = "-published") -> tuple[int, list[dict]]:
    cols = [ArticleRow.id, ArticleRow.title, ArticleRow.outlet_id, ArticleRow.outlet_name, ArticleRow.outlet_name_en,
            ArticleRow.byline, ArticleRow.dateline, ArticleRow.published, ArticleRow.url, ArticleRow.source_path,
            ArticleRow.group_id]
    stmt = select(*cols)
    if outlet:
        stmt = stmt.where(or_(ArticleRow.outlet_id == outlet, ArticleRow.outlet_name == outlet,
                              ArticleRow.outlet_name_en.ilike(_literal(outlet), escape="\\")))
    if date_from:
        stmt = stmt.where(ArticleRow.published >= date_from)
    if date_to:
        stmt = stmt.where(ArticleRow.published <= date_to)
    if entity:
        ids = resolve_entity_ids(conn, entity)
        stmt = stmt.where(ArticleRow.id.in_(select(MentionRow.article_id).where(MentionRow.entity_id.in_(ids)))
                          if ids else false())
    if q:
        hits = [i for i, _ in fts.search_ids(conn, q, limit=10_000)]
        stmt = stmt.where(ArticleRow.id.in_(hits) if hits else false())
    total = conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    stmt = stmt.order_by(ARTICLE_SORTS.get(sort, ARTICLE_SORTS["-published"]), ArticleRow.id)
    rows = [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]
    return total, rows


def get_article(conn: Any, article_id: str) -> dict[str, Any] | None:
    a = conn.execute(select(ArticleRow).where(ArticleRow.id == article_id)).mappings().first()
    if a is None:
        return None
    mentions = [dict(r._mapping) for r in conn.execute(
        select(MentionRow.entity_id, MentionRow.type, MentionRow.text, MentionRow.start, MentionRow.end,
               MentionRow.source, MentionRow.score).where(MentionRow.article_id == article_id).order_by(MentionRow.start)
    )]
    events = [_event_report(r) for r in conn.execute(
        select(EventRow).where(EventRow.article_id == article_id).order_by(EventRow.seq)).mappings()]
    for e in events:
        e["evidence_text"] = a["body"][e["evidence"]["start"]:e["evidence"]["end"]]
    relations = [dict(r._mapping) for r in conn.execute(
        select(RelationRow.type, RelationRow.head_text, RelationRow.head_entity_id, RelationRow.tail_text,
               RelationRow.tail_entity_id, RelationRow.evidence_start, RelationRow.evidence_end,
               RelationRow.confidence).where(RelationRow.article_id == article_id))]
    for r in relations:
        r["evidence_text"] = a["body"][r["evidence_start"]:r["evidence_end"]]
    same_story = conn.execute(
        select(ArticleRow.id, ArticleRow.title, ArticleRow.outlet_name)
        .where(ArticleRow.group_id == a["group_id"], ArticleRow.id != a["id"])
    ).all() if a["group_id"] else []
    return {
        "id": a["id"], "title": a["title"],
        "outlet": {"id": a["outlet_id"], "name": a["outlet_name"], "name_en": a["outlet_name_en"]},
        "byline": a["byline"], "dateline": a["dateline"], "published": a["published"], "url": a["url"],
        "source_path": a["source_path"], "body": a["body"], "group_id": a["group_id"],
        "same_story": [{"id": i, "title": t, "outlet": o} for i, t, o in same_story],
        "entities": mentions, "events": events, "relations": relations,
    }


# ------------------------------------------------------------------------------------ events
def _event_report(ev: Any) -> dict[str, Any]:
    return {**ev["payload"], "id": ev["id"], "article_id": ev["article_id"], "cluster_id": ev["cluster_id"],
            "reported": ev["reported"]}


def event_query(conn: Any, f: EventFilter) -> Select:
    """The SELECT of fused events matching ``f`` (used by the API, the exporters and fusion views)."""
    c = EventClusterRow
    stmt = select(c)
    if f.type:
        # one indexed column, not an OR across two (which would defeat the (type, date_key) indexes)
        stmt = stmt.where(c.event_type == f.type if f.type in ACLED_EVENT_TYPES else c.sub_event_type == f.type)
    if f.actor:
        ids = resolve_entity_ids(conn, f.actor)
        if ids:
            either = select(c.id).where(c.actor1_id.in_(ids)).union(select(c.id).where(c.actor2_id.in_(ids)))
            stmt = stmt.where(c.id.in_(either))
        else:
            stmt = stmt.where(false())
    if f.place:
        like = _contains(f.place)
        stmt = stmt.where(or_(c.location_text.like(like, escape="\\"), c.location_name_en.ilike(like, escape="\\"),
                              c.admin1.ilike(like, escape="\\")))
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        stmt = stmt.where(and_(c.lon >= min_lon, c.lon <= max_lon, c.lat >= min_lat, c.lat <= max_lat))
    if f.date_from:
        stmt = stmt.where(c.date_key >= f.date_from)
    if f.date_to:
        stmt = stmt.where(c.date_key <= f.date_to)
    if f.modality:
        stmt = stmt.where(c.modalities.like(_contains(f.modality), escape="\\"))
    if f.min_sources:
        stmt = stmt.where(c.source_count >= f.min_sources)
    if f.country:
        stmt = stmt.where(c.country == f.country.upper())
    if f.article:
        stmt = stmt.where(c.id.in_(select(EventRow.cluster_id).where(EventRow.article_id == f.article)))
    return stmt


def _cluster_dict(cl: Any) -> dict[str, Any]:
    return {col: cl[col] for col in (
        "id", "event_type", "sub_event_type", "plover", "actor1_id", "actor1_text", "actor2_id", "actor2_text",
        "location_text", "location_name_en", "lat", "lon", "admin1", "country", "geo_precision", "date",
        "date_key", "time_precision", "fatalities", "source_count", "article_count", "first_reported", "last_reported",
        "modalities", "confidence")}


def _list_events_by_actor(conn: Any, f: EventFilter, ids: list[str], limit: int, offset: int, sort: str,
                          with_total: bool) -> tuple[int, list[dict]]:
    """Events of some actors: the actor1 and actor2 branches each walk their (actor, date) index in
    order and stop after offset+limit rows; the two ordered pages are merged here.  Much faster than
    sorting every event of a frequent actor."""
    from dataclasses import replace

    c = EventClusterRow
    base = event_query(conn, replace(f, actor=None))
    order = EVENT_SORTS.get(sort, EVENT_SORTS["-date"])
    desc = sort.startswith("-")
    tie = c.id.desc() if desc else c.id.asc()
    rows: dict[int, dict] = {}
    for col in (c.actor1_id, c.actor2_id):
        q = base.where(col.in_(ids)).order_by(order, tie).limit(offset + limit)
        for r in conn.execute(q).mappings():
            rows.setdefault(r["id"], _cluster_dict(r))
    key = _SORT_COLUMN[sort.lstrip("-")] if sort in EVENT_SORTS else "date_key"
    present = sorted((r for r in rows.values() if r[key] is not None), key=lambda r: (r[key], r["id"]), reverse=desc)
    absent = sorted((r for r in rows.values() if r[key] is None), key=lambda r: r["id"], reverse=desc)
    page = (present + absent)[offset:offset + limit]  # the same order as the SQL (NULLS LAST)
    total = -1
    if with_total:
        n1 = conn.scalar(select(func.count()).select_from(base.where(c.actor1_id.in_(ids)).subquery())) or 0
        n2 = conn.scalar(select(func.count()).select_from(base.where(c.actor2_id.in_(ids)).subquery())) or 0
        both = conn.scalar(select(func.count()).select_from(
            base.where(c.actor1_id.in_(ids), c.actor2_id.in_(ids)).subquery())) or 0
        total = n1 + n2 - both
    if page:
        _attach_evidence(conn, page)
    return total, page


def list_events(conn: Any, f: EventFilter, limit: int = 50, offset: int = 0, sort: str = "-date",
                with_total: bool = True) -> tuple[int, list[dict]]:
    if f.actor:
        ids = resolve_entity_ids(conn, f.actor)
        if ids:
            return _list_events_by_actor(conn, f, ids, limit, offset, sort, with_total)
    stmt = event_query(conn, f)
    total = conn.scalar(select(func.count()).select_from(stmt.subquery())) if with_total else -1
    order = EVENT_SORTS.get(sort, EVENT_SORTS["-date"])
    tie = EventClusterRow.id.desc() if sort.startswith("-") else EventClusterRow.id.asc()
    stmt = stmt.order_by(order, tie)
    rows = [_cluster_dict(r) for r in conn.execute(stmt.limit(limit).offset(offset)).mappings()]
    if rows:
        _attach_evidence(conn, rows)
    return total or 0, rows


def iter_events(conn: Any, f: EventFilter, batch: int = 2000) -> Iterator[dict]:
    """All matching fused events, streamed in id order (for exports)."""
    last = 0
    while True:
        stmt = event_query(conn, f).where(EventClusterRow.id > last).order_by(EventClusterRow.id).limit(batch)
        rows = [_cluster_dict(r) for r in conn.execute(stmt).mappings()]
        if not rows:
            return
        _attach_evidence(conn, rows)
        yield from rows
        last = rows[-1]["id"]


def _attach_evidence(conn: Any, rows: list[dict]) -> None:
    """Each fused event gets its reports: article, outlet, modality, attribution, evidence sentence."""
    ids = [r["id"] for r in rows]
    reports: dict[int, list[dict]] = defaultdict(list)
    q = (select(EventRow.cluster_id, EventRow.id, EventRow.article_id, EventRow.modality, EventRow.attributed_to,
                EventRow.evidence_start, EventRow.evidence_end, EventRow.reported, ArticleRow.title,
                ArticleRow.outlet_name, ArticleRow.url,
                func.substr(ArticleRow.body, EventRow.evidence_start + 1, EventRow.evidence_end - EventRow.evidence_start))
         .join(ArticleRow, ArticleRow.id == EventRow.article_id).where(EventRow.cluster_id.in_(ids)))
    for r in conn.execute(q):
        reports[r[0]].append({
            "event_report_id": r[1], "article_id": r[2], "modality": r[3], "attributed_to": r[4],
            "evidence": {"start": r[5], "end": r[6]}, "reported": r[7], "title": r[8], "outlet": r[9], "url": r[10],
            "evidence_text": r[11],
        })
    for row in rows:
        row["sources"] = reports.get(row["id"], [])


def get_event(conn: Any, cluster_id: int) -> dict[str, Any] | None:
    cl = conn.execute(select(EventClusterRow).where(EventClusterRow.id == cluster_id)).mappings().first()
    if cl is None:
        return None
    row = _cluster_dict(cl)
    _attach_evidence(conn, [row])
    return row


def event_facets(conn: Any, f: EventFilter) -> dict[str, list[dict]]:
    """Counts per value of the main columns over the filtered events (top 30 each).

    Actors are counted by entity id (``value``, what the actor filter takes) with a display ``label``.
    Over a date range these are index-only scans of ``ix_clusters_facets``.
    """
    sub = event_query(conn, f).subquery()
    out: dict[str, list[dict]] = {}
    for name, col in (("event_type", sub.c.event_type), ("sub_event_type", sub.c.sub_event_type),
                      ("country", sub.c.country), ("admin1", sub.c.admin1), ("actor", sub.c.actor1_id)):
        rows = conn.execute(select(col, func.count()).group_by(col).order_by(func.count().desc()).limit(30)).all()
        out[name] = [{"value": v, "count": n} for v, n in rows if v is not None]
    ids = [d["value"] for d in out["actor"]]
    names = dict(conn.execute(select(EntityRow.id, EntityRow.canonical_ar).where(EntityRow.id.in_(ids))).all()) if ids else {}
    for d in out["actor"]:
        label = names.get(d["value"])
        if label is None:
            kb = _kb_entity_row(d["value"])
            label = kb["canonical_ar"] if kb else d["value"]
        d["label"] = label
    return out


def event_points(conn: Any, f: EventFilter, limit: int = 100_000) -> list[dict]:
    """Located fused events, minimal fields, for the map (no paging, no sources)."""
    sub = event_query(conn, f).where(EventClusterRow.lat.is_not(None)).limit(limit).subquery()
    rows = conn.execute(select(sub.c.id, sub.c.lat, sub.c.lon, sub.c.event_type, sub.c.sub_event_type))
    return [{"id": i, "lat": la, "lon": lo, "event_type": t, "sub_event_type": st} for i, la, lo, t, st in rows]


def _week_start(day: str) -> str:
    from datetime import date, timedelta

    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def event_timeline(conn: Any, f: EventFilter, bucket: str = "day") -> list[dict]:
    """Events per day, ISO week (Monday) or month, by event type."""
    sub = event_query(conn, f).subquery()
    d = sub.c.date_key
    key = func.substr(d, 1, 7) if bucket == "month" else d
    rows = conn.execute(
        select(key, sub.c.event_type, func.count()).where(d.is_not(None)).group_by(key, sub.c.event_type).order_by(key)
    ).all()
    if bucket != "week":
        return [{"date": k, "event_type": t, "count": n} for k, t, n in rows]
    weeks: dict[tuple[str, str], int] = defaultdict(int)
    for k, t, n in rows:
        try:
            weeks[(_week_start(k), t)] += n
        except ValueError:
            continue
    return [{"date": k, "event_type": t, "count": n} for (k, t), n in sorted(weeks.items())]


# ------------------------------------------------------------------------------------ graph
def actor_graph(conn: Any, *, entity: str | None = None, rel_types: list[str] | None = None,
                node_types: list[str] | None = None, min_count: int = 1, limit: int = 500) -> dict[str, Any]:
    """The actor graph accumulated from article relations: nodes and typed, counted, dated edges."""
    r = RelationRow
    stmt = (select(r.type, r.head_entity_id, r.tail_entity_id, func.count(func.distinct(r.article_id)).label("n"),
                   func.min(ArticleRow.published), func.max(ArticleRow.published))
            .join(ArticleRow, ArticleRow.id == r.article_id)
            .where(r.head_entity_id.is_not(None), r.tail_entity_id.is_not(None))
            .group_by(r.type, r.head_entity_id, r.tail_entity_id))
    if entity:
        stmt = stmt.where(or_(r.head_entity_id == entity, r.tail_entity_id == entity))
    if rel_types:
        stmt = stmt.where(r.type.in_(rel_types))
    stmt = stmt.having(func.count(func.distinct(r.article_id)) >= min_count).order_by(
        func.count(func.distinct(r.article_id)).desc()).limit(limit)
    edges = []
    for t, h, tl, n, first, last in conn.execute(stmt):
        ev = conn.execute(
            select(r.article_id, func.substr(ArticleRow.body, r.evidence_start + 1, r.evidence_end - r.evidence_start))
            .join(ArticleRow, ArticleRow.id == r.article_id)
            .where(r.type == t, r.head_entity_id == h, r.tail_entity_id == tl).limit(5)
        ).all()
        edges.append({"id": f"{t}|{h}|{tl}", "type": t, "source": h, "target": tl, "article_count": n,
                      "first_seen": first, "last_seen": last,
                      "evidence": [{"article_id": a, "text": s} for a, s in ev]})
    node_ids = {e["source"] for e in edges} | {e["target"] for e in edges}
    if entity:
        node_ids.add(entity)
    nodes = []
    if node_ids:
        q = select(EntityRow).where(EntityRow.id.in_(list(node_ids)))
        if node_types:
            q = q.where(EntityRow.type.in_(node_types))
        nodes = [_entity_dict(e) for e in conn.execute(q).mappings()]
    by_id = {n["id"]: n for n in nodes}
    edges = [e for e in edges if e["source"] in by_id and e["target"] in by_id]
    for e in edges:
        for end in ("source", "target"):
            n = by_id[e[end]]
            e[f"{end}_name_ar"], e[f"{end}_name_en"], e[f"{end}_type"] = n["canonical_ar"], n["canonical_en"], n["type"]
    return {"nodes": nodes, "edges": edges}
