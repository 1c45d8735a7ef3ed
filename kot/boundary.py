"""Pydantic at the file boundary: reading data into kot's value types, writing them back, their schemas.

Only what crosses a file imports this (a library file read for the first time, `kot validate`, a saved plan
or an assessment read back, `kot schema`, `kot exercises show`): pydantic builds a validator per type on
first use here, and a warm `kot plan` never pays for it.
"""

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar, get_type_hints

from pydantic import TypeAdapter, ValidationError

T = TypeVar("T")

__all__ = ["ValidationError", "dump", "field_types", "is_value", "json_schema", "validate"]

# The error types pydantic gives a dataclass, as it gives a model (kot's messages are keyed by these).
_SAME = {
    "unexpected_keyword_argument": "extra_forbidden",
    "missing_argument": "missing",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
}


@cache
def _adapter(cls: Any) -> TypeAdapter:
    return TypeAdapter(cls)


def validate(cls: type[T], data: Any) -> T:
    """Data read from a file as a value of `cls`; pydantic's ValidationError when it does not fit."""
    return _adapter(cls).validate_python(data)


def errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A validation error's entries, with the types a model would give."""
    found = exc.errors(include_url=False, include_context=True, include_input=True)
    for error in found:
        error["type"] = _SAME.get(error["type"], error["type"])
    return found


def dump(item: Any, *, exclude_defaults: bool = False, exclude: set[str] | None = None) -> Any:
    """A value as JSON data, in the form a file holds it (ranges written back as a number or a pair)."""
    return _adapter(type(item)).dump_python(item, mode="json", exclude_defaults=exclude_defaults, exclude=exclude)


def json_schema(cls: Any) -> dict[str, Any]:
    return _adapter(cls).json_schema()


def is_value(cls: Any) -> bool:
    """A kot value type (a dataclass), as opposed to a plain type."""
    return isinstance(cls, type) and is_dataclass(cls)


@cache
def field_types(cls: type) -> dict[str, Any]:
    """A value type's fields and their declared types (with their Annotated limits)."""
    hints = get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in fields(cls)}
