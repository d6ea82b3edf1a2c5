"""The audit of a printing: who printed which labels, on what layout, to which printer or file.
Printing changes no row of the workshop, but a label is what a scanner trusts: the trail keeps
one event per printing, naming every object printed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine

from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session


def record_printed(engine: Engine, actor: Actor, now: datetime, kind: str, keys: Sequence[str], layout: str,
                   printer: str | None = None, pdf: str | None = None, browser: bool = False) -> None:
    """Called once the labels have reached the printer's queue, the file, or (`browser`) were
    handed to the browser of a person using the workstation in a browser tab."""
    require(actor, "label.print")
    after: dict[str, object] = {"keys": list(keys), "count": len(keys), "layout": layout, "printer": printer, "pdf": pdf}
    if browser:
        after["browser"] = True
    with write_session(engine) as session:
        audit.record(session, actor, now, "label.print", f"{kind}_label", keys[0] if len(keys) == 1 else f"{len(keys)} labels",
                     after=after)
