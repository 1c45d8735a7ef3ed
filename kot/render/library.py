"""Views of the library for the terminal: the family and goal tables of `kot exercises` and `kot goals`."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.text import Text

from kot import wording
from kot.model import ExerciseFamily, GoalTemplate, Slot
from kot.render.fit import Fitted, light_table, record, stacked
from kot.render.view import clean, line


def _cells(*values: str | Text) -> list[Text]:
    """Table cells as plain text: a cue reading "[/]" prints as written, never as rich markup."""
    return [v if isinstance(v, Text) else Text(clean(v)) for v in values]


def _kit(family: ExerciseFamily) -> str:
    needed = sorted({e.value for level in family.levels for e in level.equipment})
    return ", ".join(needed) or "floor"


def families_table(families: Iterable[ExerciseFamily]) -> RenderableType:
    families = list(families)
    table = light_table("Exercise families")
    table.add_column("id", no_wrap=True)  # ids are what a coach types: never cut them
    table.add_column("name")
    table.add_column("category", no_wrap=True)
    table.add_column("levels", justify="right")
    table.add_column("pain", justify="right")
    table.add_column("equipment")
    rows = []
    for f in families:
        pains = [level.max_pain for level in f.levels]
        rows.append((f.id, line(f.name), f.category.value, str(len(f.levels)), f"{min(pains)}-{max(pains)}", _kit(f)))
        table.add_row(*_cells(*rows[-1]))

    def stacked_view() -> RenderableType:
        records = [
            record(
                Text(fid, style="bold"),
                [("", Text(clean(f"{name} · {category} · {levels} levels, pain {pain} · {kit}")))],
            )
            for fid, name, category, levels, pain, kit in rows
        ]
        return stacked("Exercise families", records)

    return Fitted(table, stacked_view)


def _level_tags(level) -> str:  # noqa: ANN001 - a LadderLevel
    tags = [
        t for t in ("impact" if level.impact else "", level.load.value if level.load.value != "bodyweight" else "") if t
    ]
    return f" ({', '.join(tags)})" if tags else ""


def family_view(family: ExerciseFamily) -> RenderableType:
    head = Text(f"{line(family.name)} ({family.id})\n", style="bold")
    head.append(f"{family.category.value} - trains {', '.join(family.trains)}\n")
    if family.description:
        head.append(clean(family.description) + "\n", style="dim")
    table = light_table("Ladder, easiest first")
    table.add_column("#", justify="right")
    for column in ("level", "dose", "max pain", "equipment", "cues"):
        table.add_column(column)
    for n, level in enumerate(family.levels, start=1):
        name = Text(f"{line(level.name)}\n", style="bold")
        name.append(level.id + _level_tags(level), style="dim")
        table.add_row(
            *_cells(
                str(n),
                name,
                wording.dosage_text(level.dosage),
                str(level.max_pain),
                ", ".join(e.value for e in level.equipment) or "floor",
                "\n".join(line(c) for c in level.cues),
            )
        )
        table.add_section()

    def stacked_view() -> RenderableType:
        records = []
        for n, level in enumerate(family.levels, start=1):
            fields: list[tuple[str, str | Text]] = [
                ("id", level.id + _level_tags(level)),
                ("dose", f"{wording.dosage_text(level.dosage)}; max pain {level.max_pain}"),
                ("equipment", ", ".join(e.value for e in level.equipment) or "floor"),
            ]
            fields += [("", Text(f"- {line(c)}")) for c in level.cues]
            records.append(record(Text(f"{n}. {line(level.name)}", style="bold"), [(k, _plain(v)) for k, v in fields]))
        return stacked("Ladder, easiest first", records)

    return Group(head, Fitted(table, stacked_view))


def _plain(value: str | Text) -> Text:
    return value if isinstance(value, Text) else Text(clean(value))


def templates_table(templates: Iterable[GoalTemplate]) -> RenderableType:
    templates = list(templates)
    table = light_table("Goals")
    table.add_column("id", no_wrap=True)
    for column in ("name", "weeks", "assumed pain", "description"):
        table.add_column(column)
    for t in templates:
        table.add_row(*_cells(t.id, line(t.name), str(t.default_weeks), str(t.assumed_pain), t.description))

    def stacked_view() -> RenderableType:
        records = [
            record(
                Text(t.id, style="bold"),
                [
                    ("", _plain(f"{line(t.name)} · {t.default_weeks} weeks · assumed pain {t.assumed_pain}")),
                    ("", _plain(line(t.description))),
                ],
            )
            for t in templates
        ]
        return stacked("Goals", records)

    return Fitted(table, stacked_view)


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
    title = "Session slots (ground-up order)"
    table = light_table(title)
    for column in ("block", "category", "prefer", "days", "core", "priority"):
        table.add_column(column)
    for s in template.slots:
        table.add_row(
            *_cells(s.block, s.category.value, ", ".join(s.prefer), _days(s), "yes" if s.core else "", str(s.priority))
        )

    def stacked_view() -> RenderableType:
        records = [
            record(
                Text(f"{s.block.value}: {s.category.value}", style="bold"),
                [
                    ("prefer", _plain(", ".join(s.prefer) or "-")),
                    ("", _plain(f"days: {_days(s)}{' · core' if s.core else ''} · priority {s.priority}")),
                ],
            )
            for s in template.slots
        ]
        return stacked(title, records)

    return Group(head, Fitted(table, stacked_view))


def _days(slot: Slot) -> str:
    """A slot's days, and the pain it is kept to when it names bands ('knee, pain 0-4')."""
    if slot.bands is None:
        return slot.days.value
    spans: list[list[int]] = []
    for low, high in sorted(wording.BAND_PAIN[b] for b in set(slot.bands)):
        if spans and spans[-1][1] + 1 == low:  # neighbouring bands make one span
            spans[-1][1] = high
        else:
            spans.append([low, high])
    return f"{slot.days.value}, pain {', '.join(f'{low}-{high}' for low, high in spans)}"
