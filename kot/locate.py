"""Turn pydantic validation errors into located, coach-readable problems.

Why: pydantic reports `levels.2.dosage.reps: Input should be greater than or equal to 1`; a coach needs
`exercises/x.yaml:14:7: levels[id=slant-raise].dosage.reps: must be >= 1 (got 0)`.
"""

from __future__ import annotations

import re
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin

from kot.boundary import ValidationError, errors, field_types, is_value
from kot.errors import Problem, did_you_mean
from kot.model import Program
from kot.yamlio import Located, Trap


def field_label(data: Any, path: tuple[str | int, ...]) -> str:
    """A dotted field path that names list items by their id where they have one."""
    text = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            text += f"[id={ident}]" if isinstance(ident, str) else f"[{part}]"
            node = item
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text


def plan_label(data: Any, path: tuple[str | int, ...]) -> str:
    """A field of a saved plan named as a person finds it: `week 2 day 1 tibialis-raise.max_pain`."""
    parts = list(path)
    if len(parts) < 2 or parts[0] != "weeks" or not isinstance(parts[1], int):
        return field_label(data, path)
    node = _child(data, "weeks", parts[1])
    label = f"week {node.get('number', parts[1] + 1) if isinstance(node, dict) else parts[1] + 1}"
    rest = parts[2:]
    if len(rest) >= 2 and rest[0] == "sessions" and isinstance(rest[1], int):
        node = _child(node, "sessions", rest[1])
        label += f" day {node.get('day', rest[1] + 1) if isinstance(node, dict) else rest[1] + 1}"
        rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "items" and isinstance(rest[1], int):
            node = _child(node, "items", rest[1])
            exercise = node.get("exercise") if isinstance(node, dict) else None
            label += f" {exercise}" if isinstance(exercise, str) else f" item {rest[1] + 1}"
            rest = rest[2:]
    tail = field_label(node, tuple(rest))
    return f"{label}.{tail}" if tail and not tail.startswith("[") else label + tail


def _child(node: Any, key: str, index: int) -> Any:
    items = node.get(key) if isinstance(node, dict) else None
    return items[index] if isinstance(items, list) and index < len(items) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated wrappers to the type a value must have."""
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        elif origin is not None and hasattr(annotation, "__metadata__"):
            annotation = get_args(annotation)[0]
        else:
            return annotation


def annotation_at(model: type, path: tuple[str | int, ...]) -> Any:
    """The declared type at a path inside `model`, or None when the path leaves the schema."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is not list:
                return None
            current = get_args(current)[0]
        elif is_value(current) and part in field_types(current):
            current = field_types(current)[part]
        else:
            return None
    return _unwrap(current)


def error_message(error: dict[str, Any], model: type, loc: tuple[str | int, ...]) -> str:
    """A pydantic error in a coach's words."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    got = f" (got {value!r})" if not isinstance(value, (dict, list)) else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        parent = annotation_at(model, loc[:-1])
        fields = list(field_types(parent)) if is_value(parent) else []
        return f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), fields)}"
    if kind == "enum":
        enum = annotation_at(model, loc)
        choices = [m.value for m in enum] if isinstance(enum, type) and issubclass(enum, Enum) else []
        hint = did_you_mean(str(value), choices) or f" (choices: {', '.join(choices)})"
        return f"unknown value {value!r}{hint}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), choices) or f" (choices: {', '.join(choices)})"
        return f"unknown value {value!r}{hint}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return f"must be {sign} {bound}{got}"
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^https?"):
        return f"must be a web link starting with https:// or http://, with no spaces or quotes{got}"
    if kind == "string_pattern_mismatch":
        return f"must be a kebab-case id such as 'tibialis-raise'{got}"
    if kind == "string_too_long" and isinstance(value, str):
        return f"must be at most {ctx.get('max_length')} characters (got {len(value)})"
    if kind in ("too_short", "too_long"):
        return error["msg"].replace("List", "list").replace("Value", "value")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number{got}"
    if kind in ("float_type", "float_parsing"):
        return f"must be a number{got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false{got}"
    if kind in ("string_type",):
        return f"must be text{got}"
    if kind == "list_type":
        return f"must be a list{got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields{got}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{error['msg']}{got}"


def problems_from(exc: ValidationError, model: type, located: Located, file: str) -> list[Problem]:
    """Every error of one validation, with line, column and an id-named field."""
    problems = []
    for error in errors(exc):
        loc = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
        line, column = located.position(loc, key=error["type"] == "extra_forbidden")
        label = plan_label if model is Program else field_label
        problems.append(Problem(file, line, column, label(located.data, loc), error_message(error, model, loc)))
    return problems


def trap_message(model: type, trap: Trap) -> str:
    """Advice for a YAML 1.1 trap that fits the field it sits in: a yes/no field wants true or false, a number
    field a plain number, a text field quotes, a choice one of its words."""
    expected = annotation_at(model, trap.path)
    raw = trap.raw
    if expected is bool:
        return f"'{raw}' is an old YAML spelling of yes/no; write true or false"
    if expected is int or expected is float or get_origin(expected) is tuple:  # tuple: a dose range
        if trap.reads_as == "base-60":
            return f"'{raw}' reads as base-60 (minutes:seconds) in YAML; write plain seconds, e.g. 90"
        if trap.reads_as == "octal":
            return f"'{raw}' has a leading zero and reads as octal in YAML; write {raw.lstrip('+-0') or '0'}"
        if trap.reads_as == "number-form":
            return (
                f"'{raw}' is not a plain number (hex, binary, digit groups, a plus sign, infinity); write plain digits"
            )
        return f"must be a number (got '{raw}')"
    if isinstance(expected, type) and issubclass(expected, Enum):
        return f"unknown value '{raw}' (choices: {', '.join(m.value for m in expected)})"
    if expected is str:
        what = {"yes/no": "a yes/no value", "date": "a date"}.get(trap.reads_as, "a number")
        return f"'{raw}' reads as {what} in YAML; quote it (\"{raw}\") to keep it as text"
    return trap.generic_message()
