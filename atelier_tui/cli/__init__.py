"""The command line: parses, calls a service, prints. Exit codes: 0 success, 1 "no", 2 bad usage
or bad input. Heavy modules are imported inside commands so that `atelier` opens fast."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.progress import quiet_option
from atelier_tui.cli.values import ValueGroup

EXIT_NO = 1
EXIT_BAD_INPUT = 2


def _now() -> datetime:
    return datetime.now(UTC)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _engine(ctx: click.Context):  # type: ignore[no-untyped-def]
    return _open_database(ctx.obj["db"], "--db")


def _open_database(given: str | None, option: str):  # type: ignore[no-untyped-def]
    """The engine of the database `given` on the command line as `option` (or the default one),
    refused in one line when atelier cannot speak to it."""
    from atelier_tui.store.engine import make_engine, resolve_database_url
    from atelier_tui.store.location import unsupported_reason

    url = resolve_database_url(given)
    reason = unsupported_reason(url)
    if reason == "scheme":
        _fail(f"{option}: '{url.split('://', 1)[0]}' databases are not supported: give a SQLite file or a postgresql:// URL")
    if reason == "driver":
        _fail(f"{option}: PostgreSQL needs the psycopg driver: pip install 'atelier-tui[postgres]'")
    return make_engine(url)


# The numbers a command takes are bounded where they are read: past what the database stores they
# are bad input, not a failure deep inside.
RECORD_ID = click.IntRange(1, 2**63 - 1)


def _require_up_to_date(engine) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.schema import schema_state

    if not schema_state(engine).up_to_date:
        _fail(f"the database at {engine.url} is not initialised or not up to date: run `atelier init` (or `atelier db upgrade`)")


def _require_schema(engine) -> None:  # type: ignore[no-untyped-def]
    """The database is ready and the person running the command is staff of its workshop."""
    _require_up_to_date(engine)
    _identity(engine)


def _identity(engine):  # type: ignore[no-untyped-def]
    """Who runs this command (the OS account, or the staff member a gateway account acts for),
    resolved once per command; a refusal is one line and exit code 2."""
    from atelier_tui.services.staff.identity import os_account, resolve_identity

    from atelier_tui.services.context import ServiceError

    root = click.get_current_context().find_root()
    if "identity" not in root.obj:
        try:
            root.obj["identity"] = resolve_identity(engine, os_account(), root.obj.get("acting_for"))
        except ServiceError as refused:
            _fail(str(refused))
    return root.obj["identity"]


def _actor():  # type: ignore[no-untyped-def]
    """The acting staff member of this command, as the services take it."""
    root = click.get_current_context().find_root()
    return _identity(_engine(root)).actor()


@click.group(cls=ValueGroup, invoke_without_command=True)
@click.option("--db", envvar="ATELIER_DATABASE_URL", help="Database URL or SQLite file path.")
@click.option("--as", "acting_for", metavar="LOGIN", help="Act for this staff member (gateway accounts only).")
@click.option("--readonly", is_flag=True, help="Open the TUI with every change hidden.")
@click.option("--no-mouse", is_flag=True, help="Do not ask the terminal for mouse events.")
@click.option("--view", type=click.Choice(["dashboard", "benches", "tools", "supplies", "orders", "planner", "audit", "staff"]), default="dashboard",
              help="The view to open first.")
@click.version_option(package_name="atelier-tui")
@click.pass_context
def cli(ctx: click.Context, db: str | None, acting_for: str | None, readonly: bool, no_mouse: bool, view: str) -> None:
    """atelier: tools, supplies and readiness for the watch-repair bench."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["acting_for"] = acting_for
    from atelier_tui.i18n import set_language
    from atelier_tui.settings import interface_language, load_settings, report_problems

    settings = load_settings()
    set_language(interface_language(settings))  # the workstation sets it again, from its own arguments
    report_problems(settings)
    if ctx.invoked_subcommand is not None:
        _say_what_writes_wait_for()
    if ctx.invoked_subcommand is None:
        _open_tui(db, readonly=readonly, no_mouse=no_mouse, acting_for=acting_for, view=view)


def _say_what_writes_wait_for() -> None:
    """A command whose write waits for the database (behind someone's import) says for whom, on
    standard error, then keeps waiting."""
    from atelier_tui.services.common.write_waits import tell_each_wait_once

    tell_each_wait_once(lambda sentence: click.echo(sentence, err=True))


def _open_tui(
    db: str | None, readonly: bool = False, no_mouse: bool = False, acting_for: str | None = None, view: str = "dashboard"
) -> None:
    from atelier_tui.launch import refuse_without_terminal
    from atelier_tui.slow_link import prepare
    from atelier_tui.store.location import resolve_database_url

    refuse_without_terminal()
    slow = prepare()  # before Textual is imported: it reads its frame rate then
    from atelier_tui.tui.app import AtelierApp

    AtelierApp(database_url=resolve_database_url(db), readonly=readonly, acting_for=acting_for,
               first_view=view).run(mouse=not (no_mouse or slow))


def _initialise(engine, demo: bool, size: str, seed: int, quiet: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Schema, shipped catalogs and, if asked, the demo workshop, as the person running `init`. On a
    database that already holds a workshop, that person is resolved (and must be allowed to import
    catalogs) before anything is written; a new one is administered by the account creating it.
    On a terminal, each stage is drawn as it goes (unless `quiet`)."""
    from atelier_tui.cli.progress import progress_display

    with progress_display(quiet) as progress:
        return _initialise_stages(engine, demo, size, seed, progress)


def _initialise_stages(engine, demo: bool, size: str, seed: int, progress) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from atelier_tui.catalogs import SHIPPED_CATALOGS
    from atelier_tui.i18n import _
    from atelier_tui.progress import silent
    from atelier_tui.services.transfer.catalog_import import import_catalogs
    from atelier_tui.services.context import ServiceError
    from atelier_tui.demo.gateway import workshop_site
    from atelier_tui.services.permissions import require
    from atelier_tui.store import migrate
    from atelier_tui.store.schema import schema_state

    now = _now()
    existing = schema_state(engine).current is not None
    if existing:
        actor = _identity(engine).actor()
        try:
            require(actor, "catalog.import")
        except ServiceError as refused:
            _fail(str(refused))
        site = workshop_site(engine) if demo else None
        if site is not None:
            _fail(_("this database already holds a workshop (site {site}): a demo is only generated into an empty one")
                  .format(site=site))
    report = progress or silent
    report("schema", 0, 1)
    migrate.upgrade(engine)
    report("schema", 1, 1)
    if not existing:
        actor = _identity(engine).actor()
    try:
        summary = import_catalogs(engine, [SHIPPED_CATALOGS], actor, now, progress=report)
    except ServiceError as refused:
        _fail(str(refused))
    result: dict[str, Any] = {"catalogs_created": dict(summary.created), "catalogs_updated": dict(summary.updated)}
    if demo:
        from atelier_tui.demo.generate import generate_demo
        from atelier_tui.demo.gateway import admit_demo_gateway
        from atelier_tui.services.staff.identity import os_account

        result["demo"] = dict(generate_demo(engine, size=size, seed=seed, now=now, actor=actor, progress=report).counts)
        admit_demo_gateway(engine, now, os_account())
    return result


@cli.command()
@click.option("--demo", is_flag=True, help="Also add the demo workshop.")
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True)
@click.option("--seed", type=int, default=1847, show_default=True)
@quiet_option
@click.pass_context
def init(ctx: click.Context, demo: bool, size: str, seed: int, quiet: bool) -> None:
    """Create or upgrade the database and load the shipped catalogs."""
    engine = _engine(ctx)
    result = _initialise(engine, demo, size, seed, quiet)
    click.echo(f"database ready at {engine.url.render_as_string(hide_password=True)}")
    for kind, count in sorted(result["catalogs_created"].items()):
        click.echo(f"  catalog {kind}: {count} created")
    if "demo" in result:
        click.echo("  demo workshop: " + ", ".join(f"{count} {table}" for table, count in result["demo"].items()))
        click.echo("  this account acts for a demo person: `atelier --as cmartin` (lead) or `--as tmoreau` (technician)")


@cli.command()
@click.option("--fresh", is_flag=True, help="Start again from a new demo database.")
@click.option("--as", "login", default="cmartin", show_default=True, help="Demo staff member to act as (technician: tmoreau).")
@click.pass_context
def demo(ctx: click.Context, fresh: bool, login: str) -> None:
    """Open atelier on a demo workshop (created on first use), acting as one of its people."""
    from click.core import ParameterSource

    from atelier_tui.launch import refuse_without_terminal
    from atelier_tui.services.context import ServiceError
    from atelier_tui.demo.gateway import admit_demo_gateway, refuse_unless_made_by_the_demo
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
            click.echo("creating the demo workshop…")
            _initialise(engine, True, "small", 1847)
        else:
            refuse_unless_made_by_the_demo(engine)
            if not state.up_to_date:
                migrate.upgrade(engine)
        admit_demo_gateway(engine, _now(), os_account())
    except ServiceError as refused:
        _fail(str(refused))
    engine.dispose()
    params = ctx.parent.params if ctx.parent else {}
    _open_tui(url, readonly=params.get("readonly", False), no_mouse=params.get("no_mouse", False), acting_for=login,
              view=params.get("view") or "dashboard")


@cli.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Upgrade the schema to the newest revision."""
    from atelier_tui.store import migrate
    from atelier_tui.store.schema import schema_state

    engine = _engine(ctx.parent)  # type: ignore[arg-type]
    migrate.upgrade(engine)
    click.echo(f"schema at {schema_state(engine).current}")


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Print the schema revision of the database."""
    from atelier_tui.store.schema import HEAD_REVISION, schema_state

    state = schema_state(_engine(ctx.parent))  # type: ignore[arg-type]
    if state.current is None:
        click.echo("empty (no schema): run `atelier init`")
        sys.exit(EXIT_NO)
    click.echo(f"{state.current}{' (head)' if state.up_to_date else f' (head is {HEAD_REVISION}: run `atelier db upgrade`)'}")
    sys.exit(0 if state.up_to_date else EXIT_NO)


@cli.group()
def catalog() -> None:
    """Reference catalogs (tool types, supplies, calibres, interventions, checklists, plans)."""


@catalog.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def catalog_validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check catalog files; print every error as file:line: message."""
    from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs
    from atelier_tui.catalogs.references import KnownKeys

    known = KnownKeys()
    if not any(Path(p).resolve() == SHIPPED_CATALOGS.resolve() for p in paths):
        known.merge(read_catalogs([SHIPPED_CATALOGS]).entries)  # a workshop's files may refer to shipped keys
    bundle = read_catalogs(list(paths), known)
    if as_json:
        click.echo(json.dumps({"ok": bundle.ok, "counts": bundle.counts(), "errors": [str(e) for e in bundle.errors]}, indent=2))
    for error in bundle.errors:
        click.echo(str(error), err=True)
    if not bundle.ok:
        sys.exit(EXIT_BAD_INPUT)
    if not as_json:
        click.echo("ok: " + ", ".join(f"{kind} {count}" for kind, count in bundle.counts().items() if count))


@catalog.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@quiet_option
@click.pass_context
def catalog_import(ctx: click.Context, paths: tuple[Path, ...], quiet: bool) -> None:
    """Upsert catalog entries by key, all files in one transaction."""
    from atelier_tui.cli.progress import progress_display
    from atelier_tui.progress import silent
    from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs
    from atelier_tui.services.context import ServiceError

    engine = _engine(ctx.parent)  # type: ignore[arg-type]
    _require_schema(engine)
    try:
        with progress_display(quiet) as progress:
            summary = import_catalogs(engine, list(paths), _actor(), _now(), progress=progress or silent)
    except CatalogImportError as exc:
        for error in exc.errors:
            click.echo(error, err=True)
        sys.exit(EXIT_BAD_INPUT)
    except ServiceError as refused:
        _fail(str(refused))
    kinds = sorted(set(summary.created) | set(summary.updated) | set(summary.unchanged))
    for kind in kinds:
        click.echo(f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, {summary.unchanged[kind]} unchanged")


def main() -> None:
    import os

    from atelier_tui.errors import run_guarded
    from atelier_tui.launch import COMPLETION_VARIABLE

    if COMPLETION_VARIABLE in os.environ:  # the shell asks what TAB offers
        from atelier_tui.cli.completion import attach

        attach()
    run_guarded(cli)

# Commands that move the workshop's own data in and out live in their own module.
# Each one registers its commands on `cli` as it is imported, in this order.
# isort: off
from atelier_tui.cli import workshop  # noqa: E402,F401  (registers its commands on `cli`)
from atelier_tui.cli import orders  # noqa: E402,F401  (registers the `order` group on `cli`)
from atelier_tui.cli import readiness  # noqa: E402,F401  (adds `order check|prepare|start`)
from atelier_tui.cli import checklists  # noqa: E402,F401  (registers `atelier checklist`)
from atelier_tui.cli import sheets  # noqa: E402,F401  (registers `atelier sheet`)
from atelier_tui.cli import maintenance  # noqa: E402,F401  (registers `atelier maintenance`)
from atelier_tui.cli import audit  # noqa: E402,F401  (registers `atelier audit`)
from atelier_tui.cli import backup  # noqa: E402,F401  (registers `atelier backup` and `atelier restore`)
from atelier_tui.cli import staff  # noqa: E402,F401  (registers `atelier whoami` and `atelier staff`)
from atelier_tui.cli import database  # noqa: E402,F401  (adds `atelier db copy`)
from atelier_tui.cli import serve  # noqa: E402,F401  (registers `atelier serve ssh|web`)
from atelier_tui.cli import doctor  # noqa: E402,F401  (registers `atelier doctor`)
from atelier_tui.cli import config  # noqa: E402,F401  (registers `atelier config show`)
from atelier_tui.cli import stock  # noqa: E402,F401  (registers `atelier stock`)
from atelier_tui.cli import catalog_browse  # noqa: E402,F401  (adds `atelier catalog list|show`)
# isort: on
