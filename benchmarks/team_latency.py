"""Team mode costs the consulent no speed: opening the app and the filter's keystrokes, linked and not (issue 15, point 8).

    python -m benchmarks.team_latency [--persons 2000] [--repeat 5] [--no-check]

One benchmark database is built (benchmarks/build.py: persons with their
hours, contactmomenten and weekplan), copied twice, and one copy is linked to
a teamdatabase on a PostgreSQL server this benchmark starts itself
(tests/pg.py), the way a municipality does it: `regie team init URL`,
`regie team consulent URL anna`, `regie --db COPY team koppel URL` (the
laptop's whole caseload goes into the teamdatabase). Then the real `regie`
runs in a pseudo-terminal (benchmarks/terminal.py), alternately on the plain
copy and on the linked copy, so whatever else the machine is doing hits both
alike. Each session times what a consulent sees:

- start until the caseload's rows are painted;
- each keystroke in the filter until its last repaint (benchmarks/run.py's
  `filter_keystrokes`, the same measure as the main benchmark);
- on the linked copy: that the header shows the team line (`team: …`).

Before each session on the linked copy a colleague (his own role, another
laptop) records `--collega` contactmomenten in the teamdatabase, so the sync
the app starts by itself has real work: pull them, apply them, reload the
caseload. The keystrokes are therefore timed twice: typed at once after the
rows appear (while that sync runs: "toetsaanslag direct na de start") and
again once the start is over. That the sync really ran in the timed window
is not assumed but read from the server: the benchmark turns on PostgreSQL's
connection log and compares the consulent role's connections with each
session's launch, rows and first keystrokes. A run in which the sync never
overlapped them proves nothing and fails.

What this benchmark found (2026-12-03, benchmarks/TEAM_RESULTS.md): the app
began its team work (status read, importing the PostgreSQL driver, logging in,
applying the colleague's changes) as soon as the store was open, in threads
that shared the interpreter with the caseload's own read: the linked start
was 1.23 × the plain one. tui/team_sync.py now waits for the caseload's first
rows before it starts (start since: 0.94-0.97 ×). Keystrokes typed while the
sync at start runs are still 1.2-1.3 × slower (8-15 ms); that is open.

Tolerance: team mode fails the run when a median (start, keystroke at once,
keystroke later) is more than 15 % slower than the plain copy's (ratio > 1.15).
Why 15 %: the target is "unchanged", and the cause this is here to catch
(team work competing with the start or a keystroke) showed as 20 % and more;
a tighter bound fails on noise: on the shared 2-core machine this was written
on, the plain copy's own starts spread from 1.44 s to 1.85 s within one run.
The worst cases are reported with their ratio but not judged: one
descheduled moment on a loaded machine decides a worst case.

Exit code 1 when a ratio is over its tolerance, when a linked session did not
show the team line, or when the sync never ran in a timed window.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402
from benchmarks.build import Size  # noqa: E402
from benchmarks.terminal import SUPPORTED, Terminal, regie_command  # noqa: E402

RESULTS = Path(__file__).with_name("TEAM_RESULTS.md")
TOLERANCE = 1.15  # team / plain, on the median start and the median keystroke (see the module docstring)
GEMEENTE = "Utrecht"
ROLE = "anna"  # the consulent on the linked laptop: the server log's connections of this role are its syncs
COLLEAGUE = "bram"  # a colleague on another laptop, with a role of his own
TEAM_LINE = re.compile(r"team: (?:bijgewerkt \d\d:\d\d|offline sinds|nog niet|\d+ (?:conflict|mogelijk|wijziging))")


# -- figures --------------------------------------------------------------------------

@dataclass
class Side:
    """The sessions on one copy: every start, every keystroke, and per session what the screen and server showed."""

    starts: list[float] = field(default_factory=list)
    early: list[float] = field(default_factory=list)  # keystrokes typed at once after the rows: while the sync runs
    keystrokes: list[float] = field(default_factory=list)  # keystrokes once the start is over (the main benchmark's)
    team_line: list[bool] = field(default_factory=list)  # the header showed `team: …` (linked copy only)
    windows: list[tuple[float, float, float]] = field(default_factory=list)  # wall clock: launched, rows, early typing done


@dataclass(frozen=True)
class Comparison:
    name: str
    plain: float
    team: float
    tolerance: float | None  # on team / plain; None: reported, not judged

    @property
    def ratio(self) -> float:
        return self.team / self.plain if self.plain > 0 else float("inf")

    @property
    def failed(self) -> bool:
        return self.tolerance is not None and self.ratio > self.tolerance

    def line(self) -> str:
        goal = f"doel ≤ {self.tolerance:.2f}: {'GEMIST' if self.failed else 'gehaald'}" if self.tolerance else "ter informatie"
        return (f"{self.name}: zonder team {run.show(self.plain, 's')}, met team {run.show(self.team, 's')}, "
                f"verhouding {self.ratio:.2f} ({goal})")


def compare(plain: Side, team: Side, *, tolerance: float = TOLERANCE) -> list[Comparison]:
    """Median and worst of start and keystrokes, team against plain; the medians are judged."""
    return [
        Comparison("start tot de rijen van de caseload, mediaan", statistics.median(plain.starts),
                   statistics.median(team.starts), tolerance),
        Comparison("start tot de rijen van de caseload, slechtste", max(plain.starts), max(team.starts), None),
        Comparison("toetsaanslag direct na de start (tijdens de synchronisatie), mediaan", statistics.median(plain.early),
                   statistics.median(team.early), tolerance),
        Comparison("toetsaanslag direct na de start (tijdens de synchronisatie), slechtste", max(plain.early), max(team.early),
                   None),
        Comparison("toetsaanslag in het filter tot getekend, mediaan", statistics.median(plain.keystrokes),
                   statistics.median(team.keystrokes), tolerance),
        Comparison("toetsaanslag in het filter tot getekend, slechtste", max(plain.keystrokes), max(team.keystrokes), None),
    ]


def overlaps(windows: list[tuple[float, float, float]], syncs: list[tuple[float, float]]) -> list[tuple[float, float] | None]:
    """Per session (launched, rows painted, early typing done): the first connection of the sync that was open
    during the timed start or the early keystrokes, as seconds after launch; None when none was."""
    found = []
    for launched, _painted, typed in windows:
        hit = next(((begin - launched, end - launched) for begin, end in syncs if begin < typed and end > launched), None)
        found.append(hit)
    return found


def verdict(comparisons: list[Comparison], team: Side, during: list[tuple[float, float] | None]) -> list[str]:
    """What failed, in Dutch; empty when team mode is as fast as plain and the measurement means what it says."""
    problems = [f"{c.name}: met team {c.ratio:.2f} × zo traag (tolerantie {c.tolerance:.2f})" for c in comparisons if c.failed]
    if not all(team.team_line):
        problems.append(f"de kop toonde de teamregel in {sum(team.team_line)} van {len(team.team_line)} sessies")
    if not any(during):
        problems.append("de synchronisatie liep in geen enkele sessie tijdens de start of de eerste toetsaanslagen: "
                        "de meting zegt niets over de synchronisatie")
    return problems


# -- the teamdatabase --------------------------------------------------------------------

def _cli(setup: run.Setup, *arguments: str, env: dict[str, str]) -> str:
    result = subprocess.run([*regie_command(), *arguments], env=env, cwd=setup.workdir, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"regie {' '.join(arguments[:3])} mislukte: {result.stderr[-500:]}")
    return result.stdout.strip()


def link(setup: run.Setup, linked: Path, server) -> str:
    """A teamdatabase on `server`, prepared and linked through the real commands; the consulent's URL."""
    from tests.pg import PASSWORD

    name = server.create_database()
    env = dict(setup.env, REGIE_TEAM_PASSWORD=PASSWORD, REGIE_TEAM_NIEUW_WACHTWOORD=PASSWORD)
    _cli(setup, "team", "init", server.url(name), env=env)
    for role in (ROLE, COLLEAGUE):
        _cli(setup, "team", "consulent", server.url(name), role, "--gemeente", GEMEENTE, env=env)
    url = server.url(name, user=ROLE, password=False)
    print("  " + _cli(setup, "--db", str(linked), "team", "koppel", url, "--gemeente", GEMEENTE, env=env), flush=True)
    setup.env.update(REGIE_TEAM_PASSWORD=PASSWORD)  # the app's own sync finds the password here (or in the keyring)
    os.environ["REGIE_TEAM_PASSWORD"] = PASSWORD  # and so does the colleague's push from this process
    return url


def colleague_changes(db: Path, count: int, *, round_: int) -> list:
    """`count` contactmomenten a colleague (COLLEAGUE, another laptop) recorded for persons on this caseload.

    Written from the plain copy's own rows (same persons, same UUIDs), each as a new contactmoment with a UUID of
    its own, so the linked laptop's sync at start has real work to pull and apply."""
    from uuid import uuid4

    from sqlalchemy import select

    from storage.db import file_url, make_engine
    from storage.keys import resolve_key
    from storage.models import Contactmoment, Person
    from storage.team.operations import Operation, encode

    contact, person = Contactmoment.__table__, Person.__table__
    engine = make_engine(file_url(db), key=resolve_key(db))
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(contact, person.c.uuid.label("person_uuid"))
                                      .join(person, person.c.id == contact.c.person_id)
                                      .order_by(contact.c.id).offset(round_ * count).limit(count)).mappings().all()
    finally:
        engine.dispose()
    laptop = str(uuid4())
    skip = ("id", "person_id", "person_uuid")
    return [Operation(kind="contactmoment.append", entity_uuid=(new := str(uuid4())), person_uuid=row["person_uuid"],
                      fields={k: encode(v) for k, v in row.items() if k not in skip} | {"uuid": new},
                      author=COLLEAGUE, laptop=laptop, gemeente=GEMEENTE) for row in rows]


def push_as_colleague(url: str, ops: list) -> None:
    """The colleague's laptop syncs: its operations go into the teamdatabase (services.team's own push)."""
    from services import team
    from storage.team import server as team_server

    engine = team.server_engine(url)
    try:
        team_server.push(engine, ops)
    finally:
        engine.dispose()


def log_connections(server) -> None:
    """Let the server write each connection's start and end with milliseconds (UTC) to its log."""
    import psycopg

    with psycopg.connect(server.url().replace("postgresql+psycopg", "postgresql"), autocommit=True) as connection:
        for setting, value in (("log_connections", "on"), ("log_disconnections", "on"),
                               ("log_line_prefix", "%m [%p] %u "), ("log_timezone", "UTC")):
            connection.execute(f"ALTER SYSTEM SET {setting} = '{value}'")
        connection.execute("SELECT pg_reload_conf()")


_LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \w+ \[(\d+)\] (\S*) .*?(connection authorized|disconnection)")


def sync_connections(log_text: str, *, role: str = ROLE) -> list[tuple[float, float]]:
    """The role's connections in a PostgreSQL log (log_line_prefix '%m [%p] %u '): (opened, closed) in epoch seconds."""
    opened: dict[str, float] = {}
    spans = []
    for line in log_text.splitlines():
        match = _LOG_LINE.match(line)
        if not match or match[3] != role:
            continue
        moment = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC).timestamp()
        if match[4] == "connection authorized":
            opened[match[2]] = moment
        elif match[2] in opened:
            spans.append((opened.pop(match[2]), moment))
    return spans


# -- one session -------------------------------------------------------------------------

def session(setup: run.Setup, db: Path, persons: int, query: str, side: Side, *, team: bool, timeout: float) -> None:
    """Start regie on `db`, time the rows and the filter's keystrokes; on the linked copy, look for the team line."""
    argv = [*regie_command(), "--db", str(db), "--vandaag", run.TODAY.isoformat()]
    launched = time.time()
    with Terminal(argv, env=setup.env, cwd=setup.workdir) as terminal:
        caseload = run._caseload_shown(persons)
        painted = terminal.wait_for(caseload, timeout=timeout, what="caseload met rijen")
        side.starts.append(painted - terminal.started)
        # At once, while the sync that began with the start pulls the colleague's changes: each keystroke until
        # the rows are filtered by it (the count line names the search text; later repaints, such as the header's
        # team line or the toast, are not the keystroke's).
        typed = ""
        for key in [*query, "backspace", "backspace", "backspace"]:
            typed = typed[:-1] if key == "backspace" else typed + key
            filtered = re.compile(rf"getoond.*zoekterm: “\s*{re.escape(typed.strip())}\s*”")
            pressed = terminal.press(key)
            side.early.append(terminal.wait_for(lambda text, pattern=filtered: bool(pattern.search(text)), timeout=timeout,
                                                what=f"filter op {typed!r}") - pressed)
        side.windows.append((launched, launched + painted - terminal.started, time.time()))
        terminal.press("escape")
        terminal.wait_for(caseload, timeout=timeout, what="caseload zonder filter")
        if team:
            try:
                terminal.wait_for(lambda text: bool(TEAM_LINE.search(text)), timeout=timeout, what="teamregel in de kop")
                side.team_line.append(True)
            except run.ScreenTimeout:
                side.team_line.append(False)
        side.keystrokes += run.filter_keystrokes(terminal, query, timeout=timeout)
        terminal.press("escape")
        terminal.wait_for(caseload, timeout=timeout, what="caseload zonder filter")
        terminal.press("ctrl+q")
        terminal.wait_exit(timeout=timeout)


# -- TEAM_RESULTS.md ----------------------------------------------------------------------

def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "onbekend"


def write_results(path: Path, *, persons: int, repeat: int, lines: list[str], problems: list[str], notes: list[str],
                  load_before: str, load_after: str) -> None:
    out = [
        "",
        f"## Even snel met team aan: start en toetsaanslagen ({date.today().isoformat()})",
        "",
        f"`python -m benchmarks.team_latency --persons {persons} --repeat {repeat}`. Machine: {run.machine()}; "
        f"belasting (/proc/loadavg) voor {load_before}, na {load_after}. De machine wordt gedeeld met andere processen "
        "(testruns van andere helpers): de absolute tijden zijn trager dan op een rustige laptop; de verhouding "
        "team/zonder team is de maat, want beide kopieën draaiden om en om onder dezelfde belasting.",
        "",
        "Zo gemeten: één benchmarkdatabase, twee kopieën; de ene gekoppeld aan een eigen PostgreSQL-teamdatabase met "
        "`regie team init`, `regie team consulent` en `regie team koppel` (de hele caseload gaat mee). De echte `regie` "
        "in een pseudo-terminal, om en om op de kopie zonder en met team; de synchronisatie bij de start is gecontroleerd "
        "in het verbindingslog van de server.",
        "",
        f"**{'Gehaald' if not problems else 'NIET gehaald'}** (tolerantie: mediaan met team ≤ {TOLERANCE:.2f} × zonder team).",
        "",
        *[f"- {line}" for line in lines],
        *[f"- PROBLEEM: {problem}" for problem in problems],
    ]
    if notes:
        out += ["", *[f"- {note}" for note in notes]]
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")


# -- main ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="regie met en zonder team: start en toetsaanslagen vergeleken")
    parser.add_argument("--persons", type=int, default=2_000, help="personen in de database (met hun uren; standaard 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="sessies per kopie (standaard 5)")
    parser.add_argument("--collega", type=int, default=500,
                        help="contactmomenten die een collega voor elke sessie met team vastlegt (de sync haalt ze op)")
    parser.add_argument("--no-check", action="store_true", help="alleen tonen, nooit een foutcode")
    parser.add_argument("--results", type=Path, default=RESULTS, help="voeg de uitkomst toe aan dit bestand")
    parser.add_argument("--no-results", action="store_true", help="schrijf geen resultaten (voor de tests)")
    parser.add_argument("--size", type=str, help=argparse.SUPPRESS)  # "tiny": a small database for the tests
    args = parser.parse_args(argv)
    if not SUPPORTED:
        print("De benchmark heeft een POSIX-pseudo-terminal nodig; op Windows wordt hij overgeslagen.")
        return 0
    from tests.pg import PgServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL (initdb, pg_ctl) niet gevonden: installeer het (apt-get install -y postgresql).")
        return 1
    load_before = load_average()
    size = Size(people=args.persons, hours=40 * args.persons, contacts=5 * args.persons, weekplan=2 * args.persons) \
        if args.size == "tiny" else Size.per_person(args.persons)
    server = PgServer(bindir=bindir, root=Path(tempfile.mkdtemp(prefix="regie-pg-")))  # not under a 0700 tmp (root)
    with tempfile.TemporaryDirectory(prefix="regie-team-latency-") as tmp:
        setup = run.make_setup(Path(tmp))
        built, _ = run.database(setup, size)
        plain, linked = Path(tmp) / "zonder-team.sqlite", Path(tmp) / "met-team.sqlite"
        shutil.copyfile(built, plain)
        shutil.copyfile(built, linked)
        _, query = run.sample_people(setup, built, 1)
        server.start()
        try:
            print(f"Teamdatabase inrichten en de kopie koppelen ({size.people} personen, {size.hours} uren)…", flush=True)
            started = time.perf_counter()
            url = link(setup, linked, server)
            koppel_seconds = time.perf_counter() - started
            log_connections(server)
            sides = {False: Side(), True: Side()}
            timeout = 300.0
            for number in range(args.repeat):
                for team in (number % 2 == 1, number % 2 == 0):  # who goes first alternates too
                    side = sides[team]
                    if team and args.collega:
                        push_as_colleague(url.replace(f"//{ROLE}@", f"//{COLLEAGUE}@"),
                                          colleague_changes(plain, args.collega, round_=number))
                    session(setup, linked if team else plain, size.people, query, side, team=team, timeout=timeout)
                    label = "met team   " if team else "zonder team"
                    print(f"  sessie {number + 1} {label}: start {run.show(side.starts[-1], 's')}, "
                          f"toets direct {run.show(statistics.median(side.early[-len(query) - 3:]), 's')}, "
                          f"toets later {run.show(statistics.median(side.keystrokes[-len(query) - 3:]), 's')}", flush=True)
            time.sleep(1.0)  # the last disconnection reaches the log
            log_text = (server.root / "log").read_text(encoding="utf-8", errors="replace")
        finally:
            server.stop()
    plain_side, team_side = sides[False], sides[True]
    comparisons = compare(plain_side, team_side)
    during = overlaps(team_side.windows, sync_connections(log_text))
    problems = verdict(comparisons, team_side, during)
    lines = [c.line() for c in comparisons]
    lines.append(f"kop met teamregel: {sum(team_side.team_line)} van {len(team_side.team_line)} sessies met team")
    shown = ", ".join(f"{hit[0]:+.2f} s tot {hit[1]:+.2f} s" if hit else "-" for hit in during)
    lines.append(f"synchronisatie tijdens de gemeten start of de eerste toetsaanslagen: {sum(hit is not None for hit in during)} "
                 f"van {len(during)} sessies (verbinding met de teamdatabase, na het starten: {shown}; rijen getekend na "
                 f"{', '.join(run.show(s, 's') for s in team_side.starts)}; eerste toetsen klaar na "
                 f"{', '.join(run.show(typed - launched, 's') for launched, _rows, typed in team_side.windows)})")
    print()
    for line in lines:
        print(line)
    for problem in problems:
        print("PROBLEEM: " + problem)
    notes = [f"koppelen (regie team koppel, {size.people} personen met {size.hours} uren, {size.contacts} contactmomenten): "
             f"{koppel_seconds:.0f} s", f"zoektekst in het filter: {len(query)} tekens en 3 keer backspace, twee keer per sessie",
             f"voor elke sessie met team legt een collega {args.collega} contactmomenten vast in de teamdatabase; de "
             "synchronisatie bij de start haalt ze op en past ze toe"]
    if not args.no_results:
        write_results(args.results, persons=size.people, repeat=args.repeat, lines=lines, problems=problems, notes=notes,
                      load_before=load_before, load_after=load_average())
        print(f"\nResultaten toegevoegd aan {args.results}")
    return 1 if problems and not args.no_check else 0


if __name__ == "__main__":
    raise SystemExit(main())
