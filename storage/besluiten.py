"""Writes and reads of a person's decisions: verlengingen, ontheffingen, vrijstellingen and the PIP history.

Same style as :mod:`storage.persons`: each write runs in the caller's transaction
(``services._tx.write``: all or nothing), audited by the engine's listener (storage.audit), and a
person who is gone raises :class:`storage.persons.PersonNotFoundError`.
The rules read these rows as the dataclasses of `rules.model` (storage.queries.load_lists).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from rules.model import Ontheffing, Pip, Verlenging, Vrijstelling
from storage.models import OntheffingBesluit, PipVersie, Verlenging as VerlengingRow, VrijstellingBesluit
from storage.persons import PersonNotFoundError
from storage.queries import ontheffing_fact, pip_fact, verlenging_fact, vrijstelling_fact

VERLENGING = VerlengingRow.__table__
ONTHEFFING = OntheffingBesluit.__table__
VRIJSTELLING = VrijstellingBesluit.__table__
PIP = PipVersie.__table__

# The kinds of decision, as a face names them: (table, how a row becomes a fact).
SOORTEN = {
    "verlenging": (VERLENGING, verlenging_fact),
    "ontheffing": (ONTHEFFING, ontheffing_fact),
    "vrijstelling": (VRIJSTELLING, vrijstelling_fact),
    "pip": (PIP, pip_fact),
}


@dataclass(frozen=True)
class BesluitView:
    """One stored decision: its kind, its row id (to remove it) and the fact the rules read."""

    soort: str
    id: int
    fact: Verlenging | Ontheffing | Vrijstelling | Pip


def _value(v):
    return getattr(v, "value", v)


def _insert(connection: Connection, table, values: dict) -> int:
    try:
        return connection.execute(insert(table).values(**values)).inserted_primary_key[0]
    except IntegrityError:
        raise PersonNotFoundError() from None


def add_verlenging(*, connection: Connection, person_id: int, verlenging: Verlenging) -> int:
    """Record a verlenging (without besluitdatum: a ground on file); returns its id."""
    return _insert(connection, VERLENGING, dict(
        person_id=person_id, grond=_value(verlenging.grond), besluitdatum=verlenging.besluitdatum,
        nieuwe_einddatum=verlenging.nieuwe_einddatum, toelichting=verlenging.toelichting.strip(),
    ))


def add_ontheffing(*, connection: Connection, person_id: int, ontheffing: Ontheffing) -> int:
    """Record DUO's ontheffing; returns its id."""
    return _insert(connection, ONTHEFFING, dict(
        person_id=person_id, soort=_value(ontheffing.soort), besluitdatum=ontheffing.besluitdatum,
        grond=_value(ontheffing.grond), examenonderdeel=_value(ontheffing.examenonderdeel),
        participatie_uren_max=ontheffing.participatie_uren_max,
    ))


def add_vrijstelling(*, connection: Connection, person_id: int, vrijstelling: Vrijstelling) -> int:
    """Record DUO's vrijstelling; returns its id."""
    return _insert(connection, VRIJSTELLING, dict(
        person_id=person_id, soort=_value(vrijstelling.soort), besluitdatum=vrijstelling.besluitdatum,
        reden=vrijstelling.reden, examenonderdeel=_value(vrijstelling.examenonderdeel),
        examenniveau=_value(vrijstelling.examenniveau), start=vrijstelling.start, einde=vrijstelling.einde,
    ))


def add_pip(*, connection: Connection, person_id: int, pip: Pip) -> int:
    """Record a gewijzigd PIP (or a previous gemeente's); returns its id. Registration order is kept (`id`)."""
    return _insert(connection, PIP, dict(
        person_id=person_id, dagtekening=pip.dagtekening, leerroute=_value(pip.leerroute), niveau=_value(pip.niveau),
        alfabetisering=_value(pip.alfabetisering), gemeente=(pip.gemeente or "").strip() or None, reden=pip.reden.strip(),
    ))


def delete_besluit(*, connection: Connection, person_id: int, soort: str, besluit_id: int) -> bool:
    """Remove one decision of this person; False when it was already gone."""
    table = SOORTEN[soort][0]
    result = connection.execute(delete(table).where(and_(table.c.id == besluit_id, table.c.person_id == person_id)))
    return result.rowcount > 0


def list_besluiten(*, connection: Connection, person_id: int) -> list[BesluitView]:
    """Every decision of this person: verlengingen, ontheffingen, vrijstellingen, then PIPs, each in stored order."""
    views: list[BesluitView] = []
    for soort, (table, to_fact) in SOORTEN.items():
        rows = connection.execute(select(table).where(table.c.person_id == person_id).order_by(table.c.id)).mappings()
        views.extend(BesluitView(soort=soort, id=row["id"], fact=to_fact(row)) for row in rows)
    return views
