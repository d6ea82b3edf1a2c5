"""Values that start with a minus sign are values on every command (atelier_tui/cli/values.py):
`sheet measure REF rate "-3 s/d"` without `--`, while a word that is no number is still an
unknown option."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from atelier_tui.cli import cli
from tests.cli.test_cli_sheets import atelier, db, started  # noqa: F401  (the started battery order OR-A)


def test_a_negative_rate_is_recorded_without_a_double_dash(db: Path) -> None:  # noqa: F811
    started(db)
    result = atelier(db, "sheet", "measure", "OR-A", "rate", "-3 s/d", "--position", "CH")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OR-A: rate -3 s/d recorded")
    # The old way keeps working, and so does a number alone.
    assert atelier(db, "sheet", "measure", "--position", "CB", "--", "OR-A", "rate", "-4 s/d").exit_code == 0
    shown = atelier(db, "sheet", "show", "OR-A").stdout
    assert "rate CH (dial up): -3 s/d" in shown and "rate CB (dial down): -4 s/d" in shown


def test_a_word_that_is_no_number_is_still_an_unknown_option(db: Path) -> None:  # noqa: F811
    started(db)
    result = atelier(db, "sheet", "measure", "OR-A", "rate", "-x")
    assert result.exit_code == 2 and "No such option '-x'" in result.output
    negative_id = atelier(db, "maintenance", "review", "-5")
    assert negative_id.exit_code == 2 and "No such option" not in negative_id.output  # read as a value, then refused as one


def test_every_command_of_atelier_reads_signed_values() -> None:
    def commands(command: click.Command, path: str = "atelier") -> list[tuple[str, click.Command]]:
        found = [(path, command)]
        for name, sub in getattr(command, "commands", {}).items():
            found += commands(sub, f"{path} {name}")
        return found

    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    plain = [path for path, command in commands(cli) if type(command) in (click.Command, click.Group)]
    assert plain == []
