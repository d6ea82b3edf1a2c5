"""How one watch cell differs from another: what a technician must check before fitting a cell
the calibre does not name (a taller cell presses on the case back; a high-drain cell in a
low-drain watch is no gain, the reverse runs down early)."""

from __future__ import annotations

from atelier_tui.domain.requirements import SupplyInfo

# Below this, two catalog heights are the same cell measured by two charts.
SAME_SIZE_MM = 0.05


def cell_differences(own: SupplyInfo, other: SupplyInfo) -> tuple[tuple[str, float | str], ...]:
    """(what, by how much) for each way `other` differs from `own`: taller|shorter and
    wider|narrower in mm, drain (the other's drain), voltage (the other's, in V)."""
    differences: list[tuple[str, float | str]] = []
    for name, more, less in (("height", "taller", "shorter"), ("diameter", "wider", "narrower")):
        mine, theirs = own.attributes.get(name), other.attributes.get(name)
        if mine is not None and theirs is not None and abs(theirs - mine) > SAME_SIZE_MM:
            differences.append((more if theirs > mine else less, round(abs(theirs - mine), 2)))
    mine_v, theirs_v = own.attributes.get("voltage"), other.attributes.get("voltage")
    if mine_v is not None and theirs_v is not None and abs(theirs_v - mine_v) > 0.05:
        differences.append(("voltage", theirs_v))
    if own.drain and other.drain and own.drain != other.drain:
        differences.append(("drain", other.drain))
    return tuple(differences)
