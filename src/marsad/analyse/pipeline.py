"""The analysis pipeline: small ordered components around one :class:`~marsad.model.Article`.

Modelled on spaCy's ``Language``: components are registered by name with :func:`component`,
the pipeline is a list of names (config over code), and heavy resources (knowledge base,
gazetteer, NER model) are loaded once per process into a shared :class:`Resources` object.

A component is ``fn(article: Article, res: Resources) -> None`` and adds to the article in place.
A component may also register a *batch form* (:func:`batch_form`, like a spaCy component's
``pipe``): ``fn(articles: list[Article], res) -> None`` doing for several articles at once exactly
what the component does for each (the NER tagger runs its recurrent network over the sentences of
several articles in one pass).  :meth:`Pipeline.process` uses batch forms; calling the pipeline on
one article never does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from marsad.model import Article

Component = Callable[[Article, "Resources"], None]
BatchComponent = Callable[[list[Article], "Resources"], None]
_REGISTRY: dict[str, Component] = {}
_BATCH_FORMS: dict[str, BatchComponent] = {}
# articles per batch-form call: the NER network's time per article is lowest at 4-8 (measured:
# 3.5 ms alone, 1.4 ms in batches of 4-8, 1.7 ms in batches of 32, where padding and memory cost)
BATCH_SIZE = 8

# modules that register components when imported (import order does not matter)
COMPONENT_MODULES: tuple[str, ...] = (
    "marsad.analyse.basic",
    "marsad.analyse.matcher",
    "marsad.analyse.geocode",
    "marsad.analyse.ner",
    "marsad.analyse.linker",
    "marsad.analyse.dates",
    "marsad.analyse.relations",
    "marsad.analyse.events",
)

# the default order; names whose module is not importable yet are skipped by ``available_pipeline``
DEFAULT_PIPELINE: tuple[str, ...] = (
    "sentences", "tokens",
    "kb_entities", "places", "ner", "link",
    "dates", "relations", "events",
)


def component(name: str) -> Callable[[Component], Component]:
    """Register ``fn`` as the pipeline component ``name``."""

    def deco(fn: Component) -> Component:
        _REGISTRY[name] = fn
        return fn

    return deco


def batch_form(name: str) -> Callable[[BatchComponent], BatchComponent]:
    """Register ``fn`` as the batch form of the component ``name``: the same result for each article
    as the component's own call, for several articles at once.  It changes the articles only once all
    its work has succeeded: a batch call that fails is repeated article by article."""

    def deco(fn: BatchComponent) -> BatchComponent:
        _BATCH_FORMS[name] = fn
        return fn

    return deco


@dataclass
class Resources:
    """Lazily loaded, process-wide resources shared by components."""

    cache: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, loader: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]


def _load_modules() -> None:
    for mod in COMPONENT_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage not built yet is simply absent
            if exc.name != mod:
                raise


def registered() -> dict[str, Component]:
    _load_modules()
    return dict(_REGISTRY)


def available_pipeline(names: Iterable[str] = DEFAULT_PIPELINE) -> list[str]:
    reg = registered()
    return [n for n in names if n in reg]


class Pipeline:
    """An ordered list of components applied to each article."""

    def __init__(self, names: Iterable[str] | None = None, resources: Resources | None = None):
        reg = registered()
        self.names = list(names) if names is not None else available_pipeline()
        unknown = [n for n in self.names if n not in reg]
        if unknown:
            raise ValueError(f"unknown pipeline component(s): {', '.join(unknown)}")
        self.components = [(n, reg[n]) for n in self.names]
        self.resources = resources or Resources()

    def __call__(self, article: Article) -> Article:
        for _name, fn in self.components:
            fn(article, self.resources)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for art in articles:
            yield self(art)

    def process(self, articles: list[Article],
                guard: Callable[[list[int]], AbstractContextManager[None]] | None = None) -> list[Article | Exception]:
        """Every article through every component, in batches of :data:`BATCH_SIZE` where a component
        has a batch form; each article's result, or the exception that stopped it (the others go on).

        ``guard(indices)`` (optional) wraps each call with the indices of the articles it works on, so
        that the caller can bound their time (``marsad.runner``: the per-article time limit).  A
        batch call that fails is repeated article by article, so that only the article at fault fails.
        """
        out: list[Article | Exception] = list(articles)

        def call(idx: list[int], fn: Callable[[Any, Resources], None], arg: Any) -> Exception | None:
            try:
                if guard is None:
                    fn(arg, self.resources)
                else:
                    with guard(idx):
                        fn(arg, self.resources)
            except Exception as exc:  # noqa: BLE001 - reported per article by the caller
                return exc
            return None

        for name, fn in self.components:
            live = [k for k, a in enumerate(out) if isinstance(a, Article)]
            many = _BATCH_FORMS.get(name)
            step = BATCH_SIZE if many is not None else 1
            for lo in range(0, len(live), step):
                part = live[lo:lo + step]
                if many is not None and len(part) > 1 and call(part, many, [out[k] for k in part]) is None:
                    continue
                for k in part:
                    err = call([k], fn, out[k])
                    if err is not None:
                        out[k] = err
        return out


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide default pipeline (resources loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
