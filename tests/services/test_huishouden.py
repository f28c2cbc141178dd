"""Registering a household in one go, and the duplicate check before an aanmelding is saved."""

from __future__ import annotations

from datetime import date

import pytest

from services import aanmelding
from services.aanmelding import Aanmelding, Gezinslid

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path):
    from services.store import open_store, resolve

    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def _gebru(**kwargs) -> Aanmelding:
    values = dict(naam="Tesfay Gebru", doelgroep="asielstatushouder", geboortedatum=date(1988, 3, 14),
                  v_nummer="1234567890", azc_locatie="AZC Zeist", koppeling=date(2026, 11, 2), contact_soort="azc_bezoek", contact_datum=date(2026, 11, 20))
    values.update(kwargs)
    return Aanmelding(**values)


FAMILIE = (
    Gezinslid("Selam Haile", "partner", date(1991, 7, 2), v_nummer="1234567891"),
    Gezinslid("Yonas Tesfay", "kind", date(2015, 5, 9)),
    Gezinslid("Hiwet Tesfay", "kind", date(2009, 1, 30)),
    Gezinslid("Abeba Gebru", "ouder", date(1960, 4, 4), nareiziger=True),
)


def _person(store, person_id):
    from services.persons import load_person_fields

    return load_person_fields(store=store, person_id=person_id).values


def test_a_household_is_stored_in_one_go_with_shared_links_and_the_law_on_children(store):
    done = aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY, leden=FAMILIE)

    assert [lid.naam for lid in done.leden] == ["Tesfay Gebru", "Selam Haile", "Yonas Tesfay", "Hiwet Tesfay", "Abeba Gebru"]
    # Yonas is 11: no plicht. Hiwet turned 17: obliged. Abeba is still to come: no plicht yet.
    assert [lid.status for lid in done.leden] == ["actief", "actief", "geen_plicht", "actief", "geen_plicht"]
    huishouden = aanmelding.list_huishouden(store=store, person_id=done.leden[2].person_id)
    assert [(m.naam, m.relatie) for m in huishouden] == [
        ("Tesfay Gebru", "hoofd"), ("Selam Haile", "partner"), ("Hiwet Tesfay", "kind"), ("Abeba Gebru", "ouder")]
    assert huishouden[-1].nareiziger is True


def test_the_azc_visit_fills_eerste_azc_bezoek_of_everyone_present(store):
    done = aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY, leden=FAMILIE)
    hoofd, partner, kind, *_rest, nareiziger = done.leden

    assert _person(store, hoofd.person_id)["eerste_azc_bezoek"] == date(2026, 11, 20)
    assert _person(store, partner.person_id)["eerste_azc_bezoek"] == date(2026, 11, 20)
    assert _person(store, nareiziger.person_id)["eerste_azc_bezoek"] is None
    assert _person(store, hoofd.person_id)["azc_locatie"] == "AZC Zeist"


def test_a_household_with_one_bad_member_stores_nobody(store):
    with pytest.raises(aanmelding.AanmeldingError, match="naam"):
        aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY,
                                     leden=(FAMILIE[0], Gezinslid("  ", "kind", date(2015, 1, 1))))
    with pytest.raises(aanmelding.AanmeldingError, match="hetzelfde BSN"):  # the second member's BSN is the first's
        aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY,
                                     leden=(Gezinslid("Selam Haile", "partner", bsn="999990019"),
                                            Gezinslid("Selam Haile", "partner", bsn="999990019")))
    assert aanmelding.find_duplicates(store=store, aanmelding=_gebru()) == []  # neither Tesfay nor Selam was stored
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar() == 0


@pytest.mark.parametrize("typed, reden", [
    (_gebru(v_nummer=None, naam="GEBRU, Tesfaye"), "lijkende naam en zelfde geboortedatum"),
    (_gebru(v_nummer=None, naam="tesfai gebru"), "lijkende naam en zelfde geboortedatum"),
    (_gebru(naam="Iemand Anders", geboortedatum=date(1970, 1, 1)), "zelfde V-nummer"),
])
def test_registering_tesfay_gebru_twice_finds_the_first_dossier(store, typed, reden):
    first = aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY)

    found = aanmelding.find_duplicates(store=store, aanmelding=typed)

    assert [(d.person_id, d.naam, d.reden) for d in found] == [(first.person_id, "Tesfay Gebru", reden)]


def test_a_different_person_with_the_same_birth_date_is_not_a_duplicate(store):
    aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY)

    assert aanmelding.find_duplicates(store=store, aanmelding=_gebru(naam="Dawit Kidane", v_nummer="9876543210")) == []


def test_a_duplicate_found_by_bsn_shows_only_the_masked_bsn(store):
    first = aanmelding.create_aanmelding(store=store, aanmelding=_gebru(bsn="999990019"), today=TODAY)

    [found] = aanmelding.find_duplicates(store=store, aanmelding=_gebru(naam="X Y", v_nummer=None, bsn="999990019",
                                                                         geboortedatum=None))
    assert (found.person_id, found.reden, found.bsn_gemaskeerd) == (first.person_id, "zelfde BSN", "*****0019")
    with pytest.raises(aanmelding.AanmeldingError, match="staat al bij dossier"):  # one person, one dossier
        aanmelding.create_aanmelding(store=store, aanmelding=_gebru(naam="X Y", bsn="999990019"), today=TODAY)


def test_a_household_member_matching_someone_on_file_is_found_too(store):
    first = aanmelding.create_aanmelding(store=store, aanmelding=_gebru(naam="Selam Haile", v_nummer=None,
                                                                        geboortedatum=date(1991, 7, 2)), today=TODAY)

    found = aanmelding.find_duplicates(store=store, aanmelding=_gebru(v_nummer=None), leden=FAMILIE[:1])

    assert [(d.voor, d.person_id) for d in found] == [("Selam Haile", first.person_id)]


@pytest.mark.parametrize("leden, tweede", [
    ((), _gebru(naam="Iemand Anders", geboortedatum=date(1970, 1, 1))),  # the hoofdpersoon's V-nummer is taken
    ((Gezinslid("Mehmet Ozturk", "partner", date(1990, 1, 1), v_nummer="1234567890"),),
     _gebru(naam="Hoofd Persoon", geboortedatum=date(1985, 5, 5), v_nummer="2600009999")),  # a member's
])
def test_a_second_dossier_with_a_v_nummer_on_file_is_refused_and_nothing_is_stored(store, leden, tweede):
    aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY)
    with pytest.raises(aanmelding.AanmeldingError, match="V-nummer in deze aanmelding staat al bij dossier"):
        aanmelding.create_aanmelding(store=store, aanmelding=tweede, today=TODAY, leden=leden)
    assert aanmelding.find_duplicates(store=store, aanmelding=_gebru(v_nummer=None, naam="Hoofd Persoon",
                                                                    geboortedatum=date(1985, 5, 5))) == []


def test_two_members_of_one_aanmelding_with_the_same_v_nummer_are_refused(store):
    leden = (Gezinslid("Selam Haile", "partner", date(1991, 7, 2), v_nummer="1234567890"),)
    with pytest.raises(aanmelding.AanmeldingError, match="hetzelfde V-nummer"):
        aanmelding.create_aanmelding(store=store, aanmelding=_gebru(), today=TODAY, leden=leden)
