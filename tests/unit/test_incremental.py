"""Incremental / resumable ingest: new, changed, unchanged, appended files; crash and resume."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marsad.ingest import incremental
from marsad.ingest.incremental import ingest_incremental, load_manifest, watch
from marsad.store.db import Store
from marsad.store.models import ArticleRow

NAMES = ["sentences", "tokens"]  # cheap: this file tests the bookkeeping, not the analysis
PLACES = ["حلب", "إدلب", "دير الزور", "الموصل", "الرقة", "درعا", "حمص", "كركوك"]


def record(i: int) -> str:
    text = (f"قال مصدر محلي إن اشتباكات اندلعت في مدينة {PLACES[i % len(PLACES)]} بين فصائل المعارضة "
            f"وقوات النظام، وأسفرت عن مقتل {i + 2} أشخاص. وهذا هو الخبر رقم {i}.")
    return json.dumps({"id": f"t{i}", "source": "test", "date": "2018-02-01", "text": text}, ensure_ascii=False)


def write_jsonl(path: Path, ids: range, mode: str = "w") -> None:
    with path.open(mode, encoding="utf-8", newline="\n") as fh:
        for i in ids:
            fh.write(record(i) + "\n")


@pytest.fixture
def store(db_url: str):
    s = Store(db_url, fuse=False)
    yield s
    s.close()


def n_articles(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(ArticleRow)) or 0


def source_paths(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(select(ArticleRow.source_path)).scalars())


def run(paths: list[Path], store: Store, **kw):
    rejected: list[str] = []
    s = ingest_incremental(paths, store, NAMES, 1, on_rejection=lambda r: rejected.append(str(r)), **kw)
    return s, rejected


def test_new_unchanged_changed_touched(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", range(5))
    with (folder / "a.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    (folder / "b.txt").write_text("عاجل: " + json.loads(record(40))["text"], encoding="utf-8")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")

    s, rej = run([folder], store)
    assert (s["files_new"], s["inserted"], s["rejected"]) == (3, 6, 2)
    assert any("a.jsonl:6" in r for r in rej) and any("notes.md" in r for r in rej)

    s, rej = run([folder], store)  # nothing new: nothing read, known rejections not repeated
    assert (s["files_unchanged"], s["articles"], s["inserted"], s["rejected"], rej) == (3, 0, 0, 0, [])

    os.utime(folder / "b.txt", ns=(1, 1))  # touched, same content: hashed, not re-read
    s, _ = run([folder], store)
    assert (s["files_unchanged"], s["articles"]) == (3, 0)
    assert load_manifest(store)[str((folder / "b.txt").resolve())]["mtime_ns"] == 1

    (folder / "b.txt").write_text(json.loads(record(41))["text"], encoding="utf-8")
    s, _ = run([folder], store)
    assert (s["files_changed"], s["files_unchanged"], s["articles"], s["inserted"]) == (1, 2, 1, 1)
    assert n_articles(store) == 7


def test_appended_jsonl_reads_only_new_lines(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "feed.jsonl"
    write_jsonl(f, range(4))
    assert run([f], store)[0]["inserted"] == 4
    write_jsonl(f, range(4, 7), mode="a")
    s, _ = run([f], store)
    assert (s["files_appended"], s["articles"], s["inserted"]) == (1, 3, 3)
    assert {f"{f}:{n}" for n in range(1, 8)} == source_paths(store)  # line numbers go on

    # a record still being written (no newline, incomplete JSON) is left for the next scan
    with f.open("a", encoding="utf-8") as fh:
        fh.write(record(7)[:30])
    s, rej = run([f], store)
    assert (s["articles"], s["rejected"], rej) == (0, 0, [])
    with f.open("a", encoding="utf-8") as fh:
        fh.write(record(7)[30:] + "\n")
    s, _ = run([f], store)
    assert (s["files_appended"], s["inserted"]) == (1, 1)
    assert f"{f}:8" in source_paths(store)


def test_rewritten_file_is_read_again(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "feed.jsonl"
    write_jsonl(f, range(3))
    run([f], store)
    write_jsonl(f, range(10, 14))  # same path, different content (not an append)
    s, _ = run([f], store)
    assert (s["files_changed"], s["articles"], s["inserted"]) == (1, 4, 4)


def test_crash_mid_file_then_resume_no_loss_no_duplicates(tmp_path: Path, store: Store, monkeypatch,
                                                          db_url: str) -> None:
    f = tmp_path / "big.jsonl"
    write_jsonl(f, range(23))
    real = incremental.parse_jsonl_record

    def dying(line: str, where: str):
        if where.endswith(":13"):
            raise KeyboardInterrupt  # Ctrl-C / kill while reading line 13
        return real(line, where)

    monkeypatch.setattr(incremental, "parse_jsonl_record", dying)
    with pytest.raises(KeyboardInterrupt):
        run([f], store, batch_size=5)
    entry = load_manifest(store)[str(f.resolve())]
    assert not entry["complete"] and entry["lines"] == 10 and n_articles(store) == 10  # 2 batches committed

    monkeypatch.setattr(incremental, "parse_jsonl_record", real)
    s, _ = run([f], store, batch_size=5)
    assert (s["files_resumed"], s["articles"], s["inserted"], s["unchanged"]) == (1, 13, 13, 0)
    entry = load_manifest(store)[str(f.resolve())]
    assert entry["complete"] and entry["lines"] == 23 and entry["articles"] == 23

    # the same as one uninterrupted run into a fresh store
    ref = Store(f"sqlite:///{tmp_path / 'ref.sqlite'}", fuse=False)
    ref_summary = ingest_incremental([f], ref, NAMES, 1, batch_size=5)
    assert ref_summary["inserted"] == 23
    assert ref.counts() == store.counts()
    assert source_paths(ref) == source_paths(store)
    ref.close()


def test_crash_in_store_rolls_back_progress(tmp_path: Path, store: Store, monkeypatch) -> None:
    f = tmp_path / "feed.jsonl"
    write_jsonl(f, range(12))
    real_save = Store.save
    calls = {"n": 0}

    def failing_save(self, articles, sig, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real_save(self, articles, sig, **kw)

    monkeypatch.setattr(Store, "save", failing_save)
    with pytest.raises(RuntimeError):
        run([f], store, batch_size=5)
    assert load_manifest(store)[str(f.resolve())]["lines"] == 5 and n_articles(store) == 5
    monkeypatch.setattr(Store, "save", real_save)
    s, _ = run([f], store, batch_size=5)
    assert (s["files_resumed"], s["inserted"]) == (1, 7) and n_articles(store) == 12


def test_pipeline_change_reanalyses(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "feed.jsonl"
    write_jsonl(f, range(3))
    run([f], store)
    s = ingest_incremental([f], store, ["sentences"], 1)
    assert (s["files_reanalysed"], s["updated"], s["inserted"]) == (1, 3, 0)


def test_missing_path_and_stdin_are_rejected(tmp_path: Path, store: Store) -> None:
    s, rej = run([tmp_path / "nope", "-"], store)  # type: ignore[list-item]
    assert s["rejected"] == 2 and len(rej) == 2


def test_watch_picks_up_new_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "1.jsonl", range(2))
    store = Store(f"sqlite:///{tmp_path / 'w.sqlite'}", fuse=False)
    scans: list[dict] = []

    def on_scan(s: dict) -> None:
        scans.append(s)
        if len(scans) == 1:
            write_jsonl(folder / "2.jsonl", range(2, 5))

    totals = watch(folder, 0.01, threading.Event(), store=store, names=NAMES, on_scan=on_scan, max_scans=3)
    assert [s["inserted"] for s in scans] == [2, 3, 0]
    assert totals["scans"] == 3 and totals["inserted"] == 5

    stop = threading.Event()
    stop.set()
    assert watch(folder, 0.01, stop, store=store, names=NAMES)["scans"] == 0
    store.close()


def test_worker_processes_give_the_same_result(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", range(9))
    write_jsonl(folder / "b.jsonl", range(9, 14))
    stores = [Store(f"sqlite:///{tmp_path / f'{w}.sqlite'}", fuse=False) for w in (1, 2)]
    sums = [ingest_incremental([folder], s, NAMES, w, batch_size=4) for s, w in zip(stores, (1, 2), strict=True)]
    assert sums[0]["inserted"] == sums[1]["inserted"] == 14
    assert stores[0].counts() == stores[1].counts()
    strip = [{k: {f: v for f, v in r.items() if f not in ("updated_at", "mtime_ns")} for k, r in load_manifest(s).items()}
             for s in stores]
    assert strip[0] == strip[1]
    for s in stores:
        s.close()


def test_plan_counts_the_records_left_to_read(tmp_path: Path, store: Store) -> None:
    """``on_plan`` gets the records still to read (the progress bar's total, for its ETA)."""
    f = tmp_path / "feed.jsonl"
    write_jsonl(f, range(5))
    (tmp_path / "one.txt").write_text(json.loads(record(20))["text"], encoding="utf-8")
    planned: list[int] = []
    run([f, tmp_path / "one.txt"], store, on_plan=planned.append)
    write_jsonl(f, range(5, 8), mode="a")
    run([f, tmp_path / "one.txt"], store, on_plan=planned.append)  # appended: 3 lines; the .txt is unchanged
    run([f, tmp_path / "one.txt"], store, on_plan=planned.append)
    assert planned == [6, 3, 0]
