"""Who is at the keyboard. The acting person is the OS account running atelier (read from the
process's user id, which a client cannot set), matched to an active Staff login. `--as LOGIN` is
honoured only for a gateway account: the shared OS account of an SSH key set-up, whose forced
command names the staff member of each key. While a workshop has no staff at all (just
initialised, before its people are imported), the account running atelier administers it."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.vocabulary import Role
from atelier_tui.i18n import _
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:
    from sqlalchemy import Engine

GATEWAY = Role.GATEWAY


@dataclass(frozen=True)
class Identity:
    login: str
    display_name: str
    role: str
    level: int
    staff_id: int | None
    account: str = ""  # the OS account behind it (a gateway's, when acting for someone)
    bootstrap: bool = False  # no staff registered yet: the account administers the workshop

    def actor(self) -> Actor:
        return Actor(login=self.login, role=self.role, staff_id=self.staff_id)


class NotRegistered(ServiceError):
    """The OS account is not a staff member of this workshop."""


def os_account() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


@read_statement
def _active_staff() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Staff

    return select(Staff.login, Staff.display_name, Staff.role, Staff.level, Staff.id).where(
        Staff.login == bindparam("login"), Staff.active)


@read_statement
def _staff_count() -> Any:
    from sqlalchemy import func, select

    from atelier_tui.store.core_tables import Staff

    return select(func.count()).select_from(Staff)


def who_is(engine: Database | Engine, login: str) -> Identity | None:
    with reading(engine) as session:
        row = session.execute(_active_staff, {"login": login}).first()
    return Identity(row.login, row.display_name, row.role, row.level, row.id, account=login) if row else None


def _no_staff_yet(engine: Database | Engine) -> bool:
    with reading(engine) as session:
        return bool(session.execute(_staff_count).scalar_one() == 0)


def resolve_identity(engine: Database | Engine, account: str, acting_for: str | None = None) -> Identity:
    """The staff member `account` is, or acts for; refused with one sentence saying what to do."""
    acting_for = (acting_for or "").strip() or None
    own = who_is(engine, account)
    if own is None:
        if acting_for is None and _no_staff_yet(engine):
            return Identity(account, account, Role.ADMIN, 3, None, account=account, bootstrap=True)
        raise NotRegistered(_(
            "the OS account '{account}' is not registered as staff of this workshop; an admin registers it with "
            "`atelier staff add {account} --name \"Full name\" --role technician`").format(account=account))
    if acting_for is None:
        if own.role == GATEWAY:
            raise ServiceError(_("'{account}' is a gateway account: it only acts for a staff member named with "
                                 "--as LOGIN").format(account=account), field="as")
        return own
    if own.role != GATEWAY:
        raise ServiceError(_("--as {login}: refused, '{account}' is not a gateway account (only the shared account "
                             "of an SSH key set-up may act for someone)").format(login=acting_for, account=account), field="as")
    target = who_is(engine, acting_for)
    if target is None or target.role == GATEWAY:
        raise ServiceError(_("--as {login}: no active staff member has this login").format(login=acting_for), field="as")
    return Identity(target.login, target.display_name, target.role, target.level, target.staff_id, account=account)


def require_gateway(engine: Engine, account: str) -> None:
    """A server that starts sessions for other people (`atelier serve ssh`) runs under a gateway
    account: each session it starts acts for the staff member its key names, through `--as`."""
    own = who_is(engine, account)
    if own is None or own.role != GATEWAY:
        raise ServiceError(_(
            "the OS account '{account}' is not a gateway account: the SSH server acts for each key's owner through it; "
            "an admin registers it with `atelier staff add {account} --name \"SSH gateway\" --role gateway`"
        ).format(account=account), field="as")
