"""Issue 17 in the services, so that the command line and the SSH server get the same rules as
the workstation's forms: nothing is stored that the person did not type or choose."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from atelier_tui.cli import cli
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.sheets.keeping import record_measurement, sheet_of
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    InterventionType,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    Tool,
    ToolType,
)
from atelier_tui.wording import finding_message
from tests.services.test_sheets import LATER, TECHNICIAN, started  # noqa: F401  (the fixture)
from tests.support.readiness_db import NOW

LEAD = Actor("cmartin", role="lead")


def asks_regulation(engine, reference: str = "OR-A") -> None:  # type: ignore[no-untyped-def]
    """The order also asks for a regulation: its rate is read on a timegrapher."""
    with write_session(engine) as session:
        order_id = session.execute(select(RepairOrder.id).where(RepairOrder.reference == reference)).scalar_one()
        regulation = session.execute(select(InterventionType.id).where(InterventionType.key == "regulation")).scalar_one()
        session.add(OrderIntervention(order_id=order_id, intervention_type_id=regulation, position=1))


def timegrapher(engine, tag: str = "TG-01", calibrated_days_ago: int = 30) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site = session.execute(select(Site.id)).scalar_one()
        kind = session.execute(select(ToolType.id).where(ToolType.key == "timegrapher")).scalar_one()
        tool = Tool(asset_tag=tag, tool_type_id=kind, site_id=site)
        session.add(tool)
        session.flush()
        for plan in session.execute(select(MaintenancePlan.id).where(MaintenancePlan.tool_type_id == kind)).scalars():
            session.add(MaintenanceRecord(tool_id=tool.id, plan_id=plan, performed_at=NOW - timedelta(days=calibrated_days_ago),
                                          result="pass"))


# Item 2 ---------------------------------------------------------------------------------------

def test_a_reading_the_work_takes_with_an_instrument_is_refused_without_one(started) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    asks_regulation(started)
    with pytest.raises(ServiceError) as refused:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", "+4 s/d", "CH")
    assert refused.value.field == "tool" and "give its asset tag" in str(refused.value)
    with pytest.raises(ServiceError) as wrong:  # QZ-A-05 is a multimeter: it reads no rate
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", "+4 s/d", "CH", tool_tag="QZ-A-05")
    assert wrong.value.field == "tool" and "does not measure rate" in str(wrong.value)
    assert sheet_of(started, "OR-A").measurements == []
    timegrapher(started)
    line = record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", "+4 s/d", "CH", tool_tag="TG-01")
    assert line.tool_tag == "TG-01"
    # What the work does not read with an instrument still needs none: power reserve is counted.
    assert record_measurement(started, TECHNICIAN, LATER, "OR-A", "power_reserve", "40 h").tool_tag is None


def test_the_instrument_must_be_in_service_and_within_calibration_at_that_moment(started) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    asks_regulation(started)
    timegrapher(started, "TG-OLD", calibrated_days_ago=400)
    with pytest.raises(ServiceError) as overdue:
        record_measurement(started, TECHNICIAN, LATER, "OR-A", "rate", "+4 s/d", "CH", tool_tag="TG-OLD")
    assert overdue.value.field == "tool" and "overdue since" in str(overdue.value)
    assert sheet_of(started, "OR-A").measurements == []


def test_the_command_line_refuses_a_reading_without_its_instrument_in_one_line(started, catalogued_db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    asks_regulation(started)
    started.dispose()
    result = CliRunner().invoke(cli, ["--db", str(catalogued_db), "sheet", "measure", "OR-A", "rate", "+4 s/d", "--position", "CH"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "give its asset tag" in result.stderr


# Item 3 ---------------------------------------------------------------------------------------

def test_a_record_without_a_chosen_result_is_refused_and_a_check_writes_nothing(demo_engine) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.maintenance.records import check_maintenance, record_maintenance

    def records() -> int:
        with read_session(demo_engine) as session:
            return session.execute(select(func.count()).select_from(MaintenanceRecord)).scalar_one()

    before = records()
    for empty in ("", "  "):
        with pytest.raises(ServiceError) as refused:
            record_maintenance(demo_engine, LEAD, NOW, "AT-00046", "timegrapher_calibration", empty, {"rate_reference": "0.2 s/d"})
        assert refused.value.field == "result" and "choose one of" in str(refused.value)
    checked = check_maintenance(demo_engine, LEAD, NOW, "AT-00046", "timegrapher_calibration", "fail", {"rate_reference": "3 s/d"})
    assert checked.result == "fail" and checked.takes_out_of_service
    assert records() == before


# Item 7 ---------------------------------------------------------------------------------------

def orders_in_progress_without_a_sheet(engine) -> list[str]:  # type: ignore[no-untyped-def]
    from atelier_tui.store.models import InterventionSheet

    with read_session(engine) as session:
        return list(session.execute(
            select(RepairOrder.reference).where(RepairOrder.status == "in_progress",
                                                ~select(InterventionSheet.id).where(InterventionSheet.order_id == RepairOrder.id).exists())
        ).scalars())


def orders_in_progress(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """reference -> the code of its bench"""
    from atelier_tui.store.models import Bench

    with read_session(engine) as session:
        return dict(session.execute(select(RepairOrder.reference, Bench.code).join(Bench, Bench.id == RepairOrder.bench_id)
                                    .where(RepairOrder.status == "in_progress")).all())


def test_every_order_in_progress_in_the_demo_has_its_sheet_with_its_steps(demo_engine) -> None:  # type: ignore[no-untyped-def]
    in_progress = orders_in_progress(demo_engine)
    assert len(in_progress) >= 3
    assert orders_in_progress_without_a_sheet(demo_engine) == []
    for reference, bench in in_progress.items():
        sheet = sheet_of(demo_engine, reference)
        assert sheet is not None and sheet.is_open and sheet.steps and not any(step.done_at for step in sheet.steps)
        assert sheet.bench == bench


def test_the_upgrade_opens_the_sheet_of_an_order_in_progress_that_had_none(demo_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from atelier_tui.store import migrate
    from atelier_tui.store.engine import make_engine
    from atelier_tui.store.schema import schema_state

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with engine.begin() as connection:  # as older demos and databases were: in progress, no sheet
            connection.execute(text("DELETE FROM sheet_entry"))
            connection.execute(text("DELETE FROM sheet_tool_use"))
            connection.execute(text("DELETE FROM sheet_lot_use"))
            connection.execute(text("DELETE FROM intervention_sheet"))
        # Down through the real migrations (not a rewritten version number), so that every later
        # revision finds the schema it upgrades from.
        migrate.downgrade(engine, "0009_plan_blocking")
        in_progress = orders_in_progress(engine)
        assert sorted(orders_in_progress_without_a_sheet(engine)) == sorted(in_progress)
        migrate.upgrade(engine)
        assert schema_state(engine).up_to_date
        assert orders_in_progress_without_a_sheet(engine) == []
        for reference, bench in in_progress.items():
            sheet = sheet_of(engine, reference)
            assert sheet is not None and sheet.is_open and sheet.bench == bench and len(sheet.steps) > 3
    finally:
        engine.dispose()


# Item 4 ---------------------------------------------------------------------------------------

def fail_calibration(engine, tag: str = "AT-00046") -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.maintenance.records import record_maintenance

    done = record_maintenance(engine, LEAD, NOW, tag, "timegrapher_calibration", "fail", {"rate_reference": "3 s/d"})
    assert done.out_of_service


def test_an_instrument_that_failed_its_calibration_returns_only_by_a_passing_record_or_a_leads_override(demo_engine) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.maintenance.records import record_maintenance
    from atelier_tui.services.tools.actions import return_to_service
    from atelier_tui.store.models import AuditEvent

    fail_calibration(demo_engine)
    with pytest.raises(ServiceError) as plain:
        return_to_service(demo_engine, LEAD, NOW, "AT-00046")
    assert plain.value.field == "override" and "failed its Annual calibration" in str(plain.value)
    with pytest.raises(ServiceError) as silent:
        return_to_service(demo_engine, LEAD, NOW, "AT-00046", "  ", override=True)
    assert silent.value.field == "reason"
    with read_session(demo_engine) as session:
        assert session.execute(select(Tool.status).where(Tool.asset_tag == "AT-00046")).scalar_one() == "out_of_service"
    back = return_to_service(demo_engine, LEAD, NOW, "AT-00046", "Checked against the reference quartz: 0.1 s/d", override=True)
    assert back.status in ("in_service", "checked_out")
    # the tool keeps what the lead typed; who overrode which failure is said in the reader's language
    assert back.status_reason == "Checked against the reference quartz: 0.1 s/d"
    from atelier_tui.i18n import set_language
    from atelier_tui.services.tools.queries import tool_detail
    failed_on = NOW.astimezone().date().isoformat()
    assert tool_detail(demo_engine, "AT-00046", NOW.date()).row.status_reason == (
        f"in service by cmartin's override, Annual calibration failed on {failed_on}: Checked against the reference quartz: 0.1 s/d")
    set_language("fr")
    try:
        french = tool_detail(demo_engine, "AT-00046", NOW.date()).row.status_reason
    finally:
        set_language("en")
    assert french == (f"en service par dérogation de cmartin, Étalonnage annuel échoué le {failed_on}\u202f: "
                      "Checked against the reference quartz: 0.1 s/d")
    with read_session(demo_engine) as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "return_to_service_override")).scalar_one()
        assert event.entity_key == "AT-00046" and "reference quartz" in event.reason
    # A passing record of the plan clears it: the next failure-free return is a plain one.
    fail_calibration(demo_engine)
    record_maintenance(demo_engine, LEAD, NOW + timedelta(hours=1), "AT-00046", "timegrapher_calibration", "adjusted",
                       {"rate_reference": "3 s/d", "beat_error_reference": "0.02 ms"}, {"rate_reference": "0.1 s/d"})
    assert return_to_service(demo_engine, LEAD, NOW + timedelta(hours=2), "AT-00046").status_reason == ""


# Item 6 ---------------------------------------------------------------------------------------

def test_an_empty_login_never_frees_a_bench_and_only_people_who_work_at_a_bench_are_offered(demo_engine) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.benches.changes import assign_technician, clear_technician
    from atelier_tui.services.benches.queries import bench_detail, bench_staff

    before = bench_detail(demo_engine, "ME-01", NOW.date()).technician
    assert before is not None
    for empty in (None, "", "   "):
        with pytest.raises(ServiceError) as refused:
            assign_technician(demo_engine, LEAD, NOW, "ME-01", empty)
        assert refused.value.field == "login" and "its own action" in str(refused.value)
    assert bench_detail(demo_engine, "ME-01", NOW.date()).technician == before
    offered = bench_staff(demo_engine)
    assert offered and {row.role for row in offered} <= {"technician", "lead"}
    roles = [row.role for row in offered]
    assert roles == sorted(roles, key=("technician", "lead").index)  # technicians first
    clear_technician(demo_engine, LEAD, NOW, "ME-01")
    assert bench_detail(demo_engine, "ME-01", NOW.date()).technician is None


def test_an_instrument_back_in_service_by_override_is_a_warning_in_readiness_and_on_its_detail(started) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Item 4: OR-A, in progress on QZ-A, also asks for a regulation, read on TG-01, the bench's timegrapher."""
    from sqlalchemy import update

    from atelier_tui.services.maintenance.records import record_maintenance
    from atelier_tui.services.readiness.check import check_order
    from atelier_tui.services.tools.actions import return_to_service
    from atelier_tui.services.tools.queries import tool_detail
    from atelier_tui.store.models import Bench

    asks_regulation(started)
    timegrapher(started)
    with write_session(started) as session:
        bench = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        session.execute(update(Tool).where(Tool.asset_tag == "TG-01").values(bench_id=bench, home_bench_id=bench))

    def override_findings(at=NOW):  # type: ignore[no-untyped-def]
        verdict = check_order(started, "OR-A", None, at, at.date())
        assert "TG-01" in [tag for allocation in verdict.allocations for tag in allocation.tools]
        return [f for f in verdict.findings if f.code == "returned_by_override"]

    assert override_findings() == [] and tool_detail(started, "TG-01", NOW.date()).override is None
    assert record_maintenance(started, LEAD, NOW, "TG-01", "timegrapher_calibration", "fail", {"rate_reference": "3 s/d"}).out_of_service
    return_to_service(started, LEAD, NOW, "TG-01", "Checked against the reference quartz", override=True)
    [finding] = override_findings()
    assert not finding.blocking and finding.subject == "TG-01" and finding.requirement == "capability:rate_measuring"
    assert finding_message(finding) == ("TG-01 (Timegrapher (rate tester)): back in service by cmartin's override although its Annual "
                               f"calibration failed on {NOW.astimezone().date().isoformat()} (Checked against the reference quartz)")
    override = tool_detail(started, "TG-01", NOW.date()).override
    assert (override.by, override.plan_name_en, override.reason) == ("cmartin", "Annual calibration", "Checked against the reference quartz")
    # A passing record of that plan (found out, left in tolerance) ends the override, and the warning with it.
    record_maintenance(started, LEAD, NOW + timedelta(hours=1), "TG-01", "timegrapher_calibration", "adjusted",
                       {"rate_reference": "3 s/d", "beat_error_reference": "0.02 ms"}, {"rate_reference": "0.1 s/d"})
    assert return_to_service(started, LEAD, NOW + timedelta(hours=1), "TG-01").status_reason == ""
    assert override_findings(NOW + timedelta(hours=2)) == [] and tool_detail(started, "TG-01", NOW.date()).override is None
