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


def _without(words: list[str], left_out: set[str], keep_first: bool) -> str:
    """The words but those left out; each run of left-out words becomes one `…`."""
    kept: list[str] = []
    for index, word in enumerate(words):
        if word in left_out and not (index == 0 and keep_first):
            if not kept or kept[-1] != ELLIPSIS:
                kept.append(ELLIPSIS)
        else:
            kept.append(word)
    return " ".join(kept)


def _shortened(text: str, common: list[str], width: int) -> str:
    """`text` without as few of the `common` words (the most common first) as make it fit, its
    first word kept for what it is; without them all and its first word if it still does not."""
    words = text.split(" ")
    left_out: set[str] = set()
    for word in common:
        if word not in words or word == words[0]:
            continue
        left_out.add(word)
        form = _without(words, left_out, keep_first=True)
        if cell_len(form) <= width:
            return form
    return _without(words, set(common) | {words[0]}, keep_first=False)


def _collisions(shown: dict[str, str], width: int) -> list[set[str]]:
    """The texts (keys of `shown`) that are drawn alike, shortened or cut, in groups."""
    groups: dict[str, set[str]] = {}
    for text, form in shown.items():
        groups.setdefault(fit(form, width).rstrip(), set()).add(text)
    return [group for group in groups.values() if len(group) > 1]


def _by_commonness(texts: Sequence[str] | set[str]) -> list[str]:
    """The words of more than one of `texts`, the most common (then the longest) first: what a
    cut can leave out and lose least."""
    counts: dict[str, int] = {}
    for text in set(texts):
        for word in set(text.split(" ")):
            counts[word] = counts.get(word, 0) + 1
    return sorted((word for word, count in counts.items() if count > 1), key=lambda word: (-counts[word], -cell_len(word), word))


def distinct_cuts(texts: Sequence[str], width: int) -> dict[str, str]:
    """For the texts of one column that `fit` would cut to the same words although they differ,
    a shorter form of each without some of the words the column's texts share ("Glace minérale
    … 30,0 …" and "Glace saphir … 30,0 …" rather than "Glace minérale plate Ø 3…" twice). A
    group still alike is shortened again by the words its own members share. Texts that fit,
    or whose cut is already unique, are not in the result."""
    # Only a cut text can read like another (worked out for each page painted: kept cheap).
    shown = {text: text for text in texts if cell_len(text) > width}
    result: dict[str, str] = {}
    common: list[str] | None = None
    for _round in range(3):
        groups = _collisions(shown, width)
        if not groups:
            break
        for group in groups:
            # First the words of the whole column; then those of the group still alike.
            if _round > 0:
                words = _by_commonness(group)
            else:
                common = words = common if common is not None else _by_commonness(texts)
            for text in group:
                shown[text] = result[text] = _shortened(text, words, width)
    return result
