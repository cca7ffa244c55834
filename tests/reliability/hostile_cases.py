"""The hostile-input corpus: small cases saved under tests/fixtures/hostile/, big ones built at test time.

Each case names the outcome it must have (articles, rejections) — decided by what a user should get,
not recorded from the code.  ``python -m tests.reliability.hostile_cases`` (re)writes the small files
and ``expected.tsv``; inputs found by the fuzzers are added to ``CASES`` and so become regressions.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.conftest import HOSTILE_DIR

NEWS = (
    "دمشق - قصفت القوات الروسية بلدة كفرنبل في ريف إدلب الجنوبي صباح الثلاثاء.\n"
    "وقال المرصد السوري لحقوق الإنسان إن خمسة مدنيين قتلوا في الغارة الجوية، بينهم طفلان.\n"
    "وأعلنت كتائب حزب الله مسؤوليتها عن هجوم على قاعدة عين الأسد في محافظة الأنبار.\n"
)
DIACRITICS = (
    "قَصَفَتِ الْقُوَّاتُ الرُّوسِيَّةُ بَلْدَةَ كَفْرَنْبُلَ فِي رِيفِ إِدْلِبَ الْجَنُوبِيِّ صَبَاحَ الثُّلَاثَاءِ.\n"
    "وَقَالَ الْمَرْصَدُ السُّورِيُّ لِحُقُوقِ الْإِنْسَانِ إِنَّ خَمْسَةَ مَدَنِيِّينَ قُتِلُوا فِي الْغَارَةِ الْجَوِّيَّةِ.\n"
)
BIDI = (
    "\u202eقصفت القوات الروسية بلدة كفرنبل في ريف إدلب الجنوبي\u202c صباح الثلاثاء (AFP) \u2066١٢ قتيلاً\u2069.\n"
    "وقال \u2067المرصد السوري\u2069 إن \u2068Hezbollah\u2069 أو \u200fكتائب\u200c حزب\u200d الله\u200e أعلنت مسؤوليتها عن الهجوم.\n"
    "وأضاف مصدر محلي أن الغارات استهدفت الأحياء السكنية في المدينة.\n"
)


@dataclass(frozen=True)
class Case:
    name: str  # file name (its extension picks the reader)
    make: Callable[[], bytes]
    articles: int  # articles it must yield
    rejections: int  # rejections it must yield
    small: bool = True  # saved in tests/fixtures/hostile/ (else built at test time)
    same_body_as: str | None = None  # another case whose article body must be identical


def _rand(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _jsonl(*records: object) -> bytes:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


_T = NEWS.replace("\n", " ")

CASES: list[Case] = [
    Case("utf8.txt", lambda: NEWS.encode("utf-8"), 1, 0),
    Case("utf8_bom.txt", lambda: b"\xef\xbb\xbf" + NEWS.encode("utf-8"), 1, 0, same_body_as="utf8.txt"),
    Case("crlf.txt", lambda: NEWS.replace("\n", "\r\n").encode("utf-8"), 1, 0, same_body_as="utf8.txt"),
    Case("windows1256.txt", lambda: NEWS.encode("cp1256"), 1, 0, same_body_as="utf8.txt"),
    Case("iso8859_6.txt", lambda: NEWS.replace("،", ",").encode("iso8859_6"), 1, 0),
    Case("utf16le_bom.txt", lambda: NEWS.encode("utf-16"), 1, 0, same_body_as="utf8.txt"),
    Case("utf16be_bom.txt", lambda: b"\xfe\xff" + NEWS.encode("utf-16-be"), 1, 0, same_body_as="utf8.txt"),
    Case("utf16le_nobom.txt", lambda: NEWS.encode("utf-16-le"), 1, 0, same_body_as="utf8.txt"),
    Case("utf16be_nobom.txt", lambda: NEWS.encode("utf-16-be"), 1, 0, same_body_as="utf8.txt"),
    Case("utf32_bom.txt", lambda: NEWS.encode("utf-32"), 1, 0, same_body_as="utf8.txt"),
    Case("diacritics.txt", lambda: DIACRITICS.encode("utf-8"), 1, 0),
    Case("bidi_controls.txt", lambda: BIDI.encode("utf-8"), 1, 0),
    Case("random_bytes.txt", lambda: _rand(4096, 1), 0, 1),
    Case("random_bytes.html", lambda: _rand(4096, 2), 0, 1),
    Case("nul_bytes.txt", lambda: b"\x00" * 512, 0, 1),
    Case("arabic_with_nuls.txt", lambda: NEWS.encode("utf-8").replace(b" ", b"\x00"), 0, 1),
    Case("empty.txt", lambda: b"", 0, 1),
    Case("whitespace.txt", lambda: b" \n\t\r\n   \n", 0, 1),
    Case("bom_only.txt", lambda: b"\xef\xbb\xbf", 0, 1),
    Case("utf8_truncated_char.txt", lambda: NEWS.encode("utf-8")[:-1], 1, 0),
    Case("unsupported.pdf", lambda: b"%PDF-1.4\n" + _rand(200, 3), 0, 1),
    Case("no_extension", lambda: NEWS.encode("utf-8"), 0, 1),
    Case("script_only.html", lambda: ("<html><body><script>var a='" + _T + "';</script></body></html>").encode(), 0, 1),
    Case("empty_body.html", lambda: b"<!doctype html><html><head><title>x</title></head><body></body></html>", 0, 1),
    Case("truncated.html", lambda: ("<html><head><title>خبر</title></head><body><article><p>" + _T + "</p><p>" + _T)[:-40].encode(), 1, 0),
    Case("unclosed_tags.html", lambda: ("<html><body>" + "<p><b><i>" * 50 + _T).encode(), 1, 0),
    Case("comment_bomb.html", lambda: ("<html><body><!--" + "-" * 5000 + "<p>" + _T + "</p></body></html>").encode(), 0, 1),
    Case("html_in_txt.txt", lambda: ("<p>" + _T + "</p>\n<script>alert(1)</script>\n" + NEWS).encode(), 1, 0),
    Case("jsonl_bad_lines.jsonl", lambda: _jsonl(
        {"id": "ok1", "text": NEWS},
        "{not json",
        '{"text": "' + _T,  # truncated record
        [1, 2, 3],
        {"text": 5},
        {"text": None},
        {"text": ["a"]},
        {"text": "   "},
        {"title": "no text"},
        {"id": "ok2", "text": NEWS + " ثانية"},
    ), 2, 8),
    Case("jsonl_wrong_types.jsonl", lambda: _jsonl(
        {"id": 1, "text": NEWS + " 1", "title": {"a": 1}},
        {"id": [1], "text": NEWS + " 2", "source": [1, 2]},
        {"text": NEWS + " 3", "url": 5, "date": 20180101},
        {"text": NEWS + " 4", "author": True, "category": {"x": None}},
        {"text": NEWS + " 5", "date": "9999999-99-99", "source": "", "url": "javascript:alert(1)"},
    ), 5, 0),
    Case("jsonl_nan_huge.jsonl", lambda: (
        '{"id": 123456789012345678901234567890, "text": "' + _T + ' 1", "date": 1e999}\n'
        '{"id": "n", "text": "' + _T + ' 2", "date": NaN, "url": Infinity, "source": -Infinity}\n'
        '{"text": 1e999}\n'
    ).encode(), 2, 1),
    Case("jsonl_escaped_controls.jsonl", lambda: _jsonl(
        {"text": NEWS + "\u0000 بعد الصفر", "title": "عنوان\u0000"},
        {"text": "\u202e" + NEWS, "title": "\u2066عنوان\u2069"},
    ), 2, 0),
    Case("jsonl_not_utf8.jsonl", lambda: _jsonl({"text": NEWS}) + ('{"text": "' + _T + '"}\n').encode("cp1256"), 1, 1),
    Case("jsonl_raw_nul.jsonl", lambda: _jsonl({"text": NEWS}) + b'{"text": "a\x00b"}\n', 1, 1),
    Case("jsonl_blank_lines.jsonl", lambda: b"\n\n" + _jsonl({"text": NEWS}) + b"\n\n", 1, 0),
    Case("jsonl_u2028.jsonl", lambda: _jsonl({"text": NEWS.replace("\n", "\u2028")}), 1, 0),
    # big ones: generated at test time, never saved
    Case("deep_nesting.html", lambda: ("<html><body>" + "<div>" * 10_000 + "<p>" + _T * 3 + "</p>" + "</div>" * 10_000
                                       + "</body></html>").encode(), 1, 0, small=False),
    Case("deep_unclosed.html", lambda: ("<html><body>" + "<div><span>" * 10_000 + _T * 3).encode(), 1, 0, small=False),
    # 0.5-2.8M characters of story: over MARSAD_MAX_ARTICLE_CHARS (100k), so rejected with a one-line
    # reason before analysis (the corpus's longest article has 33.7k characters)
    Case("long_line_1mb.txt", lambda: (_T * (1_000_000 // len(_T.encode()) + 1)).encode(), 0, 1, small=False),
    Case("long_line_5mb.txt", lambda: ("عنوان\n" + _T * (5_000_000 // len(_T.encode()) + 1)).encode(), 0, 1, small=False),
    Case("long_line_1mb.jsonl", lambda: _jsonl({"text": _T * (1_000_000 // len(_T.encode()) + 1)}), 0, 1, small=False),
    Case("long_line_1mb.html", lambda: ("<html><body><p>" + _T * (1_000_000 // len(_T.encode()) + 1) + "</p></body></html>").encode(),
         0, 1, small=False),
]

BY_NAME = {c.name: c for c in CASES}


def write_small(folder: Path = HOSTILE_DIR) -> list[Path]:
    """Write the small cases and ``expected.tsv`` (name, articles, rejections, same_body_as)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    rows = ["# name\tarticles\trejections\tsame_body_as  (written by tests/reliability/hostile_cases.py)"]
    for c in CASES:
        if not c.small:
            continue
        p = folder / c.name
        p.write_bytes(c.make())
        written.append(p)
        rows.append(f"{c.name}\t{c.articles}\t{c.rejections}\t{c.same_body_as or ''}")
    (folder / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return written


def read_expected(folder: Path = HOSTILE_DIR) -> dict[str, tuple[int, int, str | None]]:
    out: dict[str, tuple[int, int, str | None]] = {}
    for line in (folder / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, arts, rejs, same = (line.split("\t") + [""])[:4]
        out[name] = (int(arts), int(rejs), same or None)
    return out


if __name__ == "__main__":
    for p in write_small():
        print(p)
