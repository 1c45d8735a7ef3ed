"""A diary entry: how one planned session went, and the checks every entry passes.

Why its own module: the adaptation rules read check-ins and the store keeps them; the value and its
validation belong to neither, so the rules never import the store.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import UTC, date, datetime

from kot import plaintext
from kot.errors import did_you_mean
from kot.vocab import PAIN_MAX, WEEKS_MAX, Symptom

STATUSES = ("done", "partial", "skipped")
MAX_NOTE = 2000  # characters: a paragraph about a session, not a document
MAX_ID = 200
_SYMPTOMS = tuple(s.value for s in Symptom)


@dataclass(frozen=True)
class CheckIn:
    """How one planned session went: pain during it and the next morning, whether the dose was done.

    Exercises and symptoms are normalized (sorted, symptoms deduplicated) so that a check-in read back
    from the store equals the one written.
    """

    plan_id: str
    week: int
    day: int
    during: int
    next_morning: int | None
    status: str
    exercises: dict[str, int] = field(default_factory=dict)
    symptoms: tuple[str, ...] = ()
    note: str | None = None
    recorded_at: str | None = None
    usual: int | None = None  # the person's everyday pain now, when they said (kot checkin --usual)
    date: str | None = None  # the day of the session, YYYY-MM-DD

    def __post_init__(self) -> None:
        problems = _field_problems(vars(self))
        if problems:
            raise ValueError("; ".join(problems))
        object.__setattr__(self, "exercises", dict(sorted(self.exercises.items())))
        object.__setattr__(self, "symptoms", tuple(sorted({Symptom(s).value for s in self.symptoms})))
        if self.recorded_at is not None:
            object.__setattr__(self, "recorded_at", _utc_text(self.recorded_at))


_FIELDS = tuple(f.name for f in fields(CheckIn))
_REQUIRED = tuple(f.name for f in fields(CheckIn) if f.default is MISSING and f.default_factory is MISSING)
# What an imported row may leave out, taken from the dataclass so the two never disagree.
_DEFAULTS = {
    f.name: f.default_factory() if f.default_factory is not MISSING else f.default
    for f in fields(CheckIn)
    if f.name not in _REQUIRED
}


def _text_problems(name: str, text: str, longest: int, one_line: bool = True) -> list[str]:
    """Text a diary keeps is plain text of a sane length: it is printed back on terminals for months."""
    found = plaintext.problem(text, one_line=one_line)
    if found is not None:
        return [f"{name}: {found}"]
    if len(text) > longest:
        return [f"{name}: {len(text)} characters long; at most {longest}"]
    return []


def _whole(value: object, low: int, high: int) -> bool:
    """An int in range; bool is an int to Python but never a pain score or a week."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@functools.lru_cache(maxsize=4096)
def _utc_text(text: str) -> str:
    """`_as_utc` as text, remembered: an import stamps every row it writes with the same time."""
    return _as_utc(text).isoformat()


def _as_utc(text: str) -> datetime:
    """Parse an ISO-8601 time that names its offset; a time without one is ambiguous across zones."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("no UTC offset")
    return moment.astimezone(UTC)


def _range_problem(name: str, value: object, low: int, high: int) -> list[str]:
    if _whole(value, low, high):
        return []
    return [f"{name}: must be a whole number from {low} to {high} (got {value!r})"]


def _exercise_problems(exercises: object) -> list[str]:
    if not isinstance(exercises, dict):
        return [f"exercises: must map exercise ids to pain 0-10 (got {exercises!r})"]
    found = []
    for exercise, pain in exercises.items():
        if not (isinstance(exercise, str) and exercise.strip()):
            found.append(f"exercises: an exercise id must be a non-empty string (got {exercise!r})")
        else:
            found += _range_problem(f"exercises.{exercise}", pain, 0, PAIN_MAX)
    return found


def _symptom_problems(symptoms: object) -> list[str]:
    if not isinstance(symptoms, (list, tuple)):
        return [f"symptoms: must be a list of symptoms (got {symptoms!r})"]
    return [
        f"symptoms: unknown symptom {s!r}; known: {', '.join(_SYMPTOMS)}{did_you_mean(s, _SYMPTOMS)}"
        for s in symptoms
        if s not in _SYMPTOMS
    ]


def _time_problems(recorded_at: object) -> list[str]:
    if recorded_at is None:
        return []
    if isinstance(recorded_at, str):
        try:
            _utc_text(recorded_at)
            return []
        except (ValueError, OverflowError):  # OverflowError: a year-1 time moved to UTC falls off the calendar
            pass
    return [f"recorded_at: must be an ISO-8601 time with a UTC offset (got {recorded_at!r})"]


def _field_problems(values: Mapping[str, object]) -> list[str]:
    """Every problem in a check-in's field values, each as `field: message`.

    Why a function of a mapping: the dataclass and `import_rows` share it, so a value an import accepts
    is exactly a value `CheckIn` accepts, and an import can report each row's problems by field.
    """
    found = []
    plan_id = values["plan_id"]
    if not (isinstance(plan_id, str) and plan_id.strip()):
        found.append(f"plan_id: must be a non-empty string (got {plan_id!r})")
    found += _range_problem("week", values["week"], 1, WEEKS_MAX)
    found += _range_problem("day", values["day"], 1, 7)
    found += _range_problem("during", values["during"], 0, PAIN_MAX)
    if values["next_morning"] is not None:
        found += _range_problem("next_morning", values["next_morning"], 0, PAIN_MAX)
    status = values["status"]
    if status not in STATUSES:
        found.append(f"status: must be one of {', '.join(STATUSES)} (got {status!r}){did_you_mean(status, STATUSES)}")
    found += _exercise_problems(values["exercises"])
    found += _symptom_problems(values["symptoms"])
    if not (values["note"] is None or isinstance(values["note"], str)):
        found.append(f"note: must be text (got {values['note']!r})")
    found += _time_problems(values["recorded_at"])
    if values["usual"] is not None:
        found += _range_problem("usual", values["usual"], 0, PAIN_MAX)
    found += _date_problems(values["date"])
    return found


def _date_problems(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return []
        except ValueError:
            pass
    return [f"date: must be a day like 2026-12-01 (got {value!r})"]


def row_problems(row: object) -> list[str]:
    """Problems with one imported row: its shape first, then (when the shape is right) its values."""
    if not isinstance(row, dict):
        return [f"must be an object with the fields {', '.join(_FIELDS)} (got {type(row).__name__})"]
    found = [f"{name}: missing" for name in _REQUIRED if name not in row]
    found += [f"{key}: unknown field{did_you_mean(str(key), _FIELDS)}" for key in row if key not in _FIELDS]
    return found or _field_problems({**_DEFAULTS, **row}) or _plain_text_problems({**_DEFAULTS, **row})


def _plain_text_problems(values: Mapping[str, object]) -> list[str]:
    """Text coming into the diary is plain text of a sane length (kot.plaintext).

    Why only for what comes in, not in CheckIn itself: a diary kept before this check may hold anything, and
    must stay readable (its text is made safe when shown)."""
    found = _text_problems("plan_id", values["plan_id"], MAX_ID)  # type: ignore[arg-type]
    for exercise in values["exercises"]:  # type: ignore[attr-defined]
        found += _text_problems("exercises", exercise, MAX_ID)
    if values["note"] is not None:
        found += _text_problems("note", values["note"], MAX_NOTE, one_line=False)  # type: ignore[arg-type]
    return found


def read_row(row: object, recorded_at: str) -> tuple[CheckIn | None, list[str]]:
    """One imported row as a check-in (stamped `recorded_at` when it names no time), or its problems as
    `row_problems` words them.

    Why not row_problems first: checking every row twice made an import at the size limit take minutes; a row
    is checked once, and only a refused one is looked at again for the words."""
    if isinstance(row, dict) and _REQUIRED_SET <= row.keys() <= _FIELD_SET:
        try:
            checkin = CheckIn(**{**row, "recorded_at": row.get("recorded_at") or recorded_at})
        except (ValueError, TypeError):
            return None, row_problems(row) or ["not a check-in kot can read"]
        found = _plain_text_problems(vars(checkin))
        return (None, found) if found else (checkin, [])
    return None, row_problems(row) or ["not a check-in kot can read"]


_FIELD_SET = frozenset(_FIELDS)
_REQUIRED_SET = frozenset(_REQUIRED)
