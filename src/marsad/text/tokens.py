"""Word tokenisation with proclitic splitting, and sentence splitting.

Tokens keep offsets into the original text; ``Token.norm`` is the normalised form, and
``Token.prefix``/``Token.stem`` split the Arabic proclitics (و ف ب ل ك, the article ال and the
contracted لل) so later stages can match names whatever is glued to their front.
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.model import Span, Token
from marsad.text.normalize import normalize, normalize_key

# a word: letters/digits/marks, allowing an internal apostrophe or hyphen is *not* done on purpose
_TOKEN_RE = re.compile(r"[^\W_]+(?:[\u064b-\u065f\u0670\u0640\u200c\u200d][^\W_]*)*|[^\w\s]", re.UNICODE)

# conjunctions (و ف) may precede prepositions (ب ل ك) which may precede the article (ال)
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
MIN_STEM = 2
_CLITIC_STARTS = frozenset("".join(_CONJ + _PREP) + "ا")  # first letters of a proclitic or of ال


@lru_cache(maxsize=200_000)
def split_proclitics(norm_word: str) -> tuple[tuple[str, str], ...]:
    """All plausible (prefix, stem) analyses of a *normalised* word, longest prefix first.

    ``وبالميليشيا`` → (("وبال", "ميليشيا"), ("وب", "الميليشيا"), ("و", "بالميليشيا"), ("", "وبالميليشيا")).
    The contracted ``لل`` (ل + ال) yields the stem with its article restored: ``للتنظيم`` →
    ("ل", "التنظيم") as well as ("لل", "تنظيم").  Stems shorter than two letters are not offered.
    """
    w = norm_word
    if not w or w[0] not in _CLITIC_STARTS:  # no proclitic and no article: the word alone
        return (("", w),)
    out: list[tuple[str, str]] = [("", norm_word)]
    for c in ("",) + _CONJ:
        if c and not w.startswith(c):
            continue
        rest = w[len(c):]
        for p in ("",) + _PREP:
            if p and not rest.startswith(p):
                continue
            rest2 = rest[len(p):]
            pre = c + p
            if pre and len(rest2) >= MIN_STEM:
                out.append((pre, rest2))
            # article
            if p == "ل" and rest2.startswith("ل") and len(rest2) > MIN_STEM + 1:
                # لل = ل + ال : restore the alef
                out.append((pre, "ا" + rest2))
                out.append((pre + "ل", rest2[1:]))
            if rest2.startswith("ال") and len(rest2) - 2 >= MIN_STEM:
                out.append((pre + "ال", rest2[2:]))
    # unique, longest prefix first
    seen: set[tuple[str, str]] = set()
    uniq = []
    for pair in sorted(out, key=lambda x: -len(x[0])):
        if pair not in seen:
            seen.add(pair)
            uniq.append(pair)
    return tuple(uniq)


def strip_clitics(norm_word: str) -> str:
    """The shortest plausible stem: conjunction, preposition and article removed."""
    return split_proclitics(norm_word)[0][1]


@lru_cache(maxsize=200_000)
def _analyse_surface(surface: str) -> tuple[str, str, str] | None:
    """(norm, prefix, stem) of one token's surface form (cached: word forms repeat), None if empty."""
    norm = normalize_key(surface)
    if not norm:
        return None
    if norm[0].isalpha() and len(norm) > 2:
        prefix, stem = split_proclitics(norm)[0]
    else:
        prefix, stem = "", norm
    return norm, prefix, stem


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens with offsets into ``text``."""
    tokens: list[Token] = []
    analyse = _analyse_surface
    for m in _TOKEN_RE.finditer(text):
        surface = m.group()
        got = analyse(surface)
        if got is None:
            continue
        tokens.append(Token(m.start(), m.end(), surface, *got))
    return tokens


# Sentences: end at . ! ? ؟ … (optionally followed by closing quotes/brackets) + space, or at a newline.
# A match starts only at the beginning of a punctuation run and never backtracks (possessive), so
# long runs with no space after them stay linear.
_SENT_END_RE = re.compile(r"(?<![.!?؟…])(?:[.!?؟…]++[\"'”’»)\]]*+)(?=\s)|\n+")
_ABBREV = re.compile(r"(?:\b[A-Za-z]|\b(?:د|م|أ|ق|ج|ص|ه))\.$")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans over ``text`` (newlines always end a sentence; whitespace trimmed)."""
    spans: list[Span] = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        if m.group().strip() and _ABBREV.search(text[max(0, end - 3):end]):
            continue
        _append_trimmed(text, start, end, spans)
        start = m.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, s: int, e: int, out: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Span(s, e, text[s:e]))


__all__ = ["normalize", "split_proclitics", "strip_clitics", "tokenize", "split_sentences"]
