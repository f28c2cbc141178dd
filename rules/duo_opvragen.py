"""What DUO knows about a person (its GET answers per BSN), read into regie's terms and held against the dossier.

DUO's M2M APIs answer per BSN with what DUO has registered: the
inburgeringsplicht and the doelgroep (API Inburgeringsplicht), the
inburgeringstermijn (API Inburgeringstermijn), the PIP as DUO holds it (API
PIP), vrijstellingen, ontheffingen, exam results (APIs Vrijstelling,
Ontheffing, Examen) and the MAP and PVT dates (API MAP_PVT_Zroute). Field
names and codes are DUO's; the mapping to regie's facts is here, once.

What becomes a fact, and what is only shown (:func:`vergelijk`):

- the termijn's einddatum (exclusive) is DUO's legal final word (Wi2021 art. 7
  and 12: DUO sets and extends the termijn), so it replaces the dossier's;
- a date DUO knows and the dossier leaves empty (kennisgeving, start of the
  obligation) is filled in, as the notifications SS101/SS128/SS139 already do;
- a decision of DUO the dossier does not hold yet (a granted vrijstelling or
  ontheffing, an exam result) is added; an exam the dossier has as *gepland* on
  the same day gets DUO's result;
- everything else where DUO and the dossier differ is a :class:`Verschil`,
  shown to the consulent ("DUO zegt …, regie heeft …"), never written over what
  the consulent entered. The PIP, MAP and PVT are the gemeente's own messages to
  DUO: a difference there is shown, so that regie never sends DUO its own data
  back as if it were new.

Pure: no clock, no database; the caller passes DUO's answers (already checked
against DUO's schema) and the dossier's facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rules.dates import format_date
from rules.model import (
    Alfabetisering,
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingGrond,
    OntheffingSoort,
    PersonFacts,
    RedenGeenResultaat,
    Status,
    Vrijstelling,
    VrijstellingSoort,
)
from rules.pip import pip_historie
from rules.termijn import compute_termijn

# The answers regie asks for, by the name it stores them under (services.duo.opvragen holds the paths).
ANTWOORDEN = ("inburgeringsplicht", "doelgroep", "inburgeringstermijn", "pip", "vrijstellingen", "ontheffingen",
              "examens", "map", "pvt")

# DUO's codes (OpenAPI enums) in regie's terms.
_ONDERDEEL = {"KNM": ExamenOnderdeel.KNM, "LE": ExamenOnderdeel.LEZEN, "LU": ExamenOnderdeel.LUISTEREN,
              "SC": ExamenOnderdeel.SCHRIJVEN, "SP": ExamenOnderdeel.SPREKEN}  # Examen, Vrijstelling, Ontheffing APIs
_RESULTAAT = {"Geslaagd": ExamenResultaat.BEHAALD, "Gezakt": ExamenResultaat.NIET_BEHAALD,
              "Geen": ExamenResultaat.GEEN}  # Examen API, ExamenresultaatWI2021
_REDEN_GEEN = {"Verwijtbaar": RedenGeenResultaat.VERWIJTBAAR, "Nietverwijtbaar": RedenGeenResultaat.NIET_VERWIJTBAAR,
               "Afgemeld": RedenGeenResultaat.AFGEMELD, "Absent": RedenGeenResultaat.ABSENT}
_LEERROUTE = {route.duo_code: route for route in Leerroute}  # PIP API, Leerroute: B, O, Z
_VRIJSTELLING = {"GeheleVrijstelling": VrijstellingSoort.GEHEEL, "TijdelijkeVrijstelling": VrijstellingSoort.TIJDELIJK,
                 "GedeeltelijkeVrijstelling": VrijstellingSoort.GEDEELTELIJK}
_ONTHEFFING = {"GeheleOntheffing": OntheffingSoort.GEHEEL, "GedeeltelijkeOntheffing": OntheffingSoort.GEDEELTELIJK}
# The adjective before "vrijstelling" / "ontheffing" in Dutch.
_SOORT_WOORD = {"geheel": "gehele", "gedeeltelijk": "gedeeltelijke", "tijdelijk": "tijdelijke"}
TOEKENNING = "Toekenning"  # AanvraagOordeel: only a granted request is a decision in the dossier
ASIEL = "Asielstatushouder"  # Doelgroepindeling; the other value is "Gezinsmigrant en overige migrant"

_d = format_date


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class DuoPlicht:
    plichtig: bool
    begindatum: date | None = None
    kennisgeving: date | None = None
    reden_geen: str | None = None  # RedenGeenInburgeringsplicht, DUO's words


@dataclass(frozen=True)
class DuoTermijn:
    start: date  # inclusive
    einde: date  # exclusive
    verlenging: str | None = None  # verlengingsgrondomschrijving (or the code)


@dataclass(frozen=True)
class DuoPip:
    dagtekening: date
    leerroute: Leerroute | None
    niveau: Niveau | None
    alfabetisering: Alfabetisering | None
    gemeentecode: str

    @property
    def omschrijving(self) -> str:
        parts = [f"PIP van {_d(self.dagtekening)}"]
        if self.leerroute is not None:
            parts.append(self.leerroute.label)
        if self.niveau is not None:
            parts.append(f"niveau {self.niveau.value}")
        return ", ".join(parts) + f" (gemeente {self.gemeentecode})"


@dataclass(frozen=True)
class DuoStand:
    """Everything DUO answered about one person, in regie's terms; None or empty: DUO had nothing (404)."""

    plicht: DuoPlicht | None = None
    asielstatushouder: bool | None = None  # DUO's doelgroep: asielstatushouder or gezins-/overige migrant
    termijn: DuoTermijn | None = None
    pip: DuoPip | None = None
    vrijstellingen: tuple[Vrijstelling, ...] = ()
    ontheffingen: tuple[Ontheffing, ...] = ()
    examens: tuple[ExamenPoging, ...] = ()
    map_eindgesprek: date | None = None
    pvt_ondertekend: date | None = None
    meldingen: tuple[str, ...] = ()  # Dutch: what DUO said that regie does not record (a refused request, …)


def lees_antwoorden(antwoorden: dict[str, object]) -> DuoStand:
    """DUO's answers (JSON as received, keyed as :data:`ANTWOORDEN`; None for a 404) as a :class:`DuoStand`."""
    meldingen: list[str] = []

    plicht = None
    if isinstance(p := antwoorden.get("inburgeringsplicht"), dict):
        plicht = DuoPlicht(plichtig=bool(p.get("indicatorInburgeringsplicht")), begindatum=_date(p.get("begindatum")),
                           kennisgeving=_date(p.get("datumKennisgevingInburgeringsplicht")),
                           reden_geen=p.get("redenGeenInburgeringsplicht"))
    asiel = None
    if isinstance(g := antwoorden.get("doelgroep"), dict) and g.get("indeling"):
        asiel = g["indeling"] == ASIEL
    termijn = None
    if isinstance(t := antwoorden.get("inburgeringstermijn"), dict) and t.get("einddatum") and t.get("startdatum"):
        termijn = DuoTermijn(start=_date(t["startdatum"]), einde=_date(t["einddatum"]),
                             verlenging=t.get("verlengingsgrondomschrijving") or t.get("verlengingsgrondcode"))
    pip = None
    if isinstance(g := antwoorden.get("pip"), dict) and isinstance(body := g.get("pip"), dict):
        pip = DuoPip(dagtekening=_date(body["dagtekeningPip"]), leerroute=_LEERROUTE.get(body.get("leerroute")),
                     niveau=Niveau(body["niveau"]) if body.get("niveau") else None,
                     alfabetisering=(Alfabetisering(body["indicatorAlfabetiseringsonderwijs"])
                                     if body.get("indicatorAlfabetiseringsonderwijs") else None),
                     gemeentecode=str(g.get("gemeentecode", "?")))

    vrijstellingen: list[Vrijstelling] = []
    for item in antwoorden.get("vrijstellingen") or ():
        for key, soort in _VRIJSTELLING.items():
            if not isinstance(v := item.get(key), dict):
                continue
            datum = _date(v.get("datumOordeel")) or _date(v.get("startdatum"))
            if v.get("oordeel") != TOEKENNING:
                meldingen.append(f"DUO wees een verzoek om {_SOORT_WOORD[soort.value]} vrijstelling af"
                                 + (f" ({_d(datum)})" if datum else ""))
                continue
            if datum is None:
                meldingen.append(f"DUO meldt een {_SOORT_WOORD[soort.value]} vrijstelling zonder datum; leg die zelf vast als u de "
                                 "datum weet")
                continue
            vrijstellingen.append(Vrijstelling(
                soort=soort, besluitdatum=datum, reden=v.get("reden"), examenonderdeel=_ONDERDEEL.get(v.get("examenonderdeel")),
                examenniveau=Niveau(v["examenniveau"]) if v.get("examenniveau") else None,
                start=_date(v.get("startdatum")), einde=_date(v.get("einddatum"))))
    ontheffingen: list[Ontheffing] = []
    for item in antwoorden.get("ontheffingen") or ():
        for key, soort in _ONTHEFFING.items():
            if not isinstance(o := item.get(key), dict):
                continue
            datum = _date(o.get("datumOordeel"))
            if o.get("oordeel") != TOEKENNING:
                meldingen.append(f"DUO wees een verzoek om {_SOORT_WOORD[soort.value]} ontheffing af ({_d(datum)})")
                continue
            ontheffingen.append(Ontheffing(
                soort=soort, besluitdatum=datum, grond=OntheffingGrond(o["grond"]) if o.get("grond") else None,
                examenonderdeel=_ONDERDEEL.get(o.get("examenonderdeel")),
                participatie_uren_max=o.get("urenBelastbaarheidParticipatieactiviteit")))
    examens = tuple(
        ExamenPoging(onderdeel=_ONDERDEEL[e["onderdeel"]], datum=_date(e["examendatum"]), resultaat=_RESULTAAT[e["resultaat"]],
                     niveau=Niveau(e["niveau"]) if e.get("niveau") else None,
                     reden_geen_resultaat=_REDEN_GEEN.get(e.get("redenGeenResultaat")))
        for e in antwoorden.get("examens") or ()
    )
    map_datum = _date(m.get("datumEindgesprekMap")) if isinstance(m := antwoorden.get("map"), dict) else None
    pvt_datum = _date(p.get("datumOndertekeningPvt")) if isinstance(p := antwoorden.get("pvt"), dict) else None
    return DuoStand(plicht=plicht, asielstatushouder=asiel, termijn=termijn, pip=pip, vrijstellingen=tuple(vrijstellingen),
                    ontheffingen=tuple(ontheffingen), examens=examens, map_eindgesprek=map_datum,
                    pvt_ondertekend=pvt_datum, meldingen=tuple(meldingen))


@dataclass(frozen=True)
class Verschil:
    """Where DUO and the dossier disagree; shown, never written over what the consulent entered."""

    onderwerp: str
    duo: str
    regie: str

    @property
    def tekst(self) -> str:
        return f"{self.onderwerp}: DUO zegt {self.duo}, regie heeft {self.regie}"


@dataclass(frozen=True)
class Vergelijking:
    """What DUO's answers do to one dossier."""

    persoon: dict[str, object] = field(default_factory=dict)  # person fields to write (name as PersonFacts)
    examens_nieuw: tuple[ExamenPoging, ...] = ()
    examens_uitslag: tuple[ExamenPoging, ...] = ()  # an exam the dossier has as gepland on that day: DUO's result
    vrijstellingen_nieuw: tuple[Vrijstelling, ...] = ()
    ontheffingen_nieuw: tuple[Ontheffing, ...] = ()
    overgenomen: tuple[str, ...] = ()  # Dutch, one line per fact taken over
    verschillen: tuple[Verschil, ...] = ()

    @property
    def wijzigt(self) -> bool:
        return bool(self.persoon or self.examens_nieuw or self.examens_uitslag or self.vrijstellingen_nieuw
                    or self.ontheffingen_nieuw)


def _of(datum: date | None) -> str:
    return _d(datum) if datum is not None else "geen datum"


def _vrijstelling_key(v: Vrijstelling) -> tuple:
    return (v.soort, v.besluitdatum, v.examenonderdeel)


def _ontheffing_key(o: Ontheffing) -> tuple:
    return (o.soort, o.besluitdatum, o.examenonderdeel)


def _examen_tekst(e: ExamenPoging) -> str:
    niveau = f" {e.niveau.value}" if e.niveau is not None else ""
    return f"{e.onderdeel.label}{niveau} op {_d(e.datum)}: {e.resultaat.label}"


def vergelijk(facts: PersonFacts, stand: DuoStand) -> Vergelijking:
    """What DUO's answers change in the dossier and where they differ from it (module docstring)."""
    persoon: dict[str, object] = {}
    overgenomen: list[str] = []
    verschillen: list[Verschil] = []

    # Inburgeringstermijn: DUO's einddatum (exclusive) is the legal final word (Wi2021 art. 7, 12).
    if stand.termijn is not None:
        if facts.termijn_einde != stand.termijn.einde:
            persoon["termijn_einde"] = stand.termijn.einde
            was = f"was {_d(facts.termijn_einde)}" if facts.termijn_einde else "was nog niet van DUO"
            grond = f", verlengd: {stand.termijn.verlenging}" if stand.termijn.verlenging else ""
            overgenomen.append(f"einddatum inburgeringstermijn {_d(stand.termijn.einde)} (exclusief; {was}{grond})")
        eigen = compute_termijn(facts)
        if eigen is not None and eigen.start != stand.termijn.start:
            verschillen.append(Verschil("start inburgeringstermijn", _d(stand.termijn.start),
                                        f"{_d(eigen.start)} (de dag na het eerste PIP)"))

    # Inburgeringsplicht: dates DUO set fill empty facts (as the notifications do); a difference is shown.
    if stand.plicht is not None:
        for veld, duo_datum, onderwerp in (("kennisgeving_duo", stand.plicht.kennisgeving, "kennisgeving DUO"),
                                           ("inburgeringsplicht_start", stand.plicht.begindatum,
                                            "start inburgeringsplicht")):
            eigen_datum = getattr(facts, veld)
            if duo_datum is None or eigen_datum == duo_datum:
                continue
            if eigen_datum is None:
                persoon[veld] = duo_datum
                overgenomen.append(f"{onderwerp} {_d(duo_datum)}")
            else:
                verschillen.append(Verschil(onderwerp, _d(duo_datum), _d(eigen_datum)))
        if not stand.plicht.plichtig and facts.status is Status.ACTIEF:
            reden = f" ({stand.plicht.reden_geen})" if stand.plicht.reden_geen else ""
            verschillen.append(Verschil("inburgeringsplicht", f"geen inburgeringsplicht{reden}", "status actief"))

    if stand.asielstatushouder is not None:
        regie_asiel = facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER
        if stand.asielstatushouder != regie_asiel:
            verschillen.append(Verschil("doelgroep", "asielstatushouder" if stand.asielstatushouder
                                        else "gezinsmigrant of overige migrant", facts.doelgroep.label))

    # PIP: the gemeente's own message; compared with the plan in force, never written (see the module docstring).
    if stand.pip is not None:
        actueel = pip_historie(facts).actuele
        if actueel is None:
            verschillen.append(Verschil("PIP", stand.pip.omschrijving, "geen PIP"))
        else:
            verschil = []
            if actueel.dagtekening != stand.pip.dagtekening:
                verschil.append(("dagtekening", _d(stand.pip.dagtekening), _d(actueel.dagtekening)))
            leerroute = actueel.leerroute or facts.leerroute
            if stand.pip.leerroute is not None and leerroute != stand.pip.leerroute:
                verschil.append(("leerroute", stand.pip.leerroute.label,
                                 leerroute.label if leerroute is not None else "geen leerroute"))
            niveau = actueel.niveau or facts.niveau
            if stand.pip.niveau is not None and niveau != stand.pip.niveau:
                verschil.append(("niveau", stand.pip.niveau.value, niveau.value if niveau is not None else "geen niveau"))
            for wat, duo_waarde, eigen in verschil:
                verschillen.append(Verschil(f"PIP, {wat}", duo_waarde, eigen))

    for onderwerp, duo_datum, eigen_datum in (("MAP-eindgesprek", stand.map_eindgesprek, facts.map_eindgesprek),
                                              ("PVT-ondertekening", stand.pvt_ondertekend, facts.pvt_ondertekend)):
        if duo_datum is not None and duo_datum != eigen_datum:
            verschillen.append(Verschil(onderwerp, _d(duo_datum), _of(eigen_datum)))

    # DUO's decisions: a granted vrijstelling or ontheffing the dossier does not have yet is added.
    bekend_v = {_vrijstelling_key(v) for v in facts.vrijstellingen}
    vrijstellingen_nieuw = tuple(v for v in dict.fromkeys(stand.vrijstellingen) if _vrijstelling_key(v) not in bekend_v)
    overgenomen += [f"{_SOORT_WOORD[v.soort.value]} vrijstelling, besluit {_d(v.besluitdatum)}" for v in vrijstellingen_nieuw]
    bekend_o = {_ontheffing_key(o) for o in facts.ontheffingen}
    ontheffingen_nieuw = tuple(o for o in dict.fromkeys(stand.ontheffingen) if _ontheffing_key(o) not in bekend_o)
    overgenomen += [f"{_SOORT_WOORD[o.soort.value]} ontheffing, besluit {_d(o.besluitdatum)}" for o in ontheffingen_nieuw]
    if any(o.soort is OntheffingSoort.GEHEEL for o in stand.ontheffingen) and facts.status is Status.ACTIEF:
        verschillen.append(Verschil("status", "gehele ontheffing", "status actief"))

    # Exam results: new ones are added; a gepland exam on that day gets DUO's result; another result is a difference.
    eigen_examens: dict[tuple, list[ExamenPoging]] = {}
    for e in facts.examens:
        eigen_examens.setdefault((e.onderdeel, e.datum), []).append(e)
    nieuw: list[ExamenPoging] = []
    uitslag: list[ExamenPoging] = []
    for e in dict.fromkeys(stand.examens):
        eigen = eigen_examens.get((e.onderdeel, e.datum), [])
        if not eigen:
            nieuw.append(e)
            overgenomen.append(f"examen {_examen_tekst(e)}")
        elif any(x.resultaat is e.resultaat for x in eigen):
            continue
        elif all(x.resultaat is ExamenResultaat.GEPLAND for x in eigen):
            uitslag.append(e)
            overgenomen.append(f"uitslag examen {_examen_tekst(e)}")
        else:
            verschillen.append(Verschil(f"examen {e.onderdeel.label} op {_d(e.datum)}", e.resultaat.label,
                                        ", ".join(x.resultaat.label for x in eigen)))
    return Vergelijking(persoon=persoon, examens_nieuw=tuple(nieuw), examens_uitslag=tuple(uitslag),
                        vrijstellingen_nieuw=vrijstellingen_nieuw, ontheffingen_nieuw=ontheffingen_nieuw,
                        overgenomen=tuple(overgenomen), verschillen=tuple(verschillen))
