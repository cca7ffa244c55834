"""Settings from the environment (MARSAD_*), in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
KNOWLEDGE_DIR = PACKAGE_DIR / "knowledge" / "data"
MODELS_DIR = PACKAGE_DIR / "analyse" / "models"
EXAMPLES_DIR = PACKAGE_DIR / "examples"


def _shared_dir() -> Path:
    """``../shared`` beside the checkout (datasets for evaluation/benchmarks), overridable."""
    env = os.environ.get("MARSAD_SHARED_DIR")
    if env:
        return Path(env)
    for cand in (Path.cwd().parent / "shared", PACKAGE_DIR.parents[2] / "shared"):
        if cand.is_dir():
            return cand
    return PACKAGE_DIR.parents[2] / "shared"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    api_token: str | None
    dask_scheduler: str | None
    max_input_bytes: int
    max_article_chars: int
    analysis_timeout_s: float
    shared_dir: Path

    @property
    def gazetteer_path(self) -> Path:
        return self.data_dir / "gazetteer.sqlite"


_ENV_KEYS = ("MARSAD_DATA_DIR", "MARSAD_DATABASE_URL", "MARSAD_API_TOKEN", "MARSAD_DASK_SCHEDULER",
             "MARSAD_MAX_INPUT_BYTES", "MARSAD_MAX_ARTICLE_CHARS", "MARSAD_ANALYSIS_TIMEOUT_S",
             "MARSAD_SHARED_DIR")


def get_settings() -> Settings:
    """The current settings (re-read whenever a MARSAD_* variable or the working folder changes)."""
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = ""
    return _settings(tuple(os.environ.get(k) for k in _ENV_KEYS), cwd)


@lru_cache(maxsize=32)
def _settings(_env: tuple[str | None, ...], _cwd: str) -> Settings:
    data_dir = Path(os.environ.get("MARSAD_DATA_DIR") or user_data_dir("marsad", appauthor=False))
    db_url = os.environ.get("MARSAD_DATABASE_URL") or f"sqlite:///{data_dir / 'marsad.sqlite'}"
    return Settings(
        data_dir=data_dir,
        database_url=db_url,
        api_token=os.environ.get("MARSAD_API_TOKEN") or None,
        dask_scheduler=os.environ.get("MARSAD_DASK_SCHEDULER") or None,
        max_input_bytes=int(os.environ.get("MARSAD_MAX_INPUT_BYTES", str(64 * 1024 * 1024))),
        # the longest of the 45,745 corpus articles has 33.7k characters; analysis cost grows faster
        # than linearly, so longer bodies are rejected before analysis
        max_article_chars=int(os.environ.get("MARSAD_MAX_ARTICLE_CHARS", "100000")),
        analysis_timeout_s=float(os.environ.get("MARSAD_ANALYSIS_TIMEOUT_S", "60")),
        shared_dir=_shared_dir(),
    )
