"""A one-word place that is also a common word ("الرمادي" = Ramadi / the grey) is geocoded when the
statistical tagger reads it as a place, a curated town of a country the article is about."""

from __future__ import annotations

from marsad.analyse.geocode import confirm_common_place
from marsad.model import Article, Entity


def _article(body: str, word: str, extra: list[Entity] = ()) -> tuple[Article, Entity]:
    a = Article(source_path="t.txt", raw=body, body=body)
    s = body.index(word)
    ent = Entity(text=word, start=s, end=s + len(word), type="LOCATION", source="ner")
    a.entities = [*extra, ent]
    return a, ent


def _iraq(body: str) -> Entity:
    s = body.index("العراق")
    return Entity(text="العراق", start=s, end=s + 6, type="LOCATION", entity_id="plc:iraq", source="gazetteer",
                  lat=33.0, lon=44.0, country="IQ")


def test_an_ner_place_that_is_a_common_word_gets_the_curated_town() -> None:
    body = "وقعت اشتباكات عنيفة في الرمادي غرب العراق."
    a, ent = _article(body, "الرمادي", [_iraq(body)])
    assert confirm_common_place(ent, a)
    assert ent.entity_id == "plc:ramadi" and ent.country == "IQ" and ent.lat is not None
    assert ent.attrs["geo_precision"] == 1 and ent.canonical_en == "Ramadi"


def test_not_in_a_country_the_article_is_not_about() -> None:
    body = "تجمع المحتجون في شارع الزهراء وسط العراق."
    a, ent = _article(body, "الزهراء", [_iraq(body)])  # al-Zahraa the town lies in Syria
    assert not confirm_common_place(ent, a) and ent.entity_id is None


def test_only_common_words_and_only_one_word() -> None:
    a, ent = _article("وصلت قوات إلى بلدة مجهولة.", "مجهولة")
    assert not confirm_common_place(ent, a)
    a, ent = _article("قصف على الرمادي الكبيرة.", "الرمادي الكبيرة")
    assert not confirm_common_place(ent, a)


def test_the_pipeline_geocodes_ramadi_without_a_type_word(nlp) -> None:
    a = nlp(Article(source_path="t.txt", raw="وقعت اشتباكات في الرمادي.", body="وقعت اشتباكات في الرمادي."))
    assert [(e.text, e.entity_id) for e in a.entities if e.type == "LOCATION"] == [("الرمادي", "plc:ramadi")]
    assert [e.location.text for e in a.events] == ["الرمادي"] and a.events[0].location.lat is not None


def test_the_colour_is_no_place(nlp) -> None:
    a = nlp(Article(source_path="t.txt", raw="ارتدى الرجل القميص الرمادي.", body="ارتدى الرجل القميص الرمادي."))
    assert not [e for e in a.entities if e.type == "LOCATION"]
