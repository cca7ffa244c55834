"""Analyst curation: corrections survive re-processing and rebuilds, undo, export/import, alias feedback."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from marsad.curation import apply as capply
from marsad.curation import log as clog
from marsad.curation.overlay import curated_aliases, load_overlay, with_curated
from marsad.model import ArgRef, Article, Entity, Event, Location, Span
from marsad.store import queries
from marsad.store.db import Store
from marsad.store.models import EntityRow, EventClusterRow, EventRow, MentionRow

CANDIDATE = "سرايا الغضب الحسيني"
BODY = (f"أعلنت {CANDIDATE} مسؤوليتها عن قصف مواقع في الميادين. "
        "وقالت حركة النجباء إنها أرسلت تعزيزات إلى البوكمال.")


def _ent(body: str, text: str, etype: str, eid: str, source: str = "ner", nth: int = 0) -> Entity:
    i = -1
    for _ in range(nth + 1):
        i = body.index(text, i + 1)
    return Entity(text, i, i + len(text), etype, eid, canonical_ar=text, source=source)


def make_article(body: str = BODY, *, trigger_word: str = "قصف", published: str = "2019-05-02") -> Article:
    """A hand-analysed article: a candidate group shelling a town; a KB group deploying."""
    from marsad.analyse.linker import new_entity_id

    a = Article("t.txt", body, body=body, title="عنوان", published=published)
    cand = _ent(body, CANDIDATE, "ARMED_GROUP", new_entity_id("ARMED_GROUP", CANDIDATE))
    nuj = _ent(body, "حركة النجباء", "ARMED_GROUP", "grp:nujaba", source="kb")
    town = _ent(body, "الميادين", "LOCATION", "plc:mayadin", source="gazetteer")
    bk = _ent(body, "البوكمال", "LOCATION", "plc:bukamal", source="gazetteer")
    a.entities = [cand, nuj, town, bk]
    s1 = body.index(".") + 1
    t = body.index(trigger_word)
    a.events = [
        Event("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT",
              Span(t, t + len(trigger_word), trigger_word), Span(0, s1), actor1=ArgRef.of(cand),
              location=Location("الميادين", town.start, town.end, "Al Mayadin", 35.02, 40.45, "Deir-ez-Zor", "SY", 1),
              date="2019-05-01", time_precision=1),
        Event("Strategic developments", "Change to group/activity", "MOBILIZE",
              Span(body.index("أرسلت"), body.index("أرسلت") + 5, "أرسلت"), Span(s1 + 1, len(body)),
              actor1=ArgRef.of(nuj),
              location=Location("البوكمال", bk.start, bk.end, "Abu Kamal", 34.45, 40.92, "Deir-ez-Zor", "SY", 1),
              date="2019-05-01", time_precision=1),
    ]
    return a


@pytest.fixture()
def store(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    s = Store(db_url)
    yield s
    s.close()


def reprocess(store: Store, article: Article, sig: str, *, hook: bool = True) -> None:
    """Re-analyse: a new pipeline signature makes Store.save replace the article's analysis."""
    store.save([article], sig)
    if hook:  # what Store.save will do once the lead wires the hook
        with store.engine.begin() as conn:
            capply.apply_corrections(conn, [article.id])


def mention_ids(store: Store, text: str) -> set[str]:
    with store.engine.connect() as c:
        return set(c.execute(select(MentionRow.entity_id).where(MentionRow.text == text)).scalars())


def shelling(store: Store) -> dict:
    with store.engine.connect() as c:
        row = c.execute(select(EventRow).where(EventRow.plover == "ASSAULT").order_by(EventRow.id)).mappings().first()
        if row is None:
            row = c.execute(select(EventRow).where(EventRow.seq == 0)).mappings().first()
        return dict(row)


def event_key_of(store: Store, seq: int) -> str:
    with store.engine.connect() as c:
        rows = capply.event_reports(c, article_id=make_article().id)
    return next(r["event_key"] for r in rows if r["event_report_id"] == _row_id(store, seq))


def _row_id(store: Store, seq: int) -> int:
    with store.engine.connect() as c:
        return c.execute(select(EventRow.id).where(EventRow.seq == seq)).scalar_one()


def test_merge_survives_reprocessing_and_rebuild(store: Store) -> None:
    a = make_article()
    store.save([a], "sig1")
    cand_id = a.entities[0].entity_id
    entry = capply.correct(store, "merge_entities", {"entity_id": cand_id}, {"into": "grp:nujaba"}, "analyst-1",
                           "same group, renamed in 2019")
    assert entry["applied"]["mentions"] == 1 and CANDIDATE in entry["payload"]["aliases"]
    assert mention_ids(store, CANDIDATE) == {"grp:nujaba"}
    ev = shelling(store)
    assert ev["actor1_id"] == "grp:nujaba" and ev["payload"]["curation"]["original"]["actor1_id"] == cand_id
    with store.engine.connect() as c:
        cl = c.execute(select(EventClusterRow).where(EventClusterRow.id == ev["cluster_id"])).mappings().one()
        assert cl["actor1_id"] == "grp:nujaba"  # the fused event follows the corrected report
        assert c.execute(select(EntityRow.status).where(EntityRow.id == cand_id)).scalar() == "merged"
        prof = capply.annotate_entity(c, queries.entity_profile(c, "grp:nujaba"))
    assert prof is not None and prof["curation"]["corrected_by"] == "analyst-1"
    assert CANDIDATE in prof["curation"]["aliases_added"]

    reprocess(store, make_article(), "sig2")  # fresh machine rows (new row ids), corrections re-applied
    assert mention_ids(store, CANDIDATE) == {"grp:nujaba"}
    assert shelling(store)["actor1_id"] == "grp:nujaba"

    res = capply.rebuild(store)
    assert res["orphaned"] == 0
    assert mention_ids(store, CANDIDATE) == {"grp:nujaba"}
    before = store.counts()
    cluster_before = shelling(store)["cluster_id"]
    with store.engine.begin() as conn:  # idempotent: nothing left to change
        again = capply.apply_corrections(conn, [a.id])
    assert again["mentions"] == again["events"] == again["relations"] == 0
    assert store.counts() == before and shelling(store)["cluster_id"] == cluster_before


def test_undo_restores_machine_value(store: Store) -> None:
    a = make_article()
    store.save([a], "sig1")
    cand_id = a.entities[0].entity_id
    e = capply.correct(store, "merge_entities", {"entity_id": cand_id}, {"into": "grp:nujaba"}, "analyst-1")
    assert mention_ids(store, CANDIDATE) == {"grp:nujaba"}
    u = capply.undo(store, e["id"], "analyst-2", "they are distinct")
    assert u["kind"] == "undo" and u["target"]["correction_uid"] == e["uid"]
    assert mention_ids(store, CANDIDATE) == {cand_id}
    ev = shelling(store)
    assert ev["actor1_id"] == cand_id and "curation" not in ev["payload"]
    with store.engine.connect() as c:
        assert c.execute(select(EntityRow.status).where(EntityRow.id == cand_id)).scalar() == "candidate"
        states = capply.correction_states(c, clog.entries(c))
        assert states[e["uid"]] == "undone"
    assert len(clog_entries(store)) == 2  # the log only grows
    capply.undo(store, u["uid"], "analyst-1", "undo the undo")  # re-activates the merge
    assert mention_ids(store, CANDIDATE) == {"grp:nujaba"}


def clog_entries(store: Store) -> list[dict]:
    with store.engine.connect() as c:
        return clog.entries(c)


def test_reject_and_change_event_survive_reprocessing(store: Store) -> None:
    store.save([make_article()], "sig1")
    k0, k1 = event_key_of(store, 0), event_key_of(store, 1)
    capply.correct(store, "reject_event", {"event_key": k1}, {}, "analyst-1", "the article is about plans")
    capply.correct(store, "set_event", {"event_key": k0},
                   {"sub_event_type": "Air/drone strike", "date": "2019-04-30"}, "analyst-2", "it was a drone")

    def check() -> None:
        with store.engine.connect() as c:
            total, rows = queries.list_events(c, queries.EventFilter())
            capply.annotate_events(c, rows)
        assert total == 1
        (ev,) = rows
        assert ev["sub_event_type"] == "Air/drone strike" and ev["event_type"] == "Explosions/Remote violence"
        assert ev["date"] == "2019-04-30"
        cur = ev["curation"]
        assert cur["corrected_by"] == "analyst-2" and cur["why"] == "it was a drone"
        assert cur["original"]["sub_event_type"] == "Shelling/artillery/missile attack"
        assert cur["original"]["date"] == "2019-05-01"

    check()
    reprocess(store, make_article(), "sig2")
    check()
    capply.rebuild(store)
    check()
    with store.engine.connect() as c:
        reports = capply.event_reports(c, article_id=make_article().id)
    assert {r["event_key"]: (r["curation"] or {}).get("status") for r in reports} == {k0: "corrected", k1: "rejected"}


def test_confirm_event(store: Store) -> None:
    store.save([make_article()], "sig1")
    k1 = event_key_of(store, 1)
    capply.correct(store, "confirm_event", {"event_key": k1}, {}, "analyst-1", "checked with a second source")
    with store.engine.connect() as c:
        row = c.execute(select(EventRow).where(EventRow.seq == 1)).mappings().one()
    assert row["confidence"] == 1.0 and row["payload"]["curation"]["status"] == "confirmed"
    assert row["cluster_id"] is not None


def test_changed_pipeline_rekeys_or_orphans(store: Store) -> None:
    store.save([make_article()], "sig1")
    k0 = event_key_of(store, 0)
    e = capply.correct(store, "set_event", {"event_key": k0}, {"fatalities": 3}, "analyst-1")
    # the improved pipeline picks another trigger word in the same sentence: re-attached
    reprocess(store, make_article(trigger_word="مواقع"), "sig2")
    with store.engine.connect() as c:
        assert capply.correction_states(c, clog.entries(c))[e["uid"]] == "rekeyed"
    assert shelling(store)["fatalities"] == 3
    # a pipeline that no longer reports the event: the correction stays in the log, orphaned
    gone = make_article()
    gone.events = gone.events[1:]
    reprocess(store, gone, "sig3")
    with store.engine.connect() as c:
        assert capply.correction_states(c, clog.entries(c))[e["uid"]] == "orphaned"
        assert c.execute(select(EventRow.fatalities)).scalars().all() == [None]
    reprocess(store, make_article(), "sig4")  # back again: applied again
    assert shelling(store)["fatalities"] == 3


def test_entity_type_alias_split_promote(store: Store) -> None:
    a = make_article()
    store.save([a], "sig1")
    cand_id = a.entities[0].entity_id
    capply.correct(store, "promote_entity", {"entity_id": cand_id},
                   {"new_id": "grp:saraya-al-ghadab", "name_ar": CANDIDATE, "name_en": "Saraya al-Ghadab",
                    "kind": "militia", "sponsored_by": ["grp:irgc-quds-force"]}, "analyst-1", "new Iraqi faction")
    assert mention_ids(store, CANDIDATE) == {"grp:saraya-al-ghadab"}
    with store.engine.connect() as c:
        row = c.execute(select(EntityRow).where(EntityRow.id == "grp:saraya-al-ghadab")).mappings().one()
    assert row["status"] == "kb" and row["canonical_en"] == "Saraya al-Ghadab"
    capply.correct(store, "set_entity_type", {"entity_id": "grp:saraya-al-ghadab"}, {"type": "ORGANIZATION"}, "a2")
    with store.engine.connect() as c:
        assert c.execute(select(MentionRow.type).where(MentionRow.text == CANDIDATE)).scalar() == "ORGANIZATION"
    # split: the KB group's mentions with one surface form leave it
    capply.correct(store, "split_entity", {"entity_id": "grp:nujaba"}, {"surface_forms": ["حركة النجباء"]}, "a3")
    (nid,) = mention_ids(store, "حركة النجباء")
    assert nid.startswith("new:ARMED_GROUP:")
    # add an alias: a candidate with that name is linked to the entity
    capply.correct(store, "add_alias", {"entity_id": "grp:nujaba"}, {"alias": "حركة النجباء"}, "a4")
    assert mention_ids(store, "حركة النجباء") == {"grp:nujaba"}
    aliases = curated_aliases(store.engine)
    from marsad.knowledge.kb import alias_key

    assert aliases[alias_key(CANDIDATE)][0] == "grp:saraya-al-ghadab"
    assert aliases[alias_key("حركة النجباء")][0] == "grp:nujaba"


def test_merge_feeds_the_matcher_for_new_articles(store: Store) -> None:
    from marsad.analyse.matcher import build_matcher
    from marsad.knowledge.kb import load_kb

    new_text = f"وتبنت {CANDIDATE} هجوما جديدا على قاعدة في البادية."
    base = load_kb()
    assert not [e for e in build_matcher(base).find(new_text) if e.entity_id == "grp:nujaba"]
    a = make_article()
    store.save([a], "sig1")
    capply.correct(store, "merge_entities", {"entity_id": a.entities[0].entity_id}, {"into": "grp:nujaba"}, "a1")
    overlay = load_overlay()
    assert any(x["alias"] == CANDIDATE and x["entity_id"] == "grp:nujaba" for x in overlay["aliases"])
    kb = with_curated(load_kb())
    assert kb is with_curated(load_kb())  # cached until the overlay changes
    assert base.by_alias(CANDIDATE) == []  # the loaded KB object is not modified
    found = [e for e in build_matcher(kb).find(new_text) if e.entity_id == "grp:nujaba"]
    assert [e.text for e in found] == [CANDIDATE]


def test_merged_alias_matches_through_default_matcher(store: Store) -> None:
    from marsad.analyse.matcher import match_text

    a = make_article()
    store.save([a], "sig1")
    capply.correct(store, "merge_entities", {"entity_id": a.entities[0].entity_id}, {"into": "grp:nujaba"}, "a1")
    found = match_text(f"وتبنت {CANDIDATE} هجوما جديدا.")
    assert [e.entity_id for e in found] == ["grp:nujaba"]


def test_correction_survives_store_save(store: Store) -> None:
    store.save([make_article()], "sig1")
    capply.correct(store, "reject_event", {"event_key": event_key_of(store, 1)}, {}, "analyst-1")
    store.save([make_article()], "sig2")  # no manual apply: Store.save must re-apply
    with store.engine.connect() as c:
        total, _rows = queries.list_events(c, queries.EventFilter())
    assert total == 1


def test_export_import_roundtrip(store: Store, tmp_path: Path) -> None:
    a = make_article()
    store.save([a], "sig1")
    e = capply.correct(store, "merge_entities", {"entity_id": a.entities[0].entity_id}, {"into": "grp:nujaba"}, "a1")
    capply.correct(store, "reject_event", {"event_key": event_key_of(store, 1)}, {}, "a2", "not an event")
    capply.undo(store, e["uid"], "a3")
    buf = io.StringIO()
    with store.engine.connect() as c:
        assert clog.export_jsonl(c, buf) == 3
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    other.save([make_article()], "x")
    res = capply.import_log(other, buf.getvalue().splitlines())
    assert res["imported"] == 3 and not res["errors"]
    assert capply.import_log(other, buf.getvalue().splitlines())["skipped"] == 3  # idempotent
    with other.engine.connect() as c:
        assert queries.list_events(c, queries.EventFilter())[0] == 1
        assert [x["uid"] for x in clog.entries(c)] == [x["uid"] for x in clog_entries(store)]
    assert mention_ids(other, CANDIDATE) == {a.entities[0].entity_id}  # the merge was undone
    other.close()


INVALID = [
    ("explode", {"entity_id": "grp:nujaba"}, {}, "unknown correction kind"),
    ("merge_entities", {"entity_id": "grp:nujaba"}, {"into": "grp:nujaba"}, "into itself"),
    ("merge_entities", {"entity_id": "grp:nujaba"}, {"into": "grp:no-such-group"}, "no entity"),
    ("reject_event", {"event_key": "abc"}, {}, "not an event key"),
    ("reject_event", {"event_key": "0" * 64 + ":1-2"}, {}, "no event report"),
    ("set_event", {"event_key": "0" * 64 + ":1-2"}, {"sub_event_type": "Picnic"}, "unknown ACLED"),
    ("promote_entity", {"entity_id": "grp:nujaba"}, {"new_id": "per:x", "type": "ARMED_GROUP", "name_ar": "x"},
     "promoted to a grp"),
    ("add_alias", {"entity_id": "grp:nujaba"}, {"alias": "x"}, "by"),
]


def test_invalid_corrections_rejected(store: Store) -> None:
    store.save([make_article()], "sig1")
    for kind, target, payload, msg in INVALID:
        with pytest.raises(clog.CorrectionError, match=msg):
            capply.correct(store, kind, target, payload, " " if msg == "by" else "analyst")
    assert clog_entries(store) == []


def test_api_corrections_log_undo_and_export(store: Store) -> None:
    from fastapi.testclient import TestClient

    from marsad.serve.app import create_app
    from marsad.serve.curation_api import curation_router

    token = "cur-token"
    app = create_app(store, token=token)
    if not any(getattr(r, "path", "") == "/api/curation/log" for r in app.routes):  # until the lead includes it
        ingest = next(r for r in app.routes if getattr(r, "path", "") == "/api/ingest")
        app.include_router(curation_router(lambda: store, ingest.dependencies[0].dependency))
    client = TestClient(app)
    auth = {"Authorization": f"Bearer {token}"}
    a = make_article()
    store.save([a], "sig1")
    reports = client.get("/api/curation/events", params={"article_id": a.id}).json()["items"]
    assert len(reports) == 2 and all(r["event_key"].startswith(a.id) for r in reports)
    body = {"kind": "reject_event", "target": {"event_key": reports[1]["event_key"]}, "by": "web-analyst",
            "why": "duplicate"}
    assert client.post("/api/curation/corrections", json=body).status_code == 401
    r = client.post("/api/curation/corrections", json=body, headers=auth)
    assert r.status_code == 200, r.text
    bad = client.post("/api/curation/corrections", json={**body, "target": {"event_key": "x"}}, headers=auth)
    assert bad.status_code == 422 and "event key" in bad.json()["detail"]
    merge = {"kind": "merge_entities", "target": {"entity_id": a.entities[0].entity_id},
             "payload": {"into": "grp:nujaba"}, "by": "web-analyst"}
    m = client.post("/api/curation/corrections", json=merge, headers=auth).json()
    assert client.get("/api/curation/entities/grp:nujaba").json()["curation"]["corrected_by"] == "web-analyst"
    log = client.get("/api/curation/log").json()["items"]
    assert [(e["kind"], e["state"]) for e in log] == [("merge_entities", "active"), ("reject_event", "applied")]
    u = client.post(f"/api/curation/corrections/{m['uid']}/undo", json={"by": "lead"}, headers=auth)
    assert u.status_code == 200 and mention_ids(store, CANDIDATE) == {a.entities[0].entity_id}
    assert client.post("/api/curation/corrections/999/undo", json={"by": "x"}, headers=auth).status_code == 404
    lines = client.get("/api/curation/log.jsonl").text.splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["kind"] == "reject_event"
    imp = client.post("/api/curation/log.jsonl", content="\n".join(lines) + "\nnot json\n", headers=auth).json()
    assert imp["imported"] == 0 and imp["skipped"] == 3 and imp["errors"][0]["line"] == 4
