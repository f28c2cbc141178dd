"""The tables of the local store (SQLModel over SQLAlchemy).

Only portable SQLAlchemy constructs are used, so the same models work on
the local encrypted file today and on PostgreSQL through a URL later. Enumerations are stored
as their string values (see `rules.model`); hours are stored as whole
minutes so sums are exact and a school's report compares equal on re-import.
"""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import uuid4

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, false as sa_false
from sqlmodel import Field, SQLModel

from rules import limits


def new_uuid() -> str:
    """A row's identity across laptops and the teamdatabase (made on the laptop: two laptops never collide)."""
    return str(uuid4())


def _uuid_field():
    return Field(default=None, max_length=36, unique=True, index=True, sa_column_kwargs={"default": new_uuid})


def _person_fk() -> Column:
    # ON DELETE CASCADE: erasing a person (retention) removes their records with them.
    return Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)


class Person(SQLModel, table=True):
    """One inburgeraar in the caseload, with the key dates of the chain."""

    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_consulent_status", "consulent", "status"),
        Index("ix_person_naam", "naam"),
        CheckConstraint("ontzorgen_maanden IS NULL OR ontzorgen_maanden BETWEEN 1 AND 120", name="ck_person_ontzorgen_maanden"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kenmerk: str = Field(max_length=limits.KENMERK, unique=True, index=True)  # the municipality's own client number
    naam: str = Field(max_length=limits.NAAM)
    geboortedatum: date | None = None
    bsn: str | None = Field(default=None, max_length=limits.BSN, index=True)  # validated with the 11-proef
    doelgroep: str = Field(max_length=30)
    nareiziger: bool = False
    regime: str = Field(default="wi2021", max_length=10)
    consulent: str | None = Field(default=None, max_length=limits.CONSULENT)
    taal: str | None = Field(default=None, max_length=limits.TAAL)  # language spoken
    tolk_nodig: bool = False
    status: str = Field(default="actief", max_length=20, index=True)

    kennisgeving_duo: date | None = None
    koppeling: date | None = None
    eerste_azc_bezoek: date | None = None
    brp_inschrijving: date | None = None
    huisvesting: date | None = None
    brede_intake_start: date | None = None
    pip_datum: date | None = None
    leerroute: str | None = Field(default=None, max_length=10)
    niveau: str | None = Field(default=None, max_length=2)
    alfabetisering: str | None = Field(default=None, max_length=3)
    aanbod_start: date | None = None
    bijstand: bool = False
    ontzorgen_start: date | None = None
    ontzorgen_maanden: int | None = None
    pvt_ondertekend: date | None = None
    map_eindgesprek: date | None = None
    zroute_afgerond: date | None = None
    termijn_einde: date | None = None
    laatste_voortgangsgesprek: date | None = None
    uuid: str | None = _uuid_field()  # team mode: the person's identity on every laptop (revision 0009)
    gemeente: str | None = Field(default=None, max_length=60)  # team mode: whose caseload (row-level security)
    gedeeld: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})  # seen by every gemeente
    gesloten_op: date | None = None  # the file was closed (status no longer actief): retention runs from here
    # issue 18 (revision 0010): the law, part two; names as rules.model.PersonFacts
    verblijfsvergunning: str | None = Field(default=None, max_length=10)  # nareiziger: asiel / regulier
    inburgeringsplicht_start: date | None = None
    aanbod_gepland: date | None = None
    aanbod_einde: date | None = None  # DUO: verwachteEinddatumOpleiding, exclusive
    map_verwijtbaar: bool | None = None  # NULL: not given
    pvt_verwijtbaar: bool | None = None
    vorige_gemeente: str | None = Field(default=None, max_length=limits.GEMEENTE_OF_LAND)
    verhuisd_in: date | None = None
    eerste_pip_datum: date | None = None  # the previous gemeente's first PIP (Wi2021 art. 11 lid 3)
    vertrokken_op: date | None = None
    vertrek_bestemming: str | None = Field(default=None, max_length=limits.GEMEENTE_OF_LAND)
    leerbaarheidstoets: date | None = None
    leerbaarheidstoets_vrijstelling: str | None = Field(default=None, max_length=30)
    # issue 17 (revision 0012): finding and sorting names
    achternaam: str | None = Field(default=None, max_length=limits.NAAM)  # the part of naam a list sorts on (rules.naam)
    # rules.text.search_key(naam): case, accents and scripts folded, so SQL's LIKE finds Öztürk by "ozturk".
    # Derived (storage.zoeksleutel keeps it current on every write); never synchronised.
    zoeksleutel: str | None = Field(default=None, max_length=limits.NAAM * 3)
    # issue 17 (revision 0013): the AZC visit, contact details, the people around the person
    v_nummer: str | None = Field(default=None, max_length=limits.V_NUMMER, index=True)  # COA/IND, 10 digits
    azc_locatie: str | None = Field(default=None, max_length=limits.AZC_LOCATIE)
    adres: str | None = Field(default=None, max_length=limits.ADRES)
    telefoon: str | None = Field(default=None, max_length=limits.TELEFOON)
    email: str | None = Field(default=None, max_length=limits.EMAIL)
    contactpersoon: str | None = Field(default=None, max_length=limits.CONTACTPERSOON)  # begeleider
    contactpersoon_organisatie: str | None = Field(default=None, max_length=limits.ORGANISATIE)
    contactpersoon_telefoon: str | None = Field(default=None, max_length=limits.TELEFOON)
    # a household registered together shares one id (a uuid, the same on every laptop); relation to its hoofdpersoon
    huishouden: str | None = Field(default=None, max_length=36, index=True)
    huishouden_relatie: str | None = Field(default=None, max_length=10)  # rules.huishouden.Relatie

    # optimistic locking: a save must name the version it read
    version: int = Field(default=1)
    created_at: datetime
    updated_at: datetime


class ExamenPoging(SQLModel, table=True):
    """One attempt at one exam component."""

    __tablename__ = "examen_poging"
    __table_args__ = (Index("ix_examen_poging_person", "person_id", "onderdeel", "datum"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    onderdeel: str = Field(max_length=20)
    datum: date
    resultaat: str = Field(max_length=20)
    niveau: str | None = Field(default=None, max_length=2)  # None: B1, the B1-route's level (revision 0010)
    reden_geen_resultaat: str | None = Field(default=None, max_length=20)  # with resultaat "geen"
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class Verlenging(SQLModel, table=True):
    """An extension of the inburgeringstermijn, or a ground for one on file (no besluitdatum yet)."""

    __tablename__ = "verlenging"
    __table_args__ = (Index("ix_verlenging_person", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    grond: str = Field(max_length=30)
    besluitdatum: date | None = None
    nieuwe_einddatum: date | None = None  # exclusive, as DUO records the term
    toelichting: str = ""
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class OntheffingBesluit(SQLModel, table=True):
    """DUO's decision to exempt, wholly or on a component."""

    __tablename__ = "ontheffing"
    __table_args__ = (Index("ix_ontheffing_person", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    soort: str = Field(max_length=20)
    besluitdatum: date
    grond: str | None = Field(default=None, max_length=3)
    examenonderdeel: str | None = Field(default=None, max_length=20)
    participatie_uren_max: int | None = None
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class VrijstellingBesluit(SQLModel, table=True):
    """DUO's decision that (part of) the obligation does not apply; a temporary one suspends it."""

    __tablename__ = "vrijstelling"
    __table_args__ = (Index("ix_vrijstelling_person", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    soort: str = Field(max_length=20)
    besluitdatum: date
    reden: str | None = Field(default=None, max_length=3)  # DUO's code
    examenonderdeel: str | None = Field(default=None, max_length=20)
    examenniveau: str | None = Field(default=None, max_length=2)
    start: date | None = None
    einde: date | None = None  # inclusive (DUO)
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class PipVersie(SQLModel, table=True):
    """A PIP after this gemeente's first (`person.pip_datum`): a gewijzigd PIP or a previous gemeente's; `id` order
    is the order of registration."""

    __tablename__ = "pip"
    __table_args__ = (Index("ix_pip_person", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    dagtekening: date
    leerroute: str | None = Field(default=None, max_length=10)
    niveau: str | None = Field(default=None, max_length=2)
    alfabetisering: str | None = Field(default=None, max_length=3)
    gemeente: str | None = Field(default=None, max_length=100)  # None: this gemeente
    reden: str = ""
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class Contactmoment(SQLModel, table=True):
    """A meeting, visit or call, with a free note."""

    __tablename__ = "contactmoment"
    __table_args__ = (
        Index("ix_contactmoment_person_datum", "person_id", "datum"),
        Index("ix_contactmoment_person_soort_datum", "person_id", "soort", "datum"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    datum: date
    soort: str = Field(max_length=30)
    notitie: str = ""
    created_at: datetime
    uuid: str | None = _uuid_field()
    auteur: str | None = Field(default=None, max_length=limits.DOOR)  # revision 0015; None: written before it


class ContactmomentVersie(SQLModel, table=True):
    """The previous text of a corrected or removed contactmoment (revision 0015): what was there before."""

    __tablename__ = "contactmoment_versie"
    __table_args__ = (
        Index("ix_contactmoment_versie_contact", "contactmoment_id", "id"),
        Index("ix_contactmoment_versie_person", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    contactmoment_id: int  # no foreign key: a removed contactmoment keeps its text here
    datum: date
    soort: str = Field(max_length=30)
    notitie: str = ""
    auteur: str | None = Field(default=None, max_length=limits.DOOR)
    actie: str = Field(max_length=20)  # gecorrigeerd | verwijderd
    door: str = Field(max_length=limits.DOOR)
    op: datetime
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)
    # the contactmoment's UUID: keeps its earlier texts together on every laptop, also once it is removed
    contactmoment_uuid: str | None = Field(default=None, max_length=36)


class Wijziging(SQLModel, table=True):
    """One changed field of a person's file, with its old and new value (revision 0015).

    The audit log names the table and action only; the values live here, in the person's own file
    (erased with them), linked to the audit row of the change by `audit_id`."""

    __tablename__ = "wijziging"
    __table_args__ = (Index("ix_wijziging_person", "person_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    audit_id: int | None = None
    tabel: str = Field(max_length=40)
    veld: str = Field(max_length=60)
    oud: str | None = None
    nieuw: str | None = None
    door: str = Field(max_length=limits.DOOR)
    op: datetime
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class Verzuim(SQLModel, table=True):
    """A planned weekplan activity the person did not attend, and why (revision 0015)."""

    __tablename__ = "verzuim"
    __table_args__ = (
        Index("ix_verzuim_person_datum", "person_id", "datum"),
        CheckConstraint("reden IN ('ziek', 'afgemeld', 'zonder_bericht')", name="ck_verzuim_reden"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    datum: date
    weekplan_entry_id: int | None = None
    activiteit: str = Field(max_length=limits.ACTIVITEIT)
    soort: str = Field(max_length=30)
    bron: str = Field(max_length=limits.AANBIEDER)
    reden: str = Field(max_length=20)
    door: str = Field(max_length=limits.DOOR)
    op: datetime
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class Urenregistratie(SQLModel, table=True):
    """Hours followed on a date (or a period's total dated at its end)."""

    __tablename__ = "urenregistratie"
    __table_args__ = (
        # covering index: Z-route totals per person and kind (up to a date) never touch the table
        Index("ix_uren_person_soort_datum_minuten", "person_id", "soort", "datum", "minuten"),
        Index("ix_uren_person_datum", "person_id", "datum"),
        CheckConstraint("minuten > 0", name="ck_uren_minuten_positief"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    datum: date
    soort: str = Field(max_length=30)
    minuten: int
    bron: str = Field(default="", max_length=limits.BRON)
    omschrijving: str = ""
    # Read from a file (`regie import uren`): may be a period's total, so the
    # 24-hours-a-day check of hand-entered hours leaves it out.
    ingelezen: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    created_at: datetime
    uuid: str | None = _uuid_field()


class WeekplanEntry(SQLModel, table=True):
    """A weekly recurring activity in a person's weekplan."""

    __tablename__ = "weekplan_entry"
    __table_args__ = (
        Index("ix_weekplan_person_geldig", "person_id", "geldig_van", "geldig_tot"),
        CheckConstraint("weekdag BETWEEN 0 AND 6", name="ck_weekplan_weekdag"),
        CheckConstraint("eind_tijd > start_tijd", name="ck_weekplan_tijden"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    weekdag: int  # 0 = maandag
    start_tijd: time
    eind_tijd: time
    categorie: str = Field(max_length=30)
    taalvorm: str | None = Field(default=None, max_length=10)
    activiteit: str = Field(max_length=limits.ACTIVITEIT)
    aanbieder: str = Field(default="", max_length=limits.AANBIEDER)
    locatie: str = Field(default="", max_length=limits.LOCATIE)
    geldig_van: date
    geldig_tot: date | None = None
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class Afspraak(SQLModel, table=True):
    """An appointment with an inburgeraar, for a consulent (revision 0014); travels to the team (revision 0018)."""

    __tablename__ = "afspraak"
    __table_args__ = (
        Index("ix_afspraak_datum_consulent", "datum", "consulent"),
        Index("ix_afspraak_person_datum", "person_id", "datum"),
        CheckConstraint("eind > begin", name="ck_afspraak_tijden"),
    )

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    datum: date
    begin: time
    eind: time
    soort: str = Field(max_length=30)  # rules.afspraken.AfspraakSoort
    plaats: str = Field(default="", max_length=limits.LOCATIE)
    tolk_nodig: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    tolk_taal: str = Field(default="", max_length=limits.TAAL)
    consulent: str = Field(max_length=limits.CONSULENT)  # whose agenda
    notitie: str = ""
    status: str = Field(default="gepland", max_length=20)  # rules.afspraken.AfspraakStatus
    contactmoment_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("contactmoment.id", ondelete="SET NULL"), nullable=True)
    )  # the contactmoment a held (or missed) appointment became
    created_at: datetime
    uuid: str | None = _uuid_field()


class AppSetting(SQLModel, table=True):
    """Small per-database key/value state (e.g. the caseload's filter and sort)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=100)
    value: str = ""


__all__ = [
    "AppSetting", "Contactmoment", "ContactmomentVersie", "ExamenPoging", "Verzuim", "Wijziging", "OntheffingBesluit", "Person", "PipVersie", "Urenregistratie",
    "Verlenging", "VrijstellingBesluit", "WeekplanEntry",
]


class Concept(SQLModel, table=True):
    """A half-filled form, kept so nothing typed is lost when the terminal closes."""

    __tablename__ = "concept"

    key: str = Field(primary_key=True, max_length=100)  # e.g. "aanmelding" or "contact:12"
    form: str = Field(max_length=40)
    person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True)
    )
    data: str = ""  # JSON of the form's fields
    updated_at: datetime


class SignaalAfhandeling(SQLModel, table=True):
    """A consulent marked a signaal as handled, or snoozed it until a date, with a reason.

    `sleutel` identifies the signaal as it was (soort and vervaldatum, see
    rules.afhandeling): when the facts behind it change, the key changes and
    the signaal comes back by itself.
    """

    __tablename__ = "signaal_afhandeling"
    __table_args__ = (Index("ix_afhandeling_person_sleutel", "person_id", "sleutel"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_person_fk())
    soort: str = Field(max_length=40)
    sleutel: str = Field(max_length=80)
    actie: str = Field(max_length=20)  # afgehandeld | uitgesteld
    tot: date | None = None  # uitgesteld: the signaal returns on this date
    reden: str = Field(max_length=limits.REDEN)
    door: str = Field(default="", max_length=limits.DOOR)
    op: datetime
    uuid: str | None = _uuid_field()  # team mode: the row's identity on every laptop (revision 0018)


class AuditLog(SQLModel, table=True):
    """Who did what to which record, when, with what result; hash-chained.

    Never holds BSN, names or note contents: only kinds of action and ids.
    Each row's hash covers the previous row's hash, so changing or deleting
    a row breaks the chain (`regie audit verify`).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_person", "person_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    op: str = Field(max_length=40)  # ISO timestamp, UTC: hashed as text
    door: str = Field(max_length=100)
    actie: str = Field(max_length=40)
    tabel: str = Field(default="", max_length=40)
    record_id: int | None = None
    person_id: int | None = Field(default=None, index=False)  # no FK: the trail outlives erasure as ids only
    aantal: int = 1
    resultaat: str = Field(default="ok", max_length=40)
    vorige_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # Hash scheme (see storage.audit): 1 for rows from before revision 0006, 2 covers every field.
    hash_versie: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    verwijzing_zout: str | None = Field(default=None, max_length=32)  # removed with the ids at erasure
    verwijzing_hash: str | None = Field(default=None, max_length=64)  # salted commitment to record_id, person_id


class ImportRun(SQLModel, table=True):
    """An import under way: its rows wait in staging until the run is `klaar`, then move in.

    A run still `bezig` at start-up was interrupted before its commit point and is
    removed with its staged rows; a run `klaar` is finished (its rows moved in)."""

    __tablename__ = "import_run"

    id: str = Field(primary_key=True, max_length=32)
    soort: str = Field(max_length=20)
    status: str = Field(max_length=10)  # "bezig" or "klaar"
    created_at: datetime


class ImportStagingUren(SQLModel, table=True):
    """Hours of an import run, staged in short transactions before they move into urenregistratie."""

    __tablename__ = "import_staging_uren"

    run_id: str = Field(primary_key=True, max_length=32)
    volgorde: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    person_id: int
    datum: date
    soort: str = Field(max_length=30)
    minuten: int
    bron: str = Field(default="", max_length=100)
    omschrijving: str = ""
    created_at: datetime
    uuid: str | None = Field(default=None, max_length=36)  # the urenregistratie's own UUID, made while staging


import storage.duo  # noqa: E402,F401  (registers the DUO tables on SQLModel.metadata for migrations and their test)
from storage.team import tables as _team_tables  # noqa: E402,F401  (the team-mode tables, same metadata)
