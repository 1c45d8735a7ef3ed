"""Plain values: how kot declares every domain type once, as a frozen, slotted class of named fields.

Why not pydantic models: a warm `kot plan` reads the library from the snapshot, builds a program and prints
it; none of that needs validation, and importing pydantic and building model classes cost more than all the
rest. So a type is declared here once (a class of annotated fields, as a dataclass is written), its fields'
limits and words ride along in `Annotated[..., Spec(...)]`, and pydantic reads them only at the file
boundary (`kot.boundary`: a file read for the first time, `kot validate`, the schemas), validating straight
into these same classes.
"""

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # a field without a default


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen value."""


class Field:
    """A field's default or default factory, where a plain default will not do (`field(default_factory=list)`)."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: Any, default_factory: Any):
        self.default, self.default_factory = default, default_factory


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING) -> Any:
    """A field's default, or the factory that makes a fresh one for each value (a list, a dict)."""
    return Field(default, default_factory)


def replace(item: T, **changes: Any) -> T:
    """A copy of a value or record with some fields changed (as dataclasses.replace)."""
    cls = type(item)
    if cls not in _NAMES:  # a stdlib dataclass
        import dataclasses

        return dataclasses.replace(item, **changes)  # type: ignore[type-var]
    for name in _NAMES[cls]:
        if name not in changes:
            changes[name] = getattr(item, name)
    return cls(**changes)


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
    """Declare a domain type: frozen, slotted, keyword-only; unknown keys in a file are errors (a coach's typo
    never passes silently).

    Why its methods are shared functions and not generated: dataclasses compiles each generated method from
    source, and for kot's types that was a fifth of a warm `kot plan`. The shared ones do what a dataclass's
    would: keyword arguments only, defaults and factories, `__post_init__`, no assignment after construction."""
    cls.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    return _declare(cls, {**_FROZEN, **_PICKLED}, slots=True, kw_only=True)


def record(cls: type[T] | None = None, *, frozen: bool = False, order: bool = False) -> Any:
    """Declare an in-memory record (never read from a file): a class with the same shared methods, taking
    its fields by position too; `frozen` ones refuse assignment and hash by their fields, `order` ones sort
    by them."""

    def make(cls: type[T]) -> type[T]:
        methods = _FROZEN if frozen else _MUTABLE
        return _declare(cls, {**methods, **_ORDERED} if order else methods, slots=False, kw_only=False)

    return make if cls is None else make(cls)


def _declare(cls: type[T], methods: dict[str, Any], *, slots: bool, kw_only: bool) -> type[T]:
    """The class with its fields (annotations, in order, after any a base declared), the shared methods and,
    for a value, slots instead of a __dict__.

    Why not dataclasses: importing it (with inspect) and rebuilding each slotted class was a seventh of a
    warm `kot plan`. What dataclasses gives others (pydantic at the file boundary, dataclasses.replace or
    asdict) still works: `__dataclass_fields__` is made by dataclasses itself, on first use (_Described)."""
    spec: dict[str, tuple[Any, Any]] = {}
    annotations: dict[str, Any] = {}
    for base in reversed(cls.__mro__[1:]):
        for name, default, factory in _SPECS.get(base, ()):
            spec[name] = (default, factory)
        annotations.update(_ANNOTATIONS.get(base, {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        given = cls.__dict__.get(name, MISSING)
        if type(given).__module__ == "dataclasses":
            raise TypeError(f"{cls.__qualname__}.{name}: use kot.values.field, not dataclasses.field")
        if isinstance(given, Field):
            spec[name] = (given.default, given.default_factory)
        else:
            if isinstance(given, (list, dict, set)):
                raise ValueError(f"{cls.__qualname__}.{name}: a mutable default; use field(default_factory=...)")
            spec[name] = (given, MISSING)
        annotations[name] = annotation
    body = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
    body.update(methods)
    for name, (default, _) in spec.items():
        if slots or default is MISSING:
            body.pop(name, None)  # a slot, or a field without a class-level default
        else:
            body[name] = default
    if slots:
        inherited = {slot for base in cls.__mro__[1:] for slot in base.__dict__.get("__slots__", ())}
        body["__slots__"] = tuple(name for name in spec if name not in inherited)
    body["__dataclass_fields__"], body["__dataclass_params__"] = _Described(), _Described()
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    _SPECS[made] = tuple((name, default, factory) for name, (default, factory) in spec.items())
    _NAMES[made] = tuple(spec)
    _ANNOTATIONS[made] = annotations
    _KW_ONLY[made] = kw_only
    return made


class _Described:
    """`__dataclass_fields__` and `__dataclass_params__` of a kot type, made on first use by dataclasses itself
    (from a scratch class with the same fields), for pydantic, dataclasses.replace, asdict and fields."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, item: Any, owner: type) -> Any:
        import dataclasses

        body: dict[str, Any] = {"__annotations__": dict(_ANNOTATIONS[owner]), "__module__": owner.__module__}
        for name, default, factory in _SPECS[owner]:
            if factory is not MISSING:
                body[name] = dataclasses.field(default_factory=factory)
            elif default is not MISSING:
                body[name] = dataclasses.field(default=default)
        scratch = dataclasses.dataclass(kw_only=_KW_ONLY[owner], init=False, repr=False, eq=False)(
            type(owner.__name__, (), body)
        )
        for attribute in ("__dataclass_fields__", "__dataclass_params__"):
            type.__setattr__(owner, attribute, scratch.__dict__[attribute])
        return owner.__dict__[self.name]


def _init(self: Any, *args: Any, **given: Any) -> None:
    cls = type(self)
    spec = _SPECS[cls]
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


_SPECS: dict[type, tuple[tuple[str, Any, Any], ...]] = {}  # each field's name, default and factory, in order
_ANNOTATIONS: dict[type, dict[str, Any]] = {}
_KW_ONLY: dict[type, bool] = {}
_set = object.__setattr__


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


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in names(type(self)))


def _ordered(compare: Callable[[tuple[Any, ...], tuple[Any, ...]], bool]) -> Callable[[Any, Any], bool]:
    def method(self: Any, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return compare(_key(self), _key(other))

    return method


# The shared methods: every record's, a frozen one's, and a slotted value's pickling.
_MUTABLE = {"__init__": _init, "__repr__": _repr, "__eq__": _eq, "__hash__": None}  # compared by value: unhashable
_FROZEN = {**_MUTABLE, "__hash__": _hash, "__setattr__": _frozen, "__delattr__": _frozen}
_PICKLED = {"__getstate__": _getstate, "__setstate__": _setstate}
_ORDERED = {
    "__lt__": _ordered(lambda a, b: a < b),
    "__le__": _ordered(lambda a, b: a <= b),
    "__gt__": _ordered(lambda a, b: a > b),
    "__ge__": _ordered(lambda a, b: a >= b),
}

_NAMES: dict[type, tuple[str, ...]] = {}


def names(cls: type) -> tuple[str, ...]:
    """A value type's field names, in order."""
    return _NAMES[cls]


def is_declared(cls: Any) -> bool:
    """Whether a class was declared by `value` or `record`."""
    return cls in _NAMES


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
        described = getattr(cls, "__dataclass_fields__", None)  # a stdlib dataclass (kot types are in _NAMES)
        if described is None:
            return item
        found = tuple(described)
    return {name: plain(getattr(item, name)) for name in found}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def raw_check(check: Callable[[Any], Any]) -> Any:
    """A type's check of the raw data, before its fields are read (say, a key YAML reads as yes/no):
    `__get_pydantic_core_schema__ = raw_check(fn)` in the class body."""

    def schema(cls: type, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(check, handler(source))

    return classmethod(schema)
