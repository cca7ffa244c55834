"""Arabic normalisation for matching, with an offset map back to the original text.

The original text is never changed; :func:`normalize` returns a :class:`NormalizedText` whose
``text`` is used for matching and whose :meth:`NormalizedText.to_original` maps any index of the
normalised text back into the original.

What is normalised:
- alef/hamza forms (أ إ آ ٱ → ا, ؤ → و, ئ → ي), taa marbuta ة → ه, alef maqsura ى → ي,
  Persian/Urdu letters (ک → ك, ی → ي, ھ/ہ → ه) and the Persian/Kurdish letters of names written as
  they sound (پ → ب, گ → ك, چ → ج, ژ → ز, ڤ → ف, ڨ → ق, ڕ → ر, ڵ → ل, ۆ → و, ێ → ي: "الپيشمرگة" is
  "البيشمركة");
- tatweel and diacritics (harakat, shadda, sukun, superscript alef, Quranic marks) removed;
- Arabic-Indic and Persian digits → ASCII digits;
- quote styles (“ ” « » ‘ ’ ″ …) → ``"`` or ``'``; dash styles (– — ‒ ― −) → ``-``;
- zero-width and bidi control characters removed; every whitespace run → one space;
- ASCII letters lower-cased; Arabic presentation forms (U+FB50–U+FEFF) decomposed with NFKC.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# 1:1 replacements ---------------------------------------------------------------------------
_REPLACE: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ة": "ه", "ۀ": "ه", "ھ": "ه", "ہ": "ه", "ە": "ه",
    "ک": "ك", "ڪ": "ك",
    "پ": "ب", "گ": "ك", "ڳ": "ك", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڥ": "ف", "ڨ": "ق", "ڕ": "ر", "ڵ": "ل", "ۆ": "و",
    "ێ": "ي",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": "'", "›": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
}
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in range(ord("A"), ord("Z") + 1):
    _REPLACE[chr(_c)] = chr(_c + 32)

# characters removed (tatweel, diacritics, zero-width, bidi controls) ---------------------------
_DELETE_CLASS = (
    "\u0640"  # tatweel
    "\u064b-\u065f"  # harakat, shadda, sukun, hamza marks
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic annotation marks
    "\u0610-\u061a"  # honorific signs
    "\u200b-\u200f"  # zero-width space/joiners, LRM/RLM
    "\u202a-\u202e"  # bidi embeddings/overrides
    "\u2060-\u2064\u2066-\u2069"  # word joiner, bidi isolates
    "\ufeff\u00ad\u061c"  # BOM, soft hyphen, Arabic letter mark
)
_DELETE_RE = re.compile(f"[{_DELETE_CLASS}]+")
# whitespace: every run becomes one space (the first char is kept and mapped to " ")
_WS_CHARS = " \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085"
_WS_EXTRA_RE = re.compile(f"(?<=[{_WS_CHARS}])[{_WS_CHARS}]+")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")

_TABLE: dict[int, str | None] = {ord(k): v for k, v in _REPLACE.items()}
for _w in ["\t", "\n", "\r", "\f", "\v", "\u00a0", "\u1680", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u0085"]:
    _TABLE[ord(_w)] = " "
for _c in range(0x2000, 0x200B):
    _TABLE[_c] = " "


@dataclass(slots=True)
class NormalizedText:
    """Normalised text plus the map from its indices back to the original string."""

    text: str
    original_length: int
    # fast path: normalised positions at which a deleted original char sat (see to_original)
    _del_pos: list[int] = field(default_factory=list)
    # slow path (expansions present): explicit original index for every normalised char
    _offsets: list[int] | None = None

    def to_original(self, i: int) -> int:
        """Original index of normalised index ``i`` (``len(text)`` maps to the original length)."""
        if i >= len(self.text):
            return self.original_length
        if i < 0:
            raise IndexError(i)
        if self._offsets is not None:
            return self._offsets[i]
        # number of deleted chars that precede normalised char i
        return i + bisect_right(self._del_pos, i)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised half-open span to the smallest original span covering it."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def _slow_normalize(text: str) -> NormalizedText:
    out: list[str] = []
    offsets: list[int] = []
    prev_ws = False
    for i, ch in enumerate(text):
        if _DELETE_RE.match(ch):
            continue
        if ch in _WS_CHARS or ch.isspace():
            if prev_ws:
                continue
            prev_ws = True
            out.append(" ")
            offsets.append(i)
            continue
        prev_ws = False
        if _PRESENTATION_RE.match(ch):
            rep = unicodedata.normalize("NFKC", ch)
            rep = "".join(c for c in rep if not _DELETE_RE.match(c)).translate(_TABLE)
            rep = rep.replace(" ", "")
        else:
            rep = ch.translate(_TABLE)
        for c in rep:
            out.append(c)
            offsets.append(i)
    return NormalizedText("".join(out), len(text), [], offsets)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching; see the module docstring for the rules."""
    if _PRESENTATION_RE.search(text):
        return _slow_normalize(text)
    deleted: list[tuple[int, int]] = [m.span() for m in _DELETE_RE.finditer(text)]
    if deleted:
        # remove deletions first, remembering original positions
        pieces: list[str] = []
        keep_orig: list[tuple[int, int]] = []  # (orig_start, orig_end) of kept pieces
        pos = 0
        for s, e in deleted:
            if s > pos:
                pieces.append(text[pos:s])
                keep_orig.append((pos, s))
            pos = e
        if pos < len(text):
            pieces.append(text[pos:])
            keep_orig.append((pos, len(text)))
        stage1 = "".join(pieces)
    else:
        stage1 = text
        keep_orig = [(0, len(text))]
    # collapse whitespace runs (on the stage-1 string)
    ws_extra = [m.span() for m in _WS_EXTRA_RE.finditer(stage1)]
    if ws_extra:
        parts: list[str] = []
        pos = 0
        for s, e in ws_extra:
            parts.append(stage1[pos:s])
            pos = e
        parts.append(stage1[pos:])
        stage2 = "".join(parts)
    else:
        stage2 = stage1
    result = stage2.translate(_TABLE)
    if not deleted and not ws_extra:
        return NormalizedText(result, len(text))
    # build the deleted-position list: every original index not kept, expressed as the
    # normalised position it precedes.  Compose stage1 map then stage2 map.
    del_orig: list[int] = []
    prev_end = 0
    for s, e in keep_orig:
        del_orig.extend(range(prev_end, s))
        prev_end = e
    del_orig.extend(range(prev_end, len(text)))
    # stage-1 indices removed by whitespace collapsing -> original indices
    if ws_extra:
        # map a stage1 index to original
        starts = [s for s, _ in keep_orig]
        cum: list[int] = []
        total = 0
        for s, e in keep_orig:
            cum.append(total)
            total += e - s
        for s, e in ws_extra:
            for j in range(s, e):
                k = bisect_right(cum, j) - 1
                del_orig.append(starts[k] + (j - cum[k]))
        del_orig.sort()
    # a deleted original index d sits before normalised position d - (number of deletions before it)
    del_pos = [d - n for n, d in enumerate(del_orig)]
    return NormalizedText(result, len(text), del_pos)


def normalize_text(text: str) -> str:
    """``normalize(text).text`` without building the offset map (for hashing and indexing only)."""
    if _PRESENTATION_RE.search(text):
        return _slow_normalize(text).text
    return _WS_EXTRA_RE.sub("", _DELETE_RE.sub("", text)).translate(_TABLE)


def normalize_key(text: str) -> str:
    """Normalised form of a short string (a name or alias) used as a dictionary key."""
    return normalize_text(text).strip()


_STRIP_AL = re.compile(r"^(?:ال|لل)")


def strip_article(key: str) -> str:
    """Drop a leading definite article (ال / لل) from a normalised key, word by word for the first word."""
    if key.startswith("لل") and len(key) > 4:
        return key[2:]
    if key.startswith("ال") and len(key) > 3:
        return key[2:]
    return key
