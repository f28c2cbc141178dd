"""Afspraken in the app: planned from the dossier, the agenda of today and the week, held -> contactmoment, the letter."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from rules.afspraken import AfspraakStatus
from storage.afspraken import list_afspraken
from storage.models import Contactmoment
from tests.tui.conftest import TODAY, caseload_loaded, demo_app, on_screen, screen_lines, wait_for
from tui.screens.afspraak_form import AfspraakFormScreen
from tui.screens.afspraak_gehouden import GehoudenScreen
from tui.screens.agenda import AgendaScreen, ConsulentKiezer
from tui.screens.confirm import ConfirmScreen
from tui.screens.dossier import DossierScreen
from tui.screens.message import MessageScreen


def _afspraken(app, **kwargs):
    with app.store.engine.connect() as connection:
        return list_afspraken(connection=connection, van=TODAY - timedelta(days=30), tot=TODAY + timedelta(days=30),
                              **kwargs)


async def _agenda(pilot) -> AgendaScreen:
    await caseload_loaded(pilot)
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AgendaScreen) and pilot.app.screen.agenda is not None)
    await pilot.pause()
    return pilot.app.screen


async def _reloaded(pilot, screen, before):
    await wait_for(pilot, lambda: screen.agenda is not before)
    await pilot.pause()


async def test_the_start_toast_says_how_many_afspraken_i_have_today():
    from datetime import datetime

    app = demo_app(now=datetime(2026, 11, 22, 8, 0))
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        assert "Vandaag 3 afspraken, de eerste om 09:30" in app.startup_line
        assert any("Vandaag 3 afspraken" in str(n.message) for n in app._notifications)


async def test_the_start_toast_in_the_evening_does_not_announce_appointments_already_past():
    from datetime import datetime

    app = demo_app(now=datetime(2026, 11, 22, 18, 46))
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        assert "De 3 afspraken zijn van vandaag al voorbij: leg in de agenda (F8) vast wat er gebeurde." in app.startup_line
        assert "de eerste om" not in app.startup_line


async def test_the_agenda_shows_today_then_the_week_and_a_colleagues_agenda():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        assert on_screen(app, "Agenda van Anna de Vries · vandaag, zondag 22-11-2026 · 3 afspraken, 3 gepland")
        mine = [a for a in _afspraken(app, consulent="Anna de Vries") if a.datum == TODAY]
        for afspraak in mine:
            assert on_screen(app, f"{afspraak.tijden}  {afspraak.naam} ({afspraak.kenmerk})")
        assert on_screen(app, "voortgangsgesprek · Stadskantoor, kamer 2.14")
        before = screen.agenda
        await pilot.press("2")
        await _reloaded(pilot, screen, before)
        assert on_screen(app, "week 47 (16-11-2026 t/m 22-11-2026) · 5 afspraken, 4 gepland")
        assert on_screen(app, "Donderdag 19-11-2026") and on_screen(app, "Zondag 22-11-2026  (vandaag)")
        assert on_screen(app, "NOG AFHANDELEN") and on_screen(app, "AFGEZEGD")
        before = screen.agenda
        await pilot.press("right_square_bracket")
        await _reloaded(pilot, screen, before)
        assert on_screen(app, "week 48 (23-11-2026 t/m 29-11-2026) · 3 afspraken")
        # a colleague's agenda
        before = screen.agenda
        await pilot.press("d", "1")
        await wait_for(pilot, lambda: screen.agenda is not before and not screen.agenda.week)
        before = screen.agenda
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsulentKiezer))
        await pilot.pause()
        assert on_screen(app, "mijn eigen agenda (Anna de Vries)")
        await pilot.press("down", "enter")  # the first colleague, alphabetically: Mehmet Bakker
        await wait_for(pilot, lambda: app.screen is screen and screen.agenda is not before)
        await pilot.pause()
        assert on_screen(app, "Agenda van Mehmet Bakker · vandaag") and on_screen(app, "2 afspraken, 2 gepland")


async def test_enter_on_an_afspraak_opens_the_dossier_with_the_next_afspraak():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        first = screen.selected()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await pilot.pause()
        assert app.screen.person_id == first.person_id
        assert on_screen(app, f"Volgende afspraak: vandaag {first.tijden}, voortgangsgesprek")


async def test_a_held_afspraak_becomes_a_contactmoment_with_one_key_and_a_confirmation():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        afspraak = screen.selected()
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, GehoudenScreen))
        await pilot.pause()
        assert on_screen(app, f"met {afspraak.naam} · {afspraak.kenmerk}")
        await pilot.press(*" Afspraken over stage gemaakt.")
        before = screen.agenda
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.agenda is not before)
        await pilot.pause()
        assert on_screen(app, "GEHOUDEN")
        with app.store.engine.connect() as connection:
            row = connection.execute(select(Contactmoment.__table__).where(
                Contactmoment.__table__.c.person_id == afspraak.person_id).order_by(
                Contactmoment.__table__.c.id.desc())).mappings().first()
        assert (row["datum"], row["soort"]) == (TODAY, "voortgangsgesprek")
        assert row["notitie"].startswith("Voortgangsgesprek (09:30-10:15") and row["notitie"].endswith("stage gemaakt.")
        held = next(a for a in _afspraken(app) if a.id == afspraak.id)
        assert (held.status, held.contactmoment_id) == (AfspraakStatus.GEHOUDEN, row["id"])
        await pilot.press("n")  # a second time: already held, nothing new
        await pilot.pause()
        assert not isinstance(app.screen, GehoudenScreen)


async def test_niet_verschenen_and_afgezegd_are_recorded_from_the_agenda():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        before = screen.agenda
        await pilot.press("z")
        await _reloaded(pilot, screen, before)
        assert on_screen(app, "NIET VERSCHENEN")
        await pilot.press("down")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        before = screen.agenda
        await pilot.press("j")
        await _reloaded(pilot, screen, before)
        assert on_screen(app, "AFGEZEGD") and on_screen(app, "3 afspraken, 1 gepland")


async def test_an_afspraak_still_to_come_cannot_be_marked_held_or_missed():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        before = screen.agenda
        await pilot.press("2", "right_square_bracket")
        await wait_for(pilot, lambda: screen.agenda is not before and screen.agenda.van == TODAY + timedelta(days=1))
        await pilot.pause()
        tomorrow = screen.selected()
        assert tomorrow.datum == TODAY + timedelta(days=1)
        await pilot.press("n", "z")
        await pilot.pause()
        assert app.screen is screen
        assert any("nog niet geweest" in str(n.message) for n in app._notifications)
        assert next(a for a in _afspraken(app) if a.id == tomorrow.id).status is AfspraakStatus.GEPLAND


async def test_an_afspraak_is_planned_from_the_dossier_and_a_clash_is_asked_about():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        person = next(e for e in app.screen.entries if e.facts.consulent == "Sanne Jansen")
        app.open_dossier(person.record.id)
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, AfspraakFormScreen))
        await pilot.pause()
        form = app.screen
        await pilot.press(*"25:00", "ctrl+s")  # no time: refused, naming the field
        await pilot.pause()
        assert on_screen(app, "geen geldige tijd voor de begintijd")
        form.query_one("#f-begin").value = ""
        form.query_one("#f-datum").value = "vandaag"
        form.query_one("#f-begin").value = "09:45"  # Anna de Vries has a voortgangsgesprek 09:30-10:15
        form.query_one("#f-plaats").value = "Stadskantoor, kamer 2.14"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        assert "Anna de Vries heeft dan al een afspraak: 09:30-10:15 voortgangsgesprek" in app.screen.detail
        assert on_screen(app, "Toch opslaan?")
        await pilot.press("n")  # back to the form, nothing stored
        await wait_for(pilot, lambda: app.screen is form)
        assert not [a for a in _afspraken(app) if a.person_id == person.record.id]
        form.query_one("#f-datum").value = "+2d"
        form.query_one("#f-begin").value = "15:00"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        await wait_for(pilot, lambda: on_screen(app, "Volgende afspraak: dinsdag 24-11-2026 15:00-15:45, voortgangsgesprek"))
        planned = [a for a in _afspraken(app) if a.person_id == person.record.id]
        assert [(a.datum, a.tijden, a.consulent, a.plaats) for a in planned] == [
            (TODAY + timedelta(days=2), "15:00-15:45", "Anna de Vries", "Stadskantoor, kamer 2.14")]


async def test_p_prints_the_letter_and_says_where_it_is_with_the_privacy_line():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _agenda(pilot)
        afspraak = screen.selected()
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Afspraakbrief klaar" in text and "niet versleuteld" in text
        # The demo has no phone number and no gemeente_naam: the consulent is told, with how to set them.
        assert app.policy.consulent_telefoon == "" and app.policy.gemeente_naam == ""
        assert "Let op: Er staat geen telefoonnummer op" in text and "gemeente_naam" in text
        from services.afspraak_brief import default_print_path

        path = default_print_path(afspraak)
        assert path.exists() and afspraak.naam in path.read_text(encoding="utf-8")


async def test_the_palette_and_f1_name_the_agenda_and_planning_an_afspraak():
    from textual.command import CommandList, CommandPalette

    from tui.screens.help import HelpScreen

    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(app) and app.screen.query_one(CommandList).option_count > 5)
        await pilot.pause(0.3)
        commands = app.screen.query_one(CommandList)
        entries = {str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)}
        assert {"agenda: mijn afspraken vandaag", "agenda: afspraak plannen"} <= entries
        await pilot.press("escape")
        screen = await _agenda(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = app.screen.text.plain
        for line in ("gehouden: contactmoment", "niet verschenen", "afgezegd", "brief afdrukken", "andere consulent",
                     "afspraak plannen", "agenda"):
            assert line in text, line
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "afspraak plannen" in app.screen.text.plain and "afspraakbrief afdrukken" in app.screen.text.plain


async def _agenda_week(pilot) -> None:
    screen = await _agenda(pilot)
    before = screen.agenda
    await pilot.press("2")
    await _reloaded(pilot, screen, before)
    pilot.app.clear_notifications()  # toasts from the caseload come and go with time
    await pilot.pause()


def test_agenda_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=_agenda_week)


def test_agenda_snapshot_at_80_by_24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_agenda_week)
