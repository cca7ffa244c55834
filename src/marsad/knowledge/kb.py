"""The actor knowledge base: armed groups, organisations and persons, loaded from YAML data files.

The data live in ``knowledge/data`` (``groups.yaml``, ``organizations.yaml``, ``persons.yaml`` and the
matching cues in ``entity_cues.yaml``); this module loads them into :class:`KnowledgeBase` (cached per
directory, see :func:`load_kb`) and checks them with :func:`validate_kb`, which returns a list of
human-readable problems (an empty list means the data are consistent).

Aliases are compared on :func:`alias_key`: :func:`~marsad.text.normalize.normalize_key` with quote
characters removed and whitespace collapsed (the KB matcher compares the article text the same way).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.text.normalize import normalize_key

log = logging.getLogger(__name__)

# file name -> (id prefix, entity type)
ENTITY_FILES: dict[str, tuple[str, str]] = {
    "groups.yaml": ("grp", "ARMED_GROUP"),
    "organizations.yaml": ("org", "ORGANIZATION"),
    "persons.yaml": ("per", "PERSON"),
}
CUES_FILE = "entity_cues.yaml"

GROUP_KINDS = frozenset({"state_force", "militia", "rebel", "jihadist", "foreign_force", "coalition"})
ORG_KINDS = frozenset({"ministry", "monitor", "un", "ngo", "government", "party", "media", "religious", "other"})
PERSON_ROLES = frozenset({
    "leader", "secretary_general", "commander", "field_commander", "spokesman", "founder", "member",
    "president", "prime_minister", "minister", "official", "envoy", "cleric",
})

_COMMON_KEYS = {"id", "name_ar", "name_en", "aliases_ar", "aliases_en", "weak_aliases_ar", "context_aliases_ar",
                "wikidata", "notes"}
ALLOWED_KEYS: dict[str, set[str]] = {
    "grp": _COMMON_KEYS | {"kind", "part_of", "merged_into", "sponsored_by", "origin_country", "active_in"},
    "org": _COMMON_KEYS | {"kind", "country", "part_of"},
    "per": _COMMON_KEYS | {"nationality", "roles", "born", "died"},
}
REQUIRED_KEYS = ("id", "name_ar", "name_en")

ID_RE = re.compile(r"^(grp|org|per):[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ISO2_RE = re.compile(r"^[A-Z]{2}$")
ARABIC_RE = re.compile(r"[\u0621-\u064a]")
_QUOTES_RE = re.compile(r"[\"']")
_SPACES_RE = re.compile(r"\s+")


def alias_key(text: str) -> str:
    """The comparison key of an alias: normalised, quote characters removed, spaces collapsed."""
    key = normalize_key(text)
    if '"' in key or "'" in key:
        key = _SPACES_RE.sub(" ", _QUOTES_RE.sub("", key)).strip()
    return key


@dataclass(slots=True)
class KBEntity:
    """One actor of the knowledge base (an armed group, organisation or person)."""

    id: str
    type: str  # ARMED_GROUP | ORGANIZATION | PERSON
    name_ar: str
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)  # strong surface forms, name_ar first (Arabic, then English)
    weak_aliases: list[str] = field(default_factory=list)
    # generic descriptors that name this entity in news about one country ("الفصائل المعارضة" in a
    # Syrian story): country code -> forms; matched like weak aliases, licensed by the article's country
    context_aliases: dict[str, list[str]] = field(default_factory=dict)
    wikidata: str | None = None
    kind: str | None = None
    part_of: str | None = None
    merged_into: str | None = None
    sponsored_by: list[str] = field(default_factory=list)
    origin_country: str | None = None
    active_in: list[str] = field(default_factory=list)
    country: str | None = None  # organisations: country; persons: nationality
    roles: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def aliases_ar(self) -> list[str]:
        return [a for a in self.aliases if ARABIC_RE.search(a)]

    @property
    def aliases_en(self) -> list[str]:
        return [a for a in self.aliases if not ARABIC_RE.search(a)]


@dataclass(slots=True)
class AmbiguousAlias:
    """An alias deliberately shared by several entities (declared in entity_cues.yaml)."""

    alias: str
    ids: list[str]
    default: str | None = None
    note: str | None = None


@dataclass
class KnowledgeBase:
    entities: dict[str, KBEntity] = field(default_factory=dict)
    ambiguous: dict[str, AmbiguousAlias] = field(default_factory=dict)  # alias_key -> declaration
    cues: dict[str, Any] = field(default_factory=dict)
    _strong: dict[str, list[KBEntity]] = field(default_factory=dict, repr=False)
    _weak: dict[str, list[KBEntity]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        strong: dict[str, list[KBEntity]] = defaultdict(list)
        weak: dict[str, list[KBEntity]] = defaultdict(list)
        for ent in self.entities.values():
            context = [f for forms in ent.context_aliases.values() for f in forms]
            for index, forms in ((strong, ent.aliases), (weak, ent.weak_aliases), (weak, context)):
                for form in forms:
                    key = alias_key(form)
                    if key and ent not in index[key]:
                        index[key].append(ent)
        self._strong, self._weak = dict(strong), dict(weak)

    def get(self, entity_id: str) -> KBEntity | None:
        return self.entities.get(entity_id)

    def by_alias(self, alias: str, include_weak: bool = False) -> list[KBEntity]:
        """Entities having ``alias`` (compared on :func:`alias_key`) as a strong (or weak) alias."""
        key = alias_key(alias)
        found = list(self._strong.get(key, ()))
        if include_weak:
            found += [e for e in self._weak.get(key, ()) if e not in found]
        return found

    def alias_index(self, weak: bool = False) -> dict[str, list[KBEntity]]:
        """The alias-key index (strong or weak aliases) the matcher builds its automaton from."""
        return self._weak if weak else self._strong

    def of_type(self, etype: str) -> list[KBEntity]:
        return [e for e in self.entities.values() if e.type == etype]

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[KBEntity]:
        return iter(self.entities.values())

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities


# ---------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available (about 10x faster)


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if isinstance(v, str | int) and str(v).strip()]


def _opt_str(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value).strip() else None


def _context_aliases(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(cc): [f.strip() for f in _str_list(forms)] for cc, forms in value.items()}


def _entity_from(rec: dict[str, Any], etype: str) -> KBEntity:
    strong: list[str] = []
    for form in [rec.get("name_ar"), *_str_list(rec.get("aliases_ar")), rec.get("name_en"),
                 *_str_list(rec.get("aliases_en"))]:
        if isinstance(form, str) and form.strip() and form not in strong:
            strong.append(form.strip())
    roles = [r for r in rec.get("roles") or [] if isinstance(r, dict)]
    return KBEntity(
        id=rec["id"], type=etype, name_ar=str(rec["name_ar"]), name_en=_opt_str(rec.get("name_en")),
        aliases=strong, weak_aliases=[w.strip() for w in _str_list(rec.get("weak_aliases_ar"))],
        context_aliases=_context_aliases(rec.get("context_aliases_ar")),
        wikidata=_opt_str(rec.get("wikidata")), kind=_opt_str(rec.get("kind")),
        part_of=_opt_str(rec.get("part_of")), merged_into=_opt_str(rec.get("merged_into")),
        sponsored_by=_str_list(rec.get("sponsored_by")), origin_country=_opt_str(rec.get("origin_country")),
        active_in=_str_list(rec.get("active_in")),
        country=_opt_str(rec.get("country") or rec.get("nationality")), roles=roles, raw=dict(rec),
    )


def load_cues(path: Path = KNOWLEDGE_DIR) -> dict[str, Any]:
    """The matching cues (``entity_cues.yaml``) as a dict; empty when the file is absent."""
    f = Path(path) / CUES_FILE
    if not f.exists():
        return {}
    data = _read_yaml(f)
    return data if isinstance(data, dict) else {}


def _ambiguous_from(cues: dict[str, Any]) -> dict[str, AmbiguousAlias]:
    out: dict[str, AmbiguousAlias] = {}
    for item in cues.get("ambiguous_aliases") or []:
        if isinstance(item, dict) and isinstance(item.get("alias"), str):
            decl = AmbiguousAlias(item["alias"], _str_list(item.get("ids")), _opt_str(item.get("default")),
                                  _opt_str(item.get("note")))
            out[alias_key(decl.alias)] = decl
    return out


@lru_cache(maxsize=8)
def _load_kb_cached(path: Path) -> KnowledgeBase:
    entities: dict[str, KBEntity] = {}
    for fname, (_prefix, etype) in ENTITY_FILES.items():
        f = path / fname
        if not f.exists():
            continue
        try:
            records = _read_yaml(f) or []
        except yaml.YAMLError as exc:  # a file being edited must not break the whole pipeline
            log.warning("knowledge base: %s does not parse (%s); skipped", f, exc)
            continue
        for rec in records if isinstance(records, list) else []:
            if not (isinstance(rec, dict) and isinstance(rec.get("id"), str) and isinstance(rec.get("name_ar"), str)):
                continue  # reported by validate_kb
            entities.setdefault(rec["id"], _entity_from(rec, etype))
    cues = load_cues(path)
    return KnowledgeBase(entities=entities, ambiguous=_ambiguous_from(cues), cues=cues)


@lru_cache(maxsize=64)
def _resolved(path: str) -> Path:
    return Path(path).resolve()  # called per article by the linker: resolve() costs system calls


def load_kb(path: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load (once per directory) the knowledge base from ``path``; missing files are tolerated.

    For the packaged knowledge base, analysts' curated aliases and merges (the overlay file in
    MARSAD_DATA_DIR written by marsad.curation) are layered on top, without changing the files.
    """
    p = _resolved(str(path)) if Path(path).is_absolute() else Path(path).resolve()
    kb = _load_kb_cached(p)
    if p == _resolved(str(KNOWLEDGE_DIR)):
        from marsad.curation.overlay import with_curated

        kb = with_curated(kb)
    return kb


load_kb.cache_clear = _load_kb_cached.cache_clear  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------------


def _check_record(rec: Any, prefix: str, where: str, problems: list[str]) -> None:
    if not isinstance(rec, dict):
        problems.append(f"{where}: entry is not a mapping")
        return
    for key in REQUIRED_KEYS:
        if not isinstance(rec.get(key), str) or not rec[key].strip():
            problems.append(f"{where}: missing or empty '{key}'")
    rid = rec.get("id")
    if isinstance(rid, str) and (not ID_RE.match(rid) or not rid.startswith(prefix + ":")):
        problems.append(f"{where}: bad id {rid!r} (expected {prefix}:<lowercase-slug>)")
    unknown = set(rec) - ALLOWED_KEYS[prefix]
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if isinstance(rec.get("name_ar"), str) and not ARABIC_RE.search(rec["name_ar"]):
        problems.append(f"{where}: name_ar is not Arabic: {rec['name_ar']!r}")
    for key in ("aliases_ar", "aliases_en", "weak_aliases_ar", "sponsored_by", "active_in"):
        val = rec.get(key)
        if val is not None and not (isinstance(val, list) and all(isinstance(v, str) and v.strip() for v in val)):
            problems.append(f"{where}: '{key}' must be a list of non-empty strings")
    for key in ("aliases_ar", "weak_aliases_ar"):
        for alias in rec.get(key) or []:
            if isinstance(alias, str) and not ARABIC_RE.search(alias):
                problems.append(f"{where}: {key} entry is not Arabic: {alias!r}")
    ctx = rec.get("context_aliases_ar")
    if ctx is not None:
        if not isinstance(ctx, dict):
            problems.append(f"{where}: 'context_aliases_ar' must map country codes to lists of aliases")
        else:
            for cc, forms in ctx.items():
                if not (isinstance(cc, str) and ISO2_RE.match(cc)):
                    problems.append(f"{where}: context_aliases_ar: bad country code {cc!r}")
                if not (isinstance(forms, list) and forms
                        and all(isinstance(f, str) and ARABIC_RE.search(f) for f in forms)):
                    problems.append(f"{where}: context_aliases_ar[{cc}] must be a non-empty list of Arabic aliases")
    wd = rec.get("wikidata")
    if wd is not None and not (isinstance(wd, str) and QID_RE.match(wd)):
        problems.append(f"{where}: bad wikidata id {wd!r}")
    kind = rec.get("kind")
    kinds = GROUP_KINDS if prefix == "grp" else ORG_KINDS if prefix == "org" else None
    if kinds is not None and kind not in kinds:
        problems.append(f"{where}: bad kind {kind!r} (one of {', '.join(sorted(kinds))})")
    for key in ("origin_country", "country", "nationality"):
        val = rec.get(key)
        if val is not None and not (isinstance(val, str) and ISO2_RE.match(val)):
            problems.append(f"{where}: bad {key} {val!r} (ISO 3166-1 alpha-2)")
    for val in rec.get("active_in") or []:
        if not (isinstance(val, str) and ISO2_RE.match(val)):
            problems.append(f"{where}: bad active_in code {val!r}")
    roles = rec.get("roles")
    if roles is not None:
        if not isinstance(roles, list):
            problems.append(f"{where}: 'roles' must be a list")
        else:
            for role in roles:
                if not (isinstance(role, dict) and role.get("role") in PERSON_ROLES):
                    problems.append(f"{where}: bad role {role!r}")


def _refs(rec: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in ("part_of", "merged_into"):
        if rec.get(key) is not None:
            yield key, rec[key]
    for ref in rec.get("sponsored_by") or []:
        yield "sponsored_by", ref
    for role in rec.get("roles") or []:
        if isinstance(role, dict) and role.get("org") is not None:
            yield "roles.org", role["org"]


def validate_kb(path: Path = KNOWLEDGE_DIR) -> list[str]:
    """Problems in the knowledge-base files under ``path`` (``[]`` when everything is consistent).

    Checks the schema (required fields, types, id prefixes, kinds, ISO codes, Q-ids), duplicate ids,
    dangling references (part_of, merged_into, sponsored_by, roles.org), duplicate Wikidata ids,
    aliases shared by two entities (strong/strong or strong/weak; allowed only when declared in
    ``entity_cues.yaml: ambiguous_aliases``), and the cues file itself.
    """
    path = Path(path)
    problems: list[str] = []
    records: list[tuple[str, dict[str, Any]]] = []
    seen_ids: dict[str, str] = {}
    for fname, (prefix, _etype) in ENTITY_FILES.items():
        f = path / fname
        if not f.exists():
            continue
        try:
            data = _read_yaml(f)
        except yaml.YAMLError as exc:
            problems.append(f"{fname}: YAML error: {exc}")
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(f"{fname}: top level must be a list of entries")
            continue
        for i, rec in enumerate(data):
            rid = rec.get("id") if isinstance(rec, dict) else None
            where = f"{fname}[{i}] {rid or ''}".rstrip()
            _check_record(rec, prefix, where, problems)
            if not isinstance(rec, dict) or not isinstance(rid, str):
                continue
            if rid in seen_ids:
                problems.append(f"{where}: duplicate id (also in {seen_ids[rid]})")
                continue
            seen_ids[rid] = fname
            records.append((where, rec))
    ids = set(seen_ids)
    # references
    for where, rec in records:
        for key, ref in _refs(rec):
            if ref == rec["id"]:
                problems.append(f"{where}: {key} refers to itself")
            elif not isinstance(ref, str) or ref not in ids:
                problems.append(f"{where}: {key} refers to unknown id {ref!r}")
    # wikidata ids
    by_qid: dict[str, list[str]] = defaultdict(list)
    for _where, rec in records:
        if isinstance(rec.get("wikidata"), str):
            by_qid[rec["wikidata"]].append(rec["id"])
    for qid, owners in by_qid.items():
        if len(owners) > 1:
            problems.append(f"wikidata {qid} on several entities: {', '.join(owners)}")
    problems.extend(_check_aliases(records, path, ids))
    return problems


def _check_aliases(records: list[tuple[str, dict[str, Any]]], path: Path, ids: set[str]) -> list[str]:
    problems: list[str] = []
    strong: dict[str, set[str]] = defaultdict(set)
    weak: dict[str, set[str]] = defaultdict(set)
    for where, rec in records:
        forms = [rec.get("name_ar"), *(rec.get("aliases_ar") or []), rec.get("name_en"), *(rec.get("aliases_en") or [])]
        for form in forms:
            if isinstance(form, str) and form.strip():
                key = alias_key(form)
                if len(key) < 2:
                    problems.append(f"{where}: alias {form!r} is too short to match")
                strong[key].add(rec["id"])
        ctx = rec.get("context_aliases_ar")
        ctx_forms = [f for forms in ctx.values() if isinstance(forms, list) for f in forms] if isinstance(ctx, dict) else []
        for form in [*(rec.get("weak_aliases_ar") or []), *ctx_forms]:
            if isinstance(form, str) and form.strip():
                weak[alias_key(form)].add(rec["id"])
    try:
        cues = load_cues(path)
    except yaml.YAMLError as exc:
        return problems + [f"{CUES_FILE}: YAML error: {exc}"]
    declared = _ambiguous_from(cues)
    for key, decl in declared.items():
        for rid in decl.ids:
            if rid not in ids:
                problems.append(f"{CUES_FILE}: ambiguous alias {decl.alias!r} names unknown id {rid!r}")
        if decl.default is not None and decl.default not in decl.ids:
            problems.append(f"{CUES_FILE}: ambiguous alias {decl.alias!r}: default {decl.default!r} not in ids")
        owners = strong.get(key, set()) | weak.get(key, set())
        if len(owners) < 2:
            problems.append(f"{CUES_FILE}: ambiguous alias {decl.alias!r} is not shared (stale declaration)")
    for key in set(strong) | set(weak):
        s_ids, w_ids = strong.get(key, set()), weak.get(key, set())
        if len(s_ids) < 2 and not (s_ids and w_ids - s_ids):
            continue  # unique, or shared by weak aliases only (resolved from context)
        owners = s_ids | w_ids
        decl = declared.get(key)
        if decl is None or not owners <= set(decl.ids):
            problems.append(f"alias {key!r} is shared by {', '.join(sorted(owners))} "
                            f"(declare it in {CUES_FILE}: ambiguous_aliases or remove it)")
    for blocker in cues.get("blockers") or []:
        key = alias_key(str(blocker))
        if key in strong or key in weak:
            problems.append(f"{CUES_FILE}: blocker {blocker!r} is also an alias of {', '.join(sorted(strong.get(key, set()) | weak.get(key, set())))}")
    return problems


__all__ = [
    "AmbiguousAlias", "KBEntity", "KnowledgeBase", "alias_key", "load_cues", "load_kb", "validate_kb",
    "ENTITY_FILES", "GROUP_KINDS", "ORG_KINDS", "PERSON_ROLES",
]
