"""The cleaner: exact seed expectations, boilerplate patterns, corpus noise, and a property test."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.clean.boilerplate import BOILERPLATE_PATH, load_rules
from marsad.clean.cleaner import clean_article
from marsad.clean.metadata import find_stated_date, parse_author_field, parse_byline, strip_title_suffix
from marsad.config import EXAMPLES_DIR, get_settings
from marsad.ingest.readers import parse_jsonl_record, read_path
from marsad.model import Article

RULES_YAML = yaml.safe_load(BOILERPLATE_PATH.read_text(encoding="utf-8"))


def _seed(prefix: str) -> tuple[Article, list[str]]:
    path = next(EXAMPLES_DIR.glob(f"{prefix}_*.txt"))
    (art,) = list(read_path(path))
    assert isinstance(art, Article)
    clean_article(art)
    return art, path.read_text(encoding="utf-8").split("\n")


# seed -> (title, outlet name, outlet name_en, dateline, byline, site, story lines [first, last] 0-based)
SEEDS = {
    "000": ('حملة إعلامية إيرانية نحو الرقة مع تعالي أصوات "التحالف الإسلامي" لقتال التنظيم',
            "بلدي نيوز", "Baladi News", "الرقة", "ميار حيدر", "It's Over 9000!", (5, 13)),
    "001": ("في عرين الأسد.. الميليشيات العراقية تنسق عملياتها بدمشق والسوريون يهجرونها قسرا",
            "بلدي نيوز", "Baladi News", "دمشق", "ميار حيدر", "It's Over 9000!", (5, 17)),
    "002": ("إيران تستنفر فصائلها.. تفاصيل اجتماعات قاآني بالعراق لحشد الدعم لجيش سوريا",
            "سعودي فايف", "Saudi Five", None, None, "سعودي فايف", (1, 19)),
    "003": ("على وقع الاقتتال بالغوطة ..ميليشيات تندمج وإيران تمهد لاقتحامها",
            "أورينت نت", "Orient News", None, "مراسل سوري", None, (6, 20)),
    "004": ("ميليشيا الدفاع الوطني تستعرض قواتها شرقي سوريا.. ومصادر تعتبرها رسالة إيرانية لروسيا",
            "SY24", "SY24", None, None, None, (9, 25)),
}
# chrome that must not survive, per seed (and the byline/caption lines that are metadata, not story)
CHROME = {
    "000": ["It's Over 9000", "مقالات ذات صلة", "بدرسون يصل دمشق", "بلدي نيوز - الرقة (ميار حيدر)"],
    "001": ["It's Over 9000", "مقالات ذات صلة", "أردوغان: مستعدون", "بلدي نيوز - دمشق (ميار حيدر)"],
    "002": ["عزيزي الزائر", "سعودي فايف", "aXA6IDJhMDE6NGZm", "ام اند امز", "0 تعليق"],
    "003": ["(صورة أرشيفية)", "مراسل سوري – اورينت نت"],
    "004": ["Facebook", "Twitter", "WhatsApp", "Telegram", "خاص - SY24"],
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_metadata_exact(seed: str) -> None:
    art, _ = _seed(seed)
    title, name, name_en, dateline, byline, site, _ = SEEDS[seed]
    assert art.title == title
    assert art.outlet is not None and (art.outlet.name, art.outlet.name_en) == (name, name_en)
    assert art.dateline == dateline
    assert art.byline == byline
    assert art.meta.get("site") == site


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_body_is_the_story_verbatim(seed: str) -> None:
    art, raw_lines = _seed(seed)
    first, last = SEEDS[seed][-1]
    story = [ln.strip() for ln in raw_lines[first: last + 1] if ln.strip()]
    body_lines = art.body.split("\n")
    for para in story:
        assert para in body_lines, para[:60]
    assert body_lines[0] == story[0]
    assert body_lines[-1] == story[-1]
    assert len(body_lines) == len(story)
    for chrome in CHROME[seed]:
        assert chrome not in art.body, chrome
    assert "\n\n" not in art.body and art.body == art.body.strip()


def test_seed_caption_kept_in_meta_and_subheadings_in_body() -> None:
    art, _ = _seed("003")
    assert art.meta["captions"][0].startswith("(صورة أرشيفية)")
    assert "المرحلة الثالثة!" in art.body.split("\n")
    art2, _ = _seed("002")
    assert {"تفاصيل الاجتماع", "انخراط فوري", "رسائل عراقية"} <= set(art2.body.split("\n"))


def test_cleaning_twice_gives_the_same_article() -> None:
    art, _ = _seed("000")
    before = (art.body, art.title, art.byline, art.dateline, art.outlet)
    clean_article(art)
    assert (art.body, art.title, art.byline, art.dateline, art.outlet) == before


# --- boilerplate.yaml: every pattern matches its examples ------------------------------------------
def _pattern_examples() -> list[tuple[str, str, str]]:
    out = []
    for section in ("drop_lines", "keep_in_meta", "truncate_at", "strip_prefixes", "cut_tails"):
        for item in RULES_YAML.get(section) or []:
            for ex in item.get("examples") or []:
                out.append((section, item["pattern"], ex))
    for item in RULES_YAML["trailing_junk"].get("patterns") or []:
        for ex in item["examples"]:
            out.append(("trailing", item["pattern"], ex))
    for ex in RULES_YAML["read_also"]["examples"]:
        out.append(("read_also", RULES_YAML["read_also"]["pattern"], ex))
    for item in RULES_YAML["title"]["greetings"]:
        for ex in item["examples"]:
            out.append(("greeting", item["pattern"], ex))
    for key in ("dateline_prefixes", "dateline_lines"):
        for item in RULES_YAML["byline"][key]:
            for ex in item["examples"]:
                out.append((key, item["pattern"], ex))
    return out


@pytest.mark.parametrize("section,pattern,example", _pattern_examples(),
                         ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(_pattern_examples())])
def test_boilerplate_pattern_matches_its_examples(section: str, pattern: str, example: str) -> None:
    rx = re.compile(pattern, re.I)
    if section in ("strip_prefixes", "dateline_prefixes"):
        assert rx.match(example)
    elif section == "cut_tails":  # searched inside a story line, after some story text
        m = rx.search(example)
        assert m and example[:m.start()].strip(), (section, example)
    else:
        assert rx.fullmatch(example), (section, example)


@pytest.mark.parametrize("line", [
    "قال المرصد السوري إن الطائرات الروسية شنت غارات على ريف إدلب.",
    "وشارك في الهجوم عناصر من الفرقة الرابعة وكتائب حزب الله.",
    "ونشر ناشطون على فيسبوك وتويتر صورا للدمار في الحي.",
    "تفاصيل الاجتماع",
])
def test_story_lines_are_not_chrome(line: str) -> None:
    rules = load_rules()
    assert not rules.drop.fullmatch(line)
    assert not rules.truncate.fullmatch(line)
    assert not any(r.regex.fullmatch(line) for r in rules.keep_in_meta)


# --- bylines, datelines, dates --------------------------------------------------------------------------
@pytest.mark.parametrize("line,outlet,byline,dateline", [
    ("بلدي نيوز - الرقة (ميار حيدر)", "out:baladi-news", "ميار حيدر", "الرقة"),
    ("مراسل سوري – اورينت نت", "out:orient-news", "مراسل سوري", None),
    ("خاص - SY24", "out:sy24", None, None),
    ("لجين الأحمدي – عين اليوم", "out:ain-alyoum", "لجين الأحمدي", None),
    ("عين اليوم – الرياض", "out:ain-alyoum", None, "الرياض"),
    ("عين اليوم – متابعات", "out:ain-alyoum", None, None),
    ("عبدالله البرقاوي- سبق- الرياض", "out:sabq", "عبدالله البرقاوي", "الرياض"),
])
def test_parse_byline(line: str, outlet: str, byline: str | None, dateline: str | None) -> None:
    info = parse_byline(line)
    assert info is not None and info.outlet is not None
    assert (info.outlet.id, info.byline, info.dateline) == (outlet, byline, dateline)


@pytest.mark.parametrize("line", ["وقتل ثلاثة مدنيين في قصف", "المرحلة الثالثة!", "الأسد وتهجير السوريين"])
def test_story_lines_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize("author,byline,dateline", [
    ("القاهرة - أحمد الريدي", "أحمد الريدي", "القاهرة"),
    ("\u00a0عبدالله سيف (بيشة)", "عبدالله سيف", "بيشة"),
    ("فواز العلمي", "فواز العلمي", None),
    ("أبوظبي - سكاي نيوز عربية", None, "أبوظبي"),
])
def test_parse_author_field(author: str, byline: str | None, dateline: str | None) -> None:
    info = parse_author_field(author)
    assert info is not None and (info.byline, info.dateline) == (byline, dateline)


def test_title_suffix_needs_evidence() -> None:
    assert strip_title_suffix("خبر عاجل - It's Over 9000!") == ("خبر عاجل", "It's Over 9000!")
    assert strip_title_suffix("معارك حلب - موقع مجهول", other_lines=("معارك حلب",)) == ("معارك حلب", "موقع مجهول")
    assert strip_title_suffix("الرقة - دير الزور: معارك عنيفة") == ("الرقة - دير الزور: معارك عنيفة", None)


def test_stated_dates() -> None:
    assert find_stated_date("أبها 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس") == "2015-08-11"
    assert find_stated_date("في 5 كانون الثاني 2019") == "2019-01-05"
    assert find_stated_date("لا تاريخ هنا") is None


# --- corpus noise (jsonl records) ---------------------------------------------------------------------
def _jsonl(**kw: object) -> Article:
    rec = {"id": "t/1", "source": "3alyoum", "url": "http://www.3alyoum.com/x", "date": "2015-08-08T18:05:23",
           "title": "عنوان الخبر", "text": ""}
    rec.update(kw)
    art = parse_jsonl_record(json.dumps(rec, ensure_ascii=False), "t.jsonl:1")
    assert isinstance(art, Article)
    clean_article(art)
    return art


STORY = "أعلنت وزارة الداخلية اليوم القبض على خلية إرهابية في المنطقة الشرقية بعد عملية أمنية."


def test_saudinewsnet_byline_leading_space_and_tags() -> None:
    art = _jsonl(text=f" لجين الأحمدي – عين اليوم\n {STORY}\n\n ثم تابعت الوزارة بيانها بتفاصيل إضافية.\n \u00a0 سمات الجوازات وافدون ")
    assert art.byline == "لجين الأحمدي" and art.outlet is not None and art.outlet.id == "out:ain-alyoum"
    assert art.body == STORY + "\nثم تابعت الوزارة بيانها بتفاصيل إضافية."
    assert art.published == "2015-08-08" and art.url == "http://www.3alyoum.com/x"


def test_html_entities_unescaped() -> None:
    art = _jsonl(source="sabq", title="&quot;الصحة&quot; تعلن", text=f"قالت &quot;الصحة&quot; إن {STORY}")
    assert art.title == '"الصحة" تعلن' and "&quot;" not in art.body


def test_cnn_dateline_prefix() -> None:
    art = _jsonl(source="cnn_arabic", text=f"دبي، الإمارات العربية المتحدة (CNN)— {STORY}")
    assert art.dateline == "دبي، الإمارات العربية المتحدة"
    assert art.body == STORY and art.outlet is not None and art.outlet.id == "out:cnn-arabic"


def test_spa_dateline_line_and_wire_markers() -> None:
    art = _jsonl(source="was", date="2015-08-11T13:42:04",
                 text=f" أبها 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس\n {STORY}\n //انتهى//\n 13:05 ت م \n ")
    assert art.dateline == "أبها" and art.body == STORY and art.published == "2015-08-11"


def test_bbc_notice_and_read_also() -> None:
    art = _jsonl(source="bbc_arabic", text="\n".join([
        STORY, "اقرأ أيضا:", "عنوان مقال مرتبط أول", "عنوان مقال مرتبط ثان", "وتابع المتحدث قائلا إن التحقيق مستمر.",
        "----------------------------------",
        "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم المحمول."]))
    assert art.body == STORY + "\nوتابع المتحدث قائلا إن التحقيق مستمر."
    assert art.meta["read_also"] == ["عنوان مقال مرتبط أول", "عنوان مقال مرتبط ثان"]


def test_html_page_cleaned() -> None:
    (art,) = list(read_path(Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "page.html"))
    assert isinstance(art, Article)
    clean_article(art)
    assert art.title == "قصف مدفعي على ريف إدلب الجنوبي"
    assert art.outlet is not None and art.outlet.id == "out:enab-baladi"
    assert art.published == "2023-03-14"
    assert art.body.startswith("قصفت قوات النظام السوري") and "مقالات ذات صلة" not in art.body


def test_corpus_sample_cleans_without_loss_of_long_paragraphs() -> None:
    corpus = get_settings().shared_dir / "data" / "corpus"
    files = sorted(corpus.glob("*.jsonl"))
    if not files:
        pytest.skip("../shared/data/corpus is not available")
    checked = 0
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if lineno > 400:
                    break
                art = parse_jsonl_record(line.rstrip("\n"), f"{f}:{lineno}")
                assert isinstance(art, Article)
                text = art.meta["_text"]
                clean_article(art)
                assert art.outlet is not None and art.published is not None
                for para in text.split("\n"):
                    para = para.strip(" \u00a0\t\u200e\u200f\u202a\u202b\u202c\ufeff")
                    if len(para.split()) >= 25 and not para.startswith(("يمكنكم", "رابط الخبر")):
                        assert para in art.body or any(para.endswith(b) for b in art.body.split("\n")), para[:60]
                checked += 1
    assert checked >= 400


# --- property test: no story sentence is ever dropped ----------------------------------------------
WORDS = ("قوات الجيش المدينة القرية هجوم قصف مدفعي مقاتلين الفصائل المعارضة الحكومة مدنيين سقوط ضحايا "
         "المنطقة الشرقية مصادر محلية أكدت أعلنت يوم الأحد قرب الطريق الدولي عناصر الشرطة وزارة الدفاع "
         "اجتماع مسؤولين اتفاق وقف إطلاق النار المحافظة الشمالية جنوب غرب شمال شرق").split()


def _chrome_examples() -> tuple[list[str], list[str]]:
    anywhere: list[str] = []
    for section in ("drop_lines", "keep_in_meta"):
        for item in RULES_YAML[section]:
            anywhere += item["examples"]
    tail = list(anywhere)
    for item in RULES_YAML["trailing_junk"]["patterns"]:
        tail += item["examples"]
    tail += RULES_YAML["trailing_junk"]["examples"]
    return anywhere, tail


ANYWHERE, TAIL = _chrome_examples()
TRUNCATE = [ex for item in RULES_YAML["truncate_at"] for ex in item["examples"]]

paragraph = st.lists(st.sampled_from(WORDS), min_size=6, max_size=30).map(lambda ws: " ".join(ws) + ".")
title = st.lists(st.sampled_from(WORDS), min_size=3, max_size=5).map(" ".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=title, story=st.lists(paragraph, min_size=1, max_size=8, unique=True),
       top=st.lists(st.sampled_from(ANYWHERE), max_size=5),
       middle=st.lists(st.sampled_from(ANYWHERE), max_size=4),
       bottom=st.lists(st.sampled_from(TAIL), max_size=5),
       related=st.one_of(st.none(), st.sampled_from(TRUNCATE)),
       seed=st.integers(0, 10_000))
def test_cleaner_never_drops_a_story_sentence(title: str, story: list[str], top: list[str], middle: list[str],
                                             bottom: list[str], related: str | None, seed: int) -> None:
    rnd = random.Random(seed)
    body = list(story)
    for chrome in middle:
        body.insert(rnd.randrange(len(body) + 1), chrome)
    lines = top + [title, ""] + body + bottom
    if related:
        lines += ["", related, "عنوان مقال آخر", "عنوان ثالث"]
    art = Article(source_path="prop.txt", raw="\n".join(lines))
    clean_article(art)
    out = art.body.split("\n")
    assert art.title == title
    assert out == story
    for chrome in top + middle + bottom:
        assert chrome not in out


@pytest.mark.parametrize("source,author,byline,dateline", [
    ("aljazirah", "الجزيرة", None, None),
    ("aljazirah", "مكتب الجزيرة", None, None),
    ("aleqtisadiya", "«الاقتصادية» من الرياض", None, "الرياض"),
    ("alwatan", "فواز العلمي", "فواز العلمي", None),
    ("alarabiya", "القاهرة - أحمد الريدي", "أحمد الريدي", "القاهرة"),
])
def test_author_field_naming_the_own_outlet_is_not_a_byline(source: str, author: str, byline: str | None,
                                                            dateline: str | None) -> None:
    art = _jsonl(source=source, author=author, text=STORY)
    assert (art.byline, art.dateline) == (byline, dateline)


@pytest.mark.parametrize(("last_line", "kept", "trailer"), [
    # SaudiNewsNet's source link
    ("وفر آخرون إلى منطقة جزيرة الخالدية. رابط الخبر بصحيفة الوئام: العراق: مقتل «10» مسلحين شرقي الرمادي",
     "وفر آخرون إلى منطقة جزيرة الخالدية.", "رابط الخبر"),
    # a tag list ("سمات …")
    ("ولم يعط مزيدا من التفاصيل. سمات تركيا تنظيم داعش سوريا هجوم", "ولم يعط مزيدا من التفاصيل.", "سمات"),
])
def test_a_trailer_run_into_the_last_sentence_is_cut_and_the_sentence_kept(last_line: str, kept: str,
                                                                           trailer: str) -> None:
    text = "قتل عشرة مسلحين في اشتباكات مع القوات العراقية شرقي الرمادي.\n" + last_line
    art = Article(source_path="t.jsonl", raw=text, raw_format="jsonl", meta={"_text": text})
    clean_article(art)
    assert art.body.endswith(kept)
    assert trailer not in art.body and "شرقي الرمادي." in art.body


@pytest.mark.parametrize("line", [
    "ومن سمات المرحلة الجديدة أن الفصائل باتت تنسق عملياتها في ريف حلب.",
    "وقال المحلل. سمات هذه الحرب واضحة: لا أحد ينتصر.",
])
def test_tags_word_in_a_story_line_is_no_trailer(line: str) -> None:
    assert not load_rules().cut_tail.search(line)


def test_a_story_line_without_a_trailer_is_left_verbatim() -> None:
    line = "وقال المتحدث إن رابط الاتصال بين القوات انقطع بعد الهجوم: لم تصل التعزيزات."
    assert not load_rules().cut_tail.search(line)


def test_every_cut_tail_names_a_literal_its_examples_contain() -> None:
    for item in RULES_YAML.get("cut_tails") or []:
        assert item["needs"] and all(item["needs"] in ex for ex in item["examples"]), item["name"]
