"""Mark a signaal as handled, snooze it until a date, or reopen it: always with a short reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.threads import run_service
from rules.text import safe_for_terminal

SUGGESTIONS = ("verlenging aangevraagd bij DUO", "PIP gepland", "wacht op informatie van derden", "besproken in teamoverleg")


class AfhandelenScreen(FormModal[bool]):
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    # The base's two bindings, restated only to keep the order the help (F1) lists them in.
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("ctrl+s", "save", "opslaan", priority=True)]
    CANCEL_RESULT = False

    def __init__(self, item, *, actie) -> None:
        super().__init__()
        from rules.afhandeling import Actie

        self.item = item
        self.actie = actie
        self.snooze = actie is Actie.UITGESTELD

    def compose(self) -> ComposeResult:
        from rules.dates import format_date

        from rules.afhandeling import Actie, describe

        signaal = self.item.signaal
        action = {Actie.AFGEHANDELD: "Afhandelen", Actie.UITGESTELD: "Uitstellen", Actie.HEROPEND: "Heropenen"}[self.actie]
        returns = {
            Actie.AFGEHANDELD: "het signaal komt terug als de gegevens erachter veranderen",
            Actie.UITGESTELD: "het signaal komt terug op die datum",
            Actie.HEROPEND: "het signaal staat daarna weer open in de werklijst",
        }[self.actie]
        with Vertical():
            yield Static(Text.assemble((f"{action}: ", "bold"), f"{signaal.label} van {safe_for_terminal(self.item.naam)} (vervalt {format_date(signaal.vervaldatum)})"))
            yield Static(Text(signaal.toelichting, style="dim"))
            if self.snooze:
                yield Input(placeholder="tot datum: dd-mm-jjjj of +2w", id="tot")
            if self.item.afhandeling is not None:
                yield Static(Text(f"Nu: {describe(self.item.afhandeling)}", style="dim"))
            example = "gegevens bleken niet te kloppen" if self.actie is Actie.HEROPEND else SUGGESTIONS[0]
            yield Input(placeholder="reden, bijv. " + example, id="reden")
            yield Static("", id="afhandelen-fout")
            keys = ("enter: naar de reden, dan opslaan · ctrl+s: opslaan" if self.snooze else "enter/ctrl+s: opslaan")
            yield Static(Text(f"{keys} · escape: annuleren · " + returns, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#tot" if self.snooze else "#reden", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in the date saves once the reason is there (as the dialog says); without one it goes to the reason.
        if event.input.id == "tot" and not self.query_one("#reden", Input).value.strip():
            self.query_one("#reden", Input).focus()
        else:
            self.action_save()

    @on(Input.Changed, "#tot")
    def _tot_changed(self, event: Input.Changed) -> None:
        """An old error goes as soon as the date reads well again."""
        from rules.dates import parse_date
        from rules.errors import InputError

        try:
            parse_date(event.value, today=self.app.today())
        except InputError:
            return
        self.query_one("#afhandelen-fout", Static).update("")

    def action_save(self) -> None:
        from rules.dates import parse_date
        from rules.errors import InputError

        fout = self.query_one("#afhandelen-fout", Static)
        tot = None
        if self.snooze:
            try:
                tot = parse_date(self.query_one("#tot", Input).value, today=self.app.today())
            except InputError as exc:
                fout.update(exc.message)
                return
        reden = self.query_one("#reden", Input).value
        self._store(self.actie, reden, tot)

    def _store(self, actie, reden, tot) -> None:
        def store() -> None:
            from services.signalen import handle_signaal

            handle_signaal(
                store=self.app.store, person_id=self.item.person_id, signaal=self.item.signaal, actie=actie,
                reden=reden, door=self.app.consulent or "", tot=tot, today=self.app.today(),
            )

        run_service(self, store, lambda _none: self.dismiss(True), failed=self.query_one("#afhandelen-fout", Static).update,
                    unexpected="Niet opgeslagen: databasefout ({kind}).", group="afhandelen")

