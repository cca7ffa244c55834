"""Glue for the data flow: ingest → clean → analyse, as one iterator of articles or rejections."""

from __future__ import annotations

import _signal
import itertools
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from functools import lru_cache, partial
from pathlib import Path

from marsad.analyse.pipeline import BATCH_SIZE, Pipeline, default_pipeline
from marsad.clean.cleaner import clean_article
from marsad.config import get_settings
from marsad.ingest.readers import read_paths
from marsad.model import Article, Rejection


class AnalysisTimeout(Exception):
    pass


def one_line(prefix: str, exc: BaseException) -> str:
    """A rejection reason on one line: ``prefix: ExcType: message`` (whitespace collapsed, bounded)."""
    msg = " ".join(str(exc).split())
    return f"{prefix}: {type(exc).__name__}{': ' + msg if msg else ''}"[:300]


def _overran(limit: float) -> AnalysisTimeout:
    return AnalysisTimeout(f"analysis took longer than {limit:g} s (MARSAD_ANALYSIS_TIMEOUT_S)")


class _TimeLimit:
    """The context manager of :func:`time_limit`: a class, not a generator, and the C-level
    ``_signal.signal`` (``signal.signal`` converts the handler it returns to an enum, through an
    exception for a function), since it is entered for every component call of every article."""

    __slots__ = ("armed", "limit", "previous", "seconds")

    def __init__(self, seconds: float, limit: float | None) -> None:
        self.seconds, self.limit = seconds, limit
        self.previous: object = None
        self.armed = False

    def _on_alarm(self, signum: int, frame: object) -> None:
        raise _overran(self.seconds if self.limit is None else self.limit)

    def __enter__(self) -> None:
        if self.seconds <= 0 or not _HAS_ITIMER or threading.current_thread() is not threading.main_thread():
            return
        self.previous = _signal.signal(signal.SIGALRM, self._on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self.armed = True

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            _signal.signal(signal.SIGALRM, self.previous)


_HAS_ITIMER = hasattr(signal, "setitimer")


def time_limit(seconds: float, limit: float | None = None) -> AbstractContextManager[None]:
    """Raise AnalysisTimeout after ``seconds`` (only in a process's main thread, where SIGALRM works),
    naming the article's whole time ``limit`` (default: ``seconds``)."""
    return _TimeLimit(seconds, limit)


def analyse_one(nlp: Pipeline, item: Article) -> Article | Rejection:
    """Run the pipeline on one article within the time limit; any failure becomes a one-line rejection."""
    try:
        with time_limit(get_settings().analysis_timeout_s):
            return nlp(item)
    except Exception as exc:
        return _rejection(item, exc)


def _rejection(item: Article, exc: Exception) -> Rejection:
    """The one-line rejection of an article whose analysis raised ``exc`` (or overran its time)."""
    if isinstance(exc, AnalysisTimeout):
        return Rejection(item.source_path, str(exc))
    return Rejection(item.source_path, one_line("analysis failed", exc))


class _Guard:
    """:func:`analyse_many`'s guard of one component call on the articles ``idx``: the smallest time
    left among them as the limit, the call's time shared among them after (a class, not a generator:
    it is entered for every component call)."""

    __slots__ = ("idx", "limit", "spent", "t0", "timer")

    def __init__(self, spent: list[float], limit: float, idx: list[int]) -> None:
        self.spent, self.limit, self.idx = spent, limit, idx

    def __enter__(self) -> None:
        limit = self.limit
        left = limit - max(self.spent[k] for k in self.idx)
        if limit > 0 and left <= 0:
            raise _overran(limit)
        self.timer = _TimeLimit(left if limit > 0 else 0, limit)
        self.t0 = time.perf_counter()
        self.timer.__enter__()

    def __exit__(self, typ: object, *exc: object) -> None:
        self.timer.__exit__()
        if typ is None:  # a call that raised is repeated or reported: its time is not shared out
            share = (time.perf_counter() - self.t0) / len(self.idx)
            for k in self.idx:
                self.spent[k] += share


def analyse_many(nlp: Pipeline, items: list[Article]) -> list[Article | Rejection]:
    """:func:`analyse_one` for each article, with the pipeline's batch forms (``Pipeline.process``):
    the same results.  Each article has its own time budget; a batch call gets the smallest budget
    left among its articles, and one that overruns is repeated article by article."""
    limit = get_settings().analysis_timeout_s
    spent = [0.0] * len(items)
    # an overrun is raised inside a guarded call: that call's error
    done = nlp.process(items, partial(_Guard, spent, limit))
    return [r if isinstance(r, Article | Rejection) else _rejection(it, r) for it, r in zip(items, done, strict=True)]


def clean_item(item: Article | Rejection) -> Article | Rejection:
    """Clean one read article in place; a cleaner error, an empty or an over-long body becomes a rejection."""
    if isinstance(item, Rejection):
        return item
    try:
        clean_article(item)
    except Exception as exc:  # a cleaner bug must not stop the batch
        return Rejection(item.source_path, one_line("cleaning failed", exc))
    if not item.body.strip():
        return Rejection(item.source_path, "no article text left after cleaning")
    limit = get_settings().max_article_chars
    if len(item.body) > limit:
        return Rejection(item.source_path,
                         f"article too long ({len(item.body)} characters > {limit}; MARSAD_MAX_ARTICLE_CHARS)")
    return item


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | Rejection]:
    """Read and clean every input (files, folders recursively, or ``-`` for stdin)."""
    for item in read_paths(paths):
        yield clean_item(item)


def analyse_paths(paths: Iterable[str | Path], pipeline: Pipeline | None = None) -> Iterator[Article | Rejection]:
    """Read, clean and analyse every input."""
    nlp = pipeline or default_pipeline()
    it = iter_articles(paths)
    while chunk := list(itertools.islice(it, BATCH_SIZE)):
        arts = [a for a in chunk if isinstance(a, Article)]
        done = iter(analyse_many(nlp, arts)) if arts else iter(())
        for item in chunk:
            yield next(done) if isinstance(item, Article) else item


def analyse_file(path: str | Path, pipeline: Pipeline | None = None) -> list[Article]:
    """All articles of one input file, analysed (rejections are dropped)."""
    return [a for a in analyse_paths([path], pipeline) if isinstance(a, Article)]


# --------------------------------------------------------------------------- parallel processing
def process_article(nlp: Pipeline, item: Article, *, clean: bool = True,
                    prepare_store: bool = True) -> Article | Rejection:
    """Everything one article needs before the writer, wherever it runs (a worker process, a Dask
    worker or this process): clean (unless already cleaned), analyse within the time limit, and
    compute the store's derived data (near-duplicate signature, search forms; ``marsad.store.prepare``)."""
    return process_articles(nlp, [item], clean=clean, prepare_store=prepare_store)[0]


def process_articles(nlp: Pipeline, items: list[Article], *, clean: bool = True,
                     prepare_store: bool = True) -> list[Article | Rejection]:
    """:func:`process_article` for each article, analysed together (:func:`analyse_many`)."""
    out: list[Article | Rejection] = [clean_item(it) if clean else it for it in items]
    if nlp.names:
        live = [k for k, r in enumerate(out) if isinstance(r, Article)]
        for k, r in zip(live, analyse_many(nlp, [out[k] for k in live]), strict=True):  # type: ignore[misc]
            out[k] = r
    if prepare_store:
        from marsad.store.prepare import prepare

        for res in out:
            if isinstance(res, Article):
                try:
                    prepare(res)
                except Exception:  # noqa: BLE001 - the writer computes it again (and reports a real error)
                    res.prep = None
    return out


def analyse_parallel(
    paths: Iterable[str | Path], workers: int, names: list[str] | None = None, chunksize: int = 16,
    *, prepare_store: bool = True, max_in_flight: int | None = None,
) -> Iterator[Article | Rejection]:
    """Like :func:`analyse_paths`, on ``workers`` processes (results in input order).

    This process only reads; each worker (models loaded once per worker) cleans, analyses and,
    with ``prepare_store``, computes what the store derives from the text, so the single writer
    only writes.  Batches of ``chunksize`` articles, at most ``max_in_flight`` of them outstanding
    (:func:`marsad.distributed.analyse_items`, the same machinery as ``--incremental`` and Dask).
    """
    if workers <= 1:
        yield from analyse_paths(paths, Pipeline(names) if names is not None else None)
        return
    from marsad.distributed import analyse_items

    yield from analyse_items(read_paths(paths), names=names, workers=workers, batch_size=chunksize,
                             max_in_flight=max_in_flight, clean=True, prepare_store=prepare_store)


@lru_cache(maxsize=8)
def _signature(names: tuple[str, ...]) -> str:
    """Identifies what produced an analysis: package version, components, knowledge and models.

    Stored with each article so that re-running with the same pipeline changes nothing and a
    changed knowledge base or model triggers re-analysis.
    """
    import hashlib

    from marsad import __version__
    from marsad.config import KNOWLEDGE_DIR, MODELS_DIR

    h = hashlib.sha256()
    for folder in (KNOWLEDGE_DIR, MODELS_DIR):
        if folder.is_dir():
            for f in sorted(folder.rglob("*")):
                if f.is_file() and not f.name.startswith("."):
                    h.update(str(f.relative_to(folder)).encode())
                    h.update(hashlib.sha256(f.read_bytes()).digest())
    return f"{__version__}|{','.join(names)}|{h.hexdigest()[:16]}"


def pipeline_signature(names: list[str]) -> str:
    """Identifies what produced an analysis (see :func:`_signature`)."""
    return _signature(tuple(names))
