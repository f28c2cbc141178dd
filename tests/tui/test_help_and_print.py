"""F1 help lists regie's own keys in Dutch; the printable weekplan fits one A4 page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, time

import pytest

from rules.model import Taalvorm, WeekplanCategorie
from rules.weekplan import Week, WeekplanItem, plan_week
from tests.tui.conftest import caseload_loaded, wait_for
from tests.tui.test_weekplan import first_zroute_person, open_weekplan
from services.weekplan_print import kolombreedtes, lettergrootte, render_weekplan_html, weekplan_page

# Textual's own bindings (inherited by every Screen, ScrollView and the App) and their descriptions.
TEXTUAL_ENGLISH = (
    "Focus Next", "Focus Previous", "Copy selected text", "super+c", "palette",
    "Page Up", "Page Down", "Page Left", "Page Right", "Scroll Left", "Scroll Right", "Scroll Up", "Scroll Down",
)


async def open_help(pilot) -> str:
    from tui.screens.help import HelpScreen

    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await pilot.pause()
    return str(pilot.app.screen.query_one("#help-text").render())


async def close_help(pilot) -> None:
    from tui.screens.help import HelpScreen

    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, HelpScreen))


def help_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def has_line(text: str, keys: str, description: str) -> bool:
    """A line of the help with ``keys`` in the key column and then ``description``."""
    return any(re.fullmatch(rf"{re.escape(keys)}\s{{2,}}{re.escape(description)}", line) for line in help_lines(text))


def assert_only_regie_keys(text: str) -> None:
    for english in TEXTUAL_ENGLISH:
        assert english not in text, english
    assert "[/b]" not in text and "[b]" not in text and "[dim]" not in text  # no markup shown as text
    lines = [line for line in help_lines(text) if line]
    assert len(lines) == len(set(lines)), "a key is listed twice"


async def test_the_weekplan_help_lists_regies_keys_in_dutch_with_the_brackets(app):
    async with app.run_test(size=(120, 50)) as pilot:
        await open_weekplan(pilot)
        text = await open_help(pilot)

    assert_only_regie_keys(text)
    lines = help_lines(text)
    assert lines[0] == "Weekplan"
    assert "Met [ en ] (of ← →) bladert u door de weken." in text  # the help text is not read as markup
    assert sum(1 for line in lines if line.startswith("[")) == 1
    assert sum(1 for line in lines if line.startswith("]")) == 1
    assert has_line(text, "[ / ←", "vorige week") and has_line(text, "] / →", "volgende week")
    for key, description in (("n", "nieuw"), ("p", "afdrukken"), ("esc", "terug"), ("f2 / ^f", "zoeken")):
        assert has_line(text, key, description), key
    # the command palette is listed once, with regie's own description; ctrl+q once as well
    assert sum("ctrl+p" in line or "^p" in line for line in lines) == 1
    assert has_line(text, "ctrl+p", "opdrachtenpalet: alle acties en personen zoeken")
    assert sum("^q" in line or "ctrl+q" in line for line in lines) == 1


async def test_every_main_screen_has_a_dutch_help_without_textuals_own_keys(app):
    from tui.screens.dossier import DossierScreen
    from tui.screens.signalen import SignalenScreen
    from tui.screens.uren import UrenScreen
    from tui.screens.weekplan import WeekplanScreen

    async with app.run_test(size=(120, 50)) as pilot:
        await caseload_loaded(pilot)
        person_id = first_zroute_person(app)
        texts = {"Caseload": await open_help(pilot)}
        await close_help(pilot)
        for title, open_screen, kind in (
            ("Dossier", lambda: app.open_dossier(person_id), DossierScreen),
            ("Weekplan", lambda: app.open_weekplan(person_id), WeekplanScreen),
            ("Urenregistratie", lambda: app.open_uren(person_id), UrenScreen),
            ("Signalen", app.action_signalen, SignalenScreen),
        ):
            open_screen()
            await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind))
            await pilot.pause()
            texts[title] = await open_help(pilot)
            await close_help(pilot)

    for title, text in texts.items():
        assert help_lines(text)[0] == title
        assert_only_regie_keys(text)
        assert "Op dit scherm" in text and "Overal in regie" in text
    assert has_line(texts["Caseload"], "/", "zoeken") and has_line(texts["Caseload"], "⏎", "dossier openen")
    assert has_line(texts["Dossier"], "esc / ⌫", "terug")
    assert has_line(texts["Signalen"], "^e", "exporteren (CSV)")


# --- the printable page on one A4 page ------------------------------------------------

_SOORTEN = [
    (WeekplanCategorie.TAAL, Taalvorm.FORMEEL, "Taalles B1", "Taalschool De Brug", "Wijkcentrum De Linde, Lindelaan 12"),
    (WeekplanCategorie.PARTICIPATIE, None, "Vrijwilligerswerk bij de voedselbank", "Voedselbank Eemland", "Industrieweg 4"),
    (WeekplanCategorie.FINANCIELE_EDUCATIE, None, "Budgetcursus Rondkomen", "Humanitas", "Stadhuisplein 1"),
    (WeekplanCategorie.TAAL, Taalvorm.INFORMEEL, "Taalcafé in de bibliotheek", "Bibliotheek Eemland", "Eemplein 75"),
]


def busy_items(per_dag: int, dagen: int = 7) -> list[WeekplanItem]:
    """``per_dag`` activities of an hour each day, with an overlap on wednesday."""
    items = []
    for dag in range(dagen):
        for i in range(per_dag):
            categorie, taalvorm, activiteit, aanbieder, locatie = _SOORTEN[(dag + i) % 4]
            eind = 10 + i if dag == 2 and i == 1 else 9 + i
            items.append(WeekplanItem(
                weekdag=dag, start_tijd=time(8 + i), eind_tijd=time(eind), categorie=categorie, activiteit=activiteit,
                geldig_van=date(2026, 1, 1), aanbieder=aanbieder, locatie=locatie, taalvorm=taalvorm,
            ))
    return items


def page_for(items: list[WeekplanItem], week: Week = Week(2026, 49)) -> str:
    return weekplan_page(naam="Amal Haddad", kenmerk="IB-2026-0001", items=items, week=week)


def test_the_page_has_no_fixed_cell_height_and_lets_the_table_break():
    page = render_weekplan_html("Amal Haddad", "IB-2026-0001", Week(2026, 52).label, plan_week(busy_items(2), Week(2026, 52)))
    css = page[page.index("<style>"):page.index("</style>")]
    for rule in re.findall(r"(?:^|\})\s*([^{}]*\b(?:td|th|tr|table|tbody)\b[^{}]*)\{([^}]*)\}", css):
        selector, body = rule
        assert not re.search(r"(?<![-\w])height\s*:", body), f"fixed height on {selector.strip()}"
    table_rule = re.search(r"\btable\s*\{([^}]*)\}", css).group(1)
    assert "page-break-inside" not in table_rule and "break-inside" not in table_rule
    assert "min-height" in css
    assert "@page { size: A4 landscape; margin: 10mm; }" in css


def test_a_busy_week_gets_smaller_letters_and_empty_days_a_narrow_column():
    week = Week(2026, 49)
    rustig, druk = plan_week(busy_items(2, dagen=4), week), plan_week(busy_items(8), week)
    assert lettergrootte(druk) < lettergrootte(rustig) == 10.0
    breedtes = kolombreedtes(rustig)
    assert sum(breedtes) == pytest.approx(277.0)
    assert breedtes[4] == breedtes[5] == breedtes[6] < breedtes[0]  # vrijdag t/m zondag are empty
    assert kolombreedtes(druk) == [277.0 / 7] * 7
    page = page_for(busy_items(8))
    assert f"td {{ font-size: {lettergrootte(druk):g}pt; }}" in page
    assert page.count("<col ") == 7
    assert page.count("tegelijk met een andere activiteit (overlap)") == 2


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdfinfo")), reason="needs chromium and poppler-utils")
@pytest.mark.parametrize("per_dag", [2, 8])
def test_chromium_prints_the_weekplan_on_one_a4_page(tmp_path, per_dag):
    html = tmp_path / "weekplan.html"
    pdf = tmp_path / "weekplan.pdf"
    html.write_text(page_for(busy_items(per_dag, dagen=5 if per_dag == 2 else 7)), encoding="utf-8")
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'chromium'}",
         f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    assert "A4" in info
