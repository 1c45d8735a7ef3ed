"""Pure, named safety and progression rules (domain.md, "Decisions that bind" and "second round").

Each rule is a small function a test can call alone. Every entry of an item's `why` starts with the id of
the rule that wrote it, one of `Rule`, so a prescription can always be traced to the rule that chose it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import Enum

from kot.catalog import Families
from kot.errors import PlanRefused, UsageError, did_you_mean
from kot.model import (
    ALWAYS_AVAILABLE,
    HOUSEHOLD,
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    Block,
    Category,
    Contraction,
    Dosage,
    Equipment,
    ExerciseFamily,
    GoalTemplate,
    KneeDemand,
    LadderLevel,
    Load,
    PainBand,
    Program,
    Slot,
    SlotDays,
    StartLevel,
)


class Rule(str, Enum):
    """Every rule that can shape a prescription; the first word of each `why` entry is one of these."""

    slot = "slot"  # which template slot the item fills
    start = "start"  # the starting rung for the declared level
    substitute = "substitute"  # a stand-in family for one that does not fit
    pain_ceiling = "pain-ceiling"  # the level is allowed at this pain
    irritable_knee = "irritable-knee"  # pain 3-6: a knee isometric every session, hip work every week
    dose_up = "dose-up"  # reps or seconds up inside the level's range
    add_set = "add-set"  # top of the range on every set: one more set, back at the bottom
    level_step = "level-step"  # the level's criterion is met: next rung, at the bottom of its ranges
    level_step_for_time = "level-step-for-time"  # more dose would overrun the session: next rung instead
    skip_rung = "skip-rung"  # a rung that needs missing equipment is passed over while progressing
    one_knee_step = "one-knee-step"  # at most one knee level step a week and two in all: this one waits
    min_weeks = "min-weeks"  # too few weeks on this level to step yet
    yellow_cadence = "yellow-cadence"  # pain 3-4: knee level steps at most every other week
    orange_no_knee_steps = "orange-no-knee-steps"  # pain 5-6: knee work stays on its rung
    orange_settle = "orange-settle"  # pain 5-6: the first two weeks hold the starting dose
    top_of_ladder = "top-of-ladder"  # nothing higher is allowed: hold
    double_leg_first = "double-leg-first"  # the first two weeks of jumping are two-legged only
    minute_steps = "minute-steps"  # 2-4 minutes of timed work cannot grow a whole minute within 25%: held
    hold_time = "hold-time"  # more dose would overrun the session and no level step is possible
    time_cut = "time-cut"  # a dose shortened so the session fits its time
    consolidate = "consolidate"  # pain 3-6: every 4th week repeats the dose, no level steps
    deload = "deload"  # green, 6+ weeks: every 4th week about half the sets
    ramp = "ramp"  # a family done in fewer sessions in its first weeks (Nordic curls)
    checkin_hold = "checkin-hold"  # a check-in asked to repeat the dose
    checkin_regress = "checkin-regress"  # a flare: loaded or deep knee work down a rung, or half the sets
    checkin_back = "checkin-back"  # two missed weeks: the dose steps back one week's worth
    flare_keep = "flare-keep"  # a flare keeps the knee hold at its dose: it is the pain-easing exercise
    re_band = "re-band"  # the band changed with the person's usual pain: the level moves to what it allows
    daily_family = "daily-family"  # the goal allows this family every day, off-session days too
    stage_gate = "stage-gate"  # gated work joins once the diary shows its gate met two weeks running


def why(rule: Rule, text: str) -> str:
    """One `why` entry: the rule id, then plain words."""
    return f"{rule.value}: {text}"


# --- pain bands and refusal -------------------------------------------------------------------------

GREEN_MAX_PAIN = 2
YELLOW_MIN_PAIN = 3
ORANGE_MIN_PAIN = 5
RED_MIN_PAIN = 7
TARGET_PAIN = 3  # aim for 3/10 or less during exercise
CEILING_PAIN = 5  # never above 5/10

PAIN_RULES = [
    f"Aim for {TARGET_PAIN}/10 or less during exercise; never above {CEILING_PAIN}/10.",
    "Pain should settle back to its usual level by the next morning.",
    "Pain should not be worse from one week to the next.",
    "If any of these is broken, go back one ladder level or halve the sets of that exercise next time: "
    "keep moving, just less.",
    "Move up only when the current level feels like pain-free muscle burn, with full range and good form.",
]

STOP_SIGNS = [
    "the knee swells, locks or gives way",
    "the knee is hot or red, or you have a fever",
    "pain or swelling in the calf",
    "pain at night or at rest that wakes you",
    "numbness or tingling in the leg",
    f"pain above {CEILING_PAIN}/10 that has not settled by the next morning",
]
STOP_HEADING = "Stop and see a physiotherapist or doctor if"

DISCLAIMER = (
    "Not medical advice. kot cannot examine you or diagnose a knee, and no exercise here is a cure. "
    "If pain is severe, rising or worrying, see a physiotherapist or doctor and follow their program."
)

ORANGE_ADVICE = (
    "See a physiotherapist: your knee is irritable (pain 5-6/10). This plan keeps to gentle, pain-easing work "
    "until it settles, and a physiotherapist can find out why it hurts and guide the loading."
)


@dataclass(frozen=True)
class RedFlag:
    label: str
    advice: str


RED_FLAGS: dict[str, RedFlag] = {
    "swelling": RedFlag(
        "swelling after an injury",
        "See a doctor or physiotherapist before training; urgent care if it swelled within hours of the injury.",
    ),
    "locking": RedFlag(
        "the knee locks or gets stuck",
        "See a doctor or physiotherapist to have the knee examined before training it.",
    ),
    "giving-way": RedFlag(
        "the knee gives way",
        "See a doctor or physiotherapist to have the knee's stability examined before training it.",
    ),
    "recent-trauma": RedFlag(
        "a recent fall, twist or blow to the knee",
        "See a doctor before loading the knee; go today if you cannot take four steps or bend it to 90 degrees.",
    ),
    "hot-red-knee": RedFlag(
        "a hot, red or swollen knee, or fever",
        "Seek urgent medical care today.",
    ),
    "night-pain": RedFlag(
        "pain at night or at rest that wakes you",
        "See a doctor to find the cause before training.",
    ),
    "calf-swelling": RedFlag(
        "calf swelling or tenderness",
        "Seek urgent medical care today; call emergency services if you are also short of breath.",
    ),
    "numbness": RedFlag(
        "numbness, tingling or weakness in the leg",
        "See a doctor to have the nerves checked before training.",
    ),
    "recent-surgery": RedFlag(
        "knee surgery or an injection in the last 12 weeks",
        "Ask your surgeon or physiotherapist for clearance and follow their rehabilitation program.",
    ),
    # Atypical for knee osteoarthritis (NICE NG226; clinical.md C): an inflammatory or other cause to rule out.
    "long-morning-stiffness": RedFlag(
        "morning stiffness in the joints that lasts more than 30 minutes",
        "See a doctor: stiffness that long can come from joint inflammation, which needs its own checks first.",
    ),
    "rapid-worsening": RedFlag(
        "knee pain or swelling getting quickly worse over days or weeks",
        "See a doctor soon to find out why it is getting worse before training the knee.",
    ),
}


def pain_band(pain: int) -> PainBand:
    """green 0-2, yellow 3-4, orange 5-6, red 7-10."""
    if pain <= GREEN_MAX_PAIN:
        return PainBand.green
    if pain < ORANGE_MIN_PAIN:
        return PainBand.yellow
    if pain < RED_MIN_PAIN:
        return PainBand.orange
    return PainBand.red


def irritable(band: PainBand) -> bool:
    """Yellow and orange: a knee that needs the symptom-easing core in every session."""
    return band in (PainBand.yellow, PainBand.orange)


def red_flag_findings(symptoms: list[str]) -> tuple[list[str], list[str]]:
    """Reasons and whom-to-see advice for red-flag symptoms (domain.md 2.9), in a stable order."""
    flags = [(s, RED_FLAGS[s]) for s in sorted(set(symptoms))]
    return (
        [f"red-flag:{s}: you reported {flag.label}." for s, flag in flags],
        list(dict.fromkeys(flag.advice for _, flag in flags)),
    )


def check_refusal(pain: int, symptoms: list[str]) -> None:
    """Raise PlanRefused for the red band or any red-flag symptom (domain.md 2.9)."""
    reasons, advice = red_flag_findings(symptoms)
    if pain_band(pain) is PainBand.red:
        reasons.append(f"pain-red-band: pain {pain}/10 is too high for self-guided loading (7 or more).")
        advice.append("See a physiotherapist or doctor; come back when everyday pain is 6/10 or less.")
    if reasons:
        raise PlanRefused(reasons, " ".join(advice) + " No exercise program was built.")


# --- equipment --------------------------------------------------------------------------------------


def parse_equipment(values: list[str]) -> list[str]:
    """Split repeatable / comma-separated equipment ids; unknown ids are usage errors with a suggestion."""
    known = [e.value for e in Equipment] + ["none"]
    out: list[str] = []
    for raw in values:
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            if part not in known:
                raise UsageError(
                    f"unknown equipment '{part}'{did_you_mean(part, known)}. Choices: {', '.join(known)}",
                    option="equipment",
                )
            if part not in out:
                out.append(part)
    return out


def available_equipment(requested: list[str]) -> frozenset[Equipment]:
    """Household items plus the requested ones; `none` keeps only floor and wall (domain.md)."""
    base = set(ALWAYS_AVAILABLE) if "none" in requested else set(HOUSEHOLD)
    base.update(Equipment(e) for e in requested if e != "none")
    return frozenset(base)


# --- which levels may be prescribed ------------------------------------------------------------------

HARD_LEVEL_INDEX = 2  # the third ladder level and above count as hard knee work (domain.md 3.6 #5)


def is_symptom_modifying(level: LadderLevel) -> bool:
    """Orange-band work: low knee flexion, an isometric, or a short hold at most moderately deep (3.6 #3)."""
    if level.impact:
        return False
    if KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.low]:
        return True
    if level.contraction is Contraction.isometric:
        return True
    return level.dosage.seconds is not None and (
        KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.moderate]
    )


@dataclass(frozen=True)
class Blocked:
    """Why a level may not be prescribed: the rule and plain words."""

    rule: str
    text: str

    @property
    def equipment(self) -> bool:
        return self.rule == "equipment"

    def __str__(self) -> str:
        return self.text


def level_block(family: ExerciseFamily, index: int, pain: int, equipment: frozenset[Equipment]) -> Blocked | None:
    """Why a ladder level may not be prescribed at this pain with this kit, or None when it may."""
    level = family.levels[index]
    band = pain_band(pain)
    missing = [e.value for e in level.equipment if e not in equipment]
    if missing:
        return Blocked("equipment", f"needs {', '.join(missing)}")
    if level.max_pain < pain:
        return Blocked("pain-ceiling", f"allowed up to pain {level.max_pain}/10")
    if level.impact and band is not PainBand.green:
        return Blocked("no-impact", "jumping and landing only at pain 0-2")
    if band is PainBand.yellow and family.category is Category.knee_dominant:
        if index > HARD_LEVEL_INDEX:
            return Blocked("yellow-knee-cap", "at pain 3-4 knee strength stays on the first three levels")
        if level.load is Load.external:
            return Blocked("yellow-knee-cap", "no added weight on knee strength work at pain 3-4")
    if band is PainBand.orange and family.category in KNEE_CATEGORIES:
        if level.load is Load.external:
            return Blocked("orange-no-knee-load", "no added weight on the knee at pain 5-6")
        if not is_symptom_modifying(level):
            return Blocked("orange-symptom-modifying", "only holds and low-bend knee work at pain 5-6")
    return None


def allowed_reason(level: LadderLevel, pain: int) -> str:
    """The rule that lets a level through, for the item's `why`. It records the pain the item was planned
    for, which is how a saved revision tells the pain of weeks planned before a re-band (`plan_problems`)."""
    return why(Rule.pain_ceiling, f"level allowed up to {level.max_pain}/10, your pain {pain}/10")


_PLANNED_FOR = re.compile(rf"^{Rule.pain_ceiling.value}: level allowed up to \d+/10, your pain (\d+)/10$")


START_SHARE = {StartLevel.beginner: 0.0, StartLevel.intermediate: 1 / 3, StartLevel.advanced: 2 / 3}
LEVEL_ORDER = {level: i for i, level in enumerate(StartLevel)}


def start_rung(
    family: ExerciseFamily, level: StartLevel, pain: int, kit: frozenset[Equipment], double_leg_only: bool = False
) -> tuple[int, str] | tuple[None, Blocked | None]:
    """The starting rung: a beginner's is the first; others start a share up the ladder, lowered to the
    highest rung allowed. Never higher because an easier rung lacks kit (domain.md, second round)."""
    target = int(START_SHARE[level] * len(family.levels))
    allowed = [
        i
        for i in range(target + 1)
        if level_block(family, i, pain, kit) is None and not (double_leg_only and family.levels[i].single_leg)
    ]
    if not allowed:
        return None, level_block(family, target if level is not StartLevel.beginner else 0, pain, kit)
    index = max(allowed)
    text = f"{level.value}: level {index + 1} of {len(family.levels)}"
    if index < target:
        text += (
            f" (lower than usual: level {target + 1} {level_block(family, target, pain, kit) or 'jumps on one leg'})"
        )
    return index, why(Rule.start, text)


def next_rung(
    family: ExerciseFamily, index: int, pain: int, kit: frozenset[Equipment], double_leg_only: bool = False
) -> tuple[int, list[int]] | None:
    """The rung to step to and the rungs skipped on the way for missing kit, or None at the top of what
    this pain allows. Skipping applies while progressing only (a beginner never starts higher)."""
    skipped: list[int] = []
    for nxt in range(index + 1, len(family.levels)):
        block = level_block(family, nxt, pain, kit)
        if block is None and not (double_leg_only and family.levels[nxt].single_leg):
            return nxt, skipped
        if block is None or not block.equipment:
            return None
        skipped.append(nxt)
    return None


# --- doses: the double progression ---------------------------------------------------------------------


@dataclass(frozen=True)
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
        field = "reps" if self.reps is not None else "seconds"
        return replace(self, **{field: amount, "sets": self.sets if sets is None else sets})


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


def criterion_met(dose: Dose, dosage: Dosage) -> bool:
    return dose.sets >= dosage.sets[1] and dose.amount >= dosage.amount[1]


def step_dose(new: Dosage, previous: Dose) -> Dose:
    """A level step starts the new level at the bottom of its ranges, never with more sets than before."""
    start = start_dose(new)
    return replace(start, sets=min(start.sets, previous.sets))


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


def flare_response(family: ExerciseFamily, level: LadderLevel) -> Rule:
    """What a flare does to a family (domain.md, second round): the knee hold keeps its dose; loaded or deep
    knee work and jumps step back; everything else holds."""
    if family.category is Category.knee_isometric:
        return Rule.flare_keep
    deep = KNEE_DEMAND_ORDER[level.knee_demand] >= KNEE_DEMAND_ORDER[KneeDemand.high]
    if (
        family.category is Category.plyometric
        or family.category is Category.knee_dominant
        and (deep or level.load is Load.external)
    ):
        return Rule.checkin_regress
    return Rule.checkin_hold


# --- check-ins: the pain-monitoring model, relative to the person's usual pain ------------------------------

PROGRESS_DURING = TARGET_PAIN  # pain during at most max(3, usual) and at most 5 keeps progressing
HOLD_MORNING_ABOVE_USUAL = 1  # next morning one above usual: hold
REGRESS_MORNING_ABOVE_USUAL = 2  # two or more above usual: regress
ESCALATE_MORNING = 5  # next-morning pain of 5+ in two sessions of a week: escalate
ESCALATE_SESSIONS = 2
ESCALATE_REGRESS_WEEKS = 2  # two regress weeks in a row: orange band and "see a physiotherapist"
STOP_REGRESS_WEEKS = 3  # a third: stop the plan and refer
WORSE_WEEK = 2  # a week's worst next morning 2+ above the week before: regress
MISSED_WEEKS = 2  # two missed weeks in a row: step back one week's worth on return
ESCALATED_PAIN = ORANGE_MIN_PAIN


@dataclass(frozen=True)
class Verdict:
    """The pain-monitoring verdict of a session, a week or, for the generator, one family's coming week."""

    action: str  # progress, hold, regress, missed or stop
    reason: str


SEVERITY = {"progress": 0, "missed": 1, "hold": 2, "regress": 3, "stop": 4}


def worse(a: Verdict | None, b: Verdict) -> Verdict:
    return b if a is None or SEVERITY[b.action] > SEVERITY[a.action] else a


def session_verdict(during: int, next_morning: int | None, status: str, usual: int, where: str) -> Verdict:
    """One session against the person's usual pain (domain.md, Adaptation to check-ins)."""
    if status == "skipped":
        return Verdict("missed", f"{where} missed: not counted as progress")
    if max(during, next_morning or 0) >= RED_MIN_PAIN or usual >= RED_MIN_PAIN:
        return Verdict("stop", f"{where} pain {max(during, next_morning or 0, usual)}/10")
    if during > CEILING_PAIN and during > usual:
        return Verdict("regress", f"{where} pain during {during}/10, above 5 and above your usual {usual}/10")
    if next_morning is not None and next_morning >= usual + REGRESS_MORNING_ABOVE_USUAL:
        return Verdict(
            "regress", f"{where} next morning {next_morning}/10, {next_morning - usual} above your usual {usual}/10"
        )
    if during > max(PROGRESS_DURING, usual) or during > CEILING_PAIN:
        return Verdict("hold", f"{where} pain during {during}/10, above {max(PROGRESS_DURING, usual)}/10")
    if next_morning is None:
        return Verdict("hold", f"{where} next morning not known yet: not counted as settled")
    if next_morning >= usual + HOLD_MORNING_ABOVE_USUAL:
        return Verdict("hold", f"{where} next morning {next_morning}/10, above your usual {usual}/10")
    if status == "partial":
        return Verdict("hold", f"{where} only partly done")
    return Verdict("progress", f"{where} pain during {during}/10, settled by the next morning")


def exercise_verdict(pain: int, usual: int, where: str) -> Verdict:
    """One exercise a check-in named as painful."""
    if pain >= RED_MIN_PAIN:
        return Verdict("stop", f"{where} pain {pain}/10")
    if pain > CEILING_PAIN and pain > usual:
        return Verdict("regress", f"{where} pain {pain}/10, above 5 and above your usual {usual}/10")
    if pain > max(PROGRESS_DURING, usual):
        return Verdict("hold", f"{where} pain {pain}/10, above {max(PROGRESS_DURING, usual)}/10")
    return Verdict("progress", f"{where} pain {pain}/10")


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


def plyometrics_from(template: GoalTemplate, band: PainBand, weeks: int) -> int | None:
    """The first week of jumping, or None: green band only, goals that allow it, never before week 3."""
    p = template.plyometrics
    if p.allowed and band in p.bands and weeks >= p.earliest_week:
        return p.earliest_week
    return None


def must_haves(template: GoalTemplate, band: PainBand) -> list[frozenset[Category]]:
    """The template's weekly must-haves, plus hip work whenever the knee is irritable (domain.md 3.4)."""
    groups = template.must_groups()
    if irritable(band) and not any(Category.hip in g for g in groups):
        groups.append(frozenset({Category.hip}))
    return groups


def band_slots(
    template: GoalTemplate, band: PainBand, families: Families, flare: bool = False
) -> list[tuple[Slot, str]]:
    """The template's slots with the irritable-knee rules applied (domain.md): at pain 3-6 a knee isometric
    in every session and hip work every week, never cut for time; after a flare the knee isometric joins
    every session in any band. Returns each slot with its rule note."""
    slots: list[tuple[Slot, str]] = [(s, "") for s in template.slots]
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
        slots[i] = (slots[i][0].model_copy(update=update), note)
    if not found:
        prefer = families.ids(category)
        slots.append((Slot(block=Block.strength, category=category, prefer=prefer, core=True, priority=1), note))


# --- time --------------------------------------------------------------------------------------------

SETUP_SECONDS = 20  # moving to the next exercise and setting up
TIME_HOLD_WEEKS = 2  # held this many working weeks for time, a family steps up a level instead
TIME_BOUND_WEEKS = 4  # held this many working weeks in a row by the time alone, the plan says so
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


# --- words -------------------------------------------------------------------------------------------


def amount_text(reps: int | None, seconds: int | None) -> str:
    """'12', '45 s', '10 min'."""
    if reps is not None:
        return str(reps)
    seconds = seconds or 0
    return f"{seconds // 60} min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds} s"


def dose_text(sets: int, reps: int | None, seconds: int | None, per_side: bool) -> str:
    """'3 x 12 each side', '4 x 45 s', '1 x 10 min'."""
    return f"{sets} x {amount_text(reps, seconds)}" + (" each side" if per_side else "")


def span(low: int, high: int, text=str) -> str:  # noqa: ANN001 - a formatter for one value
    """'8-12', or '12' when the range is one number."""
    return text(low) if low == high else f"{text(low)}-{text(high)}"


def dosage_text(dosage: Dosage) -> str:
    """A level's dose range: '2-3 x 8-12 each side', '4-5 x 30-45 s', '1 x 5-10 min'."""
    low, high = dosage.amount
    if dosage.reps is not None:
        amount = span(low, high)
    elif low >= 120 and low % 60 == 0 and high % 60 == 0:
        amount = span(low // 60, high // 60) + " min"
    else:
        amount = span(low, high) + " s"
    return f"{span(*dosage.sets)} x {amount}" + (" each side" if dosage.per_side else "")


def move_up_when(family: ExerciseFamily, index: int, pain: int, kit: frozenset[Equipment]) -> str:
    """The criterion to move up from a level, in plain words (shown wherever the exercise is shown)."""
    level = family.levels[index]
    d = level.dosage
    top = dose_text(d.sets[1], d.reps[1] if d.reps else None, d.seconds[1] if d.seconds else None, d.per_side)
    condition = (
        f"{top}{', ' + level.progress_when if level.progress_when else ''}, pain {TARGET_PAIN}/10 or less, "
        "settled by the next morning"
    )
    if index + 1 >= len(family.levels):
        return f"Top of this ladder: keep {top}{', ' + level.progress_when if level.progress_when else ''}"
    if next_rung(family, index, pain, kit) is None:
        ceiling = family.levels[index + 1].max_pain
        block = level_block(family, index + 1, pain, kit)
        if block is not None and block.equipment:
            return f"{condition}; the next level {block}"
        return f"{condition}; the next level waits until everyday pain is {min(ceiling, GREEN_MAX_PAIN)}/10 or less"
    return condition


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
    prescribed above its pain ceiling or jumping outside pain 0-2 (once per exercise and level, with how many
    more sessions hold it).

    Why a revision is measured against the lowest pain it was ever planned for: weeks already done keep the
    dose they were planned with, possibly before a re-band, and the file says no more of those pains than
    the plan's first and current pain and what each item's `why` records."""
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
    floor = pain if program.revision == 1 else min([program.inputs.pain, pain, *_planned_pains(program)])
    unsafe: dict[tuple[str, str, str], list[tuple[str | int, ...]]] = {}
    for w, week in enumerate(program.weeks):
        for s, session in enumerate(week.sessions):
            for i, item in enumerate(session.items):
                at = ("weeks", w, "sessions", s, "items", i)
                if item.max_pain < floor:
                    message = (
                        f"allowed up to pain {item.max_pain}/10, but the plan is for pain {floor}/10: "
                        "above its pain ceiling"
                    )
                    unsafe.setdefault((item.exercise, item.level, message), []).append(at + ("max_pain",))
                if item.impact and pain_band(floor) is not PainBand.green:
                    message = f"jumping and landing are for pain 0-2 only (the plan is for pain {floor}/10)"
                    unsafe.setdefault((item.exercise, item.level, message), []).append(at + ("impact",))
    for (_, _, message), paths in unsafe.items():
        more = len(paths) - 1
        found.append((paths[0], message + (f" (and in {more} more session{'s' if more > 1 else ''})" if more else "")))
    return found


def _planned_pains(program: Program) -> set[int]:
    """The pains a plan's items say they were planned for (see `allowed_reason`)."""
    found = set()
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                for entry in item.why:
                    if planned := _PLANNED_FOR.match(entry):
                        found.add(int(planned.group(1)))
    return found


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
