"""The one line-aware reader behind catalogs, workshop files and checklist answers: what it gained
for each by being shared (a deep file is one error, not a crash; a byte-order mark is accepted;
an error at the end of a file points at its last written line; inline entries are found)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from atelier_tui.catalogs import read_catalogs
from atelier_tui.services.context import Actor
from atelier_tui.services.transfer.workshop_file import WorkshopFileError, import_workshop
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import Site
from atelier_tui.textfiles.checklist_answers import read_checklist_answers

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = Actor(login="importer", role="admin")


@pytest.fixture
def engine(migrated_database_url):  # type: ignore[no-untyped-def]
    engine = make_engine(migrated_database_url("a"))
    yield engine
    engine.dispose()


def test_a_workshop_file_nested_thousands_of_levels_deep_is_one_error_and_nothing_is_written(engine) -> None:  # type: ignore[no-untyped-def]
    text = '[[site]]\ncode = "PARIS"\nname = "Paris"\n\n[[location]]\ncode = "C1"\nsite = "PARIS"\nname = ' + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(engine, text, "deep.toml", ADMIN, NOW)
    assert refused.value.errors == ["deep.toml:1: TOML nested too deeply (arrays or tables inside each other thousands of times)"]
    with Session(engine) as session:
        assert session.get(Site, 1) is None


def test_a_catalog_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_text('\ufeff[[capability]]\nkey = "from_notepad"\nname_en = "A"\nname_fr = "B"\n', encoding="utf-8")
    bundle = read_catalogs([path])
    assert bundle.ok, [str(error) for error in bundle.errors]
    assert list(bundle.entries["capability"]) == ["from_notepad"]


def test_an_error_at_the_end_of_a_catalog_points_at_its_last_written_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.toml"
    path.write_text('[[capability]]\n\n\nkey = "a"\nname_en = "A"\nname_fr = ["x",\n\n', encoding="utf-8")
    assert [str(error) for error in read_catalogs([path]).errors] == [f"{path}:6: TOML syntax error: Invalid value"]


def test_an_error_in_an_inline_catalog_entry_points_at_that_entry(tmp_path: Path) -> None:
    path = tmp_path / "inline.toml"
    path.write_text('# capabilities written inline\n\ncapability = [\n  { key = "first", name_en = "A", name_fr = "A" },\n'
                    '  { key = "second", name_en = "B" },\n]\n', encoding="utf-8")
    assert [str(error) for error in read_catalogs([path]).errors] == [f"{path}:5: capability 'second': 'name_fr' is missing"]


def test_answers_given_as_dotted_keys_and_sub_tables_are_found_on_their_lines() -> None:
    text = '# morning\n[answers]\nbench_wiped = "ok"\nlighting.answer = 4\n\n[answers."hands_washed"]\nanswer = "not_ok"\n'
    read = read_checklist_answers(text, "a.toml")
    assert [str(error) for error in read.errors] == [
        'a.toml:4: lighting: expected "ok", "not_ok", "not_applicable" or { answer = "...", reason = "..." }']
    assert (read.line_of("bench_wiped"), read.line_of("hands_washed"), read.line_of("not_in_the_file")) == (3, 6, 2)
