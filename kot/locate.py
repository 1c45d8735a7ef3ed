"""Turn pydantic validation errors into located, coach-readable problems.

Why: pydantic reports `levels.2.dosage.reps: Input should be greater than or equal to 1`; a coach needs
`exercises/x.yaml:14:7: levels[id=slant-raise].dosage.reps: must be >= 1 (got 0)`.
"""

from __future__ import annotations

import types
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kot.errors import Problem, did_you_mean
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


def annotation_at(model: type[BaseModel], path: tuple[str | int, ...]) -> Any:
    """The declared type at a path inside `model`, or None when the path leaves the schema."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is not list:
                return None
            current = get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    return _unwrap(current)


def _message(error: dict[str, Any], model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    got = f" (got {value!r})" if not isinstance(value, (dict, list)) else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        parent = annotation_at(model, loc[:-1])
        fields = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        return f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), fields)}"
    if kind == "enum":
        enum = annotation_at(model, loc)
        choices = [m.value for m in enum] if isinstance(enum, type) and issubclass(enum, Enum) else []
        hint = did_you_mean(str(value), choices) or f" (choices: {', '.join(choices)})"
        return f"unknown value {value!r}{hint}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()))
        return f"must be {sign} {bound}{got}"
    if kind == "string_pattern_mismatch":
        return f"must be a kebab-case id such as 'tibialis-raise'{got}"
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


def problems_from(exc: ValidationError, model: type[BaseModel], located: Located, file: str) -> list[Problem]:
    """Every error of one validation, with line, column and an id-named field."""
    problems = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if isinstance(p, (str, int)))
        line, column = located.position(loc, key=error["type"] == "extra_forbidden")
        problems.append(Problem(file, line, column, field_label(located.data, loc), _message(error, model, loc)))
    return problems


def trap_message(model: type[BaseModel], trap: Trap) -> str:
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
        return f"must be a number (got '{raw}')"
    if isinstance(expected, type) and issubclass(expected, Enum):
        return f"unknown value '{raw}' (choices: {', '.join(m.value for m in expected)})"
    if expected is str:
        what = {"yes/no": "a yes/no value", "base-60": "a number", "octal": "a number", "date": "a date"}
        return f"'{raw}' reads as {what[trap.reads_as]} in YAML; quote it (\"{raw}\") to keep it as text"
    return trap.generic_message()
