"""One key means one thing across screens (issue 17, point 20)."""

from __future__ import annotations

import pytest

from tui.screens.dossier import ContactList, DossierScreen, PogingList
from tui.screens.signalen import SignalenScreen
from tui.screens.uren import UrenScreen
from tui.screens.uren_week import UrenWeekScreen
from tui.screens.weekplan import WeekplanScreen
from tui.widgets.explained_list import ExplainedList


def _keys(cls) -> dict[str, str]:
    found = {}
    for binding in cls.BINDINGS:
        for key in binding.key.split(","):
            found[key.strip()] = binding.action
    return found


@pytest.mark.parametrize(("key", "meaning", "screens"), [
    ("a", "afhandelen", [SignalenScreen, DossierScreen, UrenWeekScreen]),       # never examenpoging or "alles"
    ("x", "verwijderen", [UrenScreen, PogingList, ContactList]),                 # never exporteren
    ("u", "uren", [DossierScreen, SignalenScreen]),                              # never uitstellen
    ("t", "toelichting", [ExplainedList, SignalenScreen, WeekplanScreen]),       # never sjabloon
    ("e", "bewerken", [DossierScreen, UrenScreen, WeekplanScreen, SignalenScreen, UrenWeekScreen]),  # never a filter
])
def test_a_key_keeps_its_meaning_on_every_screen(key, meaning, screens):
    allowed = {
        "afhandelen": {"afhandelen"},
        "verwijderen": {"delete", "delete_poging", "delete_contact"},
        "uren": {"uren"},
        "toelichting": {"toelichting", "explain", "toggle"},
        "bewerken": {"edit", "hours"},
    }[meaning]
    for screen in screens:
        action = _keys(screen).get(key)
        assert action is None or action.split("(")[0] in allowed, f"{key} is {action} on {screen.__name__}"


def test_the_moved_actions_have_their_new_keys():
    assert _keys(DossierScreen)["E"] == "add_poging"
    assert _keys(WeekplanScreen)["S"] == "template"
    assert _keys(UrenWeekScreen)["A"] == "toggle_all" and _keys(UrenWeekScreen)["z"] == "verzuim"
    signalen = _keys(SignalenScreen)
    assert signalen["l"] == "uitstellen" and signalen["ctrl+e"] == "export"
    assert signalen["alt+e"] == "cycle_ernst" and signalen["alt+d"] == "cycle_doelgroep"
