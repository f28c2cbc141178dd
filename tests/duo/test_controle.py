"""`regie duo controle`: every message built from the dossier, pre-checked against DUO's schema and rules."""

from __future__ import annotations

import argparse
import io
import json
from datetime import UTC, date, datetime

import pytest
import yaml
from sqlalchemy import insert

from cli import duo as cli_duo
from storage.db import write_session
from storage.models import Urenregistratie
from tests.duo.conftest import TODAY, add_person


def _run(store, cfg, *argv):
    parser = argparse.ArgumentParser()
    cli_duo.register(parser.add_subparsers(dest="opdracht"))
    out, err = io.StringIO(), io.StringIO()
    code = cli_duo.run(parser.parse_args(["duo", *argv]), open_store=lambda: store, config_dir=cfg, today=TODAY,
                       out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _controle(store, cfg, *extra):
    code, out, err = _run(store, cfg, "controle", "--json", *extra)
    assert err == ""
    return code, json.loads(out)


def _uren(store, person_id, soort, minuten, datum=date(2026, 5, 1)):
    with write_session(store.engine) as session:
        session.execute(insert(Urenregistratie.__table__).values(
            person_id=person_id, datum=datum, soort=soort, minuten=minuten, bron="test", omschrijving="",
            ingelezen=False, created_at=datetime(2026, 5, 1, tzinfo=UTC)))


def test_a_zroute_pip_with_level_b1_is_schema_valid_but_blocked_naming_the_field(store, configured):
    add_person(store, "IB-Z-B1", leerroute="z", niveau="B1")
    code, items = _controle(store, configured)
    [pip] = [i for i in items if i["bericht"] == "pip"]
    assert pip["status"] == "geblokkeerd"
    assert pip["inhoud"] == {"dagtekeningPip": "2026-03-02", "leerroute": "Z", "niveau": "B1"}
    assert len(pip["redenen"]) == 1 and "B1" in pip["redenen"][0] and "Z-route" in pip["redenen"][0]
    assert "‘niveau’" in pip["redenen"][0]
    assert code == cli_duo.EXIT_GEBLOKKEERD


def test_the_json_has_exactly_the_agreed_keys_and_ready_bodies_pass_duos_own_schema(store, configured, spec_dir):
    person = add_person(store, "IB-KLAAR", leerroute="z", niveau="A2", alfabetisering="NVT",
                        map_eindgesprek=date(2026, 9, 1), pvt_ondertekend=date(2026, 8, 1),
                        zroute_afgerond=date(2026, 10, 1))
    _uren(store, person, "participatie", 90 * 60 + 59)  # 90 h 59 min: DUO gets 90 whole hours
    _uren(store, person, "taal_knm", 30 * 60)
    _uren(store, person, "taal_knm_brede_intake", 45)  # under an hour: nothing to report yet
    code, items = _controle(store, configured)
    assert code == cli_duo.EXIT_OK
    assert all(set(item) == {"kenmerk", "bericht", "status", "redenen", "inhoud"} for item in items)
    assert [(i["bericht"], i["status"], i["redenen"]) for i in items] == [
        ("pip", "klaar", []), ("map", "klaar", []), ("pvt", "klaar", []), ("uren", "klaar", []), ("uren", "klaar", []),
        ("zroute", "klaar", []),
    ]
    assert {json.dumps(i["inhoud"], sort_keys=True) for i in items if i["bericht"] == "uren"} == {
        '{"uren": 30}', '{"uren": 90}'}
    # Independently of regie's own checker: each body against the request schema in DUO's file.
    from jsonschema import Draft202012Validator, FormatChecker

    where = {"pip": ("PIP", "/personen/{bsn}/PIP", "post"), "map": ("MAP_PVT_Zroute", "/personen/{bsn}/map", "put"),
             "pvt": ("MAP_PVT_Zroute", "/personen/{bsn}/pvt", "put"),
             "zroute": ("MAP_PVT_Zroute", "/personen/{bsn}/zroute", "put"),
             "uren": ("GevolgdeUren", "/personen/{bsn}/uren/participatietaalles", "put")}
    for item in items:
        api, path, method = where[item["bericht"]]
        document = yaml.safe_load((spec_dir / f"API_{api}_openapi.yml").read_text(encoding="utf-8"))
        schema = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": document["components"]}, format_checker=FormatChecker())
        assert list(validator.iter_errors(item["inhoud"])) == []
        for name in item["inhoud"]:  # the field names are DUO's own
            target = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            assert name in target["properties"]


def test_nothing_is_guessed_missing_facts_give_no_message_or_a_blocked_one_naming_the_field(store, configured):
    add_person(store, "IB-LEEG", pip_datum=None, leerroute=None, niveau=None)
    add_person(store, "IB-AANBOD", bsn="999990020", aanbod_start=date(2026, 4, 1), alfabetisering="A")
    add_person(store, "IB-GEEN-BSN", bsn=None)
    _, items = _controle(store, configured)
    assert [i for i in items if i["kenmerk"] == "IB-LEEG"] == []
    [aanbod] = [i for i in items if i["bericht"] == "aanbod"]
    assert aanbod["status"] == "geblokkeerd"
    assert any("instellingsnummer" in reden for reden in aanbod["redenen"])
    assert aanbod["inhoud"] == {"datumInburgeringsaanbod": "2026-04-01", "indicatorAlfabetiseringsonderwijs": "A"}
    [zonder_bsn] = [i for i in items if i["kenmerk"] == "IB-GEEN-BSN"]
    assert zonder_bsn["status"] == "geblokkeerd" and any("BSN" in r for r in zonder_bsn["redenen"])


def test_an_aanbod_becomes_ready_once_the_instelling_is_recorded_and_never_for_a_gezinsmigrant(store, configured):
    from services.duo import save_gegevens

    asiel = add_person(store, "IB-ASIEL", aanbod_start=date(2026, 4, 1), alfabetisering="NVT")
    gezin = add_person(store, "IB-GEZIN", bsn="999990020", doelgroep="gezinsmigrant", aanbod_start=date(2026, 4, 1),
                       alfabetisering="NVT")
    save_gegevens(store, person_id=asiel, instellingsnummer="0000012345")
    save_gegevens(store, person_id=gezin, instellingsnummer="0000012345")
    _, items = _controle(store, configured)
    status = {(i["kenmerk"], i["bericht"]): i for i in items}
    assert status[("IB-ASIEL", "aanbod")]["status"] == "klaar"
    assert status[("IB-GEZIN", "aanbod")]["status"] == "geblokkeerd"
    assert any("asielstatushouder" in r for r in status[("IB-GEZIN", "aanbod")]["redenen"])


def test_map_past_the_termijn_needs_verwijtbaar_and_then_carries_the_persons_own(store, configured):
    from dataclasses import replace

    from services.duo.messages import build_berichten
    from storage.queries import load_person

    person = add_person(store, "IB-LAAT", termijn_einde=date(2026, 10, 1), map_eindgesprek=date(2026, 10, 15))
    _, items = _controle(store, configured)
    [map_] = [i for i in items if i["bericht"] == "map"]
    assert map_["status"] == "geblokkeerd" and any("verwijtbaar" in r for r in map_["redenen"])
    # Verwijtbaar is the person's fact (PersonFacts.map_verwijtbaar, from the person form), not a DUO-only column.
    with store.engine.connect() as connection:
        record = load_person(connection=connection, person_id=person, as_of=TODAY)
    for verwijtbaar, duo in ((False, "Nee"), (True, "Ja")):
        facts = replace(record.facts, map_verwijtbaar=verwijtbaar)
        [map_] = [b for b in build_berichten(facts, bsn=record.bsn, gegevens=None, geaccepteerd={}, as_of=TODAY)
                  if b.soort == "map"]
        assert (map_.bevindingen, map_.inhoud) == ((), {"datumEindgesprekMap": "2026-10-15", "verwijtbaar": duo})


def test_duo_persoon_holds_no_verwijtbaar_of_its_own(store):
    from storage.duo import PERSOON

    # (opvraging: DUO's answers when regie last asked, revision 0017; no verwijtbaar either)
    assert {c.name for c in PERSOON.columns} == {"person_id", "instellingsnummer", "opvraging"}


def test_per_date_moves_the_future_check(store, configured):
    add_person(store, "IB-PVT", pvt_ondertekend=date(2026, 11, 10))
    _, items = _controle(store, configured)
    assert [i["status"] for i in items if i["bericht"] == "pvt"] == ["geblokkeerd"]
    _, items = _controle(store, configured, "--per", "2026-11-10")
    assert [i["status"] for i in items if i["bericht"] == "pvt"] == ["klaar"]


def test_wi2013_persons_are_not_part_of_the_exchange(store, configured):
    add_person(store, "IB-OUD", regime="wi2013")
    _, items = _controle(store, configured)
    assert items == []


def test_without_the_specification_the_check_says_how_to_point_at_it(store, cfg):
    add_person(store, "IB-1")
    code, out, err = _run(store, cfg, "controle", "--json")
    assert code == cli_duo.EXIT_FOUT and out == ""
    assert "regie duo specificatie PAD" in err and "Traceback" not in err


def test_specificatie_refuses_a_folder_without_duos_files_and_records_a_good_one(store, cfg, spec_dir, tmp_path):
    code, _, err = _run(store, cfg, "specificatie", str(tmp_path))
    assert code == cli_duo.EXIT_FOUT and "PIP" in err
    code, out, _ = _run(store, cfg, "specificatie", str(spec_dir))
    assert code == cli_duo.EXIT_OK and str(spec_dir) in out
    assert str(spec_dir) in (cfg / "duo.toml").read_text(encoding="utf-8")


def test_the_table_output_names_kenmerken_never_a_bsn_or_name(store, configured):
    add_person(store, "IB-TABEL", leerroute="z", niveau="B1")
    code, out, _ = _run(store, configured, "controle")
    assert "IB-TABEL" in out and "geblokkeerd" in out
    assert "999990019" not in out and "Testpersoon" not in out
