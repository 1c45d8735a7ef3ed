"""Pure, named safety and progression rules (domain.md, "Decisions that bind").

Each rule is a small function a test can call alone; its id appears in the `why` of every item it shapes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kot.errors import PlanRefused, UsageError, did_you_mean
from kot.model import (
    ALWAYS_AVAILABLE,
    HOUSEHOLD,
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    Category,
    Contraction,
    Dosage,
    Equipment,
    ExerciseFamily,
    Item,
    KneeDemand,
    LadderLevel,
    Load,
    PainBand,
)

PAIN_RULES = [
    "Aim for 3/10 or less during exercise; never above 5/10.",
    "Pain should settle back to its usual level by the next morning.",
    "Pain should not be worse from one week to the next.",
    "If any of these is broken, go back one ladder level or halve the sets of that exercise next time: "
    "keep moving, just less.",
    "Move up only when the current level feels like pain-free muscle burn, with full range and good form.",
]

DISCLAIMER = (
    "Not medical advice. kot cannot examine you or diagnose a knee, and no exercise here is a cure. "
    "If pain is severe, rising or worrying, see a physiotherapist or doctor and follow their program."
)

ORANGE_ADVICE = (
    "Your knee is irritable (pain 5-6/10). This plan keeps to symptom-modifying work only. Seeing a "
    "clinician (physiotherapist or doctor) is wise, to find out why it hurts and to guide the loading."
)

START_HEADROOM = 0.85  # week 1 fills 85% of the time budget, leaving room for the doses to grow
MAX_WEEKLY_GROWTH = 0.25  # domain.md: about 10% a week, never more than ~25%
SETUP_SECONDS = 30
HARD_LEVEL_INDEX = 2  # the third ladder level and above count as hard knee work (domain.md 3.6 #5)
ORANGE_MIN_PAIN = 5
YELLOW_MIN_PAIN = 3
GREEN_MAX_PAIN = 2


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
}


def pain_band(pain: int) -> PainBand:
    """green 0-2, yellow 3-4, orange 5-6, red 7-10."""
    if pain <= GREEN_MAX_PAIN:
        return PainBand.green
    if pain < ORANGE_MIN_PAIN:
        return PainBand.yellow
    if pain <= 6:
        return PainBand.orange
    return PainBand.red


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


def level_block(family: ExerciseFamily, index: int, pain: int, equipment: frozenset[Equipment]) -> str | None:
    """Why a ladder level may not be prescribed at this pain with this kit, or None when it may."""
    level = family.levels[index]
    band = pain_band(pain)
    missing = [e.value for e in level.equipment if e not in equipment]
    if missing:
        return f"equipment: needs {', '.join(missing)}"
    if level.max_pain < pain:
        return f"pain-ceiling: allowed up to {level.max_pain}/10"
    if level.impact and band is not PainBand.green:
        return "no-impact: impact only in the green band (pain 0-2)"
    if band is PainBand.yellow and family.category is Category.knee_dominant:
        if index > HARD_LEVEL_INDEX:
            return "yellow-knee-cap: knee-dominant work stays on the first three ladder levels"
        if level.load is Load.external:
            return "yellow-knee-cap: no external load on knee-dominant work"
    if band is PainBand.orange and family.category in KNEE_CATEGORIES:
        if level.load is Load.external:
            return "orange-no-knee-load: no external load on the knee"
        if not is_symptom_modifying(level):
            return "orange-symptom-modifying: only isometric, low-flexion or short-hold work"
    return None


def allowed_reason(level: LadderLevel, pain: int) -> str:
    """The rule that lets a level through, for the item's `why`."""
    return f"pain-ceiling: level allowed up to {level.max_pain}/10, your pain {pain}/10 ({pain_band(pain).value} band)"


# --- progression -------------------------------------------------------------------------------------


def is_deload_week(week: int, total_weeks: int, every: int) -> bool:
    """Every `every`-th week is a deload, never in programs shorter than `every` weeks."""
    return total_weeks >= every and week % every == 0


def grow_dose(current: Dosage, base: Dosage, growth: float, cap: float) -> Dosage | None:
    """One week's dose increase: about `growth` (whole reps, 5 s steps for longer holds), never over
    MAX_WEEKLY_GROWTH nor the rung's cap; None when no increase fits."""
    field = "reps" if current.reps is not None else "seconds"
    now = getattr(current, field) or 0
    limit = min(math.floor((getattr(base, field) or now) * cap), math.floor(now * (1 + MAX_WEEKLY_GROWTH)))
    grain = 1
    if field == "seconds":  # round steps read better on a clock: 5 s for holds, 30 s for walks
        grain = 30 if now >= 120 else 5 if now >= 20 else 1
    step = max(grain, grain * round(now * growth / grain))
    target = min(limit, now + step)
    return current.model_copy(update={field: target}) if target > now else None


def work_units(dosage: Dosage | Item) -> float:
    """rep units of domain.md 3.5: sets x (reps or seconds/3) x sides; compares volume across weeks,
    of a dose or of a prescribed item alike."""
    per_set = dosage.reps if dosage.reps is not None else (dosage.seconds or 0) / 3
    return dosage.sets * per_set * (2 if dosage.per_side else 1)


def fit_volume(new: Dosage, previous: Dosage) -> Dosage | None:
    """A level step never raises volume: the new rung's dose trimmed to the previous week's work units,
    shorter sets first, then fewer. None when even half the rung's dose would be more than before:
    that rung is too big a jump for now."""
    budget = work_units(previous)
    if work_units(new) <= budget:
        return new
    sides = 2 if new.per_side else 1
    for sets in range(new.sets, 0, -1):
        per_set = budget / (sets * sides)
        if new.reps is not None and per_set >= new.reps / 2:
            return new.model_copy(update={"sets": sets, "reps": max(1, min(new.reps, math.floor(per_set)))})
        if new.seconds is not None and per_set * 3 >= new.seconds / 2:
            seconds = max(5, 5 * math.floor(per_set * 3 / 5))
            return new.model_copy(update={"sets": sets, "seconds": min(new.seconds, seconds)})
    return None


def deload_dose(dose: Dosage, cut: float) -> Dosage:
    """A deload week's dose: about `cut` fewer sets; a single set is shortened instead."""
    if dose.sets > 1:
        return dose.model_copy(update={"sets": max(1, math.floor(dose.sets * (1 - cut) + 0.5))})
    if dose.reps is not None:
        return dose.model_copy(update={"reps": max(1, math.ceil(dose.reps * (1 - cut)))})
    return dose.model_copy(update={"seconds": max(5, 5 * math.ceil((dose.seconds or 5) * (1 - cut) / 5))})


def session_seconds(dosages: list[Dosage]) -> int:
    """Estimated session time: work (reps x tempo, default 3 s a rep, or seconds) per side, rest between
    sets, a few seconds to switch sides, and time to set up each exercise."""
    total = 0
    for d in dosages:
        sides = 2 if d.per_side else 1
        rep_time = sum(int(p) if p.isdigit() else 1 for p in d.tempo.split("-")) if d.tempo else 3
        work = d.seconds if d.seconds is not None else (d.reps or 0) * rep_time
        total += d.sets * sides * work + (d.sets - 1) * d.rest_seconds + SETUP_SECONDS + (sides - 1) * d.sets * 5
    return total


def minutes(seconds: int) -> int:
    return math.ceil(seconds / 60)


# --- library lint (domain.md 3.6) ------------------------------------------------------------------


def lint_family(family: ExerciseFamily) -> list[tuple[tuple[str | int, ...], str]]:
    """Safety invariants of a ladder, as (path, message) pairs for the validator to locate."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    knee = family.category in KNEE_CATEGORIES
    seen: set[str] = set()
    for i, level in enumerate(family.levels):
        at = ("levels", i)
        if level.id in seen:
            found.append((at + ("id",), f"level id '{level.id}' appears twice in the ladder"))
        seen.add(level.id)
        if level.impact and level.max_pain > GREEN_MAX_PAIN:
            found.append(
                (at + ("max_pain",), f"impact work is green-band only: max_pain must be <= 2 (got {level.max_pain})")
            )
        if family.category is Category.plyometric and not level.impact:
            found.append((at + ("impact",), "plyometric levels are impact work: set impact: true"))
        if i and level.max_pain > family.levels[i - 1].max_pain:
            found.append(
                (
                    at + ("max_pain",),
                    f"a harder level cannot allow more pain than the one before "
                    f"({level.max_pain} > {family.levels[i - 1].max_pain})",
                )
            )
        if (
            KNEE_DEMAND_ORDER[level.knee_demand] >= KNEE_DEMAND_ORDER[KneeDemand.high]
            and level.max_pain >= YELLOW_MIN_PAIN + 2
        ):
            found.append(
                (
                    at + ("max_pain",),
                    f"knee_demand {level.knee_demand.value} is too deep for an irritable knee: "
                    f"max_pain must be <= 4 (got {level.max_pain})",
                )
            )
        if family.category is Category.knee_dominant and level.max_pain >= YELLOW_MIN_PAIN:
            if i > HARD_LEVEL_INDEX:
                found.append(
                    (
                        at + ("max_pain",),
                        f"only the first three knee-dominant levels may allow pain >= 3 (got {level.max_pain})",
                    )
                )
            if level.load is Load.external:
                found.append(
                    (
                        at + ("max_pain",),
                        f"externally loaded knee work is green-band only: max_pain must be <= 2 (got {level.max_pain})",
                    )
                )
        if level.max_pain >= ORANGE_MIN_PAIN and knee:
            if level.load is Load.external:
                found.append((at + ("load",), "a level allowed at pain 5-6 may not load the knee externally"))
            elif not is_symptom_modifying(level):
                found.append(
                    (
                        at + ("max_pain",),
                        "a level allowed at pain 5-6 must be symptom-modifying "
                        "(isometric, low knee demand, or a short hold); lower max_pain to 4",
                    )
                )
    return found


def household_usable(family: ExerciseFamily) -> bool:
    """True when some level needs nothing beyond floor, wall, step and chair."""
    return any(set(level.equipment) <= set(HOUSEHOLD) for level in family.levels)
