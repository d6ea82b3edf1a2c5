"""Every binding id of the workstation, the names a settings file's `[keys]` table rebinds.

Kept as a plain list so that the settings can check a `[keys]` entry without importing Textual and
every screen (start-up loads only the first view); tests/test_settings.py walks every binding the
screens define and fails when this list and theirs differ."""

from __future__ import annotations

from atelier_tui.tui.views import VIEW_NAMES

BINDING_IDS = frozenset({
    *(f"view.{name}" for name in VIEW_NAMES),
    "audit.close", "audit.trail", "back", "bench.assign", "bench.checklist", "bench.clear_technician", "bench.open_tool",
    "bench.status",
    "checklist.not_applicable", "checklist.not_ok", "checklist.ok", "checklist.sign_off", "confirm.no",
    "confirm.yes", "dashboard.acknowledge", "error.close", "form.cancel", "help", "help.close", "jump", "jump.cancel",
    "label.print", "order.assign", "order.bench", "order.plan", "order.prepare", "order.recheck", "order.sheet", "order.start", "orders.take_in",
    "planner.accept", "planner.decline",
    "planner.group", "planner.record", "planner.reschedule", "quit", "refresh", "review.accept", "review.recall",
    "sheet.alert", "sheet.anomaly", "sheet.close", "sheet.export", "sheet.measure", "sheet.not_replaced", "sheet.tick",
    "staff.add_key", "staff.remove_key", "supply.adjust", "supply.all_movements", "supply.consume",
    "supply.dispose", "supply.receive", "table.clear_filter", "table.copy", "table.copy_row", "table.filter", "table.next_page",
    "table.previous_page", "table.sort", "tool.back_in_service", "tool.check_in", "tool.check_out",
    "tool.out_of_service",
    "planner.clear_filter", "planner.filter", "planner.horizon", "table.reverse_sort",
})
