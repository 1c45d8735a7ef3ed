"""Benchmarks for kot: start-up against the dependency floor and streprogen, cold and warm, a 2,000-family
library, and a big plan.

    python benchmarks/bench.py                 # full run, 2-3 minutes on a 2-core machine
    python benchmarks/bench.py --quick         # fewer runs, a smaller library: well under a minute
    python benchmarks/bench.py --startup-only  # the subprocess section alone (no in-process big plan)
    python benchmarks/bench.py --json          # machine-readable results on stdout
    python benchmarks/bench.py --source        # the working tree, even when an (older) kot is installed

A script, not a test: it prints one table of medians with a PASS/MISS marker against each goal
(docs: shared style.md, "Start-up time"). Stdlib only, plus kot itself. Progress goes to stderr; the exit
status is 1 when any goal is missed.

Start-up is ONE interleaved run: every round runs each command once, round-robin, so drift in machine load
hits each alike, and every ratio is the median of the rounds' ratios (the two commands of a round ran close
together). Each command is a subprocess of this same Python, started in an empty temp folder with NO_COLOR=1,
COLUMNS=100 and stdin from /dev/null, its output captured; it gets PYTHONPATH=<repo root> only when
`import kot` would fail there, so an installed kot is measured as installed. Its exit status is checked every
run and its output once (json parses, text is not empty). Its peak memory is the max RSS os.wait4 reports.

The snapshot cache: every subprocess gets KOT_CACHE_DIR=<a folder of its own in the bench's temp folder>.
"warm" commands keep theirs, filled by the warm-up rounds; "cold" ones get it emptied before every run,
outside the timed interval; "no cache" runs with KOT_NO_CACHE=1. `kot validate` shares the snapshot: it is
measured cold (a first run), warm (nothing changed) and with one family edited before every run. A kot
without the cache ignores both variables: warm = cold.

The yardstick, streprogen_plan.py, needs `pip install streprogen`; without it its rows are skipped with a
note and its goal is not counted. With PYTHONDONTWRITEBYTECODE set, run `python -m compileall -f -q kot` first
(the bench warns when kot's .pyc files are missing or stale), or every run compiles kot again; -f, as
compileall skips a .pyc whose source changed size within the same second, which the import system does not.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

if "--source" in sys.argv[1:]:
    sys.path.insert(0, str(ROOT))
try:
    import kot
except ImportError:  # run from a checkout without installing: use the source tree
    sys.path.insert(1, str(ROOT))
    import kot

FLOOR_CODE = (
    "import typer, yaml; from pydantic import BaseModel; from rich.console import Console; from rich.table import Table"
)
STREPROGEN_PLAN = HERE / "streprogen_plan.py"
BIGLIB = HERE / "biglib.py"
KIT = ("sled", "band", "dumbbell", "box", "bench", "slant-board", "tib-bar", "nordic-anchor")
FULL_FAMILIES = 2000

# goals (issue 20, "a lean core")
PLAN_JSON_RATIO = 0.5  # kot plan --goal knee-pain --format json, warm, over the floor
PLAN_TABLE_RATIO = 0.75  # the default table output, warm, over the floor
STREPROGEN_RATIO = 0.55  # kot plan json (warm) over streprogen building and printing a program of that size
TABLE_STREPROGEN_RATIO = 0.85  # the table (warm) over streprogen
MARKDOWN_STREPROGEN_RATIO = 0.6  # --format markdown (warm) over streprogen
BARE_PYTHON_RATIO = 7.0  # kot plan json (warm) over `python -c pass`
BIGLIB_ADDS = 0.35  # what FULL_FAMILIES extra families add to the plain plan (both warm), in floors
VALIDATE_SECONDS = 0.6  # `kot validate BIGLIB` of FULL_FAMILIES families; scaled by size (see validate_goal)
# `kot validate` reads only the files changed since it last found them valid (the snapshot `kot plan` uses):
# the goal holds for a re-run. A first run reads every file; PyYAML's C parser alone takes about 0.8 ms a
# family of the big library on one core, so no first run of 2,000 families fits 0.6 s. Before that change
# (commit 894b8bb), every run read every file: 2.7 s (3 runs on 2026-12-03).
VALIDATE_BEFORE_SECONDS = 2.7
BUILD_52_SECONDS = 1.5
LINEARITY = 1.25  # (time per week at 52 weeks) / (time per week at 13 weeks); above means worse than linear

# Today: the code before the snapshot cache (commit 61114f8), measured with this bench on 2026-11-26 on a
# 2-core Linux machine (Python 3.11.7), 3 runs of
#   git -C /work/main worktree add /tmp/kot-before 61114f8 && python -m compileall -f -q /tmp/kot-before/kot
#   PYTHONPATH=/tmp/kot-before python benchmarks/bench.py --startup-only --json
# That code has no cache, so its warm, cold and no-cache plan-json rows run the same command: the cold ratio is
# the median of all three rows' per-round ratios over the 3 runs (135 rounds; the cold row alone gave 1.64,
# 1.70 and 1.75 x floor, floor medians 152-161 ms); the peak is the warm row's median over the 3 runs' 45
# rounds (38,000-38,380 KB; the three rows' medians 38,088-38,160 KB).
TODAY_COLD_RATIO = 1.73  # kot plan json with an empty cache over the floor: first runs no slower than today
TODAY_PEAK_KB = 38108  # median max RSS of kot plan json (warm): peak memory no higher than today
# Before issue 20 (commit 8dfded5), measured the same way on 2026-12-03: kot plan json with KOT_NO_CACHE=1
# over the floor: 1.98, 1.97 and 1.77 in 3 runs (the median of each run's per-round ratios).
TODAY_NO_CACHE_RATIO = 1.97


@dataclass
class Row:
    section: str
    label: str
    median_s: float | None
    compare: str = ""
    goal: str = ""
    ok: bool | None = None  # None: no goal
    samples: list[float] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    key: str = ""  # a stable name for the row, for --json readers
    shown: str = ""  # shown in the median column when the row has no time (memory, ratios)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- start-up ----------------------------------------------------------------------------------------


@dataclass
class Command:
    key: str
    label: str
    argv: list[str]
    check: Callable[[str], None] | None
    # warm: filled by the warm-ups; cold: emptied before every run; off: KOT_NO_CACHE=1; edit: warm, with one
    # family of its own copy of the big library edited before every run (see edit_one)
    cache: str = "warm"
    samples: list[float] = field(default_factory=list)
    peaks_kb: list[int] = field(default_factory=list)


def subprocess_env(cwd: Path, source: bool, home: Path) -> tuple[dict[str, str], str, bool]:
    """The child environment, where kot comes from, and whether PYTHONPATH had to be added."""
    env = dict(os.environ)
    for name in ("KOT_LIBRARY", "KOT_CACHE_DIR", "KOT_NO_CACHE"):
        env.pop(name, None)
    env.update(NO_COLOR="1", COLUMNS="100", KOT_HOME=str(home))
    probe = [sys.executable, "-c", "import kot; print(kot.__file__)"]
    found = subprocess.run(probe, cwd=cwd, env=env, capture_output=True, text=True)
    added = source or found.returncode != 0
    if added:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
        found = subprocess.run(probe, cwd=cwd, env=env, capture_output=True, text=True)
        if found.returncode != 0:
            raise SystemExit(f"cannot import kot in a subprocess even with PYTHONPATH={ROOT}:\n{found.stderr}")
    if Path(found.stdout.strip()).resolve().parent != Path(kot.__file__).resolve().parent:
        raise SystemExit(f"subprocesses would import {found.stdout.strip()}, this script imported {kot.__file__}")
    return env, found.stdout.strip(), added


def stale_files(kot_file: str) -> list[str]:
    """Source files of the working tree that differ from the kot being measured (an old `pip install .`)."""
    measured, tree = Path(kot_file).resolve().parent, ROOT / "kot"
    if measured == tree.resolve() or not tree.is_dir():
        return []
    out = []
    for path in sorted(tree.rglob("*.py")):
        other = measured / path.relative_to(tree)
        if not other.is_file() or other.read_bytes() != path.read_bytes():
            out.append(str(path.relative_to(ROOT)))
    return out


def stale_bytecode(kot_file: str, env: dict[str, str]) -> list[str]:
    """kot modules a child compiles on every run: no up-to-date .pyc while PYTHONDONTWRITEBYTECODE is set."""
    if not env.get("PYTHONDONTWRITEBYTECODE"):
        return []  # the warm-up rounds write any missing .pyc
    package = Path(kot_file).resolve().parent
    out = []
    for path in sorted(package.rglob("*.py")):
        try:
            header = Path(importlib.util.cache_from_source(str(path))).read_bytes()[:16]
        except OSError:
            header = b""
        stat = path.stat()
        fresh = (
            header[:4] == importlib.util.MAGIC_NUMBER
            and (
                int.from_bytes(header[4:8], "little") & 1  # hash-based: checked by content, not by mtime
                or (
                    int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
                    and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF
                )
            )
        )
        if not fresh:
            out.append(str(path.relative_to(package.parent)))
    return out


def run_once(argv: list[str], cwd: Path, env: dict[str, str], check: Callable[[str], None] | None) -> tuple[float, int]:
    """Wall time and peak memory (max RSS, KB) of one run; SystemExit on a failure or a bad output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[1:])} exited {child.returncode}:\n{err.read().decode()[-2000:]}")
        if check:
            out.seek(0)
            text = out.read().decode("utf-8")
            try:
                check(text)
            except ValueError as exc:
                raise SystemExit(f"{' '.join(argv[1:])}: unexpected output ({exc}): {text[:300]!r}") from None
    peak_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS
    return elapsed, peak_kb


def is_json(text: str) -> None:
    json.loads(text)


def has_text(text: str) -> None:
    if not text.strip():
        raise ValueError("it printed nothing")


def find_streprogen(cwd: Path, env: dict[str, str]) -> str | None:
    """streprogen's version when a subprocess can import it, else None."""
    code = "import streprogen, importlib.metadata as m; print(m.version('streprogen'))"
    found = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    return (found.stdout.strip() or "?") if found.returncode == 0 else None


def startup_commands(biglib: Path, edited: Path, families: int, streprogen: str | None) -> list[Command]:
    py = sys.executable
    plan = [py, "-m", "kot", "plan", "--goal", "knee-pain"]
    plan_json = [*plan, "--format", "json"]
    commands = [Command("floor", "dependency floor (typer, yaml, pydantic, rich)", [py, "-c", FLOOR_CODE], None)]
    if streprogen:
        label = f"streprogen {streprogen}: 8 weeks x 3 days x 7 exercises"
        commands.append(Command("streprogen", label, [py, "-W", "ignore", str(STREPROGEN_PLAN)], has_text))
    commands += [
        Command("bare", "python -c pass", [py, "-c", "pass"], None),
        Command("plan-json", "kot plan --goal knee-pain --format json, warm", plan_json, is_json),
        Command("plan-table", "kot plan --goal knee-pain (table), warm", plan, has_text),
        Command("plan-markdown", "kot plan --goal knee-pain --format markdown, warm", [*plan, "-f", "md"], has_text),
        Command("plan-json-cold", "kot plan ... --format json, cold (empty cache)", plan_json, is_json, "cold"),
        Command("plan-json-no-cache", "kot plan ... --format json, KOT_NO_CACHE=1", plan_json, is_json, "off"),
        Command(
            "list",
            "kot exercises list --format json, warm",
            [py, "-m", "kot", "exercises", "list", "--format", "json"],
            is_json,
        ),
        Command(
            "plan-json-biglib",
            f"kot plan ... --format json -L biglib ({families:,} families), warm",
            [*plan_json, "-L", str(biglib)],
            is_json,
        ),
        Command(
            "validate-builtin", "kot validate (the built-in library)", [py, "-m", "kot", "validate"], has_text, "cold"
        ),
        Command(
            "validate-biglib",
            f"kot validate biglib ({families:,} families), first run: every file read",
            [py, "-m", "kot", "validate", str(biglib)],
            has_text,
            "cold",
        ),
        Command(
            "validate-biglib-warm",
            f"kot validate biglib ({families:,} families), nothing changed since",
            [py, "-m", "kot", "validate", str(biglib)],
            has_text,
        ),
        Command(
            "validate-biglib-edit",
            f"kot validate biglib ({families:,} families), one family edited since",
            [py, "-m", "kot", "validate", str(edited)],
            has_text,
            "edit",
        ),
    ]
    return commands


def edit_one(library: Path, round_no: int) -> None:
    """What a coach does between two runs of `kot validate`: change one family's description (it stays valid)."""
    path = min((library / "exercises").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    marker = "(edited in round "
    if marker in text:
        text = text[: text.index(marker)] + text[text.index(")", text.index(marker)) + 1 :]
    path.write_text(text.replace("\ndescription: ", f"\ndescription: {marker}{round_no}) ", 1), encoding="utf-8")


def validate_goal(families: int, builtin_s: float) -> float:
    """VALIDATE_SECONDS at FULL_FAMILIES; for another size, the built-in validation plus the same share of
    the rest (`kot validate` of 300 families still pays kot's start-up and the built-in library in full)."""
    return builtin_s + (VALIDATE_SECONDS - builtin_s) * families / FULL_FAMILIES


def startup(runs: int, warmups: int, source: bool, biglib: Path, families: int) -> tuple[list[Row], dict]:
    with tempfile.TemporaryDirectory(prefix="kot-bench-") as tmp:
        cwd, home, caches = Path(tmp, "cwd"), Path(tmp, "home"), Path(tmp, "cache")
        for folder in (cwd, home, caches):
            folder.mkdir()
        env, kot_file, added = subprocess_env(cwd, source, home)
        say(f"generating {families} exercise families in {biglib}")
        # in a subprocess: this process stays small, see peak_note
        subprocess.run(
            [sys.executable, str(BIGLIB), str(biglib), str(families)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        edited = Path(tmp, "biglib-edited")  # its own copy: an edit must not make the other rows read files
        shutil.copytree(biglib, edited)
        streprogen = find_streprogen(cwd, env)
        commands = startup_commands(biglib, edited, families, streprogen)
        before = stale_bytecode(kot_file, env)
        for warning in install_warnings(kot_file, stale_files(kot_file), before):
            say(f"WARNING: {warning}")
        say(
            f"start-up: {warmups} warm-up + {runs} timed rounds of {len(commands)} commands (kot: {kot_file}; "
            f"streprogen: {streprogen or 'not installed'})"
        )
        for round_no in range(warmups + runs):
            say(f"  round {round_no + 1}/{warmups + runs}{' (warm-up)' if round_no < warmups else ''}")
            # round-robin, so that drift in machine load hits every command alike
            for command in commands:
                cache = caches / command.key
                if command.cache == "cold" or not cache.exists():
                    shutil.rmtree(cache, ignore_errors=True)
                    cache.mkdir()
                child_env = {**env, "KOT_CACHE_DIR": str(cache)}
                if command.cache == "off":
                    child_env["KOT_NO_CACHE"] = "1"
                if command.cache == "edit":
                    edit_one(edited, round_no)
                elapsed, peak_kb = run_once(command.argv, cwd, child_env, command.check if round_no == 0 else None)
                if round_no >= warmups:
                    command.samples.append(elapsed)
                    command.peaks_kb.append(peak_kb)
        notes = [note] if (note := peak_note(commands)) else []
        if not any((caches / "plan-json").iterdir()):
            notes.append("KOT_CACHE_DIR stayed empty: this kot keeps no snapshot, so warm = cold = no cache")
        if any((caches / "plan-json-no-cache").iterdir()):
            notes.append("KOT_NO_CACHE=1 still wrote into KOT_CACHE_DIR")
        if any(cwd.iterdir()):
            notes.append(f"a command wrote into its working folder: {sorted(p.name for p in cwd.iterdir())}")
        if not streprogen:
            notes.append(
                "streprogen is not installed (pip install streprogen): its rows are skipped, its goal not counted"
            )
        stale = stale_files(kot_file)
        bytecode = sorted({*before, *stale_bytecode(kot_file, env)})  # kot may change while the bench runs
        meta = {
            "kot_file": kot_file,
            "pythonpath_added": added,
            "stale_files": stale,
            "stale_bytecode": bytecode,
            "warnings": install_warnings(kot_file, stale, bytecode),
            "streprogen": streprogen,
            "cache_written": any((caches / "plan-json").iterdir()),
            "bench_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "notes": notes,
        }
    return startup_rows({c.key: c for c in commands}, runs, warmups, families), meta


def install_warnings(kot_file: str, stale: list[str], bytecode: list[str]) -> list[str]:
    warnings = []
    if stale:
        warnings.append(
            f"the measured kot ({kot_file}) differs from the working tree in {len(stale)} files "
            f"({', '.join(stale)}); reinstall, or pass --source to measure the working tree"
        )
    if bytecode:
        warnings.append(
            f"PYTHONDONTWRITEBYTECODE is set and {len(bytecode)} kot modules have no up-to-date .pyc "
            f"({', '.join(bytecode[:3])}{', ...' if len(bytecode) > 3 else ''}): every run compiles them, so "
            f"kot's times are too high; run `python -m compileall -f -q {Path(kot_file).parent}` first"
        )
    return warnings


def peak_note(commands: list[Command]) -> str:
    """A child's max RSS counts the pages it shared with this process until its exec, so a command whose
    peak is not above this process's own was measured too high."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    capped = [c.key for c in commands if c.peaks_kb and min(c.peaks_kb) <= own]
    if not capped:
        return ""
    return f"peak memory of {', '.join(capped)} may be too high: not above the bench's own ({fmt_kb(own)})"


def startup_rows(commands: dict[str, Command], runs: int, warmups: int, families: int) -> list[Row]:
    med = {key: statistics.median(c.samples) for key, c in commands.items()}
    peak = {key: statistics.median(c.peaks_kb) for key, c in commands.items()}

    def paired(key: str, base: str) -> float:
        """The median of each round's ratio: the two ran back to back, so drift between rounds cancels."""
        return statistics.median(a / b for a, b in zip(commands[key].samples, commands[base].samples, strict=True))

    section = (
        f"Start-up, subprocess (median of {runs}, after {warmups} warm-up{'s' if warmups != 1 else ''}; "
        "warm: the cache the warm-ups filled)"
    )

    def row(key: str, compare: str = "", goal: str = "", ok: bool | None = None, **extra) -> Row:
        c = commands[key]
        extra = {
            "ratio_to_floor": round(paired(key, "floor"), 3),
            "peak_kb": peak[key],
            "samples_kb": c.peaks_kb,
            **extra,
        }
        return Row(section, c.label, med[key], compare, goal, ok, c.samples, extra, key)

    def versus_floor(key: str, goal: float | None = None, today: str = "") -> Row:
        ratio = paired(key, "floor")
        if goal is None:
            return row(key, f"{ratio:.2f} x floor")
        return row(key, f"{ratio:.2f} x floor", f"<= {goal} x floor{today}", ratio <= goal, goal_ratio=goal)

    rows = [row("floor"), versus_floor("bare")]
    if "streprogen" in commands:
        rows.append(versus_floor("streprogen"))
    rows += [versus_floor("plan-json", PLAN_JSON_RATIO), versus_floor("plan-table", PLAN_TABLE_RATIO)]
    rows.append(versus_floor("plan-markdown"))

    def versus(key: str, base: str, name: str, goal: float, label: str) -> Row:
        ratio = paired(key, base)
        return Row(
            section,
            label,
            None,
            f"{ratio:.2f} x {name}",
            f"<= {goal} x",
            ratio <= goal,
            extra={"ratio": round(ratio, 3), "goal_ratio": goal},
            key=f"{key}-vs-{base}",
        )

    rows.append(versus("plan-json", "bare", "python -c pass", BARE_PYTHON_RATIO, "kot plan json (warm) / python"))
    against = (
        ("plan-json", STREPROGEN_RATIO, "kot plan json (warm) / streprogen"),
        ("plan-table", TABLE_STREPROGEN_RATIO, "kot plan table (warm) / streprogen"),
        ("plan-markdown", MARKDOWN_STREPROGEN_RATIO, "kot plan markdown (warm) / streprogen"),
    )
    if "streprogen" in commands:
        rows += [versus(key, "streprogen", "streprogen", goal, label) for key, goal, label in against]
    else:
        note = "skipped: pip install streprogen"
        rows.append(Row(section, "streprogen: 8 weeks x 3 days x 7 exercises", None, note, key="streprogen"))
        rows += [Row(section, label, None, note, key=f"{key}-vs-streprogen") for key, _, label in against]
    rows += [
        versus_floor("plan-json-cold", TODAY_COLD_RATIO, " (today)")
        if TODAY_COLD_RATIO
        else versus_floor("plan-json-cold"),
        versus_floor("plan-json-no-cache", TODAY_NO_CACHE_RATIO, " (today)"),
        versus_floor("list"),
    ]
    adds = statistics.median(
        (big - plain) / floor
        for big, plain, floor in zip(
            commands["plan-json-biglib"].samples, commands["plan-json"].samples, commands["floor"].samples, strict=True
        )
    )
    goal_adds = BIGLIB_ADDS * families / FULL_FAMILIES
    rows.append(
        row(
            "plan-json-biglib",
            f"adds {adds:.2f} x floor to the plain plan",
            f"<= {goal_adds:.2f} x floor" + ("" if families == FULL_FAMILIES else " (scaled)"),
            adds <= goal_adds,
            adds_floors=round(adds, 3),
            goal_adds=goal_adds,
        )
    )
    rows.append(versus_floor("validate-builtin"))
    per_family = (med["validate-biglib"] - med["validate-builtin"]) / families
    rows.append(
        row(
            "validate-biglib",
            f"{per_family * 1000:.2f} ms per family over built-in",
            f"no goal (before the shared snapshot: {VALIDATE_BEFORE_SECONDS} s)",
            None,
            per_family_s=per_family,
        )
    )
    goal = validate_goal(families, med["validate-builtin"])
    for key in ("validate-biglib-warm", "validate-biglib-edit"):
        rows.append(
            row(
                key,
                f"{med[key] / med['validate-biglib']:.2f} x the first run",
                f"< {fmt_time(goal)}" + ("" if families == FULL_FAMILIES else " (scaled)"),
                med[key] < goal,
                goal_s=round(goal, 4),
            )
        )
    kb, floor_kb = peak["plan-json"], peak["floor"]
    rows.append(
        Row(
            section,
            "peak memory (max RSS), kot plan json, warm",
            None,
            f"{kb / floor_kb:.2f} x floor ({fmt_kb(floor_kb)})",
            f"<= {fmt_kb(TODAY_PEAK_KB)} (today)" if TODAY_PEAK_KB else "",
            kb <= TODAY_PEAK_KB if TODAY_PEAK_KB else None,
            extra={"peak_kb": kb, "samples_kb": commands["plan-json"].peaks_kb, "today_kb": TODAY_PEAK_KB},
            key="plan-json-peak-rss",
            shown=fmt_kb(kb),
        )
    )
    return rows


# --- in-process ----------------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    samples, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples, result


def big_plan(lib_dir: Path, repeat: int, weeks_list: tuple[int, ...]) -> list[Row]:
    from kot.generator import PlanRequest, build_program
    from kot.library import load_library
    from kot.output import to_text

    load_library(use_env=False)  # imports, pydantic schema build and yaml warm-up stay out of the timings
    library = load_library([lib_dir], use_env=False)

    def request(weeks: int) -> PlanRequest:
        return PlanRequest(goal="knee-pain", pain=2, weeks=weeks, days=7, minutes=60, equipment=KIT)

    def build(weeks: int):
        library.__dict__.pop("version", None)  # a fresh library's content hash, as every `kot plan` pays it
        return build_program(request(weeks), library)

    def load_and_build(weeks: int):
        return build_program(request(weeks), load_library([lib_dir], use_env=False))

    section = (
        f"Big plan: knee-pain, pain 2, 7 days x 60 min, 8 kit items, {len(library.families):,} families "
        f"(median of {repeat})"
    )
    rows: list[Row] = []
    per_week: dict[int, float] = {}
    program = None
    for weeks in weeks_list:
        say(f"big plan: {weeks} weeks")
        med, samples, program = timed(lambda weeks=weeks: build(weeks), repeat)
        per_week[weeks] = med / weeks
        last = weeks == max(weeks_list)
        rows.append(
            Row(
                section,
                f"build_program, {weeks} weeks",
                med,
                f"{fmt_time(med / weeks)} per week",
                f"< {fmt_time(BUILD_52_SECONDS)}" if last else "",
                med < BUILD_52_SECONDS if last else None,
                samples,
                {"weeks": weeks, "per_week_s": med / weeks},
                key=f"build-{weeks}",
            )
        )
        # load dominates, so fewer runs keep the whole benchmark short
        med, samples, _ = timed(lambda weeks=weeks: load_and_build(weeks), max(1, repeat - 2))
        rows.append(
            Row(
                section,
                f"load_library + build_program, {weeks} weeks",
                med,
                "",
                "",
                None,
                samples,
                {"weeks": weeks},
                key=f"load-build-{weeks}",
            )
        )
    med, samples, _ = timed(lambda: (library.__dict__.pop("version", None), library.version), repeat)
    rows.append(
        Row(
            section,
            "library.version alone (content hash, paid once per build)",
            med,
            "",
            "",
            None,
            samples,
            key="library-version",
        )
    )
    lo, hi = min(weeks_list), max(weeks_list)
    if lo != hi:
        ratio = per_week[hi] / per_week[lo]
        marginal = (per_week[hi] * hi - per_week[lo] * lo) / (hi - lo)
        rows.append(
            Row(
                section,
                f"linearity: per-week time at {hi} / at {lo} weeks",
                None,
                f"{ratio:.2f} (marginal {fmt_time(marginal)}/week)",
                f"<= {LINEARITY}",
                ratio <= LINEARITY,
                extra={"ratio": round(ratio, 3), "marginal_per_week_s": marginal},
                key="linearity",
            )
        )
    assert program is not None
    for fmt in ("json", "markdown"):
        say(f"render: {fmt}")
        med, samples, text = timed(lambda fmt=fmt: to_text("plan", fmt, program), repeat)
        rows.append(
            Row(
                section,
                f"render {hi} weeks to {fmt}",
                med,
                f"{len(text) / 1e6:.1f} MB",
                "",
                None,
                samples,
                {"chars": len(text)},
                key=f"render-{fmt}",
            )
        )
    return rows


# --- output ----------------------------------------------------------------------------------------------


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    ms = seconds * 1000
    return f"{ms:.3g} ms" if ms < 100 else f"{ms:.0f} ms"


def fmt_kb(kb: float) -> str:
    return f"{kb / 1024:.1f} MiB"


def marker(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


def print_table(rows: list[Row], header: str) -> None:
    cells = [(r.label, fmt_time(r.median_s) or r.shown, r.compare, r.goal, marker(r.ok)) for r in rows]
    titles = ("", "median", "compare", "goal", "result")
    widths = [max(len(c[i]) for c in [*cells, titles]) for i in range(5)]
    widths[0] += 2

    def line(parts: tuple[str, ...]) -> str:
        label, med, compare, goal, result = parts
        return (
            f"{label:<{widths[0]}}  {med:>{widths[1]}}  {compare:<{widths[2]}}  {goal:<{widths[3]}}  {result}"
        ).rstrip()

    print(header)
    section = None
    for row, cell in zip(rows, cells, strict=True):
        if row.section != section:
            section = row.section
            print()
            print(line((section, *titles[1:])) if len(section) <= widths[0] else section)
            if len(section) > widths[0]:
                print(line(("", *titles[1:])))
        print(line(("  " + cell[0], *cell[1:])))
    missed = [r for r in rows if r.ok is False]
    print()
    print(
        f"{sum(r.ok is True for r in rows)} PASS, {len(missed)} MISS"
        + (": " + "; ".join(r.label.strip() for r in missed) if missed else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="timed start-up rounds (default 15; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller library (goals scaled by size)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead of the table")
    parser.add_argument(
        "--families", type=int, help=f"extra exercise families to generate (default {FULL_FAMILIES}; 300 with --quick)"
    )
    parser.add_argument(
        "--source",
        action="store_true",
        help=f"measure the working tree ({ROOT}) even when kot is installed (PYTHONPATH=repo root)",
    )
    parser.add_argument("--startup-only", action="store_true", help="the start-up section alone (no big plan)")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 15)
    warmups = 1 if args.quick else 2
    families = args.families or (300 if args.quick else FULL_FAMILIES)
    repeat = 3 if args.quick else 5
    if runs < 1 or families < 1:
        parser.error("--runs and --families must be at least 1")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kot-bench-lib-") as tmp:
        lib_dir = Path(tmp, "biglib")
        rows, meta = startup(runs, warmups, args.source, lib_dir, families)
        if not args.startup_only:
            # in-process, load_library parses the YAML as before: no snapshot, and never the user's cache folder
            os.environ.update(KOT_NO_CACHE="1", KOT_CACHE_DIR=str(Path(tmp, "cache")))
            rows += big_plan(lib_dir, repeat, (13, 26, 52))
    total = time.perf_counter() - started

    source = ", PYTHONPATH=repo root" if meta["pythonpath_added"] else ""
    header = (
        f"kot {kot.__version__} benchmarks (kot from {Path(meta['kot_file']).parent}{source}); "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs{', --quick' if args.quick else ''}; "
        f"took {total:.0f} s"
    )
    header += "".join(f"\nWARNING: {warning}" for warning in meta["warnings"])
    header += "".join(f"\nnote: {note}" for note in meta["notes"])
    if args.json:
        json.dump(
            {
                "kot_version": kot.__version__,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "quick": args.quick,
                "startup_only": args.startup_only,
                "runs": runs,
                "warmups": warmups,
                "families": families,
                "seconds_total": round(total, 2),
                "today": {
                    "cold_ratio": TODAY_COLD_RATIO,
                    "no_cache_ratio": TODAY_NO_CACHE_RATIO,
                    "peak_kb": TODAY_PEAK_KB,
                },
                **meta,
                "rows": [asdict(r) for r in rows],
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print_table(rows, header)
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
