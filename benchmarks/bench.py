"""Benchmarks for kot: start-up against the dependency floor, validation at scale, and a big plan.

    python benchmarks/bench.py            # full run, about a minute on a 2-core machine
    python benchmarks/bench.py --quick    # fewer runs, smaller library
    python benchmarks/bench.py --json     # machine-readable results on stdout
    python benchmarks/bench.py --source   # the working tree, even when an (older) kot is installed

A script, not a test: it prints one table of medians with a PASS/MISS marker against each goal
(docs: shared style.md, "Start-up time"). Stdlib only, plus kot itself. Subprocesses use this same Python,
run in an empty temp folder with NO_COLOR=1 and COLUMNS=100, and get PYTHONPATH=<repo root> only when
`import kot` would fail there, so an installed kot is measured as installed. Progress goes to stderr;
the exit status is 1 when any goal is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if "--source" in sys.argv[1:]:
    sys.path.insert(0, str(ROOT))
try:
    import kot
except ImportError:  # run from a checkout without installing: use the source tree
    sys.path.insert(1, str(ROOT))
    import kot

from biglib import make_library  # noqa: E402 - benchmarks/ is sys.path[0] when run as a script

FLOOR_CODE = (
    "import typer, yaml; from pydantic import BaseModel; from rich.console import Console; from rich.table import Table"
)
KIT = ("sled", "band", "dumbbell", "box", "bench", "slant-board", "tib-bar", "nordic-anchor")
FULL_FAMILIES = 2000

# goals
LIST_RATIO = 1.2
PLAN_RATIO = 1.3
LOAD_SECONDS = 1.0  # for FULL_FAMILIES extra families; scaled by size in --quick
BUILD_52_SECONDS = 1.5
LINEARITY = 1.25  # (time per week at 52 weeks) / (time per week at 13 weeks); above means worse than linear


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


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- start-up ----------------------------------------------------------------------------------------


def subprocess_env(cwd: Path, source: bool) -> tuple[dict[str, str], str, bool]:
    """The child environment, where kot comes from, and whether PYTHONPATH had to be added."""
    env = dict(os.environ)
    env.pop("KOT_LIBRARY", None)
    env.update(NO_COLOR="1", COLUMNS="100")
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


def run_once(argv: list[str], cwd: Path, env: dict[str, str], check: Callable[[str], None] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[1:])} exited {done.returncode}:\n{done.stderr[-2000:]}")
    if check:
        check(done.stdout)
    return elapsed


def is_json(text: str) -> None:
    json.loads(text)


def has_text(text: str) -> None:
    if not text.strip():
        raise SystemExit("the plan table printed nothing")


def startup(runs: int, warmups: int, source: bool) -> tuple[list[Row], dict]:
    py = sys.executable
    commands = {
        "floor": ([py, "-c", FLOOR_CODE], None),
        "list": ([py, "-m", "kot", "exercises", "list", "--format", "json"], is_json),
        "plan": ([py, "-m", "kot", "plan", "--goal", "knee-pain"], has_text),
        "plan-json": ([py, "-m", "kot", "plan", "--goal", "knee-pain", "--format", "json"], is_json),
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="kot-bench-cwd-") as tmp:
        cwd = Path(tmp)
        env, kot_file, added = subprocess_env(cwd, source)
        say(f"start-up: {warmups} warm-up + {runs} timed rounds of {len(commands)} commands (kot: {kot_file})")
        for round_no in range(warmups + runs):
            # round-robin, so that drift in machine load hits every command alike
            for name, (argv, check) in commands.items():
                elapsed = run_once(argv, cwd, env, check if round_no == 0 else None)
                if round_no >= warmups:
                    samples[name].append(elapsed)
    med = {name: statistics.median(values) for name, values in samples.items()}
    floor = med["floor"]
    section = f"Start-up, subprocess (median of {runs}, after {warmups} warm-up{'s' if warmups != 1 else ''})"

    def versus(name: str, label: str, goal: float) -> Row:
        ratio = med[name] / floor
        return Row(
            section,
            label,
            med[name],
            f"{ratio:.2f} x floor",
            f"<= {goal} x",
            ratio <= goal,
            samples[name],
            {"ratio": round(ratio, 3), "goal_ratio": goal},
        )

    rows = [
        Row(section, "dependency floor (typer, yaml, pydantic, rich)", floor, samples=samples["floor"]),
        versus("list", "kot exercises list --format json", LIST_RATIO),
        versus("plan", "kot plan --goal knee-pain (table)", PLAN_RATIO),
        versus("plan-json", "kot plan --goal knee-pain --format json", PLAN_RATIO),
    ]
    return rows, {"kot_file": kot_file, "pythonpath_added": added, "stale_files": stale_files(kot_file)}


# --- in-process ----------------------------------------------------------------------------------------


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, list[float], object]:
    samples, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), samples, result


def validation(lib_dir: Path, families: int, repeat: int) -> tuple[list[Row], object]:
    from kot.library import load_library

    load_library(use_env=False)  # imports, pydantic schema build and yaml warm-up stay out of the timing
    say(f"validation: load_library of {families} extra families, {repeat} runs")
    med, samples, library = timed(lambda: load_library([lib_dir], use_env=False), repeat)
    files = len(library.files)
    goal = LOAD_SECONDS * families / FULL_FAMILIES
    section = f"Validation at scale, in-process (median of {repeat})"
    label = f"load_library: {len(library.families):,} families + {len(library.templates)} goals"
    return [
        Row(
            section,
            label,
            med,
            f"{files / med:,.0f} files/s",
            f"< {fmt_time(goal)}",
            med < goal,
            samples,
            {"files": files, "files_per_s": round(files / med, 1), "goal_s": goal},
        )
    ], library


def big_plan(lib_dir: Path, library, repeat: int, weeks_list: tuple[int, ...]) -> list[Row]:
    from kot.generator import PlanRequest, build_program
    from kot.library import load_library
    from kot.output import to_text

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
            )
        )
        # load dominates, so fewer runs keep the whole benchmark short
        med, samples, _ = timed(lambda weeks=weeks: load_and_build(weeks), max(1, repeat - 2))
        rows.append(
            Row(section, f"load_library + build_program, {weeks} weeks", med, "", "", None, samples, {"weeks": weeks})
        )
    med, samples, _ = timed(lambda: (library.__dict__.pop("version", None), library.version), repeat)
    rows.append(Row(section, "library.version alone (content hash, paid once per build)", med, "", "", None, samples))
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


def marker(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


def print_table(rows: list[Row], header: str) -> None:
    cells = [(r.label, fmt_time(r.median_s), r.compare, r.goal, marker(r.ok)) for r in rows]
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
    parser.add_argument("--runs", type=int, help="timed start-up runs per command (default 15; 5 with --quick)")
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
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 15)
    warmups = 1 if args.quick else 2
    families = args.families or (300 if args.quick else FULL_FAMILIES)
    repeat = 3 if args.quick else 5
    if runs < 1 or families < 1:
        parser.error("--runs and --families must be at least 1")

    started = time.perf_counter()
    rows, meta = startup(runs, warmups, args.source)
    if meta["stale_files"]:
        say(
            f"WARNING: the measured kot ({meta['kot_file']}) differs from the working tree in "
            f"{', '.join(meta['stale_files'])}; reinstall, or pass --source to measure the working tree"
        )
    with tempfile.TemporaryDirectory(prefix="kot-bench-lib-") as tmp:
        lib_dir = Path(tmp)
        say(f"generating {families} exercise families in {lib_dir}")
        make_library(lib_dir, families)
        found, library = validation(lib_dir, families, repeat)
        rows += found
        rows += big_plan(lib_dir, library, repeat, (13, 26, 52))
    total = time.perf_counter() - started

    source = ", PYTHONPATH=repo root" if meta["pythonpath_added"] else ""
    header = (
        f"kot {kot.__version__} benchmarks (kot from {Path(meta['kot_file']).parent}{source}); "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs{', --quick' if args.quick else ''}; "
        f"took {total:.0f} s"
    )
    if meta["stale_files"]:
        header += (
            f"\nWARNING: measuring an installed kot that differs from the working tree in "
            f"{len(meta['stale_files'])} files ({', '.join(meta['stale_files'])}); pass --source for the tree"
        )
    if args.json:
        json.dump(
            {
                "kot_version": kot.__version__,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "quick": args.quick,
                "runs": runs,
                "warmups": warmups,
                "families": families,
                "seconds_total": round(total, 2),
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
