"""The one JSON form kot prints and saves, and the one strict way it reads JSON back.

Why one function each way: a plan, a list, a schema and the diary all print the same way, and a change to the
form (say, sorted keys) is made once. Reading is as strict as kot's YAML: a repeated key is an error (JSON
would silently keep the last), and so are numbers no kot field holds (a 5,000-digit integer, NaN), and
nesting deep enough to exhaust Python's stack; each is reported with a line and column where it can be.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from json.encoder import encode_basestring as _string  # the C encoder, where Python has one
from typing import Any

from kot.errors import DataError, Problem

# The largest saved plan or diary export kot reads, JSON or YAML: a 52-week plan of 7 days a week is ~3.5 MB.
PLAN_MAX_BYTES = 32_000_000
MAX_DIGITS = 30  # Python refuses to read integers over 4,300 digits; no kot field holds one over a few
MAX_DEPTH = 64  # a saved plan nests 6 deep; anything far deeper is not a kot file
# The most values (numbers, texts, lists, objects) a saved plan may hold, JSON or YAML: the largest plan kot
# makes (52 weeks, 7 days, 3-hour sessions) holds about 150,000.
PLAN_MAX_VALUES = 500_000

_LONG_DIGITS = re.compile(f"[0-9]{{{MAX_DIGITS + 1}}}")
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?[0-9]+')
_CONSTANTS = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def dump_json(data: Any) -> str:
    """Plain data as kot's JSON text: the bytes of `json.dumps(data, indent=2, ensure_ascii=False)` and a
    newline.

    Why not json.dumps itself: with an indent it runs the pure-Python encoder, two thirds of printing a plan
    as JSON. This writer walks the data once, with the C string encoder; anything it does not know (another
    type, a cycle, nesting too deep) goes to json.dumps, which gives the same text or the same error."""
    parts: list[str] = []
    try:
        _write(data, parts, "\n")
    except (_Unknown, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    parts.append("\n")
    return "".join(parts)


class _Unknown(Exception):
    """A value json.dumps would encode differently (a custom type) or refuse: it decides."""


_INFINITY = float("inf")
_float_repr = float.__repr__
_int_repr = int.__repr__


def _float(number: float) -> str:
    if number != number:
        return "NaN"
    if number == _INFINITY:
        return "Infinity"
    if number == -_INFINITY:
        return "-Infinity"
    return _float_repr(number)


def _leaf(value: Any) -> str | None:
    """A value that is not a list or object as json.dumps writes it (its checks, in its order), else None."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key: Any) -> str:
    """An object's key as json.dumps writes it: text as is, numbers, true, false and null as text."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int_repr(key)
    raise _Unknown


def _write(value: Any, parts: list[str], newline: str) -> None:
    """Append the value's JSON to parts; `newline` is a line break and the indent of the value's own line.

    The common cases (plain str, int, bool and None items) are written inline: a call per item is most of
    the time of a pure-Python encoder."""
    kind = type(value)
    append = parts.append
    if kind is dict or (kind is not list and isinstance(value, dict)):
        if not value:
            append("{}")
            return
        inner = newline + "  "
        before = "{" + inner
        between = "," + inner
        for key, item in value.items():
            head = before + _string(key if type(key) is str else _key(key)) + ": "
            before = between
            kind = type(item)
            if kind is str:
                append(head + _string(item))
            elif kind is int:
                append(head + _int_repr(item))
            elif item is None:
                append(head + "null")
            elif kind is bool:
                append(head + ("true" if item else "false"))
            else:
                append(head)
                _write(item, parts, inner)
        append(newline + "}")
    elif kind is list or isinstance(value, (list, tuple)):
        if not value:
            append("[]")
            return
        inner = newline + "  "
        before = "[" + inner
        between = "," + inner
        for item in value:
            kind = type(item)
            if kind is str:
                append(before + _string(item))
            elif kind is int:
                append(before + _int_repr(item))
            else:
                append(before)
                _write(item, parts, inner)
            before = between
        append(newline + "]")
    else:
        leaf = _leaf(value)
        if leaf is None:
            raise _Unknown
        append(leaf)


class _Refused(Exception):
    def __init__(self, message: str, what: str = ""):
        self.message = message
        self.what = what


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key '{key}' (JSON would keep only the last)", "duplicate")
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"a number {len(text.lstrip('-'))} digits long; no kot field holds one that long", "number")
    return int(text)


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows", "constant")


def load_json(text: str, display: str, max_values: int | None = None) -> Any:
    """Parse JSON text strictly; every failure is a DataError naming the file (and line and column). With
    `max_values`, data holding more values than that is refused too (a saved plan's budget, as YAML's)."""
    try:
        # Why look for long digit runs first: the check of each integer is a Python call per number, a
        # noticeable part of reading a large import; a text with no run that long cannot hold such a number.
        long_run = _LONG_DIGITS.search(text) is not None
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_int=_int if long_run else None, parse_constant=_constant
        )
    except json.JSONDecodeError as exc:
        raise DataError([Problem(display, exc.lineno, exc.colno, message=f"invalid JSON: {exc.msg}")]) from None
    except RecursionError:
        line, column = _where(text, _deep_at(text))
        raise DataError([Problem(display, line, column, message=f"nested more than {MAX_DEPTH} levels deep")]) from None
    except _Refused as exc:
        at = _duplicate_at(text) if exc.what == "duplicate" else _token_at(text, exc.what)
        line, column = _where(text, at)
        raise DataError([Problem(display, line, column, message=exc.message)]) from None
    if max_values is not None and _more_values(data, max_values):
        raise DataError([Problem(display, 1, 1, message=f"more than {max_values:,} values: larger than any kot plan")])
    return data


def _more_values(data: Any, limit: int) -> bool:
    """True when data holds more than `limit` values, counted without recursion and stopping at the limit."""
    count, todo = 0, [data]
    while todo:
        value = todo.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return False


def _where(text: str, index: int | None) -> tuple[int, int]:
    if index is None:
        return (0, 0)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _deep_at(text: str) -> int | None:
    """Where nesting first goes past MAX_DEPTH (strings skipped, so a bracket in text does not count)."""
    depth = 0
    for token in _TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif mark in "]}":
            depth -= 1
    return None


def _token_at(text: str, what: str) -> int | None:
    """Where the first over-long integer or bare constant (NaN, Infinity) stands, outside strings."""
    pattern = _CONSTANTS if what == "constant" else _TOKENS
    for token in pattern.finditer(text):
        mark = token.group()
        if what == "constant" and token.group(1):
            return token.start()
        if what == "number" and mark[0] in "-0123456789" and len(mark.lstrip("-")) > MAX_DIGITS:
            return token.start()
    return None


def _duplicate_at(text: str) -> int | None:
    """The opening brace of the innermost object that repeats a key, read again by the pure-Python decoder,
    which knows where each object starts (this runs only once a duplicate is known to be there)."""
    found: list[int] = []
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):  # noqa: ANN001
        start = s_and_end[1] - 1

        def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [key for key, _ in pairs]
            if not found and len(set(keys)) != len(keys):
                found.append(start)
            return dict(pairs)

        return json.decoder.JSONObject(s_and_end, strict, scan_once, None, check, memo)

    decoder.parse_object = parse_object  # type: ignore[method-assign]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except (ValueError, RecursionError):
        return None
    return found[0] if found else None
