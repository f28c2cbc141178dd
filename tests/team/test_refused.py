"""A change the teamdatabase refuses goes to a visible list with its reason; the rest of the outbox syncs."""

from __future__ import annotations

from sqlalchemy import update

from services import team
from storage.db import write_session
from storage.team.operations import person_row, record_person_changed
from tests.team import laptops as lp
from tests.team.test_sync import admin_dump, consulent_url, link, teamdb  # noqa: F401  (fixture)


def move_to_other_gemeente(store, person_id: int, gemeente: str) -> None:
    with write_session(store.engine) as session:
        connection = session.connection()
        before = dict(person_row(connection, person_id))
        connection.execute(update(lp.PERSON).where(lp.PERSON.c.id == person_id).values(gemeente=gemeente))
        record_person_changed(connection, person_id=person_id, before=before, author="anna")


def test_a_refused_change_is_listed_with_its_reason_and_the_rest_still_syncs(teamdb, tmp_path):
    [a] = link(teamdb, tmp_path, ["a"])
    url = consulent_url(teamdb, "anna")
    moved = lp.aanmelding(a, naam="Verhuisd Test", author="anna", kenmerk="V-1")
    move_to_other_gemeente(a, moved, "Zeist")  # anna has no rights in Zeist: RLS refuses it
    blijft = lp.aanmelding(a, naam="Blijft Test", author="anna", kenmerk="B-1")
    lp.contact(a, blijft, author="anna", notitie="gaat gewoon mee")

    result = team.sync(a, url=url)

    assert result.pushed == 3  # the two aanmeldingen and the contactmoment; not the refused change
    server_state = admin_dump(teamdb)
    assert sorted(dict(p)["naam"] for p in server_state["person"]) == ["Blijft Test", "Verhuisd Test"]
    assert {dict(p)["gemeente"] for p in server_state["person"]} == {"Utrecht"}
    assert len(server_state["contactmoment"]) == 1
    [weigering] = team.refused(a)
    assert weigering.kenmerk == "V-1" and weigering.soort == "wijziging van een persoon"
    assert "geen rechten" in weigering.reden
    status = team.status(a)
    assert status.waiting == 0 and "1 wijziging geweigerd" in status.text()

    team.sync(a, url=url)  # the queue is not blocked: a second sync does not stumble over it again
    assert len(team.refused(a)) == 1

    team.retry_refused(a, weigering.uuid)  # sent again: refused again, and listed again
    assert team.status(a).waiting == 1
    team.sync(a, url=url)
    [again] = team.refused(a)
    team.forget_refused(a, again.uuid)
    assert team.refused(a) == [] and "geweigerd" not in team.status(a).text()
