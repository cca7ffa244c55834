"""Rules of session 26: group anaphors as relation ends, and name spellings found in the corpus."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def _relations(nlp, text: str) -> set[tuple[str, str, str | None, str | None]]:
    return {(r.type, r.head.text, r.head.entity_id, r.tail.entity_id) for r in run_text(nlp, text).relations}


def _ids(nlp, text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.entity_id) for e in run_text(nlp, text).entities if e.type not in ("DATE", "QUANTITY")]


@pytest.mark.parametrize(("text", "relation"), [
    # "هذه الوحدات": the units named before (وحدات حماية الشعب)
    ("وهدد أردوغان وحدات حماية الشعب الكردية مجددا. وقال إن الولايات المتحدة، التي تدعم هذه الوحدات في معركتها"
     " ضد تنظيم الدولة الإسلامية، لن تنسحب.",
     ("sponsored_by", "الوحدات", "grp:ypg", "plc:united-states")),
    # "الحزب المحظور": a word of stance after the noun does not make another name
    ("قصفت تركيا مواقع حزب العمال الكردستاني في شمال العراق. وشنت القوات الجوية التركية سلسلة غارات جديدة ضد"
     " مواقع الحزب المحظور.",
     ("fights_against", "الحزب", "grp:pkk", "grp:turkish-forces")),
    # "الميليشيا ذاتها": the group last named after that very noun, not the nearest group
    ("وحققت القوات الروسية مع قائد ميليشيا “الدفاع الوطني” في ديرالزور، والذي يعتبر من أبرز رجال “الحرس الثوري"
     " الإيراني” في المنطقة، بعد اتهامه بالمشاركة في اغتيال المدعو “نزار خرفان” القيادي في الميليشيا ذاتها.",
     ("member_of", "نزار خرفان", None, "grp:ndf")),
])
def test_a_group_anaphor_is_a_relation_end(nlp, text, relation):
    rels = _relations(nlp, text)
    typ, head, head_id, tail_id = relation
    assert any(r[0] == typ and head in r[1] and (head_id is None or r[2] == head_id) and r[3] == tail_id
               for r in rels) or any(r[0] == typ and r[2] == tail_id and r[3] == head_id for r in rels), rels


@pytest.mark.parametrize("text", [
    # a nisba adjective after the noun makes a name of its own, not the group named before
    "وقالت جبهة النصرة إنها هاجمت. وحسم ائتلاف الجبهة الوطنية الذي يقوده رئيس الوزراء نجيب عبد الرزاق 79 مقعدا.",
    # the last name with that head is a party, not an armed group
    "وقال حزب الله إنه قاتل. ثم شارك في تأسيس حزب الشعوب الديمقراطي في عام 2012 وترأس الحزب مناصفة مع السياسية"
    " التركية فيغن يوكسكداغ.",
])
def test_no_group_anaphor_for_another_name(nlp, text):
    rels = _relations(nlp, text)
    assert not [r for r in rels if r[2] in ("grp:jabhat-al-nusra", "grp:hezbollah") or r[3] in
                ("grp:jabhat-al-nusra", "grp:hezbollah")], rels


@pytest.mark.parametrize(("text", "name", "entity_id"), [
    ("واتفق أردوغان وبوتن في قمة بسوتشي الشهر الماضي.", "بوتن", "per:vladimir-putin"),
    ("وبدأ هجوم مكثف لقوات النظام مدعومة بميلشيات إيرانية على درعا.", "ميلشيات إيرانية", "grp:iran-backed-militias"),
    ("وقالت ميلشيا أبو الفضل العباس إنها سيطرت على التلة.", "ميلشيا أبو الفضل العباس", "grp:abu-fadl-abbas"),
    ("أطلقت الميليشيا الحوثية صاروخا باليستيا باتجاه جازان.", "الميليشيا الحوثية", "grp:houthis"),
    ("وتصدى الجيش اليمني لهجوم شنته مليشيا الحوثي.", "مليشيا الحوثي", "grp:houthis"),
])
def test_name_spellings_of_the_corpus_are_linked(nlp, text, name, entity_id):
    assert (name, entity_id) in _ids(nlp, text)


def _pairs(nlp, text: str, typ: str) -> set[frozenset[str]]:
    return {frozenset((r.head.text, r.tail.text)) for r in run_text(nlp, text).relations if r.type == typ}


@pytest.mark.parametrize(("text", "pair"), [
    # the two names joined by و are the sides; the name before them says whose factions they are
    ('هذا وتأجج التناحر بين فصيلي الجيش الحر "فيلق الرحمن" و"جيش الإسلام" في الغوطة الشرقية.',
     ("فيلق الرحمن", "جيش الإسلام")),
    ("وقام تنظيم داعش بتحشدات لقواته ونقل الأسلحة إلى ناحية القيارة جنوب شرق الموصل على خطوط التماس مع قوات"
     " البيشمركة.", ("تنظيم داعش", "قوات البيشمركة")),
    ("وكبدت قوات الحشد الشعبي تنظيم داعش خسائر فادحة.", ("قوات الحشد الشعبي", "تنظيم داعش")),
    # a name included in the other side ("ومن بينها") fights too
    ("والمعارك مستمرة بين داعش والنظام السوري والميليشيات الموالية ومن بينها ميليشيات حزب الله اللبناني.",
     ("داعش", "حزب الله اللبناني")),
])
def test_fights_stated_by_new_cues_and_joins(nlp, text, pair):
    assert frozenset(pair) in _pairs(nlp, text, "fights_against")


@pytest.mark.parametrize(("text", "pair"), [
    # "تكبد" is the one who suffered, not the one who inflicted
    ("وتكبد تنظيم داعش خسائر فادحة في صفوف عناصره خلال المعارك.", None),
    # joint operations are of allies
    ("وكانت العمليات المشتركة قائمة بين البشمركة والجيش العراقي وقوات التحالف الدولي منذ عام 2011.", None),
    # the owner of the factions is no side of the rivalry
    ('هذا وتأجج التناحر بين فصيلي الجيش الحر "فيلق الرحمن" و"جيش الإسلام" في الغوطة الشرقية.',
     ("الجيش الحر", "فيلق الرحمن")),
])
def test_no_fight_from_a_sufferer_or_an_owner(nlp, text, pair):
    pairs = _pairs(nlp, text, "fights_against")
    assert (not pairs) if pair is None else frozenset(pair) not in pairs


@pytest.mark.parametrize(("text", "pair"), [
    # two subjects joined by و after a verb: neither is the other's object
    ("وتقاتل وحدات حماية الشعب ووحدات حماية المرأة، التنظيمان المسلحان التابعان لحزب الاتحاد الديمقراطي.",
     ("وحدات حماية الشعب", "وحدات حماية المرأة")),
    # "بين X المسنودة بـY وZ": Y is X's ally, not its enemy, and Z is no faction of Y
    ("وتشهد مدينة الفلوجة معارك عنيفة ما بين القوات الأمنية العراقية المسنودة بفصائل الحشد الشعبي وتنظيم داعش.",
     ("القوات الأمنية العراقية", "فصائل الحشد الشعبي")),
])
def test_no_fight_between_partners(nlp, text, pair):
    assert frozenset(pair) not in _pairs(nlp, text, "fights_against")


def test_between_a_backed_side_and_its_enemy(nlp):
    text = "وتشهد مدينة الفلوجة معارك عنيفة ما بين القوات الأمنية العراقية المسنودة بفصائل الحشد الشعبي وتنظيم داعش."
    a = run_text(nlp, text)
    rels = {(r.type, frozenset((r.head.entity_id, r.tail.entity_id))) for r in a.relations}
    assert ("fights_against", frozenset(("grp:iraqi-security-forces", "grp:isis"))) in rels
    assert ("allied_with", frozenset(("grp:iraqi-security-forces", "grp:pmf"))) in rels
    assert not [r for r in a.relations if r.type == "part_of"]
    clash = [e for e in a.events if e.sub_event_type == "Armed clash"]
    assert clash and clash[0].actor2 is not None and clash[0].actor2.entity_id == "grp:isis"


def test_a_backing_force_named_with_musnada_is_an_ally(nlp):
    text = "هاجمت قوات الحشد الشعبي مسنودة بطيران الجيش العراقي مواقع داعش."
    assert frozenset(("قوات الحشد الشعبي", "طيران الجيش العراقي")) in _pairs(nlp, text, "allied_with")
    assert frozenset(("قوات الحشد الشعبي", "طيران الجيش العراقي")) not in _pairs(nlp, text, "fights_against")


def _deployed(nlp, text: str) -> set[tuple[str | None, str]]:
    return {(r.head.entity_id, r.tail.text) for r in run_text(nlp, text).relations if r.type == "deployed_to"}


@pytest.mark.parametrize(("text", "deployed", "not_deployed"), [
    # reinforcements struck are the owner's, not the striker's
    ("شنت طائرات تحالف دعم الشرعية، فجر الاثنين، غارات عدة مستهدفة تعزيزات وثكنات عسكرية لميليشيات الحوثي في"
     " محافظة الحديدة غرب اليمن.", ("grp:houthis", "الحديدة"), ("grp:arab-coalition-yemen", "الحديدة")),
    # the troops' owner after لـ is deployed
    ("ووصلت تعزيزات لقوات النظام إلى مدينة درعا.", ("grp:syrian-army", "درعا"), None),
    # "للقاعدة" is al-Qaeda, not a base of the group after it in the country before it
    ("وشدد على أنه من غير المقبول دعم قطر للقاعدة وجبهة النصرة بالمال.", None, ("grp:jabhat-al-nusra", "قطر")),
    # a definite base noun with a word of degree still describes the place right before it
    ("وستتناول القمة الوضع في محافظة إدلب، المعقل الأخير للفصائل المعارضة في سوريا.",
     ("grp:syrian-opposition-factions", "إدلب"), ("grp:syrian-opposition-factions", "سوريا")),
])
def test_who_is_deployed_where(nlp, text, deployed, not_deployed):
    rels = _deployed(nlp, text)
    if deployed is not None:
        assert deployed in rels, rels
    if not_deployed is not None:
        assert not_deployed not in rels, rels


@pytest.mark.parametrize(("text", "met"), [
    # an interview is no meeting
    ("وقال الفنان حسين فهمي في لقاء مع برنامج صاحبة السعادة الذي تقدمه إسعاد يونس إنه سعيد.", False),
    ("وقال الوزير عادل الجبير في لقاء تلفزيوني مع الإعلامي عمرو أديب إن المملكة لن تتراجع.", False),
    # a meeting still is
    ("وقال بوتين خلال لقائه مع أردوغان في سوتشي إن الاتفاق صامد.", True),
])
def test_an_interview_is_no_meeting(nlp, text, met):
    assert bool(_pairs(nlp, text, "met_with")) is met
