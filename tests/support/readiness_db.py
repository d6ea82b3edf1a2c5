"""A real SQLite workshop with two quartz benches prepared for battery changes: every tool the
catalog's battery_change asks for (for a watch not marked water resistant) on each bench, each of
its plans done an hour before (a tool never calibrated or maintained is at its limit and blocks),
today's bench checklists signed, and `cells` SR626SW (alias 377) in the store. A battery order
comes with its per-order checklist (order_preparation) signed, unless `prepared` is false."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, select

from atelier_tui.domain.units import to_micro
from atelier_tui.services.checklists.runs import checklist_form
from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    Capability,
    ChecklistRun,
    ChecklistTemplate,
    InterventionType,
    Location,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    SupplyType,
    Tool,
    ToolType,
    ToolTypeCapability,
)

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
BENCHES = ("QZ-A", "QZ-B")


def _tool_type_for(session, capability: str) -> int:  # type: ignore[no-untyped-def]
    return session.execute(
        select(ToolTypeCapability.tool_type_id).join(Capability, Capability.id == ToolTypeCapability.capability_id)
        .where(Capability.key == capability).order_by(ToolTypeCapability.tool_type_id)
    ).scalars().first()


def prepare_workshop(engine: Engine, cells: int = 1, now: datetime = NOW, unmaintained: tuple[str, ...] = ()) -> None:
    """`unmaintained`: asset tags left with no maintenance record (due now, and blocking)."""
    today = now.date()
    with write_session(engine) as session:
        site = Site(code="PARIS", name="Paris")
        session.add(site)
        session.flush()
        drawer = Location(site_id=site.id, code="C3-D1", name="Drawer of cells", kind="drawer")
        session.add(drawer)
        people = [
            Staff(site_id=site.id, login="slefevre", display_name="Sophie Lefèvre", role="technician", level=2, movement_kinds=["quartz"]),
            Staff(site_id=site.id, login="lbernard", display_name="Léa Bernard", role="technician", level=2),
            Staff(site_id=site.id, login="cmartin", display_name="Claire Martin", role="lead", level=3),
            # The OS account running the tests, which the command line acts as (services/staff/identity.py).
            Staff(site_id=site.id, login=os_account(), display_name="Test runner", role="admin", level=3),
        ]
        session.add_all(people)
        session.flush()
        battery = session.execute(select(InterventionType).where(InterventionType.key == "battery_change")).scalar_one()
        # What every battery change takes, and the generic case opener and closer an order that
        # does not give its case-back type asks for.
        capabilities = [need["capability"] for need in battery.tool_requirements if need.get("when", []) in ([], ["case_back:unknown"])]
        for number, code in enumerate(BENCHES):
            bench = Bench(site_id=site.id, code=code, name=f"Quartz {code}", features=["esd"], technician_id=people[number].id)
            session.add(bench)
            session.flush()
            for index, capability in enumerate(capabilities):
                tool_type = _tool_type_for(session, capability)
                if capability == "screwdriving":  # the catalog's need: a 0.50–0.80 mm blade
                    tool_type = session.execute(select(ToolType.id).where(ToolType.key == "screwdriver_060")).scalar_one()
                session.add(Tool(asset_tag=f"{code}-{index:02d}", tool_type_id=tool_type, site_id=site.id,
                                 home_bench_id=bench.id, bench_id=bench.id))
            for key in ("bench_opening", "quartz_esd"):
                template = session.execute(select(ChecklistTemplate.id).where(ChecklistTemplate.key == key,
                                                                              ChecklistTemplate.is_current.is_(True))).scalar_one()
                session.add(ChecklistRun(template_id=template, bench_id=bench.id, run_by_id=people[number].id, run_date=today,
                                         started_at=now - timedelta(hours=1), signed_at=now - timedelta(minutes=50), passed=True))
        session.flush()
        plans = session.execute(select(MaintenancePlan.id, MaintenancePlan.tool_type_id).where(MaintenancePlan.active.is_(True))).all()
        for tool_id, type_id in session.execute(select(Tool.id, Tool.tool_type_id).where(Tool.asset_tag.not_in(unmaintained))).all():
            # An hour ago, but today: a daily check done before midnight would be due again today.
            done_at = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))
            session.add_all([MaintenanceRecord(tool_id=tool_id, plan_id=plan_id, performed_at=done_at, result="pass")
                             for plan_id, plan_type in plans if plan_type == type_id])
        supplies = dict(session.execute(select(SupplyType.key, SupplyType.id)).all())
        session.add_all([
            Lot(supply_type_id=supplies["battery_sr626sw"], site_id=site.id, lot_number="R-626-01", location_id=drawer.id,
                quantity_micro=to_micro(cells), received_on=today - timedelta(days=30), expires_on=today + timedelta(days=1500)),
            Lot(supply_type_id=supplies["finger_cots"], site_id=site.id, lot_number="FC-01", location_id=drawer.id,
                quantity_micro=to_micro(100), received_on=today - timedelta(days=30)),
        ])


def add_battery_order(engine: Engine, reference: str, bench: str | None = None, battery: str = "377",
                      deadline: date | None = None, today: date = TODAY, case_back: str | None = None,
                      prepared: bool = True) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == bench)).scalar() if bench else None
        order = RepairOrder(reference=reference, site_id=site_id, brand="Swatch", model="Skin", movement_kind="quartz",
                            battery=battery, received_on=today, deadline=deadline or today + timedelta(days=7),
                            status="accepted", bench_id=bench_id, case_back=case_back)
        session.add(order)
        session.flush()
        battery_change = session.execute(select(InterventionType.id).where(InterventionType.key == "battery_change")).scalar_one()
        session.add(OrderIntervention(order_id=order.id, intervention_type_id=battery_change))
    if prepared:
        sign_order_preparation(engine, reference, today)


def sign_order_preparation(engine: Engine, reference: str, today: date = TODAY) -> None:
    """The watch checked before work on it (order_preparation), signed and passed on its bench (else
    the first) by that bench's technician, on the facts the checklist runner records for it."""
    with read_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one()
        bench = session.get(Bench, order.bench_id) if order.bench_id else session.execute(select(Bench).order_by(Bench.code)).scalars().first()
        bench_code = bench.code
    facts = checklist_form(engine, "order_preparation", bench_code, reference).facts
    with write_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one()
        bench = session.execute(select(Bench).where(Bench.code == bench_code)).scalar_one()
        template = session.execute(select(ChecklistTemplate.id).where(ChecklistTemplate.key == "order_preparation",
                                                                      ChecklistTemplate.is_current.is_(True))).scalar_one()
        technician = bench.technician_id or session.execute(
            select(Staff.id).where(Staff.role == "technician").order_by(Staff.id)).scalars().first()
        started = datetime.combine(today, NOW.timetz()) - timedelta(minutes=40)
        session.add(ChecklistRun(template_id=template, bench_id=bench.id, order_id=order.id, run_by_id=technician, run_date=today,
                                 started_at=started, signed_at=started + timedelta(minutes=5), passed=True, facts=list(facts)))
