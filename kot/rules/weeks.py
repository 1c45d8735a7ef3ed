"""The shape of the weeks: deloads, level-step cadence, weekly caps and the slots a pain band adds."""

from __future__ import annotations

from enum import Enum

from kot.catalog import Families
from kot.model import (
    KNEE_CATEGORIES,
    Block,
    Category,
    ExerciseFamily,
    GoalTemplate,
    LadderLevel,
    Load,
    PainBand,
    Slot,
    SlotDays,
    StartLevel,
)
from kot.rulebook import Rule, why
from kot.rules.pain import irritable
from kot.values import replace

# --- the shape of the weeks ------------------------------------------------------------------------------

GREEN_DELOAD_MIN_WEEKS = 6
ORANGE_SETTLE_WEEKS = 2
DOUBLE_LEG_WEEKS = 2
MAX_KNEE_STEPS_PER_WEEK = 1
MAX_STEPS_PER_WEEK = 2
DEFAULT_WEEKLY_CAP = 3  # no family more than three days a week unless the template says so


class WeekKind(str, Enum):
    normal = "normal"
    deload = "deload"
    consolidate = "consolidate"
    settle = "settle"


def week_kind(week: int, weeks: int, band: PainBand, every: int) -> WeekKind:
    """Green plans of 6+ weeks deload every `every`-th week, never the last; yellow and orange plans
    consolidate instead, and orange ones settle for their first two weeks."""
    if band is PainBand.orange and week <= ORANGE_SETTLE_WEEKS:
        return WeekKind.settle
    if week % every:
        return WeekKind.normal
    if band is PainBand.green:
        return WeekKind.deload if weeks >= GREEN_DELOAD_MIN_WEEKS and week != weeks else WeekKind.normal
    return WeekKind.consolidate


def step_blocked(
    family: ExerciseFamily, band: PainBand, week: int, last_step_week: int | None, weeks_on_level: int, min_weeks: int
) -> tuple[Rule, str] | None:
    """Why a family may not step up a level this week (band rules and cadence): the rule and plain words.
    `last_step_week` is the last week any knee exercise stepped up."""
    if band is PainBand.orange and family.category in KNEE_CATEGORIES:
        return Rule.orange_no_knee_steps, "at pain 5-6 knee work stays on its level"
    if weeks_on_level < min_weeks:
        return Rule.min_weeks, (
            f"{weeks_on_level} week{'s' if weeks_on_level != 1 else ''} on this level; "
            f"at least {min_weeks} before the next"
        )
    if band is PainBand.yellow and family.category in KNEE_CATEGORIES and last_step_week == week - 1:
        return Rule.yellow_cadence, "at pain 3-4 knee exercises move up a level at most every other week"
    return None


NO_LOADED_SPINAL_FLEXION = frozenset({"knee-pain", "longevity"})  # domain.md, third round


def serves_goal(family: ExerciseFamily, template: GoalTemplate, slot: Slot) -> bool:
    """A family serves the goals its file lists, or a goal whose template (or the band's added slot) names
    it; loaded spinal flexion (the Jefferson curl) never enters knee-pain or longevity plans."""
    if family.pattern == "spinal-flexion" and template.id in NO_LOADED_SPINAL_FLEXION:
        return False
    named = family.id in slot.prefer or any(family.id in s.prefer for s in template.slots)
    return template.id in family.goals or named


def steps_for_time(family: ExerciseFamily) -> bool:
    """Knee work never steps a level for time, nor backward walking (its first rung builds 5 to 10 minutes
    and steps only at 10): they hold and the plan says what more time would buy."""
    return family.category not in KNEE_CATEGORIES and family.category is not Category.locomotion


def steps_left(knee: bool, steps: int, knee_steps: int) -> bool:
    """At most one knee level step a week and two in all, so a flare can be traced to one change."""
    return steps < MAX_STEPS_PER_WEEK and not (knee and knee_steps >= MAX_KNEE_STEPS_PER_WEEK)


def weekly_cap(family: ExerciseFamily, template: GoalTemplate, band: PainBand) -> int:
    """Most sessions a week for a family: three, unless the template lists it as daily (or, for an
    irritable knee, it is the knee isometric, which eases pain and may be done every day)."""
    cap = DEFAULT_WEEKLY_CAP
    daily = family.id in template.daily or family.id in template.daily_families
    if daily or irritable(band) and family.category is Category.knee_isometric:
        cap = 7
    if family.max_per_week:
        cap = min(cap, family.max_per_week)
    if family.ramp:
        cap = min(cap, max(family.ramp))
    return cap


def spaced(family: ExerciseFamily) -> bool:
    """Never on consecutive days: knee strength work (it may reach a hard level) and families that say so."""
    return family.category is Category.knee_dominant or not family.back_to_back


def hard_day_work(family: ExerciseFamily, level: LadderLevel) -> bool:
    """Work that keeps a day from being called light: knee strength, jumps, Nordic curls (any family that
    must not be done on consecutive days) and loaded hamstring work (domain.md, second round)."""
    if family.category in (Category.knee_dominant, Category.plyometric):
        return True
    return family.category is Category.posterior_chain and (level.load is Load.external or not family.back_to_back)


VARIED_JUMPS_MIN_WEEKS = 12


def varied_jumps(level: StartLevel, weeks: int) -> bool:
    """Advanced plans of 12 weeks or more use more than one jump family (domain.md, third round)."""
    return level is StartLevel.advanced and weeks >= VARIED_JUMPS_MIN_WEEKS


def plyometrics_from(template: GoalTemplate, band: PainBand, weeks: int) -> int | None:
    """The first week of jumping, or None: green band only, goals that allow it, never before week 3."""
    p = template.plyometrics
    if p.allowed and band in p.bands and weeks >= p.earliest_week:
        return p.earliest_week
    return None


def left_out_in(template: GoalTemplate, band: PainBand) -> set[Category]:
    """Categories the goal keeps to other pain bands: every slot of theirs names bands, and not this one."""
    every = {s.category for s in template.slots}
    return every - {s.category for s in template.slots if s.bands is None or band in s.bands}


def must_haves(template: GoalTemplate, band: PainBand) -> list[frozenset[Category]]:
    """The template's weekly must-haves (less those it keeps to other pain bands), plus hip work whenever the
    knee is irritable (domain.md 3.4)."""
    left_out = left_out_in(template, band)
    groups = [g for g in template.must_groups() if not g <= left_out]
    if irritable(band) and not any(Category.hip in g for g in groups):
        groups.append(frozenset({Category.hip}))
    return groups


def band_slots(
    template: GoalTemplate, band: PainBand, families: Families, flare: bool = False
) -> list[tuple[Slot, str]]:
    """The template's slots with the irritable-knee rules applied (domain.md): at pain 3-6 a knee isometric
    in every session and hip work every week, never cut for time; after a flare the knee isometric joins
    every session in any band. Returns each slot with its rule note."""
    slots: list[tuple[Slot, str]] = [(s, "") for s in template.slots if s.bands is None or band in s.bands]
    if flare and not irritable(band):
        every_session_in(
            slots,
            families,
            Category.knee_isometric,
            why(Rule.flare_keep, "after a flare, a pain-easing knee hold in every session"),
        )
    if not irritable(band):
        return slots

    every_session_in(
        slots,
        families,
        Category.knee_isometric,
        why(Rule.irritable_knee, "pain 3-6: a pain-easing knee hold in every session"),
    )
    every_session_in(
        slots,
        families,
        Category.hip,
        why(Rule.irritable_knee, "pain 3-6: hip work beside the knee work, as the guidelines advise"),
    )
    return slots


def every_session_in(slots: list[tuple[Slot, str]], families: Families, category: Category, note: str) -> None:
    """Make a category's slots fill every session and never be cut, adding a slot when the goal has none."""
    found = [i for i, (s, _) in enumerate(slots) if s.category is category]
    for i in found:
        update = {"days": SlotDays.all, "core": True, "priority": 1}
        slots[i] = (replace(slots[i][0], **update), note)
    if not found:
        prefer = families.ids(category)
        slots.append((Slot(block=Block.strength, category=category, prefer=prefer, core=True, priority=1), note))
