"""`atelier db upgrade|current|copy`: the database's schema, and the whole workshop database copied
into another one (`db copy --to URL [--json]`), the way a workshop moves from its SQLite file to
PostgreSQL (docs/postgresql.md):

    ATELIER_DATABASE_URL=postgresql://atelier@dbhost/atelier atelier db upgrade
    atelier db copy --to postgresql://atelier@dbhost/atelier

The source is the usual database (`--db`, ATELIER_DATABASE_URL, or the SQLite file in the user data
folder); only an admin of its workshop copies it (atelier_tui/services/admin/backup.py). The
target must be at the same schema revision and hold no row (atelier_tui/store/copy.py says why). Exit 0 when copied; 2 with one line on stderr
when refused or failed, and then nothing was written to the target."""

from __future__ import annotations

import sys
from typing import Any

import click

from atelier_tui.cli.common import EXIT_NO, database_url, engine_of, fail, open_database
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.progress import progress_display, quiet_option
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _, ngettext
from atelier_tui.progress import silent


@click.group(cls=ValueGroup)
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Upgrade the schema to the newest revision.

    Example: atelier --db postgresql://atelier@db/atelier db upgrade"""
    from atelier_tui.store import migrate
    from atelier_tui.store.schema import schema_state

    engine = engine_of(ctx)
    migrate.upgrade(engine)
    echo(f"schema at {schema_state(engine).current}")
    echo(_search_state(engine))


def _search_state(engine: Any) -> str:
    """One line on how the lists' filters find text: through an index, or by reading every row."""
    from atelier_tui.services.common.substring import TRIGRAM_SINCE, search_index_state

    state, version = search_index_state(engine)
    if state == "fts5":
        return _("substring search: trigram index (SQLite {version}, FTS5)").format(version=version)
    if state == "pg_trgm":
        return _("substring search: pg_trgm trigram indexes")
    if state == "no_trigram":
        return _("substring search: no index, filters read every row: this SQLite ({version}) has no FTS5 trigram "
                 "tokenizer (SQLite {since} or later, built with FTS5, has one)").format(version=version, since=TRIGRAM_SINCE)
    if state == "not_built":
        return _("substring search: no index yet: run `atelier db upgrade`")
    return _("substring search: no index on this database, filters read every row")


@db.command("current")
@click.option("--json", "as_json", is_flag=True, help="Print the revision as JSON (same exit codes).")
@click.pass_context
def db_current(ctx: click.Context, as_json: bool) -> None:
    """Print the schema revision of the database.

    Example: atelier db current --json"""
    from atelier_tui.store.schema import HEAD_REVISION, schema_state

    state = schema_state(engine_of(ctx, existing=True))
    if as_json:
        echo_json({"current": state.current, "head": HEAD_REVISION, "up_to_date": state.up_to_date})
        sys.exit(0 if state.up_to_date else EXIT_NO)
    if state.current is None:
        echo("empty (no schema): run `atelier init`")
        sys.exit(EXIT_NO)
    echo(f"{state.current}{' (head)' if state.up_to_date else f' (head is {HEAD_REVISION}: run `atelier db upgrade`)'}")
    if state.up_to_date:
        echo(_search_state(engine_of(ctx)))
    sys.exit(0 if state.up_to_date else EXIT_NO)


@db.command("copy")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="The database to copy into: migrated (`atelier --db URL db upgrade`) and empty.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows copied per table as JSON.")
@quiet_option
@click.pass_context
def db_copy(ctx: click.Context, target_url: str, as_json: bool, quiet: bool) -> None:
    """Copy every row of this database into another one (SQLite to PostgreSQL), ids and audit chain kept.

    Example: atelier db copy --to postgresql://atelier@db/atelier --json"""
    from atelier_tui.services.admin.backup import acting_on_database, copy_workshop
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store.copy import CopyError

    source = engine_of(ctx)
    target = open_database(target_url, "--to")
    try:
        try:
            actor = acting_on_database(database_url(ctx), os_account(), ctx.find_root().obj.get("acting_for"))
            with progress_display(quiet) as progress:
                result = copy_workshop(source, target, actor, progress=progress or silent)
        except (ServiceError, CopyError) as refused:
            fail(str(refused))
    finally:
        source.dispose()
        target.dispose()
    if as_json:
        echo_json({
            "source": result.source, "target": result.target, "revision": result.revision, "rows": result.rows,
            "audit": {"events": result.audit_events, "intact": result.audit_intact, "last_hash": result.last_hash},
        }, ascii_only=True)
        return
    echo(_("copied {rows} rows of {tables} tables from {source} to {target}, schema revision {revision}").format(
        rows=result.total_rows, tables=len(result.rows), source=result.source, target=result.target,
        revision=result.revision))
    if result.audit_intact:
        echo(ngettext("audit chain intact on the target: {count} event, last hash {hash}", "audit chain intact on the target: {count} events, last hash {hash}",
                      result.audit_events).format(
            count=result.audit_events, hash=result.last_hash[:16]))
    else:
        echo(_("audit chain copied as it was, already broken on the source: run `atelier audit verify`"))
