"""Browsing the library: lookups, filters, and the data and file forms of `kot exercises` and `kot goals`.

The tables live in kot.render.library; this module decides what is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kot import rules
from kot.errors import DataError, KotError, Problem, UsageError, did_you_mean
from kot.kinds import schema_name
from kot.library import Library
from kot.model import Category, Equipment, ExerciseFamily, GoalTemplate

T = TypeVar("T")


def find(items: Mapping[str, T], key: str, what: str, option: str | None = None) -> T:
    """Look an id up; an unknown id is a usage error that suggests the nearest ones."""
    if key not in items:
        raise UsageError(f"unknown {what} '{key}'{did_you_mean(key, items)}", option=option)
    return items[key]


def filter_families(
    library: Library,
    *,
    category: str | None = None,
    equipment: list[str] | None = None,
    pain: int | None = None,
    goal: str | None = None,
) -> list[ExerciseFamily]:
    """Families matching every filter given; a family matches when one of its levels does."""
    categories = [c.value for c in Category]
    if category is not None and category not in categories:
        raise UsageError(f"unknown category '{category}'{did_you_mean(category, categories)}", option="category")
    if goal is not None:
        find(library.templates, goal, "goal", option="goal")
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
    from kot.boundary import dump

    return dump(family, exclude_defaults=True)


def families_data(families: Iterable[ExerciseFamily]) -> list[dict[str, Any]]:
    return [family_data(f) for f in families]


def template_data(template: GoalTemplate) -> dict[str, Any]:
    """A goal template in the field names of its file."""
    from kot.boundary import dump

    return dump(template, exclude_defaults=True)


def templates_data(templates: Iterable[GoalTemplate]) -> list[dict[str, Any]]:
    return [template_data(t) for t in templates]


def family_file(family: ExerciseFamily, source: Path | None = None) -> str:
    """The family as a file to fork: its own file's text (comments, defaults and all) when it came from one."""
    return _source_text(source) if source else as_file(family_data(family), "exercise")


def template_file(template: GoalTemplate, source: Path | None = None) -> str:
    """The goal template as a file to fork, as `family_file`."""
    return _source_text(source) if source else as_file(template_data(template), "goal")


def _source_text(source: Path) -> str:
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KotError(f"{source}: cannot read it again ({exc})") from None
    refuse_hidden(text, source)
    return text


def refuse_hidden(text: str, source: Path) -> None:
    """A file printed or copied as it is holds no control character or bidirectional override, even in a
    comment (it may have changed since the library read it)."""
    from kot.plaintext import file_problems

    found = file_problems(text)
    if found:
        raise DataError([Problem(str(source), line, column, message=message) for line, column, message in found])


def as_file(data: dict[str, Any], kind: str) -> str:
    """YAML a coach can save and edit: the schema line first, then the fields."""
    from kot.yamlio import dump_yaml

    return f"# yaml-language-server: $schema=../schemas/{schema_name(kind)}\n" + dump_yaml(data)
