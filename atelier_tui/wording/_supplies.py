"""The sentences of supply allocation (atelier_tui/domain/supply_allocation.py): stock, lots and
their use-by dates, and cells that are not the calibre's own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from atelier_tui.i18n import N_, _
from atelier_tui.wording.terms import sentence

TEMPLATES = {
    "calibre_gives_no_value": N_("Calibre {calibre}: the catalog does not give {what}; take it from the maker's sheet"),
    "calibre_names_no_cell": N_("The catalog names no cell for calibre {calibre}: read the old cell at opening"),
    "record_on_order_or_catalog": N_("Record it on the order, or add it to the calibre in the catalog"),
    "identify_calibre": N_("Identify the calibre and record it on the order"),
    "record_measurement": N_("Record the measurement on the order"),
    "record_on_order": N_("Record it on the order"),
    "part_differs": N_("{part} is in stock but differs in {what}: it does not replace this watch's part"),
    "no_matching_supply": N_("No supply of the catalog matches {supply}"),
    "add_matching_supply": N_("Add a matching supply to the catalog and order it"),
    "reorder": N_("Reorder {supply}"),
    "may_be_needed": N_("May be needed, if the old part is found worn at opening: {found}"),
    "only_stock_expired": N_("{supply}: the only stock, lot {lot}, expired on {date}"),
    "stock_short": N_("{supply}: {needed} needed, {available} available"),
    "on_this_bench": N_("on this bench"),
    "lot_here_expired": N_("Lot {lot} on this bench expired on {date}: do not use it"),
    "use_other_lot": N_("Use lot {lot} {place} instead and dispose of lot {old}"),
    "lot_expires": N_("Lot {lot} expires on {date}"),
    "under_reorder_point": N_("{supply}: {after} left after this job, under the reorder point of {point}"),
    "mm_taller": N_("{mm} mm taller"),
    "mm_shorter": N_("{mm} mm shorter"),
    "mm_wider": N_("{mm} mm wider"),
    "mm_narrower": N_("{mm} mm narrower"),
    "high_drain": N_("high drain"),
    "low_drain": N_("low drain"),
    "voltage_nominal": N_("{voltage} nominal"),
    "unknown_cell_name": N_("The catalog knows no cell called \u201c{name}\u201d, as the order says"),
    "correct_or_add_cell": N_("Correct the cell on the order, or add it to the catalog and order it"),
    "primary_cell_in_rechargeable_watch": N_(
        "{cell} is a primary cell, and this kinetic or solar watch takes a rechargeable cell: "
        "makers warn that a primary cell charged in it can overheat and burst"),
    "record_rechargeable_cell": N_("Record the rechargeable cell of the calibre on the order: {cell}"),
    "read_rechargeable_cell": N_("Read the rechargeable cell on the calibre sheet and record it on the order"),
    "rechargeable_cell_in_primary_watch": N_("{cell} is a rechargeable cell, and this watch takes a primary cell"),
    "record_calibre_cell": N_("Record the calibre's cell on the order: {cell}"),
    "read_calibre_cell": N_("Read the cell on the calibre sheet and record it on the order"),
    "check_old_cell": N_("Check the old cell and the calibre sheet before fitting it"),
    "check_alternative_fits": N_("Check that {cell} fits this watch, then record it as the cell on the order"),
}


def _sized_part(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    """A part the order gives by its sizes and kinds: gasket 30 mm × 0.5 mm, crystal (sapphire,
    flat) 30 mm × 2 mm."""
    kinds = show(values.get("kinds", ()))
    sizes = values["sizes"]
    sizes_text = " × ".join(show(size) for size in sizes) if isinstance(sizes, tuple) else show(sizes)
    return " ".join(part for part in (show(values["part"]), f"({kinds})" if kinds else "", sizes_text) if part)


def _awaits_calibre(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return sentence(_("{supply}: not known until the calibre is identified").format(supply=show(values["supply"])))


def _to_measure(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return sentence(_("{supply}: the order does not give {what}; measure it at opening").format(
        supply=show(values["supply"]), what=show(values["what"])))


def _to_record(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return sentence(_("{supply}: the order does not give {what}; read it on the watch and record it").format(
        supply=show(values["supply"]), what=show(values["what"])))


def _aside(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    """How two cells differ, in brackets after the sentence; nothing when they do not."""
    difference = show(values["difference"])
    return f" ({difference})" if difference else ""


def _not_the_calibres(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return _("The order names {cell}, but calibre {calibre} takes {expected}").format(
        cell=show(values["cell"]), calibre=show(values["calibre"]), expected=show(values["expected"])) + _aside(values, show)


def _alternative_in_stock(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return _("{cell} is in stock and the calibre allows it, but it is not the calibre's own cell{difference}").format(
        cell=show(values["cell"]), difference=_aside(values, show))


COMPOSED = {
    "sized_part": _sized_part, "supply_awaits_calibre": _awaits_calibre, "supply_to_measure": _to_measure,
    "supply_to_record": _to_record,
    "not_the_calibres_cell": _not_the_calibres, "alternative_in_stock": _alternative_in_stock,
}
