"""Text hygiene: which characters a stored text may hold, how it is shown safely, and how a name is found.

Three things, all pure functions on strings:

* :func:`check_text` says in Dutch why a text a user typed or a file brought in
  cannot be stored: it holds a control character (C0/C1, ESC, DEL, NUL) that a
  terminal would run as a command (set the window title, clear the screen,
  write the clipboard), a bidi override/isolate that reorders what is shown, an
  invisible or format character, or nothing visible at all.
* :func:`safe_for_terminal` shows text stored before that check existed without
  letting it reach the terminal as a control sequence: every such character is
  shown visibly as its escape (``\\x1b``, ``\\u202e``).
* :func:`search_key` and :func:`search_terms` make every name findable however
  it is typed: case and accents folded (Öztürk = ÖZTÜRK = ozturk), any
  alphabet transliterated to Latin letters, words in any order.

Which format characters (Unicode category Cf) a name may hold: only ZERO WIDTH
NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D), and only between two
letters of a script that needs them to spell a word correctly (Arabic, Persian,
Urdu, Indic scripts, …; not Latin, Greek or Cyrillic, where they only hide a
difference). Every other Cf character is refused: bidi marks, overrides and
isolates (U+200E/F, U+202A-E, U+2066-9, U+061C), soft hyphen, word joiner, BOM,
tag characters. A kenmerk (``kenmerk=True``) allows no format character at all.
Private-use (Co), unassigned (Cn) and surrogate (Cs) code points are refused
everywhere; so are line and paragraph separators (U+2028/9) and, in a one-line
field, newline and tab.
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

# Format characters a script needs between its letters (see the module docstring).
_JOINERS = frozenset({"\u200c", "\u200d"})
# Scripts where a joiner never changes how a word is spelled: there it only hides a difference.
_NO_JOINER_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "DIGIT")
# Characters that are not Cc/Cf but still show nothing; a name of only these is empty.
_INVISIBLE_LETTERS = frozenset({
    "\u034f",  # COMBINING GRAPHEME JOINER
    "\u115f", "\u1160", "\u3164", "\uffa0",  # Hangul fillers
    "\u17b4", "\u17b5",  # Khmer inherent vowels (invisible)
    "\u2800",  # BRAILLE PATTERN BLANK
})
_MULTILINE_ALLOWED = frozenset({"\n", "\r", "\t"})


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _describe(char: str) -> str:
    """A character as a user can look it up: its code point and, where Unicode has one, its name."""
    name = unicodedata.name(char, "")
    if not name and char in "\x00\x1b\x7f":
        name = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}[char]
    return f"{_codepoint(char)} {name}".strip()


def _joiner_allowed(text: str, index: int) -> bool:
    """A ZWJ/ZWNJ at `index` between two letters (or marks) of a script that needs joiners."""
    if index == 0 or index == len(text) - 1:
        return False
    for neighbour in (text[index - 1], text[index + 1]):
        if unicodedata.category(neighbour)[0] not in "LM":
            return False
        if unicodedata.name(neighbour, "").startswith(_NO_JOINER_SCRIPTS):
            return False
    return True


def _is_forbidden(text: str, index: int, *, multiline: bool, kenmerk: bool) -> bool:
    char = text[index]
    category = unicodedata.category(char)
    if category == "Cc":
        return not (multiline and char in _MULTILINE_ALLOWED)
    if category == "Cf":
        return kenmerk or char not in _JOINERS or not _joiner_allowed(text, index)
    return category in ("Co", "Cn", "Cs", "Zl", "Zp")


def is_plain(text: str) -> bool:
    """Whether `text` holds only letters, marks, digits, punctuation, symbols and spaces, none of them
    invisible: then :func:`check_text` has nothing to say about it, nor about any part of it."""
    return text.isprintable() and _INVISIBLE_LETTERS.isdisjoint(text)


def check_text(text: str, *, veld: str, multiline: bool = False, kenmerk: bool = False) -> str | None:
    """Why `text` (the field called `veld`) cannot be stored, in Dutch; None when it can.

    `multiline` allows newline, carriage return and tab (a notitie, an
    omschrijving); `kenmerk` allows no format character at all. An empty or
    blank text is fine here (whether a field is required is for the form to
    say, after stripping); a text of only invisible characters is not.
    """
    if is_plain(text):
        return None  # letters, marks, digits, punctuation, symbols and spaces only: the common case, fast
    for index, char in enumerate(text):
        if _is_forbidden(text, index, multiline=multiline, kenmerk=kenmerk):
            return (f"{veld} bevat een onzichtbaar teken of stuurteken ({_describe(char)}) op positie {index + 1}; "
                    "zo'n teken kan de weergave verstoren of verbergen wat er staat. Haal het weg, bijvoorbeeld "
                    "door de tekst opnieuw te typen in plaats van te plakken.")
    if text and not text.isspace() and not any(_visible(char) for char in text):
        return f"{veld} bestaat alleen uit onzichtbare tekens; typ de tekst opnieuw."
    return None


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    return not (category[0] in "CZ" or char in _INVISIBLE_LETTERS)


def kenmerk_key(kenmerk: str) -> str:
    """A kenmerk as storage compares it: NFKC, invisible and format characters removed, outer spaces cut.

    Two kenmerken that differ only by a zero-width space, a BOM, a bidi mark or
    a full-width digit have the same key. Case is kept: that is storage's own choice.
    """
    normal = unicodedata.normalize("NFKC", kenmerk)
    return "".join(char for char in normal
                   if unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cn", "Cs")
                   and char not in _INVISIBLE_LETTERS).strip()


# --- showing stored text ------------------------------------------------------------


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe_for_terminal(text: str, *, multiline: bool = False) -> str:
    """`text` with every character a terminal could run or that hides itself shown as its escape.

    ESC becomes ``\\x1b``, a right-to-left override ``\\u202e``, a newline
    ``\\x0a`` (unless `multiline`), so stored data can never set the window
    title, clear the screen, draw fake text or write the clipboard, and the
    reader sees that something odd is there. What :func:`check_text` allows
    passes unchanged. A backslash stays a backslash: the output is for
    reading, not for parsing back.
    """
    if text.isprintable() and _INVISIBLE_LETTERS.isdisjoint(text):
        return text  # the common case: nothing to do
    out = []
    for index, char in enumerate(text):
        if _is_forbidden(text, index, multiline=multiline, kenmerk=False) or char in _INVISIBLE_LETTERS:
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


# --- finding names ------------------------------------------------------------------

# Dropped inside a word so that O'Brien, O’Brien and OBrien share a key (anyascii writes every
# apostrophe-like mark as ' and an Arabic ain as `).
_APOSTROPHES = frozenset("'`")


def search_key(text: str) -> str:
    """A name as it is searched: Latin letters and digits, lower case, words separated by one space.

    Accents and other diacritics are folded (Öztürk, ÖZTÜRK → ``ozturk``; Şahin →
    ``sahin``; ß → ``ss``; ø → ``o``; ł → ``l``; ı and İ → ``i``; æ → ``ae``),
    other alphabets are transliterated by anyascii (Владимир → ``vladimir``;
    Arabic and Ge'ez script too, though a name stored in its Latin spelling is
    found by that spelling). Apostrophes vanish; every other punctuation mark
    separates words (El-Amrani → ``el amrani``). Invisible characters are
    ignored. Store this next to the name and compare tokens of
    :func:`search_terms` against it.
    """
    normal = unicodedata.normalize("NFKC", text)
    visible = "".join(char for char in normal if _visible(char) or char.isspace())
    latin = anyascii(visible).lower()
    words = []
    current = []
    for char in latin:
        if char.isascii() and char.isalnum():
            current.append(char)
        elif char in _APOSTROPHES:
            continue
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return " ".join(words)


def search_terms(query: str) -> tuple[str, ...]:
    """The tokens of a search: each must be a substring of the stored :func:`search_key` (AND, any order).

    ``darwish omar`` finds ``Omar Darwish``; duplicates are dropped; an empty or
    blank query gives no terms (everything matches).
    """
    return tuple(dict.fromkeys(search_key(query).split()))


def matches(key: str, terms: tuple[str, ...]) -> bool:
    """Whether a stored :func:`search_key` satisfies every term (what ``LIKE '%term%' AND …`` does in SQL)."""
    return all(term in key for term in terms)
