"""One sha256 over what the analysis pipeline produces for the first N corpus records.

An output-identity check for speed work: record the digest before a change, and the same digest
must come out after it.  By default the pipeline runs up to (not including) ``relations`` and
``events``, and the digest covers everything the earlier components leave on the article:

* the contract JSON (sorted keys) of every article,
* sentences (offsets, text), tokens (offsets, text, norm, prefix, stem),
* every entity field (source, score, coordinates, admin, attrs …),
* the normalised body and its full offset map back to the body.

``--full`` runs every available component (events and relations are then digested too, through the
contract JSON).  ``--parts`` also prints one digest per part, to see which part moved.

    python scripts/output_digest.py --limit 2000
    python scripts/output_digest.py --limit 2000 --full --parts
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections.abc import Iterator
from typing import Any

from marsad.model import Article

LATE_COMPONENTS = ("relations", "events")
PARTS = ("contract", "sentences", "tokens", "entities", "norm")


def corpus_articles(limit: int) -> Iterator[Article]:
    """The first ``limit`` corpus records (files in name order), read and cleaned; rejections skipped."""
    from marsad.config import get_settings
    from marsad.runner import iter_articles

    files = sorted((get_settings().shared_dir / "data" / "corpus").glob("*.jsonl"))
    if not files:
        sys.exit("no corpus found under <shared>/data/corpus")
    n = 0
    for item in iter_articles([str(p) for p in files]):
        if isinstance(item, Article):
            yield item
        n += 1
        if n >= limit:
            return


def article_parts(art: Article) -> dict[str, Any]:
    """The deterministic, JSON-serialisable parts of one analysed article."""
    nt = art.norm
    return {
        "contract": art.to_contract(),
        "sentences": [[s.start, s.end, s.text] for s in art.sentences],
        "tokens": [[t.start, t.end, t.text, t.norm, t.prefix, t.stem] for t in art.tokens],
        "entities": [
            [e.text, e.start, e.end, e.type, e.entity_id, e.canonical_ar, e.canonical_en, e.wikidata,
             e.source, e.score, e.lat, e.lon, e.admin1, e.country, e.attrs]
            for e in art.entities
        ],
        "norm": [nt.text, nt.original_length, [nt.to_original(i) for i in range(len(nt.text) + 1)]],
    }


def _analysed(nlp: Any, arts: Iterator[Article], batched: bool) -> Iterator[Article | float]:
    """The analysed articles, each batch preceded by its CPU seconds."""
    from marsad.analyse.pipeline import BATCH_SIZE
    from marsad.runner import analyse_many

    while chunk := list(itertools.islice(arts, BATCH_SIZE if batched else 1)):
        t0 = time.process_time()
        done = analyse_many(nlp, chunk) if batched else [nlp(a) for a in chunk]
        yield time.process_time() - t0
        for a in done:
            if not isinstance(a, Article):
                raise SystemExit(f"analysis failed: {a}")
            yield a


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000, help="corpus records to analyse")
    ap.add_argument("--full", action="store_true", help="run relations and events too")
    ap.add_argument("--parts", action="store_true", help="also print one digest per part")
    ap.add_argument("--batched", action="store_true",
                    help="analyse in batches with the components' batch forms, as ingest does (runner.analyse_many)")
    args = ap.parse_args()

    from marsad.analyse.pipeline import Pipeline, available_pipeline

    names = available_pipeline()
    if not args.full:
        names = [n for n in names if n not in LATE_COMPONENTS]
    nlp = Pipeline(names)
    total = hashlib.sha256()
    parts = {p: hashlib.sha256() for p in PARTS}
    n = 0
    cpu = 0.0
    for art in _analysed(nlp, corpus_articles(args.limit), args.batched):
        if isinstance(art, float):
            cpu += art
            continue
        got = article_parts(art)
        for p in PARTS:
            blob = json.dumps(got[p], sort_keys=True, ensure_ascii=False).encode("utf-8")
            total.update(blob)
            total.update(b"\n")
            parts[p].update(blob)
            parts[p].update(b"\n")
        n += 1
    print(f"pipeline: {','.join(names)}", file=sys.stderr)
    print(f"{n} articles, analysis CPU {1000 * cpu / max(n, 1):.2f} ms/article", file=sys.stderr)
    if args.parts:
        for p in PARTS:
            print(f"{p:<10}{parts[p].hexdigest()}")
    print(total.hexdigest())


if __name__ == "__main__":
    main()
