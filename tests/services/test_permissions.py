"""Roles are checked in the services, deny by default: every service that changes the workshop is
called here with every role, on the small demo workshop. A role the table refuses gets a
PermissionDenied and nothing is written; a role it allows is never refused for its role."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

import atelier_tui.demo as demo_package
import atelier_tui.services as services_package
from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.demo import generate as demo
from atelier_tui.services.admin import backup as admin_backup
from atelier_tui.services.admin import restore as admin_restore
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.benches import changes as benches
from atelier_tui.services.checklists import runs as checklist_runs
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.documents import calibration_record as document_record
from atelier_tui.services.documents import maintenance_lists as document_lists
from atelier_tui.services.documents import picklist as document_picklist
from atelier_tui.services.documents import printed as documents_printed
from atelier_tui.services.documents import sheet as document_sheet
from atelier_tui.services.labels import contents as label_contents
from atelier_tui.services.labels import printed as labels_printed
from atelier_tui.services.maintenance import changes as maintenance_changes
from atelier_tui.services.maintenance import intervals as maintenance_intervals
from atelier_tui.services.maintenance import plans as maintenance_plans
from atelier_tui.services.maintenance import records as maintenance_records
from atelier_tui.services.maintenance import reviews as maintenance_reviews
from atelier_tui.services.orders import planning as order_planning
from atelier_tui.services.orders import reception as orders
from atelier_tui.services.orders import start as order_start
from atelier_tui.services.permissions import PERMISSIONS, ROLES, PermissionDenied, allowed
from atelier_tui.services.readiness import bench_preparation
from atelier_tui.services.sheets import alerts as sheet_alerts
from atelier_tui.services.sheets import keeping as sheets
from atelier_tui.services.sheets import parts as sheet_parts
from atelier_tui.services.staff import keys as staff_keys
from atelier_tui.services.staff import people as staff
from atelier_tui.services.staff.identity import os_account
from atelier_tui.services.stock import ledger as stock
from atelier_tui.services.tools import actions as tools
from atelier_tui.services.transfer import (
    catalog_import,  # noqa: F401  (CALLS names it: looked up in globals())
    spreadsheet_import,
    workshop_file,
)
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import AuditEvent, Staff
from tests.support.fixed_time import FIXED_NOW
from tests.support.staff_key_samples import ED25519_A

TODAY = date(2026, 11, 27)
Call = Callable[[Any, Actor], object]

# Each service that takes an actor, called with arguments that name real things of the demo
# workshop, and the action of the permission table it is checked against.
CALLS: dict[str, tuple[str, Call]] = {
    "tools.check_out": ("tool.check_out", lambda e, a: tools.check_out(e, a, FIXED_NOW, "AT-00132", "ME-02")),
    "tools.check_in": ("tool.check_in", lambda e, a: tools.check_in(e, a, FIXED_NOW, "AT-00132")),
    "tools.put_out_of_service": ("tool.out_of_service",
                                 lambda e, a: tools.put_out_of_service(e, a, FIXED_NOW, "AT-00132", "bent")),
    "tools.return_to_service": ("tool.return_to_service", lambda e, a: tools.return_to_service(e, a, FIXED_NOW, "AT-00023")),
    "stock.receive_lot": ("stock.receive", lambda e, a: stock.receive_lot(e, a, FIXED_NOW, "SR626SW", "NEW-1", "10 piece", "C3-D1")),
    "stock.consume": ("stock.consume", lambda e, a: stock.consume(e, a, FIXED_NOW, "SR626SW", "L-1", "1 piece")),
    "stock.adjust": ("stock.adjust", lambda e, a: stock.adjust(e, a, FIXED_NOW, "SR626SW", "L-1", "+1 piece", "counted")),
    "stock.dispose": ("stock.dispose",
                      lambda e, a: stock.dispose(e, a, FIXED_NOW, "SR626SW", "L-1", "1 piece", "battery_collection")),
    "stock.transfer": ("stock.transfer", lambda e, a: stock.transfer(e, a, FIXED_NOW, "SR626SW", "L-1", "C1")),
    "benches.assign_technician": ("bench.assign", lambda e, a: benches.assign_technician(e, a, FIXED_NOW, "ME-02", "tmoreau")),
    "benches.clear_technician": ("bench.assign", lambda e, a: benches.clear_technician(e, a, FIXED_NOW, "ME-02")),
    "benches.set_bench_status": ("bench.status", lambda e, a: benches.set_bench_status(e, a, FIXED_NOW, "ME-02", "closed")),
    "checklist_runs.start_run": ("checklist.run",
                                 lambda e, a: checklist_runs.start_run(e, a, FIXED_NOW, "bench_opening", "ME-02")),
    "checklist_runs.answer_item": ("checklist.run", lambda e, a: checklist_runs.answer_item(e, a, FIXED_NOW, 1, "x", "yes")),
    "checklist_runs.answer_new_run": ("checklist.run", lambda e, a: checklist_runs.answer_new_run(
        e, a, FIXED_NOW, "bench_opening", "ME-02", None, "x", "yes")),
    "checklist_runs.sign_off": ("checklist.run", lambda e, a: checklist_runs.sign_off(e, a, FIXED_NOW, 1)),
    "checklist_runs.check_sign_off": ("checklist.run", lambda e, a: checklist_runs.check_sign_off(e, a, 1)),
    "checklist_runs.run_checklist": ("checklist.run",
                                     lambda e, a: checklist_runs.run_checklist(e, a, FIXED_NOW, "bench_opening", "ME-02", None, {})),
    "checklist_runs.open_run_id": ("checklist.run",
                                   lambda e, a: checklist_runs.open_run_id(e, a, FIXED_NOW, "bench_opening", "ME-02")),
    "orders.create_order": ("order.create", lambda e, a: orders.create_order(
        e, a, FIXED_NOW, orders.OrderDraft(brand="Tissot", model="PRX", interventions=["battery_change"]))),
    "orders.set_order_bench": ("order.assign", lambda e, a: orders.set_order_bench(e, a, FIXED_NOW, "OR-2026-0011", "PO-01")),
    "order_planning.set_order_plan": ("order.plan", lambda e, a: order_planning.set_order_plan(
        e, a, FIXED_NOW, "OR-2026-0011", estimate="3 h")),
    "bench_preparation.prepare_bench": ("order.prepare",
                                        lambda e, a: bench_preparation.prepare_bench(e, a, FIXED_NOW, TODAY, "OR-2026-0011")),
    "bench_preparation.take_for_order": ("tool.check_out", lambda e, a: bench_preparation.take_for_order(
        e, a, FIXED_NOW, TODAY, "OR-2026-0011", None, ("AT-00132",))),
    "order_start.start_order": ("order.start",
                                lambda e, a: order_start.start_order(e, a, FIXED_NOW, TODAY, "OR-2026-0009")),
    "order_start.start_order (concession)": ("order.concede", lambda e, a: order_start.start_order(
        e, a, FIXED_NOW, TODAY, "OR-2026-0011", concession="spare cell fitted by the lead")),
    "sheets.tick_step": ("sheet.write", lambda e, a: sheets.tick_step(e, a, FIXED_NOW, "OR-2026-0009", 0)),
    "sheets.add_anomaly": ("sheet.write", lambda e, a: sheets.add_anomaly(e, a, FIXED_NOW, "OR-2026-0009", "other", "dent")),
    "sheets.raise_alert": ("sheet.write", lambda e, a: sheets.raise_alert(e, a, FIXED_NOW, "OR-2026-0009", "crown missing")),
    "sheets.use_tool": ("sheet.write", lambda e, a: sheets.use_tool(e, a, FIXED_NOW, "OR-2026-0009", "AT-00132")),
    "sheets.record_measurement": ("sheet.write", lambda e, a: sheets.record_measurement(
        e, a, FIXED_NOW, "OR-2026-0009", "rate", "+4 s/d")),
    "sheets.close_sheet": ("sheet.write", lambda e, a: sheets.close_sheet(e, a, FIXED_NOW, "OR-2026-0009")),
    "sheets.check_close": ("sheet.write", lambda e, a: sheets.check_close(e, a, "OR-2026-0009")),
    "sheet_parts.record_not_replaced": ("sheet.write", lambda e, a: sheet_parts.record_not_replaced(
        e, a, FIXED_NOW, "OR-2026-0009", "battery", "old cell tested good; customer keeps it")),
    "sheet_alerts.acknowledge_alert": ("sheet.acknowledge_alert",
                                       lambda e, a: sheet_alerts.acknowledge_alert(e, a, FIXED_NOW, _an_alert(e))),
    "maintenance_records.record_maintenance (calibration)": ("calibration.record", lambda e, a: (
        maintenance_records.record_maintenance(e, a, FIXED_NOW, *_tool_with_plan(e, "calibration"), "pass"))),
    "maintenance_records.check_maintenance": ("calibration.record", lambda e, a: (
        maintenance_records.check_maintenance(e, a, FIXED_NOW, *_tool_with_plan(e, "calibration"), "pass"))),
    "maintenance_records.record_maintenance": ("maintenance.record", lambda e, a: (
        maintenance_records.record_maintenance(e, a, FIXED_NOW, *_tool_with_plan(e, "cleaning"), "pass"))),
    "maintenance_changes.reschedule": ("maintenance.reschedule", lambda e, a: maintenance_changes.reschedule(
        e, a, FIXED_NOW, *_tool_with_plan(e, "calibration"), date(2026, 12, 20), "lab closed")),
    "maintenance_plans.add_tool_plan": ("maintenance.plan", lambda e, a: maintenance_plans.add_tool_plan(
        e, a, FIXED_NOW, "AT-00107", "at00107_leak_check", maintenance_plans.PlanChange("wr_tester_dry_leak_check", every_uses=50))),
    "maintenance_plans.retire_tool_plan": ("maintenance.plan", lambda e, a: maintenance_plans.retire_tool_plan(
        e, a, FIXED_NOW, "at00107_leak_check", "seal replaced")),
    "maintenance_changes.correct_usage": ("maintenance.correct_usage",
                                          lambda e, a: maintenance_changes.correct_usage(e, a, FIXED_NOW, "AT-00046", 3, "miscount")),
    "maintenance_reviews.set_disposition": ("review.dispose", lambda e, a: maintenance_reviews.set_disposition(
        e, a, FIXED_NOW, 1, "OR-2026-0001", "accepted", "within the margin")),
    "maintenance_intervals.decide_proposal": ("interval.decide",
                                              lambda e, a: maintenance_intervals.decide_proposal(e, a, FIXED_NOW, 1, True)),
    "label_contents.label_contents": ("label.print", lambda e, a: label_contents.label_contents(e, a, "tool", ["AT-00042"])),
    "label_contents.tools_of_bench": ("label.print", lambda e, a: label_contents.tools_of_bench(e, a, "ME-02")),
    "labels_printed.record_printed": ("label.print", lambda e, a: labels_printed.record_printed(
        e, a, FIXED_NOW, "tool", ["AT-00042"], "a4_3x8", pdf="labels.pdf")),
    "document_sheet.sheet_content": ("document.print", lambda e, a: document_sheet.sheet_content(e, a, "OR-2026-0005")),
    "document_picklist.picklist_content": ("document.print", lambda e, a: document_picklist.picklist_content(e, a, "OR-2026-0005")),
    "document_record.record_content": ("document.print", lambda e, a: document_record.record_content(e, a, 1)),
    "document_lists.due_content": ("document.print", lambda e, a: document_lists.due_content(
        e, a, FIXED_NOW.date(), FIXED_NOW, 14)),
    "document_lists.review_content": ("document.print", lambda e, a: document_lists.review_content(e, a, 1)),
    "documents_printed.record_document_printed": ("document.print", lambda e, a: documents_printed.record_document_printed(
        e, a, FIXED_NOW, "sheet", "OR-2026-0005", "en", 2, pdf="sheet.pdf")),
    "audit.list_events": ("audit.read", lambda e, a: audit.list_events(e, a)),
    "audit.audit_page": ("audit.read", lambda e, a: audit.audit_page(e, a, what="AT-00132")),
    "staff.add_staff": ("staff.manage", lambda e, a: staff.add_staff(e, a, FIXED_NOW, "jdupont", "Jeanne Dupont", "technician")),
    "staff.remove_staff": ("staff.manage", lambda e, a: staff.remove_staff(e, a, FIXED_NOW, "mpetit", "left the workshop")),
    "staff_keys.add_staff_keys": ("staff.manage",
                                  lambda e, a: staff_keys.add_staff_keys(e, a, FIXED_NOW, "tmoreau", ED25519_A.line)),
    "staff_keys.remove_staff_key": ("staff.manage",
                                    lambda e, a: staff_keys.remove_staff_key(e, a, FIXED_NOW, ED25519_A.fingerprint, "lost")),
    "catalog_import.import_catalogs": ("catalog.import", lambda e, a: _import_catalogs(e, a)),
    "workshop_file.import_workshop": ("workshop.import", lambda e, a: workshop_file.import_workshop(
        e, '[[site]]\ncode = "LYON"\nname = "Lyon"\n', "w.toml", a, FIXED_NOW)),
    "spreadsheet_import.import_tools_csv": ("spreadsheet.import", lambda e, a: spreadsheet_import.import_tools_csv(
        e, "asset_tag,tool_type\nAT-99999,timegrapher\n", "tools.csv", a, FIXED_NOW, dry_run=True)),
    "spreadsheet_import.import_lots_csv": ("spreadsheet.import", lambda e, a: spreadsheet_import.import_lots_csv(
        e, "supply,lot_number\nSR626SW,X-1\n", "lots.csv", a, FIXED_NOW, dry_run=True)),
    "demo.generate_demo": ("demo.generate", lambda e, a: demo.generate_demo(e, now=FIXED_NOW, actor=a)),
    "admin_backup.backup_database": ("database.backup", lambda e, a: admin_backup.backup_database(
        _url(e), _beside(e, "walked-backup.db"), a, force=True)),
    "admin_backup.copy_workshop": ("database.backup", lambda e, a: admin_backup.copy_workshop(e, e, a)),
    "admin_restore.plan_restore": ("database.restore", lambda e, a: admin_restore.plan_restore(
        _beside(e, "no-backup-here.db"), _url(e), a)),
    "admin_restore.restore_database": ("database.restore", lambda e, a: admin_restore.restore_database(
        _beside(e, "no-backup-here.db"), _url(e), a, FIXED_NOW)),
}
# The database as a whole, not a row of it: the person is resolved from the file by the command
# that runs them (services/admin/backup.py, acting_on_database), never kept in an open session.
WHOLE_DATABASE_CALLS = {"admin_backup.backup_database", "admin_backup.copy_workshop", "admin_restore.plan_restore",
                        "admin_restore.restore_database"}


def _url(engine: Any) -> str:
    return engine.url.render_as_string(hide_password=False)


def _beside(engine: Any, name: str) -> Path:
    """A file in the demo database's own temporary folder."""
    return Path(engine.url.database).with_name(name)


def _tool_with_plan(engine: Any, kind: str) -> tuple[str, str]:
    """The asset tag of a tool in service with a plan of `kind` (by its type), and that plan's key."""
    from atelier_tui.store.models import MaintenancePlan, Tool

    with read_session(engine) as session:
        return tuple(session.execute(
            select(Tool.asset_tag, MaintenancePlan.key)
            .join(MaintenancePlan, MaintenancePlan.tool_type_id == Tool.tool_type_id)
            .where(MaintenancePlan.kind == kind, Tool.status == "in_service")
            .order_by(Tool.asset_tag).limit(1)).one())  # type: ignore[return-value]


def _an_alert(engine: Any) -> int:
    """An alert on the sheet of OR-2026-0009 (in progress), written as the setting of the walk (no
    audit event of its own, so that the call's are the only ones counted)."""
    from atelier_tui.store.models import InterventionSheet, RepairOrder, SheetEntry

    with write_session(engine) as session:
        sheet_id = session.execute(select(InterventionSheet.id).join(RepairOrder, RepairOrder.id == InterventionSheet.order_id)
                                   .where(RepairOrder.reference == "OR-2026-0009")).scalar_one()
        entry = SheetEntry(sheet_id=sheet_id, kind="alert", position=999, text="crown missing", done_at=FIXED_NOW)
        session.add(entry)
        session.flush()
        assert entry.id is not None
        return entry.id


def _import_catalogs(engine: Any, actor: Actor) -> object:
    from atelier_tui.services.transfer.catalog_import import import_catalogs

    return import_catalogs(engine, [SHIPPED_CATALOGS], actor, FIXED_NOW)


# A call refused before it reaches its own action: starting with a concession is starting first.
REFUSED_EARLIER = {"order_start.start_order (concession)": ("order.start",)}


def _events(engine: Any) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


@pytest.fixture
def engine(demo_db: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{demo_db}")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_service_lets_in_exactly_the_roles_of_the_table(engine, service: str, role: str) -> None:  # type: ignore[no-untyped-def]
    action, call = CALLS[service]
    actor = Actor(login=f"someone-{role}", role=role)
    before = _events(engine)
    if allowed(role, action):
        try:
            call(engine, actor)
        except PermissionDenied as refused:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"{service} refused {role}, which the table allows to {action}: {refused}")
        except Exception:  # noqa: BLE001  (refused for another reason, e.g. the state of the demo: not our concern here)
            pass
        return
    with pytest.raises(PermissionDenied) as refused:
        call(engine, actor)
    assert refused.value.action in (action, *REFUSED_EARLIER.get(service, ()))
    assert f"someone-{role}" in str(refused.value)
    assert _events(engine) == before, "a refused call wrote to the audit trail"


# The calls that read only: no write transaction, so nothing to refuse a person who has left.
READ_ONLY_CALLS = {"label_contents.label_contents", "label_contents.tools_of_bench", "document_sheet.sheet_content",
                   "document_picklist.picklist_content", "document_record.record_content", "document_lists.due_content",
                   "document_lists.review_content",
                   "audit.list_events", "audit.audit_page", "maintenance_records.check_maintenance", "spreadsheet_import.import_tools_csv",
                   "spreadsheet_import.import_lots_csv", "checklist_runs.check_sign_off", "sheets.check_close"}


def _staff_actor(engine: Any, login: str) -> Actor:
    from atelier_tui.services.staff.identity import who_is

    identity = who_is(engine, login)
    assert identity is not None
    return identity.actor()


@pytest.mark.parametrize("service", sorted(set(CALLS) - READ_ONLY_CALLS - WHOLE_DATABASE_CALLS))
def test_a_person_removed_while_their_workstation_is_open_changes_nothing(engine, service: str) -> None:  # type: ignore[no-untyped-def]
    """An admin resolved before `staff remove` (an SSH session held open) is refused by every
    service, in the write transaction itself; a call that fails otherwise fails for a live admin too."""
    _action, call = CALLS[service]
    removed = _staff_actor(engine, "nroux")
    staff.remove_staff(engine, _staff_actor(engine, os_account()), FIXED_NOW, "nroux", "left the workshop")
    before = _events(engine)
    try:
        call(engine, removed)
    except ServiceError as refused:
        reason = str(refused)
    else:
        reason = "nothing to change"
    assert _events(engine) == before, "a removed person's call wrote to the audit trail"
    if reason == "nothing to change":  # importing catalogs the workshop already has: an admin still on the staff neither
        call(engine, _staff_actor(engine, os_account()))
        assert _events(engine) == before
    # A checklist, run under the person's own staff row, already refused one who has left.
    elif reason not in ("nroux is no longer active staff",
                        "nroux is not registered as staff: a checklist is run and signed by a person"):
        # Refused before any write (the demo's state): the same call by an admin still on the staff fails too.
        with pytest.raises(ServiceError):
            call(engine, _staff_actor(engine, os_account()))


def test_a_demoted_admin_is_refused_and_a_promoted_technician_keeps_working(engine) -> None:  # type: ignore[no-untyped-def]
    me = _staff_actor(engine, os_account())
    admin, technician = _staff_actor(engine, "nroux"), _staff_actor(engine, "tmoreau")
    staff.add_staff(engine, me, FIXED_NOW, "jdupont", "Jeanne Dupont", "technician")  # both still as they were
    with write_session(engine) as session:  # what `staff set-role` (or a workshop file) would do
        session.execute(update(Staff).where(Staff.login == "nroux").values(role="technician"))
        session.execute(update(Staff).where(Staff.login == "tmoreau").values(role="lead"))
    before = _events(engine)
    with pytest.raises(ServiceError) as refused:
        staff.add_staff(engine, admin, FIXED_NOW, "agarnier", "Alice Garnier", "admin")
    assert str(refused.value) == "nroux is now technician, no longer admin: start atelier again to work as technician"
    with pytest.raises(ServiceError):  # even what a technician may do: started as an admin, its screens offer more
        tools.check_out(engine, admin, FIXED_NOW, "AT-00132", "ME-02")
    assert _events(engine) == before
    tools.check_out(engine, technician, FIXED_NOW, "AT-00132", "ME-02")  # a lead may do all a technician did
    assert _events(engine) == before + 1


def _services_taking_an_actor() -> set[str]:
    found = set()
    for package in (services_package, demo_package):
        for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(module_info.name)
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ != module.__name__ or name.startswith("_"):
                    continue
                parameters = list(inspect.signature(function).parameters)
                # Session-level helpers run inside a service's transaction: that service checks.
                if "actor" in parameters and parameters[0] == "engine":
                    found.add(f"{module.__name__}.{name}")
    return found


def test_no_service_that_acts_escapes_the_walk() -> None:
    # A key of CALLS names the module by the name this test imported it under.
    walked = set()
    for name in CALLS:
        alias, function = name.split(" ")[0].split(".")
        walked.add(f"{globals()[alias].__name__}.{function}")
    assert _services_taking_an_actor() - walked == set()


def test_every_action_of_the_table_is_walked_and_a_gateway_may_do_nothing() -> None:
    walked = {action for action, _call in CALLS.values()}
    assert set(PERMISSIONS) - walked == set()
    assert not any(allowed("gateway", action) for action in PERMISSIONS)
    assert not allowed("lead", "no.such.action")  # deny by default


def test_the_readme_shows_the_table_the_services_check() -> None:
    rows = ["| action | what | " + " | ".join(ROLES) + " |", "|---|---|" + "---|" * len(ROLES)]
    for action, permission in PERMISSIONS.items():
        rows.append(f"| `{action}` | {permission.doing} | "
                    + " | ".join("yes" if role in permission.roles else "—" for role in ROLES) + " |")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "\n".join(rows) in readme
