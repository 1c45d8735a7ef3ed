"""iCalendar export: one event per session, its exercises in the description (RFC 5545 via `icalendar`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kot.errors import UsageError
from kot.model import Program
from kot.render import text

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def session_dates(start: dt.date, weeks: int, days: int, weekdays: Sequence[str] | None) -> list[list[dt.date]]:
    """The date of every session: on the named weekdays (mon, wed, ...), or spread evenly from the start."""
    if weekdays is None:
        offsets = [i * 7 // days for i in range(days)]
        return [[start + dt.timedelta(days=7 * w + o) for o in offsets] for w in range(weeks)]
    names = list(weekdays)
    unknown = [n for n in names if n not in WEEKDAYS]
    if unknown or len(set(names)) != len(names):
        raise UsageError(f"use distinct days from {','.join(WEEKDAYS)} (got '{','.join(names)}')", option="weekdays")
    if len(names) != days:
        raise UsageError(f"the program has {days} sessions a week, {len(names)} days given", option="weekdays")
    numbers = sorted(WEEKDAYS.index(n) for n in names)
    first = min(numbers, key=lambda n: (n - start.weekday()) % 7)
    week_start = start + dt.timedelta(days=(first - start.weekday()) % 7) - dt.timedelta(days=first)
    ordered = sorted(numbers, key=lambda n: (n - first) % 7)
    return [
        [week_start + dt.timedelta(days=7 * w + (n if n >= first else n + 7)) for n in ordered] for w in range(weeks)
    ]


def to_ics(
    program: Program,
    *,
    start: dt.date | None = None,
    time: dt.time = dt.time(7, 0),
    weekdays: Sequence[str] | None = None,
) -> bytes:
    """The calendar file; deterministic (no clock): stamps and ids derive from the program and start."""
    from icalendar import Calendar, Event

    if start is None:
        raise UsageError("a calendar needs the first training day, e.g. 2026-12-01", option="start")
    first_day = start
    at = time.replace(second=0, microsecond=0)
    dates = session_dates(first_day, program.inputs.weeks, program.inputs.days, weekdays)
    calendar = Calendar()
    calendar.add("prodid", f"-//kot {program.kot_version}//knees-over-toes programs//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.combine(first_day, dt.time(0, 0), tzinfo=dt.UTC)
    for week in program.weeks:
        for session in week.sessions:
            when = dt.datetime.combine(dates[week.number - 1][session.day - 1], at)
            event = Event()
            # One id per plan and session (a revision updates the same events, and SEQUENCE says it is newer).
            event.add("uid", f"{program.plan_id or program.inputs.goal}-w{week.number}d{session.day}@kot")
            event.add("sequence", program.revision - 1)
            event.add("dtstamp", stamp)
            event.add("dtstart", when)
            event.add("dtend", when + dt.timedelta(minutes=session.estimated_minutes))
            deload = " (deload)" if week.deload else ""
            event.add("summary", f"kot week {week.number}{deload}, day {session.day}: {session.title}")
            body = [f"{item.family_name} - {text.level_label(item)}: {text.dose(item)}" for item in session.items]
            event.add("description", "\n".join(body + ["", *program.pain_rules[:2]]))
            calendar.add_component(event)
    return calendar.to_ical()
