"""Watchlists: rules over fused events, alerts, an Atom feed and webhook delivery.

A rule is any combination of criteria (all must hold):

* ``actor`` — an entity id or name (resolved to ids when the rule is made);
* ``actor_kind`` / ``actor_sponsor`` — through the knowledge base: the group's ``kind`` (``militia``
  …) and its sponsors, following ``part_of`` both ways (a brigade of a sponsored umbrella is
  sponsored; ``grp:irgc`` covers a sponsor ``grp:irgc-quds-force`` that is part of it);
* ``place`` — a place or governorate name (matched against the event's governorate, place name and
  English name, with the gazetteer's spellings), ``bbox`` — ``[min_lon, min_lat, max_lon, max_lat]``;
* ``event_type`` — an ACLED event type or sub-event type;
* ``new_place`` — fire only for the first-ever (actor, place) pair instead of for every event.

:func:`evaluate_watch_rules` (the hook after each ``Store.save`` batch, inside its transaction)
creates alerts, at most one per rule and event cluster (``event:<cluster id>``) or per rule and
actor–place pair (``pair:<actor>|<place>``), and never for clusters that existed when the rule was
made.  :func:`deliver_pending` (after the transaction has committed) POSTs undelivered alerts as
JSON to ``MARSAD_WEBHOOK_URL`` with bounded retries; failures are logged and kept for a later try,
never raised.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from sqlalchemy import func, insert, or_, select, update

from marsad import __version__
from marsad.curation.models import AlertRow, WatchRuleRow
from marsad.store.models import EventClusterRow, utcnow
from marsad.text.normalize import normalize_key

log = logging.getLogger(__name__)

CRITERIA = ("actor", "actor_kind", "actor_sponsor", "place", "bbox", "event_type", "new_place")
MAX_TOTAL_ATTEMPTS = 6  # an alert whose delivery failed this often is no longer retried
ATOM_NS = "http://www.w3.org/2005/Atom"


class WatchError(ValueError):
    """A malformed watch rule."""


# --------------------------------------------------------------------------------- rules
def _kb() -> Any:
    from marsad.curation.overlay import with_curated
    from marsad.knowledge.kb import load_kb

    return with_curated(load_kb())


def _place_keys(place: str) -> list[str]:
    keys = {normalize_key(place)}
    stripped = normalize_key(place).removeprefix("محافظه ").removeprefix("ريف ").strip()
    keys.add(stripped)
    try:
        from marsad.analyse.geocode import geocode_name

        p = geocode_name(place)
    except Exception:  # noqa: BLE001 - without a gazetteer the name itself is matched
        p = None
    if p is not None:
        if p.placetype in ("region", "county") or normalize_key(p.admin1_ar) in keys:
            keys |= {normalize_key(p.admin1_en), normalize_key(p.admin1_ar)}
        keys |= {normalize_key(p.name_en), normalize_key(p.name_ar)}
    return sorted(k for k in keys if k)


def validate_criteria(conn: Any, criteria: dict[str, Any]) -> dict[str, Any]:
    """Check and resolve a rule's criteria (actor ids, place keys); raises :class:`WatchError`."""
    if not isinstance(criteria, dict):
        raise WatchError("criteria must be an object")
    unknown = set(criteria) - set(CRITERIA)
    if unknown:
        raise WatchError(f"unknown criteria: {', '.join(sorted(unknown))} (use {', '.join(CRITERIA)})")
    c = {k: v for k, v in criteria.items() if v not in (None, "", [], False)}
    if not set(c) - {"new_place"}:
        raise WatchError("a rule needs at least one criterion besides new_place")
    for k in ("actor", "actor_kind", "actor_sponsor", "place", "event_type"):
        if k in c and (not isinstance(c[k], str) or len(c[k]) > 200):
            raise WatchError(f"{k} must be a string (at most 200 characters)")
    out: dict[str, Any] = dict(c)
    if "actor" in c:
        from marsad.store.queries import resolve_entity_ids

        ids = resolve_entity_ids(conn, c["actor"].strip())
        kb_ids = [e.id for e in _kb().by_alias(c["actor"])]
        ids = list(dict.fromkeys([*ids, *kb_ids] or ([c["actor"]] if ":" in c["actor"] else [])))
        if not ids:
            raise WatchError(f"no entity known as {c['actor']!r}")
        out["actor_ids"] = ids
    if "actor_sponsor" in c and _kb().get(c["actor_sponsor"]) is None:
        raise WatchError(f"actor_sponsor must be a knowledge-base id, got {c['actor_sponsor']!r}")
    if "place" in c:
        out["place_keys"] = _place_keys(c["place"])
    if "bbox" in c:
        b = c["bbox"]
        if (not isinstance(b, list | tuple) or len(b) != 4 or not all(isinstance(x, int | float) for x in b)
                or not (-180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90)):
            raise WatchError("bbox must be [min_lon, min_lat, max_lon, max_lat]")
        out["bbox"] = [float(x) for x in b]
    if "event_type" in c:
        from marsad.curation.apply import taxonomy

        tax = taxonomy()
        if c["event_type"] not in tax and c["event_type"] not in set(tax.values()):
            raise WatchError(f"unknown ACLED event or sub-event type {c['event_type']!r}")
    if "new_place" in c:
        out["new_place"] = bool(c["new_place"])
    return out


def rule_dict(r: Any) -> dict[str, Any]:
    m = r._mapping if hasattr(r, "_mapping") else r
    return {"id": m["id"], "name": m["name"], "criteria": m["criteria"], "created_by": m["created_by"],
            "created_at": _iso(m["created_at"]), "active": bool(m["active"]), "since_cluster_id": m["since_cluster_id"]}


def create_rule(conn: Any, name: str, criteria: dict[str, Any], by: str) -> dict[str, Any]:
    """A new rule; events already stored (clusters up to the current maximum id) never fire it."""
    if not isinstance(name, str) or not name.strip() or len(name) > 300:
        raise WatchError("name must be a non-empty string")
    if not isinstance(by, str) or not by.strip():
        raise WatchError("by (who made the rule) must be given")
    crit = validate_criteria(conn, criteria)
    since = conn.scalar(select(func.max(EventClusterRow.id))) or 0
    vals = {"name": name.strip(), "criteria": crit, "created_by": by.strip(), "created_at": utcnow(), "active": True,
            "since_cluster_id": since}
    rid = conn.execute(insert(WatchRuleRow).values(**vals)).inserted_primary_key[0]
    return rule_dict({"id": rid, **vals})


def list_rules(conn: Any, active_only: bool = False) -> list[dict[str, Any]]:
    q = select(WatchRuleRow).order_by(WatchRuleRow.id)
    if active_only:
        q = q.where(WatchRuleRow.active.is_(True))
    return [rule_dict(r) for r in conn.execute(q).mappings()]


def set_rule_active(conn: Any, rule_id: int, active: bool) -> bool:
    return bool(conn.execute(update(WatchRuleRow).where(WatchRuleRow.id == rule_id).values(active=active)).rowcount)


# --------------------------------------------------------------------------------- matching
class _ActorIndex:
    """Knowledge-base lookups for actor criteria (kind, sponsors through part_of)."""

    def __init__(self) -> None:
        self.kb = _kb()
        self._sponsors: dict[str, set[str]] = {}

    def ancestors(self, eid: str | None) -> list[str]:
        out: list[str] = []
        while eid and eid not in out and len(out) < 20:
            out.append(eid)
            ent = self.kb.get(eid)
            eid = ent.part_of if ent else None
        return out

    def sponsors(self, eid: str) -> set[str]:
        if eid not in self._sponsors:
            s: set[str] = set()
            for a in self.ancestors(eid):
                ent = self.kb.get(a)
                for sp in (ent.sponsored_by if ent else None) or []:
                    s.update(self.ancestors(sp))
            self._sponsors[eid] = s
        return self._sponsors[eid]

    def actor_ok(self, eid: str, c: dict[str, Any]) -> bool:
        if "actor_ids" in c and eid not in c["actor_ids"]:
            return False
        if "actor_kind" in c:
            ent = self.kb.get(eid)
            if ent is None or ent.kind != c["actor_kind"]:
                return False
        return not ("actor_sponsor" in c and c["actor_sponsor"] not in self.sponsors(eid))


def place_key(cl: dict[str, Any]) -> str | None:
    name = cl.get("location_name_en") or cl.get("location_text")
    return normalize_key(name) if name else None


def _event_ok(cl: dict[str, Any], c: dict[str, Any]) -> bool:
    if "event_type" in c and c["event_type"] not in (cl["event_type"], cl["sub_event_type"]):
        return False
    if "place_keys" in c:
        vals = {normalize_key(v) for v in (cl.get("admin1"), cl.get("location_text"), cl.get("location_name_en")) if v}
        if not vals & set(c["place_keys"]):
            return False
    if "bbox" in c:
        if cl["lat"] is None or cl["lon"] is None:
            return False
        min_lon, min_lat, max_lon, max_lat = c["bbox"]
        if not (min_lon <= cl["lon"] <= max_lon and min_lat <= cl["lat"] <= max_lat):
            return False
    return True


def _first_pair(conn: Any, cl: dict[str, Any], actor: str, key: str) -> bool:
    c = EventClusterRow
    rows = conn.execute(select(c.location_name_en, c.location_text).where(
        or_(c.actor1_id == actor, c.actor2_id == actor), c.id != cl["id"])).all()
    return not any(place_key({"location_name_en": en, "location_text": ar}) == key for en, ar in rows)


def _summary(cl: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "event_type", "sub_event_type", "actor1_id", "actor1_text", "actor2_id", "actor2_text",
            "location_text", "location_name_en", "admin1", "country", "lat", "lon", "date", "fatalities",
            "source_count", "first_reported")
    return {k: cl.get(k) for k in keys}


def _title(rule: dict[str, Any], cl: dict[str, Any], kind: str) -> str:
    actors = " / ".join(x for x in (cl.get("actor1_text"), cl.get("actor2_text")) if x) or "?"
    where = cl.get("location_text") or cl.get("location_name_en") or cl.get("admin1") or "?"
    lead = "new place" if kind == "new_place" else cl["sub_event_type"]
    return f"{rule['name']}: {lead} — {actors} — {where} ({cl.get('date') or cl.get('first_reported') or '?'})"


def evaluate_watch_rules(conn: Any, new_cluster_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Create the alerts the given (new) event clusters raise; returns the new alerts.

    Idempotent: an alert exists at most once per rule and dedupe key, and clusters older than a rule
    never fire it.  Runs inside the caller's transaction; delivery is :func:`deliver_pending`.
    """
    ids = sorted({int(i) for i in new_cluster_ids if i is not None})
    rules = list_rules(conn, active_only=True)
    if not ids or not rules:
        return []
    clusters = [dict(r) for r in conn.execute(select(EventClusterRow).where(EventClusterRow.id.in_(ids))
                                              .order_by(EventClusterRow.id)).mappings()]
    actors = _ActorIndex()
    out: list[dict[str, Any]] = []
    for rule in rules:
        c = rule["criteria"]
        existing = set(conn.execute(select(AlertRow.dedupe_key).where(AlertRow.rule_id == rule["id"])).scalars())
        for cl in clusters:
            if cl["id"] <= rule["since_cluster_id"] or not _event_ok(cl, c):
                continue
            cl_actors = [a for a in (cl["actor1_id"], cl["actor2_id"]) if a]
            needs_actor = any(k in c for k in ("actor_ids", "actor_kind", "actor_sponsor"))
            matched = [a for a in cl_actors if actors.actor_ok(a, c)] if needs_actor else cl_actors
            if needs_actor and not matched:
                continue
            if c.get("new_place"):
                key = place_key(cl)
                if key is None:
                    continue
                todo = [(f"pair:{a}|{key}", "new_place", a) for a in matched if _first_pair(conn, cl, a, key)]
            else:
                todo = [(f"event:{cl['id']}", "event", None)]
            for dkey, kind, actor in todo:
                if dkey in existing:
                    continue
                existing.add(dkey)
                payload = {"rule": {"id": rule["id"], "name": rule["name"]}, "kind": kind, "event": _summary(cl),
                           "actor_id": actor}
                vals = {"rule_id": rule["id"], "dedupe_key": dkey, "kind": kind, "cluster_id": cl["id"],
                        "title": _title(rule, cl, kind), "payload": payload, "created_at": utcnow(),
                        "delivered": False, "attempts": 0}
                aid = conn.execute(insert(AlertRow).values(**vals)).inserted_primary_key[0]
                out.append(alert_dict({"id": aid, "last_error": None, **vals}))
    return out


# --------------------------------------------------------------------------------- alerts
def _iso(d: Any) -> Any:
    return d.isoformat(timespec="seconds") + "Z" if isinstance(d, datetime) else d


def alert_dict(r: Any) -> dict[str, Any]:
    m = r._mapping if hasattr(r, "_mapping") else r
    return {"id": m["id"], "rule_id": m["rule_id"], "kind": m["kind"], "cluster_id": m["cluster_id"],
            "title": m["title"], "payload": m["payload"], "created_at": _iso(m["created_at"]),
            "delivered": bool(m["delivered"]), "attempts": m["attempts"], "last_error": m["last_error"]}


def list_alerts(conn: Any, *, rule_id: int | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    q = select(AlertRow)
    if rule_id is not None:
        q = q.where(AlertRow.rule_id == rule_id)
    total = conn.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = conn.execute(q.order_by(AlertRow.id.desc()).limit(limit).offset(offset)).mappings()
    return total, [alert_dict(r) for r in rows]


def atom_feed(alerts: list[dict[str, Any]], base_url: str, title: str = "Marsad alerts") -> bytes:
    """An Atom 1.0 feed of alerts (newest first), as UTF-8 XML."""
    base = base_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM_NS)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        e = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    el(feed, "id", base + "api/alerts.atom")
    el(feed, "title", title)
    updated = max((a["created_at"] for a in alerts), default=_iso(utcnow()))
    el(feed, "updated", updated)
    author = el(feed, "author")
    el(author, "name", "Marsad")
    el(feed, "link", rel="self", href=base + "api/alerts.atom", type="application/atom+xml")
    el(feed, "link", rel="alternate", href=base, type="text/html")
    el(feed, "generator", "Marsad", version=__version__)
    for a in alerts:
        ev = a["payload"].get("event") or {}
        entry = el(feed, "entry")
        el(entry, "id", f"{base}api/alerts/{a['id']}")
        el(entry, "title", a["title"])
        el(entry, "updated", a["created_at"])
        el(entry, "published", a["created_at"])
        el(entry, "link", rel="alternate", href=f"{base}#/events/{a['cluster_id']}", type="text/html")
        if ev.get("sub_event_type"):
            el(entry, "category", term=ev["sub_event_type"], label=ev.get("event_type") or ev["sub_event_type"])
        lines = [f"{k}: {ev[k]}" for k in ("date", "event_type", "sub_event_type", "actor1_text", "actor2_text",
                                             "location_text", "location_name_en", "admin1", "fatalities",
                                             "source_count") if ev.get(k) not in (None, "")]
        el(entry, "summary", "\n".join(lines) or a["title"], type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


# --------------------------------------------------------------------------------- webhook
def webhook_url() -> str | None:
    url = (os.environ.get("MARSAD_WEBHOOK_URL") or "").strip()
    return url or None


def _post(client: Any, url: str, alert: dict[str, Any], secret: str | None) -> None:
    body = json.dumps({"type": "marsad.alert", "alert": alert}, ensure_ascii=False, default=str).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"marsad/{__version__}"}
    if secret:
        headers["X-Marsad-Signature"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    r = client.post(url, content=body, headers=headers)
    if r.status_code >= 300:
        raise RuntimeError(f"webhook answered HTTP {r.status_code}")


def deliver_pending(engine_or_store: Any, url: str | None = None, *, max_attempts: int = 3, backoff: float = 0.5,
                    timeout: float = 5.0, limit: int = 200) -> dict[str, int]:
    """POST undelivered alerts to the webhook (``url`` or ``MARSAD_WEBHOOK_URL``); never raises.

    Each alert is tried up to ``max_attempts`` times now (exponential backoff from ``backoff``
    seconds) and at most :data:`MAX_TOTAL_ATTEMPTS` times overall; failures are logged and recorded
    on the alert (``attempts``, ``last_error``).  Returns ``{"delivered", "failed", "pending"}``.
    """
    res = {"delivered": 0, "failed": 0, "pending": 0}
    url = url or webhook_url()
    if not url:
        return res
    if urlsplit(url).scheme not in ("http", "https"):
        log.error("MARSAD_WEBHOOK_URL must be an http(s) URL; alerts are not delivered")
        return res
    engine = getattr(engine_or_store, "engine", engine_or_store)
    try:
        import httpx

        with engine.connect() as conn:
            todo = [alert_dict(r) for r in conn.execute(
                select(AlertRow).where(AlertRow.delivered.is_(False), AlertRow.attempts < MAX_TOTAL_ATTEMPTS)
                .order_by(AlertRow.id).limit(limit)).mappings()]
        secret = os.environ.get("MARSAD_WEBHOOK_SECRET") or None
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            for alert in todo:
                err, tries = None, 0
                for i in range(max(1, min(max_attempts, MAX_TOTAL_ATTEMPTS - alert["attempts"]))):
                    tries += 1
                    try:
                        _post(client, url, alert, secret)
                        err = None
                        break
                    except Exception as exc:  # noqa: BLE001 - any failure is logged, never raised
                        err = f"{type(exc).__name__}: {exc}"[:500]
                        if i + 1 < max_attempts:
                            time.sleep(backoff * (2 ** i))
                with engine.begin() as conn:
                    conn.execute(update(AlertRow).where(AlertRow.id == alert["id"]).values(
                        delivered=err is None, attempts=alert["attempts"] + tries, last_error=err))
                if err is None:
                    res["delivered"] += 1
                else:
                    res["failed"] += 1
                    log.warning("webhook delivery of alert %s failed after %d attempt(s): %s", alert["id"], tries, err)
        with engine.connect() as conn:
            res["pending"] = conn.scalar(select(func.count()).select_from(AlertRow).where(
                AlertRow.delivered.is_(False), AlertRow.attempts < MAX_TOTAL_ATTEMPTS)) or 0
    except Exception:  # noqa: BLE001 - delivery must never break ingest
        log.exception("webhook delivery failed")
    return res
