"""Checking, normalising and masking the burgerservicenummer (BSN).

A BSN has 9 digits and passes the elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9
is divisible by 11 (Wet algemene bepalingen burgerservicenummer; the
"elfproef" as published by the Rijksdienst voor Identiteitsgegevens).
Lists never show a full BSN, only :func:`mask_bsn`.
"""

from __future__ import annotations

from rules.errors import InputError

BSN_LENGTE = 9
# Weights of the elfproef for the 9 digits; the last one counts negatively.
_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# Characters people type to group a BSN ("1234.56.789", "123 456 789").
_SEPARATORS = (" ", ".", "\u00a0")
_MASK_SHOWN = 4
# Test BSNs: numbers starting with 9999 (999900000 up to 999999999) are reserved for test
# persons and are never issued to a resident (RvIG, test persons in the BRP/GBA-V
# proefomgeving; Logius, "BSN testnummers"). storage/demo.py draws every demo BSN from it.
TEST_BSN_PREFIX = "9999"


def _strip(text: str) -> str:
    for sep in _SEPARATORS:
        text = text.replace(sep, "")
    return text.strip()


def _passes_elfproef(digits: str) -> bool:
    return sum(w * int(d) for w, d in zip(_WEIGHTS, digits)) % 11 == 0


def normalize_bsn(text: str) -> str:
    """The 9 digits of a typed BSN, or :class:`InputError` saying why it is not one."""
    if not isinstance(text, str):
        raise InputError("Ongeldige invoer voor het BSN.")
    digits = _strip(text)
    if not digits:
        raise InputError("Geen BSN ingevuld.")
    if not all("0" <= ch <= "9" for ch in digits):
        raise InputError("Een BSN bestaat alleen uit de cijfers 0-9 (spaties en punten mogen); er staat iets anders in.")
    if len(digits) != BSN_LENGTE:
        raise InputError(f"Een BSN heeft {BSN_LENGTE} cijfers; dit nummer heeft er {len(digits)}.")
    if digits == "0" * BSN_LENGTE:
        raise InputError("000000000 is geen geldig BSN.")
    if not _passes_elfproef(digits):
        raise InputError(f"{digits} is geen geldig BSN: de elfproef klopt niet. Controleer op een tikfout.")
    return digits


def is_valid_bsn(text: str) -> bool:
    """True if ``text`` (spaces and dots allowed) is a valid BSN; never raises."""
    try:
        normalize_bsn(text)
    except InputError:
        return False
    return True


def is_test_bsn(text: str) -> bool:
    """True if ``text`` is a valid BSN from the test range (starts with 9999); a real person's BSN is False."""
    try:
        digits = normalize_bsn(text)
    except InputError:
        return False
    return digits.startswith(TEST_BSN_PREFIX)


def mask_bsn(bsn: str | None) -> str:
    """``*****6789``: only the last 4 digits, for lists and screens."""
    if not isinstance(bsn, str):
        return ""
    digits = _strip(bsn)
    if len(digits) <= _MASK_SHOWN:
        return "*" * len(digits)
    return "*" * (len(digits) - _MASK_SHOWN) + digits[-_MASK_SHOWN:]
