"""`atelier print ...`: labels as a PDF file or on a CUPS printer (atelier_tui/printing/jobs.py,
the same path the workstation prints through).

    atelier print label tool|lot|bench|location KEY... [--layout NAME] (--pdf FILE | --printer NAME)
    atelier print label tool --bench CODE [--layout NAME] (--pdf FILE | --printer NAME)

A lot's KEY is SUPPLY/LOT (the supply's catalog key, its lot number). Exit 0 printed (or written),
1 refused by the workshop's state (a bench with no tools), 2 bad input (an unknown key, layout or
printer; no printer tool)."""

from __future__ import annotations

from pathlib import Path

import click

from atelier_tui.cli.common import acting_person, fail, now, ready, refusing
from atelier_tui.cli.output import echo, echo_json, shown
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _, ngettext

_ARGUMENTS = {"keys": "KEY", "kind": "KIND"}
_KINDS = ("tool", "lot", "bench", "location")


@click.group("print", cls=ValueGroup)
def print_group() -> None:
    """Print labels (to a PDF file or a CUPS printer)."""


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
        echo(ngettext("{count} label ({layout}) written to {path}", "{count} labels ({layout}) written to {path}", printed.count).format(
            count=printed.count, layout=printed.layout.key, path=shown(printed.pdf.resolve())))
    else:
        echo(ngettext("{count} label ({layout}) sent to printer {printer}{job}", "{count} labels ({layout}) sent to printer {printer}{job}",
                      printed.count).format(
            count=printed.count, layout=printed.layout.key, printer=shown(printed.printer),
            job=f" ({printed.job})" if printed.job else ""))
