"""Rules of session 37: a minister's title names the ministry he heads, soldiers of a state's army, the
relative clause whose verb has "ضد", the group joined after a leader in an expulsion, bases a group keeps."""

from __future__ import annotations

import pytest
from coder_helpers import either_pairs, relation_pairs, run_text


def _ministries(a, typ: str = "leader_of") -> set[tuple[str, str | None, str]]:
    return {(r.head.text, r.tail.entity_id, r.tail.text) for r in a.relations if r.type == typ}


@pytest.mark.parametrize(("text", "person", "ministry"), [
    # the name after the title, the state's adjective (masculine or feminine) or its name
    ("وقال وزير الدفاع الأميركي جيم ماتيس إن العسكريين الأميركيين باقون في سوريا.", "جيم ماتيس", "org:pentagon"),
    ("قال وزير الخارجية الروسية، سيرغي لافروف، الإثنين، إن موسكو ترفض ذلك.", "سيرغي لافروف", "org:russia-mfa"),
    ("وبحث وزير خارجية إيران عباس عراقجي التطورات الأخيرة في سوريا.", "عباس عراقجي", "org:iran-mfa"),
    ("وأتى رد لافروف على تصريحات لوزير الخارجية الإيراني جواد ظريف بضرورة التصدي لإسرائيل.", "جواد ظريف",
     "org:iran-mfa"),
    # the name before the title, in apposition
    ("قال وليد المعلم، وزير الخارجية السوري، إن وجود معارضة في سوريا ليس مشكلة.", "وليد المعلم", "org:syria-mfa"),
    ("وصل اشتون كارتر وزير الدفاع الاميركي، اليوم (الجمعة)، إلى أربيل.", "اشتون كارتر", "org:pentagon"),
])
def test_a_minister_leads_his_ministry(nlp, text, person, ministry):
    assert (person, ministry) in {(h, i) for h, i, _ in _ministries(run_text(nlp, text))}


def test_the_ministry_end_is_the_title_without_its_clitic(nlp):
    a = run_text(nlp, "والتقى لافروف بوزير الخارجية الأمريكي ريكس تيلرسون في موسكو.")
    assert ("ريكس تيلرسون", "org:us-state-department", "وزير الخارجية الأمريكي") in _ministries(a)


def test_an_aide_of_a_minister_is_a_member(nlp):
    a = run_text(nlp, "وقال معاون وزير الخارجية السورية أيمن سوسان لفرانس برس إن اللجنة وصلت.")
    assert ("أيمن سوسان", "org:syria-mfa") in {(h, i) for h, i, _ in _ministries(a, "member_of")}
    assert not _ministries(a)


@pytest.mark.parametrize("text", [
    # the one who met the minister is not the minister
    "والتقى لافروف وزير الخارجية الأمريكي في موسكو.",
    # no state named: whose minister is not said
    "وقال وزير الدفاع خالد العبيدي إن القوات تقدمت.",
    # an aide unnamed: his word is no name before the title
    "ووصلت اللجنة إلى مدينة دوما، وفقا لمعاون وزير الخارجية السورية، وذلك إثر اتهام دمشق.",
])
def test_no_minister_where_the_title_is_not_his(nlp, text):
    assert not _ministries(run_text(nlp, text))


@pytest.mark.parametrize(("text", "typ", "pair"), [
    ("وهناك نحو 3000 جندي روسي في سوريا، ينتشر معظمهم في قاعدة حميميم الواقعة في شمال غرب البلاد.",
     "deployed_to", ("جندي روسي", "قاعدة حميميم")),
    ("وقتل جنديان تركيان وأصيب ثلاثة جنود أتراك في هجوم لحزب العمال الكردستاني في ولاية هكاري.",
     "fights_against", ("حزب العمال الكردستاني", "جنود أتراك")),
])
def test_soldiers_of_a_states_army(nlp, text, typ, pair):
    a = run_text(nlp, text)
    assert pair in either_pairs(a, typ)
    assert {e.entity_id for e in a.entities if e.text == pair[0] or e.text == pair[1]} & {
        "grp:russian-forces", "grp:turkish-forces"}


def test_military_officials_are_no_soldiers(nlp):
    a = run_text(nlp, "ونشرت الصحيفة خبر اجتماع المسؤولين العسكريين الأمريكيين بضباط من فنزويلا.")
    assert not any(e.entity_id == "grp:us-forces" for e in a.entities)


@pytest.mark.parametrize(("text", "pair"), [
    ("وكتب الجناح المسلح لحزب العمال الكردستاني الذي يخوض منذ 1984 تمردا ضد الجيش التركي على الأراضي التركية.",
     ("حزب العمال الكردستاني", "الجيش التركي")),
    ("ولحزب الاتحاد الديمقراطي صلات بحزب العمال الكردستاني الذي يشن حملة تمرد منذ 30 عاما ضد الجيش التركي.",
     ("حزب العمال الكردستاني", "الجيش التركي")),
])
def test_the_antecedent_of_a_relative_clause_is_the_party_against(nlp, text, pair):
    assert pair in either_pairs(run_text(nlp, text), "fights_against")


def test_a_named_other_between_keeps_the_relative_antecedent_out(nlp):
    a = run_text(nlp, "وصلت تعزيزات إلى حزب العمال الكردستاني الذي تقود فيه قوات سوريا الديمقراطية عمليات ضد الجيش التركي.")
    assert ("حزب العمال الكردستاني", "الجيش التركي") not in either_pairs(a, "fights_against")


def test_the_group_joined_after_a_leader_in_an_expulsion(nlp):
    a = run_text(nlp, "لأدعو الأسد إلى طرد الإيرانيين، وطرد قاسم سليماني وفيلق القدس من سوريا.")
    assert ("فيلق القدس", "سوريا") in relation_pairs(a, "deployed_to")


def test_a_group_that_keeps_camps_somewhere(nlp):
    a = run_text(nlp, "وتوجه الطائرات الحربية التركية ضربات إلى حزب العمال الكردستاني المحظور الذي يقيم معسكرات في "
                      "المناطق الجبلية بشمال العراق.")
    assert ("حزب العمال الكردستاني", "شمال العراق") in relation_pairs(a, "deployed_to")
