"""What kot's services hand the renderers: plain, frozen values of a check-in's trend, a revision, a
simulation and a roster row.

Why in the domain: a renderer gets these values handed in and imports none of the services (check-ins,
adaptation, revisions, roster) that make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kot.diary import CheckIn
from kot.model import Program
from kot.rulebook import Verdict

# --- check-ins (kot.checkins) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekTrend:
    week: int
    worst_during: int | None
    worst_morning: int | None
    planned_units: float
    done_units: float
    sessions_done: int
    sessions_missed: int


@dataclass(frozen=True)
class Logged:
    """A check-in with the client whose plan it belongs to, as `kot history` lists it."""

    checkin: CheckIn
    client: str | None


@dataclass(frozen=True)
class Progress:
    """A plan's check-ins with their weekly trend and a few plain sentences."""

    program: Program
    checkins: list[CheckIn]
    weeks: list[WeekTrend]
    summary: list[str]
    tests: list[Any] = field(default_factory=list)  # assessments.Trend: placement tests done again (kot assess)
    referral: str | None = None  # "see a physiotherapist" when the retests show no change, or worse


@dataclass(frozen=True)
class Simulation:
    """Where a plan ends up after hypothetical weekly responses, and what each week led to."""

    final: Program
    weeks: list[SimulatedWeek]


# --- adaptation (kot.adapt) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekReview:
    """One checked-in week: its verdict, each family's verdict, and the usual pain at its end."""

    week: int
    verdict: Verdict
    families: dict[str, Verdict]
    usual: int
    high_mornings: int  # sessions with next-morning pain of 5 or more
    flagged: dict[str, Verdict] = field(default_factory=dict)  # exercises the person named as painful


@dataclass(frozen=True)
class Change:
    """One prescription the revision changed, and the rule that changed it."""

    week: int
    day: int
    exercise: str
    name: str
    before: str  # 'L2 2 x 15' or '' when the exercise is new
    after: str  # '' when the exercise is gone
    rule: str

    def __str__(self) -> str:
        what = f"{self.before or 'new'} -> {self.after or 'left out'}"
        return f"week {self.week} day {self.day} {self.name}: {what} ({self.rule})"


@dataclass(frozen=True)
class Outcome:
    """What `kot next` reports: the new revision, its changes, and why the band changed or escalated."""

    program: Program
    changes: list[Change]
    reviews: list[WeekReview]
    notes: list[str]
    referral: str | None


@dataclass(frozen=True)
class SimulatedWeek:
    week: int
    response: str
    usual: int
    verdict: str  # progress, hold, regress, missed, or stop (no more plan)
    band: str
    notes: list[str]
    changes: list[Change]


# --- revisions (kot.revisions) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Next:
    """What `kot next` did: the outcome of the adaptation, and whether the plan file was rewritten."""

    path: Path
    previous: Program
    outcome: Outcome | None  # None: no check-ins yet (or the week is not over: see `waiting`)
    written: bool
    library_changed: bool
    waiting: tuple[tuple[int, int], ...] = ()  # sessions of the current week still to do (nothing changed)

    @property
    def program(self) -> Program:
        return self.outcome.program if self.outcome else self.previous


# --- the roster (kot.roster) --------------------------------------------------------------------------------


STOPPED = "stopped"
ESCALATED = "see a physiotherapist"
FLARE = "flare"
PENDING = "next morning pending"
HOLDING = "holding"
ON_TRACK = "on track"
# What `--attention` lists: the plans a clinician or coach must act on now.
ATTENTION = (STOPPED, ESCALATED, FLARE)


@dataclass(frozen=True)
class Client:
    """One row of the roster."""

    client: str | None
    coach: str | None
    goal: str | None
    next_session: str  # 'week 2 day 1', 'done' or '-' (the plan file is not at hand)
    last_checkin: str | None  # YYYY-MM-DD
    status: str
    path: str | None
    plan_id: str

    @property
    def attention(self) -> bool:
        return self.status in ATTENTION
