"""What the rules derive from one person's facts, derived once per facts object (speed only, same answers).

One evaluation of a file asks for the same derivations again and again: the
phase, each signaal and the Z-route pace all want the PIP history, the effective
facts and the inburgeringstermijn, and a caseload or a monitor report does that
for thousands of files. :class:`rules.model.PersonFacts` is frozen, so a
derivation from the facts alone is the same every time it is asked; ``per_facts``
keeps the first answer on the facts object itself, the way
``functools.cached_property`` does: beside the fields, so equality, hashing, repr
and ``dataclasses.replace`` are untouched, and a changed copy derives afresh.
``per_dag`` does the same for a derivation that also depends on the day and the
policy, keeping the last day's answer. Only frozen values are kept, so sharing
them is safe; two threads asking at once at worst compute the same answer twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import TypeVar

T = TypeVar("T")
F = TypeVar("F")

_MISSING = object()


class _Self:
    """The marker for "the derivation is the facts themselves"; copied and pickled as this very marker."""

    def __reduce__(self) -> str:
        return "_SELF"


_SELF = _Self()


def per_facts(compute: Callable[[F], T]) -> Callable[[F], T]:
    """``compute(facts)`` runs once per facts object; later calls return the kept answer."""
    key = f"_afgeleid_{compute.__module__}.{compute.__qualname__}"

    @wraps(compute)
    def once(facts: F) -> T:
        kept = facts.__dict__.get(key, _MISSING)
        if kept is _SELF:
            return facts  # type: ignore[return-value]
        if kept is _MISSING:
            kept = compute(facts)
            # A derivation that is the facts themselves (effective facts without a PIP history) is kept as a marker:
            # a reference from the object to itself would leave it to the cyclic collector to free.
            facts.__dict__[key] = _SELF if kept is facts else kept
        return kept  # type: ignore[return-value]

    once.uncached = compute  # type: ignore[attr-defined]
    return once


def per_dag(compute: Callable[[F, date, object], T]) -> Callable[[F, date, object], T]:
    """``compute(facts, as_of, policy)`` runs once per facts object, day and policy: the answer for the
    last day and policy asked is kept (the policy by identity: it is held, so its id cannot be reused)."""
    key = f"_afgeleid_{compute.__module__}.{compute.__qualname__}"

    @wraps(compute)
    def once(facts: F, as_of: date, policy: object) -> T:
        kept = facts.__dict__.get(key)
        if kept is not None and kept[0] == as_of and kept[1] is policy:
            return kept[2]
        value = compute(facts, as_of, policy)
        facts.__dict__[key] = (as_of, policy, value)
        return value

    once.uncached = compute  # type: ignore[attr-defined]
    return once
