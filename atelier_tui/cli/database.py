"""`atelier db copy --to URL [--json]`: the whole workshop database copied into another one, the way
a workshop moves from its SQLite file to PostgreSQL (docs/postgresql.md):

    ATELIER_DATABASE_URL=postgresql://atelier@dbhost/atelier atelier db upgrade
    atelier db copy --to postgresql://atelier@dbhost/atelier

The source is the usual database (`--db`, ATELIER_DATABASE_URL, or the SQLite file in the user data
folder); only an admin of its workshop copies it. The target must be at the same schema revision
and hold no row (atelier_tui/store/copy.py says why). Exit 0 when copied; 2 with one line on stderr
when refused or failed, and then nothing was written to the target."""

from __future__ import annotations

import json
import sys

import click

from atelier_tui.cli import EXIT_BAD_INPUT, _actor, _engine, _open_database, db
from atelier_tui.cli.progress import progress_display, quiet_option
from atelier_tui.i18n import _
from atelier_tui.progress import silent


@db.command("copy")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="The database to copy into: migrated (`atelier --db URL db upgrade`) and empty.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows copied per table as JSON.")
@quiet_option
@click.pass_context
def db_copy(ctx: click.Context, target_url: str, as_json: bool, quiet: bool) -> None:
    """Copy every row of this database into another one (SQLite to PostgreSQL), ids and audit chain kept."""
    from atelier_tui.services.permissions import PermissionDenied, require
    from atelier_tui.store.copy import CopyError, copy_database
    from atelier_tui.store.schema import schema_state

    source = _engine(ctx.find_root())
    target = _open_database(target_url, "--to")
    try:
        if schema_state(source).up_to_date:  # a source to upgrade first is refused below, in one line
            try:
                require(_actor(), "database.backup")  # a copy reads the whole workshop, as a backup does
            except PermissionDenied as refused:
                _refuse(str(refused))
        try:
            with progress_display(quiet) as progress:
                result = copy_database(source, target, progress=progress or silent)
        except CopyError as refused:
            _refuse(str(refused))
            return
    finally:
        source.dispose()
        target.dispose()
    if as_json:
        click.echo(json.dumps({
            "source": result.source, "target": result.target, "revision": result.revision, "rows": result.rows,
            "audit": {"events": result.audit_events, "intact": result.audit_intact, "last_hash": result.last_hash},
        }, indent=2))
        return
    click.echo(_("copied {rows} rows of {tables} tables from {source} to {target}, schema revision {revision}").format(
        rows=result.total_rows, tables=len(result.rows), source=result.source, target=result.target,
        revision=result.revision))
    if result.audit_intact:
        click.echo(_("audit chain intact on the target: {count} events, last hash {hash}").format(
            count=result.audit_events, hash=result.last_hash[:16]))
    else:
        click.echo(_("audit chain copied as it was, already broken on the source: run `atelier audit verify`"))


def _refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)
