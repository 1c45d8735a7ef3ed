"""Check-in views for the terminal: the history table and the pain/volume trend as bar charts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kot import rulebook
from kot.model import Program, Week
from kot.render.view import line
from kot.results import Change, Next, Progress, Simulation

BAR = 20


def _pain_style(pain: int) -> str:
    return "green" if pain <= 3 else "yellow" if pain <= 5 else "red"


def _bar(value: float, top: float, style: str) -> Text:
    filled = round(BAR * value / top) if top else 0
    return Text("#" * filled, style=style) + Text("." * (BAR - filled), style="dim")


def progress_view(progress: Progress) -> RenderableType:
    """Pain during and next morning per session, weekly volume planned vs done, then the summary."""
    checkins, weeks, summary = progress.checkins, progress.weeks, progress.summary
    pain = Table(title="Pain per session (0-10)", title_justify="left", box=None, pad_edge=False)
    for column in ("session", "during", "", "next morning", ""):
        pain.add_column(column)
    for c in checkins:
        morning = c.next_morning
        if c.status == "skipped":  # no pain was felt in a session not done: never a bar at 0
            pain.add_row(f"W{c.week} D{c.day}", Text("missed", style="dim"), "", "", "")
            continue
        pain.add_row(
            f"W{c.week} D{c.day}",
            _bar(c.during, 10, _pain_style(c.during)),
            str(c.during),
            _bar(morning or 0, 10, _pain_style(morning or 0)),
            "-" if morning is None else str(morning),
        )
    top = max((w.planned_units for w in weeks), default=0)
    volume = Table(
        title="Weekly volume (work units: sets x reps, or seconds / 3)", title_justify="left", box=None, pad_edge=False
    )
    for column in ("week", "planned", "", "done", ""):
        volume.add_column(column)
    for w in weeks:
        volume.add_row(
            f"W{w.week}",
            _bar(w.planned_units, top, "blue"),
            f"{w.planned_units:.0f}",
            _bar(w.done_units, top, "cyan"),
            f"{w.done_units:.0f}",
        )
    lines = Text("\n".join(summary), style="bold")
    parts = [pain, Text(""), volume, Text(""), lines]
    if progress.tests:
        from kot.render.assess import progress_lines

        parts += [Text(""), Text(progress_lines(progress.tests, 80).rstrip("\n"))]
    if progress.referral:
        parts = [Text(progress.referral, style="bold red"), Text(""), *parts]
    return Group(*parts)


def simulation_view(simulation: Simulation) -> RenderableType:
    """What each week's response leads to: the verdict, the band, any referral or re-banding, and the
    changes to the following week; then where the plan ends up."""
    weeks, final = simulation.weeks, simulation.final
    table = Table(title="Simulated weeks", title_justify="left", show_lines=True)
    for column in ("week", "response", "usual pain", "verdict", "what happens next"):
        table.add_column(column)
    style = {"progress": "green", "hold": "yellow", "missed": "yellow", "regress": "red", "stop": "bold red"}
    for w in weeks:
        upcoming = [c for c in w.changes if c.week == w.week + 1]
        later = len(w.changes) - len(upcoming)
        cell = Text()
        for note in w.notes:
            cell.append(note + "\n", style="bold")
        for change in change_lines(upcoming):
            cell.append(change + "\n")
        if not w.notes and not upcoming and w.verdict != "stop":
            cell.append("as planned\n")
        if later:
            cell.append(f"(+{later} later prescriptions follow from this)\n", style="dim")
        cell.rstrip()
        table.add_row(
            str(w.week), Text(line(w.response)), f"{w.usual}/10", Text(w.verdict, style=style[w.verdict]), cell
        )
    end = final.weeks[-1]
    levels = ", ".join(f"{i.family_name} L{i.level_number}" for i in end.sessions[0].items)
    return Group(table, Text(f"Week {end.number} day 1 would be: {levels}", style="bold"))


def change_lines(changes: Sequence[Change]) -> list[str]:
    """One line per change, the sessions it applies to named once: 'Patrick step: L1 2 x 19 each side -> L1
    1 x 19 each side (days 1-3; eased: the likely cause of the flare)'."""
    days: dict[tuple[str, str, str, str], list[int]] = {}
    for c in changes:
        days.setdefault((c.name, c.before, c.after, c.rule), []).append(c.day)
    lines = []
    for (name, before, after, rule), when in days.items():
        which = f"day {when[0]}" if len(when) == 1 else f"days {', '.join(map(str, when))}"
        lines.append(f"{name}: {before or 'new'} -> {after or 'left out'} ({which}; {rulebook.change_words(rule)})")
    return lines


def next_report(result: Next) -> RenderableType:
    """What `kot next` says: a referral first, then the revision written (or that nothing changed), why the
    band changed, and the changes of the coming week."""
    text = Text()
    outcome = result.outcome
    if result.waiting:
        week = result.waiting[0][0]
        days = [d for _, d in result.waiting]
        which = f"day {days[0]}" if len(days) == 1 else f"days {', '.join(map(str, days))}"
        return Text(
            f"Week {week} still has {which} to do, so nothing changed. Next: kot today {result.path}; once the "
            f"week is checked in, kot next {result.path} adapts the coming weeks (or kot next {result.path} "
            "--now adapts them now)."
        )
    if outcome is None:
        return Text(f"No check-ins for this plan yet: record one with kot checkin {result.path}. Nothing changed.")
    if outcome.referral:
        text.append(outcome.referral + "\n\n", style="bold red")
    program = outcome.program
    if result.written:
        applied = program.checkins_applied
        text.append(
            f"Revision {program.revision} of {result.path} from {applied} check-in{'s' if applied != 1 else ''}",
            style="bold",
        )
        text.append(
            f" (revision {result.previous.revision} is kept: kot show {result.path} --revision "
            f"{result.previous.revision}).\n"
        )
    else:
        text.append(f"No changes: keep following {result.path} (revision {result.previous.revision}).\n", style="bold")
    for note in outcome.notes:
        text.append(f"{note}\n")
    if result.library_changed and result.written:
        text.append("The exercise library changed since this plan was made; the coming weeks use the current one.\n")
    if outcome.changes:
        _changes(text, outcome.changes, program, result.path)
    return text + Text(f"Next: kot today {result.path}")


def _changes(text: Text, changes: Sequence[Change], program: Program, path: object) -> None:
    first = min(c.week for c in changes)
    upcoming = [c for c in changes if c.week == first]
    text.append(f"Week {first}:\n")
    week = program.weeks[first - 1]
    for change in grouped_changes(upcoming, week):
        text.append(f"- {change}\n")
    if len(changes) > len(upcoming):
        text.append(f"(the later weeks follow from these: kot show {path} --full shows them all)\n", style="dim")


def grouped_changes(changes: Sequence[Change], week: Week) -> list[str]:
    """One line per change of an exercise, the days named only when it is not the same on every day the
    exercise has that week."""
    days: dict[tuple[str, str, str, str], list[int]] = {}
    for c in changes:
        days.setdefault((c.exercise, c.name, c.before, c.after), []).append(c.day)
    lines = []
    for (fid, name, before, after), when in days.items():
        has = [s.day for s in week.sessions if any(i.exercise == fid for i in s.items)]
        if not after:
            has = when  # left out: it is in no session of the new week
        which = ""
        if sorted(when) != sorted(has):
            which = f" (day {when[0]})" if len(when) == 1 else f" (days {', '.join(map(str, when))})"
        lines.append(f"{name}: {before or 'new'} -> {after or 'left out'}{which}")
    return lines
