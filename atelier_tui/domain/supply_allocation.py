"""Matching supply needs against lots: lots on the bench first, then the store, earliest use-by
date first (FEFO); expired lots and stock reserved for other jobs never count. Supplies do not
have to be on the bench: a drawer in the store serves, and starting the job reserves them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from atelier_tui.domain.cells import cell_differences
from atelier_tui.domain.findings import Allocation, Finding, LotPick, Remedy
from atelier_tui.domain.inventory import Inventory, LotView
from atelier_tui.domain.needs import BLOCKING_PART_PROBLEMS
from atelier_tui.domain.requirements import SupplyInfo, SupplyNeed
from atelier_tui.domain.units import format_value, from_micro, kind_of, to_micro, to_unit
from atelier_tui.domain.wording import sentence, word, words
from atelier_tui.i18n import _, localized

# A lot that reaches its use-by date within this many days is worth a warning.
EXPIRY_WARNING_DAYS = 30


def _label(need: SupplyNeed, supplies: Mapping[str, SupplyInfo]) -> str:
    info = supplies.get(need.supply_key or "")
    if info is not None:
        return localized(info.name_en, info.name_fr)
    if need.match:
        sizes = " × ".join(format_value(value, "mm") for value in need.match.values() if value is not None)
        return f"{word(need.category)} {sizes}".strip()
    return word(need.category or need.source)


def needed_micro(need: SupplyNeed, info: SupplyInfo) -> int:
    """The need in millionths of the supply's stock unit (a need with no quantity needs some)."""
    if need.quantity is None:
        return 1
    value = need.quantity
    # The catalog import checks that a need's unit is of its supply's kind; a need of another
    # kind (a category need met by supplies counted differently) is taken in the stock unit.
    if need.unit and need.unit != info.stock_unit and kind_of(need.unit) == kind_of(info.stock_unit):
        value = to_unit(value, need.unit, info.stock_unit)
    return max(1, to_micro(value))


def _fefo(lot: LotView, bench: str) -> tuple[bool, date, str]:
    return (lot.bench != bench, lot.use_by or date.max, lot.lot_number)


def _pick(lot: LotView, supply_key: str, micro: int) -> LotPick:
    return LotPick(lot.lot_number, supply_key, micro, lot.location, lot.bench, lot.use_by)


def _amount(micro: int, info: SupplyInfo) -> str:
    return format_value(from_micro(micro), info.stock_unit)


def match_supply(need: SupplyNeed, bench: str, inventory: Inventory, supplies: Mapping[str, SupplyInfo], today: date,
                 taken: dict[str, int]) -> tuple[list[Finding], Allocation]:
    """`taken` (lot number -> micro) carries what earlier needs of the same job already took."""
    requirement = need.requirement
    label = _label(need, supplies)
    if need.problem in BLOCKING_PART_PROBLEMS:
        return [_refusal(need, label, supplies)], Allocation(requirement)
    notes = [_other_than_the_calibres(need, label, supplies)] if need.problem == "not_the_calibres" else []
    if need.problem == "calibre_gives_none":
        message = _("Calibre {calibre}: the catalog does not give {what}; take it from the maker's sheet").format(
            what=word(need.source), calibre=need.calibre)
        if need.source == "calibre.battery":
            message = _("The catalog names no cell for calibre {calibre}: read the old cell at opening").format(calibre=need.calibre)
        return [Finding("missing", False, requirement, message,
                        Remedy("record", _("Record it on the order, or add it to the calibre in the catalog")))], Allocation(requirement)
    if need.unresolved:
        if need.source.startswith("calibre."):
            message = sentence(_("{supply}: not known until the calibre is identified").format(supply=label))
            remedy = Remedy("record", _("Identify the calibre and record it on the order"))
        else:
            message = sentence(_("{supply}: the order does not give {what}; measure it at opening").format(
                supply=label, what=words(need.unresolved)))
            remedy = Remedy("record", _("Record the measurement on the order"))
        return [Finding("missing", False, requirement, message, remedy)], Allocation(requirement)
    accepted = [key for key in need.accepted if key in supplies]
    if not accepted:
        return [Finding("missing", True, requirement, _("No supply of the catalog matches {supply}").format(supply=label),
                        Remedy("acquire", _("Add a matching supply to the catalog and order it")))], Allocation(requirement)
    findings: list[Finding] = notes
    lots = sorted(((lot, key) for key in accepted for lot in inventory.lots_of(key)), key=lambda pair: _fefo(pair[0], bench))
    usable = [(lot, key) for lot, key in lots if not lot.expired(today) and lot.available_micro - taken.get(lot.lot_number, 0) > 0]
    expired_here = [lot for lot, _key in lots if lot.expired(today) and lot.bench == bench and lot.quantity_micro > 0]
    picks: list[LotPick] = []
    wanted = {key: needed_micro(need, supplies[key]) for key in accepted}
    # `share` is the part of the need still open, so that lots of two accepted supply types
    # counted in different units add up.
    share = 1.0
    for lot, key in usable:
        left = lot.available_micro - taken.get(lot.lot_number, 0)
        amount = min(left, round(wanted[key] * share))
        picks.append(_pick(lot, key, amount))
        share -= amount / wanted[key]
        if share <= 1e-9:
            break
    if share > 1e-9:
        key = accepted[0]
        info = supplies[key]
        available = sum(lot.available_micro - taken.get(lot.lot_number, 0) for lot, k in usable)
        out_of_date = [lot for lot, _k in lots if lot.expired(today) and lot.available_micro > 0]
        reorder = Remedy("reorder", _("Reorder {supply}").format(supply=localized(info.name_en, info.name_fr)), supply=key)
        if out_of_date and not available:
            lot = out_of_date[0]
            findings.append(Finding("expired", True, requirement, _("{supply}: the only stock, lot {lot}, expired on {date}").format(
                supply=label, lot=lot.lot_number, date=lot.use_by.isoformat() if lot.use_by else "?"), reorder, subject=lot.lot_number))
        else:
            findings.append(Finding("insufficient_stock", True, requirement, _("{supply}: {needed} needed, {available} available").format(
                supply=label, needed=_amount(wanted[key], info), available=_amount(available, info)), reorder))
        findings.extend(_alternatives_in_stock(need, inventory, supplies, today, taken))
        return findings, Allocation(requirement)
    for pick in picks:
        taken[pick.lot_number] = taken.get(pick.lot_number, 0) + pick.quantity_micro
    findings.extend(_warnings(need, picks, expired_here, inventory, supplies, today, bench))
    return findings, Allocation(requirement, lots=tuple(picks))


def _warnings(need: SupplyNeed, picks: list[LotPick], expired_here: list[LotView], inventory: Inventory,
              supplies: Mapping[str, SupplyInfo], today: date, bench: str) -> list[Finding]:
    requirement = need.requirement
    findings = []
    first = picks[0]
    place = _("on this bench") if first.bench == bench else _("in {location}").format(location=first.location or "?")
    for lot in expired_here:
        findings.append(Finding("expired", False, requirement, _("Lot {lot} on this bench expired on {date}: do not use it").format(
            lot=lot.lot_number, date=lot.use_by.isoformat() if lot.use_by else "?"),
            Remedy("use_lot", _("Use lot {lot} {place} instead and dispose of lot {old}").format(lot=first.lot_number, place=place, old=lot.lot_number),
                   lots=(first,)), subject=lot.lot_number))
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for pick in picks:
        if pick.use_by is not None and pick.use_by <= soon:
            findings.append(Finding("expired", False, requirement, _("Lot {lot} expires on {date}").format(
                lot=pick.lot_number, date=pick.use_by.isoformat()), subject=pick.lot_number))
    for key in dict.fromkeys(pick.supply_key for pick in picks):
        point = inventory.reorder_points_micro.get(key, 0)
        after = inventory.stock_micro.get(key, 0) - sum(p.quantity_micro for p in picks if p.supply_key == key)
        if point and after < point:
            info = supplies[key]
            findings.append(Finding("insufficient_stock", False, requirement, _(
                "{supply}: {after} left after this job, under the reorder point of {point}").format(
                supply=localized(info.name_en, info.name_fr), after=_amount(max(after, 0), info), point=_amount(point, info)),
                Remedy("reorder", _("Reorder {supply}").format(supply=localized(info.name_en, info.name_fr)), supply=key)))
    return findings


def _name(key: str | None, supplies: Mapping[str, SupplyInfo]) -> str:
    info = supplies.get(key or "")
    return localized(info.name_en, info.name_fr) if info else (key or "?")


def _differences(own: SupplyInfo | None, other: SupplyInfo | None) -> str:
    if own is None or other is None:
        return ""
    texts = {
        "taller": _("{mm} mm taller"), "shorter": _("{mm} mm shorter"), "wider": _("{mm} mm wider"),
        "narrower": _("{mm} mm narrower"),
    }
    parts = []
    for what, value in cell_differences(own, other):
        if what in texts:
            parts.append(texts[what].format(mm=format_value(float(value), "mm").removesuffix(" mm")))
        elif what == "drain":
            parts.append(_("high drain") if value == "high" else _("low drain"))
        elif what == "voltage":
            parts.append(_("{voltage} nominal").format(voltage=format_value(float(value), "V")))
    return ", ".join(parts)


def _refusal(need: SupplyNeed, label: str, supplies: Mapping[str, SupplyInfo]) -> Finding:
    """The part the order names cannot serve this watch: it blocks until the order is corrected."""
    requirement = need.requirement
    expected = _name(need.expected, supplies) if need.expected else ""
    if need.problem == "unknown_name":
        return Finding("missing", True, requirement, _("The catalog knows no cell called \u201c{name}\u201d, as the order says").format(
            name=need.typed), Remedy("acquire", _("Correct the cell on the order, or add it to the catalog and order it")))
    if need.problem == "primary_cell_in_rechargeable_watch":
        message = _("{cell} is a primary cell, and this kinetic or solar watch takes a rechargeable cell: "
                    "makers warn that a primary cell charged in it can overheat and burst").format(cell=label)
        remedy = (_("Record the rechargeable cell of the calibre on the order: {cell}").format(cell=expected) if expected
                  else _("Read the rechargeable cell on the calibre sheet and record it on the order"))
    else:
        message = _("{cell} is a rechargeable cell, and this watch takes a primary cell").format(cell=label)
        remedy = (_("Record the calibre's cell on the order: {cell}").format(cell=expected) if expected
                  else _("Read the cell on the calibre sheet and record it on the order"))
    return Finding("wrong_part", True, requirement, message, Remedy("record", remedy, supply=need.expected))


def _other_than_the_calibres(need: SupplyNeed, label: str, supplies: Mapping[str, SupplyInfo]) -> Finding:
    difference = _differences(supplies.get(need.expected or ""), supplies.get(need.supply_key or ""))
    message = _("The order names {cell}, but calibre {calibre} takes {expected}").format(
        cell=label, calibre=need.calibre, expected=_name(need.expected, supplies))
    if difference:
        message += f" ({difference})"
    return Finding("alternative_to_confirm", False, need.requirement, message,
                   Remedy("record", _("Check the old cell and the calibre sheet before fitting it")), subject=need.supply_key)


def _alternatives_in_stock(need: SupplyNeed, inventory: Inventory, supplies: Mapping[str, SupplyInfo], today: date,
                           taken: Mapping[str, int]) -> list[Finding]:
    """The calibre's own cell cannot be served: name each alternative in stock, which is used
    only once a person has checked it fits and recorded it on the order, never picked silently."""
    findings = []
    own = supplies.get(need.supply_key or "")
    for key in need.alternatives:
        info = supplies.get(key)
        free = sum(lot.available_micro - taken.get(lot.lot_number, 0) for lot in inventory.lots_of(key) if not lot.expired(today))
        if info is None or free < needed_micro(need, info):
            continue
        difference = _differences(own, info)
        findings.append(Finding("alternative_to_confirm", True, need.requirement, _(
            "{cell} is in stock and the calibre allows it, but it is not the calibre's own cell{difference}").format(
            cell=localized(info.name_en, info.name_fr), difference=f" ({difference})" if difference else ""),
            Remedy("record", _("Check that {cell} fits this watch, then record it as the cell on the order").format(
                cell=localized(info.name_en, info.name_fr)), supply=key), subject=key))
    return findings
