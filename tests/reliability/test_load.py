"""A small version of benchmarks/load_test.py: the real uvicorn server on 127.0.0.1 under concurrent reads
while a writer POSTs /api/ingest — no errors, bounded latency."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.reliability.conftest import shared_dir

ROOT = Path(__file__).resolve().parents[2]


def load_module():
    spec = importlib.util.spec_from_file_location("marsad_load_test", ROOT / "benchmarks" / "load_test.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_small_load_has_no_errors() -> None:
    res = load_module().run_load(records=300, requests=400, concurrency=20, time_limit=120, max_posts=20,
                                 shared=shared_dir())
    assert res["requests"] == 400 and res["not_sent"] == 0, res
    assert res["errors"] == 0, res["error_samples"]
    assert res["writer_posts"] >= 1 and res["writer_errors"] == 0, res
    assert res["p95_ms"] < 10_000, res  # generous: 2 shared cores; the benchmark reports the real figure
