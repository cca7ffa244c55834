"""Event and relation coder fixes of session 4 (H25), on sentences written for these tests."""

from __future__ import annotations

from coder_helpers import ORG, G, L, P, hand_article, loc

from marsad.analyse.events import code_events
from marsad.analyse.relations import SYMMETRIC

IRAN = ("إيران", L, loc("plc:iran", None, "IR", pt="country"))
RUSSIA = ("روسيا", L, loc("plc:russia", None, "RU", pt="country"))
MOSCOW = ("موسكو", L, loc("plc:moscow", None, "RU"))
TURKEY = ("تركيا", L, loc("plc:turkey", None, "TR", pt="country"))
ALEPPO = ("حلب", L, loc("plc:aleppo", "Aleppo"))
MANBIJ = ("منبج", L, loc("plc:manbij", "Aleppo"))
AL_BAB = ("الباب", L, loc("plc:al-bab", "Aleppo"))
IDLIB = ("إدلب", L, loc("plc:idlib", "Idlib"))
BAQIR = ("لواء الباقر", G, dict(entity_id="grp:liwa-al-baqir"))
HEZBOLLAH = ("حزب الله", G, dict(entity_id="grp:hezbollah"))
SDF = ("قوات سوريا الديمقراطية", G, dict(entity_id="grp:sdf"))
ISIS = ("تنظيم داعش", G, dict(entity_id="grp:isis"))
PKK = ("حزب العمال الكردستاني", G, dict(entity_id="grp:pkk"))
HTS = ("هيئة تحرير الشام", G, dict(entity_id="grp:hts"))
HAMZA = ("فرقة الحمزة", G, dict(entity_id="grp:hamza-division"))
NUJABA = ("حركة النجباء", G, dict(entity_id="grp:nujaba"))
TURKISH_ARMY = ("الجيش التركي", G, dict(entity_id="grp:turkish-forces"))
FSA = ("الجيش السوري الحر", G, dict(entity_id="grp:fsa"))
ISRAELI_AF = ("الطيران الإسرائيلي", G, dict(entity_id="grp:israeli-forces"))


def rels(body: str, spec: list) -> set[tuple[str, str, str]]:
    """(type, head, tail) of every extracted relation; symmetric types in both orders."""
    out = set()
    for r in hand_article(body, spec).relations:
        out.add((r.type, r.head.text, r.tail.text))
        if r.type in SYMMETRIC:
            out.add((r.type, r.tail.text, r.head.text))
    return out


# ------------------------------------------------------------------ names glued to a proclitic


def test_one_word_name_glued_to_a_proclitic_is_an_argument():
    body = "وتنتشر ميليشيا لواء الباقر الموالية لإيران في أحياء حلب الشرقية."
    assert ("sponsored_by", "لواء الباقر", "إيران") in rels(body, [BAQIR, IRAN, ALEPPO])



# ------------------------------------------------------------------ link frame: what the cue qualifies


def test_indefinite_link_adjective_needs_the_name_right_before_it():
    body = "وشن الطيران الإسرائيلي غارات على مستودعات تابعة لحزب الله قرب الحدود."
    assert not any(t == "part_of" for t, _, _ in rels(body, [ISRAELI_AF, HEZBOLLAH]))
    body = "وقصفت طائرات مجهولة مقرا للواء الباقر التابع لحزب الله في ريف حلب."
    assert ("part_of", "لواء الباقر", "حزب الله") in rels(body, [BAQIR, HEZBOLLAH, ALEPPO])


def test_definite_noun_before_link_cue_is_what_it_qualifies():
    body = "ورأت المصادر أن تحركات لواء الباقر تهديد للقوات الموالية لروسيا في المنطقة."
    assert not any(t == "sponsored_by" for t, _, _ in rels(body, [BAQIR, RUSSIA]))


def test_allies_with_possessive_hamza_forms():
    body = "وقال إن الجيش التركي وحلفاءه من الجيش السوري الحر دخلوا القرية."
    assert ("allied_with", "الجيش التركي", "الجيش السوري الحر") in rels(body, [TURKISH_ARMY, FSA])


def test_states_allied_by_name_but_not_towns():
    body = "وتصاعدت تهديدات النظام السوري وحليفته موسكو بشن هجوم على المحافظة."
    regime = ("النظام السوري", ORG, dict(entity_id="org:syria-government"))
    assert ("allied_with", "النظام السوري", "موسكو") in rels(body, [regime, MOSCOW])
    body = "وتعرضت بلدة نبل وحليفتها الزهراء لحصار طويل."
    nubl = ("نبل", L, loc("plc:nubl", "Aleppo"))
    zahraa = ("الزهراء", L, loc("plc:zahraa", "Aleppo"))
    assert not rels(body, [nubl, zahraa])


# ------------------------------------------------------------------ titles


def test_title_skips_the_leader_of_a_passive_cue_in_between():
    body = "وقال المتحدث باسم حركة النجباء التي يتزعمها أكرم الكعبي، النائب حسين الموسوي، إن الحركة لن تنسحب."
    kaabi = ("أكرم الكعبي", P, dict(entity_id="per:akram-al-kaabi"))
    mousawi = ("حسين الموسوي", P, {})
    got = rels(body, [NUJABA, kaabi, mousawi])
    assert ("leader_of", "أكرم الكعبي", "حركة النجباء") in got
    assert ("member_of", "حسين الموسوي", "حركة النجباء") in got
    assert ("member_of", "أكرم الكعبي", "حركة النجباء") not in got


def test_title_with_a_pronoun_refers_to_the_clause_subject():
    body = "ونفت قوات سوريا الديمقراطية الخبر، وقالت على لسان المتحدث باسمها، كينو كبرئيل، إن القتال مستمر."
    spokesman = ("كينو كبرئيل", P, {})
    assert ("member_of", "كينو كبرئيل", "قوات سوريا الديمقراطية") in rels(body, [SDF, spokesman])
    body = "وأعلنت فرقة الحمزة أن قائدها سيف أبو بكر نجا من محاولة اغتيال."
    chief = ("سيف أبو بكر", P, dict(entity_id="per:saif-abu-bakr"))
    assert ("leader_of", "سيف أبو بكر", "فرقة الحمزة") in rels(body, [HAMZA, chief])


# ------------------------------------------------------------------ deployments and control


def test_announced_transfer_is_no_deployment_and_the_enemy_is_never_moved():
    body = "وأعلنت قوات سوريا الديمقراطية عزمها نقل 500 من مقاتليها من المعارك ضد تنظيم داعش إلى منبج."
    assert not any(t == "deployed_to" for t, _, _ in rels(body, [SDF, ISIS, MANBIJ]))
    body = "وبدأت قوات سوريا الديمقراطية نقل 500 من مقاتليها من المعارك ضد تنظيم داعش إلى منبج."
    got = rels(body, [SDF, ISIS, MANBIJ])
    assert ("deployed_to", "قوات سوريا الديمقراطية", "منبج") in got
    assert ("deployed_to", "تنظيم داعش", "منبج") not in got


def test_present_control_and_a_capture_are_deployments():
    body = "وتعرضت مدينة الباب التي يسيطر عليها فصيل فرقة الحمزة لقصف مدفعي."
    assert ("deployed_to", "فرقة الحمزة", "الباب") in rels(body, [AL_BAB, HAMZA])
    body = "وتسيطر هيئة تحرير الشام على معظم ريف إدلب الجنوبي."
    assert ("deployed_to", "هيئة تحرير الشام", "إدلب") in rels(body, [HTS, IDLIB])
    # session 28: the group that took a place is in it (the later dev gold codes it so: "سيطرت القوات
    # التركية وفصائل سورية موالية لها على مدينة عفرين"); until then a capture was left to the event
    body = "وسيطرت هيئة تحرير الشام على ريف إدلب الجنوبي بعد معارك."
    assert ("deployed_to", "هيئة تحرير الشام", "إدلب") in rels(body, [HTS, IDLIB])


# ------------------------------------------------------------------ states as parties


def test_state_named_by_its_country_fights_but_a_town_does_not():
    body = "وبدأت تركيا الأسبوع الماضي عمليات عسكرية ضد حزب العمال الكردستاني."
    assert ("fights_against", "تركيا", "حزب العمال الكردستاني") in rels(body, [TURKEY, PKK])
    body = "وتتواصل في حلب عمليات عسكرية ضد تنظيم داعش."
    assert not any(t == "fights_against" for t, _, _ in rels(body, [ALEPPO, ISIS]))


# ------------------------------------------------------------------ events: protests, riots, looting, captures


BASRA = ("البصرة", L, loc("plc:basra", "Basra", "IQ"))
PMF = ("الحشد الشعبي", G, dict(entity_id="grp:pmf"))


def coded(body: str, spec: list) -> list[tuple[str, str, str | None, str | None]]:
    return [(e.event_type, e.sub_event_type, e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None)
            for e in code_events(hand_article(body, spec))]


def test_protesters_shot_by_security_forces_is_excessive_force():
    got = coded("وخرجت مظاهرات في البصرة، وسقط قتيلان برصاص الأمن.", [BASRA])
    assert got == [("Protests", "Excessive force against protesters", None, None)]


def test_protesters_storming_or_burning_is_a_riot_and_the_office_owner_its_target():
    got = coded("واقتحم المحتجون في البصرة مقرا لميليشيات الحشد الشعبي وأحرقوه.", [BASRA, PMF])
    assert got == [("Riots", "Violent demonstration", None, "الحشد الشعبي")]
    got = coded("وفي البصرة أحرق متظاهرون غاضبون مبنى المحافظة.", [BASRA])
    assert got == [("Riots", "Violent demonstration", None, None)]


def test_plundered_wealth_is_no_looting_but_plundered_houses_are():
    assert coded("وتحاول إيران إحكام قبضتها على البصرة ونهب ثرواتها.", [BASRA, IRAN]) == []
    got = coded("ونهب مسلحون من الحشد الشعبي منازل في البصرة.", [BASRA, PMF])
    assert [(t, s) for t, s, _, _ in got] == [("Strategic developments", "Looting/property destruction")]


def test_approaching_a_town_is_no_capture():
    assert coded("وقال إن مقاتلي الحشد الشعبي يقتربون من دخول مدينة البصرة.", [BASRA, PMF]) == []
    got = coded("وقال إن مقاتلي الحشد الشعبي تمكنوا من دخول مدينة البصرة.", [BASRA, PMF])
    assert [t for t, _, _, _ in got] == ["Battles"]
