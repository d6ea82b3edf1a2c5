"""Taking a watch in at reception (a new repair order) and assigning an order to a bench.

The draft holds what a person typed; every value is checked before anything is written, and the
first problem found is refused with the name of its field. Dimensions are stored in their
canonical unit (mm, bar), the water-resistance mark also as written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from atelier_tui.domain.units import UnitError, parse_quantity
from atelier_tui.domain.vocabulary import Luminous, MovementKind, OrderStatus, Role
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.orders._plan_fields import read_estimate, read_grade
from atelier_tui.services.orders.queries import CLOSED_STATUSES
from atelier_tui.services.permissions import PermissionDenied, allowed, require
from atelier_tui.services.transfer.fields import (
    CASE_PART_LENGTHS,
    CASE_PART_WORDS,
    LUMINOUS,
    MOVEMENT_KINDS,
    read_water_resistance,
)
from atelier_tui.services.transfer.refs import battery_names
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Calibre, InterventionType, OrderIntervention, RepairOrder, Site, Staff
from atelier_tui.wording.vocabulary import word

# Lengths of the watch, typed at reception, stored in mm.
LENGTH_FIELDS = ("case_diameter", "gasket_inner_diameter", "gasket_section", "crystal_diameter", "lug_width",
                 *CASE_PART_LENGTHS)
LEVELS = (1, 2, 3)
# Movements that hold a cell: quartz (a primary cell), kinetic and solar (a rechargeable one).
CELL_KINDS = (MovementKind.QUARTZ, MovementKind.KINETIC, MovementKind.SOLAR)
# An order being worked on or checked keeps its bench; a finished one has no use for one.
_NOT_REASSIGNABLE = (OrderStatus.IN_PROGRESS, OrderStatus.QUALITY_CONTROL, *CLOSED_STATUSES)


@dataclass
class OrderDraft:
    """A repair order as typed at reception; empty means not given."""

    brand: str = ""
    model: str = ""
    deadline: str | date = ""  # YYYY-MM-DD
    interventions: list[str] = field(default_factory=list)  # intervention keys
    calibre: str = ""  # key or reference, any case
    reference: str = ""  # empty: the next OR-YYYY-NNNN of the year
    customer_ref: str = ""
    case_serial: str = ""
    movement_kind: str = ""  # empty: the calibre's
    case_diameter: str = ""
    water_resistance: str = ""
    gasket_inner_diameter: str = ""
    gasket_section: str = ""
    crystal_diameter: str = ""
    lug_width: str = ""
    vintage: bool = False
    luminous: str = ""  # empty: none
    battery: str = ""  # IEC code or 3-digit number read on the old cell; empty: the calibre's
    # Case parts: the crystal, the crown and the case back (lengths as typed, words of their kind)
    crystal_material: str = ""
    crystal_shape: str = ""
    crystal_thickness: str = ""
    crystal_gasket_outer_diameter: str = ""
    crystal_gasket_inner_diameter: str = ""
    crystal_gasket_height: str = ""
    crown_type: str = ""
    crown_diameter: str = ""
    crown_tube_diameter: str = ""
    crown_gasket_inner_diameter: str = ""
    crown_gasket_section: str = ""
    case_back: str = ""
    received_on: str | date = ""  # empty: today
    level: str | int = ""  # empty: the highest level of the interventions
    reception_notes: str = ""
    bench: str = ""  # code
    technician: str = ""  # login
    site: str = ""  # code; empty: the bench's, the actor's, or the only one
    # Planning the work: the movement's grade (empty: the calibre's own tolerances) and the
    # order's own bench time ("3 h", "2 workday"; empty: its interventions' estimates).
    grade: str = ""
    estimate: str = ""


def _day(value: str | date, name: str) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError(_("{field}: '{given}' is not a date; expected YYYY-MM-DD").format(field=name, given=text),
                           field=name) from None


def _one_of(value: str, choices: tuple[str, ...], name: str) -> str:
    text = value.strip().lower()
    if text not in choices:
        raise ServiceError(_("{field}: '{given}' is not one of {choices}").format(
            field=name, given=value.strip(), choices=", ".join(choices)), field=name)
    return text


def _positive(value: float | None, given: str, name: str) -> float | None:
    if value is not None and value <= 0:
        raise ServiceError(_("{field}: '{given}' must be more than zero").format(field=name, given=given), field=name)
    return value


def _measures(draft: OrderDraft) -> dict[str, Any]:
    """The watch's lengths in mm and its water-resistance mark in bar (and as written)."""
    values: dict[str, Any] = {f"{name}_mm": None for name in LENGTH_FIELDS}
    values["water_resistance_bar"], values["water_resistance_text"] = None, ""
    try:
        for name in LENGTH_FIELDS:
            if text := getattr(draft, name).strip():
                values[f"{name}_mm"] = _positive(parse_quantity(text, "mm", name).value, text, name)
        if draft.water_resistance.strip():
            bar, text = read_water_resistance(draft.water_resistance, "water_resistance")
            values["water_resistance_bar"], values["water_resistance_text"] = _positive(bar, text, "water_resistance"), text
    except UnitError as error:  # the TUI may reword it from the error's data (__cause__)
        raise ServiceError(str(error), field=error.field) from error
    return values


def _level(value: str | int, default: int) -> int:
    text = str(value).strip()
    if not text:
        return default
    if not text.isdigit() or int(text) not in LEVELS:
        raise ServiceError(_("level: '{given}' is not a technical level; expected 1, 2 or 3").format(given=text), field="level")
    return int(text)


def _calibre(session: Session, text: str) -> Calibre | None:
    given = text.strip()
    if not given:
        return None
    wanted = given.lower()
    found = session.exec(
        select(Calibre).where((func.lower(Calibre.key) == wanted) | (func.lower(Calibre.reference) == wanted))
    ).all()
    if not found:
        raise ServiceError(_("calibre: '{given}' is not in the catalog; expected a calibre key or reference (ETA 2824-2)").format(
            given=given), field="calibre")
    if len(found) > 1:
        raise ServiceError(_("calibre: '{given}' could be {keys}; give the calibre key").format(
            given=given, keys=" or ".join(sorted(c.key for c in found))), field="calibre")
    return found[0]


def _movement_kind(draft: OrderDraft, calibre: Calibre | None) -> str:
    if not draft.movement_kind.strip():
        if calibre is None:
            raise ServiceError(_("movement_kind: not given and no calibre; expected one of {choices}").format(
                choices=", ".join(MOVEMENT_KINDS)), field="movement_kind")
        return calibre.movement_kind
    kind = _one_of(draft.movement_kind, MOVEMENT_KINDS, "movement_kind")
    if calibre is not None and calibre.movement_kind != kind:
        raise ServiceError(_("movement_kind: '{given}' does not match calibre {calibre}, which is {expected}").format(
            given=kind, calibre=calibre.reference, expected=calibre.movement_kind), field="movement_kind")
    return kind


def _interventions(session: Session, keys: list[str], kind: str) -> list[InterventionType]:
    wanted = [key.strip().lower() for key in keys if key.strip()]
    if not wanted:
        raise ServiceError(_("interventions: none given; expected at least one intervention key"), field="interventions")
    repeated = [key for key in wanted if wanted.count(key) > 1]
    if repeated:
        raise ServiceError(_("interventions: '{given}' is listed twice; expected each intervention once").format(
            given=repeated[0]), field="interventions")
    found = {row.key: row for row in session.exec(select(InterventionType).where(InterventionType.key.in_(wanted)))}
    for key in wanted:
        if key not in found:
            raise ServiceError(_("interventions: '{given}' is not in the catalog; expected an intervention key").format(
                given=key), field="interventions")
        accepted = found[key].movement_kinds
        if accepted and kind not in accepted:
            raise ServiceError(_("interventions: '{given}' does not apply to {kind} movements; it applies to {accepted}").format(
                given=key, kind=kind, accepted=", ".join(accepted)), field="interventions")
    return [found[key] for key in wanted]


def _battery(session: Session, text: str, kind: str) -> str:
    given = text.strip()
    if not given:
        return ""
    if not battery_names(session).get(given.lower()):
        raise ServiceError(_(
            "battery: '{given}' is not a battery in the catalog; expected an IEC code (SR626SW) or a 3-digit number (377)"
        ).format(given=given), field="battery")
    if kind not in CELL_KINDS:
        raise ServiceError(_("battery: '{given}' given, but the movement is {kind}; only a quartz watch takes a cell").format(
            given=given, kind=kind), field="battery")
    return given


def _bench(session: Session, code: str) -> Bench | None:
    if not code.strip():
        return None
    bench = session.exec(select(Bench).where(Bench.code == code.strip())).first()
    if bench is None:
        raise ServiceError(_("bench: '{given}' is not a bench code").format(given=code.strip()), field="bench")
    return bench


def _technician(session: Session, login: str) -> Staff | None:
    if not login.strip():
        return None
    staff = session.exec(select(Staff).where(Staff.login == login.strip())).first()
    if staff is None:
        raise ServiceError(_("technician: '{given}' is not a staff login").format(given=login.strip()), field="technician")
    if not staff.active or staff.role == Role.GATEWAY:
        raise ServiceError(_("technician: {name} ('{given}') cannot be given work").format(
            name=staff.display_name, given=staff.login), field="technician")
    return staff


def _site_id(session: Session, actor: Actor, code: str, bench: Bench | None) -> int:
    if code.strip():
        site = session.exec(select(Site).where(Site.code == code.strip())).first()
        if site is None:
            raise ServiceError(_("site: '{given}' is not a site code").format(given=code.strip()), field="site")
        if bench is not None and bench.site_id != site.id:
            raise ServiceError(_("bench: '{given}' is not at site {site}").format(given=bench.code, site=site.code), field="bench")
        return site.id
    if bench is not None:
        return bench.site_id
    own = session.exec(select(Staff.site_id).where(Staff.login == actor.login)).first()
    if own is not None:
        return own
    sites = session.exec(select(Site.id)).all()
    if len(sites) != 1:
        raise ServiceError(_("site: not given, and the workshop has {count} sites; expected a site code").format(
            count=len(sites)), field="site")
    return sites[0]


def _next_reference(session: Session, year: int) -> str:
    prefix = f"OR-{year}-"
    numbers = [int(ref[len(prefix):]) for ref in session.exec(select(RepairOrder.reference).where(
        RepairOrder.reference.startswith(prefix))) if ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _reference(session: Session, text: str, year: int) -> str:
    reference = text.strip()
    if not reference:
        return _next_reference(session, year)
    if session.exec(select(RepairOrder.id).where(RepairOrder.reference == reference)).first() is not None:
        raise ServiceError(_("reference: '{given}' is already an order; expected a new reference").format(given=reference),
                           field="reference")
    return reference


def _dates(draft: OrderDraft, today: date) -> tuple[date, date]:
    received = _day(draft.received_on, "received_on") or today
    if received > today:
        raise ServiceError(_("received_on: '{given}' is in the future; expected {today} or before").format(
            given=received.isoformat(), today=today.isoformat()), field="received_on")
    deadline = _day(draft.deadline, "deadline")
    if deadline is None:
        raise ServiceError(_("deadline: nothing given; expected a date (YYYY-MM-DD)"), field="deadline")
    if deadline < received:
        raise ServiceError(_("deadline: '{given}' is before the reception on {received}; expected {received} or later").format(
            given=deadline.isoformat(), received=received.isoformat()), field="deadline")
    return received, deadline


def create_order(engine: Engine, actor: Actor, now: datetime, draft: OrderDraft) -> str:
    """Take a watch in; returns the order's reference."""
    require(actor, "order.create")
    for name in ("brand", "model"):
        if not getattr(draft, name).strip():
            raise ServiceError(_("{field}: nothing given; it is required").format(field=name), field=name)
    values: dict[str, Any] = {"brand": draft.brand.strip(), "model": draft.model.strip()}
    values["received_on"], values["deadline"] = _dates(draft, now.date())
    values.update(_measures(draft))
    values["luminous"] = _one_of(draft.luminous, LUMINOUS, "luminous") if draft.luminous.strip() else Luminous.NONE
    values.update(read_estimate(draft.estimate))
    for name, choices in CASE_PART_WORDS.items():
        text = getattr(draft, name)
        values[name] = _one_of(text, choices, name) if text.strip() else None
    with write_session(engine) as session:
        calibre = _calibre(session, draft.calibre)
        kind = _movement_kind(draft, calibre)
        values["grade"] = read_grade(draft.grade, calibre)
        interventions = _interventions(session, draft.interventions, kind)
        bench, technician = _bench(session, draft.bench), _technician(session, draft.technician)
        if (bench or technician) and not allowed(actor.role, "order.assign"):
            raise PermissionDenied(actor, "order.assign", _("bench: only a lead assigns orders to benches; {login} is {role}").format(
                login=actor.login, role=actor.role), field="bench")
        order = RepairOrder(
            **values,
            reference=_reference(session, draft.reference, now.year),
            site_id=_site_id(session, actor, draft.site, bench),
            customer_ref=draft.customer_ref.strip(), case_serial=draft.case_serial.strip(),
            calibre_id=calibre.id if calibre else None, movement_kind=kind,
            vintage=bool(draft.vintage), battery=_battery(session, draft.battery, kind),
            reception_notes=draft.reception_notes.strip(),
            level=_level(draft.level, max(i.level for i in interventions)),
            bench_id=bench.id if bench else None, technician_id=technician.id if technician else None,
        )
        session.add(order)
        try:
            session.flush()
        except IntegrityError:  # another terminal took the same reference a moment ago
            raise ServiceError(_("reference: '{given}' was just taken; try again").format(given=order.reference),
                               field="reference") from None
        session.add_all(OrderIntervention(order_id=order.id, intervention_type_id=i.id, position=position)
                        for position, i in enumerate(interventions))
        after = audit.snapshot(order)
        after["interventions"] = [i.key for i in interventions]
        audit.record(session, actor, now, "order.create", "repair_order", order.reference, None, after)
        return order.reference


def set_order_bench(engine: Engine, actor: Actor, now: datetime, reference: str, bench_code: str | None,
                    technician_login: str | None = None) -> None:
    """Assign an order to a bench (None or "" frees it) and, when a login is given, to a
    technician; without a login the order keeps its technician."""
    if not allowed(actor.role, "order.assign"):
        raise PermissionDenied(actor, "order.assign", _("bench: only a lead assigns orders to benches; {login} is {role}").format(
            login=actor.login, role=actor.role), field="bench")
    with write_session(engine) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference.strip())).first()
        if order is None:
            raise ServiceError(_("reference: '{given}' is not an order").format(given=reference.strip()), field="reference")
        if order.status in _NOT_REASSIGNABLE:
            raise WorkshopRefusal(_("order {reference} is {status}; its bench cannot change now").format(
                reference=order.reference, status=word(OrderStatus, order.status)), field="bench")
        bench = _bench(session, bench_code or "")
        technician = _technician(session, technician_login) if technician_login else None
        if bench is not None and bench.site_id != order.site_id:
            raise ServiceError(_("bench: '{given}' is at another site than order {reference}").format(
                given=bench.code, reference=order.reference), field="bench")
        new_bench = bench.id if bench else None
        new_technician = technician.id if technician else order.technician_id
        if (order.bench_id, order.technician_id) == (new_bench, new_technician):
            raise WorkshopRefusal(_("order {reference}: nothing to change; it is already assigned that way").format(
                reference=order.reference), field="bench")
        before = audit.snapshot(order)
        order.bench_id, order.technician_id = new_bench, new_technician
        order.version += 1
        session.add(order)
        session.flush()
        audit.record(session, actor, now, "order.set_bench", "repair_order", order.reference, before, audit.snapshot(order))
