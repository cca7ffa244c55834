"""The store's cost per article as the database grows.  Prints figures; not a test.

Analyses the first --limit corpus records once (worker processes; the analysed articles are
pickled in chunks to a temporary directory), then stores them alone, in --batch transactions, into a
fresh SQLite file, printing for each --every articles: ms an article of ``Store.save`` and the
database pages written an article (WAL frames; with --pages, which B-trees they belong to).
Automatic WAL checkpoints are replaced by one explicit checkpoint after every transaction, timed
apart, so each transaction's pages can be counted.

    python benchmarks/bench_store_growth.py --limit 45000 --pages
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import struct
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scaling import pipeline_names, write_sample  # noqa: E402

_FRAME_HEADER, _WAL_HEADER = 24, 32


def analyse_to(tmp: Path, limit: int, workers: int, names: list[str], chunk: int = 5000) -> list[Path]:
    from marsad.distributed import analyse_items
    from marsad.model import Rejection
    from marsad.runner import iter_articles

    sample = write_sample(limit, tmp / "sample.jsonl")
    it = (a for a in analyse_items(iter_articles([str(sample)]), names=names, workers=workers)
          if not isinstance(a, Rejection))
    paths = []
    while part := list(itertools.islice(it, chunk)):
        paths.append(tmp / f"part{len(paths):03d}.pkl")
        paths[-1].write_bytes(pickle.dumps(part))
    return paths


def wal_pages(wal: Path, page_size: int) -> set[int]:
    if not wal.exists():
        return set()
    data = wal.read_bytes()
    return {struct.unpack(">I", data[off:off + 4])[0]
            for off in range(_WAL_HEADER, len(data) - _FRAME_HEADER, page_size + _FRAME_HEADER)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=45000)
    ap.add_argument("--batch", type=int, default=200, help="articles per store transaction")
    ap.add_argument("--every", type=int, default=5000, help="articles per printed row")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pages", action="store_true", help="also name the B-trees the pages belong to (slower)")
    args = ap.parse_args()

    from sqlalchemy import event

    from marsad.runner import pipeline_signature
    from marsad.store.db import Store

    names = pipeline_names()
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        t = time.perf_counter()
        parts = analyse_to(tmp, args.limit, args.workers, names)
        print(f"analysed in {time.perf_counter() - t:.0f} s; storing", file=sys.stderr)
        store = Store(f"sqlite:///{tmp / 'store.sqlite'}")

        @event.listens_for(store.engine, "connect")
        def _manual_checkpoints(dbapi_conn, _rec):  # noqa: ANN001
            dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

        store.engine.dispose()
        wal = tmp / "store.sqlite-wal"
        with store.engine.connect() as c:
            page_size = c.exec_driver_sql("PRAGMA page_size").scalar()
        sig = pipeline_signature(names)
        print(f"{'up to':>7}{'save ms':>9}{'ckpt ms':>9}{'pages':>7}  (an article; pages = WAL frames)")
        done, seg = 0, Counter()
        trees: Counter = Counter()
        batch: list = []

        def report() -> None:
            n = seg["n"]
            print(f"{done:>7}{1000 * seg['save'] / n:>9.2f}{1000 * seg['ckpt'] / n:>9.2f}{seg['pages'] / n:>7.1f}"
                  + ("  " + ", ".join(f"{k} {v / n:.1f}" for k, v in trees.most_common(6)) if args.pages else ""),
                  flush=True)
            seg.clear()
            trees.clear()

        def flush() -> None:
            nonlocal done
            t0 = time.perf_counter()
            store.save(batch, sig)
            seg["save"] += time.perf_counter() - t0
            pages = wal_pages(wal, page_size)
            seg["pages"] += len(pages)
            with store.engine.connect() as c:
                if args.pages:
                    where = dict(c.exec_driver_sql("SELECT pageno, name FROM dbstat").all())
                    trees.update(where.get(p, "(free/overflow)") for p in pages)
                t0 = time.perf_counter()
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                seg["ckpt"] += time.perf_counter() - t0
            done += len(batch)
            seg["n"] += len(batch)
            batch.clear()
            if done % args.every < args.batch:
                report()

        for p in parts:
            for a in pickle.loads(p.read_bytes()):
                batch.append(a)
                if len(batch) == args.batch:
                    flush()
        if batch:
            flush()
        if seg["n"]:
            report()
        store.close()


if __name__ == "__main__":
    main()
