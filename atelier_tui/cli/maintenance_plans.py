"""`atelier maintenance plan ...`: a tool's own maintenance plans (services/maintenance/plans.py).

    atelier maintenance plan add TAG KEY [--from PLAN] [--kind K] [--name TEXT] [--name-fr TEXT]
                                 [--every-days N] [--every-uses N] [--grace-days N] [--anchor A]
                                 [--blocking/--not-blocking] [--json]
    atelier maintenance plan list [TAG] [--all] [--json]
    atelier maintenance plan retire KEY --reason TEXT

A tool's own plan replaces its type's plans of the same kind (docs/maintenance.md)."""

from __future__ import annotations

from typing import Any

import click

from atelier_tui.cli.common import acting_person, now, ready, refusing
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _, localized, ngettext

_ARGUMENTS = {"tool": "TAG", "key": "KEY", "from": "--from", "kind": "--kind", "name": "--name", "every_days": "--every-days",
              "every_uses": "--every-uses", "grace_days": "--grace-days", "anchor": "--anchor", "plan": "KEY", "reason": "--reason"}
_COUNT = click.IntRange(0, 10_000_000)


@click.group("plan", cls=ValueGroup)
def plan() -> None:
    """A tool's own maintenance plans: one instrument on another interval than its type."""


def plan_json(line: Any) -> dict[str, Any]:
    return {"key": line.key, "tool": line.tool, "tool_type": line.tool_type, "kind": line.kind, "name_en": line.name_en,
            "name_fr": line.name_fr, "every_days": line.every_days, "every_uses": line.every_uses, "anchor": line.anchor,
            "grace_days": line.grace_days, "blocking": line.blocking, "active": line.active, "replaces": list(line.replaces)}


def _interval(line: Any) -> str:
    parts = []
    if line.every_days:
        parts.append(ngettext("every {count} day", "every {count} days", line.every_days).format(count=line.every_days))
    if line.every_uses:
        parts.append(ngettext("every {count} use", "every {count} uses", line.every_uses).format(count=line.every_uses))
    return _(" or ").join(parts)


def _text(line: Any) -> str:
    whose = _("own plan of {tag}").format(tag=line.tool) if line.tool else _("plan of the type {type}").format(type=line.tool_type)
    replaces = "  " + _("(replaces {keys})").format(keys=", ".join(line.replaces)) if line.replaces else ""
    retired = "  " + _("retired") if not line.active else ""
    return f"{line.key:<34} {line.kind:<13} {_interval(line):<30} {whose}: {localized(line.name_en, line.name_fr)}{replaces}{retired}"


@plan.command("add")
@click.argument("tag", metavar="TAG")
@click.argument("key", metavar="KEY")
@click.option("--from", "based_on", default=None, metavar="PLAN",
              help="A plan of the tool's type to start from: its steps, test points and every value not given.")
@click.option("--kind", default=None, help="cleaning, maintenance, verification or calibration.")
@click.option("--name", "name_en", default=None, help="The plan's name (English).")
@click.option("--name-fr", "name_fr", default=None, help="The plan's name in French.")
@click.option("--every-days", type=_COUNT, default=None, help="Due this many days after it was done (0: not by days).")
@click.option("--every-uses", type=_COUNT, default=None, help="Due after this many uses (0: not by uses).")
@click.option("--grace-days", type=_COUNT, default=None, help="Days the tool may still serve past the date.")
@click.option("--anchor", default=None, help="completion (counts from when it was done) or fixed (keeps to its calendar).")
@click.option("--blocking/--not-blocking", default=None, help="Whether reaching the limit stops the tool from serving.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_context
def plan_add(ctx: click.Context, tag: str, key: str, based_on: str | None, kind: str | None, name_en: str | None,
             name_fr: str | None, every_days: int | None, every_uses: int | None, grace_days: int | None, anchor: str | None,
             blocking: bool | None, as_json: bool) -> None:
    """Give tool TAG a plan of its own, KEY: it replaces the type's plans of the same kind for
    this tool (and adds to them when the type has none of that kind). A lead's decision.

    Example: atelier maintenance plan add AT-00107 at00107_leak_check --from wr_tester_dry_leak_check --every-uses 50"""
    from atelier_tui.services.maintenance.plans import PlanChange, add_tool_plan

    engine = ready(ctx)
    change = PlanChange(based_on, kind, name_en, name_fr, every_days, every_uses, grace_days, anchor, blocking)
    with refusing(_ARGUMENTS):
        line = add_tool_plan(engine, acting_person(), now(), tag, key, change)
    if as_json:
        echo_json(plan_json(line))
        return
    echo(_("{key} added for {tag}: {interval}").format(key=line.key, tag=line.tool, interval=_interval(line))
         + ("; " + _("replaces {keys} for this tool").format(keys=", ".join(line.replaces)) if line.replaces else ""))


@plan.command("list")
@click.argument("tag", metavar="TAG", required=False)
@click.option("--all", "every", is_flag=True, help="Retired own plans too.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_context
def plan_list(ctx: click.Context, tag: str | None, every: bool, as_json: bool) -> None:
    """With TAG, the plans that apply to that tool (its own, then its type's it has not replaced);
    without, every tool's own plans.

    Example: atelier maintenance plan list AT-00107 --json"""
    from atelier_tui.services.maintenance.plans import list_plans

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        lines = list_plans(engine, tag, every)
    if as_json:
        echo_json([plan_json(line) for line in lines])
        return
    for line in lines:
        echo(_text(line))
    if not lines:
        echo(_("no plan"))


@plan.command("retire")
@click.argument("key", metavar="KEY")
@click.option("--reason", default="", help="Why it no longer applies (required).")
@click.pass_context
def plan_retire(ctx: click.Context, key: str, reason: str) -> None:
    """Retire a tool's own plan KEY: its records stay in the history, and the type's plan of that
    kind applies again.

    Example: atelier maintenance plan retire at00107_leak_check --reason "seal replaced, back to the maker's interval\""""
    from atelier_tui.services.maintenance.plans import retire_tool_plan

    engine = ready(ctx)
    with refusing(_ARGUMENTS):
        line = retire_tool_plan(engine, acting_person(), now(), key, reason)
    echo(_("{key} of {tag} retired").format(key=line.key, tag=line.tool)
         + ("; " + _("{keys} applies again").format(keys=", ".join(line.replaces)) if line.replaces else ""))
