"""A coach's library on disk: `kot init` starts one, `kot new` forks an exercise or a goal into it.

Both return the files to write (path -> text) and leave the writing to the caller, which never replaces an
existing file. A fork is the source file's own text, comments and all, with only its top-level `id:`
changed and its `$schema` line pointing at the library's schemas/ folder (added when missing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kot.browse import find, refuse_hidden
from kot.errors import KotError, UsageError
from kot.kinds import FOLDERS, KINDS, canonical, json_schema, schema_name
from kot.library import load_library
from kot.model import KEBAB
from kot.yamlio import parse_located

STARTER = Path(__file__).parent / "starter"
SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=.*$", re.MULTILINE)
_SCALAR = re.compile(r"""("[^"\n]*"|'[^'\n]*'|[^\s#,}\]]+)""")


def schema_line(kind: str) -> str:
    """The comment that points an editor's YAML language server at the kind's schema in ../schemas/."""
    return f"# yaml-language-server: $schema=../schemas/{schema_name(kind)}"


def init_files(folder: Path) -> dict[Path, str]:
    """A new library: schemas/ with every kind's JSON Schema, and one example exercise and goal."""
    files = {folder / "schemas" / schema_name(kind): json_schema(kind) for kind in KINDS}
    for sub in FOLDERS.values():
        for example in sorted((STARTER / sub).glob("*.yaml")):
            files[folder / sub / example.name] = example.read_text(encoding="utf-8")
    return files


def fork_files(kind: str, source_id: str, new_id: str, folder: Path | None) -> dict[Path, str]:
    """A fork of exercise or goal `source_id` as `new_id` in `folder` (default: the current folder), plus
    the kind's schema there if the folder lacks it. `source_id` may come from the folder itself."""
    kind = canonical(kind)
    if kind not in FOLDERS:
        raise UsageError(f"only exercises and goals are forked, not a {kind}", option="kind")
    if not re.match(KEBAB, new_id) or len(new_id) > 60:
        raise UsageError(f"'{new_id}' is not a kebab-case id such as my-raise", option="id")
    target = folder if folder is not None else Path(".")
    sub = FOLDERS[kind]
    library = load_library([target] if any((target / s).is_dir() for s in FOLDERS.values()) else [])
    items = library.families if kind == "exercise" else library.templates
    find(items, source_id, "exercise family" if kind == "exercise" else "goal", option="from")
    source = library.sources[(sub, source_id)]
    owner = library.sources.get((sub, new_id))
    if owner is not None and owner.parent.resolve() == (target / sub).resolve():
        raise UsageError(f"'{new_id}' is already defined in {owner}; choose another id", option="id")
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KotError(f"{source}: cannot read it ({exc})") from None
    refuse_hidden(text, source)
    text = with_name(with_id(text, new_id, str(source)), new_id, str(source))
    files = {target / sub / f"{new_id}.yaml": with_schema_line(text, kind)}
    schema = target / "schemas" / schema_name(kind)
    if not schema.exists():
        files[schema] = json_schema(kind)
    return files


def with_id(text: str, new_id: str, display: str) -> str:
    """The text with its top-level `id:` value replaced, everything else (comments, layout) untouched."""
    located = parse_located(text, display)
    if ("id",) not in located.values:
        raise KotError(f"{display}: has no top-level id to change")
    line, column = located.values[("id",)]
    lines = text.splitlines(keepends=True)
    head, rest = lines[line - 1][: column - 1], lines[line - 1][column - 1 :]
    match = _SCALAR.match(rest)
    if match is None:
        raise KotError(f"{display}:{line}:{column}: cannot find the id's value to change")
    lines[line - 1] = head + new_id + rest[match.end() :]
    return "".join(lines)


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,.'()/+-]*")
_NAME_VALUE = re.compile(r"""("[^"\n]*"|'[^'\n]*'|.*?)(?=\s+#|\s*$)""")


def with_name(text: str, new_id: str, display: str) -> str:
    """The text with its top-level `name:` made distinct, "Tibialis raise (my-raise)", so lists never show
    two exercises (or goals) of the same name; a file without a plain one-line name is left as it is."""
    located = parse_located(text, display)
    name = located.data.get("name") if isinstance(located.data, dict) else None
    if ("name",) not in located.values or not isinstance(name, str) or "\n" in name:
        return text
    line, column = located.values[("name",)]
    lines = text.splitlines(keepends=True)
    head, rest = lines[line - 1][: column - 1], lines[line - 1][column - 1 :]
    match = _NAME_VALUE.match(rest)
    if match is None or not match.group(1):
        return text
    new_name = f"{name} ({new_id})"
    written = new_name if _PLAIN_NAME.fullmatch(new_name) else json.dumps(new_name, ensure_ascii=False)
    lines[line - 1] = head + written + rest[match.end() :]
    return "".join(lines)


def with_schema_line(text: str, kind: str) -> str:
    """The text with its `$schema` comment pointing at ../schemas/, added at the top when it has none."""
    if SCHEMA_LINE.search(text):
        return SCHEMA_LINE.sub(schema_line(kind).replace("\\", "\\\\"), text, count=1)
    return f"{schema_line(kind)}\n{text}"
