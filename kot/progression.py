"""Week by week, each family's level and dose: the double progression, level steps by their criteria, the
band's cadence, deload and consolidate weeks, and the session time.

Pure. A family's dose is the same in every session of a week; what changes from one week to the next is
one thing at most (more reps or seconds, a set more, or a level step), and each change names its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kot import rules, wording
from kot.model import KNEE_CATEGORIES, Category, Equipment, ExerciseFamily, GoalTemplate, PainBand
from kot.rules import Action, Dose, Rule, Verdict, WeekKind, why
from kot.values import field, record, replace


@record(frozen=True)
class Prescription:
    """One family's level and dose in one week, the rule that set it, its reasons, and at most how many of
    its sessions that week has (None: all it is placed in)."""

    index: int
    dose: Dose
    rule: Rule
    why: tuple[str, ...]
    sessions: int | None = None


@record
class Track:
    """One family's path up its ladder across the weeks."""

    family: ExerciseFamily
    importance: tuple[int, int, int]  # lower is kept longer and steps first: (not core, priority, slot order)
    start_week: int
    index: int
    dose: Dose
    notes: list[str]
    weeks_on_level: int = 1
    seeded: bool = False  # carried on from weeks already done (a revision), not starting fresh
    rebanded: str | None = None  # the re-band note when the band no longer allowed its level
    time_holds: int = 0  # working weeks in a row held back by the session time
    waiting: int = 0  # weeks in a row its criterion was met but it waited its turn to step
    top_weeks: int = 0  # working weeks in a row held at the top of what it may reach (ladder, band, kit, time)
    maintenance: bool = False  # held at its top long enough: a maintenance dose from now on
    yielded: bool = False  # in maintenance to give its time to others still progressing; it comes back after
    capped: dict[int, Dose] = field(default_factory=dict)  # level -> the time-capped dose it steps at
    by_week: dict[int, Prescription] = field(default_factory=dict)

    @property
    def knee(self) -> bool:
        return self.family.category in KNEE_CATEGORIES

    @property
    def jumps(self) -> bool:
        return self.family.category is Category.plyometric


@record(frozen=True)
class Course:
    """The plan-wide settings the progression follows. `exposures` gives how many sessions a family is
    placed in from a week on (before this week's limits)."""

    template: GoalTemplate
    band: PainBand
    pain: int
    kit: frozenset[Equipment]
    weeks: int
    budget_seconds: int
    jumps_from: int | None
    exposures: Callable[[str, int], int] = lambda fid, week: 1


@record(frozen=True)
class Context:
    """What one row of the precedence table looks at."""

    week: int
    kind: WeekKind
    track: Track
    verdict: Verdict | None
    first_week: int


def _eased(c: Context) -> bool:
    return c.verdict is not None and c.verdict.action is Action.regress and c.verdict.rule is Rule.checkin_regress


def _answers_checkin(c: Context) -> bool:
    v = c.verdict
    return (
        v is not None
        and v.action is not Action.progress
        and not (v.action is Action.hold and c.kind is WeekKind.deload)
    )


# The order in which the rules decide a family's week: the first row whose condition holds decides.
PRECEDENCE: tuple[tuple[Rule, Callable[[Context], bool]], ...] = (
    (Rule.re_band, lambda c: bool(c.track.rebanded) and c.week == c.first_week and not _eased(c)),
    (Rule.checkin_hold, _answers_checkin),
    (Rule.start, lambda c: c.week == c.track.start_week and not c.track.seeded),
    (Rule.deload, lambda c: c.kind is WeekKind.deload),
    (Rule.consolidate, lambda c: c.kind is WeekKind.consolidate),
    (Rule.orange_settle, lambda c: c.kind is WeekKind.settle),
    (Rule.maintenance, lambda c: c.track.maintenance),
    (Rule.dose_up, lambda c: True),
)


def progress(
    tracks: dict[str, Track],
    sessions: list[list[str]],
    course: Course,
    verdicts: Mapping[str, Verdict] | None = None,
    first_week: int = 1,
    last_step_week: int | None = None,
    calm: bool = True,
) -> None:
    """Fill every track's prescription for every week from `first_week` on. `sessions` lists the families
    of each session of the week, those that join later included: their time is kept free for them.
    `verdicts` are the check-ins' verdicts per family, applied in `first_week` (see kot.adapt); `calm` is
    False when that week answers a flare or an escalation (no knee step then); `last_step_week` is the last
    week a knee exercise stepped up before it."""
    every = course.template.progression.deload_every_weeks
    last_volume: float | None = None
    for week in range(first_week, course.weeks + 1):
        kind = rules.week_kind(week, course.weeks, course.band, every)
        live = {fid: t for fid, t in tracks.items() if week >= t.start_week}
        if kind is WeekKind.normal:
            _come_back(live, sessions)
        plan = _Week(week, course, last_step_week, calm or week > first_week)
        plan.make_room = any(t.knee and t.time_holds for t in live.values())
        for track in live.values():
            verdict = (verdicts or {}).get(track.family.id) if week == first_week and track.seeded else None
            context = Context(week, kind, track, verdict, first_week)
            rule = next(rule for rule, applies in PRECEDENCE if applies(context))
            plan.decide_by(rule, context)
        plan.step_in_turn(sessions, tracks)
        plan.fit_time(sessions, tracks)
        plan.limit_sessions(live)
        if kind is WeekKind.normal:
            last_volume = plan.cap_knee_volume(live, last_volume)
            live = {fid: t for fid, t in live.items() if fid in plan.decisions}
        for fid, track in live.items():
            _record(track, plan.decisions[fid], week, kind, course)
        if kind is WeekKind.normal:
            _give_way(live, sessions)
        if plan.knee_steps:
            last_step_week = week


def _record(track: Track, decided: Prescription, week: int, kind: WeekKind, course: Course) -> None:
    """Keep the week's prescription and move the track's counters on."""
    shown = decided
    if kind is WeekKind.deload and decided.rule is Rule.deload:
        cut = course.template.progression.deload_set_cut
        shown = replace(decided, dose=rules.deload_dose(decided.dose, cut))
    track.by_week[week] = shown
    if decided.index != track.index or decided.rule is Rule.checkin_regress:
        track.weeks_on_level = 1
        track.top_weeks = 0
        track.maintenance = track.yielded = False
    elif kind is not WeekKind.deload:
        track.weeks_on_level += 1
    if decided.rule is Rule.level_step_for_time:
        track.capped[track.index] = track.dose
    track.index, track.dose = decided.index, decided.dose
    if kind is WeekKind.normal:
        track.time_holds = track.time_holds + 1 if decided.rule is Rule.hold_time else 0
        track.waiting = track.waiting + 1 if decided.rule is Rule.one_knee_step else 0
        track.top_weeks = track.top_weeks + 1 if decided.rule in AT_TOP else 0
        if track.top_weeks >= rules.MAINTENANCE_AFTER_WEEKS:
            track.maintenance = True


def _neighbours(track: Track, live: dict[str, Track], sessions: list[list[str]]) -> list[Track]:
    """The other families that share a session with this one: they compete for the same minutes."""
    fid = track.family.id
    near = {f for session in sessions if fid in session for f in session if f != fid}
    return [live[f] for f in near if f in live]


def _progressing(track: Track) -> bool:
    return not track.maintenance and track.top_weeks == 0


def _give_way(live: dict[str, Track], sessions: list[list[str]]) -> None:
    """A family held by the session time for two working weeks keeps a maintenance dose. While another
    family in its sessions still progresses, it gives way to it and comes back later (`yielded`); one a
    week, the least important first, so the time it frees goes to the rest. With nothing else progressing,
    the time is its top: it stays in maintenance."""
    held = sorted(
        (t for t in live.values() if _progressing(t) and t.time_holds >= rules.MAINTENANCE_AFTER_WEEKS),
        key=lambda t: t.importance,
        reverse=True,
    )
    for track in held:
        others = any(_progressing(t) for t in _neighbours(track, live, sessions))
        track.maintenance, track.yielded = True, others
        if others:
            return


def _come_back(live: dict[str, Track], sessions: list[list[str]]) -> None:
    """A family that gave way comes back to progressing, from its maintenance dose, once nothing else in
    its sessions progresses any more; the most important first, one a week."""
    for track in sorted((t for t in live.values() if t.yielded), key=lambda t: t.importance):
        if not any(_progressing(t) for t in _neighbours(track, live, sessions)):
            track.maintenance = track.yielded = False
            track.time_holds = track.top_weeks = 0
            return


def _hold(track: Track, rule: Rule, text: str) -> Prescription:
    return Prescription(track.index, track.dose, rule, (why(rule, text),))


def _checkin(track: Track, verdict: Verdict) -> Prescription:
    """A check-in's verdict for the coming week. A flare acts on its cause (kot.adapt names it): down a
    rung, or half the sets on the first; the knee hold keeps its dose (it eases pain); the rest holds.
    After two missed weeks the dose steps back one week's worth."""
    family = track.family
    if verdict.action is Action.missed:
        level = family.levels[track.index]
        dose = rules.step_back(track.dose, level.dosage)
        return Prescription(track.index, dose, Rule.checkin_back, (why(Rule.checkin_back, verdict.reason),))
    if verdict.action is Action.regress and verdict.rule is Rule.checkin_regress:
        index, dose, how = rules.regress(family, track.index, track.dose)
        return Prescription(index, dose, Rule.checkin_regress, (why(Rule.checkin_regress, f"{verdict.reason}; {how}"),))
    if verdict.action is Action.regress and family.category is Category.knee_isometric:
        return _hold(track, Rule.flare_keep, f"{verdict.reason}; the pain-easing hold keeps its dose")
    return _hold(track, Rule.checkin_hold, f"{verdict.reason}; same level and dose")


class _Week:
    """The decisions of one week, with the week's limits on level steps."""

    def __init__(self, week: int, course: Course, last_step_week: int | None, calm: bool):
        self.week = week
        self.course = course
        self.last_step_week = last_step_week
        self.calm = calm
        self.decisions: dict[str, Prescription] = {}
        self.steps = 0
        self.knee_steps = 0
        self.criterion_met: list[Track] = []  # families whose criterion is met this week, stepping in turn
        self.make_room = False  # knee work was held for time last week: maintenance frees what it can

    def decide(self, track: Track, prescription: Prescription) -> None:
        self.decisions[track.family.id] = prescription

    def decide_by(self, rule: Rule, c: Context) -> None:
        """Apply the row of the precedence table that decided this family's week."""
        track, week = c.track, c.week
        if rule is Rule.re_band:
            self.decide(track, Prescription(track.index, track.dose, Rule.re_band, (track.rebanded or "",)))
        elif rule is Rule.checkin_hold:
            self.decide(track, _checkin(track, c.verdict))  # type: ignore[arg-type]
        elif rule is Rule.start:
            self.decide(track, Prescription(track.index, track.dose, Rule.start, tuple(track.notes)))
        elif rule is Rule.deload:
            self.decide(track, _hold(track, Rule.deload, f"week {week}: about half the sets, same level"))
        elif rule is Rule.consolidate:
            self.decide(
                track,
                _hold(track, Rule.consolidate, f"week {week}: same dose, no level steps, to let the knee catch up"),
            )
        elif rule is Rule.orange_settle:
            self.decide(
                track,
                _hold(track, rule, "at pain 5-6 the first two weeks keep the starting dose while the knee settles"),
            )
        elif rule is Rule.maintenance:
            self.decide(track, self.maintain(track))
        else:
            self.grow_or_step(track)

    def maintain(self, track: Track) -> Prescription:
        """A maintenance dose: the bottom of the set range; a ramped family (Nordic curls) once a week."""
        sessions = 1 if track.family.ramp else None
        if track.yielded:
            rule = Rule.give_way
            text = "held by the session time for two working weeks: a maintenance dose while the others progress"
        else:
            rule = Rule.maintenance
            text = "held at its top for two working weeks: the bottom of its set range"
        text += ", one session a week" if sessions else ""
        dose = rules.maintenance_dose(track.dose, track.family.levels[track.index].dosage, self.make_room)
        return Prescription(track.index, dose, rule, (why(rule, text),), sessions)

    def grow_or_step(self, track: Track) -> None:
        """More dose inside the level, or, with the level's printed criterion reached, the next level."""
        level = track.family.levels[track.index]
        target = rules.criterion_dose(track.family, track.index)
        if rules.criterion_met(track.dose, target):
            self.criterion_met.append(track)
            return
        grown = rules.grow(track.dose, level.dosage, self.course.template.progression.weekly_growth)
        if grown is None:
            self.criterion_met.append(track)
            return
        dose, rule = grown
        if rule is Rule.minute_steps:
            self.decide(
                track,
                _hold(
                    track,
                    rule,
                    "timed work of 2 minutes or more grows a whole minute at a time, "
                    "more than a quarter in one week from here: held",
                ),
            )
            return
        before, after = (
            wording.amount_text(track.dose.reps, track.dose.seconds),
            wording.amount_text(dose.reps, dose.seconds),
        )
        text = (
            f"{before} -> {after} a set"
            if rule is Rule.dose_up
            else f"top of the range on every set: {dose.sets} sets, back to "
            f"{wording.amount_text(dose.reps, dose.seconds)}"
        )
        self.decide(track, Prescription(track.index, dose, rule, (why(rule, text),)))

    def step_in_turn(self, sessions: list[list[str]], tracks: dict[str, Track]) -> None:
        """Families whose criterion is met step up in turn: the longest waiting first, then the longest on
        their level, so none waits for ever behind more important ones; a step that would overrun a session
        waits without using a turn."""

        def room(track: Track, dose: Dose) -> bool:
            for session in sessions:
                if track.family.id in session:
                    doses = [dose if f == track.family.id else self.dose_of(f, tracks) for f in session]
                    longer = rules.session_seconds([dose]) > rules.session_seconds([track.dose])
                    if longer and rules.session_seconds(doses) > self.course.budget_seconds:
                        return False
            return True

        for track in sorted(self.criterion_met, key=lambda t: (-t.waiting, -t.weeks_on_level, t.importance)):
            self.step(track, for_time=False, room=room)

    def dose_of(self, fid: str, tracks: dict[str, Track]) -> Dose:
        """This week's dose of a family so far (its decision, else last week's)."""
        return self.decisions[fid].dose if fid in self.decisions else tracks[fid].dose

    def step(self, track: Track, *, for_time: bool, room: Callable[[Track, Dose], bool] | None = None) -> bool:
        """Step up one rung if every rule allows it; otherwise hold, naming the rule that held it."""
        c = self.course
        family = track.family
        reached = rules.criterion_dose(family, track.index, track.dose if for_time else None)
        reached_text = wording.dose_text(reached.sets, reached.reps, reached.seconds, reached.per_side)
        reason = (
            f"{reached_text} is as much as fits in the session; "
            if for_time
            else f"criterion reached last week ({reached_text}); "
        )
        if not self.calm and track.knee:
            return self._hold(
                track, Rule.flare_no_step, why(Rule.flare_no_step, reason + "no knee step while a flare settles")
            )
        jumping = track.jumps and c.jumps_from is not None
        double_leg_only = jumping and self.week < (c.jumps_from or 0) + rules.DOUBLE_LEG_WEEKS
        found = rules.next_rung(family, track.index, c.pain, c.kit, double_leg_only=double_leg_only)
        if found is None:
            if double_leg_only and rules.next_rung(family, track.index, c.pain, c.kit) is not None:
                held = why(Rule.double_leg_first, "the first two weeks of jumping stay on two legs")
                return self._hold(track, Rule.double_leg_first, held)
            block = rules.next_rung_block(family, track.index, c.pain, c.kit)
            if block is not None and block.equipment:
                text = f"level {track.index + 2} {block}: held at the top of level {track.index + 1}"
                return self._hold(track, Rule.needs_kit, why(Rule.needs_kit, reason + text))
            rule = Rule.hold_time if for_time else Rule.top_of_ladder
            return self._hold(track, rule, why(rule, reason + "at the top of what this plan allows: hold here"))
        blocked = rules.step_blocked(
            family,
            c.band,
            self.week,
            self.last_step_week,
            track.weeks_on_level,
            c.template.progression.level_step_every_weeks,
        )
        if blocked is None and not rules.steps_left(track.knee, self.steps, self.knee_steps):
            blocked = (
                Rule.one_knee_step,
                "at most one knee level step a week and two level steps in all, so any flare points to one "
                "change: this one waits its turn",
            )
        if blocked is not None:
            rule = Rule.hold_time if for_time else blocked[0]
            return self._hold(track, rule, why(rule, reason + blocked[1]))
        new = family.levels[found]
        dose = rules.step_dose(new.dosage, track.dose)
        if room is not None and not room(track, dose):
            return self._hold(
                track,
                Rule.hold_time,
                why(Rule.hold_time, reason + "the next level would overrun the session time: this one waits"),
            )
        if for_time and rules.session_seconds([dose]) > rules.session_seconds([track.dose]):
            return self._hold(
                track,
                Rule.hold_time,
                why(Rule.hold_time, reason + "and the next level takes longer still: held at this dose"),
            )
        rule = Rule.level_step_for_time if for_time else Rule.level_step
        notes = (why(rule, f"{reason}up to level {found + 1}, {new.name}, at the bottom of its range"),)
        self.decide(track, Prescription(found, dose, rule, notes))
        self.steps += 1
        self.knee_steps += track.knee
        return True

    def _hold(self, track: Track, rule: Rule, text: str) -> bool:
        self.decide(track, Prescription(track.index, track.dose, rule, (text,)))
        return False

    def fit_time(self, sessions: list[list[str]], tracks: dict[str, Track]) -> None:
        """When a session would overrun its time, the least important item that would grow gives way: it
        holds. A non-knee family held one working week at that dose may step up a level instead, when that
        takes no longer (its printed criterion then says "as much as fits"); knee work never steps for
        time. A level step that would overrun waits. Families that join in a later week count at their
        starting dose, so their time stays free."""

        def dose(fid: str) -> Dose:
            return self.decisions[fid].dose if fid in self.decisions else tracks[fid].dose

        def longer(fid: str) -> bool:
            decided = self.decisions.get(fid)
            return decided is not None and rules.session_seconds([decided.dose]) > rules.session_seconds(
                [tracks[fid].dose]
            )

        for session in sessions:
            while rules.session_seconds([dose(f) for f in session]) > self.course.budget_seconds:
                growing = sorted(
                    (f for f in session if f in self.decisions and self.decisions[f].rule in GROWING),
                    key=lambda f: tracks[f].importance,
                )
                stepping = [
                    f for f in session if f in self.decisions and self.decisions[f].rule in STEPPING and longer(f)
                ]
                if growing:
                    track = tracks[growing[-1]]
                    if rules.steps_for_time(track.family) and track.time_holds >= rules.TIME_HOLD_WEEKS:
                        self.step(track, for_time=True)
                    else:
                        self._hold(
                            track,
                            Rule.hold_time,
                            why(Rule.hold_time, "more would overrun the session time: same dose this week"),
                        )
                elif stepping:
                    self.undo_step(tracks[max(stepping, key=lambda f: tracks[f].importance)])
                else:
                    break

    def undo_step(self, track: Track) -> None:
        """A level step that would overrun the session waits."""
        self.steps -= 1
        self.knee_steps -= track.knee
        self._hold(
            track, Rule.hold_time, why(Rule.hold_time, "the next level would overrun the session time: this one waits")
        )

    def limit_sessions(self, live: dict[str, Track]) -> None:
        """The first jumping week has jumps in at most two sessions, at most 40 foot contacts each."""
        for fid, track in live.items():
            if track.jumps and self.week == track.start_week and not track.seeded:
                decided = self.decisions[fid]
                dose = rules.cap_contacts(decided.dose, rules.FIRST_JUMP_CONTACTS)
                text = why(
                    Rule.first_jumps,
                    f"the first jumping week: at most {rules.FIRST_JUMP_SESSIONS} sessions, "
                    f"{rules.FIRST_JUMP_CONTACTS} foot contacts each",
                )
                self.decisions[fid] = replace(
                    decided, dose=dose, sessions=rules.FIRST_JUMP_SESSIONS, why=(*decided.why, text)
                )
                if dose != track.dose:
                    track.dose = dose

    def cap_knee_volume(self, live: dict[str, Track], last: float | None) -> float:
        """Weekly knee volume (reps, seconds as reps at 3 s, foot contacts) grows at most 25% from one working
        week to the next: the least important knee families that would grow hold until it fits. Returns the
        week's knee volume."""

        def volume() -> float:
            total = 0.0
            for fid, track in live.items():
                if track.knee and fid in self.decisions:
                    decided = self.decisions[fid]
                    count = self.course.exposures(fid, self.week)
                    if decided.sessions is not None:
                        count = min(count, decided.sessions)
                    total += rules.work_units(decided.dose) * count
            return total

        if not last:  # no knee work before: nothing to grow from
            return volume()
        limit = last * (1 + rules.MAX_WEEKLY_GROWTH)
        growers = sorted(
            (t for t in live.values() if t.knee and self.decisions[t.family.id].rule in GROWING),
            key=lambda t: t.importance,
            reverse=True,
        )
        for track in growers:
            if volume() <= limit:
                break
            self._hold(
                track,
                Rule.knee_volume,
                why(Rule.knee_volume, "the week's knee work may grow at most 25%: same dose this week"),
            )
        newcomers = sorted(
            (t for t in live.values() if t.knee and t.start_week == self.week and not t.seeded),
            key=lambda t: t.importance,
            reverse=True,
        )
        for track in newcomers:
            over = volume() - limit
            if over <= 0:
                break
            fid = track.family.id
            decided = self.decisions[fid]
            count = min(self.course.exposures(fid, self.week), decided.sessions or 7)
            room = rules.work_units(decided.dose) - over / max(count, 1)
            smaller = rules.shrink_to(decided.dose, room)
            if smaller is None:  # not even the smallest dose fits: it joins next week
                track.start_week += 1
                del self.decisions[fid]
                continue
            text = why(Rule.knee_volume, "a lighter first week, so the week's knee work grows at most 25%")
            self.decisions[fid] = replace(decided, dose=smaller, why=(*decided.why, text))
        return volume()


GROWING = (Rule.dose_up, Rule.add_set)
STEPPING = (Rule.level_step, Rule.level_step_for_time)
AT_TOP = (Rule.top_of_ladder, Rule.needs_kit)
