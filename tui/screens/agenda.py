"""F8: the agenda: today's or this week's afspraken of the consulent (or a colleague), and what happened at them.

Enter opens the person's dossier; n turns a held appointment into a
contactmoment (kind, date and a note filled in, the consulent confirms); z
records that the person did not come, x that the appointment was cancelled; p
prints the appointment letter.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet
from tui.threads import run_service
from tui.widgets.footer import Footer
from tui.keep_styles import KeepStyles

if TYPE_CHECKING:
    from rules.afspraken import Afspraak
    from services.afspraken import Agenda

_DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_STATUS_STYLE = {"gepland": "", "gehouden": "green", "niet_verschenen": "bold red", "afgezegd": "dim strike"}


def afspraak_prompt(afspraak: Afspraak, *, today: date) -> Text:
    """Two lines: time, naam and kenmerk; then kind, place, tolk and (when not planned) the status in words."""
    from rules.afspraken import AfspraakStatus, nog_afhandelen, status_label

    planned = afspraak.status is AfspraakStatus.GEPLAND
    style = _STATUS_STYLE[afspraak.status.value]
    first = Text.assemble((f"{afspraak.tijden}  ", "bold"), (afspraak.naam, "bold" if planned else style),
                          f" ({afspraak.kenmerk})", no_wrap=True, overflow="ellipsis")
    details = [afspraak.soort.label]
    if afspraak.plaats:
        details.append(afspraak.plaats)
    if afspraak.tolk:
        details.append(afspraak.tolk)
    second = Text("             " + " · ".join(details), style="" if planned else "dim")
    if not planned:
        second.append(f"  {afspraak.status.label.upper()}", style=style.replace("strike", "").strip() or "bold")
    elif nog_afhandelen(afspraak.status, afspraak.datum, today):
        second.append(f"  {status_label(afspraak.status, afspraak.datum, today).upper()} (n/z/x)", style="bold dark_orange")
    return Text("\n").join([first, second])


def day_heading(day: date, *, today: date) -> Text:
    label = f"{_DAGEN[day.weekday()].capitalize()} {day:%d-%m-%Y}"
    if day == today:
        label += "  (vandaag)"
    return Text(label, style="bold underline")


class AgendaScreen(KeepStyles, Screen):
    """The afspraken of one consulent, a day or a week at a time."""

    DEFAULT_CSS = stylesheet(__file__, "agenda.tcss")
    COMMAND_PREFIX = "agenda"
    HELP_TITLE = "Agenda"
    HELP_TEXT = (
        "Uw afspraken van vandaag (1) of deze week (2); [ en ] bladeren, d gaat terug naar vandaag. Met m kiest u de "
        "agenda van een collega. Enter opent het dossier. Na de afspraak: n legt haar vast als contactmoment "
        "(soort, datum en notitie staan al klaar; u past de notitie aan en slaat op met ctrl+s), z noteert dat de "
        "persoon niet verscheen, x dat de afspraak is afgezegd. e wijzigt een geplande afspraak, f plant een nieuwe, "
        "p drukt de afspraakbrief voor de inburgeraar af."
    )
    BINDINGS = [
        Binding("enter", "open", "dossier openen"),
        Binding("n", "gehouden", "gehouden: contactmoment"),
        Binding("z", "niet_verschenen", "niet verschenen"),
        Binding("x", "afzeggen", "afgezegd", show=False),
        Binding("e", "edit", "wijzigen", show=False),
        Binding("f", "plan", "afspraak plannen", show=False),
        Binding("p", "print", "brief afdrukken"),
        Binding("1", "mode(False)", "vandaag", show=False),
        Binding("2", "mode(True)", "deze week", show=False),
        Binding("left_square_bracket", "shift(-1)", "vorige", show=False),
        Binding("right_square_bracket", "shift(1)", "volgende", show=False),
        Binding("d", "today", "naar vandaag", show=False),
        Binding("m", "choose_consulent", "andere consulent"),
        Binding("ctrl+r", "reload", "opnieuw laden", show=False),
        Binding("escape", "back", "terug"),
    ]

    def __init__(self, *, week: bool = False, consulent: str | None = None) -> None:
        super().__init__()
        self.week = week
        self.consulent = consulent  # None: the consulent of this laptop (preferences)
        self.datum: date | None = None
        self.agenda: Agenda | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Agenda laden…", id="agenda-kop")
        yield OptionList(id="agenda-lijst")
        yield Static("", id="agenda-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.datum = self.app.today()
        self.query_one("#agenda-lijst", OptionList).focus()
        self.reload()

    @property
    def whose(self) -> str | None:
        return self.consulent or self.app.consulent

    # -- loading ------------------------------------------------------------------
    def reload(self) -> None:
        store = self.app.store
        if store is None or self.datum is None:
            return
        datum, week, whose = self.datum, self.week, self.whose

        def load():
            from services.afspraken import list_agenda

            return list_agenda(store=store, datum=datum, week=week, consulent=whose)

        run_service(self, load, self._show, group="agenda")

    def _show(self, agenda: Agenda) -> None:
        from rules.dates import format_date

        self.agenda = agenda
        today = self.app.today()
        whose = agenda.consulent or "iedereen"
        if agenda.week:
            iso = agenda.van.isocalendar()
            periode = f"week {iso.week} ({format_date(agenda.van)} t/m {format_date(agenda.tot)})"
        else:
            periode = f"{_DAGEN[agenda.van.weekday()]} {format_date(agenda.van)}"
            if agenda.van == today:
                periode = f"vandaag, {periode}"
        planned = sum(1 for a in agenda.afspraken if a.status.value == "gepland")
        kop = Text.assemble(("Agenda van ", "bold"), (whose, "bold"), f" · {periode} · ",
                            f"{len(agenda.afspraken)} afspraken, {planned} gepland")
        self.query_one("#agenda-kop", Static).update(kop)
        lijst = self.query_one("#agenda-lijst", OptionList)
        highlighted = lijst.highlighted_option.id if lijst.highlighted_option else None
        options: list = []
        day = None
        for afspraak in agenda.afspraken:
            if agenda.week and afspraak.datum != day:
                day = afspraak.datum
                options.append(Option(day_heading(day, today=today), disabled=True, id=f"d{day.isoformat()}"))
            options.append(Option(afspraak_prompt(afspraak, today=today), id=f"a{afspraak.id}"))
        lijst.set_options(options)
        ids = [f"a{a.id}" for a in agenda.afspraken]
        if highlighted in ids:
            lijst.highlighted = lijst.get_option_index(highlighted)
        elif ids:
            lijst.highlighted = lijst.get_option_index(ids[0])
        hint = self.query_one("#agenda-hint", Static)
        if not agenda.afspraken:
            hint.update(Text.assemble("Geen afspraken. ", ("f: afspraak plannen · 2: deze week · [ ]: bladeren · "
                                                            "m: andere consulent", "dim")))
        else:
            hint.update(Text("1 vandaag · 2 week · [ ] bladeren · d vandaag · m andere consulent · x afgezegd · "
                             "e wijzigen · f plannen · p brief", style="dim"))

    def selected(self) -> Afspraak | None:
        lijst = self.query_one("#agenda-lijst", OptionList)
        option = lijst.highlighted_option
        if self.agenda is None or option is None or not option.id or not option.id.startswith("a"):
            return None
        return next((a for a in self.agenda.afspraken if f"a{a.id}" == option.id), None)

    # -- moving around ---------------------------------------------------------------
    def action_mode(self, week: bool) -> None:
        self.week = week
        self.reload()

    def action_shift(self, steps: int) -> None:
        if self.datum is not None:
            self.datum += timedelta(days=7 * steps if self.week else steps)
            self.reload()

    def action_today(self) -> None:
        self.datum = self.app.today()
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_choose_consulent(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.afspraken import list_consulenten

            return list_consulenten(store=store)

        def chosen(name: str | None) -> None:
            if name is not None:
                self.consulent = name or None
                self.reload()

        run_service(self, load, lambda names: self.app.push_screen(
            ConsulentKiezer(names, own=self.app.consulent, current=self.whose), chosen), group="agenda-consulenten")

    @on(OptionList.OptionSelected, "#agenda-lijst")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        afspraak = self.selected()
        if afspraak is not None:
            self.app.open_dossier(afspraak.person_id)

    # -- after the appointment ---------------------------------------------------------
    def _needs_planned(self, *, held_by_now: bool = False) -> Afspraak | None:
        """The highlighted afspraak when it is still gepland (and, with `held_by_now`, not in the future)."""
        afspraak = self.selected()
        if afspraak is None:
            self.notify("Kies eerst een afspraak in de lijst.", severity="warning")
            return None
        if afspraak.status.value != "gepland":
            self.notify(f"Deze afspraak staat al op ‘{afspraak.status.label}’.", severity="warning")
            return None
        if held_by_now and afspraak.datum > self.app.today():
            self.notify("Deze afspraak is nog niet geweest; wijzig haar met e of zeg haar af met x.", severity="warning")
            return None
        return afspraak

    def action_gehouden(self) -> None:
        afspraak = self._needs_planned(held_by_now=True)
        if afspraak is None:
            return
        from tui.screens.afspraak_gehouden import GehoudenScreen

        def done(contact_id: int | None) -> None:
            if contact_id is not None:
                self.reload()

        self.app.push_screen(GehoudenScreen(afspraak), done)

    def action_niet_verschenen(self) -> None:
        afspraak = self._needs_planned(held_by_now=True)
        if afspraak is None:
            return
        store, today = self.app.store, self.app.today()

        def save():
            from services.afspraken import niet_verschenen

            return niet_verschenen(store=store, afspraak_id=afspraak.id, today=today)

        self._write(save, f"Genoteerd: {afspraak.naam} is niet verschenen ({afspraak.tijden}).")

    def action_afzeggen(self) -> None:
        afspraak = self._needs_planned()
        if afspraak is None:
            return
        from tui.screens.confirm import ConfirmScreen

        store = self.app.store

        def save():
            from services.afspraken import annuleer_afspraak

            return annuleer_afspraak(store=store, afspraak_id=afspraak.id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(save, f"Afspraak met {afspraak.naam} ({afspraak.tijden}) staat op afgezegd.")

        self.app.push_screen(ConfirmScreen(f"De afspraak van {afspraak.tijden} met {afspraak.naam} is afgezegd?",
                                           ja="afgezegd", nee="laten staan"), answered)

    def _write(self, call, message: str) -> None:
        from tui.screens.message import MessageScreen

        def done(_result) -> None:
            self.notify(message, timeout=5)
            self.reload()
            self.app.data_changed()

        def failed(text: str) -> None:
            self.app.push_screen(MessageScreen("Niet opgeslagen", text))
            self.reload()

        run_service(self, call, done, failed=failed, group="agenda-write")

    # -- planning ----------------------------------------------------------------------
    def action_edit(self) -> None:
        afspraak = self._needs_planned()
        if afspraak is None:
            return
        from tui.screens.afspraak_form import AfspraakFormScreen

        self.app.push_screen(AfspraakFormScreen(afspraak.person_id, afspraak=afspraak), lambda _id: self.reload())

    def action_plan(self) -> None:
        from tui.screens.search import SearchScreen

        if self.app.store is None:
            return

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                from tui.screens.afspraak_form import AfspraakFormScreen

                datum = self.datum if self.datum and self.datum >= self.app.today() else None
                self.app.push_screen(AfspraakFormScreen(person_id, datum=datum), lambda _id: self.reload())

        self.app.push_screen(SearchScreen(title="Afspraak plannen voor…"), chosen)

    def action_print(self) -> None:
        afspraak = self.selected()
        if afspraak is None:
            self.notify("Kies eerst een afspraak in de lijst.", severity="warning")
            return
        print_letter(self, afspraak.id)


def print_letter(node, afspraak_id: int) -> None:
    """Write the appointment letter (in a worker) and say where it is, with the privacy line."""
    from tui.screens.message import MessageScreen

    app = node.app
    store, policy, today = app.store, app.policy, app.today()
    if store is None or policy is None:
        return

    def write():
        from services.afspraak_brief import print_afspraak_brief

        warnings: list[str] = []
        path = print_afspraak_brief(store, afspraak_id=afspraak_id, policy=policy, today=today, warnings=warnings)
        return path, warnings

    def written(result) -> None:
        from services.afspraak_brief import PRIVACY_LINE

        path, warnings = result
        let_op = "".join(f"Let op: {w}\n" for w in warnings)
        app.push_screen(MessageScreen("Afspraakbrief klaar", f"Open het bestand in uw browser en druk het af:\n{path}\n\n"
                                      f"{let_op + chr(10) if let_op else ''}{PRIVACY_LINE}"))

    run_service(node, write, written, failed=lambda text: app.push_screen(MessageScreen("Brief niet gemaakt", text)),
                group="afspraak-brief")


class ConsulentKiezer(ModalScreen["str | None"]):
    """Choose whose agenda to see: your own (first), a colleague's, or everyone's. Dismisses with the name,
    "" for your own, or None when cancelled."""

    DEFAULT_CSS = stylesheet(__file__, "agenda.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren")]
    HELP_TITLE = "Agenda van…"
    HELP_TEXT = "Kies met pijl omhoog/omlaag en enter wiens agenda u ziet; escape laat het zoals het was."

    def __init__(self, names: list[str], *, own: str | None, current: str | None) -> None:
        super().__init__()
        self.names = [name for name in names if name != own]
        self.own = own
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        if self.own:
            options.append(Option(Text(f"mijn eigen agenda ({self.own})"), id="eigen"))
        options.extend(Option(Text(name), id=f"c{index}") for index, name in enumerate(self.names))
        with Vertical():
            yield Static("Agenda van…", id="kiezer-titel")
            yield OptionList(*options, id="kiezer-lijst")
            yield Static("enter: kiezen · escape: annuleren", id="kiezer-hint")

    def on_mount(self) -> None:
        lijst = self.query_one(OptionList)
        lijst.focus()
        if self.current in self.names:
            lijst.highlighted = self.names.index(self.current) + (1 if self.own else 0)
        elif lijst.option_count:
            lijst.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "eigen":
            self.dismiss("")
        else:
            self.dismiss(self.names[int(event.option.id[1:])])

    def action_cancel(self) -> None:
        self.dismiss(None)

