"""Scaling of the full pipeline with input size, and where its time goes.  Prints figures; not a test.

Modes:

- ``scaling`` (default): one streaming ingest of the first max(--sizes) corpus records into a fresh
  store, with checkpoints at each size: time per article of each segment (analysis + store), and
  of analysis and store separately, plus peak RSS.  Flat ms/article across segments (±15%) means no
  super-linear cost (growing caches, store lookups, fusion over a growing database).  The clock
  starts once the workers have analysed their first article (model loading is start-up, printed
  separately, not a cost per article).
  ``--order corpus`` (default) takes the corpus records in file order, so the segments are
  prefixes whose article mix differs (mean length 1,563 / 1,355 / 1,651 / 1,528 characters for the
  four default segments); ``--order shuffled`` takes them in a seeded random order (``--seed``,
  default 17), so every segment is a random sample of the same corpus and only the store's size
  differs between them.  Each row prints its segment's mean article length.
- ``separate``: a fresh subprocess per size (cold start included; slower to run).
- ``components``: in-process, per-component time per article over --limit records.
- ``profile``: pyinstrument over --limit records (pip install pyinstrument); prints the call tree.

    python benchmarks/bench_scaling.py --sizes 1000,5000,20000,45000 --workers 2
    python benchmarks/bench_scaling.py --sizes 1000,5000,20000,45000 --workers 2 --order shuffled
    python benchmarks/bench_scaling.py --mode components --limit 2000
    python benchmarks/bench_scaling.py --mode profile --limit 2000

The NER component is left out when its model (src/marsad/analyse/models/ner_crf.npz) is missing.
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
from collections.abc import Iterator
from pathlib import Path


def _corpus_files() -> list[Path]:
    from marsad.config import get_settings

    files = sorted((get_settings().shared_dir / "data" / "corpus").glob("*.jsonl"))
    if not files:
        sys.exit("no corpus found under ../shared/data/corpus")
    return files


def corpus_lines(limit: int) -> Iterator[str]:
    """The first ``limit`` corpus records (ant_multisource then saudinewsnet), as jsonl lines."""
    n = 0
    for p in _corpus_files():
        with p.open(encoding="utf-8", newline="\n") as fh:
            for line in fh:
                if not line.strip():
                    continue
                yield line if line.endswith("\n") else line + "\n"
                n += 1
                if n >= limit:
                    return


def shuffled_lines(limit: int, seed: int) -> Iterator[str]:
    """``limit`` corpus records in a seeded random order: every prefix is a random sample of the corpus.

    Only the records' byte offsets are held in memory; each record is read where it lies.
    """
    import random

    where: list[tuple[int, int, int]] = []  # (file number, offset, length)
    files = _corpus_files()
    for i, p in enumerate(files):
        with p.open("rb") as fh:
            off = 0
            for raw in fh:
                if raw.strip():
                    where.append((i, off, len(raw)))
                off += len(raw)
    random.Random(seed).shuffle(where)
    handles = [p.open("rb") for p in files]
    try:
        for i, off, n in where[:limit]:
            handles[i].seek(off)
            line = handles[i].read(n).decode("utf-8")
            yield line if line.endswith("\n") else line + "\n"
    finally:
        for h in handles:
            h.close()


def write_sample(limit: int, out: Path, *, seed: int | None = None) -> Path:
    """The first ``limit`` corpus records, or (``seed`` given) ``limit`` records in a seeded random order."""
    lines = corpus_lines(limit) if seed is None else shuffled_lines(limit, seed)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(lines)
    return out


def pipeline_names(spec: str | None = None) -> list[str]:
    from marsad.analyse.pipeline import available_pipeline
    from marsad.config import MODELS_DIR

    if spec:
        return [n for n in spec.split(",") if n]
    names = available_pipeline()
    if not (MODELS_DIR / "ner_crf.npz").exists():  # the NER model is trained separately
        names = [n for n in names if n != "ner"]
    return names


def _rss_mb() -> float:
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


# ------------------------------------------------------------------------------------------------
def scaling(sample: Path, sizes: list[int], workers: int, names: list[str], db: str, batch: int) -> list[dict]:
    """One streaming run with checkpoints; analysis time = time spent waiting for analysed items."""
    from marsad.distributed import analyse_items
    from marsad.model import Rejection
    from marsad.runner import iter_articles, pipeline_signature
    from marsad.store.db import Store

    store = Store(db)
    sig = pipeline_signature(names)
    it = analyse_items(iter_articles([str(sample)]), names=names, workers=workers)
    rows, done, rejected = [], 0, 0
    # start-up is not scaling: wait for the first analysed article (the workers have then loaded
    # their models) before starting the clock; it is stored with the first segment
    t_boot = time.perf_counter()
    it = itertools.chain([next(it)], it)
    print(f"worker start-up (first article analysed): {time.perf_counter() - t_boot:.1f} s", file=sys.stderr)
    t_start = time.perf_counter()
    for size in sizes:
        t0 = time.perf_counter()
        t_store = 0.0
        seg = chars = 0
        while done + seg < size:
            chunk = list(itertools.islice(it, min(batch, size - done - seg)))
            if not chunk:
                break
            arts = [a for a in chunk if not isinstance(a, Rejection)]
            rejected += len(chunk) - len(arts)
            chars += sum(len(a.body) for a in arts)
            ts = time.perf_counter()
            store.save(arts, sig)
            t_store += time.perf_counter() - ts
            seg += len(chunk)
        dt = time.perf_counter() - t0
        if seg == 0:
            break
        done += seg
        rows.append({"upto": done, "segment": seg, "ms_per_article": round(1000 * dt / seg, 2),
                     "analysis_ms": round(1000 * (dt - t_store) / seg, 2), "store_ms": round(1000 * t_store / seg, 2),
                     "mean_chars": round(chars / seg),
                     "cumulative_s": round(time.perf_counter() - t_start, 1), "rejected": rejected,
                     "peak_rss_mb": round(_rss_mb(), 1)})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    store.close()
    return rows


def separate(sample_dir: Path, sizes: list[int], workers: int, names: list[str], seed: int | None) -> list[dict]:
    rows = []
    for size in sizes:
        sample = write_sample(size, sample_dir / f"s{size}.jsonl", seed=seed)
        db = f"sqlite:///{sample_dir / f's{size}.sqlite'}"
        cmd = [sys.executable, __file__, "--_child", str(sample), "--_db", db, "--workers", str(workers),
               "--pipeline", ",".join(names), "--sizes", str(size)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])[-1]
        r["wall_s"] = round(time.perf_counter() - t0, 1)
        rows.append(r)
    return rows


def components(sample: Path, names: list[str]) -> dict:
    """Per-component seconds over the sample (in-process, resources warmed first)."""
    from marsad.analyse.pipeline import Pipeline
    from marsad.model import Article
    from marsad.runner import iter_articles

    arts = [a for a in iter_articles([str(sample)]) if isinstance(a, Article)]
    nlp = Pipeline(names)
    nlp(Article(source_path="warm", raw="", body="قتل شخص في قصف على مدينة حلب يوم الاثنين."))
    spent = dict.fromkeys(names, 0.0)
    for a in arts:
        for name, fn in nlp.components:
            t = time.perf_counter()
            fn(a, nlp.resources)
            spent[name] += time.perf_counter() - t
    total = sum(spent.values())
    return {"articles": len(arts), "ms_per_article": round(1000 * total / len(arts), 2),
            "components_ms": {k: round(1000 * v / len(arts), 2) for k, v in spent.items()}}


def profile(sample: Path, names: list[str]) -> None:
    from pyinstrument import Profiler

    from marsad.analyse.pipeline import Pipeline
    from marsad.model import Article
    from marsad.runner import iter_articles

    arts = [a for a in iter_articles([str(sample)]) if isinstance(a, Article)]
    nlp = Pipeline(names)
    nlp(Article(source_path="warm", raw="", body="قتل شخص في قصف على مدينة حلب يوم الاثنين."))
    prof = Profiler(interval=0.002)
    prof.start()
    for a in arts:
        nlp(a)
    prof.stop()
    print(prof.output_text(unicode=False, color=False, show_all=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", default="scaling", choices=["scaling", "separate", "components", "profile"])
    ap.add_argument("--sizes", default="1000,5000,20000,45000")
    ap.add_argument("--limit", type=int, default=2000, help="records for components/profile")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pipeline", default=None, help="comma-separated components (default: all available)")
    ap.add_argument("--batch", type=int, default=200, help="articles per store transaction")
    ap.add_argument("--order", default="corpus", choices=["corpus", "shuffled"],
                    help="corpus: the segments are prefixes of the corpus files (their article mix differs); "
                         "shuffled: a seeded random order, so every segment is a random sample of the corpus")
    ap.add_argument("--seed", type=int, default=None, help="seed of --order shuffled (default 17)")
    ap.add_argument("--_child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--_db", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    names = pipeline_names(args.pipeline)
    if args.order == "shuffled" and args.seed is None:
        args.seed = 17
    elif args.order == "corpus":
        args.seed = None
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if args._child:
        print(json.dumps(scaling(Path(args._child), sizes, args.workers, names, args._db, args.batch)))
        return
    print(f"pipeline: {','.join(names)}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        if args.mode in ("components", "profile"):
            sample = write_sample(args.limit, tmp / "sample.jsonl", seed=args.seed)
            if args.mode == "profile":
                profile(sample, names)
                return
            r = components(sample, names)
            print(f"{r['articles']} articles, {r['ms_per_article']} ms/article (one process)")
            for k, v in sorted(r["components_ms"].items(), key=lambda kv: -kv[1]):
                print(f"  {k:<12}{v:>9.2f} ms  {100 * v / r['ms_per_article']:5.1f}%")
            return
        if args.mode == "separate":
            rows = separate(tmp, sizes, args.workers, names, args.seed)
        else:
            sample = write_sample(sizes[-1], tmp / "sample.jsonl", seed=args.seed)
            rows = scaling(sample, sizes, args.workers, names, f"sqlite:///{tmp / 'scaling.sqlite'}", args.batch)
    print(f"order: {'corpus (prefixes)' if args.seed is None else f'shuffled, seed {args.seed}'}")
    print(f"{'up to':>8}{'segment':>9}{'chars':>7}{'ms/art':>9}{'analysis':>10}{'store':>8}{'cum s':>8}{'peak MB':>9}")
    for r in rows:
        print(f"{r['upto']:>8}{r['segment']:>9}{r.get('mean_chars', ''):>7}{r['ms_per_article']:>9}{r['analysis_ms']:>10}"
              f"{r['store_ms']:>8}{r['cumulative_s']:>8}{r['peak_rss_mb']:>9}")
    if len(rows) > 1:
        base = rows[0]["ms_per_article"]
        worst = max(abs(r["ms_per_article"] / base - 1) for r in rows)
        print(f"max deviation of ms/article from the first segment: {100 * worst:.0f}% (target <= 15%)")


if __name__ == "__main__":
    main()
