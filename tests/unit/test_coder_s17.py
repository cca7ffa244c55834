"""Session-17 coder rules: a group announcing what it did ("أعلنت القوات العراقية تحرير مدينة الرمادي").

The source phrase after a reporting verb used to run on over the verbal noun that followed it, so the
announced event lost its place (and any name inside it), and the group that announced its own capture
was no actor.  Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

from marsad.analyse.modality import sources_of


@pytest.mark.parametrize("text, source", [
    ("وأكدت القوات العراقية تحرير مدينة الرمادي بالكامل.", "القوات العراقية"),
    ("أعلنت وزارة الدفاع الروسية استهداف مواقع المسلحين في إدلب.", "وزارة الدفاع الروسية"),
    ("أعلن الجيش العراقي استعادة السيطرة على مدينة الرمادي.", "الجيش العراقي"),
])
def test_the_source_phrase_ends_where_the_announced_event_begins(nlp, text, source):
    a = run_text(nlp, text)
    assert [s.text for s in sources_of(a)] == [source]


def test_an_event_word_inside_a_named_source_stays_in_it(nlp):
    a = run_text(nlp, "قالت غرفة عمليات حلب إن الطيران قصف المدينة.")
    assert [s.text for s in sources_of(a)] == ["غرفة عمليات حلب"]


@pytest.mark.parametrize("text, row", [
    ("وأكدت القوات العراقية تحرير مدينة الرمادي بالكامل.",
     ("Government regains territory", "القوات العراقية", None, "الرمادي")),
    ("أعلنت القوات العراقية تحرير مدينة الرمادي من تنظيم داعش.",
     ("Government regains territory", "القوات العراقية", "تنظيم داعش", "الرمادي")),
    ("أكد الجيش السوري سيطرته على بلدة حمورية.", ("Government regains territory", "الجيش السوري", None, "حمورية")),
])
def test_a_group_announcing_its_capture_took_the_place(nlp, text, row):
    assert event_rows(run_text(nlp, text)) == [row]


def test_the_side_a_place_is_freed_from_is_not_the_one_who_freed_it(nlp):
    a = run_text(nlp, "رجح شيوخ العشائر إكمال تحرير مدينة الرمادي من قبضة داعش خلال أيام.")
    assert [(a1, a2) for _, a1, a2, _ in event_rows(a)] == [(None, "داعش")]


def test_a_group_announcing_its_losses_is_not_their_author(nlp):
    a = run_text(nlp, "أعلن الجيش مقتل 5 من جنوده في هجوم لداعش قرب الرمادي.")
    assert all(a1 != "الجيش" for _, a1, _, _ in event_rows(a))


@pytest.mark.parametrize("text, row", [
    ("قتل 5 من الجنود في هجوم لداعش قرب الرمادي.", ("Armed clash", "داعش")),
    ("قتل مدنيان في قصف لداعش على بلدة هجين.", ("Shelling/artillery/missile attack", "داعش")),
])
def test_a_group_glued_to_lam_after_an_attack_noun_is_its_author(nlp, text, row):
    assert [(sub, a1) for sub, a1, _, _ in event_rows(run_text(nlp, text))] == [row]


def test_a_group_glued_to_lam_after_another_noun_stays_out(nlp):
    a = run_text(nlp, "وقالت مصادر إن الجيش تصدى أمس لداعش في هجوم قرب الرمادي.")
    assert all(a1 != "داعش" for _, a1, _, _ in event_rows(a))


def _actor1_ids(a):
    return [(e.sub_event_type, e.actor1.entity_id if e.actor1 else None) for e in a.events]


@pytest.mark.parametrize("text, row", [
    ("أعلنت وزارة الدفاع الروسية استهداف مواقع المسلحين في إدلب.",
     ("Shelling/artillery/missile attack", "grp:russian-forces")),
    ("قالت وزارة الدفاع التركية إنها قصفت مواقع لحزب العمال الكردستاني في شمال العراق.",
     ("Shelling/artillery/missile attack", "grp:turkish-forces")),
    ("أعلنت وزارة الدفاع الأمريكية نشر قوات إضافية في سوريا.", ("Change to group/activity", "grp:us-forces")),
])
def test_a_defence_ministry_announcing_an_action_speaks_for_its_forces(nlp, text, row):
    assert _actor1_ids(run_text(nlp, text)) == [row]


def test_another_ministry_reporting_deaths_is_no_actor(nlp):
    a = run_text(nlp, "أعلنت وزارة الصحة السورية مقتل 5 مدنيين في قصف على دوما.")
    assert [a1 for _, a1 in _actor1_ids(a)] == [None]
