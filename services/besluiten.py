"""Decisions on a person's obligation: verlenging, ontheffing, vrijstelling, a gewijzigd PIP and the vertrek.

Each write checks the decision first (against the rules of `rules.validation`
where DUO has one, e.g. a gewijzigd PIP not dated before an earlier one),
then stores it in one transaction; the engine's audit listener records it
("toegevoegd" on its table, or "gewijzigd" on the person for a vertrek).
A refusal raises :class:`BesluitError` with a Dutch message and ``field``,
the form field it is about; nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from rules.dates import format_date
from rules.model import (
    Ontheffing,
    OntheffingSoort,
    Pip,
    Status,
    Verlenging,
    Vrijstelling,
    VrijstellingSoort,
)
from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store
    from storage.besluiten import BesluitView

__all__ = [
    "BesluitError", "Vertrek", "add_ontheffing", "add_pip", "add_verlenging", "add_vrijstelling", "delete_besluit",
    "list_besluiten", "record_vertrek",
]

# How far a bestemming may run (the column's length).
BESTEMMING_MAX = 100


class BesluitError(ServiceError):
    """The decision was refused; nothing was written. ``field`` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Vertrek:
    datum: date
    bestemming: str


def _facts(store: Store, person_id: int, today: date):
    from storage.queries import load_person

    with store.engine.connect() as connection:
        record = load_person(connection=connection, person_id=person_id, as_of=today)
    if record is None:
        raise BesluitError("Dit dossier bestaat niet meer; het is intussen verwijderd. Ga terug naar de caseload.")
    return record


def _write(store: Store, person_id: int, tabel: str, write):
    """Run `write(connection)` as one use case's transaction; a refusal is recorded in the audit trail."""
    from services._tx import Refused
    from services._tx import write as transaction
    from storage.persons import SaveError

    try:
        with transaction(store, refused=Refused("toegevoegd", tabel, person_id)) as connection:
            return write(connection)
    except SaveError as exc:
        raise BesluitError(exc.message) from exc


def _not_future(datum: date | None, today: date, field: str, wat: str) -> None:
    if datum is not None and datum > today:
        raise BesluitError(f"De {wat} ({format_date(datum)}) ligt in de toekomst; een besluit is al genomen. "
                           "Vul de datum van het besluit in.", field)


def add_verlenging(*, store: Store, person_id: int, verlenging: Verlenging, today: date) -> int:
    """Record a verlenging of the inburgeringstermijn (no besluitdatum: a ground on file); returns its id."""
    from storage import besluiten

    _not_future(verlenging.besluitdatum, today, "besluitdatum", "besluitdatum")
    if verlenging.nieuwe_einddatum is not None and verlenging.besluitdatum is None:
        raise BesluitError("Een nieuwe einddatum hoort bij een besluit van DUO: vul ook de besluitdatum in, "
                           "of laat de einddatum leeg (dan staat alleen de grond in het dossier).", "besluitdatum")
    record = _facts(store, person_id, today)
    if verlenging.nieuwe_einddatum is not None:
        from rules.termijn import compute_termijn

        termijn = compute_termijn(record.facts)
        if termijn is not None and verlenging.nieuwe_einddatum <= termijn.einde:
            raise BesluitError(f"De nieuwe einddatum ({format_date(verlenging.nieuwe_einddatum)}) ligt niet na het huidige "
                               f"einde van de termijn ({format_date(termijn.einde)}); een verlenging schuift het einde op.",
                               "nieuwe_einddatum")
    return _write(store, person_id, besluiten.VERLENGING.name,
                  lambda connection: besluiten.add_verlenging(connection=connection, person_id=person_id, verlenging=verlenging))


def add_ontheffing(*, store: Store, person_id: int, ontheffing: Ontheffing, today: date) -> int:
    """Record DUO's ontheffing; returns its id."""
    from storage import besluiten

    _not_future(ontheffing.besluitdatum, today, "besluitdatum", "besluitdatum")
    if ontheffing.soort is OntheffingSoort.GEDEELTELIJK and ontheffing.examenonderdeel is None \
            and ontheffing.participatie_uren_max is None:
        raise BesluitError("Een gedeeltelijke ontheffing geldt voor een examenonderdeel of een maximum aantal uren "
                           "participatie (Z-route); vul een van beide in.", "examenonderdeel")
    if ontheffing.participatie_uren_max is not None and ontheffing.participatie_uren_max < 0:
        raise BesluitError("Het maximum aantal uren participatie is 0 of meer.", "participatie_uren_max")
    _facts(store, person_id, today)
    return _write(store, person_id, besluiten.ONTHEFFING.name,
                  lambda connection: besluiten.add_ontheffing(connection=connection, person_id=person_id, ontheffing=ontheffing))


def add_vrijstelling(*, store: Store, person_id: int, vrijstelling: Vrijstelling, today: date) -> int:
    """Record DUO's vrijstelling; returns its id."""
    from storage import besluiten

    _not_future(vrijstelling.besluitdatum, today, "besluitdatum", "besluitdatum")
    if vrijstelling.soort is VrijstellingSoort.TIJDELIJK and vrijstelling.start is None:
        raise BesluitError("Een tijdelijke vrijstelling heeft een begindatum; vul die in.", "start")
    if vrijstelling.start is not None and vrijstelling.einde is not None and vrijstelling.einde < vrijstelling.start:
        raise BesluitError(f"De einddatum ({format_date(vrijstelling.einde)}) ligt vóór de begindatum "
                           f"({format_date(vrijstelling.start)}); draai ze om.", "einde")
    if vrijstelling.soort is VrijstellingSoort.GEDEELTELIJK and vrijstelling.examenonderdeel is None:
        raise BesluitError("Een gedeeltelijke vrijstelling geldt voor een examenonderdeel; kies het onderdeel.",
                           "examenonderdeel")
    if vrijstelling.reden is not None and not (len(vrijstelling.reden) == 3 and vrijstelling.reden.isalpha()):
        raise BesluitError("De reden is DUO's code van drie letters (bijvoorbeeld DIP of OPL).", "reden")
    _facts(store, person_id, today)
    return _write(store, person_id, besluiten.VRIJSTELLING.name,
                  lambda connection: besluiten.add_vrijstelling(connection=connection, person_id=person_id, vrijstelling=vrijstelling))


def check_pip(facts, pip: Pip, today: date) -> list[tuple[str, str]]:
    """DUO's refusals for this gewijzigd PIP on top of the file: (field, Dutch message) pairs; empty when accepted."""
    from rules.validation import FOUT, validate_facts

    if pip.dagtekening > today:
        return [("dagtekening", f"De dagtekening ({format_date(pip.dagtekening)}) ligt in de toekomst; "
                                "vul de dagtekening in van een vastgesteld PIP.")]
    before = {(b.veld, b.melding) for b in validate_facts(facts, today=today) if b.ernst == FOUT}
    after = validate_facts(replace(facts, pips=facts.pips + (pip,)), today=today)
    fields = {"pips": "dagtekening", "pip_datum": "dagtekening", "niveau": "niveau", "leerroute": "leerroute"}
    return [(fields.get(b.veld, "dagtekening"), b.melding) for b in after
            if b.ernst == FOUT and (b.veld, b.melding) not in before]


def add_pip(*, store: Store, person_id: int, pip: Pip, today: date) -> int:
    """Record a gewijzigd PIP (or a previous gemeente's PIP); returns its id. Refused as DUO would refuse it."""
    from storage import besluiten

    record = _facts(store, person_id, today)
    problems = check_pip(record.facts, pip, today)
    if problems:
        field, message = problems[0]
        raise BesluitError(message, field)
    return _write(store, person_id, besluiten.PIP.name,
                  lambda connection: besluiten.add_pip(connection=connection, person_id=person_id, pip=pip))


def record_vertrek(*, store: Store, person_id: int, expected_version: int, vertrek: Vertrek, today: date) -> int:
    """The person moved out: status vertrokken with date and bestemming; returns the person's new version."""
    from services.persons import PersonSaveError, update_person

    bestemming = " ".join(vertrek.bestemming.split())
    if vertrek.datum > today:
        raise BesluitError(f"De vertrekdatum ({format_date(vertrek.datum)}) ligt in de toekomst; leg het vertrek vast "
                           "als het heeft plaatsgevonden (BRP).", "datum")
    if not bestemming:
        raise BesluitError("Vul de bestemming in: de nieuwe gemeente, of het land bij vertrek naar het buitenland.",
                           "bestemming")
    if len(bestemming) > BESTEMMING_MAX:
        raise BesluitError(f"Een bestemming is hoogstens {BESTEMMING_MAX} tekens.", "bestemming")
    try:
        return update_person(store=store, person_id=person_id, expected_version=expected_version, changes={
            "vertrokken_op": vertrek.datum, "vertrek_bestemming": bestemming, "status": Status.VERTROKKEN.value,
        })
    except PersonSaveError as exc:
        raise BesluitError(str(exc)) from exc


def list_besluiten(*, store: Store, person_id: int) -> list[BesluitView]:
    """Every stored decision of this person (verlengingen, ontheffingen, vrijstellingen, PIPs)."""
    from storage import besluiten

    with store.engine.connect() as connection:
        return besluiten.list_besluiten(connection=connection, person_id=person_id)


def delete_besluit(*, store: Store, person_id: int, soort: str, besluit_id: int) -> bool:
    """Remove one decision recorded by mistake; False when it was already gone."""
    from storage import besluiten

    if soort not in besluiten.SOORTEN:
        raise BesluitError(f"Onbekende soort besluit: {soort}.")
    from services._tx import Refused, write

    with write(store, refused=Refused("verwijderd", besluiten.SOORTEN[soort][0].name, person_id)) as connection:
        return besluiten.delete_besluit(connection=connection, person_id=person_id, soort=soort, besluit_id=besluit_id)
