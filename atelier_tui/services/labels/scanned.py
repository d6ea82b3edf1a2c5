"""What a scanned label names: the text a scanner types is the key its code holds (an asset tag, a
bench or store location code, or supply/lot), looked up in that order."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from atelier_tui.services.labels.contents import BENCH, LOCATION, LOT, LOT_KEY_SEPARATOR, TOOL
from atelier_tui.store.engine import CheckedSession as Session
from atelier_tui.store.models import Bench, Location, Lot, SupplyType, Tool


@dataclass(frozen=True)
class Scanned:
    kind: str  # tool | bench | location | lot
    key: str
    name: str = ""  # a store location's name (it has no screen of its own: the workstation says it)


def scanned_object(engine: Engine, text: str) -> Scanned | None:
    with Session(engine) as session:
        if session.execute(select(Tool.id).where(Tool.asset_tag == text)).first():
            return Scanned(TOOL, text)
        if session.execute(select(Bench.id).where(Bench.code == text)).first():
            return Scanned(BENCH, text)
        location = session.execute(select(Location.name).where(Location.code == text)).scalar()
        if location is not None:
            return Scanned(LOCATION, text, location)
        supply_key, separator, number = text.partition(LOT_KEY_SEPARATOR)
        if separator and session.execute(select(Lot.id).join(SupplyType, SupplyType.id == Lot.supply_type_id)
                                         .where(SupplyType.key == supply_key, Lot.lot_number == number)).first():
            return Scanned(LOT, text)
    return None
