"""The command line: parses, calls a service, prints. Exit codes: 0 success, 1 "no", 2 bad usage
or bad input (atelier_tui/cli/common.py).

This package only assembles `atelier`: the root group and its options are in root.py, what every
command shares in common.py (and output.py, values.py, progress.py), each command group in its own
module. No module of the package imports the package itself, so none of them depends on the order
in which the others were loaded. Heavy modules are imported inside commands so that `atelier`
opens fast."""

from __future__ import annotations

from atelier_tui.cli.audit import audit as audit_group
from atelier_tui.cli.backup import backup as backup_command
from atelier_tui.cli.backup import restore as restore_command
from atelier_tui.cli.catalog import catalog as catalog_group
from atelier_tui.cli.checklists import checklist as checklist_group
from atelier_tui.cli.config import config as config_group
from atelier_tui.cli.database import db as db_group
from atelier_tui.cli.doctor import doctor as doctor_command
from atelier_tui.cli.maintenance import maintenance as maintenance_group
from atelier_tui.cli.orders import order as order_group
from atelier_tui.cli.printing import print_group
from atelier_tui.cli.root import cli
from atelier_tui.cli.serve import serve as serve_group
from atelier_tui.cli.sheets import sheet as sheet_group
from atelier_tui.cli.staff import staff as staff_group
from atelier_tui.cli.staff import whoami as whoami_command
from atelier_tui.cli.stock import stock as stock_group
from atelier_tui.cli.workshop import demo as demo_command
from atelier_tui.cli.workshop import export_command, import_command, import_csv_command
from atelier_tui.cli.workshop import init as init_command

__all__ = ["cli", "main"]

for _command in (init_command, demo_command, db_group, catalog_group, export_command, import_command, import_csv_command,
                 order_group, checklist_group, sheet_group, maintenance_group, audit_group, backup_command, restore_command,
                 whoami_command, staff_group, serve_group, doctor_command, config_group, stock_group, print_group):
    cli.add_command(_command)
del _command


def main() -> None:
    """The full command line (atelier_tui/launch.py comes here for anything but opening the workstation)."""
    import os

    from atelier_tui.errors import run_guarded
    from atelier_tui.launch import COMPLETION_VARIABLE

    if COMPLETION_VARIABLE in os.environ:  # the shell asks what TAB offers
        from atelier_tui.cli.completion import attach

        attach()
    run_guarded(cli)
