"""`atelier order check|prepare|start`: the readiness of an order on a bench from the command line.

`check` exits 0 when the bench is ready, 1 when it is not, 2 on bad input."""

from __future__ import annotations

import sys
from typing import Any

import click

from atelier_tui.cli import EXIT_NO, _engine, _now, _require_schema
from atelier_tui.cli.orders import order, refuse
from atelier_tui.cli.output import safe_json, shown
from atelier_tui.i18n import _

_ARGUMENTS = {"order": "REFERENCE", "bench": "--bench", "concession": "--concession"}


def _today():  # type: ignore[no-untyped-def]
    # The workshop's calendar day: a bench checklist is valid for the local day, not UTC's.
    return _now().astimezone().date()


def _finding_lines(findings: Any) -> list[str]:
    lines = []
    for finding in findings:
        mark = "✗" if finding.blocking else "!"
        lines.append(f"  {mark} {finding.code}: {finding.message}")
        if finding.remedy is not None:
            lines.append(f"      → {finding.remedy.text}")
    return lines


def _verdict_text(verdict: Any) -> list[str]:
    """The verdict's lines, with the stored text in them (references, names) made printable."""
    word = _("GO: ready") if verdict.ready else _("NO-GO: not ready")
    head = _("{order} on bench {bench}: {word}").format(order=verdict.order, bench=verdict.bench, word=word)
    return [shown(line) for line in (head, *_finding_lines(verdict.findings))]


@order.command("check")
@click.argument("reference")
@click.option("--bench", default=None, help="Bench code (default: the bench the order is assigned to).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON (shape in the README).")
@click.pass_context
def order_check(ctx: click.Context, reference: str, bench: str | None, as_json: bool) -> None:
    """Is this bench ready for this order? Exit 0 ready, 1 not ready, 2 bad input."""
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.readiness.check import check_order

    engine = _engine(ctx)
    _require_schema(engine)
    try:
        verdict = check_order(engine, reference, bench, _now(), _today())
    except ServiceError as error:
        refuse(error, _ARGUMENTS)
    if as_json:
        click.echo(safe_json(verdict.as_dict()))
    else:
        click.echo("\n".join(_verdict_text(verdict)))
    sys.exit(0 if verdict.ready else EXIT_NO)


@order.command("prepare")
@click.argument("reference")
@click.option("--bench", default=None, help="Bench code (default: the bench the order is assigned to).")
@click.option("--block", "may_block", multiple=True, metavar="ORDER",
              help="Take a tool from another bench although this order there needs it (repeat for each order).")
@click.pass_context
def order_prepare(ctx: click.Context, reference: str, bench: str | None, may_block: tuple[str, ...]) -> None:
    """Carry out the remedies: check the tools out to the bench, reserve the supplies, list what
    to fetch (by store location) and what is left to do. A tool that orders on another bench need
    is left there unless each of them is named with --block. Exit 0 when the bench is then ready."""
    from atelier_tui.cli.workshop import _actor
    from atelier_tui.domain.units import format_value, from_micro
    from atelier_tui.services.readiness.bench_preparation import bench_cannot_serve, prepare_bench
    from atelier_tui.services.context import ServiceError

    engine = _engine(ctx)
    _require_schema(engine)
    try:
        prepared = prepare_bench(engine, _actor(), _now(), _today(), reference, bench, frozenset(may_block))
    except ServiceError as error:
        refuse(error, _ARGUMENTS)
    click.echo(shown(_("Pick list for {order} on bench {bench}:").format(order=reference, bench=prepared.bench)))
    if bench_cannot_serve(prepared.before):
        click.echo(shown("  " + _("this bench cannot serve this work: move the order first; nothing was taken or reserved")))
    elif not prepared.picks:
        click.echo("  " + _("nothing to fetch"))
    for pick in prepared.picks:
        if pick.kind == "tool":
            click.echo(shown("  " + _("{place}: tool {tag} (checked out to the bench)").format(place=pick.place or "?", tag=pick.key)))
            if pick.blocks:
                click.echo(shown("      ! " + _("{orders} on bench {bench} needed it: now blocked").format(
                    orders=", ".join(pick.blocks), bench=pick.place)))
        elif pick.kind == "lot":
            click.echo(shown("  " + _("{place}: lot {lot} of {supply}, {quantity} (reserved)").format(
                place=pick.place or "?", lot=pick.key, supply=pick.supply, quantity=format_value(from_micro(pick.quantity_micro), pick.unit))))
        else:
            click.echo(shown("  " + _("run the checklist {key}").format(key=pick.key)))
    for withheld in prepared.withheld:
        click.echo(shown("  ! " + _("{tag} left on bench {bench}: {orders} there need it; to take it anyway, add {options}").format(
            tag=withheld.tag, bench=withheld.bench, orders=", ".join(withheld.blocks),
            options=" ".join(f"--block {order}" for order in withheld.blocks))))
    click.echo("\n".join(_verdict_text(prepared.after)))
    sys.exit(0 if prepared.after.ready else EXIT_NO)


@order.command("start")
@click.argument("reference")
@click.option("--bench", default=None, help="Bench code (default: the bench the order is assigned to).")
@click.option("--concession", default="", help="A lead's written reason to start although the bench is not ready.")
@click.pass_context
def order_start(ctx: click.Context, reference: str, bench: str | None, concession: str) -> None:
    """Start work: needs a ready bench or a lead's concession; reserves the supplies and opens the sheet."""
    from atelier_tui.cli.workshop import _actor
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.start import start_order

    engine = _engine(ctx)
    _require_schema(engine)
    try:
        started = start_order(engine, _actor(), _now(), _today(), reference, bench, concession)
    except ServiceError as error:
        refuse(error, _ARGUMENTS)
    message = _("{order} started on bench {bench}; {count} lots reserved").format(
        order=reference, bench=started.bench, count=len(started.reserved))
    if started.concession:
        message += " " + _("(concession: {reason})").format(reason=started.concession)
    click.echo(shown(message))
