"""`atelier backup FILE [--force]` and `atelier restore FILE [--yes]`: the SQLite database copied
while other terminals keep working, and put back (docs/backup.md).

Exit 0 on success; 1 when the answer is "no" (restore not confirmed, or the database is in use by
another process: try again once it is not); 2 on bad input, with one line on stderr. Who may, and
the restore's record in the restored database's audit trail: atelier_tui/services/admin/."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from atelier_tui.cli.common import EXIT_BAD_INPUT, EXIT_NO, database_url, fail, now
from atelier_tui.cli.output import echo, shown
from atelier_tui.cli.values import ValueCommand
from atelier_tui.i18n import _


def _acting(ctx: click.Context, url: str):  # type: ignore[no-untyped-def]
    """The person backing up or restoring the database at `url`, as services/admin resolves them."""
    from atelier_tui.services.admin.backup import acting_on_database
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.identity import os_account

    try:
        return acting_on_database(url, os_account(), ctx.find_root().obj.get("acting_for"))
    except ServiceError as refused:
        fail(str(refused))


def _stop(error: Any) -> NoReturn:
    """A refusal in one line: exit 1 when trying again later may work (the database is busy), else 2."""
    echo(str(error), err=True)
    sys.exit(EXIT_NO if getattr(error, "busy", False) else EXIT_BAD_INPUT)


def _size(size: int) -> str:
    return f"{size / 1_048_576:.1f} MiB" if size >= 1_048_576 else f"{size / 1024:.1f} KiB"


@click.command(cls=ValueCommand)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@click.pass_context
def backup(ctx: click.Context, file: str, force: bool) -> None:
    """Copy the SQLite database to FILE while others keep working (PostgreSQL: pg_dump, see docs/backup.md).

    Example: atelier backup /mnt/backups/atelier-2026-11-27.db"""
    from atelier_tui.services.admin.backup import backup_database
    from atelier_tui.services.permissions import PermissionDenied
    from atelier_tui.store.backup import BackupError

    url = database_url(ctx)
    try:
        result = backup_database(url, Path(file), _acting(ctx, url), force=force)
    except (PermissionDenied, BackupError) as error:
        _stop(error)
    echo(_("backup written to {path}: {pages} pages, {size} ({bytes} bytes), schema revision {revision}").format(
        path=result.path, pages=result.pages, size=_size(result.size), bytes=result.size, revision=result.revision or _("none")))


@click.command(cls=ValueCommand)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore(ctx: click.Context, file: str, yes: bool) -> None:
    """Replace the SQLite database with the backup FILE (the replaced one is kept beside it).

    Example: atelier restore /mnt/backups/atelier-2026-11-27.db"""
    from atelier_tui.services.admin.restore import plan_restore, restore_database
    from atelier_tui.services.permissions import PermissionDenied
    from atelier_tui.store.backup import BackupError

    url = database_url(ctx)
    actor = _acting(ctx, url)
    try:
        plan = plan_restore(Path(file), url, actor)
    except (PermissionDenied, BackupError) as error:
        _stop(error)
    if not yes:
        question = _("Replace the database at {database} with the backup {path} (schema revision {revision})?").format(
            database=plan.database, path=Path(file).resolve(), revision=plan.revision)
        if not click.confirm(shown(question), default=False):
            echo(_("restore cancelled: nothing was changed"), err=True)
            sys.exit(EXIT_NO)
    try:
        restored = restore_database(Path(file), url, actor, now())
    except BackupError as error:
        _stop(error)
    result = restored.result
    echo(_("restored {path} into {database}: {pages} pages, {size} ({bytes} bytes), schema revision {revision}").format(
        path=result.backup, database=result.database, pages=result.pages, size=_size(result.size), bytes=result.size,
        revision=result.backup_revision))
    if result.upgraded:
        echo(_("schema upgraded from {old} to {new}").format(old=result.backup_revision, new=result.revision))
    if result.kept is not None:
        echo(_("the replaced database is kept as {path}").format(path=result.kept))
    echo(_("recorded in the audit trail as event {id}, by {login}; the chain restored has {events} events, head "
           "{head}").format(id=restored.event_id, login=actor.login, events=restored.restored_head.events,
                            head=restored.restored_head.text))
