"""Issue 19 item 4, labels: `P` on a tool, a bench or a lot prints its label, on the label printer
of the settings, or, with none set, as a PDF in the documents folder whose full path is said; the
printing is audited like the command line's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from atelier_tui.tui.screens.bench_detail import BenchDetailScreen
from atelier_tui.tui.screens.supply_detail import SupplyDetailScreen
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.printing.rendered import decoded_pages
from tests.printing.test_labels_scan_back import demo_keys
from tests.support.cups_server import cups_server
from tests.support.polling import wait_until
from tests.tui.helpers import make_app, press, settle


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notice.message) for notice in app._notifications]


def last_event(db: Path) -> AuditEvent:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    finally:
        engine.dispose()


def open_screen(app, kind: str, key: str) -> None:  # type: ignore[no-untyped-def]
    if kind == "tool":
        app.push_screen(ToolDetailScreen(key))
    elif kind == "bench":
        app.push_screen(BenchDetailScreen(key))
    else:
        supply, _sep, number = key.partition("/")
        app.push_screen(SupplyDetailScreen(supply, number))


@pytest.mark.parametrize("kind", ["tool", "bench", "lot"])
async def test_p_without_a_printer_saves_the_label_as_a_pdf_and_says_where(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    folder = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(folder))
    monkeypatch.delenv("ATELIER_LABEL_PRINTER", raising=False)
    key = demo_keys(demo_db)[kind][0]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        open_screen(app, kind, key)
        await settle(app, pilot)
        await press(app, pilot, "P")
        wait_until(lambda: list(folder.glob("*.pdf")) != [], 60, "no PDF was saved")
        await settle(app, pilot)
        [saved] = folder.glob("*.pdf")
        assert f"Label of {key}: no printer is set; PDF saved as {saved}" in notices(app)
    [[(_format, decoded)]] = decoded_pages(saved, tmp_path / "pages")
    assert decoded == key
    event = last_event(demo_db)
    assert (event.action, event.actor, event.after["keys"], event.after["pdf"]) == ("label.print", "cmartin", [key], str(saved))


async def test_p_with_a_label_printer_sends_the_label_to_it_and_keeps_the_pdf(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 item 5: in a terminal (local, or over SSH where nobody sees the server's disk) the
    label goes to the printer and its PDF is also kept in the documents folder, path said."""
    tag = demo_keys(demo_db)["tool"][0]
    folder = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(folder))
    with cups_server(tmp_path / "cups") as cups:
        monkeypatch.setenv("CUPS_SERVER", cups.address)
        monkeypatch.setenv("ATELIER_LABEL_PRINTER", cups.queue)
        app = make_app(demo_db)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            open_screen(app, "tool", tag)
            await settle(app, pilot)
            await press(app, pilot, "P")
            wait_until(lambda: cups.documents() != [], 60, "no job reached the printer")
            await settle(app, pilot)
            [saved] = folder.glob("*.pdf")
            assert f"Label of {tag}: sent to printer {cups.queue}; PDF saved as {saved}" in notices(app)
        [arrived] = cups.documents()
        [[(_format, decoded)]] = decoded_pages(arrived, tmp_path / "pages")
        assert decoded == tag
        assert saved.read_bytes() == arrived.read_bytes()
        event = last_event(demo_db)
        assert (event.after["printer"], event.after["pdf"]) == (cups.queue, str(saved))


async def test_receiving_a_lot_offers_to_print_its_label(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 item 4: a lot is labelled as it is put away; yes prints the new lot's label."""
    from atelier_tui.tui.screens.confirm import ConfirmModal
    from atelier_tui.tui.screens.form import FormModal

    folder = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(folder))
    monkeypatch.delenv("ATELIER_LABEL_PRINTER", raising=False)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_supply("battery_sr920sw")
        await settle(app, pilot)
        await press(app, pilot, "n")
        form = app.screen
        assert isinstance(form, FormModal)
        for field, value in (("lot_number", "R-LABEL-1"), ("quantity", "5 pcs"), ("location", "C1")):
            form.query_one(f"#field-{field}").value = value  # type: ignore[attr-defined]
        await settle(app, pilot)
        form.action_submit()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "Print the label of lot R-LABEL-1?" in str(app.screen.question)
        await press(app, pilot, "y")
        wait_until(lambda: list(folder.glob("*.pdf")) != [], 60, "no PDF was saved")
        await settle(app, pilot)
    [saved] = folder.glob("*.pdf")
    [[(_format, decoded)]] = decoded_pages(saved, tmp_path / "pages")
    assert decoded == "battery_sr920sw/R-LABEL-1"
