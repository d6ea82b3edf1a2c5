"""The root of the command line, `atelier` itself: its options (--db, --as, --readonly, ...), the
context object every command reads them from, and the workstation it opens when no command is
given. The commands are added to it by atelier_tui/cli/__init__.py."""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import Any

import click

from atelier_tui.cli.values import ValueGroup
from atelier_tui.tui.views import FIRST_VIEW, VIEW_NAMES


class LazyGroup(ValueGroup):
    """A group whose commands are imported when one is run, or when they are all asked for
    (`--help`, completion, `commands`): a read command then loads its own module, not the
    twenty others (issue 20, a lean read path)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._lazy: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def add_lazy_command(self, name: str, target: str) -> None:
        """`target` is "module:attribute", the command `name` once imported."""
        self._lazy[name] = target

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        assert name is not None
        self._lazy.pop(name, None)
        self._loaded[name] = cmd

    def _load(self, name: str) -> None:
        module, _, attribute = self._lazy.pop(name).partition(":")
        self._loaded[name] = getattr(importlib.import_module(module), attribute)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in list(self._lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._loaded = value

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._lazy:
            self._load(cmd_name)
        return self._loaded.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *self._lazy})


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.option("--db", envvar="ATELIER_DATABASE_URL", help="Database URL or SQLite file path.")
@click.option("--as", "acting_for", metavar="LOGIN", help="Act for this staff member (gateway accounts only).")
@click.option("--readonly", is_flag=True, help="Open the TUI with every change hidden.")
@click.option("--no-mouse", is_flag=True, help="Do not ask the terminal for mouse events.")
@click.option("--view", type=click.Choice(VIEW_NAMES), default=FIRST_VIEW,
              help="The view to open first.")
@click.version_option(package_name="atelier-tui")
@click.pass_context
def cli(ctx: click.Context, db: str | None, acting_for: str | None, readonly: bool, no_mouse: bool, view: str) -> None:
    """atelier: tools, supplies and readiness for the watch-repair bench."""
    ctx.ensure_object(dict)
    # What every command reads from the context (atelier_tui/cli/common.py); "identity" is added
    # there, once resolved.
    ctx.obj["db"] = db
    ctx.obj["acting_for"] = acting_for
    from atelier_tui.i18n import set_language
    from atelier_tui.settings import interface_language, load_settings, report_problems

    settings = load_settings()
    set_language(interface_language(settings))  # the workstation sets it again, from its own arguments
    report_problems(settings)
    if ctx.invoked_subcommand is not None:
        _say_what_writes_wait_for()
    if ctx.invoked_subcommand is None:
        open_workstation(db, readonly=readonly, no_mouse=no_mouse, acting_for=acting_for, view=view)


def _say_what_writes_wait_for() -> None:
    """A command whose write waits for the database (behind someone's import) says for whom, on
    standard error, then keeps waiting."""
    from atelier_tui.cli.output import echo
    from atelier_tui.services.common.write_waits import tell_each_wait_once

    tell_each_wait_once(lambda sentence: echo(sentence, err=True))


def open_workstation(
    db: str | None, readonly: bool = False, no_mouse: bool = False, acting_for: str | None = None, view: str = "dashboard"
) -> None:
    from atelier_tui.launch import refuse_without_terminal
    from atelier_tui.tui.workstation import run_workstation

    refuse_without_terminal()
    run_workstation(db, view=view, readonly=readonly, acting_for=acting_for, no_mouse=no_mouse)
