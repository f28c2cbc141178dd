"""The monitor use case: the figures a team leader and the council ask for, over a period, for the report and the screen.

``rapport`` gives the figures with exactly the issue's keys (what ``regie
rapport --json`` prints); ``monitor`` gives them together with the monthly
trends and distributions the charts draw. Both read in one transaction, so
every figure describes the same moment of the database. The JSON is for the
team itself (it names consulenten and shows small counts); the council
report suppresses small counts (see :mod:`rules.monitor`).
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from types import MappingProxyType

from rules.afhandeling import split_signalen
from rules.engine import Ernst, Soort, compute_signalen, ernst_for, signaal_vervaldatums
from rules.errors import InputError
from rules.model import Doelgroep, Leerroute
from rules.monitor import (
    UITSTROOM_STATUSSEN,
    Periode,
    aanbod_pip_venster,
    aanbod_uitkomst,
    actief_op,
    consulent_naam,
    facts_op,
    gewogen_mediaan,
    make_periode,
    pip_termijn,
    pip_weken_bucket,
    pip_weken_buckets,
    tempo_bucket,
    tempo_buckets,
    zroute_tempo,
)
from rules.ontheffing import plicht_beeindigd_op
from rules.phase import Fase, determine_phase
from rules.policy import Policy
from services.errors import ServiceError
from services.store import Store

# The phases of an open file; afgerond and uitgestroomd are counted as uitstroom instead.
OPEN_FASEN = tuple(f for f in Fase if f not in (Fase.AFGEROND, Fase.UITGESTROOMD, Fase.GEZINSLID))
LEERROUTE_SLEUTELS = ("b1", "onderwijs", "z", "onbekend")
MAAND_NAMEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class PeriodeError(ServiceError):
    """The period asked for cannot be reported on; the message says why in Dutch."""


def _freeze(value):
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    return value


def _thaw(value):
    if isinstance(value, Mapping):
        return {key: _thaw(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class MonitorRapport:
    """The figures of one period; each field is a number or a (nested) mapping of numbers.

    instroom           {"totaal", "per_doelgroep": {doelgroep: n}, "per_consulent": {consulent: n}}
    pip_vastgesteld    {"totaal", "per_consulent"}
    pip_op_tijd        {"totaal", "zonder_termijn", "per_consulent"}: zonder_termijn = PIPs without a BRP-inschrijving
    pip_dagen_mediaan  days, or None without PIPs that have a deadline
    leerroute          {"b1", "onderwijs", "z", "onbekend"}
    aanbod_op_tijd     {"te_starten", "op_tijd", "per_consulent": {consulent: {"te_starten", "op_tijd"}}}
    fase               {fase: n} for the open phases, on the last day
    zroute_op_schema   {"op_schema", "achter", "per_consulent": {consulent: {"op_schema", "achter"}}}
    uitstroom          {"totaal", "afgerond", "vertrokken", "ontheffing", "vrijstelling", "per_consulent"}
    signalen_verlopen  {"totaal", "per_consulent"}
    """

    instroom: Mapping
    pip_vastgesteld: Mapping
    pip_op_tijd: Mapping
    pip_dagen_mediaan: float | None
    leerroute: Mapping
    aanbod_op_tijd: Mapping
    fase: Mapping
    zroute_op_schema: Mapping
    uitstroom: Mapping
    signalen_verlopen: Mapping

    def as_dict(self) -> dict:
        return {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)


@dataclass(frozen=True)
class MonitorTrends:
    """What the charts draw: per month of the period, and two distributions."""

    maanden: tuple[str, ...]  # "jan 2026", …
    instroom_per_maand: tuple[int, ...]
    pip_per_maand: tuple[int, ...]
    pip_weken: tuple[tuple[str, int], ...]  # PIP days in week buckets after the later start date
    zroute_tempo: tuple[tuple[str, int], ...]  # taal/KNM hours as % of the even-pace expectation


@dataclass(frozen=True)
class Monitor:
    periode: Periode
    rapport: MonitorRapport
    trends: MonitorTrends


def _per_consulent(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items()))


def _periode(van: date, tot: date) -> Periode:
    try:
        return make_periode(van, tot)
    except InputError as exc:
        raise PeriodeError(exc.message) from None


@dataclass(frozen=True)
class _Gelezen:
    instroom_groepen: list
    pips: list
    aanbod: list
    uitstroom_groepen: list
    stand: object


def _read(connection, periode: Periode, gemeente: str | None, *, lists: bool = True) -> _Gelezen:
    from storage import monitor as queries

    pip_van, pip_tot = aanbod_pip_venster(periode)
    queries.use_report_cache(connection)
    return _Gelezen(
        instroom_groepen=queries.count_instroom(connection=connection, periode=periode, gemeente=gemeente),
        pips=queries.pip_groepen(connection=connection, periode=periode, gemeente=gemeente),
        aanbod=queries.aanbod_groepen(connection=connection, pip_van=pip_van, pip_tot=pip_tot, gemeente=gemeente),
        uitstroom_groepen=queries.count_uitstroom(connection=connection, periode=periode, gemeente=gemeente),
        stand=queries.load_stand(connection=connection, day=periode.tot, gemeente=gemeente, lists=lists),
    )


def _read_team(store: Store, periode: Periode, gemeente: str | None) -> _Gelezen:
    """The same figures from the teamdatabase this laptop is linked to: the whole team's persons that this
    consulent's role may see (row-level security), in one snapshot (repeatable read)."""
    from sqlalchemy.exc import DBAPIError

    from services import team

    engine = team.server_engine(team.team_url(store))
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                return _read(connection, periode, gemeente, lists=False)  # the lists stay on the laptops
    except DBAPIError as exc:
        raise team.TeamOfflineError(f"De teamdatabase is niet bereikbaar ({type(exc).__name__}); de cijfers van het "
                                    "team kunnen nu niet worden berekend. Zonder --team rekent regie met deze laptop.") from None
    finally:
        engine.dispose()


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a report is computed (speed only).

    A report builds some 100,000 objects for a moment (the facts of every open file and what the rules derive from
    them) and reference counting frees all of them afterwards. Meanwhile the collector's thresholds trigger full
    collections that walk every object of the process and free nothing: 0.1-0.2 s of a year's report over 10,000
    persons, more in the app, which holds more objects. The collector is switched back on afterwards (only when it
    was on), and collects as usual from then on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def monitor(store: Store, *, van: date, tot: date, policy: Policy, team: bool = False,
            gemeente: str | None = None) -> Monitor:
    """The figures and the charts' data for the period ``van`` to ``tot`` (both inclusive).

    ``team``: from the linked teamdatabase (the whole team, as far as this consulent may see) instead of
    this laptop; ``gemeente``: only that gemeente's persons (a regional team). Afhandelingen of signalen,
    exam attempts, DUO's decisions and the PIP history stay on the laptops, so from the teamdatabase an open
    signaal counts even where a consulent handled it, and the rules see each file without those lists."""
    periode = _periode(van, tot)
    with _without_cyclic_gc():
        return _monitor(store, periode, policy=policy, team=team, gemeente=gemeente)


def _monitor(store: Store, periode: Periode, *, policy: Policy, team: bool, gemeente: str | None) -> Monitor:
    from storage.db import read_session

    if team:
        gelezen = _read_team(store, periode, gemeente)
    else:
        with read_session(store.engine) as session:
            gelezen = _read(session.connection(), periode, gemeente)
    instroom_groepen, pips = gelezen.instroom_groepen, gelezen.pips
    aanbod, uitstroom_groepen, stand = gelezen.aanbod, gelezen.uitstroom_groepen, gelezen.stand

    # instroom
    per_doelgroep = Counter({d.value: 0 for d in Doelgroep})
    instroom_consulent: Counter = Counter()
    instroom_maanden: Counter = Counter()
    for groep in instroom_groepen:
        per_doelgroep[groep.doelgroep.value] += groep.aantal
        instroom_consulent[consulent_naam(groep.consulent)] += groep.aantal
        instroom_maanden[(groep.jaar, groep.maand)] += groep.aantal
    instroom = {"totaal": sum(per_doelgroep.values()), "per_doelgroep": dict(per_doelgroep),
                "per_consulent": _per_consulent(instroom_consulent)}

    # PIPs: the deadline and the days by the signaal's rule, once per distinct group
    pip_consulent: Counter = Counter()
    op_tijd_consulent: Counter = Counter()
    zonder_termijn = 0
    dagen: Counter = Counter()
    routes = Counter({key: 0 for key in LEERROUTE_SLEUTELS})
    pip_maanden: Counter = Counter()
    for groep in pips:
        naam = consulent_naam(groep.consulent)
        pip_consulent[naam] += groep.aantal
        routes[groep.leerroute.value if groep.leerroute else "onbekend"] += groep.aantal
        pip_maanden[(groep.pip_datum.year, groep.pip_datum.month)] += groep.aantal
        termijn = pip_termijn(brp_inschrijving=groep.brp_inschrijving, kennisgeving_duo=groep.kennisgeving_duo,
                              pip_datum=groep.pip_datum)
        if termijn is None:
            zonder_termijn += groep.aantal
            continue
        dagen[termijn.dagen] += groep.aantal
        if termijn.op_tijd:
            op_tijd_consulent[naam] += groep.aantal
    for naam in pip_consulent:
        op_tijd_consulent.setdefault(naam, 0)

    # aanbod of asielstatushouders: deadline by the signaal's rule
    te_starten: Counter = Counter()
    aanbod_op_tijd: Counter = Counter()
    for groep in aanbod:
        uitkomst = aanbod_uitkomst(pip_datum=groep.pip_datum, leerroute=groep.leerroute, aanbod_start=groep.aanbod_start,
                                   status=groep.status, gesloten_op=groep.gesloten_op, periode=periode)
        if uitkomst.telt_mee:
            naam = consulent_naam(groep.consulent)
            te_starten[naam] += groep.aantal
            aanbod_op_tijd[naam] += groep.aantal if uitkomst.op_tijd else 0

    # uitstroom
    uitstroom = {"totaal": 0, **{s.value: 0 for s in UITSTROOM_STATUSSEN}}
    uitstroom_consulent: Counter = Counter()
    for groep in uitstroom_groepen:
        uitstroom[groep.status.value] += groep.aantal
        uitstroom["totaal"] += groep.aantal
        uitstroom_consulent[consulent_naam(groep.consulent)] += groep.aantal

    # the last day: phase, Z-route pace and overdue signalen of every open file, by the rules themselves
    fasen = Counter({f.value: 0 for f in OPEN_FASEN})
    zroute: dict[str, Counter] = defaultdict(Counter)
    tempo: Counter = Counter({label: 0 for label in tempo_buckets()})
    verlopen: Counter = Counter()
    dag = periode.tot
    for person_id, facts in stand.facts.items():
        facts = facts_op(facts, dag, gesloten_op=stand.gesloten_op.get(person_id))
        if not actief_op(facts.status, None, dag):
            continue
        naam = consulent_naam(facts.consulent)
        fase = determine_phase(facts, dag, policy)
        open_file = fase in OPEN_FASEN
        if open_file:
            fasen[fase.value] += 1
        else:
            # Open by its status, ended by law (a gehele ontheffing or vrijstelling, a vertrek, the AOW age): not an
            # open file, nor a Z-route file. A plicht DUO ended within the period is uitstroom, like the statuses.
            beeindigd = plicht_beeindigd_op(facts)
            if beeindigd is not None and periode.bevat(beeindigd[0]):
                uitstroom[beeindigd[1]] += 1
                uitstroom["totaal"] += 1
                uitstroom_consulent[naam] += 1
        afhandelingen = stand.afhandelingen.get(person_id)
        if afhandelingen:
            # An afhandeling hides a signaal by its soort and vervaldatum: only these few files need every signaal whole.
            signalen = compute_signalen(facts, dag, policy)
            vervaldatums = tuple((s.soort, s.vervaldatum) for s in signalen)
            verlopen[naam] += sum(1 for s in split_signalen(signalen, afhandelingen, dag)[0] if s.ernst is Ernst.VERLOPEN)
        else:
            # The same rules as the signalen screen, without writing the explanations no figure shows.
            vervaldatums = signaal_vervaldatums(facts, dag, policy)
            verlopen[naam] += sum(1 for _, vervaldatum in vervaldatums
                                  if ernst_for((vervaldatum - dag).days, policy) is Ernst.VERLOPEN)
        pace = zroute_tempo(facts, dag, policy) if open_file else None
        if pace is not None:
            # Behind is exactly when the zroute_achterstand signaal is raised (before any afhandeling).
            achter = any(soort == Soort.ZROUTE_ACHTERSTAND for soort, _ in vervaldatums)
            zroute[naam]["achter" if achter else "op_schema"] += 1
            tempo[tempo_bucket(pace.procent)] += 1
    verlopen = +verlopen  # consulenten without an overdue signaal are left out

    rapport = MonitorRapport(
        instroom=_freeze(instroom),
        pip_vastgesteld=_freeze({"totaal": sum(pip_consulent.values()), "per_consulent": _per_consulent(pip_consulent)}),
        pip_op_tijd=_freeze({"totaal": sum(op_tijd_consulent.values()), "zonder_termijn": zonder_termijn,
                             "per_consulent": _per_consulent(op_tijd_consulent)}),
        pip_dagen_mediaan=gewogen_mediaan(dagen.items()),
        leerroute=_freeze(dict(routes)),
        aanbod_op_tijd=_freeze({
            "te_starten": sum(te_starten.values()), "op_tijd": sum(aanbod_op_tijd.values()),
            "per_consulent": {naam: {"te_starten": te_starten[naam], "op_tijd": aanbod_op_tijd[naam]}
                              for naam in sorted(te_starten)},
        }),
        fase=_freeze(dict(fasen)),
        zroute_op_schema=_freeze({
            "op_schema": sum(c["op_schema"] for c in zroute.values()), "achter": sum(c["achter"] for c in zroute.values()),
            "per_consulent": {naam: {"op_schema": zroute[naam]["op_schema"], "achter": zroute[naam]["achter"]}
                              for naam in sorted(zroute)},
        }),
        uitstroom=_freeze({**uitstroom, "per_consulent": _per_consulent(uitstroom_consulent)}),
        signalen_verlopen=_freeze({"totaal": sum(verlopen.values()), "per_consulent": _per_consulent(verlopen)}),
    )
    weken: Counter = Counter({label: 0 for label in pip_weken_buckets()})
    for days, count in dagen.items():
        weken[pip_weken_bucket(days)] += count
    maanden = periode.maanden()
    trends = MonitorTrends(
        maanden=tuple(f"{MAAND_NAMEN[m - 1]} {y}" for y, m in maanden),
        instroom_per_maand=tuple(instroom_maanden.get(key, 0) for key in maanden),
        pip_per_maand=tuple(pip_maanden.get(key, 0) for key in maanden),
        pip_weken=tuple(weken.items()),
        zroute_tempo=tuple(tempo.items()),
    )
    return Monitor(periode=periode, rapport=rapport, trends=trends)


def rapport(store: Store, *, van: date, tot: date, policy: Policy, team: bool = False,
            gemeente: str | None = None) -> MonitorRapport:
    """The figures of the period ``van`` to ``tot`` (both inclusive), with exactly the issue's keys."""
    return monitor(store, van=van, tot=tot, policy=policy, team=team, gemeente=gemeente).rapport


__all__ = ["LEERROUTE_SLEUTELS", "Leerroute", "Monitor", "MonitorRapport", "MonitorTrends", "OPEN_FASEN",
           "PeriodeError", "monitor", "rapport"]
