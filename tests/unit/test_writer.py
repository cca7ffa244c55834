"""The background writer (marsad.store.writer): ordered saves off the caller's thread."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from marsad.model import Article
from marsad.store.db import SaveResult, Store
from marsad.store.models import ArticleRow
from marsad.store.writer import BackgroundWriter


class FakeStore:
    """Records the batches it is asked to save, in the writer thread; optionally slow or failing."""

    def __init__(self, delay: float = 0.0, fail_on: int | None = None, gate: threading.Event | None = None):
        self.saved: list[list[str]] = []
        self.threads: set[str] = set()
        self.delay, self.fail_on, self.gate = delay, fail_on, gate
        self.calls = 0

    def save(self, articles, analysed_with, *, in_transaction=None):  # noqa: ANN001 - Store.save's signature
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        if self.gate is not None:
            self.gate.wait(5)
        time.sleep(self.delay)
        if self.fail_on == self.calls:
            raise RuntimeError("disk full")
        self.saved.append([a.source_path for a in articles])
        if in_transaction is not None:
            in_transaction(None)
        return SaveResult(inserted=len(articles), ids=[a.source_path for a in articles])


def _arts(prefix: str, n: int) -> list[Article]:
    return [Article(source_path=f"{prefix}{i}", raw="", body=f"نص {prefix} {i}") for i in range(n)]


def test_batches_are_saved_in_order_and_results_come_back_in_the_callers_thread():
    store = FakeStore(delay=0.01)
    done: list[tuple[int, str]] = []
    with BackgroundWriter(store, "sig", depth=2) as w:  # type: ignore[arg-type]
        batch: list[Article] = []
        for k in range(6):
            batch.extend(_arts(f"b{k}-", 3))
            w.submit(batch, on_done=lambda res, k=k: done.append((k, threading.current_thread().name)))
            batch.clear()  # the writer copied it
    assert store.saved == [[f"b{k}-{i}" for i in range(3)] for k in range(6)]
    assert [k for k, _ in done] == list(range(6))
    assert {t for _, t in done} == {threading.current_thread().name}
    assert all(t.startswith("marsad-writer") for t in store.threads)


def test_submit_returns_while_the_previous_batch_is_still_being_written():
    gate = threading.Event()
    store = FakeStore(gate=gate)
    w = BackgroundWriter(store, "sig", depth=1)  # type: ignore[arg-type]
    w.submit(_arts("a", 2))
    # had submit waited for the save, the gate would have timed out and the batch would be saved
    assert store.saved == [] and not gate.is_set()
    gate.set()
    w.close()
    assert store.saved == [["a0", "a1"]]


def test_a_failed_save_re_raises_in_the_caller_and_later_batches_are_not_written():
    store = FakeStore(fail_on=2)
    with pytest.raises(RuntimeError, match="disk full"):
        with BackgroundWriter(store, "sig", depth=0) as w:  # type: ignore[arg-type]
            for k in range(4):
                w.submit(_arts(f"b{k}-", 1))
    assert store.saved == [["b0-0"]]


def test_an_exception_in_the_caller_finishes_the_batch_in_flight_and_drops_the_queued_ones():
    gate = threading.Event()
    store = FakeStore(gate=gate)
    marks: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with BackgroundWriter(store, "sig", depth=5) as w:  # type: ignore[arg-type]
            w.submit(_arts("first", 1), in_transaction=lambda conn: marks.append("first"))
            w.submit(_arts("second", 1), in_transaction=lambda conn: marks.append("second"))
            threading.Timer(0.2, gate.set).start()
            raise KeyboardInterrupt
    assert store.saved == [["first0"]] and marks == ["first"]


def test_real_store_same_rows_as_inline_saves(tmp_path):
    arts = _arts("x", 30)
    inline = Store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    for i in range(0, 30, 7):
        inline.save(arts[i:i + 7], "sig")
    bg = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    results: list[SaveResult] = []
    with BackgroundWriter(bg, "sig") as w:
        for i in range(0, 30, 7):
            w.submit(arts[i:i + 7], on_done=results.append)
    q = select(ArticleRow.id, ArticleRow.group_id, ArticleRow.body).order_by(ArticleRow.id)
    with inline.engine.connect() as a, bg.engine.connect() as b:
        assert a.execute(q).all() == b.execute(q).all()
        assert b.execute(select(func.count()).select_from(ArticleRow)).scalar() == 30
    assert sum(r.inserted for r in results) == 30
    inline.close()
    bg.close()
