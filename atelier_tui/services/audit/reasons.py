"""Why an event of the trail happened, as its reader reads it. A reason a person typed is stored
and shown as typed. When the workstation acted on its own account (a calibration found out of
tolerance took the tool out of service and opened a review, the staircase proposed an interval,
the demo was generated, a file was imported, a technician moved to another bench), the event
stores no sentence, only what it did as data: in its `after` snapshot (the record, the run of
in-tolerance calibrations, the demo's size and seed, the bench moved to) or as a code with the
file's name. The reason is worded here in each reader's language. Other events written before
keep their sentence: it is shown as it was written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.wording.app_reasons import demo_reason, import_reason, interval_reason, moved_reason
from atelier_tui.wording.status_reasons import shown_reason

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from atelier_tui.store.audit_models import AuditEvent

# An import's events carry this code and the file's name (the same in every language): worded when
# read. Its stock movements carry the code alone (`atelier stock ledger --json` shows it).
IMPORTED = "import"
IMPORTED_FROM = IMPORTED + " from "
# The bench a technician moved to, in the `after` of the event that freed their former bench; events
# written before kept it as an English sentence after this prefix.
MOVED_TO = "moved_to"
_MOVED_TO_BEFORE = "moved to bench "
# The demo's size and seed in the `after` of its generate_demo event.
DEMO_SIZE = "size"
DEMO_SEED = "seed"
# Which field of an event's `after` names the maintenance record behind it, per action.
_RECORD_FIELDS = {"out_of_service": "status_record_id", "review.open": "record_id"}


def _record_id(action: str, after: Mapping[str, Any]) -> int | None:
    field = _RECORD_FIELDS.get(action)
    value = after.get(field) if field else None
    return value if isinstance(value, int) else None


def shown_reasons(session: Session, events: Iterable[AuditEvent]) -> dict[int, str]:
    """event id -> its reason in the interface language ("" when it has none), one query for the
    records behind the events that name one."""
    events = list(events)
    records = record_findings(session, (_record_id(e.action, e.after or {}) for e in events if not e.reason))
    return {event.id: _reason(event, records) for event in events if event.id is not None}


def imported_from(source: str) -> str:
    """The reason stored on the events of an import from `source`."""
    return IMPORTED_FROM + source


def _reason(event: AuditEvent, records: Mapping[int, RecordFinding]) -> str:
    if event.reason.startswith(IMPORTED_FROM) and event.action in ("create", "update"):
        return import_reason(event.reason.removeprefix(IMPORTED_FROM))
    if event.reason.startswith(_MOVED_TO_BEFORE) and event.action == "unassign_technician":
        return moved_reason(event.reason.removeprefix(_MOVED_TO_BEFORE))
    if event.reason:
        return event.reason
    after = event.after or {}
    record_id = _record_id(event.action, after)
    if record_id is not None:
        return shown_reason("", record_id, records)
    if event.action == "interval.propose" and isinstance(after.get("in_tolerance_run"), int):
        return interval_reason(after["current_days"], after["proposed_days"], after["in_tolerance_run"])
    if event.action == "unassign_technician" and isinstance(after.get(MOVED_TO), str):
        return moved_reason(after[MOVED_TO])
    if event.action == "generate_demo" and DEMO_SIZE in after and DEMO_SEED in after:
        return demo_reason(after[DEMO_SIZE], after[DEMO_SEED])
    return ""
