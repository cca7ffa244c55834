"""What the store derives from an article before writing it, computed off the single writer.

The writer (``Store.save``) is one process; everything it derives from an article's text alone
is computed here instead, so that it can run where the article is cleaned or analysed (in the
worker processes of ``marsad.runner.analyse_parallel`` or on Dask workers):

- the MinHash signature and its LSH band keys (near-duplicate grouping, ``store.fusion``);
- the two full-text forms of title + body (stems and consonant skeletons, ``store.search``).

One pass over the words does both.  The original text is cut into raw tokens (runs of letters,
digits and the marks the normaliser deletes), and each distinct raw token's piece is looked up in
a per-process table, since tokens repeat across articles: its normalised words' stems and
skeletons, space-joined, and their hashes as bytes, so that an article's forms and hashes are
joins in C rather than a Python loop per word.  This gives exactly the words of the normalised text
(a test checks it) without normalising whole texts.  ``Store.save`` calls :func:`prepare` for
any article that arrives without a :class:`StorePrep` (or with one made for other fusion options).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from marsad.model import Article
from marsad.store.fusion import _WORD_RE, FusionConfig, band_hashes, signature_from_shingles, word_hash
from marsad.store.search import word_forms
from marsad.text.normalize import _DELETE_CLASS, _PRESENTATION_RE, normalize_text

_MAX_CACHE = 200_000  # entries per table; each worker process has its own tables
_WORDS: dict[str, tuple[str, str, int]] = {}
# raw token -> its words' stems and skeletons, space-joined ("" when it has none), and their hashes
# as little-endian uint64 bytes (joined per text and read by numpy without a Python loop)
_Piece = tuple[str, str, bytes]
_TOKENS: dict[str, _Piece] = {}
# letters/digits (\w) plus what normalize() deletes inside words (tatweel, diacritics, joiners …)
_RAW_TOKEN_RE = re.compile(f"[\\w{_DELETE_CLASS}]+")
_STEMS, _SKELS, _HASHES = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass(frozen=True, slots=True)
class StorePrep:
    """The store's derived data for one article (picklable, small)."""

    body_id: str  # the article id it was computed for (a changed body invalidates it)
    options: tuple[int, int, int]  # (num_perm, bands, shingle) of the fusion config used
    minhash: bytes
    bands: tuple[int, ...]  # LSH band keys (fusion.band_hashes)
    stems: str
    skel: str


def _word(w: str) -> tuple[str, str, int]:
    info = _WORDS.get(w)
    if info is None:
        stem, skel = word_forms(w)
        info = (stem, skel, word_hash(w))
        if len(_WORDS) < _MAX_CACHE:
            _WORDS[w] = info
    return info


def _piece(words: list[tuple[str, str, int]]) -> _Piece:
    return (" ".join([w[0] for w in words]), " ".join([w[1] for w in words]),
            b"".join([w[2].to_bytes(8, "little") for w in words]))


def _token(tok: str) -> _Piece:
    piece = _TOKENS.get(tok)
    if piece is None:
        piece = _piece([_word(w) for w in _WORD_RE.findall(normalize_text(tok))])
        if len(_TOKENS) < _MAX_CACHE:
            _TOKENS[tok] = piece
    return piece


def _pieces(text: str) -> list[_Piece]:
    """One piece per raw token of ``text`` (a token can hold 0, 1 or more normalised words)."""
    if _PRESENTATION_RE.search(text):  # rare: NFKC expansion can merge or split tokens
        return [_piece([_word(w)]) for w in _WORD_RE.findall(normalize_text(text))]
    toks = _RAW_TOKEN_RE.findall(text)
    pieces = list(map(_TOKENS.get, toks))
    if None in pieces:
        pieces = [p or _token(t) for p, t in zip(pieces, toks, strict=True)]  # a piece is a 3-tuple: truthy
    return pieces  # type: ignore[return-value]


def text_words(text: str) -> list[tuple[str, str, int]]:
    """(stem, skeleton, hash) of every word of ``normalize_text(text)``, in order."""
    out: list[tuple[str, str, int]] = []
    for stems, skels, hashes in _pieces(text):
        if stems:
            out.extend(zip(stems.split(" "), skels.split(" "),
                           np.frombuffer(hashes, dtype="<u8").tolist(), strict=True))
    return out


def _options(cfg: FusionConfig) -> tuple[int, int, int]:
    return (cfg.num_perm, cfg.bands, cfg.shingle)


def prepare(article: Article, cfg: FusionConfig | None = None) -> StorePrep:
    """Compute (and attach as ``article.prep``) the store's derived data for ``article``."""
    cfg = cfg or FusionConfig.load()
    body = _pieces(article.body)
    pieces = _pieces(article.title) + body if article.title else body
    wh = np.frombuffer(b"".join(map(_HASHES, body)), dtype="<u8").astype(np.uint64, copy=False)
    sig = signature_from_shingles(wh, cfg)
    prep = StorePrep(
        body_id=article.id,
        options=_options(cfg),
        minhash=sig.tobytes(),
        bands=tuple(band_hashes(sig, cfg)),
        stems=" ".join(filter(None, map(_STEMS, pieces))),  # "" (a token without words) is skipped
        skel=" ".join(filter(None, map(_SKELS, pieces))),
    )
    article.prep = prep
    return prep


def prepared(article: Article, cfg: FusionConfig) -> StorePrep:
    """``article.prep`` when it is valid for this body and these options, else computed now."""
    p = article.prep
    if isinstance(p, StorePrep) and p.options == _options(cfg) and p.body_id == article.id:
        return p
    return prepare(article, cfg)
