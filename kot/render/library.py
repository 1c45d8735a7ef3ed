"""Views of the library for the terminal: the family and goal tables of `kot exercises` and `kot goals`."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kot import rules
from kot.model import ExerciseFamily, GoalTemplate
from kot.render.view import clean, line


def _cells(*values: str | Text) -> list[Text]:
    """Table cells as plain text: a cue reading "[/]" prints as written, never as rich markup."""
    return [v if isinstance(v, Text) else Text(clean(v)) for v in values]


def _kit(family: ExerciseFamily) -> str:
    needed = sorted({e.value for level in family.levels for e in level.equipment})
    return ", ".join(needed) or "floor"


def families_table(families: Iterable[ExerciseFamily]) -> RenderableType:
    table = Table(title="Exercise families", title_justify="left")
    table.add_column("id", no_wrap=True)  # ids are what a coach types: never cut them
    table.add_column("name", overflow="fold")
    table.add_column("category", no_wrap=True)
    table.add_column("levels", justify="right")
    table.add_column("pain", justify="right")
    table.add_column("equipment", overflow="fold")
    for f in families:
        pains = [level.max_pain for level in f.levels]
        table.add_row(
            *_cells(f.id, line(f.name), f.category.value, str(len(f.levels)), f"{min(pains)}-{max(pains)}", _kit(f))
        )
    return table


def family_view(family: ExerciseFamily) -> RenderableType:
    head = Text(f"{line(family.name)} ({family.id})\n", style="bold")
    head.append(f"{family.category.value} - trains {', '.join(family.trains)}\n")
    if family.description:
        head.append(clean(family.description) + "\n", style="dim")
    table = Table(title="Ladder, easiest first", title_justify="left", show_lines=True)
    for column in ("#", "level", "dose", "max pain", "equipment", "cues"):
        table.add_column(column, overflow="fold")
    for n, level in enumerate(family.levels, start=1):
        tags = [
            t
            for t in ("impact" if level.impact else "", level.load.value if level.load.value != "bodyweight" else "")
            if t
        ]
        name = Text(f"{line(level.name)}\n", style="bold")
        name.append(level.id + (f" ({', '.join(tags)})" if tags else ""), style="dim")
        table.add_row(
            *_cells(
                str(n),
                name,
                rules.dosage_text(level.dosage),
                str(level.max_pain),
                ", ".join(e.value for e in level.equipment) or "floor",
                "\n".join(line(c) for c in level.cues),
            )
        )
    return Group(head, table)


def templates_table(templates: Iterable[GoalTemplate]) -> RenderableType:
    table = Table(title="Goals", title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("name", "weeks", "assumed pain", "description"):
        table.add_column(column)
    for t in templates:
        table.add_row(*_cells(t.id, line(t.name), str(t.default_weeks), str(t.assumed_pain), t.description))
    return table


def _plyometrics(template: GoalTemplate) -> str:
    return f"from week {template.plyometrics.earliest_week}" if template.plyometrics.allowed else "no"


def _extras(template: GoalTemplate) -> list[str]:
    """The condition-goal fields, a line each (daily families, gates, steps, daily practice, retests)."""
    out = []
    if template.daily_families:
        out.append(f"Allowed every day: {', '.join(template.daily_families)}")
    for g in template.stage_gates:
        out.append(
            f"Stage gate {g.id}: {', '.join(c.value for c in g.unlocks)} from week {g.from_week}, after "
            f"{g.weeks} weeks in a row at pain {g.max_pain}/10 or less"
        )
    if t := template.daily_steps_target:
        out.append(f"Daily steps: {t.start:,} growing {t.weekly_growth:.0%} a week toward {t.target:,}")
    if p := template.daily_practice:
        low, high = p.minutes
        weekly = f"; aiming at {p.weekly_minutes} minutes a week" if p.weekly_minutes else ""
        out.append(f"Daily practice: {', '.join(p.families)}, {low}-{high} minutes on the other days{weekly}")
    if r := template.retest_weeks:
        out.append(f"Retest every {r.every} weeks: {', '.join(r.tests)}")
    return [line(text) for text in out]


def template_view(template: GoalTemplate) -> RenderableType:
    head = Text(f"{line(template.name)} ({template.id})\n", style="bold")
    head.append(clean(template.description) + "\n")
    head.append(
        f"Default {template.default_weeks} weeks; assumed pain {template.assumed_pain}/10; "
        f"plyometrics {_plyometrics(template)}\n"
    )
    for text in _extras(template):
        head.append(text + "\n")
    table = Table(title="Session slots (ground-up order)", title_justify="left")
    for column in ("block", "category", "prefer", "days", "core", "priority"):
        table.add_column(column)
    for s in template.slots:
        table.add_row(
            *_cells(s.block, s.category.value, ", ".join(s.prefer), s.days, "yes" if s.core else "", str(s.priority))
        )
    return Group(head, table)
