"""The atelier workstation. Only Textual and the screens are imported at start-up: the database
layer (SQLAlchemy, SQLModel, pint) loads in the first worker while the first screen already
shows (shared/engineering-notes.md, "Start-up")."""

from __future__ import annotations

import time
from typing import Any

from textual.app import App
from textual.binding import Binding

from atelier_tui.i18n import N_, _, set_language
from atelier_tui.tui.base import translate_bindings
from atelier_tui.tui.context import AppContext
from atelier_tui.tui.live import REFRESH_DESCRIPTION, LiveRefresh
from atelier_tui.tui.scanner import ScanDetector
from atelier_tui.tui.themes import ThemeChoice
from atelier_tui.tui.views import FIRST_VIEW, VIEWS

TERMINATE_GRACE_SECONDS = 5.0
# How often an open workstation asks whether its person's role changed, or they were taken off the
# staff, when no refusal of theirs has said it first: one indexed query.
STANDING_CHECK_SECONDS = 30.0

# Textual adds this binding itself; translate_bindings shows it in the interface's language.
PALETTE_DESCRIPTION = N_("palette")



def settle_heap() -> None:
    """What start-up built (Textual, SQLAlchemy, pint, the first screen: a few hundred thousand
    objects) lives as long as the process: it leaves the collector's sight. Otherwise every
    full collection walks it again, 130 to 230 ms in the middle of someone's typing on the large
    demo (tests/perf/test_tui_perf.py). Objects freed by reference counting still are."""
    import gc

    gc.freeze()


def _atelier_commands() -> Any:
    """The palette's provider, imported when the palette first opens (textual.command is heavy)."""
    from atelier_tui.tui.commands import AtelierCommands

    return AtelierCommands


class AtelierApp(ThemeChoice, LiveRefresh, App[None]):
    CSS_PATH = ["app.tcss"]
    TITLE = "atelier"
    MODES = {name: view.make_screen for name, view in VIEWS.items()}
    DEFAULT_MODE = FIRST_VIEW
    # atelier's own palette (search, the screen's actions, the theme): Textual's other system
    # commands (screenshots, the keys panel) are not for a bench.
    COMMANDS = {_atelier_commands}
    BINDINGS = [
        # The view keys are listed by `?` (help), not in the footer: a footer of fewer keys leaves
        # room for the screen's own and paints faster.
        *[Binding(view.key, f"switch_view('{name}')", view.title, id=f"view.{name}", show=False) for name, view in VIEWS.items()],
        Binding("colon", "jump", N_("Jump to view"), id="jump", show=False),
        Binding("question_mark,f1", "help", N_("Help"), id="help"),
        Binding("ctrl+r", "refresh_now", REFRESH_DESCRIPTION, id="refresh", show=False),
        Binding("q", "quit", N_("Quit"), id="quit"),
    ]

    def __init__(
        self,
        database_url: str,
        login: str | None = None,
        readonly: bool = False,
        acting_for: str | None = None,
        language: str | None = None,
        scanner_gap_ms: float = 35.0,
        ansi_color: bool = False,
        clock: Any = None,
        first_view: str = FIRST_VIEW,
    ) -> None:
        from atelier_tui.settings import interface_language, load_settings

        # The first mode is read by App.__init__: an instance value opens another view first.
        self.DEFAULT_MODE = first_view if first_view in VIEWS else FIRST_VIEW
        settings = load_settings()
        set_language(language or interface_language(settings))
        super().__init__(ansi_color=ansi_color)
        self._bindings = translate_bindings(self._bindings)
        self.settings_problems = settings.problems
        self.refresh_seconds = settings.refresh_seconds
        self.chosen_theme = settings.theme
        if settings.keys:
            self.set_keymap(settings.keys)
        self.started = time.perf_counter()
        # `login` is trusted as given (embedding, tests); otherwise the OS account decides, see services/staff/identity.py
        self.context = AppContext(database_url=database_url, login=login or _os_login(), readonly=readonly, clock=clock,
                                  acting_for=acting_for, trusted_login=login is not None)
        self.scanner = ScanDetector(gap_seconds=scanner_gap_ms / 1000.0)
        self.first_view = self.DEFAULT_MODE
        self._notice_counts: dict[str, int] = {}  # how many times a shown notice was said (tui/notices.py)

    def view_title(self, name: str) -> str:
        title = VIEWS[name].display_title
        return _("{view} — read-only").format(view=title) if self.context.readonly else title

    def on_mount(self) -> None:
        self.sub_title = self.view_title(self.first_view)
        self.restore_theme(self.chosen_theme)
        self._end_on_terminate()
        self.call_after_refresh(self._first_frame)
        for problem in self.settings_problems:
            self.notify(problem, title=_("Settings"), severity="warning", timeout=10)

    def _end_on_terminate(self) -> None:
        """Asked to end (SIGTERM: the SSH server's idle timeout or shutdown), the workstation ends
        as `q` does, giving the terminal back in order. A hang-up (SIGHUP) keeps its default: the
        terminal is gone, and ending at once is right (every change is already committed)."""
        import asyncio
        import os
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()

        def end(_signal: int, _frame: object) -> None:
            loop.call_soon_threadsafe(self.exit)
            # Ending in order needs a terminal to write to: if it is gone, the process must still end.
            deadline = threading.Timer(TERMINATE_GRACE_SECONDS, os._exit, args=(128 + signal.SIGTERM,))
            deadline.daemon = True
            deadline.start()

        self._replaced_handlers = {signal.SIGTERM: signal.signal(signal.SIGTERM, end)}

    def _restore_signal_handlers(self) -> None:
        import signal

        for sig, handler in getattr(self, "_replaced_handlers", {}).items():
            signal.signal(sig, handler)

    def _first_frame(self) -> None:
        from atelier_tui.errors import log_line

        self.first_frame_ms = (time.perf_counter() - self.started) * 1000
        log_line(f"first screen in {self.first_frame_ms:.0f} ms")
        # Whatever the first view, who is at the keyboard is settled at once (not before the first frame).
        self.run_worker(self._identify_in_background, thread=True, group="identity")
        self.set_interval(STANDING_CHECK_SECONDS, self.check_standing)
        self.start_live_refresh(self.refresh_seconds)

    def log_ready(self) -> None:
        """The first data is on the screen: written once to the log."""
        from atelier_tui.errors import log_line

        if getattr(self, "ready_ms", None) is None:
            self.ready_ms = (time.perf_counter() - self.started) * 1000
            log_line(f"ready in {self.ready_ms:.0f} ms")
            settle_heap()

    def on_paged_table_loaded(self) -> None:
        self.log_ready()

    def identified(self, identity: Any) -> None:
        """Told once the account is matched: an unknown account only reads, a refused `--as` closes."""
        context = self.context
        if identity is not None:
            self.screen.refresh_bindings()  # the keys of what this role may do
            return
        if self._identity_told:
            return
        self._identity_told = True
        if context.refused:
            self.exit(return_code=2, message=context.problem)
            return
        message = context.problem or _("Your account '{login}' is not registered as staff: read-only.").format(login=context.login)
        self.notify(message + " " + _("(read-only)"), severity="warning", timeout=15)
        self.sub_title = self.view_title(self.current_mode)

    _identity_told = False

    def _identify_in_background(self) -> None:
        identity = self.context.identify()
        self._say_what_writes_wait_for()
        self.call_from_thread(self.identified, identity)

    def check_standing(self) -> None:
        # A check that fails (the database unreachable for a moment) is simply made again next time.
        self.run_worker(self._check_standing_in_background, thread=True, exclusive=True, group="standing",
                        exit_on_error=False)

    def _check_standing_in_background(self) -> None:
        change = self.context.recheck_standing()
        if change is not None:
            self.call_from_thread(self.standing_changed, change)

    def standing_changed(self, change: Any) -> None:
        """The person's role changed, or they were taken off the staff, while the workstation was
        open (AppContext.recheck_standing). Taken off, it closes, as the SSH server closes their
        session; otherwise it says so in one line and every open view offers the new role's keys."""
        if change.removed:
            self.exit(return_code=1, message=_("{login} is no longer active staff").format(login=change.login))
            return
        from textual.screen import ModalScreen

        from atelier_tui.domain.vocabulary import Role
        from atelier_tui.tui.base import AtelierScreen
        from atelier_tui.wording.vocabulary import word

        if change.narrowed:  # a form or a question open for an action the role no longer has
            while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
                self.pop_screen()
        self.notify(_("{login} is now {role}, no longer {was}: the keys offered are this role's.").format(
            login=change.login, role=word(Role, change.role), was=word(Role, change.was)),
            severity="warning", timeout=15)
        for name in VIEWS:
            try:
                stack = self.get_screen_stack(name)
            except KeyError:  # a view not opened yet: it will be built for the new role
                continue
            for screen in stack:
                if isinstance(screen, AtelierScreen) and screen.is_mounted:
                    screen.role_changed()

    def _say_what_writes_wait_for(self) -> None:
        """A change that waits for the database (behind someone's import) says for whom."""
        from atelier_tui.services.common.write_waits import tell_each_wait_once

        def show(sentence: str) -> None:
            try:
                self.call_from_thread(self.notify, sentence, timeout=8)
            except RuntimeError:  # a write on the app's own thread: nothing can be shown while it waits
                pass

        tell_each_wait_once(show)

    # Navigation -------------------------------------------------------------------------------

    def action_switch_view(self, name: str) -> None:
        if name in VIEWS:
            self.switch_mode(name)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Find a bench, tool, supply, lot or order…"), id="--command-palette"))

    def action_back(self) -> None:
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_jump(self) -> None:
        from atelier_tui.tui.screens.jump import JumpModal

        self.push_screen(JumpModal(), self._jumped)

    def _jumped(self, name: str | None) -> None:
        if name:
            self.action_switch_view(name)

    def action_help(self) -> None:
        from atelier_tui.tui.screens.help import HelpModal

        if not isinstance(self.screen, HelpModal):
            self.push_screen(HelpModal(self.screen))

    def open_tool(self, asset_tag: str) -> None:
        from atelier_tui.tui.screens.tool_detail import ToolDetailScreen

        self.push_screen(ToolDetailScreen(asset_tag))

    def open_bench(self, code: str) -> None:
        from atelier_tui.tui.screens.bench_detail import BenchDetailScreen

        self.push_screen(BenchDetailScreen(code))

    def open_supply(self, key: str, lot_number: str | None = None) -> None:
        from atelier_tui.tui.screens.supply_detail import SupplyDetailScreen

        self.push_screen(SupplyDetailScreen(key, lot_number))

    def open_order(self, reference: str) -> None:
        from atelier_tui.tui.screens.order_detail import OrderDetailScreen

        self.push_screen(OrderDetailScreen(reference))

    def open_hit(self, kind: str, key: str) -> None:
        """Where the command palette and the barcode scanner land."""
        if kind == "tool":
            self.open_tool(key)
        elif kind == "bench":
            self.open_bench(key)
        elif kind == "supply":
            self.open_supply(key)
        elif kind == "lot":
            supply_key, _sep, lot_number = key.partition("/")
            self.open_supply(supply_key, lot_number)
        elif kind == "order":
            self.open_order(key)

    # Barcode scanner --------------------------------------------------------------------------

    async def on_event(self, event: Any) -> None:
        from textual import events

        if isinstance(event, events.Key) and not event.is_forwarded and self.scanner.enabled:
            if self._scanner_applies():
                outcome = self.scanner.feed(event.key, event.character, time.perf_counter())
                await self._hand_back(outcome.replay)
                if outcome.scanned:
                    self._scanned(outcome.scanned)
                if outcome.swallow:
                    event.prevent_default()
                    event.stop()
                    if self.scanner.holding:
                        self.set_timer(self.scanner.gap_seconds * 2, self._scan_expired)
                    return
            elif self.scanner.holding:
                # Focus reached a text field (or a modal opened) while keys typed just before were
                # held: they were typed for it, before this key ('/' then a fast 'OR-…': the 'O').
                await self._hand_back(self.scanner.release())
        await super().on_event(event)

    async def _hand_back(self, keys: tuple[tuple[str, str | None], ...]) -> None:
        """Held keys go where typed keys go, at once and in order: posted as new messages they
        would queue behind keys typed after them."""
        from textual import events

        for key, character in keys:
            await super().on_event(events.Key(key, character))

    async def _scan_expired(self) -> None:
        await self._hand_back(self.scanner.expire(time.perf_counter()).replay)

    def _scanner_applies(self) -> bool:
        """Only where a scan can mean "open this tool": never in a text field, and never while
        a modal or a form is open, whatever has focus there (a button, a list): keys typed there
        belong to it (a date typed after Tab Tab is not an asset tag)."""
        from textual.screen import ModalScreen
        from textual.widgets import Input, TextArea

        if not self.scanner.enabled or isinstance(self.screen, ModalScreen):
            return False
        return not isinstance(self.focused, (Input, TextArea))

    def _scanned(self, text: str) -> None:
        """A scan is the key a label's code holds: a tool's asset tag, a bench's or a store
        location's code, or a lot's supply/lot number (services/labels/scanned.py)."""
        def find(context: AppContext, key: str) -> Any:
            from atelier_tui.services.labels.scanned import scanned_object

            return scanned_object(context.engine(), key)

        def opened(found: Any) -> None:
            if found is None:
                self.notify(_("Nothing has the key {key}: no tool, bench, store location or lot.").format(key=text),
                            severity="warning")
            elif found.kind == "location":
                self.notify(_("Store location {code}: {name}").format(code=found.key, name=found.name))
            else:
                self.open_hit(found.kind, found.key)

        self.screen.call(find, text, then=opened, group="scan")  # type: ignore[attr-defined]

    # Errors -----------------------------------------------------------------------------------

    def _on_notify(self, event: Any) -> None:
        from atelier_tui.tui.notices import merge_notice

        event.notification, replaced = merge_notice(list(self._notifications), event.notification, _("Refused"), self._notice_counts)
        for old in replaced:
            if old in self._notifications:
                self._unnotify(old, refresh=False)
        super()._on_notify(event)

    def refuse(self, message: str, field: str | None = None) -> None:
        self.notify(message, title=_("Refused"), severity="error", timeout=8)

    def show_unexpected(self, error: BaseException) -> None:
        from atelier_tui.errors import log_unexpected
        from atelier_tui.tui.screens.error import ErrorModal

        path = log_unexpected(error)
        self.push_screen(ErrorModal(error, path))

    def _handle_exception(self, error: Exception) -> None:
        """An error in a handler: logged and shown in a modal; the app goes on. Never a
        traceback on the screen."""
        from atelier_tui.tui.screens.error import ErrorModal

        if isinstance(self.screen, ErrorModal) or not self.is_running:
            from atelier_tui.errors import log_unexpected

            path = log_unexpected(error)
            self._exit_renderables.clear()
            self.exit(return_code=1, message=_("atelier stopped after an unexpected error (details in {path})").format(path=path))
            return
        try:
            self.show_unexpected(error)
        except Exception:  # the modal itself failed: stop cleanly, with one line
            super()._handle_exception(error)
            self._exit_renderables.clear()

    def on_unmount(self) -> None:
        self._restore_signal_handlers()
        self.context.close()


def _os_login() -> str:
    import os
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name
