"""The benchmark's yardstick: a plain Textual app that shows the caseload without any rules.

    python benchmarks/baseline.py DB       (key from REGIE_KEY_FILE, as regie finds it)

It is started the same way as regie (a Python process in the same
pseudo-terminal) and does the same database reads as regie's caseload (every
person, their latest contactmoment, their Z-route hours), straight through
sqlcipher3, without SQLAlchemy and without computing a single deadline or
signaal. It paints the same count line ("N van N getoond") and the rows, so
the benchmark can stop its clock on the same screen for both apps.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

CASELOAD = (
    "SELECT p.naam, p.kenmerk, p.doelgroep, p.status, p.leerroute, p.consulent, c.laatste, u.minuten "
    "FROM person AS p "
    "LEFT JOIN (SELECT person_id, max(datum) AS laatste FROM contactmoment GROUP BY person_id) AS c ON c.person_id = p.id "
    "LEFT JOIN (SELECT person_id, sum(minuten) AS minuten FROM urenregistratie GROUP BY person_id) AS u ON u.person_id = p.id "
    "ORDER BY p.naam"
)


def read_key() -> str:
    """The raw key in the file REGIE_KEY_FILE names (the format `regie sleutel export` writes)."""
    for line in Path(os.environ["REGIE_KEY_FILE"]).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    raise SystemExit("geen sleutel in REGIE_KEY_FILE")


def connect(database: Path):
    """An sqlcipher3 connection to regie's encrypted database, opened with the raw key."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(database))
    connection.execute(f"PRAGMA key = \"x'{read_key()}'\"")
    return connection


class Baseline(App):
    TITLE = "basis"

    def __init__(self, database: Path) -> None:
        super().__init__()
        self.database = database

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("laden…", id="count")
        yield DataTable(id="rows")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._load)

    @work(thread=True)
    def _load(self) -> None:
        connection = connect(self.database)
        try:
            rows = connection.execute(CASELOAD).fetchall()
        finally:
            connection.close()
        self.call_from_thread(self._show, rows)

    def _show(self, rows) -> None:
        self.query_one("#count", Static).update(f"{len(rows)} van {len(rows)} getoond")
        table = self.query_one("#rows", DataTable)
        table.add_columns("Naam", "Kenmerk", "Doelgr.", "Status", "Leerroute", "Consulent", "Laatste contact", "Minuten")
        table.add_rows([tuple("" if value is None else str(value) for value in row) for row in rows])
        table.focus()


if __name__ == "__main__":
    Baseline(Path(sys.argv[1])).run()
