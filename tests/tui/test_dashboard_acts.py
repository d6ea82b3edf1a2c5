"""The dashboard acts: Enter opens a row's object, Tab moves between sections, a technician sees
their orders first with readiness in one word, a lead acknowledges alerts from benches, empty
sections say so, `y` copies; notices do not pile up; a GO says there is nothing to do."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from atelier_tui.services.context import Actor
from atelier_tui.services.sheets.keeping import raise_alert
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import SheetEntry, Staff
from atelier_tui.tui.screens.bench_detail import BenchDetailScreen
from atelier_tui.tui.screens.dashboard import DashboardScreen
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from atelier_tui.tui.widgets.dashboard_section import DashboardSection, SectionTable, plain
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import make_app, press, settle


def sections(app) -> list[DashboardSection]:  # type: ignore[no-untyped-def]
    return list(app.screen.query(DashboardSection))


def section(app, name: str) -> DashboardSection:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#section-{name}", DashboardSection)


def focused_section(app) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(app.focused, SectionTable)
    return app.focused.parent.id.removeprefix("section-")


def cells(app, name: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[plain(cell) for cell in row.cells] for row in section(app, name).rows]


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


async def test_a_technician_lands_on_their_orders_with_readiness_in_one_word(demo_db: Path) -> None:
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert [s.id for s in sections(app)][0] == "section-orders"
        assert focused_section(app) == "orders"
        readiness = {row[0]: row[2] for row in cells(app, "orders")}
        # OR-2026-0011 waits on ME-02, whose opening checklist has not been run today; the others are started.
        assert readiness == {"OR-2026-0012": "not checked", "OR-2026-0008": "not checked", "OR-2026-0011": "✘ NO-GO"}
        await press(app, pilot, "end", "enter")
        assert isinstance(app.screen, OrderDetailScreen) and app.screen.reference == "OR-2026-0011"


async def test_readiness_words_are_french_in_french(demo_db: Path) -> None:
    app = make_app(demo_db, login="tmoreau", language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert {row[2] for row in cells(app, "orders")} == {"non vérifié", "✘ NO-GO"}
        assert str(section(app, "orders").query_one(".section-title").content).startswith("Vos ordres")


async def test_tab_moves_between_sections_and_enter_opens_the_row(demo_db: Path) -> None:
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "tab")
        assert focused_section(app) == "bench"
        await press(app, pilot, "enter")
        assert isinstance(app.screen, BenchDetailScreen)
        await press(app, pilot, "escape")
        assert isinstance(app.screen, DashboardScreen) and focused_section(app) == "bench"
        second_tool = section(app, "tools").rows[1].key
        await press(app, pilot, "tab", "tab")
        assert focused_section(app) == "tools"
        await press(app, pilot, "down", "enter")
        assert isinstance(app.screen, ToolDetailScreen) and app.screen.asset_tag == second_tool


async def test_a_lead_tabs_to_late_orders_and_opens_one(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # No alert yet: the section says "nothing" and is not a stop for Tab.
        assert section(app, "alerts").query_one(".section-nothing").display
        assert not section(app, "alerts").table.display
        assert focused_section(app) == "blocked"
        await press(app, pilot, "tab")
        assert focused_section(app) == "late"
        first = cells(app, "late")[0][0]
        await press(app, pilot, "enter")
        assert isinstance(app.screen, OrderDetailScreen) and app.screen.reference == first


async def test_a_lead_sees_alerts_from_benches_and_acknowledges_them(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    raise_alert(engine, Actor("tmoreau", role="technician"), FIXED_NOW, "OR-2026-0008", "Balance staff broken")
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert focused_section(app) == "alerts"
        [row] = cells(app, "alerts")
        assert row[:3] == ["OR-2026-0008", "ME-02", "Thomas Moreau"] and row[4] == "Balance staff broken"
        assert row[3] == FIXED_NOW.astimezone().strftime("%Y-%m-%d %H:%M")
        await press(app, pilot, "a")
        assert "Alert on OR-2026-0008 acknowledged" in notices(app)
        assert cells(app, "alerts") == []
        assert section(app, "alerts").query_one(".section-nothing").display
    with read_session(engine) as session:
        entry = session.execute(select(SheetEntry).where(SheetEntry.kind == "alert")).scalar_one()
        lead = session.execute(select(Staff.id).where(Staff.login == "cmartin")).scalar_one()
        assert (entry.acknowledged_at, entry.acknowledged_by_id) == (FIXED_NOW, lead)
    engine.dispose()


async def test_a_readonly_lead_is_not_offered_acknowledge(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    raise_alert(engine, Actor("tmoreau", role="technician"), FIXED_NOW, "OR-2026-0008", "Balance staff broken")
    engine.dispose()
    app = make_app(demo_db, login="cmartin", readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert focused_section(app) == "alerts"
        await press(app, pilot, "a")
        assert len(cells(app, "alerts")) == 1


async def test_y_copies_the_highlighted_reference_and_Y_the_row(demo_db: Path) -> None:  # noqa: N802
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "y")
        assert app.clipboard == "OR-2026-0012"
        assert "Copied: OR-2026-0012" in notices(app)
        await press(app, pilot, "Y")
        assert app.clipboard.split("\t")[:3] == ["OR-2026-0012", "Citizen Automatic NH8350", "not checked"]


async def test_y_copies_the_asset_tag_in_the_tools_list(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3", "down", "y")
        tag = app.screen.paged.current_key()
        assert tag and app.clipboard == tag
        assert f"Copied: {tag}" in notices(app)


async def test_a_repeated_refusal_replaces_the_previous_toast(demo_db: Path) -> None:
    from textual.widgets._toast import Toast

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        for _ in range(3):
            app.refuse("tool: AT-00023 is out of service")
            await settle(app, pilot)
        app.refuse("quantity: is empty")
        await settle(app, pilot)
        assert notices(app) == ["quantity: is empty"]
        app.refuse("quantity: is empty")
        app.notify("Copied: OR-1")
        app.notify("Copied: OR-1")
        await settle(app, pilot)
        assert notices(app) == ["quantity: is empty (×2)", "Copied: OR-1 (×2)"]
        assert len(app.screen.query(Toast)) == 2


async def test_help_lists_the_dashboard_keys_with_their_ids(demo_db: Path) -> None:
    from atelier_tui.tui.screens.help import HelpModal

    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpModal)
        listed = dict(zip(app.screen.binding_ids, app.screen.rows))
        assert listed["table.copy"] == ("y", "Copy") and listed["table.copy_row"] == ("Y", "Copy the row")
        assert listed["dashboard.acknowledge"] == ("a", "Acknowledge")
