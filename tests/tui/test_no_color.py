"""Severity stays readable without colour: under NO_COLOR Textual draws every colour as a shade of
grey, and red on the dark background became grey 237 on 233 -- the most severe states (overdue, out of
stock, blocking findings, NO-GO) nearly vanished. They are bold and reversed there, and never dim."""

from __future__ import annotations

from datetime import date

import pytest
from rich.style import Style
from rich.text import Text

from atelier_tui.domain.findings import Finding, Verdict
from atelier_tui.domain.phrases import Phrase
from atelier_tui.tui.screens.orders import deadline_text
from atelier_tui.tui.widgets.readiness_panel import finding_text, verdict_text
from atelier_tui.tui.widgets.states import severe_states, state_text
from tests.tui.helpers import make_app, settle


def severe_texts() -> dict[str, Text]:
    blocking = Finding(code="out_of_service", blocking=True, requirement="bench",
                       detail=Phrase("bench_not_open", (("bench", "WR-01"), ("status", "closed"))))
    verdict = Verdict(order="OR-1", bench="WR-01", findings=(blocking,))
    texts = {state: state_text(state) for state in severe_states()}
    texts["late deadline"] = deadline_text(date(2026, 1, 1), -3, False)
    texts["NO-GO"] = verdict_text(verdict)
    texts["blocking finding"] = finding_text(blocking)
    return texts


def mark_style(text: Text) -> Style:
    """The style the first character (the state's mark) is drawn with."""
    style = Style.parse(text.style) if isinstance(text.style, str) else text.style
    for span in text.spans:
        if span.start == 0:
            style += Style.parse(span.style) if isinstance(span.style, str) else span.style
    return style


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
def test_no_severe_state_is_dim_and_each_is_bold(monkeypatch, no_color: bool) -> None:  # type: ignore[no-untyped-def]
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    texts = severe_texts()
    assert {"overdue", "out", "out_of_service", "failed", "NO-GO", "blocking finding", "late deadline"} <= set(texts)
    for name, text in texts.items():
        style = mark_style(text)
        assert not style.dim, name
        assert style.bold, name
        if no_color:
            # greyed red is unreadable: without colour the severe state is set apart by reversing it
            assert style.reverse and style.color is None and style.bgcolor is None, name


@pytest.fixture
def no_color(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")


def test_tools_view_without_colour(snap_compare, demo_db, no_color) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="en")

    async def open_view(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press(*["down"] * 40)  # to AT-00041: out of service and overdue tools above it
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_view)


def test_supplies_view_without_colour(snap_compare, demo_db, no_color) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="en")

    async def open_view(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press(*["down"] * 45)  # past a low and an out-of-stock battery
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_view)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_order_with_a_no_go_without_colour(snap_compare, demo_db, no_color, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language=language)

    async def open_order(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        app.open_order("OR-2026-0017")  # on WR-01, whose opening checklist failed
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_order)
