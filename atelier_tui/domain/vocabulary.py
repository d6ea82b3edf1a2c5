"""The closed sets of words the workshop's records are made of: statuses, roles, kinds, results and
waste streams. Each value is the string stored in the database, written in workshop files and JSON
output and typed on the command line, so a member compares equal to that string.

Their words for people are in atelier_tui/wording/vocabulary.py (one table per language); the
database refuses any other value (CHECK constraints, migrations/versions/0011_vocabulary_checks.py)."""

from __future__ import annotations

from enum import StrEnum


class ToolStatus(StrEnum):
    IN_SERVICE = "in_service"
    CHECKED_OUT = "checked_out"
    IN_MAINTENANCE = "in_maintenance"
    OUT_OF_SERVICE = "out_of_service"
    RETIRED = "retired"


class BenchStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    MAINTENANCE = "maintenance"


class OrderStatus(StrEnum):
    RECEIVED = "received"
    QUOTED = "quoted"
    ACCEPTED = "accepted"
    READY = "ready"
    IN_PROGRESS = "in_progress"
    QUALITY_CONTROL = "quality_control"
    DONE = "done"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class Role(StrEnum):
    TECHNICIAN = "technician"
    LEAD = "lead"
    ADMIN = "admin"
    GATEWAY = "gateway"  # the account a remote session arrives through, never a person at a bench


# The login under which the workstation itself acts (catalog import, the demo): not a person.
SYSTEM_LOGIN = "system"


class MovementKind(StrEnum):
    """What drives the watch (calibres, orders, a technician's skills)."""

    MANUAL = "manual"
    AUTOMATIC = "automatic"
    QUARTZ = "quartz"
    KINETIC = "kinetic"  # a quartz movement charged by a rotor (Seiko Kinetic)
    SOLAR = "solar"  # a quartz movement charged by light (Citizen Eco-Drive, Seiko Solar)


class Luminous(StrEnum):
    NONE = "none"
    LUMINOVA = "luminova"
    TRITIUM = "tritium"
    RADIUM = "radium"
    UNKNOWN = "unknown"


class CrystalMaterial(StrEnum):
    """What a crystal is made of, as crystal makers sell them (docs/trade-sources.md, crystals)."""

    SAPPHIRE = "sapphire"  # synthetic sapphire (verre saphir)
    MINERAL = "mineral"  # mineral glass (verre minéral)
    ACRYLIC = "acrylic"  # acrylic, hesalite, plexi (verre acrylique, plexiglas)


class CrystalShape(StrEnum):
    """A crystal's profile: a domed or box crystal does not go where a flat one was."""

    FLAT = "flat"  # plat
    DOMED = "domed"  # bombé
    BOX = "box"  # box / high dome: a raised crystal with a vertical wall (glace à col, haute)


class CrownType(StrEnum):
    """How a crown closes the case, as crown makers sell them."""

    PLAIN = "plain"  # push-in, no gasket: not water resistant (couronne simple)
    SEALED = "sealed"  # push-in with a gasket in the crown (couronne étanche)
    SCREW_DOWN = "screw_down"  # screwed onto a threaded tube, gasket in the crown (couronne vissée)


class CaseBack(StrEnum):
    """How the case back holds: what opens and closes it."""

    SNAP_ON = "snap_on"  # pressed on: case knife to open, press with a die to close (fond à pression)
    SCREW_DOWN = "screw_down"  # screwed into the case middle: case-back wrench (fond vissé)
    SCREWED = "screwed"  # held by screws: screwdriver (fond à vis)


class PlanKind(StrEnum):
    CLEANING = "cleaning"
    MAINTENANCE = "maintenance"
    VERIFICATION = "verification"
    CALIBRATION = "calibration"


class PlanAnchor(StrEnum):
    COMPLETION = "completion"  # the next due date counts from when it was last done
    FIXED = "fixed"  # the next due date keeps to the plan's calendar


class RecordResult(StrEnum):
    PASS = "pass"
    ADJUSTED = "adjusted"
    FAIL = "fail"


class Judgement(StrEnum):
    """A measurement against its tolerance."""

    PASS = "pass"
    FAIL = "fail"
    NONE = ""  # no tolerance applies


class ChecklistScope(StrEnum):
    BENCH = "bench"  # valid for the calendar day
    ORDER = "order"  # valid for that order


class ItemTag(StrEnum):
    QUALITY = "Q"
    HYGIENE = "H"
    SAFETY = "S"
    ENVIRONMENT = "E"


class ItemLevel(StrEnum):
    CRITICAL = "critical"
    REQUIRED = "required"
    OPTIONAL = "optional"


class Answer(StrEnum):
    OK = "ok"
    NOT_OK = "not_ok"
    NOT_APPLICABLE = "not_applicable"


class SheetStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class SheetEntryKind(StrEnum):
    STEP = "step"
    ANOMALY = "anomaly"
    ALERT = "alert"
    NOTE = "note"


class LotStatus(StrEnum):
    AVAILABLE = "available"
    QUARANTINED = "quarantined"
    DISPOSED = "disposed"


class LotUseState(StrEnum):
    RESERVED = "reserved"
    CONSUMED = "consumed"
    RELEASED = "released"


class StockMovementKind(StrEnum):
    RECEIPT = "receipt"
    CONSUMPTION = "consumption"
    ADJUSTMENT = "adjustment"
    TRANSFER = "transfer"
    DISPOSAL = "disposal"


class WasteStream(StrEnum):
    BATTERY_COLLECTION = "battery_collection"
    SOLVENT_WASTE = "solvent_waste"
    GENERAL = "general"


class Drain(StrEnum):
    """Silver-oxide cells: SW = low drain (analogue watches), W = high drain (IEC 60086-3)."""

    LOW = "low"
    HIGH = "high"


class Disposition(StrEnum):
    """The lead's decision on a sheet that used an instrument later found out of tolerance."""

    UNDECIDED = ""
    ACCEPTED = "accepted"
    RECALLED = "recalled"


class DueState(StrEnum):
    """Where a tool's plan stands against its next due date or use count (computed, not stored)."""

    OK = "ok"
    DUE_SOON = "due_soon"
    DUE = "due"
    OVERDUE = "overdue"


class ProposalState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SUPERSEDED = "superseded"


def values(kind: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings of `kind`, in declaration order (click choices, 'one of ...' messages)."""
    return tuple(member.value for member in kind)
