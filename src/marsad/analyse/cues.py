"""A small cue matcher over normalised tokens, shared by events, relations and modality.

Cue phrases live in YAML data files (``knowledge/data/*_cues.yaml``, ``event_triggers.yaml``) as
space-separated *word specs*, matched on the normalised token, on every proclitic analysis of it
(و ف ب ل ك ال لل, see :func:`marsad.text.tokens.split_proclitics`) and on the word with the future
prefix سـ removed, so one entry covers ``انسحب``, ``وانسحب``, ``فانسحبت`` … Word spec syntax:

- ``word``      the form equals ``word`` (normalised with :func:`normalize_key`);
- ``word*``     the form starts with ``word`` (inflections and enclitic pronouns);
- ``a|b*|c``    alternatives;
- ``_``         any one word;
- ``~N``        a gap of 0..N words.

All words of one match lie in one clause: clause punctuation (، , ; ؛ : . ! ? ؟) and line breaks are
never crossed; quotes and brackets are skipped.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.model import Article, Span, Token
from marsad.text.normalize import normalize_key
from marsad.text.tokens import split_proclitics, split_sentences, tokenize

CLAUSE_PUNCT = frozenset({"،", ",", ";", "؛", ":", ".", "!", "?", "؟", "…"})
_FUTURE_RE = re.compile(r"^س[يتنا]..")


@dataclass(frozen=True, slots=True)
class WordSpec:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    any: bool = False

    def match(self, forms: Sequence[tuple[str, str, bool]]) -> tuple[str, str, bool] | None:
        """The first (prefix, form, future) analysis this spec accepts, or None."""
        if self.any:
            return forms[0]
        for f in forms:
            w = f[1]
            if w in self.exact or any(w.startswith(p) for p in self.prefixes):
                return f
        return None


@dataclass(frozen=True, slots=True)
class Gap:
    max: int


@dataclass(frozen=True, slots=True)
class Pattern:
    source: str
    items: tuple[WordSpec | Gap, ...]


@dataclass(slots=True)
class CueMatch:
    """One match: word-token indices ``[i, j)`` in :class:`TokenView` order and body offsets."""

    pattern: Pattern
    i: int
    j: int
    start: int
    end: int
    prefix: str = ""  # proclitics of the first word (e.g. purpose ل)
    future: bool = False  # the first word carried the future prefix سـ
    data: Any = None  # the cue entry this pattern came from

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _norm_word(w: str) -> str:
    return normalize_key(w).replace(" ", "")


def compile_word(spec: str) -> WordSpec | Gap:
    spec = spec.strip()
    if spec == "_":
        return WordSpec(frozenset(), (), any=True)
    if spec.startswith("~") and spec[1:].isdigit():
        return Gap(int(spec[1:]))
    exact: set[str] = set()
    prefixes: list[str] = []
    for alt in spec.split("|"):
        alt = alt.strip()
        if not alt:
            continue
        if alt.endswith("*"):
            prefixes.append(_norm_word(alt[:-1]))
        else:
            exact.add(_norm_word(alt))
    return WordSpec(frozenset(exact), tuple(p for p in prefixes if p))


@lru_cache(maxsize=20_000)
def compile_pattern(text: str) -> Pattern:
    items = tuple(compile_word(w) for w in text.split())
    if not items or isinstance(items[0], Gap) or isinstance(items[-1], Gap):
        raise ValueError(f"bad cue pattern: {text!r}")
    return Pattern(text, items)


@lru_cache(maxsize=200_000)
def word_forms(norm: str) -> tuple[tuple[str, str, bool], ...]:
    """Every (proclitic prefix, form, future) reading of a normalised word, the bare word first."""
    out: list[tuple[str, str, bool]] = [("", norm, False)]
    for pre, stem in split_proclitics(norm):
        if pre:
            out.append((pre, stem, False))
    for pre, stem, _ in list(out):
        if _FUTURE_RE.match(stem) and "ال" not in pre:
            out.append((pre, stem[1:], True))
    return tuple(out)


_NEWLINE_RE = re.compile("\n")


@lru_cache(maxsize=200_000)
def _word_kind(norm: str) -> int:
    """0 for clause punctuation, 1 for a word (any letter or digit), -1 for other punctuation."""
    if norm in CLAUSE_PUNCT:
        return 0
    return 1 if any(ch.isalnum() for ch in norm) else -1


@dataclass
class TokenView:
    """The word tokens of a text (or of an article), with clause ids and cached forms."""

    tokens: list[Token]
    clause: list[int] = field(default_factory=list)
    forms: list[tuple[tuple[str, str, bool], ...]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)
    # facts about the whole text that several stages read (the view is shared per article: article_view)
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, tokens: Iterable[Token], body: str | None = None) -> TokenView:
        toks = tokens if isinstance(tokens, list) else list(tokens)
        kinds = [_word_kind(t.norm) for t in toks]
        # the clause id of a token: clause punctuation before it, plus the gaps between two tokens that
        # hold a line break of the body (one per gap), as running sums
        n = len(toks)
        bump = [0] * n
        for k, kind in enumerate(kinds[:-1]):
            if kind == 0:
                bump[k + 1] += 1
        if body is not None and toks:
            starts = [t.start for t in toks]
            gaps = {k for m in _NEWLINE_RE.finditer(body)
                    if 0 < (k := bisect_right(starts, m.start())) < n and toks[k - 1].end <= m.start()}
            for k in gaps:
                bump[k] += 1
        view = cls([t for t, kind in zip(toks, kinds, strict=True) if kind > 0],
                   [c for c, kind in zip(accumulate(bump), kinds, strict=True) if kind > 0])
        words = view.tokens
        view.forms = [word_forms(t.norm) for t in words]
        view.starts = [t.start for t in words]
        view.norms = [t.norm for t in words]
        return view

    def __len__(self) -> int:
        return len(self.tokens)

    def index_range(self, start: int, end: int) -> tuple[int, int]:
        """Word-token indices ``[i, j)`` covering body offsets ``[start, end)``."""
        from bisect import bisect_left

        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)
        return i, j

    def entity_range(self, start: int, end: int) -> tuple[int, int]:
        """Like :meth:`index_range`, but a name glued to a proclitic in one word ("لإيران", "بإدلب",
        "وداعش": it starts inside the word) covers that word instead of no word at all."""
        i, j = self.index_range(start, end)
        if j <= i and self.tokens:
            k = self.index_at(start)
            if self.tokens[k].start < start < self.tokens[k].end and end <= self.tokens[k].end:
                return k, k + 1
        return i, j

    def index_at(self, offset: int) -> int:
        """Index of the word token that contains (or first follows) ``offset``."""
        from bisect import bisect_right

        k = bisect_right(self.starts, offset) - 1
        return max(k, 0)


_VIEWS: dict[int, tuple[weakref.ref, int, TokenView]] = {}


def article_view(article: Article) -> TokenView:
    """Tokens of the article body (tokenising on the fly when the tokens stage has not run)."""
    key = id(article)
    hit = _VIEWS.get(key)
    if hit is not None and hit[0]() is article and hit[1] == len(article.body):
        return hit[2]
    toks = article.tokens or tokenize(article.body)
    view = TokenView.of(toks, article.body)
    if len(_VIEWS) > 64:
        for k in [k for k, v in _VIEWS.items() if v[0]() is None] or list(_VIEWS)[:32]:
            _VIEWS.pop(k, None)
    _VIEWS[key] = (weakref.ref(article), len(article.body), view)
    return view


def article_sentences(article: Article) -> list[Span]:
    return article.sentences or split_sentences(article.body)


def _match_at(view: TokenView, pat: Pattern, i: int, hi: int) -> int | None:
    """End index (exclusive) of a match of ``pat`` starting at word ``i``, or None."""
    return _match_rest(view, pat.items, 0, i, hi, view.clause[i])


def _match_rest(view: TokenView, items: Sequence[Any], k: int, pos: int, hi: int, cid: int) -> int | None:
    """End index of a match of ``items[k:]`` from word ``pos`` within clause ``cid``, or None: a gap
    tries its shortest span first.  (A module function, not a closure: a recursive closure is a
    reference cycle that kept each article's tokens alive until the cyclic garbage collector ran.)"""
    n = len(items)
    while k < n:
        item = items[k]
        if isinstance(item, Gap):
            for g in range(item.max + 1):
                p = pos + g
                if p >= hi or view.clause[p] != cid:
                    break
                r = _match_rest(view, items, k + 1, p, hi, cid)
                if r is not None:
                    return r
            return None
        if pos >= hi or view.clause[pos] != cid or item.match(view.forms[pos]) is None:
            return None
        k += 1
        pos += 1
    return pos


@dataclass
class _Index:
    """First-word index of a pattern list: exact forms and prefixes → candidate patterns."""

    exact: dict[str, list[int]]
    prefix: dict[str, list[int]]
    anyfirst: list[int]
    pats: list[tuple[Pattern, Any]]
    lens: tuple[int, ...] = ()  # the distinct lengths of first-word prefixes
    memo: dict[str, tuple[int, ...]] = field(default_factory=dict)  # word norm → candidate patterns

    def candidates(self, norm: str, forms: Sequence[tuple[str, str, bool]]) -> tuple[int, ...]:
        """Patterns whose first word may match a word (memoised per normalised word)."""
        hit = self.memo.get(norm)
        if hit is not None:
            return hit
        cands: set[int] = set(self.anyfirst)
        for _pre, w, _fut in forms:
            cands.update(self.exact.get(w, ()))
            for k in self.lens:
                if k > len(w):
                    break
                got = self.prefix.get(w[:k])
                if got:
                    cands.update(got)
        out = tuple(sorted(cands))
        if len(self.memo) >= MEMO_MAX:  # forget the older half (a word met since is added again)
            for key in list(islice(self.memo, MEMO_MAX // 2)):
                del self.memo[key]
        self.memo[norm] = out
        return out


# pattern list id -> (the list, its index), least recently used first.  The entry keeps its list
# alive, so an id is never reused while its entry stands.  A bounded LRU: a caller that builds a
# throw-away list per call costs only its own index, never the caching of the stable tables (a
# first-come cache that stopped adding when full left tables first used late unindexed: every call
# then rebuilt their index)
_INDEXES: OrderedDict[int, tuple[Any, _Index]] = OrderedDict()
INDEXES_MAX = 1024
MEMO_MAX = 50_000  # words remembered per pattern list (the older half forgotten when full)


def _index(patterns: Sequence[tuple[Pattern, Any]]) -> _Index:
    key = id(patterns)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0] is patterns:
        _INDEXES.move_to_end(key)
        return hit[1]
    pats = list(patterns)
    idx = _Index({}, {}, [], pats)
    for n, (pat, _) in enumerate(pats):
        first = pat.items[0]
        assert isinstance(first, WordSpec)
        if first.any:
            idx.anyfirst.append(n)
        for w in first.exact:
            idx.exact.setdefault(w, []).append(n)
        for pre in first.prefixes:
            idx.prefix.setdefault(pre, []).append(n)
    idx.lens = tuple(sorted({len(p) for p in idx.prefix}))
    _INDEXES[key] = (patterns, idx)
    if len(_INDEXES) > INDEXES_MAX:
        _INDEXES.popitem(last=False)
    return idx


def find_cues(
    view: TokenView, patterns: Sequence[tuple[Pattern, Any]], lo: int = 0, hi: int | None = None,
) -> list[CueMatch]:
    """All matches of ``patterns`` among word tokens ``[lo, hi)``, sorted by position (longest first)."""
    hi = len(view) if hi is None else min(hi, len(view))
    out: list[CueMatch] = []
    idx = _index(patterns)
    toks, norms, get = view.tokens, view.norms, idx.memo.get
    # the words that may start a pattern: most are known (memoised) to start none
    todo = [i for i in range(max(lo, 0), hi) if (c := get(norms[i])) is None or c]
    for i in todo:
        forms = view.forms[i]
        for n in idx.candidates(norms[i], forms):
            pat, data = idx.pats[n]
            first = pat.items[0]
            assert isinstance(first, WordSpec)
            hit = first.match(forms)
            if hit is None:
                continue
            j = _match_at(view, pat, i, hi)
            if j is None:
                continue
            out.append(CueMatch(pat, i, j, toks[i].start, toks[j - 1].end, hit[0], hit[2], data))
    out.sort(key=lambda m: (m.i, -(m.j - m.i)))
    return out


def compile_entries(entries: Iterable[dict[str, Any]], key: str = "patterns") -> list[tuple[Pattern, Any]]:
    """(pattern, entry) pairs for every pattern string of every entry."""
    out = []
    for e in entries:
        for p in e.get(key) or []:
            out.append((compile_pattern(p), e))
    return out


def compile_list(patterns: Iterable[str], data: Any = None) -> list[tuple[Pattern, Any]]:
    return [(compile_pattern(p), data) for p in patterns]


def any_cue(view: TokenView, patterns: Sequence[tuple[Pattern, Any]], lo: int, hi: int) -> CueMatch | None:
    hits = find_cues(view, patterns, lo, hi)
    return hits[0] if hits else None


@lru_cache(maxsize=32)
def load_data(name: str, directory: str | None = None) -> Any:
    """A YAML data file from the knowledge directory (cached)."""
    path = Path(directory) if directory else KNOWLEDGE_DIR
    with open(path / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=16)
def grammar_words(key: str) -> frozenset[str]:
    """A closed-class word list of ``grammar.yaml`` shared by several stages (relative pronouns,
    complementizers, words of fighting alongside), normalised."""
    return frozenset(normalize_key(str(w)) for w in load_data("grammar.yaml")[key])


def in_brackets(before: str) -> bool:
    """An aside: more brackets opened than closed in ``before``, the text of the sentence before a name
    ("جبهة النصرة (تنظيم القاعدة …)": القاعدة is said of the name before, it is no party of its own)."""
    return before.count("(") > before.count(")")


# the two sides of a fight told apart ("بين X من جهة، وY من جهة أخرى"): grammar.yaml side_words / other_side
SIDE_WORDS = grammar_words("side_words")
OTHER_SIDE = grammar_words("other_side")


__all__ = [
    "CueMatch", "Pattern", "TokenView", "WordSpec", "Gap", "compile_pattern", "compile_entries",
    "compile_list", "find_cues", "any_cue", "article_view", "article_sentences", "load_data", "grammar_words",
    "in_brackets", "word_forms",
]
