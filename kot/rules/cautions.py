"""Screening cautions: what a plan may never hold for a person, whatever the goal, pain or check-ins.

clinical.md (screening questions before any test): known osteoporosis means no loaded spinal flexion and no
jumping beyond low two-leg pogo hops. A caution narrows the library a plan is built from, so no rule further
on (a placement, a level step, a stage gate) can reach past it.
"""

from __future__ import annotations

from kot.model import ExerciseFamily
from kot.values import record


@record(frozen=True)
class Caution:
    """One caution, as data: the note a plan prints, the movement patterns it keeps out, and the only impact
    levels (jumps and landings) it leaves in."""

    id: str
    note: str
    excluded_patterns: frozenset[str]
    impact_allowed: frozenset[str]  # level ids; every other impact level is out

    def forbids(self, family: ExerciseFamily, index: int) -> bool:
        """Whether this caution keeps the family's level out of a plan."""
        level = family.levels[index]
        return family.pattern in self.excluded_patterns or (level.impact and level.id not in self.impact_allowed)


CAUTIONS = {
    "osteoporosis": Caution(
        "osteoporosis",
        "Known osteoporosis: no loaded spinal flexion (no Jefferson curl), and no jumping beyond low two-leg "
        "pogo hops.",
        frozenset({"spinal-flexion"}),
        frozenset({"double-leg-pogo-low"}),
    ),
}


def narrowed(family: ExerciseFamily, cautions: tuple[str, ...]) -> ExerciseFamily | None:
    """The family with its ladder stopped before the first level a caution forbids; None when that is the
    first level (the family stays out of the plan)."""
    from kot.values import replace

    found = [CAUTIONS[c] for c in cautions]
    for index in range(len(family.levels)):
        if any(caution.forbids(family, index) for caution in found):
            return replace(family, levels=family.levels[:index]) if index else None
    return family
