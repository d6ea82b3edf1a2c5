"""Commands that make a workshop and move its own data in and out: `init` (schema, shipped catalogs,
the demo if asked), `demo` (the workstation on a demo workshop), TOML `export`/`import` and
`import-csv`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import EXIT_BAD_INPUT, acting_person, engine_of, fail, identity_of, now, read_text, ready
from atelier_tui.cli.output import echo
from atelier_tui.cli.progress import progress_display, quiet_option
from atelier_tui.cli.root import open_workstation
from atelier_tui.cli.values import ValueCommand
from atelier_tui.i18n import N_, _
from atelier_tui.progress import silent


def _initialise(engine, demo: bool, size: str, seed: int, quiet: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Schema, shipped catalogs and, if asked, the demo workshop, as the person running `init`. On a
    database that already holds a workshop, that person is resolved (and must be allowed to import
    catalogs) before anything is written; a new one is administered by the account creating it.
    On a terminal, each stage is drawn as it goes (unless `quiet`)."""
    with progress_display(quiet) as progress:
        return _initialise_stages(engine, demo, size, seed, progress)


def _initialise_stages(engine, demo: bool, size: str, seed: int, progress) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from atelier_tui.catalogs import SHIPPED_CATALOGS
    from atelier_tui.demo.gateway import workshop_site
    from atelier_tui.i18n import _
    from atelier_tui.progress import silent
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.permissions import require
    from atelier_tui.services.transfer.catalog_import import import_catalogs
    from atelier_tui.store import migrate
    from atelier_tui.store.schema import schema_state

    at = now()
    existing = schema_state(engine).current is not None
    if existing:
        actor = identity_of(engine).actor()
        try:
            require(actor, "catalog.import")
        except ServiceError as refused:
            fail(str(refused))
        site = workshop_site(engine) if demo else None
        if site is not None:
            fail(_("this database already holds a workshop (site {site}): a demo is only generated into an empty one")
                  .format(site=site))
    report = progress or silent
    report("schema", 0, 1)
    migrate.upgrade(engine)
    report("schema", 1, 1)
    if not existing:
        actor = identity_of(engine).actor()
    try:
        summary = import_catalogs(engine, [SHIPPED_CATALOGS], actor, at, progress=report)
    except ServiceError as refused:
        fail(str(refused))
    result: dict[str, Any] = {"catalogs_created": dict(summary.created), "catalogs_updated": dict(summary.updated)}
    if demo:
        from atelier_tui.demo.gateway import admit_demo_gateway
        from atelier_tui.demo.generate import generate_demo
        from atelier_tui.services.staff.identity import os_account

        result["demo"] = dict(generate_demo(engine, size=size, seed=seed, now=at, actor=actor, progress=report).counts)
        admit_demo_gateway(engine, at, os_account())
    return result


@click.command(cls=ValueCommand)
@click.option("--demo", is_flag=True, help="Also add the demo workshop.")
@click.option("--size", type=click.Choice(["small", "large", "xl"]), default="small", show_default=True)
@click.option("--seed", type=int, default=1847, show_default=True)
@quiet_option
@click.pass_context
def init(ctx: click.Context, demo: bool, size: str, seed: int, quiet: bool) -> None:
    """Create or upgrade the database and load the shipped catalogs.

    Example: atelier --db /srv/atelier/atelier.db init"""
    engine = engine_of(ctx)
    result = _initialise(engine, demo, size, seed, quiet)
    echo(f"database ready at {engine.url.render_as_string(hide_password=True)}")
    for kind, count in sorted(result["catalogs_created"].items()):
        echo(f"  catalog {kind}: {count} created")
    if "demo" in result:
        echo("  demo workshop: " + ", ".join(f"{count} {table}" for table, count in result["demo"].items()))
        echo("  this account acts for a demo person: `atelier --as cmartin` (lead) or `--as tmoreau` (technician)")


@click.command(cls=ValueCommand)
@click.option("--fresh", is_flag=True, help="Start again from a new demo database.")
@click.option("--as", "login", default="cmartin", show_default=True, help="Demo staff member to act as (technician: tmoreau).")
@click.pass_context
def demo(ctx: click.Context, fresh: bool, login: str) -> None:
    """Open atelier on a demo workshop (created on first use), acting as one of its people.

    Example: atelier demo --fresh"""
    from click.core import ParameterSource

    from atelier_tui.demo.gateway import admit_demo_gateway, refuse_unless_made_by_the_demo
    from atelier_tui.launch import refuse_without_terminal
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store import migrate
    from atelier_tui.store.engine import data_dir, make_engine
    from atelier_tui.store.location import resolve_database_url
    from atelier_tui.store.schema import schema_state

    refuse_without_terminal()
    # The demo's own database, unless one is named on this command line: a workshop's
    # ATELIER_DATABASE_URL is the real workshop, never a place for the demo.
    named = ctx.parent is not None and ctx.parent.get_parameter_source("db") == ParameterSource.COMMANDLINE
    url = resolve_database_url(ctx.obj["db"]) if named and ctx.obj["db"] else None
    if url is None:
        path = data_dir() / "demo.db"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        state = schema_state(engine)
        if state.current is None:
            echo("creating the demo workshop…")
            _initialise(engine, True, "small", 1847)
        else:
            refuse_unless_made_by_the_demo(engine)
            if not state.up_to_date:
                migrate.upgrade(engine)
        admit_demo_gateway(engine, now(), os_account())
    except ServiceError as refused:
        fail(str(refused))
    engine.dispose()
    params = ctx.parent.params if ctx.parent else {}
    open_workstation(url, readonly=params.get("readonly", False), no_mouse=params.get("no_mouse", False), acting_for=login,
                     view=params.get("view") or "dashboard")


@click.command("export", cls=ValueCommand)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, file: Path) -> None:
    """Write the workshop (sites, staff, benches, tools, lots, orders) to a TOML file.

    Example: atelier export workshop.toml"""
    from atelier_tui.services.transfer.workshop_file import export_workshop

    engine = ready(ctx)
    if not file.name:  # '' or '.': a folder, not a file to write
        fail("FILE: give the name of the file to write, e.g. workshop.toml")
    if not file.parent.is_dir():
        fail(f"FILE: the folder {file.parent} does not exist")
    text = export_workshop(engine)
    temporary = file.with_name(file.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(file)  # never leave a half-written export behind
    except OSError as error:
        temporary.unlink(missing_ok=True)
        fail(f"FILE: cannot write {file}: {error.strerror or error}")
    echo(f"exported to {file}")


@click.command("import", cls=ValueCommand)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@quiet_option
@click.pass_context
def import_command(ctx: click.Context, file: Path, quiet: bool) -> None:
    """Upsert a workshop TOML file (as written by `atelier export`) in one transaction.

    Example: atelier import workshop.toml"""
    from atelier_tui.services.transfer.workshop_file import WorkshopFileError, import_workshop

    engine = ready(ctx)
    try:
        with progress_display(quiet) as progress:
            report = import_workshop(engine, read_text(file), str(file), acting_person(), now(), progress=progress or silent)
    except WorkshopFileError as exc:
        for error in exc.errors:
            echo(error, err=True)
        sys.exit(EXIT_BAD_INPUT)
    echo(report.summary())


@click.command("import-csv", cls=ValueCommand)
@click.argument("kind", type=click.Choice(["tools", "lots"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would be created, updated or rejected; write nothing.")
@quiet_option
@click.pass_context
def import_csv_command(ctx: click.Context, kind: str, file: Path, dry_run: bool, quiet: bool) -> None:
    """Import tools or lots from a spreadsheet export; nothing is written unless every row is valid.

    Example: atelier import-csv tools inventory.csv --dry-run"""
    from atelier_tui.services.transfer.spreadsheet_import import import_lots_csv, import_tools_csv

    engine = ready(ctx)
    run = import_tools_csv if kind == "tools" else import_lots_csv
    with progress_display(quiet) as progress:
        report = run(engine, read_text(file), str(file), acting_person(), now(), dry_run=dry_run, progress=progress or silent)
    for error in report.errors:
        echo(error, err=True)
    for row in report.rows:
        if row.action == "reject":
            for reason in row.reasons:
                echo(reason, err=True)
        else:
            echo(f"{file}:{row.line}: {_(_ROW_ACTIONS[row.action])} {row.key}")
    counts = ", ".join(f"{report.count(action)} {_(_ROW_ACTIONS[action])}" for action in _ROW_ACTIONS)
    if not report.ok:
        echo(_("{file}: {counts}; nothing written").format(file=file, counts=counts), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if dry_run:
        echo(_("{file}: {counts}; dry run, nothing written").format(file=file, counts=counts))
    else:
        echo(f"{file}: {counts}")


# What a spreadsheet row does, as the import reports it.
_ROW_ACTIONS = {"create": N_("create"), "update": N_("update"), "unchanged": N_("unchanged"), "reject": N_("reject")}
