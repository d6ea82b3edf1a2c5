"""Alerts from benches as the lead receives them: raised on a sheet (`l`), listed on the lead's
dashboard with the order, bench, technician and time until a lead acknowledges them; acknowledging
goes through the permission table and the audit and is stored with who and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.overview.dashboard import lead_dashboard
from atelier_tui.services.permissions import PermissionDenied
from atelier_tui.services.sheets.alerts import acknowledge_alert
from atelier_tui.services.sheets.keeping import raise_alert
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, SheetEntry, Staff
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # once on SQLite, once on PostgreSQL

LEAD = Actor("cmartin", role="lead")
TECHNICIAN = Actor("tmoreau", role="technician")


def _alerts(engine):  # type: ignore[no-untyped-def]
    return lead_dashboard(engine, FIXED_NOW.date(), FIXED_NOW).alerts


def test_an_alert_shows_on_the_lead_dashboard_until_a_lead_acknowledges_it(demo_engine) -> None:  # type: ignore[no-untyped-def]
    raise_alert(demo_engine, TECHNICIAN, FIXED_NOW, "OR-2026-0008", "Balance staff broken, need a part")
    later = FIXED_NOW + timedelta(minutes=5)
    raise_alert(demo_engine, TECHNICIAN, later, "OR-2026-0008", "Customer's strap is missing")
    alerts = _alerts(demo_engine)
    assert [(a.reference, a.bench, a.technician, a.at, a.text) for a in alerts] == [
        ("OR-2026-0008", "ME-02", "Thomas Moreau", later, "Customer's strap is missing"),
        ("OR-2026-0008", "ME-02", "Thomas Moreau", FIXED_NOW, "Balance staff broken, need a part"),
    ]
    acknowledged_at = FIXED_NOW + timedelta(hours=1)
    acknowledge_alert(demo_engine, LEAD, acknowledged_at, alerts[1].id)
    assert [a.text for a in _alerts(demo_engine)] == ["Customer's strap is missing"]
    with read_session(demo_engine) as session:
        entry = session.get_one(SheetEntry, alerts[1].id)
        lead_id = session.execute(select(Staff.id).where(Staff.login == "cmartin")).scalar_one()
        assert (entry.acknowledged_at, entry.acknowledged_by_id) == (acknowledged_at, lead_id)
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "sheet.acknowledge_alert")).scalar_one()
        assert (event.actor, event.entity_key) == ("cmartin", "OR-2026-0008")
        assert event.before["acknowledged_at"] is None and event.after["acknowledged_by_id"] == lead_id


def test_a_technician_may_not_acknowledge_and_nothing_is_written(demo_engine) -> None:  # type: ignore[no-untyped-def]
    raise_alert(demo_engine, TECHNICIAN, FIXED_NOW, "OR-2026-0008", "Dial feet broken")
    alert = _alerts(demo_engine)[0]
    with pytest.raises(PermissionDenied, match="acknowledge an alert from a bench"):
        acknowledge_alert(demo_engine, TECHNICIAN, FIXED_NOW, alert.id)
    assert [a.id for a in _alerts(demo_engine)] == [alert.id]
    with read_session(demo_engine) as session:
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "sheet.acknowledge_alert")).first() is None


def test_acknowledging_twice_says_by_whom_and_an_unknown_alert_is_named(demo_engine) -> None:  # type: ignore[no-untyped-def]
    raise_alert(demo_engine, TECHNICIAN, FIXED_NOW, "OR-2026-0008", "Dial feet broken")
    alert = _alerts(demo_engine)[0]
    acknowledge_alert(demo_engine, LEAD, FIXED_NOW, alert.id)
    with pytest.raises(WorkshopRefusal, match="already acknowledged by Claire Martin"):
        acknowledge_alert(demo_engine, Actor("prenaud", role="lead"), FIXED_NOW, alert.id)
    with pytest.raises(ServiceError, match="alert 999999: no such alert"):
        acknowledge_alert(demo_engine, LEAD, FIXED_NOW, 999999)
