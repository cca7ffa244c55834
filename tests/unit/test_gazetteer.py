"""Curated gazetteer files, the SQLite index builder and lookups."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from marsad.config import get_settings
from marsad.knowledge.gazetteer import (
    FACILITIES_YAML,
    PLACES_TSV,
    Gazetteer,
    build_index,
    detect_format,
    haversine_km,
    load_facilities,
)
from marsad.text.normalize import normalize_key

SHARED_GAZ = get_settings().shared_dir / "data" / "gazetteer"
PLACETYPES = {"country", "region", "county", "locality", "neighbourhood", "area"}
FACILITY_KINDS = {"airport", "air_base", "military_base", "shrine", "border_crossing", "prison", "oil_field",
                  "dam", "mountain", "other"}

# Curated places whose name occurs in the shared gazetteer only for a *different* place (a namesake far
# away), so the nearest same-type row there is not the same place. Each must be > 15 km from it.
HOMONYMS = {
    "plc:rmelan": "the oil town near al-Malikiyah; the shared rows are villages south of al-Hasakah",
    "plc:abu-ghraib": "Baghdad governorate town; shared has only a Basra village of that name as a locality",
    "plc:taji": "north of Baghdad; the shared التاجي is a village in Diyala",
    "plc:nahrawan": "east of Baghdad; the shared النهروان is in Wasit",
    "plc:qaraqosh": "alt name الحمدانية matches an unrelated village in western Nineveh",
    "plc:hindiya": "Hindiya (Tuwairij) town; the shared row is the Sadat al-Hindiya barrage town 20 km north",
}


def _curated() -> list[dict[str, str]]:
    with open(PLACES_TSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_curated_places_file_is_well_formed():
    rows = _curated()
    assert len(rows) >= 500
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert re.fullmatch(r"plc:[a-z0-9]+(?:-[a-z0-9]+)*", r["id"]), r["id"]
        assert r["placetype"] in PLACETYPES, r
        assert re.fullmatch(r"[A-Z]{2}", r["country"]), r
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert re.fullmatch(r"-?\d+\.\d{5}", r["lat"]) and re.fullmatch(r"-?\d+\.\d{5}", r["lon"])
        assert r["name_ar"] and r["name_en"]
    regions = {(r["country"], r["admin1_ar"]) for r in rows if r["placetype"] == "region"}
    assert len({a for c, a in regions if c == "SY"}) == 14
    assert len({a for c, a in regions if c == "IQ"}) == 19
    syria_iraq = [r for r in rows if r["country"] in ("SY", "IQ") and r["placetype"] in ("locality", "neighbourhood", "county")]
    assert all(r["admin1_ar"] and r["admin1_en"] for r in syria_iraq)


def test_facilities_file_is_well_formed():
    facs = load_facilities(FACILITIES_YAML)
    assert len(facs) >= 40
    ids = [f["id"] for f in facs]
    assert len(ids) == len(set(ids))
    for f in facs:
        assert re.fullmatch(r"fac:[a-z0-9]+(?:-[a-z0-9]+)*", f["id"])
        assert f["kind"] in FACILITY_KINDS
        assert -90 <= f["lat"] <= 90 and -180 <= f["lon"] <= 180
        assert f["country"] in ("SY", "IQ", "LB", "JO", "TR")
    kinds = {f["kind"] for f in facs}
    assert {"airport", "air_base", "shrine", "border_crossing", "dam", "mountain"} <= kinds


def _shared_index() -> dict[tuple[str, str], list[dict[str, str]]]:
    index: dict[tuple[str, str], list[dict[str, str]]] = {}
    for path in sorted(SHARED_GAZ.glob("*_places.tsv")):
        cc = path.name[:2].upper()
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                names = {normalize_key(n) for n in [r["name_ar"], *r["alt_names_ar"].split("|")] if n}
                for n in names:
                    index.setdefault((cc, n), []).append(r)
    return index


def test_curated_coordinates_agree_with_shared_gazetteer():
    """Localities within 10 km, counties within 50 km of the nearest same-type shared row.

    Regions (governorates), areas and countries are skipped: their points are label points that
    differ between sources by more than any useful tolerance.
    """
    if not SHARED_GAZ.is_dir():
        pytest.skip(f"shared gazetteer not found at {SHARED_GAZ}")
    shared = _shared_index()
    same_type = {"locality": {"locality", "localadmin"}, "neighbourhood": {"neighbourhood"}, "county": {"county"}}
    checked, far = 0, []
    for r in _curated():
        if r["placetype"] not in same_type:
            continue
        names = {normalize_key(n) for n in [r["name_ar"], *r["alt_names_ar"].split("|")] if n}
        cands = [s for n in names for s in shared.get((r["country"], n), []) if s["placetype"] in same_type[r["placetype"]]]
        if not cands:
            continue
        checked += 1
        d = min(haversine_km(float(r["lat"]), float(r["lon"]), float(s["lat"]), float(s["lon"])) for s in cands)
        limit = 50.0 if r["placetype"] == "county" else 10.0
        if r["id"] in HOMONYMS:
            assert d > 15.0, f"{r['id']} is {d:.1f} km from the shared row: not a homonym, fix the coordinates"
        elif d > limit:
            far.append(f"{r['id']} {r['name_ar']} {d:.0f} km")
    assert checked >= 350
    assert not far, far


def _write_shared_tsv(path: Path) -> None:
    cols = ["id", "wof_id", "geonameid", "name_ar", "name_en", "alt_names_ar", "alt_names_latin",
            "names_other_arabic_script", "lat", "lon", "placetype", "feature_code", "admin1_en", "admin1_ar",
            "admin2_en", "admin2_ar", "ocha_adm1_ar", "ocha_adm1_en", "ocha_adm2_ar", "population", "is_current"]
    rows = [
        ["wof:1", "1", "100", "المليحة", "Al Mulayhah", "", "", "", "33.48522", "36.37561", "locality", "PPL",
         "Rif Dimashq", "ريف دمشق", "", "", "ريف دمشق", "Rural Damascus", "دوما", "0", "-1"],
        ["wof:2", "2", "101", "المليحة", "Al Mulayhah", "", "", "", "34.99622", "37.01447", "locality", "PPL",
         "Hama", "حماة", "", "", "حماة", "Hama", "السلمية", "0", "-1"],
        ["wof:3", "3", "100", "المليحة مكرر", "dup geonameid", "", "", "", "1", "1", "locality", "PPL",
         "", "", "", "", "", "", "", "0", "-1"],
        ["wof:4", "4", "102", "البو كمال", "Abu Kamal", "البوكمال", "", "", "34.45", "40.91861", "locality", "PPLA2",
         "", "", "", "", "دير الزور", "Deir-ez-Zor", "البوكمال", "50000", "1"],
    ]
    path.write_text("\t".join(cols) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def _write_geonames(path: Path) -> None:
    def row(gid, name, alts, lat, lon, fclass, fcode, a1, pop):
        return "\t".join([gid, name, name, alts, lat, lon, fclass, fcode, "SY", "", a1, "", "", "", pop, "", "0",
                          "Asia/Damascus", "2020-01-01"])
    lines = [
        row("170063", "Aleppo", "Alep,حلب,Halab", "36.20124", "37.16117", "P", "PPLA", "09", "1602264"),
        row("170062", "Aleppo Governorate", "محافظة حلب", "36.25", "37.5", "A", "ADM1", "09", "0"),
        row("999", "Some Mountain", "جبل تجريبي", "35.0", "36.0", "T", "MT", "09", "0"),
        row("998", "A stream", "نهر", "35.0", "36.0", "H", "STM", "09", "0"),
        row("100", "Duplicate of the TSV row", "مكرر", "1", "1", "P", "PPL", "09", "0"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_build_index_from_both_formats(tmp_path):
    tsv, dump, out = tmp_path / "sy_places.tsv", tmp_path / "SY.txt", tmp_path / "gaz.sqlite"
    _write_shared_tsv(tsv)
    _write_geonames(dump)
    assert detect_format(tsv) == "tsv" and detect_format(dump) == "geonames"
    counts = build_index([tsv, dump], out)
    assert counts["tsv_rows"] == 3  # one duplicate geonameid skipped
    assert counts["geonames_rows"] == 3  # P, A and the mountain; the stream is not a place; 100 is a duplicate
    assert counts["curated"] >= 500 and counts["facilities"] >= 40
    gaz = Gazetteer.open(out)
    assert gaz.is_full
    assert {p.id for p in gaz.lookup("المليحة")} >= {"gz:wof:1", "gz:wof:2", "plc:mleiha-rif-dimashq"}
    assert "gz:wof:3" not in {p.id for p in gaz.lookup("المليحة مكرر")}
    aleppo = [p for p in gaz.lookup("حلب") if p.id == "gz:gn:170063"]
    assert aleppo and aleppo[0].admin1_ar == "محافظة حلب" and aleppo[0].feature_code == "PPLA"
    assert gaz.lookup("جبل تجريبي")[0].placetype == "facility"
    assert gaz.lookup("نهر") == []
    # the variant without the space and the form with it find the same row
    assert "gz:wof:4" in {p.id for p in gaz.lookup("البوكمال")}
    assert "gz:wof:4" in {p.id for p in gaz.lookup("البو كمال")}


def test_build_index_real_syria_file_is_fast(tmp_path):
    src = SHARED_GAZ / "sy_places.tsv"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    counts = build_index([src], tmp_path / "gaz.sqlite")
    assert counts["tsv_rows"] > 10_000
    assert counts["seconds"] < 15
    gaz = Gazetteer.open(tmp_path / "gaz.sqlite")
    ids = {p.id for p in gaz.lookup("جب غبشة")}
    assert any(i.startswith("gz:") for i in ids)


def test_open_without_index_uses_curated_files(tmp_path):
    gaz = Gazetteer.open(tmp_path / "missing.sqlite")
    assert not gaz.is_full
    assert len(gaz) >= 540
    damascus = gaz.lookup("دمشق")
    assert damascus[0].id == "plc:damascus" and damascus[0].source == "curated"
    assert abs(damascus[0].lat - 33.513) < 0.05
    assert gaz.lookup("ديرالزور")[0].id == "plc:deir-ez-zor"  # variant without the space
    assert gaz.lookup("البو كمال")[0].id == "plc:abu-kamal"
    assert gaz.lookup("Aleppo")[0].id == "plc:aleppo"
    hmeimim = gaz.lookup("مطار حميميم")
    assert hmeimim[0].id == "fac:hmeimim-air-base" and hmeimim[0].is_facility
    assert hmeimim[0].admin1_en == "Lattakia"
    assert gaz.get("plc:raqqa").name_en == "Raqqa"
    assert gaz.lookup("كلمة ليست مكانا") == []
