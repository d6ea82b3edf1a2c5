"""No traceback ever reaches a user: a refusal is printed as one line, anything unexpected is
written to the log and summarised in one line.

The log is atelier.log in the user's state folder (~/.local/state/atelier/ on Linux), or the
`log_file` setting. It rotates: past LOG_MAX_BYTES it becomes atelier.log.1 (the one before,
.2, and so on) and LOG_BACKUPS old logs are kept, so it never grows without end. The file is opened
for each record and closed after it: several workstations of one account share it, and each one
writes to the new file once another has rotated it."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The exit codes of every `atelier` command, defined here once: 1 a well-formed question answered
# "no", 2 bad usage or bad input, 3 something unexpected (logged).
EXIT_NO = 1
EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 3


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("atelier", appauthor=False))


def log_path() -> Path:
    from atelier_tui.settings import load_settings

    return load_settings().log_file or log_dir() / "atelier.log"


def _append(text: str) -> Path:
    """One record at the end of the log, rotating it first when it would pass LOG_MAX_BYTES."""
    from logging import makeLogRecord
    from logging.handlers import RotatingFileHandler

    class RaisingHandler(RotatingFileHandler):
        def handleError(self, record: object) -> None:  # noqa: N802  (the stdlib's name)
            raise  # to the caller, instead of the stdlib's traceback on stderr

    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RaisingHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
    handler.terminator = ""
    try:
        handler.emit(makeLogRecord({"msg": text}))
    finally:
        handler.close()
    return path


def log_unexpected(exc: BaseException) -> Path:
    """The traceback in the log; its path, for the one line the user reads (a log that cannot be
    written does not hide that line behind a second error)."""
    text = f"--- {datetime.now(UTC).isoformat()} unexpected error\n" + "".join(traceback.format_exception(exc))
    try:
        return _append(text)
    except OSError:
        return log_path()


def log_line(message: str) -> None:
    """One line in the log (start-up times); a log that cannot be written is not an error."""
    try:
        _append(f"{datetime.now(UTC).isoformat()} {message}\n")
    except OSError:
        pass


def _bad_input(exc: Exception) -> str | None:
    """The one line for a failure that comes from what the person gave (a database that cannot be
    reached, a file that cannot be read or written, a NUL in a file name), or None when it is atelier's."""
    from sqlalchemy.exc import OperationalError

    from atelier_tui.store.migrate import UpgradeRefused

    if isinstance(exc, UpgradeRefused):
        return str(exc)
    if isinstance(exc, OperationalError):
        return f"database error: {exc.orig}"
    if isinstance(exc, sqlite3.OperationalError):  # the lean read path (store/lean_reader.py)
        return f"database error: {exc}"
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, ValueError) and "embedded null byte" in str(exc):
        return "a file name or value contains a NUL character"
    return None


def run_guarded(command: Any) -> None:
    """Run a click command; turn every failure into one clear line and an exit code."""
    import click

    from atelier_tui.domain.units import UnitError
    from atelier_tui.services.context import ServiceError

    logging.basicConfig(level=logging.WARNING)
    try:
        command.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except (ServiceError, UnitError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the one place where anything unexpected is caught
        refusal = _bad_input(exc)
        if refusal is not None:
            click.echo(refusal, err=True)
            sys.exit(EXIT_BAD_INPUT)
        path = log_unexpected(exc)
        click.echo(f"unexpected error: {exc.__class__.__name__}: {exc} (details in {path})", err=True)
        sys.exit(EXIT_UNEXPECTED)
