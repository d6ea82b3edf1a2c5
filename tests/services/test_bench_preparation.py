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
from atelier_tui.wording import remedy_text
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


# Issue 17, item 5: a remedy that takes a tool from a colleague's work says so and waits for a yes

@pytest.fixture
def tweezers_only_on_a_busy_bench(catalogued_engine):  # type: ignore[no-untyped-def]
    """QZ-A's non-conductive tweezers are out of service; the only other pair is on QZ-B, where
    OR-B is in progress (a battery change: it needs them)."""
    prepare_workshop(catalogued_engine, cells=3)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B")
    with write_session(catalogued_engine) as session:
        from atelier_tui.store.models import RepairOrder

        kind = _tweezers_type(session)
        session.execute(update(Tool).where(Tool.asset_tag.like("QZ-A-%"), Tool.tool_type_id == kind)
                        .values(status="out_of_service", status_reason="Pointe cassée"))
        session.execute(update(RepairOrder).where(RepairOrder.reference == "OR-B").values(status="in_progress"))
    return catalogued_engine


def _tweezers_remedy(verdict):  # type: ignore[no-untyped-def]
    return next(f.remedy for f in verdict.blocking if f.requirement == "capability:tweezers_non_conductive")


def _bench_of(engine, tag: str) -> str | None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.models import Bench

    with read_session(engine) as session:
        return session.execute(select(Bench.code).join(Tool, Tool.bench_id == Bench.id).where(Tool.asset_tag == tag)).scalar()


def test_a_tool_an_order_in_progress_needs_is_offered_saying_what_it_blocks_and_prepare_leaves_it(
        tweezers_only_on_a_busy_bench) -> None:  # type: ignore[no-untyped-def]
    engine = tweezers_only_on_a_busy_bench
    remedy = _tweezers_remedy(check_order(engine, "OR-A", None, NOW, TODAY))
    assert remedy.action == "check_out" and remedy.benches == ("QZ-B",) and remedy.blocks == ("OR-B",)
    assert "OR-B there need it and would be blocked" in remedy_text(remedy)
    tag = remedy.tools[0]
    prepared = prepare_bench(engine, TECHNICIAN, NOW, TODAY, "OR-A")
    assert [(w.tag, w.bench, w.blocks) for w in prepared.withheld] == [(tag, "QZ-B", ("OR-B",))]
    assert tag not in [p.key for p in prepared.picks]
    assert _bench_of(engine, tag) == "QZ-B"  # left with OR-B's work
    assert check_order(engine, "OR-B", None, NOW, TODAY).ready


def test_prepare_takes_the_tool_once_the_blocked_order_is_accepted_and_the_audit_names_it(
        tweezers_only_on_a_busy_bench) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.models import AuditEvent

    engine = tweezers_only_on_a_busy_bench
    tag = _tweezers_remedy(check_order(engine, "OR-A", None, NOW, TODAY)).tools[0]
    prepared = prepare_bench(engine, TECHNICIAN, NOW, TODAY, "OR-A", may_block=frozenset({"OR-B"}))
    assert prepared.withheld == () and prepared.after.ready
    assert next(p for p in prepared.picks if p.key == tag).blocks == ("OR-B",)
    assert _bench_of(engine, tag) == "QZ-A"
    assert not check_order(engine, "OR-B", None, NOW, TODAY).ready
    with read_session(engine) as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "order.prepare")).scalars().all()[-1]
    assert event.after["blocked"] == ["OR-B"]


def test_carrying_out_the_remedy_is_refused_until_the_blocked_order_is_accepted(tweezers_only_on_a_busy_bench) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.readiness.bench_preparation import take_for_order

    engine = tweezers_only_on_a_busy_bench
    tag = _tweezers_remedy(check_order(engine, "OR-A", None, NOW, TODAY)).tools[0]
    with pytest.raises(ServiceError) as refused:
        take_for_order(engine, TECHNICIAN, NOW, TODAY, "OR-A", "QZ-A", (tag,))
    assert str(refused.value) == f"{tag}: OR-B on bench QZ-B need it; taking it would block them"
    assert _bench_of(engine, tag) == "QZ-B"
    after = take_for_order(engine, TECHNICIAN, NOW, TODAY, "OR-A", "QZ-A", (tag,), may_block=frozenset({"OR-B"}))
    assert after.ready and _bench_of(engine, tag) == "QZ-A"


def test_a_pair_on_an_idle_bench_is_offered_before_the_one_work_in_progress_needs(tweezers_only_on_a_busy_bench) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.store.models import Bench

    engine = tweezers_only_on_a_busy_bench
    with write_session(engine) as session:
        site = session.execute(select(Site.id)).scalar_one()
        idle = Bench(site_id=site, code="QZ-C", name="Quartz QZ-C", features=["esd"])
        session.add(idle)
        session.flush()
        session.add(Tool(asset_tag="QZ-C-TW", tool_type_id=_tweezers_type(session), site_id=site, home_bench_id=idle.id,
                         bench_id=idle.id))
    remedy = _tweezers_remedy(check_order(engine, "OR-A", None, NOW, TODAY))
    assert remedy.tools == ("QZ-C-TW",) and remedy.blocks == ()
    prepared = prepare_bench(engine, TECHNICIAN, NOW, TODAY, "OR-A")
    assert prepared.withheld == () and "QZ-C-TW" in [p.key for p in prepared.picks]
    assert check_order(engine, "OR-B", None, NOW, TODAY).ready
