"""OpenAPI post-processing: every operation documents the errors it can answer, in the shape the exception
handler gives them, so clients (and schema-driven testers) know what to expect."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {"type": "object", "additionalProperties": True,
                "description": "`{\"detail\": \"…\"}`, or field name → list of messages for invalid input"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


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
