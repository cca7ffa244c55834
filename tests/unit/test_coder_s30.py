"""Rules of session 30: a chemical attack an article retells is one event; a fight at a list of
villages is one fight at each."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

CHEM = "Chemical weapon"


def _chem(article):
    return [e for e in article.events if e.sub_event_type == CHEM]


def test_retold_chemical_attack_is_one_event_at_the_town(nlp):
    """The attack named by its town, by its region and by the country is one event, at the town."""
    text = ("لا تزال التبعات السياسية للهجوم الكيماوي على مدينة دوما متواصلة. "
            "وتحمل واشنطن موسكو مسؤولية تأخير دخول المفتشين بعد هجوم كيماوي أدى إلى مقتل العشرات في الغوطة الشرقية. "
            "وكتب ترامب على تويتر أن كثيرين ماتوا في هجوم كيماوي في سوريا.")
    evs = _chem(run_text(nlp, text))
    assert [e.location.text for e in evs] == ["دوما"], event_rows(run_text(nlp, text))


def test_disputed_mention_makes_the_attack_claimed(nlp):
    """A planned-looking first mention ("يتوعد بثمن باهظ للهجوم") does not make the attack planned;
    an alleged one makes it claimed."""
    text = ("ترامب يتوعد بثمن باهظ للهجوم الكيماوي على المدنيين في سوريا. "
            "وقتل 70 شخصا على الأقل فيما يشتبه بأنه هجوم كيماوي على مدينة دوما.")
    evs = _chem(run_text(nlp, text))
    assert len(evs) == 1, [(e.location and e.location.text, e.modality) for e in evs]
    assert evs[0].modality == "claimed"
    assert evs[0].location.text == "دوما"


def test_two_towns_are_two_chemical_attacks(nlp):
    """Attacks in two towns a year apart stay two events."""
    text = ("وقتل العشرات في هجوم كيماوي على مدينة دوما في 7 نيسان/أبريل 2018. "
            "وكانت الحكومة السورية مسؤولة عن هجوم بغاز السارين على خان شيخون في 4 نيسان/أبريل 2017.")
    locs = {e.location.text for e in _chem(run_text(nlp, text)) if e.location}
    assert locs == {"دوما", "خان شيخون"}, locs


@pytest.mark.parametrize(("text", "sub", "places"), [
    # a clash near three villages after a region told earlier: one clash at each village
    ("وتضيق القوات الخناق على المدنيين المحاصرين في الغوطة الشرقية، إذ أن اشتباكات عنيفة تدور بين قوات "
     "النظام وفيلق الرحمن قرب بلدات حمورية وسقبا وعين ترما.", "Armed clash", {"حمورية", "سقبا", "عين ترما"}),
])
def test_fight_at_listed_villages_is_one_at_each(nlp, text, sub, places):
    rows = [r for r in event_rows(run_text(nlp, text)) if r[0] == sub]
    assert {r[3] for r in rows} == places, rows


def test_villages_far_before_the_trigger_are_not_split(nlp):
    """Villages evacuated at the head of a long sentence are not where the campaign told at its end was."""
    text = ("ومع إخلاء بلدات عربين وزملكا وعين ترما من مقاتلي فيلق الرحمن، بات الجيش السوري يسيطر على 95 "
            "في المئة من مساحة الغوطة الشرقية، منذ بدئه هجوما عنيفا على المنطقة في 18 شباط/فبراير.")
    rows = [r for r in event_rows(run_text(nlp, text)) if r[0] == "Armed clash"]
    assert not {r[3] for r in rows} & {"عربين", "زملكا", "عين ترما"}, rows


def test_withdrawal_from_villages_stays_one_event(nlp):
    """A withdrawal from villages of a region is one transfer in the region, listing them (the seed's
    السفيرة villages)."""
    text = ("انسحب تنظيم داعش من قرى رسم العبد وحبوبة وتل سبعين في ريف حلب الشرقي.")
    evs = [e for e in run_text(nlp, text).events if e.sub_event_type == "Non-violent transfer of territory"]
    assert len(evs) == 1, event_rows(run_text(nlp, text))


def test_toll_of_a_list_is_divided_among_its_places(nlp):
    """One toll for two places: the dataset's sum is the toll told, not twice it."""
    text = "وقال المرصد إن 7 مدنيين قتلوا جراء غارات التحالف الدولي على مدينتي الرقة ودير الزور."
    evs = [e for e in run_text(nlp, text).events if e.sub_event_type == "Air/drone strike"]
    assert {e.location.text: e.fatalities for e in evs} == {"الرقة": 4, "دير الزور": 3}


def _deployed(nlp, body: str) -> set[tuple[str, str]]:
    return {(r.head.text, r.tail.text) for r in run_text(nlp, body).relations if r.type == "deployed_to"}


@pytest.mark.parametrize(("text", "pairs"), [
    # a share of a place held: a number, "في المئة", "الجزء الأكبر" right before من
    ("وتسيطر فصائل معارضة مختلفة على قرابة 70% من منطقة درعا.", {("فصائل معارضة", "درعا")}),
    ("وباتت القوات الحكومية وحلفاؤها يسيطرون على خمسة وتسعين في المئة من مساحة الغوطة الشرقية.",
     {("القوات الحكومية", "الغوطة الشرقية")}),
    ("وتسيطر هيئة تحرير الشام على الجزء الأكبر من محافظة إدلب.", {("هيئة تحرير الشام", "إدلب")}),
    # … and the held part in a place, past a من that is no share
    ("وتسيطر فصائل المعارضة على خمسة تجمعات من أصل سبعة في منطقة عفرين.", {("فصائل المعارضة", "عفرين")}),
    # the holder's ل glued to its name after "الخاضعة"
    ("وقصفت الطائرات مدينة دوما الخاضعة لجيش الإسلام.", {("جيش الإسلام", "دوما")}),
    # a من that is no share: "تحصل على المياه … من نهر" holds nothing
    ("وقالت هيئة تحرير الشام إنها تحصل على المياه التي تحتاجها من نهر العاصي.", set()),
    # a group driven out of a place was there; each group listed; no place after من: nothing
    ("وبدأت تركيا عملية عسكرية لطرد وحدات حماية الشعب الكردية من عفرين.",
     {("وحدات حماية الشعب الكردية", "عفرين")}),
    ("وتهدف المفاوضات إلى إخراج مقاتلي جماعة جيش الإسلام من جيب دوما المحاصر.", {("جيش الإسلام", "دوما")}),
    ("وتعهد بطرد داعش وجبهة النصرة من إدلب.", {("داعش", "إدلب"), ("جبهة النصرة", "إدلب")}),
    ("وتعهد بطرد داعش من آخر معاقله.", set()),
    # a group right before في and a town introduced by its type word is in that town …
    ("وتوصلت روسيا مع حركة أحرار الشام في مدينة حرستا إلى اتفاق.", {("حركة أحرار الشام", "حرستا")}),
    ('وقالت المصادر إن مقاتلي المعارضة في جماعة "جيش الإسلام" بمدينة دوما رفضوا الاتفاق.', {("جيش الإسلام", "دوما")}),
    # … but jets strike the village, they are not in it
    ("وقتل ستة أشخاص في غارات شنتها الطائرات التركية في قرية زاركلي.", set()),
])
def test_deployed_to(nlp, text, pairs):
    got = _deployed(nlp, text)
    assert got == pairs, got


def test_backer_is_not_the_holder(nlp):
    """The backer after "بدعم من" is not who took the place."""
    got = _deployed(nlp, "وتمكنت القوات الحكومية من تقسيم الغوطة بدعم من المقاتلات الروسية كما سيطرت على نحو 80 "
                         "في المائة من مساحة الغوطة.")
    assert not any(h == "المقاتلات الروسية" for h, _ in got), got


@pytest.mark.parametrize(("text", "names"), [
    # the و that lists a place the gazetteer does not know is not part of its name
    ("وتقول وسائل إعلام فلسطينية إن المواجهات وقعت في رام الله والخليل ونابلس وقلقيلية بالضفة الغربية.",
     {"قلقيلية"}),
    ("وقال إن القانون يطبق في إنجلترا وويلز منذ العام الماضي.", {"ويلز"}),
])
def test_listing_conjunction_is_not_the_name(nlp, text, names):
    places = {e.text for e in run_text(nlp, text).entities if e.type == "LOCATION"}
    assert names <= places, places
    assert not any(p.startswith("و") and p[1:] in names for p in places), places


def test_waw_initial_name_keeps_its_waw():
    """"حمص وادي الضيف" (no conjunction): وادي begins the name (place_phrases.yaml: waw_initial)."""
    from marsad.analyse.linker import trim_conjunction
    from marsad.model import Entity

    body = "قرب حمص وادي الضيف ووادي العيون"
    ents = [Entity(text="حمص", start=4, end=7, type="LOCATION", source="ner"),
            Entity(text="وادي الضيف", start=8, end=18, type="LOCATION", source="ner"),
            Entity(text="ووادي العيون", start=19, end=31, type="LOCATION", source="ner")]
    assert [body[e.start:e.end] for e in ents] == [e.text for e in ents]
    trim_conjunction(ents, body)
    assert [e.text for e in ents] == ["حمص", "وادي الضيف", "وادي العيون"]


@pytest.mark.parametrize(("text", "sub"), [
    # a ground offensive with air support is a battle
    ("وشنت تركيا هجوما جويا وبريا في منطقة عفرين ضد وحدات حماية الشعب الكردية.", "Armed clash"),
    ("واتهم المبعوث الدولي قوات النظام السوري بتصعيد هجومها البري والجوي على الغوطة الشرقية.", "Armed clash"),
    # an air attack alone stays a strike
    ("وشنت القوات التركية هجوما جويا على مواقع في عفرين.", "Air/drone strike"),
])
def test_ground_offensive_is_a_battle(nlp, text, sub):
    rows = event_rows(run_text(nlp, text))
    assert [r[0] for r in rows] == [sub], rows
