"""Issue 19 item 4, documents in the planner: `P` prints the calibration record the highlighted
line stands on (its latest record), the due list over the planner's horizon when the line is not
a record's, and the impact review on a review's screen; saved as a PDF in the documents folder
(no document printer set), path said, audited like `atelier print record|due|review`."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_tui.tui.screens.planner_review import ReviewScreen
from tests.support.polling import wait_until
from tests.tui.helpers import make_app, press, settle
from tests.tui.test_planner import TIMEGRAPHER, highlight, open_planner, reviewed_db  # noqa: F401 (a fixture)
from tests.tui.test_tui_print_document import pdf_text
from tests.tui.test_tui_print_label import last_event, notices


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(folder))
    monkeypatch.delenv("ATELIER_DOCUMENT_PRINTER", raising=False)
    return folder


def saved_pdf(folder: Path) -> Path:
    wait_until(lambda: list(folder.glob("*.pdf")) != [], 60, "no PDF was saved")
    [saved] = folder.glob("*.pdf")
    return saved


async def test_p_on_a_due_line_prints_the_record_it_stands_on(demo_db: Path, documents: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planner(app, pilot)
        highlight(app, TIMEGRAPHER)
        await settle(app, pilot)
        await press(app, pilot, "P")
        saved = saved_pdf(documents)
        await settle(app, pilot)
        assert f"Record of AT-00046 (timegrapher_calibration): no printer is set; PDF saved as {saved}" in notices(app)
    assert "AT-00046" in pdf_text(saved)
    event = last_event(demo_db)
    assert (event.action, event.entity, event.after["kind"], event.after["pdf"]) == (
        "document.print", "maintenance_record", "record", str(saved))


async def test_p_on_a_line_that_is_no_record_prints_the_due_list(demo_db: Path, documents: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        planner = await open_planner(app, pilot)
        apart = next(key for key in planner.entries if key.startswith("tool:"))
        highlight(app, apart)
        await settle(app, pilot)
        await press(app, pilot, "P")
        saved = saved_pdf(documents)
        await settle(app, pilot)
        assert f"Due list: no printer is set; PDF saved as {saved}" in notices(app)
    text = pdf_text(saved)
    assert "AT-00046" in text and "AT-00077" in text  # overdue, and due in the next four weeks
    event = last_event(demo_db)
    assert (event.action, event.after["kind"]) == ("document.print", "due")


async def test_p_on_a_review_prints_the_impact_review(reviewed_db: Path, documents: Path) -> None:  # noqa: F811
    app = make_app(reviewed_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_planner(app, pilot)
        highlight(app, "review:1")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ReviewScreen)
        await settle(app, pilot)
        await press(app, pilot, "P")
        saved = saved_pdf(documents)
        await settle(app, pilot)
        assert f"Impact review 1: no printer is set; PDF saved as {saved}" in notices(app)
    text = pdf_text(saved)
    assert "QZ-A-05" in text and "OR-2" in text and "OR-3" in text
    event = last_event(reviewed_db)
    assert (event.action, event.entity, event.entity_key) == ("document.print", "maintenance_review", "1")
