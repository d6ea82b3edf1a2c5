"""Sending a PDF to a printer through CUPS: `lp -d PRINTER`, the PDF on its standard input. CUPS
converts it for the printer (a label printer's driver, an IPP Everywhere printer); which server
is asked is CUPS's own choice (CUPS_SERVER, client.conf)."""

from __future__ import annotations

import re
import shutil
import subprocess

from atelier_tui.i18n import _

_LP_SECONDS = 60  # lp only hands the job to the scheduler: past this the scheduler is not answering


_LP_PREFIX = re.compile(r"^\S*lp: (Error - )?")  # "/usr/bin/lp: Error - The printer or class does not exist."


class PrintingFailed(Exception):
    """The job did not reach the printer's queue: one line saying why."""


def send_to_printer(pdf: bytes, printer: str, title: str) -> str:
    """Queue the PDF on `printer`; the job id CUPS gives (e.g. "labels-12")."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintingFailed(_("printing needs CUPS's lp command, which is not installed (Debian: cups-client)"))
    try:
        done = subprocess.run([lp, "-d", printer, "-t", title, "-o", "document-format=application/pdf", "-"], input=pdf,
                              capture_output=True, timeout=_LP_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise PrintingFailed(_("printer '{printer}': the print server did not answer within {seconds} s").format(
            printer=printer, seconds=_LP_SECONDS)) from None
    said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
    if done.returncode != 0:
        reason = _LP_PREFIX.sub("", said[-1]) if said else _("lp failed")
        raise PrintingFailed(_("printer '{printer}': {reason}").format(printer=printer, reason=reason))
    words = done.stdout.decode("utf-8", "replace").split()
    # "request id is labels-12 (1 file(s))"
    return words[3] if len(words) > 3 and words[:3] == ["request", "id", "is"] else ""
