"""The AZC visit's rules: V-nummer, phone and e-mail checks, the age at which a household member is obliged, duplicates."""

from __future__ import annotations

from datetime import date

import pytest

from rules.contactgegevens import normalize_email, normalize_telefoon, normalize_v_nummer
from rules.dubbel import Kandidaat, vind_dubbelen
from rules.errors import InputError
from rules.huishouden import plicht_op_leeftijd
from rules.model import Status


@pytest.mark.parametrize("typed, stored", [
    ("1234567890", "1234567890"),
    ("12 3456 7890", "1234567890"),
    ("123.456.7890", "1234567890"),
])
def test_a_v_nummer_of_ten_digits_is_accepted(typed, stored):
    assert normalize_v_nummer(typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("123456789", "10 cijfers; dit nummer heeft er 9"),
    ("12345678901", "heeft er 11"),
    ("V123456789", "alleen uit cijfers"),
    ("", "Geen V-nummer"),
])
def test_a_wrong_v_nummer_says_what_is_wrong(typed, message):
    with pytest.raises(InputError, match=message):
        normalize_v_nummer(typed)


@pytest.mark.parametrize("typed, stored", [
    ("06 12345678", "0612345678"),
    ("06-12345678", "0612345678"),
    ("(020) 123 45 67", "0201234567"),
    ("+31 6 12345678", "+31612345678"),
    ("0032 470 12 34 56", "+32470123456"),
])
def test_dutch_and_international_phone_numbers_are_accepted(typed, stored):
    assert normalize_telefoon(typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("0612345", "10 cijfers; dit nummer heeft er 7"),
    ("612345678", "Begin een Nederlands nummer met 0"),
    ("06-1234abcd", "bestaat uit cijfers"),
    ("+31 6", "8 tot 15 cijfers"),
])
def test_a_wrong_phone_number_says_how_to_fix_it(typed, message):
    with pytest.raises(InputError, match=message):
        normalize_telefoon(typed)


@pytest.mark.parametrize("typed, stored", [
    ("a.devries@Gemeente.NL", "a.devries@gemeente.nl"),
    ("  info@vluchtelingenwerk.nl ", "info@vluchtelingenwerk.nl"),
])
def test_an_email_address_is_trimmed_and_its_domain_lowered(typed, stored):
    assert normalize_email(typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("a.devries", "precies één @"),
    ("a@@b.nl", "precies één @"),
    ("a@gemeente", "geen volledig e-mailadres"),
    ("@gemeente.nl", "geen volledig e-mailadres"),
    ("a b@gemeente.nl", "geen spaties"),
])
def test_a_wrong_email_address_says_what_it_should_look_like(typed, message):
    with pytest.raises(InputError, match=message):
        normalize_email(typed)


@pytest.mark.parametrize("geboortedatum, as_of, plichtig, wordt_16", [
    (date(2010, 11, 22), date(2026, 11, 22), True, None),  # 16 today
    (date(2010, 11, 23), date(2026, 11, 22), False, date(2026, 11, 23)),  # 16 tomorrow
    (date(2015, 5, 9), date(2026, 11, 22), False, date(2031, 5, 9)),
    (date(1960, 4, 4), date(2026, 11, 22), True, None),
    (None, date(2026, 11, 22), True, None),
])
def test_the_plicht_starts_at_16(geboortedatum, as_of, plichtig, wordt_16):
    plicht = plicht_op_leeftijd(geboortedatum, as_of=as_of)
    assert (plicht.plichtig, plicht.wordt_16) == (plichtig, wordt_16)


def test_a_child_explanation_names_the_day_the_plicht_can_start():
    assert "wordt 16 op 09-05-2031" in plicht_op_leeftijd(date(2015, 5, 9), as_of=date(2026, 11, 22)).uitleg


GEBRU = Kandidaat(1, "Tesfay Gebru", date(1988, 3, 14), bsn="999990019", v_nummer="1234567890", kenmerk="IB-1")
OTHER = Kandidaat(2, "Dawit Kidane", date(1988, 3, 14), kenmerk="IB-2")


@pytest.mark.parametrize("naam, geboortedatum, bsn, v_nummer, expected", [
    ("Tesfay Gebru", date(1988, 3, 14), None, None, [(1, "lijkende naam en zelfde geboortedatum")]),
    ("GEBRU Tesfaye", date(1988, 3, 14), None, None, [(1, "lijkende naam en zelfde geboortedatum")]),
    ("Tesfai Gebru", date(1988, 3, 14), None, None, [(1, "lijkende naam en zelfde geboortedatum")]),
    ("Tesfay Gebru", date(1988, 3, 15), None, None, []),  # another birth date: another person
    ("Tesfay Kidane", date(1988, 3, 14), None, None, []),
    ("Iemand", None, "999990019", None, [(1, "zelfde BSN")]),
    ("Iemand", None, None, "1234567890", [(1, "zelfde V-nummer")]),
    ("Dawit Kidane", date(1988, 3, 14), None, None, [(2, "lijkende naam en zelfde geboortedatum")]),
])
def test_duplicates_are_the_same_bsn_or_v_nummer_or_a_similar_name_born_the_same_day(naam, geboortedatum, bsn, v_nummer, expected):
    found = vind_dubbelen(naam=naam, geboortedatum=geboortedatum, bsn=bsn, v_nummer=v_nummer, kandidaten=[GEBRU, OTHER])
    assert [(o.kandidaat.person_id, o.reden) for o in found] == expected


def test_vrijstelling_is_a_status_beside_ontheffing():
    assert Status("vrijstelling").label == "vrijstelling"
    assert Status.GEEN_PLICHT.label == "geen inburgeringsplicht"


def test_a_household_member_without_plicht_is_in_phase_gezinslid_and_gets_no_signalen():
    from rules.engine import assess
    from rules.model import Doelgroep, PersonFacts
    from rules.phase import Fase
    from rules.policy import Policy

    kind = PersonFacts(naam="Yonas Tesfay", kenmerk="NIEUW-2026-0002", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
                       status=Status.GEEN_PLICHT, geboortedatum=date(2015, 5, 9), koppeling=date(2026, 1, 5))
    beoordeling = assess(kind, date(2026, 11, 22), Policy())
    assert beoordeling.fase is Fase.GEZINSLID and beoordeling.fase.label == "gezinslid (geen plicht)"
    assert beoordeling.signalen == ()
