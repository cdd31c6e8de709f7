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
  file per partition, each written atomically by the run's writer:
  ``part-*.parquet`` with ``-o OUT.parquet``, a partitioned Parquet dataset
  that ``pyarrow.dataset``, pandas and DuckDB read as one table; ``cat`` of
  JSONL parts in order is the merged file; with ``resume`` they hold this
  run's documents only);
- ``OUT``: the merged file, written by ``extractor.engines.local.run`` (same
  atomic ``.partial`` file and rename, same errors file, same summary), so it
  is byte-identical to the local engine's output for the same input.

Only the client reads the inputs and writes the outputs: the workers need
the ``extractor`` package (``pip install .[dask]`` on each) and, with
``--config``, the config file at the same path; they need no shared disk.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes (default:
the machine's cores, one thread each) is started and closed.  The pipeline
is built on the client first (a bad config fails before the cluster
starts); when no worker is there (none joined, or all died) for
``worker_timeout`` seconds (default 60), the run stops with a message
instead of waiting forever.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from distributed import Client, LocalCluster

try:
    from dask.distributed import TimeoutError as DaskTimeoutError
except ImportError:  # pragma: no cover
    DaskTimeoutError = TimeoutError

from extractor.articles import DEFAULT_MAX_BYTES, Article
from extractor.engines import local
from extractor.engines.local import DocOutput, RunSummary
from extractor.writers import WRITERS, write_file

PARTITION_DOCS = 256
PARTITION_BYTES = 1_000_000  # characters of article text (about 1 s of work per core)

WORKER_TIMEOUT = 60.0  # seconds without any worker before the run stops

_LOCK = threading.Lock()


class ClusterError(RuntimeError):
    """The cluster could not process a partition (not a bad article: those
    are errors of the run, as with the local engine)."""


def process_partition(items: list, config: Optional[str] = None, fmt: str = "jsonl") -> list[DocOutput]:
    """Runs on a worker: the outputs of a partition's items, in order.  One
    partition at a time per process (the pipeline is not shared between
    threads; the GIL would serialise them anyway)."""
    with _LOCK:
        return [local.process(item, config, fmt) for item in items]


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
                 in_flight: Optional[int] = None, worker_timeout: float = WORKER_TIMEOUT):
        self.client = client
        self.worker_timeout = worker_timeout
        self.fmt = "jsonl"
        self.parts_dir = parts_dir
        self.partition_docs = partition_docs
        self.partition_bytes = partition_bytes
        threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight or 2 * threads
        self.parts = 0

    def _result(self, future):
        """The future's result; ClusterError when no worker has been there
        for ``worker_timeout`` seconds (instead of waiting forever)."""
        alone_since = None
        while True:
            try:
                return future.result(timeout=1.0)
            except (DaskTimeoutError, TimeoutError):
                pass
            if self.client.nthreads():
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > self.worker_timeout:
                raise ClusterError(f"no Dask worker for {self.worker_timeout:g} s (partition {self.parts} "
                                   f"waiting); start workers or use --engine local") from None

    def _finish(self, future) -> list[DocOutput]:
        try:
            outputs = self._result(future)
        except ClusterError:
            raise
        except Exception as e:  # the cluster failed (a worker died, no extractor there)
            raise ClusterError(f"partition {self.parts} failed on the Dask cluster: "
                               f"{type(e).__name__}: {e}") from e
        if self.parts_dir is not None:
            suffix = WRITERS[self.fmt].suffixes[0]
            rows = (row for out in outputs if out.origin != "done" for row in out.rows)
            write_file(self.parts_dir / f"part-{self.parts:05d}{suffix}", rows, self.fmt, encoded=True)
        self.parts += 1
        return outputs

    def __call__(self, items: Iterable, workers: int = 1, config: Optional[str] = None,
                 fmt: str = "jsonl") -> Iterator[DocOutput]:
        self.fmt = fmt
        pending: deque = deque()
        try:
            for batch in partitions(items, self.partition_docs, self.partition_bytes):
                pending.append(self.client.submit(process_partition, batch, config, fmt, pure=False))
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
        client: Optional[Client] = None, fmt: Optional[str] = None,
        worker_timeout: float = WORKER_TIMEOUT, lock=None, inputs=None) -> RunSummary:
    """Extract every article under ``paths`` into ``out`` on a Dask cluster
    (``scheduler``: its address; ``client``: an existing Client; neither: a
    LocalCluster of ``workers`` processes).  Returns the local engine's
    ``RunSummary``; raises ``extractor.engines.local.RunError`` when the run
    cannot start, or when no worker is there for ``worker_timeout`` seconds
    (at the start or later)."""
    from extractor.engines.output import LockError, OutputLock
    from extractor.writers import format_for

    paths = list(paths)
    to_stdout = out in (None, "-")
    try:
        fmt = format_for(None if to_stdout else out, fmt)
    except ValueError as e:
        raise local.RunError(str(e)) from None
    own_lock = lock is None
    parts_dir = None
    made = False
    if not to_stdout:
        out, errors_path = local._check_output(Path(out), errors_path, paths)
        if lock is None:
            try:
                lock = OutputLock(out).acquire()  # before the parts of an earlier run are touched
            except LockError as e:
                raise local.RunError(str(e)) from None
    cluster = None
    own_client = client is None
    try:
        local.build_pipeline(config)  # fail fast, before the cluster starts
        if not to_stdout:
            parts_dir = Path(str(out) + ".parts")
            if parts_dir.is_dir():  # the parts of an earlier run
                for p in parts_dir.glob("part-*"):
                    p.unlink()
            made = not parts_dir.exists()
            parts_dir.mkdir(parents=True, exist_ok=True)
        if client is None:
            if scheduler:
                try:
                    client = Client(scheduler, timeout=worker_timeout)
                except (OSError, TimeoutError, DaskTimeoutError) as e:
                    raise local.RunError(f"--scheduler {scheduler}: cannot connect within "
                                         f"{worker_timeout:g} s ({type(e).__name__}: {e})") from None
            else:
                n = workers or os.cpu_count() or 1
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                client = Client(cluster)
        try:
            client.wait_for_workers(1, timeout=worker_timeout)
        except (TimeoutError, DaskTimeoutError):
            raise local.RunError(f"no Dask worker joined the scheduler within {worker_timeout:g} s; "
                                 f"start workers (dask worker ADDRESS) or use --engine local") from None
        mapper = DaskMapper(client, parts_dir, partition_docs, partition_bytes,
                            worker_timeout=worker_timeout)
        try:
            return local.run(paths, out, config=config, workers=workers or 1, max_bytes=max_bytes,
                             errors_path=errors_path, resume=resume, progress=progress,
                             on_error=on_error, mapper=mapper, fmt=fmt, lock=lock, inputs=inputs)
        except ClusterError as e:
            raise local.RunError(f"{e}; the output was not replaced (--resume continues)") from None
        except local.RunError:
            if parts_dir is not None and made and not any(parts_dir.iterdir()):
                parts_dir.rmdir()
            raise
    finally:
        if own_client and client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if lock is not None and own_lock:
            lock.release()
