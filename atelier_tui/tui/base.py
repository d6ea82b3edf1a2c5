"""What every screen of atelier shares: bindings shown in the interface language, and calling a
service in a thread worker without ever letting an error escape as a traceback."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from atelier_tui.i18n import _

if TYPE_CHECKING:
    from atelier_tui.tui.app import AtelierApp


def translate_bindings(bindings: BindingsMap) -> BindingsMap:
    """Binding descriptions are English in the source (marked N_) and shown translated."""
    translated = BindingsMap()
    for key, key_bindings in bindings.key_to_bindings.items():
        translated.key_to_bindings[key] = [
            dataclasses.replace(binding, description=_(binding.description)) if binding.description else binding
            for binding in key_bindings
        ]
    return translated


class ServiceCalls:
    """Mixin for screens and modals: `self.call(fn, *args, then=callback)` runs fn in a thread
    worker (fn gets the app context first) and hands its result to `then` on the UI thread."""

    app: AtelierApp

    def call(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None,
             failed: Callable[[str, str | None], None] | None = None, group: str = "default", **kwargs: Any) -> None:
        def job() -> None:
            from atelier_tui.domain.units import UnitError
            from atelier_tui.services.context import ServiceError

            try:
                result = fn(self.app.context, *args, **kwargs)
            except UnitError as refusal:
                from atelier_tui.tui.widgets.refusals import unit_error_text

                self.app.call_from_thread(failed or self.app.refuse, unit_error_text(refusal), refusal.field)
                return
            except ServiceError as refusal:
                try:
                    # The services refuse a person whose role changed or who was taken off since the
                    # workstation opened: then that is what to say, and the keys must follow.
                    change = self.app.context.recheck_standing()
                except Exception as error:
                    self.app.call_from_thread(self.app.show_unexpected, error)
                    return
                if change is not None:
                    self.app.call_from_thread(self.app.standing_changed, change)
                else:
                    self.app.call_from_thread(failed or self.app.refuse, str(refusal), refusal.field)
                return
            except Exception as error:  # anything else is a bug: logged, shown in a modal
                self.app.call_from_thread(self.app.show_unexpected, error)
                return
            # A newer call of the same group replaced this one: its result is stale.
            if then is not None and not get_current_worker().is_cancelled:
                self.app.call_from_thread(then, result)

        self.run_worker(job, thread=True, exclusive=True, group=group, exit_on_error=False)  # type: ignore[attr-defined]


class AtelierScreen(ServiceCalls, Screen[Any]):
    # Lists and details start on their table, never in a (hidden) filter field.
    AUTO_FOCUS = "FastTable, DataTable, VerticalScroll"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translate_bindings(self._bindings)

    def role_changed(self) -> None:
        """The person's role changed while this screen was open: its keys follow. A screen whose
        content depends on the role loads it again."""
        self.refresh_bindings()

    def refresh_live(self) -> None:
        """Someone changed the workshop while this screen was in front (tui/live.py), or `ctrl+r`:
        a screen showing data loads it again, in place. Nothing for a screen that shows none."""


class AtelierModal(ServiceCalls, ModalScreen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bindings = translate_bindings(self._bindings)
