"""Screening cautions: what a plan may never hold for a person, whatever the goal, pain or check-ins.

clinical.md: known osteoporosis (a screening question) means no loaded spinal flexion and no jumping beyond
low two-leg pogo hops; a falls-risk flag (a balance test) means supported balance rungs and no brisk walking.
A caution narrows the library a plan is built from, so no rule further on (a placement, a level step, a
stage gate) can reach past it.
"""

from __future__ import annotations

from kot.model import ExerciseFamily
from kot.values import record, replace


@record(frozen=True)
class Caution:
    """One caution, as data: the note a plan prints, the movement patterns and the levels it keeps out, and,
    when it limits jumping, the only impact levels (jumps and landings) it leaves in."""

    id: str
    note: str
    excluded_patterns: frozenset[str] = frozenset()
    excluded_levels: frozenset[str] = frozenset()  # level ids; a ladder stops before the first of them
    impact_allowed: frozenset[str] | None = None  # level ids; None: jumping is not this caution's concern

    def forbids(self, family: ExerciseFamily, index: int) -> bool:
        """Whether this caution keeps the family's level out of a plan."""
        level = family.levels[index]
        if family.pattern in self.excluded_patterns or level.id in self.excluded_levels:
            return True
        return self.impact_allowed is not None and level.impact and level.id not in self.impact_allowed


CAUTIONS = {
    "osteoporosis": Caution(
        "osteoporosis",
        "Known osteoporosis: no loaded spinal flexion (no Jefferson curl), and no jumping beyond low two-leg "
        "pogo hops.",
        excluded_patterns=frozenset({"spinal-flexion"}),
        impact_allowed=frozenset({"double-leg-pogo-low"}),
    ),
    # clinical.md D and E (balance): a falls-risk flag means supported rungs and no brisk walking (Sherrington
    # 2011: no brisk walking for people at high risk); eyes-closed work comes after hands-free one-leg stance.
    "falls-risk": Caution(
        "falls-risk",
        "Falls risk (from the assessment): standing balance and step-downs keep a hand on the wall (no "
        "hands-free one-leg stance, no eyes-closed work), and walking, forwards or backwards, stays below a brisk "
        "pace.",
        excluded_levels=frozenset({"one-leg-stance", "lateral-step-down", "walk-brisk", "backward-walk-brisk"}),
    ),
}


def narrowed(family: ExerciseFamily, cautions: tuple[str, ...]) -> ExerciseFamily | None:
    """The family with its ladder stopped before the first level a caution forbids; None when that is the
    first level (the family stays out of the plan)."""
    found = [CAUTIONS[c] for c in cautions]
    for index in range(len(family.levels)):
        if any(caution.forbids(family, index) for caution in found):
            return replace(family, levels=family.levels[:index]) if index else None
    return family
