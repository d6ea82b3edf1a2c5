"""Why a tool is out of service, in words: the sentence of the calibration or verification record
that took it out (services.maintenance.status_reasons reads the record as a RecordFinding), or the
reason a person typed. In the interface's language by default; a printed document gives its own
language's gettext, names and values (printing/document_words.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.domain.units import Measured
from atelier_tui.i18n import N_, _, localized
from atelier_tui.wording.numbers import measured_text


def finding_sentence(plan_name: str, point_name: str, value: str, nominal: str, tolerance: str, *,
                     tr: Callable[[str], str] = _) -> str:
    return tr(N_("{plan}: {point} found at {value}, outside {nominal} ± {tolerance}")).format(
        plan=plan_name, point=point_name, value=value, nominal=nominal, tolerance=tolerance)


def failure_sentence(plan_name: str, performed_at: datetime, *, tr: Callable[[str], str] = _) -> str:
    return tr(N_("{plan}: failed on {date}")).format(plan=plan_name, date=performed_at.astimezone().date().isoformat())


def finding_text(finding: RecordFinding, tr: Callable[[str], str] = _, name: Callable[[str, str], str] = localized,
                 measured: Callable[[Measured], str] = measured_text) -> str:
    """The record's finding as a sentence: `tr` translates, `name` picks a catalog name in the
    language, `measured` writes a value (the interface's, unless a document gives its own)."""
    plan_name = name(finding.plan_name_en, finding.plan_name_fr) or finding.plan_key
    point = finding.point
    if point is not None and finding.found is not None:
        return finding_sentence(plan_name, name(point.name_en, point.name_fr) or point.key, measured(finding.found),
                                measured(point.nominal), measured(point.tolerance), tr=tr)
    when = finding.performed_at if finding.performed_at.tzinfo else finding.performed_at.replace(tzinfo=UTC)
    return failure_sentence(plan_name, when, tr=tr)


def worded_from(stored: str, record_id: int | None, findings: Mapping[int, RecordFinding]) -> RecordFinding | None:
    """The finding the reason a reader sees is worded from: none when a reason was typed."""
    return None if stored or record_id is None else findings.get(record_id)


def shown_reason(stored: str, record_id: int | None, findings: Mapping[int, RecordFinding]) -> str:
    """The reason a reader sees: what was typed, else the sentence of the record that set the status."""
    finding = worded_from(stored, record_id, findings)
    return finding_text(finding) if finding is not None else stored
