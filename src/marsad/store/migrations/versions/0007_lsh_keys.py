"""LSH bands as integer keys: ``article_lsh(band_key, article_id)``, one B-tree, replacing ``article_bands``

``article_bands`` stored (article_id, band, 16-hex-digit hash) in a rowid table with two indexes
(primary key and hash): three B-trees, each repeating the 64-character article id, written 16
times per article.  ``article_lsh`` keeps one signed 64-bit key per (band, hash)
(``marsad.store.fusion.band_key``) with the article id, its primary key (band_key, article_id) is
the look-up index, and on SQLite it is a WITHOUT ROWID table.  Each article's keys are also stored
in ``articles.lsh_keys`` (int64 little-endian), which is how its rows are deleted when it is
re-analysed.  The stored bands are converted, so existing near-duplicate groups keep working.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_BAND_MIX = 0x9E3779B97F4A7C15  # as marsad.store.fusion.band_key (copied: a migration is frozen)
_U64 = (1 << 64) - 1
_FLUSH = 5000  # articles per write


def _key(band: int, h: int) -> int:
    k = (h + band * _BAND_MIX) & _U64
    return k - (1 << 64) if k >> 63 else k


def _unkey(band: int, key: int) -> int:
    return ((key & _U64) - band * _BAND_MIX) & _U64


def _blob(keys: list[int]) -> bytes:
    return b"".join(k.to_bytes(8, "little", signed=True) for k in keys)


def _keys(blob: bytes) -> list[int]:
    return [int.from_bytes(blob[i:i + 8], "little", signed=True) for i in range(0, len(blob), 8)]


def _per_article(conn: sa.Connection) -> Iterator[tuple[str, list[int]]]:
    """(article id, band keys in band order) of every article that has band rows."""
    cur, keys = None, []
    for aid, band, h in conn.execute(sa.text("SELECT article_id, band, hash FROM article_bands "
                                             "ORDER BY article_id, band")).yield_per(20000):
        if aid != cur:
            if cur is not None:
                yield cur, keys
            cur, keys = aid, []
        keys.append(_key(int(band), int(h, 16)))
    if cur is not None:
        yield cur, keys


def upgrade() -> None:
    op.create_table(
        "article_lsh",
        sa.Column("band_key", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("band_key", "article_id"),
        sqlite_with_rowid=False,
    )
    op.add_column("articles", sa.Column("lsh_keys", sa.LargeBinary(), nullable=True))
    conn = op.get_bind()
    # read everything first (the rows are small: ~1 MB per 1,000 articles), then write
    per_article = list(_per_article(conn))
    ins = sa.text("INSERT INTO article_lsh (band_key, article_id) VALUES (:k, :a)")
    upd = sa.text("UPDATE articles SET lsh_keys = :b WHERE id = :a")
    for i in range(0, len(per_article), _FLUSH):
        part = per_article[i:i + _FLUSH]
        conn.execute(ins, [{"k": k, "a": aid} for aid, keys in part for k in set(keys)])
        conn.execute(upd, [{"b": _blob(keys), "a": aid} for aid, keys in part])
    op.drop_index("ix_article_bands_hash", table_name="article_bands")
    op.drop_table("article_bands")


def downgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band"),
    )
    op.create_index("ix_article_bands_hash", "article_bands", ["hash", "band"], unique=False)
    conn = op.get_bind()
    rows = [(aid, blob) for aid, blob in conn.execute(
        sa.text("SELECT id, lsh_keys FROM articles WHERE lsh_keys IS NOT NULL"))]
    ins = sa.text("INSERT INTO article_bands (article_id, band, hash) VALUES (:a, :b, :h)")
    for i in range(0, len(rows), _FLUSH):
        conn.execute(ins, [{"a": aid, "b": b, "h": f"{_unkey(b, k):016x}"}
                           for aid, blob in rows[i:i + _FLUSH] for b, k in enumerate(_keys(blob))])
    op.drop_table("article_lsh")
    # not a batch (copy-and-rename) operation: dropping the old articles table would cascade
    # to every table that refers to it; SQLite >= 3.35 and PostgreSQL drop a column in place
    op.execute("ALTER TABLE articles DROP COLUMN lsh_keys")
