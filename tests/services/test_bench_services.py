"""A bench's page, and the lead's changes to benches: who works there, open or closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.i18n import set_language
from atelier_tui.services.audit.trail import list_events
from atelier_tui.services.benches.changes import assign_technician, clear_technician, set_bench_status
from atelier_tui.services.benches.queries import bench_detail, list_staff
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import AuditEvent, Bench, ChecklistRun, ChecklistTemplate, RepairOrder, Site, Staff
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()
LEAD = Actor(login="lead", role="lead")


def technician_of(engine, code: str) -> str | None:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.exec(
            select(Staff.login).join(Bench, Bench.technician_id == Staff.id).where(Bench.code == code)
        ).first()


def bench_events(engine) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return list(session.exec(
            select(AuditEvent.action, AuditEvent.entity_key).where(AuditEvent.entity == "bench").order_by(AuditEvent.id)
        ).all())


def test_bench_detail_shows_its_tools_todays_checklists_and_the_order_in_progress(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")
    with write_session(small_workshop) as session:
        site_id = session.exec(select(Site.id)).one()
        bench_id = session.exec(select(Bench.id).where(Bench.code == "B-QUARTZ")).one()
        claire_id = session.exec(select(Staff.id).where(Staff.login == "cmartin")).one()
        template_id = session.exec(select(ChecklistTemplate.id).where(ChecklistTemplate.key == "bench_opening")).one()
        for reference, status in (("OR-1", "in_progress"), ("OR-2", "ready")):
            session.add(RepairOrder(reference=reference, site_id=site_id, received_on=TODAY, deadline=TODAY,
                                    bench_id=bench_id, status=status))
        yesterday = FIXED_NOW - timedelta(days=1)
        session.add_all([
            ChecklistRun(template_id=template_id, bench_id=bench_id, run_by_id=claire_id, run_date=TODAY,
                         started_at=FIXED_NOW, signed_at=FIXED_NOW, passed=True),
            ChecklistRun(template_id=template_id, bench_id=bench_id, run_by_id=claire_id, run_date=yesterday.date(),
                         started_at=yesterday, signed_at=yesterday, passed=False),
        ])
    detail = bench_detail(small_workshop, "B-QUARTZ", TODAY)
    assert (detail.code, detail.name, detail.status, detail.features) == ("B-QUARTZ", "Quartz", "open", ("esd",))
    assert (detail.technician, detail.technician_login) == ("Claire Martin", "cmartin")
    assert [(t.asset_tag, t.maintenance) for t in detail.tools] == [("AT-0002", "due")]  # strap never tested
    (run,) = detail.checklist_runs
    assert (run.template_key, run.name_fr, run.passed, run.signed, run.run_by) == (
        "bench_opening", "Ouverture du poste de travail", True, True, "Claire Martin")
    assert detail.current_order.reference == "OR-1"
    assert bench_detail(small_workshop, "B-NOPE", TODAY) is None
    meca = bench_detail(small_workshop, "B-MECA", TODAY)
    assert (meca.technician, meca.tools, meca.checklist_runs, meca.current_order) == (None, [], [], None)


def test_assigning_a_technician_is_audited_and_moves_them_from_their_other_bench(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")
    assert technician_of(small_workshop, "B-QUARTZ") == "cmartin"
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-MECA", "cmartin")
    assert (technician_of(small_workshop, "B-MECA"), technician_of(small_workshop, "B-QUARTZ")) == ("cmartin", None)
    clear_technician(small_workshop, LEAD, FIXED_NOW, "B-MECA")
    assert technician_of(small_workshop, "B-MECA") is None
    assert bench_events(small_workshop) == [
        ("assign_technician", "B-QUARTZ"), ("unassign_technician", "B-QUARTZ"), ("assign_technician", "B-MECA"),
        ("unassign_technician", "B-MECA"),
    ]
    # why B-QUARTZ was freed is kept as data (the bench moved to), worded in each reader's language
    def freed_reasons() -> list[str]:
        events = list_events(small_workshop, LEAD, entity="bench", key="B-QUARTZ")
        return [row.reason for row in events if row.event.action == "unassign_technician"]

    assert freed_reasons() == ["moved to bench B-MECA"]
    set_language("fr")
    try:
        assert freed_reasons() == ["affecté au poste B-MECA"]
    finally:
        set_language("en")


def test_assigning_an_unknown_login_is_refused_and_changes_nothing(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")
    before = bench_events(small_workshop)
    with pytest.raises(ServiceError, match="login 'ghost': no such person"):
        assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "ghost")
    assert technician_of(small_workshop, "B-QUARTZ") == "cmartin"
    assert bench_events(small_workshop) == before
    with pytest.raises(ServiceError, match="bench 'B-NOPE': no such bench"):
        assign_technician(small_workshop, LEAD, FIXED_NOW, "B-NOPE", "cmartin")
    with pytest.raises(ServiceError, match="already has Claire Martin"):
        assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")


def test_only_a_lead_assigns_technicians(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="may not assign technicians to benches: this needs lead / admin"):
        assign_technician(small_workshop, Actor("cmartin", "technician"), FIXED_NOW, "B-QUARTZ", "cmartin")
    assert technician_of(small_workshop, "B-QUARTZ") is None


def test_setting_the_bench_status(small_workshop) -> None:  # type: ignore[no-untyped-def]
    set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-MECA", "maintenance")
    with read_session(small_workshop) as session:
        bench = session.exec(select(Bench).where(Bench.code == "B-MECA")).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "set_bench_status")).one()
    assert (bench.status, bench.version) == ("maintenance", 2)
    assert (event.before["status"], event.after["status"], event.actor) == ("open", "maintenance", "lead")
    with pytest.raises(ServiceError, match="status: 'broken' is not one of open, closed, maintenance"):
        set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-MECA", "broken")
    with pytest.raises(ServiceError, match="bench 'B-NOPE': no such bench"):
        set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-NOPE", "closed")
    with pytest.raises(ServiceError, match="bench B-MECA: the status is already 'maintenance'"):
        set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-MECA", "maintenance")


def test_bench_refusals_speak_the_interface_language(small_workshop) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.i18n import set_language

    set_language("fr")
    with pytest.raises(ServiceError, match="poste B-MECA\u202f: le statut est déjà 'open'"):
        set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-MECA", "open")
    with pytest.raises(ServiceError, match="identifiant 'nobody'\u202f: personne inconnue"):
        assign_technician(small_workshop, LEAD, FIXED_NOW, "B-MECA", "nobody")


def test_a_technician_may_close_only_their_own_bench(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")
    claire = Actor("cmartin", "technician")
    set_bench_status(small_workshop, claire, FIXED_NOW, "B-QUARTZ", "closed")
    with pytest.raises(ServiceError, match="only change the status of their own bench"):
        set_bench_status(small_workshop, claire, FIXED_NOW, "B-MECA", "closed")
    with read_session(small_workshop) as session:
        statuses = dict(session.exec(select(Bench.code, Bench.status)).all())
    assert statuses == {"B-QUARTZ": "closed", "B-MECA": "open"}


def test_list_staff_by_name_active_only(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:
        site_id = session.exec(select(Site.id)).one()
        session.add(Staff(site_id=site_id, login="gone", display_name="Alain Parti", role="technician", active=False))
    staff = list_staff(small_workshop)
    assert [(s.login, s.display_name, s.role, s.level) for s in staff] == [
        ("cmartin", "Claire Martin", "technician", 2), ("lead", "Luc Lead", "lead", 3),
    ]
    with read_session(small_workshop) as session:
        assert session.exec(select(func.count()).select_from(Staff)).one() == 3


def test_a_bench_form_saved_over_a_newer_change_is_refused_naming_who(small_workshop) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.common.edit_conflicts import ChangedMeanwhile

    shown = bench_detail(small_workshop, "B-QUARTZ", FIXED_NOW.date())  # the lead's screen
    assert shown is not None
    assign_technician(small_workshop, Actor("chief", "admin"), FIXED_NOW, "B-QUARTZ", "cmartin")  # another terminal
    with pytest.raises(ChangedMeanwhile, match=r"^B-QUARTZ was changed by chief at .* \(assign_technician\)"):
        set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "closed", shown.version)
    again = bench_detail(small_workshop, "B-QUARTZ", FIXED_NOW.date())
    assert again is not None and again.status == "open" and again.technician_login == "cmartin"
    set_bench_status(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "closed", again.version)  # looked again: saved
