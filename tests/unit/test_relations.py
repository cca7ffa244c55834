"""Relations stated in one sentence (marsad.analyse.relations), on hand-placed entities."""

from __future__ import annotations

import re

from marsad.analyse.relations import extract_relations, person_groups
from marsad.model import Article, Entity
from marsad.text.tokens import split_sentences, tokenize

KNOWN = {
    "أكرم الكعبي": ("PERSON", "per:akram-kaabi"), "محمد الباوي": ("PERSON", None),
    "حركة النجباء العراقية": ("ARMED_GROUP", "grp:nujaba"), "كتائب الإمام علي": ("ARMED_GROUP", "grp:kataib-imam-ali"),
    "الحشد الشعبي": ("ARMED_GROUP", "grp:pmf"), "هادي العامري": ("PERSON", "per:hadi-amiri"),
    "منظمة بدر": ("ARMED_GROUP", "grp:badr"), "فيلق القدس": ("ARMED_GROUP", "grp:irgc-quds-force"),
    "الحرس الثوري الإيراني": ("ARMED_GROUP", "grp:irgc"),
    # the matcher keeps the contracted لل in the span
    "للحرس الثوري الإيراني": ("ARMED_GROUP", "grp:irgc"), "إسماعيل قاآني": ("PERSON", "per:qaani"),
    "أسد الله الغالب": ("ARMED_GROUP", "grp:asad-allah-al-ghalib"), "عبد الله الشيباني": ("PERSON", None),
    "لواء ذو الفقار": ("ARMED_GROUP", "grp:liwa-dhulfiqar"), "أبو شهد الجبوري": ("PERSON", None),
    "جيش الإسلام": ("ARMED_GROUP", "grp:jaysh-al-islam"), "جيش الفسطاط": ("ARMED_GROUP", "grp:jaysh-al-fustat"),
    "فيلق الرحمن": ("ARMED_GROUP", "grp:faylaq-al-rahman"), "القاطرجي": ("ARMED_GROUP", "grp:qaterji"),
    "حسن الغضبان": ("PERSON", None), "الدفاع الوطني": ("ARMED_GROUP", "grp:ndf"),
    "حزب الله العراقي": ("ARMED_GROUP", "grp:kataib-hezbollah"), "المليحة": ("LOCATION", "gz:mliha"),
    "طهران": ("LOCATION", "gz:tehran"), "الحميداوي": ("PERSON", "per:hamidawi"), "قاآني": ("PERSON", "per:qaani"),
    "قيس الخزعلي": ("PERSON", "per:khazali"), "حركة عصائب أهل الحق": ("ARMED_GROUP", "grp:asaib"),
    "كتائب سيد الشهداء": ("ARMED_GROUP", "grp:ksh"), "أبوآلاء الولائي": ("PERSON", "per:walai"),
    "حركة أنصار الله الأوفياء": ("ARMED_GROUP", "grp:awfiya"),
}


def _art(body: str) -> Article:
    a = Article("t.txt", body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    taken: list[tuple[int, int]] = []
    for name in sorted(KNOWN, key=len, reverse=True):
        for m in re.finditer(re.escape(name), body):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            typ, eid = KNOWN[name]
            a.entities.append(Entity(text=name, start=s, end=e, type=typ, entity_id=eid))
    a.entities.sort(key=lambda x: x.start)
    return a


def _rels(body: str) -> set[tuple[str, str, str]]:
    a = _art(body)
    rels = extract_relations(a)
    for r in rels:
        assert a.body[r.evidence.start:r.evidence.end] == r.evidence.text
    out = {(r.type, r.head.text, r.tail.text) for r in rels}
    # symmetric relations: either order
    return out | {(t, b, a) for t, a, b in out if t in ("merged_with", "allied_with", "fights_against", "met_with")}


def test_leader_of_frames() -> None:
    assert ("leader_of", "هادي العامري", "منظمة بدر") in _rels("أبرزهم هادي العامري زعيم منظمة بدر وممثلون عن الفصائل.")
    assert ("leader_of", "أكرم الكعبي", "حركة النجباء العراقية") in _rels(
        'أفادت مصادر أن الأمين العام لحركة النجباء العراقية "أكرم الكعبي" وصل دمشق.')
    got = _rels("أعلنت ميليشيا “أسد الله الغالب” العراقية التي يتزعمها “عبد الله الشيباني” عن اندماجها مع ميليشيا "
                "“لواء ذو الفقار” التي يتزعمها “أبو شهد الجبوري”.")
    assert ("leader_of", "عبد الله الشيباني", "أسد الله الغالب") in got
    assert ("leader_of", "أبو شهد الجبوري", "لواء ذو الفقار") in got
    assert ("merged_with", "أسد الله الغالب", "لواء ذو الفقار") in got


def test_leader_list_does_not_cross_pairs() -> None:
    got = _rels("بينهم زعيم مليشيات كتائب سيد الشهداء أبوآلاء الولائي وزعيم حركة أنصار الله الأوفياء "
                "وزعيم حركة عصائب أهل الحق قيس الخزعلي.")
    assert ("leader_of", "أبوآلاء الولائي", "كتائب سيد الشهداء") in got
    assert ("leader_of", "قيس الخزعلي", "حركة عصائب أهل الحق") in got
    assert not any(t == "حركة أنصار الله الأوفياء" for _, _, t in got)


def test_part_of_and_sponsored_by() -> None:
    got = _rels("وصل قائد فيلق القدس التابع للحرس الثوري الإيراني الجنرال إسماعيل قاآني إلى بغداد.")
    assert ("part_of", "فيلق القدس", "للحرس الثوري الإيراني") in got
    assert ("leader_of", "إسماعيل قاآني", "فيلق القدس") in got
    assert ("part_of", "كتائب الإمام علي", "الحشد الشعبي") in _rels(
        "ووفقا للإعلام الحربي الخاص بكتائب الإمام علي التابعة لميليشيا الحشد الشعبي، فإن الكعبي وصل.")
    assert ("sponsored_by", "القاطرجي", "الحرس الثوري الإيراني") in _rels(
        "وتعتبر ميليشيا القاطرجي من أبرز الميليشيات التي أسست بإشراف قيادة “الحرس الثوري الإيراني” في مدينة حلب.")
    assert ("sponsored_by", "حزب الله العراقي", "طهران") in _rels("قاتلت ميليشيا حزب الله العراقي المدعومة من طهران.")


def test_fights_allied_deployed_met() -> None:
    got = _rels("على وقع المواجهات بين “جيش الإسلام” من جهة و”جيش الفسطاط” و”فيلق الرحمن” من جهة أخرى.")
    assert ("fights_against", "جيش الفسطاط", "جيش الإسلام") in got
    assert ("fights_against", "جيش الإسلام", "فيلق الرحمن") in got
    assert ("allied_with", "الدفاع الوطني", "حزب الله العراقي") in _rels(
        "وذكر أن عناصر من المنتسبين لميليشيا حزب الله العراقي شاركوا مع ميليشيا الدفاع الوطني أثناء تسيير الأرتال.")
    assert ("deployed_to", "أسد الله الغالب", "المليحة") in _rels(
        "ميليشيا أسد الله الغالب التي أعلنت عن تواجدها في المليحة.")
    got = _rels("إن الجنرال قاآني عقد فور وصوله اجتماعاً في منزل زعيم مليشيات الحشد الشعبي الحميداوي.")
    assert ("met_with", "الحميداوي", "قاآني") in got


def test_no_relation_without_cue_and_no_self_relation() -> None:
    assert _rels("زار هادي العامري ومنظمة بدر المدينة.") == set()
    assert _rels("منظمة بدر زعيم منظمة بدر.") == set()


def test_person_groups_from_stated_relations() -> None:
    a = _art("أبرزهم هادي العامري زعيم منظمة بدر.")
    a.relations = extract_relations(a)
    assert person_groups(a)["per:hadi-amiri"].entity_id == "grp:badr"
