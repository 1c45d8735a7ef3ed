"""A saved plan's life: its identity when first written, hand edits, and each next revision, in place.

Why in place, with the history in the diary: a client follows one file for months. `kot next` rewrites
that file (YAML stays YAML, JSON stays JSON) and keeps every earlier revision in the diary, so nobody
wonders which file is current and `kot show PLAN --revision N` brings any of them back.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from kot import adapt
from kot.diary import CheckIn
from kot.digests import sha256
from kot.errors import KotError, PlanRefused
from kot.generator import build_program
from kot.jsonio import dump_json
from kot.library import Library, load_library
from kot.model import MAX_REVISION, Program
from kot.results import Next, Outcome
from kot.saved import parse_program, read_program
from kot.store import PlanRecord, Store
from kot.values import plain

# A coach may change these without it counting as a hand edit: they are carried into every revision.
CARRIED = {"fingerprint", "client", "coach"}


def _data(program: Program, leave_out: set[str]) -> dict:
    return {k: v for k, v in plain(program).items() if k not in leave_out}


def fingerprint(program: Program) -> str:
    """A hash of the plan as kot wrote it (its metadata aside)."""
    data = _data(program, CARRIED)
    return sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def stamp(program: Program) -> Program:
    return replace(program, fingerprint=fingerprint(program))


def edited(program: Program) -> bool:
    """True when the file was changed by hand since kot wrote it (plans from before fingerprints: False)."""
    return program.fingerprint is not None and program.fingerprint != fingerprint(program)


def new_identity(
    program: Program, *, client: str | None = None, coach: str | None = None, now: datetime | None = None
) -> Program:
    """A plan being written to a file for the first time gets its own id and date: two saves of the same
    inputs never share a diary."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return stamp(
        replace(
            program,
            plan_id=f"{program.inputs.goal}-{secrets.token_hex(5)}",
            created=moment.isoformat(timespec="seconds"),
            client=client if client is not None else program.client,
            coach=coach if coach is not None else program.coach,
        )
    )


def saved_format(path: Path) -> str:
    """A plan is rewritten in the format it was saved in: JSON for .json, else YAML."""
    return "json" if path.suffix.lower() == ".json" else "yaml"


def plan_text(program: Program, fmt: str) -> str:
    """The text of a saved plan file."""
    data = plain(program)
    if fmt == "json":
        return dump_json(data)
    from kot.yamlio import dump_yaml

    return dump_yaml(data)


def edited_weeks(program: Program, original: Program | None) -> list[int]:
    """The weeks that differ from what kot wrote (all of them when the original is not known)."""
    if original is None:
        return [w.number for w in program.weeks]
    before = {w.number: w for w in original.weeks}
    return [w.number for w in program.weeks if before.get(w.number) != w]


def kept_revisions(store: Store | None, plan_id: str) -> dict[int, Program]:
    """The revisions the diary keeps for a plan, by number."""
    if store is None:
        return {}
    return {r.number: parse_program(r.body, f"revision {r.number} in the diary") for r in store.revisions(plan_id)}


def check_current(path: Path, program: Program, store: Store | None) -> None:
    """Refuse an old copy of a plan: the diary knows a later revision, and says where its file is."""
    if store is None:
        return
    kept = store.revisions(program.plan_id)
    newest = max(kept, key=lambda r: r.number, default=None)
    if newest is not None and newest.number > program.revision:
        where = f" ({newest.path})" if newest.path else ""
        raise KotError(
            f"{path} is revision {program.revision} of this plan, an old copy: the current one is "
            f"revision {newest.number}{where}. Use that file; kot show {path} --revision N shows any "
            "revision."
        )


def next_revision(
    path: Path,
    extra: Sequence[Path],
    *,
    discard_edits: bool = False,
    now: bool = False,
    write: Callable[[Path, str], None],
) -> Next:
    """Adapt a saved plan to its check-ins and rewrite it in place as the next revision (through `write`),
    keeping the previous revision in the diary. Writes nothing when nothing changes, or while the week of the
    latest check-in still has sessions to do (unless `now`). Raises PlanRefused (exit 3) for a plan the
    diary keeps stopped, and when the check-ins say the plan must stop (the stop is then kept in the diary);
    KotError for an old copy or hand edits that the revision would lose."""
    from kot import stops

    program = read_program(path)
    if not program.plan_id:
        return Next(path, program, None, False, False)
    stops.refuse_if_stopped(program, path)
    with Store.open() as store:
        check_current(path, program, store)
        found = stops.in_force(store.checkins(program.plan_id), store.stops(program.plan_id))
        kept = kept_revisions(store, program.plan_id)
    if not found:
        return Next(path, program, None, False, False)
    waiting = week_left(program, found)
    if waiting and not now:
        return Next(path, program, None, False, False, waiting)
    library = load_library(list(extra))
    if edited(program) and not discard_edits:
        _refuse_lost_edits(path, program, kept.get(program.revision) or _as_written(program, library), found)
    try:
        outcome = adapt.adapt_program(program, found, library)
    except PlanRefused as refusal:
        latest = max(found, key=lambda c: (c.week, c.day))
        kept = stops.as_stop(program, refusal, latest)
        with Store.open() as store:
            store.save_stop(kept)
        raise stops.stopped_refusal(kept, path) from None
    new = stamp(replace(outcome.program, created=program.created, client=program.client, coach=program.coach))
    outcome = Outcome(new, outcome.changes, outcome.reviews, outcome.notes, outcome.referral)
    library_changed = library.version != program.library_version
    if _same(program, new):
        return Next(path, program, outcome, False, library_changed)
    if new.revision > MAX_REVISION:  # the file would hold a number no saved plan may hold
        raise KotError(f"{path}: revision {program.revision} is the last a plan may have; make a new one (kot plan)")
    fmt = saved_format(path)
    with Store.open() as store:
        if program.revision not in kept:
            store.save_revision(program.plan_id, program.revision, plan_text(program, fmt), None)
        text = plan_text(new, fmt)
        write(path, text)
        store.save_revision(new.plan_id, new.revision, text, path)
        store.remember(PlanRecord(new.plan_id, str(path.absolute()), new.client, new.coach, new.inputs.goal))
    return Next(path, program, outcome, True, library_changed)


def week_left(program: Program, found: Sequence[CheckIn]) -> tuple[tuple[int, int], ...]:
    """The sessions still to do in the week of the latest check-in (a week under way is not over yet)."""
    week = max(c.week for c in found)
    if week > len(program.weeks):
        return ()
    done = {(c.week, c.day) for c in found}
    return tuple((week, s.day) for s in program.weeks[week - 1].sessions if (week, s.day) not in done)


def _as_written(program: Program, library: Library) -> Program | None:
    """What kot wrote for a first revision, made again: generation is deterministic, so with the same library
    the weeks come out the same (a later revision's copy lives in the diary instead)."""
    if program.revision != 1 or library.version != program.library_version:
        return None
    try:
        again = build_program(adapt.request_for(program), library)
    except (KotError, PlanRefused):
        return None
    return replace(again, **{k: getattr(program, k) for k in ("plan_id", "created", "client", "coach")})


def _same(before: Program, after: Program) -> bool:
    """Nothing a person would see changed (the revision number and check-in count aside)."""
    ignore = {"revision", "checkins_applied", "fingerprint"}
    return _data(before, ignore) == _data(after, ignore)


def _refuse_lost_edits(path: Path, program: Program, original: Program | None, found: Sequence[CheckIn]) -> None:
    """Hand edits in weeks already done are carried (those weeks are kept as they are); edits in the weeks a
    revision rebuilds would be lost, so refuse and say where."""
    done = max(c.week for c in found)
    lost = [w for w in edited_weeks(program, original) if w > done]
    if original is not None and not lost and _same_outside_weeks(program, original):
        return
    where = f"week{'s' if len(lost) > 1 else ''} {', '.join(map(str, lost))}" if lost else "the plan's settings"
    known = "" if original is not None else " (the diary has no copy of what kot wrote, so every week counts)"
    raise KotError(
        f"{path} was edited by hand since kot wrote it; the next revision would rebuild {where}{known} "
        "and lose those edits. Put the changes into the library or the plan's inputs, or pass "
        "--discard-edits to rebuild anyway."
    )


def _same_outside_weeks(program: Program, original: Program) -> bool:
    ignore = {"weeks", *CARRIED}
    return _data(program, ignore) == _data(original, ignore)


def revision_of(path: Path, number: int) -> Program:
    """A revision of a saved plan: the file's own, or one the diary keeps."""
    program = read_program(path)
    if number == program.revision:
        return program
    store = Store.reader()
    try:
        kept = kept_revisions(store, program.plan_id)
    finally:
        if store is not None:
            store.close()
    if number not in kept:
        have = sorted({*kept, program.revision})
        raise KotError(f"{path}: no revision {number} of this plan (revisions kept: {', '.join(map(str, have))})")
    return kept[number]


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    saved_at: str
    path: str | None
    checkins_applied: int
    current: bool


def revisions(path: Path) -> list[RevisionInfo]:
    """Every revision the diary keeps for a saved plan, and the file's own."""
    program = read_program(path)
    store = Store.reader()
    try:
        kept = store.revisions(program.plan_id) if store is not None else []
    finally:
        if store is not None:
            store.close()
    out = [
        RevisionInfo(
            r.number,
            r.saved_at,
            r.path,
            parse_program(r.body, "the diary").checkins_applied,
            r.number == program.revision,
        )
        for r in kept
    ]
    if program.revision not in {r.number for r in kept}:
        out.append(RevisionInfo(program.revision, program.created or "", str(path), program.checkins_applied, True))
    return sorted(out, key=lambda r: r.number)
