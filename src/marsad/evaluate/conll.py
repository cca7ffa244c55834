"""CoNLL ``token TAG`` files and seqeval-compatible entity-level scoring.

Span extraction follows seqeval's default (conlleval) mode for IOB2 tags: a chunk starts at a
``B-`` tag, at an ``I-`` tag that follows ``O`` (a "stray" I-), or at any tag whose type differs
from the previous tag's type; it ends before the next start, an ``O``, or the end of the sentence.
Scores are micro-averaged over exact (sentence, type, start, end) matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Sentence = list[tuple[str, str]]  # (token, tag)
Chunk = tuple[str, int, int]  # (type, start token, end token exclusive)


def read_conll(path: Path | str) -> list[Sentence]:
    """Sentences of (token, tag) from a whitespace-separated ``token TAG`` file (blank line = break).

    The tag is the last field of the line, the token the first; lines with a single field get tag ``O``.
    """
    sentences: list[Sentence] = []
    cur: Sentence = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if cur:
                    sentences.append(cur)
                    cur = []
                continue
            tag = parts[-1] if len(parts) > 1 else "O"
            cur.append((parts[0], tag))
    if cur:
        sentences.append(cur)
    return sentences


def write_conll(sentences: Iterable[Sentence], path: Path | str) -> None:
    """Write sentences in the same ``token TAG`` format (blank line between sentences)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n\n".join("\n".join(f"{t} {g}" for t, g in s) for s in sentences))
        fh.write("\n")


def _split_tag(tag: str) -> tuple[str, str]:
    """('B'|'I'|'O', type) of a tag; tags without a known prefix count as ``O``."""
    if tag == "O" or len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O", ""
    return tag[0], tag[2:]


def extract_chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entity chunks (type, start, end-exclusive) of one sentence's IOB2 tags, seqeval default mode."""
    if tags.count("O") == len(tags):  # most sentences of an article name nobody: no loop
        return []
    chunks: list[Chunk] = []
    start = -1
    cur_type = ""
    for i, tag in enumerate(tags):
        prefix, typ = _split_tag(tag)
        if prefix == "O":
            if start >= 0:
                chunks.append((cur_type, start, i))
                start = -1
            continue
        if prefix == "B" or start < 0 or typ != cur_type:
            if start >= 0:
                chunks.append((cur_type, start, i))
            start, cur_type = i, typ
    if start >= 0:
        chunks.append((cur_type, start, len(tags)))
    return chunks


@dataclass(slots=True)
class TypeScore:
    """Counts and scores of one entity type (or of all types, for the overall line)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class NerReport:
    """Entity-level scores per type plus the micro-averaged overall score."""

    per_type: dict[str, TypeScore] = field(default_factory=dict)
    overall: TypeScore = field(default_factory=TypeScore)
    sentences: int = 0
    tokens: int = 0


def score_chunks(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> NerReport:
    """Compare gold and predicted tag sequences sentence by sentence (exact chunk match)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    report = NerReport(sentences=len(gold))
    for gs, ps in zip(gold, pred, strict=True):
        if len(gs) != len(ps):
            raise ValueError(f"sentence length mismatch: {len(gs)} gold tags, {len(ps)} predicted")
        report.tokens += len(gs)
        g = set(extract_chunks(gs))
        p = set(extract_chunks(ps))
        for typ, *_ in g | p:
            report.per_type.setdefault(typ, TypeScore())
        for c in g & p:
            report.per_type[c[0]].tp += 1
        for c in p - g:
            report.per_type[c[0]].fp += 1
        for c in g - p:
            report.per_type[c[0]].fn += 1
    o = report.overall
    for ts in report.per_type.values():
        o.tp += ts.tp
        o.fp += ts.fp
        o.fn += ts.fn
    return report


__all__ = [
    "Chunk", "NerReport", "Sentence", "TypeScore",
    "extract_chunks", "read_conll", "score_chunks", "write_conll",
]
