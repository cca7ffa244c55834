"""Deterministic re-application of the corrections log on top of the machine's analysis.

:func:`apply_corrections` is idempotent: for each analysis row of the given articles it first
recovers the machine values (the row itself, or its snapshot in ``curation_applied`` when curation
had changed it), computes the curated values by applying every correction in force in log order,
and writes only the differences.  Snapshots reference their rows with ``ON DELETE CASCADE``, so
when the store re-analyses an article (deleting and re-inserting its rows) the fresh machine rows
simply get the corrections again.  Events whose fused-event fields change are detached from their
cluster and fused again (rejected events stay out of every cluster); entity rows (type, merged
status, promoted entities) are curated in a global pass.

Public entry points: :func:`apply_corrections` (the ``Store.save`` hook), :func:`rebuild`,
:func:`correct` / :func:`undo` (append to the log and apply at once), :func:`annotate_events` /
:func:`annotate_entity` (the ``curation`` block of API responses), :func:`correction_states`.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import yaml
from sqlalchemy import delete, insert, select, update

from marsad.config import KNOWLEDGE_DIR
from marsad.curation import log as clog
from marsad.curation.models import AppliedRow, CorrectionRow
from marsad.store.models import ArticleRow, EntityRow, EventRow, MentionRow, RelationRow

MENTION_COLS = ("entity_id", "type")
RELATION_COLS = ("head_entity_id", "tail_entity_id")
EVENT_COLS = ("event_type", "sub_event_type", "plover", "actor1_text", "actor1_id", "actor2_text", "actor2_id",
              "location_text", "location_name_en", "lat", "lon", "admin1", "country", "geo_precision", "date",
              "time_precision", "fatalities", "confidence", "payload")
ENTITY_COLS = ("type", "status", "canonical_ar", "canonical_en")
# event columns shown as the machine's original value in the ``curation`` block
SHOWN_EVENT_COLS = ("event_type", "sub_event_type", "actor1_id", "actor1_text", "actor2_id", "actor2_text",
                    "location_text", "location_name_en", "lat", "lon", "admin1", "country", "date", "fatalities")
FUSION_COLS = set(EVENT_COLS) - {"payload", "plover", "time_precision", "confidence"}
LINKED_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY")
CHUNK = 400


@lru_cache(maxsize=1)
def _taxonomy() -> dict[str, tuple[str, str]]:
    data = yaml.safe_load((KNOWLEDGE_DIR / "taxonomy.yaml").read_text(encoding="utf-8")) or {}
    out: dict[str, tuple[str, str]] = {}
    for et in data.get("event_types") or []:
        for sub in et.get("sub_event_types") or []:
            out[sub["name"]] = (et["name"], sub.get("plover") or "OTHER")
    return out


def taxonomy() -> dict[str, str]:
    """ACLED sub-event type → event type."""
    return {k: v[0] for k, v in _taxonomy().items()}


def _alias_key(text: str | None) -> str:
    from marsad.knowledge.kb import alias_key

    return alias_key(text) if text else ""


def _new_id(etype: str | None, name: str) -> str:
    from marsad.analyse.linker import new_entity_id

    return new_entity_id(etype or "ORGANIZATION", name)


# --------------------------------------------------------------------------------- entity rules
class EntityRules:
    """The entity corrections in force, as a function (id, text, type) → (id, type, corrections)."""

    def __init__(self, corrections: list[dict[str, Any]]):
        self.rules = [c for c in corrections if c["kind"] in clog.ENTITY_KINDS]
        self.split_forms = {c["uid"]: {_alias_key(f) for f in c["payload"]["surface_forms"]}
                            for c in self.rules if c["kind"] == "split_entity"}
        self.alias_keys = {c["uid"]: _alias_key(c["payload"]["alias"]) for c in self.rules if c["kind"] == "add_alias"}

    def __bool__(self) -> bool:
        return bool(self.rules)

    def map(self, eid: str | None, text: str | None, etype: str | None) -> tuple[str | None, str | None, list[dict]]:
        used: list[dict] = []
        key = _alias_key(text)
        for c in self.rules:
            kind, src, p = c["kind"], c["target"]["entity_id"], c["payload"]
            if kind in ("merge_entities", "promote_entity"):
                if eid == src:
                    eid = p.get("into") or p.get("new_id")
                    etype = p.get("type") or etype
                    used.append(c)
            elif kind == "split_entity":
                if eid == src and key in self.split_forms[c["uid"]]:
                    eid = p.get("new_id") or _new_id(p.get("type") or etype, text or "")
                    used.append(c)
            elif kind == "add_alias":
                if key and key == self.alias_keys[c["uid"]] and eid != src and (eid is None or eid.startswith("new:")):
                    eid = src
                    etype = p.get("type") or etype
                    used.append(c)
            elif kind == "set_entity_type" and eid == src:
                etype = p["type"]
                used.append(c)
        return eid, etype, used


# --------------------------------------------------------------------------------- snapshots
def _snapshots(conn: Any, col: Any, ids: list[Any]) -> dict[Any, dict[str, Any]]:
    out: dict[Any, dict[str, Any]] = {}
    for i in range(0, len(ids), CHUNK):
        for r in conn.execute(select(AppliedRow).where(col.in_(ids[i:i + CHUNK]))).mappings():
            out[r[col.key]] = dict(r)
    return out


def _sync_row(conn: Any, model: Any, fk: str, row_id: Any, article_id: str | None, current: dict[str, Any],
              machine: dict[str, Any], target: dict[str, Any], snap: dict[str, Any] | None,
              used: list[dict]) -> bool:
    """Write ``target`` over ``current`` and keep the snapshot of ``machine``; True if the row changed."""
    changed = target != current
    if changed:
        conn.execute(update(model).where(model.id == row_id).values(**target))
    corr = sorted({c["id"] for c in used})
    if target != machine:
        if snap is None:
            conn.execute(insert(AppliedRow).values(**{fk: row_id}, article_id=article_id, original=machine,
                                                   corrections=corr))
        elif snap["corrections"] != corr:
            conn.execute(update(AppliedRow).where(AppliedRow.id == snap["id"]).values(corrections=corr))
    elif snap is not None:
        conn.execute(delete(AppliedRow).where(AppliedRow.id == snap["id"]))
    return changed


def _machine(current: dict[str, Any], snap: dict[str, Any] | None) -> dict[str, Any]:
    if snap is None or snap["original"] is None:
        return dict(current)
    return {**current, **{k: v for k, v in snap["original"].items() if k in current}}


# --------------------------------------------------------------------------------- event rules
def _curation_block(used: list[dict], status: str, original: dict[str, Any], rekeyed: bool) -> dict[str, Any]:
    last = used[-1]
    return {"status": status, "corrected_by": last["by"], "at": last["at"], "why": last["why"],
            "corrections": [{"uid": c["uid"], "kind": c["kind"], "by": c["by"], "at": c["at"], "why": c["why"]}
                            for c in used],
            "original": original, "rekeyed": rekeyed}


def _set_event(t: dict[str, Any], p: dict[str, Any]) -> None:
    pl = t["payload"]
    if p.get("sub_event_type"):
        et, plover = _taxonomy()[p["sub_event_type"]]
        t["sub_event_type"], t["event_type"], t["plover"] = p["sub_event_type"], et, plover
        pl.update(sub_event_type=t["sub_event_type"], event_type=et, plover=plover)
    for role in ("actor1", "actor2"):
        if role in p:
            a = p[role] or {}
            t[f"{role}_id"] = a.get("entity_id")
            t[f"{role}_text"] = (a.get("text") or a.get("entity_id")) if a else None
            pl[role] = {"text": t[f"{role}_text"], "entity_id": t[f"{role}_id"]} if a else None
    if "location" in p:
        loc = p["location"] or {}
        t.update(location_text=loc.get("text"), location_name_en=loc.get("name_en"), lat=loc.get("lat"),
                 lon=loc.get("lon"), admin1=loc.get("admin1"), country=loc.get("country"),
                 geo_precision=loc.get("geo_precision") or (1 if loc else None))
        pl["location"] = ({"text": loc.get("text"), "start": None, "end": None, "name_en": loc.get("name_en"),
                           "lat": loc.get("lat"), "lon": loc.get("lon"), "admin1": loc.get("admin1"),
                           "country": loc.get("country"), "geo_precision": t["geo_precision"]} if loc else None)
    if "date" in p:
        t["date"], t["time_precision"] = p["date"], 1 if p["date"] else None
        pl.update(date=t["date"], time_precision=t["time_precision"])
    if "fatalities" in p:
        t["fatalities"] = pl["fatalities"] = p["fatalities"]


def _event_target(machine: dict[str, Any], rules: EntityRules, corrs: list[dict],
                  rekeyed: bool) -> tuple[dict[str, Any], list[dict], str | None]:
    t = copy.deepcopy(machine)
    t["payload"].pop("curation", None)
    used: list[dict] = []
    for role in ("actor1", "actor2"):
        eid, _typ, u = rules.map(t[f"{role}_id"], t[f"{role}_text"], None)
        if u:
            t[f"{role}_id"] = eid
            if t["payload"].get(role):
                t["payload"][role]["entity_id"] = eid
            used += u
    status = None
    for c in corrs:
        used.append(c)
        if c["kind"] == "reject_event":
            status = "rejected"
        elif c["kind"] == "confirm_event":
            status = "confirmed"
        else:
            _set_event(t, c["payload"])
    if status == "confirmed":
        t["confidence"] = 1.0
        t["payload"]["confidence"] = 1.0
    if used:
        original = {k: machine[k] for k in SHOWN_EVENT_COLS if machine[k] != t[k]}
        t["payload"]["curation"] = _curation_block(used, status or "corrected", original, rekeyed)
    return t, used, status


def resolve_event_corrections(article_id: str, machine_events: list[dict[str, Any]],
                              corrs: list[dict]) -> tuple[dict[int, list[tuple[dict, bool]]], list[dict]]:
    """Map event corrections to event row ids: ``{row id: [(correction, rekeyed)]}`` and the orphans."""
    keys = clog.assign_event_keys(article_id, machine_events)
    by_key = {k: i for i, k in keys.items()}
    out: dict[int, list[tuple[dict, bool]]] = defaultdict(list)
    orphans: list[dict] = []
    for c in corrs:
        key = c["target"]["event_key"]
        if key in by_key:
            out[by_key[key]].append((c, False))
            continue
        anchor = c["payload"].get("anchor") or {}
        trig = anchor.get("trigger") or {}
        cands = [e["id"] for e in machine_events
                 if e["payload"].get("sub_event_type") == anchor.get("sub_event_type")
                 and trig.get("start") is not None
                 and (e["payload"].get("evidence") or {}).get("start", 1 << 60) <= trig["start"]
                 and trig.get("end", 0) <= (e["payload"].get("evidence") or {}).get("end", -1)]
        if len(cands) == 1:
            out[cands[0]].append((c, True))
        else:
            orphans.append(c)
    return out, orphans


# --------------------------------------------------------------------------------- applying
def _apply_mentions(conn: Any, aids: list[str], rules: EntityRules) -> int:
    rows = [dict(r) for r in conn.execute(
        select(MentionRow.id, MentionRow.article_id, MentionRow.text, MentionRow.start, MentionRow.end,
               *(getattr(MentionRow, c) for c in MENTION_COLS)).where(MentionRow.article_id.in_(aids))).mappings()]
    snaps = _snapshots(conn, AppliedRow.mention_id, [r["id"] for r in rows])
    # (article, start, end, type) must stay unique: a type change that would clash is not made
    spans = {(r["article_id"], r["start"], r["end"], r["type"]): r["id"] for r in rows}
    n = 0
    for r in rows:
        cur = {c: r[c] for c in MENTION_COLS}
        snap = snaps.get(r["id"])
        machine = _machine(cur, snap)
        target, used = dict(machine), []
        if rules and machine["type"] in LINKED_TYPES:
            eid, etype, used = rules.map(machine["entity_id"], r["text"], machine["type"])
            target["entity_id"] = eid
            if etype and etype != machine["type"]:
                key = (r["article_id"], r["start"], r["end"], etype)
                if spans.get(key, r["id"]) == r["id"]:
                    target["type"] = etype
        if target["type"] != cur["type"]:
            spans.pop((r["article_id"], r["start"], r["end"], cur["type"]), None)
            spans[(r["article_id"], r["start"], r["end"], target["type"])] = r["id"]
        n += _sync_row(conn, MentionRow, "mention_id", r["id"], r["article_id"], cur, machine, target, snap, used)
    return n


def _apply_relations(conn: Any, aids: list[str], rules: EntityRules) -> int:
    rows = [dict(r) for r in conn.execute(
        select(RelationRow.id, RelationRow.article_id, RelationRow.head_text, RelationRow.tail_text,
               *(getattr(RelationRow, c) for c in RELATION_COLS)).where(RelationRow.article_id.in_(aids))).mappings()]
    snaps = _snapshots(conn, AppliedRow.relation_id, [r["id"] for r in rows])
    n = 0
    for r in rows:
        cur = {c: r[c] for c in RELATION_COLS}
        machine = _machine(cur, snaps.get(r["id"]))
        target, used = dict(machine), []
        if rules:
            target["head_entity_id"], _, u1 = rules.map(machine["head_entity_id"], r["head_text"], None)
            target["tail_entity_id"], _, u2 = rules.map(machine["tail_entity_id"], r["tail_text"], None)
            used = u1 + u2
        n += _sync_row(conn, RelationRow, "relation_id", r["id"], r["article_id"], cur, machine, target,
                       snaps.get(r["id"]), used)
    return n


def _apply_events(conn: Any, aids: list[str], rules: EntityRules, ev_corrs: dict[str, list[dict]]
                  ) -> tuple[int, int, set[int], list[int]]:
    rows = [dict(r) for r in conn.execute(
        select(EventRow.id, EventRow.article_id, EventRow.seq, EventRow.cluster_id,
               *(getattr(EventRow, c) for c in EVENT_COLS)).where(EventRow.article_id.in_(aids))
        .order_by(EventRow.article_id, EventRow.seq)).mappings()]
    snaps = _snapshots(conn, AppliedRow.event_id, [r["id"] for r in rows])
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        cur = {c: r[c] for c in EVENT_COLS}
        r["_cur"], r["_machine"] = cur, _machine(cur, snaps.get(r["id"]))
        by_article[r["article_id"]].append(r)
    changed = orphaned = 0
    old_clusters: set[int] = set()
    refuse: list[int] = []
    for aid, evs in by_article.items():
        resolved, orphans = resolve_event_corrections(
            aid, [{"id": r["id"], "payload": r["_machine"]["payload"]} for r in evs], ev_corrs.get(aid, []))
        orphaned += len(orphans)
        for r in evs:
            pairs = resolved.get(r["id"], [])
            target, used, status = _event_target(r["_machine"], rules, [c for c, _ in pairs],
                                                 any(rk for _, rk in pairs))
            cur = r["_cur"]
            was_rejected = ((cur["payload"] or {}).get("curation") or {}).get("status") == "rejected"
            moved = any(target[c] != cur[c] for c in FUSION_COLS) or (status == "rejected") != was_rejected
            if _sync_row(conn, EventRow, "event_id", r["id"], aid, cur, r["_machine"], target,
                         snaps.get(r["id"]), used):
                changed += 1
            if status == "rejected" and r["cluster_id"] is not None:
                moved = True
            if moved:
                if r["cluster_id"] is not None:
                    old_clusters.add(r["cluster_id"])
                conn.execute(update(EventRow).where(EventRow.id == r["id"]).values(cluster_id=None))
                if status != "rejected":
                    refuse.append(r["id"])
    return changed, orphaned, old_clusters, refuse


def _refuse(conn: Any, old_clusters: set[int], event_ids: list[int]) -> None:
    from marsad.store import fusion

    if old_clusters:
        fusion.refresh_clusters(conn, old_clusters)
    if event_ids:
        fusion.fuse_events(conn, [], fusion.FusionConfig.load(), event_ids=event_ids)


def _entity_targets(conn: Any, corrections: list[dict]) -> dict[str, dict[str, Any]]:
    """Desired entity-row values by id (``None`` values are left alone); ``_create`` for new rows."""
    targets: dict[str, dict[str, Any]] = defaultdict(dict)
    for c in corrections:
        kind, src, p = c["kind"], c["target"].get("entity_id"), c["payload"]
        if kind not in clog.ENTITY_KINDS:
            continue
        if kind in ("merge_entities", "promote_entity"):
            targets[src]["status"] = "merged"
            dst = p.get("into") or p.get("new_id")
            targets[dst].setdefault("_create", {
                "type": p.get("type") or "ARMED_GROUP", "canonical_ar": p.get("name_ar") or (p.get("aliases") or [None])[0],
                "canonical_en": p.get("name_en"), "status": "kb" if kind == "promote_entity" else None})
            if kind == "promote_entity":
                targets[dst].update(status="kb", type=p["type"], canonical_ar=p["name_ar"],
                                    canonical_en=p.get("name_en"))
        elif kind == "set_entity_type":
            targets[src]["type"] = p["type"]
        elif kind == "split_entity":
            for form in p["surface_forms"]:
                nid = p.get("new_id") or _new_id(p.get("type"), form)
                targets[nid].setdefault("_create", {"type": p.get("type") or "ORGANIZATION", "canonical_ar": form,
                                                    "canonical_en": None, "status": "candidate"})
    return targets


def _kb_row(entity_id: str) -> dict[str, Any] | None:
    from marsad.knowledge.kb import load_kb

    e = load_kb().get(entity_id)
    if e is None:
        return None
    return {"type": e.type, "canonical_ar": e.name_ar, "canonical_en": e.name_en, "wikidata": e.wikidata,
            "status": "kb"}


def _apply_entities(conn: Any, corrections: list[dict]) -> int:
    targets = _entity_targets(conn, corrections)
    snaps = {r["entity_id"]: dict(r) for r in conn.execute(
        select(AppliedRow).where(AppliedRow.entity_id.is_not(None))).mappings()}
    ids = sorted(set(targets) | set(snaps))
    if not ids:
        return 0
    rows = {}
    for i in range(0, len(ids), CHUNK):
        for r in conn.execute(select(EntityRow.id, *(getattr(EntityRow, c) for c in ENTITY_COLS))
                              .where(EntityRow.id.in_(ids[i:i + CHUNK]))).mappings():
            rows[r["id"]] = {c: r[c] for c in ENTITY_COLS}
    n = 0
    for eid in ids:
        want = targets.get(eid, {})
        snap = snaps.get(eid)
        cur = rows.get(eid)
        if cur is None:
            spec = want.get("_create")
            if spec is None:
                continue
            base = _kb_row(eid) or {"type": spec["type"], "canonical_ar": spec["canonical_ar"] or eid,
                                    "canonical_en": spec["canonical_en"], "status": spec["status"] or "candidate"}
            vals = {**base, **{k: v for k, v in want.items() if not k.startswith("_")}}
            conn.execute(insert(EntityRow).values(id=eid, **vals))
            conn.execute(insert(AppliedRow).values(entity_id=eid, original=None, corrections=[]))
            n += 1
            continue
        if snap is not None and snap["original"] is None:  # created by curation
            if not want:
                if conn.execute(select(MentionRow.id).where(MentionRow.entity_id == eid).limit(1)).first():
                    conn.execute(delete(AppliedRow).where(AppliedRow.id == snap["id"]))  # now the machine's too
                else:
                    conn.execute(delete(EntityRow).where(EntityRow.id == eid))  # cascades the snapshot
                n += 1
                continue
            machine = dict(cur)
        else:
            machine = _machine(cur, snap)
        target = {**machine, **{k: v for k, v in want.items() if not k.startswith("_")}}
        if snap is not None and snap["original"] is None:
            if target != cur:
                conn.execute(update(EntityRow).where(EntityRow.id == eid).values(**target))
                n += 1
            continue
        n += _sync_row(conn, EntityRow, "entity_id", eid, None, cur, machine, target, snap, [])
    return n


def apply_corrections(conn: Any, article_ids: Iterable[str]) -> dict[str, int]:
    """Re-apply every correction in force to these articles (idempotent; inside the caller's transaction).

    Returns counts: rows changed (mentions, relations, events, entities) and orphaned event corrections.
    """
    aids = sorted(set(article_ids))
    corrections = clog.active(conn)
    stats = {"articles": len(aids), "mentions": 0, "relations": 0, "events": 0, "entities": 0, "orphaned": 0}
    has_snaps = conn.execute(select(AppliedRow.id).limit(1)).first() is not None
    if not corrections and not has_snaps:
        return stats
    rules = EntityRules(corrections)
    ev_corrs: dict[str, list[dict]] = defaultdict(list)
    for c in corrections:
        if c["kind"] in clog.EVENT_KINDS:
            ev_corrs[clog.parse_event_key(c["target"]["event_key"])[0]].append(c)
    old_clusters: set[int] = set()
    refuse: list[int] = []
    for i in range(0, len(aids), CHUNK):
        chunk = aids[i:i + CHUNK]
        stats["mentions"] += _apply_mentions(conn, chunk, rules)
        stats["relations"] += _apply_relations(conn, chunk, rules)
        ch, orph, old, ref = _apply_events(conn, chunk, rules, ev_corrs)
        stats["events"] += ch
        stats["orphaned"] += orph
        old_clusters |= old
        refuse += ref
    _refuse(conn, old_clusters, refuse)
    stats["entities"] = _apply_entities(conn, corrections)
    return stats


def rebuild(store: Any, batch: int = 500) -> dict[str, int]:
    """Re-apply the whole log to every stored article (one transaction per batch) and rewrite the overlay."""
    total: dict[str, int] = defaultdict(int)
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(ArticleRow.id).order_by(ArticleRow.id)).scalars())
    if not ids:
        with store.engine.begin() as conn:
            for k, v in apply_corrections(conn, []).items():
                total[k] += v
    for i in range(0, len(ids), batch):
        with store.engine.begin() as conn:
            for k, v in apply_corrections(conn, ids[i:i + batch]).items():
                total[k] += v
    from marsad.curation.overlay import write_overlay

    write_overlay(store.engine)
    return dict(total)


# --------------------------------------------------------------------------------- corrections
def _entity_exists(conn: Any, eid: str) -> dict[str, Any] | None:
    r = conn.execute(select(EntityRow.id, EntityRow.type, EntityRow.canonical_ar).where(EntityRow.id == eid)).first()
    if r is not None:
        return {"id": r[0], "type": r[1], "canonical_ar": r[2]}
    kb = _kb_row(eid)
    return {"id": eid, "type": kb["type"], "canonical_ar": kb["canonical_ar"]} if kb else None


def _surface_forms(conn: Any, eid: str, limit: int = 50) -> list[str]:
    forms = conn.execute(select(MentionRow.text).where(MentionRow.entity_id == eid).distinct().limit(limit)).scalars()
    return sorted(set(forms))


def _machine_event(conn: Any, key: str) -> dict[str, Any] | None:
    """The machine payload of the event report a key names (or None)."""
    aid = clog.parse_event_key(key)[0]
    rows = [dict(r) for r in conn.execute(select(EventRow.id, EventRow.payload).where(EventRow.article_id == aid)
                                          .order_by(EventRow.seq)).mappings()]
    snaps = _snapshots(conn, AppliedRow.event_id, [r["id"] for r in rows])
    evs = [{"id": r["id"], "payload": (snaps[r["id"]]["original"] or {}).get("payload", r["payload"])
            if r["id"] in snaps else r["payload"]} for r in rows]
    keys = clog.assign_event_keys(aid, evs)
    for e in evs:
        if keys[e["id"]] == key:
            return e
    return None


def _geocode(loc: dict[str, Any]) -> dict[str, Any]:
    if loc.get("lat") is not None or not loc.get("text"):
        return loc
    try:
        from marsad.analyse.geocode import geocode_name

        p = geocode_name(loc["text"])
    except Exception:  # noqa: BLE001 - the gazetteer is optional here; the analyst's text is kept
        p = None
    if p is None:
        return loc
    return {"text": loc["text"], "name_en": loc.get("name_en") or p.name_en, "lat": p.lat, "lon": p.lon,
            "admin1": loc.get("admin1") or p.admin1_en or None, "country": loc.get("country") or p.country,
            "geo_precision": 2 if p.placetype in ("region", "county") else 1, "place_id": p.id}


def enrich(conn: Any, kind: str, target: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """Check a new correction against the store and record what re-application will need."""
    p = dict(payload)
    if kind in clog.EVENT_KINDS:
        ev = _machine_event(conn, str(target.get("event_key")))
        if ev is None:
            raise clog.CorrectionError(f"no event report with key {target.get('event_key')!r}")
        pl = ev["payload"]
        p["anchor"] = {"trigger": pl.get("trigger"), "evidence": pl.get("evidence"),
                       "sub_event_type": pl.get("sub_event_type")}
        if kind == "set_event" and p.get("event_type") and not p.get("sub_event_type"):
            raise clog.CorrectionError("give sub_event_type (the event type follows from it)")
        if kind == "set_event" and isinstance(p.get("location"), dict):
            p["location"] = _geocode(p["location"])
        for role in ("actor1", "actor2"):
            a = p.get(role)
            if kind == "set_event" and isinstance(a, dict) and a.get("entity_id") and not a.get("text"):
                ent = _entity_exists(conn, a["entity_id"])
                a["text"] = ent["canonical_ar"] if ent else a["entity_id"]
        return p
    if kind == "undo":
        return p
    src = str(target.get("entity_id"))
    ent = _entity_exists(conn, src)
    if ent is None:
        raise clog.CorrectionError(f"no entity {src!r}")
    if kind == "merge_entities":
        dst = _entity_exists(conn, str(p.get("into")))
        if dst is None:
            raise clog.CorrectionError(f"no entity {p.get('into')!r} to merge into")
        p["type"] = dst["type"]
        p["aliases"] = sorted(set(p.get("aliases") or []) | set(_surface_forms(conn, src))
                              | ({ent["canonical_ar"]} if ent["canonical_ar"] else set()))
    elif kind == "promote_entity":
        if _kb_row(str(p.get("new_id"))):
            raise clog.CorrectionError(f"{p.get('new_id')} is already in the knowledge base: merge instead")
        p.setdefault("type", ent["type"])
        p.setdefault("name_ar", ent["canonical_ar"])
        p["aliases"] = sorted(set(p.get("aliases") or []) | set(_surface_forms(conn, src)))
    elif kind in ("add_alias", "split_entity"):
        p.setdefault("type", ent["type"])
    return p


def affected_articles(conn: Any, entry: dict[str, Any]) -> list[str]:
    """Articles a correction (or the correction an undo names) may change."""
    if entry["kind"] == "undo":
        orig = conn.execute(select(CorrectionRow).where(CorrectionRow.uid == entry["target"]["correction_uid"])
                            ).mappings().first()
        if orig is None:
            return []
        out = set(affected_articles(conn, clog.entry_dict(orig)))
        for aid, corr in conn.execute(select(AppliedRow.article_id, AppliedRow.corrections)
                                      .where(AppliedRow.article_id.is_not(None))):
            if corr and orig["id"] in corr:
                out.add(aid)
        return sorted(out)
    if entry["kind"] in clog.EVENT_KINDS:
        return [clog.parse_event_key(entry["target"]["event_key"])[0]]
    p, src = entry["payload"], entry["target"]["entity_id"]
    ids = {src, p.get("into"), p.get("new_id")} - {None}
    out = set(conn.execute(select(MentionRow.article_id).where(MentionRow.entity_id.in_(ids)).distinct()).scalars())
    out |= set(conn.execute(select(EventRow.article_id).where(
        EventRow.actor1_id.in_(ids) | EventRow.actor2_id.in_(ids)).distinct()).scalars())
    out |= set(conn.execute(select(RelationRow.article_id).where(
        RelationRow.head_entity_id.in_(ids) | RelationRow.tail_entity_id.in_(ids)).distinct()).scalars())
    if entry["kind"] == "add_alias":
        key = _alias_key(p["alias"])
        for aid, text in conn.execute(select(MentionRow.article_id, MentionRow.text).where(
                MentionRow.entity_id.like("new:%") | MentionRow.entity_id.is_(None))):
            if _alias_key(text) == key:
                out.add(aid)
    return sorted(out)


ALIAS_KINDS = ("merge_entities", "add_alias", "promote_entity")


def _engine(store_or_engine: Any) -> Any:
    return getattr(store_or_engine, "engine", store_or_engine)


def correct(store: Any, kind: str, target: dict[str, Any], payload: dict[str, Any] | None, by: str,
            why: str | None = None) -> dict[str, Any]:
    """Append a correction and apply it to the stored analysis at once; returns the log entry + counts."""
    engine = _engine(store)
    with engine.begin() as conn:
        if kind not in clog.KINDS:
            raise clog.CorrectionError(f"unknown correction kind {kind!r} (one of {', '.join(clog.KINDS)})")
        if not isinstance(target, dict) or not isinstance(payload or {}, dict):
            raise clog.CorrectionError("target and payload must be objects")
        if kind not in clog.ENTITY_KINDS:  # entity corrections are checked once enrich() has filled types in
            clog.validate(kind, target, dict(payload or {}))
        full = enrich(conn, kind, target, dict(payload or {}))
        entry = clog.append(conn, kind, target, full, by, why)
        entry["applied"] = apply_corrections(conn, affected_articles(conn, entry))
    if kind in ALIAS_KINDS or kind == "undo":
        from marsad.curation.overlay import write_overlay

        write_overlay(engine)
    return entry


def undo(store: Any, correction: int | str, by: str, why: str | None = None) -> dict[str, Any]:
    """Undo a correction (by id or uid) with a new log entry; the machine value comes back."""
    engine = _engine(store)
    with engine.connect() as conn:
        col = CorrectionRow.id if isinstance(correction, int) or str(correction).isdigit() else CorrectionRow.uid
        val = int(correction) if col is CorrectionRow.id else correction
        uid = conn.execute(select(CorrectionRow.uid).where(col == val)).scalar()
    if uid is None:
        raise clog.CorrectionError(f"no correction {correction!r}")
    return correct(store, "undo", {"correction_uid": uid}, {}, by, why)


def import_log(store: Any, lines: Iterable[str], origin: str = "import") -> dict[str, Any]:
    """Import a JSONL log export and re-apply everything (a full :func:`rebuild`)."""
    with _engine(store).begin() as conn:
        res = clog.import_jsonl(conn, lines, origin)
    if res["imported"]:
        res["applied"] = rebuild(store)
    return res


# --------------------------------------------------------------------------------- views
def correction_states(conn: Any, entries: list[dict[str, Any]]) -> dict[str, str]:
    """uid → state: ``undone``, ``applied``, ``rekeyed``, ``orphaned`` (event corrections), ``active``."""
    all_e = clog.entries(conn)
    gone = clog.undone_uids(all_e)
    states: dict[str, str] = {}
    by_article: dict[str, list[dict]] = defaultdict(list)
    for e in entries:
        if e["uid"] in gone:
            states[e["uid"]] = "undone"
        elif e["kind"] in clog.EVENT_KINDS:
            by_article[clog.parse_event_key(e["target"]["event_key"])[0]].append(e)
        else:
            states[e["uid"]] = "active"
    for aid, corrs in by_article.items():
        rows = [dict(r) for r in conn.execute(select(EventRow.id, EventRow.payload).where(EventRow.article_id == aid)
                                              .order_by(EventRow.seq)).mappings()]
        snaps = _snapshots(conn, AppliedRow.event_id, [r["id"] for r in rows])
        evs = [{"id": r["id"], "payload": ((snaps[r["id"]]["original"] or {}).get("payload") or r["payload"])
                if r["id"] in snaps else r["payload"]} for r in rows]
        resolved, orphans = resolve_event_corrections(aid, evs, corrs)
        for pairs in resolved.values():
            for c, rekeyed in pairs:
                states[c["uid"]] = "rekeyed" if rekeyed else "applied"
        for c in orphans:
            states[c["uid"]] = "orphaned"
    return states


def event_reports(conn: Any, *, cluster_id: int | None = None, article_id: str | None = None) -> list[dict[str, Any]]:
    """Event reports with their stable keys and curation (for the web app's correction forms)."""
    q = select(EventRow.id, EventRow.article_id, EventRow.cluster_id, EventRow.payload).order_by(
        EventRow.article_id, EventRow.seq)
    if cluster_id is not None:
        aids = select(EventRow.article_id).where(EventRow.cluster_id == cluster_id)
        q = q.where(EventRow.article_id.in_(aids))
    elif article_id:
        q = q.where(EventRow.article_id == article_id)
    else:
        return []
    rows = [dict(r) for r in conn.execute(q).mappings()]
    snaps = _snapshots(conn, AppliedRow.event_id, [r["id"] for r in rows])
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        snap = snaps.get(r["id"])
        machine = (snap["original"] or {}).get("payload") if snap else None
        by_article[r["article_id"]].append({"id": r["id"], "payload": machine or r["payload"], "_row": r})
    out = []
    for aid, evs in by_article.items():
        keys = clog.assign_event_keys(aid, evs)
        for e in evs:
            r = e["_row"]
            if cluster_id is not None and r["cluster_id"] != cluster_id and not (
                    (r["payload"].get("curation") or {}).get("status") == "rejected"):
                continue
            out.append({"event_report_id": r["id"], "event_key": keys[e["id"]], "article_id": aid,
                        "cluster_id": r["cluster_id"], **{k: v for k, v in r["payload"].items() if k != "curation"},
                        "curation": r["payload"].get("curation")})
    return out


def annotate_events(conn: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``curation`` to fused events (API rows with ``sources``) that have a curated report."""
    ids = [s["event_report_id"] for r in rows for s in r.get("sources") or []]
    cur: dict[int, dict] = {}
    for i in range(0, len(ids), CHUNK):
        for rid, payload in conn.execute(select(EventRow.id, EventRow.payload).where(EventRow.id.in_(ids[i:i + CHUNK]))):
            if payload and payload.get("curation"):
                cur[rid] = payload["curation"]
    for r in rows:
        blocks = [cur[s["event_report_id"]] for s in r.get("sources") or [] if s["event_report_id"] in cur]
        for s in r.get("sources") or []:
            if s["event_report_id"] in cur:
                s["curation"] = cur[s["event_report_id"]]
        if blocks:
            latest = max(blocks, key=lambda b: str(b["at"]))
            r["curation"] = {k: latest[k] for k in ("status", "corrected_by", "at", "why", "original", "rekeyed")}
    return rows


def entity_curation(conn: Any, entity_id: str) -> dict[str, Any] | None:
    """The ``curation`` block of an entity: corrections in force naming it, and its machine values."""
    act = clog.active(conn)
    mine = [c for c in act if c["kind"] in clog.ENTITY_KINDS and (
        c["target"].get("entity_id") == entity_id or c["payload"].get("into") == entity_id
        or c["payload"].get("new_id") == entity_id)]
    if not mine:
        return None
    snap = conn.execute(select(AppliedRow.original).where(AppliedRow.entity_id == entity_id)).first()
    last = mine[-1]
    merged_into = next((c["payload"].get("into") or c["payload"].get("new_id") for c in reversed(mine)
                        if c["kind"] in ("merge_entities", "promote_entity") and c["target"]["entity_id"] == entity_id),
                       None)
    return {
        "corrected_by": last["by"], "at": last["at"], "why": last["why"],
        "original": (snap[0] if snap and snap[0] else {}) | ({"created_by_curation": True} if snap and snap[0] is None
                                                           else {}),
        "merged_into": merged_into,
        "aliases_added": sorted({a for c in mine if c["kind"] in ALIAS_KINDS for a in (
            c["payload"].get("aliases") or [c["payload"].get("alias")]) if a}),
        "corrections": [{"uid": c["uid"], "kind": c["kind"], "by": c["by"], "at": c["at"], "why": c["why"],
                         "target": c["target"], "payload": {k: v for k, v in c["payload"].items() if k != "anchor"}}
                        for c in mine],
    }


def annotate_entity(conn: Any, profile: dict[str, Any] | None) -> dict[str, Any] | None:
    """Add ``curation`` to an entity profile (API) when corrections name the entity."""
    if profile is not None:
        block = entity_curation(conn, profile["id"])
        if block:
            profile["curation"] = block
    return profile
