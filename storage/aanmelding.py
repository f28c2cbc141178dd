"""A new person (or a whole household) from an AZC visit: the minimum now, the rest later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import uuid4

from sqlalchemy import func, insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from rules.naam import check_achternaam

from rules.dubbel import Kandidaat
from rules.huishouden import Relatie, plicht_op_leeftijd
from rules.model import ContactSoort, Status
from storage.models import Contactmoment, Person
from storage.names import with_names

PERSON = Person.__table__
CONTACT = Contactmoment.__table__
GENERATED_PREFIX = "NIEUW"


class AanmeldingError(ValueError):
    """The aanmelding cannot be stored; the message is Dutch."""


@dataclass(frozen=True)
class Aanmelding:
    naam: str
    doelgroep: str
    kenmerk: str | None = None
    koppeling: date | None = None
    eerste_azc_bezoek: date | None = None
    consulent: str | None = None
    taal: str | None = None
    tolk_nodig: bool = False
    nareiziger: bool = False
    contact_soort: str | None = None  # the visit being typed up, if any
    contact_datum: date | None = None
    notitie: str = ""
    achternaam: str | None = None  # None or blank: taken from the naam (rules.naam)
    geboortedatum: date | None = None
    bsn: str | None = None  # 9 digits, checked (rules.bsn)
    v_nummer: str | None = None  # 10 digits, checked (rules.contactgegevens)
    azc_locatie: str | None = None


@dataclass(frozen=True)
class Gezinslid:
    """A member of the household registered with the aanmelding; the rest is taken from the hoofdpersoon."""

    naam: str
    relatie: str  # rules.huishouden.Relatie (not hoofd)
    geboortedatum: date | None = None
    bsn: str | None = None
    v_nummer: str | None = None
    nareiziger: bool = False  # still to come: registered now, no visit and no plicht until they arrive


@dataclass(frozen=True)
class Aangemeld:
    person_id: int
    kenmerk: str
    naam: str
    status: str


def _next_generated_kenmerk(connection, year: int) -> str:
    prefix = f"{GENERATED_PREFIX}-{year}-"
    last = connection.execute(
        select(func.max(PERSON.c.kenmerk)).where(PERSON.c.kenmerk.like(f"{prefix}%"))
    ).scalar()
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:04d}"


def _insert_person(connection, *, kenmerk: str, values: dict, now: datetime) -> int:
    return connection.execute(
        insert(PERSON).values(kenmerk=kenmerk, regime="wi2021", bijstand=False, version=1, created_at=now, updated_at=now,
                              **with_names(values))
    ).inserted_primary_key[0]


def create_aanmelding(*, connection: Connection, aanmelding: Aanmelding, today: date) -> tuple[int, str]:
    """Store the person (and the visit's contactmoment) on ``connection``; returns (id, kenmerk)."""
    first = create_household(connection=connection, aanmelding=aanmelding, today=today)[0]
    return first.person_id, first.kenmerk


def create_household(*, connection: Connection, aanmelding: Aanmelding, today: date,
                     leden: Sequence[Gezinslid] = ()) -> list[Aangemeld]:
    """Store the person, the household members and the visit's contactmoment on ``connection``.

    Returns the hoofdpersoon first, then each member in order. With members, all share
    one ``huishouden`` id. A member under 16 (or a nareiziger not yet here) gets status
    ``geen_plicht``: a household member without signalen. The visit's date fills an
    empty "eerste AZC-bezoek" when the visit is an AZC-bezoek."""
    if not aanmelding.naam.strip():
        raise AanmeldingError("Vul een naam in.")
    if aanmelding.achternaam and aanmelding.achternaam.strip() and (
            problem := check_achternaam(aanmelding.achternaam, naam=aanmelding.naam)):
        raise AanmeldingError(problem)
    if not (aanmelding.kenmerk or aanmelding.koppeling or aanmelding.v_nummer):
        raise AanmeldingError("Vul een kenmerk, V-nummer of de datum van de koppeling in (één is genoeg).")
    for lid in leden:
        if not lid.naam.strip():
            raise AanmeldingError("Elk gezinslid heeft een naam nodig; vul die in of haal de regel leeg.")
        if lid.relatie not in {r.value for r in Relatie} - {Relatie.HOOFD.value}:
            raise AanmeldingError(f"Onbekende relatie ‘{lid.relatie}’; kies partner, kind, ouder of overig.")
    bsns = [b for b in (aanmelding.bsn, *(lid.bsn for lid in leden)) if b]
    if len(set(bsns)) != len(bsns):
        raise AanmeldingError("Twee personen in deze aanmelding hebben hetzelfde BSN; controleer de BSN's.")
    if bsns and (owner := connection.execute(select(PERSON.c.kenmerk).where(PERSON.c.bsn.in_(bsns)).limit(1)).scalar()):
        raise AanmeldingError(f"Een BSN in deze aanmelding staat al bij dossier {owner}; één persoon heeft één dossier. "
                              "Open dat dossier (F2) in plaats van een nieuw te maken.")
    # A V-nummer (COA's vreemdelingennummer) identifies one person, as a BSN does.
    v_nummers = [v for v in (aanmelding.v_nummer, *(lid.v_nummer for lid in leden)) if v]
    if len(set(v_nummers)) != len(v_nummers):
        raise AanmeldingError("Twee personen in deze aanmelding hebben hetzelfde V-nummer; controleer de V-nummers.")
    if v_nummers and (owner := connection.execute(
            select(PERSON.c.kenmerk).where(PERSON.c.v_nummer.in_(v_nummers)).limit(1)).scalar()):
        raise AanmeldingError(f"Een V-nummer in deze aanmelding staat al bij dossier {owner}; één persoon heeft één "
                              "dossier. Open dat dossier (F2) in plaats van een nieuw te maken.")
    now = datetime.now(UTC)
    visit_date = aanmelding.contact_datum or today
    eerste_azc_bezoek = aanmelding.eerste_azc_bezoek
    if eerste_azc_bezoek is None and aanmelding.contact_soort == ContactSoort.AZC_BEZOEK.value:
        eerste_azc_bezoek = visit_date
    huishouden = str(uuid4()) if leden else None
    shared = dict(doelgroep=aanmelding.doelgroep, consulent=aanmelding.consulent or None, taal=aanmelding.taal or None,
                  tolk_nodig=aanmelding.tolk_nodig, azc_locatie=aanmelding.azc_locatie or None, huishouden=huishouden)
    stored: list[Aangemeld] = []
    try:
        kenmerk = aanmelding.kenmerk.strip() if aanmelding.kenmerk else _next_generated_kenmerk(connection, today.year)
        hoofd_status = Status.ACTIEF if plicht_op_leeftijd(aanmelding.geboortedatum, as_of=today).plichtig else Status.GEEN_PLICHT
        person_id = _insert_person(connection, kenmerk=kenmerk, now=now, values=dict(
            shared, naam=aanmelding.naam.strip(), achternaam=aanmelding.achternaam, nareiziger=aanmelding.nareiziger,
            status=hoofd_status.value,
            koppeling=aanmelding.koppeling, eerste_azc_bezoek=eerste_azc_bezoek, geboortedatum=aanmelding.geboortedatum,
            bsn=aanmelding.bsn or None, v_nummer=aanmelding.v_nummer or None,
            huishouden_relatie=Relatie.HOOFD.value if leden else None))
        stored.append(Aangemeld(person_id, kenmerk, aanmelding.naam.strip(), hoofd_status.value))
        present = [person_id]
        for lid in leden:
            plichtig = plicht_op_leeftijd(lid.geboortedatum, as_of=today).plichtig and not lid.nareiziger
            status = Status.ACTIEF if plichtig else Status.GEEN_PLICHT
            lid_kenmerk = _next_generated_kenmerk(connection, today.year)
            lid_id = _insert_person(connection, kenmerk=lid_kenmerk, now=now, values=dict(
                shared, naam=lid.naam.strip(), nareiziger=lid.nareiziger or aanmelding.nareiziger, status=status.value,
                koppeling=None if lid.nareiziger else aanmelding.koppeling,
                eerste_azc_bezoek=None if lid.nareiziger else eerste_azc_bezoek,
                geboortedatum=lid.geboortedatum, bsn=lid.bsn or None, v_nummer=lid.v_nummer or None,
                huishouden_relatie=lid.relatie))
            stored.append(Aangemeld(lid_id, lid_kenmerk, lid.naam.strip(), status.value))
            if plichtig:
                present.append(lid_id)
        if aanmelding.contact_soort:  # the visit itself is worth recording, note or not, for everyone it concerned
            for visited in present:
                connection.execute(
                    insert(CONTACT).values(person_id=visited, datum=visit_date, soort=aanmelding.contact_soort,
                                           notitie=aanmelding.notitie.strip(), created_at=now)
                )
    except IntegrityError as exc:
        error = AanmeldingError(f"Het kenmerk {aanmelding.kenmerk} bestaat al. Kies een ander kenmerk of zoek de persoon op (F2).")
        error.kenmerk_in_use = True
        raise error from exc
    return stored


def duplicate_candidates(*, connection: Connection, bsns: Sequence[str], v_nummers: Sequence[str],
                         geboortedata: Sequence[date]) -> list[Kandidaat]:
    """Everyone who shares a BSN, a V-nummer or a birth date with the people about to be registered
    (the name likeness is judged by rules.dubbel; a birth date narrows it to a handful)."""
    tests = []
    if bsns := [b for b in bsns if b]:
        tests.append(PERSON.c.bsn.in_(bsns))
    if v_nummers := [v for v in v_nummers if v]:
        tests.append(PERSON.c.v_nummer.in_(v_nummers))
    if geboortedata := [d for d in geboortedata if d is not None]:
        tests.append(PERSON.c.geboortedatum.in_(geboortedata))
    if not tests:
        return []
    rows = connection.execute(
        select(PERSON.c.id, PERSON.c.naam, PERSON.c.geboortedatum, PERSON.c.bsn, PERSON.c.v_nummer, PERSON.c.kenmerk)
        .where(or_(*tests)).order_by(PERSON.c.id)
    ).all()
    return [Kandidaat(person_id=r.id, naam=r.naam, geboortedatum=r.geboortedatum, bsn=r.bsn, v_nummer=r.v_nummer,
                      kenmerk=r.kenmerk) for r in rows]


@dataclass(frozen=True)
class Huisgenoot:
    person_id: int
    naam: str
    relatie: str | None
    geboortedatum: date | None
    kenmerk: str
    status: str
    nareiziger: bool


def list_huishouden(*, connection: Connection, person_id: int) -> list[Huisgenoot]:
    """The other members of the person's household (hoofdpersoon first), or [] when they have none."""
    huishouden = connection.execute(select(PERSON.c.huishouden).where(PERSON.c.id == person_id)).scalar()
    if not huishouden:
        return []
    rows = connection.execute(
        select(PERSON.c.id, PERSON.c.naam, PERSON.c.huishouden_relatie, PERSON.c.geboortedatum, PERSON.c.kenmerk,
               PERSON.c.status, PERSON.c.nareiziger)
        .where(PERSON.c.huishouden == huishouden, PERSON.c.id != person_id).order_by(PERSON.c.id)
    ).all()
    order = {r.value: n for n, r in enumerate(Relatie)}
    members = [Huisgenoot(r.id, r.naam, r.huishouden_relatie, r.geboortedatum, r.kenmerk, r.status, bool(r.nareiziger))
               for r in rows]
    return sorted(members, key=lambda m: (order.get(m.relatie or "", 99), m.person_id))


@dataclass(frozen=True)
class Contactgegevens:
    """How to reach the person and who helps them (revision 0013); None: not recorded."""

    v_nummer: str | None = None
    azc_locatie: str | None = None
    adres: str | None = None
    telefoon: str | None = None
    email: str | None = None
    contactpersoon: str | None = None
    contactpersoon_organisatie: str | None = None
    contactpersoon_telefoon: str | None = None


CONTACT_FIELDS = tuple(Contactgegevens.__dataclass_fields__)


def load_contactgegevens(*, connection: Connection, person_id: int) -> Contactgegevens | None:
    row = connection.execute(select(*(PERSON.c[name] for name in CONTACT_FIELDS)).where(PERSON.c.id == person_id)).mappings().first()
    return None if row is None else Contactgegevens(**dict(row))
