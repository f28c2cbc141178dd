"""Decisions on a person's obligation: verlenging, ontheffing, vrijstelling, a gewijzigd PIP and the vertrek.

Each write checks the decision first (against the rules of `rules.validation`
where DUO has one, e.g. a gewijzigd PIP not dated before an earlier one),
then stores it in one transaction; the engine's audit listener records it
("toegevoegd" on its table, or "gewijzigd" on the person for a vertrek).
A refusal raises :class:`BesluitError` with a Dutch message and ``field``,
the form field it is about; nothing is written then. The checks themselves
(``check_verlenging``, …, ``check_besluit``) are pure functions of the file's
facts, so the CSV import of decisions runs exactly the checks the dialog runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from rules.constants import ZROUTE_UREN_PARTICIPATIE
from rules.dates import format_date
from rules.model import (
    ExamenPoging,
    ExamenResultaat,
    Ontheffing,
    OntheffingSoort,
    PersonFacts,
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
    "BesluitError", "Vertrek", "add_ontheffing", "add_pip", "add_verlenging", "add_vrijstelling", "check_besluit",
    "check_examenpoging", "check_ontheffing", "check_pip", "check_pip_warnings", "check_verlenging", "check_vrijstelling",
    "delete_besluit", "list_besluiten", "pip_warnings", "record_vertrek",
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
    from services import _team
    from services._tx import Refused, author
    from services._tx import write as transaction
    from storage.persons import SaveError

    try:
        with transaction(store, refused=Refused("toegevoegd", tabel, person_id)) as connection:
            with _team.records(connection, person_ids=[person_id], author=author()):  # the team gets the besluit
                return write(connection)
    except SaveError as exc:
        raise BesluitError(exc.message) from exc


def _not_future(datum: date | None, today: date, field: str, wat: str) -> list[tuple[str, str]]:
    if datum is not None and datum > today:
        return [(field, f"De {wat} ({format_date(datum)}) ligt in de toekomst; een besluit is al genomen. "
                        "Vul de datum van het besluit in.")]
    return []


def _refuse(problems: list[tuple[str, str]]) -> None:
    """Raise the first problem of a check as the BesluitError the dialog shows at its field."""
    if problems:
        field, message = problems[0]
        raise BesluitError(message, field)


# The checks below are the one place a decision is tested before it is stored: the dialog (through
# the add_* functions) and the CSV import (services.imports.import_besluiten) both run them.
# Each returns (field, Dutch message) pairs; empty when DUO and the law accept the decision.


def check_verlenging(facts: PersonFacts, verlenging: Verlenging, today: date) -> list[tuple[str, str]]:
    """Why this verlenging cannot be recorded on top of the file."""
    problems = _not_future(verlenging.besluitdatum, today, "besluitdatum", "besluitdatum")
    if verlenging.nieuwe_einddatum is not None and verlenging.besluitdatum is None:
        problems.append(("besluitdatum", "Een nieuwe einddatum hoort bij een besluit van DUO: vul ook de besluitdatum in, "
                                         "of laat de einddatum leeg (dan staat alleen de grond in het dossier)."))
    if verlenging.nieuwe_einddatum is not None:
        from rules.termijn import compute_termijn

        # Compared with the term as the decisions on file make it, not with DUO's recorded einddatum: once a
        # verlenging is decided the consulent takes DUO's new einddatum over (event SS103/SS104), and that date
        # is this verlenging's own end, not an end it must move.
        termijn = compute_termijn(replace(facts, termijn_einde=None))
        if termijn is not None and verlenging.nieuwe_einddatum <= termijn.einde:
            problems.append(("nieuwe_einddatum",
                             f"De nieuwe einddatum ({format_date(verlenging.nieuwe_einddatum)}) ligt niet na het huidige "
                             f"einde van de termijn ({format_date(termijn.einde)}); een verlenging schuift het einde op."))
    return problems


def check_ontheffing(facts: PersonFacts, ontheffing: Ontheffing, today: date) -> list[tuple[str, str]]:
    """Why this ontheffing cannot be recorded (its scope: a partial one names what it covers)."""
    problems = _not_future(ontheffing.besluitdatum, today, "besluitdatum", "besluitdatum")
    if ontheffing.soort is OntheffingSoort.GEDEELTELIJK and ontheffing.examenonderdeel is None \
            and ontheffing.participatie_uren_max is None:
        problems.append(("examenonderdeel", "Een gedeeltelijke ontheffing geldt voor een examenonderdeel of een maximum "
                                            "aantal uren participatie (Z-route); vul een van beide in."))
    if ontheffing.participatie_uren_max is not None and ontheffing.participatie_uren_max < 0:
        problems.append(("participatie_uren_max", "Het maximum aantal uren participatie is 0 of meer."))
    if ontheffing.participatie_uren_max is not None and ontheffing.participatie_uren_max > ZROUTE_UREN_PARTICIPATIE:
        # A gedeeltelijke ontheffing lowers the Z-route's participation hours; it cannot raise them above the law's.
        problems.append(("participatie_uren_max",
                         f"Het maximum aantal uren participatie ({ontheffing.participatie_uren_max}) is hoger dan de "
                         f"{ZROUTE_UREN_PARTICIPATIE} uur die de Z-route vraagt; een ontheffing verlaagt het aantal. "
                         f"Vul 0 tot en met {ZROUTE_UREN_PARTICIPATIE} in."))
    return problems


def check_vrijstelling(facts: PersonFacts, vrijstelling: Vrijstelling, today: date) -> list[tuple[str, str]]:
    """Why this vrijstelling cannot be recorded."""
    problems = _not_future(vrijstelling.besluitdatum, today, "besluitdatum", "besluitdatum")
    if vrijstelling.soort is VrijstellingSoort.TIJDELIJK and vrijstelling.start is None:
        problems.append(("start", "Een tijdelijke vrijstelling heeft een begindatum; vul die in."))
    if vrijstelling.start is not None and vrijstelling.einde is not None and vrijstelling.einde < vrijstelling.start:
        problems.append(("einde", f"De einddatum ({format_date(vrijstelling.einde)}) ligt vóór de begindatum "
                                  f"({format_date(vrijstelling.start)}); draai ze om."))
    if vrijstelling.soort is VrijstellingSoort.GEDEELTELIJK and vrijstelling.examenonderdeel is None:
        problems.append(("examenonderdeel", "Een gedeeltelijke vrijstelling geldt voor een examenonderdeel; kies het onderdeel."))
    if vrijstelling.reden is not None and not (len(vrijstelling.reden) == 3 and vrijstelling.reden.isalpha()):
        problems.append(("reden", "De reden is DUO's code van drie letters (bijvoorbeeld DIP of OPL)."))
    return problems


def check_examenpoging(facts: PersonFacts | None, poging: ExamenPoging, today: date) -> list[tuple[str, str]]:
    """Why this exam attempt cannot be recorded as DUO reports it (the person's facts play no part yet)."""
    problems = []
    if poging.datum > today and poging.resultaat is not ExamenResultaat.GEPLAND:
        problems.append(("datum", "Een uitslag kan niet in de toekomst liggen; kies ‘gepland’ of een eerdere datum."))
    if poging.resultaat is ExamenResultaat.GEEN and poging.reden_geen_resultaat is None:
        problems.append(("reden_geen_resultaat", "Kies waarom er geen uitslag is (DUO vraagt de reden): verwijtbaar, "
                                                 "niet verwijtbaar, afgemeld of absent."))
    if poging.resultaat is not ExamenResultaat.GEEN and poging.reden_geen_resultaat is not None:
        problems.append(("reden_geen_resultaat", "Een reden hoort alleen bij ‘geen resultaat’; laat de reden leeg."))
    return problems


def check_besluit(facts: PersonFacts, fact: Verlenging | Ontheffing | Vrijstelling | Pip | ExamenPoging,
                  today: date) -> list[tuple[str, str]]:
    """The check of this kind of decision (see above); for the CSV import, which reads every kind."""
    for kind, check in ((Verlenging, check_verlenging), (Ontheffing, check_ontheffing), (Vrijstelling, check_vrijstelling),
                        (Pip, check_pip), (ExamenPoging, check_examenpoging)):
        if isinstance(fact, kind):
            return check(facts, fact, today)
    raise TypeError(f"geen besluit: {type(fact).__name__}")


def add_verlenging(*, store: Store, person_id: int, verlenging: Verlenging, today: date) -> int:
    """Record a verlenging of the inburgeringstermijn (no besluitdatum: a ground on file); returns its id."""
    from storage import besluiten

    _refuse(_not_future(verlenging.besluitdatum, today, "besluitdatum", "besluitdatum"))
    _refuse(check_verlenging(_facts(store, person_id, today).facts, verlenging, today))
    return _write(store, person_id, besluiten.VERLENGING.name,
                  lambda connection: besluiten.add_verlenging(connection=connection, person_id=person_id, verlenging=verlenging))


def add_ontheffing(*, store: Store, person_id: int, ontheffing: Ontheffing, today: date) -> int:
    """Record DUO's ontheffing; returns its id."""
    from storage import besluiten

    _refuse(check_ontheffing(_facts(store, person_id, today).facts, ontheffing, today))
    return _write(store, person_id, besluiten.ONTHEFFING.name,
                  lambda connection: besluiten.add_ontheffing(connection=connection, person_id=person_id, ontheffing=ontheffing))


def add_vrijstelling(*, store: Store, person_id: int, vrijstelling: Vrijstelling, today: date) -> int:
    """Record DUO's vrijstelling; returns its id."""
    from storage import besluiten

    _refuse(check_vrijstelling(_facts(store, person_id, today).facts, vrijstelling, today))
    return _write(store, person_id, besluiten.VRIJSTELLING.name,
                  lambda connection: besluiten.add_vrijstelling(connection=connection, person_id=person_id, vrijstelling=vrijstelling))


def check_pip(facts: PersonFacts, pip: Pip, today: date) -> list[tuple[str, str]]:
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


def pip_warnings(facts: PersonFacts, pip: Pip, today: date) -> list[str]:
    """The warnings (not refusals) this gewijzigd PIP brings on top of the file, in Dutch: e.g. the onderwijsroute
    for someone of 28 or older (rules.validation). The form asks before saving such a PIP."""
    from rules.validation import WAARSCHUWING, validate_facts

    before = {(b.veld, b.melding) for b in validate_facts(facts, today=today) if b.ernst == WAARSCHUWING}
    after = validate_facts(replace(facts, pips=facts.pips + (pip,)), today=today)
    return [b.melding for b in after if b.ernst == WAARSCHUWING and (b.veld, b.melding) not in before]


def check_pip_warnings(*, store: Store, person_id: int, pip: Pip, today: date) -> list[str]:
    """:func:`pip_warnings` against the person's file as stored."""
    return pip_warnings(_facts(store, person_id, today).facts, pip, today)


def add_pip(*, store: Store, person_id: int, pip: Pip, today: date) -> int:
    """Record a gewijzigd PIP (or a previous gemeente's PIP); returns its id. Refused as DUO would refuse it."""
    from storage import besluiten

    _refuse(check_pip(_facts(store, person_id, today).facts, pip, today))
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
    from services import _team
    from services._tx import Refused, author, write

    with write(store, refused=Refused("verwijderd", besluiten.SOORTEN[soort][0].name, person_id)) as connection:
        with _team.records(connection, person_ids=[person_id], author=author()):
            return besluiten.delete_besluit(connection=connection, person_id=person_id, soort=soort, besluit_id=besluit_id)
