"""A checklist answers file (docs/checklist-answers.md): one `[answers]` table, item key -> "ok" |
"not_ok" | "not_applicable" or { answer = "...", reason = "..." }."""

from __future__ import annotations

from dataclasses import dataclass, field

from atelier_tui.i18n import _
from atelier_tui.textfiles.line_error import LineError
from atelier_tui.textfiles.toml_file import parse_toml

TABLE = "answers"


@dataclass
class AnswersFile:
    path: str
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)  # item key -> (answer, reason)
    errors: list[LineError] = field(default_factory=list)
    header_line: int = 1
    item_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, item_key: str) -> int:
        """Where an item is answered; the `[answers]` header for an item the file leaves out."""
        return self.item_lines.get(item_key, self.header_line)

    def error(self, item_key: str, message: str) -> LineError:
        return LineError(self.path, self.line_of(item_key), message)


def read_checklist_answers(text: str, shown: str) -> AnswersFile:
    """The answers of a file and where they are; nothing is answered when `errors` is not empty."""
    read = AnswersFile(shown)
    source = parse_toml(text, shown)
    if isinstance(source, LineError):
        read.errors.append(source)
        return read
    read.header_line, read.item_lines = source.table_lines(TABLE)
    table = source.data.get(TABLE)
    if not isinstance(table, dict) or not table:
        read.errors.append(LineError(shown, 1, _("no [answers] table: see docs/checklist-answers.md")))
        return read
    read.errors.extend(source.error(source.top_level_line(key), _("unknown key '{key}': an answers file holds one [answers] table").format(
        key=key)) for key in source.data if key != TABLE)
    for key, value in table.items():
        if isinstance(value, dict) and set(value) <= {"answer", "reason"} and isinstance(value.get("answer"), str) \
                and isinstance(value.get("reason", ""), str):
            read.answers[key] = (value["answer"], value.get("reason", ""))
        elif isinstance(value, str):
            read.answers[key] = (value, "")
        else:
            read.errors.append(read.error(key, _('{item}: expected "ok", "not_ok", "not_applicable" or {{ answer = "...", reason = "..." }}').format(
                item=key)))
    if read.errors:
        read.answers = {}
    return read
