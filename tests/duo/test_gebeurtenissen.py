"""Reading DUO's notifications back: Dutch labels and effects, unknown codes kept and shown, never dropped."""

from __future__ import annotations

import argparse
import io
import json
from datetime import date

import pytest
from sqlalchemy import text

from cli import duo as cli_duo
from services.duo import dossier, inlezen, overzicht
from services.duo.gebeurtenissen import GEBEURTENISSEN, Effect, GebeurtenisFileError, betekenis, parse_notificaties
from tests.duo.conftest import SPEC_DIR, TODAY, add_person


def _file(tmp_path, items, name="notificaties.json"):
    path = tmp_path / name
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_every_code_in_duos_gebeurtenissen_list_has_a_dutch_label():
    source = SPEC_DIR / "Gebeurtenissen_Gebeurtenissen.md"
    if not source.is_file():
        pytest.skip(f"DUO's Gebeurtenissen.md staat niet in {SPEC_DIR} (geen licentie, niet in de repository)")
    import re

    codes = set(re.findall(r"\|\s*(SS\d{3})\s*\|", source.read_text(encoding="utf-8")))
    assert codes and codes <= set(GEBEURTENISSEN)


@pytest.mark.parametrize(("code", "effect", "word"), [
    ("SS139", Effect.KENNISGEVING, "10 weken"),
    ("SS102", Effect.SIGNAAL, "termijn"),
    ("SS103", Effect.SIGNAAL, "verlengd"),
    ("SS199", Effect.SIGNAAL, "examen"),
    ("SS126", Effect.SIGNAAL, "leerroute"),
    ("SS127", Effect.SIGNAAL, "inburgeringsaanbod"),
    ("SS128", Effect.SIGNAAL, "AOW"),
])
def test_codes_that_matter_to_a_consulent_have_a_label_and_an_effect(code, effect, word):
    meaning = betekenis(code)
    assert meaning.effect is effect and word in meaning.label


def test_an_unknown_code_is_shown_as_it_is():
    meaning = betekenis("SS999")
    assert "SS999" in meaning.label and meaning.effect is Effect.SIGNAAL


def test_import_links_events_by_bsn_keeps_unknown_ones_and_fills_in_the_kennisgeving(store, tmp_path, configured):
    person = add_person(store, "IB-1", kennisgeving_duo=None)
    path = _file(tmp_path, [
        {"registratieDatumTijd": "2026-10-01T09:00:00+02:00", "bsn": "999990019", "gebeurtenisId": "SS139"},
        {"registratieDatumTijd": "2026-10-02T09:00:00+02:00", "bsn": "999990019", "gebeurtenisId": "SS999"},
        {"registratieDatumTijd": "2026-10-03T09:00:00Z", "bsn": "999990031", "gebeurtenisId": "SS101"},
    ])
    verslag = inlezen(store, path)
    assert (verslag.nieuw, verslag.niet_in_caseload, verslag.onbekende_codes, verslag.kennisgevingen) == (3, 1, ("SS999",), 1)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT kennisgeving_duo FROM person WHERE id = :id"), {"id": person}).scalar() \
            == "2026-10-01"
    again = inlezen(store, path)
    assert (again.nieuw, again.al_bekend) == (0, 3)  # read twice, stored once
    tab = dossier(store, person_id=person, as_of=TODAY, config_dir=configured)
    assert [(g.code, g.betekenis.label) for g in tab.gebeurtenissen] == [
        ("SS139", betekenis("SS139").label), ("SS999", "onbekende gebeurtenis SS999")]
    screen = overzicht(store, as_of=TODAY, config_dir=configured)
    assert [(g.code, g.kenmerk) for g in screen.gebeurtenissen] == [("SS139", "IB-1"), ("SS999", "IB-1"), ("SS101", None)]


def test_a_kennisgeving_already_recorded_is_not_overwritten(store, tmp_path):
    person = add_person(store, "IB-1", kennisgeving_duo=date(2026, 1, 5))
    inlezen(store, _file(tmp_path, [{"registratieDatumTijd": "2026-10-01T09:00:00Z", "bsn": "999990019",
                                     "gebeurtenisId": "SS101"}]))
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT kennisgeving_duo FROM person WHERE id = :id"), {"id": person}).scalar() \
            == "2026-01-05"


@pytest.mark.parametrize(("content", "fragment"), [
    ("niet json", "geen JSON"),
    ('[{"registratieDatumTijd": "2026-10-01T09:00:00Z"}]', "gebeurtenisId"),
    ('[{"registratieDatumTijd": "gisteren", "gebeurtenisId": "SS101"}]', "registratieDatumTijd"),
    ('[{"registratieDatumTijd": "2026-10-01T09:00:00Z", "gebeurtenisId": "SS101", "bsn": "12"}]', "bsn"),
])
def test_a_wrong_file_is_refused_in_dutch_naming_the_entry(content, fragment):
    with pytest.raises(GebeurtenisFileError) as raised:
        parse_notificaties(content)
    assert fragment in str(raised.value)


def test_the_import_command_reports_counts_and_unknown_codes_without_personal_data(store, tmp_path, cfg):
    add_person(store, "IB-1")
    path = _file(tmp_path, [{"registratieDatumTijd": "2026-10-01T09:00:00Z", "bsn": "999990019", "gebeurtenisId": "SS777"}])
    parser = argparse.ArgumentParser()
    cli_duo.register(parser.add_subparsers(dest="opdracht"))
    out, err = io.StringIO(), io.StringIO()
    code = cli_duo.run(parser.parse_args(["duo", "inlezen", str(path)]), open_store=lambda: store, config_dir=cfg,
                       today=TODAY, out=out, err=err)
    assert code == 0 and "1 nieuw" in out.getvalue() and "SS777" in out.getvalue()
    assert "999990019" not in out.getvalue() + err.getvalue()
