"""One repair order: the watch, its readiness on a bench (GO / NO-GO, each finding with its
remedy), the interventions and what they require."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from atelier_tui.domain.vocabulary import (
    CaseBack,
    CrownType,
    CrystalMaterial,
    CrystalShape,
    Luminous,
    MovementKind,
    OrderStatus,
)
from atelier_tui.i18n import N_, _, localized
from atelier_tui.services.sheets.markdown import grade_text
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.audit import AUDIT_TRAIL_BINDING, AuditTrailAction
from atelier_tui.tui.screens.document_printing import PRINT_DOCUMENT_BINDING, DocumentPrinting
from atelier_tui.tui.screens.form import FormField, FormModal, for_example, one_of
from atelier_tui.tui.screens.readiness_actions import READINESS_BINDINGS, ReadinessActions
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.readiness_panel import ReadinessPanel
from atelier_tui.tui.widgets.states import state_word
from atelier_tui.wording.numbers import number, quantity_text
from atelier_tui.wording.terms import word as term_word
from atelier_tui.wording.vocabulary import word


def load_order(context: Any, reference: str) -> Any:
    from atelier_tui.services.orders.queries import order_detail

    return order_detail(context.engine(), reference, context.today())


def plan_text(plan: Any) -> str:
    """Bench time (worked) and running-in (elapsed) apart, then the day they end."""
    source = _("the order's estimate") if plan.estimate_from_order else _("the interventions' estimates")
    bench = _("{hours} h at the bench ({source})").format(hours=number(plan.bench_minutes / 60), source=source)
    if plan.running_in_minutes:
        bench += _(", then {hours} h of running-in").format(hours=number(plan.running_in_minutes / 60))
    return bench + _("; ends {date} if started today").format(date=plan.planned_end.isoformat())


def _mm(value: float | None) -> str:
    return quantity_text(value, "mm") if value is not None else "—"


def _case_part_rows(order: Any) -> list[tuple[str, str]]:
    """The crystal, crown and case back as recorded; a part the order says nothing of is left out."""
    parts = order.case_parts
    def said(kind: Any, value: str | None) -> str:
        return word(kind, value) if value else "—"
    rows = []
    if any(parts[name] is not None for name in ("crystal_material", "crystal_shape", "crystal_thickness_mm",
                                                 "crystal_gasket_outer_diameter_mm", "crystal_gasket_height_mm")):
        rows.append((_("Crystal"), _("{material}, {shape}, Ø {diameter} × {thickness}; gasket {outer} × {inner} × {height}").format(
            material=said(CrystalMaterial, parts["crystal_material"]), shape=said(CrystalShape, parts["crystal_shape"]),
            diameter=_mm(order.crystal_diameter_mm), thickness=_mm(parts["crystal_thickness_mm"]),
            outer=_mm(parts["crystal_gasket_outer_diameter_mm"]), inner=_mm(parts["crystal_gasket_inner_diameter_mm"]),
            height=_mm(parts["crystal_gasket_height_mm"]))))
    if any(parts[name] is not None for name in ("crown_type", "crown_diameter_mm", "crown_tube_diameter_mm")):
        rows.append((_("Crown"), _("{type}, Ø {diameter} on a Ø {tube} tube; gasket {inner} × {section}").format(
            type=said(CrownType, parts["crown_type"]), diameter=_mm(parts["crown_diameter_mm"]),
            tube=_mm(parts["crown_tube_diameter_mm"]), inner=_mm(parts["crown_gasket_inner_diameter_mm"]),
            section=_mm(parts["crown_gasket_section_mm"]))))
    if parts["case_back"]:
        rows.append((_("Case back"), said(CaseBack, parts["case_back"])))
    return rows


class OrderDetailScreen(AuditTrailAction, DocumentPrinting, ReadinessActions, AtelierScreen):
    BINDINGS = [Binding("escape", "app.back", N_("Back"), id="back"), *READINESS_BINDINGS,
                Binding("f", "sheet", N_("Sheet"), id="order.sheet"),
                Binding("g", "plan", N_("Grade & estimate"), id="order.plan"),
                Binding("A", "assign", N_("Assign"), id="order.assign"), AUDIT_TRAIL_BINDING,
                PRINT_DOCUMENT_BINDING]  # the pick list, once `p` has reserved the order's lots
    # The technician lands on the findings: Enter carries out the highlighted remedy.
    AUTO_FOCUS = "#findings"

    def __init__(self, reference: str, bench: str | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.bench = bench
        self.verdict: Any = None
        self.order: Any = None  # the order as last shown
        self.status: str | None = None  # the order's, as last shown: which changes can succeed

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(_("Loading…"), id="summary")
            yield ReadinessPanel(id="readiness")
            yield Static("", id="interventions")
            yield Static("", id="requirements")
        yield KeyBar()

    def audit_key(self) -> str | None:
        return self.reference

    def document_to_print(self) -> tuple[str, str]:
        return ("picklist", self.reference)

    def on_mount(self) -> None:
        self.sub_title = self.reference
        self.order_changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "plan":
            return not self.app.context.readonly and self.app.context.may("order.plan")  # type: ignore[attr-defined]
        return super().check_action(action, parameters)

    def action_plan(self) -> None:
        """The order's grade and own estimate, in a form; refusals under the field they name."""
        order, reference = self.order, self.reference
        if order is None:
            return

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.orders.planning import set_order_plan

            set_order_plan(context.engine(), context.actor(), context.now(), reference, values["grade"], values["estimate"])
            return reference  # the form closes on a result that is not None

        def closed(result: Any) -> None:
            if result is not None:
                self.app.notify(_("{reference}: plan changed").format(reference=reference))
                self.order_changed()

        grades = order.grades or ()
        fields = [
            FormField("grade", N_("Grade (empty: the calibre's own tolerances)"), value=order.grade,
                      placeholder=one_of(grades) if grades else _("no grade: the calibre gives no tolerances"), suggestions=list(grades)),
            FormField("estimate", N_("Estimate of bench time (empty: the interventions')"), value=order.estimate_text,
                      placeholder=for_example("6 h")),
        ]
        self.app.push_screen(FormModal(_("Grade and estimate of {reference}").format(reference=reference), fields, submit,
                                       submit_label=N_("Save")), closed)

    def action_assign(self) -> None:
        """The order's bench and technician, picked in a form; said why not to whoever may not."""
        from atelier_tui.tui.screens.order_assign import AssignModal, load_choices, refusal_for

        refusal = refusal_for(self.app.context, "order.assign")  # type: ignore[attr-defined]
        if refusal is not None:
            self.app.refuse(refusal)  # type: ignore[attr-defined]
            return

        def assigned(bench: str | None) -> None:
            if bench is not None:
                self.app.notify(_("{reference}: bench {bench}").format(reference=self.reference, bench=bench or "—"))
                self.order_changed()

        self.call(load_choices, self.reference, then=lambda choices: self.app.push_screen(AssignModal(choices), assigned))

    def action_sheet(self) -> None:
        from atelier_tui.tui.screens.sheet import SheetScreen

        self.app.push_screen(SheetScreen(self.reference), lambda _closed: self.order_changed())

    def order_changed(self) -> None:
        self.call(load_order, self.reference, then=self.show)
        self.action_recheck()

    def refresh_live(self) -> None:
        self.order_changed()

    def show(self, order: Any) -> None:
        if order is None:
            self.query_one("#summary", Static).update(_("No order has the reference {reference}.").format(reference=self.reference))
            return
        row = order.row
        self.order = order
        self.status = row.status
        self.refresh_bindings()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        grid.add_row(_("Order"), f"{row.reference} — {word(OrderStatus, row.status)}")
        grid.add_row(_("Watch"), f"{row.brand} {row.model}  {order.case_serial}".strip())
        calibre = order.calibre
        grid.add_row(_("Calibre"), f"{calibre.reference} — {localized(calibre.name_en, calibre.name_fr)}" if calibre else _("not identified"))
        grid.add_row(_("Movement"), word(MovementKind, row.movement_kind))
        grid.add_row(_("Case"), _("Ø {diameter}  gasket {inner} × {section}").format(
            diameter=_mm(order.case_diameter_mm), inner=_mm(order.gasket_inner_diameter_mm), section=_mm(order.gasket_section_mm)))
        for label, line in _case_part_rows(order):
            grid.add_row(label, line)
        wr = f"{order.water_resistance_text} ({quantity_text(order.water_resistance_bar, 'bar')})" if order.water_resistance_bar else _("not rated")
        grid.add_row(_("Water resistance"), wr)
        if order.vintage or order.luminous not in (Luminous.NONE, ""):
            vintage = _("yes") if order.vintage else _("no")
            grid.add_row(_("Vintage / luminous"), f"{vintage} / {word(Luminous, order.luminous)}")
        grid.add_row(_("Grade"), grade_text(order.grade))
        grid.add_row(_("Deadline"), _("{date} ({days} d)").format(date=row.deadline.isoformat(), days=row.days_left))
        if order.plan is not None:
            grid.add_row(_("Time"), plan_text(order.plan))
        grid.add_row(_("Bench / technician"), f"{row.bench_code or '—'} / {row.technician or '—'}")
        if order.reception_notes:
            grid.add_row(_("Reception"), order.reception_notes)
        self.query_one("#summary", Static).update(grid)

        work = Table(title=_("Interventions"), title_justify="left", expand=True)
        for header in (_("Intervention"), _("Level"), _("Time")):
            work.add_column(header)
        for line in order.interventions:
            work.add_row(localized(line.name_en, line.name_fr), str(line.level), f"{line.estimated_minutes} min")
        self.query_one("#interventions", Static).update(work)

        needs = order.requirements
        table = Table(title=_("What this order requires"), title_justify="left", expand=True)
        table.add_column(_("Kind"), no_wrap=True)
        table.add_column(_("Requirement"))
        def attribute_name(bound: Any) -> str:  # the catalog's name of the attribute, in the interface's language
            return localized(bound.name_en, bound.name_fr).lower() or bound.attribute.replace("_", " ")

        for capability in needs.capabilities:
            bounds = ", ".join(
                f"{attribute_name(bound)} ≥ {quantity_text(bound.minimum, bound.unit)}" if bound.minimum is not None
                else f"{attribute_name(bound)} ≤ {quantity_text(bound.maximum, bound.unit)}" if bound.maximum is not None
                else f"{attribute_name(bound)} ?"
                for bound in capability.bounds
            )
            table.add_row(_("tool"), f"{localized(capability.name_en, capability.name_fr)}{' ×' + str(capability.count) if capability.count > 1 else ''}"
                          + (f"  ({bounds})" if bounds else ""))
        for supply in needs.supplies:
            quantity = quantity_text(supply.quantity, supply.unit) if supply.quantity is not None else ""
            if supply.supply_key:
                what = localized(supply.name_en, supply.name_fr)
            else:  # chosen per watch: a category matched on the watch's sizes
                sizes = ", ".join(f"{name.replace('_', ' ')} {term_word(value) if isinstance(value, str) else _mm(value)}"
                                  for name, value in supply.match.items())
                category = state_word(supply.category)
                what = f"{category} ({sizes})" if sizes else _("{category} (size to be measured)").format(category=category)
            table.add_row(_("supply"), f"{what}  {quantity}".strip())
        for checklist in needs.checklists:
            table.add_row(_("checklist"), localized(checklist.name_en, checklist.name_fr))
        if needs.bench_features:
            table.add_row(_("bench"), ", ".join(state_word(feature) for feature in needs.bench_features))
        table.add_row(_("level"), str(needs.level))
        table.add_row(_("bench time"), f"{needs.estimated_minutes} min")
        if needs.running_in_minutes:
            table.add_row(_("running-in"), _("{hours} h after the bench").format(hours=number(needs.running_in_minutes / 60)))
        self.query_one("#requirements", Static).update(table)
