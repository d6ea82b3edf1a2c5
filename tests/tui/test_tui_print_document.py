"""Issue 19 items 4 and 5, documents: `P` prints the document the screen shows (the sheet on the
sheet screen, the pick list on the order once `p` has reserved its lots) on the document printer of
the settings, or, with none set, as a PDF in the documents folder whose full path is said; the
printing is audited like `atelier print sheet|picklist`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from atelier_tui.services.context import Actor
from atelier_tui.services.orders.start import start_order
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Calibre, RepairOrder
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.screens.sheet import SheetScreen
from tests.support.fixed_time import FIXED_NOW
from tests.support.polling import wait_until
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.tui.helpers import make_app, press, settle
from tests.tui.test_tui_print_label import last_event, notices


@pytest.fixture
def orders_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """OR-A, a Miyota 2035 quartz watch, started on QZ-A (its cell reserved); OR-B waits on QZ-B, nothing reserved."""
    prepare_workshop(catalogued_engine, cells=2)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    start_order(catalogued_engine, Actor("slefevre", role="technician"), FIXED_NOW, FIXED_NOW.date(), "OR-A")
    catalogued_engine.dispose()
    return catalogued_db


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(folder))
    monkeypatch.delenv("ATELIER_DOCUMENT_PRINTER", raising=False)
    return folder


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


async def open_order(app, pilot, reference: str) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_order(reference)
    await settle(app, pilot)
    assert isinstance(app.screen, OrderDetailScreen)


async def test_p_on_the_sheet_saves_it_as_a_pdf_and_says_where(orders_db: Path, documents: Path) -> None:
    app = make_app(orders_db, login="slefevre")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_order(app, pilot, "OR-A")
        await press(app, pilot, "f")
        await settle(app, pilot)
        assert isinstance(app.screen, SheetScreen)
        await press(app, pilot, "P")
        wait_until(lambda: list(documents.glob("*.pdf")) != [], 60, "no PDF was saved")
        await settle(app, pilot)
        [saved] = documents.glob("*.pdf")
        assert f"Sheet of OR-A: no printer is set; PDF saved as {saved}" in notices(app)
    assert "OR-A" in pdf_text(saved) and "Miyota" in pdf_text(saved)
    event = last_event(orders_db)
    assert (event.action, event.actor, event.entity_key) == ("document.print", "slefevre", "OR-A")
    assert (event.after["kind"], event.after["pdf"], event.after["printer"]) == ("sheet", str(saved), None)


async def test_p_on_the_order_after_prepare_prints_the_pick_list(orders_db: Path, documents: Path) -> None:
    app = make_app(orders_db, login="lbernard")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_order(app, pilot, "OR-B")
        await press(app, pilot, "P")
        await settle(app, pilot)
        assert any("OR-B: nothing reserved" in notice for notice in notices(app))
        assert not documents.exists() or list(documents.glob("*.pdf")) == []
        await press(app, pilot, "p", "y")
        await settle(app, pilot)
        await press(app, pilot, "P")
        wait_until(lambda: list(documents.glob("*.pdf")) != [], 60, "no PDF was saved")
        await settle(app, pilot)
        [saved] = documents.glob("*.pdf")
        assert f"Pick list of OR-B: no printer is set; PDF saved as {saved}" in notices(app)
    text = pdf_text(saved)
    assert "OR-B" in text and "R-626-01" in text
    event = last_event(orders_db)
    assert (event.action, event.actor, event.after["kind"], event.after["key"]) == ("document.print", "lbernard", "picklist", "OR-B")



async def test_p_with_a_document_printer_sends_the_sheet_to_it_and_keeps_the_pdf(
        orders_db: Path, documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents go to the document printer of the settings, not the label printer."""
    from tests.support.cups_server import cups_server

    monkeypatch.setenv("ATELIER_LABEL_PRINTER", "No_Such_Label_Printer")
    with cups_server(tmp_path / "cups") as cups:
        monkeypatch.setenv("CUPS_SERVER", cups.address)
        monkeypatch.setenv("ATELIER_DOCUMENT_PRINTER", cups.queue)
        app = make_app(orders_db, login="slefevre")
        async with app.run_test(size=(120, 40)) as pilot:
            await open_order(app, pilot, "OR-A")
            await press(app, pilot, "f")
            await settle(app, pilot)
            await press(app, pilot, "P")
            wait_until(lambda: cups.documents() != [], 60, "no job reached the printer")
            wait_until(lambda: list(documents.glob("*.pdf")) != [], 60, "no PDF was saved")
            await settle(app, pilot)
            [saved] = documents.glob("*.pdf")
            assert f"Sheet of OR-A: sent to printer {cups.queue}; PDF saved as {saved}" in notices(app)
        [arrived] = cups.documents()
        assert "OR-A" in pdf_text(arrived)
        assert saved.read_bytes() == arrived.read_bytes()
    event = last_event(orders_db)
    assert (event.after["kind"], event.after["printer"], event.after["pdf"]) == ("sheet", cups.queue, str(saved))
