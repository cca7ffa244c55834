"""Pipeline component ``dates``: DATE and QUANTITY entities, resolved against ``article.published``.

Runs after ``link``: a date or quantity that overlaps an entity already found (an armed group named
``الفرقة 11``, a newspaper named ``اليوم``) is not added.  Attributes:

* DATE: ``value`` ('YYYY-MM-DD' or None), ``precision`` (ACLED 1 day/2 week/3 month or None),
  ``kind`` (absolute|relative|weekday|month|year), ``approx``, ``year``, ``calendar``; ``score`` is
  the resolution confidence;
* QUANTITY: ``value`` (int), ``approx``, ``kind`` (exact|approx|lower_bound|upper_bound|vague).
"""

from __future__ import annotations

from marsad.analyse.pipeline import Resources, component
from marsad.model import Article, Entity
from marsad.text.dates import find_dates_norm
from marsad.text.numbers import find_quantities_norm

_OWN_TYPES = ("DATE", "QUANTITY")
_CLAUSE_BREAKS = "،,؛;:\"“”«»"


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < oe and os_ < e for os_, oe in spans)


@component("dates")
def dates(article: Article, res: Resources) -> None:
    """Append DATE and QUANTITY entities (idempotent: earlier rule dates/quantities are replaced)."""
    article.entities = [
        ent for ent in article.entities if not (ent.type in _OWN_TYPES and ent.source == "rule")
    ]
    taken = [(ent.start, ent.end) for ent in article.entities]
    nt, body = article.norm, article.body
    added: list[Entity] = []
    for d in find_dates_norm(nt, body, article.published):
        if _overlaps(d.start, d.end, taken):
            continue
        added.append(Entity(
            text=d.text, start=d.start, end=d.end, type="DATE", source="rule", score=d.confidence,
            attrs={"value": d.value, "precision": d.precision, "kind": d.kind, "approx": d.approx,
                   "year": d.year, "calendar": d.calendar},
        ))
        taken.append((d.start, d.end))
    for q in find_quantities_norm(nt, body):
        if _overlaps(q.start, q.end, taken):
            continue
        added.append(Entity(
            text=q.text, start=q.start, end=q.end, type="QUANTITY", source="rule",
            attrs={"value": q.value, "approx": q.approx, "kind": q.kind},
        ))
    article.entities.extend(sorted(added, key=lambda ent: ent.start))


def event_date(article: Article, start: int, end: int) -> tuple[str | None, int | None]:
    """(date, time_precision) for an event at ``body[start:end]``: the resolved DATE entity of the
    same sentence in the same clause (fewest commas/quotes between), then nearest to that span;
    (None, None) when its sentence has none.  Needs the ``sentences`` and ``dates`` components."""
    sent = article.sentence_of(start)
    lo, hi = (sent.start, sent.end) if sent else (start, end)
    best: tuple[tuple[int, int], Entity] | None = None
    for ent in article.entities:
        if ent.type != "DATE" or not ent.attrs.get("value") or ent.start < lo or ent.end > hi:
            continue
        if ent.start < end and start < ent.end:
            dist = (0, 0)
        else:
            gap = article.body[ent.end:start] if ent.end <= start else article.body[end:ent.start]
            dist = (sum(gap.count(c) for c in _CLAUSE_BREAKS), len(gap))
        if best is None or dist < best[0]:
            best = (dist, ent)
    if best is None:
        return None, None
    return best[1].attrs["value"], best[1].attrs.get("precision")


__all__ = ["dates", "event_date"]
