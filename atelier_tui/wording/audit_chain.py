"""Why the audit chain does not hold, in words (the break itself: atelier_tui/domain/audit_chain.py)."""

from __future__ import annotations

from atelier_tui.domain.audit_chain import Break
from atelier_tui.i18n import _


def break_reason(found: Break) -> str:
    if found.kind == "edited":
        return _("edited: its content no longer matches its hash")
    if found.kind == "reordered":
        return _("reordered: it follows event {other}, which now comes after it").format(other=found.other_id)
    if found.other_id is None:
        return _("removed: it is first but does not start the chain, so events before it were removed")
    return _("removed: it does not follow event {other}, so events between them were removed").format(other=found.other_id)


def break_description(found: Break) -> str:
    """The event where the chain breaks, and why."""
    return _("event {id} ({action} {entity} {key}): {reason}").format(
        id=found.event_id, action=found.action, entity=found.entity, key=found.entity_key, reason=break_reason(found))
