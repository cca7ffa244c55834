"""The corrections log: append-only, attributed (who, when, why), exportable as JSONL.

A correction is never an edit of the analysis tables: it is a log entry that
:mod:`marsad.curation.apply` re-applies deterministically, in log order, on top of the machine's
analysis every time an article is (re-)processed.  Undo is a new entry (kind ``undo``) naming the
undone entry by its ``uid``; undoing an undo re-activates the original.

Kinds and their ``target`` / ``payload``:

==================  ====================  ===========================================================
kind                target                payload
==================  ====================  ===========================================================
merge_entities      ``entity_id`` (from)  ``into`` (entity id), ``aliases`` (surface forms of the
                                          merged entity, recorded when the merge is made), ``type``
split_entity        ``entity_id``         ``surface_forms`` (mentions with these forms leave the
                                          entity), optional ``new_id`` (default: ``new:TYPE:…``)
add_alias           ``entity_id``         ``alias``, ``type``
set_entity_type     ``entity_id``         ``type``
promote_entity      ``entity_id`` (new:)  ``new_id`` (grp:/org:/per:<slug>), ``type``, ``name_ar``,
                                          ``name_en``, ``aliases``, optional ``kind``,
                                          ``sponsored_by``, ``part_of``
reject_event        ``event_key``         ``anchor`` (see below)
confirm_event       ``event_key``         ``anchor``
set_event           ``event_key``         ``anchor`` and any of ``event_type``, ``sub_event_type``,
                                          ``actor1``/``actor2`` ({entity_id, text}), ``location``
                                          ({text, name_en, lat, lon, admin1, country,
                                          geo_precision}), ``date``, ``fatalities``
undo                ``correction_uid``    —
==================  ====================  ===========================================================

**Event keys.**  Event rows get new ids whenever an article is re-analysed, so event corrections
target ``<article id>:<trigger start>-<trigger end>`` (``:<machine sub-event type>`` is appended
only when two events of the article share a trigger).  The article id is the SHA-256 of the cleaned
body, so the offsets are stable for as long as the pipeline finds the same trigger.  The entry also
records an ``anchor`` (trigger text and offsets, evidence span, machine sub-event type).  When a
changed pipeline no longer produces the key, the correction is re-attached to the one event of the
same article with the anchor's machine sub-event type whose evidence contains the old trigger
(state ``rekeyed``); when there is none it is kept in the log and shown as ``orphaned``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from sqlalchemy import insert, select

from marsad.curation.models import CorrectionRow
from marsad.store.models import utcnow

ENTITY_KINDS = ("merge_entities", "split_entity", "add_alias", "set_entity_type", "promote_entity")
EVENT_KINDS = ("reject_event", "confirm_event", "set_event")
KINDS = (*ENTITY_KINDS, *EVENT_KINDS, "undo")
ENTITY_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY")
KB_PREFIX = {"ARMED_GROUP": "grp", "ORGANIZATION": "org", "PERSON": "per"}
SET_EVENT_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "date", "fatalities")

_ID_RE = re.compile(r"^[a-z]{2,4}:[A-Za-z0-9_.:\-]{1,110}$")
_KB_ID_RE = re.compile(r"^(grp|org|per):[a-z0-9]+(?:-[a-z0-9]+)*$")
_EVENT_KEY_RE = re.compile(r"^([0-9a-f]{64}):(\d+)-(\d+)(?::(.+))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CorrectionError(ValueError):
    """A correction that is malformed or names something that does not exist."""


# --------------------------------------------------------------------------------- event keys
def event_key(article_id: str, payload: dict[str, Any], sub_event_type: str | None = None) -> str:
    """The stable key of an event report (from its machine payload); see the module docstring."""
    trig = payload.get("trigger") or {}
    key = f"{article_id}:{int(trig.get('start', 0))}-{int(trig.get('end', 0))}"
    return f"{key}:{sub_event_type}" if sub_event_type else key


def parse_event_key(key: str) -> tuple[str, int, int, str | None]:
    m = _EVENT_KEY_RE.match(key or "")
    if not m:
        raise CorrectionError(f"not an event key (article_id:start-end[:sub_event_type]): {key!r}")
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)


def assign_event_keys(article_id: str, events: Iterable[dict[str, Any]]) -> dict[int, str]:
    """Keys of an article's event reports (``{"id", "payload"}`` dicts, machine payloads)."""
    evs = list(events)
    base = {e["id"]: event_key(article_id, e["payload"]) for e in evs}
    counts: dict[str, int] = {}
    for k in base.values():
        counts[k] = counts.get(k, 0) + 1
    return {i: (k if counts[k] == 1 else f"{k}:{e['payload'].get('sub_event_type')}")
            for e in evs for i, k in [(e["id"], base[e["id"]])]}


# --------------------------------------------------------------------------------- validation
def _need_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise CorrectionError(f"{what} must be an entity id such as grp:slug or new:TYPE:hex, got {value!r}")
    return value


def _need_text(value: Any, what: str, max_len: int = 300) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > max_len:
        raise CorrectionError(f"{what} must be a non-empty string (at most {max_len} characters)")
    return value.strip()


def _check_type(value: Any) -> str:
    if value not in ENTITY_TYPES:
        raise CorrectionError(f"type must be one of {', '.join(ENTITY_TYPES)}, got {value!r}")
    return value


def _check_set_event(payload: dict[str, Any]) -> None:
    fields = [f for f in SET_EVENT_FIELDS if f in payload]
    if not fields:
        raise CorrectionError(f"set_event needs at least one of {', '.join(SET_EVENT_FIELDS)}")
    if "sub_event_type" in payload or "event_type" in payload:
        from marsad.curation.apply import taxonomy

        tax = taxonomy()
        sub = payload.get("sub_event_type")
        if sub is not None and sub not in tax:
            raise CorrectionError(f"unknown ACLED sub-event type {sub!r}")
        et = payload.get("event_type")
        if et is not None and et not in set(tax.values()):
            raise CorrectionError(f"unknown ACLED event type {et!r}")
        if sub is not None and et is not None and tax[sub] != et:
            raise CorrectionError(f"{sub!r} is a sub-event type of {tax[sub]!r}, not {et!r}")
    for role in ("actor1", "actor2"):
        if role in payload and payload[role] is not None:
            a = payload[role]
            if not isinstance(a, dict) or not (a.get("entity_id") or a.get("text")):
                raise CorrectionError(f"{role} must be null or {{entity_id, text}}")
            if a.get("entity_id"):
                _need_id(a["entity_id"], f"{role}.entity_id")
    if "date" in payload and payload["date"] is not None and not _DATE_RE.match(str(payload["date"])):
        raise CorrectionError("date must be YYYY-MM-DD")
    if "fatalities" in payload and payload["fatalities"] is not None:
        if not isinstance(payload["fatalities"], int) or payload["fatalities"] < 0:
            raise CorrectionError("fatalities must be a non-negative integer")
    if "location" in payload and payload["location"] is not None and not isinstance(payload["location"], dict):
        raise CorrectionError("location must be an object {text, name_en, lat, lon, admin1, country}")


def validate(kind: str, target: dict[str, Any], payload: dict[str, Any]) -> str:
    """Check a correction; returns its ``target_key``.  Raises :class:`CorrectionError`."""
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction kind {kind!r} (one of {', '.join(KINDS)})")
    if not isinstance(target, dict) or not isinstance(payload, dict):
        raise CorrectionError("target and payload must be objects")
    if kind == "undo":
        return _need_text(target.get("correction_uid"), "target.correction_uid", 36)
    if kind in EVENT_KINDS:
        key = _need_text(target.get("event_key"), "target.event_key", 200)
        parse_event_key(key)
        if kind == "set_event":
            _check_set_event(payload)
        return key
    eid = _need_id(target.get("entity_id"), "target.entity_id")
    if kind == "merge_entities":
        into = _need_id(payload.get("into"), "payload.into")
        if into == eid:
            raise CorrectionError("cannot merge an entity into itself")
    elif kind == "split_entity":
        forms = payload.get("surface_forms")
        if not isinstance(forms, list) or not forms:
            raise CorrectionError("split_entity needs payload.surface_forms (a non-empty list)")
        for f in forms:
            _need_text(f, "surface form")
        if payload.get("new_id"):
            _need_id(payload["new_id"], "payload.new_id")
    elif kind == "add_alias":
        _need_text(payload.get("alias"), "payload.alias")
    elif kind == "set_entity_type":
        _check_type(payload.get("type"))
    elif kind == "promote_entity":
        new_id = payload.get("new_id")
        if not isinstance(new_id, str) or not _KB_ID_RE.match(new_id):
            raise CorrectionError("payload.new_id must be a knowledge-base id: grp:|org:|per: + lowercase slug")
        etype = _check_type(payload.get("type"))
        if KB_PREFIX.get(etype) != new_id.split(":")[0]:
            raise CorrectionError(f"a {etype} is promoted to a {KB_PREFIX.get(etype, '?')}: id")
        _need_text(payload.get("name_ar"), "payload.name_ar")
    return eid


# --------------------------------------------------------------------------------- the log
def entry_dict(row: Any) -> dict[str, Any]:
    m = row._mapping if hasattr(row, "_mapping") else row
    at = m["at"]
    return {
        "id": m["id"], "uid": m["uid"], "kind": m["kind"], "target": m["target"], "payload": m["payload"],
        "by": m["by"], "why": m["why"], "at": at.isoformat(timespec="seconds") + "Z" if isinstance(at, datetime) else at,
        "origin": m["origin"],
    }


def append(conn: Any, kind: str, target: dict[str, Any], payload: dict[str, Any] | None, by: str,
           why: str | None = None, *, uid: str | None = None, at: datetime | None = None,
           origin: str | None = None) -> dict[str, Any]:
    """Validate and append one entry; returns it (as :func:`entry_dict`)."""
    payload = dict(payload or {})
    by = _need_text(by, "by (who made the correction)", 200)
    key = validate(kind, target, payload)
    article_id = parse_event_key(key)[0] if kind in EVENT_KINDS else None
    if kind == "undo" and not conn.execute(select(CorrectionRow.id).where(CorrectionRow.uid == key)).first():
        raise CorrectionError(f"no correction with uid {key}")
    values = {"uid": uid or str(uuid.uuid4()), "kind": kind, "target": dict(target), "payload": payload,
              "target_key": key, "article_id": article_id, "by": by, "why": why, "at": at or utcnow(),
              "origin": origin}
    new_id = conn.execute(insert(CorrectionRow).values(**values)).inserted_primary_key[0]
    return entry_dict({"id": new_id, **values})


def entries(conn: Any, *, kinds: Iterable[str] | None = None, target_key: str | None = None,
            article_id: str | None = None, limit: int | None = None, offset: int = 0,
            newest_first: bool = False) -> list[dict[str, Any]]:
    q = select(CorrectionRow)
    if kinds:
        q = q.where(CorrectionRow.kind.in_(list(kinds)))
    if target_key:
        q = q.where(CorrectionRow.target_key == target_key)
    if article_id:
        q = q.where(CorrectionRow.article_id == article_id)
    q = q.order_by(CorrectionRow.id.desc() if newest_first else CorrectionRow.id)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return [entry_dict(r) for r in conn.execute(q).mappings()]


def undone_uids(all_entries: list[dict[str, Any]]) -> set[str]:
    """uids currently undone.  An entry is in force unless an undo in force names it, so undoing an
    undo re-activates the original.  (An undo always follows its target in the log.)"""
    undos_of: dict[str, list[str]] = {}
    for e in all_entries:
        if e["kind"] == "undo":
            undos_of.setdefault(e["target"]["correction_uid"], []).append(e["uid"])
    effective: dict[str, bool] = {}
    for e in reversed(all_entries):
        effective[e["uid"]] = not any(effective.get(u, False) for u in undos_of.get(e["uid"], ()))
    return {uid for uid, ok in effective.items() if not ok}


def active(conn: Any) -> list[dict[str, Any]]:
    """The corrections in force (not undone, undo entries excluded), in log order."""
    all_e = entries(conn)
    gone = undone_uids(all_e)
    return [e for e in all_e if e["kind"] != "undo" and e["uid"] not in gone]


# --------------------------------------------------------------------------------- JSONL
def export_jsonl(conn: Any, fh: IO[str]) -> int:
    """Write the whole log, one JSON object a line (log order); returns the number of entries."""
    n = 0
    for e in iter_export(conn):
        fh.write(e)
        n += 1
    return n


def iter_export(conn: Any) -> Iterator[str]:
    for e in entries(conn):
        e = {k: v for k, v in e.items() if k != "id"}
        yield json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"


def import_jsonl(conn: Any, lines: Iterable[str], origin: str = "import") -> dict[str, Any]:
    """Append entries from a JSONL export; entries whose ``uid`` is already present are skipped.

    Returns ``{"imported", "skipped", "errors": [(line number, message)]}``; a bad line is reported,
    not fatal.
    """
    have = set(conn.execute(select(CorrectionRow.uid)).scalars())
    out: dict[str, Any] = {"imported": 0, "skipped": 0, "errors": []}
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        try:
            e = json.loads(line)
            if not isinstance(e, dict) or not isinstance(e.get("uid"), str):
                raise CorrectionError("each line must be an object with a uid")
            if e["uid"] in have:
                out["skipped"] += 1
                continue
            at = e.get("at")
            when = datetime.fromisoformat(at.rstrip("Z")) if isinstance(at, str) and at else None
            append(conn, e.get("kind", ""), e.get("target") or {}, e.get("payload") or {}, e.get("by") or "",
                   e.get("why"), uid=e["uid"], at=when, origin=e.get("origin") or origin)
            have.add(e["uid"])
            out["imported"] += 1
        except (CorrectionError, ValueError, TypeError) as exc:
            out["errors"].append((n, str(exc)))
    return out
