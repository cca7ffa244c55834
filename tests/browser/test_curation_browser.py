"""Curation through the web app in a real browser: merge a discovered group into a KB group from its
profile, and reject an event report from the events table; both land in the corrections log."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    event_articles,
    goto,
    loads,
    shot,
    wait_reload,
)

from marsad.model import ArgRef, Article, Entity, Event, Location, Span

pytestmark = pytest.mark.browser
TOKEN = "browser-curation-token"
CANDIDATE = "سرايا الغضب الحسيني"


def candidate_article() -> Article:
    from marsad.analyse.linker import new_entity_id

    body = f"أعلنت {CANDIDATE} مسؤوليتها عن قصف مواقع في الميادين بريف دير الزور."
    i, j = body.index(CANDIDATE), body.index("الميادين")
    cand = Entity(CANDIDATE, i, i + len(CANDIDATE), "ARMED_GROUP", new_entity_id("ARMED_GROUP", CANDIDATE), source="ner")
    town = Entity("الميادين", j, j + 8, "LOCATION", "plc:mayadin", source="gazetteer")
    a = Article("hand/candidate.txt", body, body=body, title="سرايا الغضب", published="2019-05-02")
    a.entities = [cand, town]
    t = body.index("قصف")
    a.events = [Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", Span(t, t + 3, "قصف"),
                      Span(0, len(body)), actor1=ArgRef.of(cand),
                      location=Location("الميادين", j, j + 8, "Al Mayadin", 35.02, 40.45, "Deir-ez-Zor", "SY", 1),
                      date="2019-05-01", time_precision=1)]
    return a


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 - loopback only
        return json.loads(r.read().decode())


@pytest.fixture(scope="module")
def cur_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium): browser tests skipped")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    import uvicorn

    from marsad.serve.app import create_app
    from marsad.serve.curation_api import curation_router
    from marsad.store.db import Store

    data = tmp_path_factory.mktemp("curation-browser")
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_DATA_DIR", str(data))
    store = Store(f"sqlite:///{data / 'marsad.sqlite'}")
    store.save([*event_articles(), candidate_article()], "browser-curation")
    app = create_app(store, token=TOKEN, tile_url="http://127.0.0.1:9/{z}/{x}/{y}.png")
    if not any(getattr(r, "path", "") == "/api/curation/corrections" for r in app.routes):  # until the lead wires it
        ingest = next(r for r in app.routes if getattr(r, "path", "") == "/api/ingest")
        app.include_router(curation_router(lambda: store, ingest.dependencies[0].dependency))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _get(f"{base}/api/stats")
            break
        except Exception:
            if not th.is_alive() or time.monotonic() > deadline:
                pytest.fail("server did not start")
            time.sleep(0.1)
    yield base
    srv.should_exit = True
    th.join(timeout=5)
    store.close()
    mp.undo()


@pytest.fixture()
def cur_page(cur_server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = b.new_context(viewport={"width": 1280, "height": 900}, base_url=cur_server)
        pg = ctx.new_page()
        pg.set_default_timeout(10_000)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
        yield pg
        b.close()
    real = [e for e in errors if "Failed to load resource" not in e and "ERR_CONNECTION_REFUSED" not in e]
    assert not real, real


def test_merge_and_reject_through_the_web_app(cur_page: Any, cur_server: str) -> None:
    page = cur_page
    cand_id = candidate_article().entities[0].entity_id
    goto(page, "#/curation", "curation")
    page.fill(".cur-identity input[name=by]", "browser-analyst")
    page.fill(".cur-identity input[name=token]", TOKEN)
    page.click(".cur-identity button[type=submit]")
    page.wait_for_selector(".cur-id-status:has-text('browser-analyst')")

    # merge the discovered candidate into the KB group from its profile
    goto(page, f"#/entity/{cand_id}", "entity")
    page.wait_for_selector(".cur-entity")
    page.fill(".cur-merge input[name=into]", "grp:nujaba")
    page.fill(".cur-entity .cur-why", "renamed faction")
    page.click(".cur-merge button[type=submit]")
    page.wait_for_selector(".cur-merged a:has-text('grp:nujaba')")
    shot(page, "curation-merge")
    log = _get(f"{cur_server}/api/curation/log")["items"]
    assert [(e["kind"], e["by"], e["why"]) for e in log] == [("merge_entities", "browser-analyst", "renamed faction")]
    nuj = _get(f"{cur_server}/api/curation/entities/grp:nujaba")["curation"]
    assert CANDIDATE in nuj["aliases_added"]

    # reject an event report from the events table
    goto(page, "#/events", "events")
    total = int(page.get_attribute(".table-info .total", "data-total"))
    page.click("tr.ev-row >> nth=0")
    detail = page.locator("tr.detail:not([hidden])")
    detail.locator(".cur-open").click()
    detail.locator(".cur-report .cur-reject").first.wait_for()
    before = loads(page)
    detail.locator(".cur-report .cur-reject").first.click()
    wait_reload(page, before)
    page.wait_for_function(f"() => +document.querySelector('.table-info .total').dataset.total === {total - 1}")
    log = _get(f"{cur_server}/api/curation/log")["items"]
    assert log[0]["kind"] == "reject_event" and log[0]["state"] == "applied"
    assert _get(f"{cur_server}/api/events?limit=1")["total"] == total - 1

    # the log view lists both, newest first, with an Undo button
    goto(page, "#/curation", "curation")
    states = page.eval_on_selector_all(".cur-log tbody tr", "rs => rs.map(r => r.dataset.state)")
    assert states == ["applied", "active"]
    assert page.locator(".cur-log .cur-undo").count() == 2
