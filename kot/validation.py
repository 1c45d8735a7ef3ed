"""The safety lints of what kot reads: a family's ladder and a saved plan, as (path, message) pairs for the
reader to locate.

Why one module: the library and saved-plan readers call these; they know no rules themselves.
"""

from __future__ import annotations

from kot.model import (
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    Category,
    Dosage,
    ExerciseFamily,
    KneeDemand,
    LadderLevel,
    Load,
    PainBand,
    Program,
)
from kot.rules import (
    GREEN_MAX_PAIN,
    HARD_LEVEL_INDEX,
    MAX_WEEKLY_GROWTH,
    ORANGE_MIN_PAIN,
    RED_MIN_PAIN,
    is_symptom_modifying,
    pain_band,
)
from kot.wording import amount_text

# --- library lint (domain.md 3.6 and the second round) -------------------------------------------------


def lint_family(family: ExerciseFamily) -> list[tuple[tuple[str | int, ...], str]]:
    """Safety and dosing invariants of a ladder, as (path, message) pairs for the validator to locate."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for i, level in enumerate(family.levels):
        at = ("levels", i)
        if level.id in seen:
            found.append((at + ("id",), f"level id '{level.id}' appears twice in the ladder"))
        seen.add(level.id)
        ceiling = _pain_ceiling(family, i, level)
        if level.max_pain > ceiling[0]:
            found.append(
                (at + ("max_pain",), f"{ceiling[1]}: max_pain must be {ceiling[0]} or less (got {level.max_pain})")
            )
        if family.category is Category.plyometric and not level.impact:
            found.append((at + ("impact",), "plyometric levels are impact work: set impact: true"))
        if level.impact and level.dosage.per_side and not level.single_leg:
            found.append((at + ("single_leg",), "a jump done per side is a one-leg jump: set single_leg: true"))
        found += [(at + ("dosage",) + path, message) for path, message in lint_dosage(level.dosage)]
    return found


def _pain_ceiling(family: ExerciseFamily, index: int, level: LadderLevel) -> tuple[int, str]:
    """The highest max_pain a level may declare, and the rule that sets it (the strictest one)."""
    limits = [(6, "")]
    if index and family.levels[index - 1].max_pain < 6:
        limits.append((family.levels[index - 1].max_pain, "a harder level cannot allow more pain than the one before"))
    if level.impact:
        limits.append((GREEN_MAX_PAIN, "jumping and landing are for pain 0-2 only"))
    if KNEE_DEMAND_ORDER[level.knee_demand] >= KNEE_DEMAND_ORDER[KneeDemand.high]:
        limits.append((ORANGE_MIN_PAIN - 1, f"knee_demand {level.knee_demand.value} is too deep for pain 5-6"))
    if family.category is Category.knee_dominant:
        if index > HARD_LEVEL_INDEX:
            limits.append((GREEN_MAX_PAIN, "only the first three knee strength levels may be used at pain 3 or more"))
        if level.load is Load.external:
            limits.append((GREEN_MAX_PAIN, "knee strength work with added weight is for pain 0-2 only"))
    if family.category in KNEE_CATEGORIES and level.load is Load.external:
        limits.append((ORANGE_MIN_PAIN - 1, "added weight on the knee is for pain 0-4 only"))
    if family.category in KNEE_CATEGORIES and not is_symptom_modifying(level):
        limits.append((ORANGE_MIN_PAIN - 1, "only holds and low-bend knee work may be used at pain 5-6"))
    return min(limits, key=lambda limit: limit[0])


def lint_dosage(dosage: Dosage) -> list[tuple[tuple[str, ...], str]]:
    """A range must be climbable within the weekly growth limit (never more than ~25% a week)."""
    found: list[tuple[tuple[str, ...], str]] = []
    low, high = dosage.amount
    field = "reps" if dosage.reps is not None else "seconds"
    for sets in range(dosage.sets[0], dosage.sets[1]):
        before, after = sets * high, (sets + 1) * low
        if after > before * (1 + MAX_WEEKLY_GROWTH):
            found.append(
                (
                    ("sets",),
                    f"going from {sets} x {amount_text(*_pair(field, high))} to {sets + 1} x "
                    f"{amount_text(*_pair(field, low))} adds {after / before - 1:.0%} in one week (25% at most): "
                    f"lower the bottom of the {field} range or raise its top",
                )
            )
            break
    if field == "seconds" and high > 120 and low < 240:
        found.append(
            (
                ("seconds",),
                "timed work of 2 minutes or more grows a whole minute at a time, which is more "
                "than 25% a week below 4 minutes: keep the top at 2 minutes or start at 4",
            )
        )
    return found


def _pair(field: str, amount: int) -> tuple[int | None, int | None]:
    return (amount, None) if field == "reps" else (None, amount)


# --- saved plans (a file a person may have edited) ------------------------------------------------------


def plan_pain(program: Program) -> int:
    """The pain a plan's coming weeks are built for: the revision's, else the one it was made with."""
    return program.current_pain if program.current_pain is not None else program.inputs.pain


def plan_problems(program: Program) -> list[tuple[tuple[str | int, ...], str]]:
    """What makes a saved plan unsafe or impossible to follow, as (path, message) pairs for the reader to
    locate: weeks and days outside the plan's inputs, a pain or band kot never plans at, and an exercise
    prescribed above the pain its week was planned for or jumping outside pain 0-2 (once per exercise and
    level, with how many more sessions hold it).

    Why each week is measured against its own planned pain: weeks already done keep the dose they were
    planned with, possibly before a re-band, while the coming weeks follow the current pain. A week's items
    share one `planned_pain`; the last week's is the plan's current pain (a pasted item shows as a mix)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    pain = plan_pain(program)
    for path, value in ((("inputs", "pain"), program.inputs.pain), (("current_pain",), program.current_pain)):
        if value is not None and pain_band(value) is PainBand.red:
            found.append((path, f"pain {value}/10 is {RED_MIN_PAIN} or more: kot never plans for it"))
    if program.pain_band is not pain_band(pain):
        found.append(
            (("pain_band",), f"'{program.pain_band.value}' does not match pain {pain}/10 ({pain_band(pain).value})")
        )
    found += _plan_calendar(program)
    if found:  # with the plan's own pain in doubt, every exercise would be measured against the wrong one
        return found
    unsafe: dict[tuple[str, str, str], list[tuple[str | int, ...]]] = {}
    for w, week in enumerate(program.weeks):
        week_pain = _week_pain(program, w)
        for s, session in enumerate(week.sessions):
            for i, item in enumerate(session.items):
                at = ("weeks", w, "sessions", s, "items", i)
                planned = week_pain if item.planned_pain is None else item.planned_pain
                if planned != week_pain:
                    found.append(
                        (
                            at + ("planned_pain",),
                            f"planned for pain {planned}/10 in a week planned for pain {week_pain}/10",
                        )
                    )
                if item.max_pain < week_pain:
                    message = (
                        f"allowed up to pain {item.max_pain}/10, but this week is for pain {week_pain}/10: "
                        "above its pain ceiling"
                    )
                    unsafe.setdefault((item.exercise, item.level, message), []).append(at + ("max_pain",))
                if item.impact and pain_band(week_pain) is not PainBand.green:
                    message = f"jumping and landing are for pain 0-2 only (this week is for pain {week_pain}/10)"
                    unsafe.setdefault((item.exercise, item.level, message), []).append(at + ("impact",))
    for (_, _, message), paths in unsafe.items():
        more = len(paths) - 1
        found.append((paths[0], message + (f" (and in {more} more session{'s' if more > 1 else ''})" if more else "")))
    return found


def _week_pain(program: Program, index: int) -> int:
    """The pain a week was planned for: what its items record (the highest, so a pasted item planned for
    less never lowers it), never below the plan's pain in a first revision (an assessment may make week 1
    stricter, never looser) nor, later, below the lowest pain the plan was built for; the last week is
    planned for the plan's current pain."""
    pain = plan_pain(program)
    recorded = [i.planned_pain for s in program.weeks[index].sessions for i in s.items if i.planned_pain is not None]
    if program.revision == 1 or index == len(program.weeks) - 1:
        return max([pain, *recorded])
    every = [i.planned_pain for w in program.weeks for s in w.sessions for i in s.items if i.planned_pain is not None]
    return max([min([program.inputs.pain, pain, *every]), *recorded])


def _plan_calendar(program: Program) -> list[tuple[tuple[str | int, ...], str]]:
    """Weeks numbered within the plan's weeks and days within its days, each once and in order."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    weeks, days = program.inputs.weeks, program.inputs.days
    before = 0
    for w, week in enumerate(program.weeks):
        if not before < week.number <= weeks:
            found.append(
                (
                    ("weeks", w, "number"),
                    f"week {week.number} is not a week of this plan (1-{weeks}, each once, in order)",
                )
            )
        before = week.number
        day = 0
        for s, session in enumerate(week.sessions):
            if not day < session.day <= days:
                found.append(
                    (
                        ("weeks", w, "sessions", s, "day"),
                        f"day {session.day} is not a day of this plan (1-{days}, each once, in order)",
                    )
                )
            day = session.day
    return found
