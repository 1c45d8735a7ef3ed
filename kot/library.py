"""Load the exercise library and goal templates: built-in, `KOT_LIBRARY` and `--library` folders.

Later folders override earlier ones by id. Every problem in every file is collected, located and raised
at once, so a coach fixes a whole batch in one pass.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kot import parallel, snapshot, validation
from kot.catalog import Families, Summary, summary_of
from kot.digests import sha256
from kot.errors import DataError, KotError, Problem, did_you_mean
from kot.model import (
    FORMAT_VERSION,
    Block,
    Category,
    ExerciseFamily,
    GoalTemplate,
    LadderLevel,
    Program,
    SlotDays,
    plan_shape_problems,
)
from kot.values import field, record

if TYPE_CHECKING:  # imported where a file is read in full: a warm run reads none (no PyYAML, no pydantic)
    from kot.testcards import PlacementTest
    from kot.yamlio import Located

# A library folder's subfolders and the model of each; "plans" are saved programs, checked by `kot validate`
# but never part of a library.
KINDS: dict[str, type] = {
    "exercises": ExerciseFamily,
    "programs": GoalTemplate,
    "plans": Program,
}
LIBRARY_FOLDERS = ("exercises", "programs", "placement-tests")
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


class Entry:
    """A valid file: its kind, its summary and its model, built from the snapshot on first use.

    Positions are not kept (a large library would hold hundreds of thousands of them); they are parsed again
    only when a cross-file problem needs a line number."""

    def __init__(
        self, kind: str, path: Path, cwd: Path, *, model: Any = None, summary: Summary | None = None, blob: bytes = b""
    ):
        self.kind = kind
        self.path = path
        self.cwd = cwd
        self._model = model
        self._blob = blob
        self.summary = summary

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = snapshot.loads(self._blob) if self._blob else self._read_again()
        return self._model

    def _read_again(self) -> Any:
        """The model of a file a forked reader checked but did not send (kot validate needs few models)."""
        entry = _read(self.path, [], self.cwd)
        if entry is None:
            raise KotError(f"{self.file} changed while kot was reading it; run the command again")
        return entry.model

    @property
    def blob(self) -> bytes:
        """The model, pickled (as a snapshot keeps it)."""
        if not self._blob:
            self._blob = snapshot.dumps(self._model)
        return self._blob

    def __getstate__(self) -> dict[str, Any]:
        """Sent from a forked reader with its pickled model, if it made one (see `_examine`): a family's is
        built again from its file only if the model is used."""
        blob = self._blob or (self.blob if self.kind != "exercises" else b"")
        return {**self.__dict__, "_model": None, "_blob": blob}

    @cached_property
    def file(self) -> str:
        return display_path(self.path, self.cwd)

    @cached_property
    def located(self) -> Located:
        from kot.yamlio import read_located

        return read_located(self.path, self.file)

    @property
    def digest(self) -> bytes:
        """The hash of the model's canonical JSON (a library's version is made of these)."""
        if self.summary is None or not self.summary.digest:
            return canonical_digest(self.model)
        return self.summary.digest


@record
class Broken:
    """A library file that failed its schema, kept so that its references (goals, substitutes, prefer, daily)
    are checked in the same pass, and its id still counts as known (so other files referring to it are not
    reported twice, and a near miss of it gets a did-you-mean)."""

    kind: str
    id: str | None
    file: str
    located: Located

    def references(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """(path, id, what it names: "goal" or "family") of every reference in the file's data."""
        data = self.located.data if isinstance(self.located.data, dict) else {}
        found: list[tuple[tuple[str | int, ...], str, str]] = []

        def listed(path: tuple[str | int, ...], value: Any, what: str) -> None:
            if isinstance(value, list):
                found.extend((path + (i,), v, what) for i, v in enumerate(value) if isinstance(v, str))

        if self.kind == "exercises":
            listed(("goals",), data.get("goals"), "goal")
            listed(("substitutes",), data.get("substitutes"), "family")
        else:
            slots = data.get("slots")
            for i, slot in enumerate(slots if isinstance(slots, list) else []):
                if isinstance(slot, dict):
                    listed(("slots", i, "prefer"), slot.get("prefer"), "family")
            listed(("daily",), data.get("daily"), "family")
        return found


def canonical_digest(model: Any) -> bytes:
    from kot.boundary import dump

    return sha256(json.dumps(dump(model), sort_keys=True).encode()).digest()


@record
class Library:
    families: Families
    templates: dict[str, GoalTemplate]
    entries: dict[tuple[str, str], Entry]  # (kind folder, id) -> its valid file

    @property
    def tests(self) -> dict[str, PlacementTest]:
        """The placement tests (placement-tests/), by id."""
        return {key[1]: entry.model for key, entry in sorted(self.entries.items()) if key[0] == "placement-tests"}

    def __repr__(self) -> str:
        return f"Library({len(self.families)} families, {len(self.templates)} templates)"

    @property
    def files(self) -> dict[tuple[str, str], str]:
        """(kind folder, id) -> the defining file, as a user can open it."""
        return {key: entry.file for key, entry in self.entries.items()}

    @property
    def sources(self) -> dict[tuple[str, str], Path]:
        """(kind folder, id) -> the defining file."""
        return {key: entry.path for key, entry in self.entries.items()}

    @cached_property
    def version(self) -> str:
        """A content hash of every family and goal: a saved program records which library made it."""
        digest = sha256()
        for kind in ("exercises", "programs"):
            for key in sorted(k for k in self.entries if k[0] == kind):
                digest.update(self.entries[key].digest)
        return digest.hexdigest()[:12]


def env_roots(environ: dict[str, str] | None = None) -> list[Path]:
    """Folders named in KOT_LIBRARY (path-separated)."""
    value = (environ if environ is not None else os.environ).get("KOT_LIBRARY", "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def _kind_of(path: Path, data: Any) -> str | None:
    if path.parent.name in LIBRARY_FOLDERS:
        return path.parent.name
    if isinstance(data, dict):
        if "levels" in data:
            return "exercises"
        if "slots" in data:
            return "programs"
        if "weeks" in data and "inputs" in data:
            return "plans"
        if "record" in data and "steps" in data:
            return "placement-tests"
    return None


@record
class Scan:
    """What a look at a file or folder found: the files to read, folders it could not read (problems
    everywhere), and what it passed over and why (reported by `kot validate`; `serious` ones look like
    library files kot would never load, and fail the validation)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[Path, str, bool]] = field(default_factory=list)
    library: bool = False  # a library folder (exercises/, programs/ or placement-tests/ in it), not a file


def _files_in(target: Path, plans: bool = False) -> Scan:
    """YAML files of a library folder (its exercises/ and programs/), of a plain folder (with JSON too when
    looking for saved plans), or one file; everything else there is listed as skipped, with why."""
    scan = Scan()
    if target.is_file():
        scan.files.append(target)
        return scan
    subfolders = [target / kind for kind in LIBRARY_FOLDERS if (target / kind).is_dir()]
    if subfolders:
        scan.library = True
        for entry, _ in _entries(target, scan):
            if entry.name not in (*LIBRARY_FOLDERS, "schemas"):
                _skip(
                    entry, scan, "not in exercises/, programs/ or placement-tests/, where a library folder's files go"
                )
        for folder in subfolders:
            _scan_folder(folder, SUFFIXES, scan)
    else:
        _scan_folder(target, PLAN_SUFFIXES if plans else SUFFIXES, scan)
    return scan  # in order: by folder (exercises/ before programs/), then by name


def _entries(folder: Path, scan: Scan) -> list[tuple[Path, bool]]:
    """A folder's entries by name, hidden ones aside, each with whether it is a regular file (from the
    listing itself, so a large library costs no extra look per file); an unreadable folder is a problem,
    not a crash."""
    try:
        with os.scandir(folder) as listing:
            found = sorted((e.name, e.is_file()) for e in listing if not e.name.startswith("."))
    except OSError as exc:
        scan.problems.append(Problem(display_path(folder), message=f"cannot read the folder: {exc.strerror or exc}"))
        return []
    return [(folder / name, is_file) for name, is_file in found]


def _scan_folder(folder: Path, suffixes: tuple[str, ...], scan: Scan) -> None:
    for entry, is_file in _entries(folder, scan):
        if entry.suffix in suffixes and is_file:
            scan.files.append(entry)
        elif not is_file and entry.is_dir() and not entry.is_symlink() and entry.suffix.lower() not in suffixes:
            for inner, _ in _entries(entry, scan):
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


def _read(
    path: Path, problems: list[Problem], cwd: Path, raw: bytes | None = None, broken: list[Broken] | None = None
) -> Entry | None:
    """Parse, validate and lint one file (or its bytes, already read), adding every problem found; the entry
    only when it is valid (a library file that parses but fails its schema goes to `broken`)."""
    from kot.locate import annotation_at, field_label, plan_label, problems_from, trap_message
    from kot.yamlio import decode, parse_located, read_source

    file = display_path(path, cwd)
    plan = _may_be_plan(path)
    try:
        raw = read_source(path, file, plan=plan) if raw is None else raw
        located = parse_located(decode(raw, file), file, keep_traps=True, plan=plan)
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
    model = _model_of(kind)
    traps = [t for t in located.traps if annotation_at(model, t.path) is not None]  # else: an unknown field
    found = [Problem(file, t.line, t.column, field_label(located.data, t.path), trap_message(model, t)) for t in traps]
    trapped = {t.path for t in traps}
    if kind == "plans":
        found += _plan_version(located, file)
    from kot.boundary import ValidationError, validate

    try:
        parsed = validate(model, located.data)
    except ValidationError as exc:
        reported = problems_from(exc, model, located, file)
        found += [p for p, loc in zip(reported, _locs(exc), strict=True) if loc not in trapped]
        if kind == "exercises":
            found += _lint(_partial_family(located.data, trapped), located, file)
        problems.extend(found)
        if broken is not None and kind in ("exercises", "programs"):
            raw_id = located.data.get("id") if isinstance(located.data, dict) else None
            broken.append(Broken(kind, raw_id if isinstance(raw_id, str) else None, file, located))
        return None
    if isinstance(parsed, ExerciseFamily):
        found += _lint((parsed, list(range(len(parsed.levels)))), located, file)
    if kind == "placement-tests":
        for path_in_file, message in _test_rows(parsed):
            line, column = located.position(path_in_file)
            found.append(Problem(file, line, column, field_label(located.data, path_in_file), message))
    if isinstance(parsed, Program):
        unsafe = validation.plan_problems(parsed) or plan_shape_problems(parsed, given_id="plan_id" in located.data)
        for path, message in unsafe:
            line, column = located.position(path)
            found.append(Problem(file, line, column, plan_label(located.data, path), message))
    problems.extend(found)
    entry = Entry(kind, path, cwd, model=parsed)
    entry.file = file
    if kind != "plans":
        entry.summary = summary_of(kind, parsed, b"")
    return entry


def _model_of(kind: str) -> type:
    """The type a file of this kind is read into."""
    if kind == "placement-tests":  # the placement tests of `kot assess`
        from kot.testcards import PlacementTest

        return PlacementTest
    return KINDS[kind]


def _may_be_plan(path: Path) -> bool:
    """A file outside exercises/ and programs/ may be a saved plan, which may be larger than a library file."""
    return path.parent.name not in LIBRARY_FOLDERS


def _locs(exc: Any) -> list[tuple[str | int, ...]]:
    """Each error's path, in the order `problems_from` reports them."""
    from kot.boundary import errors

    return [tuple(p for p in error["loc"] if isinstance(p, (str, int))) for error in errors(exc)]


def _lint(family: tuple[ExerciseFamily, list[int]] | None, located: Located, file: str) -> list[Problem]:
    """The safety lints of a family's ladder, located in its file (`family` pairs the family with the file
    index of each of its levels)."""
    from kot.locate import field_label

    if family is None:
        return []
    parsed, where = family
    found = []
    for path_in_file, message in validation.lint_family(parsed) + _pose_problems(parsed):
        if len(path_in_file) > 1 and path_in_file[0] == "levels" and isinstance(path_in_file[1], int):
            path_in_file = ("levels", where[path_in_file[1]], *path_in_file[2:])
        line, column = located.position(path_in_file)
        found.append(Problem(file, line, column, field_label(located.data, path_in_file), message))
    return found


def _pose_problems(family: ExerciseFamily) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with the levels' poses (kot/kinematics.py), at paths inside the family."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for i, level in enumerate(family.levels):
        if level.pose is not None:
            from kot import kinematics

            found += [
                (("levels", i, *path), message)
                for path, message in kinematics.problems(level.pose, level.knee_demand.value, level.cues)
            ]
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
    from kot.boundary import ValidationError, validate

    levels, where = [], []
    for index, raw in enumerate(data["levels"]):
        if any(t[:2] == ("levels", index) for t in trapped):
            continue
        try:
            levels.append(validate(LadderLevel, raw))
        except ValidationError:
            continue
        where.append(index)
    if not levels:
        return None
    # only the category and the levels are linted: the rest stands in for what failed validation
    stand_in = {"id": "x", "name": "x", "pattern": "x", "goals": ["x"], "trains": ["x"]}
    return ExerciseFamily(**stand_in, category=category, levels=levels), where


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


def _merge(layers: Iterable[list[Entry]], problems: list[Problem]) -> Library:
    entries: dict[tuple[str, str], Entry] = {}
    for layer in layers:
        seen: dict[tuple[str, str], Entry] = {}
        for entry in layer:
            if entry.summary is None:  # a saved plan: checked on its own, never part of the library
                continue
            key = (entry.kind, entry.summary.id)
            if key in seen:
                first = seen[key]
                line, column = entry.located.position(("id",))
                problems.append(
                    Problem(entry.file, line, column, "id", f"duplicate id '{key[1]}' (also in {first.file})")
                )
                continue
            seen[key] = entry
            entries[key] = entry
    families = {key[1]: entry for key, entry in entries.items() if key[0] == "exercises"}
    return Library(
        families=Families({fid: e.summary for fid, e in families.items()}, lambda fid: families[fid].model),
        templates={key[1]: entry.model for key, entry in entries.items() if key[0] == "programs"},
        entries=entries,
    )


def _problem(entry: Entry, path: tuple[str | int, ...], message: str) -> Problem:
    from kot.locate import field_label

    line, column = entry.located.position(path)
    return Problem(entry.file, line, column, field_label(entry.located.data, path), message)


def _cross_check(library: Library, broken: Sequence[Broken] = ()) -> list[Problem]:
    """References between files: goals, substitutes, preferred families, weekly must-haves. Families are
    checked on their summaries, so a large library's models are not built for this. Files that failed their
    schema are checked too (their references, from their raw data), so one pass reports everything; their
    ids count as known, so a reference to one is not reported again and a near miss gets a did-you-mean."""
    families, goals = library.families.summaries, library.templates
    known = {
        "family": set(families) | {b.id for b in broken if b.kind == "exercises" and b.id},
        "goal": set(goals) | {b.id for b in broken if b.kind == "programs" and b.id},
    }
    found = _broken_references(broken, known)
    unknown_family = known["family"] - set(families)
    by_category: dict[Category, list[Summary]] = {}
    for summary in families.values():
        by_category.setdefault(summary.category, []).append(summary)
    for (kind, _), entry in library.entries.items():
        if kind == "exercises":
            family = entry.summary
            for i, goal in enumerate(family.goals):
                if goals and goal not in known["goal"]:
                    hint = did_you_mean(goal, sorted(known["goal"]))
                    found.append(_problem(entry, ("goals", i), f"unknown goal '{goal}'{hint}"))
            for i, sub in enumerate(family.substitutes):
                if sub not in known["family"]:
                    found.append(
                        _problem(
                            entry,
                            ("substitutes", i),
                            f"unknown exercise family '{sub}'{did_you_mean(sub, sorted(known['family']))}",
                        )
                    )
            usable = family.usable or any(s in families and families[s].usable for s in family.substitutes)
            if not usable:
                found.append(
                    _problem(
                        entry,
                        ("levels",),
                        "no level works with household equipment (floor, wall, step, chair); "
                        "add one or list a household substitute",
                    )
                )
        elif kind == "placement-tests":
            found += _test_problems(entry, library)
        else:
            template: GoalTemplate = entry.model
            for i, slot in enumerate(template.slots):
                for j, fid in enumerate(slot.prefer):
                    if fid in unknown_family:
                        continue  # defined in a file with problems of its own, reported there
                    if fid not in families:
                        found.append(
                            _problem(
                                entry,
                                ("slots", i, "prefer", j),
                                f"unknown exercise family '{fid}'{did_you_mean(fid, sorted(known['family']))}",
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
            found += _template_problems(entry, template, families, by_category, known["family"])
    return found


def _broken_references(broken: Sequence[Broken], known: dict[str, set[str]]) -> list[Problem]:
    """The unknown goals and families a file that failed its schema refers to, with did-you-means."""
    found = []
    words = {"goal": "goal", "family": "exercise family"}
    for failed in broken:
        for path, ref, what in failed.references():
            if what == "goal" and not known["goal"]:
                continue
            if ref not in known[what]:
                from kot.locate import field_label

                line, column = failed.located.position(path)
                message = f"unknown {words[what]} '{ref}'{did_you_mean(ref, sorted(known[what]))}"
                found.append(Problem(failed.file, line, column, field_label(failed.located.data, path), message))
    return found


def _test_problems(entry: Entry, library: Library) -> list[Problem]:
    """A placement test's references, from its summary (the test itself is not built): goals, families and
    their rungs, other tests."""
    families, goals, tests = library.families, library.templates, library.entries
    found: list[Problem] = []

    root = builtin_root().absolute()
    shipped = entry.path.absolute().is_relative_to(root)

    def family_problem(fid: str, path: tuple[str | int, ...], rung: int | None = None) -> None:
        source = library.entries.get(("exercises", fid))
        if shipped and (source is None or not source.path.absolute().is_relative_to(root)):
            return  # a coach's own family in place of a shipped one: the shipped test adapts (placement.cap)
        if fid not in families:
            found.append(_problem(entry, path, f"unknown exercise family '{fid}'{did_you_mean(fid, families)}"))
        elif rung is not None and rung > (count := families.summaries[fid].levels):
            found.append(_problem(entry, path, f"'{fid}' has {count} levels, not {rung}"))

    names = {key[1] for key in tests if key[0] == "placement-tests"}
    for path, what, ref, rung in entry.summary.refs:
        if what == "goal" and goals and ref not in goals:
            found.append(_problem(entry, path, f"unknown goal '{ref}'{did_you_mean(ref, goals)}"))
        elif what == "family" or what == "rung" and ref in families:
            family_problem(ref, path, rung)
        elif what == "test" and ref not in names:
            found.append(_problem(entry, path, f"unknown test '{ref}'{did_you_mean(ref, names)}"))
    return found


def _test_rows(test: PlacementTest) -> list[tuple[tuple[str | int, ...], str]]:
    """A placement test's mapping rows inside the range of its record (a check of the file alone)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    low, high = test.record.range
    for i, places in enumerate(test.places):
        for j, row in enumerate(places.rows):
            for name in ("at_least", "at_most"):
                value = getattr(row, name)
                if value is not None and not low <= value <= high:
                    found.append((("places", i, "rows", j, name), f"{value} is outside the test's range {low}-{high}"))
    return found


# Categories with a block of their own, and why they go there and nothing else does.
OWN_BLOCK = {
    Category.balance: (
        Block.balance,
        "balance work goes in the balance block, and only balance work: right after the warm-up",
    ),
    Category.plyometric: (
        Block.power,
        "jumps go in the power block, and only jumps: they are done fresh, before any tiring work",
    ),
}


def _template_problems(
    entry: Entry,
    template: GoalTemplate,
    families: dict[str, Summary],
    by_category: dict[Category, list[Summary]],
    known: set[str] | None = None,
) -> list[Problem]:
    """A goal that cannot silently fail: every slot has a family that can fill it, jumps sit in the power
    block, daily families exist, must-haves have a slot, and no session can come out empty."""
    found: list[Problem] = []
    fillable = []
    for i, slot in enumerate(template.slots):
        serving = [f for f in by_category.get(slot.category, ()) if f.id in slot.prefer or template.id in f.goals]
        fillable.append(bool(serving))
        if not serving and all(fid in families for fid in slot.prefer):  # else an unknown id is the cause, reported
            what = slot.category.value
            found.append(
                _problem(
                    entry,
                    ("slots", i),
                    f"no exercise family can fill this {what} slot: list families "
                    f"in prefer, or add '{template.id}' to the goals of a {what} family",
                )
            )
        for category, (block, why_there) in OWN_BLOCK.items():
            if (slot.category is category) != (slot.block is block):
                found.append(_problem(entry, ("slots", i, "block"), why_there))
    known = set(families) if known is None else known
    for i, fid in enumerate(template.daily):
        if fid not in known:
            message = f"unknown exercise family '{fid}'{did_you_mean(fid, sorted(known))}"
            found.append(_problem(entry, ("daily", i), message))
    found += _condition_problems(entry, template, families, fillable)
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


def _condition_problems(
    entry: Entry, template: GoalTemplate, families: dict[str, Summary], fillable: list[bool]
) -> list[Problem]:
    """The condition-goal fields point at families that exist, and a stage gate holds back work the goal has."""
    found: list[Problem] = []
    ids: list[tuple[tuple[str | int, ...], str]] = [
        (("daily_families", i), f) for i, f in enumerate(template.daily_families)
    ]
    if template.daily_practice:
        ids += [(("daily_practice", "families", i), f) for i, f in enumerate(template.daily_practice.families)]
    for path, fid in ids:
        if fid not in families:
            found.append(_problem(entry, path, f"unknown exercise family '{fid}'{did_you_mean(fid, families)}"))
    slotted = {s.category for s, ok in zip(template.slots, fillable, strict=True) if ok}
    for g, gate in enumerate(template.stage_gates):
        for c, category in enumerate(gate.unlocks):
            if category not in slotted:
                found.append(
                    _problem(
                        entry,
                        ("stage_gates", g, "unlocks", c),
                        f"no slot fills {category.value}: the gate holds nothing",
                    )
                )
            if category is Category.plyometric and not template.plyometrics.allowed:
                found.append(
                    _problem(
                        entry,
                        ("stage_gates", g, "unlocks", c),
                        "the gate unlocks jumps, but this goal does not allow them (plyometrics: allowed: true)",
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
    problems: list[Problem] = []
    broken: list[Broken] = []
    skipped: list[tuple[Path, str, bool]] = []
    cwd = Path.cwd().absolute()
    enabled = gc.isenabled()
    gc.disable()  # thousands of short-lived parse trees: collection passes would only rescan them
    try:
        layers = [_read_root(root, problems, cwd, broken) for root in roots]
        if checked:
            layer: list[Entry] = []
            for target in checked:
                scan = _files_in(target, plans=True)
                skipped.extend(scan.skipped)
                if scan.library:  # its unchanged valid files come from its snapshot
                    layer += _read_root(target, problems, cwd, broken, scan)
                    continue
                problems.extend(scan.problems)
                for trouble, entry in parallel.map_split(lambda path: _examine(path, cwd, None), scan.files):
                    problems.extend(trouble)
                    if isinstance(entry, Broken):
                        broken.append(entry)
                    elif entry is not None:
                        layer.append(entry)
            layers.append(layer)
    finally:
        if enabled:
            gc.enable()
    library = _merge(layers, problems)
    problems.extend(_cross_check(library, broken))
    problems.extend(Problem(display_path(p, cwd), message=f"skipped: {why}") for p, why, serious in skipped if serious)
    if problems:
        raise DataError(problems)
    notes = [f"{display_path(p, cwd)}: skipped: {why}" for p, why, serious in skipped if not serious]
    return library, layers[-1] if checked else [], notes


def _read_root(
    root: Path, problems: list[Problem], cwd: Path, broken: list[Broken], scan: Scan | None = None
) -> list[Entry]:
    """The valid files of one library folder (`scan`: its files, when already listed): from its snapshot
    where a file is unchanged since it was found valid, else read, validated and linted, and the snapshot
    brought up to date."""
    scan = scan or _files_in(root)
    problems.extend(scan.problems)
    where = root.absolute()
    prefix = len(str(root)) + 1
    use_snapshot = snapshot.enabled()
    records = snapshot.load(where) if use_snapshot else {}
    kept: dict[str, snapshot.Record] = {}
    found: dict[int, Entry] = {}  # by the file's place in the folder
    todo: list[tuple[int, str, Path, os.stat_result | None, bytes | None, bytes]] = []  # files to read in full
    now = time.time_ns()
    for index, path in enumerate(scan.files):
        name = str(path)[prefix:]  # its path inside the library folder
        if not use_snapshot:  # read in full, by whichever process checks it
            todo.append((index, name, path, None, None, b""))
            continue
        recorded = records.get(name)
        try:
            stat = path.stat()
        except OSError:
            stat = None
        if recorded is not None and stat is not None and recorded.unchanged(stat):
            kept[name] = recorded
            found[index] = _from_record(path, cwd, recorded)
            continue
        from kot.yamlio import read_source

        try:
            raw = read_source(path, display_path(path, cwd), plan=_may_be_plan(path))
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        content = snapshot.content_key(raw)
        if recorded is not None and recorded.content == content and stat is not None:
            kept[name] = snapshot.record(stat, content, recorded.value, now)
            found[index] = _from_record(path, cwd, recorded)
            continue
        todo.append((index, name, path, stat, raw, content))
    results = parallel.map_split(lambda item: _examine(item[2], cwd, item[4], digest=use_snapshot), todo)
    for (index, name, _, stat, _, content), (trouble, entry) in zip(todo, results, strict=True):
        problems.extend(trouble)
        if isinstance(entry, Broken):
            broken.append(entry)
            continue
        if entry is None:
            continue
        found[index] = entry
        if use_snapshot and not trouble and stat is not None:
            kept[name] = snapshot.record(stat, content, (entry.summary, entry.blob), now)
    if use_snapshot and kept != records:
        snapshot.save(where, kept)
    return [found[index] for index in sorted(found)]


def _examine(
    path: Path, cwd: Path, raw: bytes | None, *, digest: bool = False
) -> tuple[list[Problem], Entry | Broken | None]:
    """_read, for one file of many (perhaps in a forked child): the problems found, and the valid entry,
    its summary carrying the model's digest when asked (a snapshot record needs it), or the file's Broken
    record when it failed its schema."""
    trouble: list[Problem] = []
    broken: list[Broken] = []
    entry = _read(path, trouble, cwd, raw, broken)
    if entry is not None and digest and entry.summary is not None:
        entry.summary = entry.summary._replace(digest=entry.digest)
        entry.blob  # noqa: B018 - pickled here, in parallel, for the snapshot record
    return trouble, entry if entry is not None else (broken[0] if broken else None)


def _from_record(path: Path, cwd: Path, recorded: snapshot.Record) -> Entry:
    summary, blob = recorded.value
    return Entry(summary.kind, path, cwd, summary=summary, blob=blob)


@record(frozen=True)
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
            ("placement-tests", "placement test", ""),
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
