"""The words people read for the vocabulary's values (atelier_tui/domain/vocabulary.py): the one
table the workstation, the commands and the Markdown sheet take them from, marked for extraction
and translated when shown (French: atelier_tui/locale/fr/LC_MESSAGES/atelier.po).

Keyed by kind, then value: the same stored string can read differently by what it names (a bench
"under maintenance", a plan's "maintenance"; a sheet's "work accepted", a proposal's "interval
accepted")."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from atelier_tui.domain.vocabulary import (
    Answer,
    BenchStatus,
    CaseBack,
    CrownType,
    CrystalMaterial,
    CrystalShape,
    Disposition,
    DueState,
    ItemLevel,
    ItemTag,
    Judgement,
    LotStatus,
    LotUseState,
    Luminous,
    MovementKind,
    OrderStatus,
    PlanKind,
    ProposalState,
    RecordResult,
    Role,
    SheetStatus,
    StockMovementKind,
    ToolStatus,
    WasteStream,
)
from atelier_tui.i18n import N_, NC_, _

WORDS: dict[type[StrEnum], dict[str, str]] = {
    ToolStatus: {
        ToolStatus.IN_SERVICE: N_("in service"),
        ToolStatus.CHECKED_OUT: N_("checked out"),
        ToolStatus.IN_MAINTENANCE: N_("in maintenance"),
        ToolStatus.OUT_OF_SERVICE: N_("out of service"),
        ToolStatus.RETIRED: N_("retired"),
    },
    BenchStatus: {
        BenchStatus.OPEN: N_("open"),
        BenchStatus.CLOSED: N_("closed"),
        BenchStatus.MAINTENANCE: N_("under maintenance"),
    },
    OrderStatus: {
        OrderStatus.RECEIVED: N_("received"),
        OrderStatus.QUOTED: N_("quoted"),
        OrderStatus.ACCEPTED: N_("accepted"),
        OrderStatus.READY: N_("ready"),
        OrderStatus.IN_PROGRESS: N_("in progress"),
        OrderStatus.QUALITY_CONTROL: N_("quality control"),
        OrderStatus.DONE: N_("done"),
        OrderStatus.RETURNED: N_("returned"),
        OrderStatus.CANCELLED: N_("cancelled"),
    },
    Role: {
        Role.TECHNICIAN: N_("technician"),
        Role.LEAD: N_("lead"),
        Role.ADMIN: N_("admin"),
        Role.GATEWAY: N_("gateway"),
    },
    MovementKind: {
        MovementKind.MANUAL: N_("hand-wound"),
        MovementKind.AUTOMATIC: N_("automatic"),
        MovementKind.QUARTZ: N_("quartz"),
        MovementKind.KINETIC: N_("kinetic (automatic quartz)"),
        MovementKind.SOLAR: N_("solar quartz"),
    },
    Luminous: {
        Luminous.NONE: N_("no luminous material"),
        Luminous.LUMINOVA: N_("Super-LumiNova"),
        Luminous.TRITIUM: N_("tritium"),
        Luminous.RADIUM: N_("radium"),
        Luminous.UNKNOWN: N_("unknown"),
    },
    CrystalMaterial: {
        CrystalMaterial.SAPPHIRE: N_("sapphire"),
        CrystalMaterial.MINERAL: N_("mineral glass"),
        CrystalMaterial.ACRYLIC: N_("acrylic"),
    },
    CrystalShape: {
        CrystalShape.FLAT: N_("flat"),
        CrystalShape.DOMED: N_("domed"),
        CrystalShape.BOX: N_("box (high dome)"),
    },
    CrownType: {
        CrownType.PLAIN: N_("plain push-in crown"),
        CrownType.SEALED: N_("sealed push-in crown"),
        CrownType.SCREW_DOWN: N_("screw-down crown"),
    },
    CaseBack: {
        CaseBack.SNAP_ON: N_("snap-on case back"),
        CaseBack.SCREW_DOWN: N_("screw-down case back"),
        CaseBack.SCREWED: N_("case back held by screws"),
    },
    PlanKind: {
        PlanKind.CLEANING: N_("cleaning"),
        PlanKind.MAINTENANCE: N_("maintenance"),
        PlanKind.VERIFICATION: N_("verification"),
        PlanKind.CALIBRATION: N_("calibration"),
    },
    DueState: {
        DueState.OK: N_("ok"),
        DueState.DUE_SOON: N_("due soon"),
        DueState.DUE: N_("due"),
        DueState.OVERDUE: N_("overdue"),
    },
    RecordResult: {
        RecordResult.PASS: N_("pass"),
        RecordResult.ADJUSTED: N_("adjusted"),
        RecordResult.FAIL: N_("fail"),
    },
    Judgement: {
        Judgement.PASS: N_("pass"),
        Judgement.FAIL: N_("fail"),
        Judgement.NONE: N_("no tolerance"),
    },
    ItemTag: {
        ItemTag.QUALITY: N_("Quality"),
        ItemTag.HYGIENE: N_("Hygiene"),
        ItemTag.SAFETY: N_("Safety"),
        ItemTag.ENVIRONMENT: N_("Environment"),
    },
    ItemLevel: {
        ItemLevel.CRITICAL: N_("critical"),
        ItemLevel.REQUIRED: N_("required"),
        ItemLevel.OPTIONAL: N_("optional"),
    },
    Answer: {
        Answer.OK: N_("OK"),
        Answer.NOT_OK: N_("not OK"),
        Answer.NOT_APPLICABLE: N_("n/a"),
    },
    SheetStatus: {
        # TRANSLATORS: an intervention sheet (French: une fiche, feminine)
        SheetStatus.OPEN: NC_("sheet", "open"),
        # TRANSLATORS: an intervention sheet (French: une fiche, feminine)
        SheetStatus.CLOSED: NC_("sheet", "closed"),
    },
    LotStatus: {
        LotStatus.AVAILABLE: N_("available"),
        LotStatus.QUARANTINED: N_("quarantined"),
        LotStatus.DISPOSED: N_("disposed"),
    },
    LotUseState: {
        LotUseState.RESERVED: N_("reserved"),
        LotUseState.CONSUMED: N_("consumed"),
        LotUseState.RELEASED: N_("released"),
    },
    StockMovementKind: {
        StockMovementKind.RECEIPT: N_("receipt"),
        StockMovementKind.CONSUMPTION: N_("consumption"),
        StockMovementKind.ADJUSTMENT: N_("adjustment"),
        StockMovementKind.TRANSFER: N_("transfer"),
        StockMovementKind.DISPOSAL: N_("disposal"),
    },
    WasteStream: {
        WasteStream.BATTERY_COLLECTION: N_("battery collection"),
        WasteStream.SOLVENT_WASTE: N_("solvent waste"),
        WasteStream.GENERAL: N_("general waste"),
    },
    Disposition: {
        Disposition.UNDECIDED: N_("undecided"),
        Disposition.ACCEPTED: N_("work accepted"),
        Disposition.RECALLED: N_("recalled for re-test"),
    },
    ProposalState: {
        ProposalState.PROPOSED: N_("awaiting decision"),
        ProposalState.ACCEPTED: N_("interval accepted"),
        ProposalState.DECLINED: N_("interval declined"),
        ProposalState.SUPERSEDED: N_("superseded by a newer proposal"),
    },
}


def word(kind: type[StrEnum], value: str, translate: Callable[[str], str] = _) -> str:
    """The words for `value` of `kind` in the interface language (or through `translate`, for a
    document in another language); `value` itself when it is not one of `kind`'s."""
    words = WORDS[kind].get(value)
    return translate(words) if words is not None else value
