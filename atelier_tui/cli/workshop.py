"""Commands that move the workshop's own data in and out: TOML export/import, CSV import."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from atelier_tui.cli import EXIT_BAD_INPUT, _actor, _engine, _fail, _now, _require_schema, cli
from atelier_tui.cli.progress import progress_display, quiet_option
from atelier_tui.progress import silent

__all__ = ["_actor", "_read"]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        click.echo(f"{path}:1: is not UTF-8 text", err=True)
        sys.exit(EXIT_BAD_INPUT)


@cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, file: Path) -> None:
    """Write the workshop (sites, staff, benches, tools, lots, orders) to a TOML file."""
    from atelier_tui.services.transfer.workshop_file import export_workshop

    engine = _engine(ctx)
    _require_schema(engine)
    if not file.parent.is_dir():
        _fail(f"FILE: the folder {file.parent} does not exist")
    text = export_workshop(engine)
    temporary = file.with_name(file.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(file)  # never leave a half-written export behind
    except OSError as error:
        temporary.unlink(missing_ok=True)
        _fail(f"FILE: cannot write {file}: {error.strerror or error}")
    click.echo(f"exported to {file}")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@quiet_option
@click.pass_context
def import_command(ctx: click.Context, file: Path, quiet: bool) -> None:
    """Upsert a workshop TOML file (as written by `atelier export`) in one transaction."""
    from atelier_tui.services.transfer.workshop_file import WorkshopFileError, import_workshop

    engine = _engine(ctx)
    _require_schema(engine)
    try:
        with progress_display(quiet) as progress:
            report = import_workshop(engine, _read(file), str(file), _actor(), _now(), progress=progress or silent)
    except WorkshopFileError as exc:
        for error in exc.errors:
            click.echo(error, err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(report.summary())


@cli.command("import-csv")
@click.argument("kind", type=click.Choice(["tools", "lots"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would be created, updated or rejected; write nothing.")
@quiet_option
@click.pass_context
def import_csv_command(ctx: click.Context, kind: str, file: Path, dry_run: bool, quiet: bool) -> None:
    """Import tools or lots from a spreadsheet export; nothing is written unless every row is valid."""
    from atelier_tui.services.transfer.spreadsheet_import import import_lots_csv, import_tools_csv

    engine = _engine(ctx)
    _require_schema(engine)
    run = import_tools_csv if kind == "tools" else import_lots_csv
    with progress_display(quiet) as progress:
        report = run(engine, _read(file), str(file), _actor(), _now(), dry_run=dry_run, progress=progress or silent)
    for error in report.errors:
        click.echo(error, err=True)
    for row in report.rows:
        if row.action == "reject":
            for reason in row.reasons:
                click.echo(reason, err=True)
        else:
            click.echo(f"{file}:{row.line}: {row.action} {row.key}")
    counts = ", ".join(f"{report.count(action)} {action}" for action in ("create", "update", "unchanged", "reject"))
    if not report.ok:
        click.echo(f"{file}: {counts}; nothing written", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{file}: {counts}" + ("; dry run, nothing written" if dry_run else ""))
