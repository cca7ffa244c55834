"""Full-text search over article bodies that ignores Arabic spelling variants.

Each article is indexed twice:
- ``stems``: every word normalised (marsad.text.normalize) with its proclitics removed
  (و ف ب ل ك ال لل), so ``الميليشيات`` is indexed as ``ميليشيات``;
- ``skel``: the consonantal skeleton of each stem (the long vowels/glides ا و ي removed after the
  first letter), so the spelling variants ``ميليشيا`` / ``مليشيا`` share the skeleton ``ملش``.

A query is turned into the same two forms and each word is matched as a prefix (``ميليشيا`` finds
``ميليشيات``).  SQLite uses an FTS5 table; PostgreSQL a ``tsvector`` column with a GIN index.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import text

from marsad.store import bulk
from marsad.text.normalize import normalize_key
from marsad.text.tokens import split_proclitics

_WORD_RE = re.compile(r"[^\W_]+")
_VOWELS = str.maketrans("", "", "اويى")


def stem_word(norm_word: str) -> str:
    """The word without proclitics (the longest plausible analysis that leaves >= 3 letters)."""
    if not norm_word[:1].isalpha() or len(norm_word) <= 3 or norm_word.isascii():
        return norm_word
    for prefix, stem in split_proclitics(norm_word):
        if prefix and len(stem) >= 3:
            return stem
    return norm_word


def skeleton(stem: str) -> str:
    if len(stem) <= 2 or stem.isascii():
        return stem
    sk = stem[0] + stem[1:].translate(_VOWELS)
    return sk if len(sk) >= 2 else stem


@lru_cache(maxsize=200_000)
def word_forms(norm_word: str) -> tuple[str, str]:
    """(stem, skeleton) of a normalised word (cached: words repeat across articles)."""
    stem = stem_word(norm_word)
    return stem, skeleton(stem)


def query_terms(query: str) -> list[tuple[str, str]]:
    """(stem, skeleton) per query word."""
    words = _WORD_RE.findall(normalize_key(query))
    return [(s, skeleton(s)) for s in (stem_word(w) for w in words) if s]


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word must match (as stem or skeleton prefix)."""
    terms = query_terms(query)
    if not terms:
        return None
    parts = []
    for stem, skel in terms:
        stem_q = stem.replace('"', "")
        skel_q = skel.replace('"', "")
        parts.append(f'(stems:"{stem_q}"* OR skel:"{skel_q}"*)')
    return " AND ".join(parts)


def tsquery(query: str) -> str | None:
    """A PostgreSQL to_tsquery expression with the same meaning."""
    terms = query_terms(query)
    if not terms:
        return None
    clean = lambda s: re.sub(r"[^\w]", "", s)  # noqa: E731
    return " & ".join(f"({clean(s)}:* | {clean(k)}:*)" for s, k in terms if clean(s))


def next_rowid(conn: Any) -> int:
    """SQLite: the rowid after the full-text index's last row (rows are written with explicit,
    increasing rowids, kept in ``articles.fts_rowid``)."""
    last = conn.exec_driver_sql("SELECT rowid FROM article_fts ORDER BY rowid DESC LIMIT 1").scalar()
    return int(last or 0) + 1


def _sqlite_rowids(conn: Any, ids: list[str], replace: bool) -> list[int]:
    """The FTS5 rowid of each article: the one stored with it (its old entry deleted first when
    ``replace``), else a new one, recorded in ``articles.fts_rowid``."""
    known = dict(bulk.select_in(conn, "SELECT id, fts_rowid FROM articles WHERE id IN ({})", ids))
    if replace:
        bulk.executemany(conn, "DELETE FROM article_fts WHERE rowid = ?",
                         [(known[a],) for a in ids if known.get(a) is not None])
        # an entry without a recorded rowid can only be found by scanning the index
        bulk.executemany(conn, "DELETE FROM article_fts WHERE article_id = ?",
                         [(a,) for a in ids if known.get(a) is None])
    nxt = next_rowid(conn)
    out, fresh = [], []
    for a in ids:
        r = known.get(a)
        if r is None:
            r, nxt = nxt, nxt + 1
            fresh.append((r, a))
        out.append(int(r))
    bulk.executemany(conn, "UPDATE articles SET fts_rowid = ? WHERE id = ?", fresh)
    return out


def write_index(conn: Any, rows: list[tuple[str, str, str]], replace: bool = True,
                rowids: list[int] | None = None) -> None:
    """Index ``(article_id, stems, skeletons)`` rows (the :func:`word_forms` of every word of title +
    body, space-joined: ``marsad.store.prepare.StorePrep``); replaces existing entries.

    ``replace=False`` when the articles are known to be new (no old entries to delete).  On SQLite
    each article's entry has the rowid recorded in ``articles.fts_rowid``, so an old entry is
    deleted by rowid (``article_id`` is an UNINDEXED FTS5 column: deleting by it scans the whole
    index); ``rowids`` gives new articles' rowids (``replace=False``) when the caller stored them
    with the articles (``Store.save``, from :func:`next_rowid`), else they are assigned and
    recorded here.
    """
    if not rows:
        return
    dialect = conn.dialect.name
    ids = [aid for aid, _, _ in rows]
    if dialect == "sqlite":
        if rowids is None:
            rowids = _sqlite_rowids(conn, ids, replace)
        bulk.executemany(conn, "INSERT INTO article_fts(rowid, article_id, stems, skel) VALUES (?, ?, ?, ?)",
                         [(r, *row) for r, row in zip(rowids, rows, strict=True)])
    elif dialect == "postgresql":
        if replace:
            bulk.executemany(conn, "DELETE FROM article_search WHERE article_id = ?", [(a,) for a in ids])
        bulk.executemany(conn, "INSERT INTO article_search(article_id, doc) "
                               "VALUES (?, to_tsvector('simple', ? || ' ' || ?))", rows)


def search_ids(conn: Any, query: str, limit: int = 50, offset: int = 0) -> list[tuple[str, float]]:
    """Article ids matching ``query``, best first, with a relevance score."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        q = fts5_query(query)
        if not q:
            return []
        rows = conn.execute(
            text("SELECT article_id, bm25(article_fts, 0.0, 2.0, 1.0) AS r FROM article_fts "
                 "WHERE article_fts MATCH :q ORDER BY r LIMIT :lim OFFSET :off"),
            {"q": q, "lim": limit, "off": offset},
        ).all()
        return [(r[0], -float(r[1])) for r in rows]
    if dialect == "postgresql":
        q = tsquery(query)
        if not q:
            return []
        rows = conn.execute(
            text("SELECT article_id, ts_rank(doc, to_tsquery('simple', :q)) AS r FROM article_search "
                 "WHERE doc @@ to_tsquery('simple', :q) ORDER BY r DESC LIMIT :lim OFFSET :off"),
            {"q": q, "lim": limit, "off": offset},
        ).all()
        return [(r[0], float(r[1])) for r in rows]
    raise NotImplementedError(f"full-text search is not available on {dialect}")
