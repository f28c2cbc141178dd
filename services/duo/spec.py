"""DUO's OpenAPI specification, read at run time from the folder the municipality supplies, and body validation against it.

The files are never copied into regie: the folder is a setting
(`regie duo specificatie PAD`). Both layouts DUO publishes are understood:
`API/<naam>/openapi.yml` (the repository) and `API_<naam>_openapi.yml` (flat).
Validation is stricter than the schema in one way: a field the schema does not
name is reported, so a misspelt field name never goes to DUO unnoticed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.errors import ServiceError

# The APIs regie uses, by the name DUO gives their folder (and alternative spellings of it).
API_NAMES: dict[str, tuple[str, ...]] = {
    "PIP": ("PIP",),
    "Inburgeringsaanbod": ("Inburgeringsaanbod",),
    "MAP_PVT_Zroute": ("MAP_PVT_Zroute", "MAP,PVT,Zroute"),
    "GevolgdeUren": ("GevolgdeUren",),
    "Notificatie": ("Notificatie",),
}


class SpecificationError(ServiceError):
    """The specification folder is missing, incomplete or unreadable."""


@dataclass(frozen=True)
class SchemaFout:
    veld: str
    reden: str

    @property
    def tekst(self) -> str:
        return f"{self.reden} (veld ‘{self.veld}’; DUO-schema)"


@dataclass(frozen=True)
class Operation:
    api: str
    method: str
    path: str
    body_schema: dict | None  # a JSON Schema with the API's components under "components"
    parameters: tuple[dict, ...]  # resolved OpenAPI parameter objects
    responses: dict


def api_file(folder: Path, api: str) -> Path:
    for name in API_NAMES.get(api, (api,)):
        for candidate in (folder / f"API_{name}_openapi.yml", folder / "API" / name / "openapi.yml",
                          folder / "API's" / name / "openapi.yml"):
            if candidate.is_file():
                return candidate
    raise SpecificationError(
        f"in {folder} staat geen specificatie van de {api} API (API_{api}_openapi.yml of API/{api}/openapi.yml); "
        "wijs met ‘regie duo specificatie PAD’ de map aan die DUO heeft gepubliceerd"
    )


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SpecificationError(f"{path.name} is geen leesbare OpenAPI-specificatie ({type(exc).__name__})") from None
    if not isinstance(data, dict) or "paths" not in data:
        raise SpecificationError(f"{path.name} is geen OpenAPI-specificatie (er staan geen paden in)")
    return data


def load_api(folder: Path, api: str) -> dict:
    path = api_file(folder, api)
    return _load(path, path.stat().st_mtime_ns)


def _strict(schema: object) -> object:
    """Report fields the schema does not name: objects with properties get additionalProperties false."""
    if isinstance(schema, dict):
        result = {key: _strict(value) for key, value in schema.items()}
        if result.get("type") == "object" and "properties" in result and "additionalProperties" not in result:
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _resolve(document: dict, item: dict) -> dict:
    ref = item.get("$ref")
    if not ref:
        return item
    node: object = document
    for part in ref.lstrip("#/").split("/"):
        node = node[part]  # type: ignore[index]
    return node  # type: ignore[return-value]


def operation(folder: Path, api: str, method: str, path: str) -> Operation:
    document = load_api(folder, api)
    try:
        op = document["paths"][path][method.lower()]
    except KeyError:
        raise SpecificationError(f"de {api} API in deze specificatie kent {method.upper()} {path} niet") from None
    components = copy.deepcopy(document.get("components", {}))
    body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema")
    body_schema = None
    if body is not None:
        body_schema = _strict({**body, "components": components})
    path_item = document["paths"][path]
    parameters = tuple(_resolve(document, p) for p in (path_item.get("parameters", []) + op.get("parameters", [])))
    return Operation(api=api, method=method.upper(), path=path, body_schema=body_schema, parameters=parameters,
                     responses=op.get("responses", {}))


def _dutch(error) -> SchemaFout:
    veld = ".".join(str(p) for p in error.absolute_path) or "(inhoud)"
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return SchemaFout(missing, "verplicht veld ontbreekt")
    if kind == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return SchemaFout(extra or veld, "dit veld kent DUO's schema niet")
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return SchemaFout(veld, f"waarde {error.instance!r} is niet toegestaan (wel: {allowed})")
    if kind == "format":
        form = {"date": "een datum JJJJ-MM-DD", "uuid": "een UUID", "date-time": "een datum met tijd"}.get(
            error.validator_value, error.validator_value)
        return SchemaFout(veld, f"moet {form} zijn")
    if kind == "type":
        return SchemaFout(veld, f"moet van het type {error.validator_value} zijn")
    if kind in ("minimum", "maximum"):
        word = "minstens" if kind == "minimum" else "hoogstens"
        return SchemaFout(veld, f"moet {word} {error.validator_value} zijn")
    if kind in ("minLength", "maxLength"):
        word = "minstens" if kind == "minLength" else "hoogstens"
        return SchemaFout(veld, f"moet {word} {error.validator_value} tekens lang zijn")
    if kind == "pattern":
        return SchemaFout(veld, "heeft niet de vorm die DUO vraagt")
    return SchemaFout(veld, f"voldoet niet aan DUO's schema ({kind})")


def validate_instance(schema: dict, instance: object) -> list[SchemaFout]:
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [_dutch(e) for e in errors]


def validate_body(folder: Path, api: str, method: str, path: str, body: object) -> list[SchemaFout]:
    """Check a body against the request schema of `method path` in the `api` specification."""
    op = operation(folder, api, method, path)
    if op.body_schema is None:
        if body is None:
            return []
        return [SchemaFout("(inhoud)", f"{method.upper()} {path} heeft geen inhoud")]
    if body is None:
        return [SchemaFout("(inhoud)", "de inhoud ontbreekt")]
    return validate_instance(op.body_schema, body)


def validate_parameter(parameter: dict, value: str | None) -> list[SchemaFout]:
    """A header or path parameter against its schema (the fake DUO server and the client use this)."""
    name = parameter.get("name", "?")
    if value is None:
        return [SchemaFout(name, "verplichte parameter ontbreekt")] if parameter.get("required") else []
    schema = parameter.get("schema", {})
    problems = validate_instance(schema, value)
    return [SchemaFout(name, p.reden) for p in problems]


def response_schema(folder: Path, api: str, method: str, path: str, status: int, *, strict: bool = False) -> dict | None:
    """The JSON Schema of DUO's answer `status` to `method path` (None: the answer has no body)."""
    document = load_api(folder, api)
    try:
        response = document["paths"][path][method.lower()]["responses"][str(status)]
    except KeyError:
        raise SpecificationError(f"de {api} API in deze specificatie kent antwoord {status} op {method.upper()} {path} "
                                 "niet") from None
    schema = (response.get("content") or {}).get("application/json", {}).get("schema")
    if schema is None:
        return None
    full = {**schema, "components": copy.deepcopy(document.get("components", {}))}
    return _strict(full) if strict else full


def validate_response(folder: Path, api: str, method: str, path: str, status: int, body: object, *,
                      strict: bool = False) -> list[SchemaFout]:
    """Check DUO's answer against the response schema of `method path` (`strict`: unknown fields are reported too)."""
    schema = response_schema(folder, api, method, path, status, strict=strict)
    if schema is None:
        return [] if body is None else [SchemaFout("(inhoud)", f"antwoord {status} heeft geen inhoud")]
    return validate_instance(schema, body)
