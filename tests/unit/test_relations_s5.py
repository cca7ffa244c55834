"""Session-5 relation cues, on sentences written for these tests and run through the default pipeline:
heads of organisations, summits that bring several leaders together, stationed forces, operations
launched to drive a group out, and a deployment cue that does not reach into the next statement."""

from __future__ import annotations

import pytest

from marsad.model import Article


def _rels(nlp, text: str) -> set[tuple[str, str | None, str | None]]:
    a = nlp(Article(source_path="t.txt", raw=text, body=text, published="2018-03-01"))
    return {(r.type, r.head.entity_id, r.tail.entity_id) for r in a.relations}


def _typed(rels: set[tuple[str, str | None, str | None]], typ: str) -> set[tuple[str | None, str | None]]:
    return {(h, t) for ty, h, t in rels if ty == typ}


@pytest.mark.parametrize("text", [
    "وأكد مدير المرصد السوري رامي عبد الرحمن أن الغارات استمرت حتى الصباح.",
    "وذكر المرصد السوري أن القصف طال ثلاث قرى، وقال مدير المرصد، رامي عبد الرحمن، إن الحصيلة سترتفع.",
])
def test_director_of_an_organisation_leads_it(nlp, text):
    assert ("per:rami-abdulrahman", "org:sohr") in _typed(_rels(nlp, text), "leader_of")


def test_head_of_an_armed_body_leads_it(nlp):
    rels = _rels(nlp, "وأعلن رئيس هيئة الحشد الشعبي فالح الفياض أن ألوية جديدة ستنتشر على الحدود.")
    assert ("per:falih-al-fayyadh", "grp:pmf") in _typed(rels, "leader_of")


def test_head_of_a_ministry_without_a_named_body_is_no_leader(nlp):
    # "رئيس الوزراء" names no organisation the pipeline knows: nothing to lead
    rels = _rels(nlp, "وقال رئيس الوزراء العراقي حيدر العبادي إن المعركة ستنتهي قريبا.")
    assert not _typed(rels, "leader_of")


def test_a_summit_brings_every_listed_leader_together(nlp):
    rels = _rels(nlp, "وجمعت القمة في أنقرة الرئيس الروسي فلاديمير بوتين، والإيراني حسن روحاني، والتركي رجب طيب أردوغان.")
    met = {frozenset(p) for p in _typed(rels, "met_with")}
    assert met == {frozenset(("per:vladimir-putin", "per:hassan-rouhani")),
                   frozenset(("per:vladimir-putin", "per:recep-tayyip-erdogan")),
                   frozenset(("per:hassan-rouhani", "per:recep-tayyip-erdogan"))}


def test_a_gathering_stops_where_the_list_ends(nlp):
    # the spokesman quoted after the list was not at the meeting
    rels = _rels(nlp, "وجمع اللقاء فلاديمير بوتين ورجب طيب أردوغان في سوتشي لبحث الوضع في إدلب وما تبعه من تطورات "
                      "ميدانية خلال الأسابيع الماضية كما قال حسن روحاني.")
    met = {frozenset(p) for p in _typed(rels, "met_with")}
    assert met == {frozenset(("per:vladimir-putin", "per:recep-tayyip-erdogan"))}


@pytest.mark.parametrize("text", [
    "وترابط القوات الأمريكية منذ عامين في منبج.",
    "وقال المتحدث إن القوات الأمريكية المتمركزة في منبج لن تنسحب.",
])
def test_stationed_forces_are_deployed(nlp, text):
    assert ("grp:us-forces", "plc:manbij") in _typed(_rels(nlp, text), "deployed_to")


def test_a_deployment_cue_does_not_reach_into_the_next_statement(nlp):
    rels = _rels(nlp, "وتنتشر فصائل أخرى في بقية المناطق وتتمركز قوات النظام في ريف حماة.")
    assert _typed(rels, "deployed_to") == {("grp:syrian-army", "plc:hama")}


def test_an_operation_launched_to_drive_a_group_out_is_a_fight(nlp):
    rels = _rels(nlp, "أطلقت تركيا عملية عسكرية واسعة في عفرين لإبعاد مقاتلي وحدات حماية الشعب عن حدودها.")
    assert {frozenset(p) for p in _typed(rels, "fights_against")} == {frozenset(("plc:turkey", "grp:ypg"))}


@pytest.mark.parametrize("text, group", [
    ("وتقاتل ميليشيا حزب الله إلى جانب قوات النظام في ريف حلب منذ سنوات.", "grp:hezbollah"),
    ("ويشارك مقاتلون من الحشد الشعبي منذ عامين إلى جانب القوات الحكومية السورية في دير الزور.", "grp:pmf"),
])
def test_fighting_beside_a_force_is_an_alliance(nlp, text, group):
    allied = {frozenset(p) for p in _typed(_rels(nlp, text), "allied_with")}
    assert allied == {frozenset((group, "grp:syrian-army"))}


def test_fighting_not_beside_is_no_alliance(nlp):
    rels = _rels(nlp, "ولم تقاتل ميليشيا حزب الله إلى جانب قوات النظام في ريف حلب.")
    assert not _typed(rels, "allied_with")


def test_forces_sent_somewhere_are_deployed_there(nlp):
    rels = _rels(nlp, "وقد نشرت قوات من الحرس الثوري في سوريا منذ سنوات.")
    assert ("grp:irgc", "plc:syria") in _typed(rels, "deployed_to")


def test_publishing_pictures_of_a_force_is_no_deployment(nlp):
    assert not _typed(_rels(nlp, "ونشرت الوكالة صورا لقوات النظام في درعا."), "deployed_to")


@pytest.mark.parametrize("text, pair", [
    ("وقالت الوحدة إن التحالف الدولي استهدف موقعين للجيش السوري شرقي سوريا.", ("grp:us-led-coalition", "grp:syrian-army")),
    ("وهاجم تنظيم داعش حاجزا لقوات البيشمركة قرب كركوك.", ("grp:isis", "grp:peshmerga")),
])
def test_a_post_of_a_group_hit_by_another_is_a_fight(nlp, text, pair):
    assert frozenset(pair) in {frozenset(p) for p in _typed(_rels(nlp, text), "fights_against")}


def test_sides_split_by_min_taraf(nlp):
    rels = _rels(nlp, "ودارت اشتباكات بين قوات النظام من طرف، وجبهة النصرة وأحرار الشام من طرف آخر في حي الخالدية.")
    assert {frozenset(p) for p in _typed(rels, "fights_against")} == {
        frozenset(("grp:syrian-army", "grp:jabhat-al-nusra")), frozenset(("grp:syrian-army", "grp:ahrar-al-sham"))}


def test_the_supporting_force_on_one_side_is_no_enemy(nlp):
    rels = _rels(nlp, "ودارت اشتباكات بين قوات النظام مدعمة بقوات الدفاع الوطني من طرف، وجبهة النصرة وأحرار الشام "
                      "من طرف آخر في حي الخالدية.")
    fights = {frozenset(p) for p in _typed(rels, "fights_against")}
    assert frozenset(("grp:syrian-army", "grp:jabhat-al-nusra")) in fights
    assert not any("grp:ndf" in p and "grp:syrian-army" in p for p in fights)
