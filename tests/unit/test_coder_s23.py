"""Session-23 coder rules.

Events: "نظام" between a governing word and a name is a filler ("ضد نظام بشار الأسد"): the name is the
strikes' target, not their author.

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

from coder_helpers import run_text


def test_the_regime_struck_is_not_the_striker(nlp):
    a = run_text(nlp, "وجاء ذلك قبل فترة وجيزة من الضربات الجوية ضد نظام بشار الأسد في سوريا.")
    strikes = [e for e in a.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 is None or "الأسد" not in e.actor1.text for e in strikes)
