"""Session-7 relation cues (helper H32), on sentences written for these tests and run through the
default pipeline: allies named by a possessive noun, a party's wing, patrons and umbrellas."""

from __future__ import annotations

import pytest

from marsad.model import Article


def _typed(nlp, text: str, typ: str) -> set[tuple[str, str]]:
    a = nlp(Article(source_path="t.txt", raw=text, body=text, published="2018-03-01"))
    return {(r.head.text, r.tail.text) for r in a.relations if r.type == typ}


def _pairs(nlp, text: str, typ: str) -> set[frozenset[str]]:
    return {frozenset(p) for p in _typed(nlp, text, typ)}


# ------------------------------------------------- "X وحليفتها Y": an ally named by a possessive noun
@pytest.mark.parametrize(("text", "pair"), [
    # a force and the state that is its ally
    ("وقصفت قوات النظام السوري وحليفتها روسيا بلدات في ريف إدلب.", ("قوات النظام السوري", "روسيا")),
    # two states
    ("ورفضت سوريا وحليفتها إيران الاتهامات الغربية.", ("سوريا", "إيران")),
    # a government (ORGANIZATION) and a state
    ("وتقول الحكومة السورية وحليفتها موسكو إن الهدنة لا تشمل المتشددين.", ("الحكومة السورية", "موسكو")),
    # apposition: "Y، حليفة X"
    ("وطالبت فرنسا روسيا، حليفة دمشق، بالضغط لوقف القصف.", ("روسيا", "دمشق")),
    # a word of degree between the cue and the state
    ("وأكدت الحكومة السورية وحليفتها الرئيسية روسيا أن العملية ستستمر.", ("الحكومة السورية", "روسيا")),
])
def test_an_ally_named_by_a_possessive_noun(nlp, text, pair):
    assert frozenset(pair) in _pairs(nlp, text, "allied_with")


def test_a_name_after_the_apposition_is_no_second_ally(nlp):
    text = "ووقعت روسيا، حليفة دمشق، وتركيا اتفاقا لإجلاء المدنيين."
    assert _pairs(nlp, text, "allied_with") == {frozenset(("روسيا", "دمشق"))}


def test_what_the_ally_is_a_member_of_is_no_ally(nlp):
    text = "ولا تريد واشنطن خسارة أنقرة، حليفتها في حلف شمال الأطلسي."
    assert frozenset(("أنقرة", "حلف شمال الأطلسي")) not in _pairs(nlp, text, "allied_with")


def test_a_pronoun_names_the_earlier_subject_not_the_nearest_state(nlp):
    text = "وتهاجم تركيا وحدات حماية الشعب التي تصفها أنقرة بالإرهابية وهي حليفة لواشنطن في قتال داعش."
    pairs = _pairs(nlp, text, "allied_with")
    assert frozenset(("أنقرة", "واشنطن")) not in pairs
    assert frozenset(("تركيا", "واشنطن")) not in pairs


# ------------------------------------------------- "X، الجناح العسكري لـY": a party's wing is part of it
@pytest.mark.parametrize("text", [
    "وقالت وحدات حماية الشعب، الجناح العسكري لحزب الاتحاد الديمقراطي، إنها صدت هجوما.",
    "وتستهدف أنقرة وحدات حماية الشعب وهي الجناح المسلح لحزب الاتحاد الديمقراطي.",
])
def test_a_party_wing_is_part_of_the_party(nlp, text):
    assert ("وحدات حماية الشعب", "حزب الاتحاد الديمقراطي") in _typed(nlp, text, "part_of")


def test_a_relative_clause_with_a_pronoun_keeps_its_antecedent(nlp):
    text = "واندلعت اشتباكات مع حركة نور الدين الزنكي التي هي جزء من الجبهة الوطنية للتحرير."
    assert ("حركة نور الدين الزنكي", "الجبهة الوطنية للتحرير") in _typed(nlp, text, "part_of")


def test_a_wing_of_a_building_is_no_party_wing(nlp):
    text = "واستهدف القصف الجناح الشرقي لمستشفى حلب الجامعي."
    assert _typed(nlp, text, "part_of") == set()


# ------------------------------------------------- "X (،) مدعومة من Y", "X، وهو فصيل … موال لـY": indefinite links
@pytest.mark.parametrize(("text", "pair"), [
    # circumstantial: the indefinite adjective right after the named force
    ("وتقدمت قوات النظام السوري مدعومة من روسيا نحو البلدة.", ("قوات النظام السوري", "روسيا")),
    ("وتحاول القوات الحكومية السورية، مدعومة من إيران، استعادة المعبر.", ("القوات الحكومية السورية", "إيران")),
    # apposition: an indefinite noun describes the name before it
    ("وتحاصر قوات سوريا الديمقراطية، وهي تحالف فصائل كردية وعربية مدعوم من واشنطن، مدينة هجين.",
     ("قوات سوريا الديمقراطية", "واشنطن")),
    ("ووصف التقرير جيش المهدي، وهو فصيل مسلح موال لإيران، بأنه خطر على الاستقرار.", ("جيش المهدي", "إيران")),
])
def test_indefinite_patronage_links(nlp, text, pair):
    assert pair in _typed(nlp, text, "sponsored_by")


def test_an_indefinite_noun_in_between_is_what_is_backed(nlp):
    text = "وينتشر عناصر الجيش السوري وميليشيات مدعومة من إيران قرب الحدود."
    assert ("الجيش السوري", "إيران") not in _typed(nlp, text, "sponsored_by")


def test_unnamed_crowds_loyal_to_a_government_give_nothing(nlp):
    assert _typed(nlp, "واحتشدت جموع موالية للحكومة السورية قرب مدينة دوما.", "sponsored_by") == set()


# ------------------------------------------------- the patron named first: "تركيا الداعمة لـX"
@pytest.mark.parametrize(("text", "pair"), [
    ("وقال المسؤول إن إيران هي الداعم الأول لحزب الله في المنطقة.", ("حزب الله", "إيران")),
    ("وحذرت واشنطن روسيا، الداعم الرئيسي لقوات النظام السوري، من التصعيد.", ("قوات النظام السوري", "روسيا")),
    ("وقصف التحالف الدولي الداعم لقوات سوريا الديمقراطية مواقع التنظيم قرب هجين.",
     ("قوات سوريا الديمقراطية", "التحالف الدولي")),
])
def test_the_patron_named_before_the_client(nlp, text, pair):
    assert pair in _typed(nlp, text, "sponsored_by")


def test_a_group_backing_a_government_is_no_patron(nlp):
    text = "واستهدفت الغارة مواقع حزب الله الداعم للحكومة السورية قرب الحدود."
    assert _typed(nlp, text, "sponsored_by") == set()


# ------------------------------------------------- "X التي كانت موالية لـY": a relative clause's predicate
def test_an_indefinite_link_as_a_relative_clause_predicate(nlp):
    text = "واشتبكت حركة نور الدين الزنكي التي كانت موالية لتركيا مع فصائل أخرى."
    assert ("حركة نور الدين الزنكي", "تركيا") in _typed(nlp, text, "sponsored_by")


def test_a_relative_clause_about_another_noun_links_nothing(nlp):
    text = "وانسحبت حركة نور الدين الزنكي من المواقع التي كانت تابعة لها قرب حلب."
    assert _typed(nlp, text, "part_of") == set() and _typed(nlp, text, "sponsored_by") == set()


# ------------------------------------------------- "تركيا، العضو في حلف شمال الأطلسي": a member state
@pytest.mark.parametrize("text", [
    "وأبدت واشنطن قلقها من صفقة تركيا، العضو في حلف شمال الأطلسي، مع موسكو.",
    "وتمر الإمدادات عبر تركيا -وهي عضو في حلف شمال الأطلسي- إلى الشمال السوري.",
])
def test_a_state_member_of_an_alliance(nlp, text):
    assert ("تركيا", "حلف شمال الأطلسي") in _typed(nlp, text, "part_of")


def test_a_name_before_an_unnamed_member_is_no_member(nlp):
    text = "وفي حديث لبي بي سي قال نائب محلي العضو بحلف شمال الأطلسي إن ذلك خطأ."
    assert _typed(nlp, text, "part_of") == set()


# ------------------------------------------------- "تركيا وحلفاؤها من X": allies named after من
def test_possessed_plural_allies_named_after_min(nlp):
    text = "وأطلقت تركيا وحلفاؤها من الجيش السوري الحر عملية عسكرية في الشمال."
    assert frozenset(("تركيا", "الجيش السوري الحر")) in _pairs(nlp, text, "allied_with")


@pytest.mark.parametrize("text", [
    "وتصنف أنقرة وحلفاؤها حزب العمال الكردستاني منظمة إرهابية.",  # an object, not an ally
    "واقتحم حزب الله وحلفاؤه بيروت قبل عشر سنوات.",
])
def test_possessed_plural_allies_followed_by_an_object(nlp, text):
    assert _typed(nlp, text, "allied_with") == set()


# ------------------------------------------------- an umbrella and its members, the umbrella named first
@pytest.mark.parametrize(("text", "pairs"), [
    ("وقال بيان إن الجبهة الوطنية للتحرير، وهي تحالف فصائل معارضة أبرزها حركة أحرار الشام، سحبت سلاحها.",
     {("حركة أحرار الشام", "الجبهة الوطنية للتحرير")}),
    ("وكان جيش الفتح المؤلف من فصائل عدة بينها جبهة النصرة وحركة أحرار الشام قد دخل المدينة.",
     {("جبهة النصرة", "جيش الفتح"), ("حركة أحرار الشام", "جيش الفتح")}),
    ("ويخوض تحالف الفتح الذي يضم فصائل الحشد الشعبي الانتخابات المقبلة.", {("فصائل الحشد الشعبي", "تحالف الفتح")}),
])
def test_members_of_an_umbrella_named_first(nlp, text, pairs):
    assert pairs <= _typed(nlp, text, "part_of")


def test_a_kind_of_group_is_no_umbrella(nlp):
    # no word of composition: "الفصائل … ومن بينها" lists a kind, not an organisation's members
    text = "وتسيطر على المدينة الفصائل المسلحة التي تقاتل الحكومة، ومن بينها جبهة النصرة."
    assert _typed(nlp, text, "part_of") == set()


def test_a_member_named_further_on_is_not_taken(nlp):
    text = "وتعد هيئة تحرير الشام التي تضم الجماعة المرتبطة بتنظيم القاعدة أقوى الفصائل في إدلب."
    assert _typed(nlp, text, "part_of") == set()


# ------------------------------------------------- "X المرتبطة بـY": linked to a group (ally) or to a state (client)
def test_a_group_linked_to_another_is_its_ally(nlp):
    text = "وتسيطر هيئة تحرير الشام، المرتبطة بتنظيم القاعدة، على معظم محافظة إدلب."
    assert frozenset(("هيئة تحرير الشام", "تنظيم القاعدة")) in _pairs(nlp, text, "allied_with")


def test_a_group_linked_to_a_state_is_its_client(nlp):
    text = "وحلت في المركز الثاني فصائل الحشد الشعبي المرتبطة بطهران."
    assert ("فصائل الحشد الشعبي", "طهران") in _typed(nlp, text, "sponsored_by")


# ------------------------------------------------- a noun coordinated after the name is what the link qualifies
@pytest.mark.parametrize(("text", "typ"), [
    ("وقصف الجيش مواقع هيئة تحرير الشام والمجموعات الأخرى المرتبطة بتنظيم القاعدة.", "allied_with"),
    ("وقتل عناصر من قوات النظام السوري والمجموعات الفلسطينية الموالية لإيران.", "sponsored_by"),
    ("ويقاتل التحالف تنظيم داعش وميليشيات أخرى التابعة لإيران في الجنوب.", "sponsored_by"),
])
def test_a_coordinated_unnamed_noun_takes_the_link(nlp, text, typ):
    assert _typed(nlp, text, typ) == set()


# ------------------------------------------------- bare "بدعم": a backer after it, unless the sentence accuses or pledges
@pytest.mark.parametrize(("text", "pair"), [
    ("وتحظى قوات سوريا الديمقراطية بدعم التحالف الدولي في معاركها شرق الفرات.", ("قوات سوريا الديمقراطية", "التحالف الدولي")),
    ("وصعدت القوات الحكومية بدعم روسيا حملتها على ريف إدلب.", ("القوات الحكومية", "روسيا")),
])
def test_bare_support_names_the_backer(nlp, text, pair):
    assert pair in _typed(nlp, text, "sponsored_by")


@pytest.mark.parametrize("text", [
    "واتهم الوزير طهران وحليفها حزب الله بدعم جبهة البوليساريو بالسلاح.",
    "وقال البنتاغون إن الجيش الأميركي ملتزم بدعم القوات المسلحة اللبنانية.",
])
def test_accused_or_pledged_support_is_no_backing_of_the_name_before(nlp, text):
    assert _typed(nlp, text, "sponsored_by") == set()


# ------------------------------------------------- "X الذي يقاتل إلى جانب Y", beside a regime
@pytest.mark.parametrize(("text", "pair"), [
    # the antecedent of the relative clause, though it is the object of إلى
    ("وكانت الشحنة في طريقها إلى حزب الله الذي يقاتل إلى جانب قوات النظام.", ("حزب الله", "قوات النظام")),
    # a regime (ORGANIZATION) fought beside
    ("وتقاتل ميليشيا لواء فاطميون إلى جانب النظام السوري في البادية.", ("لواء فاطميون", "النظام السوري")),
])
def test_fighting_beside(nlp, text, pair):
    assert frozenset(pair) in _pairs(nlp, text, "allied_with")


def test_a_relative_clause_of_another_verb_is_no_fighting_beside(nlp):
    text = "وانتقد حزب الله القرار الذي صدر إلى جانب بيان الحكومة العراقية."
    assert _typed(nlp, text, "allied_with") == set()
