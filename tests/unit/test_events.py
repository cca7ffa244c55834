"""The ACLED-style event coder on hand-built articles mirroring the seed examples.

Entities are placed by hand (what the kb/gazetteer/ner/link stages are expected to produce), so these
tests exercise the event coder alone; ``test_end_to_end_seeds`` runs the real pipeline when it exists.
"""
# ruff: noqa: E501, E702

from __future__ import annotations

import re

import pytest

from marsad.analyse.events import code_events, load_taxonomy, merge_events, rules
from marsad.analyse.relations import extract_relations
from marsad.config import EXAMPLES_DIR
from marsad.model import Article, Entity
from marsad.text.tokens import split_sentences, tokenize

G = "ARMED_GROUP"; P = "PERSON"; L = "LOCATION"; ORG = "ORGANIZATION"; F = "FACILITY"; D = "DATE"
def loc(id_, prec=1, admin1=None, country="SY", pt="locality", lat=35.0, lon=38.0):
    return dict(entity_id=id_, attrs={"geo_precision": prec, "placetype": pt}, admin1=admin1, country=country, lat=lat, lon=lon)

SPECS = {
"000": [
  ("كتائب الإمام علي في العراق والشام", G, dict(entity_id="grp:kataib-imam-ali")),
  ("كتائب الإمام علي", G, dict(entity_id="grp:kataib-imam-ali")),
  ("ميليشيا الإمام علي", G, dict(entity_id="grp:kataib-imam-ali")),
  ("حركة العراق الإسلامية", G, dict(entity_id="grp:kataib-imam-ali")),
  ("الإمام علي", G, dict(entity_id="grp:kataib-imam-ali")),
  ("تنظيم الدولة الإسلامية", G, dict(entity_id="grp:isis")),
  ("تنظيم الدولة", G, dict(entity_id="grp:isis")),
  ("التنظيم", G, dict(entity_id="grp:isis")), ("تنظيم", G, dict(entity_id="grp:isis")),
  ("الدواعش", G, dict(entity_id="grp:isis")),
  ("النظام السوري", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("الرقة", L, loc("gz:raqqa", 1, "Raqqa")),
  ("حلب", L, loc("gz:aleppo", 1, "Aleppo")),
  ("السفيرة", L, loc("gz:safira", 1, "Aleppo")),
  ("بلاط", L, loc("gz:balat", 1, "Aleppo")), ("صومع بلاط", L, loc("gz:sawma", 1, "Aleppo")),
  ("كبارة", L, loc("gz:kbara", 1, "Aleppo")), ("ريان", L, loc("gz:rayan", 1, "Aleppo")),
  ("الصالحية", L, loc("gz:salhiya", 1, "Aleppo")), ("تل علم", L, loc("gz:tel", 1, "Aleppo")),
  ("جب الصفا", L, loc("gz:jub", 1, "Aleppo")),
  ("الأراضي السورية", L, loc("gz:sy", 3, None, pt="country")),
  ("الأرضي السورية", L, loc("gz:sy", 3, None, pt="country")),
  ("سوريا", L, loc("gz:sy", 3, None, pt="country")), ("سورية", L, loc("gz:sy", 3, None, pt="country")),
  ("العراق", L, loc("gz:iq", 3, None, "IQ", pt="country")),
  ("تكريت", L, loc("gz:tikrit", 1, "Salah al-Din", "IQ")),
  ("بابل", L, loc("gz:babil", 3, "Babil", "IQ", pt="region")), ("بغداد", L, loc("gz:baghdad", 1, "Baghdad", "IQ")),
  ("النجف", L, loc("gz:najaf", 1, "Najaf", "IQ")),
  ("ريف دمشق", L, loc("gz:rif", 3, "Rif Dimashq", pt="region")),
  ("السيدة زينب", L, loc("gz:sayyida", 1, "Rif Dimashq")),
  ("التاسع عشر من شهر تشرين الثاني/نوفمبر", D, dict(attrs={"value": "2015-11-19", "precision": 1})),
  ("قبل أيام", D, dict(attrs={"value": "2015-11-30", "precision": 2})),
  ("قبل أسابيع", D, dict(attrs={"value": "2015-11", "precision": 3})),
],
"002": [
  ("هيئة تحرير الشام", G, dict(entity_id="grp:hts")),
  ("الجيش السوري", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("فيلق القدس", G, dict(entity_id="grp:irgc-quds-force")),
  ("الحرس الثوري الإيراني", G, dict(entity_id="grp:irgc")),
  ("إسماعيل قاآني", P, dict(entity_id="per:qaani")), ("قاآني", P, dict(entity_id="per:qaani")),
  ("كتائب حزب الله العراق", G, dict(entity_id="grp:kataib-hezbollah")),
  ("كتائب حزب الله", G, dict(entity_id="grp:kataib-hezbollah")),
  ("أحمد محسن فرج الحميداوي", P, dict(entity_id="per:hamidawi")), ("أبوحسين الحميداوي", P, dict(entity_id="per:hamidawi")),
  ("الحميداوي", P, dict(entity_id="per:hamidawi")),
  ("كتائب سيد الشهداء", G, dict(entity_id="grp:kataib-sayyid-al-shuhada")), ("أبوآلاء الولائي", P, dict(entity_id="per:walai")),
  ("حركة أنصار الله الأوفياء", G, dict(entity_id="grp:ansar-allah-al-awfiya")),
  ("حركة عصائب أهل الحق", G, dict(entity_id="grp:asaib-ahl-al-haq")), ("قيس الخزعلي", P, dict(entity_id="per:khazali")),
  ("هادي العامري", P, dict(entity_id="per:amiri")), ("منظمة بدر", G, dict(entity_id="grp:badr")),
  ("حركة النجباء", G, dict(entity_id="grp:nujaba")), ("النجباء", G, dict(entity_id="grp:nujaba")),
  ("كتائب الإمام علي", G, dict(entity_id="grp:kataib-imam-ali")),
  ("المرصد السوري لحقوق الإنسان", ORG, dict(entity_id="org:sohr")),
  ("بشار الأسد", P, dict(entity_id="per:assad")),
  ("محمد شياع السوداني", P, dict(entity_id="per:sudani")), ("السوداني", P, dict(entity_id="per:sudani")),
  ("وزارة الخارجية الإيرانية", ORG, dict(entity_id="org:iran-mfa")),
  ("مكتب رئاسة الوزراء العراقية", ORG, dict(entity_id="org:iraq-pmo")),
  ("عباس عراقجي", P, dict(entity_id="per:araghchi")), ("سيرغي لافروف", P, dict(entity_id="per:lavrov")),
  ("هاكان فيدان", P, dict(entity_id="per:fidan")),
  ("حلب", L, loc("gz:aleppo", 1, "Aleppo")), ("بغداد", L, loc("gz:baghdad", 1, "Baghdad", "IQ")),
  ("العراق", L, loc("gz:iq", 3, None, "IQ", pt="country")), ("سوريا", L, loc("gz:sy", 3, None, pt="country")),
  ("إيران", L, loc("gz:ir", 3, None, "IR", pt="country")), ("طهران", L, loc("gz:tehran", 1, "Tehran", "IR")),
  ("موسكو", L, loc("gz:moscow", 1, "Moscow", "RU")),
  ("مطارها", F, dict(entity_id=None)),
  ("السبت", D, dict(attrs={"value": "2024-11-30", "precision": 1})),
  ("ظهر السبت", D, dict(attrs={"value": "2024-11-30", "precision": 1})),
  ("مساء السبت", D, dict(attrs={"value": "2024-11-30", "precision": 1})),
  ("يوم الأحد", D, dict(attrs={"value": "2024-12-01", "precision": 1})),
],
"003": [
  ("جيش الإسلام", G, dict(entity_id="grp:jaysh-al-islam")), ("جيش الفسطاط", G, dict(entity_id="grp:jaysh-al-fustat")),
  ("فيلق الرحمن", G, dict(entity_id="grp:faylaq-al-rahman")),
  ("حزب الله", G, dict(entity_id="grp:hezbollah")), ("جيش التحرير الفلسطيني", G, dict(entity_id="grp:pla")),
  ("الدفاع الوطني", G, dict(entity_id="grp:ndf", attrs={"kind": "militia"})),
  ("لواء أسد الله الغالب", G, dict(entity_id="grp:asad-allah-al-ghalib")),
  ("أسد الله الغالب", G, dict(entity_id="grp:asad-allah-al-ghalib")),
  ("لواء ذو الفقار", G, dict(entity_id="grp:liwa-dhulfiqar")),
  ("لواء أبو الفضل العباس", G, dict(entity_id="grp:abu-fadl-abbas")),
  ("عبد الله الشيباني", P, dict(entity_id=None)), ("أبو شهد الجبوري", P, dict(entity_id=None)),
  ("عقيل الموسوي", P, dict(entity_id=None)), ("أبو فاطمة", P, dict(entity_id=None)),
  ("المصدر نيوز", ORG, dict(entity_id="org:almasdar")), ("أورينت نت", ORG, dict(entity_id="org:orient")),
  ("وزارة الدفاع الروسية", ORG, dict(entity_id="org:ru-mod")),
  ("القوات الروسية", G, dict(entity_id="grp:russian-forces", attrs={"kind": "foreign_force"})),
  ("قوات الأسد", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("النظام السوري", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("الغوطة الشرقية", L, loc("gz:ghouta", 2, "Rif Dimashq", pt="county")),
  ("الغوطة", L, loc("gz:ghouta", 2, "Rif Dimashq", pt="county")),
  ("دير العصافير", L, loc("gz:deir-asafir", 1, "Rif Dimashq")),
  ("اللواء 39", F, dict(entity_id=None)),
  ("حوش الفارة", L, loc("gz:hosh", 1, "Rif Dimashq")),
  ("المليحة", L, loc("gz:mliha", 1, "Rif Dimashq")), ("داريا", L, loc("gz:daraya", 1, "Rif Dimashq")),
  ("سوريا", L, loc("gz:sy", 3, None, pt="country")), ("إيران", L, loc("gz:ir", 3, None, "IR", pt="country")),
  ("حميميم", F, dict(entity_id=None)), ("السيدة زينب", L, loc("gz:sayyida", 1, "Rif Dimashq")),
  ("دمشق", L, loc("gz:damascus", 1, "Damascus")), ("النبك", L, loc("gz:nabk", 1, "Rif Dimashq")),
  ("قبل أيام", D, dict(attrs={"value": "2016-02-26", "precision": 2})),
],
"004": [
  ("ميليشيا الدفاع الوطني", G, dict(entity_id="grp:ndf", attrs={"kind": "militia"})),
  ("الدفاع الوطني", G, dict(entity_id="grp:ndf", attrs={"kind": "militia"})),
  ("حزب الله العراقي", G, dict(entity_id="grp:kataib-hezbollah")),
  ("حزب الله اللبناني", G, dict(entity_id="grp:hezbollah")),
  ("حسن الغضبان", P, dict(entity_id=None)),
  ("الفرقة 11", G, dict(entity_id="grp:syrian-army-11th-division", attrs={"kind": "state_force"})),
  ("قوات النظام", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("القاطرجي", G, dict(entity_id="grp:qaterji")),
  ("الحرس الثوري الإيراني", G, dict(entity_id="grp:irgc")),
  ("القوات الروسية", G, dict(entity_id="grp:russian-forces", attrs={"kind": "foreign_force"})),
  ("فراس العراقية", P, dict(entity_id=None)), ("نزار خرفان", P, dict(entity_id=None)),
  ("الجيش الروسي", G, dict(entity_id="grp:russian-forces", attrs={"kind": "foreign_force"})),
  ("تنظيم داعش", G, dict(entity_id="grp:isis")),
  ("البوكمال", L, loc("gz:bukamal", 1, "Deir ez-Zor")), ("ديرالزور", L, loc("gz:dez", 3, "Deir ez-Zor", pt="region")),
  ("دير الزور", L, loc("gz:dez", 3, "Deir ez-Zor", pt="region")),
  ("حلب", L, loc("gz:aleppo", 1, "Aleppo")), ("سوريا", L, loc("gz:sy", 3, None, pt="country")),
  ("حميميم", F, dict(entity_id=None)),
  ("أمس الأربعاء", D, dict(attrs={"value": "2020-06-10", "precision": 1})),
  ("الاثنين الماضي", D, dict(attrs={"value": "2020-06-08", "precision": 1})),
],
}

def annotate(body, spec):
    ents = []
    taken = []
    for text, typ, kw in sorted(spec, key=lambda x: -len(x[0])):
        for m in re.finditer(re.escape(text), body):
            s, e = m.span()
            # whole-word-ish: allow proclitic prefixes before; disallow letters after
            if e < len(body) and body[e].isalpha() and typ != D:
                # allow enclitic only for FACILITY like مطارها
                continue
            if s > 0 and body[s-1].isalpha() and body[s-1] not in "وبلفك":
                continue
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            kw2 = dict(kw)
            attrs = kw2.pop("attrs", {})
            ents.append(Entity(text=text, start=s, end=e, type=typ, attrs=dict(attrs), **kw2))
    return sorted(ents, key=lambda e: e.start)

def seed_article(key):
    f = next(EXAMPLES_DIR.glob(key + '_*.txt'))
    body = f.read_text()
    a = Article(str(f), body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    a.entities = annotate(body, SPECS[key])
    a.relations = extract_relations(a)  # "relations" runs before "events" in the pipeline
    return a
SPECS["001"] = [
  ("حركة النجباء العراقية", G, dict(entity_id="grp:nujaba")), ("حركة النجباء", G, dict(entity_id="grp:nujaba")),
  ("حركة حزب الله النجباء العراقية", G, dict(entity_id="grp:nujaba")),
  ("أكرم الكعبي", P, dict(entity_id="per:akram-kaabi")), ("الكعبي", P, dict(entity_id="per:akram-kaabi")),
  ("حركة العراق الإسلامية", G, dict(entity_id="grp:kataib-imam-ali")),
  ("كتائب الأمام علي", G, dict(entity_id="grp:kataib-imam-ali")), ("كتائب الإمام علي", G, dict(entity_id="grp:kataib-imam-ali")),
  ("الإمام علي في العراق والشام", G, dict(entity_id="grp:kataib-imam-ali")),
  ("محمد الباوي", P, dict(entity_id="per:bawi")),
  ("الحشد الشعبي", G, dict(entity_id="grp:pmf")),
  ("قوات النظام", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("قوات نظام الأسد", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
  ("دمشق", L, loc("gz:damascus", 1, "Damascus")), ("العيس", L, loc("gz:eis", 1, "Aleppo")),
  ("حلب", L, loc("gz:aleppo", 1, "Aleppo")), ("كفريا", L, loc("gz:kafraya", 1, "Idlib")), ("الفوعة", L, loc("gz:fua", 1, "Idlib")),
  ("سوريا", L, loc("gz:sy", 3, None, pt="country")), ("سورية", L, loc("gz:sy", 3, None, pt="country")),
  ("العراق", L, loc("gz:iq", 3, None, "IQ", pt="country")), ("الدريج", L, loc("gz:dreij", 1, "Rif Dimashq")),
  ("ريف دمشق", L, loc("gz:rif", 3, "Rif Dimashq", pt="region")),
  ("قبل يومين", D, dict(attrs={"value": "2015-12-01", "precision": 1})),
  ("الثالث عشر من شهر تشرين الثاني/نوفمبر الفائت", D, dict(attrs={"value": "2015-11-13", "precision": 1})),
]


def _article(body: str, spec: list) -> Article:
    a = Article("t.txt", body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    a.entities = annotate(body, spec)
    a.relations = extract_relations(a)
    return a


def _find(events, sub, trigger_part=None):
    out = [e for e in events if e.sub_event_type == sub and (trigger_part is None or trigger_part in e.evidence.text)]
    assert out, f"no {sub} event among {[(e.sub_event_type, e.trigger.text) for e in events]}"
    return out[0]


@pytest.fixture(scope="module")
def seeds():
    return {k: (a := seed_article(k), code_events(a)) for k in ("000", "001", "002", "003", "004")}


# ------------------------------------------------------------------------------ taxonomy / data
def test_taxonomy_has_acled_types():
    tax = load_taxonomy()
    assert len(tax) == 25
    assert len({i.event_type for i in tax.values()}) == 6
    assert tax["Non-violent transfer of territory"].plover == "RETREAT"
    assert tax["Change to group/activity"].plover == "MOBILIZE"
    assert tax["Armed clash"].event_type == "Battles"
    assert tax["Peaceful protest"].disorder_type == "Demonstrations"


def test_trigger_rules_reference_known_types():
    r = rules()
    assert r.patterns and all(t.sub_event_type in load_taxonomy() for t in r.triggers)


# ------------------------------------------------------------------------------------ seed 000
def test_seed000_isis_withdrawal(seeds):
    art, evs = seeds["000"]
    ev = [e for e in evs if e.sub_event_type == "Non-violent transfer of territory" and e.places][0]
    assert ev.plover == "RETREAT" and ev.event_type == "Strategic developments"
    assert ev.actor1 and ev.actor1.entity_id == "grp:isis"
    assert ev.location and "ريف" in ev.location.text and ev.location.geo_precision == 2
    assert "السفيرة" in ev.location.text
    assert len(ev.places) >= 3 and all(art.body[p.start:p.end] == p.text for p in ev.places)
    assert ev.to_dict()["places"]


def test_seed000_mobilisation_events(seeds):
    art, evs = seeds["000"]
    mob = [e for e in evs if e.sub_event_type == "Change to group/activity"]
    assert len(mob) >= 3
    arrival = _find(evs, "Change to group/activity", "وصول دفعات")
    assert arrival.actor1 and arrival.actor1.entity_id == "grp:kataib-imam-ali" and arrival.plover == "MOBILIZE"
    drive = [e for e in mob if "التطوع" in e.trigger.text or "التطوع" in e.evidence.text]
    assert drive and drive[0].actor1.entity_id == "grp:kataib-imam-ali"
    bused = [e for e in mob if e.date == "2015-11-19"]
    assert bused and bused[0].fatalities is None


# ------------------------------------------------------------------------------------ seed 002
def test_seed002_meeting_in_baghdad(seeds):
    _, evs = seeds["002"]
    meet = [e for e in evs if e.sub_event_type == "Other" and e.modality == "asserted"]
    assert meet and meet[0].plover == "CONSULT"
    assert meet[0].location and meet[0].location.text == "بغداد"
    assert meet[0].attributed_to == "مصدر عراقي مطلع"


def test_seed002_denied_and_planned(seeds):
    _, evs = seeds["002"]
    denied = [e for e in evs if e.modality == "denied"]
    assert denied and denied[0].attributed_to == "مصدر في وزارة الخارجية الإيرانية"
    assert denied[0].location and denied[0].location.text == "حلب"
    planned = [e for e in evs if e.modality == "planned" and e.sub_event_type == "Other"]
    assert planned and "السوداني" in planned[0].evidence.text


def test_seed002_hts_takes_aleppo(seeds):
    _, evs = seeds["002"]
    ev = _find(evs, "Non-state actor overtakes territory")
    assert ev.actor1.entity_id == "grp:hts" and ev.location.text == "حلب" and ev.plover == "SEIZE"
    assert ev.attributed_to == "المرصد السوري لحقوق الإنسان"
    assert ev.date == "2024-11-30" and ev.time_precision == 1


# ------------------------------------------------------------------------------------ seed 003
def test_seed003_merger_clash_and_plans(seeds):
    _, evs = seeds["003"]
    merger = [e for e in evs if e.sub_event_type == "Change to group/activity" and e.actor2
              and e.actor2.entity_id == "grp:liwa-dhulfiqar"]
    assert merger and merger[0].actor1.entity_id == "grp:asad-allah-al-ghalib"
    clash = _find(evs, "Armed clash", "المواجهات")
    assert {clash.actor1.entity_id, clash.actor2.entity_id} == {"grp:jaysh-al-islam", "grp:jaysh-al-fustat"}
    assert clash.location.text == "الغوطة الشرقية"
    storm = [e for e in evs if e.location and e.location.text == "دير العصافير"]
    assert storm and storm[0].modality == "planned"
    air = _find(evs, "Air/drone strike")
    assert air.modality == "planned" and air.attributed_to == "المصدر نيوز التابع لإيران"
    reinf = [e for e in evs if e.location and e.location.text == "اللواء 39"]
    assert reinf and reinf[0].sub_event_type == "Change to group/activity"


# ------------------------------------------------------------------------------------ seed 004
def test_seed004_events(seeds):
    _, evs = seeds["004"]
    show = _find(evs, "Change to group/activity")
    assert show.actor1.entity_id == "grp:ndf" and show.location.text == "البوكمال"
    wd = _find(evs, "Non-violent transfer of territory")
    assert wd.actor1.entity_id == "grp:syrian-army-11th-division" and wd.actor2.entity_id == "grp:qaterji"
    hq = _find(evs, "Headquarters or base established")
    assert hq.actor1.entity_id == "grp:qaterji"
    kill = _find(evs, "Attack", "اغتيال")
    assert kill.event_type == "Violence against civilians" and kill.modality == "claimed"
    assert kill.actor2 and kill.actor2.text == "نزار خرفان"


# ------------------------------------------------------------------------------------ invariants
def test_offsets_and_no_invented_dates(seeds):
    for art, evs in seeds.values():
        date_values = {e.attrs.get("value") for e in art.entities if e.type == "DATE"}
        for ev in evs:
            assert art.body[ev.trigger.start:ev.trigger.end] == ev.trigger.text
            assert ev.evidence.start <= ev.trigger.start < ev.trigger.end <= ev.evidence.end <= len(art.body)
            if ev.location:
                assert art.body[ev.location.start:ev.location.end] == ev.location.text
            assert ev.date is None or ev.date in date_values
            assert (ev.date is None) == (ev.time_precision is None)
            assert 0.0 < ev.confidence <= 1.0
            assert ev.to_dict()["evidence"]["end"] == ev.evidence.end


def test_generic_mention_without_actor_or_place_is_dropped():
    art = _article("ويساق الشباب قسرا إلى جبهات القتال منذ سنوات، وتستمر المعارك.", [])
    assert code_events(art) == []


def test_territory_by_actor_kind():
    spec = [("الجيش السوري", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"})),
            ("هيئة تحرير الشام", G, dict(entity_id="grp:hts", attrs={"kind": "jihadist"})),
            ("خان شيخون", L, loc("gz:ks", 1, "Idlib"))]
    gov = code_events(_article("سيطر الجيش السوري على بلدة خان شيخون.", spec))
    reb = code_events(_article("سيطرت هيئة تحرير الشام على بلدة خان شيخون.", spec))
    assert [e.sub_event_type for e in gov] == ["Government regains territory"]
    assert [e.sub_event_type for e in reb] == ["Non-state actor overtakes territory"]


def test_refine_by_cue_words_and_fatalities_stay_optional():
    spec = [("داعش", G, dict(entity_id="grp:isis")), ("الرمادي", L, loc("gz:ramadi", 1, "Anbar", "IQ"))]
    evs = code_events(_article("اغتال مسلحون من داعش مختار قرية بعبوة ناسفة في الرمادي.", spec))
    assert [e.sub_event_type for e in evs] == ["Remote explosive/landmine/IED"]
    assert evs[0].actor1.entity_id == "grp:isis" and evs[0].location.text == "الرمادي"


def test_clitic_and_inflected_triggers():
    spec = [("قوات سوريا الديمقراطية", G, dict(entity_id="grp:sdf")), ("منبج", L, loc("gz:manbij", 1, "Aleppo"))]
    for text in ("وانسحبت قوات سوريا الديمقراطية من منبج.", "فانسحاب قوات سوريا الديمقراطية من منبج تم أمس."):
        evs = code_events(_article(text, spec))
        assert [e.sub_event_type for e in evs] == ["Non-violent transfer of territory"], text
        assert evs[0].actor1.entity_id == "grp:sdf"


def test_merge_keeps_one_event_per_real_event():
    spec = [("حزب الله", G, dict(entity_id="grp:hezbollah")), ("القصير", L, loc("gz:qusayr", 1, "Homs"))]
    body = "اندلعت اشتباكات عنيفة بين حزب الله ومسلحين في القصير.\nوتواصلت الاشتباكات في القصير حتى المساء."
    evs = code_events(_article(body, spec))
    assert len(evs) == 1 and evs[0].mentions == 2
    assert merge_events([]) == []


def test_end_to_end_seeds():
    runner = pytest.importorskip("marsad.runner")
    try:
        arts = runner.analyse_file(next(EXAMPLES_DIR.glob("000_*.txt")))
    except (ImportError, ModuleNotFoundError) as exc:  # upstream stages not importable yet
        pytest.skip(f"pipeline not available yet: {exc}")
    if not arts:
        pytest.skip("ingest/clean produced no article yet")
    art = arts[0]
    for ev in art.events:
        assert art.body[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    assert any(e.sub_event_type == "Non-violent transfer of territory" for e in art.events)
