"""The disclosure rule of published counts: small counts hidden, and no hidden small count can be computed back."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.onderdrukking import Optelling, onderdruk, speelruimte


def _cellen(**waarden: int) -> dict[str, int]:
    return waarden


@pytest.mark.parametrize(
    ("waarden", "optellingen", "klein", "aanvullend"),
    [
        pytest.param(  # the tester's instroom: "totaal 36 · asiel 27 · gezin 8 · overige migrant < 5" gave overig = 1
            _cellen(totaal=36, asiel=27, gezin=8, overig=1),
            [Optelling("totaal", ("asiel", "gezin", "overig"))],
            {"overig"}, {"gezin"}, id="a breakdown hides the next smallest part too",
        ),
        pytest.param(  # "PIP's vastgesteld 18 · binnen 10 weken 17": one late PIP
            _cellen(vastgesteld=18, op_tijd=17, te_laat=1, zonder=0),
            [Optelling("vastgesteld", ("op_tijd", "te_laat", "zonder"))],
            {"te_laat"}, {"op_tijd"}, id="a part and its whole: the complement is hidden, a zero stays",
        ),
        pytest.param(
            _cellen(te_starten=13, op_tijd=10, te_laat=3),
            [Optelling("te_starten", ("op_tijd", "te_laat"))],
            {"te_laat"}, {"op_tijd"}, id="aanbod had moeten starten 13, op tijd 10",
        ),
        pytest.param(  # 1 + 1 = 2 with both "< 5": each must be 1, so a third cell goes too
            _cellen(totaal=12, a=10, b=1, c=1),
            [Optelling("totaal", ("a", "b", "c"))],
            {"b", "c"}, {"a"}, id="two small cells that pin each other down",
        ),
        pytest.param(  # hiding the 5 leaves 6 - 5 = 1 (a hidden cell is at least 5): the total goes as well
            _cellen(totaal=6, a=5, b=1),
            [Optelling("totaal", ("a", "b"))],
            {"b"}, {"a", "totaal"}, id="no part left to hide: the total is hidden",
        ),
        pytest.param(
            _cellen(totaal=20, a=10, b=10),
            [Optelling("totaal", ("a", "b"))],
            set(), set(), id="nothing small, nothing hidden",
        ),
        pytest.param(  # "op tijd" hidden in the PIP table, but the weeks chart would add it up again
            _cellen(v=18, o=17, l=1, w1=9, w2=8, w3=1),
            [Optelling("v", ("o", "l")), Optelling("o", ("w1", "w2")), Optelling("l", ("w3",))],
            {"l", "w3"}, {"o", "w2"}, id="a hidden total is not left to be summed from its parts",
        ),
        pytest.param(
            _cellen(jan=0, feb=2, mrt=7),
            [],
            {"feb"}, set(), id="cells that add up to nothing printed only hide themselves",
        ),
    ],
)
def test_small_counts_and_the_cells_that_would_reveal_them_are_hidden(waarden, optellingen, klein, aanvullend):
    uitkomst = onderdruk(waarden, optellingen, 5)
    assert set(uitkomst.klein) == klein
    assert set(uitkomst.aanvullend) == aanvullend


def test_the_report_prints_a_small_count_as_less_than_the_drempel_and_a_complement_as_a_cross():
    uitkomst = onderdruk({"totaal": 36, "asiel": 27, "gezin": 8, "overig": 1},
                         [Optelling("totaal", ("asiel", "gezin", "overig"))], 5)
    assert [uitkomst.toon(s) for s in ("totaal", "asiel", "gezin", "overig")] == ["36", "27", "×", "< 5"]
    assert [uitkomst.getoond(s) for s in ("totaal", "gezin", "overig")] == [36, None, None]


def test_every_part_of_a_small_total_is_shown_as_small_zeros_too():
    # Four parts "< 5" of a total "< 5" with no zero among them could only be 1 each.
    uitkomst = onderdruk({"totaal": 4, "afgerond": 1, "vertrokken": 1, "ontheffing": 1, "vrijstelling": 1, "overig": 0},
                         [Optelling("totaal", ("afgerond", "vertrokken", "ontheffing", "vrijstelling", "overig"))], 5)
    assert [uitkomst.toon(s) for s in ("totaal", "afgerond", "overig")] == ["< 5", "< 5", "< 5"]


def test_with_drempel_two_the_one_small_value_is_all_there_is_to_hide():
    uitkomst = onderdruk({"totaal": 7, "a": 6, "b": 1}, [Optelling("totaal", ("a", "b"))], 2)
    assert set(uitkomst.klein) == {"b"} and set(uitkomst.aanvullend) == set()


def test_speelruimte_is_what_a_reader_can_still_not_rule_out():
    ruimte = speelruimte({"totaal": 36, "asiel": 27, "gezin": 8, "overig": 1},
                         [Optelling("totaal", ("asiel", "gezin", "overig"))], drempel=5,
                         klein={"overig"}, aanvullend={"gezin"})
    assert ruimte["overig"] == (1, 4) and ruimte["gezin"] == (5, 8) and ruimte["asiel"] == (27, 27)


# --- the property: for every report-shaped table, no hidden small count can be computed back ----------------

# A report's shape: a total split two ways (doelgroep and month), one part split again (op tijd in weeks).
_SHAPE = [
    Optelling("r", ("a", "b", "c")),
    Optelling("r", ("m1", "m2", "m3")),
    Optelling("a", ("a1", "a2")),
]
_LEAVES = ("a1", "a2", "b", "c", "m1", "m2", "m3")


def _derive(leaves: dict[str, int]) -> dict[str, int] | None:
    values = dict(leaves)
    values["a"] = values["a1"] + values["a2"]
    values["r"] = values["a"] + values["b"] + values["c"]
    if values["m1"] + values["m2"] + values["m3"] != values["r"]:
        return None
    return values


@st.composite
def _tables(draw):
    split = [draw(st.integers(0, 8)) for _ in ("a1", "a2", "b", "c")]
    total = sum(split)
    m1 = draw(st.integers(0, total))
    m2 = draw(st.integers(0, total - m1))
    return dict(zip(("a1", "a2", "b", "c"), split)) | {"m1": m1, "m2": m2, "m3": total - m1 - m2}


def _possible_tables(uitkomst, drempel: int, cap: int):
    """Every filling of the hidden cells that fits what the printed table tells a reader."""
    shown = {s: v for s, v in uitkomst.waarden.items() if not uitkomst.verborgen(s)}

    small_totals = {o.totaal for o in _SHAPE if o.totaal in uitkomst.klein}
    maybe_zero = {d for o in _SHAPE if o.totaal in small_totals for d in o.delen}

    def options(cel: str) -> range:
        if cel in shown:
            return range(shown[cel], shown[cel] + 1)
        if cel in uitkomst.klein:
            return range(0 if cel in maybe_zero else 1, drempel)
        return range(drempel, cap + 1)

    for combo in itertools.product(*(options(leaf) for leaf in _LEAVES)):
        values = _derive(dict(zip(_LEAVES, combo)))
        if values is None:
            continue
        if all(values[cel] in options(cel) for cel in values):
            yield values


@settings(max_examples=60, deadline=None)
@given(leaves=_tables(), drempel=st.sampled_from([3, 5]))
def test_no_hidden_small_count_can_be_computed_back_from_what_is_printed(leaves, drempel):
    waarden = _derive(leaves)
    uitkomst = onderdruk(waarden, _SHAPE, drempel)
    cap = waarden["r"] + drempel + 2
    seen: dict[str, set[int]] = {cel: set() for cel in waarden}
    maybe_zero = {d for o in _SHAPE if o.totaal in uitkomst.klein for d in o.delen}
    for table in _possible_tables(uitkomst, drempel, cap):
        for cel, value in table.items():
            seen[cel].add(value)
    ruimte = speelruimte(waarden, _SHAPE, drempel=drempel, klein=uitkomst.klein, aanvullend=uitkomst.aanvullend)
    for cel in uitkomst.klein:
        assert waarden[cel] in seen[cel]
        assert len(seen[cel]) >= 2, f"{cel} = {waarden[cel]} is te herleiden uit {uitkomst}"
        # the propagated interval is exact on a table without cycles: the check does not flatter itself
        assert (min(seen[cel]), min(max(seen[cel]), drempel - 1)) == (ruimte[cel][0], min(ruimte[cel][1], drempel - 1))
    for cel, waarde in waarden.items():  # every small count is hidden; a zero only as a part of a small total
        assert uitkomst.verborgen(cel) == (0 < waarde < drempel) or cel in uitkomst.aanvullend or cel in maybe_zero
        assert not (cel in uitkomst.aanvullend and waarde == 0)
