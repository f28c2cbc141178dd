"""The warme overdracht for the next gemeente: one self-contained A4 portrait HTML page, written and audited.

The contents come from `rules.overdracht.warme_overdracht` (no BSN, no notes);
this module only draws them, with inline CSS (no scripts, fonts or images from
elsewhere) like the printed weekplan, so the page prints the same anywhere.
The file holds personal data in plain text: it is written owner-only
(`storage.paths.write_private_text`), recorded in the audit trail (removed
again when that fails), and regie's own folder drops pages older than a day.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from rules.dates import format_date
from rules.overdracht import Overdracht
from rules.policy import Policy
from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store

PRINT_DIR = "overdrachten"
PRINT_FILES_KEPT_SECONDS = 24 * 60 * 60  # as the printed weekplans (services.weekplan_print)
_PRINT_PATTERN = "warme-overdracht-*.html"

_CSS = """
@page { size: A4 portrait; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.3; color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
.kop { color: #444; margin: 0 0 5mm 0; }
h2 { font-size: 11pt; margin: 5mm 0 1mm 0; border-bottom: 1px solid #999; padding-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
th { text-align: left; vertical-align: top; width: 32%; font-weight: bold; padding: 0.6mm 3mm 0.6mm 0; }
td { vertical-align: top; padding: 0.6mm 0; }
.voet { margin-top: 6mm; color: #555; font-size: 8pt; }
"""


class OverdrachtPrintError(ServiceError):
    """The warme overdracht could not be written: the person is gone, or the file cannot be written."""


def overdracht_page(overdracht: Overdracht, *, gemaakt_op: date) -> str:
    """The A4 page (pure: the same overdracht gives the same page)."""
    naar = f" naar {escape(overdracht.bestemming)}" if overdracht.bestemming else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>Warme overdracht {escape(overdracht.kenmerk)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Warme overdracht{naar}</h1>",
        f'<p class="kop">{escape(overdracht.naam)} · kenmerk {escape(overdracht.kenmerk)} · '
        f"peildatum {format_date(overdracht.peildatum)}</p>",
    ]
    for sectie in overdracht.secties:
        parts.append(f"<h2>{escape(sectie.kop)}</h2><table>")
        parts.extend(f"<tr><th>{escape(label)}</th><td>{escape(waarde)}</td></tr>" for label, waarde in sectie.regels)
        parts.append("</table>")
    parts.append(f'<p class="voet">Gemaakt op {format_date(gemaakt_op)} met regie. Bevat persoonsgegevens: '
                 "geef het alleen aan de nieuwe gemeente en bewaar het niet langer dan nodig.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def print_dir() -> Path:
    from storage.paths import data_dir

    return data_dir() / PRINT_DIR


def default_print_path(kenmerk: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in kenmerk)
    return print_dir() / f"warme-overdracht-{safe}.html"


def remove_old_print_files(*, older_than_seconds: float = PRINT_FILES_KEPT_SECONDS, now: float | None = None) -> int:
    """Delete pages in regie's own folder older than a day; returns how many (one that cannot go now is tried later)."""
    from storage.paths import remove_old_files

    return remove_old_files(print_dir(), _PRINT_PATTERN, older_than_seconds=older_than_seconds, now=now)


def print_overdracht(store: Store, *, person_id: int, today: date, policy: Policy, target: Path | None = None) -> Path:
    """Write the person's warme overdracht as an A4 page to `target` (default: regie's print folder); returns the path."""
    from rules.overdracht import warme_overdracht
    from services._tx import ExportNotAuditedError, audited_export, read
    from storage.paths import make_private_dir, write_private_text
    from storage.queries import load_person

    with read(store) as connection:
        record = load_person(connection=connection, person_id=person_id, as_of=today)
    if record is None:
        raise OverdrachtPrintError("Dit dossier bestaat niet meer; er valt niets over te dragen.")
    page = overdracht_page(warme_overdracht(record.facts, today, policy), gemaakt_op=today)
    target = Path(target).expanduser() if target else default_print_path(record.facts.kenmerk)
    remove_old_print_files()

    def produce(_connection) -> int:
        if not target.parent.exists():
            make_private_dir(target.parent)
        write_private_text(target, page)
        return 1

    try:  # the page and its audit entry as one: no page with personal data that the audit trail does not know of
        audited_export(store, target, produce, actie="geëxporteerd (warme overdracht afgedrukt)", tabel="person",
                       person_id=person_id)
    except OSError as exc:
        raise OverdrachtPrintError(f"{target} kan niet worden geschreven: {exc.strerror}. Kies een andere map.") from None
    except ExportNotAuditedError as exc:
        raise OverdrachtPrintError(exc.message) from None
    return target
