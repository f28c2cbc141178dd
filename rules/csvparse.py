"""Reading CSV files as Dutch Excel writes them, and parsing their cells.

Pure functions on bytes and strings: the file's bytes come in, rows with the
line numbers a spreadsheet user sees come out (the header is line 1). Every
failure is an :class:`rules.errors.InputError` with a Dutch message.

Excel on Windows saves a CSV in one of three encodings: "CSV UTF-8" (UTF-8
with a BOM), "CSV (gescheiden door lijstscheidingsteken)" (the ANSI code page,
Windows-1252 on a Dutch or other Western European Windows) and "Unicode-tekst"
(UTF-16 LE with a BOM, tab-separated). charset-normalizer picks among exactly
those (plus UTF-16 BE and UTF-8 without BOM); left free it would read a short
Windows-1252 file as Central European (cp1250) or even Chinese (big5).
"""

from __future__ import annotations

import csv
import io
import re
from itertools import chain
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from charset_normalizer import from_bytes

from rules.dates import parse_bool, parse_date, parse_minutes
from rules.errors import InputError
from rules.text import check_text, is_plain

_BOM = "\ufeff"
_DELIMITERS = (";", ",", "\t")
_DATE_FORM = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}", re.ASCII)
_INTEGER = re.compile(r"\d{1,6}", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-/]+")
# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a leading
# tab or carriage return is dropped by Excel on import, after which the rest runs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# parse_date needs a reference day only for relative input (+2w), which is refused here first.
_UNUSED_TODAY = date(2000, 1, 1)


@dataclass(frozen=True)
class CsvRij:
    """One non-empty data row: its line number and its cells by (normalised) column name."""

    regel: int
    cellen: dict[str, str]


@dataclass(frozen=True)
class CsvTabel:
    kolommen: tuple[str, ...]  # normalised header names, in file order
    rijen: tuple[CsvRij, ...]
    scheidingsteken: str
    # (line, column, Dutch reason) for rows that cannot be read as cells under the header
    # (more cells than columns); they are not in `rijen`, and reading went on past them.
    fouten: tuple[tuple[int, str, str], ...] = ()
    # The encoding the file was read in, as a user knows it (``Windows-1252``, ``UTF-8 met BOM``): for the summary.
    codering: str = "UTF-8"


@dataclass(frozen=True)
class DecodedCsv:
    text: str  # without a BOM
    codering: str  # for the user: ``UTF-8``, ``UTF-8 met BOM``, ``UTF-16 LE``, ``UTF-16 BE``, ``Windows-1252``


def normalize_name(text: str) -> str:
    """A header or choice as a key: lower case, spaces/hyphens/slashes become ``_`` (``PIP-datum`` → ``pip_datum``)."""
    return _SEPARATORS.sub("_", text.strip().lower()).strip("_")


# What charset-normalizer may choose from (its names): what Excel on Windows writes, see the module docstring.
_EXCEL_ENCODINGS = ["utf_16", "utf_16_le", "utf_16_be", "cp1252"]  # UTF-8 is tried first, see decode_csv
_BOMS = ((b"\xef\xbb\xbf", "utf_8_sig", "UTF-8 met BOM"), (b"\xff\xfe", "utf_16_le", "UTF-16 LE"),
         (b"\xfe\xff", "utf_16_be", "UTF-16 BE"))
_LABELS = {"cp1252": "Windows-1252", "utf_16_le": "UTF-16 LE",
           "utf_16_be": "UTF-16 BE", "utf_16": "UTF-16"}
_NOT_TEXT = ("het bestand is geen tekstbestand dat als CSV te lezen is (is het een .xlsx?); sla het in Excel op "
             "als ‘CSV UTF-8 (door komma's gescheiden)’.")


def decode_csv(data: bytes) -> DecodedCsv:
    """The file as text and the encoding it was in; an :class:`InputError` when it is not text in one of them.

    A BOM names the encoding for certain. Without one, bytes that are valid
    UTF-8 are UTF-8 (Windows-1252 text with any accent is never valid UTF-8;
    charset-normalizer alone would read a UTF-8 file that holds a control
    character as Windows-1252 and turn ``Ö`` into ``Ã–``). Otherwise
    charset-normalizer detects the encoding among those Excel writes
    (``_EXCEL_ENCODINGS``), and the whole file is decoded strictly in it.
    """
    if not data:
        return DecodedCsv("", "UTF-8")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return DecodedCsv(_strict(data[len(bom):], codec), label)
    try:
        return DecodedCsv(data.decode("utf_8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=_EXCEL_ENCODINGS).best()
    if best is None or best.encoding not in _LABELS:
        raise InputError(f"regel 1: {_NOT_TEXT}")
    return DecodedCsv(_strict(data, best.encoding), _LABELS[best.encoding])


def _strict(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        newline = "\n".encode({"utf_16": "utf_16_le"}.get(codec, codec.removesuffix("_sig")))
        regel = data.count(newline, 0, exc.start) + 1
        raise InputError(f"regel {regel}: {_NOT_TEXT}") from None
    return text[1:] if text.startswith(_BOM) else text


def detect_codec(sample: bytes) -> tuple[str, str]:
    """(Python codec, name for the user) of a file from its first bytes, as :func:`decode_csv` decides,
    for reading a large file as a stream. A sample cut inside a UTF-8 character still counts as UTF-8."""
    for bom, codec, label in _BOMS:
        if sample.startswith(bom):
            return codec.replace("utf_16_le", "utf_16").replace("utf_16_be", "utf_16"), label
    try:
        sample.decode("utf_8")
        return "utf_8", "UTF-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf_8", "UTF-8"
    best = from_bytes(sample, cp_isolation=_EXCEL_ENCODINGS).best()
    if best is None or best.encoding not in _LABELS:
        raise InputError(f"regel 1: {_NOT_TEXT}")
    return best.encoding, _LABELS[best.encoding]


def decode(data: bytes) -> str:
    """The file as text (see :func:`decode_csv`, which also says which encoding it was)."""
    return decode_csv(data).text


def sniff_delimiter(header_line: str) -> str:
    """The separator the header line uses most: ``;`` (Dutch Excel), ``,`` or a tab."""
    outside_quotes = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside_quotes.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> CsvTabel:
    """Parse the whole file; blank rows are skipped but still counted as lines.

    A row with more cells than the header has columns goes to ``fouten`` and reading
    goes on, so every such row is reported together with the other problems.
    """
    decoded = decode_csv(data)
    stroom = stream_csv(io.StringIO(decoded.text, newline=""))
    rijen = tuple(stroom.rijen)
    return CsvTabel(kolommen=stroom.kolommen, rijen=rijen, scheidingsteken=stroom.scheidingsteken,
                    fouten=tuple(stroom.fouten), codering=decoded.codering)


@dataclass
class CsvStroom:
    """A CSV file read row by row (:func:`stream_csv`): the header now, the rows as they are consumed."""

    kolommen: tuple[str, ...]  # normalised header names, in file order
    scheidingsteken: str
    rijen: Iterator[CsvRij]  # raises InputError for a line that is no valid CSV
    # Filled while `rijen` is consumed: (line, column, Dutch reason) of rows that cannot be read as cells
    # under the header (more cells than columns, a control or invisible character); they are not in `rijen`.
    fouten: list[tuple[int, str, str]] = field(default_factory=list)


def stream_csv(lines: Iterable[str]) -> CsvStroom:
    """Read a CSV file from its text lines (each with its line end, as ``open(newline="")`` gives them)
    without holding it: the header is checked at once, the data rows come one at a time. Blank rows are
    skipped but still counted as lines; a row that cannot be read goes to ``fouten``."""
    lines = iter(lines)
    first_line = next(lines, "")
    if first_line.startswith(_BOM):
        first_line = first_line[1:]
    if not first_line.split("\n", 1)[0].strip():
        raise InputError("regel 1: de kopregel met kolomnamen ontbreekt; het bestand is leeg of begint met een lege regel.")
    delimiter = sniff_delimiter(first_line.split("\n", 1)[0])
    reader = csv.reader(chain((first_line,), lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise InputError(f"regel {reader.line_num}: het bestand is geen geldige CSV ({exc}).") from None
    if (unsafe := _unsafe_cell(header, ())) is not None:
        raise InputError(f"regel 1, kolom {unsafe[0].removesuffix(' (zonder kolomnaam)')}: {unsafe[1]}")
    kolommen = tuple(normalize_name(cell) for cell in header)
    seen: set[str] = set()
    for name in kolommen:
        if name and name in seen:
            raise InputError(f"regel 1: de kolom ‘{name}’ staat twee keer in de kopregel; haal er één weg.")
        seen.add(name)
    stroom = CsvStroom(kolommen=tuple(k for k in kolommen if k), scheidingsteken=delimiter, rijen=iter(()))
    stroom.rijen = _rows(reader, kolommen, delimiter, stroom.fouten)
    return stroom


def _rows(reader, kolommen: tuple[str, ...], delimiter: str, fouten: list) -> Iterator[CsvRij]:
    width = len(kolommen)
    named = [(i, name) for i, name in enumerate(kolommen) if name]
    try:
        for regel, cells in enumerate(reader, start=2):
            joined = "".join(cells)
            if not joined.strip():
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                extra = next(i for i, cell in enumerate(cells) if i >= width and cell.strip())
                fouten.append((regel, f"{extra + 1} (zonder kolomnaam)", _too_many_cells(len(cells), width, delimiter)))
                continue
            # A row of plain text (the usual one) is checked whole; only another is looked at cell by cell.
            if not is_plain(joined) and (unsafe := _unsafe_cell(cells, kolommen)) is not None:
                fouten.append((regel, *unsafe))
                continue
            count = len(cells)
            yield CsvRij(regel, {name: cells[i] for i, name in named if i < count})
    except csv.Error as exc:
        raise InputError(f"regel {reader.line_num}: het bestand is geen geldige CSV ({exc}).") from None


def _unsafe_cell(cells: list[str], kolommen: tuple[str, ...]) -> tuple[str, str] | None:
    """(column, Dutch reason) for the first cell holding a NUL, control, bidi or invisible character.

    Newline, CR and tab are allowed here (a quoted omschrijving may span lines).
    """
    for index, cell in enumerate(cells):
        if "\x00" in cell:
            reason = ("de cel bevat een NUL-teken (U+0000); het bestand is beschadigd of geen CSV. "
                      "Sla het opnieuw op als CSV vanuit Excel.")
        else:
            reason = check_text(cell, veld="de cel", multiline=True)  # fast for the usual printable cell
        if reason is not None:
            column = kolommen[index] if index < len(kolommen) and kolommen[index] else f"{index + 1} (zonder kolomnaam)"
            return column, reason
    return None


def _too_many_cells(cells: int, columns: int, delimiter: str) -> str:
    teken = {";": "puntkomma", ",": "komma", "\t": "tab"}[delimiter]
    return (
        f"deze regel heeft {cells} cellen, de kopregel {columns} kolommen; staat er een {teken} in een getal of tekst "
        "zonder aanhalingstekens? Zet die tekst tussen aanhalingstekens of haal het scheidingsteken weg."
    )


# --- cells --------------------------------------------------------------------


def escape_formula(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula; :func:`unescape_formula` undoes it."""
    if text.lstrip("'").startswith(_FORMULA_START):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Remove the ``'`` that :func:`escape_formula` (or a user in Excel) put before ``=``, ``+``, ``-``, ``@``, a tab or CR."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START):
        return text[1:]
    return text


def parse_text(text: str, *, multiline: bool = True) -> str:
    """A text cell: surrounding spaces removed, a formula-escape ``'`` removed (and what it protected kept).

    A control, bidi or invisible character (:func:`rules.text.check_text`) is an
    :class:`InputError`. Tab, CR and newline pass unless `multiline` is False:
    an export of a value that starts with one (formula-escaped) must import again.
    """
    value = unescape_formula(text.strip())
    if (reason := check_text(value, veld="de tekst", multiline=multiline)) is not None:
        raise InputError(reason)
    return value


def parse_cell_date(text: str) -> date | None:
    """``dd-mm-jjjj`` (also ``d-m-jjjj``, ``/`` or ``.``) or ``jjjj-mm-dd``; empty is unknown (None)."""
    stripped = text.strip()
    if not stripped:
        return None
    if not _DATE_FORM.fullmatch(stripped):
        raise InputError(f"‘{stripped[:40]}’ is geen datum; gebruik dd-mm-jjjj (bijvoorbeeld 05-03-2026) of jjjj-mm-dd.")
    return parse_date(stripped, today=_UNUSED_TODAY)


def parse_cell_bool(text: str) -> bool:
    """``ja``/``nee`` (also j/n, 1/0, true/false); an empty cell means nee."""
    return bool(parse_bool(text))


def parse_cell_int(text: str, *, minimum: int, maximum: int) -> int | None:
    stripped = text.strip()
    if not stripped:
        return None
    if not _INTEGER.fullmatch(stripped):
        raise InputError(f"‘{stripped[:40]}’ is geen geheel getal; typ bijvoorbeeld 6.")
    value = int(stripped)
    if not minimum <= value <= maximum:
        raise InputError(f"{value} kan niet; het moet tussen {minimum} en {maximum} liggen.")
    return value


def parse_cell_minutes(text: str) -> int:
    """An hours cell as whole minutes (:func:`rules.dates.parse_minutes`); an imported row needs more than 0."""
    minutes = parse_minutes(text)
    if minutes <= 0:
        raise InputError(f"‘{text.strip()}’: het aantal uren moet meer dan 0 zijn.")
    return minutes


def parse_cell_choice(text: str, choices: Mapping[str, str], *, wat: str) -> str | None:
    """One of ``choices`` (keys normalised as :func:`normalize_name`); empty is None."""
    stripped = text.strip()
    if not stripped:
        return None
    key = normalize_name(stripped)
    if key in choices:
        return choices[key]
    allowed = ", ".join(sorted(set(choices.values())))
    raise InputError(f"‘{stripped[:40]}’ is geen {wat}; kies uit: {allowed}.")
