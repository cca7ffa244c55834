"""Session-16 coder rules (found on the dev gold, tests/gold/corpus): a place returned to the state's
control, fire opened on protesters, the one attacked after "هجوما على", strikes that name their
author, the victim's group after "اغتيال القيادي في", a state holding a place, and two name variants
of the knowledge base. Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

events = event_rows


def relations(art) -> set[tuple[str, str, str]]:
    return {(r.type, r.head.text, r.tail.text) for r in art.relations}


@pytest.mark.parametrize("text, place", [
    ("وعادت دوما لسيطرة الحكومة في نيسان بعد سنوات من الحصار.", "دوما"),
    ("وعادت مدينة البوكمال إلى سيطرة الجيش.", "البوكمال"),
])
def test_a_place_returned_to_the_state_is_regained(nlp, text, place):
    got = [g for g in events(run_text(nlp, text)) if g[0] == "Government regains territory"]
    assert [g[3] for g in got] == [place]


@pytest.mark.parametrize("text", [
    "وعادت بلدة هجين إلى سيطرة تنظيم داعش بعد هجوم مضاد.",  # not the state's control
    "وتسعى الحكومة إلى عودة المناطق الحدودية لسيطرة الجيش.",  # an aim
])
def test_no_regain_without_the_state_or_when_only_sought(nlp, text):
    assert not [g for g in events(run_text(nlp, text)) if g[0] == "Government regains territory"]


def test_fire_opened_on_protesters_by_the_police_is_excessive_force(nlp):
    got = events(run_text(nlp, "وأطلقت قوات الأمن النار على المتظاهرين في مدينة الناصرية."))
    assert ("Excessive force against protesters", "قوات الأمن", None, "الناصرية") in got


def test_militias_firing_on_protesters_attack_civilians_beside_the_riot(nlp):
    text = ("وتشهد البصرة مظاهرات واحتجاجات عنيفة للمطالبة بتوفير مياه الشرب. وأحرق متظاهرون القنصلية "
            "الإيرانية، بينما نزلت ميليشيات موالية لإيران إلى الشارع، حيث أطلقت نيرانها على المحتجين السلميين.")
    got = events(run_text(nlp, text))
    subs = [g[0] for g in got]
    # the cue "أطلقت نيرانها على المحتجين" is a clause: no back-reference to the riot told before
    assert "Attack" in subs and "Violent demonstration" in subs
    assert [g[3] for g in got if g[0] == "Attack"] == ["البصرة"]


def test_the_group_after_an_attack_on_is_its_target(nlp):
    got = events(run_text(nlp, "وشنت أنقرة في يناير هجوما على وحدات حماية الشعب في منطقة عفرين."))
    battles = [g for g in got if g[0] == "Armed clash"]
    assert battles and battles[0][1] != "وحدات حماية الشعب" and battles[0][2] == "وحدات حماية الشعب"


def test_a_definite_strike_naming_its_author_is_no_back_reference(nlp):
    text = ("وكان مسلحون أكراد يشنون هجمات على تنظيم الدولة الإسلامية قرب بلدة هجين. ووقعت خسائر كبيرة "
            "في المواجهات بين التنظيم والمقاتلين الأكراد المدعومين بالغارات الجوية للتحالف الدولي بقيادة "
            "الولايات المتحدة.")
    got = events(run_text(nlp, text))
    strikes = [g for g in got if g[0] == "Air/drone strike"]
    # (the span of "للتحالف" keeps the article's ل: "لتحالف الدولي …")
    assert len(strikes) == 1 and strikes[0][1] is not None and "تحالف الدولي" in strikes[0][1]


def test_the_group_in_a_victims_title_is_actor2(nlp):
    text = "وتحدثت وسائل إعلام عن اغتيال القيادي في حزب العمال الكردستاني، إسماعيل أوزدان، في قضاء سنجار."
    got = events(run_text(nlp, text))
    assert any(g[2] == "حزب العمال الكردستاني" for g in got)
    assert all(g[1] != "حزب العمال الكردستاني" for g in got)


def test_a_state_holds_a_place_named_after_the_part_it_holds(nlp):
    rels = relations(run_text(nlp, "وقال إن تركيا تسيطر حاليا على خمسة تجمعات من أصل سبعة في منطقة عفرين."))
    assert ("deployed_to", "تركيا", "عفرين") in rels
    # a country where something happens is no holder ("في سوريا تسيطر X على Y")
    rels = relations(run_text(nlp, "وفي سوريا تسيطر هيئة تحرير الشام على محافظة إدلب."))
    assert not any(h == "سوريا" for _, h, _ in rels)
    assert ("deployed_to", "هيئة تحرير الشام", "إدلب") in {(t, h, tl.replace("محافظة ", "")) for t, h, tl in rels}


@pytest.mark.parametrize("text, entity_id", [
    ("وقال رئيس الخوذ البيضاء رائد صالح إن المتطوعين بخير.", "per:raed-al-saleh"),
    ("وقتل قيادي في حزب العمال الكردي بغارة تركية.", "grp:pkk"),
    ("وتعتبرها أنقرة امتدادا لحزب العمل الكردستاني المحظور.", "grp:pkk"),
])
def test_name_variants_seen_in_the_news_link_to_the_kb(nlp, text, entity_id):
    assert entity_id in {e.entity_id for e in run_text(nlp, text).entities}


@pytest.mark.parametrize("text, state, place", [
    ("وحذر من الاصطدام مع الولايات المتحدة التي تنشر جنودا في منبج.", "الولايات المتحدة", "منبج"),
    ("وتنشر فرنسا قوات خاصة في منبج.", "فرنسا", "منبج"),
    ("وأرسلت تركيا قوات إلى عفرين.", "تركيا", "عفرين"),
])
def test_a_state_deploying_its_troops_is_deployed_there(nlp, text, state, place):
    assert ("deployed_to", state, place) in relations(run_text(nlp, text))


@pytest.mark.parametrize("text", [
    "وليس لدى تركيا خطط لإرسال قوات برية إلى سوريا.",  # an aim, not a deployment
    "وقال إن وزير خارجية تركيا توجه إلى موسكو.",  # no troops: a visit
    "وصلت تعزيزات عسكرية إلى تركيا من دمشق.",  # the state is where they went, not who sent them
])
def test_no_state_deployment_without_troops_sent(nlp, text):
    assert not [r for r in relations(run_text(nlp, text)) if r[0] == "deployed_to" and r[1] in ("تركيا", "دمشق")]


@pytest.mark.parametrize("text, group, place", [
    ("وتوجه معظمهم إلى مناطق تسيطر عليها قوات النظام السوري في شمال حلب.", "قوات النظام السوري", "شمال حلب"),
    ("ويقع الجيب الذي يسيطر عليه فصيل فيلق الرحمن جنوب الغوطة.", "فيلق الرحمن", "جنوب الغوطة"),
])
def test_areas_held_lie_in_the_place_named_after_their_holder(nlp, text, group, place):
    assert ("deployed_to", group, place) in relations(run_text(nlp, text))


def test_a_prisoner_exchange_is_an_agreement_between_its_parties(nlp):
    text = ("وكانت قوات سوريا الديمقراطية قد أفرجت عن مسلحين. وأشارت الصحيفة إلى حدوث 3 عمليات تبادل بين "
            "سوريا الديمقراطية وداعش في محافظة دير الزور.")
    art = run_text(nlp, text)
    got = [(e.actor1.entity_id if e.actor1 else None, e.actor2.entity_id if e.actor2 else None)
           for e in art.events if e.sub_event_type == "Agreement"]
    # "سوريا الديمقراطية" alone is the SDF once the article has named it in full
    assert got == [("grp:sdf", "grp:isis")]
    alone = run_text(nlp, "ونريد سوريا الديمقراطية الموحدة.")
    assert "grp:sdf" not in {e.entity_id for e in alone.entities}


@pytest.mark.parametrize("text, expected", [
    ("قتلت الناشطة سعاد العلي بإطلاق نار في مدينة البصرة.", ("Attack", None, "سعاد العلي", "البصرة")),
    ("قتل مدني برصاص قناص في مدينة درعا.", ("Attack", None, None, "درعا")),
    # an armed group's man shot: a battle, as ACLED codes violence against armed actors
    ("وقتل عنصر من الحشد الشعبي بإطلاق نار في الموصل.", ("Armed clash", None, "الحشد الشعبي", "الموصل")),
])
def test_a_person_shot_dead_is_an_attack_or_a_battle_by_the_victim(nlp, text, expected):
    assert events(run_text(nlp, text)) == [expected]
