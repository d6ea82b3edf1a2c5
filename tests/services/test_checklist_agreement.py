"""The verdict and the checklist runner read a checklist's conditions from one rule (issue 17
item 9): a checklist the verdict asks for is one the runner, opened as the remedy opens it, says
the work calls for, and one the verdict does not ask for is one the runner says it does not."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from atelier_tui.services.checklists.runs import checklist_form
from atelier_tui.services.readiness.check import check_order
from atelier_tui.services.readiness.requirement_source import load_catalog, order_interventions, requirements_of
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Bench, RepairOrder
from tests.conftest import FIXED_NOW


def test_every_demo_order_and_the_runner_agree_on_which_checklists_its_work_calls_for(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        snapshot = load_catalog(session)
        orders = session.execute(select(RepairOrder, Bench.code).join(Bench, Bench.id == RepairOrder.bench_id)
                                 .order_by(RepairOrder.reference)).all()
        asked_and_listed = []
        for order, bench in orders:
            asked = {need.key for need in requirements_of(session, order, snapshot).checklists}
            listed = {key for intervention in order_interventions(session, order.id, snapshot) for key in intervention.checklists}
            asked_and_listed.append((order.reference, bench, asked, listed))
    compared = 0
    for reference, bench, asked, listed in asked_and_listed:
        for key in listed:
            form = checklist_form(engine, key, bench, reference)
            assert (form.template_unmet == ()) == (key in asked), (reference, key, form.template_unmet)
            compared += 1
    assert compared > 20 and any("quartz_esd" in asked for *_rest, asked, _listed in asked_and_listed)
    engine.dispose()


def test_every_checklist_remedy_opens_a_run_the_work_calls_for_with_items_to_answer(demo_db: Path) -> None:
    """In the demo, OR-2026-0011 was NO-GO because "Quartz and ESD work" had not been run, and its
    remedy opened that checklist saying the work did not call for it."""
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        references = session.execute(select(RepairOrder.reference).where(RepairOrder.bench_id.is_not(None))).scalars().all()
    remedies = []
    for reference in references:
        verdict = check_order(engine, reference, None, FIXED_NOW, FIXED_NOW.date())
        remedies += [(verdict.bench, f.remedy) for f in verdict.blocking if f.remedy is not None and f.remedy.action == "run_checklist"]
    assert "quartz_esd" in {remedy.checklist for _bench, remedy in remedies}
    for bench, remedy in remedies:
        assert remedy.checklist is not None
        form = checklist_form(engine, remedy.checklist, bench, remedy.order)
        assert form.template_unmet == (), (remedy.order, remedy.checklist)
        assert any(item.applies and item.mandatory and item.answer is None for item in form.items)
    engine.dispose()
