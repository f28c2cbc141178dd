"""The one base class of errors a service reports to a face: the message is Dutch and safe to show."""

from __future__ import annotations


class ServiceError(Exception):
    """A use case could not be done; `str(error)` is one Dutch sentence for the user, without personal data."""
