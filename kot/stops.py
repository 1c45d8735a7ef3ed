"""A stop that stays: a plan stopped for safety gives no session until a clinician has cleared the person.

Why in the diary: a stop (pain 7 or more, a red flag, a third worse week; exit 3 from `kot checkin` or `kot
next`) used to be forgotten the moment it was printed, and the next `kot today` handed out a session. It is
kept with the plan, and `today`, `show`, `export`, `checkin` and `next` refuse (exit 3) until `kot resume PLAN
--cleared TEXT` records who cleared it; the plan then goes on with a settle week in the orange band
(shared/domain.md, third round, "The loop remembers and aims at the cause").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kot import adapt, rules
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused, UsageError
from kot.generator import Continuation, build_program
from kot.library import load_library
from kot.model import Program
from kot.rules import Verdict
from kot.saved import read_program
from kot.store import Stop, Store


class PlanStopped(PlanRefused):
    """A plan the diary keeps stopped: the referral again, and how to go on once cleared. Exit 3."""


STOPPED_HEADING = "This plan is stopped."


def stopped_refusal(stop: Stop, path: Path | str) -> PlanStopped:
    """The referral of a saved stop, and the one way on."""
    where = f" at week {stop.week} day {stop.day}" if stop.week is not None else ""
    when = f" on {stop.stopped_at[:10]}" if stop.stopped_at else ""
    reasons = [f"Stopped{where}{when}.", *stop.reasons]
    advice = (
        f"{stop.advice} Once a physiotherapist or doctor has cleared you to go on: "
        f'kot resume {path} --cleared "who cleared you and what they said"'
    )
    return PlanStopped(reasons, advice, heading=STOPPED_HEADING)


def active_stop(stops: Sequence[Stop]) -> Stop | None:
    """The stop in force: the first one not cleared yet."""
    return next((s for s in stops if s.cleared is None), None)


def resumed_from(stops: Sequence[Stop]) -> int | None:
    """The week a cleared plan went on from (its settle week), after the latest clearance; None if never."""
    cleared = [s.from_week for s in stops if s.cleared is not None and s.from_week is not None]
    return max(cleared) if cleared else None


def in_force(checkins: Sequence[CheckIn], stops: Sequence[Stop]) -> list[CheckIn]:
    """The check-ins the coming weeks answer to: those since the plan last resumed (the resumed revision
    already took the earlier ones into account, and a clinician cleared what stopped it)."""
    since = resumed_from(stops)
    return [c for c in checkins if since is None or c.week >= since]


def stops_of(program: Program, *, strict: bool = True) -> list[Stop]:
    """A plan's stops, read without writing anything. Not `strict`: a diary that cannot be read counts as
    none (for an export, which needs the diary for nothing else)."""
    if not program.plan_id:
        return []
    try:
        store = Store.reader()
    except KotError:
        if strict:
            raise
        return []
    if store is None:
        return []
    try:
        return store.stops(program.plan_id)
    except KotError:
        if strict:
            raise
        return []
    finally:
        store.close()


def refuse_if_stopped(program: Program, path: Path | str, *, strict: bool = True) -> None:
    """Raise PlanStopped (exit 3) when the diary keeps this plan stopped."""
    stop = active_stop(stops_of(program, strict=strict))
    if stop is not None:
        raise stopped_refusal(stop, path)


def as_stop(program: Program, refusal: PlanRefused, at: CheckIn | None) -> Stop:
    """A refusal from the rules, as the stop the diary keeps."""
    return Stop(
        program.plan_id or "",
        tuple(refusal.reasons),
        refusal.advice,
        at.week if at is not None else None,
        at.day if at is not None else None,
    )


@dataclass(frozen=True)
class Resumed:
    """What `kot resume` did: the clearance recorded, and the settle week it wrote (None: no weeks left)."""

    path: Path
    cleared: str
    on: str
    settle_week: int | None
    program: Program


def settle_pain(program: Program) -> int:
    """The orange band's pain for the settle week: the plan's own pain when it is already there."""
    now = program.current_pain if program.current_pain is not None else program.inputs.pain
    return min(max(now, rules.ORANGE_MIN_PAIN), rules.RED_MIN_PAIN - 1)


def settle_revision(program: Program, checkins: Sequence[CheckIn], settle: int, extra: Sequence[Path]) -> Program:
    """The next revision after a clearance: the weeks before `settle` kept as they are, `settle` on built
    in the orange band (gentle, pain-easing work, no knee level steps), every family holding its dose."""
    library = load_library(list(extra))
    done = tuple(program.weeks[: settle - 1])
    families = {i.exercise for w in done for s in w.sessions for i in s.items}
    reason = "cleared by a clinician after a stop: a settle week at the same dose"
    note = (
        f"From week {settle}: a clinician cleared you after the stop, so the plan settles for a week on gentle, "
        "pain-easing work (the pain 5-6 rules) before it builds again."
    )
    cont = Continuation(
        done,
        settle_pain(program),
        {fid: Verdict(rules.Action.hold, reason, rules.Rule.checkin_hold) for fid in families},
        notes=(note,),
        # Gates opened before the stop stay open: the clearance restarts nothing the person had earned.
        gates={g.id: g.opened_week for g in program.stage_gates if g.opened_week is not None},
    )
    rebuilt = build_program(adapt.request_for(program), library, cont)
    return replace(
        rebuilt,
        plan_id=program.plan_id,
        created=program.created,
        client=program.client,
        coach=program.coach,
        revision=program.revision + 1,
        checkins_applied=len(checkins),
    )


def resume(path: Path, cleared: str, on: str, extra: Sequence[Path], *, write: Callable[[Path, str], None]) -> Resumed:
    """Record that a clinician cleared a stopped plan and rewrite it in place (through `write`) with an orange
    settle week from the first week not checked in; earlier revisions stay in the diary."""
    from kot import revisions

    if not cleared.strip():
        raise UsageError("say who cleared you to go on, and what they said", option="cleared")
    program = read_program(path)
    store = Store.reader() if program.plan_id else None
    try:
        stop = active_stop(store.stops(program.plan_id)) if store is not None and program.plan_id else None
        if store is not None:
            revisions.check_current(path, program, store)
    finally:
        if store is not None:
            store.close()
    if stop is None:
        raise KotError(f"{path} is not stopped: there is nothing to resume (kot today {path} shows the next session)")
    with Store.open() as store:
        found = store.checkins(program.plan_id)
        kept = revisions.kept_revisions(store, program.plan_id)
    settle = max((c.week for c in found), default=0) + 1
    new = program
    if settle <= len(program.weeks):
        new = revisions.stamp(settle_revision(program, found, settle, extra))
        fmt = revisions.saved_format(path)
        with Store.open() as store:
            if program.revision not in kept:
                store.save_revision(program.plan_id, program.revision, revisions.plan_text(program, fmt), None)
            text = revisions.plan_text(new, fmt)
            write(path, text)
            store.save_revision(new.plan_id, new.revision, text, path)
    with Store.open() as store:
        store.clear_stops(program.plan_id, cleared, on, settle if settle <= len(program.weeks) else None)
    return Resumed(path, cleared, on, settle if settle <= len(program.weeks) else None, new)
