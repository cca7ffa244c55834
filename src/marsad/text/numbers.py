"""Arabic numbers, quantities and fatality counts.

* :func:`parse_number` reads one number written in digits (ASCII or Arabic-Indic, with ``,``/``٬``
  thousands separators) or in words (``خمسة وعشرين``, ``ثلاثة آلاف``, ``27 ألف``, ``الخمسين``).
* :func:`find_quantities` finds every quantity in a text, with ACLED conventions for hedged and vague
  amounts (``قرابة الخمسين`` → 50 approx; ``أكثر من 25`` → 25, the lower bound; ``عشرات`` → 10;
  ``مئات`` → 100; ``عدة``/``عدد من`` → 3).
* :func:`find_fatalities` reads the number of people killed from one sentence (injuries not counted).

All vocabulary lives in ``knowledge/data/numbers.yaml``; matching is done on normalised text
(:func:`marsad.text.normalize.normalize`) and offsets are mapped back to the original string.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.text.normalize import NormalizedText, normalize, normalize_key

# Categories of number words
UNIT, TEN, HUNDRED, HUNDREDS, SCALE, SCALE_DUAL, TEEN_HEAD, TEEN_TAIL = (
    "unit", "ten", "hundred", "hundreds", "scale", "scale_dual", "teen_head", "teen_tail",
)

# a digit number: 1,234,567 / 1٬234 / 12.5 / 12٫5 (normalised text has ASCII digits already)
_DIGITS_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?")
# tokens of the normalised text: digit numbers, words, single other characters
_TOKEN_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?:[.٫]\d+)?|\d+(?:[.٫]\d+)?|[^\W\d_]+|[^\w\s]")
# the same tokens with the text between them: ``split`` gives [gap, token, gap, token, …, gap], so the
# tokens' offsets are running sums of lengths (no match object per token)
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
_SAFE_PREFIXES = ("ال",)  # on any number word
_CONT_PREFIXES = ("و", "وال")  # only when continuing a number
_LONG_PREFIXES = ("ب", "بال", "ل", "لل", "وب", "وبال", "ول", "ولل", "ك")  # only on stems of >= 4 letters
_PREFIXES_START = tuple(sorted(_SAFE_PREFIXES + _LONG_PREFIXES, key=len, reverse=True))
_PREFIXES_CONT = tuple(sorted(_SAFE_PREFIXES + _CONT_PREFIXES + _LONG_PREFIXES, key=len, reverse=True))


@dataclass(slots=True)
class QuantityMention:
    """A quantity in a text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    value: int
    approx: bool = False
    kind: str = "exact"  # exact | approx | lower_bound | upper_bound | vague


@dataclass(frozen=True, slots=True)
class _Vocab:
    words: dict[str, tuple[str, int]]  # normalised word -> (category, value)
    teen_tails: frozenset[str]
    hedges: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (token sequence, kind)
    vague: dict[str, tuple[tuple[tuple[str, ...], int], ...]]  # first word -> (token sequence, value)
    designators: frozenset[str]
    death: frozenset[str]
    singular_death: frozenset[str]
    dual_death: frozenset[str]
    injury: frozenset[str]
    subset: frozenset[str]
    not_people: frozenset[str]


def _keys(words: list[Any]) -> list[str]:
    return [normalize_key(str(w)) for w in words]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = yaml.safe_load((KNOWLEDGE_DIR / "numbers.yaml").read_text(encoding="utf-8"))
    words: dict[str, tuple[str, int]] = {}

    def add(forms: list[Any], cat: str, value: int) -> None:
        for k in _keys(forms):
            words.setdefault(k, (cat, value))

    for value, forms in data["units"].items():
        add(forms, UNIT if int(value) < 10 else TEN, int(value))
    for value, forms in data["tens"].items():
        add(forms, TEN, int(value))
    for value, forms in data["teen_heads"].items():
        add(forms, TEEN_HEAD, int(value))
    add(data["hundred"], HUNDRED, 100)
    for value, forms in data["hundreds"].items():
        add(forms, HUNDREDS, int(value))
    for value, forms in data["scales"].items():
        add(forms, SCALE, int(value))
    for value, forms in data["scale_duals"].items():
        add(forms, SCALE_DUAL, int(value))
    hedges = [(tuple(k.split()), kind) for kind, forms in data["hedges"].items() for k in _keys(forms)]
    vague = [(tuple(k.split()), int(v)) for v, forms in data["vague"].items() for k in _keys(forms)]
    return _Vocab(
        words=words,
        teen_tails=frozenset(_keys(data["teen_tails"])),
        hedges=_index(hedges),
        vague=_index(vague),
        designators=frozenset(_keys(data["unit_designators"])),
        death=frozenset(_keys(data["death_words"])),
        singular_death=frozenset(_keys(data["singular_death"])),
        dual_death=frozenset(_keys(data["dual_death"])),
        injury=frozenset(_keys(data["injury_words"])),
        subset=frozenset(_keys(data["subset_words"])),
        not_people=frozenset(_keys(data["non_person_units"])),
    )


_MARKS_RE = re.compile(r"[\u0640\u064b-\u065f\u0670]+")


def extend_over_marks(text: str, end: int) -> int:
    """Move ``end`` past diacritics/tatweel that normalisation dropped (``غداً`` keeps its tanwin)."""
    m = _MARKS_RE.match(text, end)
    return m.end() if m else end


def number_words() -> frozenset[str]:
    """Every normalised number word of the vocabulary (for other modules' patterns)."""
    return frozenset(_vocab().words)


# --------------------------------------------------------------------------------------------
# single numbers


MAX_NUMBER = 10**15  # larger "numbers" are digit runs (ids, junk), not quantities


def _digits_value(s: str) -> float:
    v = float(s.replace(",", "").replace("٬", "").replace("٫", "."))
    return v if v < MAX_NUMBER else float("inf")


def _as_int(value: float) -> int | None:
    """A finite quantity as an int, or None for absurd values (runs of hundreds of digits)."""
    return int(round(value)) if abs(value) < MAX_NUMBER else None


@lru_cache(maxsize=200_000)  # called for every token of every article: words repeat (Zipf)
def _lookup(word: str, continuing: bool) -> tuple[str, int, bool] | None:
    """(category, value, has_waw) of a normalised word, allowing the proclitics numbers take."""
    vocab = _vocab().words
    if word in vocab:
        return (*vocab[word], False)
    for p in _PREFIXES_CONT if continuing else _PREFIXES_START:
        if word.startswith(p):
            stem = word[len(p):]
            if stem in vocab and (p in _SAFE_PREFIXES or p in _CONT_PREFIXES or len(stem) >= 4):
                return (*vocab[stem], p.startswith("و"))
    return None


def _is_teen_tail(word: str) -> bool:
    tails = _vocab().teen_tails
    return word in tails or (word.startswith("ال") and word[2:] in tails)


@dataclass(slots=True)
class _Tok:
    start: int  # offsets into the normalised text
    end: int
    text: str


def _tokens(norm: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(norm)]


def _read_number(words: list[str], i: int) -> tuple[int, float] | None:
    """Read one number starting at token ``i`` (token texts); return (index after it, value) or None."""
    total = 0.0
    current = 0.0
    last: str | None = None  # category of the last component
    last_val = 0.0
    j = i
    n = len(words)
    while j < n:
        t = words[j]
        if t[0].isdigit():
            if last is not None:  # digits never continue a number
                break
            current = _digits_value(t)
            last, last_val = "digits", current
            j += 1
            continue
        hit = _lookup(t, continuing=last is not None)
        if hit is None:
            break
        cat, val, waw = hit
        if not waw and last in (UNIT, TEEN_HEAD) and _is_teen_tail(t):
            cat = TEEN_TAIL
        if last is None:
            if waw:
                break
        elif waw:
            ok = (last == UNIT and cat == TEN) or (
                last in (HUNDRED, HUNDREDS, SCALE, SCALE_DUAL) and cat not in (SCALE, TEEN_TAIL)
            )
            if not ok:
                break
        else:  # juxtaposed without و
            ok = (
                (last in (UNIT, TEEN_HEAD) and cat == TEEN_TAIL)
                or (last == UNIT and cat == HUNDRED)
                or (last in (UNIT, TEN, HUNDREDS, HUNDRED, "digits", "teen") and cat == SCALE)
            )
            if not ok:
                break
        if cat == TEEN_TAIL:
            current += 10
            last = "teen"
        elif cat == TEEN_HEAD:
            if j + 1 >= n or not _is_teen_tail(words[j + 1]):
                break  # أحد / اثنا alone is not a number
            current += val
            last = TEEN_HEAD
        elif cat == HUNDRED:
            if last == UNIT and 3 <= last_val <= 9 and not waw:
                current = current - last_val + last_val * 100
            else:
                current += 100
            last = HUNDRED
        elif cat == SCALE:
            total += (current or 1) * val
            current = 0
            last = SCALE
        elif cat == SCALE_DUAL:
            total += current + val
            current = 0
            last = SCALE_DUAL
        else:
            current += val
            last = cat
        last_val = val
        j += 1
    if last is None or last == TEEN_HEAD:
        return None
    return j, total + current


def parse_number(text: str) -> int | None:
    """The integer written in ``text`` (digits or Arabic number words), or None if it is not one number.

    >>> parse_number("خمسة وعشرين"), parse_number("27 ألف"), parse_number("١٬٢٠٠")
    (25, 27000, 1200)
    """
    norm = normalize(text).text.strip()
    if not norm:
        return None
    words = _TOKEN_RE.findall(norm)
    got = _read_number(words, 0)
    if got is None or got[0] != len(words):
        return None
    return _as_int(got[1])


# --------------------------------------------------------------------------------------------
# quantities in running text


def _match_phrase(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(words):
        return False
    return all(words[i + k] == w for k, w in enumerate(phrase) if k > 0)


_PHRASE_CLITICS = ("و", "ف", "ب", "ل")


def _phrase_at(words: list[str], i: int, table: str) -> tuple[int, Any] | None:
    """The longest phrase of the vocabulary's ``table`` (hedges | vague) at token ``i``; the first word
    may carry و ف ب ل."""
    if i >= len(words):
        return None
    for phrase, payload in _phrase_cands(words[i], table):  # longest first
        if _match_phrase(words, i, phrase):
            return i + len(phrase), payload
    return None


@lru_cache(maxsize=50_000)
def _phrase_cands(first: str, table: str) -> tuple[tuple[tuple[str, ...], Any], ...]:
    """The phrases of the vocabulary's ``table`` (indexed by first word) that may start at ``first``."""
    index: dict[str, tuple[tuple[tuple[str, ...], Any], ...]] = getattr(_vocab(), table)
    cands = index.get(first, ())
    if len(first) > 2 and first[0] in _PHRASE_CLITICS:
        more = index.get(first[1:], ())
        if more:
            cands = tuple(sorted((*cands, *more), key=lambda x: -len(x[0])))
    return cands


def _index(entries: list[tuple[tuple[str, ...], Any]]) -> dict[str, tuple[tuple[tuple[str, ...], Any], ...]]:
    out: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for phrase, payload in set(entries):
        out.setdefault(phrase[0], []).append((phrase, payload))
    return {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in out.items()}


def _is_date_like(norm: str, s: int, e: int) -> bool:
    """Digits glued to / : - . and another digit (5/11/2015, 10:30) are dates or times, not quantities."""
    before = norm[s - 2:s] if s >= 2 else ""
    after = norm[e:e + 2]
    return (len(before) == 2 and before[1] in "/:-." and before[0].isdigit()) or (
        len(after) == 2 and after[0] in "/:-." and after[1].isdigit()
    )


def _glued_to_latin(norm: str, s: int, e: int) -> bool:
    """Digits inside a Latin code (SY24, F16, 24h) are names, not quantities."""
    return (s > 0 and norm[s - 1].isascii() and norm[s - 1].isalpha()) or (
        e < len(norm) and norm[e].isascii() and norm[e].isalpha()
    )


@lru_cache(maxsize=200_000)
def _may_start(word: str) -> bool:
    """Whether a quantity (digits, a number word, a hedge or a vague amount) can start at ``word``:
    most words cannot, and are skipped without trying the phrase tables and the number reader."""
    if word[0].isdigit() or _lookup(word, continuing=False) is not None:
        return True
    vocab = _vocab()
    for table in (vocab.hedges, vocab.vague):
        if word in table or (len(word) > 2 and word[0] in _PHRASE_CLITICS and word[1:] in table):
            return True
    return False


def _find_in(nt: NormalizedText, text: str) -> list[QuantityMention]:
    vocab = _vocab()
    norm = nt.text
    parts: list[str] = _SPLIT_RE.split(norm)
    words = parts[1::2]  # the tokens of _TOKEN_RE.findall(norm)
    # the word types a quantity may start at (each type is tested once)
    may_start = set(filter(_may_start, set(words)))
    if not may_start:
        return []
    # token k is norm[bounds[2k + 1]:bounds[2k + 2]]
    bounds = list(accumulate(map(len, parts), initial=0))
    n = len(words)
    out: list[QuantityMention] = []
    i = 0
    for cand in [k for k, w in enumerate(words) if w in may_start]:
        if cand < i:  # inside the quantity just read
            continue
        i = start_i = cand
        kind = "exact"
        hedge = _phrase_at(words, i, "hedges")
        if hedge is not None:
            i, kind = hedge
        value: float | None = None
        vague = _phrase_at(words, i, "vague")
        num = _read_number(words, i) if i < n else None
        if num is not None and (vague is None or num[0] > vague[0]):
            end_i, value = num
            if kind == "exact" and words[i][0].isdigit():
                prev = words[i - 1] if i > 0 else ""
                qs, qe = bounds[2 * i + 1], bounds[2 * end_i]
                if prev in vocab.designators or _is_date_like(norm, qs, qe) or _glued_to_latin(norm, qs, qe):
                    i = end_i
                    continue
        elif vague is not None:
            end_i, value = vague
            kind = "vague" if kind == "exact" else kind
        else:
            i = start_i + 1
            continue
        s, e = nt.span_to_original(bounds[2 * start_i + 1], bounds[2 * end_i])
        e = extend_over_marks(text, e)
        as_int = _as_int(value)
        if as_int is not None:
            out.append(QuantityMention(s, e, text[s:e], as_int, kind != "exact", kind))
        i = end_i
    return out


def find_quantities(text: str) -> list[QuantityMention]:
    """Every quantity in ``text`` (offsets into ``text``), hedges and vague amounts included."""
    return _find_in(normalize(text), text)


def find_quantities_norm(nt: NormalizedText, text: str) -> list[QuantityMention]:
    """As :func:`find_quantities` when the caller already has ``normalize(text)`` (e.g. ``article.norm``)."""
    return _find_in(nt, text)


# --------------------------------------------------------------------------------------------
# fatalities


@lru_cache(maxsize=50_000)
def _stems(word: str) -> frozenset[str]:
    from marsad.text.tokens import split_proclitics

    return frozenset(stem for _p, stem in split_proclitics(word)) | {word}


@lru_cache(maxsize=50_000)
def _word_class(word: str) -> str | None:
    vocab = _vocab()
    stems = _stems(word)
    if stems & vocab.injury:
        return "injury"
    if stems & vocab.death:
        return "death"
    if stems & vocab.subset:
        return "subset"
    return None


_WINDOW_AFTER = 3
_WINDOW_BEFORE = 4
_COORD_WINDOW = 6


def find_fatalities(sentence: str) -> int | None:
    """Number of people reported killed in ``sentence`` (ACLED: injuries are not counted).

    A quantity counts when the nearest death or injury word beside it is a death word: after it
    within three words (``5 قتلى``, ``50 عنصرا لقوا حتفهم``) or before it within four (``مقتل 5
    مدنيين``), with no other quantity between; a keyword glued to و binds less tightly (``مقتل 5
    وإصابة 10`` → 5).  A quantity coordinated with a counted one (``مقتل 3 … و2 من الجيش``) counts
    too.  Counts are summed, except a number introduced by ``بينهم``/``منهم`` (a subset already
    counted).  Dates, ages and other measures (``23 عاما``, ``10 أيام``) are not people.  With no
    number, a dual (``قتيلين``) or singular (``لقي حتفه``) death word gives 2 or 1.  None when the
    sentence reports no death.
    """
    from marsad.text.dates import find_dates_norm  # dates imports this module

    nt = normalize(sentence)
    vocab = _vocab()
    words = [t for t in _tokens(nt.text) if t.text[0].isalnum()]
    classes = [_word_class(w.text) for w in words]
    if "death" not in classes and not any(_stems(w.text) & vocab.dual_death for w in words):
        return None
    # a keyword glued to و opens a new coordinated clause ("مقتل 5 وإصابة 10"): it binds less tightly
    waw = [w.text.startswith("و") and _word_class(w.text[1:]) == c for w, c in zip(words, classes, strict=True)]
    date_spans = [(d.start, d.end) for d in find_dates_norm(nt, sentence, None)]
    starts = [nt.to_original(w.start) for w in words]
    placed: list[tuple[QuantityMention, int, int]] = []
    for q in find_quantities_norm(nt, sentence):
        if any(q.start < de and ds < q.end for ds, de in date_spans):
            continue
        qs, qe = bisect_left(starts, q.start), bisect_left(starts, q.end) - 1
        if qe < qs:
            continue
        if qe + 1 < len(words) and _stems(words[qe + 1].text) & vocab.not_people:
            continue  # "(23 عاما)", "منذ عشرة أيام"
        placed.append((q, qs, qe))
    q_ranges = [(qs, qe) for _q, qs, qe in placed]
    total, found = 0, False
    prev_death_end: int | None = None  # word index after the last counted death number
    for q, qs, qe in placed:
        verdict = _attach(classes, waw, qs, qe, q_ranges)
        if (verdict is None and prev_death_end is not None and qs - prev_death_end <= _COORD_WINDOW
                and "injury" not in classes[prev_death_end:qs]):
            verdict = "death"  # coordinated with a death count
        if verdict != "death":
            prev_death_end = None if verdict == "injury" else prev_death_end
            continue
        prev_death_end = qe + 1
        if any(classes[k] == "subset" for k in range(max(0, qs - 3), qs)):
            continue
        total += q.value
        found = True
    if found:
        return total
    if any(_stems(w.text) & vocab.dual_death for w in words):
        return 2
    if any(_stems(w.text) & vocab.singular_death for w in words):
        return 1
    return None


def _attach(classes: list[str | None], waw: list[bool], qs: int, qe: int, q_ranges: list[tuple[int, int]]) -> str | None:
    """What the quantity at words ``qs..qe`` counts: 'death', 'injury' or None (nearest keyword wins)."""
    others = {k for a, b in q_ranges if (a, b) != (qs, qe) for k in range(a, b + 1)}
    after: tuple[int, str] | None = None
    for k in range(qe + 1, min(len(classes), qe + 1 + _WINDOW_AFTER)):
        if k in others:
            break
        if classes[k] in ("death", "injury"):
            after = (k - qe + (1 if waw[k] else 0), str(classes[k]))
            break
    before: tuple[int, str] | None = None
    for k in range(qs - 1, max(-1, qs - 1 - _WINDOW_BEFORE), -1):
        if k in others:
            break
        if classes[k] in ("death", "injury"):
            before = (qs - k, str(classes[k]))
            break
    if after and (not before or after[0] <= before[0]):
        return after[1]
    return before[1] if before else None


__all__ = ["QuantityMention", "extend_over_marks", "number_words", "parse_number", "find_quantities", "find_quantities_norm", "find_fatalities"]
