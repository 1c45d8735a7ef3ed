"""Pydantic models: the single source of truth for every file kind and for a built program.

Why one module: `kot schema` prints JSON Schemas from these classes, the loader validates against them,
and the renderers read them, so a field is declared once.
"""

import re
from enum import Enum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kot import plaintext
from kot.errors import did_you_mean
from kot.pose import Pose
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
Line = Annotated[str, AfterValidator(_one_line)]  # a name, a cue, an id: one line
Text = Annotated[str, AfterValidator(_prose)]  # prose: line breaks allowed
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KebabId = Annotated[str, StringConstraints(pattern=KEBAB, min_length=1, max_length=60)]
ShortText = Annotated[
    str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True), AfterValidator(_one_line)
]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True), AfterValidator(_prose)]
Cue = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True), AfterValidator(_one_line)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500), AfterValidator(_one_line)]
# Numbers in files are numbers: `true`, "15" and 1.0 are errors, not 1, 15 and 1 (pydantic would coerce them).
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
Float = Annotated[float, Strict()]

FORMAT_VERSION = 1
# Bounds on the numbers a saved plan holds beyond its dose fields, so a hand edit never reaches a calendar's
# or SQLite's limits (an .ics SEQUENCE is a 32-bit number, a session's end a date): a session of at most
# 10 hours, a plan revised at most 10,000 times, with at most 100,000 check-ins.
MAX_SESSION_MINUTES = 600
MAX_REVISION = 10_000
MAX_CHECKINS = 100_000


class Strict_(BaseModel):
    """Base of every file model: unknown keys are errors, so a coach's typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


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
        tuple[int, int],
        BeforeValidator(parse),
        PlainSerializer(lambda r: r[0] if r[0] == r[1] else [r[0], r[1]]),
        WithJsonSchema(schema),
    ]


SetsRange = _range_of(1, 10, "sets")
RepsRange = _range_of(1, 200, "reps per set")
SecondsRange = _range_of(5, 3600, "seconds per set")


def coach_seconds(seconds: int) -> bool:
    """Holds and timed sets in steps of 5 s; anything 2 minutes or longer in whole minutes (domain.md)."""
    return seconds % 60 == 0 if seconds >= 120 else seconds % 5 == 0


class Dosage(Strict_):
    """A level's dose: sets of reps or of seconds, each a fixed number or a range the double progression
    climbs (reps or seconds up first, then a set). Exactly one of `reps` and `seconds` is set."""

    sets: SetsRange
    reps: RepsRange | None = Field(default=None, description="reps per set (foot contacts for jumps)")
    seconds: SecondsRange | None = Field(default=None, description="seconds per set for timed work")
    per_side: Bool = False
    tempo: str | None = Field(default=None, description="down-pause-up(-pause) seconds, e.g. 3-1-1 or 2-1-2-0")
    rest_seconds: Int = Field(default=60, ge=0, le=600)

    @field_validator("tempo")
    @classmethod
    def _tempo_shape(cls, value: str | None) -> str | None:
        if value is not None and not TEMPO.fullmatch(value):
            raise ValueError("tempo must look like 3-1-1 or 2-1-2-0 (seconds per phase, X for explosive)")
        return value

    @field_validator("seconds")
    @classmethod
    def _coach_friendly(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not all(coach_seconds(v) for v in value):
            raise ValueError(
                "seconds go in steps of 5 (30, 35, 40), and from 2 minutes up in whole minutes "
                f"(120, 180, 240) (got {value[0] if value[0] == value[1] else list(value)})"
            )
        return value

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("set exactly one of reps or seconds")
        return self

    @property
    def amount(self) -> tuple[int, int]:
        """The reps or seconds range, whichever this dose counts."""
        return self.reps if self.reps is not None else self.seconds  # type: ignore[return-value]


class LadderLevel(Strict_):
    """One rung of a family's progression ladder."""

    id: KebabId
    name: ShortText
    equipment: list[Equipment] = Field(default_factory=list, description="all needed; floor is implied")
    dosage: Dosage
    max_pain: Int = Field(
        ge=0, le=PLAN_PAIN_MAX, description="highest current pain (0-10) at which this level may be prescribed"
    )
    impact: Bool = False
    single_leg: Bool = Field(
        default=False, description="one leg at a time or alternate legs (jumps come two-legged first)"
    )
    knee_demand: KneeDemand = KneeDemand.none
    load: Load = Load.bodyweight
    contraction: Contraction = Contraction.isotonic
    cues: list[Cue] = Field(min_length=1, max_length=6)
    progress_when: ShortText | None = Field(
        default=None,
        description="what else must be true to move up, in plain words (form, range); the dose "
        "part of the criterion comes from the top of the dosage ranges",
    )
    media: list[Url] = Field(
        default_factory=list, max_length=5, description="links to demonstrations (shown as links and QR codes)"
    )
    sources: list[ShortText] = Field(default_factory=list)
    pose: Pose | None = Field(
        default=None,
        description="key frames (start, end, optionally mid) of a side-view figure doing the level, in joint "
        "angles (degrees); kot draws it and `kot validate` checks it",
    )


class ExerciseFamily(Strict_):
    """A movement with a progression ladder, easiest level first (one file in exercises/)."""

    id: KebabId
    name: ShortText
    category: Category
    pattern: KebabId
    goals: list[KebabId] = Field(min_length=1, description="goal template ids this family serves")
    trains: list[ShortText] = Field(min_length=1, description="tissues or qualities trained")
    description: Prose | None = None
    aliases: list[ShortText] = Field(default_factory=list)
    substitutes: list[KebabId] = Field(default_factory=list, description="family ids to use when no level fits")
    experience: StartLevel = Field(
        default=StartLevel.beginner, description="least --level that may be given this family"
    )
    max_per_week: Int | None = Field(default=None, ge=1, le=7, description="most sessions a week (KOT squat: 1)")
    back_to_back: Bool = Field(default=True, description="false: never on consecutive days (Nordic curls)")
    ramp: list[Int] = Field(
        default_factory=list,
        max_length=12,
        description="sessions a week in the first weeks it is done, the last value repeating (Nordic curls: [1, 2])",
    )
    sources: list[ShortText] = Field(default_factory=list)
    levels: list[LadderLevel] = Field(min_length=1)

    @field_validator("ramp")
    @classmethod
    def _ramp_days(cls, ramp: list[int]) -> list[int]:
        if any(not 1 <= n <= 7 for n in ramp):
            raise ValueError("each ramp value is a number of sessions a week, 1-7")
        return ramp


# --- goal templates ---------------------------------------------------------------------------------


class Phase(Strict_):
    """A stretch of the program; `share` is its fraction of the weeks, so phases scale to any length."""

    name: ShortText
    share: Float = Field(gt=0, le=1)
    focus: ShortText


class Slot(Strict_):
    """One item in a session: which category fills it, which families first, and how much it matters."""

    block: Block = Field(
        description="warm-up, balance, power, strength or mobility: the part of the session it sits in"
    )
    category: Category
    prefer: list[KebabId] = Field(default_factory=list, description="family ids tried first, in order")
    days: SlotDays = Field(
        default=SlotDays.all, description="knee = only on knee-training days; light = only on the other days"
    )
    rotate: Bool = Field(
        default=False,
        description="true = vary the family from session to session; false = repeat "
        "the same family as often as its weekly limit allows (main exercises)",
    )
    core: Bool = Field(default=False, description="in every session it fills and never cut for time")
    priority: Int = Field(default=5, ge=1, le=9, description="1 = kept longest when time is short")
    tempo: str | None = Field(
        default=None,
        description="a tempo every level of this slot's families is done at (3-0-3: slow tendon work)",
    )

    @field_validator("tempo")
    @classmethod
    def _tempo_shape(cls, value: str | None) -> str | None:
        return Dosage._tempo_shape(value)


class Plyometrics(Strict_):
    allowed: Bool = False
    earliest_week: Int = Field(default=3, ge=3, le=WEEKS_MAX)
    bands: list[PainBand] = Field(default_factory=lambda: [PainBand.green])

    @field_validator("bands")
    @classmethod
    def _green_only(cls, bands: list[PainBand]) -> list[PainBand]:
        if any(b is not PainBand.green for b in bands):
            raise ValueError("plyometrics are allowed only in the green band (domain.md)")
        return bands


class Progression(Strict_):
    weekly_growth: Float = Field(default=0.10, gt=0, le=0.25, description="dose growth per week (<= 25%)")
    level_step_every_weeks: Int = Field(default=2, ge=1, le=8, description="least weeks on a level before the next")
    deload_every_weeks: Int = Field(default=4, ge=3, le=8, description="every Nth week deloads (green) or consolidates")
    deload_set_cut: Float = Field(default=0.5, ge=0.4, le=0.5, description="share of sets removed in a deload week")


class KneeDays(Strict_):
    min: Int = Field(default=2, ge=1, le=7)
    max: Int = Field(default=3, ge=1, le=7)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is more than max ({self.max})")
        return self


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


RetestId = Annotated[KebabId, AfterValidator(_retest_id)]


class StageGate(Strict_):
    """A condition on check-ins (clinical.md, decision 5): the categories it unlocks wait until the diary shows
    it met for `weeks` consecutive weeks, and never come before `from_week`. A static plan prints it and never
    crosses it on its own."""

    id: KebabId
    name: ShortText = Field(description="what the gate opens, in plain words (springy loading)")
    from_week: Int = Field(ge=2, le=WEEKS_MAX, description="the earliest week the unlocked work may start")
    unlocks: list[Category] = Field(min_length=1, description="categories whose slots wait for the gate")
    max_pain: Int = Field(
        default=2, ge=0, le=5, description="pain during every session of a qualifying week at most this (below 3/10)"
    )
    weeks: Int = Field(default=2, ge=2, le=4, description="consecutive qualifying weeks the diary must show")
    check: ShortText | None = Field(
        default=None, description="what else the person checks in those weeks, in plain words (a short hop test)"
    )


class RetestWeeks(Strict_):
    """When to retest, and which tests (clinical.md, decision 9: every 4 weeks, 8 for the balance goal)."""

    every: Int = Field(ge=2, le=26, description="retest every this many weeks")
    tests: list[RetestId] = Field(min_length=1, description="assessment test ids (and visa-p, a clinician's score)")


class DailyStepsTarget(Strict_):
    """A daily steps target that grows week by week toward a goal (knee osteoarthritis: toward 6,000 a day,
    White 2014), printed with each week."""

    start: Int = Field(ge=1000, le=20000, description="steps a day in week 1 (or what the person walks now, if more)")
    target: Int = Field(ge=1000, le=20000, description="the steps a day it grows toward, then keeps")
    weekly_growth: Float = Field(default=0.10, gt=0, le=0.25, description="growth per week (<= 25%)")
    source: ShortText | None = None

    @model_validator(mode="after")
    def _grows(self) -> Self:
        if self.start > self.target:
            raise ValueError(f"start ({self.start}) is more than target ({self.target})")
        return self


MinutesRange = _range_of(1, 60, "minutes")


class DailyPractice(Strict_):
    """Short practice on the days without a session (balance: 10-15 minutes), and the weekly minutes the
    practice aims at with the sessions (clinical.md D: about 3 hours a week of balance work)."""

    families: list[KebabId] = Field(min_length=1, description="families practised, at the level of the last session")
    minutes: MinutesRange = Field(description="minutes a day: a number or a range [low, high]")
    weekly_minutes: Int | None = Field(
        default=None, ge=10, le=600, description="the weekly minutes of this kind of work the goal aims at"
    )
    source: ShortText | None = None


class GoalTemplate(Strict_):
    """A goal: session shape, phases, progression and safety policy (one file in programs/)."""

    id: KebabId
    name: ShortText
    description: Prose
    default_weeks: Int = Field(ge=1, le=WEEKS_MAX)
    assumed_pain: Int = Field(ge=0, le=PLAN_PAIN_MAX, description="pain assumed when --pain is not given")
    phases: list[Phase] = Field(min_length=1)
    slots: list[Slot] = Field(min_length=1)
    must_include_each_week: list[Category | list[Category]] = Field(
        default_factory=list, description="categories every week must hold; a list means any one of them"
    )
    daily: list[KebabId] = Field(
        default_factory=list, description="families that may be done more than three days a week (backward walking)"
    )
    knee_days: KneeDays = Field(default_factory=KneeDays)
    plyometrics: Plyometrics = Field(default_factory=Plyometrics)
    progression: Progression = Field(default_factory=Progression)
    education: list[ShortText] = Field(default_factory=list)
    min_strength_days: Int = Field(default=1, ge=1, le=7)
    daily_families: list[KebabId] = Field(
        default_factory=list,
        description="families allowed every day, on the days without a session too (the tendon isometric); "
        "overrides the three-days rule for them alone",
    )
    stage_gates: list[StageGate] = Field(default_factory=list, description="conditions on check-ins that unlock work")
    retest_weeks: RetestWeeks | None = None
    daily_steps_target: DailyStepsTarget | None = None
    daily_practice: DailyPractice | None = None

    def must_groups(self) -> list[frozenset[Category]]:
        """Each must-include entry as a set of categories, any one of which satisfies it."""
        return [frozenset(m if isinstance(m, list) else [m]) for m in self.must_include_each_week]

    @model_validator(mode="after")
    def _gates_unique(self) -> Self:
        ids = [g.id for g in self.stage_gates]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"stage gate id '{twice[0]}' appears twice")
        return self

    @model_validator(mode="after")
    def _shares_add_up(self) -> Self:
        total = sum(p.share for p in self.phases)
        if abs(total - 1) > 0.01:
            raise ValueError(f"phase shares must add up to 1 (got {total:g})")
        return self


# --- a built program --------------------------------------------------------------------------------


class Out(BaseModel):
    """Base of the program models: strict on read-back, so a damaged saved file is caught. Built on first
    use, so commands that never touch a program do not pay for its schema at start-up."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


def out_data(value: Any) -> Any:
    """A program model as `model_dump(mode="json")` gives it, without pydantic's serializer.

    Why: building the program models' validators and serializers costs more than the rest of a `kot plan
    --format json`; the generator, whose output the tests check against the schema, makes them with
    `model_construct`, and they hold only text, numbers, flags, enums and lists of them, which this walks
    (a test compares the two on generated programs)."""
    if isinstance(value, Out):
        return {name: out_data(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [out_data(v) for v in value]
    return value


class Criterion(Out):
    """The dose a level's printed "Move up when" asks for, as numbers: the plan steps only after it."""

    sets: Int = Field(ge=1, le=10)
    reps: Int | None = Field(default=None, ge=1, le=200)
    seconds: Int | None = Field(default=None, ge=5, le=3600)
    fits_time: Bool = Field(default=False, description="as much as fits in the session time (non-knee work only)")


class Item(Out):
    exercise: Line
    level: Line
    name: Line
    family_name: Line
    level_number: Int = Field(ge=1, le=100)
    category: Category
    block: Block
    sets: Int = Field(ge=1, le=10)
    reps: Int | None = Field(ge=1, le=200)
    seconds: Int | None = Field(ge=5, le=3600)
    tempo: Line | None
    rest_seconds: Int = Field(ge=0, le=600)
    per_side: Bool
    load: Load
    equipment: list[Line]
    impact: Bool
    max_pain: Int = Field(ge=0, le=PLAN_PAIN_MAX)
    knee_demand: KneeDemand
    cues: list[Line]
    move_up_when: Text = Field(description="the criterion to move up a level, in plain words")
    media: list[Url] = Field(default_factory=list, max_length=5, description="the library's links (http or https)")
    rule: Line = Field(description="the rule that set this week's prescription (an id of kot.rules.Rule)")
    why: list[Text]
    planned_pain: Int | None = Field(
        default=None,
        ge=0,
        le=PLAN_PAIN_MAX,
        description="the pain this week was planned for; the safety re-check uses it",
    )
    move_up: Criterion | None = Field(
        default=None, description="the dose that moves this exercise up a level in this plan; none at its top"
    )

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("set exactly one of reps or seconds")
        return self


class Session(Out):
    day: Int = Field(ge=1, le=7)
    title: Line
    estimated_minutes: Int = Field(ge=0, le=MAX_SESSION_MINUTES)
    items: list[Item]
    left_out: list[Line] = Field(default_factory=list, description="exercise ids left out to fit the session time")


class Week(Out):
    number: Int = Field(ge=1, le=WEEKS_MAX)
    phase: Line
    deload: Bool
    consolidate: Bool = Field(default=False, description="same dose as the week before, no level steps")
    sessions: list[Session]
    daily_steps: Int | None = Field(default=None, ge=0, le=20000, description="the goal's steps a day this week")


class GateState(Out):
    """A stage gate as the plan prints it, and whether the diary has opened it."""

    id: Line
    name: Line
    from_week: Int = Field(ge=1, le=WEEKS_MAX)
    condition: Text = Field(description="when it opens, in plain words")
    max_pain: Int = Field(default=2, ge=0, le=5, description="pain during every session of a qualifying week")
    weeks: Int = Field(default=2, ge=2, le=4, description="consecutive qualifying weeks")
    opened_week: Int | None = Field(default=None, ge=1, le=WEEKS_MAX, description="the week the unlocked work starts")


class Inputs(Out):
    goal: Line
    pain: Int = Field(ge=0, le=PAIN_MAX)
    weeks: Int = Field(ge=1, le=WEEKS_MAX)
    days: Int = Field(ge=1, le=7)
    minutes: Int = Field(ge=10, le=180)
    equipment: list[Line]
    level: StartLevel
    symptoms: list[Line]


class Program(Out):
    kot_version: Line
    format_version: Int = Field(default=FORMAT_VERSION, ge=1)
    plan_id: Line | None = Field(
        default=None,
        description="links check-ins to this plan and its revisions; unique per saved plan; null for a plan "
        "printed to stdout (its first check-in gives it one)",
    )
    created: Line | None = Field(default=None, description="when the plan was first written to a file (UTC)")
    client: Line | None = Field(default=None, max_length=80, description="whom the plan is for")
    coach: Line | None = Field(default=None, max_length=80, description="who made it")
    revision: Int = Field(
        default=1, ge=1, le=MAX_REVISION, description="1 as planned; +1 each time `kot next` adapts it"
    )
    checkins_applied: Int = Field(default=0, ge=0, le=MAX_CHECKINS)
    status: Literal["ok"] = "ok"
    goal_name: Line
    pain_band: PainBand
    current_pain: Int | None = Field(
        default=None,
        ge=0,
        le=10,
        description="the pain the coming weeks are built for, when a revision changed it from inputs.pain",
    )
    pain_assumed: Bool
    weeks_assumed: Bool = Field(default=False, description="the length is the goal's default, not asked for")
    pain_rules: list[Text]
    stop_signs: list[Text] = Field(default_factory=list, description="when to stop and see someone")
    education: list[Text]
    disclaimer: Text
    clinician_advice: Text | None
    inputs: Inputs
    assumptions: list[Text]
    library_version: Line
    weeks: list[Week]
    between_sessions: list[Text] = Field(
        default_factory=list, description="what to do on the days without a session (daily holds, practice)"
    )
    stage_gates: list[GateState] = Field(default_factory=list)
    retest_weeks: list[Annotated[int, Strict(), Field(ge=1, le=WEEKS_MAX)]] = Field(
        default_factory=list, max_length=52, description="the weeks to retest in"
    )
    retest_tests: list[Line] = Field(default_factory=list, description="which tests to repeat then")
    fingerprint: Line | None = Field(
        default=None, description="a hash of the plan as kot wrote it, so hand edits can be told apart"
    )
    placed_by: Line | None = Field(
        default=None, description="the date of the assessment whose tests placed the starting levels"
    )


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
