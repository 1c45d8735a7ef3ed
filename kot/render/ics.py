"""iCalendar export: one event per session, its exercises in the description (RFC 5545 via `icalendar`)."""

from __future__ import annotations

import datetime as dt

from kot.errors import UsageError
from kot.model import Program
from kot.render import text

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _parse_start(start: str) -> dt.date:
    try:
        return dt.date.fromisoformat(start)
    except ValueError:
        raise UsageError(f"Invalid value for '--start': '{start}' is not a date like 2026-12-01") from None


def _parse_time(value: str) -> dt.time:
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        raise UsageError(f"Invalid value for '--time': '{value}' is not a time like 07:00") from None
    return parsed.replace(second=0, microsecond=0)


def session_dates(start: dt.date, weeks: int, days: int, weekdays: str | None) -> list[list[dt.date]]:
    """The date of every session: on the named weekdays, or spread evenly from the start date."""
    if weekdays is None:
        offsets = [i * 7 // days for i in range(days)]
        return [[start + dt.timedelta(days=7 * w + o) for o in offsets] for w in range(weeks)]
    names = [d.strip().lower()[:3] for d in weekdays.split(",") if d.strip()]
    unknown = [n for n in names if n not in WEEKDAYS]
    if unknown or len(set(names)) != len(names):
        raise UsageError(f"Invalid value for '--weekdays': use distinct days from {','.join(WEEKDAYS)} (got '{weekdays}')")
    if len(names) != days:
        raise UsageError(f"Invalid value for '--weekdays': the program has {days} sessions a week, {len(names)} days given")
    numbers = sorted(WEEKDAYS.index(n) for n in names)
    first = min(numbers, key=lambda n: (n - start.weekday()) % 7)
    week_start = start + dt.timedelta(days=(first - start.weekday()) % 7) - dt.timedelta(days=first)
    ordered = sorted(numbers, key=lambda n: (n - first) % 7)
    return [[week_start + dt.timedelta(days=7 * w + (n if n >= first else n + 7)) for n in ordered] for w in range(weeks)]


def to_ics(program: Program, *, start: str, time: str = "07:00", weekdays: str | None = None) -> bytes:
    """The calendar file; deterministic (no clock): stamps and ids derive from the program and start."""
    from icalendar import Calendar, Event

    first_day = _parse_start(start)
    at = _parse_time(time)
    dates = session_dates(first_day, program.inputs.weeks, program.inputs.days, weekdays)
    calendar = Calendar()
    calendar.add("prodid", f"-//kot {program.kot_version}//knees-over-toes programs//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.combine(first_day, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for week in program.weeks:
        for session in week.sessions:
            when = dt.datetime.combine(dates[week.number - 1][session.day - 1], at)
            event = Event()
            event.add("uid", f"kot-{program.library_version}-{program.inputs.goal}-{start}-w{week.number}d{session.day}@kot")
            event.add("dtstamp", stamp)
            event.add("dtstart", when)
            event.add("dtend", when + dt.timedelta(minutes=session.estimated_minutes))
            deload = " (deload)" if week.deload else ""
            event.add("summary", f"kot week {week.number}{deload}, day {session.day}: {session.title}")
            body = [f"{item.family_name} - {text.level_label(item)}: {text.dose(item)}" for item in session.items]
            event.add("description", "\n".join(body + ["", *program.pain_rules[:2]]))
            calendar.add_component(event)
    return calendar.to_ical()
