"""`atelier stock ...`: the supplies' stock from the command line, through the same services as the
workstation's supply screen (atelier_tui/services/stock/ledger.py, supply_queries.py).

    atelier stock receive SUPPLY LOT QUANTITY --location CODE [--expires DATE] [--received-on DATE]
    atelier stock consume SUPPLY LOT QUANTITY [--order REF]
    atelier stock adjust SUPPLY LOT CHANGE --reason TEXT
    atelier stock dispose SUPPLY LOT QUANTITY --waste-stream STREAM [--reason TEXT]
    atelier stock transfer SUPPLY LOT --to LOCATION
    atelier stock show [SUPPLY]
    atelier stock ledger SUPPLY [--lot LOT] [--limit N]

SUPPLY is a catalog key, an IEC code or an alias ('371'); a quantity carries its unit ('2 piece',
'0.5 ml'). Exit 0 done, 1 refused by the stock itself (not that much free), 2 bad input; every
command takes --json."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from atelier_tui.cli.common import acting_person, now, ready, refuse, refusing
from atelier_tui.cli.output import echo, echo_json, echo_table
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import N_, _

_ARGUMENTS = {"supply": "SUPPLY", "lot_number": "LOT", "quantity": "QUANTITY", "change": "CHANGE", "location": "--location",
              "expires": "--expires", "received_on": "--received-on", "order": "--order", "reason": "--reason",
              "waste_stream": "--waste-stream"}


def _day(text: str, field: str) -> date | None:
    """An optional date typed as YYYY-MM-DD; anything else is refused naming its option."""
    from atelier_tui.services.context import ServiceError

    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        refuse(ServiceError(_("{field}: '{value}' is not a date (YYYY-MM-DD)").format(field=field, value=text), field=field))


@click.group(cls=ValueGroup)
def stock() -> None:
    """Supplies in stock: receive lots, consume, adjust, dispose, move them; stock and ledger."""


def _ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    engine = ready(ctx)
    return engine


def _lot_data(lot: Any, supply: Any, engine: Any) -> dict[str, Any]:
    from atelier_tui.services.stock.queries import list_lots

    row = next(row for row in list_lots(engine, supply.key, now().date(), include_disposed=True) if row.lot_number == lot.lot_number)
    return _lot_row_data(row)


def _lot_row_data(row: Any) -> dict[str, Any]:
    return {"supply": row.supply_key, "lot": row.lot_number, "quantity": row.quantity, "reserved": row.reserved,
            "unit": row.stock_unit, "where": row.where, "received_on": row.received_on.isoformat(),
            "expires_on": row.expires_on.isoformat() if row.expires_on else None,
            "opened_on": row.opened_on.isoformat() if row.opened_on else None, "status": row.status, "expiry": row.expiry}


def _changed(ctx: click.Context, as_json: bool, change: Any, done: str, names: dict[str, str] = _ARGUMENTS) -> None:
    """Runs one stock change (`change(engine, actor, now)` returns the lot) and prints the lot."""
    from atelier_tui.domain.units import UnitError
    from atelier_tui.services.stock.ledger import named_supply
    from atelier_tui.wording.numbers import quantity_text

    engine = ready(ctx)
    with refusing(names, UnitError):
        lot = change(engine, acting_person(), now())
        supply = named_supply(engine, ctx.params["supply"])
    data = _lot_data(lot, supply, engine)
    if as_json:
        echo_json(data)
        return
    echo(done.format(supply=supply.key, lot=lot.lot_number) + ": " + _("{quantity} in {where} ({reserved} reserved)").format(
        quantity=quantity_text(data["quantity"], data["unit"]), where=data["where"] or "-",
        reserved=quantity_text(data["reserved"], data["unit"])))


@stock.command("receive")
@click.argument("supply")
@click.argument("lot_number", metavar="LOT")
@click.argument("quantity")
@click.option("--location", default="", help="The store location code it goes to (required).")
@click.option("--expires", default="", help="Expiry date, YYYY-MM-DD (default: from the supply's shelf life).")
@click.option("--received-on", default="", help="YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the lot as JSON.")
@click.pass_context
def stock_receive(ctx: click.Context, supply: str, lot_number: str, quantity: str, location: str, expires: str,
                  received_on: str, as_json: bool) -> None:
    """Receive a new lot of a supply into a store location.

    Example: atelier stock receive 371 L-2031 "20 piece" --location C1 --expires 2029-06-30"""
    from atelier_tui.services.stock.ledger import receive_lot

    expires_on, received = _day(expires, "expires"), _day(received_on, "received_on")
    _changed(ctx, as_json, lambda engine, actor, now: receive_lot(
        engine, actor, now, supply, lot_number, quantity, location, expires_on=expires_on, received_on=received),
        _("{supply} lot {lot} received"))


@stock.command("consume")
@click.argument("supply")
@click.argument("lot_number", metavar="LOT")
@click.argument("quantity")
@click.option("--order", default=None, help="The repair order it was used for.")
@click.option("--json", "as_json", is_flag=True, help="Print the lot as JSON.")
@click.pass_context
def stock_consume(ctx: click.Context, supply: str, lot_number: str, quantity: str, order: str | None, as_json: bool) -> None:
    """Take a quantity out of a lot (refused, exit 1, when not that much is free).

    Example: atelier stock consume moebius_9010 M-77 "0.2 ml" --order OR-2026-0042"""
    from atelier_tui.services.stock.ledger import consume

    _changed(ctx, as_json, lambda engine, actor, now: consume(engine, actor, now, supply, lot_number, quantity, order),
             _("{supply} lot {lot}: consumption recorded"))


@stock.command("adjust")
@click.argument("supply")
@click.argument("lot_number", metavar="LOT")
@click.argument("change")
@click.option("--reason", default="", help="Why the count differs (required).")
@click.option("--json", "as_json", is_flag=True, help="Print the lot as JSON.")
@click.pass_context
def stock_adjust(ctx: click.Context, supply: str, lot_number: str, change: str, reason: str, as_json: bool) -> None:
    """Correct a lot's quantity after a count, up or down, with a reason.

    Example: atelier stock adjust 371 L-2031 "-2 piece" --reason "count of 2026-11-30\""""
    from atelier_tui.services.stock.ledger import adjust

    _changed(ctx, as_json, lambda engine, actor, now: adjust(engine, actor, now, supply, lot_number, change, reason),
             _("{supply} lot {lot}: adjustment recorded"))


@stock.command("dispose")
@click.argument("supply")
@click.argument("lot_number", metavar="LOT")
@click.argument("quantity")
@click.option("--waste-stream", default="", help="battery_collection, solvent_waste or general (required).")
@click.option("--reason", default="", help="Why (expired, contaminated, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print the lot as JSON.")
@click.pass_context
def stock_dispose(ctx: click.Context, supply: str, lot_number: str, quantity: str, waste_stream: str, reason: str,
                  as_json: bool) -> None:
    """Dispose of a quantity of a lot into a waste stream (a lot emptied so is marked disposed).

    Example: atelier stock dispose 371 L-2031 "3 piece" --waste-stream battery_collection --reason expired"""
    from atelier_tui.services.stock.ledger import dispose

    _changed(ctx, as_json, lambda engine, actor, now: dispose(engine, actor, now, supply, lot_number, quantity, waste_stream, reason),
             _("{supply} lot {lot}: disposal recorded"))


@stock.command("transfer")
@click.argument("supply")
@click.argument("lot_number", metavar="LOT")
@click.option("--to", "location", default="", help="The store location code it moves to (required).")
@click.option("--json", "as_json", is_flag=True, help="Print the lot as JSON.")
@click.pass_context
def stock_transfer(ctx: click.Context, supply: str, lot_number: str, location: str, as_json: bool) -> None:
    """Move a whole lot to another store location (recorded in the ledger, quantity unchanged).

    Example: atelier stock transfer 371 L-2031 --to C2"""
    from atelier_tui.services.stock.ledger import transfer

    _changed(ctx, as_json, lambda engine, actor, now: transfer(engine, actor, now, supply, lot_number, location),
             _("{supply} lot {lot} moved"), {**_ARGUMENTS, "location": "--to"})


@stock.command("show")
@click.argument("supply", required=False)
@click.option("--stocked", is_flag=True, help="Without SUPPLY: only the supplies with something in stock.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stock_show(ctx: click.Context, supply: str | None, stocked: bool, as_json: bool) -> None:
    """The stock of every supply (on hand, reserved, state), or of one supply with its lots.

    Example: atelier stock show 371 --json"""
    from atelier_tui.domain.vocabulary import LotStatus
    from atelier_tui.i18n import localized
    from atelier_tui.services.stock.filters import STATES
    from atelier_tui.services.stock.ledger import named_supply
    from atelier_tui.services.stock.queries import list_lots, supply_row
    from atelier_tui.wording.numbers import quantity_text
    from atelier_tui.wording.vocabulary import word

    def state_word(state: str) -> str:  # the stored or computed state in the interface language (--json keeps it)
        return _(STATES[state]) if state in STATES else state

    engine = ready(ctx)
    today = now().date()
    if supply is None:
        rows = _every_supply(engine, today, stocked)
        if as_json:
            echo_json([_supply_data(row) for row in rows])
            return
        # The key is what the other stock commands take; the name is what the supply is.
        echo_table([_("supply"), _("name"), _("on hand"), _("reserved"), _("state")],
                   [[row.key, localized(row.name_en, row.name_fr), quantity_text(row.on_hand, row.stock_unit),
                     quantity_text(row.reserved, row.stock_unit), state_word(row.state)] for row in rows])
        return
    with refusing(_ARGUMENTS):
        key = named_supply(engine, supply).key
    row = supply_row(engine, key, today)
    lots = list_lots(engine, key, today)
    if as_json:
        echo_json({**_supply_data(row), "lots": [_lot_row_data(lot) for lot in lots]})
        return
    echo(_("{supply} ({name}): {quantity} on hand, {reserved} reserved, reorder at {point}: {state}").format(
        supply=row.key, name=localized(row.name_en, row.name_fr), quantity=quantity_text(row.on_hand, row.stock_unit),
        reserved=quantity_text(row.reserved, row.stock_unit), point=quantity_text(row.reorder_point, row.stock_unit),
        state=state_word(row.state)))
    for lot in lots:
        echo("  " + _("lot {lot}: {quantity} ({reserved} reserved) in {where}, expires {expires}, {status}").format(
            lot=lot.lot_number, quantity=quantity_text(lot.quantity, lot.stock_unit), reserved=quantity_text(lot.reserved, lot.stock_unit),
            where=lot.where or "-", expires=lot.expires_on.isoformat() if lot.expires_on else "-",
            status=word(LotStatus, lot.status) if lot.expiry == "ok" else f"{word(LotStatus, lot.status)}, {_(_EXPIRY[lot.expiry])}"))


# A lot's expiry as stock.queries computes it, in words (the same the supplies screen uses).
_EXPIRY = {"expiring": N_("expiring"), "expired": N_("expired"), "open_too_long": N_("opened too long")}


def _every_supply(engine: Any, today: date, stocked: bool) -> list[Any]:
    from atelier_tui.services.common.paging import MAX_PAGE
    from atelier_tui.services.stock.queries import list_supplies

    rows: list[Any] = []
    while True:
        page = list_supplies(engine, today, only_stocked=stocked, offset=len(rows), limit=MAX_PAGE)
        rows.extend(page.rows)
        if not page.rows or len(rows) >= page.total:
            return rows


def _supply_data(row: Any) -> dict[str, Any]:
    return {"supply": row.key, "name_en": row.name_en, "name_fr": row.name_fr, "category": row.category, "unit": row.stock_unit,
            "on_hand": row.on_hand, "reserved": row.reserved, "reorder_point": row.reorder_point, "lot_count": row.lots,
            "earliest_expiry": row.earliest_expiry.isoformat() if row.earliest_expiry else None,
            "expired_lots": row.expired_lots, "state": row.state}


@stock.command("ledger")
@click.argument("supply")
@click.option("--lot", "lot_number", default=None, help="Only the movements of this lot.")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=200, show_default=True, help="The newest this many movements.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stock_ledger(ctx: click.Context, supply: str, lot_number: str | None, limit: int, as_json: bool) -> None:
    """The movements of a supply (or of one lot), newest first: what came in is positive.

    Example: atelier stock ledger 371 --lot L-2031"""
    from atelier_tui.services.stock.ledger import named_supply
    from atelier_tui.services.stock.queries import ledger
    from atelier_tui.wording.numbers import quantity_text

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        key = named_supply(engine, supply).key
    movements = ledger(engine, key, lot_number, limit)
    if as_json:
        echo_json([
            {"at": m.at.isoformat(), "kind": m.kind, "lot": m.lot_number, "quantity": m.quantity, "unit": m.stock_unit,
             "actor": m.actor, "order": m.order_reference, "reason": m.reason, "waste_stream": m.waste_stream}
            for m in movements])
        return
    if not movements:
        echo(_("no movements"))
    for m in movements:
        extra = " ".join(part for part in (m.order_reference or "", m.waste_stream or "", m.reason) if part)
        echo(f"{m.at.astimezone():%Y-%m-%d %H:%M}  {m.kind:<11}  {m.lot_number}  {quantity_text(m.quantity, m.stock_unit)}"
       f"  {m.actor or '-'}" + (f"  {extra}" if extra else ""))
