"""The legal values of the Wet inburgering 2021, each with its source.

Values a municipality chooses for itself are not here but in
:mod:`rules.policy`. DOMAIN refers to /work/shared/DOMAIN.md and the numbered
policy papers it cites ([000] Diemen, [001] Gooise Meren, [003] Westerkwartier,
[004] Purmerend).
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.model import Leerroute

# PIP must be vastgesteld within 10 weeks after DUO's notice of the
# inburgeringsplicht or the BRP registration, whichever is later
# (Besluit inburgering 2021 art. 5.3; DOMAIN "Dates and deadlines").
PIP_TERMIJN_WEKEN = 10
PIP_TERMIJN_DAGEN = PIP_TERMIJN_WEKEN * 7

# The inburgeringstermijn lasts 3 years from the day after the PIP's
# dagtekening (Wet inburgering 2021 art. 7 and 11; [003]).
TERMIJN_JAREN = 3

# An asielstatushouder's inburgeringsaanbod must start within 3 months after
# the PIP, 6 months on the onderwijsroute (Besluit inburgering 2021; DUO SS127).
AANBOD_MAANDEN = 3
AANBOD_MAANDEN_ONDERWIJS = 6

# Switching leerroute is possible up to 1.5 years after the PIP [000];
# onderwijsroute to B1-route is allowed at any time (law).
LEERROUTE_WISSEL_MAANDEN = 18

# Financieel ontzorgen lasts at least 6 months [000, 001, 003].
ONTZORGEN_MINIMUM_MAANDEN = 6
# An upper bound for a plausible ontzorgen period (the whole 3-year term);
# longer is almost certainly a typo.
ONTZORGEN_MAXIMUM_MAANDEN = 36

# The participatieverklaringstraject is at least 12 hours [000, 001, 003, 004].
PVT_MINIMUM_UREN = 12

# Z-route: 800 hours of language + KNM and 800 hours of the other parts
# [003, 000, 001].
ZROUTE_UREN_TAAL_KNM = 800
ZROUTE_UREN_PARTICIPATIE = 800

# An asielstatushouder's first two attempts per exam component are paid by
# the municipality; a third is at own cost [000].
BETAALDE_EXAMENPOGINGEN = 2

# ELIP (Einde Lening Inburgeringsplicht): old-law people in the last half
# year of their term [004].
ELIP_MAANDEN = 6

# The onderwijsroute is for young people, "up to 28" [003]: someone aged 28
# or older on the PIP date is outside the target group.
ONDERWIJSROUTE_MAX_LEEFTIJD = 28

# The inburgeringsplicht applies from 16 up to the AOW age [003, 004]; the AOW
# age by date of birth is a table of its own: rules.aow.AOW_TABEL (Algemene Ouderdomswet art. 7a).
MINIMUM_LEEFTIJD = 16


@dataclass(frozen=True)
class MaximaleBoete:
    """One row of the enforcement table: which obligation, how much, by whom."""

    verplichting: str
    maximum_euro: int
    opgelegd_door: str  # "gemeente" or "DUO"


# Maximum fines per obligation not met [001] (Gooise Meren, table in ch. 3).
# Municipal fines do not apply to gezinsmigranten [001, 004].
MAXIMALE_BOETES: tuple[MaximaleBoete, ...] = (
    MaximaleBoete("verschijnen voor en meewerken aan de brede intake (incl. leerbaarheidstoets)", 250, "gemeente"),
    MaximaleBoete("PIP naleven: voortgangsgesprekken, PVT, MAP, inburgeringslessen", 800, "gemeente"),
    MaximaleBoete(
        "binnen 3 jaar: slagen voor het examen (B1-route), het taalschakeltraject (onderwijsroute) of voldoen aan de Z-route",
        1000,
        "DUO",
    ),
    MaximaleBoete("binnen 3 jaar: PVT afronden en ondertekenen", 340, "DUO"),
    MaximaleBoete("binnen 3 jaar: MAP afronden", 340, "DUO"),
)

# What each leerroute consists of (DOMAIN "Leerroutes", [003, 000, 001]).
LEERROUTE_ONDERDELEN: dict[Leerroute, tuple[str, ...]] = {
    Leerroute.B1: (
        "Nederlands op B1 (lezen, luisteren, spreken, schrijven; uitzonderlijk A2 op onderdelen)",
        "KNM",
        "participatie- en werkactiviteiten",
        "MAP",
        "PVT",
        "afsluiting: centrale examens (4 vaardigheden) en KNM-examen",
    ),
    Leerroute.ONDERWIJS: (
        "taalschakeltraject (Nederlands B1 of B2)",
        "ontbrekende vakken (Engels, wiskunde)",
        "studievaardigheden",
        "loopbaanoriëntatie",
        "KNM",
        "PVT (geen MAP)",
        "afsluiting: examens B1+ en KNM, rest van het taalschakeltraject",
    ),
    Leerroute.Z: (
        "Nederlands A1 (eventueel met alfabetisering)",
        "activering, zelfredzaamheid en participatie",
        "KNM",
        "PVT",
        "MAP",
        f"{ZROUTE_UREN_TAAL_KNM} uur taal en KNM en {ZROUTE_UREN_PARTICIPATIE} uur overige onderdelen; eindgesprek, geen examens",
    ),
}
