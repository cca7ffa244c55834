"""Relations between linked entities stated in one sentence (pipeline component ``relations``).

Cue phrases and frames live in ``knowledge/data/relation_cues.yaml``. Direction follows the output
contract: ``leader_of`` head = the person, tail = the group; ``part_of`` head = the sub-group, tail =
the umbrella; ``sponsored_by`` head = the sponsored group; symmetric types (merged_with, allied_with,
fights_against, met_with) are stored in a canonical order. Only what the article says is output.

Public API: :func:`extract_relations` ``(article) -> list[Relation]``; the component ``relations``
sets ``article.relations``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from marsad.analyse.cues import (
    OTHER_SIDE,
    SIDE_WORDS,
    CueMatch,
    Pattern,
    TokenView,
    WordSpec,
    article_sentences,
    article_view,
    compile_list,
    find_cues,
    grammar_words,
    in_brackets,
    load_data,
)
from marsad.analyse.geocode import load_phrases
from marsad.analyse.modality import conditioned_before, warned_before
from marsad.analyse.pipeline import Resources, component
from marsad.knowledge.gazetteer import curated_country_names
from marsad.knowledge.kb import KnowledgeBase, load_kb
from marsad.model import ArgRef, Article, Entity, Relation, Span
from marsad.text.normalize import normalize_key


def _words(key: str) -> frozenset[str]:
    """A small grammatical word list of ``relation_cues.yaml`` (``words:``), normalised."""
    return frozenset(normalize_key(str(w)) for w in load_data("relation_cues.yaml")["words"][key])


# the word lists (their meaning is commented in relation_cues.yaml, section words:)
AGAINST = _words("against")
CUE_MODIFIERS = _words("cue_modifiers")
OBJECT_MARKERS = _words("object_markers")
BACKED_WORDS = _words("backed_words")
COMPLEMENTIZERS = grammar_words("complementizers")
OBJECT_CUES = _words("object_cues")
CONSIDERING_VERBS = _words("considering_verbs")
INDEFINITE_LINKS = _words("indefinite_links")
HOLD_PRONOUNS = _words("hold_pronouns")
SUBJECT_PRONOUNS = _words("subject_pronouns")
BESIDE_VERBS = _words("beside_verbs")
COPULAS = _words("copulas")
APPOSITIVE_NOUNS = _words("appositive_nouns")
FILLERS = _words("fillers")
SYMMETRIC = frozenset({"merged_with", "allied_with", "fights_against", "met_with"})
PRESENCE_NOUNS = _words("presence_nouns")
PRESENCE_NEGATIONS = _words("presence_negations")
FOREIGN_KINDS = frozenset({"foreign_force"})  # KB kinds of a state's forces abroad (_foreign_presence)
TITLE_BRIDGE = SUBJECT_PRONOUNS | COPULAS | _words("title_bridge")  # between a person and a title after it
LED_BY_VERBS = _words("led_by_verbs")  # a parallel clause before a backing verb (_backed_pairs)
PLACE_RESUMPTIVES = _words("place_resumptives")
SUBJECT_WORDS = _words("subject_words")
SHARE_WORDS = _words("share_words")
AIRCRAFT_WORDS = _words("aircraft_words")
PRESENCE_PARTICIPLES = _words("presence_participles")
JOINT_WORDS = _words("joint_words")
STRIKE_WORDS = _words("strike_words")
INCLUSION_PHRASES = tuple((p, len(p.split())) for p in sorted(_words("inclusion_phrases"), key=len, reverse=True))
TROOP_WORDS = _words("troop_words")
BASE_DEGREE = _words("base_degree")
PLACE_JOINERS = _words("place_joiners")
ACCUSERS = tuple(sorted(_words("accusers")))
PURPOSE_WORDS = _words("purpose_words")
WHERE_VERBS = _words("where_verbs")
APPOSITION_OPENERS = _words("apposition_openers")
DIRECTIONS = _words("directions")
MEMBER_OPENERS = _words("member_openers")
# "المدينة" with no name after it: the town it stands for (event_triggers.yaml, shared with the coder)
PLACE_ANAPHORS = frozenset(normalize_key(str(w)) for w in load_data("event_triggers.yaml")["place_anaphors"])
PURPOSE_SUBJECT_WORDS = 14  # how far before an aim its subject may be named (non-filler words)
# "الجبهة", "الحركة", "الميليشيا" with no name: the group they stand for (event_triggers.yaml ``anaphors``:
# the head word the group's name must start with, "*" for any group; shared with the coder)
GROUP_ANAPHORS: dict[str, str] = {normalize_key(str(k)): "*" if v == "*" else normalize_key(str(v))
                                  for k, v in (load_data("event_triggers.yaml").get("anaphors") or {}).items()}
ANAPHOR_ADJECTIVES = frozenset(normalize_key(str(w)) for w in load_data("event_triggers.yaml").get("anaphor_adjectives") or [])
ANAPHOR_REACH = 1500  # characters back to the antecedent of "الجبهة", "الحركة" …


@dataclass(frozen=True)
class RelCue:
    type: str
    frame: str
    head: frozenset[str]
    tail: frozenset[str]
    if_tail_location: str | None
    not_before: tuple[tuple[Pattern, Any], ...] = ()
    without_any: tuple[tuple[Pattern, Any], ...] = ()
    # adjectives that may stand between a link cue and its tail ("وحليفتها الرئيسية روسيا")
    tail_modifiers: frozenset[str] = frozenset()
    # the name before the cue is the tail, the one after it the head ("تركيا الداعمة للمعارضة")
    reverse: bool = False
    # link frame: the head touches the cue, or a subject pronoun between them ("تركيا، العضو في", "تركيا وهي عضو في")
    head_adjacent: bool = False
    # members frame: the words of composition between the umbrella and the cue ("تضم", "تحالف")
    via: frozenset[str] = frozenset()
    # support frame: the cue's forms with a possessive pronoun ("بدعمها"), whose owner is named before it
    possessed: frozenset[str] = frozenset()
    # title frame: the holder is named only before the cue, at most this many words before ("فلان كان قائدا لـX")
    head_before: int | None = None
    # organisations allowed as the tail only when the KB gives them one of these kinds ("ائتلاف النصر
    # برئاسة العبادي": a party; "وفد برئاسة فلان" is no organisation the KB keeps as a party)
    org_tail_kinds: frozenset[str] | None = None
    # verb frame: an aim ("لطرد X", "بهدف طرد X") is the clause subject's, named further before
    purpose_subject: bool = False
    # passive frame: the tail is the antecedent of the relative pronoun right before the cue, touching it or
    # one word away ("حزب الدعوة الذي ينتمي إليه فلان"; not "الطائفة التي ينتمي إليها فلان" after a group)
    relative_tail: bool = False
    # words right after the cue (at most two words on) that say it is not this relation ("في لقاء
    # تلفزيوني", "في لقاء مع برنامج X": an interview, no meeting)
    not_after: tuple[tuple[Pattern, Any], ...] = ()
    # one end must be an armed group, and a place end a state ("المفاوضات بين جيش الإسلام وروسيا"; not the
    # talks of two states, nor "محادثات … حول عفرين")
    armed_party: bool = False
    # holds frame: the place may be the verb's object, right after the holder ("استعادت القوات العراقية مدينة
    # الموصل"), not only after على
    direct_object: bool = False
    # holds frame: a state may be the holder when no armed group is ("أن تركيا تسيطر حاليا على …")
    states: bool = True
    # gather frame: the people listed met only when a meeting word (``meeting_words``) is at most 8 words before
    # the cue ("اجتماع … بحضور X وY"; not "حفل … بحضور X وY")
    at_meeting: bool = False
    # place frame: only these words may open the place ("انسحب X باتجاه Y": where it went, not "من مواقعه في Z")
    destinations: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def cue_table() -> list[tuple[Pattern, RelCue]]:
    out: list[tuple[Pattern, RelCue]] = []
    for e in load_data("relation_cues.yaml")["relations"]:
        rc = RelCue(
            e["type"], e["frame"], frozenset(e["head"]), frozenset(e["tail"]), e.get("if_tail_location"),
            not_before=tuple(compile_list(e.get("not_before") or [])),
            without_any=tuple(compile_list(e.get("without_any") or [])),
            tail_modifiers=frozenset(normalize_key(w) for w in e.get("tail_modifiers") or []),
            reverse=bool(e.get("reverse")), head_adjacent=bool(e.get("head_adjacent")),
            via=frozenset(normalize_key(w) for w in e.get("via") or []),
            possessed=frozenset(normalize_key(w) for w in e.get("possessed") or []),
            head_before=e.get("head_before"),
            org_tail_kinds=frozenset(e["org_tail_kinds"]) if e.get("org_tail_kinds") else None,
            purpose_subject=bool(e.get("purpose_subject")), relative_tail=bool(e.get("relative_tail")),
            not_after=tuple(compile_list(e.get("not_after") or [])), armed_party=bool(e.get("armed_party")),
            direct_object=bool(e.get("direct_object")), states=bool(e.get("states", True)),
            at_meeting=bool(e.get("at_meeting")),
            destinations=frozenset(normalize_key(w) for w in e.get("destinations") or []))
        out.extend((p, rc) for p, _ in compile_list([*e["patterns"], *(e.get("possessed") or [])]))
    return out


@lru_cache(maxsize=1)
def _sports_table() -> list[tuple[Pattern, RelCue]]:
    """The cue table of a sports page (:func:`sports_page`): no ``met_with``."""
    return [(p, rc) for p, rc in cue_table() if rc.type != "met_with"]


@dataclass(slots=True)
class _E:
    ent: Entity
    i: int
    j: int
    aside: bool = False  # inside brackets opened in its sentence ("جبهة النصرة (تنظيم القاعدة …)")


def _sentence_entities(article: Article, view: TokenView) -> list[_E]:
    ents = sorted((e for e in article.entities if e.type not in ("DATE", "QUANTITY")),
                  key=lambda e: (e.start, -(e.end - e.start)))
    out: list[_E] = []
    last = -1
    body = article.body
    for e in ents:
        if e.start < last:
            continue
        i, j = view.entity_range(e.start, e.end)
        if j > i:
            sent = article.sentence_of(e.start)
            before = body[sent.start:e.start] if sent is not None else ""
            out.append(_E(e, i, j, in_brackets(before)))
            last = e.end
    return out


def most_named_town(view: TokenView, named: Sequence[tuple[str, int]], kind: str | None,
                    town_level: Callable[[int], bool]) -> int | None:
    """Which of the places named so far ``named`` ((key, first word) in text order) a definite "المدينة"
    or "البلدة" (``kind``: مدينه, بلده, قريه) refers to: one named right after that type word ("مدينة
    دوما"; any, for ``kind`` None), at town level (``town_level(n)``), the one the article has named
    most often (the town it is about: "عزلت قوات النظام مدينة دوما … وعلى مدينة مسرابا … استهدف قصف
    المدينة" is Douma), the last of those. Returns its index in ``named``."""
    counts = Counter(key for key, _ in named)
    best: tuple[int, int] | None = None
    found: int | None = None
    for n, (key, i) in enumerate(named):
        if kind is not None and (i < 1 or not any(stem == kind for _pre, stem, _ in view.forms[i - 1])):
            continue
        rank = (counts[key], n)
        if (best is None or rank > best) and town_level(n):
            best, found = rank, n
    return found


def _with_town_anaphors(article: Article, view: TokenView, ents: list[_E]) -> list[_E]:
    """``ents`` with a definite "المدينة"/"البلدة"/"القرية" (not followed by a name) standing for the town
    it refers to ("المقاتلين الأكراد الذين يسيطرون على المدينة": Afrin; see :func:`most_named_town`)."""
    places = [e for e in ents if e.ent.type == "LOCATION"]
    if not places:
        return ents
    starts = {e.i for e in ents}
    added: list[_E] = []
    for k, forms in enumerate(view.forms):
        kind = _place_anaphor(forms)
        if kind is None or k + 1 in starts or k in starts:
            continue
        before = [e for e in places if e.j <= k]
        named = [(e.ent.entity_id or normalize_key(e.ent.text), e.i) for e in before]
        sent = article.sentence_of(view.tokens[k].start)
        first = view.index_range(sent.start, sent.end)[0] if sent is not None else k
        # a town named in its sentence first ("وفي النجف … في شوارع المدينة", "في عفرين … الذين يسيطرون
        # على المدينة"), else one introduced with the type word; the one named most often so far
        n = most_named_town(view, named, None, lambda n, before=before, first=first: before[n].i >= first
                            and before[n].ent.attrs.get("geo_precision") == 1)
        if n is None:
            n = most_named_town(view, named, kind, lambda n, before=before: before[n].ent.attrs.get("geo_precision") == 1)
        if n is not None:
            added.append(_E(before[n].ent, k, k + 1))
    if not added:
        return ents
    return sorted([*ents, *added], key=lambda e: e.i)


def group_anaphors(view: TokenView, spans: Sequence[tuple[Entity, int, int]]) -> list[tuple[Entity, int]]:
    """Bare definite group nouns ("وشنت الجبهة هجوما", "أعلنت الحركة") outside the named ``spans``
    (entity, first word, end word), each with the entity it stands for: the nearest earlier linked armed
    group named with that noun ("جبهة النصرة"), or the nearest earlier one for "الميليشيا" and "الفصيل".
    The returned entities span the anaphor's word and carry the antecedent's id."""
    if not GROUP_ANAPHORS:
        return []
    taken = {k for _e, i, j in spans for k in range(i, j)}
    # each name with its first word and the word before it ("ميليشيا “الدفاع الوطني”")
    names = [(e, j, normalize_key(e.text).split()[0], {f[1] for f in view.forms[i - 1]} if i > 0 else set())
             for e, i, j in spans if normalize_key(e.text)]
    if not any(e.type == "ARMED_GROUP" and e.entity_id for e, *_ in names):
        return []
    out: list[tuple[Entity, int]] = []
    for k, forms in enumerate(view.forms):
        if k in taken:
            continue
        noun, head = next(((f[1], GROUP_ANAPHORS[f[1]]) for f in forms
                           if f[1] in GROUP_ANAPHORS and f[0].endswith(("ال", "لل"))), (None, None))
        if head is None or (k + 1 < len(view) and _nisba_after(view, k)):
            continue
        tok = view.tokens[k]
        near = [(g, first, before) for g, j, first, before in names if j <= k and tok.start - g.end <= ANAPHOR_REACH]
        # the last name with that head, whatever its type ("حزب الشعوب الديمقراطي … وترأس الحزب": not a
        # group named before it); for "*", the last group
        prev = [g for g, first, _ in near if (first in (head, "ال" + head) if head != "*" else g.type == "ARMED_GROUP")]
        # "القيادي في الميليشيا ذاتها": the group last named after that very noun, before the nearest one
        named = [g for g, first, before in near if head == "*" and g.type == "ARMED_GROUP" and noun in (first, *before)]
        g = (named or prev or [None])[-1]
        if g is not None and g.type == "ARMED_GROUP" and g.entity_id:
            out.append((Entity(text=tok.text, start=tok.start, end=tok.end, type="ARMED_GROUP",
                               entity_id=g.entity_id, attrs=dict(g.attrs), canonical_en=g.canonical_en), k))
    return out


def _nisba_after(view: TokenView, k: int) -> bool:
    """The word after ``k`` is a definite nisba adjective not of stance ("الجبهة الوطنية", not "الحزب
    المحظور")."""
    return any(pre.endswith("ال") and stem.endswith(("ي", "يه")) and "ال" + stem not in ANAPHOR_ADJECTIVES
               for pre, stem, _ in view.forms[k + 1])


def _with_group_anaphors(view: TokenView, ents: list[_E]) -> list[_E]:
    """``ents`` with the group anaphors of :func:`group_anaphors` ("التي تدعم هذه الوحدات")."""
    extra = [_E(e, k, k + 1) for e, k in group_anaphors(view, [(e.ent, e.i, e.j) for e in ents])]
    return sorted([*ents, *extra], key=lambda e: e.i) if extra else ents


def _gap_ok(view: TokenView, a: int, b: int, max_words: int) -> bool:
    """Words ``[a, b)`` are at most ``max_words`` non-filler words."""
    if b - a < 0:
        return False
    n = sum(1 for k in range(a, b) if not any(f[1] in FILLERS for f in view.forms[k]))
    return n <= max_words


def _first_after(ents: list[_E], k: int, types: Iterable[str], view: TokenView, max_words: int,
                 stop: int | None = None) -> _E | None:
    types = frozenset(types)
    for e in ents:
        if e.i >= k and e.ent.type in types and (stop is None or e.i < stop):
            return e if _gap_ok(view, k, e.i, max_words) else None
    return None


def _last_before(ents: list[_E], k: int, types: Iterable[str], view: TokenView, max_words: int,
                 exclude: set[int] | None = None) -> _E | None:
    types = frozenset(types)
    for e in reversed(ents):
        if e.j <= k and e.ent.type in types and (not exclude or id(e) not in exclude):
            return e if _gap_ok(view, e.j, k, max_words) else None
    return None


def _first_word(view: TokenView, e: _E) -> int:
    """The word the name starts in: the one before ``e.i`` when the name starts after a glued clitic
    ("لوحدات X": the name's first whole word is the next one)."""
    return e.i - 1 if e.i >= 1 and view.tokens[e.i - 1].end > e.ent.start else e.i


def _glued(view: TokenView, e: _E) -> str:
    """The proclitics glued to the front of the name, normalised with و/ف removed ("لقوات X" → "ل")."""
    tok = view.tokens[_first_word(view, e)]
    if tok.start < e.ent.start < tok.end:
        return normalize_key(tok.text[: e.ent.start - tok.start]).lstrip("وف")
    return ""


def _conjoined(view: TokenView, e: _E) -> bool:
    """The name starts with a glued و/ف ("وعباس الموسوي") or follows a bare و."""
    tok = view.tokens[_first_word(view, e)]
    if tok.start < e.ent.start < tok.end:
        return normalize_key(tok.text[: e.ent.start - tok.start])[:1] in ("و", "ف")
    return e.i >= 1 and view.tokens[e.i - 1].norm in ("و", "ف")


def _governor(view: TokenView, e: _E) -> int:
    """The word right before the name, past at most two filler words ("ضد مقاتلي X": ضد), or -1."""
    first = _first_word(view, e)
    k = first - 1
    while k >= 0 and any(f[1] in FILLERS for f in view.forms[k]) and first - k <= 3:
        k -= 1
    return k


def _object_marked(view: TokenView, e: _E) -> bool:
    """The name is governed by a preposition or a fight masdar (filler words skipped)."""
    if _glued(view, e)[:1] in ("ل", "ب"):
        return True  # "لجبهة النصرة", "بجيش الإسلام"
    k = _governor(view, e)
    if k >= 1 and view.tokens[k].norm == "من" and view.tokens[k - 1].norm in BACKED_WORDS:
        return True
    return k >= 0 and any(f[1] in OBJECT_MARKERS for f in view.forms[k])


def _fight_target(view: TokenView, e: _E) -> bool:
    """The name is the target of a fight word right before it ("ضد (داعش)", "في قتال X"; fillers skipped);
    not a glued لـ, which may own what acts ("غارة للتحالف العربي استهدفت …")."""
    k = _governor(view, e)
    return k >= 0 and any(f[1] in AGAINST or f[1] in OBJECT_CUES for f in view.forms[k])


def _troops_of(view: TokenView, e: _E) -> bool:
    """"وصلت تعزيزات لقوات النظام إلى درعا": the name after لـ owns the troops named right before it."""
    first = _first_word(view, e)
    return _glued(view, e)[:1] == "ل" and first >= 1 and any(f[1] in TROOP_WORDS for f in view.forms[first - 1])


PRONOUN_OBJECTS = _words("pronoun_objects")
ALONGSIDE_WORDS = grammar_words("alongside_words")
DEPUTY_WORDS = _words("deputy_words")
ENVOY_WORDS = _words("envoy_words")
RELATIVE_PRONOUNS = grammar_words("relative_pronouns")


def _relative_antecedent(view: TokenView, ents: list[_E], m: CueMatch, types: Iterable[str]) -> _E | None:
    """"المعارضة المعتدلة التي تقاتل X", "للجيش الحر والعناصر الأخرى التي تقاتل X": a cue right after a
    relative pronoun has the pronoun's antecedent as subject, a few words before it."""
    if _word_at(view, m.i - 1) in RELATIVE_PRONOUNS:
        e = _last_before(ents, m.i - 1, types, view, 5)
        if e is not None and e.ent.type == "LOCATION" and not _gap_ok(view, e.j, m.i - 1, 0):
            # "التي تشغل واشنطن مصير آلاف السوريين الأكراد الذين قاتلوا داعش": a state is the antecedent only
            # right before the pronoun ("تركيا التي تقاتل"), else the unnamed men between are
            return None
        return e
    if m.prefix.startswith("و"):
        # "تحالف الفتح الذي يتزعمه هادي العامري ويضم فصائل الحشد": a verb joined by و to a relative
        # clause's verb shares its antecedent
        k = next((q for q in range(m.i - 2, max(m.i - 8, 0) - 1, -1)
                  if view.clause[q] == view.clause[m.i] and _word_at(view, q) in RELATIVE_PRONOUNS), None)
        if k is not None and view.tokens[k + 1].norm[:1] in ("ي", "ت"):
            return _last_before(ents, k, types, view, 5)
    return None


def _members_listed(view: TokenView, ents: list[_E], umbrella: _E) -> list[_E]:
    """The groups listed as members right after a group named by a kind ("فصائل معارضة مختلفة بينها فصائل
    إسلامية، أكبرها جيش الإسلام وفيلق الرحمن"): the names after a member opener (``member_openers``) at most
    eight words after the umbrella (commas may stand between), with those joined to them."""
    for q in range(umbrella.j, min(umbrella.j + 8, len(view))):
        if _word_at(view, q) in MEMBER_OPENERS:
            first = _first_after(ents, q + 1, ("ARMED_GROUP",), view, 0)
            if first is not None and first.ent.entity_id != umbrella.ent.entity_id:
                return [first, *_coordinated(view, ents, first)]
    return []


def _link_owner(view: TokenView, ents: list[_E], e: _E, types: Iterable[str]) -> _E | None:
    """The antecedent of a relative pronoun after ``e``: ``e`` itself, unless a link adjective governs it
    ("ميليشيا حزب الله الموالية لإيران، والتي تدعم …", "المدعومة من إيران"), when it is the name the adjective
    describes, right before it (None when no name is there)."""
    k = _first_word(view, e) - 1
    if _word_at(view, k) in ("من", "ومن"):
        k -= 1
    elif _glued(view, e)[:1] not in ("ل", "ب"):
        return e
    if k < 0 or not any(f[1] in INDEFINITE_LINKS for f in view.forms[k]):
        return e
    return _last_before(ents, k, types, view, 1)


def _past_dates(view: TokenView, k: int) -> int:
    """The first word from ``k`` on that is in no date ("هاجمت قوات النظام فجر اليوم مواقع X")."""
    dates = view.memo.get(DATE_WORDS_MEMO, frozenset())
    while k in dates:
        k += 1
    return k


def _place_anaphor(forms: Iterable[tuple[str, str, bool]]) -> str | None:
    """The type word of a town anaphor among a word's analyses ("المدينة" → "مدينه"), or None."""
    return next((stem for pre, stem, _ in forms if pre.endswith("ال") and "ال" + stem in PLACE_ANAPHORS), None)


def _town_word(view: TokenView, e: _E) -> bool:
    """The name is a town anaphor ("المدينة", "البلدة"), the town it stands for (:func:`_with_town_anaphors`)."""
    return e.j - e.i == 1 and _place_anaphor(view.forms[e.i]) is not None


def _joined_past_place(view: TokenView, ents: list[_E], last: _E) -> list[_E]:
    """"استهدفت مواقع تنظيم داعش في سوريا ولحزب العمال الكردستاني في شمال العراق": a name joined by و after
    the place the one before it is in (``in PLACE``), with the names joined to it."""
    if _word_at(view, last.j) != "في":
        return []
    place = next((e for e in ents if e.i == last.j + 1 and e.ent.type == "LOCATION"), None)
    if place is None or place.j >= len(view) or not view.tokens[place.j].norm.startswith("و"):
        return []
    nxt = next((e for e in ents if _first_word(view, e) == place.j and e.ent.type == last.ent.type), None)
    return [nxt, *_coordinated(view, ents, nxt)] if nxt is not None else []


def _apposition_host(view: TokenView, ents: list[_E], place: _E) -> _E:
    """A place named as a reference point locates the place named before it, of which the rest is said:
    "منبج، وهي منطقة شرقي عفرين، حيث …" (an apposition opened by وهي/وهو), "الغوطة الشرقية، آخر معاقل
    المعارضة قرب العاصمة دمشق، حيث …" (a direction word at most three words before the place, the place
    before it at most five words before that); any other place is itself."""
    k = _first_word(view, place)
    d = k if view.tokens[k].norm in DIRECTIONS else next(
        (q for q in range(k - 1, max(k - 4, 0) - 1, -1) if _word_at(view, q) in DIRECTIONS), None)
    if d is None or any(view.clause[q] != view.clause[k] for q in range(d, k)):
        return place
    for q in range(d - 1, max(d - 4, 0) - 1, -1):
        if _word_at(view, q) in APPOSITION_OPENERS:
            return _last_before(ents, q, ("LOCATION",), view, 0) or place
    return _last_before(ents, d, ("LOCATION",), view, 5) or place


def _copula_subject(view: TokenView, ents: list[_E], k: int, types: Iterable[str]) -> _E | None:
    """"وقد أصبحت ميليشيات الحشد الشعبي التي يديرها سليماني في العراق رسميا جزءا من …": the name right after
    a copula (at most one generic word between) at most twelve words before word ``k``, in its clause, is the
    subject of the predicate at ``k``."""
    for q in range(k - 1, max(k - 13, 0) - 1, -1):
        if view.clause[q] != view.clause[k]:
            return None
        word = view.tokens[q].norm
        word = word[1:] if word[:1] in ("و", "ف") and word[1:] in COPULAS else word
        if word in COPULAS and word not in SUBJECT_PRONOUNS:  # ("وهو": a pronoun, no copula with a subject after)
            e = _first_after(ents, q + 1, types, view, 1)
            return e if e is not None and e.j <= k else None
    return None


def _relative_subject(view: TokenView, ents: list[_E], k: int, types: Iterable[str],
                      places_between: bool = False) -> _E | None:
    """"لحزب العمال الكردستاني الذي يخوض منذ 1984 تمردا ضد …": a relative clause whose pronoun is at most eight
    words before word ``k`` (its clause, no name between) has the pronoun's antecedent, the name right before it,
    as subject, whatever word governs that name."""
    for q in range(k - 2, max(k - 8, 0) - 1, -1):
        if view.clause[q] != view.clause[k]:
            return None
        if _word_at(view, q) not in RELATIVE_PRONOUNS:
            continue
        if view.tokens[q + 1].norm[:1] not in ("ي", "ت") or any(
                q < e.i < k and not (places_between and e.ent.type == "LOCATION") for e in ents):
            return None
        e = _last_before(ents, q, types, view, 0)
        return e if e is not None and e.ent.type != "LOCATION" else None
    return None


def _subject_before(view: TokenView, ents: list[_E], k: int, types: Iterable[str], max_words: int,
                    lo: int = 0) -> _E | None:
    """The nearest name of ``types`` before word ``k`` that is no object of another word
    ("X … في قتال Y، معارك مع Z": X), at most ``max_words`` non-filler words away, same clause span."""
    types = frozenset(types)
    q = k - 1
    while q >= max(lo, 0) and view.tokens[q].norm not in COMPLEMENTIZERS:
        q -= 1
    lo = max(lo, q + 1)  # "قالت مصادر في X إن …": the speaker is no party
    # "وحدات حماية الشعب التي تعتبرها أنقرة "إرهابية" وهي حليفة لواشنطن في محاربة داعش": a subject pronoun with
    # no subject named after it is the clause's subject; it names the name right before it ("جيش الإسلام، وهو
    # أكبر الفصائل، …", "قوات الدفاع الشعبي التي هي تقاتل داعش"), else none
    p = next((q for q in range(k - 1, lo - 1, -1) if view.tokens[q].norm in SUBJECT_PRONOUNS), None)
    if p is not None and not _gap_ok(view, p + 1, k, max_words):
        p = None  # a pronoun far back is another clause's
    for e in reversed(ents):
        if e.j > k or e.i < lo or e.ent.type not in types:
            continue
        if p is not None and e.j <= p:
            near = _gap_ok(view, e.j, p, 0) or (_gap_ok(view, e.j, p, 1) and _word_at(view, p - 1) in RELATIVE_PRONOUNS)
            return e if near and not _object_marked(view, e) else None
        if not _gap_ok(view, e.j, k, max_words):
            return None
        if not _object_marked(view, e):
            return e
    return None


_PRONOUN_ENDINGS = ("ه", "ها", "هم")


def _new_subject_after(view: TokenView, q: int, k: int) -> bool:
    """Word ``q`` is a bare complementizer ("أن", "إن", "بأن") whose clause (up to word ``k``) has a subject of its
    own: not "أنه/أنها" nor "إن مقاتليه", whose pronoun names the one before ("يعتقد أنه ينشر مقاتلين في سوريا",
    "قال جيش الإسلام إن مقاتليه يريدون البقاء في دوما")."""
    tok = view.tokens[q]
    if tok.norm not in COMPLEMENTIZERS or tok.text.endswith(_PRONOUN_ENDINGS):
        return False
    return not (q + 1 < k and view.tokens[q + 1].text.endswith(_PRONOUN_ENDINGS))


def _joined(view: TokenView, a: _E, b: _E) -> bool:
    """``b`` follows ``a`` joined by و ("X وY", "X و Y")."""
    if b.i == a.j:
        return view.tokens[b.i].prefix.startswith("و")
    if _first_word(view, b) == a.j:  # "قاسم سليماني وفيلق القدس": the name starts after the glued و
        return _conjoined(view, b)
    return b.i == a.j + 1 and _word_at(view, a.j) == "و"


def _coordinated_before(view: TokenView, ents: list[_E], last: _E) -> list[_E]:
    """Names coordinated right before ``last`` ("X وY"): ``last`` starts with و right after the previous."""
    out: list[_E] = []
    cur = last
    for e in reversed(ents):
        if e.j > cur.i:
            continue
        k = _first_word(view, cur)  # "وفصائل سورية": the name may start after the glued و
        tok = view.tokens[k] if k < len(view) else None
        if e.j == k and tok is not None and tok.norm.startswith("و") and e.ent.type == last.ent.type:
            out.append(e)
            cur = e
        else:
            break
    return out


def _described_before(view: TokenView, ents: list[_E], k: int, types: Iterable[str]) -> _E | None:
    """The name an indefinite noun before word ``k`` describes in apposition: "قوات سوريا الديمقراطية
    (وهي) تحالف فصائل كردية وعربية مدعوم من …", "جيش المهدي، وهو فصيل مسلح موال لـ…" (the noun at
    most four words before ``k`` in its clause, the name right before the noun or its pronoun)."""
    for q in range(k - 1, max(k - 5, -1), -1):
        if view.clause[q] != view.clause[k]:
            return None
        if view.tokens[q].norm not in APPOSITIVE_NOUNS:
            continue
        p = q - 1 if _word_at(view, q - 1) in SUBJECT_PRONOUNS else q
        e = _last_before(ents, p, types, view, 0)
        if e is not None and e.j == p:
            return e
    return None


def _relative_predicate(view: TokenView, ents: list[_E], k: int, types: Iterable[str]) -> _E | None:
    """An indefinite adjective as the predicate of a relative clause: "جبهة النصرة التي كانت تابعة
    للقاعدة", "X الذي يعد مواليا لـ…" (the name, the relative pronoun, at most one copula)."""
    q = k - 1
    if _word_at(view, q) in COPULAS:
        q -= 1
    if _word_at(view, q) not in RELATIVE_PRONOUNS or view.clause[q] != view.clause[k]:
        return None
    e = _last_before(ents, q, types, view, 0)
    return e if e is not None and e.j == q else None


def _considering_clause(view: TokenView, k: int) -> int:
    """The word index of a relative pronoun followed by a verb of calling ("التي تعتبرها") at most 8 words
    before word ``k`` in its clause, else -1."""
    for q in range(k - 2, max(k - 10, 0) - 1, -1):
        if view.clause[q] != view.clause[k]:
            break
        if _word_at(view, q) in RELATIVE_PRONOUNS and any(f[1] in CONSIDERING_VERBS for f in view.forms[q + 1]):
            return q
    return -1


def _considered(view: TokenView, ents: list[_E], q: int, types: Iterable[str]) -> _E | None:
    """"وحدات حماية الشعب، التي تعتبرها أنقرة جماعة إرهابية وامتدادا لحزب العمال": the antecedent of the relative
    clause of calling at word ``q`` (``_considering_clause``) is what the link cue after it is said of."""
    e = _last_before(ents, q, types, view, 0)
    return e if e is not None and e.j == q else None


def _alongside(view: TokenView, a: int, b: int) -> bool:
    """"يقاتل ضمن الحشد الشعبي", "يقاتلون في صفوف X", "إلى جانب X": the name after is the side fought
    with, not against."""
    return any(any(f[1] in ALONGSIDE_WORDS for f in view.forms[q]) for q in range(a, b))


def _side_end(view: TokenView, q: int) -> bool:
    """The word ``q`` closes the first side of a "بين" ("من جهة", "من طرف", not "من جهة أخرى")."""
    return _word_at(view, q) in SIDE_WORDS and _word_at(view, q - 1) == "من" and _word_at(view, q + 1) not in OTHER_SIDE


def _verb_subject(ents: list[_E], m: CueMatch, types: Iterable[str]) -> _E | None:
    """Verb first: the name of ``types`` right after a cue with no proclitic but و/ف is its subject
    ("وتدعم الولايات المتحدة قوات X", "ويضم جيش الفتح فصائل …")."""
    if m.prefix not in ("", "و", "ف"):
        return None
    return next((e for e in ents if e.i == m.j and e.ent.type in types), None)


def _word_at(view: TokenView, k: int) -> str:
    return view.tokens[k].norm if 0 <= k < len(view) else ""


def _pairs(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E], next_cue: int,
           claimed: set[tuple[str, int]]) -> list[tuple[_E, _E, str]]:
    """(head, tail, type) pairs this cue states."""
    t = rc.type
    f = rc.frame
    out: list[tuple[_E, _E, str]] = []
    if f == "title":
        if t == "leader_of" and not m.prefix.lstrip("وف").startswith("ل") and m.i >= 1 and any(
                x[1] in DEPUTY_WORDS for x in view.forms[m.i - 1]):
            return out  # "نائب زعيم حزب الله فلان": the deputy does not lead
        if t == "leader_of" and any(x[1] in ENVOY_WORDS for q in (m.i - 1, m.i - 2) if q >= 0 for x in view.forms[q]):
            return out  # "المبعوث (الخاص) للأمين العام للأمم المتحدة فلان": the envoy, not the leader
        tail = _first_after(ents, m.j, rc.tail, view, 1)
        if tail is None and (end := _title_end(view, m)) != m.j:
            tail = _first_after(ents, end, rc.tail, view, 1)
        if tail is None:
            return out
        out += _post_place(view, ents, tail)
        if rc.head_before is not None:
            # an accusative title ("كان قائدا لـX"); after كـ it is another word ("كاميرا")
            head = _last_before(ents, m.i, rc.head, view, rc.head_before)
            if head is not None and not m.prefix.lstrip("وف").startswith("ك"):
                out.append((head, tail, t))
            return out
        head = _first_after(ents, tail.j, rc.head, view, 4, stop=next_cue)
        if head is not None and find_cues(view, _passive_leader_cues(), tail.j, head.i):
            # "المتحدث باسم تحالف X الذي يتزعمه فلان، النائب علان": فلان leads X, علان speaks for it
            head = _first_after(ents, head.j, rc.head, view, 3, stop=next_cue)
            if head is None:
                return out
        if head is not None and _conjoined(view, head):
            head = None  # "عماد مغنية القائد العسكري لحزب الله، وعباس الموسوي": the next of a list, no apposition
        elif head is not None and any(view.tokens[q].norm in COMPLEMENTIZERS for q in range(tail.j, head.i)):
            head = None  # "وقال جون إيرنست المتحدث باسم البيت الأبيض إن أوباما …": the name after إن is told of
        if head is not None and head.j == next_cue and not m.prefix.startswith(("و", "ف")) and (
                before := _last_before(ents, m.i, ("PERSON",), view, 1)) is not None:
            # "يحيى عياش أحد قادة حركة حماس، فتحي الشقاقي رئيس حركة الجهاد": in a list of people each
            # followed by his own title, the title is said of the name before it
            head = before
        elif head is None or head.ent.type not in rc.head:
            # a person claimed by a later title of the same type is not this one's head ("زعيم X فلان
            # وزعيم Y علان"); "قائد X المدعو فلان، والذي يعتبر من أبرز رجال Y" may name him again
            head = _last_before(ents, m.i, rc.head, view, 4, exclude={i for typ, i in claimed if typ == t})
            if head is not None and [q for q in range(head.j, m.i) if view.tokens[q].is_word
                                     and _word_at(view, q) not in TITLE_BRIDGE] not in ([], [head.j]):
                # "ماتيس يدعم جهود المبعوث الخاص للأمم المتحدة": other words between, another clause (one word
                # right after the name may be the rest of it: "نبيل صحراوي، زعيم تنظيم القاعدة")
                head = None
        else:
            claimed.add((t, id(head)))
        if head is not None:
            out.append((head, tail, t))
    elif f == "passive":
        head = _first_after(ents, m.j, rc.head, view, 2)
        if rc.relative_tail:
            tail = _last_before(ents, m.i - 1, rc.tail, view, 1) if _word_at(view, m.i - 1) in RELATIVE_PRONOUNS \
                else None
        else:
            # "ميليشيا X …، تشكلت عام 2013، بزعامة فلان": a long apposition may separate the group
            tail = _last_before(ents, m.i, rc.tail, view, 6) or _last_before(ents, m.i, ("ARMED_GROUP",), view, 14)
        if head and tail:
            out.append((head, tail, t))
    elif f == "active":
        tail = _first_after(ents, m.j, rc.tail, view, 1)
        if tail:
            head = _first_after(ents, tail.j, rc.head, view, 5) or _last_before(ents, m.i, rc.head, view, 3)
            if head:
                out.append((head, tail, t))
    elif f == "link":
        joined_heads: list[_E] = []
        # an indefinite adjective ("أهداف تابعة لـX") agrees with an indefinite noun: a name must touch it
        indefinite = any(f[1] in INDEFINITE_LINKS and not f[0].endswith(("ال", "لل")) for f in view.forms[m.i])
        head = _last_before(ents, m.i, rc.head, view, 0 if indefinite else 3)
        if head is not None and indefinite and head.j != m.i:
            head = None  # "الجيش السوري وميليشيات مدعومة من إيران": the militias are backed, not the army
        if head is None and indefinite:
            head = _described_before(view, ents, m.i, rc.head) or _relative_predicate(view, ents, m.i, rc.head)
        called = _considering_clause(view, m.i)
        if called >= 0 and (head is None or head.j <= called):
            head = _considered(view, ents, called, rc.head) or head
        if (head is not None and view.tokens[m.i].norm.startswith("وال")
                and _glued(view, head).endswith(("ل", "ب"))
                and view.tokens[_first_word(view, head) - 1].norm.startswith("ال")):
            # "جبهة النصرة الموالية لتنظيم القاعدة والمناهضة لتنظيم داعش": a second definite adjective joined
            # by و qualifies the noun the first one did, not the first one's object
            head = _last_before(ents, _first_word(view, head), rc.head, view, 2)
        if head is not None and rc.head_adjacent and head.j != m.i and not (
                head.j == m.i - 1 and _word_at(view, head.j) in SUBJECT_PRONOUNS):
            head = None
        if head is not None and any(view.tokens[q].norm in COMPLEMENTIZERS for q in range(head.j, m.i)):
            head = None  # "في حديث لـ«X» إن طائرات تابعة لـY": the speaker is not what belongs to Y
        if head is not None and head.j < m.i and any(
                x[1] in DEMONSTRATIVES and x[0] in ("", "و") for x in view.forms[m.i - 1]):
            head = None  # "الطائرات الروسية والسورية وتلك التابعة للتحالف": what belongs is the demonstrative's
        if head is not None and any(view.tokens[q].norm in SUBJECT_PRONOUNS
                                    and any(_word_at(view, r) not in RELATIVE_PRONOUNS for r in range(head.j, q))
                                    for q in range(head.j + 1, m.i)):
            # "X التي تعتبرها أنقرة «إرهابية» وهي حليفة لواشنطن": هي is X, not أنقرة ("Y التي هي جزء من": Y)
            head = None
        if head is not None and head.ent.type == "LOCATION" and not _state_place(head.ent):
            head = None  # a place may stand for its state ("دمشق وحليفتها موسكو"), not a town
        if (head is not None and rc.type == "sponsored_by" and head.j <= m.i and _word_at(view, m.i).startswith("ب")
                and _word_at(view, _first_word(view, head) - 1) in ("من", "ومن")):
            # "سيطرتهم على أراض من تنظيم داعش بمساعدة الولايات المتحدة": "with the help of" is said of the
            # clause's agent, not of the side a place is taken from ("مقاتلون من X المدعومة من Y" stays)
            head = None
        if (head is not None and head.j < m.i and rc.type == "part_of" and _object_marked(view, head)
                and not any(_word_at(view, q) in RELATIVE_PRONOUNS for q in range(head.j, m.i))):
            # "في محاربة داعش وتشارك ضمن قسد": the object fought does not join ("مع حركة X التي هي
            # جزء من Y": a relative clause still describes it)
            head = None
        if head is not None and head.j < m.i and any(x[0].endswith(("ال", "لل")) and x[1] in FILLERS
                                                     for x in view.forms[m.i - 1]):
            head = None  # "X … للقوات الموالية لـY": the definite noun before the cue is what Y backs
        if head is not None and any(view.tokens[q].norm.startswith("وال")
                                    or any(x[0].startswith("و") and x[1] in FILLERS for x in view.forms[q])
                                    for q in range(head.j, m.i)):
            # "هيئة تحرير الشام والمجموعات الأخرى المرتبطة بـY", "داعش وميليشيات … التابعة لـY": the noun
            # coordinated after X is what the cue qualifies
            head = None
        if (head is None and t == "allied_with" and m.i >= 1 and _word_at(view, m.i - 1) == "مع"
                and view.tokens[m.i].norm[-2:] in ("ها", "يه")):
            # "واتهمت دمشق باستخدام سلاح كيميائي، الأمر الذي نفته مع حليفتيها موسكو وطهران": "with its
            # allies" is said of the sentence's subject, the first state or group named in it
            head = next((e for e in ents if e.j <= m.i and e.ent.type in rc.head
                         and (e.ent.type != "LOCATION" or _state_place(e.ent) or is_capital(e.ent))), None)
        if head is None and t == "part_of" and m.i > 0 and view.tokens[m.i].norm[:1] in ("ك", "ج"):
            # "القوات الأميركية، التي تعمل في سوريا كجزء من قوات التحالف": the relative clause's antecedent
            # (places it works in may stand between); "أصبحت ميليشيات الحشد … رسميا جزءا من": the copula's
            # subject
            head = _relative_subject(view, ents, m.i, rc.head, places_between=True) or _copula_subject(
                view, ents, m.i, rc.head)
            joined_heads = _coordinated_before(view, ents, head) if head is not None else []
        k = m.j
        while k < len(view) and view.tokens[k].norm in rc.tail_modifiers and view.clause[k] == view.clause[m.i]:
            k += 1
        tail = _first_after(ents, k, rc.tail | {"LOCATION"} if rc.if_tail_location else rc.tail, view, 1)
        if tail is not None and tail.ent.type == "LOCATION" and tail.i != k:
            tail = None  # a sponsor state is named right after the cue ("الموالية لإيران")
        if tail is not None and any(view.tokens[q].norm == "في" for q in range(k, tail.i)):
            tail = None  # "أنقرة، حليفتها في حلف شمال الأطلسي": what the ally is in, not the ally
        if head and tail:
            typ = rc.if_tail_location if (tail.ent.type == "LOCATION" and rc.if_tail_location) else t
            out.append((head, tail, typ))
            out.extend((h, tail, typ) for h in joined_heads)  # "القوات الأميركية والفرنسية، التي تعمل …"
            # "روسيا، حليفة دمشق، وتركيا": a name after the comma is no second tail; "ما بين X المسنودة بـY
            # وZ": Z is the other side of the fight
            if _word_at(view, _first_word(view, head) - 1) not in ("بين", "وبين"):
                out.extend((head, e, typ) for e in _coordinated(view, ents, tail)
                           if typ == t and view.clause[e.i] == view.clause[tail.i])
        if rc.reverse:
            out = [(b, a, typ) for a, b, typ in out]
    elif f == "verb":
        if _word_at(view, m.j) in PRONOUN_OBJECTS:
            return out  # "فتصدت لها الطائرات الإسرائيلية": the name after the pronoun is the subject
        # ("وكانت تركيا استهدفت في الايام الاخيرة مواقع تنظيم داعش": a date between is no word between)
        tail = _first_after(ents, _past_dates(view, m.j), rc.tail, view, 1)
        if tail is not None and _alongside(view, m.j, tail.i):
            tail = None
        head = _last_before(ents, m.i, rc.head, view, 1)
        if head is not None and _fight_target(view, head):
            head = None  # "تقود التحالف الدولي ضد (داعش)، وتدعم قوات البيشمركة": the target before is no subject
        if head is not None and _word_at(view, m.i - 1).removeprefix("و") in RELATIVE_PRONOUNS:
            head = _link_owner(view, ents, head, rc.head)  # "ميليشيا حزب الله الموالية لإيران، والتي تدعم …"
        if head is not None and view.clause[head.i] != view.clause[m.i] and view.clause[m.i - 1] != view.clause[m.i] \
                and _verb_subject(ents, m, rc.head):
            # "صنعاء الخاضعة لسيطرة الحوثيين، أجبرت ميليشيات إيران …": a verb that opens a clause names its
            # subject after it ("بمساندة التحالف، في إجبار الحوثيين": a masdar's object follows)
            head = None
        if head is None:
            head = _relative_antecedent(view, ents, m, rc.head)
        if head is None and tail is not None and rc.purpose_subject and (
                m.prefix.lstrip("وف") == "ل" or _word_at(view, m.i - 1) in PURPOSE_WORDS):
            # "بدأت تركيا … عملية عسكرية …، لطرد وحدات حماية الشعب", "بهدف طرد مقاتلي X": the aim is the
            # clause subject's, the nearest name before that is no object
            head = _subject_before(view, ents, m.i, rc.head, PURPOSE_SUBJECT_WORDS)
            if head is not None and head.ent.type == "LOCATION" and (
                    not _state_place(head.ent) or {_word_at(view, _first_word(view, head) - q) for q in (1, 2)}
                    & {"من", "ومن"}):
                head = None  # "مواطن ألماني من مواليد سوريا، في إطار عملياتهم لدحر داعش": an origin
        if head is not None and head.ent.type == "LOCATION" and (not _state_place(head.ent) or _town_word(view, head)):
            head = None  # ("للسيطرة على المدينة وإجبار الحوثيين": a town, even one abroad, is no state)
        subject = _verb_subject(ents, m, rc.head)
        if head is None and subject is not None:
            # verb first: "استهدفت قوات X مواقع Y", "هاجمت تركيا مقرات Y", "وتدعم الولايات المتحدة قوات X"
            head = subject
            if head.ent.type == "LOCATION" and not _state_place(head.ent):
                head = None
            tail = _first_after(ents, _past_dates(view, head.j), rc.tail, view, 2) if head is not None else None
            if tail is not None and head is not None and _first_word(view, tail) == head.j and \
                    view.tokens[head.j].prefix.startswith("و"):
                head = tail = None  # "يدعم جبهة النصرة وداعش": a list of objects, not a subject and its object
            if tail is not None and head is not None and _alongside(view, head.j, tail.i):
                tail = None
        if head and tail:
            # reverse: the verb's object is the relation's head ("تدعم واشنطن الوحدات": the units are backed);
            # every object joined to the first ("استهدفت تركيا مواقع داعش وحزب العمال الكردستاني")
            objects = [tail, *_coordinated(view, ents, tail)]
            objects += _joined_past_place(view, ents, objects[-1])
            for x in objects:
                if x.ent.entity_id != head.ent.entity_id:
                    out.append((x, head, t) if rc.reverse else (head, x, t))
    elif f == "with":
        out.extend(_with_pairs(view, m, rc, ents))
    elif f == "place":
        relative = _relative_place_pair(view, m, rc, ents)
        if relative is not None:
            return [relative]
        tail = None
        # the next deployment cue starts another statement ("تنتشر فصائل … وتتمركز قوات X في …")
        for k in range(m.j, min(m.j + 10, len(view), next_cue)):
            if view.clause[k] != view.clause[m.i]:
                break
            w = view.tokens[k]
            if rc.destinations:
                if w.norm in rc.destinations:
                    tail = _first_after(ents, k + 1, rc.tail, view, 2)
                    if tail:
                        break
                continue
            # ("توجد قوات تركية في مناطق شمال البلاد وفي محافظة إدلب": a named place after an unnamed one)
            if w.norm in ("الي", "في", "نحو") or (w.prefix == "و" and w.stem == "في") or w.prefix.endswith("ب"):
                tail = _first_after(ents, k + (0 if w.prefix.endswith("ب") else 1), rc.tail, view, 2)
                if tail:
                    break
        if tail and any(f[1] in PRESENCE_PARTICIPLES for f in view.forms[m.i]):
            # "القوات الروسية الموجودة في سوريا", "القوات التركية والأمريكية الموجودتين في …": the participle
            # describes the noun right before it (not "مجلس X … عدد المستشارين الموجودين")
            head = _last_before(ents, m.i, rc.head, view, 1)
            if head and not _object_marked(view, head):  # not "جبهة النصرة الموالية لتنظيم القاعدة الموجودين"
                out.append((head, tail, t))
        elif tail and m.i >= 1 and view.clause[m.i - 1] == view.clause[m.i] and any(
                f[1] in STRIKE_WORDS for q in range(max(0, m.i - 2), m.i) for f in view.forms[q]):
            # "غارات مستهدفة تعزيزات وثكنات لميليشيات الحوثي في الحديدة": what is struck is the owner's
            head = _first_after(ents, m.j, rc.head, view, 3, stop=tail.i)
            if head:
                out.append((head, tail, t))
        elif tail:
            # "تم نقل مقاتلي المعارضة إلى إدلب": the name may start inside the cue's last words
            head = next((e for e in ents if m.i < e.i < m.j and e.ent.type in rc.head), None) or _first_after(
                ents, m.j, rc.head, view, 3, stop=tail.i)
            if head is not None and _object_marked(view, head) and not _troops_of(view, head):
                head = None
            if head is None and m.prefix in ("", "و", "ف"):
                head = _subject_after_place(view, ents, tail, rc.head)
            # "هيئة تحرير الشام (جبهة النصرة سابقا) التي تتواجد في …": not the name in brackets
            if head is None:
                head = _last_before(ents, m.i, rc.head, view, 8, exclude=_asides(view, ents, rc.head))
                if head is not None and any(_new_subject_after(view, q, m.i) for q in range(head.j, m.i)):
                    head = None  # "حذر رئيس أركان القوات X من أن مقاتلين أجانب ينضمون إلى Y": another subject
            if head is None and _word_at(view, m.i) in PRESENCE_NOUNS:
                # "ولتركيا وجود في منطقة عفرين": a state has the presence it is said to have
                state = _last_before(ents, m.i, ("LOCATION",), view, 0)
                head = state if state is not None and _state_place(state.ent) and _object_marked(view, state) \
                    else None
            if head is None and t == "deployed_to" and not m.prefix.lstrip("وف").startswith("ل") and any(
                    any(f[1] in TROOP_WORDS for f in view.forms[q]) for q in range(m.i, tail.i)):
                # "الولايات المتحدة وفرنسا اللتين تنشران جنودا في منبج", "وأرسلت تركيا قوات إلى عفرين": a
                # state sends or keeps its troops (a troop word between the cue and the place; not an aim:
                # "خطط لإرسال قوات إلى سوريا")
                state = _first_after(ents, m.j, ("LOCATION",), view, 0) if m.prefix in ("", "و", "ف") else None
                state = state or _subject_before(view, ents, m.i, ("LOCATION",), 3)  # verb first, or the subject
                if state is None and m.i >= 1 and _word_at(view, m.i - 1) in RELATIVE_PRONOUNS:
                    state = _last_before(ents, m.i - 1, ("LOCATION",), view, 0)  # "مع X وY اللتين تنشران"
                if state is not None and _state_place(state.ent) and not _in_place(view, ents, state):
                    out.extend((s, tail, t) for s in (*_coordinated_before(view, ents, state), state)
                               if _state_place(s.ent))
            if head:
                out.extend((head, x, t) for x in _places_joined(view, ents, tail))
    elif f == "base":
        out.extend(_base_pairs(view, m, rc, ents))
    elif f == "support":
        out.extend(_support_pairs(view, m, rc, ents))
    elif f == "backed":
        out.extend(_backed_pairs(view, m, rc, ents))
    elif f == "expel":
        # "لطرد وحدات حماية الشعب الكردية من عفرين", "لإخراج مقاتلي جيش الإسلام من دوما": the group driven
        # out (the cue's object) is in the place after من
        head = _first_after(ents, m.j, {*rc.head, "PERSON"}, view, 1)
        if head is not None and head.ent.type not in rc.head:
            # "طرد قاسم سليماني وفيلق القدس من سوريا": a leader named first, his group joined after him
            nxt = next((e for e in ents if e.i >= head.j and e.ent.type in rc.head), None)
            head = nxt if nxt is not None and _joined(view, head, nxt) else None
        groups = [head, *_coordinated(view, ents, head)] if head is not None else []
        if groups and _word_at(view, groups[-1].j) in ("من", "ومن"):
            tail = _first_after(ents, groups[-1].j + 1, rc.tail, view, 2)
            if tail is not None and view.clause[tail.i] == view.clause[groups[0].i]:
                out.extend((g, tail, t) for g in groups)
    elif f == "holds":
        if _word_at(view, m.i) == "حيث":
            # "وحرستا غربا حيث حركة أحرار الشام": the group right after, the place right before
            head = _first_after(ents, m.j, rc.head, view, 0)
            if head is None and _word_at(view, m.j) in WHERE_VERBS:
                # "منطقة درعا حيث يحتفظ تنظيم الدولة بوجود", "حيث تتواجد القوات الأميركية": past the verb
                head = _first_after(ents, m.j + 1, rc.head, view, 0)
            tail = _last_before(ents, m.i, rc.tail, view, 2) if head is not None else None
            if tail is not None:
                tail = _apposition_host(view, ents, tail)
                out.extend((g, tail, t) for g in _members_listed(view, ents, head))
        elif _word_at(view, m.i) in ("تحت", "من") or _word_at(view, m.i) in SUBJECT_WORDS:
            # "مدينة دوما الواقعة تحت سيطرة جيش الإسلام", "بلدة حيط الخاضعة لسيطرة فصائل معارضة", "تحرير
            # مدينة الحديدة من قبضة الحوثيين": the holder after, the place before
            head = _first_after(ents, m.j, rc.head, view, 0)
            if head is None and _word_at(view, m.i) in SUBJECT_WORDS:
                # "بلدة خان شيخون الخاضعة للمعارضة المسلحة": the holder's ل glued to its name
                head = next((e for e in ents if _first_word(view, e) == m.j and e.ent.type in rc.head
                             and _glued(view, e) == "ل"), None)
            tail = _last_before(ents, m.i, rc.tail, view, 3) if head is not None else None
            if tail is None and head is not None:
                tail = _place_after_holder(view, ents, head, rc.tail)  # "الأحياء الخاضعة لسيطرة X في الرقة"
        elif _word_at(view, m.i) in ("يحكم", "تحكم"):
            # "حيث يحكم "جيش الإسلام" دوما": the ruler right after the verb, the place it rules right after
            head = _first_after(ents, m.j, rc.head, view, 0)
            tail = _first_after(ents, head.j, rc.tail, view, 0) if head is not None else None
        elif _word_at(view, m.j) in HOLD_PRONOUNS:
            # "مدينة دوما التي يسيطر عليها جيش الإسلام": the place before, the holder after
            head = _first_after(ents, m.j + 1, rc.head, view, 1)
            tail = _last_before(ents, m.i, rc.tail, view, 3)
            if tail is None and head is not None:
                tail = _place_after_holder(view, ents, head, rc.tail)
            if head is not None and tail is not None:
                # "آخر معاقل تسيطر عليها المعارضة المسلحة وداعش والنصرة": every holder joined to the first
                out.extend((h, tail, t) for h in _coordinated(view, ents, head) if h.j <= tail.i or tail.j <= m.i)
        elif m.prefix.lstrip("وف").startswith("ل") or any("ال" in view.tokens[q].prefix for q in range(m.i, m.j)):
            # "لتسيطر على", "لاستعادة المدينة": an aim, not a hold; "بعد السيطرة على": no holder named
            head = tail = None
        else:
            # "وتسيطر X على الجزء الأكبر من PLACE", "X التي تسيطر على PLACE"; a state by its country's
            # name too ("أن تركيا تسيطر حاليا على خمسة تجمعات في منطقة عفرين")
            head = _first_after(ents, m.j, rc.head, view, 1) or _last_before(ents, m.i, rc.head, view, 1)
            if head is not None and head.j <= m.i and _object_marked(view, head):
                head = None  # "بدعم من المقاتلات الروسية كما سيطرت على …": the backer is not the taker
            if head is None and _word_at(view, m.i - 1) in RELATIVE_PRONOUNS:
                # "ميليشيات الحوثي المدعومة من إيران الذين يسيطرون على المدينة": the antecedent, past what
                # describes it
                head = _last_before(ents, m.i - 1, ("ARMED_GROUP",), view, 4)
            if head is None and rc.states:
                state = _last_before(ents, m.i, ("LOCATION",), view, 1)
                if state is not None and _state_place(state.ent) and not _in_place(view, ents, state):
                    head = state
            tail = None
            if head is not None and rc.direct_object:
                # "بعد استعادة القوات العراقية مدينة الموصل": the object right after the holder (or the verb)
                q = _past_type_words(view, max(m.j, head.j))
                tail = next((e for e in ents if e.i == q and e.ent.type in rc.tail
                             and view.clause[q] == view.clause[m.i]), None)
            if head is not None and tail is None:
                start = max(m.j, head.j)
                k = next((q for q in range(start, min(start + 6, len(view)))
                          if _word_at(view, q) == "علي" and view.clause[q] == view.clause[m.i]), None)
                tail = _first_after(ents, k + 1, rc.tail, view, 3) if k is not None else None
                if tail is None and k is not None:
                    # "تسيطر على خمسة تجمعات من أصل سبعة في منطقة عفرين": the place the held part is in;
                    # "تسيطر على قرابة 70% من منطقة درعا", "على الجزء الأكبر من محافظة إدلب": the place a
                    # share of is held (a share word right before من)
                    tail = next((e for q in range(k + 1, min(k + 10, len(view)))
                                 if view.clause[q] == view.clause[k] and (_word_at(view, q) == "في" or (
                                     _word_at(view, q) == "من" and _share_end(view, q - 1)))
                                 and (e := _first_after(ents, q + 1, rc.tail, view, 1)) is not None), None)
            if head is not None and tail is not None and head.ent.type == "ARMED_GROUP":
                # "سيطرت القوات التركية وفصائل سورية موالية لها على عفرين", "الجيش التركي وفصائل سورية
                # موالية له يسيطرون على …": every holder joined to the one found
                joined = _coordinated(view, ents, head) if head.i >= m.j else _coordinated_before(view, ents, head)
                out.extend((h, tail, t) for h in joined if h.j <= tail.i)
        if head and tail:
            out.append((head, tail, t))
    elif f == "back_title":
        # "وقالت على لسان المتحدث باسمها، فلان": the title's pronoun refers to the clause subject before
        head = _first_after(ents, m.j, rc.head, view, 2)
        tail = next((e for e in reversed(ents) if e.j <= m.i and e.ent.type in rc.tail and _gap_ok(view, e.j, m.i, 16)
                     and not _object_marked(view, e)), None)
        if tail is not None and m.prefix.startswith("و") and tail.j != m.i:
            # "بيانا ضد الهيئة وزعيمها الجولاني": joined by و, the pronoun is the noun's right before it
            # (here no name), not the last name further back
            tail = None
        if head and tail:
            out.append((head, tail, t))
    elif f == "among":
        # "قتل 11 مسلحا من تنظيم داعش بينهم القيادي فلان": the person after the title is one of the men
        # counted, of the group named after من right before the cue
        # (without a title, the name itself right after the cue: "بينهم محمد خلف الراوي", not "بينهم شقيق فلان")
        head = _first_after(ents, m.j, rc.head, view, 2 if m.j - m.i > 1 else 0)
        if head is not None and m.j - m.i == 1 and (
                len(head.ent.text.split()) < 2 or normalize_key(head.ent.text.split()[0]) in KIN_WORDS):
            head = None  # "بينهم نجل قيادي", "بينهم شقيق القيادي فلان" (a name the tagger ran over the kin word)
        tail = _last_before(ents, m.i, rc.tail, view, 2) if head is not None else None
        if tail is not None and view.clause[tail.i] == view.clause[m.i] and _partitive(view, tail):
            out.append((head, tail, t))
    elif f == "beside":
        tail = _first_after(ents, m.j, rc.tail, view, 1)
        head = _subject_before(view, ents, m.i, rc.head, 8) if tail is not None else None
        if tail is not None and tail.ent.type == "ORGANIZATION" and not _gap_ok(view, m.j, tail.i, 0):
            tail = head = None  # "إلى جانب بيان الحكومة": beside a regime only when it is named at once
        if tail is not None and _word_at(view, m.i - 2) in RELATIVE_PRONOUNS:
            # "إلى حزب الله الذي يقاتل إلى جانب X": the relative clause's antecedent, even as an object;
            # "القرار الذي صدر إلى جانب …": a clause about another noun
            fights = any(f[1] in BESIDE_VERBS for f in view.forms[m.i - 1])
            head = _last_before(ents, m.i - 2, rc.head, view, 0) if fights else None
        if head is not None and rc.not_before and find_cues(view, rc.not_before, max(0, head.i - 3), m.i):
            head = None  # "ولم تقاتل ميليشيا X إلى جانب Y": the negation governs the whole clause
        if head and tail:
            out.extend(_spread(view, ents, head, tail, t))
    elif f == "members":
        # "قوات سوريا الديمقراطية، التي تضم فصائل … على رأسها وحدات حماية الشعب", "الحشد الشعبي الذي يضم
        # كتائب حزب الله", "الجبهة الوطنية للتحرير، تحالف فصائل بينها حركة أحرار الشام": the name after the
        # cue is part of the umbrella named before a word of composition (the cue itself, or تضم, تحالف …)
        # the member right after the cue ("التي تضم الجماعة المرتبطة بتنظيم القاعدة" names no member)
        tail = _first_after(ents, m.j, rc.tail, view, 0)
        head = None
        subject = _verb_subject(ents, m, rc.head)
        shared = _relative_antecedent(view, ents, m, rc.head) if m.prefix.startswith("و") else None
        if (subject is not None and shared is None and any(f[1] in rc.via for f in view.forms[m.i])
                and not (m.i > 0 and view.tokens[m.i - 1].norm in RELATIVE_PRONOUNS)):
            # verb first: "ويضم جيش الفتح فصائل أحرار الشام وجبهة النصرة" (the name right after the verb is
            # its subject, the umbrella; "التي تضم X": X is the object)
            head, tail = subject, _first_after(ents, subject.j, rc.tail, view, 1)
        elif tail is not None:
            if any(f[1] in rc.via for f in view.forms[m.i]):
                head = _last_before(ents, m.i, rc.head, view, 3) or shared
            else:
                # the nearest name with a word of composition after it ("قوات سوريا الديمقراطية، التي تضم
                # فصائل كردية … على رأسها": not the descriptor فصائل كردية)
                via = [q for q in range(max(m.i - 12, 0), m.i) if any(f[1] in rc.via for f in view.forms[q])]
                head = _last_before(ents, via[-1], rc.head, view, 3) if via else None
                if head is not None and not _gap_ok(view, head.j, m.i, 10):
                    head = None
        if head is not None and tail is not None:
            out.extend((e, head, t) for e in (tail, *_coordinated(view, ents, tail)))
    elif f == "pair":
        # "وجمعت رؤساء إيران، حسن روحاني، وروسيا، فلاديمير بوتن، حليفي دمشق": a dual title names the two
        # states or groups last named before it (their leaders in apposition skipped) as allies of the
        # one after it
        tail = _first_after(ents, m.j, rc.tail, view, 0)
        if tail is not None and (tail.ent.type != "LOCATION" or _state_place(tail.ent) or is_capital(tail.ent)):
            two = [e for e in ents if e.j <= m.i and m.i - e.j <= PAIR_WORDS and e.ent.type in rc.head
                   and (e.ent.type != "LOCATION" or _state_place(e.ent) or is_capital(e.ent))][-2:]
            if len(two) == 2 and view.tokens[_first_word(view, two[1])].norm.startswith("و"):
                out.extend((e, tail, t) for e in two if e.ent.entity_id != tail.ent.entity_id)
    elif f == "kind":
        # "فصيلي الجيش الحر "فيلق الرحمن" و"جيش الإسلام"": the umbrella right after the cue, then its
        # factions named right after it
        tail = _first_after(ents, m.j, rc.tail, view, 0)
        head = _first_after(ents, tail.j, rc.head, view, 0) if tail is not None else None
        if head is not None and _joined(view, tail, head):
            head = None  # "فصائل X وتنظيم داعش": a second name joined by و is no faction of X
        if head is not None:
            out.extend((e, tail, t) for e in (head, *_coordinated(view, ents, head)))
    elif f == "gather":
        # "قمة جمعت رؤساء إيران، حسن روحاني، وروسيا، فلاديمير بوتن": the persons listed after the cue,
        # each at most four words after the previous one
        if rc.at_meeting and not any(x[1] in MEETING_WORDS for q in range(max(m.i - 8, 0), m.i) for x in view.forms[q]):
            return out  # "حفل … بحضور الأمير فلان ومساعد فلان": people at a ceremony, no meeting
        listed: list[_E] = []
        end = m.j
        for e in ents:
            if e.i < m.j or e.ent.type not in rc.head:
                continue
            if e.i - end > 4:
                break
            listed.append(e)
            end = e.j
        if len(listed) > GATHER_MAX_PERSONS:
            return out  # "وضمت القائمة 34 لاعبا: …": a roster, not a meeting
        listed = [e for e in listed if not _kin_named(view, e)]
        out.extend((a, b, t) for n, a in enumerate(listed) for b in listed[n + 1:])
    elif f == "persons":
        head = _last_before(ents, m.i, rc.head, view, 14)
        tail = _first_after(ents, m.j, rc.tail, view, 14)
        if tail is not None and any(view.tokens[q].norm in COMPLEMENTIZERS for q in range(m.j, tail.i)):
            tail = None  # "بعد لقائه مع زعيم كوريا الشمالية إن كيم سيلتقي …": the name opens a reported clause
        if tail is not None:
            # "التقى X مع Y" (verb first): the first person after the cue is the head; "اجتمع مع رئيس
            # الوزراء X ورئيس البرلمان Y": every person listed after, each at most four words on
            listed = [e for e in _listed_after(ents, tail, rc.tail, view) if not _kin_named(view, e)]
            if head is None and len(listed) >= 2 and view.clause[listed[0].i] == view.clause[m.i]:
                head, listed = listed[0], listed[1:]
            if head is not None:
                out.extend((head, x, t) for x in listed)
        elif head is not None and head.j <= m.i and m.i - head.j <= 3:
            # "وكان ترامب وبوتين اجتمعا في هلسنكي": the pair named together right before the meeting word met
            # each other ("قمة" is no cue: most summits in the news are planned or called off)
            out.extend((x, head, t) for x in _coordinated_before(view, ents, head))
    return out


def _kin_named(view: TokenView, e: _E) -> bool:
    """The person is named as someone's kin, or as the one a kinsman is of: "وزوجته بريجيت", "ابنة الرئيس
    الأميركي دونالد ترمب" (a kin word at most three words before, no name between)."""
    first = _first_word(view, e)
    return any(x[1] in KIN_WORDS for q in range(max(first - 3, 0), first) if view.clause[q] == view.clause[first]
               for x in view.forms[q])


def _title_end(view: TokenView, m: CueMatch) -> int:
    """Where a title cue ending in a glued preposition may really end: "عضو ~2 في|ب*|ل*" matches "عضو
    اللجنة" or "عضو لجنة" (a stem starting with ل) before the real "في" of "عضو اللجنة القانونية في X":
    the next word within two that is one of the last spec's words or carries a ب/ل proclitic (the
    caller tries it when no name follows the match)."""
    last = m.pattern.items[-1]
    if not isinstance(last, WordSpec) or not any(len(p) == 1 for p in last.prefixes):
        return m.j
    for k in range(m.j, min(m.j + 3, len(view))):
        if view.clause[k] != view.clause[m.j - 1]:
            break
        tok = view.tokens[k]
        if tok.norm in last.exact or any(len(p) == 1 and tok.prefix.lstrip("وف").startswith(p) for p in last.prefixes):
            return k + 1
    return m.j


def _partitive(view: TokenView, e: _E) -> bool:
    """The name follows partitive من, generic words between ("من عناصر ميليشيات الحوثي")."""
    k = _first_word(view, e) - 1
    while k >= 0 and any(f[1] in FILLERS for f in view.forms[k]) and _first_word(view, e) - k <= 3:
        k -= 1
    return _word_at(view, k) in ("من", "ومن")


def _asides(view: TokenView, ents: list[_E], types: Iterable[str]) -> set[int]:
    """Names in brackets said of a name of ``types`` right before them ("هيئة تحرير الشام (جبهة النصرة
    سابقا) التي …": the relative clause is said of the name before the brackets; not "ميليشيا (لواء X)
    التي …", where the name in brackets is the only one)."""
    types = frozenset(types)
    out: set[int] = set()
    for n, e in enumerate(ents):
        if e.aside and n > 0 and ents[n - 1].ent.type in types and not ents[n - 1].aside \
                and _first_word(view, e) - ents[n - 1].j <= 1:
            out.add(id(e))
    return out


def _subject_after_place(view: TokenView, ents: list[_E], place: _E, types: Iterable[str]) -> _E | None:
    """Verb first, the place before the subject: "وتنتشر في مدينة منبج قوات أمريكية" (the name right after
    the place, or after the places coordinated with it, in its clause; not "… في حلب وقوات X")."""
    last = ([place, *_coordinated(view, ents, place)])[-1]
    e = _first_after(ents, last.j, types, view, 0)
    if e is None or view.clause[e.i] != view.clause[place.i] or _object_marked(view, e):
        return None
    if _word_at(view, _first_word(view, e)).startswith("و"):
        return None
    return e


def _share_end(view: TokenView, k: int) -> bool:
    """The word ``k`` closes a share of a place ("70%" (the sign is no word), "في المئة", "الجزء الأكبر",
    "أجزاء واسعة", "3 من قرى ريف حلب")."""
    return k >= 0 and (_word_at(view, k).isdigit() or _word_at(view, k) in SHARE_WORDS)


def _past_type_words(view: TokenView, k: int) -> int:
    """The first word from ``k`` on that is no place type word ("محافظة دير الزور": the name's first word)."""
    type_words = load_phrases().type_words
    while k < len(view) and view.norms[k] in type_words:
        k += 1
    return k


def _place_after_holder(view: TokenView, ents: list[_E], holder: _E, types: Iterable[str]) -> _E | None:
    """"مناطق يسيطر عليها التنظيم في محافظة دير الزور", "الجيب الذي يسيطر عليه فيلق الرحمن جنوب الغوطة": the
    areas held (no name before the cue) are in the place named right after the holder, in its clause (past a
    word that describes the holder: "التنظيم المتشدد في محافظة دير الزور")."""
    k = holder.j + 1 if holder.j < len(view) and view.norms[holder.j] in ANAPHOR_ADJECTIVES else holder.j
    k = _past_type_words(view, k + 1 if _word_at(view, k) == "في" else k)
    tail = _first_after(ents, k, types, view, 0)
    return tail if tail is not None and view.clause[tail.i] == view.clause[holder.i] else None


def _relative_place_pair(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E]) -> tuple[_E, _E, str] | None:
    """A deployment cue in a relative clause on a place, with a pronoun back to it: "جبل الركيزة الذي
    تتمركز فيه الميليشيات", "ناحية القيارة التي يرابط على تخومها قوات البيشمركة" (the group after the
    pronoun is in the place named right before the relative pronoun)."""
    if m.i < 1 or _word_at(view, m.i - 1) not in RELATIVE_PRONOUNS:
        return None
    back = next((k for k in range(m.j, min(m.j + 3, len(view)))
                 if view.clause[k] == view.clause[m.i] and any(f[1] in PLACE_RESUMPTIVES for f in view.forms[k])),
                None)
    if back is None:
        return None
    head = _first_after(ents, back + 1, rc.head, view, 1)
    tail = _last_before(ents, m.i - 1, rc.tail, view, 0)
    if head is None or tail is None or view.clause[head.i] != view.clause[m.i]:
        return None
    return (head, tail, rc.type)


def _base_pairs(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E]) -> list[tuple[_E, _E, str]]:
    """A group's base or stronghold and the place it is in (``deployed_to``): "مدينة القائم، آخر معاقل
    داعش", "وتعد الغوطة الشرقية آخر معاقل المعارضة" (the place the base noun describes, right before
    it), else "مقر لقوات الحشد الشعبي في البصرة", "قواعد حزب العمال الكردستاني شمال العراق" (the place
    after the group; not "قرب": a stronghold near a town is not in it)."""
    if m.prefix.endswith(("ال", "لل")) and _word_at(view, m.j) not in BASE_DEGREE:
        return []  # "القاعدة" (al-Qaeda), "المقر": a definite base noun names no owner after it
    first = _first_after(ents, m.j, rc.head, view, 2)
    if first is None:
        return []
    heads = [first, *_coordinated(view, ents, first)]
    before = next((e for e in reversed(ents) if e.j <= m.i), None)
    if before is not None and before.ent.type in rc.tail and (
            before.j < m.i or not m.prefix.lstrip("وف").startswith(("ل", "ب", "ك"))) and (
            before.j < m.i or view.clause[before.j - 1] != view.clause[m.i] or not _bare_country(before.ent)) and all(
            any(f[1] in BASE_DEGREE or f[1] in COPULAS or f[1] in RELATIVE_PRONOUNS for f in view.forms[q])
            or (q == before.j and _nisba_after(view, q - 1)) for q in range(before.j, m.i)):
        # "القائم، آخر معاقل داعش", "الدشيشة تعد معقل داعش", "صعدة، التي تعد المعقل الرئيسي للحوثيين", "مدينة
        # الرقة السورية، المعقل السابق لـ"داعش"" (the place's nisba skipped); not
        # a country right before, the subject of a verb ("وهاجمت إسرائيل مواقع للجيش السوري")
        return [(h, before, rc.type) for h in heads]
    clause = view.clause[m.i]
    start = heads[-1].j
    tail: _E | None = None
    for k in range(start, min(start + 4, len(view))):
        if view.clause[k] != clause:
            break
        w = view.tokens[k]
        at = next((e for e in ents if _first_word(view, e) == k), None)
        if at is not None:
            # "قواعد X شمال العراق" (a region phrase right after the group; not "X المقربة من إيران")
            tail = at if at.ent.type in rc.tail and k == start else None
            break
        if w.norm == "في" or (w.prefix.endswith("ب") and w.norm not in load_phrases().type_words):
            # "مقر لقوات X بمدينة Y" (not the ب of "بلدة": "مواقع لجبهة النصرة قرب بلدة أعزاز")
            tail = _first_after(ents, k + (0 if w.prefix.endswith("ب") else 1), rc.tail, view, 1)
            break
    if tail is None:
        return []
    return [(h, x, rc.type) for h in heads for x in _places_joined(view, ents, tail)]


def _backed_pairs(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E]) -> list[tuple[_E, _E, str]]:
    """A backing verb or noun whose pronoun stands for the group named before it, the backer named
    right after: "تحالف، يقوده الأكراد وتدعمه الولايات المتحدة", "قوات سوريا الديمقراطية … تدعمهم
    واشنطن", "ندعو نظام الأسد وداعميه، روسيا وإيران" (every backer of a list; a place only when it is a
    state)."""
    backer = _first_after(ents, m.j, rc.tail, view, 1)
    if backer is None:
        return []
    backed = _last_before(ents, m.i, rc.head, view, 6)
    if backed is None:
        return []
    # the pronoun stands for the name only when nothing but a relative, a copula or "و" stands between (or a
    # parallel "يقوده X و"): "القوات التي تدعمها إيران", "جماعات تدعمها إيران" back a noun, not the name before
    k = backed.j
    while k < m.i:
        w = _word_at(view, k)
        if w in RELATIVE_PRONOUNS or w in COPULAS or w == "و":
            k += 1
        elif w in LED_BY_VERBS and m.prefix.startswith("و") and m.i - k <= 4:
            k = m.i  # "الذي يقوده الأكراد وتدعمه": a parallel clause, the cue joined to it by و
        else:
            return []
    return [(backed, b, rc.type) for b in (backer, *_coordinated(view, ents, backer))
            if not (b.ent.type == "LOCATION" and not _state_place(b.ent))]


def _places_joined(view: TokenView, ents: list[_E], place: _E) -> list[_E]:
    """The place and the places joined to it ("في ريف حلب الغربي وريف إدلب الشمالي", "في محافظات حماه
    وحلب وحمص"); a state after a place that is none starts another clause ("إلى حلب وتركيا …")."""
    if place.ent.type != "LOCATION":
        return [place]
    out = [place]
    cur = place
    while (e := next(iter(_coordinated(view, ents, cur)), None) or _joined_place(view, ents, cur)) is not None:
        if _state_place(e.ent) and not _state_place(place.ent):
            break
        out.append(e)
        cur = e
    return out


def _joined_place(view: TokenView, ents: list[_E], place: _E) -> _E | None:
    """The place joined right after ``place`` by و and a joiner, type words skipped ("في ريف حمص وقرب
    العاصمة دمشق", "حصيبة الشرقية وجزيرة الخالدية", "في مناطق شمال البلاد وفي محافظة إدلب"), in its clause."""
    k = place.j
    if k >= len(view) or view.clause[k] != view.clause[place.i]:
        return None
    w = view.tokens[k]
    if w.prefix != "و" or (w.stem not in PLACE_JOINERS and w.stem not in load_phrases().type_words):
        return None
    q = _past_type_words(view, k + 1)
    return next((e for e in ents if _first_word(view, e) == q and e.i == q and e.ent.type == "LOCATION"
                 and view.clause[q] == view.clause[k]), None)


def _support_pairs(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E]) -> list[tuple[_E, _E, str]]:
    """The masdar of backing with the backer and the backed: "دعم واشنطن لوحدات حماية الشعب" (the
    backer right after the cue), "تتحمل روسيا بدعمها الثابت لسوريا", "دور التحالف الدولي ودعمه لإقليم
    كردستان وقوات البيشمركة" (its pronoun: the name before); the backed follows with لـ
    (``sponsored_by``: head the backed, tail the backer)."""
    if any(f[1] in rc.possessed for f in view.forms[m.i]):
        backer = _last_before(ents, m.i, rc.tail, view, 3)
        after = m.j
    else:
        backer = _first_after(ents, m.j, rc.tail, view, 0)
        after = backer.j if backer is not None else m.j
    if backer is None or (backer.ent.type == "LOCATION" and not _state_place(backer.ent)):
        return []
    clause = view.clause[m.i]
    for k in range(after, min(after + 3, len(view))):
        if view.clause[k] != clause:
            break
        if view.tokens[k].prefix.lstrip("وف").startswith("ل"):
            # the name starts after the glued لـ ("لوحدات X", "لسوريا"; not "لبنان")
            backed = next((e for e in ents if _first_word(view, e) == k and e.ent.type in rc.head
                           and _glued(view, e).startswith("ل")), None)
            if backed is None or (backed.ent.type == "LOCATION" and not _state_place(backed.ent)):
                return []
            return [(e, backer, rc.type) for e in (backed, *_coordinated(view, ents, backed))
                    if not (e.ent.type == "LOCATION" and not _state_place(e.ent))]
    return []


def _listed_after(ents: list[_E], first: _E, types: Iterable[str], view: TokenView) -> list[_E]:
    """``first`` and the names of ``types`` that follow it in its clause, each at most four words
    after the previous one (titles between them: "ورئيس البرلمان")."""
    types = frozenset(types)
    listed, end = [first], first.j
    for e in ents:
        if e.i < first.j or e.ent.type not in types:
            continue
        if e.i - end > 4 or view.clause[e.i] != view.clause[first.i]:
            break
        listed.append(e)
        end = e.j
    return listed


def _subject_or_state(view: TokenView, ents: list[_E], k: int, types: Iterable[str], max_words: int) -> _E | None:
    """The clause subject of ``types`` before word ``k``, or a state acting by its country's name
    ("بدأت تركيا عمليات عسكرية ضد X") when that is nearer."""
    e = _subject_before(view, ents, k, frozenset(types) | {"LOCATION"}, max_words)
    if e is not None and (e.ent.type != "LOCATION" or (_state_place(e.ent) and not _in_place(view, ents, e))):
        return e
    return _subject_before(view, ents, k, types, max_words)


def _in_place(view: TokenView, ents: list[_E], e: _E) -> bool:
    """The place follows a locative word (``locatives``: في, داخل, أنحاء …), alone or in a list ("الحرب في
    سوريا والعراق والمعركة ضد داعش", "الحرب داخل سوريا هي حرب ضد داعش"): where something happens, not a
    state acting nor a party to a relation."""
    places = {q for x in ents if x.ent.type == "LOCATION" for q in range(x.i, x.j)}
    q = e.i - 1
    while q >= 0 and q in places and view.clause[q] == view.clause[e.i]:
        q -= 1
    return q >= 0 and view.clause[q] == view.clause[e.i] and view.tokens[q].norm in LOCATIVES


LOCATIVES = _words("locatives")


@lru_cache(maxsize=1)
def _passive_leader_cues() -> list[tuple[Pattern, Any]]:
    return [(p, rc) for p, rc in cue_table() if rc.frame == "passive" and rc.type == "leader_of"]


GATHER_MAX_PERSONS = 5  # more persons listed after "ضمت"/"جمعت" are a roster or a list of guests, not a meeting
PAIR_WORDS = 10  # "إيران، حسن روحاني، وروسيا، فلاديمير بوتن، حليفي دمشق": the pair named within these words


def is_capital(e: Entity) -> bool:
    """A national capital named alone ("دمشق", "بغداد"): the state it stands for (event_triggers.yaml
    state_capitals; the coder's test too)."""
    return e.entity_id in state_capitals() and len(e.text.split()) == 1


@cache
def state_capitals() -> frozenset[str]:
    """The place ids of event_triggers.yaml state_capitals."""
    return frozenset(str(x) for x in load_data("event_triggers.yaml").get("state_capitals") or [])


def _bare_country(e: Entity) -> bool:
    """A country named by itself ("إسرائيل"; not "شمال سوريا", not a city)."""
    return _state_place(e) and str(e.attrs.get("placetype") or "").lower() == "country"


def _state_place(e: Entity) -> bool:
    """A country, or a capital-size city outside the theatre, speaking/acting as its state ("أنقرة");
    not a part of it ("جنوب تركيا", "شمال العراق" are places, even when linked to the country)."""
    first = normalize_key(e.text).split()[:1]
    ph = load_phrases()
    if first and len(e.text.split()) > 1 and (first[0] in ph.direction_nouns or first[0] in ph.part_words
                                               or first[0] in ph.type_words):
        return False
    pt = str(e.attrs.get("placetype") or "").lower()
    if pt == "country":
        return True
    c = (e.country or "").upper()
    return pt == "locality" and len(c) == 2 and c not in ("SY", "IQ", "LB")


def _coordinated(view: TokenView, ents: list[_E], first: _E) -> list[_E]:
    """Names coordinated right after ``first`` ("X وY وZ"): each next name follows with و."""
    out: list[_E] = []
    cur = first
    for e in ents:
        if e.i < cur.j:
            continue
        k = cur.j  # the word after the previous name; a و-prefixed name may start inside it
        inside = k < len(view) and view.tokens[k].start <= e.ent.start < view.tokens[k].end
        # … or a bare و before a quoted name ('"فيلق الرحمن" و"جيش الإسلام"')
        bare = k < len(view) and view.tokens[k].norm == "و" and e.i == k + 1
        if (e.i == k or inside or bare) and k < len(view) and view.tokens[k].norm.startswith("و") \
                and e.ent.type == first.ent.type:
            out.append(e)
            cur = e
        elif e.ent.type == first.ent.type and _included(view, k, e.i):
            out.append(e)  # "والميليشيات الموالية ومن بينها ميليشيات حزب الله"
            cur = e
        else:
            break
    return out


def _included(view: TokenView, k: int, i: int) -> bool:
    """Words ``[k, i)`` are an inclusion phrase ("ومن بينها", "بما فيها") followed by fillers only."""
    return any(n <= i - k and " ".join(view.tokens[q].norm for q in range(k, k + n)) == phrase
               and _gap_ok(view, k + n, i, 0) for phrase, n in INCLUSION_PHRASES)


def _with_pairs(view: TokenView, m: CueMatch, rc: RelCue, ents: list[_E]) -> list[tuple[_E, _E, str]]:
    t = rc.type
    if t == "fights_against" and m.j < len(view) and any(f[1] in JOINT_WORDS for f in view.forms[m.j]):
        return []  # "العمليات المشتركة بين X وY": allies
    if t == "fights_against" and m.j - m.i > 1 and _word_at(view, m.i) == "من" and "ال" in view.tokens[m.j - 1].prefix:
        return []  # "تمكنت X من السيطرة على …": a taking, not "من سيطرة Y" (the one who held it)
    clause = view.clause[m.i]
    dates = view.memo.get(DATE_WORDS_MEMO, frozenset())
    for k in range(m.j, min(m.j + 10, len(view))):
        if view.clause[k] != clause:
            break
        w = _word_at(view, k)
        # ("دارت اشتباكات بعد منتصف ليل أمس بين X وY": a date and the word that opens it are no words between)
        if w == "بين" and sum(1 for q in range(m.j, k) if q not in dates and q + 1 not in dates) < 3:
            after = [e for e in ents if e.i > k and e.ent.type in rc.head and e.i - k <= 16]
            if len(after) < 2:
                return []
            first = after[0]
            if not _gap_ok(view, k + 1, first.i, 2):
                return []  # "محادثات بين وفود من 72 دولة حول وقف تمويل جماعات من بينها داعش": no party named
            if any(_side_end(view, q) for q in range(k + 1, first.i)):
                # "بين غرفتي أنصار الشريعة وفتح حلب من طرف، وقوات النظام وحزب الله …": the first side has no
                # name found; the names after the split are all on the other side
                return []
            split = next((q for q in range(first.j, min(k + 24, len(view))) if _side_end(view, q)), None)
            if split is not None and split >= first.j + 3:
                # "بين X المدعمة بـY من جهة، وZ من جهة أخرى": X (and its side) against each party after
                # the split
                others = [e for e in ents if e.i > split and e.ent.type in rc.tail and e.i - split <= 12
                          and not e.aside and not any(_word_at(view, q) in SIDE_WORDS and _word_at(view, q + 1) in OTHER_SIDE
                                      for q in range(split + 1, e.i))]
                return [(first, o, t) for o in others]
            # "بين X من جهة و Y و Z من جهة أخرى": X against each of Y, Z
            if any(_word_at(view, q) in SIDE_WORDS for q in range(first.j, min(first.j + 3, len(view)))):
                others = [e for e in after[1:] if not e.aside and not any(_word_at(view, q) in SIDE_WORDS
                                                          and _word_at(view, q + 1) in OTHER_SIDE
                                                          for q in range(first.j, e.i))]
                return [(first, o, t) for o in others]
            if len(after) >= 3 and _gap_ok(view, first.j, after[1].i, 0) and _joined(view, after[1], after[2]):
                # "التناحر بين فصيلي الجيش الحر "فيلق الرحمن" و"جيش الإسلام"": the two names joined by و are
                # the sides, the name before them says whose they are
                return [(after[1], after[2], t)]
            # "بين X وY وZ": X against each of the names joined after it ("والميليشيات الموالية ومن بينها
            # ميليشيات حزب الله"); "بين X المسنودة بـY وZ": Y is X's ally, Z the other side
            others = [after[1], *_coordinated(view, ents, after[1])]
            if _alongside(view, first.j, after[1].i):
                others = others[1:]
            second = _first_word(view, after[1])
            if t == "met_with" and (view.clause[second] != view.clause[first.i] or not (
                    _conjoined(view, after[1]) or _word_at(view, second - 1).startswith("و"))):
                # "محادثات بين الجيش السوري الحر، الذي يضم جماعات للمعارضة المسلحة، والروس": the name after
                # the first is in what describes it, not the other party
                return []
            return [(first, o, t) for o in others if o.ent.type in rc.tail]
        if w == "مع":  # (not a word that starts like it: "مفاوضات معلنة بين", "اشتباكات معظم الليل")
            tail = _first_after(ents, k + 1, rc.tail, view, 1)
            if tail is None:
                return []
            # verb first ("اشتبكت قوات X مع Y", "تنسق القوات العراقية عملياتها … مع القوات السورية"):
            # the subject stands between the cue and مع
            inner = [e for e in ents if m.j <= e.i and e.j <= k and e.ent.type in rc.head and not _object_marked(view, e)]
            if inner:
                head: _E | None = inner[0]
            elif k - m.j > 3:
                break  # a far مع belongs to another word
            else:
                # (talks: only the subject right before, "أجرت روسيا مفاوضات مع X"; "وأعربت الأمم المتحدة قلقها
                # … على الرغم من المفاوضات مع روسيا" are someone else's talks)
                head = _subject_before(view, ents, m.i, rc.head, 2 if t == "met_with" else 16)
                if head is not None and t == "met_with" and view.clause[head.i] != view.clause[m.i]:
                    head = None  # "إجلاء مقاتلي فيلق الرحمن، ومفاوضات مع جيش الإسلام": another clause's
            return _spread(view, ents, head, tail, t) if head else []
    if _word_at(view, m.i) in ("ضد", "وضد"):
        tail = _first_after(ents, m.j, rc.tail, view, 1)
        at = m.i
        if _word_at(view, m.i) == "وضد":
            # "عملية عسكرية ضد تنظيم داعش في سورية وضد متمردي حزب العمال": a second target of the ضد
            # before it, against the same party
            at = next((q for q in range(m.i - 1, max(m.i - 13, -1), -1) if _word_at(view, q) == "ضد"), -1)
            if at < 0:
                return []
        # "التحالف الدولي ضد داعش": the name right before ضد is the party, whatever governs it
        # ("حملة أنقرة ضد X": a state named by its country or capital is a party too)
        head = _last_before(ents, at, rc.head, view, 0) or _relative_subject(view, ents, at, rc.head)
        if head is None:
            head = _subject_or_state(view, ents, at, rc.head, 8)
            if head is not None and _owned_by_demonstrative(view, head.j, at):
                head = None  # "التي تدعم هذه الوحدات في معركتها ضد X": "ها" is the units', not the backer's
        if tail and head:
            return _spread(view, ents, head, tail, t)
        return []
    if t == "fights_against":
        # "شنت X هجوما لطرد مقاتلي Y", "عملياتها ضد Y", "هجوم X على Y": the target after ضد/على/لطرد
        # (a cue may end in its own preposition: "النصر على Y")
        start = m.j - 1 if m.j - m.i > 1 and any(f[1] in AGAINST for f in view.forms[m.j - 1]) else m.j
        for k in range(start, min(m.j + 7, len(view))):
            if view.clause[k] != view.clause[m.i]:
                break
            if any(f[1] in AGAINST for f in view.forms[k]):
                if _word_at(view, k) == "علي" and _place_at(view, ents, k + 1):
                    continue  # "عملية على (منطقة) عفرين بهدف إخراج X": where it is, the target after
                tail = _first_after(ents, k + 1, rc.tail, view, 2)
                # "هجوم شنه X على Y": the attacker named between the cue and على
                inner = [e for e in ents if m.j <= e.i and e.j <= k and e.ent.type in rc.head
                         and not _object_marked(view, e)]
                places = {q for e in ents if e.ent.type == "LOCATION" for q in range(e.i, e.j)}
                places |= {q for q in range(m.j, k) if _place_at(view, ents, q) or
                           (_word_at(view, q) == "علي" and _place_at(view, ents, q + 1))}
                far = sum(1 for q in range(m.j, k)
                          if q not in places and not any(f[1] in CUE_MODIFIERS for f in view.forms[q]))
                if far >= 3 and not inner:
                    break
                head = inner[0] if inner else _subject_or_state(view, ents, m.i, rc.head, 8)
                if tail and head:
                    return _spread(view, ents, head, tail, t)
                break
        if any(f[1] in OBJECT_CUES for f in (*view.forms[m.i], *view.forms[m.j - 1])) or (
                m.j - m.i > 1 and _word_at(view, m.i) == "من"):  # "من قبضة|سيطرة|أيدي X": the one held it
            # "قوة لمحاربة تنظيم X", "أثبتوا فعالية في قتال X": the masdar's object is the enemy;
            # "المعارضة المعتدلة التي تقاتل X": the relative clause's antecedent fights it
            tail = _first_after(ents, m.j, rc.tail, view, 0)
            if _word_at(view, m.i - 1) in RELATIVE_PRONOUNS:
                head = _relative_antecedent(view, ents, m, rc.head)
            else:
                # "العملية العسكرية التي أطلقتها تركيا لاستهداف تنظيم X": a state acts by its name too
                # (not an accuser: "اتهمته الولايات المتحدة بتدريب الميليشيات لمحاربة X")
                head = _subject_or_state(view, ents, m.i, rc.head, 8)
                if head is not None and head.ent.type == "LOCATION" and any(
                        f[1].startswith(ACCUSERS) for q in range(max(head.i - 3, 0), m.i) for f in view.forms[q]):
                    head = _subject_before(view, ents, m.i, rc.head, 8)
            if head is not None and head.ent.type == "LOCATION" and m.j - m.i > 1:
                head = None  # "تحرير الحديدة من قبضة X": the place before is the one freed, no party
            if tail and head:
                return _spread(view, ents, head, tail, t)
    return []


DEMONSTRATIVES = grammar_words("demonstratives")


def _owned_by_demonstrative(view: TokenView, lo: int, i: int) -> bool:
    """The word before ``i`` carries a possessive pronoun ("معركتها", "حربه") and a demonstrative phrase
    ("هذه الوحدات") stands between ``lo`` and it: the pronoun's owner is that phrase, no name."""
    if i < 1 or not view.tokens[i - 1].text.endswith(("ها", "ه", "هم")):
        return False
    return any(view.tokens[q].norm in DEMONSTRATIVES for q in range(lo, i - 1))


def _place_at(view: TokenView, ents: list[_E], k: int) -> bool:
    """A place name starts at word ``k``, or right after a type word there ("منطقة عفرين")."""
    if any(_first_word(view, e) == k and e.ent.type == "LOCATION" for e in ents):
        return True
    return _word_at(view, k) in load_phrases().type_words and any(
        e.i == k + 1 and e.ent.type == "LOCATION" for e in ents)


def _spread(view: TokenView, ents: list[_E], head: _E, tail: _E, t: str) -> list[tuple[_E, _E, str]]:
    """The pair, and every name coordinated with either end ("قوات X وY مع Z", "مع X وY")."""
    heads = [head, *_coordinated_before(view, ents, head), *_coordinated(view, ents, head)]
    tails = [tail, *_coordinated(view, ents, tail)]
    return [(h, x, t) for h in heads for x in tails if h is not x]


def sports_page(view: TokenView, entities: Iterable[Entity]) -> bool:
    """A sports report ("واصل الأهلي هجومه", "وضمت القائمة 34 لاعبا", "إراحة اللاعبين عن اللقاء"): at least
    ``sports_min_words`` distinct words of ``sports_words`` (``event_triggers.yaml``) and no armed group of
    the KB named. Its "meetings" are matches and its lists of names are squads (no ``met_with``)."""
    if any(str(e.entity_id or "").startswith("grp:") for e in entities):
        return False
    words, least = _sports_words()
    seen = view.memo.get("sports_words")  # the coder and the relations both ask
    if seen is None:
        # المباراة = مباراة
        seen = view.memo["sports_words"] = len({f[1].removeprefix("ال") for forms in view.forms for f in forms
                                                 if f[1] in words})
    return seen >= least


@cache
def _sports_words() -> tuple[frozenset[str], int]:
    data = load_data("event_triggers.yaml")
    return frozenset(normalize_key(str(w)) for w in data.get("sports_words") or []), int(data.get("sports_min_words") or 5)


def _key(a: ArgRef) -> str:
    return a.entity_id or normalize_key(a.text)


DATE_WORDS_MEMO = "relations.date_words"  # the word indices of the article's dates (view.memo)


def extract_relations(article: Article) -> list[Relation]:
    """Every relation the article states, one per (type, head, tail)."""
    view = article_view(article)
    if not len(view):
        return []
    ents = _with_group_anaphors(view, _with_town_anaphors(article, view, _sentence_entities(article, view)))
    view.memo[DATE_WORDS_MEMO] = frozenset(k for e in article.entities if e.type == "DATE"
                                           for k in range(*view.entity_range(e.start, e.end)))
    table = cue_table()
    if sports_page(view, article.entities):
        table = _sports_table()
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for sent in article_sentences(article):
        lo, hi = view.index_range(sent.start, sent.end)
        s_ents = [e for e in ents if lo <= e.i and e.j <= hi]
        for head, ministry, typ in _minister_pairs(article, view, s_ents, lo, hi):
            rel = _relation(article, sent, head.ent, ministry, typ, None)
            if rel is not None and (k := (rel.type, _key(rel.head), _key(rel.tail))) not in seen:
                seen.add(k)
                out.append(rel)
        if len(s_ents) < 2:
            continue
        ent_words = {k for e in s_ents for k in range(e.i, e.j)}
        # nor a cue whose first word is the one a name starts inside after a glued clitic ("بفصائل الحشد
        # الشعبي": the name's own first word; a cue may end there: "المدعومة بـ")
        glued = {e.i - 1 for e in s_ents if _first_word(view, e) != e.i}
        # (a deployment cue may end in the first word of the name it moves: "تم نقل مقاتلي المعارضة إلى إدلب")
        starts = {e.i for e in s_ents}
        matches = [m for m in find_cues(view, table, lo, hi)
                   if m.i not in glued and not any(k in ent_words for k in range(m.i, m.j) if not (
                       m.data.frame == "place" and any(q in starts for q in range(m.i + 1, k + 1))))]
        # one cue per position and relation type: the longest, in the frame of the first entry; other
        # entries of that frame with a cue as long are tried too ("وحليفتها" names an ally in the
        # groups' entry and in the states' entry)
        # … an entry of another frame with the same cue is a fallback when the first states nothing
        # ("وتقاتل قوات X تنظيم Y": not the "with" frame's تقاتل مع, the verb frame's)
        kept: list[CueMatch] = []
        first: dict[tuple[int, str], CueMatch] = {}
        fallback: dict[int, CueMatch] = {}
        for m in matches:
            f = first.setdefault((m.i, m.data.type), m)
            if f is not m and (f.j != m.j or f.data.frame != m.data.frame):
                if f.j == m.j and f.data.frame != m.data.frame:
                    fallback.setdefault(id(f), m)
                continue
            kept.append(m)
        claimed: set[tuple[str, int]] = set()
        for n, m in enumerate(kept):
            found = _cue_relations(article, view, sent, m, kept[n + 1:], s_ents, claimed, seen, out, lo, hi)
            if found is False and id(m) in fallback:  # not when the cue was blocked (None)
                _cue_relations(article, view, sent, fallback[id(m)], kept[n + 1:], s_ents, claimed, seen, out, lo, hi)
        pairs = [(h, t, "allied_with") for h, t in _loyal_partners(view, s_ents)]
        pairs += [(h, t, "deployed_to") for h, t in _foreign_presence(view, s_ents)]
        pairs += [(h, t, "deployed_to") for h, t in _town_presence(view, s_ents)]
        pairs += [(h, t, "deployed_to") for h, t in _target_presence(view, s_ents)]
        for head, tail, typ in pairs:
            rel = _relation(article, sent, head.ent, tail.ent, typ, None)
            if rel is not None and (k := (rel.type, _key(rel.head), _key(rel.tail))) not in seen:
                seen.add(k)
                out.append(rel)
    return out


_TITLES: dict[str, Any] = {}


def minister_titles() -> dict[tuple[str, str, str], str]:
    """(minister word, portfolio, nationality adjective) → ministry id, from the KB's ministries named "وزارة
    W X-ية": "وزارة الدفاع الأمريكية" gives "وزير الدفاع الأمريكي" and "وزيرة الدفاع الأمريكية" (rebuilt when
    the knowledge base, e.g. its curated overlay, changed)."""
    kb = load_kb()
    if _TITLES.get("kb") is not kb:
        _TITLES.update(kb=kb, table=_minister_table(kb))
    table: dict[tuple[str, str, str], str] = _TITLES["table"]
    return table


def _minister_table(kb: KnowledgeBase) -> dict[tuple[str, str, str], str]:
    countries = {code: [normalize_key(n) for n in names if " " not in n.strip()]
                 for code, names in curated_country_names().items()}
    out: dict[tuple[str, str, str], str] = {}
    for rec in kb:
        if rec.kind != "ministry":
            continue
        for name in rec.aliases_ar:
            words = normalize_key(name).split()
            if len(words) == 3 and words[0] == "وزاره" and words[2].startswith("ال") and words[2].endswith("يه"):
                # ("وزير الخارجية الروسية" is written as often as "الروسي")
                for title, adj in (("وزير", words[2][:-1]), ("وزير", words[2]), ("وزيره", words[2])):
                    out.setdefault((title, words[1], adj), rec.id)
                # "وزير خارجية روسيا": the portfolio in construct with the state's name
                for country in countries.get(rec.country or "", []):
                    for title in ("وزير", "وزيره"):
                        out.setdefault((title, words[1].removeprefix("ال"), country), rec.id)
    return out


MINISTER_AIDES = _words("minister_aides")
FORMER_WORDS = _words("former_words")
TITLE_OBJECT_VERBS = _words("title_object_verbs")


def _minister_pairs(article: Article, view: TokenView, ents: list[_E], lo: int,
                    hi: int) -> list[tuple[_E, Entity, str]]:
    """"وزير الدفاع الأميركي جيم ماتيس", "اشتون كارتر وزير الدفاع الاميركي": a minister's title (with his
    state's adjective) names the ministry he heads; the person named right after the title, else right before it
    (an aide's title, "نائب وزير الخارجية الروسي", names a member). The ministry's end is the title's words."""
    titles = minister_titles()
    out: list[tuple[_E, Entity, str]] = []
    for k in range(lo, hi - 2):
        tok = view.tokens[k]
        rest = (view.tokens[k + 1].norm, view.tokens[k + 2].norm)
        whole = titles.get((tok.norm, *rest))
        mid = whole or titles.get((tok.stem, *rest))  # "ووزير", "لوزير"
        if mid is None:
            continue
        inside = [e for e in ents if e.i <= k + 2 and k < e.j]
        # ("وزير الخارجية الروسية": the KB's short name of the ministry; "وزير خارجية روسيا": the state)
        named = next((e.ent for e in inside if e.ent.entity_id == mid), None)
        if any(e.ent.entity_id != mid and e.ent.type != "LOCATION" for e in inside):
            continue
        end = k + 3
        while end < hi and _word_at(view, end) in FORMER_WORDS:
            end += 1  # "وزير الدفاع الأميركي السابق"
        w = _word_at(view, k - 1)
        aide = w in MINISTER_AIDES or (w[:1] in ("و", "ف", "ل", "ب") and w[1:] in MINISTER_AIDES)
        person = next((e for e in ents if e.i == end and e.ent.type == "PERSON"), None)
        if person is None and not aide:  # ("وفقا لمعاون وزير الخارجية": the aide's word is no name)
            person = next((e for e in ents if e.j == k and e.ent.type == "PERSON"), None)
            before = _word_at(view, _first_word(view, person) - 1) if person is not None else ""
            if before in TITLE_OBJECT_VERBS or (before[:1] in ("و", "ف") and before[1:] in TITLE_OBJECT_VERBS):
                person = None  # "والتقى لافروف وزير الخارجية الأمريكي": he met the minister
        if person is None:
            continue
        typ = "member_of" if aide else "leader_of"
        rec = load_kb().get(mid)
        start = tok.start + (len(tok.prefix) if whole is None else 0)  # not "بـ"
        end_char = view.tokens[k + 2].end
        ministry = named or Entity(text=article.body[start:end_char], start=start, end=end_char, type="ORGANIZATION",
                                   entity_id=mid, canonical_ar=rec.name_ar if rec else None,
                                   canonical_en=rec.name_en if rec else None, source="rule")
        out.append((person, ministry, typ))
    return out


LOYAL_WORDS = _words("loyal_words")
KIN_WORDS = _words("kin_words")
MEETING_WORDS = _words("meeting_words")
# the relation types that tell of a happening (a hold, a fight, a meeting), which a condition or a warning
# before the cue leaves untold; a standing tie ("الفصائل المدعومة من تركيا") holds in a conditional sentence too
HAPPENING_TYPES = frozenset({"deployed_to", "fights_against", "met_with"})
# (a condition before a cue of these leaves it untold: modality.conditioned_before, the events' reader too; it
# governs the words right after it only: "وعمّا إذا كان بإمكان الجيش الحر أن يلعب دورًا …، أشار المصدر إلى أن
# «الجيش الحر … مشغول بمحاربة تنظيم داعش»" states the fight far after it)


def _cue_relations(article: Article, view: TokenView, sent: Span, m: CueMatch, later: list[CueMatch],
                   s_ents: list[_E], claimed: set[tuple[str, int]], seen: set[tuple[str, str, str]],
                   out: list[Relation], lo: int, hi: int) -> bool | None:
    """Add the relations one cue states (to ``out``, skipping keys in ``seen``): True when it states
    any, False when it states none, None when its context blocks it (a fallback must not state one)."""
    rc: RelCue = m.data
    if rc.not_after and find_cues(view, rc.not_after, m.j, min(hi, m.j + 3)):
        return None  # "في لقاء تلفزيوني": an interview
    if rc.not_before and find_cues(view, rc.not_before, max(lo, m.i - 3), m.i):
        return None  # "بهدف الوصول إلى": an aim, not a fact
    if rc.type == "met_with" and any(f[2] for f in view.forms[m.i]):
        return None  # "سيلتقي", "سيجتمع": a meeting still to come (planned words before the cue: not_before)
    if rc.without_any and find_cues(view, rc.without_any, lo, hi):
        return None
    if rc.type in HAPPENING_TYPES and (conditioned_before(view, lo, m.i, {q for e in s_ents for q in range(e.i, e.j)})
                                       or warned_before(view, lo, m.i)):
        return None  # "حتى لو تمكنت قوات الأسد من استعادة السيطرة على إدلب": a condition, no fact
    # the next cue of the same frame; past the sentence when there is none (no name starts there)
    nxt = next((x.i for x in later if x.data.frame == rc.frame and x.i >= m.j), hi + 1)
    found = False
    for head, tail, typ in _pairs(view, m, rc, s_ents, nxt, claimed):
        if rc.org_tail_kinds is not None and tail.ent.type == "ORGANIZATION" and _kb_kind(tail.ent) not in rc.org_tail_kinds:
            continue
        if rc.armed_party and ("ARMED_GROUP" not in (head.ent.type, tail.ent.type) or any(
                e.ent.type == "LOCATION" and not _state_place(e.ent) for e in (head, tail))):
            continue
        if typ != "deployed_to" and rc.frame not in ("link", "pair") and any(
                e.ent.type == "LOCATION" and _in_place(view, s_ents, e) for e in (head, tail)):
            continue
        rel = _relation(article, sent, head.ent, tail.ent, typ, m)
        if rel is None:
            continue
        found = True
        k = (rel.type, _key(rel.head), _key(rel.tail))
        if k in seen:
            continue
        seen.add(k)
        out.append(rel)
    return found


def _post_place(view: TokenView, ents: list[_E], group: _E) -> list[tuple[_E, _E, str]]:
    """A title's armed group placed right after it: "مسؤول إعلامي في وحدات حماية الشعب في عفرين",
    "المسؤول الميداني لحزب الله في الزبداني" (the group has men there: ``deployed_to``)."""
    if group.ent.type != "ARMED_GROUP" or group.j >= len(view) or _word_at(view, group.j) != "في":
        return []
    place = next((e for e in ents if e.i == group.j + 1), None)
    if place is None or place.ent.type not in ("LOCATION", "FACILITY") or view.clause[place.i] != view.clause[group.i]:
        return []
    return [(group, place, "deployed_to")]


def _kb_kind(e: Entity) -> str | None:
    rec = load_kb().get(e.entity_id) if e.entity_id else None
    return rec.kind if rec is not None else None


def _loyal_partners(view: TokenView, ents: list[_E]) -> list[tuple[_E, _E]]:
    """"القوات التركية والفصائل السورية الموالية لها": a group named as loyal to "it" (لها/له, منها)
    fights beside the force coordinated right before it: allied_with."""
    out: list[tuple[_E, _E]] = []
    for e in ents:
        if e.ent.type != "ARMED_GROUP" or e.j - e.i < 3:
            continue
        if _word_at(view, e.j - 1) not in PRONOUN_OBJECTS or _word_at(view, e.j - 2) not in LOYAL_WORDS:
            continue
        # the name may start inside its first word, after the conjunction ("والفصائل"): that word
        # then precedes its first whole word
        first = e.i - 1 if e.i >= 1 and view.tokens[e.i - 1].end > e.ent.start else e.i
        if not _word_at(view, first).startswith("و"):
            continue
        partner = next((p for p in ents if p.j == first and p.ent.type == "ARMED_GROUP"), None)
        if partner is not None:
            out.append((partner, e))
    return out


def _foreign_presence(view: TokenView, ents: list[_E]) -> list[tuple[_E, _E]]:
    """"القوات الإيرانية في سوريا", "عدد القوات الأميركية في سوريا": a state's forces abroad (KB kind
    foreign_force) named right before في and a place outside their own country are deployed there (a group
    of any other kind "في" a place is as often where something was done to it: "استهدفت مواقع داعش في …")."""
    out: list[tuple[_E, _E]] = []
    for e in ents:
        if e.ent.type != "ARMED_GROUP" or e.j >= len(view) or _word_at(view, e.j) != "في":
            continue
        rec = load_kb().get(e.ent.entity_id) if e.ent.entity_id else None
        if rec is None or rec.kind not in FOREIGN_KINDS:
            continue
        place = next((p for p in ents if p.i == e.j + 1), None)
        if place is None or place.ent.type not in ("LOCATION", "FACILITY") or view.clause[place.i] != view.clause[e.i]:
            continue
        if rec.origin_country and place.ent.country == rec.origin_country:
            continue  # "الحرس الثوري في إيران": at home, not deployed
        if _presence_negated(view, e):
            continue
        out.append((e, place))
    return out


@cache
def _town_type_words() -> frozenset[str]:
    """The type words that introduce a town or a quarter (place_phrases.yaml: type_words)."""
    return frozenset(w for w, kind in load_phrases().type_words.items() if kind in ("locality", "neighbourhood"))


def _presence_negated(view: TokenView, e: _E) -> bool:
    """A presence negated or ended in the name's clause, at most three words before it ("لا توجد قوات X",
    "إنهاء وجود X")."""
    return any(f[1] in PRESENCE_NEGATIONS for q in range(max(0, e.i - 3), e.i) if view.clause[q] == view.clause[e.i]
               for f in view.forms[q])


def _town_presence(view: TokenView, ents: list[_E]) -> list[tuple[_E, _E]]:
    """"حركة أحرار الشام في مدينة حرستا", "جيش الإسلام بمدينة دوما": an armed group named right before في
    and a town introduced by its type word (مدينة، بلدة، قرية، حي، مخيم) is in that town."""
    out: list[tuple[_E, _E]] = []
    type_words = _town_type_words()
    for e in ents:
        if (e.ent.type != "ARMED_GROUP" or e.j + 1 >= len(view)
                or normalize_key(e.ent.text).split()[0] in AIRCRAFT_WORDS or _conjoined(view, e)):
            # "غارات شنتها الطائرات التركية في قرية زاركلي": the jets strike the village, not stay in it;
            # "اشتباكات بين X وY في بلدة Z": the place is the clause's, not the last name's alone
            continue
        w = _word_at(view, e.j)
        if w == "في" and _word_at(view, e.j + 1) in type_words:
            k = e.j + 1
        elif w.startswith("ب") and w[1:] in type_words:
            k = e.j  # "بمدينة دوما": في glued as ب to the type word
        else:
            continue
        place = next((p for p in ents if p.i in (k, k + 1) and p.ent.type == "LOCATION"), None)
        if place is not None and view.clause[place.i] == view.clause[e.i] and not _presence_negated(view, e):
            out.append((e, place))
    return out


def _target_presence(view: TokenView, ents: list[_E]) -> list[tuple[_E, _E]]:
    """"حملة أنقرة ضد وحدات حماية الشعب في عفرين", "العمليات العسكرية ضد تنظيم داعش في دير الزور": an armed
    group fought against (named right after ضد) in a place named right after it is in that place."""
    out: list[tuple[_E, _E]] = []
    for e in ents:
        if (e.ent.type != "ARMED_GROUP" or e.j + 1 >= len(view) or _word_at(view, e.j) != "في"
                or _word_at(view, _first_word(view, e) - 1) not in ("ضد", "وضد")):
            continue
        k = _past_type_words(view, e.j + 1)
        place = next((p for p in ents if p.i == k and p.ent.type in ("LOCATION", "FACILITY")), None)
        # (not a country or a part of one: "الحرب ضد داعش في سوريا" is where the war is, the gold never
        # codes it as a deployment)
        if place is not None and view.clause[place.i] == view.clause[e.i] and str(
                place.ent.attrs.get("placetype") or "").lower() != "country":
            out.append((e, place))
    return out


def _relation(article: Article, sent: Span, h: Entity, t: Entity, typ: str, m: CueMatch | None) -> Relation | None:
    if h is t or (h.entity_id and h.entity_id == t.entity_id) or normalize_key(h.text) == normalize_key(t.text):
        return None
    head, tail = ArgRef.of(h), ArgRef.of(t)
    if typ in SYMMETRIC and _key(tail) < _key(head):
        head, tail = tail, head
    conf = 0.8 if (h.entity_id and t.entity_id) else 0.65
    return Relation(type=typ, head=head, tail=tail, evidence=Span(sent.start, sent.end, article.body[sent.start:sent.end]),
                    confidence=conf)


def person_groups(article: Article) -> dict[str, ArgRef]:
    """Person key (entity id or normalised text) → the group the article says they lead or belong to."""
    out: dict[str, ArgRef] = {}
    kb = load_kb()
    for r in article.relations:
        rec = kb.get(r.tail.entity_id) if r.tail.entity_id else None
        if r.type in ("leader_of", "member_of") and not (rec is not None and rec.kind == "ministry"):
            # (a minister acts in the news as himself: "قال وزير الخارجية الروسي سيرغي لافروف" makes no ministry
            # a party to the strike he speaks of)
            out.setdefault(_key(r.head), r.tail)
    return out


@component("relations")
def relations(article: Article, res: Resources) -> None:
    """Pipeline component: the relations the article states (replaces ``article.relations``)."""
    res.get("relation_cues", cue_table)
    article.relations = extract_relations(article)


__all__ = ["extract_relations", "person_groups", "cue_table", "is_capital", "state_capitals", "sports_page", "SYMMETRIC"]

