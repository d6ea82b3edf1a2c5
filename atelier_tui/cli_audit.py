"""`atelier audit ...`: the tamper-evident audit trail from the command line.

    atelier audit verify
    atelier audit list [--entity E] [--key K] [--actor LOGIN] [--limit N] [--json]

`verify` exits 0 when the hash chain is intact, 1 naming the first event edited, removed or
reordered; bad input exits 2 with one line on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from atelier_tui.cli import EXIT_NO, _actor, _engine, _require_schema, cli
from atelier_tui.i18n import _

DEFAULT_LIMIT = 50


@cli.group()
def audit() -> None:
    """The audit trail: every change, who made it and when, chained by hash."""


def _ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    engine = _engine(ctx)
    _require_schema(engine)
    return engine


@audit.command("verify")
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """Recompute the hash chain; report the first event edited, removed or reordered."""
    from atelier_tui.services.audit import check_chain

    checked = check_chain(_ready(ctx))
    if checked.first_break is None:
        click.echo(_("chain intact: {count} events").format(count=checked.events))
        return
    click.echo(_("chain broken at {event}").format(event=checked.first_break.describe()))
    sys.exit(EXIT_NO)


def _event_json(event: Any) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(), "actor": event.actor, "action": event.action,
            "entity": event.entity, "entity_key": event.entity_key, "before": event.before, "after": event.after,
            "reason": event.reason, "prev_hash": event.prev_hash, "hash": event.hash}


@audit.command("list")
@click.option("--entity", default=None, help="Only events about this kind of thing (tool, order, lot, ...).")
@click.option("--key", default=None, help="Only events about this one (an asset tag, an order reference, ...).")
@click.option("--actor", default=None, metavar="LOGIN", help="Only the changes made by this person.")
@click.option("--limit", default=DEFAULT_LIMIT, show_default=True, help="How many events, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with before and after.")
@click.pass_context
def audit_list(ctx: click.Context, entity: str | None, key: str | None, actor: str | None, limit: int,
               as_json: bool) -> None:
    """The newest events, newest first: id, time, who, action, what, reason."""
    from atelier_tui.cli import _fail
    from atelier_tui.cli_output import safe_json, shown
    from atelier_tui.services.audit import list_events

    if limit < 1:
        _fail(_("--limit: must be 1 or more, not {given}").format(given=limit))
    events = list_events(_ready(ctx), _actor(), entity=entity, key=key, by=actor, limit=limit)
    if as_json:
        click.echo(safe_json([_event_json(event) for event in events]))
        return
    if not events:
        click.echo(_("no events"))
        return
    table = [["id", _("time"), _("actor"), _("action"), _("entity"), _("key"), _("reason")]]
    table += [[str(event.id), f"{event.at.astimezone():%Y-%m-%d %H:%M:%S}", *map(shown, (event.actor, event.action, event.entity,
               event.entity_key, event.reason))] for event in events]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
