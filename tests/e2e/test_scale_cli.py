"""Scale features through the CLI: incremental ingest, Dask scheduler, watch mode."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from marsad.config import EXAMPLES_DIR


def _env(tmp_path: Path) -> dict[str, str]:
    e = {**os.environ, "MARSAD_DATA_DIR": str(tmp_path / "data")}
    e.pop("MARSAD_DATABASE_URL", None)
    e.pop("MARSAD_DASK_SCHEDULER", None)
    return e


def _run(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "marsad", *args], env=env, capture_output=True, timeout=timeout)


def _first_line(env: dict[str, str]) -> str:
    return _run(["stats"], env).stdout.decode().splitlines()[0]


def test_incremental_ingest_skips_unchanged_files(tmp_path: Path) -> None:
    env = _env(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in sorted(EXAMPLES_DIR.glob("*.txt"))[:3]:
        shutil.copy(f, inbox)
    p = _run(["ingest", "--incremental", str(inbox), "-w", "1"], env)
    assert p.returncode == 0, p.stderr.decode()
    assert "3 new" in p.stderr.decode() and _first_line(env).startswith("3 articles")
    p = _run(["ingest", "--incremental", str(inbox), "-w", "1"], env)
    assert "0 new, 0 changed" in p.stderr.decode() and "3 unchanged" in p.stderr.decode()
    for f in sorted(EXAMPLES_DIR.glob("*.txt"))[3:]:
        shutil.copy(f, inbox)
    p = _run(["ingest", "--incremental", str(inbox), "-w", "1"], env)
    assert "2 new" in p.stderr.decode() and _first_line(env).startswith("5 articles")


def test_ingest_on_a_dask_cluster_equals_local(tmp_path: Path) -> None:
    local, dask = _env(tmp_path / "l"), _env(tmp_path / "d")
    assert _run(["ingest", str(EXAMPLES_DIR), "-w", "1"], local).returncode == 0
    p = _run(["ingest", str(EXAMPLES_DIR), "--scheduler", "local:2"], dask)
    assert p.returncode == 0, p.stderr.decode()
    assert _first_line(local) == _first_line(dask)


def test_watch_picks_up_new_files_and_stops_cleanly(tmp_path: Path) -> None:
    env = _env(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # default SIGINT in the child even when this test runs in a background job (where the shell
    # ignores SIGINT and children inherit that), so the Ctrl-C path is what is tested
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "watch", str(inbox), "--interval", "0.5"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(2)
        shutil.copy(sorted(EXAMPLES_DIR.glob("*.txt"))[0], inbox)
        deadline = time.time() + 120
        while time.time() < deadline and not _first_line(env).startswith("1 articles"):
            time.sleep(1)
        assert _first_line(env).startswith("1 articles")
    finally:
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=60)
    assert rc == 0, proc.stderr.read().decode() if proc.stderr else ""


def test_watch_stops_on_sigterm(tmp_path: Path) -> None:
    env = _env(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "marsad", "watch", str(inbox), "--interval", "0.5"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not (tmp_path / "data" / "marsad.sqlite").exists():
            time.sleep(0.5)
        time.sleep(1)
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)
    assert rc == 0, proc.stderr.read().decode() if proc.stderr else ""
