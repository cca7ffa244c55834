"""Helpers shared by the store tests."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config

from marsad.store.db import MIGRATIONS_DIR


def alembic_to(engine: Any, rev: str, down: bool = False) -> None:
    """Upgrade (or downgrade) the database of ``engine`` to Alembic revision ``rev``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, rev)
