"""Maintenance and calibration on a real SQLite workshop (tests/readiness_db: two quartz benches
prepared for battery changes; QZ-A-05 and QZ-B-05 are multimeters, QZ-A-07 a wrist strap): the due
list, usage counted from closed sheets, counter corrections, ad hoc records, reschedules, an
out-of-tolerance calibration and its review, the staircase interval proposals, the planner's reads
and who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from atelier_tui.domain.intervals import StaircaseRule
from atelier_tui.i18n import set_language
from atelier_tui.services.audit.trail import audit_page
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.changes import correct_usage, reschedule
from atelier_tui.services.maintenance.due import maintenance_due
from atelier_tui.services.maintenance.due_check import check_due
from atelier_tui.services.maintenance.impact import impact, open_reviews, review_detail
from atelier_tui.services.maintenance.intervals import decide_proposal, list_proposals
from atelier_tui.services.maintenance.planner import group_due, on_time_per_week, planned_per_week, planner
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.maintenance.reviews import set_disposition
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.sheets.keeping import close_sheet, record_measurement, sheet_of, tick_step
from atelier_tui.services.tools.actions import put_out_of_service
from atelier_tui.services.tools.queries import tool_detail
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.maintenance_models import IntervalProposal, MaintenanceRecord, MaintenanceReview
from atelier_tui.store.models import AuditEvent, MaintenancePlan, RepairOrder, SheetToolUse, Tool, ToolType
from atelier_tui.wording import finding_message
from tests.support.readiness_db import NOW, TODAY, add_battery_order, prepare_workshop

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TECHNICIAN = Actor("slefevre", role="technician")
LEAD = Actor("cmartin", role="lead")
MULTIMETER = "QZ-A-05"
CALIBRATION = "multimeter_calibration"
GOOD = {"voltage_1_5": "1.502 V", "resistance_1_8k": "1.81 kohm", "current_10u": "10.05 uA"}
VOLTAGE_OFF = {**GOOD, "voltage_1_5": "1.53 V"}


def days_ago(days: int, hour: int = 10) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), tzinfo=UTC).replace(hour=hour)


@pytest.fixture
def workshop(catalogued_engine):  # type: ignore[no-untyped-def]
    """Every tool maintained an hour ago except the multimeter QZ-A-05, never calibrated (its
    history is what these tests write); a battery tester verified on QZ-A does the jobs' battery
    testing meanwhile, as an instrument never calibrated stops serving."""
    prepare_workshop(catalogued_engine, cells=6, unmaintained=(MULTIMETER,))
    with write_session(catalogued_engine) as session:
        bench, site = session.execute(select(Tool.bench_id, Tool.site_id).where(Tool.asset_tag == MULTIMETER)).one()
        tester = session.execute(select(ToolType.id).where(ToolType.key == "battery_tester")).scalar_one()
        plan = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.key == "battery_tester_verification")).scalar_one()
        spare = Tool(asset_tag="QZ-A-BT", tool_type_id=tester, site_id=site, home_bench_id=bench, bench_id=bench)
        session.add(spare)
        session.flush()
        session.add(MaintenanceRecord(tool_id=spare.id, plan_id=plan, performed_at=NOW - timedelta(hours=1), result="pass"))
    yield catalogued_engine
    # Whatever the test did through the services, the stored due rows say what a full
    # recomputation says (the rows this fixture wrote by hand are marked, and not compared).
    assert check_due(catalogued_engine).differences == []


def calibrate(engine, when: datetime, found: dict[str, str] | None = None, result: str = "pass", tag: str = MULTIMETER,
              **options):  # type: ignore[no-untyped-def]
    return record_maintenance(engine, LEAD, max(when, NOW), tag, CALIBRATION, result, found or GOOD, options.pop("as_left", {}),
                              performed_at=when, **options)


def item(engine, tag: str, plan: str, today: date = TODAY):  # type: ignore[no-untyped-def]
    due = maintenance_due(engine, today, now=NOW)
    return next(i for i in due.items if i.asset_tag == tag and i.plan_key == plan)


def add_plan(engine, tag: str, key: str, **fields) -> None:  # type: ignore[no-untyped-def]
    """A plan of this tool alone (an override of its type's plans of that kind)."""
    with write_session(engine) as session:
        tool_id = session.execute(select(Tool.id).where(Tool.asset_tag == tag)).scalar_one()
        session.add(MaintenancePlan(key=key, tool_id=tool_id, name_en=key, name_fr=key, **fields))


def run_job(engine, reference: str, bench: str, start: datetime, instrument: str | None = None, close: bool = True,
            customer: str = "") -> None:  # type: ignore[no-untyped-def]
    """A battery change on `bench` from `start`: a current measured with `instrument`, every
    step ticked, the sheet closed ten minutes later (unless `close` is False)."""
    add_battery_order(engine, reference, bench=bench)
    if customer:
        with write_session(engine) as session:
            session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one().customer_ref = customer
    started = start_order(engine, TECHNICIAN, start, TODAY, reference)
    assert started.verdict.ready, [finding_message(f) for f in started.verdict.blocking]
    if instrument:
        record_measurement(engine, TECHNICIAN, start + timedelta(minutes=5), reference, "current", "1.2 uA", tool_tag=instrument)
    if close:
        for step in sheet_of(engine, reference).steps:
            tick_step(engine, TECHNICIAN, start + timedelta(minutes=8), reference, step.position)
        close_sheet(engine, TECHNICIAN, start + timedelta(minutes=10), reference)


def audit_events(engine, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).scalars())


def tool(engine, tag: str) -> Tool:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.execute(select(Tool).where(Tool.asset_tag == tag)).scalar_one()


def shown_status(engine, tag: str) -> str:  # type: ignore[no-untyped-def]
    detail = tool_detail(engine, tag, TODAY)
    assert detail is not None
    return detail.row.status_reason


# The due list ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "done_days_ago", "uses_since", "state", "next_due_in", "uses_left"), [
    ({"every_days": 30, "grace_days": 7}, 20, 0, "due_soon", 10, None),  # by days
    ({"every_days": 30, "grace_days": 7}, 37, 0, "due", -7, None),  # last day of grace
    ({"every_days": 30, "grace_days": 7}, 38, 0, "overdue", -8, None),  # grace is over
    ({"every_uses": 10}, 3, 4, "ok", None, 6),  # by uses
    ({"every_uses": 10}, 3, 11, "overdue", None, -1),
    ({"every_days": 30, "every_uses": 10}, 3, 10, "due", 27, 0),  # whichever first: the uses
    ({"every_days": 30, "every_uses": 10}, 31, 1, "overdue", -1, 9),  # whichever first: the days
])
def test_due_by_days_by_uses_whichever_first_and_grace(workshop, fields, done_days_ago, uses_since, state, next_due_in,
                                                       uses_left) -> None:  # type: ignore[no-untyped-def]
    add_plan(workshop, "QZ-A-01", "vice_check", kind="maintenance", **fields)
    record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-01", "vice_check", "pass", performed_at=days_ago(done_days_ago))
    if uses_since:
        correct_usage(workshop, LEAD, NOW, "QZ-A-01", uses_since, "counted by hand for the test")
    due = item(workshop, "QZ-A-01", "vice_check")
    assert (due.state, due.uses_left) == (state, uses_left)
    assert due.next_due_on == (TODAY + timedelta(days=next_due_in) if next_due_in is not None else None)
    assert due.last_done == days_ago(done_days_ago) and due.bench == "QZ-A"


def test_a_fixed_anchor_keeps_the_calendar_of_the_first_completion(workshop) -> None:  # type: ignore[no-untyped-def]
    add_plan(workshop, "QZ-A-01", "vice_monthly", kind="maintenance", every_days=30, anchor="fixed")
    add_plan(workshop, "QZ-A-02", "wrench_monthly", kind="maintenance", every_days=30)
    for tag, key in (("QZ-A-01", "vice_monthly"), ("QZ-A-02", "wrench_monthly")):
        record_maintenance(workshop, TECHNICIAN, NOW, tag, key, "pass", performed_at=days_ago(64))
        record_maintenance(workshop, TECHNICIAN, NOW, tag, key, "pass", performed_at=days_ago(30))  # four days late
    assert item(workshop, "QZ-A-01", "vice_monthly").next_due_on == TODAY - timedelta(days=64) + timedelta(days=60)  # the calendar
    assert item(workshop, "QZ-A-02", "wrench_monthly").next_due_on == TODAY  # completion: thirty days after the late one


def test_the_due_list_names_what_it_blocks_and_lists_tools_out_of_service_apart(workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(workshop) as session:  # the multimeter alone tests cells on QZ-A
        session.execute(select(Tool).where(Tool.asset_tag == "QZ-A-BT")).scalar_one().status = "retired"
    add_battery_order(workshop, "OR-WAIT", bench="QZ-A")
    calibrate(workshop, days_ago(400))  # past its 365 days: overdue, no grace
    due = maintenance_due(workshop, TODAY, now=NOW)
    overdue = item(workshop, MULTIMETER, CALIBRATION)
    assert overdue.state == "overdue" and overdue.blocks == ("OR-WAIT",)
    assert all(i.blocks == () for i in due.items if i.asset_tag != MULTIMETER)
    with write_session(workshop) as session:
        session.execute(select(Tool).where(Tool.asset_tag == "QZ-B-07")).scalar_one().status = "retired"
    calibrate(workshop, NOW, VOLTAGE_OFF, "adjusted", as_left={"voltage_1_5": "1.5 V"})
    due = maintenance_due(workshop, TODAY, now=NOW)
    assert MULTIMETER not in {i.asset_tag for i in due.items} and "QZ-B-07" not in {i.asset_tag for i in due.items}
    apart = {t.asset_tag: t for t in due.apart}
    assert set(apart) == {MULTIMETER, "QZ-B-07", "QZ-A-BT"}
    assert apart[MULTIMETER].status == "out_of_service" and apart[MULTIMETER].blocks == ("OR-WAIT",)
    assert apart[MULTIMETER].plans == (CALIBRATION,) and apart["QZ-B-07"].plans == ()
    within = maintenance_due(workshop, TODAY, within_days=0, now=NOW, blocks=False)
    assert {i.state for i in within.items} <= {"due_soon", "due", "overdue"}


def test_closing_a_sheet_counts_a_use_and_moves_a_plan_counted_in_uses(workshop) -> None:  # type: ignore[no-untyped-def]
    add_plan(workshop, "QZ-A-01", "vice_check", kind="maintenance", every_uses=3)
    record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-01", "vice_check", "pass", performed_at=days_ago(1))
    assert item(workshop, "QZ-A-01", "vice_check").uses_left == 3
    run_job(workshop, "OR-1", "QZ-A", NOW)
    run_job(workshop, "OR-2", "QZ-A", NOW + timedelta(minutes=20))
    after = item(workshop, "QZ-A-01", "vice_check")
    assert (after.usage_count, after.uses_left, after.state) == (2, 1, "due_soon")


def test_a_counter_correction_needs_a_reason_a_lead_and_is_audited(workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as no_reason:
        correct_usage(workshop, LEAD, NOW, "QZ-A-01", 12, "  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError, match="this needs lead / admin"):
        correct_usage(workshop, TECHNICIAN, NOW, "QZ-A-01", 12, "miscount")
    with pytest.raises(ServiceError) as negative:
        correct_usage(workshop, LEAD, NOW, "QZ-A-01", -1, "miscount")
    assert negative.value.field == "count"
    done = correct_usage(workshop, LEAD, NOW, "QZ-A-01", 12, "counter board replaced")
    assert (done.previous, done.count) == (0, 12) and tool(workshop, "QZ-A-01").usage_count == 12
    event, = audit_events(workshop, "usage.correct")
    assert (event.actor, event.entity_key, event.before, event.after, event.reason) == (
        "cmartin", "QZ-A-01", {"usage_count": 0}, {"usage_count": 12}, "counter board replaced")


# Records -----------------------------------------------------------------------------------------

def test_an_ad_hoc_calibration_does_not_move_the_schedule_unless_told(workshop) -> None:  # type: ignore[no-untyped-def]
    calibrate(workshop, days_ago(200))
    planned = TODAY + timedelta(days=165)
    assert item(workshop, MULTIMETER, CALIBRATION).next_due_on == planned
    ad_hoc = calibrate(workshop, days_ago(10), ad_hoc=True)
    assert (ad_hoc.ad_hoc, ad_hoc.moves_schedule) == (True, False)
    assert item(workshop, MULTIMETER, CALIBRATION).next_due_on == planned
    counted = calibrate(workshop, days_ago(5), ad_hoc=True, moves_schedule=True)
    assert counted.moves_schedule
    assert item(workshop, MULTIMETER, CALIBRATION).next_due_on == TODAY + timedelta(days=360)
    with read_session(workshop) as session:
        rows = session.execute(select(MaintenanceRecord.ad_hoc, MaintenanceRecord.scheduled).join(Tool, Tool.id == MaintenanceRecord.tool_id)
                               .where(Tool.asset_tag == MULTIMETER).order_by(MaintenanceRecord.id)).all()
    assert rows == [(False, True), (True, False), (True, True)]
    with pytest.raises(ServiceError) as refused:
        calibrate(workshop, days_ago(1), moves_schedule=False)
    assert refused.value.field == "moves_schedule"


def test_a_record_keeps_typed_readings_judged_and_is_audited(workshop) -> None:  # type: ignore[no-untyped-def]
    done = calibrate(workshop, days_ago(3), certificate_ref="CAL-2026-0042", reference_standard="Fluke 5522A")
    assert done.found_in_tolerance is True and not done.out_of_service and done.review_id is None
    with read_session(workshop) as session:
        record = session.execute(select(MaintenanceRecord).join(Tool, Tool.id == MaintenanceRecord.tool_id)
                                 .where(Tool.asset_tag == MULTIMETER)).scalar_one()
    assert record.readings["voltage_1_5"] == {"as_found": {"value": 1.502, "unit": "volt", "text": "1.502 V"},
                                              "found_in_tolerance": True}
    assert (record.certificate_ref, record.reference_standard, record.found_in_tolerance) == ("CAL-2026-0042", "Fluke 5522A", True)
    assert audit_events(workshop, "maintenance.record")[0].after["plan"] == CALIBRATION
    with pytest.raises(ServiceError) as passed_out:
        calibrate(workshop, days_ago(1), VOLTAGE_OFF)
    assert passed_out.value.field == "result" and "DC voltage 1.5 V was found at 1.53 V, outside 1.5 V ± 0.01 V" in str(passed_out.value)
    with pytest.raises(ServiceError) as left_out:
        calibrate(workshop, days_ago(1), VOLTAGE_OFF, "adjusted", as_left={**GOOD, "voltage_1_5": "1.52 V"})
    assert "record the result as fail" in str(left_out.value)
    with pytest.raises(ServiceError) as not_left:
        calibrate(workshop, days_ago(1), VOLTAGE_OFF, "adjusted")
    assert not_left.value.field == "as_left" and str(not_left.value).endswith("as-left value for voltage_1_5")
    with pytest.raises(ServiceError) as not_read:
        calibrate(workshop, days_ago(1), {"voltage_1_5": "1.5 V"})
    assert not_read.value.field == "as_found" and "missing: resistance_1_8k, current_10u" in str(not_read.value)
    with pytest.raises(ServiceError) as future:
        record_maintenance(workshop, LEAD, NOW, MULTIMETER, CALIBRATION, "pass", GOOD, performed_at=NOW + timedelta(hours=1))
    assert future.value.field == "at"


def test_a_reschedule_needs_a_reason_is_honoured_until_the_plan_is_done_and_audited(workshop) -> None:  # type: ignore[no-untyped-def]
    calibrate(workshop, days_ago(372))  # due since a week, in grace
    with pytest.raises(ServiceError) as no_reason:
        reschedule(workshop, LEAD, NOW, MULTIMETER, CALIBRATION, TODAY + timedelta(days=20), "")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as past:
        reschedule(workshop, LEAD, NOW, MULTIMETER, CALIBRATION, TODAY - timedelta(days=2), "lab booked")
    assert past.value.field == "date"
    moved = reschedule(workshop, LEAD, NOW, MULTIMETER, CALIBRATION, TODAY + timedelta(days=20), "laboratory booked for 17 Dec")
    assert moved.previous_due_on == TODAY - timedelta(days=7)
    due = item(workshop, MULTIMETER, CALIBRATION)
    assert (due.state, due.next_due_on, due.rescheduled, due.reschedule_reason) == (
        "ok", TODAY + timedelta(days=20), True, "laboratory booked for 17 Dec")
    event, = audit_events(workshop, "maintenance.reschedule")
    assert event.reason == "laboratory booked for 17 Dec" and event.after == {"plan": CALIBRATION, "due_on": "2026-12-17"}
    calibrate(workshop, NOW)  # done: the plan's interval runs again
    due = item(workshop, MULTIMETER, CALIBRATION)
    assert (due.next_due_on, due.rescheduled) == (TODAY + timedelta(days=365), False)


# Out of tolerance --------------------------------------------------------------------------------

@pytest.fixture
def reviewed(workshop):  # type: ignore[no-untyped-def]
    """OR-1 done with QZ-A-05 before its last good calibration; OR-2 and OR-3 (still open) after
    it; OR-B done on QZ-B with the other multimeter; then QZ-A-05 found out of tolerance."""
    calibrate(workshop, NOW - timedelta(days=100))  # an instrument never calibrated gives no valid reading
    run_job(workshop, "OR-1", "QZ-A", NOW, MULTIMETER, customer="C-001")
    calibrate(workshop, NOW + timedelta(minutes=30))
    run_job(workshop, "OR-2", "QZ-A", NOW + timedelta(hours=1), MULTIMETER, customer="C-002")
    run_job(workshop, "OR-B", "QZ-B", NOW + timedelta(hours=1), "QZ-B-05", customer="C-00B")
    run_job(workshop, "OR-3", "QZ-A", NOW + timedelta(hours=2), MULTIMETER, close=False, customer="C-003")
    found = calibrate(workshop, NOW + timedelta(hours=3), VOLTAGE_OFF, "adjusted", as_left={"voltage_1_5": "1.5 V"})
    return workshop, found


def test_out_of_tolerance_takes_the_instrument_out_of_service_and_lists_exactly_the_sheets_in_the_window(reviewed) -> None:  # type: ignore[no-untyped-def]
    engine, found = reviewed
    assert found.out_of_service and found.found_in_tolerance is False and found.review_sheets == 2
    multimeter = tool(engine, MULTIMETER)
    assert multimeter.status == "out_of_service"
    assert multimeter.status_reason == "" and multimeter.status_record_id is not None  # the record, not a sentence
    assert shown_status(engine, MULTIMETER) == "Annual calibration: DC voltage 1.5 V found at 1.53 V, outside 1.5 V ± 0.01 V"
    assert tool(engine, "QZ-B-05").status == "in_service"
    review, = open_reviews(engine)
    assert (review.id, review.asset_tag, review.plan_key, review.sheets, review.undecided) == (found.review_id, MULTIMETER, CALIBRATION, 2, 2)
    assert review.window_start == NOW + timedelta(minutes=30) and review.window_end == NOW + timedelta(hours=3)
    detail = review_detail(engine, found.review_id)
    assert [(row.order, row.customer_ref, row.sheet_status) for row in detail.items] == [("OR-2", "C-002", "closed"), ("OR-3", "C-003", "open")]
    rows = impact(engine, MULTIMETER)
    assert [row.order for row in rows] == ["OR-2", "OR-3"]
    taken, = rows[0].measurements
    assert (taken.quantity, taken.text, taken.measured_at) == ("current", "1.2 uA", NOW + timedelta(hours=1, minutes=5))
    assert rows[0].watch == "Swatch Skin" and rows[0].bench == "QZ-A" and rows[0].technician == "Sophie Lefèvre"
    assert [row.order for row in impact(engine, "QZ-B-05")] == ["OR-B"]  # never reviewed: what a review would list
    assert [e.entity_key for e in audit_events(engine, "review.open")] == [str(found.review_id)]
    assert audit_events(engine, "out_of_service")[0].entity_key == MULTIMETER


def test_the_review_closes_only_when_every_sheet_has_a_disposition(reviewed) -> None:  # type: ignore[no-untyped-def]
    engine, found = reviewed
    review_id = found.review_id
    with pytest.raises(ServiceError) as no_reason:
        set_disposition(engine, LEAD, NOW, review_id, "OR-2", "accepted", "")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as wrong:
        set_disposition(engine, LEAD, NOW, review_id, "OR-1", "accepted", "before the window")
    assert wrong.value.field == "order" and "OR-2, OR-3" in str(wrong.value)
    with pytest.raises(ServiceError, match="this needs lead / admin"):
        set_disposition(engine, TECHNICIAN, NOW, review_id, "OR-2", "recalled")
    first = set_disposition(engine, LEAD, NOW + timedelta(hours=4), review_id, "OR-2", "accepted",
                            "0.03 V off on 1.5 V cannot change a 1.2 uA reading beyond its tolerance")
    assert (first.undecided, first.review_closed) == (1, False)
    assert open_reviews(engine)[0].undecided == 1
    last = set_disposition(engine, LEAD, NOW + timedelta(hours=4), review_id, "OR-3", "recalled")
    assert (last.undecided, last.review_closed) == (0, True)
    assert open_reviews(engine) == []
    closed = review_detail(engine, review_id)
    assert closed.review.closed_at == NOW + timedelta(hours=4)
    assert [(r.order, r.disposition, r.decided_by) for r in closed.items] == [("OR-2", "accepted", "Claire Martin"),
                                                                             ("OR-3", "recalled", "Claire Martin")]
    with pytest.raises(ServiceError, match="closed"):
        set_disposition(engine, LEAD, NOW, review_id, "OR-3", "accepted", "changed my mind")
    assert [row.disposition for row in impact(engine, MULTIMETER)] == ["accepted", "recalled"]  # the latest review, closed
    assert len(audit_events(engine, "review.dispose")) == 2 and len(audit_events(engine, "review.close")) == 1


def test_a_first_calibration_out_of_tolerance_reviews_every_sheet_since_its_first_use(workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="QZ-A-05"):  # never calibrated: no valid reading today
        run_job(workshop, "OR-0", "QZ-A", NOW - timedelta(hours=2), MULTIMETER, close=False)
    # A sheet from a workshop's history, written before an instrument's first calibration was
    # required before use: the first calibration still reviews it.
    run_job(workshop, "OR-1", "QZ-A", NOW)
    with write_session(workshop) as session:
        multimeter = session.execute(select(Tool.id).where(Tool.asset_tag == MULTIMETER)).scalar_one()
        sheet_id = session.execute(select(SheetToolUse.sheet_id)).scalars().first()
        session.add(SheetToolUse(sheet_id=sheet_id, tool_id=multimeter, used_at=NOW + timedelta(minutes=5)))
    found = calibrate(workshop, NOW + timedelta(hours=1), VOLTAGE_OFF, "fail")
    assert found.review_sheets == 1 and found.out_of_service
    with read_session(workshop) as session:
        assert session.get(MaintenanceReview, found.review_id).window_start is None


def test_a_failed_verification_takes_the_tool_out_of_service_and_a_technician_may_record_it(workshop) -> None:  # type: ignore[no-untyped-def]
    done = record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-07", "wrist_strap_daily_test", "fail")
    assert done.out_of_service and done.review_id is not None
    assert shown_status(workshop, "QZ-A-07") == f"Daily wrist-strap test: failed on {NOW.astimezone().date().isoformat()}"


def test_a_reason_taken_from_a_record_reads_in_the_readers_language_and_a_typed_one_as_typed(workshop) -> None:  # type: ignore[no-untyped-def]
    calibrate(workshop, NOW - timedelta(days=100))
    calibrate(workshop, NOW, VOLTAGE_OFF, "fail")  # recorded by someone working in English
    put_out_of_service(workshop, LEAD, NOW, "QZ-A-07", "dropped on the floor")
    set_language("fr")
    try:
        found = shown_status(workshop, MULTIMETER)
        typed = shown_status(workshop, "QZ-A-07")
        apart = {t.asset_tag: t.status_reason for t in maintenance_due(workshop, TODAY, now=NOW).apart}
    finally:
        set_language("en")
    assert found.startswith("Étalonnage") and "trouvé à 1,53 V, hors tolérance 1,5 V ± 0,01 V" in found and "found" not in found
    assert apart[MULTIMETER] == found
    assert typed == "dropped on the floor" == apart["QZ-A-07"]  # what a person typed is shown as typed
    assert shown_status(workshop, MULTIMETER).startswith("Annual calibration: ")


def test_sentences_stored_before_the_findings_were_kept_as_data_read_as_they_were_written(workshop) -> None:  # type: ignore[no-untyped-def]
    calibrate(workshop, NOW - timedelta(days=400))
    calibrate(workshop, NOW, VOLTAGE_OFF, "fail")
    written_then = "Annual calibration: DC voltage 1.5 V found at 1.53 V, outside 1.5 V ± 0.01 V"
    with write_session(workshop) as session:  # as a review and a proposal stored before 0021 say it
        review = session.execute(select(MaintenanceReview)).scalar_one()
        review.reason = written_then
        proposal = session.execute(select(IntervalProposal)).scalar_one()
        proposal.reason, proposal.in_tolerance_run = "found out of tolerance", None
    set_language("fr")
    try:
        assert open_reviews(workshop, include_closed=True)[0].reason == written_then
        assert list_proposals(workshop)[0].reason == "found out of tolerance"
    finally:
        set_language("en")


# Interval proposals ------------------------------------------------------------------------------

def test_the_staircase_proposes_and_nothing_changes_until_the_lead_accepts(workshop) -> None:  # type: ignore[no-untyped-def]
    rule = StaircaseRule(consecutive=3)
    first = calibrate(workshop, days_ago(730), rule=rule)
    second = calibrate(workshop, days_ago(365), rule=rule)
    assert first.proposal_id is None and second.proposal_id is None
    third = calibrate(workshop, days_ago(1), rule=rule)
    assert (third.current_days, third.proposed_days) == (365, 548)
    proposal, = list_proposals(workshop)
    assert (proposal.id, proposal.direction, proposal.state, proposal.reason) == (
        third.proposal_id, "longer", "proposed", "3 calibrations in a row found in tolerance")
    set_language("fr")  # proposed during an English session, read by a French lead: in French, in the trail too
    try:
        assert list_proposals(workshop)[0].reason == "3 étalonnages consécutifs dans la tolérance"
        proposed, = [row for row in audit_page(workshop, LEAD, limit=50).rows if row.action == "interval.propose"]
        assert proposed.reason == "3 étalonnages consécutifs dans la tolérance"
    finally:
        set_language("en")
    waiting = item(workshop, MULTIMETER, CALIBRATION)
    assert (waiting.every_days, waiting.next_due_on) == (365, TODAY + timedelta(days=364))
    with pytest.raises(ServiceError, match="this needs lead / admin"):
        decide_proposal(workshop, TECHNICIAN, NOW, proposal.id, True)
    accepted = decide_proposal(workshop, LEAD, NOW, proposal.id, True)
    assert (accepted.state, accepted.decided_by) == ("accepted", "Claire Martin")
    longer = item(workshop, MULTIMETER, CALIBRATION)
    assert (longer.every_days, longer.plan_days, longer.next_due_on) == (548, 365, TODAY + timedelta(days=547))
    with pytest.raises(ServiceError, match=r"already decided \(interval accepted\)"):
        decide_proposal(workshop, LEAD, NOW, proposal.id, False)
    # A fourth pass starts a new run: no proposal at once.
    assert calibrate(workshop, NOW, rule=rule).proposal_id is None


def test_an_out_of_tolerance_proposes_a_shorter_interval_that_may_be_declined(workshop) -> None:  # type: ignore[no-untyped-def]
    calibrate(workshop, days_ago(365))
    found = calibrate(workshop, days_ago(1), VOLTAGE_OFF, "adjusted", as_left={"voltage_1_5": "1.5 V"})
    assert (found.current_days, found.proposed_days) == (365, 183)
    declined = decide_proposal(workshop, LEAD, NOW, found.proposal_id, False)
    assert declined.state == "declined" and list_proposals(workshop) == []
    assert [p.state for p in list_proposals(workshop, state=None)] == ["declined"]
    with write_session(workshop) as session:  # back in service after the review
        session.execute(select(Tool).where(Tool.asset_tag == MULTIMETER)).scalar_one().status = "in_service"
    assert item(workshop, MULTIMETER, CALIBRATION).every_days == 365


def test_a_waiting_longer_proposal_is_superseded_by_an_out_of_tolerance(workshop) -> None:  # type: ignore[no-untyped-def]
    rule = StaircaseRule(consecutive=2)
    calibrate(workshop, days_ago(400), rule=rule)
    longer = calibrate(workshop, days_ago(30), rule=rule)
    assert longer.proposed_days == 548
    shorter = calibrate(workshop, days_ago(1), VOLTAGE_OFF, "adjusted", as_left={"voltage_1_5": "1.5 V"}, rule=rule)
    assert shorter.proposed_days == 183
    assert [(p.id, p.state) for p in list_proposals(workshop, state=None)] == [
        (longer.proposal_id, "superseded"), (shorter.proposal_id, "proposed")]


def test_an_ad_hoc_calibration_never_feeds_the_staircase(workshop) -> None:  # type: ignore[no-untyped-def]
    found = calibrate(workshop, days_ago(1), VOLTAGE_OFF, "adjusted", as_left={"voltage_1_5": "1.5 V"}, ad_hoc=True)
    assert found.proposal_id is None and found.review_id is not None


# Permissions -------------------------------------------------------------------------------------

def test_only_leads_and_admins_record_calibrations_reschedule_and_decide(workshop) -> None:  # type: ignore[no-untyped-def]
    gateway = Actor("web", role="gateway")
    with pytest.raises(ServiceError) as refused:
        record_maintenance(workshop, TECHNICIAN, NOW, MULTIMETER, CALIBRATION, "pass", GOOD)
    assert str(refused.value) == "slefevre (technician) may not record a calibration: this needs lead / admin"
    with pytest.raises(ServiceError, match="may not reschedule maintenance"):
        reschedule(workshop, TECHNICIAN, NOW, MULTIMETER, CALIBRATION, TODAY + timedelta(days=3), "busy")
    with pytest.raises(ServiceError, match="may not record maintenance"):
        record_maintenance(workshop, gateway, NOW, "QZ-A-07", "wrist_strap_daily_test", "pass")
    admin = Actor("root", role="admin")
    assert record_maintenance(workshop, admin, NOW, MULTIMETER, CALIBRATION, "pass", GOOD).result == "pass"
    assert record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-07", "wrist_strap_daily_test", "pass").result == "pass"
    with pytest.raises(ServiceError) as wrong_plan:
        record_maintenance(workshop, LEAD, NOW, "QZ-A-07", CALIBRATION, "pass", GOOD)
    assert wrong_plan.value.field == "plan" and "wrist_strap_daily_test" in str(wrong_plan.value)


# The planner's reads -----------------------------------------------------------------------------

def test_planner_counts_per_week_on_time_completion_and_groups(workshop) -> None:  # type: ignore[no-untyped-def]
    add_plan(workshop, "QZ-A-01", "vice_weekly", kind="maintenance", every_days=7, grace_days=1)
    record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-01", "vice_weekly", "pass", performed_at=days_ago(20))
    record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-01", "vice_weekly", "pass", performed_at=days_ago(13))  # on the day
    record_maintenance(workshop, TECHNICIAN, NOW, "QZ-A-01", "vice_weekly", "pass", performed_at=days_ago(3))  # three days late
    completed = on_time_per_week(workshop, TODAY)
    assert len(completed) == 12 and completed[-1].week_start == date(2026, 11, 23)
    assert [(w.done, w.on_time) for w in completed[-3:]] == [(1, 1), (0, 0), (1, 0)]
    assert completed[-1].rate == 0.0 and completed[-2].rate is None
    weeks = planned_per_week(workshop, TODAY)
    assert len(weeks) == 12 and weeks[0].week_start == date(2026, 11, 23)
    assert weeks[0].due >= 1 and sum(w.due for w in weeks) > 12  # a weekly plan fills every week
    view = planner(workshop, TODAY)
    assert [g.key for g in view.this_week][:2] == ["QZ-A", "QZ-B"] and all(g.on_bench for g in view.this_week)
    by_type = group_due(maintenance_due(workshop, TODAY, blocks=False).items, "tool_type")
    multimeters = next(g for g in by_type if g.key == "multimeter")
    assert [i.asset_tag for i in multimeters.items] == ["QZ-A-05", "QZ-B-05"] and multimeters.name_fr.startswith("Multimètre")
