#!/usr/bin/env python
"""Event and relation scores on the three gold splits: dev (tests/gold/corpus), held-out
(tests/gold/heldout) and seeds (tests/gold/seeds).

Each article is analysed once by the default pipeline and scored for events and relations with
``marsad.evaluate.gold``. Prints P/R/F1 overall and per type for every split.

    .venv/bin/python scripts/eval_split.py                 # all three splits, tables only, and
                                                           # dev + held-out pooled (the non-seed gold)
    .venv/bin/python scripts/eval_split.py --split dev -v  # dev with missed/spurious lists

Error lists (``-v``) are refused for the held-out split: it is for reporting, not for tuning.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from marsad.config import EXAMPLES_DIR, get_settings
from marsad.evaluate.gold import (
    Report,
    corpus_path,
    format_report,
    load_gold,
    pipeline_predictor,
    preload,
    score_docs,
)

ROOT = Path(__file__).resolve().parents[1]
SPLITS: dict[str, Path] = {
    "dev": ROOT / "tests" / "gold" / "corpus",
    "heldout": ROOT / "tests" / "gold" / "heldout",
    "seeds": ROOT / "tests" / "gold" / "seeds",
}
KINDS = ("events", "relations")
NON_SEED = ("dev", "heldout")


def evaluate_split(gold_dir: Path) -> tuple[dict[str, Report], list[str], float, list[tuple[Any, Any]]]:
    """Analyse every gold article of ``gold_dir`` once; return a report per kind, errors, seconds and
    the (gold, article) pairs."""
    shared = get_settings().shared_dir
    golds = load_gold(gold_dir)
    errors: list[str] = []
    usable = []
    for g in golds:
        if g.kind == "corpus" and not corpus_path(g, shared).is_file():
            errors.append(f"{g.name}: skipped, {corpus_path(g, shared)} not found")
        else:
            usable.append(g)
    preload(usable, shared)
    predict = pipeline_predictor(shared, EXAMPLES_DIR)
    pairs: list[tuple[Any, Any]] = []
    t0 = time.perf_counter()
    for g in usable:
        try:
            pairs.append((g, predict(g)))
        except Exception as exc:  # one failing document must not stop the evaluation
            errors.append(f"{g.name}: prediction failed: {type(exc).__name__}: {exc}")
            pairs.append((g, None))
    elapsed = time.perf_counter() - t0
    reports = {kind: score_docs(kind, pairs) for kind in KINDS}
    return reports, errors, elapsed, pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    ap.add_argument("-v", "--verbose", action="store_true", help="missed/spurious lists (not for heldout)")
    args = ap.parse_args(argv)
    names = list(SPLITS) if args.split == "all" else [args.split]
    if args.verbose and "heldout" in names:
        print("refusing -v on the held-out split: its errors must not be read (use --split dev)",
              file=sys.stderr)
        return 2
    pooled: list[tuple[Any, Any]] = []
    for name in names:
        reports, errors, elapsed, pairs = evaluate_split(SPLITS[name])
        if name in NON_SEED:
            pooled += pairs
        print(f"=== {name} ({SPLITS[name].relative_to(ROOT)}), analysed in {elapsed:.1f} s ===")
        for kind in KINDS:
            print(format_report(reports[kind], verbose=args.verbose))
            print()
        for e in errors:
            print(f"note: {e}")
    if all(n in names for n in NON_SEED):
        # the targets are set on the non-seed gold: dev and held-out together (tables only)
        print(f"=== non-seed ({' + '.join(NON_SEED)} pooled, {len(pooled)} articles) ===")
        for kind in KINDS:
            rep = score_docs(kind, pooled)
            ci = rep.f1_interval()
            o = rep.overall
            print(f"{kind}: tp={o.tp} fp={o.fp} fn={o.fn} P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f}"
                  + (f" (95% interval {ci[0]:.3f}-{ci[1]:.3f})" if ci else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
