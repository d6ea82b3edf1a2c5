"""The due list and the out-of-tolerance impact review as PDFs. The due list is landscape: a
line per plan of a tool (what, where, when and what it blocks), then the tools out of service. The
review names the instrument, the finding and its window, then every sheet that used the
instrument with the measurements it took and the lead's decision."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import Disposition, DueState, SheetStatus, ToolStatus
from atelier_tui.i18n import N_
from atelier_tui.printing.document_pdf import SMALL_PT, DocumentPdf
from atelier_tui.printing.document_words import Words
from atelier_tui.services.documents.maintenance_lists import DueListDocument, ReviewDocument
from atelier_tui.services.maintenance.impact import MeasurementTaken
from atelier_tui.services.sheets.markdown import judged_text, position_text
from atelier_tui.services.sheets.queries import QUANTITY_LABELS


def due_pdf(document: DueListDocument, words: Words) -> bytes:
    due = document.due
    title = words(N_("Due list"))
    pdf = DocumentPdf(title, words(N_("page")), landscape=True)
    window = (words(N_("what is not ok, or falls due within {days} days")).format(days=document.within_days)
              if document.within_days is not None else words(N_("every plan of every tool in service")))
    pdf.title_block(title, words(N_("On {day}: {window}")).format(day=words.day(due.today), window=window))
    if due.items:
        pdf.rows([words(N_("Asset tag")), words(N_("Tool")), words(N_("Plan")), words(N_("State")), words(N_("Next due")),
                  words(N_("Uses left")), words(N_("Where")), words(N_("Blocks"))],
                 [[item.asset_tag, words.name(item.type_name_en, item.type_name_fr), words.name(item.plan_name_en, item.plan_name_fr),
                   words.word(DueState, item.state), words.day(item.next_due_on) + (" *" if item.rescheduled else ""),
                   "" if item.uses_left is None else str(item.uses_left), item.where, ", ".join(item.blocks)]
                  for item in due.items], (1.4, 3.6, 3.6, 1.4, 1.5, 1.1, 1.2, 2.2), size=SMALL_PT)
        if any(item.rescheduled for item in due.items):
            pdf.paragraph(words(N_("* moved by the lead")), size=SMALL_PT)
    if due.apart:
        pdf.heading(words(N_("Not in service")))
        pdf.rows([words(N_("Asset tag")), words(N_("Tool")), words(N_("Status")), words(N_("Reason")), words(N_("Where")),
                  words(N_("Blocks"))],
                 [[tool.asset_tag, words.name(tool.type_name_en, tool.type_name_fr), words.word(ToolStatus, tool.status),
                   words.reason(tool.status_reason, tool.finding), tool.where, ", ".join(tool.blocks)] for tool in due.apart],
                 (1.4, 3.6, 1.6, 5, 1.2, 2.2), size=SMALL_PT)
    return pdf.finished()


def review_pdf(document: ReviewDocument, words: Words) -> bytes:
    review = document.review
    title = words(N_("Out-of-tolerance review {id}")).format(id=review.id)
    pdf = DocumentPdf(title, words(N_("page")), landscape=True)
    instrument = f"{review.asset_tag} — {words.name(document.type_name_en, document.type_name_fr)}"
    pdf.title_block(title, instrument)
    plan = f"{words.name(document.plan_name_en, document.plan_name_fr)} ({review.plan_key})" if review.plan_key else ""
    start = words.moment(review.window_start) if review.window_start else words(N_("the first use"))
    undecided = sum(1 for item in document.items if not item.disposition)
    pdf.facts([
        (words(N_("Instrument")), instrument),
        (words(N_("Plan")), plan),
        (words(N_("Finding")), words.reason(review.reason, review.finding)),
        (words(N_("Sheets in doubt")), words(N_("those that used it from {start} to {end}")).format(
            start=start, end=words.moment(review.window_end))),
        (words(N_("Opened")), words.moment(review.opened_at)),
        (words(N_("State")), words(N_("closed on {date}")).format(date=words.moment(review.closed_at)) if review.closed_at else
         words(N_("open: {count} sheet(s) undecided")).format(count=undecided)),
    ])
    pdf.heading(words(N_("Sheets and decisions")))
    pdf.rows([words(N_("Order")), words(N_("Watch")), words(N_("Customer ref.")), words(N_("Bench")), words(N_("Technician")),
              words(N_("Sheet")), words(N_("Used")), words(N_("Measurements taken")), words(N_("Decision")), words(N_("Reason")),
              words(N_("Decided"))],
             [[item.order, item.watch, item.customer_ref, item.bench, item.technician, words.word(SheetStatus, item.sheet_status),
               words.moment(item.used_at), "\n".join(_taken(m, words) for m in item.measurements),
               words.word(Disposition, item.disposition) if item.disposition else words(N_("undecided")), item.reason,
               f"{item.decided_by or ''} {words.moment(item.decided_at) if item.decided_at else ''}".strip()]
              for item in document.items], (1.7, 2, 1.4, 1, 1.7, 1, 1.7, 3.4, 1.3, 2.6, 1.9), size=SMALL_PT)
    pdf.signature_lines([words(N_("Reviewed by"))])
    return pdf.finished()


def _taken(measurement: MeasurementTaken, words: Words) -> str:
    quantity = words(QUANTITY_LABELS.get(measurement.quantity, measurement.quantity))
    position = f" {position_text(measurement.position, words)}" if measurement.position else ""
    return f"{quantity}{position}: {words.quantity(measurement.value, measurement.unit)} {judged_text(measurement.judged, words)}"
