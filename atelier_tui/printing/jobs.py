"""Printing labels, for every front end: read what the labels say (the permission is checked
there), lay them out as one PDF, write it to a file or queue it on a CUPS printer, and only then
record in the audit trail who printed what. Nothing is recorded for a printing that failed."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from atelier_tui.i18n import _
from atelier_tui.printing.label_pdf import labels_pdf
from atelier_tui.printing.layouts import LabelLayout, LayoutError, load_layouts
from atelier_tui.printing.spool import PrintingFailed, send_to_printer
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.labels.contents import label_contents, tools_of_bench
from atelier_tui.services.labels.printed import record_printed

_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")  # a lot's key holds a slash


@dataclass(frozen=True)
class PrintedLabels:
    kind: str
    count: int
    layout: LabelLayout
    pdf: Path | None = None
    printer: str | None = None
    job: str = ""  # the id CUPS gave the job


def layout_named(key: str | None) -> LabelLayout:
    """The layout `key` of catalogs/labels.toml, or the file's first when none is named."""
    try:
        layouts = load_layouts()
    except LayoutError as wrong:
        raise ServiceError(str(wrong), field="layout") from None
    if key is None:
        return next(iter(layouts.values()))
    if key not in layouts:
        raise ServiceError(_("layout '{key}': no such layout (expected one of {keys})").format(
            key=key, keys=", ".join(layouts)), field="layout")
    return layouts[key]


def bench_tool_keys(engine: Engine, actor: Actor, bench_code: str) -> list[str]:
    """Every tool of a bench; refused when it has none (a "no" of the workshop, not bad input)."""
    tags = tools_of_bench(engine, actor, bench_code)
    if not tags:
        raise WorkshopRefusal(_("bench '{code}' has no tools").format(code=bench_code), field="bench")
    return tags


def print_labels(engine: Engine, actor: Actor, now: datetime, kind: str, keys: Sequence[str], layout_key: str | None = None,
                 pdf: Path | None = None, printer: str | None = None) -> PrintedLabels:
    """Exactly one of `pdf` (a file to write) and `printer` (a CUPS queue)."""
    if (pdf is None) == (printer is None):
        raise ServiceError(_("give either a PDF file or a printer"), field="pdf")
    layout = layout_named(layout_key)
    labels = label_contents(engine, actor, kind, keys)
    document = labels_pdf(labels, kind, layout, title=_("Labels"))
    job = ""
    if pdf is not None:
        write_whole(pdf, document)
    else:
        assert printer is not None
        try:
            job = send_to_printer(document, printer, _("atelier labels"))
        except PrintingFailed as failed:
            raise ServiceError(str(failed), field="printer") from None
    record_printed(engine, actor, now, kind, list(keys), layout.key, printer=printer, pdf=str(pdf) if pdf else None)
    return PrintedLabels(kind, len(labels), layout, pdf, printer, job)


def write_whole(path: Path, data: bytes) -> None:
    """The file appears whole or not at all (a half-written PDF would print garbage)."""
    try:
        folder = path.resolve().parent
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as failed:
        raise ServiceError(_("{path}: cannot write the PDF ({reason})").format(
            path=path, reason=failed.strerror or failed), field="pdf") from None


def print_from_workstation(engine: Engine, actor: Actor, now: datetime, kind: str, keys: Sequence[str]) -> PrintedLabels:
    """On the label printer of the settings, with the default layout; with no printer set, a PDF
    in the documents folder (made if need be), named after the key and the time."""
    from atelier_tui.settings import documents_folder, load_settings

    settings = load_settings()
    if settings.label_printer:
        return print_labels(engine, actor, now, kind, keys, printer=settings.label_printer)
    folder = documents_folder(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failed:
        raise ServiceError(_("{path}: cannot make the documents folder ({reason})").format(
            path=folder, reason=failed.strerror or failed), field="documents_folder") from None
    name = _FILE_UNSAFE.sub("_", keys[0] if len(keys) == 1 else f"{len(keys)}")
    return print_labels(engine, actor, now, kind, keys, pdf=folder / f"label-{kind}-{name}-{now:%Y%m%d-%H%M%S}.pdf")
