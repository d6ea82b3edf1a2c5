"""Rules of issue 16 a watchmaker would check first (items 7, 10, 14, 15): the radium procedure
follows the luminous material, a water-resistance mark is a mark (not any text), a vintage
case is never put under water pressure, a bench's fixtures stay on their bench, and a checklist
run counts for an order only if it answered what applies to that order."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from atelier_tui.domain.checklists import applicability, unanswered_for
from atelier_tui.domain.inventory import BenchView, ChecklistRunView
from atelier_tui.domain.requirements import (
    ChecklistInfo,
    InterventionSpec,
    derive_requirements,
    order_facts,
    watch_facts,
)
from atelier_tui.wording import finding_message
from tests.support.readiness_world import BENCH, CALIBRE, CATALOG, NOW, ORDER, TODAY, World, calibration, codes, tool

WR_ITEMS = (("reference_leak_check", ()), ("test_pressure_within_limits", ("water_resistant",)),
            ("crown_closed", ("water_resistant",)), ("vintage_air_only", ("water_resistant", "vintage")))
WR_CHECKLIST = ChecklistInfo("water_resistance_testing", "Water-resistance testing", "Contrôle d'étanchéité", "bench",
                             ("water_resistant",), WR_ITEMS)
RADIOACTIVE = ChecklistInfo("radioactive_luminous", "Radioactive luminous material", "Matières luminescentes radioactives",
                            "order", ("radioactive_luminous",), (("contamination_check", ("luminous:radium",)),))
TRADE_CATALOG = replace(CATALOG, checklists={**CATALOG.checklists, WR_CHECKLIST.key: WR_CHECKLIST, RADIOACTIVE.key: RADIOACTIVE})

WATER_TEST = InterventionSpec(
    "water_resistance_test", "Water-resistance test", "Contrôle d'étanchéité", level=1, estimated_minutes=20,
    checklists=("water_resistance_testing", "radioactive_luminous"), facts=("pressure_test",),
    tool_requirements=(
        {"capability": "air_leak_test", "when": ["water_resistant"]},
        {"capability": "water_pressure_test", "when": ["water_resistant"], "unless": ["vintage"],
         "attributes": {"max_pressure": {"min": {"ref": "watch.test_pressure"}}}},
        {"capability": "radiation_detection", "when": ["luminous:radium"]},
    ),
)


def requirements(**order: object):  # type: ignore[no-untyped-def]
    return derive_requirements(replace(ORDER, **order), CALIBRE, [WATER_TEST], TRADE_CATALOG)


# --- Item 7: the luminous material is the condition -------------------------------------------

def test_a_radium_dial_brings_the_radium_procedure_and_the_detector_though_the_watch_is_not_vintage() -> None:
    needs = requirements(vintage=False, luminous="radium")
    assert "radioactive_luminous" in [c.key for c in needs.checklists]
    assert "radiation_detection" in [c.key for c in needs.capabilities]


def test_tritium_brings_the_procedure_but_luminova_and_no_lume_do_not() -> None:
    assert "radioactive_luminous" in watch_facts(replace(ORDER, luminous="tritium"))
    for luminous in ("luminova", "none", "unknown"):
        assert "radioactive_luminous" not in [c.key for c in requirements(luminous=luminous).checklists], luminous


# --- Item 10: water resistance -------------------------------------------------------------------

def test_only_a_mark_makes_a_watch_water_resistant_not_any_text() -> None:
    for text in ("not water resistant", "Non étanche", "?", "see case back"):
        assert "water_resistant" not in watch_facts(replace(ORDER, water_resistance_bar=None, water_resistance_text=text)), text
    for text in ("Water Resistant", "WR", "étanche", "water  resist"):
        assert "water_resistant" in watch_facts(replace(ORDER, water_resistance_bar=None, water_resistance_text=text)), text


def test_a_text_that_is_no_mark_asks_for_no_tester_and_no_test_pressure() -> None:
    needs = requirements(water_resistance_bar=None, water_resistance_text="not water resistant")
    assert not [c for c in needs.capabilities if c.key in ("air_leak_test", "water_pressure_test")]


def test_a_marked_watch_needs_the_dry_test_and_the_water_test_at_its_pressure() -> None:
    needs = {c.key: c for c in requirements(water_resistance_bar=10.0).capabilities}
    assert {"air_leak_test", "water_pressure_test"} <= set(needs)
    assert needs["water_pressure_test"].bounds[0].minimum == 10.0


def test_a_vintage_watch_is_tested_in_air_only() -> None:
    needs = [c.key for c in requirements(vintage=True).capabilities]
    assert "air_leak_test" in needs and "water_pressure_test" not in needs


def test_a_wet_tester_alone_does_not_serve_a_job_that_needs_the_dry_test() -> None:
    world = World(order=replace(ORDER, water_resistance_bar=10.0), interventions=[WATER_TEST])
    world.tools = [tool("WT-1", "water_pressure_test", attributes={"max_pressure": 125.0},
                        plans=(calibration("ok", TODAY + timedelta(days=200)),))]
    world.runs = []
    verdict = world_verdict(world)
    assert any(f.requirement == "capability:air_leak_test" and f.blocking for f in verdict.findings)
    assert not any(f.requirement == "capability:water_pressure_test" and f.blocking for f in verdict.findings)


def world_verdict(world: World):  # type: ignore[no-untyped-def]
    from atelier_tui.domain.inventory import Inventory
    from atelier_tui.domain.readiness import Job, assess

    needs = derive_requirements(world.order, world.calibre, world.interventions, TRADE_CATALOG)
    inventory = Inventory(tuple(world.tools), tuple(world.lots), (world.bench, *world.other_benches), tuple(world.staff))
    return assess(Job(world.order, needs, TRADE_CATALOG.supplies), world.bench, inventory, world.runs, world.technician, NOW)


# --- Item 14: a bench's fixtures stay on it ---------------------------------------------------------

def test_a_fixture_of_another_bench_is_not_borrowed_the_order_moves_instead() -> None:
    world = World()
    world.tools = [tool("AT-1", "case_opening"), tool("AT-3", "water_resistance_test", attributes={"max_pressure": 10.0},
                                                      plans=(calibration("ok", TODAY + timedelta(days=200)),))]
    strap = replace(tool("QZ9-STRAP", "tweezers_non_conductive", bench="QZ-09"), fixture=True)
    world.tools.append(strap)
    world.other_benches = [BenchView("QZ-09", "Quartz 9", frozenset({"esd"}))]
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert finding.blocking and finding.remedy is not None
    assert finding.remedy.action == "move_order" and finding.remedy.benches == ("QZ-09",)
    assert not finding.remedy.tools


def test_a_hand_tool_of_another_bench_may_still_be_borrowed() -> None:
    world = World()
    world.tools = [tool("AT-1", "case_opening"), tool("AT-3", "water_resistance_test", attributes={"max_pressure": 10.0},
                                                      plans=(calibration("ok", TODAY + timedelta(days=200)),)),
                   tool("QZ9-TW", "tweezers_non_conductive", bench="QZ-09")]
    world.other_benches = [BenchView("QZ-09", "Quartz 9", frozenset({"esd"}))]
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert finding.remedy is not None and finding.remedy.action == "check_out" and finding.remedy.tools == ("QZ9-TW",)


def test_a_fixture_in_the_store_may_be_fitted_to_the_bench() -> None:
    world = World()
    world.tools = [tool("AT-1", "case_opening"), tool("AT-3", "water_resistance_test", attributes={"max_pressure": 10.0},
                                                      plans=(calibration("ok", TODAY + timedelta(days=200)),)),
                   replace(tool("ST-MAT", "tweezers_non_conductive", bench=None, location="C1"), fixture=True)]
    finding = next(f for f in world.verdict().findings if f.requirement == "capability:tweezers_non_conductive")
    assert finding.remedy is not None and finding.remedy.action == "check_out"


# --- Item 15: a run counts for an order only if it answered what applies to it ------------------------

def wr_world(run_facts: tuple[str, ...] | None, order: str | None = None) -> World:
    world = World(order=replace(ORDER, water_resistance_bar=10.0), interventions=[WATER_TEST])
    world.tools = [tool("DT-1", "air_leak_test"), tool("WT-1", "water_pressure_test", attributes={"max_pressure": 125.0})]
    world.runs = [ChecklistRunView("water_resistance_testing", BENCH, order, TODAY, NOW - timedelta(minutes=30), True, run_facts)]
    return world


def checklist_finding(world: World):  # type: ignore[no-untyped-def]
    return next((f for f in world_verdict(world).findings if f.requirement == "checklist:water_resistance_testing"), None)


def test_a_bench_run_without_the_order_does_not_count_for_a_water_resistant_watch() -> None:
    finding = checklist_finding(wr_world(("esd",)))
    assert finding is not None and finding.blocking and finding.code == "checklist_missing"
    assert "test_pressure_within_limits" in finding_message(finding) and "crown_closed" in finding_message(finding)
    assert finding.remedy is not None and finding.remedy.order == ORDER.reference


def test_a_run_that_answered_the_orders_items_counts() -> None:
    facts = tuple(sorted({"esd", *order_facts(replace(ORDER, water_resistance_bar=10.0), [WATER_TEST])}))
    assert checklist_finding(wr_world(facts, order=ORDER.reference)) is None


def test_a_run_for_a_modern_watch_does_not_count_for_a_vintage_one() -> None:
    modern = replace(ORDER, water_resistance_bar=10.0)
    facts = tuple(sorted({"esd", *order_facts(modern, [WATER_TEST])}))
    world = wr_world(facts)
    world.order = replace(modern, vintage=True)
    finding = checklist_finding(world)
    assert finding is not None and "vintage_air_only" in finding_message(finding)


def test_items_that_apply_to_the_order_but_not_to_the_run_are_named() -> None:
    needed = applicability((), WR_ITEMS, ("esd",), ("water_resistant",))
    assert unanswered_for(WR_ITEMS, ("esd",), needed) == ["test_pressure_within_limits", "crown_closed"]
    assert unanswered_for(WR_ITEMS, ("esd", "water_resistant"), needed) == []


def test_a_run_whose_facts_were_not_kept_is_taken_as_before() -> None:
    world = wr_world(None)
    assert checklist_finding(world) is None
    assert "checklist_missing" not in codes(world_verdict(world))
