"""What `atelier maintenance` prints: the JSON shape of each thing it lists (docs/maintenance.md)
and the text lines of impacts and reviews. Stored texts are escaped where they are printed
(atelier_tui/cli/output.py), not here."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from atelier_tui.i18n import _


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def due_item_json(item: Any) -> dict[str, Any]:
    return {"tool": item.asset_tag, "tool_type": item.tool_type, "status": item.status, "bench": item.bench, "where": item.where,
            "usage_count": item.usage_count, "plan": item.plan_key, "kind": item.plan_kind, "every_days": item.every_days,
            "plan_days": item.plan_days, "every_uses": item.every_uses, "grace_days": item.grace_days,
            "last_done": iso(item.last_done), "next_due_on": iso(item.next_due_on), "uses_left": item.uses_left,
            "state": item.state, "rescheduled": item.rescheduled, "reschedule_reason": item.reschedule_reason,
            "blocks": list(item.blocks)}


def apart_json(tool: Any) -> dict[str, Any]:
    return {"tool": tool.asset_tag, "tool_type": tool.tool_type, "status": tool.status, "reason": tool.status_reason,
            "bench": tool.bench, "where": tool.where, "plans": list(tool.plans), "blocks": list(tool.blocks)}


def record_json(done: Any) -> dict[str, Any]:
    return {
        "record_id": done.record_id, "tool": done.asset_tag, "plan": done.plan_key, "kind": done.plan_kind, "result": done.result,
        "performed_at": iso(done.performed_at), "ad_hoc": done.ad_hoc, "moves_schedule": done.moves_schedule,
        "found_in_tolerance": done.found_in_tolerance,
        "readings": [{"point": r.point.key, "nominal": r.point.nominal.as_dict(), "tolerance": r.point.tolerance.as_dict(),
                      "as_found": r.as_found.as_dict() if r.as_found else None, "found_in_tolerance": r.found_in_tolerance,
                      "as_left": r.as_left.as_dict() if r.as_left else None, "left_in_tolerance": r.left_in_tolerance}
                     for r in done.readings],
        "out_of_service": done.out_of_service, "status_reason": done.status_reason,
        "review": {"id": done.review_id, "sheets": done.review_sheets} if done.review_id else None,
        "proposal": {"id": done.proposal_id, "current_days": done.current_days, "proposed_days": done.proposed_days}
        if done.proposal_id else None,
    }


def impact_json(row: Any) -> dict[str, Any]:
    return {
        "review_id": row.review_id, "order": row.order, "watch": row.watch, "brand": row.brand, "model": row.model,
        "customer_ref": row.customer_ref, "bench": row.bench, "technician": row.technician, "sheet_status": row.sheet_status,
        "opened_at": iso(row.opened_at), "closed_at": iso(row.closed_at), "used_at": iso(row.used_at),
        "measurements": [{"quantity": m.quantity, "position": m.position, "value": m.value, "unit": m.unit, "text": m.text,
                          "judged": m.judged, "measured_at": iso(m.measured_at)} for m in row.measurements],
        "disposition": row.disposition, "reason": row.reason, "decided_by": row.decided_by, "decided_at": iso(row.decided_at),
    }


def impact_lines(rows: list[Any]) -> list[str]:
    from atelier_tui.domain.vocabulary import Disposition
    from atelier_tui.wording.numbers import degree_sign
    from atelier_tui.wording.vocabulary import word

    lines = []
    for row in rows:
        customer = f" ({row.customer_ref})" if row.customer_ref else ""
        lines.append(f"{row.order}  {row.watch or '—'}{customer}  {row.bench}  {row.used_at.astimezone():%Y-%m-%d %H:%M}  "
                     f"{word(Disposition, row.disposition)}" + (f": {row.reason}" if row.reason else ""))
        for m in row.measurements:
            where = f" {m.position}" if m.position else ""
            lines.append(f"    {m.quantity}{where} {degree_sign(m.text)} ({m.judged or '—'}) {m.measured_at.astimezone():%Y-%m-%d %H:%M}")
    return lines


def review_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "tool": row.asset_tag, "tool_type": row.tool_type, "plan": row.plan_key, "reason": row.reason,
            "window_start": iso(row.window_start), "window_end": iso(row.window_end), "opened_at": iso(row.opened_at),
            "closed_at": iso(row.closed_at), "sheets": row.sheets, "undecided": row.undecided}


def review_line(row: Any) -> str:
    state = (_("closed on {date}").format(date=f"{row.closed_at.astimezone():%Y-%m-%d}") if row.closed_at
             else _("{count} of {total} undecided").format(count=row.undecided, total=row.sheets))
    return f"{row.id:>4}  {row.asset_tag:<10} {row.opened_at.astimezone():%Y-%m-%d}  {state}  {row.reason}"


def proposal_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "tool": row.asset_tag, "plan": row.plan_key, "current_days": row.current_days,
            "proposed_days": row.proposed_days, "direction": row.direction, "reason": row.reason, "state": row.state,
            "proposed_at": iso(row.proposed_at), "decided_by": row.decided_by, "decided_at": iso(row.decided_at)}
