"""Edits and deletions of contactmomenten and uren, and erasure at the end of the bewaartermijn, reach the team."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from storage.db import write_session
from storage.team.operations import CHILD_TABLES, record_person_erased, record_row_changed, record_row_deleted
from tests.team import laptops as lp
from tests.team.test_sync import admin_dump, consulent_url, link, teamdb  # noqa: F401  (fixture)


def edit_notitie(store, person_id: int, notitie: str) -> None:
    with write_session(store.engine) as session:
        c = session.connection()
        row = c.execute(select(lp.CONTACT).where(lp.CONTACT.c.person_id == person_id)).mappings().first()
        c.execute(update(lp.CONTACT).where(lp.CONTACT.c.id == row["id"]).values(notitie=notitie))
        record_row_changed(c, table="contactmoment", row_id=row["id"], before=dict(row), author="anna")


def delete_uren(store, person_id: int) -> None:
    with write_session(store.engine) as session:
        c = session.connection()
        for row_id in c.execute(select(lp.UREN.c.id).where(lp.UREN.c.person_id == person_id)).scalars().all():
            record_row_deleted(c, table="urenregistratie", row_id=row_id, author="bram")
            c.execute(delete(lp.UREN).where(lp.UREN.c.id == row_id))


def erase(store, person_id: int) -> None:
    with write_session(store.engine) as session:
        c = session.connection()
        record_person_erased(c, person_id=person_id, author="anna")
        for table in CHILD_TABLES:
            c.execute(delete(table).where(table.c.person_id == person_id))
        c.execute(delete(lp.PERSON).where(lp.PERSON.c.id == person_id))


def test_edited_and_deleted_records_and_an_erased_person_converge_on_every_laptop(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.contact(a, amira, author="anna", notitie="eerste gesprek")
    lp.uren(a, amira, author="anna", minuten=60)
    yonas = lp.aanmelding(a, naam="Yonas Test", author="anna", kenmerk="Y-1")
    lp.contact(a, yonas, author="anna", notitie="blijft")
    lp.sync_all([a, b], url)

    edit_notitie(a, amira, "eerste gesprek, met tolk")
    delete_uren(b, lp.person_id(b, "Amira Test"))
    lp.sync_all([a, b, a], url)
    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    notities = sorted(dict(row)["notitie"] for row in reference["contactmoment"])
    assert notities == ["blijft", "eerste gesprek, met tolk"] and reference["urenregistratie"] == []

    erase(b, lp.person_id(b, "Amira Test"))
    lp.sync_all([b, a], url)
    reference = admin_dump(teamdb)
    assert lp.dump(a.engine) == lp.dump(b.engine) == reference
    assert [dict(p)["naam"] for p in reference["person"]] == ["Yonas Test"]
    assert [dict(row)["notitie"] for row in reference["contactmoment"]] == ["blijft"]


def test_the_services_record_an_uren_edit_and_deletion_and_an_erasure_for_the_team(teamdb, tmp_path):
    from datetime import date

    from rules.model import UrenSoort
    from services import opschonen, uren as uren_service
    from services.opschonen import Expired
    from storage.opschonen import Verlopen
    from services.uren import NieuweUren

    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="A-1")
    lp.uren(a, amira, author="anna", minuten=60)
    lp.uren(a, amira, author="anna", minuten=30)
    lp.sync_all([a, b], url)
    with a.engine.connect() as c:
        first, second = c.execute(select(lp.UREN.c.id).where(lp.UREN.c.person_id == amira).order_by(lp.UREN.c.id)).scalars()

    uren_service.update_uren(store=a, person_id=amira, uren_id=first, today=date(2026, 11, 20),
                             regel=NieuweUren(datum=date(2026, 11, 2), soort=UrenSoort.PARTICIPATIE, minuten=90))
    uren_service.delete_uren(store=a, person_id=amira, uren_id=second)
    lp.sync_all([a, b], url)
    reference = admin_dump(teamdb)
    assert lp.dump(b.engine) == reference
    assert [(dict(r)["minuten"], dict(r)["soort"]) for r in reference["urenregistratie"]] == [(90, "participatie")]

    on_b = lp.person_id(b, "Amira Test")
    gone = Verlopen(id=on_b, kenmerk="A-1", naam="Amira Test", status="afgerond", gesloten_op=date(2018, 1, 1),
                    bewaren_tot=date(2025, 1, 1))
    opschonen.purge_expired(b, expired=Expired(personen=(gone,), bewaartermijn_jaren=7))
    lp.sync_all([b, a], url)
    assert admin_dump(teamdb)["person"] == [] and lp.dump(a.engine)["person"] == []
