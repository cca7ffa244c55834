"""Basic components: sentence splitting and tokenisation."""

from __future__ import annotations

from marsad.analyse.pipeline import Resources, component
from marsad.model import Article
from marsad.text.tokens import split_sentences, tokenize


@component("sentences")
def sentences(article: Article, res: Resources) -> None:
    article.sentences = split_sentences(article.body)


@component("tokens")
def tokens(article: Article, res: Resources) -> None:
    article.tokens = tokenize(article.body)
