"""What keeps start-up lean, checked by behaviour rather than by the clock (timings live in benchmarks/):
a run builds only its own group of commands, reads option values with kot's own parsers, and runs without
the cyclic garbage collector."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import typer

import kot.cli
from kot.cli import conventions

ROOT = Path(__file__).resolve().parent.parent


def commands_by_module() -> dict[str, str]:
    """Each top-level command of the whole app, and the kot.cli module whose app declares it."""
    return {
        name: group for group in kot.cli.GROUPS for name in typer.main.get_command(kot.cli.build((group,))).commands
    }


def test_the_command_map_names_every_command_and_its_module():
    whole = set(typer.main.get_command(kot.cli.app).commands)
    assert commands_by_module() == kot.cli.COMMANDS
    assert set(kot.cli.COMMANDS) == whole


@pytest.mark.parametrize(
    "args, groups",
    [
        (["plan", "-g", "knee-pain"], ("plans",)),
        (["--debug", "checkin", "x.yaml"], ("diary",)),
        (["exercises", "list"], ("library",)),
        ([], kot.cli.GROUPS),
        (["-h"], kot.cli.GROUPS),
        (["pln"], kot.cli.GROUPS),  # an unknown command gets every command, for "did you mean"
    ],
)
def test_a_run_builds_the_group_it_names(args, groups):
    assert kot.cli.groups_for(args) == groups


def every_command(command, ctx=None):
    ctx = typer.Context(command, parent=ctx)
    yield command, ctx
    for sub in (getattr(command, "commands", None) or {}).values():
        yield from every_command(sub, ctx)


@pytest.mark.skipif(conventions.RuntimeParam is None, reason="this typer coerces with click types")
def test_kot_reads_every_option_itself():
    """No option falls back to typer's per-option pydantic TypeAdapter: a new option type must get a reader."""
    unread = []
    for command, ctx in every_command(typer.main.get_command(kot.cli.app)):
        conventions._read_directly(command, ctx)
        unread += [
            f"{command.name}: {p.name} ({p.type_descriptor.annotation})"
            for p in command.get_params(ctx)
            if not isinstance(p._runtime_param, conventions._Read)
        ]
    assert unread == []


def run_kot(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT), "KOT_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60)


def test_kot_plan_imports_neither_other_commands_nor_typers_adapters():
    code = (
        "import atexit, json, sys\n"
        "watch = ['kot.cli.plans', 'kot.cli.diary', 'kot.cli.library', 'typer._adapters']\n"
        "atexit.register(lambda: print(json.dumps([m for m in watch if m in sys.modules]), file=sys.stderr))\n"
        "sys.argv[0] = 'kot'\n"
        "from kot.__main__ import run\n"
        "run()\n"
    )
    done = run_kot(code, "plan", "-g", "knee-pain", "-p", "3", "-f", "json", "-o", "-")  # -o: not the fast path
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inputs"]["pain"] == 3
    assert json.loads(done.stderr.strip().splitlines()[-1]) == ["kot.cli.plans"]


def test_the_entry_point_runs_without_the_collector_and_freezes_it(monkeypatch):
    import kot.__main__ as entry

    seen = []
    monkeypatch.setattr(kot.cli, "main", lambda: seen.append(gc.isenabled()))
    try:
        entry.run()
        assert seen == [False]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_script_and_python_m_use_the_entry_module():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"kot": "kot.__main__:run"}
    done = run_kot("import runpy, sys; sys.argv = ['kot', '--version']; runpy.run_module('kot', run_name='__main__')")
    assert done.returncode == 0 and done.stdout.startswith("kot ")
