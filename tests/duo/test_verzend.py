"""Sending to a fake DUO over real mutual TLS: accept, refusal with error texts, timeout and a dropped connection."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from services.duo import controle, verzend
from services.duo.settings import DuoSettingsError
from tests.duo.conftest import OIN_DUO, OIN_GEMEENTE, TODAY, add_person


def _statuses(store, cfg):
    return {(r.kenmerk, r.bericht.soort.value): r for r in controle(store, as_of=TODAY, config_dir=cfg)}


def _rows(store):
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT soort, status, bericht_id, pogingen FROM duo_bericht ORDER BY id")).all()


def test_ready_messages_are_sent_with_duos_headers_and_accepted(store, configured, fake_duo):
    add_person(store, "IB-1", leerroute="z", niveau="A2", map_eindgesprek=date(2026, 9, 1))
    verslag = verzend(store, as_of=TODAY, config_dir=configured)
    assert (verslag.geaccepteerd, verslag.afgewezen, verslag.wachtend) == (2, 0, 0)
    assert fake_duo.violations == []
    assert [(r.method, r.path) for r in fake_duo.received] == [("POST", "/personen/999990019/PIP"),
                                                                ("PUT", "/personen/999990019/map")]
    assert {r.client_subject for r in fake_duo.received} == {"gemeente-test.example"}  # mutual TLS: our certificate
    assert fake_duo.received[0].body == {"dagtekeningPip": "2026-03-02", "leerroute": "Z", "niveau": "A2"}
    status = _statuses(store, configured)
    assert status[("IB-1", "pip")].status == "geaccepteerd" and status[("IB-1", "map")].status == "geaccepteerd"
    # Sending again sends nothing: every message went once.
    again = verzend(store, as_of=TODAY, config_dir=configured)
    assert (again.geaccepteerd, len(fake_duo.received)) == (0, 2)


def test_the_headers_carry_both_oins_and_a_uuid_berichtid_per_message(store, configured, fake_duo):
    add_person(store, "IB-1")
    add_person(store, "IB-2", bsn="999990020")
    verzend(store, as_of=TODAY, config_dir=configured)
    ids = [r.bericht_id for r in fake_duo.received]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert fake_duo.violations == []  # the fake checked bron/doel (20 characters) and berichtId (uuid) per the spec
    assert len(OIN_GEMEENTE) == len(OIN_DUO) == 20


def test_a_403_with_error_texts_is_duos_refusal_shown_with_its_texts(store, configured, fake_duo):
    add_person(store, "IB-1")
    fake_duo.modes.append("weiger")
    verslag = verzend(store, as_of=TODAY, config_dir=configured)
    assert (verslag.afgewezen, verslag.wachtend) == (1, 0)
    assert "afgewezen door DUO" in verslag.regels[0] and fake_duo.refusal[0] in verslag.regels[0]
    assert "certificaat" not in verslag.regels[0] and "inlog" not in verslag.regels[0]
    pip = _statuses(store, configured)[("IB-1", "pip")]
    assert pip.status == "afgewezen" and pip.redenen == fake_duo.refusal
    # An afgewezen message is not resent as it is; a corrected dossier makes a new one.
    verzend(store, as_of=TODAY, config_dir=configured)
    assert len(fake_duo.received) == 1


def test_a_retry_after_a_timeout_reuses_the_berichtid_and_duo_registers_it_once(store, configured, fake_duo):
    add_person(store, "IB-1", map_eindgesprek=date(2026, 9, 1))
    fake_duo.modes.append("timeout")
    first = verzend(store, as_of=TODAY, config_dir=configured)
    assert (first.geaccepteerd, first.wachtend, first.niet_verzonden) == (0, 1, 1)  # the MAP waits for the PIP's answer
    [(soort, status, bericht_id, pogingen)] = _rows(store)
    assert (soort, status, pogingen) == ("pip", "verzonden", 1)
    assert _statuses(store, configured)[("IB-1", "pip")].status == "verzonden"
    second = verzend(store, as_of=TODAY, config_dir=configured)
    assert second.geaccepteerd == 2
    rows = _rows(store)
    assert [(r[0], r[1]) for r in rows] == [("pip", "geaccepteerd"), ("map", "geaccepteerd")]
    assert rows[0][2] == bericht_id and rows[0][3] == 2
    assert [r.bericht_id for r in fake_duo.received][:2] == [bericht_id, bericht_id]
    assert list(fake_duo.applied).count(bericht_id) == 1 and len(fake_duo.applied) == 2


def test_a_dropped_connection_leaves_the_message_waiting_never_lost_or_doubled(store, configured, fake_duo):
    add_person(store, "IB-1")
    fake_duo.modes.append("drop")
    first = verzend(store, as_of=TODAY, config_dir=configured)
    assert first.wachtend == 1 and "verbroken" in first.regels[0]
    [(_, status, bericht_id, _)] = _rows(store)
    assert status == "verzonden"
    # DUO had registered it before the connection dropped; the retry carries the same id.
    second = verzend(store, as_of=TODAY, config_dir=configured)
    assert second.geaccepteerd == 1
    assert len(_rows(store)) == 1 and _rows(store)[0][1] == "geaccepteerd"
    assert len(fake_duo.applied) == 1 and [r.bericht_id for r in fake_duo.received] == [bericht_id, bericht_id]


def test_a_changed_dossier_after_acceptance_makes_a_new_message_with_a_new_berichtid(store, configured, fake_duo):
    person = add_person(store, "IB-1")
    verzend(store, as_of=TODAY, config_dir=configured)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE person SET niveau = 'A2', version = version + 1 WHERE id = :id"), {"id": person})
    assert _statuses(store, configured)[("IB-1", "pip")].status == "klaar"
    verzend(store, as_of=TODAY, config_dir=configured)
    assert [r.body.get("niveau") for r in fake_duo.received] == ["B1", "A2"]
    assert len({r.bericht_id for r in fake_duo.received}) == 2


def test_without_a_connection_sending_says_what_is_missing_and_the_precheck_still_works(store, configured):
    add_person(store, "IB-1")
    with pytest.raises(DuoSettingsError) as raised:
        verzend(store, as_of=TODAY, config_dir=configured)
    message = str(raised.value)
    assert "basis_url" in message and "oin_gemeente" in message and "certificaat" in message
    assert _statuses(store, configured)[("IB-1", "pip")].status == "klaar"
    assert _rows(store) == []


def test_a_client_without_our_certificate_gets_no_connection(store, configured, fake_duo):
    """Mutual TLS is real: a request without a client certificate never reaches the fake DUO."""
    import ssl

    import httpx

    from services.duo.settings import load_settings

    settings = load_settings(configured)
    context = ssl.create_default_context(cafile=str(settings.ca_bestand))
    with httpx.Client(verify=context, timeout=3) as client, pytest.raises(httpx.HTTPError):
        client.post(settings.basis_url + "/personen/999990019/PIP", json={})
    assert fake_duo.received == []


def test_the_private_key_never_enters_the_database_or_its_backups(store, configured, fake_duo):
    from storage import backup

    add_person(store, "IB-1")
    verzend(store, as_of=TODAY, config_dir=configured)
    key_body = b"".join(fake_duo.key_pem.splitlines()[1:-1])
    encrypted_key = b"".join(fake_duo.key_file.read_bytes().splitlines()[1:-1])
    with store.engine.connect() as connection:
        tables = [r[0] for r in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))]
        dump = json.dumps([[list(map(str, row)) for row in connection.execute(text(f'SELECT * FROM "{t}"'))]
                           for t in tables])
    assert "PRIVATE KEY" not in dump and key_body.decode() not in dump and encrypted_key.decode() not in dump
    assert str(fake_duo.key_file) not in dump
    from datetime import datetime

    made = backup.make_backup(store.locations.database, store.locations.backups, reason="test", now=datetime(2026, 11, 2),
                              keep=5, key=store.key)
    assert made.is_file()
    for path in store.locations.backups.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert key_body not in data and encrypted_key not in data
