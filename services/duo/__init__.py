"""DUO-aanlevering (issue 19): prepare every message from the dossier, pre-check it against DUO's schema and rules, send it, read DUO's events back.

Use cases for both faces; each owns its transaction and audit entry:

- :func:`controle` — every message of the caseload with its status and reasons (no writes);
- :func:`verzend` — send what is klaar (and what waits for an answer) over mutual TLS;
- :func:`set_specificatie` — record where DUO's specification files are;
- :func:`inlezen` — import DUO's notifications from a file;
- :func:`opvragen` — ask DUO per BSN what it has registered and take it over (:mod:`services.duo.opvragen`);
- :func:`overzicht`, :func:`dossier` — what the DUO screen and the dossier's DUO tab show;
- :func:`instellingsnummer`, :func:`save_gegevens` — the instellingsnummer DUO needs beyond the dossier;
- :func:`klaarzetten` — fix the berichtId of every klaar message (team mode: they travel to the machine that sends).

With a teamdatabase (issue 19, point 8) messages, DUO's answers and events travel as team operations and
only the machine with ``verzendt = true`` in duo.toml sends: see :mod:`services.duo.team`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from rules.duo import BerichtSoort
from rules.model import Regime, UrenTotalen
from services.duo import spec as spec_module
from services.duo import team as duo_team
from services.duo.client import Antwoord, DuoClient, Uitkomst
from services.duo.gebeurtenissen import Betekenis, Effect, betekenis, read_notificaties
from services.duo.messages import SEND_ORDER, Bericht, build_berichten
from services.duo.opvragen import NotAskerError, OpvraagVerslag, Opvraging, PersoonUitkomst, lees_opvraging, neem_over, opvragen
from services.duo.settings import DuoSettings, DuoSettingsError, load_settings, save_settings
from services.duo.spec import SpecificationError
from services.errors import ServiceError
from storage import audit
from storage import duo as duo_store
from storage.db import write_session
from storage.duo import AFGEWEZEN, GEACCEPTEERD, GEBLOKKEERD, KLAAR, STATUSSEN, VERZONDEN, DuoGegevens, StoredBericht
from storage.models import Person
from storage.queries import hour_totals, load_caseload, load_person

__all__ = [
    "BerichtRegel", "DossierDuo", "DuoSettingsError", "GebeurtenisRegel", "InleesVerslag", "NotAskerError", "NotSenderError",
    "OpvraagVerslag", "Opvraging", "Overzicht", "PersoonUitkomst", "ServiceError", "SpecificationError", "VerzendVerslag",
    "controle", "dossier", "inlezen", "instellingsnummer", "klaarzetten", "opvragen", "overzicht", "save_gegevens",
    "set_specificatie", "verzend",
]

PERSON = Person.__table__


@dataclass(frozen=True)
class BerichtRegel:
    """One message of the caseload as `regie duo controle` lists it."""

    person_id: int
    kenmerk: str
    bericht: Bericht
    status: str  # one of storage.duo.STATUSSEN
    redenen: tuple[str, ...]  # Dutch; geblokkeerd: what to fix; afgewezen: DUO's texts; verzonden: why it waits
    opgeslagen: StoredBericht | None = None  # the stored message when it left (berichtId, times)

    def as_json(self) -> dict:
        return {"kenmerk": self.kenmerk, "bericht": self.bericht.soort.value, "status": self.status,
                "redenen": list(self.redenen), "inhoud": self.bericht.inhoud}


def _spec_folder(settings: DuoSettings) -> Path:
    folder = settings.specificatie
    if folder is None:
        raise SpecificationError("de map met DUO's specificatie is nog niet aangewezen; doe dat met "
                                 "‘regie duo specificatie PAD’ (de map met de OpenAPI-bestanden van DUO)")
    if not folder.is_dir():
        raise SpecificationError(f"de map met DUO's specificatie ({folder}) bestaat niet (meer); wijs hem opnieuw aan "
                                 "met ‘regie duo specificatie PAD’")
    return folder


def set_specificatie(config_dir: Path, folder: Path) -> Path:
    """Check that `folder` holds the APIs regie uses, and record it in duo.toml; returns the absolute folder."""
    folder = folder.expanduser().absolute()
    if not folder.is_dir():
        raise SpecificationError(f"{folder} is geen map")
    for api in spec_module.API_NAMES:
        spec_module.load_api(folder, api)  # raises a Dutch SpecificationError naming what is missing
    settings = load_settings(config_dir)
    save_settings(config_dir, replace(settings, specificatie=folder))
    return folder


def _status_of(bericht: Bericht, stored: StoredBericht | None, problems: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    if stored is not None and stored.methode == bericht.methode and stored.inhoud == bericht.inhoud_json:
        if stored.status == KLAAR:  # klaargezet (team mode): the pre-check still decides
            return (GEBLOKKEERD, problems) if problems else (KLAAR, ())
        if stored.status == AFGEWEZEN:
            return AFGEWEZEN, stored.foutteksten
        if stored.status == VERZONDEN:
            return VERZONDEN, stored.foutteksten
        return stored.status, ()
    return (GEBLOKKEERD, problems) if problems else (KLAAR, ())


def _check(bericht: Bericht, folder: Path) -> tuple[str, ...]:
    fouten = spec_module.validate_body(folder, bericht.api, bericht.methode, bericht.spec_pad, bericht.inhoud)
    return tuple(b.tekst for b in bericht.bevindingen) + tuple(f.tekst for f in fouten)


def _regels(connection, *, as_of: date, folder: Path, person_id: int | None = None,
            records: list | None = None) -> list[BerichtRegel]:
    if person_id is None:
        records = load_caseload(connection=connection, as_of=as_of) if records is None else records
        totals = hour_totals(connection=connection, as_of=as_of)  # every leerroute's hours, not only the Z-route's
    else:
        record = load_person(connection=connection, person_id=person_id, as_of=as_of)
        records = [record] if record is not None else []
        totals = {person_id: record.facts.uren} if record is not None else {}
    gegevens = duo_store.load_gegevens(connection=connection, person_id=person_id)
    accepted = duo_store.accepted_berichten(connection=connection, person_id=person_id)
    latest = duo_store.latest_berichten(connection=connection, person_id=person_id)
    result: list[BerichtRegel] = []
    for record in records:
        if record.facts.regime is not Regime.WI2021:
            continue  # DUO's M2M exchange is for persons under the Wet inburgering 2021 only (README, Scope)
        facts = replace(record.facts, uren=totals.get(record.id, UrenTotalen()))
        mine = {(s, k): b for (pid, s, k), b in accepted.items() if pid == record.id}
        for bericht in build_berichten(facts, bsn=record.bsn, gegevens=gegevens.get(record.id), geaccepteerd=mine,
                                       as_of=as_of):
            stored = latest.get((record.id, bericht.soort.value, bericht.sleutel))
            status, redenen = _status_of(bericht, stored, _check(bericht, folder))
            same = (stored is not None and stored.methode == bericht.methode and stored.inhoud == bericht.inhoud_json
                    and status in (KLAAR, VERZONDEN, GEACCEPTEERD, AFGEWEZEN))
            result.append(BerichtRegel(record.id, facts.kenmerk, bericht, status, redenen, stored if same else None))
    return result


def controle(store, *, as_of: date, config_dir: Path) -> list[BerichtRegel]:
    """Every message of the caseload, pre-checked offline against DUO's schema and business rules."""
    folder = _spec_folder(load_settings(config_dir))
    with store.engine.connect() as connection:
        return _regels(connection, as_of=as_of, folder=folder)


# --- Sending ------------------------------------------------------------------------------

@dataclass
class VerzendVerslag:
    """What a sending run did; no personal data, only kenmerken and counts."""

    geaccepteerd: int = 0
    afgewezen: int = 0
    wachtend: int = 0  # sent without a definitive answer: they go again, with the same berichtId
    niet_verzonden: int = 0  # klaar but held back (DUO unreachable, or the person's PIP did not get through)
    elders: int = 0  # team mode: claimed by another machine (or not in the teamdatabase yet), left to it
    regels: list[str] = field(default_factory=list)  # Dutch lines, one per message


def _bsn(connection, person_id: int) -> str | None:
    return connection.execute(select(PERSON.c.bsn).where(PERSON.c.id == person_id)).scalar()


def _send(store, client: DuoClient, stored: StoredBericht, bsn: str, *, door: str | None = None) -> Antwoord:
    """Mark the attempt (committed, and a team operation when linked), send, record DUO's answer (idem)."""
    with write_session(store.engine) as session:
        connection = session.connection()
        duo_store.mark_attempt(connection=connection, bericht_id=stored.id, at=duo_store.now(), door=door)
        duo_team.bericht_changed(connection, kind="duo_bericht.verzonden", row_id=stored.id)
    answer = client.send(methode=stored.methode, pad=stored.pad.replace("{bsn}", bsn), bericht_id=stored.bericht_id,
                         inhoud=stored.inhoud)
    status = {Uitkomst.GEACCEPTEERD: GEACCEPTEERD, Uitkomst.AFGEWEZEN: AFGEWEZEN, Uitkomst.WACHT: VERZONDEN}[answer.uitkomst]
    with write_session(store.engine) as session:
        connection = session.connection()
        duo_store.record_answer(connection=connection, bericht_id=stored.id, status=status,
                                http_status=answer.http_status, foutteksten=list(answer.foutteksten),
                                at=duo_store.now() if status != VERZONDEN else None)
        duo_team.bericht_changed(connection, kind="duo_bericht.antwoord", row_id=stored.id)
    audit.log_event(engine=store.engine, actie=f"DUO-bericht {status}", person_id=stored.person_id, tabel="duo_bericht",
                    record_id=stored.id, resultaat=str(answer.http_status or "geen antwoord"))
    return answer


def _note(verslag: VerzendVerslag, kenmerk: str, soort: str, answer: Antwoord) -> bool:
    """Count the answer; True when the run can go on (DUO answered)."""
    if answer.uitkomst is Uitkomst.GEACCEPTEERD:
        verslag.geaccepteerd += 1
        verslag.regels.append(f"{kenmerk} {soort}: geaccepteerd")
        return True
    if answer.uitkomst is Uitkomst.AFGEWEZEN:
        verslag.afgewezen += 1
        verslag.regels.append(f"{kenmerk} {soort}: afgewezen door DUO — " + "; ".join(answer.foutteksten))
        return True
    verslag.wachtend += 1
    verslag.regels.append(f"{kenmerk} {soort}: wacht — " + "; ".join(answer.foutteksten))
    return False


def verzend(store, *, as_of: date, config_dir: Path, transport=None) -> VerzendVerslag:
    """Send waiting messages again (same berichtId), then every klaar message, in DUO's order per person.

    A message is recorded as verzonden (committed) before its request leaves,
    so a crash or a dropped connection leaves it waiting, never lost; it is
    sent again with the same berichtId, so DUO never gets it twice under two
    ids. The run stops at the first message without an answer: DUO is then
    unreachable, and the rest stays klaar.
    """
    settings = load_settings(config_dir)
    folder = _spec_folder(settings)
    if duo_team.linked(store):  # team mode: one machine sends for the whole team (issue 19, point 8)
        if not settings.verzendt:
            klaar = klaarzetten(store, as_of=as_of, config_dir=config_dir)
            raise NotSenderError(duo_team.not_sender_message(store, settings, klaar))
        return duo_team.verzend_voor_team(store, as_of=as_of, config_dir=config_dir, settings=settings,
                                          transport=transport)
    verslag = VerzendVerslag()
    with DuoClient(settings, transport=transport) as client:
        with store.engine.connect() as connection:
            waiting = duo_store.waiting_berichten(connection=connection)
            kenmerken = dict(connection.execute(select(PERSON.c.id, PERSON.c.kenmerk)).all())
        for stored in waiting:
            with store.engine.connect() as connection:
                bsn = _bsn(connection, stored.person_id)
            if not bsn:
                continue
            if not _note(verslag, kenmerken.get(stored.person_id, "?"), stored.soort, _send(store, client, stored, bsn)):
                verslag.niet_verzonden = sum(1 for r in controle(store, as_of=as_of, config_dir=config_dir) if r.status == KLAAR)
                return verslag
        regels = controle(store, as_of=as_of, config_dir=config_dir)
        klaar = [r for r in regels if r.status == KLAAR]
        klaar.sort(key=lambda r: (r.person_id, SEND_ORDER.index(r.bericht.soort)))
        pip_failed: set[int] = set()
        for index, regel in enumerate(klaar):
            if regel.person_id in pip_failed:
                verslag.niet_verzonden += 1
                continue
            with write_session(store.engine) as session:
                connection = session.connection()
                bsn = _bsn(connection, regel.person_id)
                stored = duo_store.add_bericht(
                    connection=connection, person_id=regel.person_id, soort=regel.bericht.soort.value,
                    sleutel=regel.bericht.sleutel, methode=regel.bericht.methode, pad=regel.bericht.pad,
                    api=regel.bericht.api, inhoud=regel.bericht.inhoud_json, at=duo_store.now(),
                )
            answer = _send(store, client, stored, bsn)
            if not _note(verslag, regel.kenmerk, regel.bericht.soort.value, answer):
                verslag.niet_verzonden += len(klaar) - index - 1
                return verslag
            if regel.bericht.soort is BerichtSoort.PIP and answer.uitkomst is not Uitkomst.GEACCEPTEERD:
                pip_failed.add(regel.person_id)  # DUO would refuse the rest without our PIP
    return verslag


class NotSenderError(ServiceError):
    """Team mode: this machine does not send to DUO; its ready messages are queued for the machine that does."""


def klaarzetten(store, *, as_of: date, config_dir: Path) -> int:
    """Fix the UUID and berichtId of every klaar message not klaargezet yet (a team operation each when linked).

    Returns how many messages are klaar (klaargezet now or before). A retry anywhere reuses the id fixed here.
    """
    from services._tx import author

    regels = controle(store, as_of=as_of, config_dir=config_dir)
    klaar = [r for r in regels if r.status == KLAAR]
    nieuw = [r for r in klaar if r.opgeslagen is None]
    if nieuw:
        with write_session(store.engine) as session:
            connection = session.connection()
            for regel in nieuw:
                stored = duo_store.add_bericht(
                    connection=connection, person_id=regel.person_id, soort=regel.bericht.soort.value,
                    sleutel=regel.bericht.sleutel, methode=regel.bericht.methode, pad=regel.bericht.pad,
                    api=regel.bericht.api, inhoud=regel.bericht.inhoud_json, at=duo_store.now(), status=KLAAR)
                duo_team.bericht_changed(connection, kind="duo_bericht.klaar", row_id=stored.id, author=author())
        audit.log_event(engine=store.engine, actie="DUO-berichten klaargezet", tabel="duo_bericht", aantal=len(nieuw))
    return len(klaar)


# --- DUO facts beyond the dossier ---------------------------------------------------------

def instellingsnummer(store, *, person_id: int) -> str | None:
    """The recorded instellingsnummer of the person's cursusinstelling (what the DUO form shows first)."""
    with store.engine.connect() as connection:
        gegevens = duo_store.load_gegevens(connection=connection, person_id=person_id).get(person_id)
    return gegevens.instellingsnummer if gegevens is not None else None


def save_gegevens(store, *, person_id: int, instellingsnummer: str | None) -> None:
    """Record the instelling of the aanbod (DUO's 10-character number); empty clears it.

    Verwijtbaar for MAP and PVT is a fact of the person (``PersonFacts.map_verwijtbaar``,
    ``pvt_verwijtbaar``), recorded with the dates in the person form, not here.
    """
    if instellingsnummer is not None:
        instellingsnummer = instellingsnummer.strip() or None
        if instellingsnummer is not None and len(instellingsnummer) != 10:  # DUO's schema: exactly 10 characters
            raise ServiceError(f"het instellingsnummer van DUO heeft precies 10 tekens "
                               f"(nu {len(instellingsnummer)} tekens); neem het over van de cursusinstelling")
    with write_session(store.engine) as session:
        connection = session.connection()
        if connection.execute(select(PERSON.c.id).where(PERSON.c.id == person_id)).scalar() is None:
            raise ServiceError("deze persoon bestaat niet (meer)")
        before = duo_store.load_gegevens(connection=connection, person_id=person_id).get(person_id) or DuoGegevens()
        duo_store.save_gegevens(connection=connection, person_id=person_id,
                                gegevens=replace(before, instellingsnummer=instellingsnummer))
        duo_team.gegevens_changed(connection, person_id=person_id)
    audit.log_event(engine=store.engine, actie="gewijzigd", person_id=person_id, tabel="duo_persoon")


# --- Events -------------------------------------------------------------------------------

@dataclass(frozen=True)
class InleesVerslag:
    gelezen: int
    nieuw: int
    al_bekend: int
    niet_in_caseload: int  # kept, shown in the DUO screen: someone should look for the person
    onbekende_codes: tuple[str, ...]  # kept and shown as they are
    kennisgevingen: int  # kennisgeving_duo filled in from SS101/SS128/SS139


def inlezen(store, path: Path, *, bron: str = "bestand") -> InleesVerslag:
    """Import DUO's notifications from a file; each is kept (unknown codes too) and linked to the person by BSN.

    An obligation that started (SS101, SS128, SS139) fills in the dossier's
    kennisgeving DUO when it is still empty; other events become signalen in
    the dossier's DUO tab.
    """
    notificaties = read_notificaties(path)
    nieuw = al_bekend = buiten = kennis = 0
    onbekend: list[str] = []
    with write_session(store.engine) as session:
        connection = session.connection()
        by_bsn = dict(connection.execute(select(PERSON.c.bsn, PERSON.c.id).where(PERSON.c.bsn.is_not(None))).all())
        for n in notificaties:
            person_id = by_bsn.get(n.bsn) if n.bsn else None
            added = duo_store.add_gebeurtenis(connection=connection, person_id=person_id, bsn=n.bsn, v_nummer=n.v_nummer,
                                              gebeurtenis_id=n.gebeurtenis_id, registratie=n.registratie, bron=bron,
                                              at=duo_store.now())
            if not added:
                al_bekend += 1
                continue
            nieuw += 1
            if person_id is None:
                buiten += 1
            meaning = betekenis(n.gebeurtenis_id)
            if n.gebeurtenis_id not in _known_codes():
                onbekend.append(n.gebeurtenis_id)
            if person_id is not None:
                duo_team.gebeurtenis_added(connection, uuid=added)
            if meaning.effect is Effect.KENNISGEVING and person_id is not None:
                day = datetime.fromisoformat(n.registratie.replace("Z", "+00:00")).date()
                kennis += neem_over(connection, person_id=person_id, values={"kennisgeving_duo": day}, alleen_leeg=True)
    audit.log_event(engine=store.engine, actie="DUO-gebeurtenissen ingelezen", tabel="duo_gebeurtenis", aantal=nieuw)
    return InleesVerslag(gelezen=len(notificaties), nieuw=nieuw, al_bekend=al_bekend, niet_in_caseload=buiten,
                         onbekende_codes=tuple(sorted(set(onbekend))), kennisgevingen=kennis)


def _known_codes() -> frozenset[str]:
    from services.duo.gebeurtenissen import GEBEURTENISSEN

    return frozenset(GEBEURTENISSEN)


@dataclass(frozen=True)
class GebeurtenisRegel:
    code: str
    registratie: str
    betekenis: Betekenis
    kenmerk: str | None  # None: the BSN is not in the caseload


# --- What the screens show ----------------------------------------------------------------

@dataclass(frozen=True)
class PersoonTelling:
    person_id: int
    kenmerk: str
    naam: str
    telling: dict[str, int]


@dataclass(frozen=True)
class Overzicht:
    """The caseload's DUO screen: counts per status, per person, and events that need a look."""

    telling: dict[str, int]
    personen: tuple[PersoonTelling, ...]
    gebeurtenissen: tuple[GebeurtenisRegel, ...]
    verschillen: tuple[tuple[str, str], ...] = ()  # (kenmerk, "…: DUO zegt …, regie heeft …") since DUO was last asked


def overzicht(store, *, as_of: date, config_dir: Path) -> Overzicht:
    folder = _spec_folder(load_settings(config_dir))
    with store.engine.connect() as connection:
        records = load_caseload(connection=connection, as_of=as_of)  # once, for the messages and DUO's answers
        regels = _regels(connection, as_of=as_of, folder=folder, records=records)
        names = {r.id: (r.kenmerk, r.naam) for r in connection.execute(select(PERSON.c.id, PERSON.c.kenmerk, PERSON.c.naam))}
        events = duo_store.list_gebeurtenissen(connection=connection)
        gegevens = duo_store.load_gegevens(connection=connection)
    total = Counter({status: 0 for status in STATUSSEN})
    per_person: dict[int, Counter] = {}
    for regel in regels:
        total[regel.status] += 1
        per_person.setdefault(regel.person_id, Counter())[regel.status] += 1
    verschillen: list[tuple[str, str]] = []
    for record in records:  # where DUO, when last asked, differs from the dossier as it is now
        opgeslagen = gegevens.get(record.id)
        opvraging = lees_opvraging(opgeslagen.opvraging, record.facts) if opgeslagen is not None else None
        if opvraging is not None:
            verschillen += [(record.facts.kenmerk, v.tekst) for v in opvraging.verschillen]
    personen = tuple(
        PersoonTelling(pid, names[pid][0], names[pid][1], dict(counts))
        for pid, counts in sorted(per_person.items(), key=lambda item: names[item[0]][1])
    )
    gebeurtenissen = tuple(
        GebeurtenisRegel(e.gebeurtenis_id, e.registratie, betekenis(e.gebeurtenis_id),
                         names[e.person_id][0] if e.person_id in names else None)
        for e in events
    )
    return Overzicht(telling=dict(total), personen=personen, gebeurtenissen=gebeurtenissen,
                     verschillen=tuple(sorted(verschillen)))


@dataclass(frozen=True)
class DossierDuo:
    """The dossier's DUO tab: this person's messages and DUO's events about them."""

    berichten: tuple[BerichtRegel, ...]
    gebeurtenissen: tuple[GebeurtenisRegel, ...]
    opvraging: Opvraging | None = None  # what DUO answered when last asked, and where it differs from the dossier now


def dossier(store, *, person_id: int, as_of: date, config_dir: Path) -> DossierDuo:
    folder = _spec_folder(load_settings(config_dir))
    with store.engine.connect() as connection:
        regels = _regels(connection, as_of=as_of, folder=folder, person_id=person_id)
        kenmerk = connection.execute(select(PERSON.c.kenmerk).where(PERSON.c.id == person_id)).scalar()
        events = duo_store.list_gebeurtenissen(connection=connection, person_id=person_id)
        gegevens = duo_store.load_gegevens(connection=connection, person_id=person_id).get(person_id)
        opvraging = None
        if gegevens is not None and gegevens.opvraging:
            record = load_person(connection=connection, person_id=person_id, as_of=as_of)
            opvraging = lees_opvraging(gegevens.opvraging, record.facts) if record is not None else None
    return DossierDuo(
        berichten=tuple(regels),
        gebeurtenissen=tuple(GebeurtenisRegel(e.gebeurtenis_id, e.registratie, betekenis(e.gebeurtenis_id), kenmerk)
                             for e in events),
        opvraging=opvraging,
    )


def bericht_json(regels: list[BerichtRegel]) -> str:
    return json.dumps([r.as_json() for r in regels], ensure_ascii=False, indent=2)
