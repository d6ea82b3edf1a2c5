"""The command palette (ctrl+p): the actions of the screen it was opened on (check, prepare,
start, export, print: the screen's own keys, with their descriptions), the theme, and a search
that finds any bench, tool (tag or name), supply, lot or order and jumps to it. The search runs
in SQL, in a thread, so typing stays responsive."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.views import VIEWS

KIND_LABELS = {"bench": N_("bench"), "tool": N_("tool"), "supply": N_("supply"), "lot": N_("lot"), "order": N_("order")}


def _search(context: Any, text: str) -> list[Any]:
    from atelier_tui.services.overview.search import search

    return search(context.engine(), text, limit=20)


def screen_actions(screen: Any) -> Iterator[tuple[str, str]]:
    """(what the palette shows, action) for each key of the screen itself that may run now: as
    the footer would offer it (a key the screen refuses, such as a change to a read-only
    workstation, is not offered). The app's own keys (views, help, quit) are left out."""
    seen: set[str] = set()
    for key, bindings in screen._bindings.key_to_bindings.items():
        for binding in bindings:
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            _destination, name, parameters = parse(binding.action)
            if screen.check_action(name, parameters) is not True:
                continue
            shown = binding.key_display or screen.app.get_key_display(binding)
            yield f"{binding.description} ({shown or key})", binding.action


class AtelierCommands(Provider):
    def _screen_hits(self) -> list[tuple[str, Any, str]]:
        app: Any = self.app
        screen = self.screen
        hits = [(text, partial(screen.run_action, action), _("Action of this screen")) for text, action in screen_actions(screen)]
        hits.append((_("Change theme"), app.action_change_theme, _("A light theme for a bright bench; kept for the next start")))
        return hits

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if not text:
            return
        matcher = self.matcher(text)
        for label, command, help_text in self._screen_hits():
            if (score := matcher.match(label)) > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)
        app: Any = self.app
        hits = await asyncio.to_thread(_search, app.context, text)
        for rank, hit in enumerate(hits):
            kind = _(KIND_LABELS.get(hit.kind, hit.kind))
            label = f"{kind}  {hit.key} — {localized(hit.label_en, hit.label_fr)}"
            yield Hit(1.0 - rank / 100, label, partial(app.open_hit, hit.kind, hit.key), help=_("Open"))

    async def discover(self) -> Hits:
        app: Any = self.app
        for label, command, help_text in self._screen_hits():
            yield DiscoveryHit(label, command, help=help_text)
        for name, view in VIEWS.items():
            yield DiscoveryHit(f"{view.display_title} ({view.key})", partial(app.action_switch_view, name),
                               help=_("Switch view"))
