"""The single writer, in a background thread: ``Store.save`` overlaps with reading and dispatching.

Ingest is a pipeline: the caller's process reads, hands articles to the workers, collects their
results in input order and writes them.  Written inline, every ``Store.save`` stalls the rest of
that pipeline (no reading, no new tasks, idle workers).  :class:`BackgroundWriter` runs the saves
in one thread instead; SQLite (and psycopg) release the GIL while they work, so the caller goes on
collecting the next batch meanwhile.

- Batches are written one at a time, in submission order (one thread), so the store sees exactly
  the same sequence of transactions as before: same ids, same near-duplicate groups, same fusion.
- At most ``depth`` batches wait behind the one being written (memory stays bounded; the caller
  blocks when the writer falls behind).
- Results are handed back in order, in the caller's thread: ``on_done(result)`` runs in
  :meth:`submit` / :meth:`close`, never in the writer thread, so progress bars and summaries are
  updated where they always were.
- A failed save re-raises in the caller (at the next ``submit`` or at ``close``).  On an exception in
  the caller (Ctrl-C included) the batch being written is finished (its transaction commits as a
  whole, with any ``in_transaction`` bookkeeping) and the batches not yet started are dropped:
  nothing half-written, and a resumable ingest redoes the dropped ones.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any

from marsad.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection

    from marsad.store.db import SaveResult, Store

OnDone = Callable[["SaveResult"], None]


class BackgroundWriter:
    """``Store.save`` in one background thread, batches in order (use as a context manager)."""

    def __init__(self, store: Store, analysed_with: str, *, depth: int = 1):
        self.store = store
        self.analysed_with = analysed_with
        self.depth = max(0, depth)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="marsad-writer")
        self._pending: deque[tuple[Future[SaveResult], OnDone | None]] = deque()

    def submit(self, articles: Sequence[Article], *, in_transaction: Callable[[Connection], None] | None = None,
               on_done: OnDone | None = None) -> None:
        """Queue one batch (copied: the caller may reuse its list); blocks while ``depth`` batches wait."""
        fut = self._pool.submit(self.store.save, list(articles), self.analysed_with, in_transaction=in_transaction)
        self._pending.append((fut, on_done))
        while len(self._pending) > self.depth:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        fut, on_done = self._pending.popleft()
        res = fut.result()  # re-raises the writer's exception here, in the caller
        if on_done is not None:
            on_done(res)

    def close(self) -> None:
        """Wait for every queued batch (their ``on_done`` run in order) and stop the thread."""
        try:
            while self._pending:
                self._finish_oldest()
        finally:
            self.abort()

    def abort(self) -> None:
        """Drop the batches not started; the one being written finishes (whole transaction)."""
        for fut, _ in self._pending:
            fut.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Any:
        if exc_type is None:
            self.close()
        else:
            self.abort()
        return False
