"""OpenAPI post-processing: every operation documents the errors it can answer, in the shape the exception
handler gives them, so clients (and schema-driven testers) know what to expect."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {"type": "object", "additionalProperties": True,
                "description": "`{\"detail\": \"…\"}`, or field name → list of messages for invalid input"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


#: Text never holds a NUL character: Django's and DRF's text fields refuse it (ProhibitNullCharactersValidator).
NO_NUL = "^[^\\x00]*$"
#: What Django's URLValidator takes, narrowed to what a schema can say: an http(s) or ftp(s) address whose host
#: is a name with a top-level domain, then an optional path without spaces.
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
URL_PATTERN = f"^(?:https?|ftps?)://{_LABEL}(?:\\.{_LABEL})*\\.[A-Za-z]{{2,63}}(?:/[!-~]*)?$"


def _tighten_strings(schema: Any) -> None:
    """Say in the schema what the server checks in every text value it reads (walks nested schemas)."""
    if isinstance(schema, list):
        for item in schema:
            _tighten_strings(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and "enum" not in schema:
        if schema.get("format") == "uri":
            schema["pattern"] = URL_PATTERN
        elif "pattern" not in schema and schema.get("format") not in {"binary", "date", "date-time", "uuid",
                                                                        "email"}:
            schema["pattern"] = NO_NUL
    for value in schema.values():
        _tighten_strings(value)


def describe_inputs_strictly(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Request bodies take no property they do not list (serializers refuse them: RefusesUnknownFields), their
    text and the text of query parameters holds no NUL, and URL fields take what Django's validator takes."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
            _tighten_strings(component.get("properties", {}))
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _tighten_strings(parameter.get("schema", {}))
    return result


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            secured = any(requirement for requirement in operation.get("security", [{}]))
            has_input = method in {"post", "put", "patch"} or any(
                parameter.get("in") == "query" for parameter in operation.get("parameters", []))
            if has_input:
                responses.setdefault("400", _error("Invalid input; nothing was changed."))
            if secured:
                responses.setdefault("401", _error("Not signed in or no valid token."))
                responses.setdefault("403", _error("The token lacks the scope, or the user the role."))
            if method in {"post", "put", "patch", "delete"}:
                responses.setdefault("409", _error("The object's state does not allow this (e.g. a final "
                                                   "assessment, a request already sent)."))
            if "{" in path:
                responses.setdefault("404", _error("No such object within what your authority may see."))
            responses.setdefault("429", {**_error("Too many calls: see the Retry-After header (seconds)."),
                                         "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                                     "description": "Seconds to wait."}}})
    return result
