"""Modality (asserted / claimed / denied / planned / hypothetical) and attribution of event mentions.

Cues live in ``knowledge/data/modality_cues.yaml``; see the comments there for the decision order.
Public API:

- :func:`modality_of` ``(article, sentence_span, trigger_span) -> str``
- :func:`attribution_of` ``(article, sentence_span, trigger_span=None) -> str | None``
"""

from __future__ import annotations

import weakref
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from marsad.analyse.cues import (
    CueMatch,
    Pattern,
    TokenView,
    article_sentences,
    article_view,
    compile_list,
    find_cues,
    load_data,
)
from marsad.model import Article, Span
from marsad.text.normalize import normalize_key

SpanLike = Span | tuple[int, int]
_VERB_PREFIXES = ("", "و", "ف")


def _se(span: SpanLike) -> tuple[int, int]:
    return (span.start, span.end) if isinstance(span, Span) else (int(span[0]), int(span[1]))


@dataclass(frozen=True)
class _Cues:
    hypothetical: list[tuple[Pattern, Any]]
    condition_window: int
    warned: list[tuple[Pattern, Any]]
    warned_window: int
    denied: list[tuple[Pattern, Any]]
    negation: list[tuple[Pattern, Any]]
    negation_window: int
    negation_adjacent: list[tuple[Pattern, Any]]
    planned: list[tuple[Pattern, Any]]
    not_future: list[tuple[Pattern, Any]]
    purpose_not_after: list[tuple[Pattern, Any]]
    claimed: list[tuple[Pattern, Any]]
    claimed_before: list[tuple[Pattern, Any]]
    claimed_after: list[tuple[Pattern, Any]]
    planned_before: list[tuple[Pattern, Any]]
    threats: frozenset[str]
    pledges: list[tuple[Pattern, Any]]
    bi_light_verbs: frozenset[str]
    verbs: list[tuple[Pattern, Any]]
    preps: list[tuple[Pattern, Any]]
    stop: frozenset[str]
    skip: frozenset[str]
    source_nouns: frozenset[str]
    anaphoric: frozenset[str]
    generic_heads: frozenset[str]
    subject_heads: frozenset[str]
    copulas: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> _Cues:
    d = load_data("modality_cues.yaml")
    att = d["attribution"]
    return _Cues(
        hypothetical=compile_list(d["hypothetical"]["before"]),
        condition_window=int(d["hypothetical"].get("window", 10)),
        warned=compile_list(d["hypothetical"].get("warned") or []),
        warned_window=int(d["hypothetical"].get("warned_window", 10)),
        denied=compile_list(d["denied"]["before"]),
        negation=compile_list(d["denied"]["negation"]),
        negation_window=int(d["denied"].get("negation_window", 3)),
        negation_adjacent=compile_list(d["denied"].get("negation_adjacent") or []),
        planned=compile_list(d["planned"]["clause"]),
        not_future=compile_list(d["planned"]["not_future"]),
        purpose_not_after=compile_list(d["planned"]["purpose_not_after"]),
        claimed=compile_list(d["claimed"]["sentence"]),
        claimed_before=compile_list(d["claimed"].get("before") or []),
        claimed_after=compile_list(d["claimed"].get("after") or []),
        planned_before=compile_list(d["planned"].get("before") or []),
        threats=frozenset(normalize_key(w) for w in d["planned"].get("threats") or []),
        pledges=compile_list(d["planned"].get("pledges") or []),
        bi_light_verbs=frozenset(normalize_key(w) for w in d["planned"].get("bi_light_verbs") or []),
        verbs=compile_list(att["verbs"]),
        preps=compile_list(att["preps"]),
        stop=frozenset(normalize_key(w) for w in att["stop"]),
        skip=frozenset(normalize_key(w) for w in att["skip"]),
        source_nouns=frozenset(normalize_key(w) for w in att["source_nouns"]),
        anaphoric=frozenset(normalize_key(w) for w in att["anaphoric"]),
        generic_heads=frozenset(normalize_key(w) for w in att["generic_heads"]),
        subject_heads=frozenset(normalize_key(w) for w in att["subject_heads"]),
        copulas=frozenset(normalize_key(w) for w in att["copulas"]),
    )


# ------------------------------------------------------------------------------------ modality
def _outside(m: CueMatch, ti: int, tj: int) -> bool:
    return m.j <= ti or m.i >= tj


def warned_before(view: TokenView, lo: int, ti: int) -> bool:
    """A warning of what the word at ``ti`` tells, in the sentence from ``lo`` ("حذرت أنقرة فرنسا من إرسال
    عسكريين"): it has not happened."""
    c = cues()
    return _warned(view, c, max(lo, ti - c.warned_window), ti)


def conditioned_before(view: TokenView, lo: int, i: int, names: Container[int] = ()) -> bool:
    """A condition before word ``i`` in its sentence (from ``lo``), outside the names (word indices): "لو
    تمكنت X من", "إذا دخلت X"، فإن …", "في حال تأخرت", "في حالة حدوث". A whether-clause ("ما/عما إذا كان …")
    governs only the ``window`` words after it, the main clause after it is told; "ولو" is a concession ("ولو
    مؤقتا"), and so is "وإذا كان X قد …، فإن …" (a fact conceded; a bare "إذا كان هناك أدلة" is a condition)."""
    c = cues()
    for m in find_cues(view, c.hypothetical, lo, i):
        if m.j > i or m.prefix not in _VERB_PREFIXES or any(q in names for q in range(m.i, m.j)):
            continue
        first = view.tokens[m.i].stem
        if first == "لو" and m.prefix:
            continue  # "ولو بعيد", "ولو مؤقتا": even if
        before = view.tokens[m.i - 1].stem if m.i > lo else ""
        whether = first == "اذا" and before in ("ما", "عما")
        if whether and i - m.i > c.condition_window:
            continue
        if first == "اذا" and m.prefix == "و" and m.j < i and view.norms[m.j] in ("كان", "كانت"):
            continue
        return True
    return False


def _is_future_word(view: TokenView, k: int) -> bool:
    """A future verb: سـ + imperfect prefix, not one of the look-alike nouns."""
    futures = [f for f in view.forms[k] if f[2]]
    if not futures:
        return False
    if all(f[1].startswith("ا") for f in futures) and "سأ" not in view.tokens[k].text:
        return False  # سـ + أ (first person) needs its hamza: "غازات سامة", "ساهمت", "ساعدت" are no futures
    return not find_cues(view, cues().not_future, k, k + 1)


def modality_of(article: Article, sentence_span: SpanLike, trigger_span: SpanLike,
                sub_event_type: str | None = None) -> str:
    """The modality of the event whose trigger is ``trigger_span`` in sentence ``sentence_span``.  An arrest
    is claimed only by a claim before it: the suspicions after it are about the people arrested ("اعتقلت
    الشرطة خمسة أشخاص يشتبه بانتمائهم إلى داعش", "بتهمة الانتماء"), the arrest itself is told."""
    view = article_view(article)
    s_start, s_end = _se(sentence_span)
    t_start, t_end = _se(trigger_span)
    lo, hi = view.index_range(s_start, s_end)
    ti, tj = view.index_range(t_start, t_end)
    if tj <= ti or ti < lo:
        return "asserted"
    c = cues()
    t_clause = view.clause[ti]
    # hypothetical: a condition before the trigger
    names = {q for e in article.entities if s_start <= e.start < s_end
             for q in range(*view.index_range(e.start, e.end))}
    if conditioned_before(view, lo, ti, names) or warned_before(view, lo, ti):
        return "hypothetical"
    # denied: a denial before the trigger, or a negation right before it
    if any(m.j <= ti for m in find_cues(view, c.denied, lo, ti)):
        return "denied"
    w = c.negation_window
    if find_cues(view, c.negation, max(lo, ti - w), ti) or find_cues(view, c.negation_adjacent, max(lo, ti - 1), ti):
        return "denied"
    # planned
    clause_lo = next((k for k in range(ti, lo - 1, -1) if view.clause[k] != t_clause), lo - 1) + 1
    clause_hi = next((k for k in range(tj, hi) if view.clause[k] != t_clause), hi)
    for m in find_cues(view, c.planned, lo, clause_hi):
        if _outside(m, ti, tj) and (m.i >= clause_lo or ti - m.j <= 8):
            return "planned"
    if any(m.j <= ti and (m.i >= clause_lo or ti - m.j <= 8) for m in find_cues(view, c.planned_before, lo, ti)):
        return "planned"  # a vow before the trigger ("توعد ترامب بإطلاق صواريخ")
    bi_trigger = view.tokens[ti].prefix.lstrip("وف").startswith("ب")
    if bi_trigger and any(view.tokens[k].norm in c.threats for k in range(max(lo, ti - 3), ti)):
        return "planned"  # the object of a threat ("تهديدات ترامب بإطلاق صواريخ", "تهديدات بالاعتقال")
    bi_at = ti if bi_trigger else (
        ti - 1 if ti > lo and view.tokens[ti - 1].norm in c.bi_light_verbs else None)
    if bi_at is not None and any(
            m.j <= ti and ti - m.j <= 8 and "ال" not in view.tokens[m.i].prefix  # "الطالب" is a student
            and not any(view.tokens[k].prefix.lstrip("وف").startswith("ب") for k in range(m.j, bi_at))
            for m in find_cues(view, c.pledges, lo, ti)):
        # the first بـ-object of the threat, pledge or demand: "وهدد تنظيم الدولة بشن هجمات", "تعهد أردوغان
        # بالسيطرة على تل رفعت" (not the rape in "طالبت … باعتقال أسقف متهم باغتصاب راهبة")
        return "planned"
    for k in range(clause_lo, clause_hi):
        if _is_future_word(view, k) and (k >= ti or ti - k <= 8):
            return "planned"
    if _purpose(view, ti, lo):
        return "planned"
    if any(m.i - tj <= 2 and view.clause[m.i] == t_clause for m in find_cues(view, c.claimed_after, tj, min(hi, tj + 3))):
        return "claimed"  # "هجوم كيميائي مفترض": the event told is a suspected one
    claims = find_cues(view, c.claimed, lo, hi)
    if sub_event_type == "Arrests":
        claims = [m for m in claims if m.j <= ti]
    if claims or any(m.j <= ti for m in find_cues(view, c.claimed_before, lo, ti)):
        return "claimed"
    return "asserted"


WARNED_OBJECT_WORDS = 3  # "حذر … من أن هجوم": the trigger within 3 words after من


def _warned(view: TokenView, c: _Cues, lo: int, ti: int) -> bool:
    """A warning word with من between it and the trigger at ``ti`` ("حذر من اندلاع معارك"): what
    is warned of has not happened."""
    return any(any(view.tokens[k].norm == "من" and ti - k <= WARNED_OBJECT_WORDS for k in range(m.j, ti))
               for m in find_cues(view, c.warned, lo, ti) if m.j <= ti)


def _purpose(view: TokenView, ti: int, lo: int) -> bool:
    """Purpose لـ on a verbal-noun trigger ("لاقتحام"), not governed by تعرض لـ and the like."""
    norm = view.tokens[ti].norm
    if norm[:1] in ("و", "ف") and len(norm) > 4:
        norm = norm[1:]
    if not norm.startswith("ل") or norm.startswith("لل") or len(norm) < 5:
        return False
    if ti - 1 >= lo and find_cues(view, cues().purpose_not_after, ti - 1, ti):
        return False
    return True


# --------------------------------------------------------------------------------- attribution
@dataclass(frozen=True, slots=True)
class Source:
    start: int  # offset of the cue in the body
    text: str | None  # the named source, or None ("وأضاف أن" — the previous one)
    anaphoric_head: str | None = None  # "المصدر" in "بحسب المصدر"
    np_start: int = -1  # body span of the source phrase (entities there are not event actors)
    np_end: int = -1
    kind: str = "verb"  # verb ("قال X": scopes over what follows) | prep ("وفق X": anywhere in the sentence)


_SOURCES: dict[int, tuple[weakref.ref, int, list[Source]]] = {}


def _quote_before(body: str, start: int, end: int) -> int:
    return sum(body[start:end].count(q) for q in '"“”«»')


def _coordinated(norm: str, stop: frozenset[str]) -> bool:
    """و + a stop word or a definite noun: a new conjunct ("وعلى صلة", "والمصادر"), not "وزارة"."""
    if not norm.startswith("و") or len(norm) < 3:
        return False
    rest = norm[1:]
    return rest in stop or rest.startswith("ال")


QUOTED_NAME_WORDS = 5  # a quoted name in a source phrase ("موقع "المصدر نيوز"") closes within this many words


def _np_after(article: Article, view: TokenView, k: int, hi: int, spans: tuple[list[tuple[int, int]], dict[int, int]],
              events_at: frozenset[int] = frozenset()) -> tuple[str | None, list[int]]:
    """The source noun phrase starting at word ``k`` (original text, quotes dropped).

    It ends before a word in ``events_at``, where an event cue begins outside any named entity: "أعلنت
    القوات العراقية تحرير مدينة الرمادي" names the source, then what it announced.  ``spans``: the
    article's :func:`_entity_spans`."""
    c = cues()
    body = article.body
    toks = view.tokens
    dates, names = spans
    skipped = False
    while k < hi and (toks[k].norm in c.skip or _inside(toks[k].start, dates)):
        k += 1  # "أعلنت فيه الحركة", "ذكرت، الخميس، أن": no source there
        skipped = True
    if k >= hi:
        return None, []
    clause = view.clause[k]
    in_quote = _quote_before(body, toks[k - 1].end if k > 0 else 0, toks[k].start) % 2 == 1
    if in_quote and skipped:
        return None, []  # "قال فيها «…»": quoted speech, not a source
    idx: list[int] = []
    for n in range(k, hi):
        if n > k and _quote_before(body, toks[n - 1].end, toks[n].start) % 2 == 1:
            in_quote = not in_quote
            if in_quote and idx and not any(_quote_before(body, toks[q - 1].end, toks[q].start) % 2 == 1
                                            for q in range(n + 1, min(hi, n + QUOTED_NAME_WORDS + 1))):
                break  # "وقال مدير المرصد "طائرات حربية … استهدفت …"": direct speech opens, no quoted name
        if view.clause[n] != clause and not in_quote:
            break
        if idx and not in_quote and n in events_at:
            break
        tok = toks[n]
        norm = tok.norm
        if idx and toks[idx[0]].norm in c.anaphoric and (len(idx) >= 2 or not norm.startswith("ال")):
            break  # an anaphoric head takes at most one adjective: "المصدر العراقي"
        if idx and not in_quote and (_inside(tok.start, dates) or _after_name(toks, idx, names, tok)
                                     or _pronoun_apposition(tok.text)):
            break  # "أكد الجيش الروسي الخميس", "أعلنت جبهة النصرة موافقتها", "المرصد ومقره بريطانيا"
        if not in_quote and idx:
            bare_source = len(idx) == 1 and toks[idx[0]].norm in c.source_nouns
            if norm == "في" and bare_source:
                idx.append(n)
                continue
            if (norm in c.stop and not (norm == "علي" and tok.text.endswith("ي"))) or _coordinated(norm, c.stop):
                break  # (علي written with ya is the name Ali, not the preposition على)
            if norm.startswith("ل") and norm[1:] in c.stop:
                break
        elif not in_quote and norm in c.stop:
            break
        idx.append(n)
        if len(idx) >= (12 if in_quote else 8):
            # a long title before the name it belongs to: "رئيس مجلس عشائر الأنبار … الشيخ نعيم الكعود"
            person = next((e for e in article.entities if e.type == "PERSON"
                           and tok.end <= e.start <= tok.end + 2 and e.end <= toks[min(hi, n + 5) - 1].end), None)
            if person is not None:
                idx += [q for q in range(n + 1, hi) if toks[q].start < person.end]
            break
    if not idx:
        return None, []
    # drop a generic head before a quoted name: موقع "المصدر نيوز"
    if len(idx) > 1 and toks[idx[0]].norm in c.generic_heads:
        if _quote_before(body, toks[idx[0]].end, toks[idx[1]].start):
            idx = idx[1:]
    first = toks[idx[0]]
    text = body[first.start:toks[idx[-1]].end]
    # strip a preposition glued to the first word: للمصدر → المصدر, لتقارير → تقارير
    fnorm = first.norm
    if fnorm.startswith("لل") and len(fnorm) > 3:
        text = "ال" + text[2:]
    elif fnorm.startswith("ل") and first.prefix.startswith("ل"):
        text = text[1:]
    return _np_text(text, " -–—/()"), idx


SUBJECT_WORDS = 5


def _np_before(article: Article, view: TokenView, i: int, lo: int) -> tuple[str | None, list[int]]:
    """The subject before a reporting verb that names none after it: "وكانت وسائل إعلام تركية ذكرت،
    الخميس، أن …" (the words between the clause's start, or a copula, and the verb)."""
    c = cues()
    toks = view.tokens
    clause = view.clause[i]
    idx: list[int] = []
    k = i - 1
    while k >= lo and view.clause[k] == clause and len(idx) <= SUBJECT_WORDS:
        norm = toks[k].norm
        if norm in c.copulas:
            break
        if norm in c.stop or norm in c.skip:
            return None, []
        idx.insert(0, k)
        k -= 1
    if not idx or len(idx) > SUBJECT_WORDS or (k >= lo and view.clause[k] == clause and toks[k].norm not in c.copulas):
        return None, []
    first = toks[idx[0]]
    heads = c.source_nouns | c.generic_heads | c.subject_heads
    if not ({first.norm, first.norm[1:] if first.norm.startswith("و") else first.norm} & heads
            or any(first.start <= e.start < first.end and e.type in NAME_TYPES for e in article.entities)):
        return None, []  # "كما أعلن …": a particle, no subject; a subject is a source noun or a name
    body = article.body
    text = body[toks[idx[0]].start:toks[idx[-1]].end]
    if text.startswith("وال"):  # "والجيش السوري أكد" (not "وسائل إعلام")
        text = text[1:]
    return _np_text(text, " -–—/(),،"), idx


def _np_text(text: str, strip: str) -> str | None:
    """A source phrase as shown: quotes and tatweel dropped, spaces collapsed, ``strip`` trimmed."""
    for q in '"“”«»ـ':
        text = text.replace(q, "")
    return " ".join(text.split()).strip(strip) or None


def _entity_spans(article: Article) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """The article's DATE spans, and the end of each named entity by its start."""
    dates = [(e.start, e.end) for e in article.entities if e.type == "DATE"]
    names = {e.start: e.end for e in article.entities if e.type in NAME_TYPES}
    return dates, names


NAME_TYPES = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY")


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _after_name(toks: list[Any], idx: list[int], names: dict[int, int], tok: Any) -> bool:
    """The phrase began with a name that ended before ``tok``: "أعلنت جبهة النصرة موافقتها على …"
    (the name is the source; what follows it is what the source announced)."""
    end = names.get(toks[idx[0]].start)
    if end is None:
        first = toks[idx[0]]
        end = next((e for s, e in names.items() if first.start < s < first.end), None)  # "للمرصد"
    return end is not None and toks[idx[-1]].end >= end and tok.start >= end


def _pronoun_apposition(text: str) -> bool:
    """و + a noun with a possessive pronoun ("ومقره بريطانيا", "ومقرها لندن"): an aside about the
    source, not its name (written ه, never the taa marbuta of "وزارة")."""
    return text.startswith("و") and len(text) > 4 and text.endswith(("ه", "ها", "هم"))


def _event_cue_starts(view: TokenView, lo: int, hi: int, named: list[tuple[int, int]]) -> frozenset[int]:
    """Words of ``lo:hi`` where an event trigger begins outside every ``named`` entity span ("غرفة
    عمليات X" keeps its word)."""
    from marsad.analyse.events import rules as event_rules  # events imports this module

    return frozenset(m.i for m in find_cues(view, event_rules().patterns, lo, hi)
                     if not any(s <= view.tokens[m.i].start < t for s, t in named))


def _sources(article: Article) -> list[Source]:
    key = id(article)
    hit = _SOURCES.get(key)
    if hit is not None and hit[0]() is article and hit[1] == len(article.body):
        return hit[2]
    view = article_view(article)
    c = cues()
    out: list[Source] = []
    named: list[tuple[int, int]] | None = None
    spans: tuple[list[tuple[int, int]], dict[int, int]] = ([], {})
    for sent in article_sentences(article):
        lo, hi = view.index_range(sent.start, sent.end)
        matches = [(m, "verb") for m in find_cues(view, c.verbs, lo, hi) if m.prefix in _VERB_PREFIXES]
        matches += [(m, "prep") for m in find_cues(view, c.preps, lo, hi)]
        matches.sort(key=lambda x: x[0].i)
        if matches and named is None:
            named = [(e.start, e.end) for e in article.entities]
            spans = _entity_spans(article)
        for m, _kind in matches:
            k = m.j
            # "وفقا للمصدر" / "وفق المرصد": NP right after the cue
            text, idx = _np_after(article, view, k, hi, spans, _event_cue_starts(view, k, min(hi, k + 13), named or []))
            if text is None and _kind == "verb":
                text, idx = _np_before(article, view, m.i, lo)
            if text is None:
                if _kind == "verb":
                    out.append(Source(m.start, None, kind=_kind))
                continue
            head = normalize_key(view.tokens[idx[0]].norm)
            if head.startswith("لل"):
                head = "ال" + head[2:]
            anaphoric = head in c.anaphoric and len(idx) <= 2
            toks = view.tokens
            out.append(Source(m.start, text, head if anaphoric else None, toks[idx[0]].start, toks[idx[-1]].end, _kind))
    out.sort(key=lambda s: s.start)
    if len(_SOURCES) > 64:
        for k in [k for k, v in _SOURCES.items() if v[0]() is None] or list(_SOURCES)[:32]:
            _SOURCES.pop(k, None)
    _SOURCES[key] = (weakref.ref(article), len(article.body), out)
    return out


def _resolve(sources: list[Source], i: int) -> str | None:
    """The source text of ``sources[i]``, following anaphora back to a named source."""
    src = sources[i]
    if src.text is not None and src.anaphoric_head is None:
        return src.text
    stem = src.anaphoric_head[2:] if src.anaphoric_head and src.anaphoric_head.startswith("ال") else None
    for j in range(i - 1, -1, -1):
        prev = sources[j]
        if stem is None and src.start - prev.start > INHERIT_CHARS:
            return None
        if prev.text is None or prev.anaphoric_head is not None:
            continue
        if stem is None or stem in normalize_key(prev.text):
            return prev.text
    if stem is not None:
        # no earlier source with that head: any earlier named source, else the phrase itself
        for j in range(i - 1, -1, -1):
            if sources[j].text and sources[j].anaphoric_head is None:
                return sources[j].text
        return src.text
    return None


INHERIT_CHARS = 400  # "وأضاف أن" inherits a source named at most this far back


def source_spans(article: Article) -> list[tuple[int, int]]:
    """Body spans of every source phrase (the "who says" of reporting frames)."""
    return [(s.np_start, s.np_end) for s in _sources(article) if s.np_start >= 0]


def sources_of(article: Article) -> list[Source]:
    """Every reporting frame of the article, in text order."""
    return list(_sources(article))


def attribution_of(article: Article, sentence_span: SpanLike, trigger_span: SpanLike | None = None) -> str | None:
    """Who the sentence's report is attributed to (the reporting frame), or None.

    The source cue nearest before the trigger (or the first one in the sentence) wins; "بحسب المصدر"
    and a bare "وأضاف أن" refer back to the previously named source.
    """
    s_start, s_end = _se(sentence_span)
    sources = _sources(article)
    in_sent = [i for i, s in enumerate(sources) if s_start <= s.start < s_end]
    if not in_sent:
        return None
    if trigger_span is not None:
        t_start = _se(trigger_span)[0]
        before = [i for i in in_sent if sources[i].start < t_start]
        after = [i for i in in_sent if sources[i].start >= t_start and sources[i].kind == "prep"]
        if before:
            pick = before[-1]
        elif after:
            pick = after[0]
        else:
            return None
    else:
        pick = in_sent[0]
    return _resolve(sources, pick)


__all__ = ["modality_of", "attribution_of", "source_spans", "sources_of", "Source"]
