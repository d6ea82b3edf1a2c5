"""Properties of the verdict over many generated workshops: `ready` is exactly "no blocking
finding", and bringing one more tool or lot to the bench never makes a ready bench unready."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from atelier_tui.domain.inventory import LotView, ToolView
from atelier_tui.wording import finding_message, verdict_document
from tests.support.readiness_world import BENCH, TODAY, World, calibration, lot, tool

CAPABILITIES = ["case_opening", "tweezers_non_conductive", "water_resistance_test"]
SUPPLIES = ["battery_sr920sw", "battery_sr626sw", "gasket_280x060", "gasket_grease"]
PLACES = [(BENCH, None), (None, "C1"), (None, "C2"), ("ME-01", None)]
STATUSES = ["in_service", "in_service", "in_service", "out_of_service", "in_maintenance"]
PLAN_STATES = [None, ("ok", 200), ("due_soon", 3), ("due", -1), ("overdue", -20)]


@st.composite
def tools(draw: st.DrawFn, tag: str) -> ToolView:
    bench, location = draw(st.sampled_from(PLACES))
    plan = draw(st.sampled_from(PLAN_STATES))
    plans = (calibration(plan[0], TODAY + timedelta(days=plan[1])),) if plan else ()
    return tool(tag, draw(st.sampled_from(CAPABILITIES)), bench=bench, location=location, status=draw(st.sampled_from(STATUSES)),
                attributes={"max_pressure": draw(st.sampled_from([2.0, 5.0, 10.0]))}, plans=plans)


@st.composite
def lots(draw: st.DrawFn, number: str) -> LotView:
    bench, location = draw(st.sampled_from(PLACES))
    expiry = draw(st.sampled_from([None, -5, 10, 400]))
    return lot(number, draw(st.sampled_from(SUPPLIES)), draw(st.sampled_from([0.005, 1, 3])), bench=bench, location=location,
               expires_on=TODAY + timedelta(days=expiry) if expiry is not None else None,
               reserved=draw(st.sampled_from([0, 0, 0.005])))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    world = World()
    world.tools = [draw(tools(f"AT-{i}")) for i in range(draw(st.integers(0, 7)))]
    world.lots = [draw(lots(f"L-{i}")) for i in range(draw(st.integers(0, 6)))]
    pressure = draw(st.sampled_from([None, 3.0, 10.0]))
    world.with_order(water_resistance_bar=pressure, water_resistance_text=f"{pressure} bar" if pressure else "",
                     battery=draw(st.sampled_from(["", "377"])))
    return world


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_ready_exactly_when_no_finding_blocks(world: World) -> None:
    verdict = world.verdict()
    assert verdict.ready == (not any(f.blocking for f in verdict.findings))
    assert verdict_document(verdict)["ready"] == verdict.ready


@settings(max_examples=200, deadline=None)
@given(worlds(), st.data())
def test_bringing_a_tool_to_the_bench_never_makes_it_unready(world: World, data: st.DataObject) -> None:
    before = world.verdict()
    extra = data.draw(tools("AT-NEW"))
    world.tools.append(ToolView(extra.asset_tag, extra.name_en, extra.name_fr, extra.capabilities, extra.attributes,
                                extra.status, BENCH, None, extra.plans))
    after = world.verdict()
    if before.ready:
        assert after.ready, [finding_message(f) for f in after.blocking]
    assert len(after.blocking) <= len(before.blocking)


@settings(max_examples=200, deadline=None)
@given(worlds(), st.data())
def test_more_stock_never_makes_a_bench_unready(world: World, data: st.DataObject) -> None:
    before = world.verdict()
    world.lots.append(data.draw(lots("L-NEW")))
    after = world.verdict()
    if before.ready:
        assert after.ready, [finding_message(f) for f in after.blocking]
