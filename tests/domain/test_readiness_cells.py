"""The cell of a battery change, as a watchmaker chooses it (issue 16, items 5, 6 and 12): the
calibre's own cell, never a twin or a taller cell picked silently; a cell the catalog does not
know blocks; a primary cell never goes into a kinetic or solar watch, nor a rechargeable one
into a watch that takes a primary cell."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from atelier_tui.domain.cells import cell_differences
from atelier_tui.domain.requirements import InterventionSpec, watch_facts
from atelier_tui.wording import finding_message, remedy_text
from tests.support.cell_world import (
    CELL_CATALOG,
    ETA_955_112,
    NO_CELL_NAMED,
    SEIKO_5M85,
    CellWorld,
    cell_finding,
    picks,
)
from tests.support.readiness_world import ORDER, TODAY, codes, lot


def test_the_calibres_own_cell_is_taken_and_nothing_is_said() -> None:
    verdict = CellWorld().on(ETA_955_112).verdict()
    assert verdict.ready and verdict.findings == ()
    assert picks(verdict)["supply:battery_sr920sw"] == ["B-371"]


def test_a_cell_typed_on_the_order_that_the_catalog_does_not_know_blocks() -> None:
    for typed in ("MT621", "321", "AG4"):
        verdict = CellWorld().on(ETA_955_112, battery=typed).verdict()
        finding = cell_finding(verdict)[0]
        assert (finding.code, finding.blocking) == ("missing", True), typed
        assert typed in finding_message(finding) and not verdict.ready


# --- item 12: no silent substitution --------------------------------------------------------------

def test_an_expired_own_cell_names_the_taller_alternative_in_stock_and_reserves_nothing() -> None:
    world = CellWorld().on(ETA_955_112)
    world.lots[0] = lot("B-371", "battery_sr920sw", 20, expires_on=TODAY - timedelta(days=3))
    world.lots.append(lot("B-395", "battery_sr927sw", 20, bench="QZ-01", expires_on=TODAY + timedelta(days=900)))
    verdict = world.verdict()
    assert not verdict.ready
    assert {f.code for f in cell_finding(verdict) if f.blocking} == {"expired", "alternative_to_confirm"}
    confirm = next(f for f in verdict.findings if f.code == "alternative_to_confirm")
    assert "SR927SW" in finding_message(confirm) and "0.65 mm taller" in finding_message(confirm)
    assert confirm.remedy is not None and confirm.remedy.action == "record" and confirm.remedy.supply == "battery_sr927sw"
    assert picks(verdict)["supply:battery_sr920sw"] == []  # prepare has nothing to reserve


def test_a_taller_cell_on_the_bench_is_not_taken_before_the_calibres_cell_in_the_store() -> None:
    world = CellWorld().on(ETA_955_112)
    world.lots.append(lot("B-395", "battery_sr927sw", 20, bench="QZ-01"))
    verdict = world.verdict()
    assert verdict.ready and picks(verdict)["supply:battery_sr920sw"] == ["B-371"]


def test_the_alternative_recorded_on_the_order_is_the_confirmation() -> None:
    world = CellWorld().on(ETA_955_112, battery="395")
    world.lots[0] = lot("B-371", "battery_sr920sw", 20, expires_on=TODAY - timedelta(days=3))
    world.lots.append(lot("B-395", "battery_sr927sw", 20))
    verdict = world.verdict()
    assert verdict.ready and codes(verdict) == []
    assert picks(verdict)["supply:battery_sr927sw"] == ["B-395"]


def test_a_cell_typed_that_the_calibre_does_not_name_is_used_with_a_warning_that_names_both() -> None:
    world = CellWorld().on(ETA_955_112, battery="370")
    world.lots.append(lot("B-370", "battery_sr920w", 5))
    verdict = world.verdict()
    assert verdict.ready
    finding = next(f for f in verdict.findings if f.code == "alternative_to_confirm")
    assert not finding.blocking and "SR920W" in finding_message(finding) and "SR920SW" in finding_message(finding)
    assert "high drain" in finding_message(finding)


def test_no_alternative_in_stock_leaves_only_the_shortage() -> None:
    world = CellWorld().on(ETA_955_112)
    world.lots[0] = lot("B-371", "battery_sr920sw", 20, expires_on=TODAY - timedelta(days=3))
    assert codes(world.verdict(), blocking=True) == ["expired"]


# --- item 6: rechargeable watches -------------------------------------------------------------------

def test_kinetic_and_solar_are_quartz_movements_with_a_rechargeable_cell() -> None:
    for kind in ("kinetic", "solar"):
        facts = watch_facts(ORDER.__class__(**{**ORDER.__dict__, "movement_kind": kind}))
        assert {"movement:quartz", f"movement:{kind}", "rechargeable_cell"} <= facts
    assert "rechargeable_cell" not in watch_facts(ORDER)


def test_a_kinetic_battery_change_takes_the_calibres_rechargeable_cell() -> None:
    world = CellWorld().on(SEIKO_5M85)
    world.lots.append(lot("MT-1", "battery_mt920", 2))
    verdict = world.verdict()
    assert verdict.ready, [finding_message(f) for f in verdict.findings]
    assert picks(verdict)["supply:battery_mt920"] == ["MT-1"]
    world.lots = [x for x in world.lots if x.lot_number != "MT-1"]
    assert "insufficient_stock" in codes(world.verdict(), blocking=True)  # the store's 371s do not serve


def test_a_primary_cell_typed_on_a_kinetic_watch_blocks_and_says_why() -> None:
    for typed in ("371", "SR920SW", "CR1616"):
        verdict = CellWorld().on(SEIKO_5M85, battery=typed).verdict()
        finding = cell_finding(verdict)[0]
        assert (finding.code, finding.blocking) == ("wrong_part", True), typed
        assert "burst" in finding_message(finding) and "rechargeable" in finding_message(finding)
        assert finding.remedy is not None and finding.remedy.supply == "battery_mt920" and "MT920" in remedy_text(finding.remedy)
        assert not verdict.ready and picks(verdict)[finding.requirement] == []


def test_a_solar_watch_of_unknown_calibre_refuses_a_primary_cell_too() -> None:
    verdict = CellWorld().on(None, movement_kind="solar", battery="CR1616").verdict()
    assert [(f.code, f.blocking) for f in cell_finding(verdict)] == [("wrong_part", True)]
    world = CellWorld().on(None, movement_kind="solar", battery="CTL1616")
    world.lots.append(lot("CTL-1", "battery_ctl1616", 1))
    assert world.verdict().ready


def test_a_rechargeable_cell_typed_on_a_watch_that_takes_a_primary_cell_blocks() -> None:
    finding = cell_finding(CellWorld().on(ETA_955_112, battery="MT920").verdict())[0]
    assert (finding.code, finding.blocking) == ("wrong_part", True)
    assert finding.remedy is not None and finding.remedy.supply == "battery_sr920sw"


def test_a_known_calibre_whose_cell_the_catalog_does_not_give_says_so() -> None:
    verdict = CellWorld().on(NO_CELL_NAMED).verdict()
    finding = cell_finding(verdict)[0]
    assert (finding.code, finding.blocking) == ("missing", False)
    assert "ISA 1198" in finding_message(finding) and "identified" not in finding_message(finding)
    assert finding_message(CellWorld().on(None, movement_kind="quartz").verdict().findings[0]).endswith("calibre is identified")


def test_a_known_calibre_with_no_lubricants_in_the_catalog_is_not_called_unidentified() -> None:
    service = InterventionSpec("quartz_movement_service", "Quartz service", "Révision quartz",
                               supply_requirements=({"from": "calibre.lubricants", "quantity": {"value": 0.002, "unit": "ml"}},))
    world = CellWorld().on(NO_CELL_NAMED)
    world.interventions = [service]
    finding = cell_finding(world.verdict())[0]
    assert (finding.code, finding.blocking) == ("missing", False)
    assert "ISA 1198" in finding_message(finding) and "lubricants" in finding_message(finding) and "identified" not in finding_message(finding)


def test_cell_differences_are_measured_from_the_catalog() -> None:
    sr920sw, sr927sw, sr920w = (CELL_CATALOG.supplies[k] for k in ("battery_sr920sw", "battery_sr927sw", "battery_sr920w"))
    assert cell_differences(sr920sw, sr927sw) == (("taller", 0.65),)
    assert cell_differences(sr927sw, sr920sw) == (("shorter", 0.65),)
    assert cell_differences(sr920sw, sr920w) == (("drain", "high"),)


# --- properties -----------------------------------------------------------------------------------

CELL_KEYS = ["battery_sr920sw", "battery_sr927sw", "battery_sr920w", "battery_mt920", "battery_cr1616"]


@st.composite
def cell_worlds(draw: st.DrawFn) -> CellWorld:
    world = CellWorld().on(draw(st.sampled_from([ETA_955_112, SEIKO_5M85])),
                           battery=draw(st.sampled_from(["", "", "371", "395", "370", "MT920", "CR1616"])))
    world.lots = world.lots[1:] + [
        lot(f"L-{i}", draw(st.sampled_from(CELL_KEYS)), draw(st.sampled_from([1, 3])), bench=draw(st.sampled_from(["QZ-01", None])),
            expires_on=TODAY + timedelta(days=draw(st.sampled_from([-5, 10, 400]))))
        for i in range(draw(st.integers(0, 5)))
    ]
    return world


@settings(max_examples=200, deadline=None)
@given(cell_worlds())
def test_no_cell_but_the_one_chosen_is_ever_allocated(world: CellWorld) -> None:
    """Without a typed cell, only the calibre's own; never a primary cell in a kinetic watch, nor a
    rechargeable one in a quartz watch; and stock of other cells never changes the verdict's `ready`
    into a pick of them."""
    verdict = world.verdict()
    assert world.calibre is not None
    kinetic = world.calibre.movement_kind == "kinetic"
    for requirement, numbers in picks(verdict).items():
        for lot_view in (x for x in world.lots if x.lot_number in numbers):
            info = CELL_CATALOG.supplies[lot_view.supply_key]
            if info.category != "battery":
                continue
            assert info.rechargeable == kinetic, (requirement, lot_view)
            if not world.order.battery:
                assert lot_view.supply_key == world.calibre.battery_key
    assert verdict.ready == (not any(f.blocking for f in verdict.findings))
