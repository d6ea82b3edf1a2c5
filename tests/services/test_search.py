"""The command palette: an exact code first, then what starts with the text, then what contains it."""

from __future__ import annotations

import pytest
from sqlmodel import select

from atelier_tui.services.context import Actor
from atelier_tui.services.overview.search import search
from atelier_tui.services.stock import ledger as stock
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import RepairOrder, Site, Tool, ToolType
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()
LEAD = Actor(login="lead", role="lead")


def hits(engine, text: str, limit: int = 20) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(hit.kind, hit.key) for hit in search(engine, text, limit)]


def add_orders(engine) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        site_id = session.exec(select(Site.id)).one()
        session.add_all([
            RepairOrder(reference="OR-2026-0001", site_id=site_id, brand="Tissot", model="PR 100", customer_ref="CLI-501",
                        received_on=TODAY, deadline=TODAY),
            RepairOrder(reference="OR-2026-00012", site_id=site_id, brand="Longines", model="Conquest",
                        received_on=TODAY, deadline=TODAY),
        ])


def test_a_scanned_asset_tag_finds_that_tool_first(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:
        site_id = session.exec(select(Site.id)).one()
        type_id = session.exec(select(ToolType.id).where(ToolType.key == "screwdriver_100")).one()
        session.add_all([Tool(asset_tag=f"AT-0001{n}", tool_type_id=type_id, site_id=site_id) for n in range(5)])
    found = search(small_workshop, "AT-0001")
    assert (found[0].kind, found[0].key, found[0].label_en) == ("tool", "AT-0001", "Timegrapher (rate tester)")
    assert [key for _, key in hits(small_workshop, "AT-0001")] == ["AT-0001", "AT-00010", "AT-00011", "AT-00012", "AT-00013", "AT-00014"]
    assert hits(small_workshop, "at-0003")[0] == ("tool", "AT-0003")  # whatever the case


def test_finds_a_tool_by_its_type_name_in_either_language(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assert hits(small_workshop, "vibrographe") == [("tool", "AT-0001")]
    assert hits(small_workshop, "controleur d'etancheite") == [("tool", "AT-0003")]
    (strap,) = search(small_workshop, "wrist strap")
    assert (strap.key, strap.label_fr) == ("AT-0002", "Bracelet antistatique avec résistance de 1 MΩ")


def test_finds_an_order_by_reference_brand_or_customer(small_workshop) -> None:  # type: ignore[no-untyped-def]
    add_orders(small_workshop)
    assert hits(small_workshop, "OR-2026-0001") == [("order", "OR-2026-0001"), ("order", "OR-2026-00012")]
    assert hits(small_workshop, "tissot") == [("order", "OR-2026-0001")]
    assert hits(small_workshop, "CLI-501") == [("order", "OR-2026-0001")]
    assert search(small_workshop, "longines")[0].label_en == "Longines Conquest"


def test_finds_benches_by_code_and_name(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assert hits(small_workshop, "b-meca")[0] == ("bench", "B-MECA")
    assert ("bench", "B-MECA") in hits(small_workshop, "mechanical")


def test_finds_supplies_by_alias_and_lots_by_number(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LEAD, FIXED_NOW, "battery_sr920sw", "L-371-A", "5 piece", "C1")
    found = hits(small_workshop, "371")
    assert found[0] == ("supply", "battery_sr920sw")  # the alias is exact
    assert ("lot", "battery_sr920sw/L-371-A") in found
    lot = next(hit for hit in search(small_workshop, "L-371-A") if hit.kind == "lot")
    assert lot.label_fr == "Pile oxyde d'argent SR920SW (371)"
    assert hits(small_workshop, "huile synthetique moebius 9010") == [("supply", "moebius_9010")]


def test_exact_codes_come_before_partial_matches_of_other_kinds(small_workshop) -> None:  # type: ignore[no-untyped-def]
    stock.receive_lot(small_workshop, LEAD, FIXED_NOW, "rodico", "B-MECA-2", "1 piece", "C1")
    assert hits(small_workshop, "B-MECA") == [("bench", "B-MECA"), ("lot", "rodico/B-MECA-2")]


def test_nothing_typed_nothing_found_and_the_limit_holds(small_workshop) -> None:  # type: ignore[no-untyped-def]
    assert search(small_workshop, "   ") == []
    assert len(search(small_workshop, "a", limit=5)) == 5
    assert search(small_workshop, "zzzz-nothing") == []
