"""Plain values: how kot declares every domain type once, as a frozen, slotted dataclass.

Why dataclasses and not pydantic models: a warm `kot plan` reads the library from the snapshot, builds a
program and prints it; none of that needs validation, and importing pydantic and building model classes cost
more than all the rest. So a type is declared here once, its fields' limits and words ride along in
`Annotated[..., Spec(...)]`, and pydantic reads them only at the file boundary (`kot.boundary`: a file read
for the first time, `kot validate`, the schemas), validating straight into these same classes.
"""

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


class Spec:
    """A field's limits (pydantic Field keywords: ge, le, min_length, pattern, strict...), its description,
    a check run after the type is read (`check`, raising ValueError in kot's words) or before (`before`),
    and how it is written back (`serialize`, `schema`). Inert until pydantic builds a schema."""

    __slots__ = ("before", "check", "description", "limits", "schema", "serialize", "strip")

    def __init__(
        self,
        description: str | None = None,
        *,
        check: Callable[[Any], Any] | None = None,
        before: Callable[[Any], Any] | None = None,
        serialize: Callable[[Any], Any] | None = None,
        schema: dict[str, Any] | None = None,
        strip: bool = False,
        **limits: Any,
    ):
        self.description, self.check, self.before = description, check, before
        self.serialize, self.schema, self.strip, self.limits = serialize, schema, strip, limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        schema = handler(source)  # the type with the Specs before this one applied
        limits = {**self.limits, **({"strip_whitespace": True} if self.strip else {})}
        if limits:
            schema = _constrain(schema, limits)
        if self.before:
            schema = core_schema.no_info_before_validator_function(self.before, schema)
        if self.check:
            schema = core_schema.no_info_after_validator_function(self.check, schema)
        if self.serialize:
            schema = {**schema, "serialization": core_schema.plain_serializer_function_ser_schema(self.serialize)}
        return schema

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        found = dict(self.schema) if self.schema else handler(core_schema)
        if self.description:
            found = {**found, "description": self.description}
        return found


# schemas that wrap the one a limit applies to
_WRAPPERS = ("nullable", "function-after", "function-before", "function-plain", "default")


def _constrain(schema: dict[str, Any], limits: dict[str, Any]) -> dict[str, Any]:
    """A core schema with limits (ge, le, min_length, pattern, strict...) set on the type they bound."""
    if schema.get("type") in _WRAPPERS and "schema" in schema:
        return {**schema, "schema": _constrain(schema["schema"], limits)}
    return {**schema, **limits}


def value(cls: type[T]) -> type[T]:
    """Declare a domain type: a frozen, slotted, keyword-only dataclass; unknown keys in a file are errors
    (a coach's typo never passes silently).

    Why its methods are shared functions and not generated: dataclasses compiles each generated method from
    source, and for kot's types that was a fifth of a warm `kot plan`. The shared ones do the same: keyword
    arguments only, defaults and factories, `__post_init__`, no assignment after construction."""
    cls.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    _share(cls, {**_FROZEN, **_PICKLED})
    return dataclass(slots=True, kw_only=True, init=False, repr=False, eq=False)(cls)


def record(cls: type[T] | None = None, *, frozen: bool = False) -> Any:
    """Declare an in-memory record (never read from a file): a dataclass with the same shared methods,
    taking its fields by position too; `frozen` ones refuse assignment and hash by their fields."""

    def make(cls: type[T]) -> type[T]:
        _share(cls, _FROZEN if frozen else _MUTABLE)
        return dataclass(init=False, repr=False, eq=False)(cls)

    return make if cls is None else make(cls)


def _init(self: Any, *args: Any, **given: Any) -> None:
    cls = type(self)
    spec = _SPECS.get(cls) or _spec(cls)
    if args:
        if len(args) > len(spec):
            raise TypeError(f"{cls.__qualname__}() takes {len(spec)} arguments, got {len(args)}")
        for (name, _, _), item in zip(spec, args, strict=False):
            if name in given:
                raise TypeError(f"{cls.__qualname__}() got two values for '{name}'")
            given[name] = item
    for name, default, factory in spec:
        if name in given:
            item = given.pop(name)
        elif default is not MISSING:
            item = default
        elif factory is not MISSING:
            item = factory()
        else:
            raise TypeError(f"{cls.__qualname__}() is missing the keyword argument '{name}'")
        _set(self, name, item)
    if given:
        raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument '{next(iter(given))}'")
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


_SPECS: dict[type, tuple[tuple[str, Any, Any], ...]] = {}
_set = object.__setattr__


def _spec(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    _SPECS[cls] = tuple((f.name, f.default, f.default_factory) for f in fields(cls))
    return _SPECS[cls]


def _frozen(self: Any, name: str, item: Any = None) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name in names(type(self))]


def _setstate(self: Any, state: list[Any]) -> None:
    cls = type(self)
    fill = _FILLS.get(cls) or _fill(cls)
    fill(self, state)


_FILLS: dict[type, Callable[[Any, list[Any]], None]] = {}


def _fill(cls: type) -> Callable[[Any, list[Any]], None]:
    """A function that sets every field of a value from a pickled state, made once per type on first use:
    a large library unpickles tens of thousands of values, and a loop over the names costs twice as much."""
    slots = [getattr(cls, name).__set__ for name in names(cls)]
    lines = [f"    _{i}(self, state[{i}])" for i in range(len(slots))] or ["    pass"]
    scope = {f"_{i}": setter for i, setter in enumerate(slots)}
    exec("def fill(self, state):\n" + "\n".join(lines), scope)  # noqa: S102 - our own field names only
    _FILLS[cls] = scope["fill"]
    return _FILLS[cls]


def _repr(self: Any) -> str:
    fields_text = ", ".join(f"{name}={getattr(self, name)!r}" for name in names(type(self)))
    return f"{type(self).__qualname__}({fields_text})"


def _eq(self: Any, other: Any) -> bool:
    if type(other) is not type(self):
        return NotImplemented
    return all(getattr(self, name) == getattr(other, name) for name in names(type(self)))


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in names(type(self))))


# The shared methods: every record's, a frozen one's, and a slotted value's pickling.
_MUTABLE = {"__init__": _init, "__repr__": _repr, "__eq__": _eq, "__hash__": None}  # compared by value: unhashable
_FROZEN = {**_MUTABLE, "__hash__": _hash, "__setattr__": _frozen, "__delattr__": _frozen}
_PICKLED = {"__getstate__": _getstate, "__setstate__": _setstate}


def _share(cls: type, methods: dict[str, Any]) -> None:
    for name, method in methods.items():
        setattr(cls, name, method)


_NAMES: dict[type, tuple[str, ...]] = {}


def names(cls: type) -> tuple[str, ...]:
    """A value type's field names, in order."""
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return found


def plain(item: Any) -> Any:
    """A value as JSON-ready data (dicts, lists, text, numbers, flags, None): what kot prints and saves.

    Why not pydantic's serializer: the program types hold only these, enums and lists of them, and this
    walk costs a fraction of building a serializer (a test compares the two on generated programs)."""
    cls = type(item)
    if cls in _SCALARS:
        return item
    if cls is list or cls is tuple:
        return [plain(v) for v in item]
    found = _NAMES.get(cls)
    if found is None:
        if isinstance(item, Enum):
            return item.value
        if not hasattr(cls, "__dataclass_fields__"):
            return item
        found = names(cls)
    return {name: plain(getattr(item, name)) for name in found}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def raw_check(check: Callable[[Any], Any]) -> Any:
    """A type's check of the raw data, before its fields are read (say, a key YAML reads as yes/no):
    `__get_pydantic_core_schema__ = raw_check(fn)` in the class body."""

    def schema(cls: type, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(check, handler(source))

    return classmethod(schema)
