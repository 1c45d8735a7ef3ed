"""Pure program generation: (request, library) -> Program. No I/O, no clock, no randomness.

The steps mirror how a coach works: screen for safety, pick the exercises the person can do with their
kit and pain, lay them over the week, fit the time, then progress them week by week.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kot import __version__, rules
from kot.errors import UsageError, did_you_mean
from kot.library import Library
from kot.model import (
    CATEGORY_ORDER,
    KNEE_CATEGORIES,
    Category,
    Dosage,
    Equipment,
    ExerciseFamily,
    GoalTemplate,
    Inputs,
    Item,
    PainBand,
    Program,
    Session,
    Slot,
    StartLevel,
    Week,
)

LEVEL_ORDER = {level: i for i, level in enumerate(StartLevel)}
START_SHARE = {StartLevel.beginner: 0.0, StartLevel.intermediate: 1 / 3, StartLevel.advanced: 2 / 3}


@dataclass(frozen=True)
class Adjustment:
    """A check-in's verdict for one family from a given week on: hold the dose, or regress."""

    action: Literal["hold", "regress"]
    reason: str


@dataclass(frozen=True)
class PlanRequest:
    """What `kot plan` was asked for; None means "the template's default"."""

    goal: str
    pain: int | None = None
    weeks: int | None = None
    days: int = 3
    minutes: int = 30
    equipment: tuple[str, ...] = ()
    level: StartLevel = StartLevel.beginner
    symptoms: tuple[str, ...] = ()


def check_symptoms(values: list[str]) -> list[str]:
    """Red-flag symptom ids, checked, so a typo never silently skips a refusal."""
    for value in values:
        if value not in rules.RED_FLAGS:
            raise UsageError(
                f"unknown symptom '{value}'{did_you_mean(value, rules.RED_FLAGS)}. "
                f"Choices: {', '.join(rules.RED_FLAGS)}",
                option="symptom",
            )
    return sorted(set(values))


def find_template(library: Library, goal: str) -> GoalTemplate:
    if goal not in library.templates:
        choices = sorted(library.templates)
        raise UsageError(
            f"unknown goal '{goal}'{did_you_mean(goal, choices)}. Choices: {', '.join(choices)}", option="goal"
        )
    return library.templates[goal]


# --- choosing exercises ----------------------------------------------------------------------------


@dataclass
class Candidate:
    family: ExerciseFamily
    start: int
    notes: list[str]


def start_index(
    family: ExerciseFamily, level: StartLevel, pain: int, kit: frozenset[Equipment]
) -> tuple[int, str] | None:
    """The starting rung: the declared level's share of the ladder, lowered to the highest allowed rung."""
    target = int(START_SHARE[level] * len(family.levels))
    allowed = [i for i in range(len(family.levels)) if rules.level_block(family, i, pain, kit) is None]
    at_or_below = [i for i in allowed if i <= target]
    if at_or_below:
        index = max(at_or_below)
        note = f"start: {level.value} -> ladder level {index + 1} of {len(family.levels)}"
        if index < target:
            note += f" (lowered: {rules.level_block(family, target, pain, kit)})"
        return index, note
    just_above = [i for i in allowed if i == target + 1]
    if just_above:
        return (
            just_above[0],
            f"start: ladder level {target + 2}, the easier rung needs what you lack "
            f"({rules.level_block(family, target, pain, kit)})",
        )
    return None


def slot_candidates(
    slot: Slot, library: Library, template: GoalTemplate, pain: int, level: StartLevel, kit: frozenset[Equipment]
) -> list[Candidate]:
    """Families that can fill a slot, preferred ones first, substitutes in place of those that cannot."""
    ordered: list[tuple[str, str]] = [(fid, "") for fid in slot.prefer]
    others = sorted(f.id for f in library.families.values() if f.category is slot.category and template.id in f.goals)
    ordered += [(fid, "") for fid in others if fid not in slot.prefer]
    out: list[Candidate] = []
    seen: set[str] = set()
    while ordered:
        fid, via = ordered.pop(0)
        family = library.families.get(fid)
        if family is None or fid in seen:
            continue
        seen.add(fid)
        if LEVEL_ORDER[family.experience] > LEVEL_ORDER[level]:
            continue
        start = start_index(family, level, pain, kit)
        if start is None:
            reason = rules.level_block(family, 0, pain, kit)
            ordered[0:0] = [(sub, f"substitute: {family.name} does not fit ({reason})") for sub in family.substitutes]
            continue
        notes = [via] if via else []
        out.append(Candidate(family, start[0], [*notes, start[1]]))
    return out


def calendar_days(days: int) -> list[int]:
    """Sessions spread evenly over a 7-day week (3 days -> Mon, Wed, Fri as 0, 2, 4)."""
    return [i * 7 // days for i in range(days)]


def adjacent(a: int, b: int) -> bool:
    return abs(a - b) == 1 or abs(a - b) == 6


def knee_sessions(days: int, template: GoalTemplate) -> set[int]:
    """Which sessions carry knee work: up to the template's maximum, as far apart on the calendar as
    they can be (48 h between knee sessions where the week allows, as in KA Zero's Mon-Wed-Fri)."""
    count = max(1, min(days, template.knee_days.max))
    cal = calendar_days(days)

    def closest(combo: tuple[int, ...]) -> int:
        marks = [cal[i] for i in combo]
        return min([b - a for a, b in zip(marks, marks[1:], strict=False)] + [7 - marks[-1] + marks[0]])

    return set(max(itertools.combinations(range(days), count), key=lambda c: (closest(c), [-i for i in c])))


@dataclass
class Choice:
    slot_index: int
    slot: Slot
    candidate: Candidate


def assign(template: GoalTemplate, candidates: list[list[Candidate]], days: int, plyo: bool) -> list[list[Choice]]:
    """Pick a family for each slot on each day, rotating for variety; the same knee family never on
    adjacent calendar days (domain.md 3.6 #5)."""
    knee_days = knee_sessions(days, template)
    cal = calendar_days(days)
    plan: list[list[Choice]] = [[] for _ in range(days)]
    seen_count = [0] * len(template.slots)
    per_week: dict[str, int] = {}
    for day in range(days):
        used: set[str] = set()
        for si, slot in enumerate(template.slots):
            if slot.days == "knee" and day not in knee_days or slot.days == "light" and day in knee_days:
                continue
            if slot.category is Category.plyometric and not plyo:
                continue
            pool = candidates[si]
            if not pool:
                continue
            offset = seen_count[si] if slot.rotate else 0
            seen_count[si] += 1
            for k in range(len(pool)):
                cand = pool[(offset + k) % len(pool)]
                if cand.family.id in used or per_week.get(cand.family.id, 0) >= (cand.family.max_per_week or 7):
                    continue
                if cand.family.category in KNEE_CATEGORIES and _near_same_family(plan, cal, day, cand.family.id):
                    continue
                plan[day].append(Choice(si, slot, cand))
                used.add(cand.family.id)
                per_week[cand.family.id] = per_week.get(cand.family.id, 0) + 1
                break
    return plan


def _near_same_family(plan: list[list[Choice]], cal: list[int], day: int, fid: str) -> bool:
    return any(
        other != day and adjacent(cal[other], cal[day]) and any(c.candidate.family.id == fid for c in plan[other])
        for other in range(len(plan))
    )


# --- progression -----------------------------------------------------------------------------------


@dataclass
class Prescription:
    index: int
    dose: Dosage
    why: list[str]


@dataclass
class Track:
    """One family's path up its ladder across the weeks."""

    family: ExerciseFamily
    start_week: int
    index: int
    dose: Dosage
    weeks_at_level: int = 0
    trimmed: int = 0
    notes: list[str] = field(default_factory=list)
    by_week: dict[int, Prescription] = field(default_factory=dict)


def step_every(template: GoalTemplate, band: PainBand) -> int | None:
    """Weeks between level steps; None where the band freezes the ladder."""
    every = template.progression.level_step_every_weeks
    return max(every, 2) if band is PainBand.yellow else every


def propose(
    track: Track, week: int, template: GoalTemplate, band: PainBand, pain: int, kit: frozenset[Equipment]
) -> Prescription:
    """Next week's prescription: a level step or a dose increase, never both (domain.md)."""
    family = track.family
    progression = template.progression
    frozen = band is PainBand.orange and family.category in KNEE_CATEGORIES
    nxt = track.index + 1
    every = step_every(template, band)
    if not frozen and every and track.weeks_at_level >= every and nxt < len(family.levels):
        block = rules.level_block(family, nxt, pain, kit)
        dose = rules.fit_volume(family.levels[nxt].dosage, track.dose) if block is None else None
        if dose is not None:
            return Prescription(
                nxt,
                dose,
                [f"level-step: up one rung after {track.weeks_at_level} weeks; volume not raised the same week"],
            )
        held = f"hold-level: next rung blocked ({block or 'its dose is too big a jump from this one'})"
    elif frozen:
        held = "orange-no-level-steps: knee work stays on its rung while pain is 5-6"
    else:
        held = ""
    grown = rules.grow_dose(
        track.dose, family.levels[track.index].dosage, progression.weekly_growth, progression.dose_cap
    )
    if grown is None:
        return Prescription(track.index, track.dose, [w for w in (held, "hold-dose: at this rung's dose cap") if w])
    what = (
        f"reps {track.dose.reps} -> {grown.reps}"
        if grown.reps is not None
        else f"{track.dose.seconds} s -> {grown.seconds} s"
    )
    return Prescription(
        track.index,
        grown,
        [w for w in (held, f"dose-growth: {what} (about {progression.weekly_growth:.0%} a week)") if w],
    )


# --- time budget -----------------------------------------------------------------------------------


def must_haves(template: GoalTemplate, band: PainBand) -> list[frozenset[Category]]:
    """The template's weekly must-haves, plus hip work whenever the knee is irritable (domain.md 3.4)."""
    groups = template.must_groups()
    if band in (PainBand.yellow, PainBand.orange) and not any(Category.hip in g for g in groups):
        groups.append(frozenset({Category.hip}))
    return groups


def fit_time(
    plan: list[list[Choice]], tracks: dict[str, Track], groups: list[frozenset[Category]], budget_s: int
) -> list[str]:
    """Make each session fit its time: drop the least important items, then trim sets and long holds,
    then core items, but never the week's last item of a must-have category. Returns the assumption to print."""
    dropped: dict[str, list[int]] = {}

    def over(choices: list[Choice]) -> bool:
        return rules.session_seconds([tracks[c.candidate.family.id].dose for c in choices]) > budget_s

    def protected(choice: Choice) -> bool:
        """The week's last item of a must-have category stays."""
        return any(
            choice.slot.category in g and sum(c.slot.category in g for s in plan for c in s) == 1 for g in groups
        )

    def drop(choices: list[Choice], candidates: list[Choice], day: int) -> None:
        for choice in candidates:
            if over(choices) and not protected(choice):
                choices.remove(choice)
                dropped.setdefault(choice.candidate.family.name, []).append(day)

    for day, choices in enumerate(plan, start=1):
        by_importance = sorted(choices, key=lambda c: (c.slot.core, -c.slot.priority, -c.slot_index))
        drop(choices, [c for c in by_importance if not c.slot.core], day)
        for stage in (1, 2):
            for choice in by_importance:
                if over(choices) and choice in choices:
                    _trim(tracks[choice.candidate.family.id], stage)
        drop(choices, [c for c in by_importance if c.slot.core], day)
    if not dropped:
        return []
    parts = [
        f"{name} (day{'s' if len(days) > 1 else ''} {', '.join(map(str, days))})" for name, days in dropped.items()
    ]
    return [
        f"time-budget: to fit the session time with room to progress, left out {'; '.join(parts)}. "
        "Raise --minutes to keep them."
    ]


def _trim(track: Track, stage: int) -> None:
    """Shorten a dose for the time budget: stage 1 one set and long timed work halved (not below a
    minute); stage 2 a minute of timed work or half the reps. Each stage applies once per track."""
    if track.trimmed >= stage:
        return
    track.trimmed = stage
    dose = track.dose
    update: dict[str, int] = {"sets": 1}
    if stage == 1 and dose.seconds is not None and dose.seconds > 120:
        update["seconds"] = max(60, 5 * (dose.seconds // 10))
    if stage == 2:
        if dose.seconds is not None:
            update["seconds"] = min(dose.seconds, 60)
        else:
            update["reps"] = max(1, math.ceil((dose.reps or 2) / 2))
    changed = dose.model_copy(update=update)
    if changed != dose:
        track.dose = changed
        track.notes.append("time-budget: shortened to fit the session time")


# --- the whole program -----------------------------------------------------------------------------


def phase_of(template: GoalTemplate, week: int, weeks: int) -> str:
    edge = 0.0
    for phase in template.phases:
        edge += phase.share * weeks
        if week <= round(edge):
            return phase.name
    return template.phases[-1].name


def build_program(
    request: PlanRequest, library: Library, adjust: Mapping[int, Mapping[str, Adjustment]] | None = None
) -> Program:
    """The program for a request; raises PlanRefused (red band, red flag) or UsageError (bad ids).
    `adjust` maps a week to check-in verdicts per family (see kot.adapt)."""
    template = find_template(library, request.goal)
    symptoms = check_symptoms(list(request.symptoms))
    equipment = rules.parse_equipment(list(request.equipment))
    pain = template.assumed_pain if request.pain is None else request.pain
    rules.check_refusal(pain, symptoms)
    band = rules.pain_band(pain)
    weeks = request.weeks or template.default_weeks
    kit = rules.available_equipment(equipment)
    plyo = (
        template.plyometrics.allowed
        and band in template.plyometrics.bands
        and weeks >= template.plyometrics.earliest_week
    )

    candidates = [slot_candidates(s, library, template, pain, request.level, kit) for s in template.slots]
    plan = assign(template, candidates, request.days, plyo)
    tracks: dict[str, Track] = {}
    for choices in plan:
        for c in choices:
            if c.candidate.family.id not in tracks:
                start_week = template.plyometrics.earliest_week if c.slot.category is Category.plyometric else 1
                level = c.candidate.family.levels[c.candidate.start]
                tracks[c.candidate.family.id] = Track(
                    c.candidate.family,
                    start_week,
                    c.candidate.start,
                    level.dosage,
                    notes=[*c.candidate.notes, rules.allowed_reason(level, pain)],
                )
    assumptions = _assumptions(request, template, pain, band)
    assumptions += fit_time(plan, tracks, must_haves(template, band), int(request.minutes * 60 * rules.START_HEADROOM))
    _progress(tracks, plan, template, weeks, band, pain, kit, request.minutes * 60, adjust or {})

    program_weeks = [_week(w, plan, tracks, template, weeks) for w in range(1, weeks + 1)]
    inputs = Inputs(
        goal=template.id,
        pain=pain,
        weeks=weeks,
        days=request.days,
        minutes=request.minutes,
        equipment=sorted(e.value for e in kit),
        level=request.level,
        symptoms=symptoms,
    )
    return Program(
        kot_version=__version__,
        plan_id=plan_id(inputs, library.version),
        goal_name=template.name,
        pain_band=band,
        pain_assumed=request.pain is None,
        pain_rules=list(rules.PAIN_RULES),
        education=list(template.education),
        disclaimer=rules.DISCLAIMER,
        clinician_advice=rules.ORANGE_ADVICE if band is PainBand.orange else None,
        inputs=inputs,
        assumptions=assumptions,
        library_version=library.version,
        weeks=program_weeks,
    )


def plan_id(inputs: Inputs, library_version: str) -> str:
    """Stable and deterministic: the same inputs and library give the same id (check-ins key on it)."""
    digest = hashlib.sha256((inputs.model_dump_json() + library_version).encode()).hexdigest()
    return f"{inputs.goal}-{digest[:10]}"


def _assumptions(request: PlanRequest, template: GoalTemplate, pain: int, band: PainBand) -> list[str]:
    out = []
    if request.pain is None:
        out.append(
            f"Pain assumed {pain}/10, the {template.id} template's default: pass --pain with your worst "
            "everyday knee pain over the last 7 days."
        )
    if request.weeks is None:
        out.append(f"{template.default_weeks} weeks, the {template.id} template's default (--weeks).")
    spread = ", ".join(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d] for d in calendar_days(request.days))
    out.append(f"{request.days} sessions a week, spread out (for example {spread}).")
    if request.days < template.min_strength_days:
        out.append(
            f"Fewer than the {template.min_strength_days} strength days a week this goal asks for; "
            "add days when you can."
        )
    if band is PainBand.yellow:
        out.append(
            "Yellow band (pain 3-4): knee work stays on the first three ladder levels, no external load on "
            "it and no impact; at most one level step every 2 weeks."
        )
    if band is PainBand.orange:
        out.append("Orange band (pain 5-6): symptom-modifying work only, no knee level steps, no impact.")
    return out


def _progress(
    tracks: dict[str, Track],
    plan: list[list[Choice]],
    template: GoalTemplate,
    weeks: int,
    band: PainBand,
    pain: int,
    kit: frozenset[Equipment],
    budget_s: int,
    adjust: Mapping[int, Mapping[str, Adjustment]],
) -> None:
    """Fill every track's prescription for every week. A deload week shows a lighter dose without moving
    the track; check-in adjustments (hold, regress) replace the planned step from the week they name."""
    every = template.progression.deload_every_weeks
    cut = template.progression.deload_set_cut
    pending: dict[str, Adjustment] = {}
    for week in range(1, weeks + 1):
        pending.update(adjust.get(week, {}))
        deload = rules.is_deload_week(week, weeks, every)
        live = {fid: t for fid, t in tracks.items() if week >= t.start_week}
        proposals: dict[str, Prescription] = {}
        for fid, track in live.items():
            change = pending.get(fid) if week > track.start_week else None
            if change is not None and (change.action == "regress" or not deload):
                del pending[fid]
                proposals[fid] = (
                    _regress(track, change)
                    if change.action == "regress"
                    else Prescription(track.index, track.dose, [f"checkin-hold: {change.reason}; same rung and dose"])
                )
            elif week == track.start_week:
                proposals[fid] = Prescription(track.index, track.dose, list(track.notes))
            elif deload:
                proposals[fid] = Prescription(track.index, track.dose, [])
            elif rules.is_deload_week(week - 1, weeks, every):
                proposals[fid] = Prescription(
                    track.index, track.dose, ["after-deload: resume where the last block ended"]
                )
            else:
                proposals[fid] = propose(track, week, template, band, pain, kit)
        _hold_for_time(proposals, live, plan, budget_s)
        for fid, track in live.items():
            p = proposals[fid]
            if deload and week != track.start_week:
                lighter = rules.deload_dose(p.dose, cut)
                track.by_week[week] = Prescription(
                    p.index, lighter, [*p.why, f"deload: week {week}, about half the work, same exercise and level"]
                )
            else:
                track.by_week[week] = p
            if p.index != track.index or p.why and p.why[0].startswith("checkin-regress"):
                track.weeks_at_level = 1
            elif not deload:
                track.weeks_at_level += 1
            track.index, track.dose = p.index, p.dose


def _regress(track: Track, change: Adjustment) -> Prescription:
    """One rung down (its dose, no more sets than now), or half the sets on the first rung (domain.md)."""
    if track.index > 0:
        lower = track.family.levels[track.index - 1].dosage
        dose = lower.model_copy(update={"sets": min(lower.sets, track.dose.sets)})
        return Prescription(track.index - 1, dose, [f"checkin-regress: {change.reason}; one rung down"])
    dose = rules.deload_dose(track.dose, 0.5)
    return Prescription(track.index, dose, [f"checkin-regress: {change.reason}; half the work on the first rung"])


def _hold_for_time(
    proposals: dict[str, Prescription], live: dict[str, Track], plan: list[list[Choice]], budget_s: int
) -> None:
    """Undo the growth of the least important items of any session that would overrun its time."""

    def grows(fid: str) -> bool:
        return rules.session_seconds([proposals[fid].dose]) > rules.session_seconds([live[fid].dose])

    for choices in plan:
        present = [c for c in choices if c.candidate.family.id in live]
        growing = sorted(
            (c for c in present if grows(c.candidate.family.id)), key=lambda c: (-c.slot.priority, -c.slot_index)
        )
        for choice in growing:
            if rules.session_seconds([proposals[c.candidate.family.id].dose for c in present]) <= budget_s:
                break
            fid = choice.candidate.family.id
            proposals[fid] = Prescription(
                live[fid].index, live[fid].dose, ["hold-time: growth would overrun the session time"]
            )


def _week(number: int, plan: list[list[Choice]], tracks: dict[str, Track], template: GoalTemplate, weeks: int) -> Week:
    deload = rules.is_deload_week(number, weeks, template.progression.deload_every_weeks)
    sessions = []
    for day, choices in enumerate(plan, start=1):
        items = [
            _item(c, tracks[c.candidate.family.id].by_week[number])
            for c in choices
            if number in tracks[c.candidate.family.id].by_week
        ]
        items.sort(key=lambda i: CATEGORY_ORDER[i.category])
        seconds = rules.session_seconds(
            [
                tracks[c.candidate.family.id].by_week[number].dose
                for c in choices
                if number in tracks[c.candidate.family.id].by_week
            ]
        )
        knee = any(i.category in KNEE_CATEGORIES for i in items)
        title = "Knee strength and hips" if knee else "Light: feet, hips and mobility"
        sessions.append(Session(day=day, title=title, estimated_minutes=rules.minutes(seconds), items=items))
    return Week(number=number, phase=phase_of(template, number, weeks), deload=deload, sessions=sessions)


def _item(choice: Choice, p: Prescription) -> Item:
    family = choice.candidate.family
    level = family.levels[p.index]
    d = p.dose
    slot = choice.slot
    why = [f"slot: {slot.block} {slot.category.value}{' (core)' if slot.core else ''}", *p.why]
    return Item(
        exercise=family.id,
        level=level.id,
        name=level.name,
        family_name=family.name,
        level_number=p.index + 1,
        category=family.category,
        block=slot.block,
        sets=d.sets,
        reps=d.reps,
        seconds=d.seconds,
        tempo=d.tempo,
        rest_seconds=d.rest_seconds,
        per_side=d.per_side,
        load=level.load,
        equipment=[e.value for e in level.equipment],
        impact=level.impact,
        max_pain=level.max_pain,
        knee_demand=level.knee_demand,
        cues=list(level.cues),
        why=why,
    )
