"""Contactmomenten (issue 17, points 9 and 10): kinds that count for the law, authors, corrections kept, and a
Geschiedenis that says what changed without putting values in the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from rules.contact import FORM_ORDER, telt_als_voortgangsgesprek
from rules.model import ContactSoort
from rules.policy import Policy
from services import aanmelding, contact, dossier, persons
from services.store import open_store, resolve
from storage import audit
from storage.audit import AUDIT

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    audit.set_actor("Anna de Vries")
    yield opened
    audit.set_actor(None)
    opened.close()


def _person(store) -> int:
    nieuw = aanmelding.Aanmelding(naam="Amal Testpersoon", doelgroep="asielstatushouder", kenmerk="IB-1",
                                  koppeling=date(2025, 3, 3))
    return aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY).person_id


def _dossier(store, person_id):
    return dossier.load_dossier(store=store, person_id=person_id, today=TODAY, policy=Policy())


@pytest.mark.parametrize(("soort", "telt"), [
    ("voortgangsgesprek", True),
    ("notitie", False),
    ("spreekuur", False),
    ("telefonisch", False),
    ("email", False),
    ("video_tolkgesprek", False),
    ("niet_verschenen", False),
    ("afgemeld", False),
    ("pip_gesprek", False),
])
def test_only_a_voortgangsgesprek_counts_as_one(soort, telt):
    assert telt_als_voortgangsgesprek(soort) is telt


def test_the_form_offers_every_kind_once_starting_with_the_neutral_notitie():
    assert FORM_ORDER[0] is ContactSoort.NOTITIE
    assert sorted(FORM_ORDER) == sorted(ContactSoort)
    for kind in ("niet_verschenen", "afgemeld", "email", "video_tolkgesprek", "telefonisch"):
        assert ContactSoort(kind) in FORM_ORDER


@pytest.mark.parametrize("soort", ["niet_verschenen", "afgemeld", "email", "notitie"])
def test_a_missed_or_written_contact_does_not_clear_the_voortgangsgesprek(store, soort):
    person_id = _person(store)
    notitie = "mail over de les gestuurd" if soort == "notitie" else ""  # a notitie without text is refused
    contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort=soort, notitie=notitie)
    assert _dossier(store, person_id).facts.laatste_voortgangsgesprek is None
    contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="voortgangsgesprek", notitie="")
    assert _dossier(store, person_id).facts.laatste_voortgangsgesprek == TODAY


def test_a_contactmoment_shows_its_author_and_keeps_the_previous_text_when_corrected(store):
    person_id = _person(store)
    contact_id = contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur",
                                           notitie="Vraag over huurtoeslag")
    assert contact.correct_contactmoment(store=store, person_id=person_id, contact_id=contact_id, datum=TODAY,
                                         soort="voortgangsgesprek", notitie="Voortgang besproken") is True
    data = _dossier(store, person_id)
    shown = next(c for c in data.contacten if c.id == contact_id)
    assert shown.auteur == "Anna de Vries"
    assert shown.notitie == "Voortgang besproken" and shown.soort is ContactSoort.VOORTGANGSGESPREK
    assert [(v.notitie, v.soort, v.door) for v in shown.versies] == [
        ("Vraag over huurtoeslag", ContactSoort.SPREEKUUR, "Anna de Vries")]
    changed = [c for entry in data.geschiedenis for c in data.wijzigingen.get(entry.id, ())]
    assert ("soort", "spreekuur", "voortgangsgesprek") in {(c.veld, c.oud, c.nieuw) for c in changed}


def test_only_the_author_may_correct_or_remove_a_contactmoment(store):
    person_id = _person(store)
    contact_id = contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur", notitie="Eerste")
    audit.set_actor("Bram Collega")
    with pytest.raises(contact.ContactSaveError, match="Alleen Anna de Vries"):
        contact.correct_contactmoment(store=store, person_id=person_id, contact_id=contact_id, datum=TODAY,
                                      soort="spreekuur", notitie="Overschreven")
    with pytest.raises(contact.ContactSaveError, match="Alleen Anna de Vries"):
        contact.remove_contactmoment(store=store, person_id=person_id, contact_id=contact_id)
    assert [c.notitie for c in _dossier(store, person_id).contacten] == ["Eerste"]


def test_a_removed_contactmoment_keeps_its_text_in_the_geschiedenis(store):
    person_id = _person(store)
    contact_id = contact.add_contactmoment(store=store, person_id=person_id, datum=TODAY, soort="spreekuur",
                                           notitie="Per ongeluk bij de verkeerde persoon")
    contact.remove_contactmoment(store=store, person_id=person_id, contact_id=contact_id)
    data = _dossier(store, person_id)
    assert data.contacten == []
    assert [v.notitie for v in data.verwijderde_contacten] == ["Per ongeluk bij de verkeerde persoon"]


def test_the_geschiedenis_says_what_changed_but_the_audit_log_holds_no_values(store):
    person_id = _person(store)
    fields = persons.load_person_fields(store=store, person_id=person_id)
    persons.update_person(store=store, person_id=person_id, expected_version=fields.version,
                          changes={"leerroute": "b1", "naam": "Amal Nieuwenaam"})
    fields = persons.load_person_fields(store=store, person_id=person_id)
    persons.update_person(store=store, person_id=person_id, expected_version=fields.version,
                          changes={"leerroute": "z", "status": "vertrokken"})
    data = _dossier(store, person_id)
    lines = {(c.veld, c.oud, c.nieuw) for entry in data.geschiedenis for c in data.wijzigingen.get(entry.id, ())}
    assert ("leerroute", "B1-route", "Z-route") in lines
    assert ("status", "actief", "vertrokken") in lines
    assert ("naam", "Amal Testpersoon", "Amal Nieuwenaam") in lines
    with store.engine.connect() as connection:
        trail = " ".join(" ".join(str(v) for v in row) for row in connection.execute(select(AUDIT)))
    assert "Nieuwenaam" not in trail and "Testpersoon" not in trail and "Z-route" not in trail


@pytest.mark.parametrize("soort, notitie, datum, fout", [
    ("notitie", "", TODAY, "Typ de notitie"),
    ("notitie", "   \n ", TODAY, "Typ de notitie"),
    ("overig", "", TODAY, "Typ de notitie"),
    ("voortgangsgesprek", "", date(2026, 12, 7), "ligt in de toekomst"),  # +2w: refused like hours
    ("spreekuur", "vraag over de les", date(2026, 11, 24), "ligt in de toekomst"),  # tomorrow
    ("niet_verschenen", "", TODAY, None),  # the kind says it all
    ("afgemeld", "", TODAY, None),
    ("voortgangsgesprek", "", TODAY, None),  # the gesprek took place; the details may follow
    ("notitie", "gebeld over de huur", date(2026, 11, 22), None),
])
def test_an_empty_notitie_or_a_future_date_is_refused_and_nothing_is_stored(store, soort, notitie, datum, fout):
    person_id = _person(store)
    before = len(_dossier(store, person_id).contacten)
    if fout is None:
        contact.add_contactmoment(store=store, person_id=person_id, datum=datum, soort=soort, notitie=notitie, today=TODAY)
        assert len(_dossier(store, person_id).contacten) == before + 1
        return
    with pytest.raises(contact.ContactSaveError, match=fout) as refused:
        contact.add_contactmoment(store=store, person_id=person_id, datum=datum, soort=soort, notitie=notitie, today=TODAY)
    assert refused.value.field == ("notitie" if "notitie" in fout else "datum")
    assert len(_dossier(store, person_id).contacten) == before
