"""Retention: how long a closed file is kept.

The Wet inburgering 2021 is said to set five years after the file is closed;
the municipality's archivist decides, so the length is the policy setting
`bewaartermijn_jaren` (default 5), not a constant.
"""

from __future__ import annotations

from datetime import date

from rules.dates import add_years
from rules.policy import Policy


def bewaren_tot(gesloten_op: date | None, policy: Policy) -> date | None:
    """The first day the closed file may be destroyed; None while it is open."""
    if gesloten_op is None:
        return None
    return add_years(gesloten_op, policy.bewaartermijn_jaren)


def mag_weg(gesloten_op: date | None, *, today: date, policy: Policy) -> bool:
    until = bewaren_tot(gesloten_op, policy)
    return until is not None and today >= until
