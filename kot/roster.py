"""A coach's roster: every plan the diary knows, where it stands, and which ones need a look.

Why from the rules: a plan's status is what the rules make of its check-ins (kot.adapt's review and
continuation, the same the next revision follows), so `kot clients` and `kot next` never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kot import adapt, stops, workflow
from kot.diary import CheckIn
from kot.errors import KotError, PlanRefused
from kot.model import Program
from kot.results import ESCALATED, FLARE, HOLDING, ON_TRACK, PENDING, STOPPED, Client
from kot.saved import parse_program, read_program
from kot.store import PlanRecord, Store


def status(program: Program | None, checkins: Sequence[CheckIn], kept: Sequence[Any]) -> str:
    """Where a plan stands: stopped, escalated, flaring, a next morning pending, sessions missed, holding or
    on track; by the rules, from the check-ins since it last resumed."""
    if stops.active_stop(kept) is not None:
        return STOPPED
    found = stops.in_force(checkins, kept)
    holding = False
    if program is not None and found:
        try:
            cont, reviews = adapt.continuation(program, found)
        except PlanRefused:
            return STOPPED  # a third worse week: `kot next` will keep the stop
        except KotError:
            return "check-ins outside the plan"
        if cont.referral:
            return ESCALATED
        if cont.flare:
            return FLARE
        holding = reviews[-1].verdict.action == "hold"
    latest = max(found, key=lambda c: (c.recorded_at or "", c.week, c.day), default=None)
    if latest is not None and latest.status != "skipped" and latest.next_morning is None:
        return PENDING
    missed = 0
    for c in sorted(found, key=lambda c: (c.week, c.day), reverse=True):
        if c.status != "skipped":
            break
        missed += 1
    if missed:
        return f"{missed} session{'s' if missed != 1 else ''} missed"
    return HOLDING if holding else ON_TRACK


def _plan(store: Store, record: PlanRecord) -> Program | None:
    """The plan as it is now: its file where last seen, else its newest revision in the diary."""
    if record.path:
        try:
            program = read_program(Path(record.path))
            if program.plan_id == record.plan_id:
                return program
        except KotError:
            pass
    kept = store.revisions(record.plan_id)
    return parse_program(kept[-1].body, "the diary") if kept else None


def _day(c: CheckIn) -> str:
    return c.date or (c.recorded_at or "")[:10]


def clients(attention: bool = False) -> list[Client]:
    """One row per plan in the diary (only those that need a look, with `attention`), read without writing."""
    store = Store.reader()
    if store is None:
        return []
    try:
        rows = []
        for record in store.plan_records():
            program = _plan(store, record)
            found = store.checkins(record.plan_id)
            kept = store.stops(record.plan_id)
            due = None
            if program is not None:
                due = workflow.next_session(program, found, stops.resumed_from(kept))
            rows.append(
                Client(
                    record.client if record.client is not None else program.client if program else None,
                    record.coach if record.coach is not None else program.coach if program else None,
                    record.goal or (program.inputs.goal if program else None),
                    "-" if program is None else "done" if due is None else f"week {due[0]} day {due[1]}",
                    max((_day(c) for c in found), default=None) or None,
                    status(program, found, kept),
                    record.path,
                    record.plan_id,
                )
            )
    finally:
        store.close()
    rows.sort(key=lambda r: ((r.client or "").lower(), r.plan_id))
    return [r for r in rows if r.attention] if attention else rows


def clients_data(rows: Sequence[Client]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]
