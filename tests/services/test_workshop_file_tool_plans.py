"""A tool's own maintenance plan in the workshop file (`[[tool_plan]]`): it imports as the command
line would make it, exports byte for byte, and a bad entry is one line naming it, nothing written."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from atelier_tui.services.maintenance.plans import list_plans
from atelier_tui.services.transfer.workshop_file import WorkshopFileError, export_workshop, import_workshop
from atelier_tui.store.models import MaintenancePlan, ToolType
from tests.services.test_workshop_file import (
    ADMIN,
    NOW,
    WORKSHOP,
    engine,  # noqa: F401  (the migrated database with the few catalog rows named)
    line_of,
    new_database,
)

pytestmark = pytest.mark.backends

PLANS = '''
[[tool_plan]]
key = "t001_check"
tool = "T-001"
kind = "verification"
name_en = "Rate check against the reference"
name_fr = "Contrôle de marche contre la référence"
every_days = 30
every_uses = 50
grace_days = 2
steps = [
    { en = "Warm up for 10 minutes", fr = "Préchauffer 10 minutes" },
]
test_points = [
    { key = "rate_0", name_en = "Rate at 0 s/d", name_fr = "Marche à 0 s/j", nominal = "0 s/d", tolerance = "0.2 s/d" },
]

[[tool_plan]]
key = "t001_old_check"
tool = "T-001"
kind = "cleaning"
name_en = "Weekly cleaning"
every_days = 7
active = false
'''
PLANNED = WORKSHOP.replace("\n[[lot]]", PLANS + "\n[[lot]]", 1)


@pytest.fixture
def typed(engine):  # type: ignore[no-untyped-def]  # noqa: F811
    """With a plan of the catalog for the timegrapher type, which a tool's own plan replaces."""
    with Session(engine) as session:
        timegrapher = session.exec(select(ToolType.id).where(ToolType.key == "timegrapher")).one()
        session.add(MaintenancePlan(key="timegrapher_check", tool_type_id=timegrapher, kind="verification", name_en="Check",
                                    name_fr="Contrôle", every_days=90))
        session.commit()
    return engine


@pytest.fixture
def planned(typed):  # type: ignore[no-untyped-def]
    import_workshop(typed, PLANNED, "workshop.toml", ADMIN, NOW)
    return typed


def test_a_tools_own_plans_come_in_and_go_out_byte_for_byte(planned, migrated_database_url) -> None:  # type: ignore[no-untyped-def]
    own = list_plans(planned, "T-001", every=True)
    assert [(line.key, line.tool, line.active, line.replaces) for line in own] == [
        ("t001_check", "T-001", True, ("timegrapher_check",)), ("t001_old_check", "T-001", False, ())]
    with Session(planned) as session:
        stored = session.exec(select(MaintenancePlan).where(MaintenancePlan.key == "t001_check")).one()
    assert stored.test_points == [{"key": "rate_0", "name_en": "Rate at 0 s/d", "name_fr": "Marche à 0 s/j",
                                   "nominal": {"value": 0.0, "unit": "second / day", "text": "0 s/d"},
                                   "tolerance": {"value": 0.2, "unit": "second / day", "text": "0.2 s/d"}}]
    first = export_workshop(planned)
    assert '[[tool_plan]]\nkey = "t001_check"\ntool = "T-001"' in first
    other = new_database(migrated_database_url("b"))
    import_workshop(other, first, "export.toml", ADMIN, NOW)
    assert export_workshop(other) == first
    assert {change.action for change in import_workshop(other, first, "again.toml", ADMIN, NOW).changes} == {"unchanged"}
    other.dispose()


# (what the file says, what the bad file says instead, the line the error names, the error)
BAD_PLANS = [
    ('tool = "T-001"\nkind = "verification"', 'tool = "T-009"\nkind = "verification"', 'tool = "T-009"',
     "tool 'T-009' is not a tool in this file or the database"),
    ('kind = "verification"', 'kind = "polishing"', 'kind = "polishing"',
     "kind 'polishing' is not one of cleaning, maintenance, verification, calibration"),
    ('key = "t001_check"', 'key = "timegrapher_check"', 'key = "timegrapher_check"',
     "key 'timegrapher_check' is a plan of the catalog; a tool's own plan needs a key of its own"),
    ('nominal = "0 s/d", tolerance = "0.2 s/d"', 'nominal = "0 s/d", tolerance = "0.2 mm"', "test_points = [",
     "test_points: '0.2 mm' is a length; expected a rate (like s/d) (second / day)"),
    ('every_days = 7\n', 'every_days = 0\n', "every_days = 0", "every_days: give every_days, every_uses or both"),
    ('grace_days = 2', 'grace_days = -2', "grace_days = -2", "grace_days must be 0 or more, not -2"),
]


@pytest.mark.parametrize(("good", "bad", "named", "message"), BAD_PLANS, ids=[entry[3][:40] for entry in BAD_PLANS])
def test_a_bad_plan_entry_names_its_line_and_nothing_is_written(typed, good: str, bad: str, named: str,  # type: ignore[no-untyped-def]
                                                                message: str) -> None:
    assert good in PLANNED
    text = PLANNED.replace(good, bad, 1)
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(typed, text, "bad.toml", ADMIN, NOW)
    assert refused.value.errors == [f"bad.toml:{line_of(text, named)}: {message}"]
    with Session(typed) as session:
        assert session.exec(select(MaintenancePlan.key)).all() == ["timegrapher_check"]  # the catalog's only
