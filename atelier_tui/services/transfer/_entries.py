"""Checking each entry of a workshop file, or each row of a spreadsheet, and turning it into a
Planned write: one planner per kind of row, whichever file it comes from. A workshop file's entry
describes the whole row: a field left out takes its default, so that exporting, editing and
importing again is exact. A spreadsheet row says only what its filled cells say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from atelier_tui.domain.plausibility import (
    BEFORE_RECEIPT,
    CHECKED_OUT_TO_NO_BENCH,
    IN_THE_FUTURE,
    Implausible,
    dates_not_after,
    lot_dates,
    tool_state,
)
from atelier_tui.domain.vocabulary import BenchStatus, LotStatus, Luminous, MovementKind, OrderStatus, Role, ToolStatus
from atelier_tui.i18n import _
from atelier_tui.services.staff.people import new_login_refusal
from atelier_tui.services.transfer._apply import Planned
from atelier_tui.services.transfer.fields import (
    BENCH_STATUSES,
    CASE_PART_LENGTHS,
    CASE_PART_WORDS,
    LOT_STATUSES,
    LUMINOUS,
    MOVEMENT_KINDS,
    ORDER_STATUSES,
    ROLES,
    TOOL_STATUSES,
    FieldReader,
    micro_text,
    stock_micro,
)
from atelier_tui.services.transfer.refs import LABELS, Catalog, WorkshopKeys

# In the order they are written: each kind refers only to kinds before it.
KINDS = ("site", "location", "staff", "bench", "tool", "tool_plan", "lot", "order")
KEY_FIELDS = {
    "site": "code", "location": "code", "staff": "login", "bench": "code",
    "tool": "asset_tag", "tool_plan": "key", "lot": "lot_number", "order": "reference",
}
ORDER_LENGTHS = ("case_diameter", "gasket_inner_diameter", "gasket_section", "crystal_diameter", "lug_width",
                 *CASE_PART_LENGTHS)


@dataclass
class Refs:
    """What an entry may name: the catalog, and workshop rows in the database or in the file."""

    catalog: Catalog
    keys: WorkshopKeys
    in_file: dict[str, set[str]]
    today: date  # of the `now` the import is given: what has happened is dated today or before

    def exists(self, kind: str, key: str) -> bool:
        return self.keys.exists(kind, key) or key in self.in_file.get(kind, set())

    @property
    def where(self) -> str:
        return _("in this file or the database") if self.in_file else _("in the database")


def workshop_ref(r: FieldReader, refs: Refs, name: str, kind: str, required: bool = False) -> str | None:
    key = r.text(name, required)
    if key and not refs.exists(kind, key):
        r.fail(name, _("{field} '{given}' is not a {kind} {where}").format(field=name, given=key, kind=_(LABELS[kind]),
                                                                             where=refs.where))
    return key or None


def home_ref(r: FieldReader, refs: Refs, name: str, required: bool = False) -> tuple[str | None, str | None]:
    """A home is a store location or a bench, by code: (location code, bench code)."""
    code = r.text(name, required)
    if not code:
        return None, None
    is_location, is_bench = refs.exists("location", code), refs.exists("bench", code)
    if is_location and is_bench:
        r.fail(name, _("{field} '{given}' is both a location and a bench code").format(field=name, given=code))
    elif not (is_location or is_bench):
        r.fail(name, _("{field} '{given}' is not a location or bench code {where}").format(field=name, given=code, where=refs.where))
    return (code, None) if is_location else (None, code)


def catalog_ref(r: FieldReader, name: str, table: dict[str, int], required: bool = False) -> int | None:
    key = r.text(name, required)
    if key and key not in table:
        r.fail(name, _("{field} '{given}' is not in the catalog").format(field=name, given=key))
        return None
    return table.get(key) if key else None


def plan_site(r: FieldReader, refs: Refs) -> Planned:
    code = r.text("code", True)
    return Planned("site", code, 0, {"code": code, "name": r.text("name", True)})


def plan_location(r: FieldReader, refs: Refs) -> Planned:
    code = r.text("code", True)
    site = workshop_ref(r, refs, "site", "site", True)
    values = {"code": code, "name": r.text("name", True), "kind": r.text("kind") or "cabinet"}
    return Planned("location", code, 0, values, {"site_id": ("site", site)})


def plan_staff(r: FieldReader, refs: Refs) -> Planned:
    login = r.text("login", True)
    if login and not refs.keys.exists("staff", login):  # a new login: as `staff add` would check it
        refusal = new_login_refusal(login, [*refs.keys.ids["staff"], *refs.in_file.get("staff", ())])
        if refusal:
            r.fail("login", refusal)
    site = workshop_ref(r, refs, "site", "site", True)
    kinds = r.words("movement_kinds")
    for kind in kinds:
        if kind not in MOVEMENT_KINDS:
            r.fail("movement_kinds", _("movement_kinds: '{given}' is not one of {choices}").format(given=kind, choices=", ".join(MOVEMENT_KINDS)))
    values = {
        "login": login,
        "display_name": r.text("display_name", True),
        "role": r.choice("role", ROLES, Role.TECHNICIAN, required=True),
        "level": r.integer("level", 1, 1, 3),
        "movement_kinds": kinds,
        "active": r.boolean("active", True),
    }
    return Planned("staff", login, 0, values, {"site_id": ("site", site)})


def plan_bench(r: FieldReader, refs: Refs) -> Planned:
    code = r.text("code", True)
    site = workshop_ref(r, refs, "site", "site", True)
    technician = workshop_ref(r, refs, "technician", "staff")
    values = {
        "code": code,
        "name": r.text("name", True),
        "zone": r.text("zone"),
        "features": r.words("features"),
        "status": r.choice("status", BENCH_STATUSES, BenchStatus.OPEN),
    }
    return Planned("bench", code, 0, values, {"site_id": ("site", site), "technician_id": ("staff", technician)})


def tool_attributes(r: FieldReader, catalog: Catalog) -> dict[str, dict]:
    """A tool's own attribute values, each a quantity of its attribute's kind."""
    attributes = {}
    for key, text in r.table("attributes").items():
        if key not in catalog.attribute_units:
            r.fail(key, _("attributes: '{given}' is not an attribute in the catalog").format(given=key))
            continue
        measured = r.quantity(f"attributes.{key}", catalog.attribute_units[key], value=text, line_name=key)
        if measured is not None:
            attributes[key] = measured.as_dict()
    return attributes


def site_of_home(refs: Refs, location: str | None, bench: str | None) -> str | None:
    """The site of the location or bench a row names (a spreadsheet gives no site)."""
    if location:
        return refs.keys.site_of.get(("location", location))
    return refs.keys.site_of.get(("bench", bench)) if bench else None


def refuse_implausible(r: FieldReader, refs: Refs, found: list[Implausible], given: dict[str, Any]) -> None:
    """Word the domain's plausibility refusals on the lines of their fields."""
    for refusal in found:
        value = given.get(refusal.field)
        if refusal.code == IN_THE_FUTURE:
            r.fail(refusal.field, _("{field}: '{given}' is in the future; expected {today} or before").format(
                field=refusal.field, given=value, today=refs.today.isoformat()))
        elif refusal.code == BEFORE_RECEIPT:
            r.fail(refusal.field, _("{field}: '{given}' is before the receipt on {received}; expected {received} or later").format(
                field=refusal.field, given=value, received=given["received_on"]))
        elif refusal.code == CHECKED_OUT_TO_NO_BENCH:
            r.fail(refusal.field, _("status: '{given}' means the tool is on a bench, and no bench is named; "
                                    "name the bench it is checked out to, or give another status").format(given=value))


def plan_tool(r: FieldReader, refs: Refs) -> Planned:
    """A tool from a workshop file's entry (the whole row) or from a spreadsheet row (a blank cell
    keeps what the tool has; the tool's site is its home's, so the home is required)."""
    tag = r.text("asset_tag", True)
    home_location, home_bench = home_ref(r, refs, "home", required=not r.whole_row)
    site = workshop_ref(r, refs, "site", "site", required=r.whole_row) or site_of_home(refs, home_location, home_bench)
    values: dict[str, Any] = {"asset_tag": tag, "tool_type_id": catalog_ref(r, "tool_type", refs.catalog.tool_types, True)}
    references = {"site_id": ("site", site), "home_location_id": ("location", home_location), "home_bench_id": ("bench", home_bench)}
    if r.said("bench"):
        references["bench_id"] = ("bench", workshop_ref(r, refs, "bench", "bench"))
    for name in ("serial", "maker"):
        if r.said(name):
            values[name] = r.text(name)
    if r.said("status"):
        values["status"] = r.choice("status", TOOL_STATUSES, ToolStatus.IN_SERVICE)
    if r.said("status_reason"):
        values["status_reason"] = r.text("status_reason")
    if r.said("usage_count"):
        values["usage_count"] = r.integer("usage_count", 0, 0)
    if r.said("acquired_on"):
        values["acquired_on"] = r.day("acquired_on")
    if r.said("attributes"):
        values["attributes"] = tool_attributes(r, refs.catalog)
    bench = references["bench_id"][1] if "bench_id" in references else refs.keys.tool_benches.get(tag)
    refuse_implausible(r, refs, tool_state(refs.today, values.get("status"), bench, values.get("acquired_on")), values)
    return Planned("tool", tag, 0, values, references)


def plan_steps(r: FieldReader) -> list[dict[str, str]]:
    steps = r.raw("steps") or []
    if not isinstance(steps, list) or not all(isinstance(step, dict) and set(step) <= {"en", "fr"}
                                              and all(isinstance(text, str) for text in step.values()) for step in steps):
        r.fail("steps", _('steps must be a list of {{ en = "...", fr = "..." }}'))
        return []
    return [{"en": step.get("en", ""), "fr": step.get("fr", "")} for step in steps]


def plan_test_points(r: FieldReader) -> list[dict[str, Any]]:
    """Each point's nominal value with its unit, and its tolerance in the same kind of unit."""
    from atelier_tui.domain.units import unit_of

    points = r.raw("test_points") or []
    names = {"key", "name_en", "name_fr", "nominal", "tolerance"}
    if not isinstance(points, list) or not all(isinstance(point, dict) and set(point) <= names for point in points):
        r.fail("test_points", _("test_points must be a list of {{ key, name_en, name_fr, nominal, tolerance }}"))
        return []
    read = []
    for point in points:
        unit = unit_of(str(point.get("nominal", ""))) or ""
        if not unit:
            r.fail("test_points", _("test_points: '{point}': nominal '{given}' is not a quantity with its unit").format(
                point=point.get("key", ""), given=point.get("nominal", "")))
            continue
        nominal = r.quantity("test_points", unit, point.get("nominal"))
        tolerance = r.quantity("test_points", unit, point.get("tolerance", ""))
        if nominal and tolerance:
            read.append({"key": str(point.get("key", "")), "name_en": str(point.get("name_en", "")),
                         "name_fr": str(point.get("name_fr", "")), "nominal": nominal.as_dict(), "tolerance": tolerance.as_dict()})
    return read


def plan_tool_plan(r: FieldReader, refs: Refs) -> Planned:
    """A tool's own maintenance plan (services/maintenance/plans.py), checked as the command line checks it."""
    from atelier_tui.services.maintenance.plans import PLAN_KINDS, check_plan_values

    key = r.text("key", True)
    tag = workshop_ref(r, refs, "tool", "tool", True)
    if key in refs.catalog.type_plans:
        r.fail("key", _("key '{given}' is a plan of the catalog; a tool's own plan needs a key of its own").format(given=key))
    values: dict[str, Any] = {
        "key": key, "kind": r.choice("kind", PLAN_KINDS, "", required=True), "name_en": r.text("name_en", True),
        "name_fr": r.text("name_fr"), "every_days": r.integer("every_days", 0, 0) or None,
        "every_uses": r.integer("every_uses", 0, 0) or None, "anchor": r.choice("anchor", ("completion", "fixed"), "completion"),
        "grace_days": r.integer("grace_days", 0, 0), "blocking": r.boolean("blocking", True), "active": r.boolean("active", True),
        "steps": plan_steps(r), "test_points": plan_test_points(r),
    }
    if r.ok:
        for field, message in check_plan_values(values):
            r.fail(field if field in r.data else "key", message)
    return Planned("tool_plan", key, 0, values, {"tool_id": ("tool", tag)})


def lot_quantity(r: FieldReader, catalog: Catalog, supply_id: int | None, lot_number: str, unit: str) -> int | None:
    """The stated stock in micro-units; it may not fall under what orders have reserved."""
    measured = r.quantity("quantity", unit)
    if measured is None:
        return None
    micro = stock_micro(measured, unit)
    existing = catalog.lots.get((supply_id, lot_number)) if supply_id is not None else None
    if micro < 0:
        r.fail("quantity", _("quantity: '{given}' is negative").format(given=measured.text))
    elif existing is not None and micro < existing.reserved_micro:
        reserved = micro_text(existing.reserved_micro, unit)
        r.fail("quantity", _("quantity: '{given}' is less than the {reserved} reserved for orders from this lot").format(
            given=measured.text, reserved=reserved))
    return micro


def plan_lot(r: FieldReader, refs: Refs) -> Planned:
    """A lot from a workshop file's entry (the whole row) or from a spreadsheet row (a blank cell
    keeps what the lot has; its `location` is a location or a bench code, which gives its site)."""
    name = r.text("supply", True)
    supply, refusal = refs.catalog.find_supply(name) if name else (None, "")
    if refusal:
        r.fail("supply", refusal)
    lot_number = r.text("lot_number", True)
    if r.whole_row:
        site = workshop_ref(r, refs, "site", "site", True)
        location = workshop_ref(r, refs, "location", "location")
        bench = workshop_ref(r, refs, "bench", "bench")
    else:
        location, bench = home_ref(r, refs, "location", True)
        site = site_of_home(refs, location, bench)
    quantity = None
    if supply is not None:
        quantity = lot_quantity(r, refs.catalog, supply.id, lot_number, supply.stock_unit)
        if quantity is None and not r.given("quantity"):
            r.fail("quantity", _("{field} is required").format(field="quantity"))
    else:
        r.used.add("quantity")
    values: dict[str, Any] = {
        "supply_type_id": supply.id if supply else None,
        "lot_number": lot_number,
        "received_on": r.day("received_on", True),
    }
    for optional in ("expires_on", "opened_on"):
        if r.said(optional):
            values[optional] = r.day(optional)
    if r.said("status"):
        values["status"] = r.choice("status", LOT_STATUSES, LotStatus.AVAILABLE)
    refuse_implausible(r, refs, lot_dates(refs.today, values["received_on"], values.get("expires_on")), values)
    key = f"{supply.key if supply else name}/{lot_number}"
    references = {"site_id": ("site", site), "location_id": ("location", location), "bench_id": ("bench", bench)}
    return Planned("lot", key, 0, values, references, quantity_micro=quantity)


def order_battery(r: FieldReader, catalog: Catalog) -> str:
    """The cell read on the old one, kept as written; it must name a battery of the catalog."""
    battery = r.text("battery").strip()
    if battery and not catalog.batteries.get(battery.lower()):
        r.fail("battery", _("battery '{given}' is not a battery in the catalog (IEC code, 3-digit number or key)").format(given=battery))
    return battery


def order_plan_fields(r: FieldReader, catalog: Catalog, calibre_id: int | None) -> dict[str, Any]:
    """The movement's grade (one its calibre's tolerances define) and the order's own estimate
    (a duration of bench time), as the reception takes them."""
    grade = r.text("grade").strip().lower()
    if grade and calibre_id is None:
        r.fail("grade", _("grade: '{given}' given, but the order has no calibre; a grade is judged by its calibre's tolerances").format(
            given=grade))
    elif grade and grade not in catalog.calibre_grades.get(calibre_id or 0, ()):
        defined = catalog.calibre_grades.get(calibre_id or 0, ())
        expected = ", ".join(defined) if defined else _("none (the calibre gives no tolerances)")
        r.fail("grade", _("grade: '{given}' is not a grade of calibre {calibre}; expected one of {expected}").format(
            given=grade, calibre=r.data.get("calibre"), expected=expected))
    estimate = r.quantity("estimate", "min")
    if estimate is not None and estimate.value < 1:
        r.fail("estimate", _("estimate: '{given}' is less than a minute of bench time; expected a duration such as \"3 h\"").format(
            given=estimate.text))
        estimate = None
    return {"grade": grade, "estimate_minutes": round(estimate.value) if estimate else None,
            "estimate_text": estimate.text if estimate else ""}


def plan_order(r: FieldReader, refs: Refs) -> Planned:
    reference = r.text("reference", True)
    site = workshop_ref(r, refs, "site", "site", True)
    bench = workshop_ref(r, refs, "bench", "bench")
    technician = workshop_ref(r, refs, "technician", "staff")
    interventions = []
    for key in r.words("interventions"):
        if key in refs.catalog.interventions:
            interventions.append(refs.catalog.interventions[key])
        else:
            r.fail("interventions", _("interventions: '{given}' is not in the catalog").format(given=key))
    if len(set(interventions)) != len(interventions):
        r.fail("interventions", _("interventions: the same intervention is listed twice"))
    water = r.water_resistance("water_resistance")
    values: dict[str, Any] = {
        "reference": reference,
        "customer_ref": r.text("customer_ref"),
        "brand": r.text("brand"),
        "model": r.text("model"),
        "case_serial": r.text("case_serial"),
        "calibre_id": catalog_ref(r, "calibre", refs.catalog.calibres),
        "movement_kind": r.choice("movement_kind", MOVEMENT_KINDS, MovementKind.AUTOMATIC),
        "water_resistance_bar": water[0] if water else None,
        "water_resistance_text": water[1] if water else "",
        "battery": order_battery(r, refs.catalog),
        "vintage": r.boolean("vintage", False),
        "luminous": r.choice("luminous", LUMINOUS, Luminous.NONE),
        "reception_notes": r.text("reception_notes"),
        "received_on": r.day("received_on", True),
        "deadline": r.day("deadline", True),
        "level": r.integer("level", 1, 1, 3),
        "status": r.choice("status", ORDER_STATUSES, OrderStatus.RECEIVED),
    }
    for name in ORDER_LENGTHS:
        measured = r.quantity(name, "mm")
        values[f"{name}_mm"] = measured.value if measured else None
    values.update(order_plan_fields(r, refs.catalog, values["calibre_id"]))
    for name, choices in CASE_PART_WORDS.items():
        values[name] = r.choice(name, choices, "") or None
    refuse_implausible(r, refs, dates_not_after(refs.today, {"received_on": values["received_on"]}), values)
    refs_ = {"site_id": ("site", site), "bench_id": ("bench", bench), "technician_id": ("staff", technician)}
    return Planned("order", reference, 0, values, refs_, interventions=interventions)


PLANNERS: dict[str, Callable[[FieldReader, Refs], Planned]] = {
    "site": plan_site, "location": plan_location, "staff": plan_staff, "bench": plan_bench,
    "tool": plan_tool, "tool_plan": plan_tool_plan, "lot": plan_lot, "order": plan_order,
}
