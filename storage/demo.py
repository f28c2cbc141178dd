"""A synthetic but realistic demo caseload.

Every name, number and note here is invented. BSNs start with 9999, the
range the Dutch government reserves for test numbers, and pass the 11-proef.
The caseload is laid out relative to `today`, so the demo always shows
people in every phase with deadlines around the current date.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from rules.aow import aow_datum
from rules.bsn import TEST_BSN_PREFIX
from storage.models import (
    Afspraak,
    Contactmoment,
    ExamenPoging,
    OntheffingBesluit,
    Person,
    PipVersie,
    Urenregistratie,
    Verlenging,
    VrijstellingBesluit,
    WeekplanEntry,
)
from storage.names import with_names

# The person columns of issue 18 (revision 0010): empty unless a demo person below records them.
_WET_DEEL_TWEE = (
    "verblijfsvergunning", "inburgeringsplicht_start", "aanbod_gepland", "aanbod_einde", "map_verwijtbaar",
    "pvt_verwijtbaar", "vorige_gemeente", "verhuisd_in", "eerste_pip_datum", "vertrokken_op", "vertrek_bestemming",
    "leerbaarheidstoets", "leerbaarheidstoets_vrijstelling",
)

CONSULENTEN = ("Anna de Vries", "Mehmet Bakker", "Sanne Jansen")
DEMO_CONSULENT = CONSULENTEN[0]

_FIRST = (
    "Amal", "Yonas", "Dilan", "Farid", "Hiba", "Tesfay", "Nour", "Omar", "Rima", "Samir", "Lina", "Kidane",
    "Zahra", "Bilal", "Aster", "Karim", "Yasmin", "Daniel", "Mariam", "Ahmad", "Selam", "Hassan", "Leyla",
    "Tariq", "Rahel", "Walid", "Sara", "Idris", "Huda", "Jamal", "Noor", "Efrem", "Shirin", "Musa", "Ayan",
)
_LAST = (
    "Haddad", "Tekle", "Yilmaz", "Rahimi", "Khalil", "Gebremedhin", "Nasser", "Osman", "Darwish", "Hailu",
    "Sadiq", "Amini", "Berhane", "Farouk", "Karimi", "Mansour", "Tesfaye", "Aziz", "Hamdan", "Mohammadi",
)
_TALEN = ("Arabisch", "Tigrinya", "Turks", "Dari", "Koerdisch", "Farsi", "Somalisch", "Engels", "Oekraïens")
_NOTES = {
    "azc_bezoek": "Kennismaking in het AZC met tolk. Uitleg over de gemeente, huisvesting en de brede intake.",
    "warme_overdracht": "Warme overdracht met COA-begeleider; gezinssamenstelling en gezondheid besproken.",
    "driepartijengesprek": "Driepartijengesprek COA, gemeente en inburgeraar: verhuisplanning en eerste afspraken.",
    "brede_intake": "Brede intake: opleiding in land van herkomst, werkervaring, gezondheid, kinderen en taalniveau.",
    "pip_gesprek": "PIP besproken en ondertekend; leerroute en weekplan toegelicht.",
    "voortgangsgesprek": "Voortgangsgesprek: lessen gaan goed, aanwezigheid voldoende. Volgende stap: vrijwilligerswerk.",
    "spreekuur": "Vraag over een brief van de belastingdienst; samen gelezen en doorverwezen naar schuldhulp.",
    "huisbezoek": "Huisbezoek: woning op orde, vragen over energierekening beantwoord.",
    "telefonisch": "Telefonisch afgesproken dat de taalschool de rooster-wijziging doorgeeft.",
}


def test_bsn(rng: random.Random) -> str:
    """A BSN in the 9999 test range that passes the 11-proef."""
    while True:
        digits = [int(d) for d in TEST_BSN_PREFIX] + [rng.randrange(10) for _ in range(4)]
        check = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits)) % 11
        if check < 10:
            return "".join(map(str, digits + [check]))


def _weekplan(person_id: int, leerroute: str | None, start: date, rng: random.Random) -> list[dict]:
    """A typical week for the person's leerroute."""
    rows: list[dict] = []

    def add(day, begin, end, categorie, activiteit, aanbieder, locatie, taalvorm=None):
        rows.append(dict(
            person_id=person_id, weekdag=day, start_tijd=time(*begin), eind_tijd=time(*end), categorie=categorie,
            taalvorm=taalvorm, activiteit=activiteit, aanbieder=aanbieder, locatie=locatie, geldig_van=start, geldig_tot=None,
        ))

    school = rng.choice(("Taalschool De Brug", "Taalhuis Noord", "ROC Taalcentrum"))
    if leerroute == "onderwijs":
        for day in range(4):
            add(day, (9, 0), (15, 0), "taal", "Taalschakeltraject", "ROC Taalcentrum", "Stationsplein 4", "formeel")
        add(4, (10, 0), (12, 0), "participatie", "Loopbaanoriëntatie", "ROC Taalcentrum", "Stationsplein 4")
        return rows
    lessons = ((0, 2) if leerroute == "z" else (0, 1, 3)) if leerroute else (1,)
    for day in lessons:
        add(day, (9, 0), (12, 0), "taal", "Taalles Nederlands", school, "Kerkstraat 12", "formeel")
    add(2, (14, 0), (15, 30), "taal", "Taalcafé in de bibliotheek", "Bibliotheek", "Marktplein 1", "informeel")
    if leerroute == "z":
        add(1, (10, 0), (12, 0), "participatie", "Fietsles", "Vluchtelingenwerk", "Sporthal West")
        add(3, (9, 0), (13, 0), "participatie", "Vrijwilligerswerk kringloopwinkel", "Kringloop Het Rad", "Industrieweg 8")
    else:
        add(4, (9, 0), (13, 0), "participatie", "Werkervaringsplek groenvoorziening", "Gemeentewerf", "Havenweg 3")
    add(rng.choice((1, 3)), (13, 30), (15, 0), "financiele_educatie", "Omgaan met Geld (groep)", "Schuldhulpmaatje", "Buurthuis De Ster")
    return rows


def seed_demo(connection: Connection, *, today: date, seed: int = 2021, first_number: int = 1) -> int:
    """Add about 60 synthetic people (ids and kenmerken from `first_number` on); returns how many.

    Called repeatedly with other seeds, it builds the benchmark's municipality-sized database."""
    rng = random.Random(seed)
    now = datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC)
    used_names: set[str] = set()
    used_bsns: set[str] = set(
        row[0] for row in connection.execute(select(Person.__table__.c.bsn).where(Person.__table__.c.bsn.is_not(None)))
    ) if first_number > 1 else set()

    def bsn() -> str:
        while (candidate := test_bsn(rng)) in used_bsns:
            pass
        used_bsns.add(candidate)
        return candidate

    def name() -> str:
        while True:
            candidate = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if candidate not in used_names:
                used_names.add(candidate)
                return candidate

    def days_ago(low: int, high: int) -> date:
        return today - timedelta(days=rng.randint(low, high))

    # (phase, count): dates are laid out so each phase really is that phase today.
    plan = (
        ("gekoppeld", 6), ("brede_intake", 8), ("pip_vastgesteld", 6), ("inburgeren", 22),
        ("afronding", 6), ("afgerond", 4), ("wi2013", 5), ("vertrokken", 2), ("aanmelding", 1),
    )
    people: list[dict] = []
    contacts: list[dict] = []
    weekplans: list[dict] = []
    hours: list[dict] = []
    exams: list[dict] = []
    number = first_number - 1
    for phase, count in plan:
        for _ in range(count):
            number += 1
            doelgroep = rng.choices(("asielstatushouder", "gezinsmigrant", "overige_migrant"), weights=(70, 22, 8))[0]
            person = dict(
                id=number, kenmerk=f"IB-{2024 + number % 3}-{number:04d}", naam=name(),
                geboortedatum=date(rng.randint(1962, 2007), rng.randint(1, 12), rng.randint(1, 28)),
                bsn=bsn() if rng.random() < 0.9 else None, doelgroep=doelgroep,
                nareiziger=doelgroep == "asielstatushouder" and rng.random() < 0.15, regime="wi2021",
                consulent=CONSULENTEN[number % len(CONSULENTEN)], taal=rng.choice(_TALEN), tolk_nodig=rng.random() < 0.5,
                status="actief", version=1, created_at=now, updated_at=now,
                **{k: None for k in (
                    "kennisgeving_duo", "koppeling", "eerste_azc_bezoek", "brp_inschrijving", "huisvesting", "brede_intake_start",
                    "pip_datum", "leerroute", "niveau", "alfabetisering", "aanbod_start", "ontzorgen_start", "ontzorgen_maanden",
                    "pvt_ondertekend", "map_eindgesprek", "zroute_afgerond", "termijn_einde", "laatste_voortgangsgesprek",
                    "gesloten_op", *_WET_DEEL_TWEE,
                )},
                bijstand=False,
            )
            leerroute = rng.choices(("b1", "onderwijs", "z"), weights=(60, 15, 25))[0]
            if phase == "aanmelding":
                person["kenmerk"] = f"IB-NIEUW-{number:04d}"
                person["koppeling"] = None
                person["bsn"] = None
                people.append(person)
                continue
            if phase == "wi2013":
                person["regime"] = "wi2013"
                person["termijn_einde"] = today + timedelta(days=rng.choice((-20, 40, 95, 160, 400)))
                person["brp_inschrijving"] = person["termijn_einde"] - relativedelta(years=3, months=2)
                contacts.append(dict(person_id=number, datum=days_ago(10, 60), soort="voortgangsgesprek", notitie=_NOTES["voortgangsgesprek"], created_at=now))
                people.append(person)
                continue
            if phase == "gekoppeld":
                person["koppeling"] = days_ago(5, 60)
                person["kennisgeving_duo"] = person["koppeling"] - timedelta(days=rng.randint(10, 40))
                if rng.random() < 0.8:
                    person["eerste_azc_bezoek"] = person["koppeling"] + timedelta(days=rng.randint(3, 14))
                    if person["eerste_azc_bezoek"] <= today:
                        contacts.append(dict(person_id=number, datum=person["eerste_azc_bezoek"], soort="azc_bezoek", notitie=_NOTES["azc_bezoek"], created_at=now))
                    else:
                        person["eerste_azc_bezoek"] = None
                people.append(person)
                continue
            # Everyone from here on lives in the municipality.
            if phase == "brede_intake":
                brp = days_ago(7, 85)  # some are past the 10-week PIP deadline
            elif phase == "pip_vastgesteld":
                brp = days_ago(100, 160)
            elif phase == "inburgeren":
                brp = days_ago(200, 900)
            elif phase == "afronding":
                brp = today - relativedelta(years=3) + timedelta(days=rng.randint(-20, 120))
            else:  # afgerond, vertrokken
                brp = days_ago(1000, 1300)
            person["koppeling"] = brp - timedelta(days=rng.randint(60, 150))
            person["kennisgeving_duo"] = person["koppeling"] - timedelta(days=rng.randint(10, 40))
            person["eerste_azc_bezoek"] = person["koppeling"] + timedelta(days=rng.randint(5, 20))
            person["brp_inschrijving"] = brp
            person["huisvesting"] = brp - timedelta(days=rng.randint(0, 5))
            person["brede_intake_start"] = brp + timedelta(days=rng.randint(3, 20))
            if person["brede_intake_start"] > today:
                person["brede_intake_start"] = None
            contacts.append(dict(person_id=number, datum=person["eerste_azc_bezoek"], soort="azc_bezoek", notitie=_NOTES["azc_bezoek"], created_at=now))
            if person["brede_intake_start"]:
                contacts.append(dict(person_id=number, datum=person["brede_intake_start"], soort="brede_intake", notitie=_NOTES["brede_intake"], created_at=now))
            person["bijstand"] = doelgroep == "asielstatushouder" or rng.random() < 0.3
            if doelgroep == "asielstatushouder" and not person["nareiziger"] and person["bijstand"]:
                person["ontzorgen_start"] = brp
                # Most PIPs extend ontzorgen while the person still receives bijstand;
                # people who found work leave bijstand. A few runs out unnoticed.
                months_since = (today.year - brp.year) * 12 + today.month - brp.month
                if months_since <= 6 or rng.random() < 0.15:
                    person["ontzorgen_maanden"] = rng.choice((6, 12))
                elif rng.random() < 0.5:
                    person["ontzorgen_maanden"] = min(36, months_since + rng.randint(1, 8))
                else:
                    person["bijstand"] = False
                    person["ontzorgen_maanden"] = 6
            if phase == "brede_intake":
                people.append(person)
                continue
            pip = brp + timedelta(days=rng.randint(35, 70))
            person["pip_datum"] = pip
            person["leerroute"] = leerroute
            person["niveau"] = {"b1": "B1", "onderwijs": "B1", "z": "A1"}[leerroute]
            person["alfabetisering"] = "A" if leerroute == "z" and rng.random() < 0.4 else "NVT"
            contacts.append(dict(person_id=number, datum=pip, soort="pip_gesprek", notitie=_NOTES["pip_gesprek"], created_at=now))
            term_start = pip + timedelta(days=1)
            course_start = None
            if phase != "pip_vastgesteld" and doelgroep == "asielstatushouder":
                person["aanbod_start"] = pip + timedelta(days=rng.randint(20, 80))
            elif phase != "pip_vastgesteld" and rng.random() < 0.5:
                # Their own course (DUO loan): DUO registers an inburgeringsaanbod only for asielstatushouders.
                course_start = pip + timedelta(days=rng.randint(20, 80))
            # voortgangsgesprekken every ~3 months, some overdue
            talk = pip + relativedelta(months=3)
            while talk < today - timedelta(days=rng.choice((0, 0, 40))):
                contacts.append(dict(person_id=number, datum=talk, soort="voortgangsgesprek", notitie=_NOTES["voortgangsgesprek"], created_at=now))
                talk += relativedelta(months=3) + timedelta(days=rng.randint(-10, 10))
            for _ in range(rng.randint(0, 3)):
                kind = rng.choice(("spreekuur", "huisbezoek", "telefonisch"))
                when = days_ago(1, max(2, (today - pip).days))
                contacts.append(dict(person_id=number, datum=when, soort=kind, notitie=_NOTES[kind], created_at=now))
            if phase in ("inburgeren", "afronding", "afgerond") and rng.random() < 0.6:
                person["pvt_ondertekend"] = min(today - timedelta(days=1), term_start + timedelta(days=rng.randint(120, 500)))
            if phase in ("afronding", "afgerond") and leerroute != "onderwijs":
                person["map_eindgesprek"] = min(today - timedelta(days=1), term_start + timedelta(days=rng.randint(500, 900)))
            if phase in ("inburgeren", "afronding", "pip_vastgesteld"):
                weekplans.extend(_weekplan(number, leerroute, person["aanbod_start"] or course_start or pip, rng))
            if phase == "afgerond" and leerroute == "z":
                person["zroute_afgerond"] = term_start + relativedelta(years=2, months=9)
            if leerroute == "z":
                # Weekly hours since the start of the term; some fall behind.
                pace = rng.choice((4.0, 6.5, 8.0))
                d = term_start + timedelta(days=7)
                end = person["zroute_afgerond"] or today
                while d <= end:
                    hours.append(dict(person_id=number, datum=d, soort="taal_knm", minuten=int(pace * 60), bron="Taalschool", omschrijving="", created_at=now))
                    hours.append(dict(person_id=number, datum=d, soort="participatie", minuten=int(pace * 0.8 * 60), bron="Vluchtelingenwerk", omschrijving="", created_at=now))
                    d += timedelta(days=7)
            if leerroute == "b1" and phase in ("inburgeren", "afronding"):
                exam_day = term_start + timedelta(days=400)
                for onderdeel in ("lezen", "luisteren", "spreken", "schrijven", "knm"):
                    if exam_day < today:
                        failed_twice = onderdeel == "spreken" and number % 4 == 0
                        exams.append(dict(person_id=number, onderdeel=onderdeel, datum=exam_day, resultaat="niet_behaald" if failed_twice else "behaald", niveau=None, reden_geen_resultaat=None))
                        if failed_twice and exam_day + timedelta(days=90) < today:
                            exams.append(dict(person_id=number, onderdeel=onderdeel, datum=exam_day + timedelta(days=90), resultaat="niet_behaald", niveau=None, reden_geen_resultaat=None))
            if phase == "afgerond":
                person["status"] = "afgerond"
                person["gesloten_op"] = today - timedelta(days=30 + number * 37 % 270)  # no rng: keeps the demo stable
            if phase == "vertrokken":
                person["status"] = "vertrokken"
                person["gesloten_op"] = today - timedelta(days=30 + number * 37 % 270)  # no rng: keeps the demo stable
            people.append(person)

    main_plan = len(people)
    besluiten = _wet_deel_twee(people, contacts, hours, exams, number=number, today=today, now=now, name=name, bsn=bsn)
    _huishouden_en_contact(people, main_plan=main_plan)
    connection.execute(insert(Person.__table__), [with_names(person) for person in people])
    for table, rows in ((Contactmoment, contacts), (WeekplanEntry, weekplans), (Urenregistratie, hours), (ExamenPoging, exams),
                        *besluiten):
        if rows:
            connection.execute(insert(table.__table__), rows)
    if first_number == 1:  # the demo, not the benchmark's copies
        connection.execute(insert(Afspraak.__table__), _afspraken(people, today=today, now=now))
    return len(people)


_STRATEN = ("Kerkstraat", "Stationsweg", "Lindelaan", "Molenweg", "Dorpsstraat", "Beukenlaan", "Schoolstraat")
_BEGELEIDERS = (("Els Bakker", "VluchtelingenWerk"), ("Joost Smit", "VluchtelingenWerk"), ("Fatima El Idrissi", "Welzijn Centraal"))


def _huishouden_en_contact(people: list[dict], *, main_plan: int) -> None:
    """Contact details for the active people, and one household (issue 17, revision 0013).

    Derived from each person's number only (no random draws), so the rest of the demo stays as it was.
    Phone numbers are the fictional 06-1234xxxx, e-mail addresses use the reserved .example domain (RFC 2606).
    """
    for person in people:
        n = person["id"]
        person.update(v_nummer=None, azc_locatie=None, adres=None, telefoon=None, email=None, contactpersoon=None,
                      contactpersoon_organisatie=None, contactpersoon_telefoon=None, huishouden=None, huishouden_relatie=None)
        if person["status"] != "actief":
            continue
        voornaam = person["naam"].split()[0].lower()
        person.update(
            v_nummer=f"26{n:08d}",
            adres=f"{_STRATEN[n % len(_STRATEN)]} {n % 90 + 1}, 3811 AB Amersfoort" if person["brp_inschrijving"] else None,
            telefoon=f"061234{n % 10000:04d}",
            email=f"{voornaam}.{n}@voorbeeld.example" if n % 3 else None,
        )
        if person["doelgroep"] == "asielstatushouder" and n % 2 == 0:
            begeleider, organisatie = _BEGELEIDERS[n % len(_BEGELEIDERS)]
            person.update(contactpersoon=begeleider, contactpersoon_organisatie=organisatie,
                          contactpersoon_telefoon=f"033{n % 10:01d}123456"[:10])
        if person["koppeling"] and not person["brp_inschrijving"]:
            person["azc_locatie"] = ("AZC Amersfoort", "AZC Zeist", "AZC Leusden")[n % 3]
    if main_plan >= 2:  # the newest aanmelding came with the partner of someone just gekoppeld: one household
        hoofd, partner = people[0], people[main_plan - 1]
        huishouden = f"demo-huishouden-{hoofd['id']}"
        hoofd.update(huishouden=huishouden, huishouden_relatie="hoofd")
        partner.update(huishouden=huishouden, huishouden_relatie="partner", azc_locatie=hoofd["azc_locatie"])
# (days from today, begin, eind, soort, plaats, status, consulent index, which of that consulent's people)
_AFSPRAKEN = (
    (-3, time(10, 0), time(10, 45), "voortgangsgesprek", "Stadskantoor, kamer 2.14", "gepland", 0, 0),
    (-1, time(9, 0), time(9, 45), "spreekuur", "Stadskantoor, spreekkamer 1", "afgezegd", 0, 1),
    (0, time(9, 30), time(10, 15), "voortgangsgesprek", "Stadskantoor, kamer 2.14", "gepland", 0, 2),
    (0, time(11, 0), time(12, 0), "pip_gesprek", "Stadskantoor, kamer 2.14", "gepland", 0, 3),
    (0, time(14, 0), time(15, 0), "huisbezoek", "bij de inburgeraar thuis", "gepland", 0, 4),
    (1, time(10, 0), time(11, 30), "brede_intake", "AZC Zoutkamp, kantoor COA", "gepland", 0, 5),
    (2, time(13, 30), time(14, 15), "voortgangsgesprek", "Stadskantoor, kamer 2.14", "gepland", 0, 6),
    (4, time(9, 0), time(9, 30), "spreekuur", "Stadskantoor, spreekkamer 1", "gepland", 0, 7),
    (0, time(10, 0), time(10, 45), "voortgangsgesprek", "Stadskantoor, kamer 3.02", "gepland", 1, 0),
    (0, time(13, 0), time(13, 45), "intake", "Stadskantoor, kamer 3.02", "gepland", 1, 1),
)


def _afspraken(people: list[dict], *, today: date, now: datetime) -> list[dict]:
    """A handful of afspraken around `today` for the demo's consulent and a colleague (no rng: stable)."""
    active = {name: [p for p in people if p["status"] == "actief" and p["consulent"] == name] for name in CONSULENTEN}
    rows = []
    for days, begin, eind, soort, plaats, status, consulent_index, which in _AFSPRAKEN:
        consulent = CONSULENTEN[consulent_index]
        person = active[consulent][which]
        rows.append(dict(
            person_id=person["id"], datum=today + timedelta(days=days), begin=begin, eind=eind, soort=soort, plaats=plaats,
            tolk_nodig=bool(person["tolk_nodig"]), tolk_taal=(person["taal"] or "") if person["tolk_nodig"] else "",
            consulent=consulent, notitie="", status=status, contactmoment_id=None, created_at=now,
        ))
    return rows


def _wet_deel_twee(people, contacts, hours, exams, *, number: int, today: date, now: datetime, name, bsn):
    """A few people for each fact of issue 18, laid out relative to `today` (added after the others,
    so the rest of the demo stays as it was). Returns their decision rows per table."""
    verlengingen: list[dict] = []
    ontheffingen: list[dict] = []
    vrijstellingen: list[dict] = []
    pips: list[dict] = []

    def person(doelgroep: str = "asielstatushouder", *, brp: date, pip: date | None, leerroute: str | None = "b1",
               **values) -> dict:
        nonlocal number
        number += 1
        row = dict(
            id=number, kenmerk=f"IB-{2024 + number % 3}-{number:04d}", naam=name(),
            geboortedatum=date(1990, 1 + number % 12, 1 + number % 28), bsn=bsn(), doelgroep=doelgroep,
            nareiziger=False, regime="wi2021", consulent=CONSULENTEN[number % len(CONSULENTEN)],
            taal=_TALEN[number % len(_TALEN)], tolk_nodig=number % 2 == 0, status="actief", version=1,
            created_at=now, updated_at=now, bijstand=doelgroep == "asielstatushouder",
            kennisgeving_duo=brp - timedelta(days=120), koppeling=brp - timedelta(days=90),
            eerste_azc_bezoek=brp - timedelta(days=80), brp_inschrijving=brp, huisvesting=brp,
            brede_intake_start=brp + timedelta(days=7) if brp + timedelta(days=7) <= today else None,
            pip_datum=pip, leerroute=leerroute if pip else None,
            niveau=({"b1": "B1", "onderwijs": "B1", "z": "A1"}.get(leerroute) if pip else None),
            alfabetisering="NVT" if pip else None,
            aanbod_start=pip + timedelta(days=30) if pip and pip + timedelta(days=30) <= today and doelgroep == "asielstatushouder" else None,
            ontzorgen_start=brp if doelgroep == "asielstatushouder" else None, ontzorgen_maanden=None,
            pvt_ondertekend=None, map_eindgesprek=None, zroute_afgerond=None, termijn_einde=None,
            laatste_voortgangsgesprek=None, gesloten_op=None,
            **{k: None for k in _WET_DEEL_TWEE},
        )
        row.update(values)
        people.append(row)
        if row["eerste_azc_bezoek"]:
            contacts.append(dict(person_id=number, datum=row["eerste_azc_bezoek"], soort="azc_bezoek",
                                 notitie=_NOTES["azc_bezoek"], created_at=now))
        if pip:
            contacts.append(dict(person_id=number, datum=pip, soort="pip_gesprek", notitie=_NOTES["pip_gesprek"], created_at=now))
            contacts.append(dict(person_id=number, datum=max(pip, today - timedelta(days=45)), soort="voortgangsgesprek",
                                 notitie=_NOTES["voortgangsgesprek"], created_at=now))
        return row

    # Nareizigers: a derived asylum permit is ontzorgd like any asielstatushouder (Participatiewet art. 56a),
    # a regular permit is not.
    person(brp=today - timedelta(days=70), pip=today - timedelta(days=20), nareiziger=True,
           verblijfsvergunning="asiel", ontzorgen_start=None)
    person(brp=today - timedelta(days=75), pip=today - timedelta(days=25), nareiziger=True,
           verblijfsvergunning="regulier", ontzorgen_start=None, bijstand=True)
    # A termijn ending soon, with illness on file as a ground for verlenging.
    pip = today - relativedelta(years=3) + timedelta(days=75)
    row = person(brp=pip - timedelta(days=50), pip=pip)
    verlengingen.append(dict(person_id=row["id"], grond="ziekte", besluitdatum=None, nieuwe_einddatum=None,
                             toelichting="opname en herstel, ruim vier maanden geen lessen"))
    # Z-route with a gedeeltelijke ontheffing: at most 400 hours of participation.
    pip = today - timedelta(days=420)
    row = person(brp=pip - timedelta(days=50), pip=pip, leerroute="z")
    ontheffingen.append(dict(person_id=row["id"], soort="gedeeltelijk", besluitdatum=pip + timedelta(days=90), grond="MED",
                             examenonderdeel=None, participatie_uren_max=400))
    d = pip + timedelta(days=8)
    while d <= today:
        hours.append(dict(person_id=row["id"], datum=d, soort="taal_knm", minuten=7 * 60, bron="Taalschool", omschrijving="", created_at=now))
        hours.append(dict(person_id=row["id"], datum=d, soort="participatie", minuten=2 * 60, bron="Vluchtelingenwerk", omschrijving="", created_at=now))
        d += timedelta(days=7)
    # A tijdelijke vrijstelling that ends soon: the obligation resumes.
    pip = today - timedelta(days=300)
    row = person(brp=pip - timedelta(days=50), pip=pip)
    vrijstellingen.append(dict(person_id=row["id"], soort="tijdelijk", besluitdatum=today - timedelta(days=100), reden=None,
                               examenonderdeel=None, examenniveau=None, start=today - timedelta(days=90),
                               einde=today + timedelta(days=25)))
    # An exam history on the B1-route: speaking failed twice, a planned attempt whose result is missing,
    # one attempt without a result.
    pip = today - timedelta(days=700)
    row = person(brp=pip - timedelta(days=50), pip=pip)
    for onderdeel, datum, resultaat, reden in (
        ("lezen", pip + timedelta(days=400), "behaald", None),
        ("luisteren", pip + timedelta(days=400), "behaald", None),
        ("spreken", pip + timedelta(days=400), "niet_behaald", None),
        ("spreken", pip + timedelta(days=500), "niet_behaald", None),
        ("schrijven", pip + timedelta(days=500), "geen", "absent"),
        ("schrijven", today - timedelta(days=30), "gepland", None),
    ):
        exams.append(dict(person_id=row["id"], onderdeel=onderdeel, datum=datum, resultaat=resultaat, niveau=None,
                          reden_geen_resultaat=reden))
    # Moved in from another gemeente with a PIP there: the termijn follows the first PIP (Wi2021 art. 11 lid 3).
    eerste = today - timedelta(days=400)
    verhuisd = today - timedelta(days=40)
    row = person(brp=verhuisd, pip=None, leerroute=None, vorige_gemeente="Amersfoort", verhuisd_in=verhuisd,
                 eerste_pip_datum=eerste, kennisgeving_duo=eerste - timedelta(days=150), koppeling=None,
                 eerste_azc_bezoek=None, huisvesting=verhuisd, ontzorgen_start=None, bijstand=False,
                 doelgroep="gezinsmigrant")
    pips.append(dict(person_id=row["id"], dagtekening=eerste, leerroute="b1", niveau="B1", alfabetisering="NVT",
                     gemeente="Amersfoort", reden="PIP van de vorige gemeente"))
    # Someone who reaches the AOW age in four months: the obligation ends then.
    target = today + timedelta(days=120)
    geboren = date(target.year - 67, target.month, min(target.day, 28))
    while aow_datum(geboren).datum > target:
        geboren -= timedelta(days=1)
    while aow_datum(geboren).datum < target - timedelta(days=31):
        geboren += timedelta(days=1)
    pip = today - timedelta(days=500)
    person(brp=pip - timedelta(days=50), pip=pip, leerroute="z", geboortedatum=geboren)
    # Moved out: status vertrokken with date and bestemming (warme overdracht to the new gemeente).
    pip = today - timedelta(days=600)
    person(brp=pip - timedelta(days=50), pip=pip, status="vertrokken", vertrokken_op=today - timedelta(days=12),
           vertrek_bestemming="Zwolle", gesloten_op=today - timedelta(days=12))
    # In the brede intake: leerbaarheidstoets done, and one exempted for a visual impairment.
    person(brp=today - timedelta(days=30), pip=None, leerroute=None, leerbaarheidstoets=today - timedelta(days=10))
    person(brp=today - timedelta(days=35), pip=None, leerroute=None, leerbaarheidstoets_vrijstelling="visuele_beperking")
    return ((Verlenging, verlengingen), (OntheffingBesluit, ontheffingen), (VrijstellingBesluit, vrijstellingen),
            (PipVersie, pips))
