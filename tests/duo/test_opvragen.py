"""Asking DUO per BSN (issue 19, point 6): each answer becomes the right fact, differences are shown, failures are Dutch."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date

from sqlalchemy import insert, select

from cli import duo as cli_duo
from rules.model import ExamenOnderdeel, ExamenResultaat, OntheffingGrond, OntheffingSoort, VrijstellingSoort
from services.duo import dossier, opvragen, overzicht
from services.duo.opvragen import BIJGEWERKT, GEWEIGERD, ONBEKEND, ONGEWIJZIGD, VRAGEN
from storage.db import write_session
from storage.models import ExamenPoging
from storage.queries import load_person
from tests.duo.conftest import TODAY, add_person

BSN = "999990019"
BSN_2 = "999990020"


def duo_kent(bsn: str = BSN, **changes) -> dict[str, object]:
    """What the fake DUO holds about one person, per path template of DUO's specification (synthetic data)."""
    answers: dict[str, object] = {
        "/personen/{bsn}/inburgeringsplicht": {"indicatorInburgeringsplicht": True, "begindatum": "2026-01-05",
                                               "datumKennisgevingInburgeringsplicht": "2026-01-10"},
        "/personen/{bsn}/doelgroep": {"indeling": "Asielstatushouder", "begindatum": "2026-01-05",
                                      "gedetailleerdeDoelgroep": "Asielstatushouder"},
        "/personen/{bsn}/inburgeringstermijn": {"startdatum": "2026-03-03", "einddatum": "2029-06-03",
                                                "verlengingsgrondcode": "3", "verlengingsgrondomschrijving": "ziekte"},
        "/personen/{bsn}/PIP": {"gemeentecode": "0363", "pip": {"dagtekeningPip": "2026-03-02", "leerroute": "B",
                                                                "niveau": "B1"}},
        "/personen/{bsn}/vrijstellingen": [
            {"GedeeltelijkeVrijstelling": {"reden": "GED", "oordeel": "Toekenning", "datumOordeel": "2026-06-01",
                                           "examenonderdeel": "LE", "examenniveau": "B1"}},
            {"GeheleVrijstelling": {"reden": "DIP", "oordeel": "Afwijzing", "datumOordeel": "2026-05-01"}},
        ],
        "/personen/{bsn}/ontheffingen": [
            {"GedeeltelijkeOntheffing": {"oordeel": "Toekenning", "datumOordeel": "2026-07-01", "grond": "MED",
                                         "examenonderdeel": "KNM"}},
        ],
        "/personen/{bsn}/examens/resultaten": [
            {"examendatum": "2026-09-10", "resultaat": "Geslaagd", "onderdeel": "LU", "niveau": "B1"},
            {"examendatum": "2026-10-01", "resultaat": "Gezakt", "onderdeel": "SP", "niveau": "B1"},
        ],
        "/personen/{bsn}/pvt": {"datumOndertekeningPvt": "2026-08-01"},
        # no MAP date at DUO: the fake answers 404 for it
    }
    answers.update(changes)
    return {key: value for key, value in answers.items() if value is not None}


def _facts(store, person_id):
    with store.engine.connect() as connection:
        return load_person(connection=connection, person_id=person_id, as_of=TODAY).facts


def _add_gepland_examen(store, person_id, onderdeel: str, datum: date) -> None:
    with write_session(store.engine) as session:
        session.execute(insert(ExamenPoging.__table__).values(person_id=person_id, onderdeel=onderdeel, datum=datum,
                                                               resultaat="gepland"))


def _cli(store, cfg, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    cli_duo.register(parser.add_subparsers(dest="opdracht"))
    out, err = io.StringIO(), io.StringIO()
    code = cli_duo.run(parser.parse_args(["duo", "opvragen", *argv]), open_store=lambda: store, config_dir=cfg,
                       today=TODAY, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_each_answer_becomes_the_right_dossier_fact(store, configured, fake_duo):
    person = add_person(store, "IB-1", pvt_ondertekend=date(2026, 8, 1))
    _add_gepland_examen(store, person, "spreken", date(2026, 10, 1))
    fake_duo.personen[BSN] = duo_kent()

    verslag = opvragen(store, as_of=TODAY, config_dir=configured)

    assert fake_duo.violations == []  # every request (path, method, headers) and every answer fits the specification
    assert [r.method for r in fake_duo.received] == ["GET"] * len(VRAGEN)
    [uitkomst] = verslag.personen
    assert (uitkomst.kenmerk, uitkomst.status, uitkomst.verschillen) == ("IB-1", BIJGEWERKT, ())
    facts = _facts(store, person)
    assert facts.termijn_einde == date(2029, 6, 3)  # DUO's einddatum, exclusive: the legal final word
    assert (facts.kennisgeving_duo, facts.inburgeringsplicht_start) == (date(2026, 1, 10), date(2026, 1, 5))
    [vrijstelling] = facts.vrijstellingen  # the refused request is not a decision in the dossier
    assert (vrijstelling.soort, vrijstelling.besluitdatum, vrijstelling.examenonderdeel, vrijstelling.reden) == (
        VrijstellingSoort.GEDEELTELIJK, date(2026, 6, 1), ExamenOnderdeel.LEZEN, "GED")
    [ontheffing] = facts.ontheffingen
    assert (ontheffing.soort, ontheffing.grond, ontheffing.examenonderdeel) == (
        OntheffingSoort.GEDEELTELIJK, OntheffingGrond.MED, ExamenOnderdeel.KNM)
    examens = sorted((e.onderdeel, e.datum, e.resultaat) for e in facts.examens)
    assert examens == [(ExamenOnderdeel.LUISTEREN, date(2026, 9, 10), ExamenResultaat.BEHAALD),
                       (ExamenOnderdeel.SPREKEN, date(2026, 10, 1), ExamenResultaat.NIET_BEHAALD)]  # gepland got DUO's result
    assert any("einddatum inburgeringstermijn 03-06-2029" in r and "ziekte" in r for r in uitkomst.overgenomen)
    assert any("afwijzing" in m.lower() or "wees" in m for m in uitkomst.meldingen)

    assert dossier(store, person_id=person, as_of=TODAY, config_dir=configured).opvraging.ontbreekt == ()
    again = opvragen(store, as_of=TODAY, config_dir=configured)  # asking twice adds nothing twice
    assert again.personen[0].status == ONGEWIJZIGD
    facts = _facts(store, person)
    assert (len(facts.vrijstellingen), len(facts.ontheffingen), len(facts.examens)) == (1, 1, 2)


def test_a_difference_is_shown_to_the_consulent_and_not_written_over(store, configured, fake_duo):
    person = add_person(store, "IB-1", kennisgeving_duo=date(2026, 1, 20), doelgroep="gezinsmigrant",
                        map_eindgesprek=date(2026, 9, 1), termijn_einde=date(2029, 3, 3))
    fake_duo.personen[BSN] = duo_kent(**{"/personen/{bsn}/map": {"datumEindgesprekMap": "2026-09-15"}})

    [uitkomst] = opvragen(store, as_of=TODAY, config_dir=configured).personen

    facts = _facts(store, person)
    assert facts.kennisgeving_duo == date(2026, 1, 20) and facts.map_eindgesprek == date(2026, 9, 1)  # the consulent's
    assert facts.termijn_einde == date(2029, 6, 3)  # except the termijn's end: DUO decides it
    assert "kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 20-01-2026" in uitkomst.verschillen
    assert "MAP-eindgesprek: DUO zegt 15-09-2026, regie heeft 01-09-2026" in uitkomst.verschillen
    assert "doelgroep: DUO zegt asielstatushouder, regie heeft gezinsmigrant" in uitkomst.verschillen

    # The dossier's DUO tab and the DUO screen show the same differences, worked out against the dossier as it is now.
    shown = [v.tekst for v in dossier(store, person_id=person, as_of=TODAY, config_dir=configured).opvraging.verschillen]
    assert set(shown) == set(uitkomst.verschillen)
    assert ("IB-1", "kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 20-01-2026") in overzicht(
        store, as_of=TODAY, config_dir=configured).verschillen
    from storage.models import Person

    with write_session(store.engine) as session:  # the consulent takes DUO's date over: that difference is gone
        session.execute(Person.__table__.update().where(Person.__table__.c.id == person)
                        .values(kennisgeving_duo=date(2026, 1, 10)))
    shown = [v.tekst for v in dossier(store, person_id=person, as_of=TODAY, config_dir=configured).opvraging.verschillen]
    assert not any(t.startswith("kennisgeving DUO") for t in shown) and any(t.startswith("MAP") for t in shown)


def _opvraging(store, person_id):
    from storage import duo as duo_store

    with store.engine.connect() as connection:
        gegevens = duo_store.load_gegevens(connection=connection, person_id=person_id).get(person_id)
    return gegevens.opvraging if gegevens else None


def test_a_person_duo_does_not_know_is_said_in_dutch_and_nothing_changes(store, configured, fake_duo):
    person = add_person(store, "IB-1")
    verslag = opvragen(store, as_of=TODAY, config_dir=configured)
    [uitkomst] = verslag.personen
    assert uitkomst.status == ONBEKEND and "DUO kent deze persoon niet" in uitkomst.meldingen[0]
    assert len(fake_duo.received) == 1  # nothing more is asked about a person DUO does not know
    assert _opvraging(store, person) is None and _facts(store, person).termijn_einde is None
    assert BSN not in json.dumps(verslag.as_json())


def test_a_403_shows_duos_own_texts_and_nothing_is_half_saved(store, configured, fake_duo):
    person = add_person(store, "IB-1")
    fake_duo.personen[BSN] = duo_kent()
    fake_duo.geweigerd[BSN] = ("De gemeente is niet verantwoordelijk voor deze inburgeraar.",)
    code, out, err = _cli(store, configured, "--kenmerk", "IB-1")
    assert code == 0
    assert "IB-1: geweigerd" in out and "DUO: De gemeente is niet verantwoordelijk voor deze inburgeraar." in out
    assert BSN not in out + err


def test_a_refusal_after_some_answers_leaves_the_dossier_as_it_was(store, configured, fake_duo):
    person = add_person(store, "IB-1")
    fake_duo.personen[BSN] = duo_kent()
    fake_duo.modes.extend(["accept", "accept", "accept", "weiger"])  # the termijn was answered, the PIP refused
    [uitkomst] = opvragen(store, as_of=TODAY, config_dir=configured).personen
    assert uitkomst.status == GEWEIGERD and uitkomst.meldingen == fake_duo.refusal
    assert _facts(store, person).termijn_einde is None and _opvraging(store, person) is None


def test_a_timeout_stops_the_run_in_dutch_and_saves_nothing_for_the_rest(store, configured, fake_duo):
    first = add_person(store, "IB-1")
    add_person(store, "IB-2", bsn=BSN_2)
    fake_duo.personen[BSN] = duo_kent()
    fake_duo.personen[BSN_2] = duo_kent()
    fake_duo.modes.append("timeout")
    code, out, err = _cli(store, configured, "--alle")
    assert code == 1
    assert "geen antwoord van DUO binnen de wachttijd" in err and "2 personen zijn niet opgevraagd" in err
    assert "Traceback" not in out + err and BSN not in out + err and BSN_2 not in out + err
    assert _opvraging(store, first) is None


def test_a_dropped_connection_keeps_the_persons_done_and_stops_before_the_next(store, configured, fake_duo):
    first = add_person(store, "IB-1")
    second = add_person(store, "IB-2", bsn=BSN_2)
    fake_duo.personen[BSN] = duo_kent()
    fake_duo.personen[BSN_2] = duo_kent()
    fake_duo.modes.extend(["accept"] * len(VRAGEN) + ["accept", "drop"])
    verslag = opvragen(store, as_of=TODAY, config_dir=configured)
    assert "de verbinding met DUO werd verbroken" in verslag.storing and verslag.niet_opgevraagd == 1
    assert [p.kenmerk for p in verslag.personen] == ["IB-1"]
    assert _facts(store, first).termijn_einde == date(2029, 6, 3)
    assert _facts(store, second).termijn_einde is None and _opvraging(store, second) is None


def test_persons_without_bsn_are_skipped_with_a_count(store, configured, fake_duo):
    add_person(store, "IB-1")
    add_person(store, "IB-ZONDER", bsn=None)
    fake_duo.personen[BSN] = duo_kent()
    verslag = opvragen(store, as_of=TODAY, config_dir=configured)
    assert verslag.zonder_bsn == 1 and [p.kenmerk for p in verslag.personen] == ["IB-1"]
    assert "1 zonder BSN overgeslagen" in verslag.samenvatting


def test_the_json_output_lists_each_person_by_kenmerk_with_exactly_these_keys(store, configured, fake_duo):
    add_person(store, "IB-1", kennisgeving_duo=date(2026, 1, 20))
    add_person(store, "IB-ZONDER", bsn=None)
    fake_duo.personen[BSN] = duo_kent()
    code, out, err = _cli(store, configured, "--json")
    data = json.loads(out)
    assert code == 0 and err == ""
    assert set(data) == {"personen", "zonder_bsn", "niet_wi2021", "niet_opgevraagd", "storing"}
    [persoon] = data["personen"]
    assert set(persoon) == {"kenmerk", "status", "overgenomen", "verschillen", "meldingen"}
    assert persoon["kenmerk"] == "IB-1" and persoon["status"] == BIJGEWERKT and data["zonder_bsn"] == 1
    assert "kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 20-01-2026" in persoon["verschillen"]
    assert BSN not in out


def test_an_unknown_kenmerk_is_refused_in_dutch(store, configured, fake_duo):
    add_person(store, "IB-1")
    code, out, err = _cli(store, configured, "--kenmerk", "IB-9")
    assert code == 1 and "geen persoon met kenmerk ‘IB-9’" in err and fake_duo.received == []


def test_the_duo_answer_that_does_not_fit_the_specification_is_not_taken_over(store, configured, fake_duo):
    person = add_person(store, "IB-1")
    fake_duo.personen[BSN] = duo_kent(**{"/personen/{bsn}/inburgeringstermijn": {"startdatum": "2026-03-03"}})
    [uitkomst] = opvragen(store, as_of=TODAY, config_dir=configured).personen
    assert uitkomst.status == "ongeldig antwoord" and "inburgeringstermijn" in uitkomst.meldingen[0]
    assert _facts(store, person).termijn_einde is None and _opvraging(store, person) is None
    assert any("inburgeringstermijn" in v for v in fake_duo.violations)  # the fake checks its own answers too


def test_the_bsn_never_reaches_a_log_even_at_debug(store, configured, fake_duo, caplog):
    import logging

    add_person(store, "IB-1")
    add_person(store, "IB-2", bsn=BSN_2)
    fake_duo.personen[BSN] = duo_kent()
    fake_duo.geweigerd[BSN_2] = ("Geen toegang tot deze inburgeraar.",)
    with caplog.at_level(logging.DEBUG):
        opvragen(store, as_of=TODAY, config_dir=configured)
    assert "/personen/{bsn}/inburgeringstermijn" in caplog.text  # httpx did log the requests …
    assert BSN not in caplog.text and BSN_2 not in caplog.text  # … without the BSN


def test_kenmerk_and_alle_together_are_refused_in_dutch(capsys):
    import pytest

    from cli.main import main

    with pytest.raises(SystemExit) as stopped:
        main(["duo", "opvragen", "--kenmerk", "IB-1", "--alle"])
    assert stopped.value.code == 2
    assert "--kenmerk en --alle gaan niet samen; kies er één" in capsys.readouterr().err


def test_a_specification_folder_without_the_apis_to_ask_is_refused_before_duo_is_asked(store, configured, fake_duo,
                                                                                        tmp_path):
    import shutil

    from services.duo.settings import load_settings, save_settings

    partial = tmp_path / "spec"
    partial.mkdir()
    for path in load_settings(configured).specificatie.glob("*_openapi.yml"):
        if "Examen" not in path.name:
            shutil.copy(path, partial / path.name)
    from dataclasses import replace

    save_settings(configured, replace(load_settings(configured), specificatie=partial))
    add_person(store, "IB-1")
    fake_duo.personen[BSN] = duo_kent()
    code, out, err = _cli(store, configured)
    assert code == 1 and "Examen API" in err and fake_duo.received == []
