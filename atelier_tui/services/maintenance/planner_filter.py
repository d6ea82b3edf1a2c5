"""The planner as the lead asks for it: `bench:ME-01 state:overdue plan:calibration` (the syntax
of services/common/list_filter.py) narrows the due items and the tools out of service; free text
finds a tool by its tag, its type's name, its plan's name or where it is.

The planner's items are worked out in Python from the schedule (services/maintenance/due.py), so
they are narrowed here, after that one read, rather than in SQL."""

from __future__ import annotations

from collections.abc import Callable

from atelier_tui.domain.vocabulary import DueState
from atelier_tui.i18n import N_
from atelier_tui.services.common.choices import words_of
from atelier_tui.services.common.list_filter import FilterKey, ParsedFilter
from atelier_tui.services.common.paging import fold
from atelier_tui.services.common.place_codes import SEPARATORS
from atelier_tui.services.maintenance.due import ApartTool, DueItem

# The horizons the planner looks ahead, in weeks after this one: four weeks, three months, a year.
AHEAD_WEEKS = (4, 13, 52)


def planner_keys() -> list[FilterKey]:
    """The keys of the planner's filter, their values' words in the interface language of the moment."""
    return [
        FilterKey("tool", "outil", description=N_("a tool's tag or its type's name")),
        FilterKey("bench", "établi", description=N_("where the tool is: a bench or a store location")),
        FilterKey("plan", "plan", description=N_("the plan's name or key")),
        FilterKey("state", "état", words_of(DueState), description=N_("the plan's state")),
    ]


def _contains(wanted: tuple[str, ...], *texts: str | None) -> bool:
    return any(fold(text) in fold(value or "") for text in wanted for value in texts)


def _place(wanted: tuple[str, ...], where: str | None) -> bool:
    code = fold(where or "")
    return any(code == fold(text) or any(code.startswith(fold(text) + s) for s in SEPARATORS) for text in wanted)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def item_filter(parsed: ParsedFilter) -> Callable[[DueItem], bool]:
    """Whether a due item answers every term of `parsed` (free text: every word somewhere)."""

    def keeps(item: DueItem) -> bool:
        tool = (item.asset_tag, item.type_name_en, item.type_name_fr, item.tool_type)
        if parsed.has("tool") and not _contains(parsed.values("tool"), *tool):
            return False
        if parsed.has("bench") and not _place(parsed.values("bench"), item.where):
            return False
        if parsed.has("plan") and not _contains(parsed.values("plan"), item.plan_key, item.plan_name_en, item.plan_name_fr):
            return False
        if parsed.has("state") and item.state not in parsed.values("state"):
            return False
        return all(_contains((word,), *tool, item.plan_name_en, item.plan_name_fr, item.where) for word in _words(parsed.text))

    return keeps


def apart_filter(parsed: ParsedFilter) -> Callable[[ApartTool], bool]:
    """Whether a tool out of service answers `parsed`: it has no plan state, so a plan or state
    term leaves it out."""

    def keeps(tool: ApartTool) -> bool:
        if parsed.has("plan") or parsed.has("state"):
            return False
        names = (tool.asset_tag, tool.type_name_en, tool.type_name_fr)
        if parsed.has("tool") and not _contains(parsed.values("tool"), *names):
            return False
        if parsed.has("bench") and not _place(parsed.values("bench"), tool.where):
            return False
        return all(_contains((word,), *names, tool.where) for word in _words(parsed.text))

    return keeps
