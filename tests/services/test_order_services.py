"""Taking a watch in and assigning it to a bench, on real SQLite files."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.orders.reception import OrderDraft, create_order, set_order_bench
from atelier_tui.services.transfer.refs import battery_names
from atelier_tui.services.transfer.workshop_file import WorkshopFileError, export_workshop, import_workshop
from atelier_tui.store.models import AuditEvent, Bench, OrderIntervention, RepairOrder, Staff
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

ADMIN = Actor(login="reception", role="admin")
LEAD = Actor(login="lead", role="lead")
TECHNICIAN = Actor(login="cmartin", role="technician")


def quartz(**typed) -> OrderDraft:  # type: ignore[no-untyped-def]
    values = {"brand": "Tissot", "model": "PRX", "calibre": "ETA F06.115", "interventions": ["battery_change"],
              "deadline": "2026-12-15", **typed}
    return OrderDraft(**values)


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(model)).one()  # type: ignore[return-value]
                     for model in (RepairOrder, OrderIntervention, AuditEvent))


def stored(engine, reference: str) -> RepairOrder:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(RepairOrder).where(RepairOrder.reference == reference)).one()


def refused(engine, draft: OrderDraft, actor: Actor = ADMIN) -> ServiceError:  # type: ignore[no-untyped-def]
    before = counts(engine)
    with pytest.raises(ServiceError) as error:
        create_order(engine, actor, FIXED_NOW, draft)
    assert counts(engine) == before  # nothing written
    return error.value


def test_a_new_order_takes_the_next_reference_of_the_year_and_is_audited(small_workshop) -> None:
    first = create_order(small_workshop, ADMIN, FIXED_NOW, quartz())
    second = create_order(small_workshop, ADMIN, FIXED_NOW, quartz(customer_ref="C-12"))
    assert (first, second) == ("OR-2026-0001", "OR-2026-0002")
    order = stored(small_workshop, first)
    assert order.received_on == FIXED_NOW.date() and order.deadline == date(2026, 12, 15)
    assert (order.movement_kind, order.level, order.status, order.luminous) == ("quartz", 1, "received", "none")
    with Session(small_workshop) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.entity_key == first)).one()
    assert (event.action, event.actor, event.entity) == ("order.create", "reception", "repair_order")
    assert event.after["interventions"] == ["battery_change"]


def test_a_typed_reference_is_kept_and_may_not_be_taken_twice(small_workshop) -> None:
    assert create_order(small_workshop, ADMIN, FIXED_NOW, quartz(reference="R-77")) == "R-77"
    error = refused(small_workshop, quartz(reference="R-77"))
    assert error.field == "reference" and "'R-77'" in str(error)


def test_the_battery_read_on_the_old_cell_resolves_by_alias_or_iec_code(small_workshop) -> None:
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, quartz(battery="377"))
    assert stored(small_workshop, reference).battery == "377"  # kept as read on the cell
    with Session(small_workshop) as session:
        assert battery_names(session)["377"] == {"battery_sr626sw"}
    create_order(small_workshop, ADMIN, FIXED_NOW, quartz(battery="sr626sw"))


def test_an_unknown_battery_is_refused_naming_the_field(small_workshop) -> None:
    error = refused(small_workshop, quartz(battery="999"))
    assert error.field == "battery"
    assert str(error).startswith("battery: '999' is not a battery in the catalog")


def test_a_battery_for_a_mechanical_watch_is_refused(small_workshop) -> None:
    error = refused(small_workshop, quartz(calibre="eta_2824_2", interventions=["full_service_automatic"], battery="377"))
    assert error.field == "battery" and "automatic" in str(error)


def test_a_kinetic_watch_is_taken_in_with_the_rechargeable_cell_read_on_it(small_workshop) -> None:
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, quartz(calibre="Seiko 5M85A", battery="MT920"))
    order = stored(small_workshop, reference)
    assert (order.movement_kind, order.battery) == ("kinetic", "MT920")
    solar = create_order(small_workshop, ADMIN, FIXED_NOW, quartz(calibre="", movement_kind="solar", battery="CTL1616"))
    assert stored(small_workshop, solar).movement_kind == "solar"


@pytest.mark.parametrize(("typed", "bar", "text"), [
    ("5 bar", 5.0, "5 bar"), ("50 m", 5.0, "50 m"), ("100M", 10.0, "100M"), ("3 ATM", 3.0, "3 ATM"),
    ("water resistant", None, "water resistant"),
])
def test_water_resistance_is_stored_in_bar_and_as_marked(small_workshop, typed: str, bar: float | None, text: str) -> None:
    order = stored(small_workshop, create_order(small_workshop, ADMIN, FIXED_NOW, quartz(water_resistance=typed)))
    assert (order.water_resistance_bar, order.water_resistance_text) == (bar, text)


def test_lengths_are_stored_in_mm_whatever_unit_was_typed(small_workshop) -> None:
    draft = quartz(case_diameter="17.75 ligne", gasket_inner_diameter="28,5 mm", gasket_section="0.6 mm", lug_width="2 cm")
    order = stored(small_workshop, create_order(small_workshop, ADMIN, FIXED_NOW, draft))
    assert (order.case_diameter_mm, order.gasket_inner_diameter_mm, order.gasket_section_mm, order.lug_width_mm) == (
        40.04045, 28.5, 0.6, 20.0)


BAD_DRAFTS = [
    ({"case_diameter": "38 bar"}, "case_diameter", "case_diameter: '38 bar' is a pressure; expected a length (mm)"),
    ({"case_diameter": "38"}, "case_diameter", "case_diameter: '38' has no unit; expected a length (mm)"),
    ({"gasket_section": "-1 mm"}, "gasket_section", "gasket_section: '-1 mm' must be more than zero"),
    ({"water_resistance": "10 kg"}, "water_resistance", "water_resistance: '10 kg' is a mass"),
    ({"calibre": "eta_9999"}, "calibre", "calibre: 'eta_9999' is not in the catalog"),
    ({"movement_kind": "automatic"}, "movement_kind", "movement_kind: 'automatic' does not match calibre ETA F06.115"),
    ({"calibre": "", "movement_kind": ""}, "movement_kind", "movement_kind: not given and no calibre"),
    ({"movement_kind": "tourbillon"}, "movement_kind",
     "movement_kind: 'tourbillon' is not one of manual, automatic, quartz, kinetic, solar"),
    ({"interventions": ["regilding"]}, "interventions", "interventions: 'regilding' is not in the catalog"),
    ({"interventions": []}, "interventions", "interventions: none given"),
    ({"interventions": ["battery_change", "battery_change"]}, "interventions", "interventions: 'battery_change' is listed twice"),
    ({"deadline": ""}, "deadline", "deadline: nothing given; expected a date (YYYY-MM-DD)"),
    ({"deadline": "15/12/2026"}, "deadline", "deadline: '15/12/2026' is not a date; expected YYYY-MM-DD"),
    ({"received_on": "2026-12-01"}, "received_on", "received_on: '2026-12-01' is in the future"),
    ({"level": "4"}, "level", "level: '4' is not a technical level; expected 1, 2 or 3"),
    ({"luminous": "glow"}, "luminous", "luminous: 'glow' is not one of none, luminova, tritium, radium, unknown"),
    ({"brand": " "}, "brand", "brand: nothing given"),
    ({"bench": "B-9"}, "bench", "bench: 'B-9' is not a bench code"),
    ({"technician": "nobody"}, "technician", "technician: 'nobody' is not a staff login"),
    ({"site": "LYON"}, "site", "site: 'LYON' is not a site code"),
]


@pytest.mark.parametrize(("typed", "field", "message"), BAD_DRAFTS, ids=[entry[2][:40] for entry in BAD_DRAFTS])
def test_each_bad_value_is_refused_naming_its_field_and_nothing_is_written(
    small_workshop, typed: dict, field: str, message: str  # type: ignore[no-untyped-def]
) -> None:
    error = refused(small_workshop, quartz(**typed))
    assert error.field == field
    assert str(error).startswith(message)


def test_an_intervention_that_does_not_accept_the_movement_kind_is_refused(small_workshop) -> None:
    error = refused(small_workshop, quartz(calibre="eta_2824_2", interventions=["full_service_automatic", "battery_change"]))
    assert error.field == "interventions"
    assert str(error) == "interventions: 'battery_change' does not apply to automatic movements; it applies to quartz, kinetic, solar"


def test_a_deadline_before_reception_is_refused(small_workshop) -> None:
    error = refused(small_workshop, quartz(received_on="2026-11-20", deadline="2026-11-19"))
    assert error.field == "deadline"
    assert "'2026-11-19' is before the reception on 2026-11-20" in str(error)
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, quartz(received_on="2026-11-20", deadline="2026-11-20"))
    assert stored(small_workshop, reference).received_on == date(2026, 11, 20)


def test_the_calibre_is_found_by_key_or_reference_in_any_case(small_workshop) -> None:
    for typed in ("eta 2824-2", "ETA_2824_2"):
        draft = quartz(calibre=typed, interventions=["full_service_automatic"])
        order = stored(small_workshop, create_order(small_workshop, ADMIN, FIXED_NOW, draft))
        assert order.movement_kind == "automatic" and order.level >= 2  # the service's own level


def test_an_order_can_be_taken_in_on_a_bench_with_its_technician(small_workshop) -> None:
    reference = create_order(small_workshop, LEAD, FIXED_NOW, quartz(bench="B-QUARTZ", technician="cmartin", vintage=True))
    order = stored(small_workshop, reference)
    with Session(small_workshop) as session:
        bench = session.exec(select(Bench).where(Bench.code == "B-QUARTZ")).one()
        staff = session.exec(select(Staff).where(Staff.login == "cmartin")).one()
    assert (order.bench_id, order.technician_id, order.site_id, order.vintage) == (bench.id, staff.id, bench.site_id, True)
    error = refused(small_workshop, quartz(bench="B-QUARTZ"), actor=TECHNICIAN)
    assert error.field == "bench"
    assert create_order(small_workshop, TECHNICIAN, FIXED_NOW, quartz())  # a technician takes watches in


def test_set_order_bench_moves_the_order_bumps_its_version_and_is_audited(small_workshop) -> None:
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, quartz())
    set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, "B-QUARTZ", "cmartin")
    set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, "B-MECA")  # the technician stays
    order = stored(small_workshop, reference)
    with Session(small_workshop) as session:
        meca = session.exec(select(Bench).where(Bench.code == "B-MECA")).one()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "order.set_bench").order_by(AuditEvent.id)).all()
    assert order.bench_id == meca.id and order.technician_id is not None and order.version == 3
    assert len(events) == 2 and events[1].before["bench_id"] != events[1].after["bench_id"]
    with pytest.raises(ServiceError, match="nothing to change"):
        set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, "B-MECA")
    set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, None)
    assert stored(small_workshop, reference).bench_id is None


def test_set_order_bench_refusals(small_workshop) -> None:
    reference = create_order(small_workshop, ADMIN, FIXED_NOW, quartz())
    with pytest.raises(ServiceError, match="only a lead"):
        set_order_bench(small_workshop, TECHNICIAN, FIXED_NOW, reference, "B-QUARTZ")
    with pytest.raises(ServiceError, match="'OR-2026-0999' is not an order"):
        set_order_bench(small_workshop, LEAD, FIXED_NOW, "OR-2026-0999", "B-QUARTZ")
    with pytest.raises(ServiceError, match="'B-9' is not a bench code"):
        set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, "B-9")
    with Session(small_workshop) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference)).one()
        order.status = "in_progress"
        session.add(order)
        session.commit()
    with pytest.raises(WorkshopRefusal, match="is in progress; its bench cannot change now"):  # the status in words
        set_order_bench(small_workshop, LEAD, FIXED_NOW, reference, "B-QUARTZ")


def test_the_workshop_file_keeps_the_battery_and_a_water_resistant_mark(small_workshop, other_catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    create_order(small_workshop, LEAD, FIXED_NOW, quartz(battery="377", water_resistance="water resistant", bench="B-QUARTZ"))
    create_order(small_workshop, ADMIN, FIXED_NOW, quartz())
    first = export_workshop(small_workshop)
    assert first.count('battery = "377"') == 1  # an empty battery is left out
    assert 'water_resistance = "water resistant"' in first
    other = other_catalogued_engine
    import_workshop(other, first, "export.toml", ADMIN, FIXED_NOW)
    assert export_workshop(other) == first
    assert stored(other, "OR-2026-0001").battery == "377"
    with pytest.raises(WorkshopFileError) as error:
        import_workshop(other, first.replace('battery = "377"', 'battery = "999"'), "bad.toml", ADMIN, FIXED_NOW)
    assert len(error.value.errors) == 1
    assert "battery '999' is not a battery in the catalog" in error.value.errors[0]
