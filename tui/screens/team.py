"""Team mode: the list of what the team disagrees on (conflicten), who may be entered twice (mogelijk dubbel),
and which changes the teamdatabase refused; each with the action that settles it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from rules.text import safe_for_terminal
from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.threads import run_service
from tui.widgets.footer import Footer

SECTIONS = {"c": "Conflicten", "d": "Mogelijk dubbel", "r": "Geweigerd door de teamdatabase"}
REDENEN = {"bsn": "zelfde BSN", "v_nummer": "zelfde V-nummer", "naam_geboortedatum": "zelfde naam en geboortedatum",
           "kenmerk": "zelfde kenmerk"}


def waarde(value: object) -> str:
    """A field's value as the consulent reads it."""
    if value is None or value == "":
        return "(leeg)"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return str(value)


def moment(iso: str | None) -> str:
    """An ISO time (UTC) as a local day and clock time: 03-12 10:42."""
    if not iso:
        return "?"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d-%m %H:%M")
    except ValueError:
        return iso


def veld(name: str) -> str:
    return name.replace("_", " ")


def _person(side) -> str:
    if side is None:
        return "(niet zichtbaar op deze laptop)"
    uren = f"{side.uren_minuten // 60}:{side.uren_minuten % 60:02d} uur"
    return safe_for_terminal(f"{side.naam} ({side.kenmerk}) · {side.contactmomenten} contactmomenten · {uren}")


class ConflictenScreen(Screen):
    """Conflicten, mogelijk dubbel and refused changes, with choose/merge/keep/retry actions."""

    COMMAND_PREFIX = "team"
    HELP_TITLE = "Conflicten in het team"
    HELP_TEXT = (
        "Hier staat wat het team nog moet beslissen. Een conflict ontstaat als twee collega's hetzelfde veld van "
        "dezelfde persoon tegelijk (offline) anders hebben ingevuld: beide waarden blijven bewaard en B (de laatste in "
        "de volgorde van de teamdatabase) wordt getoond tot iemand kiest. Kies met a of b, of voeg samen met s (u typt "
        "de tekst zelf). Een mogelijk dubbel is een persoon die twee keer lijkt te zijn aangemeld (zelfde BSN, "
        "V-nummer, of naam en geboortedatum): bewaar A of B; alle contactmomenten en uren van de ander gaan mee. "
        "Een geweigerde wijziging heeft de teamdatabase niet aangenomen (bijvoorbeeld een persoon van een gemeente "
        "waarvoor u geen rechten heeft): ze staat alleen op deze laptop. Stuur haar opnieuw met r als de beheerder "
        "het heeft opgelost, of laat haar vervallen met v. Elke keuze gaat bij de volgende synchronisatie naar het team."
    )
    BINDINGS = [
        Binding("escape", "back", "terug"),
        Binding("a", "choose('a')", "kies A / bewaar A"),
        Binding("b", "choose('b')", "kies B / bewaar B"),
        Binding("s", "merge", "samenvoegen"),
        Binding("r", "retry", "opnieuw versturen"),
        Binding("v", "forget", "laten vervallen", show=False),
        Binding("ctrl+r", "reload", "opnieuw laden", show=False),
    ]
    DEFAULT_CSS = stylesheet(__file__, "team.tcss")

    def __init__(self, *, section: str = "c") -> None:
        super().__init__()
        self.section = section  # where the cursor starts: c, d or r
        self.items: dict[str, object] = {}  # option id -> ConflictView | DubbelView | RefusedView

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Laden…", id="team-counts")
        yield OptionList(id="team-list")
        yield Static("", id="team-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.reload()

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services import team

            return team.conflicts(store), team.dubbels(store), team.refused(store)

        run_service(self, load, self._loaded, unexpected="De lijst Conflicten kon niet worden geladen ({kind}).",
                    group="team-lijst")

    def action_reload(self) -> None:
        self.reload()

    def _loaded(self, lists) -> None:
        conflicts, dubbels, refused = lists
        options: list[Option | None] = []
        self.items = {}
        first_of: dict[str, str] = {}
        for key, entries in (("c", conflicts), ("d", dubbels), ("r", refused)):
            if not entries:
                continue
            if options:
                options.append(None)
            options.append(Option(Text(f"{SECTIONS[key]} ({len(entries)})", style="bold"), disabled=True))
            for entry in entries:
                option_id = f"{key}:{entry.uuid}"
                self.items[option_id] = entry
                first_of.setdefault(key, option_id)
                options.append(Option(self._line(key, entry), id=option_id))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        self.query_one("#team-counts", Static).update(
            f"{len(conflicts)} {'conflict' if len(conflicts) == 1 else 'conflicten'} · {len(dubbels)} mogelijk dubbel · "
            f"{len(refused)} geweigerd" if self.items else "Niets te beslissen: het team is het overal over eens.")
        start = first_of.get(self.section) or next(iter(self.items), None)
        if start is not None:
            listing.highlighted = listing.get_option_index(start)
        self._show_detail()

    @staticmethod
    def _line(key: str, entry) -> Text:
        if key == "c":
            who = safe_for_terminal(f"{entry.naam} ({entry.kenmerk})") if entry.naam else "persoon niet op deze laptop"
            return Text.assemble(f"{who} · {veld(entry.veld)}: ", ("A ", "bold"), waarde(entry.waarde_a),
                                 "  ", ("B ", "bold"), waarde(entry.waarde_b))
        if key == "d":
            a = entry.a.naam if entry.a else "?"
            b = entry.b.naam if entry.b else "?"
            return Text(f"{a} en {b} · {REDENEN.get(entry.reden, entry.reden)}")
        return Text(f"{entry.soort}{f' ({entry.kenmerk})' if entry.kenmerk else ''} · {moment(entry.op)}")

    # -- the one in view ------------------------------------------------------
    def current(self) -> tuple[str, object] | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        if option_id not in self.items:
            return None
        return option_id[0], self.items[option_id]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#team-detail", Static)
        found = self.current()
        if found is None:
            detail.update("")
            return
        key, entry = found
        if key == "c":
            detail.update(Text.assemble(
                (f"Veld {veld(entry.veld)}", "bold"), " — beide waarden zijn bewaard; B staat nu in het dossier.\n",
                ("A: ", "bold"), waarde(entry.waarde_a), f"  — {entry.door_a}, {moment(entry.op_a)}\n",
                ("B: ", "bold"), waarde(entry.waarde_b), f"  — {entry.door_b}, {moment(entry.op_b)}\n",
                ("a", "bold"), " kies A · ", ("b", "bold"), " kies B · ", ("s", "bold"), " samenvoegen (zelf typen)"))
        elif key == "d":
            detail.update(Text.assemble(
                (f"Mogelijk dubbel: {REDENEN.get(entry.reden, entry.reden)}", "bold"), "\n",
                ("A: ", "bold"), _person(entry.a), "\n", ("B: ", "bold"), _person(entry.b), "\n",
                ("a", "bold"), " bewaar A · ", ("b", "bold"), " bewaar B — alle contactmomenten en uren van de ander "
                "gaan mee; zijn het twee verschillende mensen, laat het dan staan en bespreek het in het team."))
        else:
            detail.update(Text.assemble(
                (f"Geweigerd: {entry.soort}", "bold"), f" op {moment(entry.op)}\n", "Reden: ", entry.reden, "\n",
                "Deze wijziging staat alleen op deze laptop. ", ("r", "bold"), " opnieuw versturen · ",
                ("v", "bold"), " laten vervallen"))

    # -- actions --------------------------------------------------------------
    def _run(self, call, done: str) -> None:
        def finished(_result) -> None:
            self.notify(done, markup=False)
            self.reload()
            refresh = getattr(self.app, "refresh_team_status", None)
            if refresh is not None:
                refresh()
            self.app.data_changed()

        run_service(self, call, finished, unexpected="Niet opgeslagen: databasefout ({kind}).", group="team-actie")

    def action_choose(self, side: str) -> None:
        found = self.current()
        if found is None:
            return
        key, entry = found
        store, author = self.app.store, self.app.consulent or ""
        from services import team

        if key == "c":
            value = entry.waarde_a if side == "a" else entry.waarde_b
            self._run(lambda: team.resolve_conflict(store, entry.uuid, waarde=value, author=author),
                      f"Gekozen: {waarde(value)}. Het team krijgt deze keuze bij de volgende synchronisatie.")
        elif key == "d":
            kept, other = (entry.a, entry.b) if side == "a" else (entry.b, entry.a)
            bewaard = entry.person_a if side == "a" else entry.person_b
            if kept is None:
                self.notify("Deze persoon staat niet op deze laptop; bewaar de ander of laat het aan een collega.",
                            severity="warning")
                return
            from tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._run(lambda: team.merge_dubbel(store, entry.uuid, bewaard=bewaard, author=author),
                              f"Samengevoegd: {kept.naam} ({kept.kenmerk}) bewaard, met alles van de ander.")

            gone = f"{other.naam} ({other.kenmerk})" if other else "de ander"
            self.app.push_screen(ConfirmScreen(
                safe_for_terminal(f"{kept.naam} ({kept.kenmerk}) bewaren en {gone} samenvoegen?"),
                detail="Alle contactmomenten, uren, examens, weekplanregels en afhandelingen gaan mee. "
                       "Dit geldt voor het hele team en kan niet ongedaan worden gemaakt.",
                ja="samenvoegen", nee="niet nu"), answered)
        else:
            self.notify("Een geweigerde wijziging stuurt u opnieuw (r) of laat u vervallen (v).", severity="warning")

    def action_merge(self) -> None:
        found = self.current()
        if found is None or found[0] != "c":
            self.notify("Samenvoegen kan bij een conflict; bij een mogelijk dubbel kiest u wie blijft (a of b).",
                        severity="warning")
            return
        entry = found[1]
        if not all(isinstance(v, str) or v is None for v in (entry.waarde_a, entry.waarde_b)):
            self.notify("Dit veld is geen tekst; kies A of B.", severity="warning")
            return
        store, author = self.app.store, self.app.consulent or ""
        from services import team

        def merged(text: str | None) -> None:
            if text is not None:
                self._run(lambda: team.resolve_conflict(store, entry.uuid, waarde=text, author=author),
                          "Samengevoegd. Het team krijgt deze tekst bij de volgende synchronisatie.")

        start = " / ".join(v for v in (entry.waarde_a, entry.waarde_b) if v)
        self.app.push_screen(SamenvoegenScreen(veld(entry.veld), start), merged)

    def action_retry(self) -> None:
        found = self.current()
        if found is None or found[0] != "r":
            return
        store, entry = self.app.store, found[1]
        from services import team

        self._run(lambda: team.retry_refused(store, entry.uuid),
                  "Staat weer klaar om te versturen; de volgende synchronisatie probeert het opnieuw.")

    def action_forget(self) -> None:
        found = self.current()
        if found is None or found[0] != "r":
            return
        store, entry = self.app.store, found[1]
        from services import team

        self._run(lambda: team.forget_refused(store, entry.uuid),
                  "Vervallen: de wijziging blijft alleen op deze laptop en gaat niet naar het team.")

    def action_back(self) -> None:
        self.dismiss()


class SamenvoegenScreen(FormModal[str | None]):
    """Type the value a conflict ends with: often both texts, edited into one."""

    DEFAULT_CSS = stylesheet(__file__, "team.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("ctrl+s", "save", "opslaan", priority=True)]
    DISCARD_QUESTION = "De samengevoegde tekst weggooien?"

    def __init__(self, veld_naam: str, start: str) -> None:
        super().__init__()
        self.veld_naam, self.start = veld_naam, start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble(("Samenvoegen: ", "bold"), self.veld_naam))
            yield Input(self.start, id="samengevoegd")
            yield Static(Text("enter/ctrl+s: opslaan voor het hele team · escape: annuleren", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def is_dirty(self) -> bool:
        return self.query_one(Input).value != self.start

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.close_form(self.query_one(Input).value.strip())
