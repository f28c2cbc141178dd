"""regie's benchmark, measured as a consulent sees it (issue 16).

    python benchmarks/run.py --size full     10,000 persons: every target of issue 16, then benchmarks/RESULTS.md
    python benchmarks/run.py --size scale    1,000 / 10,000 / 50,000 / 100,000 persons: the 100,000 targets and growth
    python benchmarks/run.py --size tiny     120 persons, 3 runs: proves the benchmark works (about a minute)
    python benchmarks/run.py --no-check      print the figures, never exit non-zero

The real `regie` command runs in a pseudo-terminal with real settings: an
encrypted database opened with a key file (REGIE_KEY_FILE, the way a laptop
without a prompt gets its key) and backups on, as a user has them. The screen
is read with a terminal emulator (pyte) and every clock stops when the
expected rows are on it; keys are written to the terminal. Each figure is
the median and the worst of at least 10 runs (`--repeat`), and start-up is
compared to a plain Textual app (benchmarks/baseline.py) started the same
way, in the same run, alternately with regie.

Exit code 1 when a target is missed, or when a figure has fewer runs than
asked (a session that took too long is not repeated without end: see
`--budget`). Only `--size full` and `--size scale` write RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import TINY, Size, build  # noqa: E402
from benchmarks.terminal import SUPPORTED, ScreenTimeout, Terminal, peak_memory_mb, regie_command  # noqa: E402

TODAY = date(2026, 11, 22)
RESULTS = {"full": Path(__file__).with_name("RESULTS.md"), "scale": Path(__file__).with_name("RESULTS-scale.md")}
BASELINE_APP = Path(__file__).with_name("baseline.py")
SCALE = (1_000, 10_000, 50_000, 100_000)
DOSSIERS_PER_SESSION = 10

# What "painted" means on regie's screens (one place, should a screen's wording change).
COUNT_LINE = re.compile(r"(\d+) van (\d+) getoond")
KENMERK = re.compile(r"IB-(?:\d{4}|NIEUW)-\d{4,6}")
SIGNALEN_HEADER = re.compile(r"\(\d+ van \d+ open signalen\)")
SIGNAAL_ROW = re.compile(r"^(?:verlopen|urgent|binnenkort|gepland) +\d\d-\d\d-\d{4}", re.M)
DOSSIER_LOADED = ("Termijnen en voortgang", "einde inburgeringstermijn")
EDIT_FORM_LOADED = "Gegevens bewerken:"  # the edit form's title once its fields are filled (issue 17, point 17)
STARTUP_TOAST = "Uw caseload:"  # the start-up notification; it fades after 12 s


# -- figures and verdicts --------------------------------------------------------

@dataclass
class Figure:
    name: str
    unit: str  # "s", "MB" or "× basis"
    samples: list[float]
    target: float | None = None  # on the median
    worst_target: float | None = None  # on the worst sample
    relative_to: str | None = None  # a baseline's name: the median is compared as a ratio
    wanted: int = 10  # runs asked for

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def worst(self) -> float:
        return max(self.samples)

    def ratio(self, baselines: dict[str, float]) -> float | None:
        return self.median / baselines[self.relative_to] if self.relative_to else None

    def verdict(self, baselines: dict[str, float]) -> str:
        if not self.samples:
            return "NIET GEMETEN"
        if self.target is None and self.worst_target is None:
            return "ter vergelijking"
        met = True
        if self.target is not None:
            value = self.ratio(baselines) if self.relative_to else self.median
            met &= value <= self.target
        if self.worst_target is not None:
            met &= self.worst <= self.worst_target
        if not met:
            return "GEMIST"
        if len(self.samples) < self.wanted:
            return f"ONVOLDOENDE RUNS ({len(self.samples)} van {self.wanted})"
        return "gehaald"

    def missed(self, baselines: dict[str, float]) -> bool:
        return self.verdict(baselines) != "gehaald" and (self.target is not None or self.worst_target is not None)


def show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f} {unit}"


def describe(figure: Figure, baselines: dict[str, float]) -> str:
    if not figure.samples:
        return f"{figure.name}: niet gemeten: {figure.verdict(baselines)}"
    goals = []
    if figure.target is not None:
        goals.append(f"mediaan ≤ {show(figure.target, '× basis' if figure.relative_to else figure.unit)}")
    if figure.worst_target is not None:
        goals.append(f"slechtste ≤ {show(figure.worst_target, figure.unit)}")
    ratio = f" = {figure.ratio(baselines):.2f} × basis" if figure.relative_to else ""
    return (f"{figure.name}: mediaan {show(figure.median, figure.unit)}{ratio}, slechtste {show(figure.worst, figure.unit)} "
            f"(n={len(figure.samples)}); doel {', '.join(goals) or '-'}: {figure.verdict(baselines)}")


def report(figures: list[Figure], baselines: dict[str, float]) -> tuple[list[str], int]:
    """Print every figure with its verdict; the lines and how many targets were missed."""
    lines = [describe(figure, baselines) for figure in figures]
    for line in lines:
        print(line)
    return lines, sum(figure.missed(baselines) for figure in figures)


def exit_code(missed: int, *, check: bool) -> int:
    """Non-zero when a target was missed, so whoever runs the benchmark sees it (unless --no-check)."""
    return 1 if missed and check else 0


# -- the environment a timed regie runs in ---------------------------------------------

@dataclass
class Setup:
    workdir: Path
    env: dict[str, str]
    key_file: Path


def make_setup(workdir: Path) -> Setup:
    """A data and config folder of its own, a consulent name (no first-start question) and a key file."""
    env = dict(os.environ)
    env.pop("REGIE_PASSPHRASE", None)
    env.update(REGIE_DATA_DIR=str(workdir / "data"), REGIE_CONFIG_DIR=str(workdir / "config"),
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    os.environ.update(REGIE_DATA_DIR=env["REGIE_DATA_DIR"], REGIE_CONFIG_DIR=env["REGIE_CONFIG_DIR"])
    from storage import keys
    from storage.preferences import save_consulent

    save_consulent(workdir / "config", "Anna de Vries")
    key_file = workdir / "sleutel.txt"
    if not key_file.exists():
        # The raw key as a key holder's file: how regie finds a key without asking (REGIE_KEY_FILE).
        keys.write_key_file(key_file, keys.DatabaseKey.generate("sleutelbestand"), database=workdir / "bench.sqlite")
    env[keys.ENV_KEY_FILE] = str(key_file)
    os.environ[keys.ENV_KEY_FILE] = str(key_file)  # the builder opens the store the same way
    return Setup(workdir=workdir, env=env, key_file=key_file)


def database(setup: Setup, size: Size, *, reuse: Path | None = None) -> tuple[Path, float]:
    """The benchmark database for `size` (built now unless `reuse`d); its build time in seconds (0 when reused)."""
    db = reuse or setup.workdir / f"bench-{size.people}.sqlite"
    if db.exists():
        return db, 0.0
    print(f"Database bouwen: {size.people} personen, {size.hours} uren, {size.contacts} contactmomenten, "
          f"{size.weekplan} weekplanregels…", flush=True)
    started = time.perf_counter()
    build(db, size, today=TODAY, progress=lambda line: print(line, flush=True))
    return db, time.perf_counter() - started


def sample_people(setup: Setup, db: Path, count: int, seed: int = 3) -> tuple[list[str], str]:
    """Kenmerken of persons with a PIP (their dossier has dates to compute) and a search text that finds several."""
    from benchmarks.baseline import connect

    os.environ["REGIE_KEY_FILE"] = str(setup.key_file)
    connection = connect(db)
    try:
        kenmerken = [row[0] for row in connection.execute("SELECT kenmerk FROM person WHERE pip_datum IS NOT NULL ORDER BY id")]
        names = [row[0] for row in connection.execute("SELECT naam FROM person ORDER BY id LIMIT 200")]
    finally:
        connection.close()
    rng = random.Random(seed)
    first, last = rng.choice(names).split(" ", 1)
    return rng.sample(kenmerken, min(count, len(kenmerken))), f"{first[:4].lower()} {last[:2].lower()}"


# -- one interactive session with the real regie ------------------------------------

@dataclass
class Session:
    start: float | None = None
    f5: float | None = None
    keystrokes: list[float] = field(default_factory=list)
    first_dossier: float | None = None
    dossiers: list[float] = field(default_factory=list)
    edit_forms: list[float] = field(default_factory=list)  # e in the dossier until the form's fields are filled
    memory: float | None = None
    quit: float | None = None


def _caseload_shown(persons: int):
    def shown(text: str) -> bool:
        match = COUNT_LINE.search(text)
        return bool(match) and int(match[1]) == persons == int(match[2]) and len(KENMERK.findall(text)) >= min(10, persons)
    return shown


def start_baseline(setup: Setup, db: Path, persons: int) -> float:
    """Start to painted rows of the plain Textual app; it is quit (ctrl+q) untimed."""
    with Terminal([sys.executable, str(BASELINE_APP), str(db)], env=setup.env, cwd=ROOT) as terminal:
        painted = terminal.wait_for(_caseload_shown(persons), timeout=300, what="rijen van de basis-app")
        terminal.press("ctrl+q")
        terminal.wait_exit(timeout=60)
    return painted - terminal.started


def filter_keystrokes(terminal: Terminal, query: str, *, timeout: float) -> list[float]:
    """Type `query` in the caseload's filter and take three letters back: each keystroke until its last repaint."""
    try:
        terminal.wait_for(lambda text: STARTUP_TOAST not in text, timeout=20, what="start-melding weg")
    except ScreenTimeout:
        pass
    terminal.settle(0.5)
    typed, keystrokes = "", []
    for key in [*query, "backspace", "backspace", "backspace"]:
        typed = typed[:-1] if key == "backspace" else typed + key
        # The count line names the search text once the rows are filtered by it.
        filtered = re.compile(rf"getoond.*zoekterm: “\s*{re.escape(typed.strip())}\s*”")
        before = terminal.text()
        pressed = terminal.press(key)
        painted = terminal.last_change(pressed, before=before, quiet=0.4, timeout=timeout,
                                       until=lambda text, pattern=filtered: bool(pattern.search(text)))
        keystrokes.append(painted - pressed)
    return keystrokes


def regie_session(setup: Setup, db: Path, persons: int, kenmerken: list[str], query: str, *, timeout: float) -> Session:
    """Start regie, F5, the filter, dossiers, memory, quit: each timed until the screen shows it."""
    result = Session()
    argv = [*regie_command(), "--db", str(db), "--vandaag", TODAY.isoformat()]
    with Terminal(argv, env=setup.env, cwd=setup.workdir) as terminal:
        caseload = _caseload_shown(persons)
        painted = terminal.wait_for(caseload, timeout=timeout, what="caseload met rijen")
        result.start = painted - terminal.started
        terminal.settle(0.3)

        # F5 until the signalen are painted.
        pressed = terminal.press("f5")
        painted = terminal.wait_for(lambda text: bool(SIGNALEN_HEADER.search(text) and SIGNAAL_ROW.search(text)),
                                    timeout=timeout, what="signalen")
        result.f5 = painted - pressed
        terminal.settle(0.3)
        terminal.press("escape")
        terminal.wait_for(caseload, timeout=timeout, what="caseload na signalen")
        terminal.settle(0.3)

        # Dossiers, the session's first included: found with the filter (untimed), opened with enter (timed).
        for kenmerk in kenmerken:
            terminal.press(kenmerk)
            terminal.wait_for(lambda text: f"1 van {persons} getoond" in text and kenmerk in text, timeout=timeout,
                              what=f"filter op {kenmerk}")
            terminal.settle(0.2)
            pressed = terminal.press("enter")
            painted = terminal.wait_for(
                lambda text: "getoond" not in text and kenmerk in text and all(marker in text for marker in DOSSIER_LOADED),
                timeout=timeout, what="dossier")
            result.dossiers.append(painted - pressed)
            if result.first_dossier is None:
                result.first_dossier = painted - pressed
            terminal.settle(0.2)
            # The edit form: e until its title names the person (the fields are then filled).
            pressed = terminal.press("e")
            painted = terminal.wait_for(lambda text: EDIT_FORM_LOADED in text and kenmerk in text, timeout=timeout,
                                        what="bewerkformulier")
            result.edit_forms.append(painted - pressed)
            terminal.settle(0.2)
            terminal.press("escape")  # nothing typed: back to the dossier at once
            terminal.wait_for(lambda text: all(marker in text for marker in DOSSIER_LOADED), timeout=timeout,
                              what="dossier na bewerkformulier")
            terminal.settle(0.2)
            terminal.press("escape")  # back to the caseload
            terminal.wait_for(lambda text: "getoond" in text, timeout=timeout, what="caseload na dossier")
            terminal.settle(0.2)
            terminal.press("escape")  # clear the search text
            terminal.wait_for(caseload, timeout=timeout, what="caseload zonder filter")
            terminal.settle(0.2)
        result.memory = terminal.peak_memory_mb()  # after caseload, F5 and the dossiers

        result.keystrokes = filter_keystrokes(terminal, query, timeout=timeout)
        terminal.press("escape")
        terminal.wait_for(caseload, timeout=timeout, what="caseload zonder filter")
        terminal.settle(0.3)

        # Quit: ctrl+q until the process has ended (a saved filter would only change the next start).
        pressed = terminal.press("ctrl+q")
        result.quit = terminal.wait_exit(timeout=max(timeout, 600)) - pressed
    return result


# -- whole-process figures ---------------------------------------------------------------

def whole_process(setup: Setup, db: Path, *arguments: str, expect: bytes) -> float:
    """Seconds for one `regie ARGUMENTS --db DB` from exec to exit; its output must start with `expect`."""
    started = time.perf_counter()
    result = subprocess.run([*regie_command(), "--vandaag", TODAY.isoformat(), *arguments, "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=setup.env, cwd=setup.workdir, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0 or not result.stdout.lstrip().startswith(expect):
        raise RuntimeError(f"regie {' '.join(arguments)} mislukte: " + result.stderr.decode(errors="replace")[-300:])
    return elapsed


def signalen_json(setup: Setup, db: Path) -> float:
    return whole_process(setup, db, "signalen", "--per", TODAY.isoformat(), "--json", expect=b"[")


def rapport_json(setup: Setup, db: Path) -> float:
    """A year's monitor report (issue 20: at most 1 s), the whole `regie rapport --json` process."""
    return whole_process(setup, db, "rapport", "--van", (TODAY - timedelta(days=364)).isoformat(),
                         "--tot", TODAY.isoformat(), "--json", expect=b"{")


def write_hours_csv(setup: Setup, db: Path, rows: int, target: Path) -> None:
    """A taalschool's overview of `rows` hour rows for existing persons, as `regie import uren` reads it."""
    from benchmarks.baseline import connect

    connection = connect(db)
    try:
        people = [(kenmerk, date.fromisoformat(koppeling[:10]) if koppeling else None)
                  for kenmerk, koppeling in connection.execute("SELECT kenmerk, koppeling FROM person WHERE koppeling IS NOT NULL")]
    finally:
        connection.close()
    rng = random.Random(11)
    with target.open("w", encoding="utf-8-sig") as handle:
        handle.write("kenmerk;datum;soort;uren;bron;omschrijving\n")
        for index in range(rows):
            kenmerk, koppeling = rng.choice(people)
            day = koppeling + timedelta(days=rng.randint(0, max(0, (TODAY - koppeling).days)))
            handle.write(f"{kenmerk};{day:%d-%m-%Y};participatie;{rng.choice(('1', '1,5', '2', '3'))};Benchmarkschool;regel {index}\n")


def import_hours(setup: Setup, db: Path, csv_path: Path) -> tuple[float, float | None]:
    """`regie import uren` on a copy of the database: whole-process time and the process's own peak memory (MB).

    The peak is the import process's VmHWM, read from /proc while it runs (every 10 ms): not
    getrusage's ru_maxrss, which Linux carries over from the process that started it."""
    copy = setup.workdir / "import.sqlite"
    shutil.copyfile(db, copy)
    if Path(f"{db}-wal").exists():  # regie checkpoints on a clean exit; copy what might be left all the same
        shutil.copyfile(f"{db}-wal", f"{copy}-wal")
    try:
        started = time.perf_counter()
        argv = [*regie_command(), "--vandaag", TODAY.isoformat(), "import", "uren", str(csv_path), "--db", str(copy)]
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=setup.env, cwd=setup.workdir)
        peak = None
        while process.poll() is None:
            seen = peak_memory_mb(process.pid)
            peak = max(peak or 0.0, seen) if seen is not None else peak
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError("regie import uren mislukte: " + process.stderr.read().decode(errors="replace")[-300:])
        return elapsed, peak
    finally:
        for leftover in setup.workdir.glob("import.sqlite*"):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(setup.workdir / "import-backups", ignore_errors=True)


# -- a size's interactive figures ----------------------------------------------------------

@dataclass
class Measured:
    persons: int
    baseline: list[float] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    signalen: list[float] = field(default_factory=list)
    rapport: list[float] = field(default_factory=list)
    stopped_early: str | None = None

    def values(self, name: str) -> list[float]:
        if name == "keystrokes":
            return [v for s in self.sessions for v in s.keystrokes]
        if name == "dossiers":
            return [v for s in self.sessions for v in s.dossiers]
        if name == "edit_forms":
            return [v for s in self.sessions for v in s.edit_forms]
        if name == "signalen":
            return list(self.signalen)
        return [getattr(s, name) for s in self.sessions if getattr(s, name) is not None]


def measure_size(setup: Setup, db: Path, persons: int, *, repeat: int, budget: float, dossiers: int) -> Measured:
    """`repeat` sessions of regie, each after a start of the baseline app; fewer when `budget` seconds are used up."""
    measured = Measured(persons)
    kenmerken, query = sample_people(setup, db, dossiers * repeat)
    started = time.perf_counter()
    for run in range(repeat):
        if run and time.perf_counter() - started > budget:
            measured.stopped_early = f"na {run} van {repeat} sessies gestopt: het tijdsbudget van {budget:.0f} s was op"
            print("  " + measured.stopped_early, flush=True)
            break
        measured.baseline.append(start_baseline(setup, db, persons))
        session = regie_session(setup, db, persons, kenmerken[run * dossiers:(run + 1) * dossiers], query,
                                timeout=max(120.0, budget))
        measured.sessions.append(session)
        print(f"  sessie {run + 1}: basis {show(measured.baseline[-1], 's')}, start {show(session.start, 's')}, "
              f"F5 {show(session.f5, 's')}, eerste dossier {show(session.first_dossier, 's')}, "
              f"toets max {show(max(session.keystrokes), 's')}, geheugen {show(session.memory or 0, 'MB')}, "
              f"afsluiten {show(session.quit, 's')}", flush=True)
    for _ in range(repeat):
        measured.signalen.append(signalen_json(setup, db))
        measured.rapport.append(rapport_json(setup, db))
    return measured


def interactive_figures(measured: Measured, *, repeat: int, at_100k: bool, dossiers: int = DOSSIERS_PER_SESSION) -> list[Figure]:
    persons = f"{measured.persons} personen"
    figures = [
        Figure(f"start tot de rijen van de caseload ({persons})", "s", measured.values("start"),
               target=3.0 if at_100k else 1.0, wanted=repeat),
        Figure(f"F5 tot de signalen getekend zijn ({persons})", "s", measured.values("f5"),
               target=1.0 if at_100k else 0.250, wanted=repeat),
        Figure(f"toetsaanslag in het filter tot getekend ({persons})", "s", measured.values("keystrokes"),
               target=None if at_100k else 0.050, worst_target=0.150 if at_100k else 0.100, wanted=repeat),
        Figure(f"piekgeheugen na caseload, F5 en {dossiers} dossiers ({persons})", "MB",
               measured.values("memory"), target=600.0 if at_100k else 200.0, wanted=repeat),
    ]
    if not at_100k:
        figures[1:1] = [Figure(f"start t.o.v. de basis-app ({persons})", "s", measured.values("start"),
                               target=3.0, relative_to="basis", wanted=repeat)]
        figures += [
            Figure(f"afsluiten: ctrl+q tot het proces gestopt is ({persons})", "s", measured.values("quit"), target=0.300, wanted=repeat),
            Figure(f"eerste dossier van een sessie tot getekend ({persons})", "s", measured.values("first_dossier"),
                   worst_target=0.100, wanted=repeat),
            Figure(f"elk dossier tot getekend ({persons})", "s", measured.values("dossiers"), worst_target=0.100, wanted=repeat),
            Figure(f"bewerkformulier (e) tot de velden gevuld zijn ({persons})", "s", measured.values("edit_forms"),
                   worst_target=0.150, wanted=repeat),
            Figure(f"regie signalen --json, heel proces ({persons})", "s", measured.signalen, target=1.0, wanted=repeat),
            Figure(f"jaarrapport van de monitor, regie rapport --json, heel proces ({persons})", "s", measured.rapport,
                   target=1.0, wanted=repeat),
        ]
    return figures


# -- growth over sizes ---------------------------------------------------------------

GROWTH = (("start", "start"), ("afsluiten", "quit"), ("F5", "f5"), ("toets (slechtste)", "keystrokes"),
          ("eerste dossier", "first_dossier"), ("geheugen", "memory"), ("regie signalen --json", "signalen"))


def growth_table(runs: list[Measured]) -> list[str]:
    """Median per size (worst for keystrokes), with ⚠ where a figure grew faster than the number of persons."""
    lines = ["| meting | " + " | ".join(f"{m.persons} personen" for m in runs) + " |",
             "| --- |" + " --- |" * len(runs)]
    flagged = []
    for label, name in GROWTH:
        cells, previous = [], None
        for m in runs:
            values = m.values(name)
            if not values:
                cells.append("-")
                previous = None
                continue
            value = max(values) if name == "keystrokes" else statistics.median(values)
            unit = "MB" if name == "memory" else "s"
            cell = show(value, unit)
            if previous is not None and previous[1] > 0:
                factor, persons_factor = value / previous[1], m.persons / previous[0]
                cell += f" (×{factor:.1f})"
                if factor > persons_factor:
                    cell += " ⚠"
                    flagged.append(f"{label} van {previous[0]} naar {m.persons} personen: ×{factor:.1f} bij ×{persons_factor:.0f} personen")
            cells.append(cell)
            previous = (m.persons, value)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("⚠ = groeit sneller dan lineair met het aantal personen." if flagged else
                 "Geen meting groeit sneller dan lineair met het aantal personen.")
    lines += [f"- {line}" for line in flagged]
    return lines


# -- RESULTS.md ------------------------------------------------------------------------

def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            memory = f", {int(handle.readline().split()[1]) // 1024 // 1024} GiB RAM"
    except OSError:
        pass
    try:
        load = f", belasting bij de start {os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        load = ""
    return (f"{platform.system()} {platform.release()}, {platform.machine()}, {os.cpu_count()} cores{memory}, "
            f"Python {platform.python_version()}{load}")


def write_results(path: Path, *, size: str, lines: list[str], baselines: dict[str, float], missed: int,
                  notes: list[str], growth: list[str] | None, builds: dict[int, float]) -> None:
    out = [
        "# Benchmarkresultaten",
        "",
        f"Gemeten op {date.today().isoformat()} met `python benchmarks/run.py --size {size}`. Machine: {machine()}.",
        "",
        "Zo gemeten: de echte opdracht `regie` in een pseudo-terminal, het scherm gelezen met een terminalemulator "
        "(pyte); de klok stopt als de verwachte rijen op het scherm staan; toetsen gaan via de terminal. Versleuteld "
        "(sleutel uit REGIE_KEY_FILE) en met back-ups aan, zoals bij een gebruiker. Elke meting: mediaan en slechtste "
        "van alle runs; de start wordt vergeleken met een kale Textual-app (benchmarks/baseline.py) die dezelfde "
        "gegevens leest zonder regels, in dezelfde run afwisselend met regie gestart.",
        "",
    ]
    if baselines:
        out += [f"Basis-app: start tot rijen {show(baselines['basis'], 's')} (mediaan).", ""]
    out += [f"**{missed} doel(en) gemist.**" if missed else "**Alle doelen gehaald.**", ""]
    out += [f"- {line}" for line in lines]
    if growth:
        out += ["", "## Groei met het aantal personen", "", *growth]
    if builds:
        out += ["", "## Database bouwen", ""]
        out += [f"- {persons} personen: {seconds:.1f} s" for persons, seconds in builds.items()]
    if notes:
        out += ["", "## Opmerkingen", "", *[f"- {note}" for note in notes]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# -- main ----------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="regie-benchmark: gemeten zoals een gebruiker het ziet")
    parser.add_argument("--size", choices=("tiny", "full", "scale"), default="full")
    parser.add_argument("--repeat", type=int, help="runs per meting (standaard 10; tiny 3)")
    parser.add_argument("--budget", type=float, default=1800.0,
                        help="seconden per grootte; daarna geen nieuwe sessie meer (de meting telt dan als niet gehaald)")
    parser.add_argument("--no-check", action="store_true", help="alleen tonen, nooit een foutcode bij een gemist doel")
    parser.add_argument("--workdir", type=Path, help="map voor databases en sleutel (hergebruikt wat er al staat)")
    parser.add_argument("--results", type=Path, help="standaard benchmarks/RESULTS.md (full) of RESULTS-scale.md (scale)")
    args = parser.parse_args(argv)
    if not SUPPORTED:
        print("De benchmark heeft een POSIX-pseudo-terminal nodig; op Windows wordt hij overgeslagen.")
        return 0
    repeat = args.repeat or (3 if args.size == "tiny" else 10)

    with tempfile.TemporaryDirectory(prefix="regie-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        setup = make_setup(workdir)
        figures: list[Figure] = []
        baselines: dict[str, float] = {}
        notes: list[str] = []
        builds: dict[int, float] = {}
        growth = None

        if args.size in ("tiny", "full"):
            size = TINY if args.size == "tiny" else Size.per_person(10_000)
            db, builds[size.people] = database(setup, size)
            dossiers = 3 if args.size == "tiny" else DOSSIERS_PER_SESSION
            measured = measure_size(setup, db, size.people, repeat=repeat, budget=args.budget, dossiers=dossiers)
            baselines["basis"] = statistics.median(measured.baseline)
            figures += [Figure(f"basis-app: start tot rijen ({size.people} personen)", "s", measured.baseline, wanted=repeat)]
            figures += interactive_figures(measured, repeat=repeat, at_100k=False, dossiers=dossiers)
            if measured.stopped_early:
                notes.append(measured.stopped_early)
            for rows, target, memory_target in ((2_000, 3.0, None), (20_000, 30.0, 300.0)) if args.size == "tiny" else \
                    ((100_000, 3.0, None), (1_000_000, 30.0, 300.0)):
                csv_path = workdir / f"uren-{rows}.csv"
                write_hours_csv(setup, db, rows, csv_path)
                times, peaks = [], []
                for _ in range(repeat):
                    elapsed, peak = import_hours(setup, db, csv_path)
                    times.append(elapsed)
                    if peak is not None:
                        peaks.append(peak)
                figures.append(Figure(f"import van {rows} uren-regels (heel proces)", "s", times, target=target, wanted=repeat))
                if memory_target is not None:
                    figures.append(Figure(f"piekgeheugen van de import van {rows} regels", "MB", peaks, worst_target=memory_target,
                                          wanted=repeat))
        else:
            runs = []
            for persons in SCALE:
                db, builds[persons] = database(setup, Size.per_person(persons))
                print(f"{persons} personen:", flush=True)
                measured = measure_size(setup, db, persons, repeat=repeat, budget=args.budget, dossiers=DOSSIERS_PER_SESSION)
                runs.append(measured)
                if measured.stopped_early:
                    notes.append(f"{persons} personen: {measured.stopped_early}")
                if persons == 100_000:
                    figures += interactive_figures(measured, repeat=repeat, at_100k=True)
                if args.workdir is None:  # a 100,000-person database and its backups take gigabytes
                    db.unlink()
                    shutil.rmtree(db.with_name(f"{db.stem}-backups"), ignore_errors=True)
            growth = growth_table(runs)

    print()
    lines, missed = report(figures, baselines)
    if growth:
        print()
        print("\n".join(growth))
    for persons, seconds in builds.items():
        if seconds:
            print(f"database van {persons} personen gebouwd in {seconds:.1f} s")
    if args.size != "tiny":
        write_results(args.results or RESULTS[args.size], size=args.size, lines=lines, baselines=baselines, missed=missed, notes=notes,
                      growth=growth, builds=builds)
        print(f"\nResultaten geschreven naar {args.results or RESULTS[args.size]}")
    if missed:
        print(f"\n{missed} doel(en) gemist.")
    return exit_code(missed, check=not args.no_check)


if __name__ == "__main__":
    raise SystemExit(main())
