"""The command palette (ctrl+p): finds any bench, tool (tag or name), supply, lot or order and
jumps to it. The search runs in SQL, in a thread, so typing stays responsive."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.views import VIEWS

KIND_LABELS = {"bench": N_("bench"), "tool": N_("tool"), "supply": N_("supply"), "lot": N_("lot"), "order": N_("order")}


def _search(context: Any, text: str) -> list[Any]:
    from atelier_tui.services.overview.search import search

    return search(context.engine(), text, limit=20)


class AtelierCommands(Provider):
    async def search(self, query: str) -> Hits:
        text = query.strip()
        if not text:
            return
        app: Any = self.app
        hits = await asyncio.to_thread(_search, app.context, text)
        for rank, hit in enumerate(hits):
            kind = _(KIND_LABELS.get(hit.kind, hit.kind))
            label = f"{kind}  {hit.key} — {localized(hit.label_en, hit.label_fr)}"
            yield Hit(1.0 - rank / 100, label, partial(app.open_hit, hit.kind, hit.key), help=_("Open"))

    async def discover(self) -> Hits:
        app: Any = self.app
        for name, view in VIEWS.items():
            yield DiscoveryHit(f"{view.display_title} ({view.key})", partial(app.action_switch_view, name),
                               help=_("Switch view"))
