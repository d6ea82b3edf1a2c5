"""Stock moves only through ledger events, never below zero, and the ledger sums to the stock."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.domain.units import UnitError
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.stock import ledger as stock
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, Lot, StockMovement
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

CLAIRE = Actor(login="cmartin", role="technician")
LUC = Actor(login="lead", role="lead")  # receives and adjusts stock


def _ledger_matches(engine) -> bool:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        for lot in session.exec(select(Lot)).all():
            total = session.exec(select(func.coalesce(func.sum(StockMovement.quantity_micro), 0)).where(StockMovement.lot_id == lot.id)).one()
            if total != lot.quantity_micro:
                return False
    return True


def test_receive_by_battery_alias_and_consume(small_workshop) -> None:  # type: ignore[no-untyped-def]
    lot = stock.receive_lot(small_workshop, LUC, FIXED_NOW, "371", "R-2026-11", "10 pcs", "C1")
    assert lot.quantity_micro == 10_000_000
    assert lot.expires_on is not None and lot.expires_on > date(2030, 1, 1)  # from the catalog's shelf life
    stock.consume(small_workshop, CLAIRE, FIXED_NOW, "battery_sr920sw", "R-2026-11", "1 piece")
    with read_session(small_workshop) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == "R-2026-11")).one()
    assert lot.quantity_micro == 9_000_000 and lot.opened_on == FIXED_NOW.date()
    assert _ledger_matches(small_workshop)


def test_wrong_unit_is_refused_and_nothing_is_written(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnitError, match=r"quantity: '5 ml' is a volume; expected a count \(piece\)"):
        stock.receive_lot(small_workshop, LUC, FIXED_NOW, "battery_sr920sw", "X1", "5 ml", "C1")
    with read_session(small_workshop) as session:
        assert session.exec(select(func.count()).select_from(Lot)).one() == 0
        assert session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "lot")).one() == 0


def test_lubricant_in_millilitres_below_one_unit(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LUC, FIXED_NOW, "moebius_9010", "M-1", "2 ml", "C1")
    stock.consume(small_workshop, CLAIRE, FIXED_NOW, "moebius_9010", "M-1", "0,005 ml")
    with read_session(small_workshop) as session:
        assert session.exec(select(Lot.quantity_micro).where(Lot.lot_number == "M-1")).one() == 1_995_000


def test_cannot_consume_more_than_there_is(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LUC, FIXED_NOW, "battery_sr626sw", "L1", "1 piece", "C1")
    stock.consume(small_workshop, CLAIRE, FIXED_NOW, "battery_sr626sw", "L1", "1 piece")
    with pytest.raises(ServiceError, match="lot L1: cannot take 1 piece, only 0 piece free"):
        stock.consume(small_workshop, CLAIRE, FIXED_NOW, "battery_sr626sw", "L1", "1 piece")
    assert _ledger_matches(small_workshop)


def test_adjustment_needs_a_reason(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LUC, FIXED_NOW, "rodico", "RO-1", "5 piece", "C1")
    with pytest.raises(ServiceError, match="a reason is required"):
        stock.adjust(small_workshop, LUC, FIXED_NOW, "rodico", "RO-1", "-1 piece", "")
    stock.adjust(small_workshop, LUC, FIXED_NOW, "rodico", "RO-1", "-2 piece", "inventory count")
    stock.adjust(small_workshop, LUC, FIXED_NOW, "rodico", "RO-1", "+1 piece", "found in drawer")
    with read_session(small_workshop) as session:
        assert session.exec(select(Lot.quantity_micro).where(Lot.lot_number == "RO-1")).one() == 4_000_000
        reasons = session.exec(select(StockMovement.reason).where(StockMovement.kind == "adjustment").order_by(StockMovement.id)).all()
    assert reasons == ["inventory count", "found in drawer"]
    assert _ledger_matches(small_workshop)


def test_disposal_records_the_waste_stream(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LUC, FIXED_NOW, "elma_suprol_pro", "S-1", "1 l", "C1")
    with pytest.raises(ServiceError, match="waste stream: 'drain' is not one of"):
        stock.dispose(small_workshop, CLAIRE, FIXED_NOW, "elma_suprol_pro", "S-1", "1 l", "drain")
    stock.dispose(small_workshop, CLAIRE, FIXED_NOW, "elma_suprol_pro", "S-1", "1 l", "solvent_waste", "bath spent")
    with read_session(small_workshop) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == "S-1")).one()
        movement = session.exec(select(StockMovement).where(StockMovement.kind == "disposal")).one()
    assert lot.status == "disposed" and lot.quantity_micro == 0
    assert movement.waste_stream == "solvent_waste"


def test_unknown_supply_is_named(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="'nothing-like-this' is not in the catalog"):
        stock.receive_lot(small_workshop, LUC, FIXED_NOW, "nothing-like-this", "X", "1 piece", "C1")
