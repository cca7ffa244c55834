"""The linker: overlap resolution, linking of NER-only names, stable ids for new names."""

from __future__ import annotations

import pytest

from marsad.analyse.linker import link, link_unknown, new_entity_id, resolve_overlaps
from marsad.analyse.pipeline import Resources
from marsad.model import Article, Entity


def _ent(body: str, text: str, etype: str, source: str, eid: str | None = None, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Entity(text, start, start + len(text), etype, eid, source=source)


def test_kb_beats_overlapping_ner_and_longer_wins() -> None:
    body = "قائد فيلق القدس التابع إلى الحرس الثوري الإيراني وصل بغداد"
    kb1 = _ent(body, "فيلق القدس", "ARMED_GROUP", "kb", "grp:irgc-quds-force")
    kb2 = _ent(body, "الحرس الثوري الإيراني", "ARMED_GROUP", "kb", "grp:irgc")
    kb_short = _ent(body, "الحرس الثوري", "ARMED_GROUP", "kb", "grp:irgc")
    ner = _ent(body, "قائد فيلق القدس", "ORGANIZATION", "ner")
    gz = _ent(body, "بغداد", "LOCATION", "gazetteer", "plc:baghdad")
    kept = resolve_overlaps([ner, kb_short, kb1, kb2, gz])
    assert [e.text for e in kept] == ["فيلق القدس", "الحرس الثوري الإيراني", "بغداد"]


def test_new_ids_are_stable_and_normalised() -> None:
    assert new_entity_id("PERSON", "خالد المجهولي") == new_entity_id("PERSON", "خالِد المجهولي")
    assert new_entity_id("PERSON", "خالد المجهولي") != new_entity_id("ORGANIZATION", "خالد المجهولي")
    assert new_entity_id("PERSON", "خالد المجهولي").startswith("new:PERSON:")


@pytest.mark.parametrize("body", [
    "التقى خالد المجهولي بالوفد. وقال المجهولي إن الوضع خطير.",
    # the surname first: longer unknown names are linked first, so it still joins the full name
    "وصل المجهولي إلى أربيل. وكان خالد المجهولي قد زار بغداد.",
])
def test_ner_only_person_gets_candidate_id_and_coreference(body: str) -> None:
    full = _ent(body, "خالد المجهولي", "PERSON", "ner")
    short = _ent(body, "المجهولي", "PERSON", "ner", nth=1 if body.index("خالد") < body.index("المجهولي") else 0)
    art = Article(source_path="x", raw=body, body=body, entities=sorted([full, short], key=lambda e: e.start))
    link(art, Resources())
    ids = {e.text: e.entity_id for e in art.entities}
    assert ids["خالد المجهولي"] == ids["المجهولي"] == new_entity_id("PERSON", "خالد المجهولي")


def test_invalid_spans_dropped() -> None:
    body = "نص قصير"
    bad = Entity("غير موجود", 0, 9, "PERSON", source="ner")
    art = Article(source_path="x", raw=body, body=body, entities=[bad])
    link(art, Resources())
    assert art.entities == []


def test_new_id_keys_on_given_text() -> None:
    e = Entity("وحركة الأبدال", 0, 13, "ORGANIZATION", source="ner")
    link_unknown(e, [], None)
    # the NER component strips proclitics from its spans; the linker keys on the text as given,
    # but still finds the KB entry or an in-article antecedent through the proclitic analyses
    assert e.entity_id == new_entity_id("ORGANIZATION", "وحركة الأبدال")


def test_unknown_org_with_armed_cue_becomes_armed_group() -> None:
    body = "وصل عشرات العناصر من كتيبة أبو حيدرة الفدائي إلى سوريا، وأعلنت جمعية الهلال الخيري."
    unit = _ent(body, "كتيبة أبو حيدرة الفدائي", "ORGANIZATION", "ner")
    charity = _ent(body, "جمعية الهلال الخيري", "ORGANIZATION", "ner")
    art = Article(source_path="x", raw=body, body=body, entities=[unit, charity])
    link(art, Resources())
    types = {e.text: e.type for e in art.entities}
    assert types == {"كتيبة أبو حيدرة الفدائي": "ARMED_GROUP", "جمعية الهلال الخيري": "ORGANIZATION"}
    assert art.entities[0].entity_id == new_entity_id("ARMED_GROUP", "كتيبة أبو حيدرة الفدائي")



# ---------------------------------------------------------------- NER places that are ordinary words
def _ner_place(body: str, word: str):
    from marsad.model import Entity

    start = body.index(word)
    return Entity(word, start, start + len(word), "LOCATION", source="ner")


def test_ordinary_words_tagged_as_places_by_ner_are_dropped():
    from marsad.analyse.linker import _common_word_place

    body = "فكان صاحب قرار الإعدام في مشهد موغل في طائفيته، وقال اليوم إن القصف طال الريف الشرقي."
    for word in ("مشهد", "اليوم", "الريف"):
        assert _common_word_place(_ner_place(body, word), body), word


def test_a_type_word_keeps_the_place_and_other_sources_are_untouched():
    from marsad.analyse.linker import _common_word_place
    from marsad.model import Entity

    body = "وزار الرئيس مدينة مشهد ثم عاد إلى الرياض."
    assert not _common_word_place(_ner_place(body, "مشهد"), body)
    assert not _common_word_place(_ner_place(body, "الرياض"), body)  # a city, not in the list
    start = body.index("مشهد")
    assert not _common_word_place(Entity("مشهد", start, start + 4, "LOCATION", source="gazetteer"), body)


def test_the_pipeline_no_longer_places_an_event_in_a_scene():
    from marsad.analyse.pipeline import default_pipeline
    from marsad.model import Article

    text = "فكان صاحب قرار إعدام صدام حسين صبيحة عيد الأضحى المبارك في مشهد موغل في طائفيته."
    art = default_pipeline()(Article(source_path="t.txt", raw=text, body=text))
    assert not [e for e in art.entities if e.type == "LOCATION" and e.text == "مشهد"]
    assert all(ev.location is None or ev.location.text != "مشهد" for ev in art.events)
