"""The parts a job exists to replace (a cell for a battery change, a movement for a movement
replacement, a crystal, a crown or a stem): a sheet cannot close while one of them has been neither
fitted on the order nor recorded as not replaced, with a reason.

Consumables (oils, grease, finger cots) and the parts fitted only when the old one is found worn
(gaskets, mainsprings) are not asked for: the job is done without them when the old part is fine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from atelier_tui.domain.needs import SupplyNeed

# Supply categories whose part is the point of the job.
REPLACED_PARTS = ("battery", "movement", "crystal", "crown", "stem")
# Where a need names its part without a category: the calibre's or the order's own part.
_SOURCE_PARTS = {"calibre.battery": "battery", "order.battery": "battery", "calibre.movement": "movement",
                 "calibre.stem": "stem", "calibre.crown": "crown", "calibre.crystal": "crystal"}


@dataclass(frozen=True)
class PartDue:
    part: str  # one of REPLACED_PARTS
    supply_key: str | None  # the part the job names, when it names one
    name_en: str
    name_fr: str
    interventions: tuple[str, ...]


def part_of(need: SupplyNeed) -> str:
    return need.category or _SOURCE_PARTS.get(need.source, "")


def parts_due(needs: Iterable[SupplyNeed]) -> list[PartDue]:
    """The replaced parts the order's interventions require, once per part."""
    due: dict[str, PartDue] = {}
    for need in needs:
        part = part_of(need)
        if part in REPLACED_PARTS and part not in due:
            due[part] = PartDue(part, need.supply_key, need.name_en, need.name_fr, need.interventions)
    return list(due.values())


def unaccounted(due: Iterable[PartDue], fitted: Iterable[str], not_replaced: Iterable[str]) -> list[PartDue]:
    """The parts due that were neither fitted (a lot of that category reserved or consumed for the
    order) nor recorded as not replaced."""
    done = set(fitted) | set(not_replaced)
    return [part for part in due if part.part not in done]
