"""Who may do what: one table of actions and the roles allowed each, checked by the services
themselves before they write (deny by default: an action missing from the table is refused to
everyone). The TUI hides what a role may not do, but only this check decides.

A gateway account (the shared OS account of an SSH key set-up) is never an actor: it only says
for whom it acts (`--as`), so it is allowed nothing here.

The actor is resolved once, when a command or a workstation starts, and a workstation stays open
for hours: `confirm_actor` checks again, inside each write transaction, that the person is still
active staff with a role that allows at least what the check was made with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from atelier_tui.domain.vocabulary import Role, values
from atelier_tui.i18n import N_, _
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.wording.vocabulary import word

if TYPE_CHECKING:  # the table and the permission checks load before the database layer does
    from sqlalchemy.orm import Session

ROLES = values(Role)
_STAFF = frozenset({Role.TECHNICIAN, Role.LEAD, Role.ADMIN})
_LEADS = frozenset({Role.LEAD, Role.ADMIN})
_ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    doing: str  # what the action does, to finish "may not …" (marked for translation)


PERMISSIONS: dict[str, Permission] = {
    # Tools
    "tool.check_out": Permission(_STAFF, N_("check a tool out to a bench")),
    "tool.check_in": Permission(_STAFF, N_("check a tool back in")),
    "tool.out_of_service": Permission(_STAFF, N_("put a tool out of service")),
    "tool.return_to_service": Permission(_LEADS, N_("return a tool to service")),
    # Supplies
    "stock.receive": Permission(_LEADS, N_("receive a lot")),
    "stock.consume": Permission(_STAFF, N_("consume stock")),
    "stock.adjust": Permission(_LEADS, N_("adjust stock")),
    "stock.dispose": Permission(_STAFF, N_("dispose of stock")),
    "stock.transfer": Permission(_STAFF, N_("move a lot to another store location")),
    # Benches
    "bench.assign": Permission(_LEADS, N_("assign technicians to benches")),
    "bench.status": Permission(_STAFF, N_("change a bench's status")),
    "checklist.run": Permission(_STAFF, N_("run a checklist")),
    # Repair orders and their sheets
    "order.create": Permission(_STAFF, N_("take in repair orders")),
    "order.assign": Permission(_LEADS, N_("assign an order to a bench or a technician")),
    "order.plan": Permission(_LEADS, N_("change an order's grade or estimate after intake")),
    "order.prepare": Permission(_STAFF, N_("prepare a bench for an order")),
    "order.start": Permission(_STAFF, N_("start an order")),
    "order.concede": Permission(_LEADS, N_("start an order that is not ready (concession)")),
    "sheet.write": Permission(_STAFF, N_("keep an intervention sheet")),
    "sheet.acknowledge_alert": Permission(_LEADS, N_("acknowledge an alert from a bench")),
    # Maintenance and calibration
    "maintenance.record": Permission(_STAFF, N_("record maintenance")),
    "calibration.record": Permission(_LEADS, N_("record a calibration")),
    "maintenance.reschedule": Permission(_LEADS, N_("reschedule maintenance")),
    "maintenance.correct_usage": Permission(_LEADS, N_("correct a tool's usage count")),
    "maintenance.plan": Permission(_LEADS, N_("give a tool a maintenance plan of its own, or retire it")),
    "review.dispose": Permission(_LEADS, N_("decide on a sheet under review")),
    "interval.decide": Permission(_LEADS, N_("decide on a calibration interval")),
    # Labels (a label is what the scanner trusts: printing one is audited)
    "label.print": Permission(_STAFF, N_("print labels")),
    # Documents (sheets, pick lists, records, due lists, reviews): anyone who may read them prints
    # them; audited, as what leaves the workshop on paper
    "document.print": Permission(_STAFF, N_("print documents")),
    # The workshop itself
    "audit.read": Permission(_LEADS, N_("read the audit trail")),
    "staff.manage": Permission(_ADMINS, N_("register staff or their keys")),
    "catalog.import": Permission(_ADMINS, N_("import catalogs")),
    "workshop.import": Permission(_ADMINS, N_("import a workshop file")),
    "spreadsheet.import": Permission(_LEADS, N_("import a spreadsheet")),
    "demo.generate": Permission(_ADMINS, N_("generate a demo workshop")),
    "database.backup": Permission(_ADMINS, N_("back up the database")),
    "database.restore": Permission(_ADMINS, N_("restore the database")),
}


class PermissionDenied(ServiceError):
    """A refusal by role. A service may word it for the field it is about (`message`, `field`)."""

    def __init__(self, actor: Actor, action: str, message: str = "", field: str | None = None) -> None:
        super().__init__(message or _refusal(actor, action), field)
        self.action = action


def _refusal(actor: Actor, action: str) -> str:
    permission = PERMISSIONS.get(action)
    role = word(Role, actor.role)  # the role's name in the interface language, not its stored key
    if permission is None:
        return _("{login} ({role}) may not do '{action}': no role may").format(login=actor.login, role=role, action=action)
    return _("{login} ({role}) may not {doing}: this needs {roles}").format(
        login=actor.login, role=role, doing=_(permission.doing),
        roles=" / ".join(word(Role, role) for role in Role if role in permission.roles))


def allowed(role: str, action: str) -> bool:
    permission = PERMISSIONS.get(action)
    return permission is not None and role in permission.roles


def require(actor: Actor, action: str) -> None:
    if not allowed(actor.role, action):
        raise PermissionDenied(actor, action)


def _grants_at_least(role: str, than: str) -> bool:
    return all(role in permission.roles for permission in PERMISSIONS.values() if than in permission.roles)


def confirm_actor(session: Session, actor: Actor) -> None:
    """In a write transaction (audit.record, which every change goes through, calls it): the actor
    is still active staff, and their role today allows every action the role they started with did,
    so that the check `require` made is still true. Otherwise the whole change is refused. An actor
    with no staff row (the system loading catalogs, the creator of a workshop with no staff yet) is
    not a person to re-check."""
    from sqlalchemy import select

    from atelier_tui.store.models import Staff

    if actor.staff_id is None:
        return
    confirmed: set[Actor] = session.info.setdefault("confirmed_actors", set())
    if actor in confirmed:
        return
    row = session.execute(select(Staff.active, Staff.role).where(Staff.id == actor.staff_id)).one_or_none()
    if row is None or not row.active:
        raise ServiceError(_("{login} is no longer active staff").format(login=actor.login))
    if row.role != actor.role and not _grants_at_least(row.role, actor.role):
        raise ServiceError(_("{login} is now {role}, no longer {was}: start atelier again to work as {role}").format(
            login=actor.login, role=word(Role, row.role), was=word(Role, actor.role)))
    confirmed.add(actor)
