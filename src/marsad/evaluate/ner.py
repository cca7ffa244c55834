"""``marsad evaluate ner``: entity-level scores of the NER model on a CoNLL test file (ANERcorp)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from marsad.config import get_settings
from marsad.evaluate.conll import NerReport, TypeScore, read_conll, score_chunks

DEFAULT_TEST = Path("data/ner/anercorp_camel/ANERCorp_CamelLab_test.txt")
REPORT_TYPES = ("PERS", "LOC", "ORG", "MISC")
DOC_WINDOW = 20  # sentences either side used as document context by the default tagger

Tagger = Callable[[list[str]], Sequence[str]]


def default_test_path() -> Path:
    return get_settings().shared_dir / DEFAULT_TEST


def evaluate_conll(test_path: Path | None = None, *, tagger: Tagger | None = None) -> NerReport:
    """Tag every sentence of ``test_path`` (default: ANERcorp CAMeL test split) and score it.

    ``tagger`` maps one sentence's tokens to BIO tags.  By default the model of
    :func:`marsad.analyse.ner.get_tagger` (the BiLSTM-CRF when present, else the CRF) tags each sentence and
    :func:`marsad.analyse.ner.propagate` adds repeats of names found within ±``DOC_WINDOW`` sentences
    (document context, as the pipeline uses the whole article).
    """
    path = Path(test_path) if test_path is not None else default_test_path()
    if not path.exists():
        raise FileNotFoundError(f"NER test file not found: {path}")
    sents = read_conll(path)
    gold = [[g for _, g in s] for s in sents]
    if tagger is None:
        from marsad.analyse.ner import get_tagger, norm_word

        # ANERcorp has no document markers: each sentence's "document" is ±DOC_WINDOW sentences
        pred = get_tagger().tag_document([[norm_word(t) for t, _ in s] for s in sents], window=DOC_WINDOW)
    else:
        pred = [list(tagger([t for t, _ in s])) for s in sents]
    return score_chunks(gold, pred)


def _line(name: str, ts: TypeScore) -> str:
    return f"{name:<8} P={ts.precision:.4f} R={ts.recall:.4f} F1={ts.f1:.4f} support={ts.support}"


def format_report(report: NerReport) -> str:
    """Per-type lines (PERS, LOC, ORG, MISC, then any other type) and a last ``overall`` line."""
    names = list(REPORT_TYPES) + sorted(t for t in report.per_type if t not in REPORT_TYPES)
    lines = [_line(n, report.per_type.get(n, TypeScore())) for n in names]
    o = report.overall
    lines.append(f"overall P={o.precision:.4f} R={o.recall:.4f} F1={o.f1:.4f}")
    return "\n".join(lines)


__all__ = ["NerReport", "default_test_path", "evaluate_conll", "format_report"]
