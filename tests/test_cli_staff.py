"""Who the command line acts as: the OS account running it, matched to a staff login; `--as`
only for a gateway account; `atelier whoami`; registering staff; admins alone back up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlmodel import select

from atelier_tui.cli import cli
from atelier_tui.services.identity import os_account
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent

ME = os_account()


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def set_my_role(db: Path, role: str | None) -> None:
    """Make this OS account a staff member with `role`, or (None) not staff at all."""
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        if role is None:
            connection.execute(text("UPDATE staff SET login = 'someone-else' WHERE login = :me"), {"me": ME})
        else:
            connection.execute(text("UPDATE staff SET role = :role WHERE login = :me"), {"role": role, "me": ME})
    engine.dispose()


def test_whoami_names_the_os_account_matched_to_its_staff_login(demo_db: Path) -> None:
    result = atelier(demo_db, "whoami", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"login": ME, "name": "Test runner", "role": "admin", "account": ME, "bootstrap": False}


def test_as_is_refused_unless_the_account_is_a_gateway(demo_db: Path) -> None:
    result = atelier(demo_db, "--as", "cmartin", "whoami")
    assert result.exit_code == 2
    assert f"--as cmartin: refused, '{ME}' is not a gateway account" in result.stderr


def test_a_gateway_acts_only_for_the_person_named_and_the_audit_names_that_person(demo_db: Path) -> None:
    set_my_role(demo_db, "gateway")
    alone = atelier(demo_db, "order", "list")
    assert alone.exit_code == 2 and "gateway account" in alone.stderr and "--as LOGIN" in alone.stderr
    assert atelier(demo_db, "--as", "nobody", "whoami").exit_code == 2
    who = atelier(demo_db, "--as", "tmoreau", "whoami")
    assert who.stdout.strip() == f"Thomas Moreau (tmoreau), technician through the gateway account '{ME}'"
    moved = atelier(demo_db, "--as", "cmartin", "order", "assign", "OR-2026-0011", "PO-01")
    assert moved.exit_code == 0, moved.output
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    engine.dispose()
    assert event is not None and event.entity_key == "OR-2026-0011" and event.actor == "cmartin"


def test_an_unknown_account_is_told_how_an_admin_registers_it(demo_db: Path) -> None:
    set_my_role(demo_db, None)
    result = atelier(demo_db, "order", "list")
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"the OS account '{ME}' is not registered as staff of this workshop; an admin registers it "
                                     f"with `atelier staff add {ME} --name \"Full name\" --role technician`")


def test_a_new_workshop_is_administered_by_its_creator_until_staff_is_registered(catalogued_db: Path) -> None:
    first = atelier(catalogued_db, "whoami")
    assert first.exit_code == 0 and "No staff is registered yet" in first.stdout
    added = atelier(catalogued_db, "staff", "add", ME, "--name", "Alice Admin", "--role", "admin")
    assert added.exit_code == 0, added.output
    assert atelier(catalogued_db, "staff", "add", "tmoreau", "--name", "Thomas Moreau", "--role", "technician").exit_code == 0
    listed = json.loads(atelier(catalogued_db, "staff", "list", "--json").stdout)
    assert [(person["login"], person["role"]) for person in listed] == sorted([(ME, "admin"), ("tmoreau", "technician")])
    assert "No staff" not in atelier(catalogued_db, "whoami").stdout


@pytest.mark.parametrize(("args", "refusal"), [
    (["staff", "add", "jdupont", "--name", "Jeanne Dupont", "--role", "technician"],
     "tmoreau (technician) may not register staff or their keys: this needs admin"),
    (["backup", "copy.db"], "tmoreau (technician) may not back up the database: this needs admin"),
])
def test_a_technician_may_not_manage_staff_nor_back_up(demo_db: Path, tmp_path: Path, args: list[str], refusal: str) -> None:
    set_my_role(demo_db, "gateway")
    result = atelier(demo_db, "--as", "tmoreau", *[str(tmp_path / arg) if arg.endswith(".db") else arg for arg in args])
    assert result.exit_code == 2
    assert result.stderr.strip() == refusal
    assert not (tmp_path / "copy.db").exists()


def test_staff_removed_can_no_longer_act(demo_db: Path) -> None:
    removed = atelier(demo_db, "staff", "remove", "mpetit", "--reason", "left the workshop")
    assert removed.exit_code == 0, removed.output
    set_my_role(demo_db, "gateway")
    assert atelier(demo_db, "--as", "mpetit", "whoami").exit_code == 2
    assert atelier(demo_db, "staff", "list").exit_code == 2  # a gateway alone is no one
