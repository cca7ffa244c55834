"""ACLED coding rules (inter codes, interaction, source scale, notes) on hand-made events, no database."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from marsad.export.acled import AcledCoder
from marsad.export.common import ActorInfo, load_codes
from marsad.knowledge.kb import load_kb


class KBNames:
    """ActorNames stand-in answering from the knowledge base only."""

    def __init__(self) -> None:
        self.kb = load_kb()

    def get(self, eid: str | None) -> ActorInfo | None:
        e = self.kb.get(eid) if eid else None
        if e is None:
            return None
        return ActorInfo(e.id, e.type, e.name_en, e.name_ar, e.kind, e.origin_country or e.country, tuple(e.aliases))


@pytest.fixture(scope="module")
def coder() -> AcledCoder:
    return AcledCoder(KBNames(), timestamp=1_700_000_000)  # type: ignore[arg-type]


def _event(**kw: Any) -> dict[str, Any]:
    ev = {"id": 7, "event_type": "Battles", "sub_event_type": "Armed clash", "actor1_id": None, "actor1_text": None,
          "actor2_id": None, "actor2_text": None, "location_text": "دير الزور", "location_name_en": "Deir ez-Zor",
          "lat": 35.33, "lon": 40.14, "admin1": "Deir ez-Zor", "country": "SY", "geo_precision": 1,
          "date": "2017-09-05", "time_precision": 1, "fatalities": None, "source_count": 1, "article_count": 1,
          "first_reported": "2017-09-06", "last_reported": "2017-09-06", "modalities": "asserted", "confidence": 0.7,
          "sources": [{"article_id": "x", "outlet": "بلدي نيوز", "url": "https://baladi-news.com/1",
                       "modality": "asserted", "attributed_to": None, "evidence_text": "اشتبك الجيش مع داعش",
                       "reported": "2017-09-06", "title": "t"}]}
    ev.update(kw)
    return ev


def test_state_forces_home_and_abroad(coder: AcledCoder) -> None:
    assert coder.inter_code("grp:syrian-army", "الجيش السوري", "SY")[0] == 1
    assert coder.inter_code("grp:syrian-army", "الجيش السوري", "IQ")[0] == 8
    assert coder.inter_code("grp:russian-forces", None, "SY") == (8, "Russian Armed Forces")
    assert coder.inter_code("grp:isis", None, "IQ")[0] == 2
    assert coder.inter_code("grp:kataib-hezbollah", None, "IQ")[0] == 3


def test_unlinked_actors(coder: AcledCoder) -> None:
    assert coder.inter_code(None, None, "SY") == (0, "")
    assert coder.inter_code(None, "المدنيين", "IQ") == (7, "Civilians (Iraq)")
    assert coder.inter_code(None, "متظاهرين", "SY") == (6, "Protesters (Syria)")
    assert coder.inter_code(None, "مسلحون مجهولون", "SY") == (3, "مسلحون مجهولون")  # default, Arabic name kept


def test_overrides_from_codes() -> None:
    codes = copy.deepcopy(load_codes())
    codes["inter"]["overrides"] = {"grp:kataib-hezbollah": 1}
    c = AcledCoder(KBNames(), codes=codes)  # type: ignore[arg-type]
    assert c.inter_code("grp:kataib-hezbollah", None, "IQ")[0] == 1


def test_interaction_codes() -> None:
    assert AcledCoder.interaction(1, 3) == 13
    assert AcledCoder.interaction(3, 1) == 13
    assert AcledCoder.interaction(2, 0) == 20
    assert AcledCoder.interaction(0, 7) == 70
    assert AcledCoder.interaction(8, 8) == 88


def test_source_scale(coder: AcledCoder) -> None:
    assert coder.source_scale(["بلدي نيوز"], "SY") == "National"
    assert coder.source_scale(["بلدي نيوز"], "IQ") == "Regional"
    assert coder.source_scale(["بلدي نيوز", "الجزيرة نت"], "SY") == "National-Regional"
    assert coder.source_scale(["no such outlet"], "SY") == "Other"


def test_row_fields(coder: AcledCoder) -> None:
    row = coder.row(_event(actor1_id="grp:syrian-army", actor1_text="الجيش", actor2_id="grp:isis", fatalities=None))
    assert row is not None
    assert row["event_id_cnty"] == "SYR7" and row["iso"] == 760 and row["year"] == 2017
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 2, 12)
    assert row["fatalities"] == 0 and row["marsad_fatalities"] == ""
    assert row["disorder_type"] == "Political violence" and row["timestamp"] == 1_700_000_000
    assert row["notes"] == ("On 2017-09-05, Syrian Arab Army and Islamic State: Armed clash (Battles) in Deir ez-Zor, "
                            "Syria. Evidence: «اشتبك الجيش مع داعش» (per Baladi News).")


def test_row_undated_and_report_date(coder: AcledCoder) -> None:
    assert coder.row(_event(date=None, first_reported=None)) is None
    row = coder.row(_event(date=None, time_precision=None))
    assert row is not None and row["event_date"] == "2017-09-06" and row["time_precision"] == 2


def test_disorder_type_from_taxonomy(coder: AcledCoder) -> None:
    row = coder.row(_event(event_type="Protests", sub_event_type="Excessive force against protesters"))
    assert row is not None and row["disorder_type"] == "Political violence; Demonstrations"
    row = coder.row(_event(event_type="Protests", sub_event_type="Peaceful protest", sources=[]))
    assert row is not None and row["disorder_type"] == "Demonstrations" and row["source_scale"] == "Other"
