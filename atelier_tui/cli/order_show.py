"""`atelier order show`: one order as the reception recorded it and as it would be planned today."""

from __future__ import annotations

from typing import Any

import click

from atelier_tui.cli.common import ready, refusing, today
from atelier_tui.cli.output import echo, echo_json, shown
from atelier_tui.cli.values import ValueCommand
from atelier_tui.i18n import _


@click.command("show", cls=ValueCommand)
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print the order as JSON.")
@click.pass_context
def order_show(ctx: click.Context, reference: str, as_json: bool) -> None:
    """One order: the watch, its case parts, its work, its grade, and the time it takes (bench
    time, then running-in) with the day it would end if started today.

    Example: atelier order show OR-2026-0042 --json
    """
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.queries import order_detail

    engine = ready(ctx)
    reference = reference.strip()
    with refusing({"reference": "REFERENCE"}):
        detail = order_detail(engine, reference, today())
        if detail is None:
            raise ServiceError(_("reference: '{given}' is not an order").format(given=reference), field="reference")
    if as_json:
        echo_json(_order_document(detail))
    else:
        echo("\n".join(shown(line) for line in _order_lines(detail)))


def _order_document(detail: Any) -> dict[str, Any]:
    from atelier_tui.wording import plan_document

    row = detail.row
    return {
        "reference": row.reference, "status": row.status, "brand": row.brand, "model": row.model,
        "calibre": detail.calibre.key if detail.calibre else None, "movement_kind": row.movement_kind,
        "received_on": detail.received_on.isoformat(), "deadline": row.deadline.isoformat(),
        "bench": row.bench_code, "technician": row.technician, "battery": detail.battery or None,
        "water_resistance": detail.water_resistance_text or None,
        "case_diameter_mm": detail.case_diameter_mm, "gasket_inner_diameter_mm": detail.gasket_inner_diameter_mm,
        "gasket_section_mm": detail.gasket_section_mm, "crystal_diameter_mm": detail.crystal_diameter_mm,
        **detail.case_parts,
        "interventions": [line.key for line in detail.interventions],
        "grade": detail.grade or None, "estimate": detail.estimate_text or None,
        "plan": plan_document(detail.plan) if detail.plan is not None else None,
    }


def _hours(minutes: int) -> str:
    from atelier_tui.wording.numbers import quantity_text

    return quantity_text(minutes / 60, "h")


def _order_lines(detail: Any) -> list[str]:
    from atelier_tui.domain.vocabulary import MovementKind, OrderStatus
    from atelier_tui.i18n import localized
    from atelier_tui.wording.vocabulary import word

    row, plan = detail.row, detail.plan
    calibre = detail.calibre.reference if detail.calibre else "-"
    interventions = ", ".join(localized(line.name_en, line.name_fr) for line in detail.interventions)
    lines = [
        f"{row.reference}  {word(OrderStatus, row.status)}",
        _("watch: {brand} {model}, calibre {calibre} ({kind})").format(brand=row.brand, model=row.model, calibre=calibre,
                                                                       kind=word(MovementKind, row.movement_kind)),
        _("received {received}, deadline {deadline}").format(received=detail.received_on.isoformat(),
                                                            deadline=row.deadline.isoformat()),
        *_case_part_lines(detail),
        _("interventions: {keys}").format(keys=interventions or "-"),
        _("grade: {grade}").format(grade=detail.grade) if detail.grade else _("grade: the calibre's own tolerances"),
    ]
    if plan is not None:
        source = _("the order's estimate") if plan.estimate_from_order else _("the interventions' estimates")
        lines.append(_("bench time: {time} ({source})").format(time=_hours(plan.bench_minutes), source=source))
        lines.append(_("running-in and observation after the bench: {time}").format(time=_hours(plan.running_in_minutes)))
        lines.append(_("planned end if started today: {end}").format(end=plan.planned_end.isoformat()))
    lines.append(_("bench: {bench}, technician: {technician}").format(bench=row.bench_code or "-", technician=row.technician or "-"))
    return lines


def _case_part_lines(detail: Any) -> list[str]:
    from atelier_tui.domain.vocabulary import CaseBack, CrownType, CrystalMaterial, CrystalShape
    from atelier_tui.wording.numbers import quantity_text
    from atelier_tui.wording.vocabulary import word

    def mm(value: float | None) -> str:
        return quantity_text(value, "mm") if value is not None else "?"

    def said(kind: Any, value: str | None) -> str:
        return word(kind, value) if value else "?"

    parts = detail.case_parts
    return [
        _("crystal: {material}, {shape}, Ø {diameter} × {thickness}; gasket {outer} × {inner} × {height}").format(
            material=said(CrystalMaterial, parts["crystal_material"]), shape=said(CrystalShape, parts["crystal_shape"]),
            diameter=mm(detail.crystal_diameter_mm), thickness=mm(parts["crystal_thickness_mm"]),
            outer=mm(parts["crystal_gasket_outer_diameter_mm"]), inner=mm(parts["crystal_gasket_inner_diameter_mm"]),
            height=mm(parts["crystal_gasket_height_mm"])),
        _("crown: {type}, Ø {diameter} on a Ø {tube} tube; gasket {inner} × {section}").format(
            type=said(CrownType, parts["crown_type"]), diameter=mm(parts["crown_diameter_mm"]),
            tube=mm(parts["crown_tube_diameter_mm"]), inner=mm(parts["crown_gasket_inner_diameter_mm"]),
            section=mm(parts["crown_gasket_section_mm"])),
        _("case back: {type}").format(type=said(CaseBack, parts["case_back"])),
    ]
