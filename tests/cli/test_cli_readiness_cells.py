"""Repair situations of issue 16 (items 3, 5, 6, 12) through `atelier order check REF --json` and
`atelier order prepare` on a real workshop file: the cell or movement a watch takes, never a
substitute picked silently, never a primary cell in a kinetic or solar watch."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from atelier_tui.cli import cli
from atelier_tui.domain.units import to_micro
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    Calibre,
    InterventionType,
    Location,
    Lot,
    OrderIntervention,
    RepairOrder,
    Site,
    SupplyType,
)
from tests.support.readiness_db import prepare_workshop


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def workshop(catalogued_engine: Engine, catalogued_db: Path) -> tuple[Engine, Path, date]:
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=0, now=now)
    return catalogued_engine, catalogued_db, now.date()


def add_order(engine: Engine, reference: str, today: date, calibre: str | None = None, battery: str = "",
              movement_kind: str = "quartz", interventions: tuple[str, ...] = ("battery_change",)) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        calibre_row = session.execute(select(Calibre).where(Calibre.key == calibre)).scalar_one() if calibre else None
        order = RepairOrder(reference=reference, site_id=site_id, brand="Seiko", model="Test", battery=battery,
                            movement_kind=calibre_row.movement_kind if calibre_row else movement_kind,
                            calibre_id=calibre_row.id if calibre_row else None, received_on=today,
                            deadline=today + timedelta(days=7), status="accepted", bench_id=bench_id)
        session.add(order)
        session.flush()
        for position, key in enumerate(interventions):
            intervention = session.execute(select(InterventionType.id).where(InterventionType.key == key)).scalar_one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=intervention, position=position))


def add_lot(engine: Engine, supply: str, number: str, quantity: int, today: date, expires_in_days: int = 900) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        drawer = session.execute(select(Location.id).where(Location.code == "C3-D1")).scalar_one()
        supply_id = session.execute(select(SupplyType.id).where(SupplyType.key == supply)).scalar_one()
        session.add(Lot(supply_type_id=supply_id, site_id=site_id, lot_number=number, location_id=drawer,
                        quantity_micro=to_micro(quantity), received_on=today - timedelta(days=1000),
                        expires_on=today + timedelta(days=expires_in_days)))


def check(db: Path, reference: str) -> dict:  # type: ignore[type-arg]
    result = atelier(db, "order", "check", reference, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def cell_findings(verdict: dict) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in verdict["findings"] if f["requirement"].startswith("supply:") and "finger_cots" not in f["requirement"]]


def reserved(engine: Engine) -> dict[str, int]:
    with read_session(engine) as session:
        return {number: held for number, held in session.execute(select(Lot.lot_number, Lot.reserved_micro)) if held}


def test_an_expired_371_with_395s_in_stock_is_no_go_and_prepare_reserves_no_395(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, today = workshop
    add_order(engine, "OR-955", today, calibre="eta_955_112")
    add_lot(engine, "battery_sr920sw", "R-371-OLD", 5, today, expires_in_days=-10)
    add_lot(engine, "battery_sr927sw", "R-395", 5, today)
    verdict = check(db, "OR-955")
    assert not verdict["ready"]
    assert [(f["code"], f["blocking"]) for f in cell_findings(verdict)] == [("expired", True), ("alternative_to_confirm", True)]
    confirm = cell_findings(verdict)[1]
    assert "SR927SW" in confirm["message"] and "0.65 mm taller" in confirm["message"]
    assert confirm["action"] == {"action": "record", "text": confirm["remedy"], "supply": "battery_sr927sw"}
    prepared = atelier(db, "order", "prepare", "OR-955")
    assert "R-395" not in prepared.stdout and "R-395" not in reserved(engine)
    # Recording the 395 on the order is the confirmation: then it is the cell to fit.
    with write_session(engine) as session:
        session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-955")).scalar_one().battery = "395"
    after = cell_findings(check(db, "OR-955"))
    assert [f["code"] for f in after] == ["insufficient_stock"] and not after[0]["blocking"]  # under the reorder point


def test_a_kinetic_watch_takes_its_rechargeable_cell_and_refuses_a_primary_one(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, today = workshop
    add_lot(engine, "battery_mt920", "MT-01", 2, today)
    add_lot(engine, "battery_sr920sw", "R-371", 10, today)
    add_order(engine, "OR-KIN", today, calibre="seiko_5m85a")
    add_order(engine, "OR-KIN-371", today, calibre="seiko_5m85a", battery="371")
    good = check(db, "OR-KIN")
    assert not [f for f in cell_findings(good) if f["blocking"]], cell_findings(good)
    refused = check(db, "OR-KIN-371")
    [finding] = cell_findings(refused)
    assert (refused["ready"], finding["code"], finding["blocking"]) == (False, "wrong_part", True)
    assert finding["requirement"] == "supply:battery_sr920sw"
    assert "burst" in finding["message"] and "MT920" in finding["remedy"]
    started = atelier(db, "order", "start", "OR-KIN-371")
    assert started.exit_code == 1 and "wrong_part" in started.stderr  # a NO-GO: the workshop's "no", not bad input


def test_a_cell_the_catalog_does_not_know_blocks(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, today = workshop
    add_order(engine, "OR-AG4", today, calibre="miyota_2035", battery="AG4")
    [finding] = cell_findings(check(db, "OR-AG4"))
    assert (finding["code"], finding["blocking"]) == ("missing", True) and "AG4" in finding["message"]


def test_a_known_calibre_without_a_cell_in_the_catalog_says_so_and_not_unidentified(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, today = workshop
    add_order(engine, "OR-ISA", today, calibre="isa_1198")
    [finding] = cell_findings(check(db, "OR-ISA"))
    assert (finding["code"], finding["blocking"]) == ("missing", False)
    assert "ISA 1198" in finding["message"] and "identified" not in finding["message"]


def test_a_quartz_movement_replacement_needs_a_replacement_movement(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, today = workshop
    add_order(engine, "OR-MVT", today, calibre="eta_955_112", interventions=("quartz_movement_replacement",))
    add_lot(engine, "battery_sr920sw", "R-371", 10, today)
    movement = [f for f in check(db, "OR-MVT")["findings"] if f["requirement"] == "supply:movement_eta_f06_115"]
    assert [(f["code"], f["blocking"]) for f in movement] == [("insufficient_stock", True)]
    add_lot(engine, "movement_eta_f06_115", "MVT-F06-1", 1, today)
    assert not [f for f in check(db, "OR-MVT")["findings"] if f["requirement"] == "supply:movement_eta_f06_115"]
