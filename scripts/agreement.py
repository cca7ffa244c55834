#!/usr/bin/env python
"""Inter-annotator agreement: how far a second, blind annotation of gold articles agrees with the first,
next to how far Marsad agrees with each.

    .venv/bin/python scripts/agreement.py                        # tests/iaa against dev + held-out
    .venv/bin/python scripts/agreement.py --second DIR -v        # disagreements (dev articles only)

Each file under ``--second`` annotates a corpus record that a file under one of the ``--reference``
directories annotates too (matched on the record id). The second file is read as a prediction and scored
with the same scorer as Marsad (``marsad.evaluate.gold``), so the figures compare directly:

- ``B vs A``: the second annotator scored against the first (the reference gold);
- ``Marsad vs A``: the pipeline against the reference gold, on the same articles;
- ``Marsad vs B``: the pipeline against the second annotator;
- for relations, when ``tests/adjudication/gold`` exists (``scripts/adjudication.py``): each annotation and
  the pipeline against the adjudicated relations (``X vs Adj``).

F1 is symmetric between two annotators (precision and recall swap), so ``B vs A`` is the agreement. The
agreement bounds what any extractor can be shown to reach on this gold. Disagreement lists (``-v``) are
printed for development-set articles only: held-out articles are for reporting, not for reading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from marsad.config import EXAMPLES_DIR, get_settings
from marsad.evaluate.gold import (
    GoldDoc,
    Report,
    load_gold,
    pipeline_predictor,
    prediction_from_gold,
    preload,
    score_docs,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = {"dev": ROOT / "tests" / "gold" / "corpus", "heldout": ROOT / "tests" / "gold" / "heldout"}
KINDS = ("entities", "relations", "events")


def _doc_key(g: GoldDoc) -> str:
    return str(g.source.get("id") or g.source.get("file"))


def pair_up(second: list[GoldDoc], references: dict[str, list[GoldDoc]]) -> list[tuple[str, GoldDoc, GoldDoc]]:
    """(split, reference doc, second doc) for every second doc; a second doc with no reference is an error."""
    index = {_doc_key(g): (split, g) for split, docs in references.items() for g in docs}
    out = []
    for b in second:
        hit = index.get(_doc_key(b))
        if hit is None:
            raise SystemExit(f"error: {b.path}: no reference gold annotates record {_doc_key(b)!r}")
        out.append((hit[0], hit[1], b))
    return out


def _line(name: str, rep: Report) -> str:
    o, ci = rep.overall, rep.f1_interval()
    band = f"{ci[0]:.3f}-{ci[1]:.3f}" if ci else "n/a"
    return f"  {name:<12} {o.tp:>4} {o.fp:>4} {o.fn:>4}  P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f}  (95% {band})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--second", type=Path, default=ROOT / "tests" / "iaa")
    ap.add_argument("--adjudicated", type=Path, default=ROOT / "tests" / "adjudication" / "gold",
                    help="adjudicated relations (scripts/adjudication.py); scored when the folder exists")
    ap.add_argument("-v", "--verbose", action="store_true", help="disagreements on dev articles")
    args = ap.parse_args(argv)
    second = load_gold(args.second)
    refs = {name: load_gold(d) for name, d in REFERENCES.items()}
    triples = pair_up(second, refs)
    adjudicated = {g.name: g for g in load_gold(args.adjudicated)} if args.adjudicated.is_dir() else {}
    shared = get_settings().shared_dir
    preload([a for _, a, _ in triples], shared)
    predict = pipeline_predictor(shared, EXAMPLES_DIR)
    arts: dict[str, Any] = {a.name: predict(a) for _, a, _ in triples}
    splits = sorted({s for s, _, _ in triples})
    annotators = sorted({str(b.annotator) for _, _, b in triples})
    print(f"{len(triples)} articles annotated twice ({', '.join(f'{s}: {sum(t[0] == s for t in triples)}' for s in splits)});"
          f" second annotators {', '.join(annotators)}")
    for kind in KINDS:
        print(f"\n== {kind} ==")
        for split in [*splits, "all"]:
            sel = [t for t in triples if split in ("all", t[0])]
            print(f" {split} ({len(sel)} articles)")
            b_vs_a = score_docs(kind, [(a, prediction_from_gold(b)) for _, a, b in sel])
            print(_line("B vs A", b_vs_a))
            print(_line("Marsad vs A", score_docs(kind, [(a, arts[a.name]) for _, a, _ in sel])))
            print(_line("Marsad vs B", score_docs(kind, [(b, arts[a.name]) for _, a, b in sel])))
            if args.verbose and split == "dev" and kind != "entities":
                print("   in A only:", *[f"\n     {m}" for m in b_vs_a.missed])
                print("   in B only:", *[f"\n     {s}" for s in b_vs_a.spurious])
            if kind == "relations" and adjudicated:
                sel = [t for t in sel if t[1].name in adjudicated]
                for name, pred in (("A vs Adj", lambda a, b: prediction_from_gold(a)),
                                   ("B vs Adj", lambda a, b: prediction_from_gold(b)),
                                   ("Marsad vs Adj", lambda a, b: arts[a.name])):
                    print(_line(name, score_docs(kind, [(adjudicated[a.name], pred(a, b)) for _, a, b in sel])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
