"""Today's bench-opening checklists of the demo: passed and signed on two benches of the first
cell, failed on a third, passed on the bench whose waiting work the demo shows ready; in a large
workshop, also on the other benches that have work. And the per-order checklist, passed and
signed for every order waiting on a bench whose work calls for it: its technician checked the
watch, so that what was ready to start stays ready. Which benches, and what a failed run says, are in
data/checklists.toml."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from atelier_tui.demo._base import DemoContext
from atelier_tui.store.models import ChecklistAnswer, ChecklistRun


def create_checklist_runs(ctx: DemoContext) -> None:
    data = ctx.data.checklists
    template = ctx.catalog.checklists.get(data.template)
    if template is None:
        return
    rng = ctx.rng
    day_start = datetime.combine(ctx.today, time(0), tzinfo=UTC)
    workers = ctx.workers()
    runs: list[dict[str, Any]] = []
    for bench in ctx.benches:
        if bench.code in data.featured_runs:
            passed = data.featured_runs[bench.code]
        elif bench.cell > 1 and bench.id in ctx.bench_technician:
            passed = rng.random() >= data.random_failure_share
        else:
            continue
        started = max(day_start, ctx.now - timedelta(minutes=rng.randint(40, 150)))
        runs.append({
            "template_id": template.template_id, "bench_id": bench.id, "order_id": None,
            "run_by_id": ctx.bench_technician.get(bench.id) or rng.choice(workers).id,
            "run_date": ctx.today, "started_at": started,
            "signed_at": min(ctx.now, started + timedelta(minutes=rng.randint(4, 12))),
            "passed": passed, "facts": ctx.bench_facts.get(bench.id, []), "version": 1,
        })
    runs += _ready_bench_runs(ctx, template.template_id, day_start)
    ctx.insert(ChecklistRun, "checklist_run", runs)
    run_ids = dict(ctx.connection.execute(
        select(ChecklistRun.bench_id, ChecklistRun.id)
        .where(ChecklistRun.template_id == template.template_id, ChecklistRun.run_date == ctx.today)
    ).all())
    failing = next((key for _, key, _, _ in template.items if key == data.failing_item),
                   next((key for _, key, level, _ in template.items if level != "optional"), None))
    answers: list[dict[str, Any]] = []
    for run in runs:
        facts = run["facts"]
        for position, (item_id, key, _level, conditions) in enumerate(template.items):
            missing = [condition for condition in conditions if condition not in facts]
            if missing:  # no reason stored: the run's facts say why, in each reader's language (as a run started in the app)
                answer, reason = "not_applicable", ""
            elif not run["passed"] and key == failing:
                answer, reason = "not_ok", data.failing_reason
            else:
                answer, reason = "ok", ""
            answers.append({
                "run_id": run_ids[run["bench_id"]], "item_id": item_id, "answer": answer, "reason": reason,
                "answered_at": min(run["signed_at"], run["started_at"] + timedelta(seconds=20 * (position + 1))),
            })
    ctx.insert(ChecklistAnswer, "checklist_answer", answers)
    _order_runs(ctx)


def _ready_bench_runs(ctx: DemoContext, template_id: int, day_start: datetime) -> list[dict[str, Any]]:
    runs, data = [], ctx.data.checklists
    before, signing = (timedelta(minutes=minutes) for minutes in data.ready_run_minutes)
    for bench in ctx.benches:
        technician = ctx.bench_technician.get(bench.id) or ctx.queue_technician.get(bench.id)
        if bench.code not in data.ready_benches or bench.code in data.featured_runs or technician is None:
            continue
        started = max(day_start, ctx.now - before)
        runs.append({
            "template_id": template_id, "bench_id": bench.id, "order_id": None, "run_by_id": technician,
            "run_date": ctx.today, "started_at": started, "signed_at": min(ctx.now, started + signing), "passed": True,
            "facts": ctx.bench_facts.get(bench.id) or ctx.queue_facts.get(bench.id, []), "version": 1,
        })
    return runs



def _order_runs(ctx: DemoContext) -> None:
    """Passed: an order waiting on its bench is ready as far as its watch goes."""
    data = ctx.data.checklists
    template = ctx.catalog.checklists.get(data.order_template)
    if template is None:
        return
    before, signing = (timedelta(minutes=minutes) for minutes in data.order_run_minutes)
    day_start = datetime.combine(ctx.today, time(0), tzinfo=UTC)
    runs: list[dict[str, Any]] = []
    for order_id, bench_id, technician_id, checklists, facts in ctx.orders_on_benches:
        if data.order_template not in checklists:
            continue
        begun = max(day_start, ctx.now - before)
        runs.append({
            "template_id": template.template_id, "bench_id": bench_id, "order_id": order_id, "run_by_id": technician_id,
            "run_date": ctx.today, "started_at": begun, "signed_at": min(ctx.now, begun + signing), "passed": True,
            "facts": facts, "version": 1,
        })
    ctx.insert(ChecklistRun, "checklist_run", runs)
    run_ids = dict(ctx.connection.execute(
        select(ChecklistRun.order_id, ChecklistRun.id).where(ChecklistRun.template_id == template.template_id)).all())
    answers: list[dict[str, Any]] = []
    for run in runs:
        for position, (item_id, _key, _level, conditions) in enumerate(template.items):
            missing = [condition for condition in conditions if condition not in run["facts"]]
            answers.append({
                "run_id": run_ids[run["order_id"]], "item_id": item_id,
                "answer": "not_applicable" if missing else "ok",
                "reason": "",  # a condition not met is worded when read, as for a run started in the app
                "answered_at": min(run["signed_at"], run["started_at"] + timedelta(seconds=20 * (position + 1))),
            })
    ctx.insert(ChecklistAnswer, "checklist_answer", answers)
