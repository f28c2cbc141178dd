"""The dossier use case: one person's file read in one go and judged by the rules, and the view recorded.

Opening a dossier is itself recorded in the audit trail ("bekeken"), before
the read, so the history shown already includes this view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING

from rules.engine import Beoordeling, Signaal, assess
from rules.policy import Policy
from rules.validation import Bevinding, exam_warnings
from services.errors import ServiceError
from storage.aanmelding import Contactgegevens, Huisgenoot, list_huishouden, load_contactgegevens
from storage.afhandeling import load_afhandelingen
from storage.afspraken import next_afspraak
from storage.audit import history as audit_history
from storage.contact import versions_by_contact
from storage.persons import ContactmomentView, ExamenPogingView, list_contactmomenten, list_examenpogingen
from storage.queries import PersonRecord, load_person
from storage.wijziging import changes_by_audit

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["ContactmomentView", "DossierData", "DossierReadError", "ExamenPogingView", "load_dossier", "open_dossier", "record_view"]


@dataclass(frozen=True)
class DossierData:
    record: PersonRecord
    beoordeling: Beoordeling
    contacten: list[ContactmomentView]
    pogingen: list[ExamenPogingView]
    examen_waarschuwingen: tuple[Bevinding, ...]
    today: date
    afhandelingen: tuple = ()  # rules.afhandeling.Afhandeling, oldest first
    geschiedenis: tuple = ()  # storage.audit.AuditEntry, newest first
    contact: Contactgegevens | None = None  # address, phone, e-mail, begeleider, V-nummer, AZC
    huishouden: tuple[Huisgenoot, ...] = ()  # the other members of the household, hoofdpersoon first
    volgende_afspraak: object | None = None  # rules.afspraken.Afspraak: the first planned one from today on
    wijzigingen: dict = field(default_factory=dict)  # audit id -> [storage.wijziging.Veldwijziging]: what changed
    verwijderde_contacten: tuple = ()  # storage.contact.ContactVersie of removed contactmomenten, newest first

    @property
    def facts(self):
        return self.record.facts

    def signaal(self, soort: str) -> Signaal | None:
        return next((s for s in self.beoordeling.signalen if s.soort == soort), None)


def load_dossier(*, store: Store, person_id: int, today: date, policy: Policy) -> DossierData | None:
    """Everything the dossier shows, read in one connection; None when the person is gone."""
    from services._tx import read

    with read(store) as connection:
        record = load_person(connection=connection, person_id=person_id, as_of=today)
        if record is None:
            return None
        contacten = list_contactmomenten(connection=connection, person_id=person_id)
        pogingen = list_examenpogingen(connection=connection, person_id=person_id)
        afhandelingen = load_afhandelingen(connection=connection, person_id=person_id).get(person_id, [])
        geschiedenis = audit_history(connection=connection, person_id=person_id)
        contact = load_contactgegevens(connection=connection, person_id=person_id)
        huishouden = list_huishouden(connection=connection, person_id=person_id)
        volgende = next_afspraak(connection=connection, person_id=person_id, vanaf=today, na=time(0, 0))
        wijzigingen = changes_by_audit(connection=connection, person_id=person_id)
        live = {c.id for c in contacten}
        verwijderd = [versies[-1] for contact_id, versies in versions_by_contact(connection=connection, person_id=person_id).items()
                      if contact_id not in live and versies]
    return DossierData(
        record=record,
        beoordeling=assess(record.facts, today, policy),
        contacten=contacten,
        pogingen=pogingen,
        examen_waarschuwingen=exam_warnings(record.facts),
        today=today,
        afhandelingen=tuple(afhandelingen),
        geschiedenis=tuple(geschiedenis),
        contact=contact,
        huishouden=tuple(huishouden),
        volgende_afspraak=volgende,
        wijzigingen=wijzigingen,
        verwijderde_contacten=tuple(sorted(verwijderd, key=lambda v: v.op, reverse=True)),
    )


def record_view(*, store: Store, person_id: int) -> None:
    """Write the "bekeken" entry of the audit trail for this person."""
    from services import _team
    from services._tx import author, write
    from storage import audit

    with write(store) as connection:
        audit.record(connection, actie="bekeken", tabel="person", person_id=person_id)
        _team.audit(connection, actie="bekeken", tabel="person", person_id=person_id, author=author())


class DossierReadError(ServiceError):
    """The dossier could not be read; ``view_recorded`` says whether the "bekeken" entry was written
    (when not, the next try records it)."""

    def __init__(self, message: str, *, view_recorded: bool) -> None:
        super().__init__(message)
        self.view_recorded = view_recorded


def open_dossier(*, store: Store, person_id: int, today: date, policy: Policy, record: bool = True) -> DossierData | None:
    """Record the view (when ``record``; first, so the history already shows it) and read the dossier.

    Raises DossierReadError with a Dutch message when the database fails."""
    recorded = False
    try:
        if record:
            record_view(store=store, person_id=person_id)
            recorded = True
        return load_dossier(store=store, person_id=person_id, today=today, policy=policy)
    except Exception as exc:
        raise DossierReadError(f"Het dossier kon niet worden gelezen ({type(exc).__name__}). Probeer ctrl+r.",
                               view_recorded=recorded) from exc


def add_examenpoging(*, store: Store, person_id: int, onderdeel, datum: date, resultaat, today: date, niveau=None,
                     reden_geen_resultaat=None) -> int:
    """Record an exam attempt (niveau None: B1; a reden only with resultaat "geen"); returns its id.
    Raises ExamenSaveError when DUO would not report it so (services.besluiten.check_examenpoging, the
    check the CSV import runs too) or when the dossier was removed."""
    from rules.model import ExamenOnderdeel, ExamenPoging, ExamenResultaat, Niveau, RedenGeenResultaat
    from services import _team
    from services._tx import Refused, author, write
    from services.besluiten import check_examenpoging
    from storage import persons

    poging = ExamenPoging(onderdeel=ExamenOnderdeel(onderdeel), datum=datum, resultaat=ExamenResultaat(resultaat),
                          niveau=Niveau(niveau) if niveau is not None else None,
                          reden_geen_resultaat=RedenGeenResultaat(reden_geen_resultaat) if reden_geen_resultaat else None)
    if problems := check_examenpoging(None, poging, today):
        raise ExamenSaveError(problems[0][1])
    try:
        with write(store, refused=Refused("toegevoegd", "examen_poging", person_id)) as connection:
            with _team.records(connection, person_ids=[person_id], author=author()):
                return persons.add_examenpoging(connection=connection, person_id=person_id, onderdeel=onderdeel,
                                                datum=datum, resultaat=resultaat, niveau=niveau,
                                                reden_geen_resultaat=reden_geen_resultaat)
    except persons.SaveError as exc:
        raise ExamenSaveError(exc.message) from exc


def delete_examenpoging(*, store: Store, person_id: int, poging_id: int) -> bool:
    """Remove one exam attempt; False when it was already gone."""
    from services import _team
    from services._tx import author, write
    from storage import persons

    with write(store) as connection:
        with _team.records(connection, person_ids=[person_id], author=author()):
            return persons.delete_examenpoging(connection=connection, person_id=person_id, poging_id=poging_id)


class ExamenSaveError(ServiceError):
    """An exam attempt could not be stored; the message is Dutch."""
