"""Shared plumbing of the exporters: atomic output files, progress, filters, names and code tables."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import yaml
from sqlalchemy import Select, select

from marsad.config import KNOWLEDGE_DIR
from marsad.store.models import EntityRow, EventClusterRow, EventRow
from marsad.store.queries import EventFilter, event_query

ProgressFn = Callable[[int], None] | None

#: the progress callback is called after every PROGRESS_EVERY records (and once at the end)
PROGRESS_EVERY = 500
#: rows fetched per database round trip
BATCH = 1000


class ExportError(ValueError):
    """A bad export request (unknown format, output path is a directory …)."""


class Progress:
    """Counts written records and reports them to an optional callback every ``PROGRESS_EVERY``."""

    def __init__(self, fn: ProgressFn, every: int | None = None):
        self.fn = fn
        self.every = max(1, every or PROGRESS_EVERY)
        self.n = 0
        self._last = 0

    def tick(self, k: int = 1) -> None:
        self.n += k
        if self.fn is not None and self.n - self._last >= self.every:
            self._last = self.n
            self.fn(self.n)

    def done(self) -> None:
        if self.fn is not None:
            self._last = self.n
            self.fn(self.n)


# ------------------------------------------------------------------------------------ output files
def output_file(path: Path | str) -> Path:
    """The output path checked (not a directory) with its parent directories created."""
    p = Path(path)
    if p.is_dir():
        raise ExportError(f"{p}: is a directory, expected a file path")
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _temp_beside(path: Path) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    os.chmod(tmp, 0o644)
    return tmp


@contextmanager
def atomic_paths(paths: Iterable[Path]) -> Iterator[list[Path]]:
    """Temporary paths beside each target; all are moved into place only if the block succeeds."""
    targets = [output_file(p) for p in paths]
    temps = [Path(_temp_beside(p)) for p in targets]
    try:
        yield temps
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    finally:
        for tmp in temps:
            with suppress(FileNotFoundError):
                tmp.unlink()


@contextmanager
def atomic_text(path: Path | str, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text file written under a temporary name and renamed to ``path`` on success."""
    with atomic_paths([Path(path)]) as (tmp,), open(tmp, "w", encoding="utf-8", newline=newline) as fh:
        yield fh


# ------------------------------------------------------------------------------------ filters
def filter_is_empty(flt: EventFilter | None) -> bool:
    return flt is None or all(getattr(flt, f.name) in (None, "", ()) for f in fields(flt))


def matching_cluster_ids(conn: Any, flt: EventFilter) -> Select:
    """Sub-select of the ids of fused events matching ``flt``."""
    return event_query(conn, flt).with_only_columns(EventClusterRow.id)


def matching_article_ids(conn: Any, flt: EventFilter | None) -> Select | None:
    """Sub-select of articles reporting at least one event matching ``flt``; None = all articles."""
    if filter_is_empty(flt):
        return None
    assert flt is not None
    return select(EventRow.article_id).where(EventRow.cluster_id.in_(matching_cluster_ids(conn, flt))).distinct()


# ------------------------------------------------------------------------------------ code tables
@lru_cache(maxsize=2)
def load_codes(path: str | None = None) -> dict[str, Any]:
    """``acled_codes.yaml`` (export code tables)."""
    p = Path(path) if path else KNOWLEDGE_DIR / "acled_codes.yaml"
    return yaml.safe_load(p.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def disorder_types() -> dict[str, str]:
    """Sub-event type -> ACLED disorder type, from ``taxonomy.yaml``."""
    data = yaml.safe_load((KNOWLEDGE_DIR / "taxonomy.yaml").read_text(encoding="utf-8")) or {}
    out: dict[str, str] = {}
    for et in data.get("event_types") or []:
        for st in et.get("sub_event_types") or []:
            if st.get("disorder_type"):
                out[f"{et['name']}|{st['name']}"] = st["disorder_type"]
    return out


@lru_cache(maxsize=1024)
def outlet_info(name: str) -> tuple[str, str | None, str | None]:
    """(display name: English when known, country, alignment) of an outlet named in the store."""
    try:
        from marsad.knowledge.outlets import find_outlet_record

        rec = find_outlet_record(name)
    except Exception:  # pragma: no cover - outlets data unavailable
        rec = None
    if rec is None:
        return name, None, None
    return rec.name_en or rec.name_ar, rec.country, rec.alignment


# ------------------------------------------------------------------------------------ entity names
@dataclass(frozen=True, slots=True)
class ActorInfo:
    id: str
    type: str | None
    name_en: str | None
    name_ar: str | None
    kind: str | None = None
    origin_country: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    @property
    def label(self) -> str | None:
        return self.name_en or self.name_ar


class ActorNames:
    """English/Arabic names and KB kind of entity ids: knowledge base first, then the entities table.

    The cache holds one small record per distinct id met (actors are few compared with events).
    """

    def __init__(self, conn: Any):
        self.conn = conn
        self._cache: dict[str, ActorInfo | None] = {}
        try:
            from marsad.knowledge.kb import load_kb

            self._kb = load_kb()
        except Exception:  # pragma: no cover - a broken KB must not stop an export
            self._kb = None

    def prefetch(self, ids: Iterable[str | None]) -> None:
        missing = {i for i in ids if i and i not in self._cache}
        if not missing:
            return
        rows: dict[str, Any] = {}
        for chunk in _chunks(sorted(missing), 500):
            for r in self.conn.execute(select(EntityRow).where(EntityRow.id.in_(chunk))).mappings():
                rows[r["id"]] = r
        for i in missing:
            self._cache[i] = self._make(i, rows.get(i))

    def get(self, entity_id: str | None) -> ActorInfo | None:
        if not entity_id:
            return None
        if entity_id not in self._cache:
            self.prefetch([entity_id])
        return self._cache[entity_id]

    def _make(self, eid: str, row: Any) -> ActorInfo | None:
        kb = self._kb.get(eid) if self._kb is not None else None
        if kb is None and row is None:
            return None
        return ActorInfo(
            id=eid,
            type=(kb.type if kb else None) or (row["type"] if row is not None else None),
            name_en=(kb.name_en if kb else None) or (row["canonical_en"] if row is not None else None),
            name_ar=(kb.name_ar if kb else None) or (row["canonical_ar"] if row is not None else None),
            kind=kb.kind if kb else None,
            origin_country=(kb.origin_country or kb.country) if kb else None,
            aliases=tuple(kb.aliases) if kb else (),
            wikidata=(kb.wikidata if kb else None) or (row["wikidata"] if row is not None else None),
        )


def _chunks(seq: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def chunks(seq: list[Any], n: int) -> Iterator[list[Any]]:
    """``seq`` in consecutive pieces of at most ``n`` items."""
    yield from _chunks(seq, n)


def unique(items: Iterable[Any]) -> list[Any]:
    """Items without ``None``/empty values and duplicates, first occurrence order kept."""
    out: list[Any] = []
    for x in items:
        if x not in (None, "") and x not in out:
            out.append(x)
    return out
