"""The analysis pipeline: small ordered components around one :class:`~marsad.model.Article`.

Modelled on spaCy's ``Language``: components are registered by name with :func:`component`,
the pipeline is a list of names (config over code), and heavy resources (knowledge base,
gazetteer, NER model) are loaded once per process into a shared :class:`Resources` object.

A component is ``fn(article: Article, res: Resources) -> None`` and adds to the article in place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from marsad.model import Article

Component = Callable[[Article, "Resources"], None]
_REGISTRY: dict[str, Component] = {}

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


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide default pipeline (resources loaded once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT
