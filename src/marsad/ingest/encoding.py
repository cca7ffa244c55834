"""Decoding input bytes to text: strict UTF-8/BOM fast path, then charset-normalizer, preferring Arabic.

Supported: UTF-8 (with or without BOM), UTF-16/UTF-32 (with BOM, and UTF-16 without BOM), Windows-1256,
ISO-8859-6 and whatever charset-normalizer recognises. Failures raise :class:`DecodeError` whose message
is the rejection reason shown to the user.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

SAMPLE_BYTES = 256 * 1024  # candidate encodings are scored on this prefix only

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# single-byte and BOM-less candidates tried besides charset-normalizer's guesses
_ARABIC_CANDIDATES = ("cp1256", "iso8859_6", "utf_16_le", "utf_16_be")
_ARABIC_RE = re.compile("[\u0621-\u064a\u0660-\u0669\u0671-\u06d3]")
# Latin-1 letters sitting inside Arabic words betray a wrong single-byte code page
_MOJIBAKE_RE = re.compile("[\u0600-\u06ff][\u00c0-\u00ff]|[\u00c0-\u00ff][\u0600-\u06ff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


class DecodeError(ValueError):
    """The bytes are not text we can decode; ``str(exc)`` is the rejection reason."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _score(text: str) -> float:
    """Higher is better: Arabic letters and plain text count, mojibake and control characters cost."""
    arabic = len(_ARABIC_RE.findall(text))
    bad = len(_MOJIBAKE_RE.findall(text)) * 8 + len(_CONTROL_RE.findall(text)) * 20
    unassigned = sum(1 for ch in text[:20000] if unicodedata.category(ch) in ("Cn", "Co", "Cs")) * 20
    cjk = sum(1 for ch in text[:20000] if "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af") * 5
    return arabic * 2 + sum(ch.isascii() and ch.isprintable() for ch in text[:20000]) * 0.5 - bad - unassigned - cjk


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _trim_partial(sample: bytes, enc: str) -> bytes:
    """Cut a sample so multi-byte encodings do not end mid-character."""
    if enc.startswith(("utf_16", "utf-16")):
        return sample[: len(sample) - len(sample) % 2]
    return sample


def _candidates(sample: bytes) -> list[str]:
    cands = list(_ARABIC_CANDIDATES)
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(sample, steps=5, chunk_size=512, threshold=0.3):
            if match.encoding not in cands:
                cands.append(match.encoding)
    except Exception:  # pragma: no cover - the detector is an aid, never a failure
        pass
    return cands


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; raise :class:`DecodeError` (empty, binary, undecodable) otherwise."""
    if not data or not data.strip(b" \t\r\n\x00"):
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try(data, enc)
            if text is None:
                raise DecodeError(f"undecodable bytes (declared {enc} by its byte-order mark)")
            if _control_ratio(text[:SAMPLE_BYTES]) > 0.01:
                raise DecodeError("binary file (mostly non-text bytes)")
            return Decoded(text, enc)
    has_nul = b"\x00" in data[:SAMPLE_BYTES]
    if not has_nul:
        try:
            text = data.decode("utf-8")  # fast path
        except UnicodeDecodeError:
            pass
        else:
            if _control_ratio(text[:SAMPLE_BYTES]) > 0.01:
                raise DecodeError("binary file (mostly non-text bytes)")
            return Decoded(text, "utf-8")
    sample = data[:SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    for enc in _candidates(sample):
        text = _try(_trim_partial(sample, enc), enc)
        if text is None and len(data) > len(sample):  # the sample may end inside a character
            text = _try(_trim_partial(sample[:-3], enc), enc)
        if text is None or _control_ratio(text) > 0.01:
            continue
        s = _score(text)
        if best is None or s > best[0]:
            best = (s, enc)
    if best is None or best[0] <= 0:
        if has_nul:
            raise DecodeError("binary file (NUL bytes, not UTF-16 text)")
        raise DecodeError("undecodable bytes (not UTF-8, UTF-16, Windows-1256 or ISO-8859-6)")
    enc = best[1]
    text = _try(data, enc)
    if text is None:
        raise DecodeError(f"undecodable bytes (invalid {enc} further into the file)")
    if _control_ratio(text) > 0.01:
        raise DecodeError("binary file (mostly non-text bytes)")
    return Decoded(text, enc)
