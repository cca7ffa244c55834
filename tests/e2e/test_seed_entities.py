"""Issue 3 on the seeds: entities found, typed and linked; aliases of one group share one id."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from marsad.config import EXAMPLES_DIR
from marsad.model import Article
from marsad.runner import analyse_paths


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    arts = [a for a in analyse_paths([EXAMPLES_DIR]) if isinstance(a, Article)]
    assert len(arts) == 5
    return {a.source_path.rsplit("/", 1)[-1][:3]: a for a in arts}


def _ids(art: Article, text: str) -> set[str | None]:
    return {e.entity_id for e in art.entities if e.text == text}


def test_aliases_of_one_group_share_one_id_across_articles(seeds: dict[str, Article]) -> None:
    forms: dict[str, set[str]] = defaultdict(set)
    for a in seeds.values():
        for e in a.entities:
            if e.entity_id:
                forms[e.entity_id].add(e.text)
    imam_ali = {"حركة العراق الإسلامية", "كتائب الإمام علي", "كتائب الأمام علي", "ميليشيا الإمام علي"}
    assert imam_ali <= forms["grp:kataib-imam-ali"]
    assert {"حركة النجباء", "حركة حزب الله النجباء"} <= forms["grp:nujaba"]
    assert any("النجباء" == t or t.endswith(" النجباء") for t in forms["grp:nujaba"])
    # the same group in different articles
    assert _ids(seeds["001"], "حركة النجباء") == _ids(seeds["002"], "حركة النجباء") == {"grp:nujaba"}
    assert _ids(seeds["000"], "كتائب الإمام علي") == _ids(seeds["002"], "كتائب الإمام علي") == {"grp:kataib-imam-ali"}


@pytest.mark.parametrize("seed,text,etype,eid", [
    ("001", "أكرم الكعبي", "PERSON", "per:akram-al-kaabi"),
    ("001", "محمد الباوي", "PERSON", "per:mohammed-al-bawi"),
    ("002", "إسماعيل قاآني", "PERSON", "per:esmail-qaani"),
    ("002", "أحمد محسن فرج الحميداوي", "PERSON", "per:abu-hussein-hamidawi"),
    ("002", "أبوحسين الحميداوي", "PERSON", "per:abu-hussein-hamidawi"),
    ("002", "هيئة تحرير الشام", "ARMED_GROUP", "grp:hts"),
    ("002", "المرصد السوري لحقوق الإنسان", "ORGANIZATION", "org:sohr"),
    ("002", "بغداد", "LOCATION", "plc:baghdad"),
    ("003", "لواء ذو الفقار", "ARMED_GROUP", "grp:liwa-dhulfiqar"),
    ("003", "حوش الفارة", "LOCATION", None),
    ("003", "اللواء 39", "FACILITY", None),
    ("004", "الفرقة 11", "ARMED_GROUP", "grp:syrian-army-11th-division"),
    ("004", "البوكمال", "LOCATION", "plc:abu-kamal"),
    ("000", "جب غبشة", "LOCATION", None),
])
def test_named_entities_typed_and_linked(seeds: dict[str, Article], seed: str, text: str, etype: str, eid: str | None) -> None:
    hits = [e for e in seeds[seed].entities if e.text == text]
    assert hits, f"{text} not found in seed {seed}"
    assert {e.type for e in hits} == {etype}
    if eid:
        assert {e.entity_id for e in hits} == {eid}
    else:
        assert all(e.entity_id for e in hits)
    if etype in ("LOCATION", "FACILITY"):
        assert all(e.lat is not None and e.lon is not None for e in hits)


def test_seed_gold_entity_recall(seeds: dict[str, Article]) -> None:
    from marsad.config import get_settings
    from marsad.evaluate.gold import evaluate

    report = evaluate("entities", Path(__file__).resolve().parents[1] / "gold" / "seeds",
                      shared_dir=get_settings().shared_dir)
    assert report.overall.recall >= 0.85, report.overall
    assert report.overall.f1 >= 0.80, report.overall
