"""`regie agenda`: the afspraken of a day or a week, for the consulent of this laptop or a colleague, as a table or JSON."""

from __future__ import annotations

from datetime import date

from cli.main import EXIT_OK
from cli.output import json_line, shown, table_lines


def run(locations, *, datum: date, week: bool, consulent: str | None, as_json: bool, demo: bool = False,
        today: date | None = None) -> int:
    """Print the agenda; ``today`` (default: ``datum``) decides which past appointments are still to be handled."""
    from services.afspraken import list_agenda
    from services.preferences import load_consulent
    from services.store import DEMO_CONSULENT, open_as_user

    whose = consulent or (DEMO_CONSULENT if demo else load_consulent(locations.config_dir))
    store = open_as_user(locations, must_exist=True, demo=demo)
    try:
        agenda = list_agenda(store=store, datum=datum, week=week, consulent=whose)
    finally:
        store.close()
    today = today or date.today()
    if as_json:
        _print_json(agenda, today)
    else:
        _print_table(agenda, today)
    return EXIT_OK


def _print_json(agenda, today: date) -> None:
    del today  # the JSON gives the stored status ("gepland") as agreed; a reader compares the datum itself
    rows = [
        {
            "datum": a.datum.isoformat(), "begin": f"{a.begin:%H:%M}", "eind": f"{a.eind:%H:%M}", "kenmerk": a.kenmerk,
            "naam": a.naam, "soort": a.soort.value, "plaats": a.plaats, "tolk_nodig": a.tolk_nodig,
            "tolk_taal": a.tolk_taal, "consulent": a.consulent, "status": a.status.value,
        }
        for a in agenda.afspraken
    ]
    if not rows:
        print("[]")
        return
    print("[\n" + ",\n".join(json_line(row) for row in rows) + "\n]")


def _print_table(agenda, today: date) -> None:
    from rules.afspraken import status_label
    from rules.dates import format_date

    whose = f"van {agenda.consulent}" if agenda.consulent else "van alle consulenten"
    periode = (f"week {agenda.van.isocalendar().week} ({format_date(agenda.van)} t/m {format_date(agenda.tot)})"
               if agenda.week else format_date(agenda.van))
    if not agenda.afspraken:
        print(shown(f"Geen afspraken {whose} op {periode}." if not agenda.week else f"Geen afspraken {whose} in {periode}."))
        return
    gepland = sum(1 for a in agenda.afspraken if a.status.value == "gepland")
    print(shown(f"Agenda {whose}, {periode}: {len(agenda.afspraken)} afspraken, waarvan {gepland} gepland"))
    print()
    header = ("datum", "tijd", "kenmerk", "naam", "soort", "plaats", "tolk", "status")
    if agenda.consulent is None:
        header += ("consulent",)
    rows = []
    for a in agenda.afspraken:
        row = (format_date(a.datum), a.tijden, a.kenmerk, a.naam, a.soort.label, a.plaats, a.tolk_taal if a.tolk_nodig
               else "", status_label(a.status, a.datum, today))
        rows.append(row + ((a.consulent,) if agenda.consulent is None else ()))
    for text in table_lines(header, rows):
        print(text)
