"""Knowledge-base matcher: the ``kb_entities`` pipeline component.

Every alias of the actor knowledge base (:mod:`marsad.knowledge.kb`) is searched in the normalised
article text with one Aho-Corasick automaton (pyahocorasick), built once per process.

Keys searched (all :func:`~marsad.knowledge.kb.alias_key` forms, i.e. normalised, quotes removed):

* every strong alias (tier *alias*), every weak alias (tier *weak*);
* generated variants (tier *variant*): the name without its leading ال (multiword names, or single
  words of at least ``min_len_without_al`` letters after ال: "الدواعش" → "دواعش" but not "الدولة" →
  "دولة"); and for a multiword name whose first word is a replaceable head (كتائب/حركة/لواء/سرايا/
  ميليشيا …) the same name with each variant head (ميليشيا/مليشيا/ميليشيات/مليشيات/كتائب/حركة/قوات):
  "كتائب الإمام علي" → "ميليشيا الإمام علي".  A head variant is not generated when the rest of the
  name is itself an alias (of any entity: "كتائب حزب الله" must not yield "ميليشيا حزب الله"), since
  the shorter alias is then found inside the longer text anyway;
* for names starting with ال, the contracted form after the preposition ل: "للحرس الثوري" is matched
  as ل + "لحرس الثوري" (the span starts at the second ل, which stands for the article);
* blockers from ``entity_cues.yaml`` (phrases such as "وزارة الدفاع الوطني" that contain an alias
  but name something else): they take part in longest-match resolution and emit nothing.

Match rules: the match must end at a word end (no suffix) and may be preceded inside its word only
by a proclitic sequence (و ف ب ل ك, وب ول فب …); the entity span excludes that proclitic.  Latin
aliases must be whole words, and all-capital acronyms ("SDF") must be capitals in the text.  Among
overlapping matches the longest wins (then alias > variant > weak).  A weak alias counts only when a
strong alias (or variant) of the same entity occurs in the article.  An alias shared by several
entities is resolved to the one that is otherwise named in the article, else to the declared
default, else it is emitted unlinked with the candidates in ``attrs["candidates"]``.

Shared heads: in "القوات الأمريكية والفرنسية" the second nationality adjective names a force too (the head
is the first's: ``elliptic_heads`` of ``entity_cues.yaml``).  Each adjective joined with و is matched with the
head ("القوات الفرنسية") and, where that is one armed group of the KB, is emitted as it, spanning the adjective
alone; a dual head ("الجيشين الروسي والأمريكي") is matched as the singular for every adjective.

Qualified heads: "القوات البرية التركية" (a head, one or two qualifiers of its kind, a nationality adjective:
``qualified_heads`` of ``entity_cues.yaml``) is the force that the head with the adjective alone names
("القوات التركية"), when that is one armed group of the KB; the whole phrase is the mention, and an alias of
the whole phrase ("القوات الجوية العراقية") is found first.

Quotes inside names: the press often quotes part of a name (كتائب "الإمام علي", و"جيش الفسطاط",
لـ«العين»).  Quote characters (" and ', to which the normaliser maps all quote styles) are removed
from the searched text (positions are mapped back exactly), so a quote between or before words does
not break a match.  A span that then contains an unbalanced quote is extended over the closing
quote that immediately follows it (else over the opening quote just before it), so ``text`` reads
'كتائب "الإمام علي"' and '"حزب الله" اللبناني'.  Hashtag underscores are
read as spaces ("#حزب_الله"), and a hashtag's "#" is removed like a quote ("سيرغي #لافروف").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import ahocorasick

from marsad.analyse.geocode import load_phrases
from marsad.analyse.pipeline import Resources, component
from marsad.knowledge.kb import KBEntity, KnowledgeBase, alias_key, load_kb
from marsad.model import Article, Entity
from marsad.text.normalize import NormalizedText, normalize
from marsad.text.tokens import split_proclitics

# tiers: lower wins when the same key has several sources
BLOCK, ALIAS, VARIANT, WEAK = 0, 1, 2, 3
SCORES = {ALIAS: 1.0, VARIANT: 1.0, WEAK: 0.7}
KINDS = {ALIAS: "alias", VARIANT: "variant", WEAK: "weak"}
AMBIGUOUS_SCORE = 0.5

PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
LAM_PROCLITICS = frozenset({"ل", "ول", "فل"})  # before the contracted article (لل)
MAX_PREFIX = 2

DEFAULT_REPLACEABLE_HEADS = ("ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "كتائب", "حركة", "لواء", "سرايا")
DEFAULT_VARIANT_HEADS = ("ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "كتائب", "حركة", "قوات")
DEFAULT_MIN_LEN_WITHOUT_AL = 6

_REMOVED_RE = re.compile("[\"'#]")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9.\-]*[A-Z0-9.]$")


def _glued_before(text: str, start: int) -> str:
    """The letters glued to a match starting at ``start`` (a proclitic candidate, checked by the caller
    against PROCLITICS); longer than any proclitic when the match starts inside a word."""
    ws = start
    while ws > 0 and text[ws - 1].isalnum() and start - ws <= MAX_PREFIX:
        ws -= 1
    return text[ws:start]


@dataclass(frozen=True, slots=True)
class _Key:
    """What one automaton key means."""

    length: int
    tier: int
    ids: tuple[str, ...]  # candidate entity ids (empty for a blocker)
    lam: bool = False  # contracted-article form: must follow the preposition ل
    latin: bool = False  # Latin alias: no Arabic proclitic allowed
    acronym: bool = False  # all-capital alias: the text must be in capitals too
    ambiguous_default: str | None = None
    ctx: tuple[tuple[str, str], ...] = ()  # (entity id, country): weak forms licensed by the article's country
    placed: bool = False  # licensed by the article's country, not by another name of the entity


@dataclass(slots=True)
class _Hit:
    start: int  # in the search text
    end: int
    key: _Key


_WORD_RE = re.compile(r"\w+")
# a head, its first adjective (with ال) and the adjectives joined to it with و ("القوات الأمريكية والفرنسية")
_ELLIPTIC_RE = re.compile(r"(?<!\w)(?P<head>\w+)\s+(?P<first>ال\w+)(?P<rest>(?:\s+وال\w+)+)")
_JOINED_RE = re.compile(r"\s+و(ال\w+)")
# a head, one or two qualifiers and a nationality adjective ("القوات البرية التركية"): {heads} are the head
# words without ال, which may follow proclitics and ال
_QUALIFIED_PATTERN = r"(?<!\w)(?P<head>\w*(?:{heads}))(?P<quals>(?:\s+ال\w+){{1,2}})\s+(?P<nat>ال\w+)(?!\w)"


def _search_text(norm_text: str) -> tuple[str, list[int]]:
    """The text searched (quotes removed, '_' as space) and the removal map (see normalize.py)."""
    text = norm_text.replace("_", " ")
    if '"' not in text and "'" not in text and "#" not in text:
        return text, []
    removed = [m.start() for m in _REMOVED_RE.finditer(text)]
    return _REMOVED_RE.sub("", text), [r - n for n, r in enumerate(removed)]


class KBMatcher:
    """Finds knowledge-base aliases in text (build once, reuse: see :func:`build_matcher`)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        cfg: dict[str, Any] = (kb.cues.get("matcher") or {}) if kb.cues else {}
        self.replaceable_heads = {alias_key(h) for h in cfg.get("replaceable_heads", DEFAULT_REPLACEABLE_HEADS)}
        self.variant_heads = [alias_key(h) for h in cfg.get("variant_heads", DEFAULT_VARIANT_HEADS)]
        self.min_len_without_al = int(cfg.get("min_len_without_al", DEFAULT_MIN_LEN_WITHOUT_AL))
        self.elliptic_heads = {alias_key(str(k)): str(v) for k, v in (cfg.get("elliptic_heads") or {}).items()}
        # head -> the qualifiers it takes ("القوات البرية التركية")
        written = {str(h): frozenset(alias_key(str(q)) for q in kind.get("qualifiers") or [])
                   for kind in (cfg.get("qualified_heads") or {}).values() for h in kind.get("heads") or []}
        self.qualified_heads = {alias_key(h): quals for h, quals in written.items()}
        # the regex runs over the raw text: the heads as written and as normalised ("طائرات", "طايرات")
        bare = sorted({h.removeprefix("ال") for h in (*written, *self.qualified_heads)}, key=len, reverse=True)
        self.qualified_re = re.compile(_QUALIFIED_PATTERN.format(heads="|".join(map(re.escape, bare)))) if bare else None
        self.automaton = self._build()
        self.countries = self._build_countries()
        # weak aliases licensed by their own context (entity_cues.yaml weak_group_context; _group_context)
        ctx: dict[str, Any] = (kb.cues.get("weak_group_context") or {}) if kb.cues else {}
        self.context_after = frozenset(alias_key(str(w)) for w in ctx.get("after_words") or [])
        self.context_blocked = frozenset(alias_key(str(w)) for w in ctx.get("not_before_words") or [])
        aliases = {alias_key(str(w)) for w in ctx.get("aliases") or []}
        # "للقاعدة": the hit is "لقاعده"
        self.context_aliases = frozenset(aliases | {"ل" + a[2:] for a in aliases if a.startswith("ال")})

    # -- building -------------------------------------------------------------------------------
    def _variants(self, key: str) -> list[str]:
        """Generated variants of a strong alias key (see the module docstring)."""
        out: list[str] = []
        words = key.split(" ")
        if key.startswith("ال") and (len(words) > 1 or len(key) - 2 >= self.min_len_without_al):
            out.append(key[2:])
        if len(words) >= 3 and words[0] in self.replaceable_heads:
            core = " ".join(words[1:])
            if not self.kb.alias_index().get(core):
                out.extend(f"{head} {core}" for head in self.variant_heads if head != words[0])
        return out

    def _build(self) -> ahocorasick.Automaton:
        # key -> tier -> set of ids ; key -> flags
        sources: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        contexts: dict[str, set[tuple[str, str]]] = defaultdict(set)
        acronyms: set[str] = set()

        def add(key: str, tier: int, eid: str | None, country: str | None = None) -> None:
            if len(key) < 2:
                return
            keys = [key]
            if key.startswith("ال") and len(key) > 3:  # contracted article after the preposition ل
                rest = key[2:]
                keys.append("\x00" + (rest if rest.startswith("ل") else "ل" + rest))
            for k in keys:
                bucket = sources[k][tier]
                if eid is not None:
                    bucket.add(eid)
                    if country:
                        contexts[k].add((eid, country))

        for ent in self.kb:
            for form in ent.aliases:
                key = alias_key(form)
                if not key:
                    continue
                if key.isascii():
                    if sum(c.isalpha() for c in key) < 3:
                        continue
                    if _ACRONYM_RE.match(form.strip()):
                        acronyms.add(key)
                add(key, ALIAS, ent.id)
                if not key.isascii():
                    for var in self._variants(key):
                        add(var, VARIANT, ent.id)
            for form in ent.weak_aliases:
                add(alias_key(form), WEAK, ent.id)
            for country, forms in ent.context_aliases.items():
                for form in forms:
                    add(alias_key(form), WEAK, ent.id, country)
        for blocker in self.kb.cues.get("blockers") or []:
            add(alias_key(str(blocker)), BLOCK, None)

        meanings: dict[str, list[_Key]] = defaultdict(list)
        for raw_key, tiers in sources.items():
            lam = raw_key.startswith("\x00")
            key = raw_key[1:] if lam else raw_key
            tier = min(tiers)
            ids = tuple(sorted(tiers[tier]))
            default = None
            if len(ids) > 1:
                decl = self.kb.ambiguous.get(key)
                if tier == VARIANT and decl is None:
                    continue  # two entities generate the same variant: drop it
                default = decl.default if decl else None
            ctx = tuple(sorted(p for p in contexts.get(raw_key, ()) if p[0] in ids)) if tier == WEAK else ()
            meanings[key].append(_Key(len(key), tier, ids, lam=lam, latin=key.isascii(),
                                      acronym=key in acronyms, ambiguous_default=default, ctx=ctx))
        automaton = ahocorasick.Automaton()
        for key, infos in meanings.items():
            automaton.add_word(key, tuple(infos))
        automaton.make_automaton()
        return automaton

    def _build_countries(self) -> ahocorasick.Automaton | None:
        """Words that place an article in a country (``entity_cues.yaml: country_cues``)."""
        cues = self.kb.cues.get("country_cues") or {} if self.kb.cues else {}
        words: dict[str, str] = {}
        for country, forms in cues.items():
            for form in forms or []:
                key = alias_key(str(form))
                if len(key) >= 2:
                    words.setdefault(key, str(country))
        if not words:
            return None
        automaton = ahocorasick.Automaton()
        for key, country in words.items():
            automaton.add_word(key, (len(key), country))
        automaton.make_automaton()
        return automaton

    def country_counts(self, text: str, hits: list[_Hit] | None = None) -> dict[str, int]:
        """How often each country is named in ``text`` (the search text): its country cue words
        (with proclitics) and the strong names of actors active in that country only."""
        counts: dict[str, int] = defaultdict(int)
        if self.countries is not None:
            n = len(text)
            for end_idx, (length, country) in self.countries.iter(text):
                end = end_idx + 1
                if end < n and text[end].isalnum():
                    continue
                if _glued_before(text, end - length) in PROCLITICS:
                    counts[country] += 1
        for h in hits or ():
            if h.key.tier in (ALIAS, VARIANT) and len(h.key.ids) == 1:
                ent = self.kb.get(h.key.ids[0])
                if ent is not None and len(ent.active_in) == 1:
                    counts[ent.active_in[0]] += 1
        return dict(counts)

    # -- matching -------------------------------------------------------------------------------
    def find(self, body: str, norm: NormalizedText | None = None) -> list[Entity]:
        """KB entity mentions in ``body`` (``norm`` = its normalisation, computed when not given)."""
        norm = norm if norm is not None else normalize(body)
        text, del_pos = _search_text(norm.text)
        hits = self._scan(text, body, norm, del_pos)
        found: list[Entity] = []
        if hits:
            countries = self.country_counts(text, hits) if any(h.key.ctx for h in hits) else {}
            hits = self._license_weak(hits, countries, self._group_context(text, hits))
            found = self._entities(self._longest(hits), hits, body, norm, del_pos)
        if self.qualified_re is not None:
            found = self._with_qualified(body, found, self.qualified_re)
        return self._with_elliptic(body, found) if self.elliptic_heads else found

    def _with_qualified(self, body: str, found: list[Entity], qualified_re: re.Pattern[str]) -> list[Entity]:
        """``found`` and the forces named by a head, qualifiers and a nationality (module docstring)."""
        nisbas = load_phrases().nisba_adjectives
        out = list(found)
        for m in qualified_re.finditer(body):
            word = m.group("head")
            norm = alias_key(word)
            if len(norm) != len(word) or alias_key(m.group("nat")).removeprefix("ال").removesuffix("ه") not in nisbas:
                continue
            # the head with its proclitics ("وللقوات": the span starts at the ل that stands for ال)
            splits = [(pre, stem) for pre, stem in split_proclitics(norm) if stem in self.qualified_heads]
            split = next((x for x in splits if x[1].startswith("ال")), splits[0] if splits else None)
            if split is None:
                continue
            pre, stem = split
            if not all(alias_key(q) in self.qualified_heads[stem] for q in m.group("quals").split()):
                continue
            s = m.start("head") + len(pre)
            e = m.end("nat")
            if any(x.start < e and s < x.end for x in out):
                continue  # a longer alias ("القوات المسلحة التركية") or another mention
            force = self._force(f"{stem} {m.group('nat')}", body, s, e, "qualified_head")
            if force is not None:
                out.append(force)
        return sorted(out, key=lambda x: (x.start, x.end))

    def _force(self, phrase: str, body: str, s: int, e: int, how: str) -> Entity | None:
        """The mention ``body[s:e]`` of the armed group that ``phrase`` names whole ("القوات التركية"), or
        None when it names none."""
        hit = next((x for x in self.find_plain(phrase) if x.start == 0 and x.end == len(phrase)), None)
        if hit is None or hit.type != "ARMED_GROUP" or hit.entity_id is None:
            return None
        return Entity(text=body[s:e], start=s, end=e, type=hit.type, entity_id=hit.entity_id,
                      canonical_ar=hit.canonical_ar, canonical_en=hit.canonical_en, wikidata=hit.wikidata,
                      source="kb", score=hit.score, attrs={"kb_match": how})

    def _with_elliptic(self, body: str, found: list[Entity]) -> list[Entity]:
        """``found`` and the forces named by a shared head (module docstring: shared heads)."""
        nisbas = load_phrases().nisba_adjectives  # the nationality adjectives (place_phrases.yaml)
        out = list(found)
        for m in _ELLIPTIC_RE.finditer(body):
            # the head with its proclitics ("للقوات", "والطائرات")
            key = next((stem for _pre, stem in split_proclitics(alias_key(m.group("head")))
                        if stem in self.elliptic_heads), None)
            if key is None:
                continue
            head = self.elliptic_heads[key]
            dual = alias_key(head) != key
            words = [(m.start("first"), m.end("first"))] + [
                (m.start("rest") + w.start(1), m.start("rest") + w.end(1)) for w in _JOINED_RE.finditer(m.group("rest"))]
            for n, (s, e) in enumerate(words):
                if n == 0 and not dual:
                    continue  # "القوات الأمريكية": the matcher found it (or it names nothing)
                adj = body[s:e]
                if alias_key(adj).removeprefix("ال").removesuffix("ه") not in nisbas:
                    break
                if n == 0:
                    if key != alias_key(m.group("head")):
                        continue  # "للجيشين الروسي": the span would hold the proclitic
                    s = m.start("head")  # "الجيشين الروسي": the dual and its first adjective
                if any(x.start < e and s < x.end for x in out):
                    continue
                force = self._force(f"{head} {adj}", body, s, e, "shared_head")
                if force is not None:
                    out.append(force)
        return sorted(out, key=lambda x: (x.start, x.end))

    def find_plain(self, text: str) -> list[Entity]:
        """KB mentions in a short phrase, without the shared-head step."""
        norm = normalize(text)
        searched, del_pos = _search_text(norm.text)
        hits = self._scan(searched, text, norm, del_pos)
        return self._entities(self._longest(self._license_weak(hits)), hits, text, norm, del_pos) if hits else []

    def _scan(self, text: str, body: str, norm: NormalizedText, del_pos: list[int]) -> list[_Hit]:
        hits: list[_Hit] = []
        n = len(text)
        for end_idx, infos in self.automaton.iter(text):
            end = end_idx + 1
            if end < n and text[end].isalnum():
                continue
            for info in infos:
                start = end - info.length
                prefix = _glued_before(text, start)
                if info.lam:
                    if prefix not in LAM_PROCLITICS:
                        continue
                elif prefix not in PROCLITICS or (prefix and info.latin):
                    continue
                if info.acronym:
                    s, e = self._to_original(start, end, norm, del_pos)
                    if not body[s:e].isupper():
                        continue
                hits.append(_Hit(start, end, info))
        return hits

    def _group_context(self, text: str, hits: list[_Hit]) -> dict[int, list[str]]:
        """Weak hits that name an armed group by their context alone (``entity_cues.yaml:
        weak_group_context``): right after a word that only a group follows ("تابعة للقاعدة", "زعيم
        القاعدة", "مسلحي القاعدة"), or joined by و to an armed group named right before it ("داعش
        والقاعدة"); not before a word that makes the alias a common noun ("القاعدة الجوية"). Hit
        index -> the hit's armed-group candidates."""
        before, blocked, aliases = self.context_after, self.context_blocked, self.context_aliases
        if not before or not aliases or not any(h.key.tier == WEAK for h in hits):
            return {}

        def is_group(i: str) -> bool:
            e = self.kb.get(i)
            return e is not None and e.type == "ARMED_GROUP"

        group_ends = {h.end for h in hits if h.key.tier in (ALIAS, VARIANT) and all(is_group(i) for i in h.key.ids)}
        out: dict[int, list[str]] = {}
        for n, h in enumerate(hits):
            if h.key.tier != WEAK or text[h.start:h.end] not in aliases:
                continue
            groups = [i for i in h.key.ids if is_group(i)]
            if not groups:
                continue
            nxt = _WORD_RE.match(text, h.end + 1) if text[h.end:h.end + 1] == " " else None
            if nxt is not None and nxt.group() in blocked:
                continue
            prefix = _glued_before(text, h.start)
            head = text[:h.start - len(prefix)].rstrip()
            words = _WORD_RE.findall(head[-40:])
            prev = words[-1] if words and head.endswith(words[-1]) else ""
            if prev in before or (prefix.startswith("و") and len(head) in group_ends):
                out[n] = groups
        return out

    @staticmethod
    def _license_weak(hits: list[_Hit], countries: dict[str, int] | None = None,
                      context: dict[int, list[str]] | None = None) -> list[_Hit]:
        """Keep a weak hit's candidates that are otherwise named in the article, and those whose
        context alias belongs to a country the article is about: named at least half as often as
        the most-named country (of several such candidates, those of the most-named country); else
        the armed groups its own context names (``context``, :meth:`_group_context`)."""
        strong_ids = {i for h in hits if h.key.tier in (ALIAS, VARIANT) for i in h.key.ids}
        top = max(countries.values(), default=0) if countries else 0
        out: list[_Hit] = []
        for n, h in enumerate(hits):
            if h.key.tier != WEAK:
                out.append(h)
                continue
            named = [i for i in h.key.ids if i in strong_ids]
            placed: dict[str, int] = {}
            for eid, country in h.key.ctx:
                c = countries.get(country, 0) if countries else 0
                if eid not in named and c > 0 and 2 * c >= top:
                    placed[eid] = max(c, placed.get(eid, 0))
            by_country = not named and bool(placed)
            if placed:
                best = max(placed.values())
                named += sorted(i for i, c in placed.items() if c == best)
            if not named and context and n in context:
                named = list(context[n])
            if named:
                out.append(_Hit(h.start, h.end, _Key(h.key.length, WEAK, tuple(named), lam=h.key.lam,
                                                      placed=by_country)))
        return out

    @staticmethod
    def _longest(hits: list[_Hit]) -> list[_Hit]:
        ordered = sorted(hits, key=lambda h: (-(h.end - h.start), h.key.tier, h.start))
        taken: list[tuple[int, int]] = []
        chosen: list[_Hit] = []
        for h in ordered:
            if any(h.start < e and s < h.end for s, e in taken):
                continue
            taken.append((h.start, h.end))
            if h.key.tier != BLOCK:
                chosen.append(h)
        chosen.sort(key=lambda h: h.start)
        return chosen

    @staticmethod
    def _to_original(start: int, end: int, norm: NormalizedText, del_pos: list[int]) -> tuple[int, int]:
        ns = start + bisect_right(del_pos, start)
        ne = (end - 1) + bisect_right(del_pos, end - 1) + 1
        return norm.span_to_original(ns, ne)

    def _resolve(self, h: _Hit, mentioned: dict[str, list[int]]) -> tuple[str | None, list[str]]:
        """The entity id of a hit, and the candidates when it stays ambiguous."""
        ids = list(h.key.ids)
        if len(ids) == 1:
            return ids[0], []
        named = [i for i in ids if mentioned.get(i)]
        if h.key.tier == WEAK and named:
            # the entity named most recently before the mention (else the first named after it)
            def last_before(i: str) -> int:
                before = [p for p in mentioned[i] if p < h.start]
                return max(before) if before else -min(mentioned[i])
            return max(named, key=last_before), []
        if len(named) == 1:
            return named[0], []
        if h.key.ambiguous_default:
            return h.key.ambiguous_default, []
        return None, ids

    def _entities(self, chosen: list[_Hit], all_hits: list[_Hit], body: str, norm: NormalizedText,
                  del_pos: list[int]) -> list[Entity]:
        mentioned: dict[str, list[int]] = defaultdict(list)
        for h in chosen:
            if h.key.tier in (ALIAS, VARIANT) and len(h.key.ids) == 1:
                mentioned[h.key.ids[0]].append(h.start)
        out: list[Entity] = []
        for h in chosen:
            eid, candidates = self._resolve(h, mentioned)
            s, e = self._to_original(h.start, h.end, norm, del_pos)
            s, e = _balance_quotes(body, s, e)
            ent: KBEntity | None = self.kb.get(eid) if eid else None
            etype = ent.type if ent else self._common_type(candidates)
            if etype is None:
                continue
            score = SCORES[h.key.tier] if eid else AMBIGUOUS_SCORE
            attrs: dict[str, Any] = {"kb_match": "context" if h.key.placed else KINDS[h.key.tier]}
            if candidates:
                attrs["candidates"] = candidates
            out.append(Entity(
                text=body[s:e], start=s, end=e, type=etype, entity_id=eid,
                canonical_ar=ent.name_ar if ent else None, canonical_en=ent.name_en if ent else None,
                wikidata=ent.wikidata if ent else None, source="kb", score=score, attrs=attrs,
            ))
        return out

    def _common_type(self, ids: list[str]) -> str | None:
        types = {e.type for e in (self.kb.get(i) for i in ids) if e}
        return types.pop() if len(types) == 1 else None


_QUOTE_CHARS = frozenset('"\'“”„‟«»″〝〞＂‘’‚‛′‹›`´')


def _balance_quotes(body: str, s: int, e: int) -> tuple[int, int]:
    """Extend a span with an unbalanced quote inside over the quote right after (or else before) it."""
    inside = sum(1 for ch in body[s:e] if ch in _QUOTE_CHARS)
    if inside % 2 == 1:
        if e < len(body) and body[e] in _QUOTE_CHARS:
            return s, e + 1
        if s > 0 and body[s - 1] in _QUOTE_CHARS:
            return s - 1, e
    return s, e


def build_matcher(kb: KnowledgeBase | None = None) -> KBMatcher:
    """A matcher over ``kb`` (default: the packaged knowledge base)."""
    return KBMatcher(kb if kb is not None else load_kb())


_DEFAULT: KBMatcher | None = None


def default_matcher() -> KBMatcher:
    """The process-wide matcher, rebuilt when the knowledge base (e.g. its curated overlay) changed."""
    global _DEFAULT
    kb = load_kb()
    if _DEFAULT is None or _DEFAULT.kb is not kb:
        _DEFAULT = build_matcher(kb)
    return _DEFAULT


def match_text(text: str) -> list[Entity]:
    """KB entity mentions in ``text`` (offsets into ``text``), with the packaged knowledge base."""
    return default_matcher().find(text)


@component("kb_entities")
def kb_entities(article: Article, res: Resources) -> None:
    """Append KB-matched entities (armed groups, organisations, persons) to ``article.entities``."""
    matcher = default_matcher()  # follows the knowledge base, curated aliases included
    article.entities.extend(matcher.find(article.body, article.norm))


__all__ = ["KBMatcher", "build_matcher", "default_matcher", "match_text", "kb_entities"]
