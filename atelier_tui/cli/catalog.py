"""`atelier catalog ...`: the reference catalogs (tool types, supplies, calibres, interventions,
checklists, plans): check files, import them, and see what the database holds of them, so that a
workshop sees what it imports over (atelier_tui/services/transfer/catalog_queries.py).

    atelier catalog validate PATH... [--json]
    atelier catalog import PATH... [--quiet]
    atelier catalog list KIND [--json]
    atelier catalog show KEY [--kind KIND] [--json]

Exit 0; 2 with every error of the files as file:line: message, or with one line naming the argument
(an unknown kind or key)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import EXIT_BAD_INPUT, acting_person, fail, now, ready, refusing
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.progress import progress_display, quiet_option
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _

_ARGUMENTS = {"kind": "KIND", "key": "KEY"}


@click.group(cls=ValueGroup)
def catalog() -> None:
    """Reference catalogs (tool types, supplies, calibres, interventions, checklists, plans)."""


@catalog.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def catalog_validate(paths: tuple[Path, ...], as_json: bool) -> None:
    """Check catalog files; print every error as file:line: message.

    Example: atelier catalog validate my-catalogs/*.toml --json"""
    from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs
    from atelier_tui.catalogs.references import KnownKeys

    known = KnownKeys()
    if not any(Path(p).resolve() == SHIPPED_CATALOGS.resolve() for p in paths):
        known.merge(read_catalogs([SHIPPED_CATALOGS]).entries)  # a workshop's files may refer to shipped keys
    bundle = read_catalogs(list(paths), known)
    if as_json:
        echo_json({"ok": bundle.ok, "counts": bundle.counts(), "errors": [str(e) for e in bundle.errors]}, ascii_only=True)
    for error in bundle.errors:
        echo(str(error), err=True)
    if not bundle.ok:
        sys.exit(EXIT_BAD_INPUT)
    if not as_json:
        echo("ok: " + ", ".join(f"{kind} {count}" for kind, count in bundle.counts().items() if count))


@catalog.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@quiet_option
@click.pass_context
def catalog_import(ctx: click.Context, paths: tuple[Path, ...], quiet: bool) -> None:
    """Upsert catalog entries by key, all files in one transaction.

    Example: atelier catalog import my-catalogs/"""
    from atelier_tui.progress import silent
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs

    engine = ready(ctx)
    try:
        with progress_display(quiet) as progress:
            summary = import_catalogs(engine, list(paths), acting_person(), now(), progress=progress or silent)
    except CatalogImportError as exc:
        for error in exc.errors:
            echo(error, err=True)
        sys.exit(EXIT_BAD_INPUT)
    except ServiceError as refused:
        fail(str(refused))
    kinds = sorted(set(summary.created) | set(summary.updated) | set(summary.unchanged))
    for kind in kinds:
        echo(f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, {summary.unchanged[kind]} unchanged")


@catalog.command("list")
@click.argument("kind")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def catalog_list(ctx: click.Context, kind: str, as_json: bool) -> None:
    """The entries of one kind, by key: tool_type, supply_type (supplies), calibre, intervention,
    checklist, maintenance_plan (plans), capability or attribute.

    Example: atelier catalog list supplies --json"""
    from atelier_tui.services.transfer.catalog_queries import catalog_kind, list_catalog

    with refusing(_ARGUMENTS):
        wanted = catalog_kind(kind)
    entries = list_catalog(ready(ctx), wanted)
    if as_json:
        echo_json(entries)
        return
    if not entries:
        echo(_("no entries"))
    width = max((len(entry["key"]) for entry in entries), default=0)
    for entry in entries:
        extra = [str(entry[name]) for name in ("category", "stock_unit", "reference", "movement_kind", "scope", "plan_kind")
                 if entry.get(name)]
        echo(f"{entry['key'].ljust(width)}  {entry['name_en']}" + (f"  ({', '.join(extra)})" if extra else ""))


@catalog.command("show")
@click.argument("key")
@click.option("--kind", default=None, help="The kind to look in, when the key names entries of several kinds.")
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
@click.pass_context
def catalog_show(ctx: click.Context, key: str, kind: str | None, as_json: bool) -> None:
    """One entry in full: a supply with its aliases, an intervention with what it requires, a
    checklist with its items and their conditions, a plan with its steps and test points.

    Example: atelier catalog show battery_change --json"""
    from atelier_tui.services.transfer.catalog_queries import catalog_kind, show_entry

    with refusing({**_ARGUMENTS, "kind": "--kind"}):
        entry = show_entry(ready(ctx), key, catalog_kind(kind) if kind is not None else None)
    if as_json:
        echo_json(entry)
        return
    echo(f"{entry['kind']} {entry['key']}: {entry.get('name_en', '')}".rstrip(": "))
    for name, value in entry.items():
        if name in ("kind", "key", "name_en"):
            continue
        if name == "tolerances" and isinstance(value, dict) and value:
            echo(f"  {name}:")
            for line in _tolerance_lines(value, "    "):
                echo(line)
            continue
        echo(f"  {name}: " + _value_text(value))


def _tolerance_lines(tolerances: dict[str, Any], indent: str) -> list[str]:
    """A calibre's tolerances as a watchmaker reads them, one quantity a line ('mean_rate: -12 s/d
    … 12 s/d', 'beat_error: ≤ 0.6 ms'), each grade's under its name."""
    from atelier_tui.wording.numbers import degree_sign

    lines = []
    for quantity, bounds in tolerances.items():
        if quantity == "grades" and isinstance(bounds, dict):
            for grade, graded in bounds.items():
                lines.append(f"{indent}{_('grade {grade}').format(grade=grade)}:")
                lines += _tolerance_lines(graded, indent + "  ")
            continue
        low, high = (degree_sign(str((bounds.get(side) or {}).get("text", ""))) for side in ("min", "max"))
        shown = f"{low} … {high}" if low and high else f"≥ {low}" if low else f"≤ {high}" if high else _value_text(bounds)
        lines.append(f"{indent}{quantity}: {shown}")
    return lines


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
