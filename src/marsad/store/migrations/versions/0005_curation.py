"""curation: corrections log, machine-value snapshots, watch rules and alerts

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'curation_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('uid', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('target', sa.JSON(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('target_key', sa.String(length=200), nullable=False),
        sa.Column('article_id', sa.String(length=64), nullable=True),
        sa.Column('by', sa.String(length=200), nullable=False),
        sa.Column('why', sa.Text(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('origin', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uid'),
    )
    with op.batch_alter_table('curation_log') as b:
        b.create_index('ix_curation_log_kind', ['kind'])
        b.create_index('ix_curation_log_target_key', ['target_key'])
        b.create_index('ix_curation_log_article_id', ['article_id'])

    op.create_table(
        'curation_applied',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('article_id', sa.String(length=64), nullable=True),
        sa.Column('mention_id', sa.Integer(), nullable=True),
        sa.Column('relation_id', sa.Integer(), nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('entity_id', sa.String(length=120), nullable=True),
        sa.Column('original', sa.JSON(), nullable=True),
        sa.Column('corrections', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['mention_id'], ['mentions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['relation_id'], ['relations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('mention_id'),
        sa.UniqueConstraint('relation_id'),
        sa.UniqueConstraint('event_id'),
        sa.UniqueConstraint('entity_id'),
    )
    with op.batch_alter_table('curation_applied') as b:
        b.create_index('ix_curation_applied_article_id', ['article_id'])

    op.create_table(
        'watch_rules',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('criteria', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('since_cluster_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'alerts',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('dedupe_key', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('delivered', sa.Boolean(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['rule_id'], ['watch_rules.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('rule_id', 'dedupe_key', name='uq_alert_rule_key'),
    )
    with op.batch_alter_table('alerts') as b:
        b.create_index('ix_alerts_rule_id', ['rule_id'])
        b.create_index('ix_alerts_cluster_id', ['cluster_id'])
        b.create_index('ix_alerts_created_at', ['created_at'])
        b.create_index('ix_alerts_delivery', ['delivered', 'attempts'])


def downgrade() -> None:
    op.drop_table('alerts')
    op.drop_table('watch_rules')
    op.drop_table('curation_applied')
    op.drop_table('curation_log')
