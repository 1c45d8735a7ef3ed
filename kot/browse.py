"""Browsing the library: filters, tables and file-shaped dumps for `kot exercises` and `kot goals`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kot import rules
from kot.errors import UsageError, did_you_mean
from kot.library import Library
from kot.model import Category, Equipment, ExerciseFamily, GoalTemplate, Program

T = TypeVar("T")
SCHEMA_MODELS = {"exercise": ExerciseFamily, "template": GoalTemplate, "program": Program}


def find(items: Mapping[str, T], key: str, what: str) -> T:
    """Look an id up; an unknown id is a usage error that suggests the nearest ones."""
    if key not in items:
        raise UsageError(f"Invalid value for 'ID': unknown {what} '{key}'{did_you_mean(key, items)}")
    return items[key]


def filter_families(library: Library, *, category: str | None = None, equipment: list[str] | None = None,
                    pain: int | None = None, goal: str | None = None) -> list[ExerciseFamily]:
    """Families matching every filter given; a family matches when one of its levels does."""
    if category is not None and category not in {c.value for c in Category}:
        raise UsageError(f"Invalid value for '--category': '{category}'{did_you_mean(category, [c.value for c in Category])}")
    if goal is not None:
        find(library.templates, goal, "goal")
    kit = rules.available_equipment(rules.parse_equipment(equipment)) if equipment else frozenset(Equipment)
    out = []
    for family in sorted(library.families.values(), key=lambda f: f.id):
        if category and family.category.value != category or goal and goal not in family.goals:
            continue
        levels = range(len(family.levels))
        if any(rules.level_block(family, i, pain if pain is not None else 0, kit) is None for i in levels):
            out.append(family)
    return out


def family_data(family: ExerciseFamily) -> dict[str, Any]:
    """A family in the field names of its file (defaults left out, so it reads like a hand-written file)."""
    return family.model_dump(mode="json", exclude_defaults=True)


def template_data(template: GoalTemplate) -> dict[str, Any]:
    return template.model_dump(mode="json", exclude_defaults=True)


def dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from kot.yamlio import dump_yaml

    return dump_yaml(data)


def as_file(data: dict[str, Any], kind: str) -> str:
    """YAML a coach can save and edit: the schema comment first, then the fields."""
    from kot.yamlio import dump_yaml

    return f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n" + dump_yaml(data)


def json_schema(kind: str) -> str:
    return json.dumps(SCHEMA_MODELS[kind].model_json_schema(), indent=2) + "\n"


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
        table.add_row(f.id, f.name, f.category.value, str(len(f.levels)), f"{min(pains)}-{max(pains)}", _kit(f))
    return table


def family_view(family: ExerciseFamily) -> RenderableType:
    head = Text(f"{family.name} ({family.id})\n", style="bold")
    head.append(f"{family.category.value} - trains {', '.join(family.trains)}\n")
    if family.description:
        head.append(family.description + "\n", style="dim")
    table = Table(title="Ladder, easiest first", title_justify="left", show_lines=True)
    for column in ("#", "level", "dose", "max pain", "equipment", "cues"):
        table.add_column(column, overflow="fold")
    for n, level in enumerate(family.levels, start=1):
        tags = [t for t in ("impact" if level.impact else "", level.load.value if level.load.value != "bodyweight" else "") if t]
        name = Text(f"{level.name}\n", style="bold")
        name.append(level.id + (f" ({', '.join(tags)})" if tags else ""), style="dim")
        table.add_row(str(n), name, rules.dosage_text(level.dosage), str(level.max_pain),
                      ", ".join(e.value for e in level.equipment) or "floor", "\n".join(level.cues))
    return Group(head, table)


def templates_table(templates: Iterable[GoalTemplate]) -> RenderableType:
    table = Table(title="Goals", title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("name", "weeks", "assumed pain", "description"):
        table.add_column(column)
    for t in templates:
        table.add_row(t.id, t.name, str(t.default_weeks), str(t.assumed_pain), t.description)
    return table


def template_view(template: GoalTemplate) -> RenderableType:
    head = Text(f"{template.name} ({template.id})\n", style="bold")
    head.append(template.description + "\n")
    head.append(f"Default {template.default_weeks} weeks; assumed pain {template.assumed_pain}/10; "
                f"plyometrics {'from week ' + str(template.plyometrics.earliest_week) if template.plyometrics.allowed else 'no'}\n")
    table = Table(title="Session slots (ground-up order)", title_justify="left")
    for column in ("block", "category", "prefer", "days", "core", "priority"):
        table.add_column(column)
    for s in template.slots:
        table.add_row(s.block, s.category.value, ", ".join(s.prefer), s.days, "yes" if s.core else "", str(s.priority))
    return Group(head, table)
