"""How long work says how far it is, without knowing who listens or how it is shown: a service
takes an optional `progress(stage, done, total)` and calls it as it goes. `stage` is a code (the
command line names it in the interface's language: cli/progress.py), `done` and `total` count that
stage's own unit (rows, entries, steps); a stage starts at 0 and ends at `total`."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int) -> None: ...


def silent(stage: str, done: int, total: int) -> None:
    """What a service calls when nobody listens."""
