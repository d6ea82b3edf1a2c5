"""The settings file (language, rebound keys), and a start-up that does not wait for the
database layer."""

from __future__ import annotations

import subprocess
import sys

from atelier_tui.tui.screens.tools import ToolsScreen
from tests.tui.helpers import make_app, press, settle


def test_the_tui_starts_without_loading_the_database_layer() -> None:
    code = (
        "import sys\n"
        "import atelier_tui.cli, atelier_tui.errors, atelier_tui.tui.app\n"
        "from atelier_tui.store.location import resolve_database_url\n"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'pint', 'alembic', 'pydantic') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_keys_can_be_rebound_and_language_set_in_the_settings_file(demo_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text('language = "fr"\n\n[keys]\n"view.tools" = "t"\n', encoding="utf-8")
    monkeypatch.setenv("ATELIER_CONFIG", str(config))
    monkeypatch.delenv("ATELIER_LANG", raising=False)
    app = make_app(demo_db, language=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.screen.sub_title == "Tableau de bord"
        await press(app, pilot, "t")
        assert isinstance(app.screen, ToolsScreen)


async def test_a_broken_settings_file_is_reported_not_fatal(demo_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text("language = \n", encoding="utf-8")
    monkeypatch.setenv("ATELIER_CONFIG", str(config))
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [notification.message for notification in app._notifications]
        assert any(str(config) in message for message in messages)
        await press(app, pilot, "3")
        assert isinstance(app.screen, ToolsScreen)


async def test_an_app_that_ends_gives_sigterm_back_to_its_host(demo_db) -> None:  # type: ignore[no-untyped-def]
    """Embedded (tests, the web tabs' host), the workstation's own SIGTERM handler lives only as
    long as it runs: after it, a SIGTERM is the host's again."""
    import signal

    before = signal.getsignal(signal.SIGTERM)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
