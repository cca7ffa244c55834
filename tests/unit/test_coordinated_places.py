"""An NER place that coordinates two names is split into the places it names, and a city quarter
that is also a common word is geocoded only where its sentence does not name a town far from it."""

from __future__ import annotations

import pytest

from marsad.analyse.geocode import confirm_common_place
from marsad.analyse.linker import split_coordinated
from marsad.model import Article, Entity, Span


def _ner(body: str, text: str) -> Entity:
    s = body.index(text)
    return Entity(text=text, start=s, end=s + len(text), type="LOCATION", source="ner", score=0.7)


def test_two_quarters_become_two_places() -> None:
    body = "والسيطرة على حيي الأشرفية والجميلية."
    parts = split_coordinated(_ner(body, "الأشرفية والجميلية"), body)
    assert [(p.text, body[p.start:p.end]) for p in parts] == [("الأشرفية", "الأشرفية"), ("الجميلية", "الجميلية")]
    assert all(p.source == "ner" and p.type == "LOCATION" and p.score == 0.7 for p in parts)


def test_a_part_the_gazetteer_does_not_know_is_dropped() -> None:
    body = "وقال إن معظمهم من الشيشان والعرب."
    assert [p.text for p in split_coordinated(_ner(body, "الشيشان والعرب"), body)] == ["الشيشان"]


@pytest.mark.parametrize("text", ["وادي بردى", "الرقة", "جسر الشغور"])
def test_names_without_a_definite_conjunct_stay_whole(text: str) -> None:
    body = f"وصلت القوات إلى {text} أمس."
    ent = _ner(body, text)
    assert split_coordinated(ent, body) == [ent]


def test_other_sources_and_types_stay_whole() -> None:
    body = "حزب العدالة والتنمية"
    ent = Entity(text=body, start=0, end=len(body), type="ORGANIZATION", source="ner")
    assert split_coordinated(ent, body) == [ent]
    gaz = Entity(text="الأشرفية والجميلية", start=0, end=18, type="LOCATION", source="gazetteer")
    assert split_coordinated(gaz, "الأشرفية والجميلية") == [gaz]


def _quarter_article(body: str, town: tuple[str, str, float, float] | None) -> tuple[Article, Entity]:
    a = Article(source_path="t.txt", raw=body, body=body, sentences=[Span(0, len(body))])
    ent = _ner(body, "الأشرفية")
    a.entities = [ent]
    if town:
        name, pid, lat, lon = town
        s = body.index(name)
        a.entities.insert(0, Entity(text=name, start=s, end=s + len(name), type="LOCATION", entity_id=pid,
                                    source="gazetteer", lat=lat, lon=lon, country="SY"))
    return a, ent


def test_a_quarter_of_aleppo_next_to_aleppo() -> None:
    a, ent = _quarter_article("اشتباكات في حي الأشرفية بمدينة حلب.", ("حلب", "plc:aleppo", 36.2, 37.15))
    assert confirm_common_place(ent, a) and ent.entity_id == "plc:ashrafiyeh-aleppo"


def test_no_quarter_of_aleppo_in_a_sentence_about_afrin() -> None:
    a, ent = _quarter_article("توغلت القوات داخل مدينة عفرين وسيطرت على حي الأشرفية.",
                              ("عفرين", "plc:afrin", 36.51, 36.87))
    assert not confirm_common_place(ent, a) and ent.entity_id is None


def test_a_sentence_without_a_town_says_nothing() -> None:
    a, ent = _quarter_article("اشتباكات عنيفة في حي الأشرفية.", None)
    assert confirm_common_place(ent, a) and ent.entity_id == "plc:ashrafiyeh-aleppo"


def test_the_pipeline_on_the_afrin_sentence(nlp) -> None:
    body = ('وأعلنت هيئة الأركان التركية في بيان صباح الأحد "توغلها داخل مدينة عفرين من المحورين الشرقي والغربي" '
            "والسيطرة على حيي الأشرفية والجميلية.")
    a = nlp(Article(source_path="t.txt", raw=body, body=body))
    places = [(e.text, e.entity_id) for e in a.entities if e.type == "LOCATION"]
    assert places[0] == ("عفرين", "plc:afrin")
    assert [t for t, _ in places[1:]] == ["الأشرفية", "الجميلية"]
    assert not any(i and i.endswith("aleppo") for _, i in places) and "plc:jamiliyeh" not in [i for _, i in places]


@pytest.mark.parametrize("body,name", [
    ("وقال الرئيس بشار الأسد إن الحرب انتهت.", "بشار الأسد"),
    ("ونقل الوفد للرئيس بشار الأسد رسالة.", "بشار الأسد"),
    ("وصل الجنرال قاسم سليماني إلى بغداد.", "قاسم سليماني"),
])
def test_a_kb_person_is_named_without_the_title_of_its_alias(nlp, body: str, name: str) -> None:
    a = nlp(Article(source_path="t.txt", raw=body, body=body))
    people = [(e.text, body[e.start:e.end]) for e in a.entities if e.type == "PERSON"]
    assert people == [(name, name)]
