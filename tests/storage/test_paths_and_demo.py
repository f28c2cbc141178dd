"""Where data lives, and the demo caseload."""

from __future__ import annotations

from collections import Counter
from datetime import date

from rules.bsn import is_valid_bsn
from rules.engine import compute_signalen
from rules.phase import Fase
from rules.policy import Policy
from storage.paths import DEMO_DB_FILENAME, resolve
from storage.queries import load_caseload
from storage.store import open_demo_store
from services.caseload import build_entries

TODAY = date(2026, 11, 22)


def test_db_flag_beats_the_environment_which_beats_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("REGIE_DB", str(tmp_path / "env.sqlite"))
    assert resolve(tmp_path / "flag.sqlite").database == tmp_path / "flag.sqlite"
    assert resolve(None).database == tmp_path / "env.sqlite"
    monkeypatch.delenv("REGIE_DB")
    assert resolve(None).database.name == "regie.sqlite"


def test_the_demo_database_is_never_the_users_own(tmp_path):
    assert resolve(tmp_path / "mine.sqlite", demo=True).database.name == DEMO_DB_FILENAME


def test_importing_the_packages_creates_no_files(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("REGIE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REGIE_CONFIG_DIR", str(tmp_path / "config"))
    code = "import rules, storage.store, storage.demo, storage.queries, tui.app, cli.main"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert list(tmp_path.iterdir()) == []


def test_the_demo_caseload_covers_every_group_route_regime_and_phase(tmp_path):
    store = open_demo_store(resolve(demo=True), today=TODAY)
    with store.engine.connect() as connection:
        records = load_caseload(connection=connection, as_of=TODAY)
        contacts = connection.exec_driver_sql("SELECT count(*) FROM contactmoment").scalar()
        weekplan = connection.exec_driver_sql("SELECT count(*) FROM weekplan_entry").scalar()
        hours_span = connection.exec_driver_sql("SELECT min(datum), max(datum) FROM urenregistratie").one()
    assert 50 <= len(records) <= 80  # about 60, and a person for each fact of issue 18
    facts = [r.facts for r in records]
    assert {f.doelgroep.value for f in facts} == {"asielstatushouder", "gezinsmigrant", "overige_migrant"}
    assert {f.regime.value for f in facts} == {"wi2021", "wi2013"}
    assert {f.leerroute.value for f in facts if f.leerroute} == {"b1", "onderwijs", "z"}
    phases = Counter(e.fase for e in build_entries(records, as_of=TODAY, policy=Policy()))
    for fase in (Fase.GEKOPPELD, Fase.BREDE_INTAKE, Fase.PIP_VASTGESTELD, Fase.INBURGEREN, Fase.AFRONDING, Fase.AFGEROND):
        assert phases[fase] > 0, fase
    assert contacts > 100 and weekplan > 50
    assert (date.fromisoformat(hours_span[1]) - date.fromisoformat(hours_span[0])).days > 180
    assert any(compute_signalen(f, TODAY, Policy()) for f in facts)


def test_demo_bsns_are_test_numbers_that_pass_the_elfproef(tmp_path):
    store = open_demo_store(resolve(demo=True), today=TODAY)
    with store.engine.connect() as connection:
        bsns = [row[0] for row in connection.exec_driver_sql("SELECT bsn FROM person WHERE bsn IS NOT NULL")]
    assert bsns and all(b.startswith("9999") and is_valid_bsn(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)


def test_every_demo_bsn_is_a_test_bsn():
    import random

    from rules.bsn import is_test_bsn
    from storage.demo import test_bsn

    rng = random.Random(7)
    assert all(is_test_bsn(test_bsn(rng)) for _ in range(200))


def test_the_demo_caseload_shows_every_fact_of_the_law_part_two():
    store = open_demo_store(resolve(demo=True), today=TODAY)
    with store.engine.connect() as connection:
        facts = [r.facts for r in load_caseload(connection=connection, as_of=TODAY)]
    store.close()
    assert {f.verblijfsvergunning.value for f in facts if f.nareiziger and f.verblijfsvergunning} == {"asiel", "regulier"}
    assert any(f.verlengingen for f in facts)
    assert any(o.participatie_uren_max == 400 for f in facts for o in f.ontheffingen)
    assert any(v.soort.value == "tijdelijk" for f in facts for v in f.vrijstellingen)
    assert any(e.resultaat.value == "geen" for f in facts for e in f.examens)
    assert any(f.vorige_gemeente and f.eerste_pip_datum and f.pips for f in facts)
    assert any(f.vertrokken_op and f.vertrek_bestemming and f.status.value == "vertrokken" for f in facts)
    assert any(f.leerbaarheidstoets for f in facts) and any(f.leerbaarheidstoets_vrijstelling for f in facts)


def test_the_demo_caseload_has_a_household_and_contact_details_without_real_looking_data():
    from sqlalchemy import select

    from storage.models import Person

    person = Person.__table__
    store = open_demo_store(resolve(demo=True), today=TODAY)
    with store.engine.connect() as connection:
        rows = connection.execute(select(person.c.huishouden, person.c.huishouden_relatie, person.c.telefoon,
                                         person.c.email, person.c.contactpersoon_organisatie, person.c.v_nummer)).all()
    store.close()
    households = {}
    for row in rows:
        if row.huishouden:
            households.setdefault(row.huishouden, []).append(row.huishouden_relatie)
    assert sorted(next(iter(households.values()))) == ["hoofd", "partner"] and len(households) == 1
    assert any(r.contactpersoon_organisatie == "VluchtelingenWerk" for r in rows)
    assert all(r.telefoon.startswith("061234") for r in rows if r.telefoon)
    assert all(r.email.endswith("@voorbeeld.example") for r in rows if r.email)  # RFC 2606: never delivered
    assert len({r.v_nummer for r in rows if r.v_nummer}) == len([r for r in rows if r.v_nummer])
