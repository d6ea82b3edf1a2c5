"""The stock screens: supplies with what is on hand, low and out; lots flagged by expiry; the ledger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.services.context import Actor
from atelier_tui.services.stock import ledger as stock
from atelier_tui.services.stock.queries import ledger, list_lots, list_supplies
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Lot, RepairOrder, Site, Staff, SupplyType
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()
LEAD = Actor(login="lead", role="lead")


def receive(engine, supply: str, lot: str, quantity: str, expires_on: date | None = None) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(engine, LEAD, FIXED_NOW, supply, lot, quantity, "C1", expires_on=expires_on)


def set_lot(engine, lot_number: str, **columns) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == lot_number)).one()
        for name, value in columns.items():
            setattr(lot, name, value)
        session.add(lot)


def supply(engine, key: str):  # type: ignore[no-untyped-def]
    return next(row for row in list_supplies(engine, TODAY, text=key).rows if row.key == key)


def test_stock_is_ok_low_or_out_against_the_reorder_point(small_workshop) -> None:  # type: ignore[no-untyped-def]
    receive(small_workshop, "battery_sr626sw", "A1", "25 piece")
    receive(small_workshop, "battery_sr920sw", "B1", "4 piece")
    receive(small_workshop, "battery_sr920sw", "B2", "2 piece")
    set_lot(small_workshop, "B2", reserved_micro=1_000_000)
    receive(small_workshop, "battery_sr920sw", "B3", "50 piece")
    stock.dispose(small_workshop, LEAD, FIXED_NOW, "battery_sr920sw", "B3", "50 piece", "battery_collection")
    sr626, sr920 = supply(small_workshop, "battery_sr626sw"), supply(small_workshop, "battery_sr920sw")
    assert (sr626.on_hand, sr626.reorder_point, sr626.state) == (25.0, 10.0, "ok")
    assert (sr920.on_hand, sr920.reserved, sr920.lots, sr920.state) == (6.0, 1.0, 2, "low")  # the disposed lot is gone
    assert supply(small_workshop, "battery_cr2032").state == "out"


def test_a_supply_the_workshop_keeps_no_minimum_of_and_has_none_of_is_not_stocked(small_workshop) -> None:  # type: ignore[no-untyped-def]
    unkept = [row for row in list_supplies(small_workshop, TODAY).rows if row.reorder_point == 0 and row.on_hand == 0]
    assert unkept, "the small workshop has catalog supplies it keeps no minimum of"
    assert {row.state for row in unkept} == {"not_stocked"}


def test_text_finds_supplies_by_alias_iec_code_and_french_name(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assert [row.key for row in list_supplies(small_workshop, TODAY, text="371").rows] == ["battery_sr920sw"]
    assert [row.key for row in list_supplies(small_workshop, TODAY, text="sr920sw").rows] == ["battery_sr920sw"]
    assert "gasket_grease_silicone" in {row.key for row in list_supplies(small_workshop, TODAY, text="graisse silicone").rows}
    assert "elma_suprol_pro" in {row.key for row in list_supplies(small_workshop, TODAY, text="RINCAGE").rows}
    assert list_supplies(small_workshop, TODAY, text="nothing like this").total == 0


def test_category_filter_pages_and_says_n_of_m(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with read_session(small_workshop) as session:
        batteries = session.exec(select(func.count()).select_from(SupplyType).where(SupplyType.category == "battery")).one()
    first = list_supplies(small_workshop, TODAY, category="battery", limit=5)
    rest = list_supplies(small_workshop, TODAY, category="battery", offset=5, limit=500)
    assert (len(first.rows), first.total) == (5, batteries)
    assert len(first.rows) + len(rest.rows) == batteries and {r.category for r in first.rows + rest.rows} == {"battery"}
    assert [row.key for row in first.rows] == sorted(row.key for row in first.rows)


def test_only_stocked(small_workshop) -> None:  # type: ignore[no-untyped-def]
    receive(small_workshop, "rodico", "R1", "3 piece")
    page = list_supplies(small_workshop, TODAY, only_stocked=True)
    assert ([row.key for row in page.rows], page.total) == (["rodico"], 1)


def test_expired_expiring_and_open_too_long_lots_are_flagged(small_workshop) -> None:  # type: ignore[no-untyped-def]
    receive(small_workshop, "moebius_9010", "OLD", "1 ml", expires_on=TODAY - timedelta(days=1))
    receive(small_workshop, "moebius_9010", "SOON", "1 ml", expires_on=TODAY + timedelta(days=20))
    receive(small_workshop, "moebius_9010", "OPEN", "2 ml", expires_on=TODAY + timedelta(days=400))
    set_lot(small_workshop, "OPEN", opened_on=TODAY - timedelta(days=800))  # two years after opening, at most
    receive(small_workshop, "moebius_9010", "FRESH", "2 ml", expires_on=TODAY + timedelta(days=900))
    receive(small_workshop, "moebius_9010", "TODAY", "2 ml", expires_on=TODAY)  # usable through its expiry date
    lots = list_lots(small_workshop, "moebius_9010", TODAY)
    assert [(lot.lot_number, lot.expiry) for lot in lots] == [
        ("OLD", "expired"), ("TODAY", "expiring"), ("SOON", "expiring"), ("OPEN", "open_too_long"), ("FRESH", "ok"),
    ]
    assert (lots[0].quantity, lots[0].stock_unit, lots[0].where, lots[0].status) == (1.0, "ml", "C1", "available")
    row = supply(small_workshop, "moebius_9010")
    assert (row.expired_lots, row.earliest_expiry, row.lots, row.on_hand) == (1, TODAY - timedelta(days=1), 5, 8.0)


def test_disposed_lots_are_hidden_unless_asked(small_workshop) -> None:  # type: ignore[no-untyped-def]
    receive(small_workshop, "rodico", "R1", "1 piece")
    stock.dispose(small_workshop, LEAD, FIXED_NOW, "rodico", "R1", "1 piece", "general")
    assert list_lots(small_workshop, "rodico", TODAY) == []
    assert [lot.status for lot in list_lots(small_workshop, "rodico", TODAY, include_disposed=True)] == ["disposed"]


def test_ledger_newest_first_with_signed_quantities(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:
        site_id = session.exec(select(Site.id)).one()
        session.add(RepairOrder(reference="OR-1", site_id=site_id, received_on=TODAY, deadline=TODAY))
        claire_id = session.exec(select(Staff.id).where(Staff.login == "cmartin")).one()
    claire = Actor(login="cmartin", role="technician", staff_id=claire_id)
    hours = [FIXED_NOW + timedelta(hours=n) for n in range(4)]
    stock.receive_lot(small_workshop, Actor(login="lead", role="lead"), hours[0], "elma_suprol_pro", "S-1", "1 l", "C1")
    stock.consume(small_workshop, claire, hours[1], "elma_suprol_pro", "S-1", "12 ml", order_reference="OR-1")
    stock.adjust(small_workshop, Actor(login="lead", role="lead"), hours[2], "elma_suprol_pro", "S-1", "-8 ml", "spilt")
    stock.dispose(small_workshop, claire, hours[3], "elma_suprol_pro", "S-1", "0.98 l", "solvent_waste")
    moves = ledger(small_workshop, "elma_suprol_pro")
    assert [(m.kind, m.quantity) for m in moves] == [
        ("disposal", -0.98), ("adjustment", -0.008), ("consumption", -0.012), ("receipt", 1.0),
    ]
    assert moves[0].waste_stream == "solvent_waste" and moves[1].reason == "spilt"
    assert (moves[2].order_reference, moves[2].actor, moves[2].stock_unit) == ("OR-1", "Claire Martin", "l")
    assert moves[3].at == hours[0]
    assert len(ledger(small_workshop, "elma_suprol_pro", limit=2)) == 2
    assert ledger(small_workshop, "elma_suprol_pro", lot_number="NOPE") == []
