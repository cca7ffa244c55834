"""Tables of analyst curation and watchlists (same ``Base`` as the store, so Alembic sees them).

* ``curation_log`` — the append-only, attributed corrections log (never updated or deleted; an undo
  is a new entry pointing at the undone one).
* ``curation_applied`` — for each analysis row a correction changed, the machine's original values
  (so a correction can be undone and re-applied deterministically).  The row references are foreign
  keys with ``ON DELETE CASCADE``: when the store re-analyses an article and replaces its rows, the
  now meaningless snapshots disappear with them.
* ``watch_rules`` and ``alerts`` — watchlists and the alerts they raised (deduplicated per rule by
  ``dedupe_key``: ``event:<cluster id>`` or ``pair:<actor>|<place>``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marsad.store.models import Base, utcnow


class CorrectionRow(Base):
    __tablename__ = "curation_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # stable across export/import
    kind: Mapped[str] = mapped_column(String(30), index=True)
    target: Mapped[dict] = mapped_column(JSON)  # {"entity_id": …} | {"event_key": …} | {"correction_uid": …}
    payload: Mapped[dict] = mapped_column(JSON)
    target_key: Mapped[str] = mapped_column(String(200), index=True)  # entity id / event key / undone uid
    article_id: Mapped[str | None] = mapped_column(String(64), index=True)  # event corrections
    by: Mapped[str] = mapped_column(String(200))
    why: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    origin: Mapped[str | None] = mapped_column(String(200))  # "import:<file>" for imported entries


class AppliedRow(Base):
    """Machine values of one row changed by curation (restored before every re-application)."""

    __tablename__ = "curation_applied"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), unique=True)
    relation_id: Mapped[int | None] = mapped_column(ForeignKey("relations.id", ondelete="CASCADE"), unique=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    entity_id: Mapped[str | None] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), unique=True)
    original: Mapped[dict | None] = mapped_column(JSON)  # None: the row was created by curation
    corrections: Mapped[list | None] = mapped_column(JSON)  # ids of the corrections that changed it


class WatchRuleRow(Base):
    __tablename__ = "watch_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    criteria: Mapped[dict] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    since_cluster_id: Mapped[int] = mapped_column(Integer, default=0)  # clusters up to this id are "old"


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("rule_id", "dedupe_key", name="uq_alert_rule_key"),
        Index("ix_alerts_delivery", "delivered", "attempts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("watch_rules.id", ondelete="CASCADE"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # event | new_place
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
