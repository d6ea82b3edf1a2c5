"""The workstation's views, listed once: their id (`--view`, the `:` jump word, the mode, the
binding id `view.<id>`), their number key, their title and the screen that shows them.

Read by the command line (`atelier --view`, before Textual is imported), the settings (which
binding ids exist), the app (modes and keys), the `:` jump and the command palette. Nothing here
imports Textual or a screen: a view's screen is imported when the view is first shown, so that
start-up loads only the first one."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from atelier_tui.i18n import N_, _


@dataclass(frozen=True)
class View:
    name: str
    key: str
    title: str  # English, marked for translation: `display_title` is what a person reads
    screen: str  # "module:Class" in atelier_tui.tui.screens

    def make_screen(self) -> Any:
        module, _colon, class_name = self.screen.partition(":")
        return getattr(importlib.import_module(f"atelier_tui.tui.screens.{module}"), class_name)()

    @property
    def display_title(self) -> str:
        return _(self.title)


VIEWS: dict[str, View] = {view.name: view for view in (
    View("dashboard", "1", N_("Dashboard"), "dashboard:DashboardScreen"),
    View("benches", "2", N_("Benches"), "benches:BenchesScreen"),
    View("tools", "3", N_("Tools"), "tools:ToolsScreen"),
    View("supplies", "4", N_("Supplies"), "supplies:SuppliesScreen"),
    View("orders", "5", N_("Orders"), "orders:OrdersScreen"),
    View("planner", "6", N_("Planner"), "planner:PlannerScreen"),
    View("audit", "7", N_("Audit"), "audit:AuditScreen"),
    View("staff", "8", N_("Staff"), "staff:StaffScreen"),
)}
VIEW_NAMES = tuple(VIEWS)
FIRST_VIEW = "dashboard"
