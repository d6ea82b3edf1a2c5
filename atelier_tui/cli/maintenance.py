"""`atelier maintenance ...`: tool maintenance and calibration from the command line.

    atelier maintenance due [--within DAYS] [--json]
    atelier maintenance check-due [--json]
    atelier maintenance record TAG --plan KEY --result pass|adjusted|fail [--as-found POINT=VALUE ...]
                               [--as-left POINT=VALUE ...] [--cert REF] [--standard TEXT] [--at DATE]
                               [--ad-hoc [--moves-schedule]] [--notes TEXT] [--json]
    atelier maintenance impact TAG [--review ID] [--json]
    atelier maintenance reschedule TAG --plan KEY --to DATE --reason TEXT
    atelier maintenance correct-usage TAG COUNT --reason TEXT
    atelier maintenance reviews [--all] [--json]
    atelier maintenance review ID [--json]
    atelier maintenance dispose REVIEW REF accepted|recalled [--reason TEXT]
    atelier maintenance proposals [--all] [--json]
    atelier maintenance decide ID accept|decline

JSON shapes: docs/maintenance.md. Exit 0 on success (check-due: 1 when a stored due row differs), 2 on bad input with one line on stderr naming
the argument or option."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import click

from atelier_tui.cli.common import RECORD_ID, acting_person, now, reading_database, ready, refuse, refusing, today
from atelier_tui.cli.maintenance_shapes import (
    apart_json,
    due_item_json,
    impact_json,
    impact_lines,
    iso,
    proposal_json,
    record_json,
    review_json,
    review_line,
)
from atelier_tui.cli.output import echo, echo_json, echo_table
from atelier_tui.cli.values import ValueGroup
from atelier_tui.domain.vocabulary import Disposition, DueState, ProposalState, RecordResult, ToolStatus
from atelier_tui.i18n import _, localized, ngettext

_ARGUMENTS = {"tool": "TAG", "plan": "--plan", "result": "--result", "as_found": "--as-found", "as_left": "--as-left",
              "at": "--at", "moves_schedule": "--moves-schedule", "reason": "--reason", "date": "--to", "count": "COUNT",
              "review": "REVIEW", "order": "REF", "disposition": "DISPOSITION", "proposal": "ID", "state": "--all"}


@click.group(cls=ValueGroup)
def maintenance() -> None:
    """Tool maintenance and calibration: what is due, records, reviews, intervals."""


def _guarded(call, names: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    from atelier_tui.domain.units import UnitError

    with refusing({**_ARGUMENTS, **(names or {})}, UnitError):
        return call()


def _print_json(data: Any) -> None:
    echo_json(data)


@maintenance.command("due")
@click.option("--within", "within_days", type=click.IntRange(0, 36_500), default=None,
              help="Only what is not ok or falls due within DAYS days.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_due_command(ctx: click.Context, within_days: int | None, as_json: bool) -> None:
    """Every plan of every tool in service: last done, next due, state, and the waiting orders it blocks.

    Example: atelier maintenance due --within 14 --json"""
    from atelier_tui.i18n import localized
    from atelier_tui.services.maintenance.due import maintenance_due
    from atelier_tui.wording.vocabulary import word

    due = maintenance_due(reading_database(ctx), today(), within_days, now=now())
    if as_json:
        _print_json({"today": due.today.isoformat(), "items": [due_item_json(i) for i in due.items],
                     "apart": [apart_json(t) for t in due.apart]})
        return
    if due.items:
        # The plan's key is what `maintenance record --plan` takes; its name is what it is.
        echo_table([_("tool"), _("plan"), _("name"), _("state"), _("due on"), _("where"), _("blocks")],
                   [[item.asset_tag, item.plan_key, localized(item.plan_name_en, item.plan_name_fr), word(DueState, item.state),
                     _due_when(item), item.where or "—", ", ".join(item.blocks)] for item in due.items])
    if due.apart:
        echo(_("Not in service:"))
    for tool in due.apart:
        reason = f" ({tool.status_reason})" if tool.status_reason else ""
        blocks = "  " + _("blocks {orders}").format(orders=", ".join(tool.blocks)) if tool.blocks else ""
        echo(f"  {tool.asset_tag:<10} {localized(tool.type_name_en, tool.type_name_fr)}: {word(ToolStatus, tool.status)}{reason}{blocks}")
    if not due.items and not due.apart:
        echo(_("nothing is due"))


def _due_when(item: Any) -> str:
    """The due date (with * when rescheduled by hand), and the uses left on a plan counted in uses."""
    when = (item.next_due_on.isoformat() if item.next_due_on else "—") + (" *" if item.rescheduled else "")
    if item.uses_left is None:
        return when
    from atelier_tui.wording.numbers import uses_text

    return f"{when}, {uses_text(item.uses_left)}"


@maintenance.command("check-due")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON (same exit codes).")
@click.pass_context
def maintenance_check_due_command(ctx: click.Context, as_json: bool) -> None:
    """Recompute where every plan of every tool stands and compare it with the stored due rows the
    due list reads: each difference (tool, plan, stored, computed); exit 1 when any differs.

    Example: atelier maintenance check-due --json"""
    from atelier_tui.cli.common import EXIT_NO
    from atelier_tui.services.maintenance.due_check import check_due

    checked = check_due(ready(ctx))
    differences = checked.differences
    if as_json:
        _print_json({"differences": [{"tool": d.asset_tag, "plan": d.plan_key, "fields": list(d.fields), "stored": d.stored,
                                      "computed": d.computed} for d in differences], "marked": checked.marked})
    else:
        if checked.marked:
            echo(_("read afresh until a service recomputes them (changed outside the services): {tags}").format(
                tags=", ".join(checked.marked)))
        for d in differences:
            stored = ", ".join(f"{name}={d.stored[name]}" for name in d.fields) if d.stored else _("no row")
            computed = ", ".join(f"{name}={d.computed[name]}" for name in d.fields) if d.computed else _("no row")
            echo(_("{tag} {plan}: stored {stored}; computed {computed}").format(tag=d.asset_tag, plan=d.plan_key, stored=stored,
                                                                               computed=computed))
        echo(_("{count} stored due rows differ from the computation").format(count=len(differences)) if differences
             else _("the stored due rows agree with the computation"))
    if differences:
        ctx.exit(EXIT_NO)


def _pairs(values: tuple[str, ...], field: str) -> dict[str, str]:
    from atelier_tui.services.context import ServiceError

    pairs: dict[str, str] = {}
    for value in values:
        point, sign, typed = value.partition("=")
        if not sign or not point.strip() or not typed.strip():
            refuse(ServiceError(_("{field}: '{given}' is not POINT=VALUE").format(field=field, given=value), field=field), _ARGUMENTS)
        pairs[point.strip()] = typed.strip()
    return pairs


def _moment(text: str | None) -> datetime | None:
    """--at: a date (today: now; another day: noon, local time) or a date and time (local unless it says)."""
    from atelier_tui.services.context import ServiceError

    if text is None:
        return None
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return now() if day == today() else datetime.combine(day, time(12)).astimezone()
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        refuse(ServiceError(_("at: '{given}' is not a date (YYYY-MM-DD) or a date and time").format(given=text), field="at"), _ARGUMENTS)
    return moment if moment.tzinfo else moment.astimezone()


@maintenance.command("record")
@click.argument("tag", metavar="TAG")
@click.option("--plan", "plan_key", required=True, help="The key of the plan done (see `maintenance due`).")
@click.option("--result", required=True, help="pass, adjusted or fail.")
@click.option("--as-found", "as_found", multiple=True, metavar="POINT=VALUE", help="A test point's value before adjustment.")
@click.option("--as-left", "as_left", multiple=True, metavar="POINT=VALUE", help="A test point's value as left.")
@click.option("--cert", "certificate_ref", default="", help="The certificate reference of an outside laboratory.")
@click.option("--standard", "reference_standard", default="", help="The reference standard used.")
@click.option("--at", "at", default=None, help="When it was done (YYYY-MM-DD or YYYY-MM-DDTHH:MM); default now.")
@click.option("--ad-hoc", "ad_hoc", is_flag=True, help="Done outside the plan: it does not move the schedule...")
@click.option("--moves-schedule", "moves", is_flag=True, help="...unless this is given too.")
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_record(ctx: click.Context, tag: str, plan_key: str, result: str, as_found: tuple[str, ...], as_left: tuple[str, ...],
                       certificate_ref: str, reference_standard: str, at: str | None, ad_hoc: bool, moves: bool, notes: str,
                       as_json: bool) -> None:
    """Record a cleaning, maintenance, verification or calibration done on tool TAG.

    Example: atelier maintenance record AT-00021 --plan multimeter_calibration --result pass --as-found voltage_1_5=1.501V --cert LAB-2291"""
    from atelier_tui.services.maintenance.records import record_maintenance
    from atelier_tui.wording.numbers import degree_sign
    from atelier_tui.wording.vocabulary import word

    engine = ready(ctx)
    found, left, when = _pairs(as_found, "as_found"), _pairs(as_left, "as_left"), _moment(at)
    done = _guarded(lambda: record_maintenance(
        engine, acting_person(), now(), tag, plan_key, result, found, left, certificate_ref, reference_standard, when, ad_hoc,
        (True if moves else None) if ad_hoc else None, notes))
    if as_json:
        _print_json(record_json(done))
        return
    echo(_("{tag}: {plan} recorded, {result}").format(tag=done.asset_tag, plan=done.plan_key, result=word(RecordResult, done.result))
         + ("" if done.moves_schedule else " " + _("(ad hoc: the schedule is unchanged)")))
    for r in done.readings:
        sides = []
        for label, value, ok in ((_("as found"), r.as_found, r.found_in_tolerance), (_("as left"), r.as_left, r.left_in_tolerance)):
            if value is not None:
                sides.append(f"{label} {degree_sign(value.text)} {'✓' if ok else '✗'}")
        echo(f"  {r.point.key} [{degree_sign(r.point.describe())}]: " + ", ".join(sides))
    if done.out_of_service:
        echo(_("{tag} is now out of service: {reason}").format(tag=done.asset_tag, reason=done.status_reason))
    if done.review_id and done.review_sheets:
        echo(ngettext("out-of-tolerance review {id} opened: {count} sheet to decide on (`atelier maintenance review {id}`)",
                      "out-of-tolerance review {id} opened: {count} sheets to decide on (`atelier maintenance review {id}`)", done.review_sheets).format(
            id=done.review_id, count=done.review_sheets))
    elif done.review_id:
        echo(_("out-of-tolerance review {id}: no intervention sheet used {tag} since its last in-tolerance calibration; "
               "closed").format(id=done.review_id, tag=done.asset_tag))
    if done.proposal_id:
        echo(_("interval proposal {id}: {current} -> {proposed} days (`atelier maintenance decide {id} accept|decline`)").format(
            id=done.proposal_id, current=done.current_days, proposed=done.proposed_days))


@maintenance.command("impact")
@click.argument("tag", metavar="TAG")
@click.option("--review", "review_id", type=RECORD_ID, default=None, help="The sheets of this review (default: the open ones).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_impact(ctx: click.Context, tag: str, review_id: int | None, as_json: bool) -> None:
    """The intervention sheets that used instrument TAG since its last in-tolerance calibration.

    Example: atelier maintenance impact AT-00046 --json"""
    from atelier_tui.services.maintenance.impact import impact

    engine = ready(ctx)
    rows = _guarded(lambda: impact(engine, tag, review_id), {"review": "--review"})
    if as_json:
        _print_json({"tool": tag.strip(), "sheets": [impact_json(row) for row in rows]})
        return
    echo("\n".join(impact_lines(rows)) if rows else _("no intervention sheet used {tag} in the window").format(tag=tag.strip()))


def _date(text: str) -> date:
    from atelier_tui.services.context import ServiceError

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        refuse(ServiceError(_("date: '{given}' is not a date (YYYY-MM-DD)").format(given=text), field="date"), _ARGUMENTS)


@maintenance.command("reschedule")
@click.argument("tag", metavar="TAG")
@click.option("--plan", "plan_key", required=True)
@click.option("--to", "new_date", required=True, help="The new due date, YYYY-MM-DD.")
@click.option("--reason", default="", help="Why (required).")
@click.pass_context
def maintenance_reschedule(ctx: click.Context, tag: str, plan_key: str, new_date: str, reason: str) -> None:
    """Move the next due date of a tool's plan (held until the plan is next done).

    Example: atelier maintenance reschedule AT-00046 --plan timegrapher_calibration --to 2026-12-15 --reason "lab closed until then\""""
    from atelier_tui.services.maintenance.changes import reschedule

    engine = ready(ctx)
    moved = _guarded(lambda: reschedule(engine, acting_person(), now(), tag, plan_key, _date(new_date), reason))
    echo(_("{tag}: {plan} now due on {date} (was {previous})").format(
        tag=moved.asset_tag, plan=moved.plan_key, date=moved.due_on.isoformat(), previous=iso(moved.previous_due_on) or "—"))


@maintenance.command("correct-usage")
@click.argument("tag", metavar="TAG")
@click.argument("count", type=click.IntRange(0, 2**63 - 1))
@click.option("--reason", default="", help="Why (required).")
@click.pass_context
def maintenance_correct_usage(ctx: click.Context, tag: str, count: int, reason: str) -> None:
    """Set the usage counter of tool TAG to COUNT.

    Example: atelier maintenance correct-usage AT-00107 1812 --reason "counter read on the tester\""""
    from atelier_tui.services.maintenance.changes import correct_usage

    engine = ready(ctx)
    done = _guarded(lambda: correct_usage(engine, acting_person(), now(), tag, count, reason))
    echo(_("{tag}: usage counter {previous} -> {count}").format(tag=done.asset_tag, previous=done.previous, count=done.count))


@maintenance.command("reviews")
@click.option("--all", "include_closed", is_flag=True, help="Closed reviews too.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_reviews(ctx: click.Context, include_closed: bool, as_json: bool) -> None:
    """Out-of-tolerance reviews waiting for dispositions.

    Example: atelier maintenance reviews --all --json"""
    from atelier_tui.services.maintenance.impact import open_reviews

    rows = open_reviews(ready(ctx), include_closed)
    if as_json:
        _print_json([review_json(row) for row in rows])
        return
    echo("\n".join(review_line(row) for row in rows) if rows else _("no open review"))


@maintenance.command("review")
@click.argument("review_id", metavar="ID", type=RECORD_ID)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_review(ctx: click.Context, review_id: int, as_json: bool) -> None:
    """One review: its window and each sheet with its disposition.

    Example: atelier maintenance review 3 --json"""
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.maintenance.impact import review_detail

    detail = review_detail(ready(ctx), review_id)
    if detail is None:
        refuse(ServiceError(_("review: no out-of-tolerance review {id}").format(id=review_id), field="review"), {"review": "ID"})
    if as_json:
        _print_json({**review_json(detail.review), "items": [impact_json(row) for row in detail.items]})
        return
    start = detail.review.window_start
    window = _("from {start} to {end}").format(start=f"{start.astimezone():%Y-%m-%d %H:%M}" if start else _("the first use"),
                                               end=f"{detail.review.window_end.astimezone():%Y-%m-%d %H:%M}")
    echo(review_line(detail.review))
    echo("  " + window)
    for line in impact_lines(detail.items):
        echo("  " + line)


@maintenance.command("dispose")
@click.argument("review_id", metavar="REVIEW", type=RECORD_ID)
@click.argument("reference", metavar="REF")
@click.argument("disposition", metavar="DISPOSITION")
@click.option("--reason", default="", help="Required to accept.")
@click.pass_context
def maintenance_dispose(ctx: click.Context, review_id: int, reference: str, disposition: str, reason: str) -> None:
    """Decide on order REF of review REVIEW: accepted (with --reason) or recalled (for a re-test).

    Example: atelier maintenance dispose 3 OR-2026-0042 accepted --reason "rate re-read on a good timegrapher\""""
    from atelier_tui.services.maintenance.reviews import set_disposition
    from atelier_tui.wording.vocabulary import word

    engine = ready(ctx)
    done = _guarded(lambda: set_disposition(engine, acting_person(), now(), review_id, reference, disposition, reason))
    echo(_("review {id}: {reference} {disposition}").format(id=done.review_id, reference=done.order,
                                                             disposition=word(Disposition, done.disposition)))
    if done.review_closed:
        echo(_("review {id} closed: every sheet has a disposition").format(id=done.review_id))
    else:
        echo(ngettext("{count} sheet still undecided", "{count} sheets still undecided", done.undecided).format(count=done.undecided))


@maintenance.command("proposals")
@click.option("--all", "every_state", is_flag=True, help="Decided proposals too.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def maintenance_proposals(ctx: click.Context, every_state: bool, as_json: bool) -> None:
    """Interval proposals waiting for the lead.

    Example: atelier maintenance proposals --all"""
    from atelier_tui.services.maintenance.intervals import list_proposals
    from atelier_tui.wording.vocabulary import word

    rows = list_proposals(ready(ctx), None if every_state else ProposalState.PROPOSED)
    if as_json:
        _print_json([proposal_json(row) for row in rows])
        return
    for row in rows:
        plan = localized(row.plan_name_en, row.plan_name_fr) or row.plan_key
        echo(f"{row.id:>4}  {row.asset_tag:<10} {plan:<34} {row.current_days} -> {row.proposed_days}  "
             f"{word(ProposalState, row.state)}  ({row.reason})")
    if not rows:
        echo(_("no interval proposal"))


@maintenance.command("decide")
@click.argument("proposal_id", metavar="ID", type=RECORD_ID)
@click.argument("decision", type=click.Choice(["accept", "decline"]))
@click.pass_context
def maintenance_decide(ctx: click.Context, proposal_id: int, decision: str) -> None:
    """Accept or decline interval proposal ID.

    Example: atelier maintenance decide 5 accept"""
    from atelier_tui.services.maintenance.intervals import decide_proposal

    engine = ready(ctx)
    row = _guarded(lambda: decide_proposal(engine, acting_person(), now(), proposal_id, decision == "accept"), {"proposal": "ID"})
    if row.state == "accepted":
        echo(_("proposal {id} accepted: {tag} {plan} every {days} days from now on").format(
            id=row.id, tag=row.asset_tag, plan=row.plan_key, days=row.proposed_days))
    else:
        echo(_("proposal {id} declined: {tag} {plan} stays every {days} days").format(
            id=row.id, tag=row.asset_tag, plan=row.plan_key, days=row.current_days))


def _add_plan_group() -> None:
    from atelier_tui.cli.maintenance_plans import plan

    maintenance.add_command(plan)


_add_plan_group()
