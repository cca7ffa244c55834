"""The cleaning rules of ``knowledge/data/boilerplate.yaml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.text.normalize import normalize_key

BOILERPLATE_PATH = KNOWLEDGE_DIR / "boilerplate.yaml"
_FLAGS = re.I


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` (each wrapped in a non-capturing group)."""
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


@dataclass(frozen=True)
class MetaRule:
    name: str
    meta_key: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    raw: dict[str, Any]
    drop: re.Pattern[str]
    keep_in_meta: tuple[MetaRule, ...]
    read_also: re.Pattern[str]
    read_also_max_titles: int
    truncate: re.Pattern[str]
    cut_tail: re.Pattern[str]
    cut_tail_needs: tuple[str, ...]
    strip_prefix: re.Pattern[str]
    trailing: re.Pattern[str]
    trailing_max_words: int
    trailing_brand_words: int
    terminal_punct: re.Pattern[str]
    latin_only: re.Pattern[str]
    greetings: tuple[re.Pattern[str], ...]
    suffix_sep: re.Pattern[str]
    title_max_words: int
    not_title_end: re.Pattern[str]
    byline_max_chars: int
    byline_search_lines: int
    byline_sep: re.Pattern[str]
    author_sep: re.Pattern[str]
    byline_paren: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    exclusive_keys: frozenset[str]
    not_a_name_keys: frozenset[str]
    dateline_prefixes: tuple[re.Pattern[str], ...]
    dateline_lines: tuple[re.Pattern[str], ...]
    place_keys: frozenset[str]
    from_place: re.Pattern[str]
    own_outlet_prefixes: tuple[str, ...]
    date_dmy: re.Pattern[str]
    date_iso: re.Pattern[str]
    months: dict[str, int] = field(default_factory=dict)


def _pats(items: list[dict[str, Any]] | None) -> list[str]:
    return [it["pattern"] for it in items or []]


@lru_cache(maxsize=4)
def load_rules(path: str | Path | None = None) -> Rules:
    """Compile boilerplate.yaml (cached)."""
    d = yaml.safe_load(Path(path or BOILERPLATE_PATH).read_text(encoding="utf-8"))
    tj, ti, by, dates = d["trailing_junk"], d["title"], d["byline"], d["dates"]
    places = set()
    for p in d.get("dateline_places") or []:
        k = normalize_key(str(p))
        places.add(k)
        places.add(re.sub(r"^ال", "", k))
    return Rules(
        raw=d,
        drop=_alternation(_pats(d.get("drop_lines"))),
        keep_in_meta=tuple(MetaRule(it["name"], it["meta_key"], re.compile(it["pattern"], _FLAGS))
                           for it in d.get("keep_in_meta") or []),
        read_also=re.compile(d["read_also"]["pattern"], _FLAGS),
        read_also_max_titles=int(d["read_also"].get("max_titles", 5)),
        truncate=_alternation(_pats(d.get("truncate_at"))),
        cut_tail=_alternation(_pats(d.get("cut_tails"))),
        cut_tail_needs=tuple(str(it["needs"]) for it in d.get("cut_tails") or []),
        strip_prefix=_alternation([p.removeprefix("^") for p in _pats(d.get("strip_prefixes"))]),
        trailing=_alternation(_pats(tj.get("patterns"))),
        trailing_max_words=int(tj.get("max_words", 4)),
        trailing_brand_words=int(tj.get("brand_words", 3)),
        terminal_punct=re.compile(tj["terminal_punct"]),
        latin_only=re.compile(tj["latin_only"]),
        greetings=tuple(re.compile(g["pattern"], _FLAGS) for g in ti.get("greetings") or []),
        suffix_sep=re.compile(ti["suffix_separator"]),
        title_max_words=int(ti.get("max_words", 40)),
        not_title_end=re.compile(ti["not_title_end"]),
        byline_max_chars=int(by.get("max_chars", 90)),
        byline_search_lines=int(by.get("search_lines", 4)),
        byline_sep=re.compile(by["separator"]),
        author_sep=re.compile(by["author_separator"]),
        byline_paren=re.compile(by["paren"]),
        byline_prefix=re.compile(by["prefix"]),
        exclusive_keys=frozenset(normalize_key(str(x)) for x in by.get("exclusive") or []),
        not_a_name_keys=frozenset(normalize_key(str(x)) for x in by.get("not_a_name") or []),
        dateline_prefixes=tuple(re.compile(x["pattern"], _FLAGS) for x in by.get("dateline_prefixes") or []),
        dateline_lines=tuple(re.compile(x["pattern"], _FLAGS) for x in by.get("dateline_lines") or []),
        place_keys=frozenset(places),
        from_place=re.compile(by["from_place"]),
        own_outlet_prefixes=tuple(str(x) for x in by.get("own_outlet_prefixes") or ()),
        date_dmy=re.compile(dates["day_month_year"]),
        date_iso=re.compile(dates["iso"]),
        months={normalize_key(k): int(v) for k, v in (dates.get("months") or {}).items()},
    )
