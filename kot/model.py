"""The domain types: the single source of truth for every file kind and for a built program.

Plain frozen dataclasses (kot.values), so the hot path never imports pydantic; pydantic validates files into
these same classes at the file boundary (kot.boundary), and `kot schema` prints JSON Schemas from them. A
field is declared once, with its limits and words.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from kot import plaintext
from kot.errors import did_you_mean
from kot.pose import Pose
from kot.values import Spec, field, value
from kot.vocab import (
    ALWAYS_AVAILABLE,
    BLOCK_ORDER,
    CATEGORY_ORDER,
    HOUSEHOLD,
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    PAIN_MAX,
    PLAN_PAIN_MAX,
    WEEKS_MAX,
    Block,
    Category,
    Contraction,
    Equipment,
    KneeDemand,
    Load,
    PainBand,
    SlotDays,
    StartLevel,
)

__all__ = [
    "ALWAYS_AVAILABLE",
    "BLOCK_ORDER",
    "CATEGORY_ORDER",
    "HOUSEHOLD",
    "KNEE_CATEGORIES",
    "KNEE_DEMAND_ORDER",
    "Block",
    "Category",
    "Contraction",
    "Equipment",
    "KneeDemand",
    "Load",
    "PainBand",
    "SlotDays",
    "StartLevel",
]


def _one_line(text: str) -> str:
    return plaintext.check(text)


def _prose(text: str) -> str:
    return plaintext.check(text, one_line=False)


# Every text field is one of these: plain text, never terminal control (kot/plaintext.py says what is refused).
Line = Annotated[str, Spec(check=_one_line)]  # a name, a cue, an id: one line
Text = Annotated[str, Spec(check=_prose)]  # prose: line breaks allowed
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KebabId = Annotated[str, Spec(pattern=KEBAB, min_length=1, max_length=60)]
ShortText = Annotated[str, Spec(strip=True, min_length=1, max_length=200, check=_one_line)]
Prose = Annotated[str, Spec(strip=True, min_length=1, max_length=200, check=_prose)]
Cue = Annotated[str, Spec(strip=True, min_length=1, max_length=120, check=_one_line)]
Url = Annotated[str, Spec(pattern=r"^https?://[^\s<>\"']+$", max_length=500, check=_one_line)]
# Numbers in files are numbers: `true`, "15" and 1.0 are errors, not 1, 15 and 1 (pydantic would coerce them).
Int = Annotated[int, Spec(strict=True)]
Bool = Annotated[bool, Spec(strict=True)]
Float = Annotated[float, Spec(strict=True)]

FORMAT_VERSION = 1
# Bounds on the numbers a saved plan holds beyond its dose fields, so a hand edit never reaches a calendar's
# or SQLite's limits (an .ics SEQUENCE is a 32-bit number, a session's end a date): a session of at most
# 10 hours, a plan revised at most 10,000 times, with at most 100,000 check-ins.
MAX_SESSION_MINUTES = 600
MAX_REVISION = 10_000
MAX_CHECKINS = 100_000


TEMPO = re.compile(r"^[0-9X](-[0-9X]){2,3}$")


def _range_of(low: int, high: int, what: str) -> Any:
    """A dose field that is one whole number or a `[low, high]` range, stored as a (low, high) pair.

    Why a pair inside, a number or list outside: the generator always reads a range; a coach writes `15`
    for a fixed dose and `[15, 25]` for a range, and the file kot prints back reads the same way."""

    def parse(value: Any) -> tuple[int, int]:
        if type(value) is int:
            pair = (value, value)
        elif isinstance(value, (list, tuple)) and len(value) == 2 and all(type(v) is int for v in value):
            pair = (value[0], value[1])
        else:
            raise ValueError(f"must be a whole number or a range [low, high] of {what} (got {value!r})")
        if pair[0] > pair[1]:
            raise ValueError(f"a range is [low, high]: {pair[0]} is more than {pair[1]}")
        if pair[0] < low or pair[1] > high:
            raise ValueError(f"{what} must be between {low} and {high} (got {value!r})")
        return pair

    schema = {
        "anyOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {
                "type": "array",
                "items": {"type": "integer", "minimum": low, "maximum": high},
                "minItems": 2,
                "maxItems": 2,
            },
        ],
        "description": f"{what}: a number, or a range [low, high] to progress through",
    }
    return Annotated[
        tuple[int, int], Spec(before=parse, serialize=lambda r: r[0] if r[0] == r[1] else [r[0], r[1]], schema=schema)
    ]


SetsRange = _range_of(1, 10, "sets")
RepsRange = _range_of(1, 200, "reps per set")
SecondsRange = _range_of(5, 3600, "seconds per set")


def coach_seconds(seconds: int) -> bool:
    """Holds and timed sets in steps of 5 s; anything 2 minutes or longer in whole minutes (domain.md)."""
    return seconds % 60 == 0 if seconds >= 120 else seconds % 5 == 0


def _tempo_shape(value: str | None) -> str | None:
    if value is not None and not TEMPO.fullmatch(value):
        raise ValueError("tempo must look like 3-1-1 or 2-1-2-0 (seconds per phase, X for explosive)")
    return value


def _coach_friendly(value: tuple[int, int] | None) -> tuple[int, int] | None:
    if value is not None and not all(coach_seconds(v) for v in value):
        raise ValueError(
            "seconds go in steps of 5 (30, 35, 40), and from 2 minutes up in whole minutes "
            f"(120, 180, 240) (got {value[0] if value[0] == value[1] else list(value)})"
        )
    return value


def _reps_or_seconds(dose: Any) -> None:
    if (dose.reps is None) == (dose.seconds is None):
        raise ValueError("set exactly one of reps or seconds")


def _ramp_days(ramp: list[int]) -> list[int]:
    if any(not 1 <= n <= 7 for n in ramp):
        raise ValueError("each ramp value is a number of sessions a week, 1-7")
    return ramp


def _green_only(bands: list[PainBand]) -> list[PainBand]:
    if any(b is not PainBand.green for b in bands):
        raise ValueError("plyometrics are allowed only in the green band (domain.md)")
    return bands


def _ordered(low: int, high: int, what: tuple[str, str]) -> None:
    if low > high:
        raise ValueError(f"{what[0]} ({low}) is more than {what[1]} ({high})")


@value
class Dosage:
    """A level's dose: sets of reps or of seconds, each a fixed number or a range the double progression
    climbs (reps or seconds up first, then a set). Exactly one of `reps` and `seconds` is set."""

    sets: SetsRange
    reps: Annotated[RepsRange | None, Spec("reps per set (foot contacts for jumps)")] = None
    seconds: Annotated[SecondsRange | None, Spec("seconds per set for timed work", check=_coach_friendly)] = None
    per_side: Bool = False
    tempo: Annotated[str | None, Spec("down-pause-up(-pause) seconds, e.g. 3-1-1 or 2-1-2-0", check=_tempo_shape)] = (
        None
    )
    rest_seconds: Annotated[Int, Spec(ge=0, le=600)] = 60

    def __post_init__(self) -> None:
        _reps_or_seconds(self)

    @property
    def amount(self) -> tuple[int, int]:
        """The reps or seconds range, whichever this dose counts."""
        return self.reps if self.reps is not None else self.seconds  # type: ignore[return-value]


@value
class LadderLevel:
    """One rung of a family's progression ladder."""

    id: KebabId
    name: ShortText
    equipment: Annotated[list[Equipment], Spec("all needed; floor is implied")] = field(default_factory=list)
    dosage: Dosage
    max_pain: Annotated[
        Int, Spec("highest current pain (0-10) at which this level may be prescribed", ge=0, le=PLAN_PAIN_MAX)
    ]
    impact: Bool = False
    single_leg: Annotated[Bool, Spec("one leg at a time or alternate legs (jumps come two-legged first)")] = False
    knee_demand: KneeDemand = KneeDemand.none
    load: Load = Load.bodyweight
    contraction: Contraction = Contraction.isotonic
    cues: Annotated[list[Cue], Spec(min_length=1, max_length=6)]
    progress_when: Annotated[
        ShortText | None,
        Spec(
            "what else must be true to move up, in plain words (form, range); the dose "
            "part of the criterion comes from the top of the dosage ranges"
        ),
    ] = None
    media: Annotated[list[Url], Spec("links to demonstrations (shown as links and QR codes)", max_length=5)] = field(
        default_factory=list
    )
    sources: list[ShortText] = field(default_factory=list)
    pose: Annotated[
        Pose | None,
        Spec(
            "key frames (start, end, optionally mid) of a side-view figure doing the level, in joint "
            "angles (degrees); kot draws it and `kot validate` checks it"
        ),
    ] = None


@value
class ExerciseFamily:
    """A movement with a progression ladder, easiest level first (one file in exercises/)."""

    id: KebabId
    name: ShortText
    category: Category
    pattern: KebabId
    goals: Annotated[list[KebabId], Spec("goal template ids this family serves", min_length=1)]
    trains: Annotated[list[ShortText], Spec("tissues or qualities trained", min_length=1)]
    description: Prose | None = None
    aliases: list[ShortText] = field(default_factory=list)
    substitutes: Annotated[list[KebabId], Spec("family ids to use when no level fits")] = field(default_factory=list)
    experience: Annotated[StartLevel, Spec("least --level that may be given this family")] = StartLevel.beginner
    max_per_week: Annotated[Int | None, Spec("most sessions a week (KOT squat: 1)", ge=1, le=7)] = None
    back_to_back: Annotated[Bool, Spec("false: never on consecutive days (Nordic curls)")] = True
    ramp: Annotated[
        list[Int],
        Spec(
            "sessions a week in the first weeks it is done, the last value repeating (Nordic curls: [1, 2])",
            max_length=12,
        ),
    ] = field(default_factory=list)
    sources: list[ShortText] = field(default_factory=list)
    levels: Annotated[list[LadderLevel], Spec(min_length=1)]


# --- goal templates ---------------------------------------------------------------------------------


@value
class Phase:
    """A stretch of the program; `share` is its fraction of the weeks, so phases scale to any length."""

    name: ShortText
    share: Annotated[Float, Spec(gt=0, le=1)]
    focus: ShortText


@value
class Slot:
    """One item in a session: which category fills it, which families first, and how much it matters."""

    block: Annotated[Block, Spec("warm-up, balance, power, strength or mobility: the part of the session it sits in")]
    category: Category
    prefer: Annotated[list[KebabId], Spec("family ids tried first, in order")] = field(default_factory=list)
    days: Annotated[SlotDays, Spec("knee = only on knee-training days; light = only on the other days")] = SlotDays.all
    rotate: Annotated[
        Bool,
        Spec(
            "true = vary the family from session to session; false = repeat "
            "the same family as often as its weekly limit allows (main exercises)"
        ),
    ] = False
    core: Annotated[Bool, Spec("in every session it fills and never cut for time")] = False
    priority: Annotated[Int, Spec("1 = kept longest when time is short", ge=1, le=9)] = 5
    bands: Annotated[
        list[PainBand] | None,
        Spec("the pain bands this slot is used in (all when absent): a goal may keep some work to lower pain"),
    ] = None
    tempo: Annotated[
        str | None,
        Spec("a tempo every level of this slot's families is done at (3-0-3: slow tendon work)", check=_tempo_shape),
    ] = None


@value
class Plyometrics:
    allowed: Bool = False
    earliest_week: Annotated[Int, Spec(ge=3, le=WEEKS_MAX)] = 3
    bands: Annotated[list[PainBand], Spec(check=_green_only)] = field(default_factory=lambda: [PainBand.green])


@value
class Progression:
    weekly_growth: Annotated[Float, Spec("dose growth per week (<= 25%)", gt=0, le=0.25)] = 0.10
    level_step_every_weeks: Annotated[Int, Spec("least weeks on a level before the next", ge=1, le=8)] = 2
    deload_every_weeks: Annotated[Int, Spec("every Nth week deloads (green) or consolidates", ge=3, le=8)] = 4
    deload_set_cut: Annotated[Float, Spec("share of sets removed in a deload week", ge=0.4, le=0.5)] = 0.5


@value
class KneeDays:
    min: Annotated[Int, Spec(ge=1, le=7)] = 2
    max: Annotated[Int, Spec(ge=1, le=7)] = 3

    def __post_init__(self) -> None:
        _ordered(self.min, self.max, ("min", "max"))


# Assessment test ids (interface.md, third round) a goal may ask to retest, and the clinician's outcome scores.
RETEST_IDS = {
    "tib-raise": "tibialis raise",
    "heel-raise": "single-leg heel raise",
    "kot-calf-raise": "KOT calf raise",
    "knee-to-wall": "knee to wall",
    "wall-sit": "wall sit",
    "step-down": "step-down",
    "split-squat": "split squat end position",
    "chair-stand": "30-second chair stand",
    "single-leg-stance": "single-leg stance",
    "four-stage-balance": "4-stage balance",
    "timed-up-and-go": "timed up and go",
    "hip-flexor-length": "hip flexor length",
    "l-sit": "L-sit",
    "tendon-squat": "tendon squat test",
    "visa-p": "VISA-P score (with your clinician)",
}


def _retest_id(test: str) -> str:
    if test not in RETEST_IDS:
        known = ", ".join(RETEST_IDS)
        raise ValueError(f"unknown test '{test}'{did_you_mean(test, RETEST_IDS)}; known: {known}")
    return test


RetestId = Annotated[KebabId, Spec(check=_retest_id)]


@value
class StageGate:
    """A condition on check-ins (clinical.md, decision 5): the categories it unlocks wait until the diary shows
    it met for `weeks` consecutive weeks, and never come before `from_week`. A static plan prints it and never
    crosses it on its own."""

    id: KebabId
    name: Annotated[ShortText, Spec("what the gate opens, in plain words (springy loading)")]
    from_week: Annotated[Int, Spec("the earliest week the unlocked work may start", ge=2, le=WEEKS_MAX)]
    unlocks: Annotated[list[Category], Spec("categories whose slots wait for the gate", min_length=1)]
    max_pain: Annotated[
        Int, Spec("pain during every session of a qualifying week at most this (below 3/10)", ge=0, le=5)
    ] = 2
    weeks: Annotated[Int, Spec("consecutive qualifying weeks the diary must show", ge=2, le=4)] = 2
    check: Annotated[
        ShortText | None, Spec("what else the person checks in those weeks, in plain words (a short hop test)")
    ] = None


@value
class RetestWeeks:
    """When to retest, and which tests (clinical.md, decision 9: every 4 weeks, 8 for the balance goal)."""

    every: Annotated[Int, Spec("retest every this many weeks", ge=2, le=26)]
    tests: Annotated[list[RetestId], Spec("assessment test ids (and visa-p, a clinician's score)", min_length=1)]


@value
class DailyStepsTarget:
    """A daily steps target that grows week by week toward a goal (knee osteoarthritis: toward 6,000 a day,
    White 2014), printed with each week."""

    start: Annotated[Int, Spec("steps a day in week 1 (or what the person walks now, if more)", ge=1000, le=20000)]
    target: Annotated[Int, Spec("the steps a day it grows toward, then keeps", ge=1000, le=20000)]
    weekly_growth: Annotated[Float, Spec("growth per week (<= 25%)", gt=0, le=0.25)] = 0.10
    source: ShortText | None = None

    def __post_init__(self) -> None:
        _ordered(self.start, self.target, ("start", "target"))


MinutesRange = _range_of(1, 60, "minutes")


@value
class DailyPractice:
    """Short practice on the days without a session (balance: 10-15 minutes), and the weekly minutes the
    practice aims at with the sessions (clinical.md D: about 3 hours a week of balance work)."""

    families: Annotated[list[KebabId], Spec("families practised, at the level of the last session", min_length=1)]
    minutes: Annotated[MinutesRange, Spec("minutes a day: a number or a range [low, high]")]
    weekly_minutes: Annotated[
        Int | None, Spec("the weekly minutes of this kind of work the goal aims at", ge=10, le=600)
    ] = None
    source: ShortText | None = None


@value
class GoalTemplate:
    """A goal: session shape, phases, progression and safety policy (one file in programs/)."""

    id: KebabId
    name: ShortText
    description: Prose
    default_weeks: Annotated[Int, Spec(ge=1, le=WEEKS_MAX)]
    assumed_pain: Annotated[Int, Spec("pain assumed when --pain is not given", ge=0, le=PLAN_PAIN_MAX)]
    phases: Annotated[list[Phase], Spec(min_length=1)]
    slots: Annotated[list[Slot], Spec(min_length=1)]
    must_include_each_week: Annotated[
        list[Category | list[Category]], Spec("categories every week must hold; a list means any one of them")
    ] = field(default_factory=list)
    daily: Annotated[
        list[KebabId], Spec("families that may be done more than three days a week (backward walking)")
    ] = field(default_factory=list)
    knee_days: KneeDays = field(default_factory=KneeDays)
    plyometrics: Plyometrics = field(default_factory=Plyometrics)
    progression: Progression = field(default_factory=Progression)
    education: list[ShortText] = field(default_factory=list)
    min_strength_days: Annotated[Int, Spec(ge=1, le=7)] = 1
    daily_families: Annotated[
        list[KebabId],
        Spec(
            "families allowed every day, on the days without a session too (the tendon isometric); "
            "overrides the three-days rule for them alone"
        ),
    ] = field(default_factory=list)
    stage_gates: Annotated[list[StageGate], Spec("conditions on check-ins that unlock work")] = field(
        default_factory=list
    )
    retest_weeks: RetestWeeks | None = None
    daily_steps_target: DailyStepsTarget | None = None
    daily_practice: DailyPractice | None = None

    def must_groups(self) -> list[frozenset[Category]]:
        """Each must-include entry as a set of categories, any one of which satisfies it."""
        return [frozenset(m if isinstance(m, list) else [m]) for m in self.must_include_each_week]

    def __post_init__(self) -> None:
        ids = [g.id for g in self.stage_gates]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"stage gate id '{twice[0]}' appears twice")
        total = sum(p.share for p in self.phases)
        if abs(total - 1) > 0.01:
            raise ValueError(f"phase shares must add up to 1 (got {total:g})")


# --- a built program --------------------------------------------------------------------------------


@value
class Criterion:
    """The dose a level's printed "Move up when" asks for, as numbers: the plan steps only after it."""

    sets: Annotated[Int, Spec(ge=1, le=10)]
    reps: Annotated[Int | None, Spec(ge=1, le=200)] = None
    seconds: Annotated[Int | None, Spec(ge=5, le=3600)] = None
    fits_time: Annotated[Bool, Spec("as much as fits in the session time (non-knee work only)")] = False


@value
class Item:
    exercise: Line
    level: Line
    name: Line
    family_name: Line
    level_number: Annotated[Int, Spec(ge=1, le=100)]
    category: Category
    block: Block
    sets: Annotated[Int, Spec(ge=1, le=10)]
    reps: Annotated[Int | None, Spec(ge=1, le=200)]
    seconds: Annotated[Int | None, Spec(ge=5, le=3600)]
    tempo: Line | None
    rest_seconds: Annotated[Int, Spec(ge=0, le=600)]
    per_side: Bool
    load: Load
    equipment: list[Line]
    impact: Bool
    max_pain: Annotated[Int, Spec(ge=0, le=PLAN_PAIN_MAX)]
    knee_demand: KneeDemand
    cues: list[Line]
    move_up_when: Annotated[Text, Spec("the criterion to move up a level, in plain words")]
    media: Annotated[list[Url], Spec("the library's links (http or https)", max_length=5)] = field(default_factory=list)
    rule: Annotated[Line, Spec("the rule that set this week's prescription (an id of kot.rules.Rule)")]
    why: list[Text]
    planned_pain: Annotated[
        Int | None, Spec("the pain this week was planned for; the safety re-check uses it", ge=0, le=PLAN_PAIN_MAX)
    ] = None
    move_up: Annotated[
        Criterion | None, Spec("the dose that moves this exercise up a level in this plan; none at its top")
    ] = None

    def __post_init__(self) -> None:
        _reps_or_seconds(self)


@value
class Session:
    day: Annotated[Int, Spec(ge=1, le=7)]
    title: Line
    estimated_minutes: Annotated[Int, Spec(ge=0, le=MAX_SESSION_MINUTES)]
    items: list[Item]
    left_out: Annotated[list[Line], Spec("exercise ids left out to fit the session time")] = field(default_factory=list)


@value
class Week:
    number: Annotated[Int, Spec(ge=1, le=WEEKS_MAX)]
    phase: Line
    deload: Bool
    consolidate: Annotated[Bool, Spec("same dose as the week before, no level steps")] = False
    sessions: list[Session]
    daily_steps: Annotated[Int | None, Spec("the goal's steps a day this week", ge=0, le=20000)] = None


@value
class GateState:
    """A stage gate as the plan prints it, and whether the diary has opened it."""

    id: Line
    name: Line
    from_week: Annotated[Int, Spec(ge=1, le=WEEKS_MAX)]
    condition: Annotated[Text, Spec("when it opens, in plain words")]
    max_pain: Annotated[Int, Spec("pain during every session of a qualifying week", ge=0, le=5)] = 2
    weeks: Annotated[Int, Spec("consecutive qualifying weeks", ge=2, le=4)] = 2
    opened_week: Annotated[Int | None, Spec("the week the unlocked work starts", ge=1, le=WEEKS_MAX)] = None


@value
class Inputs:
    goal: Line
    pain: Annotated[Int, Spec(ge=0, le=PAIN_MAX)]
    weeks: Annotated[Int, Spec(ge=1, le=WEEKS_MAX)]
    days: Annotated[Int, Spec(ge=1, le=7)]
    minutes: Annotated[Int, Spec(ge=10, le=180)]
    equipment: list[Line]
    level: StartLevel
    symptoms: list[Line]
    cautions: Annotated[
        list[Line],
        Spec("screening cautions every revision keeps (osteoporosis: no loaded spinal flexion, low pogo hops only)"),
    ] = field(default_factory=list)


@value
class Program:
    kot_version: Line
    format_version: Annotated[Int, Spec(ge=1)] = FORMAT_VERSION
    plan_id: Annotated[
        Line | None,
        Spec(
            "links check-ins to this plan and its revisions; unique per saved plan; null for a plan "
            "printed to stdout (its first check-in gives it one)"
        ),
    ] = None
    created: Annotated[Line | None, Spec("when the plan was first written to a file (UTC)")] = None
    client: Annotated[Line | None, Spec("whom the plan is for", max_length=80)] = None
    coach: Annotated[Line | None, Spec("who made it", max_length=80)] = None
    revision: Annotated[Int, Spec("1 as planned; +1 each time `kot next` adapts it", ge=1, le=MAX_REVISION)] = 1
    checkins_applied: Annotated[Int, Spec(ge=0, le=MAX_CHECKINS)] = 0
    status: Literal["ok"] = "ok"
    goal_name: Line
    pain_band: PainBand
    current_pain: Annotated[
        Int | None,
        Spec("the pain the coming weeks are built for, when a revision changed it from inputs.pain", ge=0, le=10),
    ] = None
    pain_assumed: Bool
    weeks_assumed: Annotated[Bool, Spec("the length is the goal's default, not asked for")] = False
    pain_rules: list[Text]
    stop_signs: Annotated[list[Text], Spec("when to stop and see someone")] = field(default_factory=list)
    education: list[Text]
    disclaimer: Text
    clinician_advice: Text | None
    inputs: Inputs
    assumptions: list[Text]
    library_version: Line
    weeks: list[Week]
    between_sessions: Annotated[
        list[Text], Spec("what to do on the days without a session (daily holds, practice)")
    ] = field(default_factory=list)
    stage_gates: list[GateState] = field(default_factory=list)
    retest_weeks: Annotated[
        list[Annotated[int, Spec(strict=True, ge=1, le=WEEKS_MAX)]], Spec("the weeks to retest in", max_length=52)
    ] = field(default_factory=list)
    retest_tests: Annotated[list[Line], Spec("which tests to repeat then")] = field(default_factory=list)
    fingerprint: Annotated[Line | None, Spec("a hash of the plan as kot wrote it, so hand edits can be told apart")] = (
        None
    )
    placed_by: Annotated[Line | None, Spec("the date of the assessment whose tests placed the starting levels")] = None


def plan_shape_problems(program: Program, *, given_id: bool = True) -> list[tuple[tuple[str | int, ...], str]]:
    """What makes a saved plan impossible to follow as a calendar: an emptied plan_id, no weeks, a week missing
    or repeated, a week without sessions, a session without exercises, an exercise twice in one session.

    Why here and so strict about weeks: every command finds week N at place N (a check-in, a revision, the
    handout), so a plan whose week 2 was deleted would show and record week 3 as week 2. Days may have gaps
    (a session removed is still a plan), but each is named once, in order (kot.rules checks that).
    Shared by `kot validate` and every read of a saved plan."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    # kot writes an id into every file it saves; an emptied one would link no check-in (null is not emptied)
    if given_id and isinstance(program.plan_id, str) and not program.plan_id.strip():
        found.append(
            (
                ("plan_id",),
                "must not be empty: it links the plan to its check-ins (put back the id kot wrote, or make a "
                "new plan with `kot plan -o`)",
            )
        )
    if not program.weeks:
        return found + [(("weeks",), "a plan has at least one week; this file has none (make one with `kot plan`)")]
    misplaced = False
    for w, week in enumerate(program.weeks):
        if week.number != w + 1 and not misplaced:  # the first one: every later week is off by as much
            misplaced = True
            found.append(
                (
                    ("weeks", w, "number"),
                    f"week {week.number} stands where week {w + 1} should: a plan's weeks run 1, 2, 3, ... "
                    "with none missing, repeated or moved",
                )
            )
        if not week.sessions:
            found.append((("weeks", w, "sessions"), "a week has at least one session"))
        for s, session in enumerate(week.sessions):
            if not session.items:
                found.append((("weeks", w, "sessions", s, "items"), "a session has at least one exercise"))
            seen: set[str] = set()
            for i, item in enumerate(session.items):
                if item.exercise in seen:
                    found.append(
                        (
                            ("weeks", w, "sessions", s, "items", i, "exercise"),
                            f"{item.exercise} is in this session twice",
                        )
                    )
                seen.add(item.exercise)
    return found
