"""The law as pure functions: regie's rule engine (stdlib + dateutil only).

Import from here for the common names; the submodules hold the rest.
"""

from rules.bsn import is_valid_bsn, mask_bsn, normalize_bsn
from rules.dates import add_months, add_years, format_date, format_hours, parse_bool, parse_date, parse_hours
from rules.engine import (
    SOORT_LABELS,
    Aanbod,
    Beoordeling,
    Datum,
    Ernst,
    Signaal,
    Soort,
    ZrouteTeller,
    ZrouteVoortgang,
    assess,
    compute_signalen,
    most_pressing,
)
from rules.errors import SettingsError, InputError
from rules.phase import Fase, determine_phase, missing_facts
from rules.policy import Policy, load_policy, policy_to_toml
from rules.validation import Bevinding, exam_warnings, validate_facts

__all__ = [
    "SOORT_LABELS",
    "Aanbod",
    "Beoordeling",
    "Bevinding",
    "Datum",
    "Ernst",
    "Fase",
    "SettingsError",
    "InputError",
    "Policy",
    "Signaal",
    "Soort",
    "ZrouteTeller",
    "ZrouteVoortgang",
    "add_months",
    "add_years",
    "assess",
    "compute_signalen",
    "determine_phase",
    "exam_warnings",
    "format_date",
    "format_hours",
    "is_valid_bsn",
    "load_policy",
    "mask_bsn",
    "missing_facts",
    "most_pressing",
    "normalize_bsn",
    "parse_bool",
    "parse_date",
    "parse_hours",
    "policy_to_toml",
    "validate_facts",
]
