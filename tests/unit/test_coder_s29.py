"""Rules of session 29: one event per place of a list, the event's place anywhere in it."""

from __future__ import annotations

import pytest
from coder_helpers import event_rows, run_text

# (text, sub-event type, the places its events are coded at, in any order)
SPLITS = [
    # governorates listed after "محافظات", the strike's place the first of them
    ("وقال المرصد إن 2927 من تنظيم داعش قتلوا جراء غارات التحالف الدولي على مقار التنظيم في محافظات حماه وحلب "
     "وحمص والحسكة والرقة ودير الزور.", "Air/drone strike",
     {"حماه", "حلب", "حمص", "الحسكة", "الرقة", "دير الزور"}),
    # two towns after a dual noun
    ("وقال المرصد إن جيش الفتح استهدف بلدتي نبل والزهراء بعشرات القذائف.", "Shelling/artillery/missile attack",
     {"نبل", "الزهراء"}),
    # protests in two governorates
    ("وخرجت مظاهرات حاشدة في محافظتي البصرة وذي قار للمطالبة بتحسين الخدمات.", "Peaceful protest",
     {"البصرة", "ذي قار"}),
    # a siege of two towns is one of each ("طوقا": the accusative form)
    ("وفرضت القوات الأمنية طوقا أمنيا على مدينتي الرمادي والفلوجة.", "Other", {"الرمادي", "الفلوجة"}),
    # a relative clause on the last place: the event is there only
    ("وقاتل البلجيكي في تكريت ونينوى والرمادي التي أصيب فيها بقذيفة هاون.", "Shelling/artillery/missile attack",
     {"الرمادي"}),
]


@pytest.mark.parametrize(("text", "sub", "places"), SPLITS)
def test_one_event_per_listed_place(nlp, text, sub, places):
    rows = event_rows(run_text(nlp, text))
    assert {r[3] for r in rows if r[0] == sub} == places, rows
    assert len([r for r in rows if r[0] == sub]) == len(places), rows


@pytest.mark.parametrize("text", [
    # an agreement is one, whatever places it names
    "وتوصل فيلق الرحمن إلى اتفاق مع الجانب الروسي لإجلاء مقاتليه من مناطق جوبر وعربين وعين ترما.",
    # so is a recruitment drive in several governorates, or reinforcements sent to two
    "وأعلنت كتائب حزب الله فتح باب التطوع في محافظات بغداد وبابل والديوانية.",
    "ودفعت قوات النظام بتعزيزات عسكرية إلى محافظتي حماة وإدلب.",
])
def test_no_split_of_one_act(nlp, text):
    rows = event_rows(run_text(nlp, text))
    assert rows, rows
    assert len({r[0] for r in rows}) == len(rows), rows


def test_listed_places_are_not_merged_back(nlp):
    """A country-level mention of the same strikes before the list does not swallow its places."""
    text = ("وارتفع عدد قتلى غارات التحالف الدولي على مناطق سوريا إلى 3216. "
            "وقتل 2927 من تنظيم داعش جراء غارات التحالف الدولي على مقار التنظيم في محافظات حماه وحلب وحمص.")
    rows = [r for r in event_rows(run_text(nlp, text)) if r[0] == "Air/drone strike"]
    assert {"حماه", "حلب", "حمص"} <= {r[3] for r in rows}, rows


@pytest.mark.parametrize(("text", "sub", "places"), [
    # "وبريطانيا" is و + بريطانيا: a state acting, not "in Britain"
    ("وشنت الولايات المتحدة وفرنسا وبريطانيا ضربات جوية على مواقع في سوريا.", "Air/drone strike", {"سوريا"}),
    # "وكفريا" is و + كفريا, not وك + فريا: the second village is named
    ("وقال المرصد إن جيش الفتح استهدف قريتي الفوعة وكفريا بعشرات القذائف.", "Shelling/artillery/missile attack",
     {"الفوعة", "كفريا"}),
])
def test_a_names_first_letter_is_no_proclitic(nlp, text, sub, places):
    rows = event_rows(run_text(nlp, text))
    assert {r[3] for r in rows if r[0] == sub} == places, rows


def test_a_state_named_with_ba_is_not_in_itself(nlp):
    """"بريطانيا" starts with ب, which is no locative: the accuser is not where the attack was."""
    rows = event_rows(run_text(nlp, "واتهمت بريطانيا روسيا بالمسؤولية عن الهجوم بغاز الأعصاب."))
    assert not [r for r in rows if r[3] == "بريطانيا"], rows


@pytest.mark.parametrize(("text", "taken"), [
    # "تقدم" after a relative is "provide"
    ("وتفقد الوزير القوات الأميركية التي تقدم المشورة والتدريب لقوات البيشمركة في أربيل.", False),
    # the masdar governed by a preposition is the circumstance of something else
    ("ومع تقدم القوات التركية، يسلك المدنيون طرق تهريب عدة نحو مدينة عفرين.", False),
    ("وأثار أعمال عنف ساعدت على تقدم القوات الحكومية في الغوطة الشرقية.", False),
    # the verb still tells an advance
    ("وتقدمت القوات التركية نحو مدينة عفرين من المحور الغربي.", True),
])
def test_advance_or_provide(nlp, text, taken):
    rows = event_rows(run_text(nlp, text))
    got = [r for r in rows if r[0] in ("Government regains territory", "Non-state actor overtakes territory")]
    assert bool(got) == taken, rows


@pytest.mark.parametrize(("text", "absent"), [
    # a nationality adjective the tagger takes for a place is none
    ("ويتقدم الجيش، بدعم جوي روسي، إلى مشارف محافظة القنيطرة.", "روسي"),
    # "سلمية" (peaceful) is the town only with a cue
    ("وبدأت الأحداث في مارس 2011 على شكل تظاهرات سلمية قبل أن تتحول إلى نزاع.", "سلمية"),
])
def test_adjectives_are_no_places(nlp, text, absent):
    a = run_text(nlp, text)
    assert absent not in [e.text for e in a.entities if e.type == "LOCATION"], a.entities


def _sponsors(nlp, text):
    return {(r.head.text, r.tail.text) for r in run_text(nlp, text).relations if r.type == "sponsored_by"}


@pytest.mark.parametrize(("text", "pairs"), [
    # the backing verb's pronoun stands for the name before it, the backer follows
    ("أعلن تحالف قوات سوريا الديمقراطية، الذي يقوده الأكراد وتدعمه الولايات المتحدة، أنه اتفق مع الحكومة.",
     {("قوات سوريا الديمقراطية", "الولايات المتحدة")}),
    ("ندعو نظام الأسد وداعميه، روسيا وإيران، إلى وقف الهجمات.", {("نظام الأسد", "روسيا"), ("نظام الأسد", "إيران")}),
    # … not when a common noun stands between: it is what the pronoun stands for
    ("وقالت إن تنظيم الدولة الإسلامية شن هجوما على قوات تدعمها الولايات المتحدة شرقي البلاد.", set()),
    ("وقالت وزارة الدفاع الروسية إن القوات التي تدعمها الحكومة السورية قد ضربت.", set()),
])
def test_backed_by_the_verbs_pronoun(nlp, text, pairs):
    assert _sponsors(nlp, text) == pairs
