"""JSON Lines in the extraction contract (docs/extraction-output.md), rebuilt from the store.

One object per stored article, in article-id order, read in id batches (articles, then their
mentions, relations and event reports), so memory holds one batch at a time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.export.common import Progress, ProgressFn, atomic_text, matching_article_ids
from marsad.store.models import ArticleRow, EntityRow, EventRow, MentionRow, RelationRow
from marsad.store.queries import EventFilter

ARTICLE_BATCH = 200


def _mentions(conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    m = MentionRow
    q = (select(m.article_id, m.text, m.start, m.end, m.type, m.entity_id, EntityRow.canonical_ar,
                EntityRow.canonical_en, EntityRow.wikidata)
         .outerjoin(EntityRow, EntityRow.id == m.entity_id)
         .where(m.article_id.in_(ids)).order_by(m.article_id, m.start, m.end, m.id))
    for r in conn.execute(q):
        out[r[0]].append({"text": r[1], "start": r[2], "end": r[3], "type": r[4], "entity_id": r[5],
                          "canonical_ar": r[6], "canonical_en": r[7], "wikidata": r[8]})
    return out


def _relations(conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    r = RelationRow
    q = select(r).where(r.article_id.in_(ids)).order_by(r.article_id, r.id)
    for row in conn.execute(q).mappings():
        out[row["article_id"]].append({
            "type": row["type"],
            "head": {"text": row["head_text"], "entity_id": row["head_entity_id"]},
            "tail": {"text": row["tail_text"], "entity_id": row["tail_entity_id"]},
            "evidence": {"start": row["evidence_start"], "end": row["evidence_end"]},
        })
    return out


def _events(conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    q = select(EventRow.article_id, EventRow.payload).where(EventRow.article_id.in_(ids)).order_by(
        EventRow.article_id, EventRow.seq)
    for aid, payload in conn.execute(q):
        out[aid].append(payload)
    return out


def iter_contract(conn: Any, flt: EventFilter | None = None, batch: int = ARTICLE_BATCH) -> Iterator[dict[str, Any]]:
    """Contract objects of the stored articles (those reporting a matching event when filtered)."""
    arts = matching_article_ids(conn, flt)
    last = ""
    while True:
        q = select(ArticleRow.id, ArticleRow.source_path, ArticleRow.title, ArticleRow.outlet_name,
                   ArticleRow.outlet_name_en, ArticleRow.byline, ArticleRow.dateline, ArticleRow.published,
                   ArticleRow.body).where(ArticleRow.id > last)
        if arts is not None:
            q = q.where(ArticleRow.id.in_(arts))
        rows = conn.execute(q.order_by(ArticleRow.id).limit(batch)).all()
        if not rows:
            return
        ids = [r[0] for r in rows]
        ments, rels, evs = _mentions(conn, ids), _relations(conn, ids), _events(conn, ids)
        for aid, path, title, outlet, outlet_en, byline, dateline, published, body in rows:
            yield {
                "id": aid, "source_path": path, "title": title,
                "outlet": {"name": outlet, "name_en": outlet_en} if outlet or outlet_en else None,
                "byline": byline, "dateline": dateline, "published": published, "body": body,
                "entities": ments.get(aid, []), "relations": rels.get(aid, []), "events": evs.get(aid, []),
            }
        last = ids[-1]


def write_jsonl(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    with atomic_text(path) as fh:
        for obj in iter_contract(conn, flt):
            fh.write(json.dumps(obj, ensure_ascii=False))
            fh.write("\n")
            prog.tick()
    prog.done()
    return {"articles": prog.n}
