"""The monitor's signalen_verlopen, fase and Z-route pace agree with the signalen screen and with the full rule engine.

The monitor counts signalen through a narrower entry point (rules.engine.signaal_vervaldatums) that skips the
explanations; these tests hold it to the same answers as the caseload and signalen screens on the demo caseload
(with exam attempts, DUO's decisions, PIP history and afhandelingen), on the day it was built and on days before
and after it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from rules.afhandeling import split_signalen, signaal_sleutel
from rules.engine import Ernst, Soort, compute_signalen, signaal_vervaldatums
from rules.model import Status
from rules.monitor import actief_op, consulent_naam, facts_op, zroute_tempo
from rules.phase import determine_phase
from rules.policy import Policy
from services.caseload import load_caseload
from services.monitor import OPEN_FASEN, monitor
from storage.db import read_session, write_session
from storage.demo import seed_demo
from storage.monitor import load_stand
from storage.queries import load_caseload as read_caseload
from tests.monitor.conftest import add_afhandeling

TODAY = date(2026, 3, 16)
POLICY = Policy()
# Days to report on: long before, shortly before, the day itself and after the day the demo was built for.
DAYS = (TODAY - timedelta(days=400), TODAY - timedelta(days=120), TODAY - timedelta(days=30), TODAY,
        TODAY + timedelta(days=45), TODAY + timedelta(days=400))


@pytest.fixture
def demo(store):
    """The demo caseload (three municipalities' worth of variety) with a few overdue signalen handled or snoozed."""
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=TODAY)
        seed_demo(session.connection(), today=TODAY, seed=7, first_number=1001)
    with read_session(store.engine) as session:
        records = read_caseload(connection=session.connection(), as_of=TODAY)
    handled = 0
    for record in records:
        overdue = [s for s in compute_signalen(record.facts, TODAY, POLICY) if s.ernst is Ernst.VERLOPEN]
        if overdue and handled < 6:
            actie = "afgehandeld" if handled % 2 else "uitgesteld"
            add_afhandeling(store, record.id, sleutel=signaal_sleutel(overdue[0]), actie=actie,
                            op=datetime.combine(TODAY - timedelta(days=3), datetime.min.time(), tzinfo=UTC))
            handled += 1
    assert handled == 6, "the demo caseload should have overdue signalen to handle"
    return store


def _figures(store, day):
    rapport = monitor(store, van=day - timedelta(days=364), tot=day, policy=POLICY).rapport
    return rapport.signalen_verlopen, rapport.fase, rapport.zroute_op_schema


def test_on_the_day_itself_the_monitor_counts_what_the_caseload_and_signalen_screens_show(demo):
    caseload = load_caseload(store=demo, as_of=TODAY, policy=POLICY)
    open_files = [e for e in caseload.entries if e.facts.status is Status.ACTIEF]
    verlopen = Counter()
    for entry in open_files:
        verlopen[consulent_naam(entry.facts.consulent)] += entry.verlopen
    fasen = Counter({fase.value: 0 for fase in OPEN_FASEN})
    fasen.update(entry.fase.value for entry in open_files if entry.fase in OPEN_FASEN)
    achter = sum(1 for e in open_files if e.fase in OPEN_FASEN and zroute_tempo(e.facts, TODAY, POLICY) is not None
                 and any(s.signaal.soort == Soort.ZROUTE_ACHTERSTAND for s in e.alle_signalen))

    signalen_verlopen, fase, zroute = _figures(demo, TODAY)

    assert signalen_verlopen["totaal"] == sum(verlopen.values()) > 0
    assert dict(signalen_verlopen["per_consulent"]) == dict(+verlopen)
    assert dict(fase) == dict(fasen)
    assert zroute["achter"] == achter


def _full_engine(store, day):
    """The figures as the full engine gives them: every signaal written out, then the afhandelingen applied."""
    with read_session(store.engine) as session:
        stand = load_stand(connection=session.connection(), day=day)
    verlopen, fasen = Counter(), Counter({fase.value: 0 for fase in OPEN_FASEN})
    zroute = defaultdict(int)
    for person_id, facts in stand.facts.items():
        facts = facts_op(facts, day, gesloten_op=stand.gesloten_op.get(person_id))
        if not actief_op(facts.status, None, day):
            continue
        fase = determine_phase(facts, day, POLICY)
        if fase in OPEN_FASEN:  # a plicht ended by law (ontheffing, vrijstelling, AOW age) is no open file
            fasen[fase.value] += 1
        signalen = compute_signalen(facts, day, POLICY)
        open_ = split_signalen(signalen, stand.afhandelingen.get(person_id, ()), day)[0]
        verlopen[consulent_naam(facts.consulent)] += sum(1 for s in open_ if s.ernst is Ernst.VERLOPEN)
        if fase in OPEN_FASEN and zroute_tempo(facts, day, POLICY) is not None:
            zroute["achter" if any(s.soort == Soort.ZROUTE_ACHTERSTAND for s in signalen) else "op_schema"] += 1
    return +verlopen, fasen, zroute


@pytest.mark.parametrize("day", DAYS, ids=lambda d: d.isoformat())
def test_on_any_day_the_monitor_counts_what_the_full_engine_counts(demo, day):
    verlopen, fasen, zroute = _full_engine(demo, day)

    signalen_verlopen, fase, zroute_op_schema = _figures(demo, day)

    assert dict(signalen_verlopen["per_consulent"]) == dict(verlopen)
    assert signalen_verlopen["totaal"] == sum(verlopen.values())
    assert dict(fase) == dict(fasen)
    assert (zroute_op_schema["op_schema"], zroute_op_schema["achter"]) == (zroute["op_schema"], zroute["achter"])


def test_signaal_vervaldatums_names_every_signaal_of_the_full_engine_for_every_file_and_day(demo):
    with read_session(demo.engine) as session:
        records = read_caseload(connection=session.connection(), as_of=TODAY)
    checked = Counter()
    for day in (*DAYS, *(TODAY - timedelta(days=n) for n in range(0, 1500, 61))):
        for record in records:
            full = sorted((s.soort, s.vervaldatum) for s in compute_signalen(record.facts, day, POLICY))
            assert sorted(signaal_vervaldatums(record.facts, day, POLICY)) == full, (record.facts.kenmerk, day)
            checked.update(soort for soort, _ in full)
    # The demo reaches every kind of signaal, so no rule went unchecked.
    assert set(checked) == set(Soort)


def test_the_monitor_reads_the_same_facts_as_the_caseload_on_the_day_itself(demo):
    with read_session(demo.engine) as session:
        connection = session.connection()
        caseload = {r.id: r.facts for r in read_caseload(connection=connection, as_of=TODAY)}
        stand = load_stand(connection=connection, day=TODAY)
    assert stand.facts
    for person_id, facts in stand.facts.items():
        # The monitor leaves the name out: no figure needs it.
        assert facts == replace(caseload[person_id], naam=""), facts.kenmerk
