"""Where DUO's specification, the connection and the PKIoverheid certificate are: `duo.toml` in the settings directory.

The file holds paths and identifiers only. The certificate's private key
stays in its own file (never copied into the database or its backups) and
the key's passphrase lives in the OS keyring under `KEYRING_SERVICE`.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from services.errors import ServiceError

SETTINGS_FILENAME = "duo.toml"
KEYRING_SERVICE = "regie-duo"
KEYRING_USER = "pkioverheid-sleutel"
OIN_LENGTH = 20  # DUO's parameters Bron and Doel: an OIN of exactly 20 characters
DEFAULT_TIMEOUT_SECONDS = 30.0


class DuoSettingsError(ServiceError):
    """The DUO settings are missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class DuoSettings:
    specificatie: Path | None = None  # the folder with DUO's OpenAPI files, as the municipality received it
    basis_url: str | None = None  # agreed with DUO, e.g. https://duo.example:443/v1 (basispad incl. major version)
    oin_gemeente: str | None = None  # header "bron"
    oin_duo: str | None = None  # header "doel"
    certificaat: Path | None = None  # PKIoverheid certificate (PEM, with the chain)
    sleutel: Path | None = None  # its private key (PEM); the passphrase is in the OS keyring
    ca_bestand: Path | None = None  # the CA that signs DUO's server certificate (PKIoverheid private root)
    timeout_seconden: float = DEFAULT_TIMEOUT_SECONDS
    # Team mode (issue 19, point 8): only the machine with the certificate sends, for the whole team.
    verzendt: bool = False  # true on that one machine (a laptop or the server); false everywhere else
    zender: str | None = None  # that machine's name, as the team knows it (on the sender: its own name)

    def missing_for_sending(self) -> list[str]:
        """What `regie duo verzend` still needs, in Dutch; empty when sending can start."""
        missing: list[str] = []
        if not self.basis_url:
            missing.append("basis_url (het adres dat DUO bij de aansluiting geeft)")
        elif not self.basis_url.startswith("https://"):
            missing.append("basis_url moet met https:// beginnen")
        for name, value in (("oin_gemeente", self.oin_gemeente), ("oin_duo", self.oin_duo)):
            if not value:
                missing.append(f"{name} (OIN van {OIN_LENGTH} cijfers)")
            elif len(value) != OIN_LENGTH or not value.isdigit():
                missing.append(f"{name} moet een OIN van {OIN_LENGTH} cijfers zijn")
        for name, path in (("certificaat", self.certificaat), ("sleutel", self.sleutel)):
            if path is None:
                missing.append(f"{name} (pad naar het PKIoverheid-{name}bestand)")
            elif not path.is_file():
                missing.append(f"{name}: het bestand {path} bestaat niet")
        if self.ca_bestand is not None and not self.ca_bestand.is_file():
            missing.append(f"ca_bestand: het bestand {self.ca_bestand} bestaat niet")
        return missing


def settings_path(config_dir: Path) -> Path:
    return config_dir / SETTINGS_FILENAME


def load_settings(config_dir: Path) -> DuoSettings:
    """Read `duo.toml`; a missing file gives empty settings (the pre-check then only lacks the specification)."""
    path = settings_path(config_dir)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DuoSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DuoSettingsError(f"{path} is niet te lezen ({type(exc).__name__}); herstel of verwijder het bestand") from None
    section = data.get("duo", {})
    if not isinstance(section, dict):
        raise DuoSettingsError(f"{path}: [duo] moet een tabel zijn")

    def text(key: str) -> str | None:
        value = section.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DuoSettingsError(f"{path}: ‘{key}’ moet tekst zijn")
        return value.strip() or None

    def path_of(key: str) -> Path | None:
        value = text(key)
        return Path(value).expanduser() if value else None

    timeout = section.get("timeout_seconden", DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout <= 600:
        raise DuoSettingsError(f"{path}: ‘timeout_seconden’ moet een getal tussen 0 en 600 zijn")
    verzendt = section.get("verzendt", False)
    if not isinstance(verzendt, bool):
        raise DuoSettingsError(f"{path}: ‘verzendt’ moet true of false zijn")
    if (zender := text("zender")) is not None:
        from rules.text import check_text

        if (problem := check_text(zender, veld="zender")) is not None or len(zender) > 100:
            raise DuoSettingsError(f"{path}: {problem or 'zender is langer dan 100 tekens; kort de naam in'}")
    return DuoSettings(
        verzendt=verzendt, zender=text("zender"),
        specificatie=path_of("specificatie"), basis_url=text("basis_url"), oin_gemeente=text("oin_gemeente"),
        oin_duo=text("oin_duo"), certificaat=path_of("certificaat"), sleutel=path_of("sleutel"),
        ca_bestand=path_of("ca_bestand"), timeout_seconden=float(timeout),
    )


def save_settings(config_dir: Path, settings: DuoSettings) -> Path:
    """Write `duo.toml` atomically (values as TOML basic strings, which JSON string syntax is)."""
    values = {
        "specificatie": settings.specificatie, "basis_url": settings.basis_url, "oin_gemeente": settings.oin_gemeente,
        "oin_duo": settings.oin_duo, "certificaat": settings.certificaat, "sleutel": settings.sleutel,
        "ca_bestand": settings.ca_bestand, "zender": settings.zender,
    }
    lines = ["# DUO-aansluiting van regie (zie README, ‘DUO-aanlevering’)", "[duo]"]
    lines += [f"{key} = {json.dumps(str(value), ensure_ascii=False)}" for key, value in values.items() if value is not None]
    lines.append(f"timeout_seconden = {settings.timeout_seconden}")
    if settings.verzendt:
        lines.append("verzendt = true  # deze machine verzendt voor het hele team")
    config_dir.mkdir(parents=True, exist_ok=True)
    target = settings_path(config_dir)
    partial = target.with_suffix(".tmp")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def key_passphrase() -> str | None:
    """The PKIoverheid key's passphrase from the OS keyring (None: the key file is not encrypted, or nothing stored)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except KeyringError:
        return None


def store_key_passphrase(passphrase: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, passphrase)
    except KeyringError as exc:
        raise DuoSettingsError("de wachtzin van de certificaatsleutel kan niet in de sleutelbos van deze computer "
                               "worden bewaard") from exc
