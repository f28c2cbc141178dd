"""Laptops for the team tests: a local store each, and the few storage calls that make test data.

The storage functions' signatures may change when the services take over;
every call to them is here. Until the services call `record*` in their own
transaction, these helpers record right after the change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time  # noqa: F401  (date: for the tests)
from pathlib import Path

from sqlalchemy import func, select

from services import team
from storage.aanmelding import Aanmelding, create_aanmelding
from storage.db import read_session, write_session
from storage.models import Contactmoment, Person, Urenregistratie
from storage.paths import resolve
from storage.persons import add_contactmoment, update_person
from storage.store import Store, open_store
from storage.team.operations import (
    APPEND_TABLES, REFS, ROW_LOCAL_COLUMNS, encode, person_row, record_appended, record_person_changed,
    record_person_created,
)
from storage.team.tables import CONFLICT, DUBBEL
from storage.uren import NieuweUren, add_uren
from rules.model import UrenSoort
from tests.tx import in_write

PERSON, CONTACT, UREN = Person.__table__, Contactmoment.__table__, Urenregistratie.__table__
TODAY = date(2026, 12, 3)


def open_laptop(directory: Path, name: str) -> Store:
    return open_store(resolve(directory / f"{name}.sqlite"), backup_on_start=False)


def aanmelding(store: Store, *, naam: str, author: str, kenmerk: str | None = None) -> int:
    person_id, _ = in_write(store.engine, create_aanmelding,  today=TODAY, aanmelding=Aanmelding(
        naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk, koppeling=date(2026, 11, 1), consulent=author))
    with write_session(store.engine) as session:
        record_person_created(session.connection(), person_id=person_id, author=author)
    return person_id


def wijzig(store: Store, person_id: int, *, author: str, **changes) -> None:
    with read_session(store.engine) as session:
        before = dict(person_row(session.connection(), person_id))
    in_write(store.engine, update_person,  person_id=person_id, expected_version=before["version"], changes=changes)
    with write_session(store.engine) as session:
        record_person_changed(session.connection(), person_id=person_id, before=before, author=author)


def contact(store: Store, person_id: int, *, author: str, notitie: str) -> None:
    row_id = in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY, soort="azc_bezoek", notitie=notitie)
    with write_session(store.engine) as session:
        record_appended(session.connection(), table="contactmoment", row_id=row_id, author=author)


def uren(store: Store, person_id: int, *, author: str, minuten: int) -> None:
    with read_session(store.engine) as session:
        last = session.connection().execute(select(func.coalesce(func.max(UREN.c.id), 0))).scalar()
    in_write(store.engine, add_uren,  person_id=person_id, today=TODAY,
             regels=[NieuweUren(datum=TODAY, soort=list(UrenSoort)[0], minuten=minuten)])
    with write_session(store.engine) as session:
        connection = session.connection()
        for row_id in connection.execute(select(UREN.c.id).where(UREN.c.id > last)).scalars().all():
            record_appended(connection, table="urenregistratie", row_id=row_id, author=author)


def person_id(store: Store, naam: str) -> int:
    with read_session(store.engine) as session:
        return session.connection().execute(select(PERSON.c.id).where(PERSON.c.naam == naam)).scalar_one()


def _value(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return encode(value)


def _sorted(rows) -> list:
    """Rows in one order on every side (as JSON text: a None beside a text never has to be compared)."""
    import json

    return sorted(rows, key=lambda row: json.dumps(row, default=str))


def dump(engine) -> dict:
    """Every synced row, keyed by UUIDs (local ids and local-only timestamps left out), sorted."""
    with engine.connect() as connection:
        uuids = dict(connection.execute(select(PERSON.c.id, PERSON.c.uuid)).all())
        persons = _sorted(
            tuple(sorted((k, _value(v)) for k, v in row.items() if k not in ("id", "updated_at")))
            for row in connection.execute(select(PERSON)).mappings())
        children = {}
        for name, table in APPEND_TABLES.items():  # every synced record of a person (issue 15, point 2)
            refs = {column: dict(connection.execute(select(APPEND_TABLES[target].c.id, APPEND_TABLES[target].c.uuid)).all())
                    for column, target in REFS.get(name, {}).items()}
            local = {"id"} | ROW_LOCAL_COLUMNS.get(name, set())

            def value(k, v, refs=refs):
                if k == "person_id":
                    return uuids[v]
                if k in refs:  # a pointer at another synced row: as its UUID (None once that row is gone)
                    return refs[k].get(v)
                return _value(v)

            children[name] = _sorted(
                tuple(sorted((k, value(k, v)) for k, v in row.items() if k not in local))
                for row in connection.execute(select(table)).mappings())
        lists = {t.name: _sorted(tuple(sorted((k, _value(v)) for k, v in row.items()))
                                for row in connection.execute(select(t)).mappings()) for t in (CONFLICT, DUBBEL)}
    return {"person": persons, **children, **lists}


def sync_all(stores, url: str) -> None:
    for store in stores:
        team.sync(store, url=url)


# -- a person's other records, made through the services (the code path the app takes) ------------------------

def records(store: Store, person_id: int, *, i: int = 0) -> None:
    """One of every kind of record besides contactmomenten and uren, as the dossier's dialogs make them: a
    verlenging, ontheffing, vrijstelling, PIP and examenpoging, a signaal handled, a weekplan activity with a
    verzuim on it, an afspraak held (so it points at its new contactmoment), a corrected contactmoment (its
    earlier text) and a changed person (the history). `i` varies the values between laptops (and the field
    changed: an even and an odd `i` on one person do not conflict)."""
    from rules.afspraken import AfspraakInvoer, AfspraakSoort
    from rules.model import (
        ExamenOnderdeel, ExamenResultaat, Ontheffing, OntheffingSoort, Pip, UrenSoort, Verlenging, VerlengingGrond,
        Vrijstelling, VrijstellingSoort,
    )
    from rules.weekplan import WeekplanCategorie, WeekplanItem
    from services import afspraken, besluiten, contact as contact_service, dossier, persons, uren as uren_service
    from services import weekplan
    from storage.verzuim import NieuwVerzuim

    besluiten.add_verlenging(store=store, person_id=person_id, today=TODAY, verlenging=Verlenging(
        VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 11, 20), nieuwe_einddatum=date(2030, 6, 1 + i)))
    besluiten.add_ontheffing(store=store, person_id=person_id, today=TODAY, ontheffing=Ontheffing(
        OntheffingSoort.GEDEELTELIJK, besluitdatum=date(2026, 11, 21), examenonderdeel=ExamenOnderdeel.LEZEN))
    besluiten.add_vrijstelling(store=store, person_id=person_id, today=TODAY, vrijstelling=Vrijstelling(
        VrijstellingSoort.TIJDELIJK, besluitdatum=date(2026, 11, 22), start=date(2026, 11, 22), einde=date(2027, 1, 1)))
    besluiten.add_pip(store=store, person_id=person_id, today=TODAY, pip=Pip(date(2026, 11, 10 + i), reden=f"pip {i}"))
    dossier.add_examenpoging(store=store, person_id=person_id, onderdeel=ExamenOnderdeel.SCHRIJVEN,
                             datum=date(2026, 10, 1 + i), resultaat=ExamenResultaat.NIET_BEHAALD, today=TODAY)
    [entry] = weekplan.add_entries(store=store, person_id=person_id, items=[WeekplanItem(
        weekdag=i % 5, start_tijd=time(9), eind_tijd=time(12), categorie=list(WeekplanCategorie)[0],
        activiteit=f"Taalles {i}", geldig_van=date(2026, 11, 2))])
    uren_service.register_week(store=store, person_id=person_id, regels=[], today=TODAY, verzuim=[NieuwVerzuim(
        datum=date(2026, 11, 30), activiteit=f"Taalles {i}", soort=list(UrenSoort)[0], bron="Taalhuis", reden="ziek",
        weekplan_entry_id=entry)])
    afspraak = afspraken.plan_afspraak(store=store, person_id=person_id, invoer=AfspraakInvoer(
        datum=TODAY, begin=time(10, i), eind=time(11), soort=list(AfspraakSoort)[0], plaats="", tolk_nodig=False,
        tolk_taal="", consulent="anna", notitie=f"afspraak {i}"))
    afspraken.afspraak_gehouden(store=store, afspraak_id=afspraak, datum=TODAY, soort="voortgangsgesprek",
                                notitie=f"gehouden {i}")
    with read_session(store.engine) as session:
        contact_id = session.connection().execute(select(func.max(CONTACT.c.id)).where(
            CONTACT.c.person_id == person_id)).scalar()
    contact_service.correct_contactmoment(store=store, person_id=person_id, contact_id=contact_id, datum=TODAY,
                                          soort="voortgangsgesprek", notitie=f"gehouden {i}, gecorrigeerd")
    handle_first_signaal(store, person_id, reden=f"besproken {i}")
    with read_session(store.engine) as session:
        version = person_row(session.connection(), person_id)["version"]
    veld = "adres" if i % 2 == 0 else "telefoon"  # two laptops changing one person's history: no conflict
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={veld: f"06-1234567{i}"})


def signalen(store: Store, person_id: int, *, hidden: bool = False) -> list[tuple]:
    """The signalen the laptop shows for one person on TODAY: soort, vervaldatum and (hidden) the afhandeling."""
    from rules.policy import Policy
    from services.signalen import list_signalen

    return sorted((s.signaal.soort, s.signaal.vervaldatum, s.afhandeling.actie if s.afhandeling else None)
                  for s in list_signalen(store=store, as_of=TODAY, policy=Policy(), include_hidden=hidden)
                  if s.person_id == person_id)


def handle_first_signaal(store: Store, person_id: int, *, reden: str) -> None:
    """Afhandelen the person's first open signaal, as the signalen screen does."""
    from rules.afhandeling import Actie
    from rules.policy import Policy
    from services.signalen import handle_signaal, list_signalen

    first = next(s for s in list_signalen(store=store, as_of=TODAY, policy=Policy()) if s.person_id == person_id)
    handle_signaal(store=store, person_id=person_id, signaal=first.signaal, actie=Actie.AFGEHANDELD, reden=reden,
                   door="anna", today=TODAY)
