"""Every record of a person travels (issue 15, point 2): besluiten, examens, signaal-afhandelingen, weekplan,
verzuim, afspraken, the earlier texts of contactmomenten and the change history, not only persons,
contactmomenten and uren."""

from __future__ import annotations

import os
from datetime import date, time

import pytest
from sqlalchemy import func, select

from services import team
from services.team import server_engine
from storage.db import read_session
from storage.team import server
from storage.team.operations import APPEND_TABLES, Operation
from storage.team.tables import OUTBOX
from tests.team import laptops as lp
from tests.team.test_sync import admin_dump, consulent_url, link, teamdb  # noqa: F401  (fixture)

NEW_KINDS = [name for name in APPEND_TABLES if name not in ("contactmoment", "urenregistratie")]


def rows(state: dict, table: str) -> list[dict]:
    return [dict(row) for row in state[table]]


def test_every_kind_of_record_made_offline_on_one_laptop_arrives_on_the_other(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.sync_all([a, b], url)
    lp.records(a, amira)  # offline on a
    lp.contact(b, lp.person_id(b, "Amira Test"), author="bram", notitie="offline op b")
    assert lp.dump(b.engine)["verlenging"] == []
    lp.sync_all([a, b, a], url)

    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    for table in NEW_KINDS:
        assert reference[table], f"{table} kwam niet aan"
    # pointers at other records arrive as the same record on every side
    [entry] = rows(reference, "weekplan_entry")
    assert [v["weekplan_entry_id"] for v in rows(reference, "verzuim")] == [entry["uuid"]]
    contacts = {c["uuid"]: c for c in rows(reference, "contactmoment")}
    [afspraak] = rows(reference, "afspraak")
    assert afspraak["status"] == "gehouden" and contacts[afspraak["contactmoment_id"]]["notitie"] == "gehouden 0, gecorrigeerd"
    [versie] = rows(reference, "contactmoment_versie")
    assert (versie["contactmoment_uuid"], versie["notitie"]) == (afspraak["contactmoment_id"], "gehouden 0")
    assert {w["veld"] for w in rows(reference, "wijziging")} >= {"adres", "notitie"}  # the person's and the correction's
    # on b, the dossier shows the earlier text beside its contactmoment, the signaal handled, as on a
    on_a, on_b = dossier(a, amira), dossier(b, lp.person_id(b, "Amira Test"))
    assert texts(on_b) == texts(on_a) == {"gehouden 0, gecorrigeerd": ["gehouden 0"]}
    assert lp.signalen(b, lp.person_id(b, "Amira Test"), hidden=True) == lp.signalen(a, amira, hidden=True)
    assert "afgehandeld" in [actie for _s, _d, actie in lp.signalen(b, lp.person_id(b, "Amira Test"), hidden=True)]
    # and its Geschiedenis lists the same field changes (under the entry of their arrival from the team)
    assert changes(on_b) == changes(on_a) and ("person", "adres", None, "06-12345670") in changes(on_b)


def dossier(store, person_id: int):
    from rules.policy import Policy
    from services.dossier import load_dossier

    return load_dossier(store=store, person_id=person_id, today=lp.TODAY, policy=Policy())


def changes(data) -> list[tuple]:
    """The field changes the dossier's Geschiedenis shows."""
    return sorted((w.tabel, w.veld, w.oud, w.nieuw) for ws in data.wijzigingen.values() for w in ws)


def texts(data) -> dict[str, list[str]]:
    """Per contactmoment (by its note) its earlier texts, as the dossier shows them."""
    return {c.notitie: [v.notitie for v in c.versies] for c in data.contacten if c.versies}


def test_a_verlenging_made_on_one_laptop_moves_the_deadline_on_the_other(teamdb, tmp_path):
    from rules.model import Verlenging, VerlengingGrond
    from services import besluiten

    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.wijzig(a, amira, author="anna", pip_datum=date(2023, 12, 1), leerroute="b1")  # the termijn ends in 2026
    lp.sync_all([a, b], url)
    amira_b = lp.person_id(b, "Amira Test")
    einde = dossier(b, amira_b).beoordeling.termijn.einde
    before = lp.signalen(b, amira_b)

    besluiten.add_verlenging(store=a, person_id=amira, today=lp.TODAY, verlenging=Verlenging(
        VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 11, 20), nieuwe_einddatum=date(2027, 6, 1)))
    lp.sync_all([a, b], url)

    assert einde == date(2026, 12, 2)
    assert dossier(b, amira_b).beoordeling.termijn.einde == dossier(a, amira).beoordeling.termijn.einde == date(2027, 6, 1)
    assert lp.signalen(b, amira_b) == lp.signalen(a, amira) != before


def ids(store, table: str, person_id: int) -> list[int]:
    source = APPEND_TABLES[table]
    with read_session(store.engine) as session:
        return list(session.connection().execute(
            select(source.c.id).where(source.c.person_id == person_id).order_by(source.c.id)).scalars())


def test_changes_and_removals_of_these_records_travel_too(teamdb, tmp_path):
    from rules.afspraken import AfspraakInvoer, AfspraakSoort
    from services import afspraken, besluiten, dossier as dossier_service, weekplan

    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.records(a, amira)
    invoer = AfspraakInvoer(datum=date(2026, 12, 10), begin=time(9), eind=time(10), soort=AfspraakSoort.INTAKE,
                            plaats="", tolk_nodig=False, tolk_taal="", consulent="anna", notitie="eerste")
    planned = afspraken.plan_afspraak(store=a, person_id=amira, invoer=invoer)
    lp.sync_all([a, b], url)
    amira_b = lp.person_id(b, "Amira Test")

    # offline on b: a weekplan activity ends, a verlenging and an exam attempt recorded by mistake go
    [entry] = ids(b, "weekplan_entry", amira_b)
    weekplan.end_entry(store=b, person_id=amira_b, entry_id=entry, geldig_tot=date(2026, 12, 31))
    [verlenging] = ids(b, "verlenging", amira_b)
    assert besluiten.delete_besluit(store=b, person_id=amira_b, soort="verlenging", besluit_id=verlenging)
    [poging] = ids(b, "examen_poging", amira_b)
    assert dossier_service.delete_examenpoging(store=b, person_id=amira_b, poging_id=poging)
    # offline on a: the planned afspraak moves
    afspraken.wijzig_afspraak(store=a, afspraak_id=planned, invoer=invoer.__class__(
        **{**vars(invoer), "datum": date(2026, 12, 11), "notitie": "verzet"}))
    lp.sync_all([a, b, a], url)

    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    assert reference["verlenging"] == [] and reference["examen_poging"] == []
    assert [e["geldig_tot"] for e in rows(reference, "weekplan_entry")] == ["2026-12-31"]
    assert sorted((r["datum"], r["notitie"]) for r in rows(reference, "afspraak")) == [
        ("2026-12-03", "afspraak 0"), ("2026-12-11", "verzet")]


def test_an_erased_person_takes_these_records_along_on_every_side(teamdb, tmp_path):
    from services import opschonen
    from services.opschonen import Expired
    from storage.opschonen import Verlopen

    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.records(a, amira)
    yonas = lp.aanmelding(a, naam="Yonas Test", author="anna", kenmerk="Y-1")
    lp.records(a, yonas, i=1)
    lp.sync_all([a, b], url)

    gone = Verlopen(id=lp.person_id(b, "Amira Test"), kenmerk="A-1", naam="Amira Test", status="afgerond",
                    gesloten_op=date(2018, 1, 1), bewaren_tot=date(2025, 1, 1))
    opschonen.purge_expired(b, expired=Expired(personen=(gone,), bewaartermijn_jaren=7))
    lp.sync_all([b, a], url)

    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    [yonas_uuid] = [p["uuid"] for p in rows(reference, "person")]
    for table in NEW_KINDS:
        assert reference[table] and {r["person_id"] for r in rows(reference, table)} == {yonas_uuid}, table


def test_merging_a_mogelijk_dubbel_moves_these_records_to_the_person_kept(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.wijzig(a, amira, author="anna", bsn="999990019")
    lp.records(a, amira)
    other = lp.aanmelding(b, naam="Amira T.", author="bram", kenmerk="B-7")
    lp.wijzig(b, other, author="bram", bsn="999990019")
    lp.sync_all([a, b, a], url)
    [item] = team.dubbels(b)
    with read_session(b.engine) as session:
        kept = session.connection().execute(select(lp.PERSON.c.uuid).where(lp.PERSON.c.id == other)).scalar()

    team.merge_dubbel(b, item.uuid, bewaard=kept, author="bram")
    lp.sync_all([b, a], url)

    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    assert [p["uuid"] for p in rows(reference, "person")] == [kept]
    for table in NEW_KINDS:
        assert reference[table] and {r["person_id"] for r in rows(reference, table)} == {kept}, table


def test_a_batch_of_these_records_sent_again_adds_nothing(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.records(a, amira)
    with read_session(a.engine) as session:
        ops = [Operation.from_json(p) for p in session.connection().execute(
            select(OUTBOX.c.payload).order_by(OUTBOX.c.id)).scalars()]
    assert {op.kind.split(".")[0] for op in ops} >= set(NEW_KINDS)
    engine = server_engine(url)
    try:  # the server committed, but the laptop never heard: its outbox still holds the batch
        assert server.push(engine, ops) == len(ops)
        once = admin_dump(teamdb)
        assert server.push(engine, [Operation.from_json(op.to_json()) for op in ops]) == 0
    finally:
        engine.dispose()
    lp.sync_all([a, b], url)
    reference = admin_dump(teamdb)
    assert reference == once and lp.dump(a.engine) == lp.dump(b.engine) == reference
    assert all(len(reference[table]) == 1 for table in NEW_KINDS if table != "wijziging")


def test_koppel_brings_a_laptops_existing_records_into_the_team_and_a_new_laptop_takes_them(teamdb, tmp_path):
    from services import contact as contact_service

    old = lp.open_laptop(tmp_path, "old")  # worked alone before the team: nothing recorded
    amira = lp.aanmelding(old, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.records(old, amira)
    lp.contact(old, amira, author="anna", notitie="weg ermee")
    [*_, removed] = ids(old, "contactmoment", amira)
    contact_service.correct_contactmoment(store=old, person_id=amira, contact_id=removed, datum=lp.TODAY,
                                          soort="azc_bezoek", notitie="weg ermee, echt")
    contact_service.remove_contactmoment(store=old, person_id=amira, contact_id=removed)
    with read_session(old.engine) as session:
        assert session.connection().execute(select(func.count()).select_from(OUTBOX)).scalar() == 0

    url = consulent_url(teamdb, "anna")
    team.koppel(old, url, gemeente="Utrecht", author="anna")
    [new] = link(teamdb, tmp_path, ["new"])

    reference = admin_dump(teamdb)
    assert lp.dump(old.engine) == lp.dump(new.engine) == reference
    for table in NEW_KINDS:
        assert reference[table], table
    # the removed contactmoment's two earlier texts stay together, shown as removed on the new laptop as on the old
    on_old, on_new = dossier(old, amira), dossier(new, lp.person_id(new, "Amira Test"))
    assert [v.notitie for v in on_new.verwijderde_contacten] == [v.notitie for v in on_old.verwijderde_contacten] == [
        "weg ermee, echt"]
    assert texts(on_new) == texts(on_old)


def test_a_consulent_of_another_gemeente_sees_none_of_these_records(teamdb, tmp_path):
    from sqlalchemy import text

    from tests.pg import PASSWORD

    server_, name = teamdb
    team.add_consulent(server_.url(name), rol=f"{name}_bram", wachtwoord=PASSWORD, gemeente="Zeist")
    [a] = link(teamdb, tmp_path, ["a"], who="anna")
    b = lp.open_laptop(tmp_path, "b")
    team.koppel(b, consulent_url(teamdb, "bram"), gemeente="Zeist", author="bram")
    utrecht = lp.aanmelding(a, naam="Utrecht Test", author="anna", kenmerk="U-1")
    lp.records(a, utrecht)
    zeist = lp.aanmelding(b, naam="Zeist Test", author="bram", kenmerk="Z-1")
    lp.records(b, zeist, i=1)
    for store, who in ((a, "anna"), (b, "bram"), (a, "anna")):
        team.sync(store, url=consulent_url(teamdb, who))

    on_b, on_a, reference = lp.dump(b.engine), lp.dump(a.engine), admin_dump(teamdb)
    [zeist_uuid] = [p["uuid"] for p in rows(on_b, "person")]
    [utrecht_uuid] = [p["uuid"] for p in rows(on_a, "person")]
    for table in NEW_KINDS:
        assert {r["person_id"] for r in rows(on_b, table)} == {zeist_uuid}, table
        assert {r["person_id"] for r in rows(on_a, table)} == {utrecht_uuid}, table
        assert {r["person_id"] for r in rows(reference, table)} == {zeist_uuid, utrecht_uuid}, table
    bram = server_engine(consulent_url(teamdb, "bram"))
    try:
        with bram.connect() as connection:  # straight at the teamdatabase, not through regie
            for table in NEW_KINDS:
                persons = connection.execute(text(f"SELECT DISTINCT p.uuid FROM {table} t JOIN person p ON p.id = t.person_id"))
                assert persons.scalars().all() == [zeist_uuid], table
                zeist_rows = [r for r in rows(reference, table) if r["person_id"] == zeist_uuid]
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == len(zeist_rows), table
    finally:
        bram.dispose()


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
@pytest.mark.parametrize("phase", ["push", "pull"])
def test_a_sync_of_these_records_killed_halfway_loses_and_doubles_nothing(teamdb, tmp_path, phase):
    from tests.team.test_robustness import kill_halfway

    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.records(a, amira)
    if phase == "pull":
        team.sync(a, url=url)
    victim = a if phase == "push" else b
    victim.engine.dispose()
    kill_halfway(victim, url, phase)
    if phase == "push":
        assert 0 < team.status(a).waiting  # the first batch went, the rest still waits
    else:
        assert lp.dump(b.engine)["person"] and not lp.dump(b.engine)["wijziging"]  # one batch of two arrived
    lp.sync_all([a, b, a], url)

    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    assert all(len(reference[table]) == 1 for table in NEW_KINDS if table != "wijziging")
