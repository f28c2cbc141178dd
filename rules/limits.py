"""How long a typed text may be: each limit once, used by the schema (storage.models), the CSV import,
the rules that check input and the forms that say "te lang".

These are regie's own choices (what fits a column and a screen), not law.
"""

from __future__ import annotations

from typing import Final

KENMERK: Final = 40  # the municipality's own client number
NAAM: Final = 200
BSN: Final = 9  # exactly 9 digits (rules.bsn); the column holds no more
CONSULENT: Final = 100
TAAL: Final = 60
BRON: Final = 100  # who reported hours (a school, a provider); weekplan aanbieder becomes the bron, cut to this
OMSCHRIJVING: Final = 500  # an uren registration's description
ACTIVITEIT: Final = 200
AANBIEDER: Final = 200
LOCATIE: Final = 200
REDEN: Final = 300  # why a signaal was handled or snoozed
DOOR: Final = 100  # who handled a signaal (a consulent's name)

GEMEENTE_OF_LAND: Final = 100  # a previous gemeente, or where someone moved to (a gemeente or a country)
V_NUMMER: Final = 10  # COA/IND vreemdelingennummer: exactly 10 digits (rules.contactgegevens)
AZC_LOCATIE: Final = 100
ADRES: Final = 200
TELEFOON: Final = 20  # E.164 allows 15 digits; room for + and spaces as typed
EMAIL: Final = 254  # RFC 5321: the longest address that can be delivered
CONTACTPERSOON: Final = 100  # a begeleider's name
ORGANISATIE: Final = 100  # e.g. VluchtelingenWerk

# The text columns a CSV of persons or uren may fill, by column name.
IMPORT_COLUMNS: Final = {"kenmerk": KENMERK, "naam": NAAM, "achternaam": NAAM, "consulent": CONSULENT, "bron": BRON, "taal": TAAL,
                         "vorige_gemeente": GEMEENTE_OF_LAND, "vertrek_bestemming": GEMEENTE_OF_LAND,
                         "azc_locatie": AZC_LOCATIE, "adres": ADRES, "email": EMAIL, "contactpersoon": CONTACTPERSOON,
                         "contactpersoon_organisatie": ORGANISATIE, "huishouden": 36}
