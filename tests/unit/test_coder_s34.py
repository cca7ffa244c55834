"""Rules of session 34: the sides of "بين X من جهة، وY من جهة أخرى" when the first side has no name found,
a date between a fight cue and its "بين", a subject's allies on its side, talks between parties (met_with),
and the place after a holder's type word."""

from __future__ import annotations

import pytest
from coder_helpers import either_pairs, relation_pairs, run_text


def test_unnamed_first_side_states_no_fight_between_allies(nlp):
    # the first side ("غرفتي أنصار الشريعة") has no name found: the three after the split are one side,
    # never set against each other
    a = run_text(nlp, "ودارت اشتباكات بين غرفتي أنصار الشريعة وغيرها من طرف، وقوات النظام وحزب الله اللبناني "
                      "وقوات الدفاع الوطني من طرف آخر في حلب.")
    fights = either_pairs(a, "fights_against")
    assert ("قوات النظام", "حزب الله اللبناني") not in fights
    assert ("قوات النظام", "قوات الدفاع الوطني") not in fights


def test_named_first_side_still_fights_the_other(nlp):
    a = run_text(nlp, "ودارت اشتباكات بين الكتائب المقاتلة من جهة، وقوات النظام مدعمة بقوات الدفاع الوطني من "
                      "جهة أخرى في حي السبع بحرات بحلب.")
    assert ("الكتائب المقاتلة", "قوات النظام") in either_pairs(a, "fights_against")


def test_date_between_fight_cue_and_between(nlp):
    # "بعد منتصف ليل أمس" stands between "اشتباكات" and "بين": a date is no word between them
    a = run_text(nlp, "دارت اشتباكات بعد منتصف ليل أمس بين الكتائب المقاتلة من جهة، وقوات النظام من جهة أخرى، "
                      "في حي السبع بحرات بحلب القديمة.")
    assert ("الكتائب المقاتلة", "قوات النظام") in either_pairs(a, "fights_against")
    # … but a far "بين" that is no date's neighbour belongs to another word
    b = run_text(nlp, "دارت اشتباكات عنيفة في الحي القديم المحاذي للطريق الواصل بين الكتائب المقاتلة وقوات النظام.")
    assert ("الكتائب المقاتلة", "قوات النظام") not in either_pairs(b, "fights_against")


def test_allies_after_the_subject_are_no_target(nlp):
    a = run_text(nlp, "وتقاتل القوات التركية وحلفاؤها من مقاتلي المعارضة السورية في عفرين.")
    assert ("القوات التركية", "المعارضة السورية") not in either_pairs(a, "fights_against")
    assert ("القوات التركية", "المعارضة السورية") in either_pairs(a, "allied_with")


@pytest.mark.parametrize(("text", "pair"), [
    ("وقال إن المفاوضات بين جيش الإسلام وروسيا مستمرة.", ("جيش الإسلام", "روسيا")),
    ("وأجرت روسيا مفاوضات مع جيش الإسلام في دوما.", ("روسيا", "جيش الإسلام")),
    # the other party's men or envoys ("ومسلحي", "وممثلي") before its name
    ("بعد انهيار المحادثات بين روسيا وممثلي المعارضة السورية.", ("روسيا", "المعارضة السورية")),
    # a place after the first party
    ("وتستمر المفاوضات بين فصائل المعارضة في الجنوب السوري وروسيا حول آلية تنفيذ الاتفاق.",
     ("فصائل المعارضة", "روسيا")),
    ("وهذه أول مفاوضات معلنة بين الحكومة السورية وقوات سوريا الديمقراطية.",
     ("الحكومة السورية", "قوات سوريا الديمقراطية")),
])
def test_talks_between_parties_are_meetings(nlp, text, pair):
    assert pair in either_pairs(run_text(nlp, text), "met_with")


@pytest.mark.parametrize("text", [
    # called for, not held
    "ودعا إلى مفاوضات بين الحكومة السورية والمعارضة المسلحة.",
    "ورفضت الحكومة السورية المفاوضات مع جيش الإسلام.",
    # no armed group in the talks (states, a party), or a town for a state
    "ومساء الاثنين أعلن البيت الأبيض أن المحادثات بين الولايات المتحدة وكوريا الشمالية تجري بشكل جيد.",
    "وتتواصل المحادثات بين مسؤولين أميركيين وأتراك حول عفرين وجيش الإسلام.",
    # denied
    "ونفت الحكومة تقارير عن وجود مفاوضات سرية بين الحوثيين والسعودية.",
    "لكن مسؤولا بالتحالف نفى خوض السعودية مفاوضات مع الحوثيين.",
    # someone else's talks: the subject far before the cue holds none
    "وأعربت الأمم المتحدة قلقها إزاء مصير المدنيين المحاصرين في دوما رغم المفاوضات مع روسيا.",
    # the name after the first party is in the clause that describes it
    "وتوسط الأردن في محادثات بين الجيش السوري الحر، الذي يضم جماعات للمعارضة المسلحة، والروس بشأن اتفاق.",
    # no party right after بين
    "وعقدت محادثات بين وفود من 72 دولة حول وقف تمويل جماعات من بينها تنظيمي داعش والقاعدة.",
    # the talks in a clause of their own, after a comma
    "اتفاقات الغوطة الشرقية: إجلاء مقاتلي فيلق الرحمن، ومفاوضات مع جيش الإسلام.",
    # talks to come or tried for
    "ستبدأ بعد قليل مفاوضات بين الحكومة السورية ومسلحي جيش الإسلام في مدينة دوما.",
    "رغم المحاولات المتأخرة لعقد محادثات سلام بين كابول وطالبان.",
])
def test_talks_not_held_or_not_between_two_parties(nlp, text):
    assert not relation_pairs(run_text(nlp, text), "met_with")


def test_place_after_holder_with_its_type_word(nlp):
    a = run_text(nlp, "وقصفت الطائرات مناطق يسيطر عليها تنظيم داعش في محافظة دير الزور.")
    assert ("تنظيم داعش", "دير الزور") in relation_pairs(a, "deployed_to")


def test_taking_the_lead_of_a_group(nlp):
    a = run_text(nlp, "وقال إن أبو محمد الجولاني تولى قيادة جبهة النصرة عام 2012.")
    assert ("أبو محمد الجولاني", "جبهة النصرة") in relation_pairs(a, "leader_of")
    # the one named after the group took nothing: the subject is before the verb
    b = run_text(nlp, "وتولت جبهة النصرة قيادة المعركة بعد مقتل أبو محمد الجولاني.")
    assert not relation_pairs(b, "leader_of")


def test_lead_sought_is_not_taken(nlp):
    a = run_text(nlp, "وقال المتحدث إن الاتحاد يدعم أبو محمد الجولاني في مساعيه لتولي قيادة جبهة النصرة.")
    assert not relation_pairs(a, "leader_of")


def test_group_fought_in_a_place_is_there(nlp):
    a = run_text(nlp, "وتواصل حملة أنقرة ضد وحدات حماية الشعب في عفرين.")
    assert ("وحدات حماية الشعب", "عفرين") in relation_pairs(a, "deployed_to")
    b = run_text(nlp, "وتشن القوات عمليات ضد تنظيم داعش في محافظة دير الزور.")
    assert ("تنظيم داعش", "دير الزور") in relation_pairs(b, "deployed_to")


@pytest.mark.parametrize("text", [
    # a country is where the war is, not a deployment the gold codes
    "وشاركت بريطانيا في الضربات الجوية ضد داعش في العراق.",
    # not named right after ضد: the place is where the praise is for
    "وأشاد الوزير بجهود وحدات حماية الشعب في منبج.",
])
def test_group_fought_in_a_country_or_not_the_target(nlp, text):
    assert not relation_pairs(run_text(nlp, text), "deployed_to")
