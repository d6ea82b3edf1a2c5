"""A workstation open for hours follows what happens to its person meanwhile (issue 22, item 7):
demoted, their next refused change says so in one line and the keys of the old role are gone;
taken off the staff, the workstation closes; promoted, the periodic check offers the new keys."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

import atelier_tui.tui.app as workstation_app
from atelier_tui.services.staff import people
from atelier_tui.services.staff.identity import who_is
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.app import AtelierApp
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import closing, make_app, press, settle, until_closed

OUT_OF_SERVICE_TOOL = "AT-00023"  # in the demo: a broken tip, which only a lead may put back in service


def shown_actions(app: AtelierApp) -> set[str]:
    return {binding.binding.action for binding in app.screen.active_bindings.values() if binding.enabled}


def notices(app: AtelierApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def give_role(db: Path, login: str, role: str) -> None:
    """What an admin (nroux, in the demo) does to change someone's role: take them off the staff,
    then register them again with the new one."""
    engine = make_engine(f"sqlite:///{db}")
    admin = who_is(engine, "nroux")
    assert admin is not None
    person = who_is(engine, login)
    assert person is not None
    people.remove_staff(engine, admin.actor(), FIXED_NOW, login, "new role")
    people.add_staff(engine, admin.actor(), FIXED_NOW, login, person.display_name, role, person.level)
    engine.dispose()


def take_off(db: Path, login: str) -> None:
    engine = make_engine(f"sqlite:///{db}")
    admin = who_is(engine, "nroux")
    assert admin is not None
    people.remove_staff(engine, admin.actor(), FIXED_NOW, login, "left the workshop")
    engine.dispose()


def tool_status(db: Path, tag: str) -> str:
    from atelier_tui.services.tools.queries import tool_detail

    engine = make_engine(f"sqlite:///{db}")
    try:
        return str(tool_detail(engine, tag, FIXED_NOW.date()).row.status)
    finally:
        engine.dispose()


async def open_the_broken_tool(app: AtelierApp, pilot: Any) -> None:
    await settle(app, pilot)
    app.open_tool(OUT_OF_SERVICE_TOOL)
    await settle(app, pilot)
    assert isinstance(app.screen, ToolDetailScreen)


async def test_a_lead_made_technician_is_told_at_the_next_change_and_loses_the_lead_keys(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_the_broken_tool(app, pilot)
        assert app.context.role == "lead" and "back_in_service" in shown_actions(app)
        give_role(demo_db, "cmartin", "technician")
        await press(app, pilot, "r")
        assert isinstance(app.screen, ConfirmModal)  # offered while the workstation still knew a lead
        await press(app, pilot, "y")
        assert "cmartin is now technician, no longer lead: the keys offered are this role's." in notices(app)
        assert not any("start atelier again" in notice for notice in notices(app))
        assert isinstance(app.screen, ToolDetailScreen)
        assert "back_in_service" not in shown_actions(app)
        assert app.context.role == "technician"
        assert tool_status(demo_db, OUT_OF_SERVICE_TOOL) == "out_of_service"
        await press(app, pilot, "r")  # the key is no longer offered: nothing opens
        assert isinstance(app.screen, ToolDetailScreen)
        await press(app, pilot, "escape")
        assert "technician" in str(app.screen.query_one("#status").render())  # the technician's dashboard


async def test_a_person_taken_off_the_staff_has_the_workstation_closed_at_their_next_change(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    said_closing = closing(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_the_broken_tool(app, pilot)
        take_off(demo_db, "cmartin")
        await press(app, pilot, "r")
        await pilot.press("y")
        await until_closed(said_closing)  # not settle(): a closing app no longer answers pilot.pause()
        said = " ".join(str(renderable) for renderable in app._exit_renderables)
    assert app.return_code == 1
    assert said == "cmartin is no longer active staff"
    assert tool_status(demo_db, OUT_OF_SERVICE_TOOL) == "out_of_service"


async def test_a_technician_made_lead_is_offered_the_lead_keys_by_the_periodic_check(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workstation_app, "STANDING_CHECK_SECONDS", 0.1)
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_the_broken_tool(app, pilot)
        assert "back_in_service" not in shown_actions(app)
        give_role(demo_db, "tmoreau", "lead")
        told = "tmoreau is now lead, no longer technician: the keys offered are this role's."
        deadline = time.monotonic() + 20
        # Polled: the check runs on Textual's timer, and the keys and the notice are two updates
        # (on a busy machine the keys showed a frame before the notice).
        while "back_in_service" not in shown_actions(app) or told not in notices(app):
            assert time.monotonic() < deadline, f"the lead's keys or the notice never appeared: {notices(app)}"
            await pilot.pause(0.05)
        await press(app, pilot, "r")
        assert isinstance(app.screen, ConfirmModal)


async def test_the_audit_trail_a_lead_had_open_closes_when_they_become_technician(demo_db: Path) -> None:
    from atelier_tui.tui.widgets.paged_table import PagedTable

    app = make_app(demo_db, login="cmartin", first_view="audit")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert app.screen.query(PagedTable)
        give_role(demo_db, "cmartin", "technician")
        app.check_standing()  # what the periodic check runs
        await settle(app, pilot)
        assert not app.screen.query(PagedTable)
        assert str(app.screen.query_one("#audit-status").render()) == "The audit trail is for leads and admins."
