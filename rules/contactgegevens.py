"""Checking what a consulent types as contact details: V-nummer, telefoonnummer, e-mailadres.

Each check returns the value as it is stored, or raises :class:`InputError`
with a Dutch message saying what is wrong and how to fix it.
"""

from __future__ import annotations

from rules import limits
from rules.errors import InputError

# The V-nummer (vreemdelingennummer) that IND and COA print on the COA-pas and their letters
# has 10 digits (issue 17 asks for exactly this check). No check digit is published for it,
# so only the length and the digits are checked.
V_NUMMER_LENGTE = limits.V_NUMMER
# E.164 (ITU-T): an international number has at most 15 digits; no country's
# subscriber numbers are shorter than 8 digits including the country code.
TELEFOON_MAX_CIJFERS = 15
TELEFOON_MIN_CIJFERS = 8
# A Dutch number written nationally (06-…, 020-…) is 10 digits including the leading 0
# (Nummerplan, Telecommunicatiewet; ACM).
TELEFOON_NL_CIJFERS = 10
# Characters people type to group a number.
_SEPARATORS = " .-/()\u00a0"


def _strip(text: str, separators: str) -> str:
    return "".join(char for char in text if char not in separators).strip()


def normalize_v_nummer(text: str) -> str:
    """The 10 digits of a typed V-nummer (spaces and dots allowed), or InputError."""
    digits = _strip(text, " .\u00a0")
    if not digits:
        raise InputError("Geen V-nummer ingevuld.")
    if not all("0" <= char <= "9" for char in digits):
        raise InputError("Een V-nummer bestaat alleen uit cijfers; er staat iets anders in.")
    if len(digits) != V_NUMMER_LENGTE:
        raise InputError(f"Een V-nummer heeft {V_NUMMER_LENGTE} cijfers; dit nummer heeft er {len(digits)}. "
                         "Het staat op de COA-pas en op brieven van de IND.")
    return digits


def normalize_telefoon(text: str) -> str:
    """A phone number as typed, tidied (spaces kept as one), or InputError.

    Accepted: a Dutch number of 10 digits starting with 0 (06 12345678, 020-1234567),
    or an international one with + or 00 and 8 to 15 digits (+31 6 12345678, +32 …).
    """
    compact = _strip(text, _SEPARATORS)
    if not compact:
        raise InputError("Geen telefoonnummer ingevuld.")
    international = compact.startswith("+") or compact.startswith("00")
    digits = compact[1:] if compact.startswith("+") else compact[2:] if compact.startswith("00") else compact
    if not digits.isascii() or not digits.isdigit():
        raise InputError("Een telefoonnummer bestaat uit cijfers (met eventueel + vooraan, spaties of streepjes); "
                         "er staat iets anders in.")
    if international:
        if not TELEFOON_MIN_CIJFERS <= len(digits) <= TELEFOON_MAX_CIJFERS:
            raise InputError(f"Een internationaal nummer heeft {TELEFOON_MIN_CIJFERS} tot {TELEFOON_MAX_CIJFERS} cijfers na "
                             f"de + ; dit nummer heeft er {len(digits)}.")
        return "+" + digits
    if not digits.startswith("0"):
        raise InputError("Begin een Nederlands nummer met 0 (06…, 020…) of een buitenlands nummer met +.")
    if len(digits) != TELEFOON_NL_CIJFERS:
        raise InputError(f"Een Nederlands telefoonnummer heeft {TELEFOON_NL_CIJFERS} cijfers; dit nummer heeft er {len(digits)}.")
    return digits


def normalize_email(text: str) -> str:
    """An e-mail address as stored (trimmed; the domain in lower case), or InputError.

    The shape only (one @, a name before it, a domain with a dot after it, no spaces):
    whether the mailbox exists cannot be known without sending to it.
    """
    address = text.strip()
    if not address:
        raise InputError("Geen e-mailadres ingevuld.")
    if len(address) > limits.EMAIL:
        raise InputError(f"Een e-mailadres is hoogstens {limits.EMAIL} tekens lang.")
    if any(char.isspace() for char in address):
        raise InputError("Een e-mailadres bevat geen spaties.")
    if address.count("@") != 1:
        raise InputError("Een e-mailadres heeft precies één @, zoals naam@voorbeeld.nl.")
    local, domain = address.split("@")
    labels = domain.split(".")
    if not local or len(labels) < 2 or not all(labels) or not labels[-1].isalpha():
        raise InputError("Dit is geen volledig e-mailadres; het ziet eruit als naam@voorbeeld.nl.")
    return f"{local}@{domain.lower()}"
