#!/usr/bin/env python
"""Adjudicated relations for the twice-annotated gold articles (tests/iaa/ against tests/gold/).

Two annotators' relations are merged: the relations both coded (matched with the gold scorer's own
rule, ``marsad.evaluate.gold``) are agreed; each relation only one of them coded is disputed, and a third
person (an adjudicator, who sees the text, the agreed and the disputed relations, unattributed and
shuffled, but no Marsad output) keeps or drops it by ``tests/adjudication/GUIDE.md``.

    .venv/bin/python scripts/adjudication.py packets OUT     # one packet per article, for adjudicators
    .venv/bin/python scripts/adjudication.py merge DECISIONS  # decisions → tests/adjudication/
    .venv/bin/python scripts/adjudication.py check            # the committed files agree with each other

``merge`` writes ``tests/adjudication/decisions/NAME.json`` (the packet with each disputed item's
decision, so the record stands on its own) and ``tests/adjudication/gold/NAME.json``: a gold-format file
whose relations are the agreed and the kept ones. It holds relations only; ``scripts/agreement.py``
scores relations against it. It is not gold: ``marsad evaluate --gold tests/gold`` does not read it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from marsad.config import get_settings
from marsad.evaluate.gold import (
    GoldDoc,
    GoldRelation,
    PredRelation,
    _relation_matches,
    corpus_lines,
    corpus_path,
    load_gold,
    preload,
)

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "iaa"
OUT = ROOT / "tests" / "adjudication"
SEED = 2426
ADJUDICATORS = ("HE", "HF", "HG", "HH")
FIELDS = ("type", "head", "tail", "head_id", "tail_id", "evidence")


def _item(r: GoldRelation) -> dict[str, Any]:
    return {k: getattr(r, k) for k in FIELDS}


def _pred(r: GoldRelation) -> PredRelation:
    return PredRelation(r.type, r.head, r.tail, r.head_id, r.tail_id)


def split_relations(a: GoldDoc, b: GoldDoc, rng: random.Random) -> tuple[list[GoldRelation], list[GoldRelation]]:
    """(agreed, disputed): A's relations that B also coded, then every relation only one of them coded,
    shuffled by ``rng`` so an adjudicator cannot tell whose it is."""
    agreed = [r for r in a.relations if any(_relation_matches(r, _pred(x)) for x in b.relations)]
    disputed = [r for r in a.relations if r not in agreed]
    disputed += [r for r in b.relations if not any(_relation_matches(r, _pred(x)) for x in a.relations)]
    rng.shuffle(disputed)
    return agreed, disputed


def _triples() -> list[tuple[str, GoldDoc, GoldDoc]]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from agreement import REFERENCES, pair_up

    return pair_up(load_gold(SECOND), {n: load_gold(d) for n, d in REFERENCES.items()})


def packets() -> list[dict[str, Any]]:
    """One packet per twice-annotated article, in a fixed random order (seed ``SEED``), each assigned to
    an adjudicator in turn."""
    triples = _triples()
    shared = get_settings().shared_dir
    preload([a for _, a, _ in triples], shared)
    rng = random.Random(SEED)
    rng.shuffle(triples)
    out = []
    for n, (split, a, b) in enumerate(triples):
        rec = json.loads(corpus_lines(corpus_path(a, shared), [a.source["id"]])[a.source["id"]])
        agreed, disputed = split_relations(a, b, rng)
        out.append({"packet": f"P{n + 1:02d}", "name": a.name, "split": split,
                    "adjudicator": ADJUDICATORS[n % len(ADJUDICATORS)], "source": a.source,
                    "published": rec.get("date"), "outlet": rec.get("source"), "text": rec.get("text"),
                    "agreed": [_item(r) for r in agreed],
                    "disputed": [dict(_item(r), n=i + 1) for i, r in enumerate(disputed)]})
    return out


def adjudicated_gold(record: dict[str, Any]) -> dict[str, Any]:
    """The gold-format file of one decision record: the agreed relations and the kept ones, then those a later
    gold convention added to annotation A (``amended``, tests/adjudication/README.md) that state no fact
    already there."""
    kept = [{k: d[k] for k in FIELDS} for d in record["disputed"] if d["keep"]]
    for d in record.get("amended", []):
        item = {k: d[k] for k in FIELDS}
        if not any(_relation_matches(GoldRelation(**x), _pred(GoldRelation(**item)))
                   for x in [*record["agreed"], *kept]):
            kept.append(item)
    return {"source": record["source"], "published": (record.get("published") or "")[:10] or None,
            "annotator": f"adjudicated by {record['adjudicator']}",
            "notes": "Relations only: the agreed relations of the two annotations and the disputed ones the "
                     "adjudicator kept (tests/adjudication/README.md). Entities and events are not adjudicated.",
            "entities": [], "relations": [*record["agreed"], *kept], "events": []}


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("packets", help="write one packet per article under OUT/<adjudicator>/")
    p.add_argument("out", type=Path)
    m = sub.add_parser("merge", help="read DECISIONS/<adjudicator>/out/PNN.json, write tests/adjudication/")
    m.add_argument("decisions", type=Path)
    sub.add_parser("check", help="the committed decision records and gold files agree")
    args = ap.parse_args(argv)
    if args.cmd == "packets":
        for pk in packets():
            public = {k: v for k, v in pk.items() if k not in ("name", "split", "source", "adjudicator")}
            _dump(args.out / pk["adjudicator"] / f"{pk['packet']}.json", public)
        return 0
    if args.cmd == "merge":
        for pk in packets():
            path = args.decisions / pk["adjudicator"] / "out" / f"{pk['packet']}.json"
            try:
                dec = json.loads(path.read_text(encoding="utf-8"))
                by_n = {d["n"]: d for d in dec["decisions"]}
                missing = [d["n"] for d in pk["disputed"] if d["n"] not in by_n]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"error: {path}: {exc}") from None
            if missing:
                raise SystemExit(f"error: {path}: no decision for disputed item(s) {missing}")
            record = {k: v for k, v in pk.items() if k != "text"}
            record["disputed"] = [dict(d, keep=bool(by_n[d["n"]]["keep"]), reason=by_n[d["n"]].get("reason", ""))
                                  for d in pk["disputed"]]
            record["notes"] = dec.get("notes", "")
            _dump(OUT / "decisions" / f"{pk['name']}.json", record)
            _dump(OUT / "gold" / f"{pk['name']}.json", adjudicated_gold(record))
        return 0
    bad = 0
    for rec_path in sorted((OUT / "decisions").glob("*.json")):
        record = json.loads(rec_path.read_text(encoding="utf-8"))
        gold = json.loads((OUT / "gold" / rec_path.name).read_text(encoding="utf-8"))
        if gold != adjudicated_gold(record):
            print(f"error: {rec_path.name}: the gold file does not follow from the decisions", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
