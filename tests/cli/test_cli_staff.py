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
from atelier_tui.services.staff.identity import os_account
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


def _staff_logins(db: Path) -> list[str]:
    return [person["login"] for person in json.loads(atelier(db, "staff", "list", "--all", "--json").stdout)]


@pytest.mark.parametrize(("login", "refusal"), [
    ("TMOREAU", "LOGIN: 'TMOREAU' reads as 'tmoreau', already a login of this workshop: logins may not differ only "
                "in capitals or look-alike characters"),
    ("\uff54moreau", "LOGIN: '\uff54moreau' reads as 'tmoreau', already a login of this workshop: logins may not "
                      "differ only in capitals or look-alike characters"),  # a full-width t
    ("../../etc/passwd", "LOGIN: '../../etc/passwd' is not an account name: lower-case letters, digits, '_', '.' or "
                         "'-', starting with a letter or '_' (the person's OS or SSH login)"),
    ("-oProxyCommand=x", "LOGIN: '-oProxyCommand=x' is not an account name: lower-case letters, digits, '_', '.' or "
                         "'-', starting with a letter or '_' (the person's OS or SSH login)"),
    ("jean dupont", "LOGIN: 'jean dupont' is not an account name: lower-case letters, digits, '_', '.' or '-', "
                    "starting with a letter or '_' (the person's OS or SSH login)"),
    ("a" * 33, f"LOGIN: '{'a' * 33}' is longer than 32 characters"),
])
def test_a_login_that_reads_as_another_or_is_no_account_name_is_refused(demo_db: Path, login: str, refusal: str) -> None:
    before = _staff_logins(demo_db)
    result = atelier(demo_db, "staff", "add", "--name", "Someone", "--role", "admin", "--", login)
    assert (result.exit_code, result.stderr.strip()) == (2, refusal)
    assert _staff_logins(demo_db) == before


def test_account_names_as_systems_make_them_are_accepted(demo_db: Path) -> None:
    for login in ("jean.dupont", "_atelier", "m-petit2", "a" * 32):
        added = atelier(demo_db, "staff", "add", login, "--name", "Someone", "--role", "technician")
        assert added.exit_code == 0, (login, added.output)


def test_a_workshop_file_may_not_bring_a_look_alike_login(demo_db: Path, tmp_path: Path) -> None:
    before = _staff_logins(demo_db)
    workshop = tmp_path / "people.toml"
    workshop.write_text(f'[[staff]]\nlogin = "jdupont"\nsite = "{_site_code(demo_db)}"\ndisplay_name = "Jeanne Dupont"\n'
                        'role = "technician"\n\n'
                        f'[[staff]]\nlogin = "CMartin"\nsite = "{_site_code(demo_db)}"\ndisplay_name = "Claire Martin"\nrole = "admin"\n'
                        , encoding="utf-8")
    result = atelier(demo_db, "import", str(workshop))
    assert result.exit_code == 2, result.output
    assert f"{workshop}:8: " in result.stderr and "login: 'CMartin' reads as 'cmartin'" in result.stderr, result.stderr
    assert _staff_logins(demo_db) == before  # nothing imported, jdupont neither


def _site_code(db: Path) -> str:
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        code = connection.execute(text("SELECT code FROM site ORDER BY id LIMIT 1")).scalar_one()
    engine.dispose()
    return str(code)


def test_staff_removed_can_no_longer_act(demo_db: Path) -> None:
    removed = atelier(demo_db, "staff", "remove", "mpetit", "--reason", "left the workshop")
    assert removed.exit_code == 0, removed.output
    set_my_role(demo_db, "gateway")
    assert atelier(demo_db, "--as", "mpetit", "whoami").exit_code == 2
    assert atelier(demo_db, "staff", "list").exit_code == 2  # a gateway alone is no one


def test_the_staff_list_reads_under_its_header_and_marks_who_was_taken_off(demo_db: Path) -> None:
    assert atelier(demo_db, "staff", "remove", "mpetit", "--reason", "left the workshop").exit_code == 0
    french = CliRunner().invoke(cli, ["--db", str(demo_db), "staff", "list", "--all"], env={"ATELIER_LANG": "fr"}).stdout
    lines = french.splitlines()
    assert lines[0].split() == ["identifiant", "nom", "rôle", "niveau"]
    lead = next(line for line in lines if line.startswith("cmartin "))
    technician = next(line for line in lines if line.startswith("cgirard "))
    assert "chef d'atelier" in lead and lead.index("3") == technician.index("1") == lines[0].index("niveau")
    assert next(line for line in lines if line.startswith("mpetit ")).endswith("(retiré)")


# --- SSH keys: `atelier staff add-key | keys | remove-key` ------------------------------------

def test_an_admin_adds_lists_and_removes_ssh_keys(demo_db: Path, tmp_path: Path) -> None:
    from tests.support.staff_key_samples import ED25519_A, ED25519_B, RSA_2048

    keyfile = tmp_path / "id_ed25519.pub"
    keyfile.write_text(ED25519_A.line + "\n")
    added = atelier(demo_db, "staff", "add-key", "tmoreau", str(keyfile))
    assert added.exit_code == 0, added.output
    assert added.stdout == f"added ssh-ed25519 {ED25519_A.fingerprint} (key-a) for tmoreau\n"
    piped = CliRunner().invoke(cli, ["--db", str(demo_db), "staff", "add-key", "cmartin", "-"],
                               input=f"# Claire's keys\n{ED25519_B.line}\n{RSA_2048.line}\n")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout.splitlines() == [f"added ssh-ed25519 {ED25519_B.fingerprint} (key-b) for cmartin",
                                         f"added ssh-rsa {RSA_2048.fingerprint} (rsa-d) for cmartin"]
    listed = json.loads(atelier(demo_db, "staff", "keys", "--json").stdout)
    assert [(key["login"], key["algorithm"], key["fingerprint"], key["comment"], key["added_by"]) for key in listed] == [
        ("cmartin", "ssh-ed25519", ED25519_B.fingerprint, "key-b", ME),
        ("cmartin", "ssh-rsa", RSA_2048.fingerprint, "rsa-d", ME),
        ("tmoreau", "ssh-ed25519", ED25519_A.fingerprint, "key-a", ME),
    ]
    assert listed[0]["added_at"].endswith("+00:00")
    text = atelier(demo_db, "staff", "keys", "tmoreau")
    assert text.exit_code == 0 and text.stdout.split()[:4] == ["tmoreau", "ssh-ed25519", ED25519_A.fingerprint, "key-a"]
    removed = atelier(demo_db, "staff", "remove-key", RSA_2048.fingerprint, "--reason", "desk replaced")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout == f"removed ssh-rsa {RSA_2048.fingerprint} (rsa-d) of cmartin\n"
    assert [key["fingerprint"] for key in json.loads(atelier(demo_db, "staff", "keys", "cmartin", "--json").stdout)] == [
        ED25519_B.fingerprint]
    assert atelier(demo_db, "audit", "verify").exit_code == 0


@pytest.mark.parametrize(("args", "stdin", "refusal"), [
    (["add-key", "tmoreau", "{tmp}/missing.pub"], None, "KEYFILE: cannot read {tmp}/missing.pub: No such file or directory"),
    (["add-key", "tmoreau", "{tmp}"], None, "KEYFILE: cannot read {tmp}: Is a directory"),
    (["add-key", "tmoreau", "{tmp}/keys.pub"], None, "KEYFILE: {tmp}/keys.pub line 2: not an OpenSSH public key"),
    (["add-key", "tmoreau", "{tmp}/id_ed25519"], None, "KEYFILE: this is a private key: give the .pub file"),
    (["add-key", "tmoreau", "-"], "", "KEYFILE: no public key in standard input"),
    (["add-key", "nobody", "-"], "{key}", "LOGIN: 'nobody' is not active staff"),
    (["keys", "nobody"], None, "LOGIN: 'nobody' is not staff of this workshop"),
    (["remove-key", "SHA256:nothing", "--reason", "lost"], None, "FINGERPRINT: no key has the fingerprint SHA256:nothing"),
    (["remove-key", "SHA256:nothing", "--reason", " "], None, "--reason: a reason is required to remove a key"),
])
def test_key_refusals_are_one_line_naming_the_argument(demo_db: Path, tmp_path: Path, args: list[str], stdin: str | None,
                                                       refusal: str) -> None:
    from tests.support.staff_key_samples import ED25519_A, ED25519_B, PRIVATE_KEY_TEXT

    (tmp_path / "keys.pub").write_text(f"{ED25519_A.line}\nssh-ed25519 AAAA-broken\n{ED25519_B.line}\n")
    (tmp_path / "id_ed25519").write_text(PRIVATE_KEY_TEXT)
    arguments = [arg.format(tmp=tmp_path) for arg in args]
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "staff", *arguments],
                                input=None if stdin is None else stdin.format(key=ED25519_A.line))
    assert result.exit_code == 2
    assert result.stderr == refusal.format(tmp=tmp_path) + "\n"
    assert json.loads(atelier(demo_db, "staff", "keys", "--json").stdout) == []


def test_a_technician_may_not_add_a_key(demo_db: Path, tmp_path: Path) -> None:
    from tests.support.staff_key_samples import ED25519_A

    keyfile = tmp_path / "id_ed25519.pub"
    keyfile.write_text(ED25519_A.line)
    set_my_role(demo_db, "gateway")
    result = atelier(demo_db, "--as", "tmoreau", "staff", "add-key", "tmoreau", str(keyfile))
    assert result.exit_code == 2
    assert result.stderr.strip() == "tmoreau (technician) may not register staff or their keys: this needs admin"
    listed = atelier(demo_db, "--as", "tmoreau", "staff", "keys", "--json")  # reading is open to staff
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []


def _audited_actors(db: Path, entity: str, key: str | None = None) -> set[str]:
    engine = make_engine(f"sqlite:///{db}")
    query = select(AuditEvent.actor).where(AuditEvent.entity == entity)
    if key is not None:
        query = query.where(AuditEvent.entity_key == key)
    with read_session(engine) as session:
        actors = set(session.exec(query).all())
    engine.dispose()
    return actors


def test_catalog_import_and_init_are_audited_under_the_admin_who_ran_them(demo_db: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[[capability]]\nkey = "dial_printing"\nname_en = "Dial printing"\nname_fr = "Impression de cadran"\n',
                    encoding="utf-8")
    imported = atelier(demo_db, "catalog", "import", str(plan))
    assert imported.exit_code == 0, imported.output
    assert _audited_actors(demo_db, "capability", "dial_printing") == {ME}
    assert atelier(demo_db, "init").exit_code == 0


@pytest.mark.parametrize("role", ["technician", "lead"])
def test_init_and_catalog_import_on_a_workshop_are_refused_below_admin(demo_db: Path, tmp_path: Path, role: str) -> None:
    set_my_role(demo_db, role)
    plan = tmp_path / "plan.toml"
    plan.write_text('[[capability]]\nkey = "dial_printing"\nname_en = "Dial printing"\nname_fr = "Impression de cadran"\n',
                    encoding="utf-8")
    for args in (["catalog", "import", str(plan)], ["init"]):
        refused = atelier(demo_db, *args)
        assert refused.exit_code == 2
        assert refused.output.strip() == f"{ME} ({role}) may not import catalogs: this needs admin"
    assert "dial_printing" not in _capabilities(demo_db)


def _capabilities(db: Path) -> set[str]:
    from atelier_tui.store.models import Capability

    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        keys = set(session.exec(select(Capability.key)).all())
    engine.dispose()
    return keys


def test_a_new_database_is_initialised_by_the_account_that_creates_it(tmp_path: Path) -> None:
    database = tmp_path / "new.db"
    created = atelier(database, "init", "--demo")
    assert created.exit_code == 0, created.output
    assert _audited_actors(database, "workshop") == {ME}  # the demo's generation, under the person, not "system"
    alone = atelier(database, "init")
    assert alone.exit_code == 2  # the demo made this account its gateway: alone, it may do nothing
    again = atelier(database, "--as", "nroux", "init", "--demo")  # the demo's admin
    assert again.exit_code == 2
    assert again.output.startswith("this database already holds a workshop (site")
