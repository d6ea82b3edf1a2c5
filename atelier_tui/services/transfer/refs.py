"""The names a workshop file or spreadsheet may refer to: catalog keys (read once per import) and
the workshop's own human keys (kept current while the import creates rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from atelier_tui.domain.measurements import grades_defined
from atelier_tui.i18n import N_, _
from atelier_tui.store.models import (
    AttributeDefinition,
    Bench,
    Calibre,
    InterventionType,
    Location,
    Lot,
    MaintenancePlan,
    Site,
    Staff,
    SupplyAlias,
    SupplyType,
    Tool,
    ToolType,
)

# What a reference error calls each kind of row.
LABELS = {"site": N_("site"), "location": N_("location"), "staff": N_("staff login"), "bench": N_("bench"), "tool": N_("tool")}


@dataclass(frozen=True)
class Supply:
    id: int
    key: str
    stock_unit: str


@dataclass(frozen=True)
class ExistingLot:
    id: int
    quantity_micro: int
    reserved_micro: int


@dataclass
class Catalog:
    tool_types: dict[str, int]
    calibres: dict[str, int]
    interventions: dict[str, int]
    attribute_units: dict[str, str]
    supplies: dict[str, Supply]
    # Lower-cased alias or IEC code -> the supply keys it may mean (battery charts disagree).
    supply_names: dict[str, set[str]]
    lots: dict[tuple[int, str], ExistingLot]
    # Lower-cased key, IEC code or alias -> the battery keys it may mean (an order's `battery`).
    batteries: dict[str, set[str]] = field(default_factory=dict)
    # Calibre id -> the grades its tolerances define (an order's `grade`).
    calibre_grades: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # The keys of the catalog's plans (of a tool type): a tool's own plan may not take one.
    type_plans: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session) -> Catalog:
        supplies = {row.key: Supply(row.id, row.key, row.stock_unit) for row in session.exec(select(SupplyType))}
        names: dict[str, set[str]] = {}
        key_of = {supply.id: supply.key for supply in supplies.values()}
        for row in session.exec(select(SupplyType).where(SupplyType.iec_code.is_not(None))):
            names.setdefault(row.iec_code.lower(), set()).add(row.key)
        for alias in session.exec(select(SupplyAlias)):
            names.setdefault(alias.alias.lower(), set()).add(key_of[alias.supply_type_id])
        lots = {
            (row.supply_type_id, row.lot_number): ExistingLot(row.id, row.quantity_micro, row.reserved_micro)
            for row in session.exec(select(Lot))
        }
        return cls(
            tool_types=dict(session.exec(select(ToolType.key, ToolType.id)).all()),
            calibres=dict(session.exec(select(Calibre.key, Calibre.id)).all()),
            interventions=dict(session.exec(select(InterventionType.key, InterventionType.id)).all()),
            attribute_units=dict(session.exec(select(AttributeDefinition.key, AttributeDefinition.unit)).all()),
            supplies=supplies,
            supply_names=names,
            lots=lots,
            batteries=battery_names(session),
            calibre_grades={row.id: grades_defined(row.tolerances) for row in session.exec(select(Calibre)) if row.id is not None},
            type_plans=set(session.exec(select(MaintenancePlan.key).where(MaintenancePlan.tool_id.is_(None))).all()),
        )

    def find_supply(self, name: str) -> tuple[Supply | None, str]:
        """A supply by key, else by alias or IEC code ('371', 'SR920SW'); the second value is the
        refusal when there is no single answer."""
        if name in self.supplies:
            return self.supplies[name], ""
        keys = sorted(self.supply_names.get(name.strip().lower(), ()))
        if len(keys) == 1:
            return self.supplies[keys[0]], ""
        if keys:
            return None, _("supply '{given}' could be {keys}; write the key").format(given=name, keys=_(" or ").join(keys))
        return None, _("supply '{given}' is not in the catalog").format(given=name)


def battery_names(session: Session) -> dict[str, set[str]]:
    """What people write for a cell: its catalog key, IEC code ('SR626SW') or 3-digit alias
    ('377'), lower-cased -> the keys of the battery supply types it may mean."""
    names: dict[str, set[str]] = {}
    key_of: dict[int, str] = {}
    for row in session.exec(select(SupplyType).where(SupplyType.category == "battery")):
        key_of[row.id] = row.key
        for name in (row.key, row.iec_code):
            if name:
                names.setdefault(name.lower(), set()).add(row.key)
    for alias in session.exec(select(SupplyAlias).where(SupplyAlias.supply_type_id.in_(list(key_of)))):
        names.setdefault(alias.alias.lower(), set()).add(key_of[alias.supply_type_id])
    return names


@dataclass
class WorkshopKeys:
    """Human key -> row id, and which site each location and bench belongs to."""

    ids: dict[str, dict[str, int]]
    site_of: dict[tuple[str, str], str] = field(default_factory=dict)
    # Asset tag -> the bench code a stored tool is on (None: in the store): what a spreadsheet row,
    # which has no bench column, leaves as it is.
    tool_benches: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> WorkshopKeys:
        site_codes = dict(session.exec(select(Site.id, Site.code)).all())
        keys = cls(ids={
            "site": {code: id_ for id_, code in site_codes.items()},
            "location": {}, "staff": {}, "bench": {}, "tool": {},
        })
        for model, kind, column in ((Location, "location", "code"), (Bench, "bench", "code"), (Staff, "staff", "login")):
            for row in session.exec(select(model)):
                keys.add(kind, getattr(row, column), row.id, site_codes.get(row.site_id, ""))
        keys.ids["tool"] = {tag: id_ for id_, tag in session.exec(select(Tool.id, Tool.asset_tag))}
        bench_codes = {id_: code for code, id_ in keys.ids["bench"].items()}
        keys.tool_benches = {tag: bench_codes.get(bench_id) if bench_id is not None else None
                             for tag, bench_id in session.exec(select(Tool.asset_tag, Tool.bench_id))}
        return keys

    def add(self, kind: str, key: str, row_id: int, site_code: str = "") -> None:
        if kind in self.ids:
            self.ids[kind][key] = row_id
            self.site_of[(kind, key)] = site_code

    def id(self, kind: str, key: str) -> int:
        return self.ids[kind][key]

    def exists(self, kind: str, key: str) -> bool:
        return key in self.ids[kind]
