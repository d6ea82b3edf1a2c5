"""States readable without colour: every state is a symbol and a word, colour only adds to it."""

from __future__ import annotations

import os
from enum import StrEnum

from rich.text import Text

from atelier_tui.domain.vocabulary import BenchStatus, DueState, LotStatus, ToolStatus, values
from atelier_tui.i18n import N_, _
from atelier_tui.wording.vocabulary import word

SEVERE = "severe"
WARNING = "warning"


def colour_shown() -> bool:
    """Textual draws the whole screen in shades of grey under NO_COLOR (https://no-color.org), where
    red on the dark background turns into grey 237 on 233: severity must then hold without colour."""
    return "NO_COLOR" not in os.environ


def severity_style(level: str) -> str:
    """The style of a severe state (out of service, overdue, blocking) or of one to watch: bold, and
    reversed without colour; never dim, so it stays the first thing read in every theme."""
    if level == SEVERE:
        return "bold red" if colour_shown() else "bold reverse"
    return "bold yellow" if colour_shown() else "bold"


# state -> (symbol, style); the words of the vocabulary's states come from its one table
# (wording/vocabulary.py), the others' from _WORDS below.
_LOOKS: dict[str, tuple[str, str]] = {
    ToolStatus.IN_SERVICE: ("●", "green"),
    ToolStatus.CHECKED_OUT: ("◐", "cyan"),
    ToolStatus.IN_MAINTENANCE: ("◆", "yellow"),
    ToolStatus.OUT_OF_SERVICE: ("✖", SEVERE),
    ToolStatus.RETIRED: ("–", "dim"),
    DueState.OK: ("✓", "green"),
    DueState.DUE_SOON: ("~", "yellow"),
    DueState.DUE: ("!", WARNING),
    DueState.OVERDUE: ("‼", SEVERE),
    "none": ("·", "dim"),
    "low": ("↓", "yellow"),
    "out": ("✖", SEVERE),
    "not_stocked": ("○", ""),
    "expiring": ("~", "yellow"),
    "expired": ("✖", SEVERE),
    "open_too_long": ("✖", SEVERE),
    BenchStatus.OPEN: ("●", "green"),
    BenchStatus.CLOSED: ("○", "dim"),
    BenchStatus.MAINTENANCE: ("◆", "yellow"),
    "passed": ("✓", "green"),
    "failed": ("✖", SEVERE),
    "missing": ("?", "yellow"),
    LotStatus.AVAILABLE: ("●", "green"),
    LotStatus.QUARANTINED: ("◆", "yellow"),
    LotStatus.DISPOSED: ("–", "dim"),
}
# The kinds whose values state_text shows; no value belongs to two of them.
_VOCABULARY_STATES: dict[str, type[StrEnum]] = {
    value: kind for kind in (ToolStatus, DueState, BenchStatus, LotStatus) for value in values(kind)
}
# States of the screens that are not stored values: a tool without a plan, stock levels, checklists.
_WORDS = {
    "none": N_("no plan"),
    "low": N_("low"),
    "out": N_("out of stock"),
    "not_stocked": N_("not stocked"),
    "expiring": N_("expiring"),
    "expired": N_("expired"),
    "open_too_long": N_("opened too long"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "missing": N_("not run"),
}


# Other catalog and workshop words shown in tables: categories, bench features.
WORDS = {
    "hand_tool": N_("hand tool"), "equipment": N_("equipment"), "instrument": N_("instrument"),
    "bench_fixture": N_("bench fixture"), "ppe": N_("protective equipment"),
    "lubricant": N_("lubricant"), "epilame": N_("epilame"), "cleaning_solution": N_("cleaning solution"),
    "rinse_solution": N_("rinse solution"), "battery": N_("battery"), "gasket": N_("gasket"), "crystal": N_("crystal"),
    "stem": N_("stem"), "crown": N_("crown"), "spring_bar": N_("spring bar"), "mainspring": N_("mainspring"),
    "strap": N_("strap"), "consumable": N_("consumable"), "polishing": N_("polishing"), "movement": N_("movement"),
    "esd": N_("ESD protection"), "extraction": N_("dust extraction"), "ventilation": N_("ventilation"),
}


def state_word(state: str) -> str:
    """A state of state_text, a catalog category or a bench feature, in the interface language;
    the values of other kinds are worded by `word(kind, value)` of wording.vocabulary."""
    if state in _VOCABULARY_STATES:
        return word(_VOCABULARY_STATES[state], state)
    if state in _WORDS:
        return _(_WORDS[state])
    if state in WORDS:
        return _(WORDS[state])
    return state.replace("_", " ")


def state_text(state: str, shown: str | None = None) -> Text:
    """The state's symbol and words in its look; `shown` words it for what it qualifies (a sheet
    is `ouverte` where a bench is `ouvert`)."""
    symbol, style = _LOOKS.get(state, ("·", ""))
    if style in (SEVERE, WARNING):
        style = severity_style(style)
    return Text(f"{symbol} {shown if shown is not None else state_word(state)}", style=style)


def severe_states() -> list[str]:
    """The states drawn as severe, for the tests that keep them readable."""
    return [state for state, (_symbol, style) in _LOOKS.items() if style == SEVERE]
