"""Article metadata from text: byline/dateline lines, title suffixes, stated dates.

Byline grammar (see ``byline`` in boilerplate.yaml): a short line of dash-separated parts with an
optional trailing ``(…)``. Each part is classified as an outlet (outlets.yaml), the "exclusive" keyword
(خاص), a non-name keyword (متابعات), a known dateline place, or free text. Free text *before* the outlet
is the author ("مراسل سوري – اورينت نت"); free text *after* it is the dateline ("سبق- جدة"); a
parenthesised part is the author unless it is a known place ("بلدي نيوز - الرقة (ميار حيدر)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from marsad.clean.boilerplate import Rules, load_rules
from marsad.knowledge.outlets import OutletRecord, find_outlet_record, outlet_key
from marsad.text.normalize import normalize_key

_QUOTES = "«»\"'“”‘’()[]*: \u00a0"


@dataclass(slots=True)
class BylineInfo:
    """What a byline line says; any field may be None."""

    outlet: OutletRecord | None = None
    byline: str | None = None
    dateline: str | None = None
    exclusive: bool = False
    other_outlets: tuple[OutletRecord, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.outlet or self.byline or self.dateline or self.exclusive)


def is_place(text: str, rules: Rules | None = None) -> bool:
    """Whether ``text`` is a known dateline place (boilerplate.yaml ``dateline_places``)."""
    rules = rules or load_rules()
    key = normalize_key(text.strip(_QUOTES))
    return key in rules.place_keys or re.sub(r"^ال", "", key) in rules.place_keys


def _classify(part: str, rules: Rules) -> tuple[str, OutletRecord | None]:
    bare = part.strip(_QUOTES)
    rec = find_outlet_record(bare)
    if rec:
        return "outlet", rec
    key = normalize_key(bare)
    if key in rules.exclusive_keys:
        return "exclusive", None
    if key in rules.not_a_name_keys:
        return "skip", None
    if is_place(bare, rules):
        return "place", None
    return "text", None


def parse_byline(line: str, *, require_outlet: bool = True, rules: Rules | None = None,
                 separator: re.Pattern[str] | None = None) -> BylineInfo | None:
    """Parse a byline line; ``None`` when it does not look like one.

    With ``require_outlet`` (text lines) a known outlet or the exclusive marker must be present, so a
    short story sentence is never mistaken for a byline. Without it (the jsonl ``author`` field) the
    parts are read as author/place only.
    """
    rules = rules or load_rules()
    line = line.strip(" \u00a0\t")
    if not line or len(line) > (rules.byline_max_chars if require_outlet else 200):
        return None
    paren = None
    m = rules.byline_paren.match(line)
    if m:
        line, paren = m.group("rest"), m.group("paren").strip()
    sep = separator or rules.byline_sep
    parts = [p.strip(_QUOTES) for p in sep.split(line)]
    parts = [p for p in parts if p]
    if not parts and not paren:
        return None
    if len(parts) > 4 or any(len(p.split()) > 6 for p in parts):
        return None
    classes = [_classify(p, rules) for p in parts]
    outlets = [rec for c, rec in classes if c == "outlet" and rec]
    exclusive = any(c == "exclusive" for c, _ in classes)
    if require_outlet and not outlets and not exclusive:
        return None
    info = BylineInfo(outlet=outlets[0] if outlets else None, exclusive=exclusive,
                      other_outlets=tuple(outlets[1:]))
    places = [p for p, (c, _) in zip(parts, classes, strict=True) if c == "place"]
    out_idx = next((i for i, (c, _) in enumerate(classes) if c == "outlet"), None)
    before = [p for i, (p, (c, _)) in enumerate(zip(parts, classes, strict=True))
              if c == "text" and (out_idx is None or i < out_idx)]
    after = [p for i, (p, (c, _)) in enumerate(zip(parts, classes, strict=True))
             if c == "text" and out_idx is not None and i > out_idx]
    if places:
        info.dateline = places[0]
    if paren:
        paren_outlet = find_outlet_record(paren)
        if is_place(paren, rules):
            info.dateline = info.dateline or paren
        elif paren_outlet:
            info.other_outlets += (paren_outlet,)
        else:
            info.byline = paren
    if info.byline is None and before:
        info.byline = before[0]
    if info.dateline is None and after:
        info.dateline = after[0]
    return None if info.empty else info


def parse_author_field(author: str, rules: Rules | None = None) -> BylineInfo | None:
    """The jsonl ``author`` field ("القاهرة - أحمد الريدي", "لندن: «الشرق الأوسط أونلاين»")."""
    rules = rules or load_rules()
    text = author.split("|")[0]
    return parse_byline(text, require_outlet=False, rules=rules, separator=rules.author_sep)


def strip_title_suffix(title: str, *, known_sites: tuple[str, ...] = (), other_lines: tuple[str, ...] = (),
                       rules: Rules | None = None) -> tuple[str, str | None]:
    """Split "headline - Site Name" into (headline, site); site None when there is no site suffix.

    The suffix is a site name when it is a known outlet, equals one of ``known_sites`` (html site_name,
    the greeting's site) or when the headline without it appears as a line of its own (the page repeats
    its title without the suffix).
    """
    rules = rules or load_rules()
    seps = list(rules.suffix_sep.finditer(title))
    if not seps:
        return title, None
    site_keys = {outlet_key(s) for s in known_sites if s}
    line_keys = {outlet_key(x) for x in other_lines if len(x) < len(title)}
    for m in reversed(seps):
        head, tail = title[: m.start()].strip(), title[m.end():].strip()
        if not head or not tail or len(tail.split()) > 6:
            continue
        tkey = outlet_key(tail)
        if find_outlet_record(tail) or tkey in site_keys or outlet_key(head) in line_keys:
            return head, tail
    return title, None


# ------------------------------------------------------------------------------------------------
# dates
# ------------------------------------------------------------------------------------------------
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_published(value: str | None) -> str | None:
    """'YYYY-MM-DD' from a metadata date (ISO-8601, RFC 2822, "11 August 2015" …) or None."""
    if not value or not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    stated = find_stated_date(value)
    if stated:
        return stated
    try:
        from dateutil import parser as dparser

        return dparser.parse(value, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


def find_stated_date(text: str, rules: Rules | None = None) -> str | None:
    """The first Gregorian date written in ``text`` ("11 اغسطس 2015", "2015/08/11"), as YYYY-MM-DD."""
    rules = rules or load_rules()
    for m in rules.date_iso.finditer(text):
        iso = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso:
            return iso
    for m in rules.date_dmy.finditer(text):
        month = rules.months.get(normalize_key(m.group("m")))
        if month is None:
            month = _english_month(m.group("m"))
        if month:
            iso = _valid(int(m.group("y")), month, int(m.group("d")))
            if iso:
                return iso
    return None


_EN_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _english_month(word: str) -> int | None:
    return _EN_MONTHS.get(word[:3].lower())


def _own_keys(rec: OutletRecord, rules: Rules) -> set[str]:
    keys = set()
    for name in (rec.name_ar, rec.name_en or "", *rec.aliases):
        for pre in ("", *rules.own_outlet_prefixes):
            if not pre or name.startswith(pre + " "):
                keys.add(outlet_key(name[len(pre):].strip() if pre else name))
    return keys


def drop_own_outlet(info: BylineInfo, rec: OutletRecord | None, rules: Rules | None = None) -> BylineInfo:
    """Clear a byline that only names the article's own outlet or its bureau ("الجزيرة", "مكتب الجزيرة",
    "«الاقتصادية» من الرياض"); a place after "من" becomes the dateline."""
    if rec is None or not info.byline:
        return info
    rules = rules or load_rules()
    m = rules.from_place.fullmatch(info.byline.strip(_QUOTES))
    if m and outlet_key(m.group("who")) in _own_keys(rec, rules):
        info.byline = None
        if m.group("place") and not info.dateline:
            info.dateline = m.group("place")
    return info
