"""The fast path of `kot plan` and the one table of options it shares with typer: the fast path says exactly
what the full CLI says (stdout, stderr, exit code) over random command lines, imports neither typer nor
click, and the JSON writer it prints with gives json.dumps's very bytes."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kot.cli
from kot import commandline, fastpath
from kot.cli import conventions
from kot.jsonio import dump_json

ROOT = Path(__file__).resolve().parent.parent

# --- the JSON writer ------------------------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", '"', "\\", "\x00\x1f\x7f", "\u2028\u2029", "Zoë Ågren", "🦵", "\t\n\r\b\f"]
)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: json.dumps writes them as NaN and Infinity
    | texts
)
keys = texts | st.integers() | st.floats() | st.booleans() | st.none()
data = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=5) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(keys, inner, max_size=5)
    ),
    max_leaves=30,
)


def reference(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


@given(data)
def test_the_json_writer_gives_json_dumps_bytes(value):
    assert dump_json(value).encode("utf-8", "surrogatepass") == reference(value).encode("utf-8", "surrogatepass")


@pytest.mark.slow
@settings(max_examples=1000)
@given(data)
def test_the_json_writer_gives_json_dumps_bytes_over_many(value):
    assert dump_json(value) == reference(value)


class Text(str):
    pass


class Number(int):
    pass


def test_the_json_writer_handles_subclasses_odd_floats_and_what_json_refuses_as_json_dumps_does():
    odd = {Text("k"): [Number(3), Text("v"), math.nan, -math.inf, 1e300, -0.0], 1.5: (), None: {}, True: []}
    assert dump_json(odd) == reference(odd)
    cycle: list = []
    cycle.append(cycle)
    for bad in ({"a": object()}, {(1, 2): 1}, cycle):
        with pytest.raises((TypeError, ValueError)) as ours:
            dump_json(bad)
        with pytest.raises(type(ours.value)) as theirs:
            reference(bad)
        assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("goal", ["knee-pain", "athletic", "mobility", "longevity"])
def test_the_json_writer_gives_json_dumps_bytes_for_real_plans(goal, library):
    from kot.generator import PlanRequest, build_program
    from kot.output import program_data

    plan = program_data(build_program(PlanRequest(goal=goal, pain=2, weeks=12, days=4, minutes=45), library))
    assert dump_json(plan) == reference(plan)


# --- one table for typer and the fast path --------------------------------------------------------------


@pytest.mark.parametrize("spec", commandline.COMMANDS, ids=lambda spec: spec.name)
def test_typer_builds_the_tables_commands_from_it(spec):
    """Every parameter of the typer command is the table's: names, flags, metavar, help, default, in order."""
    command = typer.main.get_command(kot.cli.build((kot.cli.COMMANDS[spec.name],))).commands[spec.name]
    assert [p.name for p in command.params] == [o.name for o in spec.options]
    for param, opt in zip(command.params, spec.options, strict=True):
        assert param.param_type_name == ("argument" if opt.is_argument else "option"), opt.name
        if not opt.is_argument:
            assert [*param.opts, *param.secondary_opts] == list(opt.flags), opt.name
        assert (param.metavar, param.help) == (opt.metavar, opt.help), opt.name
        assert param.required == (opt.default is commandline.REQUIRED), opt.name
        if not param.required:
            assert param.default in (opt.default, () if opt.default is None else opt.default), opt.name
    assert (command.help, command.epilog) == (spec.help, conventions.examples(spec.examples))


def test_the_fast_path_reads_every_flag_of_the_table():
    assert set(fastpath._FLAGS) == {flag for opt in commandline.PLAN.options for flag in opt.flags}


# --- the fast path says what the full CLI says ----------------------------------------------------------


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Run a command line through the full CLI, or through the entry point's fast path first; returns
    (exit code, stdout, stderr, whether the fast path took it)."""
    monkeypatch.setenv("KOT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("KOT_LIBRARY", raising=False)
    monkeypatch.chdir(tmp_path)

    def run(args: list[str], fast: bool) -> tuple[int, str, str, bool]:
        capsys.readouterr()
        took = False
        try:
            code = fastpath.attempt(args) if fast else None
            took = code is not None
            if code is None:
                kot.cli.main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err, took

    return run


def same(cli, args: list[str]) -> bool:
    """Both ways give the same exit code, stdout and stderr; whether the fast path took it."""
    full = cli(args, fast=False)
    fast = cli(args, fast=True)
    assert fast[:3] == full[:3], args
    return fast[3]


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--goal", "knee-pain"],
        ["plan", "-g", "knee-pain", "-f", "json"],
        ["plan", "-g", "knee-pain", "--format=md", "-p3", "--weeks=4", "-d", "4", "-m", "45"],
        ["plan", "-g", "athletic", "-e", "sled", "-e", "box", "--level", "intermediate", "--week", "2", "--explain"],
        ["plan", "-g", "knee-pain", "-f", "csv", "--client", "Ann Lee", "--coach", "Sam", "--full", "--no-pager"],
        ["plan", "-g", "knee-pain", "-p", "9", "-p", "2", "-f", "yaml"],  # click keeps the last
    ],
)
def test_the_fast_path_takes_plain_plans_and_prints_them_as_the_cli_does(cli, args):
    assert same(cli, args)


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "-g", "knee-pain", "-h"],
        ["plan", "--help"],
        ["plan"],  # --goal is missing
        ["plan", "-g", "nope"],  # an unknown goal: a usage error against -g
        ["plan", "-g", "knee-pain", "-p", "7", "-f", "json"],  # refused: JSON on stdout, exit 3
        ["plan", "-g", "knee-pain", "--symptom", "swelling"],
        ["plan", "-g", "knee-pain", "-p", "11"],
        ["plan", "-g", "knee-pain", "--week", "9"],  # not a week of the plan
        ["plan", "-g", "knee-pain", "--bogus"],
        ["plan", "-g", "knee-pain", "extra"],
        ["plan", "-g", "knee-pain", "-o", "-"],
        ["plan", "-g", "knee-pain", "--client=-x"],
        ["plan", "-g", "knee-pain", "-f", "ics"],
        ["plan", "-g", "knee-pain", "--force=1"],
        ["plan", "-g", "knee-pain", "-L", "no-such-folder"],
        ["plan", "-g", "knee-pain", "--"],
        ["plan", "-g"],
        ["--debug", "plan", "-g", "knee-pain"],
    ],
)
def test_the_fast_path_hands_what_it_does_not_take_to_the_cli_unchanged(cli, args):
    assert not same(cli, args)


def test_a_folder_that_looks_like_a_library_goes_to_the_cli_which_notes_it(cli, tmp_path):
    (tmp_path / "exercises").mkdir()
    assert not same(cli, ["plan", "-g", "knee-pain", "-f", "json"])
    assert "looks like a library" in cli(["plan", "-g", "knee-pain", "-f", "json"], fast=True)[2]


def test_shell_completion_goes_to_the_cli(monkeypatch):
    monkeypatch.setenv("_KOT_COMPLETE", "complete_bash")
    assert fastpath.attempt(["plan", "-g", "knee-pain"]) is None


VALUES = {
    "--goal": ["knee-pain", "athletic", "mobility", "nope", ""],
    "-g": ["knee-pain", "longevity"],
    "--pain": ["0", "3", "6", "7", "11", "x", "-1", "²", " 4"],
    "-p": ["2", "10"],
    "--weeks": ["1", "4", "52", "0", "53"],
    "-w": ["2"],
    "--days": ["1", "3", "7", "0", "8"],
    "-d": ["5"],
    "--minutes": ["10", "30", "180", "9"],
    "-m": ["60"],
    "--equipment": ["sled", "box,sled", "none", "bogus"],
    "-e": ["box"],
    "--level": ["beginner", "intermediate", "advanced", "expert"],
    "--symptom": ["swelling", "bogus"],
    "--format": ["json", "table", "md", "markdown", "csv", "yaml", "ics", "xml"],
    "-f": ["json", "md"],
    "--week": ["1", "2", "9", "0"],
    "--client": ["Ann", "x" * 81, "a\x1bb"],
    "--coach": ["Sam"],
    "--output": ["-"],
    "--assessment": ["a.json"],
    "-L": ["missing"],
    "--bogus": ["1"],
}
SWITCHES = ["--explain", "--full", "--no-pager", "--force", "-h", "--help", "-z", "stray"]


@st.composite
def command_lines(draw) -> list[str]:
    words: list[str] = ["plan"]
    if draw(st.integers(0, 9)):
        words += ["--goal", draw(st.sampled_from(["knee-pain", "athletic", "mobility", "longevity"]))]
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 4)) == 0:
            words.append(draw(st.sampled_from(SWITCHES)))
            continue
        flag = draw(st.sampled_from(sorted(VALUES)))
        value = draw(st.sampled_from(VALUES[flag]))
        form = draw(st.sampled_from(["apart", "joined"]))
        if form == "apart" or not value:
            words += [flag, value]
        else:
            words.append(f"{flag}={value}" if flag.startswith("--") else f"{flag}{value}")
    if draw(st.booleans()):
        words = ["plan", *draw(st.permutations(words[1:]))]
    return words


QUICK = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@QUICK
@given(command_lines())
def test_the_fast_path_and_the_cli_say_the_same_over_random_command_lines(cli, args):
    same(cli, args)


@pytest.mark.slow
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command_lines())
def test_the_fast_path_and_the_cli_say_the_same_over_many_command_lines(cli, args):
    same(cli, args)


# --- what the fast path imports -------------------------------------------------------------------------

# What a warm `kot plan` never imports: the CLI's framework, the validator, the YAML parser (issue 20).
FORBIDDEN = ("typer", "click", "pydantic", "annotated_types", "yaml")
# ... and, without rich (which imports both), neither dataclasses nor inspect: kot's types declare themselves
# (kot.values), and their dataclass description is made only when pydantic or dataclasses asks for it.
STDLIB_HEAVY = ("dataclasses", "inspect")
STABLE_AFTER_S = 2.1  # the snapshot trusts a file only once it has not changed for 2 seconds


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache folder of its own, filled by one run once kot's files and the library have settled."""
    newest = max(p.stat().st_mtime for folder in ("kot", "exercises", "programs") for p in (ROOT / folder).rglob("*"))
    time.sleep(max(0.0, newest + STABLE_AFTER_S - time.time()))
    cache = tmp_path_factory.mktemp("cache")
    imported("plan", "--goal", "knee-pain", "--format", "json", cache=cache)
    return cache


def imported(*args: str, cache: Path | None = None) -> set[str]:
    """The top-level packages among FORBIDDEN and rich that a kot run imported."""
    watch = [*FORBIDDEN, *STDLIB_HEAVY, "rich"]
    code = (
        "import atexit, json, sys\n"
        f"watch = {watch!r}\n"
        "atexit.register(lambda: print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(watch))),"
        " file=sys.stderr))\n"
        "sys.argv[0] = 'kot'\n"
        "from kot.__main__ import run\n"
        "run()\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env.pop("KOT_LIBRARY", None)
    env.pop("KOT_NO_CACHE", None)
    if cache is not None:
        env["KOT_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60, cwd=ROOT / "tests"
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_a_warm_kot_plan_as_json_imports_no_framework_validator_yaml_or_rich(warm_cache):
    modules = imported("plan", "--goal", "knee-pain", "--format", "json", cache=warm_cache)
    assert modules.isdisjoint([*FORBIDDEN, *STDLIB_HEAVY, "rich"]), modules


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_warm_kot_plan_imports_rich_only_for_the_table(warm_cache, fmt):
    modules = imported("plan", "--goal", "knee-pain", "--format", fmt, cache=warm_cache)
    assert modules.isdisjoint(FORBIDDEN), modules
    assert ("rich" in modules) == (fmt == "table"), modules
    if fmt == "markdown":
        assert modules.isdisjoint(STDLIB_HEAVY), modules


def test_a_cold_kot_plan_reads_the_library_with_pydantic_and_yaml(tmp_path):
    """Not vacuous: with an empty cache the same check sees the file boundary at work."""
    assert {"pydantic", "yaml", *STDLIB_HEAVY} <= imported(
        "plan", "--goal", "knee-pain", "--format", "json", cache=tmp_path
    )


def test_the_import_check_sees_typer_when_the_cli_runs():
    """Not vacuous: the same check run on a command the fast path leaves to the CLI sees typer."""
    assert "typer" in imported("plan", "--goal", "knee-pain", "--explain", "--output", "-")
