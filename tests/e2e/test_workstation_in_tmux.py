"""The real `atelier` command in a real terminal: open the tools view, filter by a tag, check the
tool out to a bench, open that bench and see the tool there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.slow


def test_check_out_a_tool_and_find_it_on_its_bench(demo_db: Path, tmp_path: Path) -> None:
    atelier = Path(sys.executable).parent / "atelier"
    env = {
        "TERM": "xterm-256color",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "ATELIER_LANG": "en",
    }
    # As after `atelier demo`: this OS account is the demo's gateway, acting for a demo person.
    engine = make_engine(f"sqlite:///{demo_db}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE staff SET role = 'gateway' WHERE login = :login"), {"login": os_account()})
    engine.dispose()
    terminal = Terminal(f"{atelier} --db {demo_db} demo --as cmartin", env, width=80, height=24)
    try:
        terminal.wait_for("Claire Martin")
        terminal.keys("3")
        terminal.wait_for("of 150")
        terminal.keys("/")
        terminal.keys("AT-00132", literal=True)
        terminal.wait_for("1–1 of 1")
        terminal.keys("Enter")
        terminal.keys("o")
        terminal.wait_for("Check out AT-00132 to a bench")
        terminal.keys("ME-02", literal=True)
        terminal.keys("Enter")
        terminal.wait_for("◐ checked out", "ME-02")
        terminal.keys("2")
        terminal.wait_for("PO-01")
        terminal.keys("/")
        terminal.keys("ME-02", literal=True)
        terminal.wait_for("1–1 of 1")
        terminal.keys("Enter")
        terminal.keys("Enter")
        terminal.wait_for("Tools on this bench", "AT-00132")
        terminal.keys("q")
    finally:
        terminal.close()
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "check_out", AuditEvent.entity_key == "AT-00132")).one()
    engine.dispose()
    assert event.actor == "cmartin"
