"""No traceback ever reaches a user: a refusal is printed as one line, anything unexpected is
written to a log file in the user's state folder and summarised in one line."""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 3


def log_dir() -> Path:
    import platformdirs

    path = Path(platformdirs.user_state_dir("atelier", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_unexpected(exc: BaseException) -> Path:
    path = log_dir() / "atelier.log"
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {datetime.now(UTC).isoformat()} unexpected error\n")
        log.write("".join(traceback.format_exception(exc)))
    return path


def log_line(message: str) -> None:
    """One line in the log (start-up times); a log that cannot be written is not an error."""
    try:
        with (log_dir() / "atelier.log").open("a", encoding="utf-8") as log:
            log.write(f"{datetime.now(UTC).isoformat()} {message}\n")
    except OSError:
        pass


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
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            click.echo(f"database error: {exc.orig}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        path = log_unexpected(exc)
        click.echo(f"unexpected error: {exc.__class__.__name__}: {exc} (details in {path})", err=True)
        sys.exit(EXIT_UNEXPECTED)
