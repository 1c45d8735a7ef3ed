"""Pydantic models: the single source of truth for every file kind and for a built program.

Why one module: `kot schema` prints JSON Schemas from these classes, the loader validates against them,
and the renderers read them, so a field is declared once.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from kot.vocab import (
    ALWAYS_AVAILABLE,
    CATEGORY_ORDER,
    HOUSEHOLD,
    KNEE_CATEGORIES,
    KNEE_DEMAND_ORDER,
    Category,
    Contraction,
    Equipment,
    KneeDemand,
    Load,
    PainBand,
    StartLevel,
)

__all__ = [
    "ALWAYS_AVAILABLE",
    "CATEGORY_ORDER",
    "HOUSEHOLD",
    "KNEE_CATEGORIES",
    "KNEE_DEMAND_ORDER",
    "Category",
    "Contraction",
    "Equipment",
    "KneeDemand",
    "Load",
    "PainBand",
    "StartLevel",
]

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KebabId = Annotated[str, StringConstraints(pattern=KEBAB, min_length=1, max_length=60)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Cue = Annotated[str, StringConstraints(min_length=1, max_length=90, strip_whitespace=True)]

FORMAT_VERSION = 1


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, so a coach's typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


TEMPO = re.compile(r"^[0-9X](-[0-9X]){2,3}$")


class Dosage(Strict):
    """One prescription: sets of reps or of seconds. Exactly one of `reps` and `seconds` is set."""

    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=200, description="reps per set (foot contacts for jumps)")
    seconds: int | None = Field(default=None, ge=5, le=1800, description="seconds per set for timed work")
    per_side: bool = False
    tempo: str | None = Field(default=None, description="down-pause-up(-pause) seconds, e.g. 3-1-1 or 2-1-2-0")
    rest_seconds: int = Field(default=60, ge=0, le=600)

    @field_validator("tempo")
    @classmethod
    def _tempo_shape(cls, value: str | None) -> str | None:
        if value is not None and not TEMPO.match(value):
            raise ValueError("tempo must look like 3-1-1 or 2-1-2-0 (seconds per phase, X for explosive)")
        return value

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> Dosage:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("set exactly one of reps or seconds")
        return self


class LadderLevel(Strict):
    """One rung of a family's progression ladder."""

    id: KebabId
    name: ShortText
    equipment: list[Equipment] = Field(default_factory=list, description="all needed; floor is implied")
    dosage: Dosage
    max_pain: int = Field(ge=0, le=6, description="highest current pain (0-10) at which this level may be prescribed")
    impact: bool = False
    knee_demand: KneeDemand = KneeDemand.none
    load: Load = Load.bodyweight
    contraction: Contraction = Contraction.isotonic
    cues: list[Cue] = Field(min_length=1, max_length=4)
    progress_when: ShortText | None = None
    sources: list[ShortText] = Field(default_factory=list)


class ExerciseFamily(Strict):
    """A movement with a progression ladder, easiest level first (one file in exercises/)."""

    id: KebabId
    name: ShortText
    category: Category
    pattern: KebabId
    goals: list[KebabId] = Field(min_length=1, description="goal template ids this family serves")
    trains: list[ShortText] = Field(min_length=1, description="tissues or qualities trained")
    description: ShortText | None = None
    aliases: list[ShortText] = Field(default_factory=list)
    substitutes: list[KebabId] = Field(default_factory=list, description="family ids to use when no level fits")
    experience: StartLevel = Field(
        default=StartLevel.beginner, description="least --level that may be given this family"
    )
    max_per_week: int | None = Field(default=None, ge=1, le=7, description="most sessions a week (KOT squat: 1)")
    sources: list[ShortText] = Field(default_factory=list)
    levels: list[LadderLevel] = Field(min_length=1)


# --- goal templates ---------------------------------------------------------------------------------


class Phase(Strict):
    """A stretch of the program; `share` is its fraction of the weeks, so phases scale to any length."""

    name: ShortText
    share: float = Field(gt=0, le=1)
    focus: ShortText


class Slot(Strict):
    """One item in a session: which category fills it, which families first, and how much it matters."""

    block: KebabId = Field(description="block name shown with the item, e.g. warm-up, main, cool-down")
    category: Category
    prefer: list[KebabId] = Field(default_factory=list, description="family ids tried first, in order")
    days: Literal["all", "knee", "light"] = Field(
        default="all", description="knee = only on knee-training days; light = only on the other days"
    )
    rotate: bool = Field(
        default=True, description="vary the family across the week's sessions; false = always the first that fits"
    )
    core: bool = Field(default=False, description="core items are dropped to fit the time budget only after all others")
    priority: int = Field(default=5, ge=1, le=9, description="1 = kept longest when time is short")


class Plyometrics(Strict):
    allowed: bool = False
    earliest_week: int = Field(default=3, ge=3, le=52)
    bands: list[PainBand] = Field(default_factory=lambda: [PainBand.green])

    @field_validator("bands")
    @classmethod
    def _green_only(cls, bands: list[PainBand]) -> list[PainBand]:
        if any(b is not PainBand.green for b in bands):
            raise ValueError("plyometrics are allowed only in the green band (domain.md)")
        return bands


class Progression(Strict):
    weekly_growth: float = Field(default=0.10, gt=0, le=0.25, description="dose growth per week (<= 25%)")
    dose_cap: float = Field(default=1.5, ge=1, le=2, description="reps/seconds never exceed this times the level's")
    level_step_every_weeks: int = Field(default=2, ge=1, le=8)
    deload_every_weeks: int = Field(default=4, ge=3, le=8)
    deload_set_cut: float = Field(default=0.5, ge=0.4, le=0.5, description="share of sets removed in a deload week")


class KneeDays(Strict):
    min: int = Field(default=2, ge=1, le=7)
    max: int = Field(default=3, ge=1, le=7)


class GoalTemplate(Strict):
    """A goal: session shape, phases, progression and safety policy (one file in programs/)."""

    id: KebabId
    name: ShortText
    description: ShortText
    default_weeks: int = Field(ge=1, le=52)
    assumed_pain: int = Field(ge=0, le=6, description="pain assumed when --pain is not given")
    phases: list[Phase] = Field(min_length=1)
    slots: list[Slot] = Field(min_length=1)
    must_include_each_week: list[Category | list[Category]] = Field(
        default_factory=list, description="categories every week must hold; a list means any one of them"
    )
    knee_days: KneeDays = Field(default_factory=KneeDays)
    plyometrics: Plyometrics = Field(default_factory=Plyometrics)
    progression: Progression = Field(default_factory=Progression)
    education: list[ShortText] = Field(default_factory=list)
    min_strength_days: int = Field(default=1, ge=1, le=7)

    def must_groups(self) -> list[frozenset[Category]]:
        """Each must-include entry as a set of categories, any one of which satisfies it."""
        return [frozenset(m if isinstance(m, list) else [m]) for m in self.must_include_each_week]

    @model_validator(mode="after")
    def _shares_add_up(self) -> GoalTemplate:
        total = sum(p.share for p in self.phases)
        if abs(total - 1) > 0.01:
            raise ValueError(f"phase shares must add up to 1 (got {total:g})")
        return self


# --- a built program --------------------------------------------------------------------------------


class Out(BaseModel):
    """Base of the program models: strict on read-back, so a damaged saved file is caught. Built on first
    use, so commands that never touch a program do not pay for its schema at start-up."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class Item(Out):
    exercise: str
    level: str
    name: str
    family_name: str
    level_number: int
    category: Category
    block: str
    sets: int
    reps: int | None
    seconds: int | None
    tempo: str | None
    rest_seconds: int
    per_side: bool
    load: Load
    equipment: list[str]
    impact: bool
    max_pain: int
    knee_demand: KneeDemand
    cues: list[str]
    why: list[str]


class Session(Out):
    day: int
    title: str
    estimated_minutes: int
    items: list[Item]


class Week(Out):
    number: int
    phase: str
    deload: bool
    sessions: list[Session]


class Inputs(Out):
    goal: str
    pain: int = Field(ge=0, le=10)
    weeks: int = Field(ge=1, le=52)
    days: int = Field(ge=1, le=7)
    minutes: int = Field(ge=10, le=180)
    equipment: list[str]
    level: StartLevel
    symptoms: list[str]


class Program(Out):
    kot_version: str
    format_version: int = FORMAT_VERSION
    plan_id: str = Field(default="", description="stable id linking check-ins to this plan and its revisions")
    revision: int = Field(default=1, ge=1, description="1 as planned; +1 each time `kot next` adapts it")
    checkins_applied: int = Field(default=0, ge=0)
    status: Literal["ok"] = "ok"
    goal_name: str
    pain_band: PainBand
    pain_assumed: bool
    pain_rules: list[str]
    education: list[str]
    disclaimer: str
    clinician_advice: str | None
    inputs: Inputs
    assumptions: list[str]
    library_version: str
    weeks: list[Week]
