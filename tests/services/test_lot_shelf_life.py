"""Issue 16, item 17: a lot received without an expiry date gets its supply's shelf life from the
day it was received, whichever way it enters the workshop (workstation receipt, workshop file,
spreadsheet): one rule, so a cell received in 2017 with no date is never taken as fresh."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from atelier_tui.domain.inventory import lot_expiry
from atelier_tui.services.context import Actor
from atelier_tui.services.stock.ledger import receive_lot
from atelier_tui.services.transfer.spreadsheet_import import import_lots_csv
from atelier_tui.services.transfer.workshop_file import import_workshop
from atelier_tui.store.models import Lot, SupplyType

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = Actor(login="admin", role="admin")
RECEIVED = date(2017, 5, 10)

PLACES = '''\
[[site]]
code = "PARIS"
name = "Paris"

[[location]]
code = "C3-D1"
site = "PARIS"
name = "Drawer of cells"
'''


def shelf_life_days(engine, supply: str) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(SupplyType.shelf_life_days).where(SupplyType.key == supply)).one()


def expiry(engine, lot_number: str) -> date | None:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(Lot.expires_on).where(Lot.lot_number == lot_number)).one()


def test_a_lot_without_expiry_expires_after_the_shelf_life_by_every_way_in(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    engine = catalogued_engine
    days = shelf_life_days(engine, "battery_sr626sw")
    assert days, "the shipped catalog gives cells a shelf life"
    import_workshop(engine, PLACES + '''
[[lot]]
supply = "377"
lot_number = "WF-2017"
site = "PARIS"
location = "C3-D1"
quantity = "10 piece"
received_on = 2017-05-10
''', "workshop.toml", ADMIN, NOW)
    import_lots_csv(engine, "supply,lot_number,quantity,location,received_on\n377,CSV-2017,10 piece,C3-D1,2017-05-10\n",
                    "lots.csv", ADMIN, NOW)
    receive_lot(engine, ADMIN, NOW, "battery_sr626sw", "WS-2017", "10 piece", "C3-D1", received_on=RECEIVED)
    expected = lot_expiry(None, RECEIVED, days)
    assert expected is not None and expected < NOW.date()
    assert [expiry(engine, lot) for lot in ("WF-2017", "CSV-2017", "WS-2017")] == [expected] * 3


def test_an_expiry_given_with_the_lot_is_kept(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    engine = catalogued_engine
    import_workshop(engine, PLACES, "workshop.toml", ADMIN, NOW)
    import_lots_csv(engine, "supply,lot_number,quantity,location,received_on,expires_on\n"
                            "377,CSV-DATED,10 piece,C3-D1,2017-05-10,2031-01-01\n", "lots.csv", ADMIN, NOW)
    assert expiry(engine, "CSV-DATED") == date(2031, 1, 1)


def test_a_supply_without_shelf_life_keeps_no_expiry() -> None:
    assert lot_expiry(None, RECEIVED, None) is None
    assert lot_expiry(date(2030, 1, 1), RECEIVED, 365) == date(2030, 1, 1)
