"""The dask engine: the same extraction, spread over a Dask cluster.

``extractor extract PATHS -o OUT --engine dask [--scheduler tcp://host:port]``

The client (this process) reads the articles as the local engine does (the
same loader, the same doc_id checks, the same errors), cuts them into
partitions (``partition_docs`` articles or ``partition_bytes`` of text,
whichever comes first) and submits each partition to the cluster, where a
worker runs ``extractor.engines.local.process`` on each article: the same
function the local engine runs, so the records are the same.  Results come
back in input order and at most ``2 x the cluster's threads`` partitions are
in flight, so the corpus is never held in memory, on the client or on the
cluster.

Output:

- ``OUT.parts/part-00000.jsonl``, ... : the records of each partition (one
  file per partition, each written atomically; ``cat`` of the parts in order
  is the merged file; with ``resume`` they hold this run's documents only);
- ``OUT``: the merged file, written by ``extractor.engines.local.run`` (same
  atomic ``.partial`` file and rename, same errors file, same summary), so it
  is byte-identical to the local engine's output for the same input.

Only the client reads the inputs and writes the outputs: the workers need
the ``extractor`` package (``pip install .[dask]`` on each) and, with
``--config``, the config file at the same path; they need no shared disk.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes (default:
the machine's cores, one thread each) is started and closed.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from distributed import Client, LocalCluster

from extractor.articles import DEFAULT_MAX_BYTES, Article
from extractor.engines import local
from extractor.engines.local import DocOutput, RunSummary
from extractor.jsonl import AtomicWriter

PARTITION_DOCS = 256
PARTITION_BYTES = 1_000_000  # characters of article text (about 1 s of work per core)

_LOCK = threading.Lock()


class ClusterError(RuntimeError):
    """The cluster could not process a partition (not a bad article: those
    are errors of the run, as with the local engine)."""


def process_partition(items: list, config: Optional[str] = None) -> list[DocOutput]:
    """Runs on a worker: the outputs of a partition's items, in order.  One
    partition at a time per process (the pipeline is not shared between
    threads; the GIL would serialise them anyway)."""
    with _LOCK:
        return [local.process(item, config) for item in items]


def _size(item) -> int:
    return len(item.text) if isinstance(item, Article) else 0


def partitions(items: Iterable, docs: int = PARTITION_DOCS, nbytes: int = PARTITION_BYTES) -> Iterator[list]:
    """Consecutive items in lists of at most ``docs`` items and (unless one
    article alone is larger) ``nbytes`` characters of text."""
    batch: list = []
    size = 0
    for item in items:
        n = _size(item)
        if batch and (len(batch) >= docs or size + n > nbytes):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


class DaskMapper:
    """Items in, DocOutputs out (in input order), computed on a cluster; a
    ``mapper`` for ``extractor.engines.local.run``.  Writes each partition's
    records to ``parts_dir`` (when given)."""

    def __init__(self, client: Client, parts_dir: Optional[Path] = None,
                 partition_docs: int = PARTITION_DOCS, partition_bytes: int = PARTITION_BYTES,
                 in_flight: Optional[int] = None):
        self.client = client
        self.parts_dir = parts_dir
        self.partition_docs = partition_docs
        self.partition_bytes = partition_bytes
        threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight or 2 * threads
        self.parts = 0

    def _finish(self, future) -> list[DocOutput]:
        try:
            outputs = future.result()
        except Exception as e:  # the cluster failed (a worker died, no extractor there)
            raise ClusterError(f"partition {self.parts} failed on the Dask cluster: "
                               f"{type(e).__name__}: {e}") from e
        if self.parts_dir is not None:
            path = self.parts_dir / f"part-{self.parts:05d}.jsonl"
            with AtomicWriter(path) as w:
                for out in outputs:
                    if out.origin != "done":
                        w.write("".join(out.lines))
        self.parts += 1
        return outputs

    def __call__(self, items: Iterable, workers: int = 1, config: Optional[str] = None) -> Iterator[DocOutput]:
        pending: deque = deque()
        try:
            for batch in partitions(items, self.partition_docs, self.partition_bytes):
                pending.append(self.client.submit(process_partition, batch, config, pure=False))
                while len(pending) >= self.in_flight:
                    yield from self._finish(pending.popleft())
            while pending:
                yield from self._finish(pending.popleft())
        finally:
            for f in pending:  # interrupted: drop the work still queued
                f.cancel()


def run(paths: Iterable[str], out: Optional[str], *, config: Optional[str] = None,
        scheduler: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES,
        errors_path: Optional[str] = None, on_error: Optional[Callable[[dict], None]] = None,
        workers: Optional[int] = None, resume: bool = False, progress: bool = False,
        partition_docs: int = PARTITION_DOCS, partition_bytes: int = PARTITION_BYTES,
        client: Optional[Client] = None, inputs=None) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` on a Dask cluster
    (``scheduler``: its address; ``client``: an existing Client; neither: a
    LocalCluster of ``workers`` processes).  Returns the local engine's
    ``RunSummary``; raises ``extractor.engines.local.RunError`` when the run
    cannot start."""
    to_stdout = out in (None, "-")
    parts_dir = None
    if not to_stdout:
        parts_dir = Path(str(out) + ".parts")
        if parts_dir.is_dir():  # the parts of an earlier run
            for p in parts_dir.glob("part-*.jsonl"):
                p.unlink()
        made = not parts_dir.exists()
        parts_dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    own_client = client is None
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            n = workers or os.cpu_count() or 1
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    try:
        mapper = DaskMapper(client, parts_dir, partition_docs, partition_bytes)
        try:
            return local.run(paths, out, config=config, workers=workers or 1, max_bytes=max_bytes,
                             errors_path=errors_path, resume=resume, progress=progress,
                             on_error=on_error, mapper=mapper, inputs=inputs)
        except local.RunError:
            if parts_dir is not None and made and not any(parts_dir.iterdir()):
                parts_dir.rmdir()
            raise
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
