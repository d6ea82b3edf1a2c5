"""`atelier sheet ...`: the intervention sheet (fiche de suivi) of an order from the command line.

    atelier sheet show REF
    atelier sheet tick REF STEP
    atelier sheet measure REF QUANTITY VALUE [--position P] [--tool TAG] [--result pass|fail]
    atelier sheet not-replaced REF PART --reason TEXT
    atelier sheet close REF
    atelier sheet export REF [--output FILE] [--language en|fr]
    atelier sheet alerts [--json]
    atelier sheet acknowledge-alert ID

Exit 0 on success, 2 on bad input with one line on stderr naming the argument or option; 1 when
the workshop's state says no (an alert already acknowledged)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import RECORD_ID, acting_person, now, ready, refusing
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _

_ARGUMENTS = {"order": "REF", "step": "STEP", "quantity": "QUANTITY", "value": "VALUE", "position": "--position",
              "tool": "--tool", "result": "--result", "part": "PART", "reason": "--reason"}


@click.group(cls=ValueGroup)
def sheet() -> None:
    """The intervention sheet of an order in progress: steps, measurements, closing, export."""


def _ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    engine = ready(ctx)
    return engine


def _time(value: Any) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else "—"


def _show(view: Any) -> list[str]:
    from atelier_tui.domain.vocabulary import LotUseState
    from atelier_tui.services.sheets.markdown import grade_text, judged_text, position_text, tolerance_text
    from atelier_tui.services.sheets.parts import part_name
    from atelier_tui.services.sheets.queries import QUANTITY_LABELS
    from atelier_tui.wording.numbers import degree_sign
    from atelier_tui.wording.vocabulary import word

    state = _("open") if view.is_open else _("closed at {time}").format(time=_time(view.closed_at))
    lines = [_("{order}: sheet {state}, bench {bench}, technician {name}").format(
        order=view.reference, state=state, bench=view.bench, name=view.technician)]
    if view.concession:
        lines.append("  " + _("concession: {reason}").format(reason=view.concession))
    lines.append(_("Steps:"))
    for step in view.steps:
        done = _time(step.done_at) if step.done_at else ""
        lines.append(f"  {step.number:>2}. [{'x' if step.done_at else ' '}] {step.text_en}" + (f"  ({done})" if done else ""))
    if view.measurements:
        lines.append(_("Measurements, judged by {tolerances}:").format(tolerances=grade_text(view.grade)))
    for m in view.measurements:
        where = f" {position_text(m.position)}" if m.position else ""
        tolerance = tolerance_text(m.quantity, view.tolerances, m.position)
        lines.append(f"  {_(QUANTITY_LABELS[m.quantity])}{where}: {degree_sign(m.text)}" + (f" [{tolerance}]" if tolerance else "")
                     + f" {judged_text(m.judged)}" + (f" — {m.tool_tag}" if m.tool_tag else ""))
    if view.series:
        from atelier_tui.services.sheets.markdown import SERIES_LABELS, bounds_text
        from atelier_tui.wording.numbers import quantity_text

        lines.append(_("Rate over the positions of the latest series:"))
        for c in view.series:
            lines.append(f"  {_(SERIES_LABELS[c.key])}: {quantity_text(c.value, 's/d')} [{bounds_text(c.bounds)}] {judged_text(c.judged)}")
    for title, notes in ((_("Anomalies:"), view.anomalies), (_("Alerts to the lead:"), view.alerts)):
        if notes:
            lines.append(title)
        for note in notes:
            lines.append(f"  - {note.category + ': ' if note.category else ''}{note.text}")
    if view.tools:
        lines.append(_("Tools used: {tags}").format(tags=", ".join(tool.asset_tag for tool in view.tools)))
    for lot in view.lots:
        state = word(LotUseState, lot.state)
        lines.append("  " + _("lot {lot} of {supply}: {state}").format(lot=lot.lot_number, supply=lot.supply_key, state=state))
    for part in view.parts:
        if part.fitted:
            state = _("fitted (lot {lots})").format(lots=", ".join(part.fitted))
        elif part.not_replaced is not None:
            state = _("not replaced: {reason}").format(reason=part.not_replaced)
        else:
            state = _("not fitted yet")
        lines.append("  " + _("{part}: {state}").format(part=part_name(part), state=state))
    return lines


def _sheet(engine, reference: str) -> Any:  # type: ignore[no-untyped-def]
    from atelier_tui.services.sheets.queries import existing_sheet

    with refusing(_ARGUMENTS):
        return existing_sheet(engine, reference)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def sheet_json(view: Any) -> dict[str, Any]:
    def notes(lines: list[Any]) -> list[dict[str, Any]]:
        return [{"category": note.category, "text": note.text, "at": _iso(note.at), "by": note.by} for note in lines]

    return {
        "order": view.reference, "order_status": view.order_status, "brand": view.brand, "model": view.model,
        "case_serial": view.case_serial, "calibre": view.calibre_reference, "bench": view.bench, "technician": view.technician,
        "status": view.status, "opened_at": _iso(view.opened_at), "closed_at": _iso(view.closed_at),
        "concession": view.concession, "concession_by": view.concession_by,
        "steps": [{"number": step.number, "text_en": step.text_en, "text_fr": step.text_fr, "done_at": _iso(step.done_at),
                   "done_by": step.done_by} for step in view.steps],
        "measurements": [{"quantity": m.quantity, "position": m.position, "value": m.value, "unit": m.unit, "text": m.text,
                          "judged": m.judged, "tool": m.tool_tag, "at": _iso(m.at)} for m in view.measurements],
        "grade": view.grade or None, "judged_by": "grade" if view.grade else "calibre",
        "series": [{"criterion": c.key, "value": c.value, "unit": "s/d", "judged": c.judged} for c in view.series],
        "anomalies": notes(view.anomalies), "alerts": notes(view.alerts), "notes": notes(view.notes),
        "tools": [{"tool": tool.asset_tag, "tool_type": tool.type_key, "measuring": tool.measuring, "used_at": _iso(tool.used_at)}
                  for tool in view.tools],
        "lots": [{"supply": lot.supply_key, "lot": lot.lot_number, "quantity": lot.quantity, "unit": lot.unit, "state": lot.state}
                 for lot in view.lots],
        "parts": [{"part": part.part, "name_en": part.name_en or None, "name_fr": part.name_fr or None, "fitted": list(part.fitted),
                   "not_replaced": part.not_replaced} for part in view.parts],
    }


@sheet.command("show")
@click.argument("reference", metavar="REF")
@click.option("--json", "as_json", is_flag=True, help="Print the sheet as JSON.")
@click.pass_context
def sheet_show(ctx: click.Context, reference: str, as_json: bool) -> None:
    """The sheet: steps with their times, measurements judged, anomalies, alerts, tools and lots.

    Example: atelier sheet show OR-2026-0042 --json"""
    view = _sheet(ready(ctx), reference)
    if as_json:
        echo_json(sheet_json(view))
        return
    echo("\n".join(_show(view)))


@sheet.command("tick")
@click.argument("reference", metavar="REF")
@click.argument("step", type=click.IntRange(1, 10_000))
@click.pass_context
def sheet_tick(ctx: click.Context, reference: str, step: int) -> None:
    """Tick step number STEP (as `sheet show` numbers them); a ticked step is un-ticked.

    Example: atelier sheet tick OR-2026-0042 3"""
    from atelier_tui.services.sheets.keeping import tick_step

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        ticked = tick_step(engine, acting_person(), now(), reference, step - 1)
    if ticked.done_at:
        echo(_("step {number} ticked at {time}: {text}").format(number=ticked.number, time=_time(ticked.done_at), text=ticked.text))
    else:
        echo(_("step {number} un-ticked: {text}").format(number=ticked.number, text=ticked.text))


@sheet.command("measure")
@click.argument("reference", metavar="REF")
@click.argument("quantity", metavar="QUANTITY")
@click.argument("value", metavar="VALUE")
@click.option("--position", default="", help="CH, CB (FH), 3H, 6H, 9H or 12H, for rate, amplitude and beat error.")
@click.option("--tool", "tool_tag", default=None, help="The asset tag of the instrument used.")
@click.option("--result", default="", help="The tester's result of a water-resistance test: pass or fail.")
@click.pass_context
def sheet_measure(ctx: click.Context, reference: str, quantity: str, value: str, position: str, tool_tag: str | None,
                  result: str) -> None:
    """Record a measurement: QUANTITY is rate, amplitude, beat_error, test_pressure, power_reserve,
    coil_resistance or current; VALUE carries its unit ('+4 s/d', '285°', '1.2 uA').

    Example: atelier sheet measure OR-2026-0042 rate "-3 s/d" --position CH --tool AT-00077"""
    from atelier_tui.domain.units import UnitError
    from atelier_tui.services.sheets.keeping import record_measurement
    from atelier_tui.services.sheets.markdown import judged_text, tolerance_text
    from atelier_tui.services.sheets.queries import QUANTITY_LABELS
    from atelier_tui.wording.numbers import degree_sign

    engine = ready(ctx)
    with refusing(_ARGUMENTS, UnitError):
        line = record_measurement(engine, acting_person(), now(), reference, quantity, value, position, tool_tag, result)
    view = _sheet(engine, reference)
    tolerance = tolerance_text(line.quantity, view.tolerances, line.position)
    echo(_("{reference}: {quantity} {value} recorded, {judged}").format(
        reference=reference, quantity=_(QUANTITY_LABELS[line.quantity]), value=degree_sign(line.text), judged=judged_text(line.judged))
        + (f" [{tolerance}]" if tolerance else ""))


@sheet.command("not-replaced")
@click.argument("reference", metavar="REF")
@click.argument("part", metavar="PART")
@click.option("--reason", default="", help="Why the part was left in the watch (required).")
@click.pass_context
def sheet_not_replaced(ctx: click.Context, reference: str, part: str, reason: str) -> None:
    """Record that PART (battery, movement, crystal, crown or stem), which the work replaces, was
    left in the watch, and why: the sheet may then close without one fitted. Exit 1 when the work
    does not replace that part or one was fitted.

    \b
    Example: atelier sheet not-replaced OR-2026-0042 crystal --reason "the customer wants the original crystal kept\""""
    from atelier_tui.services.sheets.parts import part_name, record_not_replaced

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        line = record_not_replaced(engine, acting_person(), now(), reference, part, reason)
    echo(_("{reference}: {part} recorded as not replaced: {reason}").format(
        reference=reference, part=part_name(line), reason=line.not_replaced))


@sheet.command("close")
@click.argument("reference", metavar="REF")
@click.pass_context
def sheet_close(ctx: click.Context, reference: str) -> None:
    """Close the sheet: consumes the reserved supplies, counts one use for each tool used and hands
    the order to quality control. Refused (exit 1) while a step is not ticked or a part the work
    replaces is neither fitted nor recorded as not replaced.

    Example: atelier sheet close OR-2026-0042"""
    from atelier_tui.domain.units import from_micro
    from atelier_tui.services.sheets.keeping import close_sheet
    from atelier_tui.wording.numbers import quantity_text

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        closed = close_sheet(engine, acting_person(), now(), reference)
    echo(_("{reference}: sheet closed, handed to quality control").format(reference=reference))
    for lot in closed.consumed:
        echo("  " + _("consumed {quantity} of {supply} from lot {lot}").format(
            quantity=quantity_text(from_micro(lot.quantity_micro), lot.unit), supply=lot.supply_key, lot=lot.lot_number))
    if closed.tools:
        echo("  " + _("one use counted for {tags}").format(tags=", ".join(closed.tools)))


@sheet.command("export")
@click.argument("reference", metavar="REF")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the Markdown to this file (default: print it).")
@click.option("--language", type=click.Choice(["en", "fr"]), default=None, help="Language of the sheet (default: the locale's).")
@click.pass_context
def sheet_export(ctx: click.Context, reference: str, output: Path | None, language: str | None) -> None:
    """The sheet as a Markdown document (fiche de suivi).

    Example: atelier sheet export OR-2026-0042 --output fiche.md --language fr"""
    from atelier_tui.i18n import detect_language
    from atelier_tui.services.sheets.markdown import sheet_markdown

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        text = sheet_markdown(engine, reference, language or detect_language())
    if output is None:
        echo(text, nl=False)
        return
    temporary = output.with_name(output.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)  # never a half-written sheet
    echo(_("{reference}: sheet written to {path}").format(reference=reference, path=output))


def _alert_json(alert: Any) -> dict[str, Any]:
    return {"id": alert.id, "reference": alert.reference, "bench": alert.bench, "technician": alert.technician,
            "at": _iso(alert.at), "text": alert.text}


@sheet.command("alerts")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def sheet_alerts(ctx: click.Context, as_json: bool) -> None:
    """The alerts raised on sheets that no lead has acknowledged yet, newest first: id, order,
    bench, technician, time and text.

    Example: atelier sheet alerts --json"""
    from atelier_tui.services.sheets.alert_queries import alerts_to_acknowledge

    alerts = alerts_to_acknowledge(ready(ctx))
    if as_json:
        echo_json([_alert_json(alert) for alert in alerts])
        return
    if not alerts:
        echo(_("no alert to acknowledge"))
        return
    for alert in alerts:
        echo(_("{id}  {reference}  bench {bench}  {who}  {time}: {text}").format(
            id=alert.id, reference=alert.reference, bench=alert.bench, who=alert.technician or "?", time=_time(alert.at),
            text=alert.text))


@sheet.command("acknowledge-alert")
@click.argument("alert_id", metavar="ID", type=RECORD_ID)
@click.pass_context
def sheet_acknowledge_alert(ctx: click.Context, alert_id: int) -> None:
    """Acknowledge the alert ID (as `sheet alerts` lists it): it leaves the lead's list and the
    sheet keeps it. A lead's action, audited. Exit 1 when it was already acknowledged, 2 for an
    unknown ID.

    Example: atelier sheet acknowledge-alert 12"""
    from atelier_tui.services.sheets.alerts import acknowledge_alert

    engine = ready(ctx)
    with refusing({"alert": "ID"}):
        alert = acknowledge_alert(engine, acting_person(), now(), alert_id)
    echo(_("alert {id} on {reference} acknowledged").format(id=alert.id, reference=alert.reference))
