"""Relation fixes (H22): verb-first subjects ("اشتبكت X مع Y", "هاجمت X مواقع Y"), subjects that are
no object of another word, masdar objects ("لمحاربة X"), coordinated ends, speakers are no party,
negated alliances, and wider member/leader/part/sponsor cues.

Hand-built articles (entities placed by hand, sentences written for these tests).
"""
# ruff: noqa: E501

from __future__ import annotations

from coder_helpers import ORG, G, L, P, hand_article


def _rels(body: str, spec: list[tuple[str, str, str | None]]) -> set[tuple[str, str, str]]:
    ents = [(text, typ, {"entity_id": eid, "attrs": {"placetype": "country"}, "country": "IR"} if typ == L
             else {"entity_id": eid}) for text, typ, eid in spec]
    a = hand_article(body, ents)
    return {(r.type, r.head.entity_id or r.head.text, r.tail.entity_id or r.tail.text) for r in a.relations}


def _has(rels: set[tuple[str, str, str]], typ: str, a: str, b: str) -> bool:
    return (typ, a, b) in rels or (typ in ("fights_against", "allied_with") and (typ, b, a) in rels)


ISIS = ("تنظيم داعش", G, "grp:isis")
SDF = ("قوات سوريا الديمقراطية", G, "grp:sdf")
PMF = ("الحشد الشعبي", G, "grp:pmf")


def test_verb_first_clash_with():
    rels = _rels("واشتبكت قوات سوريا الديمقراطية مع تنظيم داعش قرب بلدة الشعفة.", [SDF, ISIS])
    assert _has(rels, "fights_against", "grp:sdf", "grp:isis")


def test_coordinated_enemies_each_fight():
    rels = _rels("وخاض الحشد الشعبي معارك مع تنظيم داعش وجيش المجاهدين غرب سامراء.",
                 [PMF, ISIS, ("جيش المجاهدين", G, "grp:jaysh-al-mujahideen")])
    assert _has(rels, "fights_against", "grp:pmf", "grp:isis")
    assert _has(rels, "fights_against", "grp:pmf", "grp:jaysh-al-mujahideen")


def test_object_of_a_masdar_is_no_subject_of_the_next_cue():
    rels = _rels("وخاضت وحدات حماية الشعب التي برعت في قتال تنظيم داعش معارك عنيفة مع الجيش التركي.",
                 [("وحدات حماية الشعب", G, "grp:ypg"), ISIS, ("الجيش التركي", G, "grp:turkish-forces")])
    assert _has(rels, "fights_against", "grp:ypg", "grp:turkish-forces")
    assert _has(rels, "fights_against", "grp:ypg", "grp:isis")
    assert not _has(rels, "fights_against", "grp:isis", "grp:turkish-forces")


def test_masdar_object_is_the_enemy():
    rels = _rels("ويسعى جيش مغاوير الثورة لمحاربة تنظيم داعش في البادية.", [("جيش مغاوير الثورة", G, "grp:maghawir"), ISIS])
    assert _has(rels, "fights_against", "grp:maghawir", "grp:isis")


def test_verb_first_coordination_is_an_alliance_unless_negated():
    spec = [("القوات العراقية", G, "grp:iraqi-security-forces"), SDF]
    rels = _rels("وتنسق القوات العراقية عملياتها على الحدود مع قوات سوريا الديمقراطية.", spec)
    assert _has(rels, "allied_with", "grp:iraqi-security-forces", "grp:sdf")
    rels = _rels("ولم تنسق القوات العراقية عملياتها مع قوات سوريا الديمقراطية.", spec)
    assert not _has(rels, "allied_with", "grp:iraqi-security-forces", "grp:sdf")


def test_speaker_is_no_party():
    rels = _rels("وقالت مصادر في الجيش العراقي إن 12 من عناصر تنظيم داعش قتلوا في اشتباكات مع القوات العراقية.",
                 [("الجيش العراقي", G, "grp:iraqi-army"), ISIS, ("القوات العراقية", G, "grp:iraqi-security-forces")])
    assert _has(rels, "fights_against", "grp:isis", "grp:iraqi-security-forces")
    assert not _has(rels, "fights_against", "grp:iraqi-army", "grp:iraqi-security-forces")


def test_verb_first_attack_on_positions():
    rels = _rels("وهاجمت قوات سوريا الديمقراطية مواقع تنظيم داعش شرق النهر.", [SDF, ISIS])
    assert _has(rels, "fights_against", "grp:sdf", "grp:isis")


def test_wider_member_leader_part_sponsor_cues():
    rels = _rels("وقال سامر الحسن المسؤول الإعلامي في جيش الإسلام إن الهدنة صامدة.",
                 [("سامر الحسن", P, None), ("جيش الإسلام", G, "grp:jaysh-al-islam")])
    assert ("member_of", "سامر الحسن", "grp:jaysh-al-islam") in rels
    rels = _rels("ووصل إلى دمشق وفد من حركة النجباء برئاسة أكرم الكعبي.",
                 [("حركة النجباء", G, "grp:nujaba"), ("أكرم الكعبي", P, "per:akram-kaabi")])
    assert ("leader_of", "per:akram-kaabi", "grp:nujaba") in rels
    rels = _rels("وأعلنت سرايا السلام، إحدى تشكيلات الحشد الشعبي، النفير العام.",
                 [("سرايا السلام", G, "grp:saraya-al-salam"), PMF])
    assert ("part_of", "grp:saraya-al-salam", "grp:pmf") in rels
    rels = _rels("وكانت حركة النجباء تتلقى دعما من إيران منذ تأسيسها.",
                 [("حركة النجباء", G, "grp:nujaba"), ("إيران", L, "plc:iran")])
    assert ("sponsored_by", "grp:nujaba", "plc:iran") in rels


def test_no_fight_stated_in_a_conditional():
    rels = _rels("ولن تقدم الطائرات أي مساندة إلا في حال حدوث اشتباكات بين القوات الروسية وتنظيم داعش.",
                 [("القوات الروسية", G, "grp:russian-forces"), ISIS])
    assert not _has(rels, "fights_against", "grp:russian-forces", "grp:isis")


def test_person_named_by_a_title_can_hold_another_role():
    rels = _rels("وحقق الروس مع قائد ميليشيا الدفاع الوطني المدعو سامر العلي، والذي يعتبر من أبرز رجال الحرس الثوري في المنطقة.",
                 [("الدفاع الوطني", G, "grp:ndf"), ("سامر العلي", P, None), ("الحرس الثوري", G, "grp:irgc")])
    assert ("leader_of", "سامر العلي", "grp:ndf") in rels
    assert ("member_of", "سامر العلي", "grp:irgc") in rels


def test_leader_after_a_long_apposition():
    rels = _rels("أما لواء الإمام الحسين فهو ميليشيا شيعية عراقية، تشكلت عام 2013، بزعامة سالم الحسيني.",
                 [("لواء الإمام الحسين", G, "grp:imam-hussein"), ("سالم الحسيني", P, None)])
    assert ("leader_of", "سالم الحسيني", "grp:imam-hussein") in rels


def test_outlet_belonging_to_a_group_or_state():
    rels = _rels("ونشرت وكالة أعماق التابعة لتنظيم داعش تسجيلا مصورا.", [("وكالة أعماق", ORG, "org:amaq"), ISIS])
    assert ("part_of", "org:amaq", "grp:isis") in rels
    rels = _rels("وقال مراسل لصحيفة الشرق الأوسط إن طائرات تابعة لتنظيم داعش حلقت فوق المدينة.",
                 [("الشرق الأوسط", ORG, "org:asharq"), ISIS])
    assert not any(r[0] == "part_of" for r in rels)


def test_attacker_named_between_the_cue_and_ala():
    rels = _rels("وكان هجوم واسع شنه تنظيم داعش على قوات سوريا الديمقراطية قد فشل.", [SDF, ISIS])
    assert _has(rels, "fights_against", "grp:isis", "grp:sdf")
