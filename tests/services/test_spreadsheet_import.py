"""CSV import of tools and lots, on real SQLite files."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.transfer.spreadsheet_import import import_lots_csv, import_tools_csv
from atelier_tui.services.transfer.workshop_file import import_workshop
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import (
    AuditEvent,
    Bench,
    Lot,
    Site,
    StockMovement,
    SupplyAlias,
    SupplyType,
    Tool,
    ToolType,
)

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEAD = Actor(login="paul", role="lead")

# Two sites, so that a tool's site visibly follows its home.
WORKSHOP = '''\
[[site]]
code = "PARIS"
name = "Paris"

[[site]]
code = "LYON"
name = "Lyon"

[[location]]
code = "C1"
site = "PARIS"
name = "Armoire 1"

[[location]]
code = "L1"
site = "LYON"
name = "Lyon cabinet"

[[bench]]
code = "B-QUARTZ"
site = "PARIS"
name = "Poste quartz"

[[tool]]
asset_tag = "T-001"
site = "PARIS"
tool_type = "timegrapher"
serial = "OLD-1"
maker = "Weishi"
home = "C1"
status = "in_maintenance"
'''


@pytest.fixture
def engine(migrated_database_url):  # type: ignore[no-untyped-def]
    engine = make_engine(migrated_database_url("a"))
    with Session(engine) as session:
        for key in ("timegrapher", "screwdriver_set"):
            session.add(ToolType(key=key, name_en=key, name_fr=key, category="instrument"))
        cells = [SupplyType(key=key, name_en=key, name_fr=key, category="battery", stock_unit="piece", iec_code=iec)
                 for key, iec in (("battery_sr920sw", "SR920SW"), ("battery_sr921sw", "SR921SW"))]
        oil = SupplyType(key="moebius_9010", name_en="9010", name_fr="9010", category="lubricant", stock_unit="ml")
        session.add_all([*cells, oil])
        session.flush()
        session.add_all([SupplyAlias(supply_type_id=cells[0].id, alias="371"),
                         SupplyAlias(supply_type_id=cells[0].id, alias="370"),
                         SupplyAlias(supply_type_id=cells[1].id, alias="370")])
        session.commit()
    import_workshop(engine, WORKSHOP, "workshop.toml", Actor(login="admin"), NOW)
    yield engine
    engine.dispose()


def snapshot(engine) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Everything an import could change, to show that a refused one changed nothing."""
    with Session(engine) as session:
        return {
            "tools": session.exec(select(Tool.asset_tag, Tool.serial, Tool.status, Tool.version)).all(),
            "lots": session.exec(select(Lot.lot_number, Lot.quantity_micro)).all(),
            "movements": session.exec(select(func.count()).select_from(StockMovement)).one(),
            "audit": session.exec(select(func.count()).select_from(AuditEvent)).one(),
        }


def tool(engine, tag: str) -> Tool:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(Tool).where(Tool.asset_tag == tag)).one()


def actions(report) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(row.line, row.action) for row in report.rows]


TOOLS_CSV = """\
asset_tag,tool_type,serial,maker,home,status,acquired_on
T-001,timegrapher,NEW-1,Weishi,C1,,
T-001b,timegrapher,,,C1,,
T-002,screwdriver_set,S-2,Bergeon,B-QUARTZ,,2024-01-15
T-003,timegrapher,S-3,Witschi,L1,retired,
"""


def test_dry_run_reports_each_row_and_writes_nothing(engine) -> None:
    text = TOOLS_CSV.replace("T-001b,timegrapher,,,C1,,", "T-009,foo,,,C1,,") + "T-004,timegrapher,,,C9,broken,15/01/2024\n"
    before = snapshot(engine)
    report = import_tools_csv(engine, text, "tools.csv", LEAD, NOW, dry_run=True)
    assert actions(report) == [(2, "update"), (3, "reject"), (4, "create"), (5, "create"), (6, "reject")]
    assert report.rows[1].reasons == ("tools.csv:3: tool_type 'foo' is not in the catalog",)
    assert report.rows[4].reasons == (
        "tools.csv:6: home 'C9' is not a location or bench code in the database",
        "tools.csv:6: status 'broken' is not one of in_service, checked_out, in_maintenance, out_of_service, retired",
        "tools.csv:6: acquired_on: '15/01/2024' is not a date (YYYY-MM-DD)",
    )
    assert not report.written and not report.ok
    assert snapshot(engine) == before


def test_dry_run_of_a_valid_file_says_what_would_happen(engine) -> None:
    report = import_tools_csv(engine, TOOLS_CSV, "tools.csv", LEAD, NOW, dry_run=True)
    assert report.lines()[:2] == ["tools.csv:2: update T-001", "tools.csv:3: create T-001b"]
    assert report.ok and not report.written
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Tool)).one() == 1


def test_a_real_run_with_one_bad_row_writes_nothing(engine) -> None:
    text = TOOLS_CSV + "T-005,timegrapher,,,C1,,2024-02-30\n"
    before = snapshot(engine)
    report = import_tools_csv(engine, text, "tools.csv", LEAD, NOW)
    assert [row.reasons for row in report.rows if row.action == "reject"] == [
        ("tools.csv:6: acquired_on: '2024-02-30' is not a date (YYYY-MM-DD)",)
    ]
    assert not report.written
    assert snapshot(engine) == before


def test_a_real_run_writes_every_row_with_its_audit_event(engine) -> None:
    report = import_tools_csv(engine, TOOLS_CSV, "tools.csv", LEAD, NOW)
    assert report.written and actions(report) == [(2, "update"), (3, "create"), (4, "create"), (5, "create")]
    updated = tool(engine, "T-001")
    # A blank cell keeps what the tool had; a filled one replaces it.
    assert (updated.serial, updated.status, updated.version) == ("NEW-1", "in_maintenance", 2)
    assert tool(engine, "T-002").acquired_on == date(2024, 1, 15)
    with Session(engine) as session:
        lyon = session.exec(select(Site).where(Site.code == "LYON")).one()
        bench = session.exec(select(Bench).where(Bench.code == "B-QUARTZ")).one()
        events = session.exec(select(AuditEvent.entity_key, AuditEvent.action).where(AuditEvent.actor == "paul")).all()
    assert tool(engine, "T-003").site_id == lyon.id  # the site of its home, L1
    assert tool(engine, "T-002").home_bench_id == bench.id
    assert sorted(events) == [("T-001", "update"), ("T-001b", "create"), ("T-002", "create"), ("T-003", "create")]
    again = import_tools_csv(engine, TOOLS_CSV, "tools.csv", LEAD, NOW)
    assert {row.action for row in again.rows} == {"unchanged"}


def test_a_key_twice_in_the_file_rejects_both_rows(engine) -> None:
    text = "asset_tag,tool_type,serial,maker,home\nT-7,timegrapher,,,C1\nT-8,timegrapher,,,C1\nT-7,timegrapher,,,C1\n"
    report = import_tools_csv(engine, text, "tools.csv", LEAD, NOW)
    assert [(row.line, row.reasons) for row in report.rows if row.action == "reject"] == [
        (2, ("tools.csv:2: asset_tag 'T-7' is also on line 4",)),
        (4, ("tools.csv:4: asset_tag 'T-7' is also on line 2",)),
    ]
    assert not report.written
    with Session(engine) as session:
        assert session.exec(select(Tool.asset_tag)).all() == ["T-001"]


def test_a_missing_or_unknown_column_refuses_the_file(engine) -> None:
    report = import_tools_csv(engine, "asset_tag,tool_type,serial,maker,colour\nT-9,timegrapher,,,red\n", "t.csv", LEAD, NOW)
    assert report.errors == [
        "t.csv:1: missing column home; tools columns are asset_tag, tool_type, serial, maker, home "
        "(optional: status, acquired_on)",
        "t.csv:1: unknown column 'colour'",
    ]
    assert report.rows == [] and not report.written


def test_a_technician_may_not_import(engine) -> None:
    with pytest.raises(ServiceError):
        import_tools_csv(engine, TOOLS_CSV, "tools.csv", Actor(login="marie", role="technician"), NOW, dry_run=True)


LOTS_CSV = """\
supply,lot_number,quantity,location,received_on,expires_on,opened_on
371,L-1,20 piece,C1,2025-01-10,2030-01-01,
SR920SW,L-2,5 pcs,C1,2025-01-10,,
moebius_9010,M-1,0.5 ml,B-QUARTZ,2025-02-01,,2025-02-03
"""


def ledger_matches_stock(engine) -> bool:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return all(
            (session.exec(select(func.sum(StockMovement.quantity_micro)).where(StockMovement.lot_id == lot.id)).one() or 0)
            == lot.quantity_micro
            for lot in session.exec(select(Lot))
        )


def test_lots_accept_aliases_and_iec_codes_and_start_their_ledger(engine) -> None:
    report = import_lots_csv(engine, LOTS_CSV, "lots.csv", LEAD, NOW)
    assert report.lines() == [
        "lots.csv:2: create battery_sr920sw/L-1",
        "lots.csv:3: create battery_sr920sw/L-2",
        "lots.csv:4: create moebius_9010/M-1",
    ]
    with Session(engine) as session:
        oil = session.exec(select(Lot).where(Lot.lot_number == "M-1")).one()
        paris = session.exec(select(Site).where(Site.code == "PARIS")).one()
        receipts = session.exec(select(StockMovement.kind, StockMovement.quantity_micro)).all()
    assert (oil.quantity_micro, oil.bench_id is not None, oil.location_id, oil.site_id) == (500_000, True, None, paris.id)
    assert oil.opened_on == date(2025, 2, 3)
    assert sorted(receipts) == [("receipt", 500_000), ("receipt", 5_000_000), ("receipt", 20_000_000)]
    assert ledger_matches_stock(engine)


def test_a_changed_quantity_is_an_adjustment_in_the_ledger(engine) -> None:
    import_lots_csv(engine, LOTS_CSV, "lots.csv", LEAD, NOW)
    recount = "supply;lot_number;quantity;location;received_on\nbattery_sr920sw;L-1;18 piece;C1;2025-01-10\n"
    report = import_lots_csv(engine, recount, "recount.csv", LEAD, NOW)
    assert report.lines() == ["recount.csv:2: update battery_sr920sw/L-1"]
    with Session(engine) as session:
        adjustment = session.exec(select(StockMovement).where(StockMovement.kind == "adjustment")).one()
        lot = session.exec(select(Lot).where(Lot.lot_number == "L-1")).one()
    assert (adjustment.quantity_micro, adjustment.reason) == (-2_000_000, "import")
    assert lot.expires_on == date(2030, 1, 1)  # not in this file: kept
    # the trail keeps the import's code and the file's name; a reader reads them in words of their language
    from atelier_tui.i18n import set_language
    from atelier_tui.services.audit.trail import list_events

    updated, = [row for row in list_events(engine, LEAD, entity="lot") if row.event.action == "update"]
    assert (updated.event.reason, updated.reason) == ("import from recount.csv", "imported from recount.csv")
    set_language("fr")
    try:
        assert [row.reason for row in list_events(engine, LEAD, entity="lot") if row.event.action == "update"] == ["importé de recount.csv"]
    finally:
        set_language("en")
    assert ledger_matches_stock(engine)


def test_french_spreadsheets_use_semicolons_and_decimal_commas(engine) -> None:
    text = "\ufeffSupply;Lot_Number;Quantity;Location;Received_On\nmoebius_9010;M-2;0,25 ml;C1;2025-03-01\n"
    report = import_lots_csv(engine, text, "lots.csv", LEAD, NOW)
    assert report.written
    with Session(engine) as session:
        assert session.exec(select(Lot.quantity_micro).where(Lot.lot_number == "M-2")).one() == 250_000


def test_lot_rows_with_wrong_units_or_names_are_rejected_with_their_line(engine) -> None:
    text = (
        "supply,lot_number,quantity,location,received_on\n"
        "371,L-1,20 piece,C1,2025-01-10\n"
        "371,L-2,5 bar,C1,2025-01-10\n"
        "370,L-3,1 piece,C1,2025-01-10\n"
        "battery_xx,L-4,1 piece,C1,2025-01-10\n"
        "moebius_9010,M-1,2 piece,C1,\n"
        "battery_sr920sw,L-1,3 piece,C1,2025-01-10\n"
    )
    before = snapshot(engine)
    report = import_lots_csv(engine, text, "lots.csv", LEAD, NOW)
    assert [reason for row in report.rows for reason in row.reasons] == [
        "lots.csv:2: lot 'battery_sr920sw/L-1' is also on line 7",
        "lots.csv:3: quantity: '5 bar' is a pressure; expected a count (piece)",
        "lots.csv:4: supply '370' could be battery_sr920sw or battery_sr921sw; write the key",
        "lots.csv:5: supply 'battery_xx' is not in the catalog",
        "lots.csv:6: quantity: '2 piece' is a count; expected a volume (ml)",
        "lots.csv:6: received_on is required",
        "lots.csv:7: lot 'battery_sr920sw/L-1' is also on line 2",
    ]
    assert snapshot(engine) == before


def test_refusals_of_a_spreadsheet_read_in_the_interface_language(engine) -> None:
    from atelier_tui.i18n import set_language

    set_language("fr")
    text = (
        "supply,lot_number,quantity,location,received_on\n"
        "battery_sr920sw,L-1,3 piece,C1,2025-01-10\n"
        "battery_xx,L-4,1 piece,C1,2025-01-10\n"
        "moebius_9010,M-1,2 ml,C1,\n"
        "battery_sr920sw,L-1,3 piece,C1,hier\n"
    )
    report = import_lots_csv(engine, text, "lots.csv", LEAD, NOW)
    assert [reason for row in report.rows for reason in row.reasons] == [
        "lots.csv:2: lot 'battery_sr920sw/L-1' figure aussi ligne 5",
        "lots.csv:3: supply 'battery_xx' n'est pas au catalogue",
        "lots.csv:4: received_on est obligatoire",
        "lots.csv:5: received_on\u202f: 'hier' n'est pas une date (AAAA-MM-JJ)",
        "lots.csv:5: lot 'battery_sr920sw/L-1' figure aussi ligne 2",
    ]


def test_a_row_with_more_cells_than_the_header_is_rejected(engine) -> None:
    text = "supply,lot_number,quantity,location,received_on\n371,L-1,20 piece,C1,2025-01-10,extra\n"
    report = import_lots_csv(engine, text, "lots.csv", LEAD, NOW, dry_run=True)
    assert report.rows[0].reasons == ("lots.csv:2: this row has 6 cells; the header has 5",)



def test_a_cell_past_what_csv_reads_is_one_error_naming_the_line(engine) -> None:  # type: ignore[no-untyped-def]
    text = "asset_tag,tool_type,serial,maker,home\nAT-90001,loupe,S1,Bergeon,C1\n" + f'AT-90002,loupe,"{"x" * 140_000}",B,C1\n'
    report = import_tools_csv(engine, text, "tools.csv", LEAD, NOW)
    assert report.errors == ["tools.csv:3: this row cannot be read as CSV (field larger than field limit (131072))"]


def test_implausible_tool_and_lot_rows_are_rejected_with_their_line_and_nothing_is_written(engine) -> None:
    """NOW is 2026-03-02: a receipt or an acquisition after it is a typo, as `order add` says of a
    reception; a lot cannot expire before it came in; a checked-out tool is on a bench."""
    before = snapshot(engine)
    tools = import_tools_csv(engine, "asset_tag,tool_type,serial,maker,home,status,acquired_on\n"
                                     "T-010,timegrapher,,,C1,,2062-01-15\n"
                                     "T-011,timegrapher,,,C1,checked_out,\n"
                                     "T-012,timegrapher,,,C1,in_service,2026-03-02\n", "tools.csv", LEAD, NOW)
    lots = import_lots_csv(engine, "supply,lot_number,quantity,location,received_on,expires_on\n"
                                   "371,L-10,20 piece,C1,2026-03-03,\n"
                                   "371,L-11,20 piece,C1,2025-01-10,2024-12-31\n"
                                   "371,L-12,20 piece,C1,2026-03-02,2026-03-02\n", "lots.csv", LEAD, NOW)
    assert [row.reasons for row in tools.rows] == [
        ("tools.csv:2: acquired_on: '2062-01-15' is in the future; expected 2026-03-02 or before",),
        ("tools.csv:3: status: 'checked_out' means the tool is on a bench, and no bench is named; "
         "name the bench it is checked out to, or give another status",),
        (),
    ]
    assert [row.reasons for row in lots.rows] == [
        ("lots.csv:2: received_on: '2026-03-03' is in the future; expected 2026-03-02 or before",),
        ("lots.csv:3: expires_on: '2024-12-31' is before the receipt on 2025-01-10; expected 2025-01-10 or later",),
        (),
    ]
    assert not tools.written and not lots.written
    assert snapshot(engine) == before


def test_a_tool_on_a_bench_may_be_said_checked_out_by_a_spreadsheet(engine) -> None:
    """A spreadsheet has no bench column: the bench a stored tool is on is what it keeps."""
    import_workshop(engine, WORKSHOP.replace('status = "in_maintenance"', 'bench = "B-QUARTZ"\nstatus = "checked_out"'),
                    "workshop.toml", Actor(login="admin"), NOW)
    report = import_tools_csv(engine, "asset_tag,tool_type,serial,maker,home,status\nT-001,timegrapher,S-9,,C1,checked_out\n",
                              "tools.csv", LEAD, NOW)
    assert report.written and actions(report) == [(2, "update")]
    assert (tool(engine, "T-001").status, tool(engine, "T-001").serial) == ("checked_out", "S-9")
