"""The tools list as a workstation first shows it (no filter, by asset tag), read as read
statements (store/read_statements.py): on a SQLite file the first screen of tools reaches its
rows without importing SQLAlchemy (issue 20, "a lean read path"). Any other page, sort or
filter is tools.filters.find_tools's, which SQLAlchemy runs."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from atelier_tui.services.common.paging import COUNT_CAP, Page, capped_total, check_window, count_ceiling
from atelier_tui.services.tools.rows import ToolRow, tool_rows
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:
    from sqlalchemy import Engine

def _page(descending: bool) -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.services.tools.queries import SORTS, page_statement

    return page_statement(SORTS["asset_tag"], descending, "asset_tag", None, (), bindparam("offset"), bindparam("limit"))


_PAGES = {descending: read_statement(partial(_page, descending), f"{__name__}:_page[{'desc' if descending else 'asc'}]")
          for descending in (False, True)}


@read_statement
def _count_to() -> Any:
    from sqlalchemy import bindparam, func, select

    from atelier_tui.services.tools.queries import counting_statement

    return select(func.count()).select_from(counting_statement(None).limit(bindparam("count_to")).subquery())


def is_first_page(text: str, sort: str, around: str | None) -> bool:
    """Whether a request for tools is one this module answers."""
    return not text.strip() and sort == "asset_tag" and around is None


def first_tools_page(source: Database | Engine, today: date, descending: bool = False, offset: int = 0, limit: int = 100,
                     count_cap: int = COUNT_CAP) -> Page[ToolRow]:
    """Every tool by asset tag, one page of them, with the total counted up to `count_cap`."""
    check_window(offset, limit)
    ceiling = count_ceiling(count_cap, offset, limit)
    with reading(source) as session:
        total, more = capped_total(session.execute(_count_to, {"count_to": ceiling + 1}).scalar_one(), ceiling)
        rows = session.execute(_PAGES[descending], {"offset": offset, "limit": limit}).all()
        return Page(tool_rows(session, rows, today), total, offset, limit, more)
