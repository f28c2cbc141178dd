"""Every record of a person travels (issue 15, point 2): besluiten, examens, signaal-afhandelingen, weekplan,
verzuim, afspraken, the earlier texts of contactmomenten and the change history, not only persons,
contactmomenten and uren."""

from __future__ import annotations

from datetime import date

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
    assert {w["veld"] for w in rows(reference, "wijziging")} >= {"adres", "notitie"}
    # on b, the dossier shows the earlier text beside its contactmoment, the signaal handled, as on a
    on_a, on_b = dossier(a, amira), dossier(b, lp.person_id(b, "Amira Test"))
    assert texts(on_b) == texts(on_a) == {"gehouden 0, gecorrigeerd": ["gehouden 0"]}
    assert lp.signalen(b, lp.person_id(b, "Amira Test"), hidden=True) == lp.signalen(a, amira, hidden=True)
    assert "afgehandeld" in [actie for _s, _d, actie in lp.signalen(b, lp.person_id(b, "Amira Test"), hidden=True)]


def dossier(store, person_id: int):
    from rules.policy import Policy
    from services.dossier import load_dossier

    return load_dossier(store=store, person_id=person_id, today=lp.TODAY, policy=Policy())


def texts(data) -> dict[str, list[str]]:
    """Per contactmoment (by its note) its earlier texts, as the dossier shows them."""
    return {c.notitie: [v.notitie for v in c.versies] for c in data.contacten if c.versies}
