"""The shipped catalog's rules a technician would change (issue 16): parts replaced only if
needed, protective equipment, press-die inspection as a step, the regulation's tools, the
missing maintenance plans and the chemical QHSE items. Checked on the catalog itself, so that an
edit that brings an error back fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs
from atelier_tui.services.context import SYSTEM
from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import InterventionType
from tests.support.fixed_time import FIXED_NOW


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    bundle = read_catalogs([SHIPPED_CATALOGS])
    assert bundle.ok, [str(e) for e in bundle.errors]
    return bundle.entries


def _supply_needs(shipped, intervention: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return shipped["intervention"][intervention]["supplies"]


# --- Conditional requirements ------------------------------------------------------------------

def test_the_gasket_of_a_battery_change_and_the_mainspring_of_a_full_service_are_if_needed(shipped) -> None:  # type: ignore[no-untyped-def]
    [gasket] = [s for s in _supply_needs(shipped, "battery_change") if s.get("category") == "gasket"]
    assert gasket["need"] == "if_needed"
    for service in ("full_service_mechanical", "full_service_automatic"):
        [spring] = [s for s in _supply_needs(shipped, service) if s.get("from") == "calibre.mainspring"]
        assert spring["need"] == "if_needed", service


def test_a_gasket_replacement_and_a_cell_are_always_needed(shipped) -> None:  # type: ignore[no-untyped-def]
    assert all(s["need"] == "always" for s in _supply_needs(shipped, "gasket_replacement"))
    [cell] = [s for s in _supply_needs(shipped, "battery_change") if s.get("from") == "calibre.battery"]
    assert cell["need"] == "always"


def test_an_import_stores_the_need_over_an_existing_workshop(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    import_catalogs(catalogued_engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    with read_session(catalogued_engine) as session:
        battery = session.exec(select(InterventionType).where(InterventionType.key == "battery_change")).one()
    assert [s["need"] for s in battery.supply_requirements if s.get("category") == "gasket"] == ["if_needed"]


def test_an_unknown_need_is_refused_with_its_line(catalogued_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[intervention]]\nkey = "odd_job"\nname_en = "Odd job"\nname_fr = "Travail bizarre"\nlevel = 1\n'
                   'estimated_duration = "10 min"\n\n[[intervention.supplies]]\nsupply = "finger_cots"\n'
                   'quantity = "1 piece"\nneed = "sometimes"\n', encoding="utf-8")
    with pytest.raises(CatalogImportError) as caught:
        import_catalogs(catalogued_engine, [bad], SYSTEM, FIXED_NOW)
    assert f"{bad}:11: need: 'sometimes' is not one of always, if_needed" in caught.value.errors
