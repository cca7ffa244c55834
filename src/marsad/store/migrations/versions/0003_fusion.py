"""fusion: near-duplicate groups and event clusters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:41:41.204905
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_clusters',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_type', sa.String(length=60), nullable=False),
    sa.Column('sub_event_type', sa.String(length=80), nullable=False),
    sa.Column('plover', sa.String(length=30), nullable=True),
    sa.Column('actor1_id', sa.String(length=120), nullable=True),
    sa.Column('actor1_text', sa.Text(), nullable=True),
    sa.Column('actor2_id', sa.String(length=120), nullable=True),
    sa.Column('actor2_text', sa.Text(), nullable=True),
    sa.Column('location_text', sa.Text(), nullable=True),
    sa.Column('location_name_en', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('date_key', sa.String(length=10), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('first_reported', sa.String(length=10), nullable=True),
    sa.Column('last_reported', sa.String(length=10), nullable=True),
    sa.Column('modalities', sa.String(length=80), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.create_index('ix_clusters_actor1_date', ['actor1_id', 'date_key'], unique=False)
        batch_op.create_index('ix_clusters_actor2_date', ['actor2_id', 'date_key'], unique=False)
        batch_op.create_index('ix_clusters_country_date', ['country', 'date_key'], unique=False)
        batch_op.create_index('ix_clusters_geo', ['lon', 'lat'], unique=False)
        batch_op.create_index('ix_clusters_facets', ['date_key', 'event_type', 'sub_event_type', 'country', 'admin1', 'actor1_id'], unique=False)
        batch_op.create_index('ix_clusters_sources_date', ['source_count', 'date_key'], unique=False)
        batch_op.create_index('ix_clusters_sub_date', ['sub_event_type', 'date_key'], unique=False)
        batch_op.create_index('ix_clusters_type_date', ['event_type', 'date_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_clusters_date_key'), ['date_key'], unique=False)

    op.create_table('article_bands',
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'band')
    )
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.create_index('ix_article_bands_hash', ['hash', 'band'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('minhash', sa.LargeBinary(), nullable=True))
        batch_op.create_index(batch_op.f('ix_articles_group_id'), ['group_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reported', sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_foreign_key('fk_events_cluster_id', 'event_clusters', ['cluster_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint('fk_events_cluster_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_cluster_id'))
        batch_op.drop_column('reported')
        batch_op.drop_column('cluster_id')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_group_id'))
        batch_op.drop_column('minhash')
        batch_op.drop_column('group_id')

    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_article_bands_hash')

    op.drop_table('article_bands')
    with op.batch_alter_table('event_clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_clusters_date_key'))
        batch_op.drop_index('ix_clusters_type_date')
        batch_op.drop_index('ix_clusters_sub_date')
        batch_op.drop_index('ix_clusters_sources_date')
        batch_op.drop_index('ix_clusters_geo')
        batch_op.drop_index('ix_clusters_facets')
        batch_op.drop_index('ix_clusters_country_date')
        batch_op.drop_index('ix_clusters_actor2_date')
        batch_op.drop_index('ix_clusters_actor1_date')

    op.drop_table('event_clusters')
