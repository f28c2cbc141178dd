"""The appointment letter for the inburgeraar: one self-contained A4 portrait HTML page, written owner-only and audited.

Like the printed weekplan (`services.weekplan_print`): inline CSS only, no
scripts, fonts or images from elsewhere, so it prints the same on any computer.
The page is made by a pure function; `print_afspraak_brief` writes it to
regie's print folder (or a chosen file) with `storage.paths.write_private_text`
and records it through `services._tx.audited_export`. Copies in regie's own
folder older than a day are removed, as the printed weekplans are.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from rules.afspraken import Afspraak
from rules.dates import format_date
from rules.policy import Policy
from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store

PRINT_DIR = "afspraakbrieven"
PRINT_FILES_KEPT_SECONDS = 24 * 60 * 60  # as the printed weekplans
_PRINT_PATTERN = "afspraak-*.html"
_PRINT_NAME = re.compile(r"afspraak-(.+)-\d{4}-\d{2}-\d{2}-\d+\.html")

# What the consulent is told after writing a file with personal data (the same words for every such file).
PRIVACY_LINE = ("Let op: het bestand is niet versleuteld en bevat persoonsgegevens; het is alleen voor u leesbaar. "
                "Print het en verwijder het daarna, of bewaar het alleen op een versleutelde schijf.")

_DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december")

_CSS = """
@page { size: A4 portrait; margin: 20mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.4; color: #111; margin: 0; }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #111;
         padding-bottom: 2mm; margin-bottom: 8mm; }
.gemeente { font-size: 14pt; font-weight: bold; }
.kenmerk { font-size: 9pt; color: #444; text-align: right; }
h1 { font-size: 20pt; margin: 0 0 6mm 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8mm; }
th { text-align: left; vertical-align: top; width: 32%; padding: 2mm 4mm 2mm 0; font-size: 12pt; }
td { vertical-align: top; padding: 2mm 0; font-size: 14pt; }
.wanneer td { font-size: 16pt; font-weight: bold; }
.let-op { border: 1px solid #999; padding: 3mm 4mm; margin-bottom: 8mm; }
.contact { margin-top: 6mm; }
footer { margin-top: 12mm; font-size: 9pt; color: #555; }
"""


class AfspraakBriefError(ServiceError):
    """The letter could not be written: the appointment is gone, or the file cannot be written."""


def lange_datum(day: date) -> str:
    """"maandag 23 november 2026"."""
    return f"{_DAGEN[day.weekday()]} {day.day} {_MAANDEN[day.month - 1]} {day.year}"


def brief_page(afspraak: Afspraak, *, policy: Policy, gemaakt_op: date, telefoon: str | None = None) -> str:
    """The letter's page (pure: the same appointment and settings give the same page)."""
    telefoon = (policy.consulent_telefoon if telefoon is None else telefoon).strip()
    gemeente = policy.gemeente_naam.strip()  # no placeholder: the face warns when it is not set
    meenemen = policy.meenemen(afspraak.soort.value)
    rows = [
        ("Wanneer", f"{_first_upper(lange_datum(afspraak.datum))}, {afspraak.begin:%H:%M} – {afspraak.eind:%H:%M} uur", "wanneer"),
        ("Soort afspraak", _first_upper(afspraak.soort.label), ""),
        ("Waar", afspraak.plaats or "Dat hoort u nog van uw consulent.", ""),
    ]
    if afspraak.tolk_nodig:
        rows.append(("Tolk", f"Er is een tolk {afspraak.tolk_taal}." if afspraak.tolk_taal else "Er is een tolk.", ""))
    if meenemen:
        rows.append(("Neem mee", meenemen, ""))
    body = "".join(
        f'<tr class="{klasse}"><th>{escape(label)}</th><td>{escape(waarde)}</td></tr>' if klasse
        else f"<tr><th>{escape(label)}</th><td>{escape(waarde)}</td></tr>"
        for label, waarde, klasse in rows
    )
    # Never "call your consulent" without a number to call.
    if telefoon:
        niet_komen = "Kunt u niet komen? Bel of mail dan zo snel mogelijk uw consulent; dan maken we een nieuwe afspraak."
        vragen = f"Heeft u vragen? Bel dan uw consulent op {escape(telefoon)}."
    else:
        niet_komen = ("Kunt u niet komen? Laat het dan zo snel mogelijk weten aan uw consulent; "
                      "dan maken we een nieuwe afspraak.")
        vragen = "Heeft u vragen? Stel ze dan aan uw consulent."
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Afspraak {escape(afspraak.kenmerk)} {afspraak.datum.isoformat()}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><div class="gemeente">{escape(gemeente)}</div>'
        f'<div class="kenmerk">Kenmerk {escape(afspraak.kenmerk)}<br>{format_date(gemaakt_op)}</div></header>\n'
        f"<p>Beste {escape(afspraak.naam)},</p>\n"
        "<h1>U heeft een afspraak</h1>\n"
        f"<table>{body}</table>\n"
        f'<div class="let-op">Kom op tijd. {escape(niet_komen)}</div>\n'
        f'<p class="contact">Uw consulent is <strong>{escape(afspraak.consulent)}</strong>'
        f"{(', telefoon <strong>' + escape(telefoon) + '</strong>') if telefoon else ''}.<br>"
        f"{vragen}</p>\n"
        f"<p>Met vriendelijke groet,<br>{escape(afspraak.consulent)}{('<br>' + escape(gemeente)) if gemeente else ''}</p>\n"
        "<footer>Deze brief is persoonlijk. Gooi hem weg als u hem niet meer nodig heeft.</footer>\n"
        "</body>\n</html>\n"
    )


def print_dir() -> Path:
    from storage.paths import data_dir

    return data_dir() / PRINT_DIR


def _safe(kenmerk: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in kenmerk)


def default_print_path(afspraak: Afspraak) -> Path:
    """``<data dir>/afspraakbrieven/afspraak-<kenmerk>-<datum>-<id>.html``: no personal name in the file name."""
    return print_dir() / f"afspraak-{_safe(afspraak.kenmerk)}-{afspraak.datum.isoformat()}-{afspraak.id}.html"


def remove_old_print_files(*, older_than_seconds: float = PRINT_FILES_KEPT_SECONDS, now: float | None = None,
                           kenmerken=()) -> int:
    """Delete letters in regie's own folder older than a day (and, for `kenmerken`, any age); returns how many."""
    from storage.paths import remove_old_files

    return remove_old_files(print_dir(), _PRINT_PATTERN, older_than_seconds=older_than_seconds, now=now,
                            name=_PRINT_NAME, of={_safe(kenmerk) for kenmerk in kenmerken})


def print_afspraak_brief(store: Store, *, afspraak_id: int, policy: Policy, today: date,
                         target: Path | None = None, warnings: list[str] | None = None) -> Path:
    """Write the appointment letter to `target` (default: regie's print folder), audited; returns the path.
    What the letter misses (a phone number, the gemeente for the sign-off) is appended to `warnings`."""
    from services._tx import ExportNotAuditedError, audited_export
    from services.afspraken import load_afspraak
    from storage.paths import make_private_dir, write_private_text

    afspraak = load_afspraak(store=store, afspraak_id=afspraak_id)
    if afspraak is None:
        raise AfspraakBriefError("Deze afspraak bestaat niet meer; er is geen brief gemaakt.")
    from services.weekplan_print import afzender_for, afzender_waarschuwingen

    # The consulent's own number when the letter names them (ctrl+p "mijn naam en telefoon"), else the team's.
    afzender = afzender_for(store, consulent=afspraak.consulent, policy=policy)
    if warnings is not None:
        warnings.extend(afzender_waarschuwingen(afzender))
    page = brief_page(afspraak, policy=policy, gemaakt_op=today, telefoon=afzender.telefoon)
    target = Path(target).expanduser() if target else default_print_path(afspraak)
    remove_old_print_files()

    def produce(_connection) -> int:
        if not target.parent.exists():
            make_private_dir(target.parent)
        write_private_text(target, page)
        return 1

    try:  # no letter with personal data that the audit trail does not know of
        audited_export(store, target, produce, actie="geëxporteerd (afspraakbrief afgedrukt)", tabel="afspraak",
                       person_id=afspraak.person_id)
    except OSError as exc:
        raise AfspraakBriefError(f"{target} kan niet worden geschreven: {exc.strerror}. Kies een andere map.") from None
    except ExportNotAuditedError as exc:
        raise AfspraakBriefError(exc.message.replace("exporteren", "afdrukken")) from None
    return target


def _first_upper(text: str) -> str:
    """"PIP-gesprek" stays as it is, "brede intake" becomes "Brede intake" (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]
