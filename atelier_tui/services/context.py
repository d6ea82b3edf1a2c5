"""Who does a thing: every service takes the actor and `now` as arguments, never reads the clock."""

from __future__ import annotations

from dataclasses import dataclass

from atelier_tui.domain.vocabulary import SYSTEM_LOGIN, Role
from atelier_tui.i18n import _
from atelier_tui.store.text_guard import StoredTextRefused, translate_refusals_with


@dataclass(frozen=True)
class Actor:
    login: str
    role: str = Role.ADMIN
    staff_id: int | None = None


# The account that loads shipped catalogs and generates demo data (`atelier init`).
SYSTEM = Actor(login=SYSTEM_LOGIN, role=Role.ADMIN)


class ServiceError(Exception):
    """A refusal a person can act on; the message is shown as it is (CLI stderr, TUI notice).
    `field` names the input it is about, so that a form can show it under that input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class WorkshopRefusal(ServiceError):
    """A well-formed request that the workshop's present state answers "no" (not enough free stock,
    a bench not ready): the command line exits 1 for it, keeping 2 for bad usage and bad input."""


def _stored_text_refused(refusal: StoredTextRefused) -> ServiceError:
    """The store refuses control characters, and texts past their field's bound, in any text it is
    about to write (store/text_guard.py): said here, naming table.column, whichever service was writing."""
    from atelier_tui.domain.text import TOO_LONG, longest_text

    if refusal.code == TOO_LONG:
        return ServiceError(_("{field}: too long (at most {count} characters)").format(
            field=refusal.field, count=longest_text(refusal.column)), field=refusal.column)
    return ServiceError(_("{field}: control characters are not allowed").format(field=refusal.field), field=refusal.column)


translate_refusals_with(_stored_text_refused)

# How a write that gave up waiting for the database's lock is worded (it needs ServiceError above).
import atelier_tui.services.common.write_waits  # noqa: E402,F401
