"""The use cases both faces call, on a real (encrypted) store: what they return, what they refuse, what they record."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from rules.model import UrenSoort
from rules.policy import Policy
from services import aanmelding, caseload, contact, dossier, drafts, persons, preferences, search, signalen, uren, weekplan
from services.errors import ServiceError
from services.store import open_store, resolve

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


def _audit_count(store, actie: str) -> int:
    from sqlalchemy import func, select

    from storage.audit import AUDIT

    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(AUDIT).where(AUDIT.c.actie == actie)).scalar_one()


def _with_signalen(store) -> int:
    """A person whose PIP is overdue: registered in the BRP long before TODAY, no PIP yet."""
    person_id = _aanmelden(store)
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version,
                          changes={"brp_inschrijving": date(2026, 3, 2)})
    return person_id


def test_an_aanmelding_without_a_kenmerk_gets_a_generated_one_and_a_taken_kenmerk_is_refused_in_dutch(store):
    nieuw = aanmelding.Aanmelding(naam="Zonder Kenmerk", doelgroep="gezinsmigrant", koppeling=date(2026, 3, 2))
    done = aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY)
    assert done.kenmerk == "NIEUW-2026-0001"
    _aanmelden(store, kenmerk="IB-1")
    with pytest.raises(aanmelding.AanmeldingError, match="bestaat al"):
        _aanmelden(store, naam="Tweede", kenmerk="IB-1")


def test_opening_a_dossier_records_one_view_before_it_reads_so_the_history_shows_it(store):
    person_id = _aanmelden(store)
    opened = dossier.open_dossier(store=store, person_id=person_id, today=TODAY, policy=Policy())
    assert opened.facts.naam == "Amal Testpersoon"
    assert [e.actie for e in opened.geschiedenis].count("bekeken") == 1
    again = dossier.open_dossier(store=store, person_id=person_id, today=TODAY, policy=Policy(), record=False)
    assert [e.actie for e in again.geschiedenis].count("bekeken") == 1


def test_a_dossier_that_cannot_be_read_says_so_in_dutch_and_whether_the_view_was_recorded(store, monkeypatch):
    person_id = _aanmelden(store)

    def broken(**_kwargs):
        raise RuntimeError("schijf weg")

    monkeypatch.setattr(dossier, "load_dossier", broken)
    with pytest.raises(dossier.DossierReadError, match="Het dossier kon niet worden gelezen") as raised:
        dossier.open_dossier(store=store, person_id=person_id, today=TODAY, policy=Policy())
    assert raised.value.view_recorded is True
    assert isinstance(raised.value, ServiceError)


def test_saving_over_someone_elses_change_is_refused_and_overwrites_nothing(store):
    person_id = _aanmelden(store)
    version = persons.load_person_fields(store=store, person_id=person_id).version
    persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Arabisch"})
    with pytest.raises(persons.VersionConflictError):
        persons.update_person(store=store, person_id=person_id, expected_version=version, changes={"taal": "Tigrinya"})
    assert persons.load_person_fields(store=store, person_id=person_id).values["taal"] == "Arabisch"


def test_a_kenmerk_or_bsn_of_someone_else_points_the_form_at_that_field(store):
    _aanmelden(store, kenmerk="IB-1")
    other = _aanmelden(store, naam="Ander", kenmerk="IB-2")
    version = persons.load_person_fields(store=store, person_id=other).version
    with pytest.raises(persons.KenmerkInUseError, match="IB-1") as raised:
        persons.update_person(store=store, person_id=other, expected_version=version, changes={"kenmerk": "IB-1"})
    assert raised.value.field == "kenmerk"


def test_a_contactmoment_for_a_removed_dossier_is_refused_with_a_dutch_message(store):
    with pytest.raises(contact.ContactSaveError, match="bestaat niet meer"):
        contact.add_contactmoment(store=store, person_id=999, datum=TODAY, soort="spreekuur", notitie="x")
    with pytest.raises(contact.ContactSaveError, match="nog niet geopend"):
        contact.add_contactmoment(store=None, person_id=1, datum=TODAY, soort="spreekuur", notitie="x")


def test_hours_are_registered_corrected_and_deleted_and_a_future_date_is_refused(store):
    person_id = _aanmelden(store)
    regel = uren.NieuweUren(date(2026, 11, 20), UrenSoort.TAAL_KNM, 120, "ROC", "")
    uren.add_uren(store=store, person_id=person_id, regel=regel, today=TODAY)
    overview = uren.load_uren(store=store, person_id=person_id, as_of=TODAY)
    assert [r.minuten for r in overview.regels] == [120]
    assert overview.laatste == uren.LaatsteKeuze(UrenSoort.TAAL_KNM, "ROC")
    uren.update_uren(store=store, person_id=person_id, uren_id=overview.regels[0].id,
                     regel=uren.NieuweUren(date(2026, 11, 20), UrenSoort.TAAL_KNM, 90, "ROC", ""), today=TODAY)
    with pytest.raises(uren.UrenSaveError):
        uren.register_week(store=store, person_id=person_id, today=TODAY,
                           regels=[uren.NieuweUren(date(2026, 11, 30), UrenSoort.TAAL_KNM, 60, "ROC", "")])
    uren.delete_uren(store=store, person_id=person_id, uren_id=overview.regels[0].id)
    with pytest.raises(uren.UrenSaveError, match="bestaat niet meer"):
        uren.delete_uren(store=store, person_id=person_id, uren_id=overview.regels[0].id)
    assert uren.load_uren(store=store, person_id=person_id, as_of=TODAY).regels == []


def test_the_caseload_filter_survives_a_restart_but_its_search_text_is_never_stored(store):
    _aanmelden(store)
    flt = caseload.CaseloadFilter(text="amal", verlopen=True, sort="naam")
    caseload.save_filter(store=store, value=caseload.filter_value(flt))
    assert "amal" not in caseload.filter_value(flt)
    loaded = caseload.load_caseload(store=store, as_of=TODAY, policy=Policy())
    assert loaded.saved_filter == caseload.CaseloadFilter(verlopen=True, sort="naam")
    # a filter stored by an older version, with a name in it, comes back without it
    preferences.save_setting(store=store, key=caseload.FILTER_SETTING_KEY, value='{"text": "amal", "mijn": true}')
    assert caseload.load_caseload(store=store, as_of=TODAY, policy=Policy()).saved_filter == caseload.CaseloadFilter(mijn=True)
    assert [e.facts.naam for e in caseload.apply_filter(loaded.entries, caseload.CaseloadFilter(text="amal"), consulent=None)] == ["Amal Testpersoon"]
    preferences.save_setting(store=store, key=caseload.FILTER_SETTING_KEY, value="{kapot")
    assert caseload.load_caseload(store=store, as_of=TODAY, policy=Policy()).saved_filter == caseload.CaseloadFilter()


def test_the_signalen_csv_export_is_written_and_recorded(store, tmp_path):
    person_id = _with_signalen(store)
    found = signalen.list_signalen(store=store, as_of=TODAY, policy=Policy())
    assert found and {item.person_id for item in found} == {person_id}
    target = tmp_path / "signalen.csv"
    assert signalen.export_csv(store=store, items=found, path=target) == len(found)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == len(found) + 1
    with pytest.raises(signalen.ExportError, match="Exporteren mislukt") as raised:
        signalen.export_csv(store=store, items=found, path=tmp_path / "geen-map" / "signalen.csv")
    assert raised.value.reason
    assert _audit_count(store, "geëxporteerd (signalenlijst)") == 1  # the failed one is not recorded


def test_an_afhandeling_without_a_reason_is_refused(store):
    person_id = _with_signalen(store)
    item = signalen.list_signalen(store=store, as_of=TODAY, policy=Policy())[0]
    from rules.afhandeling import Actie

    with pytest.raises(signalen.AfhandelingError, match="reden"):
        signalen.handle_signaal(store=store, person_id=person_id, signaal=item.signaal, actie=Actie.UITGESTELD, reden=" ",
                                door="test", tot=date(2026, 12, 1), today=TODAY)


def test_f5_shows_the_same_signalen_as_a_fresh_read_from_what_the_caseload_computed(store):
    from rules.afhandeling import Actie

    _aanmelden(store, naam="Bram Testpersoon", kenmerk="IB-2026-0002")
    first = _with_signalen(store)
    item = signalen.list_signalen(store=store, as_of=TODAY, policy=Policy())[0]
    signalen.handle_signaal(store=store, person_id=first, signaal=item.signaal, actie=Actie.UITGESTELD,
                            reden="wacht op school", door="test", tot=date(2026, 12, 1), today=TODAY)
    loaded = caseload.load_caseload(store=store, as_of=TODAY, policy=Policy())
    for hidden in (False, True):
        fresh = signalen.list_signalen(store=store, as_of=TODAY, policy=Policy(), include_hidden=hidden)
        assert signalen.signalen_of_caseload(loaded.entries, include_hidden=hidden) == fresh
    assert any(i.afhandeling is not None for i in signalen.signalen_of_caseload(loaded.entries, include_hidden=True))
    assert loaded.as_of == TODAY


def test_search_drafts_and_weekplan_go_through_the_store_handle(store):
    person_id = _aanmelden(store)
    assert [hit.id for hit in search.search_people(store=store, text="amal")] == [person_id]
    drafts.save_draft(store=store, key="contact:1", form="contact", data={"notitie": "half"}, person_id=person_id)
    assert [(d.key, d.naam) for d in drafts.list_drafts(store=store)] == [("contact:1", "Amal Testpersoon")]
    drafts.delete_draft(store=store, key="contact:1")
    assert drafts.list_drafts(store=store) == []
    plan = weekplan.load_weekplan(store=store, person_id=person_id)
    assert plan.person.naam == "Amal Testpersoon" and plan.entries == []
    with pytest.raises(weekplan.WeekplanSaveError, match="bestaat niet meer"):
        weekplan.end_entry(store=store, person_id=person_id, entry_id=12345, geldig_tot=TODAY)


def test_the_caseload_filter_sorts_once_and_still_orders_every_filtered_list_exactly(tmp_path, monkeypatch):
    """apply_filter sorts a loaded list once per sort and then only filters (no sort per keystroke); the order
    must be exactly that of filtering first and sorting after, for every sort, both directions."""
    from services.store import open_demo_store

    monkeypatch.setenv("REGIE_DATA_DIR", str(tmp_path))
    store = open_demo_store(resolve(demo=True), today=date(2026, 11, 22))
    try:
        entries = caseload.load_caseload(store=store, as_of=date(2026, 11, 22), policy=Policy()).entries
    finally:
        store.close()
    for sort in caseload.SORT_KEYS:
        for reverse in (False, True):
            for text in ("", "a", "an", "ahmad", "IB-", "zzz"):
                flt = caseload.CaseloadFilter(text=text, sort=sort, reverse=reverse)
                expected = sorted(caseload._text_matches(entries, text) if text else entries,
                                  key=lambda e: caseload._sort_value(e, sort), reverse=reverse)
                assert caseload.apply_filter(entries, flt, consulent=None) == expected, (sort, reverse, text)
    other = entries[: len(entries) // 2]  # another list is never answered from the first one's sort
    assert caseload.apply_filter(other, caseload.CaseloadFilter(sort="naam"), consulent=None) == sorted(
        other, key=lambda e: caseload._sort_value(e, "naam"))
