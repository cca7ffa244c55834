"""Place recognition and geocoding: the ``places`` pipeline component.

Place names are matched on whole words of the normalised text, whatever proclitics are glued to
the first word (بحلب، وكبارة، للرقة), as token n-grams looked up in the gazetteer index
(:mod:`marsad.knowledge.gazetteer`: the curated places and facilities, plus the large SQLite index
when it has been built). Cues come from ``knowledge/data/place_phrases.yaml``:

- type words before a name (مدينة، بلدة، قرية، محافظة، حي، منطقة …) and facility words (مطار “حميميم”);
- list words (قرى، بلدات، محافظات …) that make every item of the list that follows a place;
- part words and directions: "ريف حلب الشرقي", "ريف السفيرة الشمالي", "شرقي سوريا" become one LOCATION
  over the whole phrase with ``attrs = {"base_place": id, "direction": "east", "geo_precision": 2}``.

A name that is also a frequent ordinary word (الصبيحة "the morning", ريان, بلاط …), a name only known
without its article, or a single-word village known only to the large gazetteer counts only with such
a cue, inside a list of places, or next to another place in a list.

Among candidates the choice uses the countries of the article (country names, unambiguous places,
the dateline), the governorates and districts named in the text, the distance to the other places
of the article, the feature type (a type word; PPLA before PPL; a locality before a region of the
same name) and the population.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import yaml

from marsad.analyse.pipeline import Resources, component
from marsad.config import KNOWLEDGE_DIR
from marsad.knowledge.gazetteer import KIND_NOARTICLE, Gazetteer, Place, get_gazetteer
from marsad.model import Article, Entity, Token
from marsad.text.normalize import normalize, normalize_key
from marsad.text.tokens import split_proclitics, tokenize

PHRASES_YAML = KNOWLEDGE_DIR / "place_phrases.yaml"

_QUOTES = frozenset('"\'()[]{}')
_INNER_QUOTES = frozenset('"\'')
_CLAUSE_END = frozenset(".؟?!:؛;")
_ITEM_SEP = frozenset("،,")
_COUNTRY_PRIOR = {"SY": 0.5, "IQ": 0.5, "LB": 0.2, "JO": 0.2, "TR": 0.1}
_FEATURE_BONUS = {"PPLC": 1.0, "PPLA": 0.8, "PPLA2": 0.5, "PPLA3": 0.2, "PPLQ": -1.0, "PPLH": -1.0, "PPLW": -1.0}
_PRECISION = {"country": 3, "region": 3, "county": 2, "area": 2, "localadmin": 2}
_DUP_KM = 15.0
# proclitics a place name takes (و ب ل and their combinations); ف/ك and the article are not split off
_PLACE_PREFIXES = frozenset({"", "و", "ب", "ل", "وب", "ول", "فب", "فل"})


@dataclass(frozen=True)
class Phrases:
    """Normalised cue words from ``place_phrases.yaml``."""

    type_words: dict[str, str]
    list_words: dict[str, str]
    facility_words: frozenset[str]
    part_words: dict[str, str]
    direction_adjectives: dict[str, str]
    direction_nouns: dict[str, str]
    common_words: frozenset[str]
    ner_non_places: frozenset[str] = frozenset()
    verb_homographs: frozenset[str] = frozenset()
    verb_particles: frozenset[str] = frozenset()
    nisba_homographs: frozenset[str] = frozenset()
    nisba_adjectives: frozenset[str] = frozenset()
    adjective_heads: frozenset[str] = frozenset()
    waw_initial: frozenset[str] = frozenset()
    settlement_words: frozenset[str] = frozenset()

    @cached_property
    def list_endings(self) -> tuple[str, ...]:
        """Last letters of the list words: a quick filter before the proclitic analysis."""
        return tuple(sorted({w[-1] for w in self.list_words}))

    @cached_property
    def list_hints(self) -> dict[str, str | None]:
        """Normalised word -> the placetype hint of the list word it is (with its proclitics), or None;
        filled as words are met (:func:`_list_hint`)."""
        return {}

    @cached_property
    def direction_single(self) -> frozenset[str]:
        return frozenset(k for k in self.direction_nouns if " " not in k)

    @cached_property
    def direction_first(self) -> frozenset[str]:
        return frozenset(k.split(" ")[0] for k in self.direction_nouns if " " in k)

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """Every cue word: never a place name by itself."""
        words = {*self.type_words, *self.list_words, *self.facility_words, *self.part_words,
                 *self.direction_adjectives, *self.direction_nouns}
        return frozenset(w for w in words if " " not in w)


@lru_cache(maxsize=4)
def load_phrases(path: Path = PHRASES_YAML) -> Phrases:
    with open(path, encoding="utf-8") as fh:
        d: dict[str, Any] = yaml.safe_load(fh)

    def nmap(m: dict[str, str]) -> dict[str, str]:
        return {normalize_key(k): v for k, v in (m or {}).items()}

    return Phrases(
        type_words=nmap(d.get("type_words")), list_words=nmap(d.get("list_words")),
        facility_words=frozenset(normalize_key(w) for w in d.get("facility_words") or []),
        part_words=nmap(d.get("part_words")), direction_adjectives=nmap(d.get("direction_adjectives")),
        direction_nouns=nmap(d.get("direction_nouns")),
        common_words=frozenset(normalize_key(w) for w in d.get("common_words") or []),
        ner_non_places=frozenset(normalize_key(w) for w in d.get("ner_non_places") or []),
        verb_homographs=frozenset(normalize_key(w) for w in d.get("verb_homographs") or []),
        verb_particles=frozenset(normalize_key(w) for w in d.get("verb_particles") or []),
        nisba_homographs=frozenset(normalize_key(w) for w in d.get("nisba_homographs") or []),
        nisba_adjectives=frozenset(normalize_key(w) for w in d.get("nisba_adjectives") or []),
        adjective_heads=frozenset(normalize_key(w) for w in d.get("adjective_heads") or []),
        waw_initial=frozenset(normalize_key(w) for w in d.get("waw_initial") or []),
        settlement_words=frozenset(normalize_key(w) for w in d.get("settlement_words") or []),
    )


# ------------------------------------------------------------------------------ candidates
@dataclass
class _Cand:
    i: int  # first token
    j: int  # one past the last token
    start: int  # original offsets of the name (proclitics excluded)
    end: int
    prefix: str
    key: str
    hits: list[tuple[Place, int]]
    cue: str | None = None  # placetype hint from a type/list word
    listed: bool = False
    facility_cue: bool = False
    part: str | None = None  # rural | desert | outskirts …
    direction: str | None = None
    phrase_start: int | None = None  # original offsets of a region phrase around the name
    phrase_end: int | None = None
    accepted: bool = False
    weak: bool = False
    choice: Place | None = None
    margin: float = 0.0
    places: list[Place] = field(default_factory=list)


def _is_word(tok: Token) -> bool:
    return tok.norm[:1].isalnum()


@lru_cache(maxsize=200_000)
def _analyses(norm: str) -> tuple[tuple[str, str], ...]:
    """(prefix, stem) analyses, shortest prefix first, never splitting off the article."""
    out = [(p, s) for p, s in split_proclitics(norm) if p in _PLACE_PREFIXES]
    out.sort(key=lambda ps: len(ps[0]))
    return tuple(out)


def _orig_offset(text: str, n_norm: int) -> int:
    """Index in ``text`` after its first ``n_norm`` normalised characters."""
    if n_norm <= 0:
        return 0
    count = 0
    for idx, ch in enumerate(text):
        count += len(normalize(ch).text)
        if count >= n_norm:
            return idx + 1
    return len(text)


def _stem_start(tok: Token, prefix: str, stem: str) -> int:
    consumed = len(prefix)
    if stem != tok.norm[len(prefix):]:  # لل → ل + ال : the restored alef is not in the text
        consumed += 1
    return tok.start + _orig_offset(tok.text, consumed)


# per gazetteer: normalised word -> its (prefix, stem) analyses whose stem may start a gazetteer name
_FIRST_ANALYSES: WeakKeyDictionary[Gazetteer, dict[str, tuple[tuple[str, str], ...]]] = WeakKeyDictionary()


def _first_analyses(gaz: Gazetteer) -> dict[str, tuple[tuple[str, str], ...]]:
    got = _FIRST_ANALYSES.get(gaz)
    if got is None or len(got) > 300_000:  # bounded memory: start afresh
        got = _FIRST_ANALYSES[gaz] = {}
    return got


def _scan(toks: list[Token], gaz: Gazetteer) -> list[_Cand]:
    """Greedy longest whole-word matches of gazetteer keys, left to right."""
    out: list[_Cand] = []
    n = len(toks)
    first_words = gaz.first_words
    cache = _first_analyses(gaz)  # most words start no name: one dict lookup skips them
    i = 0
    while i < n:
        tok = toks[i]
        starts = cache.get(tok.norm)
        if starts is None:
            starts = cache[tok.norm] = tuple(
                (p, s) for p, s in _analyses(tok.norm) if s in first_words) if _is_word(tok) else ()
        if not starts:
            i += 1
            continue
        best: tuple[int, str, str, str] | None = None
        for prefix, stem in starts:
            parts = [stem]
            if stem in gaz.keys and len(stem) >= 3 and best is None:
                best = (i + 1, prefix, stem, stem)
            # later words of a multiword name; a quote between them is read through ('قاعدة "إنغيرليك" الجوية')
            j = i + 1
            while j < n and len(parts) < gaz.max_words:
                nxt = toks[j]
                j += 1
                if not _is_word(nxt):
                    if nxt.norm in _INNER_QUOTES and j < n:
                        continue
                    break
                parts.append(nxt.norm)
                key = " ".join(parts)
                if key in gaz.keys and (best is None or j > best[0]):
                    best = (j, prefix, stem, key)
        if best is None:
            i += 1
            continue
        j, prefix, stem, key = best
        if j < n and toks[j].norm in _INNER_QUOTES and sum(t.norm in _INNER_QUOTES for t in toks[i + 1:j]) % 2:
            j += 1  # the quote that closes one opened inside the name
        hits = list(gaz.lookup_kinds(key))
        if any(k < KIND_NOARTICLE for _p, k in hits):  # the name as written beats a name missing its ال
            hits = [(p, k) for p, k in hits if k < KIND_NOARTICLE]
        if hits:
            out.append(_Cand(i, j, _stem_start(tok, prefix, stem), toks[j - 1].end, prefix, key, hits))
        i = j
    return out


# ----------------------------------------------------------------------------------- cues
def _prev_word(toks: list[Token], i: int) -> int | None:
    """Index of the word before token ``i``, skipping quotes/brackets only."""
    k = i - 1
    while k >= 0 and not _is_word(toks[k]):
        if toks[k].norm not in _QUOTES:
            return None
        k -= 1
    return k if k >= 0 else None


def _stems(tok: Token) -> list[str]:
    return [s for _p, s in _analyses(tok.norm)]


def _match_word(tok: Token, table: dict[str, str] | frozenset[str]) -> str | None:
    for s in _stems(tok):
        if s in table:
            return s
    return None


_QUOTE_PAIRS = {'"': '"', "«": "»", "“": "”", "'": "'"}


def _closing_quote(body: str, start: int, end: int) -> int:
    """``end``, past the closing quote when ``body[start:end]`` opens one it does not close
    (قاعدة "التيفور" → the name with both quotes, not 'قاعدة "التيفور')."""
    span = body[start:end]
    for o, c in _QUOTE_PAIRS.items():
        opened = span.count(o) - (span.count(c) if c != o else 0)
        if (opened % 2 if c == o else opened) > 0 and body[end:end + 1] == c:
            return end + 1
    return end


def _apply_cues(c: _Cand, toks: list[Token], ph: Phrases, gaz: Gazetteer, body: str) -> None:
    p = _prev_word(toks, c.i)
    if p is not None:
        w = _match_word(toks[p], ph.facility_words)
        if w is not None:
            fac = [(pl, k) for pl, k in gaz.lookup_kinds(f"{w} {c.key}") if pl.is_facility]
            if fac:
                c.hits, c.facility_cue = fac, True
                tp = toks[p]
                c.start = _stem_start(tp, tp.norm[: len(tp.norm) - len(w)], w)
                c.i = p
                c.end = _closing_quote(body, c.start, c.end)
                return
            c.facility_cue = True
            c.cue = "facility"
        part = _match_word(toks[p], ph.part_words)
        if part is not None:
            c.part = ph.part_words[part]
            tp = toks[p]
            c.phrase_start = _stem_start(tp, tp.norm[: len(tp.norm) - len(part)], part)
        typ = _match_word(toks[p], ph.type_words)
        if typ is not None and c.cue is None:
            c.cue = ph.type_words[typ]
        elif part is None and c.cue is None:
            _direction_before(c, toks, p, ph)
    if c.j < len(toks):
        t = toks[c.j]
        d = ph.direction_adjectives.get(t.norm)
        if d is not None and not body[toks[c.j - 1].end:t.start].strip():
            end = t.end
            if c.j + 1 < len(toks):
                d2 = ph.direction_adjectives.get(toks[c.j + 1].norm)
                if d2 in ("east", "west") and d in ("north", "south"):
                    d, end = d + d2, toks[c.j + 1].end
            c.direction = d
            c.phrase_end = end
            if c.phrase_start is None:
                c.phrase_start = c.start
    if c.phrase_start is not None and c.phrase_end is None:
        c.phrase_end = c.end


def _direction_before(c: _Cand, toks: list[Token], p: int, ph: Phrases) -> None:
    """"شرقي سوريا", "شمال شرق حلب": a direction noun directly before the name."""
    tp = toks[p]
    q = _prev_word(toks, p)
    if q is not None and p - q == 1:
        two = _match_word(toks[q], ph.direction_first)
        if two is not None and f"{two} {tp.norm}" in ph.direction_nouns:
            tq = toks[q]
            c.direction = ph.direction_nouns[f"{two} {tp.norm}"]
            c.phrase_start = _stem_start(tq, tq.norm[: len(tq.norm) - len(two)], two)
            return
    w = _match_word(tp, ph.direction_single)
    if w is not None:
        c.direction = ph.direction_nouns[w]
        c.phrase_start = _stem_start(tp, tp.norm[: len(tp.norm) - len(w)], w)


def _list_hint(tok: Token, ph: Phrases) -> str | None:
    """The placetype hint of a list word (قرى، بلدات …, proclitics allowed), None for other words."""
    if not tok.norm.endswith(ph.list_endings):
        return None
    w = _match_word(tok, ph.list_words)
    return None if w is None else ph.list_words[w]


def _list_starts(toks: list[Token], ph: Phrases) -> dict[int, str]:
    """Token index right after each list word (قرى، بلدات …), skipping quotes → placetype hint."""
    out: dict[int, str] = {}
    hints = ph.list_hints  # one look-up per token: words repeat
    if len(hints) > 300_000:  # bounded memory: start afresh
        hints.clear()
    for k, tok in enumerate(toks):
        norm = tok.norm
        if norm in hints:
            hint = hints[norm]
        else:
            hint = hints[norm] = _list_hint(tok, ph)
        if hint is None:
            continue
        m = k + 1
        while m < len(toks) and toks[m].norm in _QUOTES:
            m += 1
        out[m] = hint
    return out


def _connected(a: _Cand, b: _Cand, toks: list[Token]) -> bool:
    """``b`` follows ``a`` as the next item of a list (a comma and/or و between them)."""
    between = toks[a.j:b.i]
    if any(_is_word(t) or t.norm not in _ITEM_SEP | _QUOTES for t in between):
        return False
    if any(t.norm in _ITEM_SEP for t in between):
        return True
    return b.prefix.startswith("و")


def _comma_between(a: _Cand, b: _Cand, toks: list[Token]) -> bool:
    return any(t.norm in _ITEM_SEP for t in toks[a.j:b.i])


# ---------------------------------------------------------------------------- selection
def _big(p: Place) -> bool:
    return (p.placetype in ("country", "region") or p.feature_code in ("PPLC", "PPLA")
            or p.population >= 100_000)


def _dedupe(hits: list[tuple[Place, int]], gaz: Gazetteer) -> list[Place]:
    """Unique places; a large-gazetteer row near a curated entry of the same name is the same place."""
    by_id: dict[str, Place] = {}
    for p, _k in hits:
        if p.placetype == "country" and p.source == "gazetteer":
            p = gaz.countries.get(p.country, p)
        by_id.setdefault(p.id, p)
    places = list(by_id.values())
    curated = [p for p in places if p.source != "gazetteer"]
    if not curated:
        return places
    out = list(curated)
    for p in places:
        if p.source == "gazetteer" and not any(
                p.distance_km(q) < _DUP_KM and (p.placetype in ("region", "county")) == (q.placetype in ("region", "county"))
                for q in curated):
            out.append(p)
    return out


def _weak(c: _Cand, ph: Phrases) -> bool:
    single = c.j - c.i == 1
    if min(k for _p, k in c.hits) >= KIND_NOARTICLE:
        return True
    if c.facility_cue and any(p.is_facility for p in c.places):
        return False
    if single and c.key in ph.common_words:
        return True
    if not single and all(w in ph.common_words or w in ph.cue_words for w in c.key.split(" ")):
        # … unless the type word is part of a facility's own name ("مطار الضمير": the conscience's airport
        # is an air base by that name, not a common phrase)
        return not (c.key.split(" ")[0] in ph.cue_words and any(p.is_facility for p in c.places))
    if all(p.source == "gazetteer" for p in c.places):
        return not any(_big(p) for p in c.places)
    return False


@dataclass
class _Context:
    countries: dict[str, float]
    admin1: set[str]
    names: Counter[str]
    anchors: list[tuple[_Cand, Place]]


def _context(cands: list[_Cand], article: Article, gaz: Gazetteer) -> _Context:
    votes: Counter[str] = Counter()
    admin1: set[str] = set()
    names: Counter[str] = Counter()
    for c in cands:
        names[c.key] += 1
        cc = {p.country for p in c.places}
        if len(cc) == 1:
            votes[next(iter(cc))] += 2.0 if any(p.placetype == "country" for p in c.places) else 1.0
        for p in c.places:
            if p.placetype == "region" or (len(c.places) == 1 and p.admin1_ar):
                admin1.add(normalize_key(p.admin1_ar or p.name_ar))
    if article.dateline:
        for p in _dateline_places(article.dateline, gaz):
            votes[p.country] += 2.0
    total = sum(votes.values()) or 1.0
    return _Context({k: v / total for k, v in votes.items()}, admin1, names, [])


def _dateline_places(dateline: str, gaz: Gazetteer) -> list[Place]:
    out: list[Place] = []
    for tok in tokenize(dateline):
        for _p, stem in _analyses(tok.norm):
            if stem in gaz.keys:
                out.extend(p for p, _k in gaz.lookup_kinds(stem, 0))
                break
    return out


def _score(p: Place, c: _Cand | None, ctx: _Context) -> float:
    s = 3.0 * ctx.countries.get(p.country, 0.0) + _COUNTRY_PRIOR.get(p.country, 0.0)
    if p.source != "gazetteer":
        s += 1.0
    s += _FEATURE_BONUS.get(p.feature_code, 0.0)
    if p.is_current == 0:
        s -= 0.5
    s += 0.15 * math.log10(1 + max(p.population, 0))
    hint = c.cue if c else None
    typed = hint is None  # the place is of the kind its type word names ("محافظة ادلب": the governorate)
    if hint == "facility":
        typed = p.is_facility
        s += 1.5 if typed else 0.0
    elif hint == "region":
        typed = p.placetype == "region"
        s += 2.0 if typed else 0.0
    elif hint == "locality":
        typed = p.placetype in ("locality", "localadmin")
        s += 1.5 if typed else 0.0
    elif hint == "neighbourhood":
        typed = p.placetype in ("neighbourhood", "locality")
        s += 1.5 if typed else 0.0
    elif hint in ("county", "area"):
        typed = p.placetype in ("county", "area", "localadmin")
        s += 1.0 if typed else 0.0
    elif p.placetype in ("region", "county", "localadmin"):
        s -= 0.5
    elif p.placetype == "country":
        s += 1.5
    if p.admin1_ar and normalize_key(p.admin1_ar) in ctx.admin1:
        s += 1.0
    own = c.key if c else ""
    if p.admin2_ar:
        a2 = normalize_key(p.admin2_ar)
        if a2 != own and ctx.names.get(a2):
            s += 1.0
    anchors = [a for ac, a in ctx.anchors if ac is not c and (c is None or ac.key != c.key) and a.id != p.id]
    if anchors:
        d = min(p.distance_km(a) for a in anchors)
        s += 3.0 * math.exp(-d / 40.0)
    if c is not None and typed and p.placetype not in ("region", "county", "country", "area"):
        # the places named right around this one ("حي الخالدية … شمال حلب") situate it more than the
        # article as a whole (but never against its type word: "بلدتي الفوعة وكفريا في محافظة ادلب"; and
        # for points only: a governorate's centre says nothing of what lies near the places in it)
        local = [a for ac, a in ctx.anchors if ac is not c and ac.key != c.key and a.id != p.id
                 and 0 < abs(ac.start - c.start) <= LOCAL_CHARS]
        if local:
            s += 3.0 * math.exp(-min(p.distance_km(a) for a in local) / 40.0)
    return s


LOCAL_CHARS = 120


def _choose(c: _Cand, ctx: _Context) -> None:
    scored = sorted(((_score(p, c, ctx), p) for p in c.places), key=lambda sp: -sp[0])
    c.choice = scored[0][1]
    c.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0


def _resolve(cands: list[_Cand], article: Article, gaz: Gazetteer) -> None:
    ctx = _context(cands, article, gaz)
    for c in cands:
        _choose(c, ctx)
    ctx.anchors = [(c, c.choice) for c in cands
                   if c.choice is not None and c.margin >= 1.5
                   and c.choice.placetype not in ("country", "region")]
    for c in cands:
        if len(c.places) > 1:
            _choose(c, ctx)


_ANCHOR = _Cand(0, 0, 0, 0, "", "", [])


# ---------------------------------------------------------------------------------- output
def _precision(p: Place) -> int:
    return _PRECISION.get(p.placetype, 1)


def _entity(c: _Cand, body: str) -> Entity:
    p = c.choice
    assert p is not None
    precision = _precision(p)
    start, end = c.start, c.end
    attrs: dict[str, Any] = {"placetype": p.placetype, "admin2": p.admin2_ar or None, "admin1_ar": p.admin1_ar or None,
                             "place_source": p.source}
    canonical_ar, canonical_en = p.name_ar, p.name_en
    if p.is_facility:
        attrs["kind"] = p.feature_code
    if c.phrase_start is not None and c.phrase_end is not None and (c.part or c.direction):
        start, end = min(start, c.phrase_start), max(end, c.phrase_end)
        precision = 3 if p.placetype == "country" else 2
        attrs.update({"base_place": p.id, "direction": c.direction, "part": c.part})
        canonical_ar = body[start:end]
        qual = ", ".join(x for x in (c.part, c.direction) if x)
        canonical_en = f"{p.name_en} ({qual})"
    attrs["geo_precision"] = precision
    return Entity(
        text=body[start:end], start=start, end=end, type="FACILITY" if p.is_facility else "LOCATION",
        entity_id=p.id, canonical_ar=canonical_ar or None, canonical_en=canonical_en or None, wikidata=p.wikidata,
        source="gazetteer", score=round(min(1.0, 0.5 + c.margin / 4.0), 3), lat=p.lat, lon=p.lon,
        admin1=p.admin1_en or p.admin1_ar or None, country=p.country or None, attrs=attrs,
    )


def _shrink_type_word(c: _Cand, toks: list[Token], ph: Phrases, gaz: Gazetteer) -> None:
    """"مدينة حلب" as one gazetteer name → the name "حلب" with the type word as its cue."""
    if c.j - c.i < 2 or not _stems(toks[c.i]) or c.key.split(" ", 1)[0] not in ph.type_words:
        return
    rest = c.key.split(" ", 1)[1]
    hits = gaz.lookup_kinds(rest) if rest in gaz.keys else ()
    if hits:
        c.i, c.start, c.prefix, c.key, c.hits = c.i + 1, toks[c.i + 1].start, "", rest, list(hits)


def _candidates(article: Article, gaz: Gazetteer, ph: Phrases) -> tuple[list[_Cand], list[Token]]:
    body = article.body
    toks = article.tokens or tokenize(body)
    cands = [c for c in _scan(toks, gaz) if not (c.j - c.i == 1 and c.key in ph.cue_words)]
    starts = _list_starts(toks, ph)
    prev: _Cand | None = None
    for c in cands:
        _shrink_type_word(c, toks, ph, gaz)
        _apply_cues(c, toks, ph, gaz, body)
        c.places = _dedupe(c.hits, gaz)
        if c.i in starts:
            c.listed, c.cue = True, c.cue or starts[c.i]
        elif prev is not None and prev.listed and _connected(prev, c, toks):
            c.listed = True
            c.cue = c.cue or (prev.cue if prev.cue != "facility" else None)
        c.weak = _weak(c, ph)
        cued = c.listed or c.cue not in (None, "facility") or c.part is not None
        never = (c.j - c.i == 1 and c.key in ph.common_words and all(p.source == "gazetteer" for p in c.places))
        c.accepted = not c.weak or (cued and not never)
        if (c.accepted and not cued and c.j - c.i == 1 and c.key in ph.verb_homographs and c.i > 0
                and toks[c.i - 1].norm in ph.verb_particles):
            c.accepted = False  # "الضربات التي تدمر المنازل", "قد تدمر": the verb, not Palmyra
        prev = c
    return cands, toks


def find_places(article: Article, gaz: Gazetteer | None = None, phrases: Phrases | None = None) -> list[Entity]:
    """Place and facility mentions of ``article.body``, geocoded (does not modify the article)."""
    gaz = gaz or get_gazetteer()
    ph = phrases or load_phrases()
    cands, toks = _candidates(article, gaz, ph)
    changed = True
    while changed:  # a weak name next to an accepted place in a list is a place too
        changed = False
        for a, b in zip(cands, cands[1:], strict=False):
            weak = b if a.accepted else a
            if a.accepted != b.accepted and weak.prefix in ("", "و") and _connected(a, b, toks) and (
                    any(p.source != "gazetteer" for p in weak.places)
                    or (_comma_between(a, b, toks) and weak.prefix == "و")):
                a.accepted = b.accepted = True
                changed = True
    kept = [c for c in cands if c.accepted and c.places]
    _resolve(kept, article, gaz)
    return [_entity(c, article.body) for c in kept]


_SITUATING_GAP = 3  # words at most between an unknown place and the known one it is said to be in
_SITUATING_WORDS = frozenset({"في"})  # not "قرب": a place near a town may lie in another province


def situate_unknown_places(article: Article, phrases: Phrases | None = None) -> None:
    """A place the gazetteer lacks, said to be in a known one right after it ("قرية زردانا في ريف إدلب
    الشمالي", "بلدة X بريف حماة", "قرية Y شمال حلب"), is placed as ACLED does when only the district is
    known: the known place's coordinates, admin1 and country, with geo_precision 2 (3 when that is a
    province), and ``attrs["situated_in"]`` naming it.  Not in a country alone (no admin1).  Only words of
    containment, type words, part words and direction nouns may stand between the two."""
    ph = phrases or load_phrases()
    body = article.body or ""
    places = sorted((e for e in article.entities if e.type == "LOCATION"), key=lambda e: e.start)
    allowed = _SITUATING_WORDS | ph.type_words.keys() | ph.part_words.keys() | ph.direction_nouns.keys()
    for n, e in enumerate(places):
        if e.lat is not None or e.admin1 is not None:
            continue
        nxt = next((c for c in places[n + 1:] if c.start >= e.end), None)
        if nxt is None or nxt.lat is None or not nxt.country or not nxt.admin1:
            continue  # (a country alone says too little: "بمدينة كازرون جنوب غربي إيران")
        gap = body[e.end:nxt.start]
        words = gap.replace("،", " ").replace(",", " ").split()
        if len(words) > _SITUATING_GAP or any(ch in gap for ch in ".؛;:()\n") or gap.count("،") + gap.count(",") > 1:
            continue
        # at least one word, or a known place that opens with a direction or part word ("زردانا شمال إدلب"):
        # "زردانا، معرة مصرين" is a list ("بريف إدلب": the ب glued to the known place)
        head = normalize_key(nxt.text.split()[0]) if nxt.text.split() else ""
        if not words and ("،" in gap or "," in gap or head not in {*ph.direction_nouns, *ph.part_words}):
            continue
        if not all(_situating(normalize_key(w), allowed) for w in words):
            continue
        e.lat, e.lon, e.admin1, e.country = nxt.lat, nxt.lon, nxt.admin1, nxt.country
        e.attrs["geo_precision"] = max(2, place_precision(nxt))
        e.attrs["situated_in"] = nxt.entity_id


def _situating(word: str, allowed: frozenset[str] | set[str]) -> bool:
    """A word of the gap between an unknown place and the place it is in: a containment word or a cue word,
    with its proclitics ("بريف", "وفي" is no containment: a second place)."""
    if word in allowed or word == "ب":
        return True
    return any(pre in ("ب", "ال", "بال") and stem in allowed for pre, stem in split_proclitics(word))


COUNTRY_TYPES = frozenset({"country", "empire", "continent"})
REGION_TYPES = frozenset({"region", "governorate", "province", "macroregion"})
DISTRICT_TYPES = frozenset({"county", "district", "localadmin", "macrocounty", "marinearea", "region_phrase"})


def place_precision(e: Entity) -> int:
    """The ACLED geo_precision of a place entity: the geocoder's, else by its placetype (3 a country or a
    province, 2 a district, 1 a town)."""
    gp = e.attrs.get("geo_precision")
    if isinstance(gp, int) and gp in (1, 2, 3):
        return gp
    pt = str(e.attrs.get("placetype") or "").lower()
    if pt in COUNTRY_TYPES or pt in REGION_TYPES:
        return 3
    if pt in DISTRICT_TYPES:
        return 2
    return 1


@component("places")
def places_component(article: Article, res: Resources) -> None:
    gaz = res.get("gazetteer", Gazetteer.open)
    article.entities.extend(find_places(article, gaz))


# ------------------------------------------------------------------------- geocode_name
def geocode_name(name: str, context: Article | None = None) -> Place | None:
    """The best gazetteer place for a place name (for the events coder).

    Handles proclitics and type words ("بمدينة البوكمال"), part/direction phrases ("ريف حلب الشرقي" →
    Aleppo) and uses the places already found in ``context`` (countries, governorates, proximity).
    """
    gaz = get_gazetteer()
    ctx = _context_from_entities(context.entities, gaz, context) if context is not None else \
        _Context({}, set(), Counter(), [])
    return _best_place(name, gaz, ctx)


def _best_place(name: str, gaz: Gazetteer, ctx: _Context) -> Place | None:
    cands, _toks = _candidates(Article(source_path="<name>", raw=name, body=name), gaz, load_phrases())
    cand = max(cands, key=lambda c: (c.end - c.start, c.start), default=None)
    places = cand.places if cand is not None else _dedupe([(p, 0) for p in gaz.lookup(name)], gaz)
    if not places:
        return None
    return max(places, key=lambda p: _score(p, cand, ctx))


def confirm_common_place(ent: Entity, article: Article) -> bool:
    """Geocode a one-word NER place that the place matcher set aside as a common word ("الرمادي" is
    also "the grey"; ``common_words`` of ``place_phrases.yaml``): the statistical tagger reading it
    as a place in its sentence is the context cue those words wait for.  Only curated places (the
    towns this news names) are taken; ``ent`` gets the place's id, names and coordinates."""
    if ent.type != "LOCATION" or ent.entity_id or " " in ent.text.strip():
        return False
    ph = load_phrases()
    key = normalize_key(ent.text)
    if not ({key, *(stem for _p, stem in _analyses(key))} & ph.common_words):
        return False
    gaz = get_gazetteer()
    ctx = _context_from_entities(article.entities, gaz, article)
    p = _best_place(ent.text, gaz, ctx)
    if p is None or p.source != "curated" or p.is_facility:
        return False
    if ctx.countries and p.country not in ctx.countries:
        return False  # "شارع الزهراء" in a story about Baghdad is no town near Aleppo
    if p.placetype == "neighbourhood" and not _near_sentence_places(ent, p, article, gaz):
        return False  # "مدينة عفرين … حيي الأشرفية" is no quarter of Aleppo
    ent.entity_id, ent.canonical_ar, ent.canonical_en, ent.wikidata = p.id, p.name_ar or None, p.name_en or None, p.wikidata
    ent.lat, ent.lon = p.lat, p.lon
    ent.admin1, ent.country = p.admin1_en or p.admin1_ar or None, p.country or None
    ent.attrs = {**ent.attrs, "placetype": p.placetype, "admin2": p.admin2_ar or None, "admin1_ar": p.admin1_ar or None,
                 "place_source": p.source, "geo_precision": _precision(p)}
    return True


NEIGHBOURHOOD_KM = 15.0


def _near_sentence_places(ent: Entity, p: Place, article: Article, gaz: Gazetteer) -> bool:
    """A city quarter fits its sentence unless every located town the sentence names lies farther
    than :data:`NEIGHBOURHOOD_KM` from it (a sentence with no located town says nothing)."""
    sent = article.sentence_of(ent.start) if article.sentences else None
    lo, hi = (sent.start, sent.end) if sent is not None else (0, len(article.body or ""))
    far = False
    for e in article.entities:
        if e is ent or not (lo <= e.start < hi) or e.type != "LOCATION" or not e.entity_id:
            continue
        q = gaz.get(e.entity_id)
        if q is None or q.placetype not in ("locality", "neighbourhood"):
            continue
        if p.distance_km(q) <= NEIGHBOURHOOD_KM:
            return True
        far = True
    return not far


def _context_from_entities(ents: Iterable[Entity], gaz: Gazetteer, article: Article) -> _Context:
    votes: Counter[str] = Counter()
    admin1: set[str] = set()
    names: Counter[str] = Counter()
    anchors: list[tuple[_Cand, Place]] = []
    for e in ents:
        if e.type not in ("LOCATION", "FACILITY") or e.lat is None or not e.entity_id:
            continue
        p = gaz.get(e.entity_id)
        if p is None:
            continue
        votes[p.country] += 2.0 if p.placetype == "country" else 1.0
        names[normalize_key(e.text)] += 1
        if p.admin1_ar:
            admin1.add(normalize_key(p.admin1_ar))
        if p.placetype not in ("country", "region"):
            anchors.append((_ANCHOR, p))
    if article.dateline:
        for p in _dateline_places(article.dateline, gaz):
            votes[p.country] += 2.0
    total = sum(votes.values()) or 1.0
    return _Context({k: v / total for k, v in votes.items()}, admin1, names, anchors)


__all__ = ["confirm_common_place", "find_places", "geocode_name", "load_phrases", "places_component", "Phrases"]
