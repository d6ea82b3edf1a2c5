"""A tool's own maintenance plan (issue 21 item 3): one dry tester checked against its reference
leak every 50 tests while the other keeps the catalog's 100. The due list, the planner, the tool's
detail and readiness all read it; retiring it keeps its records and gives the type's plan back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.changes import correct_usage
from atelier_tui.services.maintenance.due import maintenance_due
from atelier_tui.services.maintenance.planner import planner
from atelier_tui.services.maintenance.plans import PlanChange, add_tool_plan, list_plans, retire_tool_plan
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.permissions import PermissionDenied
from atelier_tui.services.tools.queries import tool_detail
from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import AuditEvent, MaintenancePlan, Site, Tool, ToolType
from tests.support.fixed_time import FIXED_NOW

LEAD = Actor(login="lead", role="lead")
CLAIRE = Actor(login="cmartin", role="technician")
TODAY = FIXED_NOW.date()
LEAK = "wr_tester_dry_leak_check"  # every 30 days or 100 tests, in the catalog
FIFTY = PlanChange(based_on=LEAK, every_uses=50)


@pytest.fixture
def testers(small_workshop):  # type: ignore[no-untyped-def]
    """AT-0003 and AT-0004, two dry testers, both leak-checked an hour ago and used 60 times since."""
    with write_session(small_workshop) as session:
        site = session.execute(select(Site.id)).scalar_one()
        tester = session.execute(select(ToolType.id).where(ToolType.key == "wr_tester_dry")).scalar_one()
        session.add(Tool(asset_tag="AT-0004", tool_type_id=tester, site_id=site))
    for tag in ("AT-0003", "AT-0004"):
        record_maintenance(small_workshop, LEAD, FIXED_NOW - timedelta(hours=1), tag, LEAK, "pass",
                           as_found={"p99_test_pressure": "2.0 bar"})
        correct_usage(small_workshop, LEAD, FIXED_NOW, tag, 60, "counter read on the tester")
    return small_workshop


def leak_check(engine, tag: str):  # type: ignore[no-untyped-def]
    due = maintenance_due(engine, TODAY, now=FIXED_NOW)
    return next(item for item in due.items if item.asset_tag == tag and item.plan_kind == "verification")


def test_one_tester_on_50_tests_while_the_other_keeps_100(testers) -> None:  # type: ignore[no-untyped-def]
    added = add_tool_plan(testers, LEAD, FIXED_NOW, "AT-0003", "at0003_leak_check", FIFTY)
    assert (added.tool, added.every_uses, added.every_days, added.replaces) == ("AT-0003", 50, 30, (LEAK,))
    own, other = leak_check(testers, "AT-0003"), leak_check(testers, "AT-0004")
    # The own plan counts from the leak check done under the type's plan: 60 tests since, past 50.
    assert (own.plan_key, own.state, own.uses_left) == ("at0003_leak_check", "overdue", -10)
    assert (other.plan_key, other.state, other.uses_left) == (LEAK, "ok", 40)
    # The lead's planner and the tool's own page read the same plans.
    due_now = {(item.asset_tag, item.plan_key) for group in planner(testers, TODAY).overdue for item in group.items}
    assert ("AT-0003", "at0003_leak_check") in due_now and ("AT-0004", LEAK) not in due_now
    detail = tool_detail(testers, "AT-0003", TODAY)
    assert detail is not None and [plan.plan_key for plan in detail.plans] == ["at0003_leak_check", "wr_tester_dry_calibration"]


def test_retiring_keeps_the_records_and_gives_the_type_plan_back(testers) -> None:  # type: ignore[no-untyped-def]
    add_tool_plan(testers, LEAD, FIXED_NOW, "AT-0003", "at0003_leak_check", FIFTY)
    record_maintenance(testers, LEAD, FIXED_NOW, "AT-0003", "at0003_leak_check", "pass", as_found={"p99_test_pressure": "2.0 bar"})
    retired = retire_tool_plan(testers, LEAD, FIXED_NOW + timedelta(hours=1), "at0003_leak_check", "new seal, back to 100")
    assert (retired.active, retired.replaces) == (False, (LEAK,))
    assert leak_check(testers, "AT-0003").plan_key == LEAK
    history = tool_detail(testers, "AT-0003", TODAY).history  # type: ignore[union-attr]
    assert [row.plan_key for row in history][:2] == ["at0003_leak_check", LEAK]
    assert [line.key for line in list_plans(testers, "AT-0003", every=True)] == ["wr_tester_dry_calibration", LEAK,
                                                                                 "at0003_leak_check"]
    with read_session(testers) as session:
        actions = session.execute(select(AuditEvent.action, AuditEvent.reason)
                                  .where(AuditEvent.entity == "maintenance_plan", AuditEvent.entity_key == "at0003_leak_check")
                                  .order_by(AuditEvent.id)).all()
    assert actions == [("create", ""), ("maintenance_plan.retire", "new seal, back to 100")]


def test_only_a_lead_sets_a_tools_plan_and_bad_values_are_refused_naming_them(testers) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        add_tool_plan(testers, CLAIRE, FIXED_NOW, "AT-0003", "at0003_leak_check", FIFTY)
    refusals = {
        ("AT-0003", "Bad Key", FIFTY): "key",
        ("AT-0003", LEAK, FIFTY): "key",  # already the catalog's
        ("AT-0003", "x_check", PlanChange(based_on="timegrapher_calibration")): "from",
        ("AT-0003", "x_check", PlanChange(kind="verification", name_en="Leak")): "every_days",
        ("AT-0003", "x_check", PlanChange(kind="polishing", name_en="Leak", every_days=7)): "kind",
        ("AT-9999", "x_check", FIFTY): "tool",
    }
    for (tag, key, change), field in refusals.items():
        with pytest.raises(ServiceError) as refused:
            add_tool_plan(testers, LEAD, FIXED_NOW, tag, key, change)
        assert refused.value.field == field, (key, change, str(refused.value))
    with pytest.raises(ServiceError, match="plan of the catalog"):
        retire_tool_plan(testers, LEAD, FIXED_NOW, LEAK, "no")
    with read_session(testers) as session:
        assert session.execute(select(func.count()).select_from(MaintenancePlan).where(MaintenancePlan.tool_id.is_not(None))).scalar() == 0


def test_a_catalog_plan_may_not_take_the_key_of_a_tools_own_plan(testers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_tool_plan(testers, LEAD, FIXED_NOW, "AT-0003", "at0003_leak_check", FIFTY)
    (tmp_path / "maintenance_plans.toml").write_text(
        '[[maintenance_plan]]\nkey = "at0003_leak_check"\ntool_type = "wr_tester_dry"\nkind = "verification"\n'
        'name_en = "Leak check"\nname_fr = "Contrôle"\nevery_days = 30\n', encoding="utf-8")
    with pytest.raises(CatalogImportError) as refused:
        import_catalogs(testers, [tmp_path], Actor(login="system"), FIXED_NOW)
    assert refused.value.errors == ["maintenance_plan 'at0003_leak_check': the key of a tool's own plan "
                                    "(atelier maintenance plan list); give the catalog's plan another key"]
    assert [line.tool for line in list_plans(testers)] == ["AT-0003"]  # still that tool's only
