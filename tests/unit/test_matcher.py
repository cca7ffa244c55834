"""The KB matcher (``kb_entities`` component) on the example pages and on focused sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.analyse.matcher import KBMatcher, kb_entities, match_text
from marsad.analyse.pipeline import Resources
from marsad.config import EXAMPLES_DIR
from marsad.knowledge.kb import AmbiguousAlias, KBEntity, KnowledgeBase, alias_key
from marsad.model import Article, Entity


def _found(text: str) -> list[tuple[str, str | None]]:
    ents = match_text(text)
    for e in ents:
        assert text[e.start:e.end] == e.text
    return [(e.text, e.entity_id) for e in ents]


def _seed(prefix: str) -> tuple[str, list[Entity]]:
    path = next(Path(EXAMPLES_DIR).glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    ents = match_text(text)
    for e in ents:
        assert text[e.start:e.end] == e.text, e
    return text, ents


# --- the example pages ---------------------------------------------------------------------------

def test_seed_000_kataib_imam_ali_and_isis() -> None:
    _text, ents = _seed("000")
    got = {(e.text, e.entity_id) for e in ents}
    assert ("كتائب الإمام علي في العراق والشام", "grp:kataib-imam-ali") in got
    assert ('كتائب "الإمام علي"', "grp:kataib-imam-ali") in got  # quote inside the name
    assert ("ميليشيا الإمام علي", "grp:kataib-imam-ali") in got  # generated head variant
    assert ('تنظيم "الدولة"', "grp:isis") in got
    assert ("تنظيم الدولة الإسلامية", "grp:isis") in got
    weak = [e for e in ents if e.entity_id == "grp:isis" and e.score < 1]
    assert weak and {e.text for e in weak} <= {"التنظيم", "لتنظيم"}  # licensed by "تنظيم الدولة"


def test_seed_001_nujaba_pmf() -> None:
    _text, ents = _seed("001")
    got = {(e.text, e.entity_id) for e in ents}
    assert ("حركة حزب الله النجباء", "grp:nujaba") in got
    assert ("حركة النجباء", "grp:nujaba") in got
    assert ("حركة العراق الإسلامية", "grp:kataib-imam-ali") in got
    assert ("كتائب الأمام علي", "grp:kataib-imam-ali") in got
    assert ("الحشد الشعبي", "grp:pmf") in got
    assert ("قوات النظام", "grp:syrian-army") in got
    assert not any(e.entity_id == "grp:hezbollah" for e in ents)


def test_seed_002_iraqi_factions() -> None:
    _text, ents = _seed("002")
    got = {(e.text, e.entity_id) for e in ents}
    for pair in [("هيئة تحرير الشام", "grp:hts"), ("فيلق القدس", "grp:irgc-quds-force"),
                 ("لحرس الثوري الإيراني", "grp:irgc"),  # "للحرس": the span starts after the preposition
                 ("كتائب حزب الله العراق", "grp:kataib-hezbollah"), ("كتائب حزب الله", "grp:kataib-hezbollah"),
                 ("كتائب سيد الشهداء", "grp:kataib-sayyid-al-shuhada"),
                 ("حركة أنصار الله الأوفياء", "grp:ansar-allah-al-awfiya"),
                 ("حركة عصائب أهل الحق", "grp:asaib-ahl-al-haq"), ("منظمة بدر", "grp:badr"),
                 ("النجباء", "grp:nujaba"), ("الجيش السوري", "grp:syrian-army")]:
        assert pair in got, pair
    sohr = [e for e in ents if e.entity_id == "org:sohr"]
    assert sohr and sohr[0].text == "المرصد السوري لحقوق الإنسان" and sohr[0].type == "ORGANIZATION"
    assert not any(e.entity_id == "grp:hezbollah" for e in ents)


def test_seed_003_ghouta_factions() -> None:
    _text, ents = _seed("003")
    got = {(e.text, e.entity_id) for e in ents}
    for pair in [("جيش الإسلام", "grp:jaysh-al-islam"), ("جيش الفسطاط", "grp:jaysh-al-fustat"),
                 ("فيلق الرحمن", "grp:faylaq-al-rahman"), ("حزب الله", "grp:hezbollah"),
                 ("جيش التحرير الفلسطيني", "grp:palestine-liberation-army"), ("الدفاع الوطني", "grp:ndf"),
                 ("أسد الله الغالب", "grp:asad-allah-al-ghalib"), ("لواء ذو الفقار", "grp:liwa-dhulfiqar"),
                 ("وزارة الدفاع الروسية", "org:russia-mod"), ("القوات الروسية", "grp:russian-forces")]:
        assert pair in got, pair


def test_seed_004_deir_ez_zor() -> None:
    _text, ents = _seed("004")
    got = {(e.text, e.entity_id) for e in ents}
    for pair in [("الدفاع الوطني", "grp:ndf"), ("حزب الله العراقي", "grp:kataib-hezbollah"),
                 ("حزب الله اللبناني", "grp:hezbollah"), ("الفرقة 11", "grp:syrian-army-11th-division"),
                 ("ميليشيا “القاطرجي”", "grp:qaterji"), ("ميليشيا القاطرجي", "grp:qaterji"),
                 ("الحرس الثوري الإيراني", "grp:irgc")]:
        assert pair in got, pair


# --- focused cases ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("أعلنت النجباء النفير", [("النجباء", "grp:nujaba")]),
    ("قالت حركة حزب الله النجباء إن", [("حركة حزب الله النجباء", "grp:nujaba")]),
    ("عناصر من ميليشيا الإمام علي", [("ميليشيا الإمام علي", "grp:kataib-imam-ali")]),
    ("وصل قادة كتائب \"الإمام علي\" إلى دمشق", [('كتائب "الإمام علي"', "grp:kataib-imam-ali")]),
    ("هاجمت وكتائب حزب الله المواقع", [("كتائب حزب الله", "grp:kataib-hezbollah")]),
    ("أكد حزب الله اللبناني", [("حزب الله اللبناني", "grp:hezbollah")]),
    ("انسحب الحرس الثوري الإيراني", [("الحرس الثوري الإيراني", "grp:irgc")]),
    ("مقاتلون للحرس الثوري", [("لحرس الثوري", "grp:irgc")]),
    ("في ميليشيا القاطرجي", [("ميليشيا القاطرجي", "grp:qaterji")]),
    ("سلّم القاطرجي المقر", [("القاطرجي", "grp:qaterji")]),
    ("من داعش ومن تنظيم الدولة", [("داعش", "grp:isis"), ("تنظيم الدولة", "grp:isis")]),
    ("قصفت الطائرات مواقع لقسد", [("قسد", "grp:sdf")]),
    ("وسم #حزب_الله", [("حزب_الله", "grp:hezbollah")]),
    # the "#" of a hashtag inside a name is skipped like a quote, the text keeps it
    ("قال وزير الخارجية الروسي سيرغي #لافروف، الخميس", [("سيرغي #لافروف", "per:sergey-lavrov")]),
    ("قوات SDF", [("SDF", "grp:sdf")]),
    ('ميليشيا "حزب الله" اللبناني', [('"حزب الله" اللبناني', "grp:hezbollah")]),
])
def test_focused(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_proclitic_excluded_from_span() -> None:
    text = "التابعة لكتائب الإمام علي"
    (ent,) = match_text(text)
    assert ent.entity_id == "grp:kataib-imam-ali" and text[ent.start - 1] == "ل" and ent.text.startswith("كتائب")


def test_diacritics_and_tatweel_keep_offsets() -> None:
    text = "قال بيان كتـائبُ حزبِ الله العراقية"
    ents = match_text(text)
    assert [e.entity_id for e in ents] == ["grp:kataib-hezbollah"]
    assert ents[0].text.startswith("كتـائبُ") and text[ents[0].start:ents[0].end] == ents[0].text


@pytest.mark.parametrize("text", [
    "مقاتلين داعشيين",  # suffix: not a word end
    "مداعش",  # a letter that is not a proclitic before the name
    "الدفاع الوطنيين",
    "sdf",  # acronyms must be capitals
    "وزارة الدفاع الوطني اللبنانية",  # blocker
    "قال التنظيم إن",  # weak alias without a strong one
])
def test_no_match(text: str) -> None:
    assert match_text(text) == []


def test_weak_alias_licensed_by_strong() -> None:
    ents = match_text("أعلن تنظيم داعش مسؤوليته، وقال التنظيم إن")
    assert [(e.text, e.entity_id, e.score) for e in ents] == [
        ("تنظيم داعش", "grp:isis", 1.0), ("التنظيم", "grp:isis", 0.7)]


def test_entity_fields_filled() -> None:
    (ent,) = match_text("وصل قائد فيلق القدس")
    assert ent.type == "ARMED_GROUP" and ent.source == "kb" and ent.score == 1.0
    assert ent.canonical_ar == "فيلق القدس" and ent.canonical_en == "IRGC Quds Force"


# --- ambiguity and the pipeline component -------------------------------------------------------------

def _tiny_kb(default: str | None) -> KnowledgeBase:
    a = KBEntity("grp:a", "ARMED_GROUP", "لواء النصر", aliases=["لواء النصر", "لواء النصر الأول"])
    b = KBEntity("grp:b", "ARMED_GROUP", "لواء النصر", aliases=["لواء النصر", "كتيبة الفتح"])
    amb = {alias_key("لواء النصر"): AmbiguousAlias("لواء النصر", ["grp:a", "grp:b"], default)}
    return KnowledgeBase(entities={"grp:a": a, "grp:b": b}, ambiguous=amb, cues={})


def test_ambiguous_alias_unlinked_then_resolved_by_context() -> None:
    matcher = KBMatcher(_tiny_kb(default=None))
    (ent,) = matcher.find("هاجم لواء النصر القرية")
    assert ent.entity_id is None and ent.attrs["candidates"] == ["grp:a", "grp:b"] and ent.type == "ARMED_GROUP"
    ents = matcher.find("هاجمت كتيبة الفتح ثم لواء النصر القرية")
    assert [e.entity_id for e in ents] == ["grp:b", "grp:b"]
    (ent,) = KBMatcher(_tiny_kb(default="grp:a")).find("هاجم لواء النصر القرية")
    assert ent.entity_id == "grp:a"


def test_component_appends_to_existing_entities() -> None:
    body = "قصفت القوات الروسية مواقع هيئة تحرير الشام"
    art = Article(source_path="x.txt", raw=body, body=body)
    prior = Entity(text="القوات", start=5, end=11, type="ORGANIZATION", source="ner")
    art.entities.append(prior)
    res = Resources()
    kb_entities(art, res)
    assert art.entities[0] is prior
    assert [e.entity_id for e in art.entities[1:]] == ["grp:russian-forces", "grp:hts"]
    from marsad.analyse.matcher import default_matcher

    assert default_matcher() is default_matcher()  # built once per process, reused by every pipeline


# --- context aliases: generic descriptors licensed by the article's country --------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # Syria: the opposition factions and the Syrian army, named only by descriptors
    ("سيطرت الفصائل المعارضة على قرية في ريف حلب الشمالي بعد اشتباكات مع القوات الحكومية",
     [("الفصائل المعارضة", "grp:syrian-opposition-factions"), ("القوات الحكومية", "grp:syrian-army")]),
    # the same descriptor in Iraq is the Iraqi security forces
    ("اشتبكت القوات الحكومية مع مسلحين في الأنبار غربي العراق",
     [("القوات الحكومية", "grp:iraqi-security-forces")]),
    # Kurdish forces: the YPG in Syria, the Peshmerga in Iraq
    ("قصفت القوات الكردية مواقع في عفرين", [("القوات الكردية", "grp:ypg")]),
    ("تقدمت القوات الكردية نحو كركوك", [("القوات الكردية", "grp:peshmerga")]),
    # a strong name in the article still wins over the country
    ("هاجمت قوات سوريا الديموقراطية بلدة في الحسكة، وقالت القوات الكردية",
     [("قوات سوريا الديموقراطية", "grp:sdf"), ("القوات الكردية", "grp:sdf")]),
])
def test_context_alias_licensed_by_country(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.entity_id) for e in match_text(text)] == expected


@pytest.mark.parametrize("text", [
    "قالت قوات التحالف إنها قصفت مواقع في صنعاء",  # Yemen: not the anti-ISIS coalition
    "وقال الجيش الوطني في بنغازي",  # Libya (الجيش الوطني الليبي is a blocker; here the bare form)
    "قالت الفصائل المعارضة إنها ستشارك في المؤتمر",  # no country at all
    "سيطرت الفصائل المعارضة في سوريا على مواقع، بحسب مصادر في بيروت ولبنان وعرسال والبقاع",  # Lebanon dominates
])
def test_context_alias_not_licensed_elsewhere(text: str) -> None:
    assert [e.entity_id for e in match_text(text) if e.attrs.get("kb_match") == "context"] == []


def test_context_alias_marked_and_scored_as_weak() -> None:
    (ent,) = match_text("تقدمت قوات المعارضة في ريف إدلب")
    assert ent.entity_id == "grp:syrian-opposition-factions" and ent.attrs["kb_match"] == "context"
    assert ent.score == 0.7


def test_country_counts_cues_and_single_country_actors() -> None:
    from marsad.analyse.matcher import default_matcher
    from marsad.text.normalize import normalize

    m = default_matcher()
    norm = normalize("قصفت قوات الأمن العراقية مواقع في الموصل وسوريا")
    counts = m.country_counts(norm.text, m._scan(norm.text, norm.text, norm, []))
    # IQ: the ISF (active in Iraq only), العراقية inside its name, الموصل; SY: وسوريا (with its و)
    assert counts == {"IQ": 3, "SY": 1}


@pytest.mark.parametrize(("text", "expected"), [
    ("دخلت قوات تركية إلى ريف إدلب", [("قوات تركية", "grp:turkish-forces")]),
    ("وصلت قوات أميركية إلى قاعدة قرب الرقة", [("قوات أميركية", "grp:us-forces")]),
    ("هاجمت جبهة النصرة مقاتلي الفرقة 30 في ريف حلب",
     [("جبهة النصرة", "grp:jabhat-al-nusra"), ("الفرقة 30", "grp:division-30")]),
    ("تقدمت القوات الموالية للحكومة في ريف حماة", [("القوات الموالية للحكومة", "grp:pro-regime-militias")]),
])
def test_session6_aliases(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.entity_id) for e in match_text(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("قال الأسد في مقابلة مع صحفيين في دمشق", [("الأسد", "per:bashar-al-assad")]),
    ("وقال العبادي في مؤتمر صحفي ببغداد", [("العبادي", "per:haider-al-abadi")]),
    ("هاجمت النصرة مواقع في ريف إدلب", [("النصرة", "grp:jabhat-al-nusra")]),
    ("والتقى اشتون كارتر رئيس البرلمان سليم الجبوري",
     [("اشتون كارتر", "per:ashton-carter"), ("سليم الجبوري", "per:salim-al-jubouri")]),
])
def test_session6_person_and_short_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.entity_id) for e in match_text(text)] == expected


def test_short_forms_not_licensed_without_their_country() -> None:
    assert match_text("وقال الأسد إن الحديقة مفتوحة") == []
