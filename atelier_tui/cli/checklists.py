"""`atelier checklist`: a QHSE checklist run from an answers file (docs/checklist-answers.md), and
the runs on a bench. Exit codes of `run`: 0 passed and signed, 1 signed but failed, 2 bad input
(nothing written)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import EXIT_BAD_INPUT, EXIT_NO, acting_person, now, read_text, ready
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _
from atelier_tui.textfiles.checklist_answers import read_checklist_answers


@click.group(cls=ValueGroup)
def checklist() -> None:
    """QHSE checklists: run one from an answers file, list the runs on a bench."""


@checklist.command("run")
@click.argument("template")
@click.option("--bench", "bench_code", required=True, help="The bench the checklist is run on.")
@click.option("--order", "order_ref", help="The repair order (required by order checklists).")
@click.option("--answers", "answers_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with an [answers] table (docs/checklist-answers.md).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def checklist_run(ctx: click.Context, template: str, bench_code: str, order_ref: str | None, answers_file: Path, as_json: bool) -> None:
    """Run TEMPLATE on a bench with the answers of FILE and sign it off, in one transaction.

    Example: atelier checklist run bench_opening --bench QZ-01 --answers opening.toml"""
    from atelier_tui.services.checklists.runs import ItemRefused, run_checklist
    from atelier_tui.services.context import ServiceError

    read = read_checklist_answers(read_text(answers_file), str(answers_file))
    for error in read.errors:
        echo(str(error), err=True)
    if read.errors:
        sys.exit(EXIT_BAD_INPUT)
    engine = ready(ctx)
    try:
        signed = run_checklist(engine, acting_person(), now(), template, bench_code, order_ref, read.answers)
    except ItemRefused as refusal:
        echo(str(read.error(refusal.item_key, str(refusal))), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except ServiceError as refusal:
        echo(str(refusal), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if as_json:
        echo_json({"run_id": signed.run_id, "template": template, "bench": bench_code, "order": order_ref,
                   "passed": signed.passed, "failed": list(signed.failed)}, ascii_only=True)
    elif signed.passed:
        echo(_("{template} on {bench}: passed, signed off (run {run})").format(template=template, bench=bench_code, run=signed.run_id))
    else:
        echo(_("{template} on {bench}: failed, signed off (run {run}); not ok: {items}").format(
            template=template, bench=bench_code, run=signed.run_id, items=", ".join(signed.failed)))
    sys.exit(0 if signed.passed else EXIT_NO)


def _result(row: Any) -> str:
    if not row.signed:
        return "not_signed"
    return "passed" if row.passed else "failed"


@checklist.command("list")
@click.option("--bench", "bench_code", required=True)
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD; default today.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def checklist_list(ctx: click.Context, bench_code: str, day: datetime | None, as_json: bool) -> None:
    """The checklist runs on a bench that day, in the order they were started.

    Example: atelier checklist list --bench QZ-01 --day 2026-11-27"""
    from atelier_tui.services.checklists.runs import bench_runs
    from atelier_tui.services.context import ServiceError

    engine = ready(ctx)
    chosen: date = day.date() if day else now().astimezone().date()
    try:
        runs = bench_runs(engine, bench_code, chosen)
    except ServiceError as refusal:
        echo(str(refusal), err=True)
        sys.exit(EXIT_BAD_INPUT)
    if as_json:
        echo_json([{
            "template": run.template_key, "version": run.template_version, "scope": run.scope, "order": run.order_reference,
            "run_by": run.run_by, "started_at": run.started_at.isoformat(), "result": _result(run),
        } for run in runs], ascii_only=True)
        return
    if not runs:
        echo(_("no checklist run on {bench} on {day}").format(bench=bench_code, day=chosen.isoformat()))
    for run in runs:
        order = f"  {run.order_reference}" if run.order_reference else ""
        echo(f"{run.started_at.astimezone():%H:%M}  {run.template_key} v{run.template_version}  {run.run_by}  {_result(run)}{order}")
