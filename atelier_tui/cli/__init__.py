"""The command line: parses, calls a service, prints. Exit codes: 0 success, 1 "no", 2 bad usage
or bad input (atelier_tui/cli/common.py).

This package only assembles `atelier`: the root group and its options are in root.py, what every
command shares in common.py (and output.py, values.py, progress.py), each command group in its own
module. No module of the package imports the package itself, so none of them depends on the order
in which the others were loaded. Heavy modules are imported inside commands so that `atelier`
opens fast."""

from __future__ import annotations

from atelier_tui.cli.root import cli

__all__ = ["cli", "main"]

# Each command by name, imported when it runs (cli/root.py, LazyGroup): `atelier order check`
# loads cli/orders.py and what its command needs, not every command group.
COMMANDS = {
    "init": "atelier_tui.cli.workshop:init", "demo": "atelier_tui.cli.workshop:demo", "db": "atelier_tui.cli.database:db",
    "catalog": "atelier_tui.cli.catalog:catalog", "export": "atelier_tui.cli.workshop:export_command",
    "import": "atelier_tui.cli.workshop:import_command", "import-csv": "atelier_tui.cli.workshop:import_csv_command",
    "order": "atelier_tui.cli.orders:order", "checklist": "atelier_tui.cli.checklists:checklist",
    "sheet": "atelier_tui.cli.sheets:sheet", "maintenance": "atelier_tui.cli.maintenance:maintenance",
    "audit": "atelier_tui.cli.audit:audit", "backup": "atelier_tui.cli.backup:backup", "restore": "atelier_tui.cli.backup:restore",
    "whoami": "atelier_tui.cli.staff:whoami", "staff": "atelier_tui.cli.staff:staff", "serve": "atelier_tui.cli.serve:serve",
    "doctor": "atelier_tui.cli.doctor:doctor", "config": "atelier_tui.cli.config:config", "stock": "atelier_tui.cli.stock:stock",
    "print": "atelier_tui.cli.printing:print_group",
}
for _name, _target in COMMANDS.items():
    cli.add_lazy_command(_name, _target)
del _name, _target


def main() -> None:
    """The full command line (atelier_tui/launch.py comes here for anything but opening the workstation)."""
    import os

    from atelier_tui.errors import run_guarded
    from atelier_tui.launch import COMPLETION_VARIABLE

    if COMPLETION_VARIABLE in os.environ:  # the shell asks what TAB offers
        from atelier_tui.cli.completion import attach

        attach()
    run_guarded(cli)
