"""The demo's gateway: in the demo's own workshop, the OS account that opens it acts for any demo
person (`atelier demo --as LOGIN`), as the gateway account of an SSH key set-up would.

Only there. A gateway row in a real workshop would let any OS account that can reach its database
act for that workshop's admin, so a workshop the demo did not make never gets one. The demo made a
workshop when the audit trail holds its generation: `generate_demo` writes that event and refuses
to run on a database that already holds a site, so no other workshop can carry it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import select

from atelier_tui.i18n import _
from atelier_tui.services.context import SYSTEM, ServiceError
from atelier_tui.services.staff.people import add_staff
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, Site, Staff

DEMO_GENERATION = "generate_demo"


class NotADemoWorkshop(ServiceError):
    """The database holds a workshop the demo did not make."""


def workshop_site(engine: Engine) -> str | None:
    """The code of the database's first site, or None while it holds no workshop."""
    with read_session(engine) as session:
        return session.execute(select(Site.code).order_by(Site.id).limit(1)).scalar()


def made_by_the_demo(engine: Engine) -> bool:
    with read_session(engine) as session:
        return session.execute(select(AuditEvent.id).where(AuditEvent.action == DEMO_GENERATION).limit(1)).first() is not None


def refuse_unless_made_by_the_demo(engine: Engine) -> None:
    site = workshop_site(engine)
    if site is not None and not made_by_the_demo(engine):
        raise NotADemoWorkshop(_(
            "this database holds a workshop the demo did not make (site {site}): the demo only opens its own "
            "workshop (`atelier demo` without --db)").format(site=site), field="db")


def admit_demo_gateway(engine: Engine, now: datetime, account: str) -> None:
    """Make `account` the demo workshop's gateway. Nothing changes when it is already staff; refused
    (NotADemoWorkshop) on any workshop the demo did not make."""
    if workshop_site(engine) is None or not made_by_the_demo(engine):
        raise NotADemoWorkshop(_("the demo's gateway is only admitted in a workshop the demo made"), field="db")
    with read_session(engine) as session:
        if session.execute(select(Staff.id).where(Staff.login == account)).first() is not None:
            return
    add_staff(engine, SYSTEM, now, account, _("Demo gateway ({account})").format(account=account), "gateway")
