"""Check-in views for the terminal: the history table and the pain/volume trend as bar charts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kot.checkins import Progress, Simulation
from kot.diary import CheckIn

BAR = 20


def _pain_style(pain: int) -> str:
    return "green" if pain <= 3 else "yellow" if pain <= 5 else "red"


def _bar(value: float, top: float, style: str) -> Text:
    filled = round(BAR * value / top) if top else 0
    return Text("#" * filled, style=style) + Text("." * (BAR - filled), style="dim")


def history_table(checkins: Sequence[CheckIn], *, show_plan: bool = True) -> RenderableType:
    table = Table(title="Check-ins", title_justify="left")
    columns = ["plan"] * show_plan + [
        "week",
        "day",
        "status",
        "during",
        "next morning",
        "exercises",
        "symptoms",
        "note",
    ]
    for column in columns:
        table.add_column(column)
    for c in checkins:
        skipped = c.status == "skipped"
        row = [c.plan_id] * show_plan + [
            str(c.week),
            str(c.day),
            c.status,
            "-" if skipped else f"{c.during}/10",
            "-" if c.next_morning is None else f"{c.next_morning}/10",
            ", ".join(f"{k} {v}/10" for k, v in c.exercises.items()),
            ", ".join(c.symptoms),
            c.note or "",
        ]
        table.add_row(*row)
    return table


def progress_view(progress: Progress) -> RenderableType:
    """Pain during and next morning per session, weekly volume planned vs done, then the summary."""
    checkins, weeks, summary = progress.checkins, progress.weeks, progress.summary
    pain = Table(title="Pain per session (0-10)", title_justify="left", box=None, pad_edge=False)
    for column in ("session", "during", "", "next morning", ""):
        pain.add_column(column)
    for c in checkins:
        morning = c.next_morning
        pain.add_row(
            f"W{c.week} D{c.day}" + (" (missed)" if c.status == "skipped" else ""),
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
    return Group(pain, Text(""), volume, Text(""), lines)


def simulation_view(simulation: Simulation) -> RenderableType:
    """What each week's response would change, in order, and where the plan ends up."""
    weeks, final = simulation.weeks, simulation.final
    table = Table(title="Simulated weeks", title_justify="left", show_lines=True)
    for column in ("week", "response", "verdict", "what changes next"):
        table.add_column(column)
    style = {"progress": "green", "hold": "yellow", "regress": "red", "stop": "bold red"}
    for w in weeks:
        upcoming = [c for c in w.changes if c.startswith(f"week {w.week + 1} ") or w.verdict == "stop"]
        later = len(w.changes) - len(upcoming)
        quiet = {
            "progress": "as planned",
            "hold": "nothing to hold back: the next week is no harder",
            "regress": "already at the lowest dose",
            "stop": "",
        }
        text = "\n".join(upcoming) or (quiet[w.verdict] if not w.changes else "")
        if later:
            text += f"\n(+{later} later prescriptions follow from this)"
        table.add_row(str(w.week), w.response, Text(w.verdict, style=style[w.verdict]), text)
    end = final.weeks[-1]
    levels = ", ".join(f"{i.family_name} L{i.level_number}" for i in end.sessions[0].items)
    return Group(table, Text(f"Week {end.number} day 1 would be: {levels}", style="bold"))
