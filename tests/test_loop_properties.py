"""Properties of the check-in loop over random sequences of check-ins, undos, `next` and `resume`, through
the real entry point: no stopped plan ever yields a session, and no week already checked in ever changes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kot.cli import main

# A few examples by default (each runs a dozen commands); HYPOTHESIS_PROFILE=explore runs many more.
EXAMPLES = 12 if settings.default.max_examples <= 60 else settings.default.max_examples // 5

pain = st.integers(0, 10)
checkin_step = st.tuples(
    st.just("checkin"),
    st.integers(0, 8),  # pain during: mostly below the stop, sometimes at it
    st.one_of(st.none(), st.integers(0, 8)),  # next morning, or not known yet
    st.sampled_from(["done", "done", "done", "partial", "skipped"]),
)
steps = st.lists(
    st.one_of(
        checkin_step,
        checkin_step,
        checkin_step,
        st.tuples(st.just("morning"), pain),
        st.tuples(st.just("next"), st.booleans()),
        st.tuples(st.just("resume")),
        st.tuples(st.just("undo")),
        st.tuples(st.just("flag")),
    ),
    min_size=1,
    max_size=14,
)


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue()


@pytest.fixture(scope="module")
def plan_text(tmp_path_factory) -> str:
    home = tmp_path_factory.mktemp("home")
    path = tmp_path_factory.mktemp("plan") / "plan.json"  # JSON: read faster than YAML, a dozen times a step
    with _env(KOT_HOME=str(home), NO_COLOR="1", COLUMNS="100"):
        assert run("plan", "-g", "knee-pain", "-p", "3", "-w", "4", "-o", str(path))[0] == 0
    return path.read_text()


@contextlib.contextmanager
def _env(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def diary(path: Path) -> list[dict]:
    return json.loads(run("history", str(path), "-f", "json")[1])


def weeks(path: Path) -> list[dict]:
    return json.loads(path.read_text())["weeks"]


def stopped(path: Path) -> bool:
    from kot import stops
    from kot.store import Store

    plan_id = json.loads(path.read_text())["plan_id"]
    store = Store.reader()
    if store is None:
        return False
    try:
        return stops.active_stop(store.stops(plan_id)) is not None
    finally:
        store.close()


def act(path: Path, step: tuple) -> None:
    kind = step[0]
    if kind == "checkin":
        _, during, morning, status = step
        args = ["checkin", str(path), "--usual", "3"]
        args += ["--skipped"] if status == "skipped" else ["--during", str(during), f"--{status}"]
        if morning is not None and status != "skipped":
            args += ["--next-morning", str(morning)]
        run(*args)
    elif kind == "morning":
        run("checkin", str(path), "--next-morning", str(step[1]))
    elif kind == "next":
        run("next", str(path), *(["--now"] if step[1] else []))
    elif kind == "resume":
        run("resume", str(path), "--cleared", "a physiotherapist")
    elif kind == "undo":
        run("checkin", str(path), "--undo")
    elif kind == "flag":
        run("checkin", str(path), "--during", "1", "--symptom", "swelling")


@settings(max_examples=EXAMPLES)
@given(sequence=steps)
def test_a_stopped_plan_never_yields_a_session_and_done_weeks_never_change(plan_text, sequence):
    with tempfile.TemporaryDirectory() as folder, _env(KOT_HOME=str(Path(folder) / "home"), NO_COLOR="1"):
        path = Path(folder) / "plan.json"
        path.write_text(plan_text)
        seen: dict[int, dict] = {}
        for step in sequence:
            before = weeks(path)
            act(path, step)
            checked = {r["week"] for r in diary(path)}
            for number in checked:
                seen.setdefault(number, before[number - 1])
            seen = {w: v for w, v in seen.items() if w in checked}  # an undo may free a week
            now = weeks(path)
            for number, week in seen.items():
                assert now[number - 1] == week, f"week {number} changed after {step}"
            if stopped(path):
                logged = diary(path)
                for command in (["today", str(path)], ["next", str(path), "--now"], ["show", str(path)]):
                    code, out = run(*command)
                    assert code == 3 and out == "", (command, step)
                assert run("checkin", str(path), "--during", "1")[0] == 3
                assert diary(path) == logged and weeks(path) == now
