"""Models of the placement tests (`placement-tests/*.yaml`, kind `test`) and of an assessment file (kind `assessment`).

Why data: every norm, cut-off, change threshold and mapping from a result to a starting rung is a coach's
judgement with a source (shared/clinical.md A), so each lives in the test's file, next to its source, and the
code only evaluates it. A mapping row reads "from this result (and this pain, this band), start that family on
that rung"; the last row whose conditions all hold places.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from kot.model import Bool, Cue, KebabId, Line, Prose, ShortText
from kot.values import Spec, field, value
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
Rung = Annotated[int, Spec(ge=1, le=20, strict=True)]
Value = Annotated[int, Spec(ge=0, le=1000, strict=True)]


@value
class Record:
    """What a person writes down: a whole number in a unit and range, per side or not."""

    unit: Unit
    range: Annotated[tuple[Value, Value], Spec("[lowest, highest] a result may be")]
    per_side: Bool = False
    better: Literal["higher", "lower"] = "higher"
    what: Annotated[ShortText, Spec("what to write down, in plain words")]

    def __post_init__(self) -> None:
        if self.range[0] > self.range[1]:
            raise ValueError(f"range is [lowest, highest]: {self.range[0]} is more than {self.range[1]}")


@value
class AgeMean:
    """A mean result for an age group (men and women where the source gives both)."""

    ages: tuple[Annotated[int, Spec(ge=0, le=120, strict=True)], Annotated[int, Spec(ge=0, le=120, strict=True)]]
    men: Value | None = None
    women: Value | None = None
    all: Value | None = None


@value
class Norm:
    text: Prose
    source: ShortText
    means: Annotated[list[AgeMean], Spec("machine-readable means by age, if any")] = field(default_factory=list)


@value
class Change:
    """The smallest change that counts: a minimal detectable change (mdc) or minimal important change (mic)."""

    kind: Literal["mdc", "mic"]
    counts_from: Annotated[
        Annotated[int, Spec(ge=1, le=1000, strict=True)],
        Spec("the smallest change that counts (up or down); below it: no clear change"),
    ]
    source: ShortText


@value
class Row:
    """One mapping row: all its conditions hold -> that rung."""

    rung: Rung
    at_least: Value | None = None
    at_most: Value | None = None
    pain_at_most: Annotated[int, Spec(ge=0, le=PAIN_MAX, strict=True)] | None = None
    above_mean: Annotated[Bool, Spec("the result is at least the mean of the person's age group")] = False
    bands: list[PainBand] | None = None
    reason: Cue


@value
class Places:
    family: KebabId
    rows: Annotated[list[Row], Spec(min_length=1)]


@value
class Flag:
    """A flag the result raises (any condition holding), with the caps it puts on families."""

    id: KebabId
    below: Value | None = None
    at_least: Value | None = None
    sides_apart_more_than: Value | None = None
    below_mean: Annotated[Bool, Spec("below the norm for the person's age group")] = False
    text: Prose
    caps: Annotated[dict[KebabId, Rung], Spec("family -> the highest starting rung")] = field(default_factory=dict)


@value
class Outcome:
    """A score a clinician gives (recorded as a number with its date; kot prints no questionnaire)."""

    id: KebabId
    name: ShortText
    range: tuple[Value, Value]
    better: Literal["higher", "lower"] = "higher"
    change: Change


@value
class BandNote:
    note: Prose | None = None
    at_most: Annotated[Value | None, Spec("stop the test at this result in this band")] = None


@value
class PlacementTest:
    """One placement self-test: its card, what it records, its norms and how results place families."""

    id: KebabId
    code: Annotated[str, Spec(check=_code)]
    name: ShortText
    order: Annotated[int, Spec(ge=1, le=99, strict=True)]
    knee_loading: Bool
    feeds: Annotated[list[KebabId], Spec("families its result informs")] = field(default_factory=list)
    kit: Annotated[list[Cue], Spec(min_length=1)]
    minutes: Annotated[int, Spec(ge=1, le=30, strict=True)]
    goals: Annotated[dict[KebabId, Use], Spec("goal -> required (in its battery) or optional", min_length=1)]
    bands: Annotated[dict[PainBand, BandNote], Spec("the pain bands the test may be done in, with limits")]
    min_age: Annotated[int, Spec(ge=0, le=120, strict=True)] | None = None
    or_below: Annotated[
        dict[KebabId, Value] | None, Spec("with min_age: also done when another test's result is below this")
    ] = None
    asks_pain: Annotated[Bool, Spec("ask the peak pain during the test (knee-loading tests)")] = False
    helper: Annotated[Bool, Spec("only with someone beside you at 60+ or after a fall")] = False
    steps: Annotated[list[Prose], Spec(min_length=1)]
    stop_when: Annotated[list[Prose], Spec(min_length=1)]
    record: Record
    norms: list[Norm] = field(default_factory=list)
    change: Change | None = None
    places: list[Places] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    retest_weeks: Annotated[int, Spec(ge=1, le=WEEKS_MAX, strict=True)] = 4

    def __post_init__(self) -> None:
        if PainBand.red in self.bands:
            raise ValueError("no test is done in the red band (pain 7 or more): remove red")


# --- an assessment file --------------------------------------------------------------------------------

Pain = Annotated[int, Spec(ge=0, le=PAIN_MAX, strict=True)]


@value
class Screening:
    symptoms: list[KebabId] = field(default_factory=list)
    age: Annotated[int, Spec(ge=10, le=120, strict=True)] | None = None
    fell: Bool = False
    osteoporosis: Bool = False
    alone: Bool = False


@value
class Result:
    test: KebabId
    value: Value | None = None
    left: Value | None = None
    right: Value | None = None
    stopped: Bool = False
    skipped: Bool = False
    pain: Annotated[Pain | None, Spec("peak pain during the test, 0-10")] = None
    counts: Bool = True


@value
class Placement:
    family: KebabId
    rung: Rung
    level: KebabId
    dose: Line
    reason: Line
    test: KebabId
    knee_loading: Bool


@value
class RaisedFlag:
    id: KebabId
    test: KebabId
    text: Line
    caps: dict[KebabId, Rung] = field(default_factory=dict)


@value
class OutcomeScore:
    id: KebabId
    value: Value


@value
class Assessment:
    kind: Literal["assessment"]
    kot_version: Line
    goal: KebabId
    date: Annotated[str, Spec(check=_date)]
    usual_pain: Pain
    band: PainBand
    screening: Screening = field(default_factory=Screening)
    results: list[Result] = field(default_factory=list)
    outcomes: list[OutcomeScore] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    flags: list[RaisedFlag] = field(default_factory=list)
    week1_orange: Bool = False
    next_morning: Annotated[Pain | None, Spec("pain the next morning; null: not entered yet")] = None
    notes: list[Line] = field(default_factory=list)
