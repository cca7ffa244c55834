"""Rules of session 35: a force that retook a place holds it (deployed_to), and a condition before a cue of
a happening (a hold, a fight, a meeting) leaves it untold."""

from __future__ import annotations

import pytest
from coder_helpers import either_pairs, relation_pairs, run_text


@pytest.mark.parametrize(("text", "pair"), [
    ("واستعادت قوات النظام الجمعة السيطرة على بلدة حمورية بعدما خسرتها لساعات.", ("قوات النظام", "حمورية")),
    ("واستعادت قوات النظام السيطرة على كل الغوطة الشرقية تقريبا.", ("قوات النظام", "الغوطة الشرقية")),
    # the place the verb's object, after the holder (its type word skipped)
    ("وتوجهت النساء إلى تلعفر بعد استعادة القوات العراقية مدينة الموصل.", ("القوات العراقية", "الموصل")),
    # the masdar of control after a word of time
    ("وتقدم الجيش عقب سيطرة القوات الحكومية على أجزاء كبيرة من الغوطة الشرقية.",
     ("القوات الحكومية", "الغوطة الشرقية")),
])
def test_a_retaken_place_is_held(nlp, text, pair):
    assert pair in relation_pairs(run_text(nlp, text), "deployed_to")


@pytest.mark.parametrize("text", [
    # an aim (purpose لـ, a verb of trying before it)
    "وتسعى قوات النظام لاستعادة مدينة حمورية.",
    "وتحاول قوات النظام استعادة مدينة حمورية.",
    # control to be ended, not held after a word of time
    "وتهدف العملية إلى إنهاء سيطرة قوات النظام على حمورية.",
    # a condition
    "وقال إنه حتى لو تمكنت قوات النظام من استعادة السيطرة على حمورية، فلن يحل ذلك المشكلات.",
])
def test_no_hold_for_an_aim_or_a_condition(nlp, text):
    assert ("قوات النظام", "حمورية") not in relation_pairs(run_text(nlp, text), "deployed_to")


@pytest.mark.parametrize(("text", "place"), [
    # no armed group named: not the province's (a Yemeni town reads as a state elsewhere) nor the state's
    ("وفي محافظة تعز، استعادت قوات الجيش الوطني اليمني السيطرة على منطقة تُبَيْشِعَة.", "تُبَيْشِعَة"),
    ("وحاولت سوريا استعادة الجولان المحتلة في حرب العام 1973.", "الجولان"),
    # "بعد السيطرة على": the masdar with the article names no holder
    ("وجاءت العمليات العسكرية باتجاه الحديدة بعد السيطرة على مديريات مهمة غربي تعز.", "غربي تعز"),
])
def test_no_retaking_holder_but_an_armed_group(nlp, text, place):
    assert not any(t == place for _, t in relation_pairs(run_text(nlp, text), "deployed_to"))


def test_condition_leaves_a_meeting_untold_but_not_a_standing_tie(nlp):
    a = run_text(nlp, "وقال كيم جونغ أون إن سنغافورة ستسجل في التاريخ إذا تم التوصل إلى اتفاق خلال لقائه مع دونالد ترامب.")
    assert not relation_pairs(a, "met_with")
    b = run_text(nlp, "وقال إنه إذا هاجمت القوات التركية وحدات حماية الشعب فإن الفصائل المدعومة من تركيا ستشارك.")
    assert ("الفصائل", "تركيا") in relation_pairs(b, "sponsored_by")


@pytest.mark.parametrize(("text", "typ", "pair"), [
    # a concession ("وإذا كان X قد …، فإن"), no condition
    ("وإذا كانت نتائج اللقاء بين لافروف ومايك بومبيو في موسكو لم تسفر عن أي نتيجة، فإن الحرب مستمرة.", "met_with",
     ("لافروف", "مايك بومبيو")),
    # a state ("في حالة حرب"), no condition
    ("وتعد تركيا في حالة الأزمات، وآخرها الحرب التي تشنها أنقرة ضد حزب العمال الكردستاني.", "fights_against",
     ("أنقرة", "حزب العمال الكردستاني")),
])
def test_no_condition_in_a_concession_or_a_state(nlp, text, typ, pair):
    assert pair in either_pairs(run_text(nlp, text), typ)


def test_a_condition_far_before_the_cue_governs_no_fight(nlp):
    a = run_text(nlp, "وعمّا إذا كان بإمكان الجيش الحر أن يلعب دورًا في وقف هذه الممارسات، أشار المصدر إلى أن "
                      "«الجيش الحر يتجنّب الدخول إلى مناطق الأكراد حاليًا لأنه مشغول بمحاربة تنظيم داعش».")
    assert ("الجيش الحر", "تنظيم داعش") in either_pairs(a, "fights_against")


def test_whether_is_a_condition(nlp):
    a = run_text(nlp, "ولم يتضح ما إذا كانت نتائج اللقاء بين لافروف ومايك بومبيو في موسكو ستسفر عن نتيجة.")
    assert not relation_pairs(a, "met_with")


def test_warning_leaves_a_deployment_untold(nlp):
    a = run_text(nlp, "حذرت أنقرة الخميس فرنسا من إرسال عسكريين إلى مدينة منبج السورية.")
    assert ("فرنسا", "منبج") not in relation_pairs(a, "deployed_to")


@pytest.mark.parametrize(("text", "phrase"), [
    ("وتعتبر أنقرة وحدات حماية الشعب الكردية منظمة إرهابية، وهي حليفة لواشنطن في محاربة داعش.", "منظمة إرهابية"),
    ("لحزب العمال الكردستاني الذي تصنفه منظمة ارهابية في شمال العراق.", "منظمة ارهابية"),
])
def test_a_described_common_noun_is_no_entity(nlp, text, phrase):
    a = run_text(nlp, text)
    assert phrase not in [e.text for e in a.entities]
    assert not any(phrase in (h, t) for h, t in relation_pairs(a, "allied_with"))


@pytest.mark.parametrize("text", [
    # (the article's wording: shortened, the tagger does not run on)
    "قالت منظمة العفو الدولية إن مسلحين من مسلمي الروهينجا ارتكبوا مجزرة ضد مدنيين هندوس في ميانمار. وذكرت "
    "المنظمة أن \"جيش إنقاذ الروهينجا في أراكان\" قتل ما يصل إلى 99 مدنيا هندوسيا في مجزرة، أو ربما مجزرتين، "
    "في شهر أغسطس/ آب الماضي. لكن الجماعة نفت ذلك.",
    "وأوردت وثيقة نشرتها المنظمة الثلاثاء أن رئيس مجلسها التنفيذي تلقى طلبا من الممثل الدائم لروسيا للدعوة إلى "
    "اجتماع طارئ \"على صلة بحادث سالزبري\" في انكلترا. ويبدأ الاجتماع في الساعة العاشرة في مقر المنظمة في "
    "#لاهاي. وتعرض سكريبال وابنته يوليا في الرابع من آذار/مارس لتسميم بواسطة غاز للأعصاب.",
])
def test_a_name_does_not_run_on_into_a_particle(nlp, text):
    a = run_text(nlp, text)
    assert not any(e.text.split()[-1] in ("أن", "في") for e in a.entities)


def test_a_name_ending_like_a_particle_keeps_it(nlp):
    # "علي" is also the preposition على normalised, "في" a letter of a channel's initials
    a = run_text(nlp, "وقال اللاعب محمد علي لقناة إن تي في التركية إن فريقه سيفوز.")
    assert "محمد علي" in [e.text for e in a.entities]


def test_a_man_named_among_the_counted_is_a_member(nlp):
    a = run_text(nlp, "وأعلنت قيادة العمليات مقتل 21 مسلحا من تنظيم داعش بينهم محمد خلف الراوي.")
    assert ("محمد خلف الراوي", "تنظيم داعش") in relation_pairs(a, "member_of")
    # a kinsman named after a word is none
    for text in ("وقتل 5 عناصر من تنظيم داعش بينهم شقيق محمد خلف الراوي.",
                 "أفادت مصادر عسكرية بمقتل 20 من مليشيات الحوثي بينهم شقيق القيادي \"أبو الباقر\" في معارك.",
                 "غارة إسرائيلية تسفر عن مقتل ستة عناصر من حزب الله بينهم نجل قيادي مهم."):
        assert not relation_pairs(run_text(nlp, text), "member_of"), text


def test_a_group_active_in_a_place_is_there(nlp):
    a = run_text(nlp, "وتتمثل العقبة الثانية في وحدات حماية الشعب الكردية، التي تنشط في شمالي سوريا.")
    assert ("وحدات حماية الشعب الكردية", "شمالي سوريا") in relation_pairs(a, "deployed_to")
    # working somewhere is no presence of the group named before
    b = run_text(nlp, "إن مسلحين من تنظيم داعش قطعوا رؤوس 3 أشقاء يعملون جميعا في المجال الطبي في إقليم ننكرهار.")
    assert not relation_pairs(b, "deployed_to")
