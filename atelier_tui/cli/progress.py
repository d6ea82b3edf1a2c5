"""A long command's progress on a terminal: what it is doing and how far through it is, drawn on
stderr with rich and wiped when the command ends, so that what it prints is what it prints on a
pipe. Nothing is drawn when stderr is not a terminal, on a dumb terminal, or with `--quiet`.

The services say how far they are with stage codes (atelier_tui/progress.py); STAGES names each
one for the user."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from atelier_tui.i18n import N_, _
from atelier_tui.progress import Progress

STAGES = {
    "schema": N_("Preparing the database schema"),
    "catalogs.check": N_("Checking the catalog files"),
    "catalogs.write": N_("Writing the catalog entries"),
    "demo.site": N_("Demo workshop: the site"),
    "demo.locations": N_("Demo workshop: cabinets and stores"),
    "demo.staff": N_("Demo workshop: the staff"),
    "demo.benches": N_("Demo workshop: the benches"),
    "demo.tools": N_("Demo workshop: the tools"),
    "demo.orders": N_("Demo workshop: repair orders"),
    "demo.checklists": N_("Demo workshop: checklists"),
    "demo.stock": N_("Demo workshop: lots and stock movements"),
    "demo.gaskets": N_("Demo workshop: gaskets out of stock"),
    "demo.maintenance": N_("Demo workshop: maintenance history"),
    "workshop.check": N_("Checking the workshop file's entries"),
    "workshop.write": N_("Writing the workshop file's entries"),
    "rows.check": N_("Checking the rows"),
    "rows.write": N_("Writing the rows"),
    "copy.rows": N_("Copying the rows"),
    "copy.check": N_("Counting the rows copied"),
    "copy.audit": N_("Verifying the audit chain on both sides"),
}

F = TypeVar("F", bound=Callable[..., Any])


def quiet_option(command: F) -> F:
    return click.option("--quiet", "-q", is_flag=True, help="Draw no progress on the terminal.")(command)


def shows_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


@contextmanager
def progress_display(quiet: bool) -> Iterator[Progress | None]:
    """A callback drawing each stage on stderr while the block runs, or None where nothing is drawn."""
    if not shows_progress(quiet):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Display

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Display(*columns, console=Console(stderr=True), transient=True) as display:
        task = display.add_task("", total=None)
        shown = [""]

        def report(stage: str, done: int, total: int) -> None:
            display.update(task, description=_(STAGES.get(stage, stage)), completed=done, total=total or None)
            if stage != shown[0]:  # every stage is drawn at least once, however short
                shown[0] = stage
                display.refresh()

        yield report
