"""CSV files as Excel on Windows really saves them, and cells that could reach a terminal as commands."""

import pytest

from rules.csvparse import decode_csv, read_csv
from rules.errors import InputError

NAMES = ("Öztürk", "Zoë Hélène", "Crème Brûlée", "Hüseyin Şahin")


def _rows(text_body: str, delimiter: str = ";") -> str:
    header = delimiter.join(("kenmerk", "naam"))
    lines = [header] + [delimiter.join((f"IB-{i}", name)) for i, name in enumerate(NAMES)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(("data", "codering", "scheidingsteken"), [
    # "CSV UTF-8 (door komma's gescheiden)": UTF-8 with a BOM
    (b"\xef\xbb\xbf" + _rows("").encode("utf-8"), "UTF-8 met BOM", ";"),
    # the same written by another program, without BOM
    (_rows("").encode("utf-8"), "UTF-8", ";"),
    # "Unicode-tekst": UTF-16 LE with a BOM, tab-separated
    (b"\xff\xfe" + _rows("", "\t").encode("utf-16-le"), "UTF-16 LE", "\t"),
    (b"\xfe\xff" + _rows("", "\t").encode("utf-16-be"), "UTF-16 BE", "\t"),
])
def test_excel_unicode_files_are_read_with_their_encoding_named(data, codering, scheidingsteken):
    tabel = read_csv(data)
    assert tabel.codering == codering
    assert tabel.scheidingsteken == scheidingsteken
    assert tabel.kolommen == ("kenmerk", "naam")
    assert [row.cellen["naam"] for row in tabel.rijen] == list(NAMES)


def test_a_windows_1252_file_is_read_as_windows_1252_and_never_as_mojibake():
    # "CSV (gescheiden door lijstscheidingsteken)" on a Dutch Windows; Şahin has no cp1252 byte, so leave it out.
    body = "kenmerk;naam\r\nIB-1;Öztürk\r\nIB-2;Zoë Hélène\r\nIB-3;Crème Brûlée\r\n".encode("cp1252")
    tabel = read_csv(body)
    assert tabel.codering == "Windows-1252"
    assert [row.cellen["naam"] for row in tabel.rijen] == ["Öztürk", "Zoë Hélène", "Crème Brûlée"]
    assert not any("Ã" in row.cellen["naam"] for row in tabel.rijen)


@pytest.mark.parametrize("name", ["Öztürk", "Zoë", "José Müller", "Crème"])
def test_a_short_windows_1252_file_is_not_mistaken_for_another_code_page(name):
    # Left free, a detector reads a short cp1252 file as cp1250 (è → č) or even big5.
    decoded = decode_csv(f"kenmerk;naam\nIB-1;{name}\n".encode("cp1252"))
    assert decoded.codering == "Windows-1252"
    assert decoded.text.endswith(f";{name}\n")


def test_utf8_text_is_never_read_as_windows_1252():
    decoded = decode_csv("kenmerk;naam\nIB-1;Öztürk\n".encode("utf-8"))
    assert (decoded.codering, decoded.text) == ("UTF-8", "kenmerk;naam\nIB-1;Öztürk\n")


def test_a_file_that_is_not_text_says_how_to_save_it():
    xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x81\x8d\x8f\x90\x9d\x00\x01\x02"
    with pytest.raises(InputError) as caught:
        read_csv(xlsx)
    assert caught.value.message.startswith("regel 1: het bestand is geen tekstbestand")
    assert "CSV UTF-8" in caught.value.message


def test_an_empty_file_still_asks_for_a_header():
    with pytest.raises(InputError, match="kopregel"):
        read_csv(b"")


# --- unsafe cells ------------------------------------------------------------------------

def test_a_nul_byte_is_refused_with_line_and_column_and_reading_goes_on():
    body = b"kenmerk;naam;omschrijving\nIB-1;Jan;goed\nIB-2;Pi\x00et;\nIB-3;Amal;a\x1b[2J\n"
    tabel = read_csv(body)
    assert [row.regel for row in tabel.rijen] == [2]
    (regel_nul, kolom_nul, reden_nul), (regel_esc, kolom_esc, reden_esc) = tabel.fouten
    assert (regel_nul, kolom_nul) == (3, "naam")
    assert "NUL-teken (U+0000)" in reden_nul
    assert (regel_esc, kolom_esc) == (4, "omschrijving")
    assert "U+001B ESC" in reden_esc


@pytest.mark.parametrize("cell", ["Amal \u202eSDRAWKCAB", "Am\u200bal", "\u3164", "x\x9b2J"])
def test_bidi_invisible_and_c1_characters_in_a_cell_are_refused(cell):
    tabel = read_csv(f"kenmerk;naam\nIB-1;{cell}\n".encode("utf-8"))
    assert tabel.rijen == ()
    assert [(regel, kolom) for regel, kolom, _ in tabel.fouten] == [(2, "naam")]


def test_a_quoted_multiline_omschrijving_is_still_a_cell():
    tabel = read_csv(b'kenmerk;omschrijving\nIB-1;"les 1\nles 2"\n')
    assert tabel.fouten == ()
    assert tabel.rijen[0].cellen["omschrijving"] == "les 1\nles 2"


def test_a_control_character_in_the_header_is_refused():
    with pytest.raises(InputError, match="regel 1, kolom 2: .*U\\+001B ESC"):
        read_csv(b"kenmerk;na\x1b[2Jam\nIB-1;Jan\n")
