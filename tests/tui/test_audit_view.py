"""The audit trail (view 7) from the keyboard: a lead finds the change they just made by the tool's
asset tag and by a login, opens it and reads its changed fields before → after; a technician is
refused in one line and nothing is loaded; the headers in French."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Input, Static

from atelier_tui.services.audit.trail import audit_page
from atelier_tui.services.context import Actor
from atelier_tui.services.tools.actions import check_out
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.screens.audit import AuditEventModal, AuditScreen
from atelier_tui.tui.widgets.paged_table import PagedTable
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import make_app, press, settle, type_text

LEAD = Actor("cmartin", "lead")
TAG = "AT-00132"  # kept in a cabinet in the demo: a check-out moves it onto a bench


def plain(renderable: Any, width: int = 76) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def checked_out(db: Path, tag: str = TAG, bench: str = "QZ-01") -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        check_out(engine, LEAD, FIXED_NOW, tag, bench)
    finally:
        engine.dispose()


async def open_audit_view(app: Any, pilot: Any) -> AuditScreen:
    await settle(app, pilot)
    await press(app, pilot, "7")
    await settle(app, pilot)
    assert isinstance(app.screen, AuditScreen)
    return app.screen


def rows(app: Any) -> list[tuple[str, ...]]:
    paged = app.screen.query_one(PagedTable)
    return [tuple(str(cell) for cell in paged.cells(row)) for row in paged.rows]


def status(app: Any) -> str:
    return str(app.screen.query_one("#audit-status", Static).content)


async def filter_by(app: Any, pilot: Any, text: str) -> None:
    await press(app, pilot, "slash")
    field = app.screen.query_one("#filter", Input)
    field.value = ""
    await type_text(app, pilot, text)
    await press(app, pilot, "enter")  # back to the table


async def test_a_lead_finds_a_check_out_by_the_asset_tag_and_reads_its_changes(demo_db) -> None:  # type: ignore[no-untyped-def]
    checked_out(demo_db)
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit_view(app, pilot)
        assert screen.sub_title == "Audit"
        first = rows(app)[0]  # newest first: the check-out made just before
        assert first[0].startswith("2026-11-27 ") and first[1:] == ("cmartin", "checked out", f"tool {TAG}", "")
        await filter_by(app, pilot, TAG.lower())  # case does not matter
        assert [(who, action, what) for _at, who, action, what, _reason in rows(app)] == [("cmartin", "checked out", f"tool {TAG}")]
        assert "1–1 of 1" in str(screen.query_one("#page-info", Static).content)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, AuditEventModal)
        changes = plain(app.screen.query_one("#audit-event-changes", Static).content)
        bench_line = next(line for line in changes.splitlines() if line.split() and line.split()[0] == "bench")
        assert bench_line.split() == ["bench", "—", "→", "QZ-01"]
        status_line = next(line for line in changes.splitlines() if line.split() and line.split()[0] == "status")
        assert status_line.split() == ["status", "in_service", "→", "checked_out"]
        summary = plain(app.screen.query_one("#audit-event-summary", Static).content)
        assert "cmartin" in summary and "checked out (check_out)" in summary and f"tool {TAG}" in summary
        await press(app, pilot, "escape")
        assert app.screen is screen


async def test_a_lead_filters_by_a_login_and_an_unknown_text_finds_nothing(demo_db) -> None:  # type: ignore[no-untyped-def]
    checked_out(demo_db)
    checked_out(demo_db, "AT-00133", "ME-01")
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit_view(app, pilot)
        await filter_by(app, pilot, "cmartin")
        found = rows(app)
        assert [what for _at, _who, _action, what, _reason in found] == ["tool AT-00133", f"tool {TAG}"]
        assert {who for _at, who, *_rest in found} == {"cmartin"}
        await filter_by(app, pilot, "system")
        assert len(rows(app)) > 2 and {who for _at, who, *_rest in rows(app)} == {"system"}
        await filter_by(app, pilot, "AT-0013")  # a tag is matched whole, not by its beginning
        assert rows(app) == []
        assert "no match" in str(screen.query_one("#page-info", Static).content)


async def test_a_on_a_tool_detail_opens_the_audit_view_filtered_on_that_tool(demo_db) -> None:  # type: ignore[no-untyped-def]
    checked_out(demo_db)
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_tool(TAG)
        await settle(app, pilot)
        assert "a" in shown_keys(app)
        await press(app, pilot, "a")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        assert [what for *_before, what, _reason in rows(app)] == [f"tool {TAG}"]
        assert app.screen.query_one("#filter", Input).value == TAG


def shown_keys(app: Any) -> set[str]:
    return {active.binding.key for active in app.active_bindings.values() if active.binding.show}


async def test_a_technician_is_told_in_one_line_and_nothing_is_loaded(demo_db) -> None:  # type: ignore[no-untyped-def]
    checked_out(demo_db)
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit_view(app, pilot)
        assert status(app) == "The audit trail is for leads and admins."
        assert not screen.query(PagedTable)  # no table, no query of the trail
        await press(app, pilot, "slash")
        assert not screen.query(PagedTable)
        app.open_tool(TAG)
        await settle(app, pilot)
        assert "a" not in shown_keys(app)  # no way into the trail from a tool either


def test_the_service_pages_and_matches_lots_by_number_or_supply(demo_db) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import Session, select

    from atelier_tui.services.audit import trail as audit
    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import Staff

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with write_session(engine) as session:
            audit.record(session, LEAD, FIXED_NOW, "adjust", "lot", "oil_9010/L-2411", {"quantity": 5}, {"quantity": 4}, "spilt")
        everything = audit_page(engine, LEAD, limit=10)
        assert everything.total > 10 and len(everything.rows) == 10 and everything.rows[0].action == "adjust"
        second = audit_page(engine, LEAD, offset=10, limit=10)
        assert second.rows[0].id == everything.rows[-1].id - 1
        for what in ("L-2411", "l-2411", "oil_9010", "oil_9010/L-2411"):
            page = audit_page(engine, LEAD, what=what)
            assert [row.entity_key for row in page.rows] == ["oil_9010/L-2411"], what
        assert audit_page(engine, LEAD, what="L-24").total == 0
        assert audit_page(engine, LEAD, what="oil_%").total == 0  # the user's % is taken literally
        (change,) = audit_page(engine, LEAD, what="L-2411").rows[0].changes
        assert (change.field, change.before, change.after) == ("quantity", 5, 4)
        with Session(engine) as session:
            assert session.exec(select(Staff.role).where(Staff.login == "tmoreau")).one() == "technician"
        try:
            audit_page(engine, Actor("tmoreau", "technician"))
        except Exception as refusal:  # the service checks the permission too
            assert "audit" in str(refusal)
        else:
            raise AssertionError("a technician read the audit trail")
    finally:
        engine.dispose()


async def test_the_audit_view_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login="cmartin", language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_audit_view(app, pilot)
        labels = [column.label for column in screen.query_one(PagedTable).table.columns.values()]
        assert labels == ["Date", "Qui", "Action", "Quoi", "Motif"]
        assert screen.sub_title == "Audit"


def recorded_actions() -> set[str]:
    """Every action code the services can record: the fourth argument of audit.record and of the
    services' own wrappers around it, a literal or a choice between literals."""
    import ast

    package = Path(__file__).resolve().parents[2] / "atelier_tui"
    found: set[str] = set()
    for path in [*(package / "services").rglob("*.py"), *(package / "demo").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and len(node.args) >= 4):
                continue
            function = node.func
            audit_record = isinstance(function, ast.Attribute) and function.attr == "record" and getattr(function.value, "id", "") == "audit"
            if not (audit_record or getattr(function, "id", "") in ("_record", "_changed")):
                continue
            action = node.args[3]
            choices = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            for choice in choices:
                if isinstance(choice, ast.Constant):
                    found.add(choice.value)
                else:  # a wrapper passing its own parameter on is fine; anything else hides a code
                    assert isinstance(choice, ast.Name) and choice.id == "action", f"{path.name}:{node.lineno}"
    return found


def test_every_recorded_action_has_words_in_both_languages() -> None:
    from atelier_tui.i18n import set_language
    from atelier_tui.wording.audit_words import ACTIONS, action_text

    recorded = recorded_actions()
    assert {"check_out", "sheet.anomaly", "sheet.alert", "assign_technician", "unassign_technician"} <= recorded
    assert recorded - ACTIONS.keys() == set()
    set_language("fr")
    assert action_text("check_out") == "sorti"
    assert all(action_text(code) != ACTIONS[code] for code in recorded)  # every one translated
    assert action_text("a_newer_code") == "a_newer_code"


async def test_the_audit_view_opened_on_a_tool_loads_its_events_once(demo_db) -> None:  # type: ignore[no-untyped-def]
    checked_out(demo_db)
    app = make_app(demo_db, login="cmartin")
    loads: dict[int, str] = {}  # a message bubbles: heard once per widget it passes

    def count(message: object) -> None:
        if isinstance(message, PagedTable.Loaded) and isinstance(app.screen, AuditScreen):
            loads.setdefault(id(message), app.screen.query_one("#filter", Input).value)

    async with app.run_test(size=(80, 24), message_hook=count) as pilot:
        await settle(app, pilot)
        app.open_tool(TAG)
        await settle(app, pilot)
        await press(app, pilot, "a")
        await settle(app, pilot)
        assert [what for *_before, what, _reason in rows(app)] == [f"tool {TAG}"]
        assert list(loads.values()) == [TAG], loads
        await press(app, pilot, "slash", "end", "space")  # a space after the tag changes nothing to look for
        assert list(loads.values()) == [TAG], loads


def test_the_what_column_names_catalog_entries_by_their_name_in_the_interface_language(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.i18n import set_language
    from atelier_tui.tui.screens.audit import event_cells, what_text

    engine = make_engine(f"sqlite:///{demo_db}")
    set_language("fr")
    try:
        page = audit_page(engine, LEAD, limit=1000)
        shown = {row.entity: what_text(row) for row in reversed(page.rows)}
        who = {event_cells(row)[1] for row in page.rows}
    finally:
        set_language("en")
        engine.dispose()
    for entity, key_part in (("maintenance_plan", "_"), ("checklist", "@"), ("tool_type", "_"), ("intervention_type", "_")):
        assert entity in shown, sorted(shown)
        assert key_part not in shown[entity].split(" ", 1)[1], shown[entity]  # a name, not the recorded key
    assert ", version " in shown["checklist"]
    assert "système" in who and "system" not in who  # the catalog import and the demo, by the workstation itself


async def test_a_reason_the_workstation_wrote_in_english_reads_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    """The calibration failed in an English session: the trail stores the record, not a sentence,
    and a French lead reads why the timegrapher went out of service in French."""
    from atelier_tui.services.maintenance.records import record_maintenance

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        record_maintenance(engine, LEAD, FIXED_NOW, "AT-00046", "timegrapher_calibration", "fail", {"rate_reference": "3.5 s/d"})
    finally:
        engine.dispose()
    app = make_app(demo_db, login="cmartin", language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_audit_view(app, pilot)
        await filter_by(app, pilot, "AT-00046")
        out = [row for row in rows(app) if row[2] == "hors service"]
        assert len(out) == 1, rows(app)
        reason = out[0][4]
        assert reason.startswith("Étalonnage annuel\u202f:") and "3,5 s/j" in reason, reason
        assert not any(english in reason for english in ("Annual", "found", "failed")), reason
