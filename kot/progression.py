"""Week by week, each family's level and dose: the double progression, level steps by their criteria, the
band's cadence, deload and consolidate weeks, and the session time.

Pure. A family's dose is the same in every session of a week; what changes from one week to the next is
one thing at most (more reps or seconds, a set more, or a level step), and each change names its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kot import rules
from kot.model import KNEE_CATEGORIES, Category, Equipment, ExerciseFamily, GoalTemplate, PainBand
from kot.rules import Dose, Rule, Verdict, WeekKind, why


@dataclass(frozen=True)
class Prescription:
    """One family's level and dose in one week, the rule that set it, and its reasons."""

    index: int
    dose: Dose
    rule: Rule
    why: tuple[str, ...]


@dataclass
class Track:
    """One family's path up its ladder across the weeks."""

    family: ExerciseFamily
    importance: tuple[int, int, int]  # lower is kept longer and steps first: (not core, priority, slot order)
    start_week: int
    index: int
    dose: Dose
    notes: list[str]
    weeks_on_level: int = 0
    seeded: bool = False  # carried on from weeks already done (a revision), not starting fresh
    rebanded: str | None = None  # the re-band note when the band no longer allowed its level
    time_holds: int = 0  # working weeks in a row held back by the session time
    waiting: int = 0  # weeks in a row its criterion was met but it waited its turn to step
    by_week: dict[int, Prescription] = field(default_factory=dict)

    @property
    def knee(self) -> bool:
        return self.family.category in KNEE_CATEGORIES


@dataclass(frozen=True)
class Course:
    """The plan-wide settings the progression follows."""

    template: GoalTemplate
    band: PainBand
    pain: int
    kit: frozenset[Equipment]
    weeks: int
    budget_seconds: int
    jumps_from: int | None


def progress(
    tracks: dict[str, Track],
    sessions: list[list[str]],
    course: Course,
    verdicts: Mapping[str, Verdict] | None = None,
    first_week: int = 1,
    last_step_week: int | None = None,
) -> None:
    """Fill every track's prescription for every week from `first_week` on. `sessions` lists the families
    of each session of the week, those that join later included: their time is kept free for them.
    `verdicts` are the check-ins' verdicts per family, applied in `first_week` (see kot.adapt);
    `last_step_week` is the last week a knee exercise stepped up before it."""
    every = course.template.progression.deload_every_weeks
    for week in range(first_week, course.weeks + 1):
        kind = rules.week_kind(week, course.weeks, course.band, every)
        live = {fid: t for fid, t in tracks.items() if week >= t.start_week}
        plan = _Week(week, course, last_step_week)
        for fid, track in live.items():
            verdict = (verdicts or {}).get(fid) if week == first_week and track.seeded else None
            flare = verdict is not None and verdict.action == "regress"
            eased = (
                flare and rules.flare_response(track.family, track.family.levels[track.index]) is Rule.checkin_regress
            )
            if track.rebanded and week == first_week and not eased:
                plan.decide(track, Prescription(track.index, track.dose, Rule.re_band, (track.rebanded,)))
            elif (
                verdict is not None
                and verdict.action != "progress"
                and not (verdict.action == "hold" and kind is WeekKind.deload)
            ):
                plan.decide(track, _checkin(track, verdict))
            elif week == track.start_week and not track.seeded:
                plan.decide(track, Prescription(track.index, track.dose, Rule.start, tuple(track.notes)))
            elif kind is WeekKind.deload:
                plan.decide(track, _hold(track, Rule.deload, f"week {week}: about half the sets, same level"))
            elif kind is WeekKind.consolidate:
                plan.decide(
                    track,
                    _hold(track, Rule.consolidate, f"week {week}: same dose, no level steps, to let the knee catch up"),
                )
            elif kind is WeekKind.settle:
                plan.decide(
                    track,
                    _hold(
                        track,
                        Rule.orange_settle,
                        "at pain 5-6 the first two weeks keep the starting dose while the knee settles",
                    ),
                )
            else:
                plan.grow_or_step(track)
        plan.step_in_turn(sessions, tracks)
        plan.fit_time(sessions, tracks)
        for fid, track in live.items():
            shown = plan.decisions[fid]
            if kind is WeekKind.deload and shown.rule is Rule.deload:
                cut = course.template.progression.deload_set_cut
                shown = Prescription(shown.index, rules.deload_dose(shown.dose, cut), shown.rule, shown.why)
            track.by_week[week] = shown
            decided = plan.decisions[fid]
            if decided.index != track.index or decided.rule is Rule.checkin_regress:
                track.weeks_on_level = 1
            elif kind is not WeekKind.deload:
                track.weeks_on_level += 1
            track.index, track.dose = decided.index, decided.dose
            if kind is WeekKind.normal:
                track.time_holds = track.time_holds + 1 if decided.rule is Rule.hold_time else 0
                track.waiting = track.waiting + 1 if decided.rule is Rule.one_knee_step else 0
        if plan.knee_steps:
            last_step_week = week


def _hold(track: Track, rule: Rule, text: str) -> Prescription:
    return Prescription(track.index, track.dose, rule, (why(rule, text),))


def _checkin(track: Track, verdict: Verdict) -> Prescription:
    """A check-in's verdict for the coming week. In a flare the knee hold keeps its dose (it eases pain),
    loaded or deep knee work goes down a rung (or halves on the first), the rest holds; after two missed
    weeks the dose steps back one week's worth."""
    family = track.family
    if verdict.action == "missed":
        level = family.levels[track.index]
        dose = rules.step_back(track.dose, level.dosage)
        return Prescription(track.index, dose, Rule.checkin_back, (why(Rule.checkin_back, verdict.reason),))
    if verdict.action == "regress":
        response = rules.flare_response(family, family.levels[track.index])
        if response is Rule.flare_keep:
            return _hold(track, Rule.flare_keep, f"{verdict.reason}; the pain-easing hold keeps its dose")
        if response is Rule.checkin_regress:
            index, dose, how = rules.regress(family, track.index, track.dose)
            return Prescription(
                index, dose, Rule.checkin_regress, (why(Rule.checkin_regress, f"{verdict.reason}; {how}"),)
            )
    return _hold(track, Rule.checkin_hold, f"{verdict.reason}; same level and dose")


class _Week:
    """The decisions of one week, with the week's limits on level steps."""

    def __init__(self, week: int, course: Course, last_step_week: int | None):
        self.week = week
        self.course = course
        self.last_step_week = last_step_week
        self.decisions: dict[str, Prescription] = {}
        self.steps = 0
        self.knee_steps = 0
        self.criterion_met: list[Track] = []  # families whose criterion is met this week, stepping in turn

    def decide(self, track: Track, prescription: Prescription) -> None:
        self.decisions[track.family.id] = prescription

    def grow_or_step(self, track: Track) -> None:
        """More dose inside the level, or, with the level's criterion met, the next level."""
        level = track.family.levels[track.index]
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
            rules.amount_text(track.dose.reps, track.dose.seconds),
            rules.amount_text(dose.reps, dose.seconds),
        )
        text = (
            f"{before} -> {after} a set"
            if rule is Rule.dose_up
            else f"top of the range on every set: {dose.sets} sets, back to "
            f"{rules.amount_text(dose.reps, dose.seconds)}"
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
        """Step up a level if every rule allows it; otherwise hold, naming the rule that held it."""
        c = self.course
        family = track.family
        jumping = family.category is Category.plyometric and c.jumps_from is not None
        double_leg_only = jumping and self.week < (c.jumps_from or 0) + rules.DOUBLE_LEG_WEEKS
        found = rules.next_rung(family, track.index, c.pain, c.kit, double_leg_only=double_leg_only)
        reason = "more would overrun the session time; " if for_time else "criterion met; "
        if found is None:
            if double_leg_only and rules.next_rung(family, track.index, c.pain, c.kit) is not None:
                held = why(Rule.double_leg_first, "the first two weeks of jumping stay on two legs")
                return self._hold(track, Rule.double_leg_first, held)
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
        index, skipped = found
        new = family.levels[index]
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
        notes = [why(rule, f"{reason}up to level {index + 1}, {new.name}, at the bottom of its range")]
        if skipped:
            names = ", ".join(str(i + 1) for i in skipped)
            notes.append(
                why(Rule.skip_rung, f"level{'s' if len(skipped) > 1 else ''} {names} need equipment you do not have")
            )
        self.decide(track, Prescription(index, dose, rule, tuple(notes)))
        self.steps += 1
        self.knee_steps += track.knee
        return True

    def _hold(self, track: Track, rule: Rule, text: str) -> bool:
        self.decide(track, Prescription(track.index, track.dose, rule, (text,)))
        return False

    def fit_time(self, sessions: list[list[str]], tracks: dict[str, Track]) -> None:
        """When a session would overrun its time, the least important item that would grow gives way: it
        steps up a level instead when that takes no longer (unless it is the session's most important
        grower, which first holds, for up to TIME_HOLD_WEEKS in a row, so the main work climbs to its
        criterion), and otherwise holds. A level step that would overrun waits. Families that join in a
        later week count at their starting dose, so their time stays free."""

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
                    if len(growing) > 1 or track.time_holds >= rules.TIME_HOLD_WEEKS:
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


GROWING = (Rule.dose_up, Rule.add_set)
STEPPING = (Rule.level_step, Rule.level_step_for_time)
