"""Team mode in the app: the header's team line, the Conflicten list (also from the signalen), and the
background sync that brings colleagues' work into the caseload."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from services import team
from storage.db import read_session, write_session
from storage.models import Contactmoment, Person
from storage.team.tables import CONFLICT, DUBBEL, OUTBOX, REFUSED, STATE
from tests.tui.conftest import caseload_loaded, demo_app, on_screen, wait_for

PERSON, CONTACT = Person.__table__, Contactmoment.__table__
NOW = datetime(2026, 11, 22, 9, 15, tzinfo=UTC).isoformat()


def _clock(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone().strftime("%H:%M")


def set_team_state(store, *, url: str = "postgresql://anna@127.0.0.1:1/team", offline: bool = False) -> dict:
    """A linked laptop with one conflict, one mogelijk dubbel and one refused change (no server needed)."""
    with write_session(store.engine) as session:
        connection = session.connection()
        persons = connection.execute(select(PERSON.c.id, PERSON.c.uuid, PERSON.c.naam, PERSON.c.taal)
                                     .order_by(PERSON.c.id).limit(3)).all()
        connection.execute(insert(STATE).values(id=1, url=url, laptop="laptop-test", gemeente="Utrecht", last_seq=0,
                                                last_success=None if offline else NOW,
                                                offline_since=NOW if offline else None))
        connection.execute(insert(CONFLICT).values(
            uuid="c-1", person_uuid=persons[0].uuid, gemeente="Utrecht", veld="taal", waarde_a=json.dumps("Arabisch"),
            door_a="anna", op_a=NOW, waarde_b=json.dumps("Tigrinya"), door_b="bram", op_b=NOW, opgelost=False))
        connection.execute(insert(DUBBEL).values(uuid="d-1", person_a=persons[1].uuid, person_b=persons[2].uuid,
                                                 gemeente="Utrecht", reden="naam_geboortedatum", opgelost=False))
        connection.execute(insert(REFUSED).values(op_uuid="r-1", kind="person.update", person_uuid=persons[0].uuid,
                                                  reden="de teamdatabase staat dit niet toe: geen rechten", op=NOW,
                                                  payload="{}"))
    return {"conflict": persons[0], "a": persons[1], "b": persons[2]}


async def test_the_header_shows_the_team_state_and_signalen_lead_to_the_conflicten(monkeypatch):
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        assert "team:" not in app.sub_title  # not linked: nothing
        assert list(app.team_commands()) == []  # and no team entries in the palette
        people = set_team_state(app.store)
        app.refresh_team_status()
        await wait_for(pilot, lambda: "team: 1 conflict" in app.sub_title)
        assert app.sub_title.endswith("team: 1 conflict · 1 mogelijk dubbel · 1 wijziging geweigerd")
        assert on_screen(app, "team: 1 conflict")
        assert [c.title for c in app.team_commands()][:2] == ["team: conflicten", "team: mogelijk dubbel"]

        await pilot.press("f5")
        await wait_for(pilot, lambda: on_screen(app, "druk c voor de lijst Conflicten"))
        await pilot.press("c")
        await wait_for(pilot, lambda: on_screen(app, "Conflicten (1)"))
        assert on_screen(app, "Mogelijk dubbel (1)") and on_screen(app, "Geweigerd door de teamdatabase (1)")
        assert on_screen(app, "A: Arabisch") and on_screen(app, "B: Tigrinya") and on_screen(app, "bram")

        await pilot.press("a")  # choose A: the dossier shows Arabisch and the team gets the choice
        await wait_for(pilot, lambda: not on_screen(app, "Conflicten (1)") and on_screen(app, "Mogelijk dubbel (1)"))
        assert team.conflicts(app.store) == []
        with read_session(app.store.engine) as session:
            connection = session.connection()
            taal = connection.execute(select(PERSON.c.taal).where(PERSON.c.uuid == people["conflict"].uuid)).scalar()
            kinds = [json.loads(p)["kind"] for p in connection.execute(select(OUTBOX.c.payload)).scalars()]
        assert taal == "Arabisch" and kinds == ["person.update", "conflict.resolve"]
        await wait_for(pilot, lambda: "1 mogelijk dubbel · 1 wijziging geweigerd" in app.sub_title
                       and "conflict" not in app.sub_title)


async def test_merging_a_mogelijk_dubbel_keeps_every_contactmoment_and_a_refused_change_can_be_let_go():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        people = set_team_state(app.store)
        with read_session(app.store.engine) as session:
            connection = session.connection()
            ids = {k: connection.execute(select(PERSON.c.id).where(PERSON.c.uuid == people[k].uuid)).scalar() for k in "ab"}
            contacts = connection.execute(select(func.count()).select_from(CONTACT)
                                          .where(CONTACT.c.person_id.in_(ids.values()))).scalar()
        app.refresh_team_status()
        await wait_for(pilot, lambda: app.team_status is not None and app.team_status.linked)
        app.open_team_list("d")
        await wait_for(pilot, lambda: on_screen(app, "Mogelijk dubbel (1)"))
        assert on_screen(app, "zelfde naam en geboortedatum") and on_screen(app, people["a"].naam)

        await pilot.press("b")  # keep B
        await wait_for(pilot, lambda: on_screen(app, "samenvoegen?"))
        await pilot.press("j")
        await wait_for(pilot, lambda: not on_screen(app, "Mogelijk dubbel (1)"))
        with read_session(app.store.engine) as session:
            connection = session.connection()
            left = connection.execute(select(PERSON.c.uuid).where(PERSON.c.id.in_(ids.values()))).scalars().all()
            kept = connection.execute(select(func.count()).select_from(CONTACT)
                                      .where(CONTACT.c.person_id == ids["b"])).scalar()
        assert left == [people["b"].uuid] and kept == contacts

        await wait_for(pilot, lambda: on_screen(app, "Geweigerd door de teamdatabase (1)"))
        await pilot.press("end")  # the refused change is the last in the list
        await wait_for(pilot, lambda: on_screen(app, "geen rechten"))
        await pilot.press("v")
        await wait_for(pilot, lambda: not on_screen(app, "Geweigerd door de teamdatabase"))
        assert team.refused(app.store) == []


async def test_a_conflict_can_be_merged_by_typing_the_text():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        people = set_team_state(app.store)
        app.refresh_team_status()
        await wait_for(pilot, lambda: app.team_status is not None and app.team_status.linked)
        app.open_team_list("c")
        await wait_for(pilot, lambda: on_screen(app, "Conflicten (1)"))
        await pilot.press("s")
        await wait_for(pilot, lambda: on_screen(app, "Samenvoegen: taal"))
        field = app.screen.query_one("#samengevoegd")
        assert field.value == "Arabisch / Tigrinya"
        field.value = "Arabisch en Tigrinya"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: team.conflicts(app.store) == [])
        with read_session(app.store.engine) as session:
            taal = session.connection().execute(select(PERSON.c.taal).where(PERSON.c.uuid == people["conflict"].uuid)).scalar()
        assert taal == "Arabisch en Tigrinya"


async def test_an_unreachable_teamdatabase_shows_offline_and_the_waiting_changes(monkeypatch):
    monkeypatch.setenv(team.ENV_PASSWORD, "x")  # no keyring lookup
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        with write_session(app.store.engine) as session:
            connection = session.connection()
            connection.execute(insert(STATE).values(id=1, url="postgresql://anna@127.0.0.1:1/team", laptop="l",
                                                    gemeente="Utrecht", last_seq=0, last_success=NOW))
            connection.execute(insert(OUTBOX).values(op_uuid="o-1", payload="{}"))
            connection.execute(insert(OUTBOX).values(op_uuid="o-2", payload="{}"))
        app.start_team()  # as at start: status, then a sync in the background (port 1: nobody listens)
        await wait_for(pilot, lambda: "offline sinds" in app.sub_title, timeout=30)
        assert app.sub_title.endswith("· 2 wijzigingen wachten")
        assert app._team_timer is not None  # and again every team_sync_minuten
        assert app.is_running  # the UI never waited
