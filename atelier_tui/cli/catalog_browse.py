"""`atelier catalog list|show`: what the database holds of the reference catalogs, so that a workshop
sees what it imports over (atelier_tui/services/transfer/catalog_queries.py).

    atelier catalog list KIND [--json]
    atelier catalog show KEY [--kind KIND] [--json]

Exit 0, or 2 with one line naming the argument (an unknown kind or key)."""

from __future__ import annotations

import json
from typing import Any

import click

from atelier_tui.cli import _engine, _require_schema, catalog
from atelier_tui.cli.orders import refuse
from atelier_tui.cli.output import echo, safe_json
from atelier_tui.i18n import _

_ARGUMENTS = {"kind": "KIND", "key": "KEY"}


def _ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    engine = _engine(ctx.find_root())
    _require_schema(engine)
    return engine


@catalog.command("list")
@click.argument("kind")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def catalog_list(ctx: click.Context, kind: str, as_json: bool) -> None:
    """The entries of one kind, by key: tool_type, supply_type (supplies), calibre, intervention,
    checklist, maintenance_plan (plans), capability or attribute.

    Example: atelier catalog list supplies --json"""
    from atelier_tui.services.transfer.catalog_queries import catalog_kind, list_catalog
    from atelier_tui.services.context import ServiceError

    try:
        wanted = catalog_kind(kind)
    except ServiceError as error:
        refuse(error, _ARGUMENTS)
    entries = list_catalog(_ready(ctx), wanted)
    if as_json:
        click.echo(safe_json(entries))
        return
    if not entries:
        click.echo(_("no entries"))
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
    from atelier_tui.services.context import ServiceError

    try:
        entry = show_entry(_ready(ctx), key, catalog_kind(kind) if kind is not None else None)
    except ServiceError as error:
        refuse(error, {**_ARGUMENTS, "kind": "--kind"})
    if as_json:
        click.echo(safe_json(entry))
        return
    echo(f"{entry['kind']} {entry['key']}: {entry.get('name_en', '')}".rstrip(": "))
    for name, value in entry.items():
        if name in ("kind", "key", "name_en"):
            continue
        echo(f"  {name}: " + _value_text(value))


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
