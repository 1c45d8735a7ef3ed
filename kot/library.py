"""Load the exercise library and goal templates: built-in, `KOT_LIBRARY` and `--library` folders.

Later folders override earlier ones by id. Every problem in every file is collected, located and raised
at once, so a coach fixes a whole batch in one pass.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kot import rules
from kot.errors import DataError, KotError, Problem, did_you_mean
from kot.locate import field_label, problems_from
from kot.model import Block, Category, ExerciseFamily, GoalTemplate, SlotDays
from kot.yamlio import Located, read_located

KINDS: dict[str, type[BaseModel]] = {"exercises": ExerciseFamily, "programs": GoalTemplate}
SUFFIXES = (".yaml", ".yml")


def builtin_root() -> Path:
    """The shipped library: inside the installed package, or the repository's top level when run from source."""
    packaged = Path(__file__).parent / "data"
    return packaged if (packaged / "exercises").is_dir() else Path(__file__).parent.parent


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as a user can open it: relative to the current folder when inside it."""
    try:
        return str(path.absolute().relative_to(cwd or Path.cwd().absolute()))
    except (ValueError, OSError):
        return str(path)


@dataclass
class Entry:
    """A parsed file. Positions are dropped after reading (a large library would keep hundreds of thousands
    of them alive) and parsed again only when a cross-file problem needs a line number."""

    kind: str
    model: Any
    file: str
    path: Path

    @cached_property
    def located(self) -> Located:
        return read_located(self.path, self.file)


@dataclass
class Library:
    families: dict[str, ExerciseFamily] = field(default_factory=dict)
    templates: dict[str, GoalTemplate] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Library({len(self.families)} families, {len(self.templates)} templates)"

    @cached_property
    def version(self) -> str:
        """A content hash: a saved program records which library made it."""
        digest = hashlib.sha256()
        for group in (self.families, self.templates):
            for key in sorted(group):
                digest.update(json.dumps(group[key].model_dump(mode="json"), sort_keys=True).encode())
        return digest.hexdigest()[:12]


def env_roots(environ: dict[str, str] | None = None) -> list[Path]:
    """Folders named in KOT_LIBRARY (path-separated)."""
    value = (environ if environ is not None else os.environ).get("KOT_LIBRARY", "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def _kind_of(path: Path, data: Any) -> str | None:
    if path.parent.name in KINDS:
        return path.parent.name
    if isinstance(data, dict):
        if "levels" in data:
            return "exercises"
        if "slots" in data:
            return "programs"
    return None


def _files_in(target: Path) -> list[Path]:
    """YAML files of a library folder (its exercises/ and programs/), of a plain folder, or one file."""
    if target.is_file():
        return [target]
    subfolders = [target / kind for kind in KINDS if (target / kind).is_dir()]
    folders = subfolders or [target]
    return sorted(p for folder in folders for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def _read(path: Path, problems: list[Problem], cwd: Path) -> Entry | None:
    file = display_path(path, cwd)
    try:
        located = read_located(path, file)
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    kind = _kind_of(path, located.data)
    if kind is None:
        problems.append(Problem(file, 1, 1, message="neither an exercise family (needs levels) nor a goal template (needs slots)"))
        return None
    model = KINDS[kind]
    try:
        parsed = model.model_validate(located.data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, model, located, file))
        return None
    if isinstance(parsed, ExerciseFamily):
        for path_in_file, message in rules.lint_family(parsed):
            line, column = located.position(path_in_file)
            problems.append(Problem(file, line, column, field_label(located.data, path_in_file), message))
    return Entry(kind, parsed, file, path)


def _merge(layers: Iterable[list[Entry]], problems: list[Problem]) -> tuple[Library, dict[tuple[str, str], Entry]]:
    library = Library()
    entries: dict[tuple[str, str], Entry] = {}
    for layer in layers:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in layer:
            key = (entry.kind, entry.model.id)
            if key in seen:
                first = seen[key]
                line, column = entry.located.position(("id",))
                problems.append(Problem(entry.file, line, column, "id", f"duplicate id '{entry.model.id}' (also in {first.file})"))
                continue
            seen[key] = entry
            entries[key] = entry
            target = library.families if entry.kind == "exercises" else library.templates
            target[entry.model.id] = entry.model
            library.files[key] = entry.file
    return library, entries


def _problem(entry: Entry, path: tuple[str | int, ...], message: str) -> Problem:
    line, column = entry.located.position(path)
    return Problem(entry.file, line, column, field_label(entry.located.data, path), message)


def _cross_check(library: Library, entries: dict[tuple[str, str], Entry]) -> list[Problem]:
    """References between files: goals, substitutes, preferred families, weekly must-haves."""
    found: list[Problem] = []
    families, goals = library.families, library.templates
    for (kind, _), entry in entries.items():
        if kind == "exercises":
            family: ExerciseFamily = entry.model
            for i, goal in enumerate(family.goals):
                if goals and goal not in goals:
                    found.append(_problem(entry, ("goals", i), f"unknown goal '{goal}'{did_you_mean(goal, goals)}"))
            for i, sub in enumerate(family.substitutes):
                if sub not in families:
                    found.append(_problem(entry, ("substitutes", i), f"unknown exercise family '{sub}'{did_you_mean(sub, families)}"))
            usable = rules.household_usable(family) or any(
                s in families and rules.household_usable(families[s]) for s in family.substitutes
            )
            if not usable:
                found.append(_problem(entry, ("levels",), "no level works with household equipment (floor, wall, step, chair); add one or list a household substitute"))
        else:
            template: GoalTemplate = entry.model
            for i, slot in enumerate(template.slots):
                for j, fid in enumerate(slot.prefer):
                    if fid not in families:
                        found.append(_problem(entry, ("slots", i, "prefer", j), f"unknown exercise family '{fid}'{did_you_mean(fid, families)}"))
                    elif families[fid].category is not slot.category:
                        found.append(_problem(entry, ("slots", i, "prefer", j), f"'{fid}' is {families[fid].category.value}, not {slot.category.value}"))
            found += _template_problems(entry, template, families)
    return found


def _template_problems(entry: Entry, template: GoalTemplate, families: dict[str, ExerciseFamily]) -> list[Problem]:
    """A goal that cannot silently fail: every slot has a family that can fill it, jumps sit in the power
    block, daily families exist, must-haves have a slot, and no session can come out empty."""
    found: list[Problem] = []
    fillable = []
    for i, slot in enumerate(template.slots):
        serving = [f for f in families.values() if f.category is slot.category
                   and (f.id in slot.prefer or template.id in f.goals)]
        fillable.append(bool(serving))
        if not serving:
            found.append(_problem(entry, ("slots", i), f"no exercise family can fill this {slot.category.value} slot: "
                                  f"list families in prefer, or add '{template.id}' to the goals of a "
                                  f"{slot.category.value} family"))
        if (slot.category is Category.plyometric) != (slot.block is Block.power):
            found.append(_problem(entry, ("slots", i, "block"), "jumps go in the power block, and only jumps: they "
                                  "are done fresh, before any tiring work"))
    for i, fid in enumerate(template.daily):
        if fid not in families:
            found.append(_problem(entry, ("daily", i), f"unknown exercise family '{fid}'{did_you_mean(fid, families)}"))
    slot_categories = {s.category for s, ok in zip(template.slots, fillable, strict=True) if ok}
    for i, group in enumerate(template.must_groups()):
        if not group & slot_categories:
            names = " or ".join(sorted(c.value for c in group))
            found.append(_problem(entry, ("must_include_each_week", i), f"no slot fills {names}"))
    if any(fillable) and not any(ok and s.days is not SlotDays.knee for s, ok in zip(template.slots, fillable, strict=True)):
        found.append(_problem(entry, ("slots",), "every slot is for knee days only, so the other sessions of a week "
                              f"with more than {template.knee_days.max} days would be empty: give a slot days: all"))
    return found


def load_library(extra: Sequence[Path] = (), *, use_env: bool = True, builtin: bool = True,
                 checked: Sequence[Path] = ()) -> Library:
    """Built-in library, then KOT_LIBRARY folders, then `extra` (later wins by id), then the `checked`
    paths as one layer (so two of them defining one id is an error); raise DataError on any problem."""
    roots = ([builtin_root()] if builtin else []) + (env_roots() if use_env else []) + list(extra)
    for path in [*roots, *checked]:
        if not path.exists():
            kind = "file or folder" if path.suffix in SUFFIXES or checked else "library folder"
            raise KotError(f"{kind} not found: {path}")
    groups = [[root] for root in roots] + ([list(checked)] if checked else [])
    problems: list[Problem] = []
    cwd = Path.cwd().absolute()
    gc.disable()  # thousands of short-lived parse trees: collection passes would only rescan them
    try:
        layers = [[entry for target in group for path in _files_in(target) if (entry := _read(path, problems, cwd))]
                  for group in groups]
    finally:
        gc.enable()
    library, entries = _merge(layers, problems)
    problems.extend(_cross_check(library, entries))
    if problems:
        raise DataError(problems)
    return library


def validate(paths: Sequence[Path], extra: Sequence[Path] = ()) -> Library:
    """`kot validate`: the library with `paths` laid over it; raise DataError listing every problem."""
    return load_library(extra, checked=paths)
