"""Issue 19 item 2, the workstation's side: the text decoded from a printed label, typed by the
scanner (a burst of keys ending with Enter), lands on the object the label was printed for."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from atelier_tui.cli import cli
from atelier_tui.tui.screens.bench_detail import BenchDetailScreen
from atelier_tui.tui.screens.supply_detail import SupplyDetailScreen
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.printing.rendered import decoded_pages
from tests.printing.test_labels_scan_back import demo_keys
from tests.tui.helpers import make_app, settle


def printed_and_decoded(db: Path, folder: Path, kind: str, key: str) -> str:
    pdf = folder / f"{kind}.pdf"
    result = CliRunner().invoke(cli, ["--db", str(db), "print", "label", kind, key, "--layout", "roll_62mm", "--pdf", str(pdf)])
    assert result.exit_code == 0, result.output
    [[(_format, text)]] = decoded_pages(pdf, folder / kind)
    return text


@pytest.mark.parametrize("kind", ["tool", "bench", "lot", "location"])
async def test_a_scanned_label_opens_its_object(demo_db: Path, tmp_path: Path, kind: str) -> None:
    key = demo_keys(demo_db)[kind][0]
    scanned = printed_and_decoded(demo_db, tmp_path, kind, key)
    app = make_app(demo_db, scanner_gap_ms=1000)  # a generous gap: the test machine may be slow
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*scanned, "enter")
        await settle(app, pilot)
        screen = app.screen
        if kind == "tool":
            assert isinstance(screen, ToolDetailScreen) and screen.asset_tag == key
        elif kind == "bench":
            assert isinstance(screen, BenchDetailScreen) and screen.code == key
        elif kind == "lot":
            supply, _sep, number = key.partition("/")
            assert isinstance(screen, SupplyDetailScreen) and (screen.key, screen.focus_lot) == (supply, number)
        else:  # a store location has no screen: the workstation says which it is
            assert any(f"Store location {key}:" in str(notice.message) for notice in app._notifications)
