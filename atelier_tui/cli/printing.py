"""`atelier print ...`: labels and documents as a PDF file or on a CUPS printer
(atelier_tui/printing/jobs.py and documents.py, the same paths the workstation prints through).

    atelier print label tool|lot|bench|location KEY... [--layout NAME] (--pdf FILE | --printer NAME)
    atelier print label tool --bench CODE [--layout NAME] (--pdf FILE | --printer NAME)
    atelier print sheet REF | picklist REF | record ID | due [--within DAYS] | review ID
                                          [--pdf FILE | --printer NAME]

A lot's KEY is SUPPLY/LOT (the supply's catalog key, its lot number). A document is in the
interface's language; with neither --pdf nor --printer it goes to the `document_printer` of the
settings. Exit 0 printed (or written), 1 refused by the workshop's state (a bench with no tools,
an order with no sheet yet or nothing reserved, nothing due), 2 bad input (an unknown key, layout
or printer; no printer tool)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import RECORD_ID, acting_person, fail, now, ready, refusing
from atelier_tui.cli.output import echo, echo_json, shown
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _

_ARGUMENTS = {"keys": "KEY", "kind": "KIND"}
_DOCUMENT_ARGUMENTS = {"order": "REF", "record": "ID", "review": "ID"}
_KINDS = ("tool", "lot", "bench", "location")


@click.group("print", cls=ValueGroup)
def print_group() -> None:
    """Print labels and documents (to a PDF file or a CUPS printer)."""


@print_group.command("label")
@click.argument("kind", type=click.Choice(_KINDS))
@click.argument("keys", nargs=-1, metavar="KEY...")
@click.option("--bench", "bench_code", default=None, metavar="CODE", help="Every tool of this bench (with KIND tool).")
@click.option("--layout", default=None, metavar="NAME", help="A layout of catalogs/labels.toml (default: its first).")
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the labels to this PDF file.")
@click.option("--printer", default=None, metavar="NAME", help="Print on this CUPS printer (through lp).")
@click.option("--json", "as_json", is_flag=True, help="Say what was printed as JSON.")
@click.pass_context
def print_label(ctx: click.Context, kind: str, keys: tuple[str, ...], bench_code: str | None, layout: str | None,
                pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """Labels of tools (asset tag), lots (SUPPLY/LOT), benches or store locations (code).

    Example: atelier print label tool --bench QZ-01 --pdf labels.pdf"""
    from atelier_tui.printing.jobs import bench_tool_keys, print_labels

    if (pdf_file is None) == (printer is None):
        fail(_("give either --pdf FILE or --printer NAME"))
    if bench_code is not None and (kind != "tool" or keys):
        fail(_("--bench prints the labels of a bench's tools: give it with KIND tool and no KEY"))
    if bench_code is None and not keys:
        fail(_("KEY: give at least one key (or --bench CODE for every tool of a bench)"))
    engine = ready(ctx)
    actor = acting_person()
    with refusing(_ARGUMENTS):
        wanted = bench_tool_keys(engine, actor, bench_code) if bench_code is not None else list(keys)
        printed = print_labels(engine, actor, now(), kind, wanted, layout, pdf=pdf_file, printer=printer)
    if as_json:
        echo_json({"kind": printed.kind, "count": printed.count, "layout": printed.layout.key,
                   "pdf": str(printed.pdf.resolve()) if printed.pdf else None, "printer": printed.printer, "job": printed.job or None})
        return
    if printed.pdf is not None:
        echo(_("{count} labels ({layout}) written to {path}").format(
            count=printed.count, layout=printed.layout.key, path=shown(printed.pdf.resolve())))
    else:
        echo(_("{count} labels ({layout}) sent to printer {printer}{job}").format(
            count=printed.count, layout=printed.layout.key, printer=shown(printed.printer),
            job=f" ({printed.job})" if printed.job else ""))


def _document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed((
        click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write the document to this PDF file."),
        click.option("--printer", default=None, metavar="NAME",
                     help="Print on this CUPS printer (default: the document_printer setting)."),
        click.option("--json", "as_json", is_flag=True, help="Say what was printed as JSON."),
    )):
        command = option(command)
    return click.pass_context(command)


def _print_document(ctx: click.Context, kind: str, key: str | int | None, pdf_file: Path | None, printer: str | None,
                    as_json: bool) -> None:
    from atelier_tui.i18n import language
    from atelier_tui.printing.documents import print_document
    from atelier_tui.settings import load_settings

    if pdf_file is not None and printer is not None:
        fail(_("give either --pdf FILE or --printer NAME, not both"))
    if pdf_file is None and printer is None:
        printer = load_settings().document_printer
        if not printer:
            fail(_("give --pdf FILE or --printer NAME (no document_printer is set in the settings)"))
    engine = ready(ctx)
    with refusing(_DOCUMENT_ARGUMENTS):
        printed = print_document(engine, acting_person(), now(), kind, key, pdf=pdf_file, printer=printer, language=language())
    if as_json:
        echo_json({"kind": printed.kind, "key": printed.key, "language": printed.language, "pages": printed.pages,
                   "pdf": str(printed.pdf.resolve()) if printed.pdf else None, "printer": printed.printer, "job": printed.job or None})
        return
    pages = _("1 page") if printed.pages == 1 else _("{count} pages").format(count=printed.pages)
    if printed.pdf is not None:
        echo(_("{kind} {key} ({pages}) written to {path}").format(
            kind=printed.kind, key=printed.key, pages=pages, path=shown(printed.pdf.resolve())))
    else:
        echo(_("{kind} {key} ({pages}) sent to printer {printer}{job}").format(
            kind=printed.kind, key=printed.key, pages=pages, printer=shown(printed.printer),
            job=f" ({printed.job})" if printed.job else ""))


@print_group.command("sheet")
@click.argument("reference", metavar="REF")
@_document_options
def print_sheet(ctx: click.Context, reference: str, pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """The intervention sheet of order REF: steps, measurements, lots, anomalies, signatures.

    Example: atelier print sheet OR-2026-0042 --pdf sheet.pdf"""
    _print_document(ctx, "sheet", reference, pdf_file, printer, as_json)


@print_group.command("picklist")
@click.argument("reference", metavar="REF")
@_document_options
def print_picklist(ctx: click.Context, reference: str, pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """The pick list of order REF: the lots `order prepare` reserved, in walking order.

    Example: atelier print picklist OR-2026-0042 --printer Office"""
    _print_document(ctx, "picklist", reference, pdf_file, printer, as_json)


@print_group.command("record")
@click.argument("record_id", metavar="ID", type=RECORD_ID)
@_document_options
def print_record(ctx: click.Context, record_id: int, pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """The calibration or verification record ID (`maintenance record --json` gives it).

    Example: atelier print record 231 --pdf calibration.pdf"""
    _print_document(ctx, "record", record_id, pdf_file, printer, as_json)


@print_group.command("due")
@click.option("--within", "within_days", type=click.IntRange(0, 36_500), default=None,
              help="Only what is not ok or falls due within DAYS days.")
@_document_options
def print_due(ctx: click.Context, within_days: int | None, pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """The due list, as `maintenance due` gives it.

    Example: atelier print due --within 14 --pdf due.pdf"""
    _print_document(ctx, "due", within_days, pdf_file, printer, as_json)


@print_group.command("review")
@click.argument("review_id", metavar="ID", type=RECORD_ID)
@_document_options
def print_review(ctx: click.Context, review_id: int, pdf_file: Path | None, printer: str | None, as_json: bool) -> None:
    """The out-of-tolerance review ID: the sheets the instrument served and the decisions.

    Example: atelier print review 3 --pdf review.pdf"""
    _print_document(ctx, "review", review_id, pdf_file, printer, as_json)
