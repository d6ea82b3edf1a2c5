"""What each main screen looks like, at 80x24 and 120x40, in English and in French.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and
look at the report before committing."""

from __future__ import annotations

import pytest

from tests.tui.helpers import make_app, settle

VIEWS = {"dashboard": "1", "benches": "2", "tools": "3", "supplies": "4", "orders": "5", "planner": "6", "audit": "7"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_main_screen(snap_compare, demo_db, view: str, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language=language)

    async def open_view(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press(VIEWS[view])
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_view)


def _staff_with_fixed_keys(db) -> None:  # type: ignore[no-untyped-def]
    """Fixed keys added at FIXED_NOW, and the test runner's own staff row under a fixed login (it is
    the OS account running the tests, which differs from machine to machine)."""
    from sqlalchemy import text

    from atelier_tui.services.context import Actor
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.services.staff.keys import add_staff_keys
    from atelier_tui.store.engine import make_engine
    from tests.support.fixed_time import FIXED_NOW
    from tests.support.staff_key_samples import ED25519_A, ED25519_B, RSA_2048

    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE staff SET login = 'testrunner' WHERE login = :me"), {"me": os_account()})
        admin = Actor("nroux", "admin")
        add_staff_keys(engine, admin, FIXED_NOW, "cgirard", f"{ED25519_A.line}\n{RSA_2048.line}")
        add_staff_keys(engine, admin, FIXED_NOW, "tmoreau", ED25519_B.line)
    finally:
        engine.dispose()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_staff_view(snap_compare, demo_db, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    """The admin's view of the staff and the keys of the first person (view 8)."""
    _staff_with_fixed_keys(demo_db)
    app = make_app(demo_db, login="nroux", language=language)

    async def open_view(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_view)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_technician_dashboard(snap_compare, demo_db, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    """A technician's first screen: their orders first, with readiness in one word, then their bench."""
    app = make_app(demo_db, login="tmoreau", language=language)

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_lead_dashboard_with_an_alert(snap_compare, demo_db, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    """A lead's first screen with an alert from a bench to acknowledge (`a`)."""
    from atelier_tui.services.context import Actor
    from atelier_tui.services.sheets.keeping import raise_alert
    from atelier_tui.store.engine import make_engine
    from tests.support.fixed_time import FIXED_NOW

    engine = make_engine(f"sqlite:///{demo_db}")
    raise_alert(engine, Actor("tmoreau", role="technician"), FIXED_NOW, "OR-2026-0008", "Balance staff broken: part to order")
    engine.dispose()
    app = make_app(demo_db, login="cmartin", language=language)

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_order_detail_with_a_no_go(snap_compare, demo_db, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    """An order that may not start on its bench: the NO-GO, each blocking finding and its remedy."""
    app = make_app(demo_db, language=language)

    async def open_order(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        app.open_order("OR-2026-0017")  # on WR-01, whose opening checklist failed
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_order)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_receive_form_scrolled_to_its_buttons(snap_compare, demo_db, language: str) -> None:  # type: ignore[no-untyped-def]
    """At 80x24 the receive form is taller than the screen: it scrolls, and Tab to its save button
    brings the buttons into view (they were hidden below the edge)."""
    app = make_app(demo_db, language=language)

    async def open_form(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        app.open_supply("battery_sr920sw")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # the four fields, Cancel, then Save
        await settle(app, pilot)
        assert getattr(app.focused, "id", None) == "submit"

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)
