"""The ``marsad`` command line (Typer + Rich). Thin: parses options, calls the stages, prints.

Commands and options follow docs/cli.md. Exit status: 0 success; 1 some inputs rejected (each named
on stderr as ``path: reason``); 2 usage error.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from marsad.model import Article, Rejection

app = typer.Typer(
    name="marsad",
    help="Marsad (مرصد): Arabic conflict news → evidence-backed ACLED-style events and an actor graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Measure extraction quality (precision/recall/F1) against gold data.",
                           no_args_is_help=True)
gazetteer_app = typer.Typer(help="Build and inspect the place index.", no_args_is_help=True)
curation_app = typer.Typer(help="Analysts' corrections log: export, import (share), rebuild.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(curation_app, name="curation")

out = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)

PathsArg = Annotated[list[str], typer.Argument(help="Files or folders (.txt, .html/.htm, .jsonl), or - for stdin.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", help="Processes for analysis (default: all cores).")]
PipelineOpt = Annotated[
    str | None,
    typer.Option("--pipeline", help="Comma-separated components to run (default: all available; 'none' = clean only)."),
]


def _fail(message: str, code: int = 1) -> None:
    err.print(f"marsad: error: {message}", markup=False)
    raise typer.Exit(code)


def _pipeline_names(spec: str | None) -> list[str]:
    from marsad.analyse.pipeline import available_pipeline, registered

    if spec is None:
        return available_pipeline()
    if spec.strip().lower() in ("none", ""):
        return []
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in registered()]
    if unknown:
        raise typer.BadParameter(f"unknown component(s): {', '.join(unknown)}", param_hint="--pipeline")
    return names


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _report_rejection(r: Rejection) -> None:
    err.print(str(r), markup=False)


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format (jsonl).")] = "jsonl",
    workers: WorkersOpt = 1,
    pipeline: PipelineOpt = None,
) -> None:
    """Analyse inputs and write the extraction contract (one JSON object per article) to stdout."""
    import json

    from marsad.runner import analyse_parallel

    if format != "jsonl":
        raise typer.BadParameter("only 'jsonl' is supported", param_hint="--format")
    names = _pipeline_names(pipeline)
    rejected = 0
    write = sys.stdout.write
    for item in analyse_parallel(paths, workers, names, prepare_store=False):  # nothing is stored
        if isinstance(item, Rejection):
            rejected += 1
            _report_rejection(item)
            continue
        write(json.dumps(item.to_contract(), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    raise typer.Exit(1 if rejected else 0)


def _analysed(paths: list[str], workers: int, names: list[str], scheduler: str | None) -> object:
    """Analysed articles (and rejections) in input order: local processes, or a Dask cluster."""
    if scheduler:
        from marsad.distributed import analyse_distributed

        return analyse_distributed(paths, scheduler, names)
    from marsad.runner import analyse_parallel

    return analyse_parallel(paths, workers, names)


def _ingest_progress() -> Progress:
    """The ingest progress bar: items done (of the estimated total), articles/s, elapsed and ETA."""
    return Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} art/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=err, transient=True,
    )


def _ingest(paths: list[str], workers: int, names: list[str], batch_size: int,
            scheduler: str | None = None) -> tuple[dict, int]:
    from marsad.runner import pipeline_signature
    from marsad.store.db import SaveResult, Store

    try:
        store = Store()
    except Exception as exc:
        _fail(f"cannot open the database: {exc}")
    sig = pipeline_signature(names)
    total = SaveResult()
    rejected = 0
    batch: list[Article] = []
    t0 = time.perf_counter()
    from marsad.ingest.readers import count_records
    from marsad.store.writer import BackgroundWriter

    progress = _ingest_progress()
    with progress, BackgroundWriter(store, sig) as writer:
        # items = articles + rejections, against an estimate of the input's records (JSONL lines)
        task = progress.add_task("ingest", total=count_records(paths), rate=0.0)
        seen = 0

        def saved(res: SaveResult, upto: int) -> None:
            total.add(res)
            progress.update(task, completed=upto, rate=upto / max(time.perf_counter() - t0, 1e-9))

        for item in _analysed(paths, workers, names, scheduler):  # type: ignore[attr-defined]
            seen += 1
            if isinstance(item, Rejection):
                rejected += 1
                _report_rejection(item)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                writer.submit(batch, on_done=lambda res, upto=seen: saved(res, upto))
                batch.clear()
        if batch:
            writer.submit(batch, on_done=lambda res, upto=seen: saved(res, upto))
        writer.close()
        progress.update(task, completed=seen)
    elapsed = time.perf_counter() - t0
    store.close()
    return {"inserted": total.inserted, "updated": total.updated, "unchanged": total.unchanged,
            "rejected": rejected, "seconds": elapsed}, rejected


@app.command()
def ingest(
    paths: PathsArg,
    workers: WorkersOpt = 0,
    pipeline: PipelineOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per database transaction.")] = 200,
    scheduler: Annotated[str | None, typer.Option("--scheduler", envvar="MARSAD_DASK_SCHEDULER",
                                                   help="Dask scheduler address (tcp://HOST:PORT).")] = None,
    incremental: Annotated[bool, typer.Option("--incremental", help="Only new/changed files; resumable.")] = False,
) -> None:
    """Analyse inputs and store them in the database (idempotent)."""
    names = _pipeline_names(pipeline)
    if incremental:
        _ingest_incremental(paths, workers or _default_workers(), names, batch_size, scheduler)
        return
    try:
        summary, rejected = _ingest(paths, workers or _default_workers(), names, batch_size, scheduler=scheduler)
    except OSError as exc:  # e.g. an unreachable Dask scheduler
        _fail(f"{scheduler or 'ingest'}: {exc}")
    err.print(
        f"{summary['inserted']} new, {summary['updated']} re-analysed, {summary['unchanged']} unchanged, "
        f"{summary['rejected']} rejected in {summary['seconds']:.1f}s", markup=False,
    )
    raise typer.Exit(1 if rejected else 0)


def _ingest_incremental(paths: list[str], workers: int, names: list[str], batch_size: int,
                        scheduler: str | None) -> None:
    from marsad.ingest.incremental import ingest_incremental

    if "-" in paths:
        raise typer.BadParameter("stdin cannot be ingested incrementally", param_hint="PATHS")
    store = _open_store()
    progress = _ingest_progress()
    with progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def on_batch(st: dict) -> None:
            done = st["articles"] + st["rejected"]
            progress.update(task, completed=done, rate=done / max(st["seconds"], 1e-9))

        s = ingest_incremental(
            paths, store, names, workers, batch_size=batch_size, scheduler=scheduler, on_rejection=_report_rejection,
            on_batch=on_batch, on_plan=lambda n: progress.update(task, total=n),
        )
    err.print(f"files: {s['files_new']} new, {s['files_changed']} changed, {s['files_appended']} appended, "
              f"{s['files_resumed']} resumed, {s['files_unchanged']} unchanged; articles: {s['inserted']} new, "
              f"{s['updated']} re-analysed, {s['unchanged']} unchanged, {s['rejected']} rejected "
              f"in {s['seconds']:.1f}s", markup=False)
    raise typer.Exit(1 if s["rejected"] else 0)


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="Folder to re-scan for new or changed inputs.")],
    interval: Annotated[float, typer.Option("--interval", min=0.5, help="Seconds between scans.")] = 10.0,
    workers: WorkersOpt = 1,
    pipeline: PipelineOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 200,
    scheduler: Annotated[str | None, typer.Option("--scheduler", envvar="MARSAD_DASK_SCHEDULER")] = None,
) -> None:
    """Watch a folder: ingest new and changed files as they appear (polling; Ctrl-C stops, progress is kept)."""
    import threading

    from marsad.ingest.incremental import watch as watch_folder

    if not folder.is_dir():
        _fail(f"{folder}: not a directory", 2)
    names = _pipeline_names(pipeline)
    store = _open_store()
    stop = threading.Event()

    def on_scan(s: dict) -> None:
        if s.get("inserted") or s.get("updated") or s.get("rejected"):
            err.print(f"scan: {s.get('inserted', 0)} new, {s.get('updated', 0)} re-analysed, "
                      f"{s.get('rejected', 0)} rejected", markup=False)

    import signal

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a service manager's SIGTERM stops like Ctrl-C (progress is kept)

    signal.signal(signal.SIGTERM, on_term)
    err.print(f"watching {folder} every {interval:g}s (Ctrl-C or SIGTERM to stop)", markup=False)
    try:
        watch_folder(folder, interval, stop, store=store, names=names, workers=workers, scheduler=scheduler,
                     batch_size=batch_size, on_scan=on_scan, on_rejection=_report_rejection)
    except KeyboardInterrupt:
        stop.set()
    raise typer.Exit(0)


@app.command()
def stats() -> None:
    """Summarise the store. The first line reads 'N articles, M events, K entities'."""
    from marsad.store.db import Store
    from marsad.store.models import ArticleRow, EntityRow, EventRow

    try:
        store = Store()
    except Exception as exc:
        _fail(f"cannot open the database: {exc}")
    c = store.counts()
    out.print(f"{c['articles']} articles, {c['events']} events, {c['entities']} entities", markup=False)
    out.print(f"{c['mentions']} entity mentions, {c['relations']} relations, "
              f"{c['fused_events']} real-world events after cross-source fusion", markup=False)
    for title, col in (("outlet", ArticleRow.outlet_name), ("event type", EventRow.sub_event_type),
                       ("entity type", EntityRow.type)):
        rows = store.breakdown(col)
        if not rows:
            continue
        t = Table(title=f"by {title}", show_header=True)
        t.add_column(title)
        t.add_column("count", justify="right")
        for k, n in rows:
            t.add_row(str(k) if k is not None else "—", str(n))
        out.print(t)
    store.close()


@app.command()
def demo(
    workers: WorkersOpt = 0,
    serve_app: Annotated[bool, typer.Option("--serve/--no-serve", help="Start the web workbench afterwards.")] = True,
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """Process the bundled example articles into the database, print a summary, and open the workbench."""
    from marsad.analyse.pipeline import available_pipeline
    from marsad.config import EXAMPLES_DIR, get_settings

    settings = get_settings()
    err.print(f"database: {settings.database_url}", markup=False)
    summary, _ = _ingest([str(EXAMPLES_DIR)], workers or 1, available_pipeline(), 50)
    err.print(f"{summary['inserted']} new, {summary['updated']} re-analysed, {summary['unchanged']} unchanged",
              markup=False)
    stats()
    if serve_app:
        serve(host=host, port=port, tile_url=None)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    tile_url: Annotated[str | None, typer.Option("--tile-url", envvar="MARSAD_TILE_URL",
                                                 help="Map tile URL template (default: OpenStreetMap).")] = None,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json, docs at /docs) and the web app at /."""
    import uvicorn

    from marsad.serve.app import create_app
    from marsad.store.db import Store

    try:
        store = Store()
    except Exception as exc:
        _fail(f"cannot open the database: {exc}")
    err.print(f"Marsad workbench: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", markup=False)
    uvicorn.run(create_app(store, tile_url=tile_url), host=host, port=port, log_level="warning")


def _event_filter(type: str | None, actor: str | None, place: str | None, bbox: str | None, date_from: str | None,
                  date_to: str | None, modality: str | None, min_sources: int | None, country: str | None) -> object:
    import re

    from marsad.store.queries import EventFilter

    for name, value in (("--date-from", date_from), ("--date-to", date_to)):
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise typer.BadParameter("expected YYYY-MM-DD", param_hint=name)
    box = None
    if bbox:
        try:
            box = tuple(float(x) for x in bbox.split(","))
        except ValueError:
            box = ()
        if len(box) != 4:
            raise typer.BadParameter("four numbers: min_lon,min_lat,max_lon,max_lat", param_hint="--bbox")
    return EventFilter(type, actor, place, box, date_from, date_to, modality, min_sources, country)  # type: ignore[arg-type]


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="acled | geojson | gexf | graphml | stix | jsonl | parquet")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (parquet: a folder or a .zip).")],
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type or sub-event type")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="entity id or any alias")] = None,
    place: Annotated[str | None, typer.Option("--place", help="place or governorate name")] = None,
    bbox: Annotated[str | None, typer.Option("--bbox", help="min_lon,min_lat,max_lon,max_lat")] = None,
    date_from: Annotated[str | None, typer.Option("--date-from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="YYYY-MM-DD")] = None,
    modality: Annotated[str | None, typer.Option("--modality", help="asserted|claimed|denied|planned|hypothetical")] = None,
    min_sources: Annotated[int | None, typer.Option("--min-sources", min=1)] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO 3166-1 alpha-2")] = None,
) -> None:
    """Export the store (events, actors, relations, articles) for analysts' tools; streams with a progress bar."""
    from marsad.export import FORMATS, ExportError, export_to_path
    from marsad.store.db import Store

    if format not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    flt = _event_filter(type, actor, place, bbox, date_from, date_to, modality, min_sources, country)
    try:
        store = Store()
    except Exception as exc:
        _fail(f"cannot open the database: {exc}")
    progress = Progress(TextColumn(f"[bold]export {format}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=True)
    try:
        with progress:
            task = progress.add_task("export", total=None)
            counts = export_to_path(format, output, store, flt,  # type: ignore[arg-type]
                                    progress=lambda n: progress.update(task, completed=n))
    except ExportError as exc:
        _fail(f"{output}: {exc}", 2)
    except OSError as exc:
        _fail(f"{output}: {exc.strerror or exc}")
    finally:
        store.close()
    out.print(f"exported {counts}", markup=False)


@evaluate_app.command("ner")
def evaluate_ner(
    test: Annotated[Path | None, typer.Option("--test", help="CoNLL file (default: ANERcorp CAMeL test split).")] = None,
) -> None:
    """Entity-level P/R/F1 per type on a CoNLL file."""
    try:
        from marsad.evaluate.ner import evaluate_conll, format_report
    except ImportError as exc:
        _fail(f"NER evaluation is not available: {exc}")
    if test is not None and not test.exists():
        _fail(f"{test}: no such file")
    out.print(format_report(evaluate_conll(test)), markup=False)


def _evaluate_gold(kind: str, gold: Path) -> None:
    try:
        from marsad.evaluate.gold import evaluate, format_report
    except ImportError as exc:
        _fail(f"gold evaluation is not available: {exc}")
    if not gold.is_dir():
        _fail(f"{gold}: not a directory of gold files")
    out.print(format_report(evaluate(kind, gold)), markup=False)


GoldOpt = Annotated[Path, typer.Option("--gold", help="Directory of gold annotation files (tests/gold/...).")]


@evaluate_app.command("entities")
def evaluate_entities(gold: GoldOpt) -> None:
    """Entity P/R/F1 against gold annotation files."""
    _evaluate_gold("entities", gold)


@evaluate_app.command("relations")
def evaluate_relations(gold: GoldOpt) -> None:
    """Relation P/R/F1 against gold annotation files."""
    _evaluate_gold("relations", gold)


@evaluate_app.command("events")
def evaluate_events(gold: GoldOpt) -> None:
    """Event P/R/F1 against gold annotation files."""
    _evaluate_gold("events", gold)


@gazetteer_app.command("build")
def gazetteer_build(
    sources: Annotated[list[Path], typer.Argument(help="*_places.tsv files (../shared format) or GeoNames dumps.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Index file (default: DATA_DIR/gazetteer.sqlite).")] = None,
) -> None:
    """Build the gazetteer index from TSV or GeoNames dump files."""
    from marsad.config import get_settings

    missing = [s for s in sources if not s.exists()]
    for s in missing:
        err.print(f"{s}: no such file or directory", markup=False)
    if missing:
        raise typer.Exit(1)
    try:
        from marsad.knowledge.gazetteer import build_index
    except ImportError as exc:
        _fail(f"gazetteer index is not available: {exc}")
    target = output or get_settings().gazetteer_path
    target.parent.mkdir(parents=True, exist_ok=True)
    counts = build_index([*sources], target)
    out.print(f"gazetteer index written to {target}: {counts}", markup=False)


def _open_store() -> object:
    from marsad.store.db import Store

    try:
        return Store()
    except Exception as exc:
        _fail(f"cannot open the database: {exc}")


@curation_app.command("export")
def curation_export(output: Annotated[Path, typer.Option("--output", "-o", help="JSONL file to write.")]) -> None:
    """Write the whole corrections log (append-only, attributed) as JSONL, to share with a team."""
    import os

    from marsad.curation.log import export_jsonl

    store = _open_store()
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.part")
    with store.engine.connect() as conn, tmp.open("w", encoding="utf-8") as fh:  # type: ignore[attr-defined]
        n = export_jsonl(conn, fh)
    os.replace(tmp, output)
    out.print(f"{n} corrections written to {output}", markup=False)


@curation_app.command("import")
def curation_import(path: Annotated[Path, typer.Argument(help="A JSONL export of another store's log.")]) -> None:
    """Append another team's corrections (entries already present are skipped) and re-apply everything."""
    from marsad.curation.apply import import_log

    if not path.is_file():
        _fail(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        res = import_log(_open_store(), fh)
    for line_no, msg in res.get("errors", []):
        err.print(f"{path}:{line_no}: {msg}", markup=False)
    out.print(f"{res['imported']} imported, {res['skipped']} already present", markup=False)
    raise typer.Exit(1 if res.get("errors") else 0)


@curation_app.command("rebuild")
def curation_rebuild() -> None:
    """Re-apply the whole corrections log to every stored article (e.g. after a pipeline upgrade)."""
    from marsad.curation.apply import rebuild

    out.print(f"re-applied: {dict(rebuild(_open_store()))}", markup=False)


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
