"""Which poses a plan's pictures are drawn from: each level the plan uses, looked up in the library.

Why a lookup and not a copy in the plan: a saved plan stays as small as it was, and a coach's corrected pose
shows in the next export. A level the library no longer has (or has without a pose) simply has no picture:
figures never stop an export.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kot.errors import KotError
from kot.pose import Pose


class Picture(NamedTuple):
    """What a renderer needs to draw one level."""

    pose: Pose
    knee_demand: str
    title: str


Key = tuple[str, str]  # (exercise family id, level id)


def for_program(program: Any, library: Any = None) -> dict[Key, Picture]:
    """The pictures of every level `program` uses; `library` defaults to the built-in one and KOT_LIBRARY."""
    try:
        if library is None:
            from kot.library import load_library

            library = load_library()
        wanted = {(item.exercise, item.level) for week in program.weeks for s in week.sessions for item in s.items}
        found: dict[Key, Picture] = {}
        for family_id, level_id in sorted(wanted):
            if family_id not in library.families:
                continue
            family = library.families[family_id]
            level = next((lv for lv in family.levels if lv.id == level_id), None)
            if level is not None and level.pose is not None:
                found[(family_id, level_id)] = Picture(level.pose, level.knee_demand.value, level.name)
        return found
    except KotError:
        return {}
