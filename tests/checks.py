"""Checks of a finished program against every decision of domain.md that can be read off it.

Shared by the property tests and the scenario tests. Each check is written from the decision, not from the
generator's code.
"""

from __future__ import annotations

from collections import defaultdict

from hypothesis import strategies as st

from kot import rules
from kot.boundary import dump, validate
from kot.generator import PlanRequest
from kot.library import load_library
from kot.model import (
    BLOCK_ORDER,
    CATEGORY_ORDER,
    KNEE_CATEGORIES,
    Block,
    Category,
    Contraction,
    Equipment,
    KneeDemand,
    Load,
    PainBand,
    Program,
    StartLevel,
)
from kot.rules import Rule
from kot.schedule import adjacent, calendar_days
from kot.values import plain

LIBRARY = load_library(use_env=False)
GOALS = sorted(LIBRARY.templates)
EQUIPMENT = [e.value for e in Equipment] + ["none"]

requests = st.builds(
    PlanRequest,
    goal=st.sampled_from(GOALS),
    pain=st.one_of(st.none(), st.integers(0, 6)),
    weeks=st.one_of(st.none(), st.integers(1, 52)),
    days=st.integers(1, 7),
    minutes=st.integers(10, 180),
    equipment=st.lists(st.sampled_from(EQUIPMENT), max_size=6, unique=True).map(tuple),
    level=st.sampled_from(list(StartLevel)),
)


# --- helpers: read a program the way a coach would -----------------------------------------------------


def symptom_modifying(level) -> bool:
    """Orange-band knee work as domain.md 3.6 #3 defines it, written out here rather than asking the rule
    the generator itself uses: no impact, and low knee flexion, an isometric, or a short hold at most
    moderately deep."""
    if level.impact:
        return False
    shallow = level.knee_demand in (KneeDemand.none, KneeDemand.low)
    hold = level.dosage.seconds is not None and level.knee_demand is KneeDemand.moderate
    return shallow or level.contraction is Contraction.isometric or hold


def per_family(week) -> dict[str, object]:
    """Each family's prescription in a week (the same in every session of the week)."""
    found: dict[str, object] = {}
    for session in week.sessions:
        for item in session.items:
            key = (item.level, item.sets, item.reps, item.seconds)
            if item.exercise in found:
                other = found[item.exercise]
                assert (other.level, other.sets, other.reps, other.seconds) == key, (
                    f"{item.exercise} differs within week {week.number}"
                )
            found[item.exercise] = item
    return found


def level_of(item):
    return LIBRARY.families[item.exercise].levels[item.level_number - 1]


def amount(item) -> int:
    return item.reps if item.reps is not None else item.seconds


def units(item) -> float:
    return rules.work_units(item)


def kind_expected(program: Program, number: int) -> str:
    template = LIBRARY.templates[program.inputs.goal]
    every = template.progression.deload_every_weeks
    weeks = program.inputs.weeks
    if program.pain_band is PainBand.orange and number <= 2:
        return "settle"
    if number % every:
        return "normal"
    if program.pain_band is PainBand.green:
        return "deload" if weeks >= 6 and number != weeks else "normal"
    return "consolidate"


# --- the checks ----------------------------------------------------------------------------------------


def check_program(program: Program, request: PlanRequest) -> None:
    """Every decision of domain.md that can be read off a finished program."""
    check_valid_model(program)
    check_safety(program, request)
    check_order_and_numbers(program)
    check_week_kinds(program)
    check_progression(program)
    check_caps_and_spacing(program)
    check_composition(program, request)
    check_time(program)
    check_explained(program)


def check_valid_model(program: Program) -> None:
    """The generator makes its models without validating them (start-up time): what it made must pass the
    schema a saved plan is read back with, and kot's JSON of it must be pydantic's, byte for byte."""
    data = plain(program)
    assert data == dump(program), "the plain walk writes what pydantic would"
    assert validate(Program, data) == program, "a plan reads back as the value it was"


def check_safety(program: Program, request: PlanRequest) -> None:
    pain, band = program.inputs.pain, program.pain_band
    kit = set(program.inputs.equipment)
    template = LIBRARY.templates[request.goal]
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                level = level_of(item)
                family = LIBRARY.families[item.exercise]
                assert level.id == item.level
                assert item.max_pain == level.max_pain >= pain, (
                    f"{item.level} allowed up to {level.max_pain}, pain {pain}"
                )
                assert set(item.equipment) <= kit, f"{item.level} needs {item.equipment}, has {kit}"
                assert rules.LEVEL_ORDER[family.experience] <= rules.LEVEL_ORDER[request.level], (
                    f"{family.id} is for {family.experience}"
                )
                if item.impact or item.category is Category.plyometric:
                    assert band is PainBand.green and template.plyometrics.allowed
                    assert week.number >= template.plyometrics.earliest_week
                if band is PainBand.yellow and item.category is Category.knee_dominant:
                    assert item.level_number <= 3 and item.load is not Load.external
                if band is PainBand.orange and item.category in KNEE_CATEGORIES:
                    assert symptom_modifying(level) and item.load is not Load.external


def check_order_and_numbers(program: Program) -> None:
    """Warm-up, power, strength, mobility; ground-up inside a block; coach-friendly numbers."""
    for week in program.weeks:
        for session in week.sessions:
            order = [(BLOCK_ORDER[i.block], CATEGORY_ORDER[i.category]) for i in session.items]
            assert order == sorted(order), f"week {week.number} day {session.day}: {order}"
            for item in session.items:
                if item.category is Category.plyometric:
                    assert item.block is Block.power
                assert item.sets >= 1
                if item.seconds is not None:
                    assert item.seconds % (60 if item.seconds >= 120 else 5) == 0, f"{item.exercise}: {item.seconds} s"
                assert item.move_up_when.strip(), f"{item.exercise} has no move-up criterion"


def check_week_kinds(program: Program) -> None:
    for week in program.weeks:
        expected = kind_expected(program, week.number)
        assert week.deload == (expected == "deload"), f"week {week.number} deload={week.deload}, expected {expected}"
        assert week.consolidate == (expected == "consolidate"), f"week {week.number} consolidate"
    assert not program.weeks[-1].deload, "the last week is never a deload"


def check_progression(program: Program) -> None:
    """Double progression: one change a week per family; a level step one rung at a time, only after the
    printed criterion was reached in the plan's previous working week, at the bottom of the new range with
    no more sets; knee work and backward walking never step for time; at most one knee step a week and two
    in all; yellow steps every other week at most; maintenance only lowers the sets."""
    weeks = program.weeks
    last_step_week = None
    check_criteria_agree(program)
    for n, (prev, week) in enumerate(zip(weeks, weeks[1:], strict=False)):
        before, now = per_family(prev), per_family(week)
        if prev.deload and n:  # after a deload the plan picks up from the week before it
            before = {**before, **per_family(weeks[n - 1])}
        kind = kind_expected(program, week.number)
        knee_steps = steps = 0
        for fid, item in now.items():
            if fid not in before:
                continue
            old = before[fid]
            assert item.level_number >= old.level_number, (
                f"{fid} went down a level in week {week.number} without a reason"
            )
            if kind == "deload":
                assert item.level_number == old.level_number and units(item) < units(old)
                continue
            if kind in ("consolidate", "settle"):
                assert (item.level, item.sets, amount(item)) == (old.level, old.sets, amount(old)), (
                    f"{fid} changed in {kind} week {week.number}"
                )
                continue
            if item.level_number > old.level_number:
                steps += 1
                knee_steps += item.category in KNEE_CATEGORIES
                assert item.level_number == old.level_number + 1, f"{fid} skipped a rung in week {week.number}"
                crit = old.move_up
                assert crit is not None, f"{fid} stepped from the top of its ladder"
                assert old.sets >= crit.sets and amount(old) >= (crit.reps or crit.seconds), (
                    f"{fid} stepped in week {week.number} at {old.sets}x{amount(old)}, before its printed criterion "
                    f"{crit.sets}x{crit.reps or crit.seconds}"
                )
                if crit.fits_time:
                    assert item.category not in KNEE_CATEGORIES and item.category is not Category.locomotion, (
                        f"{fid} stepped for time"
                    )
                new = level_of(item).dosage
                assert item.sets <= old.sets, f"{fid}: a level step with more sets in week {week.number}"
                assert item.sets == min(new.sets[0], old.sets) and amount(item) == new.amount[0], (
                    f"{fid}: a level step must start at the bottom of the new range"
                )
                assert program.pain_band is not PainBand.orange or item.category not in KNEE_CATEGORIES
                continue
            dose = level_of(item).dosage
            same = (item.sets, amount(item)) == (old.sets, amount(old))
            more_reps = item.sets == old.sets and amount(old) < amount(item) <= dose.amount[1]
            more_sets = item.sets == old.sets + 1 and amount(item) == dose.amount[0] and amount(old) >= dose.amount[1]
            maintained = (
                item.rule in (Rule.maintenance.value, Rule.give_way.value)
                and item.sets <= old.sets
                and amount(item) <= amount(old)
                and amount(item) >= min(amount(old), dose.amount[0])
            )
            first_jumps = item.rule == Rule.first_jumps.value or old.rule == Rule.first_jumps.value
            assert same or more_reps or more_sets or maintained or first_jumps, (
                f"{fid} week {week.number}: {old.sets}x{amount(old)} -> {item.sets}x{amount(item)}"
            )
            if more_reps:  # about 10% a week, never more than 25%, but never less than one rep or 5 s
                grain = 1 if item.reps is not None else 5
                assert amount(item) - amount(old) <= max(grain, amount(old) * 0.25), (
                    f"{fid} grew more than 25% in week {week.number}"
                )
        assert knee_steps <= 1 and steps <= 2, f"week {week.number}: {steps} level steps, {knee_steps} knee"
        if knee_steps and program.pain_band is PainBand.yellow:
            assert last_step_week != week.number - 1, (
                f"yellow: knee level steps in weeks {last_step_week} and {week.number}"
            )
        if knee_steps:
            last_step_week = week.number
    check_jumps_and_knee_volume(program)


def check_criteria_agree(program: Program) -> None:
    """One criterion per exercise and level in a plan: the grid and the handout never disagree."""
    seen: dict[tuple[str, str], tuple[str, object]] = {}
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                key = (item.exercise, item.level)
                found = (item.move_up_when, item.move_up)
                assert seen.setdefault(key, found) == found, f"{key}: two criteria in one plan"


def knee_volume(week) -> float:
    return sum(units(i) for s in week.sessions for i in s.items if i.category in KNEE_CATEGORIES)


def check_jumps_and_knee_volume(program: Program) -> None:
    """The first jumping week: jumps in at most two sessions, at most 40 foot contacts each; weekly knee
    volume grows at most 25% from one working week to the next."""
    first = next(
        (w for w in program.weeks if any(i.category is Category.plyometric for s in w.sessions for i in s.items)),
        None,
    )
    if first is not None:
        jumping = [s for s in first.sessions if any(i.category is Category.plyometric for i in s.items)]
        assert len(jumping) <= 2, f"jumps in {len(jumping)} sessions of their first week"
        for s in jumping:
            contacts = sum(
                i.sets * (i.reps or 0) * (2 if i.per_side else 1) for i in s.items if i.category is Category.plyometric
            )
            assert contacts <= 40, f"{contacts} foot contacts in a first-week session"
    last = None
    for week in program.weeks:
        if kind_expected(program, week.number) != "normal":
            continue
        volume = knee_volume(week)
        if last is not None and last > 0:
            assert volume <= last * 1.25 + 1e-9, f"knee volume {last:.0f} -> {volume:.0f} in week {week.number}"
        last = volume


def check_caps_and_spacing(program: Program) -> None:
    template = LIBRARY.templates[program.inputs.goal]
    irritable = program.pain_band in (PainBand.yellow, PainBand.orange)
    cal = calendar_days(program.inputs.days)
    for week in program.weeks:
        days: dict[str, list[int]] = defaultdict(list)
        for session in week.sessions:
            for item in session.items:
                days[item.exercise].append(cal[session.day - 1])
        for fid, when in days.items():
            family = LIBRARY.families[fid]
            free = fid in template.daily or fid in template.daily_families
            free = free or irritable and family.category is Category.knee_isometric
            assert len(when) <= (7 if free else 3), f"{fid} on {len(when)} days in week {week.number}"
            assert len(when) <= (family.max_per_week or 7)
            if family.category is Category.knee_dominant or not family.back_to_back:
                assert not any(adjacent(a, b) for a in when for b in when if a != b), f"{fid} on consecutive days"
            if family.ramp:
                first = next(w for w in program.weeks if any(i.exercise == fid for s in w.sessions for i in s.items))
                step = week.number - first.number
                assert len(when) <= family.ramp[min(step, len(family.ramp) - 1)], f"{fid} ramp in week {week.number}"
                item = per_family(week)[fid]
                assert item.sets <= 3 and (item.reps or 0) <= 12


def check_composition(program: Program, request: PlanRequest) -> None:
    template = LIBRARY.templates[request.goal]
    band = program.pain_band
    jumps = template.plyometrics.earliest_week
    seen: set[str] = set()
    for week in program.weeks:
        for session in week.sessions:
            cats = {i.category for i in session.items}
            if band in (PainBand.yellow, PainBand.orange):
                assert Category.knee_isometric in cats, f"week {week.number} day {session.day}: no knee isometric"
            for item in session.items:
                if item.category is Category.plyometric and week.number < jumps + 2:
                    assert not level_of(item).single_leg, f"one-leg jumps in week {week.number}"
                if item.exercise not in seen and request.level is StartLevel.beginner:
                    assert item.level_number == 1, f"a beginner starts {item.exercise} on level {item.level_number}"
                seen.add(item.exercise)
            if session.title.startswith("Light"):
                for item in session.items:
                    assert not rules.hard_day_work(LIBRARY.families[item.exercise], level_of(item)), session.title
        if band in (PainBand.yellow, PainBand.orange):
            assert any(i.category is Category.hip for s in week.sessions for i in s.items) or any(
                "hip" in a for a in program.assumptions
            ), f"week {week.number}: no hip work"
        for group in template.must_groups():
            present = any(i.category in group for s in week.sessions for i in s.items)
            named = any(" or ".join(sorted(c.value.replace("-", " ") for c in group)) in a for a in program.assumptions)
            assert present or named, f"week {week.number} misses {sorted(group)} silently"


def check_time(program: Program) -> None:
    """No session overruns its time; one under 75% of it left nothing out that would have fitted."""
    budget = program.inputs.minutes
    if budget < 20:
        return
    for week in program.weeks:
        for session in week.sessions:
            assert session.estimated_minutes <= budget, f"week {week.number} day {session.day} overruns"
    kit = frozenset(Equipment(e) for e in program.inputs.equipment)
    for session in program.weeks[0].sessions:
        joined: dict[str, object] = {}  # each family of this day at its first week
        for week in program.weeks:
            for item in next(s for s in week.sessions if s.day == session.day).items:
                joined.setdefault(item.exercise, item)
        # a family's time is kept at its starting dose (the first jumping week is lighter still)
        planned = rules.session_seconds(
            [
                rules.start_dose(level_of(i).dosage) if i.category is Category.plyometric else dose_of(i)
                for i in joined.values()
            ]
        )
        if planned < 0.75 * budget * 60:
            for fid in session.left_out:
                family = LIBRARY.families[fid]
                start, _ = rules.start_rung(family, program.inputs.level, program.inputs.pain, kit)
                alone = rules.session_seconds([rules.start_dose(family.levels[start or 0].dosage)])
                assert alone > budget * 60 - planned, (
                    f"day {session.day} fills {planned / 60:.0f} of {budget} min yet left out {fid}"
                )


def dose_of(item) -> rules.Dose:
    return rules.Dose(item.sets, item.reps, item.seconds, item.per_side, item.tempo, item.rest_seconds)


def check_explained(program: Program) -> None:
    known = {r.value for r in Rule}
    for week in program.weeks:
        for session in week.sessions:
            for item in session.items:
                assert item.rule in known
                assert item.why and all(w.split(":")[0] in known for w in item.why), item.why
