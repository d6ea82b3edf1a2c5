"""What a write that waits for the database's lock tells the person (store/write_wait.py waits):
for whom it waits while it waits, and why it gave up if it did."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from atelier_tui.i18n import N_, _
from atelier_tui.store.write_wait import LongWrite, Waiting, WriteLockTimeout, report_waits_to, translate_timeouts_with

if TYPE_CHECKING:
    from atelier_tui.services.context import ServiceError

WORKSHOP_IMPORT = "workshop_import"
SPREADSHEET_IMPORT = "spreadsheet_import"
CATALOG_IMPORT = "catalog_import"
DEMO = "demo"

_WHAT = {WORKSHOP_IMPORT: N_("workshop import"), SPREADSHEET_IMPORT: N_("spreadsheet import"),
         CATALOG_IMPORT: N_("catalog import"), DEMO: N_("demo generation")}


def long_write(who: str, what: str, now: datetime) -> tuple[str, str, str]:
    """The announcement of a long write transaction, as store.engine.write_session takes it."""
    return who, what, now.isoformat(timespec="seconds")


def _holder(notice: LongWrite) -> str:
    started = notice.started_at[11:16] if len(notice.started_at) >= 16 else notice.started_at
    return _("{who} ({what}, started at {time} UTC)").format(who=notice.who, what=_(_WHAT.get(notice.what, notice.what)),
                                                            time=started)


def waiting_sentence(waiting: Waiting) -> str:
    if waiting.long_write is None:
        return _("waiting for another program writing to the database…")
    return _("waiting for {holder}…").format(holder=_holder(waiting.long_write))


def _gave_up(timeout: WriteLockTimeout) -> ServiceError:
    # Imported here, not above: services/context.py imports this module to register the wording,
    # so a module-level import back would make the two a cycle.
    from atelier_tui.services.context import ServiceError

    waited = timeout.waited
    if waited.long_write is None:
        return ServiceError(_("the database stayed busy for {seconds} s (another program held its write lock): nothing "
                              "was written; try again").format(seconds=round(waited.seconds)))
    return ServiceError(_("the database is still being written by {holder} after {seconds} s: nothing was written; "
                          "try again when it has finished").format(holder=_holder(waited.long_write),
                                                                  seconds=round(waited.seconds)))


translate_timeouts_with(_gave_up)


def tell_each_wait_once(show: Callable[[str], None]) -> None:
    """Have every write that waits for the lock say so through `show`, once per long write it
    waits behind (and once for waiting behind unannounced writers)."""
    told: set[LongWrite | None] = set()

    def tell(waiting: Waiting) -> None:
        if waiting.long_write not in told:
            told.add(waiting.long_write)
            show(waiting_sentence(waiting))

    report_waits_to(tell)
