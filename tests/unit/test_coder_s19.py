"""Session 19: a fight told as background (history, no event of the news) still states who fights
whom; the event itself stays out of the article's events."""

from __future__ import annotations

import pytest

from marsad.analyse.events import code_events
from marsad.analyse.pipeline import default_pipeline
from marsad.model import Article

PAST_STRIKE = "وفي عام 2014 قصفت قوات النظام مواقع جيش الإسلام في دوما."


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline()


def _run(nlp, body: str, published: str | None = "2018-03-10") -> Article:
    return nlp(Article(source_path="t.txt", raw=body, body=body, published=published))


def _fights(a: Article) -> set[frozenset[str]]:
    return {frozenset((r.head.text, r.tail.text)) for r in a.relations if r.type == "fights_against"}


def test_a_background_strike_states_a_fight_but_is_no_event(nlp) -> None:
    a = _run(nlp, PAST_STRIKE)
    assert a.events == []
    assert _fights(a) == {frozenset(("قوات النظام", "جيش الإسلام"))}
    r = next(r for r in a.relations if r.type == "fights_against")
    assert r.evidence.text == PAST_STRIKE


def test_a_background_ambush_states_a_fight(nlp) -> None:
    a = _run(nlp, "وفي عام 2015 نصب مقاتلو جيش الإسلام كمينا لعناصر حزب الله في القلمون.")
    assert a.events == []
    assert _fights(a) == {frozenset(("جيش الإسلام", "حزب الله"))}


def test_code_events_hands_background_events_to_the_caller(nlp) -> None:
    a = _run(nlp, PAST_STRIKE)
    past: list = []
    assert code_events(a, past) == []
    assert [(e.sub_event_type, e.background) for e in past] == [("Shelling/artillery/missile attack", True)]


def test_a_news_strike_is_still_an_event(nlp) -> None:
    a = _run(nlp, "قصفت قوات النظام أمس مواقع جيش الإسلام في دوما.")
    assert [e.sub_event_type for e in a.events] == ["Shelling/artillery/missile attack"]
    assert _fights(a) == {frozenset(("قوات النظام", "جيش الإسلام"))}
