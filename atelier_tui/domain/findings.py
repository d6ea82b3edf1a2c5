"""The readiness verdict and its findings: stable codes (part of the CLI's JSON contract,
design.md "The readiness check"), each blocking or a warning, with a remedy when one exists.
What a finding or remedy says is a Phrase (a key and parameters): atelier_tui/wording turns it
into a sentence, and the verdict into the JSON of `atelier order check --json`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from atelier_tui.domain.phrases import Phrase
from atelier_tui.domain.work_plan import WorkPlan

CODES = (
    "missing", "elsewhere", "out_of_service", "calibration_overdue", "maintenance_overdue", "maintenance_due_soon",
    "insufficient_stock",
    "expired", "wrong_part", "alternative_to_confirm",
    "capability_too_low", "checklist_missing", "checklist_failed", "not_qualified", "deadline_at_risk",
    "returned_by_override",
)

# What a remedy asks someone to do; the screens offer to carry out the first three.
ACTIONS = ("check_out", "run_checklist", "use_lot", "reorder", "assign", "move_order", "maintain", "repair", "acquire", "record",
           "ask")


@dataclass(frozen=True)
class LotPick:
    lot_number: str
    supply_key: str
    quantity_micro: int
    location: str | None
    bench: str | None
    use_by: date | None


@dataclass(frozen=True)
class Remedy:
    action: str
    detail: Phrase  # what to do
    tools: tuple[str, ...] = ()  # asset tags
    lots: tuple[LotPick, ...] = ()
    checklist: str | None = None
    supply: str | None = None
    staff: tuple[str, ...] = ()  # logins
    benches: tuple[str, ...] = ()
    order: str | None = None  # a checklist to run for this order (not for the bench's day)
    blocks: tuple[str, ...] = ()  # orders on the bench a tool is taken from that need it: they become NO-GO


@dataclass(frozen=True)
class Finding:
    code: str
    blocking: bool
    requirement: str  # stable: capability:KEY, supply:KEY, checklist:KEY, bench, bench_feature:F, technician, deadline
    detail: Phrase  # what was found
    remedy: Remedy | None = None
    subject: str | None = None  # the tool tag or lot number the finding is about, if one

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown finding code {self.code!r}")


@dataclass(frozen=True)
class Allocation:
    """What would serve the job on this bench: the tools in hand and the lots to take from."""
    requirement: str
    tools: tuple[str, ...] = ()
    lots: tuple[LotPick, ...] = ()


@dataclass(frozen=True)
class Verdict:
    order: str
    bench: str
    findings: tuple[Finding, ...]
    allocations: tuple[Allocation, ...] = field(default=())
    planned_end: date | None = None
    plan: WorkPlan | None = None  # bench time and running-in behind the planned end

    @property
    def ready(self) -> bool:
        return not any(finding.blocking for finding in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.blocking)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.blocking)
