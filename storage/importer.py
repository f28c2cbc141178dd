"""Importing personen, uren and besluiten from a CSV file as Dutch Excel writes it: every row or none.

A file is read and checked whole before anything is stored. If any row is
wrong, :class:`CsvImportError` lists every problem as ``regel N, kolom X: reden``
(line numbers as the spreadsheet shows them, the header being line 1) and
the database is untouched. Otherwise one write transaction stores the
personen (a caseload's worth: short).

Uren files can be long (a school's year: hundreds of thousands of rows), and a
consulent must be able to save a contactmoment, or open a dossier, while one
is read in. So an uren import never holds the write lock for long: it reads
the file once, as a stream, checking each row and staging it (while the file
has shown no problem) in short transactions (see `_Pace`); a
problem anywhere removes what was staged and stores nothing. SQL then drops
the staged copies of rows already stored; one short transaction is the
commit point (the run is marked `klaar`, the audit rows written, the first
rows moved in) and the rest moves in, in short transactions too. A run
interrupted before its commit point leaves only staged rows, removed at a
later start; one interrupted after it is finished at the next start
(`resume_interrupted_imports`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import io
import time
from array import array
from concurrent.futures import Future, ThreadPoolExecutor
from uuid import uuid4

from sqlalchemy import Column, Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.engine import Connection, Engine

from rules import limits
from rules.bsn import mask_bsn, normalize_bsn
from rules.csvparse import (
    CsvRij,
    parse_cell_bool,
    parse_cell_choice,
    parse_cell_date,
    parse_cell_int,
    parse_cell_minutes,
    parse_text,
    read_csv,
    detect_codec,
    normalize_name,
    stream_csv,
)
from rules.errors import InputError
from rules.dates import parse_bool
from rules.naam import check_achternaam
from rules.contactgegevens import normalize_email, normalize_telefoon, normalize_v_nummer
from rules.huishouden import Relatie
from rules.model import (
    Alfabetisering,
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    LeerbaarheidstoetsVrijstelling,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingGrond,
    OntheffingSoort,
    PersonFacts,
    Pip,
    RedenGeenResultaat,
    Regime,
    Status,
    UrenSoort,
    Verblijfsvergunning,
    Verlenging,
    VerlengingGrond,
    Vrijstelling,
    VrijstellingSoort,
)
from rules.validation import FOUT, check_uren, validate_facts
from storage import audit, backend
from storage.db import write_session
from storage.models import (
    ExamenPoging as ExamenPogingRow,
    ImportRun,
    ImportStagingUren,
    OntheffingBesluit,
    Person,
    PipVersie,
    Urenregistratie,
    Verlenging as VerlengingRow,
    VrijstellingBesluit,
)
from storage.names import name_values
from storage.queries import facts_from_row, hour_totals, latest_voortgangsgesprekken, load_lists, load_person

PERSON = Person.__table__
UREN = Urenregistratie.__table__
RUN = ImportRun.__table__
STAGED_UREN = ImportStagingUren.__table__

# Rows in the first short write transaction while staging and while moving in; later ones take as many
# rows as keep each near HOLD_S (see `_Pace`), so a save elsewhere waits at most about that long.
STAGE_BATCH = 10_000
MOVE_BATCH = 10_000
HOLD_S = 0.6
# Between two of those transactions the import lets go for a moment: a waiting save polls for the
# lock (every few to 100 ms) and would otherwise rarely find it free between back-to-back batches.
YIELD_S = 0.025
# A run still "bezig" this long after it started was interrupted (an import stages in seconds).
STALE_RUN_AFTER = timedelta(hours=1)

# Values per IN list: below every backend's limit on parameters per statement.
_CHUNK = backend.MAX_IN_PARAMETERS

# The columns of a personen file, in the order the exporter writes them.
PERSON_COLUMNS: tuple[str, ...] = (
    "kenmerk", "naam", "geboortedatum", "bsn", "doelgroep", "nareiziger", "regime", "consulent",
    "kennisgeving_duo", "brp_inschrijving", "pip_datum", "leerroute", "bijstand", "ontzorgen_start",
    "ontzorgen_maanden", "aanbod_start", "pvt_ondertekend", "map_eindgesprek", "zroute_afgerond",
    "termijn_einde", "laatste_voortgangsgesprek", "status",
    # Beyond the columns of issue 3: what an aanmelding after an AZC visit records, so that
    # export then import does not lose it (the koppeling also bounds which hours can be registered).
    "koppeling", "eerste_azc_bezoek", "huisvesting", "brede_intake_start", "taal", "tolk_nodig",
    # The law, part two (issue 18): optional, after the older columns so older files keep importing.
    "verblijfsvergunning", "inburgeringsplicht_start", "aanbod_gepland", "aanbod_einde", "map_verwijtbaar",
    "pvt_verwijtbaar", "vorige_gemeente", "verhuisd_in", "eerste_pip_datum", "vertrokken_op", "vertrek_bestemming",
    "leerbaarheidstoets", "leerbaarheidstoets_vrijstelling",
    # Finding and sorting names (issue 17): optional; empty or absent means "taken from the naam".
    "achternaam",
    # The AZC visit and the people around the person (issue 17): optional, after the older columns. Members of one
    # household share the value of ``huishouden`` (any code of up to 36 characters links them).
    "v_nummer", "azc_locatie", "adres", "telefoon", "email", "contactpersoon", "contactpersoon_organisatie",
    "contactpersoon_telefoon", "huishouden", "huishouden_relatie",
)
PERSON_REQUIRED: tuple[str, ...] = ("kenmerk", "naam", "doelgroep")
UREN_COLUMNS: tuple[str, ...] = ("kenmerk", "datum", "soort", "uren", "bron", "omschrijving")
UREN_REQUIRED: tuple[str, ...] = ("kenmerk", "datum", "soort", "uren")

# What an empty cell means for a column that cannot be unknown.
_PERSON_DEFAULTS = {
    "nareiziger": False,
    "bijstand": False,
    "tolk_nodig": False,
    "regime": Regime.WI2021.value,
    "status": Status.ACTIEF.value,
}
# A file with one of these statuses is open: retention does not run (geen_plicht: a household member
# waiting for the plicht, as storage.persons.closing_values).
_OPEN_STATUSES = frozenset({Status.ACTIEF.value, Status.GEEN_PLICHT.value})
# Lengths of the text columns in the schema (storage.models).
_MAX_LENGTH = limits.IMPORT_COLUMNS  # the one place field limits are defined


class CsvImportError(Exception):
    """The file cannot be imported; ``fouten`` lists every problem in Dutch. Nothing was stored."""

    def __init__(self, fouten: Iterable[str], *, waarschuwingen: Iterable[str] = ()) -> None:
        self.fouten = tuple(fouten)
        self.waarschuwingen = tuple(waarschuwingen)
        super().__init__(f"{len(self.fouten)} fout(en) in het bestand; er is niets opgeslagen")


@dataclass(frozen=True)
class PersonenImport:
    toegevoegd: int
    bijgewerkt: int
    ongewijzigd: int
    waarschuwingen: tuple[str, ...] = ()
    # For the service's team operations: the ids of new persons, and (id, row before) of updated ones.
    nieuw: tuple[int, ...] = field(default=(), repr=False, compare=False)
    gewijzigd: tuple[tuple[int, dict], ...] = field(default=(), repr=False, compare=False)
    codering: str = "UTF-8"  # how the file was read: ``Windows-1252``, ``UTF-16 LE``, ``UTF-8 met BOM``, …

    @property
    def samenvatting(self) -> str:
        text = f"{self.toegevoegd} {_personen(self.toegevoegd)} toegevoegd, {self.bijgewerkt} bijgewerkt"
        if self.ongewijzigd:
            text += f", {self.ongewijzigd} ongewijzigd"
        return f"{text} (gelezen als {self.codering})"


@dataclass(frozen=True)
class UrenImport:
    toegevoegd: int
    overgeslagen: int
    waarschuwingen: tuple[str, ...] = ()
    codering: str = "UTF-8"  # how the file was read (see PersonenImport)

    @property
    def samenvatting(self) -> str:
        return (f"{self.toegevoegd} uren-regels toegevoegd, {self.overgeslagen} al aanwezig en overgeslagen "
                f"(gelezen als {self.codering})")


def _personen(n: int) -> str:
    return "persoon" if n == 1 else "personen"


# --- reading the file -------------------------------------------------------------


class _Problems:
    """Collects ``regel N, kolom X: reden`` lines, sorted by line and then left to right as in the file."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self._order = {name: i for i, name in enumerate(columns)}
        self._items: list[tuple[int, int, str]] = []
        self._raw: list[tuple[int, str | None, str]] = []

    def add(self, regel: int, kolom: str | None, reden: str) -> None:
        where = f"regel {regel}, kolom {kolom}" if kolom else f"regel {regel}"
        self._items.append((regel, self._order.get(kolom or "", len(self._order)), f"{where}: {reden}"))
        self._raw.append((regel, kolom, reden))

    def __bool__(self) -> bool:
        return bool(self._items)

    def items(self) -> Iterator[tuple[int, str | None, str]]:
        """(line, column, reason) of every problem, for adding them to another list."""
        yield from self._raw

    def lines(self) -> list[str]:
        return [text for _, _, text in sorted(self._items, key=lambda item: (item[0], item[1]))]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError([f"het bestand {path} bestaat niet"]) from None
    except IsADirectoryError:
        raise CsvImportError([f"{path} is een map, geen bestand"]) from None
    except PermissionError:
        raise CsvImportError([f"geen toestemming om {path} te lezen"]) from None
    except OSError as exc:
        raise CsvImportError([f"het bestand {path} kan niet worden gelezen ({exc.strerror or type(exc).__name__})"]) from None


@dataclass(frozen=True)
class _Rows:
    columns: tuple[str, ...]  # the known columns the file has, in the file's order
    rows: tuple[CsvRij, ...]
    waarschuwingen: tuple[str, ...]
    unreadable: tuple[tuple[int, str, str], ...] = ()  # (line, column, reason): rows left out of `rows`
    codering: str = "UTF-8"  # the encoding the file was read in, named as a user knows it

    def problems(self, all_columns: tuple[str, ...]) -> _Problems:
        """The problem list, starting with the rows that could not be split into the file's columns."""
        # Fields a rule names that the file lacks (e.g. niveau) come after the file's own columns.
        problems = _Problems(self.columns + tuple(c for c in all_columns if c not in self.columns))
        for regel, kolom, reden in self.unreadable:
            problems.add(regel, kolom, reden)
        return problems

    def cells(self, row: CsvRij) -> Iterator[tuple[str, str]]:
        """(column, cell text) for every known column; a short row's missing cells are empty."""
        for column in self.columns:
            yield column, row.cellen.get(column, "")


def _read_rows(path: Path, *, columns: tuple[str, ...], required: tuple[str, ...]) -> _Rows:
    """The data rows of the file, and a warning per unknown column; a broken header is an :class:`CsvImportError`."""
    try:
        tabel = read_csv(_read_bytes(path))
    except InputError as exc:
        raise CsvImportError([exc.message]) from None
    present, waarschuwingen = _check_header(tabel.kolommen, columns=columns, required=required)
    return _Rows(present, tabel.rijen, waarschuwingen, tabel.fouten, codering=tabel.codering)


def _check_header(kolommen: tuple[str, ...], *, columns: tuple[str, ...],
                  required: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the known columns the file has, in its order; a warning per unknown column); a missing required
    column is an :class:`CsvImportError` that names it."""
    waarschuwingen = [f"waarschuwing: onbekende kolom ‘{name}’ wordt genegeerd" for name in kolommen if name not in columns]
    if waarschuwingen:
        waarschuwingen.append("bekende kolommen: " + ", ".join(columns))
    missing = [f"regel 1: de verplichte kolom ‘{name}’ ontbreekt in de kopregel" for name in required if name not in kolommen]
    if missing:
        raise CsvImportError(missing, waarschuwingen=waarschuwingen)
    return tuple(name for name in kolommen if name in columns), tuple(waarschuwingen)


def _file_lines(path: Path) -> tuple[Iterator[str], str]:
    """The file's text lines, read as they are needed (never the whole file in memory), and the encoding's name
    for the summary: UTF-8, a BOM allowed; a line that is no UTF-8 is an InputError naming it, as
    :func:`rules.csvparse.decode` does."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise CsvImportError([f"het bestand {path} bestaat niet"]) from None
    except IsADirectoryError:
        raise CsvImportError([f"{path} is een map, geen bestand"]) from None
    except PermissionError:
        raise CsvImportError([f"geen toestemming om {path} te lezen"]) from None
    except OSError as exc:
        raise CsvImportError([f"het bestand {path} kan niet worden gelezen ({exc.strerror or type(exc).__name__})"]) from None

    try:
        codec, codering = detect_codec(handle.read(_SAMPLE))
    except InputError as exc:
        handle.close()
        raise CsvImportError([exc.message]) from None
    handle.seek(0)

    def utf8_lines() -> Iterator[str]:
        with handle:
            for regel, raw in enumerate(handle, start=1):
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise InputError(f"regel {regel}: het bestand is geen UTF-8; sla het in Excel op als "
                                     "‘CSV UTF-8 (door komma's gescheiden)’.") from None

    def other_lines() -> Iterator[str]:  # Windows-1252 or UTF-16 as Excel saves them (the BOM is read away)
        with io.TextIOWrapper(handle, encoding=codec, newline="") as text:
            regel = 0
            try:
                for regel, line in enumerate(text, start=1):
                    yield line
            except UnicodeDecodeError:
                raise InputError(f"regel {regel + 1}: het bestand is geen tekstbestand dat als CSV te lezen is; "
                                 "sla het in Excel op als ‘CSV UTF-8 (door komma's gescheiden)’.") from None

    return (utf8_lines() if codec in ("utf_8", "utf_8_sig") else other_lines()), codering


_SAMPLE = 1 << 16  # bytes read to detect a streamed file's encoding


@dataclass
class _StreamedRows:
    """A file read row by row, once per pass: the header is checked when it is opened."""

    columns: tuple[str, ...]  # the known columns the file has, in the file's order
    rows: Iterator[CsvRij]
    waarschuwingen: tuple[str, ...]
    unreadable: list[tuple[int, str, str]]  # filled while `rows` is consumed
    codering: str = "UTF-8"

    problems = _Rows.problems
    cells = _Rows.cells


def _stream_rows(path: Path, *, columns: tuple[str, ...], required: tuple[str, ...]) -> _StreamedRows:
    """Like `_read_rows`, without holding the file: a broken header is an :class:`CsvImportError` at once;
    a line further on that cannot be read raises it while the rows are consumed (see `_each_row`)."""
    try:
        lines, codering = _file_lines(path)
        stroom = stream_csv(lines)
    except InputError as exc:
        raise CsvImportError([exc.message]) from None
    present, waarschuwingen = _check_header(stroom.kolommen, columns=columns, required=required)
    return _StreamedRows(present, stroom.rijen, waarschuwingen, stroom.fouten, codering=codering)


def _each_row(sheet: _StreamedRows) -> Iterator[CsvRij]:
    """The rows of a streamed file; a line that cannot be read ends the import with its message."""
    try:
        yield from sheet.rows
    except InputError as exc:
        raise CsvImportError([exc.message], waarschuwingen=sheet.waarschuwingen) from None


def _cached(parse: Callable[[str], object]) -> Callable[[str], object]:
    """Memoise a cell parser: a school's file repeats the same dates and hours many times."""
    seen: dict[str, object] = {}

    def parse_cached(text: str) -> object:
        try:
            return seen[text]
        except KeyError:
            value = seen[text] = parse(text)  # an InputError is not cached, and raised again next time
            return value

    parse_cached.seen = seen  # type: ignore[attr-defined]  (a hot loop may look up a known cell itself)
    return parse_cached


def _in_chunks(values: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# --- personen ---------------------------------------------------------------------


def _text(column: str) -> Callable[[str], str | None]:
    limit = _MAX_LENGTH.get(column)

    def parse(text: str) -> str | None:
        value = parse_text(text) or None
        if value is not None and limit is not None and len(value) > limit:
            raise InputError(f"te lang: hoogstens {limit} tekens, hier {len(value)}.")
        return value

    return parse


def _bsn(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return normalize_bsn(text)
    except InputError as exc:
        # Never repeat a whole (possibly real) BSN in a message.
        digits = "".join(ch for ch in text if ch.isdigit())
        message = exc.message.replace(digits, mask_bsn(digits)) if len(digits) > 4 else exc.message
        raise InputError(message) from None


def _optional(normalize: Callable[[str], str]) -> Callable[[str], str | None]:
    """An optional cell checked by a rules normaliser (V-nummer, telefoon, e-mail); its message never repeats the value."""
    return lambda text: normalize(text) if text.strip() else None


def _choice(kind: type[StrEnum], wat: str) -> Callable[[str], str | None]:
    choices: Mapping[str, str] = {member.value: member.value for member in kind}
    return lambda text: parse_cell_choice(text, choices, wat=wat)


def _maanden(text: str) -> int | None:
    # The schema's bounds; validate_facts says what the law allows.
    return parse_cell_int(text, minimum=1, maximum=120)


_PERSON_PARSERS: dict[str, Callable[[str], object]] = {
    "kenmerk": _text("kenmerk"),
    "naam": _text("naam"),
    "achternaam": _text("achternaam"),
    "geboortedatum": parse_cell_date,
    "bsn": _bsn,
    "doelgroep": _choice(Doelgroep, "doelgroep"),
    "nareiziger": parse_cell_bool,
    "regime": _choice(Regime, "regime"),
    "consulent": _text("consulent"),
    "leerroute": _choice(Leerroute, "leerroute"),
    "bijstand": parse_cell_bool,
    "ontzorgen_maanden": _maanden,
    "status": _choice(Status, "status"),
    "taal": _text("taal"),
    "tolk_nodig": parse_cell_bool,
    "verblijfsvergunning": _choice(Verblijfsvergunning, "verblijfsvergunning"),
    "map_verwijtbaar": parse_bool,  # ja, nee, or empty: not given (DUO asks it only after the termijn)
    "pvt_verwijtbaar": parse_bool,
    "vorige_gemeente": _text("vorige_gemeente"),
    "vertrek_bestemming": _text("vertrek_bestemming"),
    "leerbaarheidstoets_vrijstelling": _choice(LeerbaarheidstoetsVrijstelling, "leerbaarheidstoets_vrijstelling"),
    "v_nummer": _optional(normalize_v_nummer),
    "azc_locatie": _text("azc_locatie"),
    "adres": _text("adres"),
    "telefoon": _optional(normalize_telefoon),
    "email": _optional(normalize_email),
    "contactpersoon": _text("contactpersoon"),
    "contactpersoon_organisatie": _text("contactpersoon_organisatie"),
    "contactpersoon_telefoon": _optional(normalize_telefoon),
    "huishouden": _text("huishouden"),
    "huishouden_relatie": _choice(Relatie, "huishouden_relatie"),
}
# Every other column is a date.
_PERSON_PARSERS |= {column: parse_cell_date for column in PERSON_COLUMNS if column not in _PERSON_PARSERS}

_REQUIRED_REASON = {
    "kenmerk": "verplicht; vul het kenmerk (klantnummer) in",
    "naam": "verplicht; vul de naam in",
    "doelgroep": "verplicht; kies uit " + ", ".join(d.value for d in Doelgroep),
    "datum": "verplicht; vul de datum in (dd-mm-jjjj)",
    "soort": "verplicht; kies uit " + ", ".join(s.value for s in UrenSoort),
    "uren": "verplicht; vul het aantal uren in, bijvoorbeeld 1,5",
}


def _parse_person_row(sheet: _Rows, row: CsvRij, problems: _Problems) -> dict[str, object] | None:
    values: dict[str, object] = {}
    ok = True
    for column, text in sheet.cells(row):
        try:
            value = _PERSON_PARSERS[column](text)
        except InputError as exc:
            problems.add(row.regel, column, exc.message)
            ok = False
            continue
        if value is None:
            if column in PERSON_REQUIRED:
                problems.add(row.regel, column, _REQUIRED_REASON[column])
                ok = False
                continue
            value = _PERSON_DEFAULTS.get(column)
        values[column] = value
    return values if ok else None


def _load_persons_by_kenmerk(connection: Connection, kenmerken: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for chunk in _in_chunks(kenmerken):
        for row in connection.execute(select(PERSON).where(PERSON.c.kenmerk.in_(chunk))).mappings():
            found[row["kenmerk"]] = dict(row)
    return found


def _new_person_row(values: dict[str, object]) -> dict[str, object]:
    row: dict[str, object] = {column.name: None for column in PERSON.columns if column.name != "id"}
    row.update(nareiziger=False, bijstand=False, tolk_nodig=False, regime=Regime.WI2021.value,
               status=Status.ACTIEF.value, version=1)
    row.update(values)
    return row


def import_personen(*, connection: Connection, path: Path, today: date, now: datetime | None = None) -> PersonenImport:
    """Add or update the personen in the CSV file at ``path``: all rows, or none and :class:`CsvImportError`.

    A known kenmerk updates that person, only in the columns the file has;
    a row that changes nothing leaves the person (and its version) alone.
    ``today`` is the date the facts are checked against (a PIP cannot be in the future).
    """
    sheet = _read_rows(Path(path), columns=PERSON_COLUMNS, required=PERSON_REQUIRED)
    problems = sheet.problems(PERSON_COLUMNS)
    parsed: list[tuple[CsvRij, dict[str, object]]] = []
    first_line: dict[str, int] = {}
    for row in sheet.rows:
        values = _parse_person_row(sheet, row, problems)
        if values is None:
            continue
        kenmerk = str(values["kenmerk"])
        if kenmerk in first_line:
            problems.add(row.regel, "kenmerk", f"‘{kenmerk}’ staat ook op regel {first_line[kenmerk]}; elk kenmerk mag één keer in het bestand")
            continue
        first_line[kenmerk] = row.regel
        parsed.append((row, values))
    stamp = now or datetime.now(UTC)

    existing = _load_persons_by_kenmerk(connection, list(first_line))
    gesprekken = (
        latest_voortgangsgesprekken(connection=connection, as_of=today)
        if existing and "laatste_voortgangsgesprek" in sheet.columns else {}
    )
    inserts: list[dict[str, object]] = []
    updates: list[tuple[dict, dict[str, object]]] = []
    ongewijzigd = 0
    for row, values in parsed:
        stored = existing.get(str(values["kenmerk"]))
        if stored is not None:
            values = _keep_effective_gesprek(values, stored, gesprekken.get(stored["id"]))
        values = values | name_values(values, achternaam_follows_naam=stored is None or stored["naam"] != values.get("naam"))
        merged = {**stored, **values} if stored else _new_person_row(values)
        if values.get("achternaam") and (problem := check_achternaam(str(values["achternaam"]), naam=str(merged["naam"]))):
            problems.add(row.regel, "achternaam", problem)
        for bevinding in validate_facts(facts_from_row(merged), today=today):
            if bevinding.ernst == FOUT:
                problems.add(row.regel, bevinding.veld, bevinding.melding)
        if stored is None:
            closed = today if merged.get("status") not in _OPEN_STATUSES else None
            inserts.append({**merged, "gesloten_op": closed, "created_at": stamp, "updated_at": stamp})
        elif any(stored[column] != value for column, value in values.items()):
            updates.append((stored, values))
        else:
            ongewijzigd += 1
    _check_bsn_unique(connection, parsed, existing, problems)
    if problems:
        raise CsvImportError(problems.lines(), waarschuwingen=sheet.waarschuwingen)
    # The changes run without the per-statement audit listener; afterwards one
    # audit row per person goes into the chain in one statement, so every
    # person's own history (the dossier) shows the import, as a change by hand does.
    # New rows name only the columns they set (the others keep their defaults),
    # inserted in batches of equal column sets.
    bulk = {"audit": False}
    batches: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for values in inserts:
        row = {k: v for k, v in values.items() if v is not None}
        batches.setdefault(tuple(sorted(row)), []).append(row)
    for rows in batches.values():
        connection.execute(insert(PERSON).execution_options(**bulk), rows)
    new_ids = _load_person_ids(connection, [str(values["kenmerk"]) for values in inserts])
    for stored, values in updates:
        changed = {column: value for column, value in values.items() if stored[column] != value}
        connection.execute(
            update(PERSON)
            .where(PERSON.c.id == stored["id"])
            .values(changed | {"version": PERSON.c.version + 1, "updated_at": stamp} | _closing(changed, stored, today))
            .execution_options(**bulk)
        )
    audit.log_many(connection, actie="toegevoegd", tabel="person",
                   entries=[(pid, pid, 1) for pid in sorted(pid for pid, _ in new_ids.values())])
    audit.log_many(connection, actie="gewijzigd", tabel="person",
                   entries=[(stored["id"], stored["id"], 1) for stored, _ in updates])
    return PersonenImport(len(inserts), len(updates), ongewijzigd, sheet.waarschuwingen,
                          nieuw=tuple(sorted(pid for pid, _ in new_ids.values())),
                          gewijzigd=tuple((stored["id"], stored) for stored, _ in updates), codering=sheet.codering)


def _check_bsn_unique(connection: Connection, parsed: list[tuple[CsvRij, dict[str, object]]], existing: dict[str, dict],
                      problems: _Problems) -> None:
    """One person, one dossier: a BSN may not appear twice in the file, nor belong to another stored person
    (unless the file gives that person another BSN). The message names kenmerken, never the BSN."""
    final: dict[str, str | None] = {k: v["bsn"] for k, v in existing.items()}  # kenmerk -> BSN after this import
    first: dict[str, tuple[int, str]] = {}
    for row, values in parsed:
        if "bsn" in values:
            final[str(values["kenmerk"])] = values["bsn"]  # type: ignore[assignment]
        bsn = values.get("bsn")
        if not bsn:
            continue
        if bsn in first:
            problems.add(row.regel, "bsn", f"dit BSN staat ook op regel {first[bsn][0]} ({first[bsn][1]}); één persoon heeft één dossier")
        else:
            first[bsn] = (row.regel, str(values["kenmerk"]))
    for chunk in _in_chunks(list(first)):
        for kenmerk, bsn in connection.execute(select(PERSON.c.kenmerk, PERSON.c.bsn).where(PERSON.c.bsn.in_(chunk))):
            regel, file_kenmerk = first[bsn]
            if kenmerk != file_kenmerk and final.get(kenmerk, bsn) == bsn:
                problems.add(regel, "bsn", f"dit BSN staat al bij dossier {kenmerk}; één persoon heeft één dossier")


def _keep_effective_gesprek(values: dict[str, object], stored: Mapping, contact: date | None) -> dict[str, object]:
    """A file's laatste_voortgangsgesprek equal to the date the rules already use (the
    latest of the stored date and the contactmomenten, as `regie export` writes it)
    changes nothing: the person keeps their stored date and version."""
    if "laatste_voortgangsgesprek" not in values:
        return values
    effective = max((d for d in (stored["laatste_voortgangsgesprek"], contact) if d is not None), default=None)
    if values["laatste_voortgangsgesprek"] != effective or effective == stored["laatste_voortgangsgesprek"]:
        return values
    return values | {"laatste_voortgangsgesprek": stored["laatste_voortgangsgesprek"]}


def _closing(values: Mapping[str, object], stored: Mapping, today: date) -> dict[str, object]:
    """Retention runs from the day a file is closed: keep `gesloten_op` in step with an imported status."""
    if "status" not in values:
        return {}
    if values["status"] in _OPEN_STATUSES:
        return {"gesloten_op": None}
    return {"gesloten_op": stored["gesloten_op"] or today}


# --- uren -------------------------------------------------------------------------


def _load_person_ids(connection: Connection, kenmerken: list[str]) -> dict[str, tuple[int, date | None]]:
    """kenmerk -> (person id, koppeling date)."""
    found: dict[str, tuple[int, date | None]] = {}
    for chunk in _in_chunks(kenmerken):
        for kenmerk, pid, koppeling in connection.execute(
            select(PERSON.c.kenmerk, PERSON.c.id, PERSON.c.koppeling).where(PERSON.c.kenmerk.in_(chunk))
        ):
            found[kenmerk] = (pid, koppeling)
    return found


# The staged rows of a run, clustered by person. A school's file lists its rows in any order of persons;
# moved in in that order, each batch would add to urenregistratie's person indexes at thousands of places,
# and every short transaction would rewrite most of those indexes' pages (measured at 1,000,000 stored rows:
# 100,000 rows took 14 s in file order, 1.9 s in person order). So a staged row's key (`volgorde`) puts it in
# one of `_BUCKETS` ranges of person ids, in file order within its range (a person's rows stay in file
# order), and that key is also the row's place in the staging table (its rowid): staging writes at a few
# dozen places (each rewritten by every batch: more buckets cost more there), and each move batch reads one
# stretch and adds to a narrow range of persons.
_BUCKETS = 64
_BUCKET_SHIFT = 32  # below it: the row's place in the file (up to 4 billion rows)
_RUN_SHIFT = 48  # above it: the run's number, so that two runs under way never share a key
_MAX_RUNS = 1 << 15  # run numbers stay below this: a key fits a signed 64-bit integer
_IN_RUN = (1 << _RUN_SHIFT) - 1
_STAGED_COLUMNS = ("rowid", "run_id", "volgorde", "person_id", "datum", "soort", "minuten", "bron", "omschrijving",
                   "created_at")
_KEY = ("person_id", "datum", "soort", "minuten", "bron", "omschrijving")  # rows are equal when these are


class _Pace:
    """How many rows the next short write transaction takes: it starts at `first` and follows how long the
    last one kept the write lock, towards HOLD_S. On a quiet laptop the batches grow (each commit has a
    fixed cost), on a busy one they shrink, so that a consulent's save never waits long."""

    def __init__(self, first: int) -> None:
        self.size = first
        self._low, self._high = max(1, first // 10), first * 10

    def took(self, seconds: float) -> None:
        factor = min(1.5, max(0.25, HOLD_S / max(seconds, 0.001)))
        self.size = int(min(self._high, max(self._low, self.size * factor)))


@dataclass
class _Run:
    """An import run under way: its id and number, how persons map to buckets, and what it staged."""

    id: str
    number: int
    low: int  # person ids from low to low + span - 1 spread over the buckets
    span: int
    created_at: object  # the run's stamp as the driver stores it
    datum: Callable[[date], object]  # a date as the driver stores it
    position: int = 0  # rows staged so far, in file order
    per_person: Counter = field(default_factory=Counter)
    pace: _Pace = field(default_factory=lambda: _Pace(STAGE_BATCH))

    def staged_row(self, person_id: int, day: date, soort: str, minuten: int, bron: str, omschrijving: str) -> tuple:
        bucket = min(_BUCKETS - 1, max(0, (person_id - self.low) * _BUCKETS // self.span))
        key = self.number << _RUN_SHIFT | bucket << _BUCKET_SHIFT | self.position
        self.position += 1
        self.per_person[person_id] += 1
        return key, self.id, key, person_id, self.datum(day), soort, minuten, bron, omschrijving, self.created_at


def _run_number(run_id: str) -> int | None:
    return int(run_id[1:6]) if run_id[:1] == "r" and run_id[1:6].isdigit() else None


def _uuid_prefix(run_id: str) -> str | None:
    """The first 24 characters of the uuids of a run's rows (a version 8 uuid: 72 random bits from the run's
    id, then the row's key in hex); None for a run of an older regie."""
    if _run_number(run_id) is None:
        return None
    h = run_id[6:]
    return f"{h[:8]}-{h[8:12]}-8{h[12:15]}-{'89ab'[int(h[15], 16) & 3]}{h[16:19]}-"


def _start_run(engine: Engine, stamp: datetime) -> _Run:
    """Register a new run (`bezig`): until its commit point nothing of it is visible, and a later start
    removes what an interrupted one staged."""
    with write_session(engine) as session:
        connection = session.connection()
        taken = {_run_number(run_id) for run_id in connection.execute(select(RUN.c.id)).scalars()}
        number = next(n for n in range(1, _MAX_RUNS) if n not in taken)
        run_id = f"r{number:05d}{uuid4().hex[:26]}"
        connection.execute(insert(RUN).values(id=run_id, soort="uren", status="bezig", created_at=stamp))
        low, high = connection.execute(select(func.min(PERSON.c.id), func.max(PERSON.c.id))).one()
    low = low or 0
    return _Run(run_id, number, low, max(1, (high or low) - low + 1),
                created_at=_stored_as(engine, STAGED_UREN.c.created_at)(stamp), datum=_stored_as(engine, STAGED_UREN.c.datum))


def _stored_as(engine: Engine, column: Column) -> Callable[[object], object]:
    """What the driver stores for a value of `column` (SQLAlchemy's own conversion, remembered per value):
    plain tuples then go to the driver's executemany without a per-row pass through SQLAlchemy."""
    process = column.type._cached_bind_processor(engine.dialect)
    if process is None:
        return lambda value: value
    return _cached(process)


def _insert_many(connection: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    # The local file's executemany of plain tuples; the staged rows name their rowid (see `_BUCKETS`).
    backend.of(connection).insert_many(connection, table.name, columns, rows)


class _StagingWriter:
    """Stages batches in a thread of its own while the file is read on: the database's part (the B-trees, the
    encryption, the commit) runs without Python's interpreter lock, so on a laptop with two cores reading
    and writing overlap. One batch at a time: at most two batches are in memory."""

    def __init__(self, engine: Engine, run: _Run) -> None:
        self._engine, self._run = engine, run
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regie-import")
        self._busy: Future | None = None

    def submit(self, rows: list[tuple]) -> None:
        self.wait()
        self._busy = self._pool.submit(self._write, rows)

    def _write(self, rows: list[tuple]) -> None:
        with write_session(self._engine) as session:
            connection = session.connection()
            started = time.perf_counter()
            _insert_many(connection, STAGED_UREN, _STAGED_COLUMNS, rows)
        self._run.pace.took(time.perf_counter() - started)
        time.sleep(YIELD_S)

    def wait(self) -> None:
        """Until the batch under way is stored; its failure is raised here."""
        busy, self._busy = self._busy, None
        if busy is not None:
            busy.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def _stage(engine: Engine, run: _Run, pending: list[tuple[int, tuple]], problems: _Problems, *,
           persons: dict[str, tuple[int, date | None] | None], vandaag: date, writer: _StagingWriter | None) -> None:
    """Check a batch of the file's rows against their persons; when the file has had no problem so far
    (a `writer` is given) and this batch adds none, stage them in one short write transaction."""
    unknown = sorted({values[0] for _, values in pending} - persons.keys())
    if unknown:
        with engine.connect() as connection:
            found = _load_person_ids(connection, unknown)
        persons.update((kenmerk, found.get(kenmerk)) for kenmerk in unknown)
    rows: list[tuple] = []
    wrong = False
    for regel, (kenmerk, day, soort, minuten, bron, omschrijving) in pending:
        person = persons[kenmerk]
        if person is None:
            problems.add(regel, "kenmerk", f"onbekend kenmerk ‘{kenmerk}’; importeer eerst de persoon of corrigeer het kenmerk")
            wrong = True
            continue
        person_id, koppeling = person
        # A row may be a school's period total: no 24-hours-a-day limit.
        reason = check_uren(datum=day, minuten=minuten, vandaag=vandaag, koppeling=koppeling, minuten_al_op_dag=None)
        if reason:
            problems.add(regel, "datum", reason)
            wrong = True
            continue
        if writer is not None and not wrong:  # once a row is wrong nothing is stored: stop staging, keep checking
            rows.append(run.staged_row(person_id, day, soort, minuten, bron, omschrijving))
    if writer is not None and rows and not wrong:
        writer.submit(rows)


def _drop_stored_copies(engine: Engine, run: _Run) -> int:
    """Remove from the run the copies of rows already stored; returns how many rows the run still adds.

    Of a row the file has n times and urenregistratie s times, the first s copies go: a school's report
    read twice adds nothing the second time, while two equal lines in one file are both stored. SQL
    counts the stored copies (the covering index on person, kind, date and minutes), so no stored row is
    read into Python however many hours a person has.
    """
    staged = STAGED_UREN
    stored = (
        select(func.count())
        .where(
            UREN.c.person_id == staged.c.person_id,
            UREN.c.soort == staged.c.soort,
            UREN.c.datum == staged.c.datum,
            UREN.c.minuten == staged.c.minuten,
            func.coalesce(UREN.c.bron, "") == staged.c.bron,
            func.coalesce(UREN.c.omschrijving, "") == staged.c.omschrijving,
        )
        .scalar_subquery()
    )
    matched = select(*(staged.c[name] for name in ("volgorde", *_KEY)), stored.label("opgeslagen")) \
        .where(staged.c.run_id == run.id).subquery()
    ranked = select(
        matched.c.volgorde, matched.c.person_id, matched.c.opgeslagen,
        func.row_number().over(partition_by=[matched.c[name] for name in _KEY], order_by=matched.c.volgorde).label("nr"),
    ).where(matched.c.opgeslagen > 0).subquery()
    drop = array("q")  # 8 bytes a row, however many a re-read file repeats
    with engine.connect() as connection:
        for volgorde, person_id in connection.execute(
                select(ranked.c.volgorde, ranked.c.person_id).where(ranked.c.nr <= ranked.c.opgeslagen)):
            drop.append(volgorde)
            run.per_person[person_id] -= 1
    added = run.position - len(drop)
    if added and drop:
        remove = delete(staged).where(staged.c.run_id == run.id, staged.c.volgorde == bindparam("nr"))
        pace, start = _Pace(MOVE_BATCH), 0
        while start < len(drop):
            with write_session(engine) as session:
                connection = session.connection()
                began = time.perf_counter()
                connection.execute(remove, [{"nr": nr} for nr in drop[start:start + pace.size]])
            start += pace.size
            pace.took(time.perf_counter() - began)
            time.sleep(YIELD_S)
    return added


def _commit_run(engine: Engine, run: _Run) -> None:
    """The commit point, one short transaction: the run is `klaar` (from here it is finished, at the
    latest at the next start), each person's added hours go into their own audit history, and the first
    rows move in."""
    with write_session(engine) as session:
        connection = session.connection()
        connection.execute(update(RUN).where(RUN.c.id == run.id).values(status="klaar"))
        audit.log_many(connection, actie="toegevoegd", tabel="urenregistratie",
                       entries=[(None, person_id, n) for person_id, n in run.per_person.items() if n > 0])
        _move_batch(connection, run.id, MOVE_BATCH)


def _batch_of(connection: Connection, run_id: str, size: int, *, after: int | None = None) -> tuple | None:
    """The conditions that select the run's next `size` staged rows in key order (those after key `after`),
    None when it has none left."""
    staged = STAGED_UREN
    conditions = (staged.c.run_id == run_id,) + ((staged.c.volgorde > after,) if after is not None else ())
    end = connection.execute(select(staged.c.volgorde).where(*conditions)
                             .order_by(staged.c.volgorde).offset(size - 1).limit(1)).scalar()
    if end is not None:
        return (*conditions, staged.c.volgorde <= end)
    if connection.execute(select(staged.c.volgorde).where(*conditions).limit(1)).scalar() is None:
        return None
    return conditions


def _moved_up_to(connection: Connection, run_id: str, prefix: str) -> int | None:
    """The key of the last row of the run already in urenregistratie, read from the highest of its uuids
    (they rise with the key, and batches move in key order and commit whole); None when none moved yet."""
    last = connection.execute(select(func.max(UREN.c.uuid)).where(UREN.c.uuid >= prefix, UREN.c.uuid < prefix + "g")).scalar()
    if last is None:
        return None
    return _run_number(run_id) << _RUN_SHIFT | int(last[len(prefix):], 16)


def _move_batch(connection: Connection, run_id: str, size: int) -> int:
    """Move the next `size` rows of a committed run into urenregistratie (rows of a person erased meanwhile
    are dropped); when none are left, remove the run. Returns how many moved (0: the run is done).

    Moved rows stay in staging until the run is done, then go all at once (emptying a table is one cheap
    step; removing rows batch by batch rewrote every staging page a second time). Where a run got to is
    read from its uuids, so a run interrupted halfway goes on where it stopped."""
    prefix = _uuid_prefix(run_id)
    after = _moved_up_to(connection, run_id, prefix) if prefix is not None else None
    batch = _batch_of(connection, run_id, size, after=after)
    if batch is None:
        _remove_run(connection, run_id)
        return 0
    columns = ("person_id", "datum", "soort", "minuten", "bron", "omschrijving", "created_at")
    last_id = connection.execute(select(func.coalesce(func.max(UREN.c.id), 0))).scalar()
    moved = connection.execute(
        insert(UREN).from_select(
            [*columns, "ingelezen", "uuid"],
            select(*(STAGED_UREN.c[name] for name in columns), literal(True), _uuid_sql(connection, run_id))
            .where(*batch, STAGED_UREN.c.person_id.in_(select(PERSON.c.id)))
            .order_by(STAGED_UREN.c.volgorde),
        ).execution_options(audit=False)
    ).rowcount
    if prefix is None:  # a run staged by an older regie: its progress is what is left in staging
        connection.execute(delete(STAGED_UREN).where(*batch))
    _record_team_appends(connection, after_id=last_id)
    return max(moved, 1)


def _remove_run(connection: Connection, run_id: str) -> None:
    """Remove the run and its staged rows in one step: when no other run has rows staged, the staging table
    is emptied whole (the database frees its pages without visiting each row)."""
    staged = STAGED_UREN
    others = any(connection.execute(select(staged.c.run_id).where(condition).limit(1)).first() is not None
                 for condition in (staged.c.run_id < run_id, staged.c.run_id > run_id))
    connection.execute(delete(staged).where(staged.c.run_id == run_id) if others else delete(staged))
    connection.execute(delete(RUN).where(RUN.c.id == run_id))


def _record_team_appends(connection: Connection, *, after_id: int) -> None:
    """A linked laptop records each imported uren row as a team operation, in the transaction that
    moves it in (so a run finished at a later start records them too). Not linked: one small read."""
    from storage.audit import actor
    from storage.team import operations

    operations.record_appended_after(connection, table="urenregistratie", after_id=after_id, author=actor())


def _uuid_sql(connection: Connection, run_id: str):
    """An SQL expression that gives every moved row its own uuid (team mode), made by the database (a Python
    default would be one value for all). It rises with the row's key: the unique index on uuid then grows
    at one place per run, where a random uuid per row would rewrite most of its pages in every batch.
    A run staged by an older regie gets random ones (the text form `storage.models.new_uuid` makes)."""
    prefix = _uuid_prefix(run_id)
    if prefix is None:
        return func.coalesce(STAGED_UREN.c.uuid, backend.of(connection).new_uuid_sql())
    return backend.of(connection).counted_uuid_sql(prefix, STAGED_UREN.c.volgorde.op("&")(_IN_RUN))


def _finish_run(engine: Engine, run_id: str) -> None:
    pace = _Pace(MOVE_BATCH)
    while True:
        time.sleep(YIELD_S)
        with write_session(engine) as session:
            connection = session.connection()
            started = time.perf_counter()
            if not _move_batch(connection, run_id, pace.size):
                return
        pace.took(time.perf_counter() - started)


def _discard_run(engine: Engine, run_id: str) -> None:
    """Remove an uncommitted run's staged rows (best effort: a later start removes what is left)."""
    try:
        while True:
            with write_session(engine) as session:
                connection = session.connection()
                status = connection.execute(select(RUN.c.status).where(RUN.c.id == run_id)).scalar()
                if status == "klaar":
                    return  # committed after all: the next start finishes it
                batch = _batch_of(connection, run_id, MOVE_BATCH * 10)
                if batch is None or len(batch) == 1:  # what is left goes in one step
                    _remove_run(connection, run_id)
                    return
                connection.execute(delete(STAGED_UREN).where(*batch))
    except Exception:
        pass


def resume_interrupted_imports(engine: Engine, *, now: datetime | None = None) -> None:
    """Finish every committed run an interrupted import left, and remove the staged rows of runs that
    were interrupted before their commit point (a run still staging in another regie is left alone)."""
    now = now or datetime.now(UTC)
    with engine.connect() as connection:
        runs = connection.execute(select(RUN.c.id, RUN.c.status, RUN.c.created_at)).all()
    for run_id, status, created_at in runs:
        if status == "klaar":
            _finish_run(engine, run_id)
            continue
        started = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        if now - started > STALE_RUN_AFTER:
            _discard_run(engine, run_id)


def import_uren(*, engine: Engine, path: Path, now: datetime | None = None, today: date | None = None) -> UrenImport:
    """Add the hours in the CSV file at ``path``: all rows, or none and :class:`CsvImportError`.

    Rows are equal when person, datum, soort, minuten, bron and omschrijving
    are. Of each row the file has n times, only the copies beyond those already
    stored are added, and the rest is counted as skipped: a school's report
    imported twice counts once, while two equal lines in one file (two lessons
    alike) are both stored.
    A row may hold a period's total (no 24-hours-a-day limit), but not a date
    after `today` or before the person's koppeling.

    The file is read once, as a stream (a school's year can be a million rows): each batch of rows is
    checked and, while the file has shown no problem, staged. A problem anywhere stores nothing: the
    run's staged rows are removed and every problem is listed.
    """
    path = Path(path)
    parsers: dict[str, Callable[[str], object]] = {
        "kenmerk": _cached(_text("kenmerk")),
        "datum": _cached(parse_cell_date),
        "soort": _cached(_choice(UrenSoort, "soort uren")),
        "uren": _cached(parse_cell_minutes),
        "bron": _cached(_text("bron")),
        "omschrijving": lambda text: parse_text(text) or None,
    }
    sheet = _stream_rows(path, columns=UREN_COLUMNS, required=UREN_REQUIRED)
    stamp = now or datetime.now(UTC)
    vandaag = today or stamp.astimezone().date()
    found = _Problems(sheet.columns)
    persons: dict[str, tuple[int, date | None] | None] = {}  # kenmerk -> (person id, koppeling); None: unknown
    run = _start_run(engine, stamp)
    writer = _StagingWriter(engine, run)
    try:
        parsed = 0
        pending: list[tuple[int, tuple]] = []
        try:
            for row in _parsed_uren(sheet, parsers, found):
                parsed += 1
                pending.append(row)
                if len(pending) >= run.pace.size:
                    _stage(engine, run, pending, found, persons=persons, vandaag=vandaag,
                           writer=None if found or sheet.unreadable else writer)
                    pending = []
            _stage(engine, run, pending, found, persons=persons, vandaag=vandaag,
                   writer=None if found or sheet.unreadable else writer)
            writer.wait()
        finally:
            writer.close()  # a batch under way is stored (or fails) before anything else happens
        if found or sheet.unreadable:
            problems = sheet.problems(UREN_COLUMNS)
            for regel, kolom, reden in found.items():
                problems.add(regel, kolom, reden)
            raise CsvImportError(problems.lines(), waarschuwingen=sheet.waarschuwingen)
        added = _drop_stored_copies(engine, run) if run.position else 0
        if added:
            _commit_run(engine, run)
    except BaseException:
        _discard_run(engine, run.id)
        raise
    if added:
        _finish_run(engine, run.id)
    else:
        _discard_run(engine, run.id)
    return UrenImport(added, parsed - added, sheet.waarschuwingen, codering=sheet.codering)


def _parsed_uren(sheet: _StreamedRows, parsers: Mapping[str, Callable[[str], object]],
                 problems: _Problems) -> Iterator[tuple[int, tuple]]:
    """(line, (kenmerk, datum, soort, minuten, bron, omschrijving)) of every row whose cells are right;
    each wrong cell goes to `problems`."""
    wanted = ("kenmerk", "datum", "soort", "uren", "bron", "omschrijving")  # the place of each in a row's values
    present = [(column, wanted.index(column), parsers[column], getattr(parsers[column], "seen", {}),
                column in UREN_REQUIRED) for column in sheet.columns]
    for row in _each_row(sheet):
        cellen = row.cellen
        values: list[object] = [None] * len(wanted)  # a column the file lacks is empty
        wrong = False
        for column, place, parse, seen, required in present:
            text = cellen.get(column, "")
            value = seen.get(text, _INVALID)  # most cells repeat: a dictionary look-up, no call
            if value is _INVALID:
                try:
                    value = parse(text)
                except InputError as exc:
                    problems.add(row.regel, column, exc.message)
                    wrong = True
                    continue
            if value is None and required:
                problems.add(row.regel, column, _REQUIRED_REASON.get(column, "verplicht"))
                wrong = True
            values[place] = value
        if not wrong:
            kenmerk, datum, soort, minuten, bron, omschrijving = values
            yield row.regel, (kenmerk, datum, soort, minuten, bron or "", omschrijving or "")


_INVALID = object()


# --- besluiten --------------------------------------------------------------------

# The columns of a besluiten file, in the order the exporter writes them. One row is one decision
# (verlenging, ontheffing, vrijstelling, a gewijzigd PIP) or one exam attempt; each kind reads only
# its own columns (BESLUIT_FIELDS), so that a filled cell that a kind does not hold is refused, not lost.
BESLUIT_COLUMNS: tuple[str, ...] = (
    "kenmerk", "soort", "datum", "omvang", "grond", "nieuwe_einddatum", "onderdeel", "niveau",
    "participatie_uren_max", "reden", "start", "einde", "leerroute", "alfabetisering", "gemeente", "resultaat",
    "toelichting",
)
BESLUIT_REQUIRED: tuple[str, ...] = ("kenmerk", "soort")
# soort -> {column: required}; `datum` is the besluitdatum, the PIP's dagtekening or the examendatum.
BESLUIT_FIELDS: dict[str, dict[str, bool]] = {
    "verlenging": {"datum": False, "grond": True, "nieuwe_einddatum": False, "toelichting": False},
    "ontheffing": {"datum": True, "omvang": True, "grond": False, "onderdeel": False, "participatie_uren_max": False},
    "vrijstelling": {"datum": True, "omvang": True, "reden": False, "onderdeel": False, "niveau": False, "start": False,
                     "einde": False},
    "pip": {"datum": True, "leerroute": False, "niveau": False, "alfabetisering": False, "gemeente": False,
            "toelichting": False},
    "examen": {"datum": True, "onderdeel": True, "resultaat": True, "niveau": False, "reden": False},
}
BESLUIT_SOORTEN: tuple[str, ...] = tuple(BESLUIT_FIELDS)
# A field a check names (services.besluiten) -> the column of the file it is about.
_BESLUIT_FIELD_COLUMN = {"besluitdatum": "datum", "dagtekening": "datum", "examenonderdeel": "onderdeel",
                         "examenniveau": "niveau", "soort": "omvang", "reden_geen_resultaat": "reden"}
_TOELICHTING_MAX = 300  # as the dialog's field (tui/screens/besluit_form.py)

Besluit = Verlenging | Ontheffing | Vrijstelling | Pip | ExamenPoging
# The check of a decision against a person's facts: (field, Dutch reason) pairs, empty when accepted.
BesluitCheck = Callable[[PersonFacts, Besluit], list[tuple[str, str]]]


@dataclass(frozen=True)
class BesluitenImport:
    toegevoegd: int
    overgeslagen: int  # rows already stored (the same file read again)
    waarschuwingen: tuple[str, ...] = ()
    codering: str = "UTF-8"  # how the file was read (see PersonenImport)

    @property
    def samenvatting(self) -> str:
        return (f"{self.toegevoegd} {'besluit' if self.toegevoegd == 1 else 'besluiten'} toegevoegd, "
                f"{self.overgeslagen} al aanwezig en overgeslagen (gelezen als {self.codering})")


def _any_choice(kind: type[StrEnum], wat: str) -> Callable[[str], StrEnum | None]:
    """One of the members of `kind`, in any case (``b1``, ``B1``, ``med``); empty is None."""
    choices: Mapping[str, str] = {normalize_name(member.value): member.value for member in kind}
    return lambda text: _none_or(kind, parse_cell_choice(text, choices, wat=wat))


def _none_or(kind, value):
    return None if value is None else kind(value)


def _limited(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = parse_text(text)
        if len(value) > limit:
            raise InputError(f"te lang: hoogstens {limit} tekens, hier {len(value)}.")
        return value

    return parse


def _duo_code(text: str) -> str | None:
    return parse_text(text).upper() or None  # as the dialog: DUO's codes are upper case


def _uren_max(text: str) -> int | None:
    # A negative number is read, so that the service's check says what is allowed (0 or more).
    stripped = text.strip()
    if stripped.startswith("-") and len(stripped) > 1:
        return -(parse_cell_int(stripped[1:], minimum=0, maximum=10_000) or 0)
    return parse_cell_int(stripped, minimum=0, maximum=10_000)


_BESLUIT_PARSERS: dict[str, Callable[[str], object]] = {
    "kenmerk": _text("kenmerk"),
    "datum": parse_cell_date,
    "nieuwe_einddatum": parse_cell_date,
    "start": parse_cell_date,
    "einde": parse_cell_date,
    "onderdeel": _any_choice(ExamenOnderdeel, "examenonderdeel"),
    "niveau": _any_choice(Niveau, "niveau"),
    "participatie_uren_max": _uren_max,
    "leerroute": _any_choice(Leerroute, "leerroute"),
    "alfabetisering": _any_choice(Alfabetisering, "alfabetisering"),
    "gemeente": _limited(limits.GEMEENTE_OF_LAND),
    "resultaat": _any_choice(ExamenResultaat, "uitslag"),
    "toelichting": _limited(_TOELICHTING_MAX),
}
# Columns whose meaning depends on the kind of decision.
_BESLUIT_PARSERS_PER_SOORT: dict[tuple[str, str], Callable[[str], object]] = {
    ("verlenging", "grond"): _any_choice(VerlengingGrond, "grond voor verlenging"),
    ("ontheffing", "grond"): _any_choice(OntheffingGrond, "ontheffingsgrond van DUO"),
    ("ontheffing", "omvang"): _any_choice(OntheffingSoort, "omvang van een ontheffing"),
    ("vrijstelling", "omvang"): _any_choice(VrijstellingSoort, "omvang van een vrijstelling"),
    ("vrijstelling", "reden"): _duo_code,
    ("examen", "reden"): _any_choice(RedenGeenResultaat, "reden voor geen resultaat"),
}
_BESLUIT_REQUIRED_REASON = {
    "kenmerk": "verplicht; vul het kenmerk (klantnummer) van de persoon in",
    "soort": "verplicht; kies uit " + ", ".join(BESLUIT_SOORTEN),
    "datum": "verplicht bij deze soort; vul de datum in (dd-mm-jjjj): de besluitdatum, de dagtekening van het PIP of "
             "de examendatum",
    "grond": "verplicht bij een verlenging; kies uit " + ", ".join(g.value for g in VerlengingGrond),
    "omvang": "verplicht bij deze soort; kies uit geheel, gedeeltelijk (en bij een vrijstelling: tijdelijk)",
    "onderdeel": "verplicht bij een examen; kies uit " + ", ".join(o.value for o in ExamenOnderdeel),
    "resultaat": "verplicht bij een examen; kies uit " + ", ".join(r.value for r in ExamenResultaat),
}


def _besluit_fact(soort: str, v: Mapping[str, object]) -> Besluit:
    """The decision of one row as the rules read it (the cells are parsed and the required ones present)."""
    if soort == "verlenging":
        return Verlenging(v["grond"], besluitdatum=v.get("datum"), nieuwe_einddatum=v.get("nieuwe_einddatum"),
                          toelichting=v.get("toelichting") or "")
    if soort == "ontheffing":
        return Ontheffing(v["omvang"], besluitdatum=v["datum"], grond=v.get("grond"), examenonderdeel=v.get("onderdeel"),
                          participatie_uren_max=v.get("participatie_uren_max"))
    if soort == "vrijstelling":
        return Vrijstelling(v["omvang"], besluitdatum=v["datum"], reden=v.get("reden"), examenonderdeel=v.get("onderdeel"),
                            examenniveau=v.get("niveau"), start=v.get("start"), einde=v.get("einde"))
    if soort == "pip":
        return Pip(v["datum"], leerroute=v.get("leerroute"), niveau=v.get("niveau"), alfabetisering=v.get("alfabetisering"),
                   gemeente=v.get("gemeente") or None, reden=v.get("toelichting") or "")
    return ExamenPoging(v["onderdeel"], v["datum"], v["resultaat"], niveau=v.get("niveau"),
                        reden_geen_resultaat=v.get("reden"))


def _parse_besluit_row(sheet: _Rows, row: CsvRij, problems: _Problems) -> tuple[str, str, Besluit] | None:
    """(kenmerk, soort, decision) of a row whose cells are right; each wrong cell goes to `problems`."""
    cells = dict(sheet.cells(row))
    ok = True
    try:
        kenmerk = _BESLUIT_PARSERS["kenmerk"](cells.get("kenmerk", ""))
    except InputError as exc:
        problems.add(row.regel, "kenmerk", exc.message)
        kenmerk, ok = None, False
    if kenmerk is None and ok:
        problems.add(row.regel, "kenmerk", _BESLUIT_REQUIRED_REASON["kenmerk"])
        ok = False
    try:
        soort = parse_cell_choice(cells.get("soort", ""), {s: s for s in BESLUIT_SOORTEN}, wat="soort besluit")
    except InputError as exc:
        problems.add(row.regel, "soort", exc.message)
        return None
    if soort is None:
        problems.add(row.regel, "soort", _BESLUIT_REQUIRED_REASON["soort"])
        return None
    fields = BESLUIT_FIELDS[soort]
    values: dict[str, object] = {}
    wrong: set[str] = set()  # columns already reported
    for column, text in cells.items():
        if column in ("kenmerk", "soort"):
            continue
        if column not in fields:
            if text.strip():
                hoort = ", ".join(fields)
                problems.add(row.regel, column, f"hoort niet bij soort {soort} (die gebruikt: {hoort}); laat de cel leeg "
                                                f"of kies de juiste soort")
                ok = False
            continue
        parse = _BESLUIT_PARSERS_PER_SOORT.get((soort, column)) or _BESLUIT_PARSERS[column]
        try:
            values[column] = parse(text)
        except InputError as exc:
            problems.add(row.regel, column, exc.message)
            wrong.add(column)
            ok = False
    for column, required in fields.items():
        if required and values.get(column) is None and column not in wrong:
            problems.add(row.regel, column, _BESLUIT_REQUIRED_REASON.get(column, "verplicht bij deze soort"))
            ok = False
    if not ok:
        return None
    return str(kenmerk), soort, _besluit_fact(soort, values)


# Where each kind of decision goes: its table, the facts' attribute that holds it, and its stored row.
_BESLUIT_TABLES = {
    Verlenging: ("verlengingen", VerlengingRow.__table__),
    Ontheffing: ("ontheffingen", OntheffingBesluit.__table__),
    Vrijstelling: ("vrijstellingen", VrijstellingBesluit.__table__),
    Pip: ("pips", PipVersie.__table__),
    ExamenPoging: ("examens", ExamenPogingRow.__table__),
}


def _value(member):
    return getattr(member, "value", member)


def _besluit_row(person_id: int, fact: Besluit) -> dict[str, object]:
    """The stored row of a decision (the columns of storage.besluiten's and storage.persons' writes)."""
    if isinstance(fact, Verlenging):
        return dict(person_id=person_id, grond=fact.grond.value, besluitdatum=fact.besluitdatum,
                    nieuwe_einddatum=fact.nieuwe_einddatum, toelichting=fact.toelichting)
    if isinstance(fact, Ontheffing):
        return dict(person_id=person_id, soort=fact.soort.value, besluitdatum=fact.besluitdatum, grond=_value(fact.grond),
                    examenonderdeel=_value(fact.examenonderdeel), participatie_uren_max=fact.participatie_uren_max)
    if isinstance(fact, Vrijstelling):
        return dict(person_id=person_id, soort=fact.soort.value, besluitdatum=fact.besluitdatum, reden=fact.reden,
                    examenonderdeel=_value(fact.examenonderdeel), examenniveau=_value(fact.examenniveau),
                    start=fact.start, einde=fact.einde)
    if isinstance(fact, Pip):
        return dict(person_id=person_id, dagtekening=fact.dagtekening, leerroute=_value(fact.leerroute),
                    niveau=_value(fact.niveau), alfabetisering=_value(fact.alfabetisering), gemeente=fact.gemeente,
                    reden=fact.reden)
    return dict(person_id=person_id, onderdeel=fact.onderdeel.value, datum=fact.datum, resultaat=fact.resultaat.value,
                niveau=_value(fact.niveau), reden_geen_resultaat=_value(fact.reden_geen_resultaat))


def besluit_cells(kenmerk: str, fact: Besluit) -> tuple[object, ...]:
    """One row of a besluiten file (the values of BESLUIT_COLUMNS, None for an empty cell): what the exporter writes."""
    if isinstance(fact, Verlenging):
        values = dict(soort="verlenging", datum=fact.besluitdatum, grond=fact.grond, nieuwe_einddatum=fact.nieuwe_einddatum,
                      toelichting=fact.toelichting)
    elif isinstance(fact, Ontheffing):
        values = dict(soort="ontheffing", datum=fact.besluitdatum, omvang=fact.soort, grond=fact.grond,
                      onderdeel=fact.examenonderdeel, participatie_uren_max=fact.participatie_uren_max)
    elif isinstance(fact, Vrijstelling):
        values = dict(soort="vrijstelling", datum=fact.besluitdatum, omvang=fact.soort, reden=fact.reden,
                      onderdeel=fact.examenonderdeel, niveau=fact.examenniveau, start=fact.start, einde=fact.einde)
    elif isinstance(fact, Pip):
        values = dict(soort="pip", datum=fact.dagtekening, leerroute=fact.leerroute, niveau=fact.niveau,
                      alfabetisering=fact.alfabetisering, gemeente=fact.gemeente, toelichting=fact.reden)
    else:
        values = dict(soort="examen", datum=fact.datum, onderdeel=fact.onderdeel, resultaat=fact.resultaat,
                      niveau=fact.niveau, reden=fact.reden_geen_resultaat)
    values["kenmerk"] = kenmerk
    return tuple(_value(values.get(column)) if values.get(column) != "" else None for column in BESLUIT_COLUMNS)


def _stored_besluiten(facts: PersonFacts) -> Counter:
    """Every decision and exam attempt already on file, counted (two equal ones are two)."""
    return Counter(fact for attribute, _ in _BESLUIT_TABLES.values() for fact in getattr(facts, attribute))


# Up to this many persons in a file, each person's facts are read on their own (a few small queries);
# beyond it, everybody's in one query per table (measured: 9,000 rows of 3,000 persons in 2.3 s instead of 13).
_FACTS_ONE_BY_ONE = 50


def _facts_of(connection: Connection, person_ids: list[int], *, as_of: date) -> dict[int, PersonFacts]:
    """The facts of these persons on `as_of`, as the dossier reads them (hours, contactmomenten, decisions)."""
    if len(person_ids) <= _FACTS_ONE_BY_ONE:
        records = (load_person(connection=connection, person_id=pid, as_of=as_of) for pid in person_ids)
        return {record.id: record.facts for record in records if record is not None}
    totals = hour_totals(connection=connection, as_of=as_of)
    voortgang = latest_voortgangsgesprekken(connection=connection, as_of=as_of)
    lists = load_lists(connection=connection)
    facts: dict[int, PersonFacts] = {}
    for chunk in _in_chunks(sorted(person_ids)):
        for row in connection.execute(select(PERSON).where(PERSON.c.id.in_(chunk))).mappings():
            pid = row["id"]
            facts[pid] = facts_from_row(row, uren=totals.get(pid), laatste_contact_voortgang=voortgang.get(pid),
                                        lists=lists.get(pid))
    return facts


def import_besluiten(*, connection: Connection, path: Path, today: date, check: BesluitCheck) -> BesluitenImport:
    """Add the decisions and exam attempts in the CSV file at ``path``: all rows, or none and :class:`CsvImportError`.

    Each row is matched to its person by kenmerk and checked by ``check`` (the
    service's check, the one its dialog runs) against that person's facts as
    they are stored plus the file's earlier rows for them, in file order: a
    second gewijzigd PIP is checked against the first, as when they are typed
    one after the other. A row equal to a decision already stored is skipped
    and counted: reading the same file again adds nothing. Of a row the file
    has n times, the copies beyond those stored are added.
    Each person's history gets one audit row per kind of decision added.
    """
    sheet = _read_rows(Path(path), columns=BESLUIT_COLUMNS, required=BESLUIT_REQUIRED)
    problems = sheet.problems(BESLUIT_COLUMNS)
    parsed = [(row.regel, found) for row in sheet.rows
              if (found := _parse_besluit_row(sheet, row, problems)) is not None]
    ids = _load_person_ids(connection, sorted({kenmerk for _, (kenmerk, _, _) in parsed}))
    facts = _facts_of(connection, [pid for pid, _ in ids.values()], as_of=today)
    stored = {pid: _stored_besluiten(person) for pid, person in facts.items()}
    new: list[tuple[int, Besluit]] = []
    overgeslagen = 0
    for regel, (kenmerk, soort, fact) in parsed:
        person = ids.get(kenmerk)
        if person is None:
            problems.add(regel, "kenmerk", f"onbekend kenmerk ‘{kenmerk}’; importeer eerst de persoon "
                                           "(regie import personen) of corrigeer het kenmerk")
            continue
        person_id = person[0]
        if stored[person_id][fact] > 0:  # already on file: the same file read again
            stored[person_id][fact] -= 1
            overgeslagen += 1
            continue
        found = check(facts[person_id], fact)
        for field_name, reason in found:
            problems.add(regel, _BESLUIT_FIELD_COLUMN.get(field_name, field_name), reason)
        if found:
            continue
        attribute = _BESLUIT_TABLES[type(fact)][0]
        facts[person_id] = replace(facts[person_id], **{attribute: getattr(facts[person_id], attribute) + (fact,)})
        new.append((person_id, fact))
    if problems:
        raise CsvImportError(problems.lines(), waarschuwingen=sheet.waarschuwingen)
    # Stored without the per-statement audit listener, then one audit row per person and kind of
    # decision (aantal: how many), as the other imports do: each person's history shows the import.
    for kind, (_, table) in _BESLUIT_TABLES.items():
        rows = [_besluit_row(person_id, fact) for person_id, fact in new if type(fact) is kind]
        if not rows:
            continue
        connection.execute(insert(table).execution_options(audit=False), rows)
        per_person = Counter(row["person_id"] for row in rows)
        audit.log_many(connection, actie="toegevoegd", tabel=table.name,
                       entries=[(None, person_id, n) for person_id, n in sorted(per_person.items())])
    return BesluitenImport(len(new), overgeslagen, sheet.waarschuwingen, codering=sheet.codering)
