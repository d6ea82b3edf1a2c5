"""Which parts a job exists to replace, and which of them a sheet still owes (issue 16 item 18)."""

from __future__ import annotations

from atelier_tui.domain.needs import SupplyNeed
from atelier_tui.domain.replaced_parts import parts_due, unaccounted


def need(source: str, category: str = "", key: str | None = None) -> SupplyNeed:
    return SupplyNeed(source, key, key or "", key or "", category, {}, 1.0, "piece", ("job",))


def test_the_cell_movement_crystal_crown_and_stem_are_due_but_not_consumables_nor_parts_fitted_if_worn() -> None:
    needs = [need("calibre.battery", key="battery_sr626sw"), need("calibre.movement", "movement"), need("category", "crystal"),
             need("supply", "crown", "crown_a"), need("calibre.stem", key="stem_2035"), need("category", "gasket"),
             need("calibre.mainspring", "mainspring"), need("calibre.lubricants", "lubricant"), need("supply", "consumable", "finger_cots")]
    assert [part.part for part in parts_due(needs)] == ["battery", "movement", "crystal", "crown", "stem"]
    assert parts_due([need("calibre.battery"), need("order.battery", key="battery_sr626sw")])[0].supply_key is None  # once


def test_a_part_fitted_or_recorded_not_replaced_is_no_longer_owed() -> None:
    due = parts_due([need("calibre.battery", key="battery_sr626sw"), need("category", "crystal")])
    assert [part.part for part in unaccounted(due, fitted=(), not_replaced=())] == ["battery", "crystal"]
    assert [part.part for part in unaccounted(due, fitted=("battery", "gasket"), not_replaced=())] == ["crystal"]
    assert unaccounted(due, fitted=("battery",), not_replaced=("crystal",)) == []
