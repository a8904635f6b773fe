"""The generated OpenAPI document, completed with the answers every operation may give, and the
one shape of input errors (``{"detail": {"field": ["message", …]}}``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import NinjaAPI

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _answer(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


class NetraAPI(NinjaAPI):
    """django-ninja's API whose document declares, on every operation, the answers that come from
    the shared machinery rather than from the operation itself:

    * 401 without valid credentials and 429 while django-axes locks the caller out,
    * 400 for a body that is not JSON or text holding a NUL character, and 422 for input that
      does not fit the schema, on operations that take input.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                answers = operation.setdefault("responses", {})
                if operation.get("security"):
                    answers.setdefault(401, _answer("Authentication required."))
                    answers.setdefault(429, _answer("Too many failed logins: locked out."))
                parameters = operation.get("parameters", [])
                if parameters or operation.get("requestBody"):
                    answers.setdefault(400, _answer("Malformed request."))
                if operation.get("requestBody") or any(p.get("in") != "path" for p in parameters):
                    answers.setdefault(422, _answer("Input does not fit the schema."))
                if any(p.get("in") == "path" for p in parameters):
                    answers.setdefault(404, _answer("Not found."))
        return schema


def _message(error: dict[str, Any]) -> str:
    """A translated message for pydantic's common error types; its own text otherwise."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Ensure this value has at most %(limit)s characters.") % {
            "limit": ctx.get("max_length")
        }
    if kind == "string_too_short":
        return _("Ensure this value has at least %(limit)s characters.") % {
            "limit": ctx.get("min_length")
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is at most %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt"))
        }
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is at least %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt"))
        }
    if kind == "enum" or kind == "literal_error":
        return _("Select a valid choice. Allowed: %(choices)s.") % {
            "choices": ctx.get("expected", "")
        }
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        return _("Enter a value of the expected type.")
    return str(error.get("msg") or _("Enter a valid value."))


def input_error_detail(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """django-ninja's errors keyed by field path (``reported_persons.0.nip``) without the
    request part and parameter name they come from (``body``/``payload``, ``query``/…)."""
    detail: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        field = ".".join(loc[2:]) or (loc[1] if len(loc) > 1 else "") or "__all__"
        detail.setdefault(field, []).append(_message(error))
    return detail
