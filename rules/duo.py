"""DUO's business rules for the messages a municipality sends (PIP, aanbod, MAP, PVT, Z-route, uren), as pure checks.

Each rule names where DUO states it: the README of DUO's M2M specification
("Inburgeringsketen M2M gegevensuitwisseling DUO en Gemeente"), by section and
bullet, so an auditor can look it up. A check returns `Bevinding`s: the rule,
the field of the message to fix and the reason in Dutch. No clock: every check
takes `as_of`, the day the message would be sent.

Rules that DUO checks against its own records which regie cannot see (the
first PIP "ongeacht welke gemeente", the instelling's keurmerk) are not
guessed here; DUO's refusal of those comes back as an afgewezen message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rules.bevinding import FOUT
from rules.bevinding import Bevinding as DossierBevinding
from rules.dates import add_months, format_date
from rules.model import Doelgroep, Leerroute, Niveau

# DUO README, "Module Arbeidsmarkt en Participatie (MAP)" / "Participatieverklaringstraject (PVT)":
# 'Verwijtbaar' may be 'Nee' only while the overschrijding of the termijn stays within two months.
VERWIJTBAAR_NEE_MAANDEN = 2

_README = "DUO M2M README"


class BerichtSoort(StrEnum):
    """The kinds of message regie prepares for DUO (the `bericht` of `regie duo controle`)."""

    PIP = "pip"
    AANBOD = "aanbod"
    MAP = "map"
    PVT = "pvt"
    ZROUTE = "zroute"
    UREN = "uren"

    @property
    def label(self) -> str:
        return {
            BerichtSoort.PIP: "PIP",
            BerichtSoort.AANBOD: "inburgeringsaanbod",
            BerichtSoort.MAP: "MAP-eindgesprek",
            BerichtSoort.PVT: "PVT-ondertekening",
            BerichtSoort.ZROUTE: "afronding Z-route",
            BerichtSoort.UREN: "gevolgde uren",
        }[self]


class Verwijtbaar(StrEnum):
    """DUO's InburgeringJaNeeType."""

    JA = "Ja"
    NEE = "Nee"

    @classmethod
    def from_fact(cls, verwijtbaar: bool | None) -> Verwijtbaar | None:
        """``PersonFacts.map_verwijtbaar`` / ``pvt_verwijtbaar`` (True, False, unknown) as DUO writes it."""
        return None if verwijtbaar is None else (cls.JA if verwijtbaar else cls.NEE)


@dataclass(frozen=True)
class Bevinding:
    """Why DUO would refuse a message: which rule (and where DUO states it), which field, in Dutch."""

    regel: str  # a stable id, e.g. "pip.niveau_a2_onderwijsroute"
    bron: str  # where DUO states the rule
    veld: str  # the message's field name (DUO's spelling) to fix
    reden: str  # Dutch, for the consulent

    @property
    def tekst(self) -> str:
        return f"{self.reden} (veld ‘{self.veld}’; {self.bron})"


def _b(regel: str, bron: str, veld: str, reden: str) -> Bevinding:
    return Bevinding(regel=regel, bron=f"{_README}, {bron}", veld=veld, reden=reden)


# --- PIP ---------------------------------------------------------------------------------

def check_pip(
    *,
    dagtekening: date,
    leerroute: Leerroute,
    niveau: Niveau | None,
    vestiging: date | None,
    vorige_dagtekening: date | None = None,
    geschatte_intensiteit: int | None = None,
    doelgroep: Doelgroep | None = None,
    gewijzigd: bool = False,
    as_of: date,
) -> tuple[Bevinding, ...]:
    """DUO README, "Het aanleveren van een PIP": dagtekening, niveau and geschatte intensiteit.

    `vestiging` is the day the person settled in the municipality (BRP);
    `vorige_dagtekening` the dagtekening of the PIP DUO already holds from us;
    `gewijzigd` whether this PIP changes an earlier one (see :func:`check_niveau`).
    """
    found: list[Bevinding] = []
    if dagtekening > as_of:
        found.append(_b("pip.dagtekening_toekomst", "PIP › Datum dagtekening", "dagtekeningPip",
                        f"de dagtekening van het PIP ({format_date(dagtekening)}) ligt in de toekomst; verstuur het PIP "
                        "pas als het getekend is"))
    if vestiging is not None and dagtekening < vestiging:
        found.append(_b("pip.dagtekening_voor_vestiging", "PIP › Datum dagtekening, regel 3", "dagtekeningPip",
                        f"de dagtekening van het PIP ({format_date(dagtekening)}) ligt vóór de vestiging in de gemeente "
                        f"({format_date(vestiging)}); DUO weigert dat"))
    if vorige_dagtekening is not None and dagtekening < vorige_dagtekening:
        found.append(_b("pip.dagtekening_voor_vorige", "PIP › Datum dagtekening, regel 2", "dagtekeningPip",
                        f"een gewijzigd PIP mag niet eerder gedagtekend zijn dan het PIP dat DUO al heeft "
                        f"({format_date(vorige_dagtekening)})"))
    found.extend(check_niveau(leerroute=leerroute, niveau=niveau, gewijzigd=gewijzigd))
    if niveau in (Niveau.A1, Niveau.B2) and leerroute is not Leerroute.Z:
        found.append(_b("pip.niveau_onbekend_bij_duo", "PIP API, schema NiveauPip", "niveau",
                        f"DUO kent voor het PIP alleen niveau A2 of B1, niet {niveau.value}; pas het niveau aan"))
    if geschatte_intensiteit is not None and (leerroute is not Leerroute.B1 or doelgroep is not Doelgroep.ASIELSTATUSHOUDER):
        found.append(_b("pip.intensiteit_alleen_b1_asiel", "PIP › Geschatte intensiteit B1 route", "geschatteIntensiteitB1Route",
                        "de geschatte intensiteit mag alleen bij de B1-route van een asielstatushouder worden doorgegeven"))
    return tuple(found)


def check_niveau(*, leerroute: Leerroute | None, niveau: Niveau | None, gewijzigd: bool) -> tuple[Bevinding, ...]:
    """DUO README, "Het aanleveren van een PIP" › Niveau: the combinations of niveau and leerroute DUO refuses.

    The one place for these rules: the message pre-check (:func:`check_pip`) and
    the dossier's validation (``rules.duo_invoer``, via ``rules.validation``) both
    call it. `gewijzigd`: the PIP changes an earlier one (of any gemeente); A2 with
    the B1-route is refused only on a first PIP.
    """
    found: list[Bevinding] = []
    if leerroute is None or niveau is None:
        return ()
    if niveau is Niveau.A2 and leerroute is Leerroute.ONDERWIJS:
        found.append(_b("pip.niveau_a2_onderwijsroute", "PIP › Niveau, regel 1", "niveau",
                        "niveau A2 kan niet met de onderwijsroute; DUO weigert deze combinatie (kies B1)"))
    if niveau in (Niveau.B1, Niveau.B2) and leerroute is Leerroute.Z:
        bron = "PIP › Niveau, regel 2" if niveau is Niveau.B1 else "PIP API, schema NiveauPip (alleen A2 of B1)"
        found.append(_b(f"pip.niveau_{niveau.value.lower()}_zroute", bron, "niveau",
                        f"niveau {niveau.value} kan niet met de Z-route; DUO weigert deze combinatie "
                        "(pas het niveau of de leerroute aan)"))
    if niveau is Niveau.A2 and leerroute is Leerroute.B1 and not gewijzigd:
        found.append(_b("pip.niveau_a2_b1route_eerste_pip", "PIP › Niveau, regel 3", "niveau",
                        "niveau A2 met de B1-route weigert DUO bij een eerste PIP (ongeacht de gemeente); alleen een "
                        "gewijzigd PIP mag dit, na afschalen"))
    return tuple(found)


def check_pip_intrekken(*, termijn_vastgesteld: bool, cursusuren: bool) -> tuple[Bevinding, ...]:
    """DUO README, "Het verwijderen van een PIP": only before the termijn is set and before any cursusuren."""
    found: list[Bevinding] = []
    if termijn_vastgesteld:
        found.append(_b("pip.intrekken_termijn", "PIP › Het verwijderen van een PIP, regel 1", "PIP",
                        "het PIP kan niet meer worden ingetrokken: DUO heeft de inburgeringstermijn al vastgesteld"))
    if cursusuren:
        found.append(_b("pip.intrekken_uren", "PIP › Het verwijderen van een PIP, regel 2", "PIP",
                        "het PIP kan niet meer worden ingetrokken: er zijn al cursusuren geregistreerd"))
    return tuple(found)


# --- Inburgeringsaanbod -------------------------------------------------------------------

def check_aanbod(
    *,
    doelgroep: Doelgroep,
    pip_datum: date | None,
    datum_aanbod: date | None,
    instellingsnummer: str | None,
    as_of: date,
) -> tuple[Bevinding, ...]:
    """DUO README, "Inburgeringsaanbod": for an asielmigrant, with a PIP, not dated before the PIP."""
    found: list[Bevinding] = []
    if doelgroep is not Doelgroep.ASIELSTATUSHOUDER:
        found.append(_b("aanbod.alleen_asiel", "Inburgeringsaanbod, voorwaarde 1", "datumInburgeringsaanbod",
                        f"een inburgeringsaanbod gaat alleen naar DUO voor een asielstatushouder, niet voor een "
                        f"{doelgroep.label}"))
    if pip_datum is None:
        found.append(_b("aanbod.pip_nodig", "Inburgeringsaanbod, voorwaarde 2", "dagtekeningPip",
                        "er is nog geen PIP: leg eerst de PIP-datum vast"))
    elif datum_aanbod is not None and datum_aanbod < pip_datum:
        found.append(_b("aanbod.voor_pip", "Inburgeringsaanbod, voorwaarde 4", "datumInburgeringsaanbod",
                        f"de datum van het aanbod ({format_date(datum_aanbod)}) ligt vóór de dagtekening van het PIP "
                        f"({format_date(pip_datum)})"))
    if datum_aanbod is not None and datum_aanbod > as_of:
        found.append(_b("aanbod.toekomst", "Inburgeringsaanbod API, datumInburgeringsaanbod (inschrijfdatum)",
                        "datumInburgeringsaanbod",
                        f"de datum van het aanbod ({format_date(datum_aanbod)}) ligt in de toekomst; verstuur het na de "
                        "inschrijving"))
    if not instellingsnummer:
        found.append(_b("aanbod.instelling_ontbreekt", "Inburgeringsaanbod API, pad /personen/{bsn}/Inburgeringsaanbod/"
                        "{instellingsnummer}", "instellingsnummer",
                        "het instellingsnummer van de cursusinstelling (10 tekens, zoals DUO het kent) is niet vastgelegd"))
    return tuple(found)


# --- MAP and PVT --------------------------------------------------------------------------

def check_map_pvt(
    *,
    soort: BerichtSoort,
    datum: date,
    verwijtbaar: Verwijtbaar | None,
    pip_datum: date | None,
    termijn_start: date | None,
    termijn_einde: date | None,
    zroute_afgerond: date | None,
    zroute_al_gemeld: bool = False,
    as_of: date,
) -> tuple[Bevinding, ...]:
    """DUO README, "Module Arbeidsmarkt en Participatie (MAP)" and "Participatieverklaringstraject (PVT)".

    The one place for these rules: the message pre-check and the dossier's
    validation (``rules.validation``, with ``termijn_einde=None``, since the
    dossier checks verwijtbaar itself through ``rules.duo_invoer``) call it.
    The two sections have the same eleven bullets; `soort` picks the field names.
    `termijn_einde` is exclusive (as DUO records it): a date on or after it
    overschrijdt the termijn.
    """
    if soort is BerichtSoort.MAP:
        veld, wat, sectie = "datumEindgesprekMap", "het eindgesprek MAP", "MAP"
    elif soort is BerichtSoort.PVT:
        veld, wat, sectie = "datumOndertekeningPvt", "de ondertekening van de PVT", "PVT"
    else:  # pragma: no cover - a programming error, not user input
        raise ValueError(soort)
    found: list[Bevinding] = []
    if pip_datum is None:
        found.append(_b(f"{soort}.pip_nodig", f"{sectie}, voorwaarde 2", veld,
                        f"de datum van {wat} ({format_date(datum)}) is ingevuld zonder PIP: DUO registreert die alleen "
                        "bij een actueel PIP van de gemeente"))
    if zroute_al_gemeld:
        found.append(_b(f"{soort}.zroute_voldaan", f"{sectie}, voorwaarde 3", veld,
                        "DUO heeft de inburgeringsplicht al als voldaan via de Z-route geregistreerd"))
    if termijn_start is not None and datum < termijn_start:
        found.append(_b(f"{soort}.voor_termijn", f"{sectie}, voorwaarde 4", veld,
                        f"de datum van {wat} ({format_date(datum)}) ligt vóór de start van de inburgeringstermijn "
                        f"({format_date(termijn_start)})"))
    if zroute_afgerond is not None and datum > zroute_afgerond:
        found.append(_b(f"{soort}.na_zroute", f"{sectie}, voorwaarde 5", veld,
                        f"de datum van {wat} ({format_date(datum)}) ligt na de afronding van de Z-route "
                        f"({format_date(zroute_afgerond)})"))
    if datum > as_of:
        found.append(_b(f"{soort}.toekomst", f"{sectie}, voorwaarde 6", veld,
                        f"de datum van {wat} ({format_date(datum)}) ligt in de toekomst"))
    found.extend(check_verwijtbaar(soort=soort, datum=datum, verwijtbaar=verwijtbaar, termijn_einde=termijn_einde))
    return tuple(found)


def check_verwijtbaar(
    *, soort: BerichtSoort, datum: date, verwijtbaar: Verwijtbaar | None, termijn_einde: date | None,
) -> tuple[Bevinding, ...]:
    """DUO README, "MAP"/"PVT" voorwaarde 8-10: when 'verwijtbaar' must, may and may not go with the date.

    The one place for these rules: :func:`check_map_pvt` (the message) and
    ``rules.duo_invoer`` (the dossier, via ``rules.validation``) both call it.
    `termijn_einde` is exclusive, as DUO records it: a date on or after it
    overschrijdt the termijn. 'Nee' only while the overschrijding stays under
    :data:`VERWIJTBAAR_NEE_MAANDEN` months (read as: date < einde + 2 months).
    """
    if soort is BerichtSoort.MAP:
        wat, sectie = "het eindgesprek MAP", "MAP"
    elif soort is BerichtSoort.PVT:
        wat, sectie = "de ondertekening van de PVT", "PVT"
    else:  # pragma: no cover - a programming error, not user input
        raise ValueError(soort)
    overschreden = termijn_einde is not None and datum >= termijn_einde
    if verwijtbaar is None and overschreden:
        return (_b(f"{soort}.verwijtbaar_nodig", f"{sectie}, voorwaarde 8", "verwijtbaar",
                   f"de datum van {wat} ({format_date(datum)}) ligt na het einde van de inburgeringstermijn "
                   f"({format_date(termijn_einde)}, exclusief): geef aan of de overschrijding verwijtbaar is (Ja/Nee)"),)
    if verwijtbaar is not None and not overschreden:
        einde = f" ({format_date(termijn_einde)}, exclusief)" if termijn_einde is not None else ""
        return (_b(f"{soort}.verwijtbaar_niet_toegestaan", f"{sectie}, voorwaarde 9", "verwijtbaar",
                   f"‘verwijtbaar’ mag alleen mee als de datum van {wat} na het einde van de inburgeringstermijn"
                   f"{einde} ligt; laat het leeg"),)
    if verwijtbaar is Verwijtbaar.NEE and overschreden:
        grens = add_months(termijn_einde, VERWIJTBAAR_NEE_MAANDEN)
        if datum >= grens:
            return (_b(f"{soort}.verwijtbaar_nee_te_laat", f"{sectie}, voorwaarde 10", "verwijtbaar",
                       f"‘verwijtbaar: Nee’ mag alleen als de termijn met minder dan {VERWIJTBAAR_NEE_MAANDEN} maanden "
                       f"is overschreden; de datum van {wat} ({format_date(datum)}) ligt op of na {format_date(grens)}"),)
    return ()


def als_dossierbevinding(bevinding: Bevinding, veld: str, ernst: str = FOUT) -> DossierBevinding:
    """A message rule's finding as the dossier's validation shows it (``rules.bevinding.Bevinding`` on `veld`)."""
    reden = bevinding.reden[:1].upper() + bevinding.reden[1:]
    return DossierBevinding(veld, f"{reden} ({bevinding.bron}).", ernst)


# --- Z-route ------------------------------------------------------------------------------

def check_zroute(
    *,
    datum: date,
    leerroute: Leerroute | None,
    pip_datum: date | None,
    termijn_start: date | None,
    as_of: date,
) -> tuple[Bevinding, ...]:
    """The afronding of the Z-route: only on the Z-route, with a PIP, inside the termijn and not in the future.

    DUO README, "MAP"/"PVT" voorwaarde 5 and 7 tie the Z-route's afronding to
    those dates; the MAP, PVT, Z-route API describes it as the day the
    inburgeraar completes the Z-route.
    """
    found: list[Bevinding] = []
    if leerroute is not Leerroute.Z:
        found.append(_b("zroute.geen_zroute", "MAP, PVT, Z-route API, ResultaatZroute", "datumAfrondingZroute",
                        "de afronding van de Z-route kan alleen bij de Z-route worden doorgegeven"))
    if pip_datum is None:
        found.append(_b("zroute.pip_nodig", "MAP, voorwaarde 2", "datumAfrondingZroute",
                        "er is nog geen PIP: leg eerst de PIP-datum vast"))
    if termijn_start is not None and datum < termijn_start:
        found.append(_b("zroute.voor_termijn", "MAP, voorwaarde 4 en 5", "datumAfrondingZroute",
                        f"de afronding van de Z-route ({format_date(datum)}) ligt vóór de start van de "
                        f"inburgeringstermijn ({format_date(termijn_start)})"))
    if datum > as_of:
        found.append(_b("zroute.toekomst", "MAP, voorwaarde 6", "datumAfrondingZroute",
                        f"de afronding van de Z-route ({format_date(datum)}) ligt in de toekomst"))
    return tuple(found)


# --- Gevolgde uren ------------------------------------------------------------------------

def check_uren(*, uren: int, pip_datum: date | None) -> tuple[Bevinding, ...]:
    """Gevolgde uren: whole hours 0–9999 (GevolgdeUren API) for a person DUO links to this municipality's PIP."""
    found: list[Bevinding] = []
    if pip_datum is None:
        found.append(_b("uren.pip_nodig", "Voorwaarden › Scope (actuele PIP van de gemeente)", "uren",
                        "er is nog geen PIP: DUO koppelt de uren aan het PIP van de gemeente"))
    if not 0 <= uren <= 9999:
        found.append(_b("uren.bereik", "GevolgdeUren API, uren (0–9999)", "uren",
                        f"{uren} uur valt buiten wat DUO aanneemt (0 tot en met 9999)"))
    return tuple(found)
