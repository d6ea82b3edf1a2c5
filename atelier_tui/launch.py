"""The `atelier` command. Asked only to open the workstation (`atelier [--db URL] [--view NAME]
[--as LOGIN] [--readonly] [--no-mouse]`), it opens it at once, without loading the command-line library and
every subcommand (about 60 ms before the first frame); anything else goes to the full command
line, which also answers `--help` and the shell's completion requests (`_ATELIER_COMPLETE`)."""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from atelier_tui.tui.views import FIRST_VIEW, VIEW_NAMES

_FLAGS = {"--readonly": "readonly", "--no-mouse": "no_mouse"}
_VALUED = {"--db": "db", "--view": "view", "--as": "acting_for"}
# New objects between two collections in a command's process (the workstation keeps Python's 700).
COMMAND_GC_THRESHOLD = 100_000
# Click's shell completion protocol: the shell runs `atelier` with no argument and this variable set.
COMPLETION_VARIABLE = "_ATELIER_COMPLETE"


def workstation_options(arguments: list[str]) -> dict[str, object] | None:
    """The options of a plain "open the workstation", or None when the command line asks for
    anything else (a subcommand, help, an unknown option or view)."""
    from atelier_tui.settings import load_settings

    options: dict[str, object] = {"db": load_settings().database_url, "view": FIRST_VIEW,
                                  "readonly": False, "no_mouse": False, "acting_for": None}
    remaining = list(arguments)
    while remaining:
        argument = remaining.pop(0)
        name, equals, value = argument.partition("=")
        if argument in _FLAGS:
            options[_FLAGS[argument]] = True
        elif name in _VALUED:
            if not equals:
                if not remaining:
                    return None
                value = remaining.pop(0)
            options[_VALUED[name]] = value
        else:
            return None
    return options if options["view"] in VIEW_NAMES else None


def refuse_without_terminal() -> None:
    """The workstation needs a terminal: without one (`ssh -T`, a pipe) it would run on with no one
    to see it, and never end."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("atelier needs a terminal: connect with `ssh -t`, or use a subcommand (atelier --help)", file=sys.stderr)
        sys.exit(2)


def refuse_a_missing_database(given: object, in_the_interface_language: Any) -> None:
    """A SQLite file that is not there: said in one line before the screen is taken, as the
    commands say it (cli/common.py), rather than a workstation whose every view fails to read."""
    from pathlib import Path

    from atelier_tui.store.database import sqlite_path_of
    from atelier_tui.store.location import resolve_database_url

    path = sqlite_path_of(resolve_database_url(given if isinstance(given, str) else None))
    if path is None or Path(path).is_file():
        return
    from atelier_tui.i18n import _

    in_the_interface_language()
    print(_("database: there is no database at {path}: run `atelier init` to create it, or give {option} FILE "
            "for another one").format(path=path, option="--db"), file=sys.stderr)
    sys.exit(2)


def main() -> None:
    options = None if COMPLETION_VARIABLE in os.environ else workstation_options(sys.argv[1:])
    if options is None:
        # A command builds SQLAlchemy's and atelier's modules once, then mostly reads: at the
        # collector's default pace (every 700 new objects) it walked that growing heap again and
        # again, a sixth of `order check --json`'s CPU. Cycles are still collected, less often.
        gc.set_threshold(COMMAND_GC_THRESHOLD, *gc.get_threshold()[1:])
        from atelier_tui.cli import main as command_line

        command_line()
        return
    refuse_without_terminal()
    from atelier_tui.i18n import set_language
    from atelier_tui.settings import interface_language, load_settings
    from atelier_tui.tui.workstation import run_workstation

    settings = load_settings()
    if settings.issues:  # said before the screen is taken, so that it is still there when the workstation ends
        from atelier_tui.settings import report_problems

        set_language(interface_language(settings))
        report_problems(settings)
    refuse_a_missing_database(options.get("db"), lambda: set_language(interface_language(settings)))

    run_workstation(**options)  # type: ignore[arg-type]
