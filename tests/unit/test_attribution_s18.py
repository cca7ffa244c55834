"""Session 18: source phrases that stop where the source's name ends, and subjects before the verb."""

from __future__ import annotations

import pytest

from marsad.analyse.modality import sources_of
from marsad.model import Article


def _sources(nlp, body: str) -> list[str | None]:
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-03-09"))
    return [s.text for s in sources_of(a)]


@pytest.mark.parametrize("body,source", [
    # a subject before the verb, a date after it
    ("وكانت وسائل إعلام تركية ذكرت، الخميس، أن القوات التركية سيطرت على بلدة جنديرس.", "وسائل إعلام تركية"),
    # the name ends the phrase: what follows is what it announced
    ("أعلنت جبهة النصرة موافقتها على تسليم النقاط التي تسيطر عليها في ريف حلب.", "جبهة النصرة"),
    # an aside after the name
    ("وذكر المرصد ومقره بريطانيا أن الغارات الجوية قصفت مواقع للجبهة قرب بلدة أعزاز.", "المرصد"),
    # a long title and the person it belongs to
    ("رجح رئيس مجلس عشائر الأنبار المنتفضة ضد الإرهاب الشيخ نعيم الكعود، إكمال تحرير مدينة الرمادي.",
     "رئيس مجلس عشائر الأنبار المنتفضة ضد الإرهاب الشيخ نعيم الكعود"),
    # a date right after the name
    ("وأكد الجيش الروسي الخميس أن طائراته لم تتدخل في الغوطة الشرقية.", "الجيش الروسي"),
])
def test_source_phrases(nlp, body: str, source: str) -> None:
    assert _sources(nlp, body) == [source]


def test_a_verb_opening_its_clause_takes_no_subject_before_it(nlp) -> None:
    # the name after "ذكرت" is missing (a date); the clause before is no subject: no source phrase
    assert _sources(nlp, "سيطرت القوات على البلدة، وذكرت الخميس أن القصف استمر.") == [None]


def test_unchanged_phrases(nlp) -> None:
    assert _sources(nlp, "قال مصدر في وزارة الخارجية الإيرانية إن الوفد وصل.") == ["مصدر في وزارة الخارجية الإيرانية"]
    assert _sources(nlp, "قال المرصد السوري لحقوق الإنسان إن اشتباكات اندلعت في دوما.") == ["المرصد السوري لحقوق الإنسان"]
    assert _sources(nlp, "وأعلنت وزارة الدفاع الروسية استهداف مواقع في إدلب.") == ["وزارة الدفاع الروسية"]


def test_a_particle_is_no_subject(nlp) -> None:
    assert _sources(nlp, "كما أعلن في الفترة ذاتها عن تشكيل ميليشيا لواء ذو الفقار في بلدة السيدة زينب.") == [None]
