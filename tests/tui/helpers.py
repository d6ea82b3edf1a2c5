"""Driving the app in tests: a pinned clock, and waiting until workers and messages settle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from atelier_tui.tui.app import AtelierApp
from tests.support.fixed_time import FIXED_NOW


def make_app(db: Path, login: str = "cmartin", language: str = "en", **options: Any) -> AtelierApp:
    options.setdefault("scanner_gap_ms", 0)  # pilot types fast: only the scanner tests listen for bursts
    return AtelierApp(f"sqlite:///{db}", login=login, language=language, clock=lambda: FIXED_NOW, **options)


async def settle(app: AtelierApp, pilot: Any, rounds: int = 4) -> None:
    """Until every worker has finished and its result has been shown. A worker replaced by a
    newer one of its group is cancelled; that is expected."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        for worker in list(app.workers):
            try:
                await worker.wait()
            except WorkerCancelled:
                pass
        await pilot.pause()


async def press(app: AtelierApp, pilot: Any, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot, rounds=2)


async def type_text(app: AtelierApp, pilot: Any, text: str) -> None:
    await pilot.press(*text)
    await settle(app, pilot)


async def until_closed(app: AtelierApp) -> None:
    """Until the app has said it closes (App.exit sets its return code). A closing app no longer
    answers pilot.pause(), which waits for every widget to process its messages."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120  # a bound for a stuck app, not a wait for it
    while app.return_code is None:
        assert loop.time() < deadline, "the workstation did not close"
        await asyncio.sleep(0.01)
