"""Opening the workstation, the one place every front end builds it: `atelier` (launch.py), `atelier
demo` and the command line's own `atelier` (atelier_tui/cli), each SSH session (forked into
launch.py by remote/workstation_launcher.py) and each browser tab (remote/web_server.py).

Imports nothing heavy at module level: `atelier` reaches it before Textual is imported, and a slow
link's frame rate must be set before that (slow_link.py)."""

from __future__ import annotations

import sys
from typing import Any

from atelier_tui.tui.views import FIRST_VIEW

EXIT_INTERRUPTED = 130


def build_workstation(db: str | None, view: str = FIRST_VIEW, readonly: bool = False,
                      acting_for: str | None = None) -> Any:
    """The app on the database `db` as given (a URL, a file path, or None for the configured one)."""
    from atelier_tui.store.location import resolve_database_url
    from atelier_tui.tui.app import AtelierApp

    return AtelierApp(database_url=resolve_database_url(db), readonly=readonly, acting_for=acting_for, first_view=view)


def run_workstation(db: str | None, view: str = FIRST_VIEW, readonly: bool = False, acting_for: str | None = None,
                    no_mouse: bool = False, on_terminal: bool = True, driver_class: Any = None) -> int:
    """Run the workstation until it ends and give its return code. On a terminal (not a browser
    tab's pipes), a slow link gets fewer frames and no mouse. What escapes the app (it shows its own
    errors) is one line on standard error, the details in the log; ctrl+c is exit 130."""
    from atelier_tui.slow_link import prepare

    slow = prepare() if on_terminal else False
    try:
        app = build_workstation(db, view=view, readonly=readonly, acting_for=acting_for)
        if driver_class is not None:
            app.driver_class = driver_class
        app.run(mouse=not (no_mouse or slow))
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:
        from atelier_tui.errors import EXIT_UNEXPECTED, log_unexpected

        path = log_unexpected(error)
        print(f"unexpected error: {error.__class__.__name__}: {error} (details in {path})", file=sys.stderr)
        sys.exit(EXIT_UNEXPECTED)
    return int(app.return_code or 0)
