"""Where a finished PDF goes on the workshop's side: a file written whole, and a CUPS printer.
Any PDF (labels, and the documents of issue 19) reaches a person in a terminal (local or over SSH)
this way: printed when a printer is set, and always saved in the documents folder, the one copy a
person at a remote terminal can still open or forward."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from pathlib import Path

from atelier_tui.i18n import _
from atelier_tui.printing.spool import PrintingFailed, send_to_printer
from atelier_tui.services.context import ServiceError

_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")  # a lot's key holds a slash


@dataclass(frozen=True)
class Handed:
    """Where a PDF went: the file saved, and the printer's queue and job, if any."""

    path: Path
    printer: str | None = None
    job: str = ""  # the id CUPS gave the job


def safe_file_name(text: str) -> str:
    """`text` as a file name every system and browser keeps as it is."""
    return _FILE_UNSAFE.sub("_", text).strip("_.") or "document"


def stamped(file_name: str, now: datetime) -> str:
    """The name with the time before its extension: a second printing never replaces the first."""
    stem, dot, extension = file_name.rpartition(".")
    if not dot:
        stem, extension = file_name, "pdf"
    return f"{stem}-{now:%Y%m%d-%H%M%S}.{extension}"


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


def save_in_folder(folder: Path, file_name: str, data: bytes) -> Path:
    """The PDF saved as `file_name` in `folder` (made if need be), never over a file already
    there: the same document printed twice within a second (a key pressed twice, two people at
    the same sheet) is saved as NAME-2.pdf, NAME-3.pdf... Its full path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failed:
        raise ServiceError(_("{path}: cannot make the documents folder ({reason})").format(
            path=folder, reason=failed.strerror or failed), field="documents_folder") from None
    stem, _dot, extension = file_name.rpartition(".")
    for number in count(1):
        path = folder.resolve() / (file_name if number == 1 else f"{stem}-{number}.{extension}")
        if _write_new(path, data):
            return path
    raise AssertionError("unreachable")  # count() never ends


def _write_new(path: Path, data: bytes) -> bool:
    """Write `path` whole, unless a file of that name is there (then False, nothing written):
    linked into place from a finished temporary file, which no other writer can replace."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.link(temporary, path)
        except FileExistsError:
            return False
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as failed:
        raise ServiceError(_("{path}: cannot write the PDF ({reason})").format(
            path=path, reason=failed.strerror or failed), field="pdf") from None
    return True


def print_pdf(data: bytes, printer: str, title: str) -> str:
    """Queued on `printer`; the job id. A refusal of CUPS is one line, about the printer."""
    try:
        return send_to_printer(data, printer, title)
    except PrintingFailed as failed:
        raise ServiceError(str(failed), field="printer") from None


def hand_to_workshop(data: bytes, file_name: str, title: str, printer: str | None, folder: Path, now: datetime) -> Handed:
    """Printed on `printer` when one is given, then saved in `folder` under `file_name` stamped
    with the time. Printed first: a printer that refuses leaves no file claiming a printing."""
    job = print_pdf(data, printer, title) if printer else ""
    path = save_in_folder(folder, stamped(safe_file_name(file_name), now), data)
    return Handed(path, printer, job)
