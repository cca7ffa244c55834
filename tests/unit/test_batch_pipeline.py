"""Batch forms of pipeline components (``Pipeline.process``, ``runner.analyse_many``): the same
results as article by article, a failure or an overrun confined to its article."""

from __future__ import annotations

import copy
import time

import pytest

from marsad.analyse import pipeline as pl
from marsad.analyse.ner import _sentence_tokens, find_entities, find_entities_many, get_tagger
from marsad.analyse.neural import NeuralTagger
from marsad.analyse.pipeline import Pipeline, default_pipeline
from marsad.config import EXAMPLES_DIR
from marsad.ingest.readers import read_paths
from marsad.model import Article, Rejection
from marsad.runner import analyse_many, clean_item


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    arts = [clean_item(a) for a in read_paths([EXAMPLES_DIR])]
    assert len(arts) == 5 and all(isinstance(a, Article) for a in arts)
    return arts  # type: ignore[return-value]


def _short(n: int) -> list[Article]:
    texts = ["قتل شخص في قصف على مدينة حلب يوم الاثنين.",
             "اشتبكت قوات النظام مع فصائل المعارضة في ريف إدلب الجنوبي.",
             "قال أبو محمد الجولاني زعيم هيئة تحرير الشام إن الهجوم فشل."]
    return [Article(source_path=f"mem:{k}", raw="", body=texts[k % len(texts)]) for k in range(n)]


def test_batched_analysis_equals_article_by_article(seeds):
    nlp = default_pipeline()
    one = [nlp(copy.deepcopy(a)).to_contract() for a in seeds]
    many = analyse_many(nlp, [copy.deepcopy(a) for a in seeds])
    assert all(isinstance(a, Article) for a in many)
    assert [a.to_contract() for a in many] == one  # type: ignore[union-attr]


def test_neural_tags_of_several_articles_at_once_equal_one_by_one(seeds):
    tagger = get_tagger()
    if not isinstance(tagger, NeuralTagger):
        pytest.skip("the neural NER model is not installed")
    pre = Pipeline(["sentences", "tokens"])
    arts = [pre(copy.deepcopy(a)) for a in seeds]
    assert all(_sentence_tokens(a) for a in arts)
    many = find_entities_many(arts, tagger)
    one = [find_entities(a, tagger) for a in arts]
    assert [[(e.start, e.end, e.type, e.score) for e in x] for x in many] == \
        [[(e.start, e.end, e.type, e.score) for e in x] for x in one]
    assert sum(len(x) for x in one) > 20


@pytest.fixture()
def test_components():
    """Two throw-away components: ``_t_mark`` (batch form records its batches) and ``_t_boom``
    (fails on a body that says so; its batch form fails on any batch holding one)."""
    seen: list[int] = []

    def mark(a: Article, res) -> None:
        a.meta["marked"] = a.meta.get("marked", 0) + 1

    def mark_many(arts: list[Article], res) -> None:
        seen.append(len(arts))
        for a in arts:
            mark(a, res)

    def boom(a: Article, res) -> None:
        if "boom" in a.body:
            raise ValueError("boom here")
        a.meta["ok"] = True

    def boom_many(arts: list[Article], res) -> None:
        if any("boom" in a.body for a in arts):
            raise ValueError("one of them")
        for a in arts:
            boom(a, res)

    def slow(a: Article, res) -> None:
        if "slow" in a.body:
            time.sleep(3)

    pl.component("_t_mark")(mark)
    pl.batch_form("_t_mark")(mark_many)
    pl.component("_t_boom")(boom)
    pl.batch_form("_t_boom")(boom_many)
    pl.component("_t_slow")(slow)
    yield seen
    for name in ("_t_mark", "_t_boom", "_t_slow"):
        pl._REGISTRY.pop(name, None)
        pl._BATCH_FORMS.pop(name, None)


def test_batch_forms_take_batches_and_a_failure_stays_with_its_article(test_components):
    arts = _short(11)
    arts[9].body = "boom"
    out = Pipeline(["_t_mark", "_t_boom"]).process(arts)
    assert test_components == [pl.BATCH_SIZE, 11 - pl.BATCH_SIZE]  # batches, each article marked once
    assert all(a.meta["marked"] == 1 for a in arts)
    assert isinstance(out[9], ValueError) and str(out[9]) == "boom here"  # the article's own error
    assert [k for k, a in enumerate(out) if isinstance(a, Article) and a.meta.get("ok")] == \
        [k for k in range(11) if k != 9]


def test_an_article_over_its_time_budget_is_rejected_alone(test_components, monkeypatch):
    monkeypatch.setenv("MARSAD_ANALYSIS_TIMEOUT_S", "0.5")
    arts = _short(6)
    arts[2].body = "slow"
    out = analyse_many(Pipeline(["_t_mark", "_t_slow", "_t_boom"]), arts)
    assert [type(a).__name__ for a in out] == ["Article", "Article", "Rejection", "Article", "Article", "Article"]
    rej = out[2]
    assert isinstance(rej, Rejection) and rej.source_path == "mem:2"
    assert rej.reason == "analysis took longer than 0.5 s (MARSAD_ANALYSIS_TIMEOUT_S)"  # the article's limit
    assert all(a.meta.get("ok") for a in out if isinstance(a, Article))


def test_a_failure_becomes_a_one_line_rejection(test_components):
    arts = _short(3)
    arts[1].body = "boom"
    out = analyse_many(Pipeline(["_t_boom"]), arts)
    assert isinstance(out[1], Rejection) and out[1].reason == "analysis failed: ValueError: boom here"
    assert isinstance(out[0], Article) and isinstance(out[2], Article)


def test_a_very_long_sentence_is_run_with_few_others(monkeypatch):
    """Sentences of several articles go through the recurrence together, but a batch's padded size
    (rows x longest sentence) stays bounded: one long sentence does not pad 63 others."""
    from marsad.analyse import neural

    tagger = get_tagger()
    if not isinstance(tagger, NeuralTagger):
        pytest.skip("the neural NER model is not installed")
    words = "قال مصدر في الجيش السوري إن الاشتباكات مستمرة في ريف حلب".split()
    long_one = words * 120  # 1,320 words
    sents = [long_one] + [words[: 3 + k % 8] for k in range(70)]
    cells: list[int] = []
    real = neural.NeuralTagger._emissions_sorted

    def spy(self, part):
        cells.append(len(part) * len(part[0]))
        return real(self, part)

    monkeypatch.setattr(neural.NeuralTagger, "_emissions_sorted", spy)
    together = tagger.emissions(sents)
    assert max(cells) <= max(neural.CELLS, len(long_one)) and len(cells) >= 2
    alone = [tagger.emissions([s])[0] for s in sents]
    assert all(a.shape == b.shape and float(abs(a - b).max()) < 1e-4 for a, b in zip(together, alone, strict=True))
