"""The sending side: one HTTPS request to DUO over mutual TLS with the municipality's PKIoverheid certificate.

Uses httpx. The certificate and key are read from their files into the TLS
context only (the key's passphrase comes from the OS keyring); neither is
ever written anywhere by regie. Each request carries DUO's headers: `bron`
(the municipality's OIN), `doel` (DUO's OIN) and `berichtId` (the message's
own UUID, the same on every retry; a question (GET, `DuoClient.get`) gets a
fresh one each time). DUO's paths hold the BSN: it never goes into a message
of this module, and httpx's own request log gets ``{bsn}`` in its place.
"""

from __future__ import annotations

import json
import logging
import re
import ssl
import uuid
from dataclasses import dataclass
from enum import StrEnum

from services.duo.settings import DuoSettings, DuoSettingsError, key_passphrase


class Uitkomst(StrEnum):
    GEACCEPTEERD = "geaccepteerd"  # 2xx
    AFGEWEZEN = "afgewezen"  # DUO answered with a refusal (400/403/404) and its reasons
    WACHT = "wacht"  # no definitive answer: timeout, dropped connection, 5xx, TLS trouble


@dataclass(frozen=True)
class Antwoord:
    uitkomst: Uitkomst
    http_status: int | None
    foutteksten: tuple[str, ...]  # DUO's fouttekst values, or a Dutch description of the transport problem


_BSN_IN_PATH = re.compile(r"/personen/\d+")


class _NoBsnInLogs(logging.Filter):
    """httpx (INFO) and httpcore (DEBUG) log each request's URL; DUO's paths hold the BSN, so it is blanked out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/personen/" in message:
            record.msg, record.args = _BSN_IN_PATH.sub("/personen/{bsn}", message), ()
        return True


# A logger's filter applies only to records made on that logger itself, so each one that logs is named.
for _name in ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, _NoBsnInLogs) for f in _logger.filters):
        _logger.addFilter(_NoBsnInLogs())


class Vraaguitkomst(StrEnum):
    """How DUO answered a question (GET)."""

    GEVONDEN = "gevonden"  # 200 with DUO's data
    NIET_GEVONDEN = "niet_gevonden"  # 404: DUO has nothing (for this person, or of this kind)
    GEWEIGERD = "geweigerd"  # 400/403: DUO refuses, with its fouttekst values
    STORING = "storing"  # no answer: timeout, dropped connection, TLS trouble, 401, 5xx


@dataclass(frozen=True)
class Opgevraagd:
    uitkomst: Vraaguitkomst
    http_status: int | None
    inhoud: object  # DUO's JSON (GEVONDEN), else None
    foutteksten: tuple[str, ...]  # DUO's fouttekst values, or a Dutch description of the problem


class Storing(StrEnum):
    """Why a request got no answer at all."""

    TIMEOUT = "timeout"
    CERTIFICAAT = "certificaat"
    ONBEREIKBAAR = "onbereikbaar"
    VERBROKEN = "verbroken"


_WACHT = {
    Storing.TIMEOUT: "geen antwoord van DUO binnen de wachttijd; het bericht wacht en gaat later opnieuw met hetzelfde "
                     "berichtId",
    Storing.CERTIFICAAT: "de beveiligde verbinding met DUO kwam niet tot stand (certificaat); het bericht wacht",
    Storing.ONBEREIKBAAR: "DUO is niet bereikbaar; het bericht wacht",
    Storing.VERBROKEN: "de verbinding met DUO werd verbroken voor er een antwoord was; het bericht wacht en gaat "
                       "opnieuw met hetzelfde berichtId",
}
_OPVRAGEN = {
    Storing.TIMEOUT: "geen antwoord van DUO binnen de wachttijd",
    Storing.CERTIFICAAT: "de beveiligde verbinding met DUO kwam niet tot stand (certificaat)",
    Storing.ONBEREIKBAAR: "DUO is niet bereikbaar",
    Storing.VERBROKEN: "de verbinding met DUO werd verbroken voor er een antwoord was",
}


def _ssl_context(settings: DuoSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(settings.ca_bestand) if settings.ca_bestand else None)
    try:
        context.load_cert_chain(str(settings.certificaat), str(settings.sleutel), password=key_passphrase())
    except ssl.SSLError:
        raise DuoSettingsError("het PKIoverheid-certificaat of de sleutel is niet te laden: klopt de wachtzin in de "
                               "sleutelbos (‘regie duo wachtzin’), en horen certificaat en sleutel bij elkaar?") from None
    except OSError as exc:
        raise DuoSettingsError(f"het certificaat of de sleutel is niet te lezen ({exc.strerror})") from None
    return context


def _foutteksten(response) -> tuple[str, ...]:
    try:
        data = response.json()
    except (ValueError, json.JSONDecodeError):
        return ()
    if isinstance(data, list):
        return tuple(str(item.get("fouttekst")) for item in data if isinstance(item, dict) and item.get("fouttekst"))
    return ()


_REFUSALS = {
    400: "DUO vond het verzoek onjuist (400)",
    403: "DUO weigert dit bericht (403)",
    404: "DUO kent deze persoon of dit gegeven niet (404)",
}


class DuoClient:
    """A connection to DUO for one sending run; use as a context manager."""

    def __init__(self, settings: DuoSettings, *, transport=None) -> None:
        import httpx

        missing = settings.missing_for_sending()
        if missing:
            raise DuoSettingsError("verzenden naar DUO kan nog niet; in duo.toml ontbreekt of klopt niet: "
                                   + "; ".join(missing))
        self._settings = settings
        self._client = httpx.Client(
            base_url=settings.basis_url.rstrip("/"), verify=_ssl_context(settings),
            timeout=httpx.Timeout(settings.timeout_seconden), transport=transport,
        )

    def __enter__(self) -> DuoClient:
        return self

    def __exit__(self, *exc) -> None:
        self._client.close()

    def _request(self, methode: str, pad: str, bericht_id: str, inhoud: str | None):
        """The response, or the Dutch reason (a transport problem) there is none; never the URL (it holds the BSN)."""
        import httpx

        headers = {"bron": self._settings.oin_gemeente, "doel": self._settings.oin_duo, "berichtId": bericht_id,
                   "Accept": "application/json"}
        if inhoud is not None:
            headers["Content-Type"] = "application/json"
        try:
            return self._client.request(methode, pad, headers=headers,
                                        content=inhoud.encode("utf-8") if inhoud is not None else None), None
        except httpx.TimeoutException:
            return None, Storing.TIMEOUT
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, ssl.SSLError) or "SSL" in str(exc) or "certificate" in str(exc).lower():
                return None, Storing.CERTIFICAAT
            return None, Storing.ONBEREIKBAAR
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            return None, Storing.VERBROKEN
        except httpx.HTTPError as exc:
            return None, type(exc).__name__  # not str(exc): it may name the URL

    def send(self, *, methode: str, pad: str, bericht_id: str, inhoud: str | None) -> Antwoord:
        response, storing = self._request(methode, pad, bericht_id, inhoud)
        if storing is not None:
            return Antwoord(Uitkomst.WACHT, None, (_WACHT.get(storing, f"verzenden mislukt ({storing}); het bericht wacht"),))
        status = response.status_code
        if 200 <= status < 300:
            return Antwoord(Uitkomst.GEACCEPTEERD, status, ())
        if status in _REFUSALS:
            teksten = _foutteksten(response)
            return Antwoord(Uitkomst.AFGEWEZEN, status, teksten or (_REFUSALS[status],))
        if status == 401:
            return Antwoord(Uitkomst.WACHT, status, ("DUO herkent de aansluiting niet (401): controleer het certificaat "
                                                     "en de OIN's; het bericht wacht",))
        return Antwoord(Uitkomst.WACHT, status, (f"DUO kon het bericht nu niet verwerken ({status}); het wacht",))

    def get(self, *, pad: str) -> Opgevraagd:
        """Ask DUO (GET) what it has registered; each request has its own fresh berichtId (nothing to repeat)."""
        response, storing = self._request("GET", pad, str(uuid.uuid4()), None)
        if storing is not None:
            return Opgevraagd(Vraaguitkomst.STORING, None, None, (_OPVRAGEN.get(storing, f"opvragen mislukt ({storing})"),))
        status = response.status_code
        if status == 200:
            try:
                return Opgevraagd(Vraaguitkomst.GEVONDEN, status, response.json(), ())
            except (ValueError, json.JSONDecodeError):
                return Opgevraagd(Vraaguitkomst.STORING, status, None, ("DUO's antwoord is geen JSON",))
        if status == 404:
            return Opgevraagd(Vraaguitkomst.NIET_GEVONDEN, status, None, ())
        if status in (400, 403):
            teksten = _foutteksten(response)
            return Opgevraagd(Vraaguitkomst.GEWEIGERD, status, None,
                              teksten or ({400: "DUO vond de vraag onjuist (400)",
                                           403: "DUO geeft deze gegevens niet (403)"}[status],))
        if status == 401:
            return Opgevraagd(Vraaguitkomst.STORING, status, None, ("DUO herkent de aansluiting niet (401): controleer "
                                                                    "het certificaat en de OIN's",))
        return Opgevraagd(Vraaguitkomst.STORING, status, None, (f"DUO kon de vraag nu niet beantwoorden ({status})",))
