"""``article_lsh_recent``: new articles' LSH band keys, appended one row per article and merged into
``article_lsh`` in bulk (``marsad.store.fusion.RecentBands``)

Written batch by batch, the 16 random band keys of each article landed on 16 different pages of
the ``article_lsh`` B-tree once it outgrew a batch: the pages written per article (to the WAL and
again at the checkpoint) grew with the store.  Recent keys now wait in this small append-only table
and move to ``article_lsh`` in one sorted insert per 8,192 articles.  An existing store starts with
the table empty (every key already in ``article_lsh``); the downgrade merges the waiting rows back.

Revision ID: 0010
Revises: 0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_lsh_recent",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("keys", sa.LargeBinary(), nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT article_id, keys FROM article_lsh_recent")).all()
    pairs = sorted({(int.from_bytes(blob[i:i + 8], "little", signed=True), aid)
                    for aid, blob in rows for i in range(0, len(blob), 8)})
    if pairs:
        conn.execute(sa.text("INSERT INTO article_lsh (band_key, article_id) VALUES (:k, :a)"),
                     [{"k": k, "a": a} for k, a in pairs])
    op.drop_table("article_lsh_recent")
