"""The ``places`` component: place recognition, cues, guards and disambiguation."""

from __future__ import annotations

import csv
from functools import lru_cache

import pytest

from marsad.analyse.geocode import find_places, geocode_name
from marsad.analyse.pipeline import Pipeline
from marsad.config import EXAMPLES_DIR, get_settings
from marsad.knowledge.gazetteer import Gazetteer, build_index, haversine_km
from marsad.model import Article, Entity
from marsad.text.normalize import normalize_key

SHARED_GAZ = get_settings().shared_dir / "data" / "gazetteer"
SEED_000 = "000_eb50eb9bb378d6be.txt"
SEED_003 = "003_1fd55390d2202720.txt"
VILLAGES_000 = ["بلاط", "صومع بلاط", "كبارة", "ريان", "الصالحية", "الكروطية", "تل علم", "الصبيحة", "عين سابل",
                "تل اسطبل", "حويجية", "جب غبشة", "جب الصفا"]
# every place named in the seeds: surface text -> expected id
SEED_PLACES = {
    "000": {"الرقة": "plc:raqqa", "ريف حلب الشرقي": "plc:rif-aleppo", "ريف السفيرة الشمالي": "plc:safira",
            "تكريت": "plc:tikrit", "السيدة زينب": "plc:sayyida-zaynab", "بابل": "plc:babil-gov",
            "الديوانية": "plc:qadisiyah-gov", "الكوت": "plc:kut", "بغداد": "plc:baghdad", "النجف": "plc:najaf",
            "الكربلاء": "plc:karbala", "ريف دمشق": "plc:rif-dimashq", "ريف دمشق الجنوبي": "plc:rif-dimashq",
            "دمشق": "plc:damascus", "إدلب": "plc:idlib", "سوريا": "plc:syria", "العراق": "plc:iraq"},
    "001": {"دمشق": "plc:damascus", "العيس": "plc:eis", "ريف حلب الجنوبي": "plc:rif-aleppo",
            "كفريا": "plc:kafriya", "الفوعة": "plc:fuah", "كربلاء": "plc:karbala", "الدريج": "plc:durayj",
            "ريف دمشق": "plc:rif-dimashq", "تدمر": "plc:palmyra", "شمالي حلب": "plc:aleppo"},
    "002": {"حلب": "plc:aleppo", "بغداد": "plc:baghdad", "طهران": "plc:tehran", "إيران": "plc:iran"},
    "003": {"الغوطة الشرقية": "plc:eastern-ghouta", "المليحة": "plc:mleiha-rif-dimashq",
            "دير العصافير": "plc:deir-al-asafir", "حوش الفارة": "plc:hosh-al-farah", "اللواء 39": "fac:liwa-39",
            "داريا": "plc:darayya", "القدم": "plc:qadam", "جوبر": "plc:jobar", "النبك": "plc:nabk",
            "القلمون": "plc:qalamoun", "السيدة زينب": "plc:sayyida-zaynab", "لبنان": "plc:lebanon"},
    "004": {"شرقي سوريا": "plc:syria", "البوكمال": "plc:abu-kamal", "ديرالزور": "plc:deir-ez-zor",
            "دير الزور": "plc:deir-ez-zor", "قطاع ديرالزور الشرقي": "plc:deir-ez-zor",
            "قاعدة حميميم": "fac:hmeimim-air-base", "حلب": "plc:aleppo"},
}


@lru_cache(maxsize=1)
def _curated() -> Gazetteer:
    return Gazetteer.curated()


def _article(text: str) -> Article:
    return Article(source_path="<test>", raw=text, body=text)


def _seed(prefix: str) -> Article:
    path = next(EXAMPLES_DIR.glob(f"{prefix}_*.txt"))
    return _article(path.read_text(encoding="utf-8"))


def _places(art: Article, gaz: Gazetteer | None = None) -> list[Entity]:
    ents = find_places(art, gaz or _curated())
    for e in ents:
        assert art.body[e.start:e.end] == e.text
        assert e.source == "gazetteer" and e.lat is not None and e.lon is not None
        assert e.attrs["geo_precision"] in (1, 2, 3)
    return ents


@pytest.mark.parametrize("prefix", sorted(SEED_PLACES))
def test_every_seed_place_is_found(prefix):
    found = {(e.text, e.entity_id) for e in _places(_seed(prefix))}
    missing = {(t, i) for t, i in SEED_PLACES[prefix].items() if (t, i) not in found}
    assert not missing


@lru_cache(maxsize=1)
def _shared_points() -> dict[str, list[tuple[float, float, str]]]:
    pts: dict[str, list[tuple[float, float, str]]] = {}
    for path in (SHARED_GAZ / "sy_places.tsv", SHARED_GAZ / "iq_places.tsv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                if r["placetype"] not in ("locality", "localadmin", "neighbourhood"):
                    continue
                for n in {normalize_key(x) for x in [r["name_ar"], *r["alt_names_ar"].split("|")] if x}:
                    kind = "neighbourhood" if r["placetype"] == "neighbourhood" else "locality"
                    pts.setdefault(n, []).append((float(r["lat"]), float(r["lon"]), kind))
    return pts


def test_seed_places_are_within_10_km_of_the_shared_gazetteer():
    if not (SHARED_GAZ / "sy_places.tsv").is_file():
        pytest.skip(f"shared gazetteer not found at {SHARED_GAZ}")
    pts = _shared_points()
    checked, far = 0, []
    for prefix in SEED_PLACES:
        for e in _places(_seed(prefix)):
            if e.attrs["placetype"] not in ("locality", "neighbourhood") or "base_place" in e.attrs:
                continue
            cands = pts.get(normalize_key(e.text)) or pts.get(normalize_key(e.canonical_ar or "")) or []
            cands = [(la, lo) for la, lo, kind in cands if kind == e.attrs["placetype"]]  # same type only
            if not cands:
                continue
            checked += 1
            d = min(haversine_km(e.lat, e.lon, la, lo) for la, lo in cands)
            if d > 10:
                far.append((e.text, round(d)))
    assert checked >= 25
    assert not far


def test_the_13_villages_of_seed_000_are_places():
    ents = _places(_seed("000"))
    texts = [e.text for e in ents]
    assert all(v in texts for v in VILLAGES_000), set(VILLAGES_000) - set(texts)
    safira = next(e for e in ents if e.entity_id == "plc:safira")
    for e in ents:
        if e.text in VILLAGES_000:
            assert e.type == "LOCATION" and e.attrs["geo_precision"] == 1
            assert haversine_km(e.lat, e.lon, safira.lat, safira.lon) < 40


def test_region_phrase_is_one_mention():
    ents = _places(_article("انسحب التنظيم في ريف حلب الشرقي من 25 قرية."))
    assert len(ents) == 1
    e = ents[0]
    assert e.text == "ريف حلب الشرقي" and e.type == "LOCATION"
    assert e.attrs["direction"] == "east" and e.attrs["geo_precision"] == 2
    assert e.attrs["base_place"] == e.entity_id
    ents = _places(_article("سيطرت القوات على بلدات بريف السفيرة الشمالي وشرقي سوريا"))
    by_text = {e.text: e for e in ents}
    assert by_text["ريف السفيرة الشمالي"].attrs["base_place"] == "plc:safira"
    assert by_text["ريف السفيرة الشمالي"].attrs["direction"] == "north"
    assert by_text["شرقي سوريا"].attrs["geo_precision"] == 3


def test_common_words_are_not_places_without_a_cue():
    assert _places(_article("في الصبيحة خرج الرجال إلى العمل.")) == []
    assert _places(_article("أعلنت الحركة فتح الباب أمام المتطوعين، وقال ريان إن القرار نهائي.")) == []
    # with a cue or in a list the same words are places
    assert [e.entity_id for e in _places(_article("وصلت التعزيزات إلى قرية الصبيحة"))] == ["plc:subayhiyah"]
    listed = _places(_article("انسحب من قرى بلاط، وريان، وكبارة"))
    assert [e.text for e in listed] == ["بلاط", "ريان", "كبارة"]


def test_proclitics_and_spans():
    ents = _places(_article("قصفت الطائرات بحلب وللرقة ودير الزور."))
    assert [(e.text, e.entity_id) for e in ents] == [("حلب", "plc:aleppo"), ("رقة", "plc:raqqa"),
                                                      ("دير الزور", "plc:deir-ez-zor")]
    # an adjective is not the country; the article is never split off a place name
    assert _places(_article("قالت الحكومة السورية إن المدينة هادئة")) == []


def test_facility_with_type_word_and_quotes():
    ents = _places(_article("حركة الطائرات الروسية في مطار “حميميم” تؤيد ذلك، وقصف مطار دمشق الدولي"))
    assert [(e.type, e.entity_id) for e in ents] == [("FACILITY", "fac:hmeimim-air-base"),
                                                      ("FACILITY", "fac:damascus-airport")]
    assert ents[0].attrs["kind"] == "air_base"


def test_list_of_governorates_and_type_hints():
    ents = _places(_article("وهي محافظات بابل والديوانية والكوت، ومدن بغداد والنجف"))
    assert [e.text for e in ents] == ["بابل", "الديوانية", "الكوت", "بغداد", "النجف"]
    assert ents[1].attrs["placetype"] == "region"  # محافظات → the governorate القادسية/الديوانية
    assert ents[3].attrs["placetype"] == "locality"
    gov = _places(_article("في محافظة حلب"))
    assert gov[0].entity_id == "plc:aleppo-gov" and gov[0].attrs["geo_precision"] == 3
    assert _places(_article("في مدينة حلب"))[0].entity_id == "plc:aleppo"


def test_mleiha_resolves_to_rural_damascus():
    ents = [e for e in _places(_seed("003")) if e.text == "المليحة"]
    assert len(ents) == 3 and {e.entity_id for e in ents} == {"plc:mleiha-rif-dimashq"}
    # alone, with places near Salamiyah instead, the other المليحة wins
    ents = _places(_article("اشتباكات في المليحة قرب مدينة السلمية وقرية صبورة"))
    assert ents[0].text == "المليحة" and ents[0].entity_id == "plc:mleiha-salamiyah"


def test_mleiha_with_the_large_gazetteer(tmp_path):
    src = SHARED_GAZ / "sy_places.tsv"
    if not src.is_file():
        pytest.skip(f"{src} not found")
    build_index([src], tmp_path / "gaz.sqlite")
    gaz = Gazetteer.open(tmp_path / "gaz.sqlite")
    ents = [e for e in _places(_seed("003"), gaz) if e.text == "المليحة"]
    assert ents and all(haversine_km(e.lat, e.lon, 33.485, 36.376) < 5 for e in ents)
    # a village known only to the large gazetteer counts after a type word
    ents = _places(_article("قصفت الطائرات قرية جب غبشة وقرية تل حاصل"), gaz)
    assert [e.text for e in ents] == ["جب غبشة", "تل حاصل"]
    assert ents[1].entity_id.startswith("gz:")


def test_geocode_name():
    assert geocode_name("بمدينة البوكمال").id == "plc:abu-kamal"
    assert geocode_name("ريف حلب الشرقي").id == "plc:rif-aleppo"
    assert geocode_name("Raqqa").id == "plc:raqqa"
    assert geocode_name("لا مكان هنا") is None
    ctx = _seed("003")
    ctx.entities = _places(ctx)
    assert geocode_name("المليحة", context=ctx).id == "plc:mleiha-rif-dimashq"
    ctx = _article("قرب مدينة السلمية")
    ctx.entities = _places(ctx)
    assert geocode_name("المليحة", context=ctx).id == "plc:mleiha-salamiyah"


def test_component_is_registered_and_appends():
    art = _article("قصف على داريا")
    art.entities.append(Entity("قصف", 0, 3, "QUANTITY"))
    Pipeline(["sentences", "tokens", "places"])(art)
    assert [e.entity_id for e in art.entities] == [None, "plc:darayya"]
