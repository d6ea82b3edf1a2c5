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
