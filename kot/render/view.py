"""What a person reads, worked out once for every format: names, doses, cues and criteria of each item, the
sessions of a week (identical ones merged), the progression grid, the header, the legend and the safety
text. The table, markdown, HTML, CSV and calendar renderers all read from here, so they cannot drift apart.

Text from files is cleaned of control characters here (a cue cannot clear a screen); each renderer then
escapes it for its own format (rich markup, HTML, markdown, CSV formulas).
"""

from __future__ import annotations

import re
import shlex

from kot import wording
from kot.model import RETEST_IDS, GateState, Item, Program, Week
from kot.schedule import WEEKDAY_NAMES, calendar_days
from kot.values import plain, record

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None) -> str:
    """Text as it may be shown: control characters (escape codes, bells, carriage returns) removed."""
    return _CONTROL.sub("", text or "")


def line(text: str | None) -> str:
    """Clean text on one line (a newline in a name must not start a heading)."""
    return " ".join(clean(text).split())


@record(frozen=True)
class ItemView:
    """One prescription as a person reads it."""

    exercise: str
    name: str
    level_number: int
    level_name: str
    dose: str  # '2 x 15 each side', '4 x 30 s', '1 x 5 min'
    short: str  # '2x15', '4x30s', '1x5min' (grid cells)
    sets: int
    per_side: bool
    tempo: str
    rest: str
    cues: tuple[str, ...]
    move_up: str
    why: tuple[str, ...]
    media: tuple[str, ...]
    rule: str

    @property
    def level(self) -> str:
        return f"level {self.level_number}: {self.level_name}"


def short_dose(item: Item) -> str:
    """'2x15', '4x30s', '1x5min' (never '5m', which reads as 5 metres)."""
    if item.reps is not None:
        amount = str(item.reps)
    elif item.seconds is not None and item.seconds >= 120 and item.seconds % 60 == 0:
        amount = f"{item.seconds // 60}min"
    else:
        amount = f"{item.seconds}s"
    return f"{item.sets}x{amount}"


def item_view(item: Item) -> ItemView:
    return ItemView(
        exercise=item.exercise,
        name=line(item.family_name),
        level_number=item.level_number,
        level_name=line(item.name),
        dose=wording.dose_text(item.sets, item.reps, item.seconds, item.per_side),
        short=short_dose(item),
        sets=item.sets,
        per_side=item.per_side,
        tempo=line(item.tempo) or "-",
        rest=wording.amount_text(None, item.rest_seconds) if item.rest_seconds else "-",
        cues=tuple(line(c) for c in item.cues),
        move_up=line(item.move_up_when),
        why=tuple(line(w) for w in item.why),
        media=tuple(line(m) for m in item.media),
        rule=item.rule,
    )


def day_names(days: int) -> list[str]:
    """An example weekday for each session: 3 days -> Mon, Wed, Fri."""
    return [WEEKDAY_NAMES[d] for d in calendar_days(days)]


def days_label(days: list[int], total: int) -> str:
    """'Day 1 (Mon)', 'Days 1, 2, 3 (Mon, Wed, Fri)'."""
    names = day_names(total)
    which = ", ".join(names[d - 1] for d in days)
    return f"Day {days[0]} ({which})" if len(days) == 1 else f"Days {', '.join(map(str, days))} ({which})"


@record(frozen=True)
class SessionView:
    """One or more identical sessions of a week."""

    week: int
    days: list[int]
    label: str
    title: str
    minutes: int
    items: list[ItemView]


def sessions(program: Program, week: Week) -> list[SessionView]:
    """A week's sessions, identical ones merged ('Days 1, 2, 3')."""
    groups: dict[tuple, list] = {}
    for session in week.sessions:
        key = (session.title, repr(plain(session.items)))
        groups.setdefault(key, []).append(session)
    out = []
    for same in groups.values():
        first = same[0]
        days = [s.day for s in same]
        out.append(
            SessionView(
                week.number,
                days,
                days_label(days, program.inputs.days),
                line(first.title),
                first.estimated_minutes,
                [item_view(i) for i in first.items],
            )
        )
    return out


# --- the progression grid -----------------------------------------------------------------------------------


@record(frozen=True)
class WeekHead:
    number: int
    kind: str  # '', 'lighter' (deload) or 'same' (consolidate)

    @property
    def label(self) -> str:
        return f"W{self.number}" + {"lighter": "-", "same": "="}.get(self.kind, "")


@record(frozen=True)
class Cell:
    text: str  # 'L2 2x12'
    step: bool  # a level step this week


@record(frozen=True)
class GridRow:
    name: str
    cells: list[Cell | None]


@record(frozen=True)
class Grid:
    """Exercises down, weeks across, for one group of training days that share their exercises."""

    label: str
    weeks: list[WeekHead]
    rows: list[GridRow]


STEP_MARK = "^"
LEGEND = [
    "L2 2x12 = level 2 of that exercise's ladder (1 is the easiest), 2 sets of 12 (s = seconds, min = minutes);"
    " ^ = a step up to a harder level that week.",
    "W4- = a lighter week (about half the sets); W4= = the same as the week before, to let the knee catch up.",
    "Tempo 2-1-2 = seconds to lower, pause, and rise (a fourth number: pause at the top; X: as fast as you can).",
]


def week_kind(week: Week) -> str:
    return "lighter" if week.deload else "same" if week.consolidate else ""


def grids(program: Program) -> list[Grid]:
    """The progression grid per group of training days (days doing the same exercises every week share one)."""
    weeks = [WeekHead(w.number, week_kind(w)) for w in program.weeks]
    by_day: dict[int, list[list[str]]] = {}
    for w in program.weeks:
        for s in w.sessions:
            by_day.setdefault(s.day, []).append([i.exercise for i in s.items])
    groups: dict[str, list[int]] = {}
    for day, lists in by_day.items():
        groups.setdefault(repr(lists), []).append(day)
    out = []
    for days in groups.values():
        rows: dict[str, list[Cell | None]] = {}
        names: dict[str, str] = {}
        previous: dict[str, int] = {}
        for n, w in enumerate(program.weeks):
            session = next((s for s in w.sessions if s.day == days[0]), None)  # a session may have been removed
            for item in session.items if session else ():
                cells = rows.setdefault(item.exercise, [None] * len(program.weeks))
                names[item.exercise] = line(item.family_name)
                step = item.exercise in previous and item.level_number > previous[item.exercise]
                cells[n] = Cell(f"L{item.level_number} {short_dose(item)}", step)
                previous[item.exercise] = item.level_number
        out.append(
            Grid(days_label(days, program.inputs.days), weeks, [GridRow(names[e], cells) for e, cells in rows.items()])
        )
    return out


# --- the words around the program --------------------------------------------------------------------------


def header(program: Program) -> str:
    """One line: the goal, its length and rhythm, the time, the pain and what that means."""
    i = program.inputs
    pain = program.current_pain if program.current_pain is not None else i.pain
    assumed = " (assumed)" if program.pain_assumed and program.current_pain is None else ""
    days = ", ".join(day_names(i.days))
    return (
        f"{line(program.goal_name)} · {i.weeks} week{'s' if i.weeks != 1 else ''} · {i.days} day"
        f"{'s' if i.days != 1 else ''} a week ({days}) · up to {i.minutes} min · pain {pain}/10{assumed}, "
        f"{wording.band_words(program.pain_band)} · "
        + (f"placed by the assessment of {program.placed_by}" if program.placed_by else f"starting {i.level.value}")
    )


def plan_noun(weeks: int) -> str:
    """'an 8-week knees-over-toes plan', 'a 6-week knees-over-toes plan'."""
    article = "an" if str(weeks).startswith("8") or weeks in (11, 18) else "a"
    return f"{article} {weeks}-week knees-over-toes plan"


def who(program: Program) -> str:
    """'For Ann Lee · by Sam · 26 Nov 2026', as much of it as is known."""
    parts = []
    if program.client:
        parts.append(f"For {line(program.client)}")
    if program.coach:
        parts.append(f"by {line(program.coach)}")
    if program.created:
        parts.append(made_on(program.created))
    return " · ".join(parts)


def made_on(created: str) -> str:
    """'2026-11-26T10:12:58+00:00' -> '26 Nov 2026'."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(created).strftime("%-d %b %Y")
    except ValueError:
        return line(created)


BEYOND_HEADING = "Between sessions and milestones"


def steps_line(program: Program) -> str:
    """'Daily steps: week 1 4,000, week 2 4,400, ..., from week 6 6,000 a day.' or ''."""
    steps = [(w.number, w.daily_steps) for w in program.weeks if w.daily_steps]
    if not steps:
        return ""
    last = steps[-1][1]
    first_at_last = next(n for n, v in steps if v == last)
    parts = [f"week {n} {v:,}" for n, v in steps if n < first_at_last]
    parts.append(f"{'from week ' + str(first_at_last) if parts else 'every week'} {last:,}")
    return (
        "Daily steps to aim for: " + ", ".join(parts) + " (or what you walk now, if more); spread them over the "
        "day and keep to the pain rules."
    )


def gate_line(gate: GateState) -> str:
    if gate.opened_week is not None:
        return f"Gate met (the diary showed it): from week {gate.opened_week}, {line(gate.name)}."
    return line(gate.condition)


def retest_line(program: Program) -> str:
    """'Retest in weeks 4 and 8: 30-second chair stand, single-leg stance.' or ''."""
    weeks = program.retest_weeks
    if not weeks:
        return ""
    when = ", ".join(map(str, weeks[:-1])) + " and " + str(weeks[-1]) if len(weeks) > 1 else str(weeks[0])
    names = ", ".join(RETEST_IDS.get(t, line(t)) for t in program.retest_tests)
    return f"Retest in week{'s' if len(weeks) > 1 else ''} {when}: {names}."


def beyond_sessions(program: Program) -> list[str]:
    """What the plan asks beside its sessions: daily families and practice, daily steps, stage gates and
    retests, each a line (empty for goals without them)."""
    lines = [line(t) for t in program.between_sessions]
    lines += [steps_line(program)] + [gate_line(g) for g in program.stage_gates] + [retest_line(program)]
    return [text for text in lines if text]


def week_extras(program: Program, week: Week) -> list[str]:
    """The lines of `beyond_sessions` that belong to one week (a calendar event, a printed week)."""
    out = []
    if week.daily_steps:
        out.append(f"Daily steps this week: about {week.daily_steps:,} a day.")
    out += [line(t) for t in program.between_sessions]
    for gate in program.stage_gates:
        if gate.opened_week == week.number:
            out.append(f"From this week: {line(gate.name)} (its gate was met).")
        elif gate.opened_week is None and week.number >= gate.from_week:
            out.append(line(gate.condition))
    if week.number in program.retest_weeks:
        out.append("Retest this week: " + retest_line(program).split(": ", 1)[1])
    return out


def stop_line(program: Program) -> str:
    return f"{wording.STOP_HEADING}: " + "; ".join(line(s) for s in program.stop_signs) + "."


def pain_rules(program: Program) -> list[str]:
    return [line(r) for r in program.pain_rules]


def assumptions(program: Program) -> list[str]:
    return [line(a) for a in program.assumptions]


def as_argument(path: str) -> str:
    """A file name as a command-line argument: one starting with '-' would be read as an option."""
    return f"./{path}" if path.startswith("-") else path


def next_steps(program: Program, saved: str | None = None, save: str | None = None) -> str:
    """What to do now, as command lines that run as written (a `#` comment says what each one does).

    `saved` is the plan file shown; `save` the command that saves this plan as plan.yaml (the CLI knows the
    options it was given, such as a library folder)."""
    if saved:
        return f"Next: {shlex.join(['kot', 'today', as_argument(saved)])}   # the session to do, with boxes to tick"
    save = save or shlex.join(["kot", "plan", "--goal", program.inputs.goal, "-o", "plan.yaml"])
    return (
        "Next: save the plan, then see the session to do:\n"
        f"  {save}\n"
        "  kot today plan.yaml   # the session to do, with boxes to tick"
    )


def checkin_line(path: str, week: int, day: int) -> str:
    """Right after the session: how it went (the next morning is a later, separate step: morning_line)."""
    return f"kot checkin {path} --week {week} --day {day} --during N"


def morning_line(path: str) -> str:
    """The next morning: the knee's pain then, added to the latest check-in."""
    return f"kot checkin {path} --next-morning N"
