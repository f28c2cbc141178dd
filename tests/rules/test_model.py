"""PersonFacts.from_fields builds exactly what the constructor builds, and refuses an incomplete dict."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from rules.model import (
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    Leerroute,
    PersonFacts,
    Pip,
    UrenTotalen,
)


def _every_field() -> dict[str, object]:
    facts = PersonFacts(kenmerk="T-7", naam="Testpersoon 7", doelgroep=Doelgroep.ASIELSTATUSHOUDER, bijstand=True,
                        pip_datum=date(2025, 3, 3), leerroute=Leerroute.Z, uren=UrenTotalen(taal_knm=12.5),
                        examens=(ExamenPoging(ExamenOnderdeel.KNM, date(2026, 2, 2), ExamenResultaat.BEHAALD),),
                        pips=(Pip(date(2025, 3, 3), Leerroute.Z),), voortgangsgesprekken=(date(2025, 9, 1),))
    return {field.name: getattr(facts, field.name) for field in dataclasses.fields(PersonFacts)}


def test_from_fields_equals_the_constructor():
    values = _every_field()
    built = PersonFacts.from_fields(dict(values))
    assert built == PersonFacts(**values)
    assert hash(built) == hash(PersonFacts(**values)) and repr(built) == repr(PersonFacts(**values))
    assert dataclasses.replace(built, naam="Ander") == PersonFacts(**{**values, "naam": "Ander"})


def test_from_fields_facts_stay_frozen():
    built = PersonFacts.from_fields(_every_field())
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.naam = "Ander"  # type: ignore[misc]


@pytest.mark.parametrize("change", ["missing", "unknown"])
def test_from_fields_refuses_a_dict_that_is_not_exactly_the_fields(change):
    values = _every_field()
    if change == "missing":
        del values["leerbaarheidstoets"]
    else:
        values["bsn"] = "000000000"
    with pytest.raises(TypeError, match="leerbaarheidstoets" if change == "missing" else "bsn"):
        PersonFacts.from_fields(values)


def test_person_facts_has_no_post_init_that_from_fields_would_skip():
    assert not hasattr(PersonFacts, "__post_init__")
