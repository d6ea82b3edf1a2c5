"""The French interface: every word of the screens, and catalog entries by their French names."""

from __future__ import annotations

from textual.widgets import Static

from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.widgets.fast_table import FastTable
from tests.tui.helpers import make_app, press, settle, type_text


async def test_french_screens_and_catalog_names(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.sub_title == "Tableau de bord"
        assert "chef d'atelier" in str(app.screen.query_one("#status", Static).render())
        await press(app, pilot, "3")
        table = app.screen.query_one(FastTable)
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[:3] == ["N° inv.", "Type", "Statut"]
        assert str(table.get_row_at(0)[1]).startswith("Tournevis")
        assert "en service" in str(table.get_row_at(0)[2])
        footer_actions = {binding.binding.description for binding in app.screen.active_bindings.values() if binding.binding.show}
        assert {"Filtrer", "Sortir", "Aide", "Quitter"} <= footer_actions


async def test_french_refusal_of_a_wrong_unit(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_supply("battery_sr920sw")
        await settle(app, pilot)
        await press(app, pilot, "n")
        assert isinstance(app.screen, FormModal)
        await press(app, pilot, "tab")
        await type_text(app, pilot, "5 ml")
        error = str(app.screen.query_one("#error-quantity", Static).render())
        assert "'5 ml'" in error and "un volume" in error and "(pièce)" in error


async def test_french_agrees_punctuates_and_writes_decimal_commas(demo_db) -> None:  # type: ignore[no-untyped-def]
    """A sheet is `ouverte` (a bench `ouvert`), `:` has its narrow no-break space before it, and a
    quantity reads with a decimal comma and its unit's French word."""
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0009")
        await settle(app, pilot)
        await press(app, pilot, "f")
        header = "\n".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "● ouverte" in header and "● ouvert\n" not in header
        await press(app, pilot, "escape", "escape")
        app.open_supply("battery_sr920sw")
        await settle(app, pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "en stock\u202f: 36 pièces" in summary
        await press(app, pilot, "n")
        placeholder = app.screen.query_one("#field-quantity").placeholder
        assert placeholder == "ex. 10 pièces"


async def test_an_orders_bench_time_reads_with_a_decimal_comma_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    """Half an hour of bench work read `0.5 h d'établi` in French (issue 18, item 6)."""
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0017")
        await settle(app, pilot)
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "0,5 h d'établi (estimations des interventions)" in screen and "0.5 h" not in screen
