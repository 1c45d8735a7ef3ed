"""Odd streams through the real entry point, in a subprocess (issue 12): a reader that goes away, a full disk,
closed descriptors, an output encoding that is not UTF-8, Ctrl-C at start-up and while waiting.

Every case ends with its documented exit code and at most a line or two on stderr: never a traceback, never
Python's "Exception ignored" (exit 120). The processes of one test run side by side to keep the suite fast.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

KOT = [sys.executable, "-m", "kot"]


@pytest.fixture
def env(tmp_path):
    environ = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "KOT_HOME": str(tmp_path / "home")}
    environ.pop("KOT_LIBRARY", None)
    environ.pop("PYTHONIOENCODING", None)
    return environ


def start(args, env, **streams) -> subprocess.Popen:
    streams.setdefault("stdout", subprocess.PIPE)
    streams.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(args, env=env, **streams)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=60)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    return process.returncode, text


def test_a_reader_that_goes_away_ends_the_run_quietly(env):
    """`kot plan | head -1`: the pipe is closed before kot writes, so every write meets a broken pipe."""
    cases = {
        "table (rich)": [*KOT, "plan", "-g", "knee-pain"],
        "json (text)": [*KOT, "plan", "-g", "knee-pain", "-f", "json"],
        "help (click)": [*KOT, "plan", "--help"],
        "version": [*KOT, "--version"],
    }
    running = {}
    for name, args in cases.items():
        running[name] = start(args, env)
        running[name].stdout.close()
    for name, process in running.items():
        assert finish(process) == (0, ""), name


def test_a_refusal_into_a_closed_pipe_keeps_exit_3(env):
    process = start([*KOT, "plan", "-g", "knee-pain", "-p", "8", "-f", "json"], env)
    process.stdout.close()
    code, err = finish(process)
    assert code == 3 and err.startswith("Plan refused for safety.")


def test_a_full_disk_on_stdout_is_one_line_and_exit_1(env):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    running = []
    for args in (["plan", "-g", "knee-pain"], ["schema", "plan"]):
        with open("/dev/full", "wb") as full:
            running.append(start([*KOT, *args], env, stdout=full))
    with open("/dev/full", "wb") as full:
        refused = start([*KOT, "plan", "-g", "knee-pain", "-p", "8", "-f", "json"], env, stdout=full)
    for process in running:
        assert finish(process) == (1, "Error: cannot write to standard output: No space left on device\n")
    code, err = finish(refused)
    assert code == 3 and "Error: cannot write to standard output: No space left on device" in err


def closed(fd: int, args: list[str]) -> list[str]:
    """The command run with descriptor `fd` closed, as `cmd >&-` or `cmd <&-` would."""
    return ["sh", "-c", f'exec "$0" "$@" {fd}>&-', *args]


def holds_open(pid: int, name: str) -> bool:
    """Whether process `pid` has a file whose name contains `name` open (Linux /proc)."""
    try:
        return any(name in os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:  # a descriptor closed while listing
        return False


def wait_until(condition, timeout: float = 30.0) -> None:
    """Poll a condition (a ready signal), not a fixed sleep: as long as a loaded machine needs, no longer."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the condition"
        time.sleep(0.01)


def saved_plan(kot, tmp_path) -> Path:
    plan = tmp_path / "plan.yaml"
    assert kot("plan", "-g", "knee-pain", "-o", str(plan)).code == 0
    return plan


def test_closed_stdout_stdin_and_stderr(kot, env, tmp_path):
    plan = saved_plan(kot, tmp_path)
    printing = start(closed(1, [*KOT, "plan", "-g", "knee-pain", "-f", "md"]), env, stdout=None)
    writing = start(closed(1, [*KOT, "plan", "-g", "knee-pain", "-o", str(tmp_path / "new.yaml")]), env, stdout=None)
    no_stdin = start(closed(0, [*KOT, "checkin", str(plan), "--during", "2"]), env, stdin=None)
    no_stderr = start(closed(2, [*KOT, "plan", "-g", "knee-pain", "-p", "9"]), env, stderr=None)
    assert finish(printing) == (1, "Error: cannot write to standard output: it is closed\n")
    new = tmp_path / "new.yaml"
    code, err = finish(writing)
    assert code == 0 and err.startswith(f"Wrote {new}\nNext:") and f"kot today {new}" in err
    code, err = finish(no_stdin)
    assert code == 0 and err.startswith("Recorded week 1 day 1")
    assert no_stderr.wait(timeout=60) == 3
    assert (tmp_path / "new.yaml").read_text(encoding="utf-8").startswith("kot_version:")


def test_an_output_encoding_without_the_characters_prints_question_marks_and_says_so(env):
    ascii_env = {**env, "PYTHONIOENCODING": "ascii"}
    data = start([*KOT, "plan", "-g", "knee-pain", "--client", "Zoë Ågren", "-f", "yaml", "-o", "-"], ascii_env)
    odd = {**env, "PYTHONIOENCODING": "latin-1", "COLUMNS": "²"}  # and a terminal width that is not a number
    table = start([*KOT, "plan", "-g", "knee-pain", "--week", "1"], odd)
    out = data.stdout.read().decode("ascii")
    code, err = finish(data)
    assert code == 0 and "client: Zo? ?gren" in out
    assert "Note: some characters cannot be shown in this output's encoding (ascii)" in err
    table.stdout.read()
    assert finish(table)[0] == 0


@pytest.mark.parametrize(
    "module, args",
    [
        ("typer", ["goals"]),
        ("typer", ["plan", "-g", "knee-pain", "-h"]),
        ("kot.generator", ["plan", "-g", "knee-pain"]),  # the fast path, which never imports typer
    ],
)
def test_ctrl_c_while_kot_starts_is_one_line_and_exit_130(env, module, args):
    """A Ctrl-C that lands while kot is still importing what it runs (made certain by an import hook)."""
    code = (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def hook(name, *args, **kwargs):\n"
        f"    if name == {module!r}:\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hook\n"
        "from kot.__main__ import run\n"
        "run()\n"
    )
    assert finish(start([sys.executable, "-c", code, *args], env)) == (130, "Interrupted.\n")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see that kot is waiting")
def test_an_interrupt_while_waiting_for_the_diary_is_one_line_and_exit_130(kot, env, tmp_path):
    """kot checkin waits for a diary another process holds; Ctrl-C (or kill) ends the wait at once, cleanly."""
    from kot.store import Store

    plan = saved_plan(kot, tmp_path)
    Store.open(tmp_path / "home" / "kot.sqlite3").close()
    holder = sqlite3.connect(tmp_path / "home" / "kot.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        waiting = {
            number: start([*KOT, "checkin", str(plan), "--during", "2"], env)
            for number in (signal.SIGINT, signal.SIGTERM)
        }
        for process in waiting.values():  # started, with the diary open: next it waits on the lock
            wait_until(lambda p=process: holds_open(p.pid, "kot.sqlite3"))
        for number, process in waiting.items():
            process.send_signal(number)
        signalled = time.monotonic()
        for process in waiting.values():
            assert finish(process) == (130, "Interrupted.\n")
        assert time.monotonic() - signalled < 3, "the wait for the lock did not end at the interrupt"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
