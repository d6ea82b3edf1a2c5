"""Running checklists on real SQLite: facts decide the items, refusals, sign-off freezes the run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.i18n import set_language
from atelier_tui.services.checklists.runs import (
    ItemRefused,
    answer_item,
    answer_new_run,
    bench_runs,
    checklist_form,
    open_run_id,
    run_checklist,
    run_detail,
    sign_off,
    start_run,
)
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    AuditEvent,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    InterventionType,
    OrderIntervention,
    RepairOrder,
    Site,
)
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

CLAIRE = Actor(login="cmartin", role="technician")
LUC = Actor(login="lead", role="lead")
TODAY = FIXED_NOW.date()


def add_order(engine, reference: str, interventions: tuple[str, ...] = (), **watch) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site_id = session.exec(select(Site.id)).one()
        order = RepairOrder(reference=reference, site_id=site_id, received_on=TODAY, deadline=TODAY, **watch)
        session.add(order)
        session.flush()
        for position, key in enumerate(interventions):
            type_id = session.exec(select(InterventionType.id).where(InterventionType.key == key)).one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=type_id, position=position))


def mandatory_ok(engine, template: str, bench: str, order: str | None = None) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    form = checklist_form(engine, template, bench, order)
    return {item.key: ("ok", "") for item in form.items if item.applies and item.mandatory}


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        runs, answers = (session.exec(select(func.count()).select_from(table)).one() for table in (ChecklistRun, ChecklistAnswer))
        events = session.exec(select(func.count()).where(AuditEvent.entity == "checklist_run")).one()
    return runs, answers, events


def applying(sheet) -> set[str]:  # type: ignore[no-untyped-def]
    return {item.key for item in sheet.items if item.applies}


def test_quartz_work_calls_for_the_esd_checklist_and_its_quartz_items(small_workshop) -> None:  # type: ignore[no-untyped-def]
    add_order(small_workshop, "OR-Q", ("battery_change",), movement_kind="quartz")
    alone = checklist_form(small_workshop, "quartz_esd", "B-QUARTZ")
    # A run for the bench alone names no work: it does not claim the work does not call for it.
    assert (alone.facts, alone.template_unmet) == (("esd",), ())
    with_order = checklist_form(small_workshop, "quartz_esd", "B-QUARTZ", "OR-Q")
    assert with_order.template_unmet == ()
    assert {"esd", "electronics", "movement:quartz"} <= set(with_order.facts)
    final = checklist_form(small_workshop, "final_quality_control", "B-QUARTZ", "OR-Q")
    assert {"quartz_rate_current", "battery_recorded"} <= applying(final)
    assert "rate_within_tolerance" not in applying(final)


def test_a_vintage_watch_brings_the_luminous_items(small_workshop) -> None:  # type: ignore[no-untyped-def]
    add_order(small_workshop, "OR-RA", vintage=True, luminous="radium", movement_kind="manual")
    add_order(small_workshop, "OR-PLAIN", vintage=True, luminous="none", movement_kind="manual")
    vintage = checklist_form(small_workshop, "vintage_luminous", "B-MECA", "OR-RA")
    assert {"lume_dust_cleanup", "luminous_checked"} <= applying(vintage)
    radium = checklist_form(small_workshop, "radioactive_luminous", "B-MECA", "OR-RA")
    assert {"radium_ppe", "contamination_check", "sealed_bags", "no_blower_on_lume"} <= applying(radium)
    assert "gtls_intact" not in applying(radium)
    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "vintage_luminous", "B-MECA", "OR-PLAIN")
    plain = {item.key: item for item in run_detail(small_workshop, run_id).items}
    assert (plain["lume_dust_cleanup"].answer, plain["lume_dust_cleanup"].reason) == ("not_applicable", "condition not met: luminous material")
    # the run stores no sentence for it: a French reader reads why in French
    with read_session(small_workshop) as session:
        stored = session.execute(select(ChecklistAnswer.reason).join(ChecklistItem, ChecklistItem.id == ChecklistAnswer.item_id)
                                 .where(ChecklistAnswer.run_id == run_id, ChecklistItem.key == "lume_dust_cleanup")).scalar_one()
    assert stored == ""
    set_language("fr")
    try:
        french = {item.key: item for item in run_detail(small_workshop, run_id).items}
    finally:
        set_language("en")
    assert french["lume_dust_cleanup"].reason == "condition non remplie\u202f: matière luminescente"
    assert plain["luminous_checked"].answer is None


def test_an_order_checklist_needs_an_order_and_names_are_checked(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="kept per repair order") as refused:
        start_run(small_workshop, CLAIRE, FIXED_NOW, "final_quality_control", "B-MECA")
    assert refused.value.field == "order"
    for args, message in ((("nope", "B-MECA"), "checklist 'nope'"), (("bench_opening", "B-X"), "bench 'B-X'"),
                          (("bench_opening", "B-MECA", "OR-404"), "order 'OR-404'")):
        with pytest.raises(ServiceError, match=message):
            start_run(small_workshop, CLAIRE, FIXED_NOW, *args)
    with pytest.raises(ServiceError, match="not registered as staff"):
        start_run(small_workshop, Actor(login="visitor"), FIXED_NOW, "bench_opening", "B-MECA")
    assert counts(small_workshop) == (0, 0, 0)


def test_required_items_cannot_be_not_applicable_and_reasons_are_required(small_workshop) -> None:  # type: ignore[no-untyped-def]
    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA")
    with pytest.raises(ItemRefused, match="'bench_wiped' is required: it cannot be not applicable"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "bench_wiped", "not_applicable", "no time")
    with pytest.raises(ItemRefused, match="not ok needs a reason") as refused:
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "bench_wiped", "not_ok")
    assert refused.value.field == "reason"
    with pytest.raises(ItemRefused, match="not applicable needs a reason"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "no_food_at_bench", "not_applicable")
    # Asked of each watch, in its order's checklist (order_preparation), not of the bench every day.
    with pytest.raises(ItemRefused, match="'mainspring_let_down': not in checklist bench_opening"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "mainspring_let_down", "ok")
    with pytest.raises(ItemRefused, match="'hands_clean': not in checklist bench_opening"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "hands_clean", "ok")
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "no_food_at_bench", "not_applicable", "kitchen is upstairs")
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "bench_wiped", "not_ok", "no alcohol left")
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "bench_wiped", "ok")  # changed once alcohol was found
    items = {item.key: item for item in run_detail(small_workshop, run_id).items}
    assert (items["bench_wiped"].answer, items["bench_wiped"].reason) == ("ok", "")
    assert (items["no_food_at_bench"].answer, items["no_food_at_bench"].reason) == ("not_applicable", "kitchen is upstairs")


def test_signing_with_an_unanswered_required_item_is_refused_and_names_it(small_workshop) -> None:  # type: ignore[no-untyped-def]
    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA")
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "instruments_in_calibration", "ok")
    with pytest.raises(ItemRefused, match="item 'lubricants_in_date' and 6 other critical or required items are not answered"):
        sign_off(small_workshop, CLAIRE, FIXED_NOW, run_id)
    assert run_detail(small_workshop, run_id).signed_at is None


def test_the_sign_off_check_refuses_as_signing_would_and_writes_nothing(small_workshop) -> None:  # type: ignore[no-untyped-def]
    """Issue 17, item 10: the screen checks before it asks "sign?", so a yes is never followed by a refusal."""
    from atelier_tui.services.checklists.runs import check_sign_off

    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA")
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "instruments_in_calibration", "ok")
    before = counts(small_workshop)
    with pytest.raises(ItemRefused, match="item 'lubricants_in_date' and 6 other critical or required items are not answered") as left:
        check_sign_off(small_workshop, CLAIRE, run_id)
    assert (left.value.field, left.value.item_key) == ("item", "lubricants_in_date")
    with pytest.raises(ServiceError, match="only they can answer and sign it"):
        check_sign_off(small_workshop, LUC, run_id)
    for key in mandatory_ok(small_workshop, "bench_opening", "B-MECA"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, key, "ok")
    between = counts(small_workshop)
    assert check_sign_off(small_workshop, CLAIRE, run_id) is None
    assert counts(small_workshop) == between != before and run_detail(small_workshop, run_id).signed_at is None


def test_sign_off_freezes_the_run(small_workshop) -> None:  # type: ignore[no-untyped-def]
    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA")
    for key in mandatory_ok(small_workshop, "bench_opening", "B-MECA"):
        answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, key, "ok")
    signed = sign_off(small_workshop, CLAIRE, FIXED_NOW + timedelta(minutes=5), run_id)
    assert (signed.passed, signed.failed) == (True, ())
    later = FIXED_NOW + timedelta(minutes=6)
    with pytest.raises(ServiceError, match=f"run {run_id} was signed off at 2026-11-27 09:35 UTC by Claire Martin: it is frozen"):
        answer_item(small_workshop, CLAIRE, later, run_id, "bench_wiped", "not_ok", "spilled oil")
    with pytest.raises(ServiceError, match="frozen"):
        sign_off(small_workshop, CLAIRE, later, run_id)
    detail = run_detail(small_workshop, run_id)
    assert (detail.passed, detail.signed_at, detail.run_by) == (True, FIXED_NOW + timedelta(minutes=5), "Claire Martin")
    with read_session(small_workshop) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity == "checklist_run").order_by(AuditEvent.id)).all()
    assert actions[0] == "start_checklist" and actions[-1] == "sign_checklist" and actions.count("answer_checklist_item") == 8


def test_a_failed_run_then_a_later_passing_run(small_workshop) -> None:  # type: ignore[no-untyped-def]
    answers = mandatory_ok(small_workshop, "bench_opening", "B-MECA")
    failing = {**answers, "lighting_adequate": ("not_ok", "450 lx measured"), "no_food_at_bench": ("not_ok", "a cup of tea")}
    first = run_checklist(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA", None, failing)
    assert (first.passed, first.failed) == (False, ("lighting_adequate",))
    second = run_checklist(small_workshop, CLAIRE, FIXED_NOW + timedelta(hours=1), "bench_opening", "B-MECA", None,
                           {**answers, "no_food_at_bench": ("not_ok", "a cup of tea")})
    assert second.passed  # an optional item found not ok does not fail the run
    assert [(run.template_key, run.signed, run.passed) for run in bench_runs(small_workshop, "B-MECA", TODAY)] == [
        ("bench_opening", True, False), ("bench_opening", True, True)]
    assert bench_runs(small_workshop, "B-MECA", TODAY + timedelta(days=1)) == []


def test_a_scripted_run_with_one_bad_answer_writes_nothing(small_workshop) -> None:  # type: ignore[no-untyped-def]
    answers = {**mandatory_ok(small_workshop, "bench_opening", "B-MECA"), "hands_washed": ("not_ok", " ")}
    with pytest.raises(ItemRefused) as refused:
        run_checklist(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA", None, answers)
    assert refused.value.item_key == "hands_washed"
    del answers["tools_dressed"]
    answers["hands_washed"] = ("ok", "")
    with pytest.raises(ItemRefused, match="'tools_dressed' is not answered"):
        run_checklist(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA", None, answers)
    assert counts(small_workshop) == (0, 0, 0)


def test_the_screen_resumes_todays_unsigned_run_and_only_its_owner_answers_it(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assert open_run_id(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA") is None
    with pytest.raises(ItemRefused):
        answer_new_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA", None, "bench_wiped", "not_applicable", "x")
    assert counts(small_workshop) == (0, 0, 0)  # a refused first answer leaves no empty run
    run_id = answer_new_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA", None, "bench_wiped", "ok")
    assert open_run_id(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA") == run_id
    assert open_run_id(small_workshop, CLAIRE, FIXED_NOW + timedelta(days=1), "bench_opening", "B-MECA") is None
    assert open_run_id(small_workshop, LUC, FIXED_NOW, "bench_opening", "B-MECA") is None
    with pytest.raises(ServiceError, match="being run by Claire Martin"):
        answer_item(small_workshop, LUC, FIXED_NOW, run_id, "hands_washed", "ok")


def test_a_run_keeps_the_template_version_it_started_with(small_workshop) -> None:  # type: ignore[no-untyped-def]
    run_id = start_run(small_workshop, CLAIRE, FIXED_NOW, "bench_opening", "B-MECA")
    with write_session(small_workshop) as session:
        old = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.key == "bench_opening",
                                                            ChecklistTemplate.is_current)).one()
        old.is_current = False
        new = ChecklistTemplate(key="bench_opening", version=old.version + 1, name_en="Bench opening", name_fr="Ouverture",
                                scope="bench")
        session.add_all([old, new])
        session.flush()
        session.add(ChecklistItem(template_id=new.id, key="only_item", position=0, tag="Q", level="required", text_en="x", text_fr="x"))
    detail = run_detail(small_workshop, run_id)
    assert detail.template_version == old.version and "bench_wiped" in applying(detail)
    answer_item(small_workshop, CLAIRE, FIXED_NOW, run_id, "bench_wiped", "ok")
    assert [item.key for item in checklist_form(small_workshop, "bench_opening", "B-MECA").items] == ["only_item"]
