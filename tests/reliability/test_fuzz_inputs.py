"""Property-based fuzzing of every input stage: readers, decoder, cleaner, normaliser, tokeniser,
date/number finders and the analysis pipeline.

Property: any input ends as a storable article or a one-line rejection that names its file; no
exception escapes; each input is bounded in time.  Examples are kept small so the default run stays
well under a minute on a shared 2-core machine (set HYPOTHESIS_PROFILE=reliability-long for more).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.clean.cleaner import clean_article
from marsad.ingest.readers import parse_jsonl_record, read_bytes, read_file, sniff_format
from marsad.model import Article, Rejection
from marsad.text.dates import find_dates
from marsad.text.normalize import normalize, normalize_key
from marsad.text.numbers import find_fatalities, find_quantities, parse_number
from marsad.text.tokens import split_sentences, tokenize
from tests.reliability.conftest import check_outcomes, time_bound

settings.register_profile("reliability", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("reliability-long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "reliability"))
N = PROFILE.max_examples
FUZZED: list[int] = [0]  # inputs tried, read by scripts/reliability_report.py

# ------------------------------------------------------------------ strategies
ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B)) + "ىةؤئإأآٱ"
MARKS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"  # harakat, dagger alif, tatweel
CONTROLS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u2028\u00a0"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳"
PUNCT = " \n\t.,،؛؟!:-—–\"'«»()[]<>/&;#%"
WORDS = ["قصفت", "القوات", "الروسية", "كتائب", "حزب", "الله", "داعش", "إدلب", "دمشق", "بغداد", "مقتل", "خمسة",
         "عشرات", "قتيلا", "يوم", "الثلاثاء", "الماضي", "أمس", "شهر", "رمضان", "1439", "هـ", "كانون", "الثاني",
         "2018", "م", "المرصد", "السوري", "وقال", "بحسب", "نحو", "أكثر", "من", "Hezbollah", "ISIS", "F16", "SY24"]

arabic_text = st.text(alphabet=ARABIC + MARKS + CONTROLS + DIGITS + PUNCT + "abcXYZ", max_size=400)
wordy_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=ARABIC + MARKS + CONTROLS + DIGITS, max_size=8),
                                st.sampled_from(list(PUNCT))), max_size=120).map(" ".join)
any_text = st.one_of(arabic_text, wordy_text, st.text(max_size=300))
ENCODINGS = ["utf-8", "utf-8-sig", "cp1256", "iso8859_6", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]


def encoded(text: str, enc: str) -> bytes:
    return text.encode(enc, errors="replace") if enc not in ("cp1256", "iso8859_6") else text.encode(enc, errors="ignore")


def _count() -> None:
    FUZZED[0] += 1


def _contract(data: bytes, name: str, fmt: str | None) -> list[Article | Rejection]:
    """read → clean for one in-memory input, as the runner does, under a time bound."""
    _count()
    out: list[Article | Rejection] = []
    with time_bound(10, name):
        for it in read_bytes(data, name, fmt):
            if isinstance(it, Article):
                clean_article(it)  # must not raise: the runner would turn it into a rejection
                if not it.body.strip():
                    it = Rejection(it.source_path, "no article text left after cleaning")
            out.append(it)
    if not out:  # blank jsonl: nothing to report is fine only when there is nothing but blank lines
        assert fmt == "jsonl" or (fmt is None and not data.strip()), name
        return out
    check_outcomes(out, name)
    return out


# ------------------------------------------------------------------ readers + cleaner
@settings(PROFILE)
@given(data=st.binary(max_size=3000), fmt=st.sampled_from([None, "txt", "html", "jsonl"]))
def test_random_bytes(data: bytes, fmt: str | None) -> None:
    _contract(data, "fuzz.in", fmt)


@settings(PROFILE)
@given(text=any_text, enc=st.sampled_from(ENCODINGS), fmt=st.sampled_from([None, "txt", "html"]))
def test_text_in_every_encoding(text: str, enc: str, fmt: str | None) -> None:
    _contract(encoded(text, enc), "fuzz.txt", fmt)


@settings(PROFILE)
@given(text=wordy_text.filter(lambda t: len(t.strip()) > 20), enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]))
def test_arabic_survives_encodings(text: str, enc: str) -> None:
    """Arabic text read from any supported encoding cleans to the same body as from UTF-8."""
    if enc == "cp1256" and any(ch not in text.encode("cp1256", errors="ignore").decode("cp1256") for ch in text):
        return  # not representable: nothing to compare
    utf8 = [a.body for a in _contract(text.encode("utf-8"), "a.txt", "txt") if isinstance(a, Article)]
    other = [a.body for a in _contract(text.encode(enc), "b.txt", "txt") if isinstance(a, Article)]
    if len(text.encode(enc)) >= 16 and sum(ch in ARABIC for ch in text) >= 8:
        assert other == utf8


TAGS = ["html", "body", "div", "p", "span", "article", "script", "style", "title", "head", "table", "td", "a", "!--"]


@st.composite
def html_docs(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(wordy_text))
        else:
            parts.append(draw(st.sampled_from(['<meta name="author" content="', '<meta property="og:site_name" content="x">',
                                               '<time datetime="2018-99-99">', "&#x202e;", "&#0;", "&nbsp;", "<![CDATA[",
                                               "<?xml version='1.0'?>", "<!doctype html>", "<br/>", '"', "<"])))
    doc = "".join(parts)
    cut = draw(st.integers(0, len(doc)))
    return doc[:cut] if draw(st.booleans()) else doc


@settings(PROFILE)
@given(doc=html_docs())
def test_html_fragments(doc: str) -> None:
    _contract(doc.encode("utf-8"), "fuzz.html", "html")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=True, allow_infinity=True) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
FIELDS = ["id", "source", "url", "date", "title", "text", "author", "category", "corpus", "date_kind"]


@settings(PROFILE)
@given(records=st.lists(st.dictionaries(st.sampled_from(FIELDS), st.one_of(JSON_VALUES, wordy_text), max_size=6),
                        min_size=1, max_size=4),
       garbage=st.lists(st.text(max_size=40), max_size=2))
def test_jsonl_records(records: list[dict], garbage: list[str]) -> None:
    import json

    lines = [json.dumps(r, ensure_ascii=bool(len(r) % 2), allow_nan=True) for r in records] + garbage
    items = _contract(("\n".join(lines) + "\n").encode("utf-8"), "fuzz.jsonl", "jsonl")
    for rec, line in zip(records, lines, strict=False):
        one = parse_jsonl_record(line, "fuzz.jsonl:1")
        if isinstance(rec.get("text"), str) and rec["text"].strip():
            assert isinstance(one, Article), f"valid text rejected: {one}"
    assert len(items) <= len([ln for ln in "\n".join(lines).split("\n") if ln.strip()])


@settings(PROFILE)
@given(text=any_text)
def test_sniffer_never_raises(text: str) -> None:
    _count()
    assert sniff_format(text) in ("jsonl", "html", "txt")


@settings(PROFILE)
@given(raw=any_text, meta=st.dictionaries(st.sampled_from(["title", "source", "url", "date", "author", "site_name",
                                                             "published", "html_title", "_text"]), any_text, max_size=4),
       fmt=st.sampled_from(["txt", "html", "jsonl", "api"]))
def test_cleaner_on_arbitrary_articles(raw: str, meta: dict, fmt: str) -> None:
    _count()
    art = Article(source_path="x", raw=raw, raw_format=fmt, meta=dict(meta))
    with time_bound(10, "clean"):
        clean_article(art)
    assert art.body == art.body.strip() or not art.body.strip() or art.body
    assert art.published is None or len(art.published) == 10


def test_every_reader_on_files(tmp_path: Path) -> None:
    """The file entry point (extension dispatch, size checks) on odd files: dirs, fifos, dangling links."""
    (tmp_path / "d.txt").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "fifo.txt")
    for name in ("d.txt", "dangling.txt", "fifo.txt", "missing.html"):
        with time_bound(5, name):
            items = list(read_file(tmp_path / name))
        check_outcomes(items, name)
        assert all(isinstance(i, Rejection) for i in items)


# ------------------------------------------------------------------ text utilities
@settings(PROFILE)
@given(text=any_text)
def test_normalizer_offsets_and_idempotence(text: str) -> None:
    _count()
    nt = normalize(text)
    assert normalize(nt.text).text == nt.text
    for ch in CONTROLS.replace("\u2028", "").replace("\u00a0", ""):
        assert ch not in nt.text
    for i in range(0, len(nt.text) + 1, max(1, len(nt.text) // 10)):
        j = nt.to_original(i)
        assert 0 <= j <= len(text)
    s, e = nt.span_to_original(0, len(nt.text))
    assert 0 <= s <= e <= len(text)


@settings(PROFILE)
@given(name=st.sampled_from(["كتائب حزب الله", "جبهة النصرة", "قوات سوريا الديمقراطية"]),
       junk=st.lists(st.sampled_from(CONTROLS.replace("\u2028", "").replace("\u00a0", "") + MARKS), max_size=6),
       data=st.data())
def test_zero_width_and_marks_do_not_change_name_keys(name: str, junk: list[str], data: st.DataObject) -> None:
    """The guarantee KB matching relies on: invisible characters and harakat inside a name are ignored."""
    _count()
    s = name
    for ch in junk:
        i = data.draw(st.integers(1, len(s) - 1))
        if s[i - 1] == " " or s[i] == " ":
            continue  # a mark after a space is not inside a word
        s = s[:i] + ch + s[i:]
    assert normalize_key(s) == normalize_key(name)


@settings(PROFILE)
@given(text=any_text)
def test_tokens_and_sentences_point_into_the_text(text: str) -> None:
    _count()
    with time_bound(5, "tokens"):
        toks = tokenize(text)
        sents = split_sentences(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
    for s in sents:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text
    assert [t.start for t in toks] == sorted(t.start for t in toks)


@settings(PROFILE)
@given(text=wordy_text, published=st.one_of(st.none(), st.sampled_from(["2018-03-01", "1999-12-31", "0001-01-01", "9999-12-31",
                                                                           "2018-02-30", "bad"])))
def test_dates_and_numbers_point_into_the_text(text: str, published: str | None) -> None:
    _count()
    with time_bound(5, "dates/numbers"):
        dates = find_dates(text, published)
        qs = find_quantities(text)
        find_fatalities(text)
        parse_number(text)
    for d in dates:
        assert text[d.start:d.end] == d.text
        assert d.value is None or (len(d.value) == 10 and d.value[4] == "-")
    for q in qs:
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    ("في " * 3000) + "2018", "كانون " * 3000, "رمضان 99999999999999999999 هـ", "يوم 31/02/2018 و 99/99/9999",
    "قبل 999999999 يوم", "منذ 10000000000000000000000 سنة", "-" * 10000, "ألف ألف ألف ألف ألف ألف ألف ألف ألف ألف ألف مليار",
    "‏" * 5000, "ـ" * 5000, "ـ" * 3000 + "قتل", "a" * 10000, "كتائب" + "َ" * 5000,
])
def test_date_and_number_finders_on_pathological_strings(text: str) -> None:
    _count()
    with time_bound(5, "finders"):
        find_dates(text, "2018-03-01")
        find_quantities(text)
        find_fatalities(text)
        parse_number(text)
        tokenize(text)
        split_sentences(text)


@pytest.mark.parametrize("text", ["٩" * 5000, "1" * 5000 + " قتيلا", "10" * 2000])
def test_number_finders_survive_absurd_values(text: str) -> None:
    _count()
    with time_bound(5, "numbers"):
        qs = find_quantities(text)
        parse_number(text)
    assert all(isinstance(q.value, int) for q in qs)


def test_sentence_splitter_is_linear_on_punctuation_runs() -> None:
    _count()
    with time_bound(2, "split_sentences"):
        split_sentences("." * 12_000 + "نهاية")


# ------------------------------------------------------------------ the analysis pipeline
@pytest.fixture(scope="module")
def pipeline():
    """The default pipeline minus components whose model/data is not installed (reported as skipped)."""
    from marsad.analyse.pipeline import Pipeline, available_pipeline

    names = []
    probe = Article("probe", "x", body="قصفت القوات الروسية مدينة إدلب يوم الثلاثاء وقتل خمسة مدنيين.")
    base = Pipeline([])
    for n in available_pipeline():
        try:
            Pipeline([*names, n], resources=base.resources)(Article("probe", probe.raw, body=probe.body))
        except (FileNotFoundError, ImportError):
            continue
        names.append(n)
    return Pipeline(names, resources=base.resources)


@settings(PROFILE, max_examples=max(10, N // 3))
@given(text=wordy_text.filter(str.strip), published=st.one_of(st.none(), st.just("2018-03-06")))
def test_pipeline_on_random_articles(pipeline, text: str, published: str | None) -> None:
    _count()
    art = Article("fuzz.txt", text, body=text.strip(), published=published)
    with time_bound(20, "pipeline"):
        pipeline(art)
    for e in art.entities:
        assert art.body[e.start:e.end] == e.text, e
    for ev in art.events:
        assert 0 <= ev.evidence.start <= ev.evidence.end <= len(art.body)


def test_overlong_article_is_rejected_before_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.analyse.pipeline import Pipeline
    from marsad.runner import analyse_paths

    monkeypatch.setenv("MARSAD_MAX_ARTICLE_CHARS", "2000")
    f = tmp_path / "long.txt"
    f.write_text("عنوان\n" + "قصفت القوات الروسية بلدة في ريف إدلب وقتل خمسة مدنيين. " * 100, encoding="utf-8")
    (item,) = list(analyse_paths([f], Pipeline(["sentences"])))
    assert isinstance(item, Rejection) and "long" in item.reason and "\n" not in item.reason
