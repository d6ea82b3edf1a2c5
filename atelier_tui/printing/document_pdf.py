"""The page of every printed document (fpdf2, A4): a title block, headings, facts as label and
value, tables that break across pages with their headings repeated, tick boxes, signature lines,
and a footer with the document's title and the page number. The font is the DejaVu Sans shipped
for the labels (label_pdf), embedded, so that Ω µ ‴ ± é print on any printer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, XPos, YPos

from atelier_tui.printing.label_pdf import FAMILY, FONTS

MARGIN = 15.0  # mm
BODY_PT = 9.0
SMALL_PT = 7.5
HEADING_PT = 11.5
TITLE_PT = 16.0
TICK = "☐"  # a box to tick by hand
_LINE = 4.6  # mm per body line
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 225, 225))
TICK_PT = 12.0
_PT_MM = 25.4 / 72
_ROW_LEADING = _PT_MM * 1.25  # mm of line per point of font size
_CELL_PAD = 1.0  # mm


class DocumentPdf(FPDF):
    def __init__(self, title: str, page_word: str, landscape: bool = False) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.document_title = title
        self.page_word = page_word  # "page" / "page" ...: the footer's word, in the document's language
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, MARGIN)
        self.set_creator("atelier")
        self.set_title(title)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self._glyphs = frozenset(set.intersection(*(set(getattr(font, "cmap", {})) for font in self.fonts.values())))
        self.set_text_color(0)
        self.set_draw_color(0)
        self.add_page()

    def printable(self, text: str) -> str:
        """What a person typed, as the font can print it: a character it has no glyph for (a CJK
        ideogram, a rare emoji) becomes U+FFFD, a tab a space, rather than a blank and a warning."""
        return "".join(" " if char == "\t" else char if char == "\n" or ord(char) in self._glyphs else "\ufffd" for char in text)

    def footer(self) -> None:
        self.set_y(-MARGIN + 4)
        self.set_font(FAMILY, "", SMALL_PT)
        self.cell(0, 4, self.printable(f"{self.document_title} — {self.page_word} {self.page_no()}/{{nb}}"), align="C")

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font(FAMILY, "B", TITLE_PT)
        self.multi_cell(0, TITLE_PT * 0.5, self.printable(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FAMILY, "", BODY_PT)
            self.multi_cell(0, _LINE, self.printable(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def heading(self, text: str) -> None:
        if self.will_page_break(HEADING_PT * 0.5 + 3 * _LINE):  # a heading never ends a page alone
            self.add_page()
        self.ln(2)
        self.set_font(FAMILY, "B", HEADING_PT)
        self.cell(0, HEADING_PT * 0.5, self.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text: str, size: float = BODY_PT) -> None:
        self.set_font(FAMILY, "", size)
        self.multi_cell(0, _LINE, self.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label and value, two columns without rules."""
        self.set_font(FAMILY, "", BODY_PT)
        with self.table(col_widths=(1, 3), first_row_as_headings=False, borders_layout=TableBordersLayout.NONE,
                        line_height=_LINE, padding=(0.4, 1), text_align="LEFT") as table:
            for label, value in rows:
                row = table.row()
                row.cell(self.printable(label), style=FontFace(emphasis="BOLD"))
                row.cell(self.printable(value) or "—")
        self.ln(1)

    def rows(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
             size: float = BODY_PT) -> None:
        """A table that breaks across pages, its headings repeated on each, each cell's text
        wrapped to its column. Laid out here rather than by fpdf2's table, which measures every
        cell several times: a due list of a large workshop took over a minute."""
        total = sum(widths)
        columns = [self.epw * width / total for width in widths]
        heading = [self._wrapped(self.printable(text), column, True, size) for text, column in zip(headings, columns, strict=True)]
        self._table_row(heading, columns, size, bold=True)
        for values in rows:
            cells = [[TICK] if value == TICK else self._wrapped(self.printable(value) or "—", column, False, size)
                     for value, column in zip(values, columns, strict=True)]
            if self.will_page_break(self._row_height(cells, size)):
                self.add_page()
                self._table_row(heading, columns, size, bold=True)
            self._table_row(cells, columns, size)
        self.ln(1)

    def _row_height(self, cells: Sequence[Sequence[str]], size: float) -> float:
        return max(len(lines) for lines in cells) * size * _ROW_LEADING + 2 * _CELL_PAD

    def _table_row(self, cells: Sequence[Sequence[str]], columns: Sequence[float], size: float, bold: bool = False) -> None:
        top, height = self.get_y(), self._row_height(cells, size)
        if bold:
            self.set_fill_color(225)
            self.rect(self.l_margin, top, self.epw, height, style="F")
        self.set_font(FAMILY, "B" if bold else "", size)
        left = self.l_margin
        for lines, column in zip(cells, columns, strict=True):
            for index, line in enumerate(lines):
                baseline = top + _CELL_PAD + (index + 0.8) * size * _ROW_LEADING
                if line == TICK and not bold:  # a box to tick, large enough for a pen
                    self.set_font_size(TICK_PT)
                    self.text(left + _CELL_PAD, top + _CELL_PAD + TICK_PT * _PT_MM * 0.9, line)
                    self.set_font_size(size)
                else:
                    self.text(left + _CELL_PAD, baseline, line)
            left += column
        self.set_line_width(0.1)
        self.line(self.l_margin, top + height, self.l_margin + self.epw, top + height)
        self.set_xy(self.l_margin, top + height)

    def _wrapped(self, text: str, column: float, bold: bool, size: float) -> list[str]:
        """The lines of `text` in a column: broken between words, a word wider than the column
        between its characters."""
        room = column - 2 * _CELL_PAD
        font: Any = self.fonts[FAMILY.lower() + ("B" if bold else "")]  # fpdf2's key: family lower-cased, then the style
        char_widths = font.cw  # per character, in thousandths of the font size
        scale = size * 0.001 / self.k

        def width(part: str) -> float:
            return float(sum(char_widths[ord(char)] for char in part)) * scale

        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if width(candidate) <= room:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = word
                while width(line) > room and len(line) > 1:  # a word longer than the column
                    cut = len(line) - 1
                    while cut > 1 and width(line[:cut]) > room:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return lines or [""]

    def signature_lines(self, labels: Sequence[str]) -> None:
        """Blank lines to sign by hand, side by side."""
        if self.will_page_break(18):
            self.add_page()
        self.ln(4)
        width = (self.epw - 6 * (len(labels) - 1)) / max(1, len(labels))
        top = self.get_y()
        self.set_font(FAMILY, "", SMALL_PT)
        for index, label in enumerate(labels):
            left = self.l_margin + index * (width + 6)
            self.line(left, top + 12, left + width, top + 12)
            self.set_xy(left, top + 13)
            self.cell(width, 4, self.printable(label))
        self.set_xy(self.l_margin, top + 18)

    def finished(self) -> bytes:
        return bytes(self.output())
