"""Every export format round-trips through its ecosystem's reader; interrupted exports leave nothing."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from marsad import export as ex
from marsad.export import common
from marsad.model import ArgRef, Article, Entity, Event, Location, Outlet, Relation, Span
from marsad.store.db import Store
from marsad.store.queries import EventFilter


# ------------------------------------------------------------------------------------ test store
def _ent(body: str, text: str, etype: str, eid: str, **kw: object) -> Entity:
    i = body.index(text)
    return Entity(text, i, i + len(text), etype, eid, canonical_ar=text, source="kb", **kw)  # type: ignore[arg-type]


def _span(body: str, text: str) -> Span:
    i = body.index(text)
    return Span(i, i + len(text), text)


def make_articles() -> list[Article]:
    out: list[Article] = []
    baladi = Outlet("out:baladi-news", "بلدي نيوز", "Baladi News", "SY", "opposition")
    jazeera = Outlet("out:al-jazeera", "الجزيرة نت", "Al Jazeera", "QA", "Gulf state")

    b1 = "وصل الأمين العام لحركة النجباء أكرم الكعبي إلى دمشق والتقى قادة الميليشيات."
    g = _ent(b1, "حركة النجباء", "ARMED_GROUP", "grp:nujaba", canonical_en="Harakat al-Nujaba")
    p = _ent(b1, "أكرم الكعبي", "PERSON", "per:akram-al-kaabi", canonical_en="Akram al-Kaabi")
    d = _ent(b1, "دمشق", "LOCATION", "plc:damascus", canonical_en="Damascus", lat=33.51, lon=36.29, country="SY",
             admin1="Damascus")
    a1 = Article("a1.txt", b1, body=b1, title="الكعبي في دمشق", published="2015-12-01", outlet=baladi,
                 url="https://baladi-news.com/ar/news/1")
    a1.entities = [g, p, d]
    a1.relations = [Relation("leader_of", ArgRef.of(p), ArgRef.of(g), Span(0, len(b1), b1)),
                    Relation("deployed_to", ArgRef.of(g), ArgRef.of(d), Span(0, len(b1), b1))]
    a1.events = [Event("Strategic developments", "Other", "CONSULT", _span(b1, "التقى"), Span(0, len(b1), b1),
                       actor1=ArgRef.of(g), location=Location("دمشق", d.start, d.end, "Damascus", 33.51, 36.29,
                                                               "Damascus", "SY", 1),
                       date="2015-11-29", time_precision=1)]
    out.append(a1)

    for i, (outlet, url) in enumerate(((baladi, "https://baladi-news.com/ar/news/2"),
                                       (jazeera, "https://www.aljazeera.net/news/2"))):
        b = f"قصفت القوات الروسية بلدة كفرنبل في ريف إدلب وقتل خمسة مدنيين في الغارة الجوية ({i})."
        r = _ent(b, "القوات الروسية", "ARMED_GROUP", "grp:russian-forces", canonical_en="Russian Armed Forces")
        loc = _ent(b, "كفرنبل", "LOCATION", "gz:123", canonical_en="Kafr Nabl", lat=35.61, lon=36.56, country="SY",
                   admin1="Idlib")
        a = Article(f"b{i}.txt", b, body=b, title=f"غارة على كفرنبل {i}", published="2018-03-02", outlet=outlet,
                    url=url)
        a.entities = [r, loc]
        a.events = [Event("Explosions/Remote violence", "Air/drone strike", "ASSAULT", _span(b, "قصفت"),
                          Span(0, len(b), b), actor1=ArgRef.of(r), actor2=ArgRef("مدنيين"),
                          location=Location("كفرنبل", loc.start, loc.end, "Kafr Nabl", 35.61, 36.56, "Idlib", "SY", 1),
                          date="2018-03-01", time_precision=1, fatalities=5)]
        out.append(a)

    b3 = 'أعلنت كتائب حزب الله أنها اشتبكت مع تنظيم داعش قرب "الحدود" & قتلت عشرين عنصرا.'
    k = _ent(b3, "كتائب حزب الله", "ARMED_GROUP", "grp:kataib-hezbollah", canonical_en="Kataib Hezbollah")
    s = _ent(b3, "داعش", "ARMED_GROUP", "grp:isis", canonical_en="Islamic State")
    a3 = Article("c.txt", b3, body=b3, title='بيان "الكتائب" <عاجل> & تفاصيل', published="2019-06-10")
    a3.entities = [k, s]
    a3.relations = [Relation("fights_against", ArgRef.of(k), ArgRef.of(s), Span(0, len(b3), b3), 0.7)]
    a3.events = [Event("Battles", "Armed clash", "ASSAULT", _span(b3, "اشتبكت"), Span(0, len(b3), b3),
                       actor1=ArgRef.of(k), actor2=ArgRef.of(s), date="2019-06-09", time_precision=1, fatalities=20,
                       modality="claimed", attributed_to="كتائب حزب الله", confidence=0.6)]
    out.append(a3)

    b4 = "اعتقلت قوات مجهولة شابا في ريف حلب."
    a4 = Article("d.txt", b4, body=b4, title=None, published=None)
    a4.events = [Event("Strategic developments", "Arrests", "COERCE", _span(b4, "اعتقلت"), Span(0, len(b4), b4),
                       actor1=ArgRef("قوات مجهولة"))]
    out.append(a4)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("export") / "export.sqlite"
    st = Store(f"sqlite:///{path}")
    st.save(make_articles(), "test")
    return st


# ------------------------------------------------------------------------------------ registry
def test_registry_names_and_media_types() -> None:
    assert ex.FORMATS == ("acled", "geojson", "gexf", "graphml", "stix", "jsonl", "parquet")
    assert ex.media_type("geojson") == "application/geo+json"
    assert ex.media_type("stix").startswith("application/stix+json")
    with pytest.raises(ex.ExportError):
        ex.media_type("xlsx")


def test_refuses_directory_output(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ex.ExportError):
        ex.export_to_path("acled", tmp_path, store)


def test_creates_parent_dirs(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "events.csv"
    counts = ex.export_to_path("acled", out, store)
    assert out.is_file() and counts["events"] >= 3


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_interrupted_export_leaves_no_file(fmt: str, store: Store, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "PROGRESS_EVERY", 1)
    out = tmp_path / ("out.zip" if fmt == "parquet" else f"out.{fmt}")
    calls: list[int] = []

    def stop(n: int) -> None:
        calls.append(n)
        if n >= 2:
            raise KeyboardInterrupt("user stopped the export")

    with pytest.raises(KeyboardInterrupt):
        ex.export_to_path(fmt, out, store, progress=stop)
    assert calls and calls[-1] == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_progress_reports_total(store: Store, tmp_path: Path) -> None:
    seen: list[int] = []
    counts = ex.export_to_path("jsonl", tmp_path / "x.jsonl", store, progress=seen.append)
    assert seen[-1] == counts["articles"] == 5


# ------------------------------------------------------------------------------------ ACLED
def test_acled_roundtrip_pandas(store: Store, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from marsad.export.acled import ACLED_COLUMNS, COLUMNS

    out = tmp_path / "acled.csv"
    counts = ex.export_to_path("acled", out, store)
    df = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert tuple(df.columns) == COLUMNS and tuple(df.columns[:31]) == ACLED_COLUMNS
    assert len(df) == counts["events"] and counts["skipped_undated"] == 1  # the undated arrest
    assert df["latitude"].dtype.kind == "f" and df["longitude"].dtype.kind == "f"
    assert df["fatalities"].dtype.kind == "i" and df["year"].dtype.kind == "i"
    assert df["timestamp"].dtype.kind == "i" and df["inter1"].dtype.kind == "i"
    dates = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    assert (dates.dt.year == df["year"]).all()

    strike = df[df["sub_event_type"] == "Air/drone strike"].iloc[0]
    assert strike["event_id_cnty"].startswith("SYR") and strike["iso"] == 760 and strike["country"] == "Syria"
    assert strike["region"] == "Middle East" and strike["disorder_type"] == "Political violence"
    assert strike["actor1"] == "Russian Armed Forces" and strike["inter1"] == 8  # foreign state force in Syria
    assert strike["inter2"] == 7 and strike["actor2"] == "Civilians (Syria)"
    assert strike["interaction"] == 78 and strike["civilian_targeting"] == "Civilian targeting"
    assert strike["fatalities"] == 5 and strike["marsad_fatalities"] == 5
    assert abs(strike["latitude"] - 35.61) < 1e-6 and abs(strike["longitude"] - 36.56) < 1e-6
    assert "قصفت القوات الروسية" in strike["notes"] and strike["notes"].startswith("On 2018-03-01, ")
    assert "قصفت القوات الروسية" in strike["evidence"]

    meeting = df[df["sub_event_type"] == "Other"].iloc[0]
    assert meeting["disorder_type"] == "Strategic developments"
    assert meeting["inter1"] == 3 and meeting["interaction"] == 30 and meeting["inter2"] == 0
    assert meeting["source"] == "Baladi News" and meeting["source_scale"] == "National"
    assert "(per Baladi News)" in meeting["notes"] and meeting["fatalities"] == 0
    assert pd.isna(meeting["marsad_fatalities"])  # unknown stays empty in Marsad's own column
    assert meeting["source_urls"] == "https://baladi-news.com/ar/news/1"

    clash = df[df["sub_event_type"] == "Armed clash"].iloc[0]
    assert clash["event_id_cnty"].startswith("XXX") and pd.isna(clash["latitude"])  # no location
    assert clash["inter1"] == 3 and clash["inter2"] == 2 and clash["interaction"] == 23
    assert clash["modality"] == "claimed" and clash["attributed_to"] == "كتائب حزب الله"
    assert "Reported as claimed according to كتائب حزب الله" in clash["notes"]


def test_acled_filter(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    counts = ex.export_to_path("acled", out, store, EventFilter(type="Battles"))
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert counts["events"] == len(rows) == 1 and rows[0]["event_type"] == "Battles"


# ------------------------------------------------------------------------------------ GeoJSON
POINT_FC_SCHEMA = {
    "type": "object", "required": ["type", "features"], "additionalProperties": False,
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "properties": {"type": ["object", "null"]},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "additionalProperties": False,
                             "properties": {"type": {"const": "Point"},
                                            "coordinates": {"type": "array", "minItems": 2, "maxItems": 3,
                                                            "items": {"type": "number"},
                                                            "prefixItems": [{"minimum": -180, "maximum": 180},
                                                                            {"minimum": -90, "maximum": 90}]}}},
            }}},
    },
}


def test_geojson_valid_and_lon_lat(store: Store, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = tmp_path / "events.geojson"
    counts = ex.export_to_path("geojson", out, store)
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, POINT_FC_SCHEMA)
    assert counts["features"] == len(doc["features"]) >= 2
    assert counts["skipped_no_coordinates"] == 2  # the clash and the arrest have no coordinates
    by_type = {f["properties"]["sub_event_type"]: f for f in doc["features"]}
    assert by_type["Other"]["geometry"]["coordinates"] == [36.29, 33.51]  # lon, lat
    props = by_type["Air/drone strike"]["properties"]
    assert props["actor1_name_en"] == "Russian Armed Forces" and props["sources"][0]["evidence_text"]


def test_geojson_bbox_filter(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "bbox.geojson"
    ex.export_to_path("geojson", out, store, EventFilter(bbox=(36.0, 33.0, 36.5, 34.0)))
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["sub_event_type"] for f in feats] == ["Other"]


# ------------------------------------------------------------------------------------ graphs
def test_gexf_roundtrip_networkx(store: Store, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    out = tmp_path / "g.gexf"
    counts = ex.export_to_path("gexf", out, store)
    g = nx.read_gexf(out)
    assert g.graph.get("mode") == "dynamic"
    assert g.number_of_nodes() == counts["nodes"] and g.number_of_edges() == counts["edges"]
    assert g.nodes["grp:nujaba"]["type"] == "ARMED_GROUP"
    assert g.nodes["grp:nujaba"]["label"] == "Harakat al-Nujaba"
    assert g.nodes["grp:nujaba"]["kind"] == "militia"
    assert g.nodes["plc:damascus"]["lat"] == pytest.approx(33.51)
    edges = {(u, v, d["rel_type"]): d for u, v, d in g.edges(data=True)}
    lead = edges[("per:akram-al-kaabi", "grp:nujaba", "leader_of")]
    assert lead["start"] == "2015-12-01" and lead["edge_source"] == "relation" and lead["article_count"] == 1
    clash = edges[("grp:kataib-hezbollah", "grp:isis", "Battles")]
    assert clash["edge_source"] == "event" and clash["fatalities"] == 20 and clash["start"] == "2019-06-09"


def test_graphml_roundtrip_networkx(store: Store, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    out = tmp_path / "g.graphml"
    counts = ex.export_to_path("graphml", out, store)
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == counts["nodes"] and g.number_of_edges() == counts["edges"] >= 4
    assert g.nodes["per:akram-al-kaabi"]["label_ar"] == "أكرم الكعبي"
    assert g.nodes["plc:damascus"]["lon"] == pytest.approx(36.29)
    rels = {(u, v, d["rel_type"]) for u, v, d in g.edges(data=True)}
    assert ("grp:kataib-hezbollah", "grp:isis", "fights_against") in rels
    assert ("grp:nujaba", "plc:damascus", "deployed_to") in rels


def test_graph_filter_limits_articles(store: Store, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    out = tmp_path / "f.graphml"
    ex.export_to_path("graphml", out, store, EventFilter(date_from="2019-01-01"))
    g = nx.read_graphml(out)
    assert set(g.nodes) == {"grp:kataib-hezbollah", "grp:isis"}


# ------------------------------------------------------------------------------------ STIX
def test_stix_bundle_validates(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("stix2validator")
    from stix2validator import ValidationOptions, validate_string

    out = tmp_path / "bundle.json"
    counts = ex.export_to_path("stix", out, store)
    text = out.read_text(encoding="utf-8")
    res = validate_string(text, ValidationOptions())
    assert res.is_valid, [str(e) for e in res.errors]
    bundle = json.loads(text)
    objs = {o["id"]: o for o in bundle["objects"]}
    assert len(objs) == len(bundle["objects"]) == counts["objects"]
    assert all("confidence" in o for o in objs.values() if o["type"] != "extension-definition")  # an SMO: no confidence
    types = {o["type"] for o in objs.values()}
    assert {"threat-actor", "identity", "location", "relationship", "incident", "report"} <= types
    # referential integrity: every *_ref(s) points at an object of the bundle
    for o in objs.values():
        for key, val in o.items():
            if key.endswith("_ref"):
                assert val in objs, (o["id"], key)
            elif key.endswith("_refs"):
                assert all(v in objs for v in val), (o["id"], key)
    rel_types = {o["relationship_type"] for o in objs.values() if o["type"] == "relationship"}
    assert {"leader-of", "fights-against", "located-at", "attributed-to", "targets"} <= rel_types
    nujaba = next(o for o in objs.values() if o["type"] == "threat-actor" and o["name"] == "Harakat al-Nujaba")
    assert "حركة النجباء" in nujaba["aliases"]
    reports = [o for o in objs.values() if o["type"] == "report"]
    assert any(r["external_references"][0].get("url") == "https://baladi-news.com/ar/news/1" for r in reports)


def test_stix_ids_are_stable(store: Store, tmp_path: Path) -> None:
    ids = []
    for name in ("one.json", "two.json"):
        ex.export_to_path("stix", tmp_path / name, store)
        ids.append(sorted(o["id"] for o in json.loads((tmp_path / name).read_text(encoding="utf-8"))["objects"]))
    assert ids[0] == ids[1]


# ------------------------------------------------------------------------------------ JSONL
def test_jsonl_contract(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    counts = ex.export_to_path("jsonl", out, store)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == counts["articles"] == 5
    originals = {a.id: a.to_contract() for a in make_articles()}
    for line in lines:
        obj = json.loads(line)
        orig = originals[obj["id"]]
        assert list(obj)[:8] == ["id", "source_path", "title", "outlet", "byline", "dateline", "published", "body"]
        assert obj["body"] == orig["body"] and obj["outlet"] == orig["outlet"]
        for e in obj["entities"]:
            assert obj["body"][e["start"]:e["end"]] == e["text"]
        assert [(e["start"], e["end"], e["entity_id"]) for e in obj["entities"]] == \
            sorted((e["start"], e["end"], e["entity_id"]) for e in orig["entities"])
        assert obj["relations"] == orig["relations"] and obj["events"] == orig["events"]


# ------------------------------------------------------------------------------------ Parquet
def test_parquet_directory_roundtrip(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "pq"
    counts = ex.export_to_path("parquet", out, store)
    ev = pq.read_table(out / "events.parquet")
    ents = pq.read_table(out / "entities.parquet")
    rels = pq.read_table(out / "relations.parquet")
    assert (ev.num_rows, ents.num_rows, rels.num_rows) == (counts["events"], counts["entities"], counts["relations"])
    assert rels.num_rows == 3 and ev.num_rows >= 3
    assert str(ev.schema.field("date").type) == "date32[day]" and str(ev.schema.field("lat").type) == "double"
    rows = ev.to_pylist()
    strike = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert strike["fatalities"] == 5 and strike["sources"][0]["evidence_text"].startswith("قصفت")
    ent = {r["id"]: r for r in ents.to_pylist()}
    assert ent["grp:nujaba"]["kind"] == "militia" and ent["grp:nujaba"]["article_count"] == 1
    assert all(r["evidence_text"] for r in rels.to_pylist())


def test_parquet_zip_and_file_refused(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "tables.zip"
    ex.export_to_path("parquet", out, store, EventFilter(country="SY"))
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["entities.parquet", "events.parquet", "relations.parquet"]
        zf.extractall(tmp_path / "x")
    ev = pq.read_table(tmp_path / "x" / "events.parquet").to_pylist()
    assert ev and all(r["country"] == "SY" for r in ev)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ex.ExportError):
        ex.export_to_path("parquet", tmp_path / "file", store)
