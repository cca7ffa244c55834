"""``articles.fts_rowid``: the article's row in the SQLite full-text index, so a re-analysed article's
entry is replaced by rowid instead of by a scan of the whole index

``article_fts.article_id`` is an UNINDEXED FTS5 column: ``DELETE … WHERE article_id = ?`` reads
every row of the index, so re-analysing articles (a changed knowledge base or model re-analyses
everything) cost time proportional to the store's size per article.  Rows are now written with
explicit, increasing rowids kept in ``articles.fts_rowid``; this revision fills the column from the
existing index in one pass.  On PostgreSQL the column exists and stays empty (``article_search``
has ``article_id`` as its primary key).

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FLUSH = 5000


def upgrade() -> None:
    op.add_column("articles", sa.Column("fts_rowid", sa.Integer(), nullable=True))
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    pairs = [{"r": int(r), "a": aid} for r, aid in conn.execute(sa.text("SELECT rowid, article_id FROM article_fts"))]
    upd = sa.text("UPDATE articles SET fts_rowid = :r WHERE id = :a")
    for i in range(0, len(pairs), _FLUSH):
        conn.execute(upd, pairs[i:i + _FLUSH])


def downgrade() -> None:
    # SQLite >= 3.35 and PostgreSQL drop a column in place (see 0007)
    op.execute("ALTER TABLE articles DROP COLUMN fts_rowid")
