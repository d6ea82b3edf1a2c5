"""The staff view (view 8) from the keyboard: an admin adds a key to a person (a wrong one is shown
under the field and nothing is saved, what was typed stays; a right one, pasted or as the path of
a .pub file, appears in the list), removes one through the confirmation (default No) and a reason;
a technician or a lead is told in one line; a read-only session shows no change; French."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from atelier_tui.services.context import Actor
from atelier_tui.services.staff.keys import add_staff_keys, list_staff_keys
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.help import HelpModal
from atelier_tui.tui.screens.staff import StaffScreen
from tests.support.fixed_time import FIXED_NOW
from tests.support.staff_key_samples import ED25519_A, ED25519_B
from tests.tui.helpers import make_app, press, settle, type_text

ADMIN = "nroux"  # the demo workshop's admin


def keys_in(db: Path, login: str | None = None) -> list[Any]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        return list_staff_keys(engine, login)
    finally:
        engine.dispose()


def with_keys(db: Path, login: str, *lines: str) -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        add_staff_keys(engine, Actor(ADMIN, "admin"), FIXED_NOW, login, "\n".join(lines))
    finally:
        engine.dispose()


async def open_staff_view(app: Any, pilot: Any, login: str | None = None) -> StaffScreen:
    await settle(app, pilot)
    await press(app, pilot, "8")
    await settle(app, pilot)
    assert isinstance(app.screen, StaffScreen)
    if login is not None:
        people = app.screen.query_one("#staff-people", DataTable)
        people.move_cursor(row=[person.login for person in app.screen.people].index(login))
        await settle(app, pilot)
    return app.screen


def cells(app: Any, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def text_of(app: Any, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def shown_keys(app: Any) -> set[str]:
    return {active.binding.key for active in app.active_bindings.values() if active.binding.show}


async def test_an_admin_adds_a_key_after_a_wrong_one_was_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login=ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff_view(app, pilot, "tmoreau")
        assert screen.sub_title == "Staff"
        row = next(row for row in cells(app, "#staff-people") if row[0] == "tmoreau")
        assert row == ["tmoreau", "Thomas Moreau", "technician", "3", "0"]
        assert text_of(app, "#staff-keys-title") == "tmoreau has no SSH key"
        assert {"k", "d"} <= shown_keys(app)
        await press(app, pilot, "k")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "ssh-ed25519 garbage")
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormModal), "a refused key keeps the form open"
        assert text_of(app, "#error-key") == "key: not an OpenSSH public key"
        assert app.screen.query_one("#field-key", Input).value == "ssh-ed25519 garbage"
        assert keys_in(demo_db) == []
        app.screen.query_one("#field-key", Input).value = ED25519_A.line  # pasted
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert [key.fingerprint for key in keys_in(demo_db, "tmoreau")] == [ED25519_A.fingerprint]
        assert cells(app, "#staff-keys") == [["ED25519", f"{ED25519_A.fingerprint}\nkey-a", f"2026-11-27\n{ADMIN}"]]
        assert next(row for row in cells(app, "#staff-people") if row[0] == "tmoreau")[4] == "1"
        assert text_of(app, "#staff-keys-title") == "SSH keys of tmoreau"


async def test_the_form_takes_the_path_of_a_pub_file(demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "id_ed25519.pub").write_text(f"{ED25519_A.line}\n{ED25519_B.line}\n")
    app = make_app(demo_db, login=ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_view(app, pilot, "cgirard")
        await press(app, pilot, "k")
        await type_text(app, pilot, "~/missing.pub")
        await press(app, pilot, "enter")
        assert text_of(app, "#error-key") == "key: cannot read ~/missing.pub: No such file or directory"
        app.screen.query_one("#field-key", Input).value = "~/id_ed25519.pub"
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffScreen)
        assert [row[1].split("\n")[1] for row in cells(app, "#staff-keys")] == ["key-a", "key-b"]
    assert {key.login for key in keys_in(demo_db)} == {"cgirard"}


async def test_a_gateway_is_refused_under_the_form(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.staff.people import add_staff

    engine = make_engine(f"sqlite:///{demo_db}")
    add_staff(engine, Actor(ADMIN, "admin"), FIXED_NOW, "atelier-gw", "SSH gateway", "gateway")
    engine.dispose()
    app = make_app(demo_db, login=ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_view(app, pilot, "atelier-gw")
        await press(app, pilot, "k")
        app.screen.query_one("#field-key", Input).value = ED25519_A.line
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert text_of(app, "#form-error") == ("login: 'atelier-gw' is a gateway account: keys belong to the people "
                                               "it acts for")
    assert keys_in(demo_db) == []


async def test_an_admin_removes_a_key_through_the_confirmation_and_a_reason(demo_db) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from atelier_tui.store.models import AuditEvent

    with_keys(demo_db, "tmoreau", ED25519_A.line, ED25519_B.line)
    app = make_app(demo_db, login=ADMIN)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff_view(app, pilot, "tmoreau")
        await press(app, pilot, "tab")  # to the keys
        await press(app, pilot, "down")  # the second key
        await press(app, pilot, "d")
        assert isinstance(app.screen, ConfirmModal)
        assert ED25519_B.fingerprint in app.screen.question and ED25519_A.fingerprint not in app.screen.question
        await press(app, pilot, "enter")  # No is the default
        assert app.screen is screen
        assert len(keys_in(demo_db)) == 2
        await press(app, pilot, "d", "y")
        assert isinstance(app.screen, FormModal)
        await press(app, pilot, "enter")  # no reason: refused under the field
        assert text_of(app, "#error-reason") == "reason: required"
        await type_text(app, pilot, "laptop stolen")
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert [key.fingerprint for key in keys_in(demo_db)] == [ED25519_A.fingerprint]
        assert [row[1].split("\n")[0] for row in cells(app, "#staff-keys")] == [ED25519_A.fingerprint]
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    engine.dispose()
    assert event is not None and (event.action, event.actor, event.entity_key, event.reason) == (
        "remove_staff_key", ADMIN, "tmoreau", "laptop stolen")


@pytest.mark.parametrize("login", ["tmoreau", "cmartin"], ids=["technician", "lead"])
async def test_a_technician_or_a_lead_is_told_in_one_line(demo_db, login: str) -> None:  # type: ignore[no-untyped-def]
    with_keys(demo_db, "tmoreau", ED25519_A.line)
    app = make_app(demo_db, login=login)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff_view(app, pilot)
        assert text_of(app, "#staff-status") == "Staff and their SSH keys are for admins."
        assert not screen.query_one("#staff-people").display and not screen.query_one("#staff-keys").display
        assert screen.people == [] and screen.keys == []
        assert not {"k", "d"} & shown_keys(app)
        await press(app, pilot, "k")
        assert app.screen is screen


async def test_a_readonly_session_shows_the_keys_without_changing_them(demo_db) -> None:  # type: ignore[no-untyped-def]
    with_keys(demo_db, "tmoreau", ED25519_A.line)
    app = make_app(demo_db, login=ADMIN, readonly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff_view(app, pilot, "tmoreau")
        assert screen.sub_title == "Staff — read-only"
        assert [row[1].split("\n")[0] for row in cells(app, "#staff-keys")] == [ED25519_A.fingerprint]
        assert not {"k", "d"} & shown_keys(app)
        await press(app, pilot, "d")
        assert app.screen is screen
    assert len(keys_in(demo_db)) == 1


async def test_the_help_lists_the_keys_of_the_view(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login=ADMIN)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_staff_view(app, pilot)
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpModal)
        assert {("k", "Add a key"), ("d", "Remove a key")} <= set(app.screen.rows)
        assert {"staff.add_key", "staff.remove_key"} <= set(app.screen.binding_ids)


async def test_the_staff_view_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    with_keys(demo_db, "tmoreau", ED25519_A.line)
    app = make_app(demo_db, login=ADMIN, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_staff_view(app, pilot, "tmoreau")
        assert screen.sub_title == "Personnel"
        people = screen.query_one("#staff-people", DataTable)
        assert [str(column.label) for column in people.columns.values()] == ["Identifiant", "Nom", "Rôle", "Niveau", "Clés SSH"]
        assert next(row for row in cells(app, "#staff-people") if row[0] == "tmoreau")[2] == "technicien"
        keys = screen.query_one("#staff-keys", DataTable)
        assert [str(column.label) for column in keys.columns.values()] == ["Type", "Empreinte / commentaire", "Ajoutée le / par"]
        assert text_of(app, "#staff-keys-title") == "Clés SSH de tmoreau"
        footer = {binding.binding.description for binding in screen.active_bindings.values() if binding.binding.show}
        assert {"Ajouter une clé", "Retirer une clé"} <= footer
        await press(app, pilot, "k")
        assert str(app.screen.query_one(".question", Static).render()) == "Ajouter une clé SSH à tmoreau"
        await type_text(app, pilot, "ssh-rsa x")
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert text_of(app, "#error-key") == "clé\u202f: pas une clé publique OpenSSH"
