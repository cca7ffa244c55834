"""A store with a few hand-built analysed articles, and a client on the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.model import ArgRef, Article, Entity, Event, Location, Relation, Span
from marsad.serve.app import create_app
from marsad.store.db import Store
from tests.conftest import PG_URL, postgres_database

TOKEN = "s3cret-token"


def _ent(body: str, text: str, etype: str, eid: str, **kw: object) -> Entity:
    i = body.index(text)
    return Entity(text, i, i + len(text), etype, eid, canonical_ar=text, source="kb", **kw)  # type: ignore[arg-type]


def make_articles() -> list[Article]:
    out = []
    b1 = "وصل الأمين العام لحركة النجباء أكرم الكعبي إلى دمشق والتقى قادة الميليشيات."
    g = _ent(b1, "حركة النجباء", "ARMED_GROUP", "grp:nujaba", canonical_en="Harakat al-Nujaba")
    p = _ent(b1, "أكرم الكعبي", "PERSON", "per:akram-kaabi")
    d = _ent(b1, "دمشق", "LOCATION", "plc:damascus", lat=33.51, lon=36.29, country="SY")
    a1 = Article("a1.txt", b1, body=b1, title="الكعبي في دمشق", published="2015-12-01")
    a1.entities = [g, p, d]
    a1.relations = [Relation("leader_of", ArgRef.of(p), ArgRef.of(g), Span(0, len(b1)))]
    a1.events = [Event("Strategic developments", "Other", "CONSULT", Span(b1.index("التقى"), b1.index("التقى") + 5, "التقى"),
                       Span(0, len(b1)), actor1=ArgRef.of(g),
                       location=Location("دمشق", d.start, d.end, "Damascus", 33.51, 36.29, "Damascus", "SY", 1),
                       date="2015-11-29", time_precision=1)]
    out.append(a1)
    for i in range(30):
        b = f"قصفت القوات الروسية بلدة رقم {i} في ريف إدلب وقتل خمسة مدنيين في الغارة الجوية رقم {i}."
        r = _ent(b, "القوات الروسية", "ARMED_GROUP", "grp:russian-forces")
        a = Article(f"b{i}.txt", b, body=b, title=f"غارة {i}", published=f"2018-03-{(i % 28) + 1:02d}")
        a.entities = [r]
        a.events = [Event("Explosions/Remote violence", "Air/drone strike", "ASSAULT", Span(0, 4, b[:4]), Span(0, len(b)),
                          actor1=ArgRef.of(r), location=Location("إدلب", 0, 4, "Idlib", 35.9 + i * 0.3, 36.6, "Idlib", "SY", 2),
                          date=f"2018-03-{(i % 28) + 1:02d}", time_precision=1, fatalities=5)]
        out.append(a)
    return out


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def api_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("api") / "api.sqlite"
        url = f"sqlite:///{path}"
    else:
        if not PG_URL:
            pytest.skip("MARSAD_TEST_POSTGRES_URL not set (PostgreSQL tests run in CI via .ci/run)")
        url = postgres_database("marsad_api_tests")
    store = Store(url)
    store.save(make_articles(), "test")
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(api_store: Store) -> TestClient:
    return TestClient(create_app(api_store, token=TOKEN), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def readonly_client(api_store: Store) -> TestClient:
    return TestClient(create_app(api_store, token=None), raise_server_exceptions=False)
