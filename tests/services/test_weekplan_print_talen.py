"""The printed weekplan in the inburgeraar's language beside Dutch, with who to call (issue 17, point 16)."""

from __future__ import annotations

import unicodedata
from datetime import date, time
from html import escape
from string import Formatter

import pytest

from rules.model import Taalvorm, WeekplanCategorie
from rules.weekplan import Week, WeekplanItem
from services.weekplan_print import Afzender, WeekplanPrintError, choose_taal, weekplan_page
from services.weekplan_talen import RECHTS_NAAR_LINKS, TALEN, ZINNEN, dagnaam, richting, taalcode, zin

WEEK = Week(2026, 48)  # maandag 23-11-2026
ITEMS = [WeekplanItem(weekdag=0, start_tijd=time(9), eind_tijd=time(11), categorie=WeekplanCategorie.TAAL,
                      taalvorm=Taalvorm.INFORMEEL, activiteit="Taalcafé", geldig_van=date(2026, 1, 5))]
AFZENDER = Afzender(consulent="Anna de Vries", telefoon="0299 123 456", gemeente="Purmerend")


def _page(taal: str | None) -> str:
    return weekplan_page(naam="Amal Haddad", kenmerk="IB-2026-0001", items=ITEMS, week=WEEK, taal=taal, afzender=AFZENDER)


def _placeholders(text: str) -> list[str]:
    """The {names} in a phrase, in order, each as often as it occurs."""
    return sorted(name for _, name, _, _ in Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("sleutel", sorted(ZINNEN))
def test_every_fixed_phrase_is_translated_in_every_language_with_the_placeholders_of_the_dutch(sleutel):
    vertalingen = ZINNEN[sleutel]
    assert set(vertalingen) == {"nl", *TALEN}
    for taal, text in vertalingen.items():
        assert text.strip(), taal
        assert _placeholders(text) == _placeholders(vertalingen["nl"]), f"{sleutel} in {taal}: {text}"


# A phrase left in Dutch by accident has no letter of the language's own script.
_SCHRIFT = {"ar": "ARABIC", "fa": "ARABIC", "ti": "ETHIOPIC", "uk": "CYRILLIC"}


@pytest.mark.parametrize("taal", sorted(_SCHRIFT))
def test_every_phrase_is_written_in_the_script_of_its_language(taal):
    for sleutel, vertalingen in ZINNEN.items():
        letters = [unicodedata.name(ch, "") for ch in vertalingen[taal] if ch.isalpha()]
        assert any(name.startswith(_SCHRIFT[taal]) for name in letters), f"{sleutel} in {taal}"


def test_farsi_has_persian_yeh_and_keheh_and_arabic_has_its_own():
    # Iranian Persian writes ی (U+06CC) and ک (U+06A9); the Arabic ي (U+064A) and ك (U+0643) look
    # different in a Persian text and break searching and sorting.
    for sleutel, vertalingen in ZINNEN.items():
        assert not {"\u064a", "\u0643"} & set(vertalingen["fa"]), f"{sleutel}: {vertalingen['fa']}"
        assert not {"\u06cc", "\u06a9"} & set(vertalingen["ar"]), f"{sleutel}: {vertalingen['ar']}"


def test_right_to_left_phrases_use_their_own_question_mark_and_comma():
    # "?" and "," are Latin punctuation: an Arabic or Persian reader expects ؟ and ،.
    for sleutel, vertalingen in ZINNEN.items():
        for taal in RECHTS_NAAR_LINKS:
            assert not {"?", ",", ";"} & set(vertalingen[taal]), f"{sleutel} in {taal}: {vertalingen[taal]}"


@pytest.mark.parametrize(("taal", "maandag", "richting_"), [
    ("ar", "الاثنين", "rtl"),
    ("fa", "دوشنبه", "rtl"),
    ("ti", "ሰኑይ", "ltr"),
    ("tr", "Pazartesi", "ltr"),
    ("uk", "понеділок", "ltr"),
    ("en", "Monday", "ltr"),
])
def test_the_page_has_dutch_and_the_second_language_with_cldr_day_names_and_direction(taal, maandag, richting_):
    page = _page(taal)
    assert dagnaam(date(2026, 11, 23), taal) == maandag and maandag in page
    assert "Maandag" in page and "Weekplan van Amal Haddad" in page  # Dutch stays
    assert escape(zin("afmelden", taal)) in page and escape(zin("taal_oefenen", taal)) in page
    assert f'lang="{taal}" dir="{richting_}"' in page and richting(taal) == richting_
    if richting_ == "rtl":
        assert 'dir="rtl"' in page
    else:
        assert 'dir="rtl"' not in page


def test_a_dutch_only_page_has_no_second_language():
    page = _page(None)
    assert 'lang="ar"' not in page and "dir=" not in page
    assert "Kunt u niet komen?" in page


def test_the_page_names_the_consulent_the_phone_and_the_gemeente():
    page = _page("tr")
    assert "Anna de Vries" in page and "0299 123 456" in page and "Purmerend" in page
    assert "Uw consulent" in page and "Danışmanınız" in page


@pytest.mark.parametrize(("chosen", "person", "taal"), [
    (None, "Arabisch", "ar"),
    (None, "Tigrinya", "ti"),
    (None, "Oekraïens", "uk"),
    (None, "Dari", "fa"),
    (None, "Somalisch", None),  # not (yet) printable: Dutch only
    (None, None, None),
    ("en", "Arabisch", "en"),   # a choice wins
    ("nl", "Arabisch", None),
    ("Turks", None, "tr"),
])
def test_the_second_language_is_the_persons_own_unless_another_is_chosen(chosen, person, taal):
    assert choose_taal(chosen, person) == taal


def test_an_unknown_chosen_language_is_refused_in_dutch():
    with pytest.raises(WeekplanPrintError, match="kies uit ar"):
        choose_taal("klingon", None)


def test_language_names_are_read_however_they_are_typed():
    assert taalcode("ARABISCH") == taalcode(" arabisch ") == "ar"
    assert taalcode("Oekraiens") == "uk"


def test_the_municipalitys_standard_weeks_are_read_from_the_settings_folder(tmp_path):
    from services.errors import SettingsInvalidError
    from services.settings import TEMPLATES_FILENAME, load_weekplan_templates
    from storage.paths import resolve

    locations = resolve(tmp_path / "regie.sqlite")
    assert load_weekplan_templates(locations) == ()
    locations.config_dir.mkdir(parents=True, exist_ok=True)
    (locations.config_dir / TEMPLATES_FILENAME).write_text(
        '[[sjabloon]]\nnaam = "Eigen week"\n[[sjabloon.activiteit]]\ndag = "vr"\nvan = "10:00"\ntot = "12:00"\n'
        'soort = "participatie"\nactiviteit = "Vrijwilligerswerk"\n', encoding="utf-8")
    assert [t.naam for t in load_weekplan_templates(locations)] == ["Eigen week"]
    (locations.config_dir / TEMPLATES_FILENAME).write_text("[[sjabloon]\n", encoding="utf-8")
    with pytest.raises(SettingsInvalidError, match="geen geldige TOML"):
        load_weekplan_templates(locations)
