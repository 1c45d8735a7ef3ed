"""The only module that imports yaml: strict safe loading with positions, and dumping.

Why not `yaml.safe_load`: it silently keeps the last of two duplicate keys, reads `no` as False and
`1:30` as 90, and forgets where each value stood, so errors could not name a line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from kot import plaintext
from kot.errors import DataError, Problem
from kot.jsonio import PLAN_MAX_BYTES, PLAN_MAX_VALUES
from kot.yamlwords import plain_words

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PARSER = f"PyYAML {yaml.__version__} ({'C' if _BaseLoader is not yaml.SafeLoader else 'pure Python'} loader)"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a memo on implicit tag resolution, its slowest step on large libraries.

    Why safe: the resolved tags are the same as SafeLoader's; only repeated look-ups are cached, and
    path resolvers (unused by kot) are skipped."""

    _memo: dict[tuple[object, str, object], str] = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        tag = self._memo.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._memo) < 50_000:
                self._memo[key] = tag
        return tag

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001
        return None

    def ascend_resolver(self):
        return None


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_BYTES = 2_000_000  # a library file; a saved plan may be larger
MAX_NODES = 200_000  # an alias bomb expands past this long before it eats memory
# A saved plan of 52 weeks, 7 days a week and 3-hour sessions is about 2.5 MB and 150,000 values of YAML;
# JSON plans have the same budget (kot.jsonio), so a file of a million zeros is refused before the models see it.
PLAN_MAX_NODES = PLAN_MAX_VALUES
MAX_DEPTH = 64  # no kot file nests deeper; Python's recursion limit would be hit long after

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("map", "seq", "str", "int", "float", "bool", "null")}
_OCTAL_LIKE = re.compile(r"^[-+]?0[0-9_]+$")
_PLAIN_INT = re.compile(r"^-?(0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^-?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_STR = _TAG + "str"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
MAX_DIGITS = 30

Position = tuple[int, int]
Path_ = tuple[str | int, ...]


class Trap(NamedTuple):
    """A plain scalar YAML 1.1 reads as something a coach rarely means (`no` as false, `1:30` as 90): kept as
    the raw text, so the reader that knows the field's type can say what to write instead."""

    path: Path_
    raw: str
    reads_as: str  # "yes/no", "base-60", "octal", "number-form" or "date"
    line: int
    column: int

    def generic_message(self) -> str:
        """Advice that holds whatever the field: what it reads as, and how to keep it as text."""
        return {
            "yes/no": f"'{self.raw}' reads as a yes/no value; write true or false, or quote it for text",
            "base-60": f"'{self.raw}' reads as base-60 in YAML; write plain seconds (e.g. 90)",
            "octal": f"'{self.raw}' has a leading zero and reads as octal; drop the zero",
            "number-form": f"'{self.raw}' is a number in a form kot does not read (hex, binary, digit groups, a "
            "plus sign, infinity); write plain digits, or quote it for text",
            "date": f"'{self.raw}' reads as a date; quote it if you mean text",
        }[self.reads_as]


class Located:
    """Parsed data plus where each value (and each mapping key) stood in the file, and its traps."""

    def __init__(
        self, data: Any, values: dict[Path_, Position], keys: dict[Path_, Position], traps: tuple[Trap, ...] = ()
    ):
        self.data = data
        self.values = values
        self.keys = keys
        self.traps = traps

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The line and column of a path, or of its nearest ancestor that exists in the file."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            sub = tuple(path[:end])
            if sub in table:
                return table[sub]
            if sub in self.values:
                return self.values[sub]
        return (1, 1)


class _Walker:
    def __init__(self, loader: Any, file: str, budget: int = MAX_NODES):
        self.loader = loader
        self.file = file
        self.values: dict[Path_, Position] = {}
        self.keys: dict[Path_, Position] = {}
        self.problems: list[Problem] = []
        self.traps: list[Trap] = []
        self.budget = budget
        self.limit = budget
        self.open: set[int] = set()  # nodes being walked: an alias back to one of them is a loop

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, dotted(path), message))

    def trap(self, node: yaml.Node, path: Path_, reads_as: str) -> str:
        mark = node.start_mark
        self.traps.append(Trap(path, node.value, reads_as, mark.line + 1, mark.column + 1))
        return node.value

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Abort(
                node, f"more than {self.limit:,} values: aliases expand too far (a YAML bomb?), or it is no kot file"
            )
        if len(path) > MAX_DEPTH:
            raise _Abort(node, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.open:
            raise _Abort(node, "an alias refers to itself")
        self.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _PLAIN_TAGS and not node.tag.startswith(_TAG + "timestamp"):
            self.problem(node, path, f"the YAML tag '{node.tag}' is not allowed here; remove it")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            return [self.walk(child, path + (i,)) for i, child in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        explicit = len(node.value) - sum(1 for key, _ in node.value if key.tag == _TAG + "merge")
        self.loader.flatten_mapping(node)  # resolves `<<`, putting the merged pairs first
        merged = len(node.value) - explicit
        out: dict[str, Any] = {}
        written: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be a plain word")
                continue
            key = str(key_node.value)
            if index >= merged:  # a key written here may override a merged one, but not itself
                if key in written:
                    self.problem(key_node, path + (key,), f"duplicate key '{key}' (YAML would keep only the last)")
                    continue
                written.add(key)
            self.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.walk(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        raw = node.value
        tag = node.tag
        if tag == _STR:  # most scalars: skip the constructor's dispatch
            return raw
        if tag == _INT and _PLAIN_INT.match(raw):
            if len(raw) > MAX_DIGITS:  # Python refuses to read such a number, and no kot field holds one
                self.problem(node, path, f"a number {len(raw)} digits long; no kot field holds one that long")
                return None
            return int(raw)
        if tag.startswith(_TAG + "timestamp"):
            return self.trap(node, path, "date")
        if tag == _TAG + "bool" and raw.lower() not in ("true", "false"):
            return self.trap(node, path, "yes/no")
        if tag in (_INT, _FLOAT) and ":" in raw:
            return self.trap(node, path, "base-60")
        if tag == _INT and _OCTAL_LIKE.match(raw):
            return self.trap(node, path, "octal")
        if tag == _INT or (tag == _FLOAT and not _PLAIN_FLOAT.match(raw)):  # 0x2D, 0b1, 4_5, +45, .inf, 1_0.5
            return self.trap(node, path, "number-form")
        return self.loader.construct_object(node, deep=True)


class _Abort(Exception):
    """A file too deep, too self-referential or too explosive to walk; reported at the node."""

    def __init__(self, node: yaml.Node, message: str):
        self.node = node
        self.message = message


def dotted(path: Path_) -> str:
    """`('levels', 2, 'dosage')` -> `levels[2].dosage` (callers that know ids rename list items)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_located(path: Path, display: str, *, keep_traps: bool = False, plan: bool = False) -> Located:
    """Parse one YAML file safely and strictly; raise DataError naming file, line and column. `plan`: the file
    may be a saved plan, which may be larger than a library file."""
    text = decode(read_source(path, display, plan=plan), display)
    return parse_located(text, display, keep_traps=keep_traps, plan=plan)


def read_source(path: Path, display: str, *, plan: bool = False) -> bytes:
    """A file's bytes, refusing one larger than a library file (or a saved plan) can be."""
    limit = PLAN_MAX_BYTES if plan else MAX_BYTES
    try:
        if path.stat().st_size > limit:
            raise DataError([Problem(display, message=f"file is larger than {limit // 1_000_000} MB")])
        return path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(display, message=f"cannot read the file: {exc.strerror or exc}")]) from None


def decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(display, message=f"not a UTF-8 text file (byte {exc.start})")]) from None


def parse_located(text: str, display: str, *, keep_traps: bool = False, plan: bool = False) -> Located:
    """Parse YAML text (one document) into data with positions. YAML 1.1 traps are errors with advice that
    holds for any field, unless `keep_traps`: then they come back as raw text in `Located.traps`, for a
    reader that knows each field's type to advise on. Control characters and bidirectional overrides are
    refused anywhere in the text, comments included (kot.plaintext.file_problems)."""
    hidden = plaintext.file_problems(text)
    if hidden:
        raise DataError([Problem(display, line, column, message=message) for line, column, message in hidden])
    loader = _Loader(text)
    walker = _Walker(loader, display, PLAN_MAX_NODES if plan else MAX_NODES)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([Problem(display, 1, 1, message="file is empty")])
        data = walker.walk(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        start = exc.context_mark.line + 1 if exc.context_mark else None
        lines = text.splitlines()
        at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
        what = plain_words(exc.context, exc.problem, start, at)
        if mark and mark.line < len(lines) and "\t" in lines[mark.line] and "a tab" not in what:
            what += " (a tab: indent with spaces only)"
        raise DataError([Problem(display, line, column, message=f"invalid YAML: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DataError(
            [Problem(display, line, column, message=f"invalid YAML: unacceptable character {exc.character!r}")]
        ) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(display, message=f"invalid YAML: {str(exc).splitlines()[0]}")]) from None
    except _Abort as exc:
        mark = exc.node.start_mark
        raise DataError([Problem(display, mark.line + 1, mark.column + 1, message=exc.message)]) from None
    finally:
        loader.dispose()
    problems = walker.problems
    if not keep_traps:
        problems += [Problem(display, t.line, t.column, dotted(t.path), t.generic_message()) for t in walker.traps]
    if problems:
        raise DataError(problems)
    if data is None:
        raise DataError([Problem(display, 1, 1, message="file is empty")])
    return Located(data, walker.values, walker.keys, tuple(walker.traps))


def dump_yaml(data: Any) -> str:
    """Block-style YAML in field order, the form a coach edits."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def load_plain(text: str, display: str) -> Any:
    """Parse YAML that is not a library file (a saved program): same safety, positions dropped."""
    return parse_located(text, display).data
