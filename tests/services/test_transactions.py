"""One use case, one transaction: refused saves leave their trace, a recovered draft saves once,
an export exists only with its audit entry, and every change leaves its team operation (issues 13, 14, 15)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import insert, select

from rules.model import UrenSoort
from services import aanmelding, contact, drafts, exports, imports, persons, signalen, uren, weekplan_print
from services.store import open_store, resolve
from storage.audit import AUDIT
from storage.team.tables import OUTBOX, STATE

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def _aanmelden(store, naam="Amal Testpersoon", kenmerk="IB-2026-0001", **extra) -> int:
    nieuw = aanmelding.Aanmelding(naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk,
                                  koppeling=date(2026, 3, 2), **extra)
    return aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY).person_id


def _audit(store) -> list[dict]:
    with store.engine.connect() as connection:
        return [dict(r) for r in connection.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings()]


def _contactmomenten(store, person_id) -> int:
    from storage.models import Contactmoment

    table = Contactmoment.__table__
    with store.engine.connect() as connection:
        return len(connection.execute(select(table.c.id).where(table.c.person_id == person_id)).all())


# -- refused saves are audited (issue 13 point 3) ------------------------------------------

def test_a_save_refused_because_someone_else_saved_first_is_in_the_audit_trail(store):
    person_id = _aanmelden(store)
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Arabisch"})
    with pytest.raises(persons.VersionConflictError):
        persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Tigrinya"})
    refused = [row for row in _audit(store) if row["resultaat"].startswith("geweigerd")]
    assert [(r["actie"], r["tabel"], r["person_id"], r["resultaat"]) for r in refused] == [
        ("gewijzigd", "person", person_id, "geweigerd: versieconflict")]
    assert "Tigrinya" not in json.dumps(refused, default=str)  # the refused values are not in the trail
    from services.audit import verify_audit

    assert verify_audit(store).rows == len(_audit(store))  # the refusal is a chained row like any other


def test_a_bsn_or_kenmerk_in_use_and_invalid_hours_are_refused_and_audited(store):
    first = _aanmelden(store, bsn="123456782") if "bsn" in aanmelding.Aanmelding.__dataclass_fields__ else _aanmelden(store)
    second = _aanmelden(store, naam="Tweede Testpersoon", kenmerk="IB-2026-0002")
    version = persons.load_person_fields(store=store, person_id=second).version
    with pytest.raises(persons.KenmerkInUseError):
        persons.update_person(store=store, person_id=second, expected_version=version, changes={"kenmerk": "IB-2026-0001"})
    with pytest.raises(aanmelding.AanmeldingError):
        _aanmelden(store, naam="Derde", kenmerk="IB-2026-0001")
    with pytest.raises(uren.UrenSaveError):  # a date in the future
        uren.add_uren(store=store, person_id=first, today=TODAY,
                      regel=uren.NieuweUren(datum=date(2026, 12, 1), soort=UrenSoort.TAAL_KNM, minuten=60, bron="", omschrijving=""))
    refused = [(r["tabel"], r["person_id"], r["resultaat"]) for r in _audit(store) if r["resultaat"].startswith("geweigerd")]
    assert refused == [("person", second, "geweigerd: kenmerk in gebruik"), ("person", None, "geweigerd: kenmerk in gebruik"),
                       ("urenregistratie", first, "geweigerd: ongeldige invoer")]


# -- one draft, one save (issue 13 point 3) ------------------------------------------------

def test_a_draft_recovered_in_two_windows_is_saved_once_and_the_second_save_is_refused_in_dutch(store):
    person_id = _aanmelden(store)
    key = f"contact:{person_id}"
    drafts.save_draft(store=store, key=key, form="contact", data={"notitie": "gesprek over de PIP"}, person_id=person_id)
    # Two windows start, both offer the draft back, both are saved.
    window_a = next(d for d in drafts.list_drafts(store=store) if d.key == key)
    window_b = next(d for d in drafts.list_drafts(store=store) if d.key == key)
    before = _contactmomenten(store, person_id)
    contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur", notitie="gesprek over de PIP",
                              draft_key=key, draft_claim=drafts.claim_of(window_a))
    # Window B kept typing after A saved: its draft write lands again, then it saves.
    drafts.save_draft(store=store, key=key, form="contact", data={"notitie": "gesprek over de PIP."}, person_id=person_id)
    with pytest.raises(contact.ContactSaveError, match="al opgeslagen in een ander venster"):
        contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur",
                                  notitie="gesprek over de PIP.", draft_key=key, draft_claim=drafts.claim_of(window_b))
    assert _contactmomenten(store, person_id) == before + 1  # nothing stored twice
    assert [r["resultaat"] for r in _audit(store) if r["resultaat"].startswith("geweigerd")] == [
        "geweigerd: concept al opgeslagen"]
    assert [d.key for d in drafts.list_drafts(store=store)] == [key]  # B's text is still offered, never the claim mark


def test_a_form_without_a_recovered_draft_saves_as_often_as_the_consulent_asks(store):
    person_id = _aanmelden(store)
    before = _contactmomenten(store, person_id)
    for _ in range(2):
        contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="huisbezoek", notitie="",
                                  draft_key=f"contact:{person_id}")
    assert _contactmomenten(store, person_id) == before + 2
    assert drafts.list_drafts(store=store) == []


def test_two_aanmeldingen_from_one_recovered_draft_store_one_person(store):
    drafts.save_draft(store=store, key="aanmelding", form="aanmelding", data={"naam": "Amal Testpersoon"})
    recovered = drafts.list_drafts(store=store)[0]
    nieuw = aanmelding.Aanmelding(naam="Amal Testpersoon", doelgroep="asielstatushouder", koppeling=date(2026, 3, 2))
    aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY, draft_key="aanmelding",
                                 draft_claim=drafts.claim_of(recovered))
    with pytest.raises(aanmelding.AanmeldingError, match="al opgeslagen in een ander venster"):
        aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY, draft_key="aanmelding",
                                     draft_claim=drafts.claim_of(recovered))
    from services.search import search_people

    assert len(search_people(store=store, text="Amal")) == 1


# -- an export exists only with its audit entry (issue 13 point 8) -------------------------

def _audit_fails(monkeypatch):
    from storage import audit

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit, "record", refuse)


def test_an_export_of_personen_whose_audit_entry_fails_leaves_no_file(store, tmp_path, monkeypatch):
    _aanmelden(store)
    target = tmp_path / "personen.csv"
    _audit_fails(monkeypatch)
    with pytest.raises(exports.ExportFailedError) as refused:
        exports.export_personen(store, path=target, today=TODAY)
    assert not target.exists()
    assert "weer verwijderd" in str(refused.value) and "niets opgeslagen" not in str(refused.value)
    assert list(tmp_path.glob("personen*")) == []  # no temporary file either


def test_an_export_of_personen_is_audited_with_the_file(store, tmp_path):
    _aanmelden(store)
    done = exports.export_personen(store, path=tmp_path / "personen.csv", today=TODAY)
    assert done.path.exists()
    assert [(r["actie"], r["aantal"]) for r in _audit(store) if r["actie"].startswith("geëxporteerd")] == [
        ("geëxporteerd (personen, CSV)", 1)]


def test_a_signalen_export_whose_audit_entry_fails_leaves_no_file(store, tmp_path, monkeypatch):
    from rules.policy import Policy

    person_id = _aanmelden(store)
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version,
                          changes={"brp_inschrijving": date(2026, 3, 2)})
    items = signalen.list_signalen(store=store, as_of=TODAY, policy=Policy())
    assert items
    target = tmp_path / "signalen.csv"
    _audit_fails(monkeypatch)
    with pytest.raises(signalen.ExportError, match="weer verwijderd"):
        signalen.export_csv(store=store, items=items, path=target)
    assert not target.exists()


def test_a_printed_weekplan_whose_audit_entry_fails_leaves_no_file(store, tmp_path, monkeypatch):
    from rules.weekplan import Week

    _aanmelden(store)
    target = tmp_path / "weekplan.html"
    _audit_fails(monkeypatch)
    with pytest.raises(weekplan_print.WeekplanPrintError, match="weer verwijderd"):
        weekplan_print.print_weekplan(store, kenmerk="IB-2026-0001", week=Week.of(TODAY), target=target)
    assert not target.exists()


# -- every change is an operation (issue 15 point 2) ---------------------------------------

def _link(store) -> None:
    with store.engine.begin() as connection:
        connection.execute(insert(STATE).values(id=1, url="postgresql://team.example/regie", laptop="laptop-test",
                                                gemeente="Teststad", last_seq=0))


def _outbox(store) -> list[tuple[str, str | None]]:
    from storage.team.operations import Operation

    with store.engine.connect() as connection:
        ops = [Operation.from_json(p) for p in connection.execute(select(OUTBOX.c.payload).order_by(OUTBOX.c.id)).scalars()]
    return [(op.kind, op.fields.get("actie")) for op in ops]


def _clear_outbox(store) -> None:
    with store.engine.begin() as connection:
        connection.execute(OUTBOX.delete())


def test_without_a_team_no_operation_is_recorded(store):
    person_id = _aanmelden(store)
    contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur", notitie="")
    assert _outbox(store) == []


def test_each_change_on_a_linked_laptop_leaves_exactly_its_operations_and_a_refused_save_none(store, tmp_path):
    _link(store)
    person_id = aanmelding.create_aanmelding(
        store=store, today=TODAY,
        aanmelding=aanmelding.Aanmelding(naam="Amal Testpersoon", doelgroep="asielstatushouder", kenmerk="IB-1",
                                         koppeling=date(2026, 3, 2), contact_soort="spreekuur", contact_datum=TODAY),
    ).person_id
    assert _outbox(store) == [("person.create", None), ("audit.append", "toegevoegd"), ("contactmoment.append", None)]

    _clear_outbox(store)
    contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="huisbezoek", notitie="")
    assert _outbox(store) == [("contactmoment.append", None), ("audit.append", "toegevoegd")]

    _clear_outbox(store)
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Arabisch"})
    # the field's history travels too (issue 15, point 2)
    assert _outbox(store) == [("wijziging.append", None), ("person.update", None), ("audit.append", "gewijzigd")]

    _clear_outbox(store)
    with pytest.raises(persons.VersionConflictError):  # refused: no operation, only the local audit row
        persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Dari"})
    assert _outbox(store) == []

    csv_file = tmp_path / "uren.csv"
    csv_file.write_text("kenmerk;datum;soort;uren;bron\nIB-1;2026-11-02;taal_knm;2;school\nIB-1;2026-11-03;taal_knm;3;school\n",
                        encoding="utf-8")
    done = imports.import_uren(store, path=csv_file, today=TODAY)
    assert done.toegevoegd == 2
    assert _outbox(store) == [("urenregistratie.append", None)] * 2

    _clear_outbox(store)
    personen = tmp_path / "personen.csv"
    personen.write_text("kenmerk;naam;doelgroep;koppeling\nIB-1;Amal Testpersoon;asielstatushouder;2026-03-01\n"
                        "IB-2;Bilal Testpersoon;gezinsmigrant;2026-04-01\n", encoding="utf-8")
    imports.import_personen(store, path=personen, today=TODAY)
    assert sorted(_outbox(store)) == sorted([("person.update", None), ("audit.append", "gewijzigd"),
                                             ("person.create", None), ("audit.append", "toegevoegd")])
