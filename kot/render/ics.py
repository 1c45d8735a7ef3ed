"""iCalendar export: one event per session, its exercises in the description (RFC 5545 via `icalendar`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kot.errors import UsageError
from kot.model import Program
from kot.render import view
from kot.schedule import calendar_days

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def weekday_numbers(days: int, weekdays: Sequence[str] | None) -> list[int]:
    """The weekday of day 1, 2, ... of a week (0 = Monday): the plan's own (Mon, Wed, Fri for 3 days, as the
    handout labels them) unless `weekdays` names others; either way in week order, Monday first."""
    if weekdays is None:
        return calendar_days(days)
    names = list(weekdays)
    unknown = [n for n in names if n not in WEEKDAYS]
    if unknown or len(set(names)) != len(names):
        raise UsageError(f"use distinct days from {','.join(WEEKDAYS)} (got '{','.join(names)}')", option="weekdays")
    if len(names) != days:
        raise UsageError(f"the program has {days} sessions a week, {len(names)} days given", option="weekdays")
    return sorted(WEEKDAYS.index(n) for n in names)


def first_session(start: dt.date, days: int, weekdays: Sequence[str] | None) -> dt.date:
    """Week 1 day 1: the first day on or after `start` that falls on day 1's weekday."""
    day_one = weekday_numbers(days, weekdays)[0]
    return start + dt.timedelta(days=(day_one - start.weekday()) % 7)


def session_dates(start: dt.date, weeks: int, days: int, weekdays: Sequence[str] | None) -> list[list[dt.date]]:
    """The date of every session. Each day of the plan keeps its weekday every week (day 1 is Monday's
    session with mon,wed,fri, as the handout says "Day 1 (Mon)"), and week 1 starts with the first day 1
    on or after `start`: a Tuesday start waits for Monday rather than renumber the days."""
    numbers = weekday_numbers(days, weekdays)
    monday = first_session(start, days, weekdays) - dt.timedelta(days=numbers[0])
    return [[monday + dt.timedelta(days=7 * w + n) for n in numbers] for w in range(weeks)]


def to_ics(
    program: Program,
    *,
    start: dt.date | None = None,
    time: dt.time = dt.time(7, 0),
    weekdays: Sequence[str] | None = None,
    remind: int | None = None,
) -> bytes:
    """The calendar: one event per session titled with what it holds, every exercise with its dose, cues and
    criterion in the description, an optional reminder. Deterministic (no clock): stamps and ids derive from
    the plan and the start; ids are per plan and session, and SEQUENCE follows the revision."""
    from icalendar import Alarm, Calendar, Event

    if start is None:
        raise UsageError("a calendar needs the first training day, e.g. 2026-12-01", option="start")
    at = time.replace(second=0, microsecond=0)
    dates = session_dates(start, program.inputs.weeks, program.inputs.days, weekdays)
    if dates and dates[-1][-1] >= dt.date.max - dt.timedelta(days=1):
        raise UsageError("the plan would run past the year 9999; pick an earlier start", option="start")
    goal = view.line(program.goal_name)
    calendar = Calendar()
    calendar.add("prodid", f"-//kot {program.kot_version}//knees-over-toes programs//EN")
    calendar.add("version", "2.0")
    owner = f" for {view.line(program.client)}" if program.client else ""
    calendar.add("x-wr-calname", f"{goal} plan{owner}")
    stamp = dt.datetime.combine(start, dt.time(0, 0), tzinfo=dt.UTC)
    for week in program.weeks:
        for session in week.sessions:
            when = dt.datetime.combine(dates[week.number - 1][session.day - 1], at)
            items = [view.item_view(i) for i in session.items]
            event = Event()
            # One id per plan and session (a revision updates the same events, and SEQUENCE says it is newer).
            event.add("uid", f"{program.plan_id or program.inputs.goal}-w{week.number}d{session.day}@kot")
            event.add("sequence", program.revision - 1)
            event.add("dtstamp", stamp)
            event.add("dtstart", when)
            event.add("dtend", when + dt.timedelta(minutes=session.estimated_minutes))
            lighter = {"lighter": " (lighter week)", "same": " (same as last week)"}.get(view.week_kind(week), "")
            names = ", ".join(i.name for i in items)
            event.add("summary", f"{goal}, week {week.number} day {session.day}{lighter}: {names}")
            event.add("description", _description(program, items, view.week_extras(program, week)))
            if remind is not None:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"{goal}: week {week.number} day {session.day}")
                alarm.add("trigger", dt.timedelta(minutes=-remind))
                event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()


def _description(program: Program, items: list[view.ItemView], extras: list[str]) -> str:
    lines = []
    for n, item in enumerate(items, start=1):
        lines.append(f"{n}. {item.name} ({item.level}): {item.dose}")
        lines += [f"   - {cue}" for cue in item.cues]
        lines.append(f"   Move up when: {item.move_up}")
    lines += ["", *extras] * bool(extras)
    lines += ["", view.stop_line(program), "Pain rules: " + " ".join(view.pain_rules(program)[:2])]
    return "\n".join(lines)
