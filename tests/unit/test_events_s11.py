"""Session-11 event rule: a deployment that comes "من مناطق (سيطرة) X" was sent by X (found on the
dev gold, tests/gold/corpus); every sentence is written for these tests and run through the
default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def deployments(art) -> list[tuple[str | None, str | None]]:
    return [(e.actor1.text if e.actor1 else None, e.location.text if e.location else None)
            for e in art.events if e.sub_event_type == "Change to group/activity"]


@pytest.mark.parametrize("text, actor", [
    ("ذكرت مصادر ميدانية وصول تعزيزات عسكرية من مناطق سيطرة قوات سوريا الديمقراطية شرقي سوريا إلى عفرين.",
     "قوات سوريا الديمقراطية"),
    ("ووصلت تعزيزات عسكرية من مناطق سيطرة قوات النظام إلى عفرين.", "قوات النظام"),
    ("ووصلت تعزيزات عسكرية من معاقل حزب الله إلى القصير.", "حزب الله"),
])
def test_a_deployment_from_the_areas_of_a_group_was_sent_by_it(nlp, text, actor):
    assert [a for a, _loc in deployments(run_text(nlp, text))] == [actor]


def test_a_deployment_into_the_areas_of_a_group_names_no_sender(nlp):
    a = run_text(nlp, "ووصلت تعزيزات عسكرية إلى مناطق سيطرة قوات النظام في عفرين.")
    assert [a for a, _loc in deployments(a)] == [None]


@pytest.mark.parametrize("text, place", [
    ("وصلت تعزيزات عسكرية من معاقل حزب الله في القلمون إلى القصير.", "القصير"),
    ("وصلت تعزيزات عسكرية من مناطق حزب الله في القلمون إلى مدينة القصير.", "القصير"),
    ("وصلت تعزيزات عسكرية إلى ريف حماة الشمالي قادمة من حمص.", "ريف حماة الشمالي"),
])
def test_a_deployment_takes_place_where_it_goes(nlp, text, place):
    assert [loc for _a, loc in deployments(run_text(nlp, text))] == [place]


def actor1s(art) -> list[str | None]:
    return [e.actor1.text if e.actor1 else None for e in art.events]


@pytest.mark.parametrize("text, condemner", [
    ("وأدان زعماء المعارضة السورية عمليات النهب في عفرين.", "المعارضة السورية"),
    ("واستنكرت هيئة تحرير الشام الهجوم على إدلب.", "هيئة تحرير الشام"),
    ("وأدانت الخارجية التركية الغارة الإسرائيلية على دمشق.", "الخارجية التركية"),
])
def test_who_condemns_an_event_did_not_carry_it_out(nlp, text, condemner):
    a = run_text(nlp, text)
    assert a.events and condemner not in actor1s(a)


def test_the_agent_of_a_condemned_act_is_its_actor(nlp):
    a = run_text(nlp, "واستنكرت الحكومة إقدام الحوثيين على اختطاف اثنين من موظفي الأمم المتحدة في صنعاء.")
    assert actor1s(a) == ["الحوثيين"]
