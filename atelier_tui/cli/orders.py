"""`atelier order ...`: repair orders from the command line. Other modules add commands to the
`order` group (`from atelier_tui.cli.orders import order`)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

import click

from atelier_tui.cli import EXIT_BAD_INPUT, EXIT_NO, _engine, _now, _require_schema, cli
from atelier_tui.cli.output import safe_json, shown
from atelier_tui.i18n import _

# A service names the field of the draft; a person typed an option. Most are the same word.
_OPTIONS = {"interventions": "--intervention", "reception_notes": "--notes"}


def option_name(field: str) -> str:
    return _OPTIONS.get(field, "--" + field.replace("_", "-"))


def refuse(error: Any, names: dict[str, str] | None = None) -> NoReturn:
    """A service's refusal as one line on stderr, naming the option (or the argument, in `names`)
    instead of the field; exit 1 when the workshop's state said no to a well-formed request, else 2."""
    from atelier_tui.services.context import WorkshopRefusal

    message = str(error)
    field = getattr(error, "field", None)
    if field:
        name = (names or {}).get(field) or option_name(field)
        # A service may write the field as words ("waste stream: ...").
        message = re.sub(rf"^{re.escape(field).replace('_', '[_ ]')}(?=\s?:)", name, message)
    click.echo(shown(message), err=True)  # it may quote what was typed or stored
    sys.exit(EXIT_NO if isinstance(error, WorkshopRefusal) else EXIT_BAD_INPUT)


@cli.group()
def order() -> None:
    """Repair orders: list them, take a watch in, assign one to a bench."""


def _all_orders(engine, status: str | None, open_only: bool) -> list[Any]:  # type: ignore[no-untyped-def]
    from atelier_tui.services.orders.queries import list_orders
    from atelier_tui.services.common.paging import MAX_PAGE

    rows: list[Any] = []
    while True:
        page = list_orders(engine, _now().date(), status=status, open_only=open_only, offset=len(rows), limit=MAX_PAGE)
        rows.extend(page.rows)
        if not page.rows or len(rows) >= page.total:
            return rows


@order.command("list")
@click.option("--status", help="Only the orders in this status (received, accepted, in_progress, ...).")
@click.option("--open", "open_only", is_flag=True, help="Only the orders not done, returned or cancelled.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def order_list(ctx: click.Context, status: str | None, open_only: bool, as_json: bool) -> None:
    """Orders by deadline: reference, status, deadline, movement kind, bench, technician."""
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.queries import ORDER_STATUSES

    if status is not None and status not in ORDER_STATUSES:
        refuse(ServiceError(_("status: '{given}' is not one of {choices}").format(
            given=status, choices=", ".join(ORDER_STATUSES)), field="status"))
    engine = _engine(ctx)
    _require_schema(engine)
    try:
        rows = _all_orders(engine, status, open_only)
    except ServiceError as error:
        refuse(error)
    if as_json:
        click.echo(safe_json([
            {"reference": row.reference, "status": row.status, "deadline": row.deadline.isoformat(),
             "movement_kind": row.movement_kind, "bench": row.bench_code, "technician": row.technician}
            for row in rows
        ]))
        return
    if not rows:
        click.echo(_("no orders"))
        return
    table = [[_("reference"), _("status"), _("deadline"), _("movement"), _("bench"), _("technician")]]
    table += [[shown(row.reference), row.status, row.deadline.isoformat(), row.movement_kind, shown(row.bench_code or "-"),
               shown(row.technician or "-")] for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


@order.command("add")
@click.option("--brand", default="", help="The watch's brand.")
@click.option("--model", default="", help="The watch's model.")
@click.option("--calibre", default="", help="Calibre key or reference (eta_2824_2, \"ETA 2824-2\").")
@click.option("--movement-kind", default="", help="manual, automatic or quartz (default: the calibre's).")
@click.option("--intervention", "interventions", multiple=True, help="An intervention key; repeat for several.")
@click.option("--deadline", default="", help="YYYY-MM-DD.")
@click.option("--received-on", default="", help="YYYY-MM-DD (default: today).")
@click.option("--reference", default="", help="Default: the next OR-YYYY-NNNN.")
@click.option("--customer-ref", default="")
@click.option("--case-serial", default="")
@click.option("--case-diameter", default="", help="\"38 mm\", \"17.75 ligne\".")
@click.option("--water-resistance", default="", help="As marked: \"10 bar\", \"100 m\", \"3 ATM\", \"water resistant\".")
@click.option("--gasket-inner-diameter", "--gasket", "gasket_inner_diameter", default="", help="\"28.5 mm\".")
@click.option("--gasket-section", default="", help="\"0.6 mm\".")
@click.option("--crystal-diameter", default="")
@click.option("--lug-width", default="")
@click.option("--battery", default="", help="The cell read on the old one: IEC code or 3-digit number (SR626SW, 377).")
@click.option("--luminous", default="", help="none, luminova, tritium, radium or unknown.")
@click.option("--vintage", is_flag=True)
@click.option("--level", default="", help="Technical level 1..3 (default: the interventions').")
@click.option("--notes", "reception_notes", default="", help="Reception notes.")
@click.option("--bench", default="", help="Bench code to assign the order to.")
@click.option("--technician", default="", help="Login of the technician to assign.")
@click.option("--site", default="", help="Site code (default: the bench's, yours, or the only one).")
@click.option("--json", "as_json", is_flag=True, help="Print {\"reference\": ...}.")
@click.pass_context
def order_add(ctx: click.Context, interventions: tuple[str, ...], as_json: bool, **typed: Any) -> None:
    """Take a watch in: create a repair order and print its reference."""
    from atelier_tui.cli.workshop import _actor
    from atelier_tui.domain.text import TOO_LONG, field_refusal, longest_text
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.reception import OrderDraft, create_order

    # The store refuses these too, naming the column; said here first, naming the option.
    for name, value in (*typed.items(), *(("interventions", text) for text in interventions)):
        code = field_refusal(name, value) if isinstance(value, str) else None
        if code == TOO_LONG:
            refuse(ServiceError(_("{field}: too long (at most {count} characters)").format(field=name, count=longest_text(name)),
                                field=name))
        if code is not None:
            refuse(ServiceError(_("{field}: control characters are not allowed").format(field=name), field=name))
    engine = _engine(ctx)
    _require_schema(engine)
    try:
        reference = create_order(engine, _actor(), _now(), OrderDraft(interventions=list(interventions), **typed))
    except ServiceError as error:
        refuse(error)
    click.echo(json.dumps({"reference": reference}) if as_json else shown(reference))


@order.command("assign")
@click.argument("reference")
@click.argument("bench", required=False)
@click.option("--technician", default=None, help="Login of the technician (default: unchanged).")
@click.pass_context
def order_assign(ctx: click.Context, reference: str, bench: str | None, technician: str | None) -> None:
    """Put an order on a bench (no BENCH: take it off its bench)."""
    from atelier_tui.cli.workshop import _actor
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.reception import set_order_bench

    engine = _engine(ctx)
    _require_schema(engine)
    try:
        set_order_bench(engine, _actor(), _now(), reference, bench, technician)
    except ServiceError as error:
        refuse(error, {"reference": "REFERENCE", "bench": "BENCH"})
    click.echo(shown(_("{reference}: bench {bench}").format(reference=reference, bench=bench or "-")))
