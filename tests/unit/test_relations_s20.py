"""Session 20: relations stated by an aim ("لطرد X", "بهدف دحر X") and by its subject."""

from __future__ import annotations

from marsad.model import Article


def _fights(nlp, body: str) -> set[frozenset[str]]:
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-03-29"))
    return {frozenset((r.head.text, r.tail.text)) for r in a.relations if r.type == "fights_against"}


def test_an_aim_is_the_clause_subjects(nlp) -> None:
    body = ("بدأت تركيا في 20 يناير الماضي عملية عسكرية أطلقت عليها اسم غصن الزيتون، "
            "لطرد وحدات حماية الشعب الكردية من عفرين.")
    assert _fights(nlp, body) == {frozenset(("تركيا", "وحدات حماية الشعب الكردية"))}


def test_an_aim_opened_by_a_purpose_word(nlp) -> None:
    body = "وكانت فصائل الحشد الشعبي قد لعبت دورا حاسما بهدف دحر تنظيم داعش في الموصل."
    assert _fights(nlp, body) == {frozenset(("فصائل الحشد الشعبي", "تنظيم داعش"))}


def test_an_aim_is_not_a_place_of_origin(nlp) -> None:
    body = ("وقال إن شركاءنا ألقوا القبض على محمد حيدر زمار، وهو مواطن ألماني من مواليد سوريا، "
            "في إطار عملياتهم المستمرة لدحر داعش.")
    assert _fights(nlp, body) == set()


def _deployed(nlp, body: str) -> set[tuple[str, str]]:
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-03-16"))
    return {(r.head.text, r.tail.text) for r in a.relations if r.type == "deployed_to"}


def test_the_city_is_the_town_its_sentence_names(nlp) -> None:
    body = ("وفر آلاف المدنيين من عفرين جراء عملية تركيا العسكرية ضد المقاتلين الأكراد الذين يسيطرون على "
            "المدينة.")
    assert _deployed(nlp, body) == {("المقاتلين الأكراد", "عفرين")}


def test_the_city_is_the_town_introduced_as_one(nlp) -> None:
    body = ("وسيطرت القوات التركية على مدينة عفرين بعد حملة استمرت شهرين. وقالت مصادر إن المقاتلين الأكراد "
            "الذين يسيطرون على المدينة انسحبوا منها.")
    assert ("المقاتلين الأكراد", "عفرين") in _deployed(nlp, body)


def test_the_city_with_no_town_named_states_nothing(nlp) -> None:
    body = "وقالت مصادر إن المقاتلين الأكراد الذين يسيطرون على المدينة انسحبوا منها."
    assert _deployed(nlp, body) == set()


def test_a_second_target_after_wa_didd_has_the_same_party(nlp) -> None:
    body = ("وتحارب تركيا حزب العمال الكردستاني منذ عقود. وأطلقت أنقرة عملية عسكرية ضد تنظيم داعش في سورية "
            "وضد متمردي حزب العمال في شمال العراق.")
    got = _fights(nlp, body)
    assert frozenset(("أنقرة", "تنظيم داعش")) in got
    assert frozenset(("أنقرة", "حزب العمال")) in got


def test_the_short_pkk_name_needs_the_full_one(nlp) -> None:
    body = "وفاز حزب العمال في الانتخابات البريطانية، وضد رغبة المحافظين."
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-03-29"))
    assert not [e for e in a.entities if e.entity_id == "grp:pkk"]
