"""Entity linking: merge candidate mentions from the KB matcher, the gazetteer and NER.

Candidates are appended to ``article.entities`` by earlier components; this component
1. drops invalid spans (``body[start:end] != text``),
2. resolves overlaps: knowledge-base and gazetteer matches beat NER spans they overlap; among
   KB/gazetteer matches the longer span wins, then KB before gazetteer; one-word NER places that
   are ordinary words ("في مشهد" = in a scene) are dropped unless a type word precedes them;
   an NER place that coordinates two names ("حيي الأشرفية والجميلية") is split at the conjunction
   first, the part after it kept only where the gazetteer knows it ("الشيشان والعرب" → الشيشان); an
   NER place listed after another loses the و glued to it ("رام الله والخليل وقلقيلية" → قلقيلية);
3. links NER-only names: exact alias lookup in the knowledge base (proclitics stripped), then a
   fuzzy match (rapidfuzz) against aliases of the same type, then in-article coreference (a
   surname or partial name of a person/group already linked in the same article), and otherwise
   a stable id derived from the normalised name (``new:TYPE:…``) — a candidate for review;
4. types unknown organisations as ARMED_GROUP when their name carries an armed-group cue word
   (``entity_cues.yaml``: ميليشيا، كتائب، لواء …);
5. relinks a collective actor named with its sponsor to that sponsor's proxy force ("مقاتلي المعارضة
   المدعومين من أنقرة" → the Syrian National Army), and makes a bare head word so backed ("فصائل
   موالية لأنقرة") a mention of that force (``entity_cues.yaml``: ``proxy_forces``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from marsad.analyse.cues import grammar_words
from marsad.analyse.geocode import confirm_common_place, get_gazetteer, load_phrases, situate_unknown_places
from marsad.analyse.pipeline import Resources, component
from marsad.config import KNOWLEDGE_DIR
from marsad.knowledge.kb import load_cues, load_kb
from marsad.model import Article, Entity, Token
from marsad.text.normalize import normalize_key
from marsad.text.tokens import split_proclitics, tokenize

PRIORITY = {"kb": 3, "gazetteer": 2, "rule": 2, "ner": 1}
LINKED_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY")
FUZZY_CUTOFF = 92.0


def new_entity_id(etype: str, name: str) -> str:
    """Stable id for a name not in the knowledge base (same normalised name → same id; a hashtag's
    underscores are spaces: #فالح_عبدالجبار and فالح عبدالجبار are one person)."""
    key = normalize_key(name.replace("_", " "))
    return f"new:{etype}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


@lru_cache(maxsize=1)
def armed_group_cues() -> frozenset[str]:
    path = KNOWLEDGE_DIR / "entity_cues.yaml"
    if not path.exists():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = data.get("armed_group_heads") or []
    return frozenset(normalize_key(w) for w in words)


@dataclass
class _AliasIndex:
    """Alias keys of the knowledge base by entity type, for exact and fuzzy lookup."""

    exact: dict[str, list[Any]]
    by_type: dict[str, list[str]]
    # fuzzy candidates by (type, key length): the alias keys that length allows, in index order
    _fuzzy: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def fuzzy_choices(self, kb_type: str, key: str) -> list[str]:
        """The alias keys of ``kb_type`` (organisations: armed groups too), in index order, whose
        length allows a rapidfuzz ratio >= FUZZY_CUTOFF with ``key``: the ratio is at most
        100 * (1 - |len(a) - len(b)| / (len(a) + len(b))), so the other keys can never reach it.
        The list depends on the key's length only, and is kept per length (do not modify it)."""
        n = len(key)
        got = self._fuzzy.get((kb_type, n))
        if got is None:
            choices = self.by_type.get(kb_type, [])
            if kb_type == "ORGANIZATION":
                choices = choices + self.by_type.get("ARMED_GROUP", [])
            # (a little slack: never drop a key the scorer could accept)
            got = self._fuzzy[(kb_type, n)] = [
                c for c in choices if 100.0 * abs(n - len(c)) <= (100.0 - FUZZY_CUTOFF + 1e-6) * (n + len(c))]
        return got


_INDEX: tuple[Any, _AliasIndex] | None = None


def _load_alias_index() -> _AliasIndex | None:
    """The alias index of the current knowledge base (rebuilt when curated aliases change it)."""
    global _INDEX
    try:
        from marsad.knowledge.kb import load_kb
    except ImportError:
        return None
    kb = load_kb()
    if _INDEX is not None and _INDEX[0] is kb:
        return _INDEX[1]
    exact: dict[str, list[Any]] = {}
    by_type: dict[str, list[str]] = {}
    for ent in kb.entities.values():
        names = [ent.name_ar, *(ent.aliases or [])]
        for n in names:
            if not n:
                continue
            k = normalize_key(n)
            exact.setdefault(k, []).append(ent)
            by_type.setdefault(ent.type, []).append(k)
    _INDEX = (kb, _AliasIndex(exact, by_type))
    _FUZZY_CACHE.clear()  # keyed by index identity: a new index must not see the old one's answers
    return _INDEX[1]


_FUZZY_CACHE: dict[tuple[int, str, str], tuple[str, float] | None] = {}


def _fuzzy_alias(index: _AliasIndex, kb_type: str, key: str) -> tuple[str, float] | None:
    """The closest alias key of this type (rapidfuzz ratio >= FUZZY_CUTOFF), cached per index: unknown
    names recur across articles, and a scan over thousands of aliases per mention is the linker's cost."""
    ck = (id(index), kb_type, key)
    if ck in _FUZZY_CACHE:
        return _FUZZY_CACHE[ck]
    from rapidfuzz import fuzz, process

    choices = index.fuzzy_choices(kb_type, key)
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if len(_FUZZY_CACHE) > 100_000:
        _FUZZY_CACHE.clear()
    _FUZZY_CACHE[ck] = (best[0], float(best[1])) if best else None
    return _FUZZY_CACHE[ck]


def _stems(text: str) -> list[str]:
    """The normalised name and its variants with the first word's proclitics stripped."""
    key = normalize_key(text)
    if not key:
        return []
    first, _, rest = key.partition(" ")
    out = [key]
    for _prefix, stem in split_proclitics(first):
        cand = f"{stem} {rest}".strip()
        if cand not in out:
            out.append(cand)
    return out


@lru_cache(maxsize=50_000)
def _key_words(text: str) -> frozenset[str]:
    """The words of a name's normalised key (cached: the linked names of an article are compared
    with every unknown name)."""
    return frozenset(normalize_key(text).split())


def _overlaps(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def resolve_overlaps(cands: list[Entity]) -> list[Entity]:
    """Keep a non-overlapping set: KB/gazetteer over NER; longer spans; KB before gazetteer."""
    ordered = sorted(
        cands,
        key=lambda e: (
            0 if e.source != "ner" else 1,
            -(e.end - e.start),
            -PRIORITY.get(e.source, 0),
            -e.score,
            e.start,
        ),
    )
    kept: list[Entity] = []
    for e in ordered:
        if any(_overlaps(e, k) for k in kept):
            continue
        kept.append(e)
    kept.sort(key=lambda e: (e.start, e.end))
    return kept


def _apply_kb(ent: Entity, kb_ent: Any) -> None:
    ent.entity_id = kb_ent.id
    ent.type = kb_ent.type
    ent.canonical_ar = kb_ent.name_ar
    ent.canonical_en = kb_ent.name_en
    ent.wikidata = kb_ent.wikidata


def link_unknown(ent: Entity, linked: list[Entity], index: _AliasIndex | None) -> None:
    """Give an NER-only mention an id (KB alias, fuzzy alias, in-article coreference, or new)."""
    if ent.type == "ORGANIZATION":
        words = set(normalize_key(ent.text).split())
        words |= {s for w in list(words) for _p, s in split_proclitics(w)}
        if words & armed_group_cues():
            ent.type = "ARMED_GROUP"
    stems = _stems(ent.text)
    if index is not None:
        for k in stems:
            hits = index.exact.get(k)
            if hits:
                _apply_kb(ent, hits[0])
                return
        kb_type = ent.type if ent.type in ("PERSON", "ARMED_GROUP", "ORGANIZATION") else None
        if kb_type and stems and len(stems[0]) >= 6:
            best = _fuzzy_alias(index, kb_type, stems[0])
            if best:
                _apply_kb(ent, index.exact[best[0]][0])
                ent.score = min(ent.score, best[1] / 100.0)
                return
    # in-article coreference: a partial name of an entity already linked in this article
    variants = [set(k.split()) for k in stems]
    for other in linked:
        if other.entity_id and other.type == ent.type and other is not ent:
            other_words = _key_words(other.canonical_ar or other.text) | _key_words(other.text)
            if any(v and v <= other_words for v in variants):
                ent.entity_id = other.entity_id
                ent.canonical_ar, ent.canonical_en = other.canonical_ar, other.canonical_en
                ent.wikidata = other.wikidata
                return
    ent.entity_id = new_entity_id(ent.type, ent.text)
    ent.canonical_ar = ent.canonical_ar or ent.text


def _common_word_place(e: Entity, body: str) -> bool:
    """A one-word NER place that news text uses as an ordinary word ("في مشهد موغل" = in a scene,
    not Mashhad; ``ner_non_places`` of ``place_phrases.yaml``) or a bare cue word ("الريف"), with
    no type word before it ("مدينة مشهد" stays)."""
    if e.source != "ner" or e.type != "LOCATION" or " " in e.text.strip():
        return False
    ph = load_phrases()
    key = normalize_key(e.text)
    forms = {key, *(stem for _p, stem in split_proclitics(key))}
    if not forms & (ph.ner_non_places | ph.cue_words):
        return False
    before = body[max(0, e.start - 30):e.start].split()
    if not before:
        return True
    prev = normalize_key(before[-1])
    return not {prev, *(stem for _p, stem in split_proclitics(prev))} & ph.type_words.keys()


def _nationality_adjective(e: Entity, body: str) -> bool:
    """"فصائل سورية", "مصادر سورية": the nationality adjective spelt like the country (``nisba_homographs``
    of ``place_phrases.yaml``) right after a noun or adjective it describes (``adjective_heads``, with
    its proclitics: "وفصائل", "لقوات") names no place."""
    ph = load_phrases()
    if e.type != "LOCATION":
        return False
    key = normalize_key(e.text)
    if (e.source == "ner" and " " not in key and key not in ph.nisba_homographs
            and key.removeprefix("ال").removesuffix("ه") in ph.nisba_adjectives):
        return True  # "بدعم جوي روسي": an adjective the tagger took for a place, never a place on its own
    if key not in ph.nisba_homographs:
        return False
    prev = _word_before(e, body)
    return prev is not None and bool({prev, *(stem for _p, stem in split_proclitics(prev))} & ph.adjective_heads)


def _word_before(e: Entity, body: str) -> str | None:
    """The normalised word right before a mention, when only space separates them (None after punctuation)."""
    before = body[max(0, e.start - 30):e.start]
    words = before.split()
    if not words or not before[-1:].isspace() or words[-1][-1:] in "،,.:;؛!؟?\"'»)":
        return None
    return normalize_key(words[-1])


def retype_settlement(e: Entity, body: str) -> None:
    """A PERSON named right after an indefinite settlement word ("قرية حسن شامي", "بقرية النبي صالح": the
    ``settlement_words`` of ``place_phrases.yaml``, with و/ف/ب before it but no ل nor ال) is that
    settlement: it becomes an unlinked LOCATION."""
    if e.type != "PERSON" or (prev := _word_before(e, body)) is None:
        return
    settlements = load_phrases().settlement_words
    if any(stem in settlements and "ل" not in pre for pre, stem in split_proclitics(prev)):
        e.type = "LOCATION"
        e.entity_id = e.canonical_ar = e.canonical_en = e.wikidata = None
        e.attrs["retyped_from"] = "PERSON"


def split_coordinated(e: Entity, body: str) -> list[Entity]:
    """An NER place that joins two names with و ("الأشرفية والجميلية", "الشيشان والعرب") as the
    places it names: the part before the conjunction stays (the tagger's reading), each later part
    only where the gazetteer has it.  A gazetteer name holding the conjunction stays whole; the
    conjunction must start a definite word ("وال…"), since و also begins names ("وادي بردى")."""
    if e.source != "ner" or e.type != "LOCATION" or " " not in e.text.strip():
        return [e]
    gaz = get_gazetteer()
    if gaz.lookup(e.text):
        return [e]
    words = [(e.start + m.start(), e.start + m.end()) for m in _WORD_RE.finditer(e.text)]
    cuts = [k for k in range(1, len(words)) if normalize_key(body[words[k][0]:words[k][1]]).startswith("وال")]
    if not cuts:
        return [e]
    parts: list[Entity] = []
    bounds = [0, *cuts, len(words)]
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        start = words[a][0] + (1 if n else 0)  # the و of a later part is not the name
        end = words[b - 1][1]
        text = body[start:end]
        if n and not gaz.lookup(text):
            continue
        parts.append(Entity(text=text, start=start, end=end, type=e.type, source=e.source, score=e.score,
                            attrs=dict(e.attrs)))
    return parts


_WORD_RE = re.compile(r"\S+")


PERSON_TITLES = grammar_words("person_titles")
_LIST_GAP_RE = re.compile(r"[\s،,]*")


def trim_conjunction(kept: list[Entity], body: str) -> None:
    """An NER place glued to the و that lists it after another place ("في رام الله والخليل ونابلس
    وقلقيلية", "قرب بلدات حمورية وسقبا وافتيريس") is the name after the و. Not a name that starts with
    و (``place_phrases.yaml: waw_initial``: "وادي …"), nor one the gazetteer knows whole."""
    places = sorted((e for e in kept if e.type == "LOCATION"), key=lambda e: e.start)
    waw_initial = load_phrases().waw_initial
    for prev, e in itertools.pairwise(places):
        first = (normalize_key(e.text).split() or [""])[0]
        if (e.source != "ner" or e.entity_id or not first.startswith("و") or len(first) < 4 or first in waw_initial
                or not _LIST_GAP_RE.fullmatch(body[prev.end:e.start]) or get_gazetteer().lookup(e.text)):
            continue
        e.start += 1
        e.text = body[e.start:e.end]


def trim_title(e: Entity, body: str, index: _AliasIndex | None) -> None:
    """A KB person matched with the title of its alias ("الرئيس بشار الأسد", "للرئيس بشار الأسد") is
    the name after the title, when that name is itself an alias of the same person."""
    if e.type != "PERSON" or e.source != "kb" or not e.entity_id or index is None:
        return
    m = _WORD_RE.match(e.text)
    if m is None or m.end() >= len(e.text):
        return
    first = normalize_key(m.group())
    forms = {first, *("ال" + stem for _p, stem in split_proclitics(first))}
    if not forms & PERSON_TITLES:
        return
    rest = e.text[m.end():]
    start = e.start + m.end() + (len(rest) - len(rest.lstrip()))
    if not any(x.id == e.entity_id for x in index.exact.get(normalize_key(body[start:e.end]), [])):
        return
    e.start, e.text = start, body[start:e.end]


@component("link")
def link(article: Article, res: Resources) -> None:
    index = _load_alias_index()
    body = article.body
    valid = [e for e in article.entities if 0 <= e.start < e.end <= len(body) and body[e.start:e.end] == e.text]
    valid = [p for e in valid for p in split_coordinated(e, body)]
    for e in valid:
        trim_title(e, body, index)
        retype_settlement(e, body)
    others = [e for e in valid if e.type not in LINKED_TYPES]
    cands = [e for e in valid if e.type in LINKED_TYPES]
    kept = [e for e in resolve_overlaps(cands) if not _common_word_place(e, body) and not _nationality_adjective(e, body)]
    trim_conjunction(kept, body)
    linked = [e for e in kept if e.entity_id]
    # longer names first, so that a surname ("كارتر") joins the full name ("أشتون كارتر") even when
    # the article uses the short form before the long one
    for e in sorted((e for e in kept if not e.entity_id), key=lambda e: (-len(e.text.split()), e.start)):
        if not (e.source == "ner" and confirm_common_place(e, article)):
            link_unknown(e, linked, index)
        linked.append(e)
    article.entities = sorted(kept + others, key=lambda e: (e.start, e.end))
    relink_proxies(article)
    situate_unknown_places(article)


@dataclass(frozen=True)
class _ProxyRule:
    collectives: frozenset[str]
    sponsors: frozenset[str]
    becomes: str


@dataclass(frozen=True)
class _ProxyCues:
    backing: frozenset[str]  # normalised: مدعومه، مواليه …
    allies: tuple[str, ...]  # normalised beginnings: حلفاء، حلفاو، حلفاي
    heads: frozenset[str]  # مقاتلي، فصائل …: a mention when backed, or between "حلفاؤه من" and one
    qualifiers: frozenset[str]  # a word between a head and its backing word: السوريه، المسلحه …
    ally_gap: int
    rules: tuple[_ProxyRule, ...]


@lru_cache(maxsize=1)
def proxy_cues() -> _ProxyCues:
    """``proxy_forces`` of ``entity_cues.yaml``, normalised."""
    data = load_cues().get("proxy_forces") or {}
    rules = tuple(
        _ProxyRule(frozenset(r.get("collectives") or ()), frozenset(r.get("sponsors") or ()), r["becomes"])
        for r in data.get("rules") or () if r.get("becomes"))
    return _ProxyCues(frozenset(normalize_key(w) for w in data.get("backing") or ()),
                      tuple(normalize_key(w) for w in data.get("allies") or ()),
                      frozenset(normalize_key(w) for w in data.get("heads") or ()),
                      frozenset(normalize_key(w) for w in data.get("qualifiers") or ()),
                      int(data.get("ally_gap", 1)), rules)


def _forms(tok: Token) -> set[str]:
    return {tok.norm, *(stem for _p, stem in split_proclitics(tok.norm))}


def _sponsor_in(tok: Token, ents: list[Entity], sponsors: frozenset[str]) -> bool:
    """A sponsor's mention starts inside ``tok`` ("أنقرة", or "تركيا" behind a glued ل)."""
    return any(e.entity_id in sponsors and tok.start <= e.start < tok.end for e in ents)


def _backed(toks: list[Token], i: int, ents: list[Entity], rule: _ProxyRule, cues: _ProxyCues) -> bool:
    """Tokens from ``i`` read "<backing word> [من] <sponsor>"."""
    if i >= len(toks) or not _forms(toks[i]) & cues.backing:
        return False
    j = i + 1
    if j < len(toks) and toks[j].norm == "من":
        j += 1
    return j < len(toks) and _sponsor_in(toks[j], ents, rule.sponsors)


def _allied(toks: list[Token], starts: list[int], k: int, ents: list[Entity], rule: _ProxyRule,
            cues: _ProxyCues) -> bool:
    """The mention starting at token ``k`` follows "<sponsor> وحلفاؤه من [مقاتلي]" (``starts``: the
    tokens' start offsets)."""
    if k >= 1 and toks[k - 1].norm in cues.heads:
        k -= 1
    if k < 2 or toks[k - 1].norm != "من":
        return False
    word = toks[k - 2]
    norm = word.norm[1:] if word.norm[:1] in ("و", "ف") else word.norm
    if not norm.startswith(cues.allies):
        return False
    at = k - 2
    # the words between the sponsor's mention and حلفاء: at most ally_gap ("الجيش التركي وحلفاؤه": none)
    return any(e.entity_id in rule.sponsors and e.end <= word.start and at - bisect_left(starts, e.end) <= cues.ally_gap
               for e in ents)


def _head_mentions(article: Article, toks: list[Token], cues: _ProxyCues) -> list[tuple[Entity, _ProxyRule]]:
    """New mentions for a bare head word backed by a sponsor ("فصائل [سورية] موالية لأنقرة"), outside
    every mention already found; the span leaves out glued proclitics ("وفصائل" → "فصائل")."""
    ents = [e for e in article.entities if e.entity_id]
    taken = [(e.start, e.end) for e in article.entities]
    body = article.body
    out: list[tuple[Entity, _ProxyRule]] = []
    heads = cues.heads
    for i, tok in enumerate(toks):
        # every head is listed with and without ال, so the longest-prefix stem finds one glued behind و/ف/ب/ل
        if tok.stem not in heads and tok.norm not in heads:
            continue
        if any(s < tok.end and tok.start < e for s, e in taken):
            continue
        last = i + 1 if i + 1 < len(toks) and _forms(toks[i + 1]) & cues.qualifiers else i
        for rule in cues.rules:
            if not _backed(toks, last + 1, ents, rule, cues):
                continue
            start = tok.start
            for _pre, stem in reversed(split_proclitics(tok.norm)):  # the longest head: "والفصائل" → "الفصائل"
                if stem in cues.heads and normalize_key(body[tok.end - len(stem):tok.end]) == stem:
                    start = tok.end - len(stem)
                    break
            end = toks[last].end
            out.append((Entity(body[start:end], start, end, "ARMED_GROUP", source="rule"), rule))
            break
    return out


def relink_proxies(article: Article) -> None:
    """Relink collective actors named with their sponsor (``proxy_forces``), and name bare head words
    so backed ("فصائل موالية لأنقرة"); the spans of existing mentions are kept."""
    cues = proxy_cues()
    if not cues.rules:
        return
    toks = article.tokens or tokenize(article.body)
    mentions = [(e, r) for e in article.entities for r in cues.rules if e.entity_id in r.collectives]
    added = _head_mentions(article, toks, cues)
    if not mentions and not added:
        return
    starts = [t.start for t in toks]
    ents = [e for e in article.entities if e.entity_id]
    kb = load_kb()
    relink = [(e, r) for e, r in mentions if _backed(toks, bisect_left(starts, e.end), ents, r, cues)
              or _allied(toks, starts, bisect_left(starts, e.start), ents, r, cues)]
    for e, rule in relink + added:  # the added mentions were found backed
        target = kb.get(rule.becomes)
        if target is not None:
            _apply_kb(e, target)
    if added:
        article.entities = sorted(article.entities + [e for e, _r in added if e.entity_id],
                                  key=lambda e: (e.start, e.end))
