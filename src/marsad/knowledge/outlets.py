"""News outlets (``knowledge/data/outlets.yaml``): loading and lookup by name, alias, domain or slug."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.model import Outlet
from marsad.text.normalize import normalize_key

OUTLETS_PATH = KNOWLEDGE_DIR / "outlets.yaml"

_DOMAIN_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:/.*)?$", re.I)
# punctuation ignored when comparing names ("It's Over 9000!" == "Its Over 9000", «العين» == العين)
_PUNCT_RE = re.compile(r"[\"'!?.,:;()«»<>\[\]{}|/\\*#-]+")


@dataclass(frozen=True, slots=True)
class OutletRecord:
    """One row of outlets.yaml."""

    id: str
    name_ar: str
    name_en: str | None
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str | None
    alignment: str | None
    corpus_slugs: tuple[str, ...]

    def to_outlet(self) -> Outlet:
        return Outlet(id=self.id, name=self.name_ar, name_en=self.name_en, country=self.country,
                      alignment=self.alignment)


@lru_cache(maxsize=65536)
def outlet_key(name: str) -> str:
    """Comparison key of an outlet name: normalised, punctuation dropped, spaces collapsed."""
    key = _PUNCT_RE.sub(" ", normalize_key(name))
    return " ".join(key.split())


@lru_cache(maxsize=4)
def load_outlets(path: str | Path | None = None) -> tuple[OutletRecord, ...]:
    """All outlets of ``outlets.yaml`` (cached)."""
    rows = yaml.safe_load(Path(path or OUTLETS_PATH).read_text(encoding="utf-8")) or []
    out = []
    for row in rows:
        out.append(OutletRecord(
            id=row["id"], name_ar=str(row["name_ar"]), name_en=row.get("name_en"),
            aliases=tuple(str(a) for a in row.get("aliases") or ()),
            domains=tuple(str(d).lower() for d in row.get("domains") or ()),
            country=row.get("country"), alignment=row.get("alignment"),
            corpus_slugs=tuple(str(s) for s in row.get("corpus_slugs") or ()),
        ))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Index:
    by_key: dict[str, OutletRecord]
    by_domain: dict[str, OutletRecord]
    by_slug: dict[str, OutletRecord]


@lru_cache(maxsize=4)
def _index(path: str | Path | None = None) -> _Index:
    by_key: dict[str, OutletRecord] = {}
    by_domain: dict[str, OutletRecord] = {}
    by_slug: dict[str, OutletRecord] = {}
    for rec in load_outlets(path):
        for name in (rec.name_ar, rec.name_en or "", *rec.aliases):
            key = outlet_key(name)
            if key:
                by_key.setdefault(key, rec)
        for dom in rec.domains:
            by_domain[dom] = rec
        by_slug[rec.id] = rec
        by_slug[rec.id.removeprefix("out:")] = rec
        for slug in rec.corpus_slugs:
            by_slug[slug] = rec
    return _Index(by_key, by_domain, by_slug)


def _by_domain(host: str, index: _Index) -> OutletRecord | None:
    host = host.lower().removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):  # arabic.cnn.com, then cnn.com
        rec = index.by_domain.get(".".join(parts[i:]))
        if rec:
            return rec
    return None


def find_outlet_record(query: str | None, path: str | Path | None = None) -> OutletRecord | None:
    """The outlet named by ``query``: an id or corpus slug, a URL or domain, or a name/alias."""
    if not query:
        return None
    q = query.strip()
    if not q:
        return None
    index = _index(path)
    rec = index.by_slug.get(q)
    if rec:
        return rec
    if " " not in q and "." in q:
        m = _DOMAIN_RE.match(q)
        if m:
            rec = _by_domain(m.group(1), index)
            if rec:
                return rec
    return index.by_key.get(outlet_key(q))


def find_outlet(query: str | None) -> Outlet | None:
    """:class:`marsad.model.Outlet` for a name, alias, domain/URL or slug, or ``None``."""
    rec = find_outlet_record(query)
    return rec.to_outlet() if rec else None
