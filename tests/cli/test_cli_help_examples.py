"""Every command's --help ends with an example of its use (issue 21), and the example stays true:
it names that very command and only options the command (or `atelier` itself) takes. Walking the
click tree means a new command without an example fails here."""

from __future__ import annotations

import re
import shlex

import click
from click.testing import CliRunner

from atelier_tui.cli import cli

_EXAMPLE = re.compile(r"^\s*Example: (atelier .+)$", re.MULTILINE)


def commands() -> list[tuple[tuple[str, ...], click.Command]]:
    found = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        else:
            found.append((path, command))

    walk(cli, ())
    return found


def option_names(command: click.Command) -> set[str]:
    return {name for param in command.params if isinstance(param, click.Option) for name in (*param.opts, *param.secondary_opts)}


def test_every_command_shows_an_example_of_itself_with_options_it_takes() -> None:
    missing, wrong = [], []
    for path, command in commands():
        example = _EXAMPLE.search(command.help or "")
        if example is None:
            missing.append(" ".join(path))
            continue
        words = shlex.split(example.group(1))[1:]
        while words and words[0] in option_names(cli):  # `atelier --db URL ...`
            words = words[2:]
        if tuple(words[:len(path)]) != path:
            wrong.append(f"{' '.join(path)}: the example runs {' '.join(words[:len(path)])}")
        unknown = {word.split("=")[0] for word in words if word.startswith("--")} - option_names(command)
        if unknown:
            wrong.append(f"{' '.join(path)}: the example gives {', '.join(sorted(unknown))}")
    assert missing == [] and wrong == []


def test_the_example_is_printed_by_help() -> None:
    shown = CliRunner().invoke(cli, ["maintenance", "plan", "add", "--help"])
    assert shown.exit_code == 0
    assert "Example: atelier maintenance plan add AT-00107 at00107_leak_check --from" in shown.output
