"""The calibration or verification record of one maintenance record as a PDF: the instrument, the
plan, each test point with its nominal, its tolerance, the value as found and as left and their
verdicts, the result, the certificate reference and the reference standard, and who did it when."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import PlanKind, RecordResult
from atelier_tui.i18n import N_
from atelier_tui.printing.document_pdf import DocumentPdf
from atelier_tui.printing.document_words import Words
from atelier_tui.services.documents.calibration_record import CalibrationRecordDocument

_TITLES: dict[str, str] = {PlanKind.CALIBRATION: N_("Calibration record {id}"), PlanKind.VERIFICATION: N_("Verification record {id}")}


def verdict_text(within: bool | None, words: Words) -> str:
    if within is None:
        return "—"
    return "✓ " + words(N_("within tolerance")) if within else "✗ " + words(N_("out of tolerance"))


def record_pdf(document: CalibrationRecordDocument, words: Words) -> bytes:
    title = words(_TITLES.get(document.plan_kind or "", N_("Maintenance record {id}"))).format(id=document.record_id)
    pdf = DocumentPdf(title, words(N_("page")))
    tool = f"{document.asset_tag} — {words.name(document.type_name_en, document.type_name_fr)}"
    pdf.title_block(title, tool)
    plan = words(N_("none"))
    if document.plan_key:
        plan = f"{words.name(document.plan_name_en, document.plan_name_fr)} ({document.plan_key})"
    pdf.facts([
        (words(N_("Instrument")), tool),
        (words(N_("Maker")), document.maker),
        (words(N_("Serial number")), document.serial),
        (words(N_("Plan")), plan + (" — " + words(N_("ad hoc")) if document.ad_hoc else "")),
        (words(N_("Done")), words.moment(document.performed_at)),
        (words(N_("By")), document.performed_by or words(N_("not recorded"))),
        (words(N_("Result")), words.word(RecordResult, document.result)),
        (words(N_("As found")), verdict_text(document.found_in_tolerance, words)),
        (words(N_("Certificate")), document.certificate_ref),
        (words(N_("Reference standard")), document.reference_standard),
        (words(N_("Notes")), document.notes),
    ])
    pdf.heading(words(N_("Test points")))
    if not document.readings:
        pdf.paragraph(words(N_("The plan has no test points.")))
    else:
        pdf.rows([words(N_("Test point")), words(N_("Nominal")), words(N_("Tolerance")), words(N_("As found")), words(N_("Verdict")),
                  words(N_("As left")), words(N_("Verdict"))],
                 [[words.name(r.point.name_en, r.point.name_fr) or r.point.key, words.measured(r.point.nominal),
                   "± " + words.measured(r.point.tolerance), words.measured(r.as_found), verdict_text(r.found_in_tolerance, words),
                   words.measured(r.as_left), verdict_text(r.left_in_tolerance, words)] for r in document.readings],
                 (3.4, 1.4, 1.5, 1.5, 2.5, 1.5, 2.5), size=8.0)
    pdf.signature_lines([words(N_("Done by")), words(N_("Checked by"))])
    return pdf.finished()
