"""Cross-source fusion: near-duplicate article groups and event clusters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from marsad.model import ArgRef, Article, Event, Location, Span
from marsad.store.db import Store
from marsad.store.fusion import FusionConfig, match_score
from marsad.store.models import ArticleRow, EventClusterRow, EventRow

STORY = (
    "استعرضت ميليشيا الدفاع الوطني قواتها العسكرية في مدينة البوكمال التي تعتبر من أبرز المواقع التي "
    "تسيطر عليها ميليشيات إيران في محافظة دير الزور. وقال مراسلنا إن الميليشيا استنفرت قواتها ورفعت "
    "الجاهزية في جميع مواقعها بمدينة البوكمال منذ الاثنين الماضي، مشيرا إلى أنها بدأت بتسيير أرتال "
    "عسكرية ضخمة في كافة أنحاء المدينة أمس الأربعاء."
)


def _event(body: str, sub: str, actor: str | None, lat: float | None, lon: float | None, date: str | None,
           modality: str = "asserted") -> Event:
    return Event(
        "Strategic developments", sub, "MOBILIZE", trigger=Span(0, 5, body[:5]), evidence=Span(0, len(body)),
        actor1=ArgRef("الدفاع الوطني", actor) if actor else None,
        location=Location("البوكمال", 0, 8, "Abu Kamal", lat, lon, "Deir ez-Zor", "SY", 1) if lat else None,
        date=date, time_precision=1 if date else None, modality=modality,
    )


def _article(body: str, published: str, outlet_path: str, events: list[Event]) -> Article:
    a = Article(source_path=outlet_path, raw=body, body=body, published=published)
    a.events = events
    return a


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _clusters(store: Store) -> list[EventClusterRow]:
    with store.engine.connect() as c:
        return list(c.execute(select(EventClusterRow)).all())


def test_republished_copy_is_one_group_and_one_source(store: Store) -> None:
    copy_body = "خاص - موقع ناقل\n" + STORY + "\nشارك الخبر"  # same story, other chrome
    a = _article(STORY, "2020-05-07", "sy24.txt", [_event(STORY, "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-05-06")])
    b = _article(copy_body, "2020-05-07", "copy.txt", [_event(copy_body, "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-05-06")])
    unrelated = _article("اجتمع وزراء الخارجية العرب في القاهرة لبحث الأوضاع الاقتصادية في المنطقة " * 3,
                         "2020-05-07", "other.txt", [])
    store.save([a, b, unrelated], "s")
    with store.engine.connect() as c:
        groups = dict(c.execute(select(ArticleRow.id, ArticleRow.group_id)).all())
    assert groups[a.id] == groups[b.id] == a.id
    assert groups[unrelated.id] == unrelated.id
    [cl] = _clusters(store)
    assert cl.article_count == 2 and cl.source_count == 1  # grouped, not double-counted


def test_same_event_two_outlets_one_cluster_with_conflicting_claims(store: Store) -> None:
    b1 = "قالت مصادر إن ميليشيا الدفاع الوطني استعرضت قواتها في البوكمال يوم الأربعاء وسط استنفار كبير."
    b2 = "نفت مصادر مقربة من النظام أن تكون قوات الدفاع الوطني قد نظمت عرضا عسكريا في مدينة البوكمال."
    a1 = _article(b1, "2020-05-07", "outlet1.txt", [_event(b1, "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-05-06")])
    a2 = _article(b2, "2020-05-08", "outlet2.txt", [_event(b2, "Change to group/activity", "grp:ndf", 34.46, 40.93, None, "denied")])
    store.save([a1], "s")
    store.save([a2], "s")
    [cl] = _clusters(store)
    assert cl.source_count == 2 and cl.article_count == 2
    assert cl.modalities == "asserted,denied"
    assert (cl.first_reported, cl.last_reported) == ("2020-05-07", "2020-05-08")


def test_different_place_or_type_or_time_not_fused(store: Store) -> None:
    bodies = [f"نص رقم {i} عن حدث مختلف تماما في مكان آخر وزمان آخر لأغراض الاختبار فقط" for i in range(4)]
    evs = [
        _event(bodies[0], "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-05-06"),
        _event(bodies[1], "Change to group/activity", "grp:ndf", 36.20, 37.15, "2020-05-06"),  # Aleppo: too far
        _event(bodies[2], "Arrests", "grp:ndf", 34.45, 40.92, "2020-05-06"),  # other type
        _event(bodies[3], "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-06-20"),  # weeks later
    ]
    store.save([_article(b, "2020-05-07", f"{i}.txt", [e]) for i, (b, e) in enumerate(zip(bodies, evs, strict=True))], "s")
    assert len(_clusters(store)) == 4


def test_criteria_are_configurable(tmp_path: Path) -> None:
    cfg_file = tmp_path / "fusion.yaml"
    cfg_file.write_text("radius_km: 500\nwindow_days: 60\n", encoding="utf-8")
    cfg = FusionConfig.load(cfg_file)
    assert cfg.radius_km == 500 and cfg.window_days == 60
    ev = {"sub_event_type": "Arrests", "date": "2020-05-06", "reported": None, "actor1_id": None,
          "actor2_id": None, "lat": 34.45, "lon": 40.92}
    cl = {**ev, "date": "2020-06-20", "first_reported": None, "lat": 36.2, "lon": 37.15}
    assert match_score(ev, cl, FusionConfig()) is None
    assert match_score(ev, cl, cfg) is not None
    bad = tmp_path / "bad.yaml"
    bad.write_text("radius: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown fusion option"):
        FusionConfig.load(bad)


def test_reanalysis_refreshes_clusters(store: Store) -> None:
    b1 = "قالت مصادر إن ميليشيا الدفاع الوطني استعرضت قواتها في البوكمال يوم الأربعاء."
    store.save([_article(b1, "2020-05-07", "o.txt", [_event(b1, "Change to group/activity", "grp:ndf", 34.45, 40.92, "2020-05-06")])], "v1")
    assert len(_clusters(store)) == 1
    store.save([_article(b1, "2020-05-07", "o.txt", [])], "v2")  # the new pipeline finds no event
    assert _clusters(store) == []
    with store.engine.connect() as c:
        assert c.execute(select(EventRow)).all() == []
