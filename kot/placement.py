"""Placement self-tests: screening, the goal's battery, results -> starting rungs (capped), flags, retests.

Pure (no I/O): the CLI asks, this decides. The tests, their norms and mappings are data (placement-tests/*.yaml);
what lives here are the rules of the whole assessment (shared/clinical.md A.1, A.5 and decisions 1, 7, 8,
9, 10): the screening, the pass condition, the caps, next-morning confirmation, and what counts as change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from kot import __version__, rules, wording
from kot.errors import KotError, PlanRefused, UsageError, did_you_mean
from kot.library import Library
from kot.model import Category, Equipment, ExerciseFamily, Load, PainBand
from kot.testcards import (
    AgeMean,
    Assessment,
    Change,
    Outcome,
    OutcomeScore,
    Placement,
    PlacementTest,
    RaisedFlag,
    Result,
    Row,
    Screening,
)

# --- screening (decision 10, A.1) ------------------------------------------------------------------------

DOCTOR = "See a doctor before any assessment or exercise program; come back when they have cleared you."
# Symptoms asked before any test, beyond the plan's red flags: each refuses the assessment.
SCREEN_SYMPTOMS: dict[str, tuple[str, str]] = {
    "chest-pain": ("chest pain on exertion", "See a doctor before any exercise testing."),
    "dizziness": ("dizziness or breathlessness on exertion", "See a doctor before any exercise testing."),
    "weight-loss": ("cancer or unexplained weight loss", DOCTOR),
    "fever": ("a fever", DOCTOR),
    "long-morning-stiffness": ("morning stiffness that lasts over 30 minutes", DOCTOR),
    "rapid-worsening": ("a knee that is getting worse quickly", DOCTOR),
}
SYMPTOMS = tuple(dict.fromkeys((*rules.RED_FLAGS, *SCREEN_SYMPTOMS)))
OLDER = 60  # decision 7: tests that need a helper say so at this age, or after a fall

# Decision 1 and A.5: what a self-test may never place.
KNEE_TEST_CAP = 3  # knee-dominant work: never above rung 3 from a test
PASS_PAIN = 3  # a result counts with pain during at most max(3, usual) ...
CEILING = 5  # ... and never above 5; above 5 in any test makes week 1 orange
MORNING_RISE = 2  # next morning this much above usual: knee-test placements drop one rung


def check_symptoms(values: Iterable[str]) -> list[str]:
    out = []
    for value in values:
        if value not in SYMPTOMS:
            raise UsageError(
                f"unknown symptom '{value}'{did_you_mean(value, SYMPTOMS)}. Choices: {', '.join(SYMPTOMS)}",
                option="symptom",
            )
        out.append(value)
    return sorted(set(out))


def screen(pain: int, symptoms: Sequence[str]) -> None:
    """Refuse the assessment (exit 3, whom to see) for a red flag, a screening symptom or pain 7+."""
    reasons, advice = rules.red_flag_findings([s for s in symptoms if s in rules.RED_FLAGS])
    for s in sorted(set(symptoms)):
        if s in SCREEN_SYMPTOMS and s not in rules.RED_FLAGS:
            label, whom = SCREEN_SYMPTOMS[s]
            reasons.append(f"screen:{s}: you reported {label}.")
            advice.append(whom)
    if rules.pain_band(pain) is PainBand.red:
        reasons.append(f"pain-red-band: usual pain {pain}/10 is too high for self-testing (7 or more).")
        advice.append("See a physiotherapist or doctor; come back when everyday pain is 6/10 or less.")
    if reasons:
        raise PlanRefused(
            reasons, " ".join(dict.fromkeys(advice)) + " No assessment was made.", "Assessment refused for safety."
        )


# --- the battery ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A test in a person's battery: whether the goal requires it, and what to say before it."""

    test: PlacementTest
    required: bool
    notes: tuple[str, ...] = ()
    skip: str | None = None  # why it is skipped (nobody beside you)


def find_test(library: Library, test_id: str) -> PlacementTest:
    tests = library.tests
    if test_id not in tests:
        raise UsageError(
            f"unknown test '{test_id}'{did_you_mean(test_id, tests)}. Tests: {', '.join(tests)}", option="test"
        )
    return tests[test_id]


def ordered(library: Library) -> list[PlacementTest]:
    return sorted(library.tests.values(), key=lambda t: (t.order, t.id))


def untested(goal: str) -> str:
    """What to do for a goal no placement test covers (a coach's own goal, say)."""
    return (
        f"no placement test covers the goal '{goal}' (a test lists the goals it serves under goals:); "
        f"start from a declared level instead: kot plan -g {goal} --level beginner"
    )


def battery(library: Library, goal: str, pain: int, screening: Screening) -> list[Slot]:
    """The goal's tests allowed in this band, in the order of A.1 (non-knee first), with helper notes.
    Tests with `min_age` come in only at that age (or when `or_below` holds: see `wanted`)."""
    band = rules.pain_band(pain)
    out = []
    for test in ordered(library):
        use = test.goals.get(goal)
        if use is None or band not in test.bands:
            continue
        notes = []
        note = test.bands[band].note
        if note:
            notes.append(note)
        skip = None
        risky = (screening.age or 0) >= OLDER or screening.fell
        if test.helper and risky:
            notes.append("Only with someone beside you.")
            if screening.alone:
                skip = "nobody is beside you: do it another day with someone there"
        out.append(Slot(test, use == "required", tuple(notes), skip))
    return out


def wanted(slot: Slot, screening: Screening, results: Mapping[str, Result]) -> bool:
    """A test with `min_age` is done at that age, or when another test's result is below its `or_below`."""
    test = slot.test
    if test.min_age is None:
        return True
    if screening.age is not None and screening.age >= test.min_age:
        return True
    for other, limit in (test.or_below or {}).items():
        result = results.get(other)
        if result is not None and not result.stopped and (value := worst(result, None)) is not None:
            if value < limit:
                return True
    return False


# --- results -------------------------------------------------------------------------------------------


def describe_record(test: PlacementTest) -> str:
    r = test.record
    sides = " each side, as left,right" if r.per_side else ""
    return f"{r.unit} {r.range[0]}-{r.range[1]}{sides}, or stopped"


def parse_value(test: PlacementTest, text: str, pain: int | None = None, band: PainBand | None = None) -> Result:
    """A result as typed: a number, `L,R` for a per-side test, or `stopped`. UsageError says what is wanted."""
    raw = text.strip().lower()
    if raw == "stopped":
        return Result(test=test.id, stopped=True, pain=pain, counts=False)
    record = test.record
    parts = [p.strip() for p in raw.split(",")]
    low, high = record.range
    if band is not None and band in test.bands and test.bands[band].at_most is not None:
        high = min(high, test.bands[band].at_most)  # type: ignore[type-var]
    numbers = []
    for part in parts:
        unit = part.removesuffix(record.unit).removesuffix("s").strip() if part else part
        if not (unit.isascii() and unit.isdigit() and len(unit) <= 4):
            raise UsageError(
                f"{test.id}: '{text}' is not a result: write {_expect(test)}",
                option="result",
            )
        numbers.append(int(unit))
    if record.per_side and len(numbers) != 2:
        raise UsageError(
            f"{test.id} is done on each side: write two numbers, left,right (such as {low + (high - low) // 2},"
            f"{low + (high - low) // 2}), not '{text}'",
            option="result",
        )
    if not record.per_side and len(numbers) != 1:
        raise UsageError(f"{test.id} takes one number ({record.unit}), not '{text}'", option="result")
    for n in numbers:
        if not low <= n <= high:
            raise UsageError(
                f"{test.id}: {n} is outside {low}-{high} {record.unit}"
                + (" (the most this pain band allows)" if high < record.range[1] else ""),
                option="result",
            )
    if record.per_side:
        return Result(test=test.id, left=numbers[0], right=numbers[1], pain=pain)
    return Result(test=test.id, value=numbers[0], pain=pain)


def _expect(test: PlacementTest) -> str:
    r = test.record
    if r.per_side:
        return f"two whole numbers left,right in {r.unit} ({r.range[0]}-{r.range[1]} each), or 'stopped'"
    return f"a whole number of {r.unit} ({r.range[0]}-{r.range[1]}), or 'stopped'"


def worst(result: Result, test: PlacementTest | None) -> int | None:
    """The one number a result places by: the weaker side of a per-side test."""
    if result.value is not None:
        return result.value
    if result.left is None or result.right is None:
        return None
    lower_better = test is not None and test.record.better == "lower"
    return max(result.left, result.right) if lower_better else min(result.left, result.right)


def counts(result: Result, usual: int) -> bool:
    """A.1 pass: a result counts only if the pain during stayed at most max(3, usual) and at most 5."""
    if result.stopped:
        return False
    return result.pain is None or result.pain <= min(max(PASS_PAIN, usual), CEILING)


def mean_for(means: Sequence[AgeMean], age: int | None) -> int | None:
    """The age group's mean; of men's and women's, the higher (kot does not ask sex: the stricter bar)."""
    if age is None:
        return None
    for m in means:
        if m.ages[0] <= age <= m.ages[1]:
            values = [v for v in (m.men, m.women, m.all) if v is not None]
            return max(values) if values else None
    return None


def _norm_mean(test: PlacementTest, age: int | None) -> int | None:
    for norm in test.norms:
        if norm.means:
            return mean_for(norm.means, age)
    return None


# --- placing --------------------------------------------------------------------------------------------

EVERYTHING = frozenset(Equipment)


def cap(
    family: ExerciseFamily, rung: int, pain: int, kit: frozenset[Equipment] = EVERYTHING
) -> tuple[int | None, list[str]]:
    """The rung a test may place a family on (1-based), with why it is lower: never above rung 3 on
    knee-dominant work, never on added load, never above what the pain band allows, and with missing kit
    the nearest rung below that needs none (never up). None: no rung at or below is allowed."""
    why = []
    index = min(rung, len(family.levels)) - 1
    if family.category is Category.knee_dominant and index + 1 > KNEE_TEST_CAP:
        index = KNEE_TEST_CAP - 1
        why.append(f"a self-test places knee strength no higher than level {KNEE_TEST_CAP}")
    while index >= 0:
        level = family.levels[index]
        block = rules.level_block(family, index, pain, kit)
        if level.load is Load.external:
            why.append(f"level {index + 1} adds weight, never placed from a test")
        elif block is not None:
            why.append(f"level {index + 1} {block}")
        else:
            return index + 1, why
        index -= 1
    return None, why


def place_row(
    test: PlacementTest, rows: Sequence[Row], value: int, pain: int | None, band: PainBand, age: int | None
) -> Row | None:
    """The last row whose conditions all hold (rows run from the easiest)."""
    mean = _norm_mean(test, age)
    chosen = None
    for row in rows:
        if row.at_least is not None and value < row.at_least:
            continue
        if row.at_most is not None and value > row.at_most:
            continue
        if row.pain_at_most is not None and (pain is None or pain > row.pain_at_most):
            continue
        if row.above_mean and (mean is None or value < mean):
            continue
        if row.bands is not None and band not in row.bands:
            continue
        chosen = row
    return chosen


def raised_flags(test: PlacementTest, result: Result, age: int | None) -> list[RaisedFlag]:
    if result.stopped or result.skipped:
        return []
    value = worst(result, test)
    if value is None:
        return []
    out = []
    mean = _norm_mean(test, age)
    for flag in test.flags:
        hit = (flag.below is not None and value < flag.below) or (flag.at_least is not None and value >= flag.at_least)
        if flag.sides_apart_more_than is not None and result.left is not None and result.right is not None:
            hit = hit or abs(result.left - result.right) > flag.sides_apart_more_than
        if flag.below_mean and mean is not None and value < mean:
            hit = True
        if hit:
            out.append(RaisedFlag(id=flag.id, test=test.id, text=" ".join(flag.text.split()), caps=dict(flag.caps)))
    return out


def dose_words(family: ExerciseFamily, rung: int) -> str:
    d = rules.start_dose(family.levels[rung - 1].dosage)
    return wording.dose_text(d.sets, d.reps, d.seconds, d.per_side)


@dataclass
class Answers:
    """Everything an assessment is made from."""

    goal: str
    pain: int
    screening: Screening
    results: list[Result] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    date: str = ""


def assess(library: Library, answers: Answers) -> Assessment:
    """Screen, then turn results into placements (capped), flags and notes: the assessment file's content."""
    screen(answers.pain, answers.screening.symptoms)
    if answers.goal not in library.templates:
        choices = sorted(library.templates)
        raise UsageError(f"unknown goal '{answers.goal}'{did_you_mean(answers.goal, choices)}", option="goal")
    band = rules.pain_band(answers.pain)
    if not any(answers.goal in t.goals for t in library.tests.values()):
        raise UsageError(untested(answers.goal), option="goal")
    allowed = {s.test.id: s for s in battery(library, answers.goal, answers.pain, answers.screening)}
    results: list[Result] = []
    seen = set()
    for result in answers.results:
        test = find_test(library, result.test)
        if result.test in seen:
            raise UsageError(f"{result.test} is given twice", option="result")
        seen.add(result.test)
        if test.id not in allowed:
            why = (
                f"is not done at pain {answers.pain}/10"
                if test.goals.get(answers.goal)
                else f"is not one of the {answers.goal} tests"
            )
            raise UsageError(f"{test.id} {why}: leave it out", option="result")
        if allowed[test.id].skip and not result.skipped:
            raise UsageError(f"{test.id}: {allowed[test.id].skip}", option="result")
        results.append(replace(result, counts=counts(result, answers.pain)))
    outcomes = check_outcomes(library, answers.outcomes)
    placements, flags, notes = place_all(library, answers.goal, answers.pain, answers.screening, results)
    week1_orange = any(r.pain is not None and r.pain > CEILING for r in results)
    if answers.screening.osteoporosis:
        notes.append(rules.CAUTIONS["osteoporosis"].note)
    return Assessment(
        kind="assessment",
        kot_version=__version__,
        goal=answers.goal,
        date=answers.date or dt.date.today().isoformat(),
        usual_pain=answers.pain,
        band=band,
        screening=answers.screening,
        results=results,
        outcomes=[OutcomeScore(id=k, value=v) for k, v in outcomes.items()],
        placements=placements,
        flags=flags,
        week1_orange=week1_orange,
        notes=notes,
    )


def outcome_defs(library: Library) -> dict[str, Outcome]:
    return {o.id: o for t in ordered(library) for o in t.outcomes}


def check_outcomes(library: Library, given: Mapping[str, int]) -> dict[str, int]:
    known = outcome_defs(library)
    for oid, value in given.items():
        if oid not in known:
            raise UsageError(f"unknown outcome '{oid}'{did_you_mean(oid, known)}", option="outcome")
        low, high = known[oid].range
        if not low <= value <= high:
            raise UsageError(f"{oid}: {value} is outside {low}-{high}", option="outcome")
    return dict(given)


def place_all(
    library: Library, goal: str, pain: int, screening: Screening, results: Sequence[Result]
) -> tuple[list[Placement], list[RaisedFlag], list[str]]:
    band = rules.pain_band(pain)
    tests = library.tests
    flags: list[RaisedFlag] = []
    for result in results:
        flags += raised_flags(tests[result.test], result, screening.age)
    caps: dict[str, tuple[int, str]] = {}
    for flag in flags:
        for fid, rung in flag.caps.items():
            if fid not in caps or rung < caps[fid][0]:
                caps[fid] = (rung, flag.id)
    chosen: dict[str, Placement] = {}
    for result in sorted(results, key=lambda r: tests[r.test].order):
        test = tests[result.test]
        if result.skipped:
            continue
        value = worst(result, test)
        for places in test.places:
            family = library.families.get(places.family)
            if family is None:
                continue
            if result.stopped:
                rung, reason = 1, f"{test.name}: stopped for pain, so level 1"
            elif not result.counts:
                rung, reason = 1, f"{test.name}: pain {result.pain}/10 during the test, so level 1"
            else:
                row = place_row(test, places.rows, value, result.pain, band, screening.age)  # type: ignore[arg-type]
                if row is None:
                    continue
                rung, reason = row.rung, f"{test.name} {_shown(result, test)}: {row.reason}"
                painless = place_row(test, places.rows, value, 0, band, screening.age)  # type: ignore[arg-type]
                if result.pain is None and painless is not None and painless.rung > row.rung:
                    reason = (
                        f"{test.name} {_shown(result, test)}, with no pain during it given (--during "
                        f"{test.id}=N), placed as if it hurt: {row.reason}"
                    )
            if places.family in caps and rung > caps[places.family][0]:
                rung = caps[places.family][0]
                reason += f"; {caps[places.family][1]} keeps it at level {rung}"
            placed, why = cap(family, rung, pain)
            if placed is None:
                continue
            if placed < rung:
                reason += f"; level {placed}: {why[-1]}"
            previous = chosen.get(places.family)
            if previous is not None and previous.rung <= placed:
                continue
            chosen[places.family] = Placement(
                family=family.id,
                rung=placed,
                level=family.levels[placed - 1].id,
                dose=dose_words(family, placed),
                reason=reason,
                test=test.id,
                knee_loading=test.knee_loading,
            )
    return list(chosen.values()), flags, []


def _shown(result: Result, test: PlacementTest) -> str:
    unit = test.record.unit
    if result.left is not None:
        return f"{result.left} left, {result.right} right ({unit})"
    return f"{result.value} {unit}"


# --- next morning ---------------------------------------------------------------------------------------


def confirm(library: Library, assessment: Assessment, morning: int) -> Assessment:
    """A.1: next-morning pain 2 or more above usual drops every family a knee-loading test placed one rung."""
    if assessment.next_morning is not None:
        raise KotError(
            f"the next morning is already entered ({assessment.next_morning}/10) for the assessment of "
            f"{assessment.date}"
        )
    placements = list(assessment.placements)
    notes = list(assessment.notes)
    if morning >= assessment.usual_pain + MORNING_RISE:
        dropped = []
        for i, p in enumerate(placements):
            if p.knee_loading and p.rung > 1:
                family = library.families.get(p.family)
                if family is None:
                    continue
                rung = p.rung - 1
                placements[i] = replace(
                    p,
                    rung=rung,
                    level=family.levels[rung - 1].id,
                    dose=dose_words(family, rung),
                    reason=p.reason + f"; one level lower: next morning {morning}/10",
                )
                dropped.append(family.name)
        notes.append(
            f"Next morning {morning}/10, {MORNING_RISE} or more above usual: the knee tests' placements went one "
            "level down" + (f" ({', '.join(dropped)})." if dropped else " (none was above level 1).")
        )
    return replace(assessment, next_morning=morning, placements=placements, notes=notes)


# --- change over time (decision 8) -----------------------------------------------------------------------

BETTER, SAME, WORSE = "better", "no clear change", "worse"
AT_TOP = "at the top of the test"  # the best result the test records, twice: no change is possible


def change_word(change: Change, better: str, before: int, now: int) -> str:
    diff = now - before
    if abs(diff) < change.counts_from:
        return SAME
    return BETTER if (diff > 0) == (better == "higher") else WORSE


def see_physio(words: Sequence[str]) -> bool:
    """Decision 9: a worse retest, or two retests in a row without change beyond the MDC."""
    if WORSE in words:
        return True
    return any(a == SAME and b == SAME for a, b in zip(words, words[1:], strict=False))


def retest_weeks(library: Library, goal: str, weeks: int) -> list[int]:
    """The weeks at whose end the goal's tests are done again (the battery's shortest interval)."""
    every = min((t.retest_weeks for t in ordered(library) if t.goals.get(goal) == "required"), default=4)
    return list(range(every, weeks + 1, every))


# --- an assessment file read back ------------------------------------------------------------------------


def check_file(library: Library, assessment: Assessment, goal: str | None) -> list[tuple[tuple, str]]:
    """Problems of a (perhaps hand-edited) assessment against the library: (path in the file, message)."""
    found: list[tuple[tuple, str]] = []
    tests = library.tests
    if goal is not None and assessment.goal != goal:
        found.append(
            (
                ("goal",),
                f"this assessment is for the goal '{assessment.goal}', not '{goal}': assess again with "
                f"-g {goal}, or plan with --goal {assessment.goal}",
            )
        )
    if assessment.goal not in library.templates:
        found.append((("goal",), f"unknown goal '{assessment.goal}'{did_you_mean(assessment.goal, library.templates)}"))
    if assessment.band is not rules.pain_band(assessment.usual_pain):
        found.append(
            (
                ("band",),
                f"usual pain {assessment.usual_pain} is in the {rules.pain_band(assessment.usual_pain).value} band",
            )
        )
    for i, r in enumerate(assessment.results):
        if r.test not in tests:
            found.append((("results", i, "test"), f"unknown test '{r.test}'{did_you_mean(r.test, tests)}"))
            continue
        test = tests[r.test]
        low, high = test.record.range
        if test.record.per_side and r.value is not None:
            found.append((("results", i, "value"), f"{r.test} is done on each side: give left and right"))
        if not test.record.per_side and (r.left is not None or r.right is not None):
            found.append((("results", i), f"{r.test} takes one value, not left and right"))
        for name in ("value", "left", "right"):
            v = getattr(r, name)
            if v is not None and not low <= v <= high:
                found.append((("results", i, name), f"{v} is outside {low}-{high} {test.record.unit}"))
    for i, p in enumerate(assessment.placements):
        family = library.families.get(p.family)
        if family is None:
            found.append(
                (
                    ("placements", i, "family"),
                    f"unknown exercise family '{p.family}'{did_you_mean(p.family, library.families)}",
                )
            )
            continue
        if p.rung > len(family.levels):
            found.append((("placements", i, "rung"), f"'{p.family}' has {len(family.levels)} levels, not {p.rung}"))
            continue
        top, _ = cap(family, p.rung, assessment.usual_pain)
        if top is None or top < p.rung:
            found.append(
                (
                    ("placements", i, "rung"),
                    f"level {p.rung} of '{p.family}' is above what a self-test may place"
                    + (f" (at most level {top})" if top else ""),
                )
            )
        if p.test not in tests:
            found.append((("placements", i, "test"), f"unknown test '{p.test}'{did_you_mean(p.test, tests)}"))
    return found


# --- a plan from an assessment ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPlacement:
    """What `kot plan --assessment` adds to a request: placements, the pain to plan at, and notes."""

    placed: tuple[tuple[str, int, str], ...]
    pain: int
    notes: tuple[str, ...]
    cautions: tuple[str, ...] = ()  # screening cautions every plan and revision keeps (kot.rules.cautions)


def orange_first(assessment: Assessment, pain: int) -> bool:
    """Decision 1: pain above 5 in any test makes week 1 orange (when the plan is not orange already)."""
    return assessment.week1_orange and rules.pain_band(pain) in (PainBand.green, PainBand.yellow)


def merged_flags(flags: Sequence[RaisedFlag]) -> list[str]:
    """Each flag's text, with flags of one kind that give the same advice merged into one line: "Falls risk:
    12 seconds or more; under 10 seconds on one leg. Balance work with support, ...", not the advice twice."""
    groups: dict[tuple[str, str], list[str]] = {}
    for flag in flags:
        finding, _, advice = flag.text.partition(". ")
        groups.setdefault((flag.id, advice), []).append(finding)
    out = []
    for (_, advice), findings in groups.items():
        label, _, _ = findings[0].partition(": ")
        said = [f.partition(": ")[2] if f.startswith(label + ": ") else f for f in findings]
        line = f"{label}: {'; '.join(dict.fromkeys(said))}" if len(findings) > 1 else findings[0]
        out.append(f"{line}. {advice}" if advice else line)
    return out


def cautions_of(assessment: Assessment) -> tuple[str, ...]:
    """The screening cautions a plan from this assessment keeps for good (kot.rules.cautions)."""
    found = {"osteoporosis"} if assessment.screening.osteoporosis else set()
    found |= {"falls-risk"} & {flag.id for flag in assessment.flags}
    return tuple(sorted(found))


def for_plan(library: Library, assessment: Assessment, pain: int | None, weeks: int) -> PlanPlacement:
    """The families the tests placed, and the plan's notes: week 1 orange after a test above 5/10, the flags,
    a pending next morning, and the weeks to retest."""
    usual = assessment.usual_pain if pain is None else pain
    notes = []
    placed = tuple((p.family, p.rung, p.reason) for p in assessment.placements)
    if orange_first(assessment, usual):
        notes.append(
            "A test hurt above 5/10, so week 1 keeps to the gentle pain 5-6 rules; from week 2 the plan follows "
            "your usual pain."
        )
    if assessment.next_morning is None:
        notes.append(
            "The assessment is provisional until its next-morning pain is entered: a flare that morning moves "
            "the knee tests' exercises one level down."
        )
    notes += merged_flags(assessment.flags)
    kept = cautions_of(assessment)
    # the plan prints its cautions' notes itself: an assessment's note of the same kind (its words before the
    # first colon, "Known osteoporosis"), even one an older kot wrote, is not printed twice
    printed = {rules.CAUTIONS[c].note.split(":")[0] for c in kept}
    notes += [note for note in assessment.notes if note.split(":")[0] not in printed]
    # A goal that says when to retest (its template's retest_weeks) prints its own line; others get this one.
    template = library.templates.get(assessment.goal)
    when = [] if getattr(template, "retest_weeks", None) else retest_weeks(library, assessment.goal, weeks)
    if when:
        listed = ", ".join(map(str, when[:-1])) + (" and " if len(when) > 1 else "") + str(when[-1])
        notes.append(
            f"Redo the placement tests at the end of week{'s' if len(when) > 1 else ''} {listed}, and keep the "
            "results with this plan: a change counts only beyond each test's smallest real change."
        )
    return PlanPlacement(placed, usual, tuple(notes), kept)
