"""Gold annotations (tests/gold/) and the ``marsad evaluate entities|relations|events`` scorers.

A gold file is one JSON object per article (format: tests/gold/README.md). Gold is matched
*without offsets*, on normalised surface text and KB ids, so it survives changes to the cleaner.

Matching rules (documented in tests/gold/README.md as well):

- **keys**: a surface form is compared through :func:`match_key`: :func:`normalize_key`, punctuation
  removed, generic descriptors (ميليشيا, مليشيات …) dropped from the front and the proclitics
  (و ف ب ل ك ال لل) stripped from the first word (``strip_clitics``), applied to gold and prediction alike.
- **entities**: predictions of the gold types are deduplicated by (type, key) and matched to gold
  rows on (type, key); linking accuracy = among matched gold rows with an id, the share whose id
  is one of the predicted entity ids for that key.
- **relations**: type + both ends; an end matches on ids when both sides have one, else on keys
  (equal, or one containing the other). Symmetric types ignore direction. One-to-one, greedy.
- **events**: event_type + (location keys match, or one gold actor matches one predicted actor);
  a gold event with neither location nor actor matches on its evidence snippet instead.
  One-to-one, greedy (same sub-event type preferred); sub-event-type and modality accuracy are
  reported among the matches.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from marsad.evaluate.conll import TypeScore as _Counts
from marsad.model import ENTITY_TYPES, MODALITIES, RELATION_TYPES, Article
from marsad.text.normalize import normalize_key
from marsad.text.tokens import strip_clitics

GOLD_ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ARMED_GROUP", "ORGANIZATION", "LOCATION", "FACILITY")
SYMMETRIC_RELATIONS: frozenset[str] = frozenset({"merged_with", "allied_with", "fights_against", "met_with"})
EVENT_TYPES: tuple[str, ...] = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
)
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
KINDS: tuple[str, ...] = ("entities", "relations", "events")
_ID_RE = re.compile(r"^(grp|per|org|fac|plc|gz|out):[a-z0-9][a-z0-9._-]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# generic words before a name that are not part of it (normalised, proclitics stripped)
_DESCRIPTORS = frozenset({
    "ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "قوات", "شبيحه",  # armed groups
    "مدينه", "بلده", "قريه", "حي", "محافظه", "منطقه",  # places
})
_PUNCT_RE = re.compile(r"[^\w\s]|_")


# --------------------------------------------------------------------------------------------
# gold documents
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class GoldEntity:
    text: str
    type: str
    id: str | None = None


@dataclass(slots=True)
class GoldRelation:
    type: str
    head: str
    tail: str
    head_id: str | None = None
    tail_id: str | None = None
    evidence: str = ""


@dataclass(slots=True)
class GoldEvent:
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor1_id: str | None = None
    actor2: str | None = None
    actor2_id: str | None = None
    location: str | None = None
    date: str | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    evidence: str = ""


@dataclass
class GoldDoc:
    """One gold file."""

    name: str  # file stem, e.g. "000_eb50eb9bb378d6be" or "ant_SK-middleEast-60-20180225"
    path: Path
    source: dict[str, Any]
    published: str | None = None
    annotator: str | None = None
    notes: str | None = None
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """``seed`` or ``corpus``."""
        return str(self.source.get("kind"))


def validate_gold_dict(data: Any) -> list[str]:
    """Schema problems of one parsed gold file ([] when valid)."""
    errs: list[str] = []
    if not isinstance(data, dict):
        return ["top level is not an object"]
    src = data.get("source")
    if not isinstance(src, dict) or src.get("kind") not in ("seed", "corpus") or not src.get("file"):
        errs.append("source must be {kind: seed|corpus, file: ...}")
    elif src["kind"] == "corpus" and not src.get("id"):
        errs.append("corpus source needs an id")
    pub = data.get("published")
    if pub is not None and not (isinstance(pub, str) and _DATE_RE.match(pub)):
        errs.append(f"published {pub!r} is not YYYY-MM-DD or null")
    missing = [k for k in ("entities", "relations", "events") if not isinstance(data.get(k), list)]
    if missing:
        return errs + [f"{k} must be a list" for k in missing]
    for i, ent in enumerate(data["entities"]):
        errs += [f"entities[{i}]: {e}" for e in _check_entity(ent)]
    for i, rel in enumerate(data["relations"]):
        errs += [f"relations[{i}]: {e}" for e in _check_relation(rel)]
    for i, ev in enumerate(data["events"]):
        errs += [f"events[{i}]: {e}" for e in _check_event(ev)]
    return errs


def _check_id(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str) or not _ID_RE.match(value):
        return [f"{what} {value!r} is not a valid id"]
    return []


def _check_entity(ent: Any) -> list[str]:
    if not isinstance(ent, dict):
        return ["not an object"]
    errs = []
    if not isinstance(ent.get("text"), str) or not ent["text"].strip():
        errs.append("text missing")
    if ent.get("type") not in GOLD_ENTITY_TYPES:
        errs.append(f"type {ent.get('type')!r} not in {GOLD_ENTITY_TYPES}")
    return errs + _check_id(ent.get("id"), "id")


def _check_relation(rel: Any) -> list[str]:
    if not isinstance(rel, dict):
        return ["not an object"]
    errs = []
    if rel.get("type") not in RELATION_TYPES:
        errs.append(f"type {rel.get('type')!r} unknown")
    for end in ("head", "tail", "evidence"):
        if not isinstance(rel.get(end), str) or not rel[end].strip():
            errs.append(f"{end} missing")
    return errs + _check_id(rel.get("head_id"), "head_id") + _check_id(rel.get("tail_id"), "tail_id")


def _check_event(ev: Any) -> list[str]:
    if not isinstance(ev, dict):
        return ["not an object"]
    errs = []
    et, st = ev.get("event_type"), ev.get("sub_event_type")
    if et not in SUB_EVENT_TYPES:
        errs.append(f"event_type {et!r} unknown")
    elif st not in SUB_EVENT_TYPES[et]:
        errs.append(f"sub_event_type {st!r} is not a sub-type of {et}")
    if ev.get("modality") not in MODALITIES:
        errs.append(f"modality {ev.get('modality')!r} unknown")
    date = ev.get("date")
    if date is not None and not (isinstance(date, str) and _DATE_RE.match(date)):
        errs.append(f"date {date!r} is not YYYY-MM-DD or null")
    if not isinstance(ev.get("evidence"), str) or not ev["evidence"].strip():
        errs.append("evidence missing")
    for key in ("actor1", "actor2", "location", "attributed_to"):
        if ev.get(key) is not None and not isinstance(ev[key], str):
            errs.append(f"{key} must be a string or null")
    return errs + _check_id(ev.get("actor1_id"), "actor1_id") + _check_id(ev.get("actor2_id"), "actor2_id")


def _pick(cls: type, data: dict[str, Any]) -> Any:
    names = cls.__dataclass_fields__.keys()  # type: ignore[attr-defined]
    return cls(**{k: data.get(k) for k in names if k in data})


def parse_gold(data: dict[str, Any], path: Path) -> GoldDoc:
    """A :class:`GoldDoc` from one parsed gold file (raises ``ValueError`` when invalid)."""
    errs = validate_gold_dict(data)
    if errs:
        raise ValueError(f"{path}: " + "; ".join(errs))
    return GoldDoc(
        name=path.stem, path=path, source=dict(data["source"]), published=data.get("published"),
        annotator=data.get("annotator"), notes=data.get("notes"),
        entities=[_pick(GoldEntity, e) for e in data["entities"]],
        relations=[_pick(GoldRelation, r) for r in data["relations"]],
        events=[_pick(GoldEvent, e) for e in data["events"]],
    )


def load_gold(dir: Path) -> list[GoldDoc]:  # noqa: A002 - the documented signature
    """Every ``*.json`` gold file under ``dir`` (recursively), sorted by path."""
    dir = Path(dir)
    if dir.is_file():
        files = [dir]
    else:
        files = sorted(dir.rglob("*.json"))
    return [parse_gold(json.loads(p.read_text(encoding="utf-8")), p) for p in files]


# --------------------------------------------------------------------------------------------
# article texts
# --------------------------------------------------------------------------------------------

_CORPUS_CACHE: dict[tuple[str, str], str] = {}  # (corpus file path, record id) -> JSONL line
_ID_PREFIX_RE = re.compile(r'^\{"id":\s*("(?:[^"\\]|\\.)*")')


def corpus_lines(corpus_file: Path, ids: Iterable[str]) -> dict[str, str]:
    """The JSONL lines of ``ids`` in ``corpus_file``: one pass over the file, cached per process.

    Lines are split on ``\\n`` only (records contain U+2028/U+2029). Missing ids are absent.
    """
    key_file = str(Path(corpus_file).resolve())
    wanted = {i for i in ids if (key_file, i) not in _CORPUS_CACHE}
    if wanted:
        with open(corpus_file, encoding="utf-8", newline="\n") as fh:
            for line in fh:
                m = _ID_PREFIX_RE.match(line)
                rid = json.loads(m.group(1)) if m else json.loads(line).get("id")
                if rid in wanted:
                    _CORPUS_CACHE[(key_file, rid)] = line.rstrip("\n")
                    wanted.discard(rid)
                    if not wanted:
                        break
    return {i: _CORPUS_CACHE[(key_file, i)] for i in ids if (key_file, i) in _CORPUS_CACHE}


def corpus_path(gold: GoldDoc, shared_dir: Path) -> Path:
    return Path(shared_dir) / "data" / "corpus" / gold.source["file"]


def load_record(gold: GoldDoc, shared_dir: Path) -> dict[str, Any]:
    """The corpus record (parsed JSON) a corpus gold file annotates."""
    path = corpus_path(gold, shared_dir)
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: {path}")
    line = corpus_lines(path, [gold.source["id"]]).get(gold.source["id"])
    if line is None:
        raise KeyError(f"record {gold.source['id']} not in {path}")
    return json.loads(line)


def load_article(gold: GoldDoc, shared_dir: Path, examples_dir: Path) -> str:
    """The text the gold file annotates: the raw seed file, or the corpus record's ``text``."""
    if gold.kind == "seed":
        return (Path(examples_dir) / gold.source["file"]).read_text(encoding="utf-8")
    return str(load_record(gold, shared_dir)["text"])


def preload(golds: Iterable[GoldDoc], shared_dir: Path) -> None:
    """Read every needed corpus record in one pass per corpus file."""
    by_file: dict[Path, list[str]] = defaultdict(list)
    for g in golds:
        if g.kind == "corpus":
            by_file[corpus_path(g, shared_dir)].append(g.source["id"])
    for path, ids in by_file.items():
        if path.is_file():
            corpus_lines(path, ids)


# --------------------------------------------------------------------------------------------
# predictions
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PredEntity:
    text: str
    type: str
    entity_id: str | None = None


@dataclass(slots=True)
class PredRelation:
    type: str
    head: str
    tail: str
    head_id: str | None = None
    tail_id: str | None = None


@dataclass(slots=True)
class PredEvent:
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor1_id: str | None = None
    actor2: str | None = None
    actor2_id: str | None = None
    location: str | None = None
    modality: str = "asserted"
    evidence: str = ""
    date: str | None = None
    time_precision: int | None = None
    attributed_to: str | None = None


@dataclass
class Prediction:
    entities: list[PredEntity] = field(default_factory=list)
    relations: list[PredRelation] = field(default_factory=list)
    events: list[PredEvent] = field(default_factory=list)


def _arg(a: Any) -> tuple[str | None, str | None]:
    if a is None:
        return None, None
    if isinstance(a, dict):
        return a.get("text"), a.get("entity_id")
    return getattr(a, "text", None), getattr(a, "entity_id", None)


def prediction_of(obj: Article | dict[str, Any] | Prediction | None) -> Prediction:
    """Normalise an analysed :class:`Article`, a contract dict (extract JSON) or a Prediction."""
    if obj is None:
        return Prediction()
    if isinstance(obj, Prediction):
        return obj
    data = obj.to_contract() if isinstance(obj, Article) else obj
    body = data.get("body") or ""
    pred = Prediction()
    for e in data.get("entities") or []:
        pred.entities.append(PredEntity(e["text"], e["type"], e.get("entity_id")))
    for r in data.get("relations") or []:
        (h, hid), (t, tid) = _arg(r.get("head")), _arg(r.get("tail"))
        pred.relations.append(PredRelation(r["type"], h or "", t or "", hid, tid))
    for ev in data.get("events") or []:
        (a1, a1id), (a2, a2id) = _arg(ev.get("actor1")), _arg(ev.get("actor2"))
        loc = ev.get("location")
        evid = ev.get("evidence") or {}
        evidence = body[evid.get("start", 0):evid.get("end", 0)] if body and evid else ""
        pred.events.append(PredEvent(
            ev["event_type"], ev.get("sub_event_type") or "", a1, a1id, a2, a2id,
            (loc or {}).get("text") if isinstance(loc, dict) else None,
            ev.get("modality") or "asserted", evidence, ev.get("date"), ev.get("time_precision"),
            ev.get("attributed_to"),
        ))
    return pred


def prediction_from_gold(doc: GoldDoc) -> Prediction:
    """A second annotator's gold file read as a prediction, to score it against the first: how far two
    annotators agree is the ceiling any extractor can be measured to."""
    return Prediction(
        entities=[PredEntity(e.text, e.type, e.id) for e in doc.entities],
        relations=[PredRelation(r.type, r.head, r.tail, r.head_id, r.tail_id) for r in doc.relations],
        events=[PredEvent(e.event_type, e.sub_event_type, e.actor1, e.actor1_id, e.actor2, e.actor2_id,
                          e.location, e.modality or "asserted", e.evidence, e.date, None, e.attributed_to)
                for e in doc.events],
    )


Predictor = Callable[[GoldDoc], "Article | dict[str, Any] | Prediction | None"]


def pipeline_predictor(shared_dir: Path, examples_dir: Path, components: list[str] | None = None) -> Predictor:
    """Run the real pipeline (ingest → clean → analyse) on the article a gold file annotates.

    ``components`` picks pipeline component names (default: the default pipeline). A rejected input
    raises ``RuntimeError`` with the rejection reason, which :func:`evaluate` records.
    """
    from marsad.analyse.pipeline import Pipeline
    from marsad.model import Rejection
    from marsad.runner import analyse_paths

    nlp = Pipeline(components) if components is not None else None

    def first(path: Path) -> Article:
        reasons = []
        for item in analyse_paths([path], nlp):
            if isinstance(item, Article):
                return item
            if isinstance(item, Rejection):
                reasons.append(item.reason)
        raise RuntimeError("; ".join(reasons) or "no article produced")

    def predict(gold: GoldDoc) -> Article:
        if gold.kind == "seed":
            return first(Path(examples_dir) / gold.source["file"])
        line = corpus_lines(corpus_path(gold, shared_dir), [gold.source["id"]])[gold.source["id"]]
        with tempfile.TemporaryDirectory(prefix="marsad-gold-") as tmp:
            path = Path(tmp) / (gold.name + ".jsonl")
            path.write_text(line + "\n", encoding="utf-8")
            return first(path)

    return predict


# --------------------------------------------------------------------------------------------
# matching
# --------------------------------------------------------------------------------------------


def match_key(text: str | None) -> str:
    """The comparison key of a surface form (see the module docstring)."""
    if not text:
        return ""
    words = _PUNCT_RE.sub(" ", normalize_key(text)).split()
    while len(words) > 1 and _stem(words[0]) in _DESCRIPTORS:
        words = words[1:]
    if words:
        words[0] = _stem(words[0])
    return " ".join(words)


def _stem(word: str) -> str:
    """Strip proclitics to a fixpoint, so that ``لكتائب`` and ``كتائب`` get the same stem."""
    for _ in range(4):
        nxt = strip_clitics(word)
        if nxt == word:
            break
        word = nxt
    return word


def _texts_match(a: str | None, b: str | None) -> bool:
    ka, kb = match_key(a), match_key(b)
    if not ka or not kb:
        return False
    return ka == kb or ka in kb or kb in ka


def end_matches(g_text: str | None, g_id: str | None, p_text: str | None, p_id: str | None) -> bool:
    """An argument matches on ids when both have one, else on surface keys (equal or containing)."""
    if g_id and p_id:
        return g_id == p_id
    return _texts_match(g_text, p_text)


@dataclass
class Scores(_Counts):
    """tp/fp/fn with precision, recall and F1 (shared with the NER scorer), summable."""

    def add(self, other: Scores) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Ratio:
    """A share: ``hits`` out of ``total`` (accuracy figures)."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.hits += int(ok)
        self.total += 1


@dataclass
class DocResult:
    """What one document contributed: per-type scores, accuracies, and the misses for debugging."""

    scores: dict[str, Scores] = field(default_factory=lambda: defaultdict(Scores))
    ratios: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)


def score_entities(gold: GoldDoc, pred: Prediction) -> DocResult:
    res = DocResult()
    gold_keys: dict[tuple[str, str], GoldEntity] = {}
    for g in gold.entities:
        gold_keys.setdefault((g.type, match_key(g.text)), g)
    pred_ids: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    pred_text: dict[tuple[str, str], str] = {}
    for p in pred.entities:
        if p.type in GOLD_ENTITY_TYPES and match_key(p.text):
            k = (p.type, match_key(p.text))
            pred_ids[k].add(p.entity_id)
            pred_text.setdefault(k, p.text)
    for k, g in gold_keys.items():
        if k in pred_ids:
            res.scores[g.type].tp += 1
            if g.id:
                res.ratios["linking_accuracy"].add(g.id in pred_ids[k])
        else:
            res.scores[g.type].fn += 1
            res.missed.append(f"{g.type} {g.text}")
    for k in pred_ids:
        if k not in gold_keys:
            res.scores[k[0]].fp += 1
            res.spurious.append(f"{k[0]} {pred_text[k]}")
    # untyped: surface detection whatever the type
    gu = {k[1] for k in gold_keys}
    pu = {k[1] for k in pred_ids}
    res.ratios["untyped_precision"] = Ratio(len(gu & pu), len(pu))
    res.ratios["untyped_recall"] = Ratio(len(gu & pu), len(gu))
    return res


def _relation_matches(g: GoldRelation, p: PredRelation) -> bool:
    if g.type != p.type:
        return False
    if end_matches(g.head, g.head_id, p.head, p.head_id) and end_matches(g.tail, g.tail_id, p.tail, p.tail_id):
        return True
    return g.type in SYMMETRIC_RELATIONS and end_matches(g.head, g.head_id, p.tail, p.tail_id) and \
        end_matches(g.tail, g.tail_id, p.head, p.head_id)


_R = TypeVar("_R", PredRelation, GoldRelation)


def _dedup_relations(rels: list[_R], *, ids_only: bool = False) -> list[_R]:
    """One row per (type, head, tail), an end keyed by its id or else its match key, in either order for a
    symmetric type. ``ids_only`` (gold rows): only rows with ids at both ends are merged. Two gold evidence
    sentences of "قوات النظام" against "الفصائل المعارضة" and "الكتائب المقاتلة" (one KB group) state one
    fact, as the output has one relation per type, head and tail."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for r in rels:
        if ids_only and not (r.head_id and r.tail_id):
            out.append(r)
            continue
        h = r.head_id or match_key(r.head)
        t = r.tail_id or match_key(r.tail)
        if r.type in SYMMETRIC_RELATIONS:
            h, t = sorted((h, t))
        if (r.type, h, t) not in seen:
            seen.add((r.type, h, t))
            out.append(r)
    return out


def score_relations(gold: GoldDoc, pred: Prediction) -> DocResult:
    res = DocResult()
    preds = _dedup_relations(pred.relations)
    used: set[int] = set()
    for g in _dedup_relations(gold.relations, ids_only=True):
        hit = next((i for i, p in enumerate(preds) if i not in used and _relation_matches(g, p)), None)
        if hit is None:
            res.scores[g.type].fn += 1
            res.missed.append(f"{g.type}({g.head}, {g.tail})")
        else:
            used.add(hit)
            res.scores[g.type].tp += 1
    for i, p in enumerate(preds):
        if i not in used:
            res.scores[p.type].fp += 1
            res.spurious.append(f"{p.type}({p.head}, {p.tail})")
    return res


def _event_match_strength(g: GoldEvent, p: PredEvent) -> int:
    """0 when ``p`` cannot match ``g``; otherwise higher is a better match."""
    if g.event_type != p.event_type:
        return 0
    loc_ok = bool(g.location and p.location and _texts_match(g.location, p.location))
    gold_actors = [(t, i) for t, i in ((g.actor1, g.actor1_id), (g.actor2, g.actor2_id)) if t or i]
    pred_actors = [(t, i) for t, i in ((p.actor1, p.actor1_id), (p.actor2, p.actor2_id)) if t or i]
    actor_ok = any(end_matches(gt, gi, pt, pi) for gt, gi in gold_actors for pt, pi in pred_actors)
    if not (loc_ok or actor_ok):
        if g.location or gold_actors:
            return 0
        if not (g.evidence and p.evidence and _texts_match(g.evidence, p.evidence)):
            return 0
    return 1 + int(loc_ok) + int(actor_ok) + 2 * int(g.sub_event_type == p.sub_event_type)


def _argument_ratios(res: DocResult, g: GoldEvent, p: PredEvent) -> None:
    """Arguments of matched events: ``actor1_accuracy`` / ``actor2_accuracy`` among gold events with
    that actor (the predicted one is the same entity; actors may be given in either order when the
    gold names both, as in a clash), ``location_accuracy`` among gold events with a place."""
    pred_actors = [(p.actor1, p.actor1_id), (p.actor2, p.actor2_id)]
    for n, (gt, gi) in enumerate(((g.actor1, g.actor1_id), (g.actor2, g.actor2_id)), start=1):
        if not (gt or gi):
            continue
        own = pred_actors[n - 1]
        ok = bool(own[0] or own[1]) and end_matches(gt, gi, own[0], own[1])
        if not ok and g.actor1 and g.actor2:  # a clash names its sides in no fixed order
            other = pred_actors[2 - n]
            ok = bool(other[0] or other[1]) and end_matches(gt, gi, other[0], other[1])
        res.ratios[f"actor{n}_accuracy"].add(ok)
    if g.location:
        res.ratios["location_accuracy"].add(bool(p.location) and _texts_match(g.location, p.location))


def _date_ratios(res: DocResult, g: GoldEvent, p: PredEvent) -> None:
    """Dates of matched events: ``date_accuracy`` among gold events with a date (the predicted day
    equals it; a month- or year-precision prediction counts when the gold day falls in that month or
    year), ``date_coverage`` (a date given at all where the gold has one), and ``date_unsupported``
    among gold events without one (a predicted date the annotator found no ground for)."""
    pd = (p.date or "")[:10]
    if g.date:
        res.ratios["date_coverage"].add(bool(pd))
        width = {3: 7, 4: 4}.get(p.time_precision or 1, 10)  # ACLED 3: month, (4: year)
        res.ratios["date_accuracy"].add(bool(pd) and pd[:width] == g.date[:width])
    else:
        res.ratios["date_unsupported"].add(bool(pd))


def score_events(gold: GoldDoc, pred: Prediction) -> DocResult:
    res = DocResult()
    used: set[int] = set()
    for g in gold.events:
        best, best_s = None, 0
        for i, p in enumerate(pred.events):
            if i in used:
                continue
            s = _event_match_strength(g, p)
            if s > best_s:
                best, best_s = i, s
        if best is None:
            res.scores[g.event_type].fn += 1
            res.missed.append(f"{g.event_type}/{g.sub_event_type} @{g.location} [{g.actor1}]")
            continue
        used.add(best)
        p = pred.events[best]
        res.scores[g.event_type].tp += 1
        res.ratios["sub_event_accuracy"].add(g.sub_event_type == p.sub_event_type)
        res.ratios["modality_accuracy"].add(g.modality == p.modality)
        _date_ratios(res, g, p)
        _argument_ratios(res, g, p)
        if g.attributed_to:
            res.ratios["attribution_accuracy"].add(_texts_match(g.attributed_to, p.attributed_to))
        else:
            res.ratios["attribution_unsupported"].add(bool(p.attributed_to))
    for i, p in enumerate(pred.events):
        if i not in used:
            res.scores[p.event_type].fp += 1
            res.spurious.append(f"{p.event_type}/{p.sub_event_type} @{p.location} [{p.actor1}]")
    return res


SCORERS: dict[str, Callable[[GoldDoc, Prediction], DocResult]] = {
    "entities": score_entities, "relations": score_relations, "events": score_events,
}


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------


BOOTSTRAP_RESAMPLES = 1000


@dataclass
class Report:
    kind: str
    overall: Scores = field(default_factory=Scores)
    per_type: dict[str, Scores] = field(default_factory=dict)
    by_split: dict[str, Scores] = field(default_factory=dict)  # "seed" / "corpus"
    ratios: dict[str, Ratio] = field(default_factory=dict)  # linking/sub-event/modality accuracy …
    per_doc: dict[str, Scores] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # "doc: item" gold items not found
    spurious: list[str] = field(default_factory=list)  # "doc: item" predictions matching no gold
    errors: list[str] = field(default_factory=list)  # documents that could not be evaluated
    n_docs: int = 0

    def f1_interval(self, resamples: int = BOOTSTRAP_RESAMPLES, level: float = 0.95,
                    seed: int = 0) -> tuple[float, float] | None:
        """A percentile bootstrap interval of the overall (micro) F1, resampling documents with
        replacement: how much the figure owes to which documents were annotated.  None without
        documents; seeded, so a report prints the same interval every time."""
        import numpy as np

        if not self.per_doc:
            return None
        counts = np.array([(s.tp, s.fp, s.fn) for s in self.per_doc.values()], dtype=np.int64)
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, len(counts), size=(resamples, len(counts)))
        tp, fp, fn = (counts[picks, k].sum(axis=1) for k in range(3))
        denom = 2 * tp + fp + fn
        f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
        lo, hi = np.quantile(f1, [(1 - level) / 2, (1 + level) / 2])
        return float(lo), float(hi)

    def to_dict(self) -> dict[str, Any]:
        ci = self.f1_interval()
        return {
            "kind": self.kind, "n_docs": self.n_docs, "overall": self.overall.to_dict(),
            "f1_interval_95": [round(ci[0], 4), round(ci[1], 4)] if ci else None,
            "per_type": {k: v.to_dict() for k, v in sorted(self.per_type.items())},
            "by_split": {k: v.to_dict() for k, v in sorted(self.by_split.items())},
            "ratios": {k: v.value for k, v in sorted(self.ratios.items())},
            "errors": list(self.errors),
        }


def _combine(report: Report, gold: GoldDoc, res: DocResult) -> None:
    doc = Scores()
    for t, s in res.scores.items():
        report.per_type.setdefault(t, Scores()).add(s)
        doc.add(s)
    report.overall.add(doc)
    report.by_split.setdefault(gold.kind, Scores()).add(doc)
    report.per_doc[gold.name] = doc
    for k, r in res.ratios.items():
        acc = report.ratios.setdefault(k, Ratio())
        acc.hits += r.hits
        acc.total += r.total
    report.missed += [f"{gold.name}: {m}" for m in res.missed]
    report.spurious += [f"{gold.name}: {s}" for s in res.spurious]
    report.n_docs += 1


def score_docs(kind: str, pairs: Iterable[tuple[GoldDoc, Any]]) -> Report:
    """Score (gold, prediction) pairs; a prediction is an Article, a contract dict or a Prediction."""
    if kind not in SCORERS:
        raise ValueError(f"unknown evaluation kind {kind!r}; expected one of {', '.join(KINDS)}")
    report = Report(kind)
    for gold, obj in pairs:
        _combine(report, gold, SCORERS[kind](gold, prediction_of(obj)))
    return report


def evaluate(kind: str, gold_dir: Path, predict: Predictor | None = None, *,
             shared_dir: Path | None = None, examples_dir: Path | None = None) -> Report:
    """Score the pipeline (or ``predict``) against every gold file under ``gold_dir``.

    Corpus gold files are skipped (noted in ``Report.errors``) when ../shared is missing; a
    document the pipeline rejects counts as an empty prediction and is noted as well.
    """
    from marsad.config import EXAMPLES_DIR, get_settings

    if kind not in SCORERS:
        raise ValueError(f"unknown evaluation kind {kind!r}; expected one of {', '.join(KINDS)}")
    shared = Path(shared_dir) if shared_dir else get_settings().shared_dir
    examples = Path(examples_dir) if examples_dir else EXAMPLES_DIR
    golds = load_gold(Path(gold_dir))
    errors: list[str] = []
    usable = []
    for g in golds:
        if g.kind == "corpus" and not corpus_path(g, shared).is_file():
            errors.append(f"{g.name}: skipped, corpus file {corpus_path(g, shared)} not found")
        else:
            usable.append(g)
    if predict is None:
        preload(usable, shared)
        predict = pipeline_predictor(shared, examples)
    pairs = []
    for g in usable:
        try:
            obj = predict(g)
        except Exception as exc:  # one failing document must not stop the evaluation
            errors.append(f"{g.name}: prediction failed: {type(exc).__name__}: {exc}")
            obj = None
        else:
            if obj is None:
                errors.append(f"{g.name}: no article produced (rejected)")
        pairs.append((g, obj))
    report = score_docs(kind, pairs)
    report.errors = errors
    return report


def _fmt(name: str, s: Scores) -> str:
    return f"{name:<34} {s.tp:>5} {s.fp:>5} {s.fn:>5}  {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"


def format_report(report: Report, verbose: bool = False) -> str:
    """Plain-text report; the last line reads ``overall P=… R=… F1=…``."""
    head = f"{'':<34} {'tp':>5} {'fp':>5} {'fn':>5}  {'P':>6} {'R':>6} {'F1':>6}"
    lines = [f"evaluate {report.kind}: {report.n_docs} documents", head]
    lines += [_fmt(t, s) for t, s in sorted(report.per_type.items())]
    lines.append("-" * len(head))
    lines += [_fmt(f"[{k}]", s) for k, s in sorted(report.by_split.items())]
    for k, r in sorted(report.ratios.items()):
        val = "n/a" if r.value is None else f"{r.value:.3f}"
        lines.append(f"{k}: {val} ({r.hits}/{r.total})")
    for e in report.errors:
        lines.append(f"note: {e}")
    ci = report.f1_interval()
    if ci is not None:
        lines.append(f"F1 95% interval ({BOOTSTRAP_RESAMPLES:,} resamples of the {report.n_docs} documents): "
                     f"{ci[0]:.3f}-{ci[1]:.3f}")
    if verbose:
        lines += ["missed (false negatives):"] + [f"  {m}" for m in report.missed]
        lines += ["spurious (false positives):"] + [f"  {s}" for s in report.spurious]
    o = report.overall
    lines.append(f"overall P={o.precision:.3f} R={o.recall:.3f} F1={o.f1:.3f}")
    return "\n".join(lines)


def gold_counts(golds: Iterable[GoldDoc]) -> Counter[str]:
    """How many entities/relations/events the gold files hold (for reports and tests)."""
    c: Counter[str] = Counter()
    for g in golds:
        c["docs"] += 1
        c["entities"] += len(g.entities)
        c["relations"] += len(g.relations)
        c["events"] += len(g.events)
    return c


__all__ = [
    "ENTITY_TYPES", "EVENT_TYPES", "GoldDoc", "GoldEntity", "GoldEvent", "GoldRelation", "Prediction",
    "Report", "Scores", "evaluate", "format_report", "load_article", "load_gold", "load_record",
    "match_key", "prediction_of", "score_docs", "validate_gold_dict",
]
