"""Values that are well formed but cannot be true, whatever path they come in by (a workshop
file, a spreadsheet, a catalog): a lot received tomorrow, a cell that expired before it came in,
a tool checked out to no bench, a tolerance whose minimum is above its maximum, two cells
answering to the same name. Pure: the caller gives today's date; each rule returns the field at
fault and a code, and the caller words it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

IN_THE_FUTURE = "in_the_future"
BEFORE_RECEIPT = "before_receipt"
CHECKED_OUT_TO_NO_BENCH = "checked_out_to_no_bench"
MIN_ABOVE_MAX = "min_above_max"
NAME_OF_ANOTHER_CELL = "name_of_another_cell"


@dataclass(frozen=True)
class Implausible:
    field: str
    code: str


def dates_not_after(today: date, dates: Mapping[str, date | None]) -> list[Implausible]:
    """Dates of what has already happened (a receipt, an acquisition) are today or before: a
    date ahead of today is a typo (2062 for 2026) that would also hide the lot's true age."""
    return [Implausible(name, IN_THE_FUTURE) for name, day in dates.items() if day is not None and day > today]


def lot_dates(today: date, received_on: date | None, expires_on: date | None) -> list[Implausible]:
    """A lot is received today or before, and cannot have expired before it came in."""
    found = dates_not_after(today, {"received_on": received_on})
    if received_on is not None and expires_on is not None and expires_on < received_on:
        found.append(Implausible("expires_on", BEFORE_RECEIPT))
    return found


def tool_state(today: date, status: str | None, bench: str | None, acquired_on: date | None) -> list[Implausible]:
    """A checked-out tool is on a bench (the one it was checked out to); it was acquired today or
    before. `status` None: the row does not change it."""
    found = dates_not_after(today, {"acquired_on": acquired_on})
    if status == "checked_out" and not bench:
        found.append(Implausible("status", CHECKED_OUT_TO_NO_BENCH))
    return found


def reversed_bounds(low: float | None, high: float | None) -> Implausible | None:
    """A range (a tolerance, a requirement on a tool's attribute) whose minimum is above its
    maximum admits nothing: every reading would fail, every tool would be refused."""
    if low is not None and high is not None and low > high:
        return Implausible("min", MIN_ABOVE_MAX)
    return None


@dataclass(frozen=True)
class SharedName:
    key: str  # the cell that gives the name a second time
    field: str  # iec_code | aliases
    name: str  # as it is written there
    first_key: str  # the cell that gave it first


def shared_cell_names(cells: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[SharedName]:
    """A name of a watch cell (its IEC code or an alias such as '371') names one cell: given to a
    second cell, a lot or an order naming it could be either. `cells` is (key, [(field, name)])
    in the order they are read; names are compared without case."""
    owner: dict[str, str] = {}
    shared: list[SharedName] = []
    for key, names in cells:
        for field, name in names:
            folded = name.strip().casefold()
            if not folded:
                continue
            first = owner.setdefault(folded, key)
            if first != key:
                shared.append(SharedName(key, field, name, first))
    return shared
