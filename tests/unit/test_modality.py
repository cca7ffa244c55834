"""Modality and attribution of event mentions (marsad.analyse.modality)."""

from __future__ import annotations

import pytest

from marsad.analyse.modality import attribution_of, modality_of
from marsad.config import EXAMPLES_DIR
from marsad.model import Article
from marsad.text.tokens import split_sentences, tokenize


def _art(body: str) -> Article:
    a = Article("t.txt", body, body=body)
    a.sentences = split_sentences(body)
    a.tokens = tokenize(body)
    return a


def _mod(body: str, trigger: str) -> str:
    a = _art(body)
    t = body.index(trigger)
    sent = a.sentence_of(t)
    return modality_of(a, sent, (t, t + len(trigger)))


@pytest.mark.parametrize(("body", "trigger", "expected"), [
    ("سيطرت هيئة تحرير الشام على مدينة حلب.", "سيطرت", "asserted"),
    ("نفى مصدر أن تكون القنصلية تعرضت لهجوم من قبل المسلحين.", "لهجوم", "denied"),
    ("لم تنسحب القوات من المدينة.", "تنسحب", "denied"),
    ("زعم التنظيم أن مقاتليه سيطروا على القرية.", "سيطروا", "claimed"),
    ("وسيطرت القوات على البلدة بحسب زعمها.", "وسيطرت", "claimed"),
    ("قال المصدر إن قاآني سيجتمع مع السوداني مساء السبت.", "سيجتمع", "planned"),
    ("أكدوا أن الحملة الجوية على مختلف أنحاء سوريا ستستمر.", "الحملة", "planned"),
    ("تعتزم الميليشيات اقتحام الغوطة.", "اقتحام", "planned"),
    ("أعلن الموقع عن استعدادات لاقتحام بلدة دير العصافير.", "لاقتحام", "planned"),
    ("لن تنفذ أي غارة إلا في حال حدوث اشتباكات بين الطرفين.", "اشتباكات", "hypothetical"),
    ("إذا هاجمت الفصائل المدينة فسترد القوات.", "هاجمت", "hypothetical"),
    # modality.conditioned_before (the relations read conditions with it too)
    ("وقال إنه في حالة حدوث اشتباكات بين الطرفين ستتدخل القوات.", "اشتباكات", "hypothetical"),
    # a state, not a condition
    ("وأعلنت القوات في حالة تأهب بعد اشتباكات عنيفة مع المسلحين.", "اشتباكات", "asserted"),
    # a concession
    ("وقال إن الهدوء عاد ولو مؤقتا بعد اشتباكات عنيفة مع المسلحين.", "اشتباكات", "asserted"),
    # a condition governs the consequence however far ("إذا …، فإن …")
    ("وقال الرئيس التركي إنه إذا لم يقم العراق بتطهير المنطقة من مسلحي حزب العمال الكردستاني في الأسابيع المقبلة، "
     "فإن بلاده ستشن غارات على جبال قنديل.", "غارات", "hypothetical"),
    # a bare "إذا كان" is a condition, "وإذا كان X قد …" concedes a fact
    ("وقال إنه إذا كان هناك أدلة فإن القوات ستشن غارات على المواقع.", "غارات", "hypothetical"),
    ("وإذا كان الجيش قد شن غارات على المواقع، فإن المعارك لم تتوقف.", "غارات", "asserted"),
    # a whether-clause far before governs no more
    ("وعمّا إذا كان بإمكان الجيش الحر أن يلعب دورًا في المرحلة المقبلة في ظل الظروف الحالية التي تمر بها "
     "المنطقة، أشار المصدر إلى أن الجيش الحر دخل في اشتباكات عنيفة مع داعش.", "اشتباكات", "asserted"),
    # look-alikes of the future prefix are not future verbs
    ("سيطرت الفصائل على سيارات الجيش.", "سيطرت", "asserted"),
    # "تعرضت لهجوم": لـ governed by the verb, not a purpose
    ("قالت الوزارة إن القنصلية تعرضت لهجوم.", "لهجوم", "asserted"),
])
def test_modality(body: str, trigger: str, expected: str) -> None:
    assert _mod(body, trigger) == expected


@pytest.mark.parametrize(("body", "expected"), [
    ('وأفاد مراسل بلدي نيوز أن "تنظيم الدولة" انسحب من القرى.', "مراسل بلدي نيوز"),
    ("وقال مصدر عراقي مطلع وعلى صلة بالمليشيات لـ«العين الإخبارية»، إن قاآني عقد اجتماعاً.", "مصدر عراقي مطلع"),
    ("فقد أعلن موقع “المصدر نيوز” التابع لإيران عن استعدادات لاقتحام البلدة.", "المصدر نيوز التابع لإيران"),
    ("سيطرت الهيئة على المدينة، وفق المرصد السوري لحقوق الإنسان، أمس.", "المرصد السوري لحقوق الإنسان"),
    ("نفى مصدر في وزارة الخارجية الإيرانية أن تكون القنصلية تعرضت لهجوم.", "مصدر في وزارة الخارجية الإيرانية"),
    ("وجاء في الخبر أن القوات انسحبت.", None),
])
def test_attribution_in_sentence(body: str, expected: str | None) -> None:
    a = _art(body)
    assert attribution_of(a, a.sentences[0]) == expected


def test_attribution_follows_anaphora_and_frames() -> None:
    body = ("وقال مصدر عراقي مطلع إن قاآني وصل إلى بغداد.\n"
            "وأضاف أن القادة حضروا الاجتماع.\n"
            "وبحسب المصدر فإن الفصائل أرسلت مقاتلين.\n"
            "وأكد الرئيس أن بلاده قادرة على الصمود.")
    a = _art(body)
    got = [attribution_of(a, s) for s in a.sentences]
    assert got == ["مصدر عراقي مطلع", "مصدر عراقي مطلع", "مصدر عراقي مطلع", "الرئيس"]


def test_seed_attributions() -> None:
    body = next(EXAMPLES_DIR.glob("002_*.txt")).read_text(encoding="utf-8")
    a = _art(body)
    sent = next(s for s in a.sentences if "ولفت المصدر" in s.text)
    assert attribution_of(a, sent) == "مصدر عراقي مطلع"
    t = body.index("سيجتمع")
    assert modality_of(a, sent, (t, t + len("سيجتمع"))) == "planned"
