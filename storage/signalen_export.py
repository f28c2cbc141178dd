"""The signalen list as a CSV file for a team meeting (Excel-friendly, formula-safe)."""

from __future__ import annotations

import csv
from pathlib import Path

from rules.csvparse import escape_formula
from rules.dates import format_date
from storage.paths import private_output

COLUMNS = ("ernst", "vervaldatum", "dagen", "signaal", "kenmerk", "naam", "consulent", "toelichting")


def write_signalen_csv(items, path: Path) -> None:
    """Write owner-only and atomically: a half-written file never replaces a good one."""
    with private_output(path, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for item in items:
            signaal = item.signaal
            text = [escape_formula(value) for value in (item.kenmerk, item.naam, item.consulent or "", signaal.toelichting)]
            # dagen is a number we computed, never text from a user: no formula risk.
            writer.writerow([signaal.ernst.label, format_date(signaal.vervaldatum), signaal.dagen, signaal.label, *text])
