"""Importing personen and uren from CSV files as Dutch Excel writes them, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from storage.importer import CsvImportError, import_personen, import_uren
from storage.models import Person, Urenregistratie
from storage.paths import resolve
from storage.store import open_store
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PERSON = Person.__table__
UREN = Urenregistratie.__table__
BOM = "\ufeff"

PERSONEN_NL = (
    BOM
    + "Kenmerk;Naam;Geboortedatum;BSN;Doelgroep;Nareiziger;Consulent;BRP_inschrijving;PIP_datum;Leerroute;Bijstand;"
    "Ontzorgen_start;Ontzorgen_maanden;Status\r\n"
    "IB-1;Amal Haddad;05-03-1990;999990019;asielstatushouder;nee;Anna de Vries;01-02-2026;15-03-2026;z;ja;"
    "01-02-2026;12;actief\r\n"
    "\r\n"
    "IB-2;Yonas Tekle;1988-12-31;;gezinsmigrant;NEE;;2026-06-01;;;Nee;;;\r\n"
)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def write(tmp_path, name: str, text: str, *, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def person(store, kenmerk: str) -> dict:
    with store.engine.connect() as connection:
        return dict(connection.execute(select(PERSON).where(PERSON.c.kenmerk == kenmerk)).mappings().one())


def count(store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def uren(store) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(UREN.c.datum, UREN.c.soort, UREN.c.minuten, UREN.c.bron, UREN.c.omschrijving).order_by(UREN.c.id)
        )]


def import_fout(call) -> CsvImportError:
    with pytest.raises(CsvImportError) as caught:
        call()
    return caught.value


# --- personen ---------------------------------------------------------------------


def test_a_semicolon_file_with_a_bom_dutch_dates_and_ja_nee_is_read_as_a_spreadsheet_user_means_it(store, tmp_path):
    result = in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)

    assert (result.toegevoegd, result.bijgewerkt) == (2, 0)
    assert result.samenvatting == "2 personen toegevoegd, 0 bijgewerkt (gelezen als UTF-8 met BOM)"
    amal = person(store, "IB-1")
    assert amal["naam"] == "Amal Haddad"
    assert amal["geboortedatum"] == date(1990, 3, 5)
    assert amal["bsn"] == "999990019"
    assert amal["pip_datum"] == date(2026, 3, 15)
    assert (amal["leerroute"], amal["bijstand"], amal["nareiziger"], amal["ontzorgen_maanden"]) == ("z", True, False, 12)
    assert (amal["regime"], amal["status"], amal["version"]) == ("wi2021", "actief", 1)
    yonas = person(store, "IB-2")
    assert yonas["geboortedatum"] == date(1988, 12, 31)
    assert (yonas["bsn"], yonas["consulent"], yonas["pip_datum"]) == (None, None, None)


def test_a_comma_file_with_iso_dates_is_read_too(store, tmp_path):
    text = 'kenmerk,naam,doelgroep,brp_inschrijving,regime,termijn_einde\nIB-9,"Haddad, Amal",overige_migrant,2026-01-05,wi2013,2027-03-01\n'
    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", text), today=TODAY)

    row = person(store, "IB-9")
    assert (row["naam"], row["doelgroep"], row["regime"]) == ("Haddad, Amal", "overige_migrant", "wi2013")
    assert (row["brp_inschrijving"], row["termijn_einde"]) == (date(2026, 1, 5), date(2027, 3, 1))


def test_unknown_columns_are_reported_and_ignored(store, tmp_path):
    text = "kenmerk;naam;doelgroep;Opmerking\nIB-1;Amal Haddad;asielstatushouder;belt terug\n"
    result = in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", text), today=TODAY)

    assert result.toegevoegd == 1
    assert any("onbekende kolom ‘opmerking’ wordt genegeerd" in line for line in result.waarschuwingen)


def test_every_broken_row_is_listed_with_line_and_column_and_nothing_is_stored(store, tmp_path):
    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)
    before = count(store, PERSON)
    text = (
        "kenmerk;naam;doelgroep;bsn;geboortedatum;brp_inschrijving;pip_datum;leerroute\n"
        "IB-10;Goed Persoon;asielstatushouder;;;;;\n"  # fine on its own, but the file is refused whole
        "IB-11;;asielstatushouder;;;;;\n"
        "IB-12;Farid Rahimi;vluchteling;123456789;31-02-1990;;;\n"
        "IB-13;Hiba Khalil;gezinsmigrant;;;01-06-2026;01-05-2026;b2\n"
        "IB-10;Nog Eens;asielstatushouder;;;;;\n"
    )
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "bad.csv", text), today=TODAY))

    lines = fout.fouten
    assert lines[0] == "regel 3, kolom naam: verplicht; vul de naam in"
    # left to right, as the columns stand in the file
    assert lines[1].startswith("regel 4, kolom doelgroep: ‘vluchteling’ is geen doelgroep")
    assert lines[2].startswith("regel 4, kolom bsn: ") and "elfproef" in lines[2]
    assert "123456789" not in lines[2]  # a BSN is never repeated whole
    assert lines[3].startswith("regel 4, kolom geboortedatum: ‘31-02-1990’ is geen bestaande datum")
    assert lines[4].startswith("regel 5, kolom leerroute: ‘b2’ is geen leerroute")
    assert lines[5] == "regel 6, kolom kenmerk: ‘IB-10’ staat ook op regel 2; elk kenmerk mag één keer in het bestand"
    assert len(lines) == 6
    assert count(store, PERSON) == before


def test_a_pip_before_the_brp_inschrijving_is_refused_with_the_reason_from_the_rules(store, tmp_path):
    text = "kenmerk;naam;doelgroep;brp_inschrijving;pip_datum\nIB-1;Amal Haddad;asielstatushouder;01-06-2026;01-05-2026\n"
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", text), today=TODAY))

    assert fout.fouten == (
        "regel 2, kolom pip_datum: De PIP-datum (01-05-2026) ligt vóór de BRP-inschrijving (01-06-2026); DUO weigert zo'n PIP.",
    )
    assert count(store, PERSON) == 0


def test_a_known_kenmerk_updates_only_the_columns_in_the_file_and_bumps_the_version(store, tmp_path):
    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)
    before = person(store, "IB-1")
    later = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    text = "kenmerk;naam;doelgroep;consulent\nIB-1;Amal Haddad-Osman;asielstatushouder;Sanne Jansen\nIB-2;Yonas Tekle;gezinsmigrant;\n"
    result = in_write(store.engine, import_personen,  path=write(tmp_path, "u.csv", text), today=TODAY, now=later)

    assert result.samenvatting == "0 personen toegevoegd, 1 bijgewerkt, 1 ongewijzigd (gelezen als UTF-8)"
    after = person(store, "IB-1")
    assert (after["naam"], after["consulent"]) == ("Amal Haddad-Osman", "Sanne Jansen")
    assert after["version"] == before["version"] + 1
    assert after["updated_at"].replace(tzinfo=UTC) == later
    for untouched in ("bsn", "pip_datum", "leerroute", "ontzorgen_maanden", "geboortedatum", "created_at"):
        assert after[untouched] == before[untouched]
    assert person(store, "IB-2")["version"] == 1  # nothing changed, so no new version


def test_an_update_is_checked_together_with_what_is_stored(store, tmp_path):
    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)
    # IB-1 has BRP 01-02-2026 stored; a PIP before it is refused even though the file has no BRP column.
    text = "kenmerk;naam;doelgroep;pip_datum\nIB-1;Amal Haddad;asielstatushouder;15-01-2026\n"
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "u.csv", text), today=TODAY))

    assert "vóór de BRP-inschrijving (01-02-2026)" in fout.fouten[0]
    assert person(store, "IB-1")["pip_datum"] == date(2026, 3, 15)


def test_a_windows_1252_file_as_excel_saves_it_is_read_with_its_accents(store, tmp_path):
    text = "kenmerk;naam;doelgroep\nIB-1;Amal;asielstatushouder\nIB-2;Zoë Jansen;gezinsmigrant\n"
    in_write(store.engine, import_personen, path=write(tmp_path, "p.csv", text, encoding="cp1252"), today=TODAY)

    with store.engine.connect() as connection:
        assert connection.execute(select(Person.naam).where(Person.kenmerk == "IB-2")).scalar() == "Zoë Jansen"


def test_a_missing_required_column_is_named(store, tmp_path):
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", "kenmerk;naam\nIB-1;Amal\n"), today=TODAY))

    assert fout.fouten == ("regel 1: de verplichte kolom ‘doelgroep’ ontbreekt in de kopregel",)


def test_a_missing_file_is_a_dutch_error(store, tmp_path):
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=tmp_path / "weg.csv", today=TODAY))

    assert fout.fouten == (f"het bestand {tmp_path / 'weg.csv'} bestaat niet",)


# --- uren -------------------------------------------------------------------------


@pytest.fixture
def with_personen(store, tmp_path):
    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)
    return store


UREN_NL = (
    BOM
    + "kenmerk;datum;soort;uren;bron;omschrijving\r\n"
    "IB-1;03-11-2026;taal_knm;1,5;Taalschool De Brug;les\r\n"
    "IB-1;2026-11-04;participatie;2.25;Vluchtelingenwerk;fietsles\r\n"
    "IB-1;05-11-2026;participatie;1:20;Vluchtelingenwerk;\r\n"
    "IB-2;30-11-2026;taal_knm_brede_intake;120;Taalhuis;november totaal\r\n"
)


def test_hours_with_a_decimal_comma_dot_or_colon_are_stored_as_whole_minutes(with_personen, tmp_path):
    result = import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", UREN_NL))

    assert result.samenvatting == "4 uren-regels toegevoegd, 0 al aanwezig en overgeslagen (gelezen als UTF-8 met BOM)"
    assert uren(with_personen) == [
        (date(2026, 11, 3), "taal_knm", 90, "Taalschool De Brug", "les"),
        (date(2026, 11, 4), "participatie", 135, "Vluchtelingenwerk", "fietsles"),
        (date(2026, 11, 5), "participatie", 80, "Vluchtelingenwerk", ""),
        # a school's month total in one row is more than a day's worth of hours
        (date(2026, 11, 30), "taal_knm_brede_intake", 7200, "Taalhuis", "november totaal"),
    ]


@pytest.mark.parametrize(("encoding", "codering"), [("cp1252", "Windows-1252"), ("utf-16", "UTF-16 LE"),
                                                   ("utf-8-sig", "UTF-8 met BOM")])
def test_an_uren_file_as_excel_saves_it_on_windows_is_read_as_a_stream_with_its_accents(with_personen, tmp_path, encoding,
                                                                                        codering):
    text = "kenmerk;datum;soort;uren;bron;omschrijving\nIB-1;03-11-2026;taal_knm;1,5;Taalschool Zoë;leçon\n"

    result = import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", text, encoding=encoding))

    assert result.samenvatting == f"1 uren-regels toegevoegd, 0 al aanwezig en overgeslagen (gelezen als {codering})"
    assert uren(with_personen) == [(date(2026, 11, 3), "taal_knm", 90, "Taalschool Zoë", "leçon")]


def test_a_comma_separated_uren_file_without_optional_columns_is_read(with_personen, tmp_path):
    result = import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", "Kenmerk,Datum,Soort,Uren\nIB-1,01-11-2026,taal_knm,3\n"))

    assert result.toegevoegd == 1
    assert uren(with_personen) == [(date(2026, 11, 1), "taal_knm", 180, "", "")]


def test_importing_the_same_uren_file_again_skips_every_row_and_counts_them(with_personen, tmp_path):
    path = write(tmp_path, "u.csv", UREN_NL)
    import_uren(engine=with_personen.engine, path=path)

    again = import_uren(engine=with_personen.engine, path=path)

    assert (again.toegevoegd, again.overgeslagen) == (0, 4)
    assert again.samenvatting == "0 uren-regels toegevoegd, 4 al aanwezig en overgeslagen (gelezen als UTF-8 met BOM)"
    assert count(with_personen, UREN) == 4


def test_two_equal_lines_in_one_file_are_two_lessons_and_both_are_stored(with_personen, tmp_path):
    text = "kenmerk;datum;soort;uren;bron\nIB-1;03-11-2026;taal_knm;1,5;school\nIB-1;03-11-2026;taal_knm;1.5;school\nIB-1;03-11-2026;taal_knm;2;school\n"
    result = import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", text))

    assert (result.toegevoegd, result.overgeslagen) == (3, 0)
    assert [row[2] for row in uren(with_personen)] == [90, 90, 120]


def test_a_file_read_again_adds_only_the_copies_of_a_row_beyond_those_already_stored(with_personen, tmp_path):
    lesson = "IB-1;03-11-2026;taal_knm;1,5;school\n"
    header = "kenmerk;datum;soort;uren;bron\n"
    path = write(tmp_path, "u.csv", header + lesson * 2)
    import_uren(engine=with_personen.engine, path=path)

    again = import_uren(engine=with_personen.engine, path=path)
    assert (again.toegevoegd, again.overgeslagen) == (0, 2)
    assert again.samenvatting == "0 uren-regels toegevoegd, 2 al aanwezig en overgeslagen (gelezen als UTF-8)"

    # the corrected report has a third lesson alike: only that one is added
    more = import_uren(engine=with_personen.engine, path=write(tmp_path, "u2.csv", header + lesson * 3))
    assert (more.toegevoegd, more.overgeslagen) == (1, 2)
    assert count(with_personen, UREN) == 3


def test_rows_that_differ_only_in_hours_are_never_duplicates(with_personen, tmp_path):
    header = "kenmerk;datum;soort;uren;bron\n"
    import_uren(engine=with_personen.engine, path=write(tmp_path, "a.csv", header + "IB-1;03-11-2026;taal_knm;1,35;school\n"))

    result = import_uren(engine=with_personen.engine, path=write(tmp_path, "b.csv", header + "IB-1;03-11-2026;taal_knm;1,4;school\n"))

    assert (result.toegevoegd, result.overgeslagen) == (1, 0)
    assert [row[2] for row in uren(with_personen)] == [81, 84]


def test_hours_that_are_no_whole_number_of_minutes_are_refused_not_rounded_into_the_same_row(with_personen, tmp_path):
    # rounded to minutes, 1,33 and 1,34 hours would both be 80 minutes: one row skipped as a duplicate
    text = "kenmerk;datum;soort;uren;bron\nIB-1;03-11-2026;taal_knm;1,33;school\nIB-1;03-11-2026;taal_knm;1,34;school\n"
    fout = import_fout(lambda: import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", text)))

    assert fout.fouten == (
        "regel 2, kolom uren: ‘1,33’ uur is 79,8 minuten; uren worden in hele minuten opgeslagen. "
        "Typ uren en minuten, bijvoorbeeld 1:20, of een decimaal getal dat op hele minuten uitkomt (0,05 uur is 3 minuten).",
        "regel 3, kolom uren: ‘1,34’ uur is 80,4 minuten; uren worden in hele minuten opgeslagen. "
        "Typ uren en minuten, bijvoorbeeld 1:20, of een decimaal getal dat op hele minuten uitkomt (0,05 uur is 3 minuten).",
    )
    assert count(with_personen, UREN) == 0


def test_a_row_with_too_many_cells_does_not_hide_the_bad_rows_after_it(with_personen, tmp_path):
    text = (
        "kenmerk;datum;soort;uren;bron\n"
        "IB-1;03-11-2026;taal_knm;1,5;school\n"
        "IB-1;04-11-2026;taal_knm;1;5;school\n"  # 1;5 instead of 1,5: one cell too many
        "IB-1;31-11-2026;taal_knm;2;school\n"
        "IB-1;05-11-2026;taal;2;school;;extra\n"
    )
    fout = import_fout(lambda: import_uren(engine=with_personen.engine, path=write(tmp_path, "u.csv", text)))

    assert [line.split(":")[0] for line in fout.fouten] == [
        "regel 3, kolom 6 (zonder kolomnaam)",
        "regel 4, kolom datum",
        "regel 5, kolom 7 (zonder kolomnaam)",
    ]
    assert "deze regel heeft 6 cellen, de kopregel 5 kolommen; staat er een puntkomma in een getal" in fout.fouten[0]
    assert count(with_personen, UREN) == 0


def test_a_personen_row_with_too_many_cells_is_listed_with_every_other_bad_row(store, tmp_path):
    text = (
        "kenmerk;naam;doelgroep\n"
        "IB-1;Haddad; Amal;asielstatushouder\n"
        "IB-2;Yonas Tekle;toerist\n"
        "IB-3;Sara Ali;gezinsmigrant\n"
    )
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", text), today=TODAY))

    assert [line.split(":")[0] for line in fout.fouten] == ["regel 2, kolom 4 (zonder kolomnaam)", "regel 3, kolom doelgroep"]
    assert count(store, PERSON) == 0


def test_broken_uren_rows_are_all_listed_and_nothing_is_stored(with_personen, tmp_path):
    import_uren(engine=with_personen.engine, path=write(tmp_path, "ok.csv", UREN_NL))
    text = (
        "kenmerk;datum;soort;uren\n"
        "IB-1;03-11-2026;taal_knm;2\n"
        "IB-404;03-11-2026;taal_knm;2\n"
        "IB-1;31-11-2026;taal;0\n"
        "IB-1;03-11-2026;participatie;745\n"
        "IB-1;03-11-2026;participatie;-1\n"
        "IB-1;03-11-2026;participatie;1.000\n"  # a Dutch thousand is not read as one hour
    )
    fout = import_fout(lambda: import_uren(engine=with_personen.engine, path=write(tmp_path, "bad.csv", text)))

    assert [line.split(":")[0] for line in fout.fouten] == [
        "regel 3, kolom kenmerk",
        "regel 4, kolom datum",
        "regel 4, kolom soort",
        "regel 4, kolom uren",
        "regel 5, kolom uren",
        "regel 6, kolom uren",
        "regel 7, kolom uren",
    ]
    assert "onbekend kenmerk ‘IB-404’" in fout.fouten[0]
    assert "hoogstens 744 uur" in fout.fouten[4]
    assert count(with_personen, UREN) == 4


def test_imported_hours_in_the_future_or_before_the_koppeling_are_refused_and_nothing_is_stored(store, tmp_path):
    from storage.queries import hour_totals

    from sqlalchemy import update

    from storage.models import Person

    personen = "kenmerk;naam;doelgroep\nIB-K;Kees Koppel;asielstatushouder\n"
    in_write(store.engine, import_personen,  path=write(tmp_path, "pk.csv", personen), today=TODAY)
    with store.engine.begin() as c:
        c.execute(update(Person.__table__).values(koppeling=date(2026, 6, 1)))
    uren = ("kenmerk;datum;soort;uren;bron\n"
            "IB-K;15-06-2026;participatie;60;School\n"  # a month's total: no 24-hour limit
            "IB-K;31-05-2026;participatie;2;School\n"
            "IB-K;15-12-2026;participatie;2;School\n")
    with pytest.raises(CsvImportError) as caught:
        import_uren(engine=store.engine, path=write(tmp_path, "uk.csv", uren), today=date(2026, 12, 2))
    fouten = "\n".join(caught.value.fouten)
    assert "regel 3, kolom datum" in fouten and "vóór de koppeling" in fouten
    assert "regel 4, kolom datum" in fouten and "toekomst" in fouten
    with store.engine.connect() as c:
        assert hour_totals(connection=c, as_of=date(2026, 12, 2)) == {}
    result = import_uren(engine=store.engine, path=write(tmp_path, "ok.csv", "\n".join(uren.splitlines()[:2]) + "\n"),
                         today=date(2026, 12, 2))
    assert result.toegevoegd == 1


# --- audit trail ------------------------------------------------------------------


def history_of(store, kenmerk: str) -> list[str]:
    from storage.audit import history

    with store.engine.connect() as connection:
        return [entry.omschrijving for entry in history(connection=connection, person_id=person(store, kenmerk)["id"])]


def test_every_imported_person_change_appears_in_that_persons_own_history(store, tmp_path):
    from storage.audit import AUDIT, verify

    in_write(store.engine, import_personen,  path=write(tmp_path, "p.csv", PERSONEN_NL), today=TODAY)
    assert history_of(store, "IB-1") == ["persoonsgegevens toegevoegd"]
    assert history_of(store, "IB-2") == ["persoonsgegevens toegevoegd"]

    changed = "kenmerk;naam;doelgroep\nIB-1;Amal Haddad-Ali;asielstatushouder\nIB-2;Yonas Tekle;gezinsmigrant\n"
    in_write(store.engine, import_personen,  path=write(tmp_path, "p2.csv", changed), today=TODAY)
    assert history_of(store, "IB-1") == ["persoonsgegevens gewijzigd", "persoonsgegevens toegevoegd"]
    assert history_of(store, "IB-2") == ["persoonsgegevens toegevoegd"]  # unchanged: nothing to log

    uren_file = "kenmerk;datum;soort;uren\nIB-1;03-11-2026;taal_knm;2\nIB-1;04-11-2026;taal_knm;2\nIB-2;03-11-2026;participatie;1\n"
    import_uren(engine=store.engine, path=write(tmp_path, "u.csv", uren_file))
    assert history_of(store, "IB-1")[0] == "urenregistratie toegevoegd (2 regels)"
    assert history_of(store, "IB-2")[0] == "urenregistratie toegevoegd"

    with store.engine.connect() as connection:
        assert verify(connection=connection).ok
        # ids and kinds of action only: no BSN, name or description in the trail
        trail = " ".join(str(value) for row in connection.execute(select(AUDIT)) for value in row)
    assert "999990019" not in trail and "Haddad" not in trail


def test_a_bsn_twice_in_the_file_or_of_another_stored_person_is_refused_and_nothing_is_stored(store, tmp_path):
    header = "kenmerk;naam;doelgroep;bsn\n"
    in_write(store.engine, import_personen,  path=write(tmp_path, "a.csv", header + "IB-1;Een Persoon;gezinsmigrant;999990007\n"), today=TODAY)
    text = header + (
        "IB-2;Twee Persoon;gezinsmigrant;999990019\n"
        "IB-3;Drie Persoon;gezinsmigrant;999990019\n"  # same BSN as the line above
        "IB-4;Vier Persoon;gezinsmigrant;999990007\n"  # the BSN of IB-1, already stored
    )
    fout = import_fout(lambda: in_write(store.engine, import_personen,  path=write(tmp_path, "b.csv", text), today=TODAY))
    assert fout.fouten == (
        "regel 3, kolom bsn: dit BSN staat ook op regel 2 (IB-2); één persoon heeft één dossier",
        "regel 4, kolom bsn: dit BSN staat al bij dossier IB-1; één persoon heeft één dossier",
    )
    assert count(store, PERSON) == 1


def test_bsns_may_swap_between_two_people_in_one_file(store, tmp_path):
    header = "kenmerk;naam;doelgroep;bsn\n"
    first = header + "IB-1;Een Persoon;gezinsmigrant;999990007\nIB-2;Twee Persoon;gezinsmigrant;999990019\n"
    in_write(store.engine, import_personen,  path=write(tmp_path, "a.csv", first), today=TODAY)
    swapped = header + "IB-1;Een Persoon;gezinsmigrant;999990019\nIB-2;Twee Persoon;gezinsmigrant;999990007\n"
    in_write(store.engine, import_personen,  path=write(tmp_path, "b.csv", swapped), today=TODAY)
    assert (person(store, "IB-1")["bsn"], person(store, "IB-2")["bsn"]) == ("999990019", "999990007")


def test_contact_details_and_a_household_code_are_imported_and_checked(store, tmp_path):
    text = ("kenmerk;naam;doelgroep;v_nummer;telefoon;email;contactpersoon;contactpersoon_organisatie;huishouden;huishouden_relatie\n"
            "IB-1;Tesfay Gebru;asielstatushouder;26 1145 0921;06-12345678;T.Gebru@Voorbeeld.NL;Els Bakker;VluchtelingenWerk;fam-1;hoofd\n"
            "IB-2;Selam Haile;asielstatushouder;;;;;;fam-1;partner\n")
    result = in_write(store.engine, import_personen, path=write(tmp_path, "p.csv", text), today=TODAY)

    assert result.toegevoegd == 2
    with store.engine.connect() as connection:
        rows = connection.execute(select(PERSON.c.naam, PERSON.c.v_nummer, PERSON.c.telefoon, PERSON.c.email,
                                         PERSON.c.contactpersoon_organisatie, PERSON.c.huishouden, PERSON.c.huishouden_relatie)
                                  .order_by(PERSON.c.kenmerk)).all()
    assert [tuple(r) for r in rows] == [
        ("Tesfay Gebru", "2611450921", "0612345678", "T.Gebru@voorbeeld.nl", "VluchtelingenWerk", "fam-1", "hoofd"),
        ("Selam Haile", None, None, None, None, "fam-1", "partner"),
    ]


def test_a_wrong_phone_email_or_v_nummer_is_refused_with_line_and_column_and_no_value_repeated(store, tmp_path):
    text = ("kenmerk;naam;doelgroep;telefoon;email;v_nummer\n"
            "IB-1;Tesfay Gebru;asielstatushouder;0612345;t.gebru-voorbeeld.nl;123\n")
    with pytest.raises(CsvImportError) as refused:
        in_write(store.engine, import_personen, path=write(tmp_path, "p.csv", text), today=TODAY)

    fouten = " ".join(refused.value.fouten)
    assert "telefoon" in fouten and "10 cijfers" in fouten
    assert "email" in fouten and "precies één @" in fouten
    assert "v_nummer" in fouten and "V-nummer heeft 10 cijfers" in fouten
    assert "0612345" not in fouten and "t.gebru" not in fouten  # personal data never in a message
    assert count(store, PERSON) == 0
