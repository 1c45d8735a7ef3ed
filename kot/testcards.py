"""Models of the placement tests (`placement-tests/*.yaml`, kind `test`) and of an assessment file (kind `assessment`).

Why data: every norm, cut-off, change threshold and mapping from a result to a starting rung is a coach's
judgement with a source (shared/clinical.md A), so each lives in the test's file, next to its source, and the
code only evaluates it. A mapping row reads "from this result (and this pain, this band), start that family on
that rung"; the last row whose conditions all hold places.
"""

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from kot.model import Bool, Cue, KebabId, Line, Prose, ShortText, Strict_
from kot.vocab import PAIN_MAX, WEEKS_MAX, PainBand


def _code(text: str) -> str:
    if not re.fullmatch(r"T[0-9]{1,2}", text):
        raise ValueError(f"must be a test code such as T1 (got {text!r})")
    return text


def _date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"must be a date written 2026-12-03, in quotes (got {text!r})") from None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"must be a date written 2026-12-03, in quotes (got {text!r})")
    return text


Unit = Literal["reps", "seconds", "cm", "score", "stands", "stage", "pass-fail", "points"]
Use = Literal["required", "optional"]
Rung = Annotated[int, Field(ge=1, le=20, strict=True)]
Value = Annotated[int, Field(ge=0, le=1000, strict=True)]


class Record(Strict_):
    """What a person writes down: a whole number in a unit and range, per side or not."""

    unit: Unit
    range: tuple[Value, Value] = Field(description="[lowest, highest] a result may be")
    per_side: Bool = False
    better: Literal["higher", "lower"] = "higher"
    what: ShortText = Field(description="what to write down, in plain words")

    @model_validator(mode="after")
    def _ordered(self):  # noqa: ANN202
        if self.range[0] > self.range[1]:
            raise ValueError(f"range is [lowest, highest]: {self.range[0]} is more than {self.range[1]}")
        return self


class AgeMean(Strict_):
    """A mean result for an age group (men and women where the source gives both)."""

    ages: tuple[Annotated[int, Field(ge=0, le=120, strict=True)], Annotated[int, Field(ge=0, le=120, strict=True)]]
    men: Value | None = None
    women: Value | None = None
    all: Value | None = None


class Norm(Strict_):
    text: Prose
    source: ShortText
    means: list[AgeMean] = Field(default_factory=list, description="machine-readable means by age, if any")


class Change(Strict_):
    """The smallest change that counts: a minimal detectable change (mdc) or minimal important change (mic)."""

    kind: Literal["mdc", "mic"]
    counts_from: Annotated[int, Field(ge=1, le=1000, strict=True)] = Field(
        description="the smallest change that counts (up or down); below it: no clear change"
    )
    source: ShortText


class Row(Strict_):
    """One mapping row: all its conditions hold -> that rung."""

    rung: Rung
    at_least: Value | None = None
    at_most: Value | None = None
    pain_at_most: Annotated[int, Field(ge=0, le=PAIN_MAX, strict=True)] | None = None
    above_mean: Bool = Field(default=False, description="the result is at least the mean of the person's age group")
    bands: list[PainBand] | None = None
    reason: Cue


class Places(Strict_):
    family: KebabId
    rows: list[Row] = Field(min_length=1)


class Flag(Strict_):
    """A flag the result raises (any condition holding), with the caps it puts on families."""

    id: KebabId
    below: Value | None = None
    at_least: Value | None = None
    sides_apart_more_than: Value | None = None
    below_mean: Bool = Field(default=False, description="below the norm for the person's age group")
    text: Prose
    caps: dict[KebabId, Rung] = Field(default_factory=dict, description="family -> the highest starting rung")


class Outcome(Strict_):
    """A score a clinician gives (recorded as a number with its date; kot prints no questionnaire)."""

    id: KebabId
    name: ShortText
    range: tuple[Value, Value]
    better: Literal["higher", "lower"] = "higher"
    change: Change


class BandNote(Strict_):
    note: Prose | None = None
    at_most: Value | None = Field(default=None, description="stop the test at this result in this band")


class PlacementTest(Strict_):
    """One placement self-test: its card, what it records, its norms and how results place families."""

    id: KebabId
    code: Annotated[str, AfterValidator(_code)]
    name: ShortText
    order: Annotated[int, Field(ge=1, le=99, strict=True)]
    knee_loading: Bool
    feeds: list[KebabId] = Field(default_factory=list, description="families its result informs")
    kit: list[Cue] = Field(min_length=1)
    minutes: Annotated[int, Field(ge=1, le=30, strict=True)]
    goals: dict[KebabId, Use] = Field(min_length=1, description="goal -> required (in its battery) or optional")
    bands: dict[PainBand, BandNote] = Field(description="the pain bands the test may be done in, with limits")
    min_age: Annotated[int, Field(ge=0, le=120, strict=True)] | None = None
    or_below: dict[KebabId, Value] | None = Field(
        default=None, description="with min_age: also done when another test's result is below this"
    )
    asks_pain: Bool = Field(default=False, description="ask the peak pain during the test (knee-loading tests)")
    helper: Bool = Field(default=False, description="only with someone beside you at 60+ or after a fall")
    steps: list[Prose] = Field(min_length=1)
    stop_when: list[Prose] = Field(min_length=1)
    record: Record
    norms: list[Norm] = Field(default_factory=list)
    change: Change | None = None
    places: list[Places] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    retest_weeks: Annotated[int, Field(ge=1, le=WEEKS_MAX, strict=True)] = 4

    @model_validator(mode="after")
    def _bands(self):  # noqa: ANN202
        if PainBand.red in self.bands:
            raise ValueError("no test is done in the red band (pain 7 or more): remove red")
        return self


# --- an assessment file --------------------------------------------------------------------------------

Pain = Annotated[int, Field(ge=0, le=PAIN_MAX, strict=True)]


class Screening(Strict_):
    symptoms: list[KebabId] = Field(default_factory=list)
    age: Annotated[int, Field(ge=10, le=120, strict=True)] | None = None
    fell: Bool = False
    osteoporosis: Bool = False
    alone: Bool = False


class Result(Strict_):
    test: KebabId
    value: Value | None = None
    left: Value | None = None
    right: Value | None = None
    stopped: Bool = False
    skipped: Bool = False
    pain: Pain | None = Field(default=None, description="peak pain during the test, 0-10")
    counts: Bool = True


class Placement(Strict_):
    family: KebabId
    rung: Rung
    level: KebabId
    dose: Line
    reason: Line
    test: KebabId
    knee_loading: Bool


class RaisedFlag(Strict_):
    id: KebabId
    test: KebabId
    text: Line
    caps: dict[KebabId, Rung] = Field(default_factory=dict)


class OutcomeScore(Strict_):
    id: KebabId
    value: Value


class Assessment(Strict_):
    kind: Literal["assessment"]
    kot_version: Line
    goal: KebabId
    date: Annotated[str, AfterValidator(_date)]
    usual_pain: Pain
    band: PainBand
    screening: Screening = Field(default_factory=Screening)
    results: list[Result] = Field(default_factory=list)
    outcomes: list[OutcomeScore] = Field(default_factory=list)
    placements: list[Placement] = Field(default_factory=list)
    flags: list[RaisedFlag] = Field(default_factory=list)
    week1_orange: Bool = False
    next_morning: Pain | None = Field(default=None, description="pain the next morning; null: not entered yet")
    notes: list[Line] = Field(default_factory=list)
