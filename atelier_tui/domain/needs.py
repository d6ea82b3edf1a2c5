"""What an order needs, as derived by `domain.requirements`: tool capabilities with bounds,
supplies with the supply types that serve them, checklists; each names a stable `requirement`
key that findings and the CLI's JSON refer to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class AttributeBound:
    """A bound taken from the watch stays None when the watch does not give it (see `unresolved`)."""
    attribute: str
    unit: str
    minimum: float | None
    maximum: float | None
    unresolved: tuple[str, ...] = ()
    name_en: str = ""
    name_fr: str = ""

    def admits(self, value: float | None) -> bool:
        if value is None:
            return self.minimum is None and self.maximum is None
        if self.minimum is not None and value < self.minimum - 1e-9:
            return False
        return self.maximum is None or value <= self.maximum + 1e-9


@dataclass(frozen=True)
class CapabilityNeed:
    key: str
    name_en: str
    name_fr: str
    count: int
    bounds: tuple[AttributeBound, ...]
    interventions: tuple[str, ...]

    @property
    def requirement(self) -> str:
        return f"capability:{self.key}"


# What can be wrong with the part an order names or its calibre gives; the first three block.
PART_PROBLEMS = (
    "unknown_name",                        # the catalog has no part of that name
    "primary_cell_in_rechargeable_watch",  # a silver-oxide or lithium cell in a kinetic or solar watch
    "rechargeable_cell_in_primary_watch",  # a secondary cell in a watch that takes a primary cell
    "not_the_calibres",                    # the order's cell is not the one the calibre takes
    "calibre_gives_none",                  # the calibre is known but the catalog names no part for it
)
BLOCKING_PART_PROBLEMS = frozenset(PART_PROBLEMS[:3])


@dataclass(frozen=True)
class SupplyNeed:
    source: str  # supply (a fixed key) | calibre.battery | calibre.lubricants | ... | category | order.battery
    supply_key: str | None  # None: chosen by category and match, or nothing says which
    name_en: str
    name_fr: str
    category: str
    match: Mapping[str, float | str | None]  # category needs: attribute or property -> the watch's value
    quantity: float | None
    unit: str
    interventions: tuple[str, ...]
    accepted: tuple[str, ...] = ()  # every supply key that serves this need
    unresolved: tuple[str, ...] = ()  # what the order or calibre does not say, so nothing can be chosen
    # Served only once a person records one on the order (another height or drain of cell).
    alternatives: tuple[str, ...] = ()
    # What is wrong with the part the order names (PART_PROBLEMS), or None.
    problem: str | None = None
    typed: str = ""  # the part as typed on the order
    calibre: str = ""  # the calibre's reference, when the order gives one
    expected: str | None = None  # the calibre's own part, when the order names another
    # Replaced only if the old part is found worn (catalog `need = "if_needed"`): reserved when in
    # stock, and a shortage is a warning that it may be needed, not a reason to stop the job.
    if_needed: bool = False

    @property
    def requirement(self) -> str:
        if self.supply_key:
            return f"supply:{self.supply_key}"
        values = ",".join(f"{name}={value}" if isinstance(value, str) else f"{name}={value:g}"
                          for name, value in self.match.items() if value is not None)
        return f"supply:{self.category or self.source}" + (f"[{values}]" if values else "")


@dataclass(frozen=True)
class ChecklistNeed:
    key: str
    name_en: str
    name_fr: str
    scope: str  # bench | order
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (item key, the facts it applies under)

    @property
    def requirement(self) -> str:
        return f"checklist:{self.key}"


@dataclass(frozen=True)
class Requirements:
    facts: tuple[str, ...]
    capabilities: list[CapabilityNeed]
    supplies: list[SupplyNeed]
    checklists: list[ChecklistNeed]
    bench_features: tuple[str, ...]
    level: int
    estimated_minutes: int  # bench time: the order's own estimate, or its interventions'
    movement_kind: str = ""
    running_in_minutes: int = 0  # elapsed after the bench (docs/catalog-format.md: running_in)
    estimate_from_order: bool = False
    # Order fields the interventions need and the order does not give (the case-back type).
    asked: tuple[str, ...] = ()
