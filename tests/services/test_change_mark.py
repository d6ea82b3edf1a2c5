"""The workshop's change mark: what an open workstation reads every few seconds to learn that
someone else changed something. It moves with every committed change, by anyone, through any
engine; it stays where it is for reads and refused changes; it is one indexed lookup."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from atelier_tui.services.audit.change_mark import change_mark
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.tools import actions as tools
from atelier_tui.services.tools.queries import list_tools
from atelier_tui.store.engine import make_engine
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

CLAIRE = Actor(login="cmartin", role="technician")
LEAD = Actor(login="lead", role="lead")


@pytest.fixture
def other_workstation(small_workshop):  # type: ignore[no-untyped-def]
    """A second engine on the same database, as another workstation or a command has."""
    engine = make_engine(small_workshop.url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


def test_a_change_made_elsewhere_moves_the_mark(small_workshop, other_workstation) -> None:  # type: ignore[no-untyped-def]
    seen = change_mark(small_workshop)
    assert change_mark(small_workshop) == seen  # nothing changed: the mark stays
    tools.check_out(other_workstation, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    after_check_out = change_mark(small_workshop)
    assert after_check_out != seen
    tools.check_in(other_workstation, LEAD, FIXED_NOW, "AT-0001")
    assert change_mark(small_workshop) not in (seen, after_check_out)


def test_reads_and_refused_changes_leave_the_mark_where_it_is(small_workshop, other_workstation) -> None:  # type: ignore[no-untyped-def]
    seen = change_mark(small_workshop)
    list_tools(other_workstation, FIXED_NOW.date(), text="", sort="asset_tag", descending=False, offset=0, limit=10)
    with pytest.raises(ServiceError):
        tools.check_in(other_workstation, LEAD, FIXED_NOW, "AT-0001")  # not checked out: refused, nothing written
    assert change_mark(small_workshop) == seen


def test_the_mark_is_one_query_at_the_end_of_an_index(small_workshop) -> None:  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def heard(_conn, _cursor, statement, _parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "audit_event" in statement:
            statements.append(" ".join(statement.split()))

    event.listen(small_workshop, "before_cursor_execute", heard)
    try:
        change_mark(small_workshop)
    finally:
        event.remove(small_workshop, "before_cursor_execute", heard)
    [statement] = statements
    # Ordered by the primary key, one row: the database reads the index's last entry, whatever the trail's length.
    assert "ORDER BY audit_event.id DESC" in statement and "LIMIT" in statement
    assert "count(" not in statement.lower()
