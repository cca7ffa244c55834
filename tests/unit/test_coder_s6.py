"""Session-6 coder fixes, from the errors on 12 fresh blind dev articles (H29); every sentence is
written for these tests and run through the default pipeline (knowledge-base matching included)."""

from __future__ import annotations

import pytest
from coder_helpers import event_tuples, run_text

from marsad.analyse.pipeline import default_pipeline

BATTLES = "Battles"


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline()


# ------------------------------------------------- "بين X وY" a few words after the trigger
@pytest.mark.parametrize("text", [
    "تدور اشتباكات عنيفة منذ الصباح بين قوات النظام وجيش الإسلام قرب بلدة الريحان.",
    "اندلعت اشتباكات عنيفة اليوم أيضا بين قوات النظام وجيش الإسلام قرب بلدة الريحان.",
])
def test_between_a_few_words_after_the_clash(nlp, text):
    assert event_tuples(run_text(nlp, text)) == [(BATTLES, "Armed clash", "grp:syrian-army", "grp:jaysh-al-islam")]


def test_between_in_the_next_clause_is_not_the_clash_parties(nlp):
    evs = event_tuples(run_text(nlp, "اندلعت اشتباكات عنيفة قرب بلدة الريحان، بين قوات النظام وجيش الإسلام."))
    assert evs and evs[0][:2] == (BATTLES, "Armed clash")


# ------------------------------------------------- an old date in another clause does not make history
def test_a_year_in_an_earlier_clause_does_not_date_the_clash(nlp):
    text = ("ويزيد ذلك الضغط على آلاف المدنيين المحاصرين في المنطقة منذ العام 2013، إذ أن اشتباكات "
            "تدور قرب بلدة الريحان بين قوات النظام وجيش الإسلام.")
    assert event_tuples(run_text(nlp, text)) == [(BATTLES, "Armed clash", "grp:syrian-army", "grp:jaysh-al-islam")]


@pytest.mark.parametrize("text", [
    "وفي عام 2014، سيطر تنظيم داعش على مدينة الموصل.",  # a short fronted clause dates the event
    "سيطر تنظيم داعش على مدينة الموصل عام 2014.",
])
def test_a_bare_earlier_year_still_makes_background(nlp, text):
    assert event_tuples(run_text(nlp, text)) == []


# ------------------------------------------------- the possessor of a verbal noun is its agent
def test_possessive_verbal_noun_takes_the_subject_before_it(nlp):
    text = ("قطعت قوات النظام السوري صباح الأحد الطريق الرئيسي الذي يربط بين البلدات المحاصرة "
            "في الغوطة الشرقية قرب دمشق إثر سيطرتها على بلدة مسرابا القريبة.")
    a = run_text(nlp, text)
    evs = [e for e in a.events if e.event_type == BATTLES]
    assert [(e.sub_event_type, e.actor1.entity_id if e.actor1 else None) for e in evs] == [
        ("Government regains territory", "grp:syrian-army")]
    assert evs[0].location is not None and "مسرابا" in evs[0].location.text  # the place taken, after the verb
