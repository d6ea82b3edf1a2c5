"""The key bar, mounted just after the screen's first frame.

Textual's Footer builds one widget per key and restyles each as its compact state settles: about a
tenth of a second before the first frame of a list screen. The place it takes is kept from the
start, so nothing moves when it appears."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Footer


class LateFooter(Widget):
    DEFAULT_CSS = """
    LateFooter {
        dock: bottom;
        height: 1;
    }
    """

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_footer)

    async def _mount_footer(self) -> None:
        await self.mount(Footer())
        # The screen published its keys before the footer was there to hear it.
        self.screen.refresh_bindings()
