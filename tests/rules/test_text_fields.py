"""Every text field of the person, contact, uren and weekplan forms refuses control and invisible characters."""

from datetime import date

import pytest

from rules.model import Doelgroep, PersonFacts
from rules.validation import FOUT, check_tekstvelden, check_uren, validate_facts

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(("veld", "waarde"), [
    ("naam", "Omar\x1b]0;gehackt\x07"),
    ("naam", "Amal \u202eSDRAWKCAB"),
    ("kenmerk", "IB-0\u200b01"),
    ("consulent", "Jan\x9b2J"),
])
def test_a_person_with_a_control_character_in_a_text_field_cannot_be_saved(veld, waarde):
    values = {"kenmerk": "IB-001", "naam": "Omar Darwish", "consulent": "Jan"} | {veld: waarde}
    facts = PersonFacts(doelgroep=Doelgroep.GEZINSMIGRANT, **values)
    fouten = [b for b in validate_facts(facts, today=TODAY) if b.ernst == FOUT]
    assert [b.veld for b in fouten] == [veld]
    assert "onzichtbaar teken of stuurteken" in fouten[0].melding


def test_a_clean_person_has_no_text_findings():
    facts = PersonFacts(kenmerk="IB-001", naam="Hüseyin Şahin", doelgroep=Doelgroep.GEZINSMIGRANT, consulent="Zoë")
    assert validate_facts(facts, today=TODAY) == ()


@pytest.mark.parametrize(("velden", "fout_in"), [
    ({"notitie": "Gebeld.\nVolgende week terug."}, []),                # a notitie may span lines
    ({"notitie": "Gebeld.\x1b[2J"}, ["notitie"]),
    ({"activiteit": "Taalles", "locatie": "De Brug\u2066"}, ["locatie"]),
    ({"aanbieder": "School\nDe Brug"}, ["aanbieder"]),                  # one-line fields refuse a newline
    ({"kenmerk": "عم\u200cر"}, ["kenmerk"]),                            # a kenmerk allows no joiner
    ({"naam": "عم\u200cر"}, []),                                        # a name in Arabic script may need one
    ({"onbekend_veld": "x\x07"}, ["onbekend_veld"]),
    ({"naam": None, "notitie": ""}, []),
])
def test_every_form_field_is_checked(velden, fout_in):
    assert [b.veld for b in check_tekstvelden(velden)] == fout_in


@pytest.mark.parametrize(("bron", "omschrijving", "refused"), [
    ("Taalschool De Brug", "les 1\nles 2", False),
    ("Taalschool\x1b]52;c;aGFjaw==\x07", "", True),
    ("Taalschool", "les\u202e1", True),
])
def test_hours_with_a_control_character_in_bron_or_omschrijving_are_refused(bron, omschrijving, refused):
    reason = check_uren(datum=date(2026, 5, 1), minuten=60, vandaag=TODAY, koppeling=None,
                        bron=bron, omschrijving=omschrijving)
    assert (reason is not None) is refused
    if refused:
        assert "onzichtbaar teken of stuurteken" in reason
