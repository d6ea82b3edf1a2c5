"""A QR or Micro QR code as segno makes it, with segno's choice of data mask (ISO/IEC 18004 7.8.3:
the mask whose symbol scores the lowest penalty, or for Micro QR the highest score), in a fraction
of segno's time.

segno places the message bit by bit and scores each of the eight masks module by module in
Python, which was most of the time of a 10,000-label batch (tests/perf/test_labels_perf.py). Here
segno makes the codewords and their error correction (written out as bits here, not one by one);
the bits are placed in the order segno's own placement takes (worked out once per version by
segno's add_codewords; one lookup per symbol); each mask is applied by
exclusive-or of whole rows, and the penalties are counted on all the rows and columns at once,
kept as the bits of one integer, by shifts and bit counts. The symbol is segno's, module for module
(tests/printing/test_qr_masks.py compares the choice and the symbol with segno's own for thousands
of texts). segno's version is pinned (constraints.txt): this module calls its encoder's steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import zip_longest
from operator import itemgetter
from typing import cast

import segno
from segno import consts, encoder

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
    version, error, bits = _message(text, micro)
    size = encoder.calc_matrix_size(version)
    shape = _shape(size, micro)
    # Row after row, then one light module for the layout's gaps; a module without a bit of the
    # message (the remainder bits, 0) is light too: the light bit appended.
    flat = bytes(_placement(version, len(bits))(bits + b"\x00"))
    rows = [int(flat[start:start + size].translate(_TO_ASCII), 2) for start in range(0, size * size, size)]
    if micro:
        mask = _best_micro_mask(rows, shape)
    else:
        mask = _best_qr_mask(int(bytes(shape.gather(flat)).translate(_TO_ASCII), 2), shape)
    final = _final_patterns(version, error, mask, micro)
    return Masked(micro, mask, tuple(format(final[index] | (shape.data[index] & (row ^ shape.mask_rows[mask][index])),
                                            f"0{size}b").encode().translate(_FROM_ASCII)
                                     for index, row in enumerate(rows)))


def _message(text: str, micro: bool) -> tuple[int, int | None, bytes]:
    """The version, the error level and the bits of the final message, as segno.encoder.encode and
    _encode make them for segno.make(text, micro=True, boost_error=False) or
    segno.make_qr(text, error="m", boost_error=False), up to the placement in the matrix."""
    # Error correction M where it fits (15 % of the code may be scratched), as segno chooses by default.
    error = None if micro else consts.ERROR_LEVEL_M
    segments = encoder.prepare_data(text, None, None)
    version = encoder.find_version(segments, error, eci=False, micro=micro)
    if error is None and version != consts.VERSION_M1:
        error = consts.ERROR_LEVEL_L
    buffer = encoder.Buffer()
    is_micro = version < 1
    for segment in segments:
        encoder.write_segment(buffer, segment, version if is_micro else None,
                              version if is_micro else encoder.version_range(version), False)
    capacity = cast(dict[int, dict[int | None, int]], consts.SYMBOL_CAPACITY)[version][error]  # bits, as segno's tables say
    encoder.write_terminator(buffer, capacity, version if is_micro else None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    return version, error, _final_message(version, error, buffer)


def _final_message(version: int, error: int | None, buffer: encoder.Buffer) -> bytes:
    """The bits (0 and 1 bytes) of segno's make_final_message without its remainder bits: data
    codewords, then error correction codewords, each interleaved block by block; in M1 and M3 the
    last data codeword is 4 bits. segno expands them bit by bit; here each run of codewords is one
    integer written out in binary."""
    data_blocks, error_blocks = encoder.make_blocks(cast(dict[int, dict[int | None, object]], consts.ECC)[version][error], buffer)
    last_four = b""
    if version in (consts.VERSION_M1, consts.VERSION_M3):
        last_four = format(data_blocks[0].pop(-1) >> 4, "04b").encode()
    return b"".join((_binary(_interleaved(data_blocks)), last_four, _binary(_interleaved(error_blocks)))).translate(_FROM_ASCII)


def _interleaved(blocks: list[bytearray]) -> bytes:
    """The first codeword of each block, then the second of each, and so on (shorter blocks end first)."""
    return bytes(codeword for codewords in zip_longest(*blocks) for codeword in codewords if codeword is not None)


def _binary(codewords: bytes) -> bytes:
    return format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b").encode() if codewords else b""


@cache
def _placement(version: int, count: int) -> Callable[[bytes], tuple[int, ...]]:
    """The modules of the matrix, row after row, then one light module, from the message's `count`
    bits followed by a light one: each module takes the bit segno's add_codewords places there
    (found by letting it place the bits' numbers); the modules left (segno's remainder bits, 0)
    take the light one."""
    size = encoder.calc_matrix_size(version)
    matrix = [list(row) for row in _function_matrix(size)]
    first = 0x100  # past any value of the matrix (0, 1, and 2 for a free module)
    encoder.add_codewords(matrix, list(range(first, first + count)), version)
    light = count  # the light module appended to the bits
    return itemgetter(*[value - first if value >= first else light for row in matrix for value in row], light)


def _function_matrix(size: int) -> tuple[bytearray, ...]:
    """The matrix as segno has it before placing the message: 2 marks a module free for data."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    return tuple(matrix)


@dataclass(frozen=True)
class _Shape:
    """What a symbol of one size looks like as segno evaluates its masks."""
    size: int
    data: tuple[int, ...]  # per row: the modules that masks apply to (segno's "encoding region")
    fixed: tuple[int, ...]  # per row: the dark modules of the function patterns, as scored
    mask_rows: tuple[tuple[int, ...], ...]  # per mask, per row: the modules the mask darkens
    # The layout of all lines: every row, then every column, each after _GAP light modules.
    gather: Callable[[bytes], tuple[int, ...]]  # the modules of the layout from a matrix row after row
    mask_lines: tuple[int, ...]
    lines_data: int
    lines_fixed: int
    within: int  # every module of every line
    blocks: int  # rows' modules that are the bottom-right corner of a 2×2 block
    pattern_ends: int  # modules that can end a 7-module pattern within their line
    rows_part: int  # the rows' modules (for the share of dark modules)


def _layout(lines: list[bytes]) -> int:
    """Lines as one integer, first line highest, each after _GAP light modules, and _GAP at the end."""
    gap = b"\x00" * _GAP
    return int((gap + gap.join(lines) + gap).translate(_TO_ASCII), 2)


def _lines_of(matrix: list[bytes]) -> list[bytes]:
    return [*matrix, *(bytes(column) for column in zip(*matrix, strict=True))]


@cache
def _shape(size: int, micro: bool) -> _Shape:
    function = _function_matrix(size)
    # The dark module (QR) is reserved (light while the masks are scored): not data.
    data = [bytes(int(value == 0x2 and not (not micro and index == size - 8 and column == 8))
                  for column, value in enumerate(row)) for index, row in enumerate(function)]
    fixed = [bytes(int(value == 0x1) for value in row) for row in function]
    masks = [[bytes(int(bool(pattern(i, j))) for j in range(size)) for i in range(size)]
             for pattern in encoder.get_data_mask_functions(micro)]
    gap = [size * size] * _GAP  # the light module after the last row of the flat matrix
    lines = [[i * size + j for j in range(size)] for i in range(size)] + [[i * size + j for i in range(size)] for j in range(size)]
    order = gap + [index for line in lines for index in (*line, *gap)]

    def ints(matrix: list[bytes]) -> tuple[int, ...]:
        return tuple(int(row.translate(_TO_ASCII), 2) for row in matrix)

    def marks(test: Callable[[int, int, bool], bool]) -> int:
        rows = [bytes(int(test(i, j, False)) for j in range(size)) for i in range(size)]
        columns = [bytes(int(test(i, j, True)) for i in range(size)) for j in range(size)]
        return _layout([*rows, *columns])

    return _Shape(size=size, data=ints(data), fixed=ints(fixed), mask_rows=tuple(ints(mask) for mask in masks),
                  gather=itemgetter(*order), mask_lines=tuple(_layout(_lines_of(mask)) for mask in masks),
                  lines_data=_layout(_lines_of(data)), lines_fixed=_layout(_lines_of(fixed)),
                  within=marks(lambda i, j, column: True),
                  blocks=marks(lambda i, j, column: not column and i >= 1 and j >= 1),
                  pattern_ends=marks(lambda i, j, column: (i if column else j) >= 6),
                  rows_part=marks(lambda i, j, column: not column))


def _best_qr_mask(lines: int, shape: _Shape) -> int:
    """segno's choice: the lowest penalty (N1 + N2 + N3 + N4), the first mask of equal ones.
    `lines`: the message's bits in the layout, unmasked."""
    best, best_penalty = 0, -1
    for mask, mask_lines in enumerate(shape.mask_lines):
        penalty = _penalty(shape.lines_fixed | (shape.lines_data & (lines ^ mask_lines)), shape)
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
    left = patterns
    while left:  # each pattern, from the start of the first line on: highest bit first
        position = left.bit_length() - 1
        left ^= 1 << position
        overlapped = last_counted is not None and last_counted - position < 7
        if not overlapped and counted >> position & 1:
            kept |= 1 << position
            last_counted = position
    return kept


def _best_micro_mask(data_rows: list[int], shape: _Shape) -> int:
    """segno's choice for Micro QR (ISO/IEC 18004 7.8.3.2): the highest score from the dark modules
    of the right and bottom edges (their first module left out), the first mask of equal ones.
    `data_rows`: the message's bits, unmasked."""
    best, best_score = 0, -1
    size = shape.size
    edge = (1 << (size - 1)) - 1  # every module of a row but the first
    for mask, mask_rows in enumerate(shape.mask_rows):
        rows = [shape.fixed[index] | (shape.data[index] & (row ^ mask_rows[index])) for index, row in enumerate(data_rows)]
        right = sum(row & 1 for row in rows[1:])
        bottom = (rows[-1] & edge).bit_count()
        score = right * 16 + bottom if right <= bottom else bottom * 16 + right
        if score > best_score:
            best, best_score = mask, score
    return best


@cache
def _final_patterns(version: int, error: int | None, mask: int, micro: bool) -> tuple[int, ...]:
    """Per row, the modules outside the data of a finished symbol of this version, error level and
    mask (function patterns, format and version information): the same for every text, taken from
    a symbol segno makes."""
    version_name = encoder.get_version_name(version)
    error_name = None if error is None else encoder.get_error_name(error)
    sample = (segno.make("1", micro=True, version=version_name, error=error_name, mask=mask, boost_error=False) if micro
              else segno.make_qr("1", version=version_name, error=error_name, mask=mask, boost_error=False))
    shape = _shape(len(sample.matrix), micro)
    return tuple(int(bytes(row).translate(_TO_ASCII), 2) & ~data for row, data in zip(sample.matrix, shape.data, strict=True))
