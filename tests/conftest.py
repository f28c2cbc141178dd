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


@pytest.fixture(autouse=True, scope="session")
def _demo_caseload_made_once(tmp_path_factory):
    """Migrating and seeding the demo caseload takes over a second, and the app tests open it hundreds of
    times. It is made once per test process and date, and each test gets its own fresh copy of that file
    (so tests stay independent). Seeding itself is still tested where it is the subject: those tests import
    `storage.store.open_demo_store` directly and get the real function."""
    import shutil

    import services.store as services_store
    from storage import store as storage_store
    from storage.paths import Locations, make_private_dir, make_private_file

    real = storage_store.open_demo_store
    base = tmp_path_factory.mktemp("demo-caseload")
    made: dict = {}

    def open_demo_store(locations, *, today):
        if not locations.database.exists():
            template = made.get(today)
            if template is None:
                folder = base / today.isoformat()
                real(Locations(database=folder / locations.database.name, backups=folder / "backups",
                               config_dir=folder / "config"), today=today).close()
                template = made[today] = folder / locations.database.name
            make_private_dir(locations.database.parent)
            shutil.copyfile(template, locations.database)
            make_private_file(locations.database)
        return real(locations, today=today)

    patch = pytest.MonkeyPatch()
    patch.setattr(storage_store, "open_demo_store", open_demo_store)
    patch.setattr(services_store, "open_demo_store", open_demo_store)
    yield
    patch.undo()
