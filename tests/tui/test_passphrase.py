"""Without a keyring the app asks for a wachtzin (masked) before the store opens."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from storage import keys
from storage.paths import resolve
from storage.store import open_store
from tests.tui.conftest import TODAY, wait_for
from tui.app import RegieApp
from tui.screens.passphrase import PassphraseScreen

WACHTZIN = "zonnebloem12"  # the shortest allowed: keeps the typing short


@pytest.fixture
def no_keyring_no_env(monkeypatch):
    monkeypatch.delenv(keys.ENV_PASSPHRASE)


def _app(tmp_path) -> RegieApp:
    return RegieApp(resolve(tmp_path / "regie.sqlite"), today=TODAY, backups=False, build_ahead=False)


async def _asked(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen) and bool(app.screen.query("#wachtzin")))
    await pilot.pause()


def _error(app) -> str:
    return str(app.screen.query_one("#error").render())


async def test_a_first_start_without_keyring_asks_to_choose_a_wachtzin_twice(tmp_path, no_keyring_no_env):
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        assert "geen sleutelbos" in str(app.screen.query_one("#message").render())
        assert all(field.password for field in app.screen.query(Input))  # masked
        await pilot.press(*"kort", "enter")
        assert "minstens 12 tekens" in _error(app)
        app.screen.query_one("#wachtzin", Input).value = ""
        await pilot.press(*WACHTZIN, "enter", *WACHTZIN, "x", "enter")
        assert "niet gelijk" in _error(app)
        await pilot.press(*WACHTZIN, "enter", *WACHTZIN, "enter")
        await wait_for(pilot, lambda: app.store is not None)
        assert app.store.encrypted and app.store.key.source == "wachtzin"
    assert keys.salt_file(tmp_path / "regie.sqlite").exists()


async def test_a_wrong_wachtzin_is_asked_again_with_a_dutch_message(tmp_path, no_keyring_no_env):
    open_store(resolve(tmp_path / "regie.sqlite"), passphrase=WACHTZIN).close()
    keys.forget()
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        assert len(app.screen.query(Input)) == 1  # opening: asked once
        await pilot.press(*"verkeerd12345", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen) and bool(app.screen.query("#error"))
                       and "klopt niet" in _error(app))
        await pilot.pause()
        assert _error(app).startswith("De sleutel of wachtzin klopt niet; ")
        await pilot.press(*WACHTZIN, "enter")
        await wait_for(pilot, lambda: app.store is not None)


async def test_escape_at_the_wachtzin_closes_regie_without_creating_anything(tmp_path, no_keyring_no_env):
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _asked(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.store is None
    assert keys.encryption_state(tmp_path / "regie.sqlite") is None
