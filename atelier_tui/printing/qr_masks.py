"""The data mask of a QR or Micro QR code chosen as segno chooses it (ISO/IEC 18004 7.8.3: the mask
whose symbol scores the lowest penalty, or for Micro QR the highest score), in a fraction of the time.

segno scores each of the eight masks module by module in Python, which was most of the time of a
10,000-label batch (tests/perf/test_labels_perf.py). Here a symbol is encoded once by segno with
mask 0; the other masks are got by exclusive-or of whole rows, and the penalties are counted on
all the rows and columns at once, kept as the bits of one integer, by shifts and bit counts. The
result is the same symbol segno makes, module for module (tests/printing/test_qr_masks.py checks
the choice and the symbol against segno's own for thousands of texts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import segno
from segno import encoder  # the function patterns and masks of segno's own mask evaluation

_GAP = 4  # light modules between two lines of the bit layout: a finder-like pattern's light margin
_TO_ASCII = bytes.maketrans(b"\x00\x01", b"01")
_FROM_ASCII = bytes.maketrans(b"01", b"\x00\x01")


@dataclass(frozen=True)
class Masked:
    """A symbol with the chosen mask: one bytes object of dark (1) and light (0) per row."""
    micro: bool
    mask: int
    rows: tuple[bytes, ...]


def make_masked(text: str, micro: bool) -> Masked:
    """The symbol of `text` as `codes` asks segno for it (Micro QR at segno's default error level,
    QR at level M; no boosting of the level), with segno's own choice of mask."""
    # Error correction M where it fits (15 % of the code may be scratched), as segno chooses by default.
    first = (segno.make(text, micro=True, boost_error=False, mask=0) if micro
             else segno.make_qr(text, error="m", boost_error=False, mask=0))
    size = len(first.matrix)
    shape = _shape(size, micro)
    masked_once = tuple(bytes(row) for row in first.matrix)
    data_rows = [int(row.translate(_TO_ASCII), 2) for row in masked_once]  # column 0 is the highest bit
    mask = _best_micro_mask(data_rows, shape) if micro else _best_qr_mask(masked_once, shape)
    if mask == 0:
        return Masked(micro, 0, masked_once)
    final = _final_patterns(str(first.version), first.error, mask, micro)
    rows = tuple(_row_bytes(final[index] | (shape.data[index] & (row ^ shape.flips_rows[mask][index])), size)
                 for index, row in enumerate(data_rows))
    return Masked(micro, mask, rows)


def _row_bytes(row: int, size: int) -> bytes:
    return format(row, f"0{size}b").encode().translate(_FROM_ASCII)


@dataclass(frozen=True)
class _Shape:
    """What a symbol of one size looks like as segno evaluates its masks."""
    size: int
    data: tuple[int, ...]  # per row: the modules that masks apply to (segno's "encoding region")
    fixed: tuple[int, ...]  # per row: the dark modules of the function patterns, as scored
    # Per mask: the modules that differ from mask 0's, per row, and over the layout of all lines.
    flips_rows: tuple[tuple[int, ...], ...]
    flips: tuple[int, ...]
    # Over the layout (every row, then every column; _GAP light modules before, between and after):
    lines_data: int
    lines_fixed: int
    within: int  # every module of every line
    pairs: int  # modules with a neighbour to their left in the same line
    blocks: int  # rows' modules that are the bottom-right corner of a 2×2 block
    pattern_ends: int  # modules that can end a 7-module pattern within their line
    rows_part: int  # the rows' modules (for the share of dark modules)


def _layout(lines: list[bytes], size: int) -> int:
    """Lines of `size` modules as one integer, first line highest, each after _GAP light modules."""
    gap = b"\x00" * _GAP
    joined = gap + gap.join(lines) + gap
    assert all(len(line) == size for line in lines)
    return int(joined.translate(_TO_ASCII), 2)


def _lines_of(matrix: list[bytes]) -> list[bytes]:
    return [*matrix, *(bytes(column) for column in zip(*matrix, strict=True))]


@cache
def _shape(size: int, micro: bool) -> _Shape:
    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    # 2 marks a module still free for data; the dark module (QR) is reserved, and light while scored.
    data = [bytes(int(value == 0x2 and not (not micro and index == size - 8 and column == 8))
                  for column, value in enumerate(row)) for index, row in enumerate(function)]
    fixed = [bytes(int(value == 0x1) for value in row) for row in function]
    masks = encoder.get_data_mask_functions(micro)
    mask_matrices = [[bytes(int(bool(pattern(i, j))) for j in range(size)) for i in range(size)] for pattern in masks]
    flips = [[bytes(a ^ b for a, b in zip(row, first, strict=True)) for row, first in zip(matrix, mask_matrices[0], strict=True)]
             for matrix in mask_matrices]

    def ints(matrix: list[bytes]) -> tuple[int, ...]:
        return tuple(int(row.translate(_TO_ASCII), 2) for row in matrix)

    def marks(test: Callable[[int, int, bool], bool]) -> int:
        rows = [bytes(int(test(i, j, False)) for j in range(size)) for i in range(size)]
        columns = [bytes(int(test(i, j, True)) for i in range(size)) for j in range(size)]
        return _layout([*rows, *columns], size)

    return _Shape(size=size, data=ints(data), fixed=ints(fixed), flips_rows=tuple(ints(matrix) for matrix in flips),
                  flips=tuple(_layout(_lines_of(matrix), size) for matrix in flips),
                  lines_data=_layout(_lines_of(data), size), lines_fixed=_layout(_lines_of(fixed), size),
                  within=marks(lambda i, j, column: True),
                  pairs=marks(lambda i, j, column: (i if column else j) >= 1),
                  blocks=marks(lambda i, j, column: not column and i >= 1 and j >= 1),
                  pattern_ends=marks(lambda i, j, column: (i if column else j) >= 6),
                  rows_part=marks(lambda i, j, column: not column))


def _best_qr_mask(masked_once: tuple[bytes, ...], shape: _Shape) -> int:
    """segno's choice: the lowest penalty (N1 + N2 + N3 + N4), the first mask of equal ones."""
    lines = _layout(_lines_of(list(masked_once)), shape.size)
    best, best_penalty = 0, -1
    for mask, flips in enumerate(shape.flips):
        penalty = _penalty(shape.lines_fixed | (shape.lines_data & (lines ^ flips)), shape)
        if best_penalty < 0 or penalty < best_penalty:
            best, best_penalty = mask, penalty
    return best


def _penalty(bits: int, shape: _Shape) -> int:
    """ISO/IEC 18004 7.8.3.1 as segno's mask_scores counts it, over the layout of every row and
    column (a module's left neighbour in its line is the next higher bit; the row above, `stride` higher)."""
    stride = shape.size + _GAP
    dark = bits
    light = ~bits & shape.within
    # N1: a run of 5 + i modules of one colour scores 3 + i.
    n1 = 0
    for same in (dark, light):
        fives = same & (same >> 1) & (same >> 2) & (same >> 3) & (same >> 4)
        n1 += fives.bit_count() + 2 * (fives & ~(fives >> 1)).bit_count()
    # N2: 3 for each 2×2 block of one colour (overlapping blocks each count).
    equal_left = ~(bits ^ (bits >> 1))
    equal_above = ~(bits ^ (bits >> stride))
    n2 = 3 * (equal_left & (equal_left >> stride) & equal_above & shape.blocks).bit_count()
    # N3: 40 for each dark-light-dark-dark-dark-light-dark with 4 light modules before or after it
    # (outside the symbol is light: the gaps of the layout).
    not_bits = ~bits
    patterns = (bits & (not_bits >> 1) & (bits >> 2) & (bits >> 3) & (bits >> 4) & (not_bits >> 5) & (bits >> 6)
                & shape.pattern_ends)
    n3 = 0
    if patterns:
        light_fours = not_bits & (not_bits >> 1) & (not_bits >> 2) & (not_bits >> 3)
        counted = patterns & ((light_fours >> 7) | (light_fours << 4))
        if patterns & ((patterns >> 4) | (patterns >> 6)):
            counted = _as_segno_searches(patterns, counted)
        n3 = 40 * counted.bit_count()
    # N4: 10 for each 5 % of dark modules away from half, as segno computes it.
    dark_modules = (bits & shape.rows_part).bit_count()
    percent = float(dark_modules) / (shape.size ** 2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def _as_segno_searches(patterns: int, counted: int) -> int:
    """Patterns that overlap (4 or 6 modules apart): segno searches a line from its start and, after
    a pattern it counted, goes on 7 modules further, so that the overlapping one is not counted."""
    kept = 0
    last_counted = None
    position = patterns.bit_length() - 1
    while position >= 0:  # from the start of the first line on: highest bit first
        if patterns >> position & 1:
            overlapped = last_counted is not None and last_counted - position < 7
            if not overlapped and counted >> position & 1:
                kept |= 1 << position
                last_counted = position
        position -= 1
    return kept


def _best_micro_mask(data_rows: list[int], shape: _Shape) -> int:
    """segno's choice for Micro QR (ISO/IEC 18004 7.8.3.2): the highest score from the dark modules
    of the right and bottom edges (their first module left out), the first mask of equal ones."""
    best, best_score = 0, -1
    size = shape.size
    edge = (1 << (size - 1)) - 1  # every module of a row but the first
    for mask, flips in enumerate(shape.flips_rows):
        rows = [shape.fixed[index] | (shape.data[index] & (row ^ flips[index])) for index, row in enumerate(data_rows)]
        right = sum(row & 1 for row in rows[1:])
        bottom = (rows[-1] & edge).bit_count()
        score = right * 16 + bottom if right <= bottom else bottom * 16 + right
        if score > best_score:
            best, best_score = mask, score
    return best


@cache
def _final_patterns(version: str, error: str | None, mask: int, micro: bool) -> tuple[int, ...]:
    """Per row, the modules outside the data of a finished symbol of this version, error level and
    mask (function patterns, format and version information): the same for every text."""
    sample = (segno.make("1", micro=True, version=version, error=error, mask=mask, boost_error=False) if micro
              else segno.make_qr("1", version=int(version), error=error, mask=mask, boost_error=False))
    shape = _shape(len(sample.matrix), micro)
    return tuple(int(bytes(row).translate(_TO_ASCII), 2) & ~data for row, data in zip(sample.matrix, shape.data, strict=True))
