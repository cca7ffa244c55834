"""Session-8 coder rules, found by reading the output on random corpus articles outside the gold
sets; every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import event_tuples, run_text

from marsad.analyse.pipeline import default_pipeline

TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline()


# ------------------------------------------------- a feared capture or advance has not happened
@pytest.mark.parametrize("text", [
    "فرت مئات العائلات من المناطق التي تسيطر عليها المعارضة خوفا من تقدم القوات الحكومية نحو بلدة الحراك.",
    "فر السكان من بلدة الحراك خشية سيطرة تنظيم داعش على البلدة.",
    "نزح الأهالي من الحراك تحسبا لتقدم قوات النظام.",
])
def test_a_feared_capture_is_no_event(nlp, text):
    assert not [e for e in event_tuples(run_text(nlp, text)) if e[1] in TERRITORY]


def test_an_advance_that_happened_is_still_coded(nlp):
    evs = event_tuples(run_text(nlp, "تقدمت قوات النظام السوري نحو بلدة الحراك في ريف درعا."))
    assert [e[1] for e in evs if e[1] in TERRITORY] == ["Government regains territory"]


# ------------------------------------------------- "X المرتبط بـ Y": Y qualifies X and does not act
def test_the_group_a_target_is_linked_to_is_not_actor1(nlp):
    text = 'وقالت وكالة الأنباء السورية إن الجيش قصف مواقع هيئة تحرير الشام "المرتبطة بتنظيم القاعدة" في بلدة الحراك.'
    evs = event_tuples(run_text(nlp, text))
    shelling = [e for e in evs if e[1] == "Shelling/artillery/missile attack"]
    assert shelling and all(e[2] != "grp:al-qaeda" for e in shelling)
    assert shelling[0][3] == "grp:hts"


def test_a_linked_group_that_acts_elsewhere_is_still_an_actor(nlp):
    evs = event_tuples(run_text(nlp, "قصف تنظيم القاعدة مواقع الجيش في بلدة الحراك."))
    assert [e[2] for e in evs if e[1] == "Shelling/artillery/missile attack"] == ["grp:al-qaeda"]


# ------------------------------------------------- what a warning is about has not happened
@pytest.mark.parametrize("text", [
    "وحذر المبعوث الدولي من اندلاع معارك في إدلب.",
    "وقال المبعوث الذي حذر، الأربعاء، من نشوب معركة شاملة في ريف درعا.",
    "أغلقت الشرطة الطرق تخوفا من عمليات انتحارية في بغداد.",
])
def test_a_warned_of_event_is_hypothetical(nlp, text):
    evs = run_text(nlp, text).events
    assert evs and all(e.modality == "hypothetical" for e in evs)


def test_a_warning_far_before_a_reported_clash_leaves_it_asserted(nlp):
    evs = run_text(nlp, "وحذر المرصد من ارتفاع عدد القتلى المدنيين بعد اشتباكات عنيفة في إدلب.").events
    assert [e.modality for e in evs] == ["asserted"]
