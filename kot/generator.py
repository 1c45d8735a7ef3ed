"""Pure program generation: (request, library) -> Program. No I/O, no clock, no randomness.

The steps mirror how a coach works: screen for safety, pick the exercises the person can do with their
kit and pain (`schedule`), fit the first week to the time, progress each exercise week by week
(`progression`), then lay it out as sessions with titles, criteria and reasons.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from kot import __version__, conditions, rules, schedule, wording
from kot.digests import sha256
from kot.errors import UsageError, did_you_mean
from kot.library import Library
from kot.model import (
    BLOCK_ORDER,
    CATEGORY_ORDER,
    KNEE_CATEGORIES,
    Category,
    Criterion,
    Equipment,
    ExerciseFamily,
    GoalTemplate,
    Inputs,
    Item,
    PainBand,
    Program,
    Session,
    StartLevel,
    Week,
)
from kot.progression import Course, Track, progress
from kot.rules import Dose, Rule, Verdict, WeekKind, why
from kot.schedule import Placement, Setting
from kot.values import field, plain, record, replace

__all__ = ["Continuation", "PlanRequest", "build_program", "check_symptoms", "find_template"]


@record(frozen=True)
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
    placed: tuple[tuple[str, int, str], ...] = ()  # (family, rung, why) from `kot assess`; the rest follow level
    assessed: str | None = None  # the date of that assessment
    notes: tuple[str, ...] = ()  # what the assessment adds to the plan's notes (retests, flags)
    cautions: tuple[str, ...] = ()  # screening cautions (kot.rules.cautions), from the assessment


@record(frozen=True)
class Continuation:
    """What a revision keeps and changes (see kot.adapt): the weeks already checked in stay exactly as they
    are; the coming weeks are built for `pain`, the person's usual pain now (or the orange band after an
    escalation), carry each family on from its last done week, and take the check-ins' verdict per family
    in the first coming week."""

    done: tuple[Week, ...]
    pain: int
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    flare: bool = False
    notes: tuple[str, ...] = ()
    referral: str | None = None
    carry_from: int | None = None  # carry doses on from this week (the last one done, after missed weeks)
    gates: Mapping[str, int] = field(default_factory=dict)  # stage gates the diary opened: id -> first week


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


def check_cautions(values: list[str]) -> tuple[str, ...]:
    """Screening caution ids, checked: an unknown one is a bug or a hand-edited file, never skipped."""
    for value in values:
        if value not in rules.CAUTIONS:
            raise UsageError(f"unknown caution '{value}'. Choices: {', '.join(rules.CAUTIONS)}", option="cautions")
    return tuple(sorted(set(values)))


def find_template(library: Library, goal: str) -> GoalTemplate:
    if goal not in library.templates:
        choices = sorted(library.templates)
        raise UsageError(
            f"unknown goal '{goal}'{did_you_mean(goal, choices)}. Choices: {', '.join(choices)}", option="goal"
        )
    return library.templates[goal]


def build_program(request: PlanRequest, library: Library, continuation: Continuation | None = None) -> Program:
    """The program for a request; raises PlanRefused (red band, red flag) or UsageError (bad ids). With a
    `continuation` it is the next revision of a plan whose first weeks are done."""
    template = find_template(library, request.goal)
    symptoms = check_symptoms(list(request.symptoms))
    cautions = check_cautions(list(request.cautions))
    if cautions:
        library = replace(library, families=library.families.narrowed(lambda f: rules.narrowed(f, cautions)))
    equipment = rules.parse_equipment(list(request.equipment))
    first_pain = template.assumed_pain if request.pain is None else request.pain
    pain = continuation.pain if continuation else first_pain
    rules.check_refusal(pain, symptoms)
    band = rules.pain_band(pain)
    weeks = request.weeks or template.default_weeks
    kit = rules.available_equipment(equipment)
    done = continuation.done if continuation else ()
    opened = dict(continuation.gates) if continuation else {}
    setting = Setting(
        template,
        band,
        pain,
        request.level,
        kit,
        request.days,
        weeks,
        conditions.jumps_from(template, band, weeks, opened),
        {
            fid: (min(rung, len(library.families[fid].levels)), reason)  # a caution may stop a ladder lower
            for fid, rung, reason in request.placed
            if fid in library.families
        },
    )

    slots = rules.band_slots(template, band, library.families, flare=bool(continuation and continuation.flare))
    pools, left_out = [], []
    for slot, _ in slots:
        pool, missing = schedule.slot_candidates(slot, library.families, setting)
        pool = conditions.at_slot_tempo(slot, pool)
        pools.append(pool)
        left_out += missing
    plan = schedule.place([s for s, _ in slots], pools, setting)
    conditions.hold_back(plan, template, opened)
    slot_notes = [note for _, note in slots]
    tracks = _tracks(plan, slot_notes, setting)
    _carry_on(
        tracks,
        done[: continuation.carry_from] if continuation and continuation.carry_from else done,
        setting,
        len(done) + 1,
    )
    if continuation and (continuation.flare or continuation.referral):
        _no_new_knee_work(tracks, plan)
    budget = request.minutes * 60
    cuts, left_out_by_day = _fit_first_week(plan, tracks, template, band, budget)
    sessions = [[p.candidate.family.id for p in day] for day in plan]
    course = Course(template, band, pain, kit, weeks, budget, setting.jumps_from, _exposures(plan, tracks))
    calm = not (continuation and (continuation.flare or continuation.referral))
    progress(
        tracks,
        sessions,
        course,
        continuation.verdicts if continuation else None,
        len(done) + 1,
        _last_knee_step(done),
        calm=calm,
    )

    program_weeks = conditions.with_steps(
        list(done)
        + [_week(w, plan, tracks, setting, left_out_by_day, request.minutes) for w in range(len(done) + 1, weeks + 1)],
        template,
    )
    assumptions = _assumptions(request, template, first_pain, band, weeks) + list(
        continuation.notes if continuation else ()
    )
    assumptions += [
        f"Left out, for lack of equipment or because of pain: {', '.join(dict.fromkeys(left_out))}."
    ] * bool(left_out)
    assumptions += [rules.CAUTIONS[c].note for c in cautions]
    assumptions += list(request.notes)
    assumptions += (
        cuts
        + _short_first_week(program_weeks, request.minutes, len(done))
        + _missing_must_haves(program_weeks, template, band)
        + _tops(tracks)
        + _needs_kit(tracks, kit)
        + _time_bound(tracks, budget)
        + ([] if template.retest_weeks else _retest(weeks))  # a goal with its own retest weeks prints those
    )
    coming = program_weeks[len(done)] if len(done) < len(program_weeks) else None
    assumptions += conditions.weekly_minutes_notes(template, library.families, coming, request.days, request.minutes)
    inputs = Inputs(
        goal=template.id,
        pain=first_pain,
        weeks=weeks,
        days=request.days,
        minutes=request.minutes,
        equipment=sorted(e.value for e in kit),
        level=request.level,
        symptoms=symptoms,
        cautions=list(cautions),
    )
    referral = continuation.referral if continuation else None
    return Program(
        kot_version=__version__,
        plan_id=plan_id(inputs, library.version),
        goal_name=template.name,
        pain_band=band,
        current_pain=pain if continuation else None,
        pain_assumed=request.pain is None,
        weeks_assumed=request.weeks is None,
        pain_rules=rules.pain_rules(pain),
        stop_signs=list(rules.STOP_SIGNS),
        education=[wording.pain_target_words(line, band) for line in template.education],
        disclaimer=rules.DISCLAIMER,
        clinician_advice=referral or (rules.ORANGE_ADVICE if band is PainBand.orange else None),
        placed_by=request.assessed,
        inputs=inputs,
        assumptions=assumptions,
        library_version=library.version,
        weeks=program_weeks,
        between_sessions=conditions.between_sessions(template, library.families, request.days),
        stage_gates=conditions.gate_states(template, opened),
        retest_weeks=conditions.retest_weeks(template, weeks),
        retest_tests=conditions.retest_tests(template),
    )


def _carry_on(tracks: dict[str, Track], done: tuple[Week, ...], setting: Setting, first: int) -> None:
    """Families done before carry on from their last done week: the same level and dose, or, when the
    band no longer allows that level, the highest one it allows at the bottom of its range. The rest
    start in week `first`, the first coming week."""
    if first == 1:
        return
    for fid, track in tracks.items():
        history = [(w.number, i) for w in done for s in w.sessions for i in s.items if i.exercise == fid]
        track.start_week = max(track.start_week, first)
        if not history:
            continue
        family = track.family
        last_week, item = history[-1]
        index = next((n for n, lv in enumerate(family.levels) if lv.id == item.level), None)
        if index is None:
            continue
        dose = Dose(item.sets, item.reps, item.seconds, item.per_side, item.tempo, item.rest_seconds)
        allowed = [j for j in range(index + 1) if rules.level_block(family, j, setting.pain, setting.kit) is None]
        if not allowed:
            continue
        if allowed[-1] != index:
            new = allowed[-1]
            track.rebanded = why(
                Rule.re_band, f"level {index + 1} is not allowed at pain {setting.pain}/10: level {new + 1} instead"
            )
            index, dose = new, rules.step_dose(family.levels[new].dosage, dose)
        same = [n for n, i in reversed(history) if i.level_number == index + 1]
        track.index, track.dose, track.seeded = index, dose, True
        track.weeks_on_level = len(dict.fromkeys(same)) if allowed[-1] == index else 0
        # A family in maintenance stays there, and one that gave way for time still waits its turn to come
        # back: a revision goes on where the plan was, not from the start of its climb.
        kept = next((i.rule for _, i in reversed(history) if i.rule not in _PASSING), None)
        if allowed[-1] == index and kept in (Rule.maintenance, Rule.give_way):
            track.maintenance, track.yielded = True, kept == Rule.give_way


_PASSING = (Rule.consolidate, Rule.deload)  # weeks that hold or lighten every family: they say nothing of its state


def _exposures(plan: list[list[Placement]], tracks: dict[str, Track]):  # noqa: ANN202 - see Course
    """How many sessions a family is placed in, in a week, before that week's limits."""

    def count(fid: str, week: int) -> int:
        return sum(1 for day in plan for p in day if p.candidate.family.id == fid and _live(p, tracks, week))

    return count


def _no_new_knee_work(tracks: dict[str, Track], plan: list[list[Placement]]) -> None:
    """During a flare or an escalation no new knee exercise (knee strength, jumps) enters the plan: it
    would hide the flare's cause. The pain-easing knee hold may."""
    new = {
        fid
        for fid, t in tracks.items()
        if not t.seeded and t.family.category in (Category.knee_dominant, Category.plyometric)
    }
    for fid in new:
        del tracks[fid]
    for day in plan:
        day[:] = [p for p in day if p.candidate.family.id not in new]


def _last_knee_step(done: tuple[Week, ...]) -> int | None:
    """The last done week in which a knee exercise moved up a level (the yellow cadence carries on)."""
    last: dict[str, int] = {}
    found = None
    for week in done:
        for s in week.sessions:
            for i in s.items:
                if i.category in KNEE_CATEGORIES and i.exercise in last and i.level_number > last[i.exercise]:
                    found = week.number
                last[i.exercise] = i.level_number
    return found


def plan_id(inputs: Inputs, library_version: str) -> str:
    """Stable and deterministic: the same inputs and library give the same id (check-ins key on it)."""
    data = plain(inputs)
    if not data["cautions"]:
        del data["cautions"]  # the ids of plans without cautions are what they were before cautions existed
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    digest = sha256((text + library_version).encode()).hexdigest()
    return f"{inputs.goal}-{digest[:10]}"


# --- tracks and the first week's time ------------------------------------------------------------------


def _importance(p: Placement) -> tuple[int, int, int]:
    return (0 if p.slot.core else 1, p.slot.priority, p.slot_index)


def _tracks(plan: list[list[Placement]], slot_notes: list[str], setting: Setting) -> dict[str, Track]:
    """One track per family, starting at its candidate rung and the bottom of that rung's ranges."""
    tracks: dict[str, Track] = {}
    for p in sorted((p for day in plan for p in day), key=lambda p: (p.from_week, _importance(p))):
        fid = p.candidate.family.id
        if fid in tracks:
            continue
        family = p.candidate.family
        level = family.levels[p.candidate.start]
        notes = [n for n in (slot_notes[p.slot_index],) if n] + list(p.candidate.notes)
        notes.append(rules.allowed_reason(level, setting.pain))
        if family.ramp:
            notes.append(why(Rule.ramp, f"sessions a week in its first weeks: {', '.join(map(str, family.ramp))}"))
        tracks[fid] = Track(
            family, _importance(p), p.from_week, p.candidate.start, rules.start_dose(level.dosage), notes
        )
    return tracks


def _live(p: Placement, tracks: dict[str, Track], week: int) -> bool:
    fid = p.candidate.family.id
    return fid in tracks and week >= max(p.from_week, tracks[fid].start_week)


def _fit_first_week(
    plan: list[list[Placement]], tracks: dict[str, Track], template: GoalTemplate, band: PainBand, budget: int
) -> tuple[list[str], list[list[str]]]:
    """Fit each session to its time at the starting doses (items that join later included): leave out the
    least important items until the session fills about 80% of its time (room to progress), put back any
    that fit again, and shorten the must-haves only when they alone overrun the whole time. Returns the
    plain-words notes of what was left out or shortened, each said once, and the ids left out of each day."""
    groups = rules.must_haves(template, band)
    target = int(budget * rules.START_FILL)
    dropped: dict[str, int] = {}
    left_out: list[list[str]] = [[] for _ in plan]
    shortened: set[str] = set()

    def seconds(day: list[Placement]) -> int:
        return rules.session_seconds([tracks[p.candidate.family.id].dose for p in day])

    def protected(p: Placement) -> bool:
        """Core items, and the week's last item of a must-have category, stay."""
        if p.slot.core:
            return True
        left = [q for day in plan for q in day if q is not p]
        return any(
            p.candidate.family.category in g and not any(q.candidate.family.category in g for q in left) for g in groups
        )

    removed: list[list[Placement]] = [[] for _ in plan]
    for day, out in zip(plan, removed, strict=True):
        for p in sorted(day, key=_importance, reverse=True):
            if seconds(day) <= target:
                break
            if not protected(p):
                day.remove(p)
                out.append(p)
    for stage in (1, 2):  # the must-haves alone overrun the session: shorten them, least important first
        for day in plan:
            for p in sorted(day, key=_importance, reverse=True):
                if seconds(day) <= budget:
                    break
                track = tracks[p.candidate.family.id]
                if track.seeded:  # a dose carried on from done weeks is the person's, not ours to cut
                    continue
                cut = rules.time_cut(track.dose, stage)
                if cut != track.dose:
                    track.dose = cut
                    shortened.add(track.family.name)
                    track.notes.append(why(Rule.time_cut, "shortened so the session fits its time"))
    for day, out, missing in zip(plan, removed, left_out, strict=True):  # put back what fits, filling 75% or more
        for p in sorted(out, key=_importance):
            day.append(p)
            limit = target if seconds(day) - seconds([p]) >= budget * rules.MIN_FILL else budget
            if seconds(day) > limit:
                day.remove(p)
                missing.append(p.candidate.family.id)
                dropped[p.candidate.family.name] = dropped.get(p.candidate.family.name, 0) + 1
    for fid in [fid for fid in tracks if not any(p.candidate.family.id == fid for day in plan for p in day)]:
        del tracks[fid]
    minutes = budget // 60
    notes = []
    if dropped:
        kept = {p.candidate.family.name for day in plan for p in day}
        parts = [
            name + (f" (from {n} session{'s' if n > 1 else ''})" if name in kept else "") for name, n in dropped.items()
        ]
        notes.append(
            f"To fit {minutes} minutes a session with room to progress, left out: {', '.join(parts)}. "
            "More time per session keeps them in."
        )
    if shortened:
        notes.append(f"Shortened to fit {minutes} minutes a session: {', '.join(sorted(shortened))}.")
    return notes, left_out


# --- laying out the weeks ------------------------------------------------------------------------------

FOCUS = {
    Category.knee_dominant: "knee strength",
    Category.plyometric: "jumps",
    Category.balance: "balance",
    Category.knee_isometric: "knee holds",
    Category.posterior_chain: "hamstrings",
    Category.hip: "hips",
    Category.lower_leg: "lower legs",
    Category.trunk: "trunk",
    Category.mobility: "mobility",
    Category.locomotion: "backward walking",
}


def _week(
    number: int,
    plan: list[list[Placement]],
    tracks: dict[str, Track],
    setting: Setting,
    left_out: list[list[str]],
    minutes: int,
) -> Week:
    every = setting.template.progression.deload_every_weeks
    kind = rules.week_kind(number, setting.weeks, setting.band, every)
    sessions = []
    limits = {fid: t.by_week[number].sessions for fid, t in tracks.items() if number in t.by_week}
    used: dict[str, int] = {}
    for day, placements in enumerate(plan, start=1):
        live = []
        for p in sorted(
            (p for p in placements if _live(p, tracks, number)),
            key=lambda p: (BLOCK_ORDER[p.slot.block], CATEGORY_ORDER[p.candidate.family.category], p.slot_index),
        ):
            fid = p.candidate.family.id
            limit = limits.get(fid)
            if limit is not None and used.get(fid, 0) >= limit:
                continue
            used[fid] = used.get(fid, 0) + 1
            live.append(p)
        items = [_item(p, tracks[p.candidate.family.id], number, setting, minutes) for p in live]
        seconds = rules.session_seconds([tracks[p.candidate.family.id].by_week[number].dose for p in live])
        hard = any(
            rules.hard_day_work(p.candidate.family, p.candidate.family.levels[i.level_number - 1])
            for p, i in zip(live, items, strict=True)
        )
        sessions.append(
            Session(
                day=day,
                title=title(items, hard),
                estimated_minutes=rules.minutes(seconds),
                items=items,
                left_out=left_out[day - 1],
            )
        )
    phase = phase_of(setting.template, number, setting.weeks)
    return Week(
        number=number,
        phase=phase,
        deload=kind is WeekKind.deload,
        consolidate=kind is WeekKind.consolidate,
        sessions=sessions,
    )


def title(items: list[Item], hard: bool) -> str:
    """What the session is: its main work in plain words; 'Light day' only without hard work."""
    present = list(dict.fromkeys(i.category for i in items))
    words = [FOCUS[c] for c in FOCUS if c in present]
    if not words:
        return "Rest"
    main = words[:3]
    text = main[0] if len(main) == 1 else ", ".join(main[:-1]) + " and " + main[-1]
    text = text[0].upper() + text[1:]
    return text if hard else f"Light day: {text[0].lower()}{text[1:]}"


def phase_of(template: GoalTemplate, week: int, weeks: int) -> str:
    edge = 0.0
    for phase in template.phases:
        edge += phase.share * weeks
        if week <= round(edge):
            return phase.name
    return template.phases[-1].name


def _item(p: Placement, track: Track, week: int, setting: Setting, minutes: int) -> Item:
    family = p.candidate.family
    prescription = track.by_week[week]
    level = family.levels[prescription.index]
    d = prescription.dose
    capped = track.capped.get(prescription.index)
    slot = p.slot
    why_list = [
        why(Rule.slot, f"{slot.block.value} {slot.category.value}{' (must-have)' if slot.core else ''}"),
        *prescription.why,
        *conditions.item_why(setting.template, family, setting.jumps_from),
    ]
    return Item(
        exercise=family.id,
        level=level.id,
        name=level.name,
        family_name=family.name,
        level_number=prescription.index + 1,
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
        cues=[wording.pain_target_words(cue, setting.band) for cue in level.cues],
        move_up_when=rules.move_up_when(family, prescription.index, setting.pain, setting.kit, capped, minutes),
        media=list(level.media),
        rule=prescription.rule.value,
        why=why_list,
        planned_pain=setting.pain,
        move_up=_criterion(family, prescription.index, capped),
    )


def _criterion(family: ExerciseFamily, index: int, capped: Dose | None) -> Criterion | None:
    """The printed criterion as numbers (None at the top of the ladder)."""
    if index + 1 >= len(family.levels):
        return None
    d = rules.criterion_dose(family, index, capped)
    return Criterion(sets=d.sets, reps=d.reps, seconds=d.seconds, fits_time=capped is not None)


# --- what the plan says about itself ---------------------------------------------------------------------


def _assumptions(request: PlanRequest, template: GoalTemplate, pain: int, band: PainBand, weeks: int) -> list[str]:
    out = []
    if request.pain is None:
        out.append(
            f"Pain assumed to be {pain}/10, the usual starting point for this goal; your own number (worst "
            "everyday knee pain over the last 7 days) makes a plan that fits you better."
        )
    if request.weeks is None:
        out.append(f"{template.default_weeks} weeks, this goal's usual length.")
    out.append(
        f"{request.days} session{'s' if request.days != 1 else ''} a week, spread out (for example "
        f"{schedule.spread_text(request.days)})."
    )
    if request.days < template.min_strength_days:
        out.append(
            f"Fewer than the {template.min_strength_days} strength days a week this goal asks for; "
            "add days when you can."
        )
    if band in wording.BAND_LONG:
        out.append(wording.BAND_LONG[band])
    every = template.progression.deload_every_weeks
    if any(rules.week_kind(w, weeks, band, every) is WeekKind.deload for w in range(1, weeks + 1)):
        out.append(f"Every {every}th week is lighter (about half the sets) to recover; the next picks up again.")
    return out


CATEGORY_WORDS = {c: c.value.replace("-", " ") for c in Category}


def _missing_must_haves(weeks: list[Week], template: GoalTemplate, band: PainBand) -> list[str]:
    """A goal's weekly must-haves are in every week, or named here: never missing silently (nor what the goal
    keeps to other pain bands)."""
    left_out = rules.left_out_in(template, band)
    notes = [
        f"At {wording.BAND_RANGE[band]} this goal leaves out "
        f"{' and '.join(sorted(CATEGORY_WORDS[c] for c in left_out))} work; it joins when your everyday pain is "
        "lower."
    ] * bool(left_out)
    for group in rules.must_haves(template, band):
        missing = [w.number for w in weeks if not any(i.category in group for s in w.sessions for i in s.items)]
        if missing:
            what = " or ".join(sorted(CATEGORY_WORDS[c] for c in group))
            when = (
                "any week"
                if len(missing) == len(weeks)
                else f"week{'s' if len(missing) > 1 else ''} " + ", ".join(map(str, missing))
            )
            notes.append(
                f"No {what} work in {when}: nothing in the library fits this goal with your equipment, pain "
                "and time. Ask a coach for a substitute."
            )
    return notes


def _time_bound(tracks: dict[str, Track], budget: int) -> list[str]:
    """Say when the session time, not the ladder, holds exercises still for weeks: progress never stops
    silently."""
    stuck: dict[int, list[str]] = {}
    for track in tracks.values():
        if rules.steps_for_time(track.family):  # it steps at the dose that fits, or keeps a maintenance dose
            continue
        run = 0
        for week, p in sorted(track.by_week.items()):
            if p.rule is Rule.hold_time:
                run += 1
                if run == rules.TIME_BOUND_WEEKS:
                    stuck.setdefault(week - run + 1, []).append(track.family.name)
                    break
            elif p.rule not in (Rule.deload, Rule.consolidate):
                run = 0
    if not stuck:
        return []
    first = min(stuck)
    names = [n for week in sorted(stuck) for n in stuck[week]]
    one = len(names) == 1
    return [
        f"From week {first}, {', '.join(names)} hold{'s' if one else ''} for time: longer sessions let "
        f"{'it' if one else 'them'} progress."
    ]


def _short_first_week(weeks: list[Week], minutes: int, done: int) -> list[str]:
    """Week 1 fills 75-100% of the session time, or one line says how long it is and why."""
    if done or minutes < 20 or not weeks:
        return []
    longest = max((s.estimated_minutes for s in weeks[0].sessions), default=0)
    if longest >= rules.MIN_FILL * minutes:
        return []
    first = {i.exercise for s in weeks[0].sessions for i in s.items}
    later = [i.family_name for w in weeks[1:] for s in w.sessions for i in s.items if i.exercise not in first]
    why_short = (
        f"{', '.join(dict.fromkeys(later))} join{'s' if len(set(later)) == 1 else ''} later, and the doses grow week "
        "by week"
        if later
        else "nothing more in the library fits this goal, pain and equipment; the doses grow week by week"
    )
    return [f"Week 1 is about {longest} of {minutes} minutes a session: {why_short}."]


def _needs_kit(tracks: dict[str, Track], have: frozenset[Equipment]) -> list[str]:
    """Say once which kit, of what the person lacks, would let a family held on its rung go on."""
    notes = []
    for track in tracks.values():
        first = next((p for _, p in sorted(track.by_week.items()) if p.rule is Rule.needs_kit), None)
        if first is not None:
            needed = track.family.levels[first.index + 1].equipment
            kit = " and ".join(e.value.replace("-", " ") for e in needed if e not in have)
            notes.append(
                f"{track.family.name} holds at level {first.index + 1}: level {first.index + 2} needs a {kit}."
            )
    return notes


RETEST_EVERY_WEEKS = 8


def _retest(weeks: int) -> list[str]:
    """Long plans say when to retest and re-plan (domain.md, third round: every 8 weeks)."""
    if weeks < RETEST_EVERY_WEEKS:
        return []
    when = ", ".join(str(w) for w in range(RETEST_EVERY_WEEKS, weeks + 1, RETEST_EVERY_WEEKS))
    return [
        f"Retest and re-plan every {RETEST_EVERY_WEEKS} weeks (week{'s' if weeks >= 2 * RETEST_EVERY_WEEKS else ''} "
        f"{when}): redo the self-tests and make a new plan from the results."
    ]


def _tops(tracks: dict[str, Track]) -> list[str]:
    """Say once when an exercise reaches the top of what the plan allows and holds there."""
    notes = []
    for track in tracks.values():
        first = next((w for w, p in sorted(track.by_week.items()) if p.rule is Rule.top_of_ladder), None)
        if first is not None:
            level = track.by_week[first].index + 1
            notes.append(
                f"{track.family.name} reaches the top of what this plan allows (level {level}) in week "
                f"{first} and holds there."
            )
    return notes
