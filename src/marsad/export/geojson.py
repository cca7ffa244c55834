"""GeoJSON (RFC 7946) FeatureCollection of the fused events as points, written feature by feature."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from marsad.export.common import ActorNames, Progress, ProgressFn, atomic_text, unique
from marsad.store.queries import EventFilter, iter_events

COORD_DECIMALS = 6  # RFC 7946 §11.2: about 10 cm, more is noise


def valid_point(lat: Any, lon: Any) -> bool:
    """WGS 84 coordinates in range (lat in [-90, 90], lon in [-180, 180], finite numbers)."""
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180


def feature(ev: dict[str, Any], names: ActorNames) -> dict[str, Any]:
    """One event as a GeoJSON Feature (``[lon, lat]`` order)."""
    props = {k: v for k, v in ev.items() if k not in ("lat", "lon", "sources")}
    for n in ("actor1", "actor2"):
        info = names.get(ev.get(f"{n}_id"))
        props[f"{n}_name_en"] = info.name_en if info else None
    sources = ev.get("sources") or []
    props["outlets"] = unique(s.get("outlet") for s in sources)
    props["source_urls"] = unique(s.get("url") for s in sources)
    props["sources"] = [
        {k: s.get(k) for k in ("article_id", "title", "outlet", "url", "modality", "attributed_to", "reported",
                               "evidence_text")}
        for s in sources
    ]
    return {
        "type": "Feature",
        "id": ev["id"],
        "geometry": {"type": "Point",
                     "coordinates": [round(float(ev["lon"]), COORD_DECIMALS), round(float(ev["lat"]), COORD_DECIMALS)]},
        "properties": props,
    }


def write_geojson(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    names = ActorNames(conn)
    skipped = 0
    with atomic_text(path) as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        first = True
        for ev in iter_events(conn, flt or EventFilter()):
            if not valid_point(ev.get("lat"), ev.get("lon")):
                skipped += 1
                continue
            if not first:
                fh.write(",\n")
            fh.write(json.dumps(feature(ev, names), ensure_ascii=False))
            first = False
            prog.tick()
        fh.write("\n]}\n")
    prog.done()
    return {"features": prog.n, "skipped_no_coordinates": skipped}
