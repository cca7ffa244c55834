"""full-text search index over normalised article text (FTS5 on SQLite, tsvector+GIN on PostgreSQL)

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
            "article_id UNINDEXED, stems, skel, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE TABLE IF NOT EXISTS article_search ("
            "article_id VARCHAR(64) PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, doc tsvector)"
        )
        op.execute("CREATE INDEX IF NOT EXISTS ix_article_search_doc ON article_search USING GIN (doc)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS article_fts")
    elif dialect == "postgresql":
        op.execute("DROP TABLE IF EXISTS article_search")
