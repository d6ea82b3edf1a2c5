"""The lead's dashboard shows the first plans not ok today, most urgent first, and how many there
are. It ranks the plans by state and date before reading any tool's row, and reads the rows of
those shown and of those tied with the last one shown: the section must be the head of the whole
list, whatever its length, ties at its end included."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from atelier_tui.domain.due import STATES
from atelier_tui.services.overview.maintenance_section import maintenance_section
from atelier_tui.store.database import reading
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

TODAY = FIXED_NOW.date()


def test_the_section_is_the_head_of_every_plan_to_do_ties_included(demo_engine: Engine) -> None:
    urgency = {state: rank for rank, state in enumerate(reversed(STATES))}
    with reading(demo_engine) as session:
        whole = maintenance_section(session, TODAY, 10_000)
        items = whole.rows
        assert whole.total == len(items) > 20
        assert {item.state for item in items} <= {"overdue", "due", "due_soon"}
        keys = [(urgency[i.state], i.next_due_on or TODAY, i.asset_tag, i.plan_key) for i in items]
        assert keys == sorted(keys)
        tied = [k for k in range(1, len(items)) if keys[k - 1][:2] == keys[k][:2]]
        assert tied, "the demo has plans of one state due on one day"
        for shown in sorted({1, 2, 5, *tied[:15], *(k + 1 for k in tied[:15]), len(items) - 1, len(items)}):
            section = maintenance_section(session, TODAY, shown)
            assert (section.rows, section.total) == (items[:shown], len(items)), shown
