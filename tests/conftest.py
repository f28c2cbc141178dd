"""Shared fixtures: every test gets its own data and config directories, and a test key."""

from __future__ import annotations

import pytest

TEST_PASSPHRASE = "test-wachtzin voor regie"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """No test ever touches a real user's database or settings."""
    home = tmp_path_factory.mktemp("regie-home")
    monkeypatch.setenv("REGIE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("REGIE_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("REGIE_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def _test_key(monkeypatch):
    """User databases are encrypted: tests use a wachtzin from the environment and a
    cheap key derivation, and never see (or write to) the real OS keyring."""
    import keyring
    from keyring.backends import fail

    from storage import keys

    monkeypatch.setenv(keys.ENV_PASSPHRASE, TEST_PASSPHRASE)
    monkeypatch.delenv(keys.ENV_KEY_FILE, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # for subprocesses
    monkeypatch.setattr(keys, "KDF_ITERATIONS", 1_000)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keys.forget()
    keys.set_passphrase_prompt(None)
    yield
    keyring.set_keyring(previous)
    keys.forget()
    keys.set_passphrase_prompt(None)
