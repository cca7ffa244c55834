"""Knowledge-base additions: news agencies, state bodies, the YPJ, Fatah Halab, Incirlik … are
recognised and linked by the default pipeline; a context alias names its entity only in stories
about its country."""

from __future__ import annotations

import pytest

from marsad.analyse.pipeline import default_pipeline
from marsad.knowledge.kb import load_kb
from marsad.model import Article, Entity


def _entities(body: str) -> list[Entity]:
    article = Article(source_path="t.txt", raw=body, body=body, published="2018-03-01")
    return default_pipeline()(article).entities


def _linked(body: str) -> set[tuple[str, str | None]]:
    return {(e.text, e.entity_id) for e in _entities(body)}


@pytest.mark.parametrize("body,text,eid", [
    ("قالت وحدات حماية المرأة الكردية إن مقاتلاتها صدت هجوما في منبج.", "وحدات حماية المرأة", "grp:ypj"),
    ("قالت ميليشيات الرضا إن عناصرها قتلوا في ريف حمص.", "ميليشيات الرضا", "grp:quwat-al-ridha"),
    ("قال مسؤول في جماعة أحمد جبريل إن مقاتليها يشاركون في معارك مخيم اليرموك.", "جماعة أحمد جبريل",
     "grp:pflp-gc"),
    ("أعلنت غرفة عمليات فتح حلب السيطرة على مواقع في حي جمعية الزهراء.", "غرفة عمليات فتح حلب", "grp:fatah-halab"),
    ("تصدت الدفاعات الجوية السورية لصواريخ أطلقت على ريف حمص.", "الدفاعات الجوية السورية", "grp:syrian-army"),
    ("وقال التلفزيون السوري الرسمي إن الحافلات غادرت حرستا.", "التلفزيون السوري الرسمي", "org:syrian-state-tv"),
    ("وأكدت وكالة إنترفاكس نقلا عن الجيش الروسي أن الحافلات وصلت.", "وكالة إنترفاكس", "org:interfax"),
    ("ونقلت وكالة الإعلام الروسية عن مصدر عسكري أن الضربات توقفت.", "وكالة الإعلام الروسية", "org:ria-novosti"),
    ("وقالت وكالة الأنباء الفرنسية إن القصف استمر.", "وكالة الأنباء الفرنسية", "org:afp"),
    ("وقالت خلية الإعلام الحربي إن طيران الجيش قصف مواقع لداعش في الأنبار.", "خلية الإعلام الحربي",
     "org:iraq-war-media-cell"),
    ("ودعت المحكمة الجنائية الدولية إلى التحقيق في الهجوم.", "المحكمة الجنائية الدولية", "org:icc"),
    ("وقال مدير وكالة المخابرات المركزية الأميركية إن الضربة كانت محدودة.", "وكالة المخابرات المركزية الأميركية",
     "org:cia"),
    ("ورحب مجلس التعاون الخليجي بالاتفاق.", "مجلس التعاون الخليجي", "org:gcc"),
    ("وأعلن حزب الفضيلة انسحابه من الجلسة في بغداد.", "حزب الفضيلة", "org:fadhila-party"),
    ("وانتقدت القوات اللبنانية تصريحات الوزير في بيروت.", "القوات اللبنانية", "org:lebanese-forces"),
])
def test_new_names_are_linked(body: str, text: str, eid: str) -> None:
    assert (text, eid) in _linked(body)


def test_a_facility_is_linked_with_its_coordinates() -> None:
    body = "وافقت تركيا على السماح للولايات المتحدة باستخدام قاعدة انجرليك الجوية لشن غارات على داعش."
    (fac,) = [e for e in _entities(body) if e.type == "FACILITY"]
    assert (fac.text, fac.entity_id) == ("قاعدة انجرليك الجوية", "fac:incirlik-air-base")
    assert fac.lat == pytest.approx(37.0, abs=0.05) and fac.lon == pytest.approx(35.43, abs=0.05)


def test_the_tiyas_air_base_by_another_name() -> None:
    body = "استهدفت غارات قاعدة التيفور الجوية في ريف حمص الشرقي."
    assert ("قاعدة التيفور الجوية", "fac:tiyas-air-base") in _linked(body)


def test_context_aliases_fire_in_their_country_only() -> None:
    syria = "وقال الدفاع المدني في إدلب إنه انتشل جثث الضحايا من تحت الأنقاض في سوريا."
    assert ("الدفاع المدني", "org:white-helmets") in _linked(syria)
    iraq = ("أعلنت مديرية الدفاع المدني في بغداد أن فرق الدفاع المدني انتشلت جثث الضحايا في الكرادة، "
            "وقالت وزارة الداخلية العراقية إن التحقيق جار في العراق.")
    assert not any(eid == "org:white-helmets" for _t, eid in _linked(iraq))
    lebanon = "قالت وزارة الخارجية والمغتربين في بيروت إن لبنان يرفض ذلك."
    assert not any(eid == "org:syria-mfa" for _t, eid in _linked(lebanon))
    syria_mfa = "قالت وزارة الخارجية والمغتربين في دمشق إن سوريا ترفض ذلك."
    assert ("وزارة الخارجية والمغتربين", "org:syria-mfa") in _linked(syria_mfa)


def test_the_iraqi_news_agency_span_leaves_out_the_descriptor() -> None:
    body = "وقالت وكالة الأنباء العراقية الرسمية إن البرلمان سيعقد جلسة طارئة في بغداد."
    assert ("وكالة الأنباء العراقية", "org:ina") in _linked(body)


def test_new_aliases_are_indexed_once() -> None:
    kb = load_kb()
    for alias, eid in [("وكالة أنباء الأناضول", "org:anadolu"), ("آسيان", "org:asean"),
                       ("محكمة الجنايات الدولية", "org:icc"), ("قوات بشار الأسد", "grp:syrian-army"),
                       ("مفوضية الأمم المتحدة السامية لشؤون اللاجئين", "org:unhcr")]:
        assert [e.id for e in kb.by_alias(alias)] == [eid]


@pytest.mark.parametrize("body", [
    "إن طائرات تابعة للتحالف بقيادة الولايات المتحدة الأميركية قصفت مواقع في شرق البلاد.",
    "وقصف التحالف بقيادة واشنطن مواقع لداعش في هجين.",
    "وقال التحالف الأمريكي إن الغارات مستمرة.",
])
def test_the_coalition_led_by_the_us_by_its_long_names(body: str) -> None:
    assert "grp:us-led-coalition" in {eid for _t, eid in _linked(body)}
