"""REST endpoints of analyst curation and watchlists (an APIRouter the app includes).

Reads are open; every write (corrections, undo, import, rebuild, rules, delivery) needs the bearer
token (``require_token`` of :func:`marsad.serve.app.create_app`).  Include it with::

    app.include_router(curation_router(get_store, require_token))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from marsad.curation import apply as capply
from marsad.curation import log as clog
from marsad.curation import watch

Kind = Literal["merge_entities", "split_entity", "add_alias", "set_entity_type", "promote_entity",
               "reject_event", "confirm_event", "set_event"]


class CorrectionIn(BaseModel):
    kind: Kind
    target: dict[str, Any] = Field(description='{"entity_id": …} or {"event_key": …}')
    payload: dict[str, Any] = Field(default_factory=dict)
    by: str = Field(min_length=1, max_length=200, description="who makes the correction")
    why: str | None = Field(default=None, max_length=4000)


class UndoIn(BaseModel):
    by: str = Field(min_length=1, max_length=200)
    why: str | None = Field(default=None, max_length=4000)


class RuleIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    criteria: dict[str, Any]
    by: str = Field(min_length=1, max_length=200)


class RuleActiveIn(BaseModel):
    active: bool


def _states(conn: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    states = capply.correction_states(conn, items)
    for e in items:
        e["state"] = states.get(e["uid"], "active") if e["kind"] != "undo" else "undo"
    return items


def curation_router(get_store: Callable[[], Any], require_token: Callable[..., None]) -> APIRouter:
    """The curation/watchlist API over the app's store and token check."""
    r = APIRouter(tags=["curation"])
    write = [Depends(require_token)]

    def engine() -> Any:
        return get_store().engine

    # ------------------------------------------------------------------ corrections log
    @r.get("/api/curation/log")
    def log_entries(
        kind: Annotated[str | None, Query(max_length=30)] = None,
        target: Annotated[str | None, Query(max_length=200, description="entity id or event key")] = None,
        article: Annotated[str | None, Query(pattern="^[0-9a-f]{64}$")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100, offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        with engine().connect() as conn:
            items = clog.entries(conn, kinds=[kind] if kind else None, target_key=target, article_id=article,
                                 limit=limit, offset=offset, newest_first=True)
            return {"limit": limit, "offset": offset, "items": _states(conn, items)}

    @r.get("/api/curation/orphans")
    def orphans() -> dict[str, Any]:
        with engine().connect() as conn:
            items = _states(conn, clog.entries(conn, kinds=clog.EVENT_KINDS))
        return {"items": [e for e in items if e["state"] == "orphaned"]}

    @r.get("/api/curation/log.jsonl", response_class=StreamingResponse)
    def export_log() -> StreamingResponse:
        def lines() -> Any:
            with engine().connect() as conn:
                yield from clog.iter_export(conn)

        return StreamingResponse(lines(), media_type="application/x-ndjson; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="marsad-curation.jsonl"'})

    @r.post("/api/curation/log.jsonl", dependencies=write)
    async def import_log(request: Request) -> dict[str, Any]:
        body = (await request.body()).decode("utf-8", errors="replace")
        res = capply.import_log(get_store(), body.splitlines(), origin="import:api")
        res["errors"] = [{"line": n, "error": m} for n, m in res["errors"]]
        return res

    @r.post("/api/curation/corrections", dependencies=write)
    def make_correction(c: CorrectionIn) -> dict[str, Any]:
        try:
            return capply.correct(get_store(), c.kind, c.target, c.payload, c.by, c.why)
        except clog.CorrectionError as exc:
            raise HTTPException(422, str(exc)) from exc

    @r.post("/api/curation/corrections/{ref}/undo", dependencies=write)
    def undo_correction(ref: str, u: UndoIn) -> dict[str, Any]:
        if len(ref) > 36:
            raise HTTPException(422, "give a correction id or uid")
        try:
            return capply.undo(get_store(), ref, u.by, u.why)
        except clog.CorrectionError as exc:
            raise HTTPException(404 if str(exc).startswith("no correction") else 422, str(exc)) from exc

    @r.post("/api/curation/rebuild", dependencies=write)
    def rebuild() -> dict[str, Any]:
        return capply.rebuild(get_store())

    @r.get("/api/curation/events")
    def event_reports(cluster_id: int | None = None,
                      article_id: Annotated[str | None, Query(pattern="^[0-9a-f]{64}$")] = None) -> dict[str, Any]:
        if cluster_id is None and article_id is None:
            raise HTTPException(422, "give cluster_id or article_id")
        with engine().connect() as conn:
            return {"items": capply.event_reports(conn, cluster_id=cluster_id, article_id=article_id)}

    @r.get("/api/curation/entities/{entity_id:path}")
    def entity_curation(entity_id: str) -> dict[str, Any]:
        if len(entity_id) > 200:
            raise HTTPException(422, "entity id too long")
        with engine().connect() as conn:
            return {"entity_id": entity_id, "curation": capply.entity_curation(conn, entity_id)}

    # ------------------------------------------------------------------ watchlists and alerts
    @r.get("/api/watch/rules", tags=["watch"])
    def rules() -> dict[str, Any]:
        with engine().connect() as conn:
            return {"items": watch.list_rules(conn)}

    @r.post("/api/watch/rules", tags=["watch"], dependencies=write)
    def add_rule(rule: RuleIn) -> dict[str, Any]:
        try:
            with engine().begin() as conn:
                return watch.create_rule(conn, rule.name, rule.criteria, rule.by)
        except watch.WatchError as exc:
            raise HTTPException(422, str(exc)) from exc

    @r.post("/api/watch/rules/{rule_id}/active", tags=["watch"], dependencies=write)
    def rule_active(rule_id: int, body: RuleActiveIn) -> dict[str, Any]:
        with engine().begin() as conn:
            if not watch.set_rule_active(conn, rule_id, body.active):
                raise HTTPException(404, "no such rule")
        return {"id": rule_id, "active": body.active}

    @r.get("/api/alerts", tags=["watch"])
    def alerts(rule_id: int | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        with engine().connect() as conn:
            total, items = watch.list_alerts(conn, rule_id=rule_id, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @r.get("/api/alerts.atom", tags=["watch"], response_class=Response)
    def alerts_atom(request: Request, rule_id: int | None = None) -> Response:
        with engine().connect() as conn:
            _total, items = watch.list_alerts(conn, rule_id=rule_id, limit=100)
        return Response(watch.atom_feed(items, str(request.base_url)),
                        media_type="application/atom+xml; charset=utf-8")

    @r.get("/api/alerts/{alert_id}", tags=["watch"])
    def alert(alert_id: int) -> dict[str, Any]:
        from sqlalchemy import select

        from marsad.curation.models import AlertRow

        with engine().connect() as conn:
            row = conn.execute(select(AlertRow).where(AlertRow.id == alert_id)).mappings().first()
        if row is None:
            raise HTTPException(404, "no such alert")
        return watch.alert_dict(row)

    @r.post("/api/alerts/deliver", tags=["watch"], dependencies=write)
    def deliver() -> dict[str, Any]:
        return watch.deliver_pending(get_store())

    return r
