"""The readiness verdict, finding by finding: each code has a case that produces it and a near
case that does not (domain.readiness on plain values, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from atelier_tui.domain.findings import CODES
from atelier_tui.domain.inventory import BenchView, ChecklistRunView, StaffView
from atelier_tui.i18n import set_language
from atelier_tui.wording import finding_message, remedy_text, verdict_document
from atelier_tui.wording.verdict import remedy_document
from tests.support.readiness_world import BENCH, NOW, TODAY, World, calibration, codes, lot, tool


def test_the_prepared_bench_is_ready_with_no_finding() -> None:
    verdict = World().verdict()
    assert verdict.ready, [finding_message(f) for f in verdict.findings]
    assert verdict.findings == ()
    assert {a.requirement: a.tools for a in verdict.allocations if a.tools}["capability:water_resistance_test"] == ("AT-3",)


def test_every_code_of_the_contract_is_known() -> None:
    assert set(CODES) == {
        "missing", "elsewhere", "out_of_service", "calibration_overdue", "maintenance_overdue", "maintenance_due_soon",
        "insufficient_stock", "expired", "wrong_part", "alternative_to_confirm", "capability_too_low", "checklist_missing",
        "checklist_failed", "not_qualified", "deadline_at_risk", "returned_by_override",
    }


# --- tools -----------------------------------------------------------------------------------

def test_missing_when_no_tool_of_the_capability_exists() -> None:
    world = World()
    world.tools = [t for t in world.tools if t.asset_tag != "AT-2"]
    verdict = world.verdict()
    finding = next(f for f in verdict.findings if f.requirement == "capability:tweezers_non_conductive")
    assert (finding.code, finding.blocking) == ("missing", True)
    assert finding.remedy is not None and finding.remedy.action == "acquire"
    assert not verdict.ready


def test_missing_bench_feature_names_a_bench_that_has_it() -> None:
    world = World()
    world.bench = replace(world.bench, features=frozenset())
    world.other_benches = [BenchView("QZ-02", "Quartz 2", frozenset({"esd"}))]
    finding = next(f for f in world.verdict().findings if f.requirement == "bench_feature:esd")
    assert finding.code == "missing" and finding.blocking
    assert finding.remedy is not None and finding.remedy.benches == ("QZ-02",)


def test_elsewhere_names_the_free_tool_in_the_store_and_where_it_is() -> None:
    world = World()
    world.tools = [t for t in world.tools if t.asset_tag != "AT-2"] + [
        tool("AT-9", "tweezers_non_conductive", bench=None, location="C2"),
        tool("AT-8", "tweezers_non_conductive", bench="ME-01"),
    ]
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert finding.code == "elsewhere" and finding.blocking
    assert finding.remedy is not None and finding.remedy.action == "check_out" and finding.remedy.tools == ("AT-9",)
    assert "C2" in remedy_text(finding.remedy)


def test_a_tool_on_another_bench_is_elsewhere_too() -> None:
    world = World()
    world.tools = [t for t in world.tools if t.asset_tag != "AT-2"] + [tool("AT-8", "tweezers_non_conductive", bench="ME-01")]
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert finding.code == "elsewhere" and "ME-01" in finding_message(finding)


def test_out_of_service_tool_on_the_bench_blocks_and_the_store_offers_another() -> None:
    world = World()
    world.tools[1] = tool("AT-2", "tweezers_non_conductive", status="out_of_service")
    world.tools.append(tool("AT-7", "tweezers_non_conductive", bench=None, location="C1"))
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert (finding.code, finding.subject) == ("out_of_service", "AT-2")
    assert finding.remedy is not None and finding.remedy.tools == ("AT-7",)


def test_a_second_tool_in_service_on_the_bench_is_enough() -> None:
    world = World()
    world.tools[1] = tool("AT-2", "tweezers_non_conductive", status="out_of_service")
    world.tools.append(tool("AT-7", "tweezers_non_conductive"))
    assert world.verdict().ready


def test_calibration_overdue_blocks() -> None:
    world = World()
    world.tools[2] = replace(world.tools[2], plans=(calibration("overdue", TODAY - timedelta(days=15)),))
    verdict = world.verdict()
    assert "calibration_overdue" in codes(verdict, blocking=True)
    assert not verdict.ready


def test_calibration_falling_due_before_the_job_ends_warns_due_soon() -> None:
    world = World()
    world.interventions = [replace(world.interventions[0], estimated_minutes=3 * 420)]  # three working days
    world.order = replace(world.order, deadline=TODAY + timedelta(days=10))
    world.tools[2] = replace(world.tools[2], plans=(calibration("due_soon", TODAY + timedelta(days=2)),))
    verdict = world.verdict()
    assert codes(verdict) == ["maintenance_due_soon"] and codes(verdict, blocking=True) == []
    assert (TODAY + timedelta(days=2)).isoformat() in finding_message(verdict.findings[0])
    assert verdict.ready


def test_a_tool_due_soon_warns_with_what_is_left_and_an_ok_one_says_nothing() -> None:
    world = World()
    world.tools[2] = replace(world.tools[2], plans=(calibration("due_soon", TODAY + timedelta(days=9)),))
    verdict = world.verdict()
    assert codes(verdict) == ["maintenance_due_soon"] and verdict.ready
    assert (TODAY + timedelta(days=9)).isoformat() in finding_message(verdict.findings[0])
    assert World().verdict().findings == ()


def test_a_calibration_on_its_due_date_blocks_without_grace() -> None:
    world = World()
    world.tools[2] = replace(world.tools[2], plans=(calibration("due", TODAY),))
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:water_resistance_test")
    assert (finding.code, finding.blocking) == ("calibration_overdue", True)


def test_a_calibration_past_its_date_blocks_unless_the_workshop_set_a_grace_and_then_says_so() -> None:
    world = World()
    world.tools[2] = replace(world.tools[2], plans=(calibration("due", TODAY - timedelta(days=3)),))
    assert "calibration_overdue" in codes(world.verdict(), blocking=True)
    world.tools[2] = replace(world.tools[2], plans=(calibration("due", TODAY - timedelta(days=3), grace_days=14),))
    verdict = world.verdict()
    assert codes(verdict) == ["calibration_overdue"] and verdict.ready
    assert "14" in finding_message(verdict.findings[0]) and "grace" in finding_message(verdict.findings[0])


def test_a_uses_plan_at_its_limit_blocks_and_one_use_before_it_warns() -> None:
    world = World()
    world.tools[0] = replace(world.tools[0], plans=(calibration("due", None, kind="maintenance", uses_left=0),))
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:case_opening")
    assert (finding.code, finding.blocking) == ("maintenance_overdue", True)
    world.tools[0] = replace(world.tools[0], plans=(calibration("ok", None, kind="maintenance", uses_left=1),))
    verdict = world.verdict()
    assert codes(verdict) == ["maintenance_due_soon"] and verdict.ready
    assert "1" in finding_message(verdict.findings[0])


def test_a_plan_whose_lateness_does_not_block_only_warns() -> None:
    world = World()
    world.tools[1] = replace(world.tools[1], plans=(calibration("overdue", TODAY - timedelta(days=40), kind="maintenance",
                                                                blocking=False),))
    verdict = world.verdict()
    assert codes(verdict) == ["maintenance_overdue"] and verdict.ready


def test_maintenance_overdue_blocks_but_due_within_grace_warns() -> None:
    world = World()
    world.tools[0] = replace(world.tools[0], plans=(calibration("overdue", None, kind="cleaning", uses_left=-3),))
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:case_opening")
    assert (finding.code, finding.blocking) == ("maintenance_overdue", True)
    assert "3" in finding_message(finding)
    world.tools[0] = replace(world.tools[0], plans=(calibration("due", TODAY - timedelta(days=1), kind="cleaning", grace_days=7),))
    assert codes(world.verdict()) == ["maintenance_overdue"] and world.verdict().ready


def test_a_plan_at_its_limit_with_no_spare_names_the_plans_own_work() -> None:
    world = World()
    world.tools[0] = replace(world.tools[0], plans=(calibration("due", None, kind="maintenance", uses_left=0),))
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:case_opening")
    assert finding.remedy is not None and finding.remedy.action == "maintain" and finding.remedy.tools == ("AT-1",)
    assert "Annual maintenance" in remedy_text(finding.remedy) and "repair" not in remedy_text(finding.remedy)


def test_capability_too_low_when_the_tester_cannot_reach_the_test_pressure() -> None:
    world = World().with_order(water_resistance_bar=20.0, water_resistance_text="20 bar")
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:water_resistance_test")
    assert (finding.code, finding.blocking, finding.subject) == ("capability_too_low", True, "AT-3")
    assert "20 bar" in finding_message(finding) and "10 bar" in finding_message(finding)
    assert World().with_order(water_resistance_bar=10.0, water_resistance_text="10 bar").verdict().ready


def test_a_watch_marked_only_water_resistant_is_tested_at_two_bar() -> None:
    world = World().with_order(water_resistance_bar=None, water_resistance_text="water resistant")
    world.tools[2] = replace(world.tools[2], attributes={"max_pressure": 2.0})
    assert world.verdict().ready
    world.tools[2] = replace(world.tools[2], attributes={"max_pressure": 1.5})
    assert "capability_too_low" in codes(world.verdict(), blocking=True)


def test_a_watch_not_water_resistant_needs_no_tester_and_no_gasket() -> None:
    world = World().with_order(water_resistance_bar=None, water_resistance_text="")
    world.tools = world.tools[:2]
    world.lots = world.lots[:1]
    assert world.verdict().ready


# --- supplies --------------------------------------------------------------------------------

def test_insufficient_stock_blocks_and_suggests_reordering() -> None:
    world = World()
    world.lots[0] = lot("B-371", "battery_sr920sw", 0.0)
    finding = next(f for f in world.verdict().findings if f.requirement == "supply:battery_sr920sw")
    assert (finding.code, finding.blocking) == ("insufficient_stock", True)
    assert finding.remedy is not None and (finding.remedy.action, finding.remedy.supply) == ("reorder", "battery_sr920sw")


def test_stock_reserved_for_another_job_does_not_count() -> None:
    world = World()
    world.lots[0] = lot("B-371", "battery_sr920sw", 1, reserved=1)
    assert "insufficient_stock" in codes(world.verdict(), blocking=True)
    world.lots[0] = lot("B-371", "battery_sr920sw", 2, reserved=1)
    assert world.verdict().ready


def test_falling_under_the_reorder_point_warns() -> None:
    world = World()
    world.reorder_points = {"battery_sr920sw": 20_000_000}
    verdict = world.verdict()
    assert verdict.ready and codes(verdict) == ["insufficient_stock"]
    assert "19" in finding_message(verdict.findings[0])


def test_expired_only_stock_blocks() -> None:
    world = World()
    world.lots[0] = lot("B-371", "battery_sr920sw", 5, expires_on=TODAY - timedelta(days=1))
    finding = next(f for f in world.verdict().findings if f.requirement == "supply:battery_sr920sw")
    assert (finding.code, finding.blocking, finding.subject) == ("expired", True, "B-371")


def test_a_lot_past_its_shelf_life_after_opening_blocks() -> None:
    world = World()
    world.lots[2] = lot("GR-1", "gasket_grease", 5, expires_on=TODAY + timedelta(days=400),
                        opened_on=TODAY - timedelta(days=200), shelf_life_after_opening_days=180)
    assert "expired" in codes(world.verdict(), blocking=True)
    world.lots[2] = replace(world.lots[2], opened_on=TODAY - timedelta(days=100))
    assert world.verdict().ready


def test_an_expired_lot_on_the_bench_warns_and_names_the_lot_to_use_earliest_expiry_first() -> None:
    world = World()
    world.lots += [
        lot("B-OLD", "battery_sr920sw", 3, bench=BENCH, expires_on=TODAY - timedelta(days=3)),
        lot("B-SOON", "battery_sr920sw", 3, location="C3-D2", expires_on=TODAY + timedelta(days=300)),
    ]
    verdict = world.verdict()
    assert verdict.ready
    finding = next(f for f in verdict.findings if f.subject == "B-OLD")
    assert (finding.code, finding.blocking) == ("expired", False)
    assert finding.remedy is not None and finding.remedy.lots[0].lot_number == "B-SOON"  # expires before B-371


def test_a_lot_expiring_within_a_month_warns() -> None:
    world = World()
    world.lots[0] = lot("B-371", "battery_sr920sw", 20, expires_on=TODAY + timedelta(days=10))
    verdict = world.verdict()
    assert verdict.ready and codes(verdict) == ["expired"]


def test_the_battery_alias_read_on_the_old_cell_is_served_by_its_iec_lot() -> None:
    world = World().with_order(battery="377")
    world.lots.append(lot("B-626", "battery_sr626sw", 4))
    verdict = world.verdict()
    assert verdict.ready
    picks = next(a for a in verdict.allocations if a.requirement == "supply:battery_sr626sw").lots
    assert [p.lot_number for p in picks] == ["B-626"]


def test_an_unknown_battery_alias_is_missing_from_the_catalog() -> None:
    verdict = World().with_order(battery="999").verdict()
    finding = next(f for f in verdict.findings if f.code != "deadline_at_risk")
    # docs/readiness.md: no catalog supply matches blocks; the old cell said which one it was
    assert finding.code == "missing" and finding.blocking is True and "999" in finding_message(finding)
    assert not verdict.ready


def test_gasket_of_the_case_size_is_matched_and_another_size_is_not() -> None:
    world = World().with_order(gasket_inner_diameter_mm=30.0)
    finding = next(f for f in world.verdict().findings if f.requirement.startswith("supply:gasket"))
    assert (finding.code, finding.blocking) == ("missing", True)
    assert "30 mm" in finding_message(finding)


def test_a_gasket_size_not_recorded_warns_to_measure_it() -> None:
    world = World().with_order(gasket_inner_diameter_mm=None)
    verdict = world.verdict()
    assert verdict.ready
    assert codes(verdict) == ["missing"] and "measure" in finding_message(verdict.findings[0])


# --- checklists, people, deadline --------------------------------------------------------------

def test_checklist_missing_when_not_run_today_on_this_bench() -> None:
    world = World()
    world.runs = [ChecklistRunView("bench_opening", BENCH, None, TODAY - timedelta(days=1), NOW - timedelta(days=1), True),
                  ChecklistRunView("bench_opening", "ME-01", None, TODAY, NOW, True)]
    finding = next(f for f in world.verdict().findings if f.requirement == "checklist:bench_opening")
    assert (finding.code, finding.blocking) == ("checklist_missing", True)
    assert finding.remedy is not None and (finding.remedy.action, finding.remedy.checklist) == ("run_checklist", "bench_opening")


def test_an_unsigned_run_does_not_count() -> None:
    world = World()
    world.runs = [ChecklistRunView("bench_opening", BENCH, None, TODAY, None, None)]
    assert codes(world.verdict()) == ["checklist_missing"]


def test_checklist_failed_until_a_later_run_passes() -> None:
    world = World()
    failed = ChecklistRunView("bench_opening", BENCH, None, TODAY, NOW - timedelta(hours=2), False)
    world.runs = [failed]
    assert codes(world.verdict()) == ["checklist_failed"]
    world.runs = [failed, ChecklistRunView("bench_opening", BENCH, None, TODAY, NOW - timedelta(hours=1), True)]
    assert world.verdict().ready
    world.runs = [ChecklistRunView("bench_opening", BENCH, None, TODAY, NOW - timedelta(hours=3), True), failed]
    assert codes(world.verdict()) == ["checklist_failed"]


def test_an_order_checklist_is_valid_for_that_order_only() -> None:
    world = World().with_order(vintage=True)
    assert codes(world.verdict()) == ["checklist_missing"]
    world.runs.append(ChecklistRunView("vintage_luminous", BENCH, "OR-OTHER", TODAY, NOW, True))
    assert codes(world.verdict()) == ["checklist_missing"]
    world.runs.append(ChecklistRunView("vintage_luminous", "ME-01", "OR-T-0001", TODAY - timedelta(days=2), NOW, True))
    assert world.verdict().ready


def test_not_qualified_when_the_level_is_too_low_and_a_qualified_person_is_named() -> None:
    world = World()
    world.interventions = [replace(world.interventions[0], level=3)]
    finding = next(f for f in world.verdict().findings if f.requirement == "technician")
    assert (finding.code, finding.blocking) == ("not_qualified", True)
    assert finding.remedy is not None and finding.remedy.staff == ("tmoreau",)
    world.technician = StaffView("tmoreau", "Thomas Moreau", 3)
    assert world.verdict().ready


def test_not_qualified_for_a_movement_kind_or_with_nobody_on_the_bench() -> None:
    world = World()
    world.technician = StaffView("cgirard", "Camille Girard", 2, frozenset({"manual", "automatic"}))
    assert codes(world.verdict()) == ["not_qualified"]
    world.technician = None
    assert codes(world.verdict()) == ["not_qualified"]


def test_a_closed_bench_blocks() -> None:
    world = World()
    world.bench = replace(world.bench, status="closed")
    assert codes(world.verdict()) == ["out_of_service"]


def test_deadline_at_risk_warns_when_the_work_cannot_end_in_time() -> None:
    world = World()
    world.interventions = [replace(world.interventions[0], estimated_minutes=4 * 420)]
    world.order = replace(world.order, deadline=TODAY + timedelta(days=2))
    verdict = world.verdict()
    assert codes(verdict) == ["deadline_at_risk"] and verdict.ready
    world.order = replace(world.order, deadline=TODAY + timedelta(days=3))
    assert world.verdict().findings == ()


def test_a_passed_deadline_warns() -> None:
    assert codes(World().with_order(deadline=TODAY - timedelta(days=1)).verdict()) == ["deadline_at_risk"]


def test_findings_read_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("fr")
    try:
        world = World()
        world.tools = [t for t in world.tools if t.asset_tag != "AT-2"] + [tool("AT-9", "tweezers_non_conductive", bench=None, location="C2")]
        finding = next(f for f in world.verdict().findings if f.code == "elsewhere")
        assert "ce poste" in finding_message(finding) and "Sortir" in remedy_text(finding.remedy)  # type: ignore[union-attr]
    finally:
        set_language("en")


def test_verdict_json_shape() -> None:
    world = World()
    world.runs = []
    data = verdict_document(world.verdict())
    assert data["order"] == "OR-T-0001" and data["bench"] == BENCH and data["ready"] is False
    assert data["findings"][0] == {
        "code": "checklist_missing", "blocking": True, "requirement": "checklist:bench_opening",
        "message": data["findings"][0]["message"], "remedy": data["findings"][0]["remedy"],
        "action": {"action": "run_checklist", "text": data["findings"][0]["remedy"], "checklist": "bench_opening",
                   "order": "OR-T-0001"},
    }


# Issue 17, items 4 and 5

def test_an_instrument_back_in_service_by_override_is_a_warning_naming_the_decision() -> None:
    from atelier_tui.domain.inventory import MetrologyOverride

    world = World()
    assert "returned_by_override" not in codes(world.verdict())
    tester = world.tools[2]
    world.tools[2] = replace(tester, override=MetrologyOverride("Annual calibration", "Étalonnage annuel", TODAY - timedelta(days=2),
                                                                "cmartin", "Checked against the reference"))
    verdict = world.verdict()
    assert verdict.ready and codes(verdict, blocking=False) == ["returned_by_override"]
    assert verdict.findings[0].subject == "AT-3" and finding_message(verdict.findings[0]) == (
        f"AT-3 (water resistance test): back in service by cmartin's override although its Annual calibration failed on "
        f"{(TODAY - timedelta(days=2)).isoformat()} (Checked against the reference)")


def test_a_tool_work_elsewhere_needs_is_offered_after_one_nothing_needs_and_says_what_it_blocks() -> None:
    world = World()
    world.tools[1] = tool("AT-2", "tweezers_non_conductive", bench="ME-01")
    world.tools[1:2] = [replace(world.tools[1], needed_by=("OR-9",)), tool("AT-4", "tweezers_non_conductive", bench="ME-02")]
    remedy = next(f.remedy for f in world.verdict().blocking if f.requirement == "capability:tweezers_non_conductive")
    assert (remedy.tools, remedy.blocks) == (("AT-4",), ())  # ME-01 comes first by name, but OR-9 there needs its pair
    world.tools = [t for t in world.tools if t.asset_tag != "AT-4"]
    remedy = next(f.remedy for f in world.verdict().blocking if f.requirement == "capability:tweezers_non_conductive")
    assert (remedy.action, remedy.tools, remedy.blocks) == ("check_out", ("AT-2",), ("OR-9",))
    assert remedy_text(remedy).endswith("OR-9 there need it and would be blocked") and remedy_document(remedy)["blocks"] == ["OR-9"]
