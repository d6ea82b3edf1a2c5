"""Labels as a PDF (fpdf2): one page per sheet of the layout, each label its code and its lines.

fpdf2 is pure Python and embeds the subset of the font a document uses, so the PDF prints the same
on any printer and machine; the font is DejaVu Sans, shipped in the package (fonts/, with its
licence), for the signs of the trade (Ω µ ‴ ± é)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from atelier_tui.printing.codes import Code, code_of, symbol_for
from atelier_tui.printing.label_faces import Line, face
from atelier_tui.printing.layouts import LabelLayout
from atelier_tui.services.labels.contents import Label

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVuSans"
_PT = 25.4 / 72  # mm per point
_LEADING = 1.2  # line height, in font sizes
_LARGEST_PT = 16.0
_SMALLEST_PT = 4.5  # below this a line is left out rather than printed unreadable
_GAP = 0.06  # between the code and the text, as a share of the code's side


def labels_pdf(labels: Iterable[Label], kind: str, layout: LabelLayout, title: str = "", created: datetime | None = None) -> bytes:
    """`created`: the PDF's creation date, now when None."""
    labels = list(labels)
    pdf = FPDF(unit="mm", format=(layout.page_width, layout.page_height))
    if created is not None:
        pdf.set_creation_date(created)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("atelier")
    if title:
        pdf.set_title(title)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_fill_color(0)
    pdf.set_draw_color(0)
    pdf.set_text_color(0)
    side = _code_side(layout)
    slot = layout.per_page
    fits: dict[tuple[str, str, float, float], _Fit] = {}
    # Each code is encoded, drawn, then let go (see codes._symbol): memory stays flat however long the
    # batch. One process: encoding (qr_masks) is now a third of a large batch's time, and processes
    # to share it cost more memory than they saved time (README, performance).
    codes = (code_of(symbol_for(label.key, side, getattr(label, "small", False))) for label in labels)
    for label, code in zip(labels, codes, strict=True):
        if slot == layout.per_page:
            pdf.add_page()
            slot = 0
        x, y = layout.origin(slot)
        _draw_label(pdf, label, code, kind, layout, x + layout.padding, y + layout.padding, fits)
        slot += 1
    if slot == layout.per_page and pdf.page == 0:
        pdf.add_page()  # no labels: an empty page rather than a file no viewer opens
    return bytes(pdf.output())


def _code_side(layout: LabelLayout) -> float:
    """The code's square: the label's height beside the text, at most half its width (or above the
    text, on a label taller than wide)."""
    width = layout.label_width - 2 * layout.padding
    height = layout.label_height - 2 * layout.padding
    return min(height, width / 2) if width >= height else min(width, height / 2)


def _draw_label(pdf: FPDF, label: Label, code: Code, kind: str, layout: LabelLayout, left: float, top: float,
                fits: dict[tuple[str, str, float, float], _Fit]) -> None:
    width = layout.label_width - 2 * layout.padding
    height = layout.label_height - 2 * layout.padding
    side = _code_side(layout)
    gap = side * _GAP
    if width >= height:  # code on the left, text on its right
        _draw_code(pdf, code, left, top + (height - side) / 2, side)
        _draw_lines(pdf, face(label, kind), left + side + gap, top, width - side - gap, height, fits)
    else:  # code above, text below
        _draw_code(pdf, code, left + (width - side) / 2, top, side)
        _draw_lines(pdf, face(label, kind), left, top + side + gap, width, height - side - gap, fits)


def _draw_code(pdf: FPDF, code: Code, left: float, top: float, side: float) -> None:
    """The code's path (in module units, made with the code: codes.Code.path) placed and scaled by a
    transformation of its own, then filled once: a label writes a few short operators of its own,
    not a coordinate per block (a fifth of the time of a 10,000-label batch when each block was an
    FPDF.rect; a third of the PDF's size in memory when each was written out in points)."""
    if not code.path:
        return
    k = pdf.k
    module = side / code.size * k
    # Module (column, row) at (left, top) + module × (column, -row) in points, the page's origin at its
    # bottom. fpdf2 has no public call for a raw path; its version is pinned (constraints.txt).
    pdf._out(f"q {module:.5f} 0 0 {-module:.5f} {left * k:.2f} {(pdf.h - top) * k:.2f} cm {code.path} f Q")


def _draw_lines(pdf: FPDF, lines: list[Line], left: float, top: float, width: float, height: float,
                fits: dict[tuple[str, str, float, float], _Fit]) -> None:
    shown = list(lines)
    size = _size_for(shown, height)
    while size * min(line.scale for line in shown) < _SMALLEST_PT and len(shown) > 2:
        shown.pop()
        size = _size_for(shown, height)
    y = top
    for line in shown:
        style = "B" if line.bold else ""
        line_size = size * line.scale
        line_height = line_size * _PT * _LEADING
        room = width * (0.45 if line.box else 1.0)  # a box keeps more than half the line to write in
        text, text_size, text_width = _fit(pdf, fits, line.text, style, line_size, room)
        pdf.set_font(FAMILY, style, text_size)
        baseline = y + line_height * 0.8
        pdf.text(left, baseline, text)
        if line.box:
            box_left = left + text_width + 1.0
            pdf.set_line_width(0.2)
            pdf.rect(box_left, y + line_height * 0.05, max(0.0, left + width - box_left), line_height * 0.9)
        y += line_height


_Fit = tuple[str, float, float]  # a line's text as printed, its size (pt) and its width (mm)
_FITS_KEPT = 1024  # lines whose fit is remembered in a batch: the names a batch repeats, not every key


def _fit(pdf: FPDF, fits: dict[tuple[str, str, float, float], _Fit], text: str, style: str, size: float, room: float) -> _Fit:
    """The text in `room`: too wide, smaller, down to the smallest readable size, then cut. The same
    text at the same size in the same room fits the same, so a batch measures a type's name once
    rather than on each of its thousand tools (measuring was a fifth of the labels' drawing)."""
    key = (text, style, size, room)
    fit = fits.pop(key, None)
    if fit is not None:
        fits[key] = fit  # the most recently used last: a batch's keys, each used once, go first
    else:
        pdf.set_font(FAMILY, style, size)
        text_width = pdf.get_string_width(text)
        if text_width > room:
            size = max(min(_SMALLEST_PT, size), size * room / text_width * 0.98)
            pdf.set_font_size(size)
            text = _cut(pdf, text, room)
            text_width = pdf.get_string_width(text)
        if len(fits) >= _FITS_KEPT:
            del fits[next(iter(fits))]
        fit = fits[key] = (text, size, text_width)
    return fit


def _size_for(lines: list[Line], height: float) -> float:
    return min(_LARGEST_PT, height / (sum(line.scale for line in lines) * _PT * _LEADING))


def _cut(pdf: FPDF, text: str, room: float) -> str:
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…"
