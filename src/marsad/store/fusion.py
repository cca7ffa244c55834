"""Cross-source fusion: near-duplicate articles and one event per real-world event.

1. **Article groups.** Each article gets a MinHash signature (datasketch) of its normalised word
   3-shingles.  The signature's LSH bands are stored in ``article_bands``, so candidates are found
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
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from datasketch import MinHash
from sqlalchemy import delete, false, insert, or_, select, update

from marsad.model import Article
from marsad.store.models import ArticleBandRow, ArticleRow, EventClusterRow, EventRow
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
def _permutations(num_perm: int) -> Any:
    return MinHash(num_perm=num_perm, seed=1, scheme="affine64").permutations


def signature(body: str, cfg: FusionConfig, *, normalized: bool = False) -> np.ndarray:
    words = _WORD_RE.findall(body if normalized else normalize_key(body))
    k = cfg.shingle
    shingles = {" ".join(words[i:i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))}
    mh = MinHash(num_perm=cfg.num_perm, seed=1, permutations=_permutations(cfg.num_perm), scheme="affine64")
    mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint64)


def band_hashes(sig: np.ndarray, cfg: FusionConfig) -> list[str]:
    rows = cfg.num_perm // cfg.bands
    return [hashlib.sha1(sig[b * rows:(b + 1) * rows].tobytes()).hexdigest()[:16] for b in range(cfg.bands)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def assign_groups(conn: Any, articles: list[Article], cfg: FusionConfig) -> dict[str, str]:
    """Give each (new or re-analysed) article its near-duplicate group; returns id → group id."""
    sigs = {a.id: signature(a.norm.text, cfg, normalized=True) for a in articles}
    bands = {aid: band_hashes(s, cfg) for aid, s in sigs.items()}
    all_hashes = sorted({h for hs in bands.values() for h in hs})
    ids = list(sigs)
    # existing bands (other articles) sharing any hash, fetched in one indexed query per chunk
    cand_by_band: dict[tuple[int, str], set[str]] = {}
    for i in range(0, len(all_hashes), 500):
        chunk = all_hashes[i:i + 500]
        for aid, band, h in conn.execute(
            select(ArticleBandRow.article_id, ArticleBandRow.band, ArticleBandRow.hash).where(
                ArticleBandRow.hash.in_(chunk)
            )
        ):
            if aid not in sigs:
                cand_by_band.setdefault((band, h), set()).add(aid)
    conn.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id.in_(ids)))
    known: dict[str, tuple[np.ndarray, str]] = {}
    cand_ids = {c for s in cand_by_band.values() for c in s}
    if cand_ids:
        for aid, mh, gid in conn.execute(
            select(ArticleRow.id, ArticleRow.minhash, ArticleRow.group_id).where(ArticleRow.id.in_(list(cand_ids)))
        ):
            if mh:
                known[aid] = (np.frombuffer(mh, dtype=np.uint64), gid or aid)
    groups: dict[str, str] = {}
    band_rows = []
    for a in articles:  # in input order, so the first-seen article founds the group
        sig, hs = sigs[a.id], bands[a.id]
        cands = {c for b, h in enumerate(hs) for c in cand_by_band.get((b, h), ())}
        best, best_j = None, 0.0
        for c in cands:
            if c in known:
                j = jaccard(sig, known[c][0])
                if j > best_j:
                    best, best_j = c, j
        gid = known[best][1] if best is not None and best_j >= cfg.dup_threshold else a.id
        groups[a.id] = gid
        known[a.id] = (sig, gid)
        for b, h in enumerate(hs):
            cand_by_band.setdefault((b, h), set()).add(a.id)
            band_rows.append({"article_id": a.id, "band": b, "hash": h})
        conn.execute(update(ArticleRow).where(ArticleRow.id == a.id).values(group_id=gid, minhash=sig.tobytes()))
    if band_rows:
        conn.execute(insert(ArticleBandRow), band_rows)
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


def fuse_events(conn: Any, article_ids: list[str], cfg: FusionConfig, event_ids: list[int] | None = None) -> set[int]:
    """Attach the events of these articles (or only the rows ``event_ids``) to clusters; returns the clusters touched."""
    ev_cols = [EventRow.id, EventRow.reported, *(getattr(EventRow, c) for c in _CLUSTER_COLS)]
    where = EventRow.id.in_(event_ids) if event_ids is not None else EventRow.article_id.in_(article_ids)
    events = [dict(r._mapping) for r in conn.execute(
        select(*ev_cols).where(where).order_by(EventRow.article_id, EventRow.seq)
    )]
    touched: set[int] = set()
    for ev in events:
        key = _parse(ev["date"] or ev["reported"])
        q = select(EventClusterRow).where(EventClusterRow.sub_event_type == ev["sub_event_type"])
        if key:
            lo = (key - timedelta(days=cfg.window_days)).isoformat()
            hi = (key + timedelta(days=cfg.window_days)).isoformat()
            q = q.where(EventClusterRow.date_key.between(lo, hi))
        else:
            # undated (no event date, no publication date): only clusters sharing an actor or the
            # place name can be the same event; found through indexed columns, not a type-wide scan
            actors = [a for a in (ev["actor1_id"], ev["actor2_id"]) if a]
            conds = [EventClusterRow.actor1_id.in_(actors), EventClusterRow.actor2_id.in_(actors)] if actors else []
            if ev["location_text"]:
                conds.append(EventClusterRow.location_text == ev["location_text"])
            q = q.where(or_(*conds)) if conds else q.where(false())
        best, best_s = None, -1.0
        for row in conn.execute(q.limit(500)):
            cl = dict(row._mapping)
            s = match_score(ev, cl, cfg)
            if s is not None and s > best_s:
                best, best_s = cl["id"], s
        if best is None:
            vals = {c: ev[c] for c in _CLUSTER_COLS}
            vals["first_reported"] = vals["last_reported"] = ev["reported"]
            vals["date_key"] = ev["date"] or ev["reported"]
            best = conn.execute(insert(EventClusterRow).values(**vals)).inserted_primary_key[0]
        conn.execute(update(EventRow).where(EventRow.id == ev["id"]).values(cluster_id=best))
        touched.add(best)
    refresh_clusters(conn, touched)
    return touched


def refresh_clusters(conn: Any, cluster_ids: set[int]) -> None:
    """Recompute each cluster's sources, dates and modalities from its reports; drop empty ones."""
    for cid in cluster_ids:
        rows = conn.execute(
            select(EventRow.article_id, ArticleRow.group_id, EventRow.reported, EventRow.modality,
                   EventRow.date, EventRow.fatalities, EventRow.confidence)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(EventRow.cluster_id == cid)
        ).all()
        if not rows:
            conn.execute(delete(EventClusterRow).where(EventClusterRow.id == cid))
            continue
        reported = sorted(r.reported for r in rows if r.reported)
        dates = sorted(r.date for r in rows if r.date)
        fat = [r.fatalities for r in rows if r.fatalities is not None]
        conn.execute(update(EventClusterRow).where(EventClusterRow.id == cid).values(
            source_count=len({r.group_id or r.article_id for r in rows}),
            article_count=len({r.article_id for r in rows}),
            first_reported=reported[0] if reported else None,
            last_reported=reported[-1] if reported else None,
            modalities=",".join(sorted({r.modality for r in rows})),
            date=dates[0] if dates else None,
            date_key=dates[0] if dates else (reported[0] if reported else None),
            fatalities=max(fat) if fat else None,
            confidence=max(r.confidence for r in rows),
        ))
