"""A person's achternaam: found in the full naam, and sorted the Dutch way ("van der Berg" under B).

A Dutch surname may start with voorvoegsels (tussenvoegsels): "van", "de",
"van der", "ter". In an alphabetical list they are ignored: "Jan van der
Berg" sorts under B, beside "Berg", not under V (NEN 2762 and the BRP's
Voorvoegseltabel, Tabel 36 of the Landelijke Tabellen, which lists the
voorvoegsels the BRP keeps apart from the geslachtsnaam). Names of other
traditions keep every word of their surname: "El-Amrani", "Abu Bakr".

:func:`achternaam_uit_naam` guesses the achternaam from a full naam when none
was given (the last word, with the voorvoegsels before it); the consulent can
correct it. :func:`sort_key` is what a list sorts on.
"""

from __future__ import annotations

from rules.text import check_text, search_key

# The common voorvoegsels of the BRP's Voorvoegseltabel (Landelijke Tabel 36), in lower case.
# Single words; combinations ("van der", "van den", "in 't") are runs of these.
VOORVOEGSELS = frozenset({
    "van", "de", "der", "den", "het", "'t", "’t", "t", "te", "ten", "ter", "in", "op", "aan", "uit", "bij",
    "onder", "over", "tot", "voor", "von", "vom", "zu", "zum", "zur", "du", "des", "le", "la", "les", "l'",
    "d'", "da", "dal", "dalla", "di", "del", "della", "dos", "das", "do", "y", "'s", "’s", "s", "vande", "vanden",
    "vander", "am", "auf", "im",
})


def _is_voorvoegsel(word: str) -> bool:
    return word.lower() in VOORVOEGSELS


def achternaam_uit_naam(naam: str) -> str:
    """The achternaam in a full naam: its last word, with the voorvoegsels right before it.

    "Jan van der Berg" → "van der Berg"; "Omar Darwish" → "Darwish"; "Fatima
    El-Amrani" → "El-Amrani"; a naam of one word is its own achternaam. The
    first word is always a voornaam, so "Van Dijk" of two words gives "Dijk"
    only when there is no other word: "Van Dijk" → "Van Dijk".
    """
    words = naam.split()
    if not words:
        return ""
    start = len(words) - 1
    while start > 1 and _is_voorvoegsel(words[start - 1]):
        start -= 1
    if start == 1 and len(words) == 2 and _is_voorvoegsel(words[0]):
        start = 0  # "Van Dijk": a surname on its own, written with its voorvoegsel first
    return " ".join(words[start:])


def zonder_voorvoegsels(achternaam: str) -> str:
    """The achternaam without its leading voorvoegsels: "van der Berg" → "Berg"; never empty for a non-empty name."""
    words = achternaam.split()
    index = 0
    while index < len(words) - 1 and _is_voorvoegsel(words[index]):
        index += 1
    return " ".join(words[index:])


def sort_key(naam: str, achternaam: str | None) -> tuple[str, str]:
    """How a list sorted on achternaam orders a person: the achternaam without voorvoegsels, then the full naam.

    Case and accents are folded (Öztürk sorts as ozturk, beside Ozturk), so the order does not depend on how a
    name was typed. Without a stored achternaam it is taken from the naam.
    """
    achternaam = achternaam if achternaam and achternaam.strip() else achternaam_uit_naam(naam)
    return (search_key(zonder_voorvoegsels(achternaam)), search_key(naam))


def check_achternaam(achternaam: str, *, naam: str) -> str | None:
    """Why `achternaam` cannot be stored with `naam`, in Dutch; None when it can: no control or invisible character
    (:func:`rules.text.check_text`), and every word of it in the naam."""
    if (problem := check_text(achternaam, veld="De achternaam")) is not None:
        return problem
    words = search_key(achternaam).split()
    in_naam = search_key(naam).split()
    if words and all(word in in_naam for word in words):
        return None
    return (f"De achternaam ‘{achternaam.strip()}’ staat niet in de naam ‘{naam.strip()}’. Vul de achternaam in "
            "zoals die in de naam staat, of laat het veld leeg: regie neemt dan het laatste woord van de naam.")
