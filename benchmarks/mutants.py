# ruff: noqa: E501 - a table of one-line source edits reads best one per line
"""A time-boxed mutation run over the rule core (issue 17): each mutant changes one boundary, counter or
rule choice in kot/rules/, kot/progression.py, kot/adapt.py or kot/checkins.py; the fast rule tests must
fail for every one. Run: python benchmarks/mutants.py [--tests 'tests/test_x.py ...'].

Prints each mutant as killed or SURVIVED and the kill rate. The source is restored after each mutant."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = (
    "tests/test_boundaries.py tests/test_progression.py tests/test_rules.py tests/test_adaptation.py "
    "tests/test_programs.py tests/test_checkin_loop.py tests/test_generator_properties.py"
)

# (file, text, replacement): each text must occur exactly once.
MUTANTS = [
    (
        "kot/rules/pain.py",
        "    if pain <= GREEN_MAX_PAIN:\n        return PainBand.green",
        "    if pain < GREEN_MAX_PAIN:\n        return PainBand.green",
    ),
    (
        "kot/rules/pain.py",
        "    if pain < ORANGE_MIN_PAIN:\n        return PainBand.yellow",
        "    if pain <= ORANGE_MIN_PAIN:\n        return PainBand.yellow",
    ),
    (
        "kot/rules/pain.py",
        "    if pain < RED_MIN_PAIN:\n        return PainBand.orange",
        "    if pain <= RED_MIN_PAIN:\n        return PainBand.orange",
    ),
    (
        "kot/rules/pain.py",
        "    return pain <= max(TARGET_PAIN, usual) and pain <= CEILING_PAIN",
        "    return pain <= max(TARGET_PAIN, usual)",
    ),
    (
        "kot/rules/pain.py",
        "    return pain <= max(TARGET_PAIN, usual) and pain <= CEILING_PAIN",
        "    return pain < max(TARGET_PAIN, usual) and pain <= CEILING_PAIN",
    ),
    (
        "kot/rules/pain.py",
        "    return pain > CEILING_PAIN and pain > usual",
        "    return pain >= CEILING_PAIN and pain > usual",
    ),
    (
        "kot/rules/pain.py",
        "    return pain > CEILING_PAIN and pain > usual",
        "    return pain > CEILING_PAIN and pain >= usual",
    ),
    ("kot/rules/pain.py", "    return pain >= RED_MIN_PAIN\n", "    return pain > RED_MIN_PAIN\n"),
    (
        "kot/rules/pain.py",
        "next_morning >= usual + REGRESS_MORNING_ABOVE_USUAL",
        "next_morning > usual + REGRESS_MORNING_ABOVE_USUAL",
    ),
    (
        "kot/rules/pain.py",
        "    if next_morning >= usual + HOLD_MORNING_ABOVE_USUAL:",
        "    if next_morning > usual + HOLD_MORNING_ABOVE_USUAL:",
    ),
    ("kot/rules/pain.py", '    if status == "partial":', '    if status == "partialx":'),
    (
        "kot/rules/pain.py",
        "    if next_morning is None:\n        return Verdict(Action.hold",
        "    if False:\n        return Verdict(Action.hold",
    ),
    (
        "kot/rules/dosing.py",
        "    return dose.sets <= 1 and dose.amount <= (FLOOR_REPS if dose.reps is not None else FLOOR_SECONDS)",
        "    return dose.sets <= 1 and dose.amount < (FLOOR_REPS if dose.reps is not None else FLOOR_SECONDS)",
    ),
    (
        "kot/rules/dosing.py",
        "    if index > 0:\n        return index - 1, step_dose",
        "    if index > 1:\n        return index - 1, step_dose",
    ),
    (
        "kot/rules/dosing.py",
        "    return dose.sets >= target.sets and dose.amount >= target.amount",
        "    return dose.sets >= target.sets and dose.amount >= target.amount - 1",
    ),
    (
        "kot/rules/dosing.py",
        "    return dose.sets >= target.sets and dose.amount >= target.amount",
        "    return dose.amount >= target.amount",
    ),
    (
        "kot/rules/levels.py",
        "    nxt = index + 1\n",
        "    nxt = index + 2 if index + 2 < len(family.levels) else index + 1\n",
    ),
    ("kot/rules/weeks.py", "    if weeks_on_level < min_weeks:", "    if weeks_on_level < min_weeks - 1:"),
    ("kot/rules/weeks.py", "last_step_week == week - 1:", "last_step_week == week - 2:"),
    (
        "kot/rules/weeks.py",
        "    return steps < MAX_STEPS_PER_WEEK and not (knee and knee_steps >= MAX_KNEE_STEPS_PER_WEEK)",
        "    return steps <= MAX_STEPS_PER_WEEK and not (knee and knee_steps >= MAX_KNEE_STEPS_PER_WEEK)",
    ),
    (
        "kot/rules/weeks.py",
        "    return steps < MAX_STEPS_PER_WEEK and not (knee and knee_steps >= MAX_KNEE_STEPS_PER_WEEK)",
        "    return steps < MAX_STEPS_PER_WEEK",
    ),
    (
        "kot/rules/weeks.py",
        "    return family.category not in KNEE_CATEGORIES and family.category is not Category.locomotion",
        "    return family.category is not Category.locomotion",
    ),
    (
        "kot/rules/weeks.py",
        "    if band is PainBand.orange and week <= ORANGE_SETTLE_WEEKS:",
        "    if band is PainBand.orange and week < ORANGE_SETTLE_WEEKS:",
    ),
    (
        "kot/rules/weeks.py",
        "        return WeekKind.deload if weeks >= GREEN_DELOAD_MIN_WEEKS and week != weeks else WeekKind.normal",
        "        return WeekKind.deload if weeks >= GREEN_DELOAD_MIN_WEEKS else WeekKind.normal",
    ),
    # `> 240` would be an equivalent mutant: 240 s halved is held at 240 s either way
    (
        "kot/rules/dosing.py",
        "    if dose.seconds is not None and dose.seconds >= 240:",
        "    if dose.seconds is not None and dose.seconds >= 360:",
    ),
    (
        "kot/rules/levels.py",
        "        if index > HARD_LEVEL_INDEX:\n            return Blocked(Rule.yellow_knee_cap",
        "        if index > HARD_LEVEL_INDEX + 1:\n            return Blocked(Rule.yellow_knee_cap",
    ),
    (
        "kot/rules/levels.py",
        "    if KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.low]:",
        "    if KNEE_DEMAND_ORDER[level.knee_demand] <= KNEE_DEMAND_ORDER[KneeDemand.moderate]:",
    ),
    ("kot/rules/levels.py", "    if level.max_pain < pain:", "    if level.max_pain < pain - 1:"),
    (
        "kot/rules/levels.py",
        "    if level.impact and band is not PainBand.green:",
        "    if level.impact and band is PainBand.orange:",
    ),
    (
        "kot/rules/dosing.py",
        "    while dose.reps is not None and contacts(dose) > most:",
        "    while dose.reps is not None and contacts(dose) > most + 10:",
    ),
    ("kot/progression.py", "        track.weeks_on_level = 1\n", "        track.weeks_on_level = 0\n"),
    (
        "kot/progression.py",
        "    elif kind is not WeekKind.deload:\n        track.weeks_on_level += 1",
        "    else:\n        track.weeks_on_level += 1",
    ),
    (
        "kot/progression.py",
        "        if track.top_weeks >= rules.MAINTENANCE_AFTER_WEEKS:",
        "        if track.top_weeks > rules.MAINTENANCE_AFTER_WEEKS:",
    ),
    (
        "kot/progression.py",
        "                    if rules.steps_for_time(track.family) and track.time_holds >= rules.TIME_HOLD_WEEKS:",
        "                    if track.time_holds >= rules.TIME_HOLD_WEEKS:",
    ),
    ("kot/progression.py", "        if not self.calm and track.knee:", "        if False:"),
    ("kot/progression.py", "        limit = last * (1 + rules.MAX_WEEKLY_GROWTH)", "        limit = last * 2"),
    ("kot/progression.py", "        sessions = 1 if track.family.ramp else None", "        sessions = None"),
    (
        "kot/progression.py",
        "            if track.jumps and self.week == track.start_week and not track.seeded:",
        "            if False:",
    ),
    (
        "kot/progression.py",
        "        for track in sorted(self.criterion_met, key=lambda t: (-t.waiting, -t.weeks_on_level, t.importance)):",
        "        for track in sorted(self.criterion_met, key=lambda t: t.importance):",
    ),
    (
        "kot/adapt.py",
        "    causes = named or [fid for fid in [last_stepped_up(program, last.week)] if fid in verdicts]",
        "    causes = named",
    ),
    (
        "kot/adapt.py",
        "    causes = named or [fid for fid in [last_stepped_up(program, last.week)] if fid in verdicts]",
        "    causes = list(verdicts)",
    ),
    (
        "kot/adapt.py",
        "now >= before + rules.WORSE_WEEK and now > usual[week]",
        "now > before + rules.WORSE_WEEK and now > usual[week]",
    ),
    (
        "kot/adapt.py",
        "    escalated = regress_streak(reviews) >= rules.ESCALATE_REGRESS_WEEKS",
        "    escalated = regress_streak(reviews) > rules.ESCALATE_REGRESS_WEEKS",
    ),
    (
        "kot/adapt.py",
        "or last.high_mornings >= rules.ESCALATE_SESSIONS",
        "or last.high_mornings > rules.ESCALATE_SESSIONS",
    ),
    (
        "kot/adapt.py",
        "                    high += c.next_morning >= rules.ESCALATE_MORNING",
        "                    high += c.next_morning > rules.ESCALATE_MORNING",
    ),
    ("kot/adapt.py", "    if streak >= rules.STOP_REGRESS_WEEKS:", "    if streak > rules.STOP_REGRESS_WEEKS:"),
    ("kot/adapt.py", "        if worst >= rules.RED_MIN_PAIN:", "        if worst > rules.RED_MIN_PAIN:"),
    ("kot/adapt.py", "    if len(missed) == rules.MISSED_WEEKS:", "    if len(missed) > rules.MISSED_WEEKS:"),
    (
        "kot/adapt.py",
        "    if len(reviews) >= 2 and settled and max(r.usual for r in reviews[-2:]) < now:",
        "    if settled and max(r.usual for r in reviews[-2:]) < now:",
    ),
    (
        "kot/adapt.py",
        "                if item.category is Category.knee_isometric:  # the pain-easing hold is never the suspect\n                    continue",
        "                pass",
    ),
]


def run(tests: str) -> bool:
    """True when the tests pass (the mutant survived)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *tests.split()],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tests", default=TESTS)
    parser.add_argument("--minutes", type=float, default=60)
    args = parser.parse_args()
    start = time.monotonic()
    killed = survived = 0
    for n, (file, text, new) in enumerate(MUTANTS, 1):
        if time.monotonic() - start > args.minutes * 60:
            print(f"time box reached after {n - 1} mutants")
            break
        path = ROOT / file
        source = path.read_text(encoding="utf-8")
        assert source.count(text) == 1, f"mutant {n} does not match once in {file}: {text!r}"
        path.write_text(source.replace(text, new), encoding="utf-8")
        try:
            alive = run(args.tests)
        finally:
            path.write_text(source, encoding="utf-8")
        killed += not alive
        survived += alive
        print(f"{n:2} {'SURVIVED' if alive else 'killed  '} {file}: {text.strip().splitlines()[0][:90]}", flush=True)
    total = killed + survived
    print(f"{killed} of {total} mutants killed ({killed / total:.0%})")


if __name__ == "__main__":
    main()
