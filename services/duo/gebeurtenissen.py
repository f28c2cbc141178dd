"""DUO's gebeurtenissen (events and attentiesignalen): Dutch labels, what each means for the consulent, and reading them from a file.

The codes and their meaning come from DUO's `Gebeurtenissen.md` and
`Attentiesignalen.md`; the wording is regie's own. A code regie does not
know is kept and shown as it is ("onbekende gebeurtenis SS…"), never dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from services.errors import ServiceError


class Effect(StrEnum):
    """What a gebeurtenis does in regie."""

    KENNISGEVING = "kennisgeving"  # the obligation started: DUO's kennisgeving is a dossier fact (if not yet recorded)
    SIGNAAL = "signaal"  # the consulent should act: shown as a signaal in the dossier's DUO tab
    INFORMATIE = "informatie"  # good to know; nothing to do


@dataclass(frozen=True)
class Betekenis:
    label: str
    effect: Effect
    actie: str = ""  # what the consulent does, for a signaal


# Gebeurtenissen.md and Attentiesignalen.md (DUO M2M), by gebeurtenisId.
GEBEURTENISSEN: dict[str, Betekenis] = {
    "SS101": Betekenis("inburgeringsplichtig geworden", Effect.KENNISGEVING, "plan de brede intake"),
    "SS128": Betekenis("inburgeringsplichtig, AOW-leeftijd binnen 6 maanden", Effect.SIGNAAL,
                       "bespreek of de inburgering nog zin heeft vóór de AOW-leeftijd"),
    "SS139": Betekenis("inburgeringsplichtig; de 10 weken voor het vaststellen van de leerroute lopen", Effect.KENNISGEVING,
                       "stel binnen 10 weken de leerroute vast"),
    "SS129": Betekenis("tijdelijke vrijstelling ingetrokken, nog geen leerroute", Effect.SIGNAAL,
                       "start de brede intake en het PIP"),
    "SS120": Betekenis("gevestigd in de gemeente, zonder PIP", Effect.SIGNAAL, "start de brede intake en het PIP"),
    "SS121": Betekenis("gevestigd in de gemeente, met PIP van de vorige gemeente", Effect.SIGNAAL,
                       "vraag het PIP op en neem het dossier over"),
    "SS124": Betekenis("doelgroep gewijzigd: van asielstatushouder naar gezins- of overige migrant", Effect.SIGNAAL,
                       "pas de doelgroep in het dossier aan"),
    "SS125": Betekenis("doelgroep gewijzigd: naar asielstatushouder", Effect.SIGNAAL, "pas de doelgroep in het dossier aan"),
    "SS109": Betekenis("tijdelijke vrijstelling toegekend", Effect.SIGNAAL, "leg de inspanningen en resultaten vast"),
    "SS110": Betekenis("inburgeringsplicht ingetrokken", Effect.SIGNAAL, "leg de inspanningen vast en sluit het dossier"),
    "SS111": Betekenis("persoon is overleden", Effect.SIGNAAL, "sluit het dossier"),
    "SS106": Betekenis("inburgeringsplicht voldaan: diploma behaald", Effect.SIGNAAL, "sluit het dossier af"),
    "SS107": Betekenis("inburgeringsplicht voldaan: gehele vrijstelling", Effect.SIGNAAL, "sluit het dossier af"),
    "SS108": Betekenis("inburgeringsplicht voldaan: gehele ontheffing", Effect.SIGNAAL, "zet de status op ontheffing"),
    "SS137": Betekenis("aangemeld voor de leerbaarheidstoets", Effect.INFORMATIE),
    "SS131": Betekenis("leerbaarheidstoets afgenomen, resultaat bekend", Effect.SIGNAAL, "neem het resultaat mee in het PIP"),
    "SS102": Betekenis("inburgeringstermijn gestart", Effect.SIGNAAL, "neem de einddatum van DUO over in het dossier"),
    "SS199": Betekenis("uitslag examen bekend", Effect.SIGNAAL, "leg de uitslag vast bij de examens"),
    "SS103": Betekenis("termijn ambtshalve verlengd", Effect.SIGNAAL, "neem de nieuwe einddatum van DUO over"),
    "SS104": Betekenis("termijn op verzoek verlengd", Effect.SIGNAAL, "neem de nieuwe einddatum van DUO over"),
    "SS130": Betekenis("tijdelijke vrijstelling ingetrokken, PIP al bekend; inburgeringsplicht hervat", Effect.SIGNAAL,
                       "controleer termijn en PIP"),
    "SS112": Betekenis("verzoek om verlenging ingediend", Effect.INFORMATIE),
    "SS113": Betekenis("verzoek om verlenging afgewezen", Effect.INFORMATIE),
    "SS114": Betekenis("verzoek om gehele vrijstelling afgewezen", Effect.INFORMATIE),
    "SS115": Betekenis("verzoek om tijdelijke vrijstelling afgewezen", Effect.INFORMATIE),
    "SS116": Betekenis("verzoek om gedeeltelijke vrijstelling afgewezen", Effect.INFORMATIE),
    "SS117": Betekenis("gedeeltelijke vrijstelling toegekend", Effect.SIGNAAL, "pas het PIP aan"),
    "SS118": Betekenis("verzoek om ontheffing afgewezen", Effect.INFORMATIE),
    "SS119": Betekenis("gedeeltelijke ontheffing toegekend", Effect.SIGNAAL, "pas het PIP aan"),
    # Attentiesignalen (SDI008)
    "SS122": Betekenis("vertrokken naar een andere gemeente", Effect.SIGNAAL, "geef inspanningen en resultaten door"),
    "SS123": Betekenis("vertrokken uit Nederland", Effect.SIGNAAL, "geef inspanningen en resultaten door"),
    "SS126": Betekenis("binnen 10 weken geen leerroute vastgesteld", Effect.SIGNAAL, "stel de leerroute vast"),
    "SS127": Betekenis("nog geen inburgeringsaanbod ontvangen", Effect.SIGNAAL, "geef het inburgeringsaanbod door"),
    "SS132": Betekenis("opleidingscontract ontvangen, nog geen PIP", Effect.SIGNAAL, "stel het PIP vast"),
    "SS133": Betekenis("opleidingscontract met taalniveau dat niet past bij de leerroute", Effect.SIGNAAL,
                       "controleer PIP en opleiding"),
    "SS135": Betekenis("opleidingscontract met te hoog taalniveau voor de Z-route", Effect.SIGNAAL,
                       "controleer PIP en opleiding"),
    "SS136": Betekenis("opleidingscontract voor een taalschakeltraject zonder onderwijsroute", Effect.SIGNAAL,
                       "controleer PIP en opleiding"),
    "SS140": Betekenis("verzoek om ontheffing (bijzondere omstandigheden): advies gevraagd", Effect.SIGNAAL,
                       "geef DUO advies"),
    "SS141": Betekenis("Z-route voldaan: tekst voor het certificaat beschikbaar", Effect.SIGNAAL,
                       "download de certificaattekst in het portaal"),
    "SS142": Betekenis("niet-vrijstellende opleiding beëindigd (uitgeschreven)", Effect.SIGNAAL,
                       "neem contact op en herzie zo nodig het PIP"),
}

_CODE = re.compile(r"^[0-9A-Z]{1,6}$")  # Notificatie API: gebeurtenisId
_BSN = re.compile(r"^\d{9}$")


def betekenis(code: str) -> Betekenis:
    """The meaning of a code; an unknown code is shown as it is, as a signaal (someone should look at it)."""
    return GEBEURTENISSEN.get(code) or Betekenis(f"onbekende gebeurtenis {code}", Effect.SIGNAAL,
                                                 "bekijk in het DUO-portaal wat deze gebeurtenis betekent")


class GebeurtenisFileError(ServiceError):
    """The events file cannot be read; the message says which entry and why."""


@dataclass(frozen=True)
class Notificatie:
    """One notification as DUO sends it (Notificatie API: registratieDatumTijd, bsn, vNummer, gebeurtenisId)."""

    registratie: str
    gebeurtenis_id: str
    bsn: str | None
    v_nummer: int | None


def parse_notificaties(text: str) -> list[Notificatie]:
    """A JSON list of notifications (or one per line), each checked; a wrong entry stops the import with its number."""
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            items = json.loads(stripped)
        else:
            items = [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise GebeurtenisFileError(f"het bestand is geen JSON (regel {exc.lineno}); verwacht een lijst met "
                                   "notificaties zoals DUO ze stuurt") from None
    result: list[Notificatie] = []
    for number, item in enumerate(items, start=1):
        where = f"notificatie {number}"
        if not isinstance(item, dict):
            raise GebeurtenisFileError(f"{where} is geen object")
        code = item.get("gebeurtenisId")
        registratie = item.get("registratieDatumTijd")
        bsn = item.get("bsn")
        v_nummer = item.get("vNummer")
        if not isinstance(code, str) or not _CODE.match(code):
            raise GebeurtenisFileError(f"{where}: ‘gebeurtenisId’ ontbreekt of is geen code van 1–6 letters/cijfers")
        if not isinstance(registratie, str):
            raise GebeurtenisFileError(f"{where}: ‘registratieDatumTijd’ ontbreekt")
        try:
            datetime.fromisoformat(registratie.replace("Z", "+00:00"))
        except ValueError:
            raise GebeurtenisFileError(f"{where}: ‘registratieDatumTijd’ is geen datum met tijd") from None
        if bsn is not None and (not isinstance(bsn, str) or not _BSN.match(bsn)):
            raise GebeurtenisFileError(f"{where}: ‘bsn’ moet 9 cijfers zijn")
        if v_nummer is not None and (isinstance(v_nummer, bool) or not isinstance(v_nummer, int)):
            raise GebeurtenisFileError(f"{where}: ‘vNummer’ moet een getal zijn")
        result.append(Notificatie(registratie=registratie, gebeurtenis_id=code, bsn=bsn, v_nummer=v_nummer))
    return result


def read_notificaties(path: Path) -> list[Notificatie]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GebeurtenisFileError(f"het bestand {path} bestaat niet") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GebeurtenisFileError(f"het bestand {path} is niet te lezen ({type(exc).__name__})") from None
    return parse_notificaties(text)
