"""The one base class of errors a service reports to a face: the message is Dutch and safe to show."""

from __future__ import annotations


class ServiceError(Exception):
    """A use case could not be done; `str(error)` is one Dutch sentence for the user, without personal data."""


class NoDatabaseError(ServiceError):
    """There is no database at the chosen place, and this use case must not create an empty one."""


class StoreOpenError(ServiceError):
    """The store could not be opened (key, backup, migration); the storage layer's Dutch reason is passed on."""


class DatabaseBusyError(ServiceError):
    """The database is locked by another program or unavailable; nothing was stored."""

    def __init__(self, message: str = "de database is bezet of niet beschikbaar; er is niets opgeslagen, "
                                      "probeer het opnieuw") -> None:
        super().__init__(message)


class SettingsInvalidError(ServiceError):
    """The municipality's settings file cannot be read; the message says which setting and how to fix it."""


def explain_failure(exc: BaseException) -> str | None:
    """The real cause of a failed read or write in Dutch (disk full, read-only folder, locked or damaged
    database), or None when `exc` is not about the file or the disk. Loads storage only when called."""
    from storage.db import explain

    return explain(exc)
