"""Cross-source fusion: near-duplicate articles and one event per real-world event.

1. **Article groups.** Each article gets a MinHash signature (vectorised in numpy) of its normalised
   word 3-shingles.  The signature's LSH band keys are stored in ``article_lsh`` (and, until they are
   merged there in bulk, in ``article_lsh_recent``: :class:`RecentBands`), so candidates are found
   with an indexed query, across runs and on any database.  An article whose estimated Jaccard
   similarity with an earlier one reaches ``dup_threshold`` joins that article's group
   (``articles.group_id``): a republished copy is grouped, not counted as a second source.
2. **Event clusters.** Each event row joins the best matching cluster (``event_clusters``) with
   the same sub-event type whose date lies within ``window_days`` and which shares an actor or lies
   within ``radius_km`` (when both have coordinates they must be within the radius); otherwise it
   starts a new cluster.  A cluster keeps all its reports (event rows → articles), the number of
   distinct stories (``source_count``, counted over article groups), first/last reported dates and
   the set of modalities, so one outlet's claim and another's denial stay side by side.

The criteria live in :class:`FusionConfig` (defaults below, overridable by a YAML file named in
``MARSAD_FUSION_CONFIG``).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import bindparam, delete, insert, or_, select, text, update

from marsad.store import bulk
from marsad.store.models import ArticleRow, EventClusterRow, EventRow
from marsad.text.normalize import normalize_key

_WORD_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class FusionConfig:
    radius_km: float = 25.0
    window_days: int = 3
    dup_threshold: float = 0.7
    num_perm: int = 128
    bands: int = 16
    shingle: int = 3

    @classmethod
    def load(cls, path: str | Path | None = None) -> FusionConfig:
        path = path or os.environ.get("MARSAD_FUSION_CONFIG")
        if not path:
            return cls()
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{path}: unknown fusion option(s): {', '.join(sorted(unknown))}")
        return cls(**data)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """``num_perm`` hash functions h(x) = (a·x + b) mod 2^64 >> 32 (multiply-shift, a odd), fixed seed."""
    rng = np.random.default_rng(1)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


@lru_cache(maxsize=200_000)
def word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (words repeat across articles, so it is cached)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)
_SHIFT = np.uint64(32)


def shingle_hashes(word_hashes: np.ndarray, k: int) -> np.ndarray:
    """The 64-bit hashes of the word ``k``-shingles, from the words' hashes (uint64 arithmetic,
    which wraps mod 2^64 by design); a text shorter than ``k`` words is one shingle.  Repeated
    shingles are left in: they do not change a minimum."""
    n_words = len(word_hashes)
    if not n_words:
        return np.zeros(1, dtype=np.uint64)
    n = max(1, n_words - k + 1)
    with np.errstate(over="ignore"):
        h = word_hashes[:n].copy()
        for j in range(1, min(k, n_words)):
            h = h * _MIX1 + word_hashes[j:j + n]
        h ^= h >> _SHIFT
        h *= _MIX2
        h ^= h >> _SHIFT
    return h


def signature_from_shingles(word_hashes: np.ndarray, cfg: FusionConfig) -> np.ndarray:
    """MinHash signature (``cfg.num_perm`` uint64 values) from the hashes of a text's words in order."""
    h = shingle_hashes(word_hashes, cfg.shingle)
    a, b = _permutations(cfg.num_perm)
    with np.errstate(over="ignore"):
        m = np.multiply.outer(h, a)
        m += b
        # x >> 32 is monotonic, so the minimum is shifted instead of every value (same result)
        return m.min(axis=0) >> _SHIFT


def signature(body: str, cfg: FusionConfig, *, normalized: bool = False) -> np.ndarray:
    """MinHash signature of the normalised word shingles of ``body``."""
    words = _WORD_RE.findall(body if normalized else normalize_key(body))
    wh = np.fromiter((word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    return signature_from_shingles(wh, cfg)


_BAND_MIX = 0x9E3779B97F4A7C15  # odd: b -> b * _BAND_MIX is one-to-one mod 2^64
_U64 = (1 << 64) - 1


def band_key(band: int, h: int) -> int:
    """One signed 64-bit integer for LSH band number ``band`` with 64-bit hash ``h`` (the key of
    ``article_lsh``): two articles are candidates when they share a band number and its hash, i.e.
    a key (up to a 2^-64 chance of two different pairs meeting)."""
    k = (h + band * _BAND_MIX) & _U64
    return k - (1 << 64) if k >> 63 else k


def band_hashes(sig: np.ndarray, cfg: FusionConfig) -> list[int]:
    """The signature's LSH band keys (:func:`band_key` of each band's 64-bit SHA-1 prefix)."""
    rows = cfg.num_perm // cfg.bands
    return [band_key(b, int.from_bytes(hashlib.sha1(sig[b * rows:(b + 1) * rows].tobytes()).digest()[:8], "big"))
            for b in range(cfg.bands)]


def keys_blob(keys: Sequence[int]) -> bytes:
    """An article's band keys as stored with it (``articles.lsh_keys``, to delete its rows later)."""
    return np.array(keys, dtype="<i8").tobytes()


def keys_of_blob(blob: bytes | None) -> list[int]:
    return np.frombuffer(blob, dtype="<i8").tolist() if blob else []


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


MERGE_AT = 8192  # articles waiting in article_lsh_recent before they are merged into article_lsh


class RecentBands:
    """The band keys of the articles not yet merged into ``article_lsh``, as one store last read them.

    Sixteen band keys per article are random keys: inserted one batch at a time into the
    ``article_lsh`` B-tree, each lands on its own page once the tree outgrows the batch, so a batch
    wrote ~16 pages an article (to the WAL, then again at the checkpoint), more as the store grew.
    New articles' keys are therefore appended to ``article_lsh_recent`` instead, one row per article
    (its keys as a blob, rows in id order: a few pages per batch), and when ``merge_at`` articles
    wait there they move to ``article_lsh`` in one sorted insert (:func:`merge_recent`), which writes
    each page of the big tree at most once for thousands of articles.

    Look-ups read both: ``article_lsh`` by key, and the recent rows from this map, which
    :meth:`sync` makes a copy of the table as the save's transaction sees it: the ids present are
    read (a few thousand integers), rows no longer there (merged, or deleted on re-analysis, by this
    store or another writer) are dropped and rows not read yet are fetched.  Row ids are never reused
    (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), so an id names one row for good, and rows
    committed out of id order by concurrent writers are still found.
    """

    def __init__(self, merge_at: int = MERGE_AT):
        self.merge_at = merge_at
        self.rows: dict[int, tuple[str, bytes]] = {}  # row id -> (article id, keys_blob)
        self.by_key: dict[int, str] = {}  # key -> the first article holding it
        self.more: dict[int, list[str]] = {}  # key -> further articles holding it (rare)

    def _add(self, rid: int, aid: str, blob: bytes) -> None:
        self.rows[rid] = (aid, blob)
        for k in keys_of_blob(blob):
            if k not in self.by_key:
                self.by_key[k] = aid
            else:
                self.more.setdefault(k, []).append(aid)

    def _drop(self, rid: int) -> None:
        aid, blob = self.rows.pop(rid)
        for k in keys_of_blob(blob):
            others = self.more.get(k)
            if self.by_key.get(k) == aid:
                if others:
                    self.by_key[k] = others.pop(0)
                    if not others:
                        del self.more[k]
                else:
                    del self.by_key[k]
            elif others and aid in others:
                others.remove(aid)
                if not others:
                    del self.more[k]

    def sync(self, conn: Any) -> None:
        """Mirror ``article_lsh_recent`` as ``conn``'s transaction sees it (only the new rows are fetched)."""
        present = set(conn.execute(text("SELECT id FROM article_lsh_recent")).scalars())
        for rid in [r for r in self.rows if r not in present]:
            self._drop(rid)
        new = sorted(present.difference(self.rows))
        for rid, aid, blob in bulk.select_in(conn, "SELECT id, article_id, keys FROM article_lsh_recent "
                                                   "WHERE id IN ({})", new):
            self._add(rid, aid, bytes(blob))

    def holders(self, key: int) -> list[str]:
        first = self.by_key.get(key)
        if first is None:
            return []
        return [first, *self.more.get(key, ())]

    def append(self, conn: Any, rows: Sequence[tuple[str, bytes]]) -> None:
        """Store new articles' keys: ``(article id, keys_blob)`` rows; merges once ``merge_at`` wait."""
        bulk.executemany(conn, "INSERT INTO article_lsh_recent (article_id, keys) VALUES (?, ?)", rows)
        if rows and len(self.rows) + len(rows) >= self.merge_at:
            merge_recent(conn)


def merge_recent(conn: Any) -> int:
    """Move every row of ``article_lsh_recent`` into ``article_lsh`` (keys sorted); returns the articles moved."""
    pending = conn.execute(text("SELECT id, article_id, keys FROM article_lsh_recent ORDER BY id")).all()
    if not pending:
        return 0
    # (key, article) pairs in key order, as numpy arrays (no Python tuple per key held at once);
    # a key repeated within one article is written once
    aids = [aid for _, aid, _ in pending]
    arrays = [np.frombuffer(blob, dtype="<i8") for _, _, blob in pending]
    keys = np.concatenate(arrays)
    owner = np.repeat(np.arange(len(pending)), [len(a) for a in arrays])
    order = np.lexsort((owner, keys))
    keys, owner = keys[order], owner[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1])
    keys, owner = keys[keep], owner[keep]
    for i in range(0, len(keys), 20000):
        bulk.executemany(conn, "INSERT INTO article_lsh (band_key, article_id) VALUES (?, ?)",
                         [(k, aids[o]) for k, o in zip(keys[i:i + 20000].tolist(), owner[i:i + 20000].tolist(),
                                                         strict=True)])
    conn.execute(text("DELETE FROM article_lsh_recent WHERE id <= :m"), {"m": pending[-1][0]})
    return len(pending)


def assign_groups(conn: Any, items: list[tuple[str, np.ndarray, Sequence[int]]], cfg: FusionConfig,
                  *, fresh: bool = False, recent: RecentBands | None = None) -> dict[str, str]:
    """Give each (new or re-analysed) article its near-duplicate group.

    ``items`` are ``(article_id, minhash signature, band keys)`` in input order (the first-seen
    article founds a group).  Returns ``id → group id``: the caller stores ``group_id``, ``minhash``
    and ``lsh_keys`` (:func:`keys_blob`) with the article row, then the keys themselves with
    :meth:`RecentBands.append`.  ``fresh=True`` when none of the articles is stored yet (no old band
    rows to delete).  ``recent`` is the caller's :class:`RecentBands` (kept between saves; a new one
    reads all recent rows).
    """
    recent = recent if recent is not None else RecentBands()
    recent.sync(conn)
    sigs = {aid: sig for aid, sig, _ in items}
    keys = {aid: [int(k) for k in ks] for aid, _, ks in items}
    ids = list(sigs)
    # stored band rows (other articles) sharing any key: merged ones, fetched in one primary-key query
    # per chunk (the keys are integers made here, so they are written into the statement), and recent ones
    cand_by_key: dict[int, set[str]] = {}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    for i in range(0, len(all_keys), 2000):
        in_list = ",".join(map(str, all_keys[i:i + 2000]))
        for k, aid in conn.exec_driver_sql(f"SELECT band_key, article_id FROM article_lsh WHERE band_key IN ({in_list})"):
            if aid not in sigs:
                cand_by_key.setdefault(k, set()).add(aid)
    for k in all_keys:
        for aid in recent.holders(k):
            if aid not in sigs:
                cand_by_key.setdefault(k, set()).add(aid)
    if not fresh:  # the re-analysed articles' old rows, found by the keys stored with them
        old = [(k, aid) for aid, blob in bulk.select_in(conn, "SELECT id, lsh_keys FROM articles WHERE id IN ({})", ids)
               for k in keys_of_blob(blob)]
        bulk.executemany(conn, "DELETE FROM article_lsh WHERE band_key = ? AND article_id = ?", old)
        bulk.execute_in(conn, "DELETE FROM article_lsh_recent WHERE article_id IN ({})", ids)
    known: dict[str, tuple[np.ndarray, str]] = {}
    cand_ids = sorted({c for s in cand_by_key.values() for c in s})
    for aid, mh, gid in bulk.select_in(conn, "SELECT id, minhash, group_id FROM articles WHERE id IN ({})", cand_ids):
        if mh:
            known[aid] = (np.frombuffer(mh, dtype=np.uint64), gid or aid)
    groups: dict[str, str] = {}
    for aid in ids:
        sig, ks = sigs[aid], keys[aid]
        cands = {c for k in ks for c in cand_by_key.get(k, ())}
        best, best_j = None, 0.0
        for c in cands:
            if c in known:
                j = jaccard(sig, known[c][0])
                if j > best_j:
                    best, best_j = c, j
        gid = known[best][1] if best is not None and best_j >= cfg.dup_threshold else aid
        groups[aid] = gid
        known[aid] = (sig, gid)
        for k in ks:
            cand_by_key.setdefault(k, set()).add(aid)
    return groups


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _parse(d: str | None) -> date | None:
    try:
        return date.fromisoformat(d) if d else None
    except ValueError:
        return None


def match_score(ev: dict[str, Any], cl: dict[str, Any], cfg: FusionConfig) -> float | None:
    """How well an event fits a cluster (None = incompatible). Pure, so it is unit-tested alone."""
    if ev["sub_event_type"] != cl["sub_event_type"]:
        return None
    d1, d2 = _parse(ev["date"] or ev["reported"]), _parse(cl["date"] or cl["first_reported"])
    if d1 and d2 and abs((d1 - d2).days) > cfg.window_days:
        return None
    ev_actors = {ev["actor1_id"], ev["actor2_id"]} - {None}
    cl_actors = {cl["actor1_id"], cl["actor2_id"]} - {None}
    actor = bool(ev_actors & cl_actors)
    near = None
    if ev["lat"] is not None and cl["lat"] is not None:
        dist = _haversine_km(ev["lat"], ev["lon"], cl["lat"], cl["lon"])
        if dist > cfg.radius_km:
            return None
        near = dist
    if not actor and near is None:
        return None
    score = (2.0 if actor else 0.0) + (1.0 - (near or 0.0) / cfg.radius_km if near is not None else 0.0)
    if d1 and d2:
        score += 0.5 - abs((d1 - d2).days) / (2 * cfg.window_days + 1)
    return score


_CLUSTER_COLS = ("event_type", "sub_event_type", "plover", "actor1_id", "actor1_text", "actor2_id", "actor2_text",
                 "location_text", "location_name_en", "lat", "lon", "admin1", "country", "geo_precision",
                 "date", "time_precision", "fatalities", "confidence")


def _window_days(key: date, cfg: FusionConfig) -> list[str]:
    """The ISO days of ``key``'s window (date_key values are ISO days, so BETWEEN = these days)."""
    return [(key + timedelta(days=d)).isoformat() for d in range(-cfg.window_days, cfg.window_days + 1)]


def _undated_candidates(conn: Any, ev: dict[str, Any]) -> list[dict[str, Any]]:
    """Clusters an undated event (no event date, no publication date) may join: only those sharing
    an actor or the place name, found through indexed columns, not a type-wide scan."""
    actors = [a for a in (ev["actor1_id"], ev["actor2_id"]) if a]
    conds = [EventClusterRow.actor1_id.in_(actors), EventClusterRow.actor2_id.in_(actors)] if actors else []
    if ev["location_text"]:
        conds.append(EventClusterRow.location_text == ev["location_text"])
    if not conds:
        return []
    q = select(EventClusterRow).where(EventClusterRow.sub_event_type == ev["sub_event_type"], or_(*conds))
    return [dict(r._mapping) for r in conn.execute(q.limit(500))]


def fuse_events(conn: Any, article_ids: list[str], cfg: FusionConfig, event_ids: list[int] | None = None) -> set[int]:
    """Attach the events of these articles (or only the rows ``event_ids``) to clusters; returns the clusters touched.

    Events are taken in article order; each joins the best-scoring compatible cluster
    (:func:`match_score`) among the stored ones and those started earlier in this batch, or starts
    a new cluster.  The stored candidates of a whole batch are fetched with one indexed query per
    sub-event type (the days of its events' windows), not one query per event.
    """
    ev_cols = [EventRow.id, EventRow.reported, *(getattr(EventRow, c) for c in _CLUSTER_COLS)]
    where = EventRow.id.in_(event_ids) if event_ids is not None else EventRow.article_id.in_(article_ids)
    events = [dict(r._mapping) for r in conn.execute(
        select(*ev_cols).where(where).order_by(EventRow.article_id, EventRow.seq)
    )]
    keys = [_parse(ev["date"] or ev["reported"]) for ev in events]
    # stored candidates of dated events: per sub-event type, the clusters dated on any day of the
    # batch's windows (one indexed query per type and 500 days), kept by (type, day)
    days: dict[str, set[str]] = {}
    for ev, key in zip(events, keys, strict=True):
        if key:
            days.setdefault(ev["sub_event_type"], set()).update(_window_days(key, cfg))
    pool: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for sub, wanted in days.items():
        ordered = sorted(wanted)
        for i in range(0, len(ordered), 500):
            for r in conn.execute(select(EventClusterRow).where(EventClusterRow.sub_event_type == sub,
                                                                 EventClusterRow.date_key.in_(ordered[i:i + 500]))):
                cl = dict(r._mapping)
                pool.setdefault((sub, cl["date_key"]), []).append(cl)
    touched: set[int] = set()
    links: list[dict[str, Any]] = []
    for ev, key in zip(events, keys, strict=True):
        if key:
            sub = ev["sub_event_type"]
            cands = [c for d in _window_days(key, cfg) for c in pool.get((sub, d), ())]
        else:
            cands = _undated_candidates(conn, ev)
        best, best_s = None, -1.0
        for cl in cands:
            s = match_score(ev, cl, cfg)
            if s is not None and s > best_s:
                best, best_s = cl["id"], s
        if best is None:
            vals = {c: ev[c] for c in _CLUSTER_COLS}
            vals["first_reported"] = vals["last_reported"] = ev["reported"]
            vals["date_key"] = ev["date"] or ev["reported"]
            best = conn.execute(insert(EventClusterRow), vals).inserted_primary_key[0]  # compiled once
            if key:  # later events of this batch may join it (as they would find it by a query)
                pool.setdefault((ev["sub_event_type"], vals["date_key"]), []).append({**vals, "id": best})
        links.append({"eid": ev["id"], "cid": best})
        touched.add(best)
    if links:
        conn.execute(update(EventRow).where(EventRow.id == bindparam("eid")).values(cluster_id=bindparam("cid")),
                     links)
    refresh_clusters(conn, touched)
    return touched


def refresh_clusters(conn: Any, cluster_ids: set[int]) -> None:
    """Recompute each cluster's sources, dates and modalities from its reports; drop empty ones."""
    ids = sorted(cluster_ids)
    reports: dict[int, list[Any]] = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(
            select(EventRow.cluster_id, EventRow.article_id, ArticleRow.group_id, EventRow.reported,
                   EventRow.modality, EventRow.date, EventRow.fatalities, EventRow.confidence)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(EventRow.cluster_id.in_(ids[i:i + 500]))
        ):
            reports.setdefault(r.cluster_id, []).append(r)
    empty = [cid for cid in ids if cid not in reports]
    if empty:
        conn.execute(delete(EventClusterRow).where(EventClusterRow.id.in_(empty)))
    updates = []
    for cid, rows in reports.items():
        reported = sorted(r.reported for r in rows if r.reported)
        dates = sorted(r.date for r in rows if r.date)
        fat = [r.fatalities for r in rows if r.fatalities is not None]
        updates.append({
            "cid": cid,  # the other keys get a "v_" prefix below: bind names may not equal column names
            "source_count": len({r.group_id or r.article_id for r in rows}),
            "article_count": len({r.article_id for r in rows}),
            "first_reported": reported[0] if reported else None,
            "last_reported": reported[-1] if reported else None,
            "modalities": ",".join(sorted({r.modality for r in rows})),
            "date": dates[0] if dates else None,
            "date_key": dates[0] if dates else (reported[0] if reported else None),
            "fatalities": max(fat) if fat else None,
            "confidence": max(r.confidence for r in rows),
        })
    if updates:
        cols = [k for k in updates[0] if k != "cid"]
        conn.execute(update(EventClusterRow).where(EventClusterRow.id == bindparam("cid"))
                     .values({c: bindparam(f"v_{c}") for c in cols}),
                     [{"cid": u["cid"], **{f"v_{c}": u[c] for c in cols}} for u in updates])
