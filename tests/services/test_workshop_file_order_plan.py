"""An order's grade and own estimate in the workshop file: imported as the reception takes them,
refused with FILE:LINE when the calibre has no such grade or the estimate is no duration, and
exported back as written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from atelier_tui.services.context import Actor
from atelier_tui.services.transfer.workshop_file import WorkshopFileError, export_workshop, import_workshop
from atelier_tui.store.models import RepairOrder

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = Actor(login="importer", role="admin")

WORKSHOP = '''\
format = 1

[[site]]
code = "PARIS"
name = "Atelier Paris"

[[order]]
reference = "OR-0001"
site = "PARIS"
brand = "Tudor"
model = "Black Bay"
calibre = "eta_2824_2"
movement_kind = "automatic"
interventions = ["full_service_automatic"]
received_on = 2026-02-20
deadline = 2026-03-20
grade = "chronometer"
estimate = "2 workday"
'''


def test_the_grade_and_estimate_import_and_export_as_written(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    import_workshop(catalogued_engine, WORKSHOP, "workshop.toml", ADMIN, NOW)
    with Session(catalogued_engine) as session:
        order = session.exec(select(RepairOrder)).one()
        assert (order.grade, order.estimate_minutes, order.estimate_text) == ("chronometer", 840, "2 workday")
    exported = export_workshop(catalogued_engine)
    assert 'grade = "chronometer"' in exported and 'estimate = "2 workday"' in exported
    again = import_workshop(catalogued_engine, exported, "again.toml", ADMIN, NOW)
    assert {change.action for change in again.changes} == {"unchanged"}


@pytest.mark.parametrize(("bad", "message"), [
    ('grade = "platinum"', "grade: 'platinum' is not a grade of calibre eta_2824_2; expected one of standard, elabore, top, "
                           "chronometer"),
    ('estimate = "2 bar"', "estimate: '2 bar' is a pressure; expected a duration (min)"),
    ('estimate = "0 h"', "estimate: '0 h' is less than a minute of bench time; expected a duration such as \"3 h\""),
])
def test_a_bad_grade_or_estimate_names_its_line_and_nothing_is_written(catalogued_engine, bad: str, message: str) -> None:  # type: ignore[no-untyped-def]
    field = bad.split(" = ")[0]
    text = "\n".join(bad if line.startswith(f"{field} = ") else line for line in WORKSHOP.split("\n"))
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(catalogued_engine, text, "bad.toml", ADMIN, NOW)
    line = next(number for number, written in enumerate(text.split("\n"), start=1) if written == bad)
    assert refused.value.errors == [f"bad.toml:{line}: {message}"]
    with Session(catalogued_engine) as session:
        assert session.exec(select(RepairOrder)).all() == []
