"""What each field of a library or plan file means, in a coach's words: the hover help an editor with the
YAML language server shows, through the JSON Schemas (`kot schema`, schemas/).

Why a table here, not `Field(description=...)` on every model field: most fields are plain (an id, a name),
and this keeps model.py about types and limits. A description given on the model itself wins; this fills
in every field that has none. A test holds every field of every shipped schema to having one.
"""

from __future__ import annotations

from typing import Any

# model (class) name -> field -> description
FIELDS: dict[str, dict[str, str]] = {
    "ExerciseFamily": {
        "id": "this family's id, kebab-case (my-raise): goals name it in prefer, and the file is named after it",
        "name": "the exercise's name as people see it, e.g. Tibialis raise",
        "category": "the kind of work: which session slots the family can fill (lower-leg, knee-dominant, ...)",
        "pattern": "the movement pattern, kebab-case (ankle-dorsiflexion): families of one pattern are not "
        "prescribed together",
        "description": "one or two sentences on what it trains and why, shown with the family",
        "aliases": "other names people use for it (tib raise): shown, and found by search",
        "sources": "where its numbers come from (books, programs, studies)",
        "levels": "the ladder, easiest first: a level is prescribed only when the one before it is mastered",
    },
    "LadderLevel": {
        "id": "this level's id, kebab-case, unique in the library (wall-tibialis-raise)",
        "name": "the level's name as people see it, e.g. Wall tibialis raise, feet close",
        "dosage": "sets, reps or seconds (a number or a [low, high] range), tempo and rest of this level",
        "impact": "true for jumping and landing: only prescribed at pain 0-2",
        "single_leg": "true when one leg works at a time",
        "knee_demand": "how hard the level works the knee: none, low, moderate, high or end-range (deep "
        "flexion); the pain rules limit the higher ones",
        "load": "bodyweight, or the kind of external load (dumbbell, barbell, sled, ...)",
        "contraction": "isotonic (moving), isometric (holding still) or eccentric (lowering): isometric holds "
        "ease pain",
        "cues": "how to do it: one to six short coaching cues, shown with every prescription",
        "sources": "where this level's numbers come from",
    },
    "Dosage": {
        "sets": "sets per session: a number, or [low, high] to progress through",
        "per_side": "true when the dose is for each side (each leg)",
        "rest_seconds": "rest between sets, in seconds",
    },
    "GoalTemplate": {
        "retest_weeks": "when to retest, and which tests",
        "daily_steps_target": "a daily steps target that grows week by week toward a goal",
        "daily_practice": "short practice on the days without a session",
        "id": "this goal's id, kebab-case (my-knee): kot plan --goal uses it",
        "name": "the goal's name as people see it, e.g. Knee pain",
        "description": "what the plan is for, in one or two sentences",
        "default_weeks": "the plan's length when --weeks is not given (1-52)",
        "phases": "the plan's phases in order, each a share of its weeks",
        "slots": "the session's places for exercises, in ground-up order: each names a category and the "
        "families to try first",
        "must_include_each_week": "categories every week must train (a list inside means any one of them)",
        "daily": "family ids done in every session, whatever the slots hold",
        "knee_days": "how many sessions a week carry knee strength work",
        "plyometrics": "whether jumps are allowed, from which week and at which pain bands",
        "progression": "how fast doses grow, how often levels step up and how often a week is lighter",
        "education": "short notes on why the plan is built this way, shown with it",
        "min_strength_days": "the fewest sessions a week with strength work",
    },
    "Phase": {
        "name": "the phase's name, e.g. Settle and groove",
        "share": "its share of the plan's weeks, from above 0 to 1",
        "focus": "what the phase is about, in a few words",
    },
    "Slot": {"category": "the category of the family that fills it (lower-leg, knee-dominant, hip, ...)"},
    "Plyometrics": {
        "allowed": "true when this goal may prescribe jumps (never above pain 2)",
        "earliest_week": "the first week jumps may appear (3 or later)",
        "bands": "the pain bands at which jumps are allowed (green: pain 0-2)",
    },
    "KneeDays": {
        "min": "the fewest sessions a week with knee strength work",
        "max": "the most sessions a week with knee strength work",
    },
    "Program": {
        "stage_gates": "conditions on check-ins that unlock work, and whether each has opened",
        "kot_version": "the kot that wrote the plan",
        "format_version": "the version of this file format (a newer kot reads older ones)",
        "checkins_applied": "how many check-ins the current revision was adapted to",
        "status": "ok for a plan (a refusal is never saved)",
        "goal_name": "the goal's name, as shown",
        "pain_band": "the pain rules the plan follows: green (pain 0-2), yellow (3-4) or orange (5-6)",
        "pain_assumed": "true when --pain was not given and the goal's assumed pain was used",
        "pain_rules": "the pain rules, as shown with the plan",
        "education": "why the plan is built this way, as shown",
        "disclaimer": "the closing note: not medical advice",
        "clinician_advice": "advice to see a physiotherapist, when the pain band calls for it",
        "inputs": "what the plan was asked for: goal, pain, weeks, days, minutes, equipment, level",
        "assumptions": "what the plan assumed and left out, in plain words",
        "library_version": "a hash of the library that built it",
        "weeks": "every week of the plan, its sessions and their prescriptions",
    },
    "Inputs": {
        "goal": "the goal id (--goal)",
        "pain": "worst everyday knee pain over the last 7 days, 0-10 (--pain)",
        "weeks": "the plan's length in weeks (--weeks)",
        "days": "training days a week (--days)",
        "minutes": "time per session in minutes (--minutes)",
        "equipment": "equipment ids beyond the household items (--equipment)",
        "level": "where on each ladder it started: beginner, intermediate or advanced (--level)",
        "symptoms": "red-flag symptoms given (any one refuses a plan, so a saved plan has none)",
    },
    "Week": {
        "number": "the week's number, from 1",
        "phase": "the phase the week belongs to",
        "deload": "true for a lighter week (about half the sets)",
        "sessions": "the week's sessions, by day",
    },
    "Session": {
        "day": "the session's number in the week (day 1, 2, ...)",
        "title": "what the session holds, in a few words",
        "estimated_minutes": "about how long it takes, in minutes",
        "items": "the exercises, in order, each with its dose",
    },
    "Criterion": {
        "sets": "the sets the level's move-up criterion asks for",
        "reps": "the reps per set it asks for (empty for timed work)",
        "seconds": "the seconds per set it asks for (empty for reps)",
    },
    "StageGate": {"id": "this gate's id, kebab-case, unique in the goal"},
    "DailyStepsTarget": {"source": "where the target comes from"},
    "DailyPractice": {"source": "where the practice dose comes from"},
    "GateState": {
        "id": "the gate's id, from the goal",
        "name": "what the gate opens, in plain words",
        "from_week": "the earliest week the unlocked work may start",
    },
    # placement tests (library tests/ files) and assessments (kot assess -o FILE)
    "PlacementTest": {
        "id": "this test's id, kebab-case: goals, assessments and other tests name it",
        "code": "its short code, T and a number (T1), as the test card shows it",
        "name": "the test's name as people see it",
        "order": "its place in a battery of tests (1 first)",
        "knee_loading": "true when the test loads the knee (then it asks the pain during it)",
        "kit": "what is needed to do it",
        "minutes": "about how long it takes, in minutes",
        "min_age": "the youngest age it is meant for",
        "steps": "how to do it, step by step",
        "stop_when": "when to stop the test at once",
        "record": "what to write down: the unit, the range, per side or not",
        "norms": "reference values to compare a result with, and their sources",
        "change": "the smallest change between two results that counts",
        "places": "where a result places the families it informs: rows of result -> starting rung",
        "flags": "results that raise a flag: a note, and caps on starting rungs",
        "outcomes": "scores worked out from the result, to follow over time",
        "retest_weeks": "weeks between retests",
    },
    "Record": {
        "unit": "the unit of the result: reps, seconds, cm, score, stands, stage, pass-fail or points",
        "per_side": "true when each side is recorded on its own",
        "better": "whether a higher or a lower result is better",
    },
    "AgeMean": {
        "ages": "the age group, [from, to]",
        "men": "the mean for men of that age",
        "women": "the mean for women of that age",
        "all": "the mean for everyone of that age",
    },
    "Norm": {"text": "the norm in plain words", "source": "where it comes from"},
    "Change": {
        "kind": "mdc (minimal detectable change) or mic (minimal important change)",
        "source": "where the figure comes from",
    },
    "Row": {
        "rung": "the starting rung (level) this row places at",
        "at_least": "the row holds for a result at least this",
        "at_most": "the row holds for a result at most this",
        "pain_at_most": "the row holds only if the pain during the test was at most this (0-10)",
        "bands": "the pain bands the row holds in (all when left out)",
        "reason": "why this result places here, in plain words",
    },
    "Places": {"family": "the family the result places", "rows": "result rows, from the easiest rung up"},
    "Flag": {
        "id": "this flag's id, kebab-case",
        "below": "raised for a result below this",
        "at_least": "raised for a result at least this",
        "sides_apart_more_than": "raised when left and right differ by more than this",
        "text": "what the flag tells the person, in plain words",
    },
    "Outcome": {
        "id": "this outcome's id, kebab-case",
        "name": "its name as people see it",
        "range": "[lowest, highest] the score may be",
        "better": "whether a higher or a lower score is better",
        "change": "the smallest change that counts",
    },
    "BandNote": {"note": "what to know about doing the test in this pain band"},
    "Assessment": {
        "kind": "assessment",
        "kot_version": "the kot that wrote it",
        "goal": "the goal the tests were chosen for",
        "date": "the day of the tests, written 2026-12-03 in quotes",
        "usual_pain": "worst everyday knee pain over the last 7 days, 0-10",
        "band": "the pain band that pain falls in: green (0-2), yellow (3-4) or orange (5-6)",
        "screening": "the safety questions asked before the tests",
        "results": "each test's result",
        "outcomes": "the scores worked out from the results",
        "placements": "where each family starts, and which test placed it",
        "flags": "the flags the results raised",
        "week1_orange": "true when a knee-loading test hurt above the ceiling: week 1 follows the gentle rules",
        "notes": "notes, in plain words",
    },
    "Screening": {
        "symptoms": "red-flag symptoms answered yes (any one stops the tests)",
        "age": "the person's age, for the norms and the safety of some tests",
        "fell": "true after a fall in the last year",
        "osteoporosis": "true with osteoporosis",
        "alone": "true when no one is there to stand beside the person",
    },
    "Result": {
        "test": "the test's id",
        "value": "the result (when not per side)",
        "left": "the left side's result",
        "right": "the right side's result",
        "stopped": "true when the test was stopped early (the result counts as far as it went)",
        "skipped": "true when the test was not done",
        "counts": "false for a result that must not place or score (a test done outside its limits)",
    },
    "Placement": {
        "family": "the family placed",
        "rung": "the rung (level number) it starts on",
        "level": "the level's id",
        "dose": "the starting dose, as shown",
        "reason": "why it starts there, in plain words",
        "test": "the test that placed it",
        "knee_loading": "true when the placing test loads the knee",
    },
    "RaisedFlag": {
        "id": "the flag's id",
        "test": "the test that raised it",
        "text": "what it tells the person",
        "caps": "family -> the highest rung it may start on",
    },
    "OutcomeScore": {"id": "the outcome's id", "value": "the score"},
    "Item": {
        "exercise": "the family's id",
        "level": "the level's id",
        "name": "the level's name",
        "family_name": "the family's name",
        "level_number": "the level's place on the family's ladder (1 is the easiest)",
        "category": "the family's category",
        "block": "the part of the session it is in: warm-up, power, strength or mobility",
        "sets": "sets to do",
        "reps": "reps per set (or foot contacts for jumps); empty for timed work",
        "seconds": "seconds per set for timed work; empty for reps",
        "tempo": "seconds to lower, pause and rise (a fourth number: pause at the top)",
        "rest_seconds": "rest between sets, in seconds",
        "per_side": "true when the dose is for each side",
        "load": "bodyweight, or the kind of external load",
        "equipment": "the equipment it needs",
        "impact": "true for jumping and landing",
        "max_pain": "the highest pain at which this level may be prescribed",
        "knee_demand": "how hard it works the knee: none, low, moderate, high or end-range",
        "cues": "how to do it",
        "media": "links to videos of it",
        "why": "the rules that chose this prescription (kot show --explain)",
    },
}


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with a description on every property that lacks one and is known here (in place)."""
    models = [(schema.get("title", ""), schema)] + list(schema.get("$defs", {}).items())
    for name, node in models:
        known = FIELDS.get(name, {})
        for field, prop in node.get("properties", {}).items():
            if "description" not in prop and field in known:
                prop["description"] = known[field]
    return schema
