"""`atelier serve web`, end to end: the real command serving a copy of the demo workshop, fetched
over HTTP and driven over textual-serve's websocket as a browser would (a resize, then key presses
as "stdin" messages; the screen comes back as the terminal output of that tab's own `atelier`
process). Without an identity every tab reads only; with `--as` from a gateway account every tab is
that person's workstation. Each server is stopped with SIGTERM and must leave no tab's process behind."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from sqlmodel import update

from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, write_session
from atelier_tui.store.models import Staff

pytestmark = pytest.mark.slow

ATELIER = str(Path(sys.executable).parent / "atelier")
# Terminal control sequences (CSI, OSC, charset and keypad modes): removed, the drawn text stays.
CONTROL = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment() -> dict[str, str]:
    return {**os.environ, "ATELIER_LANG": "en"}


def _tabs_left(db: Path) -> list[int]:
    """The processes serving a browser tab of this test's database (their command line names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
        except OSError:
            continue
        if b"atelier_tui.remote.web_server" in command and str(db).encode() in command:
            found.append(int(entry.name))
    return found


class Tab:
    """One browser tab: textual-serve's websocket, and the text its terminal has drawn so far.

    A task reads the websocket all along, as a browser does: a page that stops reading while it
    types fills the server's buffers, and the server, blocked writing to it, stops reading its
    keys (the test then waits on a key forever)."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.drawn = ""
        self.said: list[object] = []  # the JSON messages for the page itself (a file delivered, a URL to open)
        self.closed = ""  # why the websocket closed, once it has
        self.heard = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while not self.closed:
            message = await self.websocket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self.drawn += self.decoder.decode(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.said.append(message.json())
            else:
                self.closed = repr(message.type)
            self.heard.set()

    async def press(self, key: str) -> None:
        self.drawn = ""
        await self.websocket.send_json(["stdin", key])

    async def _until(self, done: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.heard.clear()
            if done():
                return
            if self.closed:
                raise AssertionError(f"the websocket closed ({self.closed}) before {what}; drawn:\n{self.screen_text()}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{what} not within {timeout} s; drawn:\n{self.screen_text()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.heard.wait(), left)

    def screen_text(self) -> str:
        return CONTROL.sub("", self.drawn)[-3000:]

    async def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        await self._until(lambda: all(text in CONTROL.sub("", self.drawn) for text in texts), f"{texts} drawn", timeout)
        return CONTROL.sub("", self.drawn)

    async def wait_for_message(self, kind: str, timeout: float = 20.0) -> list[object]:
        """The first JSON message of `kind` the page is sent."""
        def found() -> list[object]:
            return [m for m in self.said if isinstance(m, list) and m and m[0] == kind]

        await self._until(lambda: bool(found()), f"a {kind!r} message", timeout)
        return found()[0]


@asynccontextmanager
async def serving(db: Path, *before: str, options: tuple[str, ...] = (),
                  opens_tabs: bool = True) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    """`atelier [BEFORE] serve web [OPTIONS]` on a free port until the block ends, then SIGTERM: it
    must end at once, cleanly, and take every tab's process with it."""
    port = _free_port()
    server = subprocess.Popen([ATELIER, "--db", str(db), *before, "serve", "web", "--listen", f"127.0.0.1:{port}",
                               *options],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment())
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as client:
            deadline = time.monotonic() + 20
            while True:  # listening once a connection is accepted
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"the server did not listen: {server.communicate()}") from None
                    await asyncio.sleep(0.1)
            yield url, client
            if opens_tabs:
                assert _tabs_left(db), "the tabs' processes were not found: the check below would prove nothing"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            out, err = server.communicate(timeout=8)
        except subprocess.TimeoutExpired:
            server.kill()
            out, err = server.communicate()
            raise AssertionError(f"the server did not stop within 8 s of SIGTERM: {out}{err}") from None
        # A tab's process ends once its server has answered the signal (its pipe closes): at once on
        # an idle machine, a few seconds on a busy one.
        deadline = time.monotonic() + 15
        while _tabs_left(db) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        left = _tabs_left(db)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert server.returncode == 0, (out, err)
    assert "Traceback" not in out + err, out + err
    assert left == [], "a tab's atelier process outlived its server"
    assert f"at {url}/ (listening on 127.0.0.1:{port}), " in out, out  # the one line it prints


async def _open_tab(url: str, client: aiohttp.ClientSession, width: int = 80, height: int = 24) -> Tab:
    """What a browser does with the page: connect to the websocket the page names, then say its size."""
    async with client.get(url + "/") as page:
        assert page.status == 200
        html = await page.text()
    assert "<div>atelier</div>" in html  # the title on textual-serve's start screen
    websocket_url = re.search(r'data-session-websocket-url="([^"]+)"', html)
    assert websocket_url is not None and websocket_url.group(1) == url.replace("http:", "ws:") + "/ws", html
    tab = Tab(await client.ws_connect(websocket_url.group(1) + f"?width={width}&height={height}", origin=url))
    await tab.websocket.send_json(["resize", {"width": width, "height": height}])
    return tab


async def test_without_an_identity_every_tab_only_reads(demo_db: Path) -> None:
    async with serving(demo_db) as (url, client):
        tab = await _open_tab(url, client)
        await tab.wait_for("Dashboard — read-only", "Test runner — admin")  # the OS account running the server
        await tab.press("3")
        tools = await tab.wait_for("Tools — read-only", "of 150", "Quit")
        # An admin may check tools out, but this workstation offers no change: no key for it is drawn.
        for change in ("Check out", "Check in", "Out of service"):
            assert change not in tools, tools
        # A page of another site cannot open a tab: the browser names it, and it is refused.
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(url.replace("http:", "ws:") + "/ws", origin="http://elsewhere.example")
        assert refused.value.status == 403


async def test_with_an_identity_every_tab_acts_for_that_person(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    with write_session(engine) as session:  # this OS account becomes the gateway, as for an SSH key set-up
        session.exec(update(Staff).where(Staff.login == os_account()).values(role="gateway"))  # type: ignore[call-overload]
    engine.dispose()
    async with serving(demo_db, "--as", "cmartin") as (url, client):
        tab = await _open_tab(url, client)
        await tab.wait_for("Claire Martin — lead")
        await tab.press("3")
        tools = await tab.wait_for("Tools", "of 150", "Check out")  # a lead's keys
        assert "read-only" not in tools
        second = await _open_tab(url, client)  # another tab: another workstation, in its own process
        await second.wait_for("Claire Martin — lead")
        assert len(_tabs_left(demo_db)) == 2


async def _refused_tab(url: str, client: aiohttp.ClientSession, origin: str, host: str | None = None) -> int:
    """The HTTP status a websocket opened by the page of `origin` (naming `host`) is refused with."""
    headers = {"Host": host} if host else {}
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect(url.replace("http:", "ws:") + "/ws", origin=origin, headers=headers)
    return refused.value.status


async def test_a_page_on_another_port_or_scheme_of_this_machine_cannot_open_a_tab(demo_db: Path) -> None:
    async with serving(demo_db, opens_tabs=False) as (url, client):
        port = int(url.rsplit(":", 1)[1])
        assert await _refused_tab(url, client, f"http://127.0.0.1:{port + 1}") == 403  # another program's page
        assert await _refused_tab(url, client, f"https://127.0.0.1:{port}") == 403
        assert await _refused_tab(url, client, f"http://localhost:{port}", host=f"127.0.0.1:{port}") == 403
        assert _tabs_left(demo_db) == []


async def test_a_name_rebound_to_this_machine_is_answered_nothing(demo_db: Path) -> None:
    async with serving(demo_db, opens_tabs=False) as (url, client):
        port = int(url.rsplit(":", 1)[1])
        # DNS rebinding: a page of rebound.example, its name now pointing at 127.0.0.1, asks with its own name.
        rebound = f"rebound.example:{port}"
        async with client.get(url + "/", headers={"Host": rebound}) as page:
            assert page.status == 421
            assert f"this server does not answer to '{rebound}'" in await page.text()
        assert await _refused_tab(url, client, f"http://{rebound}", host=rebound) == 421
        assert _tabs_left(demo_db) == []
        # This machine's own names for a server listening on it are answered.
        for host in (f"localhost:{port}", f"[::1]:{port}"):
            async with client.get(url + "/", headers={"Host": host}) as page:
                assert page.status == 200, host


async def test_a_tab_beyond_max_tabs_is_told_to_close_one(demo_db: Path) -> None:
    async with serving(demo_db, options=("--max-tabs", "1")) as (url, client):
        first = await _open_tab(url, client)
        await first.wait_for("Dashboard — read-only")
        async with client.get(url + "/") as page:
            assert page.status == 503
            assert "1 tabs are open, the most this server allows (--max-tabs)" in await page.text()
        second = await client.ws_connect(url.replace("http:", "ws:") + "/ws", origin=url)
        told = await second.receive(timeout=20)  # written on the tab's terminal, where the person looks
        assert told.type == aiohttp.WSMsgType.BINARY and b"1 tabs are open" in told.data, told
        closed = await second.receive(timeout=20)
        assert closed.type == aiohttp.WSMsgType.CLOSE and closed.data == 1013, closed
        assert closed.extra == "too many tabs (1, --max-tabs)"
        assert len(_tabs_left(demo_db)) == 1


def _refusal(arguments: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([ATELIER, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_environment())


def test_refusals_are_one_line_and_exit_code_2(demo_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # Started together: each is a whole `atelier` start-up.
        refused = {
            "not HOST:PORT": _refusal(["--db", str(demo_db), "serve", "web", "--listen", "nonsense"]),
            "is not an http:// or https:// address": _refusal(["--db", str(demo_db), "serve", "web", "--public-url",
                                                                "atelier.example"]),
            "Address already in use": _refusal(["--db", str(demo_db), "serve", "web", "--listen", f"127.0.0.1:{port}"]),
            # --as from an account that is not a gateway (the test runner is the demo's admin).
            "not a gateway account": _refusal(["--db", str(demo_db), "--as", "cmartin", "serve", "web", "--listen",
                                               f"127.0.0.1:{_free_port()}"]),
        }
        for reason, process in refused.items():
            out, err = process.communicate(timeout=30)
            assert (process.returncode, out) == (2, ""), (reason, out, err)
            assert len(err.strip().splitlines()) == 1 and reason in err and "Traceback" not in err, err


async def _download_delivered(tab: Tab, url: str, client: aiohttp.ClientSession, content_type: str,
                              filename: str) -> bytes:
    """What a browser does when the page is told a file is ready: fetch it over HTTP; the file must
    come with its type and its name."""
    delivered = await tab.wait_for_message("deliver_file_start", timeout=60)
    async with client.get(f"{url}/download/{delivered[1]}", timeout=aiohttp.ClientTimeout(total=60)) as download:
        assert download.status == 200
        assert download.headers["Content-Type"].startswith(content_type)
        assert f"filename={filename}" in download.headers["Content-Disposition"]
        return await download.read()


async def _open_the_sheet_of(tab: Tab, reference: str) -> None:
    """From the lead's dashboard to the order's intervention sheet, as a person types: the orders
    view, `/` and the reference key by key (the key right after `/` reaches the filter before the
    others, though it comes before the filter has focus), Enter to the one row left, Enter, `f`."""
    await tab.wait_for("Claire Martin — lead")
    await tab.press("5")
    await tab.wait_for("Orders", "Filter")
    await tab.press("/")
    for key in reference:
        await tab.press(key)
    await tab.wait_for("1–1 of 1", f"filter: {reference}")
    await tab.press("\r")
    await tab.wait_for("Previous page")
    await tab.press("\r")
    await tab.wait_for("Bench / technician")
    await tab.press("f")
    await tab.wait_for("Step 1:")


async def test_e_on_a_sheet_delivers_the_markdown_file_to_the_browser(demo_db: Path) -> None:
    """Issue 17 item 11: in the browser the export is not written on the server but handed to the
    browser (App.deliver_text): the page is told a file is ready, and fetches it over HTTP."""
    from atelier_tui.services.sheets.markdown import sheet_markdown
    from tests.services.test_recorded_as_said import orders_in_progress

    engine = make_engine(f"sqlite:///{demo_db}")
    reference = sorted(orders_in_progress(engine))[0]
    expected = sheet_markdown(engine, reference, "en")
    with write_session(engine) as session:  # the lead's own tab, through the gateway account
        session.exec(update(Staff).where(Staff.login == os_account()).values(role="gateway"))  # type: ignore[call-overload]
    engine.dispose()
    async with serving(demo_db, "--as", "cmartin") as (url, client):
        tab = await _open_tab(url, client, 120, 40)  # wide enough for the whole footer ("< Previous page")
        await _open_the_sheet_of(tab, reference)
        await tab.press("e")
        text = (await _download_delivered(tab, url, client, "text/markdown", f"fiche-{reference}.md")).decode("utf-8")
        assert text == expected
        assert text.startswith(f"# Intervention sheet {reference}")
        await tab.wait_for("Sheet sent to your browser", f"fiche-{reference}.md")  # the notice, wrapped in its toast


async def test_p_on_a_tool_delivers_its_label_pdf_to_the_browser(demo_db: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 item 5: in the browser `P` hands the label's PDF to the browser (App.deliver_binary)
    instead of writing it on the server: it arrives whole, and its code scans back to the tool."""
    from tests.printing.rendered import decoded_pages
    from tests.printing.test_labels_scan_back import demo_keys

    tag = demo_keys(demo_db)["tool"][0]
    documents = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(documents))  # the server's folder, which must stay empty
    monkeypatch.delenv("ATELIER_LABEL_PRINTER", raising=False)
    engine = make_engine(f"sqlite:///{demo_db}")
    with write_session(engine) as session:  # a person's tab: a read-only one may print nothing
        session.exec(update(Staff).where(Staff.login == os_account()).values(role="gateway"))  # type: ignore[call-overload]
    engine.dispose()
    async with serving(demo_db, "--as", "cmartin") as (url, client):
        tab = await _open_tab(url, client, 120, 40)  # wide enough for the footer to show "Print label"
        await tab.wait_for("Claire Martin — lead")
        await tab.press("3")
        await tab.wait_for("Tools", "Filter")
        await tab.press(f"{tag}\r")  # as a scanner types it: the tool opens
        await tab.wait_for("Maintenance history", timeout=60)
        await tab.press("P")
        data = await _download_delivered(tab, url, client, "application/pdf", f"label-tool-{tag}.pdf")
        # The notice, wrapped in its toast.
        await tab.wait_for(f"Label of {tag}:", "sent to your browser as", f"label-tool-{tag}.pdf")
    pdf = tmp_path / "downloaded.pdf"
    pdf.write_bytes(data)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert decoded_pages(pdf, tmp_path / "pages") == [[("QRCode", tag)]]
    assert not documents.exists()  # nothing written on the server
    from tests.tui.test_tui_print_label import last_event

    event = last_event(demo_db)
    assert (event.action, event.actor, event.after["keys"], event.after["browser"]) == ("label.print", "cmartin", [tag], True)


async def test_p_on_a_sheet_delivers_its_pdf_to_the_browser(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 items 4 and 5: in the browser `P` on a sheet hands the intervention sheet's PDF to
    the browser: it arrives whole, reads back with the order's reference, and nothing is written
    on the server; the printing is audited as delivered to the browser."""
    from tests.services.test_recorded_as_said import orders_in_progress
    from tests.tui.test_tui_print_document import pdf_text
    from tests.tui.test_tui_print_label import last_event

    engine = make_engine(f"sqlite:///{demo_db}")
    reference = sorted(orders_in_progress(engine))[0]
    with write_session(engine) as session:  # a person's tab: a read-only one may print nothing
        session.exec(update(Staff).where(Staff.login == os_account()).values(role="gateway"))  # type: ignore[call-overload]
    engine.dispose()
    documents = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(documents))  # the server's folder, which must stay empty
    monkeypatch.delenv("ATELIER_DOCUMENT_PRINTER", raising=False)
    async with serving(demo_db, "--as", "cmartin") as (url, client):
        tab = await _open_tab(url, client, 120, 40)
        await _open_the_sheet_of(tab, reference)
        await tab.press("P")
        data = await _download_delivered(tab, url, client, "application/pdf", f"sheet-{reference}.pdf")
        await tab.wait_for(f"Sheet of {reference}:", "sent to your browser as", f"sheet-{reference}.pdf")
    pdf = tmp_path / "downloaded.pdf"
    pdf.write_bytes(data)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert reference in pdf_text(pdf)
    assert not documents.exists()  # nothing written on the server
    event = last_event(demo_db)
    assert (event.action, event.actor, event.entity_key, event.after["kind"], event.after["browser"]) == (
        "document.print", "cmartin", reference, "sheet", True)


async def test_p_in_the_planner_delivers_the_calibration_record_to_the_browser(demo_db: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19 items 3 to 5: the record an auditor asks for, printed from the planner in a
    browser tab, arrives in the browser whole and reads back; nothing is written on the server."""
    from tests.tui.test_tui_print_document import pdf_text
    from tests.tui.test_tui_print_label import last_event

    engine = make_engine(f"sqlite:///{demo_db}")
    with write_session(engine) as session:  # the lead's own tab, through the gateway account
        session.exec(update(Staff).where(Staff.login == os_account()).values(role="gateway"))  # type: ignore[call-overload]
    engine.dispose()
    documents = tmp_path / "documents"
    monkeypatch.setenv("ATELIER_DOCUMENTS", str(documents))
    monkeypatch.delenv("ATELIER_DOCUMENT_PRINTER", raising=False)
    async with serving(demo_db, "--as", "cmartin") as (url, client):
        tab = await _open_tab(url, client, 120, 40)
        await tab.wait_for("Claire Martin — lead")
        await tab.press("6")
        await tab.wait_for("Grouped by bench")  # loaded: keys typed while it loads have no list to go to
        await tab.press("/")
        for key in "tool:AT-00046":
            await tab.press(key)
        await tab.wait_for("filter: tool:AT-00046", "Overdue — 1 ")  # one tool's slot, not 16
        await tab.press("\r")
        await tab.wait_for("P Print")  # the list has the focus (in the filter field, P is a letter)
        await tab.press("P")
        data = await _download_delivered(tab, url, client, "application/pdf", "record-")
        await tab.wait_for("Record of AT-00046", "your browser as record-")  # the notice, wrapped in its toast
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(data)
    text = pdf_text(pdf)
    assert "Calibration record" in text and "AT-00046 — Timegrapher (rate tester)" in text
    assert not documents.exists()
    event = last_event(demo_db)
    assert (event.action, event.actor, event.after["kind"], event.after["browser"]) == ("document.print", "cmartin", "record", True)
