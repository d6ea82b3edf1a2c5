"""Checking tools out and in, out of service and back: one transaction each, audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, Bench, Tool
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

CLAIRE = Actor(login="cmartin", role="technician")


def _tool(engine, tag: str) -> Tool:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.exec(select(Tool).where(Tool.asset_tag == tag)).one()


def _bench_id(engine, code: str) -> int:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.exec(select(Bench.id).where(Bench.code == code)).one()


def test_check_out_then_in_returns_the_tool_to_its_cabinet(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    out = _tool(small_workshop, "AT-0001")
    assert (out.status, out.bench_id) == ("checked_out", _bench_id(small_workshop, "B-MECA"))
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    back = _tool(small_workshop, "AT-0001")
    assert (back.status, back.bench_id) == ("in_service", None)
    with read_session(small_workshop) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity_key == "AT-0001").order_by(AuditEvent.id)).all()
    assert actions == ["check_out", "check_in"]


def test_a_bench_tool_checks_in_to_its_own_bench(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0002", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0002")
    assert _tool(small_workshop, "AT-0002").bench_id == _bench_id(small_workshop, "B-QUARTZ")


def test_second_check_out_is_refused_with_where_the_tool_is(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    with pytest.raises(ServiceError, match="AT-0001 is already checked out to bench B-MECA"):
        tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-QUARTZ")


def test_out_of_service_needs_a_reason_and_blocks_check_out(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="a reason is required"):
        tools.put_out_of_service(small_workshop, CLAIRE, FIXED_NOW, "AT-0003", "   ")
    assert _tool(small_workshop, "AT-0003").status == "in_service"
    tools.put_out_of_service(small_workshop, CLAIRE, FIXED_NOW, "AT-0003", "seal leaking")
    with pytest.raises(ServiceError, match=r"out of service \(seal leaking\)"):
        tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0003", "B-MECA")
    tools.return_to_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW, "AT-0003", "seal replaced")
    assert _tool(small_workshop, "AT-0003").status == "in_service"
    with read_session(small_workshop) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "out_of_service")).one()
    assert event.reason == "seal leaking" and event.actor == "cmartin"
    assert event.before["status"] == "in_service" and event.after["status"] == "out_of_service"


def test_unknown_tag_and_bench_are_named(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="asset tag 'AT-9999': no such tool"):
        tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-9999", "B-MECA")
    with pytest.raises(ServiceError, match="bench 'B-NOPE': no such bench"):
        tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-NOPE")


def test_a_save_over_a_newer_change_is_refused_naming_who_and_when(small_workshop) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.common.edit_conflicts import ChangedMeanwhile
    from atelier_tui.services.tools.queries import tool_version

    opened_on = tool_version(small_workshop, "AT-0001")  # the lead opens the out-of-service form
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")  # meanwhile, at the bench
    with pytest.raises(ChangedMeanwhile, match=r"^AT-0001 was changed by cmartin at 2026-11-27 \d\d:\d\d \(check_out\) since you opened it") as refused:
        tools.put_out_of_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW, "AT-0001", "cracked", opened_on)
    assert refused.value.changed_by == "cmartin"
    with read_session(small_workshop) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == "AT-0001")).one()
    assert (tool.status, tool.status_reason) == ("checked_out", "")
    # Looking again (the current version) lets the save through.
    tools.put_out_of_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW, "AT-0001", "cracked",
                             tool_version(small_workshop, "AT-0001"))
