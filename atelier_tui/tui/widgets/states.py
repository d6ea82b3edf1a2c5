"""States readable without colour: every state is a symbol and a word, colour only adds to it."""

from __future__ import annotations

from rich.text import Text

from atelier_tui.i18n import N_, _

# state -> (symbol, word, style)
_STATES: dict[str, tuple[str, str, str]] = {
    "in_service": ("●", N_("in service"), "green"),
    "checked_out": ("◐", N_("checked out"), "cyan"),
    "in_maintenance": ("◆", N_("in maintenance"), "yellow"),
    "out_of_service": ("✖", N_("out of service"), "bold red"),
    "retired": ("–", N_("retired"), "dim"),
    "ok": ("✓", N_("ok"), "green"),
    "due_soon": ("~", N_("due soon"), "yellow"),
    "due": ("!", N_("due"), "bold yellow"),
    "overdue": ("‼", N_("overdue"), "bold red"),
    "none": ("·", N_("no plan"), "dim"),
    "low": ("↓", N_("low"), "yellow"),
    "out": ("✖", N_("out of stock"), "bold red"),
    "expiring": ("~", N_("expiring"), "yellow"),
    "expired": ("✖", N_("expired"), "bold red"),
    "open_too_long": ("✖", N_("opened too long"), "bold red"),
    "open": ("●", N_("open"), "green"),
    "closed": ("○", N_("closed"), "dim"),
    "maintenance": ("◆", N_("maintenance"), "yellow"),
    "passed": ("✓", N_("passed"), "green"),
    "failed": ("✖", N_("failed"), "bold red"),
    "missing": ("?", N_("not run"), "yellow"),
    "available": ("●", N_("available"), "green"),
    "quarantined": ("◆", N_("quarantined"), "yellow"),
    "disposed": ("–", N_("disposed"), "dim"),
}

# Order statuses are words only; no colour is needed to read them.
ORDER_STATUSES = {
    "received": N_("received"),
    "quoted": N_("quoted"),
    "accepted": N_("accepted"),
    "ready": N_("ready"),
    "in_progress": N_("in progress"),
    "quality_control": N_("quality control"),
    "done": N_("done"),
    "returned": N_("returned"),
    "cancelled": N_("cancelled"),
}


# Other catalog and workshop words shown in tables: categories, bench features, kinds, results.
WORDS = {
    "hand_tool": N_("hand tool"), "equipment": N_("equipment"), "instrument": N_("instrument"),
    "bench_fixture": N_("bench fixture"), "ppe": N_("protective equipment"),
    "lubricant": N_("lubricant"), "epilame": N_("epilame"), "cleaning_solution": N_("cleaning solution"),
    "rinse_solution": N_("rinse solution"), "battery": N_("battery"), "gasket": N_("gasket"), "crystal": N_("crystal"),
    "stem": N_("stem"), "crown": N_("crown"), "spring_bar": N_("spring bar"), "mainspring": N_("mainspring"),
    "strap": N_("strap"), "consumable": N_("consumable"), "polishing": N_("polishing"), "movement": N_("movement"),
    "esd": N_("ESD protection"), "extraction": N_("dust extraction"), "ventilation": N_("ventilation"),
    "cleaning": N_("cleaning"), "verification": N_("verification"), "calibration": N_("calibration"),
    "pass": N_("pass"), "adjusted": N_("adjusted"), "fail": N_("fail"),
    "receipt": N_("receipt"), "consumption": N_("consumption"), "adjustment": N_("adjustment"),
    "transfer": N_("transfer"), "disposal": N_("disposal"),
    "battery_collection": N_("battery collection"), "solvent_waste": N_("solvent waste"), "general": N_("general waste"),
    "manual": N_("manual winding"), "automatic": N_("automatic"), "quartz": N_("quartz"),
    "kinetic": N_("kinetic (automatic quartz)"), "solar": N_("solar quartz"),
    "luminova": N_("Super-LumiNova"), "tritium": N_("tritium"), "radium": N_("radium"), "unknown": N_("unknown"),
}


def state_word(state: str) -> str:
    """Any state, status or catalog word of the interface, in its language."""
    if state in _STATES:
        return _(_STATES[state][1])
    if state in ORDER_STATUSES:
        return _(ORDER_STATUSES[state])
    if state in WORDS:
        return _(WORDS[state])
    return state.replace("_", " ")


def state_text(state: str) -> Text:
    symbol, _word, style = _STATES.get(state, ("·", state, ""))
    return Text(f"{symbol} {state_word(state)}", style=style)
