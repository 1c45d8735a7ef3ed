"""Doses: the double progression, time in a session, and the criterion to move up a level."""

from __future__ import annotations

import math

from kot.model import Dosage, Equipment, ExerciseFamily
from kot.rulebook import Rule
from kot.rules.levels import level_block, next_rung
from kot.rules.pain import GREEN_MAX_PAIN, pain_words
from kot.values import record, replace
from kot.wording import dose_text

# --- doses: the double progression ---------------------------------------------------------------------


@record(frozen=True)
class Dose:
    """A concrete prescription for one week: sets of reps or of seconds."""

    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    tempo: str | None
    rest_seconds: int

    @property
    def amount(self) -> int:
        return self.reps if self.reps is not None else self.seconds  # type: ignore[return-value]

    def with_amount(self, amount: int, sets: int | None = None) -> Dose:
        """The same dose with another amount (and sets): built directly, as `replace` costs several times
        more and a plan asks for thousands."""
        timed = self.reps is None
        return Dose(
            self.sets if sets is None else sets,
            None if timed else amount,
            amount if timed else None,
            self.per_side,
            self.tempo,
            self.rest_seconds,
        )


MAX_WEEKLY_GROWTH = 0.25  # domain.md: about 10% a week, never more than ~25%


def round_seconds(seconds: float) -> int:
    """Coach-friendly time: steps of 5 s, and whole minutes from 2 minutes up."""
    if seconds >= 120:
        return max(120, 60 * math.floor(seconds / 60 + 0.5))
    return max(5, 5 * math.floor(seconds / 5 + 0.5))


def start_dose(dosage: Dosage) -> Dose:
    """The bottom of the level's ranges."""
    return Dose(
        dosage.sets[0],
        dosage.reps[0] if dosage.reps else None,
        dosage.seconds[0] if dosage.seconds else None,
        dosage.per_side,
        dosage.tempo,
        dosage.rest_seconds,
    )


def amount_step(now: int, timed: bool, growth: float) -> int:
    """About `growth` of the current amount: whole reps, 5 s for holds, a minute for long timed work."""
    if timed:
        return 60 if now >= 120 else max(5, 5 * math.floor(now * growth / 5 + 0.5))
    return max(1, min(math.floor(now * growth + 0.5), math.floor(now * MAX_WEEKLY_GROWTH)))


def grow(dose: Dose, dosage: Dosage, growth: float) -> tuple[Dose, Rule] | None:
    """One week's increase inside the level: reps or seconds up to the top of the range, then a set more
    at the bottom of the range; None when the top is reached on the most sets (the criterion is met)."""
    low, high = dosage.amount
    if dose.amount < high:
        step = amount_step(dose.amount, dose.seconds is not None, growth)
        if dose.amount + step > dose.amount * (1 + MAX_WEEKLY_GROWTH) and dose.amount >= 120:
            return dose, Rule.minute_steps
        return dose.with_amount(min(high, dose.amount + step)), Rule.dose_up
    if dose.sets < dosage.sets[1]:
        return dose.with_amount(low, dose.sets + 1), Rule.add_set
    return None


def step_dose(new: Dosage, previous: Dose) -> Dose:
    """A level step starts the new level at the bottom of its ranges, never with more sets than before."""
    start = start_dose(new)
    return replace(start, sets=min(start.sets, previous.sets))


def maintenance_dose(dose: Dose, dosage: Dosage, make_room: bool) -> Dose:
    """A family held at its top keeps its level at the bottom of its set range; when knee work is waiting for
    time (`make_room`) and the sets are already there, at the bottom of its reps or seconds too, so the time
    it frees goes to the families still progressing."""
    if dose.sets > dosage.sets[0] or not make_room:
        return replace(dose, sets=min(dose.sets, dosage.sets[0]))
    return dose.with_amount(min(dose.amount, dosage.amount[0]))


def contacts(dose: Dose) -> int:
    """Foot contacts (or reps) of one session: sets x reps, both sides."""
    return dose.sets * (dose.reps or 0) * (2 if dose.per_side else 1)


def cap_contacts(dose: Dose, most: int) -> Dose:
    """Fewer sets, then fewer reps, until a session has at most `most` contacts."""
    while dose.reps is not None and contacts(dose) > most:
        if dose.sets > 1:
            dose = replace(dose, sets=dose.sets - 1)
        else:
            dose = replace(dose, reps=max(1, most // (2 if dose.per_side else 1)))
    return dose


def shrink_to(dose: Dose, units: float) -> Dose | None:
    """The dose with fewer sets, then fewer reps or seconds, whose work units are at most `units`; None when
    even 1 x 5 reps or 1 x 20 s is more."""
    while work_units(dose) > units:
        if dose.sets > 1:
            dose = replace(dose, sets=dose.sets - 1)
            continue
        per = units / (2 if dose.per_side else 1)
        if dose.reps is not None:
            reps = math.floor(per)
            return replace(dose, reps=reps) if reps >= FLOOR_REPS else None
        seconds = 5 * math.floor(per * 3 / 5)
        return replace(dose, seconds=seconds) if seconds >= FLOOR_SECONDS else None
    return dose


def deload_dose(dose: Dose, cut: float) -> Dose:
    """A deload week's dose: about `cut` fewer sets; a single set is shortened instead."""
    if dose.sets > 1:
        return replace(dose, sets=max(1, math.floor(dose.sets * (1 - cut) + 0.5)))
    if dose.reps is not None:
        return replace(dose, reps=max(1, math.ceil(dose.reps * (1 - cut))))
    return replace(dose, seconds=round_seconds((dose.seconds or 5) * (1 - cut)))


def time_cut(dose: Dose, stage: int) -> Dose:
    """Shorten a dose to fit a short session: stage 1 one set (long timed work halved, not below 4 minutes);
    stage 2 half the reps or at most a minute of timed work. Never 2-4 minutes, where whole-minute steps
    would grow more than a quarter a week."""
    cut = replace(dose, sets=1)
    if dose.seconds is not None and dose.seconds >= 240:
        cut = replace(cut, seconds=round_seconds(max(240, dose.seconds / 2)))
    if stage >= 2:
        if dose.seconds is not None:
            cut = replace(cut, seconds=min(cut.seconds or 60, 60))
        else:
            cut = replace(cut, reps=max(1, math.ceil((dose.reps or 2) / 2)))
    return cut


FLOOR_REPS = 5  # a flare never takes a dose below 1 x 5 reps or 1 x 20 s: below that, see someone
FLOOR_SECONDS = 20


def floor_dose(dose: Dose) -> Dose:
    """The smallest dose a flare may leave: 1 x 5 reps or 1 x 20 s (or the dose itself if smaller)."""
    if dose.reps is not None:
        return replace(dose, sets=1, reps=min(dose.reps, FLOOR_REPS))
    return replace(dose, sets=1, seconds=min(dose.seconds or FLOOR_SECONDS, FLOOR_SECONDS))


def at_floor(dose: Dose) -> bool:
    return dose.sets <= 1 and dose.amount <= (FLOOR_REPS if dose.reps is not None else FLOOR_SECONDS)


def regress(family: ExerciseFamily, index: int, dose: Dose) -> tuple[int, Dose, str]:
    """One rung down (its starting dose, no more sets than now), or half the sets on the first rung; never
    below 1 x 5 reps or 1 x 20 s."""
    if index > 0:
        return index - 1, step_dose(family.levels[index - 1].dosage, dose), "one rung down"
    halved = deload_dose(dose, 0.5)
    floor = floor_dose(dose)
    if halved.sets * halved.amount < floor.sets * floor.amount:
        return index, floor, "as little as it goes (1 x 5 reps or 1 x 20 s)"
    return index, halved, "half the work on the first rung"


def step_back(dose: Dose, dosage: Dosage) -> Dose:
    """One week's progression undone: reps or seconds down a step inside the range, or a set fewer at the
    top of the range (after two missed weeks)."""
    low, high = dosage.amount
    if dose.amount > low:
        step = amount_step(dose.amount, dose.seconds is not None, 0.1)
        return dose.with_amount(max(low, dose.amount - step))
    if dose.sets > dosage.sets[0]:
        return dose.with_amount(high, dose.sets - 1)
    return dose


# --- time --------------------------------------------------------------------------------------------

SETUP_SECONDS = 20  # moving to the next exercise and setting up
TIME_HOLD_WEEKS = 1  # a non-knee family held a working week at its time-capped dose may step from there
MAINTENANCE_AFTER_WEEKS = 2  # held at its top this many working weeks: a maintenance dose
FIRST_JUMP_SESSIONS = 2  # the first jumping week: jumps in at most two sessions
FIRST_JUMP_CONTACTS = 40  # and at most 40 foot contacts a session
TIME_BOUND_WEEKS = 2  # held this many working weeks in a row by the time alone, the plan says so
START_FILL = 0.8  # week 1 fills about 80% of the session time, leaving room for the doses to grow
MIN_FILL = 0.75  # and never less than 75% while something useful was left out


def session_seconds(doses: list[Dose]) -> int:
    """Estimated session time: work (reps x tempo, default 3 s a rep, or seconds) per side, rest between
    sets, a few seconds to switch sides, and time to set up each exercise."""
    total = 0
    for d in doses:
        sides = 2 if d.per_side else 1
        rep_time = sum(int(p) if p.isdigit() else 1 for p in d.tempo.split("-")) if d.tempo else 3
        work = d.seconds if d.seconds is not None else (d.reps or 0) * rep_time
        total += d.sets * sides * work + (d.sets - 1) * d.rest_seconds + SETUP_SECONDS + (sides - 1) * d.sets * 5
    return total


def minutes(seconds: int) -> int:
    return math.ceil(seconds / 60)


def work_units(dose) -> float:  # noqa: ANN001 - a Dose or a prescribed Item alike
    """rep units of domain.md 3.5: sets x (reps or seconds/3) x sides; compares volume across weeks."""
    per_set = dose.reps if dose.reps is not None else (dose.seconds or 0) / 3
    return dose.sets * per_set * (2 if dose.per_side else 1)


def criterion_dose(family: ExerciseFamily, index: int, capped: Dose | None = None) -> Dose:
    """The dose that meets a level's criterion: the top of its ranges, or, for a non-knee family whose
    session time caps it, the capped dose."""
    if capped is not None:
        return capped
    d = family.levels[index].dosage
    return start_dose(d).with_amount(d.amount[1], sets=d.sets[1])


def move_up_when(
    family: ExerciseFamily,
    index: int,
    pain: int,
    kit: frozenset[Equipment],
    capped: Dose | None = None,
    minutes: int | None = None,
) -> str:
    """The criterion to move up from a level, in plain words (shown wherever the exercise is shown). A
    `capped` dose is the most that fits in `minutes` for a non-knee family that steps there."""
    level = family.levels[index]
    top_dose = criterion_dose(family, index, capped)
    top = dose_text(top_dose.sets, top_dose.reps, top_dose.seconds, top_dose.per_side)
    if capped is not None:
        top += f", as much as fits in {minutes} minutes"
    extra = f", {level.progress_when}" if level.progress_when else ""
    condition = f"{top}{extra}, {pain_words(pain)}, settled by the next morning"
    if index + 1 >= len(family.levels):
        return f"Top of this ladder: keep {top}{extra}"
    if next_rung(family, index, pain, kit) is None:
        ceiling = family.levels[index + 1].max_pain
        block = level_block(family, index + 1, pain, kit)
        if block is not None and block.equipment:
            return f"{condition}; level {index + 2} {block}"
        return f"{condition}; the next level waits until everyday pain is {min(ceiling, GREEN_MAX_PAIN)}/10 or less"
    return condition


def criterion_met(dose: Dose, target: Dose) -> bool:
    """The printed criterion is reached: at least its sets, each of at least its reps or seconds."""
    return dose.sets >= target.sets and dose.amount >= target.amount
