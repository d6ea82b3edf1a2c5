"""What a label carries: the object's key (what its code encodes and what the scanner types back),
and the words printed beside the code. Names are kept in both catalog languages: the printing
picks the interface's. Nothing here formats for a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, or_, select

from atelier_tui.i18n import _
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import CheckedSession as Session
from atelier_tui.store.models import Bench, Location, Lot, SupplyType, Tool, ToolType

# The kinds of label, as the command line and the audit name them.
TOOL, LOT, BENCH, LOCATION = "tool", "lot", "bench", "location"
LABEL_KINDS = (TOOL, LOT, BENCH, LOCATION)
LOT_KEY_SEPARATOR = "/"  # a lot is known by its supply's key and its number: `supply/lot` (as the palette does)


@dataclass(frozen=True)
class ToolLabel:
    key: str  # the asset tag
    type_name_en: str
    type_name_fr: str
    small: bool = False  # its type is too small for a QR label: a Micro QR code on any layout


@dataclass(frozen=True)
class LotLabel:
    key: str  # supply key / lot number
    supply_name_en: str
    supply_name_fr: str
    lot_number: str
    expires_on: date | None
    hazards: tuple[str, ...]


@dataclass(frozen=True)
class PlaceLabel:
    """A bench or a store location: its code, and its name as the workshop wrote it."""

    key: str
    name: str


Label = ToolLabel | LotLabel | PlaceLabel


def lot_key(supply_key: str, lot_number: str) -> str:
    return f"{supply_key}{LOT_KEY_SEPARATOR}{lot_number}"


def label_contents(engine: Engine, actor: Actor, kind: str, keys: Sequence[str]) -> list[Label]:
    """The labels of the objects named, in the order given (a key named twice prints twice).
    Refused whole, naming the first key that names nothing, before anything is printed."""
    require(actor, "label.print")
    readers = {TOOL: _tools, LOT: _lots, BENCH: _benches, LOCATION: _locations}
    if kind not in readers:
        raise ServiceError(_("label kind '{kind}': expected one of {kinds}").format(
            kind=kind, kinds=", ".join(readers)), field="kind")
    with Session(engine) as session:
        found = readers[kind](session, sorted(set(keys)))
    for key in keys:
        if key not in found:
            raise ServiceError(_unknown(kind, key), field="keys")
    return [found[key] for key in keys]


def _unknown(kind: str, key: str) -> str:
    if kind == TOOL:
        return _("asset tag '{tag}': no such tool").format(tag=key)
    if kind == LOT:
        return _("lot '{key}': no such lot (write it supply/lot number)").format(key=key)
    if kind == BENCH:
        return _("bench '{code}': no such bench").format(code=key)
    return _("store location '{code}': no such location").format(code=key)


def _tools(session: Session, keys: list[str]) -> dict[str, Label]:
    rows = session.execute(select(Tool.asset_tag, ToolType.name_en, ToolType.name_fr, ToolType.small)
                        .join(ToolType, ToolType.id == Tool.tool_type_id).where(Tool.asset_tag.in_(keys))).all()
    return {tag: ToolLabel(tag, name_en, name_fr, bool(small)) for tag, name_en, name_fr, small in rows}


def _lots(session: Session, keys: list[str]) -> dict[str, Label]:
    wanted = [key.partition(LOT_KEY_SEPARATOR) for key in keys]
    supply_keys = {supply for supply, _sep, number in wanted if number}
    numbers = {number for _supply, _sep, number in wanted if number}
    if not supply_keys:
        return {}
    rows = session.execute(select(SupplyType.key, SupplyType.name_en, SupplyType.name_fr, SupplyType.hazards, Lot.lot_number,
                               Lot.expires_on)
                        .join(SupplyType, SupplyType.id == Lot.supply_type_id)
                        .where(SupplyType.key.in_(supply_keys), Lot.lot_number.in_(numbers))).all()
    found: dict[str, Label] = {}
    for supply_key, name_en, name_fr, hazards, number, expires_on in rows:
        key = lot_key(supply_key, number)
        found[key] = LotLabel(key, name_en, name_fr, number, expires_on, tuple(hazards or ()))
    return found


def _benches(session: Session, keys: list[str]) -> dict[str, Label]:
    rows = session.execute(select(Bench.code, Bench.name).where(Bench.code.in_(keys))).all()
    return {code: PlaceLabel(code, name) for code, name in rows}


def _locations(session: Session, keys: list[str]) -> dict[str, Label]:
    rows = session.execute(select(Location.code, Location.name).where(Location.code.in_(keys))).all()
    return {code: PlaceLabel(code, name) for code, name in rows}


def tools_of_bench(engine: Engine, actor: Actor, bench_code: str) -> list[str]:
    """The asset tags of every tool of a bench: those whose home it is and those checked out to it
    now, in asset-tag order. Refused for an unknown bench."""
    require(actor, "label.print")
    with Session(engine) as session:
        bench_id = session.execute(select(Bench.id).where(Bench.code == bench_code)).scalar()
        if bench_id is None:
            raise ServiceError(_("bench '{code}': no such bench").format(code=bench_code), field="bench")
        return list(session.execute(select(Tool.asset_tag)
                                 .where(or_(Tool.home_bench_id == bench_id, Tool.bench_id == bench_id))
                                 .order_by(Tool.asset_tag)).scalars())
