"""Parallel analysis with results in input order: a local process pool or a Dask distributed cluster.

The caller's process reads (and, for ``--incremental``, cleans) and is the single writer to the
store; batches of articles (default 64) go to workers as tasks, which clean them when asked
(``clean=True``: ``ingest``, ``extract`` and :func:`analyse_distributed` send them as read).  Each
worker builds the pipeline once per process (:func:`worker_pipeline`, a module-level cache keyed by
the component names) and sends the analysed articles back.  Results are yielded in exactly the
input order (rejections included), and at most ``max_in_flight`` batches are outstanding at any
time, so memory stays flat however large the input.

Transfer is kept small so that the client stays light: ``raw`` goes to the workers only when they
clean a page whose text is not already in ``meta`` (a ``.txt`` page), and never comes back (the
client keeps it and puts it back), the ``norm`` cache is dropped
and, unless ``keep_tokens``, the token list and the sentence spans (working structures that are
neither stored nor part of the extraction contract: the tokens were ~90% of the pickled size of an
analysed article, the sentences, which copy the body's text, another ~20%) are not sent back.

    from marsad.distributed import analyse_distributed
    for item in analyse_distributed(paths, "tcp://10.0.0.5:8786", names):   # or a dask Client
        ...

``scheduler`` may also be ``"local"`` or ``"local:N"``: an in-process ``LocalCluster`` of N worker
processes (default: the number of cores), closed at the end.
"""

from __future__ import annotations

import copy
import ctypes
import gc
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from marsad.analyse.pipeline import Pipeline, available_pipeline
from marsad.ingest.readers import TEXT_KEY, read_paths
from marsad.model import Article, Rejection

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

DEFAULT_BATCH = 64
# Dask: batches outstanding per worker thread.  The window is consumed in input order, so while the
# client waits on the head batch the other workers must still have queued work: with 2 per thread,
# two one-thread workers sat idle for a whole batch (0.7-1.0 s) in 4 of 8 runs of 2,000 articles.
DASK_WINDOW_PER_THREAD = 4


class _Future(Protocol):
    def result(self) -> Any: ...
    def done(self) -> bool: ...


Submit = Callable[[list[Article]], _Future]

# ------------------------------------------------------------------------------------------------
# worker side
# ------------------------------------------------------------------------------------------------
_PIPELINES: dict[tuple[str, ...], Pipeline] = {}


def worker_pipeline(names: Iterable[str]) -> Pipeline:
    """The pipeline for ``names`` in this process, built once (resources load on first use)."""
    key = tuple(names)
    nlp = _PIPELINES.get(key)
    if nlp is None:
        nlp = _PIPELINES[key] = Pipeline(list(key))
    return nlp


_WARM: set[tuple[str, ...]] = set()
_WARM_LOCK = threading.Lock()


def _warm(names: tuple[str, ...]) -> int:
    """Make this process an analysis worker for ``names``, once: build the pipeline and load its
    resources by analysing a tiny article, freeze them out of the garbage collector
    (:func:`tune_gc`) and set the allocator's thresholds (:func:`tune_malloc`); returns the pid."""
    key = tuple(names)
    with _WARM_LOCK:
        if key not in _WARM:
            nlp = worker_pipeline(key)
            nlp(Article(source_path="<warm-up>", raw="", body="قتل شخص في قصف على مدينة حلب يوم الاثنين."))
            tune_gc()
            tune_malloc()
            _WARM.add(key)
    return os.getpid()


# Python's cyclic garbage collector in a worker: each article's tokens and entities outlive the young
# generation, so full collections came often, and each walked every object of the loaded models,
# knowledge base and caches (~340k objects, ~150 ms a pass: 1.6-1.8 ms per article).  Once a worker
# has loaded them they are moved out of the collector's sight (gc.freeze: they live as long as the
# worker) and the young generation is collected less often.  Reference counting frees everything
# else as before; only cyclic garbage waits longer.  The analysis makes no cyclic garbage (a test
# checks it; a recursive closure in the cue matcher made ~500 objects an article, tokens included,
# until session 14), so the collector only re-reads live objects: it runs rarer still.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Freeze what is loaded now and collect less often (for a long-lived analysis process)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# glibc's allocator: a worker's NER arrays (hundreds of KiB to a few MiB a batch) are allocated and
# freed again for every batch.  By default glibc raises its mmap threshold to the largest such block
# freed (up to 32 MiB) and trims the heap above twice that, so they are reused from the heap.  Dask's
# nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also pins the mmap threshold at
# 128 KiB: each of those arrays was then mapped, its pages faulted in and zeroed, and unmapped again,
# for every batch (one process with that variable: 8.87 against 8.30 ms of CPU per article without
# it; with it and both thresholds set back to glibc's dynamic maxima, 8.00).  Values: glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64 bits, 2x.
MALLOC_MMAP_THRESHOLD = 32 * 1024 * 1024
MALLOC_TRIM_THRESHOLD = 2 * MALLOC_MMAP_THRESHOLD
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def tune_malloc() -> bool:
    """Set glibc's mmap and trim thresholds for an analysis worker (see above); False where the C
    library has no ``mallopt`` (not glibc)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, MALLOC_TRIM_THRESHOLD))


def analyse_batch(articles: list[Article], names: tuple[str, ...], keep_tokens: bool = False, *,
                  clean: bool = False, prepare_store: bool = True, warm: bool = False) -> list[Article | Rejection]:
    """A worker's batch (:func:`marsad.runner.process_article` on each: cleaned first when ``clean``,
    i.e. the articles come straight from the readers); an article that fails becomes a rejection.
    Results go back without ``raw`` (the client kept it), the ``norm`` cache and, unless
    ``keep_tokens``, the tokens and sentences.  ``warm``: this process is a worker of its own
    (a Dask worker, which may join after :func:`warm_up`): :func:`_warm` it first, once."""
    from marsad.runner import process_articles

    if warm and names not in _WARM:
        _warm(names)
    nlp = worker_pipeline(names)
    out = process_articles(nlp, articles, clean=clean, prepare_store=prepare_store)
    for res in out:
        if isinstance(res, Article):
            res.__dict__.pop("norm", None)  # cached_property: recomputed on demand
            res.raw = ""
            if not keep_tokens:
                res.tokens, res.sentences = [], []
    return out


def _init_process(names: tuple[str, ...]) -> None:
    import marsad.store.prepare  # noqa: F401 - imported once here, not on the first article

    _warm(names)  # resources loaded before the first batch, then frozen out of the collector


# ------------------------------------------------------------------------------------------------
# client side: ordered, bounded window of batches
# ------------------------------------------------------------------------------------------------
def _for_transfer(art: Article, keep_raw: bool = False) -> Article:
    """A shallow copy without the ``norm`` cache, with its own result lists, and without ``raw``
    unless the worker cleans and the cleaner needs it: a JSONL record or an HTML page carries its
    text in ``meta`` (``TEXT_KEY``), which is all the cleaner reads, so its raw input (about the
    same size again) stays here."""
    c = copy.copy(art)
    c.__dict__.pop("norm", None)
    if not keep_raw or isinstance(art.meta.get(TEXT_KEY), str):
        c.raw = ""
    c.sentences, c.tokens = list(art.sentences), list(art.tokens)
    c.entities, c.relations, c.events = list(art.entities), list(art.relations), list(art.events)
    return c


def _merge(orig: Article, result: Article | Rejection) -> Article | Rejection:
    """Put a worker's result into the client's article object (which kept ``raw``)."""
    if isinstance(result, Rejection):
        return result
    raw = orig.raw
    orig.__dict__.update(result.__dict__)
    orig.raw = raw
    return orig


def taper_sizes(n: int, batch_size: int, workers: int) -> list[int]:
    """Sizes of the batches that carry the last ``n`` articles: guided self-scheduling (each batch
    takes ``1 / (2 * workers)`` of what is left, at least ``batch_size // 16``, at most ``batch_size``),
    so that the workers finish within a small batch of each other instead of one full batch."""
    floor = max(1, batch_size // 16)
    sizes: list[int] = []
    while n > 0:
        size = min(n, max(floor, min(batch_size, -(-n // (2 * max(1, workers))))))
        sizes.append(size)
        n -= size
    return sizes


def ordered_analyse(
    pairs: Iterable[tuple[Any, Any]], submit: Submit, batch_size: int = DEFAULT_BATCH, max_in_flight: int = 4,
    *, keep_raw: bool = False, workers: int = 1,
) -> Iterator[tuple[Any, Any]]:
    """Analyse the :class:`Article` items of ``(item, tag)`` pairs in batches, yielding ``(result, tag)``
    in input order.

    Items that are not articles (rejections, markers) never leave this process; they are yielded in
    their place.  ``submit(articles)`` returns a future of the analysed list; at most
    ``max_in_flight`` futures are outstanding, and finished batches at the head are yielded as
    soon as they are ready.  ``keep_raw``: send ``raw`` along (the workers clean).

    ``workers > 1``: the input is read ``workers`` batches ahead of what is submitted, and when it
    ends those last articles go out in shrinking batches (:func:`taper_sizes`), so no worker idles
    while another finishes a full batch: the end of a run of 300 articles on 2 workers no longer
    waits for 64 articles on one of them.
    """
    # window entries: (chunk of [item, tag] lists, indexes of the articles in it, future or None)
    window: deque[tuple[list[list[Any]], list[int], _Future | None]] = deque()
    in_flight = 0
    max_in_flight = max(1, max_in_flight)
    lookahead = batch_size * workers if workers > 1 else 0
    ready: deque[tuple[list[list[Any]], list[int]]] = deque()  # formed but not yet submitted
    ready_articles = 0

    def pop_head() -> Iterator[tuple[Any, Any]]:
        nonlocal in_flight
        chunk, idx, fut = window.popleft()
        if fut is not None:
            in_flight -= 1
            try:
                results = fut.result()
            except Exception as exc:  # a lost batch (e.g. a worker killed too often) rejects its articles
                results = [Rejection(chunk[i][0].source_path, f"analysis failed: {type(exc).__name__}: {exc}")
                           for i in idx]
            for i, res in zip(idx, results, strict=True):
                chunk[i][0] = _merge(chunk[i][0], res)
        yield from ((item, tag) for item, tag in chunk)

    def flush(chunk: list[list[Any]], idx: list[int]) -> Iterator[tuple[Any, Any]]:
        nonlocal in_flight
        fut = None
        if idx:
            fut = submit([_for_transfer(chunk[i][0], keep_raw) for i in idx])
            in_flight += 1
        window.append((chunk, idx, fut))
        while window and (window[0][2] is None or window[0][2].done()):
            yield from pop_head()
        while in_flight >= max_in_flight:
            yield from pop_head()

    chunk: list[list[Any]] = []
    idx: list[int] = []
    for item, tag in pairs:
        if isinstance(item, Article):
            idx.append(len(chunk))
        chunk.append([item, tag])
        if len(idx) >= batch_size or len(chunk) >= 8 * batch_size:
            ready.append((chunk, idx))
            ready_articles += len(idx)
            chunk, idx = [], []
            # a head without articles (rejections only) has nothing to taper: it goes at once
            while ready and (not ready[0][1] or ready_articles - len(ready[0][1]) >= lookahead):
                head, head_idx = ready.popleft()
                ready_articles -= len(head_idx)
                yield from flush(head, head_idx)
    if lookahead:
        rest = [pair for part, _ in ready for pair in part] + chunk
        ready.clear()
        sizes = deque(taper_sizes(ready_articles + len(idx), batch_size, workers))
        chunk, idx = [], []
        for pair in rest:
            if isinstance(pair[0], Article):
                if len(idx) == sizes[0]:
                    sizes.popleft()
                    ready.append((chunk, idx))
                    chunk, idx = [], []
                idx.append(len(chunk))
            chunk.append(pair)
    for part, part_idx in ready:
        yield from flush(part, part_idx)
    if chunk:
        yield from flush(chunk, idx)
    while window:
        yield from pop_head()


@contextmanager
def _collect_less() -> Iterator[None]:
    """The client holds thousands of analysed articles in flight and unpickles many small objects:
    its collector runs less often while workers analyse (:data:`GC_THRESHOLDS`; local pool: parent
    CPU 1.18 -> 1.07 ms per article, 5,000 records; Dask client with 2 workers: 0.47-0.54 -> 0.42-0.44
    ms, 4,000 records)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _names(names: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(available_pipeline() if names is None else names)


# ------------------------------------------------------------------------------------------------
# executors
# ------------------------------------------------------------------------------------------------
# Dask settings of the local cluster Marsad starts itself (``local``/``local:N``).  Its tasks are
# batches that run for seconds, so Dask's interactive defaults only cost CPU that the analysis
# needs: the event-loop watchdog ticks every 20 ms in each process, the nanny polls its worker's
# memory every 100 ms and the system monitor samples every 500 ms.  Idle, a 2-worker cluster used
# 5.7% of one core with the defaults and 3.1% with these (10 s, psutil, all processes).  The worker
# profiler (a thread sampling the compute thread's stack every 10 ms) feeds only the dashboard,
# which this cluster does not serve.  Memory limits still apply, checked once a second.
# A cluster given by address keeps its operator's settings.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
}


@contextmanager
def local_cluster(n_workers: int | None = None, **kwargs: Any) -> Iterator[Client]:
    """A client of a new ``LocalCluster`` of ``n_workers`` one-thread worker processes (default:
    the number of cores) with :data:`LOCAL_CLUSTER_CONFIG`; closed on exit.  ``kwargs`` go to
    ``LocalCluster`` (``host="127.0.0.1"`` …)."""
    import dask
    from distributed import Client, LocalCluster

    opts: dict[str, Any] = {"threads_per_worker": 1, "processes": True, "dashboard_address": None, **kwargs}
    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            LocalCluster(n_workers=n_workers or os.cpu_count() or 1, **opts) as cluster, Client(cluster) as client:
        yield client


@contextmanager
def dask_client(scheduler: str | Client) -> Iterator[Client]:
    """A connected Dask client: the given one, one for a ``tcp://HOST:PORT`` address, or a
    :func:`local_cluster` for ``local``/``local:N`` (those two are closed on exit)."""
    from distributed import Client

    if isinstance(scheduler, Client):
        yield scheduler
        return
    spec = scheduler.strip()
    if spec == "local" or spec.startswith("local:"):
        with local_cluster(int(spec.split(":", 1)[1]) if ":" in spec else None) as client:
            yield client
        return
    with Client(spec) as client:
        yield client


def warm_up(client: Client, names: Iterable[str] | None = None) -> list[int]:
    """Load the pipeline on every worker now (instead of on its first batch); returns worker pids."""
    return list(client.run(_warm, _names(names)).values())


def _cluster_threads(client: Client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # pragma: no cover - scheduler without workers yet
        return 1


def dask_window(client: Client) -> int:
    """Default number of batches outstanding on a Dask cluster: ``DASK_WINDOW_PER_THREAD`` per worker thread."""
    return DASK_WINDOW_PER_THREAD * _cluster_threads(client)


def analyse_tagged(
    pairs: Iterable[tuple[Any, Any]], *, names: Iterable[str] | None = None, workers: int = 1,
    scheduler: str | Client | None = None, batch_size: int = DEFAULT_BATCH, max_in_flight: int | None = None,
    keep_tokens: bool = False, clean: bool = False, prepare_store: bool = True,
) -> Iterator[tuple[Any, Any]]:
    """Analyse ``(item, tag)`` pairs in input order: on a Dask cluster when ``scheduler`` is given,
    else on ``workers`` local processes (in this process when ``workers <= 1``).

    ``clean``: the articles come straight from the readers and are cleaned where they are analysed.
    ``prepare_store``: workers also compute the store's derived data (not done in this process:
    the writer does it there).  Local processes keep up to ``max_in_flight`` batches outstanding
    (default: ~2,000 articles, so the workers go on while the writer stores a batch)."""
    key = _names(names)
    if scheduler is not None:
        with dask_client(scheduler) as client, _collect_less():
            def submit(arts: list[Article]) -> _Future:
                return client.submit(analyse_batch, arts, key, keep_tokens, clean=clean,
                                     prepare_store=prepare_store, warm=True, pure=False)

            threads = _cluster_threads(client)  # one scheduler round trip
            limit = max_in_flight or DASK_WINDOW_PER_THREAD * threads
            yield from ordered_analyse(pairs, submit, batch_size, limit, keep_raw=clean, workers=threads)
        return
    if workers <= 1:
        from marsad.runner import process_article

        nlp = worker_pipeline(key)
        for item, tag in pairs:  # one by one: a crash while reading loses nothing already analysed
            if isinstance(item, Article):
                item = process_article(nlp, item, clean=clean, prepare_store=False)
            yield item, tag
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
    limit = max_in_flight or max(2 * workers, 2048 // max(1, batch_size))
    with _collect_less(), \
            ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_process, initargs=(key,)) as pool:
        def submit_local(arts: list[Article]) -> _Future:
            return pool.submit(analyse_batch, arts, key, keep_tokens, clean=clean, prepare_store=prepare_store)

        yield from ordered_analyse(pairs, submit_local, batch_size, limit, keep_raw=clean, workers=workers)


def analyse_items(items: Iterable[Article | Rejection], **kwargs: Any) -> Iterator[Article | Rejection]:
    """Analyse already-read items in input order (keyword arguments as :func:`analyse_tagged`)."""
    for item, _ in analyse_tagged(((it, None) for it in items), **kwargs):
        yield item


def analyse_distributed(
    paths: Iterable[str | Path], scheduler: str | Client, names: Iterable[str] | None = None,
    batch_size: int = DEFAULT_BATCH, max_in_flight: int | None = None, keep_tokens: bool = False,
) -> Iterator[Article | Rejection]:
    """Read ``paths`` here; clean and analyse on the Dask cluster ``scheduler``; results in input order.

    ``scheduler``: a ``tcp://HOST:PORT`` address, a ``distributed.Client``, or ``local[:N]``.
    At most ``max_in_flight`` batches (default: :func:`dask_window`, four per worker thread) are outstanding.
    """
    yield from analyse_items(read_paths(paths), names=names, scheduler=scheduler, batch_size=batch_size,
                             max_in_flight=max_in_flight, keep_tokens=keep_tokens, clean=True)


__all__ = [
    "analyse_batch", "analyse_distributed", "analyse_items", "analyse_tagged", "dask_client", "dask_window",
    "local_cluster", "ordered_analyse", "taper_sizes", "warm_up", "worker_pipeline",
]
