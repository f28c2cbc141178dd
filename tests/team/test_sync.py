"""Laptops working offline meet in the teamdatabase and end up with the same caseload."""

from __future__ import annotations

import pytest

from services import team
from services.team import server_engine
from storage.db import write_session
from storage.team import server
from tests.pg import PASSWORD, SUPERUSER
from tests.team import laptops as lp

GEMEENTE = "Utrecht"


@pytest.fixture
def teamdb(pg_database):
    server, name = pg_database
    admin = server.url(name)
    team.init_team(admin)
    team.add_consulent(admin, rol=f"{name}_anna", wachtwoord=PASSWORD, gemeente=GEMEENTE)
    return server, name


def consulent_url(teamdb, who: str) -> str:
    server, name = teamdb
    return server.url(name, user=f"{name}_{who}", password=False)


def admin_dump(teamdb) -> dict:
    server, name = teamdb
    engine = server_engine(server.url(name, user=SUPERUSER))
    try:
        return lp.dump(engine)
    finally:
        engine.dispose()


def link(teamdb, tmp_path, names, *, who="anna"):
    stores = [lp.open_laptop(tmp_path, n) for n in names]
    for store in stores:
        team.koppel(store, consulent_url(teamdb, who), gemeente=GEMEENTE, author=who)
    return stores


def test_two_laptops_editing_offline_converge_to_the_same_caseload(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna")
    lp.contact(a, amira, author="anna", notitie="eerste gesprek")
    lp.sync_all([a], url)
    lp.sync_all([b], url)
    amira_b = lp.person_id(b, "Amira Test")
    # offline on both: different fields, new contactmomenten and hours on both sides
    lp.wijzig(a, amira, author="anna", taal="Arabisch")
    lp.wijzig(b, amira_b, author="bram", tolk_nodig=True)
    lp.contact(b, amira_b, author="bram", notitie="huisbezoek")
    lp.uren(a, amira, author="anna", minuten=90)
    lp.aanmelding(b, naam="Yonas Test", author="bram")
    lp.records(a, amira)  # besluiten, examens, weekplan, verzuim, afspraken, history: offline on a ...
    lp.records(b, amira_b, i=1)  # ... and on b (issue 15, point 2)
    lp.sync_all([a, b, a], url)

    dumps = [lp.dump(a.engine), lp.dump(b.engine), admin_dump(teamdb)]
    assert dumps[0] == dumps[1] == dumps[2]
    persons = {dict(p)["naam"]: dict(p) for p in dumps[0]["person"]}
    assert persons["Amira Test"]["taal"] == "Arabisch" and persons["Amira Test"]["tolk_nodig"] is True
    assert len(dumps[0]["contactmoment"]) == 4 and len(dumps[0]["urenregistratie"]) == 1  # two from the afspraken
    assert len(dumps[0]["verlenging"]) == len(dumps[0]["verzuim"]) == len(dumps[0]["afspraak"]) == 2
    assert team.status(a).text().startswith("team: bijgewerkt ")
    with b.engine.connect() as connection:  # what arrived from the team is in b's own audit trail, per person
        from sqlalchemy import text

        arrived = connection.execute(text("SELECT tabel, person_id FROM audit_log WHERE actie = 'team: opgehaald'")).all()
    assert ("person", amira_b) in arrived and ("urenregistratie", amira_b) in arrived


def test_five_laptops_editing_offline_converge_to_the_same_caseload(teamdb, tmp_path):
    stores = link(teamdb, tmp_path, [f"laptop{i}" for i in range(5)])
    url = consulent_url(teamdb, "anna")
    shared = lp.aanmelding(stores[0], naam="Gedeelde Test", author="c0")
    lp.sync_all(stores, url)
    for i, store in enumerate(stores):  # offline: everyone adds someone, a contactmoment, hours, and edits the shared one
        own = lp.aanmelding(store, naam=f"Persoon {i}", author=f"c{i}")
        lp.contact(store, own, author=f"c{i}", notitie=f"notitie {i}")
        lp.uren(store, own, author=f"c{i}", minuten=30 + i)
        lp.wijzig(store, lp.person_id(store, "Gedeelde Test"), author=f"c{i}", taal=f"taal {i}")
        lp.records(store, own, i=i)
    lp.sync_all(stores, url)
    lp.sync_all(stores, url)  # the first ones pull what the later ones pushed

    reference = admin_dump(teamdb)
    for store in stores:
        assert lp.dump(store.engine) == reference
    persons = {dict(p)["naam"]: dict(p) for p in reference["person"]}
    assert len(persons) == 6 and len(reference["contactmoment"]) == 10 and len(reference["urenregistratie"]) == 5
    assert len(reference["examen_poging"]) == len(reference["weekplan_entry"]) == len(reference["pip"]) == 5
    assert persons["Gedeelde Test"]["taal"] == "taal 4"  # the team's order decides what shows
    # the same field changed from the same version on five laptops: every later value is a conflict, none is lost
    conflicts = team.conflicts(stores[0])
    assert {c.waarde_b for c in conflicts} == {f"taal {i}" for i in range(1, 5)}
    # the same kenmerk made on several laptops is flagged too, and the header says both
    assert team.status(stores[2]).text().startswith("team: 4 conflicten · ")
    assert "mogelijk dubbel" in team.status(stores[2]).text()
    assert shared


def test_a_conflicting_edit_shows_on_both_laptops_until_someone_decides(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna")
    lp.sync_all([a, b], url)
    lp.wijzig(a, amira, author="anna", taal="Tigrinya")
    lp.wijzig(b, lp.person_id(b, "Amira Test"), author="bram", taal="Arabisch")
    lp.sync_all([a, b, a], url)

    for store in (a, b):
        [conflict] = team.conflicts(store)
        assert (conflict.veld, conflict.waarde_a, conflict.door_a, conflict.waarde_b, conflict.door_b) == (
            "taal", "Tigrinya", "anna", "Arabisch", "bram")
        assert team.status(store).text() == "team: 1 conflict"
        assert dict(lp.dump(store.engine)["person"][0])["taal"] == "Arabisch"  # server order shows

    team.resolve_conflict(b, conflict.uuid, waarde="Tigrinya", author="bram")
    lp.sync_all([b, a], url)
    for store in (a, b):
        assert team.conflicts(store) == []
        assert dict(lp.dump(store.engine)["person"][0])["taal"] == "Tigrinya"
    assert lp.dump(a.engine) == lp.dump(b.engine) == admin_dump(teamdb)


def test_two_aanmeldingen_of_the_same_person_become_a_mogelijk_dubbel_and_merge_keeping_everything(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    first = lp.aanmelding(a, naam="Samir Test", author="anna", kenmerk="K-1")
    lp.wijzig(a, first, author="anna", geboortedatum=lp.date(1990, 5, 17))
    lp.contact(a, first, author="anna", notitie="azc")
    second = lp.aanmelding(b, naam="samir test", author="bram", kenmerk="K-2")
    lp.wijzig(b, second, author="bram", geboortedatum=lp.date(1990, 5, 17))
    lp.uren(b, second, author="bram", minuten=120)
    lp.sync_all([a, b, a], url)

    for store in (a, b):
        [dubbel] = team.dubbels(store)
        assert dubbel.reden == "naam_geboortedatum"
    team.merge_dubbel(a, dubbel.uuid, bewaard=dubbel.person_a, author="anna")
    lp.sync_all([a, b, a], url)
    for store in (a, b):
        state = lp.dump(store.engine)
        assert len(state["person"]) == 1 and len(state["contactmoment"]) == 1 and len(state["urenregistratie"]) == 1
        assert team.dubbels(store) == []
    assert lp.dump(a.engine) == lp.dump(b.engine) == admin_dump(teamdb)


def test_the_same_generated_kenmerk_on_two_laptops_is_told_apart_and_flagged(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    lp.aanmelding(a, naam="Eerste Test", author="anna")  # both get NIEUW-2026-0001 offline
    lp.aanmelding(b, naam="Tweede Test", author="bram")
    lp.sync_all([a, b, a], url)
    state = lp.dump(a.engine)
    kenmerken = sorted(dict(p)["kenmerk"] for p in state["person"])
    assert kenmerken[0] == "NIEUW-2026-0001" and kenmerken[1].startswith("NIEUW-2026-0001-")
    assert [d.reden for d in team.dubbels(a)] == ["kenmerk"]
    assert state == lp.dump(b.engine) == admin_dump(teamdb)


def test_a_pulled_batch_applied_in_bulk_leaves_the_same_state_as_one_operation_at_a_time(teamdb, tmp_path):
    """New persons, their changes (a new kenmerk included) and their records are written in bulk on a pull;
    the result must equal applying each operation by itself."""
    from storage.team.operations import apply, known_person_ids

    a, b, c = link(teamdb, tmp_path, ["a", "b", "c"])
    url = consulent_url(teamdb, "anna")
    for n in range(4):
        pid = lp.aanmelding(a, naam=f"Persoon {n}", author="anna", kenmerk=f"K-{n}")
        lp.contact(a, pid, author="anna", notitie=f"bezoek {n}")
        lp.uren(a, pid, author="anna", minuten=30 + n)
        lp.wijzig(a, pid, author="anna", taal="Tigrinya")
        if n == 2:
            lp.wijzig(a, pid, author="anna", kenmerk="K-2-nieuw")
        lp.contact(a, pid, author="anna", notitie=f"tweede {n}")
    team.sync(a, url=url)

    team.sync(b, url=url)  # in bulk
    engine = server_engine(url)
    try:
        ops = [op for _seq, op in server.pull(engine, since=0, limit=10_000)]
    finally:
        engine.dispose()
    with write_session(c.engine) as session:  # one at a time
        connection = session.connection().execution_options(audit=False)
        with known_person_ids(connection):
            for op in ops:
                apply(connection, op)
    reference = admin_dump(teamdb)
    assert lp.dump(b.engine) == reference
    assert lp.dump(c.engine)["person"] == reference["person"]
    assert lp.dump(c.engine)["contactmoment"] == reference["contactmoment"]
    assert lp.dump(c.engine)["urenregistratie"] == reference["urenregistratie"]
