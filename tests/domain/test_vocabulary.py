"""The vocabulary's values are the strings already stored in databases, written in workshop files
and JSON output and typed on the command line: changing one is a migration, never a rename."""

from __future__ import annotations

import json

from atelier_tui.domain.vocabulary import (
    Answer,
    BenchStatus,
    LotStatus,
    MovementKind,
    OrderStatus,
    PlanKind,
    RecordResult,
    Role,
    StockMovementKind,
    ToolStatus,
    WasteStream,
    values,
)


def test_the_stored_strings_are_those_of_existing_workshops() -> None:
    assert values(ToolStatus) == ("in_service", "checked_out", "in_maintenance", "out_of_service", "retired")
    assert values(BenchStatus) == ("open", "closed", "maintenance")
    assert values(OrderStatus) == ("received", "quoted", "accepted", "ready", "in_progress", "quality_control", "done",
                                   "returned", "cancelled")
    assert values(Role) == ("technician", "lead", "admin", "gateway")
    assert values(MovementKind) == ("manual", "automatic", "quartz", "kinetic", "solar")
    assert values(PlanKind) == ("cleaning", "maintenance", "verification", "calibration")
    assert values(RecordResult) == ("pass", "adjusted", "fail")
    assert values(Answer) == ("ok", "not_ok", "not_applicable")
    assert values(StockMovementKind) == ("receipt", "consumption", "adjustment", "transfer", "disposal")
    assert values(WasteStream) == ("battery_collection", "solvent_waste", "general")
    assert values(LotStatus) == ("available", "quarantined", "disposed")


def test_a_member_is_written_as_its_string_in_json_and_text() -> None:
    assert json.dumps({"status": ToolStatus.OUT_OF_SERVICE}) == '{"status": "out_of_service"}'
    assert f"{OrderStatus.IN_PROGRESS}" == "in_progress" and str(Role.LEAD) == "lead"
    assert ToolStatus.RETIRED == "retired"
