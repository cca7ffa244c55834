"""outlets.yaml and marsad.knowledge.outlets."""

from __future__ import annotations

import re

import pytest

from marsad.config import get_settings
from marsad.knowledge.outlets import find_outlet, find_outlet_record, load_outlets

ALIGNMENTS = {"opposition", "government", "Iran-aligned", "Kurdish", "Gulf state", "international",
              "independent", "aggregator", "Russia-aligned", "Turkey-aligned"}
# the `source` slugs of the two corpus files (counted with a script; see the corpus README)
CORPUS_SLUGS = ["skynews_arabia", "alarabiya", "bbc_arabic", "cnn_arabic", "france24_arabic", "alriyadh",
                "aljazirah", "aleqtisadiya", "alyaum", "aawsat", "okaz", "alwatan", "alweeam", "3alyoum",
                "almadina", "sabq", "was", "arreyadi", "arriyadiyah"]


def test_at_least_forty_outlets_with_valid_fields() -> None:
    outlets = load_outlets()
    assert len(outlets) >= 40
    ids = [o.id for o in outlets]
    assert len(ids) == len(set(ids))
    for o in outlets:
        assert re.fullmatch(r"out:[a-z0-9]+(?:-[a-z0-9]+)*", o.id), o.id
        assert o.name_ar and o.name_en and o.aliases
        assert o.alignment in ALIGNMENTS, (o.id, o.alignment)
        assert o.country is None or re.fullmatch(r"[A-Z]{2}", o.country), o.id


@pytest.mark.parametrize("name,expected", [
    ("بلدي نيوز", "out:baladi-news"), ("Baladi News", "out:baladi-news"),
    ("أورينت نت", "out:orient-news"), ("اورينت نت", "out:orient-news"), ("Orient News", "out:orient-news"),
    ("SY24", "out:sy24"), ("سعودي فايف", "out:saudi-five"), ("العين الإخبارية", "out:al-ain"),
    ("It's Over 9000!", "out:its-over-9000"), ("المصدر نيوز", "out:al-masdar-news"),
    ("عنب بلدي", "out:enab-baladi"), ("تلفزيون سوريا", "out:syria-tv"), ("سانا", "out:sana"),
    ("زمان الوصل", "out:zaman-al-wasl"), ("روداو", "out:rudaw"), ("كوردستان 24", "out:kurdistan24"),
    ("شفق نيوز", "out:shafaq-news"), ("السومرية نيوز", "out:alsumaria"), ("بغداد اليوم", "out:baghdad-today"),
    ("الميادين", "out:al-mayadeen"), ("قناة المنار", "out:al-manar"), ("تسنيم", "out:tasnim"),
    ("وكالة فارس", "out:fars"), ("الجزيرة نت", "out:al-jazeera"), ("العربية.نت", "out:al-arabiya"),
    ("سكاي نيوز عربية", "out:sky-news-arabia"), ("بي بي سي عربي", "out:bbc-arabic"),
    ("CNN بالعربية", "out:cnn-arabic"), ("فرانس 24", "out:france24-arabic"), ("روسيا اليوم", "out:rt-arabic"),
    ("الشرق الأوسط", "out:asharq-al-awsat"), ("عكاظ", "out:okaz"), ("المرصد السوري لحقوق الإنسان", "out:sohr"),
    ("عين اليوم", "out:ain-alyoum"),
])
def test_find_by_name_and_alias(name: str, expected: str) -> None:
    out = find_outlet(name)
    assert out is not None and out.id == expected


@pytest.mark.parametrize("query,expected", [
    ("https://www.alarabiya.net/ar/arab-and-world/2018/02/18/x.html", "out:al-arabiya"),
    ("arabic.cnn.com", "out:cnn-arabic"), ("http://www.bbc.co.uk/arabic/middleeast-1", "out:bbc-arabic"),
    ("www.okaz.com.sa", "out:okaz"), ("https://enabbaladi.net/archives/1", "out:enab-baladi"),
])
def test_find_by_domain_or_url(query: str, expected: str) -> None:
    out = find_outlet(query)
    assert out is not None and out.id == expected


@pytest.mark.parametrize("slug", CORPUS_SLUGS)
def test_every_corpus_slug_resolves(slug: str) -> None:
    rec = find_outlet_record(slug)
    assert rec is not None and slug in rec.corpus_slugs


def test_corpus_slugs_cover_the_corpus_files() -> None:
    corpus = get_settings().shared_dir / "data" / "corpus"
    files = sorted(corpus.glob("*.jsonl"))
    if not files:
        pytest.skip("../shared/data/corpus is not available")
    slug_re = re.compile(rb'"source": ?"([^"]+)"')
    seen: set[str] = set()
    for f in files:
        with f.open("rb") as fh:
            for i, line in enumerate(fh):
                m = slug_re.search(line)
                if m:
                    seen.add(m.group(1).decode())
                if i > 60000:
                    break
    missing = sorted(s for s in seen if find_outlet_record(s) is None)
    assert not missing


def test_unknown_and_place_names_do_not_match() -> None:
    for q in ("", None, "صحيفة لا وجود لها", "الرياض", "دمشق", "example.org"):
        assert find_outlet(q) is None, q


def test_outlet_model_fields() -> None:
    out = find_outlet("اورينت نت")
    assert out is not None
    assert (out.name, out.name_en, out.country, out.alignment) == ("أورينت نت", "Orient News", "SY", "opposition")
