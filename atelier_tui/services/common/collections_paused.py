"""Pausing Python's cycle collector while a service builds thousands of small rows.

None of those rows form reference cycles, so the collector has nothing to find in them; left on,
it stops every few hundred allocations and, as the rows survive, rescans every object of the
process (a TUI holds hundreds of thousands). Reference counting still frees everything."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collections_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
