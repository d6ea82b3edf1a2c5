"""Today's bench-opening checklists of the demo: passed and signed on two benches of the first
cell, failed on a third, passed on the bench whose waiting work the demo shows ready; in a large
workshop, also on the other benches that have work."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from atelier_tui.demo._base import DemoContext
from atelier_tui.store.models import ChecklistAnswer, ChecklistRun

BENCH_OPENING = "bench_opening"
FEATURED_RUNS = {"QZ-01": True, "ME-01": True, "WR-01": False}  # bench -> passed
# Opened this morning by whom its waiting work is for (demo_data.BENCH_QUEUE), so that the work
# is ready to start. The run's times are offsets from `now`, not draws: adding it changes no other
# row of the demo.
READY_BENCHES = ("PO-01",)
READY_RUN_MINUTES = (70, 8)  # started this long before `now`, signed this long after starting
FAILING_ITEM = "lighting_adequate"
FAILING_REASON = "Éclairement mesuré à 450 lx : lampe de poste défaillante"
RANDOM_FAILURE_SHARE = 0.1


def create_checklist_runs(ctx: DemoContext) -> None:
    template = ctx.catalog.checklists.get(BENCH_OPENING)
    if template is None:
        return
    rng = ctx.rng
    day_start = datetime.combine(ctx.today, time(0), tzinfo=UTC)
    workers = ctx.workers()
    runs: list[dict[str, Any]] = []
    for bench in ctx.benches:
        if bench.code in FEATURED_RUNS:
            passed = FEATURED_RUNS[bench.code]
        elif bench.cell > 1 and bench.id in ctx.bench_technician:
            passed = rng.random() >= RANDOM_FAILURE_SHARE
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
    failing = next((key for _, key, _, _ in template.items if key == FAILING_ITEM),
                   next((key for _, key, level, _ in template.items if level != "optional"), None))
    answers: list[dict[str, Any]] = []
    for run in runs:
        facts = run["facts"]
        for position, (item_id, key, _level, conditions) in enumerate(template.items):
            missing = [condition for condition in conditions if condition not in facts]
            if missing:
                answer, reason = "not_applicable", f"Condition non remplie : {', '.join(missing)}"
            elif not run["passed"] and key == failing:
                answer, reason = "not_ok", FAILING_REASON
            else:
                answer, reason = "ok", ""
            answers.append({
                "run_id": run_ids[run["bench_id"]], "item_id": item_id, "answer": answer, "reason": reason,
                "answered_at": min(run["signed_at"], run["started_at"] + timedelta(seconds=20 * (position + 1))),
            })
    ctx.insert(ChecklistAnswer, "checklist_answer", answers)


def _ready_bench_runs(ctx: DemoContext, template_id: int, day_start: datetime) -> list[dict[str, Any]]:
    runs = []
    before, signing = (timedelta(minutes=minutes) for minutes in READY_RUN_MINUTES)
    for bench in ctx.benches:
        technician = ctx.bench_technician.get(bench.id) or ctx.queue_technician.get(bench.id)
        if bench.code not in READY_BENCHES or bench.code in FEATURED_RUNS or technician is None:
            continue
        started = max(day_start, ctx.now - before)
        runs.append({
            "template_id": template_id, "bench_id": bench.id, "order_id": None, "run_by_id": technician,
            "run_date": ctx.today, "started_at": started, "signed_at": min(ctx.now, started + signing), "passed": True,
            "facts": ctx.bench_facts.get(bench.id) or ctx.queue_facts.get(bench.id, []), "version": 1,
        })
    return runs
