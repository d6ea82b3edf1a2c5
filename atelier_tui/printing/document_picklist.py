"""The pick list of an order as a PDF: one line per lot to fetch, in walking order (by the code of
its store location or bench), with the supply's name, the lot number, the quantity in the
supply's stock unit, and a box to tick when the lot is on the bench."""

from __future__ import annotations

from atelier_tui.i18n import N_
from atelier_tui.printing.document_pdf import TICK, DocumentPdf
from atelier_tui.printing.document_words import Words
from atelier_tui.services.documents.picklist import PickListDocument, PickListLine


def picklist_pdf(document: PickListDocument, words: Words) -> bytes:
    title = words(N_("Pick list {reference}")).format(reference=document.reference)
    pdf = DocumentPdf(title, words(N_("page")))
    pdf.title_block(title, words(N_("for bench {bench}")).format(bench=document.bench) if document.bench else "")
    pdf.rows([words(N_("Store location")), words(N_("Supply")), words(N_("Lot")), words(N_("Quantity")), ""],
             [[_place(line, words), words.name(line.supply_name_en, line.supply_name_fr), line.lot_number,
               words.stock(line.quantity, line.unit), TICK] for line in document.lines], (3, 6, 2.4, 1.8, 0.6))
    pdf.signature_lines([words(N_("Picked by"))])
    return pdf.finished()


def _place(line: PickListLine, words: Words) -> str:
    if not line.place:
        return "—"
    if line.on_bench:
        return words(N_("{code} (bench)")).format(code=line.place)
    return f"{line.place} ({line.place_name})" if line.place_name and line.place_name != line.place else line.place
