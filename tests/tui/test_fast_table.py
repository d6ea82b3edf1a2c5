"""The fixed-width table of list pages: cells cropped with an ellipsis, the cursor row, and a table
wider than the terminal scrolled sideways."""

from __future__ import annotations

from textual.app import App, ComposeResult

from atelier_tui.tui.widgets.fast_table import FastTable


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield FastTable()

    def on_mount(self) -> None:
        table = self.query_one(FastTable)
        table.add_column("Tag", width=8)
        table.add_column("Type", width=12)
        table.add_column("Where", width=10)
        table.replace_rows([(f"AT-{n:05d}", "Oiler, 0.12 mm tip", f"QZ-{n:02d}") for n in range(1, 31)])


def lines(app: OneTable) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_rows_fit_their_columns_and_the_cursor_moves() -> None:
    app = OneTable()
    async with app.run_test(size=(50, 8)) as pilot:
        await pilot.pause()
        screen = lines(app)
        assert screen[0].startswith(" Tag      Type         Where      ")
        assert screen[1].startswith(" AT-00001 Oiler, 0.12… QZ-01      ")
        assert all(len(line) == 50 for line in screen)
        await pilot.press("down", "down")
        assert app.query_one(FastTable).cursor_row == 2
        await pilot.press("end")
        await pilot.pause()
        assert lines(app)[-1].startswith(" AT-00030 ")


async def test_a_table_wider_than_the_terminal_scrolls_sideways() -> None:
    app = OneTable()
    async with app.run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(FastTable)
        assert lines(app)[1].startswith(" AT-00001 Oiler")
        table.scroll_to(x=10, animate=False)
        await pilot.pause()
        assert lines(app)[0].startswith("Type ")
        assert lines(app)[1].startswith("Oiler, 0.12… QZ-01")
        assert all(len(line) == 20 for line in lines(app))


def test_columns_share_the_width_short_cut_ones_first_then_the_flexible_one() -> None:
    from atelier_tui.tui.widgets.column_fit import SHORT_COLUMN_LIMIT, share_width

    # 40 cells for columns asking 8 + 12 + 6: the state column (6, needs 9) gets its 3 first,
    # the flexible name column everything left; a long reason never takes more than the limit.
    assert share_width([8, 12, 6], [8, 50, 9], 1, 40) == [8, 23, 9]
    assert share_width([8, 12, 6], [8, 50, 80], 1, 60)[2] == SHORT_COLUMN_LIMIT
    assert share_width([8, 12, 6], [8, 50, 9], 1, 20) == [8, 12, 6]  # too narrow: as asked, scrolled sideways


def test_cut_cells_keep_what_tells_them_apart() -> None:
    from atelier_tui.tui.widgets.column_fit import distinct_cuts, fit

    names = ["Silver-oxide cell SR1120SW (381)", "Silver-oxide cell SR1120W (391), high-drain", "Lithium coin cell CR1220",
             "Flat mineral crystal Ø 28.0 mm", "Flat mineral crystal Ø 30.0 mm", "Flat sapphire crystal Ø 28.0 mm"]
    cuts = distinct_cuts(names, 24)
    shown = [fit(cuts.get(name, name), 24).rstrip() for name in names]
    assert len(set(shown)) == len(names)
    assert all(text == name or "…" in text for text, name in zip(shown, names))
    assert "Lithium coin cell CR1220" in shown  # it fits: left as it is
    assert fit(names[0], 24) == fit(names[1], 24)  # what plain cutting did
