"""What a condition goal adds around its sessions: stage gates, daily families and practice, a daily steps
target, the weekly balance minutes and the retest weeks (clinical.md, decisions 4, 5 and 9; B-E).

Pure, and separate from the generator's own steps so each of these is a small rule a test can call alone:
the generator asks here which weeks unlock gated work, and what to say about the days between sessions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from kot import rules, wording
from kot.catalog import Families
from kot.model import RETEST_IDS, Category, ExerciseFamily, GateState, GoalTemplate, PainBand, Slot, Week
from kot.rules import Rule, why
from kot.schedule import Candidate, Placement
from kot.values import replace

# --- stage gates ----------------------------------------------------------------------------------------


def gated(template: GoalTemplate, opened: Mapping[str, int]) -> dict[Category, int | None]:
    """Each category a gate holds back, and the week it may start (None: the gate is closed)."""
    out: dict[Category, int | None] = {}
    for gate in template.stage_gates:
        start = opened.get(gate.id)
        for category in gate.unlocks:
            out[category] = None if start is None else max(start, gate.from_week)
    return out


def jumps_from(template: GoalTemplate, band: PainBand, weeks: int, opened: Mapping[str, int]) -> int | None:
    """The first week of jumping: the usual rule (green band, goals that allow it, never before week 3),
    and, when a gate holds jumps back, not before the week the diary opened it. A closed gate: no jumps."""
    first = rules.plyometrics_from(template, band, weeks)
    hold = gated(template, opened)
    if first is None or Category.plyometric not in hold:
        return first
    start = hold[Category.plyometric]
    return None if start is None or start > weeks else max(first, start)


def hold_back(plan: list[list[Placement]], template: GoalTemplate, opened: Mapping[str, int]) -> None:
    """Placements of gated categories wait for their gate: left out while it is closed, from its week on
    once the diary has opened it (jumps are held back by `jumps_from` already)."""
    hold = gated(template, opened)
    for day in plan:
        for n, p in reversed(list(enumerate(day))):
            category = p.candidate.family.category
            if category not in hold or category is Category.plyometric:
                continue
            start = hold[category]
            if start is None:
                del day[n]
            else:
                day[n] = replace(p, from_week=max(p.from_week, start))


def gate_condition(template: GoalTemplate, gate_id: str) -> str:
    """When a gate opens, in plain words (printed with the plan: a static plan never crosses it)."""
    gate = next(g for g in template.stage_gates if g.id == gate_id)
    text = (
        f"From week {gate.from_week}, when {_count(gate.weeks)} weeks in a row every session is done in full with "
        f"pain {gate.max_pain}/10 or less during it and settled by the next morning"
    )
    green = " (at pain 0-2 only)" if Category.plyometric in gate.unlocks else ""
    text = f"{text}: {gate.name}{green}. kot next adds it once your check-ins show it."
    if gate.check:  # the diary cannot see this check: the person does it before the first session of the work
        text += f"{BEFORE_FIRST}check that {gate.check}; if not, leave it out and check in the pain."
    return text


BEFORE_FIRST = " Before its first session, "  # a gate's own check, in its condition (kot.gates repeats it)


def gate_states(template: GoalTemplate, opened: Mapping[str, int]) -> list[GateState]:
    return [
        GateState(
            id=g.id,
            name=g.name,
            from_week=g.from_week,
            condition=gate_condition(template, g.id),
            max_pain=g.max_pain,
            weeks=g.weeks,
            opened_week=opened.get(g.id),
        )
        for g in template.stage_gates
    ]


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four"}.get(n, str(n))


# --- slot tempo -------------------------------------------------------------------------------------------


def at_slot_tempo(slot: Slot, pool: list[Candidate]) -> list[Candidate]:
    """A slot's tempo on every level of its candidates counted in reps (tendon work: 3 s down, 3 s up, heavy
    or not; clinical.md, decision 3), so the dose, the time and the printed tempo all follow it."""
    if slot.tempo is None:
        return pool
    out = []
    for c in pool:
        levels = [
            replace(lv, dosage=replace(lv.dosage, tempo=slot.tempo)) if lv.dosage.reps is not None else lv
            for lv in c.family.levels
        ]
        note = why(Rule.slot, f"every rep at tempo {slot.tempo}, as this goal asks")
        out.append(replace(c, family=replace(c.family, levels=levels), notes=(*c.notes, note)))
    return out


# --- daily steps ------------------------------------------------------------------------------------------


def daily_steps(template: GoalTemplate, grown: int) -> int | None:
    """The steps a day after `grown` working weeks: the start, about `weekly_growth` more each, in hundreds, up
    to the target (knee osteoarthritis: toward 6,000, White 2014)."""
    target = template.daily_steps_target
    if target is None:
        return None
    steps = target.start * (1 + target.weekly_growth) ** grown
    return min(target.target, int(round(steps / 100)) * 100)


def with_steps(weeks: Sequence[Week], template: GoalTemplate) -> list[Week]:
    """The weeks with their daily steps target (weeks already done keep theirs). Like every dose, the steps
    grow in working weeks only: a consolidation or lighter week repeats the week before."""
    out = []
    grown = 0
    for w in weeks:
        if w.number > 1 and not (w.deload or w.consolidate):
            grown += 1
        if w.daily_steps is None and template.daily_steps_target is not None:
            w = replace(w, daily_steps=daily_steps(template, grown))
        out.append(w)
    return out


# --- the days between sessions ----------------------------------------------------------------------------


def between_sessions(template: GoalTemplate, families: Families, days: int) -> list[str]:
    """What the plan says about the days without a session: the families allowed every day, and the
    goal's daily practice."""
    lines = []
    daily = [families.get(fid) for fid in template.daily_families]
    names = [f.name for f in daily if f is not None]
    if names:
        lines.append(
            f"{_join(names)}: allowed every day, on the days without a session too, at the level and dose of "
            "your last session."
        )
    practice = template.daily_practice
    other = 7 - days
    if practice is not None and other > 0:
        low, high = practice.minutes
        what = _join([f.name.lower() for f in (families.get(fid) for fid in practice.families) if f is not None])
        lines.append(
            f"On the {other} day{'s' if other > 1 else ''} without a session: {wording.span(low, high)} minutes of "
            f"practice ({what}), at the levels of your last session, with a wall within reach."
        )
    return lines


def practice_minutes(template: GoalTemplate, families: Families, week: Week, days: int) -> tuple[int, int, int]:
    """Minutes a week of the daily practice's kind of work (the categories of its families): in the
    sessions, and the low and high of the practice on the other days."""
    practice = template.daily_practice
    if practice is None:
        return 0, 0, 0
    kinds = {f.category for f in (families.get(fid) for fid in practice.families) if f is not None}
    seconds = sum(
        rules.session_seconds([rules.Dose(i.sets, i.reps, i.seconds, i.per_side, i.tempo, i.rest_seconds)])
        for s in week.sessions
        for i in s.items
        if i.category in kinds
    )
    other = max(0, 7 - days)
    low, high = practice.minutes
    return math.ceil(seconds / 60), low * other, high * other


def weekly_minutes_notes(
    template: GoalTemplate, families: Families, first: Week | None, days: int, minutes: int
) -> list[str]:
    """The weekly minutes of the practised work the plan gives, and, when the time asked for cannot reach the
    goal's weekly minutes, a line that says so (clinical.md D: 3 x 20 minutes cannot reach 3 hours of
    balance work)."""
    practice = template.daily_practice
    if practice is None or first is None:
        return []
    in_sessions, low, high = practice_minutes(template, families, first, days)
    kinds = {f.category for f in (families.get(fid) for fid in practice.families) if f is not None}
    what = "balance work" if kinds == {Category.balance} else "this practice"
    text = f"{what[0].upper() + what[1:]}: about {in_sessions} minutes a week in the sessions"
    text += f" and {wording.span(low, high)} in daily practice." if high else "."
    notes = [text]
    target = practice.weekly_minutes
    if target and in_sessions + high < target:
        who = "The falls-prevention trials that worked best" if what == "balance work" else "This goal"
        practice_words = " and the daily practice" if high else ""  # none with a session every day
        closer = (
            "Longer daily practice, or a weekly class such as Tai Chi, gets closer."
            if high
            else "A weekly class such as Tai Chi gets closer."
        )
        notes.append(
            f"{who} used about {target} minutes of {what} a week; {days} session{'s' if days > 1 else ''} of "
            f"{minutes} minutes{practice_words} reach about {in_sessions + high}. {closer}"
        )
    return notes


# --- retests ----------------------------------------------------------------------------------------------


def retest_weeks(template: GoalTemplate, weeks: int) -> list[int]:
    """The weeks to retest in: every `every` weeks of the plan (clinical.md, decision 9)."""
    if template.retest_weeks is None:
        return []
    every = template.retest_weeks.every
    return list(range(every, weeks + 1, every))


def retest_tests(template: GoalTemplate) -> list[str]:
    return list(template.retest_weeks.tests) if template.retest_weeks else []


def retest_line(weeks: Sequence[int], tests: Sequence[str]) -> str:
    """'Retest in weeks 4, 8 and 12: 30-second chair stand, single-leg stance.'"""
    if not weeks:
        return ""
    when = _join([str(w) for w in weeks])
    names = ", ".join(RETEST_IDS.get(t, t) for t in tests)
    return f"Retest in week{'s' if len(weeks) > 1 else ''} {when}: {names}."


def item_why(template: GoalTemplate, family: ExerciseFamily, jumps: int | None) -> list[str]:
    """The `why` entries a goal's daily families and stage gates add to an item."""
    out = []
    if family.id in template.daily_families:
        out.append(why(Rule.daily_family, "this goal allows it every day, on the days without a session too"))
    for gate in template.stage_gates:
        if family.category in gate.unlocks:
            out.append(why(Rule.stage_gate, f"{gate.name}: the diary showed gate '{gate.id}' met"))
    return out


def _join(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
