"""Preparing a bench after a NO-GO, on a real SQLite workshop: the tools are checked out, the
supplies reserved, the pick list sorted by store location, and what cannot be fixed said plainly."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from atelier_tui.services.context import Actor
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.readiness.bench_preparation import prepare_bench
from atelier_tui.services.readiness.check import check_order
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Location, Lot, Site, Tool
from tests.support.readiness_db import NOW, TODAY, add_battery_order, prepare_workshop

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TECHNICIAN = Actor("slefevre", role="technician")


@pytest.fixture
def broken_tweezers_bench(catalogued_engine):  # type: ignore[no-untyped-def]
    """QZ-A's non-conductive tweezers are out of service; a spare pair waits in cabinet C1."""
    prepare_workshop(catalogued_engine, cells=3)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    with write_session(catalogued_engine) as session:
        broken = session.execute(select(Tool).where(Tool.asset_tag.like("QZ-A-%"))).scalars().all()
        tweezers = next(t for t in broken if t.tool_type_id == _tweezers_type(session))
        tweezers.status, tweezers.status_reason = "out_of_service", "Pointe cassée"
        site = session.execute(select(Site.id)).scalar_one()
        cabinet = Location(site_id=site, code="C1", name="Cabinet 1")
        session.add(cabinet)
        session.flush()
        session.add(Tool(asset_tag="SPARE-TW", tool_type_id=tweezers.tool_type_id, site_id=site, home_location_id=cabinet.id))
    return catalogued_engine


def _tweezers_type(session) -> int:  # type: ignore[no-untyped-def]
    from atelier_tui.store.models import Capability, ToolTypeCapability

    return session.execute(
        select(ToolTypeCapability.tool_type_id).join(Capability, Capability.id == ToolTypeCapability.capability_id)
        .where(Capability.key == "tweezers_non_conductive").order_by(ToolTypeCapability.tool_type_id)
    ).scalars().first()


def test_prepare_checks_out_the_spare_reserves_the_cell_and_the_bench_is_then_ready(broken_tweezers_bench) -> None:  # type: ignore[no-untyped-def]
    before = check_order(broken_tweezers_bench, "OR-A", None, NOW, TODAY)
    assert [f.code for f in before.blocking] == ["out_of_service"]
    prepared = prepare_bench(broken_tweezers_bench, TECHNICIAN, NOW, TODAY, "OR-A")
    assert prepared.after.ready and prepared.left == ()
    assert [(p.kind, p.key, p.place) for p in prepared.picks] == [
        ("tool", "SPARE-TW", "C1"), ("lot", "FC-01", "C3-D1"), ("lot", "R-626-01", "C3-D1"),
    ]
    with read_session(broken_tweezers_bench) as session:
        spare = session.execute(select(Tool).where(Tool.asset_tag == "SPARE-TW")).scalar_one()
        assert spare.status == "checked_out" and spare.bench_id is not None
        cells = session.execute(select(Lot).where(Lot.lot_number == "R-626-01")).scalar_one()
        assert cells.reserved_micro == 1_000_000
    # Starting keeps the reservation prepared for the order instead of taking a second cell.
    started = start_order(broken_tweezers_bench, TECHNICIAN, NOW, TODAY, "OR-A")
    assert started.verdict.ready
    with read_session(broken_tweezers_bench) as session:
        assert session.execute(select(Lot.reserved_micro).where(Lot.lot_number == "R-626-01")).scalar_one() == 1_000_000


def test_what_cannot_be_remedied_is_left_with_a_reorder_suggestion(broken_tweezers_bench) -> None:  # type: ignore[no-untyped-def]
    with write_session(broken_tweezers_bench) as session:
        session.execute(update(Lot).where(Lot.lot_number == "R-626-01").values(quantity_micro=0))
    prepared = prepare_bench(broken_tweezers_bench, TECHNICIAN, NOW, TODAY, "OR-A")
    assert not prepared.after.ready
    left = {f.code: f for f in prepared.left}
    assert set(left) == {"insufficient_stock"}
    assert left["insufficient_stock"].remedy is not None and left["insufficient_stock"].remedy.action == "reorder"
    assert any(p.key == "SPARE-TW" for p in prepared.picks)  # the tool was still fetched


def test_a_checklist_to_run_is_on_the_pick_list_and_still_blocks(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine)
    add_battery_order(catalogued_engine, "OR-V", bench="QZ-A")
    with write_session(catalogued_engine) as session:
        from atelier_tui.store.models import RepairOrder

        session.execute(update(RepairOrder).where(RepairOrder.reference == "OR-V").values(vintage=True))
    prepared = prepare_bench(catalogued_engine, TECHNICIAN, NOW, TODAY, "OR-V")
    assert ("checklist", "vintage_luminous") in [(p.kind, p.key) for p in prepared.picks]
    assert [f.code for f in prepared.left] == ["checklist_missing"]
