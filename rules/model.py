"""The vocabulary of the Wet inburgering 2021 and the frozen facts of one person.

Everything here is plain Python: `storage/` converts its rows into these
classes and `tui/` displays them; the rule engine reasons about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Doelgroep(StrEnum):
    """Who the person is for the law (DOMAIN.md, *doelgroepen*)."""

    ASIELSTATUSHOUDER = "asielstatushouder"
    GEZINSMIGRANT = "gezinsmigrant"
    OVERIGE_MIGRANT = "overige_migrant"

    @property
    def label(self) -> str:
        return {
            Doelgroep.ASIELSTATUSHOUDER: "asielstatushouder",
            Doelgroep.GEZINSMIGRANT: "gezinsmigrant",
            Doelgroep.OVERIGE_MIGRANT: "overige migrant",
        }[self]


class Regime(StrEnum):
    """Which law governs the person's whole term."""

    WI2021 = "wi2021"
    WI2013 = "wi2013"  # the ondertussengroep: obliged before 1 January 2022

    @property
    def label(self) -> str:
        return {Regime.WI2021: "Wi2021", Regime.WI2013: "Wi2013"}[self]


class Status(StrEnum):
    ACTIEF = "actief"
    AFGEROND = "afgerond"
    VERTROKKEN = "vertrokken"  # moved to another municipality or abroad
    ONTHEFFING = "ontheffing"  # DUO granted an exemption
    OVERLEDEN = "overleden"

    @property
    def label(self) -> str:
        return self.value


class Leerroute(StrEnum):
    """The three leerroutes; values as the import CSV writes them."""

    B1 = "b1"
    ONDERWIJS = "onderwijs"
    Z = "z"

    @property
    def label(self) -> str:
        return {Leerroute.B1: "B1-route", Leerroute.ONDERWIJS: "onderwijsroute", Leerroute.Z: "Z-route"}[self]

    @property
    def duo_code(self) -> str:
        """DUO's one-letter code for the leerroute (B/O/Z)."""
        return {Leerroute.B1: "B", Leerroute.ONDERWIJS: "O", Leerroute.Z: "Z"}[self]


class Niveau(StrEnum):
    """Language level in the PIP (DUO accepts A2 and B1; A1 and B2 are recorded locally)."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class Alfabetisering(StrEnum):
    """DUO's codes: onderwijs voor analfabeet, anders-analfabeet, niet van toepassing."""

    A = "A"
    AA = "AA"
    NVT = "NVT"

    @property
    def label(self) -> str:
        return {Alfabetisering.A: "analfabeet", Alfabetisering.AA: "anders-gealfabetiseerd", Alfabetisering.NVT: "n.v.t."}[self]


class UrenSoort(StrEnum):
    """The kinds of hours DUO counts separately."""

    TAAL_KNM = "taal_knm"  # taal/KNM at the school during the term
    TAAL_KNM_BREDE_INTAKE = "taal_knm_brede_intake"  # taal/KNM during the brede intake
    PARTICIPATIE = "participatie"

    @property
    def label(self) -> str:
        return {
            UrenSoort.TAAL_KNM: "taal/KNM",
            UrenSoort.TAAL_KNM_BREDE_INTAKE: "taal/KNM brede intake",
            UrenSoort.PARTICIPATIE: "participatie",
        }[self]


class ContactSoort(StrEnum):
    AZC_BEZOEK = "azc_bezoek"
    WARME_OVERDRACHT = "warme_overdracht"
    DRIEPARTIJENGESPREK = "driepartijengesprek"
    BREDE_INTAKE = "brede_intake"
    PIP_GESPREK = "pip_gesprek"
    VOORTGANGSGESPREK = "voortgangsgesprek"
    SPREEKUUR = "spreekuur"
    HUISBEZOEK = "huisbezoek"
    TELEFONISCH = "telefonisch"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return {
            ContactSoort.AZC_BEZOEK: "AZC-bezoek",
            ContactSoort.WARME_OVERDRACHT: "warme overdracht",
            ContactSoort.DRIEPARTIJENGESPREK: "driepartijengesprek",
            ContactSoort.BREDE_INTAKE: "brede intake",
            ContactSoort.PIP_GESPREK: "PIP-gesprek",
            ContactSoort.VOORTGANGSGESPREK: "voortgangsgesprek",
            ContactSoort.SPREEKUUR: "spreekuur",
            ContactSoort.HUISBEZOEK: "huisbezoek",
            ContactSoort.TELEFONISCH: "telefonisch",
            ContactSoort.OVERIG: "overig",
        }[self]


class WeekplanCategorie(StrEnum):
    TAAL = "taal"
    PARTICIPATIE = "participatie"
    FINANCIELE_EDUCATIE = "financiele_educatie"

    @property
    def label(self) -> str:
        return {
            WeekplanCategorie.TAAL: "taal",
            WeekplanCategorie.PARTICIPATIE: "participatie",
            WeekplanCategorie.FINANCIELE_EDUCATIE: "financiële educatie",
        }[self]


class Taalvorm(StrEnum):
    """Formal (taalschool) or informal (taalmaatje, taalcafé, taalcoach) language."""

    FORMEEL = "formeel"
    INFORMEEL = "informeel"


class ExamenOnderdeel(StrEnum):
    LEZEN = "lezen"
    LUISTEREN = "luisteren"
    SPREKEN = "spreken"
    SCHRIJVEN = "schrijven"
    KNM = "knm"

    @property
    def label(self) -> str:
        return "KNM" if self is ExamenOnderdeel.KNM else self.value


class ExamenResultaat(StrEnum):
    GEPLAND = "gepland"
    BEHAALD = "behaald"
    NIET_BEHAALD = "niet_behaald"

    @property
    def label(self) -> str:
        return {ExamenResultaat.GEPLAND: "gepland", ExamenResultaat.BEHAALD: "behaald", ExamenResultaat.NIET_BEHAALD: "niet behaald"}[self]


@dataclass(frozen=True)
class UrenTotalen:
    """Registered hours per kind, up to and including the date reasoned about."""

    taal_knm: float = 0.0
    taal_knm_brede_intake: float = 0.0
    participatie: float = 0.0


@dataclass(frozen=True)
class ExamenPoging:
    onderdeel: ExamenOnderdeel
    datum: date
    resultaat: ExamenResultaat


@dataclass(frozen=True)
class PersonFacts:
    """What a consulent has recorded about one person; unknown facts are None."""

    kenmerk: str
    naam: str
    doelgroep: Doelgroep
    regime: Regime = Regime.WI2021
    status: Status = Status.ACTIEF
    nareiziger: bool = False
    bijstand: bool = False
    consulent: str | None = None
    # the chain, in order
    kennisgeving_duo: date | None = None  # DUO's notice of the inburgeringsplicht
    koppeling: date | None = None  # COA's koppeling to this municipality
    eerste_azc_bezoek: date | None = None
    brp_inschrijving: date | None = None
    huisvesting: date | None = None
    brede_intake_start: date | None = None
    pip_datum: date | None = None  # dagtekening of the (first) PIP
    leerroute: Leerroute | None = None
    niveau: Niveau | None = None
    alfabetisering: Alfabetisering | None = None
    aanbod_start: date | None = None
    ontzorgen_start: date | None = None
    ontzorgen_maanden: int | None = None  # None: the policy default
    pvt_ondertekend: date | None = None
    map_eindgesprek: date | None = None
    zroute_afgerond: date | None = None
    termijn_einde: date | None = None  # DUO's exclusive end date (Wi2013: old-law end date)
    laatste_voortgangsgesprek: date | None = None  # latest of the recorded date and contact moments
    # Every known gesprek date (the recorded one and contact moments), so that
    # reasoning on an earlier date can leave out the gesprekken after it.
    voortgangsgesprekken: tuple[date, ...] = ()
    uren: UrenTotalen = field(default_factory=UrenTotalen)
    examens: tuple[ExamenPoging, ...] = ()
    geboortedatum: date | None = None  # for the age checks (16 up to AOW age; onderwijsroute up to 28)
