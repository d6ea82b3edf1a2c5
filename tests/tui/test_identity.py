"""The workstation acts as the OS account running it (or, for a gateway account, as the person its
`--as` names): a refused `--as` closes it, an unknown account only reads, and each role sees only
the keys it may use."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.app import AtelierApp
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import closing, press, settle, until_closed


def as_os_account(db: Path, acting_for: str | None = None) -> AtelierApp:
    return AtelierApp(f"sqlite:///{db}", acting_for=acting_for, language="en", scanner_gap_ms=0, clock=lambda: FIXED_NOW)


def set_my_role(db: Path, role: str | None) -> None:
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        if role is None:
            connection.execute(text("UPDATE staff SET login = 'someone-else' WHERE login = :me"), {"me": os_account()})
        else:
            connection.execute(text("UPDATE staff SET role = :role WHERE login = :me"), {"role": role, "me": os_account()})
    engine.dispose()


def shown_actions(app: AtelierApp) -> set[str]:
    return {binding.binding.action for binding in app.screen.active_bindings.values() if binding.enabled}


async def test_an_as_refused_for_an_account_that_is_not_a_gateway_closes_the_workstation(demo_db: Path) -> None:
    app = as_os_account(demo_db, acting_for="cmartin")
    said_closing = closing(app)
    async with app.run_test(size=(100, 30)):
        # Not settle(): a closing app no longer answers pilot.pause() (a 30 s timeout under load).
        await until_closed(said_closing)
        said = " ".join(str(renderable) for renderable in app._exit_renderables)
    assert app.return_code == 2
    assert f"'{os_account()}' is not a gateway account" in said


async def test_a_gateway_acts_for_the_person_named_with_that_persons_keys(demo_db: Path) -> None:
    set_my_role(demo_db, "gateway")
    app = as_os_account(demo_db, acting_for="tmoreau")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert (app.context.login, app.context.role) == ("tmoreau", "technician")
        app.open_tool("AT-00023")  # out of service: a technician may not put it back
        await settle(app, pilot)
        assert isinstance(app.screen, ToolDetailScreen)
        assert "back_in_service" not in shown_actions(app)
        await press(app, pilot, "r")
        assert isinstance(app.screen, ToolDetailScreen)  # nothing opened
        app.open_tool("AT-00042")  # in service: what a technician may do with it is offered
        await settle(app, pilot)
        assert {"check_out", "out_of_service"} <= shown_actions(app)


async def test_an_unknown_account_only_reads_and_is_told_how_to_be_registered(demo_db: Path) -> None:
    set_my_role(demo_db, None)
    app = as_os_account(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.context.readonly
        notices = [str(notification.message) for notification in app._notifications]
        assert any(f"atelier staff add {os_account()}" in notice for notice in notices), notices
        await press(app, pilot, "3")
        assert "read-only" in app.screen.sub_title
        assert not shown_actions(app) & {"check_out", "check_in", "out_of_service", "back_in_service"}
