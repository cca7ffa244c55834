"""Session-23 coder rules.

Events: "نظام" between a governing word and a name is a filler ("ضد نظام بشار الأسد"): the name is the
strikes' target, not their author. Protesters named after إنّ ("إن محتجين اقتحموا") riot; the state's forces are
never the rioters, and forces that only tell of the riot are no party to it; protesters clashing with the
police ("اشتبك محتجون مع رجال الشرطة", "مواجهات بين قوات الأمن ومتظاهرين") riot. A month name ("نيسان") is no
name of an organisation, so it is never an actor. A capture whose object is no ground (a game, a rank, a
poise, weapons found: the trigger's ``not_object``) is none. A sports report (five distinct sports words, no
armed group of the KB) codes only protests, riots and arrests. An arrest warrant is no arrest; leaving a
government or an organisation is no withdrawal from ground; protesters trying to storm a site riot. "تدمر" after a verb particle
("التي تدمر", "أن تدمر") is the verb, not Palmyra. A court's death sentence is no killing. A charge of joining
is no joining. A threat or a pledge whose بـ-object is the trigger makes it planned. An era named at the
trigger ("في تسعينيات القرن الماضي") makes the event history. The group the people arrested belong to is actor2,
never actor1, and suspicions about them do not make the arrest claimed; a state's police or forces named right
after an arrest verb ("اعتقلت الشرطة التركية") are its actor1.

Relations: in a list of people each followed by his own title, a title is said of the name before it; a
name joined by و after a title is the next item of a list, not the title's apposition; two people named
together before a dual meeting verb ("ترامب وبوتين اجتمعا") met each other; a verb joined by و to a relative
clause's verb shares its antecedent ("تحالف الفتح الذي يتزعمه فلان ويضم فصائل الحشد").

Every sentence is written for these tests and run through the default pipeline."""

from __future__ import annotations

import pytest
from coder_helpers import run_text


def test_the_regime_struck_is_not_the_striker(nlp):
    a = run_text(nlp, "وجاء ذلك قبل فترة وجيزة من الضربات الجوية ضد نظام بشار الأسد في سوريا.")
    strikes = [e for e in a.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 is None or "الأسد" not in e.actor1.text for e in strikes)


def test_protesters_after_inna_storming_a_building_riot(nlp):
    a = run_text(nlp, "وتفيد الأنباء بأن محتجين اقتحموا القنصلية الإيرانية في البصرة وأضرموا فيها النيران.")
    assert [e.sub_event_type for e in a.events] == ["Violent demonstration"]


def test_the_police_telling_of_a_riot_are_no_party_to_it(nlp):
    a = run_text(nlp, "وقالت الشرطة العراقية إن محتجين اقتحموا مبنى المحافظة في البصرة.")
    (riot,) = [e for e in a.events if e.sub_event_type == "Violent demonstration"]
    assert riot.actor1 is None and riot.actor2 is None


def test_the_police_are_the_other_side_of_a_riot_not_the_rioters(nlp):
    a = run_text(nlp, "وأكد مسؤول في الشرطة الفرنسية وقوع أعمال شغب في منطقة نوتردام دي لاند.")
    riots = [e for e in a.events if e.sub_event_type == "Violent demonstration"]
    assert riots and all(e.actor1 is None for e in riots)


def _pairs(a, typ: str) -> set[tuple[str, str]]:
    return {(r.head.text, r.tail.text) for r in a.relations if r.type == typ}


def test_a_title_between_two_listed_people_is_said_of_the_first(nlp):
    a = run_text(nlp, "ومن أهم الشخصيات التي اغتيلت يحيى عياش أحد قادة حركة حماس، فتحي الشقاقي رئيس حركة الجهاد "
                      "الإسلامي في فلسطين.")
    assert ("يحيى عياش", "حركة حماس") in _pairs(a, "member_of") | _pairs(a, "leader_of")
    assert not any(h == "فتحي الشقاقي" and t == "حركة حماس" for h, t in _pairs(a, "member_of") | _pairs(a, "leader_of"))


def test_a_name_joined_by_wa_after_a_title_is_not_its_apposition(nlp):
    a = run_text(nlp, "وقتل عماد مغنية القائد العسكري لحزب الله، وعباس الموسوي في هجومين منفصلين.")
    assert _pairs(a, "leader_of") == {("عماد مغنية", "حزب الله")}


@pytest.mark.parametrize(("text", "pair"), [
    # the person after the title is its apposition: the subject before it is someone else
    ("واستقبل الرئيس بشار الأسد قائد فيلق القدس قاسم سليماني في دمشق.", ("قاسم سليماني", "فيلق القدس")),
    # a title joined by و starts the next item: the name before it ends the previous one
    ("ودار نقاش بين وزير الخارجية التركي مولود تشاوش أوغلو والأمين العام لجامعة الدول العربية أحمد أبو الغيط.",
     ("أحمد أبو الغيط", "جامعة الدول العربية")),
], ids=["object-apposition", "joined-title"])
def test_the_apposition_after_a_title_still_holds_it(nlp, text, pair):
    assert pair in _pairs(run_text(nlp, text), "leader_of")


def test_two_people_named_before_a_dual_meeting_verb_met(nlp):
    a = run_text(nlp, "وكان ترامب وبوتين اجتمعا في هلسنكي الشهر الماضي.")
    assert {frozenset(p) for p in _pairs(a, "met_with")} == {frozenset({"ترامب", "بوتين"})}


def test_a_verb_joined_to_a_relative_clause_shares_its_antecedent(nlp):
    a = run_text(nlp, 'وتقدم "سائرون" على تحالف "الفتح" (47 مقعدا) الذي يتزعمه هادي العامري ويضم فصائل الحشد الشعبي.')
    assert ("فصائل الحشد الشعبي", 'تحالف "الفتح"') in _pairs(a, "part_of")


def test_verb_first_composition_keeps_its_subject(nlp):
    # no relative clause before "ويضم": the name right after the verb is the umbrella
    a = run_text(nlp, "ويضم جيش الفتح فصائل أحرار الشام وجبهة النصرة.")
    assert ("أحرار الشام", "جيش الفتح") in {(h.removeprefix("فصائل "), t) for h, t in _pairs(a, "part_of")}


@pytest.mark.parametrize("text", [
    "كما اشتبك محتجون في كرمة علي مع رجال الشرطة في البصرة، مما أسفر عن جرح 3 من المتظاهرين.",
    "وقال مسؤول أمني إن اثنين من المحتجين قتلا في اشتباكات مع قوات الأمن العراقية في بلدة السماوة.",
    "وسقط قتلى خلال مواجهات بين قوات الأمن ومتظاهرين في المثنى.",
], ids=["clashed-with", "killed-in-clashes-with", "between-forces-and-protesters"])
def test_protesters_clashing_with_the_police_riot(nlp, text):
    subs = [e.sub_event_type for e in run_text(nlp, text).events]
    assert subs == ["Violent demonstration"]


def test_a_clash_between_armed_groups_near_a_protest_stays_a_clash(nlp):
    a = run_text(nlp, "واندلعت اشتباكات بين الجيش الحر وتنظيم داعش في مدينة الباب، فيما خرج متظاهرون في إدلب.")
    assert "Armed clash" in [e.sub_event_type for e in a.events]


def test_a_month_name_is_no_actor(nlp):
    a = run_text(nlp, "وكانت دمشق اتهمت إسرائيل في التاسع من نيسان/أبريل بشن غارة جوية استهدفت مطار التيفور.")
    assert "نيسان" not in [e.text for e in a.entities]
    assert all(e.actor1 is None or e.actor1.text != "نيسان" for e in a.events)


@pytest.mark.parametrize("text", [
    "واستعاد الهلال توازنه في الشوط الثاني أمام الأهلي.",
    "استعاد فريق مانشستر يونايتد المركز الثاني في الدوري الإنجليزي.",
    "وسيطر توتنهام على الشوط الأول في لندن.",
    "وقال إن قوات الجيش استعادت كميات كبيرة من الأسلحة في صعدة.",
], ids=["poise", "rank", "half-time", "weapons"])
def test_a_capture_of_no_ground_is_none(nlp, text):
    subs = {e.sub_event_type for e in run_text(nlp, text).events}
    assert not subs & {"Government regains territory", "Non-state actor overtakes territory"}


@pytest.mark.parametrize("text", [
    "أعلنت مصادر سورية أن مسلحي تنظيم داعش استعادوا السيطرة على بعض النقاط على محور حي الحجر الأسود.",
    "وسيطرت قوات النظام على مركز مدينة عفرين.",
], ids=["points", "town-centre"])
def test_a_capture_of_positions_or_a_town_centre_stays_one(nlp, text):
    subs = {e.sub_event_type for e in run_text(nlp, text).events}
    assert subs & {"Government regains territory", "Non-state actor overtakes territory"}


SPORTS = ("وفي الشوط الثاني واصل الأهلي هجومه على مرمى الهلال في المباراة التي أقيمت على ملعب الملك فهد ضمن "
          "الجولة العاشرة من الدوري، وسيطر الأهلي على مجريات اللعب. وانضم اللاعب إلى النادي قادما من برشلونة.")


def test_a_sports_report_codes_no_attack_capture_or_arrival(nlp):
    assert [e.sub_event_type for e in run_text(nlp, SPORTS).events] == []


def test_fans_rioting_in_a_sports_report_still_riot(nlp):
    a = run_text(nlp, SPORTS + " وأضرم محتجون غاضبون النار في مدرجات الملعب في الرياض بعد المباراة.")
    assert "Violent demonstration" in [e.sub_event_type for e in a.events]


def test_an_armed_group_striking_a_stadium_is_no_sports_report(nlp):
    a = run_text(nlp, "وقصف تنظيم داعش ملعب كرة القدم في الرقة خلال مباراة في الدوري المحلي، ما أدى إلى مقتل "
                      "لاعب ومدرب وحارس مرمى المنتخب.")
    assert a.events and a.events[0].event_type == "Explosions/Remote violence"


def test_protesters_trying_to_storm_a_site_riot(nlp):
    a = run_text(nlp, "وأكد الوزير أن المتظاهرين حاولوا اقتحام أحد المواقع النفطية في حقل غرب القرنة.")
    assert [e.sub_event_type for e in a.events] == ["Violent demonstration"]


@pytest.mark.parametrize(("text", "place"), [
    ("وقالت المصادر إن الغارات التي تدمر المنازل مستمرة في بلدة جاسم.", "جاسم"),
    ("وقال المرصد إن التنظيم انسحب من تدمر.", "تدمر"),
], ids=["verb", "palmyra"])
def test_tadmur_after_a_verb_particle_is_the_verb(nlp, text, place):
    a = run_text(nlp, text)
    assert [e.location.text for e in a.events if e.location] == [place]


def test_an_execution_by_an_armed_group_and_an_assassination_beside_a_sentence_stay(nlp):
    assert [e.sub_event_type for e in run_text(nlp, "وأعدم تنظيم داعش 12 مدنيا في الموصل.").events] == ["Attack"]
    a = run_text(nlp, "تعرض الحموي للاغتيال في درعا وحكمت محكمة تابعة للتنظيم بإعدام عدد من المتهمين.")
    assert [e.sub_event_type for e in a.events] == ["Attack"]


def test_an_arrest_after_a_warrant_is_named_stays_an_arrest(nlp):
    a = run_text(nlp, "وبالاستناد إلى مذكرة الأنتربول، اعتقلت الشرطة الجورجية كورتولوس في العاصمة تبليسي.")
    assert [e.sub_event_type for e in a.events] == ["Arrests"]


# sentences that state no event: a warrant, leaving a government or an organisation, a death sentence, the
# police halting a thing, a charge of joining, civilians arriving
@pytest.mark.parametrize("text", [
    "أصدرت ألمانيا مذكرة توقيف دولية بحق مدير المخابرات الجوية السورية اللواء جميل حسن.",
    "انسحاب حزب التغيير والجماعة الإسلامية من حكومة إقليم كردستان العراق.",
    "وأعلنت قطر انسحابها من منظمة أوبك.",
    "وأصدرت محكمة عراقية حكما بإعدام 12 مدانا بالإرهاب في بغداد.",
    "ويذكر أن محاكم بغداد قضت على أكثر من 300 من الجهاديين الأجانب بالإعدام.",
    "وأوقفت الشرطة مسيرة لجماعات اليمين المتطرف في كيمنتس.",
    "وأوقفت السلطات العراقية رحلاتها إلى دمشق.",
    "وتحاكم مئات النساء الأجنبيات في بغداد بتهم الانضمام إلى داعش.",
    "ويذكر أن محاكم بغداد قضت منذ بداية العام الحالي، على أكثر من 300 من الجهاديين الأجانب بالإعدام أو السجن.",
    "وصلت دفعة جديدة من مهجري مدينة دوما في الغوطة الشرقية إلى معبر أبو الزندين.",
], ids=["warrant", "government", "organisation", "death-sentence", "courts", "march", "flights", "charge",
        "death-or-prison", "displaced-arrive"])
def test_no_event(nlp, text):
    assert run_text(nlp, text).events == []


@pytest.mark.parametrize(("text", "modality"), [
    ("تعهد الرئيس التركي رجب طيب أردوغان بالسيطرة على مدينة تل رفعت شمالي سوريا.", "planned"),
    ("وهدد تنظيم الدولة الإسلامية بشن هجمات في بغداد قبل الانتخابات.", "planned"),
    # the attack answered is past: the pledge's بـ-object is the answer, not the attack
    ("وتعهد العبادي بالرد على الهجوم الذي شنه تنظيم داعش في كركوك.", "asserted"),
    ("وقال متحدث باسم الشرطة إن السلطات في مدينة بوخوم طالبت الشرطة باعتقال سامي إيه.", "planned"),
    # "الطالب" is a student, no demand
    ("وتسببت القنبلة، التي وضعها الطالب في محطة لمترو الأنفاق في لندن، بانفجار محدود.", "asserted"),
], ids=["pledge", "threat", "answered", "demand", "student"])
def test_a_threat_or_pledge_of_the_trigger_makes_it_planned(nlp, text, modality):
    assert [e.modality for e in run_text(nlp, text).events] == [modality]


@pytest.mark.parametrize("text", [
    "وتعود العلاقة إلى تسعينيات القرن الماضي، حيث التقى عماد مغنية أسامة بن لادن في السودان.",
    "وكانت الممثلة قد اختطفت بأمر من كيم في أواخر السبعينيات في هونغ كونغ.",
], ids=["era-before", "era-after"])
def test_an_event_in_a_past_era_is_history(nlp, text):
    assert run_text(nlp, text).events == []


@pytest.mark.parametrize("text", [
    "وقتل 20 شخصا في قصف على حلب، وهو أعنف هجوم على المدينة منذ الحرب العالمية الثانية.",
    "واعتقلت الشرطة الأمريكية في كاليفورنيا رجلا في نهاية الخمسينيات من عمره.",
    "وتمكنت الشرطة الأمريكية من القبض على ضابط شرطة سابق متهم في جرائم قتل واغتصاب وقعت في السبعينيات.",
], ids=["since-an-era", "age", "era-of-the-crimes"])
def test_an_era_measured_from_or_an_age_is_no_history(nlp, text):
    assert run_text(nlp, text).events


@pytest.mark.parametrize(("text", "actor1"), [
    ("وأوقفت الشرطة التركية رجلا يشتبه بانتمائه لتنظيم داعش في إسطنبول.", "الشرطة التركية"),
    ("وألقت السلطات التركية القبض على 20 شخصا بتهمة الانتماء لتنظيم داعش في أنقرة.", "السلطات التركية"),
    ("واعتقلت قوات الأمن العراقية خمسة أشخاص يشتبه في انتمائهم إلى تنظيم داعش في كركوك.", "قوات الأمن العراقية"),
], ids=["suspected-member", "charged-member", "membership-via-ila"])
def test_the_arrested_peoples_group_is_actor2_and_the_arrest_is_told(nlp, text, actor1):
    (e,) = run_text(nlp, text).events
    assert (e.actor1.text if e.actor1 else None, e.actor2.text if e.actor2 else None) == (actor1, "تنظيم داعش")
    assert e.modality == "asserted"


def test_a_claim_before_an_arrest_still_makes_it_claimed(nlp):
    a = run_text(nlp, "وزعمت وسائل إعلام أن قوات النظام اعتقلت عشرات الشبان في درعا.")
    assert [e.modality for e in a.events] == ["claimed"]


def test_only_the_first_object_of_a_demand_is_planned(nlp):
    a = run_text(nlp, "طالبت مجموعة من الراهبات في الهند باعتقال أسقف متهم باغتصاب إحدى راهبات الكنيسة.")
    assert {e.sub_event_type: e.modality for e in a.events} == {"Arrests": "planned", "Sexual violence": "claimed"}


@pytest.mark.parametrize(("text", "actor1"), [
    ("واعتقلت الشرطة التركية 13 شخصا في أضنة.", "الشرطة التركية"),
    ("واعتقلت قوات الأمن التركية 13 شخصا في أضنة.", "قوات الأمن التركية"),
], ids=["police", "security-forces"])
def test_a_states_police_right_after_an_arrest_verb_arrest(nlp, text, actor1):
    assert [e.actor1.text if e.actor1 else None for e in run_text(nlp, text).events] == [actor1]
