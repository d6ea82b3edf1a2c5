"""The tool list and a tool's page: filter, sort, page, "N of M", and where its maintenance stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.tools import actions as tools
from atelier_tui.services.tools.queries import list_tools, tool_detail
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import MaintenancePlan, MaintenanceRecord, Site, Staff, Tool, ToolType
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()
LEAD = Actor(login="lead", role="lead")


def record(engine, tag: str, plan_key: str, days_ago: int, usage_at: int = 0, **extra) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        tool_id = session.exec(select(Tool.id).where(Tool.asset_tag == tag)).one()
        plan_id = session.exec(select(MaintenancePlan.id).where(MaintenancePlan.key == plan_key)).one()
        values = {"result": "pass"} | extra
        session.add(MaintenanceRecord(tool_id=tool_id, plan_id=plan_id, performed_at=FIXED_NOW - timedelta(days=days_ago),
                                      usage_at=usage_at, **values))


def add_tools(engine, type_key: str, tags: list[str], **columns) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site_id = session.exec(select(Site.id)).first()
        type_id = session.exec(select(ToolType.id).where(ToolType.key == type_key)).one()
        session.add_all([Tool(asset_tag=tag, tool_type_id=type_id, site_id=site_id, **columns) for tag in tags])


def update_tool(engine, tag: str, **columns) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == tag)).one()
        for name, value in columns.items():
            setattr(tool, name, value)
        session.add(tool)


def tags(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.asset_tag for row in page.rows]


def test_filter_finds_a_tool_by_its_french_type_name_whatever_the_accents(small_workshop) -> None:  # type: ignore[no-untyped-def]
    for typed in ("contrôleur d'étanchéité", "CONTROLEUR", "etancheite"):
        page = list_tools(small_workshop, TODAY, text=typed)
        assert (tags(page), page.total) == (["AT-0003"], 1)
    assert tags(list_tools(small_workshop, TODAY, text="vibrographe")) == ["AT-0001"]
    assert tags(list_tools(small_workshop, TODAY, text="wrist strap")) == ["AT-0002"]  # English name
    assert list_tools(small_workshop, TODAY, text="chronoscope").total == 0


def test_filter_matches_tag_serial_and_maker(small_workshop) -> None:  # type: ignore[no-untyped-def]
    update_tool(small_workshop, "AT-0002", serial="SN-778", maker="Bergeon")
    assert tags(list_tools(small_workshop, TODAY, text="bergeon")) == ["AT-0002"]
    assert tags(list_tools(small_workshop, TODAY, text="778")) == ["AT-0002"]
    assert tags(list_tools(small_workshop, TODAY, text="at-000")) == ["AT-0001", "AT-0002", "AT-0003"]
    assert list_tools(small_workshop, TODAY, text="100%").total == 0  # a % typed is a character, not a wildcard


def test_pages_of_a_long_list_say_n_of_m(small_workshop) -> None:  # type: ignore[no-untyped-def]
    add_tools(small_workshop, "screwdriver_100", [f"SD-{n:03d}" for n in range(25)])
    first = list_tools(small_workshop, TODAY, limit=10)
    assert (len(first.rows), first.total, first.offset, first.limit) == (10, 28, 0, 10)
    pages = [list_tools(small_workshop, TODAY, offset=offset, limit=10) for offset in (0, 10, 20)]
    assert [len(page.rows) for page in pages] == [10, 10, 8]
    every_tag = [tag for page in pages for tag in tags(page)]
    assert every_tag == sorted(every_tag) and len(set(every_tag)) == 28
    screwdrivers = list_tools(small_workshop, TODAY, text="tournevis", limit=10)
    assert (len(screwdrivers.rows), screwdrivers.total) == (10, 25)
    with pytest.raises(ServiceError, match="limit"):
        list_tools(small_workshop, TODAY, limit=0)


def test_sorts(small_workshop) -> None:  # type: ignore[no-untyped-def]
    update_tool(small_workshop, "AT-0001", usage_count=40)
    update_tool(small_workshop, "AT-0003", usage_count=7)
    tools.put_out_of_service(small_workshop, LEAD, FIXED_NOW, "AT-0002", "strap cut")
    assert tags(list_tools(small_workshop, TODAY, sort="usage", descending=True)) == ["AT-0001", "AT-0003", "AT-0002"]
    assert tags(list_tools(small_workshop, TODAY, sort="asset_tag", descending=True)) == ["AT-0003", "AT-0002", "AT-0001"]
    assert tags(list_tools(small_workshop, TODAY, sort="status")) == ["AT-0001", "AT-0003", "AT-0002"]  # in_service < out_...
    assert tags(list_tools(small_workshop, TODAY, sort="where")) == ["AT-0002", "AT-0001", "AT-0003"]  # B-QUARTZ < C1
    assert tags(list_tools(small_workshop, TODAY, sort="type")) == ["AT-0002", "AT-0001", "AT-0003"]  # esd < time < wr
    with pytest.raises(ServiceError, match="sort: 'colour' is not one of"):
        list_tools(small_workshop, TODAY, sort="colour")


def test_where_is_the_bench_it_is_on_else_its_home(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, LEAD, FIXED_NOW, "AT-0001", "B-MECA")
    rows = {row.asset_tag: row for row in list_tools(small_workshop, TODAY).rows}
    assert (rows["AT-0001"].where, rows["AT-0001"].home, rows["AT-0001"].status) == ("B-MECA", "C1", "checked_out")
    assert (rows["AT-0002"].where, rows["AT-0002"].home) == ("B-QUARTZ", "B-QUARTZ")
    assert (rows["AT-0003"].where, rows["AT-0003"].home) == ("C1", "C1")
    assert tags(list_tools(small_workshop, TODAY, bench_code="B-MECA")) == ["AT-0001"]
    assert tags(list_tools(small_workshop, TODAY, status="in_service")) == ["AT-0002", "AT-0003"]


def test_rows_show_the_worst_maintenance_state(small_workshop) -> None:  # type: ignore[no-untyped-def]
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=380)  # 365 days + 14 of grace: overdue
    record(small_workshop, "AT-0002", "wrist_strap_daily_test", days_ago=0)
    add_tools(small_workshop, "tweezers_plastic", ["TW-001"])
    rows = {row.asset_tag: row for row in list_tools(small_workshop, TODAY).rows}
    assert (rows["AT-0001"].maintenance, rows["AT-0001"].next_due_on) == ("overdue", TODAY - timedelta(days=15))
    assert rows["AT-0001"].measuring is True and rows["AT-0001"].category == "instrument"
    assert rows["AT-0002"].maintenance == "ok"
    assert (rows["AT-0003"].maintenance, rows["AT-0003"].next_due_on) == ("due", TODAY)  # never checked: due now
    assert (rows["TW-001"].maintenance, rows["TW-001"].next_due_on) == ("none", None)  # no plan for its type


def test_ad_hoc_and_failed_records_do_not_move_the_schedule(small_workshop) -> None:  # type: ignore[no-untyped-def]
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=380)
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=10, scheduled=False)
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=2, result="fail")
    assert tags(list_tools(small_workshop, TODAY, text="AT-0001")) == ["AT-0001"]
    assert list_tools(small_workshop, TODAY, text="AT-0001").rows[0].maintenance == "overdue"
    detail = tool_detail(small_workshop, "AT-0001", TODAY)
    assert [h.result for h in detail.history] == ["fail", "pass", "pass"]  # everything shows, newest first


def test_a_tool_of_its_own_plan_replaces_its_types_plan_of_that_kind(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:
        tool_id = session.exec(select(Tool.id).where(Tool.asset_tag == "AT-0001")).one()
        session.add(MaintenancePlan(key="at0001_half_yearly", tool_id=tool_id, kind="calibration", name_en="Half-yearly",
                                    name_fr="Semestriel", every_days=180))
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=200)
    record(small_workshop, "AT-0001", "at0001_half_yearly", days_ago=200)
    detail = tool_detail(small_workshop, "AT-0001", TODAY)
    assert [(plan.plan_key, plan.state) for plan in detail.plans] == [("at0001_half_yearly", "overdue")]
    assert detail.row.maintenance == "overdue"


def test_retired_tools_have_no_maintenance_due(small_workshop) -> None:  # type: ignore[no-untyped-def]
    update_tool(small_workshop, "AT-0001", status="retired")
    assert list_tools(small_workshop, TODAY, text="AT-0001").rows[0].maintenance == "none"


def test_tool_detail(small_workshop) -> None:  # type: ignore[no-untyped-def]
    update_tool(small_workshop, "AT-0003", serial="WT-42", maker="Witschi",
                attributes={"max_pressure": {"value": 6.0, "unit": "bar", "text": "6 bar"}})
    with write_session(small_workshop) as session:
        jeanne = Staff(site_id=session.exec(select(Site.id)).first(), login="jdoe", display_name="Jeanne Doe", role="lead")
        session.add(jeanne)
        session.flush()
        staff_id = jeanne.id
    record(small_workshop, "AT-0003", "wr_tester_dry_calibration", days_ago=100, performed_by_id=staff_id,
           certificate_ref="CAL-2026-0001")
    record(small_workshop, "AT-0003", "wr_tester_dry_leak_check", days_ago=20, usage_at=10)
    update_tool(small_workshop, "AT-0003", usage_count=15)
    detail = tool_detail(small_workshop, "AT-0003", TODAY)
    assert (detail.serial, detail.maker, detail.row.type_key) == ("WT-42", "Witschi", "wr_tester_dry")
    assert detail.attributes["max_pressure"]["text"] == "6 bar"  # the tool's own value over its type's 10 bar
    assert detail.attributes["min_pressure"]["unit"] == "bar"  # the type's value where the tool has none
    assert {capability.key for capability in detail.capabilities} == {"air_leak_test"}  # a dry tester does the dry test only
    plans = {plan.plan_key: plan for plan in detail.plans}
    assert plans["wr_tester_dry_leak_check"].uses_left == 95 and plans["wr_tester_dry_leak_check"].state == "due_soon"
    assert plans["wr_tester_dry_calibration"].next_due_on == TODAY + timedelta(days=265)
    first, second = detail.history
    assert (first.plan_key, first.performed_by, second.plan_key, second.performed_by) == (
        "wr_tester_dry_leak_check", None, "wr_tester_dry_calibration", "Jeanne Doe")
    assert second.certificate_ref == "CAL-2026-0001" and second.plan_name_fr.startswith("Étalonnage")
    assert second.performed_at.tzinfo is not None
    assert tool_detail(small_workshop, "AT-9999", TODAY) is None
