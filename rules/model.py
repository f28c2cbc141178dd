"""The vocabulary of the Wet inburgering 2021 and the frozen facts of one person.

Everything here is plain Python: `storage/` converts its rows into these
classes and `tui/` displays them; the rule engine reasons about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
    ONTHEFFING = "ontheffing"  # DUO granted an exemption: the obligation cannot be met (Wi2021 art. 10)
    VRIJSTELLING = "vrijstelling"  # DUO decided the obligation does not apply (Wi2021 art. 6-7; Besluit art. 2.6-2.8)
    OVERLEDEN = "overleden"
    GEEN_PLICHT = "geen_plicht"  # a household member not (yet) obliged, e.g. a child under 16 (rules.huishouden)

    @property
    def label(self) -> str:
        return "geen inburgeringsplicht" if self is Status.GEEN_PLICHT else self.value


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
    """What kind of contact a contactmoment records. Which kinds count for a legal deadline is in `rules.contact`."""

    NOTITIE = "notitie"  # a note without a meeting: the neutral choice, counts for nothing
    AZC_BEZOEK = "azc_bezoek"
    WARME_OVERDRACHT = "warme_overdracht"
    DRIEPARTIJENGESPREK = "driepartijengesprek"
    BREDE_INTAKE = "brede_intake"
    PIP_GESPREK = "pip_gesprek"
    VOORTGANGSGESPREK = "voortgangsgesprek"
    SPREEKUUR = "spreekuur"
    HUISBEZOEK = "huisbezoek"
    TELEFONISCH = "telefonisch"
    EMAIL = "email"
    VIDEO_TOLKGESPREK = "video_tolkgesprek"
    NIET_VERSCHENEN = "niet_verschenen"  # an appointment the person did not come to
    AFGEMELD = "afgemeld"  # an appointment the person cancelled
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return {
            ContactSoort.NOTITIE: "notitie",
            ContactSoort.AZC_BEZOEK: "AZC-bezoek",
            ContactSoort.WARME_OVERDRACHT: "warme overdracht",
            ContactSoort.DRIEPARTIJENGESPREK: "driepartijengesprek",
            ContactSoort.BREDE_INTAKE: "brede intake",
            ContactSoort.PIP_GESPREK: "PIP-gesprek",
            ContactSoort.VOORTGANGSGESPREK: "voortgangsgesprek",
            ContactSoort.SPREEKUUR: "spreekuur",
            ContactSoort.HUISBEZOEK: "huisbezoek",
            ContactSoort.TELEFONISCH: "telefonisch",
            ContactSoort.EMAIL: "e-mail",
            ContactSoort.VIDEO_TOLKGESPREK: "video-/tolkgesprek",
            ContactSoort.NIET_VERSCHENEN: "niet verschenen",
            ContactSoort.AFGEMELD: "afgemeld",
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


class VerzuimReden(StrEnum):
    """Why a planned weekplan activity was not followed (stored in table verzuim)."""

    ZIEK = "ziek"
    AFGEMELD = "afgemeld"
    ZONDER_BERICHT = "zonder_bericht"

    @property
    def label(self) -> str:
        return {VerzuimReden.ZIEK: "ziek", VerzuimReden.AFGEMELD: "afgemeld",
                VerzuimReden.ZONDER_BERICHT: "zonder bericht"}[self]


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
    """DUO's Examen API: Geslaagd, Gezakt or Geen (no result); ``gepland`` is ours, before the exam."""

    GEPLAND = "gepland"
    BEHAALD = "behaald"
    NIET_BEHAALD = "niet_behaald"
    GEEN = "geen"  # DUO: "geen resultaat te bepalen", with a RedenGeenResultaat

    @property
    def label(self) -> str:
        return {
            ExamenResultaat.GEPLAND: "gepland",
            ExamenResultaat.BEHAALD: "behaald",
            ExamenResultaat.NIET_BEHAALD: "niet behaald",
            ExamenResultaat.GEEN: "geen resultaat",
        }[self]


class RedenGeenResultaat(StrEnum):
    """Why DUO records no exam result (Examen API, RedenGeenResultaatInburgeringsexamen)."""

    VERWIJTBAAR = "verwijtbaar"  # e.g. fraud or a no-show by own fault: the attempt counts
    NIET_VERWIJTBAAR = "niet_verwijtbaar"
    AFGEMELD = "afgemeld"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Verblijfsvergunning(StrEnum):
    """Kind of residence permit; matters for a nareiziger's ontzorgen (Participatiewet art. 56a)."""

    ASIEL = "asiel"  # including a nareiziger's derived asylum permit
    REGULIER = "regulier"  # e.g. family reunification on a regular permit

    @property
    def label(self) -> str:
        return {Verblijfsvergunning.ASIEL: "verblijfsvergunning asiel", Verblijfsvergunning.REGULIER: "reguliere verblijfsvergunning"}[self]


class VerlengingGrond(StrEnum):
    """Grounds for extending the inburgeringstermijn (Wi2021 art. 12; Besluit inburgering 2021 art. 4.1-4.5;
    Regeling inburgering 2021 art. 4.1-4.2)."""

    LAAT_AANBOD = "laat_aanbod"  # the gemeente's aanbod started after 3 (onderwijsroute 6) months
    ZIEKTE = "ziekte"
    ZWANGERSCHAP = "zwangerschap"
    ALFABETISERING = "alfabetisering"
    WACHTTIJD_EXAMEN = "wachttijd_examen"
    NIET_VRIJSTELLENDE_OPLEIDING = "niet_vrijstellende_opleiding"  # Regeling art. 4.2
    VERKLARING_GEMEENTE = "verklaring_gemeente"  # the college's statement that the person is not to blame
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return {
            VerlengingGrond.LAAT_AANBOD: "inburgeringsaanbod te laat gestart",
            VerlengingGrond.ZIEKTE: "ziekte",
            VerlengingGrond.ZWANGERSCHAP: "zwangerschap",
            VerlengingGrond.ALFABETISERING: "alfabetisering",
            VerlengingGrond.WACHTTIJD_EXAMEN: "wachttijd examen",
            VerlengingGrond.NIET_VRIJSTELLENDE_OPLEIDING: "niet-vrijstellende opleiding",
            VerlengingGrond.VERKLARING_GEMEENTE: "verklaring van de gemeente",
            VerlengingGrond.OVERIG: "overige grond",
        }[self]


class OntheffingSoort(StrEnum):
    """DUO's Ontheffing API: GeheleOntheffing or GedeeltelijkeOntheffing."""

    GEHEEL = "geheel"
    GEDEELTELIJK = "gedeeltelijk"


class OntheffingGrond(StrEnum):
    """DUO's OntheffingsgrondInburgering."""

    BIO = "BIO"  # bijzondere individuele omstandigheden
    MED = "MED"  # medisch

    @property
    def label(self) -> str:
        return {OntheffingGrond.BIO: "bijzondere individuele omstandigheden", OntheffingGrond.MED: "medisch"}[self]


class VrijstellingSoort(StrEnum):
    """DUO's Vrijstelling API: GeheleVrijstelling, GedeeltelijkeVrijstelling, TijdelijkeVrijstelling."""

    GEHEEL = "geheel"
    GEDEELTELIJK = "gedeeltelijk"
    TIJDELIJK = "tijdelijk"


class LeerbaarheidstoetsVrijstelling(StrEnum):
    """Why no leerbaarheidstoets is taken (brede intake; e.g. a visual or hearing impairment)."""

    VISUELE_BEPERKING = "visuele_beperking"
    AUDITIEVE_BEPERKING = "auditieve_beperking"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class UrenTotalen:
    """Registered hours per kind, up to and including the date reasoned about."""

    taal_knm: float = 0.0
    taal_knm_brede_intake: float = 0.0
    participatie: float = 0.0


@dataclass(frozen=True)
class ExamenPoging:
    """One exam attempt as DUO reports it (Examen API: examendatum, onderdeel, niveau, resultaat)."""

    onderdeel: ExamenOnderdeel
    datum: date
    resultaat: ExamenResultaat
    niveau: Niveau | None = None  # None: B1, the B1-route's level
    reden_geen_resultaat: RedenGeenResultaat | None = None


@dataclass(frozen=True)
class Verlenging:
    """An extension of the inburgeringstermijn; without ``besluitdatum`` it is a ground on file, not yet decided."""

    grond: VerlengingGrond
    besluitdatum: date | None = None  # DUO's decision
    nieuwe_einddatum: date | None = None  # exclusive, as DUO records the term
    toelichting: str = ""


@dataclass(frozen=True)
class Ontheffing:
    """DUO's decision to exempt, wholly or on a component (DUO Ontheffing API)."""

    soort: OntheffingSoort
    besluitdatum: date
    grond: OntheffingGrond | None = None
    examenonderdeel: ExamenOnderdeel | None = None  # partial: this exam component
    # partial, Z-route: maximum participation hours (0: cannot take part); DUO's urenBelastbaarheidParticipatieactiviteit
    participatie_uren_max: int | None = None


@dataclass(frozen=True)
class Vrijstelling:
    """DUO's decision that (part of) the obligation does not apply; a temporary one suspends it."""

    soort: VrijstellingSoort
    besluitdatum: date
    reden: str | None = None  # DUO's code: AVI, DIP, DOC, GED, INB, INS, OPL
    examenonderdeel: ExamenOnderdeel | None = None  # partial: a language component
    examenniveau: Niveau | None = None  # partial: level held (A2 or B1)
    start: date | None = None  # temporary: inclusive
    einde: date | None = None  # temporary: inclusive (DUO)


@dataclass(frozen=True)
class Pip:
    """One PIP (the first, a gewijzigd one, or one from a previous gemeente) with its content."""

    dagtekening: date
    leerroute: Leerroute | None = None
    niveau: Niveau | None = None
    alfabetisering: Alfabetisering | None = None
    gemeente: str | None = None  # None: this gemeente
    reden: str = ""  # why it was changed (leerroute-wissel, verhuizing, afschalen naar A2, ...)

    @property
    def eigen_gemeente(self) -> bool:
        return self.gemeente is None


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
    # --- issue 18: every fact below has a default, so older callers keep working ---
    verblijfsvergunning: Verblijfsvergunning | None = None  # nareiziger: asiel (derived) or regulier
    inburgeringsplicht_start: date | None = None  # when the obligation arose (DUO); else kennisgeving_duo
    aanbod_gepland: date | None = None  # planned start of the inburgeringsaanbod, before it starts
    aanbod_einde: date | None = None  # expected end of the course (DUO: verwachteEinddatumOpleiding, exclusive)
    map_verwijtbaar: bool | None = None  # DUO's "Verwijtbaar (Ja/Nee)" with the MAP date
    pvt_verwijtbaar: bool | None = None  # and with the PVT date
    verlengingen: tuple[Verlenging, ...] = ()
    ontheffingen: tuple[Ontheffing, ...] = ()
    vrijstellingen: tuple[Vrijstelling, ...] = ()
    # PIP history: every PIP known, this gemeente's and a previous gemeente's; pip_datum stays the
    # dagtekening of the first PIP this file knows (for older callers), the history adds the rest.
    pips: tuple[Pip, ...] = ()
    vorige_gemeente: str | None = None  # moved in from this gemeente
    verhuisd_in: date | None = None  # date of settling here after the move (BRP)
    eerste_pip_datum: date | None = None  # dagtekening of the first PIP (previous gemeente), art. 11 lid 3
    vertrokken_op: date | None = None  # moved out (BRP)
    vertrek_bestemming: str | None = None  # gemeente or country
    leerbaarheidstoets: date | None = None
    leerbaarheidstoets_vrijstelling: LeerbaarheidstoetsVrijstelling | None = None

    @classmethod
    def from_fields(cls, values: dict[str, object]) -> PersonFacts:
        """The facts from a dict that holds every field by name: equal to ``PersonFacts(**values)``.

        For reading thousands of rows at once (storage): the frozen constructor sets each of the ~50 fields
        through ``object.__setattr__`` and costs more than ten times as much. There is no ``__post_init__``
        to skip (tests/rules/test_model.py keeps it so); the caller converts the values, as for the constructor.
        """
        if values.keys() != _PERSON_FACT_FIELDS:
            missing, unknown = sorted(_PERSON_FACT_FIELDS - values.keys()), sorted(values.keys() - _PERSON_FACT_FIELDS)
            raise TypeError(f"PersonFacts.from_fields: missing {missing}, unknown {unknown}")
        facts = object.__new__(cls)
        facts.__dict__.update(values)
        return facts


_PERSON_FACT_FIELDS = frozenset(f.name for f in fields(PersonFacts))
