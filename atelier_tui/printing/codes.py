"""The 2D code of a label: a QR code, or a Micro QR code where a QR code would print its modules
too small to be read (a 12 mm tape), and as the dark blocks to draw.

The smallest module a handheld imager reads reliably is a property of scanners, not of a label:
MIN_MODULE_MM is taken from the makers' sheets (docs/trade-sources.md, labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import segno

from atelier_tui.printing.qr_masks import make_masked

MIN_MODULE_MM = 0.33  # 13 mil: read by the general-purpose 2D imagers of a bench at a few cm
QR_QUIET_ZONE = 4  # modules of blank around a QR code (ISO/IEC 18004)
MICRO_QUIET_ZONE = 3  # ISO/IEC 18004 asks 2 at least; with text beside it, imagers (and zxing-cpp) find it far more surely with 3


@dataclass(frozen=True)
class Code:
    micro: bool
    size: int  # modules across, quiet zone included
    quiet_zone: int
    # The dark modules as PDF path operators in module units (`column row width height re`, quiet
    # zone included, row 0 at the top): the runs of each row, merged with the same run of the rows
    # below, so that a label draws few rectangles, and places this path by one transformation.
    path: str

    def module_mm(self, side_mm: float) -> float:
        return side_mm / self.size


def code_for(text: str, side_mm: float, small: bool = False) -> Code:
    """The code that encodes `text` in a square of `side_mm`, quiet zone included: a QR code when
    its modules are at least MIN_MODULE_MM wide there, else a Micro QR code when the text fits in
    one (and its modules are wider), else the QR code all the same (the best this label can do).
    For the label of a `small` object (a tool whose type is too small for a QR code: the label is
    cut down to the code and wrapped round a handle), a Micro QR code whenever the text fits in one."""
    return code_of(symbol_for(text, side_mm, small))


@dataclass(frozen=True)
class Symbol:
    """An encoded code as its dark (1) and light (0) modules, one bytes object per row, no quiet
    zone: small to keep, unlike segno's objects."""
    micro: bool
    rows: tuple[bytes, ...]

    @property
    def quiet_zone(self) -> int:
        return MICRO_QUIET_ZONE if self.micro else QR_QUIET_ZONE

    @property
    def size(self) -> int:
        return len(self.rows) + 2 * self.quiet_zone

    def module_mm(self, side_mm: float) -> float:
        return side_mm / self.size


def symbol_for(text: str, side_mm: float, small: bool = False) -> Symbol:
    """The symbol `code_for` draws (the choice between QR and Micro QR is made here)."""
    if small and (micro_symbol := _micro(text)) is not None:
        return micro_symbol
    qr = _symbol(text, micro=False)
    if qr.module_mm(side_mm) >= MIN_MODULE_MM:
        return qr
    micro = _micro(text)
    if micro is not None and micro.module_mm(side_mm) > qr.module_mm(side_mm):
        return micro
    return qr


def _micro(text: str) -> Symbol | None:
    try:
        return _symbol(text, micro=True)
    except segno.DataOverflowError:  # too long for the largest Micro QR (M4)
        return None


# A label printed again (the same tool, the same lot) is not encoded again. Small: a batch is made
# of different keys, and ten thousand codes kept at once (their blocks) were 150 MiB of the
# 10,000-label benchmark (tests/perf/test_labels_perf.py); each code is drawn, then let go.
# Choosing each QR code's mask (ISO/IEC 18004 scores all eight) is done by qr_masks, which makes
# segno's own choice several times faster than segno.
@lru_cache(maxsize=64)
def _symbol(text: str, micro: bool) -> Symbol:
    return Symbol(micro, make_masked(text, micro).rows)


@lru_cache(maxsize=64)
def code_of(symbol: Symbol) -> Code:
    """The symbol as dark blocks to draw."""
    border = symbol.quiet_zone
    open_blocks: dict[tuple[int, int], int] = {}  # (first column, end column) of a run -> its first row
    blocks: list[tuple[int, int, int, int]] = []  # (first row, first column, width, height)
    for row_index, row in enumerate(symbol.rows):
        still_open = {}
        for match in _DARK_RUN.finditer(row):
            run = match.span()
            still_open[run] = open_blocks.pop(run, row_index)
        blocks += [(first, start, end - start, row_index - first) for (start, end), first in open_blocks.items()]
        open_blocks = still_open
    height = len(symbol.rows)
    blocks += [(first, start, end - start, height - first) for (start, end), first in open_blocks.items()]
    blocks.sort()
    path = " ".join(f"{column + border} {row + border} {width} {rows} re" for row, column, width, rows in blocks)
    return Code(symbol.micro, symbol.size, border, path)


_DARK_RUN = re.compile(b"\x01+")  # a run of dark modules of a row
