"""The web app in a real browser: reader highlights, events table/map/timeline agreement, network →
profile navigation, and inert rendering of hostile article text."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.conftest import XSS_MARK, Server, goto, loads, shot, wait_reload

pytestmark = pytest.mark.browser


def _article_id(server: Server, needle: str) -> str:
    items = server.api("/api/articles", limit=500)["items"]
    hits = [a["id"] for a in items if needle in (a.get("source_path") or "")]
    assert hits, f"no article whose source path contains {needle!r}"
    return hits[0]


def _placed(body: str, mentions: list[dict]) -> list[dict]:
    """The mentions the reader can highlight: valid offsets, no overlaps (earliest, then longest, wins)."""
    valid = [m for m in mentions if 0 <= m["start"] < m["end"] <= len(body) and body[m["start"]:m["end"]] == m["text"]]
    valid.sort(key=lambda m: (m["start"], -m["end"]))
    kept, last = [], -1
    for m in valid:
        if m["start"] >= last:
            kept.append(m)
            last = m["end"]
    return kept


def test_reader_highlights_seed_article(page: Any, server: Server) -> None:
    aid = _article_id(server, "000_")
    art = server.api(f"/api/articles/{aid}")
    goto(page, f"#/article/{aid}", "article")
    assert page.get_attribute(".article-body", "dir") == "rtl"
    assert page.get_attribute(".article-body", "lang") == "ar"
    shown = page.eval_on_selector_all(".article-body a.ent", """els => els.map(e => ({
        id: e.dataset.entityId, type: e.dataset.type, text: e.textContent, start: +e.dataset.start,
        end: +e.dataset.end, href: e.getAttribute('href')}))""")
    expected = [m for m in _placed(art["body"], art["entities"]) if m["entity_id"]]
    assert expected, "the seed article has no linked entities"
    assert [(m["entity_id"], m["start"], m["end"]) for m in expected] == [(s["id"], s["start"], s["end"]) for s in shown]
    for m, s in zip(expected, shown, strict=True):
        assert s["text"] == m["text"] == art["body"][m["start"]:m["end"]]
        assert s["type"] == m["type"]
        assert s["href"] == f"#/entity/{m['entity_id']}"
    ids = {m["entity_id"] for m in art["entities"]}
    if "grp:kataib-imam-ali" in ids:
        assert page.locator('a.ent[data-entity-id="grp:kataib-imam-ali"]').count() >= 1
    # the whole body is shown, unchanged
    assert page.text_content(".article-body") == art["body"]
    # hovering an event highlights exactly its evidence sentence
    if art["events"]:
        ev = art["events"][0]
        page.hover(".ev-item >> nth=0")
        lit = "".join(page.eval_on_selector_all(".article-body .seg.ev-hl", "els => els.map(e => e.textContent)"))
        assert lit == art["body"][ev["evidence"]["start"]:ev["evidence"]["end"]]
        assert page.locator(".ev-item.active").count() == 1
    shot(page, "reader")
    # a highlight links to the profile
    first = expected[0]
    before = loads(page)
    page.click(f'a.ent[data-entity-id="{first["entity_id"]}"] >> nth=0')
    wait_reload(page, before)
    assert page.get_attribute("main", "data-view") == "entity"


def _located(server: Server, **f: Any) -> tuple[int, int]:
    """(total, number with coordinates) for a filter, straight from the API."""
    total, located, offset = None, 0, 0
    while True:
        r = server.api("/api/events", limit=500, offset=offset, **f)
        total = r["total"]
        located += sum(1 for e in r["items"] if e["lat"] is not None and e["lon"] is not None)
        offset += 500
        if offset >= total:
            return total, located


def _table_total(page: Any) -> int:
    return int(page.get_attribute(".table-info .total", "data-total"))


def test_events_filter_map_table_timeline_agree(page: Any, server: Server) -> None:
    goto(page, "#/events", "events")
    all_total, all_located = _located(server)
    assert _table_total(page) == all_total
    assert page.evaluate("window.__marsad.mapMarkerCount()") == all_located
    assert page.locator("svg.timeline rect.bar").count() > 0
    shot(page, "events")
    shot(page, "events-full", full_page=True)

    # filter by an event type through the form
    sub = "Shelling/artillery/missile attack"
    before = loads(page)
    page.select_option('select[name="type"]', sub)
    page.click('form.filters button[type="submit"]')
    wait_reload(page, before)
    total, located = _located(server, type=sub)
    assert total >= 9
    assert _table_total(page) == total
    assert page.evaluate("window.__marsad.mapMarkerCount()") == located
    if located == total:
        assert page.evaluate("window.__marsad.mapMarkerCount()") == _table_total(page)
    # what is drawn on the map (cluster numbers + single markers) adds up to the same
    assert page.evaluate("window.__marsad.mapClusterSum()") == located
    assert "type=Shelling" in page.get_attribute("a.csv", "href")
    rows = page.locator("tr.ev-row").count()
    assert rows == min(total, 25)

    # facet click: narrow to a sub-type via the facet list, then back
    before = loads(page)
    page.click('.facet[data-facet="event_type"] .facet-item >> nth=0')
    wait_reload(page, before)
    assert page.locator(".chip").count() >= 1

    # brush the timeline: drag across the middle of it → date filter → table/map agree with the API
    before = loads(page)
    page.goto("/#/events")
    wait_reload(page, before)
    box = page.locator("svg.timeline .brush-overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.45, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
    before = loads(page)
    page.mouse.up()
    wait_reload(page, before)
    q = page.evaluate("window.__marsad.eventsFilter")
    assert q.get("date_from") and q.get("date_to") and q["date_from"] <= q["date_to"]
    total, located = _located(server, date_from=q["date_from"], date_to=q["date_to"])
    assert 0 < total < all_total
    assert _table_total(page) == total
    assert page.evaluate("window.__marsad.mapMarkerCount()") == located
    shot(page, "events-brushed")


def test_network_click_opens_profile(page: Any, server: Server) -> None:
    goto(page, "#/network", "network")
    nodes = page.evaluate("window.__marsad.networkNodes()")
    assert {"grp:nujaba", "per:akram-al-kaabi", "grp:pmf"} <= {n["id"] for n in nodes}
    edge_types = {e["type"] for e in page.evaluate("window.__marsad.networkEdges()")}
    assert {"leader_of", "part_of", "sponsored_by", "merged_with"} <= edge_types
    shot(page, "network")
    # filter by relation type: only leader_of edges remain
    page.uncheck('input[name="rel"][value="part_of"]')
    page.wait_for_function("() => !window.__marsad.networkEdges().some(e => e.type === 'part_of')")
    assert "leader_of" in {e["type"] for e in page.evaluate("window.__marsad.networkEdges()")}
    page.check('input[name="rel"][value="part_of"]')
    page.wait_for_function("() => window.__marsad.networkEdges().some(e => e.type === 'part_of')")
    pos = page.evaluate("window.__marsad.nodePosition('grp:nujaba')")
    assert pos
    before = loads(page)
    page.mouse.click(pos["x"], pos["y"])
    wait_reload(page, before)
    assert page.evaluate("location.hash") == "#/entity/grp:nujaba"
    prof = server.api("/api/entities/grp:nujaba")
    assert page.text_content(".name-ar") == prof["canonical_ar"]
    if prof.get("canonical_en"):
        assert page.text_content(".name-en") == prof["canonical_en"]
    assert page.locator(".profile-events > li").count() == len(prof["events"][:100])
    assert page.locator(".rel-list li").count() == len(prof["relations"])
    shot(page, "entity")


def test_profile_map_and_wikidata(page: Any, server: Server) -> None:
    prof = server.api("/api/entities/grp:syrian-army")
    goto(page, "#/entity/grp:syrian-army", "entity")
    located = sum(1 for p in prof["places_over_time"] if p["lat"] is not None)
    assert located >= 9
    assert page.locator("path.place-marker").count() == located
    assert page.locator(".profile-timeline svg.timeline rect.bar").count() > 0
    if prof.get("wikidata"):
        assert page.get_attribute("a.wikidata", "href") == f"https://www.wikidata.org/wiki/{prof['wikidata']}"
    shot(page, "entity-syrian-army")


def test_hostile_article_is_inert(page: Any, server: Server) -> None:
    aid = _article_id(server, "hand/xss")
    goto(page, f"#/article/{aid}", "article")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    body = page.text_content(".article-body")
    assert "<script>window.__pwned=1</script>" in body
    assert '<img src=x onerror="window.__pwned=1">' in body
    assert "[U+202E]" in body and "\u202e" not in body  # the override is shown, not obeyed
    assert page.locator(".article-body script, .article-body img, main img, main svg[onload]").count() == 0
    assert "<img src=x" in page.text_content("h1.article-h1")
    assert page.get_attribute(".article-head a[rel~=noopener]", "href") == "#"  # javascript: URL neutralised
    assert page.locator('a.ent[data-entity-id="grp:nujaba"]').count() == 2
    shot(page, "xss-reader")
    # the same text through the events table (detail card) and the map popup
    before = loads(page)
    page.goto(f"/#/events?article={aid}")
    wait_reload(page, before)
    page.click("tr.ev-row >> nth=0")
    assert "<script>window.__pwned=1</script>" in page.text_content("tr.detail")
    page.click("tr.ev-row .icon-btn >> nth=0")
    page.wait_for_selector(".leaflet-popup-content .event-card")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".leaflet-popup-content img").count() == 0
    shot(page, "xss-events")
    # list pages
    before = loads(page)
    page.goto(f"/#/articles?q={XSS_MARK}")
    wait_reload(page, before)
    assert page.locator(".article-item").count() >= 1
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".article-list img").count() == 0
    shot(page, "articles")
