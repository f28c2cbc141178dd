"""Storing afhandelingen: every action needs a reason, reopening needs something to reopen."""

from __future__ import annotations

from datetime import date

import pytest

from rules.afhandeling import Actie
from rules.engine import Ernst, Signaal
from storage.afhandeling import AfhandelingError, add_afhandeling, load_afhandelingen
from tests.storage.test_persons import _add_person, store  # noqa: F401  (fixture)
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PIP = Signaal("pip_termijn", date(2026, 11, 30), 8, Ernst.URGENT, "")


def _stored(store, person_id):  # noqa: F811
    with store.engine.connect() as connection:
        return [(a.actie, a.reden) for a in load_afhandelingen(connection=connection, person_id=person_id).get(person_id, [])]


def test_reopening_an_open_signaal_is_refused_in_dutch_and_stores_nothing(store):  # noqa: F811
    person = _add_person(store)
    with pytest.raises(AfhandelingError, match="staat al open"):
        in_write(store.engine, add_afhandeling,  person_id=person, signaal=PIP, actie=Actie.HEROPEND, reden="toch nodig", door="c", today=TODAY)
    assert _stored(store, person) == []


def test_a_handled_signaal_reopened_keeps_both_steps_with_their_reasons(store):  # noqa: F811
    person = _add_person(store)
    in_write(store.engine, add_afhandeling,  person_id=person, signaal=PIP, actie=Actie.AFGEHANDELD, reden="PIP gepland", door="c", today=TODAY)
    with pytest.raises(AfhandelingError, match="reden"):
        in_write(store.engine, add_afhandeling,  person_id=person, signaal=PIP, actie=Actie.HEROPEND, reden="  ", door="c", today=TODAY)
    in_write(store.engine, add_afhandeling,  person_id=person, signaal=PIP, actie=Actie.HEROPEND, reden="PIP ging niet door", door="c", today=TODAY)
    assert _stored(store, person) == [(Actie.AFGEHANDELD, "PIP gepland"), (Actie.HEROPEND, "PIP ging niet door")]
