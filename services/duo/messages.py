"""Building DUO's messages from a person's recorded facts, with the specification's field names, formats and codes.

A message is built only from what is recorded: a missing fact leaves the
field out, or blocks the message with the field to fill in; nothing is
guessed. Hours are whole hours, rounded down (DUO counts whole hours; the
remainder is reported with the next total).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from rules import duo as duo_rules
from rules.duo import BerichtSoort, Bevinding, Verwijtbaar
from rules.model import Leerroute, Niveau, PersonFacts
from rules.pip import pip_historie
from rules.termijn import compute_termijn
from storage.duo import DuoGegevens, StoredBericht

# Per kind: which API (its specification file), method and path (DUO's spelling).
PIP_API, PIP_PAD = "PIP", "/personen/{bsn}/PIP"
AANBOD_API, AANBOD_PAD = "Inburgeringsaanbod", "/personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}"
RESULTAAT_API = "MAP_PVT_Zroute"
UREN_API = "GevolgdeUren"
# The three counters of gevolgde uren: (sleutel, path, which of the recorded totals).
UREN_TELLERS: tuple[tuple[str, str, str], ...] = (
    ("taallesknm", "/personen/{bsn}/uren/bredeintake/taallesknm", "taal_knm_brede_intake"),
    ("participatietaalles", "/personen/{bsn}/uren/participatietaalles", "taal_knm"),
    ("participatieactiviteiten", "/personen/{bsn}/uren/participatieactiviteiten", "participatie"),
)
# The order in which a person's messages go: DUO needs the PIP before anything that refers to it,
# and the Z-route's afronding after the MAP and PVT dates it must not precede.
SEND_ORDER = (BerichtSoort.PIP, BerichtSoort.AANBOD, BerichtSoort.MAP, BerichtSoort.PVT, BerichtSoort.UREN,
              BerichtSoort.ZROUTE)


@dataclass(frozen=True)
class Bericht:
    """One message as regie would send it now, with what stands in its way."""

    soort: BerichtSoort
    sleutel: str  # which one of its kind ("" when there is one per person)
    api: str
    methode: str
    pad: str  # the path template: {bsn} filled in only when sending
    inhoud: dict | None  # the body (None for a DELETE)
    bevindingen: tuple[Bevinding, ...] = ()

    @property
    def inhoud_json(self) -> str | None:
        """The body exactly as it goes over the wire."""
        return None if self.inhoud is None else json.dumps(self.inhoud, ensure_ascii=False, separators=(",", ":"))

    @property
    def spec_pad(self) -> str:
        """The path as the specification writes it (for schema lookups)."""
        return AANBOD_PAD if self.soort is BerichtSoort.AANBOD else self.pad


def _iso(d: date) -> str:
    return d.isoformat()


def _blocked(code: str, veld: str, reden: str) -> Bevinding:
    return Bevinding(regel=code, bron="regie: gegeven ontbreekt in het dossier", veld=veld, reden=reden)


def build_berichten(
    facts: PersonFacts,
    *,
    bsn: str | None,
    gegevens: DuoGegevens | None,
    geaccepteerd: dict[tuple[str, str], StoredBericht],
    as_of: date,
) -> list[Bericht]:
    """Every message DUO should receive for this person now (in sending order).

    `geaccepteerd` is what DUO already accepted from us, per (soort, sleutel):
    it decides between a new and a changed PIP, a withdrawal, and whether a
    cleared MAP/PVT date must be withdrawn with an empty body.
    """
    gegevens = gegevens or DuoGegevens()
    termijn = compute_termijn(facts)
    termijn_start = termijn.start if termijn else None
    termijn_einde = facts.termijn_einde
    result: list[Bericht] = []
    missing_bsn = () if bsn else (_blocked("bsn.ontbreekt", "bsn", "het BSN ontbreekt in het dossier; DUO kent de "
                                                                   "persoon alleen op BSN"),)

    def accepted(soort: BerichtSoort, sleutel: str = "") -> StoredBericht | None:
        return geaccepteerd.get((soort.value, sleutel))

    # PIP: new or changed (POST), or withdrawn (DELETE) when DUO holds ours and the dossier no longer has one.
    vorige_pip = accepted(BerichtSoort.PIP)
    if facts.pip_datum is not None and facts.leerroute is not None:
        body: dict[str, object] = {"dagtekeningPip": _iso(facts.pip_datum), "leerroute": facts.leerroute.duo_code}
        if facts.niveau in (Niveau.A2, Niveau.B1) or (facts.niveau is not None and facts.leerroute is not Leerroute.Z):
            body["niveau"] = facts.niveau.value
        if facts.alfabetisering is not None:
            body["indicatorAlfabetiseringsonderwijs"] = facts.alfabetisering.value
        vorige_dagtekening = None
        if vorige_pip is not None and vorige_pip.inhoud:
            vorige_dagtekening = date.fromisoformat(json.loads(vorige_pip.inhoud)["dagtekeningPip"])
        found = duo_rules.check_pip(
            dagtekening=facts.pip_datum, leerroute=facts.leerroute, niveau=facts.niveau, vestiging=facts.brp_inschrijving,
            vorige_dagtekening=vorige_dagtekening, doelgroep=facts.doelgroep,
            gewijzigd=vorige_pip is not None or pip_historie(facts).gewijzigd, as_of=as_of,
        )
        result.append(Bericht(BerichtSoort.PIP, "", PIP_API, "POST", PIP_PAD, body, missing_bsn + found))
    elif facts.pip_datum is not None:
        result.append(Bericht(BerichtSoort.PIP, "", PIP_API, "POST", PIP_PAD, {"dagtekeningPip": _iso(facts.pip_datum)},
                              missing_bsn + (_blocked("pip.leerroute_ontbreekt", "leerroute",
                                                      "de leerroute is niet vastgelegd"),)))
    elif vorige_pip is not None and vorige_pip.methode == "POST":
        found = duo_rules.check_pip_intrekken(termijn_vastgesteld=facts.termijn_einde is not None,
                                              cursusuren=facts.uren.taal_knm > 0)
        result.append(Bericht(BerichtSoort.PIP, "", PIP_API, "DELETE", PIP_PAD, None, missing_bsn + found))

    # Inburgeringsaanbod: one per instelling; the datum is the inschrijving (= aanbod_start in the dossier).
    if facts.aanbod_start is not None:
        nummer = gegevens.instellingsnummer
        aanbod: dict[str, object] = {"datumInburgeringsaanbod": _iso(facts.aanbod_start)}
        found = duo_rules.check_aanbod(doelgroep=facts.doelgroep, pip_datum=facts.pip_datum,
                                       datum_aanbod=facts.aanbod_start, instellingsnummer=nummer, as_of=as_of)
        if facts.alfabetisering is not None:
            aanbod["indicatorAlfabetiseringsonderwijs"] = facts.alfabetisering.value
        else:
            found += (_blocked("aanbod.alfabetisering_ontbreekt", "indicatorAlfabetiseringsonderwijs",
                               "leg vast of er alfabetiseringsonderwijs is (A, AA of n.v.t.)"),)
        pad = AANBOD_PAD.replace("{instellingsnummer}", nummer or "{instellingsnummer}")
        result.append(Bericht(BerichtSoort.AANBOD, nummer or "", AANBOD_API, "POST", pad, aanbod, missing_bsn + found))

    # MAP and PVT: PUT replaces the whole resource; a cleared date goes as an empty body (intrekken).
    # Verwijtbaar is a fact of the person (PersonFacts), recorded with the MAP and PVT dates.
    for soort, datum, veld, pad, verwijtbaar in (
        (BerichtSoort.MAP, facts.map_eindgesprek, "datumEindgesprekMap", "/personen/{bsn}/map",
         Verwijtbaar.from_fact(facts.map_verwijtbaar)),
        (BerichtSoort.PVT, facts.pvt_ondertekend, "datumOndertekeningPvt", "/personen/{bsn}/pvt",
         Verwijtbaar.from_fact(facts.pvt_verwijtbaar)),
    ):
        if datum is not None:
            resultaat: dict[str, object] = {veld: _iso(datum)}
            if verwijtbaar is not None:
                resultaat["verwijtbaar"] = verwijtbaar.value
            found = duo_rules.check_map_pvt(
                soort=soort, datum=datum, verwijtbaar=verwijtbaar, pip_datum=facts.pip_datum,
                termijn_start=termijn_start, termijn_einde=termijn_einde, zroute_afgerond=facts.zroute_afgerond,
                zroute_al_gemeld=accepted(BerichtSoort.ZROUTE) is not None, as_of=as_of,
            )
            result.append(Bericht(soort, "", RESULTAAT_API, "PUT", pad, resultaat, missing_bsn + found))
        elif (vorige := accepted(soort)) is not None and vorige.inhoud not in (None, "{}"):
            found: tuple[Bevinding, ...] = ()
            if facts.zroute_afgerond is not None:
                found = (Bevinding(f"{soort}.intrekken_na_zroute", f"DUO M2M README, {soort.value.upper()}, voorwaarde 7",
                                   veld, "de datum kan niet worden ingetrokken zolang de afronding van de Z-route "
                                         "is geregistreerd"),)
            result.append(Bericht(soort, "", RESULTAAT_API, "PUT", pad, {}, missing_bsn + found))

    # Gevolgde uren: three counters, each the total so far in whole hours.
    for sleutel, pad, attribuut in UREN_TELLERS:
        totaal = int(getattr(facts.uren, attribuut) + 1e-9)  # whole hours, rounded down
        if totaal > 0 or accepted(BerichtSoort.UREN, sleutel) is not None:
            found = duo_rules.check_uren(uren=totaal, pip_datum=facts.pip_datum)
            result.append(Bericht(BerichtSoort.UREN, sleutel, UREN_API, "PUT", pad, {"uren": totaal}, missing_bsn + found))

    if facts.zroute_afgerond is not None:
        found = duo_rules.check_zroute(datum=facts.zroute_afgerond, leerroute=facts.leerroute, pip_datum=facts.pip_datum,
                                       termijn_start=termijn_start, as_of=as_of)
        result.append(Bericht(BerichtSoort.ZROUTE, "", RESULTAAT_API, "PUT", "/personen/{bsn}/zroute",
                              {"datumAfrondingZroute": _iso(facts.zroute_afgerond)}, missing_bsn + found))
    return sorted(result, key=lambda b: SEND_ORDER.index(b.soort))
