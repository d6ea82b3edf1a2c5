"""The command palette's search: one box that finds a bench, a tool, a supply, a lot or an order
by what people type or a scanner sends.

An exact code (asset tag, bench code, order reference, lot number, supply key or alias) comes
first, then codes and names that start with the text, then those that merely contain it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, false, func, or_, select
from sqlalchemy.orm import Session

from atelier_tui.domain.vocabulary import LotStatus
from atelier_tui.services.common.paging import any_contains, fold
from atelier_tui.services.common.substring import indexed_contains
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import Bench, Lot, RepairOrder, SupplyAlias, SupplyType, Tool, ToolType

KINDS = ("bench", "tool", "order", "lot", "supply")  # the order of kinds among equal matches
EXACT, PREFIX, CONTAINS = 0, 1, 2


@dataclass(frozen=True)
class Hit:
    kind: str  # bench | tool | supply | lot | order
    key: str  # what opens it: bench code, asset tag, supply key, "supply key/lot number", order reference
    label_en: str
    label_fr: str


def _rank(session: Session, code: Any, others: list[Any], text: str, prefix_extra: Any = None) -> Any:
    """SQL rank of a row: its code is the text, or a column starts with it, or not."""
    starts = any_contains(session, [code, *others], text, starting=True)
    if prefix_extra is not None:
        starts = or_(starts, prefix_extra)
    return case((func.lower(code) == text.lower(), EXACT), (starts, PREFIX), else_=CONTAINS)


def _ranked(session: Session, query: Any, rank: Any, code: Any, limit: int) -> Sequence[Any]:
    return session.execute(query.add_columns(rank.label("rank")).order_by(rank, func.length(code), code).limit(limit)).all()


def _benches(session: Session, text: str, limit: int) -> list[tuple[int, Hit]]:
    rank = _rank(session, Bench.code, [Bench.name], text)
    query = select(Bench.code, Bench.name).where(any_contains(session, [Bench.code, Bench.name], text))
    return [(r.rank, Hit("bench", r.code, r.name, r.name)) for r in _ranked(session, query, rank, Bench.code, limit)]


def _type_ids(session: Session, text: str) -> tuple[list[int], list[int]]:
    """Tool types whose name contains the text, and those whose name starts with it (folded:
    SQLite cannot ignore accents)."""
    wanted = fold(text)
    contains, starts = [], []
    for type_id, *names in session.execute(select(ToolType.id, ToolType.name_en, ToolType.name_fr)):
        folded = [fold(name) for name in names]
        if any(wanted in name for name in folded):
            contains.append(type_id)
        if any(name.startswith(wanted) for name in folded):
            starts.append(type_id)
    return contains, starts


def _tools(session: Session, text: str, limit: int) -> list[tuple[int, Hit]]:
    contains, starts = _type_ids(session, text)
    rank = _rank(session, Tool.asset_tag, [], text, Tool.tool_type_id.in_(starts) if starts else false())
    query = (
        select(Tool.asset_tag, ToolType.name_en, ToolType.name_fr)
        .join(ToolType, ToolType.id == Tool.tool_type_id)
        .where(or_(indexed_contains(session, Tool, [Tool.asset_tag], text), Tool.tool_type_id.in_(contains) if contains else false()))
    )
    return [(r.rank, Hit("tool", r.asset_tag, r.name_en, r.name_fr)) for r in _ranked(session, query, rank, Tool.asset_tag, limit)]


def _orders(session: Session, text: str, limit: int) -> list[tuple[int, Hit]]:
    others = [RepairOrder.brand, RepairOrder.customer_ref]
    rank = _rank(session, RepairOrder.reference, others, text)
    query = select(RepairOrder.reference, RepairOrder.brand, RepairOrder.model).where(
        indexed_contains(session, RepairOrder, [RepairOrder.reference, *others], text)
    )
    return [
        (r.rank, Hit("order", r.reference, f"{r.brand} {r.model}".strip(), f"{r.brand} {r.model}".strip()))
        for r in _ranked(session, query, rank, RepairOrder.reference, limit)
    ]


def _lots(session: Session, text: str, limit: int) -> list[tuple[int, Hit]]:
    rank = _rank(session, Lot.lot_number, [], text)
    query = (
        select(Lot.lot_number, SupplyType.key, SupplyType.name_en, SupplyType.name_fr)
        .join(SupplyType, SupplyType.id == Lot.supply_type_id)
        .where(Lot.status != LotStatus.DISPOSED, indexed_contains(session, Lot, [Lot.lot_number], text))
    )
    return [
        (r.rank, Hit("lot", f"{r.key}/{r.lot_number}", r.name_en, r.name_fr))
        for r in _ranked(session, query, rank, Lot.lot_number, limit)
    ]


def _supplies(session: Session, text: str) -> list[tuple[int, Hit]]:
    # The supply catalog is small: ranked in Python, where accents fold ('huile' finds 'Huile').
    wanted = fold(text)
    aliases: dict[int, list[str]] = {}
    for supply_id, alias in session.execute(select(SupplyAlias.supply_type_id, SupplyAlias.alias)):
        aliases.setdefault(supply_id, []).append(alias)
    hits = []
    for supply_id, key, iec_code, name_en, name_fr in session.execute(
        select(SupplyType.id, SupplyType.key, SupplyType.iec_code, SupplyType.name_en, SupplyType.name_fr)
    ):
        codes = [fold(code) for code in (key, iec_code or "", *aliases.get(supply_id, ())) if code]
        names = [fold(name_en), fold(name_fr)]
        if wanted in codes:
            rank = EXACT
        elif any(value.startswith(wanted) for value in (*codes, *names)):
            rank = PREFIX
        elif any(wanted in value for value in (*codes, *names)):
            rank = CONTAINS
        else:
            continue
        hits.append((rank, Hit("supply", key, name_en, name_fr)))
    return hits


def search(engine: Engine, text: str, limit: int = 20) -> list[Hit]:
    """Up to `limit` hits, best first: exact codes, then prefixes, then the rest; among equals,
    benches, tools, orders, lots, then supplies, each by code."""
    text = text.strip()
    if not text:
        return []
    with read_session(engine) as session:
        found = [
            *_benches(session, text, limit), *_tools(session, text, limit), *_orders(session, text, limit),
            *_lots(session, text, limit), *_supplies(session, text),
        ]
    found.sort(key=lambda ranked: (ranked[0], KINDS.index(ranked[1].kind), len(ranked[1].key), ranked[1].key))
    return [hit for _, hit in found[:limit]]
