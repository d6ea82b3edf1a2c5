"""Starting a workstation per session from a warm process (multiprocessing's fork server).

A cold `atelier` process spends most of its start-up importing Textual, SQLAlchemy and the app,
and building pint's registry: about a second of CPU each. When twenty people connect at 8:00 on a
two-core server, the last waits for all of that twenty times over. The fork server does it once:
it imports everything (PRELOADED), freezes those objects out of the garbage collector, and forks a
child per session, which shares those pages with its siblings until it writes to them.

The child makes the session's pseudo-terminal its controlling terminal and its standard streams,
takes the session's environment, and runs the same `atelier` entry point a shell would."""

from __future__ import annotations

import fcntl
import os
import sys
import termios
from collections.abc import Mapping, Sequence
from multiprocessing import forkserver, get_context
from multiprocessing.process import BaseProcess

PRELOADED = ["atelier_tui.remote.preloaded"]


def start_fork_server(environment: Mapping[str, str]) -> None:
    """Start the fork server now (a second or two of imports) rather than on the first
    connection. `environment` is what every session will have, so that Textual's import-time
    settings (frame rate, animations: slow_link.prepare) are the sessions' own."""
    from atelier_tui.slow_link import SLOW_LINK_FPS, is_slow_link

    if is_slow_link(dict(environment)):
        os.environ.setdefault("TEXTUAL_FPS", str(SLOW_LINK_FPS))
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    forkserver.set_forkserver_preload(PRELOADED + database_driver_modules(environment.get("ATELIER_DATABASE_URL", "")))
    forkserver.ensure_running()


def database_driver_modules(database_url: str) -> list[str]:
    """The SQLAlchemy dialect and the driver the sessions will connect with: preloaded too, so that
    a PostgreSQL workshop's sessions do not each import psycopg."""
    if not database_url:
        return []
    from sqlalchemy.engine import make_url

    dialect = make_url(database_url).get_dialect()
    return [dialect.__module__, dialect.import_dbapi().__name__]


def launch(terminal_path: str, arguments: Sequence[str], environment: Mapping[str, str]) -> BaseProcess:
    """A workstation forked from the fork server, on the terminal at `terminal_path`."""
    process = get_context("forkserver").Process(
        target=run_workstation, args=(terminal_path, list(arguments), dict(environment)), name="atelier-workstation")
    process.start()
    return process


def run_workstation(terminal_path: str, arguments: list[str], environment: dict[str, str]) -> None:
    """In the forked child: become the terminal's session, then run `atelier ARGUMENTS`."""
    os.setsid()
    terminal = os.open(terminal_path, os.O_RDWR)
    fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)
    for standard in (0, 1, 2):
        os.dup2(terminal, standard)
    os.close(terminal)
    # multiprocessing gave the child /dev/null as stdin, and Textual reads the terminal through
    # sys.__stdin__ and writes through sys.__stderr__: point every stream at the terminal.
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(environment)
    sys.argv = ["atelier", *arguments]
    from atelier_tui.launch import main

    main()
