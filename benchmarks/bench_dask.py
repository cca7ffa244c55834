"""Speed-up of the extraction stage on a Dask LocalCluster (loopback): 1 worker vs 2 workers.

Prints figures; not a test.  For each configuration the client (this process, which also hosts the
scheduler) reads and cleans the sample, submits batches and receives the analysed articles in
input order; workers (one process, one thread each) are warmed up first so model loading is not
timed.  The cluster is the one ``marsad ingest --scheduler local:N`` starts (``local_cluster``, with
Marsad's batch-job Dask settings; ``--stock-dask``: Dask's defaults).  Also shown: the same work in
this process without Dask (the floor), and the CPU time the client process used (reading, cleaning,
(de)serialising, scheduling): the speed-up can only approach 2x when the client's share is small and
two cores are actually free.

    python benchmarks/bench_dask.py --limit 2000 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scaling import pipeline_names, write_sample  # noqa: E402


def _consume(it) -> tuple[int, int]:
    from marsad.model import Article

    n = rej = 0
    for item in it:
        if isinstance(item, Article):
            n += 1
        else:
            rej += 1
    return n, rej


def run_inprocess(sample: Path, names: list[str]) -> dict:
    from marsad.distributed import analyse_items, worker_pipeline
    from marsad.model import Article
    from marsad.runner import iter_articles

    worker_pipeline(names)(Article(source_path="warm", raw="", body="قتل شخص في قصف على مدينة حلب."))
    c0, t0 = time.process_time(), time.perf_counter()
    n, rej = _consume(analyse_items(iter_articles([str(sample)]), names=names))
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"config": "in-process (no Dask)", "articles": n, "rejected": rej, "seconds": dt,
            "client_cpu_s": cpu, "worker_cpu_s": cpu}


@contextmanager
def stock_cluster(n_workers: int) -> Iterator[Any]:
    """A LocalCluster with Dask's default settings (``--stock-dask``), for comparison."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def run_cluster(sample: Path, names: list[str], n_workers: int, batch: int, stock: bool = False) -> dict:
    from marsad.distributed import analyse_distributed, local_cluster, warm_up

    cm = stock_cluster(n_workers) if stock else local_cluster(n_workers, host="127.0.0.1")
    with cm as client:
        warm_up(client, names)
        w0 = client.run(time.process_time)
        c0, t0 = time.process_time(), time.perf_counter()
        n, rej = _consume(analyse_distributed([str(sample)], client, names, batch_size=batch))
        dt = time.perf_counter() - t0
        cpu = time.process_time() - c0
        w1 = client.run(time.process_time)
    return {"config": f"{'stock ' if stock else ''}LocalCluster {n_workers} worker(s)", "articles": n, "rejected": rej, "seconds": dt,
            "client_cpu_s": cpu, "worker_cpu_s": sum(w1[k] - w0[k] for k in w1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000, help="corpus records")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--pipeline", default=None)
    ap.add_argument("--stock-dask", action="store_true",
                    help="Dask's default settings instead of Marsad's local cluster (LOCAL_CLUSTER_CONFIG)")
    args = ap.parse_args()
    names = pipeline_names(args.pipeline)
    print(f"pipeline: {','.join(names)}; cores: {os.cpu_count()}; load average: {os.getloadavg()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmpd:
        sample = write_sample(args.limit, Path(tmpd) / "sample.jsonl")
        for r in range(args.repeat):
            rows.append(run_inprocess(sample, names))
            for n in (1, 2):
                rows.append(run_cluster(sample, names, n, args.batch, args.stock_dask))
            print(f"round {r + 1} done; load average {os.getloadavg()}", file=sys.stderr)
    print(f"{'configuration':<24}{'articles':>9}{'seconds':>9}{'art/s':>8}{'client CPU s':>14}{'analysis CPU s':>16}")
    for r in rows:
        print(f"{r['config']:<24}{r['articles']:>9}{r['seconds']:>9.1f}{r['articles'] / r['seconds']:>8.1f}"
              f"{r['client_cpu_s']:>14.1f}{r['worker_cpu_s']:>16.1f}")
    ups = []
    for r in range(args.repeat):
        one, two = rows[3 * r + 1], rows[3 * r + 2]
        ups.append(one["seconds"] / two["seconds"])
        print(f"round {r + 1}: speed-up 2 vs 1 worker = {ups[-1]:.2f}x; "
              f"client CPU = {100 * two['client_cpu_s'] / two['seconds']:.0f}% of one core; cores actually "
              f"used by the 2 workers = {two['worker_cpu_s'] / two['seconds']:.2f} (1 worker: "
              f"{one['worker_cpu_s'] / one['seconds']:.2f}); analysis CPU 2 vs 1 worker = "
              f"{100 * (two['worker_cpu_s'] / one['worker_cpu_s'] - 1):+.1f}%")
    if len(ups) > 1:
        # one round is noisy on a shared 2-core VM (the 1-worker time alone moves by +-4%)
        print(f"speed-up over {len(ups)} rounds: mean {statistics.mean(ups):.2f}x, median "
              f"{statistics.median(ups):.2f}x, range {min(ups):.2f}-{max(ups):.2f}x")


if __name__ == "__main__":
    main()
