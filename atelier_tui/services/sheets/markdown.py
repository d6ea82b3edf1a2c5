"""The intervention sheet as a Markdown document (fiche de suivi), in English or French whatever
the interface's language: what goes with the watch to quality control or into the customer file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from atelier_tui.domain.measurements import Bounds, bounds_for
from atelier_tui.domain.units import format_value
from atelier_tui.domain.vocabulary import Judgement, LotUseState, OrderStatus
from atelier_tui.i18n import N_, _, catalog_of
from atelier_tui.services.sheets.queries import (
    ANOMALY_CATEGORIES,
    PART_LABELS,
    POSITION_LABELS,
    QUANTITY_LABELS,
    SheetView,
    existing_sheet,
)
from atelier_tui.wording.numbers import degree_sign
from atelier_tui.wording.vocabulary import word

JUDGED_SYMBOLS = {Judgement.PASS: "✓", Judgement.FAIL: "✗", Judgement.NONE: "–"}
SERIES_LABELS = {
    "mean_rate": N_("mean rate"),
    "rate_delta": N_("largest difference between positions"),
    "position_deviation": N_("largest difference from the mean"),
    "hv_difference": N_("vertical minus horizontal"),
}


def translator(language: str) -> Callable[[str], str]:
    """gettext for `language`, whatever the interface's language is."""
    if language != "fr":
        return lambda message: message
    return catalog_of(language).gettext


def plural_translator(language: str) -> Callable[[str, str, int], str]:
    """ngettext for `language`, whatever the interface's language is."""
    if language != "fr":
        return lambda singular, plural, count: singular if count == 1 else plural
    return catalog_of(language).ngettext


def tolerance_text(quantity: str, tolerances: Mapping[str, Any], position: str = "") -> str:
    """'-12 s/d … 12 s/d', '≤ 0.6 ms', '≥ 3 bar' as the catalog (or the watch) gives it; '' when none applies."""
    bounds = bounds_for(quantity, tolerances, position)
    return bounds_text(bounds) if bounds is not None else ""


def bounds_text(bounds: Bounds) -> str:
    def side(text: str, value: float | None) -> str:
        if value is None:
            return ""
        return degree_sign(text or format_value(value, bounds.unit))

    low, high = side(bounds.texts[0], bounds.minimum), side(bounds.texts[1], bounds.maximum)
    if low and high:
        return f"{low} … {high}"
    return f"≥ {low}" if low else f"≤ {high}"


# The makers' grades (ETA's names; Sellita's Special and Premium are Elaboré and Top).
GRADE_LABELS = {"standard": N_("Standard"), "elabore": N_("Elaboré"), "top": N_("Top"), "chronometer": N_("Chronometer")}


def grade_text(grade: str, tr: Callable[[str], str] = _) -> str:
    """The tolerances the measurements are judged by: the order's grade, or the calibre's own."""
    if not grade:
        return tr(N_("the calibre's own tolerances (no grade on the order)"))
    return tr(N_("grade {grade}")).format(grade=tr(GRADE_LABELS.get(grade, grade)))


def judged_text(judged: str, tr: Callable[[str], str] = _) -> str:
    known = Judgement(judged) if judged in JUDGED_SYMBOLS else Judgement.NONE
    return f"{JUDGED_SYMBOLS[known]} {word(Judgement, known, tr)}"


def position_text(code: str, tr: Callable[[str], str] = _) -> str:
    return f"{code} ({tr(POSITION_LABELS[code])})" if code in POSITION_LABELS else code or "—"


def _time(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else "—"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip() or "—"


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _h in headers) + "|"]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def render(view: SheetView, language: str) -> str:
    tr = translator(language)

    def name(en: str, fr: str) -> str:
        return fr if language == "fr" and fr else en

    lines = ["# " + tr(N_("Intervention sheet {reference}")).format(reference=view.reference), ""]
    watch = " ".join(part for part in (view.brand, view.model) if part)
    if view.case_serial:
        watch += " — " + tr(N_("case no. {serial}")).format(serial=view.case_serial)
    calibre = tr(N_("not identified"))
    if view.calibre_reference:
        calibre = f"{view.calibre_reference} — {name(view.calibre_name_en, view.calibre_name_fr)}"
    status = word(OrderStatus, view.order_status, tr)
    summary = [
        [tr(N_("Order")), f"{view.reference} ({status})"],
        [tr(N_("Watch")), watch],
        [tr(N_("Calibre")), calibre],
        [tr(N_("Judged by")), grade_text(view.grade, tr)],
        [tr(N_("Water resistance")), view.water_resistance_text or tr(N_("not rated"))],
        [tr(N_("Bench")), view.bench],
        [tr(N_("Technician")), view.technician],
        [tr(N_("Opened")), _time(view.opened_at)],
        [tr(N_("Closed")), _time(view.closed_at) if view.closed_at else tr(N_("still open"))],
        [tr(N_("Readiness at start")), _verdict_word(view.verdict, tr)],
    ]
    if view.concession:
        summary.append([tr(N_("Concession")), tr(N_("{reason} (granted by {name})")).format(
            reason=view.concession, name=view.concession_by or "?")])
    lines += _table(["", ""], summary)

    lines += ["", "## " + tr(N_("Steps")), ""]
    for step in view.steps:
        mark = "x" if step.done_at else " "
        done = f" — {_time(step.done_at)}" + (f" ({step.done_by})" if step.done_by else "") if step.done_at else ""
        lines.append(f"{step.number}. [{mark}] {name(step.text_en, step.text_fr)}{done}")
    if not view.steps:
        lines.append(tr(N_("No steps.")))

    lines += ["", "## " + tr(N_("Measurements")), ""]
    if view.measurements:
        lines += _table(
            [tr(N_("Measurement")), tr(N_("Position")), tr(N_("Value")), tr(N_("Tolerance")), tr(N_("Judged")), tr(N_("Instrument")),
             tr(N_("Time"))],
            [[tr(QUANTITY_LABELS.get(m.quantity, m.quantity)), position_text(m.position, tr) if m.position else "—", degree_sign(m.text),
              tolerance_text(m.quantity, view.tolerances, m.position) or "—", judged_text(m.judged, tr), m.tool_tag or "—", _time(m.at)]
             for m in view.measurements])
    else:
        lines.append(tr(N_("No measurements.")))
    if view.series:
        lines += ["", "### " + tr(N_("Rate over the positions of the latest series")), ""]
        lines += _table([tr(N_("Criterion")), tr(N_("Value")), tr(N_("Tolerance")), tr(N_("Judged"))],
                        [[tr(SERIES_LABELS.get(c.key, c.key)), format_value(c.value, "s/d"), bounds_text(c.bounds),
                          judged_text(c.judged, tr)] for c in view.series])

    for title, notes in ((N_("Anomalies"), view.anomalies), (N_("Alerts to the lead"), view.alerts), (N_("Notes"), view.notes)):
        if not notes and title == N_("Notes"):
            continue
        lines += ["", "## " + tr(title), ""]
        for note in notes:
            category = f"**{tr(ANOMALY_CATEGORIES.get(note.category, note.category))}** " if note.category else ""
            by = f", {note.by}" if note.by else ""
            lines.append(f"- {category}({_time(note.at)}{by}): {_cell(note.text)}")
        if not notes:
            lines.append(tr(N_("None.")))

    lines += ["", "## " + tr(N_("Tools used")), ""]
    if view.tools:
        lines += _table([tr(N_("Asset tag")), tr(N_("Tool"))], [[t.asset_tag, name(t.name_en, t.name_fr)] for t in view.tools])
    else:
        lines.append(tr(N_("None.")))

    if view.parts:
        lines += ["", "## " + tr(N_("Parts the work replaces")), ""]
        for part in view.parts:
            named = name(part.name_en, part.name_fr)
            label = tr(PART_LABELS[part.part]) + (f" ({named})" if named else "")
            if part.fitted:
                state = tr(N_("fitted (lot {lots})")).format(lots=", ".join(part.fitted))
            elif part.not_replaced is not None:
                state = tr(N_("not replaced: {reason}")).format(reason=_cell(part.not_replaced))
            else:
                state = tr(N_("not fitted yet"))
            lines.append(f"- {label}: {state}")

    lines += ["", "## " + tr(N_("Supplies")), ""]
    if view.lots:
        lines += _table([tr(N_("Supply")), tr(N_("Lot")), tr(N_("Quantity")), tr(N_("State"))],
                        [[name(lot.name_en, lot.name_fr), lot.lot_number, format_value(lot.quantity, lot.unit),
                          word(LotUseState, lot.state, tr)] for lot in view.lots])
    else:
        lines.append(tr(N_("None.")))
    return "\n".join(lines) + "\n"


def sheet_markdown(engine: Engine, reference: str, language: str = "en") -> str:
    return render(existing_sheet(engine, reference), language)


def _verdict_word(verdict: dict[str, Any], tr: Callable[[str], str]) -> str:
    """GO or NO-GO as checked when the work started; a sheet opened by the upgrade that gave every
    order in progress its sheet has no verdict, and says so rather than NO-GO."""
    if not verdict:
        return tr(N_("not recorded"))
    return "GO" if verdict.get("ready") else "NO-GO"
