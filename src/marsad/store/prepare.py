"""What the store derives from an article before writing it, computed off the single writer.

The writer (``Store.save``) is one process; everything it derives from an article's text alone
is computed here instead, so that it can run where the article is cleaned or analysed (in the
worker processes of ``marsad.runner.analyse_parallel`` or on Dask workers):

- the MinHash signature and its LSH band hashes (near-duplicate grouping, ``store.fusion``);
- the two full-text forms of title + body (stems and consonant skeletons, ``store.search``).

One pass over the words does both.  The original text is cut into raw tokens (runs of letters,
digits and the marks the normaliser deletes), and each distinct raw token's normalised words with
their (stem, skeleton, hash) are looked up in a per-process table, since tokens repeat across
articles; this gives exactly the words of the normalised text (a test checks it) without
normalising whole texts.  ``Store.save`` calls :func:`prepare` for
any article that arrives without a :class:`StorePrep` (or with one made for other fusion options).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from marsad.model import Article
from marsad.store.fusion import _WORD_RE, FusionConfig, band_hashes, signature_from_shingles, word_hash
from marsad.store.search import word_forms
from marsad.text.normalize import _DELETE_CLASS, _PRESENTATION_RE, normalize_text

_MAX_CACHE = 200_000  # entries per table; each worker process has its own tables
_WORDS: dict[str, tuple[str, str, int]] = {}
_TOKENS: dict[str, tuple[tuple[str, str, int], ...]] = {}
# letters/digits (\w) plus what normalize() deletes inside words (tatweel, diacritics, joiners …)
_RAW_TOKEN_RE = re.compile(f"[\\w{_DELETE_CLASS}]+")


@dataclass(frozen=True, slots=True)
class StorePrep:
    """The store's derived data for one article (picklable, small)."""

    body_id: str  # the article id it was computed for (a changed body invalidates it)
    options: tuple[int, int, int]  # (num_perm, bands, shingle) of the fusion config used
    minhash: bytes
    bands: tuple[str, ...]
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


def _token(tok: str) -> tuple[tuple[str, str, int], ...]:
    infos = _TOKENS.get(tok)
    if infos is None:
        infos = tuple(_word(w) for w in _WORD_RE.findall(normalize_text(tok)))
        if len(_TOKENS) < _MAX_CACHE:
            _TOKENS[tok] = infos
    return infos


def text_words(text: str) -> list[tuple[str, str, int]]:
    """(stem, skeleton, hash) of every word of ``normalize_text(text)``, in order."""
    if _PRESENTATION_RE.search(text):  # rare: NFKC expansion can merge or split tokens
        return [_word(w) for w in _WORD_RE.findall(normalize_text(text))]
    out: list[tuple[str, str, int]] = []
    for tok in _RAW_TOKEN_RE.findall(text):
        out.extend(_token(tok))
    return out


def _options(cfg: FusionConfig) -> tuple[int, int, int]:
    return (cfg.num_perm, cfg.bands, cfg.shingle)


def prepare(article: Article, cfg: FusionConfig | None = None) -> StorePrep:
    """Compute (and attach as ``article.prep``) the store's derived data for ``article``."""
    cfg = cfg or FusionConfig.load()
    body = text_words(article.body)
    title = text_words(article.title) if article.title else []
    if body:
        stems, skels, hashes = zip(*body, strict=True)
        wh = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    else:
        stems, skels, wh = (), (), np.zeros(0, dtype=np.uint64)
    sig = signature_from_shingles(wh, cfg)
    prep = StorePrep(
        body_id=article.id,
        options=_options(cfg),
        minhash=sig.tobytes(),
        bands=tuple(band_hashes(sig, cfg)),
        stems=" ".join([t[0] for t in title] + list(stems)),
        skel=" ".join([t[1] for t in title] + list(skels)),
    )
    article.prep = prep
    return prep


def prepared(article: Article, cfg: FusionConfig) -> StorePrep:
    """``article.prep`` when it is valid for this body and these options, else computed now."""
    p = article.prep
    if isinstance(p, StorePrep) and p.options == _options(cfg) and p.body_id == article.id:
        return p
    return prepare(article, cfg)
