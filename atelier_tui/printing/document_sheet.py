"""The intervention sheet (fiche de suivi) as a PDF: the watch and the work, the steps with their
state, the measurements with their instrument, value, tolerance and verdict, the lots consumed,
the anomalies, the parts not replaced and why, and who signed what and when, with lines to sign
by hand. The Markdown export (services.sheets.markdown) says the same in text."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import LotUseState, OrderStatus
from atelier_tui.i18n import N_
from atelier_tui.printing.document_pdf import TICK, DocumentPdf
from atelier_tui.printing.document_words import Words
from atelier_tui.services.documents.sheet import CLOSED, CONCESSION, OPENED, SheetDocument
from atelier_tui.services.sheets.markdown import SERIES_LABELS, grade_text, judged_text, position_text
from atelier_tui.services.sheets.queries import ANOMALY_CATEGORIES, PART_LABELS, QUANTITY_LABELS, NoteLine

_SIGNED = {OPENED: N_("Work started"), CONCESSION: N_("Concession granted"), CLOSED: N_("Sheet closed")}


def sheet_pdf(document: SheetDocument, words: Words) -> bytes:
    view = document.view
    title = words(N_("Intervention sheet {reference}")).format(reference=view.reference)
    pdf = DocumentPdf(title, words(N_("page")))
    watch = " ".join(part for part in (view.brand, view.model) if part)
    if view.case_serial:
        watch += " — " + words(N_("case no. {serial}")).format(serial=view.case_serial)
    pdf.title_block(title, watch)
    calibre = words(N_("not identified"))
    if view.calibre_reference:
        calibre = f"{view.calibre_reference} — {words.name(view.calibre_name_en, view.calibre_name_fr)}"
    ready = view.verdict.get("ready") if view.verdict else None
    pdf.facts([
        (words(N_("Order")), f"{view.reference} ({words.word(OrderStatus, view.order_status)})"),
        (words(N_("Watch")), watch),
        (words(N_("Calibre")), calibre),
        (words(N_("Judged by")), grade_text(view.grade, words)),
        (words(N_("Water resistance")), view.water_resistance_text or words(N_("not rated"))),
        (words(N_("Bench")), view.bench),
        (words(N_("Technician")), view.technician),
        (words(N_("Opened")), words.moment(view.opened_at)),
        (words(N_("Closed")), words.moment(view.closed_at) if view.closed_at else words(N_("still open"))),
        (words(N_("Readiness at start")), words(N_("not recorded")) if ready is None else ("GO" if ready else "NO-GO")),
    ])
    _steps(pdf, document, words)
    _measurements(pdf, document, words)
    _lots(pdf, document, words)
    for heading, notes in ((N_("Anomalies"), view.anomalies), (N_("Alerts to the lead"), view.alerts), (N_("Notes"), view.notes)):
        if notes or heading == N_("Anomalies"):
            _notes(pdf, words(heading), notes, words)
    _parts(pdf, document, words)
    if view.tools:
        pdf.heading(words(N_("Tools used")))
        pdf.rows([words(N_("Asset tag")), words(N_("Tool"))], [[t.asset_tag, words.name(t.name_en, t.name_fr)] for t in view.tools],
                 (1, 4))
    _signatures(pdf, document, words)
    return pdf.finished()


def _steps(pdf: DocumentPdf, document: SheetDocument, words: Words) -> None:
    pdf.heading(words(N_("Steps")))
    if not document.view.steps:
        pdf.paragraph(words(N_("No steps.")))
        return
    pdf.rows([words(N_("No.")), "", words(N_("Step")), words(N_("Done")), words(N_("By"))],
             [[str(step.number), "✓" if step.done_at else TICK, words.name(step.text_en, step.text_fr),
               words.moment(step.done_at) if step.done_at else words(N_("to do")), step.done_by or ""]
              for step in document.view.steps], (0.8, 0.9, 8.6, 3, 2.4))


def _measurements(pdf: DocumentPdf, document: SheetDocument, words: Words) -> None:
    view = document.view
    pdf.heading(words(N_("Measurements")))
    if not view.measurements:
        pdf.paragraph(words(N_("No measurements.")))
        return
    pdf.rows([words(N_("Measurement")), words(N_("Position")), words(N_("Value")), words(N_("Tolerance")), words(N_("Verdict")),
              words(N_("Instrument")), words(N_("Time"))],
             [[words(QUANTITY_LABELS.get(m.quantity, m.quantity)), position_text(m.position, words) if m.position else "",
               words.quantity(m.value, m.unit), words.bounds(m.bounds), judged_text(m.judged, words), m.tool_tag or "",
               words.moment(m.at)] for m in view.measurements], (2.6, 1.8, 1.5, 2.8, 2.4, 1.9, 2.5), size=8.0)
    if view.series:
        pdf.paragraph(words(N_("Rate over the positions of the latest series")))
        pdf.rows([words(N_("Criterion")), words(N_("Value")), words(N_("Tolerance")), words(N_("Verdict"))],
                 [[words(SERIES_LABELS.get(c.key, c.key)), words.quantity(c.value, "s/d"), words.bounds(c.bounds),
                   judged_text(c.judged, words)] for c in view.series], (4, 1.6, 2.6, 1.6))


def _lots(pdf: DocumentPdf, document: SheetDocument, words: Words) -> None:
    lots = document.view.lots
    pdf.heading(words(N_("Lots consumed")))
    if not lots:
        pdf.paragraph(words(N_("None.")))
        return
    pdf.rows([words(N_("Supply")), words(N_("Lot")), words(N_("Quantity")), words(N_("State"))],
             [[words.name(lot.name_en, lot.name_fr), lot.lot_number, words.stock(lot.quantity, lot.unit),
               words.word(LotUseState, lot.state)] for lot in lots], (5, 2, 1.6, 1.6))


def _notes(pdf: DocumentPdf, heading: str, notes: list[NoteLine], words: Words) -> None:
    pdf.heading(heading)
    if not notes:
        pdf.paragraph(words(N_("None.")))
        return
    pdf.rows([words(N_("Category")), words(N_("Noted")), words(N_("By")), words(N_("Text"))],
             [[words(ANOMALY_CATEGORIES.get(n.category, n.category)) if n.category else "", words.moment(n.at), n.by or "", n.text]
              for n in notes], (2, 2.2, 2, 7))


def _parts(pdf: DocumentPdf, document: SheetDocument, words: Words) -> None:
    parts = document.view.parts
    if not parts:
        return
    pdf.heading(words(N_("Parts the work replaces")))
    rows = []
    for part in parts:
        named = words.name(part.name_en, part.name_fr)
        label = words(PART_LABELS[part.part]) + (f" ({named})" if named else "")
        if part.fitted:
            rows.append([label, words(N_("fitted (lot {lots})")).format(lots=", ".join(part.fitted)), ""])
        elif part.not_replaced is not None:
            rows.append([label, words(N_("not replaced")), part.not_replaced])
        else:
            rows.append([label, words(N_("not fitted yet")), ""])
    pdf.rows([words(N_("Part")), words(N_("State")), words(N_("Reason"))], rows, (3, 2.5, 5))


def _signatures(pdf: DocumentPdf, document: SheetDocument, words: Words) -> None:
    pdf.heading(words(N_("Signatures")))
    pdf.rows([words(N_("What")), words(N_("Who")), words(N_("When"))],
             [[words(_SIGNED[s.what]), s.who or words(N_("not recorded")), words.moment(s.at) if s.at else ""]
              for s in document.signatures], (3, 3, 2))
    pdf.signature_lines([words(N_("Technician")), words(N_("Quality control"))])
