"""BSN elfproef, normalisation and masking."""

import pytest

from rules.bsn import is_test_bsn, is_valid_bsn, mask_bsn, normalize_bsn
from rules.errors import InputError

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def make_bsn(first8: str) -> str:
    """Complete 8 digits with the check digit that makes the elfproef hold."""
    total = sum(w * int(d) for w, d in zip(WEIGHTS, first8))
    check = total % 11
    assert check != 10, "no valid check digit for these 8 digits; pick others"
    return first8 + str(check)


def test_the_helper_makes_111222333():
    # 9+8+7+12+10+8+9+6 = 69; 69 mod 11 = 3, so the check digit is 3.
    assert make_bsn("11122233") == "111222333"


@pytest.mark.parametrize(
    "text",
    ["111222333", make_bsn("12345678"), make_bsn("23456780"), make_bsn("99999990"), "1112.22.333", " 111 222 333 ", "111.222.333"],
)
def test_a_valid_bsn_passes_the_elfproef(text):
    assert is_valid_bsn(text)
    assert normalize_bsn(text) == text.replace(".", "").replace(" ", "")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("111222334", "elfproef"),
        ("000000000", "000000000 is geen geldig BSN"),
        ("11122233", "9 cijfers; dit nummer heeft er 8"),
        ("1112223330", "heeft er 10"),
        ("", "Geen BSN"),
        ("11122233a", "alleen uit de cijfers"),
        ("١١١٢٢٢٣٣٣", "alleen uit de cijfers"),
        ("-11222333", "alleen uit de cijfers"),
    ],
)
def test_an_invalid_bsn_is_refused_with_the_reason(text, fragment):
    assert not is_valid_bsn(text)
    with pytest.raises(InputError) as info:
        normalize_bsn(text)
    assert fragment in info.value.message


@pytest.mark.parametrize("value", [None, 111222333, ["111222333"]])
def test_non_text_is_not_a_bsn(value):
    assert not is_valid_bsn(value)


@pytest.mark.parametrize(
    ("bsn", "masked"),
    [("111222333", "*****2333"), ("111.222.333", "*****2333"), ("123", "***"), ("", ""), (None, "")],
)
def test_mask_bsn_shows_only_the_last_four_digits(bsn, masked):
    assert mask_bsn(bsn) == masked


@pytest.mark.parametrize(
    ("text", "is_test"),
    [
        (make_bsn("99990001"), True),  # the range storage/demo.py draws from
        ("9999.0001." + make_bsn("99990001")[-1], True),  # typed with dots
        (make_bsn("99999990"), True),  # the top of the range
        ("111222333", False),  # passes the elfproef: a real person's number
        (make_bsn("99989999"), False),  # just below the test range
        ("999900012", False),  # starts with 9999 but fails the elfproef
        ("", False),
    ],
)
def test_only_a_valid_bsn_starting_with_9999_is_a_test_bsn(text, is_test):
    assert is_test_bsn(text) is is_test

