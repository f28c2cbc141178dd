"""The one line a face shows after writing a file with personal data: who can read it, and what to do with it.

Every such file (a CSV export, a printed weekplan or letter, a back-up) is
created readable by its owner only (storage.paths); the command and the screen
that wrote it say so with this line, the same words everywhere.
"""

from __future__ import annotations

PRIVACY_LINE = ("Alleen voor u leesbaar. Het bestand is niet versleuteld en bevat persoonsgegevens: zet het alleen op "
                "een versleutelde schijf of de beveiligde netwerkmap van de gemeente, en verwijder het na gebruik.")
PRIVACY_LINE_ENCRYPTED = ("Alleen voor u leesbaar, en versleuteld met de sleutel van de database: zonder die sleutel "
                          "is het niet te openen.")


def privacy_line(*, encrypted: bool = False) -> str:
    """The line for a file just written: `encrypted` for a back-up of an encrypted database."""
    return PRIVACY_LINE_ENCRYPTED if encrypted else PRIVACY_LINE
