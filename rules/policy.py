"""Municipal policy settings (what the law leaves to the gemeente) and their TOML file.

The settings file is flat TOML: top-level keys only, each optional, a
missing key keeps its default. Keys:

``voortgangsgesprek_interval_maanden`` (int, 1-24, default 3)
    Months between voortgangsgesprekken ("at set times" [000]).
``ernst_urgent_dagen`` (int, 0-365, default 14)
    A signaal due within this many days is *urgent*.
``ernst_binnenkort_dagen`` (int, >= ernst_urgent_dagen, <= 730, default 42)
    A signaal due within this many days is *binnenkort*.
``zroute_achterstand_drempel`` (float, 0-1, default 0.9)
    Z-route hours below this share of the even-pace expectation are an achterstand.
``brede_intake_uren_tellen_mee`` (bool, default false)
    Whether taal/KNM hours during the brede intake count towards the Z-route's 800.
``ontzorgen_standaard_maanden`` (int, 6-36, default 6)
    Length of financieel ontzorgen when the PIP does not record one.
``bewaartermijn_jaren`` (int, 1-20, default 5)
    Years a closed file is kept.
``weekdoel_taal_uren``, ``weekdoel_participatie_uren``, ``weekdoel_financiele_educatie_uren``
    (number, 0-80; defaults 12, 8, 1) Weekplan targets per week.
``monitor_drempel`` (int, 1-50, default 5)
    The council report shows a count of fewer people than this as "< 5", so no one is recognisable.
``gemeente_naam`` (text, at most 100 characters, default empty)
    The municipality's name, printed on the council report and the weekplan.
``gemeente_telefoon`` (text, at most 30 characters, default empty)
    The phone number on the printed weekplan when the consulent has not given their own.
``team_sync_minuten`` (int, 1-120, default 5)
    Team mode: minutes between two background synchronisations with the teamdatabase.
``consulent_telefoon`` (text, at most 30 characters, default empty)
    The phone number printed on appointment letters (the consulent's own, or the team's).
``meenemen_intake``, ``meenemen_brede_intake``, ``meenemen_pip_gesprek``, ``meenemen_voortgangsgesprek``,
``meenemen_spreekuur``, ``meenemen_huisbezoek``, ``meenemen_azc_bezoek``, ``meenemen_overig``
    (text, at most 300 characters) What to bring, printed on the appointment letter per kind of afspraak.

A file that cannot be read, is not valid TOML, or holds an unknown key, a
wrong type or an out-of-range value raises :class:`SettingsError` naming
the file, the key and the line; it never falls back to defaults silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from rules.constants import ONTZORGEN_MAXIMUM_MAANDEN, ONTZORGEN_MINIMUM_MAANDEN
from rules.errors import SettingsError


@dataclass(frozen=True)
class Policy:
    """The choices a municipality makes itself; defaults follow DOMAIN.md."""

    voortgangsgesprek_interval_maanden: int = 3
    ernst_urgent_dagen: int = 14
    ernst_binnenkort_dagen: int = 42
    zroute_achterstand_drempel: float = 0.9
    brede_intake_uren_tellen_mee: bool = False
    ontzorgen_standaard_maanden: int = ONTZORGEN_MINIMUM_MAANDEN
    bewaartermijn_jaren: int = 5
    weekdoel_taal_uren: float = 12.0
    weekdoel_participatie_uren: float = 8.0
    weekdoel_financiele_educatie_uren: float = 1.0
    monitor_drempel: int = 5
    gemeente_naam: str = ""
    team_sync_minuten: int = 5
    consulent_telefoon: str = ""
    # What to bring to an afspraak, per kind (rules.afspraken.AfspraakSoort): printed on the letter.
    meenemen_intake: str = "uw verblijfsdocument, brieven van DUO en de gemeente die u heeft gekregen"
    meenemen_brede_intake: str = ("uw verblijfsdocument, diploma's en getuigschriften (als u die heeft), "
                                  "uw cv of werkervaring, brieven van DUO")
    meenemen_pip_gesprek: str = "uw verblijfsdocument en de brieven van DUO en de gemeente"
    meenemen_voortgangsgesprek: str = "uw weekplan, uw presentielijst of rooster van de taalschool"
    meenemen_spreekuur: str = "de brieven of papieren waarover u een vraag heeft"
    meenemen_huisbezoek: str = "niets: de consulent komt bij u thuis"
    meenemen_azc_bezoek: str = "uw verblijfsdocument"
    meenemen_overig: str = "uw verblijfsdocument"

    def meenemen(self, soort: str) -> str:
        """What to bring to an afspraak of `soort` (an AfspraakSoort value); empty for an unknown kind."""
        return str(getattr(self, f"meenemen_{soort}", ""))
    gemeente_telefoon: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            problem = _check_value(f.name, getattr(self, f.name))
            if problem:
                raise SettingsError(f"Instelling {f.name}: {problem}", sleutel=f.name)
        if self.ernst_binnenkort_dagen < self.ernst_urgent_dagen:
            raise SettingsError(
                "Instelling ernst_binnenkort_dagen moet minstens zo groot zijn als ernst_urgent_dagen.",
                sleutel="ernst_binnenkort_dagen",
            )


@dataclass(frozen=True)
class _Spec:
    kind: type  # int, float or bool
    minimum: float | None
    maximum: float | None
    beschrijving: str


_SPECS: dict[str, _Spec] = {
    "voortgangsgesprek_interval_maanden": _Spec(int, 1, 24, "maanden tussen twee voortgangsgesprekken"),
    "ernst_urgent_dagen": _Spec(int, 0, 365, "een signaal binnen zoveel dagen is ‘urgent’"),
    "ernst_binnenkort_dagen": _Spec(int, 0, 730, "een signaal binnen zoveel dagen is ‘binnenkort’"),
    "zroute_achterstand_drempel": _Spec(
        float, 0, 1, "achterstand Z-route als de uren onder dit deel van het gelijkmatige tempo blijven (0,9 = 90 %)"
    ),
    "brede_intake_uren_tellen_mee": _Spec(
        bool, None, None, "tellen taal/KNM-uren tijdens de brede intake mee voor de 800 uur van de Z-route?"
    ),
    "ontzorgen_standaard_maanden": _Spec(
        int, ONTZORGEN_MINIMUM_MAANDEN, ONTZORGEN_MAXIMUM_MAANDEN, "duur van ontzorgen als het PIP geen duur noemt"
    ),
    "bewaartermijn_jaren": _Spec(int, 1, 20, "jaren dat een afgesloten dossier bewaard blijft"),
    "weekdoel_taal_uren": _Spec(float, 0, 80, "weekplan: uren taal per week"),
    "weekdoel_participatie_uren": _Spec(float, 0, 80, "weekplan: uren participatie per week"),
    "weekdoel_financiele_educatie_uren": _Spec(float, 0, 80, "weekplan: uren financiële educatie per week"),
    "monitor_drempel": _Spec(
        int, 1, 50, "raadsrapportage: aantallen van minder personen dan dit worden getoond als ‘< 5’"
    ),
    "gemeente_naam": _Spec(str, 0, 100, "naam van de gemeente op de raadsrapportage"),
    "team_sync_minuten": _Spec(int, 1, 120, "teammodus: minuten tussen twee synchronisaties met de teamdatabase"),
    "consulent_telefoon": _Spec(str, 0, 30, "telefoonnummer van de consulent (of het team) op de afspraakbrief"),
    **{
        f"meenemen_{soort}": _Spec(str, 0, 300, f"afspraakbrief: wat de inburgeraar meeneemt naar een {label}")
        for soort, label in (("intake", "intake"), ("brede_intake", "brede intake"), ("pip_gesprek", "PIP-gesprek"),
                             ("voortgangsgesprek", "voortgangsgesprek"), ("spreekuur", "spreekuur"),
                             ("huisbezoek", "huisbezoek"), ("azc_bezoek", "AZC-bezoek"), ("overig", "andere afspraak"))
    },
    "gemeente_telefoon": _Spec(str, 0, 30, "telefoonnummer op het afgedrukte weekplan als de consulent geen eigen nummer gaf"),
}

_TYPE_NAMES = {int: "een geheel getal", float: "een getal", bool: "true of false", str: "tekst tussen aanhalingstekens"}


def _check_value(name: str, value: object) -> str | None:
    """Dutch description of what is wrong with ``value`` for setting ``name``, or None."""
    spec = _SPECS[name]
    if spec.kind is str:
        if not isinstance(value, str):
            return f"moet {_TYPE_NAMES[str]} zijn, niet {value!r}"
        if len(value) > (spec.maximum or 0):
            return f"mag hoogstens {_fmt(spec.maximum)} tekens lang zijn"  # type: ignore[arg-type]
        return None
    if spec.kind is bool:
        ok = isinstance(value, bool)
    elif spec.kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok:
        return f"moet {_TYPE_NAMES[spec.kind]} zijn, niet {value!r}"
    if spec.kind is float and value != value:  # NaN
        return "moet een getal zijn, niet nan"
    if spec.minimum is not None and spec.maximum is not None and not spec.minimum <= value <= spec.maximum:  # type: ignore[operator]
        return f"moet tussen {_fmt(spec.minimum)} en {_fmt(spec.maximum)} liggen, niet {value!r}"
    return None


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")


def _find_line(text: str, key: str) -> int | None:
    """1-based line where ``key`` is assigned or opened as a table, or None."""
    quoted = re.escape(key)
    pattern = re.compile(
        rf"^\s*(?:\[\[?\s*)?(?:{quoted}|\"{quoted}\"|'{quoted}')\s*(?:=|\]|\.)"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _where(name: str, regel: int | None) -> str:
    return f"{name} op regel {regel}" if regel is not None else name


def load_policy(path: str | Path) -> Policy:
    """Read the settings file; a missing file gives the defaults."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Policy()
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL byte
        raise SettingsError(f"Kan {path.name} niet lezen: {getattr(exc, 'strerror', None) or exc}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsError(f"{path.name} is geen UTF-8-tekst; sla het bestand op als UTF-8.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        match = re.search(r"line (\d+)", reason)
        regel = int(match[1]) if match else None
        if regel is None and "end of document" in reason:  # e.g. a list or string never closed
            regel = max(1, len(text.rstrip("\n").splitlines()))
        # tomllib writes "Invalid value (at line 3, column 9)"; keep its reason, drop the position.
        reason = re.sub(r"\s*\(at [^)]*\)", "", reason)
        raise SettingsError(
            f"Fout in {_where(path.name, regel)}: geen geldige TOML ({reason}).", regel=regel
        ) from None

    values: dict[str, object] = {}
    for key, value in data.items():
        regel = _find_line(text, key)
        if key not in _SPECS:
            known = ", ".join(_SPECS)
            raise SettingsError(
                f"Fout in {_where(path.name, regel)}: onbekende instelling ‘{key}’. Bekend zijn: {known}.",
                regel=regel,
                sleutel=key,
            )
        problem = _check_value(key, value)
        if problem:
            raise SettingsError(
                f"Fout in {_where(path.name, regel)}: {key} {problem}.", regel=regel, sleutel=key
            )
        values[key] = value
    for key in ("weekdoel_taal_uren", "weekdoel_participatie_uren", "weekdoel_financiele_educatie_uren",
                "zroute_achterstand_drempel"):
        if key in values:
            values[key] = float(values[key])  # type: ignore[arg-type]
    try:
        return Policy(**values)  # type: ignore[arg-type]
    except SettingsError as exc:
        regel = _find_line(text, exc.sleutel) if exc.sleutel else None
        raise SettingsError(
            f"Fout in {_where(path.name, regel)}: {exc.message}", regel=regel, sleutel=exc.sleutel
        ) from None


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    return repr(value)


def policy_to_toml(policy: Policy | None = None) -> str:
    """A commented settings file holding ``policy`` (default: the defaults)."""
    policy = policy or Policy()
    lines = [
        "# Instellingen van de gemeente voor regie.",
        "# Elke regel is optioneel; een weggelaten instelling krijgt de standaardwaarde.",
        "",
    ]
    for f in fields(policy):
        spec = _SPECS[f.name]
        bereik = "" if spec.minimum is None or spec.kind is str else f" ({_fmt(spec.minimum)} tot en met {_fmt(spec.maximum)})"  # type: ignore[arg-type]
        lines.append(f"# {spec.beschrijving}{bereik}; standaard {_toml_value(f.default)}")
        lines.append(f"{f.name} = {_toml_value(getattr(policy, f.name))}")
        lines.append("")
    return "\n".join(lines)
