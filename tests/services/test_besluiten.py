"""Decisions on the obligation (issue 18) through their services: stored, read back as facts, audited, refused in Dutch."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from rules.model import (
    ExamenOnderdeel,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingGrond,
    OntheffingSoort,
    Pip,
    Status,
    Verlenging,
    VerlengingGrond,
    Vrijstelling,
    VrijstellingSoort,
)
from rules.policy import Policy
from services import aanmelding, besluiten, dossier, persons
from services.besluiten import BesluitError, Vertrek
from services.store import open_store, resolve
from storage.audit import AUDIT

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def _person(store, **changes) -> int:
    nieuw = aanmelding.Aanmelding(naam="Amal Testpersoon", doelgroep="asielstatushouder", kenmerk="IB-1",
                                  koppeling=date(2025, 3, 3))
    person_id = aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY).person_id
    base = {"brp_inschrijving": date(2025, 3, 3), "pip_datum": date(2025, 5, 1), "leerroute": "b1", "niveau": "B1"}
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={**base, **changes})
    return person_id


def _facts(store, person_id):
    return dossier.load_dossier(store=store, person_id=person_id, today=TODAY, policy=Policy()).facts


def _audit(store, tabel: str) -> list[tuple[str, int | None]]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            select(AUDIT.c.actie, AUDIT.c.person_id).where(AUDIT.c.tabel == tabel).order_by(AUDIT.c.id))]


def test_a_verlenging_is_stored_read_back_into_the_facts_and_audited(store):
    pid = _person(store)
    verlenging = Verlenging(VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 10, 1), nieuwe_einddatum=date(2028, 11, 1),
                            toelichting="ziekenhuisopname")
    besluiten.add_verlenging(store=store, person_id=pid, verlenging=verlenging, today=TODAY)
    assert _facts(store, pid).verlengingen == (verlenging,)
    assert _audit(store, "verlenging") == [("toegevoegd", pid)]


def test_a_verlenging_that_does_not_move_the_end_or_lies_in_the_future_is_refused_and_nothing_is_stored(store):
    pid = _person(store)
    with pytest.raises(BesluitError, match="niet na het huidige einde") as refused:
        besluiten.add_verlenging(store=store, person_id=pid, today=TODAY, verlenging=Verlenging(
            VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 10, 1), nieuwe_einddatum=date(2028, 5, 1)))
    assert refused.value.field == "nieuwe_einddatum"
    with pytest.raises(BesluitError, match="toekomst"):
        besluiten.add_verlenging(store=store, person_id=pid, today=TODAY,
                                 verlenging=Verlenging(VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 11, 24)))
    assert _facts(store, pid).verlengingen == ()
    assert _audit(store, "verlenging") == []


def test_a_partial_ontheffing_on_the_z_route_lowers_the_participation_target(store):
    pid = _person(store, leerroute="z", niveau=None)
    ontheffing = Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 6, 1), grond=OntheffingGrond.MED,
                            participatie_uren_max=400)
    besluiten.add_ontheffing(store=store, person_id=pid, ontheffing=ontheffing, today=TODAY)
    data = dossier.load_dossier(store=store, person_id=pid, today=TODAY, policy=Policy())
    assert data.facts.ontheffingen == (ontheffing,)
    assert data.beoordeling.zroute.participatie.doel == 400
    assert _audit(store, "ontheffing") == [("toegevoegd", pid)]


def test_a_partial_ontheffing_without_onderdeel_or_hours_is_refused(store):
    pid = _person(store)
    with pytest.raises(BesluitError, match="examenonderdeel of een maximum"):
        besluiten.add_ontheffing(store=store, person_id=pid, today=TODAY,
                                 ontheffing=Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 6, 1)))


@pytest.mark.parametrize("uren, geweigerd", [(0, False), (800, False), (801, True), (900, True)])
def test_a_partial_ontheffing_above_the_zroute_800_participation_hours_is_refused(store, uren, geweigerd):
    pid = _person(store, leerroute="z", niveau=None)
    ontheffing = Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 6, 1), participatie_uren_max=uren)
    if not geweigerd:
        besluiten.add_ontheffing(store=store, person_id=pid, ontheffing=ontheffing, today=TODAY)
        assert _facts(store, pid).ontheffingen == (ontheffing,)
        return
    with pytest.raises(BesluitError, match=f"\\({uren}\\) is hoger dan de 800 uur") as refused:
        besluiten.add_ontheffing(store=store, person_id=pid, ontheffing=ontheffing, today=TODAY)
    assert refused.value.field == "participatie_uren_max"
    assert _facts(store, pid).ontheffingen == ()


def test_a_full_ontheffing_ends_every_signaal(store):
    pid = _person(store)
    assert dossier.load_dossier(store=store, person_id=pid, today=TODAY, policy=Policy()).beoordeling.signalen
    besluiten.add_ontheffing(store=store, person_id=pid, today=TODAY,
                             ontheffing=Ontheffing(OntheffingSoort.GEHEEL, date(2026, 6, 1), grond=OntheffingGrond.BIO))
    data = dossier.load_dossier(store=store, person_id=pid, today=TODAY, policy=Policy())
    assert data.beoordeling.signalen == ()
    assert any("ontheffing" in regel for regel in data.beoordeling.bijzonderheden)


def test_a_temporary_vrijstelling_is_stored_and_its_dates_are_checked(store):
    pid = _person(store)
    with pytest.raises(BesluitError, match="vóór de begindatum") as refused:
        besluiten.add_vrijstelling(store=store, person_id=pid, today=TODAY, vrijstelling=Vrijstelling(
            VrijstellingSoort.TIJDELIJK, date(2026, 1, 5), start=date(2026, 2, 1), einde=date(2026, 1, 1)))
    assert refused.value.field == "einde"
    vrijstelling = Vrijstelling(VrijstellingSoort.TIJDELIJK, date(2026, 1, 5), start=date(2026, 2, 1), einde=date(2027, 1, 31))
    besluiten.add_vrijstelling(store=store, person_id=pid, vrijstelling=vrijstelling, today=TODAY)
    assert _facts(store, pid).vrijstellingen == (vrijstelling,)
    assert _audit(store, "vrijstelling") == [("toegevoegd", pid)]


def test_a_gewijzigd_pip_is_kept_in_order_and_one_dated_before_an_earlier_pip_is_refused(store):
    pid = _person(store)
    eerste = Pip(date(2025, 9, 1), leerroute=Leerroute.Z, reden="leerroute-wissel")
    besluiten.add_pip(store=store, person_id=pid, pip=eerste, today=TODAY)
    with pytest.raises(BesluitError, match="vóór een eerder PIP") as refused:
        besluiten.add_pip(store=store, person_id=pid, pip=Pip(date(2025, 8, 1), leerroute=Leerroute.B1), today=TODAY)
    assert refused.value.field == "dagtekening"
    tweede = Pip(date(2026, 2, 1), leerroute=Leerroute.B1, niveau=Niveau.A2, reden="afschalen naar A2")
    besluiten.add_pip(store=store, person_id=pid, pip=tweede, today=TODAY)
    assert _facts(store, pid).pips == (eerste, tweede)
    assert [v.soort for v in besluiten.list_besluiten(store=store, person_id=pid)] == ["pip", "pip"]
    assert _audit(store, "pip") == [("toegevoegd", pid), ("toegevoegd", pid)]


def test_a_vertrek_sets_status_vertrokken_with_date_and_bestemming_and_stops_the_signalen(store):
    pid = _person(store)
    version = persons.load_person_fields(store=store, person_id=pid).version
    with pytest.raises(BesluitError, match="bestemming") as refused:
        besluiten.record_vertrek(store=store, person_id=pid, expected_version=version, today=TODAY,
                                 vertrek=Vertrek(date(2026, 11, 1), "  "))
    assert refused.value.field == "bestemming"
    besluiten.record_vertrek(store=store, person_id=pid, expected_version=version, today=TODAY,
                             vertrek=Vertrek(date(2026, 11, 1), "Utrecht"))
    data = dossier.load_dossier(store=store, person_id=pid, today=TODAY, policy=Policy())
    assert (data.facts.status, data.facts.vertrokken_op, data.facts.vertrek_bestemming) == (
        Status.VERTROKKEN, date(2026, 11, 1), "Utrecht")
    assert data.beoordeling.signalen == ()


def test_an_exam_attempt_keeps_its_niveau_and_reason_for_no_result(store):
    pid = _person(store)
    dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="lezen", datum=date(2026, 9, 1), resultaat="geen",
                             niveau="A2", reden_geen_resultaat="absent")
    poging = _facts(store, pid).examens[0]
    assert (poging.onderdeel, poging.niveau, poging.reden_geen_resultaat.value) == (ExamenOnderdeel.LEZEN, Niveau.A2, "absent")


def test_removing_a_decision_takes_it_out_of_the_facts(store):
    pid = _person(store)
    besluit_id = besluiten.add_verlenging(store=store, person_id=pid, today=TODAY,
                                          verlenging=Verlenging(VerlengingGrond.ALFABETISERING))
    assert besluiten.delete_besluit(store=store, person_id=pid, soort="verlenging", besluit_id=besluit_id)
    assert not besluiten.delete_besluit(store=store, person_id=pid, soort="verlenging", besluit_id=besluit_id)
    assert _facts(store, pid).verlengingen == ()
    # the second try finds nothing: still recorded, as every refused change is
    assert _audit(store, "verlenging") == [("toegevoegd", pid), ("verwijderd", pid), ("verwijderd", pid)]


def test_the_warme_overdracht_is_written_owner_only_as_an_a4_page_and_audited(store, tmp_path):
    from services.overdracht_print import print_overdracht

    pid = _person(store)
    version = persons.load_person_fields(store=store, person_id=pid).version
    besluiten.record_vertrek(store=store, person_id=pid, expected_version=version, today=TODAY,
                             vertrek=Vertrek(date(2026, 11, 1), "Utrecht"))
    path = print_overdracht(store, person_id=pid, today=TODAY, policy=Policy(), target=tmp_path / "o.html")
    page = path.read_text(encoding="utf-8")
    assert "Warme overdracht naar Utrecht" in page and "A4 portrait" in page and "IB-1" in page
    assert ("geëxporteerd (warme overdracht afgedrukt)", pid) in _audit(store, "person")


def test_an_exam_result_dated_tomorrow_is_refused_by_the_service_itself(store):
    """The dialog checks as you type; the service checks again, the same check the CSV import runs."""
    from services.dossier import ExamenSaveError

    pid = _person(store)
    with pytest.raises(ExamenSaveError, match="toekomst"):
        dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="lezen",
                                 datum=TODAY + timedelta(days=1), resultaat="behaald")
    with pytest.raises(ExamenSaveError, match="reden"):
        dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="lezen", datum=TODAY, resultaat="geen")
