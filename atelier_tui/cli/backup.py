"""`atelier backup FILE [--force]` and `atelier restore FILE [--yes]`: the SQLite database copied
while other terminals keep working, and put back (docs/backup.md).

Exit 0 on success; 1 when the answer is "no" (restore not confirmed, or the database is in use by
another process: try again once it is not); 2 on bad input, with one line on stderr. A restore is
recorded in the restored database's audit trail (atelier_tui/services/admin/restore.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from atelier_tui.cli import EXIT_BAD_INPUT, EXIT_NO, cli
from atelier_tui.domain.vocabulary import Role
from atelier_tui.i18n import _


def _url(ctx: click.Context) -> str:
    from atelier_tui.store.location import resolve_database_url

    root = ctx.find_root()
    return resolve_database_url((root.obj or {}).get("db"))


def _require_admin(url: str, action: str):  # type: ignore[no-untyped-def]
    """The admin who backs up or restores a workshop, as an Actor. A database that cannot be read
    as a workshop (missing, damaged, never initialised) has no staff to ask: the file system's
    permissions decide, and the OS account acts as its admin (as in a workshop with no staff yet).
    A workshop at an older or newer schema still has its staff: they are asked. The engine used to
    ask is closed before returning: a restore needs the database to itself."""
    from sqlalchemy.exc import SQLAlchemyError

    from atelier_tui.cli import _identity
    from atelier_tui.services.context import Actor
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.services.permissions import PermissionDenied, require
    from atelier_tui.store.engine import make_engine
    from atelier_tui.store.schema import schema_state

    nobody_to_ask = Actor(login=os_account(), role=Role.ADMIN)
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return nobody_to_ask
    engine = make_engine(url)
    try:
        try:
            initialised = schema_state(engine).current is not None
            actor = _identity(engine).actor() if initialised else nobody_to_ask
        except SQLAlchemyError:  # a damaged file is what a restore is for
            return nobody_to_ask
        if actor is not nobody_to_ask:
            try:
                require(actor, action)
            except PermissionDenied as refused:
                _refuse(refused)
        return actor
    finally:
        engine.dispose()


def _refuse(error) -> None:  # type: ignore[no-untyped-def]
    click.echo(str(error), err=True)
    sys.exit(EXIT_NO if getattr(error, "busy", False) else EXIT_BAD_INPUT)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MiB" if size >= 1_048_576 else f"{size / 1024:.1f} KiB"


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@click.pass_context
def backup(ctx: click.Context, file: str, force: bool) -> None:
    """Copy the SQLite database to FILE while others keep working (PostgreSQL: pg_dump, see docs/backup.md)."""
    from pathlib import Path

    from atelier_tui.store.backup import BackupError, backup_sqlite

    _require_admin(_url(ctx), "database.backup")
    try:
        result = backup_sqlite(_url(ctx), Path(file), force=force)
    except BackupError as error:
        _refuse(error)
        return
    click.echo(_("backup written to {path}: {pages} pages, {size} ({bytes} bytes), schema revision {revision}").format(
        path=result.path, pages=result.pages, size=_size(result.size), bytes=result.size, revision=result.revision or _("none")))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore(ctx: click.Context, file: str, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE (the replaced one is kept beside it)."""
    from pathlib import Path

    from atelier_tui.cli import _now
    from atelier_tui.services.admin.restore import restore_database
    from atelier_tui.store.backup import BackupError, check_backup, sqlite_path

    url = _url(ctx)
    actor = _require_admin(url, "database.restore")
    try:
        live = sqlite_path(url)
        revision = check_backup(Path(file))
    except BackupError as error:
        _refuse(error)
        return
    if not yes:
        question = _("Replace the database at {database} with the backup {path} (schema revision {revision})?").format(
            database=live, path=Path(file).resolve(), revision=revision)
        if not click.confirm(question, default=False):
            click.echo(_("restore cancelled: nothing was changed"), err=True)
            sys.exit(EXIT_NO)
    try:
        restored = restore_database(Path(file), url, actor, _now())
    except BackupError as error:
        _refuse(error)
        return
    result = restored.result
    click.echo(_("restored {path} into {database}: {pages} pages, {size} ({bytes} bytes), schema revision {revision}").format(
        path=result.backup, database=result.database, pages=result.pages, size=_size(result.size), bytes=result.size,
        revision=result.backup_revision))
    if result.upgraded:
        click.echo(_("schema upgraded from {old} to {new}").format(old=result.backup_revision, new=result.revision))
    if result.kept is not None:
        click.echo(_("the replaced database is kept as {path}").format(path=result.kept))
    click.echo(_("recorded in the audit trail as event {id}, by {login}; the chain restored has {events} events, head "
                 "{head}").format(id=restored.event_id, login=actor.login, events=restored.restored_head.events,
                                 head=restored.restored_head.text))
