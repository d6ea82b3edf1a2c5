"""A part replaced only if the old one is worn (`need = "if_needed"`, issue 16): reserved when
in stock, a warning that it may be needed when short, and needed always as soon as one
intervention of the order always replaces it."""

from __future__ import annotations

from dataclasses import replace

from atelier_tui.domain.inventory import Inventory
from atelier_tui.domain.requirements import InterventionSpec, derive_requirements
from atelier_tui.domain.supply_allocation import match_supply
from atelier_tui.wording import finding_message
from tests.support.readiness_world import BENCH, CALIBRE, CATALOG, ORDER, TODAY, lot

GASKET = {"category": "gasket", "match": {"inner_diameter": "watch.gasket_inner_diameter", "section": "watch.gasket_section"},
          "quantity": {"value": 1.0, "unit": "piece"}, "when": ["water_resistant"]}
BATTERY_CHANGE = InterventionSpec("battery_change", "Battery change", "Changement de pile",
                                  supply_requirements=({**GASKET, "need": "if_needed"},))
GASKET_REPLACEMENT = InterventionSpec("gasket_replacement", "Gasket replacement", "Changement de joints",
                                      supply_requirements=(GASKET,))
WATCH = replace(ORDER, gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)


def gasket_need(*interventions: InterventionSpec):  # type: ignore[no-untyped-def]
    [need] = [s for s in derive_requirements(WATCH, CALIBRE, list(interventions), CATALOG).supplies if s.category == "gasket"]
    return need


def test_a_gasket_replaced_only_if_worn_does_not_block_when_none_is_in_stock() -> None:
    need = gasket_need(BATTERY_CHANGE)
    assert need.if_needed
    [finding], allocation = match_supply(need, BENCH, Inventory(), CATALOG.supplies, TODAY, {})
    assert finding.code == "insufficient_stock" and not finding.blocking
    assert finding_message(finding).startswith("May be needed, if the old part is found worn at opening")
    assert allocation.lots == ()


def test_a_gasket_replaced_only_if_worn_is_reserved_when_in_stock() -> None:
    gaskets = lot("G-280", "gasket_280x060", 4)
    found, allocation = match_supply(gasket_need(BATTERY_CHANGE), BENCH, Inventory(lots=(gaskets,)), CATALOG.supplies, TODAY, {})
    assert not [f for f in found if f.blocking]
    assert [pick.lot_number for pick in allocation.lots] == ["G-280"]


def test_an_intervention_that_always_replaces_the_part_makes_it_needed_always() -> None:
    need = gasket_need(BATTERY_CHANGE, GASKET_REPLACEMENT)
    assert not need.if_needed
    [finding], _ = match_supply(need, BENCH, Inventory(), CATALOG.supplies, TODAY, {})
    assert finding.blocking
