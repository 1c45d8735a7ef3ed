"""Plain-text pieces every renderer shares, so a dose reads the same in a table, markdown and CSV."""

from __future__ import annotations

from kot import rules
from kot.model import Item, Program


def dose(item: Item) -> str:
    """'2 x 15', '3 x 30 s', '1 x 5 min', with '/side' where each side does the set."""
    return rules.dose_text(item.sets, item.reps, item.seconds, False) + ("/side" if item.per_side else "")


def rest(item: Item) -> str:
    return rules.amount_text(None, item.rest_seconds) if item.rest_seconds else "-"


def level_label(item: Item) -> str:
    return f"{item.level_number}: {item.name}"


def header_line(program: Program) -> str:
    i = program.inputs
    return (
        f"{program.goal_name} - {i.weeks} week{'s' if i.weeks != 1 else ''}, {i.days} day{'s' if i.days != 1 else ''}"
        f" a week, up to {i.minutes} min a session, starting {i.level.value}"
    )


def pain_line(program: Program) -> str:
    i = program.inputs
    assumed = " (assumed)" if program.pain_assumed else ""
    return f"Pain {i.pain}/10{assumed}: {program.pain_band.value} band"


def week_heading(number: int, phase: str, deload: bool, consolidate: bool = False) -> str:
    if deload:
        return f"Week {number} - {phase} - DELOAD (lighter week)"
    if consolidate:
        return f"Week {number} - {phase} - CONSOLIDATE (same as last week)"
    return f"Week {number} - {phase}"
