"""The exercise families of a loaded library as a read-only mapping that builds each family on first use.

Why: a library may hold thousands of families, read from the validated snapshot, while a plan uses a few
dozen. Each family comes with a small `Summary` (what cross-file checks and candidate searches need), so
neither has to build every model, and the generator asks `ids(category, goal)` instead of scanning them all.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from kot.model import Category, ExerciseFamily
from kot.vocab import HOUSEHOLD


class Summary(NamedTuple):
    """What other files and the candidate search need to know of one valid library file (a tuple: the
    snapshot reads thousands of them back)."""

    kind: str  # "exercises", "programs" or "placement-tests"
    id: str
    digest: bytes  # of the model's canonical JSON: a library's version is made of these
    category: Category | None = None
    goals: tuple[str, ...] = ()
    substitutes: tuple[str, ...] = ()
    usable: bool = True  # some level needs only household equipment
    levels: int = 0  # how many rungs a family's ladder has
    # a placement test's references to other files: (path in the file, "goal", "family", "rung" or "test",
    # the id, the rung or None), so they are checked against the library without building the test
    refs: tuple[tuple[tuple[str | int, ...], str, str, int | None], ...] = ()


def household_usable(family: ExerciseFamily) -> bool:
    """True when some level needs nothing beyond floor, wall, step and chair."""
    return any(set(level.equipment) <= set(HOUSEHOLD) for level in family.levels)


def summary_of(kind: str, model: Any, digest: bytes) -> Summary:
    if isinstance(model, ExerciseFamily):
        usable = household_usable(model)
        goals, substitutes = tuple(model.goals), tuple(model.substitutes)
        return Summary(kind, model.id, digest, model.category, goals, substitutes, usable, len(model.levels))
    if kind == "placement-tests":
        return Summary(kind, model.id, digest, refs=test_references(model))
    return Summary(kind, model.id, digest)


def test_references(test: Any) -> tuple[tuple[tuple[str | int, ...], str, str, int | None], ...]:
    """Every goal, family (with the rung a row or flag names) and other test a placement test refers to."""
    refs: list[tuple[tuple[str | int, ...], str, str, int | None]] = []
    refs += [(("goals", goal), "goal", goal, None) for goal in test.goals]
    refs += [(("feeds", i), "family", fid, None) for i, fid in enumerate(test.feeds)]
    for i, places in enumerate(test.places):
        refs.append((("places", i, "family"), "family", places.family, None))
        refs += [
            (("places", i, "rows", j, "rung"), "rung", places.family, row.rung) for j, row in enumerate(places.rows)
        ]
    for i, flag in enumerate(test.flags):
        refs += [(("flags", i, "caps", fid), "family", fid, rung) for fid, rung in flag.caps.items()]
    refs += [(("or_below", other), "test", other, None) for other in test.or_below or {}]
    return tuple(refs)


class Families(Mapping[str, ExerciseFamily]):
    """id -> ExerciseFamily, each built by its loader on first access and kept."""

    def __init__(self, summaries: Mapping[str, Summary], load: Callable[[str], ExerciseFamily]):
        self.summaries = dict(summaries)
        self._load = load
        self._built: dict[str, ExerciseFamily] = {}

    def __getitem__(self, family_id: str) -> ExerciseFamily:
        family = self._built.get(family_id)
        if family is None:
            if family_id not in self.summaries:
                raise KeyError(family_id)
            family = self._built[family_id] = self._load(family_id)
        return family

    def __contains__(self, family_id: object) -> bool:
        return family_id in self.summaries

    def __iter__(self) -> Iterator[str]:
        return iter(self.summaries)

    def __len__(self) -> int:
        return len(self.summaries)

    def narrowed(self, cut: Callable[[ExerciseFamily], ExerciseFamily | None]) -> "Families":
        """The families as `cut` leaves them (a ladder stopped early, or the family gone): the library of a
        plan under a screening caution. Every family is built here, so only such plans pay for it."""
        kept: dict[str, tuple[Summary, ExerciseFamily]] = {}
        for family_id, summary in self.summaries.items():
            family = cut(self[family_id])
            if family is not None:
                kept[family_id] = (summary._replace(levels=len(family.levels)), family)
        return Families({k: s for k, (s, _) in kept.items()}, lambda family_id: kept[family_id][1])

    def ids(self, category: Category, goal: str | None = None) -> list[str]:
        """Sorted ids of the families of a category (serving a goal, when given), from summaries alone."""
        return sorted(
            fid for fid, s in self.summaries.items() if s.category is category and (goal is None or goal in s.goals)
        )
