"""Exports of the knowledge store into analysts' tools (docs/exports.md).

``export_to_path(fmt, path, store, flt, progress)`` writes one format and returns counts; every
format streams from the database and writes under a temporary name that is renamed into place only
when the export completed, so an interrupted export never leaves a half-written file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marsad.export.common import ExportError, ProgressFn

if TYPE_CHECKING:  # pragma: no cover
    from marsad.store.db import Store
    from marsad.store.queries import EventFilter

Writer = Callable[[Any, Path, "EventFilter | None", ProgressFn], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    module: str  # marsad.export.<module>
    function: str
    media_type: str
    extension: str  # suggested file name suffix ("" = a directory)
    description: str

    def writer(self) -> Writer:
        import importlib

        return getattr(importlib.import_module(f"marsad.export.{self.module}"), self.function)


_REGISTRY: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("acled", "acled", "write_acled", "text/csv; charset=utf-8", ".csv",
                 "ACLED-style CSV of fused events (ACLED columns, then Marsad evidence columns)"),
    ExportFormat("geojson", "geojson", "write_geojson", "application/geo+json", ".geojson",
                 "RFC 7946 FeatureCollection of geolocated events"),
    ExportFormat("gexf", "graph", "write_gexf", "application/gexf+xml", ".gexf",
                 "GEXF 1.3 dynamic actor graph (Gephi)"),
    ExportFormat("graphml", "graph", "write_graphml", "application/graphml+xml", ".graphml",
                 "GraphML actor graph"),
    ExportFormat("stix", "stix", "write_stix", "application/stix+json;version=2.1", ".json",
                 "STIX 2.1 bundle (threat actors, identities, locations, incidents, reports)"),
    ExportFormat("jsonl", "jsonl", "write_jsonl", "application/x-ndjson", ".jsonl",
                 "extraction contract, one article per line"),
    ExportFormat("parquet", "parquet", "write_parquet", "application/zip", ".zip",
                 "events/entities/relations Parquet tables (a directory, or a .zip path)"),
)}

#: the export format names, in the order the CLI lists them
FORMATS: tuple[str, ...] = tuple(_REGISTRY)


def get_format(fmt: str) -> ExportFormat:
    try:
        return _REGISTRY[fmt.lower()]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})") from None


def media_type(fmt: str) -> str:
    """HTTP media type of a format's output (parquet: a .zip holding the three tables)."""
    return get_format(fmt).media_type


def file_extension(fmt: str) -> str:
    """Suggested file name suffix for a format (e.g. ``.csv``)."""
    return get_format(fmt).extension


def export_to_path(fmt: str, path: Path, store: Store, flt: EventFilter | None = None,
                   progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Write ``store`` (events limited by ``flt``) as ``fmt`` to ``path``; returns counts.

    ``progress`` is called with the number of records written so far (every
    ``marsad.export.common.PROGRESS_EVERY`` records and once at the end); an exception raised from it
    aborts the export and leaves nothing under ``path``. Raises :class:`ExportError` for an unknown
    format or an output path that is a directory (parquet: a directory, or a ``.zip`` file).
    """
    spec = get_format(fmt)
    writer = spec.writer()
    with store.engine.connect() as conn:
        counts = writer(conn, Path(path), flt, progress)
    return {"format": spec.name, "path": str(path), **counts}


def export(format: str, path: Path, filters: EventFilter | None, store: Store) -> dict[str, Any]:
    """Same as :func:`export_to_path` with the brief's argument order."""
    return export_to_path(format, path, store, filters)


__all__ = ["FORMATS", "ExportError", "ExportFormat", "export", "export_to_path", "file_extension", "get_format",
           "media_type"]
