"""Matching supply needs against lots: lots on the bench first, then the store, earliest use-by
date first (FEFO); expired lots and stock reserved for other jobs never count. Supplies do not
have to be on the bench: a drawer in the store serves, and starting the job reserves them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from atelier_tui.domain.case_parts import WATCH_CHOICES, differences
from atelier_tui.domain.cells import cell_differences
from atelier_tui.domain.findings import Allocation, Finding, LotPick, Remedy
from atelier_tui.domain.inventory import Inventory, LotView
from atelier_tui.domain.needs import BLOCKING_PART_PROBLEMS
from atelier_tui.domain.phrases import Amount, Name, Phrase, Term, phrase
from atelier_tui.domain.requirements import SupplyInfo, SupplyNeed
from atelier_tui.domain.units import from_micro, kind_of, to_micro, to_unit

# A lot that reaches its use-by date within this many days is worth a warning.
EXPIRY_WARNING_DAYS = 30


def _label(need: SupplyNeed, supplies: Mapping[str, SupplyInfo]) -> Name | Term | Phrase:
    info = supplies.get(need.supply_key or "")
    if info is not None:
        return Name(info.name_en, info.name_fr)
    sizes = tuple(Amount(float(value), "mm") for value in (need.match or {}).values() if isinstance(value, float | int))
    kinds = tuple(Term(value) for value in (need.match or {}).values() if isinstance(value, str))
    if sizes or kinds:
        return phrase("sized_part", part=Term(need.category or ""), sizes=sizes, kinds=kinds)
    return Term(need.category or need.source)


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


def _amount(micro: int, info: SupplyInfo) -> Amount:
    return Amount(from_micro(micro), info.stock_unit)


def match_supply(need: SupplyNeed, bench: str, inventory: Inventory, supplies: Mapping[str, SupplyInfo], today: date,
                 taken: dict[str, int]) -> tuple[list[Finding], Allocation]:
    """`taken` (lot number -> micro) carries what earlier needs of the same job already took."""
    requirement = need.requirement
    label = _label(need, supplies)
    if need.problem in BLOCKING_PART_PROBLEMS:
        return [_refusal(need, label, supplies)], Allocation(requirement)
    notes = [_other_than_the_calibres(need, label, supplies)] if need.problem == "not_the_calibres" else []
    if need.problem == "calibre_gives_none":
        detail = phrase("calibre_gives_no_value", what=Term(need.source), calibre=need.calibre)
        if need.source == "calibre.battery":
            detail = phrase("calibre_names_no_cell", calibre=need.calibre)
        return [Finding("missing", False, requirement, detail,
                        Remedy("record", phrase("record_on_order_or_catalog")))], Allocation(requirement)
    if need.unresolved:
        if need.source.startswith("calibre."):
            detail = phrase("supply_awaits_calibre", supply=label)
            remedy = Remedy("record", phrase("identify_calibre"))
        elif set(need.unresolved) & WATCH_CHOICES:
            # A material, shape or type is read on the watch and recorded, not measured.
            detail = phrase("supply_to_record", supply=label, what=tuple(Term(ref) for ref in need.unresolved))
            remedy = Remedy("record", phrase("record_on_order"))
        else:
            detail = phrase("supply_to_measure", supply=label, what=tuple(Term(ref) for ref in need.unresolved))
            remedy = Remedy("record", phrase("record_measurement"))
        return [Finding("missing", False, requirement, detail, remedy)], Allocation(requirement)
    accepted = [key for key in need.accepted if key in supplies]
    if not accepted:
        return [_if_needed(need, Finding("missing", True, requirement, phrase("no_matching_supply", supply=label),
                                         Remedy("acquire", phrase("add_matching_supply")))),
                *_differing_in_stock(need, inventory, supplies, today, taken)], Allocation(requirement)
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
        reorder = Remedy("reorder", phrase("reorder", supply=Name(info.name_en, info.name_fr)), supply=key)
        if out_of_date and not available:
            lot = out_of_date[0]
            findings.append(Finding("expired", True, requirement, phrase(
                "only_stock_expired", supply=label, lot=lot.lot_number, date=lot.use_by), reorder, subject=lot.lot_number))
        else:
            findings.append(Finding("insufficient_stock", True, requirement, phrase(
                "stock_short", supply=label, needed=_amount(wanted[key], info), available=_amount(available, info)), reorder))
        findings.extend(_alternatives_in_stock(need, inventory, supplies, today, taken))
        findings.extend(_differing_in_stock(need, inventory, supplies, today, taken))
        return [_if_needed(need, finding) for finding in findings], Allocation(requirement)
    for pick in picks:
        taken[pick.lot_number] = taken.get(pick.lot_number, 0) + pick.quantity_micro
    findings.extend(_warnings(need, picks, expired_here, inventory, supplies, today, bench))
    return findings, Allocation(requirement, lots=tuple(picks))


def _if_needed(need: SupplyNeed, finding: Finding) -> Finding:
    """A part replaced only when the old one is found worn: its shortage does not stop the job
    (the old part may well be fine), but the technician is told it may be needed."""
    if not need.if_needed or not finding.blocking:
        return finding
    return Finding(finding.code, False, finding.requirement, phrase("may_be_needed", found=finding.detail),
                   finding.remedy, finding.subject)


def _warnings(need: SupplyNeed, picks: list[LotPick], expired_here: list[LotView], inventory: Inventory,
              supplies: Mapping[str, SupplyInfo], today: date, bench: str) -> list[Finding]:
    requirement = need.requirement
    findings = []
    first = picks[0]
    place = phrase("on_this_bench") if first.bench == bench else phrase("in_location", location=first.location)
    for lot in expired_here:
        findings.append(Finding("expired", False, requirement, phrase("lot_here_expired", lot=lot.lot_number, date=lot.use_by),
                                Remedy("use_lot", phrase("use_other_lot", lot=first.lot_number, place=place, old=lot.lot_number),
                                       lots=(first,)), subject=lot.lot_number))
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for pick in picks:
        if pick.use_by is not None and pick.use_by <= soon:
            findings.append(Finding("expired", False, requirement, phrase("lot_expires", lot=pick.lot_number, date=pick.use_by),
                                    subject=pick.lot_number))
    for key in dict.fromkeys(pick.supply_key for pick in picks):
        point = inventory.reorder_points_micro.get(key, 0)
        after = inventory.stock_micro.get(key, 0) - sum(p.quantity_micro for p in picks if p.supply_key == key)
        if point and after < point:
            info = supplies[key]
            name = Name(info.name_en, info.name_fr)
            findings.append(Finding("insufficient_stock", False, requirement, phrase(
                "under_reorder_point", supply=name, after=_amount(max(after, 0), info), point=_amount(point, info)),
                Remedy("reorder", phrase("reorder", supply=name), supply=key)))
    return findings


def _name(key: str | None, supplies: Mapping[str, SupplyInfo]) -> Name | str | None:
    info = supplies.get(key or "")
    return Name(info.name_en, info.name_fr) if info else key


_SIZE_DIFFERENCES = {"taller": "mm_taller", "shorter": "mm_shorter", "wider": "mm_wider", "narrower": "mm_narrower"}


def _differences(own: SupplyInfo | None, other: SupplyInfo | None) -> tuple[Phrase, ...]:
    if own is None or other is None:
        return ()
    parts = []
    for what, value in cell_differences(own, other):
        if what in _SIZE_DIFFERENCES:
            parts.append(phrase(_SIZE_DIFFERENCES[what], mm=Amount(float(value), "")))
        elif what == "drain":
            parts.append(phrase("high_drain" if value == "high" else "low_drain"))
        elif what == "voltage":
            parts.append(phrase("voltage_nominal", voltage=Amount(float(value), "V")))
    return tuple(parts)


def _refusal(need: SupplyNeed, label: Name | Term | Phrase, supplies: Mapping[str, SupplyInfo]) -> Finding:
    """The part the order names cannot serve this watch: it blocks until the order is corrected."""
    requirement = need.requirement
    expected = _name(need.expected, supplies) if need.expected else None
    if need.problem == "unknown_name":
        return Finding("missing", True, requirement, phrase("unknown_cell_name", name=need.typed),
                       Remedy("acquire", phrase("correct_or_add_cell")))
    if need.problem == "primary_cell_in_rechargeable_watch":
        detail = phrase("primary_cell_in_rechargeable_watch", cell=label)
        step = (phrase("record_rechargeable_cell", cell=expected) if expected else phrase("read_rechargeable_cell"))
    else:
        detail = phrase("rechargeable_cell_in_primary_watch", cell=label)
        step = phrase("record_calibre_cell", cell=expected) if expected else phrase("read_calibre_cell")
    return Finding("wrong_part", True, requirement, detail, Remedy("record", step, supply=need.expected))


def _other_than_the_calibres(need: SupplyNeed, label: Name | Term | Phrase, supplies: Mapping[str, SupplyInfo]) -> Finding:
    difference = _differences(supplies.get(need.expected or ""), supplies.get(need.supply_key or ""))
    return Finding("alternative_to_confirm", False, need.requirement, phrase(
        "not_the_calibres_cell", cell=label, calibre=need.calibre, expected=_name(need.expected, supplies), difference=difference),
        Remedy("record", phrase("check_old_cell")), subject=need.supply_key)


def _free(supply_key: str, inventory: Inventory, today: date, taken: Mapping[str, int]) -> int:
    """What is free of a supply in its unexpired lots, after what this job already took."""
    return sum(lot.available_micro - taken.get(lot.lot_number, 0) for lot in inventory.lots_of(supply_key) if not lot.expired(today))


def _alternatives_in_stock(need: SupplyNeed, inventory: Inventory, supplies: Mapping[str, SupplyInfo], today: date,
                           taken: Mapping[str, int]) -> list[Finding]:
    """The calibre's own cell cannot be served: name each alternative in stock, which is used
    only once a person has checked it fits and recorded it on the order, never picked silently."""
    findings = []
    own = supplies.get(need.supply_key or "")
    for key in need.alternatives:
        info = supplies.get(key)
        if info is None or _free(key, inventory, today, taken) < needed_micro(need, info):
            continue
        name = Name(info.name_en, info.name_fr)
        findings.append(Finding("alternative_to_confirm", True, need.requirement, phrase(
            "alternative_in_stock", cell=name, difference=_differences(own, info)),
            Remedy("record", phrase("check_alternative_fits", cell=name), supply=key), subject=key))
    return findings


# How many parts that almost match a need are named, closest first.
SHOWN_NEAR_MISSES = 3


def _differing_in_stock(need: SupplyNeed, inventory: Inventory, supplies: Mapping[str, SupplyInfo], today: date,
                        taken: Mapping[str, int]) -> list[Finding]:
    """A part of the need's category that is in stock but differs from the watch (a mineral
    crystal of the sapphire crystal's size): named with the properties that differ, so that
    nobody takes it for a replacement. It never serves the need."""
    if not need.category or not need.match:
        return []
    near: list[tuple[int, str, tuple[str, ...]]] = []
    given = sum(1 for value in need.match.values() if value is not None)
    for info in supplies.values():
        if info.category != need.category or info.key in need.accepted:
            continue
        differing = differences(info.attributes, info.properties, need.match)
        # A part that agrees with the watch in fewer than half of what it gives is no near miss.
        if differing and 2 * len(differing) <= given and _free(info.key, inventory, today, taken) > 0:
            near.append((len(differing), info.key, differing))
    if not near:
        return []
    closest = min(count for count, _key, _differing in near)
    findings = []
    for _count, key, differing in sorted(item for item in near if item[0] == closest)[:SHOWN_NEAR_MISSES]:
        info = supplies[key]
        findings.append(Finding("wrong_part", False, need.requirement, phrase(
            "part_differs", part=Name(info.name_en, info.name_fr), what=tuple(Term(f"match.{name}") for name in differing)),
            subject=key))
    return findings
