"""The AOW-leeftijd (state pension age) by date of birth, and the end of the inburgeringsplicht.

The inburgeringsplicht applies up to the AOW-leeftijd (Wet inburgering 2021 art. 2
lid 1: "de pensioengerechtigde leeftijd, bedoeld in artikel 7a van de Algemene
Ouderdomswet"); DUO withdraws the obligation when it is reached (event SS110) and
warns six months before (event SS128).

The table below is the statutory one: Algemene Ouderdomswet art. 7a lid 1 (as
amended by the Wet temporisering verhoging AOW-leeftijd, Stb. 2019, 290) for the
years up to 2027, and the ministerial regulations under art. 7a lid 2 (fixed five
years ahead each November) for 2028-2030, as published by the SVB ("Wanneer
bereikt u de AOW-leeftijd?"). Each row: people born from ``geboren_vanaf`` up to
and including ``geboren_tot_en_met`` reach the AOW age at that many years and
months. For a birth date after the last row the age is not fixed yet; the rule
then answers with the last known age as a minimum and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rules.dates import add_months, format_date


@dataclass(frozen=True)
class AowRij:
    geboren_vanaf: date
    geboren_tot_en_met: date
    jaren: int
    maanden: int


# Algemene Ouderdomswet art. 7a and the regulations under it (SVB table).
AOW_TABEL: tuple[AowRij, ...] = (
    AowRij(date(1900, 1, 1), date(1947, 12, 31), 65, 0),
    AowRij(date(1948, 1, 1), date(1948, 11, 30), 65, 1),  # AOW age in 2013
    AowRij(date(1948, 12, 1), date(1949, 10, 31), 65, 2),  # 2014
    AowRij(date(1949, 11, 1), date(1950, 9, 30), 65, 3),  # 2015
    AowRij(date(1950, 10, 1), date(1951, 6, 30), 65, 6),  # 2016
    AowRij(date(1951, 7, 1), date(1952, 3, 31), 65, 9),  # 2017
    AowRij(date(1952, 4, 1), date(1952, 12, 31), 66, 0),  # 2018
    AowRij(date(1953, 1, 1), date(1955, 8, 31), 66, 4),  # 2019-2021
    AowRij(date(1955, 9, 1), date(1956, 5, 31), 66, 7),  # 2022
    AowRij(date(1956, 6, 1), date(1957, 2, 28), 66, 10),  # 2023
    AowRij(date(1957, 3, 1), date(1960, 12, 31), 67, 0),  # 2024-2027
    AowRij(date(1961, 1, 1), date(1963, 9, 30), 67, 3),  # 2028-2030 (regulations of 2023 and 2024)
)

# DUO warns six months before the AOW age (event SS128).
AOW_WAARSCHUWING_MAANDEN = 6


@dataclass(frozen=True)
class AowDatum:
    """The day the person reaches the AOW age, with how it was found."""

    datum: date
    jaren: int
    maanden: int
    vastgesteld: bool  # False: born after the last row, the age is a minimum
    toelichting: str

    @property
    def waarschuwing_vanaf(self) -> date:
        return add_months(self.datum, -AOW_WAARSCHUWING_MAANDEN)


def _leeftijd(jaren: int, maanden: int) -> str:
    return f"{jaren} jaar" + (f" en {maanden} maanden" if maanden else "")


@lru_cache(maxsize=65536)
def aow_datum(geboortedatum: date) -> AowDatum:
    """The date the AOW age is reached (Algemene Ouderdomswet art. 7a; table in the module docstring).

    The age is reached on the day the person turns that many years and months; a
    birthday on a day the month lacks (31st, 29 February) falls on the month's last day.
    """
    for rij in AOW_TABEL:
        if rij.geboren_vanaf <= geboortedatum <= rij.geboren_tot_en_met:
            datum = add_months(geboortedatum, rij.jaren * 12 + rij.maanden)
            return AowDatum(datum, rij.jaren, rij.maanden, True,
                            f"Geboren {format_date(geboortedatum)}: AOW-leeftijd {_leeftijd(rij.jaren, rij.maanden)} "
                            f"(Algemene Ouderdomswet art. 7a), bereikt op {format_date(datum)}")
    laatste = AOW_TABEL[-1]
    if geboortedatum < AOW_TABEL[0].geboren_vanaf:
        laatste = AOW_TABEL[0]
    datum = add_months(geboortedatum, laatste.jaren * 12 + laatste.maanden)
    return AowDatum(datum, laatste.jaren, laatste.maanden, False,
                    f"Geboren {format_date(geboortedatum)}: AOW-leeftijd nog niet wettelijk vastgesteld, "
                    f"minstens {_leeftijd(laatste.jaren, laatste.maanden)}: niet vóór {format_date(datum)}")


def plicht_geeindigd_door_aow(geboortedatum: date | None, as_of: date) -> bool:
    """True from the day the AOW age is reached (only when the table fixes it)."""
    if geboortedatum is None:
        return False
    aow = aow_datum(geboortedatum)
    return aow.vastgesteld and as_of >= aow.datum
