"""Printing: labels and documents laid out as PDF, written to a file or sent to a CUPS printer. A
layer between the services (what a label or a document says, the audit of printing) and the front
ends (command line, workstation) that both print through `jobs` and `documents`.

- layouts: the label stock, read from catalogs/labels.toml.
- codes: QR or Micro QR for a key, as a path of rectangles to draw.
- qr_masks: segno's symbol with segno's choice of mask (ISO/IEC 18004 penalties), made faster.
- label_faces: what each kind of label says, in the interface language.
- label_pdf: the PDF (fpdf2, the shipped DejaVu Sans in fonts/).
- spool: `lp -d PRINTER`.
- destinations: any finished PDF to a file written whole and to a printer (the workstation's
  delivery in a terminal, tui/delivery.py).
- jobs: print labels of the objects named, then audit it.
- document_words: a document's words and numbers in its language (a decimal comma in French).
- document_pdf: the A4 page every document shares (title, headings, tables, tick boxes, signatures).
- document_sheet, document_picklist, document_record, document_maintenance: each document's PDF.
- documents: render_document(kind, content, language) -> PDF bytes, a file name to suggest, and
  print_document, which reads, prints and audits a document.
"""
