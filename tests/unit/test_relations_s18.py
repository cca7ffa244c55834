"""Session 18: Iraqi and Turkish parties in the knowledge base, and "برئاسة" naming a party's leader."""

from __future__ import annotations

import pytest

from marsad.knowledge.kb import load_kb
from marsad.model import Article


def _run(nlp, body: str) -> Article:
    return nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-05-25"))


def _rels(a: Article) -> set[tuple[str, str | None, str | None]]:
    return {(r.type, r.head.entity_id, r.tail.entity_id) for r in a.relations}


@pytest.mark.parametrize("pid", ["org:iraqi-communist-party", "org:nasr-coalition", "org:state-of-law-coalition",
                                 "org:hikma-movement", "org:akp", "org:hdp"])
def test_parties_are_in_the_kb(pid: str) -> None:
    rec = load_kb().get(pid)
    assert rec is not None and rec.type == "ORGANIZATION" and rec.kind == "party"


def test_a_party_member_by_title(nlp) -> None:
    a = _run(nlp, "وقال عضو المكتب السياسي في الحزب الشيوعي العراقي جاسم الحلفي إن الهجوم إرهابي.")
    ids = {e.entity_id for e in a.entities}
    assert "org:iraqi-communist-party" in ids
    assert ("member_of", [e.entity_id for e in a.entities if e.text == "جاسم الحلفي"][0],
            "org:iraqi-communist-party") in _rels(a)


def test_a_party_led_by_barasat(nlp) -> None:
    a = _run(nlp, 'وحلّ ثالثا بـ42 مقعدا ائتلاف "النصر" برئاسة العبادي في بغداد.')
    assert ("leader_of", "per:haider-al-abadi", "org:nasr-coalition") in _rels(a)


def test_a_delegation_led_by_barasat_is_no_leadership(nlp) -> None:
    a = _run(nlp, "ووصل إلى أنقرة وفد من وزارة الخارجية العراقية برئاسة حيدر العبادي.")
    assert not [r for r in a.relations if r.type == "leader_of"]


def test_the_akp_only_in_a_turkish_story(nlp) -> None:
    tr = _run(nlp, "وقال متحدث باسم حزب العدالة والتنمية في أنقرة إن تركيا لن تتراجع.")
    assert "org:akp" in {e.entity_id for e in tr.entities}
    ma = _run(nlp, "وفاز حزب العدالة والتنمية في الانتخابات المغربية في الرباط.")
    assert "org:akp" not in {e.entity_id for e in ma.entities}


def test_a_group_run_by_a_person(nlp) -> None:
    a = _run(nlp, "وقد أصبحت ميليشيات الحشد الشعبي التي يديرها قاسم سليماني أقوى من الجيش.")
    assert ("leader_of", "per:qasem-soleimani", "grp:pmf") in _rels(a)


def test_a_faction_became_part_of_an_umbrella(nlp) -> None:
    a = _run(nlp, "وأصبحت كتائب حزب الله جزءًا من الحشد الشعبي.")
    assert ("part_of", "grp:kataib-hezbollah", "grp:pmf") in _rels(a)


@pytest.mark.parametrize("body,group,place", [
    ("وقال مسؤول إعلامي في وحدات حماية الشعب في عفرين إن القصف مستمر.", "وحدات حماية الشعب", "عفرين"),
    ("وقتل المسؤول الميداني لحزب الله في الزبداني أمس.", "حزب الله", "الزبداني"),
])
def test_a_title_of_a_group_in_a_place(nlp, body: str, group: str, place: str) -> None:
    rels = {(r.type, r.head.text, r.tail.text) for r in _run(nlp, body).relations}
    assert ("deployed_to", group, place) in rels


def test_no_place_after_the_group_no_deployment(nlp) -> None:
    a = _run(nlp, "وقال مسؤول إعلامي في وحدات حماية الشعب إن القصف على عفرين مستمر.")
    assert not [r for r in a.relations if r.type == "deployed_to"]


def test_with_the_help_of_is_not_said_of_the_side_a_place_is_taken_from(nlp) -> None:
    a = _run(nlp, "وزاد مجال نفوذهم بعد سيطرتهم على أراض من تنظيم داعش بمساعدة الولايات المتحدة.")
    assert not [r for r in a.relations if r.type == "sponsored_by"]
    b = _run(nlp, "وقتل مقاتلون من قوات سوريا الديمقراطية المدعومة من واشنطن.")
    assert [(r.type, r.head.entity_id) for r in b.relations] == [("sponsored_by", "grp:sdf")]


def test_a_possessed_fight_belongs_to_the_demonstrative_phrase_before_it(nlp) -> None:
    a = _run(nlp, "وهو ما تؤكده الولايات المتحدة، التي تدعم هذه الوحدات في معركتها ضد تنظيم الدولة الإسلامية في سوريا.")
    assert not [r for r in a.relations if r.type == "fights_against"]
    b = _run(nlp, "وتواصل الولايات المتحدة حربها ضد تنظيم الدولة الإسلامية في سوريا.")
    assert [r.type for r in b.relations] == ["fights_against"]
