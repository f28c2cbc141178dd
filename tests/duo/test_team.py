"""DUO in team mode (issue 19, point 8): two laptops and one sending machine share a real teamdatabase.

A message prepared on a laptop is sent once, by the machine with the certificate, and every laptop sees
DUO's answer after its next sync. The fake DUO (real mutual TLS) counts what it registered, per berichtId.
"""

from __future__ import annotations

import argparse
import io
import threading
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, text

from cli import duo as duo_cli
from services import team
from services.duo import NotSenderError, controle, dossier, inlezen, verzend
from services.duo import team as duo_team
from services.duo.settings import DuoSettings, load_settings, save_settings
from storage.db import write_session
from storage.duo import BERICHT
from storage.team.operations import record_person_created
from tests.duo.conftest import TODAY, add_person
from tests.pg import pg_database, pg_server  # noqa: F401  (fixtures)
from tests.team import laptops as lp
from tests.team.test_sync import GEMEENTE, consulent_url, teamdb  # noqa: F401  (fixture)

ZENDER = "DUO-werkplek Burgerzaken"
BSNS = ("999990007", "999990019", "999990020", "999990032", "999990044")  # synthetic, and they pass the 11-proef


def _laptop(tmp_path, name: str, url: str):
    store = lp.open_laptop(tmp_path, name)
    team.koppel(store, url, gemeente=GEMEENTE, author="anna")
    return store


@pytest.fixture
def office(teamdb, tmp_path, configured, fake_duo, spec_dir):
    """Laptops a and b (no certificate; duo.toml names the sending machine) and the sending machine s."""
    url = consulent_url(teamdb, "anna")
    machines = {}
    for name in ("a", "b", "s", "s2"):
        folder = tmp_path / f"cfg-{name}"
        machines[name] = (_laptop(tmp_path, name, url), folder)
    for name in ("a", "b"):
        save_settings(machines[name][1], DuoSettings(specificatie=spec_dir, zender=ZENDER))
    sender = replace(load_settings(configured), verzendt=True, zender=ZENDER)
    save_settings(machines["s"][1], sender)
    save_settings(machines["s2"][1], replace(sender, zender="tweede machine"))  # a misconfigured second sender
    yield machines, url
    for store, _ in machines.values():
        store.close()


def _person(store, kenmerk: str, **values) -> int:
    person_id = add_person(store, kenmerk, **values)
    with write_session(store.engine) as session:
        record_person_created(session.connection(), person_id=person_id, author="anna")
    return person_id


def _status(store, cfg, kenmerk: str, soort: str = "pip"):
    return next(r for r in controle(store, as_of=TODAY, config_dir=cfg)
                if r.kenmerk == kenmerk and r.bericht.soort.value == soort)


def _berichten(store):
    with store.engine.connect() as connection:
        return connection.execute(select(BERICHT.c.uuid, BERICHT.c.status, BERICHT.c.bericht_id)).all()


def test_a_message_prepared_on_a_laptop_is_sent_once_by_the_sender_and_every_laptop_sees_the_result(office, fake_duo):
    machines, url = office
    (a, cfg_a), (b, cfg_b), (s, cfg_s) = machines["a"], machines["b"], machines["s"]
    _person(a, "IB-1")

    with pytest.raises(NotSenderError) as refused:
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    message = str(refused.value)
    assert ZENDER in message and "verzendt niet zelf" in message
    assert "1 bericht staat voor die machine klaar" in message and "synchronisatie" in message
    queued = _status(a, cfg_a, "IB-1")
    assert queued.status == "klaar" and queued.opgeslagen is not None  # klaargezet: its berichtId is fixed now
    bericht_id = queued.opgeslagen.bericht_id
    assert fake_duo.received == []

    lp.sync_all([a, b], url)
    verslag = verzend(s, as_of=TODAY, config_dir=cfg_s)
    assert (verslag.geaccepteerd, verslag.afgewezen, verslag.wachtend) == (1, 0, 0)
    assert [r.bericht_id for r in fake_duo.received] == [bericht_id]  # the id fixed on laptop a
    assert fake_duo.violations == []

    lp.sync_all([a, b], url)
    for store, cfg in ((a, cfg_a), (b, cfg_b)):
        pip = _status(store, cfg, "IB-1")
        assert pip.status == "geaccepteerd" and pip.opgeslagen.verzonden_door == ZENDER
    on_b = dossier(b, person_id=lp.person_id(b, "Testpersoon IB-1"), as_of=TODAY, config_dir=cfg_b)
    assert [(r.bericht.soort.value, r.status) for r in on_b.berichten] == [("pip", "geaccepteerd")]

    # Nothing goes twice: not from the sender again, not after b runs verzend.
    with pytest.raises(NotSenderError) as again:
        verzend(b, as_of=TODAY, config_dir=cfg_b)
    assert "geen bericht klaar" in str(again.value)
    lp.sync_all([b], url)
    assert verzend(s, as_of=TODAY, config_dir=cfg_s).geaccepteerd == 0
    assert len(fake_duo.received) == 1 and len(fake_duo.applied) == 1


def test_regie_duo_verzend_on_a_laptop_without_the_role_refuses_in_dutch(office, fake_duo):
    machines, _ = office
    a, cfg_a = machines["a"]
    _person(a, "IB-1", map_eindgesprek=date(2026, 9, 1))
    out, err = io.StringIO(), io.StringIO()
    code = duo_cli.run(argparse.Namespace(duo_opdracht="verzend", per=None), open_store=lambda: a, config_dir=cfg_a,
                       today=TODAY, out=out, err=err)
    assert code == duo_cli.EXIT_FOUT and fake_duo.received == []
    assert err.getvalue().startswith("regie: deze laptop verzendt niet zelf naar DUO: dat doet ‘DUO-werkplek Burgerzaken’")
    assert "2 berichten staan voor die machine klaar" in err.getvalue() and "Traceback" not in err.getvalue()
    assert "999990019" not in err.getvalue()  # no BSN in the output
    # The table says the messages wait for the sending machine, with their berichtId.
    out = io.StringIO()
    duo_cli.run(argparse.Namespace(duo_opdracht="controle", per=None, json=False), open_store=lambda: a,
                config_dir=cfg_a, today=TODAY, out=out, err=io.StringIO())
    assert out.getvalue().count("klaar (klaargezet, berichtId ") == 2


def test_without_a_name_in_its_settings_the_laptop_names_the_machine_that_sent_last(office, fake_duo, spec_dir):
    machines, url = office
    (a, cfg_a), (s, cfg_s) = machines["a"], machines["s"]
    save_settings(cfg_a, DuoSettings(specificatie=spec_dir))
    _person(a, "IB-1")
    with pytest.raises(NotSenderError) as first:
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    assert "zender = " in str(first.value)  # says how to name it
    lp.sync_all([a], url)
    verzend(s, as_of=TODAY, config_dir=cfg_s)
    _person(a, "IB-2", bsn="999990020")
    lp.sync_all([a], url)
    with pytest.raises(NotSenderError) as second:
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    assert f"‘{ZENDER}’" in str(second.value)


def test_a_kill_between_claim_and_send_leaves_the_message_waiting_and_the_retry_reuses_its_berichtid(
        office, fake_duo, monkeypatch):
    machines, url = office
    (a, cfg_a), (s, cfg_s), (s2, cfg_s2) = machines["a"], machines["s"], machines["s2"]
    _person(a, "IB-1")
    with pytest.raises(NotSenderError):
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    bericht_id = _status(a, cfg_a, "IB-1").opgeslagen.bericht_id
    lp.sync_all([a], url)

    class Killed(BaseException):
        """The sending machine stops dead: after its claim and its attempt were committed, before the request."""

    from services.duo.client import DuoClient

    real_send = DuoClient.send
    monkeypatch.setattr(DuoClient, "send", lambda self, **kw: (_ for _ in ()).throw(Killed()))
    monkeypatch.setattr(team, "sync", _no_sync_after_kill(team.sync))
    with pytest.raises(Killed):
        verzend(s, as_of=TODAY, config_dir=cfg_s)
    monkeypatch.setattr(DuoClient, "send", real_send)
    assert fake_duo.received == []
    [(_, status, kept)] = _berichten(s)
    assert (status, kept) == ("verzonden", bericht_id)  # waiting, not lost

    # A second machine that also (wrongly) has the role does not send what the first one claimed.
    lp.sync_all([s2], url)
    other = verzend(s2, as_of=TODAY, config_dir=cfg_s2)
    assert other.elders == 1 and fake_duo.received == []
    assert "wordt door een andere machine verzonden" in other.regels[0]

    # The retry on the sending machine goes with the same berichtId; DUO registers it once.
    fake_duo.modes.append("drop")  # and the network drops after DUO registered it
    dropped = verzend(s, as_of=TODAY, config_dir=cfg_s)
    assert dropped.wachtend == 1
    retried = verzend(s, as_of=TODAY, config_dir=cfg_s)
    assert retried.geaccepteerd == 1
    assert [r.bericht_id for r in fake_duo.received] == [bericht_id, bericht_id]
    assert list(fake_duo.applied) == [bericht_id]
    lp.sync_all([a], url)
    assert _status(a, cfg_a, "IB-1").status == "geaccepteerd"


def _no_sync_after_kill(real):
    """team.sync as usual, except in the `finally` of a run that was killed (a dead process syncs nothing)."""
    import sys

    def sync(store, **kwargs):
        if sys.exc_info()[0] is not None:
            return None
        return real(store, **kwargs)
    return sync


def test_two_machines_sending_at_once_send_each_message_once(office, fake_duo):
    machines, url = office
    (a, cfg_a), (s, cfg_s), (s2, cfg_s2) = machines["a"], machines["s"], machines["s2"]
    for number in range(4):
        _person(a, f"IB-{number}", bsn=BSNS[number], map_eindgesprek=date(2026, 9, 1))
    lp.sync_all([a, s, s2], url)  # nobody klaargezet them: both senders would make their own copy
    results, errors = {}, []
    barrier = threading.Barrier(2)

    def run(name, store, cfg):
        try:
            barrier.wait(timeout=30)
            results[name] = verzend(store, as_of=TODAY, config_dir=cfg)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=("s", s, cfg_s)), threading.Thread(target=run, args=("s2", s2, cfg_s2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for _ in range(2):  # whatever one left to the other, or found not yet in the teamdatabase, goes now
        lp.sync_all([s, s2], url)
        verzend(s, as_of=TODAY, config_dir=cfg_s)
        verzend(s2, as_of=TODAY, config_dir=cfg_s2)
    sent = [(r.method, r.path) for r in fake_duo.received]
    assert len(sent) == 8 and len(set(sent)) == 8  # a PIP and a MAP per person, each once
    assert len(fake_duo.applied) == 8
    lp.sync_all([a], url)
    assert {r.status for r in controle(a, as_of=TODAY, config_dir=cfg_a)} == {"geaccepteerd"}


def test_claims_race_in_the_teamdatabase_and_exactly_one_machine_wins(office):
    machines, url = office
    (a, cfg_a), (s, _), (s2, _) = machines["a"], machines["s"], machines["s2"]
    for number in range(5):
        _person(a, f"IB-{number}", bsn=BSNS[number])
    with pytest.raises(NotSenderError):
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    lp.sync_all([a, s, s2], url)
    uuids = [row.uuid for row in _berichten(s)]
    assert len(uuids) == 5
    for uuid in uuids:
        barrier, won = threading.Barrier(2), []

        def claim(store):
            barrier.wait(timeout=30)
            won.append(duo_team.claim(store, uuid))

        threads = [threading.Thread(target=claim, args=(store,)) for store in (s, s2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(won) == [False, True]


def test_duos_refusal_reaches_the_other_laptop_with_duos_error_texts(office, fake_duo):
    machines, url = office
    (a, cfg_a), (b, cfg_b), (s, cfg_s) = machines["a"], machines["b"], machines["s"]
    _person(a, "IB-1")
    lp.sync_all([a], url)
    fake_duo.modes.append("weiger")
    verslag = verzend(s, as_of=TODAY, config_dir=cfg_s)
    assert verslag.afgewezen == 1
    lp.sync_all([b], url)
    pip = _status(b, cfg_b, "IB-1")
    assert pip.status == "afgewezen" and pip.redenen == fake_duo.refusal
    tab = dossier(b, person_id=lp.person_id(b, "Testpersoon IB-1"), as_of=TODAY, config_dir=cfg_b)
    assert tab.berichten[0].redenen == fake_duo.refusal
    out = io.StringIO()
    duo_cli.run(argparse.Namespace(duo_opdracht="controle", per=None, json=True), open_store=lambda: b,
                config_dir=cfg_b, today=TODAY, out=out, err=io.StringIO())
    import json

    [regel] = json.loads(out.getvalue())
    assert (regel["status"], regel["redenen"]) == ("afgewezen", list(fake_duo.refusal))
    # afgewezen is not resent by anyone as it is
    lp.sync_all([a], url)
    with pytest.raises(NotSenderError):
        verzend(a, as_of=TODAY, config_dir=cfg_a)
    assert verzend(s, as_of=TODAY, config_dir=cfg_s).afgewezen == 0 and len(fake_duo.received) == 1


def test_duos_events_and_the_instellingsnummer_travel_without_the_bsn_in_the_team_log(office, teamdb, tmp_path):
    import json

    from services.duo import instellingsnummer, save_gegevens
    from services.team import server_engine
    from tests.pg import SUPERUSER

    machines, url = office
    (a, cfg_a), (b, _) = machines["a"], machines["b"]
    person = _person(a, "IB-1")
    events = tmp_path / "notificaties.json"
    events.write_text(json.dumps([
        {"bsn": "999990019", "gebeurtenisId": "SS101", "registratieDatumTijd": "2026-10-01T09:00:00+02:00"},
        {"bsn": "999990099", "gebeurtenisId": "SS101", "registratieDatumTijd": "2026-10-01T09:00:00+02:00"},
    ]), encoding="utf-8")
    verslag = inlezen(a, events)
    assert (verslag.nieuw, verslag.niet_in_caseload) == (2, 1)
    save_gegevens(a, person_id=person, instellingsnummer="12AB345678")
    lp.sync_all([a, b], url)

    on_b = lp.person_id(b, "Testpersoon IB-1")
    tab = dossier(b, person_id=on_b, as_of=TODAY, config_dir=machines["b"][1])
    assert [g.code for g in tab.gebeurtenissen] == ["SS101"]
    assert instellingsnummer(b, person_id=on_b) == "12AB345678"
    with b.engine.connect() as connection:
        assert connection.execute(text("SELECT kennisgeving_duo FROM person WHERE id = :p"), {"p": on_b}).scalar()
        assert connection.execute(text("SELECT count(*) FROM duo_gebeurtenis")).scalar() == 1  # not the stranger's
    server, name = teamdb
    engine = server_engine(server.url(name, user=SUPERUSER))
    try:
        with engine.connect() as connection:
            log = [row[0] for row in connection.execute(text("SELECT payload FROM team_log"))]
    finally:
        engine.dispose()
    duo_ops = [json.loads(p) for p in log if json.loads(p)["kind"].startswith("duo_")]
    assert {op["kind"] for op in duo_ops} == {"duo_gebeurtenis.append", "duo_persoon.set"}
    assert not any("999990019" in json.dumps(op) or "999990099" in json.dumps(op) for op in duo_ops)


def test_only_the_sending_machine_asks_duo_and_its_answers_reach_every_laptop_without_the_bsn(office, teamdb, fake_duo):
    import json

    from services.duo import NotAskerError, opvragen
    from services.team import server_engine
    from tests.duo.test_opvragen import BSN, duo_kent
    from tests.pg import SUPERUSER

    machines, url = office
    (a, cfg_a), (b, cfg_b), (s, cfg_s) = machines["a"], machines["b"], machines["s"]
    _person(a, "IB-1", kennisgeving_duo=date(2026, 1, 20))
    lp.sync_all([a], url)
    fake_duo.personen[BSN] = duo_kent()
    with pytest.raises(NotAskerError) as refused:
        opvragen(a, as_of=TODAY, config_dir=cfg_a)
    assert ZENDER in str(refused.value) and fake_duo.received == []

    verslag = opvragen(s, as_of=TODAY, config_dir=cfg_s)  # synchronises before and after
    assert [p.kenmerk for p in verslag.personen] == ["IB-1"] and fake_duo.violations == []
    lp.sync_all([b], url)
    on_b = lp.person_id(b, "Testpersoon IB-1")
    with b.engine.connect() as connection:
        assert connection.execute(text("SELECT termijn_einde FROM person WHERE id = :p"), {"p": on_b}).scalar() \
            in (date(2029, 6, 3), "2029-06-03")
    tab = dossier(b, person_id=on_b, as_of=TODAY, config_dir=cfg_b)
    assert tab.opvraging is not None and tab.opvraging.door == ZENDER
    assert "kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 20-01-2026" in [v.tekst for v in tab.opvraging.verschillen]
    # the exam results and DUO's decisions regie took over travel too (issue 15, point 2): nothing is missing on b
    on_s = dossier(s, person_id=lp.person_id(s, "Testpersoon IB-1"), as_of=TODAY, config_dir=cfg_s)
    assert on_s.opvraging.ontbreekt == () == tab.opvraging.ontbreekt
    with b.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM vrijstelling WHERE person_id = :p"), {"p": on_b}).scalar() == 1
    server, name = teamdb
    engine = server_engine(server.url(name, user=SUPERUSER))
    try:
        with engine.connect() as connection:
            log = [row[0] for row in connection.execute(text("SELECT payload FROM team_log"))]
    finally:
        engine.dispose()
    duo_ops = [p for p in log if json.loads(p)["kind"] == "duo_persoon.set"]
    assert duo_ops and not any(BSN in p for p in duo_ops)
