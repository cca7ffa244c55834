"""Readers and encoding detection: every bad input is one Rejection, never an exception."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from marsad.config import EXAMPLES_DIR
from marsad.ingest.encoding import DecodeError, decode_bytes
from marsad.ingest.readers import TEXT_KEY, read_path, sniff_format
from marsad.model import Article, Rejection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
ARABIC = "قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين.\nوقال الدفاع المدني إن فرقه انتشلت الجثث."


def _one(path: str | Path) -> Article | Rejection:
    items = list(read_path(path))
    assert len(items) == 1, items
    return items[0]


def _rejected(path: str | Path, fragment: str) -> None:
    item = _one(path)
    assert isinstance(item, Rejection), item
    assert fragment in item.reason, item.reason
    assert item.source_path == str(path)


# --- files and folders -----------------------------------------------------------------------------
def test_reads_the_seed_folder_sorted_with_raw_text() -> None:
    items = list(read_path(EXAMPLES_DIR))
    assert [Path(a.source_path).name for a in items] == sorted(p.name for p in EXAMPLES_DIR.glob("*.txt"))
    for a in items:
        assert isinstance(a, Article) and a.raw_format == "txt"
        assert a.raw == Path(a.source_path).read_text(encoding="utf-8")


def test_folder_recurses_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(ARABIC, encoding="utf-8")
    names = [Path(a.source_path).relative_to(tmp_path).as_posix() for a in read_path(tmp_path)]
    assert names == ["a.txt", "b/c.txt"]


def test_missing_path(tmp_path: Path) -> None:
    _rejected(tmp_path / "nope.txt", "no such file or directory")


def test_empty_file(tmp_path: Path) -> None:
    for name, data in (("e.txt", b""), ("w.txt", b"  \n\n "), ("e.jsonl", b""), ("e.html", b"")):
        (tmp_path / name).write_bytes(data)
        _rejected(tmp_path / name, "empty")


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    _rejected(p, "binary")


def test_undecodable_bytes(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(b"\xff\xfe" + b"\x00\xd8\x41\x00" * 10)  # UTF-16 BOM then a broken surrogate pair
    _rejected(p, "undecodable")


def test_unsupported_type(tmp_path: Path) -> None:
    p = tmp_path / "report.pdf"
    p.write_bytes(b"%PDF-1.4")
    _rejected(p, "unsupported file type")


def test_too_large_txt_is_rejected_but_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_MAX_INPUT_BYTES", "1000")
    (tmp_path / "a_big.txt").write_text(ARABIC * 20, encoding="utf-8")
    (tmp_path / "b_ok.txt").write_text(ARABIC[:200], encoding="utf-8")
    items = list(read_path(tmp_path))
    assert isinstance(items[0], Rejection) and "file too large" in items[0].reason
    assert isinstance(items[1], Article)


@pytest.mark.parametrize("html", ["", "<html><head><title>عنوان", "<html><body><div></div></body></html>"])
def test_empty_or_truncated_html(tmp_path: Path, html: str) -> None:
    p = tmp_path / "page.html"
    p.write_text(html + " ", encoding="utf-8")
    item = _one(p)
    assert isinstance(item, Rejection)
    assert "empty" in item.reason or "no article text" in item.reason


# --- encodings ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256", "utf-16", "utf-16-le", "utf-16-be",
                                      "iso8859_6"])
def test_encoding_round_trip(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / f"a_{encoding}.txt"
    p.write_bytes(ARABIC.encode(encoding))
    item = _one(p)
    assert isinstance(item, Article), item
    assert item.raw == ARABIC


def test_decode_bytes_errors() -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode_bytes(b"")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(bytes(range(32)) * 50)
    assert decode_bytes(ARABIC.encode("cp1256")).encoding == "cp1256"


# --- jsonl ------------------------------------------------------------------------------------------
def _record(**kw: object) -> str:
    rec = {"id": "x/1", "source": "alarabiya", "url": "https://www.alarabiya.net/a.html",
           "date": "2018-02-18T21:35:43+04:00", "title": "عنوان", "text": ARABIC}
    rec.update(kw)
    return json.dumps(rec, ensure_ascii=False)


def test_jsonl_bad_lines_among_good(tmp_path: Path) -> None:
    lines = [
        _record(id="a"),
        "{not json",
        "[1, 2]",
        json.dumps({"id": "b", "title": "x"}),
        _record(text=42),
        _record(text="   "),
        "",
        _record(id="c", text="سطر أول\u2028ما زال السطر نفسه\nسطر ثان"),
    ]
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(p))
    assert [i.source_path for i in items] == [f"{p}:{n}" for n in (1, 2, 3, 4, 5, 6, 8)]
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "Rejection", "Rejection", "Rejection", "Rejection", "Rejection", "Article"]
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert "not valid JSON" in reasons[0]
    assert "not a JSON object" in reasons[1]
    assert "no 'text'" in reasons[2]
    assert "not a string" in reasons[3]
    assert "empty" in reasons[4]
    first, last = items[0], items[-1]
    assert isinstance(first, Article) and first.raw == lines[0] and first.raw_format == "jsonl"
    assert first.meta["source"] == "alarabiya" and first.meta["id"] == "a" and first.meta["title"] == "عنوان"
    assert first.meta["url"].startswith("https://") and first.meta["date"].startswith("2018-02-18")
    assert isinstance(last, Article) and "\u2028" in last.meta[TEXT_KEY]  # split on "\n" only


def test_jsonl_invalid_utf8_line_and_per_record_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_MAX_INPUT_BYTES", "2000")
    p = tmp_path / "c.jsonl"
    big = _record(text=ARABIC * 20)
    p.write_bytes(b"\n".join([_record().encode(), b'{"text": "\xff\xfe bad"}', big.encode(), _record().encode()]))
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Article", "Rejection", "Rejection", "Article"]
    assert "UTF-8" in items[1].reason and "too large" in items[2].reason


# --- html --------------------------------------------------------------------------------------------
def test_html_fixture_with_meta_tags() -> None:
    item = _one(FIXTURES / "page.html")
    assert isinstance(item, Article) and item.raw_format == "html"
    assert item.meta["published"].startswith("2023-03-14")
    assert item.meta["site_name"] == "عنب بلدي"
    assert item.meta["author"] == "فريق التحرير"
    assert item.meta["url"] == "https://www.enabbaladi.net/archives/123456"
    assert item.meta["html_title"].startswith("قصف مدفعي")
    text = item.meta[TEXT_KEY]
    assert "كنصفرة والبارة" in text and "الرئيسية" not in text


# --- stdin --------------------------------------------------------------------------------------------
def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (_record(id="a") + "\n" + _record(id="b") + "\n").encode())
    items = list(read_path("-"))
    assert [i.source_path for i in items] == ["-:1", "-:2"]
    assert all(isinstance(i, Article) and i.raw_format == "jsonl" for i in items)


def test_stdin_txt_and_html(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, ARABIC.encode("cp1256"))
    item = _one("-")
    assert isinstance(item, Article) and item.raw_format == "txt" and item.raw == ARABIC
    _stdin(monkeypatch, (FIXTURES / "page.html").read_bytes())
    item = _one("-")
    assert isinstance(item, Article) and item.raw_format == "html"


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    item = _one("-")
    assert isinstance(item, Rejection) and item.source_path == "-" and "empty" in item.reason


def test_sniff_format() -> None:
    assert sniff_format('{"text": "a"}\n\n{"text": "b"}\n') == "jsonl"
    assert sniff_format('{"text": "a"}\nplain line') == "txt"
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_format("سطر عادي\nسطر آخر") == "txt"


# --- size --------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_fifty_megabyte_jsonl_streams(tmp_path: Path) -> None:
    line = _record(text=ARABIC * 30)
    p = tmp_path / "big.jsonl"
    n = 50_000_000 // (len(line.encode()) + 1) + 1
    with p.open("w", encoding="utf-8") as fh:
        for _ in range(n):
            fh.write(line + "\n")
    count = sum(1 for i in read_path(p) if isinstance(i, Article))
    assert count == n


def test_count_records_estimates_what_the_readers_yield(tmp_path: Path) -> None:
    from marsad.ingest.readers import count_records, read_path

    (tmp_path / "a.jsonl").write_text('{"text": "أ"}\n{"text": "ب"}\n{"text": "ج"}', encoding="utf-8")  # no final newline
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"text": "د"}\n', encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("خبر", encoding="utf-8")
    (tmp_path / ".hidden.jsonl").write_text('{"text": "x"}\n' * 9, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert count_records([tmp_path, missing]) == 3 + 1 + 1 + 1
    assert count_records([tmp_path, missing]) == sum(1 for p in (tmp_path, missing) for _ in read_path(p))
    assert count_records([tmp_path, "-"]) is None  # stdin: unknown
