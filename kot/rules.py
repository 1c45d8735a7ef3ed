"""Pure, named safety and progression rules (domain.md, "Decisions that bind" and "second round").

Each rule is a small function a test can call alone. Every entry of an item's `why` starts with the id of
the rule that wrote it, one of `Rule`, so a prescription can always be traced to the rule that chose it.
"""

from __future__ import annotations

import math
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


class Decides(str, Enum):
    """What a rule decides: whether a plan is built at all, whether a level may be used, this week's
    prescription, or the verdict of a check-in."""

    refusal = "refusal"
    eligibility = "eligibility"
    prescription = "prescription"
    verdict = "verdict"


class Rule(str, Enum):
    """Every rule id kot writes: the first word of each `why` entry, an item's `rule`, a refusal's reason, a
    blocked level's reason and a revision's change. `RULES` says what each decides."""

    slot = "slot"
    start = "start"
    placed = "placed"
    substitute = "substitute"
    pain_ceiling = "pain-ceiling"
    irritable_knee = "irritable-knee"
    dose_up = "dose-up"
    add_set = "add-set"
    level_step = "level-step"
    level_step_for_time = "level-step-for-time"
    needs_kit = "needs-kit"
    one_knee_step = "one-knee-step"
    min_weeks = "min-weeks"
    yellow_cadence = "yellow-cadence"
    orange_no_knee_steps = "orange-no-knee-steps"
    orange_settle = "orange-settle"
    top_of_ladder = "top-of-ladder"
    maintenance = "maintenance"
    give_way = "give-way"
    double_leg_first = "double-leg-first"
    first_jumps = "first-jumps"
    knee_volume = "knee-volume"
    minute_steps = "minute-steps"
    hold_time = "hold-time"
    time_cut = "time-cut"
    consolidate = "consolidate"
    deload = "deload"
    ramp = "ramp"
    checkin_hold = "checkin-hold"
    checkin_regress = "checkin-regress"
    checkin_back = "checkin-back"
    flare_keep = "flare-keep"
    flare_no_step = "flare-no-step"
    re_band = "re-band"
    left_out = "left-out"
    # eligibility: why a level may not be prescribed
    equipment = "equipment"
    no_impact = "no-impact"
    yellow_knee_cap = "yellow-knee-cap"
    orange_no_knee_load = "orange-no-knee-load"
    orange_symptom_modifying = "orange-symptom-modifying"
    # refusals and stops
    red_flag = "red-flag"
    pain_red_band = "pain-red-band"
    worse_three_weeks = "worse-three-weeks"
    # check-in verdicts
    pain_rules = "pain-rules"
    morning_settled = "morning-settled"
    worse_week = "worse-week"
    missed_weeks = "missed-weeks"
    escalate = "escalate"
    # condition goals
    daily_family = "daily-family"
    stage_gate = "stage-gate"


@dataclass(frozen=True)
class RuleInfo:
    """One row of the rule registry: what the rule decides, its threshold where it has one, and what it
    means in plain words."""

    decides: Decides
    text: str
    threshold: str = ""


def _r(decides: Decides, text: str, threshold: str = "") -> RuleInfo:
    return RuleInfo(decides, text, threshold)


_P, _E, _V, _X = Decides.prescription, Decides.eligibility, Decides.verdict, Decides.refusal
RULES: dict[Rule, RuleInfo] = {
    Rule.slot: _r(_P, "which template slot the item fills"),
    Rule.start: _r(_P, "the starting rung for the declared level"),
    Rule.placed: _r(_P, "the starting rung a placement test chose"),
    Rule.substitute: _r(_P, "a stand-in family for one that does not fit"),
    Rule.pain_ceiling: _r(_E, "the level is allowed at this pain", "max_pain >= pain"),
    Rule.irritable_knee: _r(_P, "a knee isometric every session and hip work every week", "pain 3-6"),
    Rule.dose_up: _r(_P, "reps or seconds up inside the level's range", "about 10% a week, at most 25%"),
    Rule.add_set: _r(_P, "top of the range on every set: one more set, back at the bottom"),
    Rule.level_step: _r(_P, "the level's printed criterion was reached last week: next rung, bottom of its ranges"),
    Rule.level_step_for_time: _r(
        _P, "a non-knee family whose printed criterion is as much as fits in the session steps at that dose"
    ),
    Rule.needs_kit: _r(_P, "the next rung needs kit the person lacks: hold at the top of this rung"),
    Rule.one_knee_step: _r(_P, "at most one knee level step a week and two in all", "1 knee, 2 in all"),
    Rule.min_weeks: _r(_P, "too few weeks on this level to step yet"),
    Rule.yellow_cadence: _r(_P, "knee level steps at most every other week", "pain 3-4"),
    Rule.orange_no_knee_steps: _r(_P, "knee work stays on its rung", "pain 5-6"),
    Rule.orange_settle: _r(_P, "the first two weeks hold the starting dose", "pain 5-6"),
    Rule.top_of_ladder: _r(_P, "nothing higher is allowed: hold"),
    Rule.maintenance: _r(_P, "held at its top for two working weeks: a maintenance dose", "2 working weeks"),
    Rule.give_way: _r(
        _P,
        "held by the session time for two working weeks while others progress: a maintenance dose, "
        "back to progressing when they are done",
        "2 working weeks",
    ),
    Rule.double_leg_first: _r(_P, "the first two weeks of jumping are two-legged only", "2 weeks"),
    Rule.first_jumps: _r(_P, "the first jumping week: at most two sessions, 40 foot contacts each", "2 x 40"),
    Rule.knee_volume: _r(_P, "weekly knee volume grows at most 25% in working weeks", "25%"),
    Rule.minute_steps: _r(_P, "2-4 minutes of timed work cannot grow a whole minute within 25%: held"),
    Rule.hold_time: _r(_P, "more dose would overrun the session time: held"),
    Rule.time_cut: _r(_P, "a dose shortened so the session fits its time"),
    Rule.consolidate: _r(_P, "every 4th week repeats the dose, no level steps", "pain 3-6"),
    Rule.deload: _r(_P, "every 4th week about half the sets", "pain 0-2, 6+ weeks"),
    Rule.ramp: _r(_P, "a family done in fewer sessions in its first weeks (Nordic curls)"),
    Rule.checkin_hold: _r(_P, "a check-in asked to repeat the dose"),
    Rule.checkin_regress: _r(_P, "a flare: the exercise that caused it goes down a rung, or half the sets"),
    Rule.checkin_back: _r(_P, "two missed weeks: the dose steps back one week's worth", "2 weeks"),
    Rule.flare_keep: _r(_P, "a flare keeps the knee hold at its dose: it is the pain-easing exercise"),
    Rule.flare_no_step: _r(_P, "during a flare or an escalation no knee exercise steps up or starts"),
    Rule.re_band: _r(_P, "the band changed with the usual pain: the level moves to what it allows"),
    Rule.left_out: _r(_P, "an exercise a revision left out"),
    Rule.equipment: _r(_E, "the level needs kit the person lacks"),
    Rule.no_impact: _r(_E, "jumping and landing only in the green band", "pain 0-2"),
    Rule.yellow_knee_cap: _r(_E, "knee strength on the first three rungs, no added weight", "pain 3-4"),
    Rule.orange_no_knee_load: _r(_E, "no added weight on the knee", "pain 5-6"),
    Rule.orange_symptom_modifying: _r(_E, "only holds and low-bend knee work", "pain 5-6"),
    Rule.red_flag: _r(_X, "a red-flag symptom: no plan, see someone"),
    Rule.pain_red_band: _r(_X, "pain of 7 or more: no plan, see someone", "pain >= 7"),
    Rule.worse_three_weeks: _r(_X, "a third worse week in a row stops the plan", "3 weeks"),
    Rule.pain_rules: _r(_V, "pain during at most max(3, usual) and at most 5", "3, usual, 5"),
    Rule.morning_settled: _r(_V, "next-morning pain back to usual", "usual + 1 holds, usual + 2 regresses"),
    Rule.worse_week: _r(_V, "a week's worst next morning 2 or more above the week before", "+2"),
    Rule.missed_weeks: _r(_V, "missed sessions never count as progress"),
    Rule.escalate: _r(_V, "two worse weeks, or two mornings of 5+, move the plan to the orange band", "2"),
    Rule.daily_family: _r(_P, "the goal allows this family every day, off-session days too"),
    Rule.stage_gate: _r(_P, "gated work joins once the diary shows its gate met two weeks running", "2 weeks"),
}


# How a change reads outside --explain: a few words, no rule id.
CHANGE_WORDS = {
    Rule.checkin_hold: "held after the check-ins",
    Rule.checkin_regress: "eased: the likely cause of the flare",
    Rule.checkin_back: "a week back after missed weeks",
    Rule.flare_keep: "the pain-easing hold keeps its dose",
    Rule.flare_no_step: "no step while a flare settles",
    Rule.re_band: "the new pain band",
    Rule.left_out: "left out",
    Rule.level_step: "next level",
    Rule.level_step_for_time: "next level",
    Rule.dose_up: "a little more",
    Rule.add_set: "one more set",
    Rule.maintenance: "a maintenance dose",
    Rule.give_way: "a maintenance dose while others progress",
    Rule.orange_settle: "settling weeks",
    Rule.start: "new",
}


def change_words(rule_id: str) -> str:
    """Plain words for the rule behind a revision's change."""
    try:
        rule = Rule(rule_id)
    except ValueError:
        return "changed"
    return CHANGE_WORDS.get(rule) or RULES[rule].text


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


# The one description of each band, short (a header, a re-band note) and in full (a plan's assumptions).
BAND_RANGE = {
    PainBand.green: "pain 0-2",
    PainBand.yellow: "pain 3-4",
    PainBand.orange: "pain 5-6",
    PainBand.red: "pain 7-10",
}
BAND_SHORT = {
    PainBand.green: "the full ladders",
    PainBand.yellow: "easier knee levels, no added weight or jumping",
    PainBand.orange: "gentle, pain-easing work only",
}
BAND_LONG = {
    PainBand.yellow: "Pain 3-4/10: every session has a pain-easing knee hold and hip work; knee strength stays on "
    "the first three levels, with no added weight and no jumping; knee exercises move up a level at most "
    "every other week, and every 4th week repeats the week before.",
    PainBand.orange: "Pain 5-6/10: gentle, pain-easing work only (holds and low-bend knee work) in every session; "
    "the knee exercises stay on their level; the first two weeks keep the starting dose.",
}


def band_words(band: PainBand) -> str:
    """'pain 3-4: easier knee levels, no added weight or jumping'."""
    return f"{BAND_RANGE[band]}: {BAND_SHORT[band]}" if band in BAND_SHORT else BAND_RANGE[band]


def irritable(band: PainBand) -> bool:
    """Yellow and orange: a knee that needs the symptom-easing core in every session."""
    return band in (PainBand.yellow, PainBand.orange)


def red_flag_findings(symptoms: list[str]) -> tuple[list[str], list[str]]:
    """Reasons and whom-to-see advice for red-flag symptoms (domain.md 2.9), in a stable order."""
    flags = [(s, RED_FLAGS[s]) for s in sorted(set(symptoms))]
    return (
        [f"{Rule.red_flag.value}:{s}: you reported {flag.label}." for s, flag in flags],
        list(dict.fromkeys(flag.advice for _, flag in flags)),
    )


def check_refusal(pain: int, symptoms: list[str]) -> None:
    """Raise PlanRefused for the red band or any red-flag symptom (domain.md 2.9)."""
    reasons, advice = red_flag_findings(symptoms)
    if pain_band(pain) is PainBand.red:
        reasons.append(f"{Rule.pain_red_band.value}: pain {pain}/10 is too high for self-guided loading (7 or more).")
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

    rule: Rule
    text: str

    @property
    def equipment(self) -> bool:
        return self.rule is Rule.equipment

    def __str__(self) -> str:
        return self.text


def level_block(family: ExerciseFamily, index: int, pain: int, equipment: frozenset[Equipment]) -> Blocked | None:
    """Why a ladder level may not be prescribed at this pain with this kit, or None when it may."""
    level = family.levels[index]
    band = pain_band(pain)
    missing = [e.value for e in level.equipment if e not in equipment]
    if missing:
        return Blocked(Rule.equipment, f"needs {', '.join(missing)}")
    if level.max_pain < pain:
        return Blocked(Rule.pain_ceiling, f"allowed up to pain {level.max_pain}/10")
    if level.impact and band is not PainBand.green:
        return Blocked(Rule.no_impact, "jumping and landing only at pain 0-2")
    if band is PainBand.yellow and family.category is Category.knee_dominant:
        if index > HARD_LEVEL_INDEX:
            return Blocked(Rule.yellow_knee_cap, "at pain 3-4 knee strength stays on the first three levels")
        if level.load is Load.external:
            return Blocked(Rule.yellow_knee_cap, "no added weight on knee strength work at pain 3-4")
    if band is PainBand.orange and family.category in KNEE_CATEGORIES:
        if level.load is Load.external:
            return Blocked(Rule.orange_no_knee_load, "no added weight on the knee at pain 5-6")
        if not is_symptom_modifying(level):
            return Blocked(Rule.orange_symptom_modifying, "only holds and low-bend knee work at pain 5-6")
    return None


def allowed_reason(level: LadderLevel, pain: int) -> str:
    """The rule that lets a level through, for the item's `why` (the pain itself is the item's
    `planned_pain`)."""
    return why(Rule.pain_ceiling, f"level allowed up to {level.max_pain}/10, your pain {pain}/10")


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
) -> int | None:
    """The rung to step to: the next one, when this pain and kit allow it; None otherwise. One rung at a
    time: a rung that needs missing kit is never skipped (domain.md, third round), the family holds."""
    nxt = index + 1
    if nxt >= len(family.levels) or level_block(family, nxt, pain, kit) is not None:
        return None
    if double_leg_only and family.levels[nxt].single_leg:
        return None
    return nxt


def next_rung_block(family: ExerciseFamily, index: int, pain: int, kit: frozenset[Equipment]) -> Blocked | None:
    """Why the next rung may not be used (None at the top of the ladder or when it may)."""
    return level_block(family, index + 1, pain, kit) if index + 1 < len(family.levels) else None


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


class Action(str, Enum):
    """What a verdict asks of the coming week, mildest first (`severity` orders them)."""

    progress = "progress"
    missed = "missed"
    hold = "hold"
    regress = "regress"
    stop = "stop"

    @property
    def severity(self) -> int:
        return list(Action).index(self)


@dataclass(frozen=True)
class Verdict:
    """The pain-monitoring verdict of a session, a week or, for the generator, one family's coming week:
    the action, the rule that chose it, and plain words."""

    action: Action
    reason: str
    rule: Rule = Rule.pain_rules


def worse(a: Verdict | None, b: Verdict) -> Verdict:
    return b if a is None or b.action.severity > a.action.severity else a


def within_rules(pain: int, usual: int) -> bool:
    """The one test of "within the pain rules" during exercise: at most max(3, usual) and never above 5."""
    return pain <= max(TARGET_PAIN, usual) and pain <= CEILING_PAIN


def pain_target(usual: int) -> int:
    """The most pain during exercise that still counts as within the rules, for this usual pain."""
    return min(max(TARGET_PAIN, usual), CEILING_PAIN)


def _over(what: str, pain: int, usual: int) -> str:
    """Plain words for pain above the rules: names the limit that was crossed."""
    if pain > CEILING_PAIN:
        return f"{what} {pain}/10, above {CEILING_PAIN}/10"
    return f"{what} {pain}/10, above {pain_target(usual)}/10" + (
        f" (your usual {usual}/10)" if usual > TARGET_PAIN else ""
    )


def is_flare(pain: int, usual: int) -> bool:
    """Pain during above 5 and above the usual pain: a flare, whatever else happened."""
    return pain > CEILING_PAIN and pain > usual


def is_stop(pain: int) -> bool:
    return pain >= RED_MIN_PAIN


def session_verdict(during: int, next_morning: int | None, status: str, usual: int, where: str) -> Verdict:
    """One session against the person's usual pain (domain.md, Adaptation to check-ins)."""
    if status == "skipped":
        return Verdict(Action.missed, f"{where} missed", Rule.missed_weeks)
    worst = max(during, next_morning or 0)
    if is_stop(worst) or is_stop(usual):
        return Verdict(Action.stop, f"{where} pain {max(worst, usual)}/10", Rule.pain_red_band)
    if is_flare(during, usual):
        return Verdict(Action.regress, _over(f"{where} pain during", during, usual), Rule.pain_rules)
    if next_morning is not None and next_morning >= usual + REGRESS_MORNING_ABOVE_USUAL:
        return Verdict(
            Action.regress,
            f"{where} next morning {next_morning}/10, {next_morning - usual} above your usual {usual}/10",
            Rule.morning_settled,
        )
    if not within_rules(during, usual):
        return Verdict(Action.hold, _over(f"{where} pain during", during, usual), Rule.pain_rules)
    if next_morning is None:
        return Verdict(Action.hold, f"{where} next morning not known yet: not counted as settled", Rule.morning_settled)
    if next_morning >= usual + HOLD_MORNING_ABOVE_USUAL:
        return Verdict(
            Action.hold, f"{where} next morning {next_morning}/10, above your usual {usual}/10", Rule.morning_settled
        )
    if status == "partial":
        return Verdict(Action.hold, f"{where} only partly done", Rule.pain_rules)
    return Verdict(Action.progress, f"{where} pain during {during}/10, settled by the next morning", Rule.pain_rules)


def exercise_verdict(pain: int, usual: int, where: str) -> Verdict:
    """One exercise a check-in named as painful, by the same rules as a whole session."""
    if is_stop(pain):
        return Verdict(Action.stop, f"{where} pain {pain}/10", Rule.pain_red_band)
    if is_flare(pain, usual):
        return Verdict(Action.regress, _over(f"{where} pain", pain, usual), Rule.pain_rules)
    if not within_rules(pain, usual):
        return Verdict(Action.hold, _over(f"{where} pain", pain, usual), Rule.pain_rules)
    return Verdict(Action.progress, f"{where} pain {pain}/10", Rule.pain_rules)


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
        slots[i] = (replace(slots[i][0], **update), note)
    if not found:
        prefer = families.ids(category)
        slots.append((Slot(block=Block.strength, category=category, prefer=prefer, core=True, priority=1), note))


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


def pain_words(pain: int) -> str:
    """The pain target during exercise in the words of the check-in rules: 3/10 or less, or, when the
    everyday pain is above 3 (the orange band), no more than the usual pain and never above 5/10."""
    if pain_band(pain) is PainBand.orange:
        return f"pain no more than your usual, never above {CEILING_PAIN}/10"
    return f"pain {TARGET_PAIN}/10 or less"


def pain_rules(pain: int) -> list[str]:
    """The pain rules printed with a plan built for this pain."""
    first = (
        f"Aim for no more than your usual pain during exercise; never above {CEILING_PAIN}/10."
        if pain_band(pain) is PainBand.orange
        else PAIN_RULES[0]
    )
    return [first, *PAIN_RULES[1:]]


def criterion_dose(family: ExerciseFamily, index: int, capped: Dose | None = None) -> Dose:
    """The dose that meets a level's criterion: the top of its ranges, or, for a non-knee family whose
    session time caps it, the capped dose."""
    if capped is not None:
        return capped
    d = family.levels[index].dosage
    top = start_dose(d)
    return replace(top, sets=d.sets[1]).with_amount(d.amount[1])


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
