"""Gazetteer: curated places and facilities, plus an optional SQLite index of a large gazetteer.

Data
----
- ``knowledge/data/places.tsv`` (curated, shipped): about 550 places of Syria, Iraq and their border
  areas (countries, governorates, districts, towns, villages, neighbourhoods, regions), ids ``plc:<slug>``.
- ``knowledge/data/facilities.yaml`` (curated, shipped): airports, air bases, shrines, border crossings,
  prisons, oil fields, dams and mountains, ids ``fac:<slug>``.
- ``$MARSAD_DATA_DIR/gazetteer.sqlite`` (``get_settings().gazetteer_path``, optional): built by
  ``marsad gazetteer build SOURCE...`` (:func:`build_index`) from the Who's On First/GeoNames TSV files
  of ``../shared/data/gazetteer`` (``*_places.tsv``) and/or standard GeoNames country dumps (``SY.txt``).
  Rows from these sources get ids ``gz:<id in the source>`` (``gz:wof:85678345``, ``gz:gn:170063``).
  The curated files are always loaded into the index as well.

When the SQLite index does not exist, :meth:`Gazetteer.open` builds an in-memory index of the
curated files only, so the bundled examples geocode without any external data.

Attribution for indexes built from the shared files: "Data from Who's On First
(https://whosonfirst.org/docs/licenses/). Contains GeoNames data (https://www.geonames.org, CC BY 4.0)."

Index layout: ``places(id, name_ar, name_en, placetype, feature_code, country, admin1_ar, admin1_en,
admin2_ar, lat, lon, population, is_current, source, wikidata)`` and ``names(key, place_id, kind)``
where ``key`` is :func:`~marsad.text.normalize.normalize_key` of a name and ``kind`` is 0 for the name
itself, 1 for the form without spaces (البو كمال → البوكمال) and 2 for the form without the article.
"""

from __future__ import annotations

import csv
import math
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR, get_settings
from marsad.text.normalize import normalize_key, strip_article

PLACES_TSV = KNOWLEDGE_DIR / "places.tsv"
FACILITIES_YAML = KNOWLEDGE_DIR / "facilities.yaml"

KIND_EXACT, KIND_NOSPACE, KIND_NOARTICLE = 0, 1, 2
_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
  id TEXT PRIMARY KEY, name_ar TEXT, name_en TEXT, placetype TEXT, feature_code TEXT, country TEXT,
  admin1_ar TEXT, admin1_en TEXT, admin2_ar TEXT, lat REAL, lon REAL, population INTEGER,
  is_current INTEGER, source TEXT, wikidata TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, place_id TEXT NOT NULL, kind INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
_TYPE_RANK = {"facility": 0, "locality": 1, "neighbourhood": 2, "country": 3, "region": 4, "county": 5}
_PLACE_COLS = ("id, name_ar, name_en, placetype, feature_code, country, admin1_ar, admin1_en, admin2_ar, "
               "lat, lon, population, is_current, source, wikidata")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry (a place or a facility)."""

    id: str
    name_ar: str
    name_en: str
    placetype: str  # country|region|county|localadmin|locality|neighbourhood|area|campus|facility
    country: str  # ISO 3166-1 alpha-2
    admin1_ar: str
    admin1_en: str
    admin2_ar: str
    lat: float
    lon: float
    population: int
    source: str  # curated | gazetteer | facility
    feature_code: str = ""  # GeoNames code, or the facility kind (airport, shrine …)
    is_current: int = -1
    wikidata: str | None = None

    @property
    def is_facility(self) -> bool:
        return self.source == "facility" or self.placetype == "facility"

    def distance_km(self, other: Place) -> float:
        return haversine_km(self.lat, self.lon, other.lat, other.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------------------------- keys
def name_keys(name: str) -> dict[str, int]:
    """Index keys of a name: its normalised form, the form without spaces, the form without ال."""
    key = normalize_key(name)
    if not key:
        return {}
    out = {key: KIND_EXACT}
    if " " in key:
        out.setdefault(key.replace(" ", ""), KIND_NOSPACE)
    bare = strip_article(key)
    if bare != key and len(bare.replace(" ", "")) >= 3:
        out.setdefault(bare, KIND_NOARTICLE)
    return out


def _split_multi(value: str | None, sep: str = "|") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0


# ------------------------------------------------------------------------------- source readers
Row = tuple[tuple[Any, ...], list[str]]  # (places row in _PLACE_COLS order, names)


def _curated_records(path: Path = PLACES_TSV) -> Iterator[dict[str, str]]:
    """The records of the curated places file (places.tsv), as its columns name them."""
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def _curated_rows(path: Path = PLACES_TSV) -> Iterator[Row]:
    for r in _curated_records(path):
        names = [r["name_ar"], *_split_multi(r["alt_names_ar"]), r["name_en"], *_split_multi(r["alt_names_en"])]
        yield ((r["id"], r["name_ar"], r["name_en"], r["placetype"], "", r["country"], r["admin1_ar"],
                r["admin1_en"], r["admin2_ar"], float(r["lat"]), float(r["lon"]), _int(r["population"]), 1,
                "curated", None), names)


def curated_country_names() -> dict[str, list[str]]:
    """Country code → the Arabic names of that country in the curated places (name_ar, then alt_names_ar)."""
    out: dict[str, list[str]] = {}
    for r in _curated_records():
        if r["placetype"] == "country":
            out.setdefault(r["country"], []).extend([r["name_ar"], *_split_multi(r["alt_names_ar"])])
    return out


def load_facilities(path: Path = FACILITIES_YAML) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return list(yaml.safe_load(fh) or [])


def _admin1_names() -> dict[str, str]:
    """Arabic → English governorate names, from the curated places."""
    with open(PLACES_TSV, encoding="utf-8", newline="") as fh:
        return {r["admin1_ar"]: r["admin1_en"] for r in csv.DictReader(fh, delimiter="\t") if r["admin1_ar"]}


def _facility_rows(path: Path = FACILITIES_YAML) -> Iterator[Row]:
    admin1_en = _admin1_names()
    for f in load_facilities(path):
        names = [f["name_ar"], *(f.get("aliases_ar") or []), f.get("name_en") or ""]
        yield ((f["id"], f["name_ar"], f.get("name_en") or "", "facility", f.get("kind") or "other",
                f.get("country") or "", f.get("admin1_ar") or "", admin1_en.get(f.get("admin1_ar") or "", ""), "", float(f["lat"]), float(f["lon"]), 0, 1,
                "facility", f.get("wikidata")), names)


def _shared_tsv_rows(path: Path, seen_gn: set[str]) -> Iterator[Row]:
    """Rows of the ../shared ``*_places.tsv`` format (deduplicated on geonameid)."""
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            gn = (r.get("geonameid") or "").strip()
            if gn and gn != "0":
                if gn in seen_gn:
                    continue
                seen_gn.add(gn)
            admin1_ar = r.get("ocha_adm1_ar") or r.get("admin1_ar") or ""
            admin1_en = r.get("ocha_adm1_en") or r.get("admin1_en") or ""
            admin2_ar = r.get("ocha_adm2_ar") or r.get("admin2_ar") or ""
            name_ar = r.get("name_ar") or ""
            names = [name_ar, *_split_multi(r.get("alt_names_ar")), r.get("name_en") or ""]
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except (TypeError, ValueError):
                continue
            yield (("gz:" + r["id"], name_ar, r.get("name_en") or "", r.get("placetype") or "locality",
                    r.get("feature_code") or "", (r.get("id") and _country_of(path, r)) or "", admin1_ar,
                    admin1_en, admin2_ar, lat, lon, _int(r.get("population")), _int(r.get("is_current") or -1),
                    "gazetteer", None), names)


def _country_of(path: Path, row: dict[str, str]) -> str:
    cc = path.name.split("_", 1)[0].upper()
    return cc if len(cc) == 2 else ""


_GN_PLACETYPE = {"ADM1": "region", "ADM2": "county", "ADM3": "localadmin", "ADM4": "localadmin",
                 "PCLI": "country", "PPLX": "neighbourhood"}
_GN_FACILITY_CODES = {"AIRP", "AIRB", "AIRF", "MILB", "INSM", "DAM", "PRN", "SHRN", "MT", "MTS", "PSTB"}


def _geonames_rows(path: Path, seen_gn: set[str]) -> Iterator[Row]:
    """Rows of a standard GeoNames country dump (19 columns, no header)."""
    admin1: dict[tuple[str, str], tuple[str, str]] = {}
    rows: list[list[str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 19:
                continue
            fclass, fcode = f[6], f[7]
            if fclass not in ("P", "A") and fcode not in _GN_FACILITY_CODES:
                continue
            rows.append(f)
            if fcode == "ADM1":
                arabic = [n for n in f[3].split(",") if _ARABIC_RE.search(n)]
                admin1[(f[8], f[10])] = (arabic[0] if arabic else "", f[1])
    for f in rows:
        gn = f[0]
        if gn in seen_gn:
            continue
        seen_gn.add(gn)
        arabic = [n.strip() for n in f[3].split(",") if _ARABIC_RE.search(n)]
        fcode = f[7]
        placetype = ("facility" if fcode in _GN_FACILITY_CODES else
                     _GN_PLACETYPE.get(fcode, "locality" if f[6] == "P" else "localadmin"))
        a1_ar, a1_en = admin1.get((f[8], f[10]), ("", ""))
        name_ar = arabic[0] if arabic else ""
        yield (("gz:gn:" + gn, name_ar, f[1], placetype, fcode, f[8], a1_ar, a1_en, "", float(f[4]), float(f[5]),
                _int(f[14]), -1, "gazetteer", None), [*arabic, f[1], f[2]])


def detect_format(path: Path) -> str:
    """``'tsv'`` (the ../shared gazetteer format) or ``'geonames'`` (a GeoNames dump)."""
    with open(path, encoding="utf-8") as fh:
        first = fh.readline().rstrip("\n").split("\t")
    if "name_ar" in first and "lat" in first:
        return "tsv"
    if len(first) >= 19 and first[0].isdigit():
        return "geonames"
    raise ValueError(f"{path}: not a gazetteer TSV (with a header) or a GeoNames dump")


def _expand_sources(sources: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for src in sources:
        src = Path(src)
        if src.is_dir():
            out.extend(sorted(src.glob("*_places.tsv")))
            out.extend(sorted(p for p in src.glob("*.txt") if re.fullmatch(r"[A-Z]{2}\.txt", p.name)))
        else:
            out.append(src)
    return out


# -------------------------------------------------------------------------------------- build
def _write(conn: sqlite3.Connection, rows: Iterable[Row], counts: dict[str, int], label: str) -> None:
    place_batch: list[tuple[Any, ...]] = []
    name_batch: list[tuple[str, str, int]] = []
    n = 0
    for prow, names in rows:
        place_batch.append(prow)
        keys: dict[str, int] = {}
        for name in names:
            for k, kind in name_keys(name).items():
                if kind < keys.get(k, 99):
                    keys[k] = kind
        name_batch.extend((k, prow[0], kind) for k, kind in keys.items())
        n += 1
        if len(place_batch) >= 5000:
            _flush(conn, place_batch, name_batch)
    _flush(conn, place_batch, name_batch)
    counts[label] = counts.get(label, 0) + n


def _flush(conn: sqlite3.Connection, places: list[tuple[Any, ...]], names: list[tuple[str, str, int]]) -> None:
    conn.executemany(f"INSERT OR IGNORE INTO places ({_PLACE_COLS}) VALUES ({','.join('?' * 15)})", places)
    conn.executemany("INSERT INTO names (key, place_id, kind) VALUES (?, ?, ?)", names)
    places.clear()
    names.clear()


def _populate(conn: sqlite3.Connection, sources: list[Path]) -> dict[str, int]:
    conn.executescript(_SCHEMA)
    counts: dict[str, int] = {}
    _write(conn, _curated_rows(), counts, "curated")
    _write(conn, _facility_rows(), counts, "facilities")
    seen_gn: set[str] = set()
    for src in sources:
        fmt = detect_format(src)
        reader = _shared_tsv_rows if fmt == "tsv" else _geonames_rows
        before = len(seen_gn)
        _write(conn, reader(src, seen_gn), counts, f"{fmt}_rows")
        counts["files"] = counts.get("files", 0) + 1
        counts.setdefault("geonameids", 0)
        counts["geonameids"] += len(seen_gn) - before
    conn.execute("CREATE INDEX IF NOT EXISTS names_key ON names(key)")
    conn.execute("CREATE INDEX IF NOT EXISTS names_place ON names(place_id)")
    counts["places"] = conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]
    counts["names"] = conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('sources', ?)", ("|".join(str(s) for s in sources),))
    conn.commit()
    return counts


def build_index(sources: list[Path], out: Path | None = None) -> dict[str, int]:
    """Build the SQLite gazetteer index from ``sources`` (files or folders) and the curated files.

    ``out`` defaults to ``get_settings().gazetteer_path``; the file is replaced atomically.
    Returns counts (places, names, rows per format, files, seconds).
    """
    t0 = time.perf_counter()
    out = Path(out) if out is not None else get_settings().gazetteer_path
    out.parent.mkdir(parents=True, exist_ok=True)
    files = _expand_sources(sources)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        counts = _populate(conn, files)
    finally:
        conn.close()
    tmp.replace(out)
    counts["seconds"] = round(time.perf_counter() - t0, 2)  # type: ignore[assignment]
    return counts


# ------------------------------------------------------------------------------------- lookup
class Gazetteer:
    """Read access to a gazetteer index (SQLite file or in-memory curated index)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None):
        self.conn = conn
        self.path = path
        self._lock = threading.Lock()
        self.keys: frozenset[str] = frozenset(r[0] for r in conn.execute("SELECT DISTINCT key FROM names"))
        self.first_words: frozenset[str] = frozenset(k.split(" ", 1)[0] for k in self.keys)
        self.max_words = max((k.count(" ") + 1 for k in self.keys), default=1)
        self.is_full = path is not None
        self._cached = lru_cache(maxsize=100_000)(self._lookup_uncached)
        #: curated country entries by ISO code (large-gazetteer country rows map onto them)
        self.countries: dict[str, Place] = {p.country: p for p in self.by_source("curated") if p.placetype == "country"}

    @classmethod
    def open(cls, path: Path | str | None = None) -> Gazetteer:
        """The SQLite index at ``path`` (default: settings.gazetteer_path) when it exists, else curated only."""
        p = Path(path) if path is not None else get_settings().gazetteer_path
        if p.is_file():
            conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
            return cls(conn, p)
        return cls.curated()

    @classmethod
    def curated(cls) -> Gazetteer:
        """An in-memory index of the curated places and facilities only."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _populate(conn, [])
        return cls(conn, None)

    def __len__(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def _lookup_uncached(self, key: str, max_kind: int) -> tuple[tuple[Place, int], ...]:
        if key not in self.keys:
            return ()
        with self._lock:
            rows = self.conn.execute(
                f"SELECT n.kind, {', '.join('p.' + c.strip() for c in _PLACE_COLS.split(','))} FROM names n "
                "JOIN places p ON p.id = n.place_id WHERE n.key = ? AND n.kind <= ?", (key, max_kind)).fetchall()
        return tuple((_place(r[1:]), r[0]) for r in rows)

    def lookup_kinds(self, key: str, max_kind: int = KIND_NOARTICLE) -> tuple[tuple[Place, int], ...]:
        """(place, kind) pairs for an already normalised key (see the module docstring for kinds)."""
        return self._cached(key, max_kind)

    def lookup(self, key: str) -> list[Place]:
        """Places whose name (or a variant) is ``key``; ``key`` is normalised here.

        Ranked: exact names first, curated before the large gazetteer, towns before regions, then population.
        """
        k = normalize_key(key)
        hits = sorted(self.lookup_kinds(k), key=lambda pk: (pk[1], pk[0].source == "gazetteer",
                                                              _TYPE_RANK.get(pk[0].placetype, 5), -pk[0].population))
        seen: set[str] = set()
        out: list[Place] = []
        for p, _kind in hits:
            if p.id not in seen:
                seen.add(p.id)
                out.append(p)
        return out

    def get(self, place_id: str) -> Place | None:
        with self._lock:
            r = self.conn.execute(f"SELECT {_PLACE_COLS} FROM places WHERE id = ?", (place_id,)).fetchone()
        return _place(r) if r else None

    def names_of(self, place_id: str) -> list[str]:
        with self._lock:
            return [r[0] for r in self.conn.execute("SELECT key FROM names WHERE place_id = ? AND kind = 0",
                                                    (place_id,))]

    def by_source(self, source: str) -> list[Place]:
        with self._lock:
            rows = self.conn.execute(f"SELECT {_PLACE_COLS} FROM places WHERE source = ?", (source,)).fetchall()
        return [_place(r) for r in rows]


def _place(r: tuple[Any, ...]) -> Place:
    (pid, name_ar, name_en, placetype, fcode, country, a1_ar, a1_en, a2_ar, lat, lon, pop, cur, source, wd) = r
    return Place(pid, name_ar or "", name_en or "", placetype or "", country or "", a1_ar or "", a1_en or "",
                 a2_ar or "", float(lat), float(lon), int(pop or 0), source, fcode or "", int(cur or 0), wd)


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    """The process-wide default gazetteer (see :meth:`Gazetteer.open`)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Gazetteer.open()
        return _DEFAULT


__all__ = ["Place", "Gazetteer", "build_index", "get_gazetteer", "name_keys", "haversine_km", "detect_format",
           "load_facilities", "PLACES_TSV", "FACILITIES_YAML"]
