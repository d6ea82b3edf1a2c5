"""Recording what was done to a tool under one of its plans: when, by whom, scheduled or ad hoc,
the result, and for a calibration or a verification the as-found and as-left values per test point,
typed with their units and judged against the plan's tolerances.

What follows, in the same transaction: an instrument found out of tolerance (or failed) is taken
out of service, with a reason naming the test point and the value; found out of tolerance, a
review of the sheets it served since its last in-tolerance calibration is opened; the staircase
rule may propose another interval. An ad hoc record (after a repair, a drop, a doubt) does not move
the schedule unless the lead says so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select

from atelier_tui.domain.calibration import (
    METROLOGY_KINDS,
    RESULTS,
    Judgement,
    PointReading,
    ReadingError,
    TestPoint,
    judge_readings,
    points_of,
)
from atelier_tui.domain.due import moves_schedule as counts_for_schedule
from atelier_tui.domain.intervals import DEFAULT_RULE, StaircaseRule
from atelier_tui.domain.units import UnitError
from atelier_tui.domain.vocabulary import PlanKind, RecordResult, ToolStatus
from atelier_tui.i18n import _, localized
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance._access import plan_for_tool, staff_id, tool_by_tag
from atelier_tui.services.maintenance.due_store import recompute_due
from atelier_tui.services.maintenance.intervals import propose_after
from atelier_tui.services.maintenance.reviews import open_review
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.maintenance_models import MaintenanceRecord, MaintenanceReviewItem
from atelier_tui.store.models import MaintenancePlan, Tool
from atelier_tui.wording.numbers import measured_text
from atelier_tui.wording.status_reasons import failure_sentence, finding_sentence


@dataclass(frozen=True)
class Recorded:
    record_id: int
    asset_tag: str
    plan_key: str
    plan_kind: str
    result: str
    performed_at: datetime
    ad_hoc: bool
    moves_schedule: bool
    readings: tuple[PointReading, ...]
    found_in_tolerance: bool | None  # None: no as-found value was read
    out_of_service: bool  # this record took the instrument out of service
    status_reason: str
    review_id: int | None  # the out-of-tolerance review it opened
    review_sheets: int  # the sheets that review lists
    proposal_id: int | None  # the interval proposal it led to
    current_days: int | None
    proposed_days: int | None


def _judge(plan: MaintenancePlan, result: str, as_found: dict[str, str], as_left: dict[str, str]) -> Judgement:
    points = points_of(plan.test_points)
    metrology = plan.kind in METROLOGY_KINDS
    try:
        judgement = judge_readings(points, as_found, as_left, require_found=metrology and bool(points) and result != RecordResult.FAIL)
    except ReadingError as error:
        if not points:
            raise ServiceError(_("{which}: {plan} has no test points to read").format(
                which=error.which, plan=localized(plan.name_en, plan.name_fr)), field=error.which) from None
        message = (_("{which}: {plan} has no test point {points} (its test points: {known})") if error.code == "unknown"
                   else _("{which}: give a value for every test point of {plan}; missing: {points}"))
        raise ServiceError(message.format(which=error.which, plan=plan.key, points=", ".join(error.points),
                                          known=", ".join(error.known)), field=error.which) from None
    except UnitError as error:
        which, _space, point = error.field.partition(" ")
        raise ServiceError(_("{which}: {point}: '{given}' {problem}; expected {expected}").format(
            which=which, point=point, given=error.given, problem=error.problem, expected=error.expected), field=which) from None
    if result == RecordResult.ADJUSTED and metrology and points:
        # What was adjusted has an as-left value: at least one point, and every point found out of
        # tolerance; the others are left as found.
        missing = [r.point.key for r in judgement.found_out if r.as_left is None]
        if missing or not any(r.as_left is not None for r in judgement.readings):
            raise ServiceError(_("as_left: an adjusted instrument needs its as-left value for {points}").format(
                points=", ".join(missing) or _("the points adjusted")), field="as_left")
    return judgement


def _out_text(reading: PointReading, left: bool = False) -> dict[str, str]:
    value = reading.as_left if left else reading.as_found
    # the point's name in the catalog, in the interface language
    point = localized(reading.point.name_en, reading.point.name_fr) or reading.point.key
    return {"point_name": point, "value": measured_text(value) if value else "?", "nominal": measured_text(reading.point.nominal),
            "tolerance": measured_text(reading.point.tolerance)}


def _point_words(reading: PointReading, left: bool = False) -> dict[str, str]:
    words = _out_text(reading, left)
    return {"point": words.pop("point_name"), **words}


def _check_result(result: str, judgement: Judgement) -> None:
    if result == RecordResult.PASS and judgement.found_out:
        raise ServiceError(_("result: {point} was found at {value}, outside {nominal} ± {tolerance}: the result is adjusted "
                             "(brought back within tolerance) or fail, not pass").format(**_point_words(judgement.found_out[0])),
                           field="result")
    left_out = [r for r in judgement.left_out if r.as_left is not None]
    if result in (RecordResult.PASS, RecordResult.ADJUSTED) and left_out:
        raise ServiceError(_("result: {point} was left at {value}, outside {nominal} ± {tolerance}: record the result as fail").format(
            **_point_words(left_out[0], left=True)), field="result")


def _take_out_of_service(session, actor: Actor, now: datetime, tool: Tool, record: MaintenanceRecord) -> None:  # type: ignore[no-untyped-def]
    before = audit.snapshot(tool)
    # the record, not the sentence: the reason is read in the reader's language (status_reasons),
    # on the tool and in the audit trail (whose event keeps status_record_id in its snapshot)
    tool.status, tool.status_reason, tool.status_record_id = ToolStatus.OUT_OF_SERVICE, "", record.id
    tool.version += 1
    session.add(tool)
    session.flush()
    audit.record(session, actor, now, "out_of_service", "tool", tool.asset_tag, before, audit.snapshot(tool))


@dataclass(frozen=True)
class ToBeRecorded:
    """What a record would store, checked and judged, before anything is written: the summary a
    person confirms."""

    asset_tag: str
    plan_key: str
    plan_name: str
    plan_kind: str
    result: str
    performed_at: datetime
    readings: tuple[PointReading, ...]
    certificate_ref: str
    takes_out_of_service: bool  # a metrology record found out of tolerance or failed


def _checked(session, actor: Actor, now: datetime, tag: str, plan_key: str, result: str,  # type: ignore[no-untyped-def]
             as_found: dict[str, str] | None, as_left: dict[str, str] | None, performed_at: datetime | None,
             ad_hoc: bool, moves_schedule: bool | None) -> tuple[Tool, MaintenancePlan, str, datetime, bool, Judgement]:
    """Every check of a record, in the order a person can fix them; nothing is written."""
    chosen = result.strip().lower()
    if not chosen:  # a judgement is chosen, never assumed (issue 17: empty meant pass)
        raise ServiceError(_("result: choose one of {choices}").format(choices=", ".join(RESULTS)), field="result")
    if chosen not in RESULTS:
        raise ServiceError(_("result: '{given}' is not one of {choices}").format(given=result, choices=", ".join(RESULTS)), field="result")
    when = performed_at or now
    if when.tzinfo is None:
        raise ServiceError(_("at: give the time with its time zone"), field="at")
    if when > now:
        raise ServiceError(_("at: {when} is in the future").format(when=when.isoformat(timespec="minutes")), field="at")
    if not ad_hoc and moves_schedule is False:
        raise ServiceError(_("moves_schedule: a scheduled record always moves the schedule; record it as ad hoc"),
                           field="moves_schedule")
    moves = counts_for_schedule(ad_hoc, moves_schedule)
    tool = tool_by_tag(session, tag)
    if tool.status == ToolStatus.RETIRED:
        raise ServiceError(_("{tag} is retired").format(tag=tool.asset_tag), field="tool")
    plan = plan_for_tool(session, tool, plan_key)
    if plan.kind == PlanKind.CALIBRATION:
        require(actor, "calibration.record")
    else:
        require(actor, "maintenance.record")
    judgement = _judge(plan, chosen, dict(as_found or {}), dict(as_left or {}))
    _check_result(chosen, judgement)
    return tool, plan, chosen, when, moves, judgement


def check_maintenance(
    engine: Engine, actor: Actor, now: datetime, tag: str, plan_key: str, result: str,
    as_found: dict[str, str] | None = None, as_left: dict[str, str] | None = None, certificate_ref: str = "",
    performed_at: datetime | None = None, ad_hoc: bool = False, moves_schedule: bool | None = None,
) -> ToBeRecorded:
    """What record_maintenance would store with these arguments, refused as it would refuse
    them; nothing is written (validate first, confirm last)."""
    with read_session(engine) as session:
        tool, plan, chosen, when, _moves, judgement = _checked(session, actor, now, tag, plan_key, result, as_found, as_left,
                                                               performed_at, ad_hoc, moves_schedule)
        metrology = plan.kind in METROLOGY_KINDS
        return ToBeRecorded(tool.asset_tag, plan.key, localized(plan.name_en, plan.name_fr), plan.kind, chosen, when,
                            judgement.readings, certificate_ref.strip(),
                            metrology and bool(judgement.found_out or chosen == "fail"))


def record_maintenance(
    engine: Engine, actor: Actor, now: datetime, tag: str, plan_key: str, result: str,
    as_found: dict[str, str] | None = None, as_left: dict[str, str] | None = None, certificate_ref: str = "",
    reference_standard: str = "", performed_at: datetime | None = None, ad_hoc: bool = False,
    moves_schedule: bool | None = None, notes: str = "", rule: StaircaseRule = DEFAULT_RULE,
) -> Recorded:
    """Record plan `plan_key` done on tool `tag` (at `performed_at`, default `now`). Calibrations
    are recorded by a lead or an admin; cleaning, maintenance and verifications by anyone who works
    at a bench. `as_found`/`as_left`: test point key -> the value as typed ('1.502 V')."""
    with write_session(engine) as session:
        tool, plan, chosen, when, moves, judgement = _checked(session, actor, now, tag, plan_key, result, as_found, as_left,
                                                              performed_at, ad_hoc, moves_schedule)
        record = MaintenanceRecord(
            tool_id=tool.id, plan_id=plan.id, performed_at=when, performed_by_id=staff_id(session, actor), scheduled=moves,
            ad_hoc=ad_hoc, result=chosen, readings=judgement.as_dict(), found_in_tolerance=judgement.found_in_tolerance,
            certificate_ref=certificate_ref.strip(), reference_standard=reference_standard.strip(), usage_at=tool.usage_count,
            notes=notes.strip(),
        )
        session.add(record)
        session.flush()
        audit.record(session, actor, now, "maintenance.record", "tool", tool.asset_tag, None,
                     {**(audit.snapshot(record) or {}), "plan": plan.key})
        metrology = plan.kind in METROLOGY_KINDS
        plan_name = localized(plan.name_en, plan.name_fr)
        out, reason, review = False, "", None
        if metrology and (judgement.found_out or chosen == "fail"):
            if judgement.found_out:
                said = _out_text(judgement.found_out[0])
                reason = finding_sentence(plan_name, said["point_name"], said["value"], said["nominal"], said["tolerance"])
            else:
                reason = failure_sentence(plan_name, when)
            _take_out_of_service(session, actor, now, tool, record)
            out = True
            if judgement.found_in_tolerance is not True:  # the work it served is in doubt
                review = open_review(session, actor, now, tool, record)
        proposal = None
        if metrology and (judgement.found_in_tolerance is not None or chosen == "fail"):
            proposal = propose_after(session, actor, now, tool, plan, record, rule)
        review_sheets = 0
        if review is not None:
            review_sheets = session.execute(select(func.count()).select_from(MaintenanceReviewItem)
                                            .where(MaintenanceReviewItem.review_id == review.id)).scalar_one()
        recompute_due(session, [tool.id])
        return Recorded(
            record.id, tool.asset_tag, plan.key, plan.kind, chosen, when, ad_hoc, moves, judgement.readings,
            judgement.found_in_tolerance, out, reason, review.id if review else None, review_sheets,
            proposal.id if proposal else None, proposal.current_days if proposal else None,
            proposal.proposed_days if proposal else None,
        )


def plan_test_points(engine: Engine, plan_key: str) -> tuple[TestPoint, ...]:
    """The test points a record of this plan reads (none for a cleaning or a plain maintenance)."""
    with read_session(engine) as session:
        stored = session.execute(select(MaintenancePlan.test_points).where(MaintenancePlan.key == plan_key)).scalar()
    return points_of(stored or [])
