"""Shell completion (bash, zsh, fish) through Click's own protocol: the shell runs `atelier` with
`_ATELIER_COMPLETE=bash_complete` (or zsh_complete, fish_complete) and the words typed so far, and
Click answers with the subcommands, the options, and what the parameters below complete from the
workshop (services/overview/completion.py). Enabling it is one line in the shell's start-up file (README,
"Shell completion").

Which parameter completes which key is said here, once, and set on the parameters of the
registered commands when the shell asks (`attach`, from `atelier_tui.cli.main`), instead of in
each command module: the table is the whole answer to "what does TAB offer where", and
tests/test_completion.py fails when a parameter it names is renamed."""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

from atelier_tui.cli.root import cli

# (command path, parameter name) -> what it completes (a name of services.completion.KEYS)
COMPLETED: dict[tuple[str, str], str] = {
    ("", "acting_for"): "staff",
    ("order add", "bench"): "bench",
    ("order add", "technician"): "staff",
    ("order add", "calibre"): "calibre",
    ("order add", "interventions"): "intervention",
    ("order assign", "reference"): "order",
    ("order assign", "bench"): "bench",
    ("order assign", "technician"): "staff",
    ("order check", "reference"): "order",
    ("order check", "bench"): "bench",
    ("order prepare", "reference"): "order",
    ("order prepare", "bench"): "bench",
    ("order start", "reference"): "order",
    ("order start", "bench"): "bench",
    ("checklist run", "template"): "checklist",
    ("checklist run", "bench_code"): "bench",
    ("checklist run", "order_ref"): "order",
    ("checklist list", "bench_code"): "bench",
    ("sheet show", "reference"): "order",
    ("sheet tick", "reference"): "order",
    ("sheet measure", "reference"): "order",
    ("sheet measure", "tool_tag"): "tool",
    ("sheet close", "reference"): "order",
    ("sheet export", "reference"): "order",
    ("maintenance record", "tag"): "tool",
    ("maintenance record", "plan_key"): "maintenance_plan",
    ("maintenance impact", "tag"): "tool",
    ("maintenance reschedule", "tag"): "tool",
    ("maintenance reschedule", "plan_key"): "maintenance_plan",
    ("maintenance correct-usage", "tag"): "tool",
    ("maintenance dispose", "reference"): "order",
    ("staff remove", "login"): "staff",
    ("staff add-key", "login"): "staff",
    ("staff keys", "login"): "staff",
    ("audit list", "actor"): "staff",
}


def command_at(path: str) -> click.Command:
    command: click.Command = cli
    for name in path.split():
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def parameter(path: str, name: str) -> click.Parameter:
    return next(param for param in command_at(path).params if param.name == name)


def workshop_keys(kind: str) -> Any:
    """A parameter's `shell_complete`: the keys of `kind` in the database the command line names."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from atelier_tui.services.overview.completion import complete as keys_beginning_with
        from atelier_tui.store.location import resolve_database_url

        database = ctx.find_root().params.get("db")
        try:
            url = resolve_database_url(database)
        except OSError:
            return []
        return [CompletionItem(key) for key in keys_beginning_with(url, kind, incomplete)]

    return complete


def attach() -> None:
    """Every parameter of COMPLETED completes its keys (every command module is loaded by then)."""
    for (path, name), kind in COMPLETED.items():
        # Click keeps a parameter's `shell_complete` here; it is given at creation, and these
        # parameters are made in the command modules.
        parameter(path, name)._custom_shell_complete = workshop_keys(kind)
