"""The app's CSV screen: besluiten (and personen, uren) in and out, as `regie import/export` does them."""

from __future__ import annotations

import sys

from textual.widgets import Input, Select

from storage.importer import BESLUIT_COLUMNS
from tests.tui.conftest import caseload_loaded, on_screen, wait_for
from tui.screens.csv_bestanden import KEUZES, CsvScreen

HEADER = ";".join(BESLUIT_COLUMNS)


async def _shown(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CsvScreen) and bool(app.screen.query("#csv-pad")))
    await pilot.pause()


def _choose(app, richting: str, soort: str) -> None:
    index = next(i for i, k in enumerate(KEUZES) if (k.richting, k.soort) == (richting, soort))
    app.screen.query_one("#csv-keuze", Select).value = index


def _outcome(app) -> str:
    return str(app.screen.query_one("#csv-uitkomst").render())


def _row(**cells: str) -> str:
    return ";".join(cells.get(column, "") for column in BESLUIT_COLUMNS)


async def test_the_palette_opens_the_csv_screen_and_exports_the_besluiten_owner_only(app, tmp_path):
    target = tmp_path / "besluiten.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"CSV: inlezen")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _shown(pilot)
        _choose(app, "export", "besluiten")
        await pilot.pause()
        field = app.screen.query_one("#csv-pad", Input)
        assert field.value.endswith("besluiten-2026-11-22.csv")  # a name is proposed
        field.value = str(target)
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "geschreven naar" in _outcome(app))
        assert on_screen(app, "besluiten geschreven naar")
        lines = target.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == HEADER and len(lines) > 1
        assert _outcome(app).startswith(f"{len(lines) - 1} besluiten geschreven naar")
    if sys.platform != "win32":
        assert target.stat().st_mode & 0o077 == 0  # owner-only


async def test_a_besluiten_file_with_wrong_rows_shows_every_one_and_stores_nothing(app, tmp_path):
    from services import besluiten

    source = tmp_path / "duo.csv"
    source.write_text("\n".join((
        HEADER,
        _row(kenmerk="IB-2024-0063", soort="ontheffing", datum="01-09-2026", omvang="gedeeltelijk"),
        _row(kenmerk="IB-0000-0000", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),
        _row(kenmerk="IB-2024-0063", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),
    )) + "\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        app.action_csv()
        await _shown(pilot)
        _choose(app, "import", "besluiten")
        await pilot.pause()
        person_id = next(e.record.id for e in app.screen_stack[0].entries if e.record.facts.kenmerk == "IB-2024-0063")
        before = besluiten.list_besluiten(store=app.store, person_id=person_id)
        field = app.screen.query_one("#csv-pad", Input)
        field.value = str(source)
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "niet ingelezen" in _outcome(app))
        text = _outcome(app)
        assert "duo.csv niet ingelezen: 2 fouten; er is niets opgeslagen" in text
        assert "regel 2, kolom onderdeel: Een gedeeltelijke ontheffing geldt voor een examenonderdeel" in text
        assert "regel 3, kolom kenmerk: onbekend kenmerk ‘IB-0000-0000’" in text
        assert besluiten.list_besluiten(store=app.store, person_id=person_id) == before


async def test_a_besluiten_file_is_read_in_once_and_a_second_time_adds_nothing(app, tmp_path):
    source = tmp_path / "duo.csv"
    source.write_text("\n".join((
        HEADER,
        _row(kenmerk="IB-2024-0063", soort="examen", datum="05-03-2026", onderdeel="knm", resultaat="behaald"),
        _row(kenmerk="IB-2024-0063", soort="vrijstelling", datum="01-09-2026", omvang="geheel", reden="dip"),
    )) + "\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        app.action_csv()
        await _shown(pilot)
        _choose(app, "import", "besluiten")
        await pilot.pause()
        field = app.screen.query_one("#csv-pad", Input)
        field.value = str(source)
        field.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "toegevoegd" in _outcome(app))
        assert "duo.csv: 2 besluiten toegevoegd, 0 al aanwezig en overgeslagen (gelezen als UTF-8)." in _outcome(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "0 besluiten toegevoegd" in _outcome(app))
        assert "2 al aanwezig en overgeslagen" in _outcome(app)
