"""ACLED-style CSV of the fused events: ACLED's columns in ACLED's order, then Marsad's own columns.

Codes (inter codes, countries, disorder types, source scale, the notes template) come from
``knowledge/data/acled_codes.yaml`` and ``taxonomy.yaml``; see docs/exports.md for the rules.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from marsad.export.common import (
    ActorNames,
    Progress,
    ProgressFn,
    atomic_text,
    disorder_types,
    load_codes,
    outlet_info,
    unique,
)
from marsad.store.queries import EventFilter, iter_events
from marsad.text.normalize import normalize_key

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
MARSAD_COLUMNS: tuple[str, ...] = (
    "evidence", "modality", "attributed_to", "source_urls", "marsad_event_id", "confidence", "source_count",
    "marsad_fatalities",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + MARSAD_COLUMNS


class AcledCoder:
    """Turns one fused event (a dict from ``iter_events``) into an ACLED CSV row."""

    def __init__(self, names: ActorNames, codes: dict[str, Any] | None = None, timestamp: int | None = None):
        self.names = names
        self.codes = codes or load_codes()
        self.timestamp = int(time.time()) if timestamp is None else timestamp
        self.countries: dict[str, dict[str, Any]] = self.codes["countries"]
        inter = self.codes["inter"]
        self._cues = [
            (int(c["code"]), c["name"], [normalize_key(w) for w in c["words"]]) for c in inter.get("text_cues") or []
        ]

    # ------------------------------------------------------------------ actors
    def _home_state(self, origin: str | None, country: str | None) -> int:
        hs = self.codes["inter"]["home_state"]
        return int(hs["own"] if origin and country and origin.upper() == country.upper() else hs["foreign"])

    def inter_code(self, actor_id: str | None, actor_text: str | None, country: str | None) -> tuple[int, str]:
        """(ACLED inter code, English actor name) of one event actor."""
        inter = self.codes["inter"]
        if not actor_id and not actor_text:
            return int(inter["no_actor"]), ""
        info = self.names.get(actor_id)
        name = (info.label if info else None) or actor_text or actor_id or ""
        if actor_id and actor_id in (inter.get("overrides") or {}):
            return int(inter["overrides"][actor_id]), name
        if info is not None and info.kind:
            table = inter["by_group_kind"] if info.type == "ARMED_GROUP" else inter.get("by_org_kind") or {}
            code = table.get(info.kind)
            if code == "home_state":
                return self._home_state(info.origin_country, country), name
            if code is not None:
                return int(code), name
        if info is None or info.type not in ("ARMED_GROUP", "ORGANIZATION", "PERSON"):
            key = normalize_key(actor_text or "")
            for code, generic, words in self._cues:
                if any(w and w in key for w in words):
                    cname = self.countries.get((country or "").upper(), {}).get("name") or "Unknown"
                    return code, generic.format(country=cname)
        return int(inter["default"]), name

    @staticmethod
    def interaction(inter1: int, inter2: int) -> int:
        if inter2 == 0:
            return inter1 * 10
        if inter1 == 0:
            return inter2 * 10
        lo, hi = sorted((inter1, inter2))
        return lo * 10 + hi

    # ------------------------------------------------------------------ sources
    def source_scale(self, outlets: list[str], country: str | None) -> str:
        cfg = self.codes["source_scale"]
        region = self.countries.get((country or "").upper(), {}).get("region")
        scales: set[str] = set()
        for o in outlets:
            _, oc, alignment = outlet_info(o)
            if oc is None and alignment is None:
                continue
            if alignment in cfg["international_alignments"]:
                scales.add("International")
            elif oc and country and oc.upper() == country.upper():
                scales.add("National")
            elif oc and region and self.countries.get(oc.upper(), {}).get("region") == region:
                scales.add("Regional")
            else:
                scales.add("International")
        ordered = [s for s in cfg["order"] if s in scales]
        return "-".join(ordered) if ordered else cfg["unknown"]

    # ------------------------------------------------------------------ notes
    def notes(self, ev: dict[str, Any], date: str, actor1: str, actor2: str, country_name: str,
              evidence: str | None, outlet: str | None) -> str:
        t = self.codes["notes"]
        if actor1 and actor2:
            actors = t["actors_two"].format(actor1=actor1, actor2=actor2)
        elif actor1 or actor2:
            actors = t["actors_one"].format(actor1=actor1 or actor2)
        else:
            actors = t["actors_none"]
        out = t["lead"].format(date=date, actors=actors, sub_event_type=ev["sub_event_type"],
                               event_type=ev["event_type"])
        location = ev.get("location_name_en") or ev.get("location_text")
        if location:
            out += t["place"].format(location=location)
            if ev.get("admin1") and ev["admin1"] != location:
                out += t["admin1"].format(admin1=ev["admin1"])
        if country_name:
            out += t["country"].format(country=country_name)
        if ev.get("fatalities") is not None:
            out += t["fatalities"].format(fatalities=ev["fatalities"])
        modalities = [m for m in (ev.get("modalities") or "").split(",") if m and m != "asserted"]
        if modalities:
            out += t["modality"].format(modality=" / ".join(modalities))
            attributed = unique(s.get("attributed_to") for s in ev.get("sources") or [])
            if attributed:
                out += t["attributed"].format(attributed_to="; ".join(attributed))
        if evidence:
            text = " ".join(evidence.split())
            limit = int(t.get("max_evidence_chars") or 400)
            if len(text) > limit:
                text = text[:limit].rstrip() + "…"
            out += (t["evidence"] if outlet else t["evidence_no_outlet"]).format(evidence=text, outlet=outlet)
        return out + t["end"]

    # ------------------------------------------------------------------ row
    def row(self, ev: dict[str, Any]) -> dict[str, Any] | None:
        """The CSV row of a fused event, or None when the event has no date at all."""
        date = ev.get("date") or ev.get("first_reported")
        if not date:
            return None
        time_precision = ev.get("time_precision") or (2 if not ev.get("date") else 1)
        cc = (ev.get("country") or "").upper() or None
        cinfo = self.countries.get(cc or "", {})
        inter1, actor1 = self.inter_code(ev.get("actor1_id"), ev.get("actor1_text"), cc)
        inter2, actor2 = self.inter_code(ev.get("actor2_id"), ev.get("actor2_text"), cc)
        sources = ev.get("sources") or []
        outlets = unique(s.get("outlet") for s in sources)
        outlet_names = unique(outlet_info(o)[0] for o in outlets)
        first = next((s for s in sources if s.get("evidence_text")), None)
        disorder = disorder_types().get(f"{ev['event_type']}|{ev['sub_event_type']}") or \
            self.codes["disorder_type_by_event_type"].get(ev["event_type"], "")
        ct = self.codes["civilian_targeting"]
        has_coords = ev.get("lat") is not None and ev.get("lon") is not None
        return {
            "event_id_cnty": f"{cinfo.get('iso3') or self.codes['unknown_iso3']}{ev['id']}",
            "event_date": date, "year": int(date[:4]), "time_precision": int(time_precision),
            "disorder_type": disorder, "event_type": ev["event_type"], "sub_event_type": ev["sub_event_type"],
            "actor1": actor1, "assoc_actor_1": "", "inter1": inter1,
            "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
            "interaction": self.interaction(inter1, inter2),
            "civilian_targeting": ct["value"] if int(ct["code"]) == inter2 else "",
            "iso": cinfo.get("iso", ""), "region": cinfo.get("region", ""), "country": cinfo.get("name", cc or ""),
            "admin1": ev.get("admin1") or "", "admin2": "", "admin3": "",
            "location": ev.get("location_name_en") or ev.get("location_text") or "",
            "latitude": f"{ev['lat']:.5f}" if has_coords else "",
            "longitude": f"{ev['lon']:.5f}" if has_coords else "",
            "geo_precision": ev.get("geo_precision") or 3,
            "source": "; ".join(outlet_names),
            "source_scale": self.source_scale(outlets, cc),
            "notes": self.notes(ev, date, actor1, actor2, cinfo.get("name", ""),
                                first.get("evidence_text") if first else None,
                                outlet_info(first["outlet"])[0] if first and first.get("outlet") else None),
            "fatalities": int(ev["fatalities"]) if ev.get("fatalities") is not None else 0,
            "tags": "", "timestamp": self.timestamp,
            "evidence": " | ".join(unique(" ".join(s["evidence_text"].split()) for s in sources
                                          if s.get("evidence_text"))),
            "modality": ev.get("modalities") or "",
            "attributed_to": "; ".join(unique(s.get("attributed_to") for s in sources)),
            "source_urls": " ".join(unique(s.get("url") for s in sources)),
            "marsad_event_id": ev["id"], "confidence": round(float(ev.get("confidence") or 0.0), 3),
            "source_count": ev.get("source_count") or len(sources),
            "marsad_fatalities": ev["fatalities"] if ev.get("fatalities") is not None else "",
        }


def write_acled(conn: Any, path: Path, flt: EventFilter | None, progress: ProgressFn) -> dict[str, Any]:
    prog = Progress(progress)
    coder = AcledCoder(ActorNames(conn))
    skipped = 0
    with atomic_text(path, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for ev in iter_events(conn, flt or EventFilter()):
            row = coder.row(ev)
            if row is None:
                skipped += 1
                continue
            w.writerow(row)
            prog.tick()
    prog.done()
    return {"events": prog.n, "skipped_undated": skipped}
