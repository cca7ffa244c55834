"""Event coder fixes (H22): temporal "بعد أن" keeps the subject in scope, violence against civilians
merged by sub-event type, definite back-references across violent types, one side named in two
mentions, the dead counted against the side they fought, self-reported strikes, places inside a
relative clause, strike targets named by their positions, grenades, clitic/inflected trigger forms.

Hand-built articles (entities placed by hand, sentences written for these tests).
"""
# ruff: noqa: E501

from __future__ import annotations

from coder_helpers import G, L, P, hand_article, loc

from marsad.analyse.events import code_events, fight_relations

ISIS = ("تنظيم داعش", G, dict(entity_id="grp:isis"))
SDF = ("قوات سوريا الديمقراطية", G, dict(entity_id="grp:sdf"))
PMF = ("قوات الحشد الشعبي", G, dict(entity_id="grp:pmf"))
IRAQI_ARMY = ("الجيش العراقي", G, dict(entity_id="grp:iraqi-army", attrs={"kind": "state_force"}))


def test_subject_before_temporal_anna_acts():
    body = "قال مصدر محلي إن مسلحي تنظيم داعش خطفوا عشرين راعيا بعد أن سيطروا على بلدة السخنة."
    a = hand_article(body, [ISIS, ("السخنة", L, loc("gz:sukhnah", "Homs"))])
    evs = code_events(a)
    terr = [e for e in evs if e.event_type == "Battles"]
    assert terr and terr[0].actor1 is not None and terr[0].actor1.entity_id == "grp:isis"


def test_execution_and_abduction_are_two_events():
    body = ("أعدم تنظيم داعش خمسة رجال في بلدة الشرقاط. "
            "وقال مصدر أمني إن تنظيم داعش اختطف عشرة شبان آخرين.")
    a = hand_article(body, [ISIS, ("الشرقاط", L, loc("gz:shirqat", "Salah ad-Din", "IQ"))])
    subs = sorted(e.sub_event_type for e in code_events(a))
    assert subs == ["Abduction/forced disappearance", "Attack"]


def test_vague_attack_opens_the_abduction():
    body = "وقال سكان إن تنظيم داعش هاجم مخيما للنازحين قرب بلدة الصور واختطف منه عشرات العائلات."
    a = hand_article(body, [ISIS, ("الصور", L, loc("gz:sur"))])
    evs = code_events(a)
    assert [e.sub_event_type for e in evs] == ["Abduction/forced disappearance"]


def test_definite_attack_refers_back_to_the_bombing():
    body = ("فجر انتحاري سيارة مفخخة عند حاجز لقوات الحشد الشعبي في بلدة طوزخورماتو. "
            "وقال مسؤول محلي إن الهجوم وقع قرب سوق طوزخورماتو الكبير.")
    a = hand_article(body, [PMF, ("طوزخورماتو", L, loc("gz:tuz", "Salah ad-Din", "IQ"))])
    evs = code_events(a)
    assert len(evs) == 1 and evs[0].event_type == "Explosions/Remote violence"


def test_lil_prefixed_definite_mention_refers_back():
    body = ("استهدفت غارة جوية رتلا عسكريا قرب بلدة القائم. "
            "وقال الجيش العراقي إن قوات الحشد الشعبي التي تعرضت للقصف لم تنسق معه.")
    a = hand_article(body, [PMF, IRAQI_ARMY, ("القائم", L, loc("gz:qaim", "Anbar", "IQ"))])
    evs = code_events(a)
    assert len(evs) == 1 and evs[0].sub_event_type == "Air/drone strike"


def test_one_side_named_in_two_mentions_is_one_fight():
    body = ("اندلعت اشتباكات عنيفة مع تنظيم داعش قرب بلدة الشعفة. "
            "وقالت مصادر إن قوات سوريا الديمقراطية اشتبكت مع تنظيم داعش لساعات.")
    a = hand_article(body, [ISIS, SDF, ("الشعفة", L, loc("gz:shafah"))])
    evs = code_events(a)
    assert len(evs) == 1
    assert {evs[0].actor1.entity_id, evs[0].actor2.entity_id} == {"grp:isis", "grp:sdf"}


def test_counted_dead_fought_the_side_after_ma():
    body = "قتل 12 من عناصر تنظيم داعش في اشتباكات مع قوات سوريا الديمقراطية قرب بلدة هجين."
    a = hand_article(body, [ISIS, SDF, ("هجين", L, loc("gz:hajin"))])
    (ev,) = code_events(a)
    assert ev.actor1.entity_id == "grp:sdf" and ev.actor2.entity_id == "grp:isis"


def test_self_reported_strike():
    body = "أعلن الجيش العراقي أنه قتل 30 من عناصر تنظيم داعش في غارات جوية قرب بلدة البوكمال."
    a = hand_article(body, [IRAQI_ARMY, ISIS, ("البوكمال", L, loc("gz:bukamal"))])
    (ev,) = code_events(a)
    assert ev.actor1 is not None and ev.actor1.entity_id == "grp:iraqi-army"
    assert ev.actor2 is not None and ev.actor2.entity_id == "grp:isis"


def test_announcer_of_a_strike_it_suffered_is_not_its_actor():
    body = "قالت قوات الحشد الشعبي إنها لن تسكت على غارة جوية استهدفت رتلا قرب بلدة القائم."
    a = hand_article(body, [PMF, ("القائم", L, loc("gz:qaim", "Anbar", "IQ"))])
    (ev,) = code_events(a)
    assert ev.actor1 is None or ev.actor1.entity_id != "grp:pmf"


def test_place_inside_relative_clause_is_not_the_location():
    body = "ووقع التفجير وسط مدينة كركوك التي تديرها بغداد منذ تشرين الأول."
    a = hand_article(body, [("كركوك", L, loc("gz:kirkuk", "Kirkuk", "IQ", prec=3, pt="region")),
                        ("بغداد", L, loc("gz:baghdad", "Baghdad", "IQ"))])
    (ev,) = code_events(a)
    assert ev.location is not None and "كركوك" in ev.location.text


def test_group_named_by_its_headquarters_is_the_target():
    body = "فجر انتحاري نفسه صباح اليوم قرب أحد مقرات قوات الحشد الشعبي في مدينة تكريت."
    a = hand_article(body, [PMF, ("تكريت", L, loc("gz:tikrit", "Salah ad-Din", "IQ"))])
    (ev,) = code_events(a)
    assert ev.sub_event_type == "Suicide bomb"
    assert ev.actor1 is None and ev.actor2 is not None and ev.actor2.entity_id == "grp:pmf"


def test_hand_grenade_explosion_is_a_grenade():
    body = "أصيب رجلان بانفجار قنبلة يدوية ألقاها مجهولون على منزل في حي الجمهورية بمدينة البصرة."
    a = hand_article(body, [("الجمهورية", L, loc("gz:jumhuriya", "Basra", "IQ")),
                        ("البصرة", L, loc("gz:basra", "Basra", "IQ"))])
    (ev,) = code_events(a)
    assert ev.sub_event_type == "Grenade"


ARMY = ("الجيش السوري", G, dict(entity_id="grp:syrian-army", attrs={"kind": "state_force"}))


def test_clitic_and_inflected_trigger_forms():
    cases = [
        ("وقال مصدر إن تنظيم داعش اختطفهم من قرية الحود.", "Abduction/forced disappearance"),
        ("وقال مصدر إن تنظيم داعش اعتقلهم في قرية الحود.", "Arrests"),
        ("وأضاف أن عناصر تنظيم داعش اقتحموها فجر اليوم قرب قرية الحود.", "Armed clash"),
        ("وكان تنظيم داعش اغتاله قرب قرية الحود.", "Attack"),
        ("وقال الأهالي إن تنظيم داعش قصفها بالهاون من قرية الحود.", "Shelling/artillery/missile attack"),
        ("وألقى الطيران المروحي براميل متفجرة على قرية الحود.", "Air/drone strike"),
    ]
    for body, sub in cases:
        a = hand_article(body, [ISIS, ("الحود", L, loc("gz:hud", "Salah ad-Din", "IQ"))])
        assert sub in [e.sub_event_type for e in code_events(a)], body


def test_region_after_a_town_only_situates_it():
    body = "تتواصل الاشتباكات قرب مدينة هجين بريف دير الزور، بالتزامن مع قصف مدفعي تتعرض له المنطقة."
    a = hand_article(body, [("هجين", L, loc("gz:hajin")),
                        ("ريف دير الزور", L, loc("gz:rif-deir", prec=2, pt="region"))])
    shelling = [e for e in code_events(a) if e.event_type == "Explosions/Remote violence"]
    assert shelling and shelling[0].location is not None and shelling[0].location.text == "هجين"


def test_inflected_advance_needs_an_armed_actor():
    a = hand_article("أحرز الجيش السوري تقدما جديدا داخل حي القدم جنوب دمشق.",
                 [ARMY, ("القدم", L, loc("gz:qadam", "Damascus")), ("دمشق", L, loc("gz:damascus", "Damascus"))])
    assert [e.sub_event_type for e in code_events(a)] == ["Government regains territory"]
    a = hand_article("وحقق المرشح تقدما واضحا في استطلاعات الرأي في دمشق.", [("دمشق", L, loc("gz:damascus", "Damascus"))])
    assert code_events(a) == []


def test_forces_entering_a_town_take_it():
    body = "دخلت قوات الجيش السوري ليل الأربعاء إلى بلدة حمورية بعد انسحاب المسلحين منها."
    a = hand_article(body, [ARMY, ("حمورية", L, loc("gz:hamouriyah", "Rif Dimashq"))])
    evs = code_events(a)
    assert any(e.sub_event_type == "Government regains territory" and e.actor1.entity_id == "grp:syrian-army" for e in evs)


def test_meeting_needs_an_armed_group_or_its_commander():
    body = "والتقى وزير الخارجية جون كيري نظيره السعودي في الرياض لبحث الأزمة."
    a = hand_article(body, [("جون كيري", P, dict(entity_id="per:john-kerry")),
                        ("الرياض", L, loc("gz:riyadh", "Riyadh", "SA"))])
    assert code_events(a) == []
    body = "وعقد قادة قوات الحشد الشعبي اجتماعا في بلدة القائم لبحث الانتشار على الحدود."
    a = hand_article(body, [PMF, ("القائم", L, loc("gz:qaim", "Anbar", "IQ"))])
    assert [e.sub_event_type for e in code_events(a)] == ["Other"]


def test_evacuation_deal_is_an_agreement():
    body = "وقال جيش الإسلام إنه وافق على إخراج مقاتلين من هيئة تحرير الشام من مدينة دوما."
    a = hand_article(body, [("جيش الإسلام", G, dict(entity_id="grp:jaysh-al-islam")),
                        ("هيئة تحرير الشام", G, dict(entity_id="grp:hts")), ("دوما", L, loc("gz:duma", "Rif Dimashq"))])
    assert "Agreement" in [e.sub_event_type for e in code_events(a)]


def test_bare_group_noun_refers_back_to_the_named_group():
    body = ("وقصفت طائرات التحالف مواقع لجبهة النصرة قرب بلدة أعزاز. "
            "وكانت الجبهة قد شنت هجوما الليلة الماضية على مقاتلين معارضين في المنطقة.")
    a = hand_article(body, [("جبهة النصرة", G, dict(entity_id="grp:jabhat-al-nusra")),
                        ("أعزاز", L, loc("gz:azaz", "Aleppo"))])
    battles = [e for e in code_events(a) if e.event_type == "Battles"]
    assert battles and battles[0].actor1 is not None and battles[0].actor1.entity_id == "grp:jabhat-al-nusra"
    assert all(e.type != "ARMED_GROUP" or e.text != "الجبهة" for e in a.entities)  # output entities keep names only


def test_aims_are_no_events():
    body = "ويعطي وجود المسلحين مبررا لقوات النظام كي تواصل قصف بلدة دوما رغم الهدنة."
    a = hand_article(body, [ARMY, ("دوما", L, loc("gz:duma", "Rif Dimashq")), ("قوات النظام", G, dict(entity_id="grp:syrian-army"))])
    assert [e for e in code_events(a) if e.event_type == "Explosions/Remote violence"] == []
    body = "وتضغط قوات النظام على جيش الإسلام لدفعه إلى القبول بتسوية في مدينة دوما."
    a = hand_article(body, [("قوات النظام", G, dict(entity_id="grp:syrian-army")),
                        ("جيش الإسلام", G, dict(entity_id="grp:jaysh-al-islam")), ("دوما", L, loc("gz:duma", "Rif Dimashq"))])
    assert [e for e in code_events(a) if e.sub_event_type == "Agreement"] == []
    body = "وتتعرض البلدة لقصف عنيف من قوات النظام في محاولة منها لاقتحام بلدة حرستا."
    a = hand_article(body, [("قوات النظام", G, dict(entity_id="grp:syrian-army")), ("حرستا", L, loc("gz:harasta", "Rif Dimashq"))])
    assert [e for e in code_events(a) if e.event_type == "Battles"] == []


def test_holder_of_a_taken_town_is_the_other_side():
    body = "ودخلت قوات الجيش السوري إلى بلدة حمورية، أبرز البلدات الواقعة تحت سيطرة فصيل فيلق الرحمن."
    a = hand_article(body, [ARMY, ("فيلق الرحمن", G, dict(entity_id="grp:faylaq-al-rahman")),
                        ("حمورية", L, loc("gz:hamouriyah", "Rif Dimashq"))])
    (ev,) = code_events(a)
    assert ev.sub_event_type == "Government regains territory"
    assert ev.actor2 is not None and ev.actor2.entity_id == "grp:faylaq-al-rahman"
    assert any(r.type == "fights_against" for r in fight_relations(a, [ev]))
