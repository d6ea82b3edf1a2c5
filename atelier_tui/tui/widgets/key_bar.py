"""The line of keys at the bottom of every screen: what the keys do where focus is now, and the
command palette's key on the right.

Textual's Footer is a container of one widget per key, unmounted and mounted again each time the
keys change: moving focus between the filter and the table cost two such rebuilds, 20 to 50 ms
each, on the 120x40 tools view, and mounting it held back a screen's first frame by about a tenth
of a second. Here the keys are one line of text, drawn again only when they differ.

When the line is too short for every key, the most useful come first (those of where focus is and
of the screen, then the app's, then paging, which PageDown and End also do) and the line ends in
`? more`: the help screen lists every key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from atelier_tui.i18n import _

# Keys a person needs least on a line too short for all: other keys reach the same rows.
LEAST_NEEDED_ACTIONS = ("next_page", "previous_page")


@dataclass(frozen=True)
class ShownKey:
    key: str  # as bound, for a click
    display: str  # as shown, after the keymap
    description: str
    enabled: bool


def shown_keys(screen: Screen[Any]) -> tuple[list[ShownKey], ShownKey | None]:
    """The keys to show for where focus is (one per action, the first bound), the most useful
    first, and the command palette's key, as Textual's Footer chooses them."""
    app = screen.app
    keys: dict[str, tuple[int, ShownKey]] = {}
    palette: ShownKey | None = None
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        if app.ENABLE_COMMAND_PALETTE and binding.key == app.COMMAND_PALETTE_BINDING:
            palette = ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled)
        elif binding.show and binding.action not in keys:
            rank = 2 if binding.action.endswith(LEAST_NEEDED_ACTIONS) else 1 if node is app else 0
            keys[binding.action] = (rank, ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled))
    ranked = sorted(keys.items(), key=lambda item: item[1][0])  # stable: Textual's order within a rank
    return [shown for _action, (_rank, shown) in ranked], palette




class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--separator"}

    # The look of Textual's Footer, whose theme variables it uses.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[list[ShownKey], ShownKey | None] = ([], None)
        self._places: list[tuple[int, int, ShownKey]] = []  # (first cell, end cell, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        keys = shown_keys(screen)
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def render(self) -> Text:
        keys, palette = self._keys
        width = self.size.width
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        right = Text()
        if palette is not None:
            right.append("▏", self.get_component_rich_style("key-bar--separator", partial=True))
            self._append(right, palette, key_style, description_style)
        line, places = Text(no_wrap=True, overflow="ellipsis"), []
        room = width - right.cell_len
        more = self._more(keys)
        if more is not None and sum(self._length(shown) for shown in keys) > room:
            # Not every key fits: the first keys, whole, as many as leave room for `? more`, then it.
            room_for_keys = room - self._length(more)
            for shown in keys:
                if shown.key == more.key:
                    continue
                if line.cell_len + self._length(shown) > room_for_keys:
                    break
                start = line.cell_len
                self._append(line, shown, key_style, description_style)
                places.append((start, line.cell_len, shown))
            keys = [more]
        for shown in keys:
            start = line.cell_len
            self._append(line, shown, key_style, description_style)
            if line.cell_len > room:
                line.truncate(room, overflow="ellipsis")
                break
            places.append((start, line.cell_len, shown))
        if palette is not None and room >= 0:
            line.pad_right(room - line.cell_len)
            places.append((room + 1, width, palette))
            line.append_text(right)
        self._places = places
        return line

    @staticmethod
    def _more(keys: list[ShownKey]) -> ShownKey | None:
        """`? more`, when the help key is among the keys (it lists them all)."""
        for shown in keys:
            if shown.key.split(",")[0] in ("question_mark", "f1"):
                return ShownKey(shown.key.split(",")[0], shown.display, _("more"), shown.enabled)
        return None

    @staticmethod
    def _length(shown: ShownKey) -> int:
        return cell_len(f" {shown.display} ") + (cell_len(f"{shown.description} ") if shown.description else 0)

    @staticmethod
    def _append(line: Text, shown: ShownKey, key_style: Style, description_style: Style) -> None:
        dim = Style(dim=True) if not shown.enabled else Style()
        line.append(f" {shown.display} ", key_style + dim)
        if shown.description:
            line.append(f"{shown.description} ", description_style + dim)

    def on_click(self, event: events.Click) -> None:
        for start, end, shown in self._places:
            if start <= event.x < end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return

