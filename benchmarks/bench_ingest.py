"""Throughput and memory of ingest on the real corpus (../shared/data/corpus/*.jsonl).

Prints figures; it is not a test.  Each mode runs in a fresh subprocess so that its peak RSS is
its own:

- floor:  read + clean + normalise + tokenise only (no analysis, no store)
- store:  read + clean + store (the foundation stage; target >= 1,000 articles/s, <= 500 MB)
- entities: read + clean + the entity components only (sentences, tokens, knowledge-base and place
          matching, NER, linking) + store (issue #3: >= 200 articles/s with entities, <= 1.5 GB)
- full:   read + clean + full analysis pipeline + store, on --workers processes
          (target >= 200 articles/s on 2 cores, <= 1.5 GB)

    python benchmarks/bench_ingest.py                   # all modes, whole corpus
    python benchmarks/bench_ingest.py --modes store --limit 5000
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def corpus_files() -> list[Path]:
    from marsad.config import get_settings

    files = sorted((get_settings().shared_dir / "data" / "corpus").glob("*.jsonl"))
    if not files:
        sys.exit("no corpus found under ../shared/data/corpus")
    return files


def _limited(paths: list[Path], limit: int | None, tmp: Path) -> list[str]:
    """Paths to process: the corpus, or its first ``limit`` records written to a temp file."""
    if not limit:
        return [str(p) for p in paths]
    out = tmp / "sample.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        n = 0
        for p in paths:
            with p.open(encoding="utf-8", newline="\n") as src:
                for line in src:
                    fh.write(line)
                    n += 1
                    if n >= limit:
                        return [str(out)]
    return [str(out)]


ENTITY_COMPONENTS = ("sentences", "tokens", "kb_entities", "places", "ner", "link")


def _peak_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024


def _cpu_s(who: int) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def run_mode(mode: str, paths: list[str], workers: int, db: str) -> dict:
    from marsad.model import Rejection
    from marsad.runner import analyse_parallel, iter_articles, pipeline_signature

    t0 = time.perf_counter()
    n = rejected = 0
    if mode == "floor":
        from marsad.text.tokens import tokenize

        for item in iter_articles(paths):
            if isinstance(item, Rejection):
                rejected += 1
                continue
            _ = item.norm.text
            tokenize(item.body)
            n += 1
    else:
        from marsad.analyse.pipeline import available_pipeline
        from marsad.store.db import Store
        from marsad.store.writer import BackgroundWriter

        names = {"store": [], "entities": [n for n in available_pipeline() if n in ENTITY_COMPONENTS]}.get(
            mode, available_pipeline())
        store = Store(db)
        sig = pipeline_signature(names)
        it = analyse_parallel(paths, workers, names)
        with BackgroundWriter(store, sig) as writer:  # as `marsad ingest` writes
            while True:
                batch = list(itertools.islice(it, 500))
                if not batch:
                    break
                arts = [a for a in batch if not isinstance(a, Rejection)]
                rejected += len(batch) - len(arts)
                writer.submit(arts)
                n += len(arts)
        store.close()
    dt = time.perf_counter() - t0
    # CPU per article: this process (read, dispatch, write) and its finished worker processes
    per = 1000 / max(n, 1)
    return {"mode": mode, "articles": n, "rejected": rejected, "seconds": round(dt, 2),
            "articles_per_s": round(n / dt, 1), "peak_rss_mb": round(_peak_mb(), 1), "workers": workers,
            "parent_cpu_ms": round(_cpu_s(resource.RUSAGE_SELF) * per, 3),
            "workers_cpu_ms": round(_cpu_s(resource.RUSAGE_CHILDREN) * per, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modes", default="floor,store,full")
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_paths", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_db", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        print(json.dumps(run_mode(args._child, json.loads(args._paths), args.workers, args._db)))
        return
    results = []
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        paths = _limited(corpus_files(), args.limit, tmp)
        for mode in args.modes.split(","):
            db = f"sqlite:///{tmp / (mode + '.sqlite')}"
            cmd = [sys.executable, __file__, "--_child", mode, "--_paths", json.dumps(paths),
                   "--_db", db, "--workers", str(args.workers)]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{mode}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
                continue
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"{'mode':<8}{'articles':>10}{'rejected':>10}{'seconds':>10}{'art/s':>10}{'peak MB':>10}{'workers':>9}"
          f"{'CPU ms/art: parent':>20}{'workers':>9}")
    for r in results:
        print(f"{r['mode']:<8}{r['articles']:>10}{r['rejected']:>10}{r['seconds']:>10}"
              f"{r['articles_per_s']:>10}{r['peak_rss_mb']:>10}{r['workers']:>9}"
              f"{r['parent_cpu_ms']:>20}{r['workers_cpu_ms']:>9}")
    by = {r["mode"]: r for r in results}
    if "floor" in by and "full" in by:
        print(f"full/floor time per article: {by['floor']['articles_per_s'] / by['full']['articles_per_s']:.1f}x")


if __name__ == "__main__":
    main()
