"""Watchlists: rules fire once per new matching event, first-ever actor–place pairs, Atom, webhook, API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from marsad.curation import watch
from marsad.model import ArgRef, Article, Entity, Event, Location, Span
from marsad.store.db import Store
from marsad.store.models import EventRow

PLACES = {  # name: (English, lat, lon, admin1)
    "البوكمال": ("Abu Kamal", 34.45, 40.92, "Deir-ez-Zor"),
    "الميادين": ("Al Mayadin", 35.02, 40.45, "Deir-ez-Zor"),
    "حلب": ("Aleppo", 36.2, 37.16, "Aleppo"),
}
TOKEN = "watch-token"


def article(group: str, gid: str, place: str, date: str, verb: str = "أرسلت") -> Article:
    body = f"قالت مصادر إن {group} {verb} تعزيزات عسكرية إلى {place} يوم {date}."
    g0 = body.index(group)
    p0 = body.index(place)
    g = Entity(group, g0, g0 + len(group), "ARMED_GROUP", gid, source="kb")
    p = Entity(place, p0, p0 + len(place), "LOCATION", f"plc:{place}", source="gazetteer")
    en, lat, lon, admin1 = PLACES[place]
    a = Article(f"{place}-{date}.txt", body, body=body, title=place, published=date)
    a.entities = [g, p]
    t0 = body.index(verb)
    a.events = [Event("Strategic developments", "Change to group/activity", "MOBILIZE", Span(t0, t0 + len(verb), verb),
                      Span(0, len(body)), actor1=ArgRef.of(g),
                      location=Location(place, p0, p0 + len(place), en, lat, lon, admin1, "SY", 1),
                      date=date, time_precision=1)]
    return a


@pytest.fixture()
def store(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MARSAD_WEBHOOK_URL", raising=False)
    _FIRED.clear()
    s = Store(db_url)
    yield s
    s.close()


_FIRED: dict[int, list[dict]] = {}


def save(store: Store, arts: list[Article]) -> list[int]:
    """Store.save (which evaluates the watch rules on the new clusters in its transaction); returns
    the clusters of these articles and remembers the alerts that this save created."""
    with store.engine.connect() as c:
        before = {a["id"] for a in watch.list_alerts(c, limit=100_000)[1]}
    store.save(arts, "sig")
    with store.engine.connect() as c:
        ids = sorted(set(c.execute(select(EventRow.cluster_id).where(
            EventRow.article_id.in_([a.id for a in arts]))).scalars()))
        for a in sorted(watch.list_alerts(c, limit=100_000)[1], key=lambda x: x["id"]):
            if a["id"] not in before:
                _FIRED.setdefault(a["cluster_id"], []).append(a)
    return ids


def evaluate(store: Store, cluster_ids: list[int]) -> list[dict]:
    """The alerts for these clusters not yet seen: those fired by the save hook, plus any that a
    further evaluation creates (there must be none: rules fire exactly once per event)."""
    with store.engine.begin() as conn:
        again = watch.evaluate_watch_rules(conn, cluster_ids)
    fired = [a for cid in cluster_ids for a in _FIRED.pop(cid, [])]
    return fired + again


def add_rule(store: Store, name: str, **criteria: Any) -> dict:
    with store.engine.begin() as conn:
        return watch.create_rule(conn, name, criteria, "analyst-1")


def test_rule_fires_once_for_new_matching_event_only(store: Store) -> None:
    old = save(store, [article("حركة النجباء", "grp:nujaba", "البوكمال", "2019-05-01")])
    iran = add_rule(store, "Iranian-backed groups in Deir ez-Zor", actor_sponsor="grp:irgc", place="دير الزور")
    jihad = add_rule(store, "jihadists anywhere", actor_kind="jihadist")
    assert "deir-ez-zor" in iran["criteria"]["place_keys"]
    assert evaluate(store, old) == []  # events stored before the rule never fire it
    new = save(store, [article("حركة النجباء", "grp:nujaba", "الميادين", "2019-06-10")])
    assert set(new).isdisjoint(old)
    alerts = evaluate(store, new)
    assert [(a["rule_id"], a["cluster_id"], a["kind"]) for a in alerts] == [(iran["id"], new[0], "event")]
    assert "حركة النجباء" in alerts[0]["title"] and alerts[0]["payload"]["event"]["admin1"] == "Deir-ez-Zor"
    assert evaluate(store, new) == [] and evaluate(store, old + new) == []  # exactly once
    elsewhere = save(store, [article("حركة النجباء", "grp:nujaba", "حلب", "2019-07-01")])
    assert evaluate(store, elsewhere) == []  # not in the governorate
    with store.engine.connect() as c:
        total, items = watch.list_alerts(c)
    assert total == 1 and items[0]["rule_id"] == iran["id"] and jihad["id"] != iran["id"]


def test_first_ever_actor_place_pair(store: Store) -> None:
    save(store, [article("حركة النجباء", "grp:nujaba", "البوكمال", "2019-05-01")])
    rule = add_rule(store, "a new place for al-Nujaba", actor="حركة النجباء", new_place=True)
    assert "grp:nujaba" in rule["criteria"]["actor_ids"]
    again = save(store, [article("حركة النجباء", "grp:nujaba", "البوكمال", "2019-08-20")])
    assert evaluate(store, again) == []  # known place
    fresh = save(store, [article("حركة النجباء", "grp:nujaba", "الميادين", "2019-09-01")])
    (alert,) = evaluate(store, fresh)
    assert alert["kind"] == "new_place" and alert["payload"]["actor_id"] == "grp:nujaba"
    later = save(store, [article("حركة النجباء", "grp:nujaba", "الميادين", "2019-10-15")])
    assert evaluate(store, later) == []  # the pair is no longer new


def test_invalid_rules(store: Store) -> None:
    with store.engine.begin() as conn:
        for crit, msg in [({}, "at least one"), ({"new_place": True}, "at least one"), ({"colour": "red"}, "unknown"),
                          ({"event_type": "Picnic"}, "unknown ACLED"), ({"bbox": [1, 2, 3]}, "bbox"),
                          ({"actor_sponsor": "grp:nobody"}, "knowledge-base id")]:
            with pytest.raises(watch.WatchError, match=msg):
                watch.create_rule(conn, "r", crit, "a")


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 204

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        n = int(self.headers.get("Content-Length") or 0)
        type(self).received.append(json.loads(self.rfile.read(n)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *_a: Any) -> None:
        pass


@pytest.fixture()
def hook_server() -> Iterator[tuple[str, type[_Hook]]]:
    handler = type("Hook", (_Hook,), {"received": [], "status": 204})
    srv = HTTPServer(("127.0.0.1", 0), handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook", handler
    srv.shutdown()
    srv.server_close()


def _one_alert(store: Store) -> dict:
    save(store, [article("حركة النجباء", "grp:nujaba", "البوكمال", "2019-05-01")])
    add_rule(store, "al-Nujaba", actor="grp:nujaba")
    (alert,) = evaluate(store, save(store, [article("حركة النجباء", "grp:nujaba", "الميادين", "2019-06-10")]))
    return alert


def test_webhook_receives_the_alert(store: Store, hook_server: tuple[str, type[_Hook]],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url, handler = hook_server
    alert = _one_alert(store)
    monkeypatch.setenv("MARSAD_WEBHOOK_URL", url)
    assert watch.deliver_pending(store) == {"delivered": 1, "failed": 0, "pending": 0}
    (got,) = handler.received
    assert got["type"] == "marsad.alert" and got["alert"]["id"] == alert["id"]
    assert got["alert"]["payload"]["event"]["location_text"] == "الميادين"
    assert watch.deliver_pending(store)["delivered"] == 0  # delivered once


def test_webhook_failures_are_bounded_and_never_raise(store: Store, hook_server: tuple[str, type[_Hook]]) -> None:
    url, handler = hook_server
    handler.status = 500
    _one_alert(store)
    res = watch.deliver_pending(store, url, max_attempts=2, backoff=0)
    assert res == {"delivered": 0, "failed": 1, "pending": 1} and len(handler.received) == 2
    for _ in range(5):  # at most MAX_TOTAL_ATTEMPTS in all
        watch.deliver_pending(store, url, max_attempts=2, backoff=0)
    assert len(handler.received) == watch.MAX_TOTAL_ATTEMPTS
    with store.engine.connect() as c:
        (a,) = watch.list_alerts(c)[1]
    assert not a["delivered"] and "500" in a["last_error"]
    closed = watch.deliver_pending(store, "http://127.0.0.1:9/nothing", max_attempts=1, backoff=0)
    assert closed["delivered"] == 0  # no exception


def test_atom_feed_is_atom_1_0(store: Store) -> None:
    alert = _one_alert(store)
    with store.engine.connect() as c:
        xml = watch.atom_feed(watch.list_alerts(c)[1], "http://marsad.example/")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(xml)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for tag in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{tag}", ns) is not None, tag
    (entry,) = root.findall("a:entry", ns)
    assert entry.find("a:id", ns).text == f"http://marsad.example/api/alerts/{alert['id']}"
    assert entry.find("a:title", ns).text == alert["title"]
    assert entry.find("a:updated", ns).text.endswith("Z")
    assert entry.find("a:link", ns).get("href").endswith(f"#/events/{alert['cluster_id']}")


def _client(store: Store) -> TestClient:
    from marsad.serve.app import create_app
    from marsad.serve.curation_api import curation_router

    app = create_app(store, token=TOKEN)
    if not any(getattr(r, "path", "") == "/api/alerts.atom" for r in app.routes):  # until the lead includes it
        ingest = next(r for r in app.routes if getattr(r, "path", "") == "/api/ingest")
        app.include_router(curation_router(lambda: store, ingest.dependencies[0].dependency))
    return TestClient(app)


def test_api_rules_alerts_and_feed(store: Store) -> None:
    client = _client(store)
    save(store, [article("حركة النجباء", "grp:nujaba", "البوكمال", "2019-05-01")])
    body = {"name": "Iran-backed in Deir ez-Zor", "criteria": {"actor_sponsor": "grp:irgc", "place": "دير الزور"},
            "by": "analyst-1"}
    assert client.post("/api/watch/rules", json=body).status_code == 401
    r = client.post("/api/watch/rules", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    bad = client.post("/api/watch/rules", json={**body, "criteria": {"colour": 1}},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422
    evaluate(store, save(store, [article("حركة النجباء", "grp:nujaba", "الميادين", "2019-06-10")]))
    items = client.get("/api/alerts").json()["items"]
    assert len(items) == 1 and items[0]["rule_id"] == r.json()["id"]
    feed = client.get("/api/alerts.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert ET.fromstring(feed.content).find("{http://www.w3.org/2005/Atom}entry") is not None
    assert client.get(f"/api/alerts/{items[0]['id']}").json()["title"] == items[0]["title"]
    off = client.post(f"/api/watch/rules/{r.json()['id']}/active", json={"active": False},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert off.status_code == 200 and client.get("/api/watch/rules").json()["items"][0]["active"] is False
