"""Printing: labels laid out as PDF, written to a file or sent to a CUPS printer. A layer between
the services (what a label says, the audit of printing) and the front ends (command line,
workstation) that both print through `jobs`.

- layouts: the label stock, read from catalogs/labels.toml.
- codes: QR or Micro QR for a key, as rectangles to draw.
- label_faces: what each kind of label says, in the interface language.
- label_pdf: the PDF (fpdf2, the shipped DejaVu Sans in fonts/).
- spool: `lp -d PRINTER`.
- destinations: any finished PDF to a file written whole and to a printer (the workstation's
  delivery in a terminal, tui/delivery.py).
- jobs: print labels of the objects named, then audit it.
"""
