"""Hand-built articles for the event and relation coder tests: entities placed by hand on a body
written for the test, sentences and tokens from the real text layer, relations extracted."""

from __future__ import annotations

from typing import Any

from marsad.analyse.relations import extract_relations
from marsad.model import Article, Entity
from marsad.text.tokens import split_sentences, tokenize

G, L, P, ORG, D = "ARMED_GROUP", "LOCATION", "PERSON", "ORGANIZATION", "DATE"


def loc(id_: str, admin1: str | None = "Deir ez-Zor", country: str = "SY", prec: int = 1,
        pt: str = "locality") -> dict[str, Any]:
    """Entity keyword arguments of a geocoded place."""
    return dict(entity_id=id_, attrs={"geo_precision": prec, "placetype": pt}, admin1=admin1, country=country,
                lat=35.0, lon=40.0)


def hand_article(body: str, spec: list[tuple[str, str, dict[str, Any]]],
                 published: str | None = "2019-03-10") -> Article:
    """``body`` with an entity at every non-overlapping occurrence of each ``(text, type, kwargs)``
    of ``spec`` (longest texts first), and its relations extracted."""
    a = Article("t.txt", body, body=body, published=published)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    ents = []
    taken: list[tuple[int, int]] = []
    for text, typ, kw in sorted(spec, key=lambda x: -len(x[0])):
        start = 0
        while (s := body.find(text, start)) >= 0:
            start = s + len(text)
            if any(s < e and a0 < s + len(text) for a0, e in taken):
                continue
            kw2 = dict(kw)
            attrs = kw2.pop("attrs", {})
            ents.append(Entity(text=text, start=s, end=s + len(text), type=typ, attrs=dict(attrs), **kw2))
            taken.append((s, s + len(text)))
    a.entities = sorted(ents, key=lambda e: e.start)
    a.relations = extract_relations(a)
    return a


def run_text(nlp: Any, text: str) -> Article:
    """``text`` run through a real pipeline as a one-paragraph article published on 2018-03-01."""
    return nlp(Article(source_path="t.txt", raw=text, body=text, published="2018-03-01"))


def relation_pairs(a: Article, typ: str) -> set[tuple[str, str]]:
    """(head text, tail text) of the article's relations of type ``typ``."""
    return {(r.head.text, r.tail.text) for r in a.relations if r.type == typ}


def either_pairs(a: Article, typ: str) -> set[tuple[str, str]]:
    """The pairs of a symmetric type (fights_against, allied_with, met_with), in both orders."""
    rels = relation_pairs(a, typ)
    return rels | {(t, h) for h, t in rels}


def event_tuples(a: Article) -> list[tuple[str, str, str | None, str | None]]:
    """(event type, sub-event type, actor1 id, actor2 id) of each coded event."""
    return [(e.event_type, e.sub_event_type, e.actor1.entity_id if e.actor1 else None,
             e.actor2.entity_id if e.actor2 else None) for e in a.events]


def event_rows(a: Article) -> list[tuple[str, str | None, str | None, str | None]]:
    """(sub-event type, actor1 text, actor2 text, location text) of each coded event."""
    return [(e.sub_event_type, e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None,
             e.location.text if e.location else None) for e in a.events]
