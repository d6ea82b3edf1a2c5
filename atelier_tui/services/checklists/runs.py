"""Running a QHSE checklist on a bench (and an order): start it, answer item by item, sign it off.

Each change is one audited transaction; `run_checklist` does a whole scripted run in one, so that
a bad answer leaves nothing behind. A run pins the template version it started with and the facts
that decided which items apply; once signed it is frozen. The rules are in domain/checklists.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from atelier_tui.domain import checklists as rules
from atelier_tui.domain.requirements import order_facts
from atelier_tui.domain.vocabulary import Answer, ItemLevel, Role
from atelier_tui.i18n import N_, _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.benches.queries import ChecklistRunRow, checklist_runs_on
from atelier_tui.services.checklists._measured import refuse_unmeasured_ok
from atelier_tui.services.common.paging import utc
from atelier_tui.services.common.rows_changed import rows_changed
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.services.readiness.requirement_source import load_catalog, order_interventions, order_spec
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    RepairOrder,
    Staff,
)
from atelier_tui.wording.app_reasons import condition_reason
from atelier_tui.wording.terms import words

_PROBLEMS = {
    rules.UNKNOWN_ANSWER: N_("item '{item}': '{answer}' is not one of ok, not_ok, not_applicable"),
    rules.DOES_NOT_APPLY: N_("item '{item}' does not apply to this run (condition not met: {conditions})"),
    rules.REASON_FOR_NOT_APPLICABLE: N_("item '{item}': not applicable needs a reason"),
    rules.REASON_FOR_NOT_OK: N_("item '{item}': not ok needs a reason: say what was found"),
}
_MANDATORY = {
    ItemLevel.CRITICAL: N_("item '{item}' is critical: it cannot be not applicable; answer ok or not ok"),
    ItemLevel.REQUIRED: N_("item '{item}' is required: it cannot be not applicable; answer ok or not ok"),
}


class ItemRefused(ServiceError):
    """A refusal about one item; `item_key` lets a script point at the line that gave it."""

    def __init__(self, message: str, item_key: str, field: str = "answer") -> None:
        super().__init__(message, field=field)
        self.item_key = item_key


@dataclass(frozen=True)
class ItemLine:
    key: str
    tag: str
    level: str
    text_en: str
    text_fr: str
    unmet: tuple[str, ...]  # conditions missing from the run's facts: the item does not apply
    answer: str | None  # ok | not_ok | not_applicable; None while unanswered
    reason: str

    @property
    def applies(self) -> bool:
        return not self.unmet

    @property
    def mandatory(self) -> bool:
        return self.level in rules.MANDATORY_LEVELS


@dataclass(frozen=True)
class ChecklistSheet:
    """A checklist as a screen shows it: a run (run_id set) or the form of one not started yet."""

    template_key: str
    template_version: int
    name_en: str
    name_fr: str
    scope: str
    bench_code: str
    order_reference: str | None
    facts: tuple[str, ...]
    template_unmet: tuple[str, ...]  # the checklist's own conditions not met: this work does not call for it
    items: list[ItemLine]
    run_id: int | None = None
    run_by: str | None = None
    started_at: datetime | None = None
    signed_at: datetime | None = None
    passed: bool | None = None


@dataclass(frozen=True)
class SignedRun:
    run_id: int
    passed: bool
    failed: tuple[str, ...]  # critical and required items found not ok




def _rule(item: ChecklistItem) -> rules.Item:
    return rules.Item(item.key, item.tag, item.level, item.text_en, item.text_fr, tuple(item.conditions or ()))


def _items(session: Session, template_id: int) -> dict[str, ChecklistItem]:
    found = session.execute(select(ChecklistItem).where(ChecklistItem.template_id == template_id).order_by(ChecklistItem.position))
    return {item.key: item for item in found.scalars()}


def _applicability(template: ChecklistTemplate, items: dict[str, ChecklistItem], bench_features: Iterable[str],
                   order_facts: Iterable[str] | None) -> rules.Applicability:
    return rules.applicability(template.conditions or (), [(key, item.conditions or ()) for key, item in items.items()],
                               bench_features, order_facts)


def _setting(session: Session, template_key: str, bench_code: str, order_ref: str | None):  # type: ignore[no-untyped-def]
    """The current template, the bench, the order and what the checklist asks of them (the
    facts a run of them is judged on)."""
    template = session.execute(select(ChecklistTemplate).where(
        ChecklistTemplate.key == template_key, ChecklistTemplate.is_current.is_(True))).scalar_one_or_none()
    if template is None:
        raise ServiceError(_("checklist '{key}': no such checklist").format(key=template_key), field="template")
    bench = session.execute(select(Bench).where(Bench.code == bench_code)).scalar_one_or_none()
    if bench is None:
        raise ServiceError(_("bench '{code}': no such bench").format(code=bench_code), field="bench")
    order = None
    if order_ref:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == order_ref)).scalar_one_or_none()
        if order is None:
            raise ServiceError(_("order '{ref}': no such repair order").format(ref=order_ref), field="order")
    elif template.scope == "order":
        raise ServiceError(_("checklist '{key}' is kept per repair order: give the order").format(key=template_key), field="order")
    brought = order_facts(order_spec(order), order_interventions(session, order.id, load_catalog(session))) if order else None
    return template, bench, order, _applicability(template, _items(session, template.id), bench.features or (), brought)


def _staff(session: Session, actor: Actor) -> Staff:
    staff = session.get(Staff, actor.staff_id) if actor.staff_id else None
    if staff is None:
        staff = session.execute(select(Staff).where(Staff.login == actor.login)).scalar_one_or_none()
    if staff is None or not staff.active or staff.role == Role.GATEWAY:
        raise ServiceError(_("{login} is not registered as staff: a checklist is run and signed by a person").format(login=actor.login))
    return staff


def _start(session: Session, actor: Actor, now: datetime, template_key: str, bench_code: str, order_ref: str | None) -> ChecklistRun:
    template, bench, order, asked = _setting(session, template_key, bench_code, order_ref)
    staff = _staff(session, actor)
    run = ChecklistRun(template_id=template.id, bench_id=bench.id, order_id=order.id if order else None, run_by_id=staff.id,
                       run_date=now.astimezone().date(), started_at=now, facts=list(asked.facts))
    session.add(run)
    session.flush()
    items = _items(session, template.id)
    for key, unmet in asked.items.items():
        if not unmet:
            continue
        # no reason stored: the conditions the run pinned (run.facts) say why, in each reader's language
        session.add(ChecklistAnswer(run_id=run.id, item_id=items[key].id, answer=Answer.NOT_APPLICABLE,
                                    reason="", answered_at=now))
    audit.record(session, actor, now, "start_checklist", "checklist_run", str(run.id), None, audit.snapshot(run))
    return run


def _changeable(session: Session, actor: Actor, run: ChecklistRun) -> None:
    owner = session.get_one(Staff, run.run_by_id)
    if run.signed_at is not None:
        raise ServiceError(_("checklist run {run} was signed off at {at} by {name}: it is frozen").format(
            run=run.id, at=f"{utc(run.signed_at):%Y-%m-%d %H:%M} UTC", name=owner.display_name))
    if owner.id != _staff(session, actor).id:
        raise ServiceError(_("checklist run {run} is being run by {name}: only they can answer and sign it").format(
            run=run.id, name=owner.display_name))


def _touch(session: Session, run: ChecklistRun, **values: object) -> None:
    """Bump the run's version, unless someone signed or changed it meanwhile."""
    changed = rows_changed(session,
        update(ChecklistRun)
        .where(ChecklistRun.id == run.id, ChecklistRun.version == run.version, ChecklistRun.signed_at.is_(None))
        .values(version=ChecklistRun.version + 1, **values)
    )
    if changed != 1:
        raise ServiceError(_("checklist run {run} was changed meanwhile: look at it again").format(run=run.id))
    session.refresh(run)


def _answer(session: Session, actor: Actor, now: datetime, run: ChecklistRun, items: dict[str, ChecklistItem],
            item_key: str, answer: str, reason: str) -> None:
    _changeable(session, actor, run)
    item = items.get(item_key)
    if item is None:
        template_key = session.get_one(ChecklistTemplate, run.template_id).key
        raise ItemRefused(_("item '{item}': not in checklist {key}").format(item=item_key, key=template_key), item_key, "item")
    rule = _rule(item)
    problem = rules.answer_problem(rule, run.facts, answer, reason)
    if problem == rules.MANDATORY_NOT_APPLICABLE:
        raise ItemRefused(_(_MANDATORY[ItemLevel(rule.level)]).format(item=item_key), item_key)
    if problem is not None:
        message = _(_PROBLEMS[problem]).format(item=item_key, answer=answer,
                                               conditions=words(rules.unmet_conditions(rule.conditions, run.facts)))
        raise ItemRefused(message, item_key, "reason" if problem in (rules.REASON_FOR_NOT_OK, rules.REASON_FOR_NOT_APPLICABLE) else "answer")
    if not rules.applies(rule, run.facts):
        return  # already recorded not applicable, with the missing conditions as its reason
    try:
        refuse_unmeasured_ok(session, run, item, answer)
    except ServiceError as refused:
        raise ItemRefused(str(refused), item_key) from None
    row = session.execute(select(ChecklistAnswer).where(ChecklistAnswer.run_id == run.id, ChecklistAnswer.item_id == item.id)).scalar_one_or_none()
    before = audit.snapshot(row)
    row = row or ChecklistAnswer(run_id=run.id, item_id=item.id, answer=answer, answered_at=now)
    row.answer, row.reason, row.answered_at = answer, reason.strip(), now
    session.add(row)
    session.flush()
    _touch(session, run)
    audit.record(session, actor, now, "answer_checklist_item", "checklist_run", f"{run.id}/{item_key}", before, audit.snapshot(row), reason.strip())


def _signable(session: Session, actor: Actor, run: ChecklistRun,
              items: dict[str, ChecklistItem]) -> tuple[list[rules.Item], dict[str, str]]:
    """The run's items and answers, once it is known that this person may sign it now; else the
    refusal signing would give."""
    _changeable(session, actor, run)
    keys = {item.id: key for key, item in items.items()}
    answers = {keys[row.item_id]: row.answer for row in session.execute(
        select(ChecklistAnswer).where(ChecklistAnswer.run_id == run.id)).scalars()}
    template = [_rule(item) for item in items.values()]
    missing = rules.unanswered_mandatory(template, run.facts, answers)
    if missing:
        left = (_("cannot sign off: item '{item}' is not answered") if len(missing) == 1 else
                _("cannot sign off: item '{item}' and {more} other critical or required items are not answered"))
        raise ItemRefused(left.format(item=missing[0].key, more=len(missing) - 1), missing[0].key, "item")
    return template, answers


def _sign(session: Session, actor: Actor, now: datetime, run: ChecklistRun, items: dict[str, ChecklistItem]) -> SignedRun:
    template, answers = _signable(session, actor, run, items)
    failed = tuple(item.key for item in rules.failed_items(template, run.facts, answers))
    before = audit.snapshot(run)
    _touch(session, run, signed_at=now, passed=not failed)
    audit.record(session, actor, now, "sign_checklist", "checklist_run", str(run.id), before, audit.snapshot(run),
                 ", ".join(failed))
    return SignedRun(run.id, not failed, failed)


def _run(session: Session, run_id: int) -> tuple[ChecklistRun, dict[str, ChecklistItem]]:
    run = session.get(ChecklistRun, run_id)
    if run is None:
        raise ServiceError(_("checklist run {run}: no such run").format(run=run_id))
    return run, _items(session, run.template_id)


def start_run(engine: Engine, actor: Actor, now: datetime, template_key: str, bench_code: str, order_ref: str | None = None) -> int:
    require(actor, "checklist.run")
    with write_session(engine) as session:
        return _start(session, actor, now, template_key, bench_code, order_ref).id


def answer_item(engine: Engine, actor: Actor, now: datetime, run_id: int, item_key: str, answer: str, reason: str = "") -> None:
    """Record or change one answer; refused once the run is signed."""
    require(actor, "checklist.run")
    with write_session(engine) as session:
        _answer(session, actor, now, *_run(session, run_id), item_key, answer, reason)


def answer_new_run(engine: Engine, actor: Actor, now: datetime, template_key: str, bench_code: str, order_ref: str | None,
                   item_key: str, answer: str, reason: str = "") -> int:
    """Start a run with its first answer, in one transaction: a refused first answer leaves no
    empty run behind (the screen starts a run only when someone answers)."""
    require(actor, "checklist.run")
    with write_session(engine) as session:
        run = _start(session, actor, now, template_key, bench_code, order_ref)
        _answer(session, actor, now, run, _items(session, run.template_id), item_key, answer, reason)
        return run.id


def check_sign_off(engine: Engine, actor: Actor, run_id: int) -> None:
    """Writes nothing: refuses as `sign_off` would (an item left, someone else's run, a signed
    one), so that a screen asks "sign?" only when signing can succeed."""
    require(actor, "checklist.run")
    with read_session(engine) as session:
        _signable(session, actor, *_run(session, run_id))


def sign_off(engine: Engine, actor: Actor, now: datetime, run_id: int) -> SignedRun:
    require(actor, "checklist.run")
    with write_session(engine) as session:
        return _sign(session, actor, now, *_run(session, run_id))


def run_checklist(engine: Engine, actor: Actor, now: datetime, template_key: str, bench_code: str, order_ref: str | None,
                  answers: dict[str, tuple[str, str]]) -> SignedRun:
    """A whole scripted run, signed, in one transaction: any refused answer writes nothing."""
    require(actor, "checklist.run")
    with write_session(engine) as session:
        run = _start(session, actor, now, template_key, bench_code, order_ref)
        items = _items(session, run.template_id)
        for item_key, (answer, reason) in answers.items():
            _answer(session, actor, now, run, items, item_key, answer, reason)
        return _sign(session, actor, now, run, items)


def _sheet(session: Session, template: ChecklistTemplate, bench_code: str, order_ref: str | None, asked: rules.Applicability,
           answers: dict[int, ChecklistAnswer], run: ChecklistRun | None = None) -> ChecklistSheet:
    lines = []
    for item in _items(session, template.id).values():
        unmet = asked.items[item.key]
        found = answers.get(item.id)
        answer, reason = (found.answer, found.reason) if found else ((Answer.NOT_APPLICABLE, "") if unmet else (None, ""))
        if answer == Answer.NOT_APPLICABLE and not reason and unmet:  # not asked: a person's "not applicable" has a reason
            reason = condition_reason(unmet)
        lines.append(ItemLine(item.key, item.tag, item.level, item.text_en, item.text_fr, unmet, answer, reason))
    sheet = ChecklistSheet(template.key, template.version, template.name_en, template.name_fr, template.scope, bench_code,
                           order_ref, asked.facts, asked.unmet, lines)
    if run is None:
        return sheet
    return replace(sheet, run_id=run.id, run_by=session.get_one(Staff, run.run_by_id).display_name, started_at=utc(run.started_at),
                   signed_at=utc(run.signed_at) if run.signed_at else None, passed=run.passed)


def checklist_form(engine: Engine, template_key: str, bench_code: str, order_ref: str | None = None) -> ChecklistSheet:
    """The current version of a checklist for this bench and order, nothing answered yet."""
    with read_session(engine) as session:
        template, _bench, _order, asked = _setting(session, template_key, bench_code, order_ref)
        return _sheet(session, template, bench_code, order_ref, asked, {})


def run_detail(engine: Engine, run_id: int) -> ChecklistSheet | None:
    """A run as it was answered, on the template version it pinned."""
    with read_session(engine) as session:
        run = session.get(ChecklistRun, run_id)
        if run is None:
            return None
        order = session.get(RepairOrder, run.order_id) if run.order_id else None
        answers = {row.item_id: row for row in session.execute(select(ChecklistAnswer).where(ChecklistAnswer.run_id == run.id)).scalars()}
        template = session.get_one(ChecklistTemplate, run.template_id)
        # The facts the run pinned: the bench's and, when run for an order, that order's.
        facts = tuple(run.facts or ())
        asked = _applicability(template, _items(session, template.id), facts, facts if order else None)
        return _sheet(session, template, session.get_one(Bench, run.bench_id).code, order.reference if order else None, asked, answers, run)


def open_run_id(engine: Engine, actor: Actor, now: datetime, template_key: str, bench_code: str, order_ref: str | None = None) -> int | None:
    """Today's unsigned run of this person for this checklist, bench and order: the one to resume."""
    require(actor, "checklist.run")
    query = (
        select(ChecklistRun.id)
        .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
        .join(Bench, Bench.id == ChecklistRun.bench_id)
        .join(Staff, Staff.id == ChecklistRun.run_by_id)
        .outerjoin(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
        .where(ChecklistTemplate.key == template_key, ChecklistTemplate.is_current.is_(True), Bench.code == bench_code,
               Staff.login == actor.login, ChecklistRun.run_date == now.astimezone().date(), ChecklistRun.signed_at.is_(None),
               RepairOrder.reference == order_ref if order_ref else ChecklistRun.order_id.is_(None))
        .order_by(ChecklistRun.id.desc())
    )
    with read_session(engine) as session:
        return session.execute(query).scalars().first()


def bench_runs(engine: Engine, bench_code: str, day: date) -> list[ChecklistRunRow]:
    """The runs on a bench that day, in the order they were started."""
    with read_session(engine) as session:
        bench_id = session.execute(select(Bench.id).where(Bench.code == bench_code)).scalar_one_or_none()
        if bench_id is None:
            raise ServiceError(_("bench '{code}': no such bench").format(code=bench_code), field="bench")
        return checklist_runs_on(session, bench_id, day)
