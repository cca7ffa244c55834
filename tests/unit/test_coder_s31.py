"""Rules of session 31: a campaign the news happens within (told by its onset, "منذ بدء الهجوم") is
background; habits ("كثيرا", "في السابق") and taking part in the war ("مشاركتها في القتال") are no
incidents."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text


@pytest.mark.parametrize("text", [
    # the campaign named by its onset after منذ
    "ومنذ بدء هجوم القوات الحكومية قتل في الغوطة الشرقية أكثر من 1435 مدنيا.",
    # … after بعد with weeks between
    "وبعد 5 أسابيع على بدء هجوم لقوات الحكومة على الغوطة الشرقية، وصل وفد روسي إلى المنطقة.",
    # … in a clause opened by "منذ أن"
    "وقد قتل أكثر من 1700 شخص منذ أن شنت الحكومة وحلفاؤها هجوما على الغوطة الشرقية.",
    # a tally since a campaign's onset, told after the trigger
    "ووثق المكتب ارتكاب قوات النظام أكثر من 6 مجازر بحق المدنيين في محافظة درعا منذ بداية الحملة العسكرية.",
    # a habit
    "وهاجمت إسرائيل مواقع للجيش السوري كثيرا خلال الصراع.",
    # earlier attacks as a class
    "ووثق المحققون في السابق 33 هجوما كيماويا في سوريا.",
    # taking part in the war, whatever side is named
    "ناشد والد شابة بريطانية قضت في مدينة عفرين أثناء مشاركتها في القتال في صفوف وحدات حماية المرأة الكردية.",
    "ولم تقنع حجج حزب الله لمشاركته في القتال إلى جانب نظام الأسد والدة أحد القتلى.",
    # an aim: pressure to withdraw, what one seeks
    "ويعتبر الهجوم الثالث خلال يوم، وسط تصعيد من دمشق للضغط على جيش الإسلام للانسحاب من دوما.",
    "نتنياهو: إيران تسعى إلى السيطرة على العالم",
    # where forces are, told as a map
    "ويوضح الإنفوغرافيك المرفق مناطق انتشار كل القوات الأجنبية في سوريا.",
])
def test_background_and_habit_are_no_events(nlp, text):
    rows = event_rows(run_text(nlp, text))
    assert not [r for r in rows if r[0] in ("Armed clash", "Attack", "Chemical weapon", "Non-violent transfer of territory",
                                            "Non-state actor overtakes territory", "Change to group/activity")], rows


@pytest.mark.parametrize(("text", "sub", "place"), [
    # a fight a day after it broke out is news
    ("وأغلقت الشرطة أبواب المسجد بعد يوم من اندلاع اشتباكات بين شبان فلسطينيين والشرطة في القدس الشرقية.",
     "Armed clash", "القدس الشرقية"),
    # a superlative measures the strike against the war: news
    ("ثم شنت إسرائيل أعنف ضربات جوية في سوريا منذ بدء الحرب هناك.", "Air/drone strike", "سوريا"),
    # a fight of the news whose toll is counted since the campaign began, in another clause
    ("وقتل ستة مدنيين في غارات على بلدة صيدا، لترتفع حصيلة القتلى منذ بدء الهجوم على الجنوب إلى 149 مدنيا.",
     "Air/drone strike", "صيدا"),
])
def test_news_measured_against_a_campaign_stays(nlp, text, sub, place):
    rows = event_rows(run_text(nlp, text))
    assert any(r[0] == sub and r[3] == place for r in rows), rows


def _deployed(nlp, body: str) -> set[tuple[str, str]]:
    return {(r.head.text, r.tail.text) for r in run_text(nlp, body).relations if r.type == "deployed_to"}


@pytest.mark.parametrize(("text", "pairs"), [
    # a group's positions in a place: it is there
    ("وقتل ستة أشخاص في غارات شنتها الطائرات التركية ضد مواقع لحزب العمال الكردستاني في شمال العراق.",
     {("حزب العمال الكردستاني", "شمال العراق")}),
    ("وقصفت طائرات التحالف مواقع تنظيم داعش في دير الزور والحسكة.",
     {("تنظيم داعش", "دير الزور"), ("تنظيم داعش", "الحسكة")}),
    # a state right before the base noun is the subject that strikes it, not where it is
    ("وهاجمت إسرائيل مواقع للجيش السوري خلال الصراع.", set()),
    # positions near a town are not in it ("بلدة" is no ب glued to a place)
    ("وذكر المرصد أن الغارات الجوية قصفت مواقع لجبهة النصرة قرب بلدة أعزاز شمال حلب.", set()),
    # … but a place glued to ب after the group's adjectives is where it is, and a region is no state
    ("وحققت القوات تقدما في معقل ميليشيات الحوثي الانقلابية الرئيس بمحافظة صعدة.", {("ميليشيات الحوثي", "صعدة")}),
    ("وفرض الجيش طوقا على مدينة عفرين في شمال سوريا معقل مقاتلي وحدات حماية الشعب الكردية.",
     {("وحدات حماية الشعب الكردية", "شمال سوريا")}),
])
def test_positions_of_a_group_in_a_place(nlp, text, pairs):
    assert _deployed(nlp, text) == pairs


@pytest.mark.parametrize(("text", "sub"), [
    # a ل-masdar after a plan word is the plan, not an aim
    ("وأعلن جيش الإسلام استعداده للانسحاب من مدينة دوما.", "Non-violent transfer of territory"),
    ("وتستعد قوات سوريا الديمقراطية للسيطرة على مدينة الرقة.", "Non-state actor overtakes territory"),
])
def test_a_plan_to_act_is_a_planned_event(nlp, text, sub):
    evs = [e for e in run_text(nlp, text).events if e.sub_event_type == sub]
    assert [e.modality for e in evs] == ["planned"], event_rows(run_text(nlp, text))
