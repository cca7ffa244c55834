"""The REST API (FastAPI; OpenAPI at /openapi.json, docs at /docs) and the web app at /.

Read endpoints are open; write endpoints need ``Authorization: Bearer <MARSAD_API_TOKEN>`` and are
disabled when no token is configured.  Responses carry a Content-Security-Policy that forbids
inline script; CORS is closed (no cross-origin headers are sent); request bodies are size-limited.
"""


import csv
import hmac
import io
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from marsad import __version__
from marsad.config import get_settings
from marsad.curation.apply import annotate_entity, annotate_events
from marsad.serve.curation_api import curation_router
from marsad.store import queries
from marsad.store.db import Store

WEB_DIR = Path(__file__).resolve().parent / "web"
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
MAX_BODY_BYTES = 8 * 1024 * 1024
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https://*.tile.openstreetmap.org {tiles}; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
DateQ = Annotated[str | None, Query(pattern=DATE_RE, description="YYYY-MM-DD")]


def _parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if bbox is None:
        return None
    parts = bbox.split(",")
    try:
        vals = tuple(float(p) for p in parts)
    except ValueError:
        vals = ()
    if len(vals) != 4:
        raise HTTPException(422, "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = vals
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, "bbox out of range or min > max: min_lon,min_lat,max_lon,max_lat")
    return vals  # type: ignore[return-value]


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"request body too large (> {MAX_BODY_BYTES} bytes)")


class BodyLimitMiddleware:
    """Counts the bytes actually received (chunked bodies too) and stops at MAX_BODY_BYTES with 413."""

    def __init__(self, app: Any, max_bytes: int = MAX_BODY_BYTES):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> dict:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if not started:
                await JSONResponse({"detail": exc.detail}, status_code=413)(scope, receive, send)


class IngestArticle(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    published: str | None = Field(default=None, pattern=DATE_RE)
    source: str | None = Field(default=None, max_length=200, description="outlet slug, name or domain")


class IngestRequest(BaseModel):
    articles: list[IngestArticle] = Field(min_length=1, max_length=500)


def create_app(store: Store | None = None, token: str | None = ..., tile_url: str | None = None) -> FastAPI:  # type: ignore[assignment]
    """Build the app. ``token=...`` (default) reads MARSAD_API_TOKEN; ``None`` disables writes."""
    settings = get_settings()
    api_token = settings.api_token if token is ... else token
    app = FastAPI(title="Marsad API", version=__version__,
                  description="Arabic conflict-news events, actors and evidence. Read-only without a token.")
    app.add_middleware(BodyLimitMiddleware)
    state: dict[str, Any] = {"store": store}
    tiles = tile_url or "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_host = re.match(r"^(https?://[^/{]+)", tiles.replace("{s}.", ""))
    csp = CSP.format(tiles=tile_host.group(1) if tile_host else "")

    def get_store() -> Store:
        if state["store"] is None:
            state["store"] = Store()
        return state["store"]

    def require_token(request: Request) -> None:
        if not api_token:
            raise HTTPException(403, "write endpoints are disabled: the operator has set no MARSAD_API_TOKEN")
        auth = request.headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), api_token.encode()):
            raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        if "%00" in request.url.query or "\x00" in request.url.path:
            return JSONResponse({"detail": "NUL characters are not allowed in parameters"}, status_code=422)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse({"detail": f"request body too large (> {MAX_BODY_BYTES} bytes)"}, status_code=413)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{loc or 'request'}: {e.get('msg')}")
        return JSONResponse({"detail": "; ".join(problems), "errors": jsonable_errors(exc)}, status_code=422)

    def event_filter(
        type: Annotated[str | None, Query(max_length=100, description="ACLED event type or sub-event type")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="entity id or any alias")] = None,
        place: Annotated[str | None, Query(max_length=200, description="place or governorate name")] = None,
        bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")] = None,
        date_from: DateQ = None, date_to: DateQ = None,
        modality: Annotated[str | None, Query(pattern="^(asserted|claimed|denied|planned|hypothetical)$")] = None,
        min_sources: Annotated[int | None, Query(ge=1, le=10_000)] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
        article: Annotated[str | None, Query(pattern="^[0-9a-f]{64}$")] = None,
    ) -> queries.EventFilter:
        return queries.EventFilter(type, actor, place, _parse_bbox(bbox), date_from, date_to, modality,
                                   min_sources, country, article)

    Filter = Annotated[queries.EventFilter, Depends(event_filter)]

    # ------------------------------------------------------------------ read API
    @app.get("/api/stats", tags=["meta"])
    def stats() -> dict[str, Any]:
        return {"version": __version__, **get_store().counts()}

    @app.get("/api/articles", tags=["articles"])
    def articles(
        outlet: Annotated[str | None, Query(max_length=200)] = None, date_from: DateQ = None, date_to: DateQ = None,
        entity: Annotated[str | None, Query(max_length=200)] = None,
        q: Annotated[str | None, Query(max_length=500, description="full-text search")] = None,
        sort: Annotated[str, Query(pattern="^-?(published|ingested|title)$")] = "-published",
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        with get_store().engine.connect() as conn:
            total, rows = queries.list_articles(conn, outlet=outlet, date_from=date_from, date_to=date_to,
                                                entity=entity, q=q, limit=limit, offset=offset, sort=sort)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        if not re.fullmatch(r"[0-9a-f]{64}", article_id):
            raise HTTPException(422, "article id must be 64 lowercase hex characters")
        with get_store().engine.connect() as conn:
            a = queries.get_article(conn, article_id)
        if a is None:
            raise HTTPException(404, "no such article")
        return a

    @app.get("/api/events", tags=["events"])
    def events(
        f: Filter, limit: Limit = 50, offset: Offset = 0,
        sort: Annotated[str, Query(pattern="^-?(date|sources|confidence|id)$")] = "-date",
    ) -> dict[str, Any]:
        with get_store().engine.connect() as conn:
            total, rows = queries.list_events(conn, f, limit=limit, offset=offset, sort=sort)
            annotate_events(conn, rows)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/events.csv", tags=["events"], response_class=StreamingResponse)
    def events_csv(f: Filter) -> StreamingResponse:
        cols = ["id", "date", "event_type", "sub_event_type", "plover", "actor1_text", "actor1_id", "actor2_text",
                "actor2_id", "location_text", "location_name_en", "admin1", "country", "lat", "lon", "geo_precision",
                "fatalities", "source_count", "modalities", "first_reported", "last_reported", "confidence",
                "evidence", "source_urls"]

        def rows() -> Any:
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(cols)
            yield "\ufeff" + buf.getvalue()
            with get_store().engine.connect() as conn:
                for ev in queries.iter_events(conn, f):
                    buf.seek(0)
                    buf.truncate()
                    ev = {**ev, "evidence": " | ".join(s["evidence_text"] or "" for s in ev["sources"]),
                          "source_urls": " ".join(s["url"] or s["article_id"] for s in ev["sources"])}
                    w.writerow([ev.get(c) for c in cols])
                    yield buf.getvalue()

        return StreamingResponse(rows(), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="marsad-events.csv"'})

    @app.get("/api/export/{fmt}", tags=["export"])
    def export_current_filter(fmt: str, f: Filter) -> Response:
        import tempfile

        from starlette.background import BackgroundTask

        from marsad.export import FORMATS, export_to_path, file_extension, media_type

        if fmt not in FORMATS:
            raise HTTPException(422, f"format must be one of {', '.join(FORMATS)}")
        tmpdir = Path(tempfile.mkdtemp(prefix="marsad-export-"))
        target = tmpdir / f"marsad-{fmt}{file_extension(fmt)}"  # parquet: a .zip of the three tables
        export_to_path(fmt, target, get_store(), f)

        def cleanup() -> None:
            import shutil

            shutil.rmtree(tmpdir, ignore_errors=True)

        return FileResponse(target, media_type=media_type(fmt), filename=target.name, background=BackgroundTask(cleanup))

    @app.get("/api/events/facets", tags=["events"])
    def facets(f: Filter) -> dict[str, Any]:
        with get_store().engine.connect() as conn:
            return queries.event_facets(conn, f)

    @app.get("/api/events/points", tags=["events"])
    def points(f: Filter, limit: Annotated[int, Query(ge=1, le=200_000)] = 100_000) -> list[dict]:
        """Located events (id, lat, lon, type) for the map: the same filters, no paging."""
        with get_store().engine.connect() as conn:
            return queries.event_points(conn, f, limit)

    @app.get("/api/events/timeline", tags=["events"])
    def timeline(f: Filter, bucket: Annotated[str, Query(pattern="^(day|week|month)$")] = "day") -> list[dict]:
        with get_store().engine.connect() as conn:
            return queries.event_timeline(conn, f, bucket)

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: int) -> dict[str, Any]:
        with get_store().engine.connect() as conn:
            ev = queries.get_event(conn, event_id)
            if ev is not None:
                annotate_events(conn, [ev])
        if ev is None:
            raise HTTPException(404, "no such event")
        return ev

    @app.get("/api/entities", tags=["entities"])
    def entities(
        q: Annotated[str | None, Query(max_length=200, description="id or any alias")] = None,
        type: Annotated[str | None, Query(pattern="^(PERSON|ARMED_GROUP|ORGANIZATION|LOCATION|FACILITY)$")] = None,
        limit: Limit = 50, offset: Offset = 0,
    ) -> dict[str, Any]:
        with get_store().engine.connect() as conn:
            total, rows = queries.search_entities(conn, q, type, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    @app.get("/api/entities/{entity_id:path}", tags=["entities"])
    def entity(entity_id: str) -> dict[str, Any]:
        if len(entity_id) > 200:
            raise HTTPException(422, "entity id too long")
        with get_store().engine.connect() as conn:
            prof = annotate_entity(conn, queries.entity_profile(conn, entity_id))
        if prof is None:
            raise HTTPException(404, "no such entity")
        return prof

    @app.get("/api/graph", tags=["graph"])
    def graph(
        entity: Annotated[str | None, Query(max_length=200)] = None,
        rel_types: Annotated[str | None, Query(max_length=300, description="comma-separated relation types")] = None,
        node_types: Annotated[str | None, Query(max_length=200, description="comma-separated entity types")] = None,
        min_count: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> dict[str, Any]:
        split = lambda s: [x.strip() for x in s.split(",") if x.strip()] if s else None  # noqa: E731
        with get_store().engine.connect() as conn:
            return queries.actor_graph(conn, entity=entity, rel_types=split(rel_types), node_types=split(node_types),
                                       min_count=min_count, limit=limit)

    @app.get("/api/search", tags=["articles"])
    def search(q: Annotated[str, Query(min_length=1, max_length=500)], limit: Limit = 20, offset: Offset = 0) -> dict:
        with get_store().engine.connect() as conn:
            total, rows = queries.list_articles(conn, q=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    # ------------------------------------------------------------------ write API
    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(require_token)])
    def ingest(req: IngestRequest) -> dict[str, Any]:
        from marsad.analyse.pipeline import default_pipeline
        from marsad.clean.cleaner import clean_article
        from marsad.model import Article
        from marsad.runner import pipeline_signature

        nlp = default_pipeline()
        limit = get_settings().max_article_chars
        arts, rejected = [], []
        for i, item in enumerate(req.articles):
            a = Article(source_path=f"api:{i}", raw=item.text, raw_format="api",
                        meta={"title": item.title, "url": item.url, "date": item.published, "source": item.source})
            try:
                clean_article(a)
                if not a.body.strip():
                    rejected.append({"index": i, "reason": "no article text left after cleaning"})
                    continue
                if len(a.body) > limit:
                    rejected.append({"index": i, "reason": f"article too long ({len(a.body)} > {limit} characters)"})
                    continue
                arts.append(nlp(a))
            except Exception as exc:  # one bad article must not lose the batch
                rejected.append({"index": i, "reason": f"analysis failed: {type(exc).__name__}: {exc}"[:300]})
        res = get_store().save(arts, pipeline_signature(nlp.names))
        return {"inserted": res.inserted, "updated": res.updated, "unchanged": res.unchanged, "ids": res.ids,
                "rejected": rejected}

    # ------------------------------------------------------------------ curation and watchlists
    app.include_router(curation_router(get_store, require_token))

    # ------------------------------------------------------------------ web app
    @app.get("/api/config", tags=["meta"])
    def web_config() -> dict[str, Any]:
        return {"tile_url": tiles, "write_enabled": bool(api_token)}

    if (WEB_DIR / "static").is_dir():
        app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = WEB_DIR / "index.html"
        if not page.exists():
            return JSONResponse({"detail": "web app not installed; the API is at /docs"})
        return FileResponse(page, media_type="text/html; charset=utf-8")

    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
