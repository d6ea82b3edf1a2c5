"""What a person picks from when taking a watch in or assigning an order: the catalog's calibres
and interventions, the workshop's benches and the staff who can be given work. Read only; the
services that write (reception.py) check every pick again."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import select

from atelier_tui.domain.measurements import grades_defined
from atelier_tui.domain.vocabulary import Role
from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import Bench, Calibre, InterventionType, RepairOrder, Staff


@dataclass(frozen=True)
class CalibreChoice:
    key: str
    reference: str
    name_en: str
    name_fr: str
    movement_kind: str
    grades: tuple[str, ...]  # the grades its tolerances define (none: judged by its own tolerances only)


@dataclass(frozen=True)
class InterventionChoice:
    key: str
    name_en: str
    name_fr: str
    movement_kinds: tuple[str, ...]  # empty: any movement
    level: int


@dataclass(frozen=True)
class IntakeChoices:
    calibres: list[CalibreChoice]
    interventions: list[InterventionChoice]


@dataclass(frozen=True)
class BenchChoice:
    code: str
    name: str


@dataclass(frozen=True)
class PersonChoice:
    login: str
    display_name: str
    role: str


@dataclass(frozen=True)
class AssignmentChoices:
    reference: str
    bench: str | None  # the order's bench and technician now
    technician: str | None  # login
    benches: list[BenchChoice]  # at the order's site
    people: list[PersonChoice]  # active staff who may be given work


def intake_choices(engine: Engine) -> IntakeChoices:
    with read_session(engine) as session:
        calibres = [CalibreChoice(c.key, c.reference, c.name_en, c.name_fr, c.movement_kind, tuple(grades_defined(c.tolerances)))
                    for c in session.exec(select(Calibre).order_by(Calibre.reference, Calibre.key))]
        interventions = [InterventionChoice(i.key, i.name_en, i.name_fr, tuple(i.movement_kinds), i.level)
                         for i in session.exec(select(InterventionType).order_by(InterventionType.key))]
    return IntakeChoices(calibres, interventions)


def assignment_choices(engine: Engine, reference: str) -> AssignmentChoices:
    with read_session(engine) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference.strip())).first()
        if order is None:
            raise ServiceError(_("reference: '{given}' is not an order").format(given=reference.strip()), field="reference")
        bench = session.get(Bench, order.bench_id) if order.bench_id is not None else None
        technician = session.get(Staff, order.technician_id) if order.technician_id is not None else None
        benches = [BenchChoice(b.code, b.name) for b in session.exec(
            select(Bench).where(Bench.site_id == order.site_id).order_by(Bench.code))]
        people = [PersonChoice(s.login, s.display_name, s.role) for s in session.exec(
            select(Staff).where(Staff.active, Staff.role != Role.GATEWAY).order_by(Staff.display_name, Staff.login))]
        return AssignmentChoices(order.reference, bench.code if bench else None, technician.login if technician else None,
                                 benches, people)
