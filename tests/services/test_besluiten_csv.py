"""Decisions and exam attempts through CSV (issue 18): export, import into another database, refusals, idempotence."""

from __future__ import annotations

import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from rules.model import (
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingGrond,
    OntheffingSoort,
    Pip,
    RedenGeenResultaat,
    Verlenging,
    VerlengingGrond,
    Vrijstelling,
    VrijstellingSoort,
)
from services import aanmelding, audit, besluiten, dossier, exports, imports, persons
from services.store import open_as_user, open_demo_store, resolve
from storage.audit import AUDIT
from storage.importer import BESLUIT_COLUMNS

TODAY = date(2026, 11, 23)
HEADER = ";".join(BESLUIT_COLUMNS)


@pytest.fixture
def store(tmp_path):
    opened = open_as_user(resolve(str(tmp_path / "regie.sqlite")), must_exist=False)
    yield opened
    opened.close()


@pytest.fixture
def other(tmp_path):
    opened = open_as_user(resolve(str(tmp_path / "ander.sqlite")), must_exist=False)
    yield opened
    opened.close()


def _person(store, kenmerk: str = "IB-1", **changes) -> int:
    nieuw = aanmelding.Aanmelding(naam="Amal Testpersoon", doelgroep="asielstatushouder", kenmerk=kenmerk,
                                  koppeling=date(2025, 3, 3))
    person_id = aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY).person_id
    base = {"brp_inschrijving": date(2025, 3, 3), "pip_datum": date(2025, 5, 1), "leerroute": "b1", "niveau": "B1"}
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={**base, **changes})
    return person_id


def _person_id(store, kenmerk: str = "IB-1") -> int:
    from storage.models import Person

    with store.engine.connect() as connection:
        return connection.execute(select(Person.__table__.c.id).where(Person.__table__.c.kenmerk == kenmerk)).scalar_one()


def _decisions(store, kenmerk: str = "IB-1") -> dict[str, tuple]:
    """Every decision and exam attempt of the person as the rules read them, by kind."""
    from rules.policy import Policy

    facts = dossier.load_dossier(store=store, person_id=_person_id(store, kenmerk), today=TODAY, policy=Policy()).facts
    return {"verlengingen": facts.verlengingen, "ontheffingen": facts.ontheffingen,
            "vrijstellingen": facts.vrijstellingen, "pips": facts.pips, "examens": facts.examens}


def _csv(tmp_path: Path, *rows: str, name: str = "besluiten.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def _row(**cells: str) -> str:
    return ";".join(cells.get(column, "") for column in BESLUIT_COLUMNS)


def _record_everything(store) -> int:
    """One of each kind through the services the dossier's dialogs call."""
    pid = _person(store)
    besluiten.add_verlenging(store=store, person_id=pid, today=TODAY, verlenging=Verlenging(
        VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 10, 1), nieuwe_einddatum=date(2028, 11, 1),
        toelichting="=ziekenhuisopname; twee maanden"))
    besluiten.add_verlenging(store=store, person_id=pid, today=TODAY,
                             verlenging=Verlenging(VerlengingGrond.ALFABETISERING))
    besluiten.add_ontheffing(store=store, person_id=pid, today=TODAY, ontheffing=Ontheffing(
        OntheffingSoort.GEDEELTELIJK, date(2026, 9, 1), OntheffingGrond.MED, ExamenOnderdeel.SPREKEN))
    besluiten.add_vrijstelling(store=store, person_id=pid, today=TODAY, vrijstelling=Vrijstelling(
        VrijstellingSoort.TIJDELIJK, date(2026, 8, 1), reden="OPL", start=date(2026, 8, 1), einde=date(2026, 12, 31)))
    besluiten.add_vrijstelling(store=store, person_id=pid, today=TODAY, vrijstelling=Vrijstelling(
        VrijstellingSoort.GEDEELTELIJK, date(2026, 7, 1), reden="DIP", examenonderdeel=ExamenOnderdeel.LEZEN,
        examenniveau=Niveau.A2))
    besluiten.add_pip(store=store, person_id=pid, today=TODAY, pip=Pip(
        date(2026, 2, 1), Leerroute.B1, Niveau.B1, gemeente=None, reden="nieuw niveau na voortgangsgesprek"))
    besluiten.add_pip(store=store, person_id=pid, today=TODAY, pip=Pip(
        date(2026, 6, 1), Leerroute.Z, reden="leerroute-wissel"))
    dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="knm", datum=date(2026, 3, 5), resultaat="behaald")
    dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="lezen", datum=date(2026, 3, 5), resultaat="geen",
                             niveau="A2", reden_geen_resultaat="absent")
    dossier.add_examenpoging(store=store, today=TODAY, person_id=pid, onderdeel="lezen", datum=date(2026, 12, 10), resultaat="gepland")
    return pid


@pytest.fixture(params=["one by one", "all at once"])
def facts_read(request, monkeypatch):
    """The import reads a few persons' facts one by one and a caseload's all at once: both must check alike."""
    import storage.importer

    if request.param == "all at once":
        monkeypatch.setattr(storage.importer, "_FACTS_ONE_BY_ONE", 0)


def test_an_export_read_into_an_empty_database_gives_back_every_decision_and_exam(store, other, tmp_path, facts_read):
    _record_everything(store)
    exports.export_personen(store, path=tmp_path / "personen.csv", today=TODAY)
    done = exports.export_besluiten(store, path=tmp_path / "besluiten.csv")
    assert done.aantal == 10

    imports.import_personen(other, path=tmp_path / "personen.csv", today=TODAY)
    result = imports.import_besluiten(other, path=tmp_path / "besluiten.csv", today=TODAY)

    assert result.samenvatting == "10 besluiten toegevoegd, 0 al aanwezig en overgeslagen (gelezen als UTF-8 met BOM)"
    assert _decisions(other) == _decisions(store)
    exports.export_besluiten(other, path=tmp_path / "weer.csv")
    assert (tmp_path / "weer.csv").read_bytes() == (tmp_path / "besluiten.csv").read_bytes()


def test_the_demo_caseload_survives_export_and_import_with_all_its_decisions(tmp_path, other):
    demo = open_demo_store(resolve(demo=True), today=TODAY)
    try:
        exports.export_personen(demo, path=tmp_path / "personen.csv", today=TODAY)
        written = exports.export_besluiten(demo, path=tmp_path / "besluiten.csv").aantal
    finally:
        demo.close()
    imports.import_personen(other, path=tmp_path / "personen.csv", today=TODAY)

    result = imports.import_besluiten(other, path=tmp_path / "besluiten.csv", today=TODAY)

    assert written > 0 and result.toegevoegd == written
    exports.export_besluiten(other, path=tmp_path / "weer.csv")
    assert (tmp_path / "weer.csv").read_bytes() == (tmp_path / "besluiten.csv").read_bytes()


def test_the_file_is_one_row_per_decision_in_dutch_excel_form_with_formulas_defused(store, tmp_path):
    _record_everything(store)
    exports.export_besluiten(store, path=tmp_path / "besluiten.csv")

    raw = (tmp_path / "besluiten.csv").read_bytes()
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert raw.startswith(b"\xef\xbb\xbf") and lines[0] == HEADER
    first = dict(zip(BESLUIT_COLUMNS, lines[1].split(";")))
    assert (first["kenmerk"], first["soort"], first["datum"], first["grond"], first["nieuwe_einddatum"]) == (
        "IB-1", "verlenging", "01-10-2026", "ziekte", "01-11-2028")
    assert first["toelichting"].startswith("\"'=ziekenhuisopname")  # quoted: it holds the delimiter
    assert [line.split(";")[1] for line in lines[1:] if line] == [
        "verlenging", "verlenging", "ontheffing", "vrijstelling", "vrijstelling", "pip", "pip", "examen", "examen", "examen"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_exported_file_is_readable_by_its_owner_only_and_the_export_is_audited(store, tmp_path):
    _record_everything(store)
    before = audit.verify_audit(store).rows

    exports.export_besluiten(store, path=tmp_path / "besluiten.csv")

    assert stat.S_IMODE(os.stat(tmp_path / "besluiten.csv").st_mode) == 0o600
    with store.engine.connect() as connection:
        last = connection.execute(select(AUDIT.c.actie, AUDIT.c.aantal).order_by(AUDIT.c.id.desc())).first()
    assert tuple(last) == ("geëxporteerd (besluiten, CSV)", 10)
    assert audit.verify_audit(store).rows == before + 1


def test_reading_the_same_file_twice_adds_nothing_the_second_time(store, tmp_path, facts_read):
    _person(store)
    path = _csv(tmp_path, _row(kenmerk="IB-1", soort="verlenging", datum="01-10-2026", grond="ziekte",
                               nieuwe_einddatum="01-11-2028"),
                _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),
                _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"))

    first = imports.import_besluiten(store, path=path, today=TODAY)
    again = imports.import_besluiten(store, path=path, today=TODAY)

    assert (first.toegevoegd, first.overgeslagen) == (3, 0)
    assert (again.toegevoegd, again.overgeslagen) == (0, 3)
    assert again.samenvatting == "0 besluiten toegevoegd, 3 al aanwezig en overgeslagen (gelezen als UTF-8)"
    decisions = _decisions(store)
    assert len(decisions["verlengingen"]) == 1 and len(decisions["examens"]) == 2  # two equal lines: two attempts


def test_a_decision_typed_in_the_dossier_is_not_doubled_by_a_file_that_also_has_it(store, tmp_path):
    pid = _person(store)
    besluiten.add_ontheffing(store=store, person_id=pid, today=TODAY,
                             ontheffing=Ontheffing(OntheffingSoort.GEHEEL, date(2026, 9, 1), OntheffingGrond.BIO))
    path = _csv(tmp_path, _row(kenmerk="IB-1", soort="ontheffing", datum="2026-09-01", omvang="Geheel", grond="bio"),
                _row(kenmerk="IB-1", soort="pip", datum="01-02-2026", leerroute="z"))

    result = imports.import_besluiten(store, path=path, today=TODAY)

    assert (result.toegevoegd, result.overgeslagen) == (1, 1)
    assert len(_decisions(store)["ontheffingen"]) == 1


def test_the_import_writes_one_audit_row_per_person_and_kind_in_their_own_history(store, tmp_path):
    pid = _person(store)
    _person(store, kenmerk="IB-2")
    path = _csv(tmp_path, _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),
                _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="lezen", resultaat="behaald"),
                _row(kenmerk="IB-2", soort="verlenging", grond="ziekte"))

    imports.import_besluiten(store, path=path, today=TODAY)

    with store.engine.connect() as connection:
        rows = connection.execute(select(AUDIT.c.actie, AUDIT.c.tabel, AUDIT.c.person_id, AUDIT.c.aantal)
                                  .where(AUDIT.c.tabel.in_(["examen_poging", "verlenging"])).order_by(AUDIT.c.id)).all()
    assert [tuple(r) for r in rows] == [("toegevoegd", "verlenging", _person_id(store, "IB-2"), 1),
                                        ("toegevoegd", "examen_poging", pid, 2)]
    assert audit.verify_audit(store).rows > 0  # the chain stays whole


def _refused(store, tmp_path, *rows: str) -> list[str]:
    with pytest.raises(imports.ImportRejectedError) as rejected:
        imports.import_besluiten(store, path=_csv(tmp_path, *rows), today=TODAY)
    assert str(rejected.value).endswith("er is niets opgeslagen")
    assert _decisions(store) == {"verlengingen": (), "ontheffingen": (), "vrijstellingen": (), "pips": (), "examens": ()}
    return list(rejected.value.fouten)


def test_a_bad_date_an_unknown_soort_and_an_unknown_kenmerk_are_each_named_and_nothing_is_stored(store, tmp_path):
    _person(store)
    fouten = _refused(
        store, tmp_path,
        _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),  # right
        _row(kenmerk="IB-1", soort="verlenging", datum="31-02-2026", grond="ziekte"),
        _row(kenmerk="IB-1", soort="boete", datum="01-02-2026"),
        _row(kenmerk="IB-9", soort="pip", datum="01-02-2026"),
    )
    assert fouten[0].startswith("regel 3, kolom datum: ")
    assert fouten[1] == ("regel 4, kolom soort: ‘boete’ is geen soort besluit; kies uit: examen, ontheffing, pip, "
                         "verlenging, vrijstelling.")
    assert fouten[2] == ("regel 5, kolom kenmerk: onbekend kenmerk ‘IB-9’; importeer eerst de persoon "
                         "(regie import personen) of corrigeer het kenmerk")
    assert len(fouten) == 3


def test_a_decision_the_dialog_would_refuse_is_refused_with_the_dialogs_reason_at_its_column(store, tmp_path, facts_read):
    _person(store)  # PIP 01-05-2025: the termijn ends 02-05-2028
    fouten = _refused(
        store, tmp_path,
        _row(kenmerk="IB-1", soort="verlenging", datum="01-10-2026", grond="ziekte", nieuwe_einddatum="01-05-2028"),
        _row(kenmerk="IB-1", soort="ontheffing", datum="01-09-2026", omvang="gedeeltelijk"),
        _row(kenmerk="IB-1", soort="vrijstelling", datum="01-09-2026", omvang="tijdelijk", start="01-12-2026",
             einde="01-10-2026"),
        _row(kenmerk="IB-1", soort="pip", datum="01-12-2026"),
        _row(kenmerk="IB-1", soort="examen", datum="01-12-2026", onderdeel="lezen", resultaat="behaald"),
        _row(kenmerk="IB-1", soort="ontheffing", datum="24-11-2026", omvang="geheel"),
    )
    assert fouten == [
        "regel 2, kolom nieuwe_einddatum: De nieuwe einddatum (01-05-2028) ligt niet na het huidige einde van de termijn "
        "(02-05-2028); een verlenging schuift het einde op.",
        "regel 3, kolom onderdeel: Een gedeeltelijke ontheffing geldt voor een examenonderdeel of een maximum aantal uren "
        "participatie (Z-route); vul een van beide in.",
        "regel 4, kolom einde: De einddatum (01-10-2026) ligt vóór de begindatum (01-12-2026); draai ze om.",
        "regel 5, kolom datum: De dagtekening (01-12-2026) ligt in de toekomst; vul de dagtekening in van een "
        "vastgesteld PIP.",
        "regel 6, kolom datum: Een uitslag kan niet in de toekomst liggen; kies ‘gepland’ of een eerdere datum.",
        "regel 7, kolom datum: De besluitdatum (24-11-2026) ligt in de toekomst; een besluit is al genomen. "
        "Vul de datum van het besluit in.",
    ]


def test_the_dialog_refuses_what_the_import_refuses(store):
    pid = _person(store)
    with pytest.raises(besluiten.BesluitError, match="niet na het huidige einde") as refused:
        besluiten.add_verlenging(store=store, person_id=pid, today=TODAY, verlenging=Verlenging(
            VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 10, 1), nieuwe_einddatum=date(2028, 5, 1)))
    assert refused.value.field == "nieuwe_einddatum"


def test_rows_of_one_person_are_checked_in_file_order_against_the_earlier_rows(store, tmp_path, facts_read):
    _person(store)
    fouten = _refused(
        store, tmp_path,
        _row(kenmerk="IB-1", soort="verlenging", datum="01-10-2026", grond="ziekte", nieuwe_einddatum="01-11-2028"),
        _row(kenmerk="IB-1", soort="verlenging", datum="02-10-2026", grond="zwangerschap", nieuwe_einddatum="01-10-2028"),
        _row(kenmerk="IB-1", soort="pip", datum="01-06-2026"),
        _row(kenmerk="IB-1", soort="pip", datum="01-03-2026"),
    )
    assert [line.split(":")[0] for line in fouten] == ["regel 3, kolom nieuwe_einddatum", "regel 5, kolom datum"]
    assert "01-11-2028" in fouten[0]


def test_a_verlenging_whose_end_duo_already_recorded_as_the_termijn_einde_is_accepted(store, tmp_path):
    # DUO's event SS103 says: take the new einddatum over; the verlenging itself is then still a decision to record.
    _person(store, termijn_einde=date(2028, 11, 1))
    path = _csv(tmp_path, _row(kenmerk="IB-1", soort="verlenging", datum="01-10-2026", grond="ziekte",
                               nieuwe_einddatum="01-11-2028"))

    assert imports.import_besluiten(store, path=path, today=TODAY).toegevoegd == 1


def test_cells_that_do_not_belong_to_the_soort_or_are_missing_are_refused_not_lost(store, tmp_path):
    _person(store)
    fouten = _refused(
        store, tmp_path,
        _row(kenmerk="IB-1", soort="verlenging", grond="ziekte", resultaat="behaald"),
        _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm"),
        _row(kenmerk="IB-1", soort="verlenging", grond="griep"),
        _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="geen"),
        _row(kenmerk="IB-1", soort="vrijstelling", datum="05-03-2026", omvang="geheel", reden="DIPLOMA"),
        _row(kenmerk="", soort="pip", datum="01-02-2026"),
    )
    assert [line.split(":")[0] for line in fouten] == [
        "regel 2, kolom resultaat", "regel 3, kolom resultaat", "regel 4, kolom grond", "regel 5, kolom reden",
        "regel 6, kolom reden", "regel 7, kolom kenmerk"]
    assert "hoort niet bij soort verlenging" in fouten[0]
    assert "verplicht bij een examen" in fouten[1]
    assert "‘griep’ is geen grond voor verlenging; kies uit:" in fouten[2]
    assert "DUO vraagt de reden" in fouten[3]
    assert "DUO's code van drie letters" in fouten[4]


def test_a_file_without_the_soort_column_is_refused_at_its_header(store, tmp_path):
    path = tmp_path / "besluiten.csv"
    path.write_text("kenmerk;datum\nIB-1;01-02-2026\n", encoding="utf-8")
    with pytest.raises(imports.ImportRejectedError) as rejected:
        imports.import_besluiten(store, path=path, today=TODAY)
    assert rejected.value.fouten == ("regel 1: de verplichte kolom ‘soort’ ontbreekt in de kopregel",)


def test_a_file_with_only_some_columns_in_excels_windows_encoding_is_read(store, tmp_path):
    _person(store)
    path = tmp_path / "duo.csv"
    path.write_bytes("Kenmerk;Soort;Datum;Omvang;Reden;Start;Einde\r\n"
                     "IB-1;vrijstelling;1-8-2026;Tijdelijk;opl;01-08-2026;31-12-2026\r\n".encode("cp1252"))

    result = imports.import_besluiten(store, path=path, today=TODAY)

    assert result.toegevoegd == 1
    assert _decisions(store)["vrijstellingen"] == (Vrijstelling(
        VrijstellingSoort.TIJDELIJK, date(2026, 8, 1), reden="OPL", start=date(2026, 8, 1), einde=date(2026, 12, 31)),)


def test_an_exam_without_a_result_keeps_its_reason_and_level(store, tmp_path):
    _person(store)
    path = _csv(tmp_path, _row(kenmerk="IB-1", soort="examen", datum="05-03-2026", onderdeel="spreken",
                               resultaat="geen", niveau="a2", reden="niet_verwijtbaar"))

    imports.import_besluiten(store, path=path, today=TODAY)

    assert _decisions(store)["examens"] == (ExamenPoging(ExamenOnderdeel.SPREKEN, date(2026, 3, 5), ExamenResultaat.GEEN,
                                                         Niveau.A2, RedenGeenResultaat.NIET_VERWIJTBAAR),)
