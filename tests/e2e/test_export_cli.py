"""`marsad export` end to end: a real store, the CLI, files readable by their ecosystems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from marsad.store.db import Store
from tests.api.conftest import make_articles


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad", *args], env=env, capture_output=True, timeout=300)


def test_export_cli(tmp_path: Path) -> None:
    env = {**os.environ, "MARSAD_DATA_DIR": str(tmp_path / "data")}
    env.pop("MARSAD_DATABASE_URL", None)
    store = Store(f"sqlite:///{tmp_path / 'data' / 'marsad.sqlite'}")
    store.save(make_articles(), "t")
    store.close()
    p = _run(["export", "--format", "acled", "-o", str(tmp_path / "out" / "events.csv"), "--type", "Air/drone strike"], env)
    assert p.returncode == 0, p.stderr.decode()
    df = pd.read_csv(tmp_path / "out" / "events.csv")
    assert len(df) == 30 and list(df.columns[:3]) == ["event_id_cnty", "event_date", "year"]
    p = _run(["export", "--format", "geojson", "-o", str(tmp_path / "e.geojson"), "--date-from", "2015-01-01",
              "--date-to", "2015-12-31"], env)
    assert p.returncode == 0 and len(json.loads((tmp_path / "e.geojson").read_text())["features"]) == 1
    assert _run(["export", "--format", "xlsx", "-o", str(tmp_path / "x")], env).returncode == 2
    assert _run(["export", "--format", "acled", "-o", str(tmp_path / "y.csv"), "--date-from", "2015/1/1"], env).returncode == 2
    bad = _run(["export", "--format", "acled", "-o", str(tmp_path)], env)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr


def test_curation_cli_export_import_rebuild(tmp_path: Path) -> None:
    from marsad.curation import apply as capply

    def env_for(name: str) -> dict[str, str]:
        e = {**os.environ, "MARSAD_DATA_DIR": str(tmp_path / name)}
        e.pop("MARSAD_DATABASE_URL", None)
        return e

    for name in ("team1", "team2"):
        s = Store(f"sqlite:///{tmp_path / name / 'marsad.sqlite'}")
        s.save(make_articles(), "t")
        s.close()
    s1 = Store(f"sqlite:///{tmp_path / 'team1' / 'marsad.sqlite'}")
    capply.correct(s1, "set_entity_type", {"entity_id": "grp:russian-forces"}, {"type": "ORGANIZATION"},
                   "analyst-1", "test")
    s1.close()
    log = tmp_path / "log.jsonl"
    p = _run(["curation", "export", "-o", str(log)], env_for("team1"))
    assert p.returncode == 0 and log.read_text().count("\n") == 1, p.stderr.decode()
    p = _run(["curation", "import", str(log)], env_for("team2"))
    assert p.returncode == 0 and b"1 imported" in p.stdout, p.stderr.decode()
    assert b"0 imported, 1 already present" in _run(["curation", "import", str(log)], env_for("team2")).stdout
    assert _run(["curation", "rebuild"], env_for("team2")).returncode == 0
    assert _run(["curation", "import", str(tmp_path / "nope.jsonl")], env_for("team2")).returncode == 1
