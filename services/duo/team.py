"""DUO in team mode (issue 19, point 8): messages and DUO's answers travel with the other operations.

What travels (kinds in `storage.team.operations`):

- ``duo_bericht.klaar``: a message klaargezet, with its UUID and the berichtId fixed there and then
  (the body exactly as DUO gets it, the path with ``{bsn}`` left as a template);
- ``duo_bericht.verzonden``: a send attempt by the machine that sends (its name, the time, the count);
- ``duo_bericht.antwoord``: DUO's answer (geaccepteerd, or afgewezen with DUO's error texts), or why
  it still waits;
- ``duo_gebeurtenis.append``: an event DUO reported about a person of the caseload (code and time; the
  BSN stays out, every side has it on the person); ``duo_persoon.set``: the instellingsnummer.

Klaar and geblokkeerd are not stored: every laptop works them out from the synchronised dossier, so
they cannot go stale. Only the machine with ``verzendt = true`` in duo.toml sends; it claims each
message in the teamdatabase before it sends it (`storage.duo.claim`), so two machines never both send,
and a retry after a kill reuses the message's berichtId. Every function here is a no-op (or the local
behaviour) while the laptop is not linked to a teamdatabase.
"""

from __future__ import annotations

import platform
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from services.errors import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from services.duo import VerzendVerslag
    from services.duo.settings import DuoSettings


class DuoTeamError(ServiceError):
    """Sending for the team cannot go on now (the teamdatabase is out of reach); nothing is lost."""


def linked(store) -> bool:
    from storage.db import read_session
    from storage.team.operations import linked as team_linked

    with read_session(store.engine) as session:
        return team_linked(session.connection()) is not None


def _author(author: str | None) -> str:
    if author is not None:
        return author
    from services._tx import author as current_author

    return current_author()


def bericht_changed(connection: Connection, *, kind: str, row_id: int, author: str | None = None) -> None:
    """After a message was klaargezet, sent or answered: the team operation, on the same connection."""
    from storage.team import operations

    if operations.linked(connection) is not None:
        operations.record_duo_bericht(connection, kind=kind, row_id=row_id, author=_author(author))


def gebeurtenis_added(connection: Connection, *, uuid: str, author: str | None = None) -> None:
    from storage.team import operations

    if operations.linked(connection) is not None:
        operations.record_duo_gebeurtenis(connection, uuid=uuid, author=_author(author))


def gegevens_changed(connection: Connection, *, person_id: int, author: str | None = None) -> None:
    from storage.team import operations

    if operations.linked(connection) is not None:
        operations.record_duo_gegevens(connection, person_id=person_id, author=_author(author))


def person_before(connection: Connection, person_id: int) -> dict | None:
    from services import _team

    return _team.person_before(connection, person_id)


def person_changed(connection: Connection, *, person_id: int, before: dict | None) -> None:
    from services import _team

    _team.person_changed(connection, person_id=person_id, before=before, author=_author(None))


# -- which machine sends ---------------------------------------------------------------------

def machine_name(settings: DuoSettings) -> str:
    """How the team knows the sending machine: `zender` in duo.toml, else the computer's own name."""
    return settings.zender or platform.node() or "de DUO-machine"


def sender_name(store, settings: DuoSettings) -> str | None:
    """On a laptop that does not send: the sending machine's name (duo.toml, else the last one that sent)."""
    if settings.zender:
        return settings.zender
    from storage import duo as duo_store
    from storage.db import read_session

    with read_session(store.engine) as session:
        return duo_store.last_sender(connection=session.connection())


def not_sender_message(store, settings: DuoSettings, klaar: int) -> str:
    from rules.text import safe_for_terminal

    naam = sender_name(store, settings)
    wie = (f"‘{safe_for_terminal(naam)}’" if naam else
           "de machine van het team met het PKIoverheid-certificaat (welke staat niet op deze laptop: "
           "zet zender = \"naam\" in duo.toml)")
    if klaar == 0:
        wachtrij = "Er staat nu geen bericht klaar."
    elif klaar == 1:
        wachtrij = "1 bericht staat voor die machine klaar en gaat mee met de volgende synchronisatie."
    else:
        wachtrij = f"{klaar} berichten staan voor die machine klaar en gaan mee met de volgende synchronisatie."
    return f"deze laptop verzendt niet zelf naar DUO: dat doet {wie} voor het hele team. {wachtrij}"


# -- sending for the team --------------------------------------------------------------------

def _sync(store) -> None:
    from services import team

    try:
        team.sync(store)
    except team.TeamError as exc:
        raise DuoTeamError(f"zonder teamdatabase verzendt deze machine niet (anders kan een bericht twee keer naar "
                           f"DUO gaan): {exc}") from None


def _claim(engine, uuid: str, laptop: str) -> str:
    """'ja' (this machine sends it), 'elders' (another machine claimed it) or 'onbekend' (not in the teamdatabase yet)."""
    from sqlalchemy import select

    from storage import duo as duo_store

    with engine.begin() as connection:
        if duo_store.claim(connection=connection, uuid=uuid, laptop=laptop):
            return "ja"
        found = connection.execute(select(duo_store.BERICHT.c.id).where(duo_store.BERICHT.c.uuid == uuid)).first()
    return "elders" if found is not None else "onbekend"


def claim(store, uuid: str) -> bool:
    """Claim one message in the teamdatabase for this machine (True: this machine may send it)."""
    from services import team
    from storage.db import read_session
    from storage.team.operations import linked as team_linked
    from storage.team.tables import STATE
    from sqlalchemy import select

    with read_session(store.engine) as session:
        connection = session.connection()
        link = team_linked(connection)
        url = connection.execute(select(STATE.c.url).where(STATE.c.id == 1)).scalar()
    engine = team.server_engine(url)
    try:
        return _claim(engine, uuid, link.laptop) == "ja"
    finally:
        engine.dispose()


def verzend_voor_team(store, *, as_of: date, config_dir: Path, settings: DuoSettings, transport=None) -> VerzendVerslag:
    """The sending machine: synchronise, klaarzetten what is klaar, claim each message, send it once, synchronise.

    Waiting messages (sent without an answer) go first with their own berichtId, then every klaargezet
    message of the team (its gemeente(s)) in DUO's order per person. A message another machine claimed is
    left to it. The results go to the teamdatabase at the end; when it is out of reach then, they wait in
    this machine's outbox and go with the next synchronisation.
    """
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError

    from rules.duo import BerichtSoort
    from services import duo, team
    from services.duo.client import DuoClient, Uitkomst
    from services.duo.messages import SEND_ORDER
    from storage import duo as duo_store
    from storage.db import read_session
    from storage.team.operations import linked as team_linked
    from storage.team.tables import STATE

    door = machine_name(settings)
    _sync(store)  # the team's dossiers and messages, and our own klaargezette ones to the teamdatabase
    duo.klaarzetten(store, as_of=as_of, config_dir=config_dir)
    _sync(store)  # the rows must be in the teamdatabase before they can be claimed there
    with read_session(store.engine) as session:
        connection = session.connection()
        link = team_linked(connection)
        url = connection.execute(select(STATE.c.url).where(STATE.c.id == 1)).scalar()
        waiting = duo_store.waiting_berichten(connection=connection)
        persons = dict(connection.execute(select(duo.PERSON.c.id, duo.PERSON.c.kenmerk)).all())
        bsns = dict(connection.execute(select(duo.PERSON.c.id, duo.PERSON.c.bsn)).all())
    regels = [r for r in duo.controle(store, as_of=as_of, config_dir=config_dir)
              if r.status == duo_store.KLAAR and r.opgeslagen is not None]
    regels.sort(key=lambda r: (r.person_id, SEND_ORDER.index(r.bericht.soort)))
    items = [(stored, persons.get(stored.person_id, "?")) for stored in waiting if stored.person_id in persons]
    items += [(r.opgeslagen, r.kenmerk) for r in regels]

    verslag = duo.VerzendVerslag()
    engine = team.server_engine(url)
    try:
        with DuoClient(settings, transport=transport) as client:
            pip_failed: set[int] = set()
            for index, (stored, kenmerk) in enumerate(items):
                if stored.person_id in pip_failed:
                    verslag.niet_verzonden += 1
                    continue
                bsn = bsns.get(stored.person_id)
                if not bsn:
                    continue
                try:
                    claimed = _claim(engine, stored.uuid, link.laptop)
                except DBAPIError:  # the teamdatabase went away mid-run: what is left waits, nothing is lost
                    verslag.niet_verzonden += len(items) - index
                    verslag.regels.append("De teamdatabase is niet meer bereikbaar; de overige berichten wachten tot "
                                          "de volgende keer.")
                    break
                if claimed != "ja":
                    if stored.soort == BerichtSoort.PIP.value:
                        pip_failed.add(stored.person_id)  # the rest of this person follows their PIP, elsewhere
                    verslag.elders += 1
                    verslag.regels.append(
                        f"{kenmerk} {stored.soort}: " + ("wordt door een andere machine verzonden" if claimed == "elders"
                                                         else "staat nog niet in de teamdatabase; gaat de volgende keer mee"))
                    continue
                answer = duo._send(store, client, stored, bsn, door=door)
                if not duo._note(verslag, kenmerk, stored.soort, answer):
                    verslag.niet_verzonden += len(items) - index - 1
                    break
                if stored.soort == BerichtSoort.PIP.value and answer.uitkomst is not Uitkomst.GEACCEPTEERD:
                    pip_failed.add(stored.person_id)  # DUO would refuse the rest without our PIP
    finally:
        engine.dispose()
        try:
            team.sync(store)  # every laptop sees the results after its next sync
        except team.TeamError:
            verslag.regels.append("De uitkomsten staan op deze machine en gaan mee met de volgende synchronisatie "
                                  "(de teamdatabase is nu niet bereikbaar).")
    return verslag


def record_existing(connection: Connection, *, author: str) -> None:
    """When a laptop is linked (`services.team.koppel`): what it already exchanged with DUO goes to the team too,
    so the sending machine never sends a message again that DUO has already had from this laptop."""
    from sqlalchemy import select

    from storage import duo as duo_store
    from storage.team import operations

    rows = connection.execute(select(duo_store.BERICHT.c.id, duo_store.BERICHT.c.status, duo_store.BERICHT.c.pogingen)
                              .order_by(duo_store.BERICHT.c.id)).all()
    for row in rows:
        operations.record_duo_bericht(connection, kind="duo_bericht.klaar", row_id=row.id, author=author)
        if row.pogingen or row.status != duo_store.KLAAR:
            operations.record_duo_bericht(connection, kind="duo_bericht.verzonden", row_id=row.id, author=author)
        if row.status in (duo_store.GEACCEPTEERD, duo_store.AFGEWEZEN, duo_store.VERZONDEN):
            operations.record_duo_bericht(connection, kind="duo_bericht.antwoord", row_id=row.id, author=author)
    events = connection.execute(select(duo_store.GEBEURTENIS.c.uuid).where(duo_store.GEBEURTENIS.c.person_id.is_not(None))
                                .order_by(duo_store.GEBEURTENIS.c.id)).scalars().all()
    for uuid in events:
        operations.record_duo_gebeurtenis(connection, uuid=uuid, author=author)
    for person_id in connection.execute(select(duo_store.PERSOON.c.person_id)).scalars().all():
        operations.record_duo_gegevens(connection, person_id=person_id, author=author)
