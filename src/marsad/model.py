"""The document model every stage shares (the spaCy ``Doc`` of Marsad).

An :class:`Article` is created by ingest, filled in by clean (title, outlet, byline, body …)
and annotated by the analyse components (sentences, tokens, entities, relations, events).
All offsets are Python string indices into ``Article.body``; ``body[start:end] == text``.
``to_contract()`` renders the stable JSON output described in docs/extraction-output.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    from marsad.text.normalize import NormalizedText

EntityType = Literal["PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY", "DATE", "QUANTITY"]
Modality = Literal["asserted", "claimed", "denied", "planned", "hypothetical"]
RelationType = Literal[
    "leader_of", "member_of", "part_of", "merged_with", "sponsored_by",
    "allied_with", "fights_against", "deployed_to", "met_with",
]
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY", "DATE", "QUANTITY")
RELATION_TYPES: tuple[str, ...] = (
    "leader_of", "member_of", "part_of", "merged_with", "sponsored_by",
    "allied_with", "fights_against", "deployed_to", "met_with",
)
MODALITIES: tuple[str, ...] = ("asserted", "claimed", "denied", "planned", "hypothetical")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Span:
    """A stretch of the body: ``body[start:end] == text``."""

    start: int
    end: int
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Token:
    """A word or punctuation token. ``norm`` is the matching form; ``prefix``/``stem`` split proclitics."""

    start: int
    end: int
    text: str
    norm: str
    prefix: str = ""  # normalised proclitics removed from the front (و ف ب ل ك ال لل …)
    stem: str = ""  # normalised form without those proclitics

    @property
    def is_word(self) -> bool:
        return any(ch.isalnum() for ch in self.text)


@dataclass(slots=True)
class Rejection:
    """An input that could not be turned into an article: reported as ``path: reason``."""

    source_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source_path}: {self.reason}"


@dataclass(slots=True)
class Outlet:
    id: str
    name: str  # Arabic name
    name_en: str | None = None
    country: str | None = None
    alignment: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en}


@dataclass(slots=True)
class Entity:
    """An entity mention linked (where possible) to one stable id."""

    text: str
    start: int
    end: int
    type: str
    entity_id: str | None = None
    canonical_ar: str | None = None
    canonical_en: str | None = None
    wikidata: str | None = None
    source: str = "kb"  # kb | gazetteer | ner | rule
    score: float = 1.0
    # places and facilities: coordinates and admin hierarchy when geocoded
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "type": self.type,
            "entity_id": self.entity_id, "canonical_ar": self.canonical_ar,
            "canonical_en": self.canonical_en, "wikidata": self.wikidata,
        }


@dataclass(slots=True)
class ArgRef:
    """An argument of a relation or event: surface text plus the linked entity id."""

    text: str
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "entity_id": self.entity_id}

    @classmethod
    def of(cls, ent: Entity) -> ArgRef:
        return cls(text=ent.text, entity_id=ent.entity_id, start=ent.start, end=ent.end)


@dataclass(slots=True)
class Relation:
    type: str
    head: ArgRef
    tail: ArgRef
    evidence: Span
    confidence: float = 0.8

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "head": self.head.to_dict(), "tail": self.tail.to_dict(),
            "evidence": {"start": self.evidence.start, "end": self.evidence.end},
        }


@dataclass(slots=True)
class Location:
    text: str
    start: int
    end: int
    name_en: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    geo_precision: int = 1
    place_id: str | None = None
    # a named town the gazetteer lacks, placed at the district it is said to be in (geo_precision 2): one
    # town for merging, not the district (not exported)
    situated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name_en": self.name_en,
            "lat": self.lat, "lon": self.lon, "admin1": self.admin1, "country": self.country,
            "geo_precision": self.geo_precision,
        }


@dataclass(slots=True)
class Event:
    event_type: str
    sub_event_type: str
    plover: str
    trigger: Span
    evidence: Span
    actor1: ArgRef | None = None
    actor2: ArgRef | None = None
    location: Location | None = None
    date: str | None = None
    time_precision: int | None = None
    fatalities: int | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type, "sub_event_type": self.sub_event_type, "plover": self.plover,
            "trigger": self.trigger.to_dict(),
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "location": self.location.to_dict() if self.location else None,
            "date": self.date, "time_precision": self.time_precision, "fatalities": self.fatalities,
            "modality": self.modality, "attributed_to": self.attributed_to,
            "evidence": {"start": self.evidence.start, "end": self.evidence.end},
            "confidence": round(float(self.confidence), 3),
        }


@dataclass
class Article:
    """One input article travelling through the pipeline."""

    source_path: str
    raw: str  # the decoded input exactly as read (never altered)
    raw_format: str = "txt"  # txt | html | jsonl
    body: str = ""
    title: str | None = None
    outlet: Outlet | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # hints from the reader (jsonl source, html meta …)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    _id_cache: tuple[str, str] | None = field(default=None, repr=False, compare=False)
    # what the store derives from the article (near-duplicate signature, search forms), computed
    # ahead of the single writer, e.g. in worker processes (see marsad.store.prepare)
    prep: Any = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        """sha256 of the cleaned body (cached while the body is unchanged)."""
        cached = self._id_cache
        if cached is not None and cached[0] is self.body:
            return cached[1]
        digest = sha256_hex(self.body)
        self._id_cache = (self.body, digest)
        return digest

    @property
    def raw_hash(self) -> str:
        return sha256_hex(self.raw)

    @cached_property
    def norm(self) -> NormalizedText:
        """The body normalised for matching, with an offset map back to ``body``."""
        from marsad.text.normalize import normalize

        return normalize(self.body)

    def sentence_of(self, offset: int) -> Span | None:
        """The sentence containing ``offset`` (binary search over ``sentences``)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_path": self.source_path,
            "title": self.title,
            "outlet": self.outlet.to_dict() if self.outlet else None,
            "byline": self.byline,
            "dateline": self.dateline,
            "published": self.published,
            "body": self.body,
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "events": [e.to_dict() for e in self.events],
        }
