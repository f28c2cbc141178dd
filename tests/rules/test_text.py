"""Text hygiene: control and invisible characters refused, stored text shown safely, every name findable."""

import pytest

from rules.text import check_text, kenmerk_key, matches, safe_for_terminal, search_key, search_terms

# --- check_text ---------------------------------------------------------------------

REFUSED = [
    ("Omar\x1b]0;gehackt\x07", "U+001B ESC"),            # sets the window title
    ("Omar\x1b[2J", "U+001B ESC"),                       # clears the screen
    ("\x1b]52;c;ZWNobyBoYWNr\x07Jan", "U+001B ESC"),     # writes the clipboard (OSC 52)
    ("Jan\x9b2J", "U+009B"),                             # C1 CSI: the same in one byte
    ("Jan\x00", "U+0000 NUL"),
    ("Jan\x7f", "U+007F DEL"),
    ("Jan\x08\x08\x08Piet", "U+0008"),                   # backspace draws fake text over the real
    ("Jan\rPiet", "U+000D"),                             # carriage return, too, in a one-line field
    ("Jan\nPiet", "U+000A"),
    ("Amal \u202eSDRAWKCAB", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Amal \u2067x\u2069", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("Amal\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("Amal\u061c", "U+061C ARABIC LETTER MARK"),
    ("Am\u200bal", "U+200B ZERO WIDTH SPACE"),
    ("Am\u00adal", "U+00AD SOFT HYPHEN"),
    ("Am\u2060al", "U+2060 WORD JOINER"),
    ("\ufeffAmal", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("Amal\U000e0041", "U+E0041 TAG LATIN CAPITAL LETTER A"),
    ("Amal\ue000", "U+E000"),                            # private use
    ("Amal\u0378", "U+0378"),                            # unassigned
    ("Amal\u2028", "U+2028 LINE SEPARATOR"),
    ("Jan\u200dPiet", "U+200D ZERO WIDTH JOINER"),       # a joiner between Latin letters only hides a difference
    ("\u200cAmal", "U+200C ZERO WIDTH NON-JOINER"),      # ... and at the start joins nothing
]


@pytest.mark.parametrize(("text", "named"), REFUSED)
def test_a_control_or_invisible_character_is_refused_naming_it_and_where(text, named):
    reason = check_text(text, veld="De naam")
    assert reason is not None
    assert reason.startswith("De naam bevat een onzichtbaar teken of stuurteken")
    assert f"({named})" in reason
    assert "positie" in reason


ACCEPTED = [
    "Öztürk", "Hüseyin Şahin", "Straße", "Søren Łukasz", "Işıl İbrahim", "Æsa", "Zoë Hélène",
    "O'Brien", "El-Amrani", "عمر درويش", "Владимир", "ሃብተማርያም", "",
    "می\u200cخواهم",          # Persian: the ZWNJ spells the word
    "क्\u200dष",              # Devanagari: a ZWJ shapes the conjunct
    "Jan\u00a0de Vries",     # a no-break space is a space
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_real_names_in_any_script_are_accepted(text):
    assert check_text(text, veld="De naam") is None


@pytest.mark.parametrize("text", ["\u3164", "\u115f\u1160", "\u2800", " \u3164 "])
def test_a_text_of_only_invisible_characters_is_refused(text):
    assert check_text(text, veld="De naam") == "De naam bestaat alleen uit onzichtbare tekens; typ de tekst opnieuw."


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_an_empty_or_blank_text_is_left_to_the_required_check(text):
    assert check_text(text, veld="De naam") is None


def test_multiline_allows_newline_and_tab_but_never_escape():
    assert check_text("regel één\r\nregel twee\tmet tab", veld="De notitie", multiline=True) is None
    assert check_text("regel één\n\x1b[31mrood", veld="De notitie", multiline=True) is not None


def test_a_kenmerk_allows_no_format_character_not_even_a_joiner_in_arabic():
    assert check_text("عم\u200cر", veld="Het kenmerk") is None
    assert check_text("عم\u200cر", veld="Het kenmerk", kenmerk=True) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("IB-001", "IB-0\u200b01"),
    ("IB-001", "\ufeffIB-001"),
    ("IB-001", "IB-001\u200e"),
    ("IB-001", " IB-001 "),
    ("IB-001", "IB-００１"),  # full-width digits
])
def test_kenmerken_that_differ_only_by_an_invisible_character_have_one_key(a, b):
    assert a != b
    assert kenmerk_key(a) == kenmerk_key(b)


def test_different_kenmerken_keep_different_keys_and_case():
    assert kenmerk_key("IB-001") != kenmerk_key("IB-002")
    assert kenmerk_key("ib-001") != kenmerk_key("IB-001")


# --- safe_for_terminal ----------------------------------------------------------------

@pytest.mark.parametrize(("stored", "shown"), [
    ("Omar\x1b]0;gehackt\x07", "Omar\\x1b]0;gehackt\\x07"),
    ("Jan\x9b2J", "Jan\\x9b2J"),
    ("Amal \u202eSDRAWKCAB", "Amal \\u202eSDRAWKCAB"),
    ("Jan\nPiet", "Jan\\x0aPiet"),
    ("Am\u200bal", "Am\\u200bal"),
    ("\u3164", "\\u3164"),
    ("Amal\U000e0041", "Amal\\U000e0041"),
    ("Öztürk", "Öztürk"),
    ("می\u200cخواهم", "می\u200cخواهم"),
    ("", ""),
])
def test_stored_text_reaches_the_terminal_without_any_control_sequence(stored, shown):
    assert safe_for_terminal(stored) == shown


def test_multiline_display_keeps_line_breaks_but_not_escapes():
    assert safe_for_terminal("een\ntwee\x1b[2J", multiline=True) == "een\ntwee\\x1b[2J"


def test_nothing_safe_for_terminal_returns_holds_a_control_or_format_character():
    import unicodedata

    every_character = "".join(chr(c) for c in range(0x0, 0x3000) if not 0xD800 <= c < 0xE000)
    shown = safe_for_terminal(every_character)
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp") for ch in shown)


# --- search_key and search_terms ------------------------------------------------------

KEYS = [
    ("Öztürk", "ozturk"),
    ("ÖZTÜRK", "ozturk"),
    ("ozturk", "ozturk"),
    ("Hüseyin", "huseyin"),
    ("Şahin", "sahin"),
    ("Straße", "strasse"),
    ("Søren", "soren"),
    ("Łukasz", "lukasz"),
    ("Işıl", "isil"),        # dotless ı
    ("İbrahim", "ibrahim"),  # dotted capital İ
    ("Æsa", "aesa"),
    ("Đorđe", "dorde"),      # d with stroke
    ("Bjørn Ødegård", "bjorn odegard"),
    ("ŞAHİN", "sahin"),
    ("Zoë Hélène", "zoe helene"),
    ("O’Brien", "obrien"),
    ("El-Amrani", "el amrani"),
    ("  Omar   Darwish ", "omar darwish"),
    ("Om\u200bar", "omar"),  # an invisible character does not hide a name
    ("Владимир", "vladimir"),
    ("ሃብተማርያም", "habtemaryam"),  # Tigrinya (Ge'ez script)
]


@pytest.mark.parametrize(("name", "key"), KEYS)
def test_the_search_key_folds_case_accents_and_scripts(name, key):
    assert search_key(name) == key


def test_an_arabic_script_name_gets_a_latin_ascii_key():
    key = search_key("عمر درويش")
    assert key and key.isascii()
    assert len(key.split()) == 2


FINDS = [
    ("darwish omar", "Omar Darwish", True),
    ("omar darwish", "Omar Darwish", True),
    ("OZTURK", "Mehmet Öztürk", True),
    ("öztürk meh", "Mehmet Öztürk", True),
    ("sahin", "Ayşe Şahin", True),
    ("huseyin", "Hüseyin Yılmaz", True),
    ("yilmaz", "Hüseyin Yılmaz", True),
    ("ibrahim", "İbrahim Kaya", True),
    ("strasse", "Anna Straße", True),
    ("el-amrani", "Fatima El-Amrani", True),
    ("obrien", "Sean O'Brien", True),
    ("omar khalil", "Omar Darwish", False),
    ("darwish x", "Omar Darwish", False),
    ("", "Omar Darwish", True),
]


@pytest.mark.parametrize(("query", "name", "found"), FINDS)
def test_a_query_finds_a_name_in_any_word_order_and_spelling(query, name, found):
    assert matches(search_key(name), search_terms(query)) is found


def test_search_terms_are_deduplicated_tokens_of_the_key():
    assert search_terms("Omar  omar Darwish") == ("omar", "darwish")
    assert search_terms("   ") == ()
