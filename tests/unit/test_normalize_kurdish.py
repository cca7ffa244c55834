"""Persian and Kurdish letters of names written as they sound normalise to the Arabic letters news
usually writes (for matching only: the original text is kept)."""

from __future__ import annotations

import pytest

from marsad.analyse.pipeline import default_pipeline
from marsad.model import Article
from marsad.text.normalize import normalize, normalize_key


@pytest.mark.parametrize("written,usual", [
    ("الپيشمرگة", "البيشمركة"), ("چمچمال", "جمجمال"), ("ڤيينا", "فيينا"), ("ژنيف", "زنيف"), ("کوردستان", "كوردستان"),
])
def test_letters(written: str, usual: str) -> None:
    assert normalize_key(written) == normalize_key(usual)


def test_one_to_one_and_the_original_kept() -> None:
    text = "قوات الپيشمرگة في چمچمال"
    nt = normalize(text)
    assert len(nt.text) == len(text)
    s = nt.text.index("البيشمركه")
    a, b = nt.span_to_original(s, s + len("البيشمركه"))
    assert text[a:b] == "الپيشمرگة"


def test_the_peshmerga_written_with_kurdish_letters_are_linked() -> None:
    body = "ناحية القيارة التي يرابط على تخومها قوات الپيشمرگة الكوردية."
    a = default_pipeline()(Article(source_path="t.txt", raw=body, body=body, published="2015-07-23"))
    assert [(e.text, e.entity_id) for e in a.entities if e.type == "ARMED_GROUP"] == [("قوات الپيشمرگة", "grp:peshmerga")]
