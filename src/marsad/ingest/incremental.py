"""Incremental, resumable ingest: re-scanning a folder analyses only new, changed or appended input.

The store keeps a manifest (table ``ingest_manifest``, one row per input file, keyed by its resolved
path) of what has been consumed: file size and mtime_ns when read, the byte ``offset`` and ``lines``
consumed, and the SHA-256 of bytes ``[0, offset)``.  On a scan a file is

- *unchanged* when its entry is complete and size and mtime_ns are equal (no hashing), or when
  they differ but the content hash is the same (the entry's stat is refreshed);
- *appended* (.jsonl only) when the bytes already consumed are unchanged and more follow: reading
  goes on at ``offset`` with the right line numbers (``source_path`` stays ``file.jsonl:LINENO``);
- *resumed* when a previous run stopped inside it (crash, Ctrl-C): same as appended;
- *changed* otherwise, or *re-analysed* when the pipeline signature differs: read from the start
  (articles are idempotent by id, so what is already stored is not duplicated).

Progress is committed per batch *in the same transaction as the batch's articles*
(:meth:`marsad.store.db.Store.save` ``in_transaction``), and analysis results come back in input
order, so a kill at any point loses nothing and duplicates nothing: the next run goes on after the
last committed line.  An unterminated last line of a .jsonl file is consumed only when it is a
complete JSON object (a writer may still be appending it).

``watch`` polls a folder every ``interval_s`` seconds (no inotify dependency).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select

from marsad.config import get_settings
from marsad.ingest.readers import FORMATS, count_file, parse_jsonl_record, read_file
from marsad.model import Article, Rejection
from marsad.runner import clean_item, pipeline_signature
from marsad.store.models import IngestManifestRow, utcnow
from marsad.store.writer import BackgroundWriter

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

    from marsad.store.db import SaveResult, Store

_HASH_CHUNK = 1 << 20
_COUNTERS = ("inserted", "updated", "unchanged", "rejected")


# ------------------------------------------------------------------------------------------------
# scanning
# ------------------------------------------------------------------------------------------------
@dataclass
class FileTask:
    """One file to (re)read from ``offset``; ``hasher`` holds the SHA-256 state of ``[0, offset)``."""

    path: Path  # as given/walked: prefix of the articles' source_path
    key: str  # resolved path: the manifest key
    status: str  # new | changed | appended | resumed | reanalysed
    size: int
    mtime_ns: int
    offset: int = 0
    lines: int = 0
    articles: int = 0
    rejected: int = 0
    hasher: Any = field(default_factory=hashlib.sha256)


@dataclass
class Plan:
    tasks: list[FileTask] = field(default_factory=list)
    unchanged: int = 0
    touched: list[dict[str, Any]] = field(default_factory=list)  # unchanged content, new stat
    rejections: list[Rejection] = field(default_factory=list)  # paths that cannot be scanned


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in the order of :func:`marsad.ingest.readers.read_path`."""
    for child in sorted(folder.iterdir(), key=lambda c: c.name):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Input files (folders walked recursively, duplicates dropped) and rejections for the rest."""
    files: list[Path] = []
    bad: list[Rejection] = []
    seen: set[str] = set()
    for p in paths:
        if str(p) == "-":
            bad.append(Rejection("-", "standard input cannot be ingested incrementally"))
            continue
        path = Path(p)
        if not path.exists():
            bad.append(Rejection(str(p), "no such file or directory"))
            continue
        for f in _walk(path) if path.is_dir() else [path]:
            key = str(f.resolve())
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, bad


def _hash_prefix(path: Path, length: int) -> Any:
    """SHA-256 state of the first ``length`` bytes of ``path`` (fewer if the file is shorter)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        left = length
        while left > 0:
            chunk = fh.read(min(_HASH_CHUNK, left))
            if not chunk:
                break
            h.update(chunk)
            left -= len(chunk)
    return h


def _is_jsonl(path: Path) -> bool:
    return FORMATS.get(path.suffix.lower()) == "jsonl"


def load_manifest(store: Store) -> dict[str, dict[str, Any]]:
    """The manifest as ``{resolved path: row as a dict}``."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(*IngestManifestRow.__table__.c)).mappings().all()
    return {r["path"]: dict(r) for r in rows}


def plan(paths: Iterable[str | Path], manifest: dict[str, Any], signature: str) -> Plan:
    """Decide what to read for each input file (see the module docstring)."""
    files, bad = expand(paths)
    out = Plan(rejections=bad)
    for f in files:
        key = str(f.resolve())
        try:
            st = f.stat()
        except OSError as exc:
            out.rejections.append(Rejection(str(f), f"cannot read file: {exc.strerror or exc}"))
            continue
        prev = manifest.get(key)
        task = FileTask(f, key, "new", st.st_size, st.st_mtime_ns)
        if prev is not None and prev["analysed_with"] != signature:
            task.status = "reanalysed"
        elif prev is not None:
            if prev["complete"] and (prev["size"], prev["mtime_ns"]) == (st.st_size, st.st_mtime_ns):
                out.unchanged += 1
                continue
            h = _hash_prefix(f, prev["offset"]) if st.st_size >= prev["offset"] else None
            if h is not None and h.hexdigest() == prev["sha256"]:
                if prev["complete"] and st.st_size == prev["offset"]:
                    out.unchanged += 1
                    out.touched.append({**prev, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
                    continue
                if _is_jsonl(f) or not prev["complete"]:
                    task.status = "appended" if prev["complete"] else "resumed"
                    if _is_jsonl(f):  # txt/html/unsupported: nothing partial to go on from
                        task.offset, task.lines, task.hasher = prev["offset"], prev["lines"], h
                        task.articles, task.rejected = prev["articles"], prev["rejected"]
                else:
                    task.status = "changed"
            else:
                task.status = "changed"
        out.tasks.append(task)
    return out


# ------------------------------------------------------------------------------------------------
# reading with progress
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """Where a file stands after the item it is attached to."""

    task: FileTask
    offset: int
    lines: int
    sha256: str | None  # hash of [0, offset) when known (None: no resumable progress yet)
    complete: bool = False


@dataclass(frozen=True)
class FileDone:
    """End-of-file marker (travels through the ordered analysis with its progress)."""

    key: str


def _complete_json(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _read_jsonl(task: FileTask) -> Iterator[tuple[Any, Progress]]:
    limit = get_settings().max_input_bytes
    sp = str(task.path)
    offset, lineno, h = task.offset, task.lines, task.hasher
    with task.path.open("rb") as fh:
        fh.seek(offset)
        for raw in fh:  # binary iteration splits on b"\n" only (the corpus has U+2028 in strings)
            if not raw.endswith(b"\n") and not _complete_json(raw.decode("utf-8", "replace")):
                break  # a record still being written: leave it for the next scan
            offset += len(raw)
            lineno += 1
            h.update(raw)
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            where = f"{sp}:{lineno}"
            item: Any = None
            if len(raw) > limit:
                item = Rejection(where, f"record too large ({len(raw) / 1e6:.1f} MB > limit {limit / 1e6:.1f} MB)")
            else:
                try:
                    line = raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    item = Rejection(where, f"not valid UTF-8 at byte {exc.start}")
                else:
                    if line.strip():
                        item = clean_item(parse_jsonl_record(line, where))
            if item is not None:
                yield item, Progress(task, offset, lineno, h.copy().hexdigest())
    yield FileDone(task.key), Progress(task, offset, lineno, h.hexdigest(), complete=True)


def _read_whole(task: FileTask) -> Iterator[tuple[Any, Progress]]:
    for item in read_file(task.path):
        yield clean_item(item), Progress(task, 0, 0, None)
    h = _hash_prefix(task.path, task.size)
    yield FileDone(task.key), Progress(task, task.size, 0, h.hexdigest(), complete=True)


def _utf16(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")


def read_tasks(tasks: Iterable[FileTask]) -> Iterator[tuple[Any, Progress]]:
    """``(item, progress)`` for every article/rejection of the tasks, and a :class:`FileDone` per file."""
    for task in tasks:
        try:
            resumable = _is_jsonl(task.path) and task.size > 0 and not _utf16(task.path)
        except OSError as exc:
            yield Rejection(str(task.path), f"cannot read file: {exc.strerror or exc}"), Progress(task, 0, 0, None)
            continue
        if not resumable:
            task.offset, task.lines, task.hasher = 0, 0, hashlib.sha256()
        yield from (_read_jsonl(task) if resumable else _read_whole(task))


# ------------------------------------------------------------------------------------------------
# ingest
# ------------------------------------------------------------------------------------------------
def _manifest_row(p: Progress, counts: dict[str, list[int]], signature: str) -> dict[str, Any]:
    t = p.task
    arts, rej = counts[t.key]
    return {
        "path": t.key, "size": t.size, "mtime_ns": t.mtime_ns,
        "sha256": p.sha256 or hashlib.sha256().hexdigest(), "offset": p.offset if p.sha256 else 0,
        "lines": p.lines if p.sha256 else 0, "articles": arts, "rejected": rej, "complete": p.complete,
        "analysed_with": signature, "updated_at": utcnow(),
    }


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    conn.execute(delete(IngestManifestRow).where(IngestManifestRow.path.in_([r["path"] for r in rows])))
    conn.execute(insert(IngestManifestRow), rows)


def ingest_incremental(
    paths: Iterable[str | Path], store: Store, names: list[str] | None = None, workers: int = 1,
    on_batch: Callable[[dict[str, Any]], None] | None = None, *, batch_size: int = 200,
    scheduler: str | Client | None = None, on_rejection: Callable[[Rejection], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Ingest what is new, changed or appended in ``paths`` into ``store``; resumable after a kill.

    ``names``: pipeline components (default: all available); ``workers``: local processes, or
    ``scheduler``: a Dask cluster (see :mod:`marsad.distributed`).  ``on_batch(summary)`` is called
    after every committed batch with the running summary; ``on_rejection`` for each rejected input;
    ``on_plan(n)`` once before reading, with about how many records are to be read (for an ETA).
    Returns the summary: ``files_new``, ``files_changed``, ``files_appended``, ``files_resumed``,
    ``files_reanalysed``, ``files_unchanged``, ``inserted``, ``updated``, ``unchanged``,
    ``rejected``, ``articles`` (analysed this run) and ``seconds``.
    """
    from marsad.analyse.pipeline import available_pipeline
    from marsad.distributed import analyse_tagged

    t0 = time.perf_counter()
    names = available_pipeline() if names is None else list(names)
    sig = pipeline_signature(names)
    todo = plan(paths, load_manifest(store), sig)
    summary: dict[str, Any] = {f"files_{s}": 0 for s in ("new", "changed", "appended", "resumed", "reanalysed")}
    for t in todo.tasks:
        summary[f"files_{t.status}"] += 1
    summary.update(files_unchanged=todo.unchanged, articles=0, **dict.fromkeys(_COUNTERS, 0))
    for r in todo.rejections:
        summary["rejected"] += 1
        if on_rejection:
            on_rejection(r)
    if todo.touched:
        with store.engine.begin() as conn:
            _upsert(conn, [{**r, "updated_at": utcnow()} for r in todo.touched])

    if on_plan:
        on_plan(sum(count_file(t.path, t.offset) for t in todo.tasks))
    counts = {t.key: [t.articles, t.rejected] for t in todo.tasks}
    frontier: dict[str, Progress] = {}
    batch: list[Article] = []

    def saved(res: SaveResult, n: int) -> None:
        summary["inserted"] += res.inserted
        summary["updated"] += res.updated
        summary["unchanged"] += res.unchanged
        summary["articles"] += n
        if on_batch:
            on_batch(dict(summary, seconds=time.perf_counter() - t0))

    def flush() -> None:
        # the manifest rows are taken now (the state up to this batch) and written in its transaction
        rows = [_manifest_row(p, counts, sig) for p in frontier.values()]
        writer.submit(batch, in_transaction=(lambda conn: _upsert(conn, rows)) if rows else None,
                      on_done=lambda res, n=len(batch): saved(res, n))
        batch.clear()
        frontier.clear()

    stream = analyse_tagged(read_tasks(todo.tasks), names=names, workers=workers, scheduler=scheduler,
                            batch_size=min(64, batch_size))
    with BackgroundWriter(store, sig) as writer:  # saves overlap with reading (one ordered writer)
        for item, prog in stream:
            key = prog.task.key
            if isinstance(item, Article):
                batch.append(item)
                counts[key][0] += 1
            elif isinstance(item, Rejection):
                counts[key][1] += 1
                summary["rejected"] += 1
                if on_rejection:
                    on_rejection(item)
            if prog.sha256 is not None or key not in frontier:
                frontier[key] = prog
            if len(batch) >= batch_size:
                flush()
        if batch or frontier:
            flush()
    summary["seconds"] = time.perf_counter() - t0
    return summary


def watch(
    folder: str | Path, interval_s: float = 10.0, stop_event: threading.Event | None = None, *,
    store: Store | None = None, names: list[str] | None = None, workers: int = 1,
    scheduler: str | Client | None = None, batch_size: int = 200,
    on_scan: Callable[[dict[str, Any]], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None, max_scans: int | None = None,
) -> dict[str, Any]:
    """Re-scan ``folder`` every ``interval_s`` seconds, ingesting what is new, until ``stop_event`` is set
    (or after ``max_scans`` scans).  ``on_scan(summary)`` is called after every scan.  Returns the
    totals over all scans (plus ``scans``).  Opens the default store when ``store`` is None."""
    from marsad.store.db import Store

    stop = stop_event or threading.Event()
    own = store is None
    st = store or Store()
    totals: dict[str, Any] = {"scans": 0}
    try:
        while not stop.is_set():
            s = ingest_incremental([folder], st, names, workers, None, batch_size=batch_size,
                                   scheduler=scheduler, on_rejection=on_rejection)
            totals["scans"] += 1
            for k, v in s.items():
                totals[k] = totals.get(k, 0) + v
            if on_scan:
                on_scan(s)
            if max_scans is not None and totals["scans"] >= max_scans:
                break
            stop.wait(interval_s)
    finally:
        if own:
            st.close()
    return totals


__all__ = ["FileDone", "FileTask", "Plan", "Progress", "expand", "ingest_incremental", "load_manifest",
           "plan", "read_tasks", "watch"]
