"""A paged list says it is loading until its first page is there (at start-up the database layer
loads first: a second or two on a bench PC)."""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult

from atelier_tui.services.common.paging import Page
from atelier_tui.tui.widgets.paged_table import Column, PagedTable

released = threading.Event()


def slow_fetch(_context: object, _text: str, _sort: str, _descending: bool, offset: int, limit: int) -> Page[str]:
    released.wait(10)
    return Page(["AT-00001"], 1, offset, limit)


class OneList(App[None]):
    context = None  # what a service call hands its function first; this fetch needs nothing

    def compose(self) -> ComposeResult:
        yield PagedTable([Column("Tag", "tag", 8)], slow_fetch, lambda tag: (tag,), lambda tag: tag)


def page_info(app: OneList) -> str:
    return app.query_one("#page-info").render().plain


async def test_the_list_says_it_is_loading_until_its_first_page_is_shown() -> None:
    released.clear()
    app = OneList()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause(0.2)
        assert page_info(app) == "Loading…"
        released.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if page_info(app) != "Loading…":
                break
        assert page_info(app).startswith("1–1 of 1")


def _capped_tools(engine: object, count_cap: int):  # type: ignore[no-untyped-def]
    """The tools list's fetch on a real database, its count stopping at `count_cap`."""
    from atelier_tui.services.tools.queries import list_tools
    from tests.support.fixed_time import FIXED_NOW

    def fetch(_context: object, text: str, sort: str, descending: bool, offset: int, limit: int) -> Page[object]:
        return list_tools(engine, FIXED_NOW.date(), text=text, sort=sort, descending=descending,  # type: ignore[arg-type]
                          offset=offset, limit=limit, count_cap=count_cap)

    return fetch


class CappedTools(App[None]):
    context = None

    def __init__(self, fetch) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.fetch = fetch

    def compose(self) -> ComposeResult:
        yield PagedTable([Column("Tag", "asset_tag", 10)], self.fetch, lambda row: (row.asset_tag,), lambda row: row.asset_tag,
                         page_size=20)


async def _shown(pilot, app: App[None], wanted: str) -> str:  # type: ignore[no-untyped-def]
    for _ in range(250):
        await pilot.pause(0.02)
        if wanted in page_info(app):  # type: ignore[arg-type]
            break
    return page_info(app)  # type: ignore[arg-type]


async def test_a_count_that_stopped_says_there_are_more_and_pages_on(demo_db) -> None:  # type: ignore[no-untyped-def]
    """More matches than the count went to: "1–20 of 40+", and the next pages still come, in
    English and in French."""
    from atelier_tui.i18n import language, set_language
    from atelier_tui.store.engine import make_engine

    engine = make_engine(f"sqlite:///{demo_db}")
    before = language()
    try:
        app = CappedTools(_capped_tools(engine, 40))
        async with app.run_test(size=(60, 30)) as pilot:
            assert (await _shown(pilot, app, "of 40+")).startswith("1–20 of 40+")
            app.query_one(PagedTable).action_next_page()
            app.query_one(PagedTable).action_next_page()
            app.query_one(PagedTable).action_next_page()
            # Past the cap: the count reaches the page shown.
            assert (await _shown(pilot, app, "61–80")).startswith("61–80 of 80+")
        set_language("fr")
        app = CappedTools(_capped_tools(engine, 1_000))
        async with app.run_test(size=(60, 30)) as pilot:
            shown = await _shown(pilot, app, "sur")
        assert shown.startswith("1–20 sur 150")  # the small demo's 150 tools are under this cap: exact
        app = CappedTools(_capped_tools(engine, 100))
        async with app.run_test(size=(60, 30)) as pilot:
            assert (await _shown(pilot, app, "sur")).startswith("1–20 sur plus de 100")
    finally:
        set_language(before)
        engine.dispose()
