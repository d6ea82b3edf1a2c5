"""What others change reaches the open screen: a person at another workstation (or a command)
checks a tool in, consumes a lot, acknowledges an alert, and the screen in front of this one
shows it without a key.

Every `refresh_seconds` (settings.py), and as soon as the terminal or the browser tab gets the
focus back, a worker reads the workshop's change mark (services/audit/change_mark.py: one indexed
lookup, whatever the size of the workshop). Only when it moved is the visible screen loaded again,
in place (cursor and focus kept); screens out of sight load again when they come back (their
on_screen_resume). `ctrl+r` loads the visible screen at once."""

from __future__ import annotations

from typing import Any

from atelier_tui.i18n import N_

REFRESH_DESCRIPTION = N_("Refresh")


def read_change_mark(context: Any) -> Any:
    from atelier_tui.services.audit.change_mark import change_mark

    return change_mark(context.database())


class LiveRefresh:
    """Mixed into the App (tui/app.py binds `ctrl+r` to `refresh_now`)."""

    _seen_mark: Any = None

    def start_live_refresh(self, seconds: float) -> None:
        self.set_interval(seconds, self.look_for_changes)  # type: ignore[attr-defined]
        self.look_for_changes()  # where the workshop stands as the first screen loads

    def look_for_changes(self) -> None:
        # A look that fails (the database unreachable for a moment) is simply made again next time.
        self.run_worker(self._read_mark_in_background, thread=True, exclusive=True,  # type: ignore[attr-defined]
                        group="live-refresh", exit_on_error=False)

    def on_app_focus(self) -> None:
        """Back from another window or tab: what changed meanwhile shows at once."""
        self.look_for_changes()

    def action_refresh_now(self) -> None:
        if self._refresh_visible():
            self._seen_mark = None  # the next look only notes the mark: this screen is loading it already
            self.look_for_changes()

    def _read_mark_in_background(self) -> None:
        mark = read_change_mark(self.context)  # type: ignore[attr-defined]
        self.call_from_thread(self._mark_read, mark)  # type: ignore[attr-defined]

    def _mark_read(self, mark: Any) -> None:
        # The first look only notes the mark: the screen has just been loaded.
        first_look = self._seen_mark is None
        if first_look or (mark != self._seen_mark and self._refresh_visible()):
            self._seen_mark = mark

    def _refresh_visible(self) -> bool:
        """Load the visible screen again; False while a modal (a form, a question) is on top: what
        is typed there is never swept away, and the screen under it loads again when it closes."""
        from atelier_tui.tui.base import AtelierScreen

        screen = self.screen  # type: ignore[attr-defined]
        if not isinstance(screen, AtelierScreen) or not screen.is_mounted:
            return False
        screen.refresh_live()
        return True
