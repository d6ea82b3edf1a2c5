"""The order list by deadline, and an order's page: the watch, its calibre, its interventions and
what they require for this watch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from atelier_tui.services.context import ServiceError
from atelier_tui.services.orders.queries import list_orders, order_detail
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Calibre, InterventionType, OrderIntervention, RepairOrder, Site, Staff
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()


def add_order(engine, reference: str, interventions: list[str], calibre: str | None = None, deadline_in: int = 7,
              bench: str | None = None, technician: str | None = None, **watch: Any) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site_id = session.exec(select(Site.id)).one()
        calibre_id = session.exec(select(Calibre.id).where(Calibre.key == calibre)).one() if calibre else None
        order = RepairOrder(
            reference=reference, site_id=site_id, calibre_id=calibre_id, received_on=TODAY - timedelta(days=3),
            deadline=TODAY + timedelta(days=deadline_in),
            bench_id=session.exec(select(Bench.id).where(Bench.code == bench)).one() if bench else None,
            technician_id=session.exec(select(Staff.id).where(Staff.login == technician)).one() if technician else None,
            **watch,
        )
        session.add(order)
        session.flush()
        for position, key in enumerate(interventions):
            type_id = session.exec(select(InterventionType.id).where(InterventionType.key == key)).one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=type_id, position=position))


@pytest.fixture
def orders(small_workshop):  # type: ignore[no-untyped-def]
    add_order(small_workshop, "OR-0003", ["battery_change"], "eta_955_412", deadline_in=-2, brand="Longines",
              model="Conquest", movement_kind="quartz", status="in_progress", bench="B-QUARTZ", technician="cmartin",
              customer_ref="CLI-77016", water_resistance_text="30 m", water_resistance_bar=3.0,
              gasket_inner_diameter_mm=24.0, gasket_section_mm=0.6)
    add_order(small_workshop, "OR-0001", ["full_service_automatic", "gasket_replacement"], "eta_2824_2", deadline_in=10,
              brand="Tissot", model="Visodate", movement_kind="automatic", status="accepted", vintage=True, luminous="tritium")
    add_order(small_workshop, "OR-0002", ["strap_replacement"], deadline_in=10, brand="Swatch", model="Gent",
              movement_kind="quartz", status="done")
    return small_workshop


def test_orders_come_by_deadline_then_reference(orders) -> None:  # type: ignore[no-untyped-def]
    page = list_orders(orders, TODAY)
    assert [row.reference for row in page.rows] == ["OR-0003", "OR-0001", "OR-0002"]
    late = page.rows[0]
    assert (late.days_left, late.bench_code, late.technician, late.calibre_reference) == (-2, "B-QUARTZ", "Claire Martin", "ETA 955.412")
    assert (page.rows[2].calibre_reference, page.rows[2].bench_code) == (None, None)


def test_filters_and_n_of_m(orders) -> None:  # type: ignore[no-untyped-def]
    assert [r.reference for r in list_orders(orders, TODAY, open_only=True).rows] == ["OR-0003", "OR-0001"]
    assert [r.reference for r in list_orders(orders, TODAY, status="done").rows] == ["OR-0002"]
    assert [r.reference for r in list_orders(orders, TODAY, text="tissot").rows] == ["OR-0001"]
    assert [r.reference for r in list_orders(orders, TODAY, text="77016").rows] == ["OR-0003"]  # customer reference
    assert [r.reference for r in list_orders(orders, TODAY, text="2824").rows] == ["OR-0001"]  # calibre
    assert [r.reference for r in list_orders(orders, TODAY, technician="cmartin").rows] == ["OR-0003"]
    page = list_orders(orders, TODAY, limit=2, offset=2)
    assert ([r.reference for r in page.rows], page.total) == (["OR-0002"], 3)
    with pytest.raises(ServiceError, match="status: 'lost' is not one of"):
        list_orders(orders, TODAY, status="lost")


def test_a_battery_change_needs_the_calibres_cell_and_a_tester_that_reaches_the_watchs_pressure(orders) -> None:  # type: ignore[no-untyped-def]
    detail = order_detail(orders, "OR-0003", TODAY)
    assert (detail.water_resistance_text, detail.water_resistance_bar, detail.customer_ref) == ("30 m", 3.0, "CLI-77016")
    assert (detail.calibre.reference, detail.calibre.movement_kind, detail.calibre.battery_key) == (
        "ETA 955.412", "quartz", "battery_sr920sw")
    assert [(i.key, i.level, i.estimated_minutes, i.steps) for i in detail.interventions] == [("battery_change", 1, 20, 11)]
    needs = detail.requirements
    assert {"movement:quartz", "water_resistant", "electronics"} <= set(needs.facts)
    capabilities = {c.key: c for c in needs.capabilities}
    # The dry test, then the water test at the marked pressure, then condensation (ISO 22810).
    assert {"air_leak_test", "water_pressure_test", "condensation_test"} <= set(capabilities)
    (pressure,) = capabilities["water_pressure_test"].bounds
    assert (pressure.attribute, pressure.unit, pressure.minimum, pressure.maximum) == ("max_pressure", "bar", 3.0, None)
    assert capabilities["water_pressure_test"].name_fr == "Contrôle d'étanchéité sous pression d'eau"
    (blade,) = capabilities["screwdriving"].bounds
    assert (blade.minimum, blade.maximum, blade.unit) == (0.5, 0.8, "mm")
    supplies = {(s.source, s.supply_key or s.category): s for s in needs.supplies}
    cell = supplies[("calibre.battery", "battery_sr920sw")]
    assert (cell.quantity, cell.unit, cell.category) == (1.0, "piece", "battery") and "SR920SW" in cell.name_en
    gasket = supplies[("category", "gasket")]
    assert (gasket.supply_key, gasket.match) == (None, {"inner_diameter": 24.0, "section": 0.6})
    assert ("supply", "gasket_grease_silicone") in supplies
    assert [c.key for c in needs.checklists] == ["bench_opening", "order_preparation", "quartz_esd", "water_resistance_testing"]  # not vintage
    assert (needs.level, needs.estimated_minutes, needs.bench_features) == (1, 20, ("esd",))


def test_a_watch_not_water_resistant_needs_no_pressure_test_nor_gasket(orders) -> None:  # type: ignore[no-untyped-def]
    add_order(orders, "OR-0004", ["battery_change"], "eta_955_412", movement_kind="quartz")
    needs = order_detail(orders, "OR-0004", TODAY).requirements
    assert not {"air_leak_test", "water_pressure_test", "condensation_test"} & {c.key for c in needs.capabilities}
    assert "gasket" not in {s.category for s in needs.supplies}
    assert "gasket_grease_silicone" not in {s.supply_key for s in needs.supplies}


def test_a_full_service_lists_the_calibres_lubricants_once_each(orders) -> None:  # type: ignore[no-untyped-def]
    detail = order_detail(orders, "OR-0001", TODAY)
    needs = detail.requirements
    keys = [s.supply_key for s in needs.supplies]
    assert {"moebius_9010", "moebius_hp1300", "mainspring_eta_2824_2", "lr_extra_fine"} <= set(keys)
    assert len(keys) == len(set(keys))
    fixodrop = next(s for s in needs.supplies if s.supply_key == "moebius_fixodrop")
    assert (fixodrop.quantity, fixodrop.unit) == (0.1, "ml")  # the larger of the two requirements, not their sum
    holder = next(c for c in needs.capabilities if c.key == "movement_holding")
    assert {(b.attribute, b.minimum, b.maximum) for b in holder.bounds} == {("max_diameter", 25.6, None), ("min_diameter", None, 25.6)}
    assert sum(1 for c in needs.capabilities if c.key == "screwdriving") == 3  # three blade widths
    grease = next(s for s in needs.supplies if s.supply_key == "gasket_grease_silicone")
    assert grease.interventions == ("gasket_replacement",)  # the full service only wants it on a water-resistant case
    # The interventions bring the "pressure_test" fact, but no test is done on a case not
    # marked water resistant, so its checklist does not apply (catalogs/checklists.toml).
    # A tritium dial is radioactive whatever the watch's age: the handling procedure applies too.
    assert [c.key for c in needs.checklists] == ["bench_opening", "order_preparation", "solvents_cleaning", "vintage_luminous",
                                              "radioactive_luminous"]
    assert {c.key: c.scope for c in needs.checklists}["vintage_luminous"] == "order"
    assert needs.level == 3 and needs.estimated_minutes == 300 + 30
    assert detail.vintage and detail.luminous == "tritium" and "luminous:tritium" in needs.facts


def test_a_bound_the_watch_does_not_give_stays_open_and_says_why(orders) -> None:  # type: ignore[no-untyped-def]
    add_order(orders, "OR-0005", ["full_service_automatic"], movement_kind="automatic")  # calibre unknown
    needs = order_detail(orders, "OR-0005", TODAY).requirements
    holder = next(c for c in needs.capabilities if c.key == "movement_holding")
    assert {b.unresolved for b in holder.bounds} == {("calibre.diameter",)}
    lubricants = [s for s in needs.supplies if s.source == "calibre.lubricants"]
    assert [(s.supply_key, s.name_en) for s in lubricants] == [(None, "")]


def test_an_unknown_reference_is_none(orders) -> None:  # type: ignore[no-untyped-def]
    assert order_detail(orders, "OR-9999", TODAY) is None
