"""What the intake and assignment forms offer: the catalog's calibres (with the grades their
tolerances define) and interventions, the benches of the order's own site, and only the people who
can be given work (active staff, never a gateway account)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from atelier_tui.services.context import ServiceError
from atelier_tui.services.orders.choices import assignment_choices, intake_choices
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Bench, RepairOrder, Site, Staff


def test_intake_offers_the_catalog_with_each_calibres_grades(demo_engine: Engine) -> None:
    choices = intake_choices(demo_engine)
    calibres = {calibre.key: calibre for calibre in choices.calibres}
    assert calibres["eta_2824_2"].reference == "ETA 2824-2" and calibres["eta_2824_2"].movement_kind == "automatic"
    assert set(calibres["eta_2824_2"].grades) == {"standard", "elabore", "top", "chronometer"}
    interventions = {i.key: i for i in choices.interventions}
    assert interventions["battery_change"].name_en == "Battery change" and interventions["battery_change"].movement_kinds


def test_assignment_offers_the_orders_site_benches_and_people_who_can_be_given_work(demo_engine: Engine) -> None:
    with write_session(demo_engine) as session:
        session.execute(select(Staff).where(Staff.login == "mpetit")).scalar_one().active = False
        site_id = session.execute(select(RepairOrder.site_id).where(RepairOrder.reference == "OR-2026-0010")).scalar_one()
        session.add(Staff(site_id=site_id, login="ssh-gate", display_name="Gateway", role="gateway"))
        other = Site(code="ANNEX", name="Annex")
        session.add(other)
        session.flush()
        session.add(Bench(site_id=other.id, code="AX-01", name="Annex bench"))
    choices = assignment_choices(demo_engine, "OR-2026-0010")
    logins = {person.login for person in choices.people}
    assert {"cmartin", "tmoreau", "slefevre"} <= logins and not {"mpetit", "ssh-gate"} & logins
    codes = [bench.code for bench in choices.benches]
    assert "AX-01" not in codes and codes == sorted(codes) and codes
    with read_session(demo_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-2026-0010")).scalar_one()
        bench = session.get(Bench, order.bench_id) if order.bench_id else None
    assert choices.bench == (bench.code if bench else None)


def test_assignment_of_an_unknown_order_is_refused_naming_it(demo_engine: Engine) -> None:
    with pytest.raises(ServiceError, match="reference: 'OR-NONE' is not an order"):
        assignment_choices(demo_engine, "OR-NONE")
