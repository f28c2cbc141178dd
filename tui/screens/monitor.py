"""The Monitor: the figures of a period as terminal charts (textual-plotext), each with its numbers one key away.

The figures come from ``services.monitor`` in a worker thread, so the screen
stays responsive while they are computed; changing the period computes them
again and the charts follow.
"""

from __future__ import annotations

import math
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static, TabbedContent, TabPane, Tabs
from textual_plotext import PlotextPlot

from tui.threads import post_if_attached
from tui.widgets.date_input import DateInput
from tui.widgets.footer import Footer
from tui.text import literal
from tui.keep_styles import KeepStyles

# (tab id, tab title): the four pictures of the issue.
CHARTS = (
    ("maanden", "Instroom en PIP's"),
    ("pipdagen", "Weken tot PIP"),
    ("leerroutes", "Leerroutes"),
    ("zroute", "Z-route tempo"),
)


def maand_labels(maanden: tuple[str, ...], breedte: int) -> list[str]:
    """The month labels under the bars, as long as ``breedte`` columns allow all of them:
    'jan 26' with room, else 'jan', else one letter ('j'); the numbers view (c) always names month and year."""
    ruimte = breedte / max(len(maanden), 1)
    if ruimte >= 8:
        return [f"{naam} {jaar[2:]}" for naam, jaar in (m.split() for m in maanden)]
    if ruimte >= 4:
        return [m.split()[0] for m in maanden]
    return [m[0] for m in maanden]


_STAPPEN = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)  # round steps a reader counts along easily


def hele_getallen_as(maximum: float) -> tuple[list[int], list[str]]:
    """Ticks for an axis of counts: whole numbers only (no '6.7 personen'), at most about six of them."""
    top = max(1, math.ceil(maximum))
    stap = next(stap for stap in _STAPPEN if top / stap <= 5) if top <= 5 * _STAPPEN[-1] else math.ceil(top / 5)
    ticks = list(range(0, math.ceil(top / stap) * stap + 1, stap))
    return ticks, [str(tick) for tick in ticks]


def _jaren(maanden: tuple[str, ...]) -> str:
    jaren = sorted({m.split()[1] for m in maanden})
    return jaren[0] if len(jaren) == 1 else f"{jaren[0]}-{jaren[-1]}"


# The bars of the two series differ by fill as well as colour; the legend shows both (STYLE: never colour alone).
MARKER_INSTROOM, MARKER_PIP = "█", "░"


def _cel(value) -> str:
    from rules.dates import format_hours

    return format_hours(value) if isinstance(value, float) else str(value)


class MonitorScreen(KeepStyles, Screen):
    """Instroom, PIPs, leerroutes and Z-route pace over a period, as charts or as numbers."""

    CSS_PATH = str(Path(__file__).with_name("monitor.tcss"))
    AUTO_FOCUS = "#monitor-tabs Tabs"
    BINDINGS = [
        Binding("escape", "back", "terug"),
        Binding("c", "toggle_cijfers", "cijfers/grafiek"),
        Binding("p", "edit_periode", "periode"),
        Binding("left_square_bracket", "vorige", "vorige periode"),
        Binding("right_square_bracket", "volgende", "volgende periode"),
        Binding("ctrl+r", "reload", "opnieuw berekenen", show=False),
    ]

    def __init__(self, periode=None) -> None:
        super().__init__()
        self._start_periode = periode
        self.periode = None  # rules.monitor.Periode shown (or being computed)
        self.result = None  # services.monitor.Monitor of the period on screen
        self.cijfers = False  # numbers instead of charts

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="monitor-periode"):
            yield Label("Periode van ")
            yield DateInput(required=True, id="monitor-van")
            yield Label(" tot en met ")
            yield DateInput(required=True, id="monitor-tot")
        yield Static("", id="monitor-melding")
        yield Static("Cijfers berekenen…", id="monitor-samenvatting")
        with TabbedContent(id="monitor-tabs"):
            for key, title in CHARTS:
                with TabPane(title, id=f"tab-{key}"):
                    with Vertical(classes="monitor-paneel"):
                        yield PlotextPlot(id=f"plot-{key}", classes="monitor-plot")
                        yield Static("", id=f"uitleg-{key}", classes="monitor-uitleg")
                        yield DataTable(id=f"cijfers-{key}", classes="monitor-cijfers", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from rules.monitor import standaard_periode

        periode = self._start_periode or standaard_periode(self.app.today())
        self._focus_tabs()
        self.compute(periode)

    def _focus_tabs(self) -> None:
        # The tab bar holds the focus, so c, p, [ and ] reach the screen instead of a date field.
        self.query_one("#monitor-tabs", TabbedContent).query_one(Tabs).focus()

    # -- period ------------------------------------------------------------------
    def compute(self, periode) -> None:
        """Show ``periode`` in the fields and compute its figures in a worker."""
        self.periode = periode
        self.query_one("#monitor-van", DateInput).set_date(periode.van)
        self.query_one("#monitor-tot", DateInput).set_date(periode.tot)
        self.query_one("#monitor-melding", Static).update("")
        self.query_one("#monitor-samenvatting", Static).update(f"Cijfers over {periode.label} berekenen…")
        self._compute(periode)

    @on(Input.Submitted, "#monitor-van, #monitor-tot")
    def _periode_submitted(self, event: Input.Submitted) -> None:
        from rules.errors import InputError
        from rules.monitor import make_periode

        van_field, tot_field = self.query_one("#monitor-van", DateInput), self.query_one("#monitor-tot", DateInput)
        fout = van_field.fout or tot_field.fout
        if fout is None:
            try:
                periode = make_periode(van_field.datum, tot_field.datum)
            except InputError as exc:
                fout = exc.message
        if fout:
            self.query_one("#monitor-melding", Static).update(f"fout: {fout}")
            return
        self._focus_tabs()
        self.compute(periode)

    def action_edit_periode(self) -> None:
        self.query_one("#monitor-van", DateInput).focus()

    def action_vorige(self) -> None:
        if self.periode is not None:
            self.compute(self.periode.vorige())

    def action_volgende(self) -> None:
        if self.periode is not None:
            self.compute(self.periode.volgende())

    def action_reload(self) -> None:
        if self.periode is not None:
            self.compute(self.periode)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):  # leave the period fields first, then the screen
            self._focus_tabs()
            return
        self.app.pop_screen()

    def action_toggle_cijfers(self) -> None:
        self.cijfers = not self.cijfers
        self.set_class(self.cijfers, "cijfers")

    # -- data ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="monitor")
    def _compute(self, periode) -> None:
        from services.errors import ServiceError
        from services.monitor import monitor

        store, policy = self.app.store, self.app.policy
        if store is None or policy is None:
            return
        try:
            result = monitor(store, van=periode.van, tot=periode.tot, policy=policy)
        except ServiceError as exc:
            post_if_attached(self, self._failed, str(exc))
            return
        except Exception as exc:  # never a traceback on screen; no personal data in the message either
            post_if_attached(self, self._failed, f"De cijfers konden niet worden berekend ({type(exc).__name__}).")
            return
        post_if_attached(self, self._show, result)

    def _failed(self, message: str) -> None:
        self.query_one("#monitor-melding", Static).update(f"fout: {message}")
        self.query_one("#monitor-samenvatting", Static).update("")

    def _show(self, result) -> None:
        if result.periode != self.periode:
            return  # a newer period was asked for meanwhile; its own result follows
        self.result = result
        self.query_one("#monitor-samenvatting", Static).update(self._samenvatting(result))
        self._draw(result)

    def _samenvatting(self, result) -> str:
        from rules.dates import format_hours

        r = result.rapport
        mediaan = "—" if r.pip_dagen_mediaan is None else f"{format_hours(r.pip_dagen_mediaan)} dagen"
        return (
            f"{result.periode.label}:  instroom {r.instroom['totaal']}  ·  PIP's {r.pip_vastgesteld['totaal']} "
            f"(op tijd {r.pip_op_tijd['totaal']}, mediaan {mediaan})  ·  aanbod op tijd {r.aanbod_op_tijd['op_tijd']} "
            f"van {r.aanbod_op_tijd['te_starten']}  ·  uitstroom {r.uitstroom['totaal']}  ·  "
            f"verlopen signalen {r.signalen_verlopen['totaal']}"
        )

    # -- charts and their numbers --------------------------------------------------------
    def on_resize(self) -> None:
        if self.result is not None:
            self._draw(self.result)  # the month labels follow the width

    def _draw(self, result) -> None:
        r, t = result.rapport, result.trends
        maanden = maand_labels(t.maanden, max(self.size.width - 8, 1))

        self._plot("maanden", f"Instroom en PIP's per maand, {_jaren(t.maanden)} (personen)", lambda plt: plt.multiple_bar(
            maanden, [list(t.instroom_per_maand), list(t.pip_per_maand)], labels=["instroom", "PIP's"],
            marker=[MARKER_INSTROOM, MARKER_PIP]), maximum=max((*t.instroom_per_maand, *t.pip_per_maand), default=0))
        self._uitleg("maanden", f"{MARKER_INSTROOM} instroom (vol)   {MARKER_PIP} PIP's vastgesteld (gearceerd)")
        self._table("maanden", ("maand", "instroom", "PIP's"),
                    list(zip(t.maanden, t.instroom_per_maand, t.pip_per_maand)))

        weken = [label for label, _ in t.pip_weken]
        self._plot("pipdagen", "Weken van BRP/kennisgeving tot PIP (wettelijk: 10 weken; aantal PIP's)",
                   lambda plt: plt.bar(weken, [value for _, value in t.pip_weken]),
                   maximum=max((value for _, value in t.pip_weken), default=0))
        self._uitleg("pipdagen", "Tot en met ‘8-10 wk’ is op tijd; daarna te laat.")
        self._table("pipdagen", ("weken tot PIP", "PIP's"), list(t.pip_weken))

        routes = {"b1": "B1-route", "onderwijs": "onderwijsroute", "z": "Z-route", "onbekend": "onbekend"}
        totaal = sum(r.leerroute.values())
        aandelen = [round(100 * value / totaal, 1) if totaal else 0 for value in r.leerroute.values()]
        self._plot("leerroutes", "Leerroutes van de PIP's in de periode (% van de PIP's)",
                   lambda plt: plt.bar([routes[k] for k in r.leerroute], aandelen), maximum=max(aandelen, default=0))
        self._uitleg("leerroutes", f"Van {totaal} PIP's; de aantallen staan onder c.")
        self._table("leerroutes", ("leerroute", "PIP's", "aandeel %"),
                    [(routes[k], v, a) for (k, v), a in zip(r.leerroute.items(), aandelen)])

        z = r.zroute_op_schema
        tempo = [label for label, _ in t.zroute_tempo]
        self._plot("zroute", "Z-route: personen naar uren taal/KNM als % van het verwachte tempo",
                   lambda plt: plt.bar(tempo, [value for _, value in t.zroute_tempo]),
                   maximum=max((value for _, value in t.zroute_tempo), default=0))
        self._uitleg("zroute", f"Alleen de uren taal/KNM. ‘Op schema’ ({z['op_schema']}) en ‘achter’ ({z['achter']}) "
                               "tellen ook de participatie-uren, zoals het signaal: wie op taal/KNM voorloopt, kan "
                               "daarop achter zijn.")
        self._table("zroute", ("uren taal/KNM als % van verwacht", "personen"),
                    [*t.zroute_tempo, ("op schema (taal/KNM én participatie)", z["op_schema"]),
                     ("achter op schema (taal/KNM of participatie)", z["achter"]),
                     *((f"  {literal(naam)}", f"{c['op_schema']} op schema, {c['achter']} achter")
                       for naam, c in z["per_consulent"].items())])

    def _plot(self, key: str, title: str, draw, *, maximum: float) -> None:
        plot = self.query_one(f"#plot-{key}", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plt.title(title)
        draw(plt)
        plt.yticks(*hele_getallen_as(maximum))
        plot.refresh()

    def _uitleg(self, key: str, text: str) -> None:
        self.query_one(f"#uitleg-{key}", Static).update(literal(text))

    def _table(self, key: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        table = self.query_one(f"#cijfers-{key}", DataTable)
        table.clear(columns=True)
        table.add_columns(*columns)
        table.add_rows([tuple(_cel(cell) for cell in row) for row in rows])
