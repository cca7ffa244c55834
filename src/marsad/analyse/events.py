"""The ACLED-style event coder (pipeline component ``events``).

For every sentence: trigger cues from ``knowledge/data/event_triggers.yaml`` (taxonomy in
``taxonomy.yaml``) → context checks → arguments (actor1/actor2 from linked entities, the most specific
place, the date, fatalities) → modality and attribution (:mod:`marsad.analyse.modality`) → one
:class:`CodedEvent` per real-world event per article (repeated mentions merged).

Public API: :func:`code_events` ``(article) -> list[CodedEvent]``, :func:`load_taxonomy`,
:func:`sub_event_info` ``(sub_event_type) -> SubEventInfo``; the component ``events`` sets
``article.events``.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from datetime import date as _date
from functools import cache, lru_cache
from typing import Any

from marsad.analyse.cues import (
    OTHER_SIDE,
    SIDE_WORDS,
    CueMatch,
    Pattern,
    TokenView,
    article_sentences,
    article_view,
    compile_list,
    find_cues,
    grammar_words,
    in_brackets,
    load_data,
)
from marsad.analyse.geocode import COUNTRY_TYPES, load_phrases, place_precision
from marsad.analyse.modality import attribution_of, modality_of, sources_of
from marsad.analyse.modality import cues as modality_cues
from marsad.analyse.pipeline import Resources, component
from marsad.analyse.relations import (
    PLACE_ANAPHORS,
    group_anaphors,
    is_capital,
    most_named_town,
    person_groups,
    sports_page,
    state_capitals,
)
from marsad.knowledge.gazetteer import haversine_km
from marsad.model import ArgRef, Article, Entity, Event, Location, Relation, Span
from marsad.text.normalize import normalize_key
from marsad.text.tokens import strip_clitics

ACTOR_TYPES = ("ARMED_GROUP", "ORGANIZATION", "PERSON")
PLACE_TYPES = ("LOCATION", "FACILITY")
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots")
# event types, sub-event types and trigger families coded once per place when a list of places is named
# (see code_events): "فرض طوق أمني على مدينتي الرمادي والفلوجة" is a siege of each
SPLIT_BY_PLACE = frozenset({*VIOLENT_TYPES, "Protests", "Arrests", "Looting/property destruction", "siege"})
# sub-event types an article rarely tells twice: their mentions at compatible places (the town, its area,
# the country) are one event, whoever is named (a chemical attack is reported, accused and condemned)
SINGULAR_SUB_TYPES = frozenset({"Chemical weapon"})
# the modality such an event keeps from its mentions, in this order of preference: one disputed mention
# makes it claimed
SINGULAR_MODALITY = ("claimed", "asserted", "denied", "planned", "hypothetical")
MODALITY_FACTOR = {"asserted": 1.0, "claimed": 0.85, "planned": 0.8, "denied": 0.7, "hypothetical": 0.6}


@cache
def _word_set(key: str) -> frozenset[str]:
    """A plain word list of ``event_triggers.yaml`` (normalised; read once). The grammatical lists
    below are commented there."""
    return frozenset(normalize_key(str(w)) for w in load_data("event_triggers.yaml").get(key) or [])


REGION_WORDS = _word_set("region_words")
DIRECTION_ADJ = _word_set("direction_adj")
DATE_WINDOW_CHARS = 120  # a date farther from the trigger in a long sentence belongs to another clause
SELF_REPORT_CHARS = 80  # "أعلنت ميليشيا X … عن اندماجها": the announcer acts when the trigger follows closely
COMPLEMENTIZERS = grammar_words("complementizers")
HEDGES = _word_set("hedges")
TEMPORAL_ANNA = _word_set("temporal_anna")
# triggers whose purpose-لـ reading ("لاقتحامها", "لاستعادة السيطرة") is an aim, not an event
PURPOSE_FAMILIES = frozenset({"clash", "territory", "merger", "withdrawal"})  # "يسافرون للانضمام إلى صفوف التنظيم": an aim
ADMIN_WORDS = _word_set("admin_words")


# ------------------------------------------------------------------------------------ taxonomy
@dataclass(frozen=True, slots=True)
class SubEventInfo:
    event_type: str
    sub_event_type: str
    plover: str
    disorder_type: str


@lru_cache(maxsize=1)
def load_taxonomy() -> dict[str, SubEventInfo]:
    """sub_event_type → its event type, default PLOVER root and disorder type."""
    out: dict[str, SubEventInfo] = {}
    for et in load_data("taxonomy.yaml")["event_types"]:
        for sub in et["sub_event_types"]:
            out[sub["name"]] = SubEventInfo(et["name"], sub["name"], sub["plover"], sub["disorder_type"])
    return out


def sub_event_info(sub_event_type: str) -> SubEventInfo:
    return load_taxonomy()[sub_event_type]


# ----------------------------------------------------------------------------------- the event
@dataclass(slots=True)
class CodedEvent(Event):
    """An :class:`Event` plus the extra contract fields ``places``, ``disorder_type`` and bookkeeping."""

    places: list[Location] = field(default_factory=list)
    disorder_type: str | None = None
    family: str = ""
    mentions: int = 1
    definite: bool = False  # the trigger carries the article ("الاجتماع"): refers back to a known event
    generic: bool = False  # coded from a vague cue ("هجوم")
    also_at: list[Location] = field(default_factory=list)  # "في قضاء بلدروز والمقدادية": one event per town
    background: bool = False  # history told as background: no event of the news, but it states who fights whom
    shifted: bool = False  # told after "في وقت سابق", "في حادث منفصل": another event, never a back-reference
    listed: frozenset[int] = frozenset()  # trigger offsets of the place lists it was split from (see merge_events)

    def to_dict(self) -> dict[str, Any]:
        d = Event.to_dict(self)
        d["disorder_type"] = self.disorder_type
        d["places"] = [p.to_dict() for p in self.places]
        return d


# ------------------------------------------------------------------------------- trigger rules
@dataclass(frozen=True)
class Trigger:
    id: str
    sub_event_type: str
    plover: str | None
    weight: float
    priority: int
    requires: str
    actor2_from: str | None
    genitive: str | None
    by_actor_kind: dict[str, str] | None
    with_any: list[tuple[Pattern, Any]]
    without_any: list[tuple[Pattern, Any]]
    not_before: list[tuple[Pattern, Any]]
    not_after: list[tuple[Pattern, Any]]
    refine: list[tuple[list[tuple[Pattern, Any]], str, str | None]]
    generic: bool = False  # a vague violent cue, dropped when its sentence codes a specific one
    after_any: list[tuple[Pattern, Any]] = field(default_factory=list)  # one must stand in the 3 words after
    # what the verb took, when it is none of this (5 words after, in its clause): "استعاد الهلال توازنه"
    not_object: list[tuple[Pattern, Any]] = field(default_factory=list)
    # the word right before the trigger, when it is one of these ("مذكرة توقيف": a warrant)
    not_right_before: list[tuple[Pattern, Any]] = field(default_factory=list)
    # the cue is a clause (a verb with its subject or object: "أطلقت نيرانها على المحتجين"), never a
    # definite noun phrase pointing back to an event already told, whatever ال its object carries
    clause: bool = False
    # the sub-event type when actor2 is an armed group ("قتل عنصر من الحشد برصاص مسلحين": ACLED codes
    # violence against armed actors as battles, not as violence against civilians)
    armed_target: str | None = None


@dataclass(frozen=True)
class Rules:
    triggers: list[Trigger]
    patterns: list[tuple[Pattern, Trigger]]
    light_verbs: list[tuple[Pattern, Any]]
    purpose: list[tuple[Pattern, Any]]
    actor_not_after: frozenset[str]
    fillers: frozenset[str]
    casualty_words: frozenset[str]
    victim_frames: frozenset[str]
    concessives: frozenset[str]
    target_words: frozenset[str]
    campaign_starts: frozenset[str]
    position_words: frozenset[str]
    attempts: list[tuple[Pattern, Any]]
    holder_words: frozenset[str]
    nationality_gaps: list[tuple[Pattern, Any]] = field(default_factory=list)
    place_not_after: frozenset[str] = frozenset()
    contrast_words: list[tuple[Pattern, Any]] = field(default_factory=list)
    responsibility: list[tuple[Pattern, Any]] = field(default_factory=list)


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = load_data("event_triggers.yaml")
    tax = load_taxonomy()
    triggers: list[Trigger] = []
    patterns: list[tuple[Pattern, Trigger]] = []
    for e in data["triggers"]:
        if e["sub_event_type"] not in tax:
            raise ValueError(f"event_triggers.yaml: unknown sub_event_type {e['sub_event_type']!r}")
        refine = []
        for r in e.get("refine") or []:
            if r["sub_event_type"] not in tax:
                raise ValueError(f"event_triggers.yaml: unknown sub_event_type {r['sub_event_type']!r}")
            refine.append((compile_list(r["with_any"]), r["sub_event_type"], r.get("plover")))
        for v in [*(e.get("by_actor_kind") or {}).values(), *([e["armed_target"]] if e.get("armed_target") else [])]:
            if v not in tax:
                raise ValueError(f"event_triggers.yaml: unknown sub_event_type {v!r}")
        t = Trigger(
            id=e["id"], sub_event_type=e["sub_event_type"], plover=e.get("plover"),
            weight=float(e.get("weight", 0.7)), priority=int(e.get("priority", 0)),
            requires=e.get("requires", "actor_or_place"), actor2_from=e.get("actor2_from"),
            genitive=e.get("genitive"),
            by_actor_kind=e.get("by_actor_kind"),
            with_any=compile_list(e.get("with_any") or []), without_any=compile_list(e.get("without_any") or []),
            not_before=compile_list(e.get("not_before") or []), not_after=compile_list(e.get("not_after") or []),
            refine=refine, generic=bool(e.get("generic", False)), after_any=compile_list(e.get("after_any") or []),
            clause=bool(e.get("clause", False)), armed_target=e.get("armed_target"),
            not_object=compile_list(e.get("not_object") or []),
            not_right_before=compile_list(e.get("not_right_before") or []),
        )
        triggers.append(t)
        patterns.extend((p, t) for p, _ in compile_list(e["patterns"]))
    return Rules(triggers, patterns, compile_list(data.get("light_verbs") or []),
                 compile_list(data.get("purpose_words") or []),
                 frozenset(normalize_key(w) for w in data.get("actor_not_after") or []),
                 frozenset(normalize_key(w) for w in data.get("filler_words") or []),
                 frozenset(normalize_key(w) for w in data.get("casualty_words") or []),
                 frozenset(normalize_key(w) for w in data.get("victim_frames") or []),
                 frozenset(normalize_key(w) for w in data.get("concessives") or []),
                 frozenset(normalize_key(w) for w in data.get("target_words") or []),
                 frozenset(normalize_key(w) for w in data.get("campaign_starts") or []),
                 frozenset(normalize_key(w) for w in data.get("position_words") or []),
                 compile_list(data.get("attempt_words") or []),
                 frozenset(normalize_key(w) for w in data.get("holder_words") or []),
                 compile_list(data.get("nationality_gap_words") or []),
                 frozenset(normalize_key(w) for w in data.get("place_not_after") or []),
                 compile_list(data.get("contrast_words") or []),
                 compile_list(data.get("responsibility_words") or []))


# ---------------------------------------------------------------------------------- knowledge
@lru_cache(maxsize=1)
def _kb() -> Any:
    try:
        from marsad.knowledge.kb import load_kb
    except ImportError:
        return None
    try:
        return load_kb()
    except Exception:  # a broken/partial KB must not stop event coding
        return None


def _kb_get(entity_id: str | None) -> Any:
    kb = _kb()
    if kb is None or not entity_id:
        return None
    try:
        return kb.get(entity_id)
    except Exception:
        return None


def actor_kind(ent: Entity | ArgRef) -> str | None:
    """The KB kind of an armed group (state_force, militia, …), from the entity or the KB; for a person
    whose KB role is in a government ("بشار الأسد": the presidency), "government"."""
    kind = getattr(ent, "attrs", {}).get("kind") if isinstance(ent, Entity) else None
    if kind:
        return str(kind)
    kbe = _kb_get(ent.entity_id)
    kind = getattr(kbe, "kind", None) if kbe is not None else None
    if kind is None and str(ent.entity_id or "").startswith("per:"):
        for role in getattr(kbe, "roles", None) or []:
            org = _kb_get(role.get("org") if isinstance(role, dict) else getattr(role, "org", None))
            if getattr(org, "kind", None) == "government":
                return "government"
    return kind


def person_group(ent: Entity) -> ArgRef | None:
    """The armed group a person leads or belongs to, from KB roles."""
    kbe = _kb_get(ent.entity_id)
    roles = getattr(kbe, "roles", None) or []
    for role in roles:
        org = role.get("org") if isinstance(role, dict) else getattr(role, "org", None)
        if org and str(org).startswith("grp:"):
            g = _kb_get(org)
            name = getattr(g, "name_ar", None) if g is not None else None
            return ArgRef(text=name or ent.text, entity_id=org, start=ent.start, end=ent.end)
    return None


def _fatalities(text: str) -> int | None:
    try:
        from marsad.text.numbers import find_fatalities
    except ImportError:
        return None
    try:
        return find_fatalities(text)
    except Exception:
        return None


# ----------------------------------------------------------------------------------- entities
@dataclass(slots=True)
class _Ent:
    ent: Entity
    i: int  # first word index
    j: int  # end word index (exclusive)


GLUED_CONJUNCTIONS = frozenset({"و", "وال", "ف", "فال"})


def _agent_lam(view: TokenView, i: int, e: Entity) -> bool:
    """"في هجوم لداعش": a group glued to لـ right after an attack noun (``agent_lam_nouns``) is its author."""
    return (e.type == "ARMED_GROUP" and view.tokens[i].prefix == "ل" and i >= 1
            and view.tokens[i - 1].norm in _word_set("agent_lam_nouns"))


def _resolved_entities(article: Article, view: TokenView) -> list[_Ent]:
    """Entities with word indices; overlaps resolved (longest span wins) if "link" has not done it."""
    ents = sorted(article.entities, key=lambda e: (e.start, -(e.end - e.start)))
    out: list[_Ent] = []
    last_end = -1
    for e in ents:
        if e.start < last_end:
            continue
        i, j = view.index_range(e.start, e.end)
        if j <= i:
            # a one-word name glued to a conjunction ("والمقدادية", "وداعش") is that word; one glued to a
            # preposition ("لإيران", "بإدلب") is left out as before (tried in session 4: more false actors)
            i, j = view.entity_range(e.start, e.end)
            # (what stands before the name, not the word's proclitics: "وكفريا" is و + كفريا, not وك + فريا)
            if j <= i or not (normalize_key(article.body[view.tokens[i].start:e.start]) in GLUED_CONJUNCTIONS
                              or _agent_lam(view, i, e)):
                continue
            out.append(_Ent(e, i, j))
            last_end = e.end
            continue
        if i > 0 and view.tokens[i - 1].start < e.start < view.tokens[i - 1].end:
            i -= 1  # "مواقع لحزب الله": the name starts inside its first word, after the proclitic
        out.append(_Ent(e, i, j))
        last_end = e.end
    return _with_anaphors(article, view, out)


def _with_anaphors(article: Article, view: TokenView, ents: list[_Ent]) -> list[_Ent]:
    """``ents`` with the bare definite group nouns that stand for a group named before ("وشنت الجبهة
    هجوما": :func:`marsad.analyse.relations.group_anaphors`). Only for event arguments: gold and output
    entities keep names only."""
    extra = [_Ent(e, k, k + 1) for e, k in group_anaphors(view, [(e.ent, e.i, e.j) for e in ents])]
    return sorted(ents + extra, key=lambda e: e.i) if extra else ents


THEATRE_COUNTRIES = frozenset({"SY", "IQ", "LB"})
PREPOSITIONS = _word_set("prepositions")
RELATIVES = grammar_words("relative_pronouns")
SUBJECT_OPENERS = grammar_words("subject_openers")
ALONGSIDE_WORDS = grammar_words("alongside_words")
SELF_COMPLEMENTIZERS = _word_set("self_complementizers")


def _foreign(e: Entity) -> bool:
    """A place outside the theatre (Syria, Iraq, Lebanon): "أنقرة", "واشنطن" are capitals speaking or
    acting far more often than event locations, so they need a locative like countries do. (Not a town the
    gazetteer lacks, placed by the text in a known place: "متحف باردو بالعاصمة تونس" is where it happened.)"""
    if "situated_in" in e.attrs:
        return False
    c = (e.country or "").upper()
    return len(c) == 2 and c not in THEATRE_COUNTRIES


def _is_country(e: Entity) -> bool:
    return str(e.attrs.get("placetype") or "").lower() in COUNTRY_TYPES


def _anaphor_object(view: TokenView, m: CueMatch, hi: int) -> str | None:
    """The place anaphor ("المدينة", "البلدة") that is the trigger's object, right after it or after one
    preposition ("هجوم على المدينة", "استهدف القصف البلدة"), else None."""
    for k in range(m.j, min(hi, m.j + 2)):
        norm = view.tokens[k].norm
        if norm in PLACE_ANAPHORS:
            return norm
        if norm not in PREPOSITIONS:
            return None
    return None


def _last_town(article: Article, view: TokenView, named: list[_Ent], lo: int, kind: str) -> Location | None:
    """The town named before word ``lo`` right after its type word ``kind`` ("مدينة دوما", "بمدينة دوما"
    for المدينة) that the article is about (:func:`marsad.analyse.relations.most_named_town`)."""
    before = [e for e in named if 0 < e.i < lo and e.ent.type in PLACE_TYPES]
    locs: dict[int, Location] = {}

    def town_level(n: int) -> bool:
        locs[n] = _location_of(article, view, before[n])
        return locs[n].geo_precision == 1

    n = most_named_town(view, [(e.ent.entity_id or normalize_key(e.ent.text), e.i) for e in before], kind, town_level)
    if n is not None:
        return locs[n]
    # no town named before, only countries if any: the town the title names
    return _title_town(article, view, named) if all(_is_country(e.ent) for e in before) else None


def _title_town(article: Article, view: TokenView, named: list[_Ent]) -> Location | None:
    """The town the title names, when the body points back to a town it has not introduced (title
    "نيران الغضب تلتهم القنصلية الإيرانية في البصرة", body "اقتحم متظاهرون القنصلية … في المدينة"): its
    first mention in the body, if the body names it and it is a town."""
    title = normalize_key(article.title or "")
    if not title:
        return None
    padded = f" {title} "
    for e in named:
        if e.ent.type not in PLACE_TYPES:
            continue
        key = normalize_key(e.ent.text)
        if key and (f" {key} " in padded or f" ال{key} " in padded):  # "الموصل" for a body's "موصل" after لل
            loc = _location_of(article, view, e)
            return loc if loc.geo_precision == 1 else None
    return None


AREA_WORDS = _word_set("area_words")
LOCATIVES = _word_set("locatives")


def _locative(view: TokenView, p: _Ent) -> bool:
    """A country is a place only after a locative ("في سوريا", "إلى الأراضي السورية", "بالعراق"),
    not as an actor ("بقيادة الولايات المتحدة", "بدأتها تركيا"); a glued ب is what stands before the
    name, not a letter of it ("وبريطانيا")."""
    i = p.i
    tok = view.tokens[i]
    if tok.start < p.ent.start < tok.end and normalize_key(tok.text[: p.ent.start - tok.start]).endswith(("ب", "بال")):
        return True
    for k in (i - 1, i - 2, i - 3):
        if k < 0 or view.clause[k] != view.clause[i]:
            break
        if view.tokens[k].norm in LOCATIVES or any(
                pre.endswith("ب") and stem in AREA_WORDS for pre, stem, _ in view.forms[k][1:2]):
            return True
        if view.tokens[k].norm not in AREA_WORDS:
            break
    return False


def _orig_after_prefix(article: Article, tok_start: int, tok_end: int, prefix: str, stem: str) -> int:
    cand = tok_start + len(prefix)
    if normalize_key(article.body[cand:tok_end]) == stem:
        return cand
    return tok_start


def _bracketed(body: str, a: int, b: int) -> bool:
    """A bracket between two words ("أسلمة الغرب (بيغيدا)"): they make no region phrase together."""
    return any(ch in "()[]{}" for ch in body[a:b])


def _preposed(prefix: str) -> bool:
    """A proclitic preposition (ب ل ك) in the part of a word before a name ("بـ" of "بريف دمشق"),
    the article aside ("بال", "لل", "وب")."""
    if prefix.endswith("لل"):
        return True
    return any(c in prefix.removesuffix("ال") for c in "بلك")


def _location_of(article: Article, view: TokenView, pe: _Ent) -> Location:
    """A Location for a place entity, widened to a region phrase ("ريف حلب الشرقي") when one surrounds it."""
    e = pe.ent
    start, end, prec = e.start, e.end, place_precision(e)
    k = pe.i - 1
    body = article.body
    # "ريف حلب", "شرقي سوريا": a construct; never with a definite head ("القلمون الشرقي بريف دمشق": the
    # adjective of the place before) nor across a preposition glued to the place
    if (k >= 0 and view.clause[k] == view.clause[pe.i] and not _bracketed(body, view.tokens[k].end, start)
            and not _preposed(normalize_key(body[view.tokens[pe.i].start:start]))):
        for pre, stem, _ in view.forms[k]:
            if stem in REGION_WORDS and not pre.endswith(("ال", "لل")):
                tok = view.tokens[k]
                start = _orig_after_prefix(article, tok.start, tok.end, pre, stem)
                prec = 3 if stem in ADMIN_WORDS and prec == 3 else max(2, min(prec, 2))
                if stem in ADMIN_WORDS:
                    prec = max(prec, place_precision(e))
                break
    if (pe.j < len(view) and view.tokens[pe.j].norm in DIRECTION_ADJ and view.clause[pe.j] == view.clause[pe.j - 1]
            and not _bracketed(body, end, view.tokens[pe.j].start)):
        end = view.tokens[pe.j].end
        prec = max(prec, 2)
    if sum(body[start:end].count(q) for q in '"«»“”') % 2 and end < len(body) and body[end] in '"»”':
        end += 1  # 'منطقة "النيرب"': the quote a widened phrase opens is closed in it
    return Location(
        text=article.body[start:end], start=start, end=end, name_en=e.canonical_en, lat=e.lat, lon=e.lon,
        admin1=e.admin1, country=e.country, geo_precision=prec, place_id=e.entity_id,
        situated="situated_in" in e.attrs and start == e.start and end == e.end,
    )


# ------------------------------------------------------------------------------------ helpers
GUARD_LISTS = ("instead_words", "habitual_words", "no_plan_words", "agreement_reference_words", "additive_words",
               "episode_shift_words")


@cache
def _guard_table() -> list[tuple[Pattern, Any]]:
    """The guard cue lists of ``event_triggers.yaml`` (instead, habitual, no-plan … words) in one table whose
    data is the list's key: a sentence is scanned for all of them once (:func:`_guards`)."""
    data = load_data("event_triggers.yaml")
    return [(p, key) for key in GUARD_LISTS for p, _ in compile_list(data.get(key) or [])]


def _guards(view: TokenView, lo: int, hi: int) -> dict[str, list[CueMatch]]:
    """The guard cues of a sentence, by list key."""
    out: dict[str, list[CueMatch]] = {}
    for c in find_cues(view, _guard_table(), lo, hi):
        out.setdefault(c.data, []).append(c)
    return out


def _guard_near(guards: dict[str, list[CueMatch]], key: str, lo: int, hi: int) -> bool:
    """A guard cue of list ``key`` starting in words ``[lo, hi)`` (as :func:`_near`)."""
    return any(lo <= c.i < hi for c in guards.get(key, ()))


def _instead_of(view: TokenView, m: CueMatch, guards: dict[str, list[CueMatch]]) -> bool:
    """"بدلا من استهداف المواقع …", "تجري فيها عملية الاقتراع دون هجمات دامية": what was not done, instead
    of what was or without it (the cue ends at the trigger; "بدلا من ذلك، قصفت" keeps its strike).  A
    denial names a party that denies ("نفى"، "لم تتدخل طائراته"); "without" tells of no event at all."""
    return any(c.j == m.i and c.i >= m.i - 3 for c in guards.get("instead_words", ()))


def _habitual(view: TokenView, m: CueMatch, guards: dict[str, list[CueMatch]]) -> bool:
    """"نفت الحكومة مرارا استخدامها أسلحة كيماوية", "وهدد أردوغان مرارا بالهجوم": a habit or a repeated
    statement, no incident (a habitual word in the trigger's clause, at most 4 words from it)."""
    clause = view.clause[m.i]
    return any(view.clause[c.i] == clause and (m.i - c.j <= 4 if c.j <= m.i else c.i - m.j <= 4)
               for c in guards.get("habitual_words", ()))


def _near(view: TokenView, pats: list[tuple[Pattern, Any]], lo: int, hi: int) -> bool:
    return bool(pats) and hi > lo and bool(find_cues(view, pats, max(lo, 0), min(hi, len(view))))


def _select_triggers(view: TokenView, matches: list[CueMatch], blocked: list[tuple[int, int]]) -> list[CueMatch]:
    """Non-overlapping trigger matches (priority, then length), none inside an entity name."""
    def key(m: CueMatch) -> tuple[int, int, int]:
        t: Trigger = m.data
        return (-t.priority, -(m.j - m.i), m.i)

    chosen: list[CueMatch] = []
    taken: set[int] = set()
    for m in sorted(matches, key=key):
        if any(k in taken for k in range(m.i, m.j)):
            continue
        # a cue word inside a name is no trigger; a name inside a cue's gap ("دخلت قوات X إلى") is fine
        if any(bi <= m.i < bj or bi <= m.j - 1 < bj for bi, bj in blocked):
            continue
        chosen.append(m)
        taken.update(range(m.i, m.j))
    return sorted(chosen, key=lambda m: m.i)


def _arg(e: _Ent, stated: dict[str, ArgRef] | None = None) -> ArgRef:
    """The acting party: a person acts for the group the article (else the KB) says they lead."""
    if e.ent.type == "PERSON":
        key = e.ent.entity_id or normalize_key(e.ent.text)
        if stated and key in stated:
            g = stated[key]
            return ArgRef(text=g.text, entity_id=g.entity_id, start=g.start, end=g.end)
        g = person_group(e.ent)
        if g is not None:
            return g
    return ArgRef.of(e.ent)


def _governors(view: TokenView, i: int) -> list[int]:
    """Indices of the words governing the name at word ``i``: the word before it, and the one before
    that when the first is a filler ("مع ميليشيا X")."""
    out = []
    k = i - 1
    fillers = rules().fillers
    while k >= 0 and len(out) < 4 and view.clause[k] == view.clause[i]:
        out.append(k)
        # "ضد كل من X وY" ("both X and Y"): كل من is skipped like a filler
        both = view.tokens[k].norm == "من" and k >= 1 and view.tokens[k - 1].norm == "كل"
        if not both and not any(f[1] in fillers for f in view.forms[k]):
            break
        k -= 1
    return out


def _governed_by(view: TokenView, i: int, words: frozenset[str] | tuple[str, ...]) -> bool:
    return any(any(f[1] in words for f in view.forms[k]) for k in _governors(view, i))


def _condemners(view: TokenView, m: CueMatch, actors: list[_Ent], lo: int) -> list[_Ent]:
    """The subject of a condemnation word (``condemn_words``) before the trigger, in its clause:
    "أدانت الخارجية التركية الغارة", "وندد الجيش الحر بالقصف" — it did not carry the event out."""
    words = _word_set("condemn_words")
    clause = view.clause[m.i]
    k = next((k for k in range(m.i - 1, lo - 1, -1)
              if view.clause[k] == clause and any(f[1] in words for f in view.forms[k])), None)
    if k is None:
        return []
    subject = next((a for a in sorted(actors, key=lambda a: a.i) if k < a.i and a.j <= m.i), None)
    agent = _word_set("condemned_agent_words")
    if subject is None or subject.i - k > 3 or any(
            any(f[1] in agent for f in view.forms[q]) for q in range(k + 1, subject.i)):
        return []
    return [subject]


def _stronghold_of_place(view: TokenView, i: int, place_toks: frozenset[int]) -> bool:
    """The name at word ``i`` owns a stronghold noun that stands in apposition to a place right before
    it ("مدينة القائم، آخر معاقل داعش", "الرقة أبرز معاقل التنظيم"; ``stronghold_words``, degree words
    such as "آخر" skipped)."""
    k = i - 1
    if k < 1 or not any(f[1] in _word_set("stronghold_words") for f in view.forms[k]):
        return False
    k -= 1
    while k >= 0 and any(f[1] in _word_set("stronghold_degree") for f in view.forms[k]):
        k -= 1
    return k in place_toks


def _accusation(view: TokenView, m: CueMatch, names: list[_Ent], lo: int) -> tuple[list[_Ent], _Ent | None]:
    """(accusers, accused) of an accusation verb (``accusation_verbs``) followed by both names, whose first
    بـ-object is the trigger: "اتهم النظام السوري إسرائيل بقصف موقع", "تتهم أنقرة الوحدات الكردية بشن
    هجمات". The accuser, the name right after the verb, did not do it; the accused, the next name, is
    said to have. With one name only nothing is decided ("واتهم النظام باستخدام" may be passive, "اتهم
    الجيش حركة حماس" may follow its subject). ``names``: the sentence's actors and places."""
    words = _word_set("accusation_verbs")
    clause = view.clause[m.i]
    k = next((q for q in range(m.i - 1, max(lo, m.i - 9) - 1, -1)
              if view.clause[q] == clause and any(f[1] in words for f in view.forms[q])), None)
    if k is None:
        return [], None
    inside = sorted((a for a in names if k < a.i and a.j <= m.i
                     and (a.ent.type != "LOCATION" or _is_country(a.ent) or is_capital(a.ent))), key=lambda a: a.i)
    if len(inside) < 2 or inside[0].i - k > 2:
        return [], None
    n = 1
    while n < len(inside) - 1 and inside[n].i == inside[n - 1].j and view.tokens[inside[n].i].prefix.startswith("و"):
        n += 1  # "اتهم الجيشان الروسي والسوري إسرائيل": accusers joined by و
    accusers, accused = inside[:n], inside[n]
    if view.tokens[accused.i].prefix.startswith("و") or any(
            view.tokens[q].norm.startswith("و") for q in range(accusers[-1].j, accused.i)):
        return [], None  # "وتتهم الحكومة السورية وحليفتها موسكو المتمردين": a second accuser
    # the trigger (or the light verb right before it) is the first بـ-word after the accused
    # ("بالوقوف وراء هجوم", "بالمسؤولية عن الهجوم": the بـ-word and وراء/عن before the trigger)
    first_ba = next((q for q in range(accused.j, m.i + 1) if view.tokens[q].prefix.startswith("ب")), None)
    if first_ba is None or (first_ba < m.i - 1 and not (first_ba == m.i - 2 and view.tokens[m.i - 1].norm in ("وراء", "عن"))):
        return [], None
    return accusers, accused


def _sent_from(view: TokenView, i: int) -> bool:
    """The name at word ``i`` follows "من مناطق (سيطرة)", "من معاقل" (``origin_words``, then
    ``holder_words``): the areas a deployment comes from."""
    k = i - 1
    if k >= 0 and any(f[1] in rules().holder_words for f in view.forms[k]):
        k -= 1
    if k < 1 or not any(f[1] in _word_set("origin_words") for f in view.forms[k]):
        return False
    return view.tokens[k - 1].norm == "من" and view.clause[k - 1] == view.clause[i]


def _taken_from(view: TokenView, i: int, place_toks: frozenset[int] = frozenset()) -> bool:
    """The name at word ``i`` follows "من" (fillers skipped) right after the place taken ("بلدة Y من
    تنظيم Z", "على البلدة من فصائل …"): the side the place was taken from. Not "وحلفاؤه من مقاتلي
    …", "بدعم من", "عدد من"."""
    gov = _governors(view, i)
    k = gov[-1] if gov else -1
    if k < 1 or view.tokens[k].norm != "من" or view.clause[k - 1] != view.clause[i]:
        return False
    before = view.tokens[k - 1].norm
    return (before not in _word_set("not_taken_from_words")
            and (k - 1 in place_toks or before in _word_set("taken_place_words")))


def _lam_marked(view: TokenView, i: int) -> bool:
    """The name at word ``i`` is introduced by لـ / إلى / لصالح (directly or through a filler word)."""
    if view.tokens[i].prefix.startswith("ل"):
        return True
    for k in _governors(view, i):
        t = view.tokens[k]
        if t.norm in ("الي", "لصالح") or (t.prefix.startswith("ل") and not t.prefix.startswith("لل")) or t.norm.startswith("لمي"):
            return True
    return False


def _affiliation(view: TokenView, i: int) -> bool:
    """The name at word ``i`` is what someone belongs to ("بانتمائه لتنظيم X", "الانتماء إلى X",
    "المنتمين لـX"): an affiliation word governs it, directly or through إلى."""
    words = _word_set("affiliation_words")
    gov = _governors(view, i)
    if any(any(f[1] in words for f in view.forms[k]) for k in gov):
        return True
    k = gov[-1] if gov else i - 1
    return (k >= 1 and view.tokens[k].norm in ("الي", "ل") and view.clause[k - 1] == view.clause[i]
            and any(f[1] in words for f in view.forms[k - 1]))


def _not_actor(view: TokenView, a: _Ent) -> bool:
    """An entity right after "لمساندة", "ضد", "مع", "لسيطرة" … is an object, not the acting party."""
    return _governed_by(view, a.i, rules().actor_not_after)


def _is_victim(view: TokenView, a: _Ent) -> bool:
    """The name counts the dead or wounded: "قتل 27 من مقاتلي X", "مقتل 18 من عناصر X" — a
    casualty word or a number shortly before "من" (filler words skipped) before the name."""
    r = rules()
    k = a.i - 1
    while k >= 0 and a.i - k <= 3 and view.clause[k] == view.clause[a.i] and view.tokens[k].norm != "من" \
            and any(f[1] in r.fillers for f in view.forms[k]):
        k -= 1
    if k < 0 or view.tokens[k].norm != "من" or view.clause[k] != view.clause[a.i]:
        return False
    for q in range(k - 1, max(k - 4, -1), -1):
        if view.clause[q] != view.clause[a.i]:
            break
        tok = view.tokens[q]
        if tok.norm.isdigit() or any(f[1] in r.casualty_words for f in view.forms[q]):
            return True
    return False


def _in_ranks_of_casualties(view: TokenView, a: _Ent) -> bool:
    """"سقوط قتلى في صفوف X", "ضحايا بين المدنيين وفي صفوف X": the name follows "صفوف" (after في) and a
    casualty word stands at most 6 words before it, in its clause (_pick_actors takes it only in the trigger's clause)."""
    k = a.i - 1
    if k < 1 or view.tokens[k].norm != "صفوف" or view.tokens[k - 1].norm not in ("في", "وفي"):
        return False
    casualty_words = rules().casualty_words
    return any(view.clause[q] == view.clause[a.i] and any(f[1] in casualty_words for f in view.forms[q])
               for q in range(max(k - 7, 0), k - 1))


def _victim_frame(view: TokenView, m: CueMatch, lo: int) -> int | None:
    """"تعرضت مواقع X لقصف", "X التي تعرضت للقصف": the word index of the frame verb whose subject
    undergoes the لـ-marked trigger (None when there is none in the trigger's clause)."""
    if not m.prefix.startswith("ل"):
        return None
    frames = rules().victim_frames
    for k in range(m.i - 1, max(lo, m.i - 8) - 1, -1):
        if view.clause[k] != view.clause[m.i]:
            break
        if any(f[1] in frames for f in view.forms[k]):
            return k
    return None


REMOTE_FAMILIES = frozenset({"airstrike", "shelling", "suicide", "ied", "chemical"})
NON_ACTOR_ORG_KINDS = frozenset({"monitor", "media", "ngo", "un"})


def _media_named(view: TokenView, e: _Ent) -> bool:
    """The name is an outlet's: a generic media head ("وكالة", "صحيفة", "قناة" …; the attribution cues'
    ``generic_heads``) opens it or stands right before it."""
    words = modality_cues().generic_heads
    return any(f[1] in words for k in (e.i, e.i - 1) if 0 <= k < len(view) for f in view.forms[k])


def _can_act(e: _Ent, stated: dict[str, ArgRef], view: TokenView | None = None) -> bool:
    """Monitors, media, NGOs and UN bodies report violence, they do not fight; a person the KB does
    not know and the article ties to no group is no ACLED actor either (often a misread word)."""
    ent = e.ent
    if ent.type == "ORGANIZATION":
        kbe = _kb_get(ent.entity_id)
        if kbe is None and view is not None and _media_named(view, e):
            return False  # "نشرت وكالة بلومبيرغ تقريرا عن هجوم": an outlet the KB does not know
        return getattr(kbe, "kind", None) not in NON_ACTOR_ORG_KINDS
    if ent.type == "PERSON":
        eid = ent.entity_id or ""
        return (eid.startswith("per:") or (eid or normalize_key(ent.text)) in stated)
    return True


def _pick_actors(view: TokenView, trig: Trigger, m: CueMatch, actors: list[_Ent], lo: int, hi: int,
                 bound: int, mute: list[_Ent] | None = None, place_toks: frozenset[int] = frozenset()
                 ) -> tuple[_Ent | None, _Ent | None]:
    """actor1/actor2 by position and syntax cues ("بين X و Y", "من قبل X", "ضد X", light verbs).

    ``bound`` is the first word of the trigger's reported clause (after "أن"/"إن"): subjects of the
    reporting verb before it are sources, not actors. ``mute`` entities may be targets, never actor1.
    """
    if not actors:
        return None, None
    toks = view.tokens

    def word(k: int) -> str:
        return toks[k].norm if 0 <= k < len(view) else ""

    after = [a for a in actors if a.i >= m.j]
    before = [a for a in actors if a.j <= m.i and a.i >= bound]
    a1: _Ent | None = None
    a2: _Ent | None = None
    mute = mute or []
    # "بين X و Y" (also "اشتباكات عنيفة تدور أيضا بين X وY", "اشتباكات اندلعت، الثلاثاء، بين X وY":
    # a few words between, none of them a name)
    starts = {a.i for a in actors}
    for k in range(m.j, min(m.j + 5, hi)):
        if k in starts:
            break
        if word(k) == "بين":
            xs = [a for a in after if a.i > k and a not in mute]
            side = _other_side(view, xs, k, hi)
            if side is not None:
                return xs[0], side
            if xs:
                # "بين X المسنودة بـY وZ": Y, named right after a word of support, is on X's side
                ys = [a for a in xs[1:] if (a.ent.entity_id is None or a.ent.entity_id != xs[0].ent.entity_id)
                      and not any(any(f[1] in ALONGSIDE_WORDS for f in view.forms[q])
                                  for q in range(max(xs[0].j, a.i - 3), a.i))]
                return xs[0], (ys[0] if ys else None)
    # "من قبل X" → actor1 ; "ضد X" / "مع X" → actor2
    for a in after:
        if a.i >= 2 and word(a.i - 1) == "قبل" and word(a.i - 2) == "من" and a not in mute:
            a1 = a
            break
    for a in after:
        if a is not a1 and a.i - m.j <= 12 and (_governed_by(view, a.i, ("ضد",)) or
                                                 (a.i - m.j <= 3 and _governed_by(view, a.i, ("مع",))) or
                                                 # "شنت أنقرة هجوما على وحدات X": the one attacked
                                                 (trig.id == "attack" and a.i - m.j <= 3
                                                  and _governed_by(view, a.i, ("علي",))) or
                                                 (trig.actor2_from == "lam" and a.i - m.j <= 4 and _lam_marked(view, a.i))):
            a2 = a
            break
    if trig.genitive == "victim" and a2 is None:
        gen = [a for a in after if a.i - m.j <= 2 and a.ent.type in ("PERSON", "ORGANIZATION")]
        if not gen and m.j < hi and any(f[1] in _word_set("victim_titles") for f in view.forms[m.j]):
            # "اغتيال القيادي في حزب العمال الكردستاني فلان": the victim's group, not the killer
            gen = [a for a in after if a.i - m.j <= 3 and a.ent.type == "ARMED_GROUP"]
        if gen:
            a2 = gen[0]
    victims = [a for a in actors if a is not a1 and (_is_victim(view, a) or (
        view.clause[a.i] == view.clause[m.i] and _in_ranks_of_casualties(view, a)))]
    frame = _victim_frame(view, m, lo)
    if frame is not None:
        victims += [a for a in actors if a.j <= m.i and a.i >= frame - 4 and a not in victims and a is not a1]
    tw = rules().target_words
    # "قصف مواقع X", "قرب أحد مقرات X": the group whose positions are hit is the target, not actor1
    # ("اقتحم المحتجون مقرا لـX": the rioters' target likewise)
    targets = ([a for a in after if a is not a1 and a.i - m.j <= 10 and _governed_by(view, a.i, rules().position_words)]
               if trig.id in REMOTE_FAMILIES or trig.id in ("riot", "shooting") else [])
    # "تعرض قريتين تسيطر عليهما القوات الكردية … لقصف": the group holding the place shelled is hit
    if trig.id in REMOTE_FAMILIES:
        targets += [a for a in after + before if a not in targets and _holder_of_place(view, a)]
    # "استهدفت مواقع تنظيم داعش في سوريا ولحزب العمال الكردستاني": the positions of a second group
    # ("و" + "ل" before it, a few words after a target) are hit too; it is no attacker
    targets += [a for a in after if a not in targets and toks[a.i].norm.startswith("ول") and any(
        0 < a.i - t.j <= 5 and view.clause[t.i] == view.clause[a.i] for t in targets)]
    # "قصف مدفعي ضد تنظيم داعش في سوريا وحزب العمال الكردستاني": a name joined by و to the one after ضد
    # (past the place it is in) is a second target, no attacker
    if a2 is not None and _governed_by(view, a2.i, ("ضد",)):
        # ("ضد مقاتلي داعش في سوريا ومقاتلي حزب العمال الكردستاني": a filler joined by و before the name)
        fillers = rules().fillers

        def joined_at(a: _Ent) -> int:
            k = a.i - 1
            if k >= a2.j and toks[k].norm.startswith("و") and any(f[1] in fillers for f in view.forms[k]):
                return k
            return a.i if toks[a.i].norm.startswith("و") else -1

        targets += [a for a in after if a is not a2 and a not in targets and (k := joined_at(a)) >= 0
                    and 0 <= k - a2.j <= 4 and view.clause[a.i] == view.clause[a2.i]
                    and all(q in place_toks or word(q) in ("في", "ب") for q in range(a2.j, k))]
    # "أضرموا النار في مقار ميليشيات حزب الله وحزب الفضيلة": the names coordinated right after a target
    for a in after:
        if a not in targets and toks[a.i].norm.startswith("و") and any(t.j == a.i for t in targets):
            targets.append(a)
    # "ألقت السلطات القبض على X": the one arrested is the target, never the arresting party
    arrested = ([a for a in after if a is not a1 and a.i - m.j <= 3 and (
        _governed_by(view, a.i, ("علي",))
        or (a.i - m.j <= 1 and any(f[1] in _word_set("arrest_nouns") for f in view.forms[m.j - 1])))]
                if trig.id == "arrests" else [])
    if trig.id == "arrests":
        # "رجلا يشتبه بانتمائه لتنظيم داعش", "بتهمة الانتماء إلى التنظيم": the group of the people arrested
        arrested += [a for a in after if a not in arrested and a is not a1 and a.i - m.j <= 12 and _affiliation(view, a.i)]
    targets += arrested
    free = [a for a in actors if a is not a2 and a not in victims and a not in mute and a not in targets
            and not _not_actor(view, a)]
    if trig.id == "territory":
        # "تحرير مدينة الرمادي من تنظيم داعش", "… من قبضة داعش": the side the place is taken from
        # never took it (it may be actor2, below)
        free = [a for a in free if not (a.i - m.j <= 10 and (
            _taken_from(view, a.i, place_toks)
            or (a.i >= m.j + 2 and _governed_by(view, a.i, rules().holder_words))))]
    if a1 is None:
        lv = [x for x in find_cues(view, rules().light_verbs, max(lo, bound, m.i - 5), m.i) if x.prefix in ("", "و", "ف")]
        if lv:
            v = lv[-1]
            inner = [a for a in free if a.i >= v.j and a.j <= m.i]
            outer = [a for a in free if a in before and a.j <= v.i and v.i - a.j <= 8]
            if inner:
                a1 = inner[0]
            elif outer:
                a1 = outer[-1]
    # "تخوض مواجهات مع منافستها هناك حركة X وحركة Y": everyone after "مع" is the other side
    with_k = next((k for k in range(m.j, min(m.j + 3, hi)) if word(k) == "مع"), None)
    if with_k is not None and a2 is None and trig.id in ("clash", "attack"):
        a2 = next((a for a in after if a.i > with_k and a.i - with_k <= 5 and a is not a1
                   and view.clause[a.i] == view.clause[m.i]), None)
    if a1 is None:
        clause = view.clause[m.i]
        f_before = [a for a in before if a in free and view.clause[a.j - 1] == clause]
        f_after = [a for a in after if a in free and not (with_k is not None and a.i > with_k and a.i - with_k <= 12)]
        imm_before = [a for a in f_before if m.i - a.j <= 1]
        near_after = [a for a in f_after if a.i - m.j <= 4 and view.clause[a.i] == clause]
        clause_before = [a for a in f_before if m.i - a.j <= 8]
        far_after = [a for a in f_after if a.i - m.j <= 6 and view.clause[a.i] == clause]
        # "الصاروخ المستخدم في الهجوم", "بعد القصف": a definite trigger inside a prepositional phrase
        # is a back-reference, and the clause subject before it did something else
        pp = trig.id in REMOTE_FAMILIES | {"attack", "clash"} and m.prefix.endswith(("ال", "لل")) and (
            m.prefix[:1] in ("ب", "ل") or (m.i >= 1 and view.tokens[m.i - 1].norm in PREPOSITIONS))
        # (not before a strike joined with و whose agent follows it at once: "هجمات القوات العراقية والسورية
        # وغارات التحالف", the strikes are the coalition's)
        joined_agent = m.prefix.startswith("و") and trig.id in REMOTE_FAMILIES and bool(near_after) and \
            near_after[0].i == m.j
        if imm_before and not m.prefix.endswith("ال") and not joined_agent:
            a1 = imm_before[-1]
        elif near_after:
            a1 = near_after[0]
        elif clause_before and not pp:
            a1 = _coordination_head(view, actors, clause_before[-1])
        elif far_after:
            a1 = far_after[0]
        elif m.prefix == "و" or trig.id == "territory":
            # a coordinated verb shares the subject of the previous clause ("وصل دمشق …، والتقى …";
            # "أحرز الجيش تقدما …، حيث تمكن من استعادة السيطرة"): the nearest free actor before it
            reach = 12 if m.prefix == "و" else 8
            prev = [a for a in before if a in free and m.i - a.j <= reach and not _lam_marked(view, a.i)]
            if prev:
                a1 = _coordination_head(view, actors, prev[-1])
    if a1 is None and trig.id == "deployment":
        # "وصول تعزيزات عسكرية من مناطق سيطرة X إلى عفرين": X sent them
        a1 = next((a for a in after if a.i - m.j <= 8 and view.clause[a.i] == view.clause[m.i]
                   and a.ent.type == "ARMED_GROUP" and _sent_from(view, a.i)), None)
    if a1 is None and _possessed(view.tokens[m.i].norm, m.prefix):
        # "عزلت قوات النظام المدينة … إثر سيطرتها على الطريق": the possessor of a verbal noun is its
        # agent, the nearest free actor before it in the sentence
        prev = [a for a in before if a in free and not _lam_marked(view, a.i)]
        if prev:
            a1 = prev[-1]
    if (a1 is None and a2 is not None and a2.i - m.j <= 4 and _governed_by(view, a2.i, ("مع",))
            and any(_is_victim(view, v) for v in victims)):
        # "قتل 19 من عناصر X في اشتباكات مع Y": Y fought the counted dead
        v = min(victims, key=lambda a: abs(a.i - m.i))
        if v.ent.entity_id is None or v.ent.entity_id != a2.ent.entity_id:
            a1, a2 = a2, v
    if a2 is None and victims:
        v = min(victims, key=lambda a: abs(a.i - m.i))
        if v is not a1 and (a1 is None or v.ent.entity_id is None or v.ent.entity_id != a1.ent.entity_id):
            a2 = v
    if a2 is None and a1 is None and targets:
        a2 = min(targets, key=lambda a: abs(a.i - m.i))
    if a2 is None and arrested and (a1 is None or a1.ent.entity_id != arrested[0].ent.entity_id):
        a2 = arrested[0]
    if a2 is None and a1 is not None and trig.id in REMOTE_FAMILIES:
        # "غارات على مواقع لتنظيم X", "قصف مقرات X": the group whose positions are hit
        a2 = next((a for a in after if a.i > a1.i and a.i - m.j <= 8 and a.ent.type == "ARMED_GROUP"
                   and view.clause[a.i] == view.clause[m.i] and _governed_by(view, a.i, tw)
                   and (a.ent.entity_id is None or a.ent.entity_id != a1.ent.entity_id)), None)
    if a2 is None and trig.id == "territory":
        # "سيطرت X على بلدة … الواقعة تحت سيطرة Y", "الخاضعة لسيطرة Y": Y held the place, the loser
        held = next((a for a in after if a is not a1 and a.i - m.j <= 15
                     and _governed_by(view, a.i, rules().holder_words)), None)
        if held is None:
            # "انتزعت X بلدة Y من تنظيم Z", "استعادت السيطرة على البلدة من فصائل المعارضة": taken from Z
            held = next((a for a in after if a is not a1 and a.i - m.j <= 10 and a.ent.type == "ARMED_GROUP"
                         and _taken_from(view, a.i, place_toks)), None)
        if held is None:
            # "استعادة السيطرة على مدينة القائم، آخر معاقل داعش": the place taken was the group's stronghold
            held = next((a for a in after if a is not a1 and a.i - m.j <= 12 and a.ent.type == "ARMED_GROUP"
                         and _stronghold_of_place(view, a.i, place_toks)), None)
        if held is not None and (a1 is None or held.ent.entity_id is None or held.ent.entity_id != a1.ent.entity_id):
            a2 = held
    if a2 is None and a1 is not None and trig.id in ("clash", "attack", "storming"):
        rest = [a for a in after if a.i > a1.i and a.i - m.j <= 12
                and (a.ent.entity_id is None or a.ent.entity_id != a1.ent.entity_id)
                and not _governed_by(view, a.i, ALONGSIDE_WORDS)  # "إلى جانب X": an ally
                and not _parallel_agent(view, a)
                and _coordination_head(view, actors, a) is not a1]  # "X وY": one side, not foes
        if rest:
            a2 = rest[0]
    return a1, a2


def _parallel_agent(view: TokenView, a: _Ent) -> bool:
    """The name right after a violent noun joined with و is that noun's agent, a second attacker, not the
    first cue's target ("أمام هجمات القوات العراقية وغارات التحالف")."""
    k = a.i - 1
    if k < 0 or not view.tokens[k].prefix.startswith("و"):
        return False
    return any(x.i == k and x.data.id in REMOTE_FAMILIES | {"attack", "clash"}
               for x in find_cues(view, rules().patterns, k, k + 1))


POSSESSIVE_ON_TAA = ("تها", "ته", "تهم", "تهما")  # سيطرتها، مشاركته: taa marbuta + possessive pronoun


def _possessed(norm: str, prefix: str, min_len: int = 6) -> bool:
    """A verbal noun with a possessive pronoun (its agent): "سيطرتها", "هجماتهم" after the prefix."""
    stem = norm[len(prefix):] if prefix and norm.startswith(prefix) else norm
    return len(stem) >= min_len and stem.endswith(POSSESSIVE_ON_TAA)


def _coordination_head(view: TokenView, actors: list[_Ent], a: _Ent) -> _Ent:
    """The first of coordinated names ("دخلت القوات التركية والفصائل الموالية لها … وسيطرت": the
    shared subject is the force named first)."""
    cur = a
    while True:
        prev = next((p for p in actors if p.j == cur.i and view.tokens[cur.i].norm.startswith("و")), None)
        if prev is None:
            return cur
        cur = prev


def _claimant(view: TokenView, m: CueMatch, actors: list[_Ent], reporters: list[tuple[int, Entity]],
              lo: int) -> _Ent | None:
    """"أعلن تنظيم X مسؤوليته عن هجوم …", "تبنى X التفجير": the armed group that claims the attack
    (also when it is the subject of the reporting verb, a source)."""
    claims = find_cues(view, rules().responsibility, max(lo, m.i - 4), m.i)
    if not claims:
        return None
    c = claims[-1]
    groups = [a for a in actors if a.ent.type == "ARMED_GROUP"]
    for _start, ent in reporters:
        i, j = view.entity_range(ent.start, ent.end)
        if lo <= i < c.i and j > i and not any(g.i == i for g in groups):
            groups.append(_Ent(ent, i, j))
    groups.sort(key=lambda a: a.i)
    # "تبنى X الهجوم": the group after the verb; "أعلن X مسؤوليته عن": the group before the noun
    inside = [a for a in groups if c.j <= a.i and a.j <= m.i]
    if inside:
        return inside[0]
    # … also across a fronted day or date between commas ("تبنى تنظيم داعش، الأحد، مسؤولية الهجمات")
    before = [a for a in groups if a.j <= c.i and c.i - a.j <= 6
              and (view.clause[a.i] == view.clause[c.i] or c.i - a.j <= 2)]
    return before[-1] if before else None


def _holder_of_place(view: TokenView, a: _Ent) -> bool:
    """"قرية تسيطر عليها القوات الكردية", "مناطق يسيطر عليها التنظيم": the name is the subject of a
    relative clause of control (a control verb, then "عليها/عليه/عليهما/عليهم")."""
    if a.i < 2:
        return False
    return (view.tokens[a.i - 1].norm in _word_set("holder_pronouns")
            and view.tokens[a.i - 2].norm in _word_set("holder_verbs"))


def _blamed(view: TokenView, m: CueMatch, actors: list[_Ent], hi: int) -> _Ent | None:
    """"الهجوم الانتحاري في سوروتش الذي نسبته السلطات التركية الى التنظيم الجهادي": the armed group
    an attack is ascribed to right after it (a blame verb within 12 tokens of the trigger, then "إلى"
    and the group within 5 more)."""
    verbs = _word_set("blame_verbs")
    toks = view.tokens
    for k in range(m.j, min(m.j + 12, hi)):
        if toks[k].norm not in verbs:
            continue
        to = next((q for q in range(k + 1, min(k + 6, hi)) if toks[q].norm == "الي"), None)
        if to is None:
            return None
        return next((a for a in actors if a.i == to + 1 and a.ent.type == "ARMED_GROUP"), None)
    return None


def _other_side(view: TokenView, xs: list[_Ent], k: int, hi: int) -> _Ent | None:
    """In "بين X وحلفائه من جهة، وY من جهة أخرى" (or "من طرف … من طرف آخر") the opponent is the first
    party after "من جهة"."""
    if not xs:
        return None
    for q in range(xs[0].j, min(k + 24, hi)):
        if view.tokens[q].norm in SIDE_WORDS and view.tokens[q - 1].norm == "من" and \
                (q + 1 >= len(view) or view.tokens[q + 1].norm not in OTHER_SIDE):
            return next((a for a in xs if a.i > q and a.ent.entity_id != xs[0].ent.entity_id), None)
    return None


def _town_list(view: TokenView, towns: list[tuple[_Ent, Location]]) -> list[tuple[_Ent, Location]]:
    """The longest run of towns named one after another ("قرى أ، ب، ج ود": at most one word between
    two of them, a conjunction: "و", "وقرية"), so that towns spread over a sentence's clauses are no
    list, nor is a town and the town it lies in ("في بلدروز والمقدادية في بعقوبة")."""
    best: list[tuple[_Ent, Location]] = []
    run: list[tuple[_Ent, Location]] = []
    prev: _Ent | None = None
    for p, loc in sorted(towns, key=lambda t: t[0].i):
        if prev is not None and (p.i - prev.j > 1 or (p.i - prev.j == 1 and not view.tokens[prev.j].norm.startswith("و"))):
            run = []
        run.append((p, loc))
        prev = p
        if len(run) > len(best):
            best = list(run)
    return best


def _pick_location(article: Article, view: TokenView, m: CueMatch, places: list[_Ent], bound: int
                   ) -> tuple[Location | None, list[Location], bool]:
    """The most specific place near the trigger (same clause first); a list of villages under one
    region phrase gives the region as location and the villages as ``places``, and whether that
    list follows the trigger closely (VILLAGES_AFTER words: "اشتباكات … قرب بلدات أ وب وج")."""
    if not places:
        return None, [], False
    clause = view.clause[m.i]
    locs = [(p, _location_of(article, view, p)) for p in places]
    place_toks = frozenset(q for x in places for q in range(x.i, x.j))
    regions = [loc for p, loc in locs if _specificity(loc) == 2]
    towns = _town_list(view, [(p, loc) for p, loc in locs if _specificity(loc) == 1 and not _is_country(p.ent)])
    if len(towns) >= 3 and regions:
        first = towns[0][0]
        return regions[0], [loc for _, loc in towns], m.j <= first.i <= m.j + VILLAGES_AFTER

    def dist(p: _Ent) -> float:
        return (m.i - p.j + 1) * 1.5 if p.j <= m.i else float(p.i - m.j)

    metonym = rules().place_not_after
    # "اشتباكات بين X … من جهة، وY … من جهة أخرى، في محيط قرية Z": the place told after two long sides
    sides = any(view.tokens[k].norm == "بين" for k in range(m.j, min(m.j + 3, len(view))))
    near = [(p, loc) for p, loc in locs if p.i >= bound and (
        (view.clause[p.i] == clause and dist(p) <= 15) or dist(p) <= 20
        or (sides and p.i > m.j and dist(p) <= 32 and any(view.tokens[k].norm in LOCATIVES for k in range(max(m.j, p.i - 4), p.i))))
        and ((not _is_country(p.ent) and not _foreign(p.ent)) or _locative(view, p))
        and not (_foreign(p.ent) and _from_place(view, p)) and not _birthplace(view, p, place_toks)
        and not (p.i >= 1 and any(f[1] in metonym for f in view.forms[p.i - 1]))]
    if not near:
        return None, [], False

    rel = [k for k in range(m.j, min(len(view), m.j + 20)) if view.tokens[k].norm in RELATIVES]

    def described(p: _Ent) -> bool:
        """"وسط كركوك التي استعادتها بغداد": a place inside a relative clause about an earlier place."""
        return any(k < p.i and any(q.j <= k and q.i >= m.j for q, _ in near) for k in rel)

    town_ends = {q.j for q, qloc in near if _specificity(qloc) == 1 and not _is_country(q.ent)}

    def score(item: tuple[_Ent, Location]) -> float:
        p, loc = item
        origin = p.i >= 1 and view.tokens[p.i - 1].norm == "من"
        other_clause = view.clause[p.i] != clause
        # "مدينة هجين بريف دير الزور": the region right after a town only situates that town
        situating = _specificity(loc) > 1 and (p.i in town_ends or (p.i - 1 in town_ends and (
            view.tokens[p.i - 1].norm in ("في", "قرب") or view.tokens[p.i - 1].end > p.ent.start)))
        # "سيطرت X على …": the place taken is the verb's object, after it
        taken_before = m.data is not None and m.data.id == "territory" and p.j <= m.i
        # "وصلت تعزيزات من معاقل X في القلمون إلى (مدينة) القصير": a deployment happens where it goes
        destination = m.data is not None and m.data.id == "deployment" and any(
            view.tokens[k].norm == "الي" for k in range(max(m.j, p.i - 2), p.i))
        return (dist(p) + 10 * other_clause + 5 * _is_country(p.ent) + 6 * origin + 2 * (_specificity(loc) - 1)
                + 8 * described(p) + 8 * situating + 6 * taken_before - 6 * destination - 6 * inside_town(item))

    def inside_town(item: tuple[_Ent, Location]) -> bool:
        """"معارك حلب في منطقة النيرب": a place told right after a town, inside it (في and a type word
        between, and within INNER_PLACE_KM of it), is the more specific place."""
        p, loc = item
        if _specificity(loc) > 2 or loc.lat is None or not any(
                view.tokens[k].norm == "في" for k in range(max(0, p.i - 3), p.i)):
            return False
        # (a type word between: "دوما في الغوطة الشرقية" is the region the town lies in, see situating)
        return any(q is not p and _specificity(qloc) == 1 and 2 <= p.i - q.j <= 3 and qloc.lat is not None
                   and view.tokens[q.j].norm == "في" and view.tokens[q.j + 1].norm in _word_set("inner_place_words")
                   and qloc.place_id != loc.place_id
                   and haversine_km(qloc.lat, qloc.lon, loc.lat, loc.lon) <= INNER_PLACE_KM for q, qloc in near)

    return min(near, key=score)[1], [], False


def _fatality_shares(total: int | None, n: int) -> list[int | None]:
    """A death toll told once for ``n`` places, divided among their events as ACLED does (equal shares,
    the remainder to the first), so that the dataset's sum is the toll told."""
    if total is None:
        return [None] * n
    share, rest = divmod(total, n)
    return [share + rest] + [share] * (n - 1)


def _birthplace(view: TokenView, p: _Ent, in_place: frozenset[int]) -> bool:
    """"كامبل المتحدرة من مدينة لويس (في جنوب بريطانيا)", "من مواليد بلدة X": the place a person comes from
    (``origin_phrases``, then من, then places (words ``in_place``), type words, في and direction words only)."""
    ph = load_phrases()
    k = p.i - 1
    while k >= 1 and view.clause[k] == view.clause[p.i] and (
            k in in_place or view.tokens[k].norm in ph.type_words or view.tokens[k].norm == "في"
            or view.tokens[k].norm in ph.direction_nouns or view.tokens[k].norm in ph.part_words):
        k -= 1
    return k >= 1 and k < p.i - 1 and view.tokens[k].norm == "من" and any(
        f[1] in _word_set("origin_phrases") for f in view.forms[k - 1])


def _from_place(view: TokenView, p: _Ent) -> bool:
    """A place right after "من" ("معظمهم من الشيشان", "قادمين من إيران"): where people come from."""
    k = p.i - 1 if view.tokens[p.i].start >= p.ent.start else p.i
    if k == p.i:  # "ومن"/"من" glued: the name starts inside its word
        return any(pre.endswith("من") for pre, _, _ in view.forms[k][1:2])
    return k >= 0 and view.tokens[k].norm in ("من", "ومن")


def _coordinated_towns(article: Article, view: TokenView, places: list[_Ent], loc: Location) -> list[Location]:
    """The other places of the list the event's place is in ("في بلدروز والمقدادية", "في حلب، وإدلب",
    "في محافظات حماه وحلب وحمص", the event's place anywhere in it): each is the place of an event of its own.
    Not countries, nor a foreign place."""
    if loc.geo_precision > 3:
        return []
    ordered = sorted(places, key=lambda p: p.i)
    at = next((n for n, p in enumerate(ordered) if p.ent.start <= loc.start < p.ent.end
               or loc.start <= p.ent.start < loc.end), None)
    if at is None or (ordered[at].j < len(view) and view.tokens[ordered[at].j].norm in RELATIVES):
        return []  # "في تكريت ونينوى والرمادي التي أصيب فيها بقذيفة": the clause is about the last one

    def joined(prev: _Ent, q: _Ent) -> bool:
        if q.i == prev.j:
            return view.tokens[q.i].prefix.startswith("و")
        return (q.i == prev.j + 1 and view.tokens[prev.j].norm == "و") or _others_at(view, prev.j, q.i)

    def member(q: _Ent) -> Location | None:
        if _is_country(q.ent) or _foreign(q.ent):
            return None
        qloc = _location_of(article, view, q)
        if qloc.geo_precision > 3 or (qloc.place_id and qloc.place_id == loc.place_id):
            return None
        return qloc

    out: list[Location] = []
    n = at
    while n > 0 and joined(ordered[n - 1], ordered[n]) and (qloc := member(ordered[n - 1])) is not None:
        out.insert(0, qloc)
        n -= 1
    prev = ordered[at]
    for q in ordered[at + 1:]:
        if q.i < prev.j:
            continue
        if not joined(prev, q) or (qloc := member(q)) is None:
            break
        out.append(qloc)
        prev = q
    return out


def _others_at(view: TokenView, a: int, b: int) -> bool:
    """Words ``[a, b)`` are "وأخرى" (``others_words``) and at most three more before the next town
    ("مواقع قرب دمشق وأخرى غرب مدينة حمص", "وأخرى في"): more targets of the same strike, elsewhere."""
    return a < b <= a + 4 and view.tokens[a].norm in _word_set("others_words")


def _date_for(article: Article, sent: Span, m: CueMatch, dates: list[Entity]) -> tuple[str | None, int | None]:
    """A DATE entity in the sentence (nearest to the trigger), else the nearest earlier one in the paragraph."""
    def ok(d: Entity) -> bool:
        # "منذ شهر", "منذ أيام": when an ongoing state began, never the day of an incident
        return bool(d.attrs.get("value")) and not (d.attrs.get("approx") and d.text.startswith("منذ"))

    in_sent = [d for d in dates if sent.start <= d.start < sent.end and ok(d)
               and abs(d.start - m.start) <= DATE_WINDOW_CHARS]
    if in_sent:
        d = min(in_sent, key=lambda d: abs(d.start - m.start))
        return str(d.attrs["value"]), d.attrs.get("precision")
    para_start = article.body.rfind("\n", 0, sent.start) + 1
    prev = [d for d in dates if para_start <= d.start < sent.start and ok(d)]
    if prev:
        d = prev[-1]
        return str(d.attrs["value"]), d.attrs.get("precision")
    return None, None


def _judged_date(view: TokenView, m: CueMatch, dates: list[Entity], bound: int) -> bool:
    """The trigger is the object of a verb judging it ("دانت الخارجية، الجمعة، الضربات التي …") and the
    date stands between that verb and the trigger: it dates the judgement, not the event."""
    verbs = _word_set("judgement_verbs")
    v = next((k for k in range(m.i - 1, max(bound, m.i - 12) - 1, -1)
              if any(f[1] in verbs for f in view.forms[k])), None)
    if v is None:
        return False
    lo, hi = view.tokens[v].end, view.tokens[m.i].start
    return any(lo <= d.start < hi for d in dates)


CAMPAIGN_DAYS = 14  # "منذ 18 شباط", "بدأت في 20 كانون الثاني": a campaign older than this is background
HISTORY_DAYS = 366  # an event dated (year written) longer ago than this is history told as background


def _days_before(published: str | None, value: str) -> int | None:
    try:
        return (_date.fromisoformat(published[:10]) - _date.fromisoformat(value[:10])).days if published else None
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _history_phrases() -> list[tuple[Pattern, Any]]:
    return compile_list(load_data("event_triggers.yaml").get("history_phrases") or [])


HISTORY_PHRASE_WINDOW = 10  # words before the trigger to an era named ("في تسعينيات القرن الماضي")
ERA_AFTER_WORDS = 5  # "اختطفت بأمر من كيم في أواخر السبعينيات"; not "القبض على ضابط متهم في جرائم … في السبعينيات"


def _in_an_era(view: TokenView, m: CueMatch, lo: int) -> bool:
    """An era named near the trigger (``history_phrases``): before it in its sentence, or after it in its
    clause.  Not an era it is measured from ("أول هجوم في أوروبا منذ الحرب العالمية الثانية") nor an age
    ("في نهاية الخمسينيات من عمره")."""
    for x in find_cues(view, _history_phrases(), max(lo, m.i - HISTORY_PHRASE_WINDOW),
                       min(len(view), m.j + HISTORY_PHRASE_WINDOW)):
        if x.i >= 1 and view.tokens[x.i - 1].norm in _word_set("since_openers"):
            continue
        if x.j + 1 < len(view) and view.tokens[x.j].norm == "من" and view.tokens[x.j + 1].norm.startswith("عمر"):
            continue
        if x.j <= m.i or (view.clause[x.i] == view.clause[m.i] and x.i - m.j <= ERA_AFTER_WORDS
                          and any(f[1] in _word_set("era_time_words") for f in view.forms[x.i - 1])):
            # after the trigger, the era must be its time ("اختطفت في أواخر السبعينيات"), not what a
            # place is about ("أضرم المحتجون النار في متحف عن الحرب العراقية الإيرانية")
            return True
    return False



def _background(article: Article, view: TokenView, sent: Span, m: CueMatch, dates: list[Entity], lo: int) -> bool:
    """History told as background, not an event of the news: the trigger's nearest date is a bare
    year before the publication year ("سيطر على ثلث العراق عام 2014", "تأسست عام 2015") or a full date with
    its year more than a year before publication ("هجمات 11 سبتمبر 2001"), or opens an
    ongoing campaign weeks old ("تشن منذ 18 شباط حملة", "بدأت تركيا في 20 كانون الثاني هجوما"), or a
    fight said to go on for weeks ("تشن هجوما … منذ ثلاثة أسابيع", :func:`_ongoing_for`), or the campaign
    the news happens since ("منذ بدء هجوم القوات الحكومية", :func:`_since_onset`)."""
    if sub_event_info(m.data.sub_event_type).event_type in FIGHT_TYPES and _ongoing_for(view, m, lo):
        return True  # (a kidnapping "منذ 5 أشهر" happened five months ago: not a fight going on)
    if _in_an_era(view, m, lo) or _since_onset(view, m, lo):
        return True
    near = [d for d in dates if sent.start <= d.start < sent.end and abs(d.start - m.start) <= DATE_WINDOW_CHARS
            and _dates_trigger(view, view.index_at(d.start), m.i)]
    if not near and _sequel_clause(view, m.i, lo):
        # "شاركوا في الهجوم على داريا بنهاية 2013، ومن ثم بمعارك …": a clause that goes on from the one
        # before it ("ثم") is told in that clause's time
        prev = view.clause[m.i] - 1
        near = [d for d in dates if sent.start <= d.start < m.start and view.clause[view.index_at(d.start)] == prev]
    if not near:
        return False
    d = min(near, key=lambda d: abs(d.start - m.start))
    pub_year = int(article.published[:4]) if article.published and article.published[:4].isdigit() else None
    if d.attrs.get("kind") == "year" and not d.attrs.get("value"):
        year = d.attrs.get("year")
        return isinstance(year, int) and pub_year is not None and year < pub_year
    value = d.attrs.get("value")
    age = _days_before(article.published, str(value)) if value else None
    if age is None or age <= CAMPAIGN_DAYS:
        return False
    if isinstance(d.attrs.get("year"), int) and age > HISTORY_DAYS and not (
            d.start > m.start and find_cues(view, rules().patterns, m.j, view.index_at(d.start))):
        # a date with its year written, over a year old ("هجمات 11 سبتمبر 2001"); not one that belongs to
        # another trigger between ("ألقت القبض على رجل مرتبط بهجمات 11 سبتمبر 2001")
        return True
    k = view.index_at(d.start)
    if k - 1 >= lo and view.tokens[k - 1].norm in _word_set("since_openers"):
        return True  # since a date: an ongoing campaign, not one incident
    starts = rules().campaign_starts
    first = min(k, m.i)
    return any(any(f[1] in starts for f in view.forms[q]) for q in range(max(lo, first - 6), m.i))


SINCE_ONSET_WORDS = 5  # "وبعد 5 أسابيع على بدء هجوم": the words from the opener to the onset noun
SINCE_CLAUSE_WORDS = 6  # "منذ أن شنت الحكومة وحلفاؤها هجوما": the words from "منذ أن" to the trigger


def _since_onset(view: TokenView, m: CueMatch, lo: int) -> bool:
    """The trigger is the campaign the news happens within: named by its onset (``onset_nouns`` right
    before it) after منذ, or after بعد with weeks or more between, up to five words before, in its clause
    ("ومنذ بدء هجوم القوات الحكومية قتل …", "بعد نحو شهرين من بدئه هجوما"), or in a clause opened by
    "منذ أن"; or a tally since a campaign's onset, told after the trigger in its clause ("أكثر من 6
    مجازر … منذ بداية الحملة")."""
    since, onsets = _word_set("since_openers"), _word_set("onset_nouns")
    for q in range(max(lo + 1, m.i - SINCE_CLAUSE_WORDS), m.i):
        if (view.tokens[q].norm in ("ان", "ما") and view.tokens[q - 1].norm in since
                and view.clause[q - 1] == view.clause[m.i]):
            return True  # "منذ أن شنت الحكومة وحلفاؤها هجوما في منتصف فبراير": the time since then
    if any(view.tokens[q].norm in _word_set("superlatives") for q in range(max(lo, m.i - 2), m.i)):
        return False  # "أعنف قصف منذ بدء النزاع": the news, measured against the war
    for q in range(m.j, min(len(view) - 1, m.j + ONGOING_WINDOW)):
        if (view.clause[q + 1] == view.clause[m.i] and view.tokens[q].norm in since
                and view.tokens[q + 1].norm in onsets):
            return True  # "ارتكاب أكثر من 6 مجازر … منذ بداية الحملة العسكرية": a campaign's tally
    k = m.i - 1
    if k < lo or view.clause[k] != view.clause[m.i] or view.tokens[k].norm not in onsets:
        return False
    after, weeks = _word_set("after_openers"), _word_set("campaign_durations")
    for q in range(max(lo, k - SINCE_ONSET_WORDS), k):
        if view.clause[q] != view.clause[m.i]:
            continue
        w = view.tokens[q].norm
        if w in since or (w in after and any(f[1] in weeks for x in range(q + 1, k) for f in view.forms[x])):
            return True
    return False


ONGOING_WINDOW = 8  # words from the trigger to "منذ ثلاثة أسابيع"


def _ongoing_for(view: TokenView, m: CueMatch, lo: int) -> bool:
    """"منذ" (``duration_openers``, or "على مدى") + a duration of weeks or more (``campaign_durations``) after
    the trigger in its clause ("تشن هجوما على آخر معاقل المعارضة منذ ثلاثة أسابيع", "ضحية لقصف النظام على مدى
    أشهر"): a campaign going on, not one incident."""
    clause = view.clause[m.i]
    durations = _word_set("campaign_durations")
    openers = _word_set("duration_openers")
    for k in range(m.j, min(len(view), m.j + ONGOING_WINDOW)):  # after it: "تحاصر … منذ سنوات غير أنها استعادت" is the siege's
        if view.clause[k] != clause:
            continue
        w = view.tokens[k].norm
        if w in ("علي", "وعلي") and k + 1 < len(view) and view.tokens[k + 1].norm == "مدي":
            k += 1  # "لقصف النظام على مدى أشهر"
        elif w not in openers:
            continue
        if any(f[1] in durations for q in range(k + 1, min(len(view), k + 3)) for f in view.forms[q]):
            return True
    return False


def _sequel_clause(view: TokenView, i: int, lo: int) -> bool:
    """The clause of token ``i`` opens with "ثم" / "ومن ثم" / "وبعدها" (it follows on from the clause before)."""
    c = view.clause[i]
    start = max(lo, bisect_left(view.clause, c))
    if start == lo or view.clause[start - 1] != c - 1:
        return False
    words = [view.tokens[k].norm for k in range(start, min(start + 2, i + 1))]
    return bool(words) and (words[0] in SEQUEL_WORDS or " ".join(words) in SEQUEL_WORDS)


SEQUEL_WORDS = _word_set("sequel_words")
PAST_ADJECTIVES = _word_set("past_adjectives")
TALLY_WORDS = _word_set("tally_words")
TALLY_MIN = int(load_data("event_triggers.yaml").get("tally_min") or 0)
TALLY_TYPES = ("Battles", "Explosions/Remote violence")  # not "مئات المحتجين اقتحموا": people, not acts


def _tally(article: Article, view: TokenView, m: CueMatch, lo: int) -> bool:
    """A count of strikes or attacks, not one incident: "شنت أكثر من 1600 غارة", "آلاف الغارات" (the
    word right before the cue is a tally word, or ends a quantity of at least ``tally_min`` that is
    no year: "وفي 2015، سيطر" is a date)."""
    if m.i - 1 < lo or view.clause[m.i - 1] != view.clause[m.i]:
        return False
    prev = view.tokens[m.i - 1]
    if any(f[1] in TALLY_WORDS for f in view.forms[m.i - 1]):
        return True
    if TALLY_MIN <= 0 or article.body[prev.end:m.start].strip():
        return False
    return any(e.type == "QUANTITY" and e.start < prev.end <= e.end and isinstance(e.attrs.get("value"), int)
               and e.attrs["value"] >= TALLY_MIN and not (e.text.isdigit() and 1900 <= e.attrs["value"] <= 2100)
               for e in article.entities)


FRONTED_CLAUSE_WORDS = 5  # "وفي عام 2014، سيطر التنظيم …": a short fronted clause dates the next one


def _dates_trigger(view: TokenView, k: int, i: int) -> bool:
    """Whether the date at token ``k`` can date the trigger at token ``i``: it lies in the trigger's
    clause, or in a short clause of its own just before it ("في عام 2014، سيطر …"); not in another
    clause of the sentence ("المحاصرين … منذ العام 2013، إذ أن اشتباكات تدور …")."""
    if k < 0 or view.clause[k] == view.clause[i]:
        return True
    if k > i:
        return False
    ck = view.clause[k]  # clause ids never decrease along the view: the clause is one run of words
    size = bisect_right(view.clause, ck) - bisect_left(view.clause, ck)
    return size <= FRONTED_CLAUSE_WORDS and view.clause[i] == next(
        (view.clause[q] for q in range(k, i + 1) if view.clause[q] != ck), view.clause[i])


def _refined_type(view: TokenView, trig: Trigger, m: CueMatch, lo: int, hi: int, clause_rng: tuple[int, int],
                  a1: ArgRef | None) -> tuple[str, str | None]:
    sub = trig.sub_event_type
    plover = trig.plover
    win = (max(lo, m.i - 8), min(hi, m.j + 8))
    # a refining word of the trigger's own clause first ("… من طائرات النظام، كذلك استهدفت الفصائل
    # مواقعه بقذائف الهاون": mortars, not the aircraft of the clause before), then the words around it
    found = next(((new_sub, new_plover) for rng in (clause_rng, win) for pats, new_sub, new_plover in trig.refine
                  if _near(view, pats, *rng)), None)
    if found is not None:
        new_sub, new_plover = found
        sub, plover = new_sub, new_plover or (plover if new_sub == trig.sub_event_type else None)
    if trig.by_actor_kind and a1 is not None:
        kind = actor_kind(a1)
        sub = trig.by_actor_kind.get(kind or "", trig.by_actor_kind.get("default", sub))
    return sub, plover


# ------------------------------------------------------------------------------------- coding
def code_events(article: Article, past: list[CodedEvent] | None = None) -> list[CodedEvent]:
    """Every event the article reports, merged to one per real-world event.  ``past``, when given,
    receives the events told as background (history, no event of the news), which still state who
    fights whom (:func:`fight_relations`).  (Fights read from the mentions before merging were
    tried: +3 false relations on dev, no true one.)"""
    view = article_view(article)
    if not len(view):
        return []
    r = rules()
    ents = _resolved_entities(article, view)
    sports = sports_page(view, (e.ent for e in ents))  # a sports report codes only protests, riots and arrests
    srcs = [x for x in sources_of(article) if x.np_start >= 0]
    sources = [(x.np_start, x.np_end) for x in srcs]
    reporters = [(x.start, grp) for x in srcs for e in ents if x.np_start <= e.ent.start < x.np_end
                 and (grp := _reporting_group(e.ent)) is not None]
    named = [e for e in ents if e.ent.type not in ("DATE", "QUANTITY")]
    blocked = [(e.i, e.j) for e in named]
    dates = sorted((e for e in article.entities if e.type == "DATE"), key=lambda e: e.start)
    mentions: list[CodedEvent] = []
    past = [] if past is None else past
    prev_lo = 0
    for sent in article_sentences(article):
        lo, hi = view.index_range(sent.start, sent.end)
        if hi <= lo:
            continue
        ctx_lo, prev_lo = prev_lo, lo
        matches = find_cues(view, r.patterns, lo, hi)
        if not matches:
            continue
        s_ents = [e for e in named if lo <= e.i < hi]
        actors = [e for e in s_ents if e.ent.type in ACTOR_TYPES
                  and not any(s <= e.ent.start < t for s, t in sources) and not _former_name(view, s_ents, e)
                  and not _credit(article.body, e.ent) and not _medium(e.ent)]
        places = [e for e in s_ents if e.ent.type in PLACE_TYPES
                  and not any(s <= e.ent.start < t for s, t in sources)]
        # the places of the sentence before: where a cue that needs no place of its own happened
        context = [e for e in named if ctx_lo <= e.i < lo and e.ent.type in PLACE_TYPES
                   and not _is_country(e.ent) and not _foreign(e.ent)]
        in_sentence: list[CodedEvent] = []
        guards = _guards(view, lo, hi)
        for m in _select_triggers(view, matches, blocked):
            ev = _code_one(article, view, sent, m, lo, hi, actors, places, dates, reporters, context, named,
                           in_sentence[-1] if in_sentence else None, guards)
            if ev is None:
                continue
            if ev.background:
                past.append(ev)
                continue
            if ev.event_type in VIOLENT_TYPES and _points_back(view, m) and any(
                    x.event_type in VIOLENT_TYPES for x in (*mentions, *in_sentence)):
                continue  # "هذه الهجمات", "وجاءت الغارة بعد …": the attack already told, not another
            if ev.event_type in VIOLENT_TYPES and _referred_to(view, m) and any(
                    x.sub_event_type == ev.sub_event_type and x.modality != "hypothetical"
                    for x in (*mentions, *in_sentence)):
                continue  # "ردا على الهجوم الكيميائي", "التحقيق بشأن الهجوم": the attack already told
            won = next((x for x in in_sentence if x.sub_event_type in TERRITORY_TYPES), None)
            if won is not None and ev.sub_event_type == "Armed clash" and _after_fighting(view, m):
                # "استعاد السيطرة على المأذنية إثر معارك عنيفة مع التنظيم": the fight that won the place
                if won.actor2 is None and ev.actor2 is not None and not _same_actor(ev.actor2, won.actor1):
                    won.actor2 = ev.actor2
                won.mentions += ev.mentions
                continue
            # two cues of one sentence coded alike ("اغتال … بعبوة ناسفة") describe one event
            # … and "اشتباكات … في محاولة لاقتحامها": the aim of a fight told in the same sentence is that fight
            # … but not across "بينما/فيما" ("اشتبكوا مع القوات التركية …، بينما … اشتباكات في كرمانشاه")
            same = next((x for x in in_sentence if x.sub_event_type == ev.sub_event_type
                         and (x.modality == ev.modality or (x.modality == "asserted" and ev.modality == "planned"
                                                            and ev.event_type in VIOLENT_TYPES))
                         and _same_actor(x.actor1, ev.actor1) is not False
                         and _loc_overlap(x.location, ev.location) is not False  # one event per place
                         and not _contrast_between(view, x.trigger.end, ev.trigger.start)), None)
            if same is not None:
                _absorb(same, ev)
            else:
                in_sentence.append(ev)
        kept = _drop_generic(in_sentence)
        # a vague cue that a specific one made redundant still tells who hit whom ("استهدفت تركيا
        # مواقع X …، إثر الهجوم الانتحاري في سوروتش"): for the fights it states
        past.extend(e for e in in_sentence if not any(e is k for k in kept)
                    and e.actor1 is not None and e.actor2 is not None)
        for ev in _fold_coordinated(view, kept):
            mentions.append(ev)
            # "انفجار عبوتين في قضاء بلدروز والمقدادية": ACLED codes one event per place for acts done at
            # each (SPLIT_BY_PLACE); an agreement, a recruitment drive or a deployment is one, whatever
            # places it names ("نقلت … من مناطق الحجر الأسود ومخيم اليرموك")
            if ev.also_at and not {ev.event_type, ev.sub_event_type, ev.family}.isdisjoint(SPLIT_BY_PLACE):
                ev.listed = frozenset({ev.trigger.start})
                shares = _fatality_shares(ev.fatalities, 1 + len(ev.also_at))
                ev.fatalities = shares[0]
                mentions.extend(dc_replace(ev, location=loc, also_at=[], places=[], fatalities=share)
                                for loc, share in zip(ev.also_at, shares[1:], strict=True))
            ev.also_at = []
    countries = {(e.start, e.end) for e in article.entities if e.type in PLACE_TYPES and _is_country(e)}
    evs = _specific(_known_opponents(merge_events(mentions)), countries)
    if sports:
        # a match's attacks, a club's captures and a player's arrival are no events; its fans' protests,
        # riots and arrests are
        evs = [e for e in evs if e.event_type in ("Protests", "Riots") or e.sub_event_type == "Arrests"]
    _one_side_actors(article, view, ents, evs)
    for e in evs:
        if _same_actor(e.actor1, e.actor2) or (e.actor1 is not None and e.actor2 is not None
                                               and e.actor1.start is not None and e.actor1.start == e.actor2.start):
            # "أعلنت دمشق عن اتفاق مع فصيل جيش الإسلام", "اعتقال قوات الأمن العراقية مسؤولا": one party
            # found twice (by two readings of the sentence, or by a merge) is not both sides
            e.actor2 = None
    return evs


def _specific(evs: list[CodedEvent], countries: set[tuple[int, int]]) -> list[CodedEvent]:
    """ACLED codes events, not statements about a war: a battle placed only in a whole country, with
    no date and no opponent ("قتلت أثناء مشاركتها في القتال في صفوف القوات الكردية في سوريا",
    "مواجهات قادها في العراق") is background, not an incident.  ``countries``: the character spans of
    the article's country names (a bare country, not "شمال سوريا")."""
    return [e for e in evs if not (
        e.event_type == "Battles" and e.actor2 is None and not e.date and e.location is not None
        and (e.location.start, e.location.end) in countries)]


def _credit(body: str, e: Entity) -> bool:
    """A news agency credited in a dateline ("أتلانتا، الولايات المتحدة (CNN) – تعرضت …", "(رويترز) -"):
    a name in brackets followed by a dash is the story's source, never an actor."""
    if e.start < 1 or body[e.start - 1] != "(" or body[e.end:e.end + 1] != ")":
        return False
    return body[e.end + 1:e.end + 4].strip()[:1] in ("-", "–", "—")


def _medium(e: Entity) -> bool:
    """A news medium or a social platform ("مقطع فيديو منشور على تويتر", the KB's media organisations)
    carries the story; it is never a party to the event."""
    if e.type != "ORGANIZATION":
        return False
    if normalize_key(e.text) in _word_set("platform_names"):
        return True
    rec = _kb().entities.get(e.entity_id) if e.entity_id else None
    return rec is not None and rec.kind == "media"


def _former_name(view: TokenView, ents: list[_Ent], e: _Ent) -> bool:
    """"هيئة تحرير الشام "جبهة النصرة سابقا"": a group named right after another one and followed by
    سابقا is that group's former name, not a second party."""
    if e.j >= len(view) or view.tokens[e.j].norm not in _word_set("former_words"):
        return False
    return any(p.j <= e.i and e.i - p.j <= 1 and p.ent.type == e.ent.type for p in ents if p is not e)


def _fighting_in_general(view: TokenView, m: CueMatch, lo: int) -> bool:
    """"قدرات قواته في المعارك", "خبرته في القتال": a definite fighting noun after في/خلال with no
    party named is the war in general, not an incident (whatever place the sentence names) — unless
    a relative clause, "الدائرة" or a place phrase right after it tells which fighting ("في المعارك التي
    تشهدها بلدة X", "في القتال الدائر في عفرين", "في المعارك بمديرية X")."""
    if not (m.data.id == "clash" and m.prefix == "ال" and m.i - 1 >= lo
            and view.tokens[m.i - 1].norm in _word_set("general_fight_prepositions")):
        return False
    if _taking_part(view, m, lo):
        return True  # "أثناء مشاركتها في القتال في صفوف وحدات حماية المرأة": taking part in the war
    if m.j >= len(view) or view.clause[m.j] != view.clause[m.i]:
        return True
    nxt = view.tokens[m.j]
    return not (nxt.norm in RELATIVES or nxt.norm in _word_set("fight_specifiers") or nxt.norm == "في"
                or nxt.prefix.startswith("ب"))


def _taking_part(view: TokenView, m: CueMatch, lo: int) -> bool:
    """"مشاركتها في القتال": the fighting noun is what someone takes part in (``participation_words``
    before في), the war whatever side is named after it."""
    return m.i - 2 >= lo and view.tokens[m.i - 2].norm in _word_set("participation_words")


def _after_fighting(view: TokenView, m: CueMatch) -> bool:
    """The clash cue follows "إثر/بعد/عقب" ("… إثر معارك عنيفة مع …"): it tells how a place was won."""
    after = _word_set("after_words")
    return any(view.tokens[k].norm in after for k in range(max(0, m.i - 2), m.i))


def _known_opponents(evs: list[CodedEvent]) -> list[CodedEvent]:
    """A battle whose opponent the sentence does not name is fought against the one opponent the
    article pits its actor1 against elsewhere ("اشتباكات بين X وY" …, later "وسيطرت X على قرية …"):
    the other side of every ground fight of X in the article, when there is exactly one (a strike
    from the air on X names no ground opponent)."""
    foes: dict[str, dict[str, ArgRef]] = {}
    for e in evs:
        a1, a2 = e.actor1, e.actor2
        if (e.event_type == "Battles" and e.modality in FIGHT_MODALITIES and a1 is not None and a2 is not None
                and _armed_id(a1.entity_id) and _armed_id(a2.entity_id) and a1.entity_id != a2.entity_id):
            foes.setdefault(str(a1.entity_id), {})[str(a2.entity_id)] = a2
            foes.setdefault(str(a2.entity_id), {})[str(a1.entity_id)] = a1
    if not foes:
        return evs
    for e in evs:
        if e.event_type == "Battles" and e.actor1 is not None and e.actor2 is None:
            other = foes.get(str(e.actor1.entity_id), {})
            if len(other) == 1:
                e.actor2 = next(iter(other.values()))
    return evs


def _points_back(view: TokenView, m: CueMatch) -> bool:
    """A demonstrative before the trigger ("هذه الهجمات"), "وجاءت/ويأتي" before a definite one
    ("وجاءت الغارة بعد يوم من …") or an area noun ("مناطق الاشتباكات"): an event already told."""
    if m.i < 1:
        return False
    prev = view.tokens[m.i - 1]
    stem = prev.norm[1:] if prev.norm[:1] in ("و", "ف") and len(prev.norm) > 3 else prev.norm
    if stem in _word_set("back_pointer_words"):
        return True
    if m.prefix.endswith("ال") and any(f[1] in _word_set("fight_area_nouns") for f in view.forms[m.i - 1]):
        return True  # "قصف متبادل على مناطق الاشتباكات": the areas of the clashes already told
    return stem in _word_set("back_pointer_verbs") and m.prefix.endswith("ال")


def _referred_to(view: TokenView, m: CueMatch) -> bool:
    """A definite trigger ("الهجوم") that is the object of a word making it the topic of another statement: right after
    ``reference_words`` ("بشأن الهجوم", "عقب القصف") or after ``response_words`` + على ("ردا على الهجوم")."""
    if m.i < 1 or not m.prefix.endswith(("ال", "لل")):
        return False  # "بعد إطلاق مسلحين الرصاص على قافلة": an indefinite trigger tells a new act
    if any(view.tokens[k].norm in RELATIVES for k in range(m.j, min(len(view), m.j + 2))):
        return False  # "بيانات عن الهجمات التي يشنها X على Y": the relative clause tells the attacks anew
    prev = view.tokens[m.i - 1].norm
    if prev in _word_set("reference_words"):
        return True
    return prev == "علي" and m.i >= 2 and view.tokens[m.i - 2].norm in _word_set("response_words")


def _contrast_between(view: TokenView, start: int, end: int) -> bool:
    """A contrastive conjunction ("بينما", "فيما", "في حين") between two character offsets: what
    follows it is another incident."""
    lo, hi = view.index_range(min(start, end), max(start, end))
    return bool(find_cues(view, rules().contrast_words, lo, hi))


def _drop_generic(evs: list[CodedEvent]) -> list[CodedEvent]:
    """A vague violent cue ("هجوم") adds nothing when the sentence codes a specific violent event
    ("قتل … في غارة … استهدفت"): the attack is that event."""
    specific = [e for e in evs if e.event_type in VIOLENT_TYPES and not e.generic]
    if not specific:
        return evs
    for g in evs:
        if not (g.generic and g.event_type in VIOLENT_TYPES and g.actor1 is not None):
            continue
        s = next((x for x in specific if x.sub_event_type == g.sub_event_type and (
            x.location is None or g.location is None or _loc_overlap(x.location, g.location))), None)
        if s is None:
            continue
        if _same_actor(s.actor1, g.actor2):
            # "استهدفت الفصائل تمركزات لقوات النظام بقذائف الهاون": the weapon's cue took the target
            # for the attacker; the vague cue's verb had both right
            s.actor1, s.actor2 = g.actor1, g.actor2
        elif s.actor1 is None:
            s.actor1 = g.actor1
            if s.actor2 is None and not _same_actor(g.actor2, g.actor1):
                s.actor2 = g.actor2
    return [e for e in evs if not (e.generic and e.event_type in VIOLENT_TYPES)]


def _fold_coordinated(view: TokenView, evs: list[CodedEvent]) -> list[CodedEvent]:
    """"قصفاً واشتباكات بين X وY": shelling coordinated with a clash is one battle (ACLED codes the
    clash); the shelling mention is folded into it when the two triggers are within two words."""
    clashes = [e for e in evs if e.family == "clash"]
    if not clashes:
        return evs
    out = []
    for e in evs:
        target = next((c for c in clashes if e.event_type == "Explosions/Remote violence"
                       and abs(c.trigger.start - e.trigger.start) <= 20
                       and _same_actor(c.actor1, e.actor1) is not False), None)
        if target is not None:
            _absorb(target, e)
        else:
            out.append(e)
    return out


def _described_record(view: TokenView, m: CueMatch, lo: int) -> bool:
    """"في قتال"/"بمواجهة" a few words after a relative pronoun, with no incident word between:
    a clause describing what an actor does or did ("الذين أثبتوا فعالية في قتال التنظيم"), not an
    incident ("الذين قتلوا في قتال مع …" stays one)."""
    stems = {f[1] for f in view.forms[m.i]}
    if not stems & _word_set("record_nouns"):
        return False
    if not (m.prefix.endswith("ب") or (m.i > lo and view.tokens[m.i - 1].norm == "في")):
        return False
    incident = tuple(_word_set("record_incident_starts"))
    for k in range(m.i - 1, max(lo, m.i - 7) - 1, -1):
        if view.clause[k] != view.clause[m.i] or any(f[1].startswith(incident) for f in view.forms[k]):
            return False
        if view.tokens[k].norm in RELATIVES:
            return True
    return False


PLAN_HEAD_WORDS = 6  # "وتستعد قوات سوريا الديمقراطية للسيطرة على الرقة": the plan word, its subject, then the ل


def _is_purpose(view: TokenView, m: CueMatch, lo: int) -> bool:
    """"لقتال التنظيم", "بهدف السيطرة على", "تسعى إلى السيطرة": an aim, not an event — unless a plan word
    stands before the ل in its clause ("أعلن استعداده للانسحاب", "تستعد قوات X للسيطرة على": a plan, coded as
    planned)."""
    norm = view.tokens[m.i].norm
    if norm[:1] in ("و", "ف") and len(norm) > 4:
        norm = norm[1:]
    if norm.startswith("ل") and ("ل" in m.prefix):
        if m.data.id == "merger":
            return True  # joining stays an aim, whoever is ready for it ("مستعد للانضمام")
        plans = _word_set("plan_heads")
        return not any(view.clause[k] == view.clause[m.i] and any(f[1] in plans for f in view.forms[k])
                       for k in range(max(lo, m.i - PLAN_HEAD_WORDS), m.i))
    return bool(find_cues(view, rules().purpose, max(lo, m.i - 3), m.i))


SHARED_SUBJECT_WORDS = 5  # "واستغلت دمشق هذه النقطة وأرسلت قوات": the words between the name and the second verb


def _acting_country(view: TokenView, m: CueMatch, places: list[_Ent], lo: int, bound: int,
                    capitals: bool = False) -> _Ent | None:
    """A country that is the grammatical subject: right after a verb trigger ("استنفرت إيران
    فصائلها") or right after a light verb carrying a nominal trigger ("وشنت تركيا هجوما"); with
    ``capitals`` (non-violent cues only: "قصفت دمشق" is as often Damascus shelled) also a capital
    ("وأرسلت دمشق قوات")."""
    countries = [p for p in places if (_is_country(p.ent) or (capitals and is_capital(p.ent)))
                 and not _locative(view, p)]
    if not countries:
        return None
    if not m.prefix.endswith("ال"):
        # "وأرسلت دمشق قوات": the subject inside the gap of a verb's cue (non-violent cues)
        # (a country too in a violent cue's gap: "وكثفت تركيا في الأشهر الأخيرة ضرباتها ضد …")
        nxt = [p for p in countries if (p.i == m.j or (m.j - m.i > 1 and p.i == m.i + 1
                                                        and (capitals or _is_country(p.ent))))
               and not _masdar_object(view, m, p)]
        if nxt:
            return nxt[0]
        # subject first: "وكانت تركيا استهدفت …", "قالت إن تركيا قصفت …" (a clause that opens with the name)
        before = [p for p in countries if p.j == m.i and (p.i <= max(lo, bound) or view.tokens[p.i - 1].norm in
                                                         SUBJECT_OPENERS or view.tokens[p.i - 1].norm in COMPLEMENTIZERS)]
        if before:
            return before[0]
        if capitals and m.prefix == "و":
            # "واستغلت دمشق هذه النقطة وأرسلت قوات": a coordinated verb shares the subject of the verb that
            # opens the sentence (the name right after that first verb, a few words before)
            opener = [p for p in countries if p.i == max(lo, bound) + 1 and 0 <= m.i - p.j <= SHARED_SUBJECT_WORDS]
            if opener:
                return opener[0]
    lv = [x for x in find_cues(view, rules().light_verbs, max(lo, bound, m.i - 5), m.i) if x.prefix in ("", "و", "ف")]
    if lv:
        inner = [p for p in countries if p.i == lv[-1].j and p.j <= m.i]
        if inner:
            return inner[0]
    return None


def _masdar_object(view: TokenView, m: CueMatch, p: _Ent) -> bool:
    """"قصف سوريا", "التهديد بقصف سوريا", "باستهداف سوريا بصواريخ": a country right after the verbal noun
    of a transitive attack (``object_masdars``) is what it hits, unless an object of its own follows the
    country ("استهداف إسرائيل مواقع في سوريا", "قصف إسرائيل لمواقع": then it is the one who hits) or the
    noun is the cause of harm told before it (``cause_words``: "جراء قصف تركيا")."""
    if not any(f[1] in OBJECT_MASDARS for f in view.forms[m.i]):
        return False
    if m.i > 0 and view.clause[m.i - 1] == view.clause[m.i] and view.tokens[m.i - 1].norm in CAUSE_WORDS:
        return False  # "مقتل العشرات جراء قصف تركيا": the harm done by the country's shelling
    k = p.j
    if k < len(view) and view.clause[k] == view.clause[p.i]:
        tok = view.tokens[k]
        if tok.prefix in ("ل", "لل") or any(f[1] in rules().position_words for f in view.forms[k]):
            return False
    return True


OBJECT_MASDARS = _word_set("object_masdars")
CAUSE_WORDS = _word_set("cause_words")


def _party(e: _Ent) -> bool:
    return _is_country(e.ent) or is_capital(e.ent) or (e.ent.type == "PERSON" and str(e.ent.entity_id or "").startswith("per:"))


def _state_parties(view: TokenView, m: CueMatch, actors: list[_Ent], places: list[_Ent], lo: int,
                   hi: int) -> tuple[ArgRef, ArgRef | None] | None:
    """The parties of an agreement between states: countries or capitals (as named) or KB persons, the
    subject right after the verb ("واتفق أردوغان مع بوتن") or the coordinated subject right before it
    ("وكانت تركيا والولايات المتحدة توصلت لاتفاق"); the other party (a state, a KB person or an armed
    group) is the next one joined by و or مع. Only when the sentence also names a place in the conflict
    countries, an armed group or a facility: a trade deal between two states is no event of this war."""
    if m.prefix.endswith("ال"):
        return None
    named = sorted({id(e): e for e in places + actors if lo <= e.i < hi}.values(), key=lambda e: e.i)
    cands = [e for e in named if _party(e)]
    # the subject after the verb, or inside the cue's gap ("عقب توصل واشنطن وأنقرة لاتفاق")
    first: _Ent | None = next((e for e in cands if e.i == m.j or m.i < e.i < m.j), None)
    if first is None:
        chain = [e for e in cands if e.j == m.i]
        while chain and view.tokens[chain[0].i].prefix in GLUED_CONJUNCTIONS:
            prev = [e for e in cands if e.j == chain[0].i]
            if not prev:
                break
            chain.insert(0, prev[0])
        first = chain[0] if chain else None
        if first is not None and first.i > lo and view.tokens[first.i - 1].norm not in SUBJECT_OPENERS \
                and view.tokens[first.i - 1].norm not in COMPLEMENTIZERS:
            return None
    if first is None:
        return None
    second = next((e for e in named if (_party(e) or e.ent.type == "ARMED_GROUP") and e.i >= first.j and e.ent.entity_id != first.ent.entity_id and e.i - first.j <= 4 and (
        view.tokens[e.i].prefix in GLUED_CONJUNCTIONS or any(view.tokens[k].norm == "مع" for k in range(first.j, e.i)))), None)
    used = {id(first), id(second)}
    war = any(id(e) not in used and (e.ent.type in ("ARMED_GROUP", "FACILITY") or (
        e.ent.type == "LOCATION" and str(e.ent.country or "").upper() in THEATRE_COUNTRIES)) for e in named)
    if not war:
        return None
    return ArgRef.of(first.ent), (ArgRef.of(second.ent) if second else None)


def _comma_subject(body: str, view: TokenView, m: CueMatch, actors: list[_Ent], bound: int,
                   mute: list[_Ent]) -> _Ent | None:
    """A long subject set off by a comma before its verb in a reported clause: "إن طائرات تابعة للتحالف
    الدولي، قصفت أحد مواقع الجيش السوري", "إن الوحدات الكردية والفصائل المساندة لها، اعتقلت". The
    trigger is a bare word (no article, no clitic) right after a comma, and the clause before the comma
    opens with "إن"/"أن" (which takes a noun subject, the verb being its predicate). The subject is the
    first name of that clause, at most 4 words after "إن", not inside a prepositional phrase ("قياديا في
    تنظيم داعش") unless linked to the head noun ("طائرات تابعة للتحالف")."""
    i = m.i
    if m.prefix or bound < 1 or i <= bound or view.tokens[i].norm.startswith("ال") \
            or view.clause[i - 1] != view.clause[i] - 1 or view.clause[bound - 1] != view.clause[i - 1] \
            or view.tokens[bound - 1].norm not in COMPLEMENTIZERS:
        return None
    if not any(c in body[view.tokens[i - 1].end:view.tokens[i].start] for c in "،,"):
        return None
    first = next((a for a in actors if bound <= a.i and a.j <= i), None)
    if first is None or first.i - bound > 4 or first in mute or _not_actor(view, first) or i - first.j > 10:
        return None
    before = view.tokens[first.i - 1].norm if first.i > bound else ""
    prefix = view.tokens[first.i].prefix
    if before in PREPOSITIONS or prefix.startswith(("ب", "ف", "ك", "و")):
        return None
    if prefix.startswith("ل") and before not in _word_set("subject_links"):
        return None
    return first


def _clause_bound(view: TokenView, m: CueMatch, lo: int) -> int:
    """First word of the trigger's reported clause: after the nearest complementizer ("قال إن"),
    unless that complementizer follows a hedge ("ما يشتبه بأنه")."""
    for k in range(m.i - 1, lo - 1, -1):
        if view.tokens[k].norm in COMPLEMENTIZERS:
            pointing = k - 2 >= lo and view.tokens[k - 1].norm == "الي" and any(
                f[1] in _word_set("pointing_verbs") for f in view.forms[k - 2])  # "لافتا الى انه", "أشار إلى أن"
            if k - 1 >= lo and not pointing and any(f[1] in HEDGES or f[1] in rules().concessives or f[1] in TEMPORAL_ANNA
                                                    for f in view.forms[k - 1]):
                continue  # "ما يشتبه بأنه", "غير أنها", "بعد أن سيطروا", "إلى أن": no reporting frame
            return k + 1
    return lo


def _state_force(ent: Entity) -> ArgRef | None:
    """The KB armed forces of a country named as an actor ("شنت تركيا" → grp:turkish-forces):
    the state/foreign force of that origin country named "الجيش …" (else "القوات …")."""
    code = ent.country or ""
    kb = _kb()
    if kb is None or not code or len(code) != 2:
        return None
    return _forces_of(code.upper(), ent.text, ent.start, ent.end)


def _reporting_group(ent: Entity) -> Entity | None:
    """The armed group a source mention stands for: an armed group itself, or a defence ministry's
    country's forces ("أعلنت وزارة الدفاع الروسية استهداف …"); else None."""
    if ent.type == "ARMED_GROUP":
        return ent
    kb = _kb() if ent.type == "ORGANIZATION" and ent.entity_id else None
    rec = kb.entities.get(ent.entity_id) if kb is not None else None
    if rec is None or rec.kind != "ministry" or "الدفاع" not in normalize_key(rec.name_ar or "").split():
        return None
    forces = _country_forces().get((rec.country or "").upper())
    return dc_replace(ent, type="ARMED_GROUP", entity_id=forces) if forces else None


def _forces_of(code: str, text: str, start: int, end: int) -> ArgRef | None:
    best = _country_forces().get(code)
    if best is None:
        return None
    return ArgRef(text=text, entity_id=best, start=start, end=end)


@lru_cache(maxsize=1)
def _country_forces() -> dict[str, str]:
    kb = _kb()
    out: dict[str, tuple[int, str]] = {}
    try:
        ents = list(kb.entities.values()) if kb is not None else []
    except Exception:
        ents = []
    for e in ents:
        if getattr(e, "kind", None) not in ("state_force", "foreign_force") or not getattr(e, "origin_country", None):
            continue
        words = normalize_key(e.name_ar or "").split()
        if len(words) != 2:
            continue
        rank = 0 if words[0] == "الجيش" else 1 if words[0] == "القوات" else None
        if rank is None:
            continue
        prev = out.get(e.origin_country)
        if prev is None or rank < prev[0]:
            out[e.origin_country] = (rank, e.id)
    return {k: v[1] for k, v in out.items()}


@lru_cache(maxsize=1)
def _nationality_adjectives() -> dict[str, str]:
    """Nationality adjectives (with and without the article, masculine and feminine) → origin country,
    read off the KB names of each country's main force ("الجيش التركي", "القوات الروسية")."""
    kb = _kb()
    out: dict[str, str] = {}
    for code, eid in _country_forces().items():
        e = kb.entities.get(eid) if kb is not None else None
        if e is None:
            continue
        for name in [e.name_ar or "", *(getattr(e, "aliases_ar", None) or [])]:
            words = normalize_key(name).split()
            if len(words) < 2 or not words[-1].startswith("ال") or not words[-1].endswith(("ي", "يه")):
                continue
            stem = words[-1][2:].removesuffix("ه")
            if len(stem) < 3 or stem in _word_set("not_nationality_adjectives"):
                continue
            for form in (stem, stem + "ه", "ال" + stem, "ال" + stem + "ه"):
                out.setdefault(form, code)
    return out


def _nationality_at(view: TokenView, k: int) -> str | None:
    """The country code of the nationality adjective at word ``k`` ("الروسية", "سورية"), or None."""
    return next((c for f in view.forms[k] if (c := _nationality_adjectives().get(f[1]))), None)


def _nationality_actor(article: Article, view: TokenView, m: CueMatch) -> ArgRef | None:
    """"غارات جوية روسية", "الهجوم التركي", "لقصف جوي من قبل مقاتلات روسية": a nationality adjective
    after a violent trigger (manner and aircraft words, من قبل, may stand between) names the attacking
    state's forces."""
    k = m.j
    for _ in range(NATIONALITY_GAP_WORDS + 1):
        if k >= len(view) or view.clause[k] != view.clause[m.i]:
            return None
        tok = view.tokens[k]
        if tok.prefix[:1] in ("و", "ف"):
            return None  # "غارات سورية وروسية": a coordinated second party is not read here
        if tok.prefix in ("", "ال"):
            code = _nationality_at(view, k)
            if code is not None:
                return _forces_of(code, article.body[tok.start:tok.end], tok.start, tok.end)
        if not _near(view, rules().nationality_gaps, k, k + 1):
            return None
        k += 1
    return None


NATIONALITY_GAP_WORDS = 4  # "لقصف جوي من قبل مقاتلات روسية": من، قبل، مقاتلات


def _national_force(article: Article, view: TokenView, m: CueMatch, lo: int, hi: int) -> ArgRef | None:
    """"الأشخاص الذين ألقت فرق الأمن التركية القبض عليهم": a force noun with a nationality adjective as
    the verb's subject (inside the cue's gap, right before it, or, for an arrest, right after it: "اعتقلت
    الشرطة التركية 13 شخصا") names that state's forces."""
    nouns = _word_set("national_force_nouns")
    toks = view.tokens
    after = range(m.j + 1, min(m.j + 3, hi)) if m.data.id == "arrests" else range(0)
    for k in [*range(m.i + 1, m.j), *range(max(lo + 1, m.i - 2), m.i), *after]:
        tok = toks[k]
        if tok.prefix != "ال" or view.clause[k] != view.clause[m.i]:
            continue
        code = _nationality_at(view, k)
        if code is None:
            continue
        q = k - 1
        if q > lo and toks[q].norm in _word_set("national_force_modifiers"):
            q -= 1  # "فرق الأمن التركية"
        if q >= lo and toks[q].norm in nouns and (k not in after or q == m.j):
            return _forces_of(code, article.body[toks[q].start:tok.end], toks[q].start, tok.end)
    return None


def _nationality_subject(article: Article, view: TokenView, m: CueMatch, lo: int) -> ArgRef | None:
    """"ان الدبابات التركية قصفت قرية", "المقاتلات الروسية الحربية شنت", "طائرات حربية سورية قصفت": a weapon
    noun with a nationality adjective right before a violent verb is its subject, that state's forces."""
    gaps = _word_set("nationality_gap_words")
    if view.tokens[m.i].norm in _word_set("agent_nouns") and view.tokens[m.j - 1].norm in _word_set("agent_verbs"):
        # the aircraft inside the cue, its subject ("طائرات حربية سورية قصفت", cue "طائرات ~4 قصفت"): its
        # adjective (not "طائرة إيرانية بدون طيار", a drone named, perhaps downed)
        for k in range(m.i + 1, m.j - 1):
            tok = view.tokens[k]
            code = _nationality_at(view, k)
            if code is not None and tok.prefix in ("", "ال"):
                return _forces_of(code, article.body[tok.start:tok.end], tok.start, tok.end)
    k = m.i - 1
    if k > lo and view.tokens[k].norm in gaps:
        k -= 1  # "المقاتلات الروسية الحربية"
    if k - 1 < lo or view.tokens[k].prefix not in ("", "ال"):
        return None
    tok = view.tokens[k]
    definite = tok.prefix == "ال"
    q = k - 1
    if not definite and q > lo and view.tokens[q].norm in gaps:
        q -= 1  # "طائرات حربية سورية قصفت"
    noun = view.tokens[q].norm
    # "طائرات سورية قصفت": an indefinite weapon noun with an indefinite adjective
    if (noun if definite else "ال" + noun) not in _word_set("weapon_subjects"):
        return None
    code = _nationality_at(view, k)
    return _forces_of(code, article.body[tok.start:tok.end], tok.start, tok.end) if code else None


def _self_act(view: TokenView, k: int) -> bool:
    """The reported clause opens with a violent verb of its own ("أنه قتل", "أنها شنت"), so the
    complementizer's pronoun is its subject."""
    if k < len(view) and view.tokens[k].norm in ("قد", "لقد") and k + 1 < len(view):
        k += 1
    r = rules()
    return bool(find_cues(view, r.light_verbs, k, k + 1)) or any(f[1] in r.casualty_words for f in view.forms[k])


def _possessed_trigger(view: TokenView, m: CueMatch) -> bool:
    """A trigger told with a possessive pronoun on a word of its own ("سيطرته على", "استيلاء قواته على")."""
    return any(_possessed(view.tokens[k].norm, m.prefix if k == m.i else "", 5) for k in range(m.i, m.j))


def _only_dates_between(view: TokenView, dates: list[Entity], start: int, end: int,
                        last: frozenset[str] = frozenset()) -> bool:
    """Every word between character offsets ``start`` and ``end`` lies in a date ("السبت", "، الجمعة،");
    the last one may instead be one of ``last`` ("إعلان الجيش، السبت، عن سيطرته")."""
    lo, hi = view.index_range(start, end)
    if hi > lo and view.tokens[hi - 1].norm in last:
        hi -= 1
    return all(any(d.start <= view.tokens[k].start and view.tokens[k].end <= d.end for d in dates) for k in range(lo, hi))


def _self_reporter(article: Article, sent: Span, m: CueMatch, reporters: list[tuple[int, Entity]]) -> ArgRef | None:
    """A group announcing its own action ("أعلنت ميليشيا X عن اندماجها"): the source before the trigger."""
    cands = [e for start, e in reporters if sent.start <= start < m.start and m.start - e.end <= SELF_REPORT_CHARS]
    return ArgRef.of(cands[-1]) if cands else None


def _person_joins(view: TokenView, m: CueMatch, actors: list[_Ent], persons: list[_Ent], bound: int) -> bool:
    """A finite "انضم/انضمت" whose subject, the nearest name before it in its clause, is a person:
    someone joined a group (a membership, the relations' business), no group changed."""
    joins = _word_set("join_verbs")
    if not any(f[1] in joins for f in view.forms[m.i]):
        return False
    # (a name that ends after the clause bound counts: "فإن كامبل … انضمت", the tagger's span holds فإن; so
    # does a person the source phrase took in: "بحسب المتحدثة نسرين عبد الله فإن كامبل … انضمت")
    names = [*actors, *(a for a in persons if a not in actors)]
    before = sorted((a for a in names if bound < a.j and a.j <= m.i and view.clause[a.j - 1] == view.clause[m.i]),
                    key=lambda a: a.j)
    return bool(before) and before[-1].ent.type == "PERSON"


def _code_one(article: Article, view: TokenView, sent: Span, m: CueMatch, lo: int, hi: int,
              actors: list[_Ent], places: list[_Ent], dates: list[Entity],
              self_reporters: list[tuple[int, Entity]], context: list[_Ent] | None = None,
              named: list[_Ent] | None = None, before: CodedEvent | None = None,
              guards: dict[str, list[CueMatch]] | None = None) -> CodedEvent | None:
    trig: Trigger = m.data
    if (_near(view, trig.not_before, m.i - 2, m.i) or _near(view, trig.not_after, m.j, m.j + 2)
            or _near(view, trig.not_right_before, m.i - 1, m.i)):
        return None
    if trig.not_object:
        end = m.j
        while end < min(m.j + 5, len(view)) and view.clause[end] == view.clause[m.i]:
            end += 1
        if _near(view, trig.not_object, m.j, end):
            return None
    if any(m.i < e.i < m.j for e in actors):
        # "دخلت قوات X ليلا إلى …": a name inside the cue's gap is the verb's subject, after its first word
        tok = view.tokens[m.i]
        m = CueMatch(m.pattern, m.i, m.i + 1, m.start, tok.end, m.prefix, m.future, m.data)
    if trig.with_any and not _near(view, trig.with_any, lo, hi):
        return None
    guards = guards if guards is not None else _guards(view, lo, hi)
    if _instead_of(view, m, guards):
        return None
    if _habitual(view, m, guards):
        return None
    if _guard_near(guards, "no_plan_words", max(lo, m.i - 6), m.i):
        return None  # "ليس لدى تركيا خطط لإرسال قوات برية", "لا تنوي الانسحاب": no plan, no event
    if trig.after_any and not _near(view, trig.after_any, m.j, min(m.j + 3, hi)):
        return None  # "أوقف تقدم التنظيم": the verb stops something, it arrests no one
    if trig.without_any and _near(view, trig.without_any, lo, hi):
        return None
    clause = view.clause[m.i]
    c_lo = next((k for k in range(m.i, lo - 1, -1) if view.clause[k] != clause), lo - 1) + 1
    c_hi = next((k for k in range(m.j, hi) if view.clause[k] != clause), hi)
    if trig.id in PURPOSE_FAMILIES and _is_purpose(view, m, lo):
        return None  # "لقتال التنظيم", "لاستعادة السيطرة على": an aim, not a fight
    if _described_record(view, m, lo):
        return None  # "الذين أثبتوا فعالية في قتال التنظيم": who they are, not what happened
    if m.j < hi and any(f[1] in PAST_ADJECTIVES for f in view.forms[m.j]):
        return None  # "وفق اتفاقات سابقة", "في هجمات سابقة": earlier ones, not an event of the news
    if trig.id in REMOTE_FAMILIES and find_cues(view, rules().purpose, max(lo, m.i - 3), m.i):
        return None  # "كي تواصل قصف المنطقة", "بهدف قصف": an aim, not a strike
    if m.prefix.startswith("ل") and _near(view, rules().attempts, m.i - 3, m.i):
        return None  # "قصف … في محاولة منها لاقتحام المدينة": the aim of the event told, no event of its own
    bound = _clause_bound(view, m, lo)
    stated = person_groups(article)
    mute = ([a for a in actors if not _can_act(a, stated, view)]
            if sub_event_info(trig.sub_event_type).event_type in VIOLENT_TYPES else [])
    mute += [a for a in _condemners(view, m, actors, lo) if a not in mute]
    accusers, accused = _accusation(view, m, [*actors, *places], lo)
    mute += [a for a in accusers if a in actors and a not in mute]
    place_toks = frozenset(k for p in places for k in range(p.i, p.j))
    if trig.id == "merger" and _person_joins(view, m, actors, [a for a in named or [] if a.ent.type == "PERSON"
                                                                and lo <= a.i < hi], bound):
        return None  # "انضمت المقاتلة البريطانية إلى الوحدات الكردية": one member, not a change of the group
    a1e, a2e = _pick_actors(view, trig, m, actors, lo, hi, bound, mute, place_toks)
    if a1e is None and sub_event_info(trig.sub_event_type).event_type in VIOLENT_TYPES:
        a1e = _claimant(view, m, actors, self_reporters, lo) or _blamed(view, m, actors, hi)
        if a1e is not None and a2e is not None and a2e.i == a1e.i:
            a2e = None
    a1 = _arg(a1e, stated) if a1e else None
    a2 = ArgRef.of(a2e.ent) if a2e else None  # the target as named (a victim is not their group)
    country = _acting_country(view, m, places, lo, bound,
                              capitals=sub_event_info(trig.sub_event_type).event_type not in VIOLENT_TYPES)
    if country is not None and (a1e is None or a1e.i > country.i or not m.prefix.endswith("ال")):
        a1 = _state_force(country.ent) or ArgRef.of(country.ent)
    if a1 is None and sub_event_info(trig.sub_event_type).event_type in VIOLENT_TYPES:
        a1 = _nationality_actor(article, view, m) or _nationality_subject(article, view, m, lo)
    if a1 is None and accused is not None and accused is not a2e:
        a1 = (_state_force(accused.ent) or ArgRef.of(accused.ent)) if accused.ent.type == "LOCATION" else _arg(accused, stated)
    if a1 is None:
        a1 = _national_force(article, view, m, lo, hi)
    if a1 is None and (e := _comma_subject(article.body, view, m, actors, bound, [*mute, *([a2e] if a2e else [])])):
        a1 = _arg(e, stated)
    if a1 is None and sub_event_info(trig.sub_event_type).event_type not in VIOLENT_TYPES:
        # a group announcing its own merger/deployment acts; one reporting an attack is its target
        a1 = _self_reporter(article, sent, m, self_reporters)
    elif (a1 is None and bound > lo and view.tokens[bound - 1].norm in SELF_COMPLEMENTIZERS and m.i - bound <= 14
          and (m.i == bound or _self_act(view, bound))
          and not any(bound <= a.i < m.i and not _is_victim(view, a) for a in actors)):
        a1 = _self_reporter(article, sent, m, self_reporters)  # "أعلن الجيش أنه قتل 45 … في غارات"
        if a1 is not None and a2 is not None and _same_actor(a1, a2):
            a1 = None
    if a1 is None and (trig.id in REMOTE_FAMILIES or trig.id in ("territory", "arrests")):
        # "أعلنت القوات العراقية تحرير مدينة الرمادي", "أكد الجيش سيطرته على …": the group announcing,
        # right before the verbal noun, what it did (casualty nouns are no such cue: "أعلن الجيش
        # مقتل 5 من جنوده" tells of its losses)
        direct = [e for start, e in self_reporters if sent.start <= start < m.start and 0 <= m.start - e.end <= 2]
        if direct and not (a2 is not None and _same_actor(ArgRef.of(direct[-1]), a2)):
            a1 = ArgRef.of(direct[-1])
    if trig.id == "territory" and _possessed_trigger(view, m):
        # "وأعلن الجيش السوري السبت سيطرته بالكامل على …", "أكد الجيش، الجمعة، استيلاء قواته على …": the
        # announcer (only a date between) is whom the pronoun stands for, the taker
        owner = [e for start, e in self_reporters if sent.start <= start < m.start
                 and _only_dates_between(view, dates, e.end, m.start, frozenset({"عن"}))]
        if owner and not (a2 is not None and _same_actor(ArgRef.of(owner[-1]), a2)):
            a1 = ArgRef.of(owner[-1])
    if a1 is not None and a2 is not None and a1.entity_id and a1.entity_id == a2.entity_id:
        a2 = None
    # the capital acting for its state is not where the event is ("توصلت دمشق إلى اتفاق مع …")
    loc_places = [p for p in places if p is not country] if country is not None and is_capital(country.ent) else places
    loc, village_list, villages_after = _pick_location(article, view, m, loc_places, bound)
    if named and (obj := _anaphor_object(view, m, hi)) is not None:
        # "بشن هجوم على المدينة": the town the trigger's object stands for, before other places of the sentence
        town = _last_town(article, view, named, m.i, obj.removeprefix("ال"))
        if town is not None:
            loc, village_list = town, []
    also_at = _coordinated_towns(article, view, places, loc) if loc is not None and not village_list else []
    if loc is None and context and (trig.requires == "none" or view.tokens[lo].norm in _word_set("continuation_words")):
        # "وتشهد البصرة مظاهرات … حيث أحرق متظاهرون القنصلية": the place the sentence before is about
        # (its first town, else its first place); also for any cue when the sentence goes on with
        # the one before ("… عمليات شرقي الفلوجة. كما تم تفكيك 21 عبوة ناسفة")
        cands = [_location_of(article, view, p) for p in context]
        loc = min(cands, key=lambda c: _specificity(c) != 1)
    if loc is None and named:
        # "قصف عنيف استهدف المدينة", "استهدف قصف جوي ومدفعي المدينة": the town last introduced as one
        # ("مدينة دوما"), before
        word = next((view.tokens[k].norm for k in range(max(lo, m.i - 3), min(hi, m.j + 4))
                     if not m.i <= k < m.j and view.tokens[k].norm in PLACE_ANAPHORS), None)
        if word is not None:
            loc = _last_town(article, view, named, lo, word.removeprefix("ال"))  # المدينه -> مدينه
    if trig.requires == "actor" and a1 is None:
        return None
    if trig.requires == "party" and (country is not None or not (a1 and str(a1.entity_id or "").startswith("grp:"))):
        # "اتفقت الولايات المتحدة وتركيا …", "واتفق أردوغان مع الرئيس الروسي …": states or their
        # leaders as the parties, when the sentence is about the war (a place in it, a group, a base)
        parties = _state_parties(view, m, actors, places, lo, hi)
        if (parties is None and country is None and a1 is None and loc is not None and loc.country in THEATRE_COUNTRIES
                and not m.prefix.endswith(("ال", "لل"))
                and not _guard_near(guards, "agreement_reference_words", m.i - 2, m.i)):
            # "التوصل إلى اتفاق … يقضي بإخراج المقاتلين … من الجيب الذي يسيطر عليه فيلق الرحمن": an agreement
            # about a place of the war whose armed group the sentence names elsewhere (held, sent out)
            armed = next((x for x in actors if str(x.ent.entity_id or "").startswith("grp:")), None)
            parties = (ArgRef.of(armed.ent), a2) if armed is not None else None
        if parties is None:
            return None
        a1, a2 = parties
    if trig.requires == "armed" and not (a1 and str(a1.entity_id or "").startswith("grp:")):
        return None
    if (a1 is None and a2 is None and loc is None and before is not None and before.actor1 is not None
            and _guard_near(guards, "additive_words", m.i - 3, m.i)):
        # "عندما شن تنظيم داعش سلسلة هجمات …، علاوة على اختطاف عدد آخر من المدنيين": an act added to the
        # one told before it in the sentence, by the same actor, at the same place
        a1, loc = before.actor1, before.location
    if a1 is None and a2 is None and loc is None and trig.requires != "none":
        return None  # generic mention ("جبهات القتال"): no actor and no place
    if _fighting_in_general(view, m, lo) and (a1 is None and a2 is None or _taking_part(view, m, lo)):
        return None
    sub, plover = _refined_type(view, trig, m, lo, hi, (c_lo, c_hi), a1)
    if sub == "Attack" and a2 is not None and str(a2.entity_id or "").startswith("grp:"):
        # the target is an armed group's men: ACLED codes attacks on armed actors as battles, not as
        # civilian targeting.  A fight that a place word ("قرية") refined to an attack keeps its own
        # type; an attack trigger takes its armed_target ("قتل عنصر من الحشد برصاص مسلحين")
        if trig.sub_event_type != "Attack":
            sub, plover = trig.sub_event_type, trig.plover
        elif trig.armed_target:
            sub, plover = trig.armed_target, None
    if sub == "Violent demonstration" and a1 is not None and actor_kind(a1) in ("state_force", "foreign_force"):
        # "اشتباكات بين محتجين وقوات الأمن", "اقتحم محتجون المبنى …": the rioters are the unnamed protesters,
        # the forces the other side, unless they only tell it ("وقالت الشرطة إن محتجين اقتحموا")
        speaker = attribution_of(article, sent, (m.start, m.end))
        told = speaker is not None and normalize_key(speaker) == normalize_key(a1.text)
        a1, a2 = None, a2 or (None if told else a1)
    definite = not trig.clause and (m.prefix.endswith("ال") or m.prefix.endswith("لل") or any(
        view.tokens[k].norm.startswith("ال") for k in range(m.i + 1, m.j))) and not any(
        f[1] in _word_set("agent_nouns") for f in view.forms[m.i])
    info = sub_event_info(sub)
    background = _background(article, view, sent, m, dates, lo)
    if background and (info.event_type not in FIGHT_TYPES or (
            (a1 is None or a2 is None) and "بين" not in article.body[sent.start:sent.end])):
        return None  # history that states no fight (fight_relations reads the rest)
    if info.event_type in TALLY_TYPES and _tally(article, view, m, lo):
        return None
    if background:  # kept for the fight it states: no date, source or count needed
        date, precision, attributed, fatalities = None, None, None, None
    else:
        date, precision = _date_for(article, sent, m, dates)
        if date and _judged_date(view, m, dates, bound):
            date, precision = None, None
        attributed = attribution_of(article, sent, (m.start, m.end))
        fatalities = _fatalities(sent.text or article.body[sent.start:sent.end]) if info.event_type in VIOLENT_TYPES else None
    modality = modality_of(article, sent, (m.start, m.end), sub)
    if (village_list and villages_after and loc is not None
            and not {info.event_type, sub, trig.id}.isdisjoint(SPLIT_BY_PLACE)
            and all(t.country in (loc.country, None) and t.place_id not in state_capitals() for t in village_list)):
        # "اشتباكات … قرب بلدات حمورية وسقبا وافتيريس": a fight at each village (see code_events), not one
        # in the region; a withdrawal from the villages stays one event in the region, listing them. Not
        # capitals standing for their states ("وتحمل واشنطن موسكو وحليفتها دمشق مسؤولية …")
        loc, also_at, village_list = village_list[0], village_list[1:], []
    completeness = 0.55 + 0.2 * (a1 is not None) + 0.15 * (loc is not None) + 0.1 * (date is not None)
    confidence = min(1.0, trig.weight * completeness * MODALITY_FACTOR.get(modality, 0.7))
    return CodedEvent(
        event_type=info.event_type, sub_event_type=sub, plover=plover or info.plover,
        trigger=Span(m.start, m.end, article.body[m.start:m.end]),
        evidence=Span(sent.start, sent.end, article.body[sent.start:sent.end]),
        actor1=a1, actor2=a2, location=loc, date=date, time_precision=precision if date else None,
        fatalities=fatalities, modality=modality, attributed_to=attributed, confidence=confidence,
        places=village_list, disorder_type=info.disorder_type, family=trig.id, definite=definite,
        generic=trig.generic, also_at=also_at, background=background,
        shifted=_guard_near(guards, "episode_shift_words", lo, m.i),
    )


# ------------------------------------------------------------------------------------ merging
def _coarse(loc: Location) -> bool:
    return loc.geo_precision >= 3 or not loc.admin1


def _specificity(loc: Location) -> int:
    """How specific a place is when places are compared: its geo_precision, but 1 for a named town the
    gazetteer lacks, placed at its district (``Location.situated``): it is still one town."""
    return 1 if loc.situated else loc.geo_precision


def _loc_overlap(a: Location | None, b: Location | None) -> bool | None:
    """True/False when both are known and comparable, None when one is missing or too coarse."""
    if a is None or b is None:
        return None
    if a.place_id and a.place_id == b.place_id:
        return True
    na, nb = normalize_key(a.text), normalize_key(b.text)
    if na in nb or nb in na:
        return True
    if _coarse(a) or _coarse(b):
        return None
    # (a town placed at its district is still one town: "بلدة الغنطو بريف حمص" is not "مدينة تلبيسة")
    if a.admin1 == b.admin1 and max(_specificity(a), _specificity(b)) >= 2:
        if _named_area_away(a, b) or _named_area_away(b, a):
            return False  # "جرود القلمون" … "بلدة بيت جن": the same governorate, not the same area
        return None  # a town and the region around it: compatible, not evidence of one event
    return False


AREA_RADIUS_KM = 40.0
VILLAGES_AFTER = 20  # words from a trigger to the list of villages it happened at
INNER_PLACE_KM = 20.0  # "معارك حلب في منطقة النيرب": a quarter or village this close to the town named before it


def _named_area_away(area: Location, town: Location) -> bool:
    """``area`` is a named area (القلمون, الغوطة الشرقية: not a phrase such as "ريف حلب الشرقي", whose
    point is the centre of a whole governorate's countryside) and ``town`` lies farther than
    AREA_RADIUS_KM from its point."""
    if area.geo_precision != 2 or town.geo_precision != 1 or None in (area.lat, area.lon, town.lat, town.lon):
        return False
    words = normalize_key(area.text).split()
    if not words or strip_clitics(words[0]) in REGION_WORDS or words[-1] in DIRECTION_ADJ:
        return False
    return haversine_km(area.lat, area.lon, town.lat, town.lon) > AREA_RADIUS_KM  # type: ignore[arg-type]


def _same_actor(a: ArgRef | None, b: ArgRef | None) -> bool | None:
    if a is None or b is None:
        return None
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return normalize_key(a.text) == normalize_key(b.text)


def _kind_key(e: CodedEvent) -> tuple[str, str]:
    """Violent events merge by event type (one fight, strike or attack told with different words);
    strategic developments by sub-event type and trigger family (a recruitment drive is not a deployment);
    violence against civilians by sub-event type (killing and kidnapping people are separate acts)."""
    if e.event_type == "Violence against civilians":
        return (e.sub_event_type, "")  # an execution and an abduction are two acts, not one told twice
    if e.event_type in VIOLENT_TYPES:
        return (e.event_type, "")
    return (e.sub_event_type, e.family)


def _mergeable(a: CodedEvent, b: CodedEvent) -> bool:
    """Same event: same kind (see :func:`_kind_key`), same actor1 or overlapping location, no
    conflicting date; a different modality only when the place is the same ("نية اقتحام X" … "اقتحام X")."""
    if _kind_key(a) != _kind_key(b) and not (
            a.event_type == b.event_type == "Violence against civilians" and (a.generic or b.generic)):
        return False  # … but "هاجم مخيما وأخذ منه رهائن": a vague attack is the abduction it opens
    if b.shifted and a.sub_event_type != b.sub_event_type:
        return False  # "وفي وقت سابق …، جراء القصف التركي" after an air strike: another event, earlier
    if a.location and b.location and a.location.country and b.location.country \
            and a.location.country != b.location.country:
        return False  # "غارات على مواقع داعش في سوريا" … "ضرب مواقع حزب العمال في جنوب شرقي تركيا": two countries
    if a.sub_event_type == b.sub_event_type and a.sub_event_type in SINGULAR_SUB_TYPES:
        return _retold_singular(a, b)
    if a.date and b.date and a.date != b.date and not _retold_a_day_apart(a, b):
        return False
    actor = _same_actor(a.actor1, b.actor1)
    loc = _loc_overlap(a.location, b.location)
    if actor is None and _parties(a) & _parties(b) and (
            loc is True or a.location is None or b.location is None or _country_level(a.location)
            or _country_level(b.location)):
        actor = True  # "اشتباكات مع X" … "اشتبك Y مع X": one side named in both mentions
    if (b.definite and not b.shifted and a.event_type in VIOLENT_TYPES and (loc is True or b.location is None)
            and "hypothetical" not in (a.modality, b.modality)):
        return True  # "الضربة الجوية", "في الهجوم" without a new place: the strike already told
    if a.modality != b.modality:
        same_place = a.location is not None and b.location is not None and (
            (a.location.place_id and a.location.place_id == b.location.place_id)
            or normalize_key(a.location.text) == normalize_key(b.location.text))
        return "hypothetical" not in (a.modality, b.modality) and bool(same_place) and actor is not False
    if b.definite and actor is not False and loc is not False:
        return True  # "حضروا الاجتماع": the meeting already told
    if (a.evidence.start == b.evidence.start and a.event_type in VIOLENT_TYPES and actor is not False
            and (a.location is None or b.location is None)
            and not _same_actor(a.actor1, b.actor2) and not _same_actor(a.actor2, b.actor1)):
        return True  # one sentence tells one attack twice: "هجوم انتحاري … تفجير سيارة مفخخة على تجمع لـX في Y"
    if actor is True and loc is not False:
        return True
    return loc is True and actor is not False


SINGULAR_DAYS = 7  # "هجوم السبت" told by Sunday's statements and Monday's tweets: one attack


def _retold_singular(a: CodedEvent, b: CodedEvent) -> bool:
    """Two mentions of a sub-event type an article tells once (:data:`SINGULAR_SUB_TYPES`), in one country:
    one event when their places are compatible (the town, the area around it, the country, or none), their actors do
    not conflict and their dates, if both are given, lie within SINGULAR_DAYS ("هجوم دوما الكيماوي" …
    "هجوم كيماوي في سوريا" … "لما يشتبه بأنه هجوم بغاز على دوما"). Two towns are two attacks (Douma
    and Khan Shaykhun), and a hypothetical attack is none."""
    if "hypothetical" in (a.modality, b.modality) or _same_actor(a.actor1, b.actor1) is False:
        return False
    if a.date and b.date:
        days = _days_before(a.date, b.date)
        if days is None or abs(days) > SINGULAR_DAYS:
            return False
    return _loc_overlap(a.location, b.location) is not False  # (two countries: see _mergeable)


def _day_apart(a: CodedEvent, b: CodedEvent) -> bool:
    """Two day-precision dates one day apart."""
    if a.time_precision != 1 or b.time_precision != 1 or not b.date:
        return False
    days = _days_before(a.date, b.date)
    return days is not None and abs(days) == 1


def _retold_a_day_apart(a: CodedEvent, b: CodedEvent) -> bool:
    """One takeover told twice (a place is taken once; strikes and clashes recur day after day), dated once by the report ("قال المرصد اليوم الجمعة إن التنظيم
    سيطر على مدينة …") and once by the deed ("وسيطر التنظيم على المدينة … الليلة الماضية"): the same
    actor1, the same modality, places that do not differ, dates one day apart."""
    return (a.sub_event_type in TERRITORY_TYPES and b.sub_event_type in TERRITORY_TYPES
            and _day_apart(a, b) and a.modality == b.modality and _same_actor(a.actor1, b.actor1) is True
            and _loc_overlap(a.location, b.location) is not False)


def _country_level(loc: Location) -> bool:
    return loc.geo_precision >= 3 and not loc.admin1


def _parties(e: CodedEvent) -> set[str]:
    return {a.entity_id or normalize_key(a.text) for a in (e.actor1, e.actor2) if a is not None}


def _refers_back(a: CodedEvent, b: CodedEvent) -> bool:
    """A definite violent mention ("الهجوم", "القصف", "في الضربة الجوية") of another violent type refers
    back to an event already told ("ضربة جوية …، الصاروخ المستخدم في الهجوم"): no new place of its own
    (a generic "الهجوم" may name one) and no conflicting actor, date or modality."""
    if not (b.definite and a.event_type in VIOLENT_TYPES and b.event_type in VIOLENT_TYPES) or b.shifted:
        return False
    if "hypothetical" in (a.modality, b.modality) or (a.date and b.date and a.date != b.date):
        return False
    if _same_actor(a.actor1, b.actor1) is False and not (_parties(a) & _parties(b)):
        return False
    if b.actor1 is not None and a.actor1 is None and b.event_type != a.event_type:
        return False  # "الغارات الجوية التي يشنها التحالف" names who struck: not the fight told before
    loc = _loc_overlap(a.location, b.location)
    return b.location is None or loc is True or (b.generic and loc is None)


TERRITORY_TYPES = ("Government regains territory", "Non-state actor overtakes territory")


def _absorb(keep: CodedEvent, other: CodedEvent, keep_type: bool = False) -> None:
    """Fill what ``keep`` lacks from a later mention of the same event."""
    keep.mentions += other.mentions
    keep.listed |= other.listed
    keep.generic = keep.generic and other.generic
    if (not keep_type and keep.sub_event_type == "Armed clash" and other.sub_event_type in TERRITORY_TYPES
            and _same_actor(keep.actor1, other.actor1)):
        keep.sub_event_type, keep.plover = other.sub_event_type, other.plover  # the fight ended in a takeover
    if (not keep_type and keep.sub_event_type == "Remote explosive/landmine/IED"
            and other.sub_event_type == "Suicide bomb"):
        keep.sub_event_type, keep.plover = other.sub_event_type, other.plover  # the bombers blew themselves up
    if keep.actor1 is None and not keep_type and not _same_actor(other.actor1, keep.actor2):
        keep.actor1 = other.actor1
    if (keep.actor2 is None and not keep_type and other.actor2 is not None
            and not _same_actor(other.actor2, keep.actor1)):
        keep.actor2 = other.actor2
    if not keep.places and other.places and (
            keep.location is None or other.location is None
            or _specificity(other.location) <= _specificity(keep.location)):
        keep.location, keep.places = other.location, other.places
    elif other.location is not None and not keep.places and (
            keep.location is None or _specificity(other.location) < _specificity(keep.location)):
        keep.location = other.location
    if keep.date is None and other.date is not None:
        keep.date, keep.time_precision = other.date, other.time_precision
    elif _day_apart(keep, other) and str(other.date) < str(keep.date):
        keep.date = other.date  # the deed's day, not the report's (see _retold_a_day_apart)
    if keep.sub_event_type == other.sub_event_type and keep.sub_event_type in SINGULAR_SUB_TYPES:
        if other.date and keep.date and other.time_precision == keep.time_precision and str(other.date) < str(keep.date):
            keep.date = other.date  # the attack's day, not that of the statements about it
        if SINGULAR_MODALITY.index(other.modality) < SINGULAR_MODALITY.index(keep.modality):
            keep.modality = other.modality  # "يتوعد بثمن باهظ للهجوم الكيماوي": the attack is not planned
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    elif other.fatalities is not None:
        keep.fatalities = max(keep.fatalities, other.fatalities)
    if keep.attributed_to is None:
        keep.attributed_to = other.attributed_to
    keep.confidence = min(1.0, max(keep.confidence, other.confidence) + 0.05)


def merge_events(mentions: list[CodedEvent]) -> list[CodedEvent]:
    """One event per real-world event: same sub-event type and trigger family, with the same actor1 or
    an overlapping location (and no conflicting date or modality); the earliest mention is kept."""
    out: list[CodedEvent] = []
    for ev in sorted(mentions, key=lambda e: (e.evidence.start, e.trigger.start)):
        for kept in out:
            # the places of one list are one event each, whatever else joined them
            if not (kept.listed & ev.listed) and _mergeable(kept, ev):
                _absorb(kept, ev)
                break
        else:
            back = next((kept for kept in reversed(out) if _refers_back(kept, ev)), None)
            if back is not None:
                _absorb(back, ev, keep_type=True)
            else:
                out.append(ev)
    return out


FIGHT_TYPES = ("Battles", "Explosions/Remote violence")
FIGHT_MODALITIES = ("asserted", "claimed")


def fight_relations(article: Article, evs: list[CodedEvent]) -> list[Relation]:
    """``fights_against`` stated by a coded fight: a battle or strike between two armed groups
    ("كمين نصبه X لقوات Y", "قصف X مواقع Y") says that they fight, whichever words tell it.
    Only asserted or claimed events whose two actors are distinct armed groups; pairs the
    ``relations`` component already found are skipped."""
    states = {e.entity_id: e.country for e in article.entities
              if e.type == "LOCATION" and e.entity_id and e.country and _is_country(e)}

    def party(a: ArgRef) -> str:
        """"تركيا" the state and "تركيا" the Turkish forces an event names are one party."""
        key = _rel_key(a)
        code = states.get(key)
        return _country_forces().get(code, key) if code else key

    seen = {(r.type, *sorted((party(r.head), party(r.tail)))) for r in article.relations}
    # a group does not fight the umbrella the article makes it part of ("هجوم من جبهة النصرة التابعة لتنظيم
    # القاعدة": the attack is Nusra's)
    seen |= {("fights_against", *sorted((party(r.head), party(r.tail)))) for r in article.relations
             if r.type == "part_of"}
    by_start = sorted(article.entities, key=lambda x: x.start)
    out: list[Relation] = []
    sides_done: set[int] = set()
    resolved: tuple[TokenView, list[_Ent]] | None = None
    for ev in evs:
        if (ev.event_type == "Battles" and ev.modality in FIGHT_MODALITIES and ev.evidence.start not in sides_done
                and "بين" in article.body[ev.evidence.start:ev.evidence.end]):
            sides_done.add(ev.evidence.start)
            if resolved is None:
                view = article_view(article)
                resolved = (view, _resolved_entities(article, view))
            for typ, x, y in _side_pairs(article, *resolved, ev.evidence):
                head, tail = sorted((ArgRef.of(x), ArgRef.of(y)), key=_rel_key)
                k = (typ, *sorted((party(head), party(tail))))
                if k not in seen:
                    seen.add(k)
                    out.append(Relation(type=typ, head=head, tail=tail, evidence=ev.evidence,
                                        confidence=round(0.6 * ev.confidence + 0.1, 3)))
        a1, a2 = ev.actor1, ev.actor2
        if (ev.event_type not in FIGHT_TYPES or ev.modality not in FIGHT_MODALITIES or a1 is None or a2 is None
                or not _fighting_party(a1, states) or not _fighting_party(a2, states)
                or a1.entity_id == a2.entity_id or party(a1) == party(a2)):
            continue
        # "يشنه الجيش السوري وحزب الله على X": a group joined to the attacker fights beside it; "مواقع داعش
        # وحزب العمال": a group joined to the target is fought too
        pairs = [("fights_against", a1, a2)]
        for p in _joined_groups(article, by_start, a1, ev.evidence, a2):
            if party(p) not in (party(a1), party(a2)):
                pairs += [("allied_with", a1, p), ("fights_against", p, a2)]
        pairs += [("fights_against", a1, p) for p in _joined_groups(article, by_start, a2, ev.evidence, a1)
                  if party(p) not in (party(a1), party(a2))]
        for typ, x, y in pairs:
            head, tail = sorted((x, y), key=_rel_key)
            k = (typ, *sorted((party(head), party(tail))))
            if k in seen:
                continue
            seen.add(k)
            out.append(Relation(type=typ, head=head, tail=tail, evidence=ev.evidence,
                                confidence=round((0.7 if typ == "fights_against" and x is a1 and y is a2 else 0.6)
                                                 * ev.confidence + 0.1, 3)))
    return out


_JOINED_RE = re.compile(r"\s*[\"'«“]?\s*و\s*[\"'«“]?\s*(?:ال)?$")


def _joined_groups(article: Article, by_start: list[Entity], a: ArgRef, evidence: Span, other: ArgRef) -> list[ArgRef]:
    """The armed groups joined by و right after ``a`` in the evidence ("الجيش السوري وحزب الله"), each
    touching the one before it; none when the first is ``other``, the event's other side ("بين X وY وZ":
    Y and Z are X's enemies, not its partners). ``by_start``: the article's entities by position."""
    if a.start is None or a.end is None or not evidence.start <= a.start < evidence.end:
        return []
    out: list[ArgRef] = []
    end = a.end
    for e in by_start:
        if e.start < end or e.start >= evidence.end:
            continue
        gap = article.body[end:e.start]
        if len(gap) > 4 or not _JOINED_RE.fullmatch(gap) or e.type != "ARMED_GROUP":
            break
        if e.start == other.start:
            return []
        out.append(ArgRef.of(e))
        end = e.end
    return out


SIDE_NOUNS = SIDE_WORDS | grammar_words("side_words_after_between")  # "من جانب … من جانب آخر" after "بين"


def _sides(article: Article, view: TokenView, ents: list[_Ent], sent: Span, after: int | None = None
           ) -> tuple[list[Entity], list[Entity]] | None:
    """The armed groups of the two sides of a fight told side by side ("اشتباكات بين X وY من جهة، وZ
    من جهة أخرى", "بين X مدعمة بـY من طرف، وZ من طرف آخر"): the first such frame of the sentence whose
    "بين" is at or after character ``after`` (default: the sentence start), or None.  ``ents``: the
    article's :func:`_resolved_entities`."""
    lo, hi = view.index_range(sent.start, sent.end)
    toks = view.tokens
    start = sent.start if after is None else after
    between = next((k for k in range(lo, hi) if toks[k].norm == "بين" and toks[k].start >= start), None)
    if between is None:
        return None
    marks = [q for q in range(between + 2, hi) if toks[q].norm in SIDE_NOUNS and toks[q - 1].norm == "من"]
    first = next((q for q in marks if not (q + 1 < hi and toks[q + 1].norm in OTHER_SIDE)), None)
    last = next((q for q in marks if first is not None and q > first and q + 1 < hi
                 and toks[q + 1].norm in OTHER_SIDE), None)
    if first is None or last is None:
        return None
    body = article.body
    named = [e for e in ents if between < e.i and e.j <= last - 1
             and e.ent.type == "ARMED_GROUP" and not in_brackets(body[sent.start:e.ent.start])]
    return [e.ent for e in named if e.j <= first - 1], [e.ent for e in named if e.i > first]


def _side_pairs(article: Article, view: TokenView, ents: list[_Ent], sent: Span) -> list[tuple[str, Entity, Entity]]:
    """The first group named on a side fights alongside the others of that side (``allied_with``),
    and the first of the first side against every group of the other side (``fights_against``), as
    the sentence puts them: not every pair (armed groups of the KB or typed by their name only)."""
    out: list[tuple[str, Entity, Entity]] = []
    lo, hi = view.index_range(sent.start, sent.end)
    for k in range(lo, hi):
        if view.tokens[k].norm != "بين" or (sides := _sides(article, view, ents, sent, view.tokens[k].start)) is None:
            continue
        one, two = ([e for e in side if _armed_id(e.entity_id)] for side in sides)
        for side in (one, two):
            out += [("allied_with", side[0], b) for b in side[1:] if b.entity_id != side[0].entity_id]
        if one:
            out += [("fights_against", one[0], b) for b in two if b.entity_id != one[0].entity_id]
    return out


def _one_side_actors(article: Article, view: TokenView, ents: list[_Ent], evs: list[CodedEvent]) -> None:
    """"اشتباكات بين الفرقة الرابعة وحزب الله من جهة، والفصائل من جهة أخرى": two groups of one side
    are no attacker and target; actor2 becomes the other side's first group (None if it names none)."""
    for ev in evs:
        if ev.event_type != "Battles" or ev.actor1 is None or ev.actor2 is None:
            continue
        if "بين" not in article.body[ev.trigger.start:ev.evidence.end]:
            continue
        sides = _sides(article, view, ents, ev.evidence, ev.trigger.start)
        if sides is None:
            continue
        for side, other in (sides, sides[::-1]):
            spans = {(e.start, e.end) for e in side}
            if (ev.actor1.start, ev.actor1.end) in spans and (ev.actor2.start, ev.actor2.end) in spans:
                ev.actor2 = ArgRef.of(other[0]) if other else None
                break


def _fighting_party(a: ArgRef, states: dict[str, str]) -> bool:
    """An armed group, or a state that fights as one: a country whose forces the KB has ("قصفت تركيا"),
    or a government of the theatre the gold calls a political body ("المعارك بين داعش والنظام السوري")."""
    if _armed_id(a.entity_id):
        return True
    code = states.get(a.entity_id or "")
    if code:
        return code in _country_forces()
    rec = _kb_get(a.entity_id)
    # a government of the theatre (the Syrian regime, Baghdad) fights through its forces in the news;
    # a foreign government named in a battle's sentence is mostly addressed, not fought ("ناشد … الحكومة البريطانية")
    return rec is not None and rec.kind == "government" and rec.country in THEATRE_COUNTRIES


def _armed_id(entity_id: str | None) -> bool:
    """A KB armed group, or a new armed group the linker typed by its name ("لواء …", "كتيبة …")."""
    return str(entity_id or "").startswith(("grp:", "new:ARMED_GROUP:"))


def _rel_key(a: ArgRef) -> str:
    return a.entity_id or normalize_key(a.text)


@component("events")
def events(article: Article, res: Resources) -> None:
    """Pipeline component: code the article's events (replaces ``article.events``) and add the
    ``fights_against`` relations they state (:func:`fight_relations`)."""
    with contextlib.suppress(KeyError):
        res.get("events_rules", rules)
    past: list[CodedEvent] = []
    article.events = list(code_events(article, past))
    article.relations.extend(fight_relations(article, [*article.events, *past]))


__all__ = ["CodedEvent", "SubEventInfo", "code_events", "fight_relations", "merge_events", "load_taxonomy", "sub_event_info",
           "actor_kind", "person_group", "rules"]
