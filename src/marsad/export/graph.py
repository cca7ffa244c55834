"""The actor graph for Gephi & co: GEXF 1.3 (dynamic) and GraphML, written element by element.

Edges are of two sources:

* ``relation`` edges: article relations (leader_of, part_of, fights_against …) aggregated per
  (type, head, tail): ``article_count`` (= weight), first/last publication date seen, mean confidence;
* ``event`` edges: fused events with both actors linked, aggregated per (event type, actor1, actor2):
  ``event_count`` (= weight), first/last event date, summed fatalities.

Nodes are the entities at either end of an edge. The database does the aggregation; rows are streamed
(``yield_per``) and written as they come, so memory does not grow with the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import Select, func, select, union
from sqlalchemy.orm import aliased

from marsad.export.common import ActorNames, Progress, ProgressFn, atomic_text, matching_article_ids
from marsad.store.models import ArticleRow, EntityRow, RelationRow
from marsad.store.queries import EventFilter, event_query

# (name, GEXF type, GraphML type)
NODE_ATTRS: tuple[tuple[str, str, str], ...] = (
    ("type", "string", "string"), ("label_ar", "string", "string"), ("label_en", "string", "string"),
    ("wikidata", "string", "string"), ("status", "string", "string"), ("kind", "string", "string"),
    ("country", "string", "string"), ("admin1", "string", "string"), ("lat", "double", "double"),
    ("lon", "double", "double"),
)
EDGE_ATTRS: tuple[tuple[str, str, str], ...] = (
    ("rel_type", "string", "string"), ("edge_source", "string", "string"),
    ("article_count", "integer", "int"), ("event_count", "integer", "int"),
    ("first_seen", "string", "string"), ("last_seen", "string", "string"),
    ("confidence", "double", "double"), ("fatalities", "integer", "int"),
)
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: Any) -> str:
    return _XML_BAD.sub("", str(value))


def _attr(value: Any) -> str:
    return quoteattr(_clean(value))


def _text(value: Any) -> str:
    return escape(_clean(value))


# ------------------------------------------------------------------------------------ queries
def _relation_edges(conn: Any, flt: EventFilter | None) -> Select:
    r = RelationRow
    known = select(EntityRow.id)
    n = func.count(func.distinct(r.article_id))
    stmt = (select(r.type.label("type"), r.head_entity_id.label("source"), r.tail_entity_id.label("target"),
                   n.label("n"), func.min(ArticleRow.published).label("first"),
                   func.max(ArticleRow.published).label("last"), func.avg(r.confidence).label("confidence"))
            .join(ArticleRow, ArticleRow.id == r.article_id)
            .where(r.head_entity_id.in_(known), r.tail_entity_id.in_(known))
            .group_by(r.type, r.head_entity_id, r.tail_entity_id))
    arts = matching_article_ids(conn, flt)
    if arts is not None:
        stmt = stmt.where(r.article_id.in_(arts))
    return stmt


def _event_edges(conn: Any, flt: EventFilter | None) -> Select:
    c = event_query(conn, flt or EventFilter()).subquery()
    known = select(EntityRow.id)
    d = func.coalesce(c.c.date, c.c.first_reported)
    return (select(c.c.event_type.label("type"), c.c.actor1_id.label("source"), c.c.actor2_id.label("target"),
                   func.count().label("n"), func.min(d).label("first"), func.max(d).label("last"),
                   func.avg(c.c.confidence).label("confidence"), func.sum(c.c.fatalities).label("fatalities"))
            .where(c.c.actor1_id.in_(known), c.c.actor2_id.in_(known))
            .group_by(c.c.event_type, c.c.actor1_id, c.c.actor2_id))


def _node_query(rel: Select, evq: Select) -> Select:
    rs, es = rel.subquery(), evq.subquery()
    ids = union(select(rs.c.source), select(rs.c.target), select(es.c.source), select(es.c.target)).subquery()
    e = aliased(EntityRow)
    return select(e).where(e.id.in_(select(ids.c[0]))).order_by(e.id)


def iter_graph(conn: Any, flt: EventFilter | None) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    """(nodes, edges) of the actor graph as lazy iterators of attribute dicts."""
    rel, evq = _relation_edges(conn, flt), _event_edges(conn, flt)
    names = ActorNames(conn)

    def nodes() -> Iterator[dict[str, Any]]:
        for row in conn.execute(_node_query(rel, evq).execution_options(yield_per=1000)).mappings():
            info = names.get(row["id"])
            label_en = row["canonical_en"] or (info.name_en if info else None)
            yield {
                "id": row["id"], "label": label_en or row["canonical_ar"] or row["id"],
                "type": row["type"], "label_ar": row["canonical_ar"], "label_en": label_en,
                "wikidata": row["wikidata"], "status": row["status"], "kind": info.kind if info else None,
                "country": row["country"] or (info.origin_country if info else None), "admin1": row["admin1"],
                "lat": row["lat"], "lon": row["lon"],
            }

    def edges() -> Iterator[dict[str, Any]]:
        for row in conn.execute(rel.order_by(
                RelationRow.type, RelationRow.head_entity_id, RelationRow.tail_entity_id).execution_options(yield_per=1000)).mappings():
            yield {
                "id": f"rel|{row['type']}|{row['source']}|{row['target']}", "source": row["source"],
                "target": row["target"], "label": row["type"], "weight": row["n"], "start": row["first"],
                "end": row["last"], "rel_type": row["type"], "edge_source": "relation", "article_count": row["n"],
                "first_seen": row["first"], "last_seen": row["last"],
                "confidence": round(float(row["confidence"] or 0), 3),
            }
        for row in conn.execute(
                evq.order_by("type", "source", "target").execution_options(yield_per=1000)).mappings():
            yield {
                "id": f"event|{row['type']}|{row['source']}|{row['target']}", "source": row["source"],
                "target": row["target"], "label": row["type"], "weight": row["n"], "start": row["first"],
                "end": row["last"], "rel_type": row["type"], "edge_source": "event", "event_count": row["n"],
                "first_seen": row["first"], "last_seen": row["last"],
                "confidence": round(float(row["confidence"] or 0), 3), "fatalities": row["fatalities"],
            }

    return nodes(), edges()


# ------------------------------------------------------------------------------------ GEXF
def _gexf_attvalues(item: dict[str, Any], attrs: tuple[tuple[str, str, str], ...]) -> str:
    vals = [f'<attvalue for="{i}" value={_attr(item[name])}/>'
            for i, (name, _, _) in enumerate(attrs) if item.get(name) is not None]
    return f"<attvalues>{''.join(vals)}</attvalues>" if vals else ""


def _write_gexf(fh: IO[str], nodes: Iterator[dict], edges: Iterator[dict], prog: Progress) -> dict[str, int]:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n')
    fh.write(f'<meta lastmodifieddate="{today}"><creator>Marsad</creator>'
             '<description>Actor graph: article relations and fused-event interactions</description></meta>\n')
    fh.write('<graph mode="dynamic" defaultedgetype="directed" timeformat="date" timerepresentation="interval">\n')
    for cls, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        fh.write(f'<attributes class="{cls}" mode="static">\n')
        for i, (name, gtype, _) in enumerate(attrs):
            fh.write(f'<attribute id="{i}" title="{name}" type="{gtype}"/>\n')
        fh.write("</attributes>\n")
    fh.write("<nodes>\n")
    n_nodes = 0
    for n in nodes:
        fh.write(f"<node id={_attr(n['id'])} label={_attr(n['label'])}>{_gexf_attvalues(n, NODE_ATTRS)}</node>\n")
        n_nodes += 1
        prog.tick()
    fh.write("</nodes>\n<edges>\n")
    n_edges = 0
    for e in edges:
        when = "".join(f" {k}={_attr(e[k])}" for k in ("start", "end") if e.get(k))
        fh.write(f"<edge id={_attr(e['id'])} source={_attr(e['source'])} target={_attr(e['target'])} "
                 f"label={_attr(e['label'])} weight=\"{float(e['weight'])}\"{when}>"
                 f"{_gexf_attvalues(e, EDGE_ATTRS)}</edge>\n")
        n_edges += 1
        prog.tick()
    fh.write("</edges>\n</graph>\n</gexf>\n")
    return {"nodes": n_nodes, "edges": n_edges}


# ------------------------------------------------------------------------------------ GraphML
def _graphml_data(item: dict[str, Any], prefix: str, attrs: tuple[tuple[str, str, str], ...]) -> str:
    return "".join(f'<data key="{prefix}{name}">{_text(item[name])}</data>'
                    for name, _, _ in attrs if item.get(name) is not None)


def _write_graphml(fh: IO[str], nodes: Iterator[dict], edges: Iterator[dict], prog: Progress) -> dict[str, int]:
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n')
    node_attrs = (("label", "string", "string"), *NODE_ATTRS)
    edge_attrs = (("label", "string", "string"), ("weight", "double", "double"), *EDGE_ATTRS)
    for cls, prefix, attrs in (("node", "n_", node_attrs), ("edge", "e_", edge_attrs)):
        for name, _, mtype in attrs:
            fh.write(f'<key id="{prefix}{name}" for="{cls}" attr.name="{name}" attr.type="{mtype}"/>\n')
    fh.write('<graph id="marsad" edgedefault="directed">\n')
    n_nodes = n_edges = 0
    for n in nodes:
        fh.write(f"<node id={_attr(n['id'])}>{_graphml_data(n, 'n_', node_attrs)}</node>\n")
        n_nodes += 1
        prog.tick()
    for e in edges:
        fh.write(f"<edge id={_attr(e['id'])} source={_attr(e['source'])} target={_attr(e['target'])}>"
                 f"{_graphml_data(e, 'e_', edge_attrs)}</edge>\n")
        n_edges += 1
        prog.tick()
    fh.write("</graph>\n</graphml>\n")
    return {"nodes": n_nodes, "edges": n_edges}


def write_gexf(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    nodes, edges = iter_graph(conn, flt)
    with atomic_text(path) as fh:
        counts = _write_gexf(fh, nodes, edges, prog)
    prog.done()
    return counts


def write_graphml(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    nodes, edges = iter_graph(conn, flt)
    with atomic_text(path) as fh:
        counts = _write_graphml(fh, nodes, edges, prog)
    prog.done()
    return counts
