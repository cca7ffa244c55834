#!/usr/bin/env python
"""Re-analysis cost in the store: what a changed knowledge base or model costs per stored article.

Stores the first ``--size`` corpus articles (read + clean + store, as ``bench_ingest --modes store``),
then saves ``--redo`` of them again under another pipeline signature, which replaces their rows
(analysis, near-duplicate bands, full-text entry).  Prints milliseconds per article for both; the
re-analysis figure must not grow with the store's size (run with two sizes to see it):

    python benchmarks/bench_reanalyse.py --size 5000 --redo 500
    python benchmarks/bench_reanalyse.py --size 20000 --redo 500
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from marsad.config import get_settings
from marsad.model import Article
from marsad.runner import iter_articles
from marsad.store.db import Store
from marsad.store.prepare import prepare


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=10000, help="articles stored first")
    ap.add_argument("--redo", type=int, default=500, help="of which re-analysed")
    args = ap.parse_args()
    files = sorted((get_settings().shared_dir / "data" / "corpus").glob("*.jsonl"))
    arts = [a for a in itertools.islice(iter_articles(files), args.size) if isinstance(a, Article)]
    for a in arts:
        prepare(a)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'store.sqlite'}")
        t0 = time.perf_counter()
        for i in range(0, len(arts), 500):
            store.save(arts[i:i + 500], "bench-1")
        fresh = time.perf_counter() - t0
        redo = arts[:: max(1, len(arts) // args.redo)][: args.redo]
        t0 = time.perf_counter()
        for i in range(0, len(redo), 100):
            res = store.save(redo[i:i + 100], "bench-2")
            assert res.updated == len(redo[i:i + 100])
        again = time.perf_counter() - t0
        store.close()
    print(f"stored {len(arts)} articles: {1000 * fresh / len(arts):.2f} ms/article; "
          f"re-analysed {len(redo)}: {1000 * again / len(redo):.2f} ms/article")


if __name__ == "__main__":
    main()
