"""How the planner reads: the weekly chart (a bar and its number per week, readable without
colour) and the list's rows (a due item on one line, with a second for what it blocks; the headings
of the horizons and of the groups; the tools out of service, the reviews and the proposals).
Renders Rich tables and text from the rows of services.maintenance_planner; reads nothing."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets.option_list import Option

from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.i18n import N_, _, localized, ngettext
from atelier_tui.tui.widgets.states import SEVERE, severity_style, state_text, state_word
from atelier_tui.wording.numbers import uses_text

# The planner's horizons: the attribute of services.maintenance_planner.Planner, title, symbol.
HORIZONS = (
    ("overdue", N_("Overdue"), "‼"),
    ("this_week", N_("This week"), "!"),
    ("next_four_weeks", N_("Next four weeks"), "~"),
)
# The third horizon's title by how far it looks (services.maintenance.planner_filter.AHEAD_WEEKS).
AHEAD_TITLES = {4: N_("Next four weeks"), 13: N_("Next three months"), 52: N_("Next twelve months")}
SECTION_LIMIT = 150  # items listed per horizon; a large workshop's others are counted, not listed
BARS = "▁▂▃▄▅▆▇█"
LABEL_WIDTH = 14  # the chart's row labels; the 12 weeks take 5 columns each: 74 in all


# The chart -------------------------------------------------------------------------------------

def bar(value: float, top: float) -> str:
    """One cell of a bar chart: eighths of the tallest value; a dot for nothing."""
    if top <= 0 or value <= 0:
        return "·"
    return BARS[min(7, max(0, round(value / top * 8) - 1))]


def week_label(start: Any) -> str:
    return _("w{week}").format(week=f"{start.isocalendar().week:02d}")


def chart(planned: list[Any], completed: list[Any]) -> Table:
    """Planned rounds per week (this week first) and the share done on time per past week (this
    week last): a bar and its number per week, so that it reads without colour."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=LABEL_WIDTH, no_wrap=True, overflow="ellipsis")
    for _week in range(max(len(planned), len(completed))):
        grid.add_column(width=4, justify="right", no_wrap=True)
    top = max((week.due for week in planned), default=0)
    grid.add_row(Text(_("Planned"), style="bold"), *[Text(week_label(week.week_start), style="dim") for week in planned])
    grid.add_row(Text(_("per week"), style="dim"),
                 *[Text.assemble((bar(week.due, top), "cyan"), str(week.due)) for week in planned])
    done = sum(week.done for week in completed)
    on_time = sum(week.on_time for week in completed)
    summary = (_("{done} done, {rate}%").format(done=done, rate=round(100 * on_time / done)) if done
               else _("none done"))
    grid.add_row(Text(_("On time"), style="bold"), *[Text(week_label(week.week_start), style="dim") for week in completed])
    cells = []
    for week in completed:
        if week.done:
            rate = week.on_time / week.done
            cells.append(Text.assemble((bar(rate, 1.0), "green" if rate >= 0.9 else "yellow"), str(round(100 * rate))))
        else:
            cells.append(Text("·—", style="dim"))
    grid.add_row(Text(summary, style="dim"), *cells)
    return grid


# The list --------------------------------------------------------------------------------------

def due_text(item: Any) -> str:
    """The due date; for a plan counted in uses only, the uses left (or past due)."""
    if item.next_due_on is not None:
        return item.next_due_on.isoformat()
    return uses_text(item.uses_left) if item.uses_left is not None else "—"


def item_detail(item: Any, indent: int) -> Text | None:
    """The second line of an item, when there is more to say: uses left as well as a date, a
    reschedule and its reason, the orders it keeps from starting."""
    parts: list[Text] = []
    if item.next_due_on is not None and item.uses_left is not None:
        parts.append(Text(uses_text(item.uses_left)))
    if item.rescheduled:
        parts.append(Text(_("rescheduled: {reason}").format(reason=item.reschedule_reason or "—")))
    if item.blocks:
        parts.append(Text(_("✘ blocks {orders}").format(orders=", ".join(item.blocks)), style=severity_style(SEVERE)))
    if not parts:
        return None
    line = Text(" " * indent, style="dim")
    for position, part in enumerate(parts):
        if position:
            line.append(" · ")
        line.append_text(part)
    return line


class Widths:
    """Column widths shared by every row, so that the list reads as a table."""

    def __init__(self, items: list[Any]) -> None:
        self.tag = max([len(item.asset_tag) for item in items] + [7])
        self.state = max(len(state_word(state)) for state in ("ok", "due_soon", "due", "overdue")) + 2
        self.due = max([len(due_text(item)) for item in items] + [10])
        self.where = max([len(item.where or "—") for item in items] + [5])


def item_row(item: Any, widths: Widths, by: str = "bench") -> Any:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=widths.tag, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=widths.state, no_wrap=True)
    grid.add_column(width=widths.due, no_wrap=True)
    grid.add_column(width=widths.where, no_wrap=True)
    # The plan first: at 80 columns the tool type's long name is what gets cut. Grouped by tool
    # type, the group's heading names it.
    what = localized(item.plan_name_en, item.plan_name_fr)
    if by == "bench":
        what = f"{what} · {localized(item.type_name_en, item.type_name_fr)}"
    grid.add_row(Text(item.asset_tag, style="bold"), what, state_text(item.state), due_text(item), item.where or "—")
    detail = item_detail(item, widths.tag + 1)
    return Group(grid, detail) if detail is not None else grid


def group_title(group: Any, by: str) -> Table:
    if by == "bench":
        name = (_("bench {code}") if group.on_bench else _("store {code}")).format(code=group.key)
    else:
        name = localized(group.name_en, group.name_fr)
    # One line whatever the name's length: a heading is cut, never wrapped.
    line = Table.grid(expand=True)
    line.add_column(no_wrap=True, overflow="ellipsis")
    line.add_row(Text.assemble(" ", (name, "bold underline"), (f"  ({len(group.items)})", "dim")))
    return line


def heading(symbol: str, title: str, count: int) -> Text:
    text = Text(f"{symbol} {title} — {count}", style="bold")
    if not count:
        text.append("  " + _("nothing"), style="dim")
    return text


def apart_row(tool: Any, width: int) -> Any:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    grid.add_column(width=6, no_wrap=True)
    grid.add_row(Text(tool.asset_tag, style="bold"), tool.status_reason or localized(tool.type_name_en, tool.type_name_fr),
                 state_text(tool.status), tool.where or "—")
    if not tool.blocks:
        return grid
    blocks = Text(" " * (width + 1)).append(_("✘ blocks {orders}").format(orders=", ".join(tool.blocks)), style=severity_style(SEVERE))
    return Group(grid, blocks)


def review_row(review: Any) -> Text:
    line = Text.assemble((f"#{review.id} ", "bold"), (review.asset_tag, "bold"), "  ",
                         ngettext("{sheets} sheet, {undecided} undecided", "{sheets} sheets, {undecided} undecided", review.sheets).format(
                             sheets=review.sheets, undecided=review.undecided),
                         ("  " + _("opened {date}").format(date=review.opened_at.astimezone().date().isoformat()), "dim"))
    return line.append("\n   " + review.reason, style="dim")


def proposal_row(proposal: Any) -> Text:
    direction = _("longer") if proposal.direction == "longer" else _("shorter")
    return Text.assemble((proposal.asset_tag, "bold"), "  ", localized(proposal.plan_name_en, proposal.plan_name_fr), "  ",
                         (_("{current} d → {proposed} d ({direction})").format(
                             current=proposal.current_days, proposed=proposal.proposed_days, direction=direction), "bold"),
                         ("\n   " + proposal.reason, "dim"))


def planner_options(plan: Any, by: str) -> tuple[list[Option], dict[str, tuple[str, Any]]]:
    """The list's options (headings are disabled options) and what each selectable one is."""
    options: list[Option] = []
    entries: dict[str, tuple[str, Any]] = {}
    items = [item for name, _title, _symbol in HORIZONS for group in getattr(plan, name) for item in group.items]
    widths = Widths(items)
    for name, title, symbol in HORIZONS:
        groups = getattr(plan, name)
        count = sum(len(group.items) for group in groups)
        if name == "next_four_weeks":
            title = AHEAD_TITLES.get(plan.ahead_weeks, title)
        options.append(Option(heading(symbol, _(title), count), disabled=True))
        shown = 0
        for group in groups:
            if shown >= SECTION_LIMIT:
                break
            options.append(Option(group_title(group, by), disabled=True))
            for item in group.items[:SECTION_LIMIT - shown]:
                key = f"due:{item.asset_tag}:{item.plan_key}"
                entries[key] = ("due", item)
                options.append(Option(item_row(item, widths, by), id=key))
                shown += 1
        if count > shown:
            options.append(Option(Text(_("… and {count} more").format(count=count - shown), style="dim"), disabled=True))
    apart = [tool for tool in plan.apart if tool.status != ToolStatus.RETIRED]  # out of service or in maintenance
    options.append(Option(heading("✖", _("Tools out of service"), len(apart)), disabled=True))
    for tool in apart[:SECTION_LIMIT]:
        key = f"tool:{tool.asset_tag}"
        entries[key] = ("tool", tool)
        options.append(Option(apart_row(tool, widths.tag), id=key))
    if len(apart) > SECTION_LIMIT:
        options.append(Option(Text(_("… and {count} more").format(count=len(apart) - SECTION_LIMIT), style="dim"), disabled=True))
    options.append(Option(heading("⚠", _("Open out-of-tolerance reviews"), len(plan.reviews)), disabled=True))
    for review in plan.reviews:
        key = f"review:{review.id}"
        entries[key] = ("review", review)
        options.append(Option(review_row(review), id=key))
    options.append(Option(heading("↕", _("Interval proposals"), len(plan.proposals)), disabled=True))
    for proposal in plan.proposals:
        key = f"proposal:{proposal.id}"
        entries[key] = ("proposal", proposal)
        options.append(Option(proposal_row(proposal), id=key))
    return options, entries


_AHEAD_COUNTS = {
    4: N_("{overdue} overdue · {week} this week · {four} in the next four weeks"),
    13: N_("{overdue} overdue · {week} this week · {four} in the next three months"),
    52: N_("{overdue} overdue · {week} this week · {four} in the next twelve months"),
}


def status_text(plan: Any, by: str, query: str = "") -> str:
    grouping = _("Grouped by bench") if by == "bench" else _("Grouped by tool type")
    counts = _(_AHEAD_COUNTS.get(plan.ahead_weeks, _AHEAD_COUNTS[4])).format(
        overdue=sum(len(g.items) for g in plan.overdue), week=sum(len(g.items) for g in plan.this_week),
        four=sum(len(g.items) for g in plan.next_four_weeks))
    filtered = _("filter: {text}").format(text=query) if query else ""
    return " · ".join(part for part in (grouping, counts, filtered) if part)
