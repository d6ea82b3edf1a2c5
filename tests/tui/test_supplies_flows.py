"""Supplies: receive a lot typed with a wrong unit then a right one; adjust with and without a
reason; the ledger shows what happened."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Lot, StockMovement, SupplyType
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.supply_detail import SupplyDetailScreen
from tests.tui.helpers import make_app, press, settle, type_text


def lots_of(db, key: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        rows = session.exec(
            select(Lot.lot_number, Lot.quantity_micro).join(SupplyType, SupplyType.id == Lot.supply_type_id).where(SupplyType.key == key)
        ).all()
        movements = session.exec(select(func.count()).select_from(StockMovement)).one()
    engine.dispose()
    return dict(rows) | {"__movements__": movements}


async def open_supply(app, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_supply(key)
    await settle(app, pilot)
    assert isinstance(app.screen, SupplyDetailScreen)


async def test_receive_a_lot_with_a_wrong_unit_then_a_right_one(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = lots_of(demo_db, "battery_sr920sw")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_supply(app, pilot, "battery_sr920sw")
        await press(app, pilot, "n")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "R-TEST-1")
        await press(app, pilot, "tab")
        await type_text(app, pilot, "5 ml")
        error = str(app.screen.query_one("#error-quantity", Static).render())
        assert "'5 ml' is a volume; expected a count (piece)" in error
        await press(app, pilot, "tab")
        await type_text(app, pilot, "BAT-1")
        await press(app, pilot, "enter", "enter")  # to the expiry field, then submit
        assert isinstance(app.screen, FormModal), "a wrong unit must not be saved"
        assert lots_of(demo_db, "battery_sr920sw") == before
        quantity = app.screen.query_one("#field-quantity", Input)
        quantity.value = "5 pcs"
        await settle(app, pilot)
        assert str(app.screen.query_one("#error-quantity", Static).render()) == ""
        app.screen.action_submit()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)  # the lot's label is offered
        await press(app, pilot, "n")
        assert isinstance(app.screen, SupplyDetailScreen)
        after = lots_of(demo_db, "battery_sr920sw")
        assert after["R-TEST-1"] == 5_000_000
        assert after["__movements__"] == before["__movements__"] + 1
        lots = app.screen.query_one("#lots", DataTable)
        assert any(str(lots.get_row_at(i)[0]) == "R-TEST-1" for i in range(lots.row_count))


async def test_adjust_needs_a_reason(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = lots_of(demo_db, "rodico")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_supply(app, pilot, "rodico")
        lots = app.screen.query_one("#lots", DataTable)
        first_lot = str(lots.get_row_at(0)[0])
        await press(app, pilot, "a")
        await type_text(app, pilot, "-1 piece")
        await press(app, pilot, "enter", "enter")  # reason left empty
        assert isinstance(app.screen, FormModal)
        assert "required" in str(app.screen.query_one("#error-reason", Static).render())
        assert lots_of(demo_db, "rodico") == before
        await type_text(app, pilot, "counted at inventory")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, SupplyDetailScreen)
        assert lots_of(demo_db, "rodico")[first_lot] == before[first_lot] - 1_000_000
        ledger = app.screen.query_one("#ledger", DataTable)
        assert any("counted at inventory" in str(ledger.get_row_at(i)[6]) for i in range(ledger.row_count))


def last_waste_stream(db) -> str | None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        stream = session.exec(select(StockMovement.waste_stream).order_by(StockMovement.id.desc())).first()  # type: ignore[union-attr]
    engine.dispose()
    return stream


async def test_dispose_offers_the_waste_streams_by_their_words_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_supply(app, pilot, "battery_sr920sw")
        await press(app, pilot, "d")
        assert isinstance(app.screen, FormModal)
        stream = app.screen.query_one("#field-waste_stream", Input)
        assert "collecte des piles" in stream.placeholder and "battery_collection" not in stream.placeholder
        app.screen.query_one("#field-quantity", Input).value = "1 pcs"
        stream.value = "battery_waste"
        await settle(app, pilot)
        refusal = str(app.screen.query_one("#error-waste_stream", Static).render())
        assert "collecte des piles" in refusal and "battery_collection" not in refusal
        stream.value = "Collecte des piles"
        app.screen.query_one("#field-reason", Input).value = "fuite"
        await settle(app, pilot)
        app.screen.action_submit()
        await settle(app, pilot)
        await press(app, pilot, "y")
        assert isinstance(app.screen, SupplyDetailScreen)
    assert last_waste_stream(demo_db) == "battery_collection"
