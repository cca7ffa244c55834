"""SQLAlchemy models of the knowledge store.

The raw input is kept in full (``articles.raw``) next to the cleaned body; analysis results
(mentions, relations, events) hang off the article and are replaced as a whole when the article is
re-processed, so re-running is idempotent.  Every fact keeps its provenance: article id and
character offsets into ``articles.body``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cleaned body
    raw_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_path: Mapped[str] = mapped_column(Text)
    raw_format: Mapped[str] = mapped_column(String(16))
    raw: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet_id: Mapped[str | None] = mapped_column(String(80), index=True)
    outlet_name: Mapped[str | None] = mapped_column(Text)
    outlet_name_en: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict | None] = mapped_column(JSON)
    analysed_with: Mapped[str | None] = mapped_column(String(200))  # pipeline signature
    ingested_at: Mapped[datetime] = mapped_column(default=utcnow)
    # near-duplicate group (MinHash/LSH): id of the first-seen article of the same story
    group_id: Mapped[str | None] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    lsh_keys: Mapped[bytes | None] = mapped_column(LargeBinary)  # its band keys (int64 LE), see ArticleBandRow
    # SQLite: its rowid in the full-text index (article_fts), how its entry is replaced (migration 0008)
    fts_rowid: Mapped[int | None] = mapped_column(Integer)


class ArticleBandRow(Base):
    """LSH bands of each article's MinHash signature: articles sharing a band key are candidates.

    One row per (band key, article); the key holds the band number and the band's hash
    (``fusion.band_key``), and the primary key is the look-up index (a WITHOUT ROWID table on
    SQLite: one B-tree).  The article's keys are also kept in ``articles.lsh_keys``, which is how
    its rows are found again when it is re-analysed.
    """

    __tablename__ = "article_lsh"
    __table_args__ = {"sqlite_with_rowid": False}

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class ArticleLshRecentRow(Base):
    """Band keys of articles not yet merged into ``article_lsh``: one row per article, appended in id
    order and moved there in bulk (``fusion.RecentBands``).  Ids are never reused (AUTOINCREMENT on
    SQLite), so a reader can tell the rows it has not read yet."""

    __tablename__ = "article_lsh_recent"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(64))
    keys: Mapped[bytes] = mapped_column(LargeBinary)


class EventClusterRow(Base):
    """One real-world event, fused from the reports (event rows) of one or more articles."""

    __tablename__ = "event_clusters"
    __table_args__ = (
        Index("ix_clusters_sub_date", "sub_event_type", "date_key"),
        Index("ix_clusters_type_date", "event_type", "date_key"),
        Index("ix_clusters_actor1_date", "actor1_id", "date_key"),
        Index("ix_clusters_actor2_date", "actor2_id", "date_key"),
        Index("ix_clusters_country_date", "country", "date_key"),
        Index("ix_clusters_sources_date", "source_count", "date_key"),
        Index("ix_clusters_geo", "lon", "lat"),
        # covering index: facets over a date range are index-only scans
        Index("ix_clusters_facets", "date_key", "event_type", "sub_event_type", "country", "admin1", "actor1_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(80))
    plover: Mapped[str | None] = mapped_column(String(30))
    actor1_id: Mapped[str | None] = mapped_column(String(120))
    actor1_text: Mapped[str | None] = mapped_column(Text)
    actor2_id: Mapped[str | None] = mapped_column(String(120))
    actor2_text: Mapped[str | None] = mapped_column(Text)
    location_text: Mapped[str | None] = mapped_column(Text)
    location_name_en: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(10))  # event date when the text gives one
    # what filters and sorts use: the event date, else the first report's publication date
    date_key: Mapped[str | None] = mapped_column(String(10), index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer, default=1)  # distinct stories
    article_count: Mapped[int] = mapped_column(Integer, default=1)
    first_reported: Mapped[str | None] = mapped_column(String(10))
    last_reported: Mapped[str | None] = mapped_column(String(10))
    modalities: Mapped[str | None] = mapped_column(String(80))  # e.g. "asserted,denied"
    confidence: Mapped[float] = mapped_column(Float, default=0.5)


class EntityRow(Base):
    """One real-world entity: from the knowledge base, the gazetteer, or discovered (candidate)."""

    __tablename__ = "entities"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    canonical_ar: Mapped[str | None] = mapped_column(Text)
    canonical_en: Mapped[str | None] = mapped_column(Text)
    wikidata: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="kb")  # kb | gazetteer | candidate
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        # its unique index starts with article_id and serves lookups by article (migration 0009
        # dropped a second index on article_id alone)
        UniqueConstraint("article_id", "start", "end", "type", name="uq_mention_span"),
        Index("ix_mentions_entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[str | None] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float, default=1.0)
    attrs: Mapped[dict | None] = mapped_column(JSON)


class RelationRow(Base):
    __tablename__ = "relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(30), index=True)
    head_text: Mapped[str] = mapped_column(Text)
    head_entity_id: Mapped[str | None] = mapped_column(String(120), index=True)
    tail_text: Mapped[str] = mapped_column(Text)
    tail_entity_id: Mapped[str | None] = mapped_column(String(120), index=True)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=0.8)


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_type_date", "event_type", "date"),
        Index("ix_events_geo", "lat", "lon"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # position of the event within its article
    event_type: Mapped[str] = mapped_column(String(60))
    sub_event_type: Mapped[str] = mapped_column(String(80), index=True)
    plover: Mapped[str | None] = mapped_column(String(30))
    actor1_text: Mapped[str | None] = mapped_column(Text)
    actor1_id: Mapped[str | None] = mapped_column(String(120), index=True)
    actor2_text: Mapped[str | None] = mapped_column(Text)
    actor2_id: Mapped[str | None] = mapped_column(String(120), index=True)
    location_text: Mapped[str | None] = mapped_column(Text)
    location_name_en: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(10))
    time_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    modality: Mapped[str] = mapped_column(String(20), index=True)
    attributed_to: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    payload: Mapped[dict] = mapped_column(JSON)  # the full contract object of the event
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("event_clusters.id", ondelete="SET NULL"), index=True)
    reported: Mapped[str | None] = mapped_column(String(10))  # publication date of the article


class IngestManifestRow(Base):
    """What incremental ingest has consumed of each input file (see marsad.ingest.incremental).

    ``offset``/``lines`` are the bytes/lines of the file whose articles are stored (committed in the
    same transaction as those articles); ``sha256`` is the hash of bytes ``[0, offset)``, so an
    appended .jsonl file is recognised and read on from ``offset``.  ``size``/``mtime_ns`` are the
    file's stat when it was read: equal stat on a complete entry means unchanged (no hashing).
    """

    __tablename__ = "ingest_manifest"

    path: Mapped[str] = mapped_column(String(1024), primary_key=True)  # absolute, resolved path
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    analysed_with: Mapped[str | None] = mapped_column(String(200))  # pipeline signature
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
