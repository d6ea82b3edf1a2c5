"""Acknowledging an alert raised on a sheet (`l`): it leaves the lead's dashboard (the alerts are
read in alert_queries.py). A change like any other: checked against the permission table,
audited, stored with who and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from atelier_tui.domain.vocabulary import SheetEntryKind
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.permissions import require
from atelier_tui.services.sheets.alert_queries import BenchAlert, alert_rows, bench_alert
from atelier_tui.store import core_tables
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import SheetEntry, Staff


def acknowledge_alert(engine: Engine, actor: Actor, now: datetime, alert_id: int) -> BenchAlert:
    """The lead has read the alert `alert_id`: it leaves the dashboard, and the sheet keeps it."""
    require(actor, "sheet.acknowledge_alert")
    with write_session(engine) as session:
        entry = session.get(SheetEntry, alert_id)
        if entry is None or entry.kind != SheetEntryKind.ALERT:
            raise ServiceError(_("alert {id}: no such alert").format(id=alert_id), field="alert")
        entry_id, reference, bench, who, at, text = session.execute(alert_rows().where(core_tables.SheetEntry.id == alert_id)).one()
        alert = bench_alert(entry_id, reference, bench, who, at, text)
        if entry.acknowledged_at is not None:
            by = session.get(Staff, entry.acknowledged_by_id) if entry.acknowledged_by_id else None
            raise WorkshopRefusal(_("the alert on {reference} was already acknowledged by {who} at {when}").format(
                reference=alert.reference, who=by.display_name if by else "?",
                when=utc(entry.acknowledged_at).strftime("%Y-%m-%d %H:%M")), field="alert")
        before = audit.snapshot(entry)
        entry.acknowledged_at = now
        entry.acknowledged_by_id = actor.staff_id or session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar()
        session.add(entry)
        session.flush()
        audit.record(session, actor, now, "sheet.acknowledge_alert", "intervention_sheet", alert.reference, before,
                     audit.snapshot(entry))
        return alert
