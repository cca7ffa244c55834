"""Rules of session 36: holders and strongholds (deployed_to), the subject a pronoun or a relative clause
names, the spokesman named before his title, the second target of "ضد", and the Russian reconciliation
centre's names."""

from __future__ import annotations

import pytest
from coder_helpers import either_pairs, event_rows, relation_pairs, run_text


@pytest.mark.parametrize(("text", "pairs"), [
    # every holder joined to the first after "تسيطر عليها"
    ("وتعتبر مناطق جنوب دمشق المحاصرة آخر معاقل تسيطر عليها المعارضة المسلحة وداعش والنصرة في محيط العاصمة دمشق.",
     {("المعارضة المسلحة", "جنوب دمشق"), ("داعش", "جنوب دمشق"), ("النصرة", "جنوب دمشق")}),
    # the place after the holder (the group named before), past the word that describes the holder
    ("وكان تنظيم داعش قد أسر المئات. واقتيد هؤلاء من مراكز احتجاز تديرها قوات سوريا الديمقراطية إلى مناطق يسيطر عليها التنظيم المتشدد في "
     "محافظة دير الزور.", {("التنظيم", "دير الزور")}),
    # a former stronghold, the place's nisba between it and the base noun
    ("وأسقطت طائرته في مدينة الرقة السورية، المعقل السابق لـ\"داعش\" في ديسمبر 2014.", {("داعش", "الرقة")}),
])
def test_holders_and_strongholds(nlp, text, pairs):
    assert pairs <= relation_pairs(run_text(nlp, text), "deployed_to")


def test_spokesman_named_before_his_title(nlp):
    a = run_text(nlp, "وقال جون إيرنست المتحدث باسم البيت الأبيض إن أوباما واردوغان اتفقا على توطيد التعاون.")
    assert relation_pairs(a, "member_of") == {("جون إيرنست", "البيت الأبيض")}


def test_spokesman_named_after_his_title_still(nlp):
    a = run_text(nlp, "وقال المتحدث باسم البيت الأبيض جون إيرنست إن أوباما واردوغان اتفقا على توطيد التعاون.")
    assert relation_pairs(a, "member_of") == {("جون إيرنست", "البيت الأبيض")}


@pytest.mark.parametrize(("text", "pair"), [
    # the relative clause's unnamed men, not the state named before them
    ("وإحدى القضايا التي تشغل واشنطن مصير آلاف السوريين الاكراد الذين قاتلوا تنظيم داعش لسنوات.",
     ("واشنطن", "تنظيم داعش")),
    # "وهي" is the clause's subject (the units), not Ankara, the subject of the clause before
    ("وبدأت تركيا هجوما في بلدة عفرين ضد وحدات حماية الشعب الكردية التي تعتبرها أنقرة \"إرهابية\" وهي حليفة "
     "لواشنطن في محاربة داعش.", ("أنقرة", "داعش")),
])
def test_no_fight_for_a_state_that_is_not_the_subject(nlp, text, pair):
    assert pair not in either_pairs(run_text(nlp, text), "fights_against")


@pytest.mark.parametrize(("text", "pair"), [
    # the pronoun after a relative names the antecedent right before it
    ("وقال المتظاهر: كيف لتركيا أن تقوم بضرب قوات الدفاع الشعبي التي هي تقاتل \"داعش\".",
     ("قوات الدفاع الشعبي", "داعش")),
    # a pronoun right after a name names it
    ("وكان جيش الإسلام، وهو أكبر الفصائل، في قتال مع قوات النظام.", ("جيش الإسلام", "قوات النظام")),
])
def test_a_pronoun_subject_names_the_name_before_it(nlp, text, pair):
    assert pair in either_pairs(run_text(nlp, text), "fights_against")


@pytest.mark.parametrize("text", [
    "وقال البيان انه بالتزامن مع الغارات الجوية قامت القوات البرية بقصف مدفعي ضد تنظيم داعش في سوريا وحزب العمال "
    "الكردستاني.",
    # a filler joined by و before the second name
    "وتركيا في حالة تأهب قصوى منذ أن بدأت حربا على الإرهاب شملت توجيه ضربات جوية ضد مقاتلي «داعش» في سوريا ومقاتلي "
    "حزب العمال الكردستاني في شمال العراق.",
])
def test_second_target_of_against_is_no_attacker(nlp, text):
    a = run_text(nlp, text)
    assert not {("داعش", "حزب العمال الكردستاني"), ("تنظيم داعش", "حزب العمال الكردستاني")} & either_pairs(
        a, "fights_against")
    assert not any(row[1] == "حزب العمال الكردستاني" for row in event_rows(a))


@pytest.mark.parametrize("text", [
    "وقال الميجر جنرال يوري يفتوشينكو رئيس المركز الروسي للسلام والمصالحة في سوريا إن عملية ستبدأ اليوم.",
    "ونقلت عن الميجر جنرال يوري يفتوشينكو رئيس مركز السلام والمصالحة الروسي في سوريا قوله إن العلم رفع.",
    "وكان رئيس \"المركز الروسي للمصالحة بين الأطراف المتحاربة في سوريا\"، الجنرال يوري يفتوشينكو، قد نفى ذلك.",
])
def test_reconciliation_centre_names(nlp, text):
    a = run_text(nlp, text)
    assert {e.entity_id for e in a.entities if e.type == "ORGANIZATION"} == {"org:hmeimim-reconciliation-centre"}
    assert any(h == "يوري يفتوشينكو" for h, _ in relation_pairs(a, "leader_of"))


def test_object_before_a_verb_is_no_subject(nlp):
    a = run_text(nlp, "لا سيما وأنها (واشنطن) تقود التحالف الدولي ضد (داعش)، وتدعم قوات البيشمركة والقوات الاتحادية.")
    assert not any(t == "داعش" for _, t in relation_pairs(a, "sponsored_by"))


@pytest.mark.parametrize(("text", "name"), [
    ("جاء ذلك على لسان إريك باهون، المتحدث باسم البنتاغون، حيث قال إن الوجود مستمر.", "إريك باهون"),
    ("زلّ لسان لويس سواريز هداف برشلونة.", "لويس سواريز"),
])
def test_a_name_does_not_begin_with_tongue(nlp, text, name):
    assert name in {e.text for e in run_text(nlp, text).entities if e.type == "PERSON"}


@pytest.mark.parametrize("text", [
    # a kinsman named with the visitor is not someone he met
    "وقبل توجهه إلى البيت الأبيض زار ماكرون وزوجته بريجيت نصب لينكولن الشهير.",
    # a cabinet or a line-up is no meeting of its members
    "وضم التشكيل أشرف صبحي وزيرا للشباب والرياضة، وعمرو نصار وزيرا للتجارة والصناعة.",
])
def test_no_meeting_of_kin_or_a_line_up(nlp, text):
    assert not relation_pairs(run_text(nlp, text), "met_with")


def test_a_meeting_still_is_one(nlp):
    a = run_text(nlp, "والتقى الرئيس السوري بشار الأسد وزير الخارجية الإيراني محمد جواد ظريف في دمشق.")
    assert ("بشار الأسد", "محمد جواد ظريف") in either_pairs(a, "met_with")


def test_people_present_meet_only_at_a_meeting(nlp):
    ceremony = run_text(nlp, "وافتتح المعرض بحضور وزير الثقافة محمد الأمين ورئيس البلدية خالد العمر.")
    assert not relation_pairs(ceremony, "met_with")
    meeting = run_text(nlp, "وعقد اجتماع في بغداد بحضور رئيس الوزراء حيدر العبادي وقائد فيلق القدس قاسم سليماني.")
    assert ("حيدر العبادي", "قاسم سليماني") in either_pairs(meeting, "met_with")
