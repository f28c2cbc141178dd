"""The warme overdracht: what the next gemeente needs when a person moves out.

Pure data (sections of label/value rows, all Dutch) for an A4 page like the
weekplan; the HTML is drawn by the face (as ``tui/weekplan_html.py`` draws the
weekplan). Contents follow what the next gemeente must continue with: the
termijn of the first PIP (Wi2021 art. 11 lid 3), the PIP history, leerroute and
niveau, the aanbod, progress on PVT, MAP, Z-route hours and exams, DUO's
decisions (verlenging, ontheffing, vrijstelling), ontzorgen (Participatiewet
art. 56a), and the signalen open on the day of departure. No BSN and no notes:
only what the law's chain needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.dates import format_date, format_hours
from rules.engine import assess, effectieve_facts
from rules.model import Leerroute, PersonFacts
from rules.pip import pip_historie
from rules.policy import Policy
from rules.termijn import ontzorgen_grond


@dataclass(frozen=True)
class OverdrachtSectie:
    kop: str
    regels: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Overdracht:
    kenmerk: str
    naam: str
    peildatum: date  # the day of departure (or as_of when none is recorded)
    bestemming: str | None
    secties: tuple[OverdrachtSectie, ...]


def _d(value: date | None, leeg: str = "onbekend") -> str:
    return format_date(value) if value else leeg


def warme_overdracht(facts: PersonFacts, as_of: date, policy: Policy) -> Overdracht:
    """The summary for the next gemeente, reasoned on the day before departure (the last day here)."""
    peildatum = facts.vertrokken_op or as_of
    # The day before departure: the person's last day in this caseload, when the signalen still apply.
    redeneer = date.fromordinal(peildatum.toordinal() - 1) if facts.vertrokken_op else as_of
    beoordeling = assess(facts, redeneer, policy)
    eff = effectieve_facts(facts)
    termijn = beoordeling.termijn
    historie = pip_historie(facts)

    persoon = OverdrachtSectie("Persoon", (
        ("kenmerk", facts.kenmerk),
        ("doelgroep", facts.doelgroep.label + (" (nareiziger)" if facts.nareiziger else "")),
        ("regime", facts.regime.label),
        ("vertrek", f"{_d(facts.vertrokken_op, 'niet vastgelegd')}" + (f" naar {facts.vertrek_bestemming}" if facts.vertrek_bestemming else "")),
    ))
    termijn_regels = [
        ("start termijn", _d(termijn.start) if termijn else "nog geen PIP"),
        ("einde termijn (exclusief)", _d(termijn.einde) if termijn else _d(facts.termijn_einde)),
        ("laatste dag", _d(termijn.laatste_dag) if termijn else "onbekend"),
        ("toelichting", termijn.toelichting if termijn else "de termijn start de dag na het eerste PIP"),
    ]
    for v in facts.verlengingen:
        termijn_regels.append(("verlenging", f"{v.grond.label}; besluit {_d(v.besluitdatum, 'nog niet')}; "
                                             f"nieuwe einddatum {_d(v.nieuwe_einddatum, 'nog niet')}"))
    pips = tuple((f"PIP {i}", f"{format_date(p.dagtekening)}" + (f", gemeente {p.gemeente}" if p.gemeente else ", deze gemeente")
                  + (f", {p.leerroute.label}" if p.leerroute else "") + (f", niveau {p.niveau.value}" if p.niveau else "")
                  + (f" ({p.reden})" if p.reden else ""))
                 for i, p in enumerate(historie.alle, start=1))
    leerroute = OverdrachtSectie("Leerroute en PIP", (
        ("leerroute", eff.leerroute.label if eff.leerroute else "nog niet vastgesteld"),
        ("niveau", eff.niveau.value if eff.niveau else "onbekend"),
        ("alfabetisering", eff.alfabetisering.label if eff.alfabetisering else "onbekend"),
        ("leerbaarheidstoets", _d(facts.leerbaarheidstoets, "vrijgesteld" if facts.leerbaarheidstoets_vrijstelling else "niet vastgelegd")),
        *pips,
    ))
    voortgang = [
        ("inburgeringsaanbod", _d(facts.aanbod_start, "nog niet gestart")
         + (f", tot {format_date(facts.aanbod_einde)}" if facts.aanbod_einde else "")),
        ("PVT ondertekend", _d(facts.pvt_ondertekend, "nog niet")),
        ("MAP-eindgesprek", _d(facts.map_eindgesprek, "niet verplicht" if eff.leerroute is Leerroute.ONDERWIJS else "nog niet")),
        ("laatste voortgangsgesprek", _d(facts.laatste_voortgangsgesprek, "geen")),
    ]
    if beoordeling.zroute is not None:
        z = beoordeling.zroute
        voortgang.append(("Z-route taal/KNM", f"{format_hours(z.taal_knm.uren)} van {z.taal_knm.doel} uur"))
        if z.participatie is not None:
            voortgang.append(("Z-route participatie", f"{format_hours(z.participatie.uren)} van {z.participatie.doel} uur"))
        voortgang.append(("Z-route afgerond", _d(facts.zroute_afgerond, "nog niet")))
    if eff.leerroute is Leerroute.B1 or facts.examens:
        voortgang += [("examen " + s.onderdeel.label, s.toelichting.split(": ", 1)[1]) for s in beoordeling.examens]
    besluiten = [(f"ontheffing ({o.soort.value})", f"{format_date(o.besluitdatum)}"
                  + (f", {o.examenonderdeel.label}" if o.examenonderdeel else "")
                  + (f", hoogstens {o.participatie_uren_max} uur participatie" if o.participatie_uren_max is not None else ""))
                 for o in facts.ontheffingen]
    besluiten += [(f"vrijstelling ({v.soort.value})", f"{format_date(v.besluitdatum)}"
                   + (f", {_d(v.start)} t/m {_d(v.einde)}" if v.start or v.einde else "")
                   + (f", {v.examenonderdeel.label}" if v.examenonderdeel else ""))
                  for v in facts.vrijstellingen]
    ontzorgen = ontzorgen_grond(facts)
    secties = [
        persoon,
        OverdrachtSectie("Inburgeringstermijn", tuple(termijn_regels)),
        leerroute,
        OverdrachtSectie("Voortgang", tuple(voortgang)),
        OverdrachtSectie("Besluiten van DUO", tuple(besluiten) or (("besluiten", "geen vastgelegd"),)),
        OverdrachtSectie("Ontzorgen", (
            ("van toepassing", "ja" if ontzorgen.van_toepassing else "nee"),
            ("grond", ontzorgen.toelichting),
            ("start ontzorgen", _d(facts.ontzorgen_start, "niet vastgelegd")),
        )),
        OverdrachtSectie("Open signalen op de laatste dag", tuple(
            (s.label, f"{format_date(s.vervaldatum)}: {s.toelichting}") for s in beoordeling.signalen)
            or (("signalen", "geen"),)),
    ]
    return Overdracht(facts.kenmerk, facts.naam, peildatum, facts.vertrek_bestemming, tuple(secties))
