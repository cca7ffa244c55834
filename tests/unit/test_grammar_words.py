"""The closed-class word lists that the event coder and the relation extractor share (grammar.yaml)."""

from marsad.analyse import events, relations
from marsad.analyse.cues import grammar_words, load_data
from marsad.text.normalize import normalize_key


def test_both_stages_read_the_same_lists() -> None:
    assert events.RELATIVES is relations.RELATIVE_PRONOUNS is grammar_words("relative_pronouns")
    assert events.COMPLEMENTIZERS is relations.COMPLEMENTIZERS is grammar_words("complementizers")


def test_lists_are_normalised_and_complete() -> None:
    rel = grammar_words("relative_pronouns")
    # dual and feminine plural forms that only one of the stages knew before the lists were merged
    assert {normalize_key(w) for w in ("التي", "الذين", "اللذان", "اللتان", "اللواتي")} <= rel
    assert {normalize_key(w) for w in ("إن", "أنه", "أنهم", "بأن")} <= grammar_words("complementizers")
    for key in ("relative_pronouns", "complementizers"):
        raw = load_data("grammar.yaml")[key]
        assert len(raw) == len(set(raw)), f"{key} has duplicates"
        assert all(normalize_key(w) == w for w in raw), f"{key} must hold normalised forms"


def test_stage_files_no_longer_carry_their_own_copies() -> None:
    triggers = load_data("event_triggers.yaml")
    cues = load_data("relation_cues.yaml")["words"]
    for key in ("relative_pronouns", "complementizers"):
        assert key not in triggers and key not in cues
