"""`atelier order ...`: repair orders from the command line: list them, take a watch in, show one,
change its grade or estimate, assign one to a bench, and the readiness of an order on its bench (`check`, `prepare`, `start`).

`check` exits 0 when the bench is ready, 1 when it is not, 2 on bad input."""

from __future__ import annotations

import sys
from typing import Any

import click

from atelier_tui.cli.common import EXIT_NO, acting_person, now, reading_database, ready, refuse, refusing, today
from atelier_tui.cli.order_show import order_show
from atelier_tui.cli.output import echo, echo_json, echo_table, shown
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _, ngettext


@click.group(cls=ValueGroup)
def order() -> None:
    """Repair orders: list them, take a watch in, assign one to a bench."""


order.add_command(order_show)


def _status_key(given: str) -> str | None:
    """The status `given` as stored: its key (in_progress), or its words in English or in the
    interface language ("in progress", "en cours"), as the list prints them; None if none is."""
    from atelier_tui.domain.vocabulary import OrderStatus
    from atelier_tui.wording.vocabulary import WORDS

    def folded(text: str) -> str:
        return " ".join(text.replace("_", " ").casefold().split())

    return next((key for key, english in WORDS[OrderStatus].items()
                 if folded(given) in (folded(key), folded(english), folded(_(english)))), None)


@order.command("list")
@click.option("--status", help="Only the orders in this status (received, accepted, in_progress, ... or as the list words it).")
@click.option("--open", "open_only", is_flag=True, help="Only the orders not done, returned or cancelled.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def order_list(ctx: click.Context, status: str | None, open_only: bool, as_json: bool) -> None:
    """Orders by deadline: reference, status, deadline, movement kind, bench, technician.

    Example: atelier order list --status in_progress --json"""
    from atelier_tui.domain.vocabulary import MovementKind, OrderStatus
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.rows import ORDER_STATUSES, every_order
    from atelier_tui.wording.vocabulary import word

    if status is not None:
        key = _status_key(status)
        if key is None:
            refuse(ServiceError(_("status: '{given}' is not one of {choices}").format(
                given=status, choices=", ".join(ORDER_STATUSES)), field="status"))
        status = key
    database = reading_database(ctx)
    with refusing():
        rows = every_order(database, now().date(), status, open_only)
    if as_json:
        echo_json([
            {"reference": row.reference, "status": row.status, "deadline": row.deadline.isoformat(),
             "movement_kind": row.movement_kind, "bench": row.bench_code, "technician": row.technician}
            for row in rows
        ])
        return
    if not rows:
        echo(_("no orders"))
        return
    echo_table([_("reference"), _("status"), _("deadline"), _("movement"), _("bench"), _("technician")],
               [[row.reference, word(OrderStatus, row.status), row.deadline.isoformat(), word(MovementKind, row.movement_kind),
                 row.bench_code or "-", row.technician or "-"] for row in rows])


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
@click.option("--crystal-material", default="", help="sapphire, mineral or acrylic.")
@click.option("--crystal-shape", default="", help="flat, domed or box.")
@click.option("--crystal-thickness", default="", help="\"2.0 mm\".")
@click.option("--crystal-gasket-outer-diameter", default="", help="The crystal gasket's own sizes: outer diameter.")
@click.option("--crystal-gasket-inner-diameter", default="")
@click.option("--crystal-gasket-height", default="")
@click.option("--crown-type", default="", help="plain (push-in), sealed (push-in with a gasket) or screw_down.")
@click.option("--crown-diameter", default="")
@click.option("--crown-tube-diameter", default="")
@click.option("--crown-gasket-inner-diameter", default="", help="The crown's gasket: inner diameter.")
@click.option("--crown-gasket-section", default="")
@click.option("--case-back", default="", help="snap_on, screw_down or screwed (held by screws).")
@click.option("--luminous", default="", help="none, luminova, tritium, radium or unknown.")
@click.option("--vintage", is_flag=True)
@click.option("--level", default="", help="Technical level 1..3 (default: the interventions').")
@click.option("--notes", "reception_notes", default="", help="Reception notes.")
@click.option("--bench", default="", help="Bench code to assign the order to.")
@click.option("--technician", default="", help="Login of the technician to assign.")
@click.option("--site", default="", help="Site code (default: the bench's, yours, or the only one).")
@click.option("--grade", default="", help="The movement's grade its measurements are judged by: standard, elabore, top or "
              "chronometer, as the calibre defines them (default: the calibre's own tolerances).")
@click.option("--estimate", default="", help="The order's own bench time, replacing its interventions' estimates: \"3 h\", "
              "\"2 workday\" (7 h each), \"3 d\" (72 h).")
@click.option("--json", "as_json", is_flag=True, help="Print {\"reference\": ...}.")
@click.pass_context
def order_add(ctx: click.Context, interventions: tuple[str, ...], as_json: bool, **typed: Any) -> None:
    """Take a watch in: create a repair order and print its reference.

    \b
    Example: atelier order add --brand Omega --model Seamaster --calibre eta_2824_2 --intervention full_service_automatic --deadline 2026-12-20 --grade top
    """
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
    engine = ready(ctx)
    with refusing():
        reference = create_order(engine, acting_person(), now(), OrderDraft(interventions=list(interventions), **typed))
    if as_json:
        echo_json({"reference": reference}, indent=None, ascii_only=True)
    else:
        echo(shown(reference))


@order.command("assign")
@click.argument("reference")
@click.argument("bench", required=False)
@click.option("--technician", default=None, help="Login of the technician (default: unchanged).")
@click.pass_context
def order_assign(ctx: click.Context, reference: str, bench: str | None, technician: str | None) -> None:
    """Put an order on a bench (no BENCH: take it off its bench). A lead's change, audited. Exit 1
    when the order's state refuses it (its work started, or it is already assigned that way).

    Example: atelier order assign OR-2026-0042 QZ-01 --technician slefevre"""
    from atelier_tui.services.orders.reception import set_order_bench

    engine = ready(ctx)
    with refusing({"reference": "REFERENCE", "bench": "BENCH"}):
        set_order_bench(engine, acting_person(), now(), reference, bench, technician)
    echo(shown(_("{reference}: bench {bench}").format(reference=reference, bench=bench or "-")))


@order.command("plan")
@click.argument("reference")
@click.option("--grade", default=None, help="standard, elabore, top or chronometer, as the calibre defines them; \"\" for the "
              "calibre's own tolerances. Only until the work starts.")
@click.option("--estimate", default=None, help="The order's own bench time (\"6 h\", \"2 workday\"); \"\" for its "
              "interventions' estimates.")
@click.pass_context
def order_plan(ctx: click.Context, reference: str, grade: str | None, estimate: str | None) -> None:
    """Change an order's grade or its own estimate after intake (a lead's change, audited).
    Exit 1 when the order's state refuses it (closed, the grade of work already started, nothing
    to change).

    \b
    Example: atelier order plan OR-2026-0042 --grade chronometer --estimate "2 workday"
    """
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.planning import set_order_plan

    if grade is None and estimate is None:
        refuse(ServiceError(_("grade: give --grade, --estimate or both"), field="grade"))
    engine = ready(ctx)
    with refusing({"reference": "REFERENCE"}):
        set_order_plan(engine, acting_person(), now(), reference, grade, estimate)
    echo(shown(_("{reference}: plan changed").format(reference=reference)))


# The readiness of an order on a bench: check, prepare, start.
_ARGUMENTS = {"order": "REFERENCE", "bench": "--bench", "concession": "--concession"}


def _finding_lines(findings: Any) -> list[str]:
    from atelier_tui.wording import finding_message, remedy_text
    from atelier_tui.wording.readiness_words import finding_word

    lines = []
    for finding in findings:
        mark = "✗" if finding.blocking else "!"
        # the code's word in the interface language (`--json` keeps the code for scripts)
        lines.append(f"  {mark} {_('{finding}:').format(finding=finding_word(finding.code))} {finding_message(finding)}")
        if finding.remedy is not None:
            lines.append(f"      → {remedy_text(finding.remedy)}")
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
    """Is this bench ready for this order? Exit 0 ready, 1 not ready, 2 bad input.

    Example: atelier order check OR-2026-0042 --bench QZ-01 --json"""
    from atelier_tui.services.readiness.check import check_order
    from atelier_tui.services.sheets.queries import sheet_of
    from atelier_tui.wording import verdict_document

    database = reading_database(ctx)
    with refusing(_ARGUMENTS):
        verdict = check_order(database, reference, bench, now(), today())
    if as_json:
        document = verdict_document(verdict)
        with refusing(_ARGUMENTS):
            sheet = sheet_of(database, reference, with_parts=False)  # the parts are not shown: skipping them skips the ORM
        if sheet is not None:
            document["measurements"] = _measurements_document(sheet)
        echo_json(document)
    else:
        echo("\n".join(_verdict_text(verdict)))
    sys.exit(0 if verdict.ready else EXIT_NO)


def _measurements_document(sheet: Any) -> dict[str, Any]:
    """What the sheet's measurements say, judged by the order's grade (or the calibre's own
    tolerances): each reading and the latest series of rates in positions."""
    from atelier_tui.domain.measurements import series_verdict

    def bounds(found: Any) -> dict[str, Any] | None:
        return None if found is None else {"min": found.minimum, "max": found.maximum, "unit": found.unit, "tolerance": found.source}

    return {
        "grade": sheet.grade or None,
        "judged_by": "grade" if sheet.grade else "calibre",
        "readings": [{"quantity": m.quantity, "position": m.position or None, "value": m.value, "unit": m.unit, "judged": m.judged or None,
                      "bounds": bounds(m.bounds)} for m in sheet.measurements],
        "series": [{"criterion": c.key, "value": c.value, "unit": "s/d", "judged": c.judged, "bounds": bounds(c.bounds)}
                   for c in sheet.series],
        "series_verdict": series_verdict(sheet.series) or None,
    }


@order.command("prepare")
@click.argument("reference")
@click.option("--bench", default=None, help="Bench code (default: the bench the order is assigned to).")
@click.option("--block", "may_block", multiple=True, metavar="ORDER",
              help="Take a tool from another bench although this order there needs it (repeat for each order).")
@click.pass_context
def order_prepare(ctx: click.Context, reference: str, bench: str | None, may_block: tuple[str, ...]) -> None:
    """Carry out the remedies: check the tools out to the bench, reserve the supplies, list what
    to fetch (by store location) and what is left to do. A tool that orders on another bench need
    is left there unless each of them is named with --block. Exit 0 when the bench is then ready.

    Example: atelier order prepare OR-2026-0042"""
    from atelier_tui.domain.units import from_micro
    from atelier_tui.services.readiness.bench_preparation import bench_cannot_serve, prepare_bench
    from atelier_tui.wording.numbers import quantity_text

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        prepared = prepare_bench(engine, acting_person(), now(), today(), reference, bench, frozenset(may_block))
    echo(shown(_("Pick list for {order} on bench {bench}:").format(order=reference, bench=prepared.bench)))
    if bench_cannot_serve(prepared.before):
        echo(shown("  " + _("this bench cannot serve this work: move the order first; nothing was taken or reserved")))
    elif not prepared.picks:
        echo("  " + _("nothing to fetch"))
    for pick in prepared.picks:
        if pick.kind == "tool":
            echo(shown("  " + _("{place}: tool {tag} (checked out to the bench)").format(place=pick.place or "?", tag=pick.key)))
            if pick.blocks:
                echo(shown("      ! " + _("{orders} on bench {bench} needed it: now blocked").format(
                    orders=", ".join(pick.blocks), bench=pick.place)))
        elif pick.kind == "lot":
            echo(shown("  " + _("{place}: lot {lot} of {supply}, {quantity} (reserved)").format(
                place=pick.place or "?", lot=pick.key, supply=pick.supply, quantity=quantity_text(from_micro(pick.quantity_micro), pick.unit))))
        else:
            echo(shown("  " + _("run the checklist {key}").format(key=pick.key)))
    for withheld in prepared.withheld:
        echo(shown("  ! " + _("{tag} left on bench {bench}: {orders} there need it; to take it anyway, add {options}").format(
            tag=withheld.tag, bench=withheld.bench, orders=", ".join(withheld.blocks),
            options=" ".join(f"--block {order}" for order in withheld.blocks))))
    echo("\n".join(_verdict_text(prepared.after)))
    sys.exit(0 if prepared.after.ready else EXIT_NO)


@order.command("start")
@click.argument("reference")
@click.option("--bench", default=None, help="Bench code (default: the bench the order is assigned to).")
@click.option("--concession", default="", help="A lead's written reason to start although the bench is not ready.")
@click.pass_context
def order_start(ctx: click.Context, reference: str, bench: str | None, concession: str) -> None:
    """Start work: needs a ready bench or a lead's concession; reserves the supplies and opens the sheet.

    Example: atelier order start OR-2026-0042 --concession "customer brought the cell\""""
    from atelier_tui.services.orders.start import start_order

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        started = start_order(engine, acting_person(), now(), today(), reference, bench, concession)
    message = ngettext("{order} started on bench {bench}; {count} lot reserved", "{order} started on bench {bench}; {count} lots reserved",
                       len(started.reserved)).format(
        order=reference, bench=started.bench, count=len(started.reserved))
    if started.concession:
        message += " " + _("(concession: {reason})").format(reason=started.concession)
    echo(shown(message))
