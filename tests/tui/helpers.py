"""Driving the app in tests: a pinned clock, and waiting until workers and messages settle."""

from __future__ import annotations

import asyncio
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



def closing(app: AtelierApp) -> asyncio.Event:
    """An event set when the app says it closes (App.exit), for a test to await: a closing app no
    longer answers pilot.pause(), which waits for every widget to process its messages."""
    said_closing = asyncio.Event()
    exit_app = app.exit

    def exit_and_tell(*arguments: Any, **options: Any) -> None:
        exit_app(*arguments, **options)
        said_closing.set()

    app.exit = exit_and_tell  # type: ignore[method-assign]
    return said_closing


async def until_closed(said_closing: asyncio.Event) -> None:
    await asyncio.wait_for(said_closing.wait(), timeout=120)  # a bound for a stuck app, not a wait for it
