"""Workshop file export and import, on real SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.transfer.workshop_file import WorkshopFileError, export_workshop, import_workshop
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import (
    AttributeDefinition,
    AuditEvent,
    Bench,
    Calibre,
    InterventionType,
    Location,
    Lot,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    StockMovement,
    SupplyAlias,
    SupplyType,
    Tool,
    ToolType,
)

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = Actor(login="importer", role="admin")
WORKSHOP_TABLES = (Site, Location, Staff, Bench, Tool, Lot, StockMovement, RepairOrder, OrderIntervention, AuditEvent)

WORKSHOP = '''\
format = 1

[[site]]
code = "PARIS"
name = "Atelier Paris"

[[location]]
code = "C1"
site = "PARIS"
name = "Armoire 1"

[[location]]
code = "F1"
site = "PARIS"
name = "Frigo"
kind = "fridge"

[[staff]]
login = "marie"
site = "PARIS"
display_name = "Marie Curie"
role = "technician"
level = 2
movement_kinds = ["quartz", "automatic"]

[[staff]]
login = "paul"
site = "PARIS"
display_name = "Paul Lead"
role = "lead"
level = 3
active = false

[[bench]]
code = "B-QUARTZ"
site = "PARIS"
name = "Poste quartz"
zone = "Est"
features = ["esd"]
technician = "marie"

[[tool]]
asset_tag = "T-001"
site = "PARIS"
tool_type = "timegrapher"
serial = "WS-1234"
maker = "Weishi"
home = "C1"
status = "in_maintenance"
status_reason = "sent for calibration"
usage_count = 12
acquired_on = 2024-05-01

[tool.attributes]
blade_width = "1.00 mm"

[[tool]]
asset_tag = "T-002"
site = "PARIS"
tool_type = "screwdriver_set"
home = "B-QUARTZ"
bench = "B-QUARTZ"
status = "checked_out"

[[lot]]
supply = "371"
lot_number = "L-2025-01"
site = "PARIS"
location = "C1"
quantity = "10 piece"
received_on = 2025-01-10
expires_on = "2030-01-01"

[[lot]]
supply = "moebius_9010"
lot_number = "M9010-7"
site = "PARIS"
bench = "B-QUARTZ"
quantity = "0,5 ml"
received_on = 2025-02-01
opened_on = 2025-02-03

[[order]]
reference = "OR-0001"
site = "PARIS"
brand = "Tissot"
model = "PRX"
calibre = "eta_2824_2"
movement_kind = "automatic"
interventions = ["full_service", "battery_change"]
water_resistance = "10 ATM"
case_diameter = "40 mm"
lug_width = "17.75 ligne"
received_on = 2026-02-20
deadline = 2026-03-20
status = "in_progress"
bench = "B-QUARTZ"
technician = "marie"
reception_notes = """Scratched "bezel";
crown stiff, é"""
'''


def _catalog(session: Session) -> None:
    session.add(AttributeDefinition(key="blade_width", name_en="Blade width", name_fr="Largeur", unit="mm"))
    for key in ("timegrapher", "screwdriver_set"):
        session.add(ToolType(key=key, name_en=key, name_fr=key, category="instrument"))
    batteries = [SupplyType(key=key, name_en=key, name_fr=key, category="battery", stock_unit="piece", iec_code=iec)
                 for key, iec in (("battery_sr920sw", "SR920SW"), ("battery_sr921sw", "SR921SW"))]
    oil = SupplyType(key="moebius_9010", name_en="9010", name_fr="9010", category="lubricant", stock_unit="ml")
    session.add_all([*batteries, oil])
    session.flush()
    # 371 means one cell; 370 appears against two cells in the charts.
    session.add_all([SupplyAlias(supply_type_id=batteries[0].id, alias="371"),
                     SupplyAlias(supply_type_id=batteries[0].id, alias="370"),
                     SupplyAlias(supply_type_id=batteries[1].id, alias="370")])
    session.add(Calibre(key="eta_2824_2", reference="ETA 2824-2", name_en="2824", name_fr="2824", maker="ETA",
                        movement_kind="automatic"))
    for key in ("battery_change", "full_service"):
        session.add(InterventionType(key=key, name_en=key, name_fr=key))


def new_database(url: str):  # type: ignore[no-untyped-def]
    """The migrated database at `url` (SQLite or PostgreSQL), given the few catalog rows these tests name."""
    engine = make_engine(url)
    with Session(engine) as session:
        _catalog(session)
        session.commit()
    return engine


@pytest.fixture
def engine(migrated_database_url):  # type: ignore[no-untyped-def]
    engine = new_database(migrated_database_url("a"))
    yield engine
    engine.dispose()


@pytest.fixture
def loaded(engine):  # type: ignore[no-untyped-def]
    import_workshop(engine, WORKSHOP, "workshop.toml", ADMIN, NOW)
    return engine


def row_counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return {model.__name__: session.exec(select(func.count()).select_from(model)).one() for model in WORKSHOP_TABLES}


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if fragment in line)


def ledger_matches_stock(engine) -> bool:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        for lot in session.exec(select(Lot)):
            total = session.exec(select(func.sum(StockMovement.quantity_micro)).where(StockMovement.lot_id == lot.id)).one()
            if (total or 0) != lot.quantity_micro:
                return False
    return True


def test_round_trip_into_an_empty_database_is_byte_for_byte(loaded, migrated_database_url) -> None:  # type: ignore[no-untyped-def]
    first = export_workshop(loaded)
    other = new_database(migrated_database_url("b"))
    import_workshop(other, first, "export.toml", ADMIN, NOW)
    assert export_workshop(other) == first
    other.dispose()


def test_export_uses_human_keys_and_units_as_typed(loaded) -> None:
    text = export_workshop(loaded)
    assert 'supply = "battery_sr920sw"' in text  # the alias 371 was resolved to the key
    assert 'quantity = "10 piece"' in text
    assert 'quantity = "0.5 ml"' in text
    assert 'water_resistance = "10 ATM"' in text
    assert 'lug_width = "40.04045 mm"' in text
    assert 'home = "B-QUARTZ"' in text
    assert "[tool.attributes]" in text
    assert "acquired_on = 2024-05-01" in text
    assert text.index('"full_service"') < text.index('"battery_change"')  # order kept


def test_import_creates_rows_with_an_audit_event_each(loaded) -> None:
    with Session(loaded) as session:
        order = session.exec(select(RepairOrder)).one()
        assert order.case_diameter_mm == 40.0 and order.water_resistance_bar == 10.0
        assert order.reception_notes == 'Scratched "bezel";\ncrown stiff, é'
        tool = session.exec(select(Tool).where(Tool.asset_tag == "T-002")).one()
        bench = session.exec(select(Bench).where(Bench.code == "B-QUARTZ")).one()
        assert tool.home_bench_id == bench.id and tool.home_location_id is None and tool.bench_id == bench.id
        audited = session.exec(select(AuditEvent.entity, AuditEvent.entity_key, AuditEvent.action)).all()
    assert ("tool", "T-001", "create") in audited
    assert ("lot", "battery_sr920sw/L-2025-01", "create") in audited
    assert len(audited) == 11  # one per entry of the file


def test_importing_the_same_file_again_changes_nothing(loaded) -> None:
    before = row_counts(loaded)
    report = import_workshop(loaded, export_workshop(loaded), "again.toml", ADMIN, NOW)
    assert {change.action for change in report.changes} == {"unchanged"}
    assert row_counts(loaded) == before


def test_an_update_bumps_the_version_and_is_audited(loaded) -> None:
    edited = WORKSHOP.replace('serial = "WS-1234"', 'serial = "WS-9999"')
    report = import_workshop(loaded, edited, "edited.toml", ADMIN, NOW)
    assert [(c.key, c.action) for c in report.changes if c.action != "unchanged"] == [("T-001", "update")]
    assert report.summary() == "edited.toml: 0 created, 1 updated, 10 unchanged"
    with Session(loaded) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == "T-001")).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert (tool.serial, tool.version) == ("WS-9999", 2)
    assert event.before["serial"] == "WS-1234" and event.after["serial"] == "WS-9999"


def test_lot_quantities_go_through_the_ledger(loaded) -> None:
    assert ledger_matches_stock(loaded)
    edited = WORKSHOP.replace('quantity = "10 piece"', 'quantity = "7 piece"')
    import_workshop(loaded, edited, "count.toml", ADMIN, NOW)
    with Session(loaded) as session:
        kinds = session.exec(select(StockMovement.kind, StockMovement.quantity_micro, StockMovement.reason)).all()
        lot = session.exec(select(Lot).where(Lot.lot_number == "L-2025-01")).one()
    assert ("receipt", 10_000_000, "import") in kinds
    assert ("adjustment", -3_000_000, "import") in kinds
    assert lot.quantity_micro == 7_000_000
    assert ledger_matches_stock(loaded)



def test_a_lot_cannot_be_counted_below_what_orders_reserved(loaded) -> None:
    with Session(loaded) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == "L-2025-01")).one()
        lot.reserved_micro = 4_000_000
        session.add(lot)
        session.commit()
    text = WORKSHOP.replace('quantity = "10 piece"', 'quantity = "3 piece"')
    before = row_counts(loaded)
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(loaded, text, "w.toml", ADMIN, NOW)
    line = line_of(text, 'quantity = "3 piece"')
    assert refused.value.errors == [f"w.toml:{line}: quantity: '3 piece' is less than the 4 piece reserved for orders from this lot"]
    assert row_counts(loaded) == before

def test_changing_interventions_replaces_the_list_in_order(loaded) -> None:
    edited = WORKSHOP.replace('["full_service", "battery_change"]', '["battery_change"]')
    import_workshop(loaded, edited, "order.toml", ADMIN, NOW)
    assert 'interventions = [\n    "battery_change",\n]' in export_workshop(loaded)


BAD_ENTRIES = [
    ('tool_type = "timegrapher"', 'tool_type = "foo"', "tool_type 'foo' is not in the catalog"),
    ('supply = "moebius_9010"', 'supply = "moebius_9999"', "supply 'moebius_9999' is not in the catalog"),
    ('supply = "371"', 'supply = "370"', "supply '370' could be battery_sr920sw or battery_sr921sw; write the key"),
    ('calibre = "eta_2824_2"', 'calibre = "eta_9999"', "calibre 'eta_9999' is not in the catalog"),
    ('["full_service", "battery_change"]', '["full_service", "regilding"]', "interventions: 'regilding' is not in the catalog"),
    ('site = "PARIS"\nname = "Poste', 'site = "LYON"\nname = "Poste', "site 'LYON' is not a site in this file or the database"),
    ('bench = "B-QUARTZ"\nquantity', 'bench = "B-9"\nquantity', "bench 'B-9' is not a bench in this file or the database"),
    ('location = "C1"', 'location = "C9"', "location 'C9' is not a location in this file or the database"),
    ('technician = "marie"\n\n', 'technician = "nobody"\n\n', "technician 'nobody' is not a staff login in this file or the database"),
    ('home = "C1"', 'home = "C7"', "home 'C7' is not a location or bench code in this file or the database"),
    ('quantity = "10 piece"', 'quantity = "5 bar"', "quantity: '5 bar' is a pressure; expected a count (piece)"),
    ('quantity = "10 piece"', 'quantity = "10"', "quantity: '10' has no unit; expected a count (piece)"),
    ('case_diameter = "40 mm"', 'case_diameter = "40 bar"', "case_diameter: '40 bar' is a pressure; expected a length (mm)"),
    ('water_resistance = "10 ATM"', 'water_resistance = "10 kg"', "water_resistance: '10 kg' is a mass; expected a pressure (bar, ATM) or a depth mark (m)"),
    ('blade_width = "1.00 mm"', 'blade_width = "1 ml"', "attributes.blade_width: '1 ml' is a volume; expected a length (mm)"),
    ('role = "lead"', 'role = "boss"', "role 'boss' is not one of technician, lead, admin, gateway"),
    ('received_on = 2026-02-20', 'received_on = "20/02/2026"', "received_on: '20/02/2026' is not a date (YYYY-MM-DD)"),
    ('usage_count = 12', 'usage_count = -1', "usage_count must be 0 or more, not -1"),
    ('serial = "WS-1234"', 'serail = "WS-1234"', "unknown field 'serail' in [[tool]]"),
    # Well formed but implausible (NOW is 2026-03-02): `order add` refuses the same.
    ('received_on = 2025-01-10', 'received_on = 2026-03-03', "received_on: '2026-03-03' is in the future; expected 2026-03-02 or before"),
    ('received_on = 2026-02-20', 'received_on = 2026-03-03', "received_on: '2026-03-03' is in the future; expected 2026-03-02 or before"),
    ('acquired_on = 2024-05-01', 'acquired_on = 2062-05-01', "acquired_on: '2062-05-01' is in the future; expected 2026-03-02 or before"),
    ('expires_on = "2030-01-01"', 'expires_on = "2024-12-31"',
     "expires_on: '2024-12-31' is before the receipt on 2025-01-10; expected 2025-01-10 or later"),
    ('bench = "B-QUARTZ"\nstatus = "checked_out"', 'status = "checked_out"',
     "status: 'checked_out' means the tool is on a bench, and no bench is named; "
     "name the bench it is checked out to, or give another status"),
]


@pytest.mark.parametrize(("good", "bad", "message"), BAD_ENTRIES, ids=[entry[2][:40] for entry in BAD_ENTRIES])
def test_each_error_names_its_line_and_nothing_is_written(loaded, good: str, bad: str, message: str) -> None:
    assert good in WORKSHOP
    # A new site next to the bad entry shows that the valid part is not written either.
    text = WORKSHOP.replace(good, bad) + '\n[[site]]\ncode = "LILLE"\nname = "Atelier Lille"\n'
    before = row_counts(loaded)
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(loaded, text, "bad.toml", ADMIN, NOW)
    line = line_of(text, bad.split("\n")[0])
    assert refused.value.errors == [f"bad.toml:{line}: {message}"]
    assert row_counts(loaded) == before


def test_a_missing_required_field_names_the_entry_header(engine) -> None:
    text = 'format = 1\n\n[[site]]\ncode = "PARIS"\nname = "Paris"\n\n[[location]]\ncode = "C1"\nsite = "PARIS"\n'
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(engine, text, "w.toml", ADMIN, NOW)
    assert refused.value.errors == ["w.toml:7: name is required"]
    assert row_counts(engine)["Site"] == 0


def test_a_staff_entry_without_a_login_is_refused_beside_a_new_login(engine) -> None:
    # The new login is compared with the file's other logins: the entry without one used to be
    # compared as None, and the import stopped on an unexpected error instead of naming the line.
    text = ('[[site]]\ncode = "PARIS"\nname = "Paris"\n\n'
            '[[staff]]\nsite = "PARIS"\ndisplay_name = "No Login"\nrole = "technician"\n\n'
            '[[staff]]\nlogin = "newbie"\nsite = "PARIS"\ndisplay_name = "New Bie"\nrole = "technician"\n')
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(engine, text, "w.toml", ADMIN, NOW)
    assert refused.value.errors == ["w.toml:5: login is required"]
    assert row_counts(engine)["Staff"] == 0


def test_a_duplicate_key_is_refused_on_both_lines(engine) -> None:
    text = '[[site]]\ncode = "PARIS"\nname = "A"\n\n[[site]]\ncode = "PARIS"\nname = "B"\n'
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(engine, text, "w.toml", ADMIN, NOW)
    assert refused.value.errors == [
        "w.toml:1: site 'PARIS' is defined again on line 5",
        "w.toml:5: site 'PARIS' is already defined on line 1",
    ]


def test_every_error_is_reported_at_once_in_line_order(loaded) -> None:
    text = WORKSHOP.replace('tool_type = "screwdriver_set"', 'tool_type = "hammer"').replace(
        'role = "lead"', 'role = "boss"')
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(loaded, text, "w.toml", ADMIN, NOW)
    assert [error.split(": ", 1)[1] for error in refused.value.errors] == [
        "role 'boss' is not one of technician, lead, admin, gateway",
        "tool_type 'hammer' is not in the catalog",
    ]


def test_a_toml_syntax_error_gives_its_line(loaded) -> None:
    text = WORKSHOP.replace('zone = "Est"', 'zone = Est')
    before = row_counts(loaded)
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(loaded, text, "w.toml", ADMIN, NOW)
    assert refused.value.errors == [f"w.toml:{line_of(text, 'zone = Est')}: TOML syntax error: Invalid value"]
    assert row_counts(loaded) == before


def test_unknown_tables_and_formats_are_refused(engine) -> None:
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(engine, 'format = 2\n\n[[tools]]\nasset_tag = "T"\n', "w.toml", ADMIN, NOW)
    assert refused.value.errors == [
        "w.toml:1: format 2 is not one this atelier reads (format = 1)",
        "w.toml:3: unknown table 'tools'; a workshop file has site, location, staff, bench, tool, tool_plan, lot, order",
    ]


def test_a_home_code_that_is_both_a_location_and_a_bench_is_refused(loaded) -> None:
    text = WORKSHOP + '\n[[location]]\ncode = "B-QUARTZ"\nsite = "PARIS"\nname = "Same code"\n'
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(loaded, text, "w.toml", ADMIN, NOW)
    line = line_of(text, 'home = "B-QUARTZ"')
    assert refused.value.errors == [f"w.toml:{line}: home 'B-QUARTZ' is both a location and a bench code"]


def test_an_empty_database_exports_a_file_that_imports_to_nothing(engine) -> None:
    text = export_workshop(engine)
    assert text.splitlines()[-1] == "format = 1"
    assert import_workshop(engine, text, "empty.toml", ADMIN, NOW).changes == []


def test_only_an_admin_may_import(engine) -> None:
    with pytest.raises(ServiceError, match="may not import a workshop file"):
        import_workshop(engine, WORKSHOP, "w.toml", Actor(login="marie", role="technician"), NOW)
    assert row_counts(engine)["Site"] == 0

