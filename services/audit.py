"""Checking the audit trail: the hash chain unbroken, the anchor beside the backups and a noted kop-hash still in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.errors import ServiceError
from storage.store import Store

# A kop-hash is a SHA-256 in hexadecimal, as `regie audit verify` prints it (storage/audit.py).
KOP_HASH_LENGTE = 64
_KOP_HASH = re.compile(rf"[0-9a-f]{{{KOP_HASH_LENGTE}}}")


class KopHashFormatError(ServiceError):
    """What was given as a kop-hash cannot be one (a typo, or a cut-off copy)."""


class AuditBrokenError(ServiceError):
    """The audit trail was changed or cut off; the message says where."""


@dataclass(frozen=True)
class Anchored:
    last_id: int
    wanneer: str  # when the anchor was written, dd-mm-jjjj hh:mm


@dataclass(frozen=True)
class AuditCheck:
    rows: int
    head_id: int  # the last row of the chain
    head_hash: str  # the kop-hash to note down outside this computer
    anchor: Anchored | None  # the anchor beside the backups it matched; None when there is none yet
    kop_found: bool  # a kop-hash was given and is still in the chain


def parse_kop_hash(text: str) -> str:
    """The kop-hash in `text` (spaces around it and capitals allowed), or KopHashFormatError saying what one looks like."""
    kop = text.strip().lower()
    if _KOP_HASH.fullmatch(kop):
        return kop
    if len(kop) != KOP_HASH_LENGTE:
        what = f"wat is opgegeven heeft er {len(kop)}"
    else:
        what = "wat is opgegeven heeft andere tekens"
    raise KopHashFormatError(
        f"dit is geen kop-hash: een kop-hash is {KOP_HASH_LENGTE} tekens lang, alleen cijfers 0-9 en letters a-f; {what}. "
        "U vindt hem in de uitvoer van een eerdere ‘regie audit verify’, achter ‘kop-hash’ op de regel "
        "‘Kop van de keten’; kopieer hem in zijn geheel")


def verify_audit(store: Store, *, kop: str | None = None) -> AuditCheck:
    """Recompute the chain; AuditBrokenError when a row was changed or removed, or `kop` is no longer in it."""
    from storage.audit import read_anchor, verify

    expected = parse_kop_hash(kop) if kop is not None else None
    locations = store.locations
    anchor = read_anchor(locations.backups, locations.database)
    from services._tx import read

    with read(store) as connection:
        result = verify(connection=connection, anchor=anchor, expected_head=expected)
    if not result.ok:
        raise AuditBrokenError(f"het auditlogboek is gewijzigd of ingekort: {result.problem}")
    return AuditCheck(
        rows=result.rows, head_id=result.head.last_id, head_hash=result.head.hash,
        anchor=Anchored(last_id=anchor.head.last_id, wanneer=anchor.wanneer) if anchor is not None else None,
        kop_found=expected is not None,
    )
