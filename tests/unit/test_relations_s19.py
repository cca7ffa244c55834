"""Session 19: factions of an umbrella named right after it, offshoots ("امتدادا لـX") and names
coordinated across quotes."""

from __future__ import annotations

from marsad.model import Article


def _rels(nlp, body: str, typ: str) -> set[tuple[str, str]]:
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-03-29"))
    return {(r.head.text, r.tail.text) for r in a.relations if r.type == typ}


def test_factions_named_after_their_umbrella(nlp) -> None:
    got = _rels(nlp, 'هذا وتأجج التناحر بين فصيلي الجيش الحر "فيلق الرحمن" و"جيش الإسلام" في الغوطة الشرقية.', "part_of")
    assert got == {("فيلق الرحمن", "الجيش الحر"), ("جيش الإسلام", "الجيش الحر")}


def test_a_faction_word_with_one_name_states_nothing(nlp) -> None:
    assert _rels(nlp, "وقال قائد فصيل جيش الإسلام إن المفاوضات مستمرة.", "part_of") == set()


def test_an_offshoot_is_part_of_its_parent(nlp) -> None:
    got = _rels(nlp, "وتعتبر تركيا وحدات حماية الشعب تنظيما إرهابيا وامتدادا لحزب العمال الكردستاني المحظور.", "part_of")
    assert got == {("وحدات حماية الشعب", "حزب العمال الكردستاني")}


def test_with_its_allies_is_said_of_the_sentence_subject(nlp) -> None:
    got = _rels(nlp, "واتهمت دمشق باستخدام سلاح كيميائي في القصف، الأمر الذي نفته بالمطلق مع حليفتيها موسكو وطهران.",
                "allied_with")
    assert got == {("دمشق", "موسكو"), ("دمشق", "طهران")}


def test_allies_without_with_keep_their_near_owner_rule(nlp) -> None:
    # no "مع": the owner must stand right before the cue, as before
    assert _rels(nlp, "واتهمت دمشق باستخدام سلاح كيميائي في القصف، ونفت حليفتاها موسكو وطهران ذلك.",
                 "allied_with") == set()


def test_a_dual_ally_title_names_the_pair_before_it(nlp) -> None:
    got = _rels(nlp, "تأتي هذه الغارات بعد قمة عقدت في طهران، وجمعت رؤساء إيران، حسن روحاني، وروسيا، فلاديمير بوتن، "
                     "حليفي دمشق، وتركيا، رجب طيب أردوغان، الداعم للمعارضة.", "allied_with")
    assert got == {("دمشق", "إيران"), ("دمشق", "روسيا")}


def test_a_dual_ally_title_needs_a_coordinated_pair(nlp) -> None:
    assert _rels(nlp, "وقال وزير خارجية إيران إن البلدين حليفا دمشق.", "allied_with") == set()


def test_a_cue_verb_is_never_a_name(nlp) -> None:
    body = "رغم خطر التصادم مع الولايات المتحدة وفرنسا اللتين تنشران جنودا في منبج."
    a = nlp(Article(source_path="t.txt", raw=body, body=body, published="2018-05-06"))
    assert "تنشران" not in {e.text for e in a.entities}
    assert {(r.head.text, r.tail.text) for r in a.relations if r.type == "deployed_to"} == {
        ("الولايات المتحدة", "منبج"), ("فرنسا", "منبج")}


def test_cue_nouns_that_head_names_stay_possible_names() -> None:
    from marsad.analyse.ner import NOT_NAMES
    from marsad.text.normalize import normalize_key

    assert normalize_key("تنشران") in NOT_NAMES and normalize_key("يقاتل") in NOT_NAMES
    assert normalize_key("تحالف") not in NOT_NAMES and normalize_key("تجمع") not in NOT_NAMES


def test_a_group_ruling_a_town_is_deployed_there(nlp) -> None:
    got = _rels(nlp, 'وعانت الغوطة الشرقية من انقسام ثلاثي، حيث يحكم "جيش الإسلام" دوما، أكبر مدينة في الغوطة.',
                "deployed_to")
    assert ("جيش الإسلام", "دوما") in got
