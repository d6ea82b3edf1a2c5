"""The one `now` the tests give the services (they never read the clock), and the clock the
command line reads in process on data made at that moment."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

FIXED_NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@contextmanager
def command_line_clock_from(moment: datetime = FIXED_NOW) -> Iterator[None]:
    """The command line run in process (CliRunner) reads a clock that starts at `moment` and runs
    on: on the demo made at FIXED_NOW, what it planted as due in ten days is not overdue because
    the calendar has moved on since."""
    import atelier_tui.cli.common

    started = time.monotonic()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(atelier_tui.cli.common, "clock", lambda: moment + timedelta(seconds=time.monotonic() - started))
        yield
