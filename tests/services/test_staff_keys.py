"""SSH public keys of staff members (services/staff/keys.py), on SQLite and PostgreSQL: keys made
in the test by asyncssh, fingerprints as ssh-keygen prints them, all-or-nothing adds, who may own a
key and who may add one, `key_owner` as the SSH server asks it, and the audit trail intact."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import PermissionDenied
from atelier_tui.services.staff.keys import (
    add_staff_keys,
    key_owner,
    key_text_or_file,
    list_staff_keys,
    remove_staff_key,
)
from atelier_tui.services.staff.people import add_staff, remove_staff
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, StaffKey
from tests.support.fixed_time import FIXED_NOW
from tests.support.staff_key_samples import ED25519_A, RSA_1024

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

ADMIN = Actor("nroux", "admin")


def new_key(algorithm: str = "ssh-ed25519", comment: str = "") -> tuple[str, object]:
    """A fresh key pair: the public line (as in a .pub file) and the private key."""
    from atelier_tui.quiet_asyncssh import asyncssh  # as atelier imports it: without cryptography's DSA warnings

    private = asyncssh.generate_private_key(algorithm, comment=comment or None,
                                            **({"key_size": 2048} if algorithm == "ssh-rsa" else {}))
    return private.export_public_key("openssh").decode().strip(), private


def fingerprint_of(line: str) -> str:
    from atelier_tui.quiet_asyncssh import asyncssh

    return asyncssh.import_public_key(line).get_fingerprint("sha256")


def key_rows(engine) -> int:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(StaffKey)).scalar_one()


def events(engine, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return list(session.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).scalars())


def test_one_key_is_registered_with_its_fingerprint_algorithm_and_comment(demo_engine) -> None:  # type: ignore[no-untyped-def]
    line, _private = new_key(comment="tmoreau@bench-3")
    [added] = add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", line, "id_ed25519.pub")
    assert (added.login, added.algorithm, added.comment, added.added_by) == ("tmoreau", "ssh-ed25519", "tmoreau@bench-3", "nroux")
    assert added.fingerprint == fingerprint_of(line) and added.fingerprint.startswith("SHA256:")
    assert list_staff_keys(demo_engine, "tmoreau") == [added]
    assert list_staff_keys(demo_engine, "cmartin") == []
    with read_session(demo_engine) as session:
        row = session.execute(select(StaffKey)).scalar_one()
    assert row.public_key == " ".join(line.split()[:2])  # canonical: algorithm and base64, no comment
    assert row.comment == "tmoreau@bench-3"


def test_several_keys_of_an_authorized_keys_file_are_added_together(demo_engine) -> None:  # type: ignore[no-untyped-def]
    ed25519, _a = new_key(comment="laptop")
    rsa, _b = new_key("ssh-rsa", comment="desk")
    ecdsa, _c = new_key("ecdsa-sha2-nistp256")
    text = f"# Thomas's keys\n{ed25519}\n\n{rsa}   \n{ecdsa}"
    added = add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", text, "authorized_keys")
    assert [(key.algorithm, key.comment) for key in added] == [
        ("ssh-ed25519", "laptop"), ("ssh-rsa", "desk"), ("ecdsa-sha2-nistp256", "")]
    assert [key.fingerprint for key in list_staff_keys(demo_engine)] == [fingerprint_of(line) for line in (ed25519, rsa, ecdsa)]
    assert len(events(demo_engine, "add_staff_key")) == 3


@pytest.mark.skipif(shutil.which("ssh-keygen") is None and os.environ.get("CI") != "true", reason="ssh-keygen not installed")
def test_the_fingerprint_is_what_ssh_keygen_prints(demo_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for algorithm in ("ssh-ed25519", "ssh-rsa"):
        line, _private = new_key(algorithm, comment=f"{algorithm} key")
        path = tmp_path / f"{algorithm}.pub"
        path.write_text(line)
        printed = subprocess.run(["ssh-keygen", "-lf", str(path)], capture_output=True, text=True, check=True).stdout
        [added] = add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", path.read_text(), path.name)
        assert added.fingerprint == printed.split()[1]


def test_a_key_registered_to_someone_is_refused_naming_its_owner(demo_engine) -> None:  # type: ignore[no-untyped-def]
    line, _private = new_key()
    add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", line)
    fingerprint = fingerprint_of(line)
    for login in ("tmoreau", "cmartin"):
        with pytest.raises(ServiceError) as refused:
            add_staff_keys(demo_engine, ADMIN, FIXED_NOW, login, line, "id_ed25519.pub")
        assert str(refused.value) == f"key: id_ed25519.pub: already registered to tmoreau ({fingerprint})"
        assert refused.value.field == "key"
    other, _other = new_key()
    with pytest.raises(ServiceError, match=r"^key: keys line 2: already registered to tmoreau"):
        add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "cmartin", f"{other}\n{line}", "keys")
    with pytest.raises(ServiceError, match=r"^key: keys line 3: the same key as line 1$"):
        add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "cmartin", f"{other}\n\n{other}", "keys")
    assert key_rows(demo_engine) == 1


def test_a_private_key_is_refused(demo_engine) -> None:  # type: ignore[no-untyped-def]
    _line, private = new_key()
    with pytest.raises(ServiceError) as refused:
        add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", private.export_private_key().decode(), "id_ed25519")  # type: ignore[attr-defined]
    assert str(refused.value) == "key: this is a private key: give the .pub file"
    assert key_rows(demo_engine) == 0


def test_a_bad_line_names_its_line_and_nothing_of_the_file_is_added(demo_engine) -> None:  # type: ignore[no-untyped-def]
    first, _a = new_key()
    second, _b = new_key("ssh-rsa")
    refusals = {
        f"{first}\n{second}\nssh-ed25519 AAAAnot-base64 broken\n": "key: id_rsa.pub line 3: not an OpenSSH public key",
        f"{first}\nhello world\n{second}": "key: id_rsa.pub line 2: not an OpenSSH public key",
        f'{first}\ncommand="atelier --as x",restrict {second}': "key: id_rsa.pub line 2: authorized_keys options are not "
                                                                 "kept here: give the key alone",
        f"{first}\n{RSA_1024.line}": "key: id_rsa.pub line 2: an RSA key of 1024 bits is too weak: 2048 bits at least",
        "": "key: no public key in id_rsa.pub",
        "# only a comment\n\n": "key: no public key in id_rsa.pub",
        "garbage": "key: id_rsa.pub: not an OpenSSH public key",
    }
    for text, message in refusals.items():
        with pytest.raises(ServiceError) as refused:
            add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", text, "id_rsa.pub")
        assert (str(refused.value), refused.value.field) == (message, "key")
    with pytest.raises(ServiceError, match=r"^key: not an OpenSSH public key$"):  # pasted: no file to name
        add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", "garbage")
    assert key_rows(demo_engine) == 0
    assert events(demo_engine, "add_staff_key") == []


def test_only_active_staff_who_are_not_gateways_may_own_keys(demo_engine) -> None:  # type: ignore[no-untyped-def]
    add_staff(demo_engine, ADMIN, FIXED_NOW, "gw", "SSH gateway", "gateway")
    remove_staff(demo_engine, ADMIN, FIXED_NOW, "mpetit", "left the workshop")
    line, _private = new_key()
    refusals = {
        "gw": "login: 'gw' is a gateway account: keys belong to the people it acts for",
        "mpetit": "login: 'mpetit' is not active staff",
        "nobody": "login: 'nobody' is not active staff",
    }
    for login, message in refusals.items():
        with pytest.raises(ServiceError) as refused:
            add_staff_keys(demo_engine, ADMIN, FIXED_NOW, login, line)
        assert (str(refused.value), refused.value.field) == (message, "login")
    assert key_rows(demo_engine) == 0


def test_key_owner_lets_in_only_active_staff(demo_engine) -> None:  # type: ignore[no-untyped-def]
    line, _private = new_key()
    fingerprint = fingerprint_of(line)
    assert key_owner(demo_engine, fingerprint) is None
    add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "mpetit", line)
    assert key_owner(demo_engine, fingerprint) == "mpetit"
    assert key_owner(demo_engine, ED25519_A.fingerprint) is None
    assert key_owner(demo_engine, "") is None
    remove_staff(demo_engine, ADMIN, FIXED_NOW, "mpetit", "left the workshop")
    assert key_owner(demo_engine, fingerprint) is None
    assert list_staff_keys(demo_engine) == []  # taken off with the person, audited with the same reason
    [removed] = events(demo_engine, "remove_staff_key")
    assert (removed.entity_key, removed.reason, removed.before["fingerprint"]) == ("mpetit", "left the workshop", fingerprint)
    assert audit.verify_chain(demo_engine) is None

    # Registered again one day, the person does not get the old key back.
    add_staff(demo_engine, ADMIN, FIXED_NOW, "mpetit", "Marie Petit", "technician")
    assert key_owner(demo_engine, fingerprint) is None


def test_key_owner_is_one_query_on_the_fingerprint_index(demo_engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event, inspect

    indexes = {index["name"]: index for index in inspect(demo_engine).get_indexes("staff_key")}
    assert indexes["ix_staff_key_fingerprint"]["unique"] and indexes["ix_staff_key_fingerprint"]["column_names"] == ["fingerprint"]
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (before_cursor_execute's statement)
    event.listen(demo_engine, "before_cursor_execute", listener)
    try:
        key_owner(demo_engine, ED25519_A.fingerprint)
    finally:
        event.remove(demo_engine, "before_cursor_execute", listener)
    selects = [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "staff_key.fingerprint" in selects[0]


def test_a_key_is_removed_with_a_reason_and_the_trail_stays_intact(demo_engine) -> None:  # type: ignore[no-untyped-def]
    line, _private = new_key(comment="old laptop")
    [added] = add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", line)
    for reason in ("", "   "):
        with pytest.raises(ServiceError) as refused:
            remove_staff_key(demo_engine, ADMIN, FIXED_NOW, added.fingerprint, reason)
        assert (str(refused.value), refused.value.field) == ("reason: a reason is required to remove a key", "reason")
    with pytest.raises(ServiceError) as unknown:
        remove_staff_key(demo_engine, ADMIN, FIXED_NOW, ED25519_A.fingerprint, "lost")
    assert str(unknown.value) == f"fingerprint: no key has the fingerprint {ED25519_A.fingerprint}"
    assert key_owner(demo_engine, added.fingerprint) == "tmoreau"
    # The fingerprint as copied without its "SHA256:" prefix finds the key too.
    removed = remove_staff_key(demo_engine, ADMIN, FIXED_NOW, added.fingerprint.removeprefix("SHA256:"), " laptop stolen ")
    assert removed == added
    assert key_owner(demo_engine, added.fingerprint) is None and list_staff_keys(demo_engine) == []
    [adding] = events(demo_engine, "add_staff_key")
    [removing] = events(demo_engine, "remove_staff_key")
    assert (adding.actor, adding.entity, adding.entity_key, adding.before) == ("nroux", "staff", "tmoreau", None)
    assert adding.after is not None and adding.after["fingerprint"] == added.fingerprint and adding.after["comment"] == "old laptop"
    assert (removing.entity_key, removing.reason, removing.after) == ("tmoreau", "laptop stolen", None)
    assert removing.before == adding.after
    assert audit.verify_chain(demo_engine) is None


@pytest.mark.parametrize("role", ["technician", "lead", "gateway"])
def test_only_admins_add_or_remove_keys(demo_engine, role: str) -> None:  # type: ignore[no-untyped-def]
    line, _private = new_key()
    [added] = add_staff_keys(demo_engine, ADMIN, FIXED_NOW, "tmoreau", line)
    someone = Actor("cmartin", role)
    other, _other = new_key()
    with pytest.raises(PermissionDenied, match="may not register staff or their keys: this needs admin"):
        add_staff_keys(demo_engine, someone, FIXED_NOW, "cmartin", other)
    with pytest.raises(PermissionDenied):
        remove_staff_key(demo_engine, someone, FIXED_NOW, added.fingerprint, "not mine")
    assert [key.fingerprint for key in list_staff_keys(demo_engine)] == [added.fingerprint]
    assert len(events(demo_engine, "add_staff_key")) == 1 and events(demo_engine, "remove_staff_key") == []


def test_listing_the_keys_of_an_unknown_login_is_refused(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as refused:
        list_staff_keys(demo_engine, "nobody")
    assert (str(refused.value), refused.value.field) == ("login: 'nobody' is not staff of this workshop", "login")


@pytest.mark.sqlite_only("reads files, no database")
def test_the_form_takes_a_pasted_key_or_the_path_of_a_pub_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "id_ed25519.pub").write_text(ED25519_A.line + "\n")
    assert key_text_or_file(f"  {ED25519_A.line} ") == (ED25519_A.line, "key")
    assert key_text_or_file("~/.ssh/id_ed25519.pub") == (ED25519_A.line + "\n", "id_ed25519.pub")
    refusals = {
        "~/.ssh/missing.pub": "key: cannot read ~/.ssh/missing.pub: No such file or directory",
        "~/.ssh": "key: cannot read ~/.ssh: Is a directory",
        "": "key: paste a public key line or give the path of a .pub file",
    }
    for typed, message in refusals.items():
        with pytest.raises(ServiceError) as refused:
            key_text_or_file(typed)
        assert (str(refused.value), refused.value.field) == (message, "key")
