"""Session-23 coder rules.

Events: "نظام" between a governing word and a name is a filler ("ضد نظام بشار الأسد"): the name is the
strikes' target, not their author. Protesters named after إنّ ("إن محتجين اقتحموا") riot; the state's forces are
never the rioters, and forces that only tell of the riot are no party to it.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

from coder_helpers import run_text


def test_the_regime_struck_is_not_the_striker(nlp):
    a = run_text(nlp, "وجاء ذلك قبل فترة وجيزة من الضربات الجوية ضد نظام بشار الأسد في سوريا.")
    strikes = [e for e in a.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 is None or "الأسد" not in e.actor1.text for e in strikes)


def test_protesters_after_inna_storming_a_building_riot(nlp):
    a = run_text(nlp, "وتفيد الأنباء بأن محتجين اقتحموا القنصلية الإيرانية في البصرة وأضرموا فيها النيران.")
    assert [e.sub_event_type for e in a.events] == ["Violent demonstration"]


def test_the_police_telling_of_a_riot_are_no_party_to_it(nlp):
    a = run_text(nlp, "وقالت الشرطة العراقية إن محتجين اقتحموا مبنى المحافظة في البصرة.")
    (riot,) = [e for e in a.events if e.sub_event_type == "Violent demonstration"]
    assert riot.actor1 is None and riot.actor2 is None


def test_the_police_are_the_other_side_of_a_riot_not_the_rioters(nlp):
    a = run_text(nlp, "وأكد مسؤول في الشرطة الفرنسية وقوع أعمال شغب في منطقة نوتردام دي لاند.")
    riots = [e for e in a.events if e.sub_event_type == "Violent demonstration"]
    assert riots and all(e.actor1 is None for e in riots)
