"""Session-10 relation rules (bases and strongholds, the masdar of backing, fights told by a target
masdar or past a place), found on the dev gold (tests/gold/corpus) and checked on random corpus
articles; every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

from coder_helpers import run_text


def rels(art, typ: str) -> list[tuple[str, str]]:
    return sorted((r.head.text, r.tail.text) for r in art.relations if r.type == typ)


# ------------------------------------------------- bases and strongholds (deployed_to)
def test_a_place_described_as_a_groups_stronghold(nlp):
    a = run_text(nlp, "وسيطرت القوات العراقية على مدينة القائم، آخر معاقل داعش في الأنبار.")
    assert ("داعش", "القائم") in rels(a, "deployed_to")
    assert ("داعش", "الأنبار") not in rels(a, "deployed_to")  # the place described, not its province


def test_a_groups_base_in_a_place(nlp):
    a = run_text(nlp, "وأضرم محتجون النار في مقر لقوات الحشد الشعبي في البصرة.")
    assert [t for _h, t in rels(a, "deployed_to")] == ["البصرة"]
    b = run_text(nlp, "وقصفت الطائرات التركية القواعد الخلفية لحزب العمال الكردستاني شمال العراق.")
    assert ("حزب العمال الكردستاني", "شمال العراق") in rels(b, "deployed_to")


def test_a_stronghold_near_a_town_is_not_in_it(nlp):
    a = run_text(nlp, "وتعد الغوطة الشرقية آخر معاقل الفصائل المعارضة قرب العاصمة دمشق.")
    assert [t for _h, t in rels(a, "deployed_to")] == ["الغوطة الشرقية"]


def test_al_qaeda_is_no_base_noun(nlp):
    """"القاعدة" is a group's name, and a definite base noun names no owner after it."""
    a = run_text(nlp, "وتحدث عن الدعم الذي تقدمه إيران لتنظيمات القاعدة، وما داعش إلا مثال.")
    assert rels(a, "deployed_to") == []


def test_a_base_owned_by_a_group_not_the_state_it_is_close_to(nlp):
    a = run_text(nlp, "وقتل متظاهر برصاص حراس مقر منظمة بدر المقربة من إيران في الديوانية.")
    assert ("منظمة بدر", "إيران") not in rels(a, "deployed_to")


# ------------------------------------------------- the masdar of backing (sponsored_by)
def test_the_backer_after_the_masdar_and_the_backed_with_lam(nlp):
    a = run_text(nlp, "وتختلف تركيا مع أميركا في قضية دعم واشنطن لوحدات حماية الشعب الكردية ضد داعش.")
    assert ("وحدات حماية الشعب الكردية", "واشنطن") in rels(a, "sponsored_by")


def test_the_possessed_masdar_names_its_backer_before(nlp):
    a = run_text(nlp, "وقال الوزير إن روسيا بدعمها الثابت لسوريا تتحمل مسؤولية في هذه الهجمات.")
    assert ("سوريا", "روسيا") in rels(a, "sponsored_by")


def test_stopping_support_states_no_backing(nlp):
    a = run_text(nlp, "وطالبت أنقرة بوقف دعم واشنطن لوحدات حماية الشعب الكردية.")
    assert rels(a, "sponsored_by") == []


# ------------------------------------------------- fights (fights_against)
def test_a_target_masdar_gives_the_state_that_acts(nlp):
    a = run_text(nlp, "وجاء ذلك بعد العملية العسكرية التي أطلقتها تركيا لاستهداف تنظيم داعش.")
    assert ("تركيا", "تنظيم داعش") in rels(a, "fights_against") or \
        ("تنظيم داعش", "تركيا") in rels(a, "fights_against")


def test_the_place_of_an_operation_is_not_its_target(nlp):
    a = run_text(nlp, "وبدأت تركيا عملية عسكرية واسعة على منطقة عفرين بهدف إخراج وحدات حماية الشعب الكردية منها.")
    assert {frozenset(p) for p in rels(a, "fights_against")} == {frozenset({"تركيا", "وحدات حماية الشعب الكردية"})}


def test_a_group_that_stood_up_to_another(nlp):
    a = run_text(nlp, "وكانت وحدات مقاومة سنجار، التي تصدت لتنظيم داعش، قد انسحبت من المدينة.")
    assert {frozenset(p) for p in rels(a, "fights_against")} == {frozenset({"وحدات مقاومة سنجار", "تنظيم داعش"})}


def test_the_name_after_a_pronoun_object_is_the_subject(nlp):
    """"فتصدت لها الطائرات الإسرائيلية": Israel's aircraft are no enemy of Israel."""
    a = run_text(nlp, "ودخلت طائرة بلا طيار إلى هضبة الجولان التي تحتلها إسرائيل فتصدت لها الطائرات الإسرائيلية.")
    assert rels(a, "fights_against") == []


def test_an_accusing_state_is_no_party_to_the_fight_it_names(nlp):
    a = run_text(nlp, "واتهمته الولايات المتحدة في 2008 بتدريب الميليشيات لمحاربة قوات التحالف الدولي في العراق.")
    assert rels(a, "fights_against") == []
