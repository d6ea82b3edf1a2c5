"""How the columns of a table share the terminal's width, and how a cell too long for its column is
cut: always ending in `…`, and never so that two different cells of a column read the same.

Pure functions of the texts and widths, so that any table (a list's page, a dashboard section)
lays itself out the same way, again at each resize."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"
# A short column (a state, a date, a code) grows to show its longest cell, but never past this:
# a long reason in a short column must not take the room of the naming column.
SHORT_COLUMN_LIMIT = 24


def fit(text: str, width: int) -> str:
    """`text` cropped (ending in an ellipsis) or padded with spaces to exactly `width` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS if width > 0 else ""


def share_width(minimums: Sequence[int], longest: Sequence[int], flexible: int | None, room: int) -> list[int]:
    """Column widths filling `room` cells (the columns only, without their gaps).

    Every column keeps at least its given width. The room left goes first to the short columns
    whose content is cut (the shortest need first, each up to SHORT_COLUMN_LIMIT; between equal
    needs the column further right, where lists keep their states): a cut state or date loses its
    meaning, a cut name only its end. The flexible column (the name or description)
    takes everything left, so that the table uses the whole width."""
    widths = list(minimums)
    left = room - sum(widths)
    if left <= 0:
        return widths
    needs = sorted(
        (min(wanted, max(SHORT_COLUMN_LIMIT, minimum)) - minimum, -index)
        for index, (minimum, wanted) in enumerate(zip(minimums, longest))
        if index != flexible and wanted > minimum
    )
    for need, negative_index in needs:
        index = -negative_index
        grant = min(need, left)
        widths[index] += grant
        left -= grant
    if flexible is not None:
        widths[flexible] += left
    return widths


def _first_difference(text: str, others: list[str]) -> int:
    """Where `text` starts to differ from the closest of `others` (the length of the longest
    prefix it shares with one of them)."""
    longest = 0
    for other in others:
        shared = 0
        for mine, theirs in zip(text, other):
            if mine != theirs:
                break
            shared += 1
        longest = max(longest, shared)
    return longest


def _shortened(text: str, start: int, width: int) -> str:
    """`text` with the words it shares with a neighbour left out: its first word, `…`, then from
    the word where it differs (cut in turn, ending in `…`, if still too long)."""
    first_end = text.find(" ")
    word_start = text.rfind(" ", 0, start) + 1
    if first_end < 0 or word_start <= first_end:
        # It differs within its first word: show the text from there on.
        return fit(ELLIPSIS + text[word_start:], width).rstrip()
    return fit(f"{text[:first_end]} {ELLIPSIS}{text[word_start:]}", width).rstrip()


def distinct_cuts(texts: Sequence[str], width: int) -> dict[str, str]:
    """For the texts of one column that `fit` would cut to the same words although they differ,
    a cut of each that keeps the part telling it apart ("Silver-oxide …SR1120SW (391)" and
    "Silver-oxide …SR1120W (381)" rather than "Silver-oxide cell SR112…" twice). Texts that
    fit, or whose cut is already unique, are not in the result."""
    groups: dict[str, set[str]] = {}
    for text in texts:
        if cell_len(text) > width:
            groups.setdefault(fit(text, width), set()).add(text)
    result: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        members = sorted(group)
        for text in members:
            others = [other for other in members if other != text]
            result[text] = _shortened(text, _first_difference(text, others), width)
    return result
