"""Control characters and bidi overrides: refused in every text a workshop stores, whatever the
entry path, and escaped when a database written before the rule is printed."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.cli import cli
from atelier_tui.domain.text import CONTROL_CHARACTERS, multi_line, text_refusal, visible
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.orders.reception import OrderDraft, create_order, set_order_bench
from atelier_tui.services.staff.keys import add_staff_keys
from atelier_tui.services.tools import actions as tools
from atelier_tui.services.transfer.catalog_import import import_catalogs
from atelier_tui.services.transfer.spreadsheet_import import import_tools_csv
from atelier_tui.services.transfer.workshop_file import import_workshop
from atelier_tui.store.models import AuditEvent, Capability, RepairOrder, StaffKey, Tool
from tests.support.fixed_time import FIXED_NOW
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.support.staff_key_samples import ED25519_A

ADMIN = Actor(login="admin", role="admin")
LEAD = Actor(login="lead", role="lead")
TITLE = "\x1b]0;owned\x07"  # retitles the terminal window (OSC 0 ... BEL)

REFUSED_EVERYWHERE = ["\x1b", "\x07", "\x00", "\r", "\x7f", "\x9b", "\x85", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("character", [*REFUSED_EVERYWHERE, "\n", "\t"])
def test_a_one_line_field_refuses_every_control_character(character: str) -> None:
    assert text_refusal(f"OR-2026{character}0001") == CONTROL_CHARACTERS


@pytest.mark.parametrize("character", REFUSED_EVERYWHERE)
def test_a_paragraph_keeps_its_line_breaks_and_tabs_but_nothing_else(character: str) -> None:
    assert text_refusal("Boîte rayée\n\tverre fêlé", paragraphs=True) is None
    assert text_refusal(f"Boîte rayée{character}", paragraphs=True) == CONTROL_CHARACTERS


def test_letters_of_any_language_and_the_trade_s_signs_are_text() -> None:
    for text in ("Émile Zöllner", "38 mm ½ ‴", "日本の時計", "Ω ± µA", "OR-2026-0001 « urgent »"):
        assert text_refusal(text) is None


def test_notes_and_reasons_are_the_paragraphs() -> None:
    assert all(multi_line(name) for name in ("reception_notes", "notes", "reason", "status_reason", "concession_reason",
                                              "text"))
    assert not any(multi_line(name) for name in ("reference", "serial", "login", "comment", "name_en", "lot_number"))


def test_visible_writes_each_refused_character_as_its_escape() -> None:
    assert visible(f"OR-1{TITLE}") == "OR-1\\x1b]0;owned\\x07"
    assert visible("abc\u202edef\x9b") == "abc\\u202edef\\x9b"
    assert visible("two\nlines", paragraphs=True) == "two\nlines"
    assert visible("two\nlines") == "two\\nlines"


@given(st.text())
def test_what_visible_prints_holds_no_control_character_and_plain_text_is_unchanged(text: str) -> None:
    shown = visible(text)
    assert text_refusal(shown) is None
    if text_refusal(text) is None:
        assert shown == text


# --- The store's choke point: every path that writes ------------------------------------------------


def orders_and_events(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return (session.exec(select(func.count()).select_from(RepairOrder)).one(),
                session.exec(select(func.count()).select_from(AuditEvent)).one())


@pytest.mark.backends
def test_a_service_writing_an_escape_is_refused_naming_the_column_and_writes_nothing(small_workshop) -> None:
    before = orders_and_events(small_workshop)
    draft = OrderDraft(brand="Tissot", model="PRX", calibre="ETA F06.115", interventions=["battery_change"],
                       deadline="2030-01-15", reference=f"OR-{TITLE}")
    with pytest.raises(ServiceError) as refused:
        create_order(small_workshop, ADMIN, FIXED_NOW, draft)
    assert str(refused.value) == "repair_order.reference: control characters are not allowed"
    assert refused.value.field == "reference"
    assert orders_and_events(small_workshop) == before


def test_reception_notes_may_hold_several_lines_but_no_escape(small_workshop) -> None:
    draft = dict(brand="Tissot", model="PRX", calibre="ETA F06.115", interventions=["battery_change"], deadline="2030-01-15")
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, OrderDraft(**draft, reception_notes="Rayure à 3 h\nVerre fêlé"))
    with Session(small_workshop) as session:
        notes = session.exec(select(RepairOrder.reception_notes).where(RepairOrder.reference == reference)).one()
    assert notes == "Rayure à 3 h\nVerre fêlé"
    with pytest.raises(ServiceError, match=r"^repair_order\.reception_notes: control characters are not allowed$"):
        create_order(small_workshop, ADMIN, FIXED_NOW, OrderDraft(**draft, reception_notes=f"Rayure{TITLE}"))


def test_a_reason_typed_in_a_form_is_checked_too(small_workshop) -> None:
    with pytest.raises(ServiceError, match=r"^tool\.status_reason: control characters are not allowed$"):
        tools.put_out_of_service(small_workshop, LEAD, FIXED_NOW, "AT-0003", "seal\x1b[2Jleaking")
    with Session(small_workshop) as session:
        assert session.exec(select(Tool.status).where(Tool.asset_tag == "AT-0003")).one() == "in_service"


def test_a_workshop_file_with_an_escape_is_refused_naming_the_field(small_workshop) -> None:
    before = orders_and_events(small_workshop)
    text = ('[[tool]]\nasset_tag = "AT-0009"\nsite = "PARIS"\ntool_type = "timegrapher"\n'
            'serial = "W-1\\u001b]0;owned\\u0007"\nhome = "C1"\n')
    with pytest.raises(ServiceError, match=r"^tool\.serial: control characters are not allowed$"):
        import_workshop(small_workshop, text, "workshop.toml", ADMIN, FIXED_NOW)
    assert orders_and_events(small_workshop) == before


def test_a_spreadsheet_with_an_escape_is_refused_naming_the_field(small_workshop) -> None:
    text = f"asset_tag,tool_type,serial,maker,home\nAT-0010,timegrapher,S-10,Witschi,C1\nAT-0011,timegrapher,S{TITLE},Weishi,C1\n"
    with pytest.raises(ServiceError, match=r"^tool\.serial: control characters are not allowed$"):
        import_tools_csv(small_workshop, text, "tools.csv", LEAD, FIXED_NOW)
    with Session(small_workshop) as session:
        assert session.exec(select(func.count()).select_from(Tool).where(Tool.asset_tag.in_(["AT-0010", "AT-0011"]))).one() == 0


def test_an_ssh_key_comment_with_an_escape_is_refused(small_workshop) -> None:
    with pytest.raises(ServiceError, match=r"^staff_key\.comment: control characters are not allowed$"):
        add_staff_keys(small_workshop, ADMIN, FIXED_NOW, "cmartin", f"{ED25519_A.line}{TITLE}")
    with Session(small_workshop) as session:
        assert session.exec(select(func.count()).select_from(StaffKey)).one() == 0


def test_a_catalog_with_a_bidi_override_in_a_name_is_refused(small_workshop, tmp_path: Path) -> None:
    catalog = tmp_path / "tool_types.toml"
    catalog.write_text('[[capability]]\nkey = "spoofed"\nname_en = "Case \u202egninepo"\nname_fr = "Ouverture"\n',
                       encoding="utf-8")
    with pytest.raises(ServiceError, match=r"^capability\.name_en: control characters are not allowed$"):
        import_catalogs(small_workshop, [catalog], ADMIN, FIXED_NOW)
    with Session(small_workshop) as session:
        assert session.exec(select(Capability).where(Capability.key == "spoofed")).first() is None


# --- A database written before the rule -------------------------------------------------------------


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def written_with_sql(db: Path, statement: str, *params: object) -> None:
    """As an older atelier (or anyone with the file) could have: no check on the way in."""
    connection = sqlite3.connect(db)
    try:
        connection.execute(statement, params)
        connection.commit()
    finally:
        connection.close()


@pytest.fixture
def old_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=1, now=now)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=now.date())
    catalogued_engine.dispose()
    written_with_sql(catalogued_db, "UPDATE bench SET code = ? WHERE code = 'QZ-A'", f"QZ-A{TITLE}")
    written_with_sql(catalogued_db, "INSERT INTO audit_event (at, actor, action, entity, entity_key, reason, prev_hash, hash) "
                     "VALUES ('2026-01-01 00:00:00', 'old', 'order.add', 'order', ?, ?, '', '')",
                     f"OR-{TITLE}", "line one\nline two\x1b[2J")
    return catalogued_db


def test_audit_list_prints_old_escapes_as_text(old_db: Path) -> None:
    result = atelier(old_db, "audit", "list")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    line = next(line for line in result.stdout.splitlines() if "order.add" in line)
    assert "OR-\\x1b]0;owned\\x07" in line
    assert line.endswith("line one\\nline two\\x1b[2J")


def test_audit_list_json_keeps_the_data_and_no_raw_escape(old_db: Path) -> None:
    import json

    result = atelier(old_db, "audit", "list", "--json")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert f"OR-{TITLE}" in [event["entity_key"] for event in json.loads(result.stdout)]


def test_order_check_prints_an_old_bench_code_escaped(old_db: Path) -> None:
    result = atelier(old_db, "order", "check", "OR-A")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert result.stdout.splitlines()[0].startswith("OR-A on bench QZ-A\\x1b]0;owned\\x07:")


def test_an_old_row_can_still_be_changed_where_its_text_is_not(old_db: Path) -> None:
    """Only what a change writes is checked: the old reference does not lock its order."""
    written_with_sql(old_db, "UPDATE repair_order SET reference = ? WHERE reference = 'OR-A'", f"OR-A{TITLE}")
    from atelier_tui.store.engine import make_engine

    engine = make_engine(f"sqlite:///{old_db}")
    try:
        set_order_bench(engine, ADMIN, FIXED_NOW, f"OR-A{TITLE}", None, None)
        with Session(engine) as session:
            assert session.exec(select(RepairOrder.bench_id).where(RepairOrder.reference == f"OR-A{TITLE}")).one() is None
    finally:
        engine.dispose()


def test_a_text_past_its_field_bound_is_refused_on_every_path_naming_the_field(demo_db: Path) -> None:
    from atelier_tui.cli import cli

    long_reference = "R" * 100_000
    result = CliRunner().invoke(cli, ["--db", str(demo_db), "order", "add", "--brand", "Tissot", "--model", "PRX",
                                      "--calibre", "ETA F06.115", "--intervention", "battery_change", "--deadline",
                                      "2030-01-15", "--reference", long_reference])
    assert result.exit_code == 2
    assert result.stderr.strip() == "--reference: too long (at most 1000 characters)"
    with sqlite3.connect(demo_db) as connection:
        assert connection.execute("SELECT count(*) FROM repair_order WHERE length(reference) > 1000").fetchone() == (0,)


def test_the_store_refuses_a_line_past_its_bound_whatever_the_path() -> None:
    from atelier_tui.domain.text import MAX_LINE_LENGTH, MAX_PARAGRAPH_LENGTH, TOO_LONG, field_refusal

    assert field_refusal("serial", "S" * (MAX_LINE_LENGTH + 1)) == TOO_LONG
    assert field_refusal("serial", "S" * MAX_LINE_LENGTH) is None
    assert field_refusal("reception_notes", "n" * (MAX_LINE_LENGTH + 1)) is None  # a paragraph
    assert field_refusal("reception_notes", "n" * (MAX_PARAGRAPH_LENGTH + 1)) == TOO_LONG
    assert field_refusal("public_key", "ssh-rsa " + "A" * 3000) is None  # an RSA key is one long line
