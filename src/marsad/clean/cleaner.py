"""Cleaning: page chrome out, story in verbatim; title, outlet, byline, dateline, date and url set.

:func:`clean_article` works line by line on the reader's text (``txt``: the raw page; ``jsonl``/``html``:
the extracted text in ``meta["_text"]``). All patterns live in knowledge/data/boilerplate.yaml.
Steps: unescape HTML entities → strip navigation prefixes → cut at "related articles" → drop chrome lines
(share buttons, counters, tracking tokens, captions …) → title (greeting banner, site suffix, duplicate
title line) → byline/dateline line or first-paragraph prefix → trailing junk → body = lines joined by "\\n".

Outlet resolution order: byline line > html site_name/domain > jsonl source slug > title suffix.
A republisher named only by the title suffix or the greeting (It's Over 9000!, سعودي فايف) is kept in
``meta["site"]``; when the byline names the original outlet (بلدي نيوز) that outlet wins. Seed 002 is
سعودي فايف republishing a story whose source it quotes as «العين الإخبارية»; a quoted source inside a
sentence is not a byline, so the outlet is the page's own site (سعودي فايف).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from marsad.clean.boilerplate import Rules, load_rules
from marsad.clean.metadata import (
    BylineInfo,
    drop_own_outlet,
    find_stated_date,
    parse_author_field,
    parse_byline,
    parse_published,
    strip_title_suffix,
)
from marsad.ingest.readers import TEXT_KEY
from marsad.knowledge.outlets import OutletRecord, find_outlet_record, outlet_key
from marsad.model import Article, Outlet

_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
_STRIP_CHARS = " \t\r\f\v\u00a0\u200b\u200e\u200f\ufeff\u202a\u202b\u202c\u2028\u2029\u3000"
_STORY_MIN_WORDS = 8  # a line this long counts as story text (guards the "related" truncation)


@dataclass
class _State:
    lines: list[str]
    meta_lists: dict[str, list[str]] = field(default_factory=dict)


def _unescape(s: str) -> str:
    return html.unescape(s) if "&" in s and _ENTITY_RE.search(s) else s


def _prepare(text: str, rules: Rules) -> list[str]:
    out = []
    for raw in text.split("\n"):
        line = _unescape(raw.strip(_STRIP_CHARS))
        if line and line[:1].isascii():
            m = rules.strip_prefix.match(line)
            if m and m.end():
                line = line[m.end():].strip(_STRIP_CHARS)
        if line and len(line) > 20 and any(n in line for n in rules.cut_tail_needs):
            m = rules.cut_tail.search(line)
            if m and m.start() > 0 and line[:m.start()].strip():
                line = line[:m.start()].rstrip(_STRIP_CHARS)  # a trailer run into the story line
        if line:
            out.append(line)
    return out


def _is_headline_like(line: str, rules: Rules, max_words: int = 20) -> bool:
    return len(line.split()) <= max_words and not rules.terminal_punct.search(line)


def _truncate(lines: list[str], rules: Rules, start: int) -> list[str]:
    """Cut at the first end-of-story marker that follows some story text (``start`` skips the title)."""
    seen_story = False
    for i, line in enumerate(lines):
        if i >= start and len(line) < 60 and rules.truncate.fullmatch(line):
            if seen_story:
                return lines[:i]
            lines = lines[:i] + lines[i + 1:]  # a widget heading before the story: drop the line only
            return _truncate(lines, rules, start)
        if i >= start and len(line.split()) >= _STORY_MIN_WORDS:
            seen_story = True
    return lines


def _drop_chrome(st: _State, rules: Rules) -> None:
    kept: list[str] = []
    skip_titles = 0
    for line in st.lines:
        if skip_titles:
            if _is_headline_like(line, rules) and len(line.split()) >= 2:
                skip_titles -= 1
                st.meta_lists.setdefault("read_also", []).append(line)
                continue
            skip_titles = 0
        if len(line) <= 400 and rules.drop.fullmatch(line):
            continue
        matched = False
        for rule in rules.keep_in_meta:
            m = rule.regex.fullmatch(line) if len(line) <= 400 else None
            if m:
                st.meta_lists.setdefault(rule.meta_key, []).append((m.group(1) if m.groups() else line).strip())
                matched = True
                break
        if matched:
            continue
        if len(line) <= 220:
            m = rules.read_also.fullmatch(line)
            if m:
                rest = (m.group(1) or "").strip()
                if rest:
                    st.meta_lists.setdefault("read_also", []).append(rest)
                else:
                    skip_titles = rules.read_also_max_titles
                continue
        kept.append(line)
    st.lines = kept


def _trailing(lines: list[str], rules: Rules) -> list[str]:
    while len(lines) > 1:
        last = lines[-1]
        words = len(last.split())
        if rules.trailing.fullmatch(last):
            lines.pop()
            continue
        if words <= rules.trailing_max_words and not rules.terminal_punct.search(last):
            if rules.latin_only.fullmatch(last) or words <= rules.trailing_brand_words:
                lines.pop()
                continue
        break
    return lines


def _looks_like_title(line: str, rules: Rules) -> bool:
    return len(line.split()) <= rules.title_max_words and not rules.not_title_end.search(line)


def _take_title(st: _State, article: Article, rules: Rules, sites: list[str]) -> str | None:
    """Title from the text (txt) or metadata (jsonl/html); removes its line(s) from ``st.lines``."""
    title: str | None = None
    if article.raw_format == "txt":
        if st.lines:
            first = st.lines[0]
            for g in rules.greetings:
                m = g.fullmatch(first)
                if m:
                    sites.append(m.group("site").strip())
                    title = m.group("title").strip()
                    st.lines.pop(0)
                    break
            else:
                if _looks_like_title(first, rules):
                    title = first
                    st.lines.pop(0)
    else:
        meta = article.meta
        for key in ("title", "og_title", "html_title"):
            val = meta.get(key)
            if isinstance(val, str) and val.strip():
                title = _unescape(" ".join(val.split()))
                break
    if not title:
        return None
    near = tuple(ln for ln in st.lines[:4] if len(ln) <= len(title))
    head, site = strip_title_suffix(title, known_sites=tuple(sites), other_lines=near, rules=rules)
    if site:
        sites.append(site)
    # drop the page's repetition of its own title near the top
    keys = {outlet_key(head), outlet_key(title)}
    max_len = len(title) + 10
    kept = [ln for i, ln in enumerate(st.lines) if not (i < 4 and len(ln) <= max_len and outlet_key(ln) in keys)]
    if kept or article.raw_format == "txt":  # a jsonl record whose whole text is its title keeps it
        st.lines = kept
    return head


def _take_byline(st: _State, rules: Rules) -> tuple[BylineInfo | None, str | None]:
    """Byline/dateline from the first lines (removed) or a first-paragraph prefix; plus a stated date."""
    stated: str | None = None
    info: BylineInfo | None = None
    for i, line in enumerate(st.lines[: rules.byline_search_lines]):
        for pat in rules.dateline_lines:
            m = pat.fullmatch(line)
            if m:
                info = BylineInfo(outlet=find_outlet_record(m.group("outlet")) if m.group("outlet") else None,
                                  dateline=m.group("dateline").strip())
                stated = find_stated_date(line, rules)
                del st.lines[i]
                break
        if info:
            break
        if len(line) <= rules.byline_max_chars and not line.endswith((".", "؟", "!")):
            info = parse_byline(line, rules=rules)
            if info:
                del st.lines[i]
                break
    if st.lines:
        first = st.lines[0]
        for pat in rules.dateline_prefixes:
            m = pat.match(first)
            if m and len(first) > m.end():
                info = info or BylineInfo()
                info.dateline = info.dateline or m.group("dateline").strip(" ،,")
                if m.groupdict().get("outlet"):  # a wire/house credit, not the publisher
                    st.meta_lists.setdefault("credit", []).append(m.group("outlet"))
                st.lines[0] = first[m.end():].lstrip()
                return info, stated
        m = rules.byline_prefix.match(first)
        if m and len(first) > m.end():
            pre = parse_byline(m.group("head"), rules=rules)
            if pre and pre.outlet:
                st.lines[0] = first[m.end():].lstrip()
                if info is None:
                    info = pre
                else:
                    info.byline = info.byline or pre.byline
                    info.dateline = info.dateline or pre.dateline
                    info.outlet = info.outlet or pre.outlet
    return info, stated


def _outlet(info: BylineInfo | None, article: Article, sites: list[str]) -> OutletRecord | None:
    meta = article.meta
    if info and info.outlet:
        return info.outlet
    keys = ("site_name", "url", "source") if article.raw_format == "html" else ("source", "site_name", "url")
    for key in keys:
        rec = find_outlet_record(meta.get(key))
        if rec:
            return rec
    for s in reversed(sites):
        rec = find_outlet_record(s)
        if rec:
            return rec
    return None


def _source_text(article: Article) -> str:
    meta = article.meta
    text = meta.get(TEXT_KEY)
    if isinstance(text, str):
        return text
    if article.raw_format == "jsonl":  # cleaned before: parse the record again
        from marsad.ingest.readers import parse_jsonl_record

        again = parse_jsonl_record(article.raw, article.source_path)
        return again.meta.get(TEXT_KEY, "") if isinstance(again, Article) else ""
    if article.raw_format == "html":
        from marsad.ingest.readers import read_html

        again = read_html(article.raw, article.source_path)
        return again.meta.get(TEXT_KEY, "") if isinstance(again, Article) else ""
    return article.raw


def clean_article(article: Article) -> None:
    """Fill body, title, outlet, byline, dateline, published and url of ``article`` (in place)."""
    rules = load_rules()
    meta: dict[str, Any] = article.meta
    st = _State(_prepare(_source_text(article), rules))
    _drop_chrome(st, rules)
    sites: list[str] = []
    title = _take_title(st, article, rules, sites)
    st.lines = _truncate(st.lines, rules, 0)
    info, stated = _take_byline(st, rules)
    st.lines = _trailing(st.lines, rules)

    author = meta.get("author")
    if isinstance(author, str) and author.strip():
        ainfo = parse_author_field(author, rules)
        if ainfo:
            drop_own_outlet(ainfo, _outlet(None, article, sites), rules)
            if info is None:
                info = ainfo
            else:
                info.byline = info.byline or ainfo.byline
                info.dateline = info.dateline or ainfo.dateline
                info.outlet = info.outlet or ainfo.outlet

    rec = _outlet(info, article, sites)
    article.outlet = rec.to_outlet() if rec else None
    site = sites[-1] if sites else meta.get("site_name")
    if site:
        meta["site"] = site
    elif rec is None and sites:
        meta["site"] = sites[-1]
    article.title = title
    article.byline = info.byline if info else None
    article.dateline = info.dateline if info else None
    article.body = "\n".join(st.lines)
    article.published = (parse_published(meta.get("date")) or parse_published(meta.get("published"))
                         or stated)
    url = meta.get("url")
    article.url = url if isinstance(url, str) and url.strip() else None
    for key, values in st.meta_lists.items():
        meta[key] = values
    meta.pop(TEXT_KEY, None)


def to_outlet(rec: OutletRecord | None) -> Outlet | None:
    return rec.to_outlet() if rec else None
