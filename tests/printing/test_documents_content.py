"""What each document says, read by the services on both backends (SQLite and PostgreSQL): the
pick list's lots in walking order with their names, the sheet's signatures (the closer from the
audit trail), a record's test points, the due list's window, and the printing's audit event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from atelier_tui.printing.documents import print_document, render_document, suggested_name
from atelier_tui.services.context import Actor, WorkshopRefusal
from atelier_tui.services.documents.calibration_record import record_content
from atelier_tui.services.documents.maintenance_lists import due_content
from atelier_tui.services.documents.picklist import picklist_content
from atelier_tui.services.documents.sheet import CLOSED, CONCESSION, OPENED, sheet_content
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.readiness.bench_preparation import prepare_bench
from atelier_tui.services.sheets.keeping import close_sheet, tick_step
from atelier_tui.services.staff.identity import who_is
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent

pytestmark = pytest.mark.backends

NOW = datetime.now(UTC)


def person(engine, login: str) -> Actor:  # type: ignore[no-untyped-def]
    identity = who_is(engine, login)
    assert identity is not None
    return identity.actor()


def test_the_pick_list_is_what_prepare_reserved_in_walking_order(demo_engine) -> None:  # type: ignore[no-untyped-def]
    lead = person(demo_engine, "cmartin")
    with pytest.raises(WorkshopRefusal):  # nothing reserved yet: nothing to pick
        picklist_content(demo_engine, lead, "OR-2026-0016")
    prepare_bench(demo_engine, lead, NOW, NOW.date(), "OR-2026-0016")
    picks = picklist_content(demo_engine, lead, "OR-2026-0016")
    assert picks.bench == "WR-01"
    assert [(line.place, line.on_bench, line.supply_name_en, line.lot_number, line.quantity, line.unit) for line in picks.lines] == [
        ("C4-D1", False, "Finger cots", "L2602-0110", 2.0, "piece"),
        ("ME-02", True, "Silicone gasket grease", "L2211-0011", 0.01, "g"),
    ]


def test_the_sheet_is_signed_by_who_opened_conceded_and_closed_it(demo_engine) -> None:  # type: ignore[no-untyped-def]
    lead = person(demo_engine, "cmartin")
    start_order(demo_engine, lead, NOW, NOW.date(), "OR-2026-0010", concession="checklists signed on paper")
    document = sheet_content(demo_engine, lead, "OR-2026-0010")
    for position in range(len(document.view.steps)):
        tick_step(demo_engine, lead, NOW + timedelta(minutes=1), "OR-2026-0010", position)
    close_sheet(demo_engine, lead, NOW + timedelta(minutes=2), "OR-2026-0010")
    signed = sheet_content(demo_engine, lead, "OR-2026-0010").signatures
    assert [(s.what, s.who) for s in signed] == [(OPENED, "Camille Girard"), (CONCESSION, "Claire Martin"), (CLOSED, "Claire Martin")]
    assert signed[2].at == NOW + timedelta(minutes=2)


def test_a_record_gives_every_test_point_of_its_plan(demo_engine) -> None:  # type: ignore[no-untyped-def]
    lead = person(demo_engine, "cmartin")
    done = record_maintenance(demo_engine, lead, NOW, "AT-00046", "timegrapher_calibration", "adjusted",
                              {"rate_reference": "0.9 s/d", "beat_error_reference": "0.05 ms"}, {"rate_reference": "0.1 s/d"},
                              "LAB-2291", "GPS 10 MHz reference")
    record = record_content(demo_engine, lead, done.record_id)
    assert (record.asset_tag, record.plan_kind, record.result, record.certificate_ref, record.performed_by) == (
        "AT-00046", "calibration", "adjusted", "LAB-2291", "Claire Martin")
    assert [(r.point.key, r.found_in_tolerance, r.as_left is not None) for r in record.readings] == [
        ("rate_reference", False, True), ("beat_error_reference", True, False)]
    assert suggested_name("record", record) == f"record-{done.record_id}.pdf"
    assert render_document("record", record, "fr").startswith(b"%PDF")


def test_a_document_printed_is_audited_with_who_and_what(demo_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    technician = person(demo_engine, "tmoreau")
    pdf = tmp_path / "due.pdf"
    printed = print_document(demo_engine, technician, NOW, "due", 14, pdf=pdf, language="fr")
    assert printed.pages >= 1 and printed.language == "fr" and pdf.read_bytes().startswith(b"%PDF")
    with read_session(demo_engine) as session:
        event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    assert (event.actor, event.action, event.entity) == ("tmoreau", "document.print", "workshop")
    assert event.after == {"kind": "due", "key": printed.key, "language": "fr", "pages": printed.pages, "printer": None,
                           "pdf": str(pdf.resolve())}
    due = due_content(demo_engine, technician, NOW.astimezone().date(), NOW, 14)
    assert due.within_days == 14 and due.due.items
