"""The codes of a batch of labels, in order, encoded by a process per core when the batch is large.

Encoding (segno, and the choice of each QR code's mask: qr_masks) and the path of each code's dark
blocks are made in the workers; the drawing of the PDF stays in this process. Workers send back the
codes (codes.Code: a short path each), a few chunks ahead at most, so that memory stays flat
however long the batch.
The codes are the same, in the same order, whatever the number of processes.

The workers are fresh interpreters (multiprocessing's "spawn"), not forks: forking a process that
runs other threads (the workstation, the remote server) can copy a lock one of them holds, and a
fork counts the whole parent's memory again. Wherever a process cannot be started (a daemon
process, no process left) or dies, the rest of the batch is encoded here, in one process, with
nothing said to the user."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from atelier_tui.printing.codes import Code, code_of, symbol_for

POOL_FROM = 200  # labels; below this, starting the processes costs more than they save
CHUNK = 100  # codes per task: few enough round trips, small enough to keep both cores busy to the end
AHEAD = 4  # chunks in flight per worker: the memory a slow drawing can let pile up


def default_workers() -> int:
    return min(2, os.cpu_count() or 1)


def codes_in_order(requests: Sequence[tuple[str, bool]], side_mm: float, workers: int | None = None) -> Iterator[Code]:
    """The code of each (text, small) of `requests`, in order (codes.code_for)."""
    workers = default_workers() if workers is None else workers
    if workers < 2 or len(requests) < POOL_FROM:
        for text, small in requests:
            yield code_of(symbol_for(text, side_mm, small))
        return
    yield from _pooled(requests, side_mm, workers)


def _pooled(requests: Sequence[tuple[str, bool]], side_mm: float, workers: int) -> Iterator[Code]:
    chunks = [requests[start:start + CHUNK] for start in range(0, len(requests), CHUNK)]
    done = 0  # chunks yielded
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, ValueError):
        pool = None
    if pool is not None:
        with pool:
            pending: deque[Future[list[Code]]] = deque()
            try:
                for chunk in chunks:
                    pending.append(pool.submit(_encode, chunk, side_mm))
                    if len(pending) >= workers * AHEAD:
                        yield from pending.popleft().result()
                        done += 1
                while pending:
                    yield from pending.popleft().result()
                    done += 1
            # A process that cannot start (none left; not allowed from a daemon process: multiprocessing
            # asserts it) or that dies (BrokenProcessPool, a RuntimeError): the rest is encoded here.
            except (OSError, AssertionError, RuntimeError):
                for future in pending:
                    future.cancel()
    for chunk in chunks[done:]:
        for text, small in chunk:
            yield code_of(symbol_for(text, side_mm, small))


def _encode(chunk: Sequence[tuple[str, bool]], side_mm: float) -> list[Code]:
    return [code_of(symbol_for(text, side_mm, small)) for text, small in chunk]
