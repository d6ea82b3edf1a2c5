"""The intervention sheet on a real SQLite workshop: a battery change started on bench QZ-A, its
steps ticked, measurements judged against the calibre (a Miyota 2035), and the sheet closed: the
reserved supplies leave the ledger, every tool used counts one use, the watch goes to quality
control."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from atelier_tui.domain.units import UnitError
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.sheets.keeping import (
    add_anomaly,
    close_sheet,
    open_alerts,
    raise_alert,
    record_measurement,
    sheet_of,
    tick_step,
    use_tool,
)
from atelier_tui.services.sheets.markdown import sheet_markdown
from atelier_tui.services.tools.actions import put_out_of_service
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    AuditEvent,
    Calibre,
    InterventionSheet,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    RepairOrder,
    SheetLotUse,
    Site,
    StockMovement,
    Tool,
    ToolType,
)
from atelier_tui.wording import finding_message
from tests.support.readiness_db import NOW, TODAY, add_battery_order, prepare_workshop

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TECHNICIAN = Actor("slefevre", role="technician")
LEAD = Actor("cmartin", role="lead")
LATER = NOW + timedelta(minutes=25)


@pytest.fixture
def started(catalogued_engine):  # type: ignore[no-untyped-def]
    """OR-A (a Miyota 2035 quartz watch, battery 377) started on QZ-A: one cell and two finger
    cots reserved, the ten tools of the bench in hand, QZ-A-05 a multimeter."""
    prepare_workshop(catalogued_engine, cells=1)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    started = start_order(catalogued_engine, TECHNICIAN, NOW, TODAY, "OR-A")
    assert started.verdict.ready, [finding_message(f) for f in started.verdict.blocking]
    return catalogued_engine


def tick_all(engine, but: tuple[int, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    for step in sheet_of(engine, "OR-A").steps:
        if step.number not in but:
            tick_step(engine, TECHNICIAN, LATER, "OR-A", step.position)


def lot(engine, number: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        row = session.execute(select(Lot).where(Lot.lot_number == number)).scalar_one()
        return row.quantity_micro, row.reserved_micro


def usage(engine, prefix: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return dict(session.execute(select(Tool.asset_tag, Tool.usage_count).where(Tool.asset_tag.like(f"{prefix}%"))).all())


def order_status(engine, reference: str = "OR-A") -> str:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.execute(select(RepairOrder.status).where(RepairOrder.reference == reference)).scalar_one()


def consumptions(engine) -> list[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return sorted(session.execute(
            select(Lot.lot_number, StockMovement.quantity_micro, RepairOrder.reference)
            .join(Lot, Lot.id == StockMovement.lot_id).join(RepairOrder, RepairOrder.id == StockMovement.order_id)
            .where(StockMovement.kind == "consumption")
        ).all())


def test_closing_writes_the_ledger_counts_the_tools_and_hands_the_watch_to_quality_control(started) -> None:  # type: ignore[no-untyped-def]
    assert lot(started, "R-626-01") == (1_000_000, 1_000_000) and lot(started, "FC-01") == (100_000_000, 2_000_000)
    tick_all(started)
    record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 µA", tool_tag="QZ-A-05")

    closed = close_sheet(started, TECHNICIAN, LATER, "OR-A")

    assert {(c.lot_number, c.quantity_micro) for c in closed.consumed} == {("R-626-01", 1_000_000), ("FC-01", 2_000_000)}
    assert consumptions(started) == [("FC-01", -2_000_000, "OR-A"), ("R-626-01", -1_000_000, "OR-A")]
    assert lot(started, "R-626-01") == (0, 0)  # the cell is gone from stock and from the reservations
    assert lot(started, "FC-01") == (98_000_000, 0)
    assert usage(started, "QZ-A-") == {f"QZ-A-{index:02d}": 1 for index in range(10)}
    assert usage(started, "QZ-B-") == {f"QZ-B-{index:02d}": 0 for index in range(10)}  # the other bench's tools were not used
    assert order_status(started) == "quality_control"
    with read_session(started) as session:
        sheet = session.execute(select(InterventionSheet)).scalar_one()
        assert sheet.status == "closed" and sheet.closed_at is not None
        assert set(session.execute(select(SheetLotUse.state)).scalars()) == {"consumed"}
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "sheet.close")).scalar_one()
        assert event.actor == "slefevre" and event.after["status"] == "quality_control" and "QZ-A-05" in event.after["tools_used"]
    view = sheet_of(started, "OR-A")
    assert not view.is_open and {line.state for line in view.lots} == {"consumed"}


def test_close_is_refused_while_a_step_is_not_ticked_and_names_it(started) -> None:  # type: ignore[no-untyped-def]
    tick_all(started, but=(10,))
    with pytest.raises(ServiceError) as refused:
        close_sheet(started, TECHNICIAN, LATER, "OR-A")
    assert refused.value.field == "step"
    assert str(refused.value).startswith("step 10 is not ticked: Water-resistance test if the watch is marked water resistant: ")
    # Nothing moved.
    assert consumptions(started) == []
    assert lot(started, "R-626-01") == (1_000_000, 1_000_000)
    assert usage(started, "QZ-A-")["QZ-A-05"] == 0
    assert order_status(started) == "in_progress" and sheet_of(started, "OR-A").is_open


def test_the_close_check_refuses_as_closing_would_and_writes_nothing(started) -> None:  # type: ignore[no-untyped-def]
    """Issue 17, item 10: the screen checks before it asks "close?" (a step left, a reservation gone)."""
    from sqlalchemy import update

    from atelier_tui.services.sheets.keeping import check_close

    tick_all(started, but=(10,))
    with pytest.raises(ServiceError, match=r"^step 10 is not ticked") as step:
        check_close(started, TECHNICIAN, "OR-A")
    assert step.value.field == "step"
    tick_step(started, TECHNICIAN, LATER, "OR-A", 9)
    assert check_close(started, TECHNICIAN, "OR-A") is None
    with write_session(started) as session:  # a count found the cell gone
        session.execute(update(Lot).where(Lot.lot_number == "R-626-01").values(quantity_micro=0, reserved_micro=0))
    with pytest.raises(ServiceError) as gone:
        check_close(started, TECHNICIAN, "OR-A")
    assert (gone.value.field, str(gone.value)) == (
        "lot", "lot R-626-01 of battery_sr626sw: its reservation for OR-A is no longer in stock; count the lot")
    assert consumptions(started) == [] and order_status(started) == "in_progress" and sheet_of(started, "OR-A").is_open
    with pytest.raises(ServiceError, match="no longer in stock"):
        close_sheet(started, TECHNICIAN, LATER, "OR-A")


def test_a_closed_sheet_is_frozen_and_cannot_be_closed_twice(started) -> None:  # type: ignore[no-untyped-def]
    tick_all(started)
    close_sheet(started, TECHNICIAN, LATER, "OR-A")
    for change in (lambda: close_sheet(started, TECHNICIAN, LATER, "OR-A"), lambda: tick_step(started, TECHNICIAN, LATER, "OR-A", 0),
                   lambda: record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1 uA")):
        with pytest.raises(ServiceError, match="closed"):
            change()
    assert usage(started, "QZ-A-")["QZ-A-00"] == 1  # counted once


def test_ticking_stamps_the_time_and_ticking_again_unticks(started) -> None:  # type: ignore[no-untyped-def]
    ticked = tick_step(started, TECHNICIAN, LATER, "OR-A", 0)
    assert (ticked.number, ticked.done_at) == (1, LATER)
    first = sheet_of(started, "OR-A").steps[0]
    assert first.done_at == LATER and first.done_by == "Sophie Lefèvre"
    assert first.text_fr.startswith("Relever le signal de fin de vie")
    assert tick_step(started, TECHNICIAN, LATER, "OR-A", 0).done_at is None
    assert sheet_of(started, "OR-A").steps[0].done_at is None
    with pytest.raises(ServiceError) as unknown:
        tick_step(started, TECHNICIAN, LATER, "OR-A", 42)
    assert unknown.value.field == "step" and "step 43" in str(unknown.value)


def test_measurements_are_judged_against_the_calibre_and_keep_their_instrument(started) -> None:  # type: ignore[no-untyped-def]
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 µA", tool_tag="QZ-A-05").judged == "pass"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.8 uA", tool_tag="QZ-A-05").judged == "fail"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "coil_resistance", "0,8 kΩ", tool_tag="QZ-A-05").judged == "fail"
    rate = record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", "+10 s/month", position="ch")
    assert (rate.judged, rate.position, rate.tool_tag) == ("pass", "CH", None)  # ±20 s/month for a Miyota 2035
    lines = sheet_of(started, "OR-A").measurements
    assert [(m.quantity, m.text, m.judged, m.tool_tag) for m in lines] == [
        ("current", "1.2 µA", "pass", "QZ-A-05"), ("current", "1.8 uA", "fail", "QZ-A-05"),
        ("coil_resistance", "0,8 kΩ", "fail", "QZ-A-05"), ("rate", "+10 s/month", "pass", None),
    ]
    assert lines[0].bounds is not None and lines[0].bounds.maximum == 1.5


def test_a_measurement_with_a_wrong_unit_is_refused_naming_the_field(started) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitError) as wrong_unit:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "5 bar", tool_tag="QZ-A-05")
    assert wrong_unit.value.field == "value"
    assert str(wrong_unit.value) == "value: '5 bar' is a pressure; expected a current (uA)"
    with pytest.raises(UnitError, match="has no unit"):
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "amplitude", "280")
    for quantity, value, position, field in (("torque", "1 uA", "", "quantity"), ("rate", "2 s/d", "upside down", "position"),
                                             ("current", "1 uA", "CH", "position")):
        with pytest.raises(ServiceError) as refused:
            record_measurement(started, TECHNICIAN, LATER, "OR-A", quantity, value, position)
        assert refused.value.field == field and str(refused.value).startswith(f"{field}:")
    assert sheet_of(started, "OR-A").measurements == []


def test_an_out_of_service_instrument_is_refused_with_its_reason(started) -> None:  # type: ignore[no-untyped-def]
    put_out_of_service(started, LEAD, NOW, "QZ-A-05", "Display broken")
    with pytest.raises(ServiceError) as refused:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 uA", tool_tag="QZ-A-05")
    assert refused.value.field == "tool"
    assert "QZ-A-05 is out of service (Display broken)" in str(refused.value)
    assert sheet_of(started, "OR-A").measurements == []


def test_an_instrument_whose_calibration_is_overdue_or_a_plain_tool_is_refused(started) -> None:  # type: ignore[no-untyped-def]
    with write_session(started) as session:
        site = session.execute(select(Site.id)).scalar_one()
        tester = session.execute(select(ToolType.id).where(ToolType.key == "quartz_tester")).scalar_one()
        plan = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.key == "quartz_tester_calibration")).scalar_one()
        tool = Tool(asset_tag="QT-01", tool_type_id=tester, site_id=site)
        session.add(tool)
        session.flush()
        session.add(MaintenanceRecord(tool_id=tool.id, plan_id=plan, performed_at=NOW - timedelta(days=400), result="pass"))
    with pytest.raises(ServiceError) as overdue:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 uA", tool_tag="QT-01")
    assert overdue.value.field == "tool" and "QT-01" in str(overdue.value) and "overdue since" in str(overdue.value)
    with pytest.raises(ServiceError, match="not a measuring instrument") as tweezers:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 uA", tool_tag="QZ-A-03")
    assert tweezers.value.field == "tool"
    with pytest.raises(ServiceError, match="no tool has the asset tag 'NOPE'"):
        use_tool(started, TECHNICIAN, LATER, "OR-A", "NOPE")


def _quartz_tester(engine, calibrated_days_ago: int, grace_days: int | None = None) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site = session.execute(select(Site.id)).scalar_one()
        tester = session.execute(select(ToolType.id).where(ToolType.key == "quartz_tester")).scalar_one()
        plan = session.execute(select(MaintenancePlan).where(MaintenancePlan.key == "quartz_tester_calibration")).scalar_one()
        if grace_days is not None:  # as a workshop's own catalog may set it
            plan.grace_days = grace_days
            session.add(plan)
        tool = Tool(asset_tag="QT-01", tool_type_id=tester, site_id=site)
        session.add(tool)
        session.flush()
        session.add(MaintenanceRecord(tool_id=tool.id, plan_id=plan.id, performed_at=NOW - timedelta(days=calibrated_days_ago),
                                      result="pass"))


def test_an_instrument_past_its_calibration_date_gives_no_valid_reading(started) -> None:  # type: ignore[no-untyped-def]
    _quartz_tester(started, 368)  # an annual calibration three days late: no grace by default
    with pytest.raises(ServiceError) as refused:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 uA", tool_tag="QT-01")
    assert refused.value.field == "tool" and "QT-01" in str(refused.value)
    assert sheet_of(started, "OR-A").measurements == []


def test_a_grace_the_workshop_set_for_a_calibration_lets_the_instrument_serve(started) -> None:  # type: ignore[no-untyped-def]
    _quartz_tester(started, 368, grace_days=14)
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 uA", tool_tag="QT-01").tool_tag == "QT-01"


def test_a_mechanical_watch_is_judged_position_by_position_and_as_a_series(started) -> None:  # type: ignore[no-untyped-def]
    with write_session(started) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "eta_2824_2")).scalar_one()
        order.movement_kind = "automatic"
    # A Standard-grade 2824-2 after service: each position within ±30 s/d, the mean within ±12.
    for position, rate in (("CH", "+5 s/d"), ("CB", "+8 s/d"), ("3H", "-10 s/d"), ("6H", "-18 s/d"), ("9H", "-6 s/d")):
        assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", rate, position=position).judged == "pass"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "amplitude", "235 deg", position="6H").judged == "pass"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "amplitude", "235 deg", position="CH").judged == "fail"
    series = {c.key: (c.value, c.judged) for c in sheet_of(started, "OR-A").series}
    assert series == {"mean_rate": (pytest.approx(-4.2), "pass"), "rate_delta": (pytest.approx(26.0), "pass")}
    text = sheet_markdown(started, "OR-A", "en")
    assert "| mean rate | -4.2 s/d |" in text and "| largest difference between positions | 26 s/d | ≤ 30 s/d | ✓ pass |" in text


def test_a_tool_used_on_the_job_is_counted_at_close(started) -> None:  # type: ignore[no-untyped-def]
    with write_session(started) as session:
        site = session.execute(select(Site.id)).scalar_one()
        blower = session.execute(select(ToolType.id).where(ToolType.key == "dust_blower")).scalar_one()
        session.add(Tool(asset_tag="SPARE-BL", tool_type_id=blower, site_id=site))
    assert use_tool(started, TECHNICIAN, LATER, "OR-A", "SPARE-BL") is True
    assert use_tool(started, TECHNICIAN, LATER, "OR-A", "SPARE-BL") is False  # already on the sheet
    tick_all(started)
    assert "SPARE-BL" in close_sheet(started, TECHNICIAN, LATER, "OR-A").tools
    assert usage(started, "SPARE-") == {"SPARE-BL": 1}


def test_a_water_resistance_test_records_the_testers_result(started) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as no_result:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "test_pressure", "3 bar")
    assert no_result.value.field == "result"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "test_pressure", "3 bar", result="fail").judged == "fail"
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "test_pressure", "30 m", result="pass").judged == "pass"


def test_anomalies_and_alerts_to_the_lead(started) -> None:  # type: ignore[no-untyped-def]
    add_anomaly(started, TECHNICIAN, LATER, "OR-A", "Case", "Deep scratch on the case back")
    with pytest.raises(ServiceError) as bad_category:
        add_anomaly(started, TECHNICIAN, LATER, "OR-A", "mood", "grumpy")
    assert bad_category.value.field == "category"
    with pytest.raises(ServiceError) as empty:
        raise_alert(started, TECHNICIAN, LATER, "OR-A", "   ")
    assert empty.value.field == "text"
    assert open_alerts(started) == []
    raise_alert(started, TECHNICIAN, LATER, "OR-A", "Crown tube corroded: quote a new case back?")
    view = sheet_of(started, "OR-A")
    assert [(n.category, n.text, n.by) for n in view.anomalies] == [("case", "Deep scratch on the case back", "Sophie Lefèvre")]
    alerts = open_alerts(started)
    assert [(a.reference, a.bench, a.by, a.text) for a in alerts] == [
        ("OR-A", "QZ-A", "Sophie Lefèvre", "Crown tube corroded: quote a new case back?")]
    tick_all(started)
    close_sheet(started, TECHNICIAN, LATER, "OR-A")
    assert [a.order_status for a in open_alerts(started)] == ["quality_control"]  # the lead still sees it during QC


def test_an_order_not_started_has_no_sheet(started) -> None:  # type: ignore[no-untyped-def]
    assert sheet_of(started, "OR-B") is None and sheet_of(started, "OR-NOPE") is None
    with pytest.raises(ServiceError) as refused:
        tick_step(started, TECHNICIAN, LATER, "OR-B", 0)
    assert refused.value.field == "order" and "start the work first" in str(refused.value)


def test_the_sheet_exports_as_markdown(started) -> None:  # type: ignore[no-untyped-def]
    tick_all(started)
    record_measurement(started, TECHNICIAN, LATER, "OR-A", "current", "1.2 µA", tool_tag="QZ-A-05")
    record_measurement(started, TECHNICIAN, LATER, "OR-A", "coil_resistance", "0.8 kohm", tool_tag="QZ-A-05")
    add_anomaly(started, TECHNICIAN, LATER, "OR-A", "case", "Scratch | on the back")
    close_sheet(started, TECHNICIAN, LATER, "OR-A")
    text = sheet_markdown(started, "OR-A", "en")
    assert text.startswith("# Intervention sheet OR-A\n")
    assert "| Calibre | Miyota 2035 — Miyota 2035 quartz (3 hands, no date) |" in text
    assert "| Technician | Sophie Lefèvre |" in text and "| Bench | QZ-A |" in text
    first_step = "1. [x] Note the end-of-life signal (seconds hand jumping every 2 or 4 s) and the state of the case"
    assert f"{first_step} — {LATER.astimezone():%Y-%m-%d %H:%M}" in text
    assert "| current consumption | — | 1.2 µA | ≤ 1.5 uA | ✓ pass | QZ-A-05 |" in text
    assert "| coil resistance | — | 0.8 kohm | 1.0 kohm … 2.0 kohm | ✗ fail | QZ-A-05 |" in text
    assert "**case**" in text and "Scratch \\| on the back" in text  # a pipe does not break the table
    assert "| QZ-A-05 | Multimeter for watch electronics (µA range, low ohm test voltage) |" in text
    assert "| Silver-oxide cell SR626SW (377) | R-626-01 | 1 piece | consumed |" in text
    french = sheet_markdown(started, "OR-A", "fr")
    assert "1. [x] Relever le signal de fin de vie" in french and "Multimètre pour l'électronique horlogère" in french


def test_a_sheet_with_no_verdict_recorded_exports_as_not_recorded_not_as_no_go(started) -> None:  # type: ignore[no-untyped-def]
    """Sheets the upgrade opened for orders already in progress carry no verdict (none was taken)."""
    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import InterventionSheet

    with write_session(started) as session:
        for sheet in session.execute(select(InterventionSheet)).scalars().all():
            sheet.verdict = {}
            session.add(sheet)
    text = sheet_markdown(started, "OR-A", "en")
    assert "| Readiness at start | not recorded |" in text and "NO-GO" not in text
