"""Asking DUO per BSN what it has registered (issue 19, point 6), and turning the answers into dossier facts.

`regie duo opvragen` and the same action in the app. For each person of the
caseload under the Wi2021 with a BSN, regie asks DUO's GET endpoints (over the
same mutual-TLS client and headers as sending: `services.duo.client`), checks
each answer against DUO's response schema, and then, in one transaction per
person, writes what `rules.duo_opvragen.vergelijk` takes over (the termijn's
einddatum, empty DUO dates, DUO's new decisions and exam results) and keeps
DUO's answers on the person's DUO row, so the dossier's DUO tab shows every
difference ("DUO zegt …, regie heeft …") until the consulent has dealt with it.

A person DUO does not know (404), or about whom DUO refuses to answer (403, with
DUO's texts), is reported and left as it was. A timeout or a dropped connection
stops the run: the persons done so far keep their answers, the rest is not
asked; nothing is half-saved. The BSN goes only into the request path: never
into a message, the audit trail or a log.

With a teamdatabase only the machine with ``verzendt = true`` asks; what it
writes travels as the other DUO operations do (the person's facts as
``person.update``, DUO's answers with ``duo_persoon.set``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, update

from rules.duo_opvragen import DuoStand, Verschil, lees_antwoorden, vergelijk
from rules.model import Regime
from services.errors import ServiceError

# What regie asks, in this order: (the name its answer is stored under, the API's specification file, the path).
# The first question is about the person as such: a 404 there means DUO does not know the BSN.
VRAGEN: tuple[tuple[str, str, str], ...] = (
    ("inburgeringsplicht", "Inburgeringsplicht", "/personen/{bsn}/inburgeringsplicht"),
    ("doelgroep", "Inburgeringsplicht", "/personen/{bsn}/doelgroep"),
    ("inburgeringstermijn", "Inburgeringstermijn", "/personen/{bsn}/inburgeringstermijn"),
    ("pip", "PIP", "/personen/{bsn}/PIP"),
    ("vrijstellingen", "Vrijstelling", "/personen/{bsn}/vrijstellingen"),
    ("ontheffingen", "Ontheffing", "/personen/{bsn}/ontheffingen"),
    ("examens", "Examen", "/personen/{bsn}/examens/resultaten"),
    ("map", "MAP_PVT_Zroute", "/personen/{bsn}/map"),
    ("pvt", "MAP_PVT_Zroute", "/personen/{bsn}/pvt"),
)

# What happened per person.
BIJGEWERKT = "bijgewerkt"  # DUO answered; facts were taken over
ONGEWIJZIGD = "ongewijzigd"  # DUO answered; nothing new for the dossier (differences may still be shown)
ONBEKEND = "onbekend bij DUO"  # 404 on the person
GEWEIGERD = "geweigerd"  # 400/403 with DUO's texts
ONGELDIG = "ongeldig antwoord"  # DUO's answer does not fit its own specification: nothing taken over


class NotAskerError(ServiceError):
    """Team mode: this machine does not ask DUO; the machine with the certificate does, for the whole team."""


@dataclass(frozen=True)
class PersoonUitkomst:
    """What asking DUO did for one person; named by kenmerk, never by BSN or name."""

    person_id: int
    kenmerk: str
    status: str
    overgenomen: tuple[str, ...] = ()  # Dutch, one per fact taken over
    verschillen: tuple[str, ...] = ()  # Dutch: "…: DUO zegt …, regie heeft …"
    meldingen: tuple[str, ...] = ()  # DUO's texts (geweigerd), or what DUO said that regie does not record

    def as_json(self) -> dict:
        return {"kenmerk": self.kenmerk, "status": self.status, "overgenomen": list(self.overgenomen),
                "verschillen": list(self.verschillen), "meldingen": list(self.meldingen)}


@dataclass
class OpvraagVerslag:
    """A run of `regie duo opvragen`; counts and kenmerken only."""

    personen: list[PersoonUitkomst] = field(default_factory=list)
    zonder_bsn: int = 0  # skipped: DUO knows a person only by BSN
    niet_wi2021: int = 0  # skipped: DUO's M2M exchange is for the Wet inburgering 2021
    niet_opgevraagd: int = 0  # not asked because DUO stopped answering (storing)
    storing: str | None = None  # Dutch: why the run stopped

    def telling(self, status: str) -> int:
        return sum(1 for p in self.personen if p.status == status)

    @property
    def samenvatting(self) -> str:
        parts = [f"{len(self.personen)} opgevraagd", f"{self.telling(BIJGEWERKT)} bijgewerkt",
                 f"{sum(1 for p in self.personen if p.verschillen)} met verschillen",
                 f"{self.telling(ONBEKEND)} onbekend bij DUO", f"{self.telling(GEWEIGERD)} geweigerd"]
        if self.telling(ONGELDIG):
            parts.append(f"{self.telling(ONGELDIG)} met een ongeldig antwoord")
        parts.append(f"{self.zonder_bsn} zonder BSN overgeslagen")
        if self.niet_wi2021:
            parts.append(f"{self.niet_wi2021} niet onder de Wi2021 overgeslagen")
        if self.niet_opgevraagd:
            parts.append(f"{self.niet_opgevraagd} niet opgevraagd")
        return ", ".join(parts)

    def as_json(self) -> dict:
        return {"personen": [p.as_json() for p in self.personen], "zonder_bsn": self.zonder_bsn,
                "niet_wi2021": self.niet_wi2021, "niet_opgevraagd": self.niet_opgevraagd, "storing": self.storing}


@dataclass(frozen=True)
class Opvraging:
    """DUO's answers as last asked for one person, read back: when, by which machine, and the differences now."""

    opgevraagd_op: datetime | None
    door: str | None
    stand: DuoStand
    verschillen: tuple[Verschil, ...]
    # What DUO has that this dossier does not (yet): on a laptop of a team the exam results and decisions
    # taken over on the asking machine (those rows do not travel as team operations), or what was removed since.
    ontbreekt: tuple[str, ...] = ()


def lees_opvraging(text: str | None, facts) -> Opvraging | None:
    """The stored answers (`duo_persoon.opvraging`) against the dossier as it is now; None when never asked."""
    if not text:
        return None
    try:
        data = json.loads(text)
        stand = lees_antwoorden(data.get("antwoorden") or {})
        moment = datetime.fromisoformat(data["opgevraagd_op"]) if data.get("opgevraagd_op") else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # written by a newer or broken version: shown as never asked rather than as a traceback
    uitkomst = vergelijk(facts, stand)
    return Opvraging(opgevraagd_op=moment, door=data.get("door"), stand=stand, verschillen=uitkomst.verschillen,
                     ontbreekt=uitkomst.overgenomen)


def _persons(store, *, kenmerk: str | None, person_id: int | None):
    from storage.models import Person

    person = Person.__table__
    query = select(person.c.id, person.c.kenmerk, person.c.bsn, person.c.regime).order_by(person.c.kenmerk)
    if kenmerk is not None:
        query = query.where(person.c.kenmerk == kenmerk)
    if person_id is not None:
        query = query.where(person.c.id == person_id)
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    if not rows and (kenmerk is not None or person_id is not None):
        wie = f"met kenmerk ‘{kenmerk}’" if kenmerk is not None else "met dit dossier"
        raise ServiceError(f"er is geen persoon {wie} in de caseload; controleer het kenmerk")
    return rows


def _ask(client, folder: Path, bsn: str) -> tuple[str | None, dict, tuple[str, ...]]:
    """Every question for one person: (None, answers, ()) when complete, else (status, {}, texts).

    Raises `_Storing` when DUO stops answering (the run stops)."""
    from services.duo import spec
    from services.duo.client import Vraaguitkomst

    answers: dict[str, object] = {}
    for index, (name, api, pad) in enumerate(VRAGEN):
        result = client.get(pad=pad.replace("{bsn}", bsn))
        if result.uitkomst is Vraaguitkomst.STORING:
            raise _Storing("; ".join(result.foutteksten))
        if result.uitkomst is Vraaguitkomst.GEWEIGERD:
            return GEWEIGERD, {}, result.foutteksten
        if result.uitkomst is Vraaguitkomst.NIET_GEVONDEN:
            if index == 0:
                return ONBEKEND, {}, ("DUO kent deze persoon niet (404): controleer het BSN in het dossier",)
            answers[name] = None  # DUO has nothing of this kind for the person
            continue
        problems = spec.validate_response(folder, api, "GET", pad, 200, result.inhoud)
        if problems:
            return ONGELDIG, {}, (f"DUO's antwoord over {name} past niet bij DUO's specificatie: "
                                  + "; ".join(p.tekst for p in problems[:3]),)
        answers[name] = result.inhoud
    return None, answers, ()


class _Storing(Exception):
    pass


def _take_over(store, *, person_id: int, kenmerk: str, answers: dict, as_of: date, door: str) -> PersoonUitkomst:
    """DUO's answers into the dossier, in one transaction: facts taken over, the answers kept for the DUO tab."""
    from services import _team
    from services.duo import team as duo_team
    from storage import besluiten, persons
    from storage import duo as duo_store
    from storage.db import write_session
    from storage.queries import load_person

    with write_session(store.engine) as session:
        connection = session.connection()
        record = load_person(connection=connection, person_id=person_id, as_of=as_of)
        if record is None:
            raise ServiceError(f"het dossier {kenmerk} is intussen verwijderd")
        stand = lees_antwoorden(answers)
        uitkomst = vergelijk(record.facts, stand)
        with _team.records(connection, person_ids=[person_id], author=door):  # exams and besluiten to the team
            if uitkomst.persoon:
                neem_over(connection, person_id=person_id, values=uitkomst.persoon)
            for poging in uitkomst.examens_nieuw:
                persons.add_examenpoging(connection=connection, person_id=person_id, onderdeel=poging.onderdeel,
                                         datum=poging.datum, resultaat=poging.resultaat, niveau=poging.niveau,
                                         reden_geen_resultaat=poging.reden_geen_resultaat)
            for poging in uitkomst.examens_uitslag:
                duo_store.set_examen_uitslag(connection=connection, person_id=person_id, poging=poging)
            for vrijstelling in uitkomst.vrijstellingen_nieuw:
                besluiten.add_vrijstelling(connection=connection, person_id=person_id, vrijstelling=vrijstelling)
            for ontheffing in uitkomst.ontheffingen_nieuw:
                besluiten.add_ontheffing(connection=connection, person_id=person_id, ontheffing=ontheffing)
        opvraging = json.dumps({"opgevraagd_op": duo_store.now().isoformat(), "door": door, "antwoorden": answers},
                               ensure_ascii=False, sort_keys=True)
        before = duo_store.load_gegevens(connection=connection, person_id=person_id).get(person_id)
        duo_store.save_gegevens(connection=connection, person_id=person_id,
                                gegevens=replace(before or duo_store.DuoGegevens(), opvraging=opvraging))
        duo_team.gegevens_changed(connection, person_id=person_id)
    return PersoonUitkomst(person_id=person_id, kenmerk=kenmerk, status=BIJGEWERKT if uitkomst.wijzigt else ONGEWIJZIGD,
                           overgenomen=uitkomst.overgenomen, verschillen=tuple(v.tekst for v in uitkomst.verschillen),
                           meldingen=stand.meldingen)


def neem_over(connection, *, person_id: int, values: dict, alleen_leeg: bool = False) -> bool:
    """Write facts from DUO on the person row, as one team operation (`person.update`); True when it changed.

    The one writer of DUO's facts on the person: the notifications (`inlezen`: the kennisgeving, only
    where it is still empty, ``alleen_leeg``) and the answers to `opvragen` both use it."""
    from services.duo import team as duo_team
    from storage import duo as duo_store
    from storage.models import Person

    person = Person.__table__
    statement = update(person).where(person.c.id == person_id)
    if alleen_leeg:
        for name in values:
            statement = statement.where(person.c[name].is_(None))
    before = duo_team.person_before(connection, person_id)
    changed = connection.execute(statement.values(**values, version=person.c.version + 1,
                                                  updated_at=duo_store.now())).rowcount
    if changed:
        duo_team.person_changed(connection, person_id=person_id, before=before)
    return bool(changed)


def opvragen(store, *, as_of: date, config_dir: Path, kenmerk: str | None = None, person_id: int | None = None,
             transport=None) -> OpvraagVerslag:
    """Ask DUO about every person with a BSN (or the one with `kenmerk` / `person_id`) and take the answers over."""
    from services.duo import _spec_folder
    from services.duo import team as duo_team
    from services.duo.client import DuoClient
    from services.duo.settings import load_settings
    from storage import audit

    from services.duo import spec

    settings = load_settings(config_dir)
    folder = _spec_folder(settings)
    for api in dict.fromkeys(api for _, api, _ in VRAGEN):  # every answer is checked: all of them must be there first
        spec.load_api(folder, api)
    team_mode = duo_team.linked(store)
    if team_mode:
        if not settings.verzendt:
            naam = duo_team.sender_name(store, settings)
            wie = f"‘{naam}’" if naam else "de machine van het team met het PKIoverheid-certificaat"
            raise NotAskerError(f"deze laptop vraagt DUO niet zelf: dat doet {wie} voor het hele team; DUO's antwoorden "
                                "komen met de volgende synchronisatie ook hier")
        duo_team._sync(store)  # the team's newest dossiers first: DUO's answers are held against them
    rows = _persons(store, kenmerk=kenmerk, person_id=person_id)
    verslag = OpvraagVerslag()
    todo = []
    for row in rows:
        if row.regime != Regime.WI2021.value:
            verslag.niet_wi2021 += 1  # DUO's M2M exchange is for persons under the Wet inburgering 2021 only
        elif not row.bsn:
            verslag.zonder_bsn += 1
        else:
            todo.append(row)
    door = duo_team.machine_name(settings)
    if todo:
        with DuoClient(settings, transport=transport) as client:
            for index, row in enumerate(todo):
                try:
                    status, answers, teksten = _ask(client, folder, row.bsn)
                except _Storing as exc:
                    verslag.storing = f"{exc}; {len(todo) - index} personen zijn niet opgevraagd (probeer het later opnieuw)"
                    verslag.niet_opgevraagd = len(todo) - index
                    break
                if status is not None:
                    verslag.personen.append(PersoonUitkomst(row.id, row.kenmerk, status, meldingen=teksten))
                    continue
                verslag.personen.append(_take_over(store, person_id=row.id, kenmerk=row.kenmerk, answers=answers,
                                                   as_of=as_of, door=door))
    audit.log_event(engine=store.engine, actie="DUO opgevraagd", tabel="duo_persoon", aantal=len(verslag.personen),
                    person_id=person_id if person_id is not None else (rows[0].id if kenmerk is not None else None),
                    resultaat="onderbroken" if verslag.storing else "ok")
    if team_mode:
        from services import team

        try:
            team.sync(store)  # every laptop sees DUO's answers after its next synchronisation
        except team.TeamError:
            pass  # they wait in this machine's outbox and go with the next synchronisation
    return verslag
