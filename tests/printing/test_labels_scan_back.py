"""Issue 19 item 2: a printed label is read back. Each kind of label of the demo workshop, on each
shipped layout, is written to PDF by `atelier print label`, rendered at 300 dpi by pdftoppm and
decoded by zxing-cpp: the code holds the object's key, a Micro QR code where a QR code would be
too small to read (the 12 mm tape)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, Bench, Location, Lot, SupplyType, Tool
from tests.printing.rendered import decoded_pages

LAYOUTS = ("roll_62mm", "tape_12mm", "a4_3x8")


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def demo_keys(db: Path) -> dict[str, list[str]]:
    """Two objects of each kind of the demo workshop (a lot: supply/lot number)."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            lots = session.execute(select(SupplyType.key, Lot.lot_number).join(SupplyType, SupplyType.id == Lot.supply_type_id)
                                   .where(SupplyType.hazards != "[]").order_by(Lot.id).limit(2)).all()
            return {
                "tool": list(session.execute(select(Tool.asset_tag).order_by(Tool.id).limit(2)).scalars()),
                "lot": [f"{supply}/{number}" for supply, number in lots],
                "bench": list(session.execute(select(Bench.code).order_by(Bench.id).limit(2)).scalars()),
                "location": list(session.execute(select(Location.code).order_by(Location.id).limit(2)).scalars()),
            }
    finally:
        engine.dispose()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_kind_of_label_decodes_to_its_object_key(demo_db: Path, tmp_path: Path, layout: str) -> None:
    keys = demo_keys(demo_db)
    for kind, wanted in keys.items():
        assert len(wanted) == 2, kind
        pdf = tmp_path / f"{kind}.pdf"
        result = atelier(demo_db, "print", "label", kind, *wanted, "--layout", layout, "--pdf", str(pdf))
        assert result.exit_code == 0, result.output
        pages = decoded_pages(pdf, tmp_path / f"{kind}-pages")
        texts = [text for page in pages for _format, text in page]
        assert texts == wanted, (kind, layout, pages)
        if layout == "a4_3x8":
            assert len(pages) == 1  # both labels on one sheet
        else:
            assert len(pages) == 2  # one label per page of a roll or a tape


def test_tool_labels_on_a_tape_are_micro_qr_and_on_a_roll_qr(demo_db: Path, tmp_path: Path) -> None:
    tag = demo_keys(demo_db)["tool"][0]
    formats = {}
    for layout in ("tape_12mm", "roll_62mm"):
        pdf = tmp_path / f"{layout}.pdf"
        assert atelier(demo_db, "print", "label", "tool", tag, "--layout", layout, "--pdf", str(pdf)).exit_code == 0
        [[(code_format, text)]] = decoded_pages(pdf, tmp_path / layout)
        assert text == tag
        formats[layout] = code_format
    assert formats == {"tape_12mm": "MicroQRCode", "roll_62mm": "QRCode"}


def test_every_tool_of_a_bench_in_one_command_and_the_printing_is_audited(demo_db: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with read_session(engine) as session:
            bench_id, code = session.execute(select(Bench.id, Bench.code).join(Tool, Tool.home_bench_id == Bench.id)
                                             .order_by(Bench.code).limit(1)).one()
            tags = sorted(session.execute(select(Tool.asset_tag).where(
                (Tool.home_bench_id == bench_id) | (Tool.bench_id == bench_id))).scalars())
    finally:
        engine.dispose()
    pdf = tmp_path / "bench.pdf"
    result = atelier(demo_db, "print", "label", "tool", "--bench", code, "--layout", "a4_3x8", "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    assert f"{len(tags)} labels (a4_3x8) written to {pdf.resolve()}" in result.output
    decoded = sorted(text for page in decoded_pages(pdf, tmp_path / "pages") for _format, text in page)
    assert decoded == tags
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with read_session(engine) as session:
            event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    finally:
        engine.dispose()
    assert event.action == "label.print" and event.entity == "tool_label"
    assert event.after["keys"] == tags and event.after["pdf"] == str(pdf)


def test_a_small_tools_label_is_micro_qr_even_on_the_62mm_roll(demo_db: Path, tmp_path: Path) -> None:
    """Issue 19 item 1: a tool type marked `small` in the catalog (tweezers, oilers: a flag label
    round the shank) gets a Micro QR code on every layout, and it scans back to the tool; the
    tool of a type that is not small keeps its QR code on the same roll."""
    from atelier_tui.store.models import ToolType

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with read_session(engine) as session:
            def first_tool(small: bool) -> str:
                return session.execute(select(Tool.asset_tag).join(ToolType, ToolType.id == Tool.tool_type_id)
                                       .where(ToolType.small == small).order_by(Tool.id).limit(1)).scalar_one()

            small_tag, other_tag = first_tool(True), first_tool(False)
    finally:
        engine.dispose()
    pdf = tmp_path / "labels.pdf"
    assert atelier(demo_db, "print", "label", "tool", small_tag, other_tag, "--layout", "roll_62mm", "--pdf", str(pdf)).exit_code == 0
    assert decoded_pages(pdf, tmp_path / "pages") == [[("MicroQRCode", small_tag)], [("QRCode", other_tag)]]
