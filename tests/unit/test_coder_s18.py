"""Session 18: a clause that goes on from a dated one ("… بنهاية 2013، ومن ثم بمعارك …") is told in that
clause's time, and common nouns the tagger reads as names on their own are no entities."""

from __future__ import annotations

import pytest

from marsad.model import Article

HISTORY = ("وظهر اسم الميليشيا لأول مرة عند مشاركتهم في عمليات الهجوم على داريا بنهاية 2013، ومن ثم بمعارك "
           "“أوتستراد” دمشق – درعا الدولي قرب حي القدم.")


def _run(nlp, body: str, published: str | None = "2018-10-01") -> Article:
    return nlp(Article(source_path="t.txt", raw=body, body=body, published=published))


def test_a_sequel_clause_of_a_past_year_is_background(nlp) -> None:
    assert _run(nlp, HISTORY).events == []


def test_a_sequel_clause_with_its_own_recent_date_is_news(nlp) -> None:
    a = _run(nlp, "سيطر التنظيم على الموصل عام 2014، ثم اندلعت اشتباكات عنيفة في الرمادي أمس.")
    assert [(e.sub_event_type, e.location.text) for e in a.events] == [("Armed clash", "الرمادي")]


def test_without_the_connector_the_clause_keeps_its_own_time(nlp) -> None:
    a = _run(nlp, "شاركت الميليشيا في الهجوم على داريا بنهاية 2013، واندلعت اشتباكات عنيفة في الرمادي.")
    assert [e.location.text for e in a.events if e.sub_event_type == "Armed clash"] == ["الرمادي"]


def test_undated_articles_are_not_judged(nlp) -> None:
    assert _run(nlp, HISTORY, published=None).events  # no publication year: no background


@pytest.mark.parametrize("word", ["“أوتستراد”", "“منظمة”"])
def test_a_quoted_common_noun_is_no_entity(nlp, word: str) -> None:
    a = _run(nlp, f"ومن ثم بمعارك {word} دمشق – درعا الدولي قرب حي القدم.")
    assert word.strip("“”") not in [e.text for e in a.entities]


def test_a_battle_with_the_regime_as_a_government_states_a_fight(nlp) -> None:
    a = _run(nlp, "والمعارك مستمرة بين داعش والنظام السوري في ريف حمص الشرقي منذ أيام.")
    assert ("fights_against", "grp:isis", "org:syria-government") in {
        (r.type, *sorted((r.head.entity_id, r.tail.entity_id))) for r in a.relations}


def test_a_state_that_strikes_a_group_fights_it(nlp) -> None:
    a = _run(nlp, "قصفت تركيا مواقع لوحدات حماية الشعب في ريف حلب الشمالي أمس.")
    pairs = {(r.type, *sorted((r.head.text, r.tail.text))) for r in a.relations}
    assert ("fights_against", *sorted(("تركيا", "وحدات حماية الشعب"))) in pairs


def test_a_ministry_is_no_fighting_party(nlp) -> None:
    a = _run(nlp, "وقالت وزارة الصحة إن قصفا استهدف مستشفى في دوما أمس.")
    assert not [r for r in a.relations if r.type == "fights_against"]


@pytest.mark.parametrize("place", ["محافظة كرمانشاه", "مدينة بنغازي"])
def test_a_foreign_place_after_its_type_word_is_an_event_place(nlp, place: str) -> None:
    a = _run(nlp, f"قتل ثلاثة جنود خلال اشتباكات اندلعت في {place} أمس.")
    assert len(a.events) == 1 and place.split()[-1] in a.events[0].location.text
    assert a.events[0].location.lat is not None


def test_a_foreign_capital_as_a_speaker_is_no_event_place(nlp) -> None:
    a = _run(nlp, "وقالت أنقرة إن اشتباكات اندلعت في عفرين أمس.")
    assert [e.location.text for e in a.events] == ["عفرين"]


def test_the_helicopters_of_a_syrian_story_are_the_regime_air_force(nlp) -> None:
    a = _run(nlp, "قصف الطيران المروحي بالبراميل المتفجرة مناطق في مدينة تلبيسة بريف حمص الشمالي أمس.")
    assert [(e.sub_event_type, e.actor1 and e.actor1.entity_id) for e in a.events] == [
        ("Air/drone strike", "grp:syrian-air-force")]


def test_regime_aircraft_aliases(nlp) -> None:
    a = _run(nlp, "استهدفت طائرات النظام المروحية بلدة كفرزيتا بريف حماة أمس.")
    assert "grp:syrian-air-force" in {e.entity_id for e in a.entities}


def test_the_expelled_group_is_no_actor(nlp) -> None:
    a = _run(nlp, "ثم دخلت القوات إلى عفرين السورية بهدف طرد مقاتلي وحدات حماية الشعب الكردية.")
    assert not [e for e in a.events if e.actor1 is not None and e.actor1.entity_id == "grp:ypg"]


def test_the_side_a_front_faces_is_no_actor(nlp) -> None:
    a = _run(nlp, "كما تعهدت بإخلاء جميع مواقعها على جبهات تنظيم داعش، وتسليم جميع مقراتها في مدينة اعزاز "
                  "الواقعة بريف حلب الشمالي للجبهة الشامية.")
    assert not [e for e in a.events if e.actor1 is not None and e.actor1.entity_id == "grp:isis"]


def test_a_foreign_government_addressed_in_a_battle_sentence_is_fought_by_no_one(nlp) -> None:
    a = _run(nlp, "ناشد والد شابة بريطانية قضت في مدينة عفرين أثناء مشاركتها في القتال في صفوف وحدات حماية المرأة "
                  "الكردية، الحكومة البريطانية المساعدة لإعادة جثمان ابنته.")
    assert not [r for r in a.relations if r.type == "fights_against" and "org:uk-government" in
                (r.head.entity_id, r.tail.entity_id)]


def test_where_fighters_come_from_is_no_event_place(nlp) -> None:
    a = _run(nlp, "وأشارت الصحيفة إلى حدوث 3 عمليات تبادل بين سوريا الديمقراطية وداعش، الأولى في فبراير شملت 200 مسلح، "
                  "معظمهم من الشيشان والعرب.")
    assert a.events and all(e.location is None or e.location.text != "الشيشان" for e in a.events)


@pytest.mark.parametrize("body", [
    "وقتل عشرات المدنيين في غارات سابقة على مدينة دوما.",
    "وتعرضت مدينة دوما لهجمات سابقة بالغازات السامة.",
    "وشارك الحزب في معارك سابقة في الزبداني.",
])
def test_earlier_events_as_a_class_are_no_event(nlp, body: str) -> None:
    assert _run(nlp, body).events == []


def test_the_same_noun_without_the_adjective_is_an_event(nlp) -> None:
    assert _run(nlp, "وقتل عشرات المدنيين في غارات على مدينة دوما.").events
