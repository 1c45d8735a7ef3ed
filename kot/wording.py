"""Plain words for a dose and a duration, shared by the core (the change lines of an adapted plan) and every
renderer, so a dose reads the same everywhere.

Why not in kot.render: the adaptation rules describe what they changed in these words, and the core never
imports a renderer.
"""

from __future__ import annotations

from kot.model import Item


def duration(seconds: int) -> str:
    """90 -> '90 s', 300 -> '5 min', 150 -> '2.5 min'."""
    if seconds >= 120 and seconds % 30 == 0:
        minutes = seconds / 60
        return f"{minutes:g} min"
    return f"{seconds} s"


def dose(item: Item) -> str:
    """'2 x 15', '3 x 30 s', '1 x 5 min', with '/side' where each side does the set."""
    amount = str(item.reps) if item.reps is not None else duration(item.seconds or 0)
    return f"{item.sets} x {amount}" + ("/side" if item.per_side else "")
