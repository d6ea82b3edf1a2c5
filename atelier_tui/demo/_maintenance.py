"""Maintenance history of the demo tools: for every catalog plan of a tool's type, a few past
records ending in a state chosen on purpose (up to date, due soon, overdue); the situations planted
on the first cell and the standards named are in data/maintenance.toml."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from atelier_tui.demo._base import DemoContext, PlanInfo, StaffRow, ToolRow
from atelier_tui.store.models import MaintenanceRecord

SCENARIOS = ("ok", "due_soon", "overdue")
SCENARIO_WEIGHTS = (75, 15, 10)


def _days_since(rng: Any, plan_days: int, grace: int, scenario: str) -> int:
    if scenario == "ok":
        return rng.randint(0, plan_days - 15) if plan_days > 15 else rng.randint(0, plan_days // 2)
    if scenario == "due_soon":
        return rng.randint(max(plan_days - 14, plan_days // 2 + 1), plan_days - 1) if plan_days > 1 else 1
    return plan_days + grace + rng.randint(1, max(3, plan_days // 10))


def _uses_since(rng: Any, plan_uses: int, scenario: str) -> int:
    if scenario == "ok":
        return rng.randint(0, int(plan_uses * 0.6))
    if scenario == "due_soon":
        return max(0, plan_uses - rng.randint(1, max(1, plan_uses // 8)))
    return plan_uses + rng.randint(1, max(2, plan_uses // 10))


def _measured(value: float, decimals: int, unit: str, short_unit: str) -> dict[str, Any]:
    value = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return {"value": value, "unit": unit, "text": f"{value:g} {short_unit}".strip()}


def _readings(rng: Any, plan: PlanInfo, adjusted: bool) -> dict[str, Any]:
    """As-found and as-left values per test point, always within tolerance: an out-of-tolerance
    as-found would take the instrument out of service and open a traceability review."""
    readings: dict[str, Any] = {}
    for point in plan.test_points:
        nominal, tolerance = point["nominal"], point["tolerance"]["value"]
        text = nominal["text"]
        short_unit = text.split(" ", 1)[1] if " " in text else ""
        decimals = max(0, 1 - math.floor(math.log10(tolerance))) if tolerance > 0 else 2
        if adjusted:
            found = nominal["value"] + rng.choice((-1, 1)) * tolerance * rng.uniform(0.6, 0.95)
            left = nominal["value"] + tolerance * rng.uniform(-0.2, 0.2)
        else:
            found = left = nominal["value"] + tolerance * rng.uniform(-0.5, 0.5)
        readings[point["key"]] = {
            "as_found": _measured(found, decimals, nominal["unit"], short_unit),
            "as_left": _measured(left, decimals, nominal["unit"], short_unit),
        }
    return readings


class _RecordWriter:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.data = ctx.data.maintenance
        self.leads = [p for p in ctx.staff if p.role == "lead"] or ctx.workers()
        self.workers: list[StaffRow] = ctx.workers()
        self.certificates = 0

    def record(self, tool: ToolRow, plan: PlanInfo, when: Any, usage_at: int, latest: bool) -> dict[str, Any]:
        rng, data, texts = self.ctx.rng, self.data, self.data.texts
        adjusted = plan.kind == "calibration" and rng.random() < 0.25
        by_lab = plan.kind == "calibration" and rng.random() < 0.3
        certificate = reference = notes = ""
        type_key = self.ctx.catalog.tool_type_keys[tool.tool_type_id]
        if plan.kind == "calibration":
            self.certificates += 1
            certificate = texts["certificate"].format(year=when.year, number=self.certificates)
            reference = data.reference_standards.get(type_key, texts["laboratory_standard"])
            notes = texts["by_laboratory"] if by_lab else ""
        elif plan.kind == "verification":
            reference = data.verification_standards.get(plan.key, data.reference_standards.get(type_key, ""))
        if adjusted:
            notes = (notes + " ; " if notes else "") + texts["adjusted"]
        if by_lab:
            performer = None
        elif plan.kind == "calibration":
            performer = rng.choice(self.leads).id
        else:
            performer = rng.choice(self.workers).id
        return {
            "tool_id": tool.id, "plan_id": plan.id, "performed_at": when, "performed_by_id": performer,
            # Only the latest record is sure to be scheduled: an ad hoc one would not move the schedule.
            "scheduled": latest or rng.random() >= 0.05,
            "result": "adjusted" if adjusted else "pass",
            "readings": _readings(rng, plan, adjusted), "certificate_ref": certificate,
            "reference_standard": reference, "usage_at": usage_at, "notes": notes,
        }

    def history(
        self, tool: ToolRow, plan: PlanInfo, days_since: int | None, uses_since: int | None
    ) -> list[dict[str, Any]]:
        """Records of one plan on one tool, oldest first. `days_since` and `uses_since` pin the
        latest one (a featured situation); otherwise a scenario is drawn."""
        ctx, rng = self.ctx, self.ctx.rng
        scenario = rng.choices(SCENARIOS, weights=SCENARIO_WEIGHTS)[0]
        if plan.every_days:
            if days_since is None:
                days_since = _days_since(rng, plan.every_days, plan.grace_days, scenario)
            step_days = plan.every_days
            if uses_since is None:
                uses_since = rng.randint(0, (plan.every_uses or 1) // 2)
            usage_at = tool.usage_count - uses_since
        else:
            plan_uses = plan.every_uses or 1
            if uses_since is None:
                uses_since = _uses_since(rng, plan_uses, scenario)
            if days_since is None:
                days_since = rng.randint(1, 30)
            step_days = rng.randint(10, 40)  # a use-counted plan comes round with the workload
            usage_at = tool.usage_count - uses_since
        rows = []
        day = ctx.today - timedelta(days=days_since)
        for position in range(ctx.profile.maintenance_history):
            # A use-counted plan cannot have come round before the tool had been used enough.
            if day < tool.acquired_on or (plan.every_uses and usage_at < 0):
                break
            when = ctx.at(day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)))
            rows.append(self.record(tool, plan, when, max(0, usage_at), latest=position == 0))
            jitter = rng.randint(0, step_days // 10) if step_days >= 10 else 0
            day -= timedelta(days=step_days + jitter)
            usage_at -= plan.every_uses or (rng.randint(20, 200) if tool.usage_count else 0)
        rows.reverse()  # oldest first, as they would have been written
        return rows


def create_maintenance_records(ctx: DemoContext) -> None:
    writer = _RecordWriter(ctx)
    bench_ids = {bench.code: bench.id for bench in ctx.benches}
    featured: dict[tuple[int, str], tuple[int | None, int | None]] = {}
    # Situations planted on the first cell (maintenance.toml), so the demo always shows them.
    for planted in ctx.data.maintenance.featured:
        type_id = ctx.catalog.tool_type_ids.get(planted.tool_type)
        bench_id = bench_ids.get(planted.bench)
        tool = next((t for t in ctx.tools if t.tool_type_id == type_id and t.home_bench_id == bench_id), None)
        if tool is not None:
            featured[(tool.id, planted.plan)] = (planted.days_since, planted.uses_since)
    rows: list[dict[str, Any]] = []
    for tool in ctx.tools:
        if tool.status == "retired":
            continue
        for plan in ctx.catalog.plans_by_tool_type.get(tool.tool_type_id, []):
            days_since, uses_since = featured.get((tool.id, plan.key), (None, None))
            rows += writer.history(tool, plan, days_since, uses_since)
    ctx.insert(MaintenanceRecord, "maintenance_record", rows)
