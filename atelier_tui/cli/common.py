"""What every command of `atelier` shares: the exit codes, the database the command line names, the
person running the command, the refusal in one line, and the gate that a database must pass
before a command reads or writes it.

Exit codes (atelier_tui/errors.py): 0 success, 1 a well-formed question answered "no" (a bench not
ready, not that much stock free), 2 bad usage or bad input, always with one line on stderr. Heavy
modules are imported inside the helpers so that `atelier` opens fast."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from atelier_tui.cli.output import echo
from atelier_tui.errors import EXIT_BAD_INPUT, EXIT_NO
from atelier_tui.i18n import _

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NO",
    "RECORD_ID",
    "acting_person",
    "database_url",
    "engine_of",
    "fail",
    "identity_of",
    "now",
    "open_database",
    "option_name",
    "read_text",
    "reading_database",
    "ready",
    "refuse",
    "refusing",
    "require_schema",
    "require_up_to_date",
]

# The numbers a command takes are bounded where they are read: past what the database stores they
# are bad input, not a failure deep inside.
RECORD_ID = click.IntRange(1, 2**63 - 1)


def _wall_clock() -> datetime:
    return datetime.now(UTC)


# What the command line takes `now` from: the wall clock; a test pins it to the moment its data
# was made, as tui.context.AppContext.clock is pinned (the services never read the clock).
clock: Callable[[], datetime] = _wall_clock


def now() -> datetime:
    return clock()


def today() -> date:
    """The workshop's calendar day: a bench checklist is valid for the local day, not UTC's."""
    return now().astimezone().date()


def fail(message: str) -> NoReturn:
    """Bad input: one line on stderr (it may quote what was typed or stored), exit 2."""
    echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


# A service names the field of its input; a person typed an option. Most are the same word.
_OPTIONS = {"interventions": "--intervention", "reception_notes": "--notes"}


def option_name(field: str) -> str:
    return _OPTIONS.get(field, "--" + field.replace("_", "-"))


def refuse(error: Any, names: dict[str, str] | None = None) -> NoReturn:
    """A service's refusal as one line on stderr, naming the option (or the argument, in `names`)
    instead of the field; exit 1 when the workshop's state said no to a well-formed request, else 2."""
    from atelier_tui.services.context import WorkshopRefusal

    message = str(error)
    field = getattr(error, "field", None)
    if field:
        name = (names or {}).get(field) or option_name(field)
        # A service may write the field as words ("waste stream: ...").
        message = re.sub(rf"^{re.escape(field).replace('_', '[_ ]')}(?=\s?:)", name, message)
    echo(message, err=True, paragraphs=False)
    sys.exit(EXIT_NO if isinstance(error, WorkshopRefusal) else EXIT_BAD_INPUT)


@contextmanager
def refusing(names: dict[str, str] | None = None, *also: type[Exception]) -> Iterator[None]:
    """Runs a service call: a ServiceError it raises (or one of `also`, such as UnitError) ends the
    command as `refuse` says, naming the argument or option of `names`."""
    from atelier_tui.services.context import ServiceError

    try:
        yield
    except (ServiceError, *also) as error:
        refuse(error, names)


def _supported_url(given: str | None, option: str, existing: bool = False) -> str:
    """The URL of the database `given` on the command line as `option` (or the default one),
    refused in one line when atelier cannot speak to it. With `existing` (a command that uses a
    database, not one that creates it), a SQLite file that is not there is refused before it is
    opened: SQLite would create an empty file on connecting, and make_engine its folder."""
    from atelier_tui.store.database import sqlite_path_of
    from atelier_tui.store.location import resolve_database_url, unsupported_reason

    url = resolve_database_url(given)
    reason = unsupported_reason(url)
    if reason == "scheme":
        fail(f"{option}: '{url.split('://', 1)[0]}' databases are not supported: give a SQLite file or a postgresql:// URL")
    if reason == "driver":
        fail(f"{option}: PostgreSQL needs the psycopg driver: pip install 'atelier-tui[postgres]'")
    path = sqlite_path_of(url) if existing else None
    if path is not None and not Path(path).is_file():
        fail(_("database: there is no database at {path}: run `atelier init` to create it, or give {option} FILE "
               "for another one").format(path=path, option=option))
    return url


def open_database(given: str | None, option: str, existing: bool = False):  # type: ignore[no-untyped-def]
    """The engine of the database `given` on the command line as `option` (or the default one);
    with `existing`, refused when it is a SQLite file that is not there (see _supported_url)."""
    from atelier_tui.store.core_engine import make_engine

    return make_engine(_supported_url(given, option, existing))


def reading_database(ctx: click.Context):  # type: ignore[no-untyped-def]
    """The database of a read command, past `require_schema`, as the lean read path reads it
    (store/database.py): on a SQLite file, without importing SQLAlchemy. Never one created on the way."""
    from atelier_tui.store.database import Database

    database = Database(_supported_url(ctx.find_root().obj["db"], "--db", existing=True))
    require_schema(database)
    return database


def engine_of(ctx: click.Context, existing: bool = False):  # type: ignore[no-untyped-def]
    """The engine of the database this command line names (`--db`, the settings, or the default);
    with `existing`, refused when it is a SQLite file that is not there (see open_database)."""
    return open_database(ctx.find_root().obj["db"], "--db", existing)


def database_url(ctx: click.Context) -> str:
    """The URL of that database, without opening it (a backup or a restore works on the file)."""
    from atelier_tui.store.location import resolve_database_url

    return resolve_database_url((ctx.find_root().obj or {}).get("db"))


def require_up_to_date(engine) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.schema import schema_state

    if not schema_state(engine).up_to_date:
        fail(f"the database at {engine.url} is not initialised or not up to date: run `atelier init` (or `atelier db upgrade`)")


def require_schema(engine) -> None:  # type: ignore[no-untyped-def]
    """The database is ready and the person running the command is staff of its workshop."""
    require_up_to_date(engine)
    identity_of(engine)


def ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    """The engine of this command's database, past `require_schema`: never a database created
    on the way (only `init`, `demo` and `db upgrade` create one)."""
    engine = engine_of(ctx, existing=True)
    require_schema(engine)
    return engine


def identity_of(engine):  # type: ignore[no-untyped-def]
    """Who runs this command (the OS account, or the staff member a gateway account acts for),
    resolved once per command; a refusal is one line and exit code 2."""
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.identity import os_account, resolve_identity

    root = click.get_current_context().find_root()
    if "identity" not in root.obj:
        try:
            root.obj["identity"] = resolve_identity(engine, os_account(), root.obj.get("acting_for"))
        except ServiceError as refused:
            fail(str(refused))
    return root.obj["identity"]


def acting_person():  # type: ignore[no-untyped-def]
    """The acting staff member of this command, as the services take it (an Actor)."""
    return identity_of(engine_of(click.get_current_context())).actor()


def read_text(path: Path) -> str:
    """A file the person gave, as text; one line naming it when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{path}:1: is not UTF-8 text")
