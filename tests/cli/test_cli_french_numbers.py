"""A French workshop reads its numbers the French way on the command line: a decimal comma and
unit words in French (`2,5 ml`, `3 pièces`); --json keeps numbers as numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli
from tests.support.runner_account import register_test_runner


def atelier(db: Path, *args: str, language: str = "en") -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": language})


@pytest.fixture
def db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)  # the person running the commands, as a lead
    for supply, lot, quantity in (("moebius_9010", "M-1", "2.5 ml"), ("battery_sr920sw", "B-1", "3 piece")):
        received = atelier(catalogued_db, "stock", "receive", supply, lot, quantity, "--location", "C1", "--expires", "2031-06-30")
        assert received.exit_code == 0, received.output
    return catalogued_db


def test_french_text_output_writes_decimal_commas_and_french_unit_words(db: Path) -> None:
    french = atelier(db, "stock", "show", "moebius_9010", language="fr")
    assert french.exit_code == 0, french.output
    assert "2,5 ml" in french.stdout and "2.5 ml" not in french.stdout
    cells = atelier(db, "stock", "show", "battery_sr920sw", language="fr")
    assert "3 pièces" in cells.stdout and "piece" not in cells.stdout
    english = atelier(db, "stock", "show", "battery_sr920sw")
    assert "3 pieces" in english.stdout


def test_stock_show_words_states_and_names_in_the_interface_language(db: Path) -> None:
    french = atelier(db, "stock", "show", "battery_sr920sw", language="fr").stdout
    lot_line = next(line for line in french.splitlines() if line.startswith("  "))
    assert lot_line.rstrip().endswith("disponible") and "available" not in french, french
    assert "Silver-oxide" not in french.splitlines()[0], french  # the supply's French name
    english = atelier(db, "stock", "show", "battery_sr920sw").stdout
    assert next(line for line in english.splitlines() if line.startswith("  ")).rstrip().endswith("available")


def test_json_keeps_numbers_whatever_the_language(db: Path) -> None:
    shown = json.loads(atelier(db, "stock", "show", "moebius_9010", "--json", language="fr").stdout)
    assert shown["on_hand"] == 2.5 and shown["unit"] == "ml"


def test_the_stock_list_reads_under_its_header_with_names_and_reserved_agreeing_in_french(db: Path) -> None:
    french = atelier(db, "stock", "show", "--stocked", language="fr").stdout.splitlines()
    assert french[0].split() == ["fourniture", "nom", "en", "stock", "réservé", "état"]
    cells = next(line for line in french if line.startswith("battery_sr920sw "))
    assert "3 pièces" in cells and "Silver-oxide" not in cells
    one = atelier(db, "stock", "show", "battery_sr920sw", language="fr").stdout
    assert "réservé\u202f: 0 pièce" in one and "pièce réservé" not in one  # no adjective to agree with a unit
