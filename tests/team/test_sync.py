"""Laptops working offline meet in the teamdatabase and end up with the same caseload."""

from __future__ import annotations

import pytest

from services import team
from services.team import server_engine
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
    lp.sync_all([a, b, a], url)

    dumps = [lp.dump(a.engine), lp.dump(b.engine), admin_dump(teamdb)]
    assert dumps[0] == dumps[1] == dumps[2]
    persons = {dict(p)["naam"]: dict(p) for p in dumps[0]["person"]}
    assert persons["Amira Test"]["taal"] == "Arabisch" and persons["Amira Test"]["tolk_nodig"] is True
    assert len(dumps[0]["contactmoment"]) == 2 and len(dumps[0]["urenregistratie"]) == 1
    assert team.status(a).text().startswith("team: bijgewerkt ")
