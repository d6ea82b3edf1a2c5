"""`e` on a sheet: the Markdown export goes where the person says. In a terminal (local or over
SSH) a form asks for the path, pre-filled with their documents folder and a file named after the
order, and the notice gives the full path written; in a browser tab (textual-serve) the file is
handed to the browser, which saves it on the person's own machine (issue 17: the export landed in
whatever folder the process was started from, on the server)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from atelier_tui.i18n import N_, _
from atelier_tui.services.context import ServiceError
from atelier_tui.tui.screens.form import FormField, FormModal, Required


def export_name(reference: str) -> str:
    return "fiche-{ref}.md".format(ref=re.sub(r"[^A-Za-z0-9._-]+", "_", reference))


def default_export_path(reference: str) -> Path:
    """The user's documents folder (their home folder when there is none), the file named after the order."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return (documents if documents.is_dir() else Path.home()) / export_name(reference)


def export_target(typed: str, reference: str) -> Path:
    """The file the typed path names: a folder gets the default file name; refused (field `path`)
    unless the path is absolute (or starts with ~) and its folder exists."""
    path = Path(typed.strip()).expanduser()
    if not path.is_absolute():
        raise ServiceError(_("path: give the full path, from / or ~ (the folder atelier runs in is nobody's)"), field="path")
    if path.is_dir():
        path = path / export_name(reference)
    if not path.parent.is_dir():
        raise ServiceError(_("path: the folder {folder} does not exist").format(folder=path.parent), field="path")
    return path


def overwrite_question(context: Any, reference: str, typed: str) -> str:
    """Asked before a file already there is replaced; "" when there is none."""
    path = export_target(typed, reference)
    return _("{path} exists: replace it with this export?").format(path=path) if path.exists() else ""


def write_export(context: Any, reference: str, language: str, typed: str) -> Path:
    from atelier_tui.services.sheets.markdown import sheet_markdown

    path = export_target(typed, reference)
    text = sheet_markdown(context.engine(), reference, language)
    temporary = path.with_name(path.name + ".part")
    try:  # written whole, then put in place: never half a file under the name given
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ServiceError(_("path: {path} cannot be written ({reason})").format(path=path, reason=error.strerror or error),
                           field="path") from None
    return path


def sheet_text(context: Any, reference: str, language: str) -> str:
    from atelier_tui.services.sheets.markdown import sheet_markdown

    return sheet_markdown(context.engine(), reference, language)


class SheetExport:
    """Mixed into the sheet screen, which has `reference`."""

    reference: str

    def action_export(self) -> None:
        from atelier_tui.i18n import language

        reference, chosen_language = self.reference, language()
        if self.app.is_web:  # type: ignore[attr-defined]
            self.call(sheet_text, reference, chosen_language, then=self._deliver)  # type: ignore[attr-defined]
            return
        form = FormModal(
            _("Export the sheet of {reference} as Markdown").format(reference=reference),
            [FormField("path", N_("Save to (full path)"), value=str(default_export_path(reference)), validators=[Required(_("path"))])],
            lambda context, values: write_export(context, reference, chosen_language, values["path"]),
            submit_label=N_("Export"),
            confirm=lambda context, values: overwrite_question(context, reference, values["path"]),
        )
        self.app.push_screen(form, lambda path: path is not None and self.app.notify(  # type: ignore[attr-defined]
            _("Sheet exported to {path}").format(path=path), timeout=10))

    def _deliver(self, text: str) -> None:
        name = export_name(self.reference)
        self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type="text/markdown")  # type: ignore[attr-defined]
        self.app.notify(_("Sheet sent to your browser as {name}").format(name=name), timeout=10)  # type: ignore[attr-defined]
