"""Waiting for a state in tests: poll a condition until it holds or a deadline passes. The deadline
is sized for a busy machine; the short pause between looks only keeps the poll from spinning a
core, it is never what a test relies on."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_INTERVAL_S = 0.05


def wait_until(condition: Callable[[], bool], timeout: float, failure: str | Callable[[], str]) -> None:
    """Return as soon as `condition()` is true; fail with `failure` once `timeout` seconds pass.
    `condition` may itself fail the test (a process that died while being waited for)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(failure() if callable(failure) else failure)
        time.sleep(POLL_INTERVAL_S)


async def wait_until_async(condition: Callable[[], bool], timeout: float, failure: str | Callable[[], str]) -> None:
    """`wait_until` for a test that runs inside the app's event loop (Textual's Pilot): the loop
    goes on between looks, so that the app can do what is waited for."""
    import asyncio

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(failure() if callable(failure) else failure)
        await asyncio.sleep(POLL_INTERVAL_S)
