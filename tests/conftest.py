"""Shared fixtures: the analysis pipeline; a fresh database per test, SQLite by default or PostgreSQL when asked.

Set ``MARSAD_TEST_POSTGRES_URL`` (e.g. ``postgresql+psycopg://marsad@127.0.0.1:54329/marsad``) to run the
tests marked ``postgres`` against a real server; ``.ci/run`` starts one on loopback and does so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from marsad.analyse.pipeline import Pipeline

PG_URL = os.environ.get("MARSAD_TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


def postgres_database(name: str) -> str:
    """URL of a fresh database ``name`` on the test server (created if needed, emptied)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL
    base = make_url(PG_URL)
    eng = create_engine(base, isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    url = base.set(database=name).render_as_string(hide_password=False)
    _reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def nlp() -> Pipeline:
    """The default analysis pipeline (resources loaded once per process), for tests that analyse text."""
    from marsad.analyse.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite always; PostgreSQL only when MARSAD_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    if not PG_URL:
        pytest.skip("MARSAD_TEST_POSTGRES_URL not set (PostgreSQL tests run in CI via .ci/run)")
    _reset_postgres(PG_URL)
    yield PG_URL


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgres" in (callspec.params.get("db_url"), callspec.params.get("api_store")):
            item.add_marker(pytest.mark.postgres)
