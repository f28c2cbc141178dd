"""Fixtures for the DUO tests: DUO's specification, a store with synthetic persons, and a fake DUO over mutual TLS."""

from __future__ import annotations

import ssl
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from storage.db import write_session
from storage.models import Person
from storage.paths import config_dir, resolve
from storage.store import open_store

# DUO's specification has no licence, so it is not in the repository: tests read it from
# ../shared/duo-m2m next to the repository (CI clones the repository beside a copy of shared/).
REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO_ROOT.parent / "shared" / "duo-m2m"
SKIP_REASON = (f"DUO's specificatie staat niet in {SPEC_DIR}: deze test controleert berichten tegen DUO's eigen "
               "OpenAPI-bestanden, die (zonder licentie) niet in de repository staan; zet ze in ../shared/duo-m2m")
needs_spec = pytest.mark.skipif(not (SPEC_DIR / "README.md").is_file(), reason=SKIP_REASON)

TODAY = date(2026, 11, 2)
OIN_GEMEENTE = "00000001234567890000"
OIN_DUO = "00000001800866472000"


@pytest.fixture
def spec_dir() -> Path:
    if not (SPEC_DIR / "README.md").is_file():
        pytest.skip(SKIP_REASON)
    return SPEC_DIR


@pytest.fixture
def cfg() -> Path:
    return config_dir()


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


@pytest.fixture
def configured(spec_dir, cfg):
    """The specification folder recorded in the settings, as `regie duo specificatie PAD` does."""
    from services.duo import set_specificatie

    set_specificatie(cfg, spec_dir)
    return cfg


_BSN_SEQUENCE = iter(range(10_000))


def add_person(store, kenmerk: str, **values) -> int:
    """A synthetic person (no real data): an asielstatushouder on the B1-route with a PIP, unless told otherwise."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    row = dict(
        kenmerk=kenmerk, naam=f"Testpersoon {kenmerk}", doelgroep="asielstatushouder", nareiziger=False, regime="wi2021",
        tolk_nodig=False, status="actief", bijstand=False, version=1, created_at=now, updated_at=now,
        bsn="999990019", brp_inschrijving=date(2026, 2, 2), pip_datum=date(2026, 3, 2), leerroute="b1", niveau="B1",
    )
    row.update(values)
    with write_session(store.engine) as session:
        return session.execute(insert(Person.__table__).values(**row)).inserted_primary_key[0]


class MemoryKeyring:
    """A keyring in memory for one test (the tests never touch the OS keyring)."""

    def __new__(cls):
        import keyring.backend

        class _Backend(keyring.backend.KeyringBackend):
            priority = 1

            def __init__(self) -> None:
                super().__init__()
                self.values: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.values.get((service, username))

            def set_password(self, service, username, password):
                self.values[(service, username)] = password

            def delete_password(self, service, username):
                self.values.pop((service, username), None)

        return _Backend()


@pytest.fixture
def memory_keyring():
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


KEY_PASSPHRASE = "test-wachtzin certificaatsleutel"


@pytest.fixture
def fake_duo(configured, tmp_path, memory_keyring):
    """A fake DUO on 127.0.0.1 with mutual TLS: test CA, server certificate, and the gemeente's client certificate
    whose key is encrypted with a passphrase kept in the (test) keyring; duo.toml points at all of it."""
    import trustme
    from cryptography.hazmat.primitives import serialization

    from services.duo.settings import DuoSettings, load_settings, save_settings, store_key_passphrase
    from tests.duo.fake_duo import FakeDuoState, start

    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1")
    client_cert = ca.issue_cert("gemeente-test.example", common_name="gemeente-test.example")
    certs = tmp_path / "pki"
    certs.mkdir()
    (certs / "ca.pem").write_bytes(ca.cert_pem.bytes())
    (certs / "gemeente.pem").write_bytes(b"".join(blob.bytes() for blob in client_cert.cert_chain_pems))
    key = serialization.load_pem_private_key(client_cert.private_key_pem.bytes(), password=None)
    (certs / "gemeente.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(KEY_PASSPHRASE.encode()),
    ))
    store_key_passphrase(KEY_PASSPHRASE)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_cert.configure_cert(context)
    ca.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: no client certificate, no connection

    state = FakeDuoState(folder=load_settings(configured).specificatie)
    server, thread = start(state, context)
    port = server.server_address[1]
    save_settings(configured, DuoSettings(
        specificatie=state.folder, basis_url=f"https://127.0.0.1:{port}/v1", oin_gemeente=OIN_GEMEENTE,
        oin_duo=OIN_DUO, certificaat=certs / "gemeente.pem", sleutel=certs / "gemeente.key", ca_bestand=certs / "ca.pem",
        timeout_seconden=3.0,
    ))
    state.key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    state.key_file = certs / "gemeente.key"
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
