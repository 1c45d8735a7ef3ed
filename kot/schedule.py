"""Which exercise families fill which sessions of the week: candidates per slot, then their placement.

Pure. Main exercises repeat across the week (a level step then comes after four or more exposures), no
family is done more than three days a week unless the template says so, and knee strength work and Nordic
curls never land on consecutive days.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from kot import rules
from kot.catalog import Families
from kot.model import (
    Category,
    Equipment,
    ExerciseFamily,
    GoalTemplate,
    PainBand,
    Slot,
    SlotDays,
    StartLevel,
)
from kot.rules import Rule, why
from kot.values import field, record

WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@record(frozen=True)
class Candidate:
    """A family that can fill a slot, the rung it starts on, and the rules that chose it."""

    family: ExerciseFamily
    start: int
    notes: tuple[str, ...]


@record(frozen=True)
class Placement:
    """One family in one session, from the week it first appears there (jumps, ramps)."""

    slot_index: int
    slot: Slot
    candidate: Candidate
    from_week: int


@record(frozen=True)
class Setting:
    """What the schedule needs to know about the person and the plan."""

    template: GoalTemplate
    band: PainBand
    pain: int
    level: StartLevel
    kit: frozenset[Equipment]
    days: int
    weeks: int
    jumps_from: int | None
    placed: Mapping[str, tuple[int, str]] = field(default_factory=dict)  # family -> (rung, why): kot assess


# More candidates than a slot can use in a week of 7 days, with room for those a day cannot take (already
# there, weekly limit reached, spaced): a large library's other families are never built.
MAX_POOL = 16


def slot_candidates(slot: Slot, families: Families, setting: Setting) -> tuple[list[Candidate], list[str]]:
    """Families that can fill a slot, preferred ones first, substitutes in place of those that cannot, at
    most MAX_POOL of them; and plain-words notes on preferred families left out (missing kit, pain)."""
    template = setting.template
    ordered: list[tuple[str, str]] = [(fid, "") for fid in slot.prefer]
    others = families.ids(slot.category, template.id)
    ordered += [(fid, "") for fid in others if fid not in slot.prefer]
    out: list[Candidate] = []
    left_out: list[str] = []
    seen: set[str] = set()
    while ordered and len(out) < MAX_POOL:
        fid, via = ordered.pop(0)
        family = families.get(fid)
        if family is None or fid in seen:
            continue
        seen.add(fid)
        if fid in setting.placed:
            start, note = _placed(family, setting)
            if start is not None:
                out.append(Candidate(family, start, tuple(n for n in (via, note) if n)))
                continue
        if rules.LEVEL_ORDER[family.experience] > rules.LEVEL_ORDER[setting.level]:
            continue
        if not rules.serves_goal(family, template, slot):
            continue
        jumps = slot.category is Category.plyometric
        start, note = rules.start_rung(family, setting.level, setting.pain, setting.kit, double_leg_only=jumps)
        if start is None:
            if fid in slot.prefer[:1] and note is not None:
                left_out.append(f"{family.name} ({note})")
            subs = [
                (sub, why(Rule.substitute, f"in place of {family.name}, which {note or 'does not fit'}"))
                for sub in family.substitutes
            ]
            ordered[0:0] = subs
            continue
        out.append(Candidate(family, start, tuple(n for n in (via, note) if n)))
    return out, left_out


def _placed(family: ExerciseFamily, setting: Setting) -> tuple[int | None, str]:
    """The rung a placement test gave, capped as a test's placement is (kot.placement.cap), and stepped down
    for missing kit, never up."""
    from kot.placement import cap

    rung, reason = setting.placed[family.id]
    placed, why_lower = cap(family, rung, setting.pain, setting.kit)
    if placed is None:
        return None, ""
    text = f"placed by the assessment: level {placed} of {len(family.levels)} ({reason})"
    if placed < rung:
        text += f"; not level {rung}: {why_lower[-1]}"
    return placed - 1, why(Rule.placed, text)


def calendar_days(days: int) -> list[int]:
    """Sessions spread evenly over a 7-day week (3 days -> Mon, Wed, Fri as 0, 2, 4)."""
    return [i * 7 // days for i in range(days)]


def adjacent(a: int, b: int) -> bool:
    """Consecutive calendar days, Sunday to Monday included."""
    return abs(a - b) in (1, 6)


def knee_sessions(days: int, template: GoalTemplate) -> set[int]:
    """Which sessions carry knee strength work: up to the template's maximum, as far apart on the calendar
    as they can be (48 h between knee sessions where the week allows, as in KA Zero's Mon-Wed-Fri)."""
    count = max(1, min(days, template.knee_days.max))
    cal = calendar_days(days)

    def closest(combo: tuple[int, ...]) -> int:
        marks = [cal[i] for i in combo]
        return min([b - a for a, b in zip(marks, marks[1:], strict=False)] + [7 - marks[-1] + marks[0]])

    return set(max(itertools.combinations(range(days), count), key=lambda c: (closest(c), [-i for i in c])))


def slot_days(slot: Slot, days: int, knee: set[int]) -> list[int]:
    if slot.days is SlotDays.knee:
        return [d for d in range(days) if d in knee]
    if slot.days is SlotDays.light:
        return [d for d in range(days) if d not in knee]
    return list(range(days))


def place(slots: list[Slot], pools: list[list[Candidate]], setting: Setting) -> list[list[Placement]]:
    """A family for each slot on each of its days. Main slots repeat their first family as often as its
    weekly limit allows, spreading the rest over as few families as needed; rotating slots vary by day."""
    template, days = setting.template, setting.days
    knee = knee_sessions(days, template)
    cal = calendar_days(days)
    plan: list[list[Placement]] = [[] for _ in range(days)]
    count: dict[str, int] = {}
    where: dict[str, list[int]] = {}
    for si, slot in enumerate(slots):
        pool = pools[si]
        if not pool or slot.category is Category.plyometric and setting.jumps_from is None:
            continue
        wanted = slot_days(slot, days, knee)
        varied = slot.category is Category.plyometric and rules.varied_jumps(setting.level, setting.weeks)
        if slot.rotate or varied:
            order = pool
        else:
            caps = [rules.weekly_cap(c.family, template, setting.band) for c in pool]
            need = next((k for k in range(1, len(pool) + 1) if sum(caps[:k]) >= len(wanted)), len(pool))
            order = pool[:need] + pool[need:]
            pool = pool[:need]
        in_pool = {c.family.id for c in pool}
        for n, day in enumerate(wanted):
            ranked = [pool[(n + k) % len(pool)] for k in range(len(pool))] + [
                c for c in order if c.family.id not in in_pool
            ]
            for cand in ranked:
                fam = cand.family
                if any(p.candidate.family.id == fam.id for p in plan[day]):
                    continue
                if count.get(fam.id, 0) >= rules.weekly_cap(fam, template, setting.band):
                    continue
                if rules.spaced(fam) and any(adjacent(cal[d], cal[day]) for d in where.get(fam.id, [])):
                    continue
                exposure = count.get(fam.id, 0)
                first = _first_week(fam, slot, exposure, setting)
                if varied:  # each further jump family joins two weeks after the one before it
                    rank = next((i for i, c in enumerate(pool) if c.family.id == fam.id), 0)
                    first += rules.DOUBLE_LEG_WEEKS * rank
                plan[day].append(Placement(si, slot, cand, first))
                count[fam.id] = exposure + 1
                where.setdefault(fam.id, []).append(day)
                break
    return plan


def _first_week(family: ExerciseFamily, slot: Slot, exposure: int, setting: Setting) -> int:
    """The week a family's n-th session of the week begins: jumps from their first week; a ramp (Nordic
    curls: one session in week 1, then two) adds sessions week by week."""
    start = setting.jumps_from or 1 if slot.category is Category.plyometric else 1
    if family.ramp:
        start += next((w for w, n in enumerate(family.ramp) if n > exposure), len(family.ramp))
    return start


def spread_text(days: int) -> str:
    """'Mon, Wed, Fri': an example of the spread the schedule assumes."""
    return ", ".join(WEEKDAY_NAMES[d] for d in calendar_days(days))
