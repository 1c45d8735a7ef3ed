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
from kot.locate import annotation_at, field_label, plan_label, problems_from, trap_message
from kot.model import FORMAT_VERSION, Block, Category, ExerciseFamily, GoalTemplate, LadderLevel, Program, SlotDays
from kot.yamlio import Located, read_located

# A library folder's subfolders and the model of each; "plans" are saved programs, checked by `kot validate`
# but never part of a library.
KINDS: dict[str, type[BaseModel]] = {"exercises": ExerciseFamily, "programs": GoalTemplate, "plans": Program}
SUFFIXES = (".yaml", ".yml")
PLAN_SUFFIXES = (".json", ".yaml", ".yml")


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
    sources: dict[tuple[str, str], Path] = field(default_factory=dict)  # (kind folder, id) -> the defining file

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
    if path.parent.name in ("exercises", "programs"):
        return path.parent.name
    if isinstance(data, dict):
        if "levels" in data:
            return "exercises"
        if "slots" in data:
            return "programs"
        if "weeks" in data and "inputs" in data:
            return "plans"
    return None


@dataclass
class Scan:
    """What a look at a file or folder found: the files to read, folders it could not read (problems
    everywhere), and what it passed over and why (reported by `kot validate`; `serious` ones look like
    library files kot would never load, and fail the validation)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[Path, str, bool]] = field(default_factory=list)


def _files_in(target: Path, plans: bool = False) -> Scan:
    """YAML files of a library folder (its exercises/ and programs/), of a plain folder (with JSON too when
    looking for saved plans), or one file; everything else there is listed as skipped, with why."""
    scan = Scan()
    if target.is_file():
        scan.files.append(target)
        return scan
    subfolders = [target / kind for kind in ("exercises", "programs") if (target / kind).is_dir()]
    if subfolders:
        for entry in _entries(target, scan):
            if entry.name not in ("exercises", "programs", "schemas"):
                _skip(entry, scan, "not in exercises/ or programs/, where a library folder's files go")
        for folder in subfolders:
            _scan_folder(folder, SUFFIXES, scan)
    else:
        _scan_folder(target, PLAN_SUFFIXES if plans else SUFFIXES, scan)
    scan.files.sort()
    return scan


def _entries(folder: Path, scan: Scan) -> list[Path]:
    """A folder's entries, hidden ones aside; an unreadable folder is a problem, not a crash."""
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        scan.problems.append(Problem(display_path(folder), message=f"cannot read the folder: {exc.strerror or exc}"))
        return []


def _scan_folder(folder: Path, suffixes: tuple[str, ...], scan: Scan) -> None:
    for entry in _entries(folder, scan):
        if entry.suffix in suffixes and entry.is_file():
            scan.files.append(entry)
        elif entry.is_dir() and not entry.is_symlink() and entry.suffix.lower() not in suffixes:
            for inner in _entries(entry, scan):
                if inner.suffix.lower() in suffixes:
                    _skip(inner, scan, f"in a subfolder: kot reads only the files directly in {folder.name}/")
            _skip(entry, scan, "a folder: kot does not look inside it")
        else:
            _skip(entry, scan, "", suffixes)


def _skip(entry: Path, scan: Scan, why: str, suffixes: tuple[str, ...] = SUFFIXES) -> None:
    """Record an entry kot passes over; one that looks like a library file but would never load is serious."""
    looks = entry.suffix.lower() in suffixes
    if entry.is_symlink() and not entry.exists():
        why, serious = f"a broken link (to {os.readlink(entry)}, which does not exist)", looks
    elif looks and entry.is_dir():
        why, serious = "a folder, not a file", True
    elif looks and not entry.is_file():
        why, serious = "not a regular file (a pipe or a device)", True
    elif looks and entry.suffix not in suffixes:
        why, serious = f"'{entry.suffix}' must be lowercase ({' or '.join(suffixes)}) for kot to read it", True
    else:
        why, serious = why or f"not a {' or '.join(suffixes)} file", False
    scan.skipped.append((entry, why, serious))


def _read(path: Path, problems: list[Problem], cwd: Path) -> Entry | None:
    """Parse, validate and lint one file, adding every problem found; the entry only when it is valid."""
    file = display_path(path, cwd)
    try:
        located = read_located(path, file, keep_traps=True, plan=path.parent.name not in ("exercises", "programs"))
    except DataError as exc:
        problems.extend(exc.problems)
        return None
    kind = _kind_of(path, located.data)
    if kind is None:
        problems.append(
            Problem(
                file,
                1,
                1,
                message="neither an exercise family (needs levels), a goal template "
                "(needs slots) nor a saved plan (needs weeks and inputs)",
            )
        )
        return None
    model = KINDS[kind]
    traps = [t for t in located.traps if annotation_at(model, t.path) is not None]  # else: an unknown field
    found = [Problem(file, t.line, t.column, field_label(located.data, t.path), trap_message(model, t)) for t in traps]
    trapped = {t.path for t in traps}
    if kind == "plans":
        found += _plan_version(located, file)
    try:
        parsed = model.model_validate(located.data)
    except ValidationError as exc:
        reported = problems_from(exc, model, located, file)
        found += [p for p, loc in zip(reported, _locs(exc), strict=True) if loc not in trapped]
        if kind == "exercises":
            found += _lint(_partial_family(located.data, trapped), located, file)
        problems.extend(found)
        return None
    if isinstance(parsed, ExerciseFamily):
        found += _lint((parsed, list(range(len(parsed.levels)))), located, file)
    if isinstance(parsed, Program):
        for path, message in rules.plan_problems(parsed):
            line, column = located.position(path)
            found.append(Problem(file, line, column, plan_label(located.data, path), message))
    problems.extend(found)
    return Entry(kind, parsed, file, path)


def _locs(exc: ValidationError) -> list[tuple[str | int, ...]]:
    """Each error's path, in the order `problems_from` reports them."""
    return [tuple(p for p in error["loc"] if isinstance(p, (str, int))) for error in exc.errors()]


def _lint(family: tuple[ExerciseFamily, list[int]] | None, located: Located, file: str) -> list[Problem]:
    """The safety lints of a family's ladder, located in its file (`family` pairs the family with the file
    index of each of its levels)."""
    if family is None:
        return []
    parsed, where = family
    found = []
    for path_in_file, message in rules.lint_family(parsed):
        if len(path_in_file) > 1 and path_in_file[0] == "levels" and isinstance(path_in_file[1], int):
            path_in_file = ("levels", where[path_in_file[1]], *path_in_file[2:])
        line, column = located.position(path_in_file)
        found.append(Problem(file, line, column, field_label(located.data, path_in_file), message))
    return found


def _partial_family(data: Any, trapped: set[tuple[str | int, ...]]) -> tuple[ExerciseFamily, list[int]] | None:
    """What can be linted of a family that failed validation: its valid levels under its category.

    Why: a coach fixes schema problems and safety problems in one pass only if `kot validate` reports both at
    once. With no valid category, nothing is linted (the ladder rules depend on it)."""
    if not isinstance(data, dict) or not isinstance(data.get("levels"), list):
        return None
    try:
        category = Category(data.get("category"))
    except ValueError:
        return None
    levels, where = [], []
    for index, raw in enumerate(data["levels"]):
        if any(t[:2] == ("levels", index) for t in trapped):
            continue
        try:
            levels.append(LadderLevel.model_validate(raw))
        except ValidationError:
            continue
        where.append(index)
    if not levels:
        return None
    return ExerciseFamily.model_construct(category=category, levels=levels), where


def _plan_version(located: Located, file: str) -> list[Problem]:
    version = located.data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        line, column = located.position(("format_version",))
        return [
            Problem(
                file,
                line,
                column,
                "format_version",
                f"made by a newer kot (format {version}; this kot reads up to {FORMAT_VERSION}); upgrade kot",
            )
        ]
    return []


def _merge(layers: Iterable[list[Entry]], problems: list[Problem]) -> tuple[Library, dict[tuple[str, str], Entry]]:
    library = Library()
    entries: dict[tuple[str, str], Entry] = {}
    for layer in layers:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in layer:
            if entry.kind == "plans":
                continue
            key = (entry.kind, entry.model.id)
            if key in seen:
                first = seen[key]
                line, column = entry.located.position(("id",))
                problems.append(
                    Problem(entry.file, line, column, "id", f"duplicate id '{entry.model.id}' (also in {first.file})")
                )
                continue
            seen[key] = entry
            entries[key] = entry
            target = library.families if entry.kind == "exercises" else library.templates
            target[entry.model.id] = entry.model
            library.files[key] = entry.file
            library.sources[key] = entry.path
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
                    found.append(
                        _problem(
                            entry, ("substitutes", i), f"unknown exercise family '{sub}'{did_you_mean(sub, families)}"
                        )
                    )
            usable = rules.household_usable(family) or any(
                s in families and rules.household_usable(families[s]) for s in family.substitutes
            )
            if not usable:
                found.append(
                    _problem(
                        entry,
                        ("levels",),
                        "no level works with household equipment (floor, wall, step, chair); "
                        "add one or list a household substitute",
                    )
                )
        else:
            template: GoalTemplate = entry.model
            for i, slot in enumerate(template.slots):
                for j, fid in enumerate(slot.prefer):
                    if fid not in families:
                        found.append(
                            _problem(
                                entry,
                                ("slots", i, "prefer", j),
                                f"unknown exercise family '{fid}'{did_you_mean(fid, families)}",
                            )
                        )
                    elif families[fid].category is not slot.category:
                        found.append(
                            _problem(
                                entry,
                                ("slots", i, "prefer", j),
                                f"'{fid}' is {families[fid].category.value}, not {slot.category.value}",
                            )
                        )
            found += _template_problems(entry, template, families)
    return found


def _template_problems(entry: Entry, template: GoalTemplate, families: dict[str, ExerciseFamily]) -> list[Problem]:
    """A goal that cannot silently fail: every slot has a family that can fill it, jumps sit in the power
    block, daily families exist, must-haves have a slot, and no session can come out empty."""
    found: list[Problem] = []
    fillable = []
    for i, slot in enumerate(template.slots):
        serving = [
            f
            for f in families.values()
            if f.category is slot.category and (f.id in slot.prefer or template.id in f.goals)
        ]
        fillable.append(bool(serving))
        if not serving:
            what = slot.category.value
            found.append(
                _problem(
                    entry,
                    ("slots", i),
                    f"no exercise family can fill this {what} slot: list families "
                    f"in prefer, or add '{template.id}' to the goals of a {what} family",
                )
            )
        if (slot.category is Category.plyometric) != (slot.block is Block.power):
            found.append(
                _problem(
                    entry,
                    ("slots", i, "block"),
                    "jumps go in the power block, and only jumps: they are done fresh, before any tiring work",
                )
            )
    for i, fid in enumerate(template.daily):
        if fid not in families:
            found.append(_problem(entry, ("daily", i), f"unknown exercise family '{fid}'{did_you_mean(fid, families)}"))
    slot_categories = {s.category for s, ok in zip(template.slots, fillable, strict=True) if ok}
    for i, group in enumerate(template.must_groups()):
        if not group & slot_categories:
            names = " or ".join(sorted(c.value for c in group))
            found.append(_problem(entry, ("must_include_each_week", i), f"no slot fills {names}"))
    non_knee = any(ok and s.days is not SlotDays.knee for s, ok in zip(template.slots, fillable, strict=True))
    if any(fillable) and not non_knee:
        found.append(
            _problem(
                entry,
                ("slots",),
                "every slot is for knee days only, so the other sessions of a week "
                f"with more than {template.knee_days.max} days would be empty: give a slot days: all",
            )
        )
    return found


def load_library(
    extra: Sequence[Path] = (), *, use_env: bool = True, builtin: bool = True, checked: Sequence[Path] = ()
) -> Library:
    """Built-in library, then KOT_LIBRARY folders, then `extra` (later wins by id), then the `checked`
    paths as one layer (so two of them defining one id is an error); raise DataError on any problem."""
    return _load(extra, use_env=use_env, builtin=builtin, checked=checked)[0]


def _load(
    extra: Sequence[Path], *, use_env: bool, builtin: bool, checked: Sequence[Path]
) -> tuple[Library, list[Entry], list[str]]:
    roots = ([builtin_root()] if builtin else []) + (env_roots() if use_env else []) + list(extra)
    for path in roots:
        if not path.is_dir():
            raise KotError(
                f"library folder not found: {path}" if not path.exists() else f"{path} is not a library folder"
            )
    for path in checked:
        if not path.exists():
            raise KotError(f"file or folder not found: {path}")
        if not (path.is_dir() or path.is_file()):
            raise KotError(f"{path} is neither a file nor a folder (a pipe or a device?)")
    groups = [([root], False) for root in roots] + ([(list(checked), True)] if checked else [])
    problems: list[Problem] = []
    skipped: list[tuple[Path, str, bool]] = []
    cwd = Path.cwd().absolute()
    gc.disable()  # thousands of short-lived parse trees: collection passes would only rescan them
    try:
        layers = []
        for group, plans in groups:
            layer = []
            for target in group:
                scan = _files_in(target, plans)
                problems.extend(scan.problems)
                if plans:
                    skipped.extend(scan.skipped)
                layer += [entry for path in scan.files if (entry := _read(path, problems, cwd))]
            layers.append(layer)
    finally:
        gc.enable()
    library, entries = _merge(layers, problems)
    problems.extend(_cross_check(library, entries))
    problems.extend(Problem(display_path(p, cwd), message=f"skipped: {why}") for p, why, serious in skipped if serious)
    if problems:
        raise DataError(problems)
    notes = [f"{display_path(p, cwd)}: skipped: {why}" for p, why, serious in skipped if not serious]
    return library, layers[-1] if checked else [], notes


@dataclass(frozen=True)
class Validation:
    """What `kot validate` checked: the library it built, and the files it was asked about."""

    library: Library
    checked: list[Entry]
    skipped: list[str] = field(default_factory=list)  # what was passed over in the folders asked about, and why

    def summary(self) -> str:
        """One line: what was checked and found valid."""
        if not self.checked:
            return (
                f"ok: {_count(len(self.library.families), 'exercise family', 'exercise families')} and "
                f"{_count(len(self.library.templates), 'goal template')} are valid"
            )
        kinds = [
            ("exercises", "exercise family", "exercise families"),
            ("programs", "goal template", ""),
            ("plans", "saved plan", ""),
        ]
        parts = [_count(n, one, many) for kind, one, many in kinds if (n := sum(e.kind == kind for e in self.checked))]
        verb = "is" if len(self.checked) == 1 else "are"
        skipped = f"; {_count(len(self.skipped), 'file')} skipped, listed above" if self.skipped else ""
        return (
            f"ok: {_join(parts)} {verb} valid (library: {_count(len(self.library.families), 'family', 'families')}"
            f", {_count(len(self.library.templates), 'goal')}){skipped}"
        )


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def validate(paths: Sequence[Path], extra: Sequence[Path] = ()) -> Validation:
    """`kot validate`: the library with `paths` laid over it (saved plans among them checked on their own);
    raise DataError listing every problem, sorted by file and line."""
    library, checked, skipped = _load(extra, use_env=True, builtin=True, checked=paths)
    if paths and not checked:
        listed = "; ".join(skipped) if skipped else "it is empty"
        raise KotError(f"nothing to check in {', '.join(map(str, paths))}: no exercise, goal or plan files ({listed})")
    return Validation(library, checked, skipped)
