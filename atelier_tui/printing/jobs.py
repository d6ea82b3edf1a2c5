"""Printing labels, for every front end: read what the labels say (the permission is checked
there), lay them out as one PDF, write it to a file or queue it on a CUPS printer, and only then
record in the audit trail who printed what. Nothing is recorded for a printing that failed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from atelier_tui.i18n import _
from atelier_tui.printing.destinations import print_pdf, safe_file_name, write_whole
from atelier_tui.printing.label_pdf import labels_pdf
from atelier_tui.printing.layouts import LabelLayout, LayoutError, load_layouts
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.labels.contents import label_contents, tools_of_bench
from atelier_tui.services.labels.printed import record_printed


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


@dataclass(frozen=True)
class LabelsPdf:
    kind: str
    keys: tuple[str, ...]
    count: int
    layout: LabelLayout
    data: bytes

    @property
    def file_name(self) -> str:
        """label-tool-AT-00001.pdf, label-lot-12-labels.pdf: what is printed, for a file or a browser."""
        named = self.keys[0] if len(self.keys) == 1 else f"{len(self.keys)}-labels"
        return safe_file_name(f"label-{self.kind}-{named}") + ".pdf"


def labels_document(engine: Engine, actor: Actor, kind: str, keys: Sequence[str], layout_key: str | None = None) -> LabelsPdf:
    """The labels of `keys` as one PDF, on the layout named (the file's first when none is)."""
    layout = layout_named(layout_key)
    labels = label_contents(engine, actor, kind, keys)
    return LabelsPdf(kind, tuple(keys), len(labels), layout, labels_pdf(labels, kind, layout, title=_("Labels")))


def record_labels_delivered(engine: Engine, actor: Actor, now: datetime, document: LabelsPdf, printer: str | None = None,
                            pdf: Path | None = None, browser: bool = False) -> None:
    record_printed(engine, actor, now, document.kind, list(document.keys), document.layout.key, printer=printer,
                   pdf=str(pdf) if pdf else None, browser=browser)


def print_labels(engine: Engine, actor: Actor, now: datetime, kind: str, keys: Sequence[str], layout_key: str | None = None,
                 pdf: Path | None = None, printer: str | None = None) -> PrintedLabels:
    """Exactly one of `pdf` (a file to write) and `printer` (a CUPS queue)."""
    if (pdf is None) == (printer is None):
        raise ServiceError(_("give either a PDF file or a printer"), field="pdf")
    document = labels_document(engine, actor, kind, keys, layout_key)
    job = ""
    if pdf is not None:
        write_whole(pdf, document.data)
    else:
        assert printer is not None
        job = print_pdf(document.data, printer, _("atelier labels"))
    record_labels_delivered(engine, actor, now, document, printer=printer, pdf=pdf)
    return PrintedLabels(kind, document.count, document.layout, pdf, printer, job)
