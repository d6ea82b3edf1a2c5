"""The SSH public keys of the workshop's people: an admin registers them (from an id_ed25519.pub,
or several lines as in an authorized_keys file), the built-in SSH server finds who connects by a
key's fingerprint (`key_owner`), an admin removes a key with a reason. Every change is audited
under the entity "staff", keyed by the owner's login.

asyncssh parses the keys; it is imported inside the functions (it loads the cryptography
library), so that the CLI and the TUI do not pay for it at start-up."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.services.staff.identity import GATEWAY
from atelier_tui.store.access_models import StaffKey
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Staff

# A public key file is one line per key; anything much larger is not one (a binary picked by mistake).
MAX_KEY_FILE_BYTES = 256 * 1024
# What OpenSSH itself would call weak: DSA (dropped by OpenSSH) and RSA under this many bits.
MIN_RSA_BITS = 2048
# The first word of an OpenSSH public key line (ssh-ed25519, ssh-rsa, ecdsa-sha2-*, sk-*@openssh.com).
KEY_PREFIXES = ("ssh-", "ecdsa-", "sk-")
PRIVATE_KEY_MARKERS = ("PRIVATE KEY-----", "PuTTY-User-Key-File")


@dataclass(frozen=True)
class StaffKeyEntry:
    login: str  # the staff member owning the key
    fingerprint: str  # "SHA256:..." exactly as `ssh-keygen -lf` prints it
    algorithm: str  # "ssh-ed25519", "ssh-rsa", ...
    comment: str
    added_at: datetime
    added_by: str  # login of the admin ("" when the system added it)


@dataclass(frozen=True)
class _ParsedKey:
    line: int
    fingerprint: str
    algorithm: str
    public_key: str
    comment: str


# Reading what a person gives -------------------------------------------------------------------

def looks_like_key(text: str) -> bool:
    """Whether typed text is a key line itself rather than the path of a key file."""
    return text.strip().startswith(KEY_PREFIXES)


def read_key_file(path: str) -> str:
    """The text of a public key file (`~` expanded); a file that cannot be read is refused in one
    line naming it."""
    try:
        file = Path(path).expanduser()
        if file.stat().st_size > MAX_KEY_FILE_BYTES:
            raise ServiceError(_("key: {path} is too large to be a public key file").format(path=path), field="key")
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ServiceError(_("key: {path} is not a text file: give the .pub file").format(path=path), field="key") from None
    except OSError as error:
        raise ServiceError(_("key: cannot read {path}: {why}").format(path=path, why=error.strerror or error),
                           field="key") from None


def key_text_or_file(typed: str) -> tuple[str, str]:
    """What the TUI's form was given: a pasted key line, or the path of a .pub file. Returns the key
    text and the name to use in messages."""
    typed = typed.strip()
    if not typed:
        raise ServiceError(_("key: paste a public key line or give the path of a .pub file"), field="key")
    if looks_like_key(typed) or "-----BEGIN" in typed:
        return typed, "key"
    return read_key_file(typed), Path(typed).name


def _where(source: str, line: int, several: bool) -> str:
    """Where a refused key is, for the message: the file and the line when there are several."""
    if several:
        return _("{source} line {line}: ").format(source=source, line=line)
    return "" if source in ("", "key") else f"{source}: "


def _refuse(where: str, message: str) -> ServiceError:
    return ServiceError(_("key: {where}{message}").format(where=where, message=message), field="key")


def parse_keys(key_text: str, source: str = "key") -> list[_ParsedKey]:
    """Every key of `key_text` (OpenSSH public key lines; blank and `#` lines ignored), or the first
    refusal; nothing is half-read."""
    from atelier_tui.quiet_asyncssh import asyncssh

    if any(marker in key_text for marker in PRIVATE_KEY_MARKERS):
        raise ServiceError(_("key: this is a private key: give the .pub file"), field="key")
    lines = [(number, line.strip()) for number, line in enumerate(key_text.splitlines(), start=1)
             if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise ServiceError(_("key: no public key in {source}").format(source=source), field="key")
    several = len(lines) > 1
    parsed: list[_ParsedKey] = []
    for number, line in lines:
        where = _where(source, number, several)
        words = line.split()
        if not line.startswith(KEY_PREFIXES) and any(word.startswith(KEY_PREFIXES) for word in words[1:]):
            raise _refuse(where, _("authorized_keys options are not kept here: give the key alone"))
        try:
            key = asyncssh.import_public_key(line)
        except (asyncssh.KeyImportError, ValueError):
            raise _refuse(where, _("not an OpenSSH public key")) from None
        algorithm = key.get_algorithm()
        if algorithm == "ssh-dss":
            raise _refuse(where, _("DSA keys are too weak and no longer accepted by OpenSSH"))
        bits = getattr(key.pyca_key, "key_size", None) if algorithm == "ssh-rsa" else None
        if bits is not None and bits < MIN_RSA_BITS:
            raise _refuse(where, _("an RSA key of {bits} bits is too weak: {least} bits at least").format(
                bits=bits, least=MIN_RSA_BITS))
        entry = _ParsedKey(number, key.get_fingerprint("sha256"), algorithm,
                           f"{algorithm} {base64.b64encode(key.public_data).decode('ascii')}", key.get_comment() or "")
        twin = next((earlier for earlier in parsed if earlier.fingerprint == entry.fingerprint), None)
        if twin is not None:
            raise _refuse(where, _("the same key as line {line}").format(line=twin.line))
        parsed.append(entry)
    return parsed


# Changing the keys -----------------------------------------------------------------------------

def _owner(session: Session, login: str) -> Staff:
    person = session.execute(select(Staff).where(Staff.login == login, Staff.active)).scalar_one_or_none()
    if person is None:
        raise ServiceError(_("login: '{login}' is not active staff").format(login=login), field="login")
    if person.role == GATEWAY:
        raise ServiceError(_("login: '{login}' is a gateway account: keys belong to the people it acts for").format(
            login=login), field="login")
    return person


def _actor_staff_id(session: Session, actor: Actor) -> int | None:
    if actor.staff_id is not None:
        return actor.staff_id
    return session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar_one_or_none()


def add_staff_keys(engine: Engine, actor: Actor, now: datetime, login: str, key_text: str,
                   source: str = "key") -> list[StaffKeyEntry]:
    """Register every key of `key_text` for `login`, all in one transaction or none."""
    require(actor, "staff.manage")
    login = login.strip()
    parsed = parse_keys(key_text, source)  # before the write lock: parsing takes a while
    several = len(parsed) > 1
    with write_session(engine) as session:
        person = _owner(session, login)
        taken = dict(session.execute(
            select(StaffKey.fingerprint, Staff.login).join(Staff, Staff.id == StaffKey.staff_id)
            .where(StaffKey.fingerprint.in_([key.fingerprint for key in parsed]))).all())
        for key in parsed:
            if key.fingerprint in taken:
                raise _refuse(_where(source, key.line, several), _("already registered to {login} ({fingerprint})").format(
                    login=taken[key.fingerprint], fingerprint=key.fingerprint))
        added_by_id = _actor_staff_id(session, actor)
        added = []
        for key in parsed:
            row = StaffKey(staff_id=person.id, fingerprint=key.fingerprint, algorithm=key.algorithm,
                           public_key=key.public_key, comment=key.comment, added_at=now, added_by_id=added_by_id)
            session.add(row)
            session.flush()
            audit.record(session, actor, now, "add_staff_key", "staff", login, None, audit.snapshot(row))
            added.append(StaffKeyEntry(login, key.fingerprint, key.algorithm, key.comment, now,
                                       actor.login if added_by_id is not None else ""))
        return added


def _normalized_fingerprint(fingerprint: str) -> str:
    fingerprint = fingerprint.strip()
    return fingerprint if fingerprint.startswith("SHA256:") or not fingerprint else f"SHA256:{fingerprint}"


def remove_staff_key(engine: Engine, actor: Actor, now: datetime, fingerprint: str, reason: str) -> StaffKeyEntry:
    """Take one key away (the row goes; the audit trail keeps what it was)."""
    require(actor, "staff.manage")
    if not reason.strip():
        raise ServiceError(_("reason: a reason is required to remove a key"), field="reason")
    fingerprint = _normalized_fingerprint(fingerprint)
    with write_session(engine) as session:
        found = session.execute(_entries_query().where(StaffKey.fingerprint == fingerprint)).first()
        if found is None:
            raise ServiceError(_("fingerprint: no key has the fingerprint {fingerprint}").format(fingerprint=fingerprint),
                               field="fingerprint")
        row, entry = found[0], _entry(found[1:])
        before = audit.snapshot(row)
        session.delete(row)
        session.flush()
        audit.record(session, actor, now, "remove_staff_key", "staff", entry.login, before, None, reason.strip())
        return entry


# Reading them ----------------------------------------------------------------------------------

def _entries_query() -> Any:
    adder = aliased(Staff)
    return (select(StaffKey, Staff.login, StaffKey.fingerprint, StaffKey.algorithm, StaffKey.comment, StaffKey.added_at,
                   adder.login)
            .join(Staff, Staff.id == StaffKey.staff_id)
            .outerjoin(adder, adder.id == StaffKey.added_by_id))


def _entry(columns: Any) -> StaffKeyEntry:
    login, fingerprint, algorithm, comment, added_at, added_by = columns
    return StaffKeyEntry(login, fingerprint, algorithm, comment, utc(added_at), added_by or "")


def list_staff_keys(engine: Engine, login: str | None = None) -> list[StaffKeyEntry]:
    """Every registered key (of `login` only, when given), by login then in the order added; keys
    of people taken off the staff are listed too (they stay until removed, but let no one in)."""
    query = _entries_query().order_by(Staff.login, StaffKey.added_at, StaffKey.id)
    with read_session(engine) as session:
        if login is not None:
            if session.execute(select(Staff.id).where(Staff.login == login)).first() is None:
                raise ServiceError(_("login: '{login}' is not staff of this workshop").format(login=login), field="login")
            query = query.where(Staff.login == login)
        return [_entry(row[1:]) for row in session.execute(query)]


def key_owner(engine: Engine, fingerprint: str) -> str | None:
    """The login of the active, non-gateway staff member owning the key, else None. No actor: the
    SSH server asks before anyone is authenticated. One query on the unique fingerprint index."""
    query = (select(Staff.login).join(StaffKey, StaffKey.staff_id == Staff.id)
             .where(StaffKey.fingerprint == fingerprint, Staff.active, Staff.role != GATEWAY))
    with read_session(engine) as session:
        return session.execute(query).scalar_one_or_none()
