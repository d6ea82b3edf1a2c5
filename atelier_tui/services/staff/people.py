"""The workshop's people as atelier knows them: registering a login with its role, and taking
someone off (kept for the history, no longer able to act)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session

from atelier_tui.domain.logins import MAX_LOGIN_LENGTH, confusable_with, login_fault
from atelier_tui.domain.vocabulary import Role, values
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Site, Staff, StaffKey

# A workshop with no site yet (only `atelier init` so far) gets this one with its first person.
FIRST_SITE_CODE = "MAIN"


@dataclass(frozen=True)
class StaffEntry:
    login: str
    display_name: str
    role: str
    level: int
    active: bool


def _site_id(session: Session, site_code: str | None) -> int:
    sites = session.execute(select(Site.code, Site.id).order_by(Site.id)).all()
    if site_code:
        for code, site_id in sites:
            if code == site_code:
                return site_id
        raise ServiceError(_("site: '{code}' is not a site of this workshop").format(code=site_code), field="site")
    if len(sites) > 1:
        raise ServiceError(_("site: this workshop has several sites ({codes}): name one").format(
            codes=", ".join(code for code, _id in sites)), field="site")
    if sites:
        return sites[0][1]
    site = Site(code=FIRST_SITE_CODE, name=_("Workshop"))
    session.add(site)
    session.flush()
    return site.id


def new_login_refusal(login: str, registered: Iterable[str]) -> str | None:
    """Why `login` may not be registered beside the workshop's `registered` logins, or None. A login
    already registered is not new: the rows of an older workshop keep theirs (domain/logins.py)."""
    other = confusable_with(login, registered)
    if other is not None:
        return _("login: '{login}' reads as '{other}', already a login of this workshop: logins may not differ only "
                 "in capitals or look-alike characters").format(login=login, other=other)
    fault = login_fault(login)
    if fault == "empty":
        return _("login: required, the person's OS or SSH login")
    if fault == "too_long":
        return _("login: '{login}' is longer than {count} characters").format(login=login, count=MAX_LOGIN_LENGTH)
    if fault is not None:
        return _("login: '{login}' is not an account name: lower-case letters, digits, '_', '.' or '-', starting with "
                 "a letter or '_' (the person's OS or SSH login)").format(login=login)
    return None


def add_staff(engine: Engine, actor: Actor, now: datetime, login: str, display_name: str, role: str, level: int = 1,
              site_code: str | None = None) -> StaffEntry:
    require(actor, "staff.manage")
    login, display_name = login.strip(), display_name.strip()
    if not display_name:
        raise ServiceError(_("name: required"), field="name")
    if role not in values(Role):
        raise ServiceError(_("role: '{role}' is not one of {roles}").format(role=role, roles=", ".join(Role)), field="role")
    if level not in (1, 2, 3):
        raise ServiceError(_("level: {level} is not 1, 2 or 3").format(level=level), field="level")
    with write_session(engine) as session:
        existing = session.execute(select(Staff).where(Staff.login == login)).scalar_one_or_none()
        if existing is None:  # compared in the write transaction: two admins adding look-alikes at once
            refusal = new_login_refusal(login, session.execute(select(Staff.login)).scalars())
            if refusal:
                raise ServiceError(refusal, field="login")
        elif existing.active:
            raise ServiceError(_("login: '{login}' is already registered ({role})").format(login=login, role=existing.role),
                               field="login")
        before = audit.snapshot(existing)
        person = existing or Staff(site_id=_site_id(session, site_code), login=login, display_name=display_name, role=role)
        person.display_name, person.role, person.level, person.active = display_name, role, level, True
        if existing is not None:
            person.version += 1
        session.add(person)
        session.flush()
        audit.record(session, actor, now, "register_staff", "staff", login, before, audit.snapshot(person))
        return StaffEntry(login, display_name, role, level, True)


def remove_staff(engine: Engine, actor: Actor, now: datetime, login: str, reason: str) -> None:
    require(actor, "staff.manage")
    if not reason.strip():
        raise ServiceError(_("reason: a reason is required to take someone off the staff"), field="reason")
    if login == actor.login:
        raise ServiceError(_("login: you cannot take yourself off the staff"), field="login")
    with write_session(engine) as session:
        person = session.execute(select(Staff).where(Staff.login == login, Staff.active)).scalar_one_or_none()
        if person is None:
            raise ServiceError(_("login: '{login}' is not active staff").format(login=login), field="login")
        before = audit.snapshot(person)
        person.active = False
        person.version += 1
        session.flush()
        audit.record(session, actor, now, "remove_staff", "staff", login, before, audit.snapshot(person), reason.strip())
        # Their SSH keys go with them: registered again one day, they bring new keys, and a key
        # left on a lost laptop opens nothing.
        for key in session.execute(select(StaffKey).where(StaffKey.staff_id == person.id)).scalars().all():
            audit.record(session, actor, now, "remove_staff_key", "staff", login, audit.snapshot(key), None, reason.strip())
            session.delete(key)


def list_staff_entries(engine: Engine, include_inactive: bool = False) -> list[StaffEntry]:
    query = select(Staff.login, Staff.display_name, Staff.role, Staff.level, Staff.active).order_by(Staff.login)
    if not include_inactive:
        query = query.where(Staff.active)
    with read_session(engine) as session:
        return [StaffEntry(*row) for row in session.execute(query)]
