"""Arabic date expressions, resolved against the publication date (ACLED time precision).

:func:`find_dates` finds absolute dates (``19 تشرين الثاني/نوفمبر 2015``, ``التاسع عشر من شهر
تشرين الثاني``, ``5/11/2015``, ``2015-11-19``, Hijri ``1 محرم 1446 هـ``), months (``شهر حزيران
2013``, ``الشهر الماضي``), years (``عام 2013``), weekdays (``السبت``, ``الاثنين الماضي``, ``أمس
الأربعاء``, ``ظهر السبت``) and relative expressions (``اليوم``, ``أمس``, ``قبل يومين``, ``قبل
ثلاثة أيام``, ``منذ أسبوع``, ``قبل أيام``, ``قبل أسابيع``).

Conventions (documented with the vocabulary in ``knowledge/data/calendar.yaml``):

* ``precision`` follows ACLED's ``time_precision``: 1 day, 2 week, 3 month;
* a week-precision value is the middle of the window (``قبل أيام`` → published − 3 days);
  a month-precision value is the 15th of the month (``قبل أسابيع`` → published − 21 days);
* a year alone has ``value=None``, ``kind='year'`` and the year in :attr:`DateMention.year`
  (ACLED has no year precision);
* a day and month with no year take the most recent such date not after publication;
* relative expressions need the publication date: without one their value is None (never invented);
* a weekday that disagrees with the day word beside it (``أمس الأربعاء`` published on a Monday)
  resolves to that weekday's most recent occurrence with ``confidence`` 0.5;
* Hijri dates use the Umm al-Qura tables of ``hijridate`` when it is installed and the date is in
  its range (1343–1500 AH), else the arithmetical tabular Islamic calendar, which may be a day off
  the dates announced by sighting (``calendar='hijri'`` marks them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.text.normalize import NormalizedText, normalize, normalize_key
from marsad.text.numbers import extend_over_marks, number_words, parse_number

DAY, WEEK, MONTH = 1, 2, 3


@dataclass(slots=True)
class DateMention:
    """A date expression in a text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    value: str | None  # 'YYYY-MM-DD' (None when it cannot be resolved)
    precision: int | None  # 1 day | 2 week | 3 month | None
    kind: str  # absolute | relative | weekday | month | year
    approx: bool = False
    year: int | None = None  # the year, when known (always set for kind 'year' if resolvable)
    confidence: float = 1.0
    calendar: str = "gregorian"  # gregorian | hijri


# --------------------------------------------------------------------------------------------
# calendars


def tabular_hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The arithmetical (tabular, civil epoch) Islamic calendar; may differ by ±1 day from sighting."""
    jdn = (
        day + -(-(295 * (month - 1)) // 10)  # ceil(29.5 * (month - 1))
        + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    )
    return date.fromordinal(jdn - 1721425)


def _gregorian_to_tabular_hijri(d: date) -> tuple[int, int, int]:
    jdn = d.toordinal() + 1721425
    year = max(1, (30 * (jdn - 1948440) + 10646) // 10631)
    while year > 1 and tabular_hijri_to_gregorian(year, 1, 1) > d:
        year -= 1
    while tabular_hijri_to_gregorian(year + 1, 1, 1) <= d:
        year += 1
    month = 12
    while month > 1 and tabular_hijri_to_gregorian(year, month, 1) > d:
        month -= 1
    return year, month, (d - tabular_hijri_to_gregorian(year, month, 1)).days + 1


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Hijri date (Umm al-Qura via ``hijridate`` when available, else tabular)."""
    try:
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    except (ImportError, ValueError, OverflowError):
        return tabular_hijri_to_gregorian(year, month, day)


def gregorian_to_hijri(d: date) -> tuple[int, int, int]:
    """(year, month, day) in the Hijri calendar (Umm al-Qura when available, else tabular)."""
    try:
        from hijridate import Gregorian

        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return h.year, h.month, h.day
    except (ImportError, ValueError, OverflowError):
        return _gregorian_to_tabular_hijri(d)


# --------------------------------------------------------------------------------------------
# vocabulary and patterns


def _keys(words: list[Any]) -> list[str]:
    return [k for k in (normalize_key(str(w)) for w in words) if k]


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching any of ``words``, longest first, written as a trie: ``re`` tries the
    alternatives of a flat ``a|b|c`` one by one at every position (slow for hundreds of words); a
    trie tests each character once.  Words that share a prefix are still tried longer first, and
    words that do not cannot both match at one position, so the matches are those of the flat form."""
    trie: dict[str, dict] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return "(?:" + _trie_rx(trie) + ")"


def _trie_rx(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_rx(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: the longer ones first, then the end
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    return body


_L = r"(?<![^\W_])"  # left word boundary
_R = r"(?![^\W_])"  # right word boundary
_PRE_DEF = r"(?:[وف]?(?:[بلك](?=ال))?)"  # conjunction, and a preposition only before the article
_PRE_ANY = r"(?:[وف]?[بلك]?)"


@dataclass(frozen=True)
class _Cal:
    months: dict[str, int]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    ambiguous_weekdays: frozenset[str]
    ordinals: dict[str, int]
    rel_days: dict[str, int]
    today_not_followed: frozenset[str]
    units: dict[str, tuple[str, str, int]]  # word -> (unit name, form, days)
    vague_relative: dict[str, dict[str, Any]]
    periods: dict[str, str]
    past: frozenset[str]
    nxt: frozenset[str]
    cur: frozenset[str]
    hijri_markers: frozenset[str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    # per pattern, regexes that all occur (anywhere) in a text where the pattern matches: a word
    # that every match contains.  Most texts lack most of them, and one search for a word is far
    # cheaper than trying a whole pattern at every position.
    anchors: tuple[tuple[re.Pattern[str], ...], ...]


def _ordinals(data: dict[str, Any]) -> dict[str, int]:
    units = {int(k): _keys(v) for k, v in data["ordinal_units"].items()}
    tens = {int(k): _keys(v) for k, v in data["ordinal_tens"].items()}
    suffix = normalize_key(data["ordinal_teen_suffix"])
    one = normalize_key(data["ordinal_compound_one"])
    out: dict[str, int] = {}
    for n, forms in units.items():
        for f in forms:
            out.setdefault(f, n)
    for n, forms in tens.items():
        for f in forms:
            out[f] = n
    for n, forms in units.items():
        heads = [one] if n == 1 else [f for f in forms]
        for h in heads:
            out[f"{h} {suffix}"] = 10 + n
            for t in (20, 30):
                if t + n <= 31:
                    for tf in tens[t]:
                        out[f"{h} و{tf}"] = t + n
    return out


def _mapping(table: dict[Any, list[Any]]) -> dict[str, int]:
    return {k: int(n) for n, forms in table.items() for k in _keys(forms)}


@cache
def _compiled(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


@lru_cache(maxsize=1)
def _cal() -> _Cal:
    data = yaml.safe_load((KNOWLEDGE_DIR / "calendar.yaml").read_text(encoding="utf-8"))
    months = _mapping(data["months"])
    hmonths = _mapping(data["hijri_months"])
    weekdays = _mapping(data["weekdays"])
    ordinals = _ordinals(data)
    rel_days = {k: int(item["offset"]) for item in data["relative_days"] for k in _keys(item["words"])}
    units: dict[str, tuple[str, str, int]] = {}
    for name, spec in data["relative_units"].items():
        for form in ("singular", "dual", "plural"):
            for k in _keys(spec[form]):
                units[k] = (name, form, int(spec["days"]))
    periods = {k: name for name, forms in data["named_periods"].items() for k in _keys(forms)}
    past, nxt, cur = (frozenset(_keys(data[k])) for k in ("past_modifiers", "next_modifiers", "current_modifiers"))
    mods = _alt(past | nxt | cur)
    tod = _alt(_keys(data["times_of_day"]))
    night = _alt(_keys(data["night_words"]))
    mon = _alt(set(months) | set(hmonths))
    mon_alt = rf"(?:\s?[/(\-]\s?{mon}\)?|\s\({mon}\))?"
    wd = _alt(set(weekdays))
    ords = _alt(set(ordinals))
    gmark, hmark = _alt(_keys(data["gregorian_markers"])), _alt(_keys(data["hijri_markers"]))
    year = rf"(?P<year>\d{{4}})(?:\s?(?:(?P<hmark>{hmark})|{gmark}){_R})?"
    year_lead = r"[ ,،]+(?:من )?(?:عام |العام |سنه |سنة )?"
    qual = _alt(_keys(data["month_qualifiers"]))
    rel = _alt(set(rel_days))
    nums = _alt(number_words())
    unit_words = _alt(set(units))
    plural_units = _alt({k for k, v in units.items() if v[1] == "plural"})
    vague = _alt(_keys(data["vague_counts"]))
    heads = _alt(_keys(data["relative_heads"]))
    win_heads, win_tails = _alt(_keys(data["window_heads"])), _alt(_keys(data["window_tails"]))
    per = _alt(set(periods))
    trig = _alt(_keys(data["year_triggers"]))
    day = rf"(?:(?:ال)?(?P<dnum>\d{{1,2}})|(?P<dord>{ords}))"
    digits4, digit_sep = r"\d{4}", r"\d[/.\-]\d"
    month_word = rf"{_L}{_PRE_ANY}{mon}{_R}"  # a month name is a whole word, or glued to و ف ب ل ك
    # (kind, pattern, anchors): every match of the pattern contains a match of each anchor
    p: list[tuple[str, str, tuple[str, ...]]] = [
        ("dmy", rf"{_L}{_PRE_DEF}(?P<m>(?:{tod} )?(?:يوم )?(?:(?P<wd>{wd})[ ,،]+(?:الموافق )?)?{day}(?: من)?(?: شهر)? "
                rf"(?P<mon>{mon}){mon_alt}(?:{year_lead}{year})?(?: (?P<mod>{mods}))?){_R}", (month_word,)),
        ("my", rf"{_L}{_PRE_ANY}(?P<m>(?:(?P<qual>{qual}) )?(?:شهر )?(?P<mon>{mon}){mon_alt}{year_lead}{year}){_R}", (month_word, digits4)),
        ("month", rf"{_L}{_PRE_ANY}(?P<m>(?:(?P<qual>{qual}) )?شهر (?P<mon>{mon}){mon_alt}(?: (?P<mod>{mods}))?){_R}", (month_word,)),
        ("month", rf"{_L}{_PRE_ANY}(?P<m>(?:(?P<qual>{qual}) )?(?P<mon>{mon}){mon_alt} (?P<mod>{mods})){_R}", (month_word, mods)),
        ("num_dmy", r"(?<![\d/.\-])(?P<m>(?P<dnum>\d{1,2})(?P<sep>[/.\-])(?P<mnum>\d{1,2})(?P=sep)(?P<year>\d{4}))(?![\d/\-]|\.\d)", (digit_sep,)),
        ("num_ymd", r"(?<![\d/.\-])(?P<m>(?P<year>\d{4})(?P<sep>[/.\-])(?P<mnum>\d{1,2})(?P=sep)(?P<dnum>\d{1,2}))(?![\d/\-]|\.\d)", (digit_sep,)),
        ("year", rf"{_L}{_PRE_ANY}(?P<m>{trig} {year}){_R}", (trig, digits4)),
        ("year", rf"{_L}(?P<m>(?P<year>\d{{4}})\s?(?:(?P<hmark>{hmark})|{gmark})){_R}", (digits4,)),
        ("overnight", rf"{_L}{_PRE_DEF}(?P<m>{night} (?P<wd1>{wd})\s?(?:[-–/]\s?|و)?(?P<wd>{wd})(?: (?P<mod>{mods}))?){_R}",
         (wd,)),
        ("weekday", rf"{_L}{_PRE_DEF}(?P<m>(?:{tod} )?(?:يوم )?(?:(?P<rel>{rel}) )?(?:(?P<yawm>يوم) )?(?P<wd>{wd})(?: (?P<mod>{mods}))?){_R}", (wd,)),
        ("relday", rf"{_L}{_PRE_DEF}(?P<m>(?:{tod} )?(?:يوم )?(?P<rel>{rel})){_R}", (rel,)),
        ("counted", rf"{_L}[وف]?(?P<m>{heads} (?:(?P<vague>{vague}) |(?P<num>\d+|{nums}(?: و?{nums})?) )?(?P<unit>{unit_words})){_R}(?! ?\d)", (heads, unit_words)),
        ("window", rf"{_L}[وف]?(?P<m>{win_heads} ال(?P<unit>{plural_units}) {win_tails}){_R}", (win_heads, plural_units)),
        ("period", rf"{_L}{_PRE_DEF}(?P<m>(?:(?P<this>هذا|هذه) )?(?P<per>{per})(?: (?P<mod>{mods}))?){_R}", (per,)),
    ]
    return _Cal(
        months=months, hijri_months=hmonths, weekdays=weekdays,
        ambiguous_weekdays=frozenset(_keys(data["ambiguous_weekdays"])), ordinals=ordinals,
        rel_days=rel_days, today_not_followed=frozenset(_keys(data["today_not_followed_by"])),
        units=units, vague_relative=data["vague_relative"], periods=periods,
        past=past, nxt=nxt, cur=cur, hijri_markers=frozenset(_keys(data["hijri_markers"])),
        patterns=tuple((re.compile(rx), kind) for kind, rx, _a in p),
        anchors=tuple(tuple(map(_compiled, a)) for _k, _rx, a in p),
    )


# --------------------------------------------------------------------------------------------
# resolution helpers


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _parse_published(published: str | None) -> date | None:
    """The publication date, or None when absent, malformed, or too close to the calendar's ends for
    relative arithmetic (years 1 and 9999: "أمس" of 0001-01-01 does not exist)."""
    if not published:
        return None
    try:
        d = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return d if date(2, 1, 1) <= d <= date(9998, 12, 31) else None


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def _mod_dir(cal: _Cal, mod: str | None) -> int:
    """-1 past modifier, +1 next modifier, 0 current/none."""
    if not mod:
        return 0
    return -1 if mod in cal.past else 1 if mod in cal.nxt else 0


@dataclass(slots=True)
class _Res:
    value: date | None
    precision: int | None
    kind: str
    approx: bool = False
    year: int | None = None
    confidence: float = 1.0
    calendar: str = "gregorian"


def _month_of(cal: _Cal, mon: str) -> tuple[int, bool]:
    """(month number, is_hijri)."""
    if mon in cal.months:
        return cal.months[mon], False
    return cal.hijri_months[mon], True


def _resolve_dm(y: int | None, m: int, d: int, hijri: bool, pub: date | None, direction: int) -> tuple[date | None, int | None]:
    """A day and month, with the year given or inferred from the publication date."""
    if y is not None:
        return (_hijri_safe(y, m, d) if hijri else _safe_date(y, m, d)), y
    if pub is None:
        return None, None
    if hijri:
        py = gregorian_to_hijri(pub)[0]
        cands = [(yy, _hijri_safe(yy, m, d)) for yy in (py - 1, py, py + 1)]
    else:
        cands = [(yy, _safe_date(yy, m, d)) for yy in (pub.year - 1, pub.year, pub.year + 1)]
    valid = [(yy, c) for yy, c in cands if c is not None]
    if direction > 0:
        after = [(yy, c) for yy, c in valid if c > pub]
        return (after[0][1], after[0][0]) if after else (None, None)
    before = [(yy, c) for yy, c in valid if c <= pub]
    return (before[-1][1], before[-1][0]) if before else (None, None)


def _hijri_safe(y: int, m: int, d: int) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 30 and 1 <= y <= 9000):
        return None
    try:
        return hijri_to_gregorian(y, m, d)
    except (ValueError, OverflowError):
        return None


def _year_ok(y: int, hijri: bool) -> bool:
    return 1300 <= y <= 1600 if hijri else 1900 <= y <= 2100


def _res_dmy(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    m, hijri = _month_of(cal, str(g["mon"]))
    d = int(g["dnum"]) if g.get("dnum") else cal.ordinals.get(str(g.get("dord")), 0)
    y = int(g["year"]) if g.get("year") else None
    hijri = hijri or bool(g.get("hmark"))
    if y is not None and not _year_ok(y, hijri):
        return None
    val, yy = _resolve_dm(y, m, d, hijri, pub, _mod_dir(cal, g.get("mod")))
    if val is None and y is not None:
        return None  # impossible date (31 شباط)
    conf = 1.0
    if val is not None and g.get("wd") and cal.weekdays[str(g["wd"])] != val.weekday():
        conf = 0.5
    return _Res(val, DAY if val else None, "absolute", year=yy, confidence=conf,
                calendar="hijri" if hijri else "gregorian")


def _res_month(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    m, hijri = _month_of(cal, str(g["mon"]))
    y = int(g["year"]) if g.get("year") else None
    hijri = hijri or bool(g.get("hmark"))
    if y is not None and not _year_ok(y, hijri):
        return None
    if y is None:
        if pub is None:
            return _Res(None, None, "month", calendar="hijri" if hijri else "gregorian")
        y = _infer_month_year(m, pub, hijri, _mod_dir(cal, g.get("mod")))
    val = _hijri_safe(y, m, 15) if hijri else _safe_date(y, m, 15)
    return _Res(val, MONTH if val else None, "month", approx=True, year=y, calendar="hijri" if hijri else "gregorian")


def _infer_month_year(m: int, pub: date, hijri: bool, direction: int) -> int:
    """Year of the most recent month ``m`` up to publication (``الماضي``: before it; ``المقبل``: after)."""
    py, pm = gregorian_to_hijri(pub)[:2] if hijri else (pub.year, pub.month)
    if direction > 0:
        return py if m > pm else py + 1
    if direction < 0:
        return py if m < pm else py - 1
    return py if m <= pm else py - 1


def _res_num(g: dict[str, str | None], pub: date | None) -> _Res | None:
    y, m, d = int(str(g["year"])), int(str(g["mnum"])), int(str(g["dnum"]))
    if not _year_ok(y, False):
        return None
    val = _safe_date(y, m, d)
    return _Res(val, DAY, "absolute", year=y) if val else None


def _res_year(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    y = int(str(g["year"]))
    hijri = bool(g.get("hmark"))
    if not _year_ok(y, hijri):
        return None
    if hijri:
        y = hijri_to_gregorian(y, 1, 1).year  # the Gregorian year in which that Hijri year starts
    return _Res(None, None, "year", approx=True, year=y, calendar="hijri" if hijri else "gregorian")


def _weekday_before(pub: date, wd: int, strict: bool) -> date:
    delta = (pub.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _weekday_after(pub: date, wd: int) -> date:
    return pub + timedelta(days=((wd - pub.weekday()) % 7) or 7)


def _res_overnight(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    """The night between two consecutive weekdays, dated by the second; other pairs are no such night."""
    if (cal.weekdays[str(g["wd"])] - cal.weekdays[str(g["wd1"])]) % 7 != 1:
        return None
    return _res_weekday(cal, {**g, "tod_or_day": "1"}, pub)


def _res_weekday(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    wd_word = str(g["wd"])
    wd = cal.weekdays[wd_word]
    rel, mod = g.get("rel"), g.get("mod")
    if wd_word in cal.ambiguous_weekdays and not (rel or mod or g.get("yawm") or g.get("tod_or_day")):
        return None
    if pub is None:
        return _Res(None, None, "weekday")
    if rel:
        off = cal.rel_days[str(rel)]
        day = pub + timedelta(days=off)
        if day.weekday() == wd:
            return _Res(day, DAY, "weekday")
        fallback = _weekday_after(pub, wd) if off > 0 else _weekday_before(pub, wd, strict=off < 0)
        return _Res(fallback, DAY, "weekday", confidence=0.5)
    direction = _mod_dir(cal, mod)
    if direction > 0:
        return _Res(_weekday_after(pub, wd), DAY, "weekday", confidence=0.9)
    return _Res(_weekday_before(pub, wd, strict=direction < 0), DAY, "weekday", confidence=0.9)


def _res_relday(cal: _Cal, g: dict[str, str | None], pub: date | None, after: str) -> _Res | None:
    rel = str(g["rel"])
    off = cal.rel_days[rel]
    if off == 0 and after.split(" ", 1)[0] in cal.today_not_followed:
        return None  # اليوم التالي, اليوم العالمي …
    if pub is None:
        return _Res(None, None, "relative")
    return _Res(pub + timedelta(days=off), DAY, "relative")


def _rel_units(cal: _Cal, unit: str, n: int | None, pub: date | None) -> _Res:
    name, _form, days = cal.units[unit]
    if n is None:  # vague: "قبل أيام", "قبل عدة أسابيع"
        spec = cal.vague_relative[name]
        if pub is None or spec.get("offset") is None:
            return _Res(None, None, "relative", approx=True)
        return _Res(pub + timedelta(days=int(spec["offset"])), int(spec["precision"]), "relative", approx=True)
    if name == "year":
        return _Res(None, None, "year", approx=True, year=(pub.year - n) if pub else None)
    if pub is None:
        return _Res(None, None, "relative")
    if name == "month":
        y, m = _shift_month(pub.year, pub.month, -n)
        return _Res(date(y, m, 15), MONTH, "relative", approx=True)
    return _Res(pub - timedelta(days=n * days), DAY if name == "day" else WEEK, "relative", approx=name != "day")


def _res_counted(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    unit = str(g["unit"])
    _name, form, _days = cal.units[unit]
    if g.get("num"):
        n = parse_number(str(g["num"]))
        if n is None or n <= 0 or n > 1000 or form == "dual":
            return None
        return _rel_units(cal, unit, n, pub)
    if g.get("vague") or form == "plural":
        if form != "plural":
            return None
        return _rel_units(cal, unit, None, pub)
    return _rel_units(cal, unit, 2 if form == "dual" else 1, pub)


def _res_window(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    return _rel_units(cal, str(g["unit"]), None, pub)


def _res_period(cal: _Cal, g: dict[str, str | None], pub: date | None) -> _Res | None:
    if not (g.get("this") or g.get("mod")):
        return None
    name = cal.periods[str(g["per"])]
    direction = _mod_dir(cal, g.get("mod"))
    if name == "year":
        return _Res(None, None, "year", approx=True, year=(pub.year + direction) if pub else None)
    if pub is None:
        return _Res(None, None, "relative", approx=True)
    if name == "week":
        return _Res(pub + timedelta(days=7 * direction if direction else -3), WEEK, "relative", approx=True)
    y, m = _shift_month(pub.year, pub.month, direction)
    return _Res(date(y, m, 15), MONTH, "relative", approx=True)


# --------------------------------------------------------------------------------------------
# public API


_Resolver = Callable[[_Cal, dict[str, Any], "date | None"], "_Res | None"]
_RESOLVERS: dict[str, _Resolver] = {
    "dmy": _res_dmy, "my": _res_month, "month": _res_month,
    "num_dmy": lambda c, g, p: _res_num(g, p), "num_ymd": lambda c, g, p: _res_num(g, p),
    "year": _res_year, "weekday": _res_weekday, "overnight": _res_overnight, "counted": _res_counted,
    "window": _res_window, "period": _res_period,
}
# when two candidates overlap, the longer wins; on equal length this order decides
_PRIORITY = {k: i for i, k in enumerate(
    ("dmy", "num_dmy", "num_ymd", "my", "month", "overnight", "weekday", "counted", "window", "relday", "year",
     "period"))}


def find_dates_norm(nt: NormalizedText, text: str, published: str | None) -> list[DateMention]:
    """As :func:`find_dates` when the caller already has ``normalize(text)`` (e.g. ``article.norm``)."""
    cal = _cal()
    pub = _parse_published(published)
    norm = nt.text
    cands: list[tuple[int, int, str, _Res]] = []
    found: dict[re.Pattern[str], bool] = {}  # anchor -> occurs in norm
    for (rx, kind), anchors in zip(cal.patterns, cal.anchors, strict=True):
        if not all(found[a] if a in found else found.setdefault(a, a.search(norm) is not None) for a in anchors):
            continue
        for m in rx.finditer(norm):
            g = m.groupdict()
            if kind == "relday":
                res = _res_relday(cal, g, pub, norm[m.end("m"):].lstrip())
            else:
                if kind == "weekday":
                    g["tod_or_day"] = "1" if m.group("m") != g["wd"] else None
                res = _RESOLVERS[kind](cal, g, pub)
            if res is not None:
                cands.append((m.start("m"), m.end("m"), kind, res))
    cands.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for s, e, _kind, r in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        os_, oe = nt.span_to_original(s, e)
        oe = extend_over_marks(text, oe)
        out.append(DateMention(
            os_, oe, text[os_:oe], _iso(r.value), r.precision if r.value else None, r.kind, r.approx,
            r.year if r.year is not None else (r.value.year if r.value else None), r.confidence, r.calendar,
        ))
    out.sort(key=lambda d: d.start)
    return out


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published`` ('YYYY-MM-DD' or None)."""
    return find_dates_norm(normalize(text), text, published)


__all__ = [
    "DateMention", "find_dates", "find_dates_norm",
    "hijri_to_gregorian", "gregorian_to_hijri", "tabular_hijri_to_gregorian",
]
